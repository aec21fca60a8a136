"""Tables as text and HTML: aligned with Vietnamese marks, escaped, unknown shown as such."""

from __future__ import annotations

import ast
from pathlib import Path

from ducs import render


def test_render_imports_nothing_from_ducs() -> None:
    tree = ast.parse(Path(render.__file__).read_text(encoding="utf-8"))
    modules = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    modules += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [m for m in modules if m.startswith("ducs")]


def test_text_table_aligns_decomposed_vietnamese() -> None:
    text = render.text_table(["tỉnh", "n"], [["Ha\u0300 Giang", 1], ["Lào Cai", 12]])
    lines = text.splitlines()
    assert [render.display_width(line) for line in lines] == [11, 12, 11, 12]


def test_text_cells_show_unknown_and_short_floats() -> None:
    assert render.text_table(["a"], [[None], [74.50]]).splitlines()[2:] == ["unknown", "74.5"]


def test_html_table_escapes_and_captions() -> None:
    html = render.html_table(["<h>"], [["a & b"], [None]], caption="Hà <Giang>")
    assert "<caption>Hà &lt;Giang&gt;</caption>" in html
    assert "<th>&lt;h&gt;</th>" in html and "<td>a &amp; b</td>" in html and "<i>unknown</i>" in html


def test_shorten_keeps_short_text_and_marks_cuts() -> None:
    assert render.shorten("abc", 5) == "abc"
    assert render.shorten("abcdef", 5) == "abcd…"
