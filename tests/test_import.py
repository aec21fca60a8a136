"""`import ducs` is cheap: it parses nothing and pulls in no loader, converter or data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.strip()


def test_import_parses_nothing() -> None:
    out = run(
        "import sys, ducs; "
        "print(sorted(m for m in ('ducs.loader', 'ducs.converter', 'ducs.dataset', 'cattrs', 'tomllib', 'pandas') if m in sys.modules), ducs._bundled)"
    )
    assert out == "[] None"


def test_first_load_is_cached_and_lazy_names_resolve() -> None:
    out = run("import ducs; a = ducs.load(); print(a is ducs.load(), ducs.FixtureError.__name__, ducs.Pillar.DIGITAL_ECONOMY.value)")
    assert out == "True FixtureError digital_economy"


def test_wheel_config_ships_the_seeds() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"seeds" = "ducs/seeds"' in text
    built = sorted((ROOT / "dist").glob("ducs-*.whl")) if (ROOT / "dist").is_dir() else []
    for wheel in built:  # when CI has built a wheel, check its content too
        names = zipfile.ZipFile(wheel).namelist()
        assert "ducs/seeds/meta.toml" in names and "ducs/py.typed" in names
