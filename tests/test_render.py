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


def test_status_colours_live_in_the_leaf_and_plots_share_them() -> None:
    import ducs
    from ducs import plots

    assert set(render.STATUS_COLOURS) == {status.value for status in ducs.Status}
    assert {s.value: c for s, c in plots.STATUS_COLOURS.items()} == render.STATUS_COLOURS


def test_badge_carries_colour_and_label_in_words() -> None:
    import ducs

    for status in ducs.Status:
        html = render.badge(status)
        assert f"background:{render.STATUS_COLOURS[status.value]}" in html
        assert f">{status.label_en}</span>" in html and f"ducs-status-{status.value}" in html
    assert ">không đạt</span>" in render.badge(ducs.Status.NOT_MET, lang="vi")


def test_citations_escape_and_link() -> None:
    from types import SimpleNamespace as NS

    web = NS(id="w", url='https://x.vn/"a"', title="<t>", publisher="p")
    html = render.citations_html([NS(source=web, locator="")] * 4, limit=2)
    assert html.count("<a ") == 2 and "+2 more" in html
    assert 'href="https://x.vn/&quot;a&quot;"' in html and "&lt;t&gt;" in html
    assert render.citations_html([]) == render._NONE


def test_collection_caps_rows_and_counts_them() -> None:
    class Things(list):  # type: ignore[type-arg]
        kind = "thing"

    class Thing:
        def __init__(self, n: int) -> None:
            self.n = n

        def _html_row_(self) -> dict[str, object]:
            return {"n": self.n, "name": render.Html(f"<b>{self.n}</b>")}

    html = render.collection_html(Things(Thing(n) for n in range(50)), limit=5)
    assert "<b>50 things</b> — showing the first 5" in html and html.count("<tr>") == 6
    assert "left;vertical-align:top\">n</th><th" in html and "top\"><b>4</b></td>" in html
    one = render.collection_html(Things([Thing(1)]))
    assert "<b>1 thing</b>" in one and "showing" not in one
    empty = render.collection_html(Things())
    assert "<b>0 things</b>" in empty


def test_short_repr_is_one_line_and_bounded() -> None:
    text = render.short_repr("X", "a\nb " + "c" * 500)
    assert "\n" not in text and len(text) == render.REPR_WIDTH and text.endswith("…>")
