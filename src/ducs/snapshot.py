"""A precompiled snapshot of the bundled seeds: the first ``ducs.load()`` without parsing TOML.

A wheel carries ``ducs/_seeds.snapshot``, written when the wheel is built
(``tools/hatch_build.py``) from the seeds and the code of that build: the records of a load,
pickled. ``ducs.load()`` uses it only when its fingerprint (the seed files, every module of the
ducs package and the Python version, byte for byte) matches what is installed; otherwise, or
when there is none (a checkout), the seeds are read from their TOML files. ``ducs.load(path)``
always reads the folder's files, and a snapshot is never written at run time.

>>> from ducs.loader import bundled_seeds
>>> len(fingerprint(bundled_seeds())) == 64
True
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
from pathlib import Path
from typing import Any

from ducs.dataset import Dataset
from ducs.loader import bundled_seeds, load_folder
from ducs.model import KINDS

__all__ = ["FORMAT", "SNAPSHOT", "fingerprint", "read_snapshot", "snapshot_path", "write_snapshot"]

SNAPSHOT = "_seeds.snapshot"
FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent
_DATASET = "the dataset"  # records refer to their dataset; the snapshot keeps this word instead


def snapshot_path() -> Path:
    """Where an installed ducs keeps its snapshot (beside its modules)."""
    return _PACKAGE / SNAPSHOT


def fingerprint(seeds: Path, package: Path = _PACKAGE) -> str:
    """What a snapshot must have been built from: the seed files and the ducs modules, byte for byte."""
    digest = hashlib.sha256(f"ducs snapshot {FORMAT} python {sys.version_info[0]}.{sys.version_info[1]}".encode())
    for label, folder, pattern in (("seeds", seeds, "*.toml"), ("code", package, "**/*.py")):
        for path in sorted(folder.glob(pattern)):
            digest.update(f"\0{label}/{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: Any) -> str | None:
        return _DATASET if isinstance(obj, Dataset) else None


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> Any:
        if pid != _DATASET:
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        return None  # linked again by Dataset.build

    def find_class(self, module: str, name: str) -> Any:
        if not (module.startswith(("ducs.", "pendulum", "datetime", "builtins", "copyreg", "collections",
                                   "zoneinfo", "enum")) or module == "ducs"):
            raise pickle.UnpicklingError(f"a snapshot holds no {module}.{name}")
        return super().find_class(module, name)


def write_snapshot(target: Path, seeds: Path | None = None) -> Path:
    """Load the seeds from their files and write their snapshot to ``target``."""
    folder = seeds or bundled_seeds()
    dataset = load_folder(folder)
    state = {
        "title": dataset.title,
        "data_version": dataset.data_version,
        "cutoff": dataset.cutoff,
        "license": dataset.license,
        "records": {kind.record: list(dataset.records(kind.name)) for kind in KINDS},
    }
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=5).dump(state)
    target.write_bytes(fingerprint(folder).encode("ascii") + b"\n" + buffer.getvalue())
    return target


def read_snapshot(seeds: Path | None = None, path: Path | None = None) -> Dataset | None:
    """The bundled dataset from its snapshot, or None when there is none or it does not match."""
    snapshot = path or snapshot_path()
    folder = seeds or bundled_seeds()
    try:
        data = snapshot.read_bytes()
    except OSError:
        return None
    head, _, body = data.partition(b"\n")
    if head.decode("ascii", errors="replace") != fingerprint(folder):
        return None
    try:
        state = _Unpickler(io.BytesIO(body)).load()
    except Exception:  # a snapshot that cannot be read is ignored like a stale one
        return None
    return Dataset.build(title=state["title"], data_version=state["data_version"], cutoff=state["cutoff"],
                         license=state["license"], folder=folder, records=state["records"])
