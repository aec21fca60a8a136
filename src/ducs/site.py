"""A static, bilingual site built from a dataset: ``ducs site OUT`` or :func:`build`.

Every indicator, target, task, province (both eras), session and source gets a page in
Vietnamese and in English; every table on a page has a CSV and a JSON download; charts are
SVG drawn at build time by matplotlib with a text alternative beside them; a small search
runs in the browser over a bundled index. Nothing is fetched when a page is viewed, so the
folder opens from disk (``OUT/index.html``) or from any static host.

The site reads the dataset only through ducs's public API (collections, records, their
``progress()``, ``ds.coverage()``) and renders only what the data hold: an unknown value shows
as unknown, a missing Vietnamese name shows the English one, marked as English.

>>> import tempfile, ducs
>>> out = build(ducs.load(), tempfile.mkdtemp(), charts=False)
>>> out.pages["provinces"], (out.folder / "vi" / "provinces" / "lao-cai-2008.html").is_file()
(97, True)
"""

from __future__ import annotations

import csv
import functools
import io
import json
import multiprocessing
import os
import re
import shutil
import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import pendulum

from ducs.dataset import Dataset, dump_mapping
from ducs.errors import DucsError, MissingExtraError
from ducs.model import (
    KINDS,
    Committee,
    Document,
    Indicator,
    Milestone,
    Observation,
    Plan,
    Province,
    Session,
    Source,
    SourceRef,
    Target,
    Task,
    YearTheme,
)
from ducs.periods import in_vietnam, plain_date
from ducs.progress import PlanProgress, TargetProgress, TaskProgress
from ducs.render import STATUS_COLOURS
from ducs.text import fold, strip_marks
from ducs.vocab import Comparator, Direction, Pillar, Qualifier, ScopeKind, Status, Tense

try:  # the 'site' extra; the command line imports this module without it
    import jinja2

    _HAVE_JINJA = True
except ImportError:  # pragma: no cover - exercised only without the extra
    _HAVE_JINJA = False

__all__ = ["LANGUAGES", "SiteSummary", "build", "slug", "strings"]

LANGUAGES: tuple[str, ...] = ("vi", "en")
TEMPLATES = Path(__file__).resolve().parent / "site_templates"
MARKER = ".ducs-site"
SERIES_COLOUR = "#1c7ed6"  # the series colour of ducs.plots.indicator_series
TARGET_COLOUR = "#c92a2a"
DEADLINE_COLOUR = "#495057"
PALETTE = (SERIES_COLOUR, "#e8590c", "#2b8a3e", "#862e9c", "#5c940d", "#a61e4d", "#0b7285", "#5f3dc4")
MAX_LINES = 8  # more scopes than this: points only, no connecting lines
COLOUR_NAMES = {
    "vi": ("xanh dương", "cam", "xanh lá", "tím", "xanh ô liu", "đỏ thẫm", "xanh mòng két", "tím than"),
    "en": ("blue", "orange", "green", "purple", "olive", "crimson", "teal", "violet"),
}


def _by_scope(observations: Iterable[Observation]) -> dict[str, list[Observation]]:
    """Observations grouped by what they are about (a unit of one era, an agency, the nation), in order."""
    groups: dict[str, list[Observation]] = {}
    for obs in observations:
        scope = obs.scope
        name = scope.province.key if scope.province is not None else str(scope)
        groups.setdefault(name, []).append(obs)
    return groups


# --- words ---------------------------------------------------------------------------------


@functools.cache
def _strings() -> dict[str, dict[str, str]]:
    """The interface words (site_templates/strings.toml), read once, on first use."""
    with (TEMPLATES / "strings.toml").open("rb") as handle:
        data: dict[str, dict[str, str]] = tomllib.load(handle)
    return data


STATUS_WORDS: dict[str, dict[Status, str]] = {  # the library's own words (ducs.vocab.Status)
    "vi": {status: status.label_vi for status in Status},
    "en": {status: status.label_en for status in Status},
}
TENSE_WORDS: dict[str, dict[Tense, str]] = {
    "vi": {Tense.PROSPECTIVE: "xu hướng, trước thời hạn", Tense.RETROSPECTIVE: "kết luận, sau thời hạn"},
    "en": {tense: tense.value for tense in Tense},
}
QUALIFIER_WORDS: dict[str, dict[Qualifier, str]] = {
    "vi": {Qualifier.EXACT: "", Qualifier.MORE_THAN: "trên", Qualifier.AT_LEAST: "ít nhất",
           Qualifier.ABOUT: "khoảng", Qualifier.NEARLY: "gần", Qualifier.LESS_THAN: "dưới",
           Qualifier.UP_TO: "tối đa"},
    "en": {Qualifier.EXACT: "", Qualifier.MORE_THAN: "more than", Qualifier.AT_LEAST: "at least",
           Qualifier.ABOUT: "about", Qualifier.NEARLY: "nearly", Qualifier.LESS_THAN: "less than",
           Qualifier.UP_TO: "up to"},
}


def strings(lang: str) -> dict[str, str]:
    """The interface words of one language (``"vi"`` or ``"en"``).

    >>> strings("vi")["provinces"], strings("en")["provinces"]
    ('Tỉnh, thành phố', 'Provinces')
    """
    return _strings()[lang]


# --- slugs ---------------------------------------------------------------------------------

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A readable ASCII slug: marks folded away (đ → d), lower case, hyphens.

    >>> slug("Lào Cai"), slug("Bà Rịa - Vũng Tàu"), slug("000_352dfded16563b3a.txt")
    ('lao-cai', 'ba-ria-vung-tau', '000-352dfded16563b3a-txt')
    """
    return _NOT_SLUG.sub("-", strip_marks(text).lower()).strip("-") or "x"


def _unique_slugs(items: Iterable[Any], base: Callable[[Any], str], key: Callable[[Any], str]) -> dict[str, str]:
    """Slugs by record key, made unique with -2, -3… in collection order (stable)."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for item in items:
        candidate = first = base(item)
        n = 2
        while candidate in taken:
            candidate = f"{first}-{n}"
            n += 1
        taken.add(candidate)
        out[key(item)] = candidate
    return out


# --- the pieces pages are made of -----------------------------------------------------------


@attrs.frozen
class Text:
    """A piece of text and the language it is written in (None: the page's own)."""

    text: str
    lang: str | None = None
    href: str | None = None  # a path inside the language folder, or an absolute URL when external
    external: bool = False
    badge: str | None = None  # a status value: drawn with the status colour
    title: str | None = None
    prefix: str = ""  # words in the page's language before the text (which may be in the other)
    suffix: str = ""


@attrs.frozen
class Cell:
    """A table cell: pieces of text (joined by "; "), or unknown when empty."""

    parts: tuple[Text, ...] = ()
    numeric: bool = False

    @property
    def unknown(self) -> bool:
        return not self.parts


@attrs.frozen
class Table:
    """A table on a page and the records behind it (written as CSV and JSON beside the site)."""

    id: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    records: tuple[dict[str, Any], ...]
    row_ids: tuple[str | None, ...] = ()
    download: str = ""  # the downloads path without extension, set when the page is placed


@attrs.frozen
class Fact:
    """A labelled fact in a page's description list."""

    label: str
    value: Cell


@attrs.frozen
class Chart:
    """A chart: an SVG file shared by both languages, its text alternative and key."""

    src: str  # path inside the site root
    alt: str
    key: tuple[str, ...]
    sources: tuple[Text, ...]
    table: str  # the id of the table holding the same figures


@attrs.frozen
class SiteSummary:
    """What :func:`build` wrote: the folder, page counts per kind (per language), file count."""

    folder: Path
    pages: dict[str, int]
    files: int
    charts: int


def _cell(*parts: Text | None, numeric: bool = False) -> Cell:
    return Cell(tuple(p for p in parts if p is not None), numeric)


def _plain(value: Any) -> Any:
    """A JSON-ready value for downloads."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# --- the builder -------------------------------------------------------------------------------


class _Site:
    """Everything one build needs: the dataset, slugs, results computed once, the pages."""

    def __init__(self, ds: Dataset, out: Path, charts: bool) -> None:
        self.ds = ds
        self.out = out
        self.draw = charts
        self.plan_results: dict[int, PlanProgress] = {plan.year: plan.progress() for plan in ds.plans}
        self.target_results: dict[str, TargetProgress] = {}
        self.task_results: dict[str, TaskProgress] = {}
        for result in self.plan_results.values():
            for task_result in result.tasks:
                self.task_results[task_result.task.key] = task_result
                for target_result in task_result.targets:
                    self.target_results.setdefault(target_result.target.key, target_result)
            for target_result in result.targets:
                self.target_results.setdefault(target_result.target.key, target_result)
        for target in ds.targets:
            if target.key not in self.target_results:
                self.target_results[target.key] = target.progress()
        for task in ds.tasks:
            if task.key not in self.task_results:
                self.task_results[task.key] = task.progress()
        self.slugs: dict[str, dict[str, str]] = {
            "indicators": _unique_slugs(ds.indicators, lambda i: slug(i.key), lambda i: i.key),
            "targets": _unique_slugs(ds.targets, lambda t: slug(t.key), lambda t: t.key),
            "tasks": _unique_slugs(ds.tasks, lambda t: slug(t.key), lambda t: t.key),
            "provinces": _unique_slugs(ds.provinces, lambda p: f"{slug(fold(p.name_vi))}-{p.era}", lambda p: p.key),
            "sessions": _unique_slugs(ds.all_sessions, lambda s: slug(s.key), lambda s: s.key),
            "sources": _unique_slugs(ds.sources, lambda s: slug(s.id), lambda s: s.id),
        }
        self.era_sizes: dict[int, int] = defaultdict(int)
        for province in ds.provinces:
            self.era_sizes[province.era] += 1
        self.charts: dict[str, ChartSpec] = {}
        self.pool: Executor | None = None
        self.drawing: dict[str, Future[str]] = {}
        self.written_downloads: set[str] = set()

    # --- paths ------------------------------------------------------------------------------

    def path(self, section: str, key: str) -> str:
        return f"{section}/{self.slugs[section][key]}.html"

    # --- words --------------------------------------------------------------------------------

    @staticmethod
    def pick(lang: str, vi: str | None, en: str | None) -> Text | None:
        """The record's own words in the page's language, else the other one, marked."""
        first, second = (vi, en) if lang == "vi" else (en, vi)
        if first:
            return Text(first)
        if second:
            return Text(second, lang="en" if lang == "vi" else "vi")
        return None

    def words(self, lang: str, text: str | None) -> Text | None:
        """An English-only field of the data (notes, descriptions, explanations)."""
        if not text:
            return None
        return Text(text, lang=None if lang == "en" else "en")

    def number(self, value: float | None, lang: str) -> str:
        if value is None:
            return strings(lang)["unknown"]
        text = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
        if lang == "vi":
            text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return text

    def date(self, value: Any, lang: str) -> str:
        if value is None:
            return strings(lang)["unknown"]
        day = plain_date(value)
        return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()

    def moment(self, value: Any, lang: str) -> str:
        """A source's publication moment: a day, or a day and a time in Vietnam time."""
        if value is None:
            return strings(lang)["unknown"]
        if isinstance(value, pendulum.DateTime):
            local = in_vietnam(value)
            return f"{self.date(local, lang)} {local.strftime('%H:%M')} (UTC+7)"
        return self.date(value, lang)

    def status(self, status: Status, lang: str) -> Text:
        return Text(STATUS_WORDS[lang][status], badge=status.value)

    def pillar(self, pillar: Pillar | None, lang: str) -> Text:
        if pillar is None:
            return Text(strings(lang)["not_identified"])
        return Text(pillar.label_vi if lang == "vi" else pillar.label_en)

    def value(self, obs: Observation, lang: str) -> str:
        qualifier = QUALIFIER_WORDS[lang][obs.qualifier]
        text = self.number(obs.value, lang)
        if obs.denominator is not None:
            text += f"/{self.number(obs.denominator, lang)}"
        unit = "%" if obs.indicator.unit == "percent" else obs.indicator.unit
        return " ".join(part for part in (qualifier, text) if part) + ("%" if unit == "%" else f" {unit}")

    # --- links to records --------------------------------------------------------------------

    def indicator_link(self, indicator: Indicator, lang: str) -> Text:
        name = self.pick(lang, indicator.name_vi, indicator.name_en) or Text(indicator.key)
        return attrs.evolve(name, href=self.path("indicators", indicator.key), title=indicator.key)

    def target_link(self, target: Target, lang: str) -> Text:
        name = self.pick(lang, target.title_vi, target.title_en) or Text(target.key)
        return attrs.evolve(name, href=self.path("targets", target.key), title=target.key)

    def task_link(self, task: Task, lang: str) -> Text:
        t = strings(lang)
        number = str(task.number) if task.number is not None else t["number_unknown"]
        name = self.pick(lang, task.title_vi, task.title_en)
        href = self.path("tasks", task.key)
        if name is None:
            return Text(f"{t['task']} {number} — {t['task_unidentified']} ({task.key})", href=href, title=task.key)
        return attrs.evolve(name, prefix=f"{t['task']} {number}: ", href=href, title=task.key)

    def person(self, person: Any, lang: str) -> Text:
        """A person's name, and the role the source gives (English words in the data)."""
        if not person.role:
            return Text(person.name)
        return Text(person.role, lang=None if lang == "en" else "en", prefix=f"{person.name} (", suffix=")")

    def province_link(self, province: Province, lang: str) -> Text:
        name = province.name_vi if lang == "vi" else province.name_en
        return Text(f"{name} ({province.era})", href=self.path("provinces", province.key), title=province.key)

    def session_label(self, session: Session, lang: str) -> str:
        committee = session.committee.name_vi if lang == "vi" else session.committee.name_en
        if session.number is not None:
            what = f"phiên {session.number}" if lang == "vi" else f"session {session.number}"
        else:
            what = "phiên không đánh số" if lang == "vi" else "unnumbered session"
        return f"{committee}, {what} ({self.date(session.date, lang)})"

    def session_link(self, session: Session, lang: str) -> Text:
        return Text(self.session_label(session, lang), href=self.path("sessions", session.key), title=session.key)

    def source_link(self, ref: SourceRef | Source, lang: str) -> Text:
        source = ref.source if isinstance(ref, SourceRef) else ref
        locator = ref.locator if isinstance(ref, SourceRef) else ""
        publisher = source.publisher if len(source.publisher) <= 40 else source.publisher[:39] + "…"
        text = f"{publisher} {locator}".strip()
        return Text(text, href=self.path("sources", source.id), title=str(ref) if isinstance(ref, SourceRef) else source.id)

    def sources(self, refs: Iterable[SourceRef], lang: str) -> Cell:
        return Cell(tuple(self.source_link(ref, lang) for ref in refs))

    def scope_text(self, obs_scope: Any, lang: str) -> Text:
        if obs_scope.kind is ScopeKind.PROVINCE and obs_scope.province is not None:
            return self.province_link(obs_scope.province, lang)
        if obs_scope.kind is ScopeKind.AGENCY:
            return Text(obs_scope.agency or strings(lang)["unknown"], lang=None if lang == "en" else "en")
        return Text(strings(lang)["national"])

    def document_text(self, document: Document, lang: str) -> Text:
        name = self.pick(lang, document.title_vi, document.title_en)
        text = f"{document.key} — {name.text}" if name else document.key
        return Text(text, lang=name.lang if name else None)

    # --- tables --------------------------------------------------------------------------------

    def observation_table(self, table_id: str, caption: str, observations: Sequence[Observation], lang: str, *,
                          show_indicator: bool = True, show_scope: bool = True, show_session: bool = True,
                          anchors: bool = False) -> Table:
        t = strings(lang)
        headers = [t["period"]]
        if show_indicator:
            headers.append(t["indicator"])
        if show_scope:
            headers.append(t["scope"])
        headers += [t["value"], t["flags"]]
        if show_session:
            headers.append(t["session"])
        headers.append(t["sources"])
        rows: list[tuple[Cell, ...]] = []
        records: list[dict[str, Any]] = []
        for obs in observations:
            flags = []
            if obs.estimate:
                flags.append(Text(t["estimate"]))
            if obs.target is not None and obs.target in self.ds.targets and obs.indicator.key != self.ds.targets.get(obs.target).indicator.key:
                flags.append(Text(t["proxy"]))
            if obs.note:
                flags.append(Text(obs.note, lang=None if lang == "en" else "en"))
            row = [_cell(Text(str(obs.period)))]
            if show_indicator:
                row.append(_cell(self.indicator_link(obs.indicator, lang)))
            if show_scope:
                row.append(_cell(self.scope_text(obs.scope, lang)))
            row += [_cell(Text(self.value(obs, lang)), numeric=True), Cell(tuple(flags)) if flags else _cell(Text("—"))]
            if show_session:
                row.append(_cell(self.session_link(obs.session, lang) if obs.session else Text("—")))
            row.append(self.sources(obs.sources, lang))
            rows.append(tuple(row))
            records.append({
                "key": obs.key, "indicator": obs.indicator.key, "scope": str(obs.scope),
                "province": obs.scope.province.key if obs.scope.province else None,
                "agency": obs.scope.agency, "period": str(obs.period),
                "period_start": obs.period.start.isoformat(), "period_end": obs.period.end.isoformat(),
                "value": obs.value, "unit": obs.indicator.unit, "qualifier": obs.qualifier.value,
                "denominator": obs.denominator, "estimate": obs.estimate, "match": obs.match.value,
                "target": obs.target, "session": obs.session.key if obs.session else None,
                "sources": [str(ref) for ref in obs.sources], "reported": obs.reported or None,
                "note": obs.note or None, "disagreement": obs.disagreement or None,
                "confidence": obs.confidence.value,
            })
        row_ids = tuple(f"obs-{slug(obs.key)}" for obs in observations) if anchors else ()
        return Table(table_id, caption, tuple(headers), tuple(rows), tuple(records), row_ids)

    def target_table(self, table_id: str, caption: str, targets: Sequence[Target], lang: str) -> Table:
        t = strings(lang)
        rows: list[tuple[Cell, ...]] = []
        records: list[dict[str, Any]] = []
        for target in targets:
            result = self.target_results[target.key]
            rows.append((
                _cell(self.target_link(target, lang)),
                _cell(self.pillar(target.pillar, lang)),
                _cell(Text(str(target.deadline)) if target.deadline else None),
                _cell(self.status(result.status, lang)),
            ))
            records.append({"key": target.key, "title_en": target.title_en, "title_vi": target.title_vi,
                            "indicator": target.indicator.key, "describe": target.describe(),
                            "pillar": target.pillar.value, "deadline": str(target.deadline) if target.deadline else None,
                            "status": result.status.value, "reason": result.reason,
                            "as_of": result.as_of.isoformat(), "explanation": result.explanation})
        return Table(table_id, caption, (t["target"], t["pillar"], t["deadline"], t["status"]),
                     tuple(rows), tuple(records))

    def milestone_table(self, table_id: str, caption: str, milestones: Sequence[Milestone], lang: str) -> Table:
        t = strings(lang)
        rows = [(
            _cell(Text(self.date(m.date, lang))),
            _cell(Text(t["yes"] if m.achieved else t["no"])),
            _cell(self.words(lang, m.description)),
            self.sources(m.sources, lang),
        ) for m in milestones]
        records = [{"key": m.key, "date": m.date.isoformat(), "kind": m.kind.value, "achieved": m.achieved,
                    "description": m.description, "task": m.task.key if m.task else None,
                    "target": m.target.key if m.target else None,
                    "sources": [str(ref) for ref in m.sources]} for m in milestones]
        return Table(table_id, caption, (t["date"], t["achieved"], t["description_col"], t["sources"]),
                     tuple(rows), tuple(records))

    # --- charts ----------------------------------------------------------------------------------

    def series_alt(self, name: str, observations: Sequence[Observation], unit: str, lang: str) -> str:
        values = [obs.value for obs in observations]
        return strings(lang)["alt_series"].format(
            name=name, n=len(observations), first=observations[0].period, last=observations[-1].period,
            low=self.number(min(values), lang), high=self.number(max(values), lang), unit=unit)

    def series_key(self, observations: Sequence[Observation], lang: str) -> list[str]:
        """The key of a series chart: one colour per scope, or dots when there are too many."""
        t = strings(lang)
        groups = _by_scope(observations)
        if len(groups) == 1:
            return [t["key_observed"]]
        if len(groups) > MAX_LINES:
            return [t["key_points"]]
        return [f"{COLOUR_NAMES[lang][index % len(PALETTE)]}: {self.scope_text(series[0].scope, lang).text}"
                for index, series in enumerate(groups.values())]

    def chart_series(self, path: str, observations: Sequence[Observation], *, rank: bool) -> str | None:
        """Observations over time, one line per scope (dots only when there are many scopes)."""
        if len(observations) < 2 or not self.draw:
            return None
        groups = _by_scope(observations)
        joined = len(groups) <= MAX_LINES
        lines = tuple(
            Line(tuple(_year(o.period.end) for o in series), tuple(o.value for o in series),
                 PALETTE[index % len(PALETTE)] if joined else SERIES_COLOUR, joined=joined,
                 size=5 if joined else 4, alpha=1.0 if joined else 0.6)
            for index, series in enumerate(groups.values()))
        return self.add_chart(ChartSpec(path, lines, _years(o.period.end for o in observations), invert=rank))

    def chart_target(self, result: TargetProgress) -> str | None:
        """A target's series with its baseline, the current value used, the target line and the deadline."""
        target = result.target
        series = target.observations()
        if not series or not self.draw:
            return None
        lines = [Line(tuple(_year(o.period.end) for o in series), tuple(o.value for o in series), SERIES_COLOUR)]
        baseline, current = result.baseline, result.current
        if baseline is not None:
            lines.append(Line((_year(baseline.period.end),), (baseline.value,), DEADLINE_COLOUR, joined=False,
                              size=13, face="none"))
        if current is not None:
            lines.append(Line((_year(current.period.end),), (current.value,), STATUS_COLOURS[result.status.value],
                              joined=False, size=9, edge="#212529"))
        hlines: list[tuple[float, str, str]] = []
        if target.value is not None and target.comparator is not Comparator.QUALITATIVE:
            hlines.append((target.value, TARGET_COLOUR, "--"))
            if target.high is not None:
                hlines.append((target.high, TARGET_COLOUR, ":"))
        days = [o.period.end for o in series]
        vlines: tuple[tuple[float, str, str], ...] = ()
        if target.deadline is not None:
            days.append(target.deadline.end)
            vlines = ((_year(target.deadline.end), DEADLINE_COLOUR, ":"),)
        path = f"charts/targets/{self.slugs['targets'][target.key]}.svg"
        return self.add_chart(ChartSpec(path, tuple(lines), _years(days), tuple(hlines), vlines,
                                        invert=target.indicator.unit == "rank"))

    def add_chart(self, spec: ChartSpec) -> str:
        """Keep a chart to draw, once per build (both languages show the same file); with worker
        processes, drawing starts at once, while the pages are written."""
        if spec.path not in self.charts:
            self.charts[spec.path] = spec
            if self.pool is not None:
                self.drawing[spec.path] = self.pool.submit(draw_svg, spec)
        return spec.path

    def write_charts(self) -> None:
        """Write every chart's SVG file (waiting for the workers, or drawing here)."""
        for path, spec in self.charts.items():
            future = self.drawing.get(path)
            text = future.result() if future is not None else draw_svg(spec)
            target = self.out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


@attrs.frozen
class Line:
    """Points of one series: joined by a line or not, with their marker."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    colour: str
    joined: bool = True
    size: float = 5
    alpha: float = 1.0
    face: str | None = None  # the marker's inside: None for the line colour, "none" for a ring
    edge: str | None = None


@attrs.frozen
class ChartSpec:
    """What one chart shows, as plain data: drawn by :func:`draw_svg`, in a worker process or not."""

    path: str
    lines: tuple[Line, ...]
    years: tuple[int, int]  # the first and last calendar year shown
    hlines: tuple[tuple[float, str, str], ...] = ()  # (y, colour, line style)
    vlines: tuple[tuple[float, str, str], ...] = ()  # (x, colour, line style)
    invert: bool = False  # ranks: 1 at the top


def _years(days: Iterable[Any]) -> tuple[int, int]:
    """The calendar years a chart spans (a figure at 31 December stays in its own year)."""
    found = [plain_date(day).year for day in days]
    return min(found), max(found)


def draw_svg(spec: ChartSpec) -> str:
    """The SVG text of one chart (matplotlib, no pyplot; deterministic output).

    Years are bands: a label in the middle of each year and a tick at each 1 January, so a
    figure for 2021, drawn at the last day of its period, sits at the end of the 2021 band.
    """
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "ducs", "font.size": 9,
                                "axes.spines.top": False, "axes.spines.right": False}):
        figure = Figure(figsize=(7.0, 3.2))
        ax = figure.subplots()
        for line in spec.lines:
            ax.plot(line.xs, line.ys, marker="o", markersize=line.size, color=line.colour, alpha=line.alpha,
                    linestyle="-" if line.joined else "none", clip_on=False,
                    markerfacecolor=line.face or line.colour, markeredgecolor=line.edge or line.colour)
        for y, colour, style in spec.hlines:
            ax.axhline(y, color=colour, linestyle=style)
        for x, colour, style in spec.vlines:
            ax.axvline(x, color=colour, linestyle=style)
        if spec.invert:
            ax.invert_yaxis()
        first, last = spec.years
        ax.set_xlim(first, last + 1)
        step = 1 if last - first < 10 else 2
        ax.set_xticks([y + 0.5 for y in range(first, last + 1, step)], [str(y) for y in range(first, last + 1, step)])
        ax.set_xticks(list(range(first, last + 2)), minor=True)
        ax.tick_params(axis="x", which="major", length=0)
        ax.tick_params(axis="x", which="minor", length=5)
        ax.grid(axis="x", which="minor", color="#f1f3f5")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: f"{y:,.10g}".replace(",", " ")))
        ax.grid(axis="y", color="#e9ecef")
        figure.subplots_adjust(left=0.1, right=0.98, top=0.95, bottom=0.1)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _year(day: Any) -> float:
    """A day as a decimal year: the x position of a figure (the end of its period)."""
    start = pendulum.date(day.year, 1, 1)
    length = 366 if pendulum.date(day.year, 12, 31).day_of_year == 366 else 365
    return float(day.year + (plain_date(day) - plain_date(start)).days / length)


# --- pages -----------------------------------------------------------------------------------


@attrs.frozen
class Page:
    """One page to write in each language: its path in the language folder and what it shows."""

    path: str
    kind: str
    template: str
    context: Callable[[str], dict[str, Any]]


def _home(site: _Site, lang: str) -> dict[str, Any]:
    ds, t = site.ds, strings(lang)
    facts: list[Fact] = []
    committee = ds.committees[0] if len(ds.committees) else None
    if "ncdt" in ds.committees:
        committee = ds.committee
    if committee is not None:
        successor = committee.successor
        facts = [
            Fact(t["name"], _cell(site.pick(lang, committee.name_vi, committee.name_en))),
            Fact(t["chair"], _cell(site.person(committee.chair, lang))),
            Fact(t["standing_agency"], _cell(site.words(lang, committee.standing_agency))),
            Fact(t["founded"], _cell(Text(site.date(committee.founded, lang)) if committee.founded else None)),
            Fact(t["founded_by"], _cell(site.document_text(committee.founded_by, lang) if committee.founded_by else None)),
            Fact(t["successor"], _cell(site.pick(lang, successor.name_vi, successor.name_en) if successor else Text("—"))),
            Fact(t["sources"], site.sources(committee.sources, lang)),
        ]
    tables: list[Table] = []
    plan_block = None
    years = sorted(site.plan_results)
    if years:
        year = 2022 if 2022 in site.plan_results else years[0]
        result = site.plan_results[year]
        plan_block = _plan_block(site, result, lang, tables)
    cover = ds.coverage()
    coverage = {
        "text": t["coverage_text"].format(own=cover.targets_with_own_evidence, n=len(cover.targets),
                                          any=cover.targets_with_any_evidence),
        "as_of": site.date(cover.as_of, lang),
    }
    cov_rows, cov_records = [], []
    for row in cover.pillars:
        cov_rows.append((_cell(site.pillar(row.pillar, lang)), _cell(Text(str(row.targets)), numeric=True),
                         _cell(Text(str(row.with_own_evidence)), numeric=True),
                         _cell(Text(str(row.with_any_evidence)), numeric=True)))
        cov_records.append({"pillar": row.pillar.value, "targets": row.targets,
                            "with_own_evidence": row.with_own_evidence, "with_any_evidence": row.with_any_evidence})
    own_words = "có số liệu của chính chỉ số" if lang == "vi" else "with own measure"
    any_words = "có bằng chứng bất kỳ" if lang == "vi" else "with any evidence"
    tables.append(Table("coverage", t["coverage"], (t["pillar"], t["targets"], own_words, any_words),
                        tuple(cov_rows), tuple(cov_records)))
    pillars = []
    for pillar in Pillar:
        if pillar.is_foundation:
            continue
        indicators = [i for i in ds.indicators if i.pillar is pillar]
        figures = sum(len(i.observations()) for i in indicators)
        group = None
        if plan_block is not None:
            group = next((g for g in plan_block["result"].by_pillar if g.name == pillar.value), None)
        pillars.append({"label": site.pillar(pillar, lang), "value": pillar.value, "indicators": len(indicators),
                        "figures": figures, "group": group,
                        "status": site.status(group.status, lang) if group else None,
                        "summary": _summary(group.aggregate, lang) if group else None})
    dti = _latest_dti(site, lang, tables)
    latest = ds.all_sessions[-1] if len(ds.all_sessions) else None
    themes = [{"year": theme.year, "theme": site.pick(lang, theme.theme_vi, theme.theme_en),
               "day": site.pick(lang, theme.dt_day_theme_vi, theme.dt_day_theme_en),
               "sources": site.sources(theme.sources, lang)} for theme in sorted(ds.themes, key=lambda y: y.year)]
    return {"title": t["site"], "committee": committee, "facts": facts, "plan": plan_block, "coverage": coverage,
            "pillars": pillars, "dti": dti, "latest": latest,
            "latest_link": site.session_link(latest, lang) if latest else None,
            "latest_facts": _session(site, latest, lang)["facts"][:6] if latest else [],
            "latest_figures": len(latest.figures()) if latest else 0, "themes": themes, "tables": tables}


def _summary(aggregate: Any, lang: str) -> str:
    """A roll-up's summary line: the method's own words in English, the same numbers in Vietnamese."""
    if lang == "en":
        return str(aggregate.summary())
    t = strings(lang)
    counts = ", ".join(f"{STATUS_WORDS['vi'][status]} {n}" for status, n in aggregate.counts)
    tense = f" ({TENSE_WORDS['vi'][aggregate.tense]})" if aggregate.tense else ""
    pct = f"{aggregate.coverage:.0%}"
    evidence = t["evidence_for"].format(k=aggregate.n_assessed, n=aggregate.n_members, pct=pct)
    return f"{STATUS_WORDS['vi'][aggregate.status]}{tense} — {evidence}: {counts or t['none']}"


def _plan_block(site: _Site, result: PlanProgress, lang: str, tables: list[Table]) -> dict[str, Any]:
    t = strings(lang)
    rows: list[tuple[Cell, ...]] = []
    records: list[dict[str, Any]] = []
    for item in result.tasks:
        rows.append((_cell(site.task_link(item.task, lang)), _cell(site.pillar(item.task.pillar, lang)),
                     _cell(site.status(item.status, lang)),
                     _cell(Text(t["yes"] if item.has_evidence else t["no"]))))
        records.append({"task": item.task.key, "number": item.task.number, "title_vi": item.task.title_vi,
                        "title_en": item.task.title_en, "pillar": item.task.pillar.value if item.task.pillar else None,
                        "status": item.status.value, "reason": item.reason, "has_evidence": item.has_evidence})
    tables.append(Table("plan-tasks", f"{t['plan_tasks']} — {t['as_of']} {site.date(result.as_of, lang)}",
                        (t["task"], t["pillar"], t["status"], t["evidence"]), tuple(rows), tuple(records)))
    tables.append(site.target_table("plan-targets", t["plan_targets_outside"],
                                    [r.target for r in result.unattached], lang))
    return {"result": result, "year": result.plan.year, "headline": result.headline(),
            "summary": _summary(result.overall.aggregate, lang), "status": site.status(result.status, lang),
            "title": site.pick(lang, result.plan.title_vi, result.plan.title_en),
            "as_of": site.date(result.as_of, lang), "sources": site.sources(result.plan.sources, lang)}


def _latest_dti(site: _Site, lang: str, tables: list[Table]) -> list[dict[str, Any]]:
    """The latest DTI ranking of each era: the source's ranks among that era's units."""
    t = strings(lang)
    ds = site.ds
    blocks = []
    for era in sorted(site.era_sizes):
        ranks = [o for o in ds.observations.filter(indicator="dti_rank", scope="province")
                 if o.scope.province is not None and o.scope.province.era == era] if "dti_rank" in ds.indicators else []
        if not ranks:
            blocks.append({"era": era, "text": t["dti_era_none"].format(era=era, n=site.era_sizes[era]), "table": None,
                           "complete": None})
            continue
        latest = max(o.period for o in ranks)
        rows_obs = sorted((o for o in ranks if o.period == latest), key=lambda o: (o.value, o.key))
        scores = {}
        if "dti_score" in ds.indicators:
            scores = {o.scope.province.key: o for o in ds.observations.filter(indicator="dti_score", scope="province")
                      if o.period == latest and o.scope.province is not None}
        rows: list[tuple[Cell, ...]] = []
        records: list[dict[str, Any]] = []
        for obs in rows_obs:
            province = obs.scope.province
            assert province is not None
            score = scores.get(province.key)
            rows.append((_cell(Text(_rank(site, obs, lang)), numeric=True), _cell(site.province_link(province, lang)),
                         _cell(Text(site.value(score, lang)) if score else None, numeric=True),
                         site.sources([*obs.sources, *(score.sources if score else ())], lang)))
            records.append({"period": str(obs.period), "province": province.key, "name_vi": province.name_vi,
                            "rank": obs.value, "ranked_units": obs.denominator, "score": score.value if score else None,
                            "rank_observation": obs.key, "score_observation": score.key if score else None,
                            "sources": [str(r) for r in obs.sources] + ([str(r) for r in score.sources] if score else [])})
        table = Table(f"dti-{era}", t["dti_era"].format(era=era, n=site.era_sizes[era], year=latest),
                      (t["rank_best"], t["province"], t["dti_score"], t["sources"]),
                      tuple(rows), tuple(records))
        tables.append(table)
        partial, complete = "", None
        if len(rows_obs) < site.era_sizes[era]:
            partial = t["dti_partial"].format(k=len(rows_obs), n=site.era_sizes[era])
            per_year: dict[str, int] = defaultdict(int)
            for obs in ranks:
                per_year[str(obs.period)] += 1
            full = [year for year, n in per_year.items() if n >= site.era_sizes[era]]
            if full:
                complete = Text(t["dti_complete"].format(year=max(full)),
                                href=f"{site.path('indicators', 'dti_rank')}#table-observations")
        blocks.append({"era": era, "text": partial, "table": table.id, "complete": complete})
    return blocks


def _indicator(site: _Site, indicator: Indicator, lang: str) -> dict[str, Any]:
    t = strings(lang)
    observations = indicator.observations()
    name = site.pick(lang, indicator.name_vi, indicator.name_en) or Text(indicator.key)
    direction = {Direction.HIGHER_IS_BETTER: "higher_is_better", Direction.LOWER_IS_BETTER: "lower_is_better",
                 Direction.NEUTRAL: "neutral"}[indicator.direction]
    same = [other for other in site.ds.indicators
            if indicator.concept and other.concept == indicator.concept and other.key != indicator.key]
    facts = [
        Fact(t["key"], _cell(Text(indicator.key))),
        Fact(t["name_vi"], _cell(Text(indicator.name_vi, lang="vi") if indicator.name_vi else None)),
        Fact(t["name_en"], _cell(Text(indicator.name_en, lang="en"))),
        Fact(t["unit"], _cell(Text(indicator.unit))),
        Fact(t["pillar"], _cell(site.pillar(indicator.pillar, lang))),
        Fact(t["direction"], _cell(Text(t[direction]))),
        Fact(t["limit"], _cell(Text(site.number(indicator.limit, lang)) if indicator.limit is not None else Text("—"))),
        Fact(t["measure"], _cell(site.words(lang, indicator.measure) or Text("—"))),
        Fact(t["concept"], _cell(Text(indicator.concept) if indicator.concept else Text("—"))),
    ]
    if same:
        facts.append(Fact(t["same_concept"], Cell(tuple(site.indicator_link(o, lang) for o in same))))
    if indicator.description:
        facts.append(Fact(t["description"], _cell(site.words(lang, indicator.description))))
    if indicator.sources:
        facts.append(Fact(t["sources"], site.sources(indicator.sources, lang)))
    newest = sorted(observations, key=lambda o: (o.period.end, o.key), reverse=True)
    tables = [site.observation_table("observations", t["observations_of"], newest, lang,
                                     show_indicator=False, anchors=True)]
    latest: dict[str, Observation] = {}
    for obs in observations:  # oldest first: the last one per scope wins
        latest[str(obs.scope)] = obs
    latest_rows = list(latest.values())
    latest_block = None
    if len(latest_rows) == 1:
        obs = latest_rows[0]
        latest_block = {"value": site.value(obs, lang), "period": str(obs.period),
                        "estimate": obs.estimate, "scope": site.scope_text(obs.scope, lang),
                        "sources": site.sources(obs.sources, lang), "anchor": f"obs-{slug(obs.key)}"}
    elif latest_rows:
        tables.append(site.observation_table("latest", t["latest_by_scope"], latest_rows, lang, show_indicator=False))
    targets = indicator.targets()
    if targets:
        tables.append(site.target_table("targets", t["targets_on"], targets, lang))
    chart_path = site.chart_series(f"charts/indicators/{site.slugs['indicators'][indicator.key]}.svg",
                                   observations, rank=indicator.unit == "rank")
    chart = None
    if chart_path:
        key = site.series_key(observations, lang)
        if indicator.unit == "rank":
            key.append(t["key_rank"])
        refs = dict.fromkeys(ref.source.id for obs in observations for ref in obs.sources)
        chart = Chart(chart_path, site.series_alt(name.text, observations, indicator.unit, lang), tuple(key),
                      tuple(site.source_link(site.ds.sources.get(ref), lang) for ref in refs), "observations")
    return {"title": name.text, "name": name, "record": indicator, "facts": facts, "latest": latest_block,
            "chart": chart, "tables": tables, "kind_label": t["indicator"]}


def _target(site: _Site, target: Target, lang: str) -> dict[str, Any]:
    t = strings(lang)
    result = site.target_results[target.key]
    name = site.pick(lang, target.title_vi, target.title_en) or Text(target.key)
    a = result.assessment
    scope = site.scope_text(target.scope, lang)
    facts = [
        Fact(t["key"], _cell(Text(target.key))),
        Fact(t["indicator"], _cell(site.indicator_link(target.indicator, lang))),
        Fact(t["in_short"], _cell(Text(target.describe(), lang=None if lang == "en" else "en"))),
        Fact(t["comparator"], _cell(Text(target.comparator.value))),
        Fact(t["target_value"], _cell(Text(_target_value(site, target, lang)))),
        Fact(t["deadline"], _cell(Text(str(target.deadline)) if target.deadline else None)),
        Fact(t["baseline"], _cell(Text(str(target.baseline)) if target.baseline else Text("—"))),
        Fact(t["scope"], _cell(scope)),
        Fact(t["pillar"], _cell(site.pillar(target.pillar, lang))),
        Fact(t["set_by"], _cell(site.document_text(target.set_by, lang) if target.set_by else None)),
        Fact(t["plan"], _cell(Text(str(target.plan)) if target.plan else Text("—"))),
        Fact(t["band"], _cell(Text(t["yes"] if target.band else t["no"]))),
        Fact(t["sources"], site.sources(target.sources, lang)),
    ]
    if target.note:
        facts.append(Fact(t["note"], _cell(site.words(lang, target.note))))
    assessment = [
        Fact(t["status"], _cell(site.status(result.status, lang))),
        Fact(t["tense"], _cell(Text(TENSE_WORDS[lang][result.tense]) if result.tense else Text("—"))),
        Fact(t["as_of_label"], _cell(Text(site.date(result.as_of, lang)))),
        Fact(t["profile"], _cell(Text(result.profile.value))),
        Fact(t["reason"], _cell(Text(result.reason) if result.reason else Text("—"))),
        Fact(t["baseline_value"], _obs_cell(site, result.baseline, lang)),
        Fact(t["current_value"], _obs_cell(site, result.current, lang)),
        Fact(t["achieved_share"], _cell(Text(f"{a.progress_share:.0%}") if a.progress_share is not None else Text("—"))),
        Fact(t["ratio"], _cell(Text(f"{a.ratio:.3f}") if a.ratio is not None else Text("—"))),
        Fact(t["score"], _cell(Text(f"{a.score:.2f}") if a.score is not None else Text("—"))),
        Fact(t["met_late"], _cell(Text(t["yes"] if a.met_late else t["no"]))),
    ]
    tables = [site.observation_table("observations", t["observations_of"], target.observations(), lang,
                                     show_indicator=False)]
    if result.later:
        tables.append(site.observation_table("later", t["later"], result.later, lang, show_indicator=False))
    if result.proxies:
        tables.append(site.observation_table("proxies", t["proxies"], result.proxies, lang))
    milestones = target.milestones()
    if milestones:
        tables.append(site.milestone_table("milestones", t["milestones"], milestones, lang))
    tasks = [site.task_link(task, lang) for task in site.ds.tasks if any(x.key == target.key for x in task.targets)]
    chart_path = site.chart_target(result)
    chart = None
    if chart_path:
        series = target.observations()
        key = [t["key_observed"], t["key_current"]]
        if result.baseline is not None:
            key.append(t["key_baseline"])
        if target.value is not None and target.comparator is not Comparator.QUALITATIVE:
            key.append(t["key_target"])
            if target.high is not None:
                key.append(t["key_high"])
        if target.deadline is not None:
            key.append(t["key_deadline"])
        if target.indicator.unit == "rank":
            key.append(t["key_rank"])
        refs = dict.fromkeys(ref.source.id for obs in series for ref in obs.sources)
        alt = site.series_alt(name.text, series, target.indicator.unit, lang) + " " + t["alt_target"].format(
            describe=target.describe())
        chart = Chart(chart_path, alt, tuple(key),
                      tuple(site.source_link(site.ds.sources.get(ref), lang) for ref in refs), "observations")
    return {"title": name.text, "name": name, "record": target, "facts": facts, "assessment": assessment,
            "status": site.status(result.status, lang), "explanation": site.words(lang, result.explanation),
            "chart": chart, "chart_empty": not target.observations(), "tables": tables, "tasks": tasks,
            "kind_label": t["target"]}


def _target_value(site: _Site, target: Target, lang: str) -> str:
    unit = target.indicator.unit
    if target.comparator is Comparator.QUALITATIVE or target.value is None:
        return "—"
    if target.high is not None:
        return f"{site.number(target.value, lang)}–{site.number(target.high, lang)} {unit}"
    return f"{target.comparator.value} {site.number(target.value, lang)} {unit}"


def _obs_cell(site: _Site, obs: Observation | None, lang: str) -> Cell:
    if obs is None:
        return _cell(Text("—"))
    flag = f" ({strings(lang)['estimate']})" if obs.estimate else ""
    text = Text(f"{site.value(obs, lang)} ({obs.period}){flag}")
    return Cell((text, *site.sources(obs.sources, lang).parts))


def _task(site: _Site, task: Task, lang: str) -> dict[str, Any]:
    t = strings(lang)
    result = site.task_results[task.key]
    link = site.task_link(task, lang)
    facts = [
        Fact(t["key"], _cell(Text(task.key))),
        Fact(t["plan"], _cell(site.pick(lang, task.plan.title_vi, task.plan.title_en))),
        Fact(t["number"], _cell(Text(str(task.number)) if task.number is not None else None)),
        Fact(t["title_vi"], _cell(Text(task.title_vi, lang="vi") if task.title_vi else None)),
        Fact(t["title_en"], _cell(Text(task.title_en, lang="en") if task.title_en else None)),
        Fact(t["lead_agency"], _cell(site.words(lang, task.lead_agency))),
        Fact(t["pillar"], _cell(site.pillar(task.pillar, lang))),
        Fact(t["confidence"], _cell(Text(t["confidence_" + task.confidence.value]))),
        Fact(t["sources"], site.sources(task.sources, lang)),
    ]
    if task.outputs:
        facts.append(Fact(t["outputs"], Cell(tuple(Text(o, lang=None if lang == "en" else "en") for o in task.outputs))))
    if task.title_vi_basis:
        facts.append(Fact(t["note"] + " (title)", _cell(site.words(lang, task.title_vi_basis))))
    if task.note:
        facts.append(Fact(t["note"], _cell(site.words(lang, task.note))))
    status = [
        Fact(t["status"], _cell(site.status(result.status, lang))),
        Fact(t["as_of_label"], _cell(Text(site.date(result.as_of, lang)))),
        Fact(t["reason"], _cell(Text(result.reason) if result.reason else Text("—"))),
        Fact(t["evidence"], _cell(Text(t["yes"] if result.has_evidence else t["no"]))),
        Fact(t["headline_words"], _cell(site.words(lang, result.aggregate.summary()))),
    ]
    tables = [site.target_table("targets", t["task_targets"], list(task.targets), lang)]
    milestones = task.milestones()
    outcomes = [m for m in milestones if m.kind.value == "outcome"]
    steps = [m for m in milestones if m.kind.value == "step"]
    if outcomes:
        tables.append(site.milestone_table("milestones", t["milestones"], outcomes, lang))
    if steps:
        tables.append(site.milestone_table("steps", t["steps"], steps, lang))
    return {"title": link.prefix + link.text, "name": attrs.evolve(link, href=None), "record": task, "facts": facts,
            "status_facts": status, "tables": tables, "kind_label": t["task"]}


def _province(site: _Site, province: Province, lang: str) -> dict[str, Any]:
    t = strings(lang)
    era_word = t["era_2008"] if province.era == 2008 else t["era_2025"] if province.era == 2025 else str(province.era)
    valid = f"{site.date(province.valid_from, lang) if province.valid_from else '…'} → " \
            f"{site.date(province.valid_to, lang) if province.valid_to else t['now']}"
    facts = [
        Fact(t["name_vi"], _cell(Text(province.name_vi, lang="vi"))),
        Fact(t["name_en"], _cell(Text(province.name_en, lang="en"))),
        Fact(t["key"], _cell(Text(province.key))),
        Fact(t["code"], _cell(Text(province.code))),
        Fact(t["era"], _cell(Text(f"{province.era}: {era_word}"))),
        Fact(t["province_kind"], _cell(Text(t[f"kind_{province.kind.value}"]))),
        Fact(t["region"], _cell(site.words(lang, province.region))),
        Fact(t["phone_code"], _cell(Text(province.phone_code) if province.phone_code else None)),
        Fact(t["valid"], _cell(Text(valid))),
    ]
    if province.aliases:
        facts.append(Fact(t["aliases"], Cell(tuple(Text(a) for a in province.aliases))))
    if province.note:
        facts.append(Fact(t["note"], _cell(site.words(lang, province.note))))
    if province.sources:
        facts.append(Fact(t["sources"], site.sources(province.sources, lang)))
    lineage = []
    if province.predecessors:
        lineage.append(Fact(t["predecessors"], Cell(tuple(site.province_link(p, lang) for p in province.predecessors))))
    successor = province.successor
    if successor is not None:
        lineage.append(Fact(t["successor_unit"], _cell(site.province_link(successor, lang))))
    dt = []
    if province.dt_day:
        since = f" ({t['since']} {province.dt_day.since})" if province.dt_day.since else ""
        dt.append(Fact(t["dt_day"], Cell((Text(f"{province.dt_day.day:02d}/{province.dt_day.month:02d}{since}"),
                                          *site.sources(province.dt_day.sources, lang).parts))))
    if province.steering_committee:
        committee = province.steering_committee
        head = t[f"head_{committee.head.value}"] if committee.head else t["unknown"]
        if committee.head_name:
            head += f" — {committee.head_name}"
        dt.append(Fact(t["steering"], Cell((Text(head), *site.sources(committee.sources, lang).parts))))
    for change in province.kind_changes:
        dt.append(Fact(t["kind_changes"], Cell((Text(f"{t['since']} {site.date(change.since, lang)}: "
                                                     f"{t['kind_' + change.kind.value]}"),
                                                *site.sources(change.sources, lang).parts))))
    tables: list[Table] = []
    if province.resolutions:
        rows: list[tuple[Cell, ...]] = [(_cell(Text(r.number) if r.number else None), _cell(site.words(lang, r.issuer)),
                 _cell(site.pick(lang, r.title_vi, r.title_en)),
                 _cell(Text(site.date(r.issued, lang)) if r.issued else None), site.sources(r.sources, lang))
                for r in province.resolutions]
        records: list[dict[str, Any]] = [{"number": r.number, "issuer": r.issuer, "title_vi": r.title_vi, "title_en": r.title_en,
                    "issued": _plain(r.issued), "sources": [str(s) for s in r.sources]} for r in province.resolutions]
        tables.append(Table("resolutions", t["resolutions"], (t["number"], t["publisher"], t["title"], t["issued"],
                                                               t["sources"]), tuple(rows), tuple(records)))
    if province.officials:
        rows = [(_cell(Text(o.name, lang="vi")), _cell(site.words(lang, o.post)),
                 _cell(Text(site.date(o.seen, lang)) if o.seen else None), site.sources(o.sources, lang))
                for o in province.officials]
        records = [{"name": o.name, "post": o.post, "seen": _plain(o.seen), "note": o.note or None,
                    "sources": [str(s) for s in o.sources]} for o in province.officials]
        tables.append(Table("officials", t["officials"], (t["name"], t["post"], t["seen"], t["sources"]),
                            tuple(rows), tuple(records)))
    if province.events:
        rows = [(_cell(Text(site.date(e.date, lang))), _cell(site.words(lang, e.description)),
                 site.sources(e.sources, lang)) for e in province.events]
        records = [{"date": e.date.isoformat(), "description": e.description,
                    "sources": [str(s) for s in e.sources]} for e in province.events]
        tables.append(Table("events", t["events"], (t["date"], t["description_col"], t["sources"]),
                            tuple(rows), tuple(records)))
    own_dti = province.dti()
    inherited = [o for p in province.predecessors for o in p.dti()]
    dti_obs = sorted([*own_dti, *inherited],
                     key=lambda o: (o.period, o.scope.province.key if o.scope.province else "", o.indicator.key))
    dti_note = t["dti_predecessors"] if inherited else ""
    dti_table = _dti_table(site, dti_obs, lang) if dti_obs else None
    if dti_table is not None:
        tables.append(dti_table)
    ranks = [o for o in dti_obs if o.indicator.key == "dti_rank"]
    chart_path = site.chart_series(f"charts/provinces/{site.slugs['provinces'][province.key]}-dti-rank.svg",
                                   ranks, rank=True)
    chart = None
    if chart_path:
        refs = dict.fromkeys(ref.source.id for obs in ranks for ref in obs.sources)
        rank_name = site.pick(lang, ranks[0].indicator.name_vi, ranks[0].indicator.name_en) or Text("dti_rank")
        chart = Chart(chart_path, site.series_alt(rank_name.text, ranks, ranks[0].indicator.unit, lang),
                      (*site.series_key(ranks, lang), t["key_rank"]),
                      tuple(site.source_link(site.ds.sources.get(ref), lang) for ref in refs), "dti")
    others = sorted((o for o in province.observations() if not o.indicator.key.startswith("dti_")),
                    key=lambda o: (o.period.end, o.indicator.key), reverse=True)
    if others:
        tables.append(site.observation_table("observations", t["observations_of"], others, lang, show_scope=False))
    name = province.name_vi if lang == "vi" else province.name_en
    return {"title": f"{name} ({province.era})", "name": Text(f"{name} ({province.era})"), "record": province,
            "facts": facts, "lineage": lineage, "dt": dt, "dti_note": dti_note, "dti_table": dti_table,
            "chart": chart, "tables": tables, "kind_label": t["province"]}


def _dti_table(site: _Site, observations: Sequence[Observation], lang: str) -> Table:
    """One row per unit and year: rank among that era's units, score, pillar ranks, sources."""
    t = strings(lang)
    wanted = {"dti_rank": "rank", "dti_score": "score", "dti_digital_government_rank": "gov_rank",
              "dti_digital_economy_rank": "eco_rank", "dti_digital_society_rank": "soc_rank"}
    grouped: dict[tuple[str, str], dict[str, Observation]] = defaultdict(dict)
    order: list[tuple[str, str]] = []
    for obs in observations:
        if obs.indicator.key not in wanted or obs.scope.province is None:
            continue
        group = (str(obs.period), obs.scope.province.key)
        if group not in grouped:
            order.append(group)
        grouped[group][wanted[obs.indicator.key]] = obs
    rows: list[tuple[Cell, ...]] = []
    records: list[dict[str, Any]] = []
    for period, unit_key in order:
        found = grouped[(period, unit_key)]
        unit = site.ds.provinces.get(unit_key)
        rank = found.get("rank")
        refs = list(dict.fromkeys(ref for obs in found.values() for ref in obs.sources))

        rows.append((
            _cell(Text(period)), _cell(site.province_link(unit, lang)),
            _cell(Text(_rank(site, rank, lang)) if rank else None, numeric=True),
            *(_cell(Text(site.number(found[name].value, lang)) if name in found else None, numeric=True)
              for name in ("score", "gov_rank", "eco_rank", "soc_rank")),
            site.sources(refs, lang),
        ))
        record: dict[str, Any] = {"period": period, "province": unit_key, "era": unit.era,
                                  "ranked_units": rank.denominator if rank else None}
        for name in ("rank", "score", "gov_rank", "eco_rank", "soc_rank"):
            record[name] = found[name].value if name in found else None
        record["sources"] = [str(ref) for ref in refs]
        records.append(record)
    headers = (t["period"], t["unit_col"], t["rank_best"],
               t["dti_score"], t["gov_rank"], t["eco_rank"], t["soc_rank"], t["sources"])
    return Table("dti", t["dti_history"], headers, tuple(rows), tuple(records))


def _rank(site: _Site, obs: Observation, lang: str) -> str:
    """A rank as the source gives it: "4/34" when the number of units ranked is known."""
    text = site.number(obs.value, lang)
    return f"{text}/{site.number(obs.denominator, lang)}" if obs.denominator is not None else text


def _session(site: _Site, session: Session, lang: str) -> dict[str, Any]:
    t = strings(lang)
    if session.start is not None:
        when = f"{site.date(session.start, lang)} {session.start.strftime('%H:%M')} (UTC+7)"
    elif session.part_of_day is not None:
        when = f"{site.date(session.date, lang)}, {t['part_' + session.part_of_day.value]}"
    else:
        when = f"{site.date(session.date, lang)}, {t['time'].split(' (')[0].lower()}: {t['unknown']}"
    facts = [
        Fact(t["committee"], _cell(site.pick(lang, session.committee.name_vi, session.committee.name_en))),
        Fact(t["number"], _cell(Text(str(session.number)) if session.number is not None else None)),
        Fact(t["date"], _cell(Text(site.date(session.date, lang)))),
        Fact(t["time"], _cell(Text(when))),
        Fact(t["format"], _cell(Text(t["format_" + session.format.value]) if session.format else None)),
        Fact(t["chair"], _cell(site.person(session.chair, lang))),
        Fact(t["reviews"], _cell(Text(" ".join(x for x in (str(session.reviews or ""), session.reviews_text) if x),
                                      lang=None if lang == "en" else "en") if (session.reviews or session.reviews_text) else None)),
        Fact(t["connected"], _cell(Text(str(session.connected_localities)) if session.connected_localities is not None else None)),
        Fact(t["confidence"], _cell(Text(t["confidence_" + session.confidence.value]))),
        Fact(t["sources"], site.sources(session.sources, lang)),
    ]
    if session.conclusion_notice:
        facts.append(Fact(t["conclusion_notice"], _cell(site.document_text(session.conclusion_notice, lang))))
    if session.documents:
        facts.append(Fact(t["documents"], Cell(tuple(site.document_text(d, lang) for d in session.documents))))
    if session.note:
        facts.append(Fact(t["note"], _cell(site.words(lang, session.note))))
    tables: list[Table] = []
    if session.connection_points:
        rows: list[tuple[Cell, ...]] = []
        records: list[dict[str, Any]] = []
        for point in session.connection_points:
            place = site.province_link(point.province, lang) if point.province else Text(point.place)
            rows.append((_cell(place), _cell(Text(t["yes"] if point.host else t["no"])),
                         Cell(tuple(site.person(p, lang) for p in point.attendees)),
                         Cell(tuple(Text(g, lang=None if lang == "en" else "en") for g in point.groups)),
                         site.sources(point.sources, lang)))
            records.append({"place": point.place, "province": point.province.key if point.province else None,
                            "host": point.host, "attendees": [str(p) for p in point.attendees],
                            "groups": list(point.groups), "sources": [str(s) for s in point.sources]})
        tables.append(Table("connection-points", t["connection_points"],
                            (t["place"], t["host"], t["attendees"], t["groups"], t["sources"]),
                            tuple(rows), tuple(records)))
    figures = sorted(session.figures(), key=lambda o: (o.indicator.key, o.period.end))
    if figures:
        tables.append(site.observation_table("figures", t["figures_reported"], figures, lang, show_session=False))
    return {"title": site.session_label(session, lang), "name": Text(site.session_label(session, lang)),
            "record": session, "facts": facts, "tables": tables,
            "conclusions": [site.words(lang, c) for c in session.conclusions],
            "discussion": [site.words(lang, c) for c in session.discussion],
            "disagreements": [site.words(lang, c) for c in session.disagreements],
            "kind_label": t["session"]}


def _source(site: _Site, source: Source, lang: str) -> dict[str, Any]:
    t = strings(lang)
    facts = [
        Fact(t["key"], _cell(Text(source.id))),
        Fact(t["kind"], _cell(Text(t["source_" + source.kind.value]))),
        Fact(t["publisher"], _cell(Text(source.publisher))),
        Fact(t["title"], _cell(Text(source.title, lang=source.language if source.language in ("vi", "en") else None))),
        Fact(t["published"], _cell(Text(site.moment(source.published, lang)) if source.published else None)),
        Fact(t["language"], _cell(Text(source.language) if source.language else None)),
        Fact(t["url"], _cell(Text(source.url, href=source.url, external=True) if source.url else Text("—"))),
        Fact(t["byline"], _cell(Text(source.byline) if source.byline else Text("—"))),
        Fact(t["confidence"], _cell(Text(t["confidence_" + source.confidence.value]))),
    ]
    if source.note:
        facts.append(Fact(t["note"], _cell(site.words(lang, source.note))))
    rows: list[tuple[Cell, ...]] = []
    records: list[dict[str, Any]] = []
    for record in source.records():
        kind, link = _record_link(site, record, lang)
        rows.append((_cell(Text(t.get("record_" + kind, kind))), _cell(link)))
        records.append({"kind": kind, "key": str(getattr(record, "key", getattr(record, "year", ""))),
                        "text": link.text})
    tables = [Table("citing", t["citing"], (t["kind"], t["record"]), tuple(rows), tuple(records))] if rows else []
    return {"title": f"{source.publisher} — {source.id}", "name": Text(source.publisher), "record": source,
            "facts": facts, "tables": tables, "kind_label": t["source"], "citing_none": not rows}


def _record_link(site: _Site, record: Any, lang: str) -> tuple[str, Text]:
    """A citing record's kind and a link to where the site shows it."""
    if isinstance(record, Observation):
        link = site.indicator_link(record.indicator, lang)
        text = f"{link.text}: {site.value(record, lang)} ({record.period}, {site.scope_text(record.scope, lang).text})"
        return "observation", attrs.evolve(link, text=text, href=f"{link.href}#obs-{slug(record.key)}")
    if isinstance(record, Indicator):
        return "indicator", site.indicator_link(record, lang)
    if isinstance(record, Target):
        return "target", site.target_link(record, lang)
    if isinstance(record, Task):
        return "task", site.task_link(record, lang)
    if isinstance(record, Province):
        return "province", site.province_link(record, lang)
    if isinstance(record, Session):
        return "session", site.session_link(record, lang)
    if isinstance(record, Milestone):
        owner = site.task_link(record.task, lang) if record.task else (
            site.target_link(record.target, lang) if record.target else None)
        text = f"{site.date(record.date, lang)}: {record.description}"
        return "milestone", Text(text, lang=None if lang == "en" else "en", href=owner.href if owner else None)
    if isinstance(record, Committee):
        name = site.pick(lang, record.name_vi, record.name_en) or Text(record.key)
        return "committee", attrs.evolve(name, href="index.html")
    if isinstance(record, Plan):
        name = site.pick(lang, record.title_vi, record.title_en) or Text(record.key)
        return "plan", attrs.evolve(name, href="tasks/index.html")
    if isinstance(record, YearTheme):
        return "theme", Text(str(record.year), href="index.html#themes")
    if isinstance(record, Document):
        return "document", site.document_text(record, lang)
    return type(record).__name__.lower(), Text(str(getattr(record, "key", record)))


# --- listings --------------------------------------------------------------------------------


def _listing(section: str) -> Callable[[_Site, str], dict[str, Any]]:
    def context(site: _Site, lang: str) -> dict[str, Any]:
        t = strings(lang)
        ds = site.ds
        tables: list[Table] = []
        rows: list[tuple[Cell, ...]]
        records: list[dict[str, Any]]
        if section == "indicators":
            for pillar in Pillar:
                members = [i for i in ds.indicators if i.pillar is pillar]
                if not members:
                    continue
                rows = [(_cell(site.indicator_link(i, lang)), _cell(Text(i.key)), _cell(Text(i.unit)),
                         _cell(Text(str(len(i.observations()))), numeric=True)) for i in members]
                records = [{"key": i.key, "name_vi": i.name_vi, "name_en": i.name_en, "unit": i.unit,
                            "pillar": i.pillar.value, "figures": len(i.observations())} for i in members]
                tables.append(Table(f"pillar-{pillar.value.replace('_', '-')}", site.pillar(pillar, lang).text,
                                    (t["indicator"], t["key"], t["unit"], t["figures"]), tuple(rows), tuple(records)))
        elif section == "targets":
            tables.append(site.target_table("targets", t["all_targets"], list(ds.targets), lang))
        elif section == "tasks":
            rows, records = [], []
            for task in ds.tasks:
                result = site.task_results[task.key]
                rows.append((_cell(site.task_link(task, lang)), _cell(Text(str(task.plan.year))),
                             _cell(site.pillar(task.pillar, lang)), _cell(site.status(result.status, lang))))
                records.append({"key": task.key, "plan": task.plan.year, "number": task.number,
                                "title_vi": task.title_vi, "title_en": task.title_en,
                                "pillar": task.pillar.value if task.pillar else None, "status": result.status.value})
            tables.append(Table("tasks", t["all_tasks"], (t["task"], t["plan"], t["pillar"], t["status"]),
                                tuple(rows), tuple(records)))
        elif section == "provinces":
            for era in sorted(site.era_sizes):
                units = [p for p in ds.provinces if p.era == era]
                rows = [(_cell(site.province_link(p, lang)), _cell(Text(p.code)),
                         _cell(Text(t[f"kind_{p.kind.value}"])),
                         _cell(Text(str(len(p.observations()))), numeric=True)) for p in units]
                records = [{"key": p.key, "code": p.code, "era": p.era, "name_vi": p.name_vi, "name_en": p.name_en,
                            "kind": p.kind.value, "successor": p.successor_key, "predecessors": list(p.predecessor_keys),
                            "figures": len(p.observations())} for p in units]
                era_word = t.get(f"era_{era}", str(era))
                tables.append(Table(f"era-{era}", f"{t['era']} {era}: {era_word}",
                                    (t["province"], t["code"], t["province_kind"], t["figures"]),
                                    tuple(rows), tuple(records)))
        elif section == "sessions":
            rows, records = [], []
            for s in ds.all_sessions:
                rows.append((_cell(site.session_link(s, lang)),
                             _cell(Text(t["format_" + s.format.value]) if s.format else None),
                             _cell(Text(str(len(s.figures()))), numeric=True)))
                records.append({"key": s.key, "committee": s.committee.key, "number": s.number,
                                "date": s.date.isoformat(), "format": s.format.value if s.format else None,
                                "figures": len(s.figures())})
            tables.append(Table("sessions", t["all_sessions"], (t["session"], t["format"], t["figures"]),
                                tuple(rows), tuple(records)))
        elif section == "sources":
            rows, records = [], []
            for src in ds.sources:
                rows.append((_cell(site.source_link(src, lang)), _cell(Text(t["source_" + src.kind.value])),
                             _cell(Text(site.moment(src.published, lang)) if src.published else None),
                             _cell(Text(str(len(src.records()))), numeric=True)))
                records.append({"id": src.id, "kind": src.kind.value, "publisher": src.publisher, "title": src.title,
                                "published": _plain(src.published), "url": src.url, "records": len(src.records())})
            tables.append(Table("sources", t["all_sources"], (t["source"], t["kind"], t["published"], t["citing"]),
                                tuple(rows), tuple(records)))
        return {"title": t[section], "tables": tables, "section": section}

    return context


def _search_page(site: _Site, lang: str) -> dict[str, Any]:
    return {"title": strings(lang)["search"], "tables": []}


# --- the search index ---------------------------------------------------------------------------


def search_entries(site: _Site) -> list[dict[str, Any]]:
    """Indicators, provinces and sessions: names in both languages, folded terms, page paths."""
    ds = site.ds
    entries: list[dict[str, Any]] = []
    for indicator in ds.indicators:
        names = [indicator.name_vi, indicator.name_en, indicator.key]
        entries.append({"kind": "indicator", "path": site.path("indicators", indicator.key),
                        "vi": indicator.name_vi or indicator.name_en, "en": indicator.name_en,
                        "terms": " ".join(fold(n) for n in names if n)})
    for province in ds.provinces:
        names = [province.name_vi, province.name_en, province.name_ascii, *province.aliases, province.code,
                 str(province.era)]
        entries.append({"kind": "province", "path": site.path("provinces", province.key),
                        "vi": f"{province.name_vi} ({province.era})",
                        "en": f"{province.name_en} ({province.name_vi}, {province.era})"
                        if province.name_en != province.name_vi else f"{province.name_en} ({province.era})",
                        "terms": " ".join(fold(n) for n in names if n)})
    for session in ds.all_sessions:
        vi, en = site.session_label(session, "vi"), site.session_label(session, "en")
        entries.append({"kind": "session", "path": site.path("sessions", session.key), "vi": vi, "en": en,
                        "terms": " ".join(fold(n) for n in (vi, en, session.key, session.date.isoformat()))})
    return entries


# --- writing -------------------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg", "js", "css"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def _pages(site: _Site) -> list[Page]:
    ds = site.ds
    pages = [Page("index.html", "home", "home.html", lambda lang: _home(site, lang)),
             Page("search.html", "search", "search.html", lambda lang: _search_page(site, lang))]
    for section in ("indicators", "targets", "tasks", "provinces", "sessions", "sources"):
        listing = _listing(section)
        pages.append(Page(f"{section}/index.html", f"{section}-index", "listing.html",
                          lambda lang, listing=listing: listing(site, lang)))  # type: ignore[misc]
    kinds: list[tuple[str, Iterable[Any], Callable[[_Site, Any, str], dict[str, Any]], Callable[[Any], str]]] = [
        ("indicators", ds.indicators, _indicator, lambda r: r.key),
        ("targets", ds.targets, _target, lambda r: r.key),
        ("tasks", ds.tasks, _task, lambda r: r.key),
        ("provinces", ds.provinces, _province, lambda r: r.key),
        ("sessions", ds.all_sessions, _session, lambda r: r.key),
        ("sources", ds.sources, _source, lambda r: r.id),
    ]
    for section, records, builder, key_of in kinds:
        template = f"{section[:-1]}.html"
        for record in records:
            pages.append(Page(site.path(section, key_of(record)), section, template,
                              lambda lang, r=record, b=builder: b(site, r, lang)))  # type: ignore[misc]
    return pages


def _prepare(out: Path) -> None:
    """Make ``out`` ready: create it, or clear a previous ducs site; refuse any other folder."""
    if out.exists() and not out.is_dir():
        raise DucsError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise DucsError(f"{out} is not empty and holds no ducs site ({MARKER} is missing); "
                            "give an empty or new folder")
        for child in out.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)


def _write_table(site: _Site, table: Table) -> None:
    if table.download in site.written_downloads:
        return
    site.written_downloads.add(table.download)
    base = site.out / table.download
    base.parent.mkdir(parents=True, exist_ok=True)
    records = [{k: _plain(v) for k, v in record.items()} for record in table.records]
    base.with_suffix(".json").write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    fields: list[str] = []
    for record in records:
        for name in record:
            if name not in fields:
                fields.append(name)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: _csv_value(record.get(k)) for k in fields})
    base.with_suffix(".csv").write_text(buffer.getvalue(), encoding="utf-8")


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def _dataset_json(ds: Dataset) -> str:
    """The whole dataset exactly as :func:`ducs.to_json` writes it."""
    return json.dumps(dump_mapping(ds), ensure_ascii=False, indent=2, allow_nan=False)


def build(dataset: Dataset, out: str | Path, *, charts: bool = True, workers: int | None = None) -> SiteSummary:
    """Write the static site for ``dataset`` into the folder ``out`` and say what was written.

    ``out`` must be new, empty, or a site this function wrote before (it is then rebuilt from
    scratch). ``charts=False`` skips drawing (faster; the pages then say there is no chart).
    Charts are drawn in ``workers`` processes while the pages are written (default: one per
    CPU, at most 4; 0 or 1 draws them in this process). Needs the ``site`` extra (Jinja2,
    matplotlib).
    """
    if not _HAVE_JINJA:
        raise MissingExtraError("jinja2", "site")
    if charts:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise MissingExtraError("matplotlib", "site") from None
    folder = Path(out)
    _prepare(folder)
    site = _Site(dataset, folder, charts)
    count = min(os.cpu_count() or 1, 4) if workers is None else workers
    if charts and count > 1:
        site.pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
    try:
        return _write(site, dataset, folder)
    finally:
        if site.pool is not None:
            site.pool.shutdown(cancel_futures=True)


def _write(site: _Site, dataset: Dataset, folder: Path) -> SiteSummary:
    env = _environment()
    pages = _pages(site)
    counts: dict[str, int] = defaultdict(int)
    entries = search_entries(site)
    for lang in LANGUAGES:
        t = strings(lang)
        for page in pages:
            context = page.context(lang)
            depth = page.path.count("/")
            up = "../" * depth
            tables = [attrs.evolve(table, download=f"downloads/{page.path[:-5]}/{table.id}")
                      for table in context.get("tables", [])]
            for key in ("dti_table",):
                if context.get(key) is not None:
                    context[key] = next(tb for tb in tables if tb.id == context[key].id)
            context["tables"] = tables
            for table in tables:
                _write_table(site, table)
            html = env.get_template(page.template).render(
                lang=lang, other=t["switch_lang"], t=t, page=page, up=up, root=up + "../",
                data_version=dataset.data_version, cutoff=site.date(dataset.cutoff, lang),
                status_colours=STATUS_COLOURS, **context)
            target = folder / lang / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            if lang == LANGUAGES[0]:
                counts[page.kind] += 1
    static = folder / "static"
    static.mkdir(exist_ok=True)
    (static / "site.css").write_text(env.get_template("site.css").render(
        status_colours=STATUS_COLOURS), encoding="utf-8")
    shutil.copyfile(TEMPLATES / "search.js", static / "search.js")
    index = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    (static / "search-index.js").write_text(f"window.DUCS_SEARCH = {index};\n", encoding="utf-8")
    (folder / "downloads").mkdir(exist_ok=True)
    (folder / "downloads" / "search-index.json").write_text(index + "\n", encoding="utf-8")
    (folder / "downloads" / "ducs.json").write_text(_dataset_json(dataset), encoding="utf-8")
    all_obs = site.observation_table("observations", "observations", list(dataset.observations), "en")
    _write_table(site, attrs.evolve(all_obs, download="downloads/observations"))
    (folder / "index.html").write_text(env.get_template("landing.html").render(
        t_vi=strings("vi"), t_en=strings("en"), data_version=dataset.data_version,
        cutoff=dataset.cutoff.isoformat(), title=dataset.title), encoding="utf-8")
    site.write_charts()
    (folder / MARKER).write_text(f"ducs site, data {dataset.data_version}\n", encoding="utf-8")
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    return SiteSummary(folder, dict(counts), files, len(site.charts))
