"""The validation rules of fixture folders, declared once: an id, what it applies to, what it says.

The loader applies them and every :class:`~ducs.errors.Problem` names the rule it broke, so
``docs/fixtures.md`` can list them and a tool can filter on them. Record rules take one
structured record; dataset rules see every record of a load.

>>> RULES["number.finite"].text
'Numbers are finite: no nan, no inf, nothing too large for a float (1e400).'
>>> len(RULES) >= 40
True
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

import attrs
import pendulum

from ducs.model import (
    Committee,
    Document,
    Indicator,
    Milestone,
    Observation,
    Plan,
    Province,
    Session,
    Source,
    Target,
    Task,
)
from ducs.periods import plain_date
from ducs.text import fold
from ducs.vocab import Comparator, Direction, Match

__all__ = [
    "ERAS",
    "MUST_CITE",
    "RULES",
    "WINDOW_END",
    "WINDOW_START",
    "Context",
    "Finding",
    "MoreObservations",
    "Rule",
    "check_dataset",
    "check_observation",
    "check_record",
    "in_force_message",
    "key_charset_findings",
    "key_findings",
    "measure_findings",
    "name_findings",
    "observation_cutoff_findings",
    "observation_value_findings",
    "period_findings",
    "series_key",
    "series_message",
    "series_scope",
    "text_problem",
    "value_bounds",
]

# The eras of provincial units: 63 units from 2008, 34 from 2025-07-01.
ERAS = (2008, 2025)
# Dates a fixture may hold: the programme's time and its horizon, nothing absurd (9999-12-31).
WINDOW_START = dt.date(1990, 1, 1)
WINDOW_END = dt.date(2100, 12, 31)


@attrs.frozen
class Rule:
    """One validation rule: a stable id, where it applies, and what it requires in words."""

    id: str
    applies_to: str
    text: str


_RULE_LIST: tuple[Rule, ...] = (
    # reading files
    Rule("file.missing_meta", "folder", "The folder holds meta.toml with a [dataset] table."),
    Rule("file.unexpected", "folder", "Only the file names of docs/fixtures.md are read; any other *.toml, *.csv or *.parquet is an error."),
    Rule("file.not_regular", "file", "A fixture is a regular file (not a FIFO, device or folder)."),
    Rule("file.outside_folder", "file", "A fixture, symlinks resolved, lies inside the fixture folder."),
    Rule("file.too_large", "file", "A fixture is at most the size limit (16 MiB unless load() is given another max_bytes; a CSV or Parquet table 1 GiB, max_table_bytes)."),
    Rule("file.not_utf8", "file", "A fixture is UTF-8 text; the first bad byte is reported with its line and column."),
    Rule("file.bom", "file", "A fixture has no byte-order mark (U+FEFF) at its start."),
    Rule("file.syntax", "file", "A fixture is valid TOML (a table: valid CSV, or a valid Parquet file)."),
    Rule("file.needs_extra", "file", "A Parquet table needs the arrow extra (pip install 'ducs[arrow]')."),
    Rule("file.too_deep", "file", "Arrays and tables nest at most 32 levels deep."),
    Rule("file.unreadable", "file", "A fixture can be read."),
    Rule("table.unexpected", "file", "A file holds only the records of its kind (and meta.toml only [dataset])."),
    Rule("table.not_records", "file", "Records are an array of tables ([[observation]]), each a table."),
    Rule("table.header", "table", "A CSV or Parquet table starts with a header naming its columns: every required field, none twice, nothing else."),
    Rule("table.row", "table", "A CSV row has one cell per column of the header."),
    Rule("table.derived", "table", "A derived column (an observation's province, year, period_start, period_end; a target's province, deadline_end) agrees with the fields it comes from, or is left out."),
    Rule("meta.field", "meta", "[dataset] has title, data_version and cutoff (a date), optionally license, and nothing else."),
    Rule("package.descriptor", "package", "An exported folder's datapackage.json names ducs' metadata and, per resource, a kind of record and a .csv or .parquet file inside the folder."),
    # structuring one record
    Rule("field.missing", "record", "Every required field is present (write \"unknown\" for an unknown value)."),
    Rule("field.unexpected", "record", "No field beyond those of docs/fixtures.md."),
    Rule("field.type", "record", "A value has the expected type: text, number, date, period, enum value…"),
    Rule("number.finite", "record", "Numbers are finite: no nan, no inf, nothing too large for a float (1e400)."),
    Rule("text.control", "record", "Text holds no control characters or terminal escapes (tab and newline allowed)."),
    Rule("text.invisible", "record", "Text holds no invisible characters (zero-width spaces, bidi controls)."),
    Rule("text.surrogate", "record", "Text holds no lone surrogates."),
    Rule("text.empty", "record", "Keys, names and titles are not empty or blank."),
    Rule("key.charset", "record", "Keys have no surrounding space; source ids have no '#' and are not URLs."),
    Rule("ref.unknown", "record", "A reference names an existing record of its kind (loaded earlier)."),
    Rule("ref.ambiguous", "record", "A reference to a province names one unit (a name used in both eras needs the key)."),
    Rule("key.duplicate", "record", "Keys are unique within their kind."),
    Rule("record.must_cite", "record", "A record that states facts cites at least one source."),
    # one record
    Rule("date.window", "record", "Dates and periods lie between 1990-01-01 and 2100-12-31."),
    Rule("date.after_cutoff", "record", "Nothing happened after the data's cut-off: observation periods start and sessions, milestones and events fall on or before it."),
    Rule("value.share", "record", "A percentage lies between 0 and 100."),
    Rule("value.non_negative", "record", "A count, amount or declared number is not negative."),
    Rule("value.rank", "record", "A rank is a whole number from 1 to its denominator."),
    Rule("value.limit", "record", "A score lies between 0 and its indicator's limit."),
    Rule("value.denominator", "record", "A denominator is positive and not below the value."),
    Rule("target.value", "record", "A numeric target has a value; a qualitative one has none."),
    Rule("target.range", "record", "A range target has 'high' at or above 'value'; other targets have no 'high'."),
    Rule("target.direction", "record", "A target's comparator agrees with its indicator's direction; no target on a neutral (descriptive) measure."),
    Rule("target.baseline", "record", "A target's baseline period ends before its deadline."),
    Rule("province.key", "record", "A province's key is '<code>@<era>'."),
    Rule("province.era", "record", "A province's era is 2008 or 2025."),
    Rule("province.valid", "record", "A province's validity ends after it starts."),
    Rule("lineage.self", "record", "A province is never its own successor or predecessor."),
    Rule("milestone.owner", "record", "A milestone names exactly one of 'task' or 'target'."),
    Rule("session.time", "record", "A session gives a clock 'time' or a 'part_of_day', not both."),
    # across records
    Rule("scope.in_force", "dataset", "A province-scoped observation's unit was in force during its period, unless it is marked 'restated'; a session's connection point names a unit in force on the session's day."),
    Rule("series.period_end", "dataset", "A series (indicator and scope) holds one value per period end."),
    Rule("match.measure", "dataset", "An exact figure for a target is of the target's indicator; a proxy has an indicator of its own."),
    Rule("ref.target", "dataset", "An observation's 'target' names an existing target."),
    Rule("ref.plan", "dataset", "A target's 'plan' names an existing plan year."),
    Rule("ref.lineage", "dataset", "Successor and predecessor keys name existing provinces."),
    Rule("lineage.cycle", "dataset", "Successions never loop back to a unit."),
    Rule("indicator.measure", "dataset", "Indicators sharing a concept each state a distinct measure."),
    Rule("unique.session_number", "dataset", "Session numbers are unique within a committee."),
    Rule("unique.plan_year", "dataset", "One plan per year."),
    Rule("unique.task_number", "dataset", "Task numbers are unique within a plan."),
    Rule("unique.province_name", "dataset", "Unit names (folded) are unique within an era."),
    Rule("unique.source_url", "dataset", "Two sources never share one URL."),
    Rule("json.syntax", "json", "A JSON export is strict JSON (no NaN or Infinity) holding one object of record tables."),
)
RULES: Mapping[str, Rule] = {rule.id: rule for rule in _RULE_LIST}


@attrs.frozen
class Context:
    """What a record rule may compare against: the data's cut-off."""

    cutoff: pendulum.Date | None


# (rule id, field, message)
Finding = tuple[str, str, str]

_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad")


# Every character text_problem can object to: surrogates, category Cc (exactly U+0000-U+001F and
# U+007F-U+009F) and the invisible ones; tab and newline are let through by the loop below.
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff" + "".join(sorted(_INVISIBLE)) + "]")


def text_problem(text: str) -> tuple[str, str] | None:
    """The first character rule a piece of text breaks, as (rule id, message), or None.

    >>> text_problem("Hà Giang") is None
    True
    >>> text_problem("Attack\\x1b[31m share")[0]
    'text.control'
    >>> text_problem("Hà\\u200bGiang")[0]
    'text.invisible'
    """
    if _SUSPECT.search(text) is None:  # the common case, in one pass of the regex engine
        return None
    for position, ch in enumerate(text, start=1):
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            return "text.surrogate", f"lone surrogate U+{code:04X} at position {position}"
        if ch in "\n\t":
            continue
        if unicodedata.category(ch) == "Cc":
            return "text.control", (f"control character U+{code:04X} at position {position} "
                                    "(escapes and control codes are not text)")
        if ch in _INVISIBLE:
            return "text.invisible", f"invisible character U+{code:04X} at position {position}"
    return None


# --- record rules ---------------------------------------------------------------------------

_NAMES = frozenset({"key", "id", "name_vi", "name_en", "name_ascii", "title_en", "title", "publisher", "place",
                    "name", "post"})
_NESTED_TEXT = frozenset({"description"})  # required text of nested parts (events)
_DATES = ("date", "issued", "founded", "ended", "signed", "valid_from", "valid_to", "published", "since", "until",
          "seen")
_YEARS = ("year",)
_COUNT_UNITS_EXCEPT = ("percent", "percent_per_year", "score", "rank", "flag", "tier", "yes_no")
# A record of another kind reached through a field is a reference, checked where it is defined.
_RECORD_TYPES: tuple[type[Any], ...] = (Committee, Document, Indicator, Milestone, Observation, Plan, Province,
                                        Session, Source, Target, Task)


def _parts(record: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(path, value) of every field of a record and of its nested parts, references excluded."""
    for field in attrs.fields(type(record)):
        if not field.init:
            continue
        value = getattr(record, field.name)
        where = f"{path}{field.name}"
        if isinstance(value, _RECORD_TYPES) or type(value).__name__ in ("SourceRef", "Scope"):
            continue
        if attrs.has(type(value)):
            yield where, value
            yield from _parts(value, f"{where}.")
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, _RECORD_TYPES) or type(item).__name__ in ("SourceRef", "Scope"):
                    continue
                if attrs.has(type(item)):
                    yield from _parts(item, f"{where}[{index}].")
                else:
                    yield f"{where}[{index}]", item
        else:
            yield where, value


def _window(path: str, name: str, value: Any) -> Iterator[Finding]:
    if name in _DATES and isinstance(value, dt.date):
        day = plain_date(value)
        if not WINDOW_START <= day <= WINDOW_END:
            yield "date.window", path, f"{day.isoformat()} is outside {WINDOW_START.isoformat()}..{WINDOW_END.isoformat()}"
    elif (name in _YEARS or name == "since") and isinstance(value, int) and not isinstance(value, bool):
        if not WINDOW_START.year <= value <= WINDOW_END.year:
            yield "date.window", path, f"the year {value} is outside {WINDOW_START.year}..{WINDOW_END.year}"
    elif hasattr(value, "start") and hasattr(value, "end") and isinstance(value.start, dt.date):
        for day in (plain_date(value.start), plain_date(value.end)):
            if not WINDOW_START <= day <= WINDOW_END:
                yield "date.window", path, (f"{day.isoformat()} is outside {WINDOW_START.isoformat()}.."
                                            f"{WINDOW_END.isoformat()}")
                break


def name_findings(name: str, value: object) -> Iterator[Finding]:
    """The rules of one key, name or title: not blank; a key has no surrounding space."""
    if isinstance(value, str) and not value.strip():
        yield "text.empty", name, f"{name} is empty"


def key_findings(name: str, key: object) -> Iterator[Finding]:
    """The rules of a record's key: not blank, no surrounding space."""
    yield from name_findings(name, key)
    yield from key_charset_findings(name, key)


def key_charset_findings(name: str, key: object) -> Iterator[Finding]:
    """A key as written has no space at its start or end (checked on the raw text: the
    converter strips it).

    >>> list(key_charset_findings("key", " o1"))
    [('key.charset', 'key', 'a key has no space at its start or end')]
    >>> list(key_charset_findings("key", "o1"))
    []
    """
    if isinstance(key, str) and key != key.strip():
        yield "key.charset", name, "a key has no space at its start or end"


def period_findings(name: str, period: Any) -> list[Finding]:
    """The date window of a period's ends (one list per distinct period: callers may cache it)."""
    return list(_window(name, name, period))


def _common(record: Any, ctx: Context) -> Iterator[Finding]:
    for path, value in _parts(record):
        name = path.rsplit(".", 1)[-1].split("[", 1)[0]
        nested = "." in path
        if isinstance(value, str) and not value.strip() and (
                name in _NAMES or (nested and name in _NESTED_TEXT) or name == "aliases"):
            yield "text.empty", path, f"{name} is empty"
        yield from _window(path, name, value)
    key_name = "id" if isinstance(record, Source) else "key"
    yield from key_charset_findings(key_name, getattr(record, key_name, None))


def observation_cutoff_findings(period: Any, ctx: Context) -> list[Finding]:
    """An observation's period starts by the data's cut-off (one list per distinct period)."""
    if ctx.cutoff is not None and period.start > ctx.cutoff:
        return [("date.after_cutoff", "period", (f"the period {period} starts after the data's cut-off "
                                                 f"{ctx.cutoff.isoformat()}"))]
    return []


def observation_value_findings(indicator: Indicator, value: float, denominator: float | None) -> list[Finding]:
    """The value rules of one observation, from plain numbers: shares, ranks, scores, counts, denominators."""
    found: list[Finding] = []
    unit = indicator.unit
    if unit == "percent" and not 0 <= value <= 100:
        found.append(("value.share", "value", f"a percentage is between 0 and 100 (got {value:g})"))
    elif unit == "rank":
        if value < 1 or not float(value).is_integer():
            found.append(("value.rank", "value", f"a rank is a whole number from 1 (got {value:g})"))
        elif denominator is not None and value > denominator:
            found.append(("value.rank", "value", f"rank {value:g} is beyond the {denominator:g} units ranked"))
    elif unit == "score" and indicator.limit is not None and not 0 <= value <= indicator.limit:
        found.append(("value.limit", "value", f"a score is between 0 and {indicator.limit:g} (got {value:g})"))
    elif unit not in _COUNT_UNITS_EXCEPT and "growth" not in indicator.key and value < 0:
        found.append(("value.non_negative", "value", f"a number of {unit} is not negative (got {value:g})"))
    if denominator is not None:
        if denominator <= 0:
            found.append(("value.denominator", "denominator", "expected a positive number"))
        elif value > denominator:
            found.append(("value.denominator", "value", f"{value:g} is more than its denominator {denominator:g}"))
    return found


def value_bounds(indicator: Indicator) -> tuple[float, float, bool]:
    """(low, high, whole): a value of this indicator outside [low, high], or not whole when ``whole``,
    may break a value rule; inside, :func:`observation_value_findings` has nothing to say about
    the value itself (a denominator is checked apart). Columns use it to pick the rows to check."""
    unit = indicator.unit
    if unit == "percent":
        return 0.0, 100.0, False
    if unit == "rank":
        return 1.0, math.inf, True
    if unit == "score" and indicator.limit is not None:
        return 0.0, indicator.limit, False
    if unit not in _COUNT_UNITS_EXCEPT and "growth" not in indicator.key:
        return 0.0, math.inf, False
    return -math.inf, math.inf, False


def _observation(obs: Observation, ctx: Context) -> Iterator[Finding]:
    yield from observation_cutoff_findings(obs.period, ctx)
    yield from observation_value_findings(obs.indicator, obs.value, obs.denominator)


def _target(target: Target, ctx: Context) -> Iterator[Finding]:
    if target.comparator is Comparator.QUALITATIVE:
        if target.value is not None:
            yield "target.value", "value", "a qualitative target has no value; write value = \"unknown\""
    elif target.value is None:
        yield "target.value", "value", f"a {target.comparator.value!r} target needs a number"
    if target.comparator is Comparator.RANGE:
        if target.high is None:
            yield "target.range", "high", "a range target needs 'high' (its upper bound)"
        elif target.value is not None and target.high < target.value:
            yield "target.range", "high", f"upper bound {target.high:g} is below the lower bound {target.value:g}"
    elif target.high is not None:
        yield "target.range", "high", "'high' is only for comparator = \"range\""
    implied = target.comparator.implied_direction
    if target.indicator.direction is Direction.NEUTRAL:
        yield "target.direction", "indicator", (f"{target.indicator.key!r} is a descriptive measure (direction "
                                                "\"neutral\"): no target can be judged on it")
    elif (implied is not None and target.comparator is not Comparator.RANK_WITHIN
          and implied != target.indicator.direction):
        yield "target.direction", "comparator", (
            f"{target.comparator.value!r} contradicts indicator {target.indicator.key!r}, where "
            f"{target.indicator.direction.name.lower().replace('_', ' ')}")
    unit = target.indicator.unit
    for name in ("value", "high"):
        bound = getattr(target, name)
        if bound is None:
            continue
        if unit == "percent" and not 0 <= bound <= 100:
            yield "value.share", name, f"a percentage is between 0 and 100 (got {bound:g})"
        elif (unit == "rank" or target.comparator is Comparator.RANK_WITHIN) and (
                bound < 1 or not float(bound).is_integer()):
            yield "value.rank", name, f"a rank is a whole number from 1 (got {bound:g})"
    if target.epsilon is not None and not target.epsilon > 0:
        yield "value.non_negative", "epsilon", f"epsilon is a positive number (got {target.epsilon:g})"
    if target.baseline is not None and target.deadline is not None and target.baseline.end >= target.deadline.end:
        yield "target.baseline", "baseline", (f"the baseline {target.baseline} does not end before the deadline "
                                              f"{target.deadline}")


def _province(province: Province, ctx: Context) -> Iterator[Finding]:
    if province.key != f"{province.code}@{province.era}":
        yield "province.key", "key", f"expected '{province.code}@{province.era}' (code@era)"
    if province.era not in ERAS:
        yield "province.era", "era", f"expected one of {', '.join(map(str, ERAS))} (got {province.era})"
    if province.valid_from and province.valid_to and province.valid_to < province.valid_from:
        yield "province.valid", "valid_to", "ends before it starts"
    if province.successor_key == province.key:
        yield "lineage.self", "successor", "a unit is not its own successor"
    if province.key in province.predecessor_keys:
        yield "lineage.self", "predecessors", "a unit is not its own predecessor"
    for index, event in enumerate(province.events):
        if ctx.cutoff is not None and event.date > ctx.cutoff:
            yield "date.after_cutoff", f"events[{index}].date", f"{event.date.isoformat()} is after the cut-off"


def _session(session: Session, ctx: Context) -> Iterator[Finding]:
    if ctx.cutoff is not None and session.date > ctx.cutoff:
        yield "date.after_cutoff", "date", f"{session.date.isoformat()} is after the data's cut-off {ctx.cutoff.isoformat()}"
    if session.time is not None and session.part_of_day is not None:
        yield "session.time", "part_of_day", "give either a clock 'time' or a 'part_of_day', not both"
    if session.number is not None and session.number < 1:
        yield "value.non_negative", "number", "a session number starts at 1"
    if session.connected_localities is not None and session.connected_localities < 0:
        yield "value.non_negative", "connected_localities", "a count is not negative"


def _milestone(milestone: Milestone, ctx: Context) -> Iterator[Finding]:
    if not milestone.description.strip():
        yield "text.empty", "description", "description is empty"
    if (milestone.task is None) == (milestone.target is None):
        yield "milestone.owner", "task", "a milestone names exactly one of 'task' or 'target'"
    if ctx.cutoff is not None and milestone.date > ctx.cutoff:
        yield "date.after_cutoff", "date", f"{milestone.date.isoformat()} is after the data's cut-off"


def _plan(plan: Plan, ctx: Context) -> Iterator[Finding]:
    for name in ("tasks_declared", "targets_declared"):
        value = getattr(plan, name)
        if value is not None and value < 0:
            yield "value.non_negative", name, f"a number of {name.split('_')[0]} is not negative (got {value})"


def _task(task: Task, ctx: Context) -> Iterator[Finding]:
    if task.number is not None and task.number < 1:
        yield "value.non_negative", "number", "a task number starts at 1"


def _source(source: Source, ctx: Context) -> Iterator[Finding]:
    if "#" in source.id or source.id.startswith(("http://", "https://")):
        yield "key.charset", "id", "a source id has no '#' and is not a URL (citations are written 'id#locator')"


def _committee(committee: Committee, ctx: Context) -> Iterator[Finding]:
    if committee.member_count_reported is not None and committee.member_count_reported < 0:
        yield "value.non_negative", "member_count_reported", "a count is not negative"


def _none(record: Any, ctx: Context) -> Iterator[Finding]:
    return iter(())


_BY_KIND: dict[type[Any], Callable[[Any, Context], Iterator[Finding]]] = {
    Observation: _observation,
    Target: _target,
    Province: _province,
    Session: _session,
    Milestone: _milestone,
    Plan: _plan,
    Task: _task,
    Source: _source,
    Committee: _committee,
    Document: _none,
    Indicator: _none,
}


MUST_CITE: Finding = ("record.must_cite", "sources", "at least one source is required for a record that states facts")


def check_observation(key: str, period: Any, cites: bool, indicator: Indicator, value: float,
                      denominator: float | None, ctx: Context,
                      cache: dict[int, tuple[list[Finding], list[Finding]]] | None = None) -> list[Finding]:
    """Every record rule one observation breaks, from its parts (what :func:`check_record` says).

    Bulk tables call it row by row with a ``cache`` of the rules of each distinct period
    (keyed by the period object's id: a caller shares one period object per distinct text).
    """
    parts = cache.get(id(period)) if cache is not None else None
    if parts is None:
        parts = (period_findings("period", period), observation_cutoff_findings(period, ctx))
        if cache is not None:
            cache[id(period)] = parts
    found = list(key_findings("key", key))
    found += parts[0]
    if not cites:
        found.append(MUST_CITE)
    found += parts[1]
    found += observation_value_findings(indicator, value, denominator)
    return found


def check_record(record: Any, ctx: Context, must_cite: bool) -> list[Finding]:
    """Every rule one record breaks (rules of its kind, and those of every record)."""
    if type(record) is Observation and must_cite:
        return check_observation(record.key, record.period, bool(record.sources), record.indicator,
                                 record.value, record.denominator, ctx)
    found = list(_common(record, ctx))
    if must_cite and not record.sources:
        found.append(MUST_CITE)
    found += _BY_KIND.get(type(record), _none)(record, ctx)
    return found


# --- dataset rules --------------------------------------------------------------------------

# (record, rule id, field, message)
DatasetFinding = tuple[Any, str, str, str]


def series_scope(scope: Any) -> str:
    """A scope as one series knows it: a province by its key (two eras may share a name)."""
    if scope.province is not None:
        return f"province:{scope.province.key}"
    return str(scope)


def _scope_key(obs: Observation) -> str:
    return series_scope(obs.scope)


class MoreObservations(Protocol):
    """Observations held elsewhere than in ``loaded`` (the columns of bulk tables), checked alike.

    ``check_dataset`` asks them for the findings of the observation rules, in its own order:
    scopes in force, then series (across every observation: ``objects`` are those of
    ``loaded``, which come first), then the measures of reported targets.
    """

    def in_force(self) -> Iterable[DatasetFinding]: ...

    def series(self, objects: Sequence[Observation], describe: Callable[[Any], str]) -> Iterable[DatasetFinding]: ...

    def measures(self, targets: Mapping[str, Target]) -> Iterable[DatasetFinding]: ...


def in_force_message(unit: Province, period: Any) -> str | None:
    """Why a figure for ``unit`` over ``period`` breaks ``scope.in_force`` (None if it does not)."""
    starts_before = unit.valid_to is not None and period.start > unit.valid_to
    ends_before = unit.valid_from is not None and period.end < unit.valid_from
    if starts_before or ends_before:
        return (f"{unit.name_vi} ({unit.key}) was not in force during {period}; a figure computed "
                "later for this unit is marked restated = true")
    return None


def series_message(obs: Observation, first: Observation, describe: Callable[[Any], str]) -> str:
    """What ``series.period_end`` says of ``obs``, which ends where ``first`` of its series ends."""
    return (f"{obs.indicator.key!r} for {obs.scope} already has a value for a period ending "
            f"{obs.period.end.isoformat()}: {first.key!r} ({first.period}, {describe(first)}); a series has "
            "one value per period end: keep one and describe the other in 'disagreement'")


def series_key(obs: Observation) -> tuple[str, str, Any]:
    """The series and period end of an observation: two observations may not share it."""
    return (obs.indicator.key, _scope_key(obs), obs.period.end)


def check_dataset(loaded: Mapping[type[Any], list[Any]], describe: Callable[[Any], str],
                  more: MoreObservations | None = None) -> list[DatasetFinding]:
    """Every rule the records break together. ``describe(record)`` names a record for messages.

    ``more`` brings observations held as columns (bulk tables read with the arrow extra).
    """
    found: list[DatasetFinding] = []
    observations: list[Observation] = loaded.get(Observation, [])
    provinces = {p.key: p for p in loaded.get(Province, [])}
    found += _lineage(provinces)
    for obs in observations:
        unit = obs.scope.province
        if unit is not None and not obs.restated:
            message = in_force_message(unit, obs.period)
            if message is not None:
                found.append((obs, "scope.in_force", "scope", message))
    for session in loaded.get(Session, []):
        for index, point in enumerate(session.connection_points):
            unit = point.province
            if unit is not None and not unit.in_force(session.date):
                found.append((session, "scope.in_force", f"connection_points[{index}].province", (
                    f"{unit.name_vi} ({unit.key}) was not in force on {session.date.isoformat()}")))
    if more is not None:
        found += more.in_force()
        found += more.series(observations, describe)
    else:
        series: dict[tuple[str, str, Any], list[Observation]] = defaultdict(list)
        for obs in observations:
            series[series_key(obs)].append(obs)
        for clash in series.values():
            for obs in clash[1:]:
                found.append((obs, "series.period_end", "period", series_message(obs, clash[0], describe)))
    targets = loaded.get(Target, [])
    found += _measures(observations, targets, loaded.get(Indicator, []),
                       more.measures({t.key: t for t in targets}) if more is not None else ())
    plans = {plan.year for plan in loaded.get(Plan, [])}
    for target in targets:
        if target.plan is not None and target.plan not in plans:
            found.append((target, "ref.plan", "plan", f"no plan for year {target.plan}"))
    found += _unique(loaded, describe)
    return found


def _lineage(provinces: Mapping[str, Province]) -> Iterator[DatasetFinding]:
    for province in provinces.values():
        for field, keys in (("successor", [province.successor_key] if province.successor_key else []),
                            ("predecessors", list(province.predecessor_keys))):
            for key in keys:
                if key not in provinces:
                    yield province, "ref.lineage", field, f"no province with key {key!r}"
    for province in provinces.values():
        seen = {province.key}
        current = province.successor_key
        while current is not None and current in provinces:
            if current in seen:
                if current == province.key and province.successor_key != province.key:
                    yield province, "lineage.cycle", "successor", (
                        f"the succession from {province.key!r} loops back to it")
                break
            seen.add(current)
            current = provinces[current].successor_key


def measure_findings(target_key: str, match: Match, indicator: Indicator,
                     targets: Mapping[str, Target]) -> list[tuple[str, str, str]]:
    """The rules of an observation reported against a target: it exists; exact or proxy as it should be."""
    target = targets.get(target_key)
    if target is None:
        return [("ref.target", "target", f"no target with key {target_key!r}")]
    if match is Match.EXACT and indicator is not target.indicator:
        return [("match.measure", "match", (
            f"an exact figure for target {target.key!r} must be of its indicator {target.indicator.key!r}, "
            f"not {indicator.key!r}; a different measure is match = \"proxy\""))]
    if match is Match.PROXY and indicator is target.indicator:
        return [("match.measure", "match", (
            f"a proxy of target {target.key!r} must have an indicator of its own; {indicator.key!r} "
            "is the target's measure itself"))]
    return []


def _measures(observations: Iterable[Observation], targets: Iterable[Target],
              indicators: Iterable[Indicator], more: Iterable[DatasetFinding] = ()) -> Iterator[DatasetFinding]:
    by_key = {target.key: target for target in targets}
    for obs in observations:
        if obs.target is None:
            continue
        for rule, field, message in measure_findings(obs.target, obs.match, obs.indicator, by_key):
            yield obs, rule, field, message
    yield from more
    by_concept: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        if indicator.concept is not None:
            by_concept[indicator.concept].append(indicator)
    for concept, members in by_concept.items():
        measures: dict[str, str] = {}
        for indicator in members:
            if not indicator.measure.strip():
                yield indicator, "indicator.measure", "measure", (
                    f"indicators sharing concept {concept!r} must each say their measure")
            elif indicator.measure in measures:
                yield indicator, "indicator.measure", "measure", (
                    f"same measure as {measures[indicator.measure]!r}: one measure is one indicator")
            else:
                measures[indicator.measure] = indicator.key


def _unique(loaded: Mapping[type[Any], list[Any]], describe: Callable[[Any], str]) -> Iterator[DatasetFinding]:
    def first_wins(records: Iterable[Any], key: Callable[[Any], Any], rule: str, field: str,
                   what: Callable[[Any], str]) -> Iterator[DatasetFinding]:
        seen: dict[Any, Any] = {}
        for record in records:
            value = key(record)
            if value is None:
                continue
            if value in seen:
                yield record, rule, field, f"{what(record)} is also {describe(seen[value])}"
            else:
                seen[value] = record

    yield from first_wins(loaded.get(Session, []),
                          lambda s: (s.committee.key, s.number) if s.number is not None else None,
                          "unique.session_number", "number",
                          lambda s: f"session number {s.number} of {s.committee.key!r}")
    yield from first_wins(loaded.get(Plan, []), lambda p: p.year, "unique.plan_year", "year",
                          lambda p: f"the plan for {p.year}")
    yield from first_wins(loaded.get(Task, []),
                          lambda t: (t.plan.key, t.number) if t.number is not None else None,
                          "unique.task_number", "number", lambda t: f"task number {t.number} of plan {t.plan.year}")
    yield from first_wins(loaded.get(Province, []), lambda p: (p.era, fold(p.name_vi)),
                          "unique.province_name", "name_vi", lambda p: f"the name {p.name_vi!r} in era {p.era}")
    yield from first_wins(loaded.get(Source, []), lambda s: s.url, "unique.source_url", "url",
                          lambda s: f"the URL {s.url}")
