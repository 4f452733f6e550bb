"""Clause labels: reading them off a line, telling their kind, and nesting items by them.

SOP lists nest `A.` > `1.` > `a.` > `i.`. A label's kind says its level: a kind
already open closes everything below it; a new kind opens a level. `i`, `v`
and `x` are letters after `h`, `u` and `w` and roman numerals otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from toolkit.importer.nouns import ImportWarning, Item, Line, Nested

LABEL = r"(?:[A-Z]|[a-z]|\d{1,2}|[ivx]{2,5}|[IVX]{2,5})"
"""A clause label as printed, without its dot: `A`, `1`, `iv`."""
_LABEL_LINE = re.compile(rf"^({LABEL})\.(?:({LABEL})\.)?(?:\s+(\S.*))?$")
_SPACED_DOUBLE = re.compile(rf"^({LABEL})\.\s{{1,8}}({LABEL})\.(?:\s+(\S.*))?$")
"""A doubled label as `pdftotext -layout` prints it: `E. I.`, `A.      C.`."""
_PAREN_LABEL_LINE = re.compile(rf"^\(?({LABEL})\)(?:\s+(\S.*))?$")
"""`(a) text` and `1) text`, as other departments write labels."""
_MID_LABEL = re.compile(rf"^(\S+(?:\s+\S+){{0,2}})\s+({LABEL})\.\s+(\S.*)$")
"""Up to three words, then a label: see `_struck_words_then_label`."""
_NOTE_THEN_LABEL = re.compile(rf"^((?:NOTES?|Notes?):)\s+({LABEL})\.\s+(\S.*)$")
"""`NOTE: 4. Nothing in this policy ...`: see `_note_then_label`."""
_NAMING_WORDS = frozenset({"section", "item", "appendix", "part", "paragraph", "attachment",
                           "exhibit", "form", "level", "chapter", "article", "schedule", "see",
                           "and", "or", "to", "through"})
_NOT_DOUBLED = frozenset({("i", "e"), ("e", "g"), ("U", "S"), ("a", "m"), ("p", "m")})
FIRST_LABELS = frozenset({"A", "a", "1", "i", "I"})
"""The labels a list starts with."""
_ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
           "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx")


@dataclass(frozen=True)
class LabelledLine:
    """A line that starts with a label."""

    label: str
    old_label: str
    """Differs from `label` for a doubled label such as `E.I.` (old `E`, new `I`); empty where
    the old side holds the paragraph without a label (`NOTE: 4.`)."""
    text: str
    """The rest of the line; empty for a label alone."""
    bracketed: bool = False
    """Written `(a)` or `a)`: a label only where a sentence or list item has just ended."""
    struck: int = 0
    """How many first words of `text` the old side holds only (see `Item.struck`)."""
    glued: bool = False
    """A doubled label printed as one (`E.I.`, `1.2.`), not apart (`E. I.`, `2. 1.`)."""


def read_label(text: str) -> LabelledLine | None:
    """The label at the start of a line, if the line starts with one."""
    spaced = _SPACED_DOUBLE.match(text)
    if spaced and _doubled(spaced.group(1), spaced.group(2), relevelled=True):
        return LabelledLine(spaced.group(2), spaced.group(1), spaced.group(3) or "")
    match = _LABEL_LINE.match(text)
    if not match and (note := _note_then_label(text)):
        return note
    if not match:
        paren = _PAREN_LABEL_LINE.match(text)
        return LabelledLine(paren[1], paren[1], paren[2] or "", bracketed=True) if paren else None
    first, second, rest = match.group(1), match.group(2), match.group(3) or ""
    if second is None:
        return _struck_words_then_label(first, rest) or LabelledLine(first, first, rest)
    if not _doubled(first, second):
        return None
    return LabelledLine(second, first, rest, glued=True)


def _struck_words_then_label(first: str, rest: str) -> LabelledLine | None:
    """`G. Firearms B. Firearm discharge ...`: the old label, struck words, the new label.

    A redline that renumbers a clause and rewrites its first words prints the struck label
    and words before the inserted label. The words between stay in the text (both sides);
    only a label of the first one's kind after at most three words that end no sentence
    counts (`1. AMC 9.36.100 A.` cites a subsection, and `Section B.` names one).
    """
    inner = _MID_LABEL.match(rest)
    if not inner or not _doubled(first, inner[2]):
        return None
    between = inner[1].split()
    if between[-1].lower().strip("(,") in _NAMING_WORDS or between[-1][-1] in ".;:":
        return None
    return LabelledLine(inner[2], first, f"{inner[1]} {inner[3]}")


def _note_then_label(text: str) -> LabelledLine | None:
    """`NOTE: 4. Nothing in this policy ...`: a note the revision made a clause of a list.

    A redline prints the struck `NOTE:` before the inserted label; clean text puts a note's
    label, if any, first (`4. NOTE: ...`). The old side holds the paragraph unlabelled, its
    first word struck; the new side holds clause `4.` without it.
    """
    found = _NOTE_THEN_LABEL.match(text)
    if not found:
        return None
    return LabelledLine(found[2], "", f"{found[1]} {found[3]}", struck=1)


_OUTLINE_ORDER = ("ROMAN", "upper", "digit", "lower", "roman")
"""Label kinds as outlines nest them: `I.` > `A.` > `1.` > `a.` > `i.`."""
FIRST_OF = {"digit": "1", "upper": "A", "lower": "a", "roman": "i", "ROMAN": "I"}
"""Each label kind's first label."""


def _doubled(first: str, second: str, relevelled: bool = False) -> bool:
    """Two labels of one kind: the old one struck, the new one inserted. Spaced apart
    (`relevelled`), also a label of an outer kind after one of an inner kind (`5. D.`,
    `a. 1.`): the clause moved up a level. (`A. 1. Officers` is a label and its first
    sub-label written inline: a clause moved down reads so too, and is left as written.)"""
    if (first, second) in _NOT_DOUBLED or first == second:
        return False
    one, two = _OUTLINE_ORDER.index(label_shape(first)), _OUTLINE_ORDER.index(label_shape(second))
    return one == two or relevelled and two < one


def label_shape(label: str) -> str:
    """digit, upper or lower: the shape a label's kind has, roman or not."""
    if label.isdigit():
        return "digit"
    return "upper" if label.isupper() else "lower"


_LIST_CLOSED = re.compile(r"[.!?][\"”’)]?$")
"""An unlabelled list item that ends so ends its list."""

# --- nesting ----------------------------------------------------------------------------------


@dataclass
class _Open:
    """One open level while nesting: its kind, last label and the node being filled."""

    kind: str
    label: str
    item: Item
    children: list[_Open | Item] = field(default_factory=list)


@dataclass
class _Nesting:
    roots: list[_Open] = field(default_factory=list)
    stack: list[_Open] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)

    def attach(self, node: _Open, depth: int, opens: bool = True) -> None:
        """Add node under the level at depth - 1; it opens a level of its own unless told not to."""
        del self.stack[depth:]
        (self.stack[-1].children if self.stack else self.roots).append(node)
        if opens:
            self.stack.append(node)


def nest_items(items: tuple[Item, ...]) -> tuple[tuple[Nested, ...], tuple[ImportWarning, ...]]:
    """Nest items by their labels (`_place_labelled`); an unlabelled paragraph goes where
    `_place_paragraph` says, an unlabelled list item under the item that announced it."""
    nesting = _Nesting()
    previous: Item | None = None
    # A redline's relabelled clauses (`E.I.`) explain its restarts: no list is read as
    # resuming there (see `_restarts_inside`).
    relabelled = any(item.old_label and item.old_label != item.label for item in items)
    for index, item in enumerate(items):
        after = _After(items, index + 1)
        if item.label is not None:
            _place_labelled(nesting, item, _After(items, len(items)) if relabelled else after)
        elif item.listed and previous is not None:
            _place_listed(nesting, item, previous)
        else:
            _place_paragraph(nesting, item, after)
        previous = item
    return tuple(_freeze(node) for node in nesting.roots), tuple(nesting.warnings)


@dataclass(frozen=True)
class _After:
    """The items after one, read in place (a slice per item made nesting quadratic)."""

    items: Sequence[Item]
    start: int

    def first(self) -> Item | None:
        return self.items[self.start] if self.start < len(self.items) else None

    def labelled(self, limit: int) -> Iterator[Item]:
        """The next `limit` labelled items at most."""
        found = 0
        for index in range(self.start, len(self.items)):
            if found == limit:
                return
            if self.items[index].label is not None:
                found += 1
                yield self.items[index]


def _place_labelled(nesting: _Nesting, item: Item, after: _After) -> None:
    assert item.label is not None
    # An unlabelled list whose last item ended the sentence (`CPIC refers to ... Center.`) is
    # closed: a labelled list after it is none of its items' clauses.
    while nesting.stack and _closed_list(nesting.stack[-1]):
        nesting.stack.pop()
    kind = _kind_of(item, nesting.stack)
    label = item.old_label or item.label
    if nesting.stack and nesting.stack[-1].kind == "announcing":
        nesting.attach(_Open(kind, item.label, item), len(nesting.stack))
        return
    depth = _open_depth(nesting, kind, label)
    expected = None if depth is None else _next_label(nesting.stack[depth], kind)
    if expected is None or (label != expected and nesting.stack[-1].kind != "listed" and (
            _starts_a_sublist(nesting, kind, label)
            or _restarts_inside(kind, label, expected, after))):
        nesting.attach(_Open(kind, item.label, item), len(nesting.stack))
        return
    assert depth is not None
    if label != expected:
        before = nesting.stack[depth].label
        message = (f'label "{_shown(label, item)}" follows "{_shown(before, item)}" '
                   f"(line {nesting.stack[depth].item.line}); "
                   f'expected "{_shown(expected, item)}"')
        nesting.warnings.append(ImportWarning(item.line, "label-sequence", message))
    nesting.attach(_Open(kind, item.label, item), depth)


def _next_label(level: _Open, kind: str) -> str:
    """The label that goes on the open list at `level`."""
    return successor(level.label, kind.removesuffix(")"))


def _starts_a_sublist(nesting: _Nesting, kind: str, label: str) -> bool:
    """`A.` right under `I. DISPOSITION` while an older `A.` list is open above it: a first
    label that does not go on the open list of its kind, just after a clause of a kind
    outlines put above its own, starts that clause's own list (it once broke the older list
    and became text). `A.` after `1.` restarts the older list: letters stand above numbers,
    unless the `1.` clause ends with a colon that announces it."""
    top = nesting.stack[-1]
    return (label == FIRST_OF[kind.removesuffix(")")]
            and (_rank(top.kind) < _rank(kind) or announces(top.item)))


def announces(item: Item) -> bool:
    """The clause's text ends with a colon (`... include but are not limited to:`)."""
    return bool(item.lines) and item.lines[-1].text.rstrip().rstrip("\"”’')").endswith(":")


_RESUME_WINDOW = 30
"""How many labelled items after a restart the list it broke may resume within."""


def _restarts_inside(kind: str, label: str, expected: str, after: _After) -> bool:
    """`11. fulfill ...`, `1.`, `2.`, `3.`, then `12.`: a list that restarts in its own style and
    is followed by the broken list's next label (`expected`) is the last item's own list
    (extraction lost the indent that told it). The restart ends where a label of an outer
    kind comes first."""
    bare = kind.removesuffix(")")
    if label != FIRST_OF[bare]:
        return False
    inner = label
    for later in after.labelled(_RESUME_WINDOW):
        assert later.label is not None
        if later.bracketed != kind.endswith(")"):
            continue
        going = later.old_label or later.label
        if label_shape(going) == label_shape(label) and going == successor(inner, bare):
            inner = going  # the restarted list goes on (where both could, it takes the label)
            continue
        later_kind = label_kind(going, [], later.bracketed)
        if later_kind != kind:
            if _rank(later_kind) < _rank(kind):
                return False  # an outer label first: the restarted list was the last one
            continue
        return going == expected
    return False


def _rank(kind: str) -> int:
    """How deep outlines put a label kind: `I.` > `A.` > `1.` > `a.` > `i.` > `(1)` > `(a)`."""
    return _OUTLINE_ORDER.index(kind.removesuffix(")")) + len(_OUTLINE_ORDER) * kind.endswith(")")


def _kind_of(item: Item, stack: list[_Open]) -> str:
    """The item's label kind. A doubled label of one shape (`E.I.`: old `E`, new `I`) is a
    letter where either label goes on the open letter list: `I` is the letter after `H`."""
    assert item.label is not None
    kind = label_kind(item.label, stack, item.bracketed)
    old = item.old_label
    if old and label_shape(old) == label_shape(item.label) and kind.lower().startswith("roman"):
        return label_kind(old, stack, item.bracketed)
    return kind


def _shown(label: str, item: Item) -> str:
    """A label as its kind prints it: `(1)` or `1.`."""
    return f"({label})" if item.bracketed else f"{label}."


def _place_paragraph(nesting: _Nesting, item: Item, after: _After) -> None:
    """An unlabelled paragraph: under the open top-level clause; or, where the next label
    goes on a list open deeper (`b.`, then `NOTE: ...`, then `c.`), under that list's last
    item, so the list stays open and `c.` follows `b.` (the paragraph once closed it)."""
    following = _next_open_kind(nesting, after)
    depth = None if following is None else _going_on(nesting, following)
    announcing = depth is None and _announces_a_restart(nesting, item, after)
    nesting.attach(_Open("announcing" if announcing else "paragraph", "", item),
                   depth + 1 if depth is not None else min(1, len(nesting.stack)),
                   opens=announcing)


def _announces_a_restart(nesting: _Nesting, item: Item, after: _After) -> bool:
    """`Medical attention will be summoned for the following ...:` then `1.` (or `1)`) while
    a `1.` ... `8.` list stands open: the paragraph announces a list of its own, which nests
    under it (two lists of one clause, or of a section, cannot both be its clauses)."""
    following = after.first()
    if following is None or following.label is None or not announces(item):
        return False
    bare = _kind_of(following, nesting.stack).removesuffix(")")
    # `1)` under an open `1.` list restarts it too: the format writes both `**1.**`.
    return (following.label == FIRST_OF[bare]
            and any(level.kind.removesuffix(")") == bare for level in nesting.stack))


_LIST_UNDER_NOTE = 12
"""How many labelled items of a list a note may announce (`EXCEPTION:` ... `(1)` ... `(3)`)."""


def _next_open_kind(nesting: _Nesting, after: _After) -> Item | None:
    """The first labelled item after a paragraph whose kind has an open list: the ones before
    it (`EXCEPTION: ... when:`, then `(1)`, `(2)`) open lists of their own under the note."""
    kinds = {level.kind for level in nesting.stack}
    return next((later for later in after.labelled(_LIST_UNDER_NOTE)
                 if _kind_of(later, nesting.stack) in kinds), None)


def _going_on(nesting: _Nesting, item: Item) -> int | None:
    """The depth of the deepest open list whose next label `item` has, if any."""
    assert item.label is not None
    return _continued(nesting, _kind_of(item, nesting.stack), item.old_label or item.label)


def _continued(nesting: _Nesting, kind: str, label: str) -> int | None:
    return next((i for i in reversed(range(len(nesting.stack)))
                 if nesting.stack[i].kind == kind
                 and label == _next_label(nesting.stack[i], kind)), None)


def _open_depth(nesting: _Nesting, kind: str, label: str) -> int | None:
    """The open level of this kind the label belongs to: the deepest it goes on (`2.` after
    a `1.` list opened under `D.`, itself under an older `4.`), else the outermost."""
    going_on = _continued(nesting, kind, label)
    if going_on is not None:
        return going_on
    return next((i for i, level in enumerate(nesting.stack) if level.kind == kind), None)


def _closed_list(level: _Open) -> bool:
    lines = level.item.lines
    return level.kind == "listed" and bool(lines) and bool(_LIST_CLOSED.search(lines[-1].text))


def _place_listed(nesting: _Nesting, item: Item, previous: Item) -> None:
    """An unlabelled list item: under the item that opened the list with a colon."""
    top = nesting.stack[-1] if nesting.stack else None
    if top is not None and top.kind == "listed":
        nesting.attach(_Open("listed", "", item), len(nesting.stack) - 1)
    else:
        nesting.attach(_Open("listed", "", item), len(nesting.stack))
    if not item.bulleted:
        message = "list item without a label; kept unlabelled under the item before it"
        nesting.warnings.append(ImportWarning(item.line, "unlabelled-item", message))


def label_kind(label: str, stack: list[_Open], bracketed: bool = False) -> str:
    """digit, upper, lower, roman or ROMAN; `i`, `I`, `v` by what is open. A label written `(1)` or
    `1)` is a kind of its own (`digit)`): `1.` > `a.` > `(1)` > `(a)` nest four deep."""
    if bracketed:
        return _bare_kind(label, [level for level in stack if level.kind.endswith(")")],
                          ")") + ")"
    return _bare_kind(label, [level for level in stack if not level.kind.endswith(")")], "")


def _bare_kind(label: str, stack: list[_Open], suffix: str) -> str:
    if label.isdigit():
        return "digit"
    letter, roman = ("upper", "ROMAN") if label.isupper() else ("lower", "roman")
    open_labels = {(level.kind.removesuffix(suffix), level.label.lower()) for level in stack}
    folded = label.lower()
    if len(folded) == 1 and (letter, chr(ord(folded) - 1)) in open_labels:
        return letter
    if folded in _ROMANS and (len(folded) > 1 or folded == "i"):
        return roman
    if folded in _ROMANS and any(kind == roman and successor(last, "roman") == folded
                                 for kind, last in open_labels):
        return roman
    return letter


def successor(label: str, kind: str) -> str:
    """The label that should come next after `label` in a list of this kind."""
    if kind == "digit":
        return str(int(label) + 1)
    if kind == "roman" and label in _ROMANS[:-1]:
        return _ROMANS[_ROMANS.index(label) + 1]
    if kind == "ROMAN":
        return successor(label.lower(), "roman").upper()
    if len(label) == 1 and label.isalpha():
        return chr(ord(label) + 1)
    return ""


def _freeze(node: _Open | Item) -> Nested:
    if isinstance(node, Item):
        return Nested(node)
    return Nested(node.item, tuple(_freeze(child) for child in node.children))


# --- labels on lines of their own -----------------------------------------------------------------


def join_lone_labels(lines: Sequence[Line]) -> tuple[Line, ...]:
    """A label alone on its line with its text on the next (`A.` / `Sanctity of Human Life.`,
    as `pdftotext` without `-layout` prints a label and its text in two blocks) made one line,
    as the layout prints it: `A.  Sanctity of Human Life.`

    Two labels alone above one text are a redline's struck label and its new one (`E.` / `D.`
    / text: `E.  D.  text`), unless a run of three labels alone says the document prints label
    columns (`a.` ... `f.` above the items' texts). Two labels in turn (`D.` / `E.`) may be a
    column's too, except where nearly every label stands alone (`_ALONE`)."""
    labels = [read_label(line.text) if line.text else None for line in lines]
    gaps = _label_gaps(lines, labels)
    lines = [line for index, line in enumerate(lines) if index not in gaps]
    labels = [label for index, label in enumerate(labels) if index not in gaps]
    runs = _lone_runs(labels)
    columns = any(length >= _COLUMN for length in runs.values())
    every = sum(runs.values()) >= _ALONE * sum(1 for label in labels if label is not None)
    joined: list[Line] = []
    index = 0
    while index < len(lines):
        length = runs.get(index, 0)
        after = index + length
        text = lines[after].text if after < len(lines) and labels[after] is None else ""
        doubled = length == 2 and not columns and _struck_then_new(
            labels[index], labels[index + 1], every)
        if length and not (text and (length == 1 or doubled)):
            joined.extend(lines[index:after])  # a column, or labels with no text below
            index = after
            continue
        # The joined line keeps its text's number: a change found there is reported there.
        line = Line(lines[after].number, "  ".join(each.text for each in lines[index:after + 1])) \
            if length else lines[index]
        index = after + 1
        following = lines[index].text if index < len(lines) and labels[index] is None else ""
        if following and (renumbered := _new_label_at_end(line, following)) is not None:
            line, index = renumbered, index + 1
        joined.append(line)
    return tuple(joined)


def _label_gaps(lines: Sequence[Line], labels: Sequence[LabelledLine | None]) -> set[int]:
    """A label alone, a blank line, then its text (`I.` / `` / `Procedure`, as plain `pdftotext`
    prints a label and its text as two blocks): the blank line's index, to leave out. Where
    the line after the blank is a label too, or the text before the label is a label alone,
    the labels are a column printed apart from its texts (`A.` / `` / `B.` / `` / text):
    nothing changes. A section's numeral or a heading in capitals (`III.` / `` / `USE OF
    FORCE`, `A.` / `` / `PURPOSE:`) is left to the headings, which read a title below it."""

    def alone(index: int) -> bool:
        label = labels[index] if 0 <= index < len(lines) else None
        return label is not None and not label.text and label.label == label.old_label

    def section(index: int) -> bool:
        label = labels[index]
        return label is not None and not label.bracketed and set(label.label) <= _ROMAN_CAPITALS

    written = [index for index, line in enumerate(lines) if line.text]
    before = dict(zip(written[1:], written, strict=False))
    return {index + 1 for index in range(len(lines) - 2)
            if alone(index) and not section(index) and not alone(before.get(index, -1))
            and not lines[index + 1].text
            and lines[index + 2].text and labels[index + 2] is None
            and not _NUMBERED_TEXT.match(lines[index + 2].text)
            and not lines[index + 2].text.isupper()}


def _new_label_at_end(line: Line, following: str) -> Line | None:
    """`4.  De-escalation. Members 2.` / `Department members will ...`: a struck label and
    words, the new label last on the line and its text on the next, made one line."""
    if not _LABEL_AT_END.search(line.text):
        return None
    alone, joined = read_label(line.text), read_label(f"{line.text} {following}")
    if alone is None or joined is None or joined.old_label == joined.label:
        return None
    return Line(line.number, f"{line.text}  {following}")


_ROMAN_CAPITALS = frozenset("IVXL")
_NUMBERED_TEXT = re.compile(r"^\d+\.\d+")
"""`105.00  Use of Force Policy`: a section's own number opens the line, no label's text."""
_LABEL_AT_END = re.compile(rf"\s{LABEL}\.$")
_COLUMN = 3
"""Labels alone on lines in a row, this many or more: a label column."""
_ALONE = 0.8
"""This share of the labelled lines or more are labels alone: the text prints every label
apart from its text (`pdftotext` without `-layout`)."""


def _lone_runs(labels: Sequence[LabelledLine | None]) -> dict[int, int]:
    """The index of each run of labels alone on their lines, and its length."""
    runs: dict[int, int] = {}
    start = None
    for index, label in enumerate([*labels, None]):
        alone = label is not None and not label.text and label.label == label.old_label
        if alone and start is None:
            start = index
        elif not alone and start is not None:
            runs[start] = index - start
            start = None
    return runs


def _struck_then_new(first: LabelledLine | None, second: LabelledLine | None,
                     alone: bool) -> bool:
    """`E.` then `D.`, `5.` then `D.`: a label struck and its replacement. `D.` then `E.`
    too where every label is printed alone (`alone`); elsewhere two labels in turn may be
    a column's. Bracketed labels (`(c)` / `(d)`) are never printed doubled."""
    if first is None or second is None or first.bracketed or second.bracketed:
        return False
    one, two = first.label, second.label
    following = {successor(one, label_shape(one)), successor(one.lower(), "roman").upper()
                 if one.isupper() else successor(one, "roman")}
    return _doubled(one, two, relevelled=True) and (alone or two not in following)
