"""Plots with matplotlib (the ``plot`` extra): plan progress, an indicator against its target,
and provinces compared. Each function returns the matplotlib ``Axes`` so you can restyle it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ducs.errors import MissingExtraError
from ducs.model import Indicator, Target
from ducs.periods import plain_date
from ducs.render import shorten
from ducs.vocab import Comparator, Status

__all__ = ["compare_provinces", "indicator_series", "plan_progress", "save_recipe_figures"]

if TYPE_CHECKING:
    from ducs.progress import PlanProgress, Ranked

STATUS_COLOURS: dict[Status, str] = {
    Status.TARGET_MET: "#1a7f37",
    Status.PARTLY_MET: "#74b816",
    Status.ON_TRACK: "#4caf50",
    Status.MODERATE: "#f0b429",
    Status.INSUFFICIENT: "#e8590c",
    Status.DETERIORATION: "#c92a2a",
    Status.NOT_MET: "#7b2c2c",
    Status.INSUFFICIENT_EVIDENCE: "#ced4da",
    Status.NOT_ASSESSABLE: "#adb5bd",
}


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


def plan_progress(result: PlanProgress, ax: Any = None) -> Any:
    """A status grid: one row per plan item, a dot in the column of its status.

    Rows are the identified tasks, then the plan targets outside any task (grouped by pillar);
    columns are the statuses, so a category is a position, never a bar length. A hollow dot
    marks an item without evidence. The title carries the headline with its coverage and the
    as-of date; the foot of the figure names the data and where the citations are.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import ducs
    >>> ax = plan_progress(ducs.load().plans.get(2022).progress())
    >>> len(ax.get_yticklabels()), ax.patches
    (22, <Axes.ArtistList of 0 patches>)
    """
    rows: list[tuple[str, Status, bool]] = []
    tasks = sorted((t for t in result.tasks if t.identified),
                   key=lambda t: (t.task.pillar.value if t.task.pillar else "~", t.task.number or 99))
    for item in tasks:
        number = item.task.number if item.task.number is not None else "?"
        rows.append((f"task {number}: {item.task.title_en or item.task.title}", item.status, item.has_evidence))
    for target in sorted(result.unattached, key=lambda t: (t.target.pillar.value, t.target.key)):
        rows.append((f"target: {target.target.title_en}", target.status, target.status.is_assessed))
    columns = list(Status)
    ax = _axes(ax, (11, 0.36 * len(rows) + 2.4))
    for index, (_label, status, evidence) in enumerate(rows):
        colour = STATUS_COLOURS[status]
        ax.plot(columns.index(status), index, marker="o", markersize=9, linestyle="none",
                markerfacecolor=colour if evidence else "white", markeredgecolor=colour)
    ax.set_yticks(range(len(rows)), [shorten(label, 64) for label, _s, _e in rows], fontsize=7)
    ax.set_xticks(range(len(columns)), [s.label_en for s in columns], fontsize=7, rotation=30, ha="right")
    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="x", color="#e9ecef")
    unidentified = len(result.unidentified)
    ax.set_title(f"{result.plan.title_en}, as of {result.as_of.isoformat()}\n{result.overall.summary()}",
                 fontsize=9, loc="left")
    note = f"{unidentified} tasks not identified in any available source are not shown. " if unidentified else ""
    decision = f"plan: {result.plan.decision.key}; " if result.plan.decision else ""
    ax.figure.text(0.01, 0.005, f"{note}Source: {decision}figures and milestones as cited per item "
                   f"(ducs progress {result.plan.year} --json).", fontsize=6, color="#495057")
    return ax


def indicator_series(subject: Indicator | Target, ax: Any = None, *, scope: str = "national") -> Any:
    """An indicator's observations over time; for a target, its line and deadline too.

    Each point sits at the last day of its period. Returns the Axes.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import ducs
    >>> ax = indicator_series(ducs.load().targets.get("fibre_household_share"))
    >>> ax.get_title()
    'Share of households with a fibre broadband Internet connection'
    """

    target = subject if isinstance(subject, Target) else None
    indicator: Indicator = target.indicator if target is not None else subject  # type: ignore[assignment]
    if target is not None:
        series = target.observations()
    else:
        series = [obs for obs in indicator.observations() if obs.scope.kind.value == scope]
    ax = _axes(ax, (8, 4.5))
    xs = [plain_date(o.period.end) for o in series]
    ys = [o.value for o in series]
    ax.plot(xs, ys, marker="o", color="#1c7ed6", label=f"{indicator.key} (observed)")
    for x, y, obs in zip(xs, ys, series, strict=True):
        ax.annotate(f"{obs.qualifier.symbol}{y:g}", (x, y), textcoords="offset points", xytext=(0, 6),
                    ha="center", fontsize=7)
    if target is not None and target.value is not None and target.comparator is not Comparator.QUALITATIVE:
        ax.axhline(target.value, color="#c92a2a", linestyle="--", label=f"target {target.comparator.value} {target.value:g}")
        if target.high is not None:
            ax.axhline(target.high, color="#c92a2a", linestyle=":", label=f"upper bound {target.high:g}")
        if target.deadline is not None:
            ax.axvline(plain_date(target.deadline.end), color="#495057", linestyle=":",
                       label=f"deadline {target.deadline}")
    ax.set_ylabel(indicator.unit)
    ax.set_title(indicator.name_en)
    ax.legend(fontsize=7)
    return ax


def compare_provinces(ranked: Sequence[Ranked], ax: Any = None) -> Any:
    """Bars of the compared value per province, best first; missing values are labelled n/a.

    Examples:
        >>> import matplotlib; matplotlib.use("Agg")
        >>> import ducs
        >>> ax = compare_provinces(ducs.load().compare(["Hà Giang", "Lào Cai"], "dti_rank", as_of="2023-06-30"))
        >>> [t.get_text() for t in ax.get_yticklabels()]
        ['Lào Cai', 'Hà Giang']
    """
    ax = _axes(ax, (8, 0.35 * len(ranked) + 1.5))
    names = [r.province.name_vi for r in ranked]
    values = [r.value if r.value is not None else 0.0 for r in ranked]
    bars = ax.barh(range(len(ranked)), values, color=["#1c7ed6" if r.value is not None else "#dee2e6" for r in ranked])
    for bar, item in zip(bars, ranked, strict=True):
        text = f"#{item.rank}  {item.value:g} ({item.observation.period})" if item.observation is not None else "n/a"
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {text}", va="center", fontsize=7)
    ax.set_yticks(range(len(ranked)), names, fontsize=8)
    ax.invert_yaxis()
    indicator = next((r.observation.indicator for r in ranked if r.observation is not None), None)
    if indicator is not None:
        ax.set_xlabel(indicator.unit)
        ax.set_title(f"{indicator.name_en}: provinces compared")
    return ax


def save_recipe_figures(dataset: Any, folder: Any) -> list[Any]:
    """Draw the three recipe figures of the docs as PNG files in ``folder``; return their paths.

    The figures: the 2022 plan by task, households with fibre against the 2022 target, and the
    DTI 2022 ranks of selected provinces (ties shown).

    Examples:
        >>> import tempfile, matplotlib; matplotlib.use("Agg")
        >>> import ducs
        >>> [p.name for p in save_recipe_figures(ducs.load(), tempfile.mkdtemp())]
        ['plan-2022.png', 'fibre-households.png', 'dti-2022-compare.png']
    """
    plt = _pyplot()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    provinces = ["Hà Giang", "Quảng Trị", "An Giang", "Đà Nẵng", "Thanh Hóa", "Yên Bái", "Bắc Kạn", "Hòa Bình"]
    drawings: dict[str, Callable[[], Any]] = {
        "plan-2022.png": lambda: plan_progress(dataset.plans.get(2022).progress()),
        "fibre-households.png": lambda: indicator_series(dataset.targets.get("fibre_household_share")),
        "dti-2022-compare.png": lambda: compare_provinces(
            dataset.compare(provinces, "dti_rank", as_of="2023-06-30")),
    }
    made = []
    for name, draw in drawings.items():
        ax = draw()
        ax.figure.tight_layout()
        ax.figure.savefig(out / name, dpi=110)
        plt.close(ax.figure)
        made.append(out / name)
    return made
