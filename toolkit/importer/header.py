"""Stage 3: the header tables (related SOPs, forms, other resources, rescinded orders).

The PDF table often comes out as two columns one after the other: all the
numbers, then all the titles. Pair them back in order; say so when the counts
differ.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from toolkit.importer.labels import read_label
from toolkit.importer.nouns import Artifact, ImportWarning, Line
from toolkit.importer.sides import WholeSide
from toolkit.model import Meta, Reference

_ID = r"(?:(?:SOP|SO|S\.O\.|GO|AO|PD|Form)\s*\d+(?:[-.]\d+)*|\d+(?:[-.]\d+)+)[A-Za-z]?"
_ID_ONLY = re.compile(rf"^({_ID})$")
_ID_AND_TITLE = re.compile(rf"^({_ID})\s+(\S.*)$")
_NONE = re.compile(r"^(?:none|n/a)\.?$", re.IGNORECASE)
_LABEL = r"^(?:[A-Z]\.\s*)?"
_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rescinds", re.compile(_LABEL + r"rescinded\b.{0,40}$", re.IGNORECASE)),
    ("related", re.compile(_LABEL + r"related\s+(?:sop|polic|procedure|order).{0,20}$",
                           re.IGNORECASE)),
    ("forms", re.compile(_LABEL + r"forms?(?:\(s\))?:?$", re.IGNORECASE)),
    ("other_resources", re.compile(_LABEL + r"other\s+resources?.{0,10}$", re.IGNORECASE)),
)
_INTRO = re.compile(r"^related\b.*\bform.*:?$", re.IGNORECASE)
_OTHER_ROW = re.compile(r"^[A-Z][A-Z ]{2,30}:")
"""A header row of another caption in capitals (`ORIGINATING DIVISION: TRAINING`, `SUPERSEDES:`),
after a list's caption (`RELATED POLICY:  1.04`): no item of that list."""


@dataclass(frozen=True)
class Header:
    """What the header block gave."""

    meta: Meta
    artifacts: tuple[Artifact, ...]
    """Table captions and `None` cells: words that are no policy text."""
    warnings: tuple[ImportWarning, ...]


def is_header_start(text: str) -> bool:
    """True for the caption line that opens an SOP's header tables."""
    return bool(_INTRO.match(text) or any(pattern.match(text) for _, pattern in _GROUPS))


def read_header(lines: tuple[Line, ...]) -> Header:
    """Group the lines under their captions and pair each group's ids with its titles."""
    groups: dict[str, list[Line]] = {name: [] for name, _ in _GROUPS}
    artifacts: list[Artifact] = []
    current: str | None = None
    for line in (line for line in lines if line.text):
        name = _group_of(line.text)
        if not name and _OTHER_ROW.match(line.text):
            current = None  # `ORIGINATING DIVISION: TRAINING`: a row of its own ends the list
        if name or _INTRO.match(line.text) or _NONE.match(line.text) or current is None:
            artifacts.append(Artifact(line.number, line.text, "header-label"))
            current = name or current
            continue
        groups[current].append(line)
    warnings: list[ImportWarning] = []
    references = {name: _pair(found, warnings) for name, found in groups.items()}
    meta = Meta(
        related=references["related"], forms=references["forms"],
        other_resources=references["other_resources"], rescinds=references["rescinds"],
    )
    return Header(meta, tuple(artifacts), tuple(warnings))


def _group_of(text: str) -> str | None:
    for name, pattern in _GROUPS:
        if pattern.match(text):
            return name
    return None


def _pair(lines: list[Line], warnings: list[ImportWarning]) -> tuple[Reference, ...]:
    """Rows that hold both id and title stand; a column of ids pairs with the column of titles."""
    rows: list[Reference] = []
    ids: list[Line] = []
    titles: list[Line] = []
    sorters: tuple[tuple[re.Pattern[str], Callable[[Line, re.Match[str]], None]], ...] = (
        (_ID_ONLY, lambda line, match: ids.append(line)),
        (_ID_AND_TITLE, lambda line, match: rows.append(Reference(match[1], match[2]))),
    )
    for line in lines:
        for pattern, sort in sorters:
            match = pattern.match(line.text)
            if match:
                sort(line, match)
                break
        else:
            titles.append(line)
    if ids and len(ids) != len(titles):
        message = f"{len(ids)} numbers but {len(titles)} titles in a header table; paired in order"
        warnings.append(ImportWarning(ids[0].number, "header-pairing", message))
    width = max(len(ids), len(titles))
    padded_ids = [line.text for line in ids] + [""] * (width - len(ids))
    padded_titles = [line.text for line in titles] + [""] * (width - len(titles))
    return (*rows, *(Reference(i, t) for i, t in zip(padded_ids, padded_titles, strict=True)))


_HEADER_KEY = re.compile(r"^([A-Z][A-Za-z ]{2,30}):")
"""A header line's key: `Issue Date:`, `Rescinds:`."""


def header_sides(lines: Sequence[tuple[int, str]]) -> dict[int, WholeSide]:
    """The preamble lines of a redline that stand on one side: a header printed twice.

    A redline of a new version prints the old header's rows (struck) and then the new ones:
    `Issue Date: 16 October 2017 ... Rescinds: ...` then `Issue Date: 28 February 2020 ...`.
    The old block runs from the first repeated key to the line before its repeat; lines
    between the blocks that are no key (a new title) are new, and then the line just before
    the old block is the old title. Keys printed once (`Index Category:`) stand on both.
    """
    keys = [(number, match[1]) for number, text in lines if (match := _HEADER_KEY.match(text))]
    seen: dict[str, int] = {}
    repeat = None
    for position, (_, key) in enumerate(keys):
        if key in seen:
            repeat = (seen[key], position)
            break
        seen[key] = position
    if repeat is None:
        return {}
    first, second = keys[repeat[0]][0], keys[repeat[1]][0]
    old_keys = {key for _, key in keys[repeat[0]:repeat[1]]}
    sides: dict[int, WholeSide] = {}
    key_lines = dict(keys)
    for number, _ in lines:
        key = key_lines.get(number)
        if first <= number < second:
            sides[number] = "old" if key is None or key in old_keys else "new"
        elif number >= second and key in old_keys:
            sides[number] = "new"
    texts = dict(lines)
    last_key = max(k for k, _ in keys if k < second)
    inserted_title = [n for n, _ in lines if first <= n < second and n not in key_lines
                      and n > last_key and not _wrapped(texts, last_key, n)]
    for number in inserted_title:
        sides[number] = "new"
    if inserted_title:
        before = [n for n, _ in lines if n < first]
        if before:
            sides[before[-1]] = "old"
    return sides


WRAPPED_WIDTH = 60
"""A header row at least this long was wrapped: the line after it continues it."""


def _wrapped(texts: dict[int, str], key_line: int, line: int) -> bool:
    """The line continues the key row above it (`Rescinds: ...; 30` / `October 2014 ...`)."""
    rows = [n for n in sorted(texts) if key_line <= n <= line]
    return all(len(texts[n]) >= WRAPPED_WIDTH for n in rows[:-1])


_KEY_AT_END = re.compile(r"(?:^|\s)(?:[A-Za-z]+ ){0,2}(?:date|rescinds|category|amends|supersedes|"
                         r"replaces|number|issued|effective|revised|reviewed):$", re.IGNORECASE)
"""`Rescinds:`, `... Effective Date:`: a header row's caption with its value on the next line
(a section's caption, `DEFINITIONS:`, heads the text below it instead)."""
_NUMBERED_SECTION = re.compile(r"^\d+(?:[-.]\d+)+\s+[A-Z]")
"""`1-04-1 CONDUCT`, `300.1 Purpose`: a numbered section's heading."""
_HEADER_REACH = 40
"""Lines at the top where a header table stands."""
_BARE_CAPTION = re.compile(r"^[A-Z][A-Za-z.#&/]*(?: [A-Z][A-Za-z.#&/]*){0,2}:$")
"""A line that is a caption and nothing else: `DIRECTIVE:`, `REFERENCE STANDARDS:`."""
SECTION_WORDS = (r"(?:policy|purpose|procedures?|definitions?|scope|discussion|background|rules?|"
                  r"responsibilit(?:y|ies)|summary|general|applicability|guidelines?|notes?|"
                  r"references?)")
SECTION_CAPTION = re.compile(rf"^{SECTION_WORDS}:$", re.IGNORECASE)
"""Captions that head a section's text, never a header row's value: on the line just above
the text, the caption is a heading of its own."""
_TERMS_CAPTION = re.compile(r"^definitions?:$", re.IGNORECASE)
"""`DEFINITIONS:` heads its terms, each on its own line: it takes none of them."""
STATEMENT = re.compile(rf"^{SECTION_WORDS}:\s+\S", re.IGNORECASE)
"""`POLICY:  It is the policy of ...`: a statement of the policy's own, under its caption."""
_VALUE_WORDS = 12
"""A header value is short: a number, a date, a title (prose below a caption is a section's)."""
_GAP = 2
"""Blank lines plain `pdftotext` leaves between a caption and its value, at most."""
_COLUMN_ROWS = 3
"""Captions in a column of their own, before their values' column: at least this many."""
_REFERENCES = re.compile(r"^\d+(?:\.\d+)+[a-z]?(?:\s+et\s+al\.?)?$")
"""`26.1.4`, `31.1.1 et al`: an accreditation standard a header row lists, as plain extraction
prints it, one a line (the layout's wrapped row, `34.1.5   34.1.6`, is left as printed)."""
_STANDARDS_ROW = re.compile(r"^[A-Z][A-Za-z ]{2,30}:(?:\s+\d+(?:\.\d+)+.*)?$")
"""A caption with a standard's number after it, or none yet (`REFERENCE STANDARDS: 26.1.4`)."""


def join_header_values(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Above the body's first label (a clause's or a section's), a caption that ends its line
    (`Rescinds:` / `16 October 2017 Version`, as `pdftotext` without `-layout` prints a header
    table's two cells) joined with its value, as the layout prints the row.

    A caption alone on its line may stand a blank line or two above its value (`DIRECTIVE:` /
    `` / `100-A`). The standards a row lists (`REFERENCE STANDARDS:` / `26.1.4` / `26.3.7`)
    all join that row, wherever plain extraction put them among the rows below it."""
    lines = _gather_standards(lines)
    joined: list[Line] = []
    index = 0
    while index < min(len(lines), _HEADER_REACH):
        line = lines[index]
        if line.text and read_label(line.text) is not None:
            break
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        if _KEY_AT_END.search(line.text) and _is_value(following):
            joined.append(Line(line.number, f"{line.text} {following}"))
            index += 2
            continue
        section = SECTION_CAPTION.match(line.text) is not None
        below = _value_below(lines, index, section) if _BARE_CAPTION.match(line.text) and (
            not section or line.text.isupper() and not _TERMS_CAPTION.match(line.text)) else None
        if below is not None:
            joined.append(Line(line.number, f"{line.text} {lines[below].text}"))
            joined.extend(lines[index + 1:below])  # the blank lines between
            index = below + 1
            continue
        joined.append(line)
        index += 1
    return (*joined, *lines[index:])


def header_columns(lines: Sequence[Line]) -> dict[int, Line]:
    """A header table's column of captions printed before the column of their values
    (`NUMBER:` / `TOPIC:` / ... then `1510` / `FORCE AND CONTROL TECHNIQUES` / ...), paired
    row by row: each caption's line number and the line of its value."""
    written = [index for index, line in enumerate(lines[:_HEADER_REACH]) if line.text]
    for at, start in enumerate(written):
        if read_label(lines[start].text) is not None:
            break
        captions = list(itertools.takewhile(
            lambda index: _BARE_CAPTION.match(lines[index].text) is not None, written[at:]))
        count = len(captions)
        if count < _COLUMN_ROWS or captions != list(range(start, start + count)):
            continue
        values = written[at + count:at + 2 * count]
        after = written[at + 2 * count] if at + 2 * count < len(written) else len(lines)
        if (len(values) < count or values != list(range(values[0], values[0] + count))
                or values[0] - captions[-1] - 1 > _GAP or after == values[-1] + 1
                or not all(_column_value(lines[index].text) for index in values)):
            continue
        return {lines[caption].number: lines[value] for caption, value in zip(captions, values)}
    return {}


def pair_header_columns(kept: Sequence[Line], artifacts: Sequence[Artifact],
                        columns: dict[int, Line]) -> tuple[tuple[Line, ...], list[Artifact]]:
    """Each caption of `header_columns` joined with its value, as the layout prints the row.

    Page furniture is found on the lines as printed (a footer's date repeats the header's
    `1-1-2016`), so a value it took as furniture (`1510` as a page number) is given back."""
    values = {value.number for value in columns.values()}
    joined = tuple(Line(line.number, f"{line.text} {columns[line.number].text}")
                   if line.number in columns and line.text else
                   Line(line.number, "") if line.number in values else line for line in kept)
    return joined, [artifact for artifact in artifacts if artifact.line not in values]


def _column_value(text: str) -> bool:
    """A value in a column of values: short, no caption; it may open like a label (`G.O. 1510`)."""
    return _no_caption(text) and len(text.split()) <= _VALUE_WORDS


def _is_value(text: str) -> bool:
    return bool(text) and _no_caption(text) and read_label(text) is None


def _no_caption(text: str) -> bool:
    return not text.endswith(":") and not _HEADER_KEY.match(text)


def _value_below(lines: Sequence[Line], index: int, section: bool) -> int | None:
    """Where a bare caption's value stands: the next text line past at most `_GAP` blank
    lines, if it is short enough to be one. A section's caption in capitals (`POLICY:`) takes
    the first line of its text past a blank one, as the layout prints it beside them (one in
    title case, `References:`, heads its section); a numbered section's heading is none of its
    text (`PROCEDURES:` over `1-04-1 CONDUCT`: the procedures are numbered sections)."""
    at = index + 1
    while at < len(lines) and at - index <= _GAP and not lines[at].text:
        at += 1
    if at >= len(lines) or not _is_value(lines[at].text) or (
            section and (at == index + 1 or _NUMBERED_SECTION.match(lines[at].text))) or (
            not section and len(lines[at].text.split()) > _VALUE_WORDS):
        return None
    return at


def _gather_standards(lines: Sequence[Line]) -> Sequence[Line]:
    """Lines of standards' numbers alone, above the first label, joined to the row that lists
    standards (the first caption followed by such a number, on its line or below it)."""
    end = next((index for index, line in enumerate(lines[:_HEADER_REACH])
                if line.text and read_label(line.text) is not None), min(len(lines), _HEADER_REACH))
    texts = [line.text for line in lines[:end]]
    row = next((index for index, text in enumerate(texts) if _STANDARDS_ROW.match(text)
                and (_REFERENCES.match((text.partition(":")[2].split() or [""])[0])
                     or _REFERENCES.match(next((t for t in texts[index + 1:] if t), "")))), None)
    if row is None:
        return lines
    gathered = [line.text for line in lines[row + 1:end] if _REFERENCES.match(line.text)]
    if not gathered:
        return lines
    kept = [line for line in lines[row + 1:end] if not _REFERENCES.match(line.text)]
    return (*lines[:row], Line(lines[row].number, " ".join([lines[row].text, *gathered])),
            *kept, *lines[end:])
