"""Stage 7: decoded items to three versions: old, new, and marked with CriticMarkup.

Each paragraph is decoded once into spans; the old and new texts take their
side of every span, the marked text writes each change as `{~~old~>new~~}`.
Sanction values found as artifacts are attached to the top-level clause (or
definition) they stood beside.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from toolkit.importer.labels import label_shape
from toolkit.importer.nouns import (
    Artifact,
    ImportChange,
    ImportWarning,
    Item,
    Line,
    Nested,
    Span,
    Token,
)
from toolkit.importer.redline import decode_tokens
from toolkit.importer.seams import APPLY, SURE
from toolkit.importer.sides import WholeSide, place_clauses
from toolkit.importer.vocabulary import DocumentVocabulary
from toolkit.model import Clause, Definition, Section
from toolkit.numbering.dotted import extends
from toolkit.parse import escape_attributes, escape_markup, reads_as_written
from toolkit.tree import child_address

Side = Callable[[Span], str]
WHOLE_CONFIDENCE = 0.7
"""A whole clause read as deleted or inserted from its labels: applied, and to be confirmed."""
_MARKUP = re.compile(r"[\\`*_\[\]<&{}!]")
"""Characters without which CommonMark inline text holds no markup: no need to parse it."""


def old_side(span: Span) -> str:
    return " ".join(span.old)


def new_side(span: Span) -> str:
    return " ".join(span.new)


def marked_side(span: Span) -> str:
    """Equal text as it is; a change in CriticMarkup."""
    old, new = " ".join(span.old), " ".join(span.new)
    if span.change is None:
        return old
    if old and new:
        return f"{{~~{old}~>{new}~~}}"
    return f"{{--{old}--}}" if old else f"{{++{new}++}}"


SIDES: dict[str, Side] = {"old": old_side, "new": new_side, "marked": marked_side}


@dataclass
class Decoded:
    """Every paragraph decoded once, with what the decoder reported."""

    vocabulary: DocumentVocabulary
    apply_at: float = APPLY
    """Least confidence a proposal needs to change the text."""
    spans: dict[tuple[Line, ...], tuple[Span, ...]] = field(default_factory=dict)
    changes: list[ImportChange] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    report: bool = True
    """False when the text is known to hold no redline: no decoding, nothing to report."""
    whole: dict[int, WholeSide] = field(default_factory=dict)
    """The first line of each clause that stands on one side only (`sides.place_clauses`)."""

    def stands_on(self, item: Item, side: str) -> bool:
        """The clause is part of this side (the marked side shows every clause)."""
        return side == "marked" or self.whole.get(item.line, side) == side

    sections: dict[int, WholeSide] = field(default_factory=dict)
    """The line of each section heading that stands on one side only."""
    numbers: dict[int, tuple[str, str]] = field(default_factory=dict)
    """The line of each renumbered section heading (`III. II. Policy`): old and new number."""

    def section_on(self, line: int, side: str) -> bool:
        """The section heading is part of this side (the marked side shows every section)."""
        return side == "marked" or self.sections.get(line, side) == side

    def place_whole(self, roots: Sequence[Nested],
                    placed: Mapping[int, WholeSide] | None = None,
                    list_ends: Collection[int] = (), moved: Collection[int] = ()) -> None:
        """Read which clauses stand on one side only (from their siblings' labels, or as
        `placed` says), and report each as a change; a clause's unplaced descendants follow it.
        `list_ends` are the clauses placed because the clause before them ends one side's list
        (`listends`): they are reported with that reason. `moved` are the clauses that hold a
        moved sentence: the list under one stands where `placed` says, on both sides if
        unplaced (the list followed the sentence there, `1. ... limited to:` / `2. ...`)."""
        placed = place_clauses(roots) if placed is None else placed
        for node in walk_nested(roots):
            side = placed.get(node.item.line)
            if side is None or node.item.line in self.whole:
                continue
            self.whole.update((each.item.line, placed.get(each.item.line, side))
                              for each in _followers(node, moved))
            words = " ".join(word for each in _followers(node, moved)
                             if self.whole.get(each.item.line) == side
                             for line in each.item.lines for word in line.text.split())
            if not words:
                continue
            old, new = (words, "") if side == "old" else ("", words)
            list_end = node.item.line in list_ends
            change = ImportChange(line=node.item.line, old=old, new=new,
                                  confidence=WHOLE_CONFIDENCE,
                                  rule="list-end" if list_end else "label-sequence")
            self.changes.append(change)
            reason = ("the clause before it ends the list on the other side (list-end)"
                      if list_end else "its label fits only that side's sequence (label-sequence)")
            self.warnings.append(ImportWarning(
                node.item.line, "redline-uncertain",
                f'read clause "{node.item.label}." as {"deleted" if side == "old" else "inserted"}'
                f" whole: {reason}; please confirm"))

    def place_lead_ins(self, nodes: Sequence[Nested]) -> None:
        """`This directive:` before `This directive A. sets forth ...` (`columns`): in a
        redline, a paragraph that ends with a colon and that the next item's struck opening
        repeats is the lead-in the revision inserted for its new list; it stands on the new
        side only, and is reported for a person to confirm."""
        for previous, node in pairwise(nodes):
            lead_in, item = previous.item, node.item
            if not self.report or lead_in.line in self.whole or not _leads_in(lead_in, item):
                continue
            if not any(span.old for span in self.decode(lead_in.lines)):
                continue  # the decoder knows it inserted already (a PDF's marks)
            words = " ".join(line.text for line in lead_in.lines)
            self.whole[lead_in.line] = "new"
            self.changes.append(ImportChange(line=lead_in.line, old="", new=words,
                                             confidence=WHOLE_CONFIDENCE, rule="split-clause"))
            self.warnings.append(ImportWarning(
                lead_in.line, "redline-uncertain",
                f'read "{words}" as inserted: the lead-in of the list "{item.label}." that the '
                "paragraph after it became (split-clause); please confirm"))

    def sure(self) -> bool:
        """At least one change is sure: the text holds a redline, so weaker seams count too."""
        return any(change.confidence >= SURE for change in self.changes)

    def decode(self, lines: tuple[Line, ...]) -> tuple[Span, ...]:
        """The spans of one paragraph (its lines are its key: line numbers are unique)."""
        key = lines
        if key not in self.spans and not self.report:
            words = tuple(word for line in lines for word in line.text.split())
            self.spans[key] = (Span(words, words),) if words else ()
        if key not in self.spans:
            tokens = [Token(word, line.number) for line in lines for word in line.text.split()]
            spans, warnings = decode_tokens(tokens, self.vocabulary, self.apply_at)
            self.spans[key] = spans
            self.changes.extend(span.change for span in spans if span.change)
            self.warnings.extend(warnings)
        return self.spans[key]


def _leads_in(lead_in: Item, item: Item) -> bool:
    """An unlabelled paragraph ending with a colon whose words, the colon aside, are the
    struck opening of the unlabelled-on-the-old-side item after it."""
    if lead_in.label is not None or item.old_label != "" or not item.struck:
        return False
    words = [word for line in lead_in.lines for word in line.text.split()]
    opening = [word for line in item.lines for word in line.text.split()][:item.struck]
    return bool(words) and words[-1].endswith(":") and [*words[:-1], words[-1][:-1]] == opening


def _followers(node: Nested, moved: Collection[int] = ()) -> Iterator[Nested]:
    """A clause on one side and the descendants that follow it there: not a clause with a
    doubled label (`6.`/`a.`), which stands on both sides, nor the clauses under it; none
    under a clause that holds a moved sentence (see `Decoded.place_whole`)."""
    yield node
    if node.item.line in moved:
        return
    for child in node.children:
        if child.item.old_label == child.item.label or child.item.old_label is None:
            yield from _followers(child, moved)


def walk_nested(roots: Sequence[Nested]) -> Iterator[Nested]:
    """Every node of a nested list in document order, parents before children."""
    for node in roots:
        yield node
        yield from walk_nested(node.children)


def text_of(spans: Sequence[Span], side: str) -> str:
    """One side of a paragraph as markdown; words that would read as markup are escaped."""
    text = _joined(spans, side)
    if not _MARKUP.search(text) or reads_as_written(text):
        return text
    escaped = [Span(_escaped(span.old), _escaped(span.new), span.change) for span in spans]
    return _joined(escaped, side)


def _joined(spans: Sequence[Span], side: str) -> str:
    render = SIDES[side]
    return " ".join(part for part in (render(span) for span in spans) if part)


def _escaped(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(escape_markup(word) for word in words)


@dataclass(frozen=True)
class SanctionMap:
    """Sanction values by the line of the node they belong to."""

    by_line: dict[int, str]

    def of(self, line: int) -> str | None:
        return self.by_line.get(line)


def place_sanctions(
    starts: Sequence[int], section_line: int, sanctions: Sequence[Artifact]
) -> tuple[SanctionMap, list[ImportWarning]]:
    """Give each sanction value to the last top-level node that starts before it (or on its
    line: `column_values` leaves a value printed beside the node's first line there).

    `starts` are the first lines of the section's top-level nodes, in order. A node
    that already has a value passes the next one on to the node after it.
    """
    by_line: dict[int, str] = {}
    warnings: list[ImportWarning] = []
    for artifact in sanctions:
        before = bisect_right(starts, artifact.line)
        owner = starts[before - 1] if before else section_line
        if owner in by_line:
            later = (start for start in starts[bisect_right(starts, owner):]
                     if start not in by_line)
            following = next(later, None)
            if following is None:
                message = f'sanction "{artifact.text}" has no clause left to go to; see artifacts'
                warnings.append(ImportWarning(artifact.line, "sanction-unplaced", message))
                continue
            owner = following
            message = f'sanction "{artifact.text}" given to the clause at line {owner}; confirm'
            warnings.append(ImportWarning(artifact.line, "sanction-placement", message))
        by_line[owner] = artifact.text
    return SanctionMap(by_line), warnings


@dataclass
class _Siblings:
    """Distinct addresses for the children of one parent, as the parser gives them."""

    parent: str
    seen: dict[str, int] = field(default_factory=dict)
    paragraphs: int = 0

    def address(self, label: str | None) -> str:
        if label is None:
            self.paragraphs += 1
            return child_address(self.parent, None, self.paragraphs)
        count = self.seen[label] = self.seen.get(label, 0) + 1
        return child_address(self.parent, label if count == 1 else f"{label}~{count}", 0)


def build_clauses(nodes: Sequence[Nested], parent: str, side: str, decoded: Decoded,
                  sanctions: SanctionMap, siblings: _Siblings | None = None
                  ) -> tuple[Clause, ...]:
    """The clauses of one side. A clause on the other side only takes its own clauses with it,
    except those that stand on this side: they stand in its place (its labels put them in
    another list than the nesting did)."""
    siblings = siblings or _Siblings(parent)
    clauses: list[Clause] = []
    for node in nodes:
        item = node.item
        if not decoded.stands_on(item, side):
            if clauses and _list_of_another_kind(node, side):
                clauses[-1] = _adopt(clauses[-1], node.children, side, decoded, sanctions)
                continue
            clauses.extend(build_clauses(node.children, parent, side, decoded, sanctions,
                                         siblings))
            continue
        unlabelled_old = item.old_label == "" and decoded.report
        doubled = bool(item.old_label) and item.old_label != item.label
        label = _label_on(item, side, unlabelled_old)
        text = _paragraph(item, side, decoded)
        if doubled and not decoded.report and item.glued \
                and f"{item.old_label}{item.label}".isdigit():
            # Clean text: `1.2.` is a decimal number (Portland's `1.1.`, `1.2.`), printed so,
            # not a clause `1.` whose text opens with `2.`.
            label, text = None, f"{item.old_label}.{item.label}. {text}".rstrip()
        elif doubled and not decoded.report:
            # Clean text: two labels are an abbreviation (`A.S. 11.41.410`, `O.C. spray`,
            # `G.O. III-15`), the same on every side, the second kept in the text.
            label, text = item.old_label, f"{item.label}. {text}".rstrip()
        address = siblings.address(label)
        if side == "marked" and unlabelled_old:
            text = f"{{++{item.label}.++}} {text}".rstrip()  # the old side had no label
        elif side == "marked" and doubled and decoded.report:
            text = f"{{~~{item.old_label}.~>{item.label}.~~}} {text}".rstrip()
        clauses.append(Clause(
            label=label, text=text, address=address, line=item.line,
            children=build_clauses(node.children, address, side, decoded, sanctions),
            sanction=sanctions.of(item.line),
        ))
    return tuple(clauses)


def _label_on(item: Item, side: str, unlabelled_old: bool) -> str | None:
    """The item's label on one side. `NOTE: 4.` in a redline: the old side holds the note
    unlabelled (`Item.old_label` empty); in clean text it is clause 4 on both sides."""
    if side != "old":
        return item.label
    return None if unlabelled_old else item.old_label or item.label


def _list_of_another_kind(node: Nested, side: str) -> bool:
    """The clause's list is of another kind than the clause (`2.` and its `a.`, `b.`): where
    the clause stands on the other side only, that list belongs to the clause before it."""
    first = next((child.item for child in node.children if child.item.label), None)
    if first is None or node.item.label is None:
        return False
    label = (first.old_label or first.label) if side == "old" else first.label
    return label is not None and label_shape(label) != label_shape(node.item.label)


def _adopt(previous: Clause, nodes: Sequence[Nested], side: str, decoded: Decoded,
           sanctions: SanctionMap) -> Clause:
    """The clause before, with a list of this side appended to its own clauses."""
    siblings = _Siblings(previous.address)
    for child in previous.children:
        siblings.address(child.label)
    adopted = build_clauses(nodes, previous.address, side, decoded, sanctions, siblings)
    return replace(previous, children=(*previous.children, *adopted))


def _whole_text(item: Item, side: str, whole: WholeSide) -> str:
    """A clause on one side only: its words as printed, marked whole on the marked side."""
    words = tuple(word for line in item.lines for word in line.text.split())
    text = text_of((Span(words, words),), "old")
    if side != "marked" or not text:
        return text
    return f"{{--{text}--}}" if whole == "old" else f"{{++{text}++}}"


def build_section(number: str, title: str, line: int, text_nodes: Sequence[Nested],
                  nodes: Sequence[Nested], side: str, decoded: Decoded,
                  sanctions: SanctionMap, address: str | None = None, level: int = 2,
                  parent: str | None = None) -> Section:
    """A section: leading unlabelled paragraphs are its text, the rest its clauses.

    `address` (by default the number) is the prefix of the clauses' addresses; `level` and
    `parent` place a subsection (`###`) in the section it nests in.
    """
    text = "\n\n".join(_paragraph(node.item, side, decoded) for node in text_nodes
                       if decoded.stands_on(node.item, side))
    return Section(
        number=number, title=escape_attributes(title), text=text, line=line,
        children=build_clauses(nodes, address or number, side, decoded, sanctions),
        sanction=sanctions.of(line), address=address or number, level=level, parent=parent,
    )


def _paragraph(item: Item, side: str, decoded: Decoded) -> str:
    if item.line in decoded.whole:
        return _whole_text(item, side, decoded.whole[item.line])
    return text_of(decoded.decode(item.lines), side)


def nest_dotted(sections: Sequence[Section]) -> tuple[Section, ...]:
    """Dotted sections nested as the format writes them: `300.3.1` under `300.3` (`###`).

    A section goes under the nearest open section whose number its own extends, one
    heading level deeper; one that extends none starts again at `##`.
    """
    nested: list[Section] = []
    open_sections: list[Section] = []
    for section in sections:
        while open_sections and not extends(section.number, open_sections[-1].number):
            open_sections.pop()
        parent = open_sections[-1] if open_sections else None
        placed = replace(section, level=parent.level + 1 if parent else 2,
                         parent=parent.address if parent else None)
        nested.append(placed)
        open_sections.append(placed)
    return tuple(nested)


def build_definition(term: str, line: int, lines: tuple[Line, ...], section: str, side: str,
                     decoded: Decoded, sanctions: SanctionMap) -> Definition:
    return Definition(
        term=term, definition=text_of(decoded.decode(lines), side), line=line,
        section=section, sanction=sanctions.of(line),
    )
