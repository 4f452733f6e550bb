"""Defined terms: their addresses and how they changed.

A definition's term is its label: pairing by term is reported as `exact`
when the text is unchanged and `label` when it changed.

A definition is addressed as `<section>.def.<slug>`, the slug being the term
in lower case with every run of other characters turned into `-`
(`2-55-3.def.de-escalation`); a repeated slug gets `-2`, `-3`, ... in
document order. Definitions pair by explicit id, then by term (ignoring
case), then by very similar definition text (a renamed term). A renamed or
reworded definition is `modified`, one that changed sections is `moved`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from toolkit.diff.align import MOVE_MARGIN, MOVE_MIN_SCORE
from toolkit.diff.words import diff_words, is_editorial, normalized_words, word_dice
from toolkit.model import Change, ChangeOp, Definition, MatchedBy, Version

NON_SLUG = re.compile(r"[^a-z0-9]+")

KeyFunction = Callable[[Definition], str | None]


def definition_addresses(version: Version) -> tuple[str, ...]:
    """The address of each definition of a version, in order."""
    seen: Counter[str] = Counter()
    addresses = []
    for definition in version.definitions:
        slug = NON_SLUG.sub("-", definition.term.lower()).strip("-") or "term"
        base = f"{definition.section}.def.{slug}" if definition.section else f"def.{slug}"
        seen[base] += 1
        addresses.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return tuple(addresses)


def definition_text(definition: Definition) -> str:
    """What a reviewer compares: the term and its definition."""
    return f"{definition.term}: {definition.definition}"


def diff_definitions(old: Version, new: Version) -> list[tuple[int, int, Change]]:
    """One change per definition pair or lone definition, as (new position, old position, change)."""
    pairs = _align_definitions(old.definitions, new.definitions)
    old_addresses, new_addresses = definition_addresses(old), definition_addresses(new)
    changes = []
    for o, (n, matched_by) in pairs.items():
        same = definition_text(old.definitions[o]) == definition_text(new.definitions[n])
        evidence: MatchedBy = "label" if matched_by == "exact" and not same else matched_by
        change = _pair_change(old.definitions[o], new.definitions[n], evidence)
        changes.append((n, o, _addressed(change, (old_addresses[o],), (new_addresses[n],))))
    paired_new = {n for n, _ in pairs.values()}
    for o, address in enumerate(old_addresses):
        if o not in pairs:
            changes.append((_after(o, pairs), o, Change("removed", (address,), ())))
    for n, address in enumerate(new_addresses):
        if n not in paired_new:
            changes.append((n, -1, Change("added", (), (address,))))
    return changes


def _align_definitions(
    olds: tuple[Definition, ...], news: tuple[Definition, ...]
) -> dict[int, tuple[int, MatchedBy]]:
    pairs: dict[int, tuple[int, MatchedBy]] = {}
    passes: tuple[tuple[MatchedBy, KeyFunction], ...] = (("id", _id_key), ("exact", _term_key))
    for matched_by, key in passes:
        new_keys = _unique_keys(news, key, {n for n, _ in pairs.values()})
        for key_value, o in _unique_keys(olds, key, set(pairs)).items():
            if key_value in new_keys:
                pairs[o] = (new_keys[key_value], matched_by)
    _pair_renamed(olds, news, pairs)
    return pairs


def _pair_renamed(
    olds: tuple[Definition, ...], news: tuple[Definition, ...], pairs: dict[int, tuple[int, MatchedBy]]
) -> None:
    """Very similar definitions under different terms, each the other's clear best match."""
    taken = {n for n, _ in pairs.values()}
    free_old = [o for o in range(len(olds)) if o not in pairs]
    free_new = [n for n in range(len(news)) if n not in taken]
    words_old = {o: Counter(normalized_words(olds[o].definition)) for o in free_old}
    words_new = {n: Counter(normalized_words(news[n].definition)) for n in free_new}
    scores = {(o, n): word_dice(words_old[o], words_new[n]) for o in free_old for n in free_new}
    for (o, n), score in scores.items():
        rivals = [s for (o2, n2), s in scores.items() if (o2 == o) != (n2 == n)]
        if score >= MOVE_MIN_SCORE and all(score - rival >= MOVE_MARGIN for rival in rivals):
            pairs[o] = (n, "similar")


def _unique_keys(
    definitions: tuple[Definition, ...], key: KeyFunction, taken: set[int]
) -> dict[str, int]:
    values = [key(definition) for definition in definitions]
    counts = Counter(values)
    return {
        value: i for i, value in enumerate(values)
        if value is not None and counts[value] == 1 and i not in taken
    }


def _id_key(definition: Definition) -> str | None:
    return definition.id


def _term_key(definition: Definition) -> str | None:
    return definition.term.casefold()


def _pair_change(old: Definition, new: Definition, matched_by: MatchedBy) -> Change:
    old_text, new_text = definition_text(old), definition_text(new)
    op: ChangeOp = "unchanged"
    if old.section != new.section:
        op = "moved"
    elif old_text != new_text or old.sanction != new.sanction:
        op = "modified"
    return Change(
        op=op, old=(), new=(), matched_by=matched_by,
        score=round(word_dice(Counter(normalized_words(old_text)),
                              Counter(normalized_words(new_text))), 3),
        editorial=is_editorial(old_text, new_text) and old.sanction == new.sanction,
        inline=diff_words(old_text, new_text) if old_text != new_text else (),
    )


def _addressed(change: Change, old: tuple[str, ...], new: tuple[str, ...]) -> Change:
    return Change(change.op, old, new, change.matched_by, change.score, change.editorial,
                  change.inline)


def _after(old_position: int, pairs: dict[int, tuple[int, MatchedBy]]) -> int:
    """The new position of the closest paired definition before this one."""
    before = [pairs[o][0] for o in range(old_position) if o in pairs]
    return before[-1] if before else -1
