"""What the evidence covers: per target, task and pillar, what there is and what is missing.

Coverage counts records, not verdicts: a target is *covered* when an observation of its own
measure (the one progress judges it by) is visible on the as-of day; observations of another
measure reported against it (proxies) and milestones are counted beside it.

>>> import ducs
>>> cover = ducs.load().coverage()
>>> cover.targets_with_own_evidence <= cover.targets_with_any_evidence <= len(cover.targets)
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import attrs
import pendulum

from ducs.model import Plan, SourceRef, Target, Task
from ducs.periods import Period
from ducs.render import short_repr
from ducs.vocab import MilestoneKind, Pillar

__all__ = ["Coverage", "PillarCoverage", "TargetCoverage", "TaskCoverage", "coverage"]


def _source_ids(refs: Iterable[SourceRef]) -> set[str]:
    return {ref.source.id for ref in refs}


@attrs.frozen
class TargetCoverage:
    """The evidence a target has on a day: its own measure, proxies, milestones, sources."""

    target: Target
    pillar: Pillar
    own: int
    latest: Period | None
    proxies: int
    milestones: int
    sources: int

    @property
    def has_own_evidence(self) -> bool:
        """True when an observation of the target's own measure (or an outcome milestone) is visible."""
        return self.own > 0

    @property
    def has_evidence(self) -> bool:
        """True when anything speaks to the target: own measure, proxy or milestone."""
        return self.own + self.proxies + self.milestones > 0

    def __repr__(self) -> str:
        return short_repr("TargetCoverage", f"{self.target.key}: {self.own} own, {self.proxies} proxy, "
                          f"{self.milestones} milestones, latest {self.latest or 'none'}")


@attrs.frozen
class TaskCoverage:
    """The evidence a task has: its targets with evidence, its milestones, its sources."""

    task: Task
    targets: int
    targets_with_evidence: int
    outcomes: int
    steps: int
    sources: int

    @property
    def has_evidence(self) -> bool:
        """True when a target of the task has evidence of its own measure, or a milestone exists."""
        return self.targets_with_evidence + self.outcomes + self.steps > 0

    def __repr__(self) -> str:
        number = self.task.number if self.task.number is not None else "?"
        return short_repr("TaskCoverage", f"{self.task.plan.year}#{number}: {self.targets_with_evidence} of "
                          f"{self.targets} targets with evidence, {self.outcomes} outcomes, {self.steps} steps")


@attrs.frozen
class PillarCoverage:
    """Targets of one pillar (by the one pillar rule) and how many have evidence."""

    pillar: Pillar
    targets: int
    with_own_evidence: int
    with_any_evidence: int

    def __repr__(self) -> str:
        return short_repr("PillarCoverage", f"{self.pillar.value}: {self.with_own_evidence} of {self.targets} "
                          f"targets with own evidence, {self.with_any_evidence} with any")


@attrs.frozen
class Coverage:
    """Coverage of every target, of the tasks of every plan, and per pillar, on one day."""

    as_of: pendulum.Date
    targets: tuple[TargetCoverage, ...]
    tasks: tuple[TaskCoverage, ...]
    pillars: tuple[PillarCoverage, ...]

    @property
    def targets_with_own_evidence(self) -> int:
        """Targets with an observation (or outcome milestone) of their own measure."""
        return sum(1 for t in self.targets if t.has_own_evidence)

    @property
    def targets_with_any_evidence(self) -> int:
        """Targets with anything at all: own measure, proxy or milestone."""
        return sum(1 for t in self.targets if t.has_evidence)

    def __repr__(self) -> str:
        return short_repr("Coverage", f"as of {self.as_of.isoformat()}: {self.targets_with_own_evidence} of "
                          f"{len(self.targets)} targets with own evidence, {self.targets_with_any_evidence} with any")

    def missing_targets(self, *, own: bool = True) -> list[Target]:
        """Targets without evidence of their own measure (``own=False``: without any evidence)."""
        return [t.target for t in self.targets if not (t.has_own_evidence if own else t.has_evidence)]

    def missing_tasks(self, plan: Plan | None = None) -> list[Task]:
        """Identified tasks (of ``plan``, or of every plan) without any evidence."""
        return [t.task for t in self.tasks
                if not t.has_evidence and (t.task.title_vi or t.task.title_en)
                and (plan is None or t.task.plan is plan)]


def coverage(targets: Iterable[Target], plans: Iterable[Plan], day: pendulum.Date) -> Coverage:
    """Coverage of ``targets`` and of the tasks of ``plans`` as of ``day`` (see [`Dataset.coverage`][ducs.dataset.Dataset.coverage])."""
    rows: list[TargetCoverage] = []
    for target in targets:
        own = [o for o in target.observations() if o.period.ended_by(day)]
        proxies = [o for o in target.reported_against() if o.indicator is not target.indicator
                   and o.period.ended_by(day)]
        milestones = [m for m in target.milestones() if m.date <= day]
        outcomes = [m for m in milestones if m.kind is MilestoneKind.OUTCOME]
        refs = [r for o in own + proxies for r in o.sources] + [r for m in milestones for r in m.sources]
        rows.append(TargetCoverage(target, target.pillar, len(own) + len(outcomes),
                                   max((o.period for o in own), default=None), len(proxies),
                                   len(milestones), len(_source_ids(refs))))
    by_key = {row.target.key: row for row in rows}
    tasks: list[TaskCoverage] = []
    for plan in plans:
        for task in plan.tasks:
            members = [by_key[t.key] for t in task.targets if t.key in by_key]
            milestones = [m for m in task.milestones() if m.date <= day]
            n_outcomes = sum(1 for m in milestones if m.kind is MilestoneKind.OUTCOME)
            refs = [r for m in milestones for r in m.sources]
            sources = len(_source_ids(refs)) + sum(m.sources for m in members)
            tasks.append(TaskCoverage(task, len(members), sum(1 for m in members if m.has_own_evidence),
                                      n_outcomes, len(milestones) - n_outcomes, sources))
    grouped: dict[Pillar, list[TargetCoverage]] = defaultdict(list)
    for row in rows:
        grouped[row.pillar].append(row)
    pillars = tuple(
        PillarCoverage(pillar, len(grouped[pillar]), sum(1 for r in grouped[pillar] if r.has_own_evidence),
                       sum(1 for r in grouped[pillar] if r.has_evidence))
        for pillar in Pillar if pillar in grouped
    )
    return Coverage(day, tuple(rows), tuple(tasks), pillars)
