"""Export a dataset as a Frictionless Data Package: one table per kind of record, in CSV or Parquet.

:meth:`ducs.dataset.Dataset.export` writes, in a new or empty folder, one table per kind of
record (``sources.csv`` … ``milestones.csv``, or ``.parquet``) with the columns of
:data:`ducs.tables.SCHEMAS`, and a ``datapackage.json`` describing them: a Table Schema per
table with its types, primary key and foreign keys, the licence and the sources. Any tool that
reads Data Packages (frictionless, DuckDB, pandas, Spark, a BI tool) can use the folder, and
``ducs.load(folder)`` reads it back into an equal dataset, with every check of a load.

A large observations table in Parquet is written partitioned the way Hive, Spark, DuckDB and
polars expect (``observations/indicator=<key>/year=<year>/part-0.parquet``), so an engine
reading one indicator or one year opens only those files. Each file keeps every column (the
partition columns included), so each is a complete table on its own.

>>> import ducs, tempfile, json, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "export"
>>> descriptor = json.loads(ducs.load().export(out, format="csv").read_text(encoding="utf-8"))
>>> [r["name"] for r in descriptor["resources"]][:4]
['sources', 'documents', 'provinces', 'indicators']
>>> ducs.load(out).observations.get("doc003-laocai-portal-share") == ducs.load().observations.get("doc003-laocai-portal-share")
True
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
import tempfile
import urllib.parse
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import attrs

from ducs.columns import ObservationTable
from ducs.converter import get_converter
from ducs.errors import DucsError, Problem
from ducs.model import KINDS
from ducs.periods import plain_date
from ducs.tables import BULK_SUFFIXES, SCHEMAS, Column, TableSchema, encode_sources, import_arrow, record_row

__all__ = ["FORMAT_VERSION", "PACKAGE_FILE", "PARTITION_ROWS", "ExportError", "Package", "descriptor",
           "export", "read_descriptor"]

PACKAGE_FILE = "datapackage.json"
FORMAT_VERSION = 1
PARTITION_ROWS = 100_000  # a Parquet observations table with more rows is partitioned by indicator and year
Format = Literal["parquet", "csv"]
_LICENSE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*")


class ExportError(DucsError):
    """An export could not be written (a folder in the way, a value no table cell can hold)."""


# --- the descriptor ----------------------------------------------------------------------------


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": column.type}
    if column.description:
        field["description"] = column.description
    constraints: dict[str, Any] = {}
    optional = "None" in repr(column.hint) if column.hint is not None else True
    if column.required and not optional:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(schema: TableSchema, self_name: str | None = None) -> dict[str, Any]:
    """The Table Schema of one table (``self_name``: the resource name foreign keys to its own kind use)."""
    foreign = []
    for key in schema.foreign_keys:
        resource = "" if key.resource == schema.kind.name else key.resource
        foreign.append({"fields": key.column, "reference": {"resource": resource, "fields": key.key}})
    out: dict[str, Any] = {
        "fields": [_field(column) for column in schema.columns],
        "missingValues": [""],
        "primaryKey": list(schema.primary_key),
    }
    if foreign:
        out["foreignKeys"] = foreign
    return out


def _license(text: str) -> dict[str, str]:
    if _LICENSE_ID.fullmatch(text):
        return {"name": text, "title": f"{text} (the data as published; facts are paraphrased from the cited sources)"}
    return {"name": "other", "title": text}


def descriptor(dataset: Any, resources: Sequence[dict[str, Any]], license: str | None = None) -> dict[str, Any]:
    """The ``datapackage.json`` of an export: package metadata, licence, sources, then the resources."""
    meta: dict[str, Any] = {"format": FORMAT_VERSION, "title": dataset.title, "data_version": dataset.data_version,
                            "cutoff": dataset.cutoff.isoformat()}
    chosen = license if license is not None else dataset.license
    if chosen is not None:
        meta["license"] = chosen
    sources = []
    for source in dataset.sources:
        title = source.title if source.title and source.title != "unknown" else source.publisher
        entry = {"title": f"{source.id}: {title}"}
        if source.url:
            entry["path"] = source.url
        sources.append(entry)
    out: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "ducs",
        "title": dataset.title,
        "version": dataset.data_version,
        "description": (f"{dataset.title}: every record of the dataset, one table per kind, cut-off "
                        f"{dataset.cutoff.isoformat()} (written by ducs; read it back with ducs.load(folder))."),
    }
    if chosen is not None:
        out["licenses"] = [_license(chosen)]
    out["sources"] = sources
    out["ducs"] = meta
    out["resources"] = list(resources)
    return out


# --- writing tables --------------------------------------------------------------------------


def _number_text(value: float) -> str:
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _write_csv(path: Path, schema: TableSchema, rows: Iterable[dict[str, Any]]) -> None:
    names = schema.names
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([_cell_text(row[name]) for name in names])


def _arrow_type(pa: Any, column: Column) -> Any:
    return {
        "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32(),
    }.get(column.type, pa.string())


def _arrow_table(pa: Any, schema: TableSchema, rows: Sequence[dict[str, Any]]) -> Any:
    arrays = []
    for column in schema.columns:
        values = [row[column.name] for row in rows]
        if column.type == "time":
            values = [None if value is None else str(value) for value in values]
        arrays.append(pa.array(values, type=_arrow_type(pa, column)))
    return pa.Table.from_arrays(arrays, schema=pa.schema(
        [pa.field(column.name, _arrow_type(pa, column)) for column in schema.columns]))


def _write_parquet(pa: Any, path: Path, schema: TableSchema, rows: Sequence[dict[str, Any]]) -> None:
    pa.parquet.write_table(_arrow_table(pa, schema, rows), path, compression="zstd")


def _resource(name: str, path: str | list[str], fmt: Format, schema: dict[str, Any] | str, rows: int) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "path": path, "profile": "tabular-data-resource", "format": fmt}
    if fmt == "csv":
        out.update({"mediatype": "text/csv", "encoding": "utf-8"})
    else:
        out["mediatype"] = "application/vnd.apache.parquet"
    out["schema"] = schema
    out["ducs"] = {"kind": name.split("-part-")[0], "rows": rows}
    return out


def _partition_value(text: str) -> str:
    """A Hive partition value: safe characters kept, anything else percent-encoded (as Hive does)."""
    return urllib.parse.quote(text, safe="-_.") if text not in (".", "..") else urllib.parse.quote(text, safe="")


def export(dataset: Any, folder: str | Path, format: Format = "parquet", *, license: str | None = None,
           partition_rows: int = PARTITION_ROWS) -> Path:
    """Write ``dataset`` as a Data Package in ``folder`` (new or empty); returns ``datapackage.json``'s path.

    Args:
        dataset: a loaded :class:`~ducs.dataset.Dataset`.
        folder: where to write; it must not exist yet or be empty. The export is written beside
            it first and moved in place at the end, so a failed export leaves nothing behind.
        format: ``"parquet"`` (needs the ``arrow`` extra) or ``"csv"``.
        license: the data's licence (default: what meta.toml states; none is claimed otherwise).
        partition_rows: a Parquet observations table with more rows than this is written
            partitioned by indicator and year.

    Raises:
        ExportError: the folder is not empty, or a value cannot be written.
        MissingExtraError: Parquet without pyarrow (``pip install 'ducs[arrow]'``).
    """
    if format not in ("parquet", "csv"):
        raise ExportError(f"unknown export format {format!r}; use 'parquet' or 'csv'")
    pa = import_arrow(parquet=True) if format == "parquet" else None
    target = Path(folder)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExportError(f"{target} is not an empty folder; export into a new or empty folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        resources = _write_tables(dataset, scratch, format, pa, partition_rows)
        text = json.dumps(descriptor(dataset, resources, license), ensure_ascii=False, indent=2, allow_nan=False)
        (scratch / PACKAGE_FILE).write_text(text + "\n", encoding="utf-8")
        if target.exists():
            target.rmdir()
        os.replace(scratch, target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return target / PACKAGE_FILE


def _write_tables(dataset: Any, folder: Path, fmt: Format, pa: Any, partition_rows: int) -> list[dict[str, Any]]:
    resources: list[dict[str, Any]] = []
    for kind in KINDS:
        schema = SCHEMAS[kind.name]
        if kind.name == "observations" and (fmt == "parquet" or dataset.observations.tables):
            resources += _write_observations(dataset, folder, fmt, pa or import_arrow(), partition_rows)
            continue
        try:
            rows = [record_row(schema, record) for record in dataset.records(kind.name)]
        except ValueError as exc:
            raise ExportError(f"cannot export {kind.name}: {exc}") from None
        if fmt == "csv":
            _write_csv(folder / f"{kind.name}.csv", schema, rows)
            resources.append(_resource(kind.name, f"{kind.name}.csv", fmt, table_schema(schema), len(rows)))
        else:
            _write_parquet(pa, folder / f"{kind.name}.parquet", schema, rows)
            resources.append(_resource(kind.name, f"{kind.name}.parquet", fmt, table_schema(schema), len(rows)))
    return resources


# --- observations: records and columnar tables, as one Arrow table ------------------------------


def _cell(column: Column, value: Any) -> Any:
    """One field's cell, as :func:`ducs.tables.record_row` writes it (for a distinct value of a column)."""
    if column.encoding == "sources":
        return encode_sources(value)
    cell = get_converter().unstructure(value, unstructure_as=column.hint)
    if column.type == "string" and cell is not None and not isinstance(cell, str):
        return str(cell)
    return cell


def _derived(name: str, value: Any) -> Any:
    """A derived cell from a distinct scope (``province``) or period (the others)."""
    if name == "province":
        return value.province.key if value.province is not None else None
    if name == "year":
        return value.start.year
    return plain_date(value.start if name == "period_start" else value.end)


def _table_arrow(pa: Any, schema: TableSchema, table: ObservationTable) -> Any:
    """A columnar table's export columns: each distinct value written once, spread by its codes."""
    arrays = []
    for column in schema.columns:
        kind = _arrow_type(pa, column)
        if column.name == "key":
            arrays.append(table.key_array())
        elif column.name == "value":
            arrays.append(table.value_array())
        elif column.name == "denominator":
            arrays.append(table.denominator_array())
        else:
            field = column.attribute if column.encoding != "derived" else (
                "scope" if column.name == "province" else "period")
            cells = [_derived(column.name, value) if column.encoding == "derived" else _cell(column, value)
                     for value in table.distinct(field)]
            codes = table.codes(field)
            values = pa.array(cells, type=kind)
            arrays.append(pa.repeat(values[0], len(table)) if codes is None else values.take(codes))
    return pa.Table.from_arrays(arrays, schema=pa.schema([pa.field(c.name, _arrow_type(pa, c)) for c in schema.columns]))


def _observations_arrow(pa: Any, schema: TableSchema, dataset: Any) -> Any:
    """Every observation of the dataset as one Arrow table, in collection order."""
    collection = dataset.observations
    try:
        parts = [_arrow_table(pa, schema, [record_row(schema, record) for record in collection.objects])]
        parts += [_table_arrow(pa, schema, table) for table in collection.tables]
    except ValueError as exc:
        raise ExportError(f"cannot export observations: {exc}") from None
    return pa.concat_tables(parts)


def _write_observations(dataset: Any, folder: Path, fmt: Format, pa: Any, partition_rows: int) -> list[dict[str, Any]]:
    import pyarrow.compute as pc

    schema = SCHEMAS["observations"]
    data = _observations_arrow(pa, schema, dataset)
    if fmt == "csv":
        _write_csv_arrow(pa, pc, folder / "observations.csv", data)
        return [_resource("observations", "observations.csv", fmt, table_schema(schema), data.num_rows)]
    if data.num_rows <= partition_rows:
        pa.parquet.write_table(data, folder / "observations.parquet", compression="zstd")
        return [_resource("observations", "observations.parquet", fmt, table_schema(schema), data.num_rows)]
    return _write_partitions(pa, pc, folder, schema, data)


def _write_csv_arrow(pa: Any, pc: Any, path: Path, data: Any) -> None:
    """The table as CSV, cell for cell as :func:`_write_csv` writes it (numbers by :func:`_number_text`)."""
    columns = []
    for name in data.column_names:
        array = data.column(name).combine_chunks()
        if pa.types.is_floating(array.type):
            text = pa.array([_cell_text(value) for value in array.to_pylist()], type=pa.string())
        elif pa.types.is_string(array.type):
            text = array.fill_null("")
            needs = pc.match_substring_regex(text, '[,"\r\n]')
            if pc.any(needs).as_py():
                quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
                text = pc.if_else(needs, quoted, text)
        else:
            text = pc.cast(array, pa.string()).fill_null("")
        columns.append(text)
    lines = pc.binary_join_element_wise(*columns, ",") if len(columns) > 1 else columns[0]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(data.column_names) + "\n")
        step = 65_536
        for start in range(0, len(lines), step):
            handle.write("\n".join(lines.slice(start, step).to_pylist()) + "\n")


def _write_partitions(pa: Any, pc: Any, folder: Path, schema: TableSchema, data: Any) -> list[dict[str, Any]]:
    """One Parquet file per indicator and year, Hive style; one resource per file sharing one schema file.

    Rows keep their order within a file; files come in indicator and year order.
    """
    order = pc.sort_indices(data, sort_keys=[("indicator", "ascending"), ("year", "ascending")])
    data = data.take(order)
    indicators, years = data.column("indicator").combine_chunks(), data.column("year").combine_chunks()
    starts = [0]
    if data.num_rows > 1:
        change = pc.or_(pc.not_equal(indicators.slice(1), indicators.slice(0, data.num_rows - 1)),
                        pc.not_equal(years.slice(1), years.slice(0, data.num_rows - 1)))
        starts += [index + 1 for index in pc.indices_nonzero(change).to_pylist()]
    schema_path = "observations.schema.json"
    (folder / schema_path).write_text(json.dumps(table_schema(schema), ensure_ascii=False, indent=2) + "\n",
                                      encoding="utf-8")
    resources = []
    for number, (start, stop) in enumerate(zip(starts, [*starts[1:], data.num_rows], strict=True), start=1):
        indicator, year = indicators[start].as_py(), years[start].as_py()
        relative = f"observations/indicator={_partition_value(indicator)}/year={year}/part-0.parquet"
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        pa.parquet.write_table(data.slice(start, stop - start), path, compression="zstd")
        resources.append(_resource(f"observations-part-{number:05d}", relative, "parquet", schema_path, stop - start))
    return resources


# --- reading the descriptor back -------------------------------------------------------------


@attrs.frozen
class Package:
    """What ``datapackage.json`` says: the dataset's metadata and the tables to read per kind."""

    meta: dict[str, Any]
    tables: dict[str, list[tuple[Path, str]]]


def _problem(message: str, path: str = "") -> Problem:
    return Problem(PACKAGE_FILE, path, message, rule="package.descriptor")


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} is not JSON")


def read_descriptor(data: bytes, root: Path, problems: list[Problem]) -> Package | None:
    """Read an export's ``datapackage.json`` strictly: which tables hold which kind of record.

    Every resource names a kind (``observations``, or ``observations-part-00001`` for a
    partition) and a relative path to a ``.csv`` or ``.parquet`` file inside the folder.
    """
    try:
        parsed = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        problems.append(Problem(PACKAGE_FILE, "", f"not UTF-8 at byte {exc.start}", rule="file.not_utf8"))
        return None
    except json.JSONDecodeError as exc:
        problems.append(Problem(PACKAGE_FILE, "", f"not valid JSON: {exc.msg}", rule="json.syntax",
                                line=exc.lineno, column=exc.colno))
        return None
    except (ValueError, RecursionError) as exc:
        problems.append(Problem(PACKAGE_FILE, "", f"not valid JSON: {exc}", rule="json.syntax"))
        return None
    if not isinstance(parsed, dict):
        problems.append(_problem("expected a JSON object"))
        return None
    meta = parsed.get("ducs")
    if not isinstance(meta, dict):
        problems.append(_problem("not a ducs export: no 'ducs' object with title, data_version and cutoff", "ducs"))
        return None
    if meta.get("format") != FORMAT_VERSION:
        problems.append(_problem(f"written in export format {meta.get('format')!r}; this ducs reads format "
                                 f"{FORMAT_VERSION}", "ducs.format"))
        return None
    resources = parsed.get("resources")
    if not isinstance(resources, list):
        problems.append(_problem("expected a list of resources", "resources"))
        return None
    names = {kind.name for kind in KINDS}
    tables: dict[str, list[tuple[Path, str]]] = {}
    for index, resource in enumerate(resources):
        where = f"resources[{index}]"
        if not isinstance(resource, dict):
            problems.append(_problem("expected a resource object", where))
            continue
        name = resource.get("name")
        kind = name.split("-part-")[0] if isinstance(name, str) else None
        if kind not in names:
            problems.append(_problem(f"resource {name!r} is not a table of ducs records", f"{where}.name"))
            continue
        path = resource.get("path")
        relative = _safe_path(path)
        if relative is None:
            problems.append(_problem(f"expected a relative path to a .csv or .parquet file inside the folder "
                                     f"(got {path!r})", f"{where}.path"))
            continue
        assert kind is not None
        tables.setdefault(kind, []).append((root.joinpath(*relative.parts), str(relative)))
    return Package({key: value for key, value in meta.items() if key != "format"}, tables)


def _safe_path(path: object) -> PurePosixPath | None:
    if not isinstance(path, str) or not path or "\\" in path or "://" in path or "\x00" in path:
        return None
    relative = PurePosixPath(path)
    if relative.is_absolute() or any(part in ("..", "") for part in relative.parts):
        return None
    if relative.suffix not in BULK_SUFFIXES:
        return None
    return relative
