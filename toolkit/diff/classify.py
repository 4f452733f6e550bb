"""Classification: what kind of change each aligned group (or lone node) is.

One rule per kind, checked in this order: several nodes on one side make a
`split` or `merged`; a change of depth is `reparented`; a parent that is not
the old parent's counterpart, or an order that breaks the longest run of
siblings kept in order, is `moved`; a new label is `renumbered`; new text or
metadata is `modified`; anything else is `unchanged`. A move or renumbering
keeps its inline diff when the text changed too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from toolkit.diff.align import ROOT, Alignment, Group
from toolkit.diff.items import Item
from toolkit.diff.words import diff_words, is_editorial
from toolkit.model import Change, ChangeOp

SortKey = tuple[int, int, int]
"""Where a change sits in new-document order."""

ParentKey = tuple[tuple[int, ...], tuple[int, ...]]


def classify(alignment: Alignment) -> list[tuple[SortKey, Change]]:
    """One change per group and per unaligned node, each with its place in the new document."""
    groups = alignment.groups()
    in_order = _kept_in_order(alignment, groups)
    changes = [(_sort_key_new(group), _group_change(alignment, group, in_order)) for group in groups]
    changes += [
        (_sort_key_removed(alignment, item), _lone_change("removed", item, old=True))
        for item in alignment.old if item.index not in alignment.by_old
    ]
    changes += [
        ((item.index, 0, 0), _lone_change("added", item, old=False))
        for item in alignment.new if item.index not in alignment.by_new
    ]
    return changes


def _group_change(alignment: Alignment, group: Group, in_order: set[int]) -> Change:
    olds = [alignment.old[i] for i in group.old]
    news = [alignment.new[i] for i in group.new]
    op = _op(alignment, group, olds, news, id(group) in in_order)
    old_text, new_text = _joined_text(olds), _joined_text(news)
    return Change(
        op=op,
        old=tuple(item.address for item in olds),
        new=tuple(item.address for item in news),
        matched_by=group.matched_by,
        score=group.score,
        editorial=is_editorial(old_text, new_text) and _sanctions(olds) == _sanctions(news),
        inline=diff_words(old_text, new_text) if old_text != new_text else (),
    )


def _op(alignment: Alignment, group: Group, olds: list[Item], news: list[Item], ordered: bool) -> ChangeOp:
    for kind, applies in OP_RULES:
        if applies(alignment, group, olds, news, ordered):
            return kind
    return "unchanged"


Rule = Callable[[Alignment, Group, list[Item], list[Item], bool], bool]

OP_RULES: tuple[tuple[ChangeOp, Rule], ...] = (
    ("split", lambda a, g, olds, news, ordered: len(news) > 1),
    ("merged", lambda a, g, olds, news, ordered: len(olds) > 1),
    ("reparented", lambda a, g, olds, news, ordered: olds[0].depth != news[0].depth),
    ("moved", lambda a, g, olds, news, ordered: not ordered),
    ("renumbered", lambda a, g, olds, news, ordered: olds[0].label != news[0].label),
    ("modified", lambda a, g, olds, news, ordered: _content(olds[0]) != _content(news[0])),
)


def _content(item: Item) -> tuple[str, str | None]:
    return item.text, item.node.sanction


def _sanctions(items: list[Item]) -> list[str | None]:
    return [item.node.sanction for item in items]


def _joined_text(items: list[Item]) -> str:
    return " ".join(item.text for item in items if item.text)


def _lone_change(op: ChangeOp, item: Item, old: bool) -> Change:
    addresses = (item.address,)
    return Change(op=op, old=addresses if old else (), new=() if old else addresses)


# -- order: which groups stayed under their parent's counterpart, in order -------------------


def _kept_in_order(alignment: Alignment, groups: list[Group]) -> set[int]:
    """Ids of the groups that sit under their old parent's counterpart, in sibling order."""
    families: dict[ParentKey, list[Group]] = defaultdict(list)
    for group in groups:
        parent = _parent_group(alignment, group)
        if parent is not None:
            families[(parent.old, parent.new)].append(group)
    kept: set[int] = set()
    for family in families.values():
        kept.update(id(group) for group in _longest_chain(alignment, family))
    return kept


def _parent_group(alignment: Alignment, group: Group) -> Group | None:
    """The group holding the parents of both sides, if one does (ROOT for sections)."""
    old_parents = {alignment.old[i].parent for i in group.old}
    new_parents = {alignment.new[i].parent for i in group.new}
    if old_parents == {None} and new_parents == {None}:
        return ROOT
    if None in old_parents or None in new_parents:
        return None
    parents = {id(alignment.by_old.get(p)) for p in old_parents if p is not None}
    parents |= {id(alignment.by_new.get(p)) for p in new_parents if p is not None}
    owner = alignment.by_old.get(min(p for p in old_parents if p is not None))
    return owner if len(parents) == 1 and owner is not None else None


def _longest_chain(alignment: Alignment, family: list[Group]) -> list[Group]:
    """The largest set of groups whose old and new orders agree.

    Ties go to the chain with more text, then to the smaller sum of positions,
    so that swapping the two versions keeps the same chain.
    """
    family = sorted(family, key=lambda g: min(g.old))
    if len(family) > 400:  # long flat lists: patience sorting, ties unbroken
        return _patience_chain(family)
    best: list[tuple[int, int, int, int]] = []  # (length, text size, -position sum, previous)
    for i, group in enumerate(family):
        weight = _text_size(alignment, group)
        positions = -(min(group.old) + min(group.new))
        choice = (1, weight, positions, -1)
        for j in range(i):
            if min(family[j].new) < min(group.new):
                length, size, position_sum, _ = best[j]
                candidate = (length + 1, size + weight, position_sum + positions, j)
                choice = max(choice, candidate, key=lambda c: c[:3])
        best.append(choice)
    chain, at = [], max(range(len(best)), key=lambda k: best[k][:3], default=-1)
    while at >= 0:
        chain.append(family[at])
        at = best[at][3]
    return chain


def _patience_chain(family: list[Group]) -> list[Group]:
    import bisect

    tails: list[int] = []
    tail_index: list[int] = []
    previous: list[int] = []
    for i, group in enumerate(family):
        key = min(group.new)
        at = bisect.bisect_left(tails, key)
        if at == len(tails):
            tails.append(key)
            tail_index.append(i)
        else:
            tails[at], tail_index[at] = key, i
        previous.append(tail_index[at - 1] if at else -1)
    chain, at = [], tail_index[-1] if tail_index else -1
    while at >= 0:
        chain.append(family[at])
        at = previous[at]
    return chain


def _text_size(alignment: Alignment, group: Group) -> int:
    return sum(len(alignment.old[i].text) for i in group.old) + sum(
        len(alignment.new[i].text) for i in group.new
    )


# -- where each change goes in new-document order --------------------------------------------


def _sort_key_new(group: Group) -> SortKey:
    return (min(group.new), 0, 0)


def _sort_key_removed(alignment: Alignment, item: Item) -> SortKey:
    """Right after the new counterpart of the closest aligned node before it."""
    for index in range(item.index - 1, -1, -1):
        group = alignment.by_old.get(index)
        if group is not None:
            return (max(group.new), 1, item.index)
    return (-1, 1, item.index)
