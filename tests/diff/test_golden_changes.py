"""Golden cases: two small versions in, the expected changes out (fixtures/changes.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.diff import diff_versions
from toolkit.model import Change, ChangeSet, InlineOp
from toolkit.parse import parse_version

FIXTURES = Path(__file__).parent / "fixtures" / "changes.txt"

FRONT_MATTER = """---
id: "1-1"
title: Test Policy
version: "{name}"
status: draft
effective:
---

"""


def read_cases(path: Path) -> list[tuple[str, str, str, str]]:
    """(title, old body, new body, expected) per case; `.` lines separate the parts."""
    lines = path.read_text().splitlines()
    while lines and (lines[0].startswith("# ") or lines[0] in ("#", "")):
        lines.pop(0)  # the comment block at the top
    cases: list[tuple[str, str, str, str]] = []
    part: list[str] = []
    parts: list[str] = []
    for line in lines:
        if line == ".":
            parts.append("\n".join(part))
            part = []
            if len(parts) == 4:
                title, old, new, expected = parts
                cases.append((title.strip(), old, new, expected))
                parts = []
        else:
            part.append(line)
    assert not parts, f"unfinished case in {path}: {parts[:1]}"
    return cases


def word_diff(inline: tuple[InlineOp, ...]) -> str:
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[op.op].format(op.text) for op in inline)


def describe(change: Change) -> str:
    old, new = ", ".join(change.old), ", ".join(change.new)
    where = old if old == new else " -> ".join(side for side in (old, new) if side)
    line = f"{change.op} {where}"
    if change.inline:
        line += f": {word_diff(change.inline)}"
    return line + (" (editorial)" if change.editorial else "")


def outline(cs: ChangeSet) -> str:
    lines = [f'replaced "{r.old}" -> "{r.new}" x{r.count}' for r in cs.replacements]
    lines += [describe(change) for change in cs.changes if change.op != "unchanged"]
    return "\n".join(lines)


CASES = read_cases(FIXTURES)


@pytest.mark.parametrize(("title", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_golden_change(title: str, old: str, new: str, expected: str) -> None:
    old_version = parse_version(FRONT_MATTER.format(name="old") + old, "old.md")
    new_version = parse_version(FRONT_MATTER.format(name="new") + new, "new.md")
    assert outline(diff_versions(old_version, new_version)) == expected.strip()


def test_the_fixture_file_holds_many_cases() -> None:
    assert len(CASES) >= 15
