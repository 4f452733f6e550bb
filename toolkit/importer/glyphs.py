"""Glyph codes in place of characters: `(cid:47)(cid:76)(cid:81)(cid:70)` for `Linc`.

pdfminer (and tools built on it) prints `(cid:N)` for a character of an embedded font that
has no map back to Unicode. Fonts subset by common PDF makers number their glyphs in the
standard Macintosh order, where a printable ASCII character's glyph is its code less 29
(`(cid:3)` a space, `(cid:36)` `A`, `(cid:68)` `a`). A text whose codes read as English
words that way is read so; one that does not is left as it is (other fonts number their
glyphs otherwise), and either way the import says so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from toolkit.importer.normalise import split_lines
from toolkit.importer.nouns import ImportWarning
from toolkit.importer.vocabulary import is_english_word

_CODE = re.compile(r"\(cid:(\d{1,5})\)")
_RUN = re.compile(r"(?:\(cid:\d{1,5}\))+")
_OFFSET = 29
"""Glyph number of printable ASCII character `c` in the standard Macintosh order: ord(c) - 29."""
_FEW_LETTERS = 40
_VOWELS = (0.3, 0.5)
"""Share of vowels among a text's letters in English (about 0.38)."""
_ENGLISH_SHARE = 0.6
"""Share of the decoded words of three letters or more that must be English words."""


def read_glyph_codes(text: str) -> tuple[str, list[ImportWarning]]:
    """The text with `(cid:N)` runs read as characters when that reads as English, and a
    warning naming the first line that held them."""
    if "(cid:" not in text:
        return text, []
    lines = [number for number, line in enumerate(split_lines(text), start=1) if "(cid:" in line]
    from_codes = [word for run in _RUN.findall(text)
                  for word in re.findall(r"[A-Za-z]{3,}", _decoded(run))]
    english = sum(1 for word in from_codes if is_english_word(word.lower()))
    if from_codes and english >= _ENGLISH_SHARE * len(from_codes):
        decoded = _RUN.sub(lambda run: _decoded(run.group(0)), text)
        message = (f"glyph codes (cid:N) on {len(lines)} line(s) read as characters "
                   "(a PDF font without a character map)")
        return decoded, [ImportWarning(lines[0], "glyph-codes", message)]
    message = (f"glyph codes (cid:N) on {len(lines)} line(s) kept as written: they do not read "
               "as text (a PDF font without a character map)")
    return text, [ImportWarning(lines[0], "glyph-codes", message)]


def glyph_code_reader(codes: Sequence[str]) -> Callable[[str], str] | None:
    """For a PDF's characters in reading order: how to read a `(cid:N)` character, or None
    when its codes do not read as English in the standard order (or there are none)."""
    run = "".join(code for code in codes if code.startswith("(cid:"))
    if not run or not _letters_read_as_english(_decoded(run)):
        return None
    return lambda text: _RUN.sub(lambda found: _decoded(found.group(0)), text)


def _letters_read_as_english(text: str) -> bool:
    """A PDF's characters come without the spaces between words, so its letters are weighed,
    not its words: English has `e` among its six commonest letters and about two vowels in
    five (0.38); codes of another glyph order give one in five or so."""
    letters = [char.lower() for char in text if char.isascii() and char.isalpha()]
    if len(letters) < _FEW_LETTERS:
        return False
    commonest = {letter for letter, _ in Counter(letters).most_common(6)}
    vowels = sum(1 for letter in letters if letter in "aeiou") / len(letters)
    return "e" in commonest and _VOWELS[0] <= vowels <= _VOWELS[1]


def _decoded(run: str) -> str:
    return "".join(_character(int(code)) for code in _CODE.findall(run))


def _character(code: int) -> str:
    value = code + _OFFSET
    return chr(value) if 32 <= value <= 126 else f"(cid:{code})"
