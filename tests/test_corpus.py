"""The proof of issue 15: a corpus of bad fixture sets, one defect each, every one reported exactly.

The cases live in ``tests/corpus/cases.toml`` (format in ``tests/corpus/README.md``). Each is the
valid folder ``tests.helpers.GOOD_FULL`` with one defect; the test builds it in a temporary
folder and asserts that ``ducs.load`` raises :class:`~ducs.errors.FixtureError` with a problem
whose file, record, field path and rule id are exactly the expected ones, and that
``ducs validate PATH --json`` exits 1 and lists the same problem. JSON cases go through
``ducs.from_json``. Every load runs under a time limit: a hang fails the test, not the run.
"""

from __future__ import annotations

import functools
import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

import ducs
from ducs.cli import main
from ducs.errors import FixtureError, MissingExtraError, Problem
from ducs.rules import RULES
from tests.helpers import GOOD_FULL, INDICATORS, OBSERVATIONS, within, write

CORPUS = Path(__file__).parent / "corpus" / "cases.toml"
CASES: list[dict[str, Any]] = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["case"]
BY_NAME = {case["name"]: case for case in CASES}
LIMIT = 20.0  # seconds for one load; a good load takes milliseconds

# Rules no fixture folder can break, with the reason; the JSON door covers each of them.
UNREACHABLE_FROM_FOLDER = {
    "text.surrogate": (
        "a TOML file cannot hold a lone surrogate: tomllib rejects the escape \\ud800 (file.syntax) and "
        "strict UTF-8 decoding rejects an encoded surrogate (file.not_utf8); JSON can (\"\\ud800\")"),
    "json.syntax": "applies to ducs.from_json only (malformed JSON, NaN/Infinity, not an object)",
}

# The CLI's JSON is not Problem.to_dict today: `ducs validate --json` prints only
# {"file", "path", "message"} (no "field", "record", "rule", "line", "column").
CLI_JSON_GAP = ("GAP: `ducs validate PATH --json` prints [{file, path, message}] instead of Problem.to_dict() "
                "({file, record, field, line, column, rule, message}), so no rule id or record reaches a tool")


def is_json(case: dict[str, Any]) -> bool:
    return str(case.get("kind", "")).startswith("json")


def params(cases: list[dict[str, Any]], *, cli_gap: bool = False) -> list[Any]:
    out = []
    for case in cases:
        marks = []
        if case.get("gap"):
            marks.append(pytest.mark.xfail(strict=True, reason=f"GAP: {case['gap']}"))
        elif cli_gap:
            marks.append(pytest.mark.xfail(strict=True, reason=CLI_JSON_GAP))
        out.append(pytest.param(case, id=case["name"], marks=marks))
    return out


# --- building a case ----------------------------------------------------------------------------


def _once(text: str, find: str, name: str) -> None:
    assert text.count(find) == 1, f"case {name!r}: {find!r} occurs {text.count(find)} times, not once"


def _outside_fixture() -> str:
    """Valid observation records with keys of their own: they would load if the symlink were followed."""
    return OBSERVATIONS.replace('key = "o1"', 'key = "x1"').replace('key = "o2"', 'key = "x2"').replace(
        'period = "2021"', 'period = "2020"').replace('period = "2022-04-27"', 'period = "2020-06-30"')


def build_folder(case: dict[str, Any], tmp_path: Path, base: dict[str, str] | None = None) -> Path:
    """The good folder with the case's defect, in ``tmp_path/fixtures`` (created if missing)."""
    folder = tmp_path / "fixtures"
    if not folder.exists():
        folder.mkdir()
        write(folder, GOOD_FULL if base is None else base)
    apply_defect(case, folder, tmp_path)
    return folder


def apply_defect(case: dict[str, Any], folder: Path, tmp_path: Path) -> None:
    kind = case.get("kind", "replace")
    name = case["name"]
    path = folder / case["file"]
    if kind == "replace":
        text = path.read_text(encoding="utf-8")
        _once(text, case["find"], name)
        path.write_text(text.replace(case["find"], case["replace"]), encoding="utf-8")
    elif kind == "append":
        path.write_text(path.read_text(encoding="utf-8") + case["text"], encoding="utf-8")
    elif kind == "write":
        path.write_text(case["text"], encoding="utf-8")
    elif kind == "delete":
        path.unlink()
    elif kind == "package":  # an exported folder's descriptor in place of meta.toml
        (folder / "meta.toml").unlink()
        path.write_text(case["text"], encoding="utf-8")
    elif kind == "bytes":
        data, find = path.read_bytes(), case["find"].encode()
        assert data.count(find) == 1, name
        path.write_bytes(data.replace(find, bytes.fromhex(case["replace_hex"])))
    elif kind == "encode":
        path.write_bytes(path.read_text(encoding="utf-8").encode(case["encoding"]))
    elif kind == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    elif kind == "truncate":
        text = path.read_text(encoding="utf-8")
        _once(text, case["after"], name)
        path.write_text(text[: text.index(case["after"]) + len(case["after"])], encoding="utf-8")
    elif kind == "nested":
        text = path.read_text(encoding="utf-8")
        _once(text, case["find"], name)
        depth = case["depth"]
        nest = case["prefix"] + case["open"] * depth + case["inner"] + case["close"] * depth
        path.write_text(text.replace(case["find"], case["find"] + nest), encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "symlink":
        target = case["target"]
        if target == "outside":
            outside = tmp_path / "outside.toml"
            outside.write_text(_outside_fixture(), encoding="utf-8")
            path.symlink_to(outside)
        elif target == "dangling":
            path.symlink_to(folder / "no-such-file.toml")
        else:
            path.symlink_to(target)
    elif kind == "sparse":
        with open(path, "wb") as handle:
            handle.truncate(case["size"])
    else:
        raise AssertionError(f"case {name!r}: unknown kind {kind!r}")


@functools.cache
def good_json() -> str:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return ducs.to_json(ducs.load(write(Path(tmp), GOOD_FULL)))


def json_input(case: dict[str, Any]) -> str | bytes:
    kind, name = case["kind"], case["name"]
    text = good_json()
    if kind == "json_text":
        return str(case["text"])
    if kind == "json_bom":
        return "\ufeff" + text
    _once(text, case["find"], name)
    if kind == "json_replace":
        return text.replace(case["find"], case["replace"])
    if kind == "json_bytes":
        return text.encode().replace(case["find"].encode(), bytes.fromhex(case["replace_hex"]))
    if kind == "json_nested":
        depth = case["depth"]
        key = case["find"].split(":")[0]
        return text.replace(case["find"], f"{key}: " + "[" * depth + "]" * depth)
    raise AssertionError(f"case {name!r}: unknown kind {kind!r}")


# --- checking ---------------------------------------------------------------------------------


def matches(problem: Problem, expect: dict[str, Any]) -> bool:
    return (problem.file == expect["file"] and problem.record == expect.get("record")
            and problem.path == expect["path"] and problem.rule == expect["rule"]
            and all(getattr(problem, where) == expect[where] for where in ("line", "column") if where in expect))


def problems_of_case(case: dict[str, Any], tmp_path: Path) -> tuple[tuple[Problem, ...], set[str]]:
    """The problems the case raises, and the file names a problem may name."""
    if is_json(case):
        payload = json_input(case)
        call = lambda: ducs.from_json(payload)
        names = {"<json>"}
    else:
        folder = build_folder(case, tmp_path)
        max_bytes = case.get("max_bytes")
        call = lambda: ducs.load(folder, max_bytes=max_bytes)
        names = {path.name for path in folder.iterdir()} | {"meta.toml"}
    try:
        dataset = within(LIMIT, call)
    except FixtureError as exc:
        return exc.problems, names
    pytest.fail(f"accepted silently: {dataset!r}")


def expected_text(expect: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in expect.items())


def arrow_as_case_says(case: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A case with ``without_arrow = true`` runs as if the arrow extra were not installed."""
    if case.get("without_arrow"):
        def missing(**_options: Any) -> Any:
            raise MissingExtraError("pyarrow", "arrow")

        monkeypatch.setattr("ducs.bulk.import_arrow", missing)
        monkeypatch.setattr("ducs.loader.arrow_or_none", lambda: None)


@pytest.mark.parametrize("case", params(CASES))
def test_case_is_reported_exactly(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    arrow_as_case_says(case, monkeypatch)
    problems, names = problems_of_case(case, tmp_path)
    assert problems, "FixtureError without problems"
    assert all(p.rule in RULES for p in problems), [str(p) for p in problems if p.rule not in RULES]
    assert all(p.file in names for p in problems), [str(p) for p in problems if p.file not in names]
    found = [p for p in problems if matches(p, case["expect"])]
    assert found, (f"expected a problem with {expected_text(case['expect'])}; got:\n"
                   + "\n".join(f"  {p!r}" for p in problems))


FOLDER_CASES = [case for case in CASES if not is_json(case) and "max_bytes" not in case]


def validate_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, Any]:
    capsys.readouterr()
    code = within(LIMIT, lambda: main(["validate", str(folder), "--json"]))
    out = capsys.readouterr().out
    if not out.strip():
        return code, None
    report = json.loads(out)  # {"ok", "count", "problems": [Problem.to_dict(), ...]}
    assert report["count"] == len(report["problems"]) and report["ok"] is (code == 0)
    return code, report["problems"]


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``ducs validate --json`` of a case's folder, run once per case and shared by the CLI tests."""
    done: dict[str, tuple[int, Any]] = {}

    def run(case: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> tuple[int, Any]:
        if case["name"] not in done:
            done[case["name"]] = validate_json(build_folder(case, tmp_path_factory.mktemp("cli")), capsys)
        return done[case["name"]]

    return run


@pytest.mark.parametrize("case", params(FOLDER_CASES))
def test_cli_validate_exits_1_naming_the_file(case: dict[str, Any], cli_runs: Any, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    arrow_as_case_says(case, monkeypatch)
    code, listed = cli_runs(case, capsys)
    assert code == 1
    assert isinstance(listed, list) and listed
    assert any(item.get("file") == case["expect"]["file"] for item in listed), listed


@pytest.mark.parametrize("case", params(FOLDER_CASES))
def test_cli_validate_json_lists_the_problem(case: dict[str, Any], cli_runs: Any, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    arrow_as_case_says(case, monkeypatch)
    expect = case["expect"]
    code, listed = cli_runs(case, capsys)
    assert code == 1
    schema = {"file", "record", "field", "line", "column", "rule", "message"}
    assert all(set(item) == schema for item in listed), listed
    assert any(item["file"] == expect["file"] and item["record"] == expect.get("record")
               and item["field"] == expect["path"] and item["rule"] == expect["rule"] for item in listed), listed


# --- the corpus itself --------------------------------------------------------------------------


def test_corpus_has_at_least_80_distinct_cases() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names repeat"
    assert len(CASES) >= 80


def test_every_case_expects_a_declared_rule_and_a_known_origin() -> None:
    for case in CASES:
        assert case["expect"]["rule"] in RULES, case["name"]
        assert case.get("issue") in {"silent", "place", "crash", "rule"}, case["name"]
        assert set(case["expect"]) <= {"file", "record", "path", "rule", "line", "column"}, case["name"]


def test_corpus_covers_every_rule() -> None:
    folder_rules = {case["expect"]["rule"] for case in CASES if not is_json(case)}
    json_rules = {case["expect"]["rule"] for case in CASES if is_json(case)}
    assert set(RULES) - folder_rules == set(UNREACHABLE_FROM_FOLDER), sorted(set(RULES) - folder_rules)
    assert set(UNREACHABLE_FROM_FOLDER) <= json_rules


def test_the_good_base_loads(tmp_path: Path) -> None:
    ds = ducs.load(write(tmp_path, GOOD_FULL))
    again = ducs.from_json(good_json())
    for kind in ducs.model.KINDS:
        assert len(ds.records(kind.name)) >= 1, kind.name
        assert list(again.records(kind.name)) == list(ds.records(kind.name)), kind.name


# --- several defects at once ------------------------------------------------------------------

# One defect in each of nine files, none hiding another: every one is reported in one run.
MULTI = [
    "meta-extra-table",            # meta.toml
    "two-sources-one-url",         # sources-web.toml
    "indicators-of-a-concept-with-one-measure",  # indicators-extra.toml
    "value-nan",                   # observations.toml
    "deadline-9999-12-31",         # targets.toml
    "session-in-2099",             # sessions.toml
    "plan-tasks-declared-negative",  # plans.toml
    "fifo-named-like-a-fixture",   # observations-fifo.toml
]
THEMES_NOT_UTF8 = {"name": "themes-not-utf8", "kind": "bytes", "file": "themes.toml",
                   "find": 'theme_en = "Digital data"', "replace_hex": "7468656d655f656e203d2022ff22",
                   "expect": {"file": "themes.toml", "path": "", "rule": "file.not_utf8", "line": 5, "column": 13}}


def multi_folder(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    write(folder, GOOD_FULL)
    cases = [BY_NAME[name] for name in MULTI] + [THEMES_NOT_UTF8]
    assert len({case["file"] for case in cases}) == len(cases)
    for case in cases:
        apply_defect(case, folder, tmp_path)
    return folder, cases


def test_every_defect_of_a_multi_defect_folder_is_reported(tmp_path: Path) -> None:
    folder, cases = multi_folder(tmp_path)
    with pytest.raises(FixtureError) as caught:
        within(LIMIT, lambda: ducs.load(folder))
    problems = caught.value.problems
    missing = [case["name"] for case in cases if not any(matches(p, case["expect"]) for p in problems)]
    assert not missing, (missing, [str(p) for p in problems])


def test_cli_lists_every_defect_of_a_multi_defect_folder(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    folder, cases = multi_folder(tmp_path)
    code, listed = validate_json(folder, capsys)
    assert code == 1
    for case in cases:
        expect = case["expect"]
        assert any(item["file"] == expect["file"] and item["field"] == expect["path"]
                   and item["rule"] == expect["rule"] for item in listed), case["name"]


def test_cli_text_names_every_file_of_a_multi_defect_folder(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder, cases = multi_folder(tmp_path)
    capsys.readouterr()
    assert within(LIMIT, lambda: main(["validate", str(folder)])) == 1
    out = capsys.readouterr().out
    assert all(case["expect"]["file"] in out for case in cases), out


def test_two_defects_in_one_record_are_both_reported(tmp_path: Path) -> None:
    """A bad value and a bad citation in one observation: neither hides the other."""
    folder = build_folder({"name": "two in one", "file": "observations.toml", "find": "value = 81.7",
                           "replace": "value = nan\nqualifier = \"roughly\""}, tmp_path)
    with pytest.raises(FixtureError) as caught:
        ducs.load(folder)
    rules = {(p.path, p.rule) for p in caught.value.problems}
    assert {("observation[0].value", "number.finite"), ("observation[0].qualifier", "field.type")} <= rules


def test_a_broken_reference_does_not_hide_the_records_own_defects(tmp_path: Path) -> None:
    base = {**GOOD_FULL, "indicators.toml": INDICATORS.replace('"higher"', '"up"')}
    folder = build_folder(BY_NAME["observation-period-1900"], tmp_path, base)
    with pytest.raises(FixtureError) as caught:
        ducs.load(folder)
    found = {(p.file, p.record, p.path, p.rule) for p in caught.value.problems}
    assert ("indicators.toml", "services_share", "indicator[0].direction", "field.type") in found
    assert ("observations.toml", "o2", "observation[1].indicator", "ref.unknown") in found
    assert ("observations.toml", "o2", "observation[1].period", "date.window") in found


def test_many_bad_references_to_a_small_kind_validate_quickly(tmp_path: Path) -> None:
    """5,000 observations, 1,000 of them naming an unknown indicator (7 indicators): all reported, fast."""
    rows = []
    for index in range(5000):
        indicator = "services_share" if index % 5 else f"servces_share_{index % 500}"
        rows.append(f'[[observation]]\nkey = "b{index}"\nindicator = "{indicator}"\nvalue = 50\n'
                    f'period = "{1995 + index % 30}"\nscope = "agency:a{index}"\nsources = ["doc.txt"]\n')
    folder = write(tmp_path, {**GOOD_FULL, "observations-bulk.toml": "\n".join(rows)})
    with pytest.raises(FixtureError) as caught:
        within(60, lambda: ducs.load(folder))
    assert len(caught.value.problems) == 1000
    assert all(p.rule == "ref.unknown" and p.file == "observations-bulk.toml" for p in caught.value.problems)


def _bulk_sources(tmp_path: Path, sources: int, bad: int) -> Path:
    """``sources`` sources and ``bad`` observations each citing a distinct unknown source id."""
    rows = [f'[[source]]\nid = "bulk-{i:05d}.txt"\nkind = "news_report"\npublisher = "P"\ntitle = "T{i}"\n'
            f'published = "unknown"\nlanguage = "vi"\n' for i in range(sources)]
    cites = [f'[[observation]]\nkey = "b{i}"\nindicator = "services_share"\nvalue = 50\nperiod = "2020"\n'
             f'scope = "agency:a{i}"\nsources = ["bulk-{i:05d}.tx"]\n' for i in range(bad)]
    return write(tmp_path, {**GOOD_FULL, "sources-bulk.toml": "\n".join(rows),
                            "observations-bulk.toml": "\n".join(cites)})


def test_suggestions_for_bad_references_are_not_quadratic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: the folds and difflib comparisons made stay linear in keys + bad references."""
    import difflib

    import ducs.text

    sources, bad = 500, 50
    folder = _bulk_sources(tmp_path, sources, bad)
    work = {"fold": 0, "compare": 0}
    fold, set_seq1 = ducs.text.fold, difflib.SequenceMatcher.set_seq1

    def counting_fold(text: str) -> str:
        work["fold"] += 1
        return fold(text)

    def counting_set_seq1(self: difflib.SequenceMatcher[str], a: str) -> None:
        work["compare"] += 1
        set_seq1(self, a)

    monkeypatch.setattr(ducs.text, "fold", counting_fold)
    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counting_set_seq1)
    with pytest.raises(FixtureError) as caught:
        within(60, lambda: ducs.load(folder))
    assert sum(p.rule == "ref.unknown" for p in caught.value.problems) == bad
    assert work["fold"] + work["compare"] <= 20 * (sources + bad), work


# --- the other door: the command line on odd input (issue 15, "Crashed or hung": the CLI) -------

PYTHON_WORDS = ("Traceback", "invalid literal for int()", "int_max_str_digits", "codec can't encode", "Errno")


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = within(LIMIT, lambda: main(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_validate_of_an_empty_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """`ducs validate ""` used to validate the current folder; it is a usage error (exit 2)."""
    code, out, err = run_cli(["validate", "", "--json"], capsys)
    assert code == 2 and out == ""
    assert not any(word in out + err for word in PYTHON_WORDS)
    assert err.strip() == "ducs: validate needs a folder (got an empty path)"


def test_cli_session_superscript_two(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["session", "²"], capsys)
    assert code in (1, 2)
    assert err.count("\n") <= 1 and not any(word in out + err for word in PYTHON_WORDS), err


def test_cli_session_5000_digits(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["session", "9" * 5000], capsys)
    assert code in (1, 2)
    assert err.count("\n") <= 1 and not any(word in out + err for word in PYTHON_WORDS), err[:300]


def test_cli_works_with_an_ascii_only_output(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii", errors="strict"))
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict"))
    code = within(LIMIT, lambda: main(["session", "2"]))
    sys.stdout.flush()
    assert code == 0
    assert b"session 2" in raw.getvalue()


def test_cli_plots_into_an_impossible_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    code, out, err = run_cli(["plots", str(blocker / "figures")], capsys)
    assert code in (1, 2)
    assert not any(word in out + err for word in ("Traceback",)), err


def test_cli_broken_pipe_ends_quietly() -> None:
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(Path(ducs.__file__).parents[1]),
                                                                    os.environ.get("PYTHONPATH", "")) if p)}
    proc = subprocess.Popen([sys.executable, "-m", "ducs", "report", "--json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first byte is written
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=LIMIT)
    assert "Traceback" not in err, err
