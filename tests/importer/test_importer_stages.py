"""Each importer stage on its own, and golden outlines of whole small imports."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from toolkit.importer import import_text
from toolkit.importer.artifacts import classify_line, split_artifacts
from toolkit.importer.columns import read_items
from toolkit.importer.header import read_header
from toolkit.importer.labels import LabelledLine, label_kind, read_label, successor
from toolkit.importer.normalise import normalise_text
from toolkit.importer.nouns import Line
from toolkit.importer.sections import outline_document, policy_title
from toolkit.model import Reference

sys.path.insert(0, str(Path(__file__).parent))
from outline import outline

FIXTURES = Path(__file__).parent / "fixtures"
OUTLINES = read_fixture_file(FIXTURES / "outline.txt")


def lines_of(text: str) -> tuple[Line, ...]:
    return normalise_text(text)


@pytest.mark.parametrize(("line", "title", "raw", "expected"), OUTLINES,
                         ids=[case[1] for case in OUTLINES])
def test_outline_golden(line: int, title: str, raw: str, expected: str) -> None:
    assert outline(import_text(raw, "case.txt")) == expected.rstrip("\n"), f"outline.txt:{line}"


# --- normalise ----------------------------------------------------------------------------------


def test_normalise_folds_unicode_and_spaces_but_keeps_quotes() -> None:
    lines = normalise_text("  The \ufb01eld\u00a0 officer\u2019s  re\u00adport \n")
    assert lines == (Line(1, "The field officer\u2019s report"), Line(2, ""))


def test_normalise_keeps_the_characters_a_policy_prints_on_purpose() -> None:
    # NFKC would make these `TASERTM`, `2 1\u20442`, `m2`: other words than the policy's.
    text = "A TASER\u2122 \ufb01red; 2 \u00bd inches; 10 m\u00b2; \uff29. ok"
    assert normalise_text(text)[0].text == "A TASER\u2122 fired; 2 \u00bd inches; 10 m\u00b2; I. ok"


@pytest.mark.parametrize(("text", "first", "second"), [
    ("notify the appro-\npriate supervisor", "notify the appropriate", "supervisor"),
    ("the well-\nknown facts", "the well-known", "facts"),
    ("use de-\nescalation techniques", "use de-escalation", "techniques"),
    ("the Use of Force -\nReview", "the Use of Force -", "Review"),
    # Word's PDFs print Unicode's hyphen (U+2010; the non-breaking U+2011 folds into it).
    ("the decision\u2010\nmaking process", "the decision\u2010making", "process"),
    ("notify the appro\u2011\npriate supervisor", "notify the appropriate", "supervisor"),
    # A number or a form's code broken at its hyphen keeps the hyphen, not a space.
    ("the report (RPT-\n7.210) and the", "the report (RPT-7.210)", "and the"),
    ("closed from 0900-\n1000 daily", "closed from 0900-1000", "daily"),
    ("see section 4-\n1. The officer", "see section 4-", "1. The officer"),
])
def test_normalise_joins_words_hyphenated_across_lines(text: str, first: str, second: str) -> None:
    assert [line.text for line in normalise_text(text)] == [first, second]


# --- artifacts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "kind"), [
    ("5", "sanction"), ("N/A", "sanction"), ("7", "sanction"), ("12", "page-number"),
    ("Page 3 of 10", "page-number"), ("3 of 10", "page-number"), ("- 4 -", "page-number"),
    ("sop-2-55-de-escalation-redline.txt", "running-header"),
    ("5. Officers shall report.", None), ("2-55-4", None), ("None", None),
])
def test_classify_line(text: str, kind: str | None) -> None:
    assert classify_line(text) == kind


def test_artifact_lines_are_blanked_so_numbers_hold() -> None:
    kept, found = split_artifacts(lines_of("A. Text.\n5\nB. More."))
    assert [line.text for line in kept] == ["A. Text.", "", "B. More."]
    assert [(a.line, a.text, a.kind) for a in found] == [(2, "5", "sanction")]


def test_sanction_value_beside_a_clause_line_leaves_the_text_for_that_clause() -> None:
    # `pdftotext -layout` prints the sanction column on the clause's first line, far right.
    text = ("USE OF FORCE\n\n2-55-4\n\nDe-escalation\n\n"
            "A. De-escalation techniques are proactive actions and approaches that" + " " * 7
            + "7\nan officer uses to gain voluntary compliance.\n"
            "B. An officer's approach can influence whether a situation escalates.\n")
    result = import_text(text, "layout.txt")
    first, second = result.new.sections[0].children
    assert (first.text, first.sanction) == (
        ("De-escalation techniques are proactive actions and approaches that an officer uses "
         "to gain voluntary compliance."), "7")
    assert second.sanction is None


def test_a_number_after_a_short_gap_inside_the_text_stays_text() -> None:
    result = import_text("USE OF FORCE\n\n2-55-4\n\nScope\n\nA. See item   5\n", "layout.txt")
    assert result.new.sections[0].children[0].text == "See item 5"


# --- header -------------------------------------------------------------------------------------


def test_header_pairs_a_column_of_ids_with_the_column_of_titles() -> None:
    header = read_header(lines_of(
        "A. Related SOP(s)\n2-19\n2-52\n\nResponse to Behavioral Health Issues\n"
        "Use of Force: General\nB. Form(s)\nNone\nC. Other Resource(s)\nNone\n"
        "D. Rescinded Special Order(s)\nSO 21-58 Amendment to SOP 2-55"
    ))
    assert header.meta.related == (
        Reference("2-19", "Response to Behavioral Health Issues"),
        Reference("2-52", "Use of Force: General"),
    )
    assert header.meta.forms == () and header.meta.other_resources == ()
    assert header.meta.rescinds == (Reference("SO 21-58", "Amendment to SOP 2-55"),)
    assert header.warnings == ()


def test_header_warns_when_the_columns_do_not_pair() -> None:
    header = read_header(lines_of("A. Related SOP(s)\n2-19\n2-52\nResponse to Behavioral Health"))
    assert header.meta.related[1] == Reference("2-52", "")
    assert [(w.line, w.code) for w in header.warnings] == [(2, "header-pairing")]
    assert header.warnings[0].message == "2 numbers but 1 titles in a header table; paired in order"


# --- sections -----------------------------------------------------------------------------------


def test_section_number_and_title_on_separate_lines() -> None:
    found = outline_document(lines_of("TITLE\n2-55-1\n\nPurpose\n\nText.\n2-55-4\n Techniques\nA. x"))
    assert [(s.number, s.title, s.line) for s in found.sections] == [
        ("2-55-1", "Purpose", 2), ("2-55-4", "Techniques", 7)]
    assert found.policy == "2-55"


def test_sections_in_capitals_for_other_departments() -> None:
    found = outline_document(lines_of("GENERAL ORDER 410\nI. PURPOSE\nText.\nII. POLICY\nMore."))
    assert [(s.number, s.title) for s in found.sections] == [("I.", "PURPOSE"), ("II.", "POLICY")]
    assert (found.scheme, found.policy) == ("roman", "410")


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("USE OF FORCE: DE-ESCALATION", "x Use of Force: De-escalation y", "Use of Force: De-escalation"),
    ("USE OF FORCE AND THE PUBLIC", "", "Use of Force and the Public"),
    ("Already Cased", "", "Already Cased"),
    ("TASER (Electronic Control Devices).doc", "", "TASER (Electronic Control Devices)"),
    ("VEHICLE PURSUITS.DOCX", "", "Vehicle Pursuits"),
    ("Response Continuum Table of Contents", "", "Response Continuum"),
])
def test_policy_title(title: str, text: str, expected: str) -> None:
    assert policy_title(title, (Line(2, text),)) == expected


# --- labels -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("A. Text", LabelledLine("A", "A", "Text")),
    ("iv. Text", LabelledLine("iv", "iv", "Text")),
    ("12.", LabelledLine("12", "12", "")),
    ("E.I. Supervisors", LabelledLine("I", "E", "Supervisors", glued=True)),
    ("i.e. the text", None), ("U.S. Department", None), ("Text", None), ("2-55-4", None),
    ("A.1. mixed kinds", None),
])
def test_read_label(text: str, expected: LabelledLine | None) -> None:
    assert read_label(text) == expected


def test_label_kind_and_successor() -> None:
    assert label_kind("i", []) == "roman"
    assert successor("iv", "roman") == "v" and successor("h", "lower") == "i"
    assert successor("9", "digit") == "10"


def test_orphan_labels_are_kept_and_flagged() -> None:
    items, warnings = read_items(lines_of("a.\nb.\nc.\nOne;\nB. Next."))
    assert [(item.label, [line.text for line in item.lines]) for item in items] == [
        ("a", ["One;"]), ("b", []), ("c", []), ("B", ["Next."])]
    assert [w.code for w in warnings] == ["label-column", "orphan-label", "orphan-label"]
    assert warnings[1].message == 'label "b." has no text of its own; kept as an empty item'


# A page's labels printed after some of their texts (PDF text boxes read column by column):
# the first two of the column name the two paragraphs under `1.`, the last two those after it.
LABELS_AFTER_THEIR_TEXTS = """1.

A member may use force when it is necessary:

To make a lawful arrest; or

To defend a person from harm.

2.

A member may use deadly force only when it is necessary:

a.

b.

a.

b.

To defend a person from death; or

To stop a person who has shot at others.
"""


def test_a_label_column_gives_its_first_labels_to_the_list_before_it() -> None:
    items, warnings = read_items(lines_of(LABELS_AFTER_THEIR_TEXTS))
    assert [(item.label, item.lines[0].text.split()[:3]) for item in items] == [
        ("1", ["A", "member", "may"]), ("a", ["To", "make", "a"]), ("b", ["To", "defend", "a"]),
        ("2", ["A", "member", "may"]), ("a", ["To", "defend", "a"]), ("b", ["To", "stop", "a"])]
    assert [w.code for w in warnings] == ["label-column", "label-column"]


PARALLEL_AFTER_A_COLUMN = """Use of Force

1.

2.

3.

Members shall plan their approach before they reach the scene.

Members shall not escalate an encounter without need.

Members shall lower their force as resistance decreases.

If a member has no choice but force, the member uses only what is needed.
"""


def test_a_label_column_goes_to_the_first_paragraphs_that_read_as_its_items() -> None:
    items, _ = read_items(lines_of(PARALLEL_AFTER_A_COLUMN))
    assert [(item.label, item.lines[0].text.split()[:3]) for item in items][1:] == [
        ("1", ["Members", "shall", "plan"]), ("2", ["Members", "shall", "not"]),
        ("3", ["Members", "shall", "lower"]), (None, ["If", "a", "member"])]


@pytest.mark.parametrize("change", [
    ("plan their approach before they reach the scene.", "plan their approach as follows:"),
    ("2.\n\n3.", "2.\n\nIV."),  # labels of two lists
])
def test_a_label_column_keeps_its_labels_when_the_paragraphs_after_are_no_items(
        change: tuple[str, str]) -> None:
    # A colon opens a list of the first item's own; labels of two lists are no one list's
    # items: the column goes in order to the items it reaches, not to the paragraphs after.
    items, _ = read_items(lines_of(PARALLEL_AFTER_A_COLUMN.replace(*change)))
    lower = next(item for item in items if item.lines and "lower" in item.lines[0].text)
    assert lower.label is None


def test_a_label_column_keeps_its_labels_when_no_announced_list_before_it_wants_them() -> None:
    # The paragraphs before stand under a clause that announces nothing: they are its text.
    text = LABELS_AFTER_THEIR_TEXTS.replace("when it is necessary:", "when it is necessary.", 1)
    items, _ = read_items(lines_of(text))
    assert [item.label for item in items][:4] == ["1", None, None, "2"]


LABEL_AFTER_ITS_TEXT = """The Response Continuum:

1.

Is a concept used in incident handling that recognizes the level of resistance met
and the level of control the situation needs.
Is an overview that does not direct an officer on how much control to use in a situation.
2.
3.  Gives direction in the escalation and de-escalation of resistance and of control.
"""


def test_a_label_printed_after_its_text_takes_the_paragraph_above_it() -> None:
    """`2.` alone after `1.`'s two paragraphs run together: the second is item 2's (a short
    line ended the first). With no paragraph to take, the label stays empty, reported."""
    items, warnings = read_items(lines_of(LABEL_AFTER_ITS_TEXT))
    assert [(item.label, [line.text.split()[0] for line in item.lines]) for item in items] == [
        (None, ["The"]), ("1", ["Is", "and"]), ("2", ["Is"]), ("3", ["Gives"])]
    assert 'label "2." took the paragraph printed above it, under "1."; please confirm' in [
        w.message for w in warnings]
    joined = LABEL_AFTER_ITS_TEXT.replace("needs.\nIs an", "needs, and is an")
    items, warnings = read_items(lines_of(joined))
    assert [item.label for item in items if not item.lines] == ["2"]
    assert 'label "2." has no text of its own; kept as an empty item' in [
        w.message for w in warnings]


LISTS_IN_ONE_COLUMN = """Types of Resistance

1.

2.

3.

1.

2.

Psychological Intimidation - Non-verbal cues that show an unwillingness to cooperate.

Verbal Non-Compliance - Verbal responses that show an unwillingness to comply.

Passive Resistance - Physical actions that do not prevent the officer's control.
"""


def test_a_column_of_two_lists_gives_the_first_list_to_the_paragraphs_after_it() -> None:
    """`1.` to `3.` then `1.`, `2.` in one column, three parallel paragraphs after it: the
    first list's labels are theirs; the second list's stay empty (their paragraphs are on
    another page). A column of one list's labels out of order (`a.`, `b.`, `d.`) is no two
    lists: its labels go in order as before."""
    items, _ = read_items(lines_of(LISTS_IN_ONE_COLUMN))
    assert [(item.label, item.lines[0].text.split()[0] if item.lines else None)
            for item in items][1:] == [
        ("1", "Psychological"), ("2", "Verbal"), ("3", "Passive"), ("1", None), ("2", None)]
    scrambled = LISTS_IN_ONE_COLUMN.replace("1.\n\n2.\n\n3.\n\n1.\n\n2.",
                                            "a.\n\nb.\n\nd.\n\ne.\n\nf.")
    items, _ = read_items(lines_of(scrambled))
    assert [item.label for item in items if item.lines][1:] == ["a", None, None]


def _set_aside(text: str) -> set[str]:
    lines = tuple(Line(number, line) for number, line in enumerate(text.split("\n"), start=1))
    return {artifact.text for artifact in split_artifacts(lines)[1]}


def test_a_repeated_line_that_breaks_a_sentence_is_no_running_header() -> None:
    """`in the presence of` ends three clauses' first lines word for word: a line that ends
    in `of`, `the` or `shall` goes on, as no page's header does."""
    clause = ("{}. The award is presented in a formal ceremony in the presence of\n"
              "dignitaries and news media representatives.\n\n")
    text = "CITY POLICE\n\nAwards\n\n" + "".join(
        clause.format(n).replace("ceremony in the presence of\n", "ceremony\nin the presence of\n")
        for n in (1, 2, 3))
    assert "in the presence of" not in _set_aside(text)


@pytest.mark.parametrize("line", [
    "complaint by this department for non-judicial administrative action in accordance",
    "Requiring the Completion of a Tactical Response Report.\"",
    "Probable Cause: Reliable information in sufficient quantity and detail that would",
])
def test_a_repeated_line_of_a_sentence_is_no_running_header(line: str) -> None:
    """A line that opens in lower case, ends as a sentence does (a quote after the stop), or
    breaks off on `would` is a sentence's line, however often a text repeats it."""
    text = "CITY POLICE\n\nRules\n\n" + "".join(
        f"{n}. The officer reads the rule.\n{line}\nwith the other rules.\n\n" for n in (1, 2, 3))
    assert line not in _set_aside(text)


def test_a_subheading_each_section_repeats_is_no_running_header() -> None:
    """A text without page breaks whose header is printed in two lines together: the header
    goes, and `ETHICAL STANDARDS`, repeated under each canon apart from it, stays text."""
    page = ("Harbor Police Department\nPolicy Manual\n\nCANON {0}\n\nETHICAL STANDARDS\n\n"
            "Standard {0}.1:\nMembers shall uphold the law in everything they do on duty.\n"
            "Members shall treat every person with the same respect.\n\n")
    kept = _set_aside("".join(page.format(n) for n in ("ONE", "TWO", "THREE")))
    assert {"Harbor Police Department", "Policy Manual"} <= kept
    assert "ETHICAL STANDARDS" not in kept
