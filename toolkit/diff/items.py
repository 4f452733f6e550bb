"""Flattening a version into items: the nodes in document order with their family links.

Alignment and classification work on item indices (preorder positions), so
"is this a descendant of that" is a range check and nothing walks the tree twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from typing import Generic, TypeVar

from toolkit.diff.words import normalized_words, word_dice
from toolkit.model import Clause, Node, Section, Version

T = TypeVar("T")


class _once(Generic[T]):
    """`functools.cached_property` without its lock (Python 3.11 takes one for every value
    it computes): the diff computes a few for each of thousands of items."""

    def __init__(self, compute: Callable[[Item], T]) -> None:
        self.compute = compute
        self.name = compute.__name__

    def __get__(self, item: Item, owner: type | None = None) -> T:
        value = item.__dict__[self.name] = self.compute(item)  # found there from now on
        return value


@dataclass(eq=False)
class Item:
    """One section or clause of a version, placed in its tree (equal only to itself).

    Never changed once made, but not a frozen dataclass: a frozen one's `__init__` sets each
    field through `object.__setattr__`, four times as slow, and a diff makes one per node."""

    index: int
    """Preorder position in the version."""
    node: Node
    parent: int | None
    """Index of the parent item; None for a section."""
    depth: int
    """0 for a section, 1 for its clauses, and so on."""
    position: int
    """Position among its siblings."""
    last: int
    """Index of its last descendant (itself when it has none)."""
    children: tuple[int, ...]
    text: str
    """What alignment compares: a clause's text, a section's title and intro."""
    descendant_texts: tuple[str, ...] = field(default=(), repr=False)
    """For a section, the texts of its clauses, in order (its words are its subtree's)."""
    is_section: bool = False
    """True for a section (`flatten_version` sets it from the node): a plain field, not a
    property, since the passes ask it of every item, most of them several times."""

    @_once
    def words(self) -> Counter[str]:
        """The normalised words of `text`, counted; for a section, of its whole subtree,
        since a heading alone ("Procedures") says little about which section it is."""
        if self.is_section:
            return Counter(chain.from_iterable(map(normalized_words, self.subtree_texts)))
        return Counter(normalized_words(self.text))

    @_once
    def word_count(self) -> int:
        """How many words `words` counts."""
        if self.is_section:  # summed in C: a section holds tens of texts
            return sum(map(len, map(normalized_words, self.subtree_texts)))
        return len(normalized_words(self.text))

    @_once
    def subtree_texts(self) -> list[str]:
        """For a section, its text and every descendant's; for a clause, its own text."""
        return [self.text, *self.descendant_texts]

    @property
    def label(self) -> str | None:
        return self.node.label

    @property
    def address(self) -> str:
        return self.node.address

    def contains(self, index: int) -> bool:
        """True when the item at `index` is a strict descendant of this one."""
        return self.index < index <= self.last


def subtree_dice(old: Item, new: Item) -> float:
    """`word_dice(old.words, new.words)` for two sections; when they hold mostly the same
    texts (a section and its counterpart, compared once or twice), without counting the
    words of those texts (`dice_by_shared_texts`). Sections sharing less (candidates,
    each scored against many rivals) use their word bags, counted once each."""
    if old.subtree_texts == new.subtree_texts:
        return 1.0  # the same texts, so the same words (a fifth of the sections of a policy)
    old_rest, new_rest = _texts_apart(old.subtree_texts, new.subtree_texts)
    shared_texts = len(old.subtree_texts) - old_rest.total()
    if 2 * shared_texts < max(len(old.subtree_texts), len(new.subtree_texts)):
        return word_dice(old.words, new.words)
    return dice_by_shared_texts(old.word_count, new.word_count, old_rest, new_rest)


def _texts_apart(old: list[str], new: list[str]) -> tuple[Counter[str], Counter[str]]:
    """The texts of `old` not in `new` and those of `new` not in `old`, as multisets.

    Nearly always neither side repeats a text, and two set differences (in C) are the
    answer; else Counter subtraction (a loop in Python over every text)."""
    old_set, new_set = set(old), set(new)
    if len(old_set) == len(old) and len(new_set) == len(new):
        return Counter(old_set - new_set), Counter(new_set - old_set)
    old_texts, new_texts = Counter(old), Counter(new)
    return old_texts - new_texts, new_texts - old_texts


def dice_by_shared_texts(old_total: int, new_total: int, old_rest: Counter[str],
                         new_rest: Counter[str]) -> float:
    """`word_dice` of the words of two multisets of texts, holding `old_total` and
    `new_total` words, from the texts only one of them holds (`old_rest`, `new_rest`): with
    C the words of the shared texts and X, Y the rest, C is `old_total` less X, and
    min(C + X, C + Y) is C + min(X, Y) word by word, so only the words of X and Y are
    counted."""
    total = old_total + new_total
    if total == 0:
        return 1.0
    shared = old_total - sum(len(normalized_words(text)) * count
                             for text, count in old_rest.items())
    old_words, new_words = _words_of(old_rest), _words_of(new_rest)
    keys = old_words.keys() & new_words.keys()
    shared += sum(map(min, map(old_words.__getitem__, keys), map(new_words.__getitem__, keys)))
    return 2 * shared / total


def _words_of(texts: Counter[str]) -> Counter[str]:
    return Counter(chain.from_iterable(normalized_words(text) * count for text, count in texts.items()))


Side = tuple[Item, ...]
"""All items of one version, in document order (item.index == position in the tuple)."""


_RECENT: dict[int, tuple[Version, Side]] = {}
"""The last few versions flattened, by identity: the diff and its JSON flatten the same two."""
_RECENT_SIZE = 4


def flatten_version(version: Version) -> Side:
    """Every section and clause of a version as items, in document order."""
    recent = _RECENT.get(id(version))
    if recent is not None and recent[0] is version:
        return recent[1]
    items: list[Item] = []
    for position, section in enumerate(version.sections):
        _flatten(section, None, 0, position, items)
    side = tuple(items)
    if len(_RECENT) >= _RECENT_SIZE:
        del _RECENT[next(iter(_RECENT))]
    _RECENT[id(version)] = (version, side)
    return side


def compared_text(node: Node) -> str:
    """The text alignment compares: a section's title and intro, a clause's text."""
    if isinstance(node, Section):
        return f"{node.title}\n\n{node.text}" if node.text else node.title
    return node.text


def _flatten(node: Node, parent: int | None, depth: int, position: int, items: list[Item]) -> None:
    index = len(items)
    items.append(_RESERVED)  # its place in preorder, filled once its descendants are in
    child_indices = []
    child: Clause
    for child_position, child in enumerate(node.children):
        child_indices.append(len(items))
        _flatten(child, index, depth + 1, child_position, items)
    is_section = isinstance(node, Section)
    descendants = tuple(item.text for item in items[index + 1 :]) if is_section else ()
    items[index] = Item(index, node, parent, depth, position, len(items) - 1,
                        tuple(child_indices), compared_text(node), descendants, is_section)


_RESERVED = Item(-1, Clause(label=None, text="", address="", line=0), None, 0, 0, -1, (), "")
