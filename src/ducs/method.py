"""The progress method, as pure functions on numbers and dates (no dataset needed).

It follows the UN SDG progress assessment (UNSD Progress Chart 2022; Open SDG 2.4): the
current status as the share of the distance covered since a baseline, and the anticipated
progress as the ratio of the observed to the required compound annual growth rate. Every
constant and cut point is documented in docs/progress.md.

Worked example 1 of the method note (higher is better, 2020 = 50, 2022 = 60, target >= 80
by 2025, as of 2023-06-30):

>>> import datetime as dt
>>> a = assess([Point(dt.date(2020, 12, 31), 50), Point(dt.date(2022, 12, 31), 60)],
...            comparator=">=", target=80, deadline=dt.date(2025, 12, 31), as_of=dt.date(2023, 6, 30))
>>> a.status.value, round(a.ratio, 6), round(a.score, 5)
('on_track', 0.968391, 2.63142)
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence

import attrs

from ducs.vocab import Comparator, Direction, Profile, Status

METHOD_RATIO = "cagr_ratio"
METHOD_DIRECTION = "direction_only"
METHOD_BINARY = "binary"
LIMIT_EXPONENT = 4.44
# (on_track, moderate, insufficient) lower bounds of R per profile; below the last: deterioration.
RATIO_CUTS: dict[Profile, tuple[float, float, float]] = {
    Profile.UNSD: (0.95, 0.5, -0.1),
    Profile.OPENSDG: (0.95, 0.6, 0.0),
}


def decimal_time(end: dt.date) -> float:
    """Decimal year of the day after ``end`` (the last day of a period).

    >>> decimal_time(dt.date(2020, 12, 31))
    2021.0
    >>> round(decimal_time(dt.date(2022, 4, 27)), 6)
    2022.320548
    """
    day = dt.date(end.year, end.month, end.day) + dt.timedelta(days=1)
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


@attrs.frozen
class Point:
    """One observation: the last day of its period, its value and a label (e.g. its key)."""

    end: dt.date
    value: float
    label: str = ""


@attrs.frozen
class Assessment:
    """Every measure of one assessment, with the status and a one-sentence explanation.

    Numeric fields are None when they cannot be computed. ``substitutions`` lists the values
    replaced by ε in the growth formulas ("baseline", "current", "target").
    """

    method: str
    profile: Profile
    as_of: dt.date
    status: Status
    explanation: str
    reason: str | None = None
    baseline: Point | None = None
    current: Point | None = None
    target_value: float | None = None
    direction: Direction | None = None
    delta: float | None = None
    horizon: float | None = None
    cagr_actual: float | None = None
    cagr_required: float | None = None
    ratio: float | None = None
    velocity: float | None = None
    progress_share: float | None = None
    elapsed_share: float | None = None
    score: float | None = None
    substitutions: tuple[str, ...] = ()
    deadline_passed: bool = False
    met_late: bool = False
    trajectory_geometric: float | None = None
    trajectory_linear: float | None = None
    gap: float | None = None
    on_trajectory: bool | None = None
    bau_projection: float | None = None
    extrapolation_ratio: float | None = None
    extrapolation_status: Status | None = None


def classify_ratio(ratio: float, profile: Profile = Profile.UNSD) -> Status:
    """Status label of a growth ratio R under a threshold profile (lower bounds inclusive).

    >>> classify_ratio(0.55, Profile.UNSD).value, classify_ratio(0.55, Profile.OPENSDG).value
    ('moderate', 'insufficient')
    >>> classify_ratio(-0.05, Profile.UNSD).value, classify_ratio(-0.05, Profile.OPENSDG).value
    ('insufficient', 'deterioration')
    """
    on_track, moderate, insufficient = RATIO_CUTS[Profile(profile)]
    if ratio >= on_track:
        return Status.ON_TRACK
    if ratio >= moderate:
        return Status.MODERATE
    if ratio >= insufficient:
        return Status.INSUFFICIENT
    return Status.DETERIORATION


def score_from_ratio(ratio: float) -> float:
    """Open SDG score (−5…+5) of a target that is not met, from its ratio R.

    >>> round(score_from_ratio(0.968391), 5)
    2.63142
    >>> round(score_from_ratio(0.125456), 5)
    -1.97726
    """
    if ratio >= 0.6:
        return min(7.1429 * ratio - 4.2857, 5.0)
    return max(4.1667 * ratio - 2.5, -5.0)


def _cagr(start: float, end: float, years: float) -> float:
    return float((end / start) ** (1.0 / years) - 1.0)


def growth_ratio(
    x0: float,
    xt: float,
    target: float,
    delta: float,
    horizon: float,
    direction: Direction | int,
    epsilon: float = 0.001,
) -> tuple[float, tuple[str, ...]]:
    """R = s·d·CAGR_a / |CAGR_r| on plain numbers, with the substitutions made.

    Zeros are replaced by ``epsilon`` in the growth formulas only; x0 = xt = 0 gives
    CAGR_a = 0. If CAGR_r is 0 (target equals baseline) R is −inf: a target that is not met
    then reads as deterioration.

    >>> r, subs = growth_ratio(10, 8, 0, 2, 5, -1)
    >>> round(r, 6), subs
    (0.125456, ('target',))
    """
    d = int(direction)
    subs: list[str] = []
    b, c, t = x0, xt, target
    if b == 0:
        b, subs = epsilon, [*subs, "baseline"]
    if t == 0:
        t, subs = epsilon, [*subs, "target"]
    s = -1 if x0 < 0 else 1
    if x0 == 0 and xt == 0:
        actual = 0.0
    elif c == 0:
        actual = -1.0
    else:
        actual = _cagr(b, c, delta)
    required = _cagr(b, t, horizon)
    if required == 0:
        return -math.inf, tuple(subs)
    return s * d * actual / abs(required), tuple(subs)


def _resolve_direction(comparator: Comparator, direction: Direction | int | None) -> Direction:
    implied = comparator.implied_direction
    given = Direction(direction) if direction is not None else None
    if implied is not None and given is not None and implied is not given:
        raise ValueError(
            f"direction {given.name.lower()} contradicts comparator {comparator.value!r}"
        )
    chosen = implied or given
    if chosen is None:
        raise ValueError(f"comparator {comparator.value!r} needs an explicit direction")
    return chosen


def _is_met(value: float, target: float, direction: Direction, strict: bool) -> bool:
    gap = int(direction) * (value - target)
    return gap > 0 if strict else gap >= 0


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4g}"


def assess(
    points: Sequence[Point],
    *,
    comparator: Comparator | str,
    target: float,
    deadline: dt.date,
    as_of: dt.date,
    direction: Direction | int | None = None,
    target_high: float | None = None,
    baseline_end: dt.date | None = None,
    profile: Profile | str = Profile.UNSD,
    epsilon: float = 0.001,
    band: bool = False,
) -> Assessment:
    """Assess a numeric target on a series of points, as of a date (method note §2–§5).

    Only points whose period ended on or before ``as_of`` are visible. When the deadline has
    passed, only points up to the deadline count, and a later point that meets the target
    sets ``met_late``. A ``range`` target reaches for ``target`` (rising) or ``target_high``
    (falling); with ``band=True`` it must stay within [target, target_high].

    >>> a = assess([Point(dt.date(2020, 12, 31), 50), Point(dt.date(2022, 12, 31), 70),
    ...             Point(dt.date(2023, 12, 31), 85)], comparator=">=", target=80,
    ...            deadline=dt.date(2022, 12, 31), as_of=dt.date(2024, 6, 30))
    >>> a.status.value, a.met_late, round(a.ratio, 6)
    ('not_met', True, 0.691613)
    """
    comp = Comparator(comparator)
    prof = Profile(profile)
    if comp is Comparator.QUALITATIVE:
        raise ValueError("a qualitative target is assessed with assess_binary()")
    ends = [p.end for p in points]
    duplicates = [end for end, count in Counter(ends).items() if count > 1]
    if duplicates:
        raise ValueError(f"two observations for the period ending {duplicates[0].isoformat()}")
    d = _resolve_direction(comp, direction)
    strict = comp in (Comparator.GT, Comparator.LT)
    x_star = float(target)
    in_band: tuple[float, float] | None = None
    if comp is Comparator.RANGE:
        if target_high is None:
            raise ValueError("a range target needs target_high")
        lo, hi = float(target), float(target_high)
        if band:
            in_band = (lo, hi)
        else:
            x_star = lo if d is Direction.HIGHER_IS_BETTER else hi
    series = sorted(points, key=lambda p: p.end)
    visible = [p for p in series if p.end <= as_of]
    deadline_passed = as_of >= deadline
    window = [p for p in visible if p.end <= deadline] if deadline_passed else visible
    tau_deadline = decimal_time(deadline)

    def result(status: Status, explanation: str, **fields: object) -> Assessment:
        return Assessment(
            method=METHOD_RATIO, profile=prof, as_of=as_of, status=status, explanation=explanation,
            direction=d, deadline_passed=deadline_passed, target_value=x_star, **fields,  # type: ignore[arg-type]
        )

    if not window:
        return result(Status.NOT_ASSESSABLE, "Not assessable: no observation is visible in the assessment window.",
                      reason="no_observation")
    current = window[-1]
    if in_band is not None:
        lo, hi = in_band
        if lo <= current.value <= hi:
            met = True
        else:
            met = False
            # Aim at the violated bound, pointing into the band (ducs rule).
            x_star, d = (hi, Direction.LOWER_IS_BETTER) if current.value > hi else (lo, Direction.HIGHER_IS_BETTER)
    else:
        met = _is_met(current.value, x_star, d, strict)

    if baseline_end is not None:
        candidates = [p for p in window if p.end >= baseline_end]
    else:
        candidates = list(window)
    baseline = candidates[0] if candidates else None
    measures: dict[str, object] = {"current": current, "baseline": baseline, "direction": d, "target_value": x_star}
    late = False
    if deadline_passed and not met:
        late = any(
            p.end > deadline and (
                (in_band[0] <= p.value <= in_band[1]) if in_band else _is_met(p.value, x_star, d, strict)
            )
            for p in visible
        )
    if baseline is not None and baseline.end < current.end:
        measures.update(_measures(baseline, current, x_star, d, tau_deadline, epsilon))
    score: float | None = None
    ratio = measures.get("ratio")
    if met:
        score = 5.0
    elif isinstance(ratio, float) and not math.isinf(ratio):
        score = score_from_ratio(ratio)
    elif isinstance(ratio, float):
        score = -5.0
    what = f"{comp.value} {x_star:g}" if comp is not Comparator.RANGE else f"{target:g}–{target_high:g}"
    if met:
        return result(Status.TARGET_MET, f"Target met: the latest value {current.value:g} ({current.end.isoformat()}) "
                      f"satisfies {what}.", score=score, met_late=False,
                      **{k: v for k, v in measures.items() if k not in ("direction", "target_value")})
    rest = {k: v for k, v in measures.items() if k not in ("direction", "target_value")}
    if deadline_passed:
        later = " A later value meets it." if late else ""
        return result(Status.NOT_MET, f"Not met: the deadline {deadline.isoformat()} has passed and the last value "
                      f"by then, {current.value:g}, does not satisfy {what}.{later}",
                      score=score, met_late=late, **rest)
    if baseline is None:
        return result(Status.NOT_ASSESSABLE, "Not assessable: no observation at or after the declared baseline is visible.",
                      reason="no_baseline", **rest)
    if baseline.end >= current.end:
        return result(Status.NOT_ASSESSABLE, f"Not assessable: only one visible observation ({current.value:g}, "
                      f"{current.end.isoformat()}) and it does not meet the target.",
                      reason="single_observation", **rest)
    if tau_deadline - decimal_time(baseline.end) <= 0:
        return result(Status.NOT_ASSESSABLE, "Not assessable: the deadline is not after the baseline.",
                      reason="bad_horizon", **rest)
    if (baseline.value < 0 < current.value) or (current.value < 0 < baseline.value) or (
        x_star * baseline.value < 0
    ):
        return result(Status.NOT_ASSESSABLE, "Not assessable: the baseline, current value and target change sign.",
                      reason="sign_change", **{k: v for k, v in rest.items() if k not in (
                          "ratio", "cagr_actual", "cagr_required")})
    assert isinstance(ratio, float)
    status = Status.DETERIORATION if math.isinf(ratio) else classify_ratio(ratio, prof)
    words = {
        Status.ON_TRACK: "On track",
        Status.MODERATE: "Moderate progress, acceleration needed",
        Status.INSUFFICIENT: "Insufficient progress",
        Status.DETERIORATION: "Deterioration",
    }[status]
    if math.isinf(ratio):
        text = f"{words}: the target equals the baseline and the latest value {current.value:g} does not meet it."
    else:
        text = (f"{words}: observed growth is {ratio:.1%} of the growth needed to reach {what} by "
                f"{deadline.isoformat()} ({prof.value} profile).")
    return result(status, text, score=score, **rest)


def _measures(baseline: Point, current: Point, x_star: float, d: Direction, tau_deadline: float,
              epsilon: float) -> dict[str, object]:
    tau0, taut = decimal_time(baseline.end), decimal_time(current.end)
    delta, horizon = taut - tau0, tau_deadline - tau0
    out: dict[str, object] = {"delta": delta, "horizon": horizon}
    x0, xt = baseline.value, current.value
    if horizon > 0:
        out["elapsed_share"] = delta / horizon
    if int(d) * (x_star - x0) > 0:
        out["progress_share"] = (xt - x0) / (x_star - x0)
    signs_ok = not ((x0 < 0 < xt) or (xt < 0 < x0) or x_star * x0 < 0)
    if horizon <= 0 or not signs_ok:
        return out
    ratio, subs = growth_ratio(x0, xt, x_star, delta, horizon, d, epsilon)
    b = epsilon if x0 == 0 else x0
    t = epsilon if x_star == 0 else x_star
    actual = 0.0 if (x0 == 0 and xt == 0) else (-1.0 if xt == 0 else _cagr(b, xt, delta))
    required = _cagr(b, t, horizon)
    out.update(cagr_actual=actual, cagr_required=required, ratio=ratio, substitutions=subs)
    geometric = x0 * (1 + required) ** delta
    out["trajectory_geometric"] = geometric
    out["trajectory_linear"] = x0 + (x_star - x0) * (delta / horizon)
    out["gap"] = xt - geometric
    out["on_trajectory"] = int(d) * (xt - geometric) >= 0
    bau = xt * (1 + actual) ** (tau_deadline - taut)
    out["bau_projection"] = bau
    if x_star != x0:
        q = (bau - x0) / (x_star - x0)
        out["extrapolation_ratio"] = q
        out["extrapolation_status"] = (
            Status.ON_TRACK if q >= 0.95 else Status.MODERATE if q >= 0.10 else Status.INSUFFICIENT
        )
    return out


def assess_numbers(
    *,
    baseline: float,
    current: float,
    target: float,
    baseline_end: dt.date,
    current_end: dt.date,
    deadline: dt.date,
    direction: Direction | int | None = None,
    comparator: Comparator | str = Comparator.GE,
    profile: Profile | str = Profile.UNSD,
    epsilon: float = 0.001,
) -> Assessment:
    """Assess two plain numbers against a target, as of the current value's date.

    >>> a = assess_numbers(baseline=10, current=8, target=0, baseline_end=dt.date(2020, 12, 31),
    ...                    current_end=dt.date(2022, 12, 31), deadline=dt.date(2025, 12, 31),
    ...                    comparator="<=")
    >>> a.status.value, a.substitutions, round(a.progress_share, 3)
    ('insufficient', ('target',), 0.2)
    """
    return assess(
        [Point(baseline_end, baseline, "baseline"), Point(current_end, current, "current")],
        comparator=comparator, target=target, deadline=deadline, as_of=current_end,
        direction=direction, profile=profile, epsilon=epsilon,
    )


def assess_binary(
    evidence: Sequence[tuple[dt.date, bool, str]],
    *,
    deadline: dt.date,
    as_of: dt.date,
    profile: Profile | str = Profile.UNSD,
) -> Assessment:
    """Assess a yes/no target from dated evidence ``(date, achieved, label)``.

    The latest visible evidence decides: yes → target_met, no → not_met; none →
    not_assessable (``no_evidence``). Binary results carry no score.

    >>> assess_binary([(dt.date(2022, 6, 1), True, "m1")], deadline=dt.date(2022, 12, 31),
    ...               as_of=dt.date(2022, 12, 31)).status.value
    'target_met'
    >>> assess_binary([], deadline=dt.date(2022, 12, 31), as_of=dt.date(2022, 12, 31)).reason
    'no_evidence'
    """
    prof = Profile(profile)
    passed = as_of >= deadline
    visible = sorted((e for e in evidence if e[0] <= as_of), key=lambda e: e[0])
    if not visible:
        return Assessment(METHOD_BINARY, prof, as_of, Status.NOT_ASSESSABLE,
                          "Not assessable: no yes/no evidence is visible.", reason="no_evidence",
                          deadline_passed=passed)
    day, achieved, label = visible[-1]
    point = Point(day, 1.0 if achieved else 0.0, label)
    if achieved:
        return Assessment(METHOD_BINARY, prof, as_of, Status.TARGET_MET,
                          f"Target met: evidence of {day.isoformat()} says it was done.",
                          current=point, deadline_passed=passed)
    return Assessment(METHOD_BINARY, prof, as_of, Status.NOT_MET,
                      f"Not met: the latest evidence ({day.isoformat()}) says it was not done.",
                      current=point, deadline_passed=passed)


def limit_scale(baseline: float, limit: float | None) -> float:
    """The factor C that shrinks growth thresholds near a natural limit (method note §4.3).

    >>> limit_scale(50, None), round(limit_scale(50, 100), 4), limit_scale(250, 100)
    (1.0, 0.9539, 1.0)
    """
    if limit is None:
        return 1.0
    b, lim = abs(baseline), abs(limit)
    if b >= 2 * lim:
        return 1.0
    if b <= lim:
        return float(1 - (b / lim) ** LIMIT_EXPONENT)
    return float(1 - ((2 * lim - b) / lim) ** LIMIT_EXPONENT)


def assess_direction_only(
    points: Sequence[Point],
    *,
    direction: Direction | int,
    as_of: dt.date,
    limit: float | None = None,
    profile: Profile | str = Profile.UNSD,
) -> Assessment:
    """Assess a series that has a desired direction but no numeric target (§4.3).

    >>> a = assess_direction_only([Point(dt.date(2020, 12, 31), 50), Point(dt.date(2022, 12, 31), 60)],
    ...                           direction=1, as_of=dt.date(2023, 1, 1))
    >>> a.status.value, round(a.velocity, 6)
    ('on_track', 0.095445)
    """
    prof = Profile(profile)
    d = Direction(direction)
    visible = sorted((p for p in points if p.end <= as_of), key=lambda p: p.end)
    if len(visible) < 2:
        reason = "no_observation" if not visible else "single_observation"
        return Assessment(METHOD_DIRECTION, prof, as_of, Status.NOT_ASSESSABLE,
                          "Not assessable: a trend needs two visible observations.", reason=reason, direction=d)
    baseline, current = visible[0], visible[-1]
    delta = decimal_time(current.end) - decimal_time(baseline.end)
    if (baseline.value < 0 < current.value) or (current.value < 0 < baseline.value):
        return Assessment(METHOD_DIRECTION, prof, as_of, Status.NOT_ASSESSABLE,
                          "Not assessable: the series changes sign.", reason="sign_change",
                          baseline=baseline, current=current, direction=d, delta=delta)
    s = -1 if baseline.value < 0 else 1
    if baseline.value == 0 and current.value == 0:
        actual = 0.0
    elif current.value == 0:
        actual = -1.0
    else:
        actual = _cagr(baseline.value if baseline.value != 0 else 0.001, current.value, delta)
    v = s * int(d) * actual
    c = limit_scale(baseline.value, limit)
    if v < 0:
        status, score = Status.DETERIORATION, max(125 * v - 2.5, -5.0)
    elif c == 0:
        status, score = Status.ON_TRACK, 5.0
    elif v >= 0.015 * c:
        status, score = Status.ON_TRACK, min(500 * v / c - 5, 5.0)
    elif v >= 0.005 * c:
        status, score = Status.MODERATE, 250 * v / c - 1.25
    else:
        status, score = Status.INSUFFICIENT, 500 * v / c - 2.5
    return Assessment(METHOD_DIRECTION, prof, as_of, status,
                      f"{status.value.replace('_', ' ').capitalize()}: the value moves {v:.2%} a year in the "
                      f"desired direction (threshold scale {c:.3g}).",
                      baseline=baseline, current=current, direction=d, delta=delta,
                      cagr_actual=actual, velocity=v, score=score)


@attrs.frozen
class Aggregate:
    """A roll-up of assessments (or of other roll-ups): mean score, status and counts."""

    status: Status
    mean_score: float | None
    counts: tuple[tuple[Status, int], ...]
    n_members: int
    n_scored: int
    n_not_assessable: int

    @property
    def score(self) -> float | None:
        """Same as ``mean_score`` (so an Aggregate can itself be a member)."""
        return self.mean_score


def status_from_score(score: float) -> Status:
    """Map a mean score to a status: [2.5, 5] on track … [−5, −2.5) deterioration.

    >>> status_from_score(2.5).value, status_from_score(-2.6).value
    ('on_track', 'deterioration')
    """
    if score >= 2.5:
        return Status.ON_TRACK
    if score >= 0:
        return Status.MODERATE
    if score >= -2.5:
        return Status.INSUFFICIENT
    return Status.DETERIORATION


def aggregate(members: Sequence[Assessment | Aggregate], profile: Profile | str = Profile.UNSD) -> Aggregate:
    """Mean score of the members that have one, mapped to a status (method note §4.4).

    Members without a score (not assessable, or yes/no results) are counted but left out of
    the mean. The aggregate is ``target_met`` only if every member is met, and ``not_met``
    when every assessed member is ``not_met`` (ducs rule). With no scored member: any member
    not met → not_met; otherwise not_assessable.
    An Aggregate member contributes its own mean (groups are averaged first).

    >>> a = assess_numbers(baseline=50, current=60, target=80, baseline_end=dt.date(2020, 12, 31),
    ...                    current_end=dt.date(2022, 12, 31), deadline=dt.date(2025, 12, 31))
    >>> agg = aggregate([a, assess_binary([], deadline=dt.date(2025, 12, 31), as_of=dt.date(2023, 1, 1))])
    >>> agg.status.value, agg.n_scored, agg.n_not_assessable
    ('on_track', 1, 1)
    """
    del profile  # the score cut points are fixed by the method (they match the opensdg profile)
    counts: Counter[Status] = Counter(m.status for m in members)
    scores = [m.score for m in members if m.score is not None and m.status is not Status.NOT_ASSESSABLE]
    n_na = counts[Status.NOT_ASSESSABLE]
    ordered = tuple((status, counts[status]) for status in Status if counts[status])
    if members and all(m.status is Status.TARGET_MET for m in members):
        mean = sum(scores) / len(scores) if scores else None
        return Aggregate(Status.TARGET_MET, mean, ordered, len(members), len(scores), n_na)
    assessed = [m for m in members if m.status is not Status.NOT_ASSESSABLE]
    if scores:
        mean = sum(scores) / len(scores)
        # ducs rule: when every assessed member missed its (passed) deadline, the group did too;
        # the mean score is still reported.
        if all(m.status is Status.NOT_MET for m in assessed):
            return Aggregate(Status.NOT_MET, mean, ordered, len(members), len(scores), n_na)
        return Aggregate(status_from_score(mean), mean, ordered, len(members), len(scores), n_na)
    if counts[Status.NOT_MET]:
        return Aggregate(Status.NOT_MET, None, ordered, len(members), 0, n_na)
    return Aggregate(Status.NOT_ASSESSABLE, None, ordered, len(members), 0, n_na)
