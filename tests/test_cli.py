"""The command line: every failure is one line and the documented exit code, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ducs
import ducs.loader
from ducs.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def shell(*argv: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ducs", *argv], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=120, encoding="utf-8", errors="replace")


def test_version_names_code_and_data(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(["--version"])
    assert done.value.code == 0
    assert f"ducs {ducs.__version__} (data {ducs.__data_version__})" in capsys.readouterr().out


def test_every_subcommand_and_argument_has_a_description() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, command in subparsers.choices.items():  # type: ignore[attr-defined]
        assert command.description, name
        for action in command._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.dest}"


def test_global_options_work_before_and_after_the_subcommand(capsys) -> None:
    seeds = str(ducs.loader.bundled_seeds())
    first = run(capsys, "--data", seeds, "session", "2", "--json")
    second = run(capsys, "session", "2", "--json", "--data", seeds)
    assert first[0] == second[0] == 0 and json.loads(first[1]) == json.loads(second[1])


@pytest.mark.parametrize("argv, code, message", [
    (["session", "²"], 1, "no session '²'"),
    (["session", "9" * 5000], 1, "no session '99999"),
    (["validate", ""], 2, "validate needs a folder"),
    (["progress", "2022", "--pillar", "economy"], 1, "did you mean: digital_economy"),
    (["progress", "2022", "--as-of", "soon"], 2, "expected a period"),
    (["province", "Yên Bái", "--as-of", "2026-01-01"], 1, "was merged into Lào Cai (15@2025)"),
    (["province", "Attack\x1b[31m share"], 1, "no province"),
])
def test_odd_arguments_give_one_line_and_the_exit_code(capsys, argv, code, message) -> None:
    got, out, err = run(capsys, *argv)
    assert got == code and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "\x1b" not in err  # nothing from the arguments reaches the terminal as an escape


def test_unwritable_figure_folder_is_a_usage_error(capsys, tmp_path) -> None:
    pytest.importorskip("matplotlib")
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    code, _, err = run(capsys, "plots", str(blocked / "inside"))
    assert code == 2 and err.startswith("ducs: cannot write figures to")


def test_missing_extra_is_one_line_naming_the_pip_command(capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    code, _, err = run(capsys, "plots", "somewhere")
    assert code == 2 and err.strip() == (
        "ducs: this feature needs 'matplotlib', which is not installed; install it with: pip install 'ducs[plot]'")


def test_report_json_carries_every_section_of_the_text(capsys) -> None:
    code, out, _ = run(capsys, "report", "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) >= {"committee", "sessions", "tasks_2022", "plan_2022_headline", "figures_per_pillar",
                         "coverage", "primary_sources", "most_cited"}
    assert data["plan_2022_headline"].startswith("2022 plan as of 2025-11-30")


def test_a_closed_pipe_ends_quietly() -> None:
    done = subprocess.run(f"'{sys.executable}' -m ducs report --json | head -1", shell=True, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "{" and "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_an_ascii_terminal_gets_names_without_marks() -> None:
    done = shell("province", "Hà Giang", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0 and "Ha Giang (Ha Giang)" in done.stdout and "Tuyen Quang" in done.stdout
    as_json = shell("session", "2", "--json", env={"PYTHONIOENCODING": "ascii"})
    assert as_json.returncode == 0 and json.loads(as_json.stdout)["chair"]["name"] == "Phạm Minh Chính"


def test_validate_json_has_a_stable_schema(capsys, tmp_path) -> None:
    from tests.helpers import GOOD, write

    folder = write(tmp_path, {**GOOD, "observations.toml": GOOD["observations.toml"].replace("value = 81.7", "value = nan")})
    code, out, _ = run(capsys, "validate", str(folder), "--json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and data["count"] == 1
    assert data["problems"] == [{"file": "observations.toml", "record": "o1", "field": "observation[0].value",
                                 "line": None, "column": None, "rule": "number.finite",
                                 "message": "expected a finite number (got nan)"}]
