"""Tidy data frames of the dataset for pandas (default) or polars; both are optional extras.

Rows are built as plain dicts first ([`rows`][ducs.frames.rows]), so a tool can use them
without any frame library. Every frame has a schema, so its columns have honest types:

| kind of column | pandas | polars |
|---|---|---|
| whole numbers (session number, plan year, era, rank denominator) | `Int64` | `Int64` |
| measured values | `Float64` | `Float64` |
| text | `string` | `String` |
| yes/no | `boolean` | `Boolean` |
| dates | `date32[pyarrow]` (dates, not timestamps) | `Date` |
| closed vocabularies (pillar, status, scope…) | `category` (every value of the vocabulary) | `Enum` |

A missing value is always `pd.NA` in pandas (shown `<NA>`) and `null` in polars. Rows about a
province carry its `era` (2008: the 63 units; 2025: the 34 units) beside its key, so a pivot
by province never merges two units that share a name.

```python
>>> import ducs
>>> ds = ducs.load()
>>> first = rows(ds, "sessions")[0]
>>> first["number"], first["date"].isoformat()
(1, '2021-11-30')

```
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from ducs.errors import MissingExtraError, NotFoundError
from ducs.periods import plain_date
from ducs.vocab import (
    Comparator,
    Confidence,
    Direction,
    Match,
    MilestoneKind,
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
    Tense,
)

__all__ = [
    "BOOL",
    "DATE",
    "FLOAT",
    "FRAME_KINDS",
    "INT",
    "STR",
    "ColumnType",
    "Engine",
    "dti_frame",
    "dti_rows",
    "frame",
    "plan_progress_frame",
    "plan_progress_rows",
    "rows",
    "schema_of",
    "to_frame",
]

Engine = Literal["pandas", "polars"]

INT = "int"
FLOAT = "float"
STR = "str"
BOOL = "bool"
DATE = "date"

ColumnType = str | tuple[str, ...]
"""A column's type: one of INT, FLOAT, STR, BOOL, DATE, or the values of a closed vocabulary."""
Schema = Mapping[str, ColumnType]


def _vocab(kind: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in kind)


_DIRECTIONS = tuple(member.name.lower() for member in Direction)


def _date(value: Any) -> dt.date | None:
    return None if value is None else plain_date(value)


def _province_columns(province: Any) -> dict[str, Any]:
    return {
        "province_key": province.key if province is not None else None,
        "province": province.name_vi if province is not None else None,
        "era": province.era if province is not None else None,
    }


_PROVINCE_SCHEMA: dict[str, ColumnType] = {"province_key": STR, "province": STR, "era": INT}

# --- one builder and one schema per kind ------------------------------------------------------

_OBSERVATIONS: dict[str, ColumnType] = {
    "key": STR, "indicator": STR, "pillar": _vocab(Pillar), "unit": STR, "value": FLOAT,
    "qualifier": _vocab(Qualifier), "denominator": INT, "estimate": BOOL, "scope": _vocab(ScopeKind),
    **_PROVINCE_SCHEMA, "agency": STR, "period": STR, "period_start": DATE, "period_end": DATE,
    "session": STR, "match": _vocab(Match), "target": STR, "confidence": _vocab(Confidence),
    "source": STR, "sources": STR,
}


# The frame columns an observation's field gives (rows and columns both use these, so a frame
# built from columns is the frame built from records, cell for cell).
def _indicator_cells(indicator: Any) -> dict[str, Any]:
    return {"indicator": indicator.key, "pillar": indicator.pillar.value, "unit": indicator.unit}


def _scope_cells(scope: Any) -> dict[str, Any]:
    return {"scope": scope.kind.value, **_province_columns(scope.province), "agency": scope.agency}


def _period_cells(period: Any) -> dict[str, Any]:
    return {"period": str(period), "period_start": _date(period.start), "period_end": _date(period.end)}


def _sources_cells(sources: Any) -> dict[str, Any]:
    return {"source": sources[0].source.id, "sources": "; ".join(str(ref) for ref in sources)}


_OBSERVATION_CELLS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "indicator": _indicator_cells,
    "qualifier": lambda qualifier: {"qualifier": qualifier.value},
    "estimate": lambda estimate: {"estimate": estimate},
    "scope": _scope_cells,
    "period": _period_cells,
    "session": lambda session: {"session": session.key if session else None},
    "match": lambda match: {"match": match.value},
    "target": lambda target: {"target": target},
    "confidence": lambda confidence: {"confidence": confidence.value},
    "sources": _sources_cells,
}


def _denominator(value: float | None) -> int | None:
    return int(value) if value is not None else None


def _observation_row(obs: Any) -> dict[str, Any]:
    found = {"key": obs.key, "value": float(obs.value), "denominator": _denominator(obs.denominator)}
    for field, cells in _OBSERVATION_CELLS.items():
        found.update(cells(getattr(obs, field)))
    return {column: found[column] for column in _OBSERVATIONS}


def _observation_rows(ds: Any) -> list[dict[str, Any]]:
    return [_observation_row(obs) for obs in ds.observations]


def _observation_columns(table: Any, pa: Any) -> dict[str, Any]:
    """The frame columns of an observations table held as columns, as Arrow arrays: each
    distinct value of a field is turned into its cells once, then spread by the field's codes."""
    import pyarrow.compute as pc

    size = len(table)
    found: dict[str, Any] = {
        "key": table.key_array(),
        "value": table.value_array(),
        "denominator": pc.cast(pc.trunc(table.denominator_array()), pa.int64()),
    }
    for field, cells in _OBSERVATION_CELLS.items():
        distinct = [cells(value) for value in table.distinct(field)]
        codes = table.codes(field)
        for column in distinct[0]:
            values = pa.array([_cell(row[column], _OBSERVATIONS[column]) for row in distinct],
                              type=_arrow_type(pa, _OBSERVATIONS[column]))
            found[column] = pa.repeat(values[0], size) if codes is None else values.take(codes)
    return {column: found[column] for column in _OBSERVATIONS}


def _arrow_type(pa: Any, kind: ColumnType) -> Any:
    if isinstance(kind, tuple):
        return pa.string()
    return {INT: pa.int64(), FLOAT: pa.float64(), BOOL: pa.bool_(), STR: pa.string(), DATE: pa.date32()}[kind]


_TARGETS: dict[str, ColumnType] = {
    "key": STR, "indicator": STR, "pillar": _vocab(Pillar), "comparator": _vocab(Comparator), "value": FLOAT,
    "high": FLOAT, "unit": STR, "deadline": STR, "deadline_end": DATE, "scope": _vocab(ScopeKind),
    **_PROVINCE_SCHEMA, "set_by": STR, "plan": INT, "title_en": STR, "title_vi": STR,
    "confidence": _vocab(Confidence), "source": STR,
}


def _target_rows(ds: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": t.key,
            "indicator": t.indicator.key,
            "pillar": t.pillar.value,
            "comparator": t.comparator.value,
            "value": t.value,
            "high": t.high,
            "unit": t.indicator.unit,
            "deadline": str(t.deadline) if t.deadline else None,
            "deadline_end": _date(t.deadline.end) if t.deadline else None,
            "scope": t.scope.kind.value,
            **_province_columns(t.scope.province),
            "set_by": t.set_by.key if t.set_by else None,
            "plan": t.plan,
            "title_en": t.title_en,
            "title_vi": t.title_vi,
            "confidence": t.confidence.value,
            "source": t.sources[0].source.id,
        }
        for t in ds.targets
    ]


_SESSIONS: dict[str, ColumnType] = {
    "key": STR, "committee": STR, "number": INT, "date": DATE, "time": STR, "part_of_day": _vocab(PartOfDay),
    "format": _vocab(SessionFormat), "chair": STR, "reviews": STR, "connected_localities": INT, "figures": INT,
    "source": STR,
}


def _session_rows_of(sessions: Iterable[Any]) -> list[dict[str, Any]]:
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
        for s in sessions
    ]


def _session_rows(ds: Any) -> list[dict[str, Any]]:
    return _session_rows_of(ds.sessions)


def _all_session_rows(ds: Any) -> list[dict[str, Any]]:
    return _session_rows_of(ds.all_sessions)


_PROVINCES: dict[str, ColumnType] = {
    "key": STR, "code": STR, "era": INT, "name_vi": STR, "name_ascii": STR, "name_en": STR,
    "kind": _vocab(ProvinceKind), "region": STR, "valid_from": DATE, "valid_to": DATE, "successor": STR,
    "predecessors": STR, "dt_day": STR, "steering_head": _vocab(SteeringHead), "resolutions": INT,
}


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
            "predecessors": ";".join(p.predecessor_keys) or None,
            "dt_day": str(p.dt_day) if p.dt_day else None,
            "steering_head": p.steering_committee.head.value if p.steering_committee and p.steering_committee.head else None,
            "resolutions": len(p.resolutions),
        }
        for p in ds.provinces
    ]


_TASKS: dict[str, ColumnType] = {
    "key": STR, "plan": INT, "number": INT, "title_vi": STR, "title_en": STR, "lead_agency": STR,
    "pillar": _vocab(Pillar), "targets": STR, "confidence": _vocab(Confidence),
}


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
            "targets": ";".join(target.key for target in t.targets) or None,
            "confidence": t.confidence.value,
        }
        for t in ds.tasks
    ]


_INDICATORS: dict[str, ColumnType] = {
    "key": STR, "name_vi": STR, "name_en": STR, "unit": STR, "pillar": _vocab(Pillar), "direction": _DIRECTIONS,
    "limit": FLOAT, "measure": STR, "concept": STR, "observations": INT, "targets": INT,
}


def _indicator_rows(ds: Any) -> list[dict[str, Any]]:
    counted = ds.observations.count_by("indicator")
    return [
        {
            "key": i.key,
            "name_vi": i.name_vi,
            "name_en": i.name_en,
            "unit": i.unit,
            "pillar": i.pillar.value,
            "direction": i.direction.name.lower(),
            "limit": i.limit,
            "measure": i.measure or None,
            "concept": i.concept,
            "observations": counted[(i,)],
            "targets": len(i.targets()),
        }
        for i in ds.indicators
    ]


_SOURCES: dict[str, ColumnType] = {
    "id": STR, "kind": _vocab(SourceKind), "publisher": STR, "title": STR, "published": DATE, "language": STR,
    "url": STR, "confidence": _vocab(Confidence), "records": INT,
}


def _source_rows(ds: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "kind": s.kind.value,
            "publisher": s.publisher,
            "title": s.title,
            "published": _date(s.published),
            "language": s.language,
            "url": s.url,
            "confidence": s.confidence.value,
            "records": ds.citation_count(s),
        }
        for s in ds.sources
    ]


_PLANS: dict[str, ColumnType] = {
    "key": STR, "year": INT, "title_vi": STR, "title_en": STR, "decision": STR, "signed": DATE,
    "tasks_declared": INT, "tasks": INT, "targets_declared": INT, "targets": INT,
}


def _plan_rows(ds: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": p.key,
            "year": p.year,
            "title_vi": p.title_vi,
            "title_en": p.title_en,
            "decision": p.decision.key if p.decision else None,
            "signed": _date(p.signed),
            "tasks_declared": p.tasks_declared,
            "tasks": len(p.tasks),
            "targets_declared": p.targets_declared,
            "targets": len(p.targets),
        }
        for p in ds.plans
    ]


_MILESTONES: dict[str, ColumnType] = {
    "key": STR, "date": DATE, "kind": _vocab(MilestoneKind), "achieved": BOOL, "task": STR, "target": STR,
    "description": STR, "confidence": _vocab(Confidence), "source": STR,
}


def _milestone_rows(ds: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": m.key,
            "date": _date(m.date),
            "kind": m.kind.value,
            "achieved": m.achieved,
            "task": m.task.key if m.task else None,
            "target": m.target.key if m.target else None,
            "description": m.description,
            "confidence": m.confidence.value,
            "source": m.sources[0].source.id if m.sources else None,
        }
        for m in ds.milestones
    ]


_DOCUMENTS: dict[str, ColumnType] = {
    "key": STR, "kind": STR, "title_vi": STR, "title_en": STR, "issued": DATE, "issuer": STR,
    "confidence": _vocab(Confidence),
}


def _document_rows(ds: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": d.key,
            "kind": d.kind,
            "title_vi": d.title_vi,
            "title_en": d.title_en,
            "issued": _date(d.issued),
            "issuer": d.issuer,
            "confidence": d.confidence.value,
        }
        for d in ds.documents
    ]


_BUILDERS: dict[str, tuple[Callable[[Any], list[dict[str, Any]]], Schema]] = {
    "observations": (_observation_rows, _OBSERVATIONS),
    "targets": (_target_rows, _TARGETS),
    "sessions": (_session_rows, _SESSIONS),
    "all_sessions": (_all_session_rows, _SESSIONS),
    "provinces": (_province_rows, _PROVINCES),
    "tasks": (_task_rows, _TASKS),
    "indicators": (_indicator_rows, _INDICATORS),
    "sources": (_source_rows, _SOURCES),
    "plans": (_plan_rows, _PLANS),
    "milestones": (_milestone_rows, _MILESTONES),
    "documents": (_document_rows, _DOCUMENTS),
}

FRAME_KINDS: tuple[str, ...] = tuple(_BUILDERS)
"""The kinds of frame: ``sessions`` are the National Committee's (as ``ds.sessions``);
``all_sessions`` adds the other committees' sessions (as ``ds.all_sessions``)."""


def _builder(kind: str) -> tuple[Callable[[Any], list[dict[str, Any]]], Schema]:
    if kind not in _BUILDERS:
        raise NotFoundError("frame kind", kind, list(FRAME_KINDS))
    return _BUILDERS[kind]


def rows(ds: Any, kind: str) -> list[dict[str, Any]]:
    """Plain rows (dicts) of one kind of record.

    Args:
        ds: A loaded dataset.
        kind: One of [`FRAME_KINDS`][ducs.frames.FRAME_KINDS]: ``observations``, ``targets``, ``sessions``,
            ``all_sessions``, ``provinces``, ``tasks``, ``indicators``, ``sources``, ``plans``,
            ``milestones``, ``documents``.

    Returns:
        One dict per record; dates as ``datetime.date``, vocabularies as their values.

    Raises:
        NotFoundError: ``kind`` is not a kind of frame (the message lists them).
    """
    build, _schema = _builder(kind)
    return build(ds)


def schema_of(kind: str) -> dict[str, ColumnType]:
    """The column types of a kind of frame, in column order.

    Examples:
        >>> schema_of("sessions")["number"], schema_of("sessions")["date"], schema_of("sessions")["format"]
        ('int', 'date', ('online', 'hybrid', 'in_person'))
    """
    return dict(_builder(kind)[1])


# --- rows into frames ------------------------------------------------------------------------


def _infer(values: list[Any]) -> ColumnType:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return BOOL
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return INT
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return FLOAT
    if present and all(isinstance(v, dt.date) for v in present):
        return DATE
    return STR


def _pandas_dtype(pd: Any, kind: ColumnType) -> Any:
    if isinstance(kind, tuple):
        return pd.CategoricalDtype(pd.Index(list(kind), dtype="string"))
    if kind == DATE:
        import pyarrow as pa

        return pd.ArrowDtype(pa.date32())
    return {INT: "Int64", FLOAT: "Float64", BOOL: "boolean", STR: pd.StringDtype(na_value=pd.NA)}[kind]


def _polars_dtype(pl: Any, kind: ColumnType) -> Any:
    if isinstance(kind, tuple):
        return pl.Enum(list(kind))
    return {INT: pl.Int64, FLOAT: pl.Float64, BOOL: pl.Boolean, STR: pl.String, DATE: pl.Date}[kind]


def _cell(value: Any, kind: ColumnType) -> Any:
    if value is None:
        return None
    if kind == FLOAT:
        return float(value)
    if kind == INT:
        return int(value)
    if kind == DATE and isinstance(value, dt.datetime):
        return value.date()
    return value


def to_frame(records: Iterable[Mapping[str, Any]], engine: Engine = "pandas", schema: Schema | None = None) -> Any:
    """A pandas or polars DataFrame of plain rows, with one type per column.

    Args:
        records: Plain rows (dicts with the same keys).
        engine: ``"pandas"`` (the ``pandas`` extra, with pyarrow for dates) or ``"polars"``.
        schema: Column types (see the module docs); columns not named are inferred from
            their values.

    Returns:
        The DataFrame; missing values are ``pd.NA`` (pandas) or null (polars).

    Raises:
        MissingExtraError: The frame library is not installed.
        ValueError: ``engine`` is neither ``"pandas"`` nor ``"polars"``.

    Examples:
        >>> import datetime as dt
        >>> frame = to_frame([{"day": dt.date(2022, 4, 27), "code": "02", "n": 1},
        ...                   {"day": None, "code": None, "n": None}])
        >>> [str(t) for t in frame.dtypes]
        ['date32[day][pyarrow]', 'string', 'Int64']
        >>> frame.isna().sum().tolist()
        [1, 1, 1]
    """
    data = [dict(row) for row in records]
    columns = list(data[0]) if data else list(schema or {})
    types = {column: (schema or {}).get(column) or _infer([row.get(column) for row in data]) for column in columns}
    values = {column: [_cell(row.get(column), types[column]) for row in data] for column in columns}
    library = _frame_library(engine)
    if engine == "pandas":
        return library.DataFrame({column: library.Series(values[column], dtype=_pandas_dtype(library, types[column]))
                                  for column in columns})
    return library.DataFrame({column: library.Series(column, values[column], dtype=_polars_dtype(library, types[column]))
                              for column in columns})


def _frame_library(engine: str) -> Any:
    """pandas (with pyarrow: dates are Arrow dates) or polars, or the error saying which extra to install."""
    if engine == "pandas":
        try:
            import pandas as pd
            import pyarrow  # noqa: F401
        except ImportError:
            raise MissingExtraError("pandas", "pandas") from None
        return pd
    if engine == "polars":
        try:
            import polars as pl
        except ImportError:
            raise MissingExtraError("polars", "polars") from None
        return pl
    raise ValueError(f"unknown engine {engine!r}; expected 'pandas' or 'polars'")


def frame(ds: Any, kind: str, engine: Engine = "pandas") -> Any:
    """A tidy DataFrame of one kind of record, with the kind's schema.

    Args:
        ds: A loaded dataset.
        kind: A kind of frame (see [`rows`][ducs.frames.rows]).
        engine: ``"pandas"`` or ``"polars"``.

    Returns:
        The DataFrame.

    Raises:
        NotFoundError: ``kind`` is not a kind of frame.
        MissingExtraError: The frame library is not installed.

    Examples:
        >>> import ducs
        >>> ds = ducs.load()
        >>> frame(ds, "provinces").shape[0]
        97
        >>> len(frame(ds, "sessions")) == len(ds.sessions), len(frame(ds, "all_sessions")) == len(ds.all_sessions)
        (True, True)
    """
    build, schema = _builder(kind)
    tables = getattr(ds.observations, "tables", ()) if kind == "observations" else ()
    if tables:  # rows held as columns become frame columns without building their records
        return _observations_frame(ds, tables, engine)
    return to_frame(build(ds), engine, schema)


def _observations_frame(ds: Any, tables: Any, engine: Engine) -> Any:
    _frame_library(engine)  # the extra's error (or an unknown engine's) before any work
    import pyarrow as pa

    parts = [_observation_columns(table, pa) for table in tables]
    objects = [_observation_row(obs) for obs in ds.observations.objects]
    if objects:
        parts.insert(0, {column: pa.array([_cell(row[column], kind) for row in objects], type=_arrow_type(pa, kind))
                         for column, kind in _OBSERVATIONS.items()})
    columns = {column: pa.concat_arrays([part[column] for part in parts]) for column in _OBSERVATIONS}
    library = _frame_library(engine)
    if engine == "pandas":
        return library.DataFrame({column: _pandas_column(library, pa, array, _OBSERVATIONS[column])
                                  for column, array in columns.items()})
    return library.DataFrame([library.Series(column, array).cast(_polars_dtype(library, _OBSERVATIONS[column]))
                              for column, array in columns.items()])


def _pandas_column(pd: Any, pa: Any, array: Any, kind: ColumnType) -> Any:
    """An Arrow column as the pandas Series :func:`to_frame` makes of the same values."""
    dtype = _pandas_dtype(pd, kind)
    if isinstance(kind, tuple):
        import pyarrow.compute as pc

        codes = pc.index_in(array, value_set=pa.array(list(kind), type=pa.string())).fill_null(-1)
        return pd.Series(pd.Categorical.from_codes(codes.to_numpy(zero_copy_only=False), dtype=dtype))
    if kind == DATE:
        return pd.Series(pd.arrays.ArrowExtensionArray(array))
    return pd.Series(array.to_pandas(types_mapper=lambda _type: dtype), dtype=dtype)


# --- the provincial DT index -----------------------------------------------------------------

_DTI_LONG: dict[str, ColumnType] = {
    **_PROVINCE_SCHEMA, "code": STR, "year": INT, "indicator": STR, "value": FLOAT, "of": INT,
    "estimate": BOOL, "source": STR,
}


def _eras(ds: Any) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for province in ds.provinces:
        counts[province.era] += 1
    return dict(counts)


def dti_rows(ds: Any, *, era: int) -> list[dict[str, Any]]:
    """The provincial DT index of the units of one era, one row per unit, year and measure.

    Only units of ``era`` appear, so a rank is always among that era's units: 63 for 2008, 34
    for 2025. A rank among any other number of units raises ValueError rather than be mixed in.

    Args:
        ds: A loaded dataset.
        era: 2008 (the 63 units) or 2025 (the 34 units).

    Returns:
        Rows with the unit, the year, the measure (``dti_rank``, ``dti_score``…), the value and,
        for a rank, ``of`` (how many units were ranked).

    Raises:
        NotFoundError: ``era`` is not an era of the data.
        ValueError: A rank of a unit of ``era`` was taken among a different number of units.

    Examples:
        >>> import ducs
        >>> ranks = [r for r in dti_rows(ducs.load(), era=2025) if r["indicator"] == "dti_rank"]
        >>> sorted({(r["year"], r["of"]) for r in ranks})
        [(2024, 34)]
    """
    units = _eras(ds)
    if era not in units:
        raise NotFoundError("era", era, [str(e) for e in sorted(units)])
    found: list[dict[str, Any]] = []
    for obs in ds.observations:
        province = obs.scope.province
        if province is None or province.era != era or not obs.indicator.key.startswith("dti_"):
            continue
        if obs.indicator.unit == "rank" and obs.denominator is not None and int(obs.denominator) != units[era]:
            raise ValueError(f"{obs.key}: a rank among {obs.denominator:g} units, but the {era} era has "
                             f"{units[era]}; the two rankings are never mixed")
        found.append({
            **_province_columns(province),
            "code": province.code,
            "year": obs.period.start.year,
            "indicator": obs.indicator.key,
            "value": float(obs.value),
            "of": int(obs.denominator) if obs.denominator is not None else None,
            "estimate": obs.estimate,
            "source": obs.sources[0].source.id,
        })
    found.sort(key=lambda r: (r["year"], r["province_key"], r["indicator"]))
    return found


def dti_frame(ds: Any, *, era: int, engine: Engine = "pandas", wide: bool = True) -> Any:
    """The provincial DT index of one era as a frame: it can never mix the 63- and 34-unit rankings.

    Args:
        ds: A loaded dataset.
        era: 2008 (ranks among 63 units, 2020–2024) or 2025 (ranks among 34 units, 2024 on).
        engine: ``"pandas"`` or ``"polars"``.
        wide: One row per unit and year with a column per measure (default); False gives the
            long rows of [`dti_rows`][ducs.frames.dti_rows].

    Returns:
        The DataFrame. Wide, ranks are whole numbers and ``rank_of`` says among how many units.

    Raises:
        NotFoundError: ``era`` is not an era of the data.

    Examples:
        >>> import ducs
        >>> ds = ducs.load()
        >>> dti = dti_frame(ds, era=2008)
        >>> hanoi = dti[(dti["province"] == "Hà Nội") & (dti["year"] == 2024)]
        >>> hanoi[["province_key", "dti_rank", "rank_of"]].to_dict("records")
        [{'province_key': '01@2008', 'dti_rank': 4, 'rank_of': 63}]
        >>> new = dti_frame(ds, era=2025)
        >>> new[(new["province"] == "Hà Nội")][["province_key", "year", "dti_rank", "rank_of"]].to_dict("records")
        [{'province_key': '01@2025', 'year': 2024, 'dti_rank': 1, 'rank_of': 34}]
    """
    long = dti_rows(ds, era=era)
    if not wide:
        return to_frame(long, engine, _DTI_LONG)
    measures = sorted({r["indicator"] for r in long})
    grouped: dict[tuple[str, int], dict[str, Any]] = {}
    for r in long:
        row = grouped.setdefault((r["province_key"], r["year"]), {
            "province_key": r["province_key"], "province": r["province"], "era": r["era"], "code": r["code"],
            "year": r["year"], **dict.fromkeys(measures), "rank_of": None,
        })
        row[r["indicator"]] = r["value"]
        if r["of"] is not None:
            row["rank_of"] = r["of"]
    schema: dict[str, ColumnType] = {"province_key": STR, "province": STR, "era": INT, "code": STR, "year": INT}
    schema |= {m: INT if m.endswith(("_rank", "_member")) else FLOAT for m in measures}
    schema["rank_of"] = INT
    ordered = sorted(grouped.values(), key=lambda row: (row["year"], row["province_key"]))
    return to_frame(ordered, engine, schema)


# --- results ---------------------------------------------------------------------------------

_PLAN_PROGRESS: dict[str, ColumnType] = {
    "task": STR, "number": INT, "title": STR, "pillar": _vocab(Pillar), "task_status": _vocab(Status),
    "has_evidence": BOOL, "as_of": DATE, "profile": _vocab(Profile), "plan_status": _vocab(Status),
    "plan_coverage": FLOAT, "target": STR, "target_status": _vocab(Status), "tense": _vocab(Tense),
    "ratio": FLOAT, "score": FLOAT, "achieved_share": FLOAT, "current_value": FLOAT, "current_period_end": DATE,
}


def plan_progress_rows(result: Any) -> list[dict[str, Any]]:
    """Rows of a plan progress result: one per (task, target), then one per plan target outside
    any task, each with the plan's headline (status and coverage) so a frame says what the text says.

    Examples:
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
            "current_period_end": _date(current.end) if current else None,
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


def plan_progress_frame(result: Any, engine: Engine = "pandas") -> Any:
    """The rows of [`plan_progress_rows`][ducs.frames.plan_progress_rows] as a typed frame."""
    return to_frame(plan_progress_rows(result), engine, _PLAN_PROGRESS)
