"""The headings of a headed document, where nothing is numbered (a New Zealand chapter, a
city's orders in capitals): the topics its table of contents lists as the body prints them,
without a contents list the headings lettered in turn (`A.  DEFINITIONS`) or lines in capitals
alone; under them, the captions that count (`Article 1:`, `Level 5:`, `CANON TWO`) and the
subheadings in sentence case the contents leaves out.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace

from toolkit.importer.columns import BULLET
from toolkit.importer.header import SECTION_CAPTION
from toolkit.importer.line_reading import (
    ASIDES,
    CAPITAL_HEADING,
    HEADER_KEY,
    JOINING_END,
    LETTER_LABEL,
    LETTERHEAD,
    PARAGRAPH_LINE_WORDS,
    PLACEHOLDERS,
    SENTENCE_DONE,
    SENTENCE_END,
    TITLE_MAX_WORDS,
    Candidate,
    fold,
    next_text_index,
    previous_text_index,
    reads_as_title,
    text_opening,
)
from toolkit.importer.nouns import Line

_MIXED_HEADINGS = 2
_MIXED_WORDS = 20
"""Headings in capitals with this many words below them, two or more before the first numbered
one, make a document's sections headed (Indianapolis: `POLICY`, ... then `I.` to `VII.`)."""
_LABEL_COLON = re.compile(r"^([A-Z][A-Z &/'’-]{2,30}):\s*(\S.*)?$")
"""`POLICY:` or `PROCEDURES: The officer shall ...` (older APD General Orders)."""
_TITLE_COLON = re.compile(r"^([A-Z][a-z]+(?: (?:[A-Z][a-z]+|of|and|for|to|the)){0,3}):$")
"""`Definitions:` or `Use of Force:` alone on its line, in title case (Cincinnati's procedures)."""
_LABELLED_HEADING = re.compile(
    r"^(?:([A-Z])\.\s+[A-Z][A-Z0-9 &/'’,()-]{2,60}?\s*:?|"
    r"(?:Sec\.|SEC\.|Section|SECTION)\s*(\d{1,2})\.?(?:\s*[-–:]\s*|\s+)([A-Z].{2,80}?)\s*:?)$")
"""`A.  DEFINITIONS`, `Sec. 1 DEFINITIONS:`, `SECTION 2 – Policy`: a section lettered (its title
in capitals) or numbered in words (any title), whose title keeps its label (the headed
scheme's titles are the format's only place for it)."""
_LETTER_ALONE = re.compile(r"^([A-Z])\.$")
_TITLED_LETTER = re.compile(r"^([A-Z])\.\s+([A-Z][^:]{1,60}?)(?::\s+(\S.*))?$")
"""`B.  Description of the Technology: Information ...`: a letter, a title, a colon and text."""
_LETTERED_TOPIC = re.compile(r"^([A-Z])\s*[-–]\s*(\d{1,2})\.\s+(\S.*)$")
"""`A - 1. Marked Police Vehicle`: a topic numbered under its lettered section."""
_COUNTED = re.compile(r"^([A-Z][A-Za-z]{2,15})\s+(?:(\d{1,2})\s*(?::|\s[-–])\s*(.*?)[\s:]*|"
                      r"([A-Za-z]{3,9}))$")
"""`Article 1: Primary Responsibility of Job`, `Level 5:`, `CANON TWO`: a caption that counts
under its word, in digits before a colon or a dash, or in words alone."""
_NUMBER_WORDS = {word: value for value, word in enumerate(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
     "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
     "nineteen", "twenty"], start=1)}
_UNCOUNTED = frozenset({"page", "pages", "sec", "section", "chapter", "figure", "table", "tables",
                        "exhibit", "form", "line", "note", "phase"})
"""Words whose numbers count pages, a scheme's own sections, or a page's furniture."""
_COUNTED_WORDS = 16
"""Words at most of a counted caption's title (`Article 3: Duty to be Familiar with the Law and
with Responsibilities of Self and Other Public` / `Officials`)."""
_LABELLED_RUN = 3
_TITLED_RUN = 5
"""Lettered headings in title case in turn that make an outline: more than in capitals, as a
list's titled items in turn are commoner than its items in capitals."""
_TITLED_GAP = 4
"""Lines a title-cased lettered heading's text takes, at the median: a list's items take one."""
_TITLED_START = 15
"""Text lines at the top (the order's header, its opening paragraph) above the first of them."""
"""Labelled headings in turn (`A.`, `B.`, `C.`) that make the headed document's outline."""
_BREAKS_PER_LINE = 0.15
"""A text with blank lines fewer than this share of its lines sets no paragraph apart."""
_WRAPPED_WORDS = 4
"""Words at most of a counted caption's title on the line that ends it (`Level 4:` / ... /
`Restraint:`)."""
_SUBHEADING = re.compile(r"^[A-Z][^.:;,•]*[^.:;,\s]$")
"""An unlisted heading's shape: a capital first, no stop or comma (`Who is a fleeing driver?`)."""
_SUBHEADING_WORDS = 8
"""Words at most of an unlisted heading."""
_SENTENCE_WORDS = 4
"""Words at least of the sentence an unlisted heading stands over."""
_FINISHED = re.compile(r"[.:;!?)]$")
"""A line that ends a sentence: what stands above an unlisted heading, if no heading does."""
_ONE_LINE_BACK = 3
"""Lines from a heading back to the heading over a section of one line (heading, blank, line)."""
_CAPITALS_OVER = 2
"""Headings in capitals that stand over a subheading in sentence case (`NON-DEADLY FORCE` /
`Justification for Using Non-Deadly Force`) for a document to be read as having them, or
subheadings found, this many or more, where one heading in capitals stands over one."""


def above_with_text(lines: Sequence[Line], headed: list[Candidate], first: int
                     ) -> list[Candidate]:
    """The headings in capitals above line `first` with text of their own, where two or more
    have it; the one just above `first` needs none: it heads what follows (`PROCEDURE` /
    `A.  DEFINITIONS`)."""
    above = [c for c in headed if c.index < first and c.title.upper() == c.title]
    ends = [c.index for c in above[1:]] + [first]
    own = [_text_between(lines, c.index, end) for c, end in zip(above, ends, strict=False)]
    if sum(1 for words in own if words >= _MIXED_WORDS) < _MIXED_HEADINGS:
        return []
    return [c for number, c in enumerate(above)
            if own[number] >= _MIXED_WORDS or number == len(above) - 1]


def _text_between(lines: Sequence[Line], start: int, end: int) -> int:
    return sum(len(line.text.split()) for line in lines[start + 1:end])


def headed(lines: Sequence[Line], contents: Sequence[str]) -> list[Candidate]:
    """Lines that repeat a table-of-contents entry; without one, headings lettered in turn
    (`A.  DEFINITIONS`, `B.  POLICY`, ...) or lines in capitals alone."""
    wanted = {fold(title) for title in contents}
    if wanted:
        # Named by the table of contents: a heading in sentence case too (`Search phase`).
        # A bulleted line that names a topic (`•  Pursuit controller`) is a list's item.
        listed = [candidate for index, line in enumerate(lines)
                  if line.text and not BULLET.match(line.text)
                  and (candidate := _listed_at(lines, index, wanted)) is not None]
        # A code under a listed heading may letter its parts (`A. PREAMBLE`, `B. ...`).
        in_turn = _labelled_in_turn(lines)
        lettered = in_turn if len(in_turn) >= _LABELLED_RUN else []
        return _with_counted(lines, [*_nested_in_letters(listed),
                                     *_subheadings(lines, listed, wanted), *lettered])
    capitals = _capital_headings(lines)
    in_turn = _labelled_in_turn(lines)
    topics = _lettered_topics(lines, in_turn)
    if len(in_turn) < _LABELLED_RUN and not (len(in_turn) >= 2 and topics) \
            and (titled := _title_cased_in_turn(lines)):
        in_turn, topics = titled, _lettered_topics(lines, titled)
    if len(in_turn) >= _LABELLED_RUN or len(in_turn) >= 2 and topics:
        # `PURPOSE` / `POLICY` / `PROCEDURE` in capitals, then `A.  DEFINITIONS`, `B.  ...`.
        # `USE OF FIREARMS` alone inside `E.  USE OF FORCE TECHNIQUES`: a heading of its own;
        # a lettered title's second line (`OR WEAPONS`) or a lone word (`CONNOR)`) is none.
        seconds = {c.title_index for c in in_turn}
        inside = [c for c in capitals if c.index > in_turn[0].index and not c.inline
                  and c.title.upper() == c.title and c.index not in seconds
                  and len(c.title.split()) > 1 and reads_as_title(c.title)]
        return _with_counted(lines, [*above_with_text(lines, capitals, in_turn[0].index),
                                     *in_turn, *inside, *topics])
    return _with_counted(lines, [*capitals,
                                 *_subheadings(lines, capitals, set(), _CAPITALS_OVER)])


def _nested_in_letters(listed: list[Candidate]) -> list[Candidate]:
    """Where the contents letters its own entries in turn (`A. MISSION, PURPOSE, AND CORE
    PRINCIPLES`, `B. DEFINITIONS`, ...) and lists topics between them (`DUTY TO INTERVENE`),
    the lettered entries are the sections and each topic a subsection of the one above it."""
    letters: list[Candidate] = []
    for candidate in listed:
        label = LETTER_LABEL.match(candidate.title)
        if label and ord(label.group(1)) - ord("A") == len(letters):
            letters.append(candidate)
    if len(letters) < _LABELLED_RUN:
        return listed
    first = letters[0].index
    return [replace(c, sub=True) if c.index > first and c not in letters else c for c in listed]


def _with_counted(lines: Sequence[Line], headings: list[Candidate]) -> list[Candidate]:
    """The headings with the counted captions under them (`Article 1:` ...), in order."""
    if not headings:
        return []
    first = min(candidate.index for candidate in headings)
    counted = [candidate for candidate in _counted_captions(lines) if candidate.index > first]
    counted += _repeated_under(lines, counted)
    # `Level 1:` / `Officer Presence:`: the title under a caption heads nothing of its own.
    titles = {candidate.title_index for candidate in counted}
    # Reversed, so that where a heading and a caption share a line, the heading is kept.
    by_line = {candidate.index: candidate for candidate in reversed([*headings, *counted])
               if candidate.index not in titles}
    for candidate in counted:
        if candidate.recurring and candidate.index in by_line:
            by_line[candidate.index] = replace(by_line[candidate.index], recurring=True)
    return [by_line[index] for index in sorted(by_line)]


def _listed_at(lines: Sequence[Line], index: int, wanted: set[str]) -> Candidate | None:
    """The line names a listed topic, or does with the line below it (a title the body wraps:
    `Signalling a driver to stop after a previous direction to` / `abandon`, or `Department
    Commitment to Law, Defense of Civil Rights and Dignity,` / `and the Protection of Human
    Life`)."""
    text = lines[index].text
    if fold(text) in wanted and len(text.split()) <= TITLE_MAX_WORDS:
        return Candidate(index, "", (), text, None, listed=True)
    below = index + 1
    if below < len(lines) and lines[below].text \
            and fold(joined := f"{text} {lines[below].text}") in wanted:
        return Candidate(index, "", (), joined, below, listed=True)
    return None


def _subheadings(lines: Sequence[Line], listed: list[Candidate], wanted: set[str],
                 least: int | None = None) -> list[Candidate]:
    """Headings the contents does not list, under those it does (`Overview` / `Introduction` /
    the text): a short line in sentence case alone, after a finished sentence or another
    heading, over a sentence that opens in capitals, printed once in the document (a table's
    cells repeat: `Definition`, `Secondary unit`).

    With `least`, the headings are in capitals and no contents lists them: a subheading is in
    title case over a paragraph's full line, which may open with a quote or a list's first
    label, and there are some where `least` headings stand over one or `least` are found."""
    if not listed:
        return []
    heads = {candidate.index for candidate in listed}
    printed: Counter[str] = Counter()

    def once(index: int) -> bool:
        """Printed once in the document, and no title the contents lists."""
        if not printed:  # counted once, for the few lines that get this far
            printed.update(fold(line.text) for line in lines if line.text)
        return fold(lines[index].text) not in wanted and printed[fold(lines[index].text)] == 1

    def shaped(index: int) -> bool:
        text = lines[index].text
        return bool(_SUBHEADING.match(text)) and len(text.split()) <= _SUBHEADING_WORDS \
            and not BULLET.match(text)

    def placed(index: int) -> bool:
        """After a heading or a finished sentence."""
        above = previous_text_index(lines, index)
        return above is not None and (above in heads or bool(_FINISHED.search(lines[above].text)))

    def over_a_sentence(index: int) -> bool:
        below = next_text_index(lines, index)
        return below is not None \
            and text_opening(lines[below].text, labelled=least is not None)[:1].isupper() \
            and len(lines[below].text.split()) >= _SENTENCE_WORDS

    def heads_text(index: int) -> bool:
        return shaped(index) and over_a_sentence(index) and placed(index) and once(index)

    # Only where the contents lists the top level alone: its headings stand over unlisted ones.
    under = sum(1 for candidate in listed
                if (below := next_text_index(lines, candidate.index)) is not None
                and heads_text(below))
    if (2 * under < len(listed)) if least is None else not under:
        return []
    found = [Candidate(index, "", (), lines[index].text, None)
             for index in range(listed[0].index + 1, len(lines))
             if index not in heads and heads_text(index)
             and (least is None or _under_capitals(lines, index))]
    # A subheading whose text the page set elsewhere stands right over the next one
    # (`Deadly Force Restrictions` / `Use of Non-Deadly Force` / `1.  Discharging ...`): the
    # upper one placed as a subheading is, in sentence or title case; the lower one over text.
    taken = heads | {candidate.index for candidate in found}
    for index in range(listed[0].index + 1, len(lines)):
        below = next_text_index(lines, index)
        if index in taken or below is None or below in taken or not lines[index].text \
                or not (shaped(index) and placed(index) and once(index)
                        and any(char.islower() for char in lines[index].text)) \
                or not (shaped(below) and over_a_sentence(below) and once(below)) \
                or (least is not None and not _under_capitals(lines, below)):
            continue
        found += [Candidate(index, "", (), lines[index].text, None),
                  Candidate(below, "", (), lines[below].text, None)]
        taken |= {index, below}
    found.sort(key=lambda candidate: candidate.index)
    # Under capitals: several such headings, or such headings under several of them.
    return found if least is None or under >= least or len(found) >= least else []


def _under_capitals(lines: Sequence[Line], index: int) -> bool:
    """A subheading under headings in capitals is in sentence or title case, over a
    paragraph's full line (a form's cells stand over short ones: `Looks right and left at
    intersections` / `Looks behind before pulling from curb`)."""
    below = next_text_index(lines, index)
    return any(char.islower() for char in lines[index].text) and below is not None \
        and len(lines[below].text.split()) >= PARAGRAPH_LINE_WORDS


_ROW_KEY = re.compile(r"^(?:CHAPTER|TITLE)\s*$")
"""`CHAPTER: 1.3`, `TITLE: USE OF FORCE`: with a value beside it, a header row's caption."""


def _capital_headings(lines: Sequence[Line]) -> list[Candidate]:
    """Lines in capitals alone (`POLICY`), or a short label with a colon (`PURPOSE:  To ...`)."""
    found: list[Candidate] = []
    for index, line in enumerate(lines):
        labelled = _LABEL_COLON.match(line.text)
        if labelled and (HEADER_KEY.match(labelled.group(1)) or labelled.group(2) and _ROW_KEY.match(
                labelled.group(1))):
            continue  # `SUBJECT: ...`, `CHAPTER: 1.3`, `TITLE: USE OF FORCE`: header rows
        if HEADER_KEY.match(line.text) and CAPITAL_HEADING.match(line.text):
            continue  # `DATE OF ISSUE` / `EFFECTIVE DATE` alone: the order's header table
        if fold(line.text) in ASIDES:
            continue  # `NOTE:` alone opens a note within a section
        if fold(line.text) in PLACEHOLDERS:
            continue  # `EFFECTIVE DATE:` / `TBD`: a header table's value not yet given
        if LETTERHEAD.search(line.text):
            continue  # `KANSAS CITY MISSOURI POLICE DEPARTMENT`: the letterhead
        if labelled and len(labelled.group(1).split()) <= 4:
            found.append(Candidate(index, "", (), labelled.group(1).strip(), None,
                                    labelled.group(2) or ""))
        elif (CAPITAL_HEADING.match(line.text) or _titled_with_colon(lines, index)) \
                and _stands_alone(lines, index):  # the match first: it looks at one line
            found.append(Candidate(index, "", (), line.text.rstrip(": "), None))
    return found


def _labelled_in_turn(lines: Sequence[Line]) -> list[Candidate]:
    """Capital headings labelled `A.`, `B.`, ... or `Sec. 1`, `Sec. 2`, ... from the first
    label on, with a blank line above (a title's second line in capitals may follow); a
    lettered clause in capitals out of turn is none. A text with no blank lines between its
    paragraphs (a PDF read line by line) sets a heading under a finished sentence instead."""
    run: list[Candidate] = []
    for index in _heading_may_open(lines):
        line = lines[index]
        if (alone := _LETTER_ALONE.match(line.text)) and ord(alone.group(1)) - ord("A") == len(run):
            following = next_text_index(lines, index)
            if following is not None and CAPITAL_HEADING.match(lines[following].text):
                # `A.` / `PURPOSE:`: the label in a column of its own, the title beside it.
                title = f"{alone.group(1)}. {lines[following].text.rstrip(': ')}"
                run.append(Candidate(index, "", (), title, following))
            continue
        match = _LABELLED_HEADING.match(line.text)
        if match is None or (match.group(3) and not reads_as_title(match.group(3))):
            continue
        letter, number, _ = match.groups()
        place = ord(letter) - ord("A") + 1 if letter else int(number)
        if place == len(run) + 1:
            run.append(Candidate(index, "", (), *_title_lines(lines, index)))
    return run


def _title_cased_in_turn(lines: Sequence[Line]) -> list[Candidate]:
    """Lettered headings in title case (`A.  Definitions`, `B.  Description of the Technology:
    Information describing ...`, ... `N.  Maintenance`), where no lettered heading in capitals
    makes an outline: `_TITLED_RUN` or more in turn from near the top (`_TITLED_START`), each
    over paragraphs of its own (a list of titled items in turn, one a line, is none). The words
    after a colon open the section."""
    run: list[Candidate] = []
    for index in _heading_may_open(lines):
        match = _TITLED_LETTER.match(lines[index].text)
        if match is None or ord(match.group(1)) - ord("A") != len(run):
            continue
        title = match.group(2).strip()
        if title.upper() == title or not reads_as_title(title):
            continue
        run.append(Candidate(index, "", (), f"{match.group(1)}. {title}", None,
                             inline=(match.group(3) or "").strip()))
    written = [index for index, line in enumerate(lines) if line.text]
    if len(run) < _TITLED_RUN or run[0].index > written[min(_TITLED_START, len(written) - 1)]:
        return []  # lettered items deep in a document are a section's list, not its outline
    gaps = sorted(later.index - earlier.index for earlier, later in itertools.pairwise(run))
    if gaps[len(gaps) // 2] < _TITLED_GAP:
        return []
    return run


def _lettered_topics(lines: Sequence[Line], letters: list[Candidate]) -> list[Candidate]:
    """Topics numbered under their lettered section (`A. DEFINITIONS` / `A - 1. Marked Police
    Vehicle`, `A - 2. ...`), in turn from 1 in each: subsections, as the order cites them
    (`A-1`). None unless every lettered section opens with its first topic."""
    if not letters:
        return []
    topics: list[Candidate] = []
    ends = [c.index for c in letters[1:]] + [len(lines)]
    for letter, end in zip(letters, ends, strict=True):
        label = LETTER_LABEL.match(letter.title)
        count = 0
        for index in range(letter.index + 1, end):
            topic = _LETTERED_TOPIC.match(lines[index].text)
            if topic and label and topic.group(1) == label.group(1) \
                    and int(topic.group(2)) == count + 1 and reads_as_title(topic.group(3)):
                count += 1
                topics.append(Candidate(index, "", (), lines[index].text.strip(), None,
                                        sub=True))
        if not count:
            return []
    return topics


def _heading_may_open(lines: Sequence[Line]) -> Iterator[int]:
    """The indexes of the lines a lettered heading may stand on: under a blank line, or, in a
    text with no blank lines between its paragraphs (a PDF read line by line, `_unbroken`),
    under a finished sentence."""
    unbroken = _unbroken(lines)
    for index in range(len(lines)):
        above = lines[index - 1].text if index else ""
        if not above or unbroken and SENTENCE_DONE.search(above):
            yield index


def _unbroken(lines: Sequence[Line]) -> bool:
    """Paragraphs not set apart by blank lines: fewer blank lines than `_BREAKS_PER_LINE` of
    the lines (those a page's furniture left are most of them)."""
    blank = sum(1 for line in lines if not line.text)
    return blank < len(lines) * _BREAKS_PER_LINE


def _counted_captions(lines: Sequence[Line]) -> list[Candidate]:
    """Captions that count under one word, `Article 1:`, `Article 2:`, ... (a code's articles,
    a force continuum's `Level 1:  Presence:`, `CANON ONE`), three or more in turn, each alone
    over its text: subheadings of a headed document, their title beside them (a short second
    line joined) or, after a bare caption in digits, on the next text line."""
    runs: dict[str, list[Candidate]] = {}
    for index, line in enumerate(lines):
        counted = _caption_count(line.text)
        if counted is None:
            continue
        word, value, beside = counted
        run = runs.setdefault(word, [])
        if value != len(run) + 1 or not _caption_alone(lines, index):
            continue
        titled = _counted_title(lines, index, beside) if beside is not None \
            else (line.text, None, 1)
        if titled is not None:
            title, title_index, title_lines = titled
            run.append(Candidate(index, "", (), title, title_index, title_lines=title_lines))
    return [candidate for run in runs.values() if len(run) >= _LABELLED_RUN
            for candidate in run]


def _repeated_under(lines: Sequence[Line], counted: list[Candidate]) -> list[Candidate]:
    """A title in capitals alone between blank lines, printed once under each of three or more
    counted captions, word for word (`CANON ONE` / `ETHICAL STANDARDS`, `CANON TWO` / ... /
    `ETHICAL STANDARDS`): a subheading each of them holds."""
    if len(counted) < _LABELLED_RUN:
        return []
    ends = [c.index for c in counted[1:]] + [len(lines)]
    under: dict[str, list[int]] = {}
    for caption, end in zip(counted, ends, strict=True):
        start = (caption.title_index or caption.index) + 1
        seen = [index for index in range(start, end) if _alone_in_capitals(lines, index)]
        for text in {lines[index].text.strip() for index in seen}:
            at = [index for index in seen if lines[index].text.strip() == text]
            if len(at) == 1:
                under.setdefault(text, []).append(at[0])
    return [Candidate(index, "", (), text, None, recurring=True)
            for text, indexes in under.items() if len(indexes) >= _LABELLED_RUN
            for index in indexes]


def _alone_in_capitals(lines: Sequence[Line], index: int) -> bool:
    text = lines[index].text.strip()
    return bool(text) and text.isupper() and reads_as_title(text) \
        and not lines[index - 1].text and (index + 1 == len(lines) or not lines[index + 1].text) \
        and _caption_count(text) is None


def _caption_count(text: str) -> tuple[str, int, str | None] | None:
    """A counted caption's word (lower case), its number, and the text beside a number in
    digits (None for one in words, `CANON TWO`, which stands alone); None for any other line."""
    match = _COUNTED.match(text)
    if match is None or match.group(1).lower() in _UNCOUNTED:
        return None
    word, digits, beside, in_words = match.groups()
    if digits:
        return word.lower(), int(digits), beside
    value = _NUMBER_WORDS.get(in_words.lower())
    return None if value is None else (word.lower(), value, None)


def _caption_alone(lines: Sequence[Line], index: int) -> bool:
    """A blank line, a finished sentence or a heading in capitals above, text below."""
    above = lines[index - 1].text if index else ""
    return (not above or bool(_FINISHED.search(above)) or above.isupper()) \
        and next_text_index(lines, index) is not None


def _counted_title(lines: Sequence[Line], index: int, beside: str
                   ) -> tuple[str, int | None, int] | None:
    """A counted caption's title, the line that finishes it if another does, and how many
    lines below the caption it takes; None where what stands beside it is a sentence."""
    caption = lines[index].text.rstrip(": ")
    if beside:
        if not reads_as_title(beside, most=_COUNTED_WORDS):
            return None  # `Article 1 - Law enforcement officials shall at all times ...`
        if _wrapped_end(lines, index + 1):
            return f"{caption} {lines[index + 1].text.rstrip(': ')}", index + 1, 1
        return caption, None, 1
    title = next_text_index(lines, index)
    if title is None or len(lines[title].text.split()) > _SUBHEADING_WORDS \
            or SENTENCE_END.search(lines[title].text):
        return caption, None, 1
    text = lines[title].text.rstrip(": ")
    if _wrapped_end(lines, title + 1):
        return f"{caption}: {text} {lines[title + 1].text.rstrip(': ')}", title + 1, 2
    return f"{caption}: {text}", title, 1


def _wrapped_end(lines: Sequence[Line], index: int) -> bool:
    """The line ends a title wrapped onto it: a few words, no sentence's end, a blank after."""
    return index < len(lines) and bool(lines[index].text) \
        and (index + 1 == len(lines) or not lines[index + 1].text) \
        and len(lines[index].text.split()) <= _WRAPPED_WORDS \
        and not SENTENCE_END.search(lines[index].text)


def _title_lines(lines: Sequence[Line], index: int) -> tuple[str, int | None]:
    """The heading's title, with its second line where the next text line is capitals that
    no text in capitals follows (`D.  AUTHORIZED TECHNIQUES` / `OR WEAPONS`); a caption that
    counts (`C.  CANONS OF ETHICS` / `CANON ONE`) heads its own text instead."""
    title = lines[index].text.rstrip(": ")
    second = next_text_index(lines, index)
    if second is None or not CAPITAL_HEADING.match(lines[second].text) \
            or _LABELLED_HEADING.match(lines[second].text) \
            or _caption_count(lines[second].text) is not None:
        return title, None
    third = next_text_index(lines, second)
    if third is not None and CAPITAL_HEADING.match(lines[third].text):
        return title, None
    return f"{title} {lines[second].text.rstrip(': ')}", second


def _titled_with_colon(lines: Sequence[Line], index: int) -> bool:
    text = lines[index].text
    return (bool(_TITLE_COLON.match(text)) and not HEADER_KEY.match(text.upper())
            and not _unfinished_above(lines, index))


def _unfinished_above(lines: Sequence[Line], index: int) -> bool:
    """The text above breaks off on a joining word (`... Compliance and` / `Implementation:`):
    the line ends its title, it starts no section."""
    above = previous_text_index(lines, index)
    return above is not None and bool(JOINING_END.search(lines[above].text))


def _stands_alone(lines: Sequence[Line], index: int) -> bool:
    """A heading in capitals has a blank line or the page's start above it and text below;
    or, set apart by a blank line below, a finished sentence or a heading above it (pdfminer
    may print the blank after a heading only: `... of the Department.` / `VALUES REFLECTED`);
    a section's caption (`PURPOSE`) may stand right under the order's title so too, and a
    heading under a section of one line set apart the same way (`UNITS AFFECTED` / blank /
    `All Divisions/Sworn Personnel` / `REFERENCES/FORMS`)."""
    above = lines[index - 1].text if index else ""
    below = next_text_index(lines, index)
    if below is None or CAPITAL_HEADING.match(lines[below].text):
        return False
    one_line = index >= _ONE_LINE_BACK and not lines[index - 2].text \
        and CAPITAL_HEADING.match(lines[index - 3].text) is not None
    return not above or below > index + 1 and (
        bool(SENTENCE_DONE.search(above)) or one_line
        or above.isupper() and is_caption(lines[index].text))


def is_caption(text: str) -> bool:
    """A section's caption, with its colon or without (`PURPOSE`, `PROCEDURES:`)."""
    return SECTION_CAPTION.match(text.rstrip(":") + ":") is not None
