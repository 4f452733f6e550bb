"""Extents: how far a glued change reaches on each side of its seam.

A seam (`officerssworn personnel of`) says where the deletion ends and the
insertion begins, not where they start and stop. The passes below weigh it,
most telling first: a phrase rewritten in place repeats its first and last
words; written numbers come twice (`sixty (60)`); a sentence cut short or run
on past its old end; a fixed expression is deleted whole; a new sentence
opening runs to its comma; and otherwise the insertion carries on only over a
tight word pair of the document (`sworn personnel`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from toolkit.importer.seams import SENTENCE_END, Proposal
from toolkit.importer.vocabulary import FUNCTION_WORDS, DocumentVocabulary, bare

_FIXED_EXPRESSIONS = (
    ("in", "order", "to"), ("prior", "to"), ("due", "to"), ("as", "well", "as"),
    ("in", "addition", "to"), ("with", "respect", "to"), ("such", "as"), ("at", "least"),
    ("as", "soon", "as"), ("in", "accordance", "with"),
)
_NUMBER = re.compile(r"^\(\d+\)[.,;:]?$")

REACH = 16
"""No pass looks further than this many words either side of a seam (the longest, 15 forward)."""


@dataclass(frozen=True)
class Extent:
    """How far a glued change reaches beyond its seam, how sure that is, and why."""

    back: int
    """Words before the glued token that also belong to the deletion."""
    forward: int
    """Words after the glued token that also belong to the insertion."""
    confidence: float
    rule: str


def weigh_extent(before: Sequence[str], after: Sequence[str], proposal: Proposal,
            vocabulary: DocumentVocabulary) -> Extent:
    """How far the deletion reaches back and the insertion forward from the meeting point.

    `before` ends with the deleted piece of the glued token, `after` starts with the
    inserted piece.
    """
    # A phrase rewritten in place repeats its first and last words: `include but ... to` /
    # `include, but ... to:`.
    repeated = _repeated_phrase(before, after)
    if repeated:
        return repeated
    # Numbers are written twice: `sixty (60)` / `ninety (90)`.
    if _NUMBER.match(before[-1]) and len(after) > 1 and _NUMBER.match(after[1].rstrip(".,;:")):
        return Extent(min(1, len(before) - 1), 1, 0.8, "number-pair")
    # A sentence cut short: `room without unnecessary delay.` / `room.`.
    if after[0][-1:] in ".;:" and len(before) > 2:
        for back in range(2, min(8, len(before)) + 1):
            if bare(before[-back]) == bare(after[0]):
                return Extent(back - 1, 0, 0.7, "sentence-shortened")
    # A sentence run on past its old end: `evidence.` / `evidence on the same day.`.
    if before[-1][-1:] in ".;:" and after[0][:1].islower():
        for forward, word in enumerate(after[:15]):
            if word[-1:] in ".;:":
                return Extent(0, forward, 0.7, "sentence-extended")
    # A fixed expression is deleted whole: `in order to` / `or`.
    for expression in _FIXED_EXPRESSIONS:
        if tuple(bare(word) for word in before[-len(expression):]) == expression:
            return Extent(len(expression) - 1, 0, 0.7, "fixed-expression")
    # A new sentence opening replaces an old one up to its comma: `When feasible` / `In ...,`.
    if proposal.rule == "case-glue":
        opening = _sentence_opening(before, after)
        if opening:
            return opening
    return Extent(0, _collocation_reach(before, after, vocabulary), 1.0, "")


def _repeated_phrase(before: Sequence[str], after: Sequence[str]) -> Extent | None:
    last = bare(before[-1])
    for back in range(2, min(8, len(before)) + 1):
        if bare(before[-back]) != bare(after[0]):
            continue
        for forward in range(2, min(back + 4, len(after)) + 1):
            if bare(after[forward - 1]) == last and _alike(before[-back:], after[:forward]):
                return Extent(back - 1, forward - 1, 0.85, "repeated-phrase")
    return None


def _alike(deleted: Sequence[str], inserted: Sequence[str]) -> bool:
    """Two phrases are versions of one another when most of their words agree."""
    old, new = [bare(word) for word in deleted], [bare(word) for word in inserted]
    return SequenceMatcher(None, old, new, autojunk=False).ratio() >= 0.6


def _sentence_opening(before: Sequence[str], after: Sequence[str]) -> Extent | None:
    back = 0
    while back + 1 < len(before) and back < 6 and not SENTENCE_END.search(before[-back - 2]):
        back += 1
    if back + 1 < len(before) and not SENTENCE_END.search(before[-back - 2]):
        return None
    for forward, word in enumerate(after[:9]):
        if word.endswith(","):
            return Extent(back, forward, 0.75, "sentence-opening")
    return None


def _collocation_reach(before: Sequence[str], after: Sequence[str],
                       vocabulary: DocumentVocabulary) -> int:
    """`officerssworn personnel`: extend the insertion while it reads as a known phrase."""
    forward = 0
    while forward + 1 < len(after) and forward < 3:
        inserted, following = after[forward], after[forward + 1]
        if inserted != inserted.rstrip(".,;:!?)]") or bare(following) in FUNCTION_WORDS:
            break  # a phrase ends at punctuation or where a function word starts the next one
        together = vocabulary.pair(inserted, following)
        if together < 2 or together < 0.6 * vocabulary.words[bare(inserted)]:
            break  # only a tight pair (`sworn personnel`) carries the insertion on
        if vocabulary.pair(before[-1], following):
            break
        forward += 1
    return forward
