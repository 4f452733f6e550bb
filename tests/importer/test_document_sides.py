"""Sections and clauses on one side of a flattened redline, read from every label at once.

Each case is a defect seen on a LibreOffice-printed redline (`fixtures/pdf/`), made small.
"""

from __future__ import annotations

from toolkit.importer import import_text
from toolkit.importer.document_sides import Unit, read_document
from toolkit.importer.header import header_sides
from toolkit.importer.labels import read_label
from toolkit.model import Version
from toolkit.tree import walk

# Old: I, II Authority (A, B), III Policy (A-D). New: I, II Policy (A-E: D inserted), III
# Conditions (A, B). The deleted section comes first, the renumbered one reads `III. II.`.
RESTRUCTURED = """Chicago Police Department General Order G09-01
Radio Use

I.      Purpose
This directive outlines the use of Department radios by sworn members.
II.     Authority
A.      The Bureau of Technical Services issues a radio to every sworn member.
B.      The Bureau of Technical Services repairs radios returned by members.
III.    II.    Policy
A.      Members will carry a Department radio on every tour of duty.
B.      Members will test the radio at the start of each tour of duty.
C.      Members will report a broken radio to the watch supervisor.
D.      Members will keep the radio on the channel the dispatcher assigns.
D.      E.     Members will charge the radio at the end of each tour of duty.
III.    Conditions
A.      Members will speak clearly and identify themselves by beat number.
B.      Members will keep each message short and free of personal remarks.
"""


def _words(version: Version) -> str:
    parts = []
    for section in version.sections:
        parts.append(f"{section.number} {section.title} {section.text}".strip())
        parts.extend(f"{c.label or ''} {c.text}".strip() for c in walk(section.children))
    return " | ".join(parts)


def test_a_deleted_section_and_a_renumbered_one_stand_on_their_sides() -> None:
    result = import_text(RESTRUCTURED, "radio.txt", redline=True)
    old, new = _words(result.old), _words(result.new)
    assert "II. Authority" in old and "Authority" not in new
    assert [s.number for s in result.old.sections] == ["I.", "II.", "III."]
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("I.", "Purpose"), ("II.", "Policy"), ("III.", "Conditions")]
    assert "Conditions" not in old
    assert "keep the radio on the channel" in new and "keep the radio on the channel" not in old
    assert "speak clearly" in new and "speak clearly" not in old
    assert "charge the radio" in old and "charge the radio" in new
    assert any(c.rule == "label-sequence" for c in result.changes)


# Old: I, II Supply, III Policy, IV Reports. New: I, II Policy, III Charging, IV Conditions.
# The revision deleted II and IV and inserted III and IV: each side counts its sections on its
# own after the renumbered `III. II.`, so `III.` and `IV.` are printed twice, one a side's each.
RECOUNTED = """Chicago Police Department General Order G09-02
Radio Care

I.      Purpose
This directive outlines the care of Department radios by sworn members.
II.     Supply
The radio shop keeps a spare radio for each district and lends it for a tour of duty.
III.    II.    Policy
A.      Members will keep the radio clean and dry.
B.      Members will report a broken radio to the watch supervisor.
III.    Charging
A.      Members will charge the radio at the end of each tour of duty.
B.      Members will return a spare battery to the charging rack.
IV.     Conditions
A.      Members will not use the radio where a blasting cap may be near.
IV.     Reports
A.      Members will record every repair on the radio's service card.
B.      The watch supervisor will review the service cards each month.
"""


def test_a_number_printed_twice_after_a_renumbered_section_is_one_side_s_each() -> None:
    result = import_text(RECOUNTED, "radio.txt", redline=True)
    old, new = _words(result.old), _words(result.new)
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("I.", "Purpose"), ("II.", "Policy"), ("III.", "Charging"), ("IV.", "Conditions")]
    assert [(s.number, s.title) for s in result.old.sections] == [
        ("I.", "Purpose"), ("II.", "Supply"), ("III.", "Policy"), ("IV.", "Reports")]
    assert "blasting cap" in new and "blasting cap" not in old
    assert "service card" in old and "service card" not in new
    assert [w.line for w in result.warnings if w.code == "section-repeat"] == [11, 16]


def test_struck_words_between_two_labels_make_a_doubled_label() -> None:
    # `G. Firearms B. Firearm discharge ...`: old label, a struck word, the new label.
    label = read_label("G.     Firearms B. Firearm discharge incident investigations")
    assert label is not None and (label.old_label, label.label) == ("G", "B")
    assert label.text == "Firearms Firearm discharge incident investigations"
    # A citation or a named subsection is no doubled label; nor is a sub-label of another kind.
    for text in ("1. AMC 9.36.100 A.  No person may throw", "A. See Section B. for details",
                 "6.      Additional procedures. a. For further procedures"):
        found = read_label(text)
        assert found is not None and found.old_label == found.label, text


def test_the_clauses_under_an_inserted_clause_are_inserted_too() -> None:
    # `A. B. C.(new) 1. 2. 3. C.D.`: the list under the inserted C is the new side's only
    # (APD 2-55's `E. Sworn personnel shall: 1. 2. 3.` before `E. I.`).
    units = [Unit(1, "A", "A"), Unit(2, "B", "B"), Unit(3, "C", "C"), Unit(4, "1", "1"),
             Unit(5, "2", "2"), Unit(6, "3", "3"), Unit(7, "D", "C")]
    places, breaks = read_document(units)
    assert (places, breaks) == (("both", "both", "new", "new", "new", "new", "both"), ())


def test_a_bracketed_list_is_a_style_of_its_own() -> None:
    # `5. b. (1) (2) 6.`: `(1)` under `b.` does not restart the `5.`, `6.` list.
    units = [Unit(1, "5", "5"), Unit(2, "b", "b"), Unit(3, "1", "1", bracketed=True),
             Unit(4, "2", "2", bracketed=True), Unit(5, "6", "6")]
    assert read_document(units) == (("both",) * 5, ())


def test_doubled_labels_make_a_text_a_redline_but_decimal_numbers_do_not() -> None:
    doubled = RESTRUCTURED.replace("B.      Members will test", "B.      C.     Members will test")
    assert import_text(doubled, "radio.txt").redline
    decimal = ("Radio Use\n\nI.      Purpose\nThis directive outlines radio use.\n"
               "6.1.    Members carry a radio.\n6.2.    Members test the radio.\n"
               "6.3.    Members report a broken radio.\n")
    assert not import_text(decimal, "radio.txt").redline


def test_a_clause_the_labels_move_out_of_a_deleted_one_keeps_its_words() -> None:
    # Hypothesis found it: `A.` and its `1.` are read deleted, the second `1.` (nested under
    # `A.` by its kind) inserted; the new side must still hold it.
    text = "USE OF FORCE\nforce.;\nA. The\n1. The\n1. Aassess Aassess\nC.\n"
    result = import_text(text, "random.txt")
    new = [node.text for node in walk(result.new.sections)]
    assert any("Aassess" in text for text in new)


def test_a_list_after_an_inserted_clause_is_that_clause_s_own() -> None:
    # Held-out G03-02-02: `a.`(old) `a.`(new) `b.`(new) `(1)`-`(3)` `b.` `c.` `d.`(old) `c.`(new):
    # the bracketed list follows the inserted `b.`; it is no list under the deleted `a.`.
    units = [Unit(1, "2", "2"), Unit(2, "a", "a"), Unit(3, "a", "a"), Unit(4, "b", "b"),
             *(Unit(5 + n, str(n + 1), str(n + 1), bracketed=True) for n in range(3)),
             Unit(8, "b", "b"), Unit(9, "c", "c"), Unit(10, "d", "d"), Unit(11, "c", "c")]
    places, _ = read_document(units)
    assert places == ("both", "old", *("new",) * 5, "old", "old", "old", "new")


HEADER = [
    (5, "Chicago Police Department General Order G03-02-03"),
    (6, "Firearms Discharge Incidents Involving Sworn Members"),
    (7, "Issue Date: 16 October 2017 Effective Date: 16 October 2017"),
    (8, "Rescinds: 17 August 2016 Version; 28 December 2012 Version of S04-13-01; 30"),
    (9, "October 2014 Version of S03-02-04."),
    (10, "Firearm Discharge Incidents - Authorized Use and Post-Discharge Administrative"),
    (11, "Procedures"),
    (12, "Issue Date: 28 February 2020 Effective Date: 29 February 2020"),
    (13, "Rescinds: 16 October 2017 Version"),
    (14, "Index Category: Field Operations"),
]


def test_a_header_printed_twice_gives_each_side_its_rows() -> None:
    assert header_sides(HEADER) == {6: "old", 7: "old", 8: "old", 9: "old", 10: "new",
                                    11: "new", 12: "new", 13: "new"}
    assert header_sides(HEADER[:2] + HEADER[-1:]) == {}  # a header printed once: no sides


def test_a_redline_s_doubled_header_leads_each_side_s_text() -> None:
    rows = "\n".join(text for _, text in HEADER[2:4] + HEADER[7:])
    text = RESTRUCTURED.replace("Radio Use\n", f"Radio Use\n{rows}\n")
    result = import_text(text, "radio.txt", redline=True)
    old, new = result.old.sections[0].text, result.new.sections[0].text
    assert "16 October 2017" in old and "28 February 2020" not in old
    assert "28 February 2020" in new and "Index Category" in new
    assert not [a for a in result.artifacts if "Issue Date" in a.text]


def test_a_clause_replaced_by_one_of_its_kind_keeps_the_reading_whole() -> None:
    # `A.`(old) `A.`(new) `1.` `2.` `B.`: the second `A.` replaces the first (no list under
    # the deleted clause); the document-wide reading explains every label.
    units = [Unit(1, "II", "II", section=True, roman=True), Unit(2, "A", "A"),
             Unit(3, "A", "A"), Unit(4, "1", "1"), Unit(5, "2", "2"), Unit(6, "B", "B")]
    places, broken = read_document(units)
    assert (places[1:3], broken) == (("old", "new"), ())


MOVED = """Chicago Police Department General Order G09-01
Radio Use

I.      Purpose
This directive outlines the use of Department radios by sworn members.
II.     Policy
A.      Members will carry a Department radio on every tour of duty.
B.      Assessing Radio Use. Members make quick decisions about the radio. These
decisions must therefore be judged on the circumstances known at the time.
1.      These decisions must therefore be judged on the circumstances known at the time.
2.      Members will report a broken radio to the watch supervisor at once.
C.      Members will charge the radio at the end of each tour of duty.
"""


def test_a_sentence_moved_into_a_new_clause_is_deleted_where_it_stood() -> None:
    # Real G03-02: a paragraph's sentence struck, then a new list whose first clause holds it.
    result = import_text(MOVED, "radio.txt", redline=True)
    old = {n.label: n.text for n in walk(result.old.sections[1].children)}
    new = {n.label: n.text for n in walk(result.new.sections[1].children)}
    assert old["B"].endswith("known at the time.") and "1" not in old
    assert new["B"] == "Assessing Radio Use. Members make quick decisions about the radio."
    assert new["1"].startswith("These decisions") and "2" in new
    assert any(c.rule == "moved-sentence" for c in result.changes)


# The old list ends at `d.` with a full stop, the new one goes on with `; and` (its items end
# with `;`, as the old list's `c.` shows): `e.` is inserted whole, though `e.` follows `d.` on
# both sides.
GROWN_LIST = """Albuquerque Police Department Procedural Orders
De-escalation

2-55-1 Purpose
A. When feasible, the officer should:
a. Gather information about the incident;
b. Assess the potential risks to the individual(s), the officer(s), and others;
c. Coordinate resources; and
d. Communicate and coordinate a response. response; and
e. Request additional resources to best resolve the individual's crisis.
B. Officers shall document the de-escalation techniques they used.
"""

# The same list where every item ends with a full stop: a full stop ends no list there.
FULL_STOP_LIST = GROWN_LIST.replace("incident;", "incident.").replace("others;", "others.") \
    .replace("resources; and", "resources.")


def test_a_clause_after_a_list_the_old_side_ended_is_inserted_whole() -> None:
    result = import_text(GROWN_LIST, "grown.txt", redline=True)
    old, new = _words(result.old), _words(result.new)
    assert "Request additional resources" in new and "Request additional resources" not in old
    assert "d Communicate and coordinate a response." in old.replace("d.", "d")
    assert "Officers shall document" in old and "Officers shall document" in new
    assert [c.rule for c in result.changes if "Request" in c.new] == ["list-end"]
    assert [w.message for w in result.warnings if w.code == "redline-uncertain"
            and "whole" in w.message] == [
        ('read clause "e." as inserted whole: the clause before it ends the list on the other '
         "side (list-end); please confirm")]


def test_a_list_of_full_stops_does_not_end_at_a_full_stop() -> None:
    result = import_text(FULL_STOP_LIST, "stops.txt", redline=True)
    assert "Request additional resources" in _words(result.old)


# A clause split into a heading and a list: the inserted heading prints first, then the old
# clause with the list's first label inserted after its opening words.
SPLIT_CLAUSE = """Chicago Police Department General Order G03-02
Use of Force

III.    Use of Force - When Authorized
A.      Members will use force only when it is objectively reasonable.
5.      Prohibitions. Members will not use force as punishment.
6.      Additional procedures and prohibitions.
6.      Additional procedures. a. For further procedures on de-escalation, members will
refer to the Department directive titled "Force Options."
b.      For further procedures on weapons, members will refer to the Department directives.
B.      Members will report every use of force.
"""


def test_a_clause_split_into_a_heading_and_a_list_keeps_its_old_reading() -> None:
    result = import_text(SPLIT_CLAUSE, "split.txt", redline=True)
    old, new = _words(result.old), _words(result.new)
    assert ("| 6. Additional procedures. For further procedures on de-escalation, members will "
            'refer to the Department directive titled "Force Options." | B ') in old
    assert "6. Additional procedures and prohibitions. | a For further procedures" in new
    assert "For further procedures on weapons" in new
    assert "For further procedures on weapons" not in old
    assert [c.rule for c in result.changes if c.old == "Additional procedures."] == [
        "split-clause"]


def test_initials_or_an_opening_not_printed_before_are_no_label_inside_a_line() -> None:
    initials = SPLIT_CLAUSE.replace(
        "6.      Additional procedures. a. For", "6.      Additional procedures to Officer A. For")
    result = import_text(initials, "initials.txt", redline=True)
    assert "Additional procedures to Officer A. For further procedures" in _words(result.new)
    unprinted = SPLIT_CLAUSE.replace("6.      Additional procedures and prohibitions.\n",
                                     "6.      Other procedures and prohibitions.\n")
    result = import_text(unprinted, "unprinted.txt", redline=True)
    assert "Additional procedures. a. For further procedures" in _words(result.new)


# Real APD 2-55: a clause's last sentence struck and inserted, a few words edited, as a new
# clause of its own; the list under it was the old clause's list and stays on both sides.
MOVED_EDITED = """Albuquerque Police Department Procedural Orders
De-escalation

2-55-4 De-escalation Techniques and Guidelines
A. De-escalation techniques are proactive actions and approaches.
1. The following list of de-escalation techniques is not intended to establish an order of
priority. De-escalation techniques shall be used when feasible, and include but are not
limited to:
2. De-escalation techniques shall be used when feasible, and include, but may not be
limited to:
a. Using distance, cover, concealment, and/or time;
b. Using intermediate barriers.
B. Officers shall document the de-escalation techniques they used.
"""


def test_a_moved_sentence_with_a_few_words_edited_is_moved_with_its_list() -> None:
    result = import_text(MOVED_EDITED, "moved.txt", redline=True)
    old = {n.label: n.text for n in walk(result.old.sections[0].children)}
    new = {n.label: n.text for n in walk(result.new.sections[0].children)}
    assert old["1"].endswith("and include but are not limited to:") and "2" not in old
    assert new["1"].endswith("establish an order of priority.")
    assert new["2"] == ("De-escalation techniques shall be used when feasible, and include, "
                        "but may not be limited to:")
    assert old["a"] == new["a"] == "Using distance, cover, concealment, and/or time;"
    # On the old side the list stands under `1.`, whose sentence it followed.
    one = next(n for n in walk(result.old.sections[0].children) if n.label == "1")
    assert [child.label for child in one.children] == ["a", "b"]


_CHANGED_HEADER = """Chicago Police Department           General Order G03-02
Use of Force
Issue Date: 28 February 31 December 2020 Effective Date: 29 February 2020
15 April 2021
Index Category: Field Operations
I.     Purpose
This directive:
A.     sets forth Department policy regarding members' use of force.
B.     satisfies CALEA Law Enforcement Standard Chapter 4.
II.    Department Policy
A.     The Department's highest priority is the sanctity of human life.
"""


def test_a_redline_s_header_rows_stand_once_a_side_where_they_changed() -> None:
    rows = {(a.line, a.side): a.text for a in import_text(_CHANGED_HEADER, "g.txt", redline=True)
            .artifacts if a.kind == "preamble"}
    assert rows[3, "old"] == "Issue Date: 28 February 2020 Effective Date: 29 February 2020"
    assert rows[3, "new"] == "Issue Date: 31 December 2020 Effective Date: 15 April 2021"
    assert rows[5, "both"] == "Index Category: Field Operations"
    assert (4, "both") not in rows
    clean = import_text(_CHANGED_HEADER, "g.txt", redline=False).artifacts
    assert [a.side for a in clean if a.kind == "preamble"] == ["both"] * 4
