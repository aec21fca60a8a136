"""The wheel's snapshot of the seeds: used only while it matches the seeds and the code, byte for byte."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

import ducs
from ducs.loader import bundled_seeds, load_folder
from ducs.model import KINDS
from ducs.snapshot import fingerprint, read_snapshot, write_snapshot


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_snapshot(tmp_path_factory.mktemp("snapshot") / "seeds.snapshot")


def test_a_snapshot_gives_the_dataset_the_files_give(snapshot: Path) -> None:
    from_snapshot = read_snapshot(path=snapshot)
    from_files = load_folder(bundled_seeds())
    assert from_snapshot is not None
    for kind in KINDS:
        assert list(from_snapshot.records(kind.name)) == list(from_files.records(kind.name)), kind.name
    assert (from_snapshot.title, from_snapshot.cutoff, from_snapshot.license, from_snapshot.folder) == (
        from_files.title, from_files.cutoff, from_files.license, from_files.folder)
    assert from_snapshot.plans.get(2022).progress().headline() == from_files.plans.get(2022).progress().headline()
    target = from_snapshot.targets.get("fibre_household_share")
    assert target.progress(as_of="2023-06-30").status.value == "not_met"  # linked to its own dataset


def test_a_snapshot_of_other_seeds_or_code_is_ignored(snapshot: Path, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(bundled_seeds(), seeds)
    assert read_snapshot(seeds, snapshot) is not None  # the same bytes: it matches
    meta = seeds / "meta.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2026-11-25", "2026-11-26"), encoding="utf-8")
    assert read_snapshot(seeds, snapshot) is None
    code = tmp_path / "code"
    shutil.copytree(Path(ducs.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint(bundled_seeds(), code)
    (code / "periods.py").write_text((code / "periods.py").read_text(encoding="utf-8") + "\n# changed\n",
                                     encoding="utf-8")
    assert fingerprint(bundled_seeds(), code) != before


def test_a_broken_or_foreign_snapshot_is_ignored(snapshot: Path, tmp_path: Path) -> None:
    head = snapshot.read_bytes().partition(b"\n")[0]
    broken = tmp_path / "broken.snapshot"
    broken.write_bytes(head + b"\nnot a pickle")
    assert read_snapshot(path=broken) is None
    foreign = tmp_path / "foreign.snapshot"
    foreign.write_bytes(head + b"\n" + pickle.dumps(shutil.rmtree))
    assert read_snapshot(path=foreign) is None
    assert read_snapshot(path=tmp_path / "missing.snapshot") is None


def test_a_folder_is_read_from_its_files(snapshot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ducs.snapshot.snapshot_path", lambda: snapshot)
    seeds = tmp_path / "seeds"
    shutil.copytree(bundled_seeds(), seeds)
    (seeds / "themes.toml").write_text("", encoding="utf-8")  # a folder whose files differ from the snapshot's
    assert len(ducs.load(seeds).themes) == 0
