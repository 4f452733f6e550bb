"""Stage 6c, document-wide: which side each section and clause stands on, from every label.

`sides` reads one list of siblings at a time. A flattened redline also interleaves whole
outlines: a deleted section with its clauses, then the inserted clauses of another list,
a section renumbered (`III. II. Policy`) and sections inserted before the old ones go on
(`I. ... III. Conditions ... IV. Post-Discharge ... G. B. ... H. ... IV. Notifications`).
The nesting stage cannot see that; only a reading of every label in document order can.

Each side of a redline is an outline of its own: a stack of open levels, each a kind of
label (`I.` sections, `A.`, `1.`, `a.`, `i.`) with its last label. A label continues a level
open on its side (closing the levels below it) or opens a new level with a first label
(`A`, `1`, `a`, `i`). `read_document` finds the cheapest reading that gives every labelled
unit (a section heading or a clause) both sides, the old side or the new side:

- a unit on one side only costs `ONE_SIDE`, and less (`RUN_ON`) when it continues a run
  of units on that side (a tracked deletion of several clauses is one edit);
- a label that continues neither its own side's sequence is a break (`BREAK`; a section
  number that repeats or skips, `SECTION_BREAK`: headings are not misprinted);
- a doubled label (`E.I.`, old `E`, new `I`) stands on both sides, each with its label;
- a list stands under the clause that announces it with a colon (`... such as:`): a side
  that opens a list under a clause without one, where the other side's open clause has one,
  pays `UNANNOUNCED` (`2. 3. ... such as:` then the struck `3. ... ; and`, then `a.`: the
  list is the new `3.`'s, not the deleted clause's just before it).

Only runs that the labels vouch for are kept (`accepted`): a run of two or more units, a
run beside a kept run of the other side or beside a renumbered label, or a clause beside
its rewrite (`sides.shares_wording`).
A lone label printed twice (`1. ... 1. ...`) is more often a misprint than a change.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from toolkit.importer.labels import FIRST_OF, announces, successor
from toolkit.importer.nouns import Item, Nested
from toolkit.importer.sides import shares_wording

Place = Literal["both", "old", "new"]
Stack = tuple[tuple[str, str, int], ...]
"""Open levels of one side's outline: kind, last label and the line of its unit."""

ONE_SIDE = 1.0
"""Cost of a unit on one side only that starts a run."""
RUN_ON = 0.2
"""Cost of a unit on one side only that continues a run on the same side."""
BREAK = 3.0
"""Cost of a clause label that continues neither its side's sequence nor starts a list."""
SECTION_BREAK = 10.0
"""Cost of a section number that does not follow its side's last section."""
LATE_START = 1.5
"""Cost of a list that starts past its first label (its first label lost or glued away)."""
EARLIER_DELETION = 0.001
"""A deletion is printed before the insertion that replaces it: the lighter reading."""
MOVED_IN = 2.0
"""Cost of reading a clause that holds a moved sentence (`Unit.inserted`) as old."""
DETACHED = 1.0
"""Cost of a clause that opens a list under a clause of its side when the clause just before
it stands on the other side only: a list follows the clause it belongs to."""
OUT_OF_SECTION = 2.0
"""Cost of a clause on both sides inside a section that stands on one side only."""
HOMELESS = 100.0
"""Cost of a clause on a side where no section has opened while the other side has one."""
UNANNOUNCED = 1.0
"""Cost of a list opened under a clause without a colon where the other side's is one."""
_BOTH = frozenset(("old", "new"))
BEAM = 400
"""Readings kept after each unit, cheapest first."""
_ROMAN_LETTERS = frozenset("IVXL")
_ROMAN_OR_LETTER = frozenset("ivxIVX")


@dataclass(frozen=True)
class Unit:
    """A labelled section heading or clause, in document order."""

    line: int
    label: str
    """The new side's label (without its dot)."""
    old_label: str
    """The old side's label: differs for a doubled label; empty where the old side holds the
    unit as an unlabelled paragraph (`NOTE: 4.`), which leaves the old outline as it was."""
    section: bool = False
    roman: bool = False
    """A section of a scheme numbered `I.`, `II.`: its number is a label like the clauses'."""
    bracketed: bool = False
    """Written `(1)`: a list style apart from `1.`."""
    inserted: bool = False
    """It holds a sentence struck earlier in the text (`moved`): an inserted clause."""
    announces: bool = False
    """Its text ends with a colon: it announces the list after it (on some side)."""


@dataclass(frozen=True)
class _Reading:
    cost: float
    old: Stack
    new: Stack
    places: tuple[Place, ...]
    broken: tuple[int, ...] = ()
    """The units whose labels the reading breaks."""
    section: Place = "both"
    """The side of the section being read: a section on one side holds clauses of that side."""
    opened: frozenset[str] = frozenset()
    """The sides a section has opened on so far."""


def read_document(units: Sequence[Unit]) -> tuple[tuple[Place, ...], tuple[int, ...]]:
    """The cheapest place of every unit (see the module's docstring), and the indexes of the
    units whose labels that reading breaks."""
    readings = [_Reading(0.0, (), (), ())]
    inserted = frozenset(unit.line for unit in units if unit.inserted)
    announcing = frozenset(unit.line for unit in units if unit.announces)
    for index, unit in enumerate(units):
        following: dict[tuple[Stack, Stack, Place | None, Place, frozenset[str]],
                        _Reading] = {}
        previous = units[index - 1] if index else None
        for reading in readings:
            for step in _steps(reading, unit, index, previous, inserted, announcing):
                step = _homed(_in_section(reading, step, unit), unit)
                key = (step.old, step.new, step.places[-1], step.section, step.opened)
                if key not in following or step.cost < following[key].cost:
                    following[key] = step
        readings = sorted(following.values(), key=lambda r: r.cost)[:BEAM]
    return (readings[0].places, readings[0].broken) if readings else ((), ())


def _in_section(before: _Reading, after: _Reading, unit: Unit) -> _Reading:
    """A section heading sets the side of its section; in a section on one side, a clause on
    both sides costs `OUT_OF_SECTION` (the section's own clauses need no run of their own)."""
    place = after.places[-1]
    if _opens_section(unit, after):
        return replace(after, section=place)
    if before.section == "both":
        return after  # `_steps` makes every step with its section "both"
    if place == "both":
        return replace(after, cost=after.cost + OUT_OF_SECTION, section=before.section)
    if place == before.section and before.places[-1:] != (place,):
        after = replace(after, cost=after.cost - ONE_SIDE + RUN_ON)
    return replace(after, section=before.section)


def _homed(after: _Reading, unit: Unit) -> _Reading:
    """A section opens on its sides (`_steps` carries the sides opened before); a clause on a
    side no section has opened on yet, where the other side has one, costs `HOMELESS`: its
    text would stand in no section of its side (`I.` and `II.` read as struck, then a clause
    inserted after them)."""
    place = after.places[-1]
    sides = _BOTH if place == "both" else frozenset((place,))
    if unit.section:
        return after if sides <= after.opened else replace(after, opened=after.opened | sides)
    if after.opened and not sides <= after.opened:
        return replace(after, cost=after.cost + HOMELESS)
    return after


def _opens_section(unit: Unit, after: _Reading) -> bool:
    """The unit is a section heading: a section, or a roman label that closes every level."""
    if unit.section:
        return True
    place = after.places[-1]
    stack = after.old if place == "old" else after.new
    return len(stack) == 1 and stack[0][0] == "ROMAN"


def _steps(reading: _Reading, unit: Unit, index: int, previous: Unit | None,
           inserted: frozenset[int] = frozenset(),
           announcing: frozenset[int] = frozenset()) -> Iterator[_Reading]:
    old_cost, old_stack = _place(reading.old, unit.old_label, unit)
    new_cost, new_stack = _place(reading.new, unit.label, unit)
    last = reading.places[-1] if reading.places else None
    broken = (old_cost >= BREAK) + (new_cost >= BREAK)
    # Sides in step read the same label once: a list that starts late costs that once.
    both = old_cost if reading.old == reading.new and old_stack == new_stack else old_cost + new_cost
    if (unit.old_label and _parent(old_stack) != _parent(new_stack)
            and _parent(new_stack) not in inserted):
        # A clause on both sides under a parent on one side only; but a clause that holds a
        # moved sentence takes the list that followed it along (`1. ... are not limited to:`
        # then `2. ... may not be limited to:` and the list `a.` ... under it).
        both += DETACHED
    both += _unannounced(reading.old, old_stack, reading.new, announcing)
    both += _unannounced(reading.new, new_stack, reading.old, announcing)
    if unit.old_label != unit.label and both >= BREAK:
        both *= 2  # a doubled label was printed to fit both sequences
    both += MOVED_IN if unit.inserted else 0.0
    yield _Reading(reading.cost + both, old_stack, new_stack, (*reading.places, "both"),
                   (*reading.broken, index) if broken else reading.broken,
                   opened=reading.opened)
    if unit.old_label != unit.label:
        return
    if old_cost < BREAK:
        run = RUN_ON if last == "old" else ONE_SIDE + EARLIER_DELETION * index
        run += _detached(reading.old, old_stack, previous, announcing)
        run += _unannounced(reading.old, old_stack, reading.new, announcing)
        run += MOVED_IN if unit.inserted else 0.0
        yield _Reading(reading.cost + run + old_cost, old_stack, reading.new,
                       (*reading.places, "old"), reading.broken, opened=reading.opened)
    if new_cost < BREAK:
        run = RUN_ON if last == "new" else ONE_SIDE
        run += _detached(reading.new, new_stack, previous, announcing)
        run += _unannounced(reading.new, new_stack, reading.old, announcing)
        yield _Reading(reading.cost + run + new_cost, reading.old, new_stack,
                       (*reading.places, "new"), reading.broken, opened=reading.opened)


def _detached(before: Stack, after: Stack, previous: Unit | None,
              announcing: frozenset[int] = frozenset()) -> float:
    """`DETACHED` for a clause on one side that opens a list under a clause other than the one
    just before it: `b.`(new) `(1)` reads as `b.`'s own list, not one under an older clause.
    A clause of the kind of the one before it is its replacement, not a list: `A.`(old) `A.`;
    nor is a list under a clause that announced it with a colon where the one before did not."""
    if len(after) <= len(before) or previous is None or _parent(after) == previous.line:
        return 0.0
    if _parent(after) in announcing and previous.line not in announcing:
        return 0.0
    kind = after[-1][0]
    kinds = {k + ")" * previous.bracketed for k in _kinds(previous.label, previous)}
    return 0.0 if kind in kinds else DETACHED


def _unannounced(before: Stack, after: Stack, other: Stack, announcing: frozenset[int]) -> float:
    """`UNANNOUNCED` for a side that opens a list under a clause without a colon while the
    clause open on the other side has one: the list is the one that clause announced."""
    if len(after) <= len(before) or not before or not other:
        return 0.0
    parent, elsewhere = before[-1][2], other[-1][2]
    if parent in announcing or elsewhere not in announcing or parent == elsewhere:
        return 0.0
    return UNANNOUNCED


def _parent(stack: Stack) -> int | None:
    """The line of the unit a stack's last unit stands under."""
    return stack[-2][2] if len(stack) > 1 else None


def _place(stack: Stack, label: str, unit: Unit) -> tuple[float, Stack]:
    """The cost of the label on a side whose outline is `stack`, and the stack after it."""
    if not label:
        return 0.0, stack
    if unit.section and not unit.roman:
        return 0.0, (("section", label, unit.line),)
    best: tuple[float, Stack] | None = None
    for kind in _kinds(label, unit):
        found = _place_kind(stack, label, kind + ")" * unit.bracketed, unit)
        if best is None or found[0] < best[0]:
            best = found
    assert best is not None
    return best


def _place_kind(stack: Stack, label: str, kind: str, unit: Unit) -> tuple[float, Stack]:
    level = (kind, label, unit.line)
    depth = next((i for i, (open_kind, _, _) in enumerate(stack) if open_kind == kind), None)
    if depth is not None:
        fits = label == successor(stack[depth][1], kind.rstrip(")"))
        cost = 0.0 if fits else (SECTION_BREAK if depth == 0 and kind == "ROMAN" else BREAK)
        return cost, (*stack[:depth], level)
    first = label == FIRST_OF[kind.rstrip(")")]
    if kind.rstrip(")") in ("lower", "upper") and label in _ROMAN_OR_LETTER:
        return BREAK, (*stack, level)  # `i`, `v`, `x` start no letter list: a numeral
    if unit.section:  # a section heading opens the outline afresh
        return (0.0 if first else LATE_START), (level,)
    return (0.0 if first else LATE_START), (*stack, level)


def _kinds(label: str, unit: Unit) -> tuple[str, ...]:
    if unit.section:
        return ("ROMAN",)
    if label.isdigit():
        return ("digit",)
    if label.isupper():
        single = ("upper",) if len(label) == 1 else ()
        roman = ("ROMAN",) if set(label) <= _ROMAN_LETTERS else ()
        return (*single, *roman) or ("upper",)
    single = ("lower",) if len(label) == 1 else ()
    roman = ("roman",) if set(label) <= {c.lower() for c in _ROMAN_LETTERS} else ()
    return (*single, *roman) or ("lower",)


# --- which runs the labels vouch for ------------------------------------------------------------


def accepted(units: Sequence[Unit], places: Sequence[Place],
             items: dict[int, Item]) -> dict[int, Place]:
    """The first line of each unit kept on one side, with its side (see the module's docstring)."""
    runs = _runs(places)
    kept = [end - start >= 2 or _rewrite(units, places, start, end, items)
            or _beside_doubled(units, start, end) or units[start].inserted
            for start, end in runs]
    changed = True
    while changed:  # a run beside a kept run of the other side is its other half
        changed = False
        for number, (start, end) in enumerate(runs):
            if kept[number]:
                continue
            if any(0 <= other < len(runs) and kept[other] and _adjacent(runs, number, other)
                   and places[runs[other][0]] != places[start]
                   for other in (number - 1, number + 1)):
                kept[number] = changed = True
    found: dict[int, Place] = {}
    for (start, end), keep in zip(runs, kept, strict=True):
        if keep:
            found.update((units[i].line, places[i]) for i in range(start, end))
    return found


def _runs(places: Sequence[Place]) -> list[tuple[int, int]]:
    """Each maximal run of units on the same one side: (start, end) indexes."""
    runs: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(places) + 1):
        if index == len(places) or places[index] != places[start]:
            if places[start] != "both":
                runs.append((start, index))
            start = index
    return runs


def _beside_doubled(units: Sequence[Unit], start: int, end: int) -> bool:
    """A renumbered label just before or after the run: the label the run made change."""
    return any(0 <= i < len(units) and units[i].old_label != units[i].label
               for i in (start - 1, end))


def _adjacent(runs: Sequence[tuple[int, int]], one: int, two: int) -> bool:
    first, second = sorted((one, two))
    return runs[first][1] == runs[second][0]


def _rewrite(units: Sequence[Unit], places: Sequence[Place], start: int, end: int,
             items: dict[int, Item]) -> bool:
    """A lone one-sided clause beside a one-sided clause of the other side with its label and
    much of its wording: a clause and its rewrite."""
    for other in (start - 1, end):
        if not 0 <= other < len(units) or places[other] in ("both", places[start]):
            continue
        one, two = items.get(units[start].line), items.get(units[other].line)
        if one and two and one.label == two.label and shares_wording(one, two):
            return True
    return False


def item_units(roots: Sequence[Nested]) -> Iterator[tuple[Unit, Item]]:
    """The labelled clauses of a nested list, in document order."""
    for node in roots:
        item = node.item
        if item.label is not None:
            old_label = item.label if item.old_label is None else item.old_label
            yield Unit(item.line, item.label, old_label,
                       bracketed=item.bracketed, announces=announces(item)), item
        yield from item_units(node.children)


