"""Bulk observation tables: CSV and Parquet beside the TOML files, checked by the same rules.

The central promise is sameness: a row of ``observations.csv`` gives the record, and the
problems, that the same fields written as an ``[[observation]]`` give. The property test below
writes random rows both ways and compares.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import ducs
from ducs.errors import FixtureError, MissingExtraError
from ducs.tables import ABSENT, SCHEMAS, decode_cell
from tests.helpers import GOOD, write

HEADER = ["key", "indicator", "value", "period", "scope", "sources"]


@pytest.fixture(autouse=True, params=["columns", "rows"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test twice: tables read as columns (the arrow extra), and row by row (without it)."""
    if request.param == "rows":
        if "million" in request.node.name:
            pytest.skip("a million rows row by row takes a while; the columns do it here")
        monkeypatch.setattr("ducs.loader.arrow_or_none", lambda: None)
    return str(request.param)
COLUMNS = [c.name for c in SCHEMAS["observations"].columns if c.encoding != "derived"]


def csv_text(rows: list[list[str]], header: list[str] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def without_toml_observations() -> dict[str, str]:
    return {name: text for name, text in GOOD.items() if name != "observations.toml"}


def good_rows() -> list[list[str]]:
    """The two observations of tests/helpers.py, as CSV rows."""
    return [
        ["o1", "services_share", "81.7", "2022-04-27", "province:10@2008", "doc.txt#¶6"],
        ["o2", "services_share", "60", "2021", "province:10@2008", "undated.txt"],
    ]


def folder_in(base: Path, name: str, files: dict[str, str]) -> Path:
    (base / name).mkdir()
    return write(base / name, files)


def problems(folder: Path, **limits: Any) -> list[ducs.Problem]:
    with pytest.raises(FixtureError) as caught:
        ducs.load(folder, **limits)
    return list(caught.value.problems)


def test_a_csv_table_loads_into_the_records_a_toml_file_gives(tmp_path: Path) -> None:
    from_toml = ducs.load(folder_in(tmp_path, "toml", dict(GOOD)))
    header = [*HEADER, "qualifier"]
    rows = [[*good_rows()[0], ""], [*good_rows()[1], "more_than"]]
    folder = folder_in(tmp_path, "csv", without_toml_observations())
    (folder / "observations.csv").write_text(csv_text(rows, header), encoding="utf-8")
    from_csv = ducs.load(folder)
    assert list(from_csv.observations) == list(from_toml.observations)
    assert from_csv.observations.get("o1").scope.province is from_csv.provinces.get("10@2008")
    assert from_csv.targets.get("t1").progress().status == from_toml.targets.get("t1").progress().status


def test_toml_and_tables_mix_and_tables_load_in_name_order(tmp_path: Path) -> None:
    folder = write(tmp_path, dict(GOOD))
    (folder / "observations-b.csv").write_text(csv_text([["o4", "services_share", "70", "2023", "province:10@2008",
                                                            "doc.txt"]]), encoding="utf-8")
    (folder / "observations.csv").write_text(csv_text([["o3", "services_share", "65", "2022-Q1", "province:10@2008",
                                                         "doc.txt; undated.txt#p. 2"]]), encoding="utf-8")
    ds = ducs.load(folder)
    assert ds.observations.keys() == ["o1", "o2", "o3", "o4"]
    assert [str(ref) for ref in ds.observations.get("o3").sources] == ["doc.txt", "undated.txt#p. 2"]


def test_a_bad_cell_names_file_row_line_and_column_in_the_words_toml_gets(tmp_path: Path) -> None:
    rows = good_rows()
    rows[1][2] = "81,7"
    folder = write(tmp_path, without_toml_observations())
    (folder / "observations.csv").write_text(csv_text(rows), encoding="utf-8")
    found = problems(folder)
    assert [str(p) for p in found] == [
        "observations.csv$.row 2.value (line 3, column 3): expected a number (got '81,7'); write Vietnamese "
        "'3.552' as 3552 and '81,7' as 81.7 [record 'o2'] (rule field.type)"]
    assert (found[0].line, found[0].column, found[0].path) == (3, 3, "row 2.value")


def test_lines_count_quoted_line_breaks(tmp_path: Path) -> None:
    header = [*HEADER, "note"]
    rows = [[*good_rows()[0], "a note\nover two lines"], [*good_rows()[1], ""]]
    rows[1][3] = "2021-Q5"
    folder = write(tmp_path, without_toml_observations())
    (folder / "observations.csv").write_text(csv_text(rows, header), encoding="utf-8")
    (problem,) = problems(folder)
    assert (problem.path, problem.line, problem.column, problem.rule) == ("row 2.period", 4, 4, "field.type")


def test_citations_are_checked_item_by_item(tmp_path: Path) -> None:
    rows = good_rows()
    rows[0][5] = "doc.txt#¶6; missing.txt"
    rows[1][5] = "doc.txt;;undated.txt"
    folder = write(tmp_path, without_toml_observations())
    (folder / "observations.csv").write_text(csv_text(rows), encoding="utf-8")
    found = {p.path: p for p in problems(folder)}
    assert found["row 1.sources[1]"].message.startswith("no source with key 'missing.txt'")
    assert found["row 2.sources"].message == "an empty citation: two ';' in a row, or one at either end"


@pytest.mark.parametrize(("header", "fragment"), [
    ([*HEADER, "colour"], "observations.csv$.colour (line 1, column 7): unexpected column 'colour'"),
    ([*HEADER[:2], "valu", *HEADER[3:]], "unexpected column 'valu'; did you mean: value?"),
    ([*HEADER, "value"], "column 'value' is given twice"),
    (HEADER[:5], "required column 'sources' is missing from the header"),
])
def test_header_problems(tmp_path: Path, header: list[str], fragment: str) -> None:
    rows = [row + [""] * (len(header) - len(row)) for row in good_rows()]
    rows = [row[: len(header)] for row in rows]
    folder = write(tmp_path, without_toml_observations())
    (folder / "observations.csv").write_text(csv_text(rows, header), encoding="utf-8")
    found = [str(p) for p in problems(folder)]
    assert any(fragment in text for text in found), found
    assert all("rule table.header" in text or "rule ref" in text or "rule series" in text for text in found)


def test_a_short_row_and_broken_quoting(tmp_path: Path) -> None:
    folder = write(tmp_path, without_toml_observations())
    text = csv_text(good_rows()) + "o3,services_share,1\n"
    (folder / "observations.csv").write_text(text, encoding="utf-8")
    (problem,) = problems(folder)
    assert (problem.rule, problem.path, problem.line) == ("table.row", "row 3", 4)
    (folder / "observations.csv").write_text(csv_text(good_rows()) + 'o3,"services_share"x,1,2,3,4\n', encoding="utf-8")
    (problem,) = problems(folder)
    assert (problem.rule, problem.line) == ("file.syntax", 4)


def test_bytes_are_checked_like_toml(tmp_path: Path) -> None:
    folder = write(tmp_path, without_toml_observations())
    (folder / "observations.csv").write_bytes(b"\xef\xbb\xbf" + csv_text(good_rows()).encode())
    assert [p.rule for p in problems(folder)] == ["file.bom"]
    (folder / "observations.csv").write_bytes(csv_text(good_rows()).encode() + b"o3,services_share,\xff,2021,national,doc.txt\n")
    (problem,) = problems(folder)
    assert (problem.rule, problem.line) == ("file.not_utf8", 4)


def test_bulk_tables_have_their_own_size_limit(tmp_path: Path) -> None:
    folder = write(tmp_path, without_toml_observations())
    (folder / "observations.csv").write_text(csv_text(good_rows()), encoding="utf-8")
    ducs.load(folder, max_bytes=2000)  # the TOML limit does not apply to tables
    (problem,) = problems(folder, max_table_bytes=100)
    assert problem.rule == "file.too_large" and problem.file == "observations.csv"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_like_a_table_is_refused_not_read(tmp_path: Path) -> None:
    folder = write(tmp_path, dict(GOOD))
    os.mkfifo(folder / "observations.csv")
    assert [p.rule for p in problems(folder)] == ["file.not_regular"]


def test_a_table_outside_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.csv").write_text(csv_text(good_rows()), encoding="utf-8")
    folder = folder_in(tmp_path, "fixtures", without_toml_observations())
    (folder / "observations.csv").symlink_to(tmp_path / "elsewhere.csv")
    assert [p.rule for p in problems(folder)] == ["file.outside_folder"]


def test_duplicates_and_series_clashes_across_toml_and_csv(tmp_path: Path) -> None:
    folder = write(tmp_path, dict(GOOD))
    rows = [["o1", "services_share", "50", "2019", "province:10@2008", "doc.txt"],
            ["o9", "services_share", "50", "2021-12", "province:10@2008", "doc.txt"]]
    (folder / "observations.csv").write_text(csv_text(rows), encoding="utf-8")
    found = {p.rule: p for p in problems(folder)}
    assert str(found["key.duplicate"]).startswith("observations.csv$.row 1.key (line 2, column 1): duplicate key 'o1'")
    clash = found["series.period_end"]
    assert (clash.file, clash.path, clash.line, clash.column) == ("observations.csv", "row 2.period", 3, 4)
    assert "'o2' (2021, observations.toml$.observation[1])" in clash.message


def test_derived_columns_must_agree(tmp_path: Path) -> None:
    header = [*HEADER, "year", "province", "period_end"]
    rows = [[*good_rows()[0], "2022", "10@2008", "2022-04-27"], [*good_rows()[1], "2020", "", "2021-12-30"]]
    folder = write(tmp_path, without_toml_observations())
    (folder / "observations.csv").write_text(csv_text(rows, header), encoding="utf-8")
    found = problems(folder)
    assert [(p.path, p.rule) for p in found] == [("row 2.year", "table.derived"), ("row 2.period_end", "table.derived")]
    assert "derived column 'year' says '2020', but the record gives '2021'" in found[0].message


def test_other_tables_are_unexpected(tmp_path: Path) -> None:
    folder = write(tmp_path, dict(GOOD))
    (folder / "targets.csv").write_text("key\n", encoding="utf-8")
    (folder / "observation.csv").write_text("key\n", encoding="utf-8")
    found = sorted(str(p) for p in problems(folder))
    assert found[0].startswith("observation.csv: unexpected file; only observations may come as CSV or Parquet")
    assert found[1].startswith("targets.csv: unexpected file")


def test_a_table_lists_its_first_problems_and_counts_the_rest(tmp_path: Path) -> None:
    from ducs.bulk import MAX_LISTED

    rows = [[f"k{i}", "services_share", "-1", f"{1995 + i % 25}-{1 + i // 25 % 12:02d}", f"agency:a{i}", "doc.txt"]
            for i in range(MAX_LISTED + 5)]
    folder = write(tmp_path, without_toml_observations())
    (folder / "observations.csv").write_text(csv_text(rows), encoding="utf-8")
    found = problems(folder)
    assert len(found) == MAX_LISTED + 1
    assert found[-1].message.startswith("5 more problems of rule value.share")


def test_a_million_rows_with_one_bad_row_names_that_row(tmp_path: Path) -> None:
    """The issue's promise, at full size: the one bad row of a 1,000,000-row table is named."""
    folder = write(tmp_path, without_toml_observations())
    bad = 765_432
    with open(folder / "observations.csv", "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(HEADER) + "\n")
        for i in range(1, 1_000_001):
            value = "12.5%" if i == bad else "12.5"
            handle.write(f"m{i},services_share,{value},{1995 + i % 30}-{1 + i // 30 % 12:02d},agency:a{i // 360},doc.txt\n")
    (problem,) = problems(folder)
    assert (problem.file, problem.path, problem.line, problem.column) == ("observations.csv", f"row {bad}.value", bad + 1, 3)
    assert problem.message == "expected a number (got '12.5%')" and problem.record == f"m{bad}"


# --- Parquet ----------------------------------------------------------------------------------


def test_a_parquet_table_loads_like_csv(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = good_rows()
    table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(HEADER)} | {
        "value": pa.array([81.7, 60.0]), "estimate": pa.array([False, None])})
    folder = write(tmp_path, without_toml_observations())
    pq.write_table(table, folder / "observations.parquet")
    ds = ducs.load(folder)
    assert ds.observations.get("o1").value == 81.7 and ds.observations.get("o2").estimate is False


def test_a_bad_parquet_cell_names_the_row(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = good_rows()
    table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(HEADER)} | {
        "value": pa.array([81.7, math.nan])})
    folder = write(tmp_path, without_toml_observations())
    pq.write_table(table, folder / "observations.parquet")
    (problem,) = problems(folder)
    assert (problem.path, problem.rule, problem.line) == ("row 2.value", "number.finite", None)
    (folder / "observations.parquet").write_bytes(b"PAR1 not really")
    assert [p.rule for p in problems(folder)] == ["file.syntax"]


def test_parquet_without_the_arrow_extra_is_a_problem_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(**_options: Any) -> Any:
        raise MissingExtraError("pyarrow", "arrow")

    monkeypatch.setattr("ducs.bulk.import_arrow", missing)
    folder = write(tmp_path, dict(GOOD))
    (folder / "observations-more.parquet").write_bytes(b"")
    (problem,) = problems(folder)
    assert problem.rule == "file.needs_extra"
    assert "pip install 'ducs[arrow]'" in problem.message


# --- the same problems, TOML or CSV -----------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\r\x00"), max_size=6)
_CELLS = {
    "key": st.sampled_from(["o1", "o2", "k", " k", "", "a\u200bb", "x\x1b"]) | _TEXT,
    "indicator": st.sampled_from(["services_share", "service_share", "", "unknown"]),
    "value": st.sampled_from(["81.7", "-3", "101", "1e400", "nan", "81,7", "", "0", "1.5e2", "abc", "true"]),
    "period": st.sampled_from(["2022", "2022-Q1", "2021-12", "2022-04-27", "2026", "1980", "2022-13", "", "Q2-2022"]),
    "scope": st.sampled_from(["province:10@2008", "province:15@2025", "province:Lào Cai", "national",
                              "agency:MIC", "planet:x", ""]),
    "sources": st.sampled_from(["doc.txt", "doc.txt#¶6; undated.txt", "missing.txt", "doc.txt;", "", "unknown"]),
    "qualifier": st.sampled_from(["", "about", "more_than", "roughly"]),
    "denominator": st.sampled_from(["", "100", "0", "50", "x"]),
    "session": st.sampled_from(["", "unknown", "ncdt-2"]),
    "match": st.sampled_from(["", "exact", "proxy", "none", "maybe"]),
    "target": st.sampled_from(["", "t1", "t9"]),
    "estimate": st.sampled_from(["", "true", "false", "1", "yes"]),
    "reported": st.sampled_from(["", "said so"]) | _TEXT,
    "note": _TEXT,
    "disagreement": st.sampled_from(["", "other source"]),
    "confidence": st.sampled_from(["", "high", "low", "certain"]),
    "restated": st.sampled_from(["", "false", "true", "FALSE", "2"]),
}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    escaped = "".join(ch if ch.isprintable() and ch not in '"\\' else f"\\U{ord(ch):08x}" for ch in value)
    return f'"{escaped}"'


def _toml(rows: list[dict[str, str]]) -> str:
    """The rows as [[observation]] tables, each cell as the value decode_cell makes of it."""
    schema = SCHEMAS["observations"]
    parts = []
    for row in rows:
        lines = ["[[observation]]"]
        for name, text in row.items():
            try:
                value = decode_cell(schema.column(name), text)
            except ValueError:
                value = text  # a cell that is not even a list of citations: compared separately
            if value is not ABSENT:
                lines.append(f"{name} = {_toml_value(value)}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _normal(problem: ducs.Problem) -> tuple[str, str, str | None, str]:
    path = re.sub(r"^observation\[(\d+)\]", lambda m: f"row {int(m.group(1)) + 1}", problem.path)
    message = re.sub(r"observations\.toml\$\.observation\[(\d+)\]",
                     lambda m: f"observations.csv$.row {int(m.group(1)) + 1}", problem.message)
    return path, message, problem.record, problem.rule


_REQUIRED = ("key", "indicator", "value", "period", "scope", "sources")


@settings(max_examples=int(os.environ.get("DUCS_TWINS", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries({name: _CELLS[name] for name in _REQUIRED},
                                      optional={name: cells for name, cells in _CELLS.items() if name not in _REQUIRED}),
                min_size=1, max_size=4))
def test_a_row_breaks_the_rules_its_toml_twin_breaks(tmp_path_factory: pytest.TempPathFactory,
                                                       rows: list[dict[str, str]]) -> None:
    rows = [{name: text for name, text in row.items() if "\n" not in text} for row in rows]
    if any(";" in row.get("sources", "") and "" in [s.strip() for s in row["sources"].split(";")] for row in rows):
        return  # an empty citation is a CSV-only mistake (tested above)
    base = tmp_path_factory.mktemp("twins")
    toml_folder = folder_in(base, "toml", dict(GOOD))
    (toml_folder / "observations.toml").write_text(_toml(rows), encoding="utf-8")
    csv_folder = folder_in(base, "csv", without_toml_observations())
    header = [name for name in COLUMNS if any(name in row for row in rows)]
    # a header without a required column is one problem for the table, not one per row
    assume(set(_REQUIRED) <= set(header))
    table = [[row.get(name, "") for name in header] for row in rows]
    (csv_folder / "observations.csv").write_text(csv_text(table, header), encoding="utf-8")

    def outcome(folder: Path) -> list[tuple[str, str, str | None, str]] | list[Any]:
        try:
            return sorted(repr(o) for o in ducs.load(folder).observations)
        except FixtureError as exc:
            return sorted(_normal(p) for p in exc.problems if p.file.startswith("observations"))

    from_toml = outcome(toml_folder)
    from_csv = outcome(csv_folder)
    assert from_csv == from_toml


def test_the_twin_writer_is_faithful() -> None:
    text = _toml([{"key": "k", "value": "1e400", "estimate": "1", "sources": "a; b", "note": 'say "hi"\x1b'}])
    parsed = tomllib.loads(text)["observation"][0]
    assert parsed["value"] == math.inf and parsed["estimate"] is True and parsed["sources"] == ["a", "b"]
    assert parsed["note"] == 'say "hi"\x1b'
