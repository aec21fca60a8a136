"""mkdocs hooks: draw the recipe figures and build the data site before each docs build.

The images land in docs/img/ (the README shows one of them), so the pictures in the docs
always match the data and the code of the build. The data site (``ducs.site``) is built into a
temporary folder and handed to mkdocs as files under ``data/``, so the documentation site is
also the data site, and mkdocs checks the links to it like any other file.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

IMG = Path(__file__).resolve().parent.parent / "docs" / "img"
SITE_FOLDER = "data"  # where the data site sits inside the docs site
_built: list[Path] = []


def on_pre_build(config: Any, **_: Any) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import ducs
    from ducs.plots import save_recipe_figures

    save_recipe_figures(ducs.load(), IMG)


def on_files(files: Any, config: Any, **_: Any) -> Any:
    from mkdocs.structure.files import File

    import ducs
    from ducs.site import build

    scratch = Path(tempfile.mkdtemp(prefix="ducs-data-site-"))
    _built.append(scratch)
    out = scratch / SITE_FOLDER
    build(ducs.load(), out)
    for path in sorted(out.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            uri = path.relative_to(scratch).as_posix()
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_post_build(config: Any, **_: Any) -> None:
    while _built:
        shutil.rmtree(_built.pop(), ignore_errors=True)
