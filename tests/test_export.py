"""Export as a Data Package: round trips, the descriptor, frictionless, DuckDB, the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import ducs
from ducs.cli import main
from ducs.errors import FixtureError, MissingExtraError
from ducs.model import KINDS
from ducs.package import ExportError
from ducs.tables import SCHEMAS
from tests.helpers import GOOD, write


@pytest.fixture(scope="module")
def csv_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports") / "csv"
    ducs.load().export(folder, format="csv")
    return folder


@pytest.fixture(scope="module")
def parquet_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("pyarrow")
    folder = tmp_path_factory.mktemp("exports") / "parquet"
    ducs.load().export(folder, format="parquet", partition_rows=100)  # small: the bundled data is partitioned
    return folder


def _keyed(ds: ducs.Dataset, name: str) -> dict[str, Any]:
    kind = next(kind for kind in KINDS if kind.name == name)
    return {str(kind.key_of(record)): record for record in ds.records(name)}


def test_a_csv_export_reads_back_into_an_equal_dataset(ds: ducs.Dataset, csv_export: Path) -> None:
    again = ducs.load(csv_export)
    for kind in KINDS:
        assert list(again.records(kind.name)) == list(ds.records(kind.name)), kind.name
    assert (again.title, again.data_version, again.cutoff, again.license) == (ds.title, ds.data_version, ds.cutoff,
                                                                             ds.license)
    assert again.plans.get(2022).progress().headline() == ds.plans.get(2022).progress().headline()


def test_a_partitioned_parquet_export_reads_back_into_an_equal_dataset(ds: ducs.Dataset, parquet_export: Path) -> None:
    again = ducs.load(parquet_export)
    for kind in KINDS:
        assert _keyed(again, kind.name) == _keyed(ds, kind.name), kind.name
    partitions = sorted(path.relative_to(parquet_export).as_posix()
                        for path in (parquet_export / "observations").rglob("*.parquet"))
    assert "observations/indicator=dti_rank/year=2022/part-0.parquet" in partitions
    assert again.compare(["Hà Giang", "An Giang"], "dti_rank", as_of="2023-06-30") == \
        ds.compare(["Hà Giang", "An Giang"], "dti_rank", as_of="2023-06-30")


def test_a_small_parquet_export_is_one_file_per_kind(ds: ducs.Dataset, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    ds.export(tmp_path / "out")
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(
        ["datapackage.json", *(f"{kind.name}.parquet" for kind in KINDS)])
    again = ducs.load(tmp_path / "out")
    assert list(again.observations) == list(ds.observations)


def test_the_descriptor_has_schemas_keys_licence_and_sources(ds: ducs.Dataset, csv_export: Path) -> None:
    descriptor = json.loads((csv_export / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["licenses"][0]["name"] == "MIT"
    assert descriptor["ducs"] == {"format": 1, "title": ds.title, "data_version": ds.data_version,
                                  "cutoff": "2025-11-30", "license": "MIT"}
    assert len(descriptor["sources"]) == len(ds.sources)
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert list(resources) == [kind.name for kind in KINDS]
    observations = resources["observations"]["schema"]
    assert observations["primaryKey"] == ["key"]
    assert {"fields": "indicator", "reference": {"resource": "indicators", "fields": "key"}} in observations["foreignKeys"]
    assert {"fields": "province", "reference": {"resource": "provinces", "fields": "key"}} in observations["foreignKeys"]
    fields = {field["name"]: field for field in observations["fields"]}
    assert fields["value"]["type"] == "number" and fields["period_end"]["type"] == "date"
    assert fields["qualifier"]["constraints"]["enum"][0] == "exact"
    assert fields["key"]["constraints"]["required"] is True
    successor = {"fields": "successor", "reference": {"resource": "", "fields": "key"}}
    assert successor in resources["provinces"]["schema"]["foreignKeys"]
    for kind in KINDS:  # the header of every table is its schema's field list, in order
        header = (csv_export / f"{kind.name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == [field["name"] for field in resources[kind.name]["schema"]["fields"]]


def test_frictionless_validate_passes_on_the_csv_export(csv_export: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(csv_export / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert len(report.tasks) == len(KINDS)


def test_duckdb_joins_observations_to_targets_and_provinces(parquet_export: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    con.execute(f"CREATE VIEW observations AS SELECT * FROM read_parquet('{parquet_export}/observations/**/*.parquet', "
                "hive_partitioning = true)")
    for name in ("targets", "provinces"):
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM '{parquet_export}/{name}.parquet'")
    by_deadline = con.execute("""
        SELECT t.key, coalesce(p.name_vi, 'national') AS place, o.key, o.value
        FROM targets t
        JOIN observations o ON o.indicator = t.indicator AND o.scope = t.scope AND o.period_end <= t.deadline_end
        LEFT JOIN provinces p ON p.key = t.province
        WHERE t.deadline_end <= DATE '2025-11-30'
        QUALIFY row_number() OVER (PARTITION BY t.key ORDER BY o.period_end DESC) = 1
        ORDER BY t.key
    """).fetchall()
    ds = ducs.load()
    assert len(by_deadline) >= 10
    for key, place, observation, value in by_deadline:  # the SQL finds the figure ducs' method judges on
        result = ds.targets.get(key).progress()
        assert (result.current.key, result.current.value) == (observation, value), key
        assert place == ("national" if result.target.scope.province is None else result.target.scope.province.name_vi)
    ranking = con.execute("""
        SELECT p.name_vi, o.value AS rank
        FROM observations o JOIN provinces p ON p.key = o.province
        WHERE o.indicator = 'dti_rank' AND o.year = 2022
        ORDER BY o.value, p.name_vi
        LIMIT 3
    """).fetchall()
    units = ds.provinces.as_of("2023-06-30")
    expected = [(r.province.name_vi, r.value) for r in ds.compare(list(units), "dti_rank", as_of="2023-06-30")][:3]
    assert ranking == expected


def test_duckdb_reads_the_csv_export_too(csv_export: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    (count,) = duckdb.connect().execute(f"SELECT count(*) FROM read_csv('{csv_export}/observations.csv', header = true)").fetchone()
    assert count == len(ducs.load().observations)


def test_an_export_needs_a_new_or_empty_folder_and_leaves_nothing_when_it_fails(ds: ducs.Dataset, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError, match="not an empty folder"):
        ds.export(tmp_path / "full", format="csv")
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["mine.txt"]
    (tmp_path / "empty").mkdir()
    ds.export(tmp_path / "empty", format="csv")
    sources = GOOD["sources.toml"].replace('id = "doc.txt"', 'id = "doc;txt"')
    (tmp_path / "odd").mkdir()
    odd = write(tmp_path / "odd",
                {**GOOD, "sources.toml": sources,
                 "observations.toml": GOOD["observations.toml"].replace("doc.txt", "doc;txt"),
                 "targets.toml": GOOD["targets.toml"].replace("doc.txt", "doc;txt"),
                 "provinces.toml": GOOD["provinces.toml"].replace("doc.txt", "doc;txt")})
    with pytest.raises(ExportError, match="holds ';'"):
        ducs.load(odd).export(tmp_path / "never", format="csv")
    assert not (tmp_path / "never").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "full", "odd"]


def test_an_unknown_format_and_a_missing_extra(ds: ducs.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ExportError, match="unknown export format"):
        ds.export(tmp_path / "x", format="xlsx")  # type: ignore[arg-type]

    def missing(**_options: Any) -> Any:
        raise MissingExtraError("pyarrow", "arrow")

    monkeypatch.setattr("ducs.package.import_arrow", missing)
    with pytest.raises(MissingExtraError, match=r"ducs\[arrow\]"):
        ds.export(tmp_path / "y")
    assert not (tmp_path / "y").exists()


def test_a_changed_export_is_checked_like_any_fixture(csv_export: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(csv_export, copy)
    lines = (copy / "targets.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",>=,", ",>>,", 1)
    (copy / "targets.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FixtureError) as caught:
        ducs.load(copy)
    problem = caught.value.problems[0]  # then the records that refer to the target say they miss it
    assert (problem.file, problem.path, problem.line, problem.column) == ("targets.csv", "row 2.comparator", 3, 3)
    assert problem.rule == "field.type"
    assert {p.rule for p in caught.value.problems[1:]} <= {"ref.unknown", "ref.target"}


@pytest.mark.parametrize(("change", "fragment"), [
    (lambda d: d.pop("ducs"), "not a ducs export"),
    (lambda d: d["ducs"].update(format=99), "export format 99"),
    (lambda d: d["resources"][0].update(path="../sources.csv"), "expected a relative path"),
    (lambda d: d["resources"][0].update(path="/etc/passwd.csv"), "expected a relative path"),
    (lambda d: d["resources"][0].update(name="people"), "'people' is not a table of ducs records"),
    (lambda d: d["ducs"].update(cutoff="soon"), "datapackage.json$.dataset.cutoff"),
])
def test_a_bad_descriptor_is_a_problem(csv_export: Path, tmp_path: Path, change: Any, fragment: str) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(csv_export, copy)
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    change(descriptor)
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(FixtureError) as caught:
        ducs.load(copy)
    assert any(fragment in str(problem) for problem in caught.value.problems), caught.value


def test_the_schemas_cover_every_field_of_every_record() -> None:
    import attrs

    for kind in KINDS:
        names = {column.attribute for column in SCHEMAS[kind.name].columns if column.encoding != "derived"}
        assert names == {field.name for field in attrs.fields(kind.record) if field.init}, kind.name


def test_cli_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "out"), "--format", "csv", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "csv" and data["tables"]["observations"] == len(ducs.load().observations)
    assert main(["--data", str(tmp_path / "out"), "report", "--json"]) == 0
    capsys.readouterr()
    assert main(["export", str(tmp_path / "out"), "--format", "csv"]) == 2
    assert "not an empty folder" in capsys.readouterr().err
