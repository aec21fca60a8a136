"""The docs' pictures are drawn by exactly the code printed beside them (tools/mkdocs_hooks.py)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

import ducs

pytest.importorskip("matplotlib")
ROOT = Path(__file__).resolve().parent.parent
RECIPES = ROOT / "docs" / "recipes.md"


def hooks():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("mkdocs_hooks", ROOT / "tools" / "mkdocs_hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_image_of_the_recipes_follows_the_code_that_draws_it() -> None:
    text = RECIPES.read_text(encoding="utf-8")
    images = re.findall(r"\]\((img/[^)]+\.png)\)", text)
    pairs = hooks().page_figures(text)
    assert [image for _examples, image in pairs] == images
    for examples, image in pairs:
        assert any(e.source.startswith("ax = plots.") for e in examples), image


def test_the_hook_draws_the_pictures_from_the_page(tmp_path: Path) -> None:
    made = hooks().draw_page_figures(RECIPES, root=tmp_path)
    assert [p.name for p in made] == ["plan-2022.png", "fibre-households.png", "dti-2022-compare.png",
                                      "dti-2024-compare-vi.png"]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in made)


def test_the_command_line_draws_the_same_pictures_as_the_docs(tmp_path: Path) -> None:
    docs = {p.name: p.read_bytes() for p in hooks().draw_page_figures(RECIPES, root=tmp_path / "docs")}
    from ducs.plots import save_recipe_figures

    for path in save_recipe_figures(ducs.load(), tmp_path / "cli"):
        assert path.read_bytes() == docs[path.name], path.name
