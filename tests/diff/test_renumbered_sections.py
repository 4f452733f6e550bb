"""Sections renumbered by an inserted section pair by where their clauses went.

Inserting a section near the top renumbers every section after it; with many
sections written from the same stock wording, neither the label nor the words
of a whole section say which old section is which new one, and scoring each
against all its siblings grows with the square of their number.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest

from toolkit.diff import align, diff_versions
from toolkit.model import ChangeSet
from toolkit.parse import parse_version

HEAD = '---\nid: "1-1"\ntitle: Test\nversion: "{name}"\nstatus: draft\neffective:\n---\n\n'
VOCABULARY = ["officers", "shall", "notify", "the", "supervisor", "report", "scene", "secure",
              "document", "evidence", "promptly", "record", "review", "assist", "individual"]
SECTIONS = 60
"""More sections than `align.SHARED_LIMIT`: every word is too common to make a candidate."""


def clause_texts() -> list[str]:
    """Distinct sentences of the same stock words (each used in well over 50 sections)."""
    return [" ".join(words).capitalize() + "." for words in combinations(VOCABULARY, 6)]


def document(sections: list[tuple[str, list[str]]]) -> str:
    lines = []
    for number, (title, clauses) in enumerate(sections, start=1):
        lines.append(f"## 1-1-{number} {title}\n")
        lines += [f"- **{chr(65 + i)}.** {text}" for i, text in enumerate(clauses)]
        lines.append("")
    return "\n".join(lines)


def renumbered_pair() -> ChangeSet:
    texts = iter(clause_texts())
    sections = [(f"Procedures, Part {k}", [next(texts) for _ in range(3)])
                for k in range(1, SECTIONS + 1)]
    inserted = ("Inserted Section", [next(texts) for _ in range(3)])
    old = parse_version(HEAD.format(name="old") + document(sections), "old.md")
    new = parse_version(HEAD.format(name="new") + document([inserted, *sections]), "new.md")
    return diff_versions(old, new)


def test_every_section_after_an_inserted_one_is_renumbered_not_its_clauses_moved() -> None:
    cs = renumbered_pair()
    sections = {(c.old, c.new) for c in cs.changes if c.op == "renumbered" and "." not in c.old[0]}
    assert sections == {((f"1-1-{k}",), (f"1-1-{k + 1}",)) for k in range(1, SECTIONS + 1)}
    assert [c.op for c in cs.changes if c.op in {"moved", "removed"}] == []
    assert sorted(c.new for c in cs.changes if c.op == "added") == [
        ("1-1-1",), ("1-1-1.A",), ("1-1-1.B",), ("1-1-1.C",)]


def test_voted_sections_are_never_scored_against_their_siblings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scored: list[int] = []
    made = align._Candidates

    def counted(olds: list[Any], news: list[Any], *args: Any) -> Any:
        scored.extend(item.index for item in olds if item.is_section)
        return made(olds, news, *args)

    monkeypatch.setattr(align, "_Candidates", counted)
    renumbered_pair()
    assert scored == []
