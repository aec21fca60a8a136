"""Synthetic data for the benchmarks: observation tables and datasets of many targets.

Everything is deterministic (a fixed seed), so two runs measure the same work.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
from pathlib import Path
from typing import Any

from ducs.dataset import Dataset
from ducs.loader import bundled_seeds
from ducs.model import Indicator, Observation, Scope, Source, SourceRef, Target
from ducs.periods import Period
from ducs.vocab import Comparator, Direction, Pillar, ScopeKind

HEADER = ["key", "indicator", "value", "period", "scope", "sources", "qualifier", "note"]
# Indicators of the bundled seeds, with values their rules accept.
_INDICATORS = [("fibre_household_share", 0.0, 100.0), ("dti_score", 0.0, 1.0), ("smartphone_adult_share", 0.0, 100.0)]


def observation_rows(n: int, seed: int = 13) -> list[list[str]]:
    """``n`` valid observation rows over the bundled indicators, provinces and sources.

    Series are (indicator, agency) pairs with one value per month, so no two rows of a series
    share a period end.
    """
    rng = random.Random(seed)
    rows = []
    months = 12 * 30  # 1995-01 .. 2024-12
    for i in range(n):
        indicator, low, high = _INDICATORS[i % len(_INDICATORS)]
        series, month = divmod(i // len(_INDICATORS), months)
        period = f"{1995 + month // 12}-{month % 12 + 1:02d}"
        value = round(rng.uniform(low, high), 4)
        rows.append([f"syn-{i}", indicator, repr(value), period, f"agency:unit {series}", "web-001",
                     "about" if i % 7 == 0 else "", "synthetic" if i % 5 == 0 else ""])
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def seeds_with_table(folder: Path, n: int, *, bad_row: int | None = None) -> Path:
    """A copy of the bundled seeds plus ``observations-synthetic.csv`` with ``n`` rows."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(bundled_seeds(), folder)
    rows = observation_rows(n)
    if bad_row is not None:
        rows[bad_row - 1][2] = "12.5%"
    write_csv(folder / "observations-synthetic.csv", rows)
    return folder


_MINIMAL = {
    "meta.toml": """
[dataset]
title = "synthetic"
data_version = "bench"
cutoff = 2025-11-30
""",
    "sources.toml": """
[[source]]
id = "web-001"
kind = "web_page"
publisher = "benchmarks"
title = "synthetic"
published = "unknown"
language = "unknown"
""",
    "indicators.toml": """
[[indicator]]
key = "fibre_household_share"
name_vi = "unknown"
name_en = "Households with fibre broadband"
unit = "percent"
pillar = "digital_infrastructure"
direction = "higher"
limit = 100

[[indicator]]
key = "dti_score"
name_vi = "unknown"
name_en = "DTI score"
unit = "score"
pillar = "cross_cutting_foundation"
direction = "higher"
limit = 1

[[indicator]]
key = "smartphone_adult_share"
name_vi = "unknown"
name_en = "Adults with a smartphone"
unit = "percent"
pillar = "digital_society"
direction = "higher"
limit = 100
""",
}


def minimal_with_table(folder: Path, n: int, *, bad_row: int | None = None) -> Path:
    """The few fixtures the synthetic rows refer to (one source, three indicators) plus the table."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in _MINIMAL.items():
        (folder / name).write_text(text.lstrip(), encoding="utf-8")
    if n:
        rows = observation_rows(n)
        if bad_row is not None:
            rows[bad_row - 1][2] = "12.5%"
        write_csv(folder / "observations-synthetic.csv", rows)
    return folder


# --- datasets of many targets, built directly (the benchmark measures progress, not loading) --


def progress_dataset(targets: int, per_target: int = 10, seed: int = 7) -> tuple[Dataset, list[dict[str, Any]]]:
    """A dataset of ``targets`` targets, each with its own series of ``per_target`` yearly values.

    Returns the dataset and, per target, the plain numbers of its series (for the reference
    that calls the method functions directly).
    """
    rng = random.Random(seed)
    source = Source("synthetic", kind=_kind(), publisher="benchmarks", title="synthetic", published=None,
                    language=None)
    refs = (SourceRef(source),)
    indicators = [Indicator(f"ind_{i}", None, f"Indicator {i}", "percent", Pillar.DIGITAL_ECONOMY,
                            Direction.HIGHER_IS_BETTER, limit=100.0) for i in range(100)]
    years = [Period.parse(str(2024 - per_target + 1 + k)) for k in range(per_target)]
    deadline = Period.parse("2030")
    observations: list[Observation] = []
    target_records: list[Target] = []
    plain: list[dict[str, Any]] = []
    for t in range(targets):
        indicator = indicators[t % len(indicators)]
        scope = Scope(ScopeKind.AGENCY, agency=f"unit {t // len(indicators)}")
        start = rng.uniform(10, 50)
        series = []
        for k, period in enumerate(years):
            value = round(start + k * rng.uniform(0.5, 3.0), 3)
            observations.append(Observation(f"o-{t}-{k}", indicator, value, period, refs, scope))
            series.append((dt.date(period.end.year, period.end.month, period.end.day), value))
        goal = round(start + rng.uniform(20, 45), 1)
        target_records.append(Target(f"t-{t}", indicator, Comparator.GE, goal, deadline, refs, f"target {t}", scope))
        plain.append({"series": series, "target": goal, "deadline": dt.date(2030, 12, 31)})
    records: dict[type, list[Any]] = {Source: [source], Indicator: indicators, Observation: observations,
                                      Target: target_records}
    dataset = Dataset.build(title="synthetic", data_version="bench", cutoff=years[-1].end, folder=None,
                            records=records)
    return dataset, plain


def _kind() -> Any:
    from ducs.vocab import SourceKind

    return SourceKind.DATASET
