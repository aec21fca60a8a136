"""The progress method, as pure functions on numbers and dates (no dataset, no I/O).

It implements the ducs progress methodology (UNSD SDG Progress Chart 2022 as implemented by
Open SDG 2.4 / Statistics Canada, with the ESCAP distance share and an EU Digital Decade style
trajectory view): the current status as the share of the distance covered since a baseline,
and the anticipated progress as the ratio R of the observed to the required compound annual
growth rate. Every constant and cut point is documented in docs/progress.md.

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
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from ducs.errors import DucsError
from ducs.periods import plain_date
from ducs.render import short_repr
from ducs.vocab import Comparator, Direction, Profile, Status, Tense

__all__ = ["Aggregate", "Assessment", "DEFAULT_EPSILON", "EXTRAPOLATION_CUTS", "Evidence", "LIMIT_EXPONENT", "METHOD_BINARY", "MIN_COVERAGE", "MethodInputError", "METHOD_DIRECTION", "METHOD_RATIO", "Point", "RATIO_CUTS", "VELOCITY_CUTS", "aggregate", "assess", "assess_binary", "assess_direction_only", "assess_numbers", "classify_ratio", "decimal_time", "growth_ratio", "limit_scale", "missed_score", "score_from_ratio", "status_from_score", "unassessable"]

METHOD_RATIO = "cagr_ratio"
METHOD_DIRECTION = "direction_only"
METHOD_BINARY = "binary"
DEFAULT_EPSILON = 0.001
LIMIT_EXPONENT = 4.44
# Lower bounds of R for (on_track, moderate, insufficient) per profile; below the last: deterioration.
RATIO_CUTS: dict[Profile, tuple[float, float, float]] = {
    Profile.UNSD: (0.95, 0.5, -0.1),
    Profile.OPENSDG: (0.95, 0.6, 0.0),
}
# Lower bounds of the velocity v (before scaling by C) for on_track and moderate (Open SDG).
VELOCITY_CUTS: tuple[float, float] = (0.015, 0.005)
# Lower bounds of the extrapolation ratio Q for on_track and moderate (UNSD 2023, per EUSTAT).
EXTRAPOLATION_CUTS: tuple[float, float] = (0.95, 0.10)

_VERDICT_WORDS = {
    Status.ON_TRACK: "On track",
    Status.MODERATE: "Moderate progress, acceleration needed",
    Status.INSUFFICIENT: "Insufficient progress",
    Status.DETERIORATION: "Deterioration",
}


def decimal_time(end: dt.date) -> float:
    """τ of a period whose last day is ``end``: the decimal year of the day after it.

    Examples:
        >>> decimal_time(dt.date(2020, 12, 31))
        2021.0
        >>> round(decimal_time(dt.date(2022, 3, 31)), 6)
        2022.246575
        >>> round(decimal_time(dt.date(2022, 4, 27)), 6)
        2022.320548
    """
    last = plain_date(end)  # plain date: pendulum too
    if (last.month, last.day) == (12, 31):  # the day after is 1 January (and 9999-12-31 has none)
        return float(last.year + 1)
    day = last + dt.timedelta(days=1)
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


@attrs.frozen
class Point:
    """One observation: the last day of its period, its value and a free label (e.g. its key).

    Examples:
        >>> Point(dt.date(2022, 12, 31), 60, "obs-1")
        Point(end=datetime.date(2022, 12, 31), value=60.0, label='obs-1')
    """

    end: dt.date
    value: float = attrs.field(converter=float)
    label: str = ""


@attrs.frozen
class Evidence:
    """One dated piece of yes/no evidence for a binary or milestone target.

    Examples:
        >>> Evidence(dt.date(2022, 10, 1), True, "m2").achieved
        True
    """

    end: dt.date
    achieved: bool
    label: str = ""


@attrs.frozen(kw_only=True)
class Assessment:
    """Every measure of one assessment, with its status and a one-sentence explanation.

    Numeric fields are None when they cannot be computed. ``direction`` is None only for
    yes/no results and for a band target whose value is inside the band with no direction
    given. ``substitutions`` lists the values replaced by ε in the growth formulas
    ("baseline", "target"; a zero current value needs none: it gives CAGR_a = −1).
    ``velocity`` is set by the direction-only method, ``ratio`` by the ratio method.
    ``deadline_passed`` and ``tense`` are None for a result without a deadline (direction only);
    ``limit_scale`` is the coefficient C of that method. ``progress_share`` is the share of the
    distance from the baseline to the target covered by the current value.

    Examples:
        >>> a = assess_numbers(baseline=50, current=60, target=80, baseline_end=dt.date(2020, 12, 31),
        ...                    current_end=dt.date(2022, 12, 31), deadline=dt.date(2025, 12, 31))
        >>> a.method, a.profile.value, a.status.value, a.reason, a.substitutions
        ('cagr_ratio', 'unsd', 'on_track', None, ())
    """

    method: str
    profile: Profile
    as_of: dt.date
    status: Status
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
    deadline_passed: bool | None = None
    tense: Tense | None = None
    limit_scale: float | None = None
    met_late: bool = False
    trajectory_geometric: float | None = None
    trajectory_linear: float | None = None
    gap: float | None = None
    on_trajectory: bool | None = None
    bau_projection: float | None = None
    extrapolation_ratio: float | None = None
    extrapolation_status: Status | None = None
    explanation: str

    def __repr__(self) -> str:
        ratio = f", ratio {self.ratio:.2f}" if self.ratio is not None else ""
        return short_repr("Assessment", f"{self.status.value} by {self.method} as of {self.as_of.isoformat()}"
                          f"{ratio}: {self.explanation}")


# --- plain-number arithmetic ------------------------------------------------------------


class MethodInputError(DucsError, ValueError):
    """A number the method cannot work with (NaN, or an infinity where a real number is needed)."""


def _finite(name: str, value: float, *, allow_infinite: bool = False) -> float:
    if math.isnan(value) or (math.isinf(value) and not allow_infinite):
        raise MethodInputError(f"{name} must be a finite number (got {value!r})")
    return value


def classify_ratio(ratio: float, profile: Profile | str = Profile.UNSD) -> Status:
    """Status label of a growth ratio R under a threshold profile (lower bounds inclusive).

    Examples:
        >>> classify_ratio(0.55, Profile.UNSD).value, classify_ratio(0.55, Profile.OPENSDG).value
        ('moderate', 'insufficient')
        >>> classify_ratio(-0.05, Profile.UNSD).value, classify_ratio(-0.05, "opensdg").value
        ('insufficient', 'deterioration')
    """
    _finite("ratio", ratio, allow_infinite=True)
    on_track, moderate, insufficient = RATIO_CUTS[Profile(profile)]
    if ratio >= on_track:
        return Status.ON_TRACK
    if ratio >= moderate:
        return Status.MODERATE
    if ratio >= insufficient:
        return Status.INSUFFICIENT
    return Status.DETERIORATION


def score_from_ratio(ratio: float) -> float:
    """Open SDG score (−5 … +5) of a numeric target that is not met, from its ratio R.

    Examples:
        >>> round(score_from_ratio(0.968391), 5)
        2.63142
        >>> round(score_from_ratio(0.125456), 5)
        -1.97726
        >>> score_from_ratio(3.0), score_from_ratio(-math.inf)
        (5.0, -5.0)
    """
    _finite("ratio", ratio, allow_infinite=True)
    if ratio >= 0.6:
        return min(7.1429 * ratio - 4.2857, 5.0)
    return max(4.1667 * ratio - 2.5, -5.0)


def _share_text(share: float) -> str:
    """A share of the way as a percentage, rounded down so a miss never reads "100%"."""
    if not math.isfinite(share * 100):
        return "an immeasurable share"
    if share <= 0:
        return "0%"
    return f"{math.floor(min(share, 1.0) * 100):.0f}%"


def missed_score(progress_share: float | None) -> float:
    """Score of a target whose deadline passed unmet: −5 + 5·P, P clamped to [0, 1] (ducs rule).

    A missed target scores at most 0 and so never as high as a met one (5.0): 98 % of the way
    scores −0.1, no progress or a move the wrong way −5 (0 only at the bound of a strict ">"). Without a share (the baseline already
    met the target and the value fell back below it) the score is −5.

    Examples:
        >>> missed_score(0.98), missed_score(0.0), missed_score(-0.4), missed_score(None)
        (-0.1, -5.0, -5.0, -5.0)
    """
    if progress_share is None or not math.isfinite(progress_share):
        return -5.0
    share = min(max(progress_share, 0.0), 1.0)
    return round(-5.0 + 5.0 * share, 9)


def status_from_score(score: float) -> Status:
    """Map a (mean) score to a status: [2.5, 5] on track … [−5, −2.5) deterioration.

    Examples:
        >>> [status_from_score(x).value for x in (2.5, 0.0, -2.5, -2.6)]
        ['on_track', 'moderate', 'insufficient', 'deterioration']
    """
    _finite("score", score)
    if score >= 2.5:
        return Status.ON_TRACK
    if score >= 0:
        return Status.MODERATE
    if score >= -2.5:
        return Status.INSUFFICIENT
    return Status.DETERIORATION


def limit_scale(baseline: float, limit: float | None) -> float:
    """The factor C that shrinks the growth thresholds near a natural limit (§4.3).

    With ``b = |baseline|``, ``ℓ = |limit|`` and ``a = 4.44``: 1 if b >= 2ℓ, ``1 − (b/ℓ)^a``
    if b <= ℓ, ``1 − ((2ℓ − b)/ℓ)^a`` otherwise; 1 without a limit.

    Examples:
        >>> limit_scale(50, None), round(limit_scale(50, 100), 4), limit_scale(250, 100)
        (1.0, 0.9539, 1.0)
    """
    _finite("baseline", baseline)
    if limit is None:
        return 1.0
    b, lim = abs(baseline), abs(_finite("limit", limit))
    if b >= 2 * lim:  # checked first so that a zero limit never divides
        return 1.0
    if b <= lim:
        return 1.0 - math.pow(b / lim, LIMIT_EXPONENT)
    return 1.0 - math.pow((2 * lim - b) / lim, LIMIT_EXPONENT)


def _pow(base: float, exponent: float) -> float:
    """``base ** exponent`` for base >= 0, saturating at inf (short Δ near ε can overflow)."""
    try:
        return math.pow(base, exponent)
    except OverflowError:
        return math.inf


def _common_sign(*values: float) -> int | None:
    """+1 or −1 when the non-zero values share one sign (+1 if all are zero), else None."""
    signs = {1 if v > 0 else -1 for v in values if v != 0}
    if len(signs) > 1:
        return None
    return signs.pop() if signs else 1


@attrs.frozen
class _Growth:
    sign: int  # s
    actual: float  # CAGR_a
    required: float | None  # CAGR_r (None without a target)
    base: float  # x0 after ε substitution
    substitutions: tuple[str, ...]


def _growth(x0: float, xt: float, x_star: float | None, delta: float, horizon: float | None,
            epsilon: float) -> _Growth | None:
    """CAGR_a and CAGR_r with the zero rules, or None when the values change sign."""
    sign = _common_sign(x0, xt, *(() if x_star is None else (x_star,)))
    if sign is None:
        return None
    eps = sign * abs(epsilon)  # ε takes the series' sign, so an all-negative series stays computable
    subs: list[str] = []
    base = x0
    if x0 == 0:
        base = eps
        subs.append("baseline")
    if x0 == 0 and xt == 0:
        actual = 0.0  # ducs rule: no movement at zero is no growth
    elif xt == 0:
        actual = -1.0
    else:
        actual = _pow(xt / base, 1.0 / delta) - 1.0
    required: float | None = None
    if x_star is not None and horizon is not None:
        goal = x_star
        if x_star == 0:
            goal = eps
            subs.append("target")
        required = _pow(goal / base, 1.0 / horizon) - 1.0
    return _Growth(sign, actual, required, base, tuple(subs))


def growth_ratio(
    x0: float,
    xt: float,
    target: float,
    delta: float,
    horizon: float,
    direction: Direction | int,
    epsilon: float = DEFAULT_EPSILON,
) -> tuple[float, tuple[str, ...]]:
    """R = s·d·CAGR_a / |CAGR_r| on plain numbers, with the ε substitutions made.

    Zeros are replaced by ±``epsilon`` (the sign of the series) in the growth formulas only;
    x0 = xt = 0 gives CAGR_a = 0 and xt = 0 gives CAGR_a = −1. When CAGR_r = 0 (target equals
    baseline) R is −inf, which [`classify_ratio`][ducs.method.classify_ratio] reads as deterioration and
    [`score_from_ratio`][ducs.method.score_from_ratio] scores −5; check whether the target is met before using R.
    Raises ValueError when Δ or H is not positive or the values change sign.

    Examples:
        >>> r, subs = growth_ratio(10, 8, 0, 2, 5, -1)
        >>> round(r, 6), subs
        (0.125456, ('target',))
    """
    for name, value in (("x0", x0), ("xt", xt), ("target", target), ("delta", delta), ("horizon", horizon),
                        ("epsilon", epsilon)):
        _finite(name, value)
    if not epsilon > 0:
        raise MethodInputError(f"epsilon must be a positive finite number (got {epsilon})")
    if delta <= 0 or horizon <= 0:
        raise ValueError(f"delta and horizon must be positive (got {delta}, {horizon})")
    growth = _growth(x0, xt, target, delta, horizon, epsilon)
    if growth is None:
        raise ValueError(f"baseline {x0:g}, current {xt:g} and target {target:g} change sign")
    assert growth.required is not None
    if growth.required == 0:
        return -math.inf, growth.substitutions
    ratio = growth.sign * int(direction) * growth.actual / abs(growth.required)
    if not math.isfinite(ratio):
        raise MethodInputError("the growth rates overflow over so short a period: no ratio can be computed")
    return ratio, growth.substitutions


def unassessable(reason: str, text: str, *, as_of: dt.date, profile: Profile | str = Profile.UNSD,
                 method: str = METHOD_RATIO) -> Assessment:
    """A not-assessable result for a reason found before any arithmetic (no deadline, no direction).

    Examples:
        >>> unassessable("no_deadline", "the deadline is unknown", as_of=dt.date(2023, 1, 1)).explanation
        'Not assessable: the deadline is unknown.'
    """
    return Assessment(method=method, profile=Profile(profile), as_of=as_of, status=Status.NOT_ASSESSABLE,
                      reason=reason, explanation=f"Not assessable: {text}.")


# --- numeric targets --------------------------------------------------------------------


@attrs.frozen
class _Goal:
    """The effective target: x*, d, the range bounds and how "met" is tested."""

    comparator: Comparator
    x_star: float | None
    direction: Direction | None
    strict: bool = False
    bounds: tuple[float, float] | None = None  # range [lo, hi]
    band: bool = False

    def met(self, value: float) -> bool:
        if self.band:
            assert self.bounds is not None
            return self.bounds[0] <= value <= self.bounds[1]
        assert self.x_star is not None and self.direction is not None
        gap = int(self.direction) * (value - self.x_star)
        return gap > 0 if self.strict else gap >= 0

    def aimed_from(self, value: float) -> _Goal:
        """Band mode: aim at the violated bound, with d pointing into the band (ducs rule)."""
        if not self.band or self.met(value):
            return self
        assert self.bounds is not None
        lo, hi = self.bounds
        if value > hi:
            return attrs.evolve(self, x_star=hi, direction=Direction.LOWER_IS_BETTER)
        return attrs.evolve(self, x_star=lo, direction=Direction.HIGHER_IS_BETTER)

    def text(self) -> str:
        """The target in words, e.g. ">= 80" or "the band 65–70"."""
        span = "" if self.bounds is None else f"{self.bounds[0]:g}–{self.bounds[1]:g}"
        if self.x_star is None or self.direction is None:
            return f"the band {span}"
        if self.comparator is Comparator.RANK_WITHIN:
            return f"rank <= {self.x_star:g}"
        if self.comparator in (Comparator.GE, Comparator.GT, Comparator.LE, Comparator.LT):
            return f"{self.comparator.value} {self.x_star:g}"
        op = ">=" if self.direction is Direction.HIGHER_IS_BETTER else "<="  # "=" and ranges mean "reach"
        if self.bounds is not None:
            return f"{op} {self.x_star:g} ({'band' if self.band else 'range'} {span})"
        return f"{op} {self.x_star:g}"


def _resolve_goal(comparator: Comparator, target: float, target_high: float | None,
                  direction: Direction | int | None, band: bool) -> _Goal:
    given = None if direction is None else Direction(direction)
    if comparator is Comparator.QUALITATIVE:
        raise ValueError("a qualitative target is assessed with assess_binary()")
    bounds: tuple[float, float] | None = None
    if comparator is Comparator.RANGE:
        if target_high is None:
            raise ValueError("a range target needs target_high")
        bounds = (float(target), float(target_high))
        if bounds[0] > bounds[1]:
            raise ValueError(f"range bounds out of order: {bounds[0]:g} > {bounds[1]:g}")
        if band:  # the direction comes from the violated bound, so none is needed
            return _Goal(comparator, None, given, bounds=bounds, band=True)
    elif band:
        raise ValueError("band=True needs comparator 'range'")
    implied = comparator.implied_direction
    if implied is not None and given is not None and implied is not given:
        raise ValueError(f"direction {given.name.lower()} contradicts comparator {comparator.value!r}")
    chosen = implied if implied is not None else given
    if chosen is None:
        raise ValueError(f"comparator {comparator.value!r} needs an explicit direction")
    x_star = float(target)
    if bounds is not None:  # reach mode: the bound met first when moving in direction d
        x_star = bounds[0] if chosen is Direction.HIGHER_IS_BETTER else bounds[1]
    strict = comparator in (Comparator.GT, Comparator.LT)
    return _Goal(comparator, x_star, chosen, strict=strict, bounds=bounds)


def _check_series(points: Iterable[Point]) -> None:
    seen: set[dt.date] = set()
    for p in points:
        day = plain_date(p.end)
        if day in seen:
            raise ValueError(f"two observations for the period ending {day.isoformat()}")
        if not math.isfinite(p.value):
            raise ValueError(f"observation ending {day.isoformat()} has a non-finite value {p.value}")
        seen.add(day)


@attrs.define
class _Measures:
    """Scratch space for the measures of §4 (filled as far as they can be computed)."""

    delta: float | None = None
    horizon: float | None = None
    cagr_actual: float | None = None
    cagr_required: float | None = None
    ratio: float | None = None
    progress_share: float | None = None
    elapsed_share: float | None = None
    substitutions: tuple[str, ...] = ()
    trajectory_geometric: float | None = None
    trajectory_linear: float | None = None
    gap: float | None = None
    on_trajectory: bool | None = None
    bau_projection: float | None = None
    extrapolation_ratio: float | None = None
    extrapolation_status: Status | None = None


def _measures(baseline: Point, current: Point, goal: _Goal, tau_deadline: float, epsilon: float) -> _Measures:
    out = _Measures()
    tau0, taut = decimal_time(baseline.end), decimal_time(current.end)
    delta, horizon = taut - tau0, tau_deadline - tau0
    out.delta, out.horizon = delta, horizon
    if horizon > 0:
        out.elapsed_share = delta / horizon
    if goal.x_star is None or goal.direction is None:
        return out  # band target met: no bound to aim at
    x0, xt, x_star, d = baseline.value, current.value, goal.x_star, int(goal.direction)
    short = d * (x_star - x0) > 0  # the baseline had not met the target yet
    if short:
        share = (xt - x0) / (x_star - x0)  # raw values, no ε (§4.1)
        out.progress_share = share if math.isfinite(share) else None
    if delta <= 0 or horizon <= 0:
        return out
    growth = _growth(x0, xt, x_star, delta, horizon, epsilon)
    if growth is None or growth.required is None:
        return out
    actual, required = growth.actual, growth.required
    out.cagr_actual, out.cagr_required, out.substitutions = actual, required, growth.substitutions
    if required != 0 and not (math.isinf(actual) and math.isinf(required)):  # CAGR_r = 0: by rule
        ratio = growth.sign * d * actual / abs(required)
        out.ratio = None if math.isnan(ratio) else ratio  # ±inf is kept for the status, dropped from results
    out.trajectory_geometric = growth.base * _pow(1 + required, delta)  # ε base: the path ends at x*
    out.trajectory_linear = x0 + (x_star - x0) * (delta / horizon)
    out.gap = xt - out.trajectory_geometric
    out.on_trajectory = d * out.gap >= 0
    out.bau_projection = xt * _pow(1 + actual, tau_deadline - taut)
    if short:  # like P, Q needs a distance still to cover
        q = (out.bau_projection - x0) / (x_star - x0)
        out.extrapolation_ratio = q
        on_track, moderate = EXTRAPOLATION_CUTS
        out.extrapolation_status = (
            Status.ON_TRACK if q >= on_track else Status.MODERATE if q >= moderate else Status.INSUFFICIENT
        )
    return out


_NUMERIC_FIELDS = ("delta", "horizon", "cagr_actual", "cagr_required", "ratio", "velocity", "progress_share",
                   "elapsed_share", "score", "trajectory_geometric", "trajectory_linear", "gap", "bau_projection",
                   "extrapolation_ratio", "limit_scale")


def _finite_fields(result: Assessment) -> Assessment:
    """A result never carries an infinity or NaN: a measure that overflowed is None (not computable)."""
    changes: dict[str, Any] = {name: None for name in _NUMERIC_FIELDS
               if isinstance(getattr(result, name), float) and not math.isfinite(getattr(result, name))}
    if result.extrapolation_status is not None and "extrapolation_ratio" in changes:
        changes["extrapolation_status"] = None
    return attrs.evolve(result, **changes) if changes else result


def _ratio_text(ratio: float) -> str:
    if math.isinf(ratio):
        return "beyond any multiple of" if ratio > 0 else "infinitely short of"
    return f"{ratio:.1%}" if abs(ratio) < 100 else f"{ratio:.3g} times"


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
    epsilon: float = DEFAULT_EPSILON,
    band: bool = False,
) -> Assessment:
    """Assess a numeric target on a series of points, as of a date (method note §2–§5).

    Only points ending on or before ``as_of`` are visible. ``deadline`` is the last day of the
    deadline period ("by 2025" is 2025-12-31). Once it has passed, only points up to it count,
    the result is a verdict (``target_met`` or ``not_met``, never a trend label; a miss is
    scored by [`missed_score`][ducs.method.missed_score]), and a later visible point that meets the target sets
    ``met_late``. A ``range`` target
    (``target`` = lo, ``target_high`` = hi) reaches for lo (rising) or hi (falling); with
    ``band=True`` it must stay within [lo, hi] and needs no direction. ``rank_within`` is a
    rank number (lower is better) with ``target`` = N. A declared baseline period ending on or
    after the deadline is ``bad_horizon``. Raises ValueError on two visible points ending on
    one day, a direction that contradicts the comparator, or a missing direction.

    Examples:
        >>> a = assess([Point(dt.date(2020, 12, 31), 50), Point(dt.date(2022, 12, 31), 70),
        ...             Point(dt.date(2023, 12, 31), 85)], comparator=">=", target=80,
        ...            deadline=dt.date(2022, 12, 31), as_of=dt.date(2024, 6, 30))
        >>> a.status.value, a.tense.value, a.met_late, round(a.progress_share, 6), round(a.score, 6)
        ('not_met', 'retrospective', True, 0.666667, -1.666667)
    """
    comp, prof = Comparator(comparator), Profile(profile)
    if not epsilon > 0 or math.isinf(epsilon):
        raise MethodInputError(f"epsilon must be a positive finite number (got {epsilon})")
    _finite("target", target)
    if target_high is not None:
        _finite("target_high", target_high)
    goal = _resolve_goal(comp, target, target_high, direction, band)
    passed = as_of >= deadline
    visible = sorted((p for p in points if p.end <= as_of), key=lambda p: p.end)
    _check_series(visible)  # a point after as_of never makes an earlier question fail
    window = [p for p in visible if p.end <= deadline] if passed else visible
    result = Assessment(method=METHOD_RATIO, profile=prof, as_of=as_of, status=Status.NOT_ASSESSABLE,
                        target_value=goal.x_star, direction=goal.direction, deadline_passed=passed,
                        tense=Tense.RETROSPECTIVE if passed else Tense.PROSPECTIVE, explanation="")

    def not_assessable(reason: str, text: str) -> Assessment:
        return _finite_fields(attrs.evolve(result, status=Status.NOT_ASSESSABLE, reason=reason, score=None,
                                           explanation=f"Not assessable: {text}."))

    if baseline_end is not None and baseline_end >= deadline:  # H <= 0 whatever the data
        return not_assessable("bad_horizon", f"the deadline {deadline.isoformat()} is not after the declared "
                              f"baseline period ending {baseline_end.isoformat()}")
    if not window:
        return not_assessable("no_observation", f"no observation is visible in the assessment window "
                              f"(as of {as_of.isoformat()})")

    current = window[-1]
    met = goal.met(current.value)
    goal = goal.aimed_from(current.value)
    eligible = window if baseline_end is None else [p for p in window if p.end >= baseline_end]
    baseline = eligible[0] if eligible else None
    m = _measures(baseline, current, goal, decimal_time(deadline), epsilon) if baseline else _Measures()
    late = passed and not met and any(p.end > deadline and goal.met(p.value) for p in visible)
    result = attrs.evolve(result, baseline=baseline, current=current, target_value=goal.x_star,
                          direction=goal.direction, met_late=late, **attrs.asdict(m, recurse=False))
    what, by = goal.text(), deadline.isoformat()
    when = f"{current.value:g} ({current.end.isoformat()})"

    def assessed(status: Status, score: float | None, text: str) -> Assessment:
        return _finite_fields(attrs.evolve(result, status=status, score=score, explanation=text))

    if met:  # §3.2: whatever the trend, even with one observation
        return assessed(Status.TARGET_MET, 5.0, f"Target met: the latest value {when} satisfies {what}.")
    if passed:  # a verdict, never a trend label; scored by the share achieved (ducs rule)
        later = " A later value meets it." if late else ""
        if baseline is None or baseline is current:
            return assessed(Status.NOT_MET, None, f"Not met: the deadline {by} has passed and the last value "
                            f"by then, {current.value:g}, does not satisfy {what}; with no earlier value, "
                            f"the share of the way achieved is unknown.{later}")
        share = m.progress_share
        way = (f": {_share_text(share)} of the way from the baseline {baseline.value:g} ({baseline.end.isoformat()})"
               if share is not None else f", and the baseline {baseline.value:g} had already satisfied it")
        return assessed(Status.NOT_MET, missed_score(share), f"Not met: the deadline {by} has passed; the last "
                        f"value by then, {current.value:g}, does not satisfy {what}{way}.{later}")
    if baseline is None:
        assert baseline_end is not None
        return not_assessable("no_baseline", f"no visible observation at or after the declared baseline "
                              f"period ending {baseline_end.isoformat()}")
    assert m.delta is not None and m.horizon is not None and goal.x_star is not None
    if m.delta <= 0:
        return not_assessable("single_observation", f"only one usable observation, {when}, and it does not "
                              f"satisfy {what}")
    if m.horizon <= 0:  # unreachable once the window rules hold; kept as a guard
        return not_assessable("bad_horizon", f"the deadline {by} is not after the baseline")
    if _common_sign(baseline.value, current.value, goal.x_star) is None:
        return not_assessable("sign_change", f"the baseline {baseline.value:g}, the latest value "
                              f"{current.value:g} and the target {goal.x_star:g} do not share one sign, so "
                              f"growth rates are undefined")
    zeros = " and ".join(m.substitutions)
    eps_note = f"; ε = {epsilon:g} replaced the zero {zeros}" if zeros else ""
    if m.ratio is None and m.cagr_required != 0:  # both growth rates overflowed (days-long Δ and H)
        return not_assessable("overflow", "the growth rates overflow over so short a period")
    if m.ratio is None:  # CAGR_r = 0: the target equals the baseline and is not met (ducs rule)
        return assessed(Status.DETERIORATION, -5.0, f"Deterioration: the target equals the baseline "
                        f"{baseline.value:g}, so no growth is needed, yet the latest value {when} does not "
                        f"satisfy {what} ({prof.value} profile{eps_note}).")
    status = classify_ratio(m.ratio, prof)
    return assessed(status, score_from_ratio(m.ratio), f"{_VERDICT_WORDS[status]}: observed growth is "
                    f"{_ratio_text(m.ratio)} the growth needed to reach {what} by {by} "
                    f"({prof.value} profile{eps_note}).".replace("% the growth", "% of the growth"))


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
    target_high: float | None = None,
    profile: Profile | str = Profile.UNSD,
    epsilon: float = DEFAULT_EPSILON,
    band: bool = False,
) -> Assessment:
    """Assess two plain numbers against a target, as of the current value's date.

    A convenience over [`assess`][ducs.method.assess] with two points labelled "baseline" and "current";
    ``baseline_end`` is also the declared baseline. Raises ValueError unless
    ``baseline_end < current_end``.

    Examples:
        >>> a = assess_numbers(baseline=10, current=8, target=0, baseline_end=dt.date(2020, 12, 31),
        ...                    current_end=dt.date(2022, 12, 31), deadline=dt.date(2025, 12, 31),
        ...                    comparator="<=")
        >>> a.status.value, a.substitutions, round(a.progress_share, 3)
        ('insufficient', ('target',), 0.2)
    """
    if not baseline_end < current_end:
        raise ValueError("baseline_end must be before current_end")
    return assess(
        [Point(baseline_end, baseline, "baseline"), Point(current_end, current, "current")],
        comparator=comparator, target=target, deadline=deadline, as_of=current_end, direction=direction,
        target_high=target_high, baseline_end=baseline_end, profile=profile, epsilon=epsilon, band=band,
    )


# --- yes/no targets ---------------------------------------------------------------------


def assess_binary(
    evidence: Iterable[Evidence | tuple[dt.date, bool, str]],
    *,
    deadline: dt.date,
    as_of: dt.date,
    profile: Profile | str = Profile.UNSD,
) -> Assessment:
    """Assess a yes/no or milestone target from dated evidence ``(date, achieved, label)``.

    The latest visible evidence decides: yes → ``target_met``; no → ``not_met``; none →
    ``not_assessable`` (``no_evidence``). Items sharing the latest date must all say yes for a
    yes (ducs rule). Binary results carry no trend and no score; ``deadline_passed`` is
    reported, and ``met_late`` when the deciding "yes" is dated after the deadline.

    Examples:
        >>> done = assess_binary([(dt.date(2022, 3, 1), False, "m1"), Evidence(dt.date(2022, 10, 1), True, "m2")],
        ...                      deadline=dt.date(2022, 12, 31), as_of=dt.date(2023, 1, 31))
        >>> done.status.value, done.current.label, done.deadline_passed, done.score
        ('target_met', 'm2', True, None)
        >>> assess_binary([], deadline=dt.date(2022, 12, 31), as_of=dt.date(2022, 12, 31)).reason
        'no_evidence'
    """
    prof = Profile(profile)
    passed = as_of >= deadline
    items = [e if isinstance(e, Evidence) else Evidence(e[0], bool(e[1]), str(e[2])) for e in evidence]
    visible = [e for e in items if e.end <= as_of]
    result = Assessment(method=METHOD_BINARY, profile=prof, as_of=as_of, status=Status.NOT_ASSESSABLE,
                        reason="no_evidence", deadline_passed=passed,
                        tense=Tense.RETROSPECTIVE if passed else Tense.PROSPECTIVE,
                        explanation=f"Not assessable: no yes/no evidence is visible as of "
                                    f"{as_of.isoformat()}.")
    if not visible:
        return result
    latest = max(e.end for e in visible)
    last = [e for e in visible if e.end == latest]
    achieved = all(e.achieved for e in last)  # same-day evidence must agree on "yes"
    deciding = last[-1] if achieved else next(e for e in last if not e.achieved)
    point = Point(deciding.end, 1.0 if achieved else 0.0, deciding.label)
    day = deciding.end.isoformat()
    if achieved:
        late = deciding.end > deadline
        text = f"Target met: the evidence of {day} says it was done" + (
            f", after the deadline {deadline.isoformat()}." if late else ".")
        return attrs.evolve(result, status=Status.TARGET_MET, reason=None, current=point, met_late=late,
                            explanation=text)
    return attrs.evolve(result, status=Status.NOT_MET, reason=None, current=point,
                        explanation=f"Not met: the latest evidence ({day}) says it was not done.")


# --- targets with a direction but no value ---------------------------------------------


def assess_direction_only(
    points: Sequence[Point],
    *,
    direction: Direction | int,
    as_of: dt.date,
    limit: float | None = None,
    profile: Profile | str = Profile.UNSD,
    baseline_end: dt.date | None = None,
    epsilon: float = DEFAULT_EPSILON,
) -> Assessment:
    """Assess a series with a desired direction but no numeric target (§4.3, Open SDG method 1).

    ``v = s·d·CAGR_a`` from the baseline (declared, else earliest visible point) to the latest
    visible point; on track if v >= 0.015·C, moderate if v >= 0.005·C, insufficient if v >= 0,
    else deterioration, where C ([`limit_scale`][ducs.method.limit_scale]) shrinks the thresholds near a natural
    ``limit`` in the desired direction. The cut points are Open SDG's for every profile (the
    profile is only recorded). Score per §4.4 "without a target".

    Examples:
        >>> a = assess_direction_only([Point(dt.date(2020, 12, 31), 50), Point(dt.date(2022, 12, 31), 60)],
        ...                           direction=1, as_of=dt.date(2023, 1, 1))
        >>> a.status.value, round(a.velocity, 6), a.score
        ('on_track', 0.095445, 5.0)
    """
    prof, d = Profile(profile), Direction(direction)
    if not epsilon > 0:
        raise ValueError(f"epsilon must be positive (got {epsilon})")
    visible = sorted((p for p in points if p.end <= as_of), key=lambda p: p.end)
    _check_series(visible)
    result = Assessment(method=METHOD_DIRECTION, profile=prof, as_of=as_of, status=Status.NOT_ASSESSABLE,
                        direction=d, explanation="")

    def not_assessable(reason: str, text: str) -> Assessment:
        return _finite_fields(attrs.evolve(result, reason=reason, explanation=f"Not assessable: {text}."))

    if not visible:
        return not_assessable("no_observation", f"no observation is visible as of {as_of.isoformat()}")
    current = visible[-1]
    eligible = visible if baseline_end is None else [p for p in visible if p.end >= baseline_end]
    result = attrs.evolve(result, current=current)
    if not eligible:
        return not_assessable("no_baseline", "no visible observation at or after the declared baseline")
    baseline = eligible[0]
    delta = decimal_time(current.end) - decimal_time(baseline.end)
    result = attrs.evolve(result, baseline=baseline, delta=delta)
    if delta <= 0:
        return not_assessable("single_observation", "a trend needs two visible observations")
    growth = _growth(baseline.value, current.value, None, delta, None, epsilon)
    if growth is None:
        return not_assessable("sign_change", "the series changes sign, so its growth rate is undefined")
    v = growth.sign * int(d) * growth.actual
    if not math.isfinite(v):
        return not_assessable("overflow", "the growth rate overflows over so short a period")
    c = limit_scale(baseline.value, limit)
    fast, slow = VELOCITY_CUTS
    if v < 0:
        status, score = Status.DETERIORATION, max(125 * v - 2.5, -5.0)
    elif c == 0:  # at the limit any non-negative movement is on track
        status, score = Status.ON_TRACK, 5.0
    elif v >= fast * c:
        status, score = Status.ON_TRACK, min(500 * v / c - 5, 5.0)
    elif v >= slow * c:
        status, score = Status.MODERATE, 250 * v / c - 1.25
    else:
        status, score = Status.INSUFFICIENT, 500 * v / c - 2.5
    text = (f"{_VERDICT_WORDS[status]}: the value moves {v:.2%} a year in the desired direction "
            f"(on track from {fast * c:.2%} a year, limit scale C = {c:.3g}).")
    return _finite_fields(attrs.evolve(result, status=status, cagr_actual=growth.actual, velocity=v, score=score,
                                       limit_scale=c, substitutions=growth.substitutions, explanation=text))


# --- aggregation ------------------------------------------------------------------------


MIN_COVERAGE = 0.5  # a summary label needs evidence for at least half of what is rolled up


@attrs.frozen
class Aggregate:
    """A roll-up of assessments (or of other roll-ups): counts and coverage first, then a label.

    ``counts`` pairs each status present with its number of members, in [`Status`][ducs.vocab.Status]
    order. ``n_assessed`` members have a verdict or a trend; ``coverage`` is their share.
    ``tense`` is retrospective when every assessed member's deadline has passed.

    Examples:
        >>> agg = Aggregate(Status.MODERATE, 1.0, ((Status.ON_TRACK, 1), (Status.NOT_ASSESSABLE, 1)), 2, 1, 1)
        >>> agg.score, agg.n_assessed, agg.coverage, agg.count(Status.ON_TRACK), agg.count(Status.NOT_MET)
        (1.0, 1, 0.5, 1, 0)
    """

    status: Status
    mean_score: float | None
    counts: tuple[tuple[Status, int], ...]
    n_members: int
    n_scored: int
    n_not_assessable: int
    profile: Profile = Profile.UNSD
    tense: Tense | None = None

    @property
    def score(self) -> float | None:
        """Same as ``mean_score``, so that an Aggregate can itself be a member."""
        return self.mean_score

    @property
    def n_assessed(self) -> int:
        """Members with a verdict or a trend (not ``not_assessable`` / ``insufficient_evidence``)."""
        return self.n_members - self.n_not_assessable

    @property
    def coverage(self) -> float:
        """Share of members with a verdict or a trend (0 for an empty group)."""
        return self.n_assessed / self.n_members if self.n_members else 0.0

    def count(self, status: Status) -> int:
        """Number of members with ``status``."""
        return dict(self.counts).get(status, 0)

    def summary(self) -> str:
        """The headline in one line: the label, the coverage it stands on, then the counts.

        The tense says whether the counts are verdicts on passed deadlines (retrospective) or
        include trends towards deadlines still ahead (prospective).

        Examples:
            >>> Aggregate(Status.PARTLY_MET, -1.0, ((Status.TARGET_MET, 1), (Status.NOT_MET, 2),
            ...           (Status.NOT_ASSESSABLE, 1)), 4, 3, 1, tense=Tense.RETROSPECTIVE).summary()
            'partly met (retrospective) — evidence for 3 of 4 (75%): target met 1, not met 2, not assessable 1'
        """
        counts = ", ".join(f"{status.label_en} {n}" for status, n in self.counts)
        tense = f" ({self.tense.value})" if self.tense else ""
        return (f"{self.status.label_en}{tense} — evidence for {self.n_assessed} of {self.n_members} "
                f"({self.coverage:.0%}): {counts or 'nothing to assess'}")

    def __repr__(self) -> str:
        return short_repr("Aggregate", self.summary())


_MET = (Status.TARGET_MET,)
_SOME_MET = (Status.TARGET_MET, Status.PARTLY_MET)


def aggregate(members: Sequence[Assessment | Aggregate], profile: Profile | str = Profile.UNSD) -> Aggregate:
    """Roll members up: counts and coverage, then one label by these rules, in order.

    1. No member has a verdict or a trend → ``not_assessable`` (no evidence is never "not
       achieved").
    2. Evidence covers less than half of the members → ``insufficient_evidence`` (the counts
       still say what there is).
    3. Every member ``target_met`` → ``target_met``.
    4. Retrospective (every assessed member's deadline has passed): no assessed member met
       even in part → ``not_met``; otherwise ``partly_met``. A verdict never becomes a trend.
    5. Prospective: the mean of the members' scores (§4.4; a missed target scores below 0, see
       [`missed_score`][ducs.method.missed_score]) maps to [2.5, 5] on_track, [0, 2.5) moderate, [−2.5, 0)
       insufficient, [−5, −2.5) deterioration; when every assessed member is ``not_met``, or
       no member has a score and one is ``not_met``, the label is ``not_met``.

    The score cut points are fixed by the method; ``profile`` is only recorded.

    Examples:
        >>> a = assess_numbers(baseline=50, current=60, target=80, baseline_end=dt.date(2020, 12, 31),
        ...                    current_end=dt.date(2022, 12, 31), deadline=dt.date(2025, 12, 31))
        >>> agg = aggregate([a, assess_binary([], deadline=dt.date(2025, 12, 31), as_of=dt.date(2023, 1, 1))])
        >>> agg.status.value, round(agg.mean_score, 5), agg.n_scored, agg.n_not_assessable, agg.coverage
        ('on_track', 2.63142, 1, 1, 0.5)
    """
    prof = Profile(profile)
    counter: Counter[Status] = Counter(m.status for m in members)
    counts = tuple((status, counter[status]) for status in Status if counter[status])
    assessed = [m for m in members if m.status.is_assessed]
    scores = [m.score for m in assessed if m.score is not None]
    mean = math.fsum(scores) / len(scores) if scores else None
    n_na = len(members) - len(assessed)
    tenses = {m.tense for m in assessed}
    tense = None if not assessed else (
        Tense.RETROSPECTIVE if tenses == {Tense.RETROSPECTIVE} else Tense.PROSPECTIVE)

    def result(status: Status) -> Aggregate:
        return Aggregate(status, mean, counts, len(members), len(scores), n_na, prof, tense)

    if not assessed:
        return result(Status.NOT_ASSESSABLE)
    if len(assessed) < MIN_COVERAGE * len(members):
        return result(Status.INSUFFICIENT_EVIDENCE)
    if counter[Status.TARGET_MET] == len(members):
        return result(Status.TARGET_MET)
    if tense is Tense.RETROSPECTIVE:
        if not any(m.status in _SOME_MET for m in assessed):
            return result(Status.NOT_MET)
        return result(Status.PARTLY_MET)
    if all(m.status is Status.NOT_MET for m in assessed):
        return result(Status.NOT_MET)
    if mean is not None:
        return result(status_from_score(mean))
    if counter[Status.NOT_MET]:
        return result(Status.NOT_MET)
    if any(m.status in _MET for m in assessed):
        return result(Status.PARTLY_MET)
    return result(Status.NOT_ASSESSABLE)
