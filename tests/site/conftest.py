"""Fixtures for the site tests: golden-case files and one built copy of the fixture manual."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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
    while index < len(lines):
        if index + 1 < len(lines) and lines[index + 1] == "." and lines[index].strip():
            title, start = lines[index], index
            end_input = lines.index(".", index + 2)
            end_expected = lines.index(".", end_input + 1)
            cases.append(Case(title, start + 1, "\n".join(lines[index + 2 : end_input]),
                              "\n".join(lines[end_input + 1 : end_expected])))
            index = end_expected + 1
        else:
            index += 1
    return cases


def case_params(path: Path) -> list[object]:
    return [pytest.param(case, id=f"{path.stem}:{case.line}") for case in read_cases(path)]


def make_project(folder: Path, policies: Path = FIXTURES / "policies") -> Path:
    """A copy of the real mkdocs.yml and site/ pages with the given policies; returns mkdocs.yml."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "site", folder / "site")
    shutil.copytree(policies, folder / "policies")
    return folder / "mkdocs.yml"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture manual built once per session with `policykit build` (directory URLs).

    Not strict: hand-written pages may link to the real policies, which the fixture lacks.
    """
    from toolkit.cli.publishing import build_site

    config = make_project(tmp_path_factory.mktemp("project"))
    saved = dict(os.environ)
    try:
        yield build_site(config, None, offline=False, strict=False)
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture manual built once with `--offline`, for file:// use."""
    from toolkit.cli.publishing import build_site

    config = make_project(tmp_path_factory.mktemp("offline-project"))
    saved = dict(os.environ)
    try:
        yield build_site(config, None, offline=True, strict=False)
    finally:
        os.environ.clear()
        os.environ.update(saved)
