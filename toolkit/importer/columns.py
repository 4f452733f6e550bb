"""Stage 5: a section body's lines to items, re-attaching orphan label columns.

A PDF list whose labels sat in a column of their own comes out as a run of
labels (`a.` ... `f.`) and then the item texts without labels. The labels are
handed, in order, to the unlabelled items that follow. A label alone on its
line followed by text (`C.` then `An officer's ...`) simply labels that text.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field, replace

from toolkit.importer.labels import LabelledLine, read_label
from toolkit.importer.nouns import ImportWarning, Item, Line

_LIST_END = re.compile(r"(?:[:;]|;\s*(?:and|or)\.?|,\s*(?:and|or))$")
_PARAGRAPH_END = re.compile(r"[.!?)\]\"”]$")


@dataclass
class _Reading:
    """The items read so far and the labels waiting for their text."""

    items: list[Item] = field(default_factory=list)
    column: deque[tuple[LabelledLine, Line]] = field(default_factory=deque)
    warnings: list[ImportWarning] = field(default_factory=list)

    def start(self, line: Line, label: LabelledLine | None, text: str, listed: bool) -> None:
        lines = (Line(line.number, text),) if text else ()
        self.items.append(Item(
            line.number, label.label if label else None, label.old_label if label else None,
            lines, listed=listed,
        ))

    def extend(self, line: Line) -> None:
        last = self.items[-1]
        self.items[-1] = replace(last, lines=(*last.lines, line))


def read_items(body: tuple[Line, ...]) -> tuple[tuple[Item, ...], tuple[ImportWarning, ...]]:
    """Cut a section body into items (labelled clauses and unlabelled paragraphs)."""
    reading = _Reading()
    blank = False
    index = 0
    while index < len(body):
        line = body[index]
        label = read_label(line.text)
        if label is not None and label.bracketed and not blank and _runs_on(reading):
            label = None  # `within ten` / `(10) calendar days`: a wrapped line, not a label
        if not line.text:
            blank, index = True, index + 1
            continue
        if label is not None and not label.text:
            index = _read_label_run(reading, body, index)
            blank = False
            continue
        _read_text_line(reading, line, label, blank)
        blank, index = False, index + 1
    _flush_column(reading)
    return tuple(reading.items), tuple(reading.warnings)


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
    _flush_column(reading)
    following = body[index] if index < len(body) else None
    if len(run) == 1 and following is not None and read_label(following.text) is None:
        label, line = run[0]
        reading.items.append(Item(line.number, label.label, label.old_label, (following,)))
        return index + 1
    reading.column.extend(run)
    if len(run) > 1:
        labels = ", ".join(f"{label.label}." for label, _ in run)
        message = f"label column {labels} re-attached in order to the unlabelled lines that follow"
        reading.warnings.append(ImportWarning(run[0][1].number, "label-column", message))
    return index


def _read_text_line(reading: _Reading, line: Line, label: LabelledLine | None,
                    blank: bool) -> None:
    if label is not None:
        _flush_column(reading)
        reading.start(line, label, label.text, listed=False)
        return
    previous = reading.items[-1].lines[-1].text if reading.items and reading.items[-1].lines else ""
    opens_item = not reading.items or _starts_item(previous, line.text, blank)
    if reading.column and (opens_item or not reading.items[-1].lines):
        column_label, _ = reading.column.popleft()
        reading.start(line, column_label, line.text, listed=False)
    elif opens_item:
        reading.start(line, None, line.text, listed=bool(_LIST_END.search(previous)))
    else:
        reading.extend(line)


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


def _flush_column(reading: _Reading) -> None:
    """Labels of a column that found no text stay as empty items, flagged."""
    while reading.column:
        label, line = reading.column.popleft()
        reading.start(line, label, "", listed=False)
        message = f'label "{label.label}." has no text of its own; kept as an empty item'
        reading.warnings.append(ImportWarning(line.number, "orphan-label", message))
