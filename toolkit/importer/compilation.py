"""Several directives in one text: a department's compilation (`General Order G03-02`, then
`General Order G03-02-01`, ... each with its own header and its own `I.`, `II.`, ...), or a
whole manual of numbered policies (`100.1 PURPOSE AND SCOPE` ... `102.1` ... `104.1`).

A directive starts at a line that is only its order's number (`General Order   G03-02-01`)
with its header's date captions within the next lines (`ISSUE DATE:`, `EFFECTIVE DATE:`),
and the page it stands on starts with it (its letterhead and title above it go along).
A text with two or more such starts, of different numbers, each with text of its own, is a
compilation: each directive imports as its own policy. Each piece says the file's number of
its first line (`import_text(..., first_line=)`), so warnings name the file's lines.

A manual that prints each policy's number and title on a line of its own, its parts numbered
after it (`6.020 - Vehicle Pursuits`, `Effective Date: 03/01/2016`, then `6.020-POL-1 ...`,
`6.020-PRO-1 ...`: Seattle's layout), starts a policy at that line; a contents that lists the
same lines has no parts under them, so it starts none.

A whole manual (Lexipol's layout, used by thousands of agencies) numbers each policy's
sections after the policy (`100.1`, `100.2`, then `102.1`): a policy starts at its first
section, `N.1`, its heading in capitals, and the numbers go up through three policies or
more. Its page (the form feed above), or else its title and letterhead (the short lines just
above), go along. What stands before the first policy (a chief's message, a contents) is a
piece of its own. A manual's pages repeat their furniture across policies, and a short
policy alone does not show it repeating: each piece is told the whole text's furniture.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from toolkit.importer.normalise import split_lines

_ORDER_NAME = r"^\s*(?:general order|special order|directive|g\.o\.)\s*(?:no\.?|number|#|:)?"
_ORDER_NUMBER = r"\s*([A-Z]{0,3}\d[\w.-]*\d(?:-[A-Z])?|[A-Z]{0,3}\d)\s*$"
_ORDER = re.compile(_ORDER_NAME + _ORDER_NUMBER, re.IGNORECASE)
"""`General Order G03-02-01`, `DIRECTIVE: 100-A` (a letter after the number: its edition)."""
_ORDER_ALONE = re.compile(_ORDER_NAME + r"\s*$", re.IGNORECASE)
_NUMBER_ALONE = re.compile("^" + _ORDER_NUMBER, re.IGNORECASE)
"""Plain `pdftotext` prints a header's caption and its value apart: `DIRECTIVE:` / `107-A`."""
_CAPTION = re.compile(r"^\s*(?:issue date|effective date|date of issue|rescinds|amends|subject|"
                      r"reference standards?)\s*:", re.IGNORECASE)
_CAPTION_REACH = 8
"""Text lines after the order's number where its header's captions stand."""
_PAGE_REACH = 6
"""Text lines above the order's number that its page's top (letterhead, title) may take."""
_MIN_WORDS = 50
_TITLED_ORDER = re.compile(r"^\s*(\d{2,4}\.\d{2})\s+([A-Z][A-Z0-9 ,&/()'’.-]{3,}?),?\s*$")
"""`246.01 RESPONSE TO RESISTANCE OR AGGRESSION`: an order's number and its title."""
_ROMAN_ONE = re.compile(r"^\s*I\.(?:\s|$)")
_TITLE_REACH = 3
"""Text lines after an order's number and title where its `I.` stands (its title may wrap)."""
_MANUAL_HEADING = re.compile(r"^\s*(\d{3,4})\.(\d{1,3})(?:\.\d{1,3})*(?:\s+(\S.*?))?\s*$")
_MANUAL_POLICIES = 3
"""A manual numbers this many policies or more."""
_POLICY_LINE = re.compile(r"^\s*(\d{1,2}\.\d{3})\s*[-–]\s*(?![A-Z]{3}(?:-\d+)?(?:\s|$))\S.*$")
"""`6.020 - Vehicle Pursuits`, its effective date beside it or not."""
_POLICY_PART = r"^\s*{number}-[A-Z]{{3}}\b"
"""`6.020-POL`, `6.020-POL-1 Starting a Pursuit`, `6.020-PRO-1`, `6.020-TSK-2`."""
_EFFECTIVE = re.compile(r"^\s*effective date\s*:", re.IGNORECASE)
_EFFECTIVE_BESIDE = re.compile(r"effective date\s*:", re.IGNORECASE)
_PART_REACH = 4
"""Text lines after a policy's line where its first part or its effective date stands."""
_SENTENCE = re.compile(r"[.;,:]$")
_TITLE_WORDS = 12


@dataclass(frozen=True)
class Directive:
    """One directive of a compilation: its number, the file's number of its first line, its
    text."""

    number: str
    line: int
    text: str
    furniture: frozenset[int] = frozenset()
    """The file's lines that are page furniture across the whole text (a manual's)."""
    policy: str | None = None
    """The policy's id where the piece alone may not tell it (a manual's policy of one
    section)."""


def split_compilation(text: str, furniture: Callable[[str], frozenset[int]]
                      ) -> list[Directive]:
    """The pieces of a text that compiles several directives (`split_directives`), or orders
    each opening with its number and title (`split_titled_orders`), or failing that several
    policies of a manual (`split_manual`); none found gives an empty list."""
    return (split_directives(text) or split_titled_orders(text)
            or split_titled_policies(text, furniture) or split_manual(text, furniture))


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


def split_titled_orders(text: str) -> list[Directive]:
    """Orders that each open with their number and title in capitals, then their own `I.`
    (`246.01 RESPONSE TO RESISTANCE ...` / `I.  USE OF FORCE ...`), in order; fewer than two
    numbers give an empty list. What stands before the first goes with it."""
    lines = split_lines(text)
    starts = [(index, match[1]) for index, line in enumerate(lines)
              if (match := _TITLED_ORDER.match(line)) and _roman_one_follows(lines, index)]
    if len({number for _, number in starts}) < 2:
        return []
    cuts = [0, *(index for index, _ in starts[1:])]
    pieces = []
    for (_, number), start, end in zip(starts, cuts, [*cuts[1:], len(lines)], strict=True):
        body = lines[start:end]
        if sum(len(line.split()) for line in body) < _MIN_WORDS:
            return []
        pieces.append(Directive(number, start + 1, "\n".join(body)))
    return pieces


def split_titled_policies(text: str, furniture: Callable[[str], frozenset[int]]
                          ) -> list[Directive]:
    """Policies that each open with their number and title (`6.020 - Vehicle Pursuits`) over
    their parts numbered after them (`6.020-POL-1`) or their effective date, in order; fewer
    than two numbers give an empty list. What stands before the first goes with it; each piece
    is told the whole text's furniture (`furniture`), as a manual's are."""
    lines = split_lines(text)
    starts = [(index, match[1]) for index, line in enumerate(lines)
              if (match := _POLICY_LINE.match(line)) and _parts_follow(lines, index, match[1])]
    if len({number for _, number in starts}) < 2:
        return []
    known = furniture(text)
    cuts = [0, *(index for index, _ in starts[1:])]
    return [Directive(number, start + 1, "\n".join(lines[start:end]), known, number)
            for (_, number), start, end in zip(starts, cuts, [*cuts[1:], len(lines)],
                                               strict=True)]


def _parts_follow(lines: list[str], index: int, number: str) -> bool:
    """The policy's parts or its effective date below its line (or the date beside its title);
    a line whose only words after the dash are the date has no title, no policy."""
    if _EFFECTIVE.match(lines[index].split(" - ", 1)[-1]):
        return False
    if _EFFECTIVE_BESIDE.search(lines[index]):
        return True
    part = re.compile(_POLICY_PART.format(number=re.escape(number)))
    for line in islice((line for line in lines[index + 1:] if line.strip()), _PART_REACH):
        if part.match(line) or _EFFECTIVE.match(line):
            return True
        if _POLICY_LINE.match(line):  # a contents' next entry: this one has no parts
            return False
    return False


def _roman_one_follows(lines: list[str], index: int) -> bool:
    following = islice((line for line in lines[index + 1:] if line.strip()), _TITLE_REACH)
    return any(_ROMAN_ONE.match(line) for line in following)


def _order_lines(lines: list[str]) -> list[tuple[int, str]]:
    found = []
    for index, line in enumerate(lines):
        match = _ORDER.match(line)
        if match is None and _ORDER_ALONE.match(line):
            value = next((text for text in islice(lines, index + 1, index + 3) if text.strip()), "")
            match = _NUMBER_ALONE.match(value)
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


def split_manual(text: str, furniture: Callable[[str], frozenset[int]]) -> list[Directive]:
    """The policies of a whole manual, in order, and what stands before the first as a piece
    of its own; none found gives an empty list. `furniture` finds the whole text's page
    furniture (`toolkit.importer.furniture_of`)."""
    lines = split_lines(text)
    starts = _policy_starts(lines)
    if len(starts) < _MANUAL_POLICIES:
        return []
    cuts = [_policy_top(lines, index, number) for index, number in starts]
    cuts = [max(cut, previous + 1) for cut, (previous, _) in zip(cuts, [(-1, ""), *starts])]
    known = furniture(text)
    pieces = []
    if sum(len(line.split()) for line in lines[:cuts[0]]) >= _MIN_WORDS:
        pieces.append(Directive("", 1, "\n".join(lines[:cuts[0]]), known))
    else:
        cuts[0] = 0
    for (_, number), start, end in zip(starts, cuts, [*cuts[1:], len(lines)], strict=True):
        pieces.append(Directive(number, start + 1, "\n".join(lines[start:end]), known, number))
    return pieces


def _policy_starts(lines: list[str]) -> list[tuple[int, str]]:
    """Each policy's first section (`102.1   PURPOSE AND SCOPE`, or `102.1` alone): the first
    heading numbered after a higher policy than the one before."""
    found: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        match = _MANUAL_HEADING.match(line)
        if not match or (match[3] and (match[3].upper() != match[3]
                                       or not re.search("[A-Z]{2}", match[3]))):
            continue
        if (not found or int(match[1]) > int(found[-1][1])) and match[2] == "1":
            found.append((index, match[1]))
    return found


def _policy_top(lines: list[str], index: int, number: str) -> int:
    """Where a policy starts: its page's form feed a few text lines above, else the short
    lines just above it (its title, its letterhead from `Policy` / `102` on), not a sentence
    of the policy before."""
    top = _page_top(lines, index)
    if top != index:
        return top
    seen = 0
    while top > 0 and seen < _PAGE_REACH:
        above = lines[top - 1].strip()
        if above == number and top > 1 and lines[top - 2].strip().lower() == "policy":
            return top - 2
        if above and (_SENTENCE.search(above) or len(above.split()) > _TITLE_WORDS
                      or above[:1].islower()):
            break
        seen += bool(above)
        top -= 1
    while not lines[top].strip():
        top += 1
    return top
