"""Screenshots of the data site for the README: python tools/site_screenshots.py

Builds the site from the bundled data into a temporary folder and photographs one province
page and one target page with headless Chromium (Debian's chromium), into docs/img/.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import ducs
from ducs.site import build

IMG = Path(__file__).resolve().parent.parent / "docs" / "img"
SHOTS = {
    "site-province.png": "vi/provinces/da-nang-2025.html",
    "site-target.png": "en/targets/fibre-household-share.html",
}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--window-size=1100,1500"]


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("needs Debian's chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "site"
        build(ducs.load(), out)
        for name, page in SHOTS.items():
            profile = Path(scratch) / f"profile-{name}"
            subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={IMG / name}",
                            (out / page).as_uri()], check=True, capture_output=True, timeout=120)
            print(IMG / name)


if __name__ == "__main__":
    main()
