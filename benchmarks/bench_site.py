"""How long does the data site take, next to the JSON export? Run: python benchmarks/bench_site.py

Reports the build time of ``ducs site`` (``ducs.site.build``, with and without charts) as a
ratio to a reference measured in the same run: writing ``ducs.to_json(ds)`` to a file, the
whole dataset as one export. Ratios mean the same on a slow or a busy machine. Not a test.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ducs
from ducs.site import build


def best_of(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


if __name__ == "__main__":
    ds = ducs.load()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        export = folder / "ducs.json"
        reference = best_of(lambda: export.write_text(ducs.to_json(ds), encoding="utf-8"), runs=5)
        plain = best_of(lambda: build(ds, folder / "plain", charts=False), runs=3)
        full = best_of(lambda: build(ds, folder / "full"), runs=2)
        summary = build(ds, folder / "count")
    pages = sum(summary.pages.values())
    print(f"JSON export to a file (reference): {reference * 1000:.0f} ms ({export.name})")
    print(f"ducs site, no charts: {plain:.2f} s = {plain / reference:.0f}x the export")
    print(f"ducs site, with {summary.charts} charts: {full:.2f} s = {full / reference:.0f}x the export "
          f"({pages} pages x 2 languages, {summary.files} files)")
