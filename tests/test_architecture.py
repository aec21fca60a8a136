"""The house plan holds: layers by contract (lint-imports in CI), no hidden imports, an honest public face."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest

import ducs
from ducs import periods, progress

SRC = Path(ducs.__file__).resolve().parent
OPTIONAL = {"pandas", "polars", "matplotlib", "rich", "pyarrow", "json", "importlib"}


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _local_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every import statement inside a function body."""
    found = []
    for func in ast.walk(tree):
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and node.module:
                    found.append((node.lineno, node.module))
                elif isinstance(node, ast.Import):
                    found += [(node.lineno, alias.name) for alias in node.names]
    return found


def test_no_function_local_import_of_a_ducs_module_outside_init() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{line} imports {module}"
        for path in _modules() if path.name != "__init__.py"
        for line, module in _local_imports(ast.parse(path.read_text(encoding="utf-8")))
        if module.split(".")[0] not in OPTIONAL
    ]
    assert offenders == []


def test_only_the_command_line_imports_the_package_face() -> None:
    """Rooms below `__init__` import sibling modules, never names from `ducs` itself (a cycle)."""
    offenders = []
    for path in _modules():
        if path.name in ("__init__.py", "cli.py", "__main__.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import) and any(alias.name == "ducs" for alias in node.names):
                offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.ImportFrom) and node.module == "ducs":
                names = {alias.name for alias in node.names}
                if not names <= {"coverage", "method", "progress", "report"}:
                    offenders.append(f"{path.name}:{node.lineno} from ducs import {sorted(names)}")
    assert offenders == []


def test_nothing_outside_model_imports_its_private_module() -> None:
    offenders = [
        path.name for path in _modules()
        if path.parent.name != "model" and "ducs.model._base" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_import_contract_is_configured_and_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (it is a test extra)")
    done = subprocess.run([str(lint)], capture_output=True, text=True, cwd=SRC.parent.parent)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "1 kept, 0 broken" in done.stdout


def test_dir_lists_the_public_names_and_nothing_else() -> None:
    names = dir(ducs)
    assert names == sorted(ducs.__all__)
    for name in ("Dataset", "Target", "Pillar", "Status", "FixtureError", "NotFoundError", "Period", "load"):
        assert name in names
    for leaked in ("enum", "attrs", "Iterable", "threading", "importlib"):
        assert leaked not in names


@pytest.mark.parametrize("name", ["Dataset", "Target", "Pillar", "Province", "AmbiguousError", "PlanProgress"])
def test_public_names_resolve(name: str) -> None:
    assert getattr(ducs, name).__name__ == name


@pytest.mark.parametrize("name", ["enum", "attrs", "Iterable", "KINDS", "graph_of", "get_converter"])
def test_other_names_do_not_resolve(name: str) -> None:
    with pytest.raises(AttributeError, match=name):
        getattr(ducs, name)


def test_every_public_module_declares_all() -> None:
    missing = [path.name for path in _modules()
               if not path.name.startswith("_") and "__all__" not in path.read_text(encoding="utf-8")]
    assert missing == []


def test_plan_progress_parses_as_of_once_and_assesses_each_target_once(ds, monkeypatch) -> None:
    parsed: list[object] = []
    assessed: list[str] = []
    real_to_date, real_target_progress = periods.to_date, progress.target_progress

    def counting_to_date(value: object) -> pendulum.Date:
        parsed.append(value)
        return real_to_date(value)

    def counting_target_progress(target, day, profile=ducs.Profile.UNSD):  # type: ignore[no-untyped-def]
        assessed.append(target.key)
        return real_target_progress(target, day, profile)

    monkeypatch.setattr("ducs.dataset.to_date", counting_to_date)
    monkeypatch.setattr("ducs.periods.to_date", counting_to_date)
    monkeypatch.setattr("ducs.progress.target_progress", counting_target_progress)
    plan = ds.plans.get(2022)
    result = plan.progress(as_of="2022-04-30")

    assert parsed == ["2022-04-30"]
    distinct = {t.key for t in plan.targets} | {t.key for task in plan.tasks for t in task.targets}
    assert sorted(assessed) == sorted(distinct)
    # the task view and the plan-target view share one result per target
    by_key = {t.target.key: t for t in result.targets}
    shared = [t for task in result.tasks for t in task.targets if t.target.key in by_key]
    assert shared and all(t is by_key[t.target.key] for t in shared)


def test_json_loaded_dataset_has_no_folder(ds) -> None:
    assert ds.folder is not None and ds.folder.is_dir()
    assert ducs.from_json(ducs.to_json(ds)).folder is None
