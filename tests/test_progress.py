"""Progress on the real data: targets, tasks, the 2022 plan, roll-ups and comparisons."""

from __future__ import annotations

import pendulum
import pytest

import ducs
from ducs.vocab import Pillar, Profile, Status, Tense


def test_default_as_of_is_the_recorded_cutoff(ds) -> None:
    result = ds.targets.get("fibre_household_share").progress()
    assert result.as_of == ds.cutoff == pendulum.date(2025, 11, 30)


def test_fibre_target_missed_then_met_late(ds) -> None:
    result = ds.targets.get("fibre_household_share").progress()
    # window ends at the 2022 deadline: 65 (2021) -> 74.5 (2022-12) < 75; 78.3 in 2023-08 meets it.
    assert result.status is Status.NOT_MET and result.assessment.met_late
    assert (result.baseline.value, result.current.value) == (65.0, 74.5)
    # a verdict, scored by the share achieved: (74.5 - 65) / (75 - 65) = 95 % of the way
    assert result.tense is Tense.RETROSPECTIVE and result.achieved_share == pytest.approx(0.95)
    assert result.assessment.score == pytest.approx(-0.25) and "95% of the way" in result.explanation
    assert "sggpnews" in " ".join(result.evidence)
    assert result.profile is Profile.UNSD


def test_proxy_is_shown_but_never_used(ds) -> None:
    result = ds.targets.get("smartphone_population_share").progress()
    assert result.status is Status.NOT_ASSESSABLE and result.assessment.reason == "no_observation"
    assert {p.indicator.key for p in result.proxies} >= {"smartphone_subscription_share", "smartphone_adult_share"}
    assert "not used" in str(result)


def test_no_status_uses_an_observation_after_as_of(ds) -> None:
    for target in ds.targets:
        for as_of in ("2022-04-30", "2022-12-31", "2023-12-31"):
            result = target.progress(as_of=as_of)
            for point in (result.assessment.baseline, result.assessment.current):
                assert point is None or point.end <= pendulum.parse(as_of).date()


def test_profiles_are_selectable_and_recorded(ds) -> None:
    target = ds.targets.get("n411_digital_economy_gdp_share")
    unsd, opensdg = target.progress(profile="unsd"), target.progress(profile=Profile.OPENSDG)
    assert (unsd.profile, opensdg.profile) == (Profile.UNSD, Profile.OPENSDG)
    # judged on the official statistic: 12.66 % (2020) -> 13.17 % (2024, an estimate) toward >= 20 % by
    # 2025: tau0 = 2021, taut = 2025, tauT = 2026
    expected = ((13.17 / 12.66) ** (1 / 4) - 1) / ((20 / 12.66) ** (1 / 5) - 1)
    assert unsd.assessment.ratio == pytest.approx(expected) == pytest.approx(0.103607, abs=1e-6)
    assert unsd.status is Status.INSUFFICIENT and opensdg.status is Status.INSUFFICIENT
    assert unsd.measure.key == "digital_economy_gdp_share_gso"
    # the ministry's estimate is another measure: shown beside the target, never used for it
    assert {p.indicator.key for p in unsd.proxies} == {"digital_economy_gdp_share_mic_estimate"}


def test_plan_2022_progress_has_all_18_tasks_and_depends_on_as_of(ds) -> None:
    plan = ds.plans.get(2022)
    later, early = plan.progress(), plan.progress(as_of="2022-04-30")
    assert len(later) == len(early) == 18
    assert [t.status for t in later] != [t.status for t in early]
    first = {t.task.number: t for t in later}
    assert first[1].status is Status.NOT_MET  # only assessed target (fibre) missed its deadline
    assert first[7].status is Status.TARGET_MET  # e-invoices: 100 % by mid-2022
    # before the deadline, a trend: fibre 65 (2021) -> 68.8 (2022-03) is fast enough for 75 by 2022
    assert {t.task.number: t for t in early}[1].status is Status.ON_TRACK
    text = str(later)
    assert "identified tasks lacking evidence" in text and "einvoice_enterprise_share: target_met" in text
    assert later.lacking_evidence and all(not t.has_evidence for t in later if t.task in later.lacking_evidence)
    assert 0 < later.evidence_share < 1
    assert sum(later.counts().values()) == 18 + len(later.unattached) == 26
    assert len(later.targets) == len(plan.targets)


def test_no_evidence_is_kept_apart_from_not_met(ds) -> None:
    result = ds.plans.get(2022).progress()
    unknown_tasks = [t for t in result if t.task.number is None and t.task.title_en is None]
    assert len(unknown_tasks) == 4
    assert all(t.status is Status.NOT_ASSESSABLE and t.reason == "no_evidence" for t in unknown_tasks)
    counts = result.counts()
    assert counts[Status.NOT_MET] >= 1 and counts[Status.NOT_ASSESSABLE] >= 4


def test_pillar_selection(ds) -> None:
    economy = ds.plans.get(2022).progress().select(pillar="digital_economy")
    assert economy.tasks and all(t.task.pillar is Pillar.DIGITAL_ECONOMY for t in economy)


def test_rollups_group_every_target_by_pillar_and_by_scope(ds) -> None:
    pillars = ds.pillar_rollup(plan=2022)
    assert Pillar.DIGITAL_GOVERNMENT in pillars and pillars[Pillar.DIGITAL_GOVERNMENT].n_members >= 5
    scopes = ds.scope_rollup()
    assert "national" in scopes


def test_compare_provinces_with_ties_and_missing_values(ds) -> None:
    rows = ds.compare(["Thanh Hóa", "Yên Bái", "Hà Giang", "Hải Phòng"], "dti_rank", as_of="2023-06-30")
    # DTI 2022: Thanh Hóa and Yên Bái share rank 15; Hải Phòng 14; Hà Giang 57.
    assert [(r.province.name_vi, r.rank, r.value) for r in rows] == [
        ("Hải Phòng", 1, 14.0), ("Thanh Hóa", 2, 15.0), ("Yên Bái", 2, 15.0), ("Hà Giang", 4, 57.0)]
    missing = ds.compare(["Hà Giang", "Đà Nẵng"], "dti_score", as_of="2023-12-31")
    assert [(r.province.name_vi, r.rank) for r in missing] == [("Đà Nẵng", 1), ("Hà Giang", None)]
    assert ds.compare(["Lào Cai"], "dti_rank", as_of="2022-06-30")[0].rank is None  # DTI 2022 not yet visible


def test_hand_made_record_has_no_dataset() -> None:
    from ducs.errors import DucsError
    from ducs.model import Indicator
    from ducs.vocab import Direction

    lonely = Indicator("x", None, "X", "percent", Pillar.DIGITAL_ECONOMY, Direction.HIGHER_IS_BETTER)
    with pytest.raises(DucsError, match="not loaded"):
        lonely.observations()


def test_task_with_milestones_only(tmp_path) -> None:
    """A task without numeric targets is judged on dated yes/no evidence, as of a date."""
    from tests.helpers import GOOD, write

    files = {
        **GOOD,
        "plans.toml": """
[[plan]]
key = "p"
year = 2022
title_vi = "Kế hoạch"
title_en = "Plan"
tasks_declared = 1
sources = ["doc.txt"]
""",
        "tasks.toml": """
[[task]]
key = "t1"
plan = 2022
number = 1
title_vi = "unknown"
title_en = "Put a database into operation"
lead_agency = "unknown"
pillar = "digital_government"
sources = ["doc.txt"]
""",
        "milestones.toml": """
[[milestone]]
key = "m0"
task = "t1"
date = 2022-02-01
achieved = true
kind = "step"
description = "Decree on the database issued"
sources = ["doc.txt"]

[[milestone]]
key = "m1"
task = "t1"
date = 2022-03-01
achieved = false
kind = "outcome"
description = "Not yet in operation"
sources = ["doc.txt"]

[[milestone]]
key = "m2"
task = "t1"
date = 2022-10-01
achieved = true
kind = "outcome"
description = "Put into operation"
sources = ["undated.txt"]
""",
    }
    ds = ducs.load(write(tmp_path, files))
    plan = ds.plans.get(2022)
    assert plan.progress(as_of="2022-01-01").tasks[0].reason == "no_evidence"
    step_only = plan.progress(as_of="2022-02-15").tasks[0]  # a step is activity, not the outcome
    assert (step_only.status, step_only.reason, step_only.has_evidence) == (Status.NOT_ASSESSABLE, "steps_only", True)
    assert [m.key for m in step_only.steps] == ["m0"] and step_only.milestones == ()
    assert plan.progress(as_of="2022-06-30").tasks[0].status is Status.NOT_MET
    done = plan.progress(as_of="2022-12-31").tasks[0]
    assert done.status is Status.TARGET_MET and done.has_evidence and "undated.txt" in done.evidence


# --- honest headlines ---------------------------------------------------------------------------


def test_pillar_views_agree(ds) -> None:
    """Text, pillar_rollup, frames and JSON file every item under the same pillar, with one label."""
    result = ds.plans.get(2022).progress()
    rollup = ds.pillar_rollup(plan=2022)
    groups = {group.name: group for group in result.by_pillar}
    assert {name: agg.status for name, agg in rollup.items()} == {n: g.status for n, g in groups.items()}
    text = str(result)
    for name, group in groups.items():
        assert f"  {name}: {group.summary()}" in text
    frame = result.frame()
    frame_pillars = set(frame["pillar"].astype("string").fillna("not identified"))
    assert frame_pillars == set(groups)
    for target in result.unattached:
        assert target.target.pillar.value in groups
    # a target listed by a task takes the task's pillar, in the rollup over all targets too
    smartphone = ds.targets.get("smartphone_population_share")
    assert smartphone.pillar is ds.tasks.get("2022-T01").pillar
    assert smartphone.indicator.pillar is not smartphone.pillar


def test_every_plan_target_counts_in_the_headline(ds) -> None:
    result = ds.plans.get(2022).progress()
    in_tasks = {t.key for task in ds.plans.get(2022).tasks for t in task.targets}
    assert {t.target.key for t in result.unattached} == {t.key for t in ds.plans.get(2022).targets} - in_tasks
    assert result.overall.aggregate.n_members == len(result.tasks) + len(result.unattached) == 26
    missed_outside = [t for t in result.unattached if t.status is Status.NOT_MET]
    assert missed_outside and result.overall.aggregate.count(Status.NOT_MET) >= len(missed_outside)


def test_plan_headline_as_of_the_cutoff_is_retrospective_with_its_coverage(ds) -> None:
    result = ds.plans.get(2022).progress()
    assert not result.status.is_forward_looking
    assert result.overall.aggregate.tense is Tense.RETROSPECTIVE
    line = result.headline()
    assert line.startswith("2022 plan as of 2025-11-30: ") and "(retrospective) — evidence for 9 of 26" in line
    # no result dated on or after its deadline carries a forward-looking status
    for target in result.targets:
        if target.deadline_passed:
            assert not target.status.is_forward_looking, target.target.key
    for task in result.tasks:
        assert not task.status.is_forward_looking, task.task.key


def test_text_html_json_and_frame_say_the_same_headline(ds, capsys) -> None:
    import json

    from ducs.cli import main

    result = ds.plans.get(2022).progress()
    assert f"headline: {result.overall.summary()}" in str(result)
    assert result.overall.summary() in result._repr_html_()
    assert set(result.frame()["plan_status"]) == {result.status.value}
    assert main(["progress", "2022", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["headline"] == result.headline()
    assert data["overall"]["aggregate"]["status"] == result.status.value
    assert data["overall"]["coverage"] == pytest.approx(9 / 26)


PLAN_FILES = {
    "plans.toml": """
[[plan]]
key = "p"
year = 2022
title_vi = "Kế hoạch"
title_en = "Plan"
tasks_declared = 3
sources = ["doc.txt"]
""",
    "targets.toml": """
[[target]]
key = "t1"
indicator = "services_share"
comparator = ">="
value = 80
deadline = "2022"
title_en = "80% of services integrated in Lào Cai by 2022"
scope = "province:10@2008"
plan = 2022
sources = ["doc.txt"]
""",
    "tasks.toml": """
[[task]]
key = "k1"
plan = 2022
number = 1
title_vi = "Nhiệm vụ 1"
title_en = "Task one"
lead_agency = "unknown"
pillar = "digital_government"
targets = ["t1"]
sources = ["doc.txt"]

[[task]]
key = "k2"
plan = 2022
number = 2
title_vi = "Nhiệm vụ 2"
title_en = "Task two"
lead_agency = "unknown"
pillar = "digital_government"
sources = ["doc.txt"]

[[task]]
key = "k3"
plan = 2022
number = 3
title_vi = "Nhiệm vụ 3"
title_en = "Task three"
lead_agency = "unknown"
pillar = "digital_economy"
sources = ["doc.txt"]
""",
}


def test_plan_with_evidence_for_less_than_half_its_tasks_says_insufficient_evidence(tmp_path) -> None:
    from tests.helpers import GOOD, write

    ds = ducs.load(write(tmp_path, {**GOOD, **PLAN_FILES}))
    result = ds.plans.get(2022).progress(as_of="2023-01-31")
    # one task of three has evidence: t1 went from 60 (2021) to 81.7 (2022-04-27), met
    assert [t.status for t in result.tasks] == [Status.TARGET_MET, Status.NOT_ASSESSABLE, Status.NOT_ASSESSABLE]
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert result.overall.coverage == pytest.approx(1 / 3)
    assert "insufficient evidence (retrospective) — evidence for 1 of 3 (33%)" in result.headline()
