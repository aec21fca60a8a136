"""mkdocs hook: draw the recipe figures from the bundled data before each docs build.

The images land in docs/img/ (the README shows one of them), so the pictures in the docs
always match the data and the code of the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

IMG = Path(__file__).resolve().parent.parent / "docs" / "img"


def draw_all(folder: Path = IMG) -> list[Path]:
    """Render the three recipe figures as PNGs and return their paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import ducs
    from ducs import plots
    from ducs.progress import compare

    ds = ducs.load()
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    figures = {
        "plan-2022.png": lambda: plots.plan_progress(ds.plans.get(2022).progress()),
        "fibre-households.png": lambda: plots.indicator_series(ds.targets.get("fibre_household_share")),
        "dti-2022-compare.png": lambda: plots.compare_provinces(
            compare(["Hà Giang", "Quảng Trị", "An Giang", "Đà Nẵng", "Thanh Hóa", "Yên Bái", "Bắc Kạn", "Hòa Bình"],
                    "dti_rank", as_of="2023-06-30", dataset=ds)),
    }
    for name, draw in figures.items():
        ax = draw()
        ax.figure.tight_layout()
        path = folder / name
        ax.figure.savefig(path, dpi=110)
        plt.close(ax.figure)
        made.append(path)
    return made


def on_pre_build(config: Any, **_: Any) -> None:
    draw_all()
