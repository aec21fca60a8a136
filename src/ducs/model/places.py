"""Provinces and centrally-run cities, across the 63-unit (2008) and 34-unit (2025) eras."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import pendulum

from ducs.model._base import graph_field, graph_of
from ducs.model.sources import SourceRef, check_day_of_year
from ducs.periods import to_date
from ducs.render import named_row, province_html, province_name
from ducs.text import fold
from ducs.vocab import ProvinceKind, SteeringHead

__all__ = ["DtDay", "KindChange", "Official", "Province", "ProvinceEvent", "ProvinceNames", "Resolution",
           "SteeringCommittee"]


@attrs.frozen
class DtDay:
    """A province's own digital-transformation day (e.g. 28 August in Hà Giang from 2022)."""

    month: int
    day: int
    since: int | None
    sources: tuple[SourceRef, ...]

    def __attrs_post_init__(self) -> None:
        check_day_of_year(self.month, self.day)

    def __str__(self) -> str:
        since = f" (since {self.since})" if self.since else ""
        return f"{self.day:02d}/{self.month:02d}{since}"


@attrs.frozen
class Resolution:
    """A provincial Party or People's Committee resolution or programme on DT."""

    number: str | None
    issuer: str
    title_en: str
    issued: pendulum.Date | None
    sources: tuple[SourceRef, ...]
    title_vi: str | None = None


@attrs.frozen
class KindChange:
    """A unit's change of kind within an era (Thừa Thiên Huế became a centrally-run city on 2025-01-01)."""

    kind: ProvinceKind
    since: pendulum.Date
    sources: tuple[SourceRef, ...]
    note: str = ""


@attrs.frozen
class Official:
    """A named holder of a provincial post, as a source saw them on a date."""

    name: str
    post: str
    seen: pendulum.Date | None
    sources: tuple[SourceRef, ...]
    note: str = ""


@attrs.frozen
class ProvinceEvent:
    """A dated DT event in a province (a training course, a conference, a launch)."""

    date: pendulum.Date
    description: str
    sources: tuple[SourceRef, ...]


@attrs.frozen
class SteeringCommittee:
    """A provincial DT steering committee and who heads it."""

    head: SteeringHead | None
    head_name: str | None
    sources: tuple[SourceRef, ...]
    note: str = ""


@attrs.frozen
class Province:
    """A province or centrally-run city in one era.

    ``key`` is ``"<code>@<era>"`` (e.g. ``"02@2008"``) because GSO codes were reused by the
    2025 merger: code 44 was Quảng Bình until 2025-06-30 and is the merged Quảng Trị since.

    In fixtures ``successor`` and ``predecessors`` are keys; loaded, they are the units
    themselves (``successor_key`` and ``predecessor_keys`` keep the keys).

    Examples:
        >>> import ducs
        >>> p = ducs.load().provinces.get("Hà Giang")
        >>> p.key, p.name_en, p.kind.value, p.successor.key, p.successor.name_vi
        ('02@2008', 'Ha Giang', 'province', '08@2025', 'Tuyên Quang')
    """

    key: str
    code: str
    era: int
    name_vi: str
    name_ascii: str
    name_en: str
    kind: ProvinceKind
    region: str | None
    phone_code: str | None
    valid_from: pendulum.Date | None
    valid_to: pendulum.Date | None
    successor_key: str | None = None
    predecessor_keys: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    dt_day: DtDay | None = None
    resolutions: tuple[Resolution, ...] = ()
    steering_committee: SteeringCommittee | None = None
    note: str = ""
    sources: tuple[SourceRef, ...] = ()
    kind_changes: tuple[KindChange, ...] = ()
    officials: tuple[Official, ...] = ()
    events: tuple[ProvinceEvent, ...] = ()
    _graph: Any = graph_field()

    def kind_on(self, date: object) -> ProvinceKind:
        """The unit's kind on ``date``: ``kind`` is the latest; ``kind_changes`` say since when.

        Examples:
            >>> import ducs
            >>> hue = ducs.load().provinces.get("46@2008")
            >>> hue.kind_on("2024-06-30").value, hue.kind_on("2025-01-01").value
            ('province', 'municipality')
        """
        day = to_date(date)
        kind = self.kind
        for change in sorted(self.kind_changes, key=lambda c: c.since, reverse=True):
            if day < change.since:
                kind = self._kind_before(change)
        return kind

    def _kind_before(self, change: KindChange) -> ProvinceKind:
        earlier = [c for c in self.kind_changes if c.since < change.since]
        if earlier:
            return max(earlier, key=lambda c: c.since).kind
        return ProvinceKind.PROVINCE if change.kind is ProvinceKind.MUNICIPALITY else ProvinceKind.MUNICIPALITY

    def in_force(self, date: object) -> bool:
        """True if the unit existed on ``date``.

        Examples:
            >>> p = Province("02@2008", "02", 2008, "Hà Giang", "Ha Giang", "Ha Giang",
            ...              ProvinceKind.PROVINCE, None, None, None, pendulum.date(2025, 6, 30))
            >>> p.in_force("2022-04-27"), p.in_force("2025-07-01")
            (True, False)
        """
        day = to_date(date)
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to

    @property
    def successor(self) -> Province | None:
        """The unit this one became part of, or None if it is still in force."""
        return graph_of(self).province_by_key(self.successor_key) if self.successor_key else None

    @property
    def predecessors(self) -> tuple[Province, ...]:
        """The units that formed this one (empty for the 63-unit era)."""
        graph = graph_of(self)
        return tuple(graph.province_by_key(key) for key in self.predecessor_keys)

    def observations(self, indicator: object = None, *, include_predecessors: bool = False) -> list[Any]:
        """Observations about this unit (optionally of one indicator key or Indicator).

        Observations stay on the unit that was in force when they were made. For a merged unit,
        ``include_predecessors=True`` also returns those of the units that formed it, each
        still scoped to its own unit: nothing is summed or averaged for you.

        Examples:
            >>> import ducs
            >>> tuyen_quang = ducs.load().provinces.get("Tuyên Quang", as_of="2026-01-01")
            >>> tuyen_quang.observations("dti_rank")
            []
            >>> sorted({o.scope.province.name_vi for o in tuyen_quang.observations("dti_rank", include_predecessors=True)})
            ['Hà Giang', 'Tuyên Quang']
        """
        graph = graph_of(self)
        units = [self, *self.predecessors] if include_predecessors else [self]
        found = [obs for unit in units for obs in graph.observations_of(province=unit)]
        if indicator is None:
            return found
        key = getattr(indicator, "key", indicator)
        return [obs for obs in found if obs.indicator.key == key]

    def dti(self) -> list[Any]:
        """This unit's provincial DT index observations (scores, ranks, sub-indices), by period."""
        return sorted(
            (obs for obs in graph_of(self).observations_of(province=self)
             if obs.indicator.key.startswith("dti_")),
            key=lambda obs: (obs.period, obs.indicator.key),
        )

    def _repr_html_(self) -> str:
        return province_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return named_row(province_name(self), self.key, kind=self.kind.value, region=self.region)

    def __repr__(self) -> str:
        return f"Province({self.key!r}, {self.name_vi!r})"


class ProvinceNames:
    """The one province-name index: names in any spelling, aliases and GSO codes → units.

    A name or code may match units of both eras (codes were reused in 2025); callers decide
    what to do with several matches. Used by the converter during a load and by the dataset.

    Examples:
        >>> import ducs
        >>> names = ProvinceNames(ducs.load().provinces)
        >>> [p.key for p in names.matching("LAO CAI")]
        ['10@2008', '15@2025']
        >>> [p.key for p in names.matching("02")]
        ['02@2008']
    """

    def __init__(self, provinces: Iterable[Province] = ()) -> None:
        self._by_name: dict[str, list[Province]] = {}
        self._names: dict[str, None] = {}
        for province in provinces:
            self.add(province)

    def add(self, province: Province) -> None:
        """Index one unit under its folded names, aliases and code."""
        names = (province.name_vi, province.name_ascii, province.name_en, *province.aliases)
        for entry in {fold(name) for name in names} | {province.code}:
            bucket = self._by_name.setdefault(entry, [])
            if not any(found is province for found in bucket):
                bucket.append(province)
        self._names.setdefault(province.name_vi, None)

    def matching(self, text: str) -> list[Province]:
        """Every unit whose code, or folded name or alias, equals ``text`` (folded)."""
        cleaned = text.strip()
        return list(self._by_name.get(cleaned) or self._by_name.get(fold(cleaned), []))

    def names(self) -> list[str]:
        """The Vietnamese names, for suggestions."""
        return list(self._names)
