"""Glyph codes in place of characters: `(cid:47)(cid:76)(cid:81)(cid:70)` for `Linc`.

pdfminer (and tools built on it) prints `(cid:N)` for a character of an embedded font that
has no map back to Unicode. Fonts subset by common PDF makers number their glyphs in the
standard Macintosh order, where a printable ASCII character's glyph is its code less 29
(`(cid:3)` a space, `(cid:36)` `A`, `(cid:68)` `a`). A document whose codes read as English
that way is read so; one that does not is left as it is (other fonts number their glyphs
otherwise), and either way the import says so. A PDF's characters come without the spaces
between its words, so it is the letters that are weighed, not words.
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
_WORD = re.compile(r"[A-Za-z]{3,}")
_UNREADABLE_LETTERS = 500
_LETTERS_A_WORD = 100
"""English has a known word for every six letters or so; fewer than one in this many letters
is no text."""
_VOWELS = (0.3, 0.5)
"""Share of vowels among a text's letters in English (about 0.38)."""


def read_glyph_codes(text: str) -> tuple[str, list[ImportWarning]]:
    """The text with `(cid:N)` runs read as characters when that reads as English, and a
    warning naming the first line that held them."""
    if "(cid:" not in text:
        return text, []
    first = next(number for number, line in enumerate(split_lines(text), start=1)
                 if "(cid:" in line)
    read = glyph_code_reader(_RUN.findall(text))
    return (text if read is None else read(text)), [glyph_code_warning(first, read is not None)]


def glyph_code_reader(codes: Sequence[str]) -> Callable[[str], str] | None:
    """For a document's characters (or runs of them) in reading order: how to read `(cid:N)`
    in it, or None when its codes do not read as English in the standard order (or there are
    none)."""
    run = "".join(code for code in codes if code.startswith("(cid:"))
    if not run or not _letters_read_as_english(_decoded(run)):
        return None
    return lambda text: _RUN.sub(lambda found: _decoded(found.group(0)), text)


def glyph_code_warning(line: int, read: bool) -> ImportWarning:
    """The warning on the first line that held glyph codes, saying what became of them."""
    done = "read as characters" if read else "kept as written: they do not read as text"
    advice = "" if read else "; run OCR on the PDF (ocrmypdf) and import that text"
    return ImportWarning(line, "glyph-codes",
                         f"glyph codes (cid:N) {done} (a PDF font without a character map)"
                         f"{advice}")


def without_glyph_codes(text: str) -> str:
    """The text with each run of `(cid:N)` codes a space: what stands of it as characters."""
    return _RUN.sub(" ", text)


def unreadable_warning(text: str) -> list[ImportWarning]:
    """A text that reads as no words: a PDF font numbered its glyphs in an order of its own
    (each new character the next number) and had no map back to letters, so the extraction
    gave the numbers as characters (`9 : ; < = >`). No reading of ours recovers the letters;
    the import keeps the text as written and says so once, at its first line of text."""
    first = next((number for number, line in enumerate(split_lines(text), start=1)
                  if line.strip()), 1)
    text = without_glyph_codes(text)  # glyph codes kept as written are none of its words
    letters = sum(1 for char in text if char.isascii() and char.isalpha())
    if letters < _UNREADABLE_LETTERS:
        return []
    known = sum(1 for word in _WORD.findall(text) if is_english_word(word))
    if known * _LETTERS_A_WORD >= letters:
        return []
    return [ImportWarning(first, "unreadable-text",
                          f"the text reads as no words ({known} known words in {letters} "
                          "letters): a PDF font without a character map gives its glyphs' "
                          "numbers, not letters; run OCR on the PDF (ocrmypdf) and import "
                          "that text")]


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
