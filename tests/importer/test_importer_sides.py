"""Whole clauses on one side of a flattened redline, read from their siblings' labels."""

from __future__ import annotations

from toolkit.importer import import_text
from toolkit.importer.labels import read_label
from toolkit.importer.nouns import Item, Line
from toolkit.importer.sides import read_places
from toolkit.tree import walk_version

HEAD = "SOP 9-1 Use of Radios\n\n9-1-1 Procedures\n\n"
INSERTED = HEAD + """A. Officers shall carry a radio on every shift.
B. Officers shall test the radio before each shift.
C. Officers shall report a broken radio to the sergeant at once.
D. Officers shall keep the radio on the channel the dispatcher assigns.
B. E. Officers shall wear an earpiece in a crowd.
"""
REWRITTEN = HEAD + """A. Officers shall carry a radio.
   i. Officers shall test the radio at the start of the shift;
   i. Officers shall test the radio at the start of each shift and after a repair;
   ii. Officers shall report a broken radio.
"""


def _item(label: str, old: str | None = None, text: str = "") -> Item:
    return Item(1, label, old or label, (Line(1, text),) if text else ())


def _labels(result_side: object) -> list[str | None]:
    return [node.label for node in walk_version(result_side)]  # type: ignore[arg-type]


def test_spaced_doubled_label_is_read_as_renumbered() -> None:
    # pdftotext -layout prints the struck and the inserted label apart: `E. I.`, `A.      C.`
    assert (read_label("E. I.      Supervisors shall").old_label, read_label("E. I. x").label) == (
        "E", "I")
    assert read_label("A. 1. Officers shall").label == "A"  # a label and a sub-label: no pair
    # ... but a label of an outer kind after one of an inner kind is one clause's old and new
    # label: it moved up a level (`5.` under `B.` became `D.`).
    assert (read_label("5.     D.      Prohibitions.").old_label,
            read_label("5.     D.      Prohibitions.").label) == ("5", "D")
    assert read_label("A. A. x").text == "A. x"


def test_inserted_clauses_before_a_renumbered_one_are_new_only() -> None:
    places, breaks = read_places([_item(x) for x in "ABCD"] + [_item("E", "B")])
    assert (places, breaks) == (("both", "new", "new", "new", "both"), 0)


def test_a_list_with_a_break_is_kept_as_written() -> None:
    places, breaks = read_places([_item(x) for x in ("A", "B", "D", "E")])
    assert places == ("both",) * 4 and breaks == 1


def test_redline_import_puts_whole_clauses_on_their_side() -> None:
    result = import_text(INSERTED, "radio.txt", redline=True)
    assert _labels(result.old) == ["9-1-1", "A", "B"]  # B printed `B. E.`
    assert _labels(result.new) == ["9-1-1", "A", "B", "C", "D", "E"]
    assert [n.text for n in walk_version(result.old)][-1] == (
        "Officers shall wear an earpiece in a crowd.")
    rules = {change.rule for change in result.changes}
    assert rules == {"label-sequence"}
    assert any(w.code == "redline-uncertain" and 'clause "B."' in w.message
               for w in result.warnings)


def test_a_clause_beside_its_rewrite_is_old_then_new() -> None:
    result = import_text(REWRITTEN, "radio.txt", redline=True)
    old = [n.text for n in walk_version(result.old)]
    new = [n.text for n in walk_version(result.new)]
    assert "Officers shall test the radio at the start of the shift;" in old
    assert "Officers shall test the radio at the start of the shift;" not in new
    assert "Officers shall test the radio at the start of each shift and after a repair;" in new


def test_clean_text_keeps_every_clause_on_both_sides() -> None:
    result = import_text(INSERTED, "radio.txt", redline=False)
    assert len(_labels(result.old)) == len(_labels(result.new)) == 6 and not result.changes


def test_a_repeated_label_with_other_words_is_no_rewrite() -> None:
    # The seed's `1. ... 1. ...`: a lost `2.`, not an old and a new clause.
    text = HEAD + ("A. Officers shall carry a radio.\n   1. An officer shall avoid taking "
                   "unnecessary actions.\n   1. An officer shall recognize their stress.\n")
    result = import_text(text, "radio.txt", redline=True)
    assert not [c for c in result.changes if c.rule == "label-sequence"]


def test_clauses_the_labels_put_on_one_side_make_the_document_a_redline() -> None:
    # No seam at all: three inserted clauses and a renumbered one are the evidence.
    result = import_text(INSERTED, "radio.txt")
    assert result.redline and {c.rule for c in result.changes} == {"label-sequence"}


def test_a_rewrite_counts_in_a_list_that_breaks_elsewhere() -> None:
    text = HEAD + """A. Officers shall carry a radio on every shift and test it.
A. Officers shall carry a radio on every shift.
B. Officers shall report a broken radio.
D. Officers shall keep the radio charged.
"""
    result = import_text(text, "radio.txt", redline=True)
    old = [n.text for n in walk_version(result.old)]
    assert "Officers shall carry a radio on every shift and test it." in old
    assert "Officers shall carry a radio on every shift." not in old


def test_the_same_clause_twice_is_no_rewrite() -> None:
    # A page extracted twice repeats its clauses word for word: a repeated block, not a change.
    text = HEAD + ("A. Officers shall carry a radio.\n   i. Officers shall test the radio daily;\n"
                   "   i. Officers shall test the radio daily;\n   ii. Officers shall report it.\n")
    result = import_text(text, "radio.txt", redline=True)
    assert not [c for c in result.changes if c.rule == "label-sequence"]
