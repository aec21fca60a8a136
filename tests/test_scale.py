"""Progress at scale: each series is sorted once per dataset and cut by bisection."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from benchmarks.synthetic import progress_dataset

import ducs
from ducs import method, progress


def test_a_target_series_is_its_indicator_for_its_scope_oldest_first(ds: ducs.Dataset) -> None:
    for target in ds.targets:
        expected = [obs for obs in target.indicator.observations() if obs.scope == target.scope]
        assert target.observations() == expected, target.key


def test_the_series_index_is_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[int] = []
    real = progress.Series.of.__func__  # type: ignore[attr-defined]

    def counting(cls: type[progress.Series], observations: object) -> progress.Series:
        built.append(1)
        return real(cls, observations)

    monkeypatch.setattr(progress.Series, "of", classmethod(counting))
    ds, _ = progress_dataset(200)
    for target in ds.targets:
        target.progress()
        target.progress(as_of="2020-06-30")
    assert len(built) == 200  # one per series, however many questions


@pytest.mark.parametrize("day", ["2016-12-31", "2020-06-30", "2024-12-30", "2024-12-31"])
def test_the_cut_is_the_as_of_rule(ds: ducs.Dataset, day: str) -> None:
    as_of = pendulum.parse(day).date()  # type: ignore[union-attr]
    for target in ds.targets:
        series = target.series()
        cut = series.cut(as_of)
        assert all(obs.period.ended_by(as_of) for obs in series.observations[:cut])
        assert not any(obs.period.ended_by(as_of) for obs in series.observations[cut:])


def test_progress_of_many_targets_is_the_method_on_the_same_numbers() -> None:
    ds, plain = progress_dataset(300)
    day = dt.date(ds.cutoff.year, ds.cutoff.month, ds.cutoff.day)
    for target, numbers in zip(ds.targets, plain, strict=True):
        ours = ds.target_progress(target)
        bare = method.assess([method.Point(end, value) for end, value in numbers["series"]], comparator=">=",
                             target=numbers["target"], deadline=numbers["deadline"], as_of=day)
        assert (ours.status, ours.assessment.ratio, ours.assessment.score) == (bare.status, bare.ratio, bare.score)
        assert ours.current is not None and ours.current.value == bare.current.value  # type: ignore[union-attr]


def test_observations_beside_targets_are_gathered_once_per_measure(monkeypatch: pytest.MonkeyPatch) -> None:
    # 400 targets on 100 indicators: asking every target must not ask every sibling each time
    ds, _ = progress_dataset(400)
    asked: list[str] = []
    real = ducs.Dataset.targets_of

    def counting(self: ducs.Dataset, **named: object) -> object:
        asked.append(named["indicator"].key)  # type: ignore[attr-defined]
        return real(self, **named)  # type: ignore[arg-type]

    monkeypatch.setattr(ducs.Dataset, "targets_of", counting)
    for target in ds.targets:
        target.progress()
        target.progress(as_of="2020-06-30")
    assert sorted(asked) == sorted({target.indicator.key for target in ds.targets})  # once per indicator


def test_a_proxy_reported_against_one_target_is_shown_beside_its_siblings(ds: ducs.Dataset) -> None:
    for target in ds.targets:
        siblings = ds.targets_of(indicator=target.indicator)
        expected = [obs for obs in ds.observations if obs.target in {s.key for s in siblings}]
        assert sorted(o.key for o in target.reported_against()) == sorted(o.key for o in expected), target.key
