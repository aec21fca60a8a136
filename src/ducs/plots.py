"""Plots with matplotlib (the ``plot`` extra): plan progress, an indicator against its target,
and provinces compared. Each function returns the matplotlib ``Axes`` so you can restyle it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ducs.errors import MissingExtraError
from ducs.vocab import Comparator, Status

from ducs.model import Indicator, Target
from ducs.periods import plain_date

__all__ = ["compare_provinces", "indicator_series", "plan_progress", "save_recipe_figures"]

if TYPE_CHECKING:
    from ducs.progress import PlanProgress, Ranked

STATUS_COLOURS: dict[Status, str] = {
    Status.TARGET_MET: "#1a7f37",
    Status.ON_TRACK: "#4caf50",
    Status.MODERATE: "#f0b429",
    Status.INSUFFICIENT: "#e8590c",
    Status.DETERIORATION: "#c92a2a",
    Status.NOT_MET: "#7b2c2c",
    Status.NOT_ASSESSABLE: "#adb5bd",
}
# Length of a task's bar: how far along the status says it is (not a measured share).
_STATUS_LENGTH: dict[Status, float] = {
    Status.TARGET_MET: 1.0,
    Status.ON_TRACK: 0.8,
    Status.MODERATE: 0.6,
    Status.INSUFFICIENT: 0.4,
    Status.DETERIORATION: 0.2,
    Status.NOT_MET: 0.2,
    Status.NOT_ASSESSABLE: 0.1,
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
    """One bar per task, coloured by status and grouped by pillar; ● marks tasks with evidence.

    Bar length encodes the status order (met longest, no evidence shortest); the legend names
    the colours. Returns the Axes.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import ducs
    >>> len(plan_progress(ducs.load().plans.get(2022).progress()).patches)
    18
    """
    from matplotlib.patches import Patch

    items = sorted(result.tasks, key=lambda t: (t.task.pillar.value if t.task.pillar else "~", t.task.number or 99))
    ax = _axes(ax, (12, 0.42 * len(items) + 1.5))
    labels = []
    for row, item in enumerate(items):
        number = item.task.number if item.task.number is not None else "?"
        pillar = item.task.pillar.value if item.task.pillar else "unknown"
        labels.append(f"{number}. {item.task.title_en or item.task.title} [{pillar}]"[:70])
        ax.barh(row, _STATUS_LENGTH[item.status], color=STATUS_COLOURS[item.status], label=item.status.value)
        if item.has_evidence:
            ax.plot(_STATUS_LENGTH[item.status] + 0.03, row, marker="o", color="black", markersize=4)
    ax.set_yticks(range(len(items)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.1)
    ax.set_xticks([])
    ax.set_title(f"{result.plan.title_en}\nstatus as of {result.as_of.isoformat()} ({result.profile.value} profile)",
                 fontsize=10)
    present = [s for s in Status if any(i.status is s for i in items)]
    ax.legend(handles=[Patch(color=STATUS_COLOURS[s], label=s.value) for s in present],
              loc="lower right", fontsize=7)
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
        end = target.deadline.end
        ax.axvline(plain_date(end), color="#495057", linestyle=":", label=f"deadline {target.deadline}")
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
