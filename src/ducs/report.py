"""Text views of a dataset: the overview report (the main job) and its sections.

Each section is built as plain rows first (used by ``--json`` in the CLI), then rendered
through [`ducs.render`][ducs.render].

>>> import ducs
>>> print(overview(ducs.load()).splitlines()[0])  # doctest: +ELLIPSIS
ducs — Vietnam's national digital transformation, 2021-2025 (data ..., cut-off 2025-11-30)
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ducs.dataset import Dataset
from ducs.errors import NotFoundError
from ducs.model import Session, Source
from ducs.render import TableRenderer, shorten, text_table
from ducs.vocab import Pillar

__all__ = [
    "PILLAR_HEADERS",
    "SESSION_HEADERS",
    "SOURCE_HEADERS",
    "TASK_HEADERS",
    "COVERAGE_HEADERS",
    "committee_section",
    "coverage",
    "coverage_rows",
    "most_cited",
    "overview",
    "pillar_counts",
    "session_rows",
    "source_rows",
    "task_rows",
]

Row = list[Any]


def committee_section(ds: Dataset) -> dict[str, Any] | None:
    """The National Committee: names, chair, standing agency, founding, successor (None: a
    folder of one's own data without the committee)."""
    try:
        committee = ds.committee
    except NotFoundError:
        return None
    successor = committee.successor
    return {
        "name_vi": committee.name_vi,
        "name_en": committee.name_en,
        "chair": str(committee.chair),
        "standing_agency": committee.standing_agency,
        "founded": committee.founded.isoformat() if committee.founded else None,
        "founded_by": committee.founded_by.key if committee.founded_by else None,
        "successor": successor.name_en if successor else None,
        "successor_founded": successor.founded.isoformat() if successor and successor.founded else None,
    }


def session_rows(sessions: Sequence[Session]) -> list[Row]:
    """One row per session: number, date, time of day, format, period reviewed, figures.

    Examples:
        >>> import ducs
        >>> session_rows([ducs.load().sessions.get(2)])[0][:5]
        [2, '2022-04-27', 'morning', 'hybrid', '2022-Q1']
    """
    return [
        [
            session.number,
            session.date.isoformat(),
            session.time.isoformat()[:5] if session.time else (session.part_of_day.value if session.part_of_day else None),
            session.format.value if session.format else None,
            str(session.reviews) if session.reviews else "",
            len(session.figures()),
        ]
        for session in sessions
    ]


SESSION_HEADERS = ["no.", "date", "time", "format", "reviews", "figures"]


def task_rows(ds: Dataset, year: int = 2022) -> list[Row]:
    """The tasks of a plan: number, title, lead agency, pillar, linked targets."""
    plan = ds.plans.get(year)
    return [
        [
            task.number,
            task.title,
            task.lead_agency,
            task.pillar.value if task.pillar else None,
            len(task.targets),
        ]
        for task in plan.tasks
    ]


TASK_HEADERS = ["no.", "task", "lead", "pillar", "targets"]


def pillar_counts(ds: Dataset) -> list[Row]:
    """Cited figures (observations) per pillar and foundation, with the sources behind them."""
    figures: Counter[Pillar] = Counter()
    sources: dict[Pillar, set[str]] = {}
    for (indicator, refs), count in ds.observations.count_by("indicator", "sources").items():
        figures[indicator.pillar] += count
        sources.setdefault(indicator.pillar, set()).update(ref.source.id for ref in refs)
    return [
        [pillar.value, pillar.label_vi, figures[pillar], len(sources.get(pillar, ()))]
        for pillar in Pillar
        if figures[pillar]
    ]


PILLAR_HEADERS = ["pillar", "vi", "figures", "sources"]


def source_rows(ds: Dataset, primary_only: bool = False) -> list[Row]:
    """Sources with the number of records that cite each (primary documents first)."""
    rows = []
    for source in ds.sources:
        if primary_only and source.url is not None:  # web pages are listed by `ducs sources --all`
            continue
        publisher = shorten(source.publisher, 60)
        rows.append([source.id, publisher, _published(source), ds.citation_count(source)])
    return rows


SOURCE_HEADERS = ["source", "publisher", "published", "records"]


def _published(source: Source) -> str | None:
    if source.published is None:
        return None
    return source.published.isoformat()


def coverage(ds: Dataset) -> dict[str, Any]:
    """What the evidence covers as of the cut-off, per pillar, and what is still missing.

    A target counts as covered when an observation of its own measure is visible; proxies and
    milestones are counted beside it.

    Examples:
        >>> import ducs
        >>> cover = coverage(ducs.load())
        >>> cover["targets"] == len(ducs.load().targets), "2022-T04" in cover["tasks_without_evidence"]
        (True, True)
    """
    cover = ds.coverage()
    return {
        "as_of": cover.as_of.isoformat(),
        "sources": len(ds.sources),
        "sources_cited": sum(1 for s in ds.sources if ds.citation_count(s)),
        "targets": len(cover.targets),
        "targets_with_own_evidence": cover.targets_with_own_evidence,
        "targets_with_any_evidence": cover.targets_with_any_evidence,
        "pillars": [
            {"pillar": p.pillar.value, "targets": p.targets, "with_own_evidence": p.with_own_evidence,
             "with_any_evidence": p.with_any_evidence}
            for p in cover.pillars
        ],
        "tasks": [
            {"task": t.task.key, "identified": bool(t.task.title_vi or t.task.title_en),
             "has_evidence": t.has_evidence, "targets_with_evidence": t.targets_with_evidence,
             "targets": t.targets, "outcome_milestones": t.outcomes, "step_milestones": t.steps,
             "sources": t.sources}
            for t in cover.tasks
        ],
        "target_rows": [
            {"target": t.target.key, "pillar": t.pillar.value, "own": t.own,
             "latest": str(t.latest) if t.latest else None, "proxies": t.proxies,
             "milestones": t.milestones, "sources": t.sources}
            for t in cover.targets
        ],
        "targets_without_own_evidence": [t.key for t in cover.missing_targets()],
        "targets_without_any_evidence": [t.key for t in cover.missing_targets(own=False)],
        "tasks_without_evidence": [t.key for t in cover.missing_tasks()],
    }


COVERAGE_HEADERS = ["pillar", "targets", "own measure", "any evidence"]


def coverage_rows(cover: dict[str, Any]) -> list[Row]:
    """One row per pillar: targets, those with evidence of their own measure, those with any."""
    return [[p["pillar"], p["targets"], p["with_own_evidence"], p["with_any_evidence"]] for p in cover["pillars"]]


def most_cited(ds: Dataset, limit: int = 8) -> list[Row]:
    """The web sources cited by the most records."""
    counted = [(ds.citation_count(src), src) for src in ds.sources if src.kind.value == "web_page" and src.url]
    counted.sort(key=lambda pair: (-pair[0], pair[1].id))
    return [[src.id, shorten(src.url or "", 70), n] for n, src in counted[:limit]]


def overview(ds: Dataset, table: TableRenderer | None = None) -> str:
    """The main job's report: committee, sessions, plan 2022 tasks, figures per pillar, coverage.

    ``table`` renders each table (default: plain text; the CLI passes a rich renderer on a terminal).

    Examples:
        >>> import ducs
        >>> print(overview(ducs.load()).splitlines()[2])
        National Committee on Digital Transformation — Ủy ban Quốc gia về chuyển đổi số
    """
    render = table or text_table
    committee = committee_section(ds)
    parts = [f"ducs — {ds.title} (data {ds.data_version}, cut-off {ds.cutoff.isoformat()})", ""]
    if committee is None:
        parts.append("No National Committee in this data.")
    else:
        parts += [
            f"{committee['name_en']} — {committee['name_vi']}",
            f"  chair: {committee['chair']}",
            f"  standing agency: {committee['standing_agency']}",
            f"  founded: {committee['founded'] or 'unknown'} by {committee['founded_by'] or 'unknown'}",
        ]
        if committee["successor"]:
            parts.append(f"  succeeded by: {committee['successor']} ({committee['successor_founded'] or 'unknown'})")
    parts += ["", f"Sessions ({len(ds.sessions)})", render(SESSION_HEADERS, session_rows(list(ds.sessions)))]
    if 2022 in [plan.year for plan in ds.plans]:
        plan = ds.plans.get(2022)
        parts += [
            "",
            f"{plan.title_en}: {plan.tasks_declared} tasks declared, {sum(1 for t in plan.tasks if t.title_en or t.title_vi)} identified",
            render(TASK_HEADERS, task_rows(ds, 2022)),
        ]
    parts += ["", "Cited figures per pillar", render(PILLAR_HEADERS, pillar_counts(ds))]
    cover = coverage(ds)
    parts += [
        "",
        f"Coverage as of {cover['as_of']}: {cover['targets_with_own_evidence']} of {cover['targets']} targets have "
        f"evidence of their own measure, {cover['targets_with_any_evidence']} have any (proxies, milestones)",
        render(COVERAGE_HEADERS, coverage_rows(cover)),
        f"  {cover['sources_cited']} of {cover['sources']} sources are cited by at least one record",
        f"  targets without evidence of their own measure ({len(cover['targets_without_own_evidence'])}):",
        *textwrap.wrap(", ".join(cover["targets_without_own_evidence"]) or "none", width=100,
                       initial_indent="    ", subsequent_indent="    "),
        f"  identified plan tasks without evidence: {', '.join(cover['tasks_without_evidence']) or 'none'}",
        "",
        "Primary source documents (records citing each)",
        render(SOURCE_HEADERS, source_rows(ds, primary_only=True)),
        "",
        "Most-cited other sources",
        render(["source", "url", "records"], most_cited(ds)),
    ]
    return "\n".join(parts)
