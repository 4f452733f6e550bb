"""Whole clauses and paragraphs on one side of a flattened redline: golden outlines.

Each case in fixtures/whole_sides.txt is a small redline excerpt in the shape of a defect
seen on the LibreOffice-printed redlines (`fixtures/pdf/`), with the outline of each side a
careful reader recovers: labels and each clause's first four words (the word-level decoder
is pinned elsewhere; here only where whole clauses stand).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from toolkit.importer import import_text
from toolkit.model import Clause, Version

CASES = read_fixture_file(Path(__file__).parent / "fixtures" / "whole_sides.txt")
WORDS = 4


def side_outline(version: Version) -> str:
    """Sections, their text and their clauses, each cut to its first words."""
    lines: list[str] = []
    for section in version.sections:
        lines.append(f"{section.number} {section.title}")
        lines.extend(f"  | {_opening(text)}" for text in section.text.split("\n\n") if text)
        lines.extend(_clauses(section.children, 1))
    return "\n".join(lines)


def _clauses(clauses: tuple[Clause, ...], depth: int) -> list[str]:
    lines: list[str] = []
    for clause in clauses:
        label = f"{clause.label}. " if clause.label else ""
        lines.append(f"{'  ' * depth}{label}{_opening(clause.text)}")
        lines.extend(_clauses(clause.children, depth + 1))
    return lines


def _opening(text: str) -> str:
    words = text.split()
    return " ".join(words[:WORDS]) + (" ..." if len(words) > WORDS else "")


@pytest.mark.parametrize(("line", "title", "text", "expected"), CASES,
                         ids=[case[1] for case in CASES])
def test_each_side_stands_as_a_reader_recovers_it(line: int, title: str, text: str,
                                                  expected: str) -> None:
    result = import_text(text, "excerpt.txt", redline=True)
    got = f"old:\n{side_outline(result.old)}\nnew:\n{side_outline(result.new)}\n"
    assert got == expected
