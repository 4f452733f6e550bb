"""Moved fragments: text deleted from one part that reappears, reworded or not, in another.

Alignment pairs whole clauses; a sentence cut from 2-55-4.A.1.e.i and written
into a new clause 2-55-4.B.1.e is a deletion there and an addition here. This
stage finds such pairs in a change set, so a redline can link the two ends. It
claims no move: it reports where similar words went, with how alike they are.
A fragment is at least MIN_WORDS words, and at least one end must be part of a
clause (a whole removed clause matching a whole added one is alignment's call).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from toolkit.diff.texts import change_sides
from toolkit.diff.words import normalized_words, word_dice
from toolkit.model import Change, ChangeSet

MIN_WORDS = 8
"""Shorter runs ("shall", "the officer") recur everywhere by chance."""
MIN_SCORE = 0.6
"""How alike (word dice) the deleted and the inserted text must be."""


@dataclass(frozen=True)
class MovedFragment:
    """Deleted text of one change that reappears as inserted text of another."""

    old: Change
    """The change the text was deleted from."""
    new: Change
    """The change the text was inserted in."""
    score: float
    """Word similarity of the two texts, 0 to 1."""


@dataclass(frozen=True)
class _Piece:
    change: Change
    whole: bool
    """The whole text of an added or removed part, not a run inside a change."""
    words: Counter[str]


def find_moved_fragments(cs: ChangeSet) -> tuple[MovedFragment, ...]:
    """Each deleted piece paired with its most similar inserted piece elsewhere, if alike."""
    deleted, inserted = _pieces(cs, "delete"), _pieces(cs, "insert")
    found = []
    for piece in deleted:
        best = max(((word_dice(piece.words, other.words), other) for other in inserted
                    if other.change is not piece.change and not (piece.whole and other.whole)
                    and _sizes_allow(piece, other)),
                   key=lambda pair: pair[0], default=None)
        if best is not None and best[0] >= MIN_SCORE:
            found.append(MovedFragment(piece.change, best[1].change, round(best[0], 3)))
    return tuple(found)


def _sizes_allow(one: _Piece, other: _Piece) -> bool:
    """Dice is at most 2 * smaller / (both sizes): skip pairs whose sizes rule out MIN_SCORE."""
    small, large = sorted((one.words.total(), other.words.total()))
    return 2 * small >= MIN_SCORE * (small + large)


def _pieces(cs: ChangeSet, kind: str) -> list[_Piece]:
    sides = change_sides(cs)
    whole_op = "removed" if kind == "delete" else "added"
    pieces = []
    for change in cs.changes:
        if change.op == whole_op:
            text = sides[id(change)].old if kind == "delete" else sides[id(change)].new
            pieces.append(_piece(change, True, text))
        pieces += [_piece(change, False, op.text) for op in change.inline if op.op == kind]
    return [piece for piece in pieces if piece.words.total() >= MIN_WORDS]


def _piece(change: Change, whole: bool, text: str) -> _Piece:
    return _Piece(change, whole, Counter(normalized_words(text)))
