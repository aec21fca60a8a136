"""The bundled evidence: every fix of the data audit holds, measures stay apart, coverage is what it says."""

from __future__ import annotations

import pendulum

from ducs.vocab import Direction, Match, MilestoneKind, ProvinceKind, Status


def test_enterprise_count_cites_the_page_that_gives_it_not_document_003(ds) -> None:
    obs = ds.observations.get("ncdt2-tech-enterprises-feb")
    assert obs.value == 65329
    assert [ref.source.id for ref in obs.sources if ref.source.id.startswith("003_")] == []
    assert any("baothuathienhue" in (ref.source.url or "") for ref in obs.sources)


def test_the_h1_2024_estimate_cites_only_pages_that_give_18_3(ds) -> None:
    obs = ds.observations.get("ncdt9-digital-economy-gdp-h1-2024")
    urls = [ref.source.url or "" for ref in obs.sources]
    assert obs.value == 18.3 and not any("nld.com.vn" in url for url in urls)
    assert "18.5%" in obs.disagreement  # the other figure is kept as a disagreement, not as a citation


def test_level4_statement_of_document_000_is_part_of_the_session_record(ds) -> None:
    session = ds.sessions.get(2)
    assert any("level-4 online public services" in text for text in session.discussion)
    assert any(str(ref) == "000_352dfded16563b3a.txt#¶2" for ref in session.sources)


def test_three_pillars_and_dt_day_are_typed_fields_of_their_documents(ds) -> None:
    programme = ds.documents.get("749/QĐ-TTg")
    assert [p.value for p in programme.pillars] == ["digital_government", "digital_economy", "digital_society"]
    assert programme.sources
    dt_day = ds.documents.get("505/QĐ-TTg").observed_day
    assert (dt_day.month, dt_day.day, str(dt_day)) == (10, 10, "10/10")


def test_provincial_officials_events_and_targets_are_records(ds) -> None:
    ha_giang = ds.provinces.get("02@2008")
    chair = next(o for o in ha_giang.officials if "Chairman" in o.post)
    assert chair.name == "Nguyễn Văn Sơn" and chair.seen is None  # document 002 is undated
    assert "Nguyễn Văn Sơn" not in ha_giang.note
    target = ds.targets.get("hagiang_mobile_village_coverage")
    assert target.scope.province is ha_giang and target.deadline is None and target.value == 100
    assert target.progress().reason == "no_deadline"
    quang_tri = ds.provinces.get("45@2008")
    assert [(e.date, "training course" in e.description) for e in quang_tri.events] == [
        (pendulum.date(2022, 9, 16), True)]
    assert [o.name for o in quang_tri.officials] == ["Hoàng Nam"]


def test_indicators_that_state_facts_cite_them(ds) -> None:
    for indicator in ds.indicators:
        if "DTI" in indicator.description:  # the index's structure, editions and release dates
            assert indicator.sources, indicator.key
    assert "dti.gov.vn" in " ".join(ref.source.url or "" for ref in ds.indicators.get("dti_score").sources)


def test_no_observation_is_reported_after_the_cutoff(ds) -> None:
    assert not [o.key for o in ds.observations if o.key.startswith("gsc-review-2025-12")]
    for obs in ds.observations:
        if obs.session is not None:
            assert obs.session.date <= ds.cutoff, obs.key


def test_hue_became_a_centrally_run_city_within_the_2008_era(ds) -> None:
    hue = ds.provinces.get("Thừa Thiên Huế", as_of="2024-06-30")
    assert hue.era == 2008
    assert hue.kind_on("2024-12-31") is ProvinceKind.PROVINCE
    assert hue.kind_on("2025-01-01") is ProvinceKind.MUNICIPALITY
    assert [c.since for c in hue.kind_changes] == [pendulum.date(2025, 1, 1)]


def test_descriptive_counts_are_neutral_and_never_assessed(ds, tmp_path) -> None:
    for key in ("district_level_units_count", "plan_tasks_2022_count", "session_connected_provinces_count"):
        assert ds.indicators.get(key).direction is Direction.NEUTRAL
    assert not [t for t in ds.targets if t.indicator.direction is Direction.NEUTRAL]
    from tests.helpers import GOOD, problems_of, write

    neutral = GOOD["indicators.toml"].replace('direction = "higher"', 'direction = "neutral"')
    problems = problems_of(write(tmp_path, {**GOOD, "indicators.toml": neutral}))
    assert any("descriptive measure" in p and "targets.toml$.target[0].indicator" in p for p in problems)


def test_an_unknown_deadline_stays_unknown(ds) -> None:
    target = ds.targets.get("digital_university_pilot_count")
    assert target.deadline is None
    result = target.progress()
    assert (result.status, result.reason) == (Status.NOT_ASSESSABLE, "no_deadline")
    assert "unknown deadline" in target.describe()


def test_groups_at_a_connection_point_are_not_counted_as_people(ds) -> None:
    points = [p for s in ds.all_sessions for p in s.connection_points]
    assert all(not person.name.startswith(("leaders", "members")) for p in points for person in p.attendees)
    ha_giang = next(p for p in ds.sessions.get(2).connection_points if p.place == "Hà Giang")
    assert [a.name for a in ha_giang.attendees] == ["Hà Thị Minh Hạnh"]
    assert ha_giang.groups == ("leaders of provincial departments and agencies",)


# --- measures ------------------------------------------------------------------------------------


def test_every_target_states_the_measure_it_is_judged_by(ds) -> None:
    for target in ds.targets:
        assert target.measure is target.indicator
        assert target.measure.description or target.measure.measure, target.key


def test_no_series_mixes_two_measures(ds) -> None:
    """Scan every series: exact figures are of the target's indicator, proxies of another one,
    and indicators sharing a concept each state a distinct measure."""
    for obs in ds.observations:
        if obs.target is None:
            continue
        target = ds.targets.get(obs.target)
        if obs.match is Match.EXACT:
            assert obs.indicator is target.indicator, obs.key
        if obs.match is Match.PROXY:
            assert obs.indicator is not target.indicator, obs.key
    concepts: dict[str, set[str]] = {}
    for indicator in ds.indicators:
        if indicator.concept:
            assert indicator.measure, indicator.key
            assert indicator.measure not in concepts.setdefault(indicator.concept, set()), indicator.key
            concepts[indicator.concept].add(indicator.measure)
    assert len(concepts["digital_economy_gdp_share"]) == 2


def test_official_statistic_and_ministry_estimate_are_two_series(ds) -> None:
    official = ds.indicators.get("digital_economy_gdp_share_gso").observations()
    estimate = ds.indicators.get("digital_economy_gdp_share_mic_estimate").observations()
    assert {str(o.period): o.value for o in official}["2024"] == 13.17
    assert {str(o.period): o.value for o in estimate}["2024"] == 18.3
    for key in ("n749_digital_economy_gdp_share", "n411_digital_economy_gdp_share", "2023-digital_economy_gdp_share"):
        assert ds.targets.get(key).measure.key == "digital_economy_gdp_share_gso"


def test_milestones_say_whether_they_are_an_outcome_or_a_step(ds) -> None:
    kinds = {m.kind for m in ds.milestones}
    assert kinds == {MilestoneKind.OUTCOME, MilestoneKind.STEP}
    launch = ds.milestones.get("ev-task-t11-cadres-database-launched")
    assert launch.kind is MilestoneKind.OUTCOME and launch.task.key == "2022-T11"
    assert ds.tasks.get("2022-T11").progress().status is Status.TARGET_MET


def test_a_bad_day_of_year_is_refused(tmp_path) -> None:
    from tests.helpers import GOOD, problems_of, write

    provinces = GOOD["provinces.toml"].replace(
        'successor = "15@2025"', 'successor = "15@2025"\ndt_day = { month = 13, day = 45, since = 2022, sources = ["doc.txt"] }')
    problems = problems_of(write(tmp_path, {**GOOD, "provinces.toml": provinces}))
    assert any("province[0].dt_day" in p and "real day of the year" in p for p in problems)
