"""Stage 2: lines that are not policy text.

Page numbers, running headers and footers, and the values of the SOP's
right-hand sanction-classification column (`5`, `7`, `N/A` on lines of their
own). They leave the text; sanction values come back later as clause metadata.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence

from toolkit.importer.furniture import furniture_lines, page_number_lines
from toolkit.importer.line_reading import BREAKS_OFF
from toolkit.importer.normalise import split_lines
from toolkit.importer.nouns import Artifact, Line
from toolkit.importer.sections import SECTION_NUMBER, letterhead_over_two_lines, names_a_policy

SANCTION_CLASSES = frozenset({"1", "2", "3", "4", "5", "6", "7", "N/A"})
"""The values an APD sanction-classification column holds."""

_PAGE_NUMBER = re.compile(
    r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s+of\s+\d+|-\s*\d+\s*-|\d+|\d{1,3}/\d{1,3})$",
    re.IGNORECASE
)
"""`Page 3 of 12`, `3 of 12`, `- 3 -`, `3`, and `3/12` (New Zealand's chapters)."""
_SANCTION = re.compile(r"^(?:\d{1,2}|N/?A)$", re.IGNORECASE)
_FILE_NAME = re.compile(r"^[\w.-]+\.(?:txt|pdf|docx?|rtf)$", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_TITLED_PAGE = re.compile(r"^(.*\S)\s+[-–]\s*(\d+)$")
_COLUMN_VALUE = re.compile(r"^(?P<text>.*\S) {3,}(?P<value>\d|N/A)\s*$")
"""`... approaches that       7`: a sanction value printed beside its clause's first line."""
COLUMN_START = 60
"""A value at the line's end belongs to the sanction column if it ends past this column."""
_TITLE_LINES = 5
_DEPARTMENT_REACH = 20
"""Lines at the top where a department's or a series' name, broken over two, may stand above the title."""
_FOOTER_WORDS = 8
_LONG_FOOTER_WORDS = 10
"""A footer this long is a sentence or more: a release notice (`This document was current ...`)."""
_RUNNING_MINIMUM = 3
"""A line seen this often, word for word, is a running header or footer."""
_MOSTLY = 4
"""Three in four: most of a punctuated line's copies beside page numbers make it a header's."""
_GLUE = re.compile(r"(?<=[a-z0-9).])(?=[A-Z][a-z])|(?<=[A-Z])(?=[A-Z][a-z]{2,})")
"""Where an extraction glued two text boxes with no space: `PoliceThis`, `1982This`,
`nzFleeing`, `OIAProactively`."""
_PUNCTUATED_END = re.compile(r"[;,:.][\"”’')]?$")
"""A line ending as a sentence or a clause does (`... Response Report."`): no header ends so."""
_BESIDE = 3
"""Lines between the parts of a running header printed together, at most."""
_SECTION_HEADING = re.compile(r"^[IVXL]+\.\s+[A-Z]")
"""A Roman-numbered section's heading: `IV. Reporting Procedures`."""


def classify_line(text: str) -> str | None:
    """The artifact kind of a line taken alone, or None for policy text."""
    if _SANCTION.match(text) and text.upper().replace("NA", "N/A") in SANCTION_CLASSES:
        return "sanction"
    if _PAGE_NUMBER.match(text):
        return "page-number"
    if _FILE_NAME.match(text):
        return "running-header"
    return None


def column_values(text: str) -> dict[int, str]:
    """Sanction values that `pdftotext -layout` printed at the end of a text line, far right
    after a gap (`... approaches that       7`), by line number (1-based)."""
    found = {}
    for number, line in enumerate(split_lines(text), start=1):
        match = _COLUMN_VALUE.match(line.rstrip())
        if match and match.end("value") > COLUMN_START and match["value"] in SANCTION_CLASSES:
            found[number] = match["value"]
    return found


def split_artifacts(lines: tuple[Line, ...], page_starts: Sequence[int] = (),
                    values: dict[int, str] | None = None, known: Collection[int] = ()
                    ) -> tuple[tuple[Line, ...], tuple[Artifact, ...]]:
    """The policy lines (artifact lines left blank, so numbering holds) and the artifacts.

    `page_starts`, the line numbers where a page begins (a form feed), finds page furniture
    by what repeats at the pages' edges (`toolkit.importer.furniture`). `values`, sanction
    values at the end of text lines (`column_values`), leave those lines as artifacts.
    `known`: lines found to be furniture over a whole text this one was cut from.
    """
    lines = _without_column_values(lines, values or {})
    near_pages = _near_page_numbers(lines)
    lines, glued = _without_glued_footers(lines, near_pages)
    repeated = _running_lines(lines, near_pages)
    if not page_starts:
        repeated -= _apart_from_the_header(lines, repeated, near_pages)
    counted = _numbers_beside_headers(lines, repeated)
    repeated |= _section_headers_beside(lines, counted)
    furniture = furniture_lines(lines, page_starts) | set(known)
    page_numbers = page_number_lines(lines, page_starts)
    titles = {line.text.lower() for line in [line for line in lines if line.text][:_TITLE_LINES]}
    kept: list[Line] = []
    found: list[Artifact] = []
    # The title often runs as the page header too: its first copy at the top stays text.
    letterhead = letterhead_over_two_lines(lines[:_DEPARTMENT_REACH])
    top = next((line.number for line in lines if len(line.text.split()) > 1
                and line.number not in letterhead and names_a_policy(line.text)), None)
    titled = _titles_of_numbers(lines) | _section_headings_run(lines, repeated, near_pages)
    page_numbers |= _counted_footers(lines) | counted
    for line in lines:
        running = line.number != top and line.number not in titled \
            and (line.text in repeated or line.number in furniture)
        kind = "page-number" if line.number in page_numbers else classify_line(line.text)
        kind = kind or ("running-header" if running else None)
        footer = _TITLED_PAGE.match(line.text)
        if kind is None and footer and footer.group(1).lower() in titles:
            kind = "page-number"  # `Use of Force - 1`: the title and the page number
        if kind is None or not line.text:
            kept.append(line)
            continue
        found.append(Artifact(line.number, line.text, kind))
        kept.append(Line(line.number, ""))
    texts = {line.number for line in kept if line.text}
    found.extend(Artifact(number, value, "sanction") for number, value in (values or {}).items()
                 if number in texts)
    found.extend(glued)
    return tuple(kept), tuple(sorted(found, key=lambda artifact: artifact.line))


def _without_glued_footers(lines: tuple[Line, ...], near: set[int]
                           ) -> tuple[tuple[Line, ...], list[Artifact]]:
    """A long footer that an extraction glued to the stamps and the running title around it
    (`Released under the Official Information Act 1982This document was current as at 3
    November 2022. Police policies are ... www.police.govt.nz TASER (Conducted Electrical
    Weapons)`), on a line of its own beside each page's number (`6/29`): too long, and too
    varied at its ends, to repeat word for word. Its parts are cut where the words were glued;
    parts that open with the same `_LONG_FOOTER_WORDS` words three times or more, most of them
    beside page numbers, hold the footer: the words they all share. Whatever else the pages
    repeat on those lines (stamps, the running title, a release's redaction marks) goes with
    it, as one artifact a line; what else the line holds (the next page's heading, glued on)
    stays its text."""
    # Most copies stand beside page numbers: a text with no opening repeated there has none.
    beside = Counter(words[:_LONG_FOOTER_WORDS] for index in near if 0 <= index < len(lines)
                     for part in _GLUE.split(lines[index].text)
                     if len(words := tuple(part.split())) >= _LONG_FOOTER_WORDS)
    # A line that holds such an opening holds its longest word: only those are read.
    needles = {max(opening, key=len) for opening, count in beside.items()
               if count >= _RUNNING_MINIMUM}
    if not needles:
        return lines, []
    parts = {index: [part.strip() for part in _GLUE.split(line.text) if part.strip()]
             for index, line in enumerate(lines)
             if any(needle in line.text for needle in needles)
             and len(line.text.split()) >= _LONG_FOOTER_WORDS}
    openings: dict[tuple[str, ...], list[int]] = {}
    for index, line_parts in parts.items():
        for part in line_parts:
            words = tuple(part.split())
            if len(words) >= _LONG_FOOTER_WORDS:
                openings.setdefault(words[:_LONG_FOOTER_WORDS], []).append(index)
    cores: list[tuple[str, ...]] = []
    for opening, indexes in openings.items():
        if len(indexes) >= _RUNNING_MINIMUM \
                and _mostly(sum(index in near for index in indexes), len(indexes)):
            shared = [tuple(part.split()) for index in indexes for part in parts[index]
                      if tuple(part.split()[:_LONG_FOOTER_WORDS]) == opening]
            cores.append(_common_opening(shared))
    if not cores:
        return lines, []
    footers = {index: [piece for part in line_parts for piece in _cut_cores(part, cores)]
               for index, line_parts in parts.items()
               if any(tuple(part.split()[:len(core)]) == core
                      for part in line_parts for core in cores)}
    printed = Counter(piece for pieces in footers.values() for piece in set(pieces))
    kept = list(lines)
    found: list[Artifact] = []
    for index, pieces in footers.items():
        number = lines[index].number
        furniture = " ".join(piece for piece in pieces if printed[piece] >= _RUNNING_MINIMUM)
        found.append(Artifact(number, furniture, "running-header"))
        kept[index] = Line(number, " ".join(piece for piece in pieces
                                            if printed[piece] < _RUNNING_MINIMUM))
    return tuple(kept), found


def _mostly(part: int, whole: int) -> bool:
    """Three in four or more (`_MOSTLY`)."""
    return part * _MOSTLY >= whole * (_MOSTLY - 1)


def _common_opening(word_lists: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    """The words every list opens with."""
    shortest = min(word_lists, key=len)
    for count, word in enumerate(shortest):
        if any(words[count] != word for words in word_lists):
            return shortest[:count]
    return shortest


def _cut_cores(part: str, cores: Sequence[tuple[str, ...]]) -> list[str]:
    """The part, or a footer it opens with and the words after it."""
    words = part.split()
    for core in cores:
        if tuple(words[:len(core)]) == core:
            rest = " ".join(words[len(core):])
            return [" ".join(core), rest] if rest else [" ".join(core)]
    return [part]


def _without_column_values(lines: tuple[Line, ...], values: dict[int, str]
                           ) -> tuple[Line, ...]:
    """Each line with its sanction value at the end (`column_values`) cut off."""
    if not values:
        return lines
    return tuple(
        Line(line.number, line.text.removesuffix(" " + values[line.number]).rstrip())
        if line.number in values and line.text.endswith(" " + values[line.number]) else line
        for line in lines
    )


def _counted_footers(lines: tuple[Line, ...]) -> set[int]:
    """`4.30 - 1`, `4.30 - 2`, ...: the same words or number, then a page number that counts
    up, three times or more: a footer, wherever the pages break."""
    by_prefix: dict[str, list[tuple[int, int]]] = {}
    for line in lines:
        footer = _TITLED_PAGE.match(line.text)
        if footer and len(line.text.split()) <= _FOOTER_WORDS:
            by_prefix.setdefault(footer.group(1).strip(), []).append(
                (int(footer.group(2)), line.number))
    return {line for found in by_prefix.values() if len(found) >= _RUNNING_MINIMUM
            and all(later[0] > earlier[0] for earlier, later in itertools.pairwise(found))
            for _, line in found}


def _numbers_beside_headers(lines: tuple[Line, ...], repeated: set[str]) -> set[int]:
    """`Print Queue` / `5`: bare numbers, each within two lines of a running header, that count
    up through the text, three or more: the page numbers of a text with no page breaks
    (pdfminer's), where `page_number_lines` cannot count pages."""
    beside = _beside(index for index, line in enumerate(lines) if line.text in repeated)
    found = [(int(line.text), line.number) for index, line in enumerate(lines)
             if index in beside and _BARE_NUMBER.match(line.text)]
    if len(found) < _RUNNING_MINIMUM or any(
            later[0] <= earlier[0] for earlier, later in itertools.pairwise(found)):
        return set()
    return {number for _, number in found}


def _section_headers_beside(lines: tuple[Line, ...], page_numbers: set[int]) -> set[str]:
    """A Roman-numbered heading printed again beside a page number (`III. Officers' Duties` /
    `5`) heads the page, however few pages it heads."""
    beside = _beside(index for index, line in enumerate(lines) if line.number in page_numbers)
    copies = Counter(line.text for line in lines if _SECTION_HEADING.match(line.text))
    headers = Counter(line.text for index, line in enumerate(lines)
                      if index in beside and copies[line.text] > 1)
    return {text for text, count in headers.items() if count >= copies[text] - 1}


def _titles_of_numbers(lines: tuple[Line, ...]) -> set[int]:
    """Headings in capitals just above a section number alone (`PURPOSE AND SCOPE` / `100.1`):
    a whole manual repeats them in every policy. A running header stands above no number, or
    above the order's own, which it repeats on every page (`GENERAL ORDER` / `1.30`)."""
    texts = [line for line in lines if line.text]
    seen = Counter(line.text for line in texts)
    return {line.number for line, following in itertools.pairwise(texts)
            if SECTION_NUMBER.match(following.text) and seen[following.text] == 1
            and line.text.upper() == line.text and line.text[:1].isalpha()}


def _beside(indexes: Iterable[int]) -> set[int]:
    """The indexes (into a text's lines) within two lines of any of these."""
    return {near for index in indexes for near in range(index - 2, index + 3)}


def _near_page_numbers(lines: tuple[Line, ...]) -> set[int]:
    """Indexes (into `lines`) within two lines of a page number."""
    return _beside(index for index, line in enumerate(lines)
                   if _PAGE_NUMBER.match(line.text) and not _SANCTION.match(line.text))


def _running_lines(lines: tuple[Line, ...], near: set[int]) -> set[str]:
    """Lines repeated on every page: three times or more, or twice beside page numbers (`near`,
    the indexes within two lines of one). One that ends as a clause does (`:`, `.`) is text,
    unless three copies or more and most of them stand beside page numbers: a header row's
    caption printed with its page's number (`K-4 Effective Date:` / `16 Oct 14` / `Page 2 of
    34`)."""
    counts = Counter(line.text for line in lines if len(line.text) > 3)
    near_page = Counter(line.text for index, line in enumerate(lines) if index in near)
    return {
        text for text, count in counts.items()
        if (count >= _RUNNING_MINIMUM or count >= 2 and near_page[text] == count)
        and not re.match(r"^(?:[A-Za-z]|\d+|[ivx]+)\.", text)
        and len(text.split()) <= 12
        and (not _PUNCTUATED_END.search(text)
             or count >= _RUNNING_MINIMUM and _mostly(near_page[text], count))
        and text.split()[-1].lower() not in BREAKS_OFF and not text[:1].islower()
    }


def _apart_from_the_header(lines: tuple[Line, ...], repeated: set[str], near: set[int]
                           ) -> set[str]:
    """In a text without page breaks whose running header is printed in lines together
    (`Spokane Police Department` / `Policy Manual`), the lines repeated that never stand
    within three lines of another repeated line or a page number: a subheading each section
    repeats (`ETHICAL STANDARDS` under each canon), not the header."""
    at = {index: line.text for index, line in enumerate(lines) if line.text in repeated}
    seen = Counter(at.values())
    beside = Counter(text for index, text in at.items() if index in near or any(
        at.get(other, text) != text for other in range(index - _BESIDE, index + _BESIDE + 1)))
    if not any(count * 2 >= seen[text] for text, count in beside.items()):
        return set()
    return {text for text in seen if not beside[text]}


def _section_headings_run(lines: tuple[Line, ...], repeated: set[str], near: set[int]
                          ) -> set[int]:
    """A page header that names the section the page is in (`IV. Reporting Procedures` /
    `5` at each page's edge): the section's own heading is its first copy away from a page
    number (`near`: the indexes beside one), which stays text; the copies beside page numbers
    are the header."""
    first: dict[str, int] = {}
    for index, line in enumerate(lines):
        if line.text in repeated and _SECTION_HEADING.match(line.text) and index not in near:
            first.setdefault(line.text, line.number)
    return set(first.values())
