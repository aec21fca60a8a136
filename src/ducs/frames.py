"""Tidy data frames of the dataset for pandas (default) or polars; both are optional extras.

Rows are built as plain dicts first (:func:`rows`), so a tool can use them without any frame
library. Columns have real types: dates as dates, codes as strings, values as floats.

>>> import ducs
>>> ds = ducs.load()
>>> first = rows(ds, "sessions")[0]
>>> first["number"], first["date"].isoformat()
(1, '2021-11-30')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, Literal

from ducs.errors import MissingExtraError, NotFoundError
from ducs.model import KINDS
from ducs.periods import plain_date

__all__ = ["Engine", "frame", "plan_progress_rows", "rows", "to_frame"]

Engine = Literal["pandas", "polars"]


def _date(value: Any) -> dt.date | None:
    return None if value is None else plain_date(value)


def _observation_rows(ds: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": obs.key,
            "indicator": obs.indicator.key,
            "pillar": obs.indicator.pillar.value,
            "unit": obs.indicator.unit,
            "value": float(obs.value),
            "qualifier": obs.qualifier.value,
            "denominator": obs.denominator,
            "scope": obs.scope.kind.value,
            "province_key": obs.scope.province.key if obs.scope.province else None,
            "province": obs.scope.province.name_vi if obs.scope.province else None,
            "agency": obs.scope.agency,
            "period": str(obs.period),
            "period_start": _date(obs.period.start),
            "period_end": _date(obs.period.end),
            "session": obs.session.key if obs.session else None,
            "match": obs.match.value,
            "estimate": obs.estimate,
            "confidence": obs.confidence.value,
            "source": obs.sources[0].source.id,
            "sources": "; ".join(str(ref) for ref in obs.sources),
        }
        for obs in ds.observations
    ]


def _target_rows(ds: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": t.key,
            "indicator": t.indicator.key,
            "pillar": t.indicator.pillar.value,
            "comparator": t.comparator.value,
            "value": t.value,
            "high": t.high,
            "unit": t.indicator.unit,
            "deadline": str(t.deadline) if t.deadline else None,
            "deadline_end": _date(t.deadline.end) if t.deadline else None,
            "scope": str(t.scope),
            "set_by": t.set_by.key if t.set_by else None,
            "plan": t.plan,
            "title_en": t.title_en,
            "confidence": t.confidence.value,
            "source": t.sources[0].source.id,
        }
        for t in ds.targets
    ]


def _session_rows(ds: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": s.key,
            "committee": s.committee.key,
            "number": s.number,
            "date": _date(s.date),
            "time": s.time.isoformat() if s.time else None,
            "part_of_day": s.part_of_day.value if s.part_of_day else None,
            "format": s.format.value if s.format else None,
            "chair": s.chair.name,
            "reviews": str(s.reviews) if s.reviews else None,
            "connected_localities": s.connected_localities,
            "figures": len(s.figures()),
            "source": s.sources[0].source.id,
        }
        for s in ds.all_sessions
    ]


def _province_rows(ds: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": p.key,
            "code": p.code,
            "era": p.era,
            "name_vi": p.name_vi,
            "name_ascii": p.name_ascii,
            "name_en": p.name_en,
            "kind": p.kind.value,
            "region": p.region,
            "valid_from": _date(p.valid_from),
            "valid_to": _date(p.valid_to),
            "successor": p.successor_key,
            "predecessors": ";".join(p.predecessor_keys),
            "dt_day": str(p.dt_day) if p.dt_day else None,
            "steering_head": p.steering_committee.head.value if p.steering_committee and p.steering_committee.head else None,
            "resolutions": len(p.resolutions),
        }
        for p in ds.provinces
    ]


def _task_rows(ds: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": t.key,
            "plan": t.plan.year,
            "number": t.number,
            "title_vi": t.title_vi,
            "title_en": t.title_en,
            "lead_agency": t.lead_agency,
            "pillar": t.pillar.value if t.pillar else None,
            "targets": ";".join(target.key for target in t.targets),
            "confidence": t.confidence.value,
        }
        for t in ds.tasks
    ]


_BUILDERS: dict[str, Callable[[Any], list[dict[str, Any]]]] = {
    "observations": _observation_rows,
    "targets": _target_rows,
    "sessions": _session_rows,
    "provinces": _province_rows,
    "tasks": _task_rows,
}


def rows(ds: Any, kind: str) -> list[dict[str, Any]]:
    """Plain rows (dicts) of one kind of record: one of ``observations``, ``targets``,
    ``sessions``, ``provinces``, ``tasks``."""
    if kind not in _BUILDERS:
        # Kinds of record come from the one table (ducs.model.KINDS); some have no frame yet.
        known = [k.name for k in KINDS if k.name in _BUILDERS]
        raise NotFoundError("frame kind", kind, known)
    return _BUILDERS[kind](ds)


def to_frame(records: Iterable[dict[str, Any]], engine: Engine = "pandas") -> Any:
    """A pandas or polars DataFrame of plain rows; dates become datetime64 in pandas.

    >>> import datetime as dt
    >>> frame = to_frame([{"day": dt.date(2022, 4, 27), "code": "02", "value": 81.7}])
    >>> [t.kind for t in frame.dtypes], str(frame["code"].dtype)
    (['M', 'O', 'f'], 'string')
    """
    data = list(records)
    if engine == "pandas":
        try:
            import pandas as pd
        except ImportError:
            raise MissingExtraError("pandas", "pandas") from None
        frame = pd.DataFrame.from_records(data)
        for column in frame.columns:
            sample = next((v for v in frame[column] if v is not None), None)
            if isinstance(sample, dt.date):
                frame[column] = pd.to_datetime(frame[column])
            elif isinstance(sample, str):
                frame[column] = frame[column].astype("string")
        return frame
    if engine == "polars":
        try:
            import polars as pl
        except ImportError:
            raise MissingExtraError("polars", "polars") from None
        return pl.DataFrame(data, infer_schema_length=None)
    raise ValueError(f"unknown engine {engine!r}; expected 'pandas' or 'polars'")


def frame(ds: Any, kind: str, engine: Engine = "pandas") -> Any:
    """A tidy DataFrame of one kind of record (see :func:`rows`).

    >>> import ducs
    >>> frame(ducs.load(), "provinces").shape[0]
    97
    """
    return to_frame(rows(ds, kind), engine)


def plan_progress_rows(result: Any) -> list[dict[str, Any]]:
    """Rows of a plan progress result: one per (task, target), then one per plan target outside
    any task, each with the plan's headline (status and coverage) so a frame says what the text says.

    >>> import ducs
    >>> rows = plan_progress_rows(ducs.load().plans.get(2022).progress())
    >>> next(r["target_status"] for r in rows if r["target"] == "einvoice_enterprise_share")
    'target_met'
    >>> {r["plan_status"] for r in rows}
    {'insufficient_evidence'}
    """
    headline = {
        "as_of": _date(result.as_of),
        "profile": result.profile.value,
        "plan_status": result.overall.status.value,
        "plan_coverage": result.overall.coverage,
    }
    out: list[dict[str, Any]] = []

    def target_columns(target: Any) -> dict[str, Any]:
        if target is None:
            return {"target": None, "target_status": None, "tense": None, "ratio": None, "score": None,
                    "achieved_share": None, "current_value": None, "current_period_end": None}
        current = target.assessment.current
        return {
            "target": target.target.key,
            "target_status": target.status.value,
            "tense": target.tense.value if target.tense else None,
            "ratio": target.assessment.ratio,
            "score": target.assessment.score,
            "achieved_share": target.achieved_share,
            "current_value": current.value if current else None,
            "current_period_end": current.end if current else None,
        }

    for item in result.tasks:
        base = {
            "task": item.task.key,
            "number": item.task.number,
            "title": item.task.title if item.identified else None,
            "pillar": item.task.pillar.value if item.task.pillar else None,
            "task_status": item.status.value,
            "has_evidence": item.has_evidence,
            **headline,
        }
        for target in item.targets or [None]:
            out.append({**base, **target_columns(target)})
    for target in result.unattached:
        out.append({"task": None, "number": None, "title": target.target.title_en,
                    "pillar": target.target.pillar.value, "task_status": None,
                    "has_evidence": target.status.is_assessed, **headline, **target_columns(target)})
    return out
