"""Bulk allocation: building many long-lived records at once, without the cyclic collector's rescans.

Python's cyclic garbage collector runs every few hundred new container objects; while a load or
an index builds a million records that all stay alive, each full pass walks every object made
so far, so the cost grows faster than the data. Records hold no reference cycles of their own
(reference counting frees what they drop), so pausing the collector while they are built loses
nothing; it is switched back on (if it was on) when the block ends, even on an error.

>>> import gc
>>> with building():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["building"]


@contextlib.contextmanager
def building() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (restored as it was, even on an error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
