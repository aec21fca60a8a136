"""Random mutations of valid fixture folders: a load succeeds with valid data or raises a ducs error.

Hypothesis mutates one file of a valid folder (delete a key, change a value's type, swap two
values, truncate at a byte offset, duplicate a record, inject a control or invisible character,
overwrite a byte) and loads it under a time limit. Whatever the mutation, ``ducs.load`` either
returns a dataset whose JSON export is strict and loads back, or raises
:class:`~ducs.errors.FixtureError` whose every problem names a file of the folder and a declared
rule — never another exception, never a hang. Mostly on the small ``GOOD_FULL`` folder, a few
examples on a copy of the bundled seeds. Bounded for CI (a few hundred loads).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ducs
from ducs.errors import FixtureError
from ducs.loader import bundled_seeds
from ducs.rules import RULES
from tests.helpers import GOOD_FULL, within

LIMIT = 20.0  # seconds per load: a hang fails the example
# Bounded for CI; DUCS_MUTATIONS=2000 runs a deeper search locally.
EXAMPLES = int(os.environ.get("DUCS_MUTATIONS", "100"))


def bounded(examples: int, seconds: float = 5) -> settings:
    return settings(max_examples=examples, deadline=timedelta(seconds=seconds),
                    suppress_health_check=[HealthCheck.too_slow])

ASSIGNMENT = re.compile(r"^([A-Za-z_][\w.]*) = (.*)$", re.MULTILINE)

# Values of every TOML type and of every shape that has broken a loader somewhere.
ODD_VALUES = (
    '"text"', '""', '"   "', '"unknown"', "0", "-1", "1.5", "-0.0", "1e400", "-1e400", "nan", "inf", "-inf",
    "9223372036854775807", "true", "false", "[]", "[1, 2]", '["a", 1]', "{}", "{ a = 1 }", "2022-01-01",
    "9999-12-31", "0001-01-01", "2022-01-01T00:00:00Z", "00:00:00", '"2022-13-45"', '"province:"', '"#"',
    '"\\u001b[31m"', '"\\u200b"', '"a\\u0000b"', "[[[[[[[[[[]]]]]]]]]]",
)
# Characters injected raw into the text of a file.
ODD_CHARS = ("\x00", "\x01", "\x1b", "\x7f", "\r", "\t", "\u200b", "\u202e", "\ufeff", "\u00ad", "\\", '"', "'",
             "[", "]", "{", "#", "=", "\n", "é", "\U0001f600")


# --- mutations: (file text as bytes) -> new bytes ---------------------------------------------


def _assignments(text: str) -> list[re.Match[str]]:
    return list(ASSIGNMENT.finditer(text))


@st.composite
def mutations(draw: st.DrawFn, files: dict[str, bytes]) -> tuple[str, str, bytes]:
    """(file name, what was done, the file's new bytes) for one random mutation of one file."""
    name = draw(st.sampled_from(sorted(files)))
    data = files[name]
    text = data.decode("utf-8")
    lines = _assignments(text)
    op = draw(st.sampled_from(["delete_key", "change_type", "swap", "truncate", "duplicate_record",
                               "inject_char", "overwrite_byte", "delete_line_range"]))
    if op in ("delete_key", "change_type") and not lines or op == "swap" and len(lines) < 2:
        op = "truncate"
    if op == "delete_key":
        hit = draw(st.sampled_from(lines))
        new = text[: hit.start()] + text[hit.end():]
        return name, f"delete {hit.group(1)!r}", new.encode()
    if op == "change_type":
        hit = draw(st.sampled_from(lines))
        value = draw(st.sampled_from(ODD_VALUES))
        new = text[: hit.start(2)] + value + text[hit.end(2):]
        return name, f"{hit.group(1)} = {value}", new.encode()
    if op == "swap":
        i, j = sorted(draw(st.lists(st.integers(0, len(lines) - 1), min_size=2, max_size=2, unique=True)))
        first, second = lines[i], lines[j]
        new = (text[: first.start(2)] + second.group(2) + text[first.end(2): second.start(2)] + first.group(2)
               + text[second.end(2):])
        return name, f"swap {first.group(1)} and {second.group(1)}", new.encode()
    if op == "truncate":
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        return name, f"truncate at byte {at}", data[:at]
    if op == "duplicate_record":
        starts = [m.start() for m in re.finditer(r"^\[\[", text, re.MULTILINE)]
        if not starts:
            return name, "append a copy", (text + "\n" + text).encode()
        index = draw(st.integers(0, len(starts) - 1))
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        record = text[starts[index]:end]
        return name, f"duplicate record {index}", (text + "\n" + record).encode()
    if op == "inject_char":
        at = draw(st.integers(0, len(text)))
        char = draw(st.sampled_from(ODD_CHARS))
        return name, f"insert {char!r} at {at}", (text[:at] + char + text[at:]).encode()
    if op == "overwrite_byte":
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        byte = draw(st.integers(0, 255))
        return name, f"byte {at} := {byte:#04x}", data[:at] + bytes([byte]) + data[at + 1:]
    start = draw(st.integers(0, len(data)))
    length = draw(st.integers(1, 200))
    return name, f"delete bytes {start}..{start + length}", data[:start] + data[start + length:]


# --- the property ---------------------------------------------------------------------------------


def check_outcome(folder: Path, names: set[str], load: Callable[[], ducs.Dataset], what: str) -> None:
    try:
        ds = within(LIMIT, load)
    except FixtureError as exc:
        assert exc.problems, what
        for problem in exc.problems:
            assert problem.rule in RULES, (what, str(problem))
            assert problem.file in names, (what, str(problem))
            assert problem.record is None or isinstance(problem.record, str), (what, repr(problem))
        json.dumps([problem.to_dict() for problem in exc.problems], allow_nan=False)
        str(exc)
        return
    # Accepted: the data is valid, exports as strict JSON and loads back equal.
    text = ducs.to_json(ds)
    json.loads(text, parse_constant=lambda word: pytest.fail(f"{what}: {word} in the export"))
    again = ducs.from_json(text)
    for kind in ducs.model.KINDS:
        assert list(again.records(kind.name)) == list(ds.records(kind.name)), (what, kind.name)


def _good_bytes() -> dict[str, bytes]:
    import textwrap

    return {name: textwrap.dedent(text).encode("utf-8") for name, text in GOOD_FULL.items()}


GOOD_BYTES = _good_bytes()


@bounded(EXAMPLES)
@given(mutation=mutations(GOOD_BYTES))
def test_a_mutated_small_folder_loads_or_raises_a_ducs_error(mutation: tuple[str, str, bytes]) -> None:
    name, what, data = mutation
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for file_name, content in GOOD_BYTES.items():
            (folder / file_name).write_bytes(data if file_name == name else content)
        check_outcome(folder, set(GOOD_BYTES), lambda: ducs.load(folder), f"{name}: {what}")


@bounded(max(EXAMPLES // 3, 10))
@given(mutations=st.lists(mutations(GOOD_BYTES), min_size=2, max_size=4, unique_by=lambda m: m[0]))
def test_several_mutated_files_load_or_raise_a_ducs_error(mutations: list[tuple[str, str, bytes]]) -> None:
    changed = {name: data for name, _what, data in mutations}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for file_name, content in GOOD_BYTES.items():
            (folder / file_name).write_bytes(changed.get(file_name, content))
        check_outcome(folder, set(GOOD_BYTES), lambda: ducs.load(folder),
                      "; ".join(f"{name}: {what}" for name, what, _ in mutations))


@pytest.fixture(scope="module")
def seeds_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    folder = tmp_path_factory.mktemp("seeds") / "seeds"
    shutil.copytree(bundled_seeds(), folder)
    return folder, {path.name: path.read_bytes() for path in sorted(folder.glob("*.toml"))}


SEED_FILES = {path.name: path.read_bytes() for path in sorted(bundled_seeds().glob("*.toml"))}


@bounded(max(EXAMPLES // 15, 5), seconds=10)
@given(mutation=mutations(SEED_FILES))
def test_a_mutated_copy_of_the_seeds_loads_or_raises_a_ducs_error(
        seeds_copy: tuple[Path, dict[str, bytes]], mutation: tuple[str, str, bytes]) -> None:
    folder, originals = seeds_copy
    name, what, data = mutation
    path = folder / name
    path.write_bytes(data)
    try:
        check_outcome(folder, set(originals), lambda: ducs.load(folder), f"seeds/{name}: {what}")
    finally:
        path.write_bytes(originals[name])


@bounded(EXAMPLES)
@given(at=st.integers(0, len(ducs.to_json(ducs.load())) - 1))
def test_a_truncated_json_export_raises_a_ducs_error(at: int) -> None:
    text = _bundled_json()[:at]
    with pytest.raises(FixtureError):
        within(LIMIT, lambda: ducs.from_json(text))


_JSON: list[str] = []


def _bundled_json() -> str:
    if not _JSON:
        _JSON.append(ducs.to_json(ducs.load()))
    return _JSON[0]
