"""The importer's nouns: what each stage hands to the next, and the import report.

The public ones (`ImportResult`, `ImportChange`, `ImportWarning`, `Artifact`) are
the `policykit import --json` contract; the others are the stages' working forms.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from toolkit.model import Meta, Numbering, Version


@dataclass(frozen=True)
class Line:
    """One line of the raw text after normalising."""

    number: int
    """1-based line number in the input."""
    text: str
    """The line without surrounding whitespace."""


@dataclass(frozen=True)
class Artifact:
    """Text of the input that is not policy text (a page number, a sanction column value)."""

    line: int
    text: str
    """The words as they stood in the input."""
    kind: str
    """sanction, page-number, running-header, stray-text."""
    side: str = "both"
    """`old` or `new` when the words stand on that side of a redline only (a struck contents
    line)."""


@dataclass(frozen=True)
class ImportWarning:
    """Something a person should confirm, with the line it is about."""

    line: int
    code: str
    """Short machine name: redline-uncertain, label-column, label-repeat, repeated-block, ..."""
    message: str


@dataclass(frozen=True)
class ImportChange:
    """One place where a deletion and an insertion ran together, as the decoder split it."""

    line: int
    old: str
    """The deleted words (may be empty)."""
    new: str
    """The inserted words (may be empty)."""
    confidence: float
    """0 to 1: how sure the decoder is of this split."""
    rule: str
    """The rule that found it: case-pair, glued-words, case-glue, alternatives, label-pair, ..."""


@dataclass(frozen=True)
class Token:
    """One whitespace-separated word of the input, with its line."""

    text: str
    line: int


@dataclass(frozen=True)
class Span:
    """A run of decoded text: the same words on both sides, or a change."""

    old: tuple[str, ...]
    """The words on the old side."""
    new: tuple[str, ...]
    """The words on the new side."""
    change: ImportChange | None = None
    """None for text that reads the same on both sides."""


@dataclass(frozen=True)
class Item:
    """One labelled (or unlabelled) paragraph of a section body, before nesting."""

    line: int
    label: str | None
    """The label as it reads in the new text, without its dot."""
    old_label: str | None
    """The label in the old text; differs from `label` only for a doubled label (`E.I.`), and
    is empty for a paragraph the old text holds without a label (`NOTE: 4.`, `labels`)."""
    lines: tuple[Line, ...]
    """The item's text lines, the label removed."""
    listed: bool = False
    """True for an unlabelled item of a list (it follows a colon or a semicolon)."""
    bulleted: bool = False
    """A list item printed with a bullet (`•`): unlabelled by design, nothing to confirm."""
    column: tuple[tuple[str, str], ...] = ()
    """For a run of labels alone on their lines (a label column): (new, old) labels, in order."""
    bracketed: bool = False
    """The label was written `(1)` or `1)`: a list style of its own beside `1.`."""
    struck: int = 0
    """How many first words of the text stand on the old side only: the opening a redline
    struck where it split the clause into a heading and a list (`columns._reopened`)."""
    glued: bool = False
    """Its doubled label was printed as one (`1.2.`): in clean text, a decimal number."""


@dataclass(frozen=True)
class Nested:
    """An item with the items nested under it."""

    item: Item
    children: tuple[Nested, ...] = ()


def sibling_lists(roots: Sequence[Nested]) -> Iterator[Sequence[Nested]]:
    """Every list of siblings in the nesting, the outermost first, in document order."""
    yield roots
    for node in roots:
        yield from sibling_lists(node.children)


@dataclass(frozen=True)
class RawSection:
    """A section as found in the text: number, title and body lines."""

    number: str
    title: str
    line: int
    body: tuple[Line, ...]
    level: int = 2
    """3 for an unnumbered subsection of the numbered section above (`### Role of Supervisors`)."""


@dataclass(frozen=True)
class ImportResult:
    """Everything `import_text` recovered from one raw text."""

    policy: str
    """Policy id (`2-55`)."""
    title: str
    """Policy title, from the first line."""
    redline: bool
    """True when the decoder found at least one change."""
    meta: Meta
    """The header tables."""
    old: Version
    """The text before the redline (equal to `new` when there is none)."""
    new: Version
    """The text after the redline."""
    marked: Version
    """The text with each change written in CriticMarkup inside the clause text."""
    changes: tuple[ImportChange, ...]
    warnings: tuple[ImportWarning, ...]
    artifacts: tuple[Artifact, ...]
    scheme: Numbering = "apd"
    """How the sections are numbered: apd, dotted, roman, chapter or headed."""
