"""The notebook tour runs in a fresh kernel, and every record and result in it shows as HTML."""

from __future__ import annotations

import re


def code_cells(notebook):  # type: ignore[no-untyped-def]
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_the_tour_runs_without_errors(executed_tour) -> None:  # type: ignore[no-untyped-def]
    errors = [out for cell in code_cells(executed_tour) for out in cell.outputs if out.output_type == "error"]
    assert errors == []


def test_every_display_in_the_tour_has_html(executed_tour) -> None:  # type: ignore[no-untyped-def]
    for cell in code_cells(executed_tour):
        if "plots." in cell.source and "ax =" in cell.source:
            continue  # the figure cell: checked below
        shown = [out for out in cell.outputs if out.output_type in ("execute_result", "display_data")]
        assert shown, cell.source
        assert all("text/html" in out.data for out in shown), cell.source
        html = shown[-1].data["text/html"]
        assert "<table" in html, cell.source
        if "frame(" not in cell.source:  # a DataFrame's text is its own
            assert len(shown[-1].data["text/plain"]) <= 300, cell.source  # a short repr


def test_the_tour_shows_badges_links_and_capped_tables(executed_tour) -> None:  # type: ignore[no-untyped-def]
    html = "\n".join(out.data["text/html"] for cell in code_cells(executed_tour) for out in cell.outputs
                     if out.output_type in ("execute_result", "display_data") and "text/html" in out.data)
    assert len(re.findall(r'class="ducs-status ducs-status-\w+"', html)) > 20
    assert '<a class="ducs-cite" href="http' in html and '<cite class="ducs-cite"' in html
    assert "showing the first 20" in html


def test_the_tour_draws_its_figure(executed_tour) -> None:  # type: ignore[no-untyped-def]
    figure = next(cell for cell in code_cells(executed_tour) if "plots.compare_provinces" in cell.source)
    assert any("image/png" in out.get("data", {}) for out in figure.outputs)
