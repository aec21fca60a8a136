"""mkdocs hook: draw the recipe figures from the bundled data before each docs build.

The images land in docs/img/ (the README shows one of them), so the pictures in the docs
always match the data and the code of the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

IMG = Path(__file__).resolve().parent.parent / "docs" / "img"


def on_pre_build(config: Any, **_: Any) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import ducs
    from ducs.plots import save_recipe_figures

    save_recipe_figures(ducs.load(), IMG)
