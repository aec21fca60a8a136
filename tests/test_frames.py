"""Frames with honest types: one missing-value convention, integers as integers, vocabularies as
categories (polars Enum), dates as dates, an era beside every province, and a DTI frame that
never mixes the 63-unit and 34-unit rankings."""

from __future__ import annotations

import datetime as dt

import pytest

import ducs
from ducs import frames

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

PANDAS = {frames.INT: "Int64", frames.FLOAT: "Float64", frames.BOOL: "boolean", frames.STR: "string",
          frames.DATE: "date32[day][pyarrow]"}
POLARS = {frames.INT: "Int64", frames.FLOAT: "Float64", frames.BOOL: "Boolean", frames.STR: "String",
          frames.DATE: "Date"}


@pytest.mark.parametrize("kind", frames.FRAME_KINDS)
def test_pandas_columns_follow_the_schema(ds, kind: str) -> None:  # type: ignore[no-untyped-def]
    frame = ds.frame(kind)
    schema = frames.schema_of(kind)
    assert list(frame.columns) == list(schema)
    for column, kind_of in schema.items():
        dtype = frame[column].dtype
        if isinstance(kind_of, tuple):
            assert isinstance(dtype, pd.CategoricalDtype) and list(dtype.categories) == list(kind_of), column
        else:
            assert str(dtype) == PANDAS[kind_of], (column, str(dtype))


@pytest.mark.parametrize("kind", frames.FRAME_KINDS)
def test_polars_columns_follow_the_schema(ds, kind: str) -> None:  # type: ignore[no-untyped-def]
    frame = ds.frame(kind, engine="polars")
    for column, kind_of in frames.schema_of(kind).items():
        dtype = frame.schema[column]
        if isinstance(kind_of, tuple):
            assert dtype == pl.Enum(list(kind_of)), column
        else:
            assert str(dtype) == POLARS[kind_of], (column, str(dtype))


@pytest.mark.parametrize("kind", frames.FRAME_KINDS)
def test_one_missing_value_convention(ds, kind: str) -> None:  # type: ignore[no-untyped-def]
    """No NaN, NaT or None hides in a frame: every missing cell is pd.NA (isna agrees)."""
    frame = ds.frame(kind)
    for column in frame.columns:
        series = frame[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = series.astype(series.dtype.categories.dtype)
        missing = [value for value in series if value is None or (value is not pd.NA and pd.isna(value))]
        assert missing == [], column


def test_whole_numbers_are_integers_and_dates_are_dates(ds) -> None:  # type: ignore[no-untyped-def]
    sessions = ds.frame("sessions")
    assert sessions.loc[sessions["key"] == "ncdt-2", "number"].iloc[0] == 2
    assert sessions.loc[sessions["key"] == "ncdt-2", "date"].iloc[0] == dt.date(2022, 4, 27)
    assert sessions["number"].isna().sum() == sum(1 for s in ds.sessions if s.number is None)
    assert ds.frame("plans")["year"].tolist() == [p.year for p in ds.plans]
    obs = ds.frame("observations")
    assert str(obs["value"].dtype) == "Float64" and str(obs["denominator"].dtype) == "Int64"
    share = obs[obs["key"] == "doc003-laocai-portal-share"].iloc[0]
    assert (share["value"], share["province"], share["era"], share["source"]) == (
        81.7, "Lào Cai", 2008, "003_f6b367151ac29e37.txt")
    assert share["period_end"] == dt.date(2022, 4, 27)
    provinces = ds.frame("provinces")
    assert provinces.loc[provinces["key"] == "02@2008", "code"].iloc[0] == "02"
    assert provinces.loc[provinces["key"] == "02@2008", "successor"].iloc[0] == "08@2025"


def test_vocabularies_are_categories_with_every_value(ds) -> None:  # type: ignore[no-untyped-def]
    obs = ds.frame("observations")
    assert list(obs["pillar"].cat.categories) == [p.value for p in ducs.Pillar]
    progress = ds.plans.get(2022).progress().frame()
    assert list(progress["task_status"].cat.categories) == [s.value for s in ducs.Status]
    assert progress["task_status"].value_counts().index.tolist()  # groupby-ready


def test_province_rows_carry_their_era(ds) -> None:  # type: ignore[no-untyped-def]
    obs = ds.frame("observations")
    province_rows = obs[obs["scope"] == "province"]
    assert province_rows["era"].notna().all() and set(province_rows["era"]) == {2008, 2025}
    assert obs.loc[obs["scope"] == "national", "era"].isna().all()
    targets = ds.frame("targets")
    assert targets.loc[targets["scope"] == "province", "era"].notna().all()


def test_sessions_frame_agrees_with_ds_sessions(ds) -> None:  # type: ignore[no-untyped-def]
    assert ds.frame("sessions")["key"].tolist() == [s.key for s in ds.sessions]
    everything = ds.frame("all_sessions")
    assert everything["key"].tolist() == [s.key for s in ds.all_sessions]
    assert set(everything["committee"]) == {c.key for c in ds.committees}


def test_frames_for_indicators_sources_targets_plans(ds) -> None:  # type: ignore[no-untyped-def]
    for kind, collection in (("indicators", ds.indicators), ("sources", ds.sources), ("targets", ds.targets),
                             ("plans", ds.plans), ("milestones", ds.milestones), ("documents", ds.documents)):
        assert len(ds.frame(kind)) == len(collection), kind
    sources = ds.frame("sources")
    assert sources["url"].isna().sum() == sum(1 for s in ds.sources if s.url is None)
    indicators = ds.frame("indicators").set_index("key")
    assert indicators.loc["dti_rank", "direction"] == "lower_is_better"
    with pytest.raises(ducs.NotFoundError, match="all_sessions"):
        ds.frame("nope")


def test_the_obvious_pivot_no_longer_mixes_eras(ds) -> None:  # type: ignore[no-untyped-def]
    obs = ds.frame("observations")
    ranks = obs[(obs["indicator"] == "dti_rank") & (obs["period"] == "2024")]
    by_unit = ranks.pivot_table(index=["province", "era"], values="value", aggfunc="count", observed=True)
    assert by_unit["value"].max() == 1  # one rank per unit of an era: nothing to average
    hanoi = ranks[ranks["province"] == "Hà Nội"].set_index("era")
    assert (hanoi.loc[2008, "value"], hanoi.loc[2008, "denominator"]) == (4.0, 63)
    assert (hanoi.loc[2025, "value"], hanoi.loc[2025, "denominator"]) == (1.0, 34)


@pytest.mark.parametrize("era,units", [(2008, 63), (2025, 34)])
def test_dti_frame_holds_one_ranking(ds, era: int, units: int) -> None:  # type: ignore[no-untyped-def]
    dti = frames.dti_frame(ds, era=era)
    assert set(dti["era"]) == {era} and set(dti["rank_of"].dropna()) == {units}
    assert str(dti["dti_rank"].dtype) == "Int64" and str(dti["year"].dtype) == "Int64"
    assert not dti.duplicated(["province_key", "year"]).any()
    long = frames.dti_frame(ds, era=era, wide=False, engine="polars")
    assert set(long["era"].to_list()) == {era}


def test_dti_rows_refuse_a_rank_among_another_number_of_units(ds, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(frames, "_eras", lambda _ds: {2008: 62, 2025: 34})
    with pytest.raises(ValueError, match="never mixed"):
        frames.dti_rows(ds, era=2008)
    with pytest.raises(ducs.NotFoundError, match="2008, 2025"):
        frames.dti_rows(ds, era=1999)
