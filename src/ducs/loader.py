"""Read fixture folders into a linked, checked :class:`~ducs.dataset.Dataset`, atomically.

Every problem in every file is collected before anything is returned: a load either yields a
complete dataset or raises :class:`~ducs.errors.FixtureError` listing all problems (each as
``file$.table[i].field: message``). Nothing is cached on failure.

>>> from ducs.loader import load_folder, bundled_seeds
>>> ds = load_folder(bundled_seeds())
>>> ds.sessions.get(2).format
<SessionFormat.HYBRID: 'hybrid'>
"""

from __future__ import annotations

import importlib.resources
import tomllib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import pendulum

from ducs.converter import Registry, get_converter, problem_messages, resolving
from ducs.dataset import Dataset
from ducs.errors import FixtureError, Problem
from ducs.model import (
    Committee,
    Document,
    Indicator,
    Milestone,
    Observation,
    Plan,
    Province,
    Session,
    Source,
    Target,
    Task,
    YearTheme,
)
from ducs.periods import to_date
from ducs.text import close_matches
from ducs.vocab import Comparator

# (file stem, table name, record class, key attribute), in load order.
KINDS: tuple[tuple[str, str, type, str], ...] = (
    ("sources", "source", Source, "id"),
    ("documents", "document", Document, "key"),
    ("provinces", "province", Province, "key"),
    ("indicators", "indicator", Indicator, "key"),
    ("committees", "committee", Committee, "key"),
    ("themes", "theme", YearTheme, "year"),
    ("sessions", "session", Session, "key"),
    ("observations", "observation", Observation, "key"),
    ("targets", "target", Target, "key"),
    ("plans", "plan", Plan, "key"),
    ("tasks", "task", Task, "key"),
    ("milestones", "milestone", Milestone, "key"),
)
META_FILE = "meta.toml"
# Records that state facts must cite at least one source.
_MUST_CITE = (Observation, Target, Session, Committee, Task, Plan, Milestone, YearTheme)


def bundled_seeds() -> Path:
    """The folder of fixtures shipped inside the ducs package (or the checkout's ``seeds/``)."""
    packaged = importlib.resources.files("ducs") / "seeds"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "seeds"


def _files_for(folder: Path, stem: str) -> list[Path]:
    main = folder / f"{stem}.toml"
    parts = sorted(folder.glob(f"{stem}-*.toml"))
    return ([main] if main.is_file() else []) + parts


def _read_toml(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(path.name, "", f"not valid TOML: {exc}"))
    except OSError as exc:
        problems.append(Problem(path.name, "", f"cannot be read: {exc}"))
    return None


@attrs.frozen
class Meta:
    """What ``meta.toml`` says about the dataset."""

    title: str
    data_version: str
    cutoff: pendulum.Date


def _parse_meta(table: object, problems: list[Problem], file: str = META_FILE) -> Meta | None:
    """Check the ``[dataset]`` table of meta.toml (or of a JSON export)."""
    if not isinstance(table, dict):
        problems.append(Problem(file, "dataset", "expected a [dataset] table"))
        return None
    before = len(problems)
    for field in ("title", "data_version", "cutoff"):
        if field not in table:
            problems.append(Problem(file, f"dataset.{field}", "required field missing"))
    for extra in sorted(set(table) - {"title", "data_version", "cutoff"}):
        problems.append(Problem(file, f"dataset.{extra}", "unexpected field"))
    cutoff = None
    if "cutoff" in table:
        try:
            cutoff = to_date(table["cutoff"])
        except ValueError as exc:
            problems.append(Problem(file, "dataset.cutoff", str(exc)))
    for field in ("title", "data_version"):
        if field in table and not isinstance(table[field], str):
            problems.append(Problem(file, f"dataset.{field}", "expected text"))
    if len(problems) > before or cutoff is None:
        return None
    return Meta(str(table["title"]), str(table["data_version"]), cutoff)


def _read_meta(folder: Path, problems: list[Problem]) -> Meta | None:
    path = folder / META_FILE
    if not path.is_file():
        problems.append(Problem(META_FILE, "", "missing: the folder needs meta.toml with a [dataset] table"))
        return None
    data = _read_toml(path, problems)
    if data is None:
        return None
    return _parse_meta(data.get("dataset"), problems)


# A "document" is one parsed file: its name and its top-level tables.
Documents = list[tuple[str, dict[str, Any]]]


def load_folder(folder: str | Path) -> Dataset:
    """Load, link and check every fixture file in ``folder``; raise FixtureError on any problem."""
    root = Path(folder)
    if not root.is_dir():
        raise FixtureError([Problem(str(root), "", "not a folder of fixtures")])
    problems: list[Problem] = []
    meta = _read_meta(root, problems)
    documents: dict[str, Documents] = {}
    known_files = {META_FILE}
    for stem, _table, _kind, _key in KINDS:
        for path in _files_for(root, stem):
            known_files.add(path.name)
            data = _read_toml(path, problems)
            if data is not None:
                documents.setdefault(stem, []).append((path.name, data))
    for path in sorted(root.glob("*.toml")):
        if path.name not in known_files:
            problems.append(Problem(path.name, "", "unexpected file; see docs/fixtures.md for the file names ducs reads"))
    return _build(meta, documents, problems, root)


def load_mapping(data: dict[str, Any], name: str = "<data>") -> Dataset:
    """Load a dataset from plain data shaped like :func:`dump_mapping`'s output (e.g. parsed JSON)."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise FixtureError([Problem(name, "", "expected a mapping of record tables")])
    meta = _parse_meta(data.get("dataset"), problems, name)
    known = {table for _stem, table, _kind, _key in KINDS} | {"dataset"}
    for extra in sorted(set(data) - known):
        problems.append(Problem(name, extra, "unexpected table"))
    documents = {stem: [(name, {table: data.get(table, [])})] for stem, table, _k, _key in KINDS}
    return _build(meta, documents, problems, Path(name))


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
    collections: dict[str, Iterable[Any]] = {
        "source": dataset.sources, "document": dataset.documents, "province": dataset.provinces,
        "indicator": dataset.indicators, "committee": dataset.committees, "theme": dataset.themes,
        "session": dataset.all_sessions, "observation": dataset.observations, "target": dataset.targets,
        "plan": dataset.plans, "task": dataset.tasks, "milestone": dataset.milestones,
    }
    for table, collection in collections.items():
        out[table] = [converter.unstructure(record) for record in collection]
    return out


def _build(meta: Meta | None, documents: dict[str, Documents], problems: list[Problem], origin: Path) -> Dataset:
    """Structure, link and check every record, in load order; all or nothing."""
    registry = Registry()
    loaded: dict[type, list[Any]] = {}
    converter = get_converter()
    with resolving(registry):
        for stem, table, kind, key_attr in KINDS:
            records: list[Any] = loaded.setdefault(kind, [])
            for file_name, data in documents.get(stem, []):
                for other in sorted(set(data) - {table}):
                    problems.append(Problem(file_name, other, f"unexpected table; {file_name} holds [[{table}]] records"))
                rows = data.get(table, [])
                if not isinstance(rows, list):
                    problems.append(Problem(file_name, table, f"expected [[{table}]] records"))
                    continue
                for index, row in enumerate(rows):
                    where = f"{table}[{index}]"
                    label = _label(row, key_attr)
                    try:
                        record: Any = converter.structure(row, kind)
                    except Exception as exc:  # every failure becomes a Problem naming file/record/field
                        for path_text, message in problem_messages(exc, where):
                            problems.append(Problem(file_name, path_text, f"{message}{label}"))
                        continue
                    key = str(getattr(record, key_attr))
                    if key in registry.by_type.get(kind, {}):
                        problems.append(Problem(file_name, f"{where}.{key_attr}", f"duplicate key {key!r}{label}"))
                        continue
                    problems.extend(_check_record(record, file_name, where, label))
                    registry.add(kind, key, record)
                    records.append(record)
    problems.extend(_check_integrity(loaded))
    if problems or meta is None:
        raise FixtureError(problems or [Problem(META_FILE, "", "invalid")])
    return Dataset.build(
        title=meta.title,
        data_version=meta.data_version,
        cutoff=meta.cutoff,
        folder=origin,
        records=loaded,
    )


def _label(row: object, key_attr: str) -> str:
    if isinstance(row, dict) and key_attr in row:
        return f" [record {row[key_attr]!r}]"
    return ""


def _check_record(record: Any, file: str, where: str, label: str) -> list[Problem]:
    """Checks on one record that the types alone cannot express."""
    found: list[Problem] = []

    def bad(field: str, message: str) -> None:
        found.append(Problem(file, f"{where}.{field}", message + label))

    if isinstance(record, _MUST_CITE) and not record.sources:
        bad("sources", "at least one source is required for a record that states facts")
    if isinstance(record, Target):
        if record.comparator is Comparator.QUALITATIVE:
            if record.value is not None:
                bad("value", "a qualitative target has no value; write value = \"unknown\"")
        elif record.value is None:
            bad("value", f"a {record.comparator.value!r} target needs a number")
        if record.comparator is Comparator.RANGE:
            if record.high is None:
                bad("high", "a range target needs 'high' (its upper bound)")
            elif record.value is not None and record.high < record.value:
                bad("high", f"upper bound {record.high:g} is below the lower bound {record.value:g}")
        elif record.high is not None:
            bad("high", "'high' is only for comparator = \"range\"")
        implied = record.comparator.implied_direction
        if implied is not None and record.comparator is not Comparator.RANK_WITHIN and implied != record.indicator.direction:
            bad("comparator", f"{record.comparator.value!r} contradicts indicator {record.indicator.key!r}, "
                f"where {record.indicator.direction.name.lower().replace('_', ' ')}")
    if isinstance(record, Observation) and record.denominator is not None and record.denominator <= 0:
        bad("denominator", "expected a positive number")
    if isinstance(record, Province):
        if record.key != f"{record.code}@{record.era}":
            bad("key", f"expected '{record.code}@{record.era}' (code@era)")
        if record.valid_from and record.valid_to and record.valid_to < record.valid_from:
            bad("valid_to", "ends before it starts")
    if isinstance(record, Milestone) and (record.task is None) == (record.target is None):
        bad("task", "a milestone names exactly one of 'task' or 'target'")
    if isinstance(record, Session) and record.time is not None and record.part_of_day is not None:
        bad("part_of_day", "give either a clock 'time' or a 'part_of_day', not both")
    return found


def _check_integrity(loaded: dict[type, list[Any]]) -> list[Problem]:
    """Checks across records: lineage, duplicate series periods, plan references."""
    found: list[Problem] = []
    provinces = {p.key: p for p in loaded.get(Province, [])}
    for province in provinces.values():
        for field, keys in (("successor", [province.successor] if province.successor else []),
                            ("predecessors", list(province.predecessors))):
            for key in keys:
                if key not in provinces:
                    found.append(Problem("provinces.toml", f"province[{province.key}].{field}",
                                         f"no province with key {key!r}"))
    series = Counter(
        (obs.indicator.key, str(obs.scope), _scope_key(obs), str(obs.period))
        for obs in loaded.get(Observation, [])
    )
    for obs in loaded.get(Observation, []):
        ident = (obs.indicator.key, str(obs.scope), _scope_key(obs), str(obs.period))
        if series[ident] > 1:
            found.append(Problem(
                "observations", f"observation[{obs.key}].period",
                f"{series[ident]} observations of {obs.indicator.key!r} for {obs.scope} in {obs.period}: "
                "a series has one value per period; keep one and describe the other in 'disagreement'",
            ))
    target_keys = {target.key for target in loaded.get(Target, [])}
    for obs in loaded.get(Observation, []):
        if obs.target is not None and obs.target not in target_keys:
            hint = close_matches(obs.target, target_keys)
            found.append(Problem("observations", f"observation[{obs.key}].target",
                                 f"no target with key {obs.target!r}" + (f"; did you mean: {', '.join(hint)}?" if hint else "")))
    plans = {plan.year for plan in loaded.get(Plan, [])}
    for target in loaded.get(Target, []):
        if target.plan is not None and target.plan not in plans:
            found.append(Problem("targets", f"target[{target.key}].plan", f"no plan for year {target.plan}"))
    return found


def _scope_key(obs: Observation) -> str:
    return obs.scope.province.key if obs.scope.province is not None else ""


def iter_problems(folder: str | Path) -> Iterable[Problem]:
    """Every problem in a fixture folder (empty when it loads cleanly)."""
    try:
        load_folder(folder)
    except FixtureError as exc:
        return exc.problems
    return ()
