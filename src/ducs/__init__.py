"""ducs: Vietnam's national digital transformation (chuyển đổi số) as typed, cited data.

Importing ducs parses nothing; :func:`load` reads the bundled fixtures on first call and
caches the result.

>>> import ducs
>>> ds = ducs.load()
>>> ds.committee.chair.name
'Phạm Minh Chính'
>>> ds.sessions.get(2).date
Date(2022, 4, 27)
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ducs.dataset import Dataset

__version__ = "0.1.0"
__data_version__ = "2026-11-25"
__all__ = ["__data_version__", "__version__", "load", "unstructure"]

_lock = threading.Lock()
_bundled: Dataset | None = None


def load(path: str | Path | None = None) -> Dataset:
    """Load a dataset: the bundled seeds (cached after the first call) or the folder ``path``.

    A folder is loaded afresh on every call. Bad fixtures raise :class:`ducs.errors.FixtureError`
    listing every problem; nothing is cached then.

    >>> load() is load()
    True
    >>> len(load().sessions)
    10
    """
    global _bundled
    from ducs.loader import bundled_seeds, load_folder

    if path is not None:
        return load_folder(path)
    with _lock:
        if _bundled is None:
            _bundled = load_folder(bundled_seeds())
        return _bundled


def unstructure(obj: Any) -> Any:
    """Plain Python data (dicts, lists, strings, numbers) for a record, via the one converter."""
    from ducs.converter import get_converter

    return get_converter().unstructure(obj)


def __getattr__(name: str) -> Any:
    # Errors and vocabularies are re-exported lazily so `import ducs` stays cheap.
    import importlib

    for module_name in ("ducs.errors", "ducs.vocab"):
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(f"module 'ducs' has no attribute {name!r}")
