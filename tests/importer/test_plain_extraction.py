"""Text as plain `pdftotext` prints it: each label, and each header caption, on a line of its
own above its text. It is read as the layout prints it (`A.  text` on one line)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.importer import ImportResult, import_text
from toolkit.importer.header import join_header_values
from toolkit.importer.labels import join_lone_labels, read_label
from toolkit.importer.nouns import Line
from toolkit.tree import walk


def _lines(text: str) -> tuple[Line, ...]:
    return tuple(Line(number, line.strip()) for number, line in enumerate(text.splitlines(), 1))


def _joined(text: str) -> list[str]:
    return [line.text for line in join_lone_labels(_lines(text))]


def test_a_label_alone_takes_the_line_below_it() -> None:
    assert _joined("A.\nMembers will carry a radio.\nB.\nMembers will test it.") == [
        "A.  Members will carry a radio.", "B.  Members will test it."]


def test_a_struck_label_above_its_new_one_reads_as_a_doubled_label() -> None:
    text = "A.\nMembers will carry a radio.\nE.\nD.\nMembers will test it.\n5.\nD.\nProhibitions."
    joined = _joined(text)
    assert joined[1:] == ["E.  D.  Members will test it.", "5.  D.  Prohibitions."]
    label = read_label(joined[1])
    assert label is not None and (label.old_label, label.label) == ("E", "D")


def test_two_labels_in_turn_are_a_doubled_label_only_where_every_label_stands_alone() -> None:
    alone = "A.\nMembers will carry a radio.\nB.\nC.\nMembers will test it.\nD.\nThey charge it."
    assert _joined(alone)[1] == "B.  C.  Members will test it."
    # Most labels written beside their text: `1.` / `2.` above two texts is a label column.
    mixed = ("A. Members will carry a radio.\nB. Members will test it.\nC. They charge it.\n"
             "1.\n2.\nthe radio's channel;\nthe radio's battery.")
    assert _joined(mixed)[3:5] == ["1.", "2."]


def test_a_label_column_and_bracketed_labels_are_left_as_printed() -> None:
    column = "a.\nb.\nc.\nthe first item;\nthe second item;\nthe third item."
    assert _joined(column) == column.splitlines()
    bracketed = "A.\nMembers will report:\n(c)\n(d)\nThe member intends to sue."
    assert _joined(bracketed)[1:4] == ["(c)", "(d)", "The member intends to sue."]


def test_a_new_label_at_a_line_s_end_takes_the_text_below_it() -> None:
    joined = _joined("4.\nDe-escalation. Members 2.\nDepartment members will use de-escalation.")
    assert joined == ["4.  De-escalation. Members 2.  Department members will use de-escalation."]
    label = read_label(joined[0])
    assert label is not None and (label.old_label, label.label) == ("4", "2")


def test_a_header_caption_takes_its_value_from_the_line_below_until_the_body() -> None:
    text = ("Issue Date: 16 October 2017 Effective Date:\n16 October 2017\nRescinds:\n"
            "1 January 2016 version\nI.  Purpose\nThis directive defines:\nA.  force.")
    joined = join_header_values(_lines(text))
    assert [line.text for line in joined] == [
        "Issue Date: 16 October 2017 Effective Date: 16 October 2017",
        "Rescinds: 1 January 2016 version", "I.  Purpose", "This directive defines:",
        "A.  force."]


LAYOUT = """Chicago Police Department General Order G09-01
Radio Use
Issue Date: 1 May 2020 Effective Date: 2 May 2020
Rescinds: 1 January 2016 Version
I.      Purpose
This directive outlines the use of Department radios by sworn members.
II.     Policy
A.      Members will carry a Department radio on every tour of duty.
B.      Members will test the radio at the start of each tour:
1.      its battery;
2.      its channel.
"""

PLAIN = """Chicago Police Department
General Order G09-01
Radio Use
Issue Date: 1 May 2020 Effective Date:
2 May 2020
Rescinds:
1 January 2016 Version
I.
Purpose
This directive outlines the use of Department radios by sworn members.
II.
Policy
A.
Members will carry a Department radio on every tour of duty.
B.
Members will test the radio at the start of each tour:
1.
its battery;
2.
its channel.
"""


def _outline(result: ImportResult) -> list[tuple[str, str]]:
    return [(s.number, f"{s.title} {s.text}") for s in result.new.sections] + [
        (c.address, c.text) for s in result.new.sections for c in walk(s.children)]


DIRECTIVE_LAYOUT = """POLICE DEPARTMENT
ANYTOWN, ILLINOIS

DIRECTIVE:        210-A

REFERENCE STANDARDS:     41.2.1      41.2.2
                         41.2.3

SUBJECT:     Vehicle Pursuits

PURPOSE:     This directive sets out when officers may pursue a vehicle.

I.    Starting a Pursuit

      A.     Officers may pursue a driver who flees a lawful stop.

      B.     Officers weigh the danger to the public before they pursue.

II.   Ending a Pursuit

      A.     A supervisor may end any pursuit.
"""

DIRECTIVE_PLAIN = """POLICE DEPARTMENT
ANYTOWN, ILLINOIS
DIRECTIVE:

210-A

REFERENCE STANDARDS:

41.2.1
41.2.3

SUBJECT:

41.2.2

Vehicle Pursuits

PURPOSE:

This directive sets out when officers may pursue a vehicle.

I.

Starting a Pursuit
A.

Officers may pursue a driver who flees a lawful stop.

B.

Officers weigh the danger to the public before they pursue.

II.

Ending a Pursuit
A.

A supervisor may end any pursuit.
"""


@pytest.mark.parametrize(("layout_text", "plain_text", "policy", "title", "clause"), [
    (LAYOUT, PLAIN, "G09-01", "Radio Use", ("G09-01.II.B.2", "its channel.")),
    # `DIRECTIVE: 210-A`: each caption a blank line above its value, the standards scattered
    # among the rows below, each label a blank line above its text.
    (DIRECTIVE_LAYOUT, DIRECTIVE_PLAIN, "210-A", "Vehicle Pursuits",
     ("210-A.II.A", "A supervisor may end any pursuit.")),
], ids=["chicago-order", "hanover-directive"])
def test_a_clean_plain_extraction_imports_as_its_layout_does(
        layout_text: str, plain_text: str, policy: str, title: str, clause: tuple[str, str]
) -> None:
    layout, plain = import_text(layout_text, "in.txt"), import_text(plain_text, "in.txt")
    assert not plain.redline and not plain.changes
    assert (plain.policy, plain.new.title) == (layout.policy, layout.new.title) == (policy, title)
    assert _outline(plain) == _outline(layout)
    assert clause in _outline(plain)


def test_the_standards_a_header_row_lists_stay_one_row() -> None:
    header = " ".join(a.text for a in import_text(DIRECTIVE_PLAIN, "d.txt").artifacts)
    assert "41.2.1 41.2.3 41.2.2" in header  # one row of standards, no section `41.2.1`


def test_labels_printed_as_a_column_apart_from_their_texts_are_left_as_printed() -> None:
    column = "Members will:\n\n1.\n\n2.\n\nCarry a radio.\n\nTest it."
    assert _joined(column) == column.splitlines()
    heading = "C.\n\nPOLICY:\n\nOfficers use only the force that is reasonable."
    assert _joined(heading) == heading.splitlines()  # a heading below its letter: the headings'


def test_a_block_of_labels_goes_to_as_many_paragraphs_after_it_in_order() -> None:
    """A page's labels printed as one block, then each clause's paragraph; a note is no clause
    of the list, and its paragraph stays under the clause before it."""
    text = ("ANYTOWN POLICE DEPARTMENT\nSUBJECT: RADIOS\n\nI.  POLICY\n\n"
            "A.\n\nB.\n\nC.\n\n"
            "Carrying. Members carry a radio on every shift.\n\n"
            "Testing. Members test the radio before each shift.\n\n"
            "NOTE:\n\nA radio that fails its test is exchanged at once.\n\n"
            "Reporting. Members report a lost radio to a supervisor.\n\n"
            "II.  PROCEDURE\n\nA.  Supervisors keep a list of radios.\n")
    section = import_text(text, "r.txt").new.sections[0]
    clauses = [(clause.label, clause.text.split(".")[0]) for clause in section.children]
    assert clauses == [("A", "Carrying"), ("B", "Testing"), ("C", "Reporting")]
    note = " ".join(child.text for child in walk(section.children[1].children))
    assert note == "NOTE: A radio that fails its test is exchanged at once."


NUMERALS_APART = """POLICE DEPARTMENT
ANYTOWN, ILLINOIS
DIRECTIVE: 204-A
SUBJECT:

Radio Use

PURPOSE:

This directive sets out how members use their radios.

I.

II.

CARRYING RADIOS
A.

Members carry a radio on every shift.

TESTING RADIOS (41.2.1)
A.

Members test the radio before each shift.

III.

REPORTING LOSS
A.

Members report a lost radio to a supervisor.
"""


def test_roman_numbers_printed_apart_from_their_headings_number_them_in_turn() -> None:
    """Plain extraction prints a page's numerals as a block before the headings they number;
    the layout prints `I.  CARRYING RADIOS`. A standard after a heading (`(41.2.1)`) keeps it
    one."""
    result = import_text(NUMERALS_APART, "d.txt")
    assert (result.scheme, [(s.number, s.title) for s in result.new.sections]) == ("roman", [
        ("I.", "CARRYING RADIOS"), ("II.", "TESTING RADIOS (41.2.1)"), ("III.", "REPORTING LOSS")])
    skipped = NUMERALS_APART.replace("III.", "IV.")  # numerals out of turn: left as printed
    assert import_text(skipped, "d.txt").scheme == "headed"
    # A subheading in capitals, its letter printed apart too, takes no number: it is text.
    lettered = NUMERALS_APART.replace(
        "A.\n\nMembers carry", "A.\n\nDAILY CARRYING\n\nMembers carry")
    sections = import_text(lettered, "d.txt").new.sections
    assert [s.number for s in sections] == ["I.", "II.", "III."]
    assert "DAILY CARRYING" in " ".join(c.text for c in walk(sections[0].children))
    # Too few headings in capitals: a short title just below its numeral is one too.
    titled = NUMERALS_APART.replace("I.\n\nII.\n\nCARRYING RADIOS\n",
                                    "I.\n\nProcedure\nA.\n\nOfficers carry radios.\n\n"
                                    "II.\n\nIII.\n\nCARRYING RADIOS\n").replace(
        "III.\n\nREPORTING", "IV.\n\nREPORTING")
    assert [(s.number, s.title) for s in import_text(titled, "d.txt").new.sections] == [
        ("I.", "Procedure"), ("II.", "CARRYING RADIOS"), ("III.", "TESTING RADIOS (41.2.1)"),
        ("IV.", "REPORTING LOSS")]


TITLE_FURTHER_ON = """POLICE DEPARTMENT
ANYTOWN, ILLINOIS

DIRECTIVE: 110-A

SUBJECT:       Protection of Rights

I.

Procedure
A.

Duty to be Informed
1.

Employees learn the laws that bear on the rights of the people they serve.

2.

Training Unit
a.

II.

The Deputy Chief of Support Services, who oversees the training function
of the Department, gives employees a bulletin on each new court decision.

Rights Granted by the Constitution
A.

The Constitution guarantees many freedoms and rights.
"""


def test_a_numeral_alone_takes_its_title_a_few_paragraphs_on_not_a_wrapped_sentence() -> None:
    """Plain extraction prints `II.` with the label column, above the end of section I's
    text; its title stands two paragraphs on, above the first label of its own list. The
    sentence just below the numeral goes on in lower case: it is no title."""
    result = import_text(TITLE_FURTHER_ON, "d.txt")
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("I.", "Procedure"), ("II.", "Rights Granted by the Constitution")]
    first = " ".join(c.text for c in walk(result.new.sections[0].children))
    assert "The Deputy Chief of Support Services" in first and "II." not in first


NUMERALS_SOME_IN_A_BLOCK = """SUBJECT:       Profiling

PURPOSE:

This directive bans biased policing.

I.

BIASED POLICING
A.

Members do not stop people for who they are.

II.

B.

Members give their name when asked.

TRAFFIC STOP STUDY
A.

The department counts its stops each year.

III.

IV.

SUPERVISORY RESPONSIBILITY
A.

Supervisors review the stops each month.

TRAINING
A.

Members train each year.
"""


def test_numerals_printed_as_a_block_leave_every_title_to_be_numbered_in_turn() -> None:
    """Where a page's numerals stand in a block (`III.` / `IV.`), the headings in capitals
    are numbered in turn; a title found a few paragraphs below one numeral (`II.`) would
    leave the block's numerals without theirs."""
    result = import_text(NUMERALS_SOME_IN_A_BLOCK, "d.txt")
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("I.", "BIASED POLICING"), ("II.", "TRAFFIC STOP STUDY"),
        ("III.", "SUPERVISORY RESPONSIBILITY"), ("IV.", "TRAINING")]


_PIECES = ["A.", "B.", "E.", "D.", "1.", "2.", "III.", "II.", "(c)", "(d)", "", "Rescinds:",
           "Effective Date:", "16 October 2017", "Members will carry a radio.",
           "4. De-escalation. Members 2.", "the radio's channel;", "I.  Purpose", "SUBJECT:",
           "REFERENCE STANDARDS:", "26.1.4", "26.3.7 et al", "Radio Use", "POLICY:"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_joining_lines_keeps_every_word(texts: list[str]) -> None:
    """Labels join their texts in order; a header's standards join their row, which may stand
    above words they followed."""
    lines = tuple(Line(number, text) for number, text in enumerate(texts, 1))
    words = " ".join(texts).split()
    labels, header = join_lone_labels(lines), join_header_values(lines)
    assert " ".join(line.text for line in labels).split() == words
    assert sorted(" ".join(line.text for line in header).split()) == sorted(words)
    for joined in (labels, header):
        numbers = [line.number for line in joined]
        assert numbers == sorted(set(numbers))
