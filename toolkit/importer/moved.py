"""Sentences a redline moved: struck where they stood, inserted as a clause of their own.

A revision that splits a paragraph into a list prints the paragraph with the sentences
it moves struck, then the new clauses that hold them: `D. ... situation. These decisions
must therefore be judged ... hindsight.` and, a few clauses on, `1. These decisions must
therefore be judged ... hindsight.` Flattened, the sentence reads twice. In a redline, a
sentence of `MOVED_WORDS` or more that a clause within `MOVED_REACH` items after it holds
whole is read as deleted where it first stands, and that clause as inserted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from toolkit.importer.nouns import ImportChange, Item, Span
from toolkit.importer.vocabulary import bare

MOVED_WORDS = 8
"""A sentence at least this long is too long to recur by chance."""
MOVED_REACH = 8
"""How many items after a paragraph its moved sentence may stand."""
MOVED_CONFIDENCE = 0.7
MOVED_SHARE = 0.8
"""Share of the longer text's words, in order, that a moved and edited sentence keeps."""
MOVED_CHANGED = 3
"""At most this many words more or fewer in a moved and edited sentence."""
_ENDS = (".", ";", ":", "?", "!")


@dataclass(frozen=True)
class Moved:
    """A sentence found struck in one item and inserted as another."""

    source: Item
    start: int
    """Index of the sentence's first word in the source item's words."""
    words: tuple[str, ...]
    target: Item


def find_moved(items: Sequence[Item]) -> list[Moved]:
    """Each sentence of an item that a later item (within reach) holds as its whole text."""
    words = [_words(item) for item in items]
    texts = [tuple(bare(word) for word in each) for each in words]
    found: list[Moved] = []
    taken: set[int] = set()
    for index, item in enumerate(items):
        for start, sentence in _sentences(words[index]):
            key = texts[index][start:start + len(sentence)]
            for later in range(index + 1, min(len(items), index + 1 + MOVED_REACH)):
                if later not in taken and _holds(texts[later], key) and items[later].label:
                    found.append(Moved(item, start, sentence, items[later]))
                    taken.add(later)
                    break
    return found


def _holds(text: tuple[str, ...], sentence: tuple[str, ...]) -> bool:
    """The clause's whole text is the sentence, or the sentence with a few words changed
    (`include but are not limited to:` / `include, but may not be limited to:`): all but
    `MOVED_CHANGED` of the longer one's words in order."""
    if text == sentence:
        return True
    if abs(len(text) - len(sentence)) > MOVED_CHANGED:
        return False
    matcher = SequenceMatcher(None, text, sentence, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    return common >= MOVED_SHARE * max(len(text), len(sentence))


def strike(spans: Sequence[Span], moved: Moved, line: int) -> tuple[Span, ...] | None:
    """The spans with the moved sentence deleted, if it lies within one span of equal text (a
    paragraph may lose several sentences to the clauses after it: `D.` to `1.` and `3.`)."""
    position = 0
    for number, span in enumerate(spans):
        size = len(span.old)
        offset = moved.start - position
        if span.change is not None and (not span.old or not span.new):
            position += size + len(span.new)  # a whole deletion or insertion keeps the positions
            continue
        if span.change is None and span.old == span.new and 0 <= offset <= size - len(
                moved.words) and span.old[offset:offset + len(moved.words)] == moved.words:
            change = ImportChange(line=line, old=" ".join(moved.words), new="",
                                  confidence=MOVED_CONFIDENCE, rule="moved-sentence")
            pieces = [Span(span.old[:offset], span.old[:offset]),
                      Span(moved.words, (), change),
                      Span(span.old[offset + len(moved.words):],
                           span.old[offset + len(moved.words):])]
            return (*spans[:number], *(p for p in pieces if p.old or p.new), *spans[number + 1:])
        position += size
        if span.change is not None and span.old != span.new:
            return None  # a rewrite before the sentence: word positions no longer agree
    return None


def _words(item: Item) -> tuple[str, ...]:
    return tuple(word for line in item.lines for word in line.text.split())


def _sentences(words: Sequence[str]) -> list[tuple[int, tuple[str, ...]]]:
    """Sentences of at least `MOVED_WORDS` words after the first (a clause's whole text is its
    own, not moved): (first word's index, words)."""
    found: list[tuple[int, tuple[str, ...]]] = []
    start = 0
    for index, word in enumerate(words):
        if word.endswith(_ENDS):
            if start > 0 and index + 1 - start >= MOVED_WORDS:
                found.append((start, tuple(words[start:index + 1])))
            start = index + 1
    return found
