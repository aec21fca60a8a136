"""The loaded dataset: typed collections with lookups, filters and indexes built once.

>>> import ducs
>>> ds = ducs.load()
>>> ds.provinces.get("ha giang").name_vi
'Hà Giang'
>>> ds.sessions.get(2).date
Date(2022, 4, 27)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

import pendulum

from ducs import coverage as coverage_of
from ducs import method, progress
from ducs.alloc import building
from ducs.columns import CODED, ObservationTable
from ducs.converter import get_converter
from ducs.errors import AmbiguousError, NotFoundError
from ducs.frames import dti_frame as build_dti_frame
from ducs.frames import frame as build_frame
from ducs.model import (
    KINDS,
    Committee,
    Document,
    Indicator,
    Milestone,
    Observation,
    Plan,
    Province,
    ProvinceNames,
    Scope,
    Session,
    Source,
    Target,
    Task,
    YearTheme,
)
from ducs.package import PARTITION_ROWS
from ducs.package import export as export_package
from ducs.periods import Period, to_date
from ducs.render import collection_html, dataset_html
from ducs.text import Suggester, fold
from ducs.vocab import Profile, ScopeKind

__all__ = [
    "Collection",
    "Dataset",
    "ObservationCollection",
    "PlanCollection",
    "ProvinceCollection",
    "SessionCollection",
    "dump_mapping",
]

T = TypeVar("T")
NCDT = "ncdt"


class Collection(Generic[T]):
    """An ordered, read-only collection of records with ``get(key)``, ``len`` and iteration.

    >>> import ducs
    >>> indicators = ducs.load().indicators
    >>> "dti_score" in indicators
    True
    >>> indicators.get("dti_scor")
    Traceback (most recent call last):
    ...
    ducs.errors.NotFoundError: no indicator 'dti_scor'; did you mean: dti_score...?
    """

    kind = "record"

    def __init__(self, items: Iterable[T], key: Callable[[T], Any], kind: str | None = None) -> None:
        self._items: tuple[T, ...] = tuple(items)
        self._key = key
        self._index: dict[Any, T] = {key(item): item for item in self._items}
        self._suggester: Suggester | None = None
        if kind:
            self.kind = kind

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int) -> T:
        return self._items[index]

    def __contains__(self, key: object) -> bool:
        try:
            self.get(key)
        except LookupError:
            return False
        return True

    def keys(self) -> list[Any]:
        """The keys, in collection order."""
        return [self._key(item) for item in self._items]

    def get(self, key: object) -> T:
        """The record with this key.

        Raises:
            NotFoundError: (a LookupError) naming keys that look like it or contain it
                ("fibre" → ``fibre_household_share``).
        """
        if key in self._index:
            return self._index[key]
        raise NotFoundError(self.kind, key, self.suggest(str(key)))

    def suggest(self, text: str) -> list[str]:
        """Keys that look like ``text`` (an index built on first use)."""
        if self._suggester is None:
            self._suggester = Suggester(str(k) for k in self._index)
        return self._suggester.suggest(text)

    def filter(self, predicate: Callable[[T], bool]) -> list[T]:
        """Records for which ``predicate`` is true."""
        return [item for item in self._items if predicate(item)]

    def _repr_html_(self) -> str:
        return collection_html(self)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self)} {self.kind}s>"


class SessionCollection(Collection[Session]):
    """The National Committee's sessions; ``get(n)`` by number, or by key (``"ncdt-2022-12-25"``)."""

    kind = "session"

    def __init__(self, items: Iterable[Session]) -> None:
        super().__init__(items, key=lambda session: session.key)
        self._by_number = {s.number: s for s in self._items if s.number is not None}

    def get(self, key: object) -> Session:
        """A session by number (``2``) or key; an unnumbered session only by key or date.

        >>> import ducs
        >>> ducs.load().sessions.get("ncdt-2022-12-25").number is None
        True
        >>> ducs.load().sessions.get("2") is ducs.load().sessions.get(2)
        True
        """
        if isinstance(key, str) and key.strip().isdigit():
            key = int(key)
        if isinstance(key, int) and key in self._by_number:
            return self._by_number[key]
        if isinstance(key, str):
            for session in self._items:
                if key in (session.key, session.date.isoformat()):
                    return session
        numbers = [str(n) for n in sorted(self._by_number)]
        raise NotFoundError("session", key, numbers if isinstance(key, int) else self.suggest(str(key)))


class PlanCollection(Collection[Plan]):
    """Plans, looked up by year (``get(2022)``) or key."""

    kind = "plan"

    def get(self, key: object) -> Plan:
        for plan in self._items:
            if key in (plan.year, plan.key, str(plan.year)):
                return plan
        raise NotFoundError("plan", key, [str(plan.year) for plan in self._items])


class ProvinceCollection(Collection[Province]):
    """Provinces of every era; lookups accept names with or without diacritics, aliases, codes and keys.

    A key (``"10@2008"``) is always exact. A name, alias or code used by units of both eras
    (e.g. "Lào Cai", code "44") means the unit in force on ``as_of`` — by default the dataset's
    cut-off, the same default as progress — unless ``era=`` says which era. A name whose only
    unit was no longer in force on an explicit ``as_of`` says where it went.
    """

    kind = "province"

    def __init__(self, items: Iterable[Province], default_day: pendulum.Date | None = None) -> None:
        super().__init__(items, key=lambda province: province.key)
        self._names = ProvinceNames(self._items)
        self._default_day = default_day
        self._name_suggester: Suggester | None = None

    def get(self, key: object, *, as_of: object = None, era: int | None = None) -> Province:
        """A province by key (``"02@2008"``), GSO code (``"02"``), name in any spelling or alias.

        Args:
            key: a key, a code, a name with or without marks, or an alias ("HCMC", "Sài Gòn").
            as_of: the day that decides between units of two eras sharing the name (default: the
                dataset's cut-off); given explicitly, a unit not in force then is an error.
            era: 2008 or 2025, to pick the era explicitly.

        Returns:
            The province.

        Raises:
            NotFoundError: nothing matches (with suggestions), or the only unit of that name was
                no longer in force on ``as_of`` (saying what it became).
            AmbiguousError: several units match even on the day.

        >>> import ducs
        >>> provinces = ducs.load().provinces
        >>> provinces.get("HA GIANG") is provinces.get("02") is provinces.get("Hà Giang")
        True
        >>> provinces.get("lao cai").key, provinces.get("Lào Cai", as_of="2022-04-27").key
        ('15@2025', '10@2008')
        >>> provinces.get("HCMC").key, provinces.get("Sài Gòn", era=2008).key
        ('79@2025', '79@2008')
        >>> provinces.get("Yên Bái", as_of="2026-01-01")
        Traceback (most recent call last):
        ...
        ducs.errors.NotFoundError: no province 'Yên Bái' in force on 2026-01-01: Yên Bái (15@2008) was merged into Lào Cai (15@2025) on 2025-07-01
        """
        text = str(key).strip()
        if text in self._index:
            return self._index[text]
        matches = self._names.matching(text)
        if era is not None:
            if era not in {p.era for p in self._items}:
                raise NotFoundError("era", era, sorted({str(p.era) for p in self._items}))
            matches = [p for p in matches if p.era == era]
        if not matches:
            raise NotFoundError("province", key, self._suggest(text))
        explicit = as_of is not None
        if len(matches) == 1 and not explicit:
            return matches[0]
        day = to_date(as_of) if explicit else self._default_day
        if day is None:
            raise AmbiguousError("province", key, [f"{p.key} ({p.name_vi}, era {p.era})" for p in matches],
                                 "Pass as_of=<date> or era=<2008|2025>, or use the key.")
        in_force = [p for p in matches if p.in_force(day)]
        if len(in_force) == 1:
            return in_force[0]
        if not in_force:
            raise NotFoundError("province", key, (), detail=f"in force on {day.isoformat()}: "
                                + "; ".join(_where_it_went(p) for p in matches))
        raise AmbiguousError("province", key, [f"{p.key} ({p.name_vi}, era {p.era})" for p in in_force],
                             "Pass era=<2008|2025> or use the key.")

    def _suggest(self, text: str) -> list[str]:
        if self._name_suggester is None:
            self._name_suggester = Suggester(sorted(self._names.names()))
        return self._name_suggester.suggest(text)

    def as_of(self, date: object) -> ProvinceCollection:
        """The units in force on ``date`` (63 before 2025-07-01, 34 since).

        >>> import ducs
        >>> len(ducs.load().provinces.as_of("2022-04-27"))
        63
        """
        day = to_date(date)
        return ProvinceCollection((p for p in self._items if p.in_force(day)), day)

    def era(self, era: int) -> ProvinceCollection:
        """The units of one era: 2008 (63 units) or 2025 (34 units)."""
        return ProvinceCollection((p for p in self._items if p.era == era), self._default_day)

    def search(self, text: str) -> list[Province]:
        """Provinces whose folded name contains ``text`` folded (empty text finds nothing)."""
        needle = fold(text)
        if not needle:
            return []
        return [p for p in self._items if any(needle in fold(n) for n in (p.name_vi, p.name_en, *p.aliases))]


class ObservationCollection(Collection[Observation]):
    """Observations; ``filter`` narrows by indicator, scope, province, period, source or date.

    Observations read from bulk tables with the ``arrow`` extra are held as columns
    (:class:`ducs.columns.ObservationTable`): each record is built when it is first asked for,
    and the same record is given every time after.
    """

    kind = "observation"

    def __init__(self, items: Iterable[Observation], provinces: ProvinceCollection | None = None,
                 tables: Sequence[ObservationTable] = ()) -> None:
        super().__init__(items, key=lambda obs: obs.key)
        self._provinces = provinces
        self._tables = tuple(table for table in tables if len(table))
        self._table_index: dict[str, tuple[int, int]] | None = None

    @property
    def tables(self) -> tuple[ObservationTable, ...]:
        """The columnar tables behind the collection (after the records read from TOML)."""
        return self._tables

    @property
    def objects(self) -> tuple[Observation, ...]:
        """The records held as objects (every record, when no table is held as columns)."""
        return self._items

    def __iter__(self) -> Iterator[Observation]:
        yield from self._items
        for table in self._tables:
            yield from table

    def __len__(self) -> int:
        return len(self._items) + sum(len(table) for table in self._tables)

    def __getitem__(self, index: int) -> Observation:
        if not self._tables:
            return self._items[index]
        size = len(self)
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("observation index out of range")
        if index < len(self._items):
            return self._items[index]
        index -= len(self._items)
        for table in self._tables:
            if index < len(table):
                return table[index]
            index -= len(table)
        raise IndexError("observation index out of range")  # pragma: no cover

    def keys(self) -> list[Any]:
        """The keys, in collection order."""
        return [obs.key for obs in self._items] + [key for table in self._tables for key in table.keys()]

    def count_by(self, *fields: str) -> Counter[tuple[Any, ...]]:
        """How many observations hold each combination of values of ``fields``.

        Rows held as columns are counted without building their records.

        >>> import ducs
        >>> counted = ducs.load().observations.count_by("indicator")
        >>> counted[(ducs.load().indicators.get("dti_score"),)] > 0
        True
        """
        unknown = [field for field in fields if field not in CODED]
        if unknown:
            raise ValueError(f"cannot count by {unknown[0]!r}; fields that can be counted: {', '.join(CODED)}")
        found: Counter[tuple[Any, ...]] = Counter(tuple(getattr(obs, field) for field in fields) for obs in self._items)
        for table in self._tables:
            found.update(table.counts(fields))
        return found

    def get(self, key: object) -> Observation:
        if key in self._index:
            return self._index[key]
        if self._tables:
            if self._table_index is None:
                self._table_index = {found: (number, row) for number, table in enumerate(self._tables)
                                     for row, found in enumerate(table.keys())}
            place = self._table_index.get(key) if isinstance(key, str) else None
            if place is not None:
                return self._tables[place[0]][place[1]]
        raise NotFoundError(self.kind, key, self.suggest(str(key)))

    def suggest(self, text: str) -> list[str]:
        if self._suggester is None:
            self._suggester = Suggester([*map(str, self._index), *(key for t in self._tables for key in t.keys())])
        return self._suggester.suggest(text)

    def filter(  # type: ignore[override]
        self,
        predicate: Callable[[Observation], bool] | None = None,
        *,
        indicator: str | Indicator | None = None,
        scope: str | None = None,
        province: str | Province | None = None,
        period: str | Period | None = None,
        source: str | Source | None = None,
        session: int | str | Session | None = None,
        as_of: object = None,
        era: int | None = None,
    ) -> ObservationCollection:
        """Observations matching every given criterion.

        ``scope`` is ``"national"``, ``"province"`` or ``"agency"`` (any unit of that kind);
        ``period`` matches observations whose period lies within it (``"2022"`` includes
        ``"2022-Q1"``); ``as_of`` keeps those whose period ended by that date.

        >>> import ducs
        >>> obs = ducs.load().observations
        >>> len(obs.filter(indicator="dti_rank", period="2022", scope="province")) >= 63
        True
        """
        wanted_indicator = getattr(indicator, "key", indicator)
        if wanted_indicator is not None and not any(o.indicator.key == wanted_indicator for o in self._items) \
                and not any(_any(table.mask("indicator", lambda i: i.key == wanted_indicator)) for table in self._tables):
            known = sorted({o.indicator.key for o in self._items} | {i.key for t in self._tables for i in t.distinct("indicator")})
            if wanted_indicator not in known:
                raise NotFoundError("indicator with observations", wanted_indicator, Suggester(known).suggest(
                    str(wanted_indicator)) or known[:5])
        if scope is not None and scope not in {kind.value for kind in ScopeKind}:
            raise NotFoundError("scope", scope, [kind.value for kind in ScopeKind])
        wanted_province: Province | None = None
        if province is not None:
            if isinstance(province, Province):
                wanted_province = province
            elif self._provinces is not None:
                wanted_province = self._provinces.get(province, era=era)
            else:
                raise NotFoundError("province", province)
        window = Period.parse(period) if isinstance(period, str) else period
        wanted_source = getattr(source, "id", source)
        cutoff = to_date(as_of) if as_of is not None else None

        # one test per field, on a record's field value: run per record, or per distinct value of a table
        tests: list[tuple[str, Callable[[Any], bool]]] = []
        if wanted_indicator is not None:
            tests.append(("indicator", lambda found: found.key == wanted_indicator))
        if scope is not None:
            tests.append(("scope", lambda found: found.kind.value == scope))
        if wanted_province is not None:
            tests.append(("scope", lambda found: found.province is wanted_province))
        if window is not None:
            tests.append(("period", lambda found: window.start <= found.start and found.end <= window.end))
        if wanted_source is not None:
            tests.append(("sources", lambda found: any(ref.source.id == wanted_source for ref in found)))
        if session is not None:
            tests.append(("session", lambda found: _session_matches(found, session)))
        if cutoff is not None:
            tests.append(("period", lambda found: found.ended_by(cutoff)))

        def keep(obs: Observation) -> bool:
            return all(test(getattr(obs, field)) for field, test in tests) and (predicate is None or predicate(obs))

        views = []
        for table in self._tables:
            view = table
            for field, test in tests:
                view = view.where(view.mask(field, test))
            if predicate is not None and len(view):
                view = view.where(_booleans([predicate(obs) for obs in view]))
            views.append(view)
        return ObservationCollection((o for o in self._items if keep(o)), self._provinces, views)


def _any(mask: Any) -> bool:
    import pyarrow.compute as pc

    return bool(pc.any(mask).as_py())


def _booleans(values: list[bool]) -> Any:
    import pyarrow as pa

    return pa.array(values, type=pa.bool_())


def _where_it_went(unit: Province) -> str:
    successor = unit.successor
    if successor is not None and unit.valid_to is not None:
        return (f"{unit.name_vi} ({unit.key}) was merged into {successor.name_vi} ({successor.key}) on "
                f"{unit.valid_to.add(days=1).isoformat()}")
    span = f"{unit.valid_from or '…'} to {unit.valid_to or 'now'}"
    return f"{unit.name_vi} ({unit.key}) was in force from {span}"


def _session_matches(found: Session | None, wanted: int | str | Session) -> bool:
    if found is None:
        return False
    if isinstance(wanted, Session):
        return found is wanted
    if isinstance(wanted, int):
        return found.number == wanted and found.committee.key == NCDT
    return found.key == wanted


class Dataset:
    """Everything ducs knows, linked: build it with :func:`ducs.load`.

    Collections: ``committees``, ``sessions`` (the National Committee's), ``provinces``,
    ``indicators``, ``observations``, ``targets``, ``plans``, ``tasks``, ``milestones``,
    ``sources``, ``documents``, ``themes``. ``committee`` is the National Committee.
    ``cutoff`` is the default as-of date of every progress query.
    """

    sources: Collection[Source]
    documents: Collection[Document]
    provinces: ProvinceCollection
    indicators: Collection[Indicator]
    committees: Collection[Committee]
    themes: Collection[YearTheme]
    sessions: SessionCollection
    all_sessions: Collection[Session]
    observations: ObservationCollection
    targets: Collection[Target]
    plans: PlanCollection
    tasks: Collection[Task]
    milestones: Collection[Milestone]

    def _sessions(self, items: list[Session]) -> SessionCollection:
        ordered = sorted(items, key=lambda s: (s.date, s.key))
        self.all_sessions = Collection(ordered, key=lambda s: s.key, kind="session")
        return SessionCollection(s for s in ordered if s.committee.key == NCDT)

    def _observations(self, items: list[Observation]) -> ObservationCollection:
        return ObservationCollection(items, self.provinces, self._observation_tables)

    _SPECIAL: dict[str, Callable[[Dataset, list[Any]], Collection[Any]]] = {
        "provinces": lambda ds, items: ProvinceCollection(items, ds.cutoff),
        "sessions": _sessions,
        "observations": _observations,
        "plans": lambda ds, items: PlanCollection(sorted(items, key=lambda p: p.year), key=lambda p: p.key),
    }

    def __init__(
        self,
        *,
        title: str,
        data_version: str,
        cutoff: pendulum.Date,
        folder: Path | None,
        records: dict[type, list[Any]],
        license: str | None = None,
        observation_tables: Sequence[ObservationTable] = (),
    ) -> None:
        self._observation_tables = tuple(observation_tables)
        self.title = title
        self.data_version = data_version
        self.license = license  # the data's licence, as meta.toml states it (None: not stated)
        self._cutoff = cutoff
        self.folder = folder
        # One collection per kind of record, from the one table of kinds (ducs.model.KINDS).
        for kind in KINDS:
            items = records.get(kind.record, [])
            special = self._SPECIAL.get(kind.name)
            collection = special(self, items) if special else Collection(items, key=kind.key_of, kind=kind.table)
            setattr(self, kind.name, collection)
        self._build_indexes()

    def records(self, name: str) -> Collection[Any]:
        """Every record of one kind (a name of :data:`ducs.model.KINDS`, e.g. ``"observations"``).

        Sessions of every committee are returned for ``"sessions"`` (``ds.sessions`` holds the
        National Committee's only).

        >>> import ducs
        >>> len(ducs.load().records("sessions")) >= len(ducs.load().sessions)
        True
        """
        if name == "sessions":
            return self.all_sessions
        if name not in {kind.name for kind in KINDS}:
            raise NotFoundError("kind of record", name, [kind.name for kind in KINDS])
        found: Collection[Any] = getattr(self, name)
        return found

    @classmethod
    def build(cls, **kwargs: Any) -> Dataset:
        """Build the dataset and link every queryable record back to it."""
        dataset = cls(**kwargs)
        for kind in KINDS:
            if not hasattr(kind.record, "_graph"):  # observations ask nothing of their dataset
                continue
            for record in dataset.records(kind.name):
                object.__setattr__(record, "_graph", dataset)
        return dataset

    def _build_indexes(self) -> None:
        with building():
            self._index_records()

    def _index_records(self) -> None:
        # Indexes over records held as objects are built now; the rows of columnar tables are
        # found per question (per distinct value of a column) and their records kept once built.
        self._series_objects: dict[tuple[str, tuple[Any, ...]], list[Observation]] | None = None
        self._series_tables: dict[tuple[str, tuple[Any, ...]], list[tuple[ObservationTable, list[int]]]] | None = None
        self._series: dict[tuple[str, tuple[Any, ...]], progress.Series] = {}
        self._obs_by: dict[tuple[str, str], list[Observation]] = defaultdict(list)
        self._from_tables: dict[tuple[str, str], list[Observation]] = {}
        self._reported_by_measure: dict[str, list[Observation]] = {}  # filled per indicator when asked
        self._citing: dict[str, list[Any]] = defaultdict(list)
        self._citing_after: dict[str, list[Any]] = defaultdict(list)
        self._citing_all: dict[str, list[Any]] = {}
        for obs in self.observations.objects:
            self._obs_by[("indicator", obs.indicator.key)].append(obs)
            if obs.scope.province is not None:
                self._obs_by[("province", obs.scope.province.key)].append(obs)
            if obs.session is not None:
                self._obs_by[("session", obs.session.key)].append(obs)
            for ref in obs.sources:
                self._obs_by[("source", ref.source.id)].append(obs)
            if obs.target is not None:
                self._obs_by[("target", obs.target)].append(obs)
        after = False
        for kind in KINDS:
            records = self.observations.objects if kind.name == "observations" else self.records(kind.name)
            citing = self._citing_after if after else self._citing
            for record in records:
                for source_id in dict.fromkeys(ref.source.id for ref in _citations(record)):
                    citing[source_id].append(record)
            after = after or kind.name == "observations"  # table rows come between these and the next kinds
        self._sessions_by_committee: dict[str, list[Session]] = defaultdict(list)
        for session in self.all_sessions:
            self._sessions_by_committee[session.committee.key].append(session)
        self._tasks_by_plan: dict[str, list[Task]] = defaultdict(list)
        for task in self.tasks:
            self._tasks_by_plan[task.plan.key].append(task)
        for tasks in self._tasks_by_plan.values():
            tasks.sort(key=lambda t: (t.number is None, t.number or 0, t.key))
        # progress asks for a measure's targets once per target: an index, not a scan each time
        self._targets_by_indicator: dict[str, list[Target]] = defaultdict(list)
        for target in self.targets:
            self._targets_by_indicator[target.indicator.key].append(target)
        self._tasks_by_target: dict[str, list[Task]] = defaultdict(list)
        for plan_tasks in self._tasks_by_plan.values():
            for task in plan_tasks:
                for target in task.targets:
                    self._tasks_by_target[target.key].append(task)
        self._milestones: dict[str, list[Milestone]] = defaultdict(list)
        for milestone in self.milestones:
            owner = milestone.task or milestone.target
            if owner is not None:
                self._milestones[owner.key].append(milestone)
        for found in self._milestones.values():
            found.sort(key=lambda m: m.date)

    # --- the Graph protocol used by records ---------------------------------------------

    @property
    def cutoff(self) -> pendulum.Date:
        """The dataset's recorded cut-off: the default as-of date of progress queries."""
        return self._cutoff

    @property
    def committee(self) -> Committee:
        """The National Committee on Digital Transformation."""
        return self.committees.get(NCDT)

    def observations_of(
        self,
        *,
        indicator: Indicator | None = None,
        province: Province | None = None,
        session: Session | None = None,
        source: Source | None = None,
    ) -> Sequence[Observation]:
        """Observations indexed by one linked record (used by the records' own queries)."""
        if indicator is not None:
            return self._indexed("indicator", indicator.key, "indicator", lambda found: found.key == indicator.key)
        if province is not None:
            return self._indexed("province", province.key, "scope",
                                 lambda found: found.province is not None and found.province.key == province.key)
        if session is not None:
            return self._indexed("session", session.key, "session",
                                 lambda found: found is not None and found.key == session.key)
        if source is not None:
            return self._indexed("source", source.id, "sources",
                                 lambda found: any(ref.source.id == source.id for ref in found))
        return list(self.observations)

    def _indexed(self, what: str, key: str, field: str, test: Callable[[Any], bool]) -> Sequence[Observation]:
        """The observations of one index entry: records held as objects, then matching table rows."""
        found = self._obs_by.get((what, key), [])
        tables = self.observations.tables
        if not tables:
            return found
        cached = self._from_tables.get((what, key))
        if cached is None:
            cached = list(found)
            for table in tables:
                cached += table.where(table.mask(field, test))
            self._from_tables[(what, key)] = cached
        return cached

    def series(self, indicator: Indicator, scope: Scope) -> progress.Series:
        """The observations of ``indicator`` for ``scope``, oldest period first (sorted once, kept).

        Every series of the dataset is grouped in one pass on first use; progress cuts a series
        at an as-of day by bisection (:class:`ducs.progress.Series`).
        """
        key = (indicator.key, _scope_key(scope))
        found = self._series.get(key)
        if found is None:
            if self._series_objects is None:
                with building():  # kept for the dataset's life, like the records
                    self._series_objects = _group_series(self.observations.objects)
                    self._series_tables = _group_table_series(self.observations.tables)
                    if not self._series_tables:  # every series from records: sorted all at once
                        self._series = {found_key: progress.Series.of(members)
                                        for found_key, members in self._series_objects.items()}
                found = self._series.get(key)
                if found is not None:
                    return found
            assert self._series_tables is not None
            members = list(self._series_objects.get(key, ()))
            for table, indices in self._series_tables.get(key, ()):
                members += table.observations(indices)
            with building():
                found = self._series[key] = progress.Series.of(members) if members else _EMPTY_SERIES
        return found

    def observations_reported_against(self, target: Target) -> Sequence[Observation]:
        """Observations reported against this target or another target on the same measure.

        A proxy of a measure speaks to every target judged by that measure (the 2022 and the
        2025 SME targets share one), so it is shown beside each of them.
        """
        found = self._reported_by_measure.get(target.indicator.key)
        if found is None:  # once per indicator: its targets share the answer
            names = [sibling.key for sibling in self.targets_of(indicator=target.indicator)]
            gathered: list[Observation] = []
            for name in names:
                gathered += self._obs_by.get(("target", name), [])
            named = frozenset(names)
            for table in self.observations.tables:  # one pass over each table for all siblings
                gathered += table.where(table.mask("target", named.__contains__))
            found = self._reported_by_measure[target.indicator.key] = list(dict.fromkeys(gathered))
        return found

    def sessions_of(self, committee: Committee) -> Sequence[Session]:
        return self._sessions_by_committee.get(committee.key, [])

    def successor_of(self, committee: Committee) -> Committee | None:
        for other in self.committees:
            if any(pred.key == committee.key for pred in other.predecessors):
                return other
        return None

    def province_by_key(self, key: str) -> Province:
        return self.provinces.get(key)

    def tasks_of(self, plan: Plan) -> Sequence[Task]:
        return self._tasks_by_plan.get(plan.key, [])

    def tasks_listing(self, target: Target) -> Sequence[Task]:
        return self._tasks_by_target.get(target.key, [])

    def targets_of(self, *, indicator: Indicator | None = None, plan: Plan | None = None) -> Sequence[Target]:
        pool = self._targets_by_indicator.get(indicator.key, []) if indicator is not None else self.targets
        return [target for target in pool if plan is None or target.plan == plan.year]

    def milestones_of(self, record: Task | Target) -> Sequence[Milestone]:
        return self._milestones.get(record.key, [])

    def records_citing(self, source: Source) -> Sequence[Any]:
        if not self.observations.tables:
            return [*self._citing.get(source.id, []), *self._citing_after.get(source.id, [])]
        found = self._citing_all.get(source.id)
        if found is None:
            rows = self._indexed("source", source.id, "sources",
                                 lambda refs: any(ref.source.id == source.id for ref in refs))
            from_tables = rows[len(self._obs_by.get(("source", source.id), [])):]
            found = self._citing_all[source.id] = [*self._citing.get(source.id, []), *from_tables,
                                                   *self._citing_after.get(source.id, [])]
        return found

    def citation_count(self, source: Source) -> int:
        """How many records cite ``source`` (``len(source.records())``, but rows held as
        columns are counted without building their records).

        >>> import ducs
        >>> ds = ducs.load()
        >>> source = ds.sources.get("web-001")
        >>> ds.citation_count(source) == len(source.records()) > 0
        True
        """
        if not self.observations.tables or source.id in self._citing_all:
            return len(self.records_citing(source))
        cites = (lambda refs: any(ref.source.id == source.id for ref in refs))
        rows = sum(len(table.where(table.mask("sources", cites))) for table in self.observations.tables)
        return len(self._citing.get(source.id, [])) + rows + len(self._citing_after.get(source.id, []))

    # --- progress: the one place where an as-of value becomes a date ---------------------

    def as_of_date(self, as_of: object = None) -> pendulum.Date:
        """The day a query is "as of": ``None`` means the cut-off; anything else is parsed once.

        >>> import ducs
        >>> ds = ducs.load()
        >>> ds.as_of_date(), ds.as_of_date("2022-04-30"), ds.as_of_date("2022")
        (Date(2025, 11, 30), Date(2022, 4, 30), Date(2022, 12, 31))
        """
        if as_of is None:
            return self._cutoff
        try:
            return to_date(as_of)
        except ValueError:
            if isinstance(as_of, (str, int)) and not isinstance(as_of, bool):
                return Period.parse(str(as_of)).end  # "2022" means as of the end of 2022
            raise

    def target_progress(self, target: Target, as_of: object = None,
                        profile: Profile | str = Profile.UNSD) -> progress.TargetProgress:
        """Progress of one target (what :meth:`Target.progress` answers)."""
        return progress.target_progress(target, self.as_of_date(as_of), Profile(profile))

    def task_progress(self, task: Task, as_of: object = None,
                      profile: Profile | str = Profile.UNSD) -> progress.TaskProgress:
        """Progress of one task (what :meth:`Task.progress` answers)."""
        return progress.task_progress(task, self.as_of_date(as_of), Profile(profile))

    def plan_progress(self, plan: Plan, as_of: object = None,
                      profile: Profile | str = Profile.UNSD) -> progress.PlanProgress:
        """Progress of a plan (what :meth:`Plan.progress` answers)."""
        return progress.plan_progress(plan, self.as_of_date(as_of), Profile(profile))

    def compare(self, provinces: Iterable[Province | str], indicator: Indicator | str, *,
                as_of: object = None) -> list[progress.Ranked]:
        """Rank provinces on one indicator by their latest value visible on ``as_of``.

        Names resolve to the unit in force on the as-of day (a name used in both eras, such as
        "Lào Cai", means the 2008 unit as of 2023). Better values rank first; ties share a rank;
        provinces without a visible value come last with rank None.

        Args:
            provinces: units or names (resolved as `provinces.get(name, as_of=...)`).
            indicator: an indicator or its key.
            as_of: the day (default: the cut-off).

        Returns:
            A list of `Ranked`, best first, each with its `as_of`.

        Raises:
            NotFoundError: an unknown province or indicator.

        Examples:

        >>> import ducs
        >>> rows = ducs.load().compare(["Hà Giang", "Quảng Trị", "An Giang"], "dti_rank", as_of="2023-06-30")
        >>> [(r.province.name_vi, r.rank, r.value) for r in rows]
        [('An Giang', 1, 54.0), ('Quảng Trị', 2, 55.0), ('Hà Giang', 3, 57.0)]
        """
        day = self.as_of_date(as_of)
        found = indicator if isinstance(indicator, Indicator) else self.indicators.get(indicator)
        units = [p if isinstance(p, Province) else self._province_on(p, day) for p in provinces]
        return progress.compare(units, found, day)

    def _province_on(self, name: str, day: pendulum.Date) -> Province:
        return self.provinces.get(name, as_of=day)

    def pillar_rollup(self, *, as_of: object = None, profile: Profile | str = Profile.UNSD,
                      plan: int | None = None) -> dict[str, method.Aggregate]:
        """Roll up by pillar, with the one pillar rule (:attr:`ducs.model.Target.pillar`).

        With ``plan``, the plan's items (its tasks, and its targets outside any task) exactly
        as the plan's own progress groups them; without, every target of the dataset. Keys are
        pillar values ("not identified" for tasks no source names).

        >>> import ducs
        >>> rollup = ducs.load().pillar_rollup(plan=2022, as_of="2023-01-31")
        >>> rollup["digital_economy"].tense.value
        'retrospective'
        """
        day = self.as_of_date(as_of)
        if plan is not None:
            result = progress.plan_progress(self.plans.get(plan), day, Profile(profile))
            return {group.name: group.aggregate for group in result.by_pillar}
        rolled = progress.pillar_rollup(self.targets, day, Profile(profile))
        return {pillar.value: aggregate for pillar, aggregate in rolled.items()}

    def scope_rollup(self, *, as_of: object = None,
                     profile: Profile | str = Profile.UNSD) -> dict[str, method.Aggregate]:
        """Aggregate targets by scope: ``"national"`` and each province.

        >>> import ducs
        >>> sorted(ducs.load().scope_rollup())
        ['national', 'province:Hà Giang']
        """
        return progress.scope_rollup(self.targets, self.as_of_date(as_of), Profile(profile))

    def coverage(self, *, as_of: object = None) -> coverage_of.Coverage:
        """What the evidence covers on ``as_of`` (default: the cut-off): per target, task and pillar.

        >>> import ducs
        >>> cover = ducs.load().coverage()
        >>> [p.pillar.value for p in cover.pillars][:2]
        ['digital_government', 'digital_economy']
        """
        return coverage_of.coverage(self.targets, self.plans, self.as_of_date(as_of))

    # --- interop ------------------------------------------------------------------------

    def export(self, folder: str | Path, format: Literal["parquet", "csv"] = "parquet", *,
               license: str | None = None, partition_rows: int = PARTITION_ROWS) -> Path:
        """Write the dataset as a Frictionless Data Package: one table per kind, and ``datapackage.json``.

        ``format`` is ``"parquet"`` (needs the ``arrow`` extra) or ``"csv"``; ``folder`` must be new
        or empty. A Parquet observations table of more than ``partition_rows`` rows is partitioned
        by indicator and year (Hive style). ``ducs.load(folder)`` reads the export back into an
        equal dataset. See docs/scale.md.

        Returns:
            The path of the written ``datapackage.json``.
        """
        return export_package(self, folder, format, license=license, partition_rows=partition_rows)

    # --- presentation -------------------------------------------------------------------

    def frame(self, kind: str, engine: str = "pandas") -> Any:
        """A tidy DataFrame of one kind of record, with honest types (see `ducs.frames`).

        Args:
            kind: one of `ducs.frames.FRAME_KINDS` (`sessions` is `ds.sessions`;
                `all_sessions` has every committee's).
            engine: `"pandas"` (default) or `"polars"`.

        Returns:
            The DataFrame.

        Raises:
            NotFoundError: an unknown kind (the message lists them).
            MissingExtraError: the frame library is not installed.
        """
        return build_frame(self, kind, engine)  # type: ignore[arg-type]

    def dti_frame(self, *, era: int, engine: str = "pandas", wide: bool = True) -> Any:
        """The provincial DT index of one era (2008: ranks among 63; 2025: ranks among 34).

        One frame never mixes the two rankings (see `ducs.frames.dti_frame`).

        Args:
            era: 2008 or 2025.
            engine: `"pandas"` (default) or `"polars"`.
            wide: one row per unit and edition (True) or one row per figure (False).

        Returns:
            The DataFrame.
        """
        return build_dti_frame(self, era=era, engine=engine, wide=wide)  # type: ignore[arg-type]

    def _repr_html_(self) -> str:
        counts = [(kind.name, len(getattr(self, kind.name))) for kind in KINDS]
        caption = f"ducs dataset {self.data_version} (cut-off {self.cutoff.isoformat()})"
        if NCDT in self.committees.keys():  # a folder of one's own data may have no committee
            caption += f" — {self.committee.name_vi}"
        return dataset_html(counts, caption)

    def __repr__(self) -> str:
        return (
            f"<Dataset {self.data_version}: {len(self.sessions)} sessions, {len(self.provinces)} provinces, "
            f"{len(self.indicators)} indicators, {len(self.observations)} observations, "
            f"{len(self.targets)} targets, {len(self.plans)} plans, {len(self.sources)} sources>"
        )


_EMPTY_SERIES = progress.Series((), ())


def _group_series(observations: Iterable[Observation]) -> dict[tuple[str, tuple[Any, ...]], list[Observation]]:
    grouped: dict[tuple[str, tuple[Any, ...]], list[Observation]] = {}
    scopes: dict[int, tuple[Any, ...]] = {}  # one key per scope object (tables share them)
    for obs in observations:
        scope_key = scopes.get(id(obs.scope))
        if scope_key is None:
            scope_key = scopes[id(obs.scope)] = _scope_key(obs.scope)
        group = grouped.get((obs.indicator.key, scope_key))
        if group is None:
            grouped[(obs.indicator.key, scope_key)] = [obs]
        else:
            group.append(obs)
    return grouped


def _group_table_series(tables: Iterable[ObservationTable]) -> dict[
        tuple[str, tuple[Any, ...]], list[tuple[ObservationTable, list[int]]]]:
    grouped: dict[tuple[str, tuple[Any, ...]], list[tuple[ObservationTable, list[int]]]] = {}
    for table in tables:
        indicators, scopes = table.distinct("indicator"), table.distinct("scope")
        for (indicator_code, scope_code), indices in table.groups(["indicator", "scope"]).items():
            key = (indicators[indicator_code].key, _scope_key(scopes[scope_code]))
            grouped.setdefault(key, []).append((table, indices))
    return grouped


def _scope_key(scope: Scope) -> tuple[Any, ...]:
    """A scope as a cheap key: within one dataset a province is one record per key."""
    return (scope.kind, scope.province.key if scope.province is not None else None, scope.agency)


def _citations(record: Any) -> Iterator[Any]:
    """Every SourceRef on a record, including those of nested parts (connection points…)."""
    yield from getattr(record, "sources", ())
    for part_name in ("connection_points", "resolutions", "offices", "membership_changes"):
        for part in getattr(record, part_name, ()):
            yield from part.sources
    for part_name in ("dt_day", "steering_committee"):
        part = getattr(record, part_name, None)
        if part is not None:
            yield from part.sources


def dump_mapping(dataset: Dataset) -> dict[str, Any]:
    """The whole dataset as plain data (JSON-ready), one list per record table.

    ``load_mapping(dump_mapping(ds))`` (:mod:`ducs.loader`) rebuilds an equal dataset.

    >>> import ducs
    >>> ds = ducs.load()
    >>> from ducs.loader import load_mapping
    >>> again = load_mapping(dump_mapping(ds))
    >>> again.provinces.get("02@2008") == ds.provinces.get("02@2008")
    True
    """
    converter = get_converter()
    out: dict[str, Any] = {"dataset": {"title": dataset.title, "data_version": dataset.data_version,
                                       "cutoff": dataset.cutoff.isoformat()}}
    if dataset.license is not None:
        out["dataset"]["license"] = dataset.license
    for kind in KINDS:
        out[kind.table] = [converter.unstructure(record) for record in dataset.records(kind.name)]
    return out
