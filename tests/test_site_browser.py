"""The data site in a real browser: headless Chromium (Debian's chromium and chromium-driver,
installed by .ci/run), driven by selenium, with the site opened from disk (file://).

Checks, on a sample of pages of every kind in both languages: no console error, every image
and chart loaded, nothing loaded from anywhere but the site's folder, the language switch, the
search ("lao cai" finds "Lào Cai"), and axe-core (bundled in tests/site_assets) with no
serious or critical violation on each page template. Nothing here is skipped: without
Chromium the tests fail, because CI installs it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import ducs
from ducs.site import slug

AXE = Path(__file__).resolve().parent / "site_assets" / "axe.min.js"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,1000"]


def _binary(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(f"none of {names} is installed: .ci/run installs Debian's chromium and chromium-driver")


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    profile = tempfile.mkdtemp(prefix="ducs-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = _binary("chromium", "chromium-browser")
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=_binary("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def sample(ds: ducs.Dataset) -> list[str]:
    """Pages of every kind (paths inside a language folder)."""
    lao_cai = [p for p in ds.provinces if p.name_vi == "Lào Cai"]
    return [
        "index.html", "search.html",
        *(f"{section}/index.html" for section in ("indicators", "targets", "tasks", "provinces", "sessions", "sources")),
        "indicators/fibre-household-share.html", "indicators/dti-rank.html",
        f"indicators/{slug(ds.indicators[-1].key)}.html",
        "targets/fibre-household-share.html", "targets/smartphone-population-share.html",
        f"tasks/{slug(ds.tasks[0].key)}.html", f"tasks/{slug(ds.tasks[-1].key)}.html",
        *(f"provinces/{slug(p.name_vi)}-{p.era}.html" for p in lao_cai),
        "provinces/tuyen-quang-2025.html",
        "sessions/ncdt-2.html", "sessions/ncdt-5.html", f"sessions/{slug(ds.all_sessions[-1].key)}.html",
        "sources/003-f6b367151ac29e37-txt.html", f"sources/{slug(ds.sources[-1].id)}.html",
    ]


TEMPLATES = ["index.html", "search.html", "indicators/index.html", "indicators/fibre-household-share.html",
             "targets/fibre-household-share.html", "tasks/2022-t01.html", "provinces/lao-cai-2008.html",
             "provinces/tuyen-quang-2025.html", "sessions/ncdt-2.html", "sources/003-f6b367151ac29e37-txt.html"]


def open_page(browser: webdriver.Chrome, path: Path) -> None:
    assert path.is_file(), path
    browser.get(path.as_uri())
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")


def errors(browser: webdriver.Chrome) -> list[dict[str, Any]]:
    return [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


def test_pages_of_every_kind_load_cleanly_in_both_languages(browser: webdriver.Chrome, site_dir: Path,
                                                            ds: ducs.Dataset) -> None:
    browser.get_log("browser")  # start clean
    pages = [site_dir / "index.html"] + [site_dir / lang / page for page in sample(ds) for lang in ("vi", "en")]
    for path in pages:
        open_page(browser, path)
        assert errors(browser) == [], path
        lang = path.relative_to(site_dir).parts[0]
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == (lang if lang in ("vi", "en") else "vi")
        broken = browser.execute_script(
            "return Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
        assert broken == [], path
        elsewhere = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('file:'))")
        assert elsewhere == [], path
        assert browser.find_element(By.TAG_NAME, "h1").text.strip(), path


def test_charts_render_on_indicator_target_and_province_pages(browser: webdriver.Chrome, site_dir: Path) -> None:
    for page in ("indicators/fibre-household-share.html", "targets/fibre-household-share.html",
                 "provinces/da-nang-2008.html", "provinces/da-nang-2025.html"):
        for lang in ("vi", "en"):
            open_page(browser, site_dir / lang / page)
            charts = browser.find_elements(By.CSS_SELECTOR, "figure.chart img")
            assert charts, page
            for chart in charts:
                assert browser.execute_script("return arguments[0].naturalWidth", chart) > 300
                assert chart.get_attribute("alt")


def test_the_language_switch_leads_to_the_same_page(browser: webdriver.Chrome, site_dir: Path) -> None:
    for page in ("index.html", "provinces/lao-cai-2025.html", "targets/fibre-household-share.html"):
        open_page(browser, site_dir / "vi" / page)
        kind = browser.find_element(By.TAG_NAME, "body").get_attribute("data-kind")
        browser.find_element(By.ID, "lang-switch").click()
        WebDriverWait(browser, 30).until(
            lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
        assert browser.current_url == (site_dir / "en" / page).as_uri()
        assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-kind") == kind
        browser.find_element(By.ID, "lang-switch").click()
        WebDriverWait(browser, 30).until(
            lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi")
        assert browser.current_url == (site_dir / "vi" / page).as_uri()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_search_finds_lao_cai_without_marks(browser: webdriver.Chrome, site_dir: Path, lang: str) -> None:
    open_page(browser, site_dir / lang / "search.html")
    box = browser.find_element(By.ID, "search-input")
    assert box.is_displayed()
    box.send_keys("lao cai")
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results a"))
    results = browser.find_elements(By.CSS_SELECTOR, "#search-results a")
    texts = [r.text for r in results]
    assert any("Lào Cai" in text for text in texts), texts
    first = next(r for r in results if "Lào Cai" in r.text)
    first.click()
    WebDriverWait(browser, 30).until(lambda d: "/provinces/lao-cai-" in d.current_url)
    assert "Lào Cai" in browser.find_element(By.TAG_NAME, "body").text
    assert errors(browser) == []


def test_search_says_when_nothing_is_found(browser: webdriver.Chrome, site_dir: Path) -> None:
    browser.get((site_dir / "en" / "search.html").as_uri() + "?q=zzzz")
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "search-status").text)
    assert browser.find_element(By.ID, "search-status").text == "Nothing found."


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_accessibility_of_each_page_template(browser: webdriver.Chrome, site_dir: Path, lang: str) -> None:
    """axe-core, bundled: no serious or critical violation on any page template."""
    script = AXE.read_text(encoding="utf-8")
    found = {}
    for page in [*TEMPLATES, "../index.html"]:
        open_page(browser, (site_dir / lang / page).resolve())
        browser.execute_script(script)
        result = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map("
            "v => ({id: v.id, impact: v.impact, nodes: v.nodes.length, where: v.nodes.slice(0, 2).map(n => n.target.join(' '))}))))"
            ".catch(e => done([{id: 'axe-error', impact: 'critical', nodes: 0, where: [String(e)]}]));")
        serious = [v for v in result if v["impact"] in ("serious", "critical")]
        if serious:
            found[page] = serious
    assert found == {}
