"""Figures a journal would print: sources and as-of date on each, categories as positions,
ranks with first as best, estimates marked, labels whole, English or Vietnamese."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

import ducs

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")
from ducs import plots


@pytest.fixture(autouse=True)
def _close_figures():  # type: ignore[no-untyped-def]
    yield
    plt.close("all")


def texts(ax) -> str:  # type: ignore[no-untyped-def]
    """Every text drawn on the figure of ``ax``: titles, labels, ticks, annotations."""
    fig = ax.figure
    fig.canvas.draw()
    found = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    return "\n".join(found)


def foot(ax) -> str:  # type: ignore[no-untyped-def]
    return next(a.get_text() for a in ax.texts if "drawn by ducs" in a.get_text() or "vẽ bằng ducs" in a.get_text())


def drawn_texts(ax) -> list:  # type: ignore[no-untyped-def]
    """Titles, axis labels, annotations, legend entries and the tick labels inside the view."""
    found = [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
    if ax.get_legend() is not None:
        found += ax.get_legend().get_texts()
    for axis, (low, high) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        low, high = min(low, high), max(low, high)
        found += [tick.label1 for tick in axis.get_major_ticks() if low <= tick.get_loc() <= high]
    return found


def assert_nothing_clipped(ax) -> None:  # type: ignore[no-untyped-def]
    """Saved tight, every text of the figure lies inside the saved area."""
    fig = ax.figure
    fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
    renderer = fig.canvas.get_renderer()
    area = fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)
    for text in drawn_texts(ax):
        if text.get_text() and text.get_visible():
            box = text.get_window_extent(renderer)
            assert area.x0 - 1 <= box.x0 and box.x1 <= area.x1 + 1, text.get_text()
            assert area.y0 - 1 <= box.y0 and box.y1 <= area.y1 + 1, text.get_text()


def sources_of(observations) -> set[str]:  # type: ignore[no-untyped-def]
    from ducs.render import source_label

    return {source_label(ref.source) for obs in observations for ref in obs.sources}


# --- the plan: a status grid -------------------------------------------------------------


def test_plan_chart_is_a_status_grid_not_bar_lengths(ds) -> None:  # type: ignore[no-untyped-def]
    result = ds.plans.get(2022).progress()
    ax = plots.plan_progress(result)
    assert len(ax.patches) == 0  # no bars: a status is a column, never a length
    identified = [t for t in result.tasks if t.identified]
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert len(labels) == len(identified) + len(result.unattached)
    columns = [t.get_text() for t in ax.get_xticklabels()]
    assert columns == [s.label_en for s in ducs.Status]
    invoices = next(i for i, label in enumerate(labels) if "Universal electronic invoices" in label)
    dot = next(line for line in ax.get_lines() if list(line.get_ydata()) == [invoices])
    assert columns[int(dot.get_xdata()[0])] == "target met"
    assert matplotlib.colors.to_hex(dot.get_markerfacecolor()) == plots.STATUS_COLOURS[ducs.Status.TARGET_MET]
    assert "as of 2025-11-30" in ax.get_title(loc="left") and "evidence for" in ax.get_title(loc="left")
    text = foot(ax).replace("\n", " ")
    assert "Sources: plan: 27/QĐ-UBQGCĐS" in text and "4 tasks not identified" in text
    assert "as of 2025-11-30" in text


def test_plan_labels_are_whole_titles_never_cut(ds) -> None:  # type: ignore[no-untyped-def]
    result = ds.plans.get(2022).progress()
    ax = plots.plan_progress(result)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert not any("…" in label for label in labels)
    for item in result.tasks:
        if item.identified:
            assert any(label.endswith(item.task.title_en or item.task.title) for label in labels)
    assert_nothing_clipped(ax)


# --- an indicator against its target -----------------------------------------------------


def test_indicator_series_plot(ds) -> None:  # type: ignore[no-untyped-def]
    ax = plots.indicator_series(ds.targets.get("fibre_household_share"))
    line = ax.get_lines()[0]
    assert list(line.get_ydata())[:5] == [65.0, 68.8, 71.75, 74.0, 74.5]
    assert any(abs(y - 75) < 1e-9 for l in ax.get_lines()[1:] for y in l.get_ydata())
    deadline_x = [l.get_xdata()[0] for l in ax.get_lines()[1:] if l.get_linestyle() == ":"]
    assert dt.date(2022, 12, 31) in [matplotlib.dates.num2date(x).date() if isinstance(x, float) else x
                                     for x in deadline_x]
    assert_nothing_clipped(ax)


def test_indicator_series_cites_every_source_and_the_as_of_date(ds) -> None:  # type: ignore[no-untyped-def]
    target = ds.targets.get("fibre_household_share")
    ax = plots.indicator_series(target, as_of="2023-06-30")
    text = foot(ax).replace("\n", " ")
    assert "as of 2023-06-30" in text and "target: 27/QĐ-UBQGCĐS" in text
    drawn = [o for o in target.observations() if o.period.ended_by(ducs.load().as_of_date("2023-06-30"))]
    assert len(ax.get_lines()[0].get_xdata()) == len(drawn)
    from ducs.render import source_label

    labels = {*sources_of(drawn), *(source_label(ref.source) for ref in target.sources)}
    shown = [label for label in labels if label in text]
    more = re.search(r"and (\d+) more", text)
    assert len(shown) + (int(more.group(1)) if more else 0) == len(labels)
    assert len(shown) == min(8, len(labels))


def test_estimates_are_drawn_hollow(ds) -> None:  # type: ignore[no-untyped-def]
    target = ds.targets.get("fibre_household_share")
    estimates = [o for o in target.observations() if o.estimate]
    assert estimates
    ax = plots.indicator_series(target)
    hollow = next(line for line in ax.get_lines() if line.get_label() == "estimate")
    assert len(hollow.get_ydata()) == len(estimates) and hollow.get_markerfacecolor() in ("white", (1, 1, 1, 1))
    assert "Hollow marks are estimates" in foot(ax)


# --- provinces compared: first is best -----------------------------------------------------


def test_ranks_are_dots_with_first_best_and_titled_with_year_and_count(ds) -> None:  # type: ignore[no-untyped-def]
    rows = ds.compare(["Hà Giang", "Lào Cai", "Quảng Trị", "An Giang"], "dti_rank", as_of="2023-06-30")
    ax = plots.compare_provinces(rows)
    assert len(ax.patches) == 0  # a rank is a position, never a bar length
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Lào Cai", "An Giang", "Quảng Trị", "Hà Giang"]
    left, right = ax.get_xlim()
    assert left > right and right < 1 < left  # inverted: first place on the right
    assert ax.get_title(loc="left") == "Provincial DTI rank, 2022: rank of 63 provinces and cities"
    assert "of 63" in ax.get_xlabel()
    ys = [line.get_ydata()[0] for line in ax.get_lines()]
    xs = [line.get_xdata()[0] for line in ax.get_lines()]
    assert ys == sorted(ys) and xs == sorted(xs)  # best (rank 1) on the top row
    text = foot(ax)
    assert "as of 2023-06-30" in text
    for label in sources_of(r.observation for r in rows if r.observation is not None):
        assert label in text.replace("\n", " ")
    assert_nothing_clipped(ax)


def test_ranks_of_the_34_unit_era_say_of_34(ds) -> None:  # type: ignore[no-untyped-def]
    rows = ds.compare(["Hà Nội", "Huế", "Hải Phòng"], "dti_rank", as_of="2026-01-01")
    ax = plots.compare_provinces(rows)
    assert "2024: rank of 34" in ax.get_title(loc="left")


def test_ranks_among_63_and_34_never_share_an_axis(ds) -> None:  # type: ignore[no-untyped-def]
    old = ds.compare(["Hà Nội"], "dti_rank", as_of="2025-06-30")
    new = ds.compare(["Huế"], "dti_rank", as_of="2026-01-01")
    with pytest.raises(ValueError, match="cannot share one axis"):
        plots.compare_provinces([*old, *new])


def test_a_score_comparison_is_a_dot_plot_too(ds) -> None:  # type: ignore[no-untyped-def]
    rows = ds.compare(["Hà Giang", "Đà Nẵng", "An Giang"], "dti_score", as_of="2024-01-01")
    ax = plots.compare_provinces(rows)
    assert len(ax.patches) == 0 and "provinces compared" in ax.get_title(loc="left")
    assert "as of 2024-01-01" in foot(ax)


# --- every figure: sources, as-of date, English or Vietnamese -------------------------------


def figures(ds, lang: str):  # type: ignore[no-untyped-def]
    yield plots.plan_progress(ds.plans.get(2022).progress(), lang=lang)
    yield plots.indicator_series(ds.targets.get("fibre_household_share"), lang=lang)
    yield plots.indicator_series(ds.indicators.get("einvoice_enterprise_share"), lang=lang)
    yield plots.compare_provinces(ds.compare(["Hà Giang", "An Giang"], "dti_rank", as_of="2023-06-30"), lang=lang)


@pytest.mark.parametrize("lang,source,as_of", [("en", "Sources: ", "as of 2"), ("vi", "Nguồn: ", "tính đến 2")])
def test_every_figure_has_sources_and_an_as_of_date(ds, lang: str, source: str, as_of: str) -> None:  # type: ignore[no-untyped-def]
    for ax in figures(ds, lang):
        text = foot(ax)
        assert source in text and as_of in text, ax.get_title(loc="left")


def test_vietnamese_titles_and_labels(ds) -> None:  # type: ignore[no-untyped-def]
    plan, series, _indicator, ranks = figures(ds, "vi")
    assert plan.get_title(loc="left").startswith("Kế hoạch hoạt động của Ủy ban Quốc gia")
    assert plan.get_xticklabels()[0].get_text() == "đạt mục tiêu"
    assert any("Phổ cập hóa đơn điện tử" in t.get_text() for t in plan.get_yticklabels())
    assert series.get_title(loc="left") == "Tỷ lệ hộ gia đình có đường Internet cáp quang băng rộng"
    assert "thứ hạng trên 63 tỉnh, thành phố" in ranks.get_title(loc="left")
    with pytest.raises(ValueError, match="unknown lang"):
        plots.plan_progress(ds.plans.get(2022).progress(), lang="fr")  # type: ignore[arg-type]


def test_status_colours_are_the_badge_colours() -> None:
    from ducs.render import STATUS_COLOURS

    assert {s.value: c for s, c in plots.STATUS_COLOURS.items()} == STATUS_COLOURS
