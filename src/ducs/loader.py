"""Read fixture folders into a linked, checked :class:`~ducs.dataset.Dataset`, atomically.

Every problem in every file is collected before anything is returned: a load either yields a
complete dataset or raises :class:`~ducs.errors.FixtureError` listing all problems, each with
its file, record, field, line where known, and the id of the rule it breaks
(:data:`ducs.rules.RULES`). Nothing is cached on failure.

Files are read safely: only regular files inside the folder (symlinks resolved), at most
``max_bytes`` each, strict UTF-8, no byte-order mark, bounded nesting; a bad file is reported
and the others are still checked.

>>> from ducs.loader import load_folder, bundled_seeds
>>> ds = load_folder(bundled_seeds())
>>> ds.sessions.get(2).format
<SessionFormat.HYBRID: 'hybrid'>
"""

from __future__ import annotations

import array
import datetime as dt
import importlib.resources
import json
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import pendulum

from ducs.alloc import building
from ducs.bulk import (
    ColumnarChecks,
    KnownKeys,
    Listing,
    header_problems,
    open_table,
    read_arrow_table,
    row_mappings,
    structure_columns,
    structure_observations,
)
from ducs.columns import ObservationTable
from ducs.converter import Registry, get_converter, make_converter, problem_messages
from ducs.dataset import Dataset, dump_mapping
from ducs.errors import FixtureError, Problem, did_you_mean
from ducs.model import KINDS, Observation, Target
from ducs.model.kinds import KIND_BY_RECORD, Kind
from ducs.package import PACKAGE_FILE, read_descriptor
from ducs.periods import Period, plain_date, to_date
from ducs.rules import (
    WINDOW_END,
    WINDOW_START,
    Context,
    check_dataset,
    check_record,
    key_charset_findings,
    text_problem,
)
from ducs.tables import (
    BULK_SUFFIXES,
    MAX_TABLE_BYTES,
    SCHEMAS,
    arrow_or_none,
    check_file,
    csv_lines,
    derived_value,
    import_arrow,
    read_csv,
    same_derived,
)

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_TABLE_BYTES",
    "META_FILE",
    "bundled_seeds",
    "dump_mapping",
    "load_folder",
    "load_json",
    "load_mapping",
]

META_FILE = "meta.toml"
MAX_BYTES = 16 * 1024 * 1024  # per file; a bigger fixture is refused, never read into memory
MAX_DEPTH = 32  # nesting of arrays and tables
_BOM = b"\xef\xbb\xbf"


def bundled_seeds() -> Path:
    """The folder of fixtures shipped inside the ducs package (or the checkout's ``seeds/``)."""
    packaged = importlib.resources.files("ducs") / "seeds"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "seeds"


def _files_for(folder: Path, stem: str) -> list[Path]:
    main = folder / f"{stem}.toml"
    parts = sorted(folder.glob(f"{stem}-*.toml"))
    return ([main] if main.exists() or main.is_symlink() else []) + parts


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _depth(value: Any, limit: int) -> bool:
    """True if ``value`` nests deeper than ``limit`` (iterative: deep input cannot overflow the stack)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return False


def _read_bytes(path: Path, root: Path, max_bytes: int, problems: list[Problem]) -> bytes | None:
    """The bytes of a fixture file, or None after recording why it cannot be read."""
    real = check_file(path, root, max_bytes, problems)
    if real is None:
        return None
    name = path.name
    try:
        with open(real, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        problems.append(Problem(name, "", f"cannot be read: {exc.strerror}", rule="file.unreadable"))
        return None
    if len(data) > max_bytes:  # grew while we looked
        problems.append(Problem(name, "", f"more than the limit of {max_bytes} bytes", rule="file.too_large"))
        return None
    return data


def _decode(name: str, data: bytes, problems: list[Problem]) -> str | None:
    if data.startswith(_BOM):
        problems.append(Problem(name, "", "starts with a UTF-8 byte-order mark (U+FEFF); save it without one",
                                rule="file.bom", line=1, column=1))
        data = data[len(_BOM):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        line, column = _line_column(good, len(good))
        problems.append(Problem(name, "", f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded",
                                rule="file.not_utf8", line=line, column=column))
        return None


_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _read_toml(path: Path, root: Path, max_bytes: int, problems: list[Problem]) -> dict[str, Any] | None:
    """Parse one fixture file safely; every failure becomes a Problem naming the file."""
    data = _read_bytes(path, root, max_bytes, problems)
    if data is None:
        return None
    text = _decode(path.name, data, problems)
    if text is None:
        return None
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_WHERE.search(str(exc))
        line, column = (int(where.group(1)), int(where.group(2))) if where else (None, None)
        message = _TOML_WHERE.sub("", str(exc)).strip()
        problems.append(Problem(path.name, "", f"not valid TOML: {message}", rule="file.syntax",
                                line=line, column=column))
        return None
    except RecursionError:
        problems.append(Problem(path.name, "", f"nests more than {MAX_DEPTH} levels deep", rule="file.too_deep"))
        return None
    if _depth(parsed, MAX_DEPTH):
        problems.append(Problem(path.name, "", f"nests more than {MAX_DEPTH} levels deep", rule="file.too_deep"))
        return None
    return parsed


@attrs.frozen
class Meta:
    """What ``meta.toml`` says about the dataset."""

    title: str
    data_version: str
    cutoff: pendulum.Date
    license: str | None = None


_META_TABLES = {"dataset"}
_META_FIELDS = ("title", "data_version", "cutoff")


def _parse_meta(data: dict[str, Any], problems: list[Problem], file: str = META_FILE) -> Meta | None:
    """Check meta.toml's ``[dataset]`` table (or a JSON export's); nothing else is allowed in it.

    ``title``, ``data_version`` and ``cutoff`` are required; ``license`` (the data's licence,
    written into exported data packages) is optional.
    """
    for extra in sorted(set(data) - _META_TABLES):
        problems.append(Problem(file, extra, "unexpected table; meta.toml holds only [dataset]",
                                rule="table.unexpected"))
    table = data.get("dataset")
    if not isinstance(table, dict):
        problems.append(Problem(file, "dataset", "expected a [dataset] table", rule="meta.field"))
        return None
    before = len(problems)
    for field in _META_FIELDS:
        if field not in table:
            problems.append(Problem(file, f"dataset.{field}", "required field missing", rule="meta.field"))
    for extra in sorted(set(table) - {*_META_FIELDS, "license"}):
        problems.append(Problem(file, f"dataset.{extra}", "unexpected field", rule="meta.field"))
    cutoff = None
    if "cutoff" in table:
        try:
            cutoff = to_date(table["cutoff"])
        except ValueError as exc:
            problems.append(Problem(file, "dataset.cutoff", str(exc), rule="meta.field"))
        else:
            if not WINDOW_START <= plain_date(cutoff) <= WINDOW_END:
                problems.append(Problem(file, "dataset.cutoff", f"{cutoff.isoformat()} is outside "
                                        f"{WINDOW_START.isoformat()}..{WINDOW_END.isoformat()}", rule="date.window"))
                cutoff = None
    for field in ("title", "data_version", "license"):
        if field in table:
            value = table[field]
            broken = text_problem(value) if isinstance(value, str) else ("meta.field", "expected text")
            if broken is not None or not str(value).strip():
                rule, message = broken or ("text.empty", "expected some text")
                problems.append(Problem(file, f"dataset.{field}", message, rule=rule))
    if len(problems) > before or cutoff is None:
        return None
    license_text = table.get("license")
    return Meta(str(table["title"]), str(table["data_version"]), cutoff,
                None if license_text is None else str(license_text))


# A "document" is one parsed file: its name and its top-level tables.
Documents = list[tuple[str, dict[str, Any]]]
# Tables to read per kind: (path, name in problems).
Tables = dict[str, list[tuple[Path, str]]]


def _bulk_tables(folder: Path, stem: str) -> list[Path]:
    """``<stem>.csv``, ``<stem>.parquet``, then ``<stem>-*.csv`` and ``<stem>-*.parquet`` by name."""
    main = [folder / f"{stem}{suffix}" for suffix in BULK_SUFFIXES]
    parts = sorted(path for suffix in BULK_SUFFIXES for path in folder.glob(f"{stem}-*{suffix}"))
    return [path for path in main if path.exists() or path.is_symlink()] + parts


def load_folder(folder: str | Path, *, max_bytes: int = MAX_BYTES, max_table_bytes: int = MAX_TABLE_BYTES) -> Dataset:
    """Load, link and check every fixture file in ``folder``; raise FixtureError on any problem.

    Args:
        folder: a folder laid out as docs/fixtures.md describes, or one written by
            :meth:`ducs.dataset.Dataset.export` (a ``datapackage.json`` and its tables).
        max_bytes: the size limit of one TOML file (16 MiB by default).
        max_table_bytes: the size limit of one CSV or Parquet table (1 GiB by default).

    Raises:
        FixtureError: listing every problem of every file.
    """
    root = Path(folder)
    if not str(folder).strip() or not root.is_dir():
        raise FixtureError([Problem(str(folder), "", "not a folder of fixtures", rule="file.missing_meta")])
    problems: list[Problem] = []
    meta: Meta | None = None
    meta_path = root / META_FILE
    if not (meta_path.exists() or meta_path.is_symlink()):
        if (root / PACKAGE_FILE).exists() or (root / PACKAGE_FILE).is_symlink():
            return _load_package(root, max_bytes, max_table_bytes)
        problems.append(Problem(META_FILE, "", "missing: the folder needs meta.toml with a [dataset] table",
                                rule="file.missing_meta"))
    else:
        parsed = _read_toml(meta_path, root, max_bytes, problems)
        if parsed is not None:
            meta = _parse_meta(parsed, problems)
    documents: dict[str, Documents] = {}
    tables: Tables = {}
    known_files = {META_FILE, PACKAGE_FILE}
    for kind in KINDS:
        for path in _files_for(root, kind.name):
            known_files.add(path.name)
            data = _read_toml(path, root, max_bytes, problems)
            if data is not None:
                documents.setdefault(kind.name, []).append((path.name, data))
    for path in _bulk_tables(root, "observations"):
        known_files.add(path.name)
        tables.setdefault("observations", []).append((path, path.name))
    for pattern in ("*.toml", *(f"*{suffix}" for suffix in BULK_SUFFIXES)):
        for path in sorted(root.glob(pattern)):
            if path.name not in known_files:
                hint = "" if path.suffix == ".toml" else "; only observations may come as CSV or Parquet tables"
                problems.append(Problem(path.name, "", f"unexpected file{hint}; see docs/fixtures.md for the file "
                                        "names ducs reads", rule="file.unexpected"))
    return _build(meta, documents, problems, root, tables, max_table_bytes)


def _load_package(root: Path, max_bytes: int, max_table_bytes: int) -> Dataset:
    """Load a folder written by :meth:`ducs.dataset.Dataset.export` (its ``datapackage.json``)."""
    problems: list[Problem] = []
    data = _read_bytes(root / PACKAGE_FILE, root, max_bytes, problems)
    if data is None:
        raise FixtureError(problems)
    package = read_descriptor(data, root, problems)
    if package is None:
        raise FixtureError(problems)
    meta = _parse_meta({"dataset": package.meta}, problems, PACKAGE_FILE)
    return _build(meta, {}, problems, root, package.tables, max_table_bytes)


def load_mapping(data: dict[str, Any], name: str = "<data>") -> Dataset:
    """Load a dataset from plain data shaped like :func:`dump_mapping`'s output (e.g. parsed JSON)."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise FixtureError([Problem(name, "", "expected a mapping of record tables", rule="json.syntax")])
    meta = _parse_meta({"dataset": data.get("dataset")}, problems, name)
    known = {kind.table for kind in KINDS} | {"dataset"}
    for extra in sorted(set(data) - known):
        problems.append(Problem(name, extra, "unexpected table", rule="table.unexpected"))
    if _depth(data, MAX_DEPTH + 2):
        raise FixtureError([Problem(name, "", f"nests more than {MAX_DEPTH} levels deep", rule="file.too_deep")])
    documents = {kind.name: [(name, {kind.table: data.get(kind.table, [])})] for kind in KINDS}
    return _build(meta, documents, problems, None)


def load_json(text: str | bytes, name: str = "<json>") -> Dataset:
    """Load a dataset from the JSON text of :func:`ducs.to_json`, strictly.

    Malformed JSON, a byte-order mark, NaN or Infinity, or anything but an object raise
    :class:`~ducs.errors.FixtureError` (rule ``json.syntax``), never a bare JSONDecodeError.
    """
    if isinstance(text, bytes):
        if text.startswith(_BOM):
            raise FixtureError([Problem(name, "", "starts with a byte-order mark", rule="file.bom", line=1, column=1)])
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FixtureError([Problem(name, "", f"not UTF-8 at byte {exc.start}", rule="file.not_utf8")]) from None
    if text.startswith("\ufeff"):
        raise FixtureError([Problem(name, "", "starts with a byte-order mark", rule="file.bom", line=1, column=1)])

    def no_constant(word: str) -> Any:
        raise ValueError(f"{word} is not JSON")

    try:
        data = json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise FixtureError([Problem(name, "", f"not valid JSON: {exc.msg}", rule="json.syntax",
                                    line=exc.lineno, column=exc.colno)]) from None
    except (ValueError, RecursionError) as exc:
        raise FixtureError([Problem(name, "", f"not valid JSON: {exc}", rule="json.syntax")]) from None
    if not isinstance(data, dict):
        raise FixtureError([Problem(name, "", "expected a JSON object of record tables", rule="json.syntax")])
    return load_mapping(data, name)


class _Origins:
    """Where each record was read from, for problems found across records.

    TOML records and table rows of other kinds are kept one by one; the rows of a bulk
    observations table are kept as numbers beside the records, and looked up only when a
    problem needs them.
    """

    def __init__(self) -> None:
        self._one: dict[int, tuple[str, str, int | None, Mapping[str, int] | None]] = {}
        self._tables: list[tuple[str, list[Any], int, array.array[int], array.array[int],
                                 Mapping[str, int]]] = []
        self._built = False

    def add(self, record: Any, file_name: str, where: str, line: int | None = None,
            columns: Mapping[str, int] | None = None) -> None:
        self._one[id(record)] = (file_name, where, line, columns)

    def table(self, file_name: str, records: list[Any], columns: Mapping[str, int]) -> Callable[[int, int | None], None]:
        """Start a bulk table whose rows are appended to ``records``; returns ``note(row, line)``."""
        numbers: array.array[int] = array.array("q")
        lines: array.array[int] = array.array("q")
        self._tables.append((file_name, records, len(records), numbers, lines, columns))

        def note(number: int, line: int | None) -> None:
            numbers.append(number)
            lines.append(-1 if line is None else line)

        return note

    def __call__(self, record: Any) -> tuple[str, str, int | None, Mapping[str, int] | None]:
        found = self._one.get(id(record))
        if found is None and not self._built:
            self._built = True
            for file_name, records, start, numbers, lines, columns in self._tables:
                for offset, number in enumerate(numbers):
                    line = lines[offset]
                    self._one[id(records[start + offset])] = (file_name, f"row {number}",
                                                              None if line < 0 else line, columns)
            found = self._one.get(id(record))
        assert found is not None
        return found


def _build(meta: Meta | None, documents: dict[str, Documents], problems: list[Problem],
           origin: Path | None, tables: Tables | None = None, max_table_bytes: int = MAX_TABLE_BYTES) -> Dataset:
    """Structure, link and check every record, in load order; all or nothing.

    Each kind's TOML documents come first, then its tables (CSV or Parquet) in the given order.
    """
    registry = Registry()
    converter = make_converter(registry)
    context = Context(meta.cutoff if meta else None)
    loaded: dict[type, list[Any]] = {}
    origins = _Origins()
    arrow = arrow_or_none()  # with the arrow extra, observation tables are read and kept as columns
    columnar: list[_ColumnarTable] = []
    known_keys = KnownKeys(registry.by_type.setdefault(Observation, {}))
    caches: dict[str, dict[Any, Any]] = {}  # each distinct cell of the load's tables structured once

    for kind in KINDS:
        records: list[Any] = loaded.setdefault(kind.record, [])
        known = registry.by_type.setdefault(kind.record, {})

        def take(row: Any, file_name: str, where: str, line: int | None = None,
                 columns: Mapping[str, int] | None = None, kind: Kind = kind, records: list[Any] = records,
                 known: dict[str, Any] = known) -> Any:
            """Structure and check one row; returns the record, or None if it did not structure."""
            label = _label(row, kind.key)
            problems.extend(Problem(file_name, f"{where}.{field}", message, record=label, rule=rule, line=line,
                                    column=_column_of(columns, field))
                            for rule, field, message in key_charset_findings(kind.key, row.get(kind.key)))
            try:
                record: Any = converter.structure(row, kind.record)
            except Exception as exc:  # every failure becomes a Problem naming file/record/field
                reported = set()
                for path_text, message, rule in problem_messages(exc, where):
                    problems.append(Problem(file_name, path_text, message, record=label, rule=rule, line=line,
                                            column=_column_of(columns, path_text, where)))
                    reported.add(path_text)
                # a broken reference must not hide the record's own defects
                problems.extend(Problem(file_name, f"{where}.{field}", message, record=label, rule=rule, line=line,
                                        column=_column_of(columns, field))
                                for rule, field, message in _raw_findings(row, context)
                                if f"{where}.{field}" not in reported)
                return None
            key = str(kind.key_of(record))
            findings = check_record(record, context, kind.must_cite)
            problems.extend(Problem(file_name, f"{where}.{field}", message, record=key, rule=rule, line=line,
                                    column=_column_of(columns, field)) for rule, field, message in findings)
            if key in known:
                problems.append(Problem(file_name, f"{where}.{kind.key}", f"duplicate key {key!r}",
                                        record=key, rule="key.duplicate", line=line,
                                        column=_column_of(columns, kind.key)))
                return record
            registry.add(kind.record, key, record)
            records.append(record)
            origins.add(record, file_name, where, line, columns)
            return record

        for file_name, data in documents.get(kind.name, []):
            for other in sorted(set(data) - {kind.table}):
                problems.append(Problem(file_name, other, f"unexpected table; {file_name} holds [[{kind.table}]] records",
                                        rule="table.unexpected"))
            rows = data.get(kind.table, [])
            if not isinstance(rows, list):
                problems.append(Problem(file_name, kind.table, f"expected [[{kind.table}]] records",
                                        rule="table.not_records"))
                continue
            for index, row in enumerate(rows):
                where = f"{kind.table}[{index}]"
                if not isinstance(row, dict):
                    problems.append(Problem(file_name, where, f"expected a table of fields, got {type(row).__name__}",
                                            rule="table.not_records"))
                    continue
                take(row, file_name, where)
        for path, name in (tables or {}).get(kind.name, []):
            if kind.record is Observation and arrow is not None:
                found = _columnar(path, origin or path.parent, name, max_table_bytes, converter, context, known_keys,
                                  problems, caches)
                if found is not None:
                    columnar.append(found)
                    continue
            table = open_table(path, origin or path.parent, max_table_bytes, problems, name)
            if table is None:
                continue
            columns = {column: index + 1 for index, column in enumerate(table.header) if isinstance(column, str)}
            if kind.record is Observation:
                note = origins.table(table.name, records, columns)

                def accept(record: Observation, number: int, line: int | None, note: Callable[[int, int | None], None] = note,
                           known: dict[str, Any] = known, records: list[Any] = records) -> bool:
                    if record.key in known_keys:
                        return False
                    known[record.key] = record
                    records.append(record)
                    note(number, line)
                    return True

                with building():  # a million records that all stay
                    structure_observations(table, registry, converter, context, problems, accept, caches)
                continue
            schema = SCHEMAS[kind.name]
            for number, line, mapping, derived in row_mappings(table, schema, problems):
                where = f"row {number}"
                record = take(mapping, table.name, where, line, columns)
                for column_name, cell in derived.items():
                    expected = None if record is None else derived_value(column_name, record)
                    if record is not None and not same_derived(schema.column(column_name), cell, expected):
                        problems.append(Problem(table.name, f"{where}.{column_name}", (
                            f"derived column {column_name!r} says {cell!r}, but the record gives "
                            f"{'nothing' if expected is None else repr(str(expected))}"), record=str(kind.key_of(record)),
                            rule="table.derived", line=line, column=columns.get(column_name)))

    def describe(record: Any) -> str:
        file_name, where, _line, _columns = origins(record)
        return f"{file_name}$.{where}"

    def place(table: ObservationTable, index: int, record: Observation) -> None:
        placed = next(found for found in columnar if found.table is table)
        origins.add(record, table.name, f"row {placed.row(index)}", None, placed.columns)

    kept = [found.table for found in columnar if found.table is not None]
    more = ColumnarChecks(kept, place) if columnar else None
    for record, rule, field, message in check_dataset(loaded, describe, more):
        file_name, where, line, placed = origins(record)
        key = str(KIND_BY_RECORD[type(record)].key_of(record))
        if rule == "ref.target" and isinstance(record, Observation) and record.target is not None:
            message += did_you_mean(registry.suggest(Target, record.target))
        problems.append(Problem(file_name, f"{where}.{field}", message, record=key, rule=rule, line=line,
                                column=_column_of(placed, field)))
    if problems or meta is None:
        _fill_lines(problems, columnar, max_table_bytes)
        raise FixtureError(problems or [Problem(META_FILE, "", "invalid", rule="meta.field")])
    return Dataset.build(
        title=meta.title,
        data_version=meta.data_version,
        cutoff=meta.cutoff,
        folder=origin,
        records=loaded,
        license=meta.license,
        observation_tables=kept,
    )


def _raw_findings(row: dict[str, Any], context: Context) -> list[tuple[str, str, str]]:
    """Date rules checked on the raw fields of a record that could not be built."""
    found: list[tuple[str, str, str]] = []
    for field in ("period", "deadline", "baseline", "date"):
        value = row.get(field)
        try:
            if isinstance(value, str) and value != "unknown":
                days = [Period.parse(value).start, Period.parse(value).end] if field != "date" else [to_date(value)]
            elif isinstance(value, dt.date):
                days = [to_date(value)]
            else:
                continue
        except ValueError:
            continue  # the converter reports it
        for day in days:
            if not WINDOW_START <= plain_date(day) <= WINDOW_END:
                found.append(("date.window", field, f"{day.isoformat()} is outside "
                              f"{WINDOW_START.isoformat()}..{WINDOW_END.isoformat()}"))
                break
    return found


@attrs.define
class _ColumnarTable:
    """A bulk table read as columns: the rows kept, where it was read from, its columns' numbers."""

    table: ObservationTable | None
    real: Path
    csv: bool
    columns: dict[str, int]
    _rows: list[int] | None = None

    def row(self, index: int) -> int:
        """The file's row number of the table's ``index``-th kept row."""
        if self._rows is None:
            assert self.table is not None
            self._rows = self.table.row_numbers()
        return self._rows[index]


def _columnar(path: Path, root: Path, name: str, max_bytes: int, converter: Any, context: Context,
              known: KnownKeys, problems: list[Problem], caches: dict[str, dict[Any, Any]]) -> _ColumnarTable | None:
    """Read and check an observations table as columns; None leaves it to the row-by-row reader.

    That reader takes every table whose bytes, header or shape are wrong (it names the line),
    and every table Arrow cannot read; the columns take the rest, which is nearly all.
    """
    found: list[Problem] = []
    real = check_file(path, root, max_bytes, found, name)
    if real is None:
        return None
    csv_file = path.suffix == ".csv"
    if csv_file:
        head = read_csv(real, name, max_bytes, found)
        if head is None:
            return None
        head.close()
        header = head.header
    else:
        try:
            header = list(import_arrow(parquet=True).parquet.read_schema(real).names)
        except Exception:  # not a Parquet file: the row reader says so
            return None
    if found or header_problems(name, header, SCHEMAS["observations"]):
        return None
    data = read_arrow_table(real, header, csv_file, max_bytes)
    if data is None or data.column_names != header:
        return None
    columns = {column: data.column(column) for column in header}
    del data  # the columns alone from here on, each let go once it is worked out
    table, listed = structure_columns(name, columns, converter, context, known, caches=caches)
    listing = Listing(name, problems)
    for _row, _order, problem in listed:
        listing.add(problem)
    listing.close()
    columns = {column: index + 1 for index, column in enumerate(header)}
    return _ColumnarTable(table, real, csv_file, columns)


def _fill_lines(problems: list[Problem], columnar: list[_ColumnarTable], max_bytes: int) -> None:
    """Give the problems of columnar CSV tables their lines (one pass over each such file)."""
    for placed in columnar:
        if not placed.csv:
            continue
        name = placed.real.name if placed.table is None else placed.table.name
        wanted = {int(match.group(1)) for problem in problems
                  if problem.file == name and problem.line is None
                  and (match := _ROW.match(problem.path)) is not None}
        if not wanted:
            continue
        lines = csv_lines(placed.real, wanted, max_bytes)
        for index, problem in enumerate(problems):
            match = _ROW.match(problem.path) if problem.file == name and problem.line is None else None
            if match is not None and int(match.group(1)) in lines:
                problems[index] = attrs.evolve(problem, line=lines[int(match.group(1))])


_ROW = re.compile(r"row (\d+)\b")
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _column_of(columns: Mapping[str, int] | None, path: str, where: str = "") -> int | None:
    """The table column a problem's path points into (``row 3.sources[1]`` → the sources column)."""
    if not columns:
        return None
    rest = path[len(where) + 1:] if where and path.startswith(where + ".") else path
    match = _FIELD_NAME.match(rest)
    return columns.get(match.group(0)) if match else None


def _label(row: dict[str, Any], key_attr: str) -> str | None:
    value = row.get(key_attr)
    return None if value is None else str(value)
