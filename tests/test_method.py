"""The pure progress method: worked examples and every edge case of the method note (§5, §6).

Each expected number is worked out by hand in the test, next to the value the note prints.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ducs.method import (
    Aggregate,
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
    score_from_ratio,
    status_from_score,
)
from ducs.vocab import Direction, Profile, Status

Y = lambda year: dt.date(year, 12, 31)  # noqa: E731 - "annual YYYY" ends on 31 December
approx = lambda value: pytest.approx(value, abs=1e-6)  # noqa: E731


def test_decimal_time() -> None:
    assert decimal_time(Y(2020)) == 2021.0
    assert decimal_time(dt.date(2022, 3, 31)) == approx(2022 + 90 / 365)  # 2022.246575
    assert decimal_time(dt.date(2022, 4, 27)) == approx(2022 + 117 / 365)  # 2022.320548
    assert decimal_time(dt.date(2023, 12, 31)) == 2024.0


# --- §6 worked examples ------------------------------------------------------------------


def test_example_1_on_track_yet_behind_a_straight_line() -> None:
    a = assess([Point(Y(2020), 50), Point(Y(2022), 60)], comparator=">=", target=80,
               deadline=Y(2025), as_of=dt.date(2023, 6, 30))
    # tau0 = 2021, taut = 2023, tauT = 2026 -> delta 2, horizon 5
    assert (a.delta, a.horizon) == (approx(2), approx(5))
    cagr_a = 1.2 ** (1 / 2) - 1
    cagr_r = 1.6 ** (1 / 5) - 1
    assert a.cagr_actual == approx(cagr_a) == approx(0.0954451)
    assert a.cagr_required == approx(cagr_r)
    assert a.ratio == approx(cagr_a / cagr_r) == approx(0.968391)
    assert a.status is Status.ON_TRACK
    assert assess([Point(Y(2020), 50), Point(Y(2022), 60)], comparator=">=", target=80, deadline=Y(2025),
                  as_of=dt.date(2023, 6, 30), profile=Profile.OPENSDG).status is Status.ON_TRACK
    assert a.score == approx(7.1429 * (cagr_a / cagr_r) - 4.2857) == pytest.approx(2.63142, abs=1e-5)
    assert a.progress_share == approx(10 / 30)
    assert a.elapsed_share == approx(2 / 5)
    assert a.trajectory_geometric == pytest.approx(50 * 1.6 ** 0.4, abs=1e-6)  # 60.34
    assert a.gap == pytest.approx(60 - 50 * 1.6 ** 0.4, abs=1e-6)  # -0.34
    assert a.on_trajectory is False
    assert "On track" in a.explanation


def test_example_2_lower_is_better_target_zero() -> None:
    a = assess([Point(Y(2020), 10), Point(Y(2022), 8)], comparator="<=", target=0,
               deadline=Y(2025), as_of=dt.date(2023, 6, 30))
    cagr_r = (0.001 / 10) ** (1 / 5) - 1
    cagr_a = 0.8 ** 0.5 - 1
    assert a.cagr_required == approx(cagr_r) == approx(-0.841511)
    assert a.cagr_actual == approx(cagr_a) == approx(-0.105573)
    assert a.ratio == approx((+1) * (-1) * cagr_a / abs(cagr_r)) == approx(0.125456)
    assert a.status is Status.INSUFFICIENT
    assert a.score == pytest.approx(4.1667 * 0.125456 - 2.5, abs=1e-4) == pytest.approx(-1.97726, abs=1e-4)
    assert a.progress_share == approx((8 - 10) / (0 - 10))
    assert a.substitutions == ("target",)


def test_example_3_deadline_passed_then_as_of() -> None:
    points = [Point(Y(2020), 50), Point(Y(2022), 70), Point(Y(2023), 85)]
    a = assess(points, comparator=">=", target=80, deadline=Y(2022), as_of=dt.date(2024, 6, 30))
    assert a.status is Status.NOT_MET and a.met_late and a.deadline_passed
    assert (a.delta, a.horizon) == (approx(2), approx(2))
    assert a.cagr_actual == approx(1.4 ** 0.5 - 1) == approx(0.183216)
    assert a.cagr_required == approx(1.6 ** 0.5 - 1) == approx(0.264911)
    assert a.ratio == approx(0.691613)
    assert a.score == pytest.approx(7.1429 * 0.691613 - 4.2857, abs=1e-5)  # 0.654423
    early = assess(points, comparator=">=", target=80, deadline=Y(2022), as_of=dt.date(2022, 6, 30))
    assert (early.status, early.reason) == (Status.NOT_ASSESSABLE, "single_observation")


# --- §5 edge cases -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "value", "direction", "met"),
    [(">=", 80, None, True), (">", 80, None, False), ("<=", 80, None, True), ("<", 80, None, False),
     ("=", 80, Direction.HIGHER_IS_BETTER, True), ("=", 80, Direction.LOWER_IS_BETTER, True),
     (">", 80.01, None, True), ("<", 79.99, None, True)],
)
def test_value_exactly_at_target(comparator: str, value: float, direction: Direction | None, met: bool) -> None:
    a = assess([Point(Y(2021), 70 if comparator in (">=", ">", "=") else 90), Point(Y(2022), value)],
               comparator=comparator, target=80, deadline=Y(2025), as_of=Y(2022), direction=direction)
    assert (a.status is Status.TARGET_MET) is met


def test_range_bounds_reach_mode() -> None:
    rising = assess([Point(Y(2021), 60), Point(Y(2022), 65)], comparator="range", target=65, target_high=70,
                    direction=1, deadline=Y(2022), as_of=Y(2022))
    assert rising.status is Status.TARGET_MET and rising.target_value == 65
    falling = assess([Point(Y(2021), 80), Point(Y(2022), 72)], comparator="range", target=65, target_high=70,
                     direction=-1, deadline=Y(2025), as_of=Y(2022))
    assert falling.target_value == 70 and falling.status is not Status.TARGET_MET
    assert assess([Point(Y(2022), 70)], comparator="range", target=65, target_high=70, direction=-1,
                  deadline=Y(2025), as_of=Y(2022)).status is Status.TARGET_MET


def test_range_band_mode() -> None:
    inside = assess([Point(Y(2022), 67)], comparator="range", target=65, target_high=70, direction=1,
                    band=True, deadline=Y(2025), as_of=Y(2022))
    assert inside.status is Status.TARGET_MET
    above = assess([Point(Y(2021), 75), Point(Y(2022), 74)], comparator="range", target=65, target_high=70,
                   direction=1, band=True, deadline=Y(2025), as_of=Y(2022))
    assert (above.target_value, above.direction) == (70, Direction.LOWER_IS_BETTER)
    # aiming down at 70 from 75: CAGR_r = (70/75)^(1/4) - 1; CAGR_a = 74/75 - 1 over one year
    assert above.ratio == approx(-(74 / 75 - 1) / abs((70 / 75) ** 0.25 - 1))
    below = assess([Point(Y(2021), 55), Point(Y(2022), 60)], comparator="range", target=65, target_high=70,
                   direction=1, band=True, deadline=Y(2025), as_of=Y(2022))
    assert (below.target_value, below.direction) == (65, Direction.HIGHER_IS_BETTER)


def test_baseline_met_current_not_is_deterioration() -> None:
    a = assess([Point(Y(2020), 90), Point(Y(2022), 70)], comparator=">=", target=80, deadline=Y(2025),
               as_of=Y(2022))
    assert a.progress_share is None
    # CAGR_a = (70/90)^(1/2) - 1 < 0 ; CAGR_r = (80/90)^(1/5) - 1 < 0 ; R = d * CAGR_a / |CAGR_r|
    expected = ((70 / 90) ** 0.5 - 1) / abs((80 / 90) ** 0.2 - 1)
    assert a.ratio == approx(expected) and expected < -0.1
    assert a.status is Status.DETERIORATION


def test_declared_baseline_missing_uses_next_available() -> None:
    points = [Point(Y(2019), 40), Point(Y(2021), 50), Point(Y(2023), 60)]
    a = assess(points, comparator=">=", target=80, deadline=Y(2025), as_of=Y(2023), baseline_end=Y(2020))
    assert a.baseline == points[1]  # 2020 absent -> 2021
    late = assess(points, comparator=">=", target=80, deadline=Y(2025), as_of=Y(2023), baseline_end=Y(2024))
    assert (late.status, late.reason) == (Status.NOT_ASSESSABLE, "no_baseline")


def test_single_observation() -> None:
    met = assess([Point(Y(2022), 90)], comparator=">=", target=80, deadline=Y(2025), as_of=Y(2022))
    assert (met.status, met.score) == (Status.TARGET_MET, 5.0)
    unmet = assess([Point(Y(2022), 70)], comparator=">=", target=80, deadline=Y(2025), as_of=Y(2022))
    assert (unmet.status, unmet.reason) == (Status.NOT_ASSESSABLE, "single_observation")


def test_no_observation() -> None:
    a = assess([], comparator=">=", target=80, deadline=Y(2025), as_of=Y(2022))
    assert (a.status, a.reason) == (Status.NOT_ASSESSABLE, "no_observation")


def test_zero_baseline_uses_epsilon_only_in_growth() -> None:
    a = assess([Point(Y(2020), 0), Point(Y(2022), 20)], comparator=">=", target=50, deadline=Y(2025), as_of=Y(2022))
    assert a.substitutions == ("baseline",)
    assert a.cagr_actual == approx((20 / 0.001) ** 0.5 - 1)
    assert a.cagr_required == approx((50 / 0.001) ** 0.2 - 1)
    assert a.progress_share == approx(20 / 50)  # raw values


def test_zero_baseline_and_zero_current() -> None:
    a = assess([Point(Y(2020), 0), Point(Y(2022), 0)], comparator=">=", target=50, deadline=Y(2025), as_of=Y(2022))
    assert a.cagr_actual == 0.0 and a.ratio == 0.0
    assert a.status is Status.INSUFFICIENT  # 0 is within [-0.1, 0.5) in the unsd profile


def test_zero_current_value() -> None:
    a = assess([Point(Y(2020), 10), Point(Y(2022), 0)], comparator=">=", target=50, deadline=Y(2025), as_of=Y(2022))
    assert a.cagr_actual == -1.0
    assert a.ratio == approx(-1 / ((50 / 10) ** 0.2 - 1))
    assert a.status is Status.DETERIORATION


def test_all_negative_series_flips_sign() -> None:
    # -10 -> -8, target -5 (higher is better): moving the right way.
    a = assess([Point(Y(2020), -10), Point(Y(2022), -8)], comparator=">=", target=-5, deadline=Y(2025), as_of=Y(2022))
    cagr_a = (-8 / -10) ** 0.5 - 1  # negative
    cagr_r = (-5 / -10) ** 0.2 - 1  # negative
    assert a.ratio == approx((-1) * (+1) * cagr_a / abs(cagr_r)) and a.ratio > 0


def test_mixed_signs_are_not_assessable() -> None:
    a = assess([Point(Y(2020), -5), Point(Y(2022), 5)], comparator=">=", target=10, deadline=Y(2025), as_of=Y(2022))
    assert (a.status, a.reason) == (Status.NOT_ASSESSABLE, "sign_change")
    b = assess([Point(Y(2020), -5), Point(Y(2022), -2)], comparator=">=", target=10, deadline=Y(2025), as_of=Y(2022))
    assert b.reason == "sign_change"


def test_rank_within() -> None:
    a = assess([Point(Y(2020), 86), Point(Y(2022), 71)], comparator="rank_within", target=50,
               deadline=Y(2025), as_of=Y(2022))
    assert a.direction is Direction.LOWER_IS_BETTER
    expected = -((71 / 86) ** 0.5 - 1) / abs((50 / 86) ** 0.2 - 1)
    assert a.ratio == approx(expected)
    assert assess([Point(Y(2022), 46)], comparator="rank_within", target=50, deadline=Y(2025),
                  as_of=Y(2022)).status is Status.TARGET_MET


def test_binary_and_milestones() -> None:
    deadline = Y(2022)
    yes = assess_binary([(dt.date(2022, 3, 1), False, "a"), (dt.date(2022, 9, 1), True, "b")],
                        deadline=deadline, as_of=Y(2022))
    assert (yes.status, yes.score, yes.deadline_passed) == (Status.TARGET_MET, None, True)
    no = assess_binary([(dt.date(2022, 3, 1), False, "a")], deadline=deadline, as_of=dt.date(2022, 6, 1))
    assert (no.status, no.deadline_passed) == (Status.NOT_MET, False)
    invisible = assess_binary([(dt.date(2022, 9, 1), True, "b")], deadline=deadline, as_of=dt.date(2022, 6, 1))
    assert (invisible.status, invisible.reason) == (Status.NOT_ASSESSABLE, "no_evidence")


def test_deadline_in_future_uses_deadline_for_horizon() -> None:
    a = assess([Point(Y(2020), 50), Point(Y(2022), 60)], comparator=">=", target=80, deadline=Y(2030), as_of=Y(2022))
    assert a.horizon == approx(10) and not a.deadline_passed


def test_deadline_in_past_met_in_window() -> None:
    a = assess([Point(Y(2020), 50), Point(Y(2022), 85), Point(Y(2023), 70)], comparator=">=", target=80,
               deadline=Y(2022), as_of=Y(2024))
    assert a.status is Status.TARGET_MET and a.current == Point(Y(2022), 85)


def test_as_of_before_baseline() -> None:
    a = assess([Point(Y(2022), 50), Point(Y(2023), 60)], comparator=">=", target=80, deadline=Y(2025),
               as_of=dt.date(2022, 6, 30))
    assert (a.status, a.reason) == (Status.NOT_ASSESSABLE, "no_observation")


def test_bad_horizon() -> None:
    a = assess([Point(Y(2023), 50), Point(Y(2024), 60)], comparator=">=", target=80, deadline=Y(2022),
               as_of=dt.date(2022, 6, 30))
    assert a.status is Status.NOT_ASSESSABLE
    b = assess([Point(Y(2021), 50), Point(dt.date(2022, 6, 30), 60)], comparator=">=", target=80,
               deadline=dt.date(2021, 12, 31), as_of=dt.date(2021, 12, 30))
    assert b.reason == "no_observation"
    c = assess([Point(dt.date(2022, 1, 31), 50), Point(dt.date(2022, 2, 28), 60)], comparator=">=", target=80,
               deadline=dt.date(2022, 1, 31), as_of=dt.date(2022, 1, 30))
    assert c.reason == "no_observation"


def test_bad_horizon_when_deadline_not_after_baseline() -> None:
    # Baseline 2022-03 and current 2022-06; deadline end of Feb 2022 but as_of before it: no window.
    # Build H <= 0 directly: deadline equal to the baseline's end, as_of before the deadline.
    points = [Point(dt.date(2021, 6, 30), 50), Point(dt.date(2021, 9, 30), 55)]
    a = assess(points, comparator=">=", target=80, deadline=dt.date(2021, 6, 30), as_of=dt.date(2021, 6, 29))
    assert a.reason == "no_observation"
    b = assess(points, comparator=">=", target=80, deadline=dt.date(2021, 6, 30), as_of=dt.date(2021, 10, 1),
               baseline_end=dt.date(2021, 6, 30))
    assert b.status is Status.NOT_MET  # deadline passed, the window ends at the baseline


def test_cagr_required_zero_not_met_is_deterioration() -> None:
    a = assess([Point(Y(2020), 80), Point(Y(2022), 70)], comparator=">", target=80, deadline=Y(2025), as_of=Y(2022))
    assert a.status is Status.DETERIORATION and math.isinf(a.ratio)


def test_direction_conflict_and_duplicates_raise() -> None:
    with pytest.raises(ValueError, match="contradicts"):
        assess([Point(Y(2022), 1)], comparator=">=", target=2, direction=-1, deadline=Y(2025), as_of=Y(2022))
    with pytest.raises(ValueError, match="explicit direction"):
        assess([Point(Y(2022), 1)], comparator="=", target=2, deadline=Y(2025), as_of=Y(2022))
    with pytest.raises(ValueError, match="two observations"):
        assess([Point(Y(2022), 1), Point(Y(2022), 2)], comparator=">=", target=3, deadline=Y(2025), as_of=Y(2022))


def test_profiles_differ_between_their_cuts() -> None:
    assert classify_ratio(0.55, Profile.UNSD) is Status.MODERATE
    assert classify_ratio(0.55, Profile.OPENSDG) is Status.INSUFFICIENT
    assert classify_ratio(-0.05, Profile.UNSD) is Status.INSUFFICIENT
    assert classify_ratio(-0.05, Profile.OPENSDG) is Status.DETERIORATION
    assert classify_ratio(0.95, Profile.UNSD) is Status.ON_TRACK  # lower bounds inclusive
    assert classify_ratio(-0.1, Profile.UNSD) is Status.INSUFFICIENT


def test_score_formula() -> None:
    assert score_from_ratio(0.6) == approx(7.1429 * 0.6 - 4.2857)
    assert score_from_ratio(2.0) == 5.0
    assert score_from_ratio(0.3) == approx(4.1667 * 0.3 - 2.5)
    assert score_from_ratio(-3.0) == -5.0


def test_growth_ratio_on_plain_numbers() -> None:
    ratio, subs = growth_ratio(50, 60, 80, 2, 5, Direction.HIGHER_IS_BETTER)
    assert ratio == approx(0.968391) and subs == ()


def test_assess_numbers_convenience() -> None:
    a = assess_numbers(baseline=50, current=60, target=80, baseline_end=Y(2020), current_end=Y(2022), deadline=Y(2025))
    assert a.ratio == approx(0.968391) and a.as_of == Y(2022)


def test_aggregate_mean_mapping_and_counts() -> None:
    on = assess_numbers(baseline=50, current=60, target=80, baseline_end=Y(2020), current_end=Y(2022), deadline=Y(2025))
    low = assess_numbers(baseline=10, current=8, target=0, baseline_end=Y(2020), current_end=Y(2022),
                         deadline=Y(2025), comparator="<=")
    none = assess([], comparator=">=", target=1, deadline=Y(2025), as_of=Y(2022))
    binary = assess_binary([(Y(2022), True, "m")], deadline=Y(2025), as_of=Y(2022))
    agg = aggregate([on, low, none, binary])
    mean = (on.score + low.score) / 2  # (2.63142 - 1.97726) / 2 = 0.32708
    assert agg.mean_score == approx(mean) and agg.status is Status.MODERATE
    assert dict(agg.counts) == {Status.ON_TRACK: 1, Status.INSUFFICIENT: 1, Status.NOT_ASSESSABLE: 1,
                                Status.TARGET_MET: 1}
    assert (agg.n_members, agg.n_scored, agg.n_not_assessable) == (4, 2, 1)
    assert aggregate([binary, binary]).status is Status.TARGET_MET
    assert aggregate([none]).status is Status.NOT_ASSESSABLE
    # groups first: an aggregate member contributes its mean
    nested = aggregate([agg, on])
    assert nested.mean_score == approx((mean + on.score) / 2)


def test_aggregate_all_not_met_is_not_met() -> None:
    missed = assess([Point(Y(2020), 50), Point(Y(2022), 70)], comparator=">=", target=80, deadline=Y(2022), as_of=Y(2023))
    agg = aggregate([missed, assess([], comparator=">=", target=1, deadline=Y(2025), as_of=Y(2022))])
    assert agg.status is Status.NOT_MET and agg.mean_score == approx(missed.score)


def test_status_from_score_cuts() -> None:
    assert [status_from_score(x) for x in (5, 2.5, 0, -2.5, -2.51)] == [
        Status.ON_TRACK, Status.ON_TRACK, Status.MODERATE, Status.INSUFFICIENT, Status.DETERIORATION]
    assert isinstance(aggregate([]), Aggregate)


def test_direction_only_and_limit_scaling() -> None:
    assert limit_scale(50, 100) == approx(1 - 0.5 ** 4.44)  # b <= l
    assert limit_scale(150, 100) == approx(1 - 0.5 ** 4.44)  # l < b < 2l
    assert limit_scale(250, 100) == 1.0  # b >= 2l
    a = assess_direction_only([Point(Y(2020), 90), Point(Y(2022), 91)], direction=1, as_of=Y(2022), limit=100)
    v = (91 / 90) ** 0.5 - 1
    c = 1 - 0.9 ** 4.44
    # C = 1 - 0.9^4.44 = 0.3738; 0.005 C = 0.00187 <= v = 0.00554 < 0.015 C = 0.00561
    assert a.velocity == approx(v) and a.status is Status.MODERATE
    assert a.score == approx(250 * v / c - 1.25)
    fast = assess_direction_only([Point(Y(2020), 90), Point(Y(2022), 92)], direction=1, as_of=Y(2022), limit=100)
    v2 = (92 / 90) ** 0.5 - 1  # 0.01105 >= 0.015 C = 0.00561: on track near the limit ...
    assert fast.status is Status.ON_TRACK and v2 >= 0.015 * c
    # ... but only moderate without it (0.005 <= 0.01105 < 0.015)
    assert assess_direction_only([Point(Y(2020), 90), Point(Y(2022), 92)], direction=1,
                                 as_of=Y(2022)).status is Status.MODERATE
    down = assess_direction_only([Point(Y(2020), 90), Point(Y(2022), 80)], direction=1, as_of=Y(2022))
    assert down.status is Status.DETERIORATION
    assert assess_direction_only([Point(Y(2022), 1)], direction=1, as_of=Y(2022)).reason == "single_observation"


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_a_point_after_as_of_never_changes_anything(wild: float) -> None:
    base = [Point(Y(2020), 50), Point(Y(2022), 60)]
    kwargs = dict(comparator=">=", target=80, deadline=Y(2025), as_of=dt.date(2023, 6, 30))
    assert assess(base, **kwargs) == assess([*base, Point(Y(2023), wild)], **kwargs)  # type: ignore[arg-type]
