"""The generated manual the build tests build."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.site.conftest import make_project

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def benchmark_module(name: str) -> ModuleType:
    """The module `name` of benchmarks/ (not a package: imported from its folder)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated manual of 8 policies x 3 versions (with redlines), as a project folder."""
    generate = benchmark_module("generate")
    folder = tmp_path_factory.mktemp("manual")
    policies = folder / "generated"
    generate.write_manual(generate.generate_manual(8, 3, seed=3, clauses_per_policy=12),
                          policies, truth_root=folder / "truth")
    return make_project(folder / "project", policies).parent
