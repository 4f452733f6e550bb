"""Several directives in one text: a department's compilation (`General Order G03-02`, then
`General Order G03-02-01`, ... each with its own header and its own `I.`, `II.`, ...).

A directive starts at a line that is only its order's number (`General Order   G03-02-01`)
with its header's date captions within the next lines (`ISSUE DATE:`, `EFFECTIVE DATE:`),
and the page it stands on starts with it (its letterhead and title above it go along).
A text with two or more such starts, of different numbers, each with text of its own, is a
compilation: each directive imports as its own policy. Each piece says the file's number of
its first line (`import_text(..., first_line=)`), so warnings name the file's lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from toolkit.importer.normalise import split_lines

_ORDER = re.compile(r"^\s*(?:general order|special order|directive|g\.o\.)\s*(?:no\.?|number|#|:)?"
                    r"\s*([A-Z]{0,3}\d[\w.-]*\d|[A-Z]{0,3}\d)\s*$", re.IGNORECASE)
_CAPTION = re.compile(r"^\s*(?:issue date|effective date|date of issue|rescinds|amends)\s*:",
                      re.IGNORECASE)
_CAPTION_REACH = 8
"""Text lines after the order's number where its header's captions stand."""
_PAGE_REACH = 6
"""Text lines above the order's number that its page's top (letterhead, title) may take."""
_MIN_WORDS = 50


@dataclass(frozen=True)
class Directive:
    """One directive of a compilation: its number, the file's number of its first line, its
    text."""

    number: str
    line: int
    text: str


def split_directives(text: str) -> list[Directive]:
    """The directives of a compilation, in order; one or none found gives an empty list."""
    lines = split_lines(text)
    starts = _order_lines(lines)
    if len({number for _, number in starts}) < 2:
        return []
    cuts = [_page_top(lines, index) for index, _ in starts]
    cuts[0] = 0  # what stands before the first directive (a cover, a contents) goes with it
    ends = [*cuts[1:], len(lines)]
    pieces = []
    for (_, number), start, end in zip(starts, cuts, ends, strict=True):
        body = lines[start:end]
        if sum(len(line.split()) for line in body) < _MIN_WORDS:
            return []
        pieces.append(Directive(number, start + 1, "\n".join(body)))
    return pieces


def _order_lines(lines: list[str]) -> list[tuple[int, str]]:
    found = []
    for index, line in enumerate(lines):
        match = _ORDER.match(line)
        if match and _captions_follow(lines, index):
            found.append((index, match.group(1)))
    return found


def _captions_follow(lines: list[str], index: int) -> bool:
    following = islice((line for line in lines[index + 1:] if line.strip()), _CAPTION_REACH)
    return any(_CAPTION.match(line) for line in following)


def _page_top(lines: list[str], index: int) -> int:
    """Where the directive's page starts: the form feed a few text lines above, else its line."""
    seen = 0
    for above in range(index, -1, -1):
        if "\f" in lines[above]:
            return above
        if lines[above].strip():
            seen += 1
            if seen > _PAGE_REACH:
                break
    return index
