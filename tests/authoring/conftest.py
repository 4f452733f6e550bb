"""Golden cases for the authoring tests, read from plain-text fixture files.

A test that takes a `case` argument and carries `@pytest.mark.cases("file.txt")`
runs once per case in `fixtures/file.txt`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Case:
    """One golden case: a title line, then input and expected output, each closed by a `.` line."""

    title: str
    line: int
    input: str
    expected: str


def read_cases(path: Path) -> list[Case]:
    """Cases in markdown-it-py's fixture style: title, `.`, input, `.`, expected, `.`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Case] = []
    index = 0
    while index + 1 < len(lines):
        if lines[index + 1] == "." and lines[index].strip():
            end_input = lines.index(".", index + 2)
            end_expected = lines.index(".", end_input + 1)
            cases.append(
                Case(
                    title=lines[index],
                    line=index + 1,
                    input="\n".join(lines[index + 2 : end_input]) + "\n",
                    expected="\n".join(lines[end_input + 1 : end_expected]),
                )
            )
            index = end_expected + 1
        else:
            index += 1
    return cases


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "cases(file): run the test once per golden case in the file")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker("cases")
    if marker is None or "case" not in metafunc.fixturenames:
        return
    path = FIXTURES / marker.args[0]
    params = [pytest.param(case, id=f"{path.stem}:{case.line}") for case in read_cases(path)]
    metafunc.parametrize("case", params)
