"""Stage 4: the document's outline: title line, header block, table of contents, sections.

The one outline stage both inputs (text and PDF) go through. The numbering scheme and
the headings come from `toolkit.importer.headings` (`2-55-4`, `300.3.1`, `III.`,
`Chapter 3`, or headed chapters); a table of contents (dot leaders, or lines before
the first section that name later headings) is set aside as artifacts.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from toolkit.importer.contents import (
    contents_artifacts,
    find_contents,
    heading_names,
    repeats_heading,
)
from toolkit.importer.header import SECTION_WORDS, is_header_start
from toolkit.importer.headings import Heading, find_headings, numerals_apart
from toolkit.importer.line_reading import JOINING_END
from toolkit.importer.nouns import Artifact, Line, RawSection
from toolkit.importer.subsections import with_subsections
from toolkit.model import Numbering
from toolkit.numbering.dotted import extends

_POLICY_IN_TEXT = re.compile(r"\b(?:SOP|Policy|Procedure|Order)\s*(?:No\.?\s*)?(\d+-\d+)\b",
                             re.IGNORECASE)
_SPECIAL_ORDER = re.compile(r"^(?:SO|S\.O\.)\s*(?:No\.?|#)?\s*(\d{2}-\d{1,4})"
                            r"(?:\s*$|\s+(?i:effective|issued|date)\b)")
"""`SO 14-41` alone, or beside its date, at the top (APD's special orders): the order's own
number, before the policy its subject names (`Amendment to SOP 2-52`). One with a title after
it (`SO 19-118 Use and Reporting of ...`) is a rescinded order a header lists."""
_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}-\d{1,2}-\d{4}\b|"
                   r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
                   r"\s+(?:\d{1,2},?\s+)?\d{4}$", re.IGNORECASE)
"""`10/28/2013`, `5-1-2015`, or a line that is only a date written out (`May 24, 2013`,
`Aug. 01, 1987`, `April 2013`). A running header carries a date (`SOP 2-56 P&P Draft
10/20/2021`); a title does not."""
_DIRECTIVE = re.compile(
    r"\b(?:DIRECTIVE|DGO|(?i:general order|special order|order|employee resource|"
    r"uniform and property|department notice))\s*(?i:no\.?|number|#)?\s*:?\s*"
    r"([A-Z]{0,2}-?\d+(?:-\d+)*(?:\.\d+)*(?:-[A-Z])?)\b")
"""`DIRECTIVE: 100-A`, `General Order G03-02`, `General Order No: P-400`: the policy's number
as the header names it; Chicago's other series name theirs so too (`Employee Resource E02-02`,
`Uniform and Property U04-02-01`, `Department Notice D19-01`), and a memorandum's subject its
order's (`SUBJECT: Revised DGO K-4, ...`: a Departmental General Order)."""
_NUMBERED_TITLE = re.compile(
    r"^(?:(?:SOP|GO|(?i:policy|procedure|directive|order|general order))\s*)?(\d+(?:[-./]\d+)+|\d{3,4}(?=\s+[-–—]\s))"
    r"\s*[-–—:,]?\s+(\S.*)$"
    r"|^(\d{3,4})\s+([A-Z][A-Z ,&/'’-]*[A-Z])$"
    r"|^([A-Z]\d{3})\s+[-–—]\s+(\S.*)$"
)
"""`SOP 2-55 De-escalation`, `1128.13, RESPONSE TO RESISTANCE`, `2000 USE OF FORCE`, `425 – Policy
Governing ...`, `F061 - Use of Firearms by Police` (New Zealand's General Instructions)."""
_LETTERED = r"[A-Z]{1,2}-\d{1,3}(?:\.\d{1,2})?"
"""`K-4.1`, `M-03`, `O-2`, `E-01`: an order's number after its letter."""
_LETTERED_ORDER = re.compile(rf"^({_LETTERED}):?\s+([A-Z][A-Z0-9 ,&/'’()-]*[A-Z)])$")
"""`E-01  USE OF FORCE`, `K-03: USE OF FORCE`: an order numbered after a letter, title in capitals."""
_SUBJECT = re.compile(r"^(?:(?:General Order|Order|Policy|Directive)\s+)?"
                      r"(?:SUBJECT|TITLE|TOPIC)\s*:\s*(\S.*)$", re.IGNORECASE)
"""`SUBJECT:  RULE 303A – USE OF LESS - LETHAL FORCE`: the order's title, after its caption."""
_CAPTION = re.compile(r"^\*?(?:subject|date published|date issued|date of issue|issue date|date|page|"
                      r"date of|issue|"
                      r"number|effective|effective date|order|total\s+pages|pages|policy|"
                      r"review date|revised|revision date|directive number|series|chapter|topic|"
                      r"issued by|supersedes|rescinds|references?|approved by|distribution|"
                      r"amends|attachments?(?:\(s\))?|reference standards?(?:\(s\))?|"
                      r"order\s*#|chief[’']?s signature)\s*:?$", re.IGNORECASE)
"""A header table's caption alone on its line (`Subject`, `Date Published`): no title."""
_SERIES = re.compile(r"^(?:(?:(?:departmental|department)\s+)?(?:general|special) orders?|"
                     r"procedural instructions?|(?:procedural|administrative) orders?|policy manual|"
                     r"polic(?:y|ies) and procedures?(?: manual)?|standard operating procedures?|"
                     r"(?:general|duty|procedures?) manual|"
                     r"rules and procedures|department manual|written directives?|"
                     r"general operating procedures?|(?:volume|vol\.|part|book)\s+"
                     r"(?:\d+|[IVX]+)|(?:police|operations?|field|training|department)\s+"
                     r"(?:manual|instructions|handbook)|(?:proactively\s+)?released\s+(?:by|under)\b.*)$",
                     re.IGNORECASE)
"""The name of the series an order belongs to (`GENERAL ORDERS`, `Policy Manual`, `Police
Manual`, `POLICY AND PROCEDURES`, `General Manual`), or a release stamp on every page (`Proactively released by New Zealand Police`): no
title."""
_BARE_NUMBER = re.compile(r"^[A-Z]{0,2}\d+(?:[.-]\d+)*$")
"""`1.30`, `10-11-13` alone: an order's number or a date, no title."""
SECTION_NUMBER = re.compile(r"^\d{1,4}(?:\.\d{1,3})+$")
"""A dotted section or order number alone on its line (`4.30`, `100.2.1`)."""
_ORDER_ITSELF = re.compile(r"^\d+\.0+$|^\d{1,2}00$")
"""`401.00`, `2000`: the order's own number, over its sections `401.01`, `2010`, ..."""
_DATED = re.compile(r"\b(?:19|20)\d\d\b")
_DATED_WORDS = 6
"""`Issued May 2001`, `Revised: February 27, 2018`: a short line with a year, an order's date."""
_GOING_ON_WORDS = 8
"""A title's second line (`Review`) is this short or shorter."""
_JOINING_START = re.compile(r"^(?:and|or|&)\s+\S")
"""`and POLE CAMERAS`: a title's line that goes on from the one above."""
_GOING_ON_LINES = 3
"""Lines a title broken off on joining words may go on over."""
_SCAN_GAP = 3
"""A scan may set up to two blank lines between a title's lines."""
_SERIES_LINES = 3
"""Lines a series name above an order's number may be broken over, a word a line."""
_LETTERED_NUMBER = re.compile(rf"^{_LETTERED}$")
_SERIES_NUMBER = re.compile(r"^[A-Z]{0,2}\d+(?:\.\d+)*$")
"""An order's number under its series name: `580.02`, not a date (`9-18-19`)."""
_NUMBER_CAPTION = re.compile(r"^(?:(?:order|directive|policy)\s*(?:#|no\.?|number)|number)\s*:?$",
                             re.IGNORECASE)
"""`ORDER#` / `340`, `Number` / `3.12`: a header cell's caption above the order's number."""
_NUMBER_UNDER_NAME = re.compile(r"^\d{3,4}(?:[-.]\d{1,3})?$")
"""`1108-1` alone below the department's name: the order's number (a date has two dashes)."""
_TITLE_MAX_WORDS = 14
_HEADER_LINES = 120
_TITLE_SEARCH = 5
"""Lines at the top where the title may stand below a department name or order number."""
_NUMBERED_TITLE_SEARCH = 3
_SUBJECT_SEARCH = 15
_FIRST_PAGE = re.compile(r"^page\s+1\s+of?\s+\d+$", re.IGNORECASE)
"""`Page 1 of 22`, or as a scan read it, `Page 1 o 14`."""
_LABELLED = re.compile(r"^(?:[A-Z]|[IVXL]+|\d+(?:\.\d+)*)[.)]\s")
_CAPTIONS_ONLY = re.compile(rf"^(?:{SECTION_WORDS}|and|statement|[&,\s])+:?$", re.IGNORECASE)
"""`PURPOSE AND SCOPE`, `POLICY STATEMENT`: a section's caption, no title."""
"""Lines at the top where a `SUBJECT:` line gives the title, below a purpose the PDF set first."""
_DEPARTMENT = re.compile(r"\b(?:police|sheriff’?'?s?)\b.*\b(?:department|office|bureau|division)\b|"
                         r"^department of\b", re.IGNORECASE)
_FINISHED = re.compile(r"[.:;!?)\]\"”]\s*$")
"""A line that ends a sentence, a caption or a bracket."""
_FRAGMENT_WORDS = 4
"""A sentence's first line has this many words or more, not all in capitals (no caption)."""
_DEPARTMENT_TAIL = 3
"""Words at most on a department name's second line (`Police Department`)."""
_NAME_GOES_ON = re.compile(r"^(?:police|sheriff’?'?s?|department|office|bureau|division)\b",
                           re.IGNORECASE)
"""A second line that carries on a department's name (not `Chicago Police Department` whole;
`Columbus Police` / `Division Directive`)."""
_LETTER_SPACED = re.compile(r"^(?:\S {1,3}){3,}\S$")
"""`M A N U A L`: a word set one letter at a time, as a letterhead sets its banner."""
_EFFECTIVE_AFTER = re.compile(r"\s+[-–—]\s+effective\b.*$|\s*\(effective\b[^)]*\)$"
                              r"|\s+effective date\s*:.*$",
                              re.IGNORECASE)
"""`Force Options - EFFECTIVE 01 APRIL 2021`, `Vehicle Pursuits Effective Date: 03/01/2016`:
the date a version takes effect, set after the title on its line; it belongs to the version,
not the title."""
_ORDER = re.compile(r"^(?:(?:general|special|administrative|departmental|department|operational|"
                    r"standing|executive|training|personnel|operations|standard\s+operating)\s+)?"
                    r"(?:order|policy|procedure|"
                    r"directive|sop|g\.o\.)\s*(?:no\.?|number|#)?\s*[-–—:]?\s*([\w.-]*\d[\w.-]*)$",
                    re.IGNORECASE)
"""`General Order 3.01`, `ADMINISTRATIVE DIRECTIVE – 112.008`: the order's name and number."""
_ORDER_AT_END = re.compile(r"^.*?\b((?:general order|special order|directive|policy|sop)\s*"
                           r"(?:no\.?|number|#)?\s*[\w.-]*\d[\w.-]*)$", re.IGNORECASE)
"""A line that ends in the order's name and number, after the department's name."""
_SUBJECT_CAPTION = re.compile(r"^(?:subject|title|topic)\s*:?$", re.IGNORECASE)
_KEY_VALUE = re.compile(r"^(?:effective|date|revised|rescinds|replaces|review|approved|issued|"
                        r"number|chapter|distribution|amends|pages?|by|references?|topic|"
                        r"supersedes|applicable|approval|signature|index)\b[^:]{0,20}:",
                        re.IGNORECASE)
_NUMBER_ROW = re.compile(r"^(?:number\s*:?|chapter\s*:)\s*([A-Z]{0,3}-?\d[\w.-]*)"
                         r"(?:\s+[-–—]\s+[A-Z][^\d]*)?$", re.IGNORECASE)
"""`NUMBER: 1510`, `Number 3.12`, `CHAPTER: 1.3`, `NUMBER: 1.04 – ADMINISTRATION` (the part of
the manual after it): a header table's row giving the order's number (`Chapter 3` alone is a
chapter's heading, not this)."""
_OWN_NUMBER_TITLE = re.compile(r"^(?:chapter\s+)?(\S*\d[\w.-]*?)[.,]?\s*[-–—:,]?\s+(\S.*)$",
                               re.IGNORECASE)
"""`304 – Use of Force` under a `Chapter` caption: a number, then a title."""


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
    scheme: Numbering = "apd"
    """How the sections are numbered: apd, dotted, roman, chapter or headed."""
    contents: tuple[Artifact, ...] = ()
    """Table-of-contents lines: they repeat the headings, so they are no policy text."""


def outline_document(lines: tuple[Line, ...], numbering: Numbering | None = None,
                     first_page: int | None = None) -> Outline:
    """Find the title, the header block, the table of contents and the sections.
    `first_page`: the line of a `Page 1 of N` set aside as furniture, if any."""
    titles, toc = find_contents(lines)
    body = tuple(Line(line.number, "") if line.number in toc else line for line in lines)
    below_contents = max((index + 1 for index, line in enumerate(lines) if line.number in toc),
                         default=0)
    scheme, headings = find_headings(body, numbering, titles, below_contents)
    apart = numerals_apart(body, headings) if scheme == "headed" and numbering is None \
        and not titles else None
    if apart:
        scheme, headings = "roman", apart[0]
    if scheme == "roman":
        headings = with_subsections(body, headings)
    if apart:
        body = _blanked(body, apart[1])
    if len(headings) > 2 and (scheme == "headed" or not headings[0].number) \
            and numbering is None and _heads_the_document(body, headings[0]):
        headings = headings[1:]
    if _order_heading(body, headings):
        headings = headings[1:]
    first = headings[0].index if headings else len(body)
    text_lines = [line for line in body[:first] if line.text]
    subject_line = next(
        (line for line in text_lines[:_SUBJECT_SEARCH] if _SUBJECT.match(line.text)), None)
    # `1128.13, RESPONSE TO RESISTANCE` at the top (a related order listed below is none).
    numbered_line = next((line for line in text_lines[:_NUMBERED_TITLE_SEARCH]
                          if (match := _NUMBERED_TITLE.match(line.text))
                          and names_a_policy(_numbered(match)[1])), None)
    # `E-01  USE OF FORCE` in a header table's cells, below its captions (`Order` / `Subject`).
    numbered_line = numbered_line or next(
        (line for line in text_lines[:_SUBJECT_SEARCH] if _LETTERED_ORDER.match(line.text)), None)
    number_over_title = None if numbered_line else _number_over_title(
        text_lines[:_SUBJECT_SEARCH])
    # `Chapter` / `304 – Use of Force` in a header table, the sections numbered `304.1`, ...
    own = None if subject_line or numbered_line or number_over_title else _own_numbered_title(
        text_lines[:_SUBJECT_SEARCH], _shared_number(scheme, [h.number for h in headings]))
    title = subject_line or numbered_line or (number_over_title and number_over_title[1]) \
        or (own and own[0]) \
        or _title_under_first_page(text_lines, first_page) \
        or _choose_title(text_lines[:_TITLE_SEARCH + _letterhead_lines(text_lines)]) \
        or next((line for line in body if line.text), None)
    before = tuple(line for line in body[:first] if line is not title)
    # `I-26: REMOTE ... (ROBOTS)` / `and POLE CAMERAS`: the number is read off the first line.
    numbered_title = _numbered_match(title.text) if title else None
    series_cut = 0
    if title and numbered_title is None:  # `PROCEDURAL ORDERS   2-52 USE OF FORCE`
        series_cut, numbered_title = _after_series(title.text)
    title, went_on = _title_going_on(body[:first], title)
    before = tuple(line for line in before if line not in went_on)
    header, preamble = _split_header(before)
    preamble, listed = _split_listed(preamble, [h.title for h in headings])
    headings, body = _standards_below(headings, body)
    ends = [heading.index for heading in headings[1:]] + [len(body)]
    # A numeral set apart above its displaced title (`II.` ... `Rights Granted ...`) is no
    # line of the section before.
    above = {heading.title_index for heading in headings
             if heading.title_index is not None and heading.title_index < heading.index}
    body = _blanked(body, above)
    sections = tuple(_section(body, heading, end) for heading, end in zip(headings, ends))
    preamble, sections = _sentence_around_heading(preamble, sections)
    subject = _SUBJECT.match(title.text) if title else None
    title_text = title.text if title else ""
    if numbered_title:
        # The title after the number, and what it went on over.
        title_text = (_numbered(numbered_title)[1]
                      + title_text[series_cut + numbered_title.end():])
    if number_over_title:
        title_text = title_text.rstrip(": ")
    if subject:
        title_text = subject.group(1)
    if own:
        title_text = own[1]
    policy = _policy(scheme, sections, [line for line in body if line.text])
    if policy is None and numbered_title:
        policy = _numbered(numbered_title)[0].replace("/", "-")
    if policy is None and number_over_title:
        policy = number_over_title[0]
    contents = (*contents_artifacts(lines, toc), *listed)
    return Outline(title, title_text, header, preamble, sections, policy, scheme,
                   tuple(sorted(contents, key=lambda artifact: artifact.line)))


def _standards_below(headings: Sequence[Heading], body: tuple[Line, ...]
                     ) -> tuple[list[Heading], tuple[Line, ...]]:
    """A title's standards printed on the line below it (`I.  GRIEVANCE PROCEDURE` /
    `(22.4.1d)`) go into the title, as those beside a title are, not into its text."""
    moved: list[Heading] = []
    taken: set[int] = set()
    for heading in headings:
        below = max(heading.index, heading.title_index or 0) + 1
        if heading.title and not heading.inline and below < len(body) \
                and _STANDARDS_LINE.match(body[below].text):
            heading = replace(heading, title=f"{heading.title} {body[below].text}")
            taken.add(below)
        moved.append(heading)
    return moved, _blanked(body, taken)


def _title_going_on(lines: tuple[Line, ...], title: Line | None
                    ) -> tuple[Line | None, tuple[Line, ...]]:
    """A title that breaks off on a joining word (`Response to Resistance Inquiry, Reporting,
    and` / `Review`), or whose next line opens with one (`... (ROBOTS)` / `and POLE CAMERAS`),
    takes that line, a short one, into it, and so on while each breaks off so (a subject naming two orders over four lines): the title, and the lines it took (a
    scan's blank line between them aside)."""
    taken: list[Line] = []
    while title is not None and len(taken) < _GOING_ON_LINES:
        last = taken[-1].number if taken else title.number
        following = next((line for line in lines if last < line.number <= last + _SCAN_GAP
                          and line.text), None)
        if following is None or len(following.text.split()) > _GOING_ON_WORDS \
                or not could_be_title(following.text) \
                or not (JOINING_END.search(title.text) or _JOINING_START.match(following.text)):
            break
        title = Line(title.number, f"{title.text} {following.text}")
        taken.append(following)
    return title, tuple(taken)


def _after_series(text: str) -> tuple[int, re.Match[str] | None]:
    """Where a numbered title starts after the series' name on its line (`PROCEDURAL ORDERS
    2-52 USE OF FORCE`, a header's two cells), and the title read there; or 0 and None."""
    starts = [word.start() for word in re.finditer(r"\S+", text)]
    for cut in starts[1:_SERIES_LINES + 2]:
        if _SERIES.match(" ".join(text[:cut].split())) and (
                match := _numbered_match(text[cut:])) and names_a_policy(_numbered(match)[1]):
            return cut, match
    return 0, None


def _numbered(match: re.Match[str]) -> tuple[str, str]:
    """The number and the title a `_NUMBERED_TITLE` line gives."""
    return (match.group(1) or match.group(3) or match.group(5),
            match.group(2) or match.group(4) or match.group(6))


def _order_heading(body: tuple[Line, ...], headings: Sequence[Heading]) -> bool:
    """`401.00 USE OF FORCE` or `2000 USE OF FORCE` first, nothing under it before `401.01`,
    `2010` but its dates (`Issued May 2001`): the order's own number and title, no section;
    so is a policy's number over all its parts (`6.020 - Vehicle Pursuits` / `6.020-POL-1`,
    `460.25 USE OF FORCE` / `460.25.1 PURPOSE`).
    Where more such numbers follow (`902.00`), each heads a policy of a chapter: all stay."""
    own = [heading for heading in headings if _ORDER_ITSELF.search(heading.number)]
    if len(headings) >= 2 and headings[0].number and all(
            extends(heading.number, headings[0].number) for heading in headings[1:]):
        # `6.020 - Vehicle Pursuits` over its parts `6.020-POL-1`, ...; `460.25 USE OF FORCE`
        # over `460.25.1`, `460.25.2`: the policy's own number over all of its sections.
        own = [headings[0]]
    if len(headings) < 2 or own != [headings[0]]:
        return False
    under = (headings[0].title_index or headings[0].index) + 1
    return all(not line.text or _DATED.search(line.text) and len(line.text.split()) <= _DATED_WORDS
               for line in body[under:headings[1].index])


def _number_over_title(lines: list[Line]) -> tuple[str, Line] | None:
    """`4.30` / `USE OF FORCE POLICY:` above the first section, below the approvals: the
    order's number alone, then its title in capitals."""
    for index, (line, following) in enumerate(itertools.pairwise(lines)):
        if SECTION_NUMBER.match(line.text.strip()) and following.text.upper() == following.text \
                and could_be_title(following.text) and names_a_policy(following.text.rstrip(": ")) \
                and not _series_begins(lines, index + 1):
            return line.text.strip(), following
    return None


def _series_begins(lines: Sequence[Line], index: int) -> bool:
    """A series name starts at the line, on it alone or broken over a few (`DEPARTMENTAL` /
    `GENERAL` / `ORDER` under a CALEA standard `71.4.1`): no title."""
    return any(_SERIES.match(name) for name, _ in _names_from(lines, index))


def _names_from(lines: Sequence[Line], start: int) -> Iterator[tuple[str, int]]:
    """The line at `start` alone, then joined with the next, up to `_SERIES_LINES` lines: each
    as one name, with the index of the line after it."""
    for end in range(start + 1, min(start + _SERIES_LINES, len(lines)) + 1):
        yield " ".join(line.text.strip() for line in lines[start:end]), end


def _number_under_series(lines: list[Line]) -> str | None:
    """`GENERAL ORDERS` / `580.02`, a manual's letterhead `Policy` / `102`, or `DEPARTMENTAL` /
    `GENERAL` / `ORDER` / `K-4.1`: a series name, on one line or broken over a few, then the
    order's number alone."""
    for start in range(len(lines)):
        for name, end in _names_from(lines, start):
            number = lines[end].text.strip() if end < len(lines) else ""
            if (_SERIES.match(name) or name.lower() == "policy") \
                    and (_SERIES_NUMBER.match(number) or _LETTERED_NUMBER.match(number)):
                return number
    return None


def _heads_the_document(body: tuple[Line, ...], heading: Heading) -> bool:
    """The first heading in capitals is the document's title where only a few lines stand
    above it and none of them could be one (`Subject` / `Date Published` / `USE OF FORCE`)."""
    above = [line for line in body[:heading.index] if line.text]
    return 0 < len(above) < _TITLE_SEARCH and not any(names_a_policy(line.text)
                                                      for line in above)


def order_number(text: str) -> str | None:
    """The number a line that names an order gives (`Policy 1115`, `General Order 2-13`), alone
    or after the department's name (`PHILADELPHIA POLICE DEPARTMENT  DIRECTIVE 22`)."""
    order = _ORDER.match(_ORDER_AT_END.sub(r"\1", text.strip()))
    return order.group(1).strip(".-") if order else None


def _blanked(lines: tuple[Line, ...], indexes: set[int]) -> tuple[Line, ...]:
    """The lines with those at `indexes` left empty (their numbers kept)."""
    return tuple(Line(line.number, "") if index in indexes else line
                 for index, line in enumerate(lines))


def captioned_number(caption: str, value: str) -> str | None:
    """The order's number a header cell gives under its caption (`ORDER#` / `340`)."""
    if _NUMBER_CAPTION.match(caption.strip()) and _SERIES_NUMBER.match(value.strip()):
        return value.strip()
    return None


def numbered_title(text: str) -> tuple[str, str] | None:
    """The number and the title a line prints together (`7.1.2 USE OF FORCE`, `SOP 2-55
    De-escalation`), if the title could be a policy's."""
    match = _numbered_match(text.strip())
    if match is None:
        return None
    number, title = _numbered(match)
    return (number.replace("/", "-"), title) if names_a_policy(title) else None


def _numbered_match(text: str) -> re.Match[str] | None:
    """A number and a title on one line, in either form (`1128.13, RESPONSE ...`, `E-01  USE
    OF FORCE`); `_numbered` reads the match."""
    return _NUMBERED_TITLE.match(text) or _LETTERED_ORDER.match(text)


def could_be_title(text: str) -> bool:
    """Not a department's name, an order's number, a `key: value` line, a date, a sentence or
    a banner set letter by letter; a title has letters (`1.` alone is a label)."""
    text = _EFFECTIVE_AFTER.sub("", text)
    return not (not any(char.isalpha() for char in text) or _DEPARTMENT.search(text)
                or _ORDER.match(text) or _NUMBER_ROW.match(text.strip()) or _KEY_VALUE.match(text)
                or _LETTER_SPACED.match(text.strip())
                or _CAPTION.match(text.strip()) or _BARE_NUMBER.match(text.strip())
                or _DATE.search(text) or len(text.split()) > _TITLE_MAX_WORDS
                or re.match(r"^table of contents?$", text, re.IGNORECASE))


def _title_under_first_page(lines: list[Line], first_page: int | None) -> Line | None:
    """`Page 1 of 22` closing a header table (`DEPARTMENTAL` / `GENERAL` / `ORDER` / `K-4.1` /
    `Index as:` / ...), then the order's title in capitals: `FORCE REVIEW BOARDS`. A section's
    caption there (`PURPOSE`, `I.  POLICY`) is none. The page's number is furniture, set aside
    at `first_page`; one a scan misread (`Page 1 o 14`) is still among the lines."""
    first_page = first_page or next(
        (line.number for line in lines if _FIRST_PAGE.match(line.text.strip())), None)
    if first_page is None:
        return None
    following = next((line for line in lines if line.number > first_page), None)
    if following is None:
        return None
    title = following.text.strip()
    if title.isupper() and len(title.split()) >= 2 and names_a_policy(title) \
            and not (_LABELLED.match(title) or _CAPTIONS_ONLY.match(title)):
        return following
    return None


def first_page_line(artifacts: Sequence[Artifact]) -> int | None:
    """The line of the first page's `Page 1 of N`, set aside as a page number."""
    return next((artifact.line for artifact in artifacts if artifact.kind == "page-number"
                 and _FIRST_PAGE.match(artifact.text.strip())), None)


def _choose_title(lines: list[Line]) -> Line | None:
    """The first line, unless it names the department or the order's number (or it is a word of
    a letterhead set one word a line: `Police` / `Instructions`)."""
    letterhead = {line.number for line, following in itertools.pairwise(lines)
                  if len(line.text.split()) == 1 == len(following.text.split())}
    letterhead |= {following.number for line, following in itertools.pairwise(lines)
                   if line.number in letterhead}
    letterhead |= letterhead_over_two_lines(lines)
    # A header table's value under a caption of its own (`NUMBER` / `Immediately`) is no
    # title; under `Subject` it is the title.
    values = _caption_values(lines)
    subject = next((line for line in lines if line.number in values
                    and _SUBJECT_CAPTION.match(values[line.number])), None)
    if subject is not None and names_a_policy(subject.text):
        return subject
    letterhead |= set(values)
    for line in lines:
        if _SUBJECT.match(line.text):
            return line
    for line in lines:
        if is_header_start(line.text):
            break
        if line.number in letterhead:
            continue
        if names_a_policy(line.text):
            return line
    # A header table first (`Subject` / `Date Published` / `USE OF FORCE`): its title cell;
    # with none, a series name (`PROCEDURAL INSTRUCTION`) before the first line.
    candidates = [line for line in lines if line.number not in letterhead]
    return next((line for line in candidates if names_a_policy(line.text)),
                next((line for line in candidates if could_be_title(line.text)),
                     lines[0] if lines else None))


def _caption_values(lines: Sequence[Line]) -> dict[int, str]:
    """Two captions or more one a line, then as many values one a line, paired in turn
    (`EFFECTIVE DATE` / `NUMBER` / `Immediately` / `II-42`): each value's line number and
    its caption."""
    values: dict[int, str] = {}
    index = 0
    while index < len(lines):
        run = list(itertools.takewhile(lambda line: bool(_CAPTION.match(line.text.strip())),
                                       lines[index:]))
        if len(run) < 2:
            index += 1  # a caption alone (`Policy` / `Use of Force`) may label its title
            continue
        after = lines[index + len(run):index + 2 * len(run)]
        for caption, value in zip(run, after):
            if _CAPTION.match(value.text.strip()):
                break
            values[value.number] = caption.text.strip()
        index += len(run)
    return values


def letterhead_over_two_lines(lines: Sequence[Line]) -> set[int]:
    """A department's name or a series name broken over two lines of text, neither a title:
    `Indianapolis Metropolitan` / `Police Department`, `CHANDLER POLICE` / `DEPARTMENT`,
    `Standard Operating` / `Procedure`."""
    written = [line for line in lines if line.text]
    return {number for line, following in itertools.pairwise(written)
            if _department_goes_on(line.text, following.text)
            or _series_goes_on(line.text.strip(), following.text.strip())
            for number in (line.number, following.number)}


def _series_goes_on(first: str, second: str) -> bool:
    """Two lines that name a series together, and neither alone (a release stamp above the
    title is a series name of its own: the title is no part of it)."""
    return (not _SERIES.match(first) and not _SERIES.match(second)
            and bool(_SERIES.match(f"{first} {second}")))


def _department_goes_on(first: str, second: str) -> bool:
    return (not _DEPARTMENT.search(first) and len(second.split()) <= _DEPARTMENT_TAIL
            and bool(_NAME_GOES_ON.match(second)) and bool(_DEPARTMENT.search(f"{first} {second}")))


def _own_numbered_title(lines: Sequence[Line], own: str | None) -> tuple[Line, str] | None:
    """The line that prints the policy's own number (the one its sections share) before a
    title, and that title."""
    if own is None:
        return None
    for line in lines:
        match = _OWN_NUMBER_TITLE.match(line.text.strip())
        if match and match.group(1) == own and names_a_policy(match.group(2)):
            return line, match.group(2)
    return None


def _letterhead_lines(lines: list[Line]) -> int:
    """How many lines at the top no title could be: a whole manual's letterhead on each
    policy's first page (`Policy` / `100` / `Austin Police Department` / `Policy Manual` /
    `APD Policy 2015-2 Issued 5-1-2015`) stands above the policy's title; so does a name
    broken over two lines (`Columbus Police` / `Division Directive`)."""
    broken = letterhead_over_two_lines(lines)
    return next((index for index, line in enumerate(lines)
                 if names_a_policy(line.text) and line.number not in broken), len(lines))


def names_a_policy(text: str) -> bool:
    """Could be the title, and is no series name (`GENERAL ORDERS`) either: one may stand
    first as the title's page header does, so it is no furniture, but it is no title."""
    return could_be_title(text) and not _SERIES.match(text.strip())


def _split_header(lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], tuple[Line, ...]]:
    starts = [i for i, line in enumerate(lines) if is_header_start(line.text)]
    if not starts:
        return (), lines
    # Header tables are short: text far below their caption is preamble, not a table.
    end = starts[0] + _HEADER_LINES
    return lines[starts[0]:end], (*lines[:starts[0]], *lines[end:])


def _split_listed(lines: tuple[Line, ...], headings: list[str]
                  ) -> tuple[tuple[Line, ...], list[Artifact]]:
    """Preamble lines that name a later heading are a table of contents without leaders."""
    names = heading_names(headings)
    listed = [line for line in lines if line.text and repeats_heading(
        re.sub(r"^\S*\d\S*\s+", "", line.text), names)]
    if len(listed) < 2:
        return lines, []
    numbers = {line.number for line in listed}
    kept = tuple(Line(line.number, "") if line.number in numbers else line for line in lines)
    return kept, [Artifact(line.number, line.text, "contents") for line in listed]


def _sentence_around_heading(preamble: tuple[Line, ...], sections: tuple[RawSection, ...]
                             ) -> tuple[tuple[Line, ...], tuple[RawSection, ...]]:
    """`Lincoln Police Officers may use control` / `I.  POLICY` / `measures when ...`: a page
    in two columns set the first section's heading beside its text, and the text's first line
    above it. That line, unfinished above a text that goes on in lower case, opens the text."""
    written = [line for line in preamble if line.text]
    if not sections or not written or _FINISHED.search(written[-1].text) \
            or len(written[-1].text.split()) < _FRAGMENT_WORDS or written[-1].text.isupper():
        return preamble, sections
    first = next((line for line in sections[0].body if line.text), None)
    if first is None or not first.text[:1].islower():
        return preamble, sections
    moved = written[-1]
    kept = tuple(line for line in preamble if line is not moved)
    opened = replace(sections[0], body=(moved, *sections[0].body))
    return kept, (opened, *sections[1:])


def _section(lines: tuple[Line, ...], heading: Heading, end: int) -> RawSection:
    body = list(lines[heading.index + 1:end])
    at = None if heading.title_index is None else heading.title_index - heading.index - 1
    if at is not None and 0 <= at < len(body):
        for line in range(max(at - heading.title_lines + 1, 0), at + 1):
            body[line] = Line(body[line].number, "")
    head = lines[heading.index]
    if heading.inline:
        body.insert(0, Line(head.number, heading.inline))
    return RawSection(heading.number, heading.title, head.number, tuple(body),
                      3 if heading.sub else 2)


def _policy(scheme: Numbering, sections: tuple[RawSection, ...], lines: list[Line]) -> str | None:
    """The number the section numbers share (`2-55`, `300`), else one the first lines name."""
    shared = _shared_number(scheme, [section.number for section in sections])
    if shared:
        return shared
    for line in lines[:_TITLE_SEARCH]:
        if special := _SPECIAL_ORDER.match(line.text):  # `SO 14-41   Effective: ...`
            return f"SO-{special.group(1)}"
    for line in lines[:_TITLE_SEARCH * 2]:
        directive = _DIRECTIVE.search(line.text)
        if directive:
            return directive.group(1).strip(".-")
    for line in lines[:_TITLE_SEARCH]:
        order = _ORDER.match(line.text) or _NUMBER_ROW.match(line.text)
        if order:
            return order.group(1).strip(".-")
    if number := _number_under_series(lines[:_SUBJECT_SEARCH]):
        return number
    for line, following in itertools.pairwise(lines[:_TITLE_SEARCH]):
        if _DEPARTMENT.search(line.text) and _NUMBER_UNDER_NAME.match(following.text.strip()):
            return following.text.strip()  # `THE RALEIGH POLICE DEPARTMENT` / `1108-1`
    for line, following in itertools.pairwise(lines[:_SUBJECT_SEARCH]):
        if number := captioned_number(line.text, following.text):
            return number  # a header cell: `ORDER#` / `340`
    for line in lines[:40]:
        match = _POLICY_IN_TEXT.search(line.text)
        if match:
            return match.group(1)
    return None


def _shared_number(scheme: Numbering, numbers: Sequence[str]) -> str | None:
    """The policy's number that its sections' numbers share."""
    if scheme == "apd":
        prefixes = Counter(number.rsplit("-", 1)[0] for number in numbers if "-" in number)
        return prefixes.most_common(1)[0][0] if prefixes else None
    if scheme == "dotted":
        if sum(1 for number in numbers if "." not in number) >= 2:
            return None  # `1  DEFINITIONS` over `1.1`: chapters of the order, not its number
        if shared := _extended_by_all(numbers):
            return shared  # `460.25.1`, `460.25.3.1`: policy 460.25; `8.200-POL-1`: 8.200
        roots = Counter(number.split(".")[0] for number in numbers if "." in number)
        if len(roots) > 1 and all(len(number.split(".")) == 2 and len(number.split(".")[0]) <= 2
                                  for number in numbers if "." in number):
            return None  # `1.0 PURPOSE`, `2.0 POLICY`, `3.1`: the order's parts, not its number
        if len(roots) > 1:
            # A chapter of policies (`900.00`, `901.01`, ... `908.04`): the chapter's number;
            # a whole manual's chapters (`1.01.000` ... `3.10.080`): the commonest.
            first = next(number.split(".")[0] for number in numbers if "." in number)
            if len(first) >= 3:
                return first
        return roots.most_common(1)[0][0] if roots else None
    return None


def _extended_by_all(numbers: Sequence[str]) -> str | None:
    """The longest number with a dot that every section's number extends (`toolkit.numbering`'s
    `extends`: with `.` or `-`), cut where the first number has a dot or a dash."""
    if not numbers:
        return None
    first = numbers[0]
    for cut in reversed([found.start() for found in re.finditer(r"[.-]", first)]):
        prefix = first[:cut]
        if "." in prefix and all(extends(number, prefix) for number in numbers):
            return prefix
    return None


_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or",
                          "the", "to", "with"})


_CONTENTS_AFTER = re.compile(r"\s+table of contents$", re.IGNORECASE)
"""`Response Continuum Table of Contents`: the contents' caption set on the title's line."""
_STANDARDS_LINE = re.compile(r"^(?:\(\d+(?:\.\d+)+[a-z]?\)\s*)+$")
"""`(22.4.1d)` or `(2.1.4) (2.1.5)` alone: the accreditation standards of the title above."""
_LEADING_DASH = re.compile(r"^[—–-]\s+(?=\S)")
"""`— Revision of ...`: a dash a scan set before the title's words (a dash alone stays)."""
_FILE_SUFFIX = re.compile(r"\.(?:docx?|pdf|rtf|odt|wpd)$", re.IGNORECASE)
"""`TASER (Electronic Control Devices).doc`: a title printed as the file it was saved as."""


def policy_title(text: str, lines: tuple[Line, ...]) -> str:
    """The title line; one in capitals takes the document's own casing where it repeats it.
    A file's suffix after it (`.doc`), the contents' caption (`Table of Contents`) and the
    date it takes effect (`- EFFECTIVE 01 APRIL 2021`) are no part of it."""
    text = _EFFECTIVE_AFTER.sub("", _CONTENTS_AFTER.sub("", _FILE_SUFFIX.sub("", text)))
    text = _LEADING_DASH.sub("", text)  # `SUBJECT:  — Revision of ...`: a scan's dash
    # In capitals but for its small words (`... (ROBOTS) and POLE CAMERAS`): title-cased.
    lettered = [word for word in text.split() if any(char.isalpha() for char in word)]
    if not any(word.isupper() for word in lettered) \
            or not all(word.isupper() or word in _SMALL_WORDS for word in lettered):
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
