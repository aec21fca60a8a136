"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

import ducs


@pytest.fixture(scope="session")
def ds() -> ducs.Dataset:
    """The bundled dataset (loaded once; ducs caches it anyway)."""
    return ducs.load()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, ds: ducs.Dataset) -> Path:
    """The data site of the bundled data, built once per test session (charts included)."""
    from ducs.site import build

    out = tmp_path_factory.mktemp("site") / "out"
    build(ds, out)
    return out
