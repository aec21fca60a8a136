"""How much does ducs add on top of reading its TOML files? Run: python benchmarks/bench_load.py

Reports ratios against a reference measured in the same run (plain ``tomllib`` parsing of the
same files), so the numbers mean the same on a slow or a busy machine. Not a test.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import ducs
from ducs.loader import bundled_seeds


def best_of(fn: object, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def parse_only(folder: Path) -> None:
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as handle:
            tomllib.load(handle)


def import_time(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(5)]
    return statistics.median(runs)


if __name__ == "__main__":
    folder = bundled_seeds()
    reference = best_of(lambda: parse_only(folder))
    full = best_of(lambda: ducs.load(folder))
    print(f"parse only (reference): {reference * 1000:.1f} ms")
    print(f"ducs.load (structure, link, check, index): {full * 1000:.1f} ms = {full / reference:.1f}x the parse")
    base, ours = import_time("attrs"), import_time("ducs")
    print(f"import ducs: {ours * 1000:.1f} ms = {ours / base:.2f}x import attrs (ducs imports no data at import)")
