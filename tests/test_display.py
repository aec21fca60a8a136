"""Notebook displays: every record and result has an HTML display and a short one-line repr."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

import ducs
from ducs.model import KINDS
from ducs.render import COLLECTION_LIMIT, REPR_WIDTH, STATUS_COLOURS


def every_record(ds: ducs.Dataset) -> Iterator[Any]:
    for kind in KINDS:
        yield from ds.records(kind.name)


def every_result(ds: ducs.Dataset) -> Iterator[Any]:
    for target in ds.targets:
        result = target.progress()
        yield result
        yield result.assessment
    for task in ds.tasks:
        yield task.progress()
    for plan in ds.plans:
        for as_of in ("2022-04-30", None):
            result = plan.progress(as_of=as_of)
            yield result
            yield result.overall
            yield from result.by_pillar
            yield result.overall.aggregate
    yield from ds.compare(["Hà Giang", "Quảng Trị", "An Giang", "Yên Bái"], "dti_rank", as_of="2023-06-30")
    cover = ds.coverage()
    yield cover
    yield from cover.targets
    yield from cover.tasks
    yield from cover.pillars


def rows(html: str) -> int:
    return html.count("<tr>") - html.count("<thead><tr>")


def test_no_repr_is_a_wall(ds: ducs.Dataset) -> None:
    too_long = [(type(x).__name__, len(repr(x))) for x in [*every_record(ds), *every_result(ds)]
                if len(repr(x)) > REPR_WIDTH or "\n" in repr(x)]
    assert too_long == []


def test_collections_and_the_dataset_have_short_reprs(ds: ducs.Dataset) -> None:
    for kind in KINDS:
        assert len(repr(ds.records(kind.name))) < 80
    assert len(repr(ds)) < REPR_WIDTH
    assert repr(ds.observations.filter(indicator="dti_rank")).startswith("<ObservationCollection of ")


def test_every_record_and_result_has_an_html_display(ds: ducs.Dataset) -> None:
    missing = [type(x).__name__ for x in [*every_record(ds), *every_result(ds)]
               if type(x).__name__ not in {"Assessment", "Aggregate", "GroupProgress", "Coverage",
                                           "TargetCoverage", "TaskCoverage", "PillarCoverage"}
               and "<table" not in x._repr_html_()]
    assert missing == []


def test_target_shows_names_citations_and_no_keys_as_names(ds: ducs.Dataset) -> None:
    target = ds.targets.get("fibre_household_share")
    html = target._repr_html_()
    assert target.title_en in html and target.indicator.name_en in html
    assert '<a class="ducs-cite" href="http' in html or '<cite class="ducs-cite"' in html


def test_target_progress_has_a_coloured_badge_with_words(ds: ducs.Dataset) -> None:
    result = ds.targets.get("fibre_household_share").progress(as_of="2023-06-30")
    html = result._repr_html_()
    badge = re.search(r'<span class="ducs-status ducs-status-not_met"[^>]*>([^<]*)</span>', html)
    assert badge is not None and badge.group(1) == "not met"
    assert f"background:{STATUS_COLOURS['not_met']}" in badge.group(0)
    assert result.explanation.split(":")[0] in html and "as of 2023-06-30" in html
    assert len(html) < 5000  # a card, not the 4,900-character attrs repr it replaces


def test_task_and_plan_progress_show_badges(ds: ducs.Dataset) -> None:
    task = ds.plans.get(2022).tasks[6].progress()
    assert 'class="ducs-status ducs-status-' in task._repr_html_()
    assert "Phổ cập hóa đơn điện tử" in task._repr_html_()
    plan = ds.plans.get(2022).progress()
    html = plan._repr_html_()
    assert html.count('class="ducs-status ') == 1 + sum(1 for t in plan.tasks if t.identified) + len(plan.unattached)
    assert "insufficient evidence" in html


def test_observation_cites_with_links_and_marks_estimates(ds: ducs.Dataset) -> None:
    primary = ds.observations.get("doc003-laocai-portal-share")._repr_html_()
    assert '<cite class="ducs-cite"' in primary and "003_f6b367151ac29e37.txt#¶8" in primary
    assert "Lào Cai (2008–2025)" in primary and "81.7 percent" in primary
    web = next(o for o in ds.observations if o.sources[0].source.url and o.estimate)
    html = web._repr_html_()
    assert f'href="{web.sources[0].source.url}"'.replace("&", "&amp;") in html
    assert "(estimate)" in html and "(estimate)" in repr(web)


def test_rank_shows_its_denominator(ds: ducs.Dataset) -> None:
    rank = next(o for o in ds.observations if o.indicator.key == "dti_rank" and o.denominator == 34)
    assert re.search(r"rank \d+ of 34", rank._repr_html_())


def test_province_shows_names_of_its_lineage(ds: ducs.Dataset) -> None:
    html = ds.provinces.get("02@2008")._repr_html_()
    assert re.search(r"merged into</b></td><td[^>]*>Tuyên Quang \(since 2025\)", html)
    merged = ds.provinces.get("15@2025")._repr_html_()
    assert "Yên Bái (2008–2025), Lào Cai (2008–2025)" in merged


def test_source_links_to_its_address_or_names_a_primary_document(ds: ducs.Dataset) -> None:
    web = next(s for s in ds.sources if s.url)
    assert f'<a href="{web.url}"'.replace("&", "&amp;") in web._repr_html_()
    primary = ds.sources.get("000_352dfded16563b3a.txt")._repr_html_()
    assert "primary document" in primary and "000_352dfded16563b3a.txt" in primary


def test_collection_is_a_compact_capped_table_with_a_count(ds: ducs.Dataset) -> None:
    html = ds.observations._repr_html_()
    assert f"{len(ds.observations)} observations</b> — showing the first {COLLECTION_LIMIT}" in html
    assert rows(html) == COLLECTION_LIMIT and len(html) < 20_000
    assert ">indicator</th>" in html and "Observation(" not in html


def test_observation_filter_shows_names_not_reprs(ds: ducs.Dataset) -> None:
    found = ds.observations.filter(indicator="portal_integrated_services_share")
    html = found._repr_html_()
    assert rows(html) == len(found) <= COLLECTION_LIMIT and "showing" not in html
    assert "Lào Cai (2008–2025)" in html and "province:" not in html


@pytest.mark.parametrize("kind", [kind.name for kind in KINDS])
def test_each_collection_has_named_columns(ds: ducs.Dataset, kind: str) -> None:
    html = ds.records(kind)._repr_html_()
    assert "<thead>" in html and ">record</th>" not in html


def test_tasks_collection_counts_tasks(ds: ducs.Dataset) -> None:
    html = ds.tasks._repr_html_()
    assert f"<b>{len(ds.tasks)} tasks</b>" in html and "Phổ cập hóa đơn điện tử" in html
