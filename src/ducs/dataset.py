"""The loaded dataset: typed collections with lookups, filters and indexes built once.

>>> import ducs
>>> ds = ducs.load()
>>> ds.provinces.get("ha giang").name_vi
'Hà Giang'
>>> ds.sessions.get(2).date
Date(2022, 4, 27)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

import pendulum

from ducs.errors import AmbiguousError, NotFoundError
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
from ducs.periods import Period, to_date
from ducs.text import close_matches, fold

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
        """The record with this key; raises NotFoundError (a LookupError) naming close keys."""
        if key in self._index:
            return self._index[key]
        raise NotFoundError(self.kind, key, close_matches(str(key), [str(k) for k in self._index]))

    def filter(self, predicate: Callable[[T], bool]) -> list[T]:
        """Records for which ``predicate`` is true."""
        return [item for item in self._items if predicate(item)]

    def _repr_html_(self) -> str:
        from ducs.display import collection_html

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
        raise NotFoundError("session", key, numbers if isinstance(key, int) else close_matches(str(key), self.keys()))


class PlanCollection(Collection[Plan]):
    """Plans, looked up by year (``get(2022)``) or key."""

    kind = "plan"

    def get(self, key: object) -> Plan:
        for plan in self._items:
            if key in (plan.year, plan.key, str(plan.year)):
                return plan
        raise NotFoundError("plan", key, [str(plan.year) for plan in self._items])


class ProvinceCollection(Collection[Province]):
    """Provinces of every era; lookups accept names with or without diacritics, codes and keys.

    A name or code used in both eras (e.g. "Lào Cai", code "44") is resolved with ``as_of``;
    without it the lookup raises :class:`~ducs.errors.AmbiguousError` listing both keys.
    """

    kind = "province"

    def __init__(self, items: Iterable[Province]) -> None:
        super().__init__(items, key=lambda province: province.key)
        self._by_name: dict[str, list[Province]] = defaultdict(list)
        for province in self._items:
            names = {province.name_vi, province.name_ascii, province.name_en, *province.aliases}
            for name in names:
                bucket = self._by_name[fold(name)]
                if province not in bucket:
                    bucket.append(province)
            self._by_name.setdefault(province.code, []).append(province)

    def get(self, key: object, *, as_of: object = None) -> Province:
        """A province by key (``"02@2008"``), GSO code (``"02"``) or name in any spelling.

        >>> import ducs
        >>> provinces = ducs.load().provinces
        >>> provinces.get("HA GIANG") is provinces.get("02") is provinces.get("Hà Giang")
        True
        >>> provinces.get("Lào Cai", as_of="2022-04-27").key
        '10@2008'
        >>> provinces.get("Lào Cai", as_of="2026-01-01").key
        '15@2025'
        """
        text = str(key).strip()
        if text in self._index:
            return self._index[text]
        matches = self._by_name.get(text) or self._by_name.get(fold(text), [])
        if as_of is not None:
            matches = [p for p in matches if p.in_force(as_of)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise AmbiguousError(
                "province", key, [f"{p.key} ({p.name_vi}, era {p.era})" for p in matches],
                "Pass as_of=<date> or use the key.",
            )
        names = sorted({p.name_vi for p in self._items})
        raise NotFoundError("province", key, close_matches(text, names))

    def as_of(self, date: object) -> ProvinceCollection:
        """The units in force on ``date`` (63 before 2025-07-01, 34 since).

        >>> import ducs
        >>> len(ducs.load().provinces.as_of("2022-04-27"))
        63
        """
        day = to_date(date)
        return ProvinceCollection(p for p in self._items if p.in_force(day))

    def era(self, era: int) -> ProvinceCollection:
        """The units of one era: 2008 (63 units) or 2025 (34 units)."""
        return ProvinceCollection(p for p in self._items if p.era == era)

    def search(self, text: str) -> list[Province]:
        """Provinces whose folded name contains ``text`` folded (empty text finds nothing)."""
        needle = fold(text)
        if not needle:
            return []
        return [p for p in self._items if any(needle in fold(n) for n in (p.name_vi, p.name_en, *p.aliases))]


class ObservationCollection(Collection[Observation]):
    """Observations; ``filter`` narrows by indicator, scope, province, period, source or date."""

    kind = "observation"

    def __init__(self, items: Iterable[Observation], provinces: ProvinceCollection | None = None) -> None:
        super().__init__(items, key=lambda obs: obs.key)
        self._provinces = provinces

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
        wanted_province: Province | None = None
        if province is not None:
            if isinstance(province, Province):
                wanted_province = province
            elif self._provinces is not None:
                wanted_province = self._provinces.get(province, as_of=None)
            else:
                raise NotFoundError("province", province)
        window = Period.parse(period) if isinstance(period, str) else period
        wanted_source = getattr(source, "id", source)
        cutoff = to_date(as_of) if as_of is not None else None

        def keep(obs: Observation) -> bool:
            if wanted_indicator is not None and obs.indicator.key != wanted_indicator:
                return False
            if scope is not None and obs.scope.kind.value != scope:
                return False
            if wanted_province is not None and obs.scope.province is not wanted_province:
                return False
            if window is not None and not (window.start <= obs.period.start and obs.period.end <= window.end):
                return False
            if wanted_source is not None and all(ref.source.id != wanted_source for ref in obs.sources):
                return False
            if session is not None and not _session_matches(obs.session, session):
                return False
            if cutoff is not None and obs.period.end > cutoff:
                return False
            return predicate is None or predicate(obs)

        return ObservationCollection((o for o in self._items if keep(o)), self._provinces)


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

    def __init__(
        self,
        *,
        title: str,
        data_version: str,
        cutoff: pendulum.Date,
        folder: Path,
        records: dict[type, list[Any]],
    ) -> None:
        self.title = title
        self.data_version = data_version
        self._cutoff = cutoff
        self.folder = folder
        get: Callable[[type], list[Any]] = lambda kind: records.get(kind, [])
        self.sources: Collection[Source] = Collection(get(Source), key=lambda s: s.id, kind="source")
        self.documents: Collection[Document] = Collection(get(Document), key=lambda d: d.key, kind="document")
        self.provinces = ProvinceCollection(get(Province))
        self.indicators: Collection[Indicator] = Collection(get(Indicator), key=lambda i: i.key, kind="indicator")
        self.committees: Collection[Committee] = Collection(get(Committee), key=lambda c: c.key, kind="committee")
        self.themes: Collection[YearTheme] = Collection(get(YearTheme), key=lambda t: t.year, kind="theme")
        all_sessions = sorted(get(Session), key=lambda s: (s.date, s.key))
        self.all_sessions: Collection[Session] = Collection(all_sessions, key=lambda s: s.key, kind="session")
        self.sessions = SessionCollection(s for s in all_sessions if s.committee.key == NCDT)
        self.observations = ObservationCollection(get(Observation), self.provinces)
        self.targets: Collection[Target] = Collection(get(Target), key=lambda t: t.key, kind="target")
        self.plans = PlanCollection(sorted(get(Plan), key=lambda p: p.year), key=lambda p: p.key)
        self.tasks: Collection[Task] = Collection(get(Task), key=lambda t: t.key, kind="task")
        self.milestones: Collection[Milestone] = Collection(get(Milestone), key=lambda m: m.key, kind="milestone")
        self._build_indexes()

    @classmethod
    def build(cls, **kwargs: Any) -> Dataset:
        """Build the dataset and link every queryable record back to it."""
        dataset = cls(**kwargs)
        for collection in (dataset.sources, dataset.provinces, dataset.indicators, dataset.committees,
                           dataset.all_sessions, dataset.targets, dataset.plans, dataset.tasks):
            for record in collection:
                object.__setattr__(record, "_graph", dataset)
        return dataset

    def _build_indexes(self) -> None:
        self._obs_by: dict[tuple[str, str], list[Observation]] = defaultdict(list)
        self._citing: dict[str, list[Any]] = defaultdict(list)
        for obs in self.observations:
            self._obs_by[("indicator", obs.indicator.key)].append(obs)
            if obs.scope.province is not None:
                self._obs_by[("province", obs.scope.province.key)].append(obs)
            if obs.session is not None:
                self._obs_by[("session", obs.session.key)].append(obs)
            for ref in obs.sources:
                self._obs_by[("source", ref.source.id)].append(obs)
            if obs.target is not None:
                self._obs_by[("target", obs.target)].append(obs)
        for collection in (self.documents, self.provinces, self.committees, self.themes, self.all_sessions,
                           self.observations, self.targets, self.plans, self.tasks, self.milestones):
            for record in collection:
                for source_id in dict.fromkeys(ref.source.id for ref in _citations(record)):
                    self._citing[source_id].append(record)
        self._sessions_by_committee: dict[str, list[Session]] = defaultdict(list)
        for session in self.all_sessions:
            self._sessions_by_committee[session.committee.key].append(session)
        self._tasks_by_plan: dict[str, list[Task]] = defaultdict(list)
        for task in self.tasks:
            self._tasks_by_plan[task.plan.key].append(task)
        for tasks in self._tasks_by_plan.values():
            tasks.sort(key=lambda t: (t.number is None, t.number or 0, t.key))
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
            return self._obs_by.get(("indicator", indicator.key), [])
        if province is not None:
            return self._obs_by.get(("province", province.key), [])
        if session is not None:
            return self._obs_by.get(("session", session.key), [])
        if source is not None:
            return self._obs_by.get(("source", source.id), [])
        return list(self.observations)

    def observations_reported_against(self, target: Target) -> Sequence[Observation]:
        """Observations whose ``target`` field names this target (exact or proxy)."""
        return self._obs_by.get(("target", target.key), [])

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

    def targets_of(self, *, indicator: Indicator | None = None, plan: Plan | None = None) -> Sequence[Target]:
        return [
            target for target in self.targets
            if (indicator is None or target.indicator.key == indicator.key)
            and (plan is None or target.plan == plan.year)
        ]

    def milestones_of(self, record: Task | Target) -> Sequence[Milestone]:
        return self._milestones.get(record.key, [])

    def records_citing(self, source: Source) -> Sequence[Any]:
        return self._citing.get(source.id, [])

    def frame(self, kind: str, engine: str = "pandas") -> Any:
        """A tidy pandas (or ``engine="polars"``) DataFrame of ``observations``, ``targets``,
        ``sessions``, ``provinces`` or ``tasks``; needs the ``pandas``/``polars`` extra."""
        from ducs.frames import frame

        return frame(self, kind, engine)  # type: ignore[arg-type]

    def _repr_html_(self) -> str:
        from ducs.display import dataset_html

        return dataset_html(self)

    def __repr__(self) -> str:
        return (
            f"<Dataset {self.data_version}: {len(self.sessions)} sessions, {len(self.provinces)} provinces, "
            f"{len(self.indicators)} indicators, {len(self.observations)} observations, "
            f"{len(self.targets)} targets, {len(self.plans)} plans, {len(self.sources)} sources>"
        )


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
