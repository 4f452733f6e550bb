"""Words the extraction split at their hyphenation points: `po lice of fi cers`.

Some PDFs (typeset with hyphenation, justified) print each syllable as a run of its own;
text extraction then puts a space between the runs, so every long word falls apart
(`PHI LOS O PHY`, `in di vid u als`). Such a document is known by how many of its tokens
are no words at all. In it, each line is read again as the likeliest sequence of English
words that keeps every letter in order, joining neighbouring pieces or not: each word
weighs its general frequency (`wordfreq`), a piece that is no word weighs far less, and each
join costs a little, so `a rea son able` reads `a reasonable` (not `area son able`) and
`a part` stays two words. Every letter stays; only spaces go.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from toolkit.importer.nouns import ImportWarning, Line
from toolkit.importer.vocabulary import is_english_word, zipf

_PIECE = re.compile(r"^([^\sA-Za-z]*)([A-Za-z]+)((?:[’']s)?[^\sA-Za-z]*)$")
"""A piece of a word: letters, with the punctuation that may open the first piece (`“ob`)
and close the last (`cers.`)."""
_LONGEST = 7
"""Most pieces one word is joined from (`re spon si bil i ty` is six)."""
_SPLIT_SHARE = 0.12
"""Share of a document's letter tokens that are no words, above which its words are split."""
_SAMPLE = 20_000
_NO_WORD = -12.0
"""Weight (log10 per word) of a piece that is no English word."""
_JOIN = 1.0
"""Cost (log10) of each join: two common words stay two unless their join is much likelier."""
_JOIN_WORDS = 1.5
"""More cost where every piece is a word of its own (`may be`, `to day`): they stay apart
unless their join is far likelier (`there fore`, `per sons`, `them selves`)."""
_SHORT_WORDS = frozenset({"a", "i", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in",
                          "is", "it", "me", "my", "no", "of", "on", "or", "so", "to", "up", "us",
                          "we"})


def join_syllables(lines: Sequence[Line]) -> tuple[tuple[Line, ...], list[ImportWarning]]:
    """The lines with split words joined, when the document reads as split; else as given."""
    if not _reads_split(lines):
        return tuple(lines), []
    joined = tuple(Line(line.number, _joined(line.text)) for line in lines)
    changed = [line.number for line, new in zip(lines, joined, strict=True) if line != new]
    if not changed:
        return tuple(lines), []
    message = (f"words split at their syllables (`po lice`) joined on {len(changed)} line(s): "
               "the extraction put a space at every hyphenation point")
    return joined, [ImportWarning(changed[0], "syllables-joined", message)]


def _reads_split(lines: Sequence[Line]) -> bool:
    tokens = list(itertools.islice((match.group(2) for line in lines for token in line.text.split()
                                    if (match := _PIECE.match(token))), _SAMPLE))
    if len(tokens) < 50:
        return False
    pieces = sum(1 for token in tokens if not is_english_word(token))
    return pieces > _SPLIT_SHARE * len(tokens)


def _joined(text: str) -> str:
    """The likeliest reading of one line (dynamic programming over where words end)."""
    tokens = text.split(" ")
    # For each end: the weight of the best reading of the tokens before it, and where its
    # last word starts.
    best: list[tuple[float, int]] = [(0.0, 0)]
    for end in range(1, len(tokens) + 1):
        options = [(best[end - 1][0] + _weight(tokens[end - 1]), end - 1)]
        for start in range(max(0, end - _LONGEST), end - 1):
            word = _as_one_word(tokens[start:end])
            if word is not None:
                cost = _JOIN * (end - start - 1)
                if all(map(_whole_word, tokens[start:end])):
                    cost += _JOIN_WORDS
                options.append((best[start][0] + _frequency(word) - cost, start))
        best.append(max(options))
    words: list[str] = []
    end = len(tokens)
    while end:
        start = best[end][1]
        words.append("".join(tokens[start:end]))
        end = start
    return " ".join(reversed(words))


def _as_one_word(tokens: Sequence[str]) -> str | None:
    """The letters of pieces that can join into one English word, else None."""
    pieces = [_PIECE.match(token) for token in tokens]
    if any(piece is None for piece in pieces):
        return None
    matched = [piece for piece in pieces if piece is not None]
    if any(p.group(1) for p in matched[1:]) or any(p.group(3) for p in matched[:-1]):
        return None
    letters = [p.group(2) for p in matched]
    if any(part[:1].isupper() for part in letters[1:]) and not letters[0].isupper():
        return None  # `of Connor`: a capital midway starts a name, not a syllable
    word = "".join(letters)
    return word if is_english_word(word) else None


def _whole_word(token: str) -> bool:
    """A piece that is a word of its own; of one or two letters, only the closed list's."""
    piece = _PIECE.match(token)
    letters = piece.group(2).lower() if piece else ""
    return letters in _SHORT_WORDS if len(letters) < 3 else is_english_word(letters)


def _weight(token: str) -> float:
    piece = _PIECE.match(token)
    if piece is None:
        return 0.0  # numbers and punctuation: the same in every reading
    return _frequency(piece.group(2)) if is_english_word(piece.group(2)) else _NO_WORD


def _frequency(word: str) -> float:
    """Log10 of the word's share of English words (Zipf's scale counts per billion)."""
    return zipf(word) - 9.0
