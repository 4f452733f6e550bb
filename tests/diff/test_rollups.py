"""When a substitution is rolled up: made often enough, and not while the old word is still
written nearly everywhere (`toolkit.diff.rollups`, the rule in its docstring)."""

from __future__ import annotations

import pytest

from toolkit.diff import diff_versions
from toolkit.diff.rollups import MAX_KEPT_PER_REPLACEMENT
from toolkit.model import ChangeSet
from toolkit.parse import parse_version

FRONT_MATTER = '---\nid: "1-1"\ntitle: Test Policy\nversion: "{name}"\nstatus: draft\neffective:\n---\n\n'
LABELS = "ABCDE"


def policy(name: str, texts: list[str]) -> str:
    """The texts as clauses A-E of as many sections as they need."""
    sections = []
    for start in range(0, len(texts), len(LABELS)):
        clauses = [f"- **{label}.** {text}" for label, text in zip(LABELS, texts[start:], strict=False)]
        sections.append(f"## 1-1-{start // len(LABELS) + 1} Procedures\n\n" + "\n".join(clauses))
    return FRONT_MATTER.format(name=name) + "\n\n".join(sections) + "\n"


def diff(old: list[str], new: list[str]) -> ChangeSet:
    return diff_versions(parse_version(policy("old", old), "old.md"),
                         parse_version(policy("new", new), "new.md"))


def kept_and_replaced(kept: int, old: str, new: str) -> ChangeSet:
    """`old` replaced by `new` in three clauses, and still written in `kept` others."""
    unchanged = [f"Officers {old} check locker number {n} at the end of every shift." for n in range(kept)]
    edited = [f"Officers {{}} inventory vehicle number {n} before each patrol." for n in range(3)]
    return diff(unchanged + [text.format(old) for text in edited],
                unchanged + [text.format(new) for text in edited])


@pytest.mark.parametrize("kept", [0, 2, 3 * MAX_KEPT_PER_REPLACEMENT])
def test_a_substitution_is_rolled_up_with_the_parts_that_keep_the_word(kept: int) -> None:
    (rollup,) = kept_and_replaced(kept, "shall", "should").replacements
    assert (rollup.old, rollup.new, rollup.count) == ("shall", "should", 3)
    assert len(rollup.exceptions) == kept


def test_a_word_kept_in_more_than_ten_parts_per_replacement_is_no_rollup() -> None:
    """`shall` -> `should` three times where 31 parts keep `shall` is rewording, not a rule."""
    assert not kept_and_replaced(3 * MAX_KEPT_PER_REPLACEMENT + 1, "shall", "should").replacements


def test_a_case_change_finds_the_old_case_still_written() -> None:
    """Folding case, every `shall` would be the new `Shall` too and no part would keep it."""
    (rollup,) = kept_and_replaced(2, "shall", "Shall").replacements
    assert (rollup.old, rollup.new) == ("shall", "Shall")
    assert rollup.exceptions == ("1-1-1.A", "1-1-1.B")
    assert not kept_and_replaced(31, "shall", "Shall").replacements


def test_a_change_of_number_finds_the_old_number_still_written() -> None:
    (rollup,) = kept_and_replaced(1, "officer", "officers").replacements
    assert rollup.exceptions == ("1-1-1.A",)
