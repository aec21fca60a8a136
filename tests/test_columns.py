"""The columnar core (the arrow extra) against the row-by-row reader: the same problems, the same records.

Every test loads the same folder twice: with Arrow (observations tables read and kept as
columns) and without (``ducs.loader.arrow_or_none`` answering None, as on a machine without the
extra), and compares what comes out.
"""

from __future__ import annotations

import itertools
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ducs
import ducs.columns
from ducs.errors import FixtureError
from tests.helpers import GOOD, write
from tests.test_bulk import _CELLS, _REQUIRED, COLUMNS, HEADER, csv_text, good_rows, without_toml_observations

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def outcome(folder: Path, monkeypatch: pytest.MonkeyPatch, columnar: bool) -> tuple[str, list[Any]]:
    with monkeypatch.context() as patch:
        if not columnar:
            patch.setattr("ducs.loader.arrow_or_none", lambda: None)
        try:
            ds = ducs.load(folder)
        except FixtureError as exc:
            return "problems", [str(problem) for problem in exc.problems]
    assert bool(ds.observations.tables) == (columnar and any(folder.glob("observations*.[cp]*")))
    return "dataset", [repr(obs) for obs in ds.observations]


def both(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, list[Any]]:
    rows = outcome(folder, monkeypatch, columnar=False)
    columns = outcome(folder, monkeypatch, columnar=True)
    assert columns == rows
    return columns


def loaded_both_ways(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ducs.Dataset, ducs.Dataset]:
    """The folder loaded as records only (as without the arrow extra), then with its tables as columns."""
    with monkeypatch.context() as patch:
        patch.setattr("ducs.loader.arrow_or_none", lambda: None)
        objects = ducs.load(folder)
    columns = ducs.load(folder)
    assert columns.observations.tables and not objects.observations.tables
    return objects, columns


def counted_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The store positions of every record built from columns from now on."""
    built: list[int] = []
    real = ducs.columns._Store._build  # type: ignore[attr-defined]

    def counting(self: Any, position: int) -> Any:
        built.append(position)
        return real(self, position)

    monkeypatch.setattr(ducs.columns._Store, "_build", counting)  # type: ignore[attr-defined]
    return built


def test_a_good_table_is_held_as_columns_and_gives_the_same_records(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write(tmp_path, without_toml_observations())
    (folder / "observations.csv").write_text(csv_text(good_rows()), encoding="utf-8")
    kind, found = both(folder, monkeypatch)
    assert kind == "dataset" and len(found) == 2


@pytest.mark.parametrize("extra", [
    'o3,"services_share"x,1,2022,national,doc.txt\n',  # a quote that closes nothing: strict CSV refuses it
    "o3,services_share,1,2022,national,doc.txt\rmore\n",  # a carriage return inside a line
    "o3,services_share,1,2022,national,doc\x00.txt\n",  # a NUL byte
    'o3,services_share,1,2022,national,"doc.txt\n',  # a quote never closed
    "o3,services_share,1\n",  # a short row
    " \n",  # a line of one blank cell
    "\n\n\n",  # blank lines
    'o3,services_share,"1",2022,"national","doc.txt; undated.txt"\n',  # quoting where it is not needed
    'o3,services_share,1,2022,national,"doc.txt#a ""quoted"" locator"\n',
    "o3,services_share,1,2022,national,doc.txt\r\n",  # a Windows line end
])
def test_csv_edge_cases_read_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str) -> None:
    folder = write(tmp_path, without_toml_observations())
    (folder / "observations.csv").write_bytes((csv_text(good_rows()) + extra).encode("utf-8"))
    both(folder, monkeypatch)


@pytest.mark.parametrize("raw", [b"\xef\xbb\xbf", b"\xff", b"\xc3"])
def test_bad_bytes_read_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: bytes) -> None:
    folder = write(tmp_path, without_toml_observations())
    (folder / "observations.csv").write_bytes(raw + csv_text(good_rows()).encode() + raw + b"\n")
    assert both(folder, monkeypatch)[0] == "problems"


def test_dataset_rules_across_toml_and_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write(tmp_path, dict(GOOD))
    rows = [
        ["o1", "services_share", "50", "2019", "province:10@2008", "doc.txt"],  # a key of the TOML file
        ["o9", "services_share", "50", "2021-12", "province:10@2008", "doc.txt"],  # ends where o2 ends
        ["o10", "services_share", "50", "2026", "province:10@2008", "doc.txt"],  # after the cut-off
        ["o11", "services_share", "50", "2025-08", "province:10@2008", "doc.txt"],  # a unit no longer in force
        ["o12", "services_share", "50", "2025-08", "province:15@2025", "doc.txt"],
        ["o12", "services_share", "51", "2025-09", "province:15@2025", "doc.txt"],  # a key given twice
        ["o13", "services_share", "50", "2025-08", "province:15@2025", "doc.txt"],  # ends where o12 ends
    ]
    header = [*HEADER, "target", "match"]
    rows = [[*row, "", ""] for row in rows] + [
        ["o14", "services_share", "50", "2020", "province:10@2008", "doc.txt", "t9", ""],
        ["o15", "services_share", "50", "2019-06", "province:10@2008", "doc.txt", "t1", "proxy"],
    ]
    (folder / "observations.csv").write_text(csv_text(rows, header), encoding="utf-8")
    kind, found = both(folder, monkeypatch)
    assert kind == "problems"
    rules = [text.rsplit("(rule ", 1)[1].rstrip(")") for text in found]
    for rule in ("key.duplicate", "series.period_end", "date.after_cutoff", "scope.in_force", "ref.target",
                 "match.measure"):
        assert rule in rules, rule
    assert any("(line 3, column 4)" in text and "series.period_end" in text for text in found)


def test_a_parquet_table_with_types_reads_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write(tmp_path, without_toml_observations())
    table = pa.table({
        "key": ["o1", "o2", "o3"], "indicator": pa.array(["services_share"] * 3).dictionary_encode(),
        "value": pa.array([81.7, 60, None]), "period": ["2022-04-27", "2021", "2020"],
        "scope": ["province:10@2008"] * 3, "sources": ["doc.txt#¶6", "undated.txt", "doc.txt"],
        "estimate": pa.array([True, None, False]), "denominator": pa.array([100, None, 5], type=pa.int64()),
        "year": pa.array([2022, 2020, 2019], type=pa.int64()),
    })
    pq.write_table(table, folder / "observations.parquet")
    kind, found = both(folder, monkeypatch)
    assert kind == "problems" and any("row 3.value" in text for text in found)
    assert any("row 2.year" in text for text in found)
    pq.write_table(table.slice(0, 2).drop_columns(["year"]), folder / "observations.parquet")
    assert both(folder, monkeypatch)[0] == "dataset"


@settings(max_examples=int(os.environ.get("DUCS_TWINS", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.fixed_dictionaries({name: _CELLS[name] for name in _REQUIRED},
                                           optional={name: cells for name, cells in _CELLS.items()
                                                     if name not in _REQUIRED}),
                     min_size=1, max_size=6),
       with_toml=st.booleans())
def test_random_tables_read_alike(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                                  rows: list[dict[str, str]], with_toml: bool) -> None:
    folder = write(tmp_path_factory.mktemp("random"), dict(GOOD) if with_toml else without_toml_observations())
    header = [name for name in COLUMNS if any(name in row for row in rows)]
    (folder / "observations.csv").write_text(csv_text([[row.get(name, "") for name in header] for row in rows], header),
                                             encoding="utf-8")
    both(folder, monkeypatch)


_PIECES = ["o", "1", ",", '"', '""', "\n", "\r\n", "\r", " ", "services_share", "81.7", "2021", "national",
           "doc.txt", ";", "#", "é", "\x00", "\t"]


def _noise(seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(rng.randint(0, 40)):
        yield rng.choice(_PIECES)


@settings(max_examples=int(os.environ.get("DUCS_TWINS", "80")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**9))
def test_noisy_bytes_read_alike(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                                seed: int) -> None:
    folder = write(tmp_path_factory.mktemp("noise"), without_toml_observations())
    text = csv_text(good_rows()) + "".join(_noise(seed))
    (folder / "observations.csv").write_bytes(text.encode("utf-8"))
    both(folder, monkeypatch)


def test_a_dataset_over_columns_answers_like_one_over_objects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.synthetic import seeds_with_table

    folder = seeds_with_table(tmp_path / "seeds", 3000)
    objects, columns = loaded_both_ways(folder, monkeypatch)
    assert len(columns.observations) == len(objects.observations)
    assert columns.observations.keys() == objects.observations.keys()
    first = columns.observations.get("syn-7")
    assert first is columns.observations.get("syn-7") is columns.observations[len(ducs.load().observations) + 7]
    assert first == objects.observations.get("syn-7")
    for query in [dict(indicator="dti_score"), dict(scope="agency"), dict(period="2020"), dict(source="web-001"),
                  dict(as_of="2001-06-30"), dict(indicator="fibre_household_share", as_of="1996-01-01"),
                  dict(province="Hà Giang"), dict(session=2)]:
        assert list(columns.observations.filter(**query)) == list(objects.observations.filter(**query)), query
    odd = columns.observations.filter(lambda obs: obs.value > 50, indicator="fibre_household_share")
    assert list(odd) == list(objects.observations.filter(lambda obs: obs.value > 50, indicator="fibre_household_share"))
    assert columns.indicators.get("dti_score").observations() == objects.indicators.get("dti_score").observations()
    assert columns.sources.get("web-001").records() == objects.sources.get("web-001").records()
    assert columns.provinces.get("Hà Giang").observations() == objects.provinces.get("Hà Giang").observations()
    for target in ("fibre_household_share", "smartphone_population_share"):
        assert columns.targets.get(target).progress() == objects.targets.get(target).progress()
    assert list(columns.observations) == list(objects.observations)
    for miss in ("syn-x7", "dti-2022-rank-48@200", "nothing at all"):
        with pytest.raises(ducs.NotFoundError) as from_columns:
            columns.observations.get(miss)
        with pytest.raises(ducs.NotFoundError) as from_objects:
            objects.observations.get(miss)
        assert str(from_columns.value) == str(from_objects.value)


def test_an_export_of_a_columnar_dataset_reads_back(tmp_path: Path) -> None:
    from benchmarks.synthetic import minimal_with_table

    ds = ducs.load(minimal_with_table(tmp_path / "in", 500))
    assert ds.observations.tables
    ds.export(tmp_path / "out", partition_rows=100)
    again = ducs.load(tmp_path / "out")
    assert {o.key: o for o in again.observations} == {o.key: o for o in ds.observations}


def test_an_export_of_columns_is_byte_for_byte_the_export_of_records(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.synthetic import seeds_with_table

    folder = seeds_with_table(tmp_path / "seeds", 2000)
    columns = ducs.load(folder)
    with monkeypatch.context() as patch:
        patch.setattr("ducs.loader.arrow_or_none", lambda: None)
        objects = ducs.load(folder)
    columns.export(tmp_path / "a", format="csv")
    objects.export(tmp_path / "b", format="csv")
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
    columns.export(tmp_path / "c", partition_rows=500)
    objects.export(tmp_path / "d", partition_rows=500)
    for path in sorted((tmp_path / "c").rglob("*.parquet")):
        twin = tmp_path / "d" / path.relative_to(tmp_path / "c")
        assert pq.read_table(path).equals(pq.read_table(twin)), path
    order = {key: index for index, key in enumerate(columns.observations.keys())}
    part = pq.read_table(next((tmp_path / "c").glob("observations/indicator=dti_score/*/*.parquet")))
    keys = part.column("key").to_pylist()
    assert keys == sorted(keys, key=order.__getitem__)  # a partition keeps the dataset's order


def test_one_cell_cache_per_load_tells_true_from_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write(tmp_path, without_toml_observations())
    base = {name: [row[i] for row in good_rows()] for i, name in enumerate(HEADER)}
    pq.write_table(pa.table({**base, "estimate": pa.array([True, False])}), folder / "observations-a.parquet")
    other = {**base, "key": ["o3", "o4"], "period": ["2019", "2020"], "estimate": pa.array([1, 0], type=pa.int64())}
    pq.write_table(pa.table(other), folder / "observations-b.parquet")
    kind, found = both(folder, monkeypatch)
    assert kind == "problems"
    assert [text.split(":")[0] for text in found] == ["observations-b.parquet$.row 1.estimate",
                                                      "observations-b.parquet$.row 2.estimate"]


def test_rows_reported_against_a_target_are_beside_it_from_columns_too(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    files = dict(GOOD)
    files["targets.toml"] += files["targets.toml"].replace('key = "t1"', 'key = "t1b"').replace('"2025"', '"2030"')
    folder = write(tmp_path, files)
    (folder / "observations-more.csv").write_text(
        "key,indicator,value,period,scope,sources,target\n"
        "r1,services_share,84,2023,province:10@2008,doc.txt,t1b\n"
        "r2,services_share,85,2024,province:10@2008,doc.txt,\n", encoding="utf-8")
    objects, columns = loaded_both_ways(folder, monkeypatch)
    for key in ("t1", "t1b"):  # t1 shares t1b's measure: r1 is shown beside both
        assert [o.key for o in columns.targets.get(key).reported_against()] == ["r1"]
        assert objects.targets.get(key).reported_against() == columns.targets.get(key).reported_against()


def test_counts_and_citations_over_columns_build_no_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.synthetic import seeds_with_table

    folder = seeds_with_table(tmp_path / "seeds", 2000)
    objects, columns = loaded_both_ways(folder, monkeypatch)
    built = counted_builds(monkeypatch)
    for fields in (("indicator",), ("indicator", "sources"), ("scope", "period"), ("qualifier",)):
        assert columns.observations.count_by(*fields) == objects.observations.count_by(*fields), fields
    for source in columns.sources:
        assert columns.citation_count(source) == len(objects.sources.get(source.id).records()), source.id
    assert built == []
    with pytest.raises(ValueError, match="cannot count by 'value'"):
        columns.observations.count_by("value")


@pytest.mark.parametrize("engine", ["pandas", "polars"])
def test_a_frame_of_columns_is_the_frame_of_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    from benchmarks.synthetic import seeds_with_table

    bundled = ducs.load()
    exported = tmp_path / "export"
    bundled.export(exported, format="csv")  # every seed observation in one table, read back as columns
    again = ducs.load(exported)
    assert again.observations.tables and not again.observations.objects
    folder = seeds_with_table(tmp_path / "seeds", 1500)  # records from TOML, then a table
    objects, mixed = loaded_both_ways(folder, monkeypatch)
    assert mixed.observations.objects
    for (from_columns, from_records), kind in itertools.product(((again, bundled), (mixed, objects)),
                                                              ("observations", "indicators", "sources")):
        ours, theirs = from_columns.frame(kind, engine=engine), from_records.frame(kind, engine=engine)
        if engine == "pandas":
            import pandas.testing

            pandas.testing.assert_frame_equal(ours, theirs, check_exact=True)
        else:
            assert ours.schema == theirs.schema
            assert ours.equals(theirs)


def test_notebook_displays_of_bulk_data_without_a_committee(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.synthetic import minimal_with_table

    ds = ducs.load(minimal_with_table(tmp_path / "minimal", 5000))
    assert "ducs dataset bench (cut-off" in ds._repr_html_()  # no committee in this data: no error
    built = counted_builds(monkeypatch)
    shown = ds.observations._repr_html_()
    assert "5000 observations</b> — showing the first 20" in shown
    assert len(built) <= 64  # the first batch, not the 5,000 rows
    assert len(list(ds.observations)) == 5000 and sorted(built) == list(range(5000))
