"""Where facts come from: sources (documents and pages) and references to them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import attrs
import pendulum

from ducs.model._base import REF, graph_field, graph_of
from ducs.render import cited_row, document_html, named_row, shorten, source_html
from ducs.vocab import Confidence, Pillar, SourceKind

__all__ = ["DayOfYear", "Document", "Source", "SourceRef", "check_day_of_year"]


def check_day_of_year(month: int, day: int) -> None:
    """Raise ValueError unless ``day/month`` is a real calendar day (29 February allowed).

    Examples:
        >>> check_day_of_year(10, 10)
        >>> check_day_of_year(13, 45)
        Traceback (most recent call last):
        ...
        ValueError: expected a real day of the year (got day 45 of month 13)
    """
    try:
        dt.date(2024, month, day)  # a leap year, so 29 February is a real day
    except (ValueError, TypeError):
        raise ValueError(f"expected a real day of the year (got day {day} of month {month})") from None


@attrs.frozen
class DayOfYear:
    """A day kept every year, such as the National Digital Transformation Day (10 October)."""

    month: int
    day: int

    def __attrs_post_init__(self) -> None:
        check_day_of_year(self.month, self.day)

    def __str__(self) -> str:
        return f"{self.day:02d}/{self.month:02d}"



@attrs.frozen
class Source:
    """A document or page that states facts.

    The five primary documents are keyed by their file name; other sources by a short slug.
    ``published`` is None when unknown (it is never guessed).
    """

    id: str
    kind: SourceKind
    publisher: str
    title: str
    published: pendulum.DateTime | pendulum.Date | None
    language: str | None
    url: str | None = None
    byline: str | None = None
    confidence: Confidence = Confidence.HIGH
    note: str = ""
    _graph: Any = graph_field()

    @property
    def key(self) -> str:
        """Same as ``id``."""
        return self.id

    def records(self) -> list[Any]:
        """Every loaded record that cites this source."""
        return list(graph_of(self).records_citing(self))

    def _repr_html_(self) -> str:
        return source_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return named_row(self.title, self.id, publisher=self.publisher,
                         published=self.published.isoformat() if self.published else None)

    def __repr__(self) -> str:
        return f"Source({self.id!r}, {shorten(self.publisher, 80)!r})"


@attrs.frozen
class SourceRef:
    """A citation: the source and where in it (e.g. a paragraph ``¶3``).

    In fixtures it is written ``"000_352dfded16563b3a.txt#¶3"`` or as a table.
    """

    source: Annotated[Source, REF]
    locator: str = ""

    def __str__(self) -> str:
        # Web pages read best as their address; both forms load back as the same citation.
        if self.locator:
            return f"{self.source.id}#{self.locator}"
        return self.source.url or self.source.id


@attrs.frozen
class Document:
    """A legal or official document (decision, resolution, notice, plan) that others cite.

    ``observed_day`` is a day the document makes a yearly observance (Decision 505/QĐ-TTg:
    10 October, National Digital Transformation Day); ``pillars`` the pillars a programme
    document names (Decision 749/QĐ-TTg: digital government, economy and society).
    """

    key: str
    kind: str
    title_vi: str | None
    title_en: str
    issued: pendulum.Date | None
    issuer: str | None = None
    note: str = ""
    sources: tuple[SourceRef, ...] = ()
    confidence: Confidence = Confidence.HIGH
    observed_day: DayOfYear | None = None
    pillars: tuple[Pillar, ...] = ()

    def _repr_html_(self) -> str:
        return document_html(self)

    def _html_row_(self) -> dict[str, Any]:
        return cited_row(named_row(self.title_en, self.key, issued=self.issued.isoformat() if self.issued else None),
                         self.sources)

    def __repr__(self) -> str:
        issued = self.issued.isoformat() if self.issued else "date unknown"
        return f"Document({self.key!r}, {shorten(self.title_en, 120)!r}, {issued})"
