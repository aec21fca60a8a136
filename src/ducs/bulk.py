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

import typing
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import cattrs

from ducs.converter import Registry, problem_messages
from ducs.errors import DucsError, MissingExtraError, Problem, did_you_mean
from ducs.model import Observation
from ducs.rules import Context, check_observation
from ducs.tables import (
    ABSENT,
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
        pa = import_arrow()
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
    fields = [_Field(column, position.get(column.name, -1), _OBSERVATION_HINTS[column.attribute], {})
              for column in schema.columns if column.encoding != "derived"]
    derived = [(column, position[column.name]) for column in schema.columns
               if column.encoding == "derived" and column.name in position]
    column_number = {name: index + 1 for name, index in position.items()}
    listing = Listing(table.name, problems)
    width = len(table.header)
    period_cache: dict[int, Any] = {}
    key_field = fields[0]
    template = [field.column.default for field in fields]  # a column the table leaves out: its default
    present = [(index, field.position, field.column.name, field.column.required, field.column.optional,
                field.cache, field.column.name in _SLOW_FIELDS, field)
               for index, field in enumerate(fields) if field.position >= 0]
    for number, line, cells in table.rows:
        if len(cells) != width:
            listing.add(_width_problem(table, number, line, cells))
            continue
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
                    cached = cache.get(raw)
                    if cached is None:
                        cached = cache[raw] = _structure_cell(converter, field, raw)
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


class TableError(DucsError):
    """A table cannot be written (a value no cell can hold)."""
