"""Words: tokens that keep their whitespace, the word diff, and text similarity.

The word diff follows diff-match-patch's own advice for coarse diffs: map each
distinct token to one character, diff the character strings, map back.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from sys import intern

from diff_match_patch import diff_match_patch  # type: ignore[import-untyped]

from toolkit.model import InlineKind, InlineOp

TOKEN = re.compile(r"^\s+|[\w’']+\s*|[^\w\s]\s*")
"""A word (or one punctuation mark) with the whitespace after it; leading whitespace alone."""

WORD = re.compile(r"\w+")

_ASCII_WORD_CHARACTERS = "".join(
    character.lower() if character.isalnum() or character == "_" else " "
    for character in map(chr, range(128))
)
"""For ASCII text, `str.translate` with this lowers what `WORD` matches and blanks the rest."""

_DMP_OPS: dict[int, InlineKind] = {-1: "delete", 0: "equal", 1: "insert"}


def tokenize(text: str) -> list[str]:
    """Split text into tokens whose concatenation is the text."""
    return TOKEN.findall(text)


@lru_cache(maxsize=65536)
def normalized_words(text: str) -> tuple[str, ...]:
    """The words of a text, lowercased, punctuation dropped: what similarity compares.

    Each word is interned: a policy of 50,000 clauses holds under 4,000 distinct words,
    so the cached texts share them rather than keep a million copies, and the word bags,
    sets and indexes built from them hash and compare words already hashed.
    """
    if text.isascii():  # lowered and split in two C calls: over twice as fast as the regex
        return tuple(map(intern, text.translate(_ASCII_WORD_CHARACTERS).split()))
    return tuple(intern(word.lower()) for word in WORD.findall(text))


def is_editorial(old: str, new: str) -> bool:
    """True when two different texts differ only in case, punctuation or whitespace."""
    return old != new and normalized_words(old) == normalized_words(new)


def similarity(old: str, new: str) -> float:
    """Dice coefficient of the two texts' word multisets: 1.0 same words, 0.0 none shared."""
    return word_dice(Counter(normalized_words(old)), Counter(normalized_words(new)))


def word_dice(old: Counter[str], new: Counter[str]) -> float:
    """Dice coefficient of two word multisets."""
    total = old.total() + new.total()
    if total == 0:
        return 1.0
    # over the shared words only, found by a set intersection in C: a section's subtree
    # holds thousands of words, and alignment scores every pair of sections it tries
    common = old.keys() & new.keys()
    shared = sum(map(min, map(old.__getitem__, common), map(new.__getitem__, common)))
    return 2 * shared / total


def weighted_dice(old: Counter[str], new: Counter[str], weights: dict[str, float]) -> float:
    """Dice coefficient with each word weighted (by its rarity): shared rare words count most."""
    total = sum(c * weights.get(w, 1.0) for w, c in old.items()) + sum(
        c * weights.get(w, 1.0) for w, c in new.items()
    )
    if total == 0:
        return 1.0
    shared = sum(min(c, new[w]) * weights.get(w, 1.0) for w, c in old.items() if w in new)
    return 2 * shared / total


def containment(part: Counter[str], whole: Counter[str]) -> float:
    """Share of `part`'s words that also occur in `whole`."""
    size = part.total()
    return (part & whole).total() / size if size else 0.0


def diff_words(old: str, new: str) -> tuple[InlineOp, ...]:
    """A minimal word-level diff of two texts, cleaned up for people to read.

    Joining the `equal` and `delete` texts gives `old` exactly; joining the
    `equal` and `insert` texts gives `new` exactly.
    """
    if old == new:
        return (InlineOp("equal", old),) if old else ()
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    keys: dict[str, int] = {}
    old_chars = _encode(old_tokens, keys)
    new_chars = _encode(new_tokens, keys)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # never give up on the minimal diff; clause texts are short
    diffs = dmp.diff_main(old_chars, new_chars, False)
    return tuple(merge_short_equalities(_decode_runs(diffs, old_tokens, new_tokens)))


Run = tuple[InlineKind, str]


def _decode_runs(
    diffs: list[tuple[int, str]], old_tokens: list[str], new_tokens: list[str]
) -> list[Run]:
    """Back from characters to the original tokens; equal words whose spacing differs
    become an equal word plus a whitespace edit, so both texts rebuild exactly."""
    runs: list[Run] = []
    old_at = new_at = 0
    for op, chars in diffs:
        kind = _DMP_OPS[op]
        if kind == "delete":
            runs.append((kind, "".join(old_tokens[old_at : old_at + len(chars)])))
            old_at += len(chars)
        elif kind == "insert":
            runs.append((kind, "".join(new_tokens[new_at : new_at + len(chars)])))
            new_at += len(chars)
        else:
            olds = old_tokens[old_at : old_at + len(chars)]
            news = new_tokens[new_at : new_at + len(chars)]
            if olds == news:  # the same spacing too: one run (equal runs are joined anyway)
                runs.append((kind, "".join(olds)))
            else:
                for old_token, new_token in zip(olds, news):
                    runs.extend(_equal_token(old_token, new_token))
            old_at += len(chars)
            new_at += len(chars)
    return runs


def _equal_token(old: str, new: str) -> list[Run]:
    if old == new:
        return [("equal", old)]
    word = old.rstrip() if old.strip() else ""
    return [
        run
        for run in (("equal", word), ("delete", old[len(word) :]), ("insert", new[len(word) :]))
        if run[1]
    ]


def merge_short_equalities(runs: list[Run]) -> list[InlineOp]:
    """Semantic cleanup at word granularity, weighing runs by their visible characters.

    Like diff-match-patch's rule, an equality that is small beside the edits on
    both sides of it is noise, so it joins them (its words are deleted and
    inserted); working on whole tokens keeps every edit on word boundaries.
    """
    blocks = _blocks(runs)
    changed = True
    while changed:
        changed = False
        for i in range(1, len(blocks) - 1):
            before, (edited, equal), after = blocks[i - 1], blocks[i], blocks[i + 1]
            edits_around = before[0] is not None and after[0] is not None
            if edited is None and edits_around and _is_noise(equal, before, after):
                assert before[0] is not None and after[0] is not None
                merged = (before[0] + equal + after[0], before[1] + equal + after[1])
                blocks[i - 1 : i + 2] = [merged]
                changed = True
                break
    return [op for block in blocks for op in _block_ops(block)]


Block = tuple[str | None, str]
"""An edit block (deleted text, inserted text), or an equality (None, text)."""


def _blocks(runs: list[Run]) -> list[Block]:
    blocks: list[Block] = []
    for kind, text in runs:
        if kind == "equal":
            if blocks and blocks[-1][0] is None:
                blocks[-1] = (None, blocks[-1][1] + text)
            else:
                blocks.append((None, text))
            continue
        if not blocks or blocks[-1][0] is None:
            blocks.append(("", ""))
        deleted, inserted = blocks[-1]
        assert deleted is not None
        blocks[-1] = (deleted + text, inserted) if kind == "delete" else (deleted, inserted + text)
    return blocks


def _is_noise(equal: str, before: Block, after: Block) -> bool:
    """Punctuation or spacing alone, or words a third the size of the edits around them."""
    size = _weight(equal)
    if not WORD.search(equal):
        return True
    return 3 * size <= max(map(_weight, before)) and 3 * size <= max(map(_weight, after))


def _weight(text: str | None) -> int:
    return len("".join(text.split())) if text else 0


def _block_ops(block: Block) -> list[InlineOp]:
    deleted, text = block
    if deleted is None:
        return [InlineOp("equal", text)]
    edits: tuple[tuple[InlineKind, str], ...] = (("delete", deleted), ("insert", text))
    return [InlineOp(kind, part) for kind, part in edits if part]


def _encode(tokens: list[str], keys: dict[str, int]) -> str:
    """Map each token (compared without its trailing whitespace) to one character."""
    chars = []
    for token in tokens:
        key = token.rstrip() or token
        number = keys.setdefault(key, len(keys))
        chars.append(chr(number + 0x800 if number >= 0xD800 else number))  # skip surrogates
    return "".join(chars)
