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
from collections import defaultdict
from pathlib import Path
from typing import Any

import attrs
import pendulum

from ducs.converter import Registry, get_converter, make_converter, problem_messages
from ducs.dataset import Dataset
from ducs.errors import FixtureError, Problem, did_you_mean
from ducs.model import KINDS, Indicator, Milestone, Observation, Plan, Province, Session, Target
from ducs.model.kinds import KIND_BY_RECORD
from ducs.periods import to_date
from ducs.text import close_matches
from ducs.vocab import Comparator, Direction, Match

__all__ = ["META_FILE", "bundled_seeds", "dump_mapping", "load_folder", "load_mapping"]

META_FILE = "meta.toml"


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
    for kind in KINDS:
        for path in _files_for(root, kind.name):
            known_files.add(path.name)
            data = _read_toml(path, problems)
            if data is not None:
                documents.setdefault(kind.name, []).append((path.name, data))
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
    known = {kind.table for kind in KINDS} | {"dataset"}
    for extra in sorted(set(data) - known):
        problems.append(Problem(name, extra, "unexpected table"))
    documents = {kind.name: [(name, {kind.table: data.get(kind.table, [])})] for kind in KINDS}
    return _build(meta, documents, problems, None)


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
    loaded: dict[type, list[Any]] = {}
    origins: Origins = {}
    for kind in KINDS:
        records: list[Any] = loaded.setdefault(kind.record, [])
        for file_name, data in documents.get(kind.name, []):
            for other in sorted(set(data) - {kind.table}):
                problems.append(Problem(file_name, other, f"unexpected table; {file_name} holds [[{kind.table}]] records"))
            rows = data.get(kind.table, [])
            if not isinstance(rows, list):
                problems.append(Problem(file_name, kind.table, f"expected [[{kind.table}]] records"))
                continue
            for index, row in enumerate(rows):
                where = f"{kind.table}[{index}]"
                label = _label(row, kind.key)
                try:
                    record: Any = converter.structure(row, kind.record)
                except Exception as exc:  # every failure becomes a Problem naming file/record/field
                    for path_text, message in problem_messages(exc, where):
                        problems.append(Problem(file_name, path_text, f"{message}{label}"))
                    continue
                key = str(kind.key_of(record))
                if key in registry.by_type.get(kind.record, {}):
                    problems.append(Problem(file_name, f"{where}.{kind.key}", f"duplicate key {key!r}{label}"))
                    continue
                problems.extend(_check_record(record, file_name, where, label))
                registry.add(kind.record, key, record)
                records.append(record)
                origins[id(record)] = (file_name, where)
    problems.extend(_check_integrity(loaded, origins))
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

    if KIND_BY_RECORD[type(record)].must_cite and not record.sources:
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
        if record.indicator.direction is Direction.NEUTRAL:
            bad("indicator", f"{record.indicator.key!r} is a descriptive measure (direction \"neutral\"): "
                "no target can be judged on it")
        elif implied is not None and record.comparator is not Comparator.RANK_WITHIN and implied != record.indicator.direction:
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


def _check_integrity(loaded: dict[type, list[Any]], origins: Origins) -> list[Problem]:
    """Checks across records: lineage, one value per series and period end, plan references."""
    found: list[Problem] = []

    def bad(record: Any, field: str, message: str) -> None:
        file_name, where = origins[id(record)]
        key = KIND_BY_RECORD[type(record)].key_of(record)
        found.append(Problem(file_name, f"{where}.{field}", f"{message} [record {key!r}]"))

    provinces = {p.key: p for p in loaded.get(Province, [])}
    for province in provinces.values():
        for field, keys in (("successor", [province.successor] if province.successor else []),
                            ("predecessors", list(province.predecessors))):
            for key in keys:
                if key not in provinces:
                    bad(province, field, f"no province with key {key!r}")
    # One rule with the method: a series holds one value per period end ("2022" and "2022-12"
    # both end on 2022-12-31, so they would be two values for one point in time).
    series: dict[tuple[str, str, Any], list[Observation]] = defaultdict(list)
    for obs in loaded.get(Observation, []):
        series[(obs.indicator.key, _scope_key(obs), obs.period.end)].append(obs)
    for clash in series.values():
        for obs in clash[1:]:
            first = clash[0]
            first_file, first_where = origins[id(first)]
            bad(obs, "period", f"{obs.indicator.key!r} for {obs.scope} already has a value for a period ending "
                f"{obs.period.end.isoformat()}: {first.key!r} ({first.period}, {first_file}$.{first_where}); "
                "a series has one value per period end: keep one and describe the other in 'disagreement'")
    targets = {target.key: target for target in loaded.get(Target, [])}
    for obs in loaded.get(Observation, []):
        if obs.target is None:
            continue
        target = targets.get(obs.target)
        if target is None:
            bad(obs, "target", f"no target with key {obs.target!r}{did_you_mean(close_matches(obs.target, targets))}")
        # Two measures are never one series: a proxy has its own indicator, an exact figure the target's.
        elif obs.match is Match.EXACT and obs.indicator is not target.indicator:
            bad(obs, "match", f"an exact figure for target {target.key!r} must be of its indicator "
                f"{target.indicator.key!r}, not {obs.indicator.key!r}; a different measure is match = \"proxy\"")
        elif obs.match is Match.PROXY and obs.indicator is target.indicator:
            bad(obs, "match", f"a proxy of target {target.key!r} must have an indicator of its own; "
                f"{obs.indicator.key!r} is the target's measure itself")
    by_concept: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in loaded.get(Indicator, []):
        if indicator.concept is not None:
            by_concept[indicator.concept].append(indicator)
    for concept, members in by_concept.items():
        measures: dict[str, str] = {}
        for indicator in members:
            if not indicator.measure.strip():
                bad(indicator, "measure", f"indicators sharing concept {concept!r} must each say their measure")
            elif indicator.measure in measures:
                bad(indicator, "measure", f"same measure as {measures[indicator.measure]!r}: one measure is one "
                    "indicator")
            else:
                measures[indicator.measure] = indicator.key
    plans = {plan.year for plan in loaded.get(Plan, [])}
    for target in loaded.get(Target, []):
        if target.plan is not None and target.plan not in plans:
            bad(target, "plan", f"no plan for year {target.plan}")
    return found


def _scope_key(obs: Observation) -> str:
    if obs.scope.province is not None:
        return f"province:{obs.scope.province.key}"
    return str(obs.scope)
