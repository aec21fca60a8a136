"""The pure progress method: the worked examples (§6) and every edge case (§5) of the method note.

Each expected number is worked out by hand in the test (an expression), next to the decimals the
note prints where it prints them.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ducs.method import (
    Aggregate,
    Assessment,
    Evidence,
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
from ducs.vocab import Comparator, Direction, Profile, Status, Tense


def Y(year: int) -> dt.date:
    """Annual period YYYY ends on 31 December."""
    return dt.date(year, 12, 31)


def approx(value: float) -> Any:
    return pytest.approx(value, abs=1e-6)


def series(*pairs: tuple[int, float]) -> list[Point]:
    return [Point(Y(year), value, str(year)) for year, value in pairs]


# --- §2 time axis --------------------------------------------------------------------------


def test_decimal_time() -> None:
    assert decimal_time(Y(2020)) == 2021.0
    assert decimal_time(dt.date(2022, 3, 31)) == approx(2022 + 90 / 365) == approx(2022.246575)
    assert decimal_time(dt.date(2022, 4, 27)) == approx(2022 + 117 / 365) == approx(2022.320548)
    assert decimal_time(dt.date(2024, 2, 29)) == approx(2024 + 60 / 366)  # leap year
    # base 2015, latest 2019, target 2030 => delta 4, horizon 15 (UNSD / sdg-build year differences)
    a = assess(series((2015, 10), (2019, 12)), comparator=">=", target=20, deadline=Y(2030), as_of=Y(2019))
    assert (a.delta, a.horizon) == (approx(4), approx(15))


def test_pendulum_dates_are_accepted() -> None:
    import pendulum

    a = assess([Point(pendulum.date(2020, 12, 31), 50), Point(pendulum.date(2022, 12, 31), 60)],
               comparator=">=", target=80, deadline=pendulum.date(2025, 12, 31), as_of=pendulum.date(2023, 6, 30))
    assert a.ratio == approx(0.968391)


# --- §6 worked examples ----------------------------------------------------------------------


def test_example_1_on_track_yet_behind_a_straight_line() -> None:
    kwargs: dict[str, Any] = dict(comparator=">=", target=80, deadline=Y(2025), as_of=dt.date(2023, 6, 30))
    a = assess(series((2020, 50), (2022, 60)), **kwargs)
    # tau0 = 2021, taut = 2023, tauT = 2026 -> delta 2, horizon 5
    assert (a.delta, a.horizon) == (approx(2), approx(5))
    cagr_a = 1.2 ** (1 / 2) - 1
    cagr_r = 1.6 ** (1 / 5) - 1
    assert a.cagr_actual == approx(cagr_a) == approx(0.0954451)
    assert a.cagr_required == approx(cagr_r) == approx(0.0985605)
    assert a.ratio == approx(cagr_a / cagr_r) == approx(0.968391)
    assert a.status is Status.ON_TRACK and a.reason is None and a.method == "cagr_ratio"
    assert a.profile is Profile.UNSD and a.direction is Direction.HIGHER_IS_BETTER and a.target_value == 80
    opensdg = assess(series((2020, 50), (2022, 60)), profile=Profile.OPENSDG, **kwargs)
    assert opensdg.status is Status.ON_TRACK and opensdg.profile is Profile.OPENSDG
    assert a.score == approx(7.1429 * (cagr_a / cagr_r) - 4.2857)
    assert a.score == pytest.approx(2.63142, abs=1e-5)
    assert a.progress_share == approx(10 / 30) == approx(0.333333)
    assert a.elapsed_share == approx(2 / 5)
    # §4.5: geometric trajectory 50 * 1.6^0.4 = 60.34, gap -0.34, linear 50 + 30 * 0.4 = 62
    assert a.trajectory_geometric == approx(50 * 1.6 ** 0.4)
    assert a.trajectory_geometric is not None and round(a.trajectory_geometric, 2) == 60.34
    assert a.gap == approx(60 - 50 * 1.6 ** 0.4) and a.gap is not None and round(a.gap, 2) == -0.34
    assert a.on_trajectory is False
    assert a.trajectory_linear == approx(62)
    # BAU: 60 * (1 + cagr_a)^(2026 - 2023) = 60 * 1.2^1.5; Q = (BAU - 50) / 30
    assert a.bau_projection == approx(60 * 1.2 ** 1.5)
    assert a.extrapolation_ratio == approx((60 * 1.2 ** 1.5 - 50) / 30) == approx(0.962402)
    assert a.extrapolation_status is Status.ON_TRACK
    assert a.substitutions == () and not a.deadline_passed and not a.met_late
    assert a.baseline == Point(Y(2020), 50, "2020") and a.current == Point(Y(2022), 60, "2022")
    assert a.explanation == ("On track: observed growth is 96.8% of the growth needed to reach >= 80 by "
                             "2025-12-31 (unsd profile).")


def test_example_2_lower_is_better_target_zero() -> None:
    a = assess(series((2020, 10), (2022, 8)), comparator="<=", target=0, deadline=Y(2025),
               as_of=dt.date(2023, 6, 30))
    cagr_r = (0.001 / 10) ** (1 / 5) - 1
    cagr_a = 0.8 ** (1 / 2) - 1
    assert a.cagr_required == approx(cagr_r) == approx(-0.841511)
    assert a.cagr_actual == approx(cagr_a) == approx(-0.105573)
    ratio = (+1) * (-1) * cagr_a / abs(cagr_r)
    assert a.ratio == approx(ratio) == approx(0.125456)
    assert a.status is Status.INSUFFICIENT
    assert assess(series((2020, 10), (2022, 8)), comparator="<=", target=0, deadline=Y(2025),
                  as_of=dt.date(2023, 6, 30), profile="opensdg").status is Status.INSUFFICIENT
    assert a.score == approx(4.1667 * ratio - 2.5) and a.score == pytest.approx(-1.97726, abs=1e-5)
    assert a.progress_share == approx((8 - 10) / (0 - 10)) == approx(0.2)
    assert a.elapsed_share == approx(0.4)
    assert a.substitutions == ("target",)
    assert a.direction is Direction.LOWER_IS_BETTER


def test_example_3_deadline_passed_then_as_of() -> None:
    points = series((2020, 50), (2022, 70), (2023, 85))
    a = assess(points, comparator=">=", target=80, deadline=Y(2022), as_of=dt.date(2024, 6, 30))
    assert a.status is Status.NOT_MET and a.met_late and a.deadline_passed and a.reason is None
    assert a.current == points[1] and a.baseline == points[0]  # window stops at 2022
    assert (a.delta, a.horizon) == (approx(2), approx(2))
    cagr_a = (70 / 50) ** (1 / 2) - 1
    cagr_r = (80 / 50) ** (1 / 2) - 1
    assert a.cagr_actual == approx(cagr_a) == approx(0.183216)
    assert a.cagr_required == approx(cagr_r) == approx(0.264911)
    assert a.ratio == approx(cagr_a / cagr_r) == approx(0.691613)
    # retrospective: scored by the share of the way achieved, P = (70 - 50) / (80 - 50)
    assert a.progress_share == approx(2 / 3) and a.score == approx(-5 + 5 * 2 / 3) == approx(-1.666667)
    assert a.progress_share == approx(20 / 30) and a.elapsed_share == approx(1.0)
    assert "A later value meets it." in a.explanation
    early = assess(points, comparator=">=", target=80, deadline=Y(2022), as_of=dt.date(2022, 6, 30))
    assert (early.status, early.reason) == (Status.NOT_ASSESSABLE, "single_observation")
    assert early.current == points[0] and not early.deadline_passed and early.score is None


# --- §5 edge cases -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "start", "value", "direction", "met"),
    [
        (">=", 70, 80, None, True),
        (">", 70, 80, None, False),
        (">", 70, 80.01, None, True),
        ("<=", 90, 80, None, True),
        ("<", 90, 80, None, False),
        ("<", 90, 79.99, None, True),
        ("=", 70, 80, Direction.HIGHER_IS_BETTER, True),
        ("=", 90, 80, Direction.LOWER_IS_BETTER, True),
        ("=", 70, 79, Direction.HIGHER_IS_BETTER, False),
        ("=", 90, 81, Direction.LOWER_IS_BETTER, False),
    ],
)
def test_value_exactly_at_target(comparator: str, start: float, value: float, direction: Direction | None,
                                 met: bool) -> None:
    a = assess(series((2021, start), (2022, value)), comparator=comparator, target=80, deadline=Y(2025),
               as_of=Y(2022), direction=direction)
    assert (a.status is Status.TARGET_MET) is met
    if met:
        assert a.score == 5.0


def test_strict_comparator_at_target_is_assessed_on_the_trend() -> None:
    # 70 -> 80 for "> 80" by 2025: not met; R = CAGR_a / CAGR_r with the same numbers as for 80.
    a = assess(series((2021, 70), (2022, 80)), comparator=">", target=80, deadline=Y(2025), as_of=Y(2022))
    assert a.ratio == approx((80 / 70 - 1) / ((80 / 70) ** (1 / 4) - 1))
    assert a.status is Status.ON_TRACK


def test_range_reach_mode_both_directions() -> None:
    # rising towards [65, 70]: x* = lo = 65; exactly at the bound is met
    rising = assess(series((2021, 60), (2022, 65)), comparator="range", target=65, target_high=70,
                    direction=1, deadline=Y(2025), as_of=Y(2022))
    assert rising.status is Status.TARGET_MET and rising.target_value == 65
    rising_short = assess(series((2021, 60), (2022, 62)), comparator="range", target=65, target_high=70,
                          direction=1, deadline=Y(2025), as_of=Y(2022))
    assert rising_short.ratio == approx((62 / 60 - 1) / ((65 / 60) ** (1 / 4) - 1))
    # falling towards [65, 70]: x* = hi = 70
    falling = assess(series((2021, 80), (2022, 72)), comparator="range", target=65, target_high=70,
                     direction=-1, deadline=Y(2025), as_of=Y(2022))
    assert falling.target_value == 70 and falling.status is not Status.TARGET_MET
    assert falling.ratio == approx(-(72 / 80 - 1) / abs((70 / 80) ** (1 / 4) - 1))
    assert assess(series((2022, 70)), comparator="range", target=65, target_high=70, direction=-1,
                  deadline=Y(2025), as_of=Y(2022)).status is Status.TARGET_MET
    # reach mode: passing the bound is met even beyond the band
    assert assess(series((2022, 90)), comparator="range", target=65, target_high=70, direction=1,
                  deadline=Y(2025), as_of=Y(2022)).status is Status.TARGET_MET


def test_range_band_mode() -> None:
    common: dict[str, Any] = dict(comparator="range", target=65, target_high=70, band=True, deadline=Y(2025),
                                  as_of=Y(2022))
    for value in (65, 67, 70):  # bounds included
        assert assess(series((2022, value)), **common).status is Status.TARGET_MET
    above = assess(series((2021, 75), (2022, 74)), **common)
    assert (above.target_value, above.direction) == (70, Direction.LOWER_IS_BETTER)
    # aiming down at 70 from 75: CAGR_r = (70/75)^(1/4) - 1; CAGR_a = 74/75 - 1 over one year; d = -1
    assert above.ratio == approx(-(74 / 75 - 1) / abs((70 / 75) ** 0.25 - 1))
    assert above.status is classify_ratio(-(74 / 75 - 1) / abs((70 / 75) ** 0.25 - 1))
    below = assess(series((2021, 55), (2022, 60)), **common)
    assert (below.target_value, below.direction) == (65, Direction.HIGHER_IS_BETTER)
    assert below.ratio == approx((60 / 55 - 1) / ((65 / 55) ** 0.25 - 1))
    # direction given but irrelevant in band mode
    assert assess(series((2021, 75), (2022, 74)), direction=1, **common).direction is Direction.LOWER_IS_BETTER


def test_baseline_met_current_not_is_deterioration() -> None:
    a = assess(series((2020, 90), (2022, 70)), comparator=">=", target=80, deadline=Y(2025), as_of=Y(2022))
    assert a.progress_share is None
    # CAGR_a = (70/90)^(1/2) - 1 < 0 ; CAGR_r = (80/90)^(1/5) - 1 < 0 ; R = s*d*CAGR_a / |CAGR_r|
    expected = (+1) * (+1) * ((70 / 90) ** 0.5 - 1) / abs((80 / 90) ** 0.2 - 1)
    assert a.ratio == approx(expected) and expected < -0.1
    assert a.status is Status.DETERIORATION
    assert a.score == approx(max(4.1667 * expected - 2.5, -5))


def test_declared_baseline_missing_uses_next_available() -> None:
    points = series((2019, 40), (2021, 50), (2023, 60))
    a = assess(points, comparator=">=", target=80, deadline=Y(2025), as_of=Y(2023), baseline_end=Y(2020))
    assert a.baseline == points[1]  # 2020 absent -> 2021; 2019 is shown, not used
    assert a.delta == approx(2) and a.horizon == approx(4)
    assert a.ratio == approx(((60 / 50) ** 0.5 - 1) / ((80 / 50) ** 0.25 - 1))
    present = assess(points, comparator=">=", target=80, deadline=Y(2025), as_of=Y(2023), baseline_end=Y(2019))
    assert present.baseline == points[0]
    late = assess(points, comparator=">=", target=80, deadline=Y(2025), as_of=Y(2023), baseline_end=Y(2024))
    assert (late.status, late.reason) == (Status.NOT_ASSESSABLE, "no_baseline")
    assert late.baseline is None and late.current == points[2] and late.score is None


def test_single_observation() -> None:
    met = assess(series((2022, 90)), comparator=">=", target=80, deadline=Y(2025), as_of=Y(2022))
    assert (met.status, met.score, met.reason) == (Status.TARGET_MET, 5.0, None)
    unmet = assess(series((2022, 70)), comparator=">=", target=80, deadline=Y(2025), as_of=Y(2022))
    assert (unmet.status, unmet.reason, unmet.score) == (Status.NOT_ASSESSABLE, "single_observation", None)
    assert unmet.ratio is None and unmet.delta == 0


def test_target_already_met_still_reports_trend() -> None:
    a = assess(series((2020, 50), (2022, 90)), comparator=">=", target=80, deadline=Y(2025), as_of=Y(2022))
    assert a.status is Status.TARGET_MET and a.score == 5.0
    assert a.progress_share == approx(40 / 30)  # P > 1
    assert a.ratio == approx((1.8 ** 0.5 - 1) / (1.6 ** 0.2 - 1))


def test_no_observation() -> None:
    a = assess([], comparator=">=", target=80, deadline=Y(2025), as_of=Y(2022))
    assert (a.status, a.reason, a.score) == (Status.NOT_ASSESSABLE, "no_observation", None)


def test_zero_baseline_uses_epsilon_only_in_growth() -> None:
    a = assess(series((2020, 0), (2022, 20)), comparator=">=", target=50, deadline=Y(2025), as_of=Y(2022))
    assert a.substitutions == ("baseline",)
    assert a.cagr_actual == approx((20 / 0.001) ** 0.5 - 1)
    assert a.cagr_required == approx((50 / 0.001) ** 0.2 - 1)
    assert a.ratio == approx(((20 / 0.001) ** 0.5 - 1) / ((50 / 0.001) ** 0.2 - 1))
    assert a.progress_share == approx((20 - 0) / (50 - 0))  # raw values
    custom = assess(series((2020, 0), (2022, 20)), comparator=">=", target=50, deadline=Y(2025), as_of=Y(2022),
                    epsilon=0.1)
    assert custom.cagr_actual == approx((20 / 0.1) ** 0.5 - 1)


def test_zero_baseline_and_zero_target() -> None:
    # lower is better, 0 -> 3 (moving away), target <= 0: both zeros replaced by ε
    a = assess(series((2020, 0), (2022, 3)), comparator="<", target=0, deadline=Y(2025), as_of=Y(2022))
    assert a.substitutions == ("baseline", "target")
    assert a.cagr_required == 0.0 and a.ratio is None
    assert a.status is Status.DETERIORATION and a.score == -5.0


def test_zero_baseline_and_zero_current() -> None:
    a = assess(series((2020, 0), (2022, 0)), comparator=">=", target=50, deadline=Y(2025), as_of=Y(2022))
    assert a.cagr_actual == 0.0 and a.ratio == 0.0 and a.substitutions == ("baseline",)
    assert a.progress_share == 0.0
    assert a.status is Status.INSUFFICIENT  # 0 is within [-0.1, 0.5) in the unsd profile
    assert a.score == approx(4.1667 * 0 - 2.5)


def test_zero_current_value() -> None:
    a = assess(series((2020, 10), (2022, 0)), comparator=">=", target=50, deadline=Y(2025), as_of=Y(2022))
    assert a.cagr_actual == -1.0 and a.substitutions == ()
    assert a.ratio == approx(-1 / ((50 / 10) ** 0.2 - 1))
    assert a.status is Status.DETERIORATION
    assert a.bau_projection == 0.0


def test_all_negative_series_flips_sign() -> None:
    # -10 -> -8, target >= -5 (higher is better): moving the right way.
    a = assess(series((2020, -10), (2022, -8)), comparator=">=", target=-5, deadline=Y(2025), as_of=Y(2022))
    cagr_a = (-8 / -10) ** 0.5 - 1  # negative: the magnitude shrinks
    cagr_r = (-5 / -10) ** 0.2 - 1  # negative
    ratio = (-1) * (+1) * cagr_a / abs(cagr_r)
    assert a.ratio == approx(ratio) == approx(0.815552) and ratio > 0
    assert a.status is Status.MODERATE
    assert a.progress_share == approx((-8 + 10) / (-5 + 10))
    # the same series with lower is better (target <= -20) is moving away
    b = assess(series((2020, -10), (2022, -8)), comparator="<=", target=-20, deadline=Y(2025), as_of=Y(2022))
    assert b.ratio == approx((-1) * (-1) * cagr_a / abs(2 ** 0.2 - 1)) and b.status is Status.DETERIORATION


def test_all_negative_series_with_zero_baseline_uses_negative_epsilon() -> None:
    a = assess(series((2020, 0), (2022, -4)), comparator="<=", target=-10, deadline=Y(2025), as_of=Y(2022))
    assert a.substitutions == ("baseline",)
    assert a.cagr_actual == approx((-4 / -0.001) ** 0.5 - 1)
    ratio = (-1) * (-1) * ((-4 / -0.001) ** 0.5 - 1) / abs((-10 / -0.001) ** 0.2 - 1)
    assert a.ratio == approx(ratio)


def test_mixed_signs_are_not_assessable() -> None:
    a = assess(series((2020, -5), (2022, 5)), comparator=">=", target=10, deadline=Y(2025), as_of=Y(2022))
    assert (a.status, a.reason) == (Status.NOT_ASSESSABLE, "sign_change")
    assert a.ratio is None and a.cagr_actual is None and a.score is None
    assert a.progress_share == approx((5 + 5) / (10 + 5))  # P on raw values is still reported
    b = assess(series((2020, -5), (2022, -2)), comparator=">=", target=10, deadline=Y(2025), as_of=Y(2022))
    assert b.reason == "sign_change"  # target opposite to the baseline
    c = assess(series((2020, 5), (2022, -2)), comparator="<=", target=-4, deadline=Y(2025), as_of=Y(2022))
    assert c.reason == "sign_change"
    d = assess(series((2020, 0), (2022, -2)), comparator=">=", target=4, deadline=Y(2025), as_of=Y(2022))
    assert d.reason == "sign_change"  # zero baseline, but current and target disagree
    with pytest.raises(ValueError, match="sign"):
        growth_ratio(-5, 5, 10, 2, 5, 1)


def test_rank_within() -> None:
    a = assess(series((2020, 86), (2022, 71)), comparator="rank_within", target=50, deadline=Y(2025), as_of=Y(2022))
    assert a.direction is Direction.LOWER_IS_BETTER and a.target_value == 50
    expected = (+1) * (-1) * ((71 / 86) ** 0.5 - 1) / abs((50 / 86) ** 0.2 - 1)
    assert a.ratio == approx(expected)
    assert a.status is classify_ratio(expected)
    assert assess(series((2022, 50)), comparator="rank_within", target=50, deadline=Y(2025),
                  as_of=Y(2022)).status is Status.TARGET_MET
    assert assess(series((2022, 51)), comparator=Comparator.RANK_WITHIN, target=50, deadline=Y(2025),
                  as_of=Y(2022)).reason == "single_observation"


def test_binary_yes_no_none() -> None:
    deadline = Y(2022)
    yes = assess_binary([(dt.date(2022, 3, 1), False, "a"), (dt.date(2022, 9, 1), True, "b")],
                        deadline=deadline, as_of=Y(2022))
    assert (yes.status, yes.score, yes.deadline_passed, yes.method) == (Status.TARGET_MET, None, True, "binary")
    assert yes.current == Point(dt.date(2022, 9, 1), 1.0, "b") and not yes.met_late
    no = assess_binary([(dt.date(2022, 3, 1), False, "a")], deadline=deadline, as_of=dt.date(2022, 6, 1))
    assert (no.status, no.deadline_passed, no.score) == (Status.NOT_MET, False, None)
    # the latest evidence decides, also against an earlier yes
    undone = assess_binary([(dt.date(2022, 3, 1), True, "a"), (dt.date(2022, 5, 1), False, "b")],
                           deadline=deadline, as_of=Y(2023))
    assert undone.status is Status.NOT_MET and undone.deadline_passed
    invisible = assess_binary([(dt.date(2022, 9, 1), True, "b")], deadline=deadline, as_of=dt.date(2022, 6, 1))
    assert (invisible.status, invisible.reason) == (Status.NOT_ASSESSABLE, "no_evidence")
    none = assess_binary([], deadline=deadline, as_of=Y(2023))
    assert (none.status, none.reason, none.deadline_passed) == (Status.NOT_ASSESSABLE, "no_evidence", True)
    late = assess_binary([(dt.date(2023, 2, 1), True, "c")], deadline=deadline, as_of=Y(2023))
    assert late.status is Status.TARGET_MET and late.met_late


def test_deadline_in_future_uses_deadline_for_horizon() -> None:
    a = assess(series((2020, 50), (2022, 60)), comparator=">=", target=80, deadline=Y(2030), as_of=Y(2022))
    assert a.horizon == approx(10) and not a.deadline_passed
    assert a.ratio == approx((1.2 ** 0.5 - 1) / (1.6 ** 0.1 - 1))
    assert a.status is Status.ON_TRACK


def test_after_the_deadline_met_and_missed_use_the_deadline_window() -> None:
    met = assess(series((2020, 50), (2022, 85), (2023, 70)), comparator=">=", target=80, deadline=Y(2022),
                 as_of=Y(2024))
    assert met.status is Status.TARGET_MET and met.current == Point(Y(2022), 85, "2022") and met.deadline_passed
    missed = assess(series((2020, 50), (2022, 70), (2023, 75)), comparator=">=", target=80, deadline=Y(2022),
                    as_of=Y(2024))
    assert missed.status is Status.NOT_MET and not missed.met_late
    # the deadline passes on its last day: as_of == deadline
    on_the_day = assess(series((2020, 50), (2021, 70)), comparator=">=", target=80, deadline=Y(2022), as_of=Y(2022))
    assert on_the_day.deadline_passed and on_the_day.status is Status.NOT_MET
    # not met, deadline passed, no trend in the window: no score
    alone = assess(series((2022, 70), (2023, 90)), comparator=">=", target=80, deadline=Y(2022), as_of=Y(2024))
    assert (alone.status, alone.met_late, alone.score) == (Status.NOT_MET, True, None)


def test_as_of_before_the_baseline() -> None:
    points = series((2022, 50), (2023, 60))
    a = assess(points, comparator=">=", target=80, deadline=Y(2025), as_of=dt.date(2022, 6, 30))
    assert (a.status, a.reason) == (Status.NOT_ASSESSABLE, "no_observation")
    earlier = series((2020, 40), (2022, 50), (2023, 60))
    b = assess(earlier, comparator=">=", target=80, deadline=Y(2025), as_of=dt.date(2022, 6, 30),
               baseline_end=Y(2022))
    assert (b.status, b.reason) == (Status.NOT_ASSESSABLE, "no_baseline")


def test_baseline_at_the_deadline_is_not_assessable() -> None:
    # declared baseline period ends at the deadline (H = 2023 - 2023 = 0), deadline not yet passed
    a = assess(series((2020, 50), (2021, 60)), comparator=">=", target=80, deadline=Y(2022), as_of=Y(2021),
               baseline_end=Y(2022))
    assert (a.status, a.reason, a.score) == (Status.NOT_ASSESSABLE, "bad_horizon", None)
    b = assess_numbers(baseline=50, current=60, target=80, baseline_end=Y(2022), current_end=Y(2023),
                       deadline=Y(2021))
    assert (b.status, b.reason, b.score) == (Status.NOT_ASSESSABLE, "bad_horizon", None)
    # H = tau(2021) - tau(2022) = 2022 - 2023 = -1 <= 0; the growth rates are never computed
    assert b.ratio is None and b.cagr_required is None
    with pytest.raises(ValueError, match="positive"):
        growth_ratio(50, 60, 80, 1, 0, 1)


def test_cagr_required_zero_not_met_is_deterioration() -> None:
    a = assess(series((2020, 80), (2022, 70)), comparator=">", target=80, deadline=Y(2025), as_of=Y(2022))
    assert a.cagr_required == 0.0 and a.cagr_actual == approx((70 / 80) ** 0.5 - 1)
    assert a.status is Status.DETERIORATION and a.ratio is None and a.score == -5.0
    assert growth_ratio(80, 70, 80, 2, 5, 1) == (-math.inf, ())
    flat = assess(series((2020, 80), (2022, 80)), comparator=">", target=80, deadline=Y(2025), as_of=Y(2022))
    assert flat.status is Status.DETERIORATION


def test_contradictory_direction_is_refused() -> None:
    with pytest.raises(ValueError, match="contradicts"):
        assess(series((2022, 1)), comparator=">=", target=2, direction=-1, deadline=Y(2025), as_of=Y(2022))
    with pytest.raises(ValueError, match="contradicts"):
        assess(series((2022, 1)), comparator="rank_within", target=2, direction=1, deadline=Y(2025), as_of=Y(2022))
    with pytest.raises(ValueError, match="explicit direction"):
        assess(series((2022, 1)), comparator="=", target=2, deadline=Y(2025), as_of=Y(2022))
    with pytest.raises(ValueError, match="explicit direction"):
        assess(series((2022, 1)), comparator="range", target=2, target_high=3, deadline=Y(2025), as_of=Y(2022))
    with pytest.raises(ValueError, match="target_high"):
        assess(series((2022, 1)), comparator="range", target=2, direction=1, deadline=Y(2025), as_of=Y(2022))
    with pytest.raises(ValueError, match="two observations"):
        assess([Point(Y(2022), 1), Point(Y(2022), 2)], comparator=">=", target=3, deadline=Y(2025), as_of=Y(2022))
    # points after as_of are never validated into an exception for an earlier question
    later_duplicates = [Point(Y(2021), 1), Point(Y(2030), 1), Point(Y(2030), 2)]
    assert assess(later_duplicates, comparator=">=", target=3, deadline=Y(2025), as_of=Y(2022)).reason == \
        "single_observation"
    with pytest.raises(ValueError, match="assess_binary"):
        assess(series((2022, 1)), comparator="qualitative", target=1, deadline=Y(2025), as_of=Y(2022))
    # an explicit direction that agrees is fine
    assert assess(series((2022, 3)), comparator=">=", target=2, direction=1, deadline=Y(2025),
                  as_of=Y(2022)).status is Status.TARGET_MET


def test_profiles_differ_between_their_cuts() -> None:
    assert classify_ratio(0.55, Profile.UNSD) is Status.MODERATE
    assert classify_ratio(0.55, Profile.OPENSDG) is Status.INSUFFICIENT
    assert classify_ratio(-0.05, Profile.UNSD) is Status.INSUFFICIENT
    assert classify_ratio(-0.05, Profile.OPENSDG) is Status.DETERIORATION
    assert classify_ratio(0.95, Profile.UNSD) is Status.ON_TRACK  # lower bounds inclusive
    assert classify_ratio(0.5, Profile.UNSD) is Status.MODERATE
    assert classify_ratio(0.6, Profile.OPENSDG) is Status.MODERATE
    assert classify_ratio(-0.1, Profile.UNSD) is Status.INSUFFICIENT
    assert classify_ratio(0.0, Profile.OPENSDG) is Status.INSUFFICIENT
    # on a series: 50 -> 56 in two years, >= 80 by 2025: R = (1.12^0.5 - 1) / (1.6^0.2 - 1) = 0.5915
    kwargs: dict[str, Any] = dict(comparator=">=", target=80, deadline=Y(2025), as_of=Y(2022))
    ratio = (1.12 ** 0.5 - 1) / (1.6 ** 0.2 - 1)
    unsd = assess(series((2020, 50), (2022, 56)), **kwargs)
    opensdg = assess(series((2020, 50), (2022, 56)), profile=Profile.OPENSDG, **kwargs)
    assert unsd.ratio == approx(ratio) == opensdg.ratio
    assert (unsd.status, opensdg.status) == (Status.MODERATE, Status.INSUFFICIENT)
    assert unsd.score == opensdg.score == approx(4.1667 * ratio - 2.5)  # the score ignores the profile
    # 50 -> 49.5: R = (0.99^0.5 - 1) / (1.6^0.2 - 1) = -0.0509
    slip = (0.99 ** 0.5 - 1) / (1.6 ** 0.2 - 1)
    assert assess(series((2020, 50), (2022, 49.5)), **kwargs).status is Status.INSUFFICIENT
    down = assess(series((2020, 50), (2022, 49.5)), profile="opensdg", **kwargs)
    assert down.ratio == approx(slip) and down.status is Status.DETERIORATION


def test_score_formula() -> None:
    assert score_from_ratio(0.6) == approx(7.1429 * 0.6 - 4.2857)
    assert score_from_ratio(0.95) == approx(7.1429 * 0.95 - 4.2857)
    assert score_from_ratio(2.0) == 5.0  # capped
    assert score_from_ratio(0.5999) == approx(4.1667 * 0.5999 - 2.5)
    assert score_from_ratio(0.3) == approx(4.1667 * 0.3 - 2.5)
    assert score_from_ratio(-3.0) == -5.0  # floored
    assert score_from_ratio(-math.inf) == -5.0


def test_growth_ratio_on_plain_numbers() -> None:
    ratio, subs = growth_ratio(50, 60, 80, 2, 5, Direction.HIGHER_IS_BETTER)
    assert ratio == approx((1.2 ** 0.5 - 1) / (1.6 ** 0.2 - 1)) == approx(0.968391) and subs == ()
    ratio, subs = growth_ratio(0, 0, 5, 2, 5, 1)
    assert (ratio, subs) == (0.0, ("baseline",))


def test_assess_numbers() -> None:
    a = assess_numbers(baseline=50, current=60, target=80, baseline_end=Y(2020), current_end=Y(2022), deadline=Y(2025))
    assert a.ratio == approx(0.968391) and a.as_of == Y(2022) and a.status is Status.ON_TRACK
    # current after a passed deadline: the window stops at the deadline
    b = assess_numbers(baseline=50, current=90, target=80, baseline_end=Y(2020), current_end=Y(2023),
                       deadline=Y(2021))
    assert (b.status, b.met_late) == (Status.NOT_MET, True)
    with pytest.raises(ValueError):
        assess_numbers(baseline=50, current=60, target=80, baseline_end=Y(2022), current_end=Y(2020),
                       deadline=Y(2025))


# --- §4.3 targets without a numeric value ---------------------------------------------------


def test_limit_scale_regimes() -> None:
    assert limit_scale(50, None) == 1.0
    assert limit_scale(50, 100) == approx(1 - (50 / 100) ** 4.44)  # b <= l
    assert limit_scale(100, 100) == 0.0  # at the limit
    assert limit_scale(150, 100) == approx(1 - ((200 - 150) / 100) ** 4.44)  # l < b < 2l
    assert limit_scale(200, 100) == 1.0 and limit_scale(250, 100) == 1.0  # b >= 2l
    assert limit_scale(-50, -100) == approx(1 - 0.5 ** 4.44)


def test_direction_only_statuses_and_scores() -> None:
    c = 1 - 0.9 ** 4.44  # b = 90 close to l = 100: C = 0.3736
    # 0.005 C = 0.00187 <= v = 0.00554 < 0.015 C = 0.00560: moderate
    a = assess_direction_only(series((2020, 90), (2022, 91)), direction=1, as_of=Y(2022), limit=100)
    v = (91 / 90) ** 0.5 - 1
    assert a.method == "direction_only" and a.velocity == approx(v) and a.cagr_actual == approx(v)
    assert a.status is Status.MODERATE and a.score == approx(250 * v / c - 1.25)
    # v = 0.01105 >= 0.015 C: on track near the limit ...
    fast = assess_direction_only(series((2020, 90), (2022, 92)), direction=1, as_of=Y(2022), limit=100)
    v2 = (92 / 90) ** 0.5 - 1
    assert fast.status is Status.ON_TRACK and fast.score == approx(min(500 * v2 / c - 5, 5))
    # ... but only moderate without a limit (C = 1; 0.005 <= 0.01105 < 0.015)
    free = assess_direction_only(series((2020, 90), (2022, 92)), direction=1, as_of=Y(2022))
    assert free.status is Status.MODERATE and free.score == approx(250 * v2 - 1.25)
    # l < b < 2l regime (a share above a falling limit) and insufficient
    slow = assess_direction_only(series((2020, 150), (2022, 150.3)), direction=1, as_of=Y(2022), limit=100)
    c3 = 1 - (50 / 100) ** 4.44
    v3 = (150.3 / 150) ** 0.5 - 1  # 0.0009995 < 0.005 C3
    assert slow.status is Status.INSUFFICIENT and slow.score == approx(500 * v3 / c3 - 2.5)
    # b >= 2l: C = 1
    big = assess_direction_only(series((2020, 250), (2022, 260)), direction=1, as_of=Y(2022), limit=100)
    v4 = (260 / 250) ** 0.5 - 1
    assert big.status is Status.ON_TRACK and big.score == approx(min(500 * v4 - 5, 5))
    # deterioration
    down = assess_direction_only(series((2020, 90), (2022, 80)), direction=1, as_of=Y(2022))
    v5 = (80 / 90) ** 0.5 - 1
    assert down.status is Status.DETERIORATION and down.score == approx(max(125 * v5 - 2.5, -5))
    # lower is better: falling is progress
    falling = assess_direction_only(series((2020, 90), (2022, 80)), direction=-1, as_of=Y(2022))
    assert falling.velocity == approx(-v5) and falling.status is Status.ON_TRACK


def test_direction_only_at_the_limit_and_edge_cases() -> None:
    at_limit = assess_direction_only(series((2020, 100), (2022, 100)), direction=1, as_of=Y(2022), limit=100)
    assert (at_limit.status, at_limit.score) == (Status.ON_TRACK, 5.0)  # C = 0 and v >= 0
    negative = assess_direction_only(series((2020, -10), (2022, -8)), direction=1, as_of=Y(2022))
    assert negative.velocity == approx((-1) * (+1) * ((8 / 10) ** 0.5 - 1))
    assert assess_direction_only(series((2022, 1)), direction=1, as_of=Y(2022)).reason == "single_observation"
    assert assess_direction_only(series((2023, 1)), direction=1, as_of=Y(2022)).reason == "no_observation"
    assert assess_direction_only(series((2020, -1), (2022, 1)), direction=1, as_of=Y(2022)).reason == "sign_change"
    zero = assess_direction_only(series((2020, 0), (2022, 1)), direction=1, as_of=Y(2022))
    assert zero.substitutions == ("baseline",) and zero.velocity == approx((1 / 0.001) ** 0.5 - 1)


# --- §4.4 aggregation ------------------------------------------------------------------------


def _on() -> Assessment:
    return assess_numbers(baseline=50, current=60, target=80, baseline_end=Y(2020), current_end=Y(2022),
                          deadline=Y(2025))


def _low() -> Assessment:
    return assess_numbers(baseline=10, current=8, target=0, baseline_end=Y(2020), current_end=Y(2022),
                          deadline=Y(2025), comparator="<=")


def test_aggregate_mean_mapping_and_counts() -> None:
    on, low = _on(), _low()
    none = assess([], comparator=">=", target=1, deadline=Y(2025), as_of=Y(2022))
    binary = assess_binary([(Y(2022), True, "m")], deadline=Y(2025), as_of=Y(2022))
    agg = aggregate([on, low, none, binary])
    mean = (2.63142 + -1.97726) / 2  # 0.32708, the scores of examples 1 and 2
    assert agg.mean_score == pytest.approx(mean, abs=1e-5) and agg.status is Status.MODERATE
    assert dict(agg.counts) == {Status.ON_TRACK: 1, Status.INSUFFICIENT: 1, Status.NOT_ASSESSABLE: 1,
                                Status.TARGET_MET: 1}
    assert (agg.n_members, agg.n_scored, agg.n_not_assessable) == (4, 2, 1)
    assert aggregate([on]).status is Status.ON_TRACK  # 2.63 in [2.5, 5]
    assert aggregate([low]).status is Status.INSUFFICIENT  # -1.98 in [-2.5, 0)
    # groups first: an aggregate member contributes its mean
    nested = aggregate([agg, on])
    assert nested.mean_score == approx((agg.mean_score + on.score) / 2)  # type: ignore[operator]
    assert nested.n_members == 2


def test_aggregate_score_cut_points() -> None:
    assert [status_from_score(x) for x in (5, 2.5, 2.49, 0, -0.01, -2.5, -2.51, -5)] == [
        Status.ON_TRACK, Status.ON_TRACK, Status.MODERATE, Status.MODERATE, Status.INSUFFICIENT,
        Status.INSUFFICIENT, Status.DETERIORATION, Status.DETERIORATION]
    deteriorating = assess(series((2020, 90), (2022, 70)), comparator=">=", target=80, deadline=Y(2025),
                           as_of=Y(2022))
    assert deteriorating.score == -5.0
    assert aggregate([deteriorating, _low()]).status is Status.DETERIORATION  # (-5 - 1.98) / 2 = -3.49


def test_aggregate_target_met_only_if_every_member_is_met() -> None:
    met = assess(series((2022, 90)), comparator=">=", target=80, deadline=Y(2025), as_of=Y(2022))
    binary = assess_binary([(Y(2022), True, "m")], deadline=Y(2025), as_of=Y(2022))
    both = aggregate([met, binary])
    assert both.status is Status.TARGET_MET and both.mean_score == 5.0 and both.n_scored == 1
    assert aggregate([binary, binary]).status is Status.TARGET_MET
    assert aggregate([binary, binary]).mean_score is None
    assert aggregate([met, met]).status is Status.TARGET_MET
    # a mean of 5 with one member not assessable is not "met"
    none = assess([], comparator=">=", target=1, deadline=Y(2025), as_of=Y(2022))
    mixed = aggregate([met, none])
    assert mixed.status is Status.ON_TRACK and mixed.mean_score == 5.0


def test_aggregate_without_scores() -> None:
    none = assess([], comparator=">=", target=1, deadline=Y(2025), as_of=Y(2022))
    no = assess_binary([(Y(2022), False, "m")], deadline=Y(2025), as_of=Y(2022))
    yes = assess_binary([(Y(2022), True, "m")], deadline=Y(2025), as_of=Y(2022))
    assert aggregate([none]).status is Status.NOT_ASSESSABLE
    assert aggregate([none, none]).n_not_assessable == 2
    assert aggregate([no, yes, none]).status is Status.NOT_MET
    assert aggregate([yes, none]).status is Status.PARTLY_MET  # half covered: one met, one unknown
    assert aggregate([yes, none, none]).status is Status.INSUFFICIENT_EVIDENCE  # a third covered
    empty = aggregate([])
    assert isinstance(empty, Aggregate) and empty.status is Status.NOT_ASSESSABLE and empty.n_members == 0
    # the "no evidence" placeholder progress.py builds for a task without evidence
    placeholder = Aggregate(Status.NOT_ASSESSABLE, None, ((Status.NOT_ASSESSABLE, 1),), 0, 0, 0)
    rolled = aggregate([placeholder, _on()])
    assert rolled.status is Status.ON_TRACK and rolled.n_not_assessable == 1 and rolled.n_scored == 1


def test_aggregate_not_met_members() -> None:
    missed = assess(series((2020, 50), (2022, 70)), comparator=">=", target=80, deadline=Y(2022), as_of=Y(2023))
    none = assess([], comparator=">=", target=1, deadline=Y(2025), as_of=Y(2022))
    # every assessed member is not_met: the group is not_met, scored by the share achieved
    agg = aggregate([missed, none])
    assert agg.status is Status.NOT_MET and agg.mean_score == approx(missed.score)  # type: ignore[arg-type]
    assert agg.tense is Tense.RETROSPECTIVE and agg.coverage == 0.5
    # a missed target scores -5 + 5 * P with P = (70 - 50) / (80 - 50): -1.666667, below any met one
    assert missed.score == pytest.approx(-1.666667, abs=1e-6)
    mixed = aggregate([missed, _on()])  # one open target keeps the group prospective
    assert mixed.mean_score == pytest.approx((-1.666667 + 2.63142) / 2, abs=1e-5)  # 0.482377
    assert mixed.status is Status.MODERATE and mixed.tense is Tense.PROSPECTIVE


# --- as_of: a point in the future never changes anything -------------------------------------


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(min_value=2024, max_value=2035))
def test_a_point_after_as_of_never_changes_anything(wild: float, year: int) -> None:
    base = series((2020, 50), (2022, 60))
    kwargs: dict[str, Any] = dict(comparator=">=", target=80, deadline=Y(2025), as_of=dt.date(2023, 6, 30))
    assert assess(base, **kwargs) == assess([*base, Point(Y(year), wild)], **kwargs)
    passed: dict[str, Any] = dict(comparator=">=", target=80, deadline=Y(2021), as_of=dt.date(2023, 6, 30))
    assert assess(base, **passed) == assess([*base, Point(Y(year), wild)], **passed)
    assert assess_direction_only(base, direction=1, as_of=Y(2023)) == assess_direction_only(
        [*base, Point(Y(year), wild)], direction=1, as_of=Y(2023))
    evidence = [(Y(2022), False, "a")]
    assert assess_binary(evidence, deadline=Y(2025), as_of=Y(2023)) == assess_binary(
        [*evidence, (Y(year), wild > 0, "b")], deadline=Y(2025), as_of=Y(2023))


# --- further choices of ducs.method (documented in its docstrings) --------------------------


def test_binary_accepts_evidence_records_and_same_day_no_wins() -> None:
    day = dt.date(2022, 9, 1)
    a = assess_binary([Evidence(day, True, "yes"), Evidence(day, False, "no")], deadline=Y(2022), as_of=Y(2022))
    assert a.status is Status.NOT_MET and a.current == Point(day, 0.0, "no")  # same-day items must all say yes
    b = assess_binary([Evidence(day, True, "x"), (day, True, "y")], deadline=Y(2022), as_of=Y(2022))
    assert b.status is Status.TARGET_MET and b.direction is None and b.explanation.startswith("Target met")


def test_band_mode_needs_no_direction() -> None:
    common: dict[str, Any] = dict(comparator="range", target=65, target_high=70, band=True)
    inside = assess(series((2021, 75), (2022, 67)), deadline=Y(2025), as_of=Y(2022), **common)
    assert (inside.status, inside.score, inside.target_value, inside.direction) == (Status.TARGET_MET, 5.0,
                                                                                    None, None)
    assert inside.delta == approx(1) and inside.ratio is None  # no bound to aim at once inside
    # deadline passed outside the band (72 > 70), back inside later: not_met + met_late
    late = assess(series((2021, 75), (2022, 72), (2023, 68)), deadline=Y(2022), as_of=Y(2023), **common)
    assert (late.status, late.met_late, late.target_value) == (Status.NOT_MET, True, 70)
    assert late.ratio == approx(-(72 / 75 - 1) / abs((70 / 75) ** 1 - 1))  # delta = horizon = 1


def test_negative_series_with_zero_target_uses_negative_epsilon() -> None:
    # -5 (2021) -> -3 (2022), >= 0 by 2025: tau0 2022, taut 2023, tauT 2026 -> delta 1, horizon 4
    a = assess(series((2021, -5), (2022, -3)), comparator=">=", target=0, deadline=Y(2025), as_of=Y(2022))
    cagr_a = (-3 / -5) - 1  # -0.4
    cagr_r = (-0.001 / -5) ** (1 / 4) - 1  # epsilon takes the series' sign: -0.881079
    assert a.substitutions == ("target",) and a.cagr_required == approx(cagr_r) == approx(-0.881079)
    assert a.ratio == approx((-1) * (+1) * cagr_a / abs(cagr_r)) == approx(0.453988)
    assert a.status is Status.INSUFFICIENT and a.progress_share == approx((-3 + 5) / (0 + 5))
    assert "ε = 0.001 replaced the zero target" in a.explanation


def test_trajectory_with_zero_baseline_starts_from_epsilon() -> None:
    a = assess(series((2020, 0), (2022, 20)), comparator=">=", target=50, deadline=Y(2025), as_of=Y(2022))
    # x_hat(taut) = eps * (1 + CAGR_r)^delta = 0.001 * (50 / 0.001)^(2/5); linear = 0 + 50 * 0.4 = 20
    assert a.trajectory_geometric == approx(0.001 * (50 / 0.001) ** 0.4)
    assert a.trajectory_linear == approx(20)
    assert a.on_trajectory is True  # 20 > 0.0759 on the compound path


def test_extrapolation_ratio_only_while_the_baseline_falls_short() -> None:
    slipped = assess(series((2020, 90), (2022, 70)), comparator=">=", target=80, deadline=Y(2025), as_of=Y(2022))
    assert slipped.bau_projection == approx(70 * (70 / 90) ** 1.5)  # (1 + CAGR_a)^3 = (7/9)^(3/2)
    assert slipped.extrapolation_ratio is None and slipped.extrapolation_status is None
    moderate = assess(series((2020, 50), (2022, 55)), comparator=">=", target=80, deadline=Y(2025), as_of=Y(2022))
    q = (55 * 1.1 ** 1.5 - 50) / 30  # BAU = 55 * (1.1^0.5)^3 = 63.45 -> Q = 0.4484
    assert moderate.extrapolation_ratio == approx(q) and moderate.extrapolation_status is Status.MODERATE


def test_growth_overflow_over_days_is_not_assessable() -> None:
    # 0 -> 20000 in one day with a deadline two days later: both growth rates overflow to inf
    a = assess([Point(dt.date(2022, 1, 1), 0), Point(dt.date(2022, 1, 2), 20000)], comparator=">=", target=5e9,
               deadline=dt.date(2022, 1, 3), as_of=dt.date(2022, 1, 2))
    assert (a.status, a.reason, a.ratio) == (Status.NOT_ASSESSABLE, "overflow", None)
    b = assess([Point(dt.date(2022, 1, 1), 0), Point(dt.date(2022, 1, 2), 20000)], comparator=">=", target=5e9,
               deadline=Y(2025), as_of=dt.date(2022, 1, 2))
    # R overflows to +inf: on track, but no field of the result is infinite (R is None, "not computable")
    assert b.ratio is None and b.status is Status.ON_TRACK and b.score == 5.0
    assert "beyond any multiple of the growth needed" in b.explanation


def test_inconsistent_target_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="band"):
        assess(series((2022, 1)), comparator=">=", target=2, band=True, deadline=Y(2025), as_of=Y(2022))
    with pytest.raises(ValueError, match="out of order"):
        assess(series((2022, 1)), comparator="range", target=3, target_high=2, direction=1, deadline=Y(2025),
               as_of=Y(2022))
    with pytest.raises(ValueError, match="epsilon"):
        assess(series((2022, 1)), comparator=">=", target=2, epsilon=0, deadline=Y(2025), as_of=Y(2022))
    with pytest.raises(ValueError, match="non-finite"):
        assess([Point(Y(2022), math.nan)], comparator=">=", target=2, deadline=Y(2025), as_of=Y(2022))
    with pytest.raises(ValueError, match="two observations"):
        assess_direction_only([Point(Y(2022), 1), Point(Y(2022), 2)], direction=1, as_of=Y(2022))


def test_explanations_are_one_sentence_with_the_numbers() -> None:
    missed = assess(series((2021, 68.8), (2022, 74.5)), comparator=">=", target=75, deadline=Y(2022),
                    as_of=Y(2023))
    assert missed.explanation == ("Not met: the deadline 2022-12-31 has passed; the last value by then, 74.5, "
                                  "does not satisfy >= 75: 91% of the way from the baseline 68.8 (2021-12-31).")
    assert missed.progress_share == approx((74.5 - 68.8) / (75 - 68.8)) and missed.score == pytest.approx(-0.403226, abs=1e-6)
    rank = assess(series((2020, 86), (2022, 71)), comparator="rank_within", target=50, deadline=Y(2025),
                  as_of=Y(2022))
    assert "reach rank <= 50 by 2025-12-31" in rank.explanation
    single = assess(series((2022, 70)), comparator=">=", target=80, deadline=Y(2025), as_of=Y(2022))
    assert single.explanation.startswith("Not assessable: only one usable observation, 70 (2022-12-31)")


def test_aggregate_profile_and_helpers() -> None:
    none = assess([], comparator=">=", target=1, deadline=Y(2025), as_of=Y(2022))
    agg = aggregate([_on(), none], profile="opensdg")
    assert agg.profile is Profile.OPENSDG and agg.n_assessed == 1 and agg.score == agg.mean_score
    assert (agg.count(Status.ON_TRACK), agg.count(Status.NOT_ASSESSABLE), agg.count(Status.NOT_MET)) == (1, 1, 0)
    hash(agg)  # frozen and hashable: counts are a tuple of pairs


def test_future_points_change_nothing_for_every_method() -> None:
    base = series((2020, 75), (2022, 72))
    for wild in (-1e9, -1.0, 0.0, 67.0, 1e9):
        more = [*base, Point(Y(2024), wild)]
        for kwargs in (
            dict(comparator="range", target=65, target_high=70, band=True, deadline=Y(2025), as_of=Y(2023)),
            dict(comparator="rank_within", target=50, deadline=Y(2025), as_of=Y(2023)),
            dict(comparator="<=", target=0, deadline=Y(2021), as_of=Y(2023)),
        ):
            assert assess(base, **kwargs) == assess(more, **kwargs)  # type: ignore[arg-type]
        assert assess_direction_only(base, direction=-1, as_of=Y(2023), limit=0) == assess_direction_only(
            more, direction=-1, as_of=Y(2023), limit=0)


# --- two tenses: a verdict after the deadline, a trend before it ------------------------------


def test_missed_deadline_is_not_met_and_scores_below_a_met_target() -> None:
    # fibre 2022: 68.8 (2021) -> 74.5 (2022) against >= 75 by 2022; P = 5.7 / 6.2 = 0.919355
    missed = assess(series((2021, 68.8), (2022, 74.5)), comparator=">=", target=75, deadline=Y(2022), as_of=Y(2023))
    met = assess(series((2021, 68.8), (2022, 75.2)), comparator=">=", target=75, deadline=Y(2022), as_of=Y(2023))
    assert (missed.status, missed.tense, missed.deadline_passed) == (Status.NOT_MET, Tense.RETROSPECTIVE, True)
    assert missed.score == approx(-5 + 5 * 5.7 / 6.2) == pytest.approx(-0.403226, abs=1e-6)
    assert met.status is Status.TARGET_MET and met.score == 5.0
    assert missed.score < met.score
    # even a near miss with a fast trend (R > 1) stays below every met target
    near = assess(series((2021, 10), (2022, 74.99)), comparator=">=", target=75, deadline=Y(2022), as_of=Y(2023))
    assert near.ratio is not None and near.ratio > 0.99 and near.score is not None and near.score < 0
    assert "99% of the way" in near.explanation


@given(st.lists(st.tuples(st.integers(2018, 2026), st.floats(0, 100, allow_nan=False)), max_size=6,
                unique_by=lambda pair: pair[0]),
       st.integers(2019, 2026), st.integers(0, 3))
def test_no_forward_looking_status_on_or_after_the_deadline(points, deadline_year, years_after) -> None:
    as_of = Y(deadline_year + years_after)
    result = assess(series(*points), comparator=">=", target=80, deadline=Y(deadline_year), as_of=as_of)
    assert not result.status.is_forward_looking
    assert result.tense is Tense.RETROSPECTIVE and result.deadline_passed is True


def test_retrospective_groups_give_verdicts_not_trends() -> None:
    met = assess(series((2021, 70), (2022, 80)), comparator=">=", target=75, deadline=Y(2022), as_of=Y(2023))
    missed = assess(series((2021, 70), (2022, 72)), comparator=">=", target=75, deadline=Y(2022), as_of=Y(2023))
    none = assess([], comparator=">=", target=75, deadline=Y(2022), as_of=Y(2023))
    assert aggregate([met, met]).status is Status.TARGET_MET
    both = aggregate([met, missed])  # mean (5 + -3) / 2 = 1.0 would read "moderate": it is a verdict
    assert both.status is Status.PARTLY_MET and both.tense is Tense.RETROSPECTIVE
    assert both.mean_score == approx((5 + (-5 + 5 * 2 / 5)) / 2)
    assert aggregate([missed, missed, none]).status is Status.NOT_MET
    assert aggregate([met, none, none]).status is Status.INSUFFICIENT_EVIDENCE
    assert "evidence for 1 of 3 (33%)" in aggregate([met, none, none]).summary()


def test_direction_only_results_have_no_deadline_and_carry_c() -> None:
    a = assess_direction_only(series((2020, 50), (2022, 60)), direction=1, as_of=Y(2023), limit=100)
    assert a.deadline_passed is None and a.tense is None
    assert a.limit_scale == approx(limit_scale(50, 100))
