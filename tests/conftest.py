"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

import ducs


@pytest.fixture(scope="session")
def ds() -> ducs.Dataset:
    """The bundled dataset (loaded once; ducs caches it anyway)."""
    return ducs.load()
