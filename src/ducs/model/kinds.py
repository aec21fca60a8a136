"""The one table of record kinds: file stem, TOML table, class, key, in load order.

Every room that walks "all kinds of record" reads this table: the loader (which files, in
which order), the dataset (which collections), dump/JSON, the HTML summary and frames.

>>> [kind.name for kind in KINDS][:3]
['sources', 'documents', 'provinces']
>>> KIND_BY_TABLE["observation"].record.__name__
'Observation'
"""

from __future__ import annotations

from typing import Any

import attrs

from ducs.model.committee import Committee, Session, YearTheme
from ducs.model.indicators import Indicator, Observation
from ducs.model.places import Province
from ducs.model.plans import Milestone, Plan, Target, Task
from ducs.model.sources import Document, Source

__all__ = ["KINDS", "KIND_BY_NAME", "KIND_BY_RECORD", "KIND_BY_TABLE", "Kind"]


@attrs.frozen
class Kind:
    """One kind of record.

    ``name`` is the plural used for files (``observations*.toml``), dataset collections
    (``ds.observations``) and frames; ``table`` the TOML array-of-tables name
    (``[[observation]]``); ``key`` the attribute that identifies a record.
    """

    name: str
    table: str
    record: type[Any]
    key: str
    must_cite: bool = True

    def key_of(self, record: Any) -> Any:
        """The record's key."""
        return getattr(record, self.key)


KINDS: tuple[Kind, ...] = (
    Kind("sources", "source", Source, "id", must_cite=False),
    Kind("documents", "document", Document, "key", must_cite=False),
    Kind("provinces", "province", Province, "key", must_cite=False),
    Kind("indicators", "indicator", Indicator, "key", must_cite=False),
    Kind("committees", "committee", Committee, "key"),
    Kind("themes", "theme", YearTheme, "year"),
    Kind("sessions", "session", Session, "key"),
    Kind("observations", "observation", Observation, "key"),
    Kind("targets", "target", Target, "key"),
    Kind("plans", "plan", Plan, "key"),
    Kind("tasks", "task", Task, "key"),
    Kind("milestones", "milestone", Milestone, "key"),
)
KIND_BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
KIND_BY_TABLE: dict[str, Kind] = {kind.table: kind for kind in KINDS}
KIND_BY_RECORD: dict[type[Any], Kind] = {kind.record: kind for kind in KINDS}
