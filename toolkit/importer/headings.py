"""The numbering scheme of a document and its section headings.

Every line is tried against each scheme's heading pattern (`2-55-4`, `300.3.1 TITLE`,
`III. Title`, `Chapter 3`, `1. TITLE`, `POLICY:`); a scheme's headings are the
longest run of its candidates whose numbers go forward (`I`, `II`, `III`; `300.1`,
`300.1.1`, `300.2`). The scheme with the longest run wins, unless the caller
names one. Headed documents (nothing numbered) take their headings from the
table of contents, or from lines in capitals that stand alone.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

from toolkit.importer.headed import above_with_text, headed, is_caption
from toolkit.importer.line_reading import (
    ASIDES,
    CAPITAL_HEADING,
    FIRST_LABEL,
    HEADER_KEY,
    LETTER_LABEL,
    LETTERHEAD,
    PARAGRAPH_LINE_WORDS,
    PLACEHOLDERS,
    Candidate,
    fold,
    next_text_index,
    previous_text_index,
    reads_as_title,
)
from toolkit.importer.nouns import Line, RawSection
from toolkit.model import NUMBERINGS, Numbering, Section
from toolkit.numbering import SCHEMES, section_address, unique_address, unnumbered

_FEW_NUMBERED = 2
"""A numbered scheme of this many headings loses to a headed run of more than twice as many."""
_CHAPTER_BLOCK = 100
"""Dotted first parts of three digits count in chapters of a hundred (`900` holds `901`-`999`)."""
_APPENDIX = re.compile(r"^(?:APPENDIX|ATTACHMENT|ADDENDUM|EXHIBIT)\b"
                       r"(?:\s+[\"“']?[A-Z][\"”']?(?=\s|$))?(\s*[-–—:]?\s*\S.*)?$")
"""`APPENDIX`, `APPENDIX “A”`, `ATTACHMENT B – Roles`: an appendix's caption, group 1 its title."""
_FRONT_SECTIONS = 2
"""Unnumbered sections a contents lists or captions name before the first numbered one: this
many or more (one alone may be a header's row)."""
_DISPLACED_REACH = 3
"""Text lines below a number alone where its title may stand (set beside the first clause)."""
_SECTION_REACH = 60
"""Lines below a number alone where its title may stand further down its section."""
_SIBLING_REACH = 400
"""Lines either side of a number alone where a sibling printed with its title is looked for
(a bound, so that a manual of many numbers alone is not read once per number)."""
_WHOLE_MANUAL = 5
"""Headings numbered in other hundreds, going forward with those of the commonest hundred,
this many or more: a whole manual's policies, not numbers cited from other chapters."""
_MANUAL_HUNDREDS = 3
"""Or going forward through this many hundreds, two headings or more in each."""
_MONTHS, _DAYS = 12, 31
"""`9-18-19` reads as a date (month, day, year), `2-52-1` does not."""
_CONTENTS_RUN = 3
_CONTENTS_GAP = 2
"""Numbered headings with no more text lines than this between them, three or more in turn,
are a contents list's lines (a title and its second line)."""
_NUMERAL_REACH = 8
"""Lines from a heading where the body may print its numeral alone."""
_APD = re.compile(r"^(\d+-\d+-\d+)(?:\s+(\S.*))?$")
_DOTTED = re.compile(
    r"^(?:Section\s+|SECTION\s+)?"
    r"(\d{1,4}(?:\.\d{1,4})+[A-Za-z]?(?:-[A-Z]{3}(?:-\d+)?(?=\s|$)|-[A-Z]{2,5}-\d+)?"
    r"(?:\s?[-–]\s?\d{1,3}(?:\.\d{1,3})*(?=\s|$))?)"
    r"\.?(?:(?:\s*[-–:]\s*|\s+)(\S.*)?)?$|"
    r"^(\d{1,4}(?:\.\d{1,4})+[A-Za-z]?)\.?$"
)
"""`300.3.1 Title`, `Section 1.0 PURPOSE` (the word is the scheme's, as `SECTION I.` is the
Roman one's), `8.100-POL-1 Title` (`8.100-POL` alone: the policy's statement), and a
directive's number with its part after a dash (`304.2 - 3.1  Command Investigation`, read as
`304.2-3.1`)."""
_DASH = re.compile(r"\s?[-–]\s?")
_CAPTION_BESIDE = re.compile(r"^([^:]{3,60}):\s+(\S.*)$")
"""`Failure to Appear: Personnel who ...`: a section's title, then its first sentence."""
_PART_ALONE = re.compile(r"-([A-Z]{3})$")
_PART_NAMES = {"POL": "Policy", "PRO": "Procedure", "TSK": "Task"}
"""A policy's parts a manual names by letters (`8.100-POL`, `8.200-PRO-1`, `8.300-TSK-2`);
a part with no title of its own reads as what its letters stand for."""
_SUFFIX = re.compile(r"^\.(\d{2,3})\s+(\S.*)$")
"""`.01   Purpose`: a section numbered after its order's number (General Order 705's `705.01`)."""
_ORDER_NUMBER = re.compile(r"^(?:General Order|Special Order|Directive|Policy|Procedure|G\.O\.)\s*"
                           r"(?:No\.?|Number|#|:)?\s*(\d{1,4})(?:\s*[-–—:]?\s+[A-Z][^\d]*)?$",
                           re.IGNORECASE)
"""`General Order 705`, `Procedure 501 – Use of Force`: the order whose sections are `.01`, ..."""
_ORDER_REACH = 10
"""Text lines at the top where the order's number stands."""
_ROMAN = re.compile(r"^(?:SECTION\s+)?([IVXL]{1,6})\.\s*(?:[-–]\s*)?(\S.*)?$")
_LEADERS = re.compile(r"(?:\s+\.)+\s*$")
"""Dot leaders at a line's end: `Chapter 6 - General Support Operations . . .`."""
_CHAPTER = re.compile(r"^(?:CHAPTER|Chapter)\s+(\d{1,3})\b[.:]?\s*(?:[-–:]\s*)?(\S.*)?$")
_FOUR_DIGITS = re.compile(r"^(\d{4})\s+([A-Z][A-Za-z0-9 ,&/'’()–-]{2,80}?)$")
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+([A-Z][A-Z0-9 ,&/'’()-]{2,60})$")
"""`1. POLICY`: a numbered section only when its title is in capitals (clauses are not)."""
_RECURRING = 3
"""A caption printed this many times over a text without a contents list heads no section."""
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_PART_BASE = 10_000
"""Keys of parts named in letters (`POL`) start here, past any section's number."""


@dataclass(frozen=True)
class Heading:
    """One section heading as found: where, its number as the format writes it, its title."""

    index: int
    """Index of the heading's line in the lines given."""
    number: str
    """`2-55-4`, `300.3.1`, `III.`, `Chapter 3`, `1`, or empty in a headed document."""
    title: str
    title_index: int | None = None
    """Index of the line that holds the title when it stands on the next line; or of the
    numeral alone set apart above a title printed a few paragraphs on (`_title_further`)."""
    inline: str = ""
    """Text after a `LABEL:` heading on its own line: the section's first words."""
    title_lines: int = 1
    """Lines the title takes, the last of them at `title_index` (`Level 4:` / `Chemical
    Irritant/ ... Carotid` / `Restraint:` takes two)."""
    sub: bool = False
    """An unnumbered subsection of the numbered section above (`### Role of Supervisors`)."""


def find_headings(lines: Sequence[Line], numbering: Numbering | None = None,
                  contents: Sequence[str] = (), after: int = 0
                  ) -> tuple[Numbering, list[Heading]]:
    """The scheme (given or found) and its headings, in document order. `after`: the index
    below the table of contents, whose titles `contents` holds."""
    runs = {name: _chain(name, _candidates(name, lines, contents), lines)
            for name in NUMBERINGS}
    inferred = numbering is None
    if numbering is None:
        numbering = _best(runs)
        if numbering == "apd" and not _enough_apd(runs["apd"]):
            return "apd", []
        if numbering == "headed" and runs["headed"] and runs["roman"] \
                and runs["roman"][0].index > runs["headed"][-1].index \
                and not _after_letter_h(lines, runs["roman"][0].index):
            # `IACP - CODE OF ETHICS` / `UN - CODE OF CONDUCT` adopted whole, then `I.
            # RESPONSIBILITY`: unnumbered sections, then numbered ones.
            numbering, runs["roman"] = "roman", [*_unnumbered(runs["headed"]), *runs["roman"]]
    if numbering != "headed" and runs[numbering] and runs[numbering][0].number:
        first = runs[numbering][0]
        front = _listed_before(lines, contents, first, after) or _captions_before(lines, first)
        if not front and inferred and numbering == "roman":
            front = _headed_before(lines, runs["headed"], runs["roman"])
        runs[numbering] = [*front, *runs[numbering], *_appendices(lines, runs[numbering][-1])]
    return numbering, [Heading(c.index, c.number, c.title, c.title_index, c.inline,
                               c.title_lines, c.sub)
                       for c in runs[numbering]]


def _listed_before(lines: Sequence[Line], contents: Sequence[str], first: Candidate,
                   after: int) -> list[Candidate]:
    """Unnumbered headings a table of contents lists before its first numbered entry
    (`Purpose`, `Background`, `Policy`, `Definitions`, then `I.  Authorized Use of Force`):
    each alone on a line below the contents and above the first numbered heading, in the
    contents' order; two or more, else none."""
    top = min(first.index, first.title_index or first.index)
    numbered = fold(f"{first.number} {first.title}")
    wanted: list[str] = []
    for title in contents:
        if fold(title).startswith(numbered) or fold(title) == fold(first.number):
            break
        if unnumbered(title) and reads_as_title(title):
            wanted.append(fold(title))
    found: list[Candidate] = []
    start = after
    for title in wanted:
        at = next((index for index in range(start, top) if fold(lines[index].text) == title),
                  None)
        if at is not None:
            found.append(Candidate(at, "", (), lines[at].text.strip().rstrip(":"), None,
                                    listed=True))
            start = at + 1
    return found if len(found) >= _FRONT_SECTIONS else []


def _captions_before(lines: Sequence[Line], first: Candidate) -> list[Candidate]:
    """Section captions in capitals alone on their lines above the first numbered heading
    (`POLICY:` over its statement, then `PROCEDURES:` over `1.  DEFINITIONS`): unnumbered
    sections, where two or more follow one another with prose between them and nothing else
    (a header's rows are no sections)."""
    top = min(first.index, first.title_index or first.index)
    captions: list[int] = []
    for index in range(top - 1, -1, -1):
        text = lines[index].text.strip()
        if is_caption(text) and text.isupper() and (index == 0 or not lines[index - 1].text):
            captions.append(index)
        elif text.isupper() or text.endswith(":"):
            break  # a title, a header's row or value, a contents' caption: the header above
    captions.reverse()
    if len(captions) < _FRONT_SECTIONS:
        return []
    return [Candidate(index, "", (), lines[index].text.strip().rstrip(":").strip(), None)
            for index in captions]


def _appendices(lines: Sequence[Line], last: Candidate) -> list[Candidate]:
    """`APPENDIX` / `FIREARMS DISCHARGE REPORTING GUIDELINES`, `APPENDIX B – Roles`: an
    appendix after the last numbered section, in capitals alone on its line after a blank
    one, is an unnumbered section of its own; its title on the next line where it has none
    beside it."""
    found: list[Candidate] = []
    for index in range(max(last.index, last.title_index or last.index) + 1, len(lines)):
        text = lines[index].text.strip()
        caption = _APPENDIX.match(text)
        if not (caption and text.isupper() and not lines[index - 1].text):
            continue
        below = next((at for at in range(index + 1, min(index + 3, len(lines)))
                      if lines[at].text), None)
        title, title_index = text, None
        if below is not None and not caption.group(1) \
                and lines[below].text.isupper() and reads_as_title(lines[below].text):
            title, title_index = f"{text} {lines[below].text.strip()}", below
        if unnumbered(title):
            found.append(Candidate(index, "", (), title, title_index))
    return found


def has_apd_sections(lines: Sequence[Line]) -> bool:
    """The lines number sections as an APD SOP does (`2-55-4`): the only format that prints a
    sanction column beside them."""
    return _enough_apd(_chain("apd", _candidates("apd", lines, ()), lines))


def _headed_before(lines: Sequence[Line], headed: list[Candidate],
                   numbered: list[Candidate]) -> list[Candidate]:
    """Headings in capitals with text of their own before the first numbered one (`POLICY`,
    `PURPOSE AND SCOPE`, ... then `I.`, `II.`): unnumbered sections before the numbered ones;
    else none (an order's header above its first section is no section, and so is a caption
    beside its statement). Only roman outlines are read so: above a dotted manual's first
    policy stands its front matter (a code of ethics, a mission statement)."""
    if not numbered:
        return []
    first = min(numbered[0].index, numbered[0].title_index or numbered[0].index)
    # `PURPOSE:  The department ...` beside its statement is a row of the order's header.
    return _unnumbered(above_with_text(lines, [c for c in headed if not c.inline], first))


def _unnumbered(headed: list[Candidate]) -> list[Candidate]:
    """Headings that read back as unnumbered sections: no `1 OF 3` or `III POLICY` among them."""
    return [c for c in headed if unnumbered(c.title)]


def _after_letter_h(lines: Sequence[Line], index: int) -> bool:
    """The nearest letter above the line is `H.`: an `I.` there is the next letter."""
    above = (LETTER_LABEL.match(line.text) for line in reversed(lines[:index]))
    return next((found.group(1) for found in above if found), None) == "H"


def _enough_apd(run: list[Candidate]) -> bool:
    """Two APD sections, or one that is titled and no date (`10-12-13`, `1-1-2016`, or
    `9-18-19` alone on its line; `1-2-10 Rules` is a section)."""
    if len(run) != 1:
        return len(run) > 1
    candidate = run[0]
    parts = candidate.number.split("-")
    date = len(parts[2]) == 4 or all(len(part) == 2 for part in parts) or (
        candidate.title_index is not None  # alone on its line, as a header's date is
        and int(parts[0]) <= _MONTHS and int(parts[1]) <= _DAYS and len(parts[2]) == 2)
    return bool(candidate.title) and not date


def _best(runs: dict[Numbering, list[Candidate]]) -> Numbering:
    """The longest run; the numbered schemes before headed, apd first on a tie (it is ours)."""
    numbered = [name for name in NUMBERINGS if name != "headed"]
    best = max(numbered, key=lambda name: len(runs[name]))
    if len(runs[best]) == _FEW_NUMBERED and len(runs["headed"]) > 2 * _FEW_NUMBERED \
            and not _nested_under(runs["headed"], runs[best]):
        return "headed"  # two numbers against many headings in capitals: numbered lines
    if len(runs[best]) >= 2 or (best == "apd" and _enough_apd(runs[best])):
        return best
    if len(runs["headed"]) < 2 and _first_policy_section(runs["dotted"]):
        return "dotted"
    if _first_roman_section(runs["roman"]) and (
            len(runs["headed"]) < 2 or _lettered_under(runs["headed"], runs["roman"])):
        return "roman"  # `I.  CAP - ROUND CROWN` over its `A.  DESIGN:`, `B.  MATERIAL:`, ...
    return "headed" if len(runs["headed"]) >= 2 else "apd"


def _first_roman_section(run: list[Candidate]) -> bool:
    """One Roman heading alone, `I.` with its title (`I.  Procedure` under a directive's
    header): an order of one section."""
    return len(run) == 1 and run[0].key == (1,) and bool(run[0].title)


def _lettered_under(headed: list[Candidate], numbered: list[Candidate]) -> bool:
    """Headings in capitals that are lettered items (`A.  DESIGN:`), standing mostly below
    the order's one Roman section: its clauses, not sections of their own."""
    lettered = sum(1 for c in headed if LETTER_LABEL.match(c.title))
    return 2 * lettered > len(headed) and _nested_under(headed, numbered)


def _nested_under(headed: list[Candidate], numbered: list[Candidate]) -> bool:
    """Roman sections from `I.` whose headings in capitals stand mostly below the first of
    them: those are the sections' own captions (`I.  Definitions` / `SEXUAL HARASSMENT: ...`),
    not an outline of their own."""
    if not numbered or numbered[0].number != "I.":
        return False
    below = sum(1 for c in headed if c.index > numbered[0].index)
    return 2 * below > len(headed)


def _first_policy_section(run: list[Candidate]) -> bool:
    """One dotted heading alone, a policy's first in capitals (`102.1   PURPOSE AND SCOPE`): a
    manual's policy of one section."""
    return len(run) == 1 and len(run[0].key) == 2 and run[0].key[1] == 1 \
        and run[0].title.upper() == run[0].title and run[0].key[0] >= _CHAPTER_BLOCK


# --- candidates per scheme ------------------------------------------------------------------------


def _candidates(name: Numbering, lines: Sequence[Line],
                contents: Sequence[str]) -> list[Candidate]:
    if name == "headed":
        return headed(lines, contents)
    read = _READERS[name]
    if name == "dotted" and (order := _order_number(lines)) is not None:
        read = partial(_dotted_or_numbered, order=order)
    if name == "roman" and _numeral_block(lines):
        read = partial(_roman, further=False)  # `numerals_apart` numbers their headings
    found = []
    for index, line in enumerate(lines):
        if line.text and (candidate := read(lines, index)) is not None:
            found.append(candidate)
    return found


def _title_after(lines: Sequence[Line], index: int, inline: str | None, wrapped: bool = False
                 ) -> tuple[str, int | None] | None:
    """The title on the heading's line, or on the next line; None when neither reads as one
    (nor, unless `wrapped`, a line that runs on as a sentence)."""
    if inline:
        return (inline, None) if reads_as_title(inline) else None
    following = next_text_index(lines, index)
    if following is not None and reads_as_title(lines[following].text) \
            and not _numbered_heading(lines[following].text) \
            and (wrapped or not _runs_on_below(lines, following)):
        return lines[following].text, following
    return None


def _runs_on_below(lines: Sequence[Line], index: int) -> bool:
    """The line goes on, with no break, in lower case on the next: a wrapped sentence (`The
    Deputy Chief of Support Services, who oversees the training function` / `of the
    Department, shall ...`), no title."""
    below = index + 1
    return (below < len(lines) and lines[below].text[:1].islower()
            and not _LOWER_LABEL.match(lines[below].text))


def _numeral_block(lines: Sequence[Line]) -> bool:
    """Two Roman numerals alone with nothing but blank lines between them: plain extraction
    printed a page's numerals as a block, their titles after it."""
    alone = _numerals_alone(lines)
    return any(next_text_index(lines, one) == two for one, two in itertools.pairwise(alone))


def _title_further(lines: Sequence[Line], index: int) -> tuple[str, int] | None:
    """For a numeral alone whose next line is no title: its title a few paragraphs on, where
    plain extraction sets a page's label column apart from the text (`II.` / two paragraphs
    of the section before / `Rights Granted by the Constitution and Federal Law` / `A.`).
    The title is a line of its own after a break, with its list's first label (`A.`) below."""
    below = next_text_index(lines, index)
    for _ in range(_FURTHER_LINES):
        at = below
        if at is None or _ROMAN.match(lines[at].text) or _numbered_heading(lines[at].text):
            return None
        text = lines[at].text
        below = next_text_index(lines, at)
        opens = at == 0 or not lines[at - 1].text or lines[at - 1].text.endswith(".")
        if (opens and reads_as_title(text) and len(text) <= _FURTHER_TITLE
                and below is not None and FIRST_LABEL.match(lines[below].text)):
            return text, at
    return None


def _numbered_heading(text: str) -> bool:
    """A line that is a numbered heading of its own (`II.  POLICY` under a lone `I.` whose
    title the PDF lost) is no title of the number above it."""
    return bool(_APD.match(text) or _DOTTED.match(text) or _CHAPTER.match(text)
                or _titled_roman(text) is not None)


def _titled_roman(text: str) -> int | None:
    """The value of a Roman heading with its title on its line (`II.  POLICY`)."""
    match = _ROMAN.match(text)
    return roman_value(match.group(1)) if match and match.group(2) else None


def _apd(lines: Sequence[Line], index: int) -> Candidate | None:
    match = _APD.match(lines[index].text)
    if not match:
        return None
    number, inline = match.group(1), match.group(2) or ""
    title = _title_after(lines, index, inline or None)
    if title is not None or not inline:
        inline = ""
    elif (caption := _CAPTION_BESIDE.match(inline)) and reads_as_title(caption.group(1)):
        # `2-01-3 Failure to Appear: Personnel who fail ...`: the title, then the text.
        title, inline = (caption.group(1), None), caption.group(2)
    else:
        return None  # a sentence that opens with a section's number (`2-52-4 of this order
        # applies ...`), no heading: its words had been dropped with the line taken for one
    return Candidate(index, number, (int(number.rsplit("-", 1)[1]),), *(title or ("", None)),
                     inline)


def _dotted(lines: Sequence[Line], index: int) -> Candidate | None:
    match = _DOTTED.match(lines[index].text)
    if not match:
        return None
    written = match.group(1) or match.group(3)
    number = _DASH.sub("-", written)
    part = _PART_ALONE.search(number)
    if part and not (match.group(2) and reads_as_title(match.group(2))):
        # `6.010-POL` alone, or with its statement beside it: the part its letters name.
        return Candidate(index, number, _number_key(number), _PART_NAMES.get(part[1], part[1]),
                         None, match.group(2) or "")
    title: tuple[str, int | None] | None = (
        _title_just_above(lines, index) if not match.group(2) else None)
    title = title or _title_after(lines, index, match.group(2))
    if title is None and not match.group(2):
        title = _displaced_title(lines, index) or _title_in_section(lines, index, number)
    if title is None:
        return None
    if title[1] is not None and title[1] < index:
        # The title stands above its number: the section starts at the title's line, and the
        # number's line is the one set aside.
        return Candidate(title[1], number, _number_key(number), title[0], index)
    return Candidate(index, number, _number_key(number), *title)


def _title_just_above(lines: Sequence[Line], index: int) -> tuple[str, int] | None:
    """A number alone under a title in capitals (`BUREAUS` / `200.2` / `The Chief of ...`):
    the title above, not the sentence below (Lexipol manuals print their headings so)."""
    above = previous_text_index(lines, index)
    if above is None:
        return None
    text = lines[above].text
    if CAPITAL_HEADING.match(text) and reads_as_title(text) and not _DOTTED.match(text):
        return text, above
    return None


def _displaced_title(lines: Sequence[Line], index: int) -> tuple[str, int] | None:
    """A number alone whose title the PDF set a few lines off, in a column of its own: just
    above it (`NON-DEADLY FORCE` / `(A 1.2.2)` / `401.03` / `A.  Authorization. ...`) or a
    few lines down, beside the first clause (`401.01` / `A.  Purpose.  The purpose of ...` /
    `PURPOSE, POLICY, AND PHILOSOPHY`). Only a title in capitals alone on its line counts."""
    above = index
    for _ in range(_DISPLACED_REACH - 1):
        found = previous_text_index(lines, above)
        if found is None or _DOTTED.match(lines[found].text):
            break
        above = found
        if _displaced(lines[above].text):
            return lines[above].text, above
    following = index
    for _ in range(_DISPLACED_REACH):
        found = next_text_index(lines, following)
        if found is None or _DOTTED.match(lines[found].text):
            return None
        following = found
        if _displaced(lines[following].text):
            return lines[following].text, following
    return None


def _title_in_section(lines: Sequence[Line], index: int, number: str
                      ) -> tuple[str, int] | None:
    """A number alone whose title in capitals the PDF printed further down its own section,
    after a paragraph or its first subsection (`4.4` / `When a subject resists ...` /
    `FOUR-POINT RESTRAINT`): the first line in capitals alone between blank lines before the
    next number that is not one of its subsections. The number stands over a paragraph (in a
    contents, numbers stand over numbers), and a sibling's title stands beside its number
    (`4.3  RIPP-HOBBLE`): in a column of numbers alone (Atlanta's), titles are not displaced."""
    first = next_text_index(lines, index)
    if first is None or len(lines[first].text.split()) < PARAGRAPH_LINE_WORDS:
        return None
    parent = number.rpartition(".")[0]
    sibling = re.compile(rf"^{re.escape(parent)}\.\d+\s+[A-Z]{{2}}")
    nearby = lines[max(index - _SIBLING_REACH, 0):index + _SIBLING_REACH]
    if not parent or not any(sibling.match(line.text) for line in nearby):
        return None
    for below in range(index + 1, min(index + _SECTION_REACH, len(lines) - 1)):
        text = lines[below].text
        dotted = _DOTTED.match(text)
        if dotted and not dotted.group(1).startswith(f"{number}."):
            return None
        if dotted or lines[below - 1].text or lines[below + 1].text:
            continue
        if CAPITAL_HEADING.match(text) and reads_as_title(text) \
                and fold(text) not in ASIDES | PLACEHOLDERS \
                and not (HEADER_KEY.match(text) or LETTERHEAD.search(text)):
            return text, below
    return None


def _displaced(text: str) -> bool:
    return bool(CAPITAL_HEADING.match(text)) and reads_as_title(text) and len(text.split()) > 1


_LONG_TITLE_WORDS = 30
"""A Roman section's title beside its numeral may run this long (Chicago's `III.` of U04-02-01,
25 words); one in title case that is no sentence, and in turn."""


def _roman(lines: Sequence[Line], index: int, further: bool = True) -> Candidate | None:
    match = _ROMAN.match(lines[index].text)
    value = roman_value(match.group(1)) if match else None
    if match is None or value is None:
        return None
    title = _title_after(lines, index, match.group(2))
    if title is None and match.group(2) and reads_as_title(match.group(2), _LONG_TITLE_WORDS):
        # `III.  Department Approved Semiautomatic Pistols for Department Members Hired on or
        # after 21 July 2015 or ...`: a long title, in title case, kept where the count goes on.
        title = (match.group(2), None)
    if title is None and match.group(2) and value == 1 and match.group(2)[:1].isupper():
        return Candidate(index, f"{match.group(1)}.", (value,), "", None, match.group(2),
                          lead_in=True)
    if title is None and not match.group(2):
        if _next_roman(lines, index, value):
            title = ("", None)  # `I.` alone, then `II.  POLICY`: the PDF lost the first title
        elif further and (displaced := _title_further(lines, index)):
            # The section starts at its title; the numeral's line is set aside.
            return Candidate(displaced[1], f"{match.group(1)}.", (value,), displaced[0], index)
        else:
            title = _title_after(lines, index, None, wrapped=True)  # the best there is
    if title is None:
        return None
    return Candidate(index, f"{match.group(1)}.", (value,), *title)


def _next_roman(lines: Sequence[Line], index: int, value: int) -> bool:
    following = next_text_index(lines, index)
    return following is not None and _titled_roman(lines[following].text) == value + 1


def _chapter(lines: Sequence[Line], index: int) -> Candidate | None:
    match = _CHAPTER.match(lines[index].text)
    if not match:
        return None
    if match.group(2) and _LEADERS.search(match.group(2)):
        return None  # `Chapter 1 - Organization . `: a contents line, its leader dots begun
    inline = match.group(2) or ""
    title = _title_after(lines, index, inline)
    if inline and title is None:
        return None  # `Chapter 3 of the manual sets out ...`: a sentence
    title = title or ("", None)
    return Candidate(index, f"Chapter {match.group(1)}", (int(match.group(1)),), *title)


def _numbered(lines: Sequence[Line], index: int) -> Candidate | None:
    match = _NUMBERED.match(lines[index].text)
    if not match:
        return None
    return Candidate(index, match.group(1), (int(match.group(1)),), match.group(2).strip(), None)


def _four_digits(lines: Sequence[Line], index: int) -> Candidate | None:
    """`2010  GENERAL POLICY`, `2041  Levels of Resistance`: a section numbered in four digits
    that count on through the order (`2000 USE OF FORCE` holds them), its title beside it."""
    match = _FOUR_DIGITS.match(lines[index].text)
    if not match or not reads_as_title(match.group(2)):
        return None
    return Candidate(index, match.group(1), (int(match.group(1)),), match.group(2), None)


def _dotted_or_numbered(lines: Sequence[Line], index: int, order: str | None = None
                        ) -> Candidate | None:
    return (_dotted(lines, index) or _numbered(lines, index) or _four_digits(lines, index)
            or (_suffixed(lines, index, order) if order else None)
            or _chapter_over_dotted(lines, index))


def _chapter_over_dotted(lines: Sequence[Line], index: int) -> Candidate | None:
    """`CHAPTER 2` / `USE OF FORCE` over `2.01 Policy`, `2.02 Reporting`: a chapter numbered
    alone over its dotted sections, kept as `1.  DEFINITIONS` over `1.1` is (`_dotted_run`)."""
    found = _chapter(lines, index)
    if found is None or not found.title:
        return None
    return replace(found, number=str(found.key[0]))


def _suffixed(lines: Sequence[Line], index: int, order: str) -> Candidate | None:
    """`.01   Purpose` under `General Order 705`: section `705.01`, titled."""
    match = _SUFFIX.match(lines[index].text)
    title = _title_after(lines, index, match.group(2)) if match else None
    if match is None or title is None:
        return None
    number = f"{order}.{match.group(1)}"
    return Candidate(index, number, _number_key(number), *title)


def _order_number(lines: Sequence[Line]) -> str | None:
    """The number of the order the first lines name (`General Order 705`), digits only."""
    texts = (line.text for line in lines if line.text)
    for text in itertools.islice(texts, _ORDER_REACH):
        if match := _ORDER_NUMBER.match(text):
            return match.group(1)
    return None


_READERS: dict[Numbering, Callable[[Sequence[Line], int], Candidate | None]] = {
    "apd": _apd, "dotted": _dotted_or_numbered, "roman": _roman, "chapter": _chapter,
}


# --- runs that go forward -------------------------------------------------------------------------


def _chain(name: Numbering, candidates: list[Candidate], lines: Sequence[Line]
           ) -> list[Candidate]:
    if name == "headed":
        return _unique_titles(candidates)
    if name == "dotted":
        return _dotted_run(candidates, lines)
    if name == "apd":
        candidates = _same_policy(candidates)
    if name == "roman":
        return _counting(candidates, lines)
    return _increasing(candidates)


def _dotted_run(candidates: list[Candidate], lines: Sequence[Line]) -> list[Candidate]:
    """Dotted numbers share the policy's number as their first part (`300.1`, `300.2.1`), or
    its hundred where a manual numbers a chapter's policies so (`901.01`, `907.04`); a whole
    manual numbers its chapters in the first part (`1.01.000` ... `3.10.080`), kept where
    they go forward further than the commonest one alone."""
    roots = Counter(c.key[0] for c in candidates if len(c.key) > 1)
    if not roots:
        # Numbers alone with no text between them are a list or a form's fields, no outline;
        # chapters alone are the chapter scheme's (`Chapter 3`), with no dotted section.
        alone = _increasing([c for c in candidates if len(c.key) == 1
                             and not _CHAPTER.match(lines[c.index].text)])
        return [] if _listed_run(alone, lines, gap=0) else alone
    root = roots.most_common(1)[0][0]
    every = _increasing([c for c in candidates if len(c.key) > 1])
    if root >= _CHAPTER_BLOCK:
        block = root // _CHAPTER_BLOCK
        rooted = _increasing([c for c in candidates
                              if len(c.key) > 1 and c.key[0] // _CHAPTER_BLOCK == block])
        # A whole manual (`100.1` ... `214.4` ... `306.6`): every chapter's policies.
        hundreds = Counter(c.key[0] // _CHAPTER_BLOCK for c in every)
        whole = sum(1 for count in hundreds.values() if count >= 2) >= _MANUAL_HUNDREDS
        return every if whole or len(every) >= len(rooted) + _WHOLE_MANUAL else rooted
    rooted = _increasing([c for c in candidates if len(c.key) > 1 and c.key[0] == root])
    best = every if len(every) > len(rooted) else rooted
    # `1.  DEFINITIONS` ... `4.  RESTRAINING TOOLS` / `4.1  HANDCUFFS`: chapters numbered
    # alone over their dotted sections.
    nested = _increasing([c for c in candidates if c.key[0] < _CHAPTER_BLOCK])
    chapters = sum(1 for c in nested if len(c.key) == 1)
    dotted = len(nested) - chapters
    return nested if chapters >= 2 and dotted >= 2 and len(nested) > len(best) else best


def _same_policy(candidates: list[Candidate]) -> list[Candidate]:
    """APD numbers share the policy's number (`2-55-1`, `2-55-4`): dates and others do not."""
    policies = Counter(c.number.rsplit("-", 1)[0] for c in candidates)
    if not policies:
        return []
    policy = policies.most_common(1)[0][0]
    return [c for c in candidates if c.number.rsplit("-", 1)[0] == policy]


def _counting(candidates: list[Candidate], lines: Sequence[Line]) -> list[Candidate]:
    """`I.`, `II.`, `III.` in turn: a lettered clause `I.` or `V.` out of turn is no heading.
    Each `I.` may start the count. A contents list's count (`I.  Policy` / `II.  Definitions`
    / ... above `I.  POLICY`) is none: a later count repeats its titles, or its headings stand
    on lines next to each other. The first of the longest counts left is the outline.
    A count in capitals may skip one number (`II.` then `IV.`: a section deleted and the rest
    left as numbered), as a clause's letter out of turn is not in capitals."""
    runs: list[list[Candidate]] = []
    for candidate in candidates:
        if candidate.key[0] == 1:
            runs.append([])
        for run in runs:
            last = run[-1].key[0] if run else 0
            if candidate.key[0] == last + 1 or candidate.key[0] == last + 2 and _skips(
                    run, candidate):
                run.append(candidate)
    # A numeral beside a sentence heads a section only where a titled count goes on from it.
    runs = [run for run in runs if not run[0].lead_in or len(run) > 1]
    # A count whose titles a later count repeats, in any case, is that count's contents.
    titles = [[fold(c.title) for c in run] for run in runs]
    runs = [run for number, run in enumerate(runs)
            if len(run) < _CONTENTS_RUN or titles[number] not in (
                later[:len(run)] for later in titles[number + 1:])]
    listed = next((run for run in runs if _listed_run(run[:_CONTENTS_RUN], lines)), None)
    below = _count_below_contents(listed, candidates, lines) if listed else None
    bodied = [run for run in runs if not _listed_run(run, lines)] or runs
    best = max(bodied, key=len, default=[])
    if below and (len(below) >= len(best) or _listed_run(best[:_CONTENTS_RUN], lines)):
        # The body may count on past the entries the contents lost (`IV.` ... `VI.`, its
        # lines set with leaders): its own count from the same `I.`, if longer.
        return next((run for run in bodied if run[0] is below[0] and len(run) > len(below)),
                    below)
    if any(renumbered(candidate.title) is not None for candidate in best):
        both = _both_counts(candidates[candidates.index(best[0]):])
        return both if len(both) > len(best) else best
    return best


def _count_below_contents(listed: list[Candidate], candidates: list[Candidate],
                          lines: Sequence[Line]) -> list[Candidate] | None:
    """A contents list counted `I.  POLICY` / `II.  DEFINITIONS` / ... on lines next to each
    other, its last numerals alone with their titles below them (`VI.` / `VII.` / then
    `LEVELS OF RESISTANCE` / ...); below it the body counts again from `I.`, some of its
    numerals alone on their lines, their titles lost by the extraction (`III.` then the
    section's text). Each of the body's numerals heads its section, titled as the body
    prints it or else as the contents lists it. None where the body does not count again
    as far as the contents."""
    entries = list(itertools.takewhile(
        lambda pair: sum(1 for line in lines[pair[0].index + 1:pair[1].index] if line.text) == 0,
        itertools.pairwise(listed)))
    shown = [listed[0], *(later for _, later in entries)]
    titles = {c.key[0]: c.title for c in shown}
    end = shown[-1].index
    # Numerals alone after the listed entries, then as many titles: the contents' last ones.
    alone: list[tuple[int, int]] = []
    at = next_text_index(lines, end)
    while at is not None and (value := _numeral_alone(lines[at].text)) == len(titles) + len(
            alone) + 1:
        alone.append((value, at))
        at = next_text_index(lines, at)
    for value, _ in alone:
        if at is None or not reads_as_title(lines[at].text):
            break
        titles[value], end = lines[at].text.strip(), at
        at = next_text_index(lines, at)
    end = max(end, *(index for _, index in alone)) if alone else end
    titled = {c.index: c for c in candidates if c.index > end}
    body: list[Candidate] = []
    for index in range(end + 1, len(lines)):
        value = len(body) + 1
        if value > max(titles):
            break  # the contents' count is the outline's (a list `I.` ... `IX.` may follow)
        candidate = titled.get(index)
        if candidate is not None and candidate.key[0] == value:
            body.append(candidate)
        elif _numeral_alone(lines[index].text) == value:
            below = next_text_index(lines, index)
            shown_below = below is not None and fold(lines[below].text) == fold(
                titles.get(value, ""))
            title = lines[below].text.rstrip(": ") if shown_below and below is not None \
                else titles.get(value, "")
            body.append(Candidate(index, f"{to_roman(value)}.", (value,), title,
                                   below if shown_below else None))
    return body if len(body) == max(titles) >= _CONTENTS_RUN else None


def _numerals_alone(lines: Sequence[Line]) -> list[int]:
    """The indexes of the lines that are a Roman numeral alone (`III.`)."""
    return [index for index, line in enumerate(lines) if _NUMERAL_ALONE.match(line.text)]


def _numeral_alone(text: str) -> int | None:
    return roman_value(text[:-1]) if _NUMERAL_ALONE.match(text) else None


def _skips(run: list[Candidate], candidate: Candidate) -> bool:
    """A count of headings in capitals, none skipped yet, going on past one number."""
    return len(run) >= 2 and all(c.title.isupper() for c in [*run, candidate]) \
        and all(b.key[0] == a.key[0] + 1 for a, b in itertools.pairwise(run))


def renumbered(title: str) -> int | None:
    """The new number of a heading a redline renumbered, from its title (`III.  II.  Policy`:
    2), else None."""
    match = _ROMAN.match(title)
    return roman_value(match.group(1)) if match and match.group(2) else None


def _both_counts(candidates: list[Candidate]) -> list[Candidate]:
    """A redline's headings, whose renumbered heading (`III.  II.  Policy`) shows that each
    side counts on its own: a heading goes on the old count or the new one, and a number
    printed twice (`IV.  Post-Discharge Response` inserted, `IV.  Notifications` deleted) is
    one side's each. Which side each stands on is read later (`document_sides`)."""
    old = new = 0
    run: list[Candidate] = []
    for candidate in candidates:
        value, second = candidate.key[0], renumbered(candidate.title)
        if second is not None:
            if old + 1 not in (value, second) and new + 1 not in (value, second):
                continue
            old, new = value, second
        elif value in (old + 1, new + 1):
            old, new = (value if value == old + 1 else old), (value if value == new + 1 else new)
        elif not run or value not in (old, new):
            continue
        run.append(candidate)
    return run


def _listed_run(run: list[Candidate], lines: Sequence[Line], gap: int = _CONTENTS_GAP
                ) -> bool:
    """Three headings or more with no text between them but `gap` lines (a title's second)."""
    return len(run) >= _CONTENTS_RUN and all(
        sum(1 for line in lines[earlier.index + 1:later.index] if line.text) <= gap
        for earlier, later in itertools.pairwise(run))


def _increasing(candidates: list[Candidate]) -> list[Candidate]:
    """The longest run of numbers that go forward, in document order (patience sorting)."""
    if not candidates:
        return []
    tails: list[int] = []
    before: list[int | None] = [None] * len(candidates)
    keys = [c.key for c in candidates]
    for position, key in enumerate(keys):
        slot = bisect_left([keys[t] for t in tails], key)
        before[position] = tails[slot - 1] if slot else None
        if slot == len(tails):
            tails.append(position)
        else:
            tails[slot] = position
    run: list[Candidate] = []
    cursor: int | None = tails[-1]
    while cursor is not None:
        run.append(candidates[cursor])
        cursor = before[cursor]
    return run[::-1]


def _unique_titles(candidates: list[Candidate]) -> list[Candidate]:
    """A title seen again is body text quoting it (or a running header), not a new chapter,
    where a table of contents named the headings. Without one, a title in capitals heads its
    section where it stands last: the earlier ones are a contents list that page layout
    scattered above the text (`PURPOSE` / `ACTION` / `POLICY` / `Table of Content`)."""
    if any(candidate.listed for candidate in candidates):
        seen: set[str] = set()
        run = []
        for candidate in candidates:
            key = fold(candidate.title)
            if key not in seen or candidate.recurring:
                seen.add(key)
                run.append(candidate)
        return run
    last = {fold(candidate.title): candidate.index for candidate in candidates}
    # `Commentary:` after each article of an adopted code: a caption within the text.
    printed = Counter(fold(candidate.title) for candidate in candidates)
    return [candidate for candidate in candidates if candidate.recurring
            or last[fold(candidate.title)] == candidate.index
            and printed[fold(candidate.title)] < _RECURRING]


def section_addresses(scheme: Numbering, policy: str,
                      sections: Sequence[RawSection] | Sequence[Section]) -> list[str]:
    """Each section's address in the format (`toolkit.numbering.section_address`): `2-55-4`,
    `300.3.1`, `G03-02.III`, `G03-02.ch3`, `<policy>.<title slug>` for an unnumbered section
    (a repeated slug gets `-2`, `-3`)."""
    addresses: list[str] = []
    taken: set[str] = set()
    parent: str | None = None  # the section a subsection (level 3) nests in
    for section in sections:
        address = section_address(SCHEMES[scheme], policy, section.number, section.title,
                                  parent if section.level > 2 else None)
        if not section.number:
            address = unique_address(address, taken)
        if section.level == 2:
            parent = address
        addresses.append(address)
        taken.add(address)
    return addresses


def numerals_apart(lines: Sequence[Line], headings: Sequence[Heading]
                   ) -> tuple[list[Heading], set[int]] | None:
    """Roman section numbers printed apart from their headings in capitals, as plain extraction
    prints a page's numerals (`I.` / `II.`) as a block before its text: where the numerals
    alone on their lines run `I.` to the last once each, in order, each numbers the first
    heading after it and after the heading before it took its number. Headings that take no
    number (a lettered subheading, `A.  RECORDING OF DATA`, its letter printed apart too) are
    text of their section, at most one for each numeral; those above the first numeral (a
    header's `PURPOSE:`) are none. Where the headings in capitals are too few, a short title
    just below its numeral (`I.` / `Procedure`) is one too. The numerals' lines are returned
    to be left out.
    """
    alone = _numerals_alone(lines)
    values = [_numeral_alone(lines[index].text) for index in alone]
    if len(alone) < 2 or values != list(range(1, len(alone) + 1)):
        return _numbered_by_contents(lines, headings)
    after = [heading for heading in headings if heading.index > alone[0]]
    if any(heading.number for heading in after) or len(after) > 2 * len(alone):
        return None
    # A heading just below a letter or number alone (`A.` / `RECORDING OF DATA`) is a
    # lettered subheading, never a section.
    sections = [heading for heading in after
                if (above := previous_text_index(lines, heading.index)) is None
                or above in alone or not _LABEL_ALONE.match(lines[above].text)]
    numbered = _number_in_turn(alone, sections)
    if numbered is None:
        found = {heading.index for heading in sections}
        below = [(index, lines[index].text) for at in alone
                 if (index := next_text_index(lines, at)) is not None and index not in found
                 and _TITLE_BELOW_NUMERAL.match(lines[index].text)]
        numbered = _number_in_turn(alone, sorted(
            [*sections, *(Heading(index, "", title) for index, title in below)],
            key=lambda heading: heading.index))
    return None if numbered is None else (numbered, set(alone))


def _numbered_by_contents(lines: Sequence[Line], headings: Sequence[Heading]
                          ) -> tuple[list[Heading], set[int]] | None:
    """Headings in capitals that a contents numbers in a column of its own: its numerals alone
    (`I.` / `II.` / `III.` / `IV.`), then as many titles (`USE OF FORCE TO DETAIN ...` / `DUTY
    TO INTERVENE` / ...), as pdfminer prints a two-column table, while the body prints its
    numerals alone a few lines off their headings, or not at all. Where every heading is one
    of those titles, in the contents' order, each takes its numeral, and the body's numeral
    alone nearest it is left out. None otherwise."""
    numbered = _contents_numerals(lines)
    if len(headings) < _CONTENTS_RUN or any(fold(h.title) not in numbered for h in headings):
        return None
    values = [numbered[fold(heading.title)] for heading in headings]
    if values != sorted(set(values)):
        return None
    found, apart = [], set()
    for heading, value in zip(headings, values, strict=True):
        numeral = f"{to_roman(value)}."
        near = [index for index in range(max(heading.index - _NUMERAL_REACH, 0),
                                          min(heading.index + _NUMERAL_REACH + 1, len(lines)))
                if lines[index].text == numeral]
        if near:
            apart.add(min(near, key=lambda index: abs(index - heading.index)))
        found.append(replace(heading, number=numeral))
    return found, apart


def _contents_numerals(lines: Sequence[Line]) -> dict[str, int]:
    """A contents' titles (folded) and their numbers, from a run of three or more Roman
    numerals alone counting from `I.`, followed by as many titles in capitals."""
    texts = [index for index, line in enumerate(lines) if line.text]
    for place, index in enumerate(texts):
        if _numeral_alone(lines[index].text) != 1:
            continue
        count = 1
        while place + count < len(texts) and \
                _numeral_alone(lines[texts[place + count]].text) == count + 1:
            count += 1
        titles = texts[place + count:place + 2 * count]
        if count >= _CONTENTS_RUN and len(titles) == count and all(
                CAPITAL_HEADING.match(lines[at].text) for at in titles):
            return {fold(lines[at].text): value for value, at in enumerate(titles, start=1)}
    return {}


def _number_in_turn(alone: Sequence[int], headings: Sequence[Heading]) -> list[Heading] | None:
    """Each numeral to the first heading after it and after the one numbered before."""
    numbered: list[Heading] = []
    for value, at in enumerate(alone, 1):
        last = numbered[-1].index if numbered else -1
        heading = next((heading for heading in headings if heading.index > max(at, last)), None)
        if heading is None:
            return None
        numbered.append(replace(heading, number=f"{to_roman(value)}."))
    return numbered


_NUMERAL_ALONE = re.compile(r"^[IVXL]{1,6}\.$")
_LOWER_LABEL = re.compile(r"^(?:[a-z]|[ivx]{1,4})[.)](?:\s|$)")
_FURTHER_LINES = 12
"""Text lines after a numeral alone where its displaced title may stand."""
_FURTHER_TITLE = 60
_TITLE_BELOW_NUMERAL = re.compile(r"^[A-Z][A-Za-z,&/'’() -]{2,60}$")
_LABEL_ALONE = re.compile(r"^(?:[A-Za-z]|\d{1,2})\.$")


def roman_value(numeral: str) -> int | None:
    """The value of a Roman numeral written the usual way, else None (`IIII`, `VX`)."""
    if not numeral or any(char not in _ROMAN_VALUES for char in numeral):
        return None
    total = 0
    for char, following in zip(numeral, [*numeral[1:], ""], strict=True):
        value = _ROMAN_VALUES[char]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total if to_roman(total) == numeral else None


def to_roman(value: int) -> str:
    written = ""
    for amount, numeral in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"),
                            (1, "I")):
        while value >= amount:
            written += numeral
            value -= amount
    return written


def _number_key(number: str) -> tuple[int, ...]:
    """`300.3.1` -> (300, 3, 1); a letter after a part counts after it (`1.02.015B` ->
    (1, 2, 15, 2)), so `015A`, `015B`, `015C` go forward; a part named in letters after a
    dash counts by them, after every number (`8.100-POL-2` before `8.100-PRO-1`)."""
    key: list[int] = []
    for digits, letter, part in re.findall(r"(\d+)([A-Za-z]?)|-([A-Z]{2,5})(?=-|$)", number):
        if part:  # `8.100-POL-1`, `8.100-PRO-1`: the part's kind goes forward by its letters
            key.append(_PART_BASE + int.from_bytes(part.encode(), "big"))
            continue
        key.append(int(digits))
        if letter:
            key.append(ord(letter.upper()) - ord("A") + 1)
    return tuple(key)
