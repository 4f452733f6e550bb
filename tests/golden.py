"""Golden cases in plain-text fixture files, in markdown-it-py's style.

A case is a title line followed by its parts, each closed by a line holding
only `.`; blank lines and `#` comment lines before a title are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass(frozen=True)
class Case:
    """One golden case."""

    title: str
    line: int
    """1-based line of the title, for the test id."""
    parts: tuple[str, ...]
    """The parts after the title, without their closing `.` lines."""

    @property
    def input(self) -> str:
        return self.parts[0]

    @property
    def expected(self) -> str:
        return self.parts[-1]


def read_cases(path: Path, parts: int = 2) -> list[Case]:
    """Every case of a fixture file whose cases have `parts` parts after the title."""
    cases: list[Case] = []
    chunks: list[list[tuple[int, str]]] = []
    chunk: list[tuple[int, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line != ".":
            chunk.append((number, line))
            continue
        chunks.append(chunk)
        chunk = []
        if len(chunks) == parts + 1:
            cases.append(_case(path, chunks))
            chunks = []
    assert not chunks, f"{path}: unfinished case at the end"
    return cases


def _case(path: Path, chunks: list[list[tuple[int, str]]]) -> Case:
    titles = [(n, text) for n, text in chunks[0] if text.strip() and not text.startswith("#")]
    assert titles, f"{path}:{chunks[1][0][0] if chunks[1] else '?'}: a case without a title"
    number, title = titles[-1]
    return Case(title.strip(), number, tuple("\n".join(text for _, text in c) for c in chunks[1:]))


def case_params(path: Path, parts: int = 2) -> list[Any]:
    """The cases as pytest parameters named `<file stem>:<line>`."""
    return [pytest.param(case, id=f"{path.stem}:{case.line}") for case in read_cases(path, parts)]
