"""Keep what holds (issue 15): loading from many threads at once, and the JSON round trip.

32 threads calling ``ducs.load()`` together get one and the same cached dataset; a custom folder
loaded from many threads gives equal datasets (and failed loads leave nothing behind); the JSON
export of the bundled data is strict JSON and loads back equal, for every kind of record.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import ducs
from ducs.errors import FixtureError
from ducs.model import KINDS
from tests.helpers import GOOD_FULL, OBSERVATIONS, write

THREADS = 32
LIMIT = 60.0


def in_threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in ``count`` threads released together; their results, or the first exception."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=LIMIT)
            results[index] = work(index)
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(LIMIT)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    if errors:
        raise errors[0]
    return results


def test_32_threads_loading_the_bundled_data_get_one_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ducs, "_bundled", None)  # start cold: every thread races for the first load
    loaded = in_threads(THREADS, lambda _: ducs.load())
    first = loaded[0]
    assert all(ds is first for ds in loaded)
    assert ducs.load() is first


def test_a_custom_folder_loaded_from_many_threads_gives_equal_datasets(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD_FULL)
    loaded = in_threads(16, lambda _: ducs.load(folder))
    assert len({id(ds) for ds in loaded}) == len(loaded)  # a folder is loaded afresh each time
    first = loaded[0]
    for ds in loaded[1:]:
        for kind in KINDS:
            assert list(ds.records(kind.name)) == list(first.records(kind.name)), kind.name
        assert ds.cutoff == first.cutoff and ds.title == first.title


def test_good_and_bad_folders_loaded_together_do_not_mix(tmp_path: Path) -> None:
    (tmp_path / "good").mkdir()
    (tmp_path / "bad").mkdir()
    good = write(tmp_path / "good", GOOD_FULL)
    nan = OBSERVATIONS.replace("value = 81.7", "value = nan")
    bad = write(tmp_path / "bad", {**GOOD_FULL, "observations.toml": nan})
    bundled = ducs.load()

    def work(index: int) -> Any:
        if index % 2:
            try:
                ducs.load(bad)
            except FixtureError as exc:
                return [(p.file, p.path, p.rule) for p in exc.problems]
            return "accepted"
        return ducs.load(good)

    results = in_threads(16, work)
    for index, result in enumerate(results):
        if index % 2:
            assert result == [("observations.toml", "observation[0].value", "number.finite")]
        else:
            assert result.observations.get("o1").value == 81.7
    assert ducs.load() is bundled


def _strict(text: str) -> Any:
    return json.loads(text, parse_constant=lambda word: pytest.fail(f"{word} is not JSON"))


@pytest.fixture(scope="module")
def round_trip() -> tuple[ducs.Dataset, ducs.Dataset, str]:
    ds = ducs.load()
    text = ducs.to_json(ds)
    return ds, ducs.from_json(text), text


@pytest.mark.parametrize("kind", [kind.name for kind in KINDS])
def test_json_round_trip_is_equal_for_every_kind(round_trip: tuple[ducs.Dataset, ducs.Dataset, str],
                                                 kind: str) -> None:
    ds, again, _text = round_trip
    before, after = list(ds.records(kind)), list(again.records(kind))
    assert before, f"the bundled data has no {kind}"
    assert after == before
    assert [ducs.unstructure(r) for r in after] == [ducs.unstructure(r) for r in before]


def test_json_export_is_strict_and_nfc(round_trip: tuple[ducs.Dataset, ducs.Dataset, str]) -> None:
    ds, again, text = round_trip
    data = _strict(text)
    assert set(data) == {"dataset"} | {kind.table for kind in KINDS}
    assert unicodedata.is_normalized("NFC", text)
    assert ducs.to_json(again) == text  # the export of the reloaded data is byte for byte the same
    assert (again.title, again.data_version, again.cutoff) == (ds.title, ds.data_version, ds.cutoff)


def test_json_round_trip_of_the_corpus_base(tmp_path: Path) -> None:
    ds = ducs.load(write(tmp_path, GOOD_FULL))
    text = ducs.to_json(ds)
    _strict(text)
    again = ducs.from_json(text.encode("utf-8"))
    for kind in KINDS:
        assert list(again.records(kind.name)) == list(ds.records(kind.name)), kind.name


def test_json_round_trips_from_many_threads(round_trip: tuple[ducs.Dataset, ducs.Dataset, str]) -> None:
    ds, _again, text = round_trip
    reloaded = in_threads(4, lambda _: ducs.from_json(text))
    for other in reloaded:
        assert list(other.observations) == list(ds.observations)
