"""How one line of a flattened policy text reads: the small readings every heading reader
shares (a title's shape, a sentence's end, a header row's key, the next line with text), and
the candidate heading each reader proposes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.importer.columns import BULLET
from toolkit.importer.nouns import Line

TITLE_MAX_WORDS = 14
OPENING_QUOTES = "\"“‘'"
BREAKS_OFF = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "if", "in", "into", "of",
                        "on", "or", "than", "that", "the", "to", "via", "with", "their", "his",
                        "her", "its", "shall", "will", "would", "may", "must", "should", "be"})
"""Words a line ends with where its sentence goes on to the next (`Members of`, `... made by
the`): no heading and no running header ends so."""
CAPITAL_HEADING = re.compile(r"^([A-Z][A-Z0-9 &/'’,()-]{2,50}?(?:\s*\(\d+(?:\.\d+)+[a-z]?\))*)"
                             r"\s*:?$")
"""`POLICY`, `DISCRETION (1.2.7)`: a heading in capitals, an accreditation standard after it."""
JOINING_END = re.compile(r"(?:\b(?:and|or|of|the|to|for|in|with|on|by)|,)$", re.IGNORECASE)
"""A line that breaks off on a joining word (`... Inquiry, Reporting, and`) goes on below."""
SENTENCE_END = re.compile(r"[.;,]$")
"""A line that ends in a sentence's or a clause's stop: no title's."""
HEADER_KEY = re.compile(
    r"^(?:SUBJECT|DATE|EFFECTIVE|REVISED|RESCINDS|REPLACES|REVIEW|APPROVED|ISSUED|NUMBER|TO|FROM|"
    r"DISTRIBUTION|AMENDS|PAGES?|BY|RE|INDEX|REFERENCE|CALEA|DIRECTIVE|ORDER|ISSUE|"
    r"(?:GENERAL|SPECIAL) ORDER|REVISION|ATTACHMENT|SUPERSEDES|TERMINATION)\b")
"""`SUBJECT: PURSUIT DRIVING`, `EFFECTIVE DATE: ...`: the order's header, not a section."""
LETTERHEAD = re.compile(r"\b(?:POLICE|SHERIFF'?’?S?)\b.*\b(?:DEPARTMENT|OFFICE|BUREAU|DIVISION)\b")
"""A department's name in capitals heads no section."""
SENTENCE_DONE = re.compile(r"[.!?][\"”’)]?$")
"""A line that ends a sentence, not a caption (`Address:` over a form's `City:`)."""
PARAGRAPH_LINE_WORDS = 8
"""A line of a paragraph printed across the page holds at least this many words."""
PLACEHOLDERS = frozenset({"tbd", "tba", "n a", "none", "pending", "to be determined"})
"""A header table's value standing for one not yet given, never a section's title."""
ASIDES = frozenset({"note", "notes", "exception", "exceptions", "warning", "caution", "example",
                     "examples"})
"""Captions of a note within a section, never a section's title."""
LETTER_LABEL = re.compile(r"^([A-Z])\.(?:\s|$)")
"""A capital letter opening a line as its label: a clause's (`H.  Persons accepted ...`) or a
lettered contents entry's (`B. DEFINITIONS`)."""
FIRST_LABEL = re.compile(r"^[A1a]\.(?:\s|$)")
"""A list's first label (`A.`, `1.`, `a.`): what a displaced title and a subheading stand over."""


@dataclass(frozen=True)
class Candidate:
    """A line one reader proposes as a heading, before the runs that go forward are chosen."""

    index: int
    number: str
    key: tuple[int, ...]
    title: str
    title_index: int | None
    inline: str = ""
    listed: bool = False
    """A headed document's heading that its table of contents names."""
    lead_in: bool = False
    """`I.  Subject to the following restrictions, ...:`: a first numeral with no title, its
    section's first sentence beside it (`inline`); a heading only where a count goes on."""
    title_lines: int = 1
    recurring: bool = False
    """A subheading each counted caption holds (`ETHICAL STANDARDS`): kept each time."""
    sub: bool = False
    """An unnumbered subsection of the section above (`### Duty to Intervene`)."""


def previous_text_index(lines: Sequence[Line], index: int) -> int | None:
    return next((i for i in range(index - 1, -1, -1) if lines[i].text), None)


def text_opening(text: str, labelled: bool = False) -> str:
    """The text past an opening quote (`“Deadly force” means ...`) and, if `labelled`, past
    a list's first label (`1.  Law enforcement officers are ...`) or its bullet (`•  Incidents
    involving ...`)."""
    if labelled and (label := FIRST_LABEL.match(text) or BULLET.match(text)):
        text = text[label.end():]
    return text.lstrip(OPENING_QUOTES)


def reads_as_title(text: str, most: int = TITLE_MAX_WORDS) -> bool:
    """Short (`most` words at most), not a sentence, not a list item, and its words mostly
    capitalised."""
    words = text.split()
    if not words or len(words) > most or SENTENCE_END.search(text):
        return False
    opening = text.lstrip(OPENING_QUOTES)[:1]  # `“REASONABLENESS” OF FORCE` is a title
    if re.match(r"^(?:[A-Za-z]|\d+|[ivx]+)[.)]\s", text) or not opening.isalpha():
        return False
    significant = [w for w in words if w[:1].isalpha() and len(w) > 3]
    capitalised = sum(1 for w in significant if w[0].isupper())
    return capitalised * 2 >= len(significant)


def next_text_index(lines: Sequence[Line], index: int) -> int | None:
    return next((i for i in range(index + 1, len(lines)) if lines[i].text), None)


def fold(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()
