"""Shared pieces of the domain model: reference markers and the graph protocol records query through.

A record never imports the rooms above it: it asks its dataset (the ``Graph`` it was loaded
into), and the dataset hands the question to the room that owns it (progress, for instance).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import attrs
import pendulum

from ducs.errors import DucsError

if TYPE_CHECKING:
    from ducs.model.committee import Committee, Session
    from ducs.model.indicators import Indicator, Observation, Scope
    from ducs.model.places import Province
    from ducs.model.plans import Milestone, Plan, Target, Task
    from ducs.model.sources import Source
    from ducs.progress import PlanProgress, Series, TargetProgress, TaskProgress
    from ducs.vocab import Profile

__all__ = ["REF", "Graph", "RefMarker", "graph_field", "graph_of"]



class RefMarker:
    """Marks an ``Annotated[...]`` field whose fixture value is the key of another record."""

    def __repr__(self) -> str:
        return "REF"


REF = RefMarker()


class Graph(Protocol):
    """What a loaded record may ask of the dataset it belongs to (implemented by Dataset)."""

    @property
    def cutoff(self) -> pendulum.Date: ...

    def observations_of(
        self,
        *,
        indicator: Indicator | None = None,
        province: Province | None = None,
        session: Session | None = None,
        source: Source | None = None,
    ) -> Sequence[Observation]: ...

    def series(self, indicator: Indicator, scope: Scope) -> Series: ...

    def observations_reported_against(self, target: Target) -> Sequence[Observation]: ...

    def sessions_of(self, committee: Committee) -> Sequence[Session]: ...

    def successor_of(self, committee: Committee) -> Committee | None: ...

    def province_by_key(self, key: str) -> Province: ...

    def tasks_of(self, plan: Plan) -> Sequence[Task]: ...

    def tasks_listing(self, target: Target) -> Sequence[Task]: ...

    def targets_of(self, *, indicator: Indicator | None = None, plan: Plan | None = None) -> Sequence[Target]: ...

    def milestones_of(self, record: Task | Target) -> Sequence[Milestone]: ...

    def records_citing(self, source: Source) -> Sequence[Any]: ...

    def target_progress(self, target: Target, as_of: object, profile: Profile | str) -> TargetProgress: ...

    def task_progress(self, task: Task, as_of: object, profile: Profile | str) -> TaskProgress: ...

    def plan_progress(self, plan: Plan, as_of: object, profile: Profile | str) -> PlanProgress: ...


def graph_field() -> Any:
    """The back-reference every queryable record carries; set once by the loader."""
    return attrs.field(default=None, init=False, eq=False, repr=False, hash=False)


def graph_of(record: Any) -> Graph:
    """Return the dataset a record was loaded into, or fail clearly for a hand-made record."""
    graph: Graph | None = record._graph
    if graph is None:
        raise DucsError(
            f"{type(record).__name__} {getattr(record, 'key', '')!r} was not loaded by ducs.load(); "
            "queries need the dataset it belongs to"
        )
    return graph
