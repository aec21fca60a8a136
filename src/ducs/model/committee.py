"""The National Committee on Digital Transformation, its successor, and their sessions."""

from __future__ import annotations

from typing import Annotated, Any

import attrs
import pendulum

from ducs.model._base import REF, graph_field, graph_of
from ducs.model.places import Province
from ducs.model.sources import Document, SourceRef
from ducs.periods import VN_TZ, Period
from ducs.render import cited_row, committee_html, named_row, nowrap, session_html, shorten, theme_html
from ducs.vocab import Confidence, PartOfDay, SessionFormat

__all__ = ["Committee", "ConnectionPoint", "MembershipChange", "Office", "Person", "Session", "YearTheme"]



@attrs.frozen
class Person:
    """A named person and the role the source gives them."""

    name: str
    role: str = ""

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


@attrs.frozen
class Office:
    """Someone holding a post on a committee over a span of time."""

    person: Person
    post: str
    since: pendulum.Date | None = None
    until: pendulum.Date | None = None
    note: str = ""
    sources: tuple[SourceRef, ...] = ()


@attrs.frozen
class MembershipChange:
    """A decision changing a committee's membership."""

    document: Annotated[Document, REF]
    date: pendulum.Date
    change: str
    sources: tuple[SourceRef, ...]
    confidence: Confidence = Confidence.MEDIUM


@attrs.frozen
class Committee:
    """A national committee steering digital transformation.

    ``predecessors`` are the committees it replaced; ``successor`` is derived.

    Examples:
        >>> import ducs
        >>> ncdt = ducs.load().committee
        >>> ncdt.key, ncdt.founded.isoformat(), ncdt.successor.key
        ('ncdt', '2021-09-24', 'gsc-2025')
    """

    key: str
    name_vi: str
    name_en: str
    chair: Person
    standing_agency: str
    founded: pendulum.Date | None
    founded_by: Annotated[Document, REF] | None
    sources: tuple[SourceRef, ...]
    predecessors: tuple[Annotated[Committee, REF], ...] = ()
    predecessor_note: str = ""
    ended: pendulum.Date | None = None
    offices: tuple[Office, ...] = ()
    members: tuple[str, ...] = ()
    member_count_reported: int | None = None
    membership_changes: tuple[MembershipChange, ...] = ()
    operating_regulation: Annotated[Document, REF] | None = None
    note: str = ""
    confidence: Confidence = Confidence.HIGH
    _graph: Any = graph_field()

    @property
    def successor(self) -> Committee | None:
        """The committee that took over this one's work, if any."""
        return graph_of(self).successor_of(self)

    def sessions(self) -> list[Session]:
        """This committee's sessions in date order."""
        return list(graph_of(self).sessions_of(self))

    def _repr_html_(self) -> str:
        return committee_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return named_row(self.name_en, self.key, chair=self.chair.name,
                         founded=self.founded.isoformat() if self.founded else None)

    def __repr__(self) -> str:
        return f"Committee({self.key!r}, {shorten(self.name_en, 150)!r})"


@attrs.frozen
class ConnectionPoint:
    """A place connected to a session (a province's hall, a ministry) and who attended there.

    ``attendees`` are named people; ``groups`` are bodies the source names without counting
    them ("leaders of provincial departments"), so a count of people never includes them.
    """

    place: str
    attendees: tuple[Person, ...]
    sources: tuple[SourceRef, ...]
    province: Annotated[Province, REF] | None = None
    host: bool = False
    groups: tuple[str, ...] = ()


@attrs.frozen
class Session:
    """One session (phiên họp) of a committee.

    ``number`` is None when the sources do not number the session (never guessed).
    ``start`` is set only when a clock time is known; otherwise ``part_of_day`` may be.

    Examples:
        >>> import ducs
        >>> s = ducs.load().sessions.get(2)
        >>> s.date, s.format.value, s.chair.name, [str(ref) for ref in s.sources][:1]
        (Date(2022, 4, 27), 'hybrid', 'Phạm Minh Chính', ['000_352dfded16563b3a.txt#¶1'])
    """

    key: str
    committee: Annotated[Committee, REF]
    number: int | None
    date: pendulum.Date
    format: SessionFormat | None
    chair: Person
    sources: tuple[SourceRef, ...]
    time: pendulum.Time | None = None
    part_of_day: PartOfDay | None = None
    reviews: Period | None = None
    reviews_text: str = ""
    connection_points: tuple[ConnectionPoint, ...] = ()
    connected_localities: int | None = None
    conclusions: tuple[str, ...] = ()
    discussion: tuple[str, ...] = ()
    conclusion_notice: Annotated[Document, REF] | None = None
    documents: tuple[Annotated[Document, REF], ...] = ()
    disagreements: tuple[str, ...] = ()
    note: str = ""
    confidence: Confidence = Confidence.HIGH
    _graph: Any = graph_field()

    @property
    def start(self) -> pendulum.DateTime | None:
        """Start as an aware DateTime in Asia/Ho_Chi_Minh, when the clock time is known."""
        if self.time is None:
            return None
        return pendulum.datetime(
            self.date.year, self.date.month, self.date.day,
            self.time.hour, self.time.minute, tz=VN_TZ,
        )

    def figures(self) -> list[Any]:
        """Observations reported at this session."""
        return list(graph_of(self).observations_of(session=self))

    def _repr_html_(self) -> str:
        return session_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return cited_row({"committee": self.committee.key, "number": self.number, "date": nowrap(self.date.isoformat()),
                          "format": self.format.value if self.format else None, "chair": self.chair.name},
                         self.sources)

    def __repr__(self) -> str:
        number = self.number if self.number is not None else "unknown"
        return f"Session({self.committee.key!r}, number={number}, date={self.date.isoformat()})"


@attrs.frozen
class YearTheme:
    """The theme of a year of national DT, and the theme of that year's National DT Day."""

    year: int
    theme_vi: str | None
    theme_en: str | None
    sources: tuple[SourceRef, ...]
    dt_day_theme_vi: str | None = None
    dt_day_theme_en: str | None = None
    announced: str = ""
    note: str = ""
    confidence: Confidence = Confidence.HIGH

    def _repr_html_(self) -> str:
        return theme_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return cited_row({"year": self.year, "chủ đề": self.theme_vi, "theme": self.theme_en}, self.sources)

    def __repr__(self) -> str:
        theme = self.theme_en or self.theme_vi or "theme unknown"
        return f"YearTheme({self.year}, {shorten(theme, 150)!r})"
