"""Stage 5: a section body's lines to items, re-attaching orphan label columns.

A PDF list whose labels sat in a column of their own comes out as a run of
labels (`a.` ... `f.`) and then the item texts without labels. Reading marks
the run; `_attach_column` then hands the labels to the items that follow,
skipping the sub-items of an item that ends with a colon, and taking back a
label the extraction displaced into that sub-list (`b.`-`e.` in the column,
`a.` stuck to a later line). A label alone on its line followed by text
(`C.` then `An officer's ...`) simply labels that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from toolkit.importer.labels import (
    FIRST_LABELS,
    LabelledLine,
    label_shape,
    read_label,
    successor,
)
from toolkit.importer.nouns import ImportWarning, Item, Line

_LIST_END = re.compile(r"(?:[:;]|;\s*(?:and|or)\.?|,\s*(?:and|or))$")
_LAST_OF_LIST = re.compile(r";\s*(?:and|or)\.?$")
BULLET = re.compile(r"^[•◦▪●○■□➢\uf0b7\uf0a7*–-]\s+(?=\S)")
_SHORT_LINE = 0.75
"""A line this much shorter than an item's widest ends its paragraph."""
_NOTE = re.compile(r"^(?:NOTES?|EXCEPTIONS?|REMINDERS?):")
"""`NOTE:`, `EXCEPTION:`: a note within a list, no clause of it."""
_PAST_CLAUSES = 3
"""How many labelled clauses may stand between a column and the paragraphs its labels name."""
_PARAGRAPH_END = re.compile(r"[.!?)\]\"”]$")
_INNER_FIRST_LABEL = re.compile(r"^(?P<opening>(?:\S+\s+){0,5}\S+[.:])\s+(?P<label>[aA1i])\.\s+"
                                r"(?P<rest>\S.*)$")
"""Up to six words that end a sentence, then a list's first label: see `_reopened`."""
_LEAD_IN_THEN_LABEL = re.compile(r"^(?P<opening>(?:\S+\s+){0,5}\S+)\s+(?P<label>[aA1i])\.\s+"
                                 r"(?P<rest>\S.*)$")
"""Up to six words, then a list's first label: see `_split_into_list`."""


@dataclass
class _Reading:
    """The items read so far."""

    items: list[Item] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)

    def start(self, line: Line, label: LabelledLine | None, text: str, listed: bool,
              bulleted: bool = False) -> None:
        lines = (Line(line.number, text),) if text else ()
        self.items.append(Item(
            line.number, label.label if label else None, label.old_label if label else None,
            lines, listed=listed, bulleted=bulleted, bracketed=bool(label and label.bracketed),
            struck=label.struck if label else 0, glued=bool(label and label.glued),
        ))

    def extend(self, line: Line) -> None:
        last = self.items[-1]
        self.items[-1] = replace(last, lines=(*last.lines, line))


_BROKEN_CODE = re.compile(r"(?:^|\s)[A-Z]{1,3}-$")
"""`K-`, `DGO-`: an order's letters and hyphen, its number on the next line."""

def read_items(body: tuple[Line, ...]) -> tuple[tuple[Item, ...], tuple[ImportWarning, ...]]:
    """Cut a section body into items (labelled clauses and unlabelled paragraphs)."""
    reading = _Reading()
    blank = False
    index = 0
    while index < len(body):
        line = body[index]
        label = read_label(line.text)
        if (label is not None and label.bracketed and not blank and _runs_on(reading)
                and not _next_in_list(reading, label)):
            label = None  # `within ten` / `(10) calendar days`: a wrapped line, not a label
        if label is not None and not blank and label.label.isdigit() and _code_broken(reading):
            label = None  # `... General Order K-` / `3. Therefore ...`: an order's number wrapped
        if not line.text:
            blank, index = True, index + 1
            continue
        if label is not None and not label.text:
            index = _read_label_run(reading, body, index)
            blank = False
            continue
        bullet = BULLET.match(line.text)
        if bullet and line.text[0] in "–-" and _runs_on(reading):
            bullet = None  # a dash that continues a wrapped sentence
        if bullet and label is None:
            # `• Text`: a list item whose marker says nothing about its place; kept unlabelled.
            reading.start(line, None, line.text[bullet.end():], listed=True, bulleted=True)
        else:
            _read_text_line(reading, line, label, blank)
        blank, index = False, index + 1
    items = _fill_empty_labels(_attach_columns(reading.items, reading.warnings),
                               reading.warnings)
    return tuple(items), tuple(reading.warnings)


def _read_label_run(reading: _Reading, body: tuple[Line, ...], index: int) -> int:
    """A run of labels alone on their lines: one label for the next line, or a column."""
    run: list[tuple[LabelledLine, Line]] = []
    while index < len(body):
        label = read_label(body[index].text)
        if body[index].text and not (label and not label.text):
            break
        if label:
            run.append((label, body[index]))
        index += 1
    following = body[index] if index < len(body) else None
    if len(run) == 1 and following is not None and read_label(following.text) is None:
        label, line = run[0]
        reading.items.append(Item(line.number, label.label, label.old_label, (following,),
                                  bracketed=label.bracketed))
        return index + 1
    column = tuple((label.label, label.old_label) for label, _ in run)
    reading.items.append(Item(run[0][1].number, None, None, (), column=column))
    return index


def _read_text_line(reading: _Reading, line: Line, label: LabelledLine | None,
                    blank: bool) -> None:
    if label is not None:
        label = _reopened(reading, label) or label
        reading.start(line, label, label.text, listed=False)
        return
    split = _split_into_list(reading, line.text)
    if split is not None:
        reading.start(line, split, split.text, listed=False)
        return
    previous = reading.items[-1].lines[-1].text if reading.items and reading.items[-1].lines else ""
    if not reading.items or reading.items[-1].column or _starts_item(previous, line.text, blank):
        reading.start(line, None, line.text, listed=bool(_LIST_END.search(previous)))
    else:
        reading.extend(line)


def _reopened(reading: _Reading, label: LabelledLine) -> LabelledLine | None:
    """`6. Additional procedures. a. For further ...` right after `6. Additional procedures
    and prohibitions.`: a redline that split a clause into a heading and a list prints the
    inserted heading first, then the old clause with the new list's first label inserted
    after its opening words. The clause is the list's first item, its old label `6.`.

    Only a first label (`a.`, `A.`, `1.`, `i.`) of another kind than the clause's own counts,
    after opening words that end a sentence and that the clause before, under the same label,
    opens with (`Officer A. Jones` is no label).
    """
    last = reading.items[-1] if reading.items else None
    inner = _INNER_FIRST_LABEL.match(label.text)
    if (last is None or inner is None or label.old_label != label.label
            or last.label != label.label or not last.lines):
        return None
    if label_shape(inner["label"]) == label_shape(label.label):
        return None
    opening = inner["opening"].rstrip(".:").split()
    if last.lines[0].text.split()[:len(opening)] != opening:
        return None
    return LabelledLine(inner["label"], label.label, f"{inner['opening']} {inner['rest']}",
                        struck=len(inner["opening"].split()))


def _split_into_list(reading: _Reading, text: str) -> LabelledLine | None:
    """`This directive:` then `This directive A. sets forth ...`: a redline that made a
    paragraph a lead-in and a list prints the inserted lead-in first, then the old paragraph
    with its opening words struck and the list's first label inserted after them. The old
    side holds the paragraph unlabelled (`old_label` empty), the new side clause `A.`.

    Only an unlabelled paragraph of a few words that ends with a colon counts, and only a
    line that repeats those words before a list's first label.
    """
    last = reading.items[-1] if reading.items else None
    found = _LEAD_IN_THEN_LABEL.match(text)
    if last is None or found is None or last.label is not None or not last.lines:
        return None
    lead_in = " ".join(line.text for line in last.lines)
    opening = found["opening"].split()
    if not lead_in.endswith(":") or lead_in[:-1].split() != opening:
        return None
    return LabelledLine(found["label"], "", f"{found['opening']} {found['rest']}",
                        struck=len(opening))


def _next_in_list(reading: _Reading, label: LabelledLine) -> bool:
    """`(1) ... fleeing, and fleeing,` / `(2) the member's ...`: the label follows the last
    bracketed item's of its shape, with only bracketed items between (`(1)`, then `(a)`,
    `(b)` under it, then `(2)`), so it starts the list's next item even where the line
    before runs on."""
    shape = label_shape(label.label)
    last = None
    for item in reversed(reading.items):
        if not item.bracketed or item.label is None:
            return False
        if label_shape(item.label) == shape:
            last = item
            break
    if last is None or last.label is None:
        return False
    return label.label in (successor(last.label, "digit" if last.label.isdigit() else "lower"),
                           successor(last.label, "roman"))


def _code_broken(reading: _Reading) -> bool:
    """The last item's last line ends in a code broken at its hyphen (`Order K-`, `DGO
    M-`): the digits on the next line finish it."""
    if not reading.items or not reading.items[-1].lines:
        return False
    return bool(_BROKEN_CODE.search(reading.items[-1].lines[-1].text))


def _runs_on(reading: _Reading) -> bool:
    """The last item's last line stops mid-sentence."""
    if not reading.items or not reading.items[-1].lines:
        return False
    last = reading.items[-1].lines[-1].text
    return not (re.search(r"[.;:!?]$", last) or _LIST_END.search(last))


def _starts_item(previous: str, text: str, blank: bool) -> bool:
    """Does this unlabelled line start a new item rather than continue the last one?"""
    if not text[:1].isupper() and not text[:1] in "(“\"":
        return False
    if not previous or _LIST_END.search(previous):
        return True
    return blank and bool(_PARAGRAPH_END.search(previous))


# --- label columns ------------------------------------------------------------------------------


def _attach_columns(items: list[Item], warnings: list[ImportWarning]) -> list[Item]:
    out: list[Item] = []
    index = 0
    while index < len(items):
        marker = items[index]
        if not marker.column:
            out.append(marker)
            index += 1
            continue
        end = _span_end(items, index + 1, marker.column)
        slots = len(_slots(items[index + 1:end], marker.column[0][0])[0])
        marker = _attach_back(marker, out, slots, warnings)
        span = _one_line_each(items[index + 1:end], len(marker.column))
        paragraphs = _paragraphs_end(items, index + 1, marker.column) \
            if len(_slots(span, marker.column[0][0])[0]) < len(marker.column) else None
        if paragraphs is not None:
            out.extend(_label_paragraphs(marker, items[index + 1:paragraphs], warnings))
            index = paragraphs
            continue
        first = _first_list(marker.column)
        paragraphs = _paragraphs_end(items, index + 1, first) \
            if len(first) < len(marker.column) and len(span) < len(marker.column) else None
        if paragraphs is not None:
            # `1.` ... `7.`, `1.`, `2.`: the first list's labels go to the paragraphs that
            # follow; the later lists' stay empty, their paragraphs printed elsewhere.
            out.extend(_label_paragraphs(replace(marker, column=first),
                                         items[index + 1:paragraphs], warnings))
            out.extend(Item(marker.line, label, old, ())
                       for label, old in marker.column[len(first):])
            index = paragraphs
            continue
        out.extend(_attach_column(marker, span, warnings))
        index = end
    return out


def _attach_back(marker: Item, out: list[Item], slots: int,
                 warnings: list[ImportWarning]) -> Item:
    """A column with more labels than the items after it can take, whose first labels open a
    list (`a.`, `b.`) that the paragraphs before it want: the extraction printed a page's
    labels after some of their texts (`1. ... necessary:` / `To effect ...` / `To defend ...`
    / `2. ... necessary:` / `a. b. a. b.` / `To defend himself ...` / `To affect ...`). Those
    labels go back to that run of paragraphs; the column keeps the rest."""
    extra = len(marker.column) - slots
    run = _stranded_run(out) if 0 < extra < len(marker.column) else None
    if run is None or len(run) != extra or not _opens_list(marker.column[:extra]):
        return marker
    for position, (label, old) in zip(run, marker.column[:extra], strict=True):
        out[position] = replace(out[position], label=label, old_label=old, listed=False)
    labels = ", ".join(f"{label}." for label, _ in marker.column[:extra])
    warnings.append(ImportWarning(marker.line, "label-column",
                                  f"label column's {labels} re-attached to the paragraphs "
                                  f"before it, under the clause that announces them"))
    return replace(marker, column=marker.column[extra:])


def _stranded_run(out: list[Item]) -> list[int] | None:
    """The last run of unlabelled paragraphs before a column (past at most `_PAST_CLAUSES`
    clauses), standing right under a clause that ends with a colon: a list that lost its
    labels."""
    index = len(out) - 1
    while index >= 0 and out[index].label is not None and len(out) - index <= _PAST_CLAUSES:
        index -= 1
    end = index + 1
    while index >= 0 and out[index].label is None and not out[index].column \
            and not _is_note(out[index]):
        index -= 1
    if end == index + 1 or index < 0 or out[index].label is None:
        return None
    announces = out[index].lines and out[index].lines[-1].text.endswith(":")
    return list(range(index + 1, end)) if announces else None


def _opens_list(labels: tuple[tuple[str, str], ...]) -> bool:
    """Labels that start a list and go on in order (`a.`, `b.`)."""
    return labels[0][0] in FIRST_LABELS and _consecutive(labels)


def _consecutive(labels: tuple[tuple[str, str], ...]) -> bool:
    """Each label the one after the label before it (`2.`, `3.`, `4.`): one list's."""
    return all(_before(label) == previous for (previous, _), (label, _) in pairwise(labels))


def _paragraphs_end(items: list[Item], start: int,
                    column: tuple[tuple[str, str], ...]) -> int | None:
    """Where a column's paragraphs end, when exactly as many paragraphs as labels stand
    before the next label, or more that read as the list's items (`_parallel_paragraphs_end`).

    Plain extraction prints a page's labels (`A.` ... `D.`) as one block, then each clause's
    paragraph: clauses of their own, not a list. A note (`NOTE:` and its paragraph) is none.
    """
    labels = len(column)
    found = 0
    index = start
    while index < len(items) and items[index].label is None and not items[index].column:
        if _is_note(items[index]):
            index += _note_length(items[index])
            continue
        found += 1
        index += 1
    if found == labels:
        return min(index, len(items))
    return _parallel_paragraphs_end(items, start, column) if found > labels else None


def _parallel_paragraphs_end(items: list[Item], start: int,
                             column: tuple[tuple[str, str], ...]) -> int | None:
    """More paragraphs than labels, the labels one list's (`2.`, `3.`, `4.`): the first
    paragraphs take them where each reads as a list item of its own (`Members shall ...` /
    `Members shall not ...`): it opens with a capital, and none before the last opens a list
    of its own with a colon. A note or a paragraph that goes on in lower case (a sentence the
    page broke) leaves the column as it is."""
    if not _consecutive(column):
        return None
    taken = items[start:start + len(column)]
    if any(_is_note(item) or not item.lines or not item.lines[0].text[:1].isupper()
           for item in taken):
        return None
    if any(item.lines[-1].text.endswith(":") for item in taken[:-1]):
        return None
    return start + len(column)


def _first_list(column: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The column's labels up to where a list starts again (`1.` ... `7.` | `1.`, `2.`), where
    the column is lists one after another, each counted from its first label; else all."""
    starts = [index for index in range(len(column))
              if index == 0 or _before(column[index][0]) != column[index - 1][0]]
    if any(column[index][0] not in FIRST_LABELS for index in starts):
        return column  # `a.`, `b.`, `d.`, ...: one list's labels out of order, no lists
    return column[:starts[1]] if len(starts) > 1 else column


def _is_note(item: Item) -> bool:
    return bool(item.lines) and _NOTE.match(item.lines[0].text) is not None


def _note_length(item: Item) -> int:
    """Items a note takes: its caption alone (`NOTE:`) takes the paragraph after it too."""
    return 2 if " ".join(line.text for line in item.lines).strip().endswith(":") \
        and len(item.lines) == 1 and len(item.lines[0].text.split()) == 1 else 1


def _label_paragraphs(marker: Item, span: list[Item], warnings: list[ImportWarning]) -> list[Item]:
    labels = list(marker.column)
    message = (f"label column {', '.join(f'{label}.' for label, _ in labels)} re-attached to "
               "the paragraphs that follow")
    warnings.append(ImportWarning(marker.line, "label-column", message))
    out: list[Item] = []
    index = 0
    while index < len(span):
        item = span[index]
        if _is_note(item):
            note = span[index:index + _note_length(item)]
            out.extend(replace(part, listed=True) for part in note)
            index += len(note)
            continue
        label, old = labels.pop(0)
        out.append(replace(item, label=label, old_label=old, listed=False))
        index += 1
    return out


def _one_line_each(span: list[Item], labels: int) -> list[Item]:
    """Items without end punctuation run together; as many lines as labels are one item each."""
    if len(span) >= labels or any(item.label is not None for item in span):
        return span
    lines = [line for item in span for line in item.lines]
    if len(lines) != labels:
        return span
    return [Item(line.number, None, None, (line,), listed=index > 0)
            for index, line in enumerate(lines)]


def _span_end(items: list[Item], start: int, column: tuple[tuple[str, str], ...]) -> int:
    """The items a column's labels may go to: up to a clause of another list or a paragraph."""
    displaced = _before(column[0][0])
    index = start
    while index < len(items):
        item = items[index]
        if item.column or item.label is None and index > start and not item.listed:
            break
        if item.label is not None and item.label != displaced and not _deeper(item.label, column[0][0]):
            break
        index += 1
    return index


def _attach_column(marker: Item, span: list[Item],
                   warnings: list[ImportWarning]) -> list[Item]:
    labels = ", ".join(f"{label}." for label, _ in marker.column)
    slots, displaced = _slots(span, marker.column[0][0])
    column = marker.column
    if displaced is not None:
        moved = span[displaced]
        column = ((str(moved.label), str(moved.old_label or moved.label)), *column)
    if len(slots) == len(column):
        message = f"label column {labels} re-attached to the items that follow"
        warnings.append(ImportWarning(marker.line, "label-column", message))
        labelled = dict(zip(slots, column, strict=True))
        return [
            replace(item, label=labelled[i][0], old_label=labelled[i][1]) if i in labelled
            else replace(item, label=None, old_label=None, listed=True) if i == displaced
            else item
            for i, item in enumerate(span)
        ]
    message = (f"label column {labels} does not match the {len(slots)} items that follow; "
               "re-attached in order, please confirm")
    warnings.append(ImportWarning(marker.line, "label-column", message))
    return _in_order(marker, span, warnings)


def _slots(span: list[Item], first: str) -> tuple[list[int], int | None]:
    """Which items of the span are the column's list items, and which holds a displaced label.

    After an item that ends with a colon come its own sub-items, up to one that ends with
    a full stop or the one after `; and`.
    """
    slots: list[int] = []
    displaced: int | None = None
    state = "outside"
    for index, item in enumerate(span):
        text = item.lines[-1].text if item.lines else ""
        if item.label is not None:
            if item.label != _before(first) or state == "outside" or displaced is not None:
                continue
            displaced = index
        if state == "outside":
            slots.append(index)
            state = "inside" if text.endswith(":") else "outside"
        elif state == "last" or text.endswith("."):
            state = "outside"
        elif _LAST_OF_LIST.search(text):
            state = "last"
    return slots, displaced


def _in_order(marker: Item, span: list[Item], warnings: list[ImportWarning]) -> list[Item]:
    """Fallback: each label to the next unlabelled item; labels left over stay as empty items."""
    labels = list(marker.column)
    out: list[Item] = []
    for item in span:
        if item.label is None and labels:
            label, old = labels.pop(0)
            out.append(replace(item, label=label, old_label=old, listed=False))
        else:
            out.append(item)
    out.extend(Item(marker.line, label, old, ()) for label, old in labels)
    return out


def _fill_empty_labels(items: list[Item], warnings: list[ImportWarning]) -> list[Item]:
    """A label left with no text, just after its list's previous item, takes that item's last
    paragraph: the extraction printed the label after its text (`1.` / `Is a concept ...
    situation.` / `Is an overview ...` / `2.`), and the paragraphs ran together. Paragraphs
    part where a short line ends a sentence and the next opens in capitals. Else the label
    stays empty, reported."""
    out = list(items)
    for index, item in enumerate(out):
        if item.lines or item.label is None:
            continue
        before = out[index - 1] if index else None
        cut = _paragraph_cut(before.lines) \
            if before is not None and before.label == _before(item.label) else None
        if before is not None and cut is not None:
            out[index - 1] = replace(before, lines=before.lines[:cut])
            out[index] = replace(item, lines=before.lines[cut:])
            message = (f'label "{item.label}." took the paragraph printed above it, under '
                       f'"{before.label}."; please confirm')
            warnings.append(ImportWarning(item.line, "label-column", message))
            continue
        message = f'label "{item.label}." has no text of its own; kept as an empty item'
        warnings.append(ImportWarning(item.line, "orphan-label", message))
    return out


def _paragraph_cut(lines: tuple[Line, ...]) -> int | None:
    """Where the last paragraph of an item's lines starts, if they hold two or more."""
    widest = max((len(line.text) for line in lines), default=0)
    cuts = [index for index in range(1, len(lines))
            if lines[index - 1].text.endswith((".", ":"))
            and len(lines[index - 1].text) < _SHORT_LINE * widest
            and lines[index].text[:1].isupper()]
    return cuts[-1] if cuts else None


def _before(label: str) -> str:
    """The label that comes before this one (`a` for `b`); empty for a first label."""
    if len(label) == 1 and label.isalpha() and label not in "aA":
        return chr(ord(label) - 1)
    if label.isdigit() and int(label) > 1:
        return str(int(label) - 1)
    return ""


def _deeper(label: str, first: str) -> bool:
    """A roman numeral under a column of letters, or a letter under a column of numbers."""
    roman = set(label) <= set("ivx") and (len(label) > 1 or label == "i")
    if first.isdigit():
        return label.isalpha() and label.islower()
    return first.isupper() and not label.isupper() or roman and not set(first) <= set("ivx")
