"""Observations held as columns: the columnar core behind bulk tables (with the ``arrow`` extra).

A bulk table of a million rows is checked as columns (:mod:`ducs.bulk`) and kept as columns:
keys, values and denominators as Arrow arrays, every other field as small integer codes into
the list of its distinct structured values (a million rows over 300 periods hold 300
:class:`~ducs.periods.Period` objects). An :class:`~ducs.model.Observation` is built only when
someone asks for that row, once: asking twice gives the same object.

Views (:meth:`ObservationTable.where`) select rows without copying the columns and share the
objects of their table, so a filtered collection holds the very records the dataset holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

from ducs.alloc import building
from ducs.model import Observation

__all__ = ["CODED", "FIELDS", "ObservationTable"]

FIELDS: tuple[str, ...] = tuple(field.name for field in attrs.fields(Observation))
CODED: tuple[str, ...] = tuple(name for name in FIELDS if name not in ("key", "value", "denominator"))


class _Store:
    """The columns of one table and the objects built from them so far."""

    def __init__(self, name: str, rows: Any, keys: Any, values: Any, denominators: Any,
                 coded: dict[str, tuple[Any, list[Any]]]) -> None:
        self.name = name
        self.rows = rows  # source row numbers (int64), for problems; None: row n is at position n - 1
        self.keys = keys
        self.values = values
        self.denominators = denominators  # float64 with nulls, or None when the table has no such column
        self.coded = coded  # field -> (int32 codes or None for one value everywhere, distinct values)
        self.size = len(keys)
        self._objects: list[Observation | None] | None = None
        self._py: dict[str, list[Any]] = {}

    def column(self, name: str) -> list[Any]:
        """One column as a Python list (converted once, when objects are first built)."""
        found = self._py.get(name)
        if found is None:
            if name == "key":
                found = self.keys.to_pylist()
            elif name == "value":
                found = self.values.to_pylist()
            elif name == "denominator":
                found = [None] * self.size if self.denominators is None else self.denominators.to_pylist()
            else:
                codes, _distinct = self.coded[name]
                found = [0] * self.size if codes is None else codes.to_pylist()
            self._py[name] = found
        return found

    def object(self, position: int) -> Observation:
        objects = self._objects
        if objects is None:
            objects = self._objects = [None] * self.size
        found = objects[position]
        if found is None:
            found = objects[position] = self._build(position)
        return found

    def objects(self, positions: Sequence[int]) -> list[Observation]:
        with building():
            return [self.object(position) for position in positions]

    def _build(self, position: int) -> Observation:
        values: list[Any] = []
        for name in FIELDS:
            if name in ("key", "value", "denominator"):
                values.append(self.column(name)[position])
            else:
                codes, distinct = self.coded[name]
                values.append(distinct[0] if codes is None else distinct[self.column(name)[position]])
        return Observation(*values)


class ObservationTable:
    """A table of observations (or a view of some of its rows), in the order they were read."""

    def __init__(self, store: _Store, positions: Any = None) -> None:
        self._store = store
        self._positions = positions  # an int64 array of store positions, or None for every row
        self._position_list: list[int] | None = None
        self.facts: dict[str, Any] = {}  # what the reader worked out about the rows, for later checks

    @classmethod
    def build(cls, name: str, rows: Any, keys: Any, values: Any, denominators: Any,
              coded: dict[str, tuple[Any, list[Any]]]) -> ObservationTable:
        """A table from its columns (see the module docstring for their shapes)."""
        missing = set(CODED) - set(coded)
        if missing:
            raise ValueError(f"columns missing: {sorted(missing)}")
        return cls(_Store(name, rows, keys, values, denominators, coded))

    @property
    def name(self) -> str:
        """The file the rows were read from."""
        return self._store.name

    def __len__(self) -> int:
        return self._store.size if self._positions is None else len(self._positions)

    def positions(self) -> list[int]:
        """The store positions of this view's rows, as a list."""
        if self._position_list is None:
            self._position_list = (list(range(self._store.size)) if self._positions is None
                                   else self._positions.to_pylist())
        return self._position_list

    def __iter__(self) -> Iterator[Observation]:
        # Built in growing batches: a loop that stops early (a display of the first rows) builds
        # few records, one that runs to the end builds them in large batches.
        positions = self.positions()
        start, size = 0, 64
        while start < len(positions):
            yield from self._store.objects(positions[start:start + size])
            start, size = start + size, min(size * 4, 1 << 16)

    def __getitem__(self, index: int) -> Observation:
        return self._store.object(self.positions()[index])

    def observations(self, indices: Sequence[int] | None = None) -> list[Observation]:
        """Every observation of the view (or those at ``indices`` of the view), built once."""
        positions = self.positions()
        if indices is not None:
            positions = [positions[index] for index in indices]
        return self._store.objects(positions)

    def keys(self) -> list[str]:
        """The keys, in order."""
        column = self._store.column("key")
        return column if self._positions is None else [column[p] for p in self.positions()]

    def row_numbers(self) -> list[int]:
        """Each row's number in its file (1 for the first row after the header)."""
        rows = self._store.rows
        if rows is None:
            return [position + 1 for position in self.positions()]
        found: list[int] = (rows if self._positions is None else rows.take(self._positions)).to_pylist()
        return found

    # --- columns of the view ---------------------------------------------------------------

    def _take(self, array: Any) -> Any:
        return array if self._positions is None else array.take(self._positions)

    def key_array(self) -> Any:
        """The keys as an Arrow array."""
        return self._take(self._store.keys)

    def value_array(self) -> Any:
        """The values as an Arrow array."""
        return self._take(self._store.values)

    def denominator_array(self) -> Any:
        """The denominators as an Arrow array (nulls where there is none)."""
        import pyarrow as pa

        found = self._store.denominators
        return pa.nulls(len(self), pa.float64()) if found is None else self._take(found)

    def distinct(self, field: str) -> list[Any]:
        """The distinct structured values of a coded field (codes index into it)."""
        return self._store.coded[field][1]

    def codes(self, field: str) -> Any:
        """The codes of a coded field over the view (None: the field has one value everywhere)."""
        codes = self._store.coded[field][0]
        return None if codes is None else self._take(codes)

    def counts(self, fields: Sequence[str]) -> dict[tuple[Any, ...], int]:
        """How many rows of the view hold each combination of values of coded ``fields``
        (Arrow's grouping over the codes: no record is built)."""
        import pyarrow as pa

        if not len(self):
            return {}
        columns = {f"f{index}": self.codes(field) for index, field in enumerate(fields)}
        grouping = [name for name, codes in columns.items() if codes is not None]
        if not grouping:
            return {tuple(self.distinct(field)[0] for field in fields): len(self)}
        grouped = pa.table({name: columns[name] for name in grouping}).group_by(grouping).aggregate([([], "count_all")])
        codes = {name: grouped.column(name).to_pylist() for name in grouping}
        totals = grouped.column("count_all").to_pylist()
        found: dict[tuple[Any, ...], int] = {}
        for row, total in enumerate(totals):
            key = tuple(self.distinct(field)[codes[name][row] if name in codes else 0]
                        for name, field in zip(columns, fields, strict=True))
            found[key] = found.get(key, 0) + total
        return found

    def mask(self, field: str, test: Callable[[Any], bool]) -> Any:
        """A boolean Arrow array: which rows' ``field`` passes ``test`` (worked out once per distinct value)."""
        import pyarrow as pa

        flags = pa.array([bool(test(value)) for value in self.distinct(field)], type=pa.bool_())
        codes = self.codes(field)
        if codes is None:
            return pa.repeat(flags[0], len(self))
        return flags.take(codes)

    def where(self, mask: Any) -> ObservationTable:
        """The view of the rows where ``mask`` is true."""
        import pyarrow as pa
        import pyarrow.compute as pc

        chosen = pc.indices_nonzero(mask).cast(pa.int64())
        positions = chosen if self._positions is None else self._positions.take(chosen)
        return ObservationTable(self._store, positions)

    def groups(self, fields: Sequence[str]) -> dict[tuple[int, ...], list[int]]:
        """Row indices of the view grouped by the codes of ``fields`` (one pass)."""
        columns = []
        for field in fields:
            codes = self.codes(field)
            columns.append([0] * len(self) if codes is None else codes.to_pylist())
        grouped: dict[tuple[int, ...], list[int]] = {}
        for index, key in enumerate(zip(*columns, strict=True)):
            found = grouped.get(key)
            if found is None:
                grouped[key] = [index]
            else:
                found.append(index)
        return grouped

    def __repr__(self) -> str:
        return f"<ObservationTable {self.name}: {len(self)} rows>"
