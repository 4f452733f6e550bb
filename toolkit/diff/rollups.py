"""Rollups: the same substitution made in many clauses, reported once."""

from __future__ import annotations

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
            old, new = first.text.strip(), second.text.strip()
            if old and new:
                yield old, new
