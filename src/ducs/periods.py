"""Periods of time: a day, month, quarter, half-year or year; the one place that parses them.

Dates are calendar dates in Vietnam (Asia/Ho_Chi_Minh); "today" is never taken from the
wall clock here.

>>> q1 = Period.parse("2022-Q1")
>>> q1.start, q1.end
(Date(2022, 1, 1), Date(2022, 3, 31))
>>> str(Period.parse("2022"))
'2022'
>>> Period.parse("2022-04-27").contains(pendulum.date(2022, 4, 27))
True
>>> Period.parse("2022-H1") < Period.parse("2022")
True
"""

from __future__ import annotations

import datetime as dt
import enum
import re

import attrs
import pendulum

__all__ = ["VN_TZ", "Period", "PeriodKind", "in_vietnam", "plain_date", "to_date"]

VN_TZ = "Asia/Ho_Chi_Minh"

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-H([12])$"), "half"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
)


class PeriodKind(enum.StrEnum):
    """Granularity of a period."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


def in_vietnam(moment: dt.datetime) -> pendulum.DateTime:
    """The one move into Vietnam time: an aware moment converted, a naive one taken as local.

    Examples:
        >>> in_vietnam(dt.datetime(2022, 6, 3, 18, 30, tzinfo=dt.timezone.utc)).isoformat()
        '2022-06-04T01:30:00+07:00'
        >>> in_vietnam(dt.datetime(2022, 4, 27, 14, 0)).isoformat()
        '2022-04-27T14:00:00+07:00'
    """
    if moment.tzinfo is None:
        return pendulum.instance(moment, tz=VN_TZ)
    return pendulum.instance(moment).in_timezone(VN_TZ)


def plain_date(value: dt.date) -> dt.date:
    """The one step from a pendulum Date (or DateTime) to a plain ``datetime.date``.

    Examples:
        >>> plain_date(pendulum.date(2022, 4, 27))
        datetime.date(2022, 4, 27)
    """
    return dt.date(value.year, value.month, value.day)


def to_date(value: object) -> pendulum.Date:
    """Turn a date-like value (ISO string, ``datetime.date``, pendulum Date/DateTime) into a Date.

    A DateTime is first moved to Vietnam time, so 18:30 UTC on 3 June is 4 June.

    Examples:
        >>> to_date("2022-04-27")
        Date(2022, 4, 27)
        >>> to_date(pendulum.datetime(2022, 6, 3, 18, 30, tz="UTC"))
        Date(2022, 6, 4)
    """
    if isinstance(value, dt.datetime):
        moved = in_vietnam(value)
        return pendulum.date(moved.year, moved.month, moved.day)
    if isinstance(value, dt.date):
        return pendulum.date(value.year, value.month, value.day)
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return pendulum.date(year, month, day)
            except ValueError as exc:
                raise ValueError(f"expected a real calendar date (got {value!r}): {exc}") from None
    raise ValueError(f"expected a date as YYYY-MM-DD (got {value!r})")


@attrs.frozen(order=False)
class Period:
    """A calendar period. Build one with [`Period.parse`][ducs.periods.Period.parse].

    Periods order by their last day, then by their first day (a year sorts after its Q4).

    Examples:
        >>> Period.parse("2022-12").end
        Date(2022, 12, 31)
    """

    kind: PeriodKind
    start: pendulum.Date
    end: pendulum.Date

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``YYYY``, ``YYYY-Hn``, ``YYYY-Qn``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        Examples:
            >>> Period.parse("2022-H2").start
            Date(2022, 7, 1)
            >>> Period.parse("Q1-2022").kind
            <PeriodKind.QUARTER: 'quarter'>
            >>> Period.parse("2022-13")
            Traceback (most recent call last):
            ...
            ValueError: expected a period such as 2022, 2022-H1, 2022-Q1, 2022-04 or 2022-04-27 (got '2022-13')
        """
        cleaned = text.strip()
        # Vietnamese reports write "quý I-2022" as Q1-2022; accept that order too.
        swapped = re.fullmatch(r"([QH])([1-4])-(\d{4})", cleaned, flags=re.IGNORECASE)
        if swapped:
            cleaned = f"{swapped.group(3)}-{swapped.group(1).upper()}{swapped.group(2)}"
        for pattern, kind in _PATTERNS:
            match = pattern.match(cleaned)
            if not match:
                continue
            parts = [int(part) for part in match.groups()]
            try:
                return cls._build(PeriodKind(kind), parts)
            except ValueError:
                break
        raise ValueError(
            "expected a period such as 2022, 2022-H1, 2022-Q1, 2022-04 or 2022-04-27 "
            f"(got {text!r})"
        )

    @classmethod
    def day(cls, date: object) -> Period:
        """The one-day period of ``date``.

        Examples:
            >>> str(Period.day("2022-04-27"))
            '2022-04-27'
        """
        day = to_date(date)
        return cls(PeriodKind.DAY, day, day)

    @classmethod
    def _build(cls, kind: PeriodKind, parts: list[int]) -> Period:
        year = parts[0]
        if kind is PeriodKind.YEAR:
            start, months = pendulum.date(year, 1, 1), 12
        elif kind is PeriodKind.HALF:
            start, months = pendulum.date(year, 6 * (parts[1] - 1) + 1, 1), 6
        elif kind is PeriodKind.QUARTER:
            start, months = pendulum.date(year, 3 * (parts[1] - 1) + 1, 1), 3
        elif kind is PeriodKind.MONTH:
            start, months = pendulum.date(year, parts[1], 1), 1
        else:
            day = pendulum.date(year, parts[1], parts[2])
            return cls(kind, day, day)
        end = start.add(months=months).subtract(days=1)
        return cls(kind, start, end)

    def contains(self, date: object) -> bool:
        """True if ``date`` falls inside the period."""
        day = to_date(date)
        return self.start <= day <= self.end

    def ended_by(self, day: dt.date) -> bool:
        """The as-of rule: True if the period's last day is on or before ``day``.

        A figure for a period is known only once the period is over, so a query "as of" a
        day sees only periods that ended by then. ``day`` is a real date (convert once with
        [`to_date`][ducs.periods.to_date]).

        Examples:
            >>> Period.parse("2022-Q1").ended_by(pendulum.date(2022, 3, 31))
            True
            >>> Period.parse("2022").ended_by(pendulum.date(2022, 12, 30))
            False
        """
        return self.end <= day

    def __str__(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return f"{self.start.year}"
        if self.kind is PeriodKind.HALF:
            return f"{self.start.year}-H{1 if self.start.month == 1 else 2}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        return self.start.isoformat()

    def _order_key(self) -> tuple[pendulum.Date, pendulum.Date]:
        return (self.end, self.start)

    def __lt__(self, other: Period) -> bool:
        return self._order_key() < other._order_key()

    def __le__(self, other: Period) -> bool:
        return self._order_key() <= other._order_key()

    def __gt__(self, other: Period) -> bool:
        return self._order_key() > other._order_key()

    def __ge__(self, other: Period) -> bool:
        return self._order_key() >= other._order_key()
