"""Records as tables: one column per field, with stable names and types, both ways.

Every kind of record (:data:`ducs.model.KINDS`) has a :class:`TableSchema`: its columns in
field order (the names of docs/fixtures.md), their Table Schema types, the primary key and
the foreign keys. The schema is derived from the record classes, so a new field is a new
column without anything to keep in step.

Cells hold plain values: text, numbers, true/false, ISO dates; a list of citations is one
text cell separated by ``;`` (``"doc.txt#¶6; web-003"``); nested parts (a session's
connection points, a province's events) are JSON text. A few columns are *derived* (an
observation's ``province``, ``year``, ``period_start`` and ``period_end``; a target's
``province`` and ``deadline_end``): written for SQL engines, and checked against the fields they come from when
read back.

This module also reads table files safely: CSV (strict UTF-8, a header row, every row with
its line number) and Parquet (with the ``arrow`` extra), bounded in size like every fixture.

>>> SCHEMAS["observations"].primary_key
('key',)
>>> [c.name for c in SCHEMAS["observations"].columns][:6]
['key', 'indicator', 'value', 'period', 'sources', 'scope']
>>> SCHEMAS["observations"].column("value").type
'number'
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import enum
import json
import os
import re
import stat
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import attrs
import pendulum

from ducs.converter import get_converter
from ducs.errors import MissingExtraError, Problem
from ducs.model import KINDS, Observation, Province, RefMarker, Scope, SourceRef, Target
from ducs.model.kinds import Kind
from ducs.periods import Period, plain_date
from ducs.vocab import Direction

__all__ = [
    "BULK_SUFFIXES",
    "MAX_TABLE_BYTES",
    "SCHEMAS",
    "Column",
    "CsvRows",
    "TableSchema",
    "arrow_or_none",
    "check_file",
    "csv_lines",
    "decode_cell",
    "derived_value",
    "encode_sources",
    "import_arrow",
    "read_csv",
    "record_row",
    "same_derived",
]

MAX_TABLE_BYTES = 1024 * 1024 * 1024  # per bulk table (CSV or Parquet); fixtures in TOML keep their own limit
BULK_SUFFIXES = (".csv", ".parquet")

# --- columns ---------------------------------------------------------------------------------


class _NoDefault(enum.Enum):
    NO_DEFAULT = "no default"


NO_DEFAULT = _NoDefault.NO_DEFAULT  # a column whose field has no default: an empty cell is a missing field


@attrs.frozen
class Column:
    """One column of a table.

    ``type`` is a Table Schema type (``string``, ``integer``, ``number``, ``boolean``,
    ``date``, ``time``, ``array``, ``object``); ``encoding`` says how a cell holds the value:
    ``plain``, ``sources`` (citations separated by ``;``), ``json`` (nested parts as JSON
    text) or ``derived`` (computed from other fields; checked, never structured).
    ``required`` columns have no default in the record; ``optional`` ones may be None
    ("unknown"): an empty cell in a column that is both says the value is unknown.
    ``attribute`` is the record's attribute (a province's ``successor`` column is its
    ``successor_key``).
    """

    name: str
    type: str
    encoding: str = "plain"
    required: bool = False
    attribute: str = ""
    hint: Any = None
    enum: tuple[str, ...] = ()
    description: str = ""
    default: Any = NO_DEFAULT
    optional: bool = False

    @property
    def has_default(self) -> bool:
        """True when leaving the cell empty means the record's default."""
        return self.default is not NO_DEFAULT


@attrs.frozen
class ForeignKey:
    """A column whose values are keys of another table (``resource`` is a kind name)."""

    column: str
    resource: str
    key: str


@attrs.frozen
class TableSchema:
    """The columns of one kind of record, its primary key and its foreign keys."""

    kind: Kind
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    def column(self, name: str) -> Column:
        """The column called ``name`` (KeyError if there is none)."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in order."""
        return tuple(column.name for column in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        """Columns every table of this kind must have."""
        return tuple(column.name for column in self.columns if column.required)


_RENAMED = {(Province, "successor_key"): "successor", (Province, "predecessor_keys"): "predecessors"}
_PUBLISHED = pendulum.DateTime | pendulum.Date | None


def _optional_inner(hint: Any) -> tuple[Any, bool]:
    if get_origin(hint) in (typing.Union, types.UnionType):
        args = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(args) == 1:
            return args[0], True
    return hint, False


def _is_ref(hint: Any) -> bool:
    return get_origin(hint) is Annotated and any(isinstance(m, RefMarker) for m in get_args(hint)[1:])


def _classify(hint: Any) -> tuple[str, str, tuple[str, ...]]:
    """(Table Schema type, encoding, enum values) of a field's type."""
    if hint == _PUBLISHED:
        return "string", "plain", ()  # a date or a date-time in Vietnam time, ISO 8601
    inner, _optional = _optional_inner(hint)
    if _is_ref(inner):
        return "string", "plain", ()
    if get_origin(inner) is tuple:
        item = get_args(inner)[0]
        return ("string", "sources", ()) if item is SourceRef else ("array", "json", ())
    if attrs.has(inner) and inner not in (Scope, Period):
        return "object", "json", ()
    if inner is Direction:
        return "string", "plain", ("higher", "lower", "neutral")
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return "string", "plain", tuple(str(member.value) for member in inner)
    simple = {str: "string", bool: "boolean", int: "integer", float: "number",
              pendulum.Date: "date", pendulum.Time: "time", Period: "string", Scope: "string"}
    if inner in simple:
        return simple[inner], "plain", ()
    raise TypeError(f"no column type for {hint!r}")  # pragma: no cover - a new kind of field


_DESCRIPTIONS = {
    "sources": "citations separated by ';': '<source id>#<locator>' or '<source id>'",
    "scope": "'national', 'province:<key>' or 'agency:<name>'",
    "period": "2022, 2022-H1, 2022-Q1, 2022-04 or 2022-04-27",
    "published": "a date or an ISO date-time in Vietnam time",
}

# Derived columns per kind: (name, type, description).
_DERIVED: dict[str, tuple[tuple[str, str, str], ...]] = {
    "observations": (
        ("province", "string", "derived: the province key of a province-scoped figure"),
        ("year", "integer", "derived: the calendar year of the period"),
        ("period_start", "date", "derived: the first day of the period"),
        ("period_end", "date", "derived: the last day of the period (the as-of rule uses it)"),
    ),
    "targets": (
        ("province", "string", "derived: the province key of a province-scoped target"),
        ("deadline_end", "date", "derived: the last day of the deadline period"),
    ),
}


def _foreign_keys(kind: Kind, columns: Sequence[Column]) -> tuple[ForeignKey, ...]:
    names = {column.name for column in columns}
    found: list[ForeignKey] = []
    hints = typing.get_type_hints(kind.record, include_extras=True)
    for column in columns:
        if column.encoding != "plain" or column.attribute not in hints:
            continue
        inner, _ = _optional_inner(hints[column.attribute])
        if _is_ref(inner):
            target = get_args(inner)[0]
            other = next(k for k in KINDS if k.record is target)
            found.append(ForeignKey(column.name, other.name, other.key))
    if kind.name == "provinces":
        found.append(ForeignKey("successor", "provinces", "key"))
    if kind.record is Observation:
        found.append(ForeignKey("target", "targets", "key"))
    if kind.record is Target and "plan" in names:
        found.append(ForeignKey("plan", "plans", "year"))
    if "province" in names and kind.name in _DERIVED:
        found.append(ForeignKey("province", "provinces", "key"))
    return tuple(found)


def _schema(kind: Kind) -> TableSchema:
    hints = typing.get_type_hints(kind.record, include_extras=True)
    columns: list[Column] = []
    for field in attrs.fields(kind.record):
        if not field.init:
            continue
        name = _RENAMED.get((kind.record, field.name), field.name)
        hint = hints[field.name]
        kind_type, encoding, values = _classify(hint)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()  # pragma: no cover - no record uses a factory today
        required = default is attrs.NOTHING
        columns.append(Column(name, kind_type, encoding, required=required, attribute=field.name, hint=hint,
                              enum=values, description=_DESCRIPTIONS.get(name, ""),
                              default=NO_DEFAULT if required else default,
                              optional=type(None) in get_args(hint)))
    for name, kind_type, description in _DERIVED.get(kind.name, ()):
        columns.append(Column(name, kind_type, "derived", description=description))
    return TableSchema(kind, tuple(columns), (kind.key,), _foreign_keys(kind, columns))


SCHEMAS: Mapping[str, TableSchema] = {kind.name: _schema(kind) for kind in KINDS}


# --- records to rows -------------------------------------------------------------------------


def encode_sources(refs: Sequence[SourceRef]) -> str | None:
    """Citations as one cell: ``id#locator`` items separated by ``"; "`` (None for no citation).

    A citation is written with its source's id (never the URL), so the cell splits cleanly.

    Raises:
        ValueError: an id or locator holds ``;`` and cannot be written in one cell.
    """
    if not refs:
        return None
    items = []
    for ref in refs:
        text = f"{ref.source.id}#{ref.locator}" if ref.locator else ref.source.id
        if ";" in text:
            raise ValueError(f"the citation {text!r} holds ';' and cannot be written in a table cell")
        items.append(text)
    return "; ".join(items)


def derived_value(name: str, record: Any) -> Any:
    """The value of a derived column for a record (None when it does not apply)."""
    scope = getattr(record, "scope", None)
    if name == "province":
        return scope.province.key if scope is not None and scope.province is not None else None
    if name == "deadline_end":
        deadline: Period | None = record.deadline
        return None if deadline is None else plain_date(deadline.end)
    period: Period = record.period
    if name == "year":
        return period.start.year
    if name == "period_start":
        return plain_date(period.start)
    if name == "period_end":
        return plain_date(period.end)
    raise KeyError(name)  # pragma: no cover


def record_row(schema: TableSchema, record: Any) -> dict[str, Any]:
    """One record as a row of plain cell values (None for an empty cell), column by column.

    Dates are ``datetime.date``; JSON columns hold JSON text; citations one ``;``-separated text.
    """
    plain = get_converter().unstructure(record)
    row: dict[str, Any] = {}
    for column in schema.columns:
        if column.encoding == "derived":
            row[column.name] = derived_value(column.name, record)
            continue
        value = plain.get(column.name)
        if column.encoding == "sources":
            row[column.name] = encode_sources(getattr(record, column.attribute))
        elif column.encoding == "json":
            empty = value is None or (column.has_default and value == _plain_default(column))
            row[column.name] = None if empty else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        elif column.type == "date" and isinstance(value, str):
            row[column.name] = dt.date.fromisoformat(value)
        else:
            if column.type == "string" and value is not None and not isinstance(value, str):
                value = str(value)  # an integer key (a theme's year) referred to as text
            row[column.name] = value
    return row


def _plain_default(column: Column) -> Any:
    default = column.default
    if isinstance(default, tuple):
        return list(default)
    return default


# --- cells to fixture values -----------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_NOT_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
TRUE_WORDS = frozenset({"true", "True", "TRUE", "1"})  # the Table Schema's default true values
FALSE_WORDS = frozenset({"false", "False", "FALSE", "0"})


class CellError(ValueError):
    """A cell that cannot even be read as its column's kind of value (e.g. broken JSON)."""


ABSENT = object()  # an empty cell: the field is left out (its default applies, or it is missing)


def decode_cell(column: Column, value: Any) -> Any:
    """The fixture value a cell stands for, as a TOML file would give it to the converter.

    Empty text and nulls are :data:`ABSENT`, except in a column that is required but may be
    unknown, where they mean ``"unknown"`` (an export writes an unknown value as an empty cell). Text in a number, whole-number or true/false column
    becomes that value when it reads as one; anything else is passed on as text, so that the
    converter says what it expected in the same words as for a TOML file. JSON columns are
    parsed (:class:`CellError` if they are not JSON); citations are split on ``;``.

    >>> decode_cell(SCHEMAS["observations"].column("value"), "81.7")
    81.7
    >>> decode_cell(SCHEMAS["observations"].column("value"), "81,7")
    '81,7'
    >>> decode_cell(SCHEMAS["observations"].column("sources"), "a.txt#¶2; web-003")
    ['a.txt#¶2', 'web-003']
    """
    if value is None or value == "":
        return "unknown" if column.required and column.optional else ABSENT
    if column.encoding == "sources":
        if isinstance(value, str):
            items = [item.strip() for item in value.split(";")]
            if not all(items):
                raise CellError("an empty citation: two ';' in a row, or one at either end")
            return items
        if isinstance(value, (list, tuple)):
            return list(value)
        return value
    if column.encoding == "json":
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value, parse_constant=_no_constant)
        except (ValueError, RecursionError) as exc:
            raise CellError(f"expected JSON text ({_json_reason(exc)})") from None
    if isinstance(value, float) and column.type == "integer" and value.is_integer():
        return int(value)  # a Parquet writer that stored whole numbers as floats
    if not isinstance(value, str):
        if isinstance(value, dt.datetime) and column.type == "date":
            return value.date()
        return value
    if column.type == "number":
        if _NUMBER.fullmatch(value):
            return float(value)
        if value.strip().lower() in _NOT_FINITE:
            return float(value.strip())
        return value
    if column.type == "integer":
        return int(value) if _INTEGER.fullmatch(value) else value
    if column.type == "boolean":
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        return value
    return value


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} is not JSON")


def _json_reason(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at character {exc.pos + 1}"
    return str(exc) or type(exc).__name__


def same_derived(column: Column, cell: Any, expected: Any) -> bool:
    """True if a derived cell agrees with the value derived from the record's own fields (or is empty)."""
    if cell is None or cell == "":
        return True
    if expected is None:
        return False
    if isinstance(cell, str):
        text = cell.strip()
        return text == (expected.isoformat() if isinstance(expected, dt.date) else str(expected))
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return bool(cell == expected)


# --- reading files safely --------------------------------------------------------------------


def check_file(path: Path, root: Path, max_bytes: int, problems: list[Problem], name: str | None = None) -> Path | None:
    """The resolved path of a fixture file that may be read, or None after recording why not.

    Only a regular file inside ``root`` (symlinks resolved) of at most ``max_bytes`` bytes.
    """
    label = name or path.name
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # a dangling or looping symlink
        problems.append(Problem(label, "", f"cannot be read: {exc.__class__.__name__}", rule="file.unreadable"))
        return None
    if not real.is_relative_to(root.resolve()):
        problems.append(Problem(label, "", f"resolves to {real}, outside the fixture folder", rule="file.outside_folder"))
        return None
    try:
        info = os.stat(real)
    except OSError as exc:
        problems.append(Problem(label, "", f"cannot be read: {exc.strerror}", rule="file.unreadable"))
        return None
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block forever, a device never end
        problems.append(Problem(label, "", "not a regular file", rule="file.not_regular"))
        return None
    if info.st_size > max_bytes:
        problems.append(Problem(label, "", f"{info.st_size} bytes, more than the limit of {max_bytes}",
                                rule="file.too_large"))
        return None
    return real


class _TooLarge(Exception):
    pass


class _NotUtf8(Exception):
    def __init__(self, line: int, column: int, byte: int) -> None:
        super().__init__(line, column, byte)
        self.line, self.column, self.byte = line, column, byte


def _text_lines(handle: Any, limit: int) -> Iterator[str]:
    """The lines of a binary file as strict UTF-8 text, at most ``limit`` bytes in all.

    Lines are split on ``\n`` before decoding (no UTF-8 sequence holds that byte), so a bad
    byte is reported at its own line and column.
    """
    total = 0
    for number, raw in enumerate(handle, start=1):
        total += len(raw)
        if total > limit:  # a file that grew while it was read
            raise _TooLarge
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            good = raw[: exc.start].decode("utf-8", errors="replace")
            raise _NotUtf8(number, len(good) + 1, raw[exc.start]) from None


@attrs.define
class CsvRows:
    """The rows of a CSV table as they are read: header, then (row number, line, cells) tuples.

    File-level problems met on the way (bad bytes, broken quoting) are recorded as they come;
    reading stops at the first of those.
    """

    name: str
    header: list[str]
    rows: Iterator[tuple[int, int, list[str]]]
    handle: Any = None

    def close(self) -> None:
        """Stop reading (the rows need not be read to the end)."""
        if self.handle is not None:
            self.handle.close()


def read_csv(real: Path, name: str, max_bytes: int, problems: list[Problem]) -> CsvRows | None:
    """Open a CSV table (strict UTF-8 without BOM, a header row) to be read row by row.

    Rows are numbered from 1 after the header, blank lines skipped; each comes with the line it
    starts on. Returns None (after recording why) when even the header cannot be read.
    """
    handle = open(real, "rb")
    head = handle.read(3)
    if head == codecs.BOM_UTF8:
        problems.append(Problem(name, "", "starts with a UTF-8 byte-order mark (U+FEFF); save it without one",
                                rule="file.bom", line=1, column=1))
    handle.seek(len(codecs.BOM_UTF8) if head == codecs.BOM_UTF8 else 0)
    reader = csv.reader(_text_lines(handle, max_bytes), strict=True)
    state = {"line": 0}

    def fail(exc: BaseException) -> None:
        if isinstance(exc, _NotUtf8):
            problems.append(Problem(name, "", f"not UTF-8: byte 0x{exc.byte:02x} cannot be decoded",
                                    rule="file.not_utf8", line=exc.line, column=exc.column))
        elif isinstance(exc, _TooLarge):
            problems.append(Problem(name, "", f"more than the limit of {max_bytes} bytes", rule="file.too_large"))
        else:
            problems.append(Problem(name, "", f"not valid CSV: {exc}", rule="file.syntax", line=reader.line_num))

    def next_record() -> tuple[int, list[str]] | None:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return None
            start = state["line"] + 1
            state["line"] = reader.line_num
            if cells:
                return start, cells

    try:
        first = next_record()
    except (csv.Error, _NotUtf8, _TooLarge) as exc:
        fail(exc)
        handle.close()
        return None
    if first is None:
        problems.append(Problem(name, "", "empty: a table needs a header row", rule="table.header"))
        handle.close()
        return None

    def rows() -> Iterator[tuple[int, int, list[str]]]:
        number = 0
        try:
            while True:
                found = next_record()
                if found is None:
                    return
                number += 1
                yield number, found[0], found[1]
        except (csv.Error, _NotUtf8, _TooLarge) as exc:
            fail(exc)
        finally:
            handle.close()

    return CsvRows(name, first[1], rows(), handle)


def csv_lines(real: Path, wanted: Iterable[int], max_bytes: int) -> dict[int, int]:
    """The line each of the ``wanted`` rows of a CSV table starts on (one pass, up to the last of them)."""
    targets = set(wanted)
    found: dict[int, int] = {}
    if not targets:
        return found
    table = read_csv(real, real.name, max_bytes, [])
    if table is None:
        return found
    last = max(targets)
    try:
        for number, line, _cells in table.rows:
            if number in targets:
                found[number] = line
            if number >= last:
                break
    finally:
        table.close()
    return found


def arrow_or_none() -> Any:
    """``pyarrow`` when the ``arrow`` extra is installed, else None (the pure-Python paths are used)."""
    try:
        return import_arrow()
    except MissingExtraError:
        return None


def import_arrow(*, parquet: bool = False) -> Any:
    """``pyarrow`` (with ``pyarrow.parquet`` imported when ``parquet``: it costs more than a CSV
    needs), or :class:`~ducs.errors.MissingExtraError` (extra ``arrow``)."""
    try:
        import pyarrow

        if parquet:
            import pyarrow.parquet
    except ImportError:
        raise MissingExtraError("pyarrow", "arrow") from None
    return pyarrow
