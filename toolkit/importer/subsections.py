"""Unnumbered subsections inside a numbered document's sections (`### Role of Supervisors`
inside `## IV. DE-ESCALATION`): the outline stage's last reading, after the headings.

A line alone in sentence or title case that heads the text below it, told from a sentence's
first line, a list item's text, a lettered item's title and a term by the rules of
`with_subsections`. The format holds such sections in every scheme (site/authoring.md,
"Unnumbered sections in any scheme").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from toolkit.importer.definitions import is_definitions_title
from toolkit.importer.headings import Heading
from toolkit.importer.labels import FIRST_LABELS, read_label
from toolkit.importer.line_reading import (
    BREAKS_OFF,
    PARAGRAPH_LINE_WORDS,
    SENTENCE_DONE,
    fold,
    next_text_index,
    previous_text_index,
    text_opening,
)
from toolkit.importer.nouns import Line
from toolkit.numbering import unnumbered

_SUBSECTION = re.compile(r"^[A-Z][^.:;,•]*(?:\d\.\d[^.:;,•]*)*[^.:;,\s]$")
"""An unnumbered subsection's heading: a capital first, no stop or comma but between digits
(`Parameters for Use of Deadly Force (MN State Statute 609.066)`)."""
_SUBSECTION_WORDS = 12
_SAYS = frozenset({"shall", "will", "must", "may", "should", "can", "cannot", "is", "are", "was",
                   "were", "has", "have"})
"""Words that make a line a statement, not a subheading."""
_DASHED = re.compile(r"\s[-–—]\s")
_TERM = re.compile(r"^[A-Z][\w/-]*:\s")
_CAPTION_ALONE = re.compile(r"^[A-Z][A-Za-z]*(?: [A-Za-z]+){0,3}:$")
"""`Approved Use:` alone on its line: a caption over the text below it."""
_PARENTHESES = re.compile(r"\([^)]*\)")


def with_subsections(lines: Sequence[Line], run: list[Heading]) -> list[Heading]:
    """The run with the unnumbered subheadings inside its numbered sections, in order: a line
    alone in sentence or title case (`Role of Supervisors`, `Mandatory medic response`) after
    a blank line and a finished sentence or the section's heading, over a paragraph's full
    line or a list's first label, printed once in the document; or a caption over a caption
    alone (`Handcuffing Procedure:` / `Approved Use:`). A line in capitals, a caption over its
    text (`Inspection Requirement:`) and a sentence's broken end are none."""
    numbered = [c for c in run if c.number]
    if not numbered:
        return run
    taken = {index for c in run for index in (c.index, c.title_index) if index is not None}
    heads = {c.index for c in numbered}
    ends = [c.index for c in numbered[1:]] + [len(lines)]
    printed = Counter(fold(line.text) for line in lines if line.text)
    found = [Heading(index, "", _subsection_title(lines, index), sub=True)
             for heading, end in zip(numbered, ends, strict=True)
             if not is_definitions_title(heading.title)  # terms, not subsections
             for index in range(heading.index + 1, end)
             if index not in taken and _subsection_at(lines, index, heads)
             and printed[fold(lines[index].text)] == 1
             and not _inside_a_list(lines, heading.index, index, end)]
    return sorted([*run, *found], key=lambda candidate: candidate.index)


def _inside_a_list(lines: Sequence[Line], start: int, index: int, end: int) -> bool:
    """A list of the section goes on below the line (`A.` above it, `B.` the next label
    below): the line is an item's text, not a subsection between items."""
    above = any(read_label(line.text) for line in lines[start + 1:index])
    below = next((label.label for line in lines[index + 1:end]
                  if (label := read_label(line.text))), None)
    # `I.` may be the letter after `H.` as well as a first numeral: the list may go on.
    return above and below is not None and (below not in FIRST_LABELS or below == "I")


def _subsection_at(lines: Sequence[Line], index: int, heads: set[int]) -> bool:
    """The line reads as a subheading where it stands (see `with_subsections`)."""
    text = _subsection_title(lines, index)
    words = text.split()
    if not (_SUBSECTION.match(text) and 2 <= len(words) <= _SUBSECTION_WORDS
            and any(char.islower() for char in text) and unnumbered(text)
            and not lines[index - 1].text):
        return False
    # A sentence's first line: it says something (`... will be made by the`), or it breaks
    # off; a term and its definition (`Secondary Employment - Employment outside ...`); an
    # order's number (`General Order G03-02-05`).
    if any(word.lower() in _SAYS for word in _PARENTHESES.sub("", text).split()) \
            or words[-1].lower() in BREAKS_OFF \
            or _DASHED.search(text) or any(char.isdigit() for char in _PARENTHESES.sub("", text)):
        return False
    above, below = previous_text_index(lines, index), next_text_index(lines, index)
    if above is None or below is None:
        return False
    opening = text_opening(lines[below].text, labelled=True)
    if _TERM.match(lines[below].text):
        return False  # a term, then its definition (`U: A weapon primarily ...`)
    # A label alone above (`M.` / `The Administrative and Tactical Review`) titles its item.
    finished = (SENTENCE_DONE.search(lines[above].text) is not None
                or read_label(lines[above].text) is not None) \
        and len(lines[above].text.split()) >= 2
    over_text = opening[:1].isupper() and len(lines[below].text.split()) >= PARAGRAPH_LINE_WORDS
    return (above in heads or finished) and (over_text or text != lines[index].text.strip())


def _subsection_title(lines: Sequence[Line], index: int) -> str:
    """The line's text; a caption's without its colon where it stands over another caption
    alone (`Handcuffing Procedure:` / `Approved Use:`): it heads the captions' block."""
    text = lines[index].text.strip()
    below = next_text_index(lines, index)
    if text.endswith(":") and below is not None and _CAPTION_ALONE.match(lines[below].text.strip()):
        return text[:-1].rstrip()
    return text
