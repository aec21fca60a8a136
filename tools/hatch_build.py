"""Build hook: put a snapshot of the bundled seeds into the wheel (docs/performance.md).

The snapshot is the records of a load, pickled with a fingerprint of the seeds and the code
they were loaded by (``ducs.snapshot``); an installed ducs uses it only while both match. An
editable install gets none: a checkout always reads its seed files.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class SnapshotHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from ducs.snapshot import SNAPSHOT, write_snapshot
        except ImportError as exc:  # the runtime dependencies are missing here: a wheel without snapshot
            self.app.display_warning(f"no seed snapshot in this wheel: {exc}")
            return
        finally:
            sys.path.remove(str(root / "src"))
        target = Path(tempfile.mkdtemp(prefix="ducs-snapshot-")) / SNAPSHOT
        write_snapshot(target, root / "seeds")
        build_data["force_include"][str(target)] = f"ducs/{SNAPSHOT}"
