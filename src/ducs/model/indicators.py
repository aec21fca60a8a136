"""Indicators (what is measured) and observations (a value someone reported, with its source)."""

from __future__ import annotations

from typing import Annotated, Any

import attrs

from ducs.model._base import REF, graph_field, graph_of
from ducs.model.committee import Session
from ducs.model.places import Province
from ducs.model.sources import SourceRef
from ducs.periods import Period
from ducs.render import indicator_html, named_row, observation_html, observation_row, short_repr
from ducs.vocab import Confidence, Direction, Match, Pillar, Qualifier, ScopeKind

__all__ = ["NATIONAL", "Indicator", "Observation", "Scope"]



@attrs.frozen
class Indicator:
    """A measured quantity with a stable key, unit, pillar and direction.

    ``limit`` is a natural bound in the desired direction (100 for a share that should rise).
    An indicator is one measure: ``measure`` says how it is measured and by whom; indicators
    that measure one ``concept`` in different ways (the statistics office's digital-economy
    share of GDP and the ministry's estimate) share the concept and are never one series.
    ``sources`` back the facts in ``description``.

    Examples:
        >>> import ducs
        >>> i = ducs.load().indicators.get("fibre_household_share")
        >>> i.unit, i.direction.name, [str(o.period) for o in i.observations()][:2]
        ('percent', 'HIGHER_IS_BETTER', ['2021', '2022-03'])
    """

    key: str
    name_vi: str | None
    name_en: str
    unit: str
    pillar: Pillar
    direction: Direction
    limit: float | None = None
    description: str = ""
    measure: str = ""
    concept: str | None = None
    sources: tuple[SourceRef, ...] = ()
    _graph: Any = graph_field()

    def observations(self) -> list[Observation]:
        """All observations of this indicator, oldest period first."""
        return sorted(graph_of(self).observations_of(indicator=self), key=_by_period)

    def targets(self) -> list[Any]:
        """Targets set on this indicator."""
        return list(graph_of(self).targets_of(indicator=self))

    def _repr_html_(self) -> str:
        return indicator_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return named_row(self.name_en, self.key, unit=self.unit, pillar=self.pillar.label_en)

    def __repr__(self) -> str:
        return f"Indicator({self.key!r}, unit={self.unit!r})"


@attrs.frozen
class Scope:
    """What a figure is about: the whole country, one province, or one agency.

    Written in fixtures as ``"national"``, ``"province:02@2008"`` (or an unambiguous
    province name) and ``"agency:<name>"``.
    """

    kind: ScopeKind
    province: Annotated[Province, REF] | None = None
    agency: str | None = None

    def __str__(self) -> str:
        if self.kind is ScopeKind.PROVINCE and self.province is not None:
            return f"province:{self.province.name_vi}"
        if self.kind is ScopeKind.AGENCY:
            return f"agency:{self.agency}"
        return "national"


NATIONAL = Scope(ScopeKind.NATIONAL)


@attrs.frozen
class Observation:
    """One reported value of an indicator for a scope and period, with its source.

    ``qualifier`` keeps the source's wording ("trên" more than, "khoảng" about, "gần" nearly).
    ``match`` says whether it measures exactly what a linked target measures or a proxy;
    ``target`` is the key of the target it was reported against, if any. A proxy has its own
    indicator, so the progress method never uses it for that target. ``restated`` marks a
    figure computed for a unit for a period before the unit existed (the 2024 DTI of the
    provinces merged on 2025-07-01).

    Examples:
        >>> import ducs
        >>> print(ducs.load().observations.get("doc003-laocai-portal-share"))
        portal_integrated_services_share = 81.7 percent [province:Lào Cai, 2022-04-27] (003_f6b367151ac29e37.txt#¶8)
    """

    key: str
    indicator: Annotated[Indicator, REF]
    value: float
    period: Period
    sources: tuple[SourceRef, ...]
    scope: Scope  # required: without it a provincial figure would silently read as national
    qualifier: Qualifier = Qualifier.EXACT
    denominator: float | None = None
    session: Annotated[Session, REF] | None = None
    match: Match = Match.EXACT
    target: str | None = None
    estimate: bool = False
    reported: str = ""
    note: str = ""
    disagreement: str = ""
    confidence: Confidence = Confidence.HIGH
    restated: bool = False

    @property
    def province(self) -> Province | None:
        """The province the figure is about, if any."""
        return self.scope.province

    def _repr_html_(self) -> str:
        return observation_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return observation_row(self)

    def __repr__(self) -> str:
        value = _number(self.value) + (f"/{_number(self.denominator)}" if self.denominator is not None else "")
        estimate = " (estimate)" if self.estimate else ""
        return short_repr("Observation", f"{self.key}: {self.indicator.key} = {self.qualifier.symbol}{value} "
                          f"{self.indicator.unit}{estimate} [{self.scope}, {self.period}]")

    def __str__(self) -> str:
        value = _number(self.value)
        if self.denominator is not None:
            value += f"/{_number(self.denominator)}"
        return (
            f"{self.indicator.key} = {self.qualifier.symbol}{value} {self.indicator.unit} "
            f"[{self.scope}, {self.period}] ({', '.join(str(ref) for ref in self.sources)})"
        )


def _number(value: float) -> str:
    """A figure as people write it: 14,000,000 rather than 1.4e+07; 81.7 stays 81.7."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _by_period(observation: Observation) -> tuple[Period, str]:
    return (observation.period, observation.key)
