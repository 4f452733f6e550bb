"""Rollups: the same substitution made in many clauses, reported once."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import pairwise

from toolkit.model import Change, InlineOp, Replacement

MIN_REPLACEMENTS = 3
"""A substitution made this many times ..."""
MIN_CHANGES = 2
"""... in at least this many changes is systematic."""


def find_replacements(changes: Iterable[Change]) -> tuple[Replacement, ...]:
    """Substitutions (a deletion right before an insertion) repeated across changes, most first."""
    made: Counter[tuple[str, str]] = Counter()
    where: Counter[tuple[str, str]] = Counter()
    for change in changes:
        found = list(substitutions(change.inline))
        made.update(found)
        where.update(set(found))
    systematic = [
        Replacement(old, new, count)
        for (old, new), count in made.items()
        if count >= MIN_REPLACEMENTS and where[(old, new)] >= MIN_CHANGES
    ]
    return tuple(sorted(systematic, key=lambda r: (-r.count, r.old, r.new)))


def substitutions(inline: tuple[InlineOp, ...]) -> Iterator[tuple[str, str]]:
    """(deleted, inserted) words of each replacement in a word diff, whitespace trimmed."""
    for first, second in pairwise(inline):
        if first.op == "delete" and second.op == "insert":
            old, new = _without_shared_ends(first.text.strip(), second.text.strip())
            if old and new:
                yield from _repeats(old.split(), new.split())


PIECE = re.compile(r"\w+|[^\w\s]")


def _without_shared_ends(old: str, new: str) -> tuple[str, str]:
    """Drop the word pieces both ends share: `individual's` -> `person's` is
    `individual` -> `person` (words keep their apostrophes in a word diff)."""
    old_pieces, new_pieces = list(PIECE.finditer(old)), list(PIECE.finditer(new))
    start = 0
    while (start < min(len(old_pieces), len(new_pieces)) - 1
           and old_pieces[start].group() == new_pieces[start].group()):
        start += 1
    end = 0
    while (end < min(len(old_pieces), len(new_pieces)) - start - 1
           and old_pieces[-1 - end].group() == new_pieces[-1 - end].group()):
        end += 1
    return _span(old, old_pieces, start, end), _span(new, new_pieces, start, end)


def _span(text: str, pieces: list[re.Match[str]], start: int, end: int) -> str:
    if not pieces:
        return text
    return text[pieces[start].start() : pieces[len(pieces) - 1 - end].end()].strip()


def _repeats(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """`officers officers` -> `sworn personnel sworn personnel` is one substitution made twice."""
    for times in range(len(old), 1, -1):
        if len(old) % times == 0 and len(new) % times == 0:
            old_unit, new_unit = old[: len(old) // times], new[: len(new) // times]
            if old == old_unit * times and new == new_unit * times:
                return [(" ".join(old_unit), " ".join(new_unit))] * times
    return [(" ".join(old), " ".join(new))]
