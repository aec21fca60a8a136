"""The pure method functions over the whole float range and the date limits (issue 15).

Whatever the input — 0, −0, negatives, subnormals, the largest floats, NaN, ±inf, date.min and
date.max — a method function either raises a ducs error on purpose (:class:`~ducs.errors.DucsError`,
or a ValueError with ducs' own message) or returns a result that is finite: a float that is
neither NaN nor infinite, an :class:`~ducs.method.Assessment` whose status is a Status and
whose numeric fields are finite or None. Never OverflowError, ZeroDivisionError, a math domain
error, an assertion, or NaN in a result.

Two tiers. ``*_whole_range`` tests state that contract over every float and date; where src/
breaks it today they are strict xfails, each pinned by ``@example`` on a known counterexample
(so the failure is deterministic) and listed as a GAP with one explicit test per gap below.
``*_data_range`` tests state the issue's minimum over what fixture data can produce (finite
numbers up to 1e12, period ends from 1990 to 2100, the default ε) — a ducs error or a result,
never an exception of another kind, never NaN; ±inf is tolerated there only because of the
open gap "infinite fields" (0 -> 1 in one month already overflows bau_projection) — and pass
today: they guard against regressions while the gaps are open.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ducs.errors import DucsError
from ducs.method import (
    Aggregate,
    Assessment,
    Evidence,
    MethodInputError,
    Point,
    aggregate,
    assess,
    assess_binary,
    assess_direction_only,
    assess_numbers,
    classify_ratio,
    decimal_time,
    growth_ratio,
    limit_scale,
    missed_score,
    score_from_ratio,
    status_from_score,
)
from ducs.vocab import Comparator, Direction, Profile, Status

EXAMPLES = int(os.environ.get("DUCS_METHOD_EXAMPLES", "150"))
BOUNDED = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=2),
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

NAN, INF = math.nan, math.inf
D = dt.date
EXTREMES = (0.0, -0.0, 1.0, -1.0, 5e-324, -5e-324, 1e-300, 1e300, -1e300, 1.7976931348623157e308,
            -1.7976931348623157e308, NAN, INF, -INF, 0.001, 100.0, 0.5, 0.95, 0.6)
# Any float at all (NaN, ±inf, subnormals), with the extremes drawn often.
floats = st.one_of(st.sampled_from(EXTREMES), st.floats(allow_nan=True, allow_infinity=True))
days = st.one_of(st.sampled_from([dt.date.min, dt.date.max, dt.date(9999, 12, 30), dt.date(1, 1, 2),
                                  dt.date(2020, 12, 31), dt.date(2022, 12, 31), dt.date(2025, 12, 31)]),
                 st.dates())
profiles = st.sampled_from(list(Profile))
directions = st.sampled_from([Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER, 1, -1])
numeric_comparators = st.sampled_from([c for c in Comparator if c is not Comparator.QUALITATIVE])
points = st.lists(st.builds(Point, days, floats), max_size=5)

NUMERIC_FIELDS = tuple(field.name for field in attrs.fields(Assessment)
                       if field.name not in ("baseline", "current") and field.type in ("float | None", "float"))


def on_purpose(exc: BaseException) -> bool:
    """A ducs error, or a ValueError raised with ducs' own message (not a math domain error)."""
    if isinstance(exc, DucsError):
        return True
    return type(exc) is ValueError and "math domain error" not in str(exc)


def outcome(call: Callable[[], Any]) -> Any:
    """The result of ``call()``, or None if it refused the input on purpose; anything else fails."""
    try:
        return call()
    except (ArithmeticError, AssertionError, TypeError, RecursionError) as exc:
        pytest.fail(f"{type(exc).__name__}: {exc}")
    except Exception as exc:
        if not on_purpose(exc):
            pytest.fail(f"{type(exc).__name__}: {exc}")
        return None


def finite_number(value: Any, what: str) -> None:
    assert isinstance(value, float), (what, value)
    assert not math.isnan(value), f"{what} is NaN"
    assert math.isfinite(value), f"{what} is {value}"


def check_assessment(result: Assessment, *, finite: bool = True) -> None:
    """The whole contract; ``finite=False`` (the data-range tier) tolerates ±inf but never NaN."""
    assert isinstance(result, Assessment)
    assert isinstance(result.status, Status)
    assert isinstance(result.explanation, str) and result.explanation
    assert "nan" not in re.findall(r"[a-z]+", result.explanation.lower()), result.explanation
    for name in NUMERIC_FIELDS:
        value = getattr(result, name)
        if value is not None:
            assert not math.isnan(value), f"{name} is NaN"
            if finite:
                finite_number(float(value), name)
    for point in (result.baseline, result.current):
        if point is not None:
            finite_number(point.value, "point value")


# --- plain numbers -------------------------------------------------------------------------------


@BOUNDED
@given(day=days)
@example(day=dt.date.max)
@example(day=dt.date.min)
def test_decimal_time(day: dt.date) -> None:
    result = outcome(lambda: decimal_time(day))
    if result is not None:
        finite_number(result, "decimal_time")
        assert day.year <= result <= day.year + 1


@BOUNDED
@given(baseline=floats, limit=st.one_of(st.none(), floats))
@example(baseline=0.0, limit=0.0)
@example(baseline=1e-300, limit=5e-324)
@example(baseline=1.7976931348623157e308, limit=1.7976931348623157e308)
def test_limit_scale(baseline: float, limit: float | None) -> None:
    result = outcome(lambda: limit_scale(baseline, limit))
    if result is not None:
        finite_number(result, "limit_scale")
        assert result <= 1.0


@BOUNDED
@given(ratio=floats)
@example(ratio=NAN)
def test_score_from_ratio(ratio: float) -> None:
    result = outcome(lambda: score_from_ratio(ratio))
    if result is not None:
        finite_number(result, "score")
        assert -5.0 <= result <= 5.0


@BOUNDED
@given(ratio=floats, profile=profiles)
def test_classify_ratio(ratio: float, profile: Profile) -> None:
    result = outcome(lambda: classify_ratio(ratio, profile))
    if result is not None:
        assert isinstance(result, Status)


@BOUNDED
@given(score=floats)
def test_status_from_score(score: float) -> None:
    result = outcome(lambda: status_from_score(score))
    if result is not None:
        assert isinstance(result, Status)


@BOUNDED
@given(share=st.one_of(st.none(), floats))
def test_missed_score(share: float | None) -> None:
    result = outcome(lambda: missed_score(share))
    if result is not None:
        finite_number(result, "missed score")
        assert -5.0 <= result <= 0.0


def _gap(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"GAP: {reason}")


GROWTH_GAP = ("growth_ratio over the whole float range: NaN when CAGR_a and CAGR_r both overflow to inf "
              "(inf/inf), ZeroDivisionError when epsilon is 0 or -0.0 and x0 is 0 (growth_ratio, unlike assess, "
              "never checks epsilon > 0), and R = +inf when only CAGR_a overflows")
ASSESS_GAP = ("assess/assess_numbers over the whole float range: OverflowError 'cannot convert float infinity to "
              "integer' in method._share_text (share*100 overflows although share is finite), NaN progress_share "
              "when (xt-x0) and (x*-x0) both overflow, and infinite numeric fields (cagr_actual, cagr_required, "
              "ratio, bau_projection, gap, trajectory_geometric, extrapolation_ratio) when _pow saturates at inf")
DIRECTION_GAP = ("assess_direction_only: cagr_actual and velocity are +inf (text 'moves inf% a year') when the "
                 "growth over a short period overflows, e.g. 0 -> 100 in one day")


# --- growth_ratio -----------------------------------------------------------------------------


def check_growth(result: Any) -> None:
    ratio, substitutions = result
    assert isinstance(substitutions, tuple)
    assert isinstance(ratio, float) and not math.isnan(ratio), f"R is {ratio}"
    # R is finite, or the documented -inf of a target equal to the baseline (CAGR_r = 0)
    assert math.isfinite(ratio) or ratio == -INF, f"R is {ratio}"
    finite_number(score_from_ratio(ratio), "score of R")
    assert isinstance(classify_ratio(ratio), Status)


@BOUNDED
@given(x0=floats, xt=floats, target=floats, delta=floats, horizon=floats, direction=directions,
       epsilon=st.one_of(st.just(0.001), floats))
@example(x0=0.0, xt=100.0, target=200.0, delta=1 / 365, horizon=1 / 365, direction=1, epsilon=0.001)
def test_growth_ratio_whole_range(x0: float, xt: float, target: float, delta: float, horizon: float,
                                  direction: Any, epsilon: float) -> None:
    result = outcome(lambda: growth_ratio(x0, xt, target, delta, horizon, direction, epsilon))
    if result is not None:
        check_growth(result)


# What fixture data can produce: finite values up to 1e12, period ends at month ends, the default ε.
data_values = st.one_of(st.sampled_from([0.0, 1.0, -1.0, 100.0, 0.5]),
                        st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
                        .filter(lambda x: x == 0 or abs(x) >= 1e-6))
month_ends = st.builds(lambda year, month: (dt.date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)),
                       st.integers(1990, 2100), st.integers(1, 12))
data_years = st.integers(1, 12 * 110).map(lambda months: months / 12)


@BOUNDED
@given(x0=data_values, xt=data_values, target=data_values, delta=data_years, horizon=data_years,
       direction=directions)
def test_growth_ratio_data_range(x0: float, xt: float, target: float, delta: float, horizon: float,
                                 direction: Any) -> None:
    result = outcome(lambda: growth_ratio(x0, xt, target, delta, horizon, direction))
    if result is not None:
        check_growth(result)


def test_growth_ratio_refuses_when_both_rates_overflow() -> None:
    with pytest.raises(MethodInputError, match="overflow"):
        growth_ratio(0, 100, 200, 1 / 365, 1 / 365, 1)


@pytest.mark.parametrize("epsilon", [0.0, -0.0])
def test_gap_growth_ratio_zero_epsilon(epsilon: float) -> None:
    result = outcome(lambda: growth_ratio(0, 10, 1, 2, 5, 1, epsilon=epsilon))
    if result is not None:
        check_growth(result)


def test_growth_ratio_refuses_an_infinite_ratio() -> None:
    with pytest.raises(MethodInputError, match="overflow"):
        growth_ratio(0, 100, 200, 1 / 365, 5, 1)


# --- assessments ---------------------------------------------------------------------------------


@BOUNDED
@given(points=points, comparator=numeric_comparators, target=floats, deadline=days, as_of=days,
       direction=st.one_of(st.none(), directions), target_high=st.one_of(st.none(), floats),
       baseline_end=st.one_of(st.none(), days), profile=profiles,
       epsilon=st.one_of(st.just(0.001), floats), band=st.booleans())
@example(points=[Point(D(2020, 12, 31), 10), Point(D(2022, 12, 31), 1e308)], comparator=Comparator.LE, target=0.0,
         deadline=D(2022, 12, 31), as_of=D(2022, 12, 31), direction=None, target_high=None,
         baseline_end=None, profile=Profile.UNSD, epsilon=0.001, band=False)
def test_assess_whole_range(points: list[Point], comparator: Comparator, target: float, deadline: dt.date,
                            as_of: dt.date, direction: Any, target_high: float | None,
                            baseline_end: dt.date | None, profile: Profile, epsilon: float, band: bool) -> None:
    result = outcome(lambda: assess(points, comparator=comparator, target=target, deadline=deadline, as_of=as_of,
                                    direction=direction, target_high=target_high, baseline_end=baseline_end,
                                    profile=profile, epsilon=epsilon, band=band))
    if result is not None:
        check_assessment(result)


@BOUNDED
@given(points=st.lists(st.builds(Point, month_ends, data_values), max_size=5), comparator=numeric_comparators,
       target=data_values, deadline=month_ends, as_of=month_ends, direction=st.one_of(st.none(), directions),
       target_high=st.one_of(st.none(), data_values), baseline_end=st.one_of(st.none(), month_ends),
       profile=profiles, band=st.booleans())
def test_assess_data_range(points: list[Point], comparator: Comparator, target: float, deadline: dt.date,
                           as_of: dt.date, direction: Any, target_high: float | None, baseline_end: dt.date | None,
                           profile: Profile, band: bool) -> None:
    result = outcome(lambda: assess(points, comparator=comparator, target=target, deadline=deadline, as_of=as_of,
                                    direction=direction, target_high=target_high, baseline_end=baseline_end,
                                    profile=profile, band=band))
    if result is not None:
        check_assessment(result, finite=False)


@BOUNDED
@given(baseline=floats, current=floats, target=floats, baseline_end=days, current_end=days, deadline=days,
       comparator=st.sampled_from([">=", ">", "<=", "<", "rank_within"]), profile=profiles,
       epsilon=st.one_of(st.just(0.001), floats))
@example(baseline=0.0, current=100.0, target=200.0, baseline_end=D(2022, 12, 30), current_end=D(2022, 12, 31),
         deadline=D(2025, 12, 31), comparator=">=", profile=Profile.UNSD, epsilon=0.001)
def test_assess_numbers_whole_range(baseline: float, current: float, target: float, baseline_end: dt.date,
                                    current_end: dt.date, deadline: dt.date, comparator: str, profile: Profile,
                                    epsilon: float) -> None:
    result = outcome(lambda: assess_numbers(baseline=baseline, current=current, target=target,
                                            baseline_end=baseline_end, current_end=current_end,
                                            deadline=deadline, comparator=comparator, profile=profile,
                                            epsilon=epsilon))
    if result is not None:
        check_assessment(result)


@BOUNDED
@given(baseline=data_values, current=data_values, target=data_values, baseline_end=month_ends,
       current_end=month_ends, deadline=month_ends,
       comparator=st.sampled_from([">=", ">", "<=", "<", "rank_within"]), profile=profiles)
def test_assess_numbers_data_range(baseline: float, current: float, target: float, baseline_end: dt.date,
                                   current_end: dt.date, deadline: dt.date, comparator: str,
                                   profile: Profile) -> None:
    result = outcome(lambda: assess_numbers(baseline=baseline, current=current, target=target,
                                            baseline_end=baseline_end, current_end=current_end,
                                            deadline=deadline, comparator=comparator, profile=profile))
    if result is not None:
        check_assessment(result, finite=False)


def test_gap_assess_share_text_overflow() -> None:
    check_assessment(outcome(lambda: assess_numbers(
        baseline=10, current=1e308, target=0, comparator="<=", baseline_end=D(2020, 12, 31),
        current_end=D(2022, 12, 31), deadline=D(2022, 12, 31))))


def test_gap_assess_nan_progress_share() -> None:
    check_assessment(outcome(lambda: assess_numbers(
        baseline=-1e300, current=1.7976931348623157e308, target=1.7976931348623157e308, comparator=">",
        baseline_end=D(2020, 12, 31), current_end=D(2022, 12, 31), deadline=D(2025, 12, 31))))


def test_gap_assess_infinite_projection_from_a_zero_baseline() -> None:
    check_assessment(outcome(lambda: assess_numbers(
        baseline=0, current=1, target=50, baseline_end=D(2022, 1, 31), current_end=D(2022, 2, 28),
        deadline=D(2030, 12, 31))))


@pytest.mark.parametrize(("baseline", "current", "target", "deadline"), [
    (0.0, 100.0, 200.0, D(2025, 12, 31)),
    (1.0, 1000.0, 4000.0, D(2023, 1, 1)),
])
def test_gap_assess_infinite_fields(baseline: float, current: float, target: float, deadline: dt.date) -> None:
    check_assessment(outcome(lambda: assess_numbers(
        baseline=baseline, current=current, target=target, baseline_end=D(2022, 12, 30),
        current_end=D(2022, 12, 31), deadline=deadline)))


@BOUNDED
@given(points=points, direction=directions, as_of=days, limit=st.one_of(st.none(), floats), profile=profiles,
       baseline_end=st.one_of(st.none(), days), epsilon=st.one_of(st.just(0.001), floats))
@example(points=[Point(D(2022, 12, 30), 0.0), Point(D(2022, 12, 31), 100.0)], direction=1,
         as_of=D(2023, 1, 1), limit=None, profile=Profile.UNSD, baseline_end=None, epsilon=0.001)
def test_assess_direction_only_whole_range(points: list[Point], direction: Any, as_of: dt.date,
                                           limit: float | None, profile: Profile, baseline_end: dt.date | None,
                                           epsilon: float) -> None:
    result = outcome(lambda: assess_direction_only(points, direction=direction, as_of=as_of, limit=limit,
                                                   profile=profile, baseline_end=baseline_end, epsilon=epsilon))
    if result is not None:
        check_assessment(result)


@BOUNDED
@given(points=st.lists(st.builds(Point, month_ends, data_values), max_size=5), direction=directions,
       as_of=month_ends, limit=st.one_of(st.none(), data_values), profile=profiles,
       baseline_end=st.one_of(st.none(), month_ends))
def test_assess_direction_only_data_range(points: list[Point], direction: Any, as_of: dt.date, limit: float | None,
                                          profile: Profile, baseline_end: dt.date | None) -> None:
    result = outcome(lambda: assess_direction_only(points, direction=direction, as_of=as_of, limit=limit,
                                                   profile=profile, baseline_end=baseline_end))
    if result is not None:
        check_assessment(result, finite=False)


def test_gap_direction_only_infinite_velocity() -> None:
    check_assessment(outcome(lambda: assess_direction_only(
        [Point(D(2022, 12, 30), 0.0), Point(D(2022, 12, 31), 100.0)], direction=1, as_of=D(2023, 1, 1))))


@BOUNDED
@given(evidence=st.lists(st.builds(Evidence, days, st.booleans()), max_size=4), deadline=days, as_of=days,
       profile=profiles)
def test_assess_binary_whole_range(evidence: list[Evidence], deadline: dt.date, as_of: dt.date,
                                   profile: Profile) -> None:
    result = outcome(lambda: assess_binary(evidence, deadline=deadline, as_of=as_of, profile=profile))
    if result is not None:
        check_assessment(result)


def _tried(call: Callable[[], Any]) -> Any:
    """A member for aggregate(): the result, or None for inputs the method refuses (or, while a gap is open,
    breaks on: those are the business of the assess tests above)."""
    try:
        return call()
    except Exception:
        return None


def _members(values: st.SearchStrategy[float]) -> st.SearchStrategy[Assessment | None]:
    numbers = st.builds(
        lambda b, c, t, comp: _tried(lambda: assess_numbers(
            baseline=b, current=c, target=t, baseline_end=D(2020, 12, 31), current_end=D(2022, 12, 31),
            deadline=D(2025, 12, 31), comparator=comp)),
        values, values, values, st.sampled_from([">=", "<="]))
    passed = st.builds(
        lambda b, c, t: _tried(lambda: assess_numbers(
            baseline=b, current=c, target=t, baseline_end=D(2020, 12, 31), current_end=D(2022, 12, 31),
            deadline=D(2022, 12, 31))),
        values, values, values)
    direction = st.builds(
        lambda b, c, lim: _tried(lambda: assess_direction_only(
            [Point(D(2020, 12, 31), b), Point(D(2022, 12, 31), c)], direction=1, as_of=D(2023, 1, 1), limit=lim)),
        values, values, st.one_of(st.none(), values))
    binary = st.builds(lambda ok: assess_binary([(D(2022, 1, 1), ok, "m")], deadline=D(2022, 12, 31),
                                                as_of=D(2023, 1, 1)), st.booleans())
    return st.one_of(numbers, passed, direction, binary)


@BOUNDED
@given(members=st.lists(_members(floats), max_size=6), nest=st.booleans(), profile=profiles)
def test_aggregate_whole_range(members: list[Assessment | None], nest: bool, profile: Profile) -> None:
    """Members built from any floats (those the method refuses are left out): the roll-up is finite."""
    usable: list[Assessment | Aggregate] = [m for m in members if m is not None]
    if nest and usable:
        usable = [aggregate(usable[: len(usable) // 2 + 1]), *usable[len(usable) // 2 + 1:]]
    result = outcome(lambda: aggregate(usable, profile))
    if result is not None:
        assert isinstance(result, Aggregate)
        assert isinstance(result.status, Status)
        if result.mean_score is not None:
            finite_number(result.mean_score, "mean score")
            assert -5.0 <= result.mean_score <= 5.0
        assert 0.0 <= result.coverage <= 1.0
        assert isinstance(result.summary(), str)
