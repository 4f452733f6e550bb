"""Page furniture: running headers and footers, page numbers, release notes, filing stamps.

What is printed on every page is found by repetition: a line near the top or the bottom
of many pages (pages end at form feeds), compared with its digits blanked, so
`Page 3 of 12` and `Case 2:14-cv-1 Document 9 Filed 03/02/15 Page 3 of 40` repeat too.
Without page breaks, a short line whose digit-blanked form comes back three times
or more is furniture.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from toolkit.importer.normalise import split_lines
from toolkit.importer.nouns import Line

_EDGE = 3
"""Lines at the top and at the bottom of a page where furniture stands."""
_SHARE = 0.3
"""Furniture is on at least this share of the pages, and on three of them (or on every page of
a shorter text): a heading at the top of a page and in the contents is no furniture."""
_MAX_WORDS = 24
_REPEATS = 3
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
_WORD = re.compile(r"[A-Za-z]{2}|(?:[A-Za-z] +){3}[A-Za-z]")
"""Furniture has words: a section number alone (`2-55-4`) repeats its digit-blanked form.
A letterhead set letter by letter (`D E T R O I T   P O L I C E`) has words too."""
_RULE = re.compile(r"^[_=*~-]{5,}$")
_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)+\s+[A-Za-z][^\d]*$")
_CHAPTER_HEADING = re.compile(r"^(?:chapter|part|title)\s+\d{1,3}\b[^\d]*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^(?:[A-Za-z]|\d+|[ivx]+)[.)]\s")


def furniture_lines(lines: Sequence[Line], page_starts: Sequence[int] = ()) -> set[int]:
    """Line numbers of page furniture. `page_starts`: line numbers where a page begins."""
    pages = _pages(lines, page_starts)
    keyed = {text: _key(text) for text in {line.text for line in lines if line.text}}
    keys = _keys_by_edge(pages, keyed) if len(pages) > 1 else _keys_repeated(lines, keyed)
    keys -= _numbered_headings(lines, keys, keyed)
    return {line.number for line in lines if line.text and keyed[line.text] in keys}


def _numbered_headings(lines: Sequence[Line], keys: set[str], keyed: dict[str, str]
                       ) -> set[str]:
    """Keys whose lines are section headings, each number printed once (`100.1   PURPOSE AND
    SCOPE`, `102.1   PURPOSE AND SCOPE`): every policy of a whole manual opens so; so does
    each chapter of a manual whose chapters are short (`CHAPTER 1`, `CHAPTER 2`, each atop its
    first page). A running header that starts with a number prints the same number on every
    page (`4.30 USE OF FORCE`, `Chapter 3`)."""
    texts: dict[str, Counter[str]] = {}
    for line in lines:
        if line.text and (key := keyed[line.text]) in keys:
            texts.setdefault(key, Counter())[line.text] += 1
    return {key for key, seen in texts.items() if max(seen.values()) == 1
            and all(_NUMBERED_HEADING.match(text) or _CHAPTER_HEADING.match(text)
                    for text in seen)}


def page_number_lines(lines: Sequence[Line], page_starts: Sequence[int] = ()) -> set[int]:
    """Line numbers of bare page numbers (`1`, `2`, ... alone at a page's top or bottom): a
    number that counts with the pages, on two pages or more and a share of them. Found by
    counting, as their digit-blanked form is too short to repeat as furniture does."""
    pages = _pages(lines, page_starts)
    found: list[tuple[int, int]] = []  # (the number less the page's place, line number)
    for place, page in enumerate(pages):
        texts = [line for line in page if line.text]
        for line in {line.number: line for line in [*texts[:1], *texts[-1:]]}.values():
            if _PAGE_NUMBER.match(line.text):
                found.append((int(line.text) - place, line.number))
    if not found:
        return set()
    offset, count = Counter(offset for offset, _ in found).most_common(1)[0]
    if count < 2 or count < _SHARE * len(pages):
        return set()
    return {number for found_offset, number in found if found_offset == offset}


def _pages(lines: Sequence[Line], page_starts: Sequence[int]) -> list[list[Line]]:
    """The lines page by page. `pdftotext` ends its output with a form feed: the empty page
    after it is none (a two-page directive would need its footer on three pages)."""
    starts = set(page_starts)
    pages: list[list[Line]] = [[]]
    for line in lines:
        if line.number in starts and pages[-1]:
            pages.append([])
        pages[-1].append(line)
    while len(pages) > 1 and not any(line.text for line in pages[-1]):
        pages.pop()
    return pages


def _keys_by_edge(pages: list[list[Line]], keyed: dict[str, str]) -> set[str]:
    """Digit-blanked lines at the pages' edges, on enough of the pages. `keyed`: each line's
    text to its digit-blanked form (`_key`).

    A footer block taller than the edge (Hanover Park's nine lines: a rule, two names, a
    directive's number and dates, `Auth:`, `Page 1 of 2`) is peeled line by line: past the
    lines found, the line next to them at each page's edge is judged the same way. A line a
    page's text opens with (a section's `This section contains ...` under its title) is never
    next to the furniture on enough pages."""
    enough = max(min(3, len(pages)), math.ceil(_SHARE * len(pages)))
    texts = [[line.text for line in page if line.text] for page in pages]
    found: set[str] = set()
    edge = _EDGE
    while True:
        seen: Counter[str] = Counter()
        for page in texts:
            inner = _inside(page, found, keyed)
            seen.update({keyed[text] for text in [*inner[:edge], *inner[-edge:]]
                         if _usable(text)})
        new = {key for key, count in seen.items() if count >= enough} - found
        if not new:
            return found
        found |= new
        edge = 1


def _inside(texts: list[str], found: set[str], keyed: dict[str, str]) -> list[str]:
    """A page's text lines within the furniture found at its top and its bottom."""
    start, end = 0, len(texts)
    while start < end and keyed[texts[start]] in found:
        start += 1
    while end > start and keyed[texts[end - 1]] in found:
        end -= 1
    return texts[start:end]


def _keys_repeated(lines: Sequence[Line], keyed: dict[str, str]) -> set[str]:
    """Digit-blanked short lines that come back three times or more, with a number blanked. A
    line ending in a colon announces text (`Level 4:`, `Level 5:`, ... over each level's
    paragraphs): it is no furniture, as `_running_lines` holds for lines repeated whole."""
    usable = {text: _usable(text) and not text.endswith(":") for text in keyed}
    seen = Counter(keyed[line.text] for line in lines if line.text and usable[line.text])
    return {key for key, count in seen.items() if count >= _REPEATS and "#" in key}


def _usable(text: str) -> bool:
    """Long paragraphs and list items are policy text even where they repeat; a rule drawn
    with characters (`______`) above a footer is furniture with no words."""
    return (3 < len(text) and len(text.split()) <= _MAX_WORDS and not _LIST_ITEM.match(text)
            and _WORD.search(text) is not None) or _RULE.match(text) is not None


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def page_starts(text: str) -> list[int]:
    """Line numbers (1-based) where a new page begins: the lines that hold a form feed."""
    return [number for number, line in enumerate(split_lines(text), start=1) if "\f" in line]
