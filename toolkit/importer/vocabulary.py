"""What words look like: a general English word list and the document's own vocabulary.

The decoder weighs both: a glued token that is no English word but splits into
two words that the document also uses on their own is likely a flattened
deletion and insertion.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).with_name("words-en.txt")
"""English words, most frequent first (one per line; `#` starts a comment line)."""

WORDFREQ_ZIPF = 2.8
"""Least `wordfreq` Zipf frequency (log10 per billion words) of a word the list lacks."""

ARTICLES = frozenset({"a", "an", "the"})
MODALS = frozenset({"will", "shall", "may", "must", "should", "can", "could", "would", "might"})
FUNCTION_WORDS = frozenset(
    {
        "a", "an", "the", "to", "of", "in", "on", "at", "by", "or", "and", "as", "be", "is",
        "it", "no", "so", "up", "if", "do", "us", "we", "for", "with", "from", "into", "upon",
        "that", "this", "these", "those", "their", "its", "not", "but", "nor", "any", "all",
        "each", "when", "where", "while", "which", "who", "shall", "will", "may", "must",
        "should", "can", "could", "would", "might", "are", "was", "were", "has", "have", "had",
    }
)
"""Closed-class words: they never form compounds, so a glued one is telling."""

_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
_POSSESSIVE = re.compile(r"[’']s$")


@lru_cache(maxsize=1 << 16)
def bare(word: str) -> str:
    """The word lowercased without surrounding punctuation or `'s`: `(ECIT),` -> `ecit`."""
    return _POSSESSIVE.sub("", _EDGE_PUNCTUATION.sub("", word)).lower()


@lru_cache(maxsize=1)
def _english_ranks() -> dict[str, int]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    words = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return {word: rank for rank, word in enumerate(words, start=1)}


def english_rank(word: str) -> int | None:
    """Frequency rank of a word in general English (1 = most frequent); None if unknown."""
    return _english_ranks().get(word.lower())


def is_english_word(word: str) -> bool:
    """In the word list, or (British spellings, newer words) common enough in `wordfreq`."""
    lower = word.lower()
    return lower in _english_ranks() or _frequent(lower)


@lru_cache(maxsize=1 << 16)
def _frequent(word: str) -> bool:
    """`offence`, `signalled`: English the American word list lacks; `andor` (a tokenizer's
    `and/or`) and `dashcam` stay below the bar, so a glued seam still reads as one."""
    return zipf(word) >= WORDFREQ_ZIPF


@lru_cache(maxsize=1 << 15)
def zipf(word: str) -> float:
    """The word's general English frequency, `wordfreq`'s Zipf scale: log10 of its uses per
    billion words (`the` 7.7, `officer` 4.9, `ter` 3.0); 0 for a word it does not know."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.lower(), "en"))


def stems(word: str) -> tuple[str, ...]:
    """The word and its likely singular, for matching `officers` with `officer`."""
    forms = [word]
    if word.endswith("s") and len(word) > 3:
        forms.append(word[:-1])
    return tuple(forms)


@dataclass(frozen=True)
class DocumentVocabulary:
    """Counts of the document's own words and word pairs, as they stand (unsplit)."""

    words: Counter[str] = field(default_factory=Counter)
    bigrams: Counter[tuple[str, str]] = field(default_factory=Counter)
    trigrams: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    swaps: Counter[tuple[str, str]] = field(default_factory=Counter)
    """Word pairs (singular) printed side by side in a form English never writes (see
    `telling_swap`): one word struck, another inserted in its place."""
    swap_sites: Counter[tuple[str, str]] = field(default_factory=Counter)
    """... and how often such a pair stands side by side with the same ending, in any form."""

    def knows(self, word: str) -> bool:
        """True when the document uses the word (or its singular) on its own somewhere."""
        return any(self.words[form] > 0 for form in stems(word.lower()))

    def pair(self, first: str, second: str) -> int:
        return self.bigrams[(bare(first), bare(second))]

    def triple(self, first: str, second: str, third: str) -> int:
        return self.trigrams[(bare(first), bare(second), bare(third))]

    def swapped(self, first: str, second: str) -> tuple[int, int]:
        """How often the two words (or their singulars) stand side by side as a sure swap,
        and how often side by side with the same ending at all."""
        key = (singular(bare(first)), singular(bare(second)))
        return self.swaps[key], self.swap_sites[key]


_WORD_AND_TAIL = re.compile(r"^([A-Za-z]+)((?:[’']s)?[.,;:]?)$")
_SENTENCE_STOPS = (".", ";", ":")
_TWO_ONE_WORD_SENTENCES = re.compile(r"(?<!\S)([A-Za-z]{3,}([.;:]))\s+([a-z]{3,}\2)(?!\S)")
"""Where `telling_swap` may hold (found by the regex engine: most pairs need no look)."""
_ROMAN = re.compile(r"^[ivxlc]+$")


def singular(word: str) -> str:
    """`persons` -> `person`; words that end in `ss`, `is`, `us` stay as they are."""
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "is", "us")) \
        and len(word) > 3 else word


def parallel_tail(first: str, second: str) -> str | None:
    """The ending two words share (`’s`, `.`, or nothing), or None if they differ: a word
    struck and another inserted in its place keep the same ending. (Not a comma: `arson,
    theft,` is a list.)"""
    one, two = _WORD_AND_TAIL.match(first), _WORD_AND_TAIL.match(second)
    if not (one and two) or one[2].replace("'", "’") != two[2].replace("'", "’") \
            or one[2].endswith(","):
        return None
    if one[1].lower() == two[1].lower():
        return None
    return one[2].replace("'", "’")


def telling_swap(first: str, second: str) -> bool:
    """`subject. person.`: two one-word sentences, the second in lower case, are no English:
    one word replaced another. (Two possessives are: `the member’s supervisor’s approval`.)"""
    tail = parallel_tail(first, second)
    if tail not in _SENTENCE_STOPS or not second[0].islower() or min(
            len(bare(first)), len(bare(second))) < 3:
        return False  # `incident. b.`: a sentence, then a list's label
    # `vii. viii.`: labels
    return not (_ROMAN.match(bare(first)) or _ROMAN.match(bare(second))) \
        and is_english_word(bare(first)) and is_english_word(bare(second))


def read_vocabulary(texts: Iterable[str]) -> DocumentVocabulary:
    """Count words, pairs and triples in each text (a text is one paragraph or line run)."""
    vocabulary = DocumentVocabulary()
    texts = list(texts)
    for text in texts:
        vocabulary.swaps.update((singular(bare(found[1])), singular(bare(found[3])))
                                for found in _TWO_ONE_WORD_SENTENCES.finditer(text)
                                if telling_swap(found[1], found[3]))
    for raw in (text.split() for text in texts):
        bares = [bare(word) for word in raw]
        if vocabulary.swaps:
            vocabulary.swap_sites.update(_swap_sites(raw, bares, vocabulary.swaps))
        words = [word for word in bares if word]
        vocabulary.words.update(words)
        vocabulary.bigrams.update(itertools.pairwise(words))
        vocabulary.trigrams.update(zip(words, words[1:], words[2:], strict=False))
    return vocabulary


def _swap_sites(raw: list[str], bares: list[str],
                swaps: Counter[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The pairs of `swaps` standing side by side in `raw` with the same ending."""
    firsts = {form for first, _ in swaps for form in (first, first + "s")}
    for index in (i for i, word in enumerate(bares[:-1]) if word in firsts):
        pair = (singular(bares[index]), singular(bares[index + 1]))
        if pair in swaps and parallel_tail(raw[index], raw[index + 1]) is not None:
            yield pair
