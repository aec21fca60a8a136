"""Tables as text and as HTML: the one leaf every view renders through (imports nothing from ducs).

>>> print(text_table(["n", "name"], [[1, "Hà Giang"], [12, "Lào Cai"]]))
n   name
--  --------
1   Hà Giang
12  Lào Cai
>>> print(html_table(["a", "b"], [[1, "<x>"]]))
<table class="ducs"><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>&lt;x&gt;</td></tr></tbody></table>
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import Any

__all__ = [
    "TableRenderer",
    "cell_text",
    "collection_html",
    "dataset_html",
    "display_width",
    "html_table",
    "plan_progress_html",
    "province_html",
    "session_html",
    "shorten",
    "text_table",
]

TableRenderer = Callable[[Sequence[str], Sequence[Sequence[Any]]], str]


# --- text ------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (combining marks take none).

    >>> display_width("Hà Giang"), display_width("Ha\u0300 Giang")
    (8, 8)
    """
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def cell_text(value: Any) -> str:
    """A cell as text: None is "unknown", floats without trailing zeros.

    >>> cell_text(None), cell_text(81.70), cell_text("x")
    ('unknown', '81.7', 'x')
    """
    if value is None:
        return "unknown"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns with an ellipsis when longer.

    >>> shorten("Phổ cập hóa đơn điện tử", 10)
    'Phổ cập h…'
    """
    return text if len(text) <= width else text[: width - 1] + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def text_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows as an aligned plain-text table under a header and a rule."""
    cells = [[cell_text(value) for value in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], display_width(cell))
    lines = ["  ".join(_pad(h, widths[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in cells]
    return "\n".join(lines)


# --- HTML ------------------------------------------------------------------------------------


def _html_cell(value: Any) -> str:
    if value is None:
        return "<i>unknown</i>"
    if isinstance(value, float):
        return f"{value:g}"
    return escape(str(value))


def html_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], caption: str = "") -> str:
    """An HTML table with escaped cells (None shows as *unknown*)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_html_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f'<table class="ducs">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def dataset_html(counts: Iterable[tuple[str, int]], caption: str) -> str:
    """Record counts per collection under a caption."""
    return html_table(["collection", "records"], [[name, n] for name, n in counts], caption)


def session_html(session: Any) -> str:
    """A session's facts with Vietnamese names and English glosses."""
    rows = [
        ["committee", f"{session.committee.name_vi} ({session.committee.name_en})"],
        ["number", session.number],
        ["date", session.date.isoformat()],
        ["time", session.time or session.part_of_day],
        ["format", session.format],
        ["chair", str(session.chair)],
        ["reviews", f"{session.reviews or ''} {session.reviews_text}".strip()],
        ["connection points", "; ".join(p.place for p in session.connection_points) or "—"],
        ["figures", len(session.figures())],
        ["sources", ", ".join(str(r) for r in session.sources)],
    ]
    return html_table(["", ""], rows, f"Session {session.key}")


def province_html(province: Any) -> str:
    """A province's identity, lineage and DT facts."""
    head = province.steering_committee.head if province.steering_committee else None
    rows = [
        ["name", f"{province.name_vi} ({province.name_en})"],
        ["key / code / era", f"{province.key} / {province.code} / {province.era}"],
        ["kind", province.kind.value],
        ["region", province.region],
        ["in force", f"{province.valid_from or '…'} → {province.valid_to or 'now'}"],
        ["successor", f"{province.successor.name_vi} ({province.successor.key})" if province.successor else "—"],
        ["predecessors", ", ".join(f"{p.name_vi} ({p.key})" for p in province.predecessors) or "—"],
        ["DT day", str(province.dt_day) if province.dt_day else "—"],
        ["steering committee head", head.value if head else "—"],
        ["figures", len(province.observations())],
    ]
    return html_table(["", ""], rows, province.name_vi)


def collection_html(collection: Any, limit: int = 20) -> str:
    """The first records of a collection, one per row."""
    items = list(collection)[:limit]
    rows = [[index, repr(item)] for index, item in enumerate(items)]
    more = f" (first {limit} of {len(collection)})" if len(collection) > limit else ""
    return html_table(["#", collection.kind], rows, f"{len(collection)} {collection.kind}s{more}")


def plan_progress_html(result: Any) -> str:
    """Per-task status with the Vietnamese title and English gloss."""
    rows = [
        [
            item.task.number if item.task.number is not None else "?",
            item.task.title_vi,
            item.task.title_en,
            item.task.pillar.value if item.task.pillar else None,
            item.status.value,
            "yes" if item.has_evidence else "no",
        ]
        for item in result.tasks if item.identified
    ]
    rows += [["—", None, t.target.title_en, t.target.pillar.value, t.status.value,
              "yes" if t.status.is_assessed else "no"] for t in result.unattached]
    caption = f"{result.plan.title_en} — as of {result.as_of.isoformat()}: {result.overall.summary()}"
    return html_table(["no.", "nhiệm vụ", "task", "pillar", "status", "evidence"], rows, caption)
