"""Progress of targets, tasks, plans, pillars and provinces, as of a real date.

The arithmetic lives in [`ducs.method`][ducs.method] (pure functions on numbers, see docs/progress.md);
this module feeds it the right observations: only those of the target's own indicator and
scope (a proxy measure has its own indicator, so it is shown but never used), and only those
whose period ended on or before the as-of day ([`Period.ended_by`][ducs.periods.Period.ended_by]).

Functions here take a real date. Records reach them through their dataset, which turns
``as_of=None`` into its cut-off and parses a given as-of value once
(``ds.plans.get(2022).progress(as_of="2022-04-30")``); this module never loads data.

>>> import ducs
>>> import pendulum
>>> ds = ducs.load()
>>> result = plan_progress(ds.plans.get(2022), pendulum.date(2022, 4, 30))
>>> len(result.tasks)
18
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs
import pendulum

from ducs import method
from ducs.errors import NotFoundError
from ducs.frames import plan_progress_frame
from ducs.model import Indicator, Milestone, Observation, Plan, Province, Target, Task
from ducs.render import (
    TableRenderer,
    badge,
    plan_progress_html,
    province_name,
    ranked_html,
    short_repr,
    shorten,
    target_progress_html,
    task_progress_html,
    text_table,
)
from ducs.vocab import Comparator, Direction, MilestoneKind, Pillar, Profile, Status, Tense

__all__ = [
    "GroupProgress",
    "PlanProgress",
    "Ranked",
    "Series",
    "TargetProgress",
    "TaskProgress",
    "build_plan_progress",
    "compare",
    "pillar_name",
    "pillar_rollup",
    "plan_progress",
    "plan_progress_text",
    "scope_rollup",
    "target_progress",
    "task_progress",
]


@attrs.frozen
class Series:
    """One series (an indicator for a scope), sorted once: its observations and their period ends.

    The dataset builds one per series on first use and keeps it, so assessing many targets
    groups and sorts each series once; the as-of rule cuts it by bisection on the period ends
    (:meth:`cut`) instead of testing every observation.
    """

    observations: tuple[Observation, ...]
    ends: tuple[dt.date, ...]

    @classmethod
    def of(cls, observations: Iterable[Observation]) -> Series:
        """A series from its observations, sorted by period (then key), as :meth:`Target.observations` lists them."""
        ordered = tuple(sorted(observations, key=_series_order))
        return cls(ordered, tuple([obs.period.end for obs in ordered]))

    def cut(self, day: dt.date) -> int:
        """How many observations had ended by ``day`` (the as-of rule: period end on or before it)."""
        return bisect.bisect_right(self.ends, day)


def _series_order(obs: Observation) -> tuple[dt.date, dt.date, str]:
    return (obs.period.end, obs.period.start, obs.key)


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
    steps: tuple[Milestone, ...] = ()

    @property
    def status(self) -> Status:
        """The status label."""
        return self.assessment.status

    @property
    def measure(self) -> Indicator:
        """The measure the target is judged by: its own indicator (proxies are never used)."""
        return self.target.indicator

    @property
    def reason(self) -> str | None:
        """Why the target is not assessable (``no_observation``, ``single_observation``…), else None."""
        return self.assessment.reason

    @property
    def tense(self) -> Tense | None:
        """Prospective before the deadline (a trend), retrospective from it on (a verdict)."""
        return self.assessment.tense

    @property
    def deadline_passed(self) -> bool | None:
        """True once the as-of day reaches the deadline; None for a result without a deadline."""
        return self.assessment.deadline_passed

    @property
    def achieved_share(self) -> float | None:
        """Share of the distance from the baseline to the target covered by the current value."""
        return self.assessment.progress_share

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

    def _repr_html_(self) -> str:
        return target_progress_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return {"target": self.target.title_en, "status": badge(self.status), "why": self.explanation}

    def __repr__(self) -> str:
        return short_repr("TargetProgress", f"{self.target.key}: {self.status.value} as of {self.as_of.isoformat()}")

    def __str__(self) -> str:
        text = f"{self.target.key}: {self.status.value} — {self.explanation}"
        if self.proxies:
            latest = self.proxies[-1]
            text += (f" Proxy evidence, not used: {latest.indicator.key} = {latest.qualifier.symbol}"
                     f"{latest.value:g} ({latest.period}).")
        return text


def target_progress(target: Target, day: pendulum.Date, profile: Profile = Profile.UNSD) -> TargetProgress:
    """Assess one target as of ``day`` (see [`Target.progress`][ducs.model.Target.progress]).

    Examples:
        >>> import ducs
        >>> t = ducs.load().targets.get("fibre_household_share")
        >>> target_progress(t, pendulum.date(2023, 6, 30)).status.value
        'not_met'
    """
    series = target.series()  # sorted once per dataset; cut here by bisection
    proxies = tuple(sorted(
        (obs for obs in target.reported_against()
         if obs.indicator.key != target.indicator.key and obs.period.ended_by(day)),
        key=lambda obs: (obs.period, obs.key),
    ))
    cut = series.cut(day)
    visible, later = series.observations[:cut], series.observations[cut:]
    refusal = _refusal(target, day, profile)
    if refusal is not None:
        return TargetProgress(target, refusal, day, profile, visible, (), later, proxies)
    assert target.deadline is not None
    if target.comparator is Comparator.QUALITATIVE:
        visible_milestones = [m for m in target.milestones() if m.date <= day]
        milestones = tuple(m for m in visible_milestones if m.kind is MilestoneKind.OUTCOME)
        steps = tuple(m for m in visible_milestones if m.kind is MilestoneKind.STEP)
        assessment = method.assess_binary(
            [(m.date, m.achieved, m.key) for m in milestones],
            deadline=target.deadline.end,
            as_of=day,
        )
        return TargetProgress(target, assessment, day, profile, visible, milestones, later, proxies, steps)
    points = [method.Point(obs.period.end, obs.value, obs.key) for obs in series.observations]
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
        epsilon=target.epsilon if target.epsilon is not None else method.DEFAULT_EPSILON,
        band=target.band,
    )
    return TargetProgress(target, assessment, day, profile, visible, (), later, proxies)


@attrs.frozen
class TaskProgress:
    """A task's status, derived from its targets and its outcome milestones; steps are shown beside it.

    ``has_evidence`` is False when nothing visible speaks to the task: that is "no evidence"
    (``not_assessable``), never "not achieved".
    """

    task: Task
    status: Status
    targets: tuple[TargetProgress, ...]
    milestones: tuple[Milestone, ...]
    aggregate: method.Aggregate
    as_of: pendulum.Date
    reason: str | None = None
    steps: tuple[Milestone, ...] = ()

    @property
    def identified(self) -> bool:
        """False for a task of the plan that no available source names."""
        return self.task.title_vi is not None or self.task.title_en is not None

    @property
    def has_evidence(self) -> bool:
        """True if any target or milestone of the task was assessable as of the date."""
        return any(t.status.is_assessed for t in self.targets) or bool(self.milestones) or bool(self.steps)

    @property
    def evidence(self) -> tuple[str, ...]:
        """Citations behind the status."""
        refs = [ref for t in self.targets if t.status.is_assessed for ref in t.evidence]
        refs += [str(ref) for m in self.milestones for ref in m.sources]
        return tuple(dict.fromkeys(refs))

    def _repr_html_(self) -> str:
        return task_progress_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return {"no.": self.task.number, "task": self.task.title, "status": badge(self.status)}

    def __repr__(self) -> str:
        number = self.task.number if self.task.number is not None else "?"
        return short_repr("TaskProgress", f"{self.task.plan.year}#{number}: {self.status.value} as of "
                          f"{self.as_of.isoformat()} ({len(self.targets)} targets, {len(self.milestones)} outcomes)")

    def __str__(self) -> str:
        number = self.task.number if self.task.number is not None else "?"
        return f"task {number} ({self.task.title}): {self.status.value}"


def task_progress(
    task: Task,
    day: pendulum.Date,
    profile: Profile = Profile.UNSD,
    assessed: dict[str, TargetProgress] | None = None,
) -> TaskProgress:
    """Assess a task: its targets' assessments and its milestones, aggregated by the method.

    ``assessed`` holds target results already computed for the same day and profile (by key);
    they are reused, and new ones are added to it.

    Examples:
        >>> import ducs
        >>> task = ducs.load().plans.get(2022).tasks[-1]
        >>> result = task_progress(task, pendulum.date(2025, 11, 30))
        >>> result.status.value, result.reason
        ('not_assessable', 'no_evidence')
    """
    cache = assessed if assessed is not None else {}
    targets = tuple(_assessed(t, day, profile, cache) for t in task.targets)
    visible_milestones = [m for m in task.milestones() if m.date <= day]
    milestones = tuple(m for m in visible_milestones if m.kind is MilestoneKind.OUTCOME)
    steps = tuple(m for m in visible_milestones if m.kind is MilestoneKind.STEP)
    members: list[method.Assessment] = [t.assessment for t in targets]
    if milestones:
        members.append(method.assess_binary(
            [(m.date, m.achieved, m.key) for m in milestones],
            deadline=pendulum.date(task.plan.year, 12, 31),  # a yearly plan's tasks are due by its end
            as_of=day,
        ))
    aggregate = method.aggregate(members, profile=profile)
    reason = None
    if not any(m.status.is_assessed for m in members):
        reason = "steps_only" if steps else "no_evidence"  # activity is not an outcome
    return TaskProgress(task, aggregate.status, targets, milestones, aggregate, day, reason, steps)


def _refusal(target: Target, day: pendulum.Date, profile: Profile) -> method.Assessment | None:
    """Why the method cannot even start: no deadline, or a descriptive measure."""
    if target.deadline is None:
        return method.unassessable("no_deadline", "the sources give no deadline for this target, so no "
                                   "trend can be judged against one", as_of=day, profile=profile)
    if target.indicator.direction is Direction.NEUTRAL:
        return method.unassessable("descriptive_measure", f"{target.indicator.key} is a descriptive count "
                                   "with no better direction", as_of=day, profile=profile)
    return None


def _assessed(target: Target, day: pendulum.Date, profile: Profile,
              cache: dict[str, TargetProgress]) -> TargetProgress:
    if target.key not in cache:
        cache[target.key] = target_progress(target, day, profile)
    return cache[target.key]


@attrs.frozen
class GroupProgress:
    """A roll-up of a group of plan items (a pillar, or the whole plan): counts, coverage, label.

    ``tasks`` and ``with_evidence`` count the group's tasks and those with any evidence;
    ``aggregate`` rolls up every item (tasks, and plan targets outside any task).
    """

    name: str
    aggregate: method.Aggregate
    tasks: int
    with_evidence: int

    @property
    def status(self) -> Status:
        """The summary label (``insufficient_evidence`` below half coverage)."""
        return self.aggregate.status

    @property
    def counts(self) -> tuple[tuple[Status, int], ...]:
        """Items per status."""
        return self.aggregate.counts

    @property
    def mean_score(self) -> float | None:
        """Mean score of the scored items."""
        return self.aggregate.mean_score

    @property
    def coverage(self) -> float:
        """Share of items with a verdict or a trend."""
        return self.aggregate.coverage

    def summary(self) -> str:
        """One line: label, coverage, counts."""
        return self.aggregate.summary()

    def __repr__(self) -> str:
        return short_repr("GroupProgress", f"{self.name}: {self.summary()}")


def _group(name: str, tasks: Sequence[TaskProgress], targets: Sequence[TargetProgress],
           profile: Profile) -> GroupProgress:
    members: list[method.Assessment | method.Aggregate] = [t.aggregate for t in tasks]
    members += [t.assessment for t in targets]
    rolled = method.aggregate(members, profile=profile)
    return GroupProgress(name, rolled, len(tasks), sum(1 for t in tasks if t.has_evidence))


def pillar_name(pillar: Pillar | None) -> str:
    """A pillar's name in roll-ups; tasks no source identifies group as "not identified"."""
    return pillar.value if pillar is not None else "not identified"


@attrs.frozen
class PlanProgress:
    """Per-task status of a plan with roll-ups by pillar and for the plan as a whole.

    The plan's items are its tasks and its targets that belong to no task: every plan target
    counts. ``overall`` gives counts and coverage first and a label only where evidence covers
    at least half of the items. Iterating yields the task results in plan order.
    """

    plan: Plan
    as_of: pendulum.Date
    profile: Profile
    tasks: tuple[TaskProgress, ...]
    overall: GroupProgress
    by_pillar: tuple[GroupProgress, ...]
    targets: tuple[TargetProgress, ...] = ()
    unattached: tuple[TargetProgress, ...] = ()

    def __iter__(self) -> Iterator[TaskProgress]:
        return iter(self.tasks)

    def __len__(self) -> int:
        return len(self.tasks)

    @property
    def status(self) -> Status:
        """The plan's headline label."""
        return self.overall.status

    @property
    def evidence_share(self) -> float:
        """Share of tasks with any visible evidence (0..1)."""
        return self.overall.with_evidence / self.overall.tasks if self.overall.tasks else 0.0

    @property
    def lacking_evidence(self) -> list[Task]:
        """Tasks with no visible evidence at all."""
        return [t.task for t in self.tasks if not t.has_evidence]

    @property
    def unidentified(self) -> list[Task]:
        """Tasks of the plan that no available source names."""
        return [t.task for t in self.tasks if not t.identified]

    def counts(self) -> dict[Status, int]:
        """Number of items per status."""
        return dict(self.overall.counts)

    def headline(self) -> str:
        """The plan's answer in one line, with what it stands on.

        Examples:
            >>> import ducs
            >>> print(ducs.load().plans.get(2022).progress(as_of="2022-04-30").headline())  # doctest: +ELLIPSIS
            2022 plan as of 2022-04-30: insufficient evidence (prospective) — evidence for 4 of 26 (15%): ...
        """
        return f"{self.plan.year} plan as of {self.as_of.isoformat()}: {self.overall.summary()}"

    def select(self, pillar: Pillar | str | None = None) -> PlanProgress:
        """The same result restricted to the items of one pillar (None keeps all)."""
        if pillar is None:
            return self
        try:
            wanted = Pillar(pillar)
        except ValueError:
            names = [p.value for p in Pillar]
            close = [n for n in names if str(pillar).lower() in n]
            raise NotFoundError("pillar", pillar, close or names) from None
        kept = tuple(t for t in self.tasks if t.task.pillar is wanted)
        unattached = tuple(t for t in self.unattached if t.target.pillar is wanted)
        targets = tuple(t for t in self.targets if t.target.pillar is wanted)
        return build_plan_progress(self.plan, kept, self.as_of, self.profile, targets, unattached)

    def frame(self, engine: str = "pandas") -> Any:
        """One row per task and target with status, ratio and score (pandas or polars).

        Args:
            engine: ``"pandas"`` (default) or ``"polars"``.

        Returns:
            A typed frame (see [`ducs.frames`][ducs.frames]): statuses as categories, dates as dates.
        """
        return plan_progress_frame(self, engine)  # type: ignore[arg-type]

    def _repr_html_(self) -> str:
        return plan_progress_html(self)

    def __repr__(self) -> str:
        return short_repr("PlanProgress", self.headline())

    def __str__(self) -> str:
        return plan_progress_text(self)


def build_plan_progress(plan: Plan, tasks: Sequence[TaskProgress], as_of: pendulum.Date, profile: Profile,
                        targets: Sequence[TargetProgress] = (),
                        unattached: Sequence[TargetProgress] = ()) -> PlanProgress:
    """Assemble a PlanProgress from task and plan-target results; roll-ups are computed here.

    Items group by pillar with one rule ([`Target.pillar`][ducs.model.Target.pillar] for targets, the
    task's pillar for tasks), the same rule [`Dataset.pillar_rollup`][ducs.dataset.Dataset.pillar_rollup] uses.
    """
    tasks_by: dict[Pillar | None, list[TaskProgress]] = defaultdict(list)
    targets_by: dict[Pillar | None, list[TargetProgress]] = defaultdict(list)
    for result in tasks:
        tasks_by[result.task.pillar].append(result)
    for target in unattached:
        targets_by[target.target.pillar].append(target)
    keys = sorted(set(tasks_by) | set(targets_by), key=lambda p: (p is None, p.value if p else ""))
    groups = tuple(_group(pillar_name(key), tasks_by[key], targets_by[key], profile) for key in keys)
    overall = _group("plan", tasks, unattached, profile)
    return PlanProgress(plan, as_of, profile, tuple(tasks), overall, groups, tuple(targets), tuple(unattached))


def plan_progress(plan: Plan, day: pendulum.Date, profile: Profile = Profile.UNSD) -> PlanProgress:
    """Assess every task of a plan (see [`Plan.progress`][ducs.model.Plan.progress]).

    Each distinct target is assessed once: a plan target that also belongs to a task is
    shared by both views.

    Examples:
        >>> import ducs
        >>> result = plan_progress(ducs.load().plans.get(2022), pendulum.date(2022, 12, 31))
        >>> result.overall.tasks, len(result.unattached), result.overall.aggregate.n_members
        (18, 8, 26)
    """
    assessed: dict[str, TargetProgress] = {}
    tasks = [task_progress(task, day, profile, assessed) for task in plan.tasks]
    in_tasks = {target.key for task in plan.tasks for target in task.targets}
    targets = [_assessed(target, day, profile, assessed) for target in plan.targets]
    unattached = [result for result in targets if result.target.key not in in_tasks]
    return build_plan_progress(plan, tasks, day, profile, targets, unattached)


def plan_progress_text(result: PlanProgress, table: TableRenderer | None = None) -> str:
    """The plan result as text: the headline with its coverage, tasks, other targets, pillars.

    ``table`` renders the tables (default: plain text; the CLI passes a rich renderer).

    Examples:
        >>> import ducs
        >>> text = plan_progress_text(ducs.load().plans.get(2022).progress(as_of="2022-04-30"))
        >>> text.splitlines()[0]
        '2022 Activity Plan of the National Committee on Digital Transformation — progress as of 2022-04-30 (unsd profile)'
    """
    render = table or text_table
    overall = result.overall
    rows = []
    for item in result.tasks:
        if not item.identified:
            continue
        basis = "; ".join(f"{t.target.key}: {t.status.value}" for t in item.targets) or "no linked target"
        if item.milestones:
            basis += f"; {len(item.milestones)} outcome milestone(s)"
        if item.steps:
            basis += f"; {len(item.steps)} step(s)"
        rows.append([
            item.task.number if item.task.number is not None else "?",
            shorten(item.task.title, 48),
            pillar_name(item.task.pillar),
            item.status.value,
            shorten(basis, 70),
        ])
    lines = [
        f"{result.plan.title_en} — progress as of {result.as_of.isoformat()} ({result.profile.value} profile)",
        f"headline: {overall.summary()}",
        f"  tasks with evidence: {overall.with_evidence} of {overall.tasks}; "
        f"plan targets outside any task: {len(result.unattached)} "
        f"({sum(1 for t in result.unattached if t.status.is_assessed)} with evidence)",
        "",
        render(["no.", "task", "pillar", "status", "evidence"], rows),
    ]
    unidentified = result.unidentified
    if unidentified:
        lines.append(f"{len(unidentified)} task{'s' if len(unidentified) != 1 else ''} not identified "
                     "in any available source (counted as without evidence)")
    if result.unattached:
        lines += ["", "plan targets outside any task",
                  render(["target", "pillar", "status", "explanation"],
                         [[t.target.key, pillar_name(t.target.pillar), t.status.value, shorten(t.explanation, 80)]
                          for t in result.unattached])]
    lines += ["", "by pillar (tasks by their pillar, other targets by theirs):"]
    lines += [f"  {group.name}: {group.summary()}" for group in result.by_pillar]
    lacking = [f"{t.number if t.number is not None else '?'} {t.title}"
               for t in result.lacking_evidence if t.title_vi or t.title_en]
    lines.append(f"identified tasks lacking evidence: {'; '.join(lacking) if lacking else 'none'}")
    return "\n".join(lines)


# --- roll-ups across the dataset -----------------------------------------------------------


@attrs.frozen
class Ranked:
    """One province in a comparison: its rank (ties share a rank; None when it has no value).

    ``as_of`` is the day the comparison was made on (the latest values visible that day).
    """

    province: Province
    rank: int | None
    observation: Observation | None
    as_of: pendulum.Date | None = None

    @property
    def value(self) -> float | None:
        """The compared value, or None when the province has no visible observation."""
        return self.observation.value if self.observation else None

    def _repr_html_(self) -> str:
        return ranked_html(self)

    def __repr__(self) -> str:
        obs = self.observation
        found = f"{obs.indicator.key} = {obs.value:g} ({obs.period})" if obs is not None else "no value"
        return short_repr("Ranked", f"#{self.rank if self.rank is not None else '–'} "
                          f"{province_name(self.province)}: {found}")


def compare(units: Sequence[Province], indicator: Indicator, day: pendulum.Date) -> list[Ranked]:
    """Rank provinces on one indicator by their latest value visible on ``day``.

    Better values rank first (the indicator's direction decides); equal values share a rank
    (competition ranking: 1, 2, 2, 4); provinces with no visible value come last with rank None.
    Names are resolved by the dataset ([`Dataset.compare`][ducs.dataset.Dataset.compare]).

    Args:
        units: The provinces to rank (records, already resolved).
        indicator: The indicator to rank them on.
        day: The as-of day: only figures whose period ended by then count.

    Returns:
        One [`Ranked`][ducs.progress.Ranked] per province, best first, then those without a value.

    Examples:
        >>> import ducs
        >>> ds = ducs.load()
        >>> units = [ds.provinces.get(n, as_of="2023-06-30") for n in ["Hà Giang", "Quảng Trị", "An Giang"]]
        >>> rows = compare(units, ds.indicators.get("dti_rank"), pendulum.date(2023, 6, 30))
        >>> [(r.province.name_vi, r.rank, r.value) for r in rows]
        [('An Giang', 1, 54.0), ('Quảng Trị', 2, 55.0), ('Hà Giang', 3, 57.0)]
    """
    latest: list[tuple[Province, Observation | None]] = []
    for unit in units:
        visible = [o for o in unit.observations(indicator) if o.period.ended_by(day)]
        latest.append((unit, max(visible, key=lambda o: o.period) if visible else None))
    sign = -1 if indicator.direction.value == 1 else 1
    present = [(unit, obs) for unit, obs in latest if obs is not None]
    present.sort(key=lambda pair: sign * pair[1].value)
    ranked: list[Ranked] = []
    for index, (unit, obs) in enumerate(present):
        rank = ranked[-1].rank if ranked and ranked[-1].value == obs.value else index + 1
        ranked.append(Ranked(unit, rank, obs, day))
    ranked += [Ranked(unit, None, None, day) for unit, obs in latest if obs is None]
    return ranked


def pillar_rollup(targets: Iterable[Target], day: pendulum.Date,
                  profile: Profile = Profile.UNSD) -> dict[Pillar, method.Aggregate]:
    """Aggregate targets by [`Target.pillar`][ducs.model.Target.pillar] (see [`Dataset.pillar_rollup`][ducs.dataset.Dataset.pillar_rollup])."""
    groups: dict[Pillar, list[method.Assessment]] = defaultdict(list)
    for target in targets:
        groups[target.pillar].append(target_progress(target, day, profile).assessment)
    return {pillar: method.aggregate(members, profile=profile) for pillar, members in groups.items()}


def scope_rollup(targets: Iterable[Target], day: pendulum.Date,
                 profile: Profile = Profile.UNSD) -> dict[str, method.Aggregate]:
    """Aggregate targets by scope: ``"national"`` and each province (``"province:<name>"``)."""
    groups: dict[str, list[method.Assessment]] = defaultdict(list)
    for target in targets:
        groups[str(target.scope)].append(target_progress(target, day, profile).assessment)
    return {scope: method.aggregate(members, profile=profile) for scope, members in groups.items()}
