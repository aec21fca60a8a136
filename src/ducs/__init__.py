"""ducs: Vietnam's national digital transformation (chuyển đổi số) as typed, cited data.

Importing ducs parses nothing; [`load`][ducs.load] reads the bundled fixtures on first call and
caches the result.

>>> import ducs
>>> ds = ducs.load()
>>> ds.committee.chair.name
'Phạm Minh Chính'
>>> ds.sessions.get(2).date
Date(2022, 4, 27)
"""

from __future__ import annotations

import importlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ducs.dataset import Collection, Dataset
    from ducs.errors import (
        AmbiguousError,
        DucsError,
        FixtureError,
        MissingExtraError,
        NotFoundError,
        Problem,
        ReferenceProblem,
    )
    from ducs.model import (
        Committee,
        ConnectionPoint,
        Document,
        Indicator,
        Milestone,
        Observation,
        Person,
        Plan,
        Province,
        Scope,
        Session,
        Source,
        SourceRef,
        Target,
        Task,
        YearTheme,
    )
    from ducs.periods import Period
    from ducs.progress import PlanProgress, TargetProgress, TaskProgress
    from ducs.vocab import (
        Comparator,
        Confidence,
        Direction,
        Match,
        PartOfDay,
        Pillar,
        Profile,
        ProvinceKind,
        Qualifier,
        ScopeKind,
        SessionFormat,
        SourceKind,
        Status,
        SteeringHead,
    )

__version__ = "0.1.0"
__data_version__ = "2026-11-25"

# The public names that live in other modules, imported on first use so that `import ducs`
# stays cheap (the pattern of attrs' `_make_getattr`): a closed table, nothing else resolves.
_LAZY: dict[str, str] = {
    "Collection": "ducs.dataset",
    "Dataset": "ducs.dataset",
    "Committee": "ducs.model",
    "ConnectionPoint": "ducs.model",
    "Document": "ducs.model",
    "Indicator": "ducs.model",
    "Milestone": "ducs.model",
    "Observation": "ducs.model",
    "Person": "ducs.model",
    "Plan": "ducs.model",
    "Province": "ducs.model",
    "Scope": "ducs.model",
    "Session": "ducs.model",
    "Source": "ducs.model",
    "SourceRef": "ducs.model",
    "Target": "ducs.model",
    "Task": "ducs.model",
    "YearTheme": "ducs.model",
    "PlanProgress": "ducs.progress",
    "TargetProgress": "ducs.progress",
    "TaskProgress": "ducs.progress",
    "Period": "ducs.periods",
    "Comparator": "ducs.vocab",
    "Confidence": "ducs.vocab",
    "Direction": "ducs.vocab",
    "Match": "ducs.vocab",
    "PartOfDay": "ducs.vocab",
    "Pillar": "ducs.vocab",
    "Profile": "ducs.vocab",
    "ProvinceKind": "ducs.vocab",
    "Qualifier": "ducs.vocab",
    "ScopeKind": "ducs.vocab",
    "SessionFormat": "ducs.vocab",
    "SourceKind": "ducs.vocab",
    "Status": "ducs.vocab",
    "SteeringHead": "ducs.vocab",
    "AmbiguousError": "ducs.errors",
    "DucsError": "ducs.errors",
    "FixtureError": "ducs.errors",
    "MissingExtraError": "ducs.errors",
    "NotFoundError": "ducs.errors",
    "Problem": "ducs.errors",
    "ReferenceProblem": "ducs.errors",
}
__all__ = [
    "AmbiguousError",
    "Collection",
    "Committee",
    "Comparator",
    "Confidence",
    "ConnectionPoint",
    "Dataset",
    "Direction",
    "Document",
    "DucsError",
    "FixtureError",
    "Indicator",
    "Match",
    "Milestone",
    "MissingExtraError",
    "NotFoundError",
    "Observation",
    "PartOfDay",
    "Period",
    "Person",
    "Pillar",
    "Plan",
    "PlanProgress",
    "Problem",
    "Profile",
    "Province",
    "ProvinceKind",
    "Qualifier",
    "ReferenceProblem",
    "Scope",
    "ScopeKind",
    "Session",
    "SessionFormat",
    "Source",
    "SourceKind",
    "SourceRef",
    "Status",
    "SteeringHead",
    "Target",
    "TargetProgress",
    "Task",
    "TaskProgress",
    "YearTheme",
    "__data_version__",
    "__version__",
    "from_json",
    "load",
    "to_json",
    "unstructure",
]

_lock = threading.Lock()
_bundled: Dataset | None = None


def load(path: str | Path | None = None, *, max_bytes: int | None = None,
         max_table_bytes: int | None = None) -> Dataset:
    """Load a dataset: the bundled seeds (cached after the first call) or the folder ``path``.

    A folder is loaded afresh on every call: fixtures in TOML with, optionally, observations in
    CSV or Parquet tables, or a folder written by :meth:`Dataset.export`. Bad fixtures raise
    :class:`ducs.errors.FixtureError` listing every problem; nothing is cached then.
    ``max_bytes`` limits each TOML file (16 MiB), ``max_table_bytes`` each table (1 GiB).

    Args:
        path: A folder of fixture files in the layout of docs/fixtures.md; None (the
            default) for the data bundled with ducs.
        max_bytes: The largest fixture file read from ``path`` (default: the loader's limit).

    Returns:
        The linked [`Dataset`][ducs.dataset.Dataset].

    Raises:
        FixtureError: The fixtures have problems; the error lists every one of them.

    Examples:
        >>> load() is load()
        True
        >>> len(load().sessions)
        10
    """
    global _bundled
    from ducs.loader import bundled_seeds, load_folder

    if path is not None:
        limits = {name: value for name, value in (("max_bytes", max_bytes), ("max_table_bytes", max_table_bytes))
                  if value is not None}
        return load_folder(path, **limits)
    with _lock:
        if _bundled is None:
            from ducs.snapshot import read_snapshot

            # A wheel's snapshot of the seeds, when it matches the installed seeds and code.
            _bundled = read_snapshot() or load_folder(bundled_seeds())
        return _bundled


def unstructure(obj: Any) -> Any:
    """Plain Python data (dicts, lists, strings, numbers) for a record, via the one converter."""
    from ducs.converter import get_converter

    return get_converter().unstructure(obj)


def to_json(obj: Any, *, indent: int | None = 2) -> str:
    """JSON text of a record, a collection or a whole Dataset (UTF-8 text, diacritics kept).

    A dataset's JSON loads back with [`from_json`][ducs.from_json] into an equal dataset.

    Examples:
        >>> import json
        >>> json.loads(to_json(load().sessions.get(2)))["format"]
        'hybrid'
    """
    import json

    from ducs.dataset import Collection, Dataset
    from ducs.loader import dump_mapping

    data: Any
    if isinstance(obj, Dataset):
        data = dump_mapping(obj)
    elif isinstance(obj, Collection):
        data = [unstructure(item) for item in obj]
    else:
        data = unstructure(obj)
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)


def from_json(text: str | bytes) -> Dataset:
    """Rebuild a Dataset from [`to_json`][ducs.to_json] output, with the same checks as fixture folders.

    Examples:
        >>> ds = load()
        >>> again = from_json(to_json(ds))
        >>> again.sessions.get(2) == ds.sessions.get(2), len(again.observations) == len(ds.observations)
        (True, True)
    """
    from ducs.loader import load_json

    return load_json(text)


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'ducs' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return list(__all__)
