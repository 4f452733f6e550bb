"""The code keeps its shape: lint clean, typed, and the edges stay at the edges."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "toolkit"

# Each third-party library may be imported only by the stage that needs it.
ALLOWED_IMPORTERS = {
    "mkdocs": ("toolkit/mkdocs_plugin.py", "toolkit/cli/"),
    "material": ("toolkit/mkdocs_plugin.py", "toolkit/cli/"),
    "click": ("toolkit/cli/",),
    "diff_match_patch": ("toolkit/diff/",),
    "wordfreq": ("toolkit/importer/vocabulary.py",),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
            if node.module.startswith("toolkit.cli") or node.module == "toolkit.mkdocs_plugin":
                names.add(node.module)
    return names


def package_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("library", sorted(ALLOWED_IMPORTERS))
def test_third_party_libraries_stay_in_their_stage(library: str) -> None:
    allowed = ALLOWED_IMPORTERS[library]
    offenders = [
        str(path.relative_to(ROOT))
        for path in package_files()
        if library in imported_modules(path)
        and not str(path.relative_to(ROOT)).startswith(allowed)
    ]
    assert offenders == []


def test_nothing_imports_the_edges() -> None:
    edges = ("toolkit/cli/", "toolkit/mkdocs_plugin.py")
    offenders = [
        str(path.relative_to(ROOT))
        for path in package_files()
        if not str(path.relative_to(ROOT)).startswith(edges)
        and {"toolkit.cli", "toolkit.mkdocs_plugin"} & imported_modules(path)
    ]
    assert offenders == []


def test_import_toolkit_does_not_pull_in_mkdocs() -> None:
    code = "import sys, toolkit, toolkit.parse, toolkit.diff; print('mkdocs' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "toolkit", "tests", "benchmarks"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
