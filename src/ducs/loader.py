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

import datetime as dt
import importlib.resources
import json
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

import attrs
import pendulum

from ducs.converter import Registry, get_converter, make_converter, problem_messages
from ducs.dataset import Dataset
from ducs.errors import FixtureError, Problem, did_you_mean
from ducs.model import KINDS, Observation, Target
from ducs.model.kinds import KIND_BY_RECORD
from ducs.periods import Period, plain_date, to_date
from ducs.rules import WINDOW_END, WINDOW_START, Context, check_dataset, check_record, text_problem

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
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
    name = path.name
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # a dangling or looping symlink
        problems.append(Problem(name, "", f"cannot be read: {exc.__class__.__name__}", rule="file.unreadable"))
        return None
    if not real.is_relative_to(root.resolve()):
        problems.append(Problem(name, "", f"resolves to {real}, outside the fixture folder", rule="file.outside_folder"))
        return None
    try:
        info = os.stat(real)
    except OSError as exc:
        problems.append(Problem(name, "", f"cannot be read: {exc.strerror}", rule="file.unreadable"))
        return None
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block forever, a device never end
        problems.append(Problem(name, "", "not a regular file", rule="file.not_regular"))
        return None
    if info.st_size > max_bytes:
        problems.append(Problem(name, "", f"{info.st_size} bytes, more than the limit of {max_bytes}",
                                rule="file.too_large"))
        return None
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


_META_TABLES = {"dataset"}


def _parse_meta(data: dict[str, Any], problems: list[Problem], file: str = META_FILE) -> Meta | None:
    """Check meta.toml's ``[dataset]`` table (or a JSON export's); nothing else is allowed in it."""
    for extra in sorted(set(data) - _META_TABLES):
        problems.append(Problem(file, extra, "unexpected table; meta.toml holds only [dataset]",
                                rule="table.unexpected"))
    table = data.get("dataset")
    if not isinstance(table, dict):
        problems.append(Problem(file, "dataset", "expected a [dataset] table", rule="meta.field"))
        return None
    before = len(problems)
    for field in ("title", "data_version", "cutoff"):
        if field not in table:
            problems.append(Problem(file, f"dataset.{field}", "required field missing", rule="meta.field"))
    for extra in sorted(set(table) - {"title", "data_version", "cutoff"}):
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
    for field in ("title", "data_version"):
        if field in table:
            value = table[field]
            broken = text_problem(value) if isinstance(value, str) else ("meta.field", "expected text")
            if broken is not None or not str(value).strip():
                rule, message = broken or ("text.empty", "expected some text")
                problems.append(Problem(file, f"dataset.{field}", message, rule=rule))
    if len(problems) > before or cutoff is None:
        return None
    return Meta(str(table["title"]), str(table["data_version"]), cutoff)


# A "document" is one parsed file: its name and its top-level tables.
Documents = list[tuple[str, dict[str, Any]]]


def load_folder(folder: str | Path, *, max_bytes: int = MAX_BYTES) -> Dataset:
    """Load, link and check every fixture file in ``folder``; raise FixtureError on any problem.

    Args:
        folder: a folder laid out as docs/fixtures.md describes.
        max_bytes: the size limit of one file (16 MiB by default).

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
        problems.append(Problem(META_FILE, "", "missing: the folder needs meta.toml with a [dataset] table",
                                rule="file.missing_meta"))
    else:
        parsed = _read_toml(meta_path, root, max_bytes, problems)
        if parsed is not None:
            meta = _parse_meta(parsed, problems)
    documents: dict[str, Documents] = {}
    known_files = {META_FILE}
    for kind in KINDS:
        for path in _files_for(root, kind.name):
            known_files.add(path.name)
            data = _read_toml(path, root, max_bytes, problems)
            if data is not None:
                documents.setdefault(kind.name, []).append((path.name, data))
    for path in sorted(root.glob("*.toml")):
        if path.name not in known_files:
            problems.append(Problem(path.name, "", "unexpected file; see docs/fixtures.md for the file names ducs reads",
                                    rule="file.unexpected"))
    return _build(meta, documents, problems, root)


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


def dump_mapping(dataset: Dataset) -> dict[str, Any]:
    """The whole dataset as plain data (JSON-ready), one list per record table.

    ``load_mapping(dump_mapping(ds))`` rebuilds an equal dataset.

    >>> import ducs
    >>> ds = ducs.load()
    >>> again = load_mapping(dump_mapping(ds))
    >>> again.provinces.get("02@2008") == ds.provinces.get("02@2008")
    True
    """
    converter = get_converter()
    out: dict[str, Any] = {"dataset": {"title": dataset.title, "data_version": dataset.data_version,
                                       "cutoff": dataset.cutoff.isoformat()}}
    for kind in KINDS:
        out[kind.table] = [converter.unstructure(record) for record in dataset.records(kind.name)]
    return out


# Where each record was read from (file name, "table[i]"), for problems found across records.
Origins = dict[int, tuple[str, str]]


def _build(meta: Meta | None, documents: dict[str, Documents], problems: list[Problem],
           origin: Path | None) -> Dataset:
    """Structure, link and check every record, in load order; all or nothing."""
    registry = Registry()
    converter = make_converter(registry)
    context = Context(meta.cutoff if meta else None)
    loaded: dict[type, list[Any]] = {}
    origins: Origins = {}
    for kind in KINDS:
        records: list[Any] = loaded.setdefault(kind.record, [])
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
                label = _label(row, kind.key)
                raw_key = row.get(kind.key)
                if isinstance(raw_key, str) and raw_key != raw_key.strip():
                    problems.append(Problem(file_name, f"{where}.{kind.key}", "a key has no space at its start or end",
                                            record=label, rule="key.charset"))
                try:
                    record: Any = converter.structure(row, kind.record)
                except Exception as exc:  # every failure becomes a Problem naming file/record/field
                    reported = set()
                    for path_text, message, rule in problem_messages(exc, where):
                        problems.append(Problem(file_name, path_text, message, record=label, rule=rule))
                        reported.add(path_text)
                    # a broken reference must not hide the record's own defects
                    problems.extend(Problem(file_name, f"{where}.{field}", message, record=label, rule=rule)
                                    for rule, field, message in _raw_findings(row, context)
                                    if f"{where}.{field}" not in reported)
                    continue
                key = str(kind.key_of(record))
                findings = check_record(record, context, kind.must_cite)
                problems.extend(Problem(file_name, f"{where}.{field}", message, record=key, rule=rule)
                                for rule, field, message in findings)
                if key in registry.by_type.get(kind.record, {}):
                    problems.append(Problem(file_name, f"{where}.{kind.key}", f"duplicate key {key!r}",
                                            record=key, rule="key.duplicate"))
                    continue
                registry.add(kind.record, key, record)
                records.append(record)
                origins[id(record)] = (file_name, where)

    def describe(record: Any) -> str:
        file_name, where = origins[id(record)]
        return f"{file_name}$.{where}"

    for record, rule, field, message in check_dataset(loaded, describe):
        file_name, where = origins[id(record)]
        key = str(KIND_BY_RECORD[type(record)].key_of(record))
        if rule == "ref.target" and isinstance(record, Observation) and record.target is not None:
            message += did_you_mean(registry.suggest(Target, record.target))
        problems.append(Problem(file_name, f"{where}.{field}", message, record=key, rule=rule))
    if problems or meta is None:
        raise FixtureError(problems or [Problem(META_FILE, "", "invalid", rule="meta.field")])
    return Dataset.build(
        title=meta.title,
        data_version=meta.data_version,
        cutoff=meta.cutoff,
        folder=origin,
        records=loaded,
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


def _label(row: dict[str, Any], key_attr: str) -> str | None:
    value = row.get(key_attr)
    return None if value is None else str(value)
