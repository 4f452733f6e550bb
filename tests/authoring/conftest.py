"""Golden cases for the authoring tests, read from plain-text fixture files.

A test that takes a `case` argument and carries `@pytest.mark.cases("file.txt")`
runs once per case in `fixtures/file.txt`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.golden import read_cases

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "cases(file): run the test once per golden case in the file")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker("cases")
    if marker is None or "case" not in metafunc.fixturenames:
        return
    path = FIXTURES / marker.args[0]
    params = [  # the input as a file holds it: ending in a newline
        pytest.param(replace(case, parts=(case.input + "\n", case.expected)), id=f"{path.stem}:{case.line}")
        for case in read_cases(path)
    ]
    metafunc.parametrize("case", params)
