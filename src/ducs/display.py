"""Compact HTML tables for notebooks (``_repr_html_`` of datasets, sessions, provinces, results).

>>> print(table(["a", "b"], [[1, "<x>"]]))
<table class="ducs"><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>&lt;x&gt;</td></tr></tbody></table>
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any


def _cell(value: Any) -> str:
    if value is None:
        return "<i>unknown</i>"
    if isinstance(value, float):
        return f"{value:g}"
    return escape(str(value))


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], caption: str = "") -> str:
    """An HTML table with escaped cells (None shows as *unknown*)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f'<table class="ducs">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def dataset_html(ds: Any) -> str:
    """Counts of each collection, the committee and the cut-off date."""
    rows = [[name, len(getattr(ds, name))] for name in (
        "sessions", "provinces", "indicators", "observations", "targets", "plans", "tasks", "sources", "documents")]
    caption = f"ducs dataset {ds.data_version} (cut-off {ds.cutoff.isoformat()}) — {ds.committee.name_vi}"
    return table(["collection", "records"], rows, caption)


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
    return table(["", ""], rows, f"Session {session.key}")


def province_html(province: Any) -> str:
    """A province's identity, lineage and DT facts."""
    rows = [
        ["name", f"{province.name_vi} ({province.name_en})"],
        ["key / code / era", f"{province.key} / {province.code} / {province.era}"],
        ["kind", province.kind.value],
        ["region", province.region],
        ["in force", f"{province.valid_from or '…'} → {province.valid_to or 'now'}"],
        ["successor", province.successor or "—"],
        ["predecessors", ", ".join(province.predecessors) or "—"],
        ["DT day", str(province.dt_day) if province.dt_day else "—"],
        ["steering committee head",
         province.steering_committee.head.value if province.steering_committee and province.steering_committee.head else "—"],
        ["figures", len(province.observations())],
    ]
    return table(["", ""], rows, province.name_vi)


def collection_html(collection: Any, limit: int = 20) -> str:
    """The first records of a collection, one per row."""
    items = list(collection)[:limit]
    rows = [[index, repr(item)] for index, item in enumerate(items)]
    more = f" (first {limit} of {len(collection)})" if len(collection) > limit else ""
    return table(["#", collection.kind], rows, f"{len(collection)} {collection.kind}s{more}")


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
        for item in result.tasks
    ]
    caption = f"{result.plan.title_en} — as of {result.as_of.isoformat()} ({result.profile.value}): {result.overall.status.value}"
    return table(["no.", "nhiệm vụ", "task", "pillar", "status", "evidence"], rows, caption)
