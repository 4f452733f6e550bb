"""Stage 6c: which side a whole clause stands on, read from the labels of its siblings.

A flattened redline prints a deleted clause and an inserted one like any other: the
words alone cannot tell them apart. Their labels can. Each side of a redline numbers its
clauses in sequence (`A.`, `B.`, `C.`); a renumbered clause shows both labels (`E.I.`:
old `E`, new `I`). So in `D. E. F. G. H. E.I. F.` the old side must run `D. E. F.` through
the doubled label, which leaves `E.` to `H.` on the new side only and the last `F.` on
the old side only; and `i. ... i. ... ii.` holds one `i.` of each side, the deleted first.

`place_clauses` finds, for every list of siblings, the reading with the fewest whole
clauses on one side that keeps both sides' labels in sequence. A label that fits neither
side's sequence is a break (extraction noise, a lost label) and costs more than a clause on
one side. Only a document read as a redline is read this way: on clean text a broken
sequence is kept as written.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from toolkit.importer.labels import FIRST_LABELS, successor
from toolkit.importer.nouns import Item, Nested, sibling_lists

WholeSide = Literal["old", "new"]
_Place = Literal["both", "old", "new"]

ONE_SIDE = 1.0
"""Cost of a whole clause on one side only."""
BREAK = 3.0
"""Cost of a label that does not follow its side's last label (once, whichever sides break)."""
DOUBLED_BREAK = 2 * BREAK
"""... and of a doubled label that does not: the redline printed it to fit its sequences."""
LATE_START = 0.5
"""Cost of a side's list that starts past its first label."""
REWRITE_SHARE = 0.6
"""Share of the shorter clause's words that its rewrite keeps."""
REWRITE_WORDS = 3
"""Fewer words than this are too few to tell a rewrite."""
_EARLIER_DELETION = 0.001
"""A deleted clause is printed before the clause that replaces it: the lighter reading."""


@dataclass(frozen=True)
class _State:
    """After some siblings: the last label on each side, and the reading so far."""

    old: str | None
    new: str | None
    places: tuple[_Place, ...]
    breaks: int = 0
    """Labels that follow neither side's sequence."""


def place_clauses(roots: Sequence[Nested]) -> dict[int, WholeSide]:
    """The first line of every clause that stands on one side only, with that side."""
    return {item.line: place for item, place, _ in _one_sided(roots)}


def renumbered_clauses(roots: Sequence[Nested]) -> int:
    """Clauses put on one side by a renumbered label: evidence that the text is a redline.

    A clause beside its rewrite is not: clean text repeats a clause and extends it too.
    """
    return sum(1 for _, _, renumbered in _one_sided(roots) if renumbered)


def _one_sided(roots: Sequence[Nested]) -> Iterator[tuple[Item, WholeSide, bool]]:
    """Each clause on one side only, its side, and whether a renumbered label placed it."""
    for siblings in sibling_lists(roots):
        labelled = [node.item for node in siblings if node.item.label is not None]
        places, breaks = read_places(labelled)
        # A renumbered label vouches for the reading of a list that it explains whole; where
        # the list breaks, or nothing was renumbered, only a clause beside its rewrite counts.
        renumbered = not breaks and any(item.old_label != item.label for item in labelled)
        for index, (item, place) in enumerate(zip(labelled, places, strict=True)):
            if place != "both" and (renumbered or _rewritten(labelled, places, index)):
                yield item, place, renumbered


def _rewritten(items: Sequence[Item], places: Sequence[_Place], index: int) -> bool:
    """Without a renumbered label, only a clause beside its rewrite (same label, much of its
    wording) is read one-sided: a label printed twice is otherwise a lost or misread label."""
    other = index + 1 if places[index] == "old" else index - 1
    if not 0 <= other < len(items) or {places[index], places[other]} != {"old", "new"}:
        return False
    return items[other].label == items[index].label and shares_wording(items[index], items[other])


def shares_wording(one: Item, two: Item) -> bool:
    """The shorter clause's words are mostly in the longer one, in order (but not all of the
    longer one's: the same clause twice is a repeated block, not a rewrite)."""
    first, second = _words(one), _words(two)
    if min(len(first), len(second)) < REWRITE_WORDS or first == second:
        return False
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    return common >= REWRITE_SHARE * min(len(first), len(second))


def _words(item: Item) -> list[str]:
    return [word.lower() for line in item.lines for word in line.text.split()]


def read_places(items: Sequence[Item]) -> tuple[tuple[_Place, ...], int]:
    """The cheapest reading of one list of labelled siblings, and how many labels it breaks.

    A list is read two-sided only where the reading breaks nothing (see the module's docstring).
    """
    states: dict[tuple[str | None, str | None], tuple[float, _State]] = {
        (None, None): (0.0, _State(None, None, ()))
    }
    for index, item in enumerate(items):
        following: dict[tuple[str | None, str | None], tuple[float, _State]] = {}
        for cost, state in states.values():
            for step_cost, step in _steps(state, item, index):
                key = (step.old, step.new)
                total = cost + step_cost
                if key not in following or total < following[key][0]:
                    following[key] = (total, step)
        states = following
    best = min(states.values(), key=lambda entry: entry[0])[1]
    return best.places, best.breaks


def _steps(state: _State, item: Item, index: int) -> Iterator[tuple[float, _State]]:
    """Each place the item may take after `state`, with its cost."""
    old_label = item.old_label or item.label
    new_label = item.label
    assert old_label is not None and new_label is not None
    both = _start(state.old, old_label) + _start(state.new, new_label)
    broken = not (_fits(state.old, old_label) and _fits(state.new, new_label))
    if broken:
        both = DOUBLED_BREAK if old_label != new_label else BREAK
    yield both, _State(old_label, new_label, (*state.places, "both"), state.breaks + broken)
    if old_label != new_label or item.old_label == "":
        return  # a doubled label (or a note labelled, `NOTE: 4.`) stands on both sides
    if _fits(state.old, old_label):
        cost = ONE_SIDE + _start(state.old, old_label) + _EARLIER_DELETION * index
        yield cost, _State(old_label, state.new, (*state.places, "old"), state.breaks)
    if _fits(state.new, new_label):
        yield ONE_SIDE + _start(state.new, new_label), _State(
            state.old, new_label, (*state.places, "new"), state.breaks)


def _fits(last: str | None, label: str) -> bool:
    return last is None or label in _successors(last)


def _successors(label: str) -> set[str]:
    """What may follow a label: `B` after `A`, `2` after `1`, `iii` or `j` after `ii`/`i`."""
    if label.isdigit():
        return {successor(label, "digit")}
    following = {successor(label, "lower")}
    roman = successor(label.lower(), "roman")
    if roman:
        following.add(roman.upper() if label.isupper() else roman)
    return following - {""}


def _start(last: str | None, label: str) -> float:
    return LATE_START if last is None and label not in FIRST_LABELS else 0.0

