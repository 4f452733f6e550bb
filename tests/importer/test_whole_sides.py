"""Whole clauses and paragraphs on one side of a flattened redline: golden outlines.

Each case in fixtures/whole_sides.txt is a small redline excerpt in the shape of a defect
seen on the LibreOffice-printed redlines (`fixtures/pdf/`), with the outline of each side a
careful reader recovers: labels and each clause's first four and last three words (the
word-level decoder is pinned elsewhere; here only where whole clauses and sentences stand).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it.utils import read_fixture_file

from toolkit.check import check_paths, has_errors
from toolkit.importer import ImportSide, import_text, render_import_markdown
from toolkit.importer.labels import read_label
from toolkit.model import Clause, Version
from toolkit.parse import parse_version

sys.path.insert(0, str(Path(__file__).parent))
from test_importer_lossless import lost_words

CASES = read_fixture_file(Path(__file__).parent / "fixtures" / "whole_sides.txt")
FIRST, LAST = 4, 3


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
    if len(words) <= FIRST + LAST:
        return " ".join(words)
    return f"{' '.join(words[:FIRST])} ... {' '.join(words[-LAST:])}"


@pytest.mark.parametrize(("line", "title", "text", "expected"), CASES,
                         ids=[case[1] for case in CASES])
def test_each_side_stands_as_a_reader_recovers_it(line: int, title: str, text: str,
                                                  expected: str) -> None:
    result = import_text(text, "excerpt.txt", redline=True)
    got = f"old:\n{side_outline(result.old)}\nnew:\n{side_outline(result.new)}\n"
    assert got == expected


@pytest.mark.parametrize(("line", "title", "text", "expected"), CASES,
                         ids=[case[1] for case in CASES])
def test_each_side_checks_clean(line: int, title: str, text: str, expected: str,
                                tmp_path: Path) -> None:
    result = import_text(text, "excerpt.txt", redline=True)
    sides: tuple[ImportSide | None, ...] = ("old", "new", None)
    for number, side in enumerate(sides):
        path = tmp_path / result.policy / f"v{number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_import_markdown(result, side, f"v{number}"), encoding="utf-8")
    diagnostics = check_paths(sorted((tmp_path / result.policy).iterdir()))
    assert not has_errors(diagnostics), "\n".join(map(str, diagnostics))


def test_a_struck_note_before_a_label_is_an_unlabelled_paragraph_on_the_old_side() -> None:
    label = read_label("NOTE: 4.       Nothing in this policy precludes the oversight")
    assert label is not None
    assert (label.label, label.old_label, label.struck) == ("4", "", 1)
    assert label.text == "NOTE: Nothing in this policy precludes the oversight"
    # Clean text writes a note's label first: clause 4 on both sides, its note its text.
    label = read_label("4.      NOTE: Nothing in this policy precludes the oversight")
    assert label is not None and (label.label, label.old_label) == ("4", "4")


def test_the_marked_side_shows_the_label_the_note_gained() -> None:
    text = next(case[2] for case in CASES if case[1].startswith("a note the revision"))
    marked = render_import_markdown(import_text(text, "excerpt.txt", redline=True))
    assert "{++4.++} {--NOTE:--} A member who cannot complete the test" in marked


WORDS = st.sampled_from(["Members", "will", "test", "the", "radio", "before", "each", "tour",
                         "of", "duty.", "report", "a", "fault;", "and", "such", "as:", "This",
                         "directive", "directive:"])
LABELS = st.sampled_from(["A.", "B.", "C.", "1.", "2.", "3.", "4.", "a.", "b.", "2. 3.",
                          "NOTE: 4.", "NOTE: b.", "This directive A.", "NOTE:"])
LINES = st.one_of(
    st.builds(lambda label, words: f"{label}      {' '.join(words)}", LABELS,
              st.lists(WORDS, min_size=1, max_size=10)),
    st.sampled_from(["This directive:", "II.     Policy", "III.    Procedures"]),
    st.lists(WORDS, min_size=1, max_size=10).map(" ".join),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=25))
# A note labelled where the list-by-list reading runs (the labels break): both sides.
@example(["II.     Policy", "NOTE: b.      Members", "A.      Members", "A.      Members",
          "A.      Members", "a.      Members"])
# Both sections read as struck, then a clause inserted: the clause had no section on its side.
@example(["II.     Policy", "This directive:", "directive will", "A.      as:", "A.      Members"])
# A section read as struck whose own text reads differently on the new side: both sides.
@example(["II.     Policy", "This directive:", "directive will", "A.      Members",
          "II.     Policy"])
def test_whole_side_readings_lose_no_word_and_parse(lines: list[str]) -> None:
    text = "\n".join(["Riverside Police Department General Order G05-09", "Radios", "",
                      "I.      Purpose", *lines])
    result = import_text(text, "random.txt", redline=True)
    assert lost_words(text, result) == []
    for side in ("old", "new", None):
        parse_version(render_import_markdown(result, side), f"{side}.md")



CLEAN_NOTE = """Riverside Police Department General Order G05-02
Radio Checks

I.      Purpose
This directive sets out how members check their radios before each tour.
II.     Policy
A.      Members will test the radio at the start of each tour of duty.
1.      Members will report a radio that fails the test to the watch supervisor.
2.      Members will carry a spare battery for the radio on every tour of duty.
NOTE: 3.      A member who cannot complete the test will say why in the radio book.
B.      Members will keep the radio on the channel the dispatcher assigns.
"""


def test_a_note_before_a_label_in_clean_text_is_the_same_clause_on_both_sides() -> None:
    result = import_text(CLEAN_NOTE, "excerpt.txt")
    assert not result.redline and result.old == result.new


ABBREVIATED_REFERENCES = """GENERAL ORDER 7-10
USE OF RADIOS

I.      Policy
A.      Members will test the radio at the start of each tour of duty.
B.      Members will keep the radio on the channel the dispatcher assigns.
II.     References
G.O. 4-12, Radio Procedures
G.O. 4-15, Emergency Channels
G.O. 5-02, Vehicle Equipment
S.O. 2-21, Special Events
S.O. 2-30, Mutual Aid
O.C. spray and radios are issued together at roll call.
"""


def test_abbreviations_opening_lines_of_clean_text_are_no_renumbering() -> None:
    # `G.O.` (a General Order) reads like the doubled label of a renumbered clause (`E.I.`);
    # the same pair line after line is no renumbering, and in clean text both letters stay
    # and both sides read the same.
    result = import_text(ABBREVIATED_REFERENCES, "references.txt")
    assert not result.redline and result.old == result.new
    words = render_import_markdown(result, "new").split()
    printed = [word for line in ABBREVIATED_REFERENCES.splitlines()[7:] for word in
               line.split()[0].replace(".", ". ").split()]
    assert [words.count(letter) for letter in ("G.", "S.", "O.", "C.")] == \
        [printed.count(letter) for letter in ("G.", "S.", "O.", "C.")] == [3, 2, 6, 1]


REPLACED_CONTENTS = """Vehicle pursuits
Table of contents This chapter contains the following topics: Summary
Overview •  Principles •  Definitions Deciding to pursue •  Motorcyclists
•  Ending a pursuit Reporting •  Pursuit reports •  Reviews
Summary The purpose of this chapter is to keep staff and the public safe.
Table of contents This chapter contains the following topics: Principles ........ 2
Definitions ......................................... 2
Deciding to pursue .................................. 3
Ending a pursuit .................................... 4
Reporting ........................................... 5
Principles
Staff pursue only when the need outweighs the risk.
Definitions
A pursuit is an attempt to stop a driver who flees.
Deciding to pursue
The pursuit controller decides whether a pursuit goes on.
Ending a pursuit
Any officer may end a pursuit.
Reporting
Every pursuit is reported before the end of the shift.
"""


def test_a_redline_that_replaced_its_contents_gives_each_side_its_own() -> None:
    """The struck contents (flowed, with bullets) and what was struck with it before the new
    contents stand on the old side; the new contents (with leaders) on the new side."""
    result = import_text(REPLACED_CONTENTS, "p.txt", redline=True)
    sides = {side: " ".join(a.text for a in result.artifacts if a.side in (side, "both"))
             for side in ("old", "new")}
    assert "Motorcyclists" in sides["old"] and "Motorcyclists" not in sides["new"]
    assert "keep staff and the public safe" in sides["old"]
    assert "keep staff and the public safe" not in sides["new"]
    assert "Reporting ....." in sides["new"] and "Reporting ....." not in sides["old"]
    assert [s.title for s in result.new.sections] == [
        "Principles", "Definitions", "Deciding to pursue", "Ending a pursuit", "Reporting"]
    clean = import_text(REPLACED_CONTENTS, "p.txt", redline=False)
    assert {a.side for a in clean.artifacts} == {"both"}  # not a redline: contents of both
