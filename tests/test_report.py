"""The text report: every section from the bundled data, with real values."""

from __future__ import annotations

from ducs import report


def test_overview_opens_with_the_dataset_and_committee(ds) -> None:
    lines = report.overview(ds).splitlines()
    assert lines[0].startswith("ducs — ") and "cut-off 2025-11-30" in lines[0]
    assert lines[2] == "National Committee on Digital Transformation — Ủy ban Quốc gia về chuyển đổi số"
    assert "  chair: Phạm Minh Chính (Prime Minister; chair of the committee)" in lines


def test_session_rows_give_number_date_time_format_review(ds) -> None:
    assert report.session_rows([ds.sessions.get(2)])[0][:5] == [2, "2022-04-27", "morning", "hybrid", "2022-Q1"]


def test_task_rows_list_the_18_tasks_of_2022(ds) -> None:
    rows = report.task_rows(ds, 2022)
    assert len(rows) == 18 and rows[6][:2] == [7, "Phổ cập hóa đơn điện tử"]


def test_committee_section_names_the_successor(ds) -> None:
    section = report.committee_section(ds)
    assert section["founded"] == "2021-09-24" and section["successor"] is not None


def test_custom_table_renderer_is_used_for_every_table(ds) -> None:
    seen: list[tuple[str, ...]] = []

    def renderer(headers, rows):  # type: ignore[no-untyped-def]
        seen.append(tuple(headers))
        return "<table>"

    report.overview(ds, table=renderer)
    assert tuple(report.SESSION_HEADERS) in seen and tuple(report.SOURCE_HEADERS) in seen


def test_report_shows_coverage_per_pillar_and_what_is_missing(ds) -> None:
    text = report.overview(ds)
    cover = report.coverage(ds)
    assert f"{cover['targets_with_own_evidence']} of {cover['targets']} targets have evidence of their own measure" in text
    for row in cover["pillars"]:
        assert row["pillar"] in text
    assert sum(row["targets"] for row in cover["pillars"]) == len(ds.targets)
    assert "smartphone_population_share" in cover["targets_without_own_evidence"]
    assert cover["tasks_without_evidence"] == ["2022-T04"]  # every other identified 2022 task has some


def test_coverage_rows_count_own_measure_proxies_and_milestones(ds) -> None:
    cover = ds.coverage()
    fibre = next(t for t in cover.targets if t.target.key == "fibre_household_share")
    assert fibre.has_own_evidence and str(fibre.latest) == "2025-H1" and fibre.sources >= 5
    smartphone = next(t for t in cover.targets if t.target.key == "smartphone_population_share")
    assert smartphone.own == 0 and smartphone.proxies > 0 and smartphone.has_evidence
    early = ds.coverage(as_of="2022-01-31")
    assert early.targets_with_own_evidence < cover.targets_with_own_evidence


def test_a_folder_without_the_committee_still_has_a_report(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import ducs
    from tests.helpers import GOOD, write

    assert not any(name.startswith("committees") for name in GOOD)
    folder = write(tmp_path, dict(GOOD))
    ds = ducs.load(folder)
    assert report.committee_section(ds) is None
    text = report.overview(ds)
    assert "No National Committee in this data." in text
    assert [row[:3] for row in report.pillar_counts(ds)] == [["digital_government", "Chính phủ số", 2]]


def test_pillar_counts_agree_with_counting_every_observation(ds) -> None:  # type: ignore[no-untyped-def]
    by_hand: dict[str, int] = {}
    for obs in ds.observations:
        by_hand[obs.indicator.pillar.value] = by_hand.get(obs.indicator.pillar.value, 0) + 1
    assert {row[0]: row[2] for row in report.pillar_counts(ds)} == by_hand
    assert dict(zip(report.SOURCE_HEADERS, report.source_rows(ds)[0], strict=True))["records"] == len(
        ds.sources[0].records())
