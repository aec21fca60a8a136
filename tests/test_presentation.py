"""Views: data frames, plots (rendered headless), HTML display, the text report and the CLI."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import ducs
import ducs.rules
from ducs.cli import main
from ducs.errors import MissingExtraError

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def test_progress_frame_has_one_row_per_task_and_target(ds) -> None:
    result = ds.plans.get(2022).progress()
    frame = result.frame()
    assert set(frame["task"].dropna()) == {t.key for t in ds.tasks if t.plan.year == 2022}
    outside = frame[frame["task"].isna()]
    assert set(outside["target"]) == {t.target.key for t in result.unattached}
    assert set(frame["plan_status"]) == {result.status.value}  # the frame says what the text says
    row = frame[frame["target"] == "einvoice_enterprise_share"].iloc[0]
    assert row["target_status"] == "target_met" and row["score"] == 5.0


def test_missing_extra_names_the_extra(ds, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'ducs\[pandas\]'"):
        ds.frame("observations")


def test_html_display_of_dataset_session_province_and_progress(ds) -> None:
    assert "<table" in ds._repr_html_() and "Ủy ban Quốc gia" in ds._repr_html_()
    assert "hybrid" in ds.sessions.get(2)._repr_html_()
    assert "Hà Giang" in ds.provinces.get("Hà Giang")._repr_html_()
    html = ds.plans.get(2022).progress()._repr_html_()
    assert "Phổ cập hóa đơn điện tử" in html and "target_met" in html
    assert "18 plans" not in ds.tasks._repr_html_() and "tasks" in ds.tasks._repr_html_()
    assert repr(ds.sessions.get(2)) == "Session('ncdt', number=2, date=2022-04-27)"


def test_report_text_names_committee_chair_and_sessions(ds) -> None:
    from ducs.report import overview

    text = overview(ds)
    for fragment in ("National Committee on Digital Transformation", "Phạm Minh Chính", "Sessions (10)",
                     "18 tasks declared", "Cited figures per pillar", "Coverage", "000_352dfded16563b3a.txt"):
        assert fragment in text


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_commands_print_and_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "report")
    assert code == 0 and "Sessions (10)" in out
    code, out, _ = run_cli(capsys, "progress", "2022", "--as-of", "2022-04-30")
    assert code == 0 and "as of 2022-04-30" in out
    code, out, _ = run_cli(capsys, "progress", "2022", "--pillar", "digital_economy", "--json")
    data = json.loads(out)
    assert code == 0 and all(t["task"]["pillar"] == "digital_economy" for t in data["tasks"])
    code, out, _ = run_cli(capsys, "province", "ha giang")
    assert code == 0 and "Tuyên Quang" in out and "28/08" in out
    code, out, _ = run_cli(capsys, "session", "2")
    assert code == 0 and "sources disagree" in out and "Lào Cai" in out
    code, out, _ = run_cli(capsys, "session", "ncdt-2022-12-25", "--json")
    assert code == 0 and json.loads(out)["number"] is None
    code, out, _ = run_cli(capsys, "sources", "--json")
    assert code == 0 and len(json.loads(out)) >= 5


def test_cli_errors_and_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(capsys, "province", "Ha Gang")
    assert code == 1 and "did you mean: Hà Giang" in err
    code, out, _ = run_cli(capsys, "province", "Lào Cai")
    assert code == 0 and "15@2025" in out  # the unit in force at the cut-off
    code, _, err = run_cli(capsys, "province", "Yên Bái", "--as-of", "2026-01-01")
    assert code == 1 and "was merged into Lào Cai (15@2025)" in err
    assert run_cli(capsys, "nonsense")[0] == 2
    assert run_cli(capsys, "progress", "2022", "--as-of", "yesterday")[0] == 2


def test_cli_validate_lists_every_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "meta.toml").write_text('[dataset]\ntitle = "t"\ndata_version = "1"\ncutoff = 2025-01-01\n', encoding="utf-8")
    (tmp_path / "indicators.toml").write_text(
        '[[indicator]]\nkey = "a"\nname_vi = "unknown"\nname_en = "A"\nunit = "percent"\n'
        'pillar = "digital_govt"\ndirection = "up"\n', encoding="utf-8")
    (tmp_path / "observations.toml").write_text(
        '[[observation]]\nkey = "o"\nindicator = "a"\nvalue = "81,7"\nperiod = "2022-Q5"\nsources = ["x"]\n',
        encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", str(tmp_path))
    assert code == 1
    for fragment in ("indicators.toml$.indicator[0].pillar", "indicators.toml$.indicator[0].direction",
                     "observations.toml$.observation[0].period", "observations.toml$.observation[0].value",
                     "observations.toml$.observation[0].sources[0]"):
        assert fragment in out
    code, out, _ = run_cli(capsys, "validate", str(tmp_path), "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["count"] == len(report["problems"])
    assert {p["file"] for p in report["problems"]} == {"indicators.toml", "observations.toml"}
    for problem in report["problems"]:  # the stable schema of ducs validate --json
        assert set(problem) == {"file", "record", "field", "line", "column", "rule", "message"}
        assert problem["rule"] in ducs.rules.RULES
    code, out, _ = run_cli(capsys, "validate", str(ducs.loader.bundled_seeds()))
    assert code == 0 and out.startswith("ok")


def test_cli_plots_writes_three_pngs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run_cli(capsys, "plots", str(tmp_path / "figs"))
    names = sorted(Path(line).name for line in out.split())
    assert code == 0 and names == ["dti-2022-compare.png", "fibre-households.png", "plan-2022.png"]
    for name in names:
        assert (tmp_path / "figs" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
