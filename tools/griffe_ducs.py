"""Griffe extension for the API reference: doctest examples as code blocks, Sphinx roles as code.

Docstrings in ducs carry runnable examples (``>>>``). Under a Google ``Examples:`` heading
mkdocstrings renders them as code already; elsewhere (a module's narrative, a short method)
Markdown would read ``>>>`` as nested quotes. This extension fences every such bare example
block as ``pycon`` code, and turns any Sphinx role left in a docstring (``:class:`X```) into
inline code, so nothing shows up literally. Docstrings in the source stay what doctest runs.

>>> print(fence_examples("Text.\\n\\n>>> 1 + 1\\n2\\n\\nMore."))
Text.
<BLANKLINE>
```pycon
>>> 1 + 1
2
```
<BLANKLINE>
More.
>>> roles_as_code("see :meth:`Dataset.get` and :class:`~ducs.model.Target`")
'see `Dataset.get` and `Target`'
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Alias, Extension, Object

__all__ = ["DucsDocstrings", "fence_examples", "roles_as_code"]

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj|const):`~?([^`]+)`")
_SECTION = re.compile(r"^\s*(Examples?|Example usage):\s*$")


def roles_as_code(text: str) -> str:
    """Sphinx roles as inline code (``~`` keeps the last name only, as Sphinx shows it)."""
    def code(match: re.Match[str]) -> str:
        target = match.group(1)
        shown = target.rsplit(".", 1)[-1] if match.group(0).split("`")[1].startswith("~") else target
        return f"`{shown}`"

    return _ROLE.sub(code, text)


def fence_examples(text: str) -> str:
    """Wrap bare doctest blocks (a ``>>>`` line up to the next blank line) in ``pycon`` fences.

    Blocks inside a fenced block or under an ``Examples:`` heading are left alone.
    """
    out: list[str] = []
    lines = text.split("\n")
    in_fence = False
    section_indent: int | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if stripped.startswith("```"):
            in_fence = not in_fence
        if section_indent is not None and stripped and indent <= section_indent:
            section_indent = None
        if _SECTION.match(line):
            section_indent = indent
        if not in_fence and section_indent is None and stripped.startswith(">>>"):
            block = []
            while index < len(lines) and lines[index].strip():
                here = lines[index]
                block.append(here[indent:] if here[:indent].isspace() or not indent else here.lstrip())
                index += 1
            pad = " " * indent
            out += [f"{pad}```pycon", *(pad + b for b in block), f"{pad}```"]
            continue
        out.append(line)
        index += 1
    return "\n".join(out)


class DucsDocstrings(Extension):
    """Fence bare doctest examples and show Sphinx roles as code, in every docstring of the package."""

    def on_package(self, *, pkg: Any, **kwargs: Any) -> None:
        self._visit(pkg, set())

    def _visit(self, obj: Object, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.docstring is not None:
            obj.docstring.value = fence_examples(roles_as_code(obj.docstring.value))
        for member in obj.members.values():
            if not isinstance(member, Alias):
                self._visit(member, seen)
