"""Tables as text and as HTML: the one leaf every view renders through (imports nothing from ducs).

Records and results call the builders here for their notebook displays (``_repr_html_``);
the builders are duck-typed, so this module needs nothing from the rest of ducs. The status
colours live here too, so figures, HTML and the CLI share one table.

>>> print(text_table(["n", "name"], [[1, "Hà Giang"], [12, "Lào Cai"]]))
n   name
--  --------
1   Hà Giang
12  Lào Cai
>>> print(html_table(["a", "b"], [[1, "<x>"]]))
<table class="ducs"><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>&lt;x&gt;</td></tr></tbody></table>
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "COLLECTION_LIMIT",
    "REPR_WIDTH",
    "STATUS_COLOURS",
    "Html",
    "TableRenderer",
    "badge",
    "cell_text",
    "citation_html",
    "citations_html",
    "cited_row",
    "collection_html",
    "committee_html",
    "dataset_html",
    "display_width",
    "document_html",
    "html_table",
    "indicator_html",
    "key_html",
    "milestone_html",
    "named_row",
    "nowrap",
    "observation_html",
    "observation_row",
    "plan_html",
    "plan_progress_html",
    "province_html",
    "province_name",
    "ranked_html",
    "record_html",
    "repr_session",
    "session_html",
    "short_repr",
    "shorten",
    "source_html",
    "source_label",
    "status_label",
    "target_html",
    "target_progress_html",
    "task_html",
    "task_progress_html",
    "text_colour_on",
    "text_table",
    "theme_html",
]

TableRenderer = Callable[[Sequence[str], Sequence[Sequence[Any]]], str]

STATUS_COLOURS: dict[str, str] = {
    "target_met": "#1a7f37",
    "partly_met": "#74b816",
    "on_track": "#4caf50",
    "moderate": "#f0b429",
    "insufficient": "#e8590c",
    "deterioration": "#c92a2a",
    "not_met": "#7b2c2c",
    "insufficient_evidence": "#ced4da",
    "not_assessable": "#adb5bd",
}
"""The colour of each progress status, by its value: plots, HTML badges and the CLI share it."""

REPR_WIDTH = 300
"""Most characters a ``repr`` of a record or result takes (one line, never a wall)."""

COLLECTION_LIMIT = 20
"""Rows a collection shows in a notebook before it says how many more there are."""


# --- text ------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (combining marks take none).

    Examples:
        >>> display_width("Hà Giang"), display_width("Ha\u0300 Giang")
        (8, 8)
    """
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def cell_text(value: Any) -> str:
    """A cell as text: None is "unknown", floats without trailing zeros.

    Examples:
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

    Examples:
        >>> shorten("Phổ cập hóa đơn điện tử", 10)
        'Phổ cập h…'
    """
    return text if len(text) <= width else text[: width - 1] + "…"


def short_repr(name: str, body: str, width: int = REPR_WIDTH) -> str:
    """A one-line ``<Name body>`` repr, cut to ``width`` characters.

    Examples:
        >>> short_repr("Observation", "dti_rank = 1/63 rank [province:Đà Nẵng, 2020]")
        '<Observation dti_rank = 1/63 rank [province:Đà Nẵng, 2020]>'
        >>> len(short_repr("Note", "x" * 1000))
        300
    """
    one_line = " ".join(body.split())
    return f"<{name} {shorten(one_line, width - len(name) - 3)}>"


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


# --- HTML pieces -----------------------------------------------------------------------------


class Html(str):
    """Text that is already HTML: tables put it in a cell as it is, where other text is escaped.

    Examples:
        >>> html_table(["a"], [[Html("<b>x</b>")], ["<b>y</b>"]])
        '<table class="ducs"><thead><tr><th>a</th></tr></thead><tbody><tr><td><b>x</b></td></tr><tr><td>&lt;b&gt;y&lt;/b&gt;</td></tr></tbody></table>'
    """

    __slots__ = ()


_MUTED = "color:#6c757d"
_NONE = Html(f'<span style="{_MUTED}">—</span>')


def _html_cell(value: Any) -> str:
    if isinstance(value, Html):
        return value
    if value is None:
        return "<i>unknown</i>"
    if isinstance(value, float):
        return f"{value:g}"
    return escape(str(value))


def _muted(text: str) -> Html:
    return Html(f'<span style="{_MUTED}">{escape(text)}</span>')


def _join(parts: Iterable[str], separator: str = ", ") -> Html:
    return Html(separator.join(parts))


_ALIGN = ' style="text-align:left;vertical-align:top"'  # notebooks right-align cells by default


def html_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], caption: str = "", *,
               left: bool = False) -> str:
    """An HTML table: text cells escaped, [`Html`][ducs.render.Html] cells kept, None shown as *unknown*.

    ``left`` aligns every cell left and top (notebooks right-align cells by default).
    """
    align = _ALIGN if left else ""
    head = "".join(f"<th{align}>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td{align}>{_html_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    cap = f"<caption>{_html_cell(caption)}</caption>" if caption else ""
    thead = f"<thead><tr>{head}</tr></thead>" if any(headers) else ""
    return f'<table class="ducs">{cap}{thead}<tbody>{body}</tbody></table>'


def text_colour_on(background: str) -> str:
    """Black or white text, whichever reads better on a ``#rrggbb`` background.

    Examples:
        >>> text_colour_on("#1a7f37"), text_colour_on("#ced4da")
        ('#ffffff', '#212529')
    """
    red, green, blue = (int(background[i:i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#212529" if luminance > 0.55 else "#ffffff"


def _status_value(status: Any) -> str:
    return str(getattr(status, "value", status))


def status_label(status: Any, lang: str = "en") -> str:
    """A status in words: its ``label_en``/``label_vi`` when it has one, else its value spelt out.

    Examples:
        >>> status_label("target_met")
        'target met'
    """
    label = getattr(status, f"label_{lang}", None)
    return str(label) if label else _status_value(status).replace("_", " ")


def badge(status: Any, lang: str = "en") -> Html:
    """A status as a coloured badge carrying its label in words (colours: [`STATUS_COLOURS`][ducs.render.STATUS_COLOURS]).

    Examples:
        >>> print(badge("not_met"))
        <span class="ducs-status ducs-status-not_met" title="not_met" style="display:inline-block;padding:0 .5em;border-radius:.6em;font-size:90%;white-space:nowrap;background:#7b2c2c;color:#ffffff">not met</span>
    """
    value = _status_value(status)
    colour = STATUS_COLOURS.get(value, "#e9ecef")
    style = (f"display:inline-block;padding:0 .5em;border-radius:.6em;font-size:90%;white-space:nowrap;"
             f"background:{colour};color:{text_colour_on(colour)}")
    return Html(f'<span class="ducs-status ducs-status-{escape(value)}" title="{escape(value)}" '
                f'style="{style}">{escape(status_label(status, lang))}</span>')


def _host(url: str) -> str:
    host = urlsplit(url).netloc
    return host.removeprefix("www.")


def source_label(source: Any) -> str:
    """A source in a few characters: the site of its address, or a primary document's id.

    Examples:
        >>> from types import SimpleNamespace as NS
        >>> source_label(NS(id="web-1", url="https://www.baomoi.net.vn/x")), source_label(NS(id="003.txt", url=None))
        ('baomoi.net.vn', '003.txt')
    """
    return _host(source.url) if source.url else str(source.id)


def citation_html(ref: Any) -> Html:
    """A citation as a link to its source's address; a primary document (no address) by its id.

    Examples:
        >>> from types import SimpleNamespace as NS
        >>> web = NS(id="web-1", url="https://www.example.vn/a?b=1&c=2", title="A <b>", publisher="P")
        >>> print(citation_html(NS(source=web, locator="")))
        <a class="ducs-cite" href="https://www.example.vn/a?b=1&amp;c=2" title="P: A &lt;b&gt;" target="_blank" rel="noopener">example.vn</a>
        >>> doc = NS(id="000_352dfded16563b3a.txt", url=None, title="T", publisher="P")
        >>> print(citation_html(NS(source=doc, locator="¶3")))
        <cite class="ducs-cite" title="P: T">000_352dfded16563b3a.txt#¶3</cite>
    """
    source = ref.source
    tip = escape(f"{source.publisher}: {source.title}")
    where = f"#{ref.locator}" if ref.locator else ""
    if source.url:
        return Html(f'<a class="ducs-cite" href="{escape(source.url)}" title="{tip}" target="_blank" '
                    f'rel="noopener">{escape(_host(source.url) + where)}</a>')
    return Html(f'<cite class="ducs-cite" title="{tip}">{escape(source.id + where)}</cite>')


def citations_html(refs: Iterable[Any], limit: int = 3) -> Html:
    """Citations as links, the first ``limit`` of them and how many more."""
    found = list(refs)
    if not found:
        return _NONE
    shown = [citation_html(ref) for ref in found[:limit]]
    if len(found) > limit:
        shown.append(_muted(f"+{len(found) - limit} more"))
    return _join(shown)


def _date(value: Any) -> str:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else cell_text(value)


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def province_name(province: Any) -> str:
    """A unit by name, with its era when names repeat across eras: ``"Lào Cai (2008–2025)"``."""
    if province is None:
        return "—"
    start = getattr(province, "valid_from", None)
    end = getattr(province, "valid_to", None)
    if end is None:
        return f"{province.name_vi} (since {start.year})" if start is not None else province.name_vi
    return f"{province.name_vi} ({province.era}–{end.year})"


def _scope(scope: Any) -> str:
    province = getattr(scope, "province", None)
    if province is not None:
        return province_name(province)
    return str(scope)


def _value(obs: Any) -> str:
    text = f"{obs.qualifier.symbol}{_number(obs.value)}"
    unit = obs.indicator.unit
    if obs.denominator is not None:
        text += f" of {_number(obs.denominator)}"
    return f"rank {text}" if unit == "rank" else f"{text} {unit.replace('_', ' ')}"


def key_html(key: Any) -> Html:
    """A key in small muted code type (the key is what ``get`` takes)."""
    return Html(f'<code style="{_MUTED}">{escape(str(key))}</code>')


def _named(name: str | None, key: Any) -> Html:
    """A name with its key in small type (the key is what ``get`` takes)."""
    return Html(f"{escape(name or str(key))} {key_html(key)}")


def record_html(title: str, rows: Iterable[tuple[str, Any]], subtitle: str = "") -> str:
    """A record as a two-column card under its title (values may be [`Html`][ducs.render.Html])."""
    caption = Html(f"<b>{escape(title)}</b>" + (f" {_muted(subtitle)}" if subtitle else ""))
    kept = [[Html(f"<b>{escape(label)}</b>"), value] for label, value in rows if value not in ("", ())]
    return html_table(["", ""], kept, caption, left=True)


def _indicator_name(indicator: Any) -> str:
    return str(indicator.name_en)


# --- records ---------------------------------------------------------------------------------


def dataset_html(counts: Iterable[tuple[str, int]], caption: str) -> str:
    """Record counts per collection under a caption."""
    return html_table(["collection", "records"], [[name, n] for name, n in counts], caption)


def session_html(session: Any) -> str:
    """A session's facts with Vietnamese names and English glosses."""
    rows = [
        ("committee", f"{session.committee.name_vi} ({session.committee.name_en})"),
        ("number", session.number),
        ("date", session.date.isoformat()),
        ("time", _date(session.time) if session.time else session.part_of_day or "unknown"),
        ("format", session.format),
        ("chair", str(session.chair)),
        ("reviews", f"{session.reviews or ''} {session.reviews_text}".strip() or _NONE),
        ("connection points", "; ".join(p.place for p in session.connection_points) or _NONE),
        ("figures", len(session.figures())),
        ("sources", citations_html(session.sources, 5)),
    ]
    number = f"session {session.number}" if session.number is not None else "unnumbered session"
    return record_html(f"{session.committee.name_en}: {number}, {session.date.isoformat()}", rows)


def province_html(province: Any) -> str:
    """A province's identity, lineage (by name) and DT facts."""
    head = province.steering_committee.head if province.steering_committee else None
    successor, predecessors = province.successor, province.predecessors  # units, not keys
    rows = [
        ("name", f"{province.name_vi} ({province.name_en})"),
        ("kind", province.kind.value),
        ("era", (f"{province.era}: in force {_date(province.valid_from) if province.valid_from else '…'} → "
                 f"{_date(province.valid_to) if province.valid_to else 'now'}")),
        ("region", province.region),
        ("merged into", province_name(successor) if successor is not None else _NONE),
        ("formed from", ", ".join(province_name(p) for p in predecessors) or _NONE),
        ("DT day", str(province.dt_day) if province.dt_day else _NONE),
        ("steering committee head", head.value.replace("_", " ") if head else _NONE),
        ("figures", len(province.observations())),
        ("key / code", key_html(f"{province.key} / {province.code}")),
        ("sources", citations_html(province.sources)),
    ]
    return record_html(province.name_vi, rows, f"{province.name_en}, {province.era} era")


def indicator_html(indicator: Any) -> str:
    """An indicator: names, unit, pillar, direction, how it is measured, how many figures."""
    rows = [
        ("tên", indicator.name_vi or _NONE),
        ("unit", indicator.unit),
        ("pillar", getattr(indicator.pillar, "label_en", indicator.pillar)),
        ("direction", indicator.direction.name.lower().replace("_", " ")),
        ("measure", indicator.measure),
        ("figures", len(indicator.observations())),
        ("targets", ", ".join(t.key for t in indicator.targets()) or _NONE),
        ("key", key_html(indicator.key)),
        ("sources", citations_html(indicator.sources)),
    ]
    return record_html(indicator.name_en, rows)


def observation_html(obs: Any) -> str:
    """A figure as its source gives it: value, unit, whom and when it is about, citations."""
    rows = [
        ("value", Html(escape(_value(obs)) + (f" {_muted('(estimate)')}" if obs.estimate else ""))),
        ("about", _scope(obs.scope)),
        ("period", str(obs.period)),
        ("reported", obs.reported),
        ("session", repr_session(obs.session) if obs.session is not None else ""),
        ("match", obs.match.value if obs.match.value != "exact" else ""),
        ("note", obs.note),
        ("confidence", obs.confidence.value),
        ("key", key_html(obs.key)),
        ("sources", citations_html(obs.sources, 5)),
    ]
    return record_html(_indicator_name(obs.indicator), rows, obs.indicator.key)


def repr_session(session: Any) -> str:
    """A session named as people say it: ``"session 2 (2022-04-27)"``."""
    number = f"session {session.number}" if session.number is not None else "session"
    return f"{number} ({session.date.isoformat()})"


def target_html(target: Any) -> str:
    """A target in words with its deadline, who set it, and its citations."""
    rows = [
        ("target", target.describe()),
        ("indicator", _named(_indicator_name(target.indicator), target.indicator.key)),
        ("about", _scope(target.scope)),
        ("set by", target.set_by.key if target.set_by is not None else _NONE),
        ("plan", target.plan),
        ("note", target.note),
        ("key", key_html(target.key)),
        ("sources", citations_html(target.sources)),
    ]
    return record_html(target.title_en, rows, target.title_vi or "")


def plan_html(plan: Any) -> str:
    """A plan: its titles, decision, and its tasks and targets counted."""
    rows = [
        ("tên", plan.title_vi),
        ("decision", plan.decision.key if plan.decision is not None else _NONE),
        ("signed", _date(plan.signed) if plan.signed else _NONE),
        ("tasks", f"{len(plan.tasks)} recorded of {cell_text(plan.tasks_declared)} declared"),
        ("targets", len(plan.targets)),
        ("sources", citations_html(plan.sources)),
    ]
    return record_html(plan.title_en, rows)


def task_html(task: Any) -> str:
    """A task of a plan: number, titles, lead agency, pillar, targets."""
    number = task.number if task.number is not None else "?"
    rows = [
        ("nhiệm vụ", task.title_vi or _NONE),
        ("task", task.title_en or _NONE),
        ("lead agency", task.lead_agency),
        ("pillar", getattr(task.pillar, "label_en", None) if task.pillar is not None else _NONE),
        ("targets", _join(escape(t.title_en) for t in task.targets) or _NONE),
        ("key", key_html(task.key)),
        ("sources", citations_html(task.sources)),
    ]
    return record_html(f"{task.plan.year} plan, task {number}", rows)


def milestone_html(milestone: Any) -> str:
    """A dated event: what happened, whether it proves the outcome or is a step, its sources."""
    owner = milestone.task if milestone.task is not None else milestone.target
    what = "outcome achieved" if milestone.achieved else "outcome not achieved"
    rows = [
        ("date", milestone.date.isoformat()),
        ("kind", what if milestone.kind.value == "outcome" else "step (activity, not an outcome)"),
        ("for", getattr(owner, "title", None) or getattr(owner, "title_en", None) if owner is not None else _NONE),
        ("description", milestone.description),
        ("key", key_html(milestone.key)),
        ("sources", citations_html(milestone.sources)),
    ]
    return record_html(shorten(milestone.description, 90), rows)


def source_html(source: Any) -> str:
    """A source: title, publisher, date, address (a link), and how many records cite it."""
    link = (Html(f'<a href="{escape(source.url)}" target="_blank" rel="noopener">{escape(source.url)}</a>')
            if source.url else _muted("primary document (bundled; cited by its id)"))
    rows = [
        ("publisher", source.publisher),
        ("kind", source.kind.value.replace("_", " ")),
        ("published", _date(source.published) if source.published is not None else _NONE),
        ("language", source.language),
        ("address", link),
        ("cited by", f"{len(source.records())} records"),
        ("id", key_html(source.id)),
    ]
    return record_html(source.title, rows)


def document_html(document: Any) -> str:
    """An official document: number, titles, issuer, date."""
    rows = [
        ("tên", document.title_vi or _NONE),
        ("issued", _date(document.issued) if document.issued else _NONE),
        ("issuer", document.issuer),
        ("kind", document.kind),
        ("sources", citations_html(document.sources)),
    ]
    return record_html(f"{document.key}: {document.title_en}", rows)


def committee_html(committee: Any) -> str:
    """A committee: names, chair, founding, sessions, successor."""
    successor = committee.successor
    rows = [
        ("tên", committee.name_vi),
        ("chair", str(committee.chair)),
        ("founded", _date(committee.founded) if committee.founded else _NONE),
        ("standing agency", committee.standing_agency),
        ("sessions", len(committee.sessions())),
        ("succeeded by", successor.name_en if successor is not None else _NONE),
        ("sources", citations_html(committee.sources)),
    ]
    return record_html(committee.name_en, rows)


def theme_html(theme: Any) -> str:
    """The theme of a year of national DT."""
    rows = [
        ("chủ đề", theme.theme_vi or _NONE),
        ("theme", theme.theme_en or _NONE),
        ("DT day theme", theme.dt_day_theme_en or theme.dt_day_theme_vi or _NONE),
        ("sources", citations_html(theme.sources)),
    ]
    return record_html(f"{theme.year}: the year's theme", rows)


# --- results ---------------------------------------------------------------------------------


def target_progress_html(result: Any) -> str:
    """A target's status as a badge, why in one sentence, and the figures it rests on."""
    current = result.current
    baseline = result.baseline
    rows = [
        ("status", Html(badge(result.status) + (f" {_muted(result.tense.value)}" if result.tense else ""))),
        ("why", result.explanation),
        ("target", result.target.describe()),
        ("baseline", f"{_value(baseline)} ({baseline.period})" if baseline is not None else _NONE),
        ("latest", f"{_value(current)} ({current.period})" if current is not None else _NONE),
        ("share achieved", f"{result.achieved_share:.0%}" if result.achieved_share is not None else _NONE),
        ("later figures", f"{len(result.later)} after the as-of date" if result.later else ""),
        ("proxy figures (not used)", len(result.proxies) if result.proxies else ""),
        ("evidence", citations_html([ref for obs in (baseline, current) if obs is not None
                                     for ref in obs.sources]
                                    + [ref for m in result.milestones for ref in m.sources], 5)),
    ]
    return record_html(result.target.title_en, rows, f"as of {result.as_of.isoformat()}")


def task_progress_html(result: Any) -> str:
    """A task's status as a badge with its targets' badges and its milestones."""
    task = result.task
    number = task.number if task.number is not None else "?"
    targets = _join((f"{badge(t.status)} {escape(t.target.title_en)}" for t in result.targets), "<br>")
    rows = [
        ("status", badge(result.status)),
        ("nhiệm vụ", task.title_vi or _NONE),
        ("task", task.title_en or _NONE),
        ("targets", targets or _NONE),
        ("outcome milestones", len(result.milestones) if result.milestones else ""),
        ("steps", len(result.steps) if result.steps else ""),
        ("why not assessed", (result.reason or "").replace("_", " ")),
        ("evidence", citations_html([ref for t in result.targets if t.status.is_assessed
                                     for obs in (t.baseline, t.current) if obs is not None
                                     for ref in obs.sources]
                                    + [ref for m in result.milestones for ref in m.sources], 5)),
    ]
    return record_html(f"{task.plan.year} plan, task {number}", rows, f"as of {result.as_of.isoformat()}")


def plan_progress_html(result: Any) -> str:
    """Per-task status (a badge each) with the Vietnamese title and English gloss."""
    rows = [
        [
            item.task.number if item.task.number is not None else "?",
            item.task.title_vi,
            item.task.title_en,
            getattr(item.task.pillar, "label_en", None) if item.task.pillar else None,
            badge(item.status),
            "yes" if item.has_evidence else "no",
        ]
        for item in result.tasks if item.identified
    ]
    rows += [["—", _NONE, t.target.title_en, getattr(t.target.pillar, "label_en", None), badge(t.status),
              "yes" if t.status.is_assessed else "no"] for t in result.unattached]
    caption = Html(f"<b>{escape(result.plan.title_en)}</b> — as of {result.as_of.isoformat()}: "
                   f"{badge(result.overall.status)} {escape(result.overall.summary())}")
    return html_table(["no.", "nhiệm vụ", "task", "pillar", "status", "evidence"], rows, caption, left=True)


def ranked_html(ranked: Any) -> str:
    """One province of a comparison: rank, value and citation."""
    obs = ranked.observation
    rows = [
        ("rank", f"{ranked.rank}" if ranked.rank is not None else "no value"),
        ("value", f"{_value(obs)} ({obs.period})" if obs is not None else _NONE),
        ("sources", citations_html(obs.sources) if obs is not None else _NONE),
    ]
    return record_html(province_name(ranked.province), rows)


# --- collections -----------------------------------------------------------------------------


def _row_of(item: Any) -> Mapping[str, Any]:
    row = getattr(item, "_html_row_", None)
    return row() if callable(row) else {"record": repr(item)}


def collection_html(collection: Any, limit: int = COLLECTION_LIMIT) -> str:
    """A collection as a compact table: its first ``limit`` rows, one per record, and its count.

    Each record gives its own row (``_html_row_``); the caption says how many records there
    are and how many are shown.
    """
    total = len(collection)
    items = list(itertools.islice(collection, limit))  # a million rows held as columns: build 20
    rows = [_row_of(item) for item in items]
    headers = list(rows[0]) if rows else []
    kind = getattr(collection, "kind", "record")
    plural = f"{kind}s" if total != 1 else kind
    shown = f" — showing the first {limit}" if total > limit else ""
    caption = Html(f"<b>{total} {escape(plural)}</b>{escape(shown)}")
    return html_table(headers, [[row.get(h) for h in headers] for row in rows], caption, left=True)


def nowrap(text: Any) -> Html:
    """Text kept on one line (a date, a period, a value with its unit)."""
    return Html(f'<span style="white-space:nowrap">{_html_cell(text)}</span>')


def observation_row(obs: Any) -> dict[str, Any]:
    """An observation as a compact table row."""
    value = nowrap(_value(obs)) + (f" {_muted('(est.)')}" if obs.estimate else "")
    return {"indicator": _indicator_name(obs.indicator), "value": Html(value), "about": _scope(obs.scope),
            "period": nowrap(obs.period), "sources": citations_html(obs.sources, 2)}


def named_row(name: str, key: Any, **extra: Any) -> dict[str, Any]:
    """A record as a row: its name first, then ``extra`` columns, then its key."""
    return {"name": name, **extra, "key": key_html(key)}


def cited_row(row: dict[str, Any], sources: Sequence[Any]) -> dict[str, Any]:
    """``row`` with a sources column."""
    return {**row, "sources": citations_html(sources, 2)}
