"""The ducs converter (cattrs): strict scalars, pendulum dates and times, references, errors.

:func:`make_converter` builds one converter for a :class:`Registry` of records, the records a
reference may name; hooks are grouped by concern in the ``configure_*`` functions. Each load
makes its own; :func:`get_converter` is the shared one without records (for unstructuring, and
for structuring anything that refers to no other record).

Fixture values are structured strictly: a string where a number is expected is an error
(``"81,7"`` is not silently read), ``"unknown"`` is the only way to say a value is unknown,
and a reference names the key of a record loaded earlier.

>>> from ducs.periods import Period
>>> converter = get_converter()
>>> converter.structure("2022-Q1", Period).end
Date(2022, 3, 31)
>>> converter.structure("unknown", pendulum.Date | None) is None
True

Structuring outside a load: give the converter the records references may name.

>>> import ducs
>>> from ducs.model import Observation
>>> converter = make_converter(Registry.of(ducs.load()))
>>> obs = converter.structure({"key": "mine", "indicator": "dti_rank", "value": 3, "period": "2024",
...                            "scope": "province:Hà Giang", "sources": ["web-001"]}, Observation)
>>> obs.scope.province.key, obs.indicator.unit
('02@2008', 'rank')
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar, get_args, get_origin

import cattrs
import pendulum
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ducs.errors import ReferenceProblem, RuleViolation, did_you_mean
from ducs.model import KINDS, Plan, Province, ProvinceNames, RefMarker, Scope, Source, SourceRef
from ducs.periods import Period, in_vietnam, to_date
from ducs.rules import text_problem
from ducs.text import Suggester, nfc
from ducs.vocab import Direction, ScopeKind

__all__ = [
    "UNKNOWN",
    "Registry",
    "configure_enums",
    "configure_records",
    "configure_references",
    "configure_scalars",
    "configure_shapes",
    "configure_time",
    "get_converter",
    "make_converter",
    "problem_messages",
]

T = TypeVar("T")
UNKNOWN = "unknown"
_DIRECTIONS = {"higher": Direction.HIGHER_IS_BETTER, "lower": Direction.LOWER_IS_BETTER,
               "neutral": Direction.NEUTRAL}


class Registry:
    """Records a reference may name, by type and key (filled during a load, or from a dataset)."""

    def __init__(self) -> None:
        self.by_type: dict[type, dict[str, Any]] = {}
        self.source_by_url: dict[str, Source] = {}
        self.province_names = ProvinceNames()
        self._suggesters: dict[type, tuple[int, Suggester]] = {}

    @classmethod
    def of(cls, dataset: Any) -> Registry:
        """A registry holding every record of a loaded dataset."""
        registry = cls()
        for kind in KINDS:
            for record in dataset.records(kind.name):
                registry.add(kind.record, str(kind.key_of(record)), record)
        return registry

    def add(self, kind: type, key: str, record: Any) -> None:
        table = self.by_type.setdefault(kind, {})
        table[key] = record
        if isinstance(record, Plan):  # plans are referred to by year ("plan = 2022")
            table.setdefault(str(record.year), record)
        if isinstance(record, Source) and record.url:
            self.source_by_url.setdefault(record.url, record)
        if isinstance(record, Province):
            self.province_names.add(record)

    def lookup(self, kind: type, key: object) -> Any:
        table = self.by_type.get(kind, {})
        text = str(key)
        if text in table:
            return table[text]
        if kind is Province:
            return self._province(text)
        if kind is Source and text in self.source_by_url:
            return self.source_by_url[text]
        label = _kind_label(kind)
        suffix = did_you_mean(self._suggest(kind, text, table))
        if not table:
            suffix = f" (no {label} is loaded before this record; see docs/fixtures.md)"
        raise ReferenceProblem(f"no {label} with key {text!r}{suffix}")

    def _province(self, text: str) -> Province:
        matches = self.province_names.matching(text)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            keys = ", ".join(sorted(p.key for p in matches))
            raise ReferenceProblem(
                f"province {text!r} is ambiguous ({keys}); write its key, e.g. 'province:{matches[0].key}'",
                "ref.ambiguous",
            )
        names = {name: None for name in self.province_names.names()}
        raise ReferenceProblem(f"no province {text!r}{did_you_mean(self._suggest(Province, text, names))}")

    def suggest(self, kind: type, text: str) -> list[str]:
        """Keys of ``kind`` that look like ``text``."""
        return self._suggest(kind, text, self.by_type.get(kind, {}))

    def _suggest(self, kind: type, text: str, table: Mapping[str, Any]) -> list[str]:
        # one index per kind and size, one answer per distinct bad value: bounded error paths
        cached = self._suggesters.get(kind)
        if cached is None or cached[0] != len(table):
            cached = (len(table), Suggester(table, limit=3))
            self._suggesters[kind] = cached
        return cached[1].suggest(text)


def _kind_label(kind: type) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", kind.__name__).lower()


def _got(value: object) -> str:
    return f"got {value!r}" if not isinstance(value, (dict, list)) else f"got a {type(value).__name__}"


# --- scalar hooks: strict, with messages that say what was expected -----------------------


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text ({_got(value)})")
    broken = text_problem(value)
    if broken is not None:
        raise RuleViolation(broken[1], broken[0])
    return nfc(value)


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        hint = ""
        if isinstance(value, str) and re.fullmatch(r"[\d.,]+", value.strip()):
            hint = "; write Vietnamese '3.552' as 3552 and '81,7' as 81.7"
        raise ValueError(f"expected a number ({_got(value)}){hint}")
    number = float(value)
    if not math.isfinite(number):
        raise RuleViolation(f"expected a finite number (got {value!r})", "number.finite")
    return number


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number ({_got(value)})")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false ({_got(value)})")
    return value


def _structure_date(value: object, _: type) -> pendulum.Date:
    return to_date(value)


def _structure_time(value: object, _: type) -> pendulum.Time:
    if isinstance(value, dt.time):
        return pendulum.time(value.hour, value.minute, value.second)
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", value.strip())
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
            second = int(match.group(3) or 0)
            if hour < 24 and minute < 60 and second < 60:
                return pendulum.time(hour, minute, second)
    raise ValueError(f"expected a local time such as '14:00' ({_got(value)})")


def _structure_moment(value: object, _: type) -> pendulum.DateTime | pendulum.Date | None:
    """A publication moment: a datetime (local to Vietnam unless an offset is given) or a date."""
    if value == UNKNOWN or value is None:
        return None
    if isinstance(value, dt.datetime):
        return in_vietnam(value)
    if isinstance(value, str) and "T" in value:
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a date or date-time ({_got(value)})") from None
        return _structure_moment(parsed, _)
    return to_date(value)


def _structure_period(value: object, _: type) -> Period:
    if not isinstance(value, str):
        if isinstance(value, dt.date):
            return Period.day(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return Period.parse(str(value))
        raise ValueError(f"expected a period such as '2022-Q1' ({_got(value)})")
    return Period.parse(value)


def _structure_direction(value: object, _: type) -> Direction:
    if isinstance(value, str) and value in _DIRECTIONS:
        return _DIRECTIONS[value]
    raise ValueError(f"expected 'higher', 'lower' or 'neutral' ({_got(value)})")


def _structure_enum(value: object, kind: type[enum.Enum]) -> Any:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(member.value) for member in kind)
        raise ValueError(f"expected one of {choices} ({_got(value)})") from None


def _records(registry: Registry | None) -> Registry:
    if registry is None:
        raise ReferenceProblem(
            "this converter knows no records to refer to; use make_converter(Registry.of(dataset))"
        )
    return registry


def _scope_hook(registry: Registry | None) -> Callable[[object, type], Scope]:
    def structure(value: object, _: type) -> Scope:
        if not isinstance(value, str):
            raise ValueError(f"expected 'national', 'province:<key or name>' or 'agency:<name>' ({_got(value)})")
        text = nfc(value)
        if text == "national":
            return Scope(ScopeKind.NATIONAL)
        kind, sep, rest = text.partition(":")
        if sep and kind == "province" and rest.strip():
            province = _records(registry).lookup(Province, rest.strip())
            return Scope(ScopeKind.PROVINCE, province=province)
        if sep and kind == "agency" and rest.strip():
            return Scope(ScopeKind.AGENCY, agency=rest.strip())
        raise ValueError(f"expected 'national', 'province:<key or name>' or 'agency:<name>' ({_got(value)})")

    return structure


def _source_ref_hook(registry: Registry | None) -> Callable[[object, type], SourceRef]:
    def structure(value: object, _: type) -> SourceRef:
        if isinstance(value, str):
            text = nfc(value)
            if text.startswith(("http://", "https://")):
                return SourceRef(_records(registry).lookup(Source, text))
            source_id, _sep, locator = text.partition("#")
            return SourceRef(_records(registry).lookup(Source, source_id), locator)
        if isinstance(value, Mapping):
            extra = set(value) - {"source", "locator"}
            if extra or "source" not in value:
                raise ValueError("expected a table with 'source' and optional 'locator'")
            locator = value.get("locator", "")
            if not isinstance(locator, str):
                raise ValueError(f"expected text for locator ({_got(locator)})")
            return SourceRef(_records(registry).lookup(Source, value["source"]), nfc(locator))
        raise ValueError(f"expected a citation such as 'file.txt#¶2' or a URL ({_got(value)})")

    return structure


# --- predicates and factories for generic shapes -------------------------------------------


def _is_ref(kind: Any) -> bool:
    return get_origin(kind) is Annotated and any(isinstance(m, RefMarker) for m in get_args(kind)[1:])


def _ref_factory(registry: Registry | None) -> Callable[[Any], Callable[[object, type], Any]]:
    def factory(kind: Any) -> Callable[[object, type], Any]:
        target = get_args(kind)[0]

        def structure(value: object, _: type) -> Any:
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                raise ValueError(f"expected the key of a {_kind_label(target)} ({_got(value)})")
            return _records(registry).lookup(target, value)

        return structure

    return factory


def _is_optional(kind: Any) -> bool:
    if get_origin(kind) not in (typing.Union, types.UnionType):
        return False
    args = get_args(kind)
    return type(None) in args and len(args) == 2


def _optional_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[object, type], Any]]:
    def factory(kind: Any) -> Callable[[object, type], Any]:
        inner = next(arg for arg in get_args(kind) if arg is not type(None))

        def structure(value: object, _: type) -> Any:
            if value == UNKNOWN or value is None:
                return None
            return converter.structure(value, inner)

        return structure

    return factory


def _is_tuple(kind: Any) -> bool:
    args = get_args(kind)
    return get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[object, type], Any]]:
    def factory(kind: Any) -> Callable[[object, type], Any]:
        inner = get_args(kind)[0]

        def structure(value: object, _: type) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise ValueError(f"expected a list ({_got(value)})")
            items, errors = [], []
            for index, item in enumerate(value):
                try:
                    items.append(converter.structure(item, inner))
                except Exception as exc:  # collected so every bad item is reported
                    note = IterableValidationNote(f"Structuring {kind} @ index {index}", index, inner)
                    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {kind}", errors, kind)
            return tuple(items)

        return structure

    return factory


def _record_key(record: Any) -> Any:
    return record.id if isinstance(record, Source) else record.key


def _unstructure_ref_factory(kind: Any) -> Callable[[Any], Any]:
    return _record_key


def _is_optional_ref(kind: Any) -> bool:
    return _is_optional(kind) and any(_is_ref(arg) for arg in get_args(kind))


def _unstructure_optional_ref(value: Any) -> Any:
    return None if value is None else _record_key(value)


def _unstructure_scope(scope: Scope) -> str:
    if scope.kind is ScopeKind.PROVINCE and scope.province is not None:
        return f"province:{scope.province.key}"
    if scope.kind is ScopeKind.AGENCY:
        return f"agency:{scope.agency}"
    return "national"


def _unstructure_direction(direction: Direction) -> str:
    return next(word for word, member in _DIRECTIONS.items() if member is direction)


def configure_scalars(converter: cattrs.Converter) -> None:
    """Strict text, numbers and booleans: nothing is coerced, every message says what was expected."""
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)


def configure_enums(converter: cattrs.Converter) -> None:
    """Closed vocabularies by value; ``direction`` as "higher"/"lower" in both directions."""
    # Class hooks dispatch on the MRO: these must be more specific than str and int.
    converter.register_structure_hook(enum.StrEnum, _structure_enum)
    converter.register_structure_hook(enum.IntEnum, _structure_enum)
    converter.register_structure_hook(Direction, _structure_direction)
    converter.register_unstructure_hook(Direction, _unstructure_direction)
    converter.register_unstructure_hook(enum.StrEnum, lambda member: member.value)


def configure_time(converter: cattrs.Converter) -> None:
    """pendulum dates and times, publication moments in Vietnam time, and periods."""
    converter.register_structure_hook(pendulum.Date, _structure_date)
    converter.register_structure_hook(pendulum.Time, _structure_time)
    converter.register_structure_hook(pendulum.DateTime | pendulum.Date | None, _structure_moment)
    converter.register_structure_hook(Period, _structure_period)
    converter.register_unstructure_hook(pendulum.Date, lambda value: value.isoformat())
    converter.register_unstructure_hook(pendulum.DateTime, lambda value: value.isoformat())
    converter.register_unstructure_hook(pendulum.Time, lambda value: value.isoformat())
    converter.register_unstructure_hook(Period, str)


def configure_shapes(converter: cattrs.Converter) -> None:
    """``"unknown"`` for optional values, and tuples whose every bad item is reported."""
    converter.register_structure_hook_factory(_is_optional, _optional_factory(converter))
    converter.register_structure_hook_factory(_is_tuple, _tuple_factory(converter))


def configure_references(converter: cattrs.Converter, registry: Registry | None) -> None:
    """Keys of other records, scopes and citations, resolved in ``registry``; keys again on the way out."""
    converter.register_structure_hook(Scope, _scope_hook(registry))
    converter.register_structure_hook(SourceRef, _source_ref_hook(registry))
    converter.register_structure_hook_factory(_is_ref, _ref_factory(registry))
    converter.register_unstructure_hook(SourceRef, str)
    converter.register_unstructure_hook(Scope, _unstructure_scope)
    converter.register_unstructure_hook_factory(_is_ref, _unstructure_ref_factory)
    converter.register_unstructure_hook_func(_is_optional_ref, _unstructure_optional_ref)


def configure_records(converter: cattrs.Converter) -> None:
    """Field names that differ between fixtures and records: a province's lineage is written as
    ``successor``/``predecessors`` (keys) and held as ``successor_key``/``predecessor_keys``, so
    that ``province.successor`` can be the unit itself."""
    successor, predecessors = override(rename="successor"), override(rename="predecessors")
    converter.register_structure_hook(Province, make_dict_structure_fn(
        Province, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True,
        successor_key=successor, predecessor_keys=predecessors))
    converter.register_unstructure_hook(Province, make_dict_unstructure_fn(
        Province, converter, successor_key=successor, predecessor_keys=predecessors))


def make_converter(registry: Registry | None = None) -> cattrs.Converter:
    """A converter whose references resolve in ``registry`` (None: records that refer to nothing).

    >>> from ducs.vocab import Pillar
    >>> make_converter().structure("digital_economy", Pillar)
    <Pillar.DIGITAL_ECONOMY: 'digital_economy'>
    >>> make_converter().structure("81,7", float)
    Traceback (most recent call last):
    ...
    ValueError: expected a number (got '81,7'); write Vietnamese '3.552' as 3552 and '81,7' as 81.7
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    configure_scalars(converter)
    configure_enums(converter)
    configure_time(converter)
    configure_shapes(converter)
    configure_references(converter, registry)
    configure_records(converter)
    return converter


@functools.cache
def get_converter() -> cattrs.Converter:
    """The shared converter without records: unstructures anything, structures self-contained values."""
    return make_converter(None)


def problem_messages(exc: BaseException, path: str) -> list[tuple[str, str, str]]:
    """Flatten a cattrs validation error into ``(path, message, rule id)`` triples.

    Messages keep ducs' own explanations (what was expected, what was found); the rule id comes
    from the exception (:class:`~ducs.errors.RuleViolation`) or its kind (a missing key, an
    unexpected one, a wrong type).
    """
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        found: list[tuple[str, str, str]] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                where = f"{path}.{note.name}"
            elif isinstance(note, IterableValidationNote):
                where = f"{path}[{note.index!r}]"
            else:
                where = path
            found += problem_messages(sub, where)
        for sub in without:
            found += problem_messages(sub, path)
        return found
    return [(path, _format(exc), _rule_of(exc))]


def _rule_of(exc: BaseException) -> str:
    if isinstance(exc, RuleViolation):
        return exc.rule
    if isinstance(exc, KeyError):
        return "field.missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return "field.unexpected"
    return "field.type"


def _format(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return "required field missing (write \"unknown\" if the value is not known)"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unexpected field(s): {', '.join(sorted(exc.extra_fields))}"
    if isinstance(exc, (ValueError, TypeError)) and str(exc):
        return str(exc)
    return f"invalid value ({type(exc).__name__})"
