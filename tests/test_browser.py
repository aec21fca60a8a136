"""The docs site and the executed notebook, opened in a real browser (headless Chromium).

The site is built strictly from the working tree, the notebook tour is executed and converted to
HTML, both are served from a local HTTP server with no network, and every page is opened in
Chromium through selenium: no severe console message, every image loaded, a heading on every
page, Vietnamese text drawn with its marks on the right letters (in code and in prose), and the
status badges of the notebook in their colours.

Chromium is required (CI installs Debian's ``chromium`` and ``chromium-driver``): without it this
test fails rather than skips.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ducs.render import STATUS_COLOURS

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")
INSTALL = "apt-get install -y chromium chromium-driver fonts-noto-mono"


def _which(*names: str) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, executed_tour: Any) -> Path:
    """The docs site built strictly, with the executed tour converted to HTML beside it."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    from nbconvert import HTMLExporter

    # The lab template, without the scripts it would fetch from a CDN (require.js, MathJax,
    # Mermaid) and with an inline icon: the page must work offline, as the docs do.
    templates = tmp_path_factory.mktemp("templates")
    (templates / "offline.html.j2").write_text(
        "{%- extends 'lab/index.html.j2' -%}\n"
        "{%- block html_head_js -%}{%- endblock html_head_js -%}\n"
        "{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}\n"
        "{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}\n"
        "{%- block html_head_css -%}<link rel=\"icon\" href=\"data:,\">{%- endblock html_head_css -%}\n",
        encoding="utf-8")
    exporter = HTMLExporter(template_file=str(templates / "offline.html.j2"))
    body, _resources = exporter.from_notebook_node(executed_tour)
    assert "cdnjs" not in body
    (out / "notebooks").mkdir(exist_ok=True)
    (out / "notebooks" / "tour.html").write_text(body, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = _which("chromium", "chromium-browser", "google-chrome")
    driver_path = _which("chromedriver")
    if chromium is None or driver_path is None:
        pytest.fail(f"headless Chromium and its driver are needed for this test: {INSTALL}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--window-size=1280,1024")
    options.binary_location = chromium
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def pages(site: Path) -> list[str]:
    """Every page of the site (its index.html files) and the notebook tour, as URL paths."""
    found = sorted(str(p.parent.relative_to(site)) for p in site.rglob("index.html"))
    return [("" if path == "." else path + "/") for path in found] + ["notebooks/tour.html"]


def open_page(browser: Any, url: str) -> list[dict[str, Any]]:
    """Open ``url``, wait until it has loaded, and return its console messages."""
    browser.get_log("browser")  # forget the previous page's messages
    browser.get(url)
    browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "if (document.readyState === 'complete') { done(); } else { window.addEventListener('load', () => done()); }")
    browser.execute_async_script(  # let images decode and workers settle
        "const done = arguments[arguments.length - 1]; setTimeout(done, 150);")
    return list(browser.get_log("browser"))


# Draw ``sample`` and the same text without marks in ``font``; compare the letters one by one.
GLYPHS = """
const [font, sample, bare] = arguments;
function ink(text) {
  const canvas = document.createElement('canvas');
  canvas.width = 600; canvas.height = 160;
  const ctx = canvas.getContext('2d');
  ctx.font = '64px ' + font;
  ctx.fillStyle = '#000';
  ctx.fillText(text, 10, 120);
  return {ctx, width: ctx.measureText(text).width,
          cells: [...text].map((_, i) => ctx.measureText(text.slice(0, i)).width)};
}
function column(d, x0, x1) {
  const data = d.ctx.getImageData(Math.floor(x0), 0, Math.max(1, Math.ceil(x1 - x0)), 160).data;
  let top = 160, sum = 0;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] > 0) { sum += data[i]; top = Math.min(top, Math.floor((i - 3) / 4 / Math.ceil(x1 - x0))); }
  }
  return {top, sum};
}
const a = ink(sample), b = ink(bare);
const letters = [...sample].map((ch, i) => {
  const left = 10 + b.cells[i], right = 10 + (i + 1 < b.cells.length ? b.cells[i + 1] : b.width);
  const margin = (right - left) * 0.2;  // the letter's middle: a neighbour's overhang stays out
  const ca = column(a, left + margin, right - margin), cb = column(b, left + margin, right - margin);
  return {ch, marked: ch !== [...bare][i], topWith: ca.top, topWithout: cb.top};
});
return {font, widthWith: a.width, widthWithout: b.width, letters};
"""


def assert_marks_on_their_letters(browser: Any, font: str, monospace: bool) -> None:
    """"Quốc" drawn in ``font``: the marks sit on the ố (its ink rises above the o's), no mark
    lands on a neighbour, and in code the word keeps its width (one cell per letter).

    The first installed family of the stack must carry Vietnamese letters: CI installs
    ``fonts-noto-mono`` (Noto Sans Mono); DejaVu Sans Mono alone draws "Quôć"."""
    result = browser.execute_script(GLYPHS, font, "Quốc", "Quoc")
    for letter in result["letters"]:
        if letter["marked"]:
            assert letter["topWith"] < letter["topWithout"] - 8, result  # stacked marks above the o
        else:
            assert letter["topWith"] >= letter["topWithout"] - 2, result  # no stray mark on a neighbour ("Quôć")
    if monospace:
        assert abs(result["widthWith"] - result["widthWithout"]) < 0.5, result


def test_every_page_loads_cleanly_with_its_images_and_heading(site: Path, server: str, browser: Any) -> None:
    urls = pages(site)
    assert len(urls) >= 11 and "api/" in urls and "notebooks/tour.html" in urls
    for path in urls:
        messages = open_page(browser, f"{server}/{path}")
        severe = [m for m in messages if m.get("level") == "SEVERE"]
        assert severe == [], (path, severe)
        broken = browser.execute_script(
            "return Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src);")
        assert broken == [], (path, broken)
        heading = browser.execute_script("const h = document.querySelector('h1'); return h ? h.textContent : '';")
        assert heading.strip(), path


def test_recipes_images_are_drawn_and_shown(server: str, browser: Any) -> None:
    open_page(browser, f"{server}/recipes/")
    sizes = browser.execute_script(
        "return Array.from(document.querySelectorAll('article img')).map(i => [i.getAttribute('src'), i.naturalWidth]);")
    assert len(sizes) == 4 and all(width > 300 for _src, width in sizes), sizes


def test_vietnamese_renders_with_its_marks_in_code_and_prose(server: str, browser: Any) -> None:
    open_page(browser, f"{server}/")
    fonts = browser.execute_script("""
        const code = Array.from(document.querySelectorAll('.md-typeset pre code')).find(c => c.textContent.includes('Quốc'));
        const prose = document.querySelector('.md-typeset p');
        return [code ? getComputedStyle(code).fontFamily : null, getComputedStyle(prose).fontFamily];""")
    code_font, text_font = fonts
    assert code_font is not None and code_font.startswith('"Noto Sans Mono"'), code_font
    assert "Roboto" not in code_font + text_font  # no web font: nothing to download, nothing to miss
    assert_marks_on_their_letters(browser, code_font, monospace=True)
    assert_marks_on_their_letters(browser, text_font, monospace=False)


def test_the_api_reference_shows_class_headings_and_code_examples(server: str, browser: Any) -> None:
    open_page(browser, f"{server}/api/")
    found = browser.execute_script("""
        const heading = document.getElementById('ducs.model.Target');
        const visible = heading && heading.offsetHeight > 0 && heading.textContent.includes('Target');
        const prompts = text => (text.match(/>>> /g) || []).length;
        const inCode = Array.from(document.querySelectorAll('.doc pre code')).reduce((n, c) => n + prompts(c.textContent), 0);
        const quotes = Array.from(document.querySelectorAll('.doc blockquote')).filter(q => q.textContent.includes('import ducs'));
        const roles = document.body.innerText.match(/:(class|func|meth|attr|mod):`/g);
        return [visible, inCode, prompts(document.querySelector('article').textContent), quotes.length, roles];""")
    visible, in_code, everywhere, quotes, roles = found
    assert visible and in_code > 200 and in_code == everywhere and quotes == 0 and roles is None, found


def test_the_notebook_shows_status_badges_in_their_colours(server: str, browser: Any) -> None:
    open_page(browser, f"{server}/notebooks/tour.html")
    badges = browser.execute_script("""
        return Array.from(document.querySelectorAll('.ducs-status')).map(b =>
            [b.className, b.textContent, getComputedStyle(b).backgroundColor, b.offsetWidth]);""")
    assert len(badges) > 20
    for class_name, label, colour, width in badges:
        value = class_name.split("ducs-status-")[1]
        red, green, blue = (int(STATUS_COLOURS[value][i:i + 2], 16) for i in (1, 3, 5))
        assert colour == f"rgb({red}, {green}, {blue})" and label == value.replace("_", " ") and width > 0
    links = browser.execute_script("return document.querySelectorAll('a.ducs-cite[href^=\"http\"]').length;")
    assert links > 0
