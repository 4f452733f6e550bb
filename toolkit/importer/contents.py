"""A table of contents: lines that list later headings, often with dot leaders and page numbers.

Its lines are no policy text (they repeat the headings), so they become artifacts of
kind `contents`; their titles tell a headed document's headings from its text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from toolkit.importer.nouns import Artifact, Line

_LEADER = re.compile(r"^(\S.*?)\s*(?:(?:\.\s?){4,}\s*(\d{1,4})|(?:\.\s?){8,})\s*$")
"""`Purpose ........ 3`: a title, dot leaders, the page (a long leader may have lost its page
to the next line); an ellipsis (`Where...`) is no leader."""
_PAGE_AFTER = re.compile(r"^(\S.*?\S)\s+(\d{1,3})$")
_LEADER_INSIDE = re.compile(r"\S\s*(?:\.\s?){4,}\s*(?:\d{1,4}(?=\s|$)|$)")
"""Leaders and a page anywhere in the line: a contents set as a paragraph runs entries together."""
_ENTRY_END = re.compile(r"\s*(?:\.\s?){4,}\s*(?:\d{1,4}(?=\s|$))?\s*")
"""A leader and its page; a page is a number alone (`300.2 Policy` after a lost page is a title)."""
_CAPTION_LEAD = re.compile(r"^.*\b(?:table\s+of\s+contents?|contains\s+"
                           r"(?:these|the\s+following)\s+topics)\b\s*:?\s*", re.IGNORECASE)
"""`Detailed table of contents This chapter contains the following topics:` before the first
entry."""
_PAGES = re.compile(r"^\d{1,4}(?:\s+\d{1,4})*$")
"""`2 4 4 6 7`: the contents' page numbers, printed as a row after its titles, or a column
of them, one a line."""
_WRAPPED = 3
"""At most this many lines without leaders stand between two entries (a title wrapped)."""
_MINIMUM = 3
_PAGED = re.compile(r"^(?:[IVXL]+|[A-Z]|\d{1,2})\.\s+\S.*\s\d{1,3}$")
"""A numbered entry with its page at the end and no leader: `II.  GENERAL PUBLICATION POLICY 6`."""
_PAGE_GAP = 3
"""Blank lines (a page column set aside, a page's end) after which the contents may go on below
the next page's footer."""
_CAPTION = re.compile(r"^(?:detailed\s+)?table\s+of\s+contents?\b|"
                      r"\bcontains\s+(?:these|the\s+following)\s+topics\b", re.IGNORECASE)
_FLOWED_BULLET = re.compile(r"(?:^|\s)[•▪●◦](?=\s|$)|^[-–]\s|\s[-–]\s(?=\S)")
"""A bullet or a dash between two entries of a contents flowed as a paragraph."""
_FLOWED_REACH = 40
"""Lines above a leader block's caption where a flowed contents' caption may stand."""
_MAX_ENTRIES = 150
_ENTRY_WORDS = 14
"""Fewer leader lines than this are no table of contents (a form's blanks `.....`)."""


def find_contents(lines: Sequence[Line]) -> tuple[list[str], set[int]]:
    """The titles a table of contents lists, and the line numbers of its lines."""
    leaders = [index for index, line in enumerate(lines) if _LEADER_INSIDE.search(line.text)]
    if sum(1 for index in leaders if _LEADER.match(lines[index].text)) >= _MINIMUM:
        block = _leader_block(lines, leaders)
        numbers = {line.number for line in block}
        return _leader_titles(block), numbers | _flowed_before(lines, block[0])
    listed = _listed_after_caption(lines)
    return listed if listed[0] else _paged_entries(lines)


def _flowed_before(lines: Sequence[Line], caption: Line) -> set[int]:
    """A contents flowed as a paragraph, its entries run together between bullets
    (`Overview •  Overall principles •  Definitions`), under a caption of its own above the
    leader block's: the lines from that caption to the last with a bullet.

    A redline prints both when a revision replaced the whole contents: the old one struck,
    the new one inserted after it (`contents_sides`)."""
    if not _CAPTION.search(caption.text):
        return set()
    at = next(index for index, line in enumerate(lines) if line.number == caption.number)
    start = next((index for index in range(at - 1, max(at - _FLOWED_REACH, -1), -1)
                  if _CAPTION.search(lines[index].text)), None)
    if start is None:
        return set()
    bullets = {index: len(_FLOWED_BULLET.findall(lines[index].text)) for index in range(start, at)}
    bulleted = [index for index, count in bullets.items() if count]
    if sum(bullets.values()) < _MINIMUM or any(not line.text for line in lines[start:bulleted[-1]]):
        return set()
    return {line.number for line in lines[start:bulleted[-1] + 1]}


def contents_sides(artifacts: Sequence[Artifact]) -> dict[int, str]:
    """In a redline, a contents printed twice, each under its caption: the first is the old
    document's, struck; the last the new one's, inserted after it. Text set aside between
    them (`Executive summary ...`) was struck with the first: an insertion follows what it
    replaces. The side of each line that stands on one."""
    lines = sorted((artifact for artifact in artifacts if artifact.kind == "contents"),
                   key=lambda artifact: artifact.line)
    starts = [index for index, artifact in enumerate(lines) if _CAPTION.search(artifact.text)]
    # `Table of Contents` / `Table of Contents Policy statement ...`: one caption printed twice.
    starts = [index for index, after in itertools.pairwise([*starts, len(lines)])
              if after - index >= _MINIMUM]
    if len(starts) < 2:
        return {}
    old = lines[starts[0]:starts[1]]
    new = lines[starts[-1]:]
    between = [artifact for artifact in artifacts if artifact.kind == "preamble"
               and old[-1].line < artifact.line < new[0].line]
    return {**{artifact.line: "old" for artifact in (*old, *between)},
            **{artifact.line: "new" for artifact in new}}


def _leader_block(lines: Sequence[Line], leaders: Sequence[int]) -> list[Line]:
    """The contents' lines: those with leaders, the lines between two of them (a title that
    wrapped, or a page flowed as a paragraph: `How ..... 3 Overall`), entries with their page
    and no leader (`_PAGED`) above the first leader, and its caption above.

    A blank line or more than `_WRAPPED` lines of text without a leader end the block, unless
    those lines are paged entries.
    """
    chosen = set(leaders)
    for before, after in itertools.pairwise(leaders):
        between = lines[before + 1:after]
        written = [line for line in between if line.text]
        wrapped = len(between) <= _WRAPPED and len(written) == len(between)
        # Entries with their page and no leader, a page's furniture (blanked) between them.
        paged = 0 < len(written) <= _WRAPPED and all(_PAGED.search(line.text) for line in written)
        if wrapped or paged:
            chosen.update(range(before + 1, after))
    first = min(leaders)
    # Entries with their page and no leader (`I.  DEFINITIONS AND TERMINOLOGY 1`) above the
    # first with one, under the caption.
    while first and _PAGED.search(lines[first - 1].text) and first - 1 >= min(leaders) - _WRAPPED:
        chosen.add(first - 1)
        first -= 1
    above = lines[first - 1] if first else None
    if above is not None and above.text and _CAPTION.search(above.text):
        chosen.add(first - 1)
    return [lines[index] for index in sorted(chosen)]


def _leader_titles(block: Sequence[Line]) -> list[str]:
    """The entries of the block read as one run of text, cut at each leader and its page."""
    text = _CAPTION_LEAD.sub("", " ".join(line.text for line in block))
    pieces = (_title(piece) for piece in _ENTRY_END.split(text))
    return [piece for piece in pieces if piece and not piece.isdigit()]


def _listed_after_caption(lines: Sequence[Line]) -> tuple[list[str], set[int]]:
    """`Table of Contents` / `This chapter contains these topics:` then titles, one a line,
    that the document repeats later as headings (no leaders, no page numbers)."""
    start = next((i for i, line in enumerate(lines) if _CAPTION.search(line.text)), None)
    if start is None:
        return [], set()
    entries: list[Line] = []
    others: list[Line] = []
    seen: set[str] = set()
    paging = False
    blank = 0
    for at in range(start + 1, len(lines)):
        line = lines[at]
        if not line.text:
            blank += 1
            paging = paging or blank >= _PAGE_GAP
            continue
        blank = 0
        if _PAGES.match(line.text):
            others.append(line)  # the page column, read as a row of its own
            paging = True
            continue
        paged = _PAGE_AFTER.match(line.text)
        key = _fold(paged.group(1) if paged else line.text)  # the heading it lists, again
        if paging and not _listable(line.text) and _more_entries(lines, at + 1, seen):
            paging = False  # the page's footer between the contents' two pages
            continue
        paging = False
        if key in seen or not _listable(line.text) or len(entries) >= _MAX_ENTRIES:
            break
        if _CAPTION.search(line.text):
            # `Table of Contents Policy statement and principles`: the caption again, and an entry.
            others.append(line)
            line = Line(line.number, _CAPTION_LEAD.sub("", line.text))
            if not line.text:
                continue
        seen.add(key)
        entries.append(line)
    after = max((line.number for line in entries), default=0)
    later = {_fold(line.text) for line in lines if line.number > after and line.text}
    titles = [_without_page(entry.text, later) for entry in entries]
    if sum(1 for title in titles if _fold(title) in later) < _MINIMUM:
        return [], set()
    numbers = {line.number for line in (*entries, *others)} | {lines[start].number}
    return titles, numbers


def _paged_entries(lines: Sequence[Line]) -> tuple[list[str], set[int]]:
    """A contents with no caption and no leaders, each entry's page beside it (`B. DEFINITIONS
    6`, a long title wrapped onto a second line that holds the page): the first run of such
    entries, their pages going forward, at least three of whose titles the body repeats below
    in the same order; else nothing."""
    for run in _paged_runs(lines):
        after = run[-1][-1].number
        body = [_fold(line.text) for line in lines if line.number > after and line.text]
        titles = [_PAGE_AFTER.sub(r"\1", _title(" ".join(line.text for line in entry)))
                  for entry in run]
        if _in_order(body, [_fold(title) for title in titles]) >= _MINIMUM:
            return titles, {line.number for entry in run for line in entry}
    return [], set()


def _paged_runs(lines: Sequence[Line]) -> list[list[list[Line]]]:
    """Runs of entries (each its lines) ending in a page number, pages not going back, a blank
    stretch of at most a page's gap between two; a line without a page joins the next only
    where that one has a page (a wrapped title)."""
    runs: list[list[list[Line]]] = []
    run: list[list[Line]] = []
    waiting: list[Line] = []
    page = blank = 0
    for line in lines:
        if not line.text:
            blank += 1
            continue
        paged = _PAGE_AFTER.match(line.text)
        going_on = blank <= _PAGE_GAP and not (waiting and not paged)
        if paged and going_on and int(paged.group(2)) >= page and _listable(paged.group(1)):
            run.append([*waiting, line])
            page, waiting = int(paged.group(2)), []
        elif not paged and going_on and not waiting and run and _listable(line.text.rstrip(",")):
            waiting = [line]
        else:
            if len(run) >= _MINIMUM:
                runs.append(run)
            run, waiting, page = [], [], 0
            if paged and _listable(paged.group(1)):
                run, page = [[line]], int(paged.group(2))
        blank = 0
    if len(run) >= _MINIMUM:
        runs.append(run)
    return runs


def _in_order(body: Sequence[str], titles: Sequence[str]) -> int:
    """How many of the titles stand as lines of the body, each below the one before."""
    found, at = 0, 0
    for title in titles:
        try:
            at = body.index(title, at) + 1
        except ValueError:
            continue
        found += 1
    return found


def _more_entries(lines: Sequence[Line], at: int, seen: set[str]) -> bool:
    """Entries not listed yet from line `at` on, up to their page column, the page's end or the
    first heading again: the contents go on over the next page."""
    entries = blank = 0
    for line in lines[at:]:
        if not line.text:
            blank += 1
            continue
        if _PAGES.match(line.text) or _fold(line.text) in seen or (entries and blank >= _PAGE_GAP):
            break
        blank = 0
        if not _listable(line.text):
            return False
        entries += 1
    return entries >= _MINIMUM


def _without_page(text: str, later: set[str]) -> str:
    """`Driver fails to stop    8`: an entry with its page number beside it, where the document
    has the title alone further on (`Section 114` keeps its number: no heading drops it)."""
    paged = _PAGE_AFTER.match(text)
    if paged and _fold(text) not in later and _fold(paged.group(1)) in later:
        return paged.group(1)
    return text


def _listable(text: str) -> bool:
    return len(text.split()) <= _ENTRY_WORDS and not text.endswith((".", ";", ","))


def contents_artifacts(lines: Sequence[Line], numbers: set[int]) -> list[Artifact]:
    return [Artifact(line.number, line.text, "contents") for line in lines
            if line.number in numbers]


def heading_names(headings: Sequence[str]) -> frozenset[str]:
    """The headings as `repeats_heading` compares them."""
    return frozenset(_fold(heading) for heading in headings)


def repeats_heading(text: str, names: frozenset[str]) -> bool:
    """A line before the first section that names a later heading (`300.1 PURPOSE ... 2`);
    `names` from `heading_names`."""
    plain = _PAGE_AFTER.match(text)
    body = _fold(plain.group(1) if plain else text)
    return bool(body) and body in names


def _title(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .")


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()
