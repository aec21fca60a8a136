"""Targets, plans and their tasks, and milestone evidence for yes/no outcomes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import attrs
import pendulum

from ducs.model._base import REF, graph_field, graph_of
from ducs.model.indicators import Indicator, Observation, Scope
from ducs.model.sources import Document, SourceRef
from ducs.periods import Period
from ducs.render import (
    cited_row,
    key_html,
    milestone_html,
    named_row,
    nowrap,
    plan_html,
    short_repr,
    shorten,
    target_html,
    task_html,
)
from ducs.vocab import Comparator, Confidence, Direction, MilestoneKind, Pillar, Profile

if TYPE_CHECKING:
    from ducs.progress import PlanProgress, Series, TargetProgress, TaskProgress

__all__ = ["Milestone", "Plan", "Target", "Task"]



@attrs.frozen
class Target:
    """A goal on an indicator: comparator, value (or range ``value``..``high``) and deadline.

    A ``qualitative`` target has no value; it is judged on milestone evidence.

    Examples:
        >>> import ducs
        >>> t = ducs.load().targets.get("smartphone_population_share")
        >>> t.describe(), t.set_by.key, t.plan
        ('smartphone_population_share >= 85 percent by 2022', '27/QĐ-UBQGCĐS', 2022)
    """

    key: str
    indicator: Annotated[Indicator, REF]
    comparator: Comparator
    value: float | None
    deadline: Period | None
    sources: tuple[SourceRef, ...]
    title_en: str
    scope: Scope  # required: without it a provincial target would silently read as national
    title_vi: str | None = None
    high: float | None = None
    baseline: Period | None = None
    set_by: Annotated[Document, REF] | None = None
    plan: int | None = None
    band: bool = False
    epsilon: float | None = None
    note: str = ""
    confidence: Confidence = Confidence.HIGH
    _graph: Any = graph_field()

    @property
    def pillar(self) -> Pillar:
        """The one pillar every view files this target under (docs/progress.md).

        The pillar of the first task, in plan order, that lists the target and has a known
        pillar; a target outside any task takes its indicator's pillar.

        Examples:
            >>> import ducs
            >>> targets = ducs.load().targets
            >>> targets.get("smartphone_population_share").pillar.value  # task 1's pillar
            'cross_cutting_foundation'
            >>> targets.get("online_processed_dossiers_share").pillar.value  # in no task: the indicator's
            'digital_government'
        """
        for task in graph_of(self).tasks_listing(self):
            if task.pillar is not None:
                return task.pillar
        return self.indicator.pillar

    @property
    def measure(self) -> Indicator:
        """The measure the target is judged by: its indicator (never a proxy of it)."""
        return self.indicator

    @property
    def direction(self) -> Direction:
        """Direction used by the method: implied by the comparator, else the indicator's."""
        return self.comparator.implied_direction or self.indicator.direction

    def describe(self) -> str:
        """A short text form of the target.

        Examples:
            >>> import ducs
            >>> ducs.load().targets.get("n749_egdi_rank").describe()
            'un_egdi_rank within top 70 by 2025'
        """
        if self.comparator is Comparator.QUALITATIVE:
            what = f"{self.indicator.key} (yes/no)"
        elif self.comparator is Comparator.RANGE:
            what = f"{self.indicator.key} in {self.value:g}–{self.high:g} {self.indicator.unit}"
        elif self.comparator is Comparator.RANK_WITHIN:
            what = f"{self.indicator.key} within top {self.value:g}"
        else:
            what = f"{self.indicator.key} {self.comparator.value} {self.value:g} {self.indicator.unit}"
        return f"{what} by {self.deadline or 'an unknown deadline'}"

    def observations(self) -> list[Observation]:
        """Observations of the target's indicator for the target's scope, oldest first."""
        return list(self.series().observations)

    def series(self) -> Series:
        """The target's series (its indicator for its scope), sorted once by the dataset.

        Progress cuts it at the as-of day by bisection (:class:`ducs.progress.Series`).
        """
        return graph_of(self).series(self.indicator, self.scope)

    def reported_against(self) -> list[Observation]:
        """Observations reported against this target, whatever they measure (proxies too)."""
        return list(graph_of(self).observations_reported_against(self))

    def milestones(self) -> list[Milestone]:
        """Yes/no evidence recorded for this target."""
        return list(graph_of(self).milestones_of(self))

    def progress(
        self, as_of: object = None, *, profile: Profile | str = Profile.UNSD
    ) -> TargetProgress:
        """Assess progress toward the target as of a date (the method: docs/progress.md).

        Only figures whose period ended by the as-of day count; later ones are kept aside.

        Args:
            as_of: A date (``"2023-06-30"``, a ``datetime.date`` or pendulum Date); None for
                the dataset's cut-off, so results never depend on today's date.
            profile: The growth-ratio thresholds, ``"unsd"`` (default) or ``"opensdg"``.

        Returns:
            A [`TargetProgress`][ducs.progress.TargetProgress]: status, explanation and evidence.

        Raises:
            ValueError: ``as_of`` is not a date, or ``profile`` is not a profile.
            DucsError: The target was not loaded by [`ducs.load`][ducs.load].

        Examples:
            >>> import ducs
            >>> result = ducs.load().targets.get("fibre_household_share").progress(as_of="2023-06-30")
            >>> result.status.value, result.status.label_en
            ('not_met', 'not met')
        """
        return graph_of(self).target_progress(self, as_of, profile)

    def _repr_html_(self) -> str:
        return target_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return cited_row(named_row(self.title_en, self.key, target=self.describe()), self.sources)

    def __repr__(self) -> str:
        return f"Target({self.key!r}: {shorten(self.describe(), 200)})"


@attrs.frozen
class Plan:
    """A yearly activity plan of the committee (e.g. the 2022 plan: 18 tasks).

    Examples:
        >>> import ducs
        >>> plan = ducs.load().plans.get(2022)
        >>> plan.tasks_declared, len(plan.tasks), plan.decision.key
        (18, 18, '27/QĐ-UBQGCĐS')
    """

    key: str
    year: int
    title_vi: str
    title_en: str
    tasks_declared: int | None
    sources: tuple[SourceRef, ...]
    decision: Annotated[Document, REF] | None = None
    signed: pendulum.Date | None = None
    targets_declared: int | None = None
    note: str = ""
    _graph: Any = graph_field()

    @property
    def tasks(self) -> list[Task]:
        """The plan's tasks in order (tasks whose number is unknown come last)."""
        return list(graph_of(self).tasks_of(self))

    @property
    def targets(self) -> list[Target]:
        """Targets that belong to the plan."""
        return list(graph_of(self).targets_of(plan=self))

    def progress(
        self, as_of: object = None, *, profile: Profile | str = Profile.UNSD
    ) -> PlanProgress:
        """Per-task status and roll-ups by pillar and for the whole plan, as of a date.

        Args:
            as_of: A date; None for the dataset's cut-off.
            profile: The growth-ratio thresholds, ``"unsd"`` (default) or ``"opensdg"``.

        Returns:
            A [`PlanProgress`][ducs.progress.PlanProgress]; its ``headline()`` is the answer in one line.

        Raises:
            ValueError: ``as_of`` is not a date, or ``profile`` is not a profile.
            DucsError: The plan was not loaded by [`ducs.load`][ducs.load].

        Examples:
            >>> import ducs
            >>> print(ducs.load().plans.get(2022).progress(as_of="2022-12-31").headline())  # doctest: +ELLIPSIS
            2022 plan as of 2022-12-31: insufficient evidence (retrospective) — evidence for 9 of 26 (35%): ...
        """
        return graph_of(self).plan_progress(self, as_of, profile)

    def _repr_html_(self) -> str:
        return plan_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return named_row(self.title_en, self.year, tasks=len(self.tasks), targets=len(self.targets))

    def __repr__(self) -> str:
        return f"Plan({self.year}, {shorten(self.title_en, 120)!r})"


@attrs.frozen
class Task:
    """One task of a plan. Unknown titles, numbers and leads stay None.

    Examples:
        >>> import ducs
        >>> task = ducs.load().plans.get(2022).tasks[6]
        >>> task.number, task.title_vi, [t.key for t in task.targets]
        (7, 'Phổ cập hóa đơn điện tử', ['einvoice_enterprise_share'])
    """

    key: str
    plan: Annotated[Plan, REF]
    number: int | None
    title_vi: str | None
    title_en: str | None
    lead_agency: str | None
    pillar: Pillar | None
    sources: tuple[SourceRef, ...]
    targets: tuple[Annotated[Target, REF], ...] = ()
    outputs: tuple[str, ...] = ()
    title_vi_basis: str = ""
    number_confidence: Confidence = Confidence.HIGH
    note: str = ""
    confidence: Confidence = Confidence.HIGH
    _graph: Any = graph_field()

    @property
    def title(self) -> str:
        """The best title available: Vietnamese, else English, else "unknown"."""
        return self.title_vi or self.title_en or "unknown"

    def milestones(self) -> list[Milestone]:
        """Dated yes/no evidence recorded for this task."""
        return list(graph_of(self).milestones_of(self))

    def progress(
        self, as_of: object = None, *, profile: Profile | str = Profile.UNSD
    ) -> TaskProgress:
        """Status of this task from its targets and outcome milestones, as of a date.

        Args:
            as_of: A date; None for the dataset's cut-off.
            profile: The growth-ratio thresholds, ``"unsd"`` (default) or ``"opensdg"``.

        Returns:
            A [`TaskProgress`][ducs.progress.TaskProgress]; steps (activity) are shown beside
            the status and never decide it.

        Raises:
            ValueError: ``as_of`` is not a date, or ``profile`` is not a profile.
            DucsError: The task was not loaded by [`ducs.load`][ducs.load].

        Examples:
            >>> import ducs
            >>> ducs.load().plans.get(2022).tasks[6].progress().status.value
            'target_met'
        """
        return graph_of(self).task_progress(self, as_of, profile)

    def _repr_html_(self) -> str:
        return task_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return {"no.": self.number, "nhiệm vụ": self.title_vi, "task": self.title_en,
                "pillar": self.pillar.label_en if self.pillar else None, "key": key_html(self.key)}

    def __repr__(self) -> str:
        number = self.number if self.number is not None else "?"
        return f"Task({self.plan.year}#{number}, {shorten(self.title, 150)!r})"


@attrs.frozen
class Milestone:
    """A dated event with its sources, linked to one task or target.

    ``kind`` says what it proves: an ``outcome`` is the thing the task or target asks for
    (a database put into operation; ``achieved = false`` when a review reports it not done)
    and decides a status; a ``step`` (a decree, a launch, a campaign along the way) is
    evidence of activity and never decides one.
    """

    key: str
    date: pendulum.Date
    achieved: bool
    kind: MilestoneKind
    description: str
    sources: tuple[SourceRef, ...]
    task: Annotated[Task, REF] | None = None
    target: Annotated[Target, REF] | None = None
    confidence: Confidence = Confidence.HIGH

    def _repr_html_(self) -> str:
        return milestone_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return cited_row({"date": nowrap(self.date.isoformat()), "kind": self.kind.value,
                          "achieved": "yes" if self.achieved else "no", "description": self.description},
                         self.sources)

    def __repr__(self) -> str:
        done = "" if self.achieved else ", not achieved"
        return short_repr("Milestone", f"{self.key} {self.date.isoformat()} {self.kind.value}{done}: "
                          f"{shorten(self.description, 120)}")
