"""Bulk tables: observations by the thousand from CSV or Parquet, checked by the same rules as TOML.

A fixture folder may hold ``observations*.csv`` and ``observations*.parquet`` beside its TOML
files (docs/fixtures.md). Each row is one observation with the fields of an
``[[observation]]`` table; a row is structured field by field with the converter's own hooks,
so a bad cell gets the words a TOML file would get, and every record rule of
:mod:`ducs.rules` applies. Work that depends only on a cell's text (a period, a scope, a list
of citations, an indicator) is done once per distinct text, so a million rows over a few
hundred periods parse a few hundred periods.

Problems name the file, the row (``row 12.value``), the CSV line and the column number; a
table lists at most :data:`MAX_LISTED` problems and counts the rest per rule.

>>> from ducs.tables import SCHEMAS
>>> header_problems("obs.csv", ["key", "indicator", "valu", "period", "scope", "sources"], SCHEMAS["observations"])[0]
Problem(file='obs.csv', path='valu', message="unexpected column 'valu'; did you mean: value?", record=None, rule='table.header', line=1, column=3)
"""

from __future__ import annotations

import concurrent.futures
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import cattrs

from ducs.columns import CODED, FIELDS, ObservationTable
from ducs.converter import Registry, problem_messages
from ducs.errors import MissingExtraError, Problem, did_you_mean
from ducs.model import Observation
from ducs.periods import plain_date
from ducs.rules import (
    Context,
    check_observation,
    in_force_message,
    key_charset_findings,
    measure_findings,
    observation_cutoff_findings,
    period_findings,
    series_key,
    series_message,
    series_scope,
    value_bounds,
)
from ducs.tables import (
    ABSENT,
    MAX_TABLE_BYTES,
    SCHEMAS,
    CellError,
    Column,
    TableSchema,
    check_file,
    decode_cell,
    derived_value,
    import_arrow,
    read_csv,
    same_derived,
)
from ducs.text import Suggester

__all__ = [
    "MAX_LISTED",
    "Rows",
    "TableRows",
    "header_problems",
    "open_table",
    "row_mappings",
    "structure_observations",
]

MAX_LISTED = 1000  # problems listed per table; the rest are counted per rule
MISSING = "required field missing (write \"unknown\" if the value is not known)"
_PARQUET_BATCH = 65_536

# (row number, CSV line or None, cells in header order)
Rows = Iterator[tuple[int, int | None, Sequence[Any]]]


@attrs.define
class TableRows:
    """A table being read: its name (for problems), its header and its rows."""

    name: str
    header: list[str]
    rows: Rows
    csv: bool = True


def open_table(path: Path, root: Path, max_bytes: int, problems: list[Problem], name: str | None = None) -> TableRows | None:
    """Open a CSV or Parquet table for reading, or record why it cannot be (None).

    Parquet needs the ``arrow`` extra; without it the table is a problem (rule
    ``file.needs_extra``) and the rest of the folder is still checked.
    """
    label = name or path.name
    real = check_file(path, root, max_bytes, problems, label)
    if real is None:
        return None
    if path.suffix == ".csv":
        found = read_csv(real, label, max_bytes, problems)
        return None if found is None else TableRows(label, found.header, found.rows)
    try:
        pa = import_arrow(parquet=True)
    except MissingExtraError as exc:
        problems.append(Problem(label, "", f"a Parquet table: {exc}", rule="file.needs_extra"))
        return None
    try:
        parquet = pa.parquet.ParquetFile(real)
    except (OSError, ValueError, pa.ArrowException) as exc:
        problems.append(Problem(label, "", f"not a valid Parquet file: {exc}", rule="file.syntax"))
        return None
    header = list(parquet.schema_arrow.names)

    def rows() -> Rows:
        number = 0
        try:
            for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH):
                columns = [column.to_pylist() for column in batch.columns]
                for cells in zip(*columns, strict=True):
                    number += 1
                    yield number, None, cells
        except (OSError, ValueError, pa.ArrowException) as exc:
            problems.append(Problem(label, "", f"not a valid Parquet file: {exc}", rule="file.syntax"))
        finally:
            parquet.close()

    return TableRows(label, header, rows(), csv=False)


def header_problems(name: str, header: Sequence[str], schema: TableSchema) -> list[Problem]:
    """Problems of a header row: unknown columns, columns given twice, required columns missing."""
    found: list[Problem] = []
    known = set(schema.names)
    seen: set[str] = set()
    suggester = Suggester(schema.names, limit=3)
    for index, column in enumerate(header, start=1):
        if not isinstance(column, str) or column not in known:
            hint = did_you_mean(suggester.suggest(str(column)))
            found.append(Problem(name, str(column), f"unexpected column {column!r}{hint}", rule="table.header",
                                 line=1, column=index))
        elif column in seen:
            found.append(Problem(name, column, f"column {column!r} is given twice", rule="table.header",
                                 line=1, column=index))
        seen.add(str(column))
    for column in schema.required:
        if column not in seen:
            found.append(Problem(name, column, f"required column {column!r} is missing from the header",
                                 rule="table.header", line=1))
    return found


class Listing:
    """The problems of one table: the first :data:`MAX_LISTED` in full, then counts per rule."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        self.name = name
        self._problems = problems
        self._listed = 0
        self._more: Counter[str] = Counter()

    def add(self, problem: Problem) -> None:
        if self._listed < MAX_LISTED:
            self._problems.append(problem)
            self._listed += 1
        else:
            self._more[problem.rule] += 1

    def close(self) -> None:
        for rule, count in sorted(self._more.items()):
            self._problems.append(Problem(self.name, "", f"{count} more problem{'s' if count != 1 else ''} of rule "
                                          f"{rule} (a table lists its first {MAX_LISTED} problems in full)",
                                          rule=rule))


def _width_problem(table: TableRows, number: int, line: int | None, cells: Sequence[Any]) -> Problem:
    return Problem(table.name, f"row {number}", f"{len(cells)} cells, but the header has {len(table.header)} columns",
                   rule="table.row", line=line)


# --- observations, field by field ------------------------------------------------------------

_OBSERVATION_HINTS = typing.get_type_hints(Observation, include_extras=True)
_SLOW_FIELDS = frozenset({"key"})  # one text per row: not worth a cache


@attrs.define
class _Field:
    column: Column
    position: int  # in the header, or -1 when the table has no such column
    hint: Any
    cache: dict[Any, tuple[Any, list[tuple[str, str, str]]]]


def _structure_cell(converter: cattrs.Converter, field: _Field, raw: Any) -> tuple[Any, list[tuple[str, str, str]]]:
    """(value, []) or (ABSENT, [(path suffix, message, rule)]) for one cell, as the converter sees it."""
    try:
        value = decode_cell(field.column, raw)
    except CellError as exc:
        return ABSENT, [("", str(exc), "field.type")]
    if value is ABSENT:
        return ABSENT, []
    try:
        return converter.structure(value, field.hint), []
    except Exception as exc:  # every failure becomes a problem naming row and column
        return ABSENT, problem_messages(exc, "")


def structure_observations(
    table: TableRows,
    registry: Registry,
    converter: cattrs.Converter,
    context: Context,
    problems: list[Problem],
    accept: Callable[[Observation, int, int | None], bool],
    caches: dict[str, dict[Any, Any]] | None = None,
) -> None:
    """Structure and check every row of an observations table; ``accept`` takes each good record.

    ``accept(record, row number, line)`` adds the record to the load (False: a duplicate key,
    already reported). Problems go to ``problems`` with file, ``row N.field``, line and column.
    """
    schema = SCHEMAS["observations"]
    header_found = header_problems(table.name, table.header, schema)
    problems.extend(header_found)
    if any("missing from the header" in p.message or "given twice" in p.message for p in header_found):
        for _ in table.rows:  # still read to the end: broken bytes or quoting are reported too
            pass
        return
    position = {name: index for index, name in enumerate(table.header) if isinstance(name, str)}
    shared = caches if caches is not None else {}  # one cache per field for every table of a load
    fields = [_Field(column, position.get(column.name, -1), _OBSERVATION_HINTS[column.attribute],
                     shared.setdefault(column.name, {}))
              for column in schema.columns if column.encoding != "derived"]
    derived = [(column, position[column.name]) for column in schema.columns
               if column.encoding == "derived" and column.name in position]
    column_number = {name: index + 1 for name, index in position.items()}
    listing = Listing(table.name, problems)
    width = len(table.header)
    period_cache: dict[int, Any] = {}
    key_field = fields[0]
    period_at = next(index for index, field in enumerate(fields) if field.column.name == "period")
    template = [field.column.default for field in fields]  # a column the table leaves out: its default
    present = [(index, field.position, field.column.name, field.column.required, field.column.optional,
                field.cache, field.column.name in _SLOW_FIELDS, field)
               for index, field in enumerate(fields) if field.position >= 0]
    for number, line, cells in table.rows:
        if len(cells) != width:
            listing.add(_width_problem(table, number, line, cells))
            continue
        if key_field.position >= 0:
            raw_key = cells[key_field.position]
            for rule, field_name, message in key_charset_findings("key", raw_key):
                listing.add(Problem(table.name, f"row {number}.{field_name}", message, record=raw_key, rule=rule,
                                    line=line, column=column_number.get(field_name)))
        values = template.copy()
        errors: list[tuple[str, str, str, str]] | None = None  # (field, suffix, message, rule)
        for index, at, name, required, optional, cache, slow, field in present:
            raw = cells[at]
            if raw is None or raw == "":
                if required and optional:
                    values[index] = None
                elif required:
                    errors = errors or []
                    errors.append((name, "", MISSING, "field.missing"))
                continue
            if slow:
                if type(raw) is str and raw.isascii() and raw.isprintable():
                    values[index] = raw.strip()  # what the text hook makes of plain ASCII text, quicker
                    continue
                value, found = _structure_cell(converter, field, raw)
            else:
                try:
                    slot = raw if type(raw) is str else (type(raw), raw)  # True and 1 are one dict key
                    cached = cache.get(slot)
                    if cached is None:
                        cached = cache[slot] = _structure_cell(converter, field, raw)
                except TypeError:  # an unhashable cell (a Parquet list): worked out on its own
                    cached = _structure_cell(converter, field, raw)
                value, found = cached
            if found:
                errors = errors or []
                errors += [(name, suffix, message, rule) for suffix, message, rule in found]
            values[index] = value
        if errors:
            where = f"row {number}"
            raw_key = cells[key_field.position] if key_field.position >= 0 else None
            label = None if raw_key in (None, "") else str(raw_key)
            for name, suffix, message, rule in errors:
                listing.add(Problem(table.name, f"{where}.{name}{suffix}", message, record=label, rule=rule,
                                    line=line, column=column_number.get(name)))
            # a cell that did not structure must not hide the period's own defects (as for TOML)
            period = values[period_at]
            if period is not ABSENT and period is not None and all(error[0] != "period" for error in errors):
                for rule, name, message in period_findings("period", period):
                    listing.add(Problem(table.name, f"{where}.{name}", message, record=label, rule=rule,
                                        line=line, column=column_number.get(name)))
            continue
        record = Observation(*values)
        key = record.key
        where = f"row {number}"
        for rule, name, message in check_observation(record.key, record.period, bool(record.sources),
                                                     record.indicator, record.value, record.denominator,
                                                     context, period_cache):
            listing.add(Problem(table.name, f"{where}.{name}", message, record=key, rule=rule, line=line,
                                column=column_number.get(name)))
        for column, index in derived:
            expected = derived_value(column.name, record)
            if not same_derived(column, cells[index], expected):
                listing.add(Problem(table.name, f"{where}.{column.name}", (
                    f"derived column {column.name!r} says {cells[index]!r}, but the record gives "
                    f"{'nothing' if expected is None else repr(str(expected))}; leave it empty or correct it"),
                    record=key, rule="table.derived", line=line, column=index + 1))
        if not accept(record, number, line):
            listing.add(Problem(table.name, f"{where}.key", f"duplicate key {key!r}", record=key,
                                rule="key.duplicate", line=line, column=column_number.get("key")))
    listing.close()


# --- any kind, row by row ---------------------------------------------------------------------


def row_mappings(table: TableRows, schema: TableSchema, problems: list[Problem]) -> Iterator[
        tuple[int, int | None, dict[str, Any], dict[str, Any]]]:
    """The rows of a table of any kind as fixture mappings, for the converter to structure in order.

    Yields ``(row number, line, mapping, derived cells)``; the mapping holds the fields of a
    TOML record (absent cells left out), the derived cells are for :func:`ducs.tables.same_derived`.
    """
    header_found = header_problems(table.name, table.header, schema)
    problems.extend(header_found)
    if header_found:
        for _ in table.rows:
            pass
        return
    columns = [schema.column(name) for name in table.header]
    width = len(columns)
    for number, line, cells in table.rows:
        if len(cells) != width:
            problems.append(_width_problem(table, number, line, cells))
            continue
        mapping: dict[str, Any] = {}
        derived: dict[str, Any] = {}
        bad = False
        for index, (column, raw) in enumerate(zip(columns, cells, strict=True)):
            if column.encoding == "derived":
                derived[column.name] = raw
                continue
            try:
                value = decode_cell(column, raw)
            except CellError as exc:
                problems.append(Problem(table.name, f"row {number}.{column.name}", str(exc), rule="field.type",
                                        line=line, column=index + 1))
                bad = True
                continue
            if value is not ABSENT:
                mapping[column.name] = value
        if not bad:
            yield number, line, mapping, derived


# --- the columnar path (with the arrow extra) -------------------------------------------------
#
# The same fields, hooks and rules as structure_observations above, worked out per column: a
# cell's text is structured once per distinct text, numbers and keys in plain ASCII are parsed
# and trimmed by Arrow, and the record rules run (in Python, with the very functions the row
# path calls) only on the rows a vectorised test picks as possibly breaking one. The problems
# are the same, in the same order per row (tests/test_columns.py compares both paths).

_NUMBER_PATTERN = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"  # tables._NUMBER, anchored
_ROW_ORDER = {"key": -1, "field": 0, "rule": 1, "derived": 2, "duplicate": 3}

# (row number, order within the row, problem): sorted, the order of the row-by-row path.
Found = tuple[int, tuple[int, int], Problem]


class KnownKeys:
    """The observation keys a load holds so far: records (a dict) and columnar tables.

    The keys of tables are put in one set only when a later table (or a row-by-row one) asks,
    each table's once: a load of one table never turns its keys into Python strings.
    """

    def __init__(self, records: dict[str, Any]) -> None:
        self.records = records
        self._pending: list[Any] = []
        self._tables: set[str] = set()

    def add_table(self, keys: Any) -> None:
        self._pending.append(keys)

    def _table_keys(self) -> set[str]:
        while self._pending:
            self._tables.update(self._pending.pop(0).to_pylist())
        return self._tables

    def __contains__(self, key: object) -> bool:
        return key in self.records or key in self._table_keys()

    def mask(self, pa: Any, pc: Any, keys: Any) -> Any:
        """Which of ``keys`` are known already (a boolean Arrow array)."""
        found = pa.repeat(pa.scalar(False), len(keys))
        if self.records:
            found = pc.or_(found, pc.is_in(keys, value_set=pa.array(list(self.records), type=pa.string())))
        if self._pending or self._tables:  # each key looked up once: earlier tables are not hashed again
            earlier = self._table_keys()
            found = pc.or_(found, pa.array([key in earlier for key in keys.to_pylist()], type=pa.bool_()))
        return found.fill_null(False)


# Arrow's CSV reader is more lenient than Python's strict one (a quote that closes nothing, a
# quoted field never closed, a carriage return inside a line, a NUL byte): a file holding any of
# those bytes is read by Arrow only if Python's reader accepts it too, row for row.
_LENIENT = (b'"', b"\r", b"\x00")


def _needs_check(real: Path) -> bool | None:
    """None: a BOM or nothing at all (left to the row reader); True: bytes on which the readers could differ."""
    with open(real, "rb") as handle:
        first = handle.read(1 << 22)
        if not first or first.startswith(b"\xef\xbb\xbf"):
            return None
        chunk = first
        while chunk:  # in blocks: the file is not held in memory for this
            if any(byte in chunk for byte in _LENIENT):
                return True
            chunk = handle.read(1 << 22)
    return False


def _python_agrees(real: Path, rows: int, max_bytes: int) -> bool:
    """True if Python's strict CSV reader reads the file without a problem and finds ``rows`` rows."""
    problems: list[Problem] = []
    table = read_csv(real, real.name, max_bytes, problems)
    if table is None:
        return False
    count = 0
    try:
        for _row in table.rows:
            count += 1
    finally:
        table.close()
    return not problems and count == rows


# Columns whose cells repeat (indicators, periods, scopes, sources…) are read as dictionaries:
# each parsing thread hashes its block's cells as it reads them, and the text of a million rows
# is never held. Keys and numbers are read as plain text.
_PLAIN_COLUMNS = frozenset({"key", "value", "denominator"})


def _read_type(pa: Any, column: str) -> Any:
    return pa.string() if column in _PLAIN_COLUMNS else pa.dictionary(pa.int32(), pa.string())


def read_arrow_table(real: Path, header: Sequence[str], csv_file: bool, max_bytes: int = MAX_TABLE_BYTES) -> Any:
    """The whole table as Arrow columns (every CSV column as text), or None if Arrow refuses it.

    A file Arrow cannot read as a plain, well-formed table (bad bytes, a short row, broken
    quoting, a BOM) is left to the row-by-row reader, which names the line.
    """
    pa = import_arrow(parquet=not csv_file)
    try:
        if not csv_file:
            return pa.parquet.read_table(real)
        import pyarrow.csv as pcsv

        check = _needs_check(real)
        if check is None:
            return None
        # Every column as text (4 MiB blocks: the quickest here); repeated cells are encoded after.
        # Without a quote in the file no value can hold a line break, and Arrow may then split the
        # file into blocks at any newline and parse them in parallel (several times quicker).
        data = pcsv.read_csv(
            real,
            read_options=pcsv.ReadOptions(use_threads=True, block_size=1 << 22),
            parse_options=pcsv.ParseOptions(newlines_in_values=check, ignore_empty_lines=True),
            convert_options=pcsv.ConvertOptions(column_types={name: _read_type(pa, name) for name in header},
                                                null_values=[],
                                                strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                check_utf8=True),
        )
    except (OSError, ValueError, pa.ArrowException):
        return None
    if check and not _python_agrees(real, data.num_rows, max_bytes):
        return None
    return data


def _text_array(pa: Any, pc: Any, column: Any) -> Any:
    """A column as plain text (empty for a null), or None when it is not text."""
    array = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    if pa.types.is_dictionary(array.type) and pa.types.is_string(array.type.value_type):
        array = array.cast(pa.string())
    if pa.types.is_large_string(array.type):
        array = array.cast(pa.string())
    if pa.types.is_null(array.type):
        return pa.repeat(pa.scalar("", pa.string()), len(array))
    if not pa.types.is_string(array.type):
        return None
    return array.fill_null("") if array.null_count else array


@attrs.define
class _Coded:
    """A field as codes into its distinct structured values (the errors of each distinct cell beside)."""

    codes: Any
    distinct: list[Any]
    errors: list[list[tuple[str, str, str]]]
    bad: Any  # rows whose cell does not structure, or None


def _empty_result(field: _Field) -> tuple[Any, list[tuple[str, str, str]]]:
    if field.column.required and field.column.optional:
        return None, []
    if field.column.required:
        return ABSENT, [("", MISSING, "field.missing")]
    return field.column.default, []


def _coded(pa: Any, pc: Any, converter: cattrs.Converter, field: _Field, column: Any) -> _Coded:
    if hasattr(column, "unify_dictionaries") and pa.types.is_dictionary(column.type) and column.num_chunks > 1:
        column = column.unify_dictionaries()
    array = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    encoded = array if pa.types.is_dictionary(array.type) else pc.dictionary_encode(array)
    indices, raws = encoded.indices, encoded.dictionary.to_pylist()
    if indices.null_count:
        indices = indices.fill_null(len(raws))
        raws.append(None)
    distinct: list[Any] = []
    errors: list[list[tuple[str, str, str]]] = []
    for raw in raws:
        if raw is None or raw == "":
            value, found = _empty_result(field)
        else:
            try:
                slot = raw if type(raw) is str else (type(raw), raw)  # True and 1 are one dict key
                cached = field.cache.get(slot)
                if cached is None:
                    cached = field.cache[slot] = _structure_cell(converter, field, raw)
            except TypeError:
                cached = _structure_cell(converter, field, raw)
            value, found = cached
        distinct.append(value)
        errors.append(found)
    bad = None
    if any(errors):
        bad = pa.array([bool(found) for found in errors], type=pa.bool_()).take(indices)
    if len(distinct) == 1 and not errors[0]:
        return _Coded(None, distinct, errors, bad)
    return _Coded(indices.cast(pa.int32()), distinct, errors, bad)


@attrs.define
class _Plain:
    """A field as one Arrow array of values (keys, numbers), with the errors of its few bad rows."""

    values: Any
    bad: Any
    row_errors: dict[int, list[tuple[str, str, str]]]
    spaced: Any = None  # keys written with a space at their start or end (``key.charset``), or None


def _slow_rows(pa: Any, pc: Any, mask: Any) -> list[int]:
    return [] if not pc.any(mask).as_py() else pc.indices_nonzero(mask).to_pylist()


def _mask_at(pa: Any, n: int, rows: Iterable[int]) -> Any:
    """A boolean Arrow array of ``n`` rows, true at ``rows`` (built on the rare paths only)."""
    flags = [False] * n
    for row in rows:
        flags[row] = True
    return pa.array(flags, type=pa.bool_())


def _keys(pa: Any, pc: Any, converter: cattrs.Converter, field: _Field, column: Any) -> _Plain:
    text = _text_array(pa, pc, column)
    n = len(column)
    row_errors: dict[int, list[tuple[str, str, str]]] = {}
    if text is None:  # not text at all (a Parquet column of numbers): every cell on its own
        raws = column.to_pylist()
        values: list[str] = []
        for row, raw in enumerate(raws):
            value, found = _empty_result(field) if raw is None or raw == "" else _structure_cell(converter, field, raw)
            if found:
                row_errors[row] = found
            values.append(value if isinstance(value, str) else "")
        bad = pa.array([row in row_errors for row in range(n)], type=pa.bool_())
        return _Plain(pa.array(values, type=pa.string()), bad, row_errors)
    empty = pc.equal(text, "")
    plain = pc.ascii_is_printable(text)  # printable ASCII (and empty text, set apart above)
    keys = pc.utf8_trim(text, " ")  # what str.strip() does to printable ASCII
    # In printable ASCII the one space str.strip() removes is " ": trimming changed those keys.
    spaced = pc.and_(plain, pc.not_equal(keys, text))
    slow = _slow_rows(pa, pc, pc.and_(pc.invert(plain), pc.invert(empty)))
    replacements: list[str] = []
    spaced_slow: list[int] = []
    for row in slow:
        raw = text[row].as_py()
        if raw != raw.strip():
            spaced_slow.append(row)
        value, found = _structure_cell(converter, field, raw)
        if found:
            row_errors[row] = found
        replacements.append(value if isinstance(value, str) else "")
    if spaced_slow:
        spaced = pc.or_(spaced, _mask_at(pa, n, spaced_slow))
    if slow:
        keys = pc.replace_with_mask(keys, _mask_at(pa, n, slow), pa.array(replacements, type=pa.string()))
    for row in _slow_rows(pa, pc, empty):
        row_errors[row] = _empty_result(field)[1]
    bad = empty
    if slow and any(row in row_errors for row in slow):
        bad = pc.or_(bad, _mask_at(pa, n, (row for row in slow if row in row_errors)))
    return _Plain(keys, bad, row_errors, spaced if pc.any(spaced).as_py() else None)


def _numbers(pa: Any, pc: Any, converter: cattrs.Converter, field: _Field, column: Any) -> _Plain:
    array = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    n = len(array)
    row_errors: dict[int, list[tuple[str, str, str]]] = {}
    replacements: dict[int, Any] = {}
    if pa.types.is_integer(array.type) or pa.types.is_floating(array.type):
        values = array.cast(pa.float64())
        absent = values.is_null()
        odd = pc.invert(pc.is_finite(values).fill_null(True))
        for row in _slow_rows(pa, pc, odd):
            value, found = _structure_cell(converter, field, values[row].as_py())
            replacements[row] = value
            if found:
                row_errors[row] = found
    else:
        text = _text_array(pa, pc, array)
        if text is None:  # booleans or dates where a number belongs: each cell says what it is
            text_values = array.to_pylist()
            values = pa.nulls(n, pa.float64())
            absent = pa.array([raw is None for raw in text_values], type=pa.bool_())
            for row, raw in enumerate(text_values):
                if raw is not None:
                    value, found = _structure_cell(converter, field, raw)
                    replacements[row] = value
                    if found:
                        row_errors[row] = found
        else:
            absent = pc.equal(text, "")
            cells = pc.if_else(absent, pa.scalar(None, pa.string()), text) if pc.any(absent).as_py() else text
            try:  # Arrow reads exactly the numbers of tables._NUMBER, and inf/nan words (left to Python below)
                values = pc.cast(cells, pa.float64())
                number = pc.invert(absent)
            except pa.ArrowInvalid:  # some cell is not a number: find which
                number = pc.match_substring_regex(text, _NUMBER_PATTERN)
                values = pc.cast(pc.if_else(number, text, pa.scalar(None, pa.string())), pa.float64())
            odd = pc.or_(pc.and_(pc.invert(number), pc.invert(absent)),
                         pc.invert(pc.is_finite(values).fill_null(True)))
            for row in _slow_rows(pa, pc, odd):
                value, found = _structure_cell(converter, field, text[row].as_py())
                replacements[row] = value
                if found:
                    row_errors[row] = found
    empty_value, empty_errors = _empty_result(field)
    if empty_errors or empty_value is not None:  # an empty cell that is not simply "no number"
        for row in _slow_rows(pa, pc, absent):
            replacements[row] = empty_value
            if empty_errors:
                row_errors[row] = empty_errors
    if replacements:
        rows = sorted(replacements)
        new = [replacements[row] if isinstance(replacements[row], float) else None for row in rows]
        values = pc.replace_with_mask(values, _mask_at(pa, n, rows), pa.array(new, type=pa.float64()))
    bad = _mask_at(pa, n, row_errors) if row_errors else None
    return _Plain(values, bad, row_errors)


def structure_columns(
    name: str,
    data: Any,
    converter: cattrs.Converter,
    context: Context,
    known: KnownKeys,
    row_numbers: Any = None,
    caches: dict[str, dict[Any, Any]] | None = None,
) -> tuple[ObservationTable | None, list[Found]]:
    """Structure and check an observations table held as Arrow columns (header already checked).

    Returns the table of accepted rows (those a row-by-row load would add; None if none is) and
    the problems, each with its row number (lines are filled in by the caller for CSV).
    """
    pa = import_arrow()
    import pyarrow.compute as pc

    schema = SCHEMAS["observations"]
    # Columns are given up as soon as they are worked out: a million rows of text are let go early.
    columns: dict[str, Any] = data if isinstance(data, dict) else {name: data.column(name) for name in data.column_names}
    del data
    n = len(next(iter(columns.values()))) if columns else 0
    rows = row_numbers  # None: the row at position p is row p + 1 of the file
    position = {column_name: index for index, column_name in enumerate(columns)}
    column_number = {column_name: index + 1 for column_name, index in position.items()}
    found: list[Found] = []
    shared = caches if caches is not None else {}  # one cache per field for every table of a load
    fields = [_Field(column, position.get(column.name, -1), _OBSERVATION_HINTS[column.attribute],
                     shared.setdefault(column.name, {}))
              for column in schema.columns if column.encoding != "derived"]
    worked: dict[str, Any] = {}
    raw_keys: Any = None
    for field in fields:
        column_name = field.column.name
        if field.position < 0:
            worked[column_name] = _Coded(None, [field.column.default], [[]], None)
        elif column_name == "key":
            key_column = columns.pop("key")
            text = _text_array(pa, pc, key_column)
            raw_keys = text if text is not None else key_column  # the cells as written, for problems
            worked[column_name] = _keys(pa, pc, converter, field, raw_keys)
            # Counting distinct keys, the one long step on the keys alone, runs beside the rest.
            counting = _BACKGROUND.submit(_distinct, pa, worked[column_name].values)
        elif column_name in ("value", "denominator"):
            worked[column_name] = _numbers(pa, pc, converter, field, columns.pop(column_name))
        else:
            worked[column_name] = _coded(pa, pc, converter, field, columns.pop(column_name))

    # Whether two rows of the table share a series and a period end, worked out beside the rest.
    series_summary = _BACKGROUND.submit(_SeriesKeys.of, pa, pc, worked["indicator"], worked["scope"], worked["period"], n)

    # Rows with a cell that does not structure: their problems, field by field, as the row path.
    bad_masks = [result.bad for result in worked.values() if result.bad is not None]
    bad_any = None
    for mask in bad_masks:
        bad_any = mask if bad_any is None else pc.or_(bad_any, mask)
    row_number_list: list[int] | None = None

    def row_number(row: int) -> int:
        nonlocal row_number_list
        if rows is None:
            return row + 1
        if row_number_list is None:
            row_number_list = rows.to_pylist()
        return row_number_list[row]

    spaced = worked["key"].spaced if isinstance(worked["key"], _Plain) else None
    if spaced is not None:
        for row in _slow_rows(pa, pc, spaced):
            raw_key = raw_keys[row].as_py()
            for rule, field_name, message in key_charset_findings("key", raw_key):
                found.append((row_number(row), (_ROW_ORDER["key"], 0), Problem(
                    name, f"row {row_number(row)}.{field_name}", message, record=raw_key, rule=rule,
                    column=column_number.get(field_name))))
    if bad_any is None:
        raw_keys = None  # the keys as written serve only to name bad rows
    else:
        for row in _slow_rows(pa, pc, bad_any):
            raw_key = raw_keys[row].as_py() if raw_keys is not None else None
            label = None if raw_key in (None, "") else str(raw_key)
            order = 0
            for field in fields:
                result = worked[field.column.name]
                if result.bad is None or not result.bad[row].as_py():
                    continue
                if isinstance(result, _Coded):
                    errors = result.errors[result.codes[row].as_py() if result.codes is not None else 0]
                else:
                    errors = result.row_errors[row]
                for suffix, message, rule in errors:
                    found.append((row_number(row), (_ROW_ORDER["field"], order), Problem(
                        name, f"row {row_number(row)}.{field.column.name}{suffix}", message, record=label, rule=rule,
                        column=column_number.get(field.column.name))))
                    order += 1
            # a cell that did not structure must not hide the period's own defects (as for TOML)
            period_result = worked["period"]
            if period_result.bad is None or not period_result.bad[row].as_py():
                period = period_result.distinct[period_result.codes[row].as_py() if period_result.codes is not None else 0]
                if period is not ABSENT and period is not None:
                    for rule, field_name, message in period_findings("period", period):
                        found.append((row_number(row), (_ROW_ORDER["rule"], order), Problem(
                            name, f"row {row_number(row)}.{field_name}", message, record=label, rule=rule,
                            column=column_number.get(field_name))))
                        order += 1
    ok = pc.invert(bad_any) if bad_any is not None else None

    keys: Any = worked["key"].values
    values: Any = worked["value"].values
    denominators: Any = worked["denominator"].values if isinstance(worked["denominator"], _Plain) else None
    coded = {field: worked[field] for field in CODED}

    # Record rules: the rows a vectorised test picks, checked by check_observation itself.
    def taken(result: _Coded) -> Any:
        return None if result.codes is None else result.codes

    def flag_by(field: str, test: Callable[[Any], bool]) -> Any:
        result = coded[field]
        flags = [value is not ABSENT and bool(test(value)) for value in result.distinct]
        if result.codes is None:
            return pa.repeat(pa.scalar(flags[0]), n)
        return pa.array(flags, type=pa.bool_()).take(result.codes)

    period_cache: dict[int, Any] = {}
    candidates = pc.equal(keys, "")
    candidates = pc.or_(candidates, flag_by("period", lambda period: bool(
        period_findings("period", period) or observation_cutoff_findings(period, context))))
    candidates = pc.or_(candidates, flag_by("sources", lambda sources: not sources))
    bounds = [value_bounds(indicator) if indicator is not ABSENT else (0.0, 0.0, False)
              for indicator in coded["indicator"].distinct]
    low = pa.array([bound[0] for bound in bounds], type=pa.float64())
    high = pa.array([bound[1] for bound in bounds], type=pa.float64())
    whole = pa.array([bound[2] for bound in bounds], type=pa.bool_())
    indicator_codes = taken(coded["indicator"])
    if indicator_codes is not None:
        low, high, whole = low.take(indicator_codes), high.take(indicator_codes), whole.take(indicator_codes)
    else:
        low, high, whole = (pa.repeat(array[0], n) for array in (low, high, whole))
    # (nulls, from bad cells or absent denominators, must not hide a flag: Kleene logic keeps "true or null" true)
    outside = pc.or_kleene(pc.less(values, low), pc.greater(values, high))
    outside = pc.or_kleene(outside, pc.and_kleene(whole, pc.not_equal(values, pc.floor(values))))
    if denominators is not None:
        outside = pc.or_kleene(outside, pc.or_kleene(pc.less_equal(denominators, 0.0),
                                                     pc.greater(values, denominators)))
    candidates = pc.or_(candidates, outside.fill_null(False))
    if ok is not None:
        candidates = pc.and_(candidates, ok)
    candidates = candidates.fill_null(False)

    def cell(field: str, row: int) -> Any:
        result = coded[field]
        return result.distinct[0] if result.codes is None else result.distinct[result.codes[row].as_py()]

    for row in _slow_rows(pa, pc, candidates):
        key = keys[row].as_py()
        value = values[row].as_py()
        denominator = denominators[row].as_py() if denominators is not None else None
        for order, (rule, field_name, message) in enumerate(check_observation(
                key, cell("period", row), bool(cell("sources", row)), cell("indicator", row), value, denominator,
                context, period_cache)):
            found.append((row_number(row), (_ROW_ORDER["rule"], order), Problem(
                name, f"row {row_number(row)}.{field_name}", message, record=key, rule=rule,
                column=column_number.get(field_name))))

    # Derived columns: compared as text, worked out per distinct period and scope.
    for order, column in enumerate(c for c in schema.columns if c.encoding == "derived"):
        if column.name not in position:
            continue
        given = columns.pop(column.name).combine_chunks()
        text = _text_array(pa, pc, given)
        if text is None:
            text = pc.cast(given, pa.string()).fill_null("")
        source_field = "scope" if column.name == "province" else "period"
        expected_by_code = [
            "" if value is ABSENT else _derived_text(column.name, value) for value in coded[source_field].distinct]
        codes = taken(coded[source_field])
        expected = pa.array(expected_by_code, type=pa.string())
        expected = expected.take(codes) if codes is not None else pa.array(expected_by_code * n, type=pa.string())
        differ = pc.and_(pc.not_equal(pc.utf8_trim_whitespace(text), expected), pc.not_equal(text, ""))
        if ok is not None:
            differ = pc.and_(differ, ok)
        for row in _slow_rows(pa, pc, differ.fill_null(False)):
            observation = _row_observation(row, keys, values, denominators, coded)
            expected_value = derived_value(column.name, observation)
            raw = given[row].as_py()
            if same_derived(column, raw, expected_value):
                continue
            found.append((row_number(row), (_ROW_ORDER["derived"], order), Problem(
                name, f"row {row_number(row)}.{column.name}", (
                    f"derived column {column.name!r} says {raw!r}, but the record gives "
                    f"{'nothing' if expected_value is None else repr(str(expected_value))}; leave it empty or correct it"),
                record=observation.key, rule="table.derived", column=column_number.get(column.name))))

    # Duplicate keys: earlier records and tables first, then the first row of the table wins.
    accepted = ok
    usable_keys = keys if ok is None else keys.filter(ok)
    seen = known.mask(pa, pc, keys)
    if ok is not None:
        seen = pc.and_(seen, ok)
    duplicate = seen
    all_distinct = counting.result() == n  # every key differs (then those of the good rows too)
    if not all_distinct and _distinct(pa, usable_keys) < len(usable_keys):
        numbered = pa.Table.from_arrays([keys, pa.array(list(range(n)), type=pa.int64())], names=["key", "row"])
        if ok is not None:
            numbered = numbered.filter(ok)
        first = numbered.group_by("key").aggregate([("row", "min")])
        later = pc.invert(_mask_at(pa, n, first["row_min"].to_pylist()))
        if ok is not None:
            later = pc.and_(later, ok)
        duplicate = pc.or_(duplicate, later)
    for row in _slow_rows(pa, pc, duplicate):
        key = keys[row].as_py()
        found.append((row_number(row), (_ROW_ORDER["duplicate"], 0), Problem(
            name, f"row {row_number(row)}.key", f"duplicate key {key!r}", record=key, rule="key.duplicate",
            column=column_number.get("key"))))
    if pc.any(duplicate).as_py():
        accepted = pc.invert(duplicate) if accepted is None else pc.and_(accepted, pc.invert(duplicate))

    found.sort(key=lambda item: (item[0], item[1]))
    if accepted is not None:
        if not pc.any(accepted).as_py():
            return None, found
        chosen = pc.indices_nonzero(accepted).cast(pa.int64())
        rows = pc.add(chosen, 1) if rows is None else rows.take(chosen)
        keys, values = keys.filter(accepted), values.filter(accepted)
        denominators = denominators.filter(accepted) if denominators is not None else None
        coded = {field: attrs.evolve(result, codes=None if result.codes is None else result.codes.filter(accepted))
                 for field, result in coded.items()}
    table = ObservationTable.build(name, rows, keys, values, denominators,
                                   {field: (result.codes, _placeheld(result.distinct)) for field, result in coded.items()})
    summary = series_summary.result()
    table.facts["series"] = summary if accepted is None else attrs.evolve(summary, keys=summary.keys.filter(accepted))
    known.add_table(keys)
    return table, found


@attrs.frozen
class _SeriesKeys:
    """Each row's series and period end as one integer, with the ids it was built from.

    ``distinct`` is true when no two rows of the whole table (bad rows too) share one, which
    settles ``series.period_end`` for the table without looking again.
    """

    keys: Any
    distinct: bool
    indicators: dict[str, int]
    scopes: dict[str, int]

    SHIFT = 1 << 22  # an ordinal day fits in 22 bits
    WIDTH = 1 << 20  # a scope id in 20

    @classmethod
    def of(cls, pa: Any, pc: Any, indicator: _Coded, scope: _Coded, period: _Coded, n: int) -> _SeriesKeys:
        indicators: dict[str, int] = {}
        scopes: dict[str, int] = {}
        by_indicator = pa.array([0 if value is ABSENT else indicators.setdefault(value.key, len(indicators)) * cls.WIDTH
                                 for value in indicator.distinct], type=pa.int64())
        by_scope = pa.array([0 if value is ABSENT else scopes.setdefault(series_scope(value), len(scopes))
                             for value in scope.distinct], type=pa.int64())
        ends = pa.array([0 if value is ABSENT else value.end.toordinal() for value in period.distinct], type=pa.int64())

        def spread(values: Any, coded: _Coded) -> Any:
            return values.take(coded.codes) if coded.codes is not None else pa.repeat(values[0], n)

        series = pc.add(spread(by_indicator, indicator), spread(by_scope, scope))
        keys = pc.add(pc.multiply(series, cls.SHIFT), spread(ends, period))
        return cls(keys, _distinct(pa, keys) == n, indicators, scopes)

    def key(self, observation: Observation) -> int | None:
        """The key of a record held as an object, or None if its series is not in the table."""
        indicator = self.indicators.get(observation.indicator.key)
        scope = self.scopes.get(series_scope(observation.scope))
        if indicator is None or scope is None:
            return None
        return (indicator * self.WIDTH + scope) * self.SHIFT + observation.period.end.toordinal()


def _placeheld(distinct: list[Any]) -> list[Any]:
    """Distinct values with those of bad cells (which no kept row uses) replaced by a good one."""
    good = next((value for value in distinct if value is not ABSENT), None)
    return [good if value is ABSENT else value for value in distinct]


# Arrow releases the GIL: the two long counts of a table run (one after the other, to hold one hash
# table at a time) beside the Python work on its columns.
_BACKGROUND = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="ducs-columns")


def _distinct(pa: Any, values: Any) -> int:
    """How many distinct values (no nulls): sorted, then equal neighbours counted.

    A sort holds one array of positions beside the values, where a hash table of a million
    keys held several times their size (and was slower on keys written in order).
    """
    import pyarrow.compute as pc

    n = len(values)
    if n < 2:
        return n
    ordered = values.take(pc.sort_indices(values))
    repeats = pc.sum(pc.equal(ordered.slice(1), ordered.slice(0, n - 1))).as_py()
    return n - int(repeats or 0)


def _derived_text(name: str, value: Any) -> str:
    """The text of a derived column for a distinct scope (``province``) or period (the others)."""
    if name == "province":
        return value.province.key if value.province is not None else ""
    if name == "year":
        return str(value.start.year)
    if name == "period_start":
        return plain_date(value.start).isoformat()
    return plain_date(value.end).isoformat()


def _row_observation(row: int, keys: Any, values: Any, denominators: Any, coded: dict[str, _Coded]) -> Observation:
    parts: list[Any] = []
    for name in FIELDS:
        if name == "key":
            parts.append(keys[row].as_py())
        elif name == "value":
            parts.append(values[row].as_py())
        elif name == "denominator":
            parts.append(denominators[row].as_py() if denominators is not None else None)
        else:
            result = coded[name]
            parts.append(result.distinct[0] if result.codes is None else result.distinct[result.codes[row].as_py()])
    return Observation(*parts)


# --- the dataset rules over columns ---------------------------------------------------------------


def _codes(pa: Any, table: ObservationTable, field: str) -> Any:
    codes = table.codes(field)
    return pa.repeat(pa.scalar(0, pa.int32()), len(table)) if codes is None else codes


def _clear_of_clashes(pa: Any, pc: Any, summary: _SeriesKeys | None, objects: Sequence[Observation]) -> bool:
    """True when a table's rows share no series and period end, with each other or with ``objects``."""
    if summary is None or not summary.distinct:
        return False
    own = [key for key in (summary.key(observation) for observation in objects) if key is not None]
    if not own:
        return len({series_key(observation) for observation in objects}) == len(objects)
    if len({series_key(observation) for observation in objects}) < len(objects):
        return False
    return not pc.any(pc.is_in(summary.keys, value_set=pa.array(own, type=pa.int64()))).as_py()


class ColumnarChecks:
    """The observation rules of :func:`ducs.rules.check_dataset` over columnar tables.

    ``note(table, index, observation)`` is told of every row a finding names (its record is
    built for that), so the loader can say where it was read.
    """

    def __init__(self, tables: Sequence[ObservationTable],
                 note: Callable[[ObservationTable, int, Observation], None]) -> None:
        self.tables = list(tables)
        self.note = note

    def _row(self, table: ObservationTable, index: int) -> Observation:
        observation = table[index]
        self.note(table, index, observation)
        return observation

    def in_force(self) -> Iterator[tuple[Any, str, str, str]]:
        pa = import_arrow()
        import pyarrow.compute as pc

        for table in self.tables:
            candidate = pc.and_(table.mask("scope", lambda scope: scope.province is not None),
                                table.mask("restated", lambda restated: not restated))
            if not pc.any(candidate).as_py():
                continue
            scopes, periods = table.distinct("scope"), table.distinct("period")
            pair = pc.add(pc.multiply(_codes(pa, table, "scope").cast(pa.int64()), len(periods)),
                          _codes(pa, table, "period").cast(pa.int64()))
            flagged: dict[int, str] = {}
            for code in pc.unique(pair.filter(candidate)).to_pylist():
                scope_code, period_code = divmod(code, len(periods))
                message = in_force_message(scopes[scope_code].province, periods[period_code])
                if message is not None:
                    flagged[code] = message
            if not flagged:
                continue
            rows = pc.and_(candidate, pc.is_in(pair, value_set=pa.array(list(flagged), type=pa.int64())))
            pairs = pair.to_pylist() if len(flagged) else []
            for index in pc.indices_nonzero(rows).to_pylist():
                yield self._row(table, index), "scope.in_force", "scope", flagged[pairs[index]]

    def series(self, objects: Sequence[Observation], describe: Callable[[Any], str]) -> Iterator[tuple[Any, str, str, str]]:
        pa = import_arrow()
        import pyarrow.compute as pc

        if len(self.tables) == 1 and _clear_of_clashes(pa, pc, self.tables[0].facts.get("series"), objects):
            return

        indicators: dict[str, int] = {}
        scopes: dict[str, int] = {}
        shift, width = 1 << 22, 1 << 20  # an ordinal day fits in 22 bits, a scope id in 20

        def indicator_id(key: str) -> int:
            return indicators.setdefault(key, len(indicators))

        def scope_id(text: str) -> int:
            return scopes.setdefault(text, len(scopes))

        parts = [pa.array([(indicator_id(obs.indicator.key) * width + scope_id(series_scope(obs.scope))) * shift
                           + obs.period.end.toordinal() for obs in objects], type=pa.int64())]
        for table in self.tables:
            by_indicator = pa.array([indicator_id(indicator.key) * width for indicator in table.distinct("indicator")],
                                    type=pa.int64())
            by_scope = pa.array([scope_id(series_scope(scope)) for scope in table.distinct("scope")], type=pa.int64())
            ends = pa.array([period.end.toordinal() for period in table.distinct("period")], type=pa.int64())
            series = pc.add(by_indicator.take(_codes(pa, table, "indicator")), by_scope.take(_codes(pa, table, "scope")))
            parts.append(pc.add(pc.multiply(series, shift), ends.take(_codes(pa, table, "period"))))
        keys = pa.concat_arrays(parts)
        if _distinct(pa, keys) == len(keys):
            return
        counts = pc.value_counts(keys)
        clashing = pc.is_in(keys, value_set=counts.field("values").filter(pc.greater(counts.field("counts"), 1)))
        members: dict[int, list[int]] = {}
        key_list = keys.to_pylist()
        for position in pc.indices_nonzero(clashing).to_pylist():
            members.setdefault(key_list[position], []).append(position)
        offsets = [len(objects)]
        for table in self.tables:
            offsets.append(offsets[-1] + len(table))

        def record(position: int) -> Observation:
            if position < len(objects):
                return objects[position]
            for number, table in enumerate(self.tables):
                if position < offsets[number + 1]:
                    return self._row(table, position - offsets[number])
            raise IndexError(position)  # pragma: no cover

        for clash in sorted(members.values(), key=lambda found: found[0]):
            first = record(clash[0])
            for position in clash[1:]:
                observation = record(position)
                yield observation, "series.period_end", "period", series_message(observation, first, describe)

    def measures(self, targets: Mapping[str, Any]) -> Iterator[tuple[Any, str, str, str]]:
        pa = import_arrow()
        import pyarrow.compute as pc

        for table in self.tables:
            reported = table.mask("target", lambda target: target is not None)
            if not pc.any(reported).as_py():
                continue
            names, matches, indicators = (table.distinct(field) for field in ("target", "match", "indicator"))
            triple = pc.add(pc.multiply(pc.add(pc.multiply(_codes(pa, table, "target").cast(pa.int64()), len(matches)),
                                               _codes(pa, table, "match").cast(pa.int64())), len(indicators)),
                            _codes(pa, table, "indicator").cast(pa.int64()))
            flagged: dict[int, list[tuple[str, str, str]]] = {}
            for code in pc.unique(triple.filter(reported)).to_pylist():
                rest, indicator_code = divmod(code, len(indicators))
                target_code, match_code = divmod(rest, len(matches))
                found = measure_findings(names[target_code], matches[match_code], indicators[indicator_code], targets)
                if found:
                    flagged[code] = found
            if not flagged:
                continue
            rows = pc.and_(reported, pc.is_in(triple, value_set=pa.array(list(flagged), type=pa.int64())))
            codes = triple.to_pylist()
            for index in pc.indices_nonzero(rows).to_pylist():
                observation = self._row(table, index)
                for rule, field, message in flagged[codes[index]]:
                    yield observation, rule, field, message
