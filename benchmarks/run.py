"""Every figure of the scale targets (issue 13), as ratios measured in one run. Run:

    python benchmarks/run.py            # the full table (N up to 1,000,000: several minutes)
    python benchmarks/run.py --small    # small N, for CI: checks that the benchmarks still run
    python benchmarks/run.py --write docs/performance.md   # and put the table in the docs

Machines are noisy and differ: absolute times mean nothing from one machine to the next, so
every figure is a ratio to a reference measured in the same run, on the same files. Each side
runs in fresh processes (nothing cached between them), interleaved with its reference, and the
best of ``--repeat`` runs is kept. Peak memory is the growth of the process's peak resident set
during the measured call (VmHWM, reset before the call; Linux). Not a test: it reports, and says "met" or "not met" against the target.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benchmarks.synthetic import minimal_with_table, seeds_with_table

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}

# Snippets run in a fresh interpreter; each prints one JSON object.
_MEASURE = """
import json, time
def status_kb(field):
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith(field + ":"))
{setup}
try:  # reset the peak (VmHWM) so that it measures the call alone (Linux: /proc/self/clear_refs)
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")
except OSError:
    pass
before = status_kb("VmRSS")
start = time.perf_counter()
{call}
seconds = time.perf_counter() - start
peak = status_kb("VmHWM")
print(json.dumps({{"seconds": seconds, "peak_mb": max(peak - before, 0) / 1024}}))
"""


def fresh(setup: str, call: str) -> dict[str, float]:
    """Run ``call`` after ``setup`` in a new interpreter; its time and peak memory growth."""
    code = _MEASURE.format(setup=textwrap.dedent(setup), call=textwrap.dedent(call))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark process failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    return {"seconds": min(r["seconds"] for r in runs), "peak_mb": min(r["peak_mb"] for r in runs)}


def paired(repeat: int, *sides: Callable[[], dict[str, float]]) -> list[dict[str, float]]:
    """Run each side ``repeat`` times, interleaved (A B A B…), and keep the best of each."""
    runs: list[list[dict[str, float]]] = [[] for _ in sides]
    for _ in range(repeat):
        for index, side in enumerate(sides):
            runs[index].append(side())
    return [best(found) for found in runs]


# --- the figures ---------------------------------------------------------------------------


# Both sides have their libraries imported before the timing: pandas for pandas, pyarrow for
# ducs (whose first conversion of a Python value imports pandas when pandas is installed).
_ARROW = "import pyarrow, pyarrow.csv, pyarrow.compute\npyarrow.array([0])\n"
_PURE = """
import ducs.loader
ducs.loader.arrow_or_none = lambda: None  # as on a machine without the arrow extra
"""


def csv_load(folder: Path, repeat: int, columnar: bool) -> dict[str, Any]:
    """ducs.load of the folder (seeds + a CSV table) against pandas.read_csv of the table alone."""
    table = folder / "observations-synthetic.csv"
    setup = "import ducs, ducs.loader, ducs.bulk\n" + (_ARROW if columnar else _PURE)
    ours, pandas = paired(
        repeat,
        lambda: fresh(setup, f"ds = ducs.load({str(folder)!r})"),
        lambda: fresh("import pandas", f"frame = pandas.read_csv({str(table)!r})"),
    )
    return {"ours": ours, "pandas": pandas}


def seeds_only(folder: Path, repeat: int, columnar: bool) -> float:
    setup = "import ducs, ducs.loader, ducs.bulk\n" + (_ARROW if columnar else _PURE)
    return min(fresh(setup, f"ds = ducs.load({str(folder)!r})")["seconds"] for _ in range(repeat))


def installed_copy(work: Path) -> Path:
    """ducs laid out as a wheel installs it (the package, its seeds, the build's snapshot), in ``work``."""
    site = work / "site"
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(ROOT / "src" / "ducs", site / "ducs", ignore=shutil.ignore_patterns("__pycache__", "_seeds.snapshot"))
    shutil.copytree(ROOT / "seeds", site / "ducs" / "seeds")
    code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
            "from ducs.snapshot import write_snapshot, snapshot_path; write_snapshot(snapshot_path())")
    subprocess.run([sys.executable, "-c", code, str(site)], check=True, env={**os.environ, "PYTHONPATH": ""})
    return site


def first_load(repeat: int, site: Path | None) -> dict[str, Any]:
    """The first ducs.load() of the bundled seeds in a fresh process, against tomllib on the same files.

    Three ways: from a checkout (no snapshot: the TOML files are read), from an installed layout
    with the wheel's snapshot (its modules imported inside the timing, as a user's first call
    does), and the same after importing ducs' modules.
    """
    parse = ("import tomllib\nfrom pathlib import Path\nfrom ducs.loader import bundled_seeds\n"
             "files = sorted(bundled_seeds().glob('*.toml'))")
    sides: list[Callable[[], dict[str, float]]] = [
        lambda: fresh(parse, "for path in files:\n    tomllib.loads(path.read_text(encoding='utf-8'))"),
        lambda: fresh("import ducs", "ds = ducs.load()"),
    ]
    if site is not None:
        here = f"import sys\nsys.path.insert(0, {str(site)!r})\n"
        sides.append(lambda: fresh(here + "import ducs", "ds = ducs.load()\nassert 'site' in str(ds.folder)"))
        sides.append(lambda: fresh(here + "import ducs, ducs.snapshot, ducs.dataset", "ds = ducs.load()"))
    found = paired(repeat, *sides)
    return {"tomllib": found[0], "checkout": found[1], "snapshot": found[2] if site else None,
            "warm": found[3] if site else None}


def import_cost(repeat: int) -> dict[str, Any]:
    ours, deps = paired(
        repeat,
        lambda: fresh("", "import ducs"),
        lambda: fresh("", "import attrs, cattrs, pendulum"),
    )
    done = subprocess.run([sys.executable, "-c", "import ducs, sys; print(sorted(m for m in ('pyarrow', 'polars', "
                                                  "'pandas') if m in sys.modules))"],
                          capture_output=True, text=True, env=ENV, check=True)
    return {"ours": ours, "deps": deps, "heavy": json.loads(done.stdout.replace("'", '"'))}


_PROGRESS = """
import datetime as dt, time
from benchmarks.synthetic import progress_dataset
from ducs import method
ds, plain = progress_dataset({n})
day = ds.cutoff
plain_day = dt.date(day.year, day.month, day.day)
def ours():
    for target in ds.targets:
        ds.target_progress(target)
def reference():
    for p in plain:
        method.assess([method.Point(end, value) for end, value in p["series"]], comparator=">=",
                      target=p["target"], deadline=p["deadline"], as_of=plain_day)
"""


def progress(n: int, repeat: int) -> dict[str, Any]:
    """Assessing n targets (fresh dataset: the series index is built inside the timing) vs the bare method."""
    ours, reference = paired(
        repeat,
        lambda: fresh(_PROGRESS.format(n=n), "ours()"),
        lambda: fresh(_PROGRESS.format(n=n), "reference()"),
    )
    return {"ours": ours, "reference": reference}


# --- the table ------------------------------------------------------------------------------


def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else "**not met**"


def run(small: bool, repeat: int, log: Callable[[str], None]) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    sizes = (1_000, 10_000) if small else (10_000, 100_000, 1_000_000)
    big, mid = sizes[-1], sizes[-2]
    work = Path(tempfile.mkdtemp(prefix="ducs-bench-"))
    empty = minimal_with_table(work / "minimal-0", 0)
    loads: dict[tuple[int, bool], dict[str, Any]] = {}
    have_arrow = _has("pyarrow")
    paths = [True, False] if have_arrow else [False]
    for columnar in paths:
        base = seeds_only(empty, repeat, columnar)
        for n in sizes:
            folder = minimal_with_table(work / f"minimal-{n}", n)
            found = csv_load(folder, repeat, columnar)
            found["base"] = base
            loads[(n, columnar)] = found
            label = "with arrow" if columnar else "pure Python"
            log(f"csv load {label} n={n}: ducs {found['ours']['seconds']:.3f}s / {found['ours']['peak_mb']:.0f} MB, "
                f"pandas {found['pandas']['seconds']:.3f}s / {found['pandas']['peak_mb']:.0f} MB")
    for columnar in paths:
        label = "with the arrow extra" if columnar else "without the extra (pure Python)"
        at, low = loads[(big, columnar)], loads[(mid, columnar)]
        ratio = at["ours"]["seconds"] / at["pandas"]["seconds"]
        memory = at["ours"]["peak_mb"] / max(at["pandas"]["peak_mb"], 1e-9)
        per_big = (at["ours"]["seconds"] - at["base"]) / big
        per_mid = (low["ours"]["seconds"] - low["base"]) / mid
        met = columnar
        rows.append((f"CSV load of {big:,} rows {label} ÷ pandas.read_csv of the file",
                     f"{ratio:.2f}×", "≤ 1.5×" if met else "reported", verdict(ratio, 1.5) if met else "reported"))
        rows.append(("peak memory of that load ÷ pandas.read_csv's", f"{memory:.2f}×", "≤ 1.5×" if met else "reported",
                     verdict(memory, 1.5) if met else "reported"))
        rows.append((f"cost per row at {big:,} ÷ at {mid:,} ({label})", f"{per_big / per_mid:.2f}×",
                     "≤ 1.2×" if met else "reported", verdict(per_big / per_mid, 1.2) if met else "reported"))
    beside = csv_load(seeds_with_table(work / f"seeds-{big}", big), repeat, have_arrow)
    ratio = beside["ours"]["seconds"] / beside["pandas"]["seconds"]
    log(f"csv load beside the seeds n={big}: ducs {beside['ours']['seconds']:.3f}s, pandas {beside['pandas']['seconds']:.3f}s")
    rows.append((f"the same {big:,} rows beside the bundled seeds (as the issue measured) ÷ pandas.read_csv", f"{ratio:.2f}×",
                 "reported", "reported"))
    first = first_load(repeat, installed_copy(work))
    toml = first["tomllib"]["seconds"]
    log(f"first load: tomllib {toml:.3f}s, checkout {first['checkout']['seconds']:.3f}s, "
        f"with the snapshot {first['snapshot']['seconds']:.3f}s (after imports {first['warm']['seconds']:.3f}s)")
    ratio = first["snapshot"]["seconds"] / toml
    rows.append(("first load of the bundled seeds, installed (the wheel's snapshot), imports included ÷ a tomllib "
                 "parse of the same files", f"{ratio:.2f}×", "≤ 1.0×", verdict(ratio, 1.0)))
    ratio = first["warm"]["seconds"] / toml
    rows.append(("the same, ducs' modules imported first", f"{ratio:.2f}×", "≤ 1.0×", verdict(ratio, 1.0)))
    ratio = first["checkout"]["seconds"] / toml
    rows.append(("first load from a checkout (no snapshot: the TOML files are read), imports included",
                 f"{ratio:.2f}×", "reported", "reported"))
    imports = import_cost(repeat * 3)
    ratio = imports["ours"]["seconds"] / imports["deps"]["seconds"]
    rows.append(("import ducs ÷ import attrs + cattrs + pendulum", f"{ratio:.2f}×", "≤ 1.1×", verdict(ratio, 1.1)))
    heavy = imports["heavy"]
    rows.append(("frame libraries imported by import ducs", ", ".join(heavy) or "none", "none",
                 "met" if not heavy else "**not met**"))
    targets = (1_000, 10_000) if small else (10_000, 100_000)
    found = {n: progress(n, repeat) for n in targets}
    for n in targets:
        log(f"progress n={n}: ducs {found[n]['ours']['seconds']:.3f}s, method {found[n]['reference']['seconds']:.3f}s")
    low_n, high_n = targets
    ratio = found[low_n]["ours"]["seconds"] / found[low_n]["reference"]["seconds"]
    rows.append((f"progress of {low_n:,} targets × 10 observations ÷ the bare method on the same numbers",
                 f"{ratio:.2f}×", "≤ 3×", verdict(ratio, 3)))
    growth = found[high_n]["ours"]["seconds"] / found[low_n]["ours"]["seconds"]
    method_growth = found[high_n]["reference"]["seconds"] / found[low_n]["reference"]["seconds"]
    rows.append((f"progress of {high_n:,} targets ÷ of {low_n:,} (the bare method: {method_growth:.2f}×)",
                 f"{growth:.2f}×", "≤ 11×", verdict(growth, 11)))
    return rows


def _has(module: str) -> bool:
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, env=ENV, check=False)
    return done.returncode == 0


def table(rows: Sequence[tuple[str, str, str, str]]) -> str:
    lines = ["| figure | measured | target | |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def write_docs(path: Path, text: str, small: bool) -> None:
    """Replace the table between the markers of docs/performance.md."""
    doc = path.read_text(encoding="utf-8")
    start, end = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"
    head, rest = doc.split(start, 1)
    _, tail = rest.split(end, 1)
    note = (f"Measured by `python benchmarks/run.py{' --small' if small else ''}` on {time.strftime('%Y-%m-%d')}, "
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs.")
    path.write_text(f"{head}{start}\n{note}\n\n{text}\n{end}{tail}", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="small N (for CI: the benchmarks still run)")
    parser.add_argument("--repeat", type=int, default=None, help="runs per side, best kept (default 3; 1 with --small)")
    parser.add_argument("--write", type=Path, default=None, metavar="FILE", help="put the table into this Markdown file")
    parser.add_argument("--quiet", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    repeat = args.repeat or (1 if args.small else 3)
    log = (lambda text: None) if args.quiet else (lambda text: print(f"  {text}", file=sys.stderr, flush=True))
    rows = run(args.small, repeat, log)
    text = table(rows)
    print(text)
    if args.write:
        write_docs(args.write, text, args.small)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
