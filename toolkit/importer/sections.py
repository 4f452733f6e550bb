"""Stage 4: the document's outline: title line, header block, numbered sections.

An APD section starts with its number on a line (`2-55-4`), the title on the
same line or the next one. Other departments number sections `I. PURPOSE` or
`1. POLICY` with the title in capitals; those become `<policy>-<n>`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from toolkit.importer.header import is_header_start
from toolkit.importer.nouns import Line, RawSection

_NUMBERED = re.compile(r"^(\d+-\d+-\d+)(?:\s+(\S.*))?$")
_CAPITALS = re.compile(
    r"^(?:SECTION\s+)?([IVX]+|\d{1,3}(?:\.\d+)*)[.)]?\s+([A-Z][A-Z ,&/'’()-]{2,60})$"
)
_POLICY_IN_TEXT = re.compile(r"\b(?:SOP|Policy|Procedure|Order)\s*(?:No\.?\s*)?(\d+-\d+)\b",
                             re.IGNORECASE)
_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
"""A running header carries a date (`SOP 2-56 P&P Draft 10/20/2021`); a title does not."""
_ROMAN_ALONE = re.compile(r"^([IVX]+)\.$")
_NUMBERED_TITLE = re.compile(
    r"^(?:(?:SOP|GO|Policy|Order|General Order)\s*)?(\d+(?:[-./]\d+)+)\s*[-–:]?\s+(\S.*)$"
)
_TITLE_MAX_WORDS = 12
_TITLE_SEARCH = 5
"""Lines at the top where the title may stand below a department name or order number."""
_DEPARTMENT = re.compile(r"\b(?:police|sheriff’?'?s?)\b.*\b(?:department|office|bureau|division)\b|"
                         r"^department of\b", re.IGNORECASE)
_ORDER = re.compile(r"^(?:general order|special order|policy|procedure|directive|sop|order|"
                    r"g\.o\.)\s*(?:no\.?|number|#)?\s*([\w.-]*\d[\w.-]*)$", re.IGNORECASE)
_KEY_VALUE = re.compile(r"^(?:effective|date|revised|rescinds|replaces|review|approved|issued|"
                        r"number|chapter|distribution|amends|pages?|by)\b[^:]{0,20}:",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Outline:
    """The document cut into its parts; every non-blank line is in exactly one."""

    title: Line | None
    title_text: str
    """The title as policy text: the title line without a leading policy number."""
    header: tuple[Line, ...]
    preamble: tuple[Line, ...]
    """Text between the header and the first section."""
    sections: tuple[RawSection, ...]
    policy: str | None
    """The policy number the section numbers share, if any."""


def outline_document(lines: tuple[Line, ...]) -> Outline:
    """Find the title, the header block and the sections."""
    text_lines = [line for line in lines if line.text]
    title = _choose_title(text_lines[:_TITLE_SEARCH])
    rest = tuple(line for line in lines if line is not title)
    starts = _section_starts(rest)
    first = starts[0] if starts else len(rest)
    header, preamble = _split_header(rest[:first])
    sections = tuple(_section(rest, start, end) for start, end in
                     itertools.pairwise([*starts, len(rest)]))
    numbered_title = _NUMBERED_TITLE.match(title.text) if title else None
    title_text = numbered_title.group(2) if numbered_title else (title.text if title else "")
    policy = _policy(sections, text_lines)
    if policy is None and numbered_title:
        policy = numbered_title.group(1).replace("/", "-")
    return Outline(title, title_text, header, preamble, sections, policy)


def _choose_title(lines: list[Line]) -> Line | None:
    """The first line, unless it names the department or the order's number."""
    for line in lines:
        if _NUMBERED.match(line.text) or _CAPITALS.match(line.text) or is_header_start(line.text):
            break
        if not (_DEPARTMENT.search(line.text) or _ORDER.match(line.text)
                or _KEY_VALUE.match(line.text) or _DATE.search(line.text)):
            return line
    return lines[0] if lines else None


def _section_starts(lines: tuple[Line, ...]) -> list[int]:
    numbered = [i for i, line in enumerate(lines) if _NUMBERED.match(line.text)]
    if numbered:
        return numbered
    capitals = [i for i, line in enumerate(lines) if _CAPITALS.match(line.text)]
    if capitals:
        return capitals
    # `I.` alone, its title on the next line: a heading only where numerals run I, II, ...
    romans = [
        (i, match.group(1)) for i, line in enumerate(lines)
        if (match := _ROMAN_ALONE.match(line.text)) and _reads_as_title(_next_text(lines, i))
    ]
    return [i for i, _ in romans] if [numeral for _, numeral in romans[:2]] == ["I", "II"] else []


def _next_text(lines: tuple[Line, ...], index: int) -> str:
    return next((line.text for line in lines[index + 1:] if line.text), "")


def _split_header(lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], tuple[Line, ...]]:
    starts = [i for i, line in enumerate(lines) if is_header_start(line.text)]
    if not starts:
        return (), lines
    return lines[starts[0]:], lines[:starts[0]]


def _section(lines: tuple[Line, ...], start: int, end: int) -> RawSection:
    head = lines[start]
    match = _NUMBERED.match(head.text) or _CAPITALS.match(head.text) or _ROMAN_ALONE.match(head.text)
    assert match is not None
    number = match.group(1)
    title = (match.group(2) or "").strip() if match.re.groups > 1 else ""
    body = list(lines[start + 1:end])
    if not title:
        index = next((i for i, line in enumerate(body) if line.text), None)
        if index is not None and _reads_as_title(body[index].text):
            title = body[index].text
            body[index] = Line(body[index].number, "")
    return RawSection(number, title, head.number, tuple(body))


def _reads_as_title(text: str) -> bool:
    return len(text.split()) <= _TITLE_MAX_WORDS and not re.search(r"[.;,]$", text) and (
        not re.match(r"^(?:[A-Za-z]|\d+|[ivx]+)\.\s", text)
    )


def _policy(sections: tuple[RawSection, ...], lines: list[Line]) -> str | None:
    prefixes = Counter(
        section.number.rsplit("-", 1)[0] for section in sections if "-" in section.number
    )
    if prefixes:
        return prefixes.most_common(1)[0][0]
    for line in lines[:_TITLE_SEARCH]:
        order = _ORDER.match(line.text)
        if order:
            return order.group(1).strip(".-")
    for line in lines[:40]:
        match = _POLICY_IN_TEXT.search(line.text)
        if match:
            return match.group(1)
    return None


_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or",
                          "the", "to", "with"})


def policy_title(text: str, lines: tuple[Line, ...]) -> str:
    """The title line; one in capitals takes the document's own casing where it repeats it."""
    if not text.isupper():
        return text
    pattern = re.compile(re.escape(text), re.IGNORECASE)
    for line in lines:
        match = pattern.search(line.text)
        if match and match.group(0)[:1].isupper() and not match.group(0).isupper():
            return match.group(0)
    return " ".join(_title_word(word, index) for index, word in enumerate(text.split()))


def _title_word(word: str, index: int) -> str:
    """`OF` -> `of`, `REPORTING/NOTIFICATION` -> `Reporting/Notification`; `(CALEA` stays."""
    if index and word.lower() in _SMALL_WORDS:
        return word.lower()
    if word.startswith("(") and len(word.strip("(),.")) <= 5:
        return word  # an acronym in brackets
    return re.sub(r"[^\W\d_]+", lambda part: part.group(0).capitalize(), word)
