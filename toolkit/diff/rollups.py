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
            old, new = first.text.split(), second.text.split()
            if old and new:
                yield from _repeats(old, new)


def _repeats(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """`officers officers` -> `sworn personnel sworn personnel` is one substitution made twice."""
    for times in range(len(old), 1, -1):
        if len(old) % times == 0 and len(new) % times == 0:
            old_unit, new_unit = old[: len(old) // times], new[: len(new) // times]
            if old == old_unit * times and new == new_unit * times:
                return [(" ".join(old_unit), " ".join(new_unit))] * times
    return [(" ".join(old), " ".join(new))]
