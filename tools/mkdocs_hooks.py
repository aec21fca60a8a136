"""mkdocs hook: draw the docs' figures from exactly the code shown beside them.

Before each build, every page with figures (``docs/*.md`` with an ``img/*.png`` image) is run
as its reader would run it: the ``python`` examples of the page, in order, in one namespace.
After a code block that is followed by an image, the figure of the block's ``ax`` is saved as
that image. So a picture in the docs is always the output of the code printed above it, on
the bundled data of the build (the README shows one of them).

The data site (``ducs.site``) is built into a temporary folder and handed to mkdocs as files
under ``data/``, so the documentation site is also the data site, and mkdocs checks the links
to it like any other file.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent.parent / "docs"
SITE_FOLDER = "data"  # where the data site sits inside the docs site
_built: list[Path] = []

_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
_IMAGE = re.compile(r"!\[[^\]]*\]\((img/[^)]+\.png)\)")


def page_figures(text: str) -> list[tuple[list[doctest.Example], str]]:
    """(examples, image) pairs of a page: the examples of every block up to one an image follows.

    >>> page = "```python\\n>>> a = 1\\n\\n```\\n\\n```python\\n>>> ax = a\\n\\n```\\n\\n![x](img/x.png)\\n"
    >>> [([e.source for e in examples], image) for examples, image in page_figures(page)]
    [(['a = 1\\n', 'ax = a\\n'], 'img/x.png')]
    """
    parser = doctest.DocTestParser()
    found: list[tuple[list[doctest.Example], str]] = []
    examples: list[doctest.Example] = []
    blocks = list(_BLOCK.finditer(text))
    for index, block in enumerate(blocks):
        examples += parser.get_examples(block.group(1))
        after = text[block.end(): blocks[index + 1].start() if index + 1 < len(blocks) else len(text)]
        image = _IMAGE.search(after)
        if image:
            found.append((examples, image.group(1)))
            examples = []
    return found


def draw_page_figures(page: Path, root: Path | None = None) -> list[Path]:
    """Run the examples of ``page`` and save each figure beside the code that draws it."""
    import matplotlib

    matplotlib.use("Agg")
    from ducs.plots import save_figure

    folder = root or page.parent
    namespace: dict[str, Any] = {"__name__": f"docs.{page.stem}"}
    made = []
    for examples, image in page_figures(page.read_text(encoding="utf-8")):
        for example in examples:  # the page's own examples, run in order
            try:
                with contextlib.redirect_stdout(io.StringIO()):  # what the page prints is checked by its doctests
                    exec(compile(example.source, str(page), "exec"), namespace)  # noqa: S102  (our own docs)
            except Exception:
                if example.exc_msg is None:  # only an example that shows a traceback may raise
                    raise
        target = folder / image
        target.parent.mkdir(parents=True, exist_ok=True)
        made.append(save_figure(namespace["ax"], target))
    return made


def on_pre_build(config: Any, **_: Any) -> None:
    for page in sorted(DOCS.glob("*.md")):
        if _IMAGE.search(page.read_text(encoding="utf-8")):
            draw_page_figures(page)


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
            files.append(File.generated(config, path.relative_to(scratch).as_posix(), abs_src_path=str(path)))
    return files


def on_post_build(config: Any, **_: Any) -> None:
    while _built:
        shutil.rmtree(_built.pop(), ignore_errors=True)
