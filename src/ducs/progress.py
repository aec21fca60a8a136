"""Progress of targets, tasks, plans, pillars and provinces, as of a date.

The arithmetic lives in :mod:`ducs.method` (pure functions on numbers, see docs/progress.md);
this module feeds it the right observations: only those of the target's own indicator and
scope (a proxy measure has its own indicator, so it is shown but never used), and only those
whose period ended on or before ``as_of``. ``as_of=None`` means the dataset's cut-off date.

>>> import ducs
>>> ds = ducs.load()
>>> result = ds.plans.get(2022).progress(as_of="2022-04-30")
>>> len(result.tasks)
18
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs
import pendulum

from ducs import method
from ducs.model import Indicator, Milestone, Observation, Plan, Province, Target, Task
from ducs.model._base import graph_of
from ducs.periods import to_date
from ducs.vocab import Comparator, Pillar, Profile, Status

DEFAULT_EPSILON = 0.001


def _as_of(record: Any, as_of: object) -> pendulum.Date:
    return graph_of(record).cutoff if as_of is None else to_date(as_of)


@attrs.frozen
class TargetProgress:
    """A target's assessment with the observations behind it.

    ``assessment`` holds every measure of the method (status, reason, baseline, current, Δ, H,
    growth rates, ratio, shares, score, substitutions, deadline flags, explanation).
    """

    target: Target
    assessment: method.Assessment
    as_of: pendulum.Date
    profile: Profile
    observations: tuple[Observation, ...]
    milestones: tuple[Milestone, ...] = ()
    later: tuple[Observation, ...] = ()
    proxies: tuple[Observation, ...] = ()

    @property
    def status(self) -> Status:
        """The status label."""
        return self.assessment.status

    @property
    def explanation(self) -> str:
        """One sentence saying why."""
        return self.assessment.explanation

    @property
    def baseline(self) -> Observation | None:
        """The observation used as the baseline, if any."""
        return self._observation(self.assessment.baseline)

    @property
    def current(self) -> Observation | None:
        """The latest observation used, if any."""
        return self._observation(self.assessment.current)

    def _observation(self, point: method.Point | None) -> Observation | None:
        if point is None:
            return None
        return next((obs for obs in self.observations if obs.key == point.label), None)

    @property
    def evidence(self) -> tuple[str, ...]:
        """Citations of the observations or milestones the status rests on."""
        used = [obs for obs in (self.baseline, self.current) if obs is not None]
        refs = [str(ref) for obs in used for ref in obs.sources]
        refs += [str(ref) for m in self.milestones for ref in m.sources]
        return tuple(dict.fromkeys(refs))

    def __str__(self) -> str:
        text = f"{self.target.key}: {self.status.value} — {self.explanation}"
        if self.proxies:
            latest = self.proxies[-1]
            text += (f" Proxy evidence, not used: {latest.indicator.key} = {latest.qualifier.symbol}"
                     f"{latest.value:g} ({latest.period}).")
        return text


def target_progress(target: Target, *, as_of: object = None, profile: Profile = Profile.UNSD) -> TargetProgress:
    """Assess one target as of a date (see :meth:`ducs.model.Target.progress`).

    >>> import ducs
    >>> t = ducs.load().targets.get("fibre_household_share")
    >>> t.progress(as_of="2023-06-30").status.value
    'not_met'
    """
    day = _as_of(target, as_of)
    series = tuple(target.observations())
    proxies = tuple(sorted(
        (obs for obs in graph_of(target).observations_reported_against(target)
         if obs.indicator.key != target.indicator.key and obs.period.end <= day),
        key=lambda obs: (obs.period, obs.key),
    ))
    visible = tuple(obs for obs in series if obs.period.end <= day)
    later = tuple(obs for obs in series if obs.period.end > day)
    if target.comparator is Comparator.QUALITATIVE:
        milestones = tuple(m for m in target.milestones())
        assessment = method.assess_binary(
            [(m.date, m.achieved, m.key) for m in milestones],
            deadline=target.deadline.end,
            as_of=day,
        )
        return TargetProgress(target, assessment, day, profile, visible, milestones, later, proxies)
    points = [method.Point(obs.period.end, obs.value, obs.key) for obs in series]
    assessment = method.assess(
        points,
        comparator=target.comparator,
        target=float(target.value if target.value is not None else 0.0),
        target_high=target.high,
        deadline=target.deadline.end,
        as_of=day,
        direction=target.direction,
        baseline_end=target.baseline.end if target.baseline else None,
        profile=profile,
        epsilon=target.epsilon if target.epsilon is not None else DEFAULT_EPSILON,
        band=target.band,
    )
    return TargetProgress(target, assessment, day, profile, visible, (), later, proxies)


@attrs.frozen
class TaskProgress:
    """A task's status, derived from its targets and dated milestones.

    ``has_evidence`` is False when nothing visible speaks to the task: that is "no evidence"
    (``not_assessable``), never "not achieved".
    """

    task: Task
    status: Status
    targets: tuple[TargetProgress, ...]
    milestones: tuple[Milestone, ...]
    aggregate: method.Aggregate | None
    as_of: pendulum.Date
    reason: str | None = None

    @property
    def has_evidence(self) -> bool:
        """True if any target or milestone of the task was assessable as of the date."""
        return any(t.status.is_assessed for t in self.targets) or bool(self.milestones)

    @property
    def evidence(self) -> tuple[str, ...]:
        """Citations behind the status."""
        refs = [ref for t in self.targets if t.status.is_assessed for ref in t.evidence]
        refs += [str(ref) for m in self.milestones for ref in m.sources]
        return tuple(dict.fromkeys(refs))

    def __str__(self) -> str:
        number = self.task.number if self.task.number is not None else "?"
        return f"task {number} ({self.task.title}): {self.status.value}"


def task_progress(task: Task, *, as_of: object = None, profile: Profile = Profile.UNSD) -> TaskProgress:
    """Assess a task: its targets' assessments and its milestones, aggregated by the method.

    >>> import ducs
    >>> task = ducs.load().plans.get(2022).tasks[-1]
    >>> task.progress().status.value, task.progress().reason
    ('not_assessable', 'no_evidence')
    """
    day = _as_of(task, as_of)
    targets = tuple(target_progress(t, as_of=day, profile=profile) for t in task.targets)
    milestones = tuple(m for m in task.milestones() if m.date <= day)
    members: list[method.Assessment] = [t.assessment for t in targets]
    if milestones:
        members.append(method.assess_binary(
            [(m.date, m.achieved, m.key) for m in milestones],
            deadline=pendulum.date(task.plan.year, 12, 31),  # a yearly plan's tasks are due by its end
            as_of=day,
        ))
    if not members or not any(m.status.is_assessed for m in members):
        return TaskProgress(task, Status.NOT_ASSESSABLE, targets, milestones, None, day, "no_evidence")
    aggregate = method.aggregate(members, profile=profile)
    return TaskProgress(task, aggregate.status, targets, milestones, aggregate, day, None)


@attrs.frozen
class GroupProgress:
    """Counts and the aggregate status of a group of tasks (a pillar, or the whole plan)."""

    name: str
    status: Status
    counts: tuple[tuple[Status, int], ...]
    tasks: int
    with_evidence: int
    mean_score: float | None


def _group(name: str, tasks: Sequence[TaskProgress], profile: Profile) -> GroupProgress:
    counts = Counter(t.status for t in tasks)
    no_evidence = method.Aggregate(Status.NOT_ASSESSABLE, None, ((Status.NOT_ASSESSABLE, 1),), 0, 0, 0)
    members = [t.aggregate if t.aggregate is not None else no_evidence for t in tasks]
    rolled = method.aggregate(members, profile=profile)
    status, score = rolled.status, rolled.mean_score
    ordered = tuple((s, counts[s]) for s in Status if counts[s])
    return GroupProgress(name, status, ordered, len(tasks), sum(1 for t in tasks if t.has_evidence), score)


@attrs.frozen
class PlanProgress:
    """Per-task status of a plan with roll-ups by pillar and for the plan as a whole.

    Iterating yields the task results in plan order; ``str()`` prints a readable table.
    """

    plan: Plan
    as_of: pendulum.Date
    profile: Profile
    tasks: tuple[TaskProgress, ...]
    overall: GroupProgress
    by_pillar: tuple[GroupProgress, ...]
    targets: tuple[TargetProgress, ...] = ()

    def __iter__(self) -> Iterator[TaskProgress]:
        return iter(self.tasks)

    def __len__(self) -> int:
        return len(self.tasks)

    @property
    def evidence_share(self) -> float:
        """Share of tasks with any visible evidence (0..1)."""
        return self.overall.with_evidence / self.overall.tasks if self.overall.tasks else 0.0

    @property
    def lacking_evidence(self) -> list[Task]:
        """Tasks with no visible evidence at all."""
        return [t.task for t in self.tasks if not t.has_evidence]

    def counts(self) -> dict[Status, int]:
        """Number of tasks per status."""
        return dict(self.overall.counts)

    def select(self, pillar: Pillar | str | None = None) -> PlanProgress:
        """The same result restricted to tasks of one pillar (None keeps all)."""
        if pillar is None:
            return self
        wanted = Pillar(pillar)
        kept = tuple(t for t in self.tasks if t.task.pillar is wanted)
        targets = tuple(t for t in self.targets if t.target.indicator.pillar is wanted)
        return build_plan_progress(self.plan, kept, self.as_of, self.profile, targets)

    def frame(self, engine: str = "pandas") -> Any:
        """One row per task and target with status, ratio and score (pandas or polars)."""
        from ducs.frames import plan_progress_rows, to_frame

        return to_frame(plan_progress_rows(self), engine)  # type: ignore[arg-type]

    def _repr_html_(self) -> str:
        from ducs.display import plan_progress_html

        return plan_progress_html(self)

    def __str__(self) -> str:
        from ducs.report import render_plan_progress

        return render_plan_progress(self)


def build_plan_progress(plan: Plan, tasks: Sequence[TaskProgress], as_of: pendulum.Date, profile: Profile,
                        targets: Sequence[TargetProgress] = ()) -> PlanProgress:
    """Assemble a PlanProgress from task (and plan-target) results; roll-ups are computed here."""
    by_pillar: dict[str, list[TaskProgress]] = defaultdict(list)
    for result in tasks:
        by_pillar[result.task.pillar.value if result.task.pillar else "unknown"].append(result)
    groups = tuple(_group(name, members, profile) for name, members in sorted(by_pillar.items()))
    return PlanProgress(plan, as_of, profile, tuple(tasks), _group("plan", tasks, profile), groups, tuple(targets))


def plan_progress(plan: Plan, *, as_of: object = None, profile: Profile = Profile.UNSD) -> PlanProgress:
    """Assess every task of a plan (see :meth:`ducs.model.Plan.progress`).

    >>> import ducs
    >>> result = plan_progress(ducs.load().plans.get(2022), as_of="2022-12-31")
    >>> result.overall.tasks, result.overall.with_evidence, len(result.lacking_evidence)
    (18, 4, 14)
    """
    day = _as_of(plan, as_of)
    tasks = [task_progress(task, as_of=day, profile=profile) for task in plan.tasks]
    targets = [target_progress(target, as_of=day, profile=profile) for target in plan.targets]
    return build_plan_progress(plan, tasks, day, profile, targets)


# --- roll-ups across the dataset -----------------------------------------------------------


@attrs.frozen
class Ranked:
    """One province in a comparison: its rank (ties share a rank; None when it has no value)."""

    province: Province
    rank: int | None
    observation: Observation | None

    @property
    def value(self) -> float | None:
        """The compared value, or None when the province has no visible observation."""
        return self.observation.value if self.observation else None


def compare(
    provinces: Iterable[Province | str],
    indicator: Indicator | str,
    *,
    as_of: object = None,
    dataset: Any = None,
) -> list[Ranked]:
    """Rank provinces on one indicator by their latest value visible on ``as_of``.

    Better values rank first (the indicator's direction decides); equal values share a rank
    (competition ranking: 1, 2, 2, 4); provinces with no visible value come last with rank None.

    Examples:
        >>> import ducs
        >>> ds = ducs.load()
        >>> rows = compare(["Hà Giang", "Quảng Trị", "An Giang"], "dti_rank", as_of="2023-06-30", dataset=ds)
        >>> [(r.province.name_vi, r.rank, r.value) for r in rows]
        [('An Giang', 1, 54.0), ('Quảng Trị', 2, 55.0), ('Hà Giang', 3, 57.0)]
    """
    from ducs import load

    ds = dataset if dataset is not None else load()
    day = ds.cutoff if as_of is None else to_date(as_of)
    ind = indicator if isinstance(indicator, Indicator) else ds.indicators.get(indicator)
    units = [p if isinstance(p, Province) else _resolve(ds, p, day) for p in provinces]
    latest: list[tuple[Province, Observation | None]] = []
    for unit in units:
        visible = [o for o in unit.observations(ind) if o.period.end <= day]
        latest.append((unit, max(visible, key=lambda o: o.period) if visible else None))
    sign = -1 if ind.direction.value == 1 else 1
    present = sorted((pair for pair in latest if pair[1] is not None), key=lambda pair: sign * pair[1].value)  # type: ignore[union-attr]
    ranked: list[Ranked] = []
    for index, (unit, obs) in enumerate(present):
        assert obs is not None
        if ranked and ranked[-1].value == obs.value:
            rank = ranked[-1].rank
        else:
            rank = index + 1
        ranked.append(Ranked(unit, rank, obs))
    ranked += [Ranked(unit, None, None) for unit, obs in latest if obs is None]
    return ranked


def _resolve(ds: Any, name: str, day: pendulum.Date) -> Province:
    """A province by name; a name used in both eras means the unit in force on ``day``."""
    from ducs.errors import AmbiguousError

    try:
        found: Province = ds.provinces.get(name)
    except AmbiguousError:
        found = ds.provinces.get(name, as_of=day)
    return found


def pillar_rollup(dataset: Any, *, as_of: object = None, profile: Profile = Profile.UNSD,
                  plan: int | None = None) -> dict[Pillar, method.Aggregate]:
    """Aggregate every target (optionally of one plan) by its indicator's pillar.

    >>> import ducs
    >>> from ducs.vocab import Pillar
    >>> rollup = pillar_rollup(ducs.load(), plan=2022, as_of="2022-12-31")
    >>> rollup[Pillar.DIGITAL_ECONOMY].status.value
    'on_track'
    """
    day = dataset.cutoff if as_of is None else to_date(as_of)
    groups: dict[Pillar, list[method.Assessment]] = defaultdict(list)
    for target in dataset.targets:
        if plan is not None and target.plan != plan:
            continue
        groups[target.indicator.pillar].append(target_progress(target, as_of=day, profile=profile).assessment)
    return {pillar: method.aggregate(members, profile=profile) for pillar, members in groups.items()}


def scope_rollup(dataset: Any, *, as_of: object = None, profile: Profile = Profile.UNSD) -> dict[str, method.Aggregate]:
    """Aggregate targets by scope: ``"national"`` and each province (``"province:<name>"``).

    >>> import ducs
    >>> sorted(scope_rollup(ducs.load()))
    ['national']
    """
    day = dataset.cutoff if as_of is None else to_date(as_of)
    groups: dict[str, list[method.Assessment]] = defaultdict(list)
    for target in dataset.targets:
        groups[str(target.scope)].append(target_progress(target, as_of=day, profile=profile).assessment)
    return {scope: method.aggregate(members, profile=profile) for scope, members in groups.items()}
