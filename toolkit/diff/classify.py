"""Classification: what kind of change each aligned group (or lone node) is.

One rule per kind, checked in this order: several nodes on one side make a
`split` or `merged`; a change of depth is `reparented`; a parent that is not
the old parent's counterpart is `moved`; a new label is `renumbered` (so is a
reordering under the same parent, which changes labels); new text or
metadata is `modified`; anything else is `unchanged`. A move or renumbering
keeps its inline diff when the text changed too.
"""

from __future__ import annotations

from collections.abc import Callable

from toolkit.diff.align import ROOT, Alignment, Group
from toolkit.diff.items import Item
from toolkit.diff.words import diff_words, is_editorial
from toolkit.model import Change, ChangeOp

SortKey = tuple[int, int, int]
"""Where a change sits in new-document order."""

def classify(alignment: Alignment) -> list[tuple[SortKey, Change]]:
    """One change per group and per unaligned node, each with its place in the new document."""
    changes = [(_sort_key_new(group), _group_change(alignment, group)) for group in alignment.groups()]
    changes += [
        (_sort_key_removed(alignment, item), _lone_change("removed", item, old=True))
        for item in alignment.old if item.index not in alignment.by_old
    ]
    changes += [
        ((item.index, 0, 0), _lone_change("added", item, old=False))
        for item in alignment.new if item.index not in alignment.by_new
    ]
    return changes


def _group_change(alignment: Alignment, group: Group) -> Change:
    if len(group.old) == 1 == len(group.new):
        return _pair_change(alignment, group, alignment.old[group.old[0]],
                            alignment.new[group.new[0]])
    olds = [alignment.old[i] for i in group.old]
    news = [alignment.new[i] for i in group.new]
    op = _op(alignment, group, olds, news)
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


def _pair_change(alignment: Alignment, group: Group, old: Item, new: Item) -> Change:
    """`_group_change` of one node paired with one node (nearly every group), the same
    rules without the lists: a policy holds thousands of pairs."""
    if old.depth != new.depth:
        op: ChangeOp = "reparented"
    elif not _same_parents(alignment, old, new):
        op = "moved"
    elif old.label != new.label:
        op = "renumbered"
    elif old.text != new.text or old.node.sanction != new.node.sanction:
        op = "modified"
    else:
        op = "unchanged"
    same_text = old.text == new.text
    return Change(
        op, (old.address,), (new.address,), group.matched_by, group.score,
        not same_text and is_editorial(old.text, new.text)
        and old.node.sanction == new.node.sanction,
        () if same_text else diff_words(old.text, new.text),
    )


def _same_parents(alignment: Alignment, old: Item, new: Item) -> bool:
    """`_parent_group` is not None, for one node on each side."""
    if old.parent is None or new.parent is None:
        return old.parent is None and new.parent is None
    owner = alignment.by_old.get(old.parent)
    return owner is not None and owner is alignment.by_new.get(new.parent)


def _op(alignment: Alignment, group: Group, olds: list[Item], news: list[Item]) -> ChangeOp:
    for kind, applies in OP_RULES:
        if applies(alignment, group, olds, news):
            return kind
    return "unchanged"


Rule = Callable[[Alignment, Group, list[Item], list[Item]], bool]

OP_RULES: tuple[tuple[ChangeOp, Rule], ...] = (
    ("split", lambda a, g, olds, news: len(news) > 1),
    ("merged", lambda a, g, olds, news: len(olds) > 1),
    ("reparented", lambda a, g, olds, news: olds[0].depth != news[0].depth),
    ("moved", lambda a, g, olds, news: _parent_group(a, g) is None),
    ("renumbered", lambda a, g, olds, news: olds[0].label != news[0].label),
    ("modified", lambda a, g, olds, news: _content(olds[0]) != _content(news[0])),
)
"""The first rule that applies names the change; the node itself is judged, so a clause
whose parent was renumbered or moved keeps its own op."""


def _content(item: Item) -> tuple[str, str | None]:
    return item.text, item.node.sanction


def _sanctions(items: list[Item]) -> list[str | None]:
    return [item.node.sanction for item in items]


def _joined_text(items: list[Item]) -> str:
    return " ".join(item.text for item in items if item.text)


def _lone_change(op: ChangeOp, item: Item, old: bool) -> Change:
    addresses = (item.address,)
    return Change(op=op, old=addresses if old else (), new=() if old else addresses)


# -- parents: did the node stay under its old parent's counterpart -------------------------


def _parent_group(alignment: Alignment, group: Group) -> Group | None:
    """The group holding the parents of both sides, if one does (ROOT for sections)."""
    old_parents = {alignment.old[i].parent for i in group.old}
    new_parents = {alignment.new[i].parent for i in group.new}
    if old_parents == {None} and new_parents == {None}:
        return ROOT
    if None in old_parents or None in new_parents:
        return None
    owners = {id(alignment.by_old.get(p)) for p in old_parents if p is not None}
    owners |= {id(alignment.by_new.get(p)) for p in new_parents if p is not None}
    owner = alignment.by_old.get(min(p for p in old_parents if p is not None))
    return owner if len(owners) == 1 and owner is not None else None


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
