"""The generated manual the build tests build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.site.conftest import make_project

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated manual of 8 policies x 3 versions (with redlines), as a project folder."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from generate import generate_manual, write_manual
    finally:
        sys.path.remove(str(BENCHMARKS))
    folder = tmp_path_factory.mktemp("manual")
    policies = folder / "generated"
    write_manual(generate_manual(8, 3, seed=3, clauses_per_policy=12), policies,
                 truth_root=folder / "truth")
    return make_project(folder / "project", policies).parent
