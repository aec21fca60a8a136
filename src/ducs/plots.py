"""Plots with matplotlib (the ``plot`` extra): plan progress, an indicator against its target,
and provinces compared. Each function returns the matplotlib ``Axes`` so you can restyle it.

Every figure says where its numbers come from and when: a foot line names the sources of the
plotted figures and the as-of date. Titles and labels come in English (``lang="en"``) or
Vietnamese (``lang="vi"``). Estimates are drawn hollow. Save a figure with
``bbox_inches="tight"`` (as the notebook backend does) so that no label is cut off.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ducs.errors import MissingExtraError
from ducs.model import Indicator, Observation, SourceRef, Target, graph_of
from ducs.periods import plain_date, to_date
from ducs.render import STATUS_COLOURS as _COLOURS_BY_VALUE
from ducs.render import source_label
from ducs.vocab import Comparator, Direction, Status

__all__ = ["STATUS_COLOURS", "Lang", "compare_provinces", "indicator_series", "plan_progress",
           "save_figure", "save_recipe_figures"]

if TYPE_CHECKING:
    import pendulum

    from ducs.progress import PlanProgress, Ranked

Lang = Literal["en", "vi"]

STATUS_COLOURS: dict[Status, str] = {status: _COLOURS_BY_VALUE[status.value] for status in Status}
"""Status colours for figures: the table of the HTML badges
([`ducs.render.STATUS_COLOURS`][ducs.render.STATUS_COLOURS]), keyed by status."""

_INK = "#1c7ed6"
_FOOT = "#495057"
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "source": "Sources",
        "as_of": "as of",
        "drawn": "drawn by ducs",
        "more": "and {n} more",
        "observed": "observed",
        "estimate": "estimate",
        "hollow_estimate": "Hollow marks are estimates.",
        "target": "target",
        "upper": "upper bound",
        "deadline": "deadline",
        "no_value": "no value",
        "rank_title": "{name}, {years}: rank of {n} provinces and cities",
        "rank_title_plain": "{name}, {years}: rank",
        "compare_title": "{name}, {years}: provinces compared",
        "rank_axis": "rank (1 = best) of {n}",
        "rank_axis_plain": "rank (1 = best)",
        "better": "better →",
        "task": "task",
        "plan_target": "target",
        "hollow_dot": "A hollow dot is an item without evidence, which is not a failure.",
        "not_shown": "{n} tasks not identified in any available source are not shown.",
        "plan_source": "plan: {decision}; figures and milestones as cited per item (ducs progress {year} --json)",
        "plan_headline": "{label} — evidence for {assessed} of {members} items ({coverage:.0%})",
    },
    "vi": {
        "source": "Nguồn",
        "as_of": "tính đến",
        "drawn": "vẽ bằng ducs",
        "more": "và {n} nguồn khác",
        "observed": "số liệu",
        "estimate": "ước tính",
        "hollow_estimate": "Điểm rỗng là số ước tính.",
        "target": "mục tiêu",
        "upper": "cận trên",
        "deadline": "hạn",
        "no_value": "không có số liệu",
        "rank_title": "{name}, {years}: thứ hạng trên {n} tỉnh, thành phố",
        "rank_title_plain": "{name}, {years}: thứ hạng",
        "compare_title": "{name}, {years}: so sánh các tỉnh, thành phố",
        "rank_axis": "thứ hạng (1 = tốt nhất) trên {n}",
        "rank_axis_plain": "thứ hạng (1 = tốt nhất)",
        "better": "tốt hơn →",
        "task": "nhiệm vụ",
        "plan_target": "mục tiêu",
        "hollow_dot": "Chấm rỗng: chưa có bằng chứng (không có nghĩa là không đạt).",
        "not_shown": "{n} nhiệm vụ chưa được nguồn nào nêu rõ nên không hiển thị.",
        "plan_source": "kế hoạch: {decision}; số liệu và mốc sự kiện trích dẫn theo từng mục "
                       "(ducs progress {year} --json)",
        "plan_headline": "{label} — có bằng chứng cho {assessed} trên {members} mục ({coverage:.0%})",
    },
}


def _words(lang: str) -> dict[str, str]:
    if lang not in _WORDS:
        raise ValueError(f"unknown lang {lang!r}; expected 'en' or 'vi'")
    return _WORDS[lang]


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingExtraError("matplotlib", "plot") from None
    return plt


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    _figure, new_ax = _pyplot().subplots(figsize=size)
    return new_ax


def _source_text(refs: Iterable[SourceRef], words: dict[str, str], limit: int = 8) -> str:
    labels = list(dict.fromkeys(source_label(ref.source) for ref in refs))
    if not labels:
        return ""
    shown = ", ".join(labels[:limit])
    if len(labels) > limit:
        shown += ", " + words["more"].format(n=len(labels) - limit)
    return f"{words['source']}: {shown}."


def _foot(ax: Any, lines: Sequence[str], day: pendulum.Date, words: dict[str, str], width: int = 150) -> None:
    """Write the figure's foot under the axes: notes, the sources, the as-of date.

    The foot starts under the y tick labels and below the x tick labels, so that a tight save
    keeps it whole and it never covers a label.
    """
    text = [*lines, f"{words['as_of']} {day.isoformat()} · {words['drawn']}"]
    wrapped = "\n".join(textwrap.fill(line, width) for line in text if line)

    def left(renderer: Any) -> Any:
        return ax.yaxis.get_tightbbox(renderer) or ax.get_window_extent(renderer)

    def below(renderer: Any) -> Any:
        return ax.xaxis.get_tightbbox(renderer) or ax.get_window_extent(renderer)

    ax.annotate(wrapped, xy=(0, 0), xycoords=(left, below), xytext=(0, -8), textcoords="offset points",
                ha="left", va="top", fontsize=6.5, color=_FOOT, annotation_clip=False)


def _years(observations: Sequence[Observation]) -> str:
    periods = sorted({obs.period for obs in observations})
    if not periods:
        return "—"
    return str(periods[0]) if len(periods) == 1 else f"{periods[0]}–{periods[-1]}"


def _unit(indicator: Indicator, lang: str) -> str:
    if indicator.unit == "percent":
        return "%" if lang == "en" else "phần trăm (%)"
    return indicator.unit.replace("_", " ")


def _indicator_name(indicator: Indicator, lang: str) -> str:
    return indicator.name_vi if lang == "vi" and indicator.name_vi else indicator.name_en


def plan_progress(result: PlanProgress, ax: Any = None, *, lang: Lang = "en") -> Any:
    """A status grid: one row per plan item, a dot in the column of its status.

    Rows are the identified tasks, then the plan targets outside any task (grouped by pillar);
    columns are the statuses, so a category is a position, never a bar length. A hollow dot
    marks an item without evidence. Row labels are whole titles, wrapped, never cut. The title
    carries the headline with its coverage and the as-of date; the foot names the plan's
    decision and where the citations are.

    Args:
        result: A plan's progress (``ds.plans.get(2022).progress()``).
        ax: Axes to draw on; a new figure when None.
        lang: ``"en"`` or ``"vi"`` for titles and labels.

    Returns:
        The matplotlib Axes.

    Examples:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> import ducs
        >>> ax = plan_progress(ducs.load().plans.get(2022).progress())
        >>> len(ax.get_yticklabels()), ax.patches
        (22, <Axes.ArtistList of 0 patches>)
    """
    words = _words(lang)
    rows: list[tuple[str, Status, bool]] = []
    tasks = sorted((t for t in result.tasks if t.identified),
                   key=lambda t: (t.task.pillar.value if t.task.pillar else "~", t.task.number or 99))
    for item in tasks:
        number = item.task.number if item.task.number is not None else "?"
        title = (item.task.title_vi or item.task.title_en) if lang == "vi" else (item.task.title_en or item.task.title)
        rows.append((f"{words['task']} {number}: {title}", item.status, item.has_evidence))
    for target in sorted(result.unattached, key=lambda t: (t.target.pillar.value, t.target.key)):
        title = (target.target.title_vi or target.target.title_en) if lang == "vi" else target.target.title_en
        rows.append((f"{words['plan_target']}: {title}", target.status, target.status.is_assessed))
    labels = [textwrap.fill(label, 58) for label, _s, _e in rows]
    lines_per_row = max((label.count("\n") + 1 for label in labels), default=1)
    columns = list(Status)
    ax = _axes(ax, (11, (0.14 + 0.12 * lines_per_row) * len(rows) + 2.6))
    for index, (_label, status, evidence) in enumerate(rows):
        colour = STATUS_COLOURS[status]
        ax.plot(columns.index(status), index, marker="o", markersize=9, linestyle="none",
                markerfacecolor=colour if evidence else "white", markeredgecolor=colour)
    ax.set_yticks(range(len(rows)), labels, fontsize=7)
    ax.set_xticks(range(len(columns)), [s.label_vi if lang == "vi" else s.label_en for s in columns],
                  fontsize=7, rotation=30, ha="right")
    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="x", color="#e9ecef")
    overall = result.overall
    if lang == "vi":
        headline = words["plan_headline"].format(label=overall.status.label_vi, assessed=overall.aggregate.n_assessed,
                                                 members=overall.aggregate.n_members, coverage=overall.coverage)
        title = f"{result.plan.title_vi}, {words['as_of']} {result.as_of.isoformat()}"
    else:
        headline = overall.summary()
        title = f"{result.plan.title_en}, {words['as_of']} {result.as_of.isoformat()}"
    ax.set_title(f"{title}\n{textwrap.fill(headline, 120)}", fontsize=9, loc="left")
    unidentified = len(result.unidentified)
    notes = [words["hollow_dot"]]
    if unidentified:
        notes.append(words["not_shown"].format(n=unidentified))
    decision = result.plan.decision.key if result.plan.decision else result.plan.key
    notes.append(f"{words['source']}: " + words["plan_source"].format(decision=decision, year=result.plan.year)
                 + "; " + _source_text(result.plan.sources, words).replace(f"{words['source']}: ", ""))
    _foot(ax, notes, result.as_of, words)
    return ax


def indicator_series(subject: Indicator | Target, ax: Any = None, *, scope: str = "national",
                     as_of: object = None, lang: Lang = "en") -> Any:
    """An indicator's observations over time; for a target, its line and deadline too.

    Each point sits at the last day of its period; only figures whose period ended by the
    as-of day are drawn. Estimates are hollow. The foot names the sources of every drawn
    figure (and of the target) and the as-of date.

    Args:
        subject: An indicator (its ``scope`` observations) or a target (its own scope).
        ax: Axes to draw on; a new figure when None.
        scope: For an indicator, which scope kind to draw (``"national"`` by default).
        as_of: The as-of date (default: the dataset's cut-off).
        lang: ``"en"`` or ``"vi"`` for titles and labels.

    Returns:
        The matplotlib Axes.

    Examples:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> import ducs
        >>> ax = indicator_series(ducs.load().targets.get("fibre_household_share"))
        >>> ax.get_title(loc="left")
        'Share of households with a fibre broadband Internet connection'
    """
    words = _words(lang)
    target = subject if isinstance(subject, Target) else None
    indicator: Indicator = target.indicator if target is not None else subject  # type: ignore[assignment]
    day = to_date(as_of) if as_of is not None else graph_of(indicator).cutoff
    if target is not None:
        series = target.observations()
    else:
        series = [obs for obs in indicator.observations() if obs.scope.kind.value == scope]
    series = [obs for obs in series if obs.period.ended_by(day)]
    ax = _axes(ax, (8, 4.8))
    xs = [plain_date(o.period.end) for o in series]
    ys = [o.value for o in series]
    ax.plot(xs, ys, marker="o", color=_INK, label=f"{indicator.key} ({words['observed']})")
    estimates = [(x, y) for x, y, obs in zip(xs, ys, series, strict=True) if obs.estimate]
    if estimates:
        ax.plot([x for x, _ in estimates], [y for _, y in estimates], marker="o", linestyle="none",
                markerfacecolor="white", markeredgecolor=_INK, label=words["estimate"])
    for x, y, obs in zip(xs, ys, series, strict=True):
        ax.annotate(f"{obs.qualifier.symbol}{y:g}", (x, y), textcoords="offset points", xytext=(0, 6),
                    ha="center", fontsize=7)
    refs: list[SourceRef] = [ref for obs in series for ref in obs.sources]
    if target is not None and target.value is not None and target.comparator is not Comparator.QUALITATIVE:
        ax.axhline(target.value, color="#c92a2a", linestyle="--",
                   label=f"{words['target']} {target.comparator.value} {target.value:g}")
        if target.high is not None:
            ax.axhline(target.high, color="#c92a2a", linestyle=":", label=f"{words['upper']} {target.high:g}")
        if target.deadline is not None:
            ax.axvline(plain_date(target.deadline.end), color=_FOOT, linestyle=":",
                       label=f"{words['deadline']} {target.deadline}")
        refs += list(target.sources)
    ax.set_ylabel(_unit(indicator, lang))
    ax.set_title(_indicator_name(indicator, lang), loc="left", fontsize=10)
    ax.legend(fontsize=7)
    notes = [words["hollow_estimate"]] if estimates else []
    if target is not None and target.set_by is not None:
        notes.append(f"{words['target']}: {target.set_by.key}")
    _foot(ax, [*notes, _source_text(refs, words)], day, words, width=130)
    return ax


def compare_provinces(ranked: Sequence[Ranked], ax: Any = None, *, lang: Lang = "en") -> Any:
    """A dot plot of the compared value per province, the best first (at the top).

    A rank is drawn on an axis that runs from the last place to first, so first is best and
    sits at the right; the title carries the year and how many units were ranked ("of 63",
    "of 34"). Ranks among different numbers of units never share an axis (ValueError).
    Provinces without a value are listed, with no dot. Estimates are hollow.

    Args:
        ranked: The rows of ``ds.compare(...)``.
        ax: Axes to draw on; a new figure when None.
        lang: ``"en"`` or ``"vi"`` for titles and labels.

    Returns:
        The matplotlib Axes.

    Raises:
        ValueError: The ranks were taken among different numbers of units (the 63-unit and
            the 34-unit rankings).

    Examples:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> import ducs
        >>> ax = compare_provinces(ducs.load().compare(["Hà Giang", "Lào Cai"], "dti_rank", as_of="2023-06-30"))
        >>> [t.get_text() for t in ax.get_yticklabels()], ax.get_title(loc="left")
        (['Lào Cai', 'Hà Giang'], 'Provincial DTI rank, 2022: rank of 63 provinces and cities')
    """
    words = _words(lang)
    present = [r.observation for r in ranked if r.observation is not None]
    denominators = {obs.denominator for obs in present}
    if len(denominators) > 1:
        raise ValueError(f"ranks among {sorted(int(d) for d in denominators if d)} units cannot share one axis; "
                         "compare units of one era")
    indicator = present[0].indicator if present else None
    is_rank = indicator is not None and indicator.unit == "rank"
    of = next(iter(denominators), None)
    ax = _axes(ax, (8, 0.42 * len(ranked) + 2.0))
    values = [obs.value for obs in present]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    for row, item in enumerate(ranked):
        obs = item.observation
        if obs is None:
            continue
        face = "white" if obs.estimate else _INK
        ax.plot(obs.value, row, marker="o", markersize=8, linestyle="none", markerfacecolor=face,
                markeredgecolor=_INK)
        value = f"{obs.qualifier.symbol}{obs.value:g}"
        label = f"#{value}" if is_rank else f"#{item.rank}: {value}"
        if len({o.period for o in present}) > 1:
            label += f" ({obs.period})"
        ax.annotate(label, (obs.value, row), xytext=(0, 7), textcoords="offset points", ha="center", fontsize=7)
    names = [r.province.name_vi if r.observation is not None else f"{r.province.name_vi} ({words['no_value']})"
             for r in ranked]
    ax.set_yticks(range(len(ranked)), names, fontsize=8)
    ax.set_ylim(len(ranked) - 0.5, -0.7)
    ax.grid(axis="y", color="#f1f3f5")
    ax.set_axisbelow(True)
    years = _years(present)
    if indicator is None:
        ax.set_title(words["no_value"], loc="left")
        day = ranked[0].as_of if ranked and ranked[0].as_of is not None else None
        if day is not None:
            _foot(ax, [], day, words)
        return ax
    name = _indicator_name(indicator, lang)
    if is_rank and of:
        ax.set_xlim(of + 1, 0)  # last place on the left, first place on the right
        tens = [n for n in range(10, int(of) + 1, 10) if int(of) - n >= 4]
        ax.set_xticks([1, *tens, int(of)])
        ax.set_xlabel(words["rank_axis"].format(n=int(of)))
        ax.set_title(words["rank_title"].format(name=name, years=years, n=int(of)), loc="left", fontsize=10)
    else:
        pad = (high - low) * 0.1 or 1.0
        lower_is_better = indicator.direction is Direction.LOWER_IS_BETTER
        ax.set_xlim((high + pad, low - pad) if lower_is_better else (low - pad, high + pad))
        axis = words["rank_axis_plain"] if is_rank else f"{_unit(indicator, lang)} ({words['better']})"
        ax.set_xlabel(axis)
        title = words["rank_title_plain"] if is_rank else words["compare_title"]
        ax.set_title(title.format(name=name, years=years), loc="left", fontsize=10)
    notes = [words["hollow_estimate"]] if any(obs.estimate for obs in present) else []
    day = next((r.as_of for r in ranked if r.as_of is not None), None)
    refs = [ref for obs in present for ref in obs.sources]
    _foot(ax, [*notes, _source_text(refs, words)], day or max(obs.period.end for obs in present), words, width=120)
    return ax


def save_figure(ax: Any, path: Any, dpi: int = 110) -> Path:
    """Save the figure of ``ax`` to ``path`` with every label and the foot kept whole; close it."""
    out = Path(path)
    ax.figure.savefig(out, dpi=dpi, bbox_inches="tight", pad_inches=0.15)
    _pyplot().close(ax.figure)
    return out


def save_recipe_figures(dataset: Any, folder: Any, *, lang: Lang = "en") -> list[Any]:
    """Draw the three recipe figures of the docs as PNG files in ``folder``; return their paths.

    The figures: the 2022 plan by task, households with fibre against the 2022 target, and the
    DTI 2022 ranks of six provinces (ties shown), drawn by the same calls as docs/recipes.md.

    Examples:
        >>> import tempfile, matplotlib; matplotlib.use("Agg")
        >>> import ducs
        >>> [p.name for p in save_recipe_figures(ducs.load(), tempfile.mkdtemp())]
        ['plan-2022.png', 'fibre-households.png', 'dti-2022-compare.png']
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    provinces = ["Hà Giang", "Quảng Trị", "An Giang", "Đà Nẵng", "Thanh Hóa", "Yên Bái"]
    drawings: dict[str, Callable[[], Any]] = {
        "plan-2022.png": lambda: plan_progress(dataset.plans.get(2022).progress(), lang=lang),
        "fibre-households.png": lambda: indicator_series(dataset.targets.get("fibre_household_share"), lang=lang),
        "dti-2022-compare.png": lambda: compare_provinces(
            dataset.compare(provinces, "dti_rank", as_of="2023-06-30"), lang=lang),
    }
    return [save_figure(draw(), out / name) for name, draw in drawings.items()]
