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


@pytest.fixture(scope="session")
def executed_tour(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """docs/notebooks/tour.ipynb, executed once in a fresh kernel (nbclient, ipykernel)."""
    import os
    import sys
    from pathlib import Path

    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    root = Path(__file__).resolve().parent.parent
    notebook = nbformat.read(root / "docs" / "notebooks" / "tour.ipynb", as_version=4)
    workdir = tmp_path_factory.mktemp("tour")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(root / "src"), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("MPLBACKEND", None)  # the notebook's own inline backend draws the figure
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(workdir)}})
    client.execute(env=env)
    assert sys.executable  # the kernel is the test interpreter's (ipykernel in the test extras)
    return notebook
