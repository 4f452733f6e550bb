"""Golden cases: two small versions in, the expected changes out (fixtures/changes.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import read_cases
from toolkit.diff import diff_versions
from toolkit.model import Change, ChangeSet, InlineOp, Replacement
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
    lines = [describe_replacement(r) for r in cs.replacements]
    lines += [describe(change) for change in cs.changes if change.op != "unchanged"]
    return "\n".join(lines)


def describe_replacement(r: Replacement) -> str:
    line = f'replaced "{r.old}" -> "{r.new}" x{r.count}'
    if r.forms != (r.old,):
        line += f" forms: {', '.join(r.forms)}"
    return line + (f" not replaced: {', '.join(r.exceptions)}" if r.exceptions else "")


CASES = [(case.title, *case.parts) for case in read_cases(FIXTURES, 3)]


@pytest.mark.parametrize(("title", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_golden_change(title: str, old: str, new: str, expected: str) -> None:
    old_version = parse_version(FRONT_MATTER.format(name="old") + old, "old.md")
    new_version = parse_version(FRONT_MATTER.format(name="new") + new, "new.md")
    assert outline(diff_versions(old_version, new_version)) == expected.strip()


def test_the_fixture_file_holds_many_cases() -> None:
    assert len(CASES) >= 15
