"""The data site (issue 14): every record has a page in both languages, no link is broken,
every table has its downloads, every figure links to its source, nothing is fetched."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markupsafe import escape

import ducs
from ducs.cli import main
from ducs.errors import DucsError
from ducs.site import LANGUAGES, build, slug, strings
from ducs.text import fold
from tests.helpers import GOOD, write


class Page(HTMLParser):
    """Links, sources, ids, tables and images of one HTML file."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()
        self.images: list[dict[str, str | None]] = []
        self.lang: str | None = None
        self.tables = 0
        self.downloads: list[str] = []
        self.switch: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "a" and a.get("href"):
            href = str(a["href"])
            self.links.append(href)
            if "download" in a:
                self.downloads.append(href)
            if a.get("id") == "lang-switch":
                self.switch = href
        if tag in ("img", "script") and a.get("src"):
            self.resources.append(str(a["src"]))
        if tag == "link" and a.get("href"):
            self.resources.append(str(a["href"]))
        if tag == "img":
            self.images.append(a)
        if tag == "table":
            self.tables += 1


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def html_files(root: Path) -> Iterator[Path]:
    yield from sorted(root.rglob("*.html"))


@pytest.fixture(scope="module")
def parsed(site_dir: Path) -> dict[Path, Page]:
    return {path: parse(path) for path in html_files(site_dir)}


def test_every_record_has_a_page_in_both_languages(site_dir: Path, ds: ducs.Dataset) -> None:
    expected = {
        "indicators": [slug(i.key) for i in ds.indicators],
        "targets": [slug(t.key) for t in ds.targets],
        "tasks": [slug(t.key) for t in ds.tasks],
        "sessions": [slug(s.key) for s in ds.all_sessions],
        "sources": [slug(s.id) for s in ds.sources],
    }
    for lang in LANGUAGES:
        for section, slugs in expected.items():
            pages = {p.stem for p in (site_dir / lang / section).glob("*.html")} - {"index"}
            assert pages == set(slugs), section
        provinces = {p.stem for p in (site_dir / lang / "provinces").glob("*.html")} - {"index"}
        assert len(provinces) == len(ds.provinces) == 97
        assert {"lao-cai-2008", "lao-cai-2025", "ha-giang-2008", "ba-ria-vung-tau-2008"} <= provinces
        assert all(re.fullmatch(r"[a-z0-9-]+-(2008|2025)", name) for name in provinces)
    assert len(ds.tasks) == 18 and len(ds.all_sessions) == 15


def test_every_cited_source_has_a_page(site_dir: Path, ds: ducs.Dataset) -> None:
    cited = {ref.source.id for obs in ds.observations for ref in obs.sources}
    for source_id in cited:
        assert (site_dir / "en" / "sources" / f"{slug(source_id)}.html").is_file()


def test_no_broken_internal_link_anywhere(site_dir: Path, parsed: dict[Path, Page]) -> None:
    """A crawl of the whole site: every internal href and src exists, and so does every #fragment."""
    broken = []
    checked = 0
    for path, page in parsed.items():
        for ref in page.links + page.resources:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto") or ref == "data:,":  # data:, the empty icon
                continue
            assert parts.scheme == "" and not parts.netloc, f"{path}: {ref}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            checked += 1
            if not target.is_file():
                broken.append(f"{path.relative_to(site_dir)} → {ref}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in parsed[target].ids:
                broken.append(f"{path.relative_to(site_dir)} → {ref} (no such id)")
    assert broken == []
    assert checked > 20000


def test_nothing_is_fetched_from_elsewhere(parsed: dict[Path, Page]) -> None:
    for path, page in parsed.items():
        for ref in page.resources:
            inline = ref == "data:,"  # the empty icon: the browser asks for no favicon.ico
            assert inline or (not urlsplit(ref).scheme and not ref.startswith("//")), f"{path}: {ref}"


def test_both_languages_and_the_switch(site_dir: Path, parsed: dict[Path, Page]) -> None:
    for path, page in parsed.items():
        rel = path.relative_to(site_dir)
        if rel.parts[0] not in LANGUAGES:
            continue
        lang = rel.parts[0]
        other = "en" if lang == "vi" else "vi"
        assert page.lang == lang, rel
        assert page.switch is not None, rel
        assert (path.parent / page.switch).resolve() == (site_dir / other / Path(*rel.parts[1:])).resolve()


def test_every_table_has_csv_and_json_downloads_with_its_rows(site_dir: Path, parsed: dict[Path, Page]) -> None:
    tables = 0
    for path, page in parsed.items():
        if not page.tables:
            continue
        own = [d for d in page.downloads if d.split("downloads/")[-1] not in ("observations.csv", "ducs.json")]
        csvs = [d for d in own if d.endswith(".csv")]
        jsons = [d for d in own if d.endswith(".json")]
        assert len(csvs) == len(jsons) == page.tables, path
        tables += page.tables
        for href in jsons:
            records = json.loads((path.parent / href).read_text(encoding="utf-8"))
            assert isinstance(records, list)
            with (path.parent / href.replace(".json", ".csv")).open(encoding="utf-8") as handle:
                assert len(list(csv.DictReader(handle))) == len(records)
    assert tables > 1500


def test_every_figure_links_to_its_source(site_dir: Path, ds: ducs.Dataset) -> None:
    """On each indicator page, every observation row carries a link to a source page."""
    text = (site_dir / "en" / "indicators" / "fibre-household-share.html").read_text(encoding="utf-8")
    for obs in ds.indicators.get("fibre_household_share").observations():
        row = re.search(rf'<tr id="obs-{slug(obs.key)}">(.*?)</tr>', text, re.DOTALL)
        assert row is not None, obs.key
        assert all(f'href="../sources/{slug(ref.source.id)}.html"' in row.group(1) for ref in obs.sources)
    for path in (site_dir / "en" / "indicators").glob("*.html"):
        data = site_dir / "downloads" / "indicators" / path.stem / "observations.json"
        if data.is_file():
            assert all(record["sources"] for record in json.loads(data.read_text(encoding="utf-8")))


def test_charts_are_svg_with_text_alternatives(site_dir: Path, parsed: dict[Path, Page]) -> None:
    charts = 0
    for path, page in parsed.items():
        for image in page.images:
            src = str(image["src"])
            assert image.get("alt"), f"{path}: {src}"
            target = path.parent / src
            assert target.is_file() and target.suffix == ".svg"
            assert target.read_text(encoding="utf-8").lstrip().startswith("<?xml")
            charts += 1
    assert charts > 2 * 150  # both languages show the same SVG files
    target_page = (site_dir / "en" / "targets" / "fibre-household-share.html").read_text(encoding="utf-8")
    assert 'src="../../charts/targets/fibre-household-share.svg"' in target_page
    assert "red dashed line: the target" in target_page and "grey dotted line: the deadline" in target_page


def test_the_whole_export_is_ducs_to_json(site_dir: Path, ds: ducs.Dataset) -> None:
    assert (site_dir / "downloads" / "ducs.json").read_text(encoding="utf-8") == ducs.to_json(ds)


def test_home_page_headline_coverage_pillars_dti_and_latest_session(site_dir: Path, ds: ducs.Dataset) -> None:
    result = ds.plans.get(2022).progress()
    en = (site_dir / "en" / "index.html").read_text(encoding="utf-8")
    vi = (site_dir / "vi" / "index.html").read_text(encoding="utf-8")
    assert str(escape(result.headline())) in en and str(escape(result.overall.summary())) in en
    assert f'<span lang="en">{escape(result.headline())}</span>' in vi
    assert "có bằng chứng cho 9 trên 26 (35%)" in vi
    cover = ds.coverage()
    assert f"{cover.targets_with_own_evidence} of {len(cover.targets)} targets" in en
    for pillar in ("Chính phủ số", "Kinh tế số", "Xã hội số"):
        assert pillar in vi
    assert "DTI 2024" in en and 'href="sessions/gsc-2025-5.html"' in en
    dti = json.loads((site_dir / "downloads" / "index" / "dti-2008.json").read_text(encoding="utf-8"))
    assert dti and all(row["ranked_units"] == 63 for row in dti)
    assert [row["rank"] for row in dti] == sorted(row["rank"] for row in dti)
    dti_new = json.loads((site_dir / "downloads" / "index" / "dti-2025.json").read_text(encoding="utf-8"))
    assert dti_new and all(row["ranked_units"] == 34 for row in dti_new)


def test_target_page_status_in_the_methods_words(site_dir: Path, ds: ducs.Dataset) -> None:
    result = ds.targets.get("fibre_household_share").progress()
    en = (site_dir / "en" / "targets" / "fibre-household-share.html").read_text(encoding="utf-8")
    vi = (site_dir / "vi" / "targets" / "fibre-household-share.html").read_text(encoding="utf-8")
    explanation = str(escape(result.explanation))
    assert explanation in en and "not met" in en and "2025-11-30" in en
    assert "không đạt" in vi and f'<span lang="en">{explanation}</span>' in vi
    # no Vietnamese title in the data: the English one, marked as English, never a made-up one
    assert f'<h1><span lang="en">{ds.targets.get("fibre_household_share").title_en}</span></h1>' in vi


def test_province_pages_lineage_and_dti_by_era(site_dir: Path, ds: ducs.Dataset) -> None:
    old = (site_dir / "vi" / "provinces" / "ha-giang-2008.html").read_text(encoding="utf-8")
    assert 'href="../provinces/tuyen-quang-2025.html"' in old
    new = (site_dir / "en" / "provinces" / "tuyen-quang-2025.html").read_text(encoding="utf-8")
    assert 'href="../provinces/ha-giang-2008.html"' in new and 'href="../provinces/tuyen-quang-2008.html"' in new
    rows = json.loads((site_dir / "downloads" / "provinces" / "tuyen-quang-2025" / "dti.json").read_text(encoding="utf-8"))
    units = {row["province"] for row in rows}
    assert "02@2008" in units  # the predecessor's ranks, each on its own unit
    assert all(row["ranked_units"] in (63, 34, None) for row in rows)
    assert all(row["ranked_units"] == 63 for row in rows if row["era"] == 2008 and row["rank"] is not None)


def test_session_page_time_in_vietnam_and_connection_points(site_dir: Path, ds: ducs.Dataset) -> None:
    en = (site_dir / "en" / "sessions" / "ncdt-5.html").read_text(encoding="utf-8")
    assert "08:00 (UTC+7)" in en
    two = (site_dir / "vi" / "sessions" / "ncdt-2.html").read_text(encoding="utf-8")
    assert "buổi sáng" in two and "trực tiếp kết hợp trực tuyến" in two and 'href="../provinces/lao-cai-2008.html"' in two
    figures = json.loads((site_dir / "downloads" / "sessions" / "ncdt-2" / "figures.json").read_text(encoding="utf-8"))
    assert len(figures) == len(ds.sessions.get(2).figures())


def test_source_page_lists_every_record_citing_it(site_dir: Path, ds: ducs.Dataset) -> None:
    source = ds.sources.get("003_f6b367151ac29e37.txt")
    rows = json.loads((site_dir / "downloads" / "sources" / slug(source.id) / "citing.json").read_text(encoding="utf-8"))
    assert len(rows) == len(source.records())
    page = (site_dir / "en" / "sources" / f"{slug(source.id)}.html").read_text(encoding="utf-8")
    assert "#obs-doc003-laocai-portal-share" in page


def test_search_index_finds_lao_cai_folded(site_dir: Path) -> None:
    script = (site_dir / "static" / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(script.removeprefix("window.DUCS_SEARCH = ").rstrip().rstrip(";"))
    assert {e["kind"] for e in entries} == {"indicator", "province", "session"}
    words = fold("lao cai").split()
    found = [e for e in entries if all(w in e["terms"] for w in words)]
    assert {e["vi"] for e in found} >= {"Lào Cai (2008)", "Lào Cai (2025)"}
    assert all((site_dir / "vi" / e["path"]).is_file() for e in entries)


def test_interface_words_exist_in_both_languages() -> None:
    assert strings("vi").keys() == strings("en").keys()


def test_build_from_a_fixture_folder_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data").mkdir()
    data = write(tmp_path / "data", GOOD)
    out = tmp_path / "site"
    assert main(["site", str(out), "--data", str(data), "--no-charts"]) == 0
    assert "pages in each of 2 languages" in capsys.readouterr().out
    assert (out / "vi" / "provinces" / "lao-cai-2008.html").is_file()
    assert (out / "en" / "provinces" / "lao-cai-2025.html").is_file()
    assert len(list((out / "en" / "provinces").glob("*.html"))) == 3  # two units and the list
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert main(["--data", str(data), "site", str(out), "--no-charts"]) == 0  # a site is rebuilt in place
    again = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert first == again  # the same data give the same bytes


def test_unknown_shows_as_unknown(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    ds = ducs.load(write(tmp_path / "data", GOOD))
    build(ds, tmp_path / "site", charts=False)
    page = (tmp_path / "site" / "en" / "indicators" / "services-share.html").read_text(encoding="utf-8")
    # the indicator's Vietnamese name is unknown in the data: shown as unknown, never guessed
    assert re.search(r"<dt>Vietnamese name</dt><dd><i class=\"unknown\">unknown</i></dd>", page)


def test_refuses_to_write_into_a_folder_that_is_not_a_site(tmp_path: Path, ds: ducs.Dataset) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(DucsError, match="not empty"):
        build(ds, tmp_path, charts=False)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
