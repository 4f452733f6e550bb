"""A table of contents: lines that list later headings, often with dot leaders and page numbers.

Its lines are no policy text (they repeat the headings), so they become artifacts of
kind `contents`; their titles tell a headed document's headings from its text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from toolkit.importer.nouns import Artifact, Line

_LEADER = re.compile(r"^(\S.*?)\s*(?:(?:\.\s?){4,}\s*(\d{1,4})|(?:\.\s?){8,})\s*$")
"""`Purpose ........ 3`: a title, dot leaders, the page (a long leader may have lost its page
to the next line); an ellipsis (`Where...`) is no leader."""
_PAGE_AFTER = re.compile(r"^(\S.*?\S)\s+(\d{1,3})$")
_MINIMUM = 3
_CAPTION = re.compile(r"^(?:detailed\s+)?table\s+of\s+contents?\b|\bcontains\s+(?:these|the\s+following)"
                      r"\s+topics\b", re.IGNORECASE)
_MAX_ENTRIES = 150
_ENTRY_WORDS = 14
"""Fewer leader lines than this are no table of contents (a form's blanks `.....`)."""


def find_contents(lines: Sequence[Line]) -> tuple[list[str], set[int]]:
    """The titles a table of contents lists, and the line numbers of its lines."""
    leaders = [(line, match) for line in lines if (match := _LEADER.match(line.text))]
    if len(leaders) >= _MINIMUM:
        titles = [_title(match.group(1)) for _, match in leaders]
        return titles, {line.number for line, _ in leaders}
    return _listed_after_caption(lines)


def _listed_after_caption(lines: Sequence[Line]) -> tuple[list[str], set[int]]:
    """`Table of Contents` / `This chapter contains these topics:` then titles, one a line,
    that the document repeats later as headings (no leaders, no page numbers)."""
    start = next((i for i, line in enumerate(lines) if _CAPTION.search(line.text)), None)
    if start is None:
        return [], set()
    entries: list[Line] = []
    seen: set[str] = set()
    for line in lines[start + 1:]:
        if not line.text:
            continue
        key = _fold(line.text)
        if key in seen or not _listable(line.text) or len(entries) >= _MAX_ENTRIES:
            break
        if not _CAPTION.search(line.text):
            seen.add(key)
            entries.append(line)
    after = entries[-1].number if entries else 0
    later = {_fold(line.text) for line in lines if line.number > after and line.text}
    if sum(1 for entry in entries if _fold(entry.text) in later) < _MINIMUM:
        return [], set()
    numbers = {entry.number for entry in entries} | {lines[start].number}
    return [entry.text for entry in entries], numbers


def _listable(text: str) -> bool:
    return len(text.split()) <= _ENTRY_WORDS and not text.endswith((".", ";", ","))


def contents_artifacts(lines: Sequence[Line], numbers: set[int]) -> list[Artifact]:
    return [Artifact(line.number, line.text, "contents") for line in lines
            if line.number in numbers]


def repeats_heading(text: str, headings: Sequence[str]) -> bool:
    """A line before the first section that names a later heading (`300.1 PURPOSE ... 2`)."""
    plain = _PAGE_AFTER.match(text)
    body = _fold(plain.group(1) if plain else text)
    return bool(body) and any(body == _fold(heading) for heading in headings)


def _title(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .")


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()
