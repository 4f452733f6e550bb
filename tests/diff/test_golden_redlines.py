"""Golden redlines: the markdown and terminal views, word for word (fixtures/redlines.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.diff import diff_versions
from toolkit.parse import parse_version
from toolkit.render.redline_md import render_redline_markdown
from toolkit.render.redline_text import render_redline_text

FIXTURES = Path(__file__).parent / "fixtures" / "redlines.txt"


def read_cases(path: Path) -> list[list[str]]:
    """[title, old, new, markdown, text] per case; `.` lines end each part."""
    lines = path.read_text().splitlines()
    while lines and (lines[0].startswith("# ") or lines[0] in ("#", "")):
        lines.pop(0)
    cases: list[list[str]] = []
    parts: list[str] = []
    part: list[str] = []
    for line in lines:
        if line != ".":
            part.append(line)
            continue
        parts.append("\n".join(part) + "\n")
        part = []
        if len(parts) == 5:
            cases.append(parts)
            parts = []
    assert not parts and cases
    return cases


CASES = read_cases(FIXTURES)


@pytest.mark.parametrize("case", CASES, ids=[case[0].strip() for case in CASES])
def test_golden_redline(case: list[str]) -> None:
    _, old, new, markdown, text = case
    cs = diff_versions(parse_version(old, "old.md"), parse_version(new, "new.md"))
    assert render_redline_markdown(cs) == markdown
    assert render_redline_text(cs, color=False) == text
