"""Stage 8: clause lists that `policykit check` accepts, every word kept.

Real manuals break their own lists (a list that restarts, `B.` after `D.`, a label
alone on its line with nothing after it); the nesting stage keeps what the text
says, and says so in warnings. A version file must still check clean, so a clause
whose label does not continue its siblings' sequence (each list runs 1, 2, 3 or
A, B, C or i, ii, iii from its first) becomes an unlabelled paragraph in place
that starts with its label as written: no word moves, none is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from toolkit.importer.headings import roman_value
from toolkit.model import Clause, Section

Ordinal = Callable[[str], int | None]


def _letter(label: str) -> int | None:
    """a=1 … z=26, then aa=27 … zz=52, as the checker counts."""
    lower = label.lower()
    if len(lower) == 1 and lower.isalpha() and lower.isascii():
        return ord(lower) - ord("a") + 1
    if len(lower) == 2 and lower[0] == lower[1] and lower.isalpha() and lower.isascii():
        return 26 + ord(lower[0]) - ord("a") + 1
    return None


_STYLES: tuple[Ordinal, ...] = (
    lambda s: int(s) if s.isdigit() else None,
    lambda s: _letter(s) if s.isupper() else None,
    lambda s: _letter(s) if s.islower() else None,
    lambda s: roman_value(s) if s.isupper() and s.isalpha() else None,
    lambda s: roman_value(s.upper()) if s.islower() and s.isalpha() else None,
)


def conform_sections(sections: Sequence[Section]) -> tuple[Section, ...]:
    """Each section's clauses conformed; a section's list may go on counting from the last
    section's list of the same style (`5.`, `6.` after a section that ended at `4.`: paragraphs
    numbered through a chapter, as New Orleans' manual numbers them), as `policykit check`
    allows."""
    out: list[Section] = []
    counted: tuple[Ordinal, int] | None = None
    for section in sections:
        children = conform_clauses(section.children, section.line, counted)
        out.append(replace(section, children=children))
        counted = _last_count(children, counted)
    return tuple(out)


def _last_count(clauses: Sequence[Clause], counted: tuple[Ordinal, int] | None
                ) -> tuple[Ordinal, int] | None:
    """The style and last ordinal of a section's kept list; the one before where it has none."""
    labels = [clause.label for clause in clauses if clause.label is not None]
    if not labels:
        return counted
    style = next((style for style in _STYLES if all(style(label) is not None
                                                     for label in labels)), None)
    last = style(labels[-1]) if style else None
    return (style, last) if style and last is not None else counted


def conform_clauses(clauses: Sequence[Clause], heading: int = 0,
                    counted: tuple[Ordinal, int] | None = None) -> tuple[Clause, ...]:
    """Each list's clauses that run in sequence keep their labels; the others are paragraphs.
    The list's style is the one that keeps the most labels. On a tie, it is the style of the
    first label that counts 1 below the section's `heading` line (a preamble's `1.`, `2.`,
    kept as the section's text above its heading, give way to the section's own `A.`, `B.`),
    else of the first label that counts 1: the list as it reads from its first."""
    children = [replace(clause, children=conform_clauses(clause.children)) for clause in clauses]
    labels = [clause.label if _has_content(clause) else None for clause in children]
    below = [label for label, clause in zip(labels, children, strict=True)
             if label is not None and clause.line > heading]
    candidates = dict.fromkeys(style for label in (*below, *labels) if label is not None
                               for style in _first_styles(label))
    style = max(candidates, key=lambda style: len(_in_sequence(labels, style)), default=None)
    kept = _in_sequence(labels, style) if style else set()
    first = next((label for label in labels if label is not None), None)
    if counted and first is not None and counted[0](first) == counted[1] + 1 > 1:
        going_on = _in_sequence(labels, counted[0], counted[1] + 1)
        if len(going_on) > len(kept):  # the list goes on from the last section's count
            kept = going_on
    return tuple(clause if index in kept or clause.label is None else _as_paragraph(clause)
                 for index, clause in enumerate(children))


def _in_sequence(labels: Sequence[str | None], style: Ordinal, start: int = 1) -> set[int]:
    """The indexes of the labels that count `start`, `start + 1`, ... in this style, in turn."""
    kept: set[int] = set()
    expected = start
    for index, label in enumerate(labels):
        if label is not None and style(label) == expected:
            expected += 1
            kept.add(index)
    return kept


def _first_styles(label: str) -> list[Ordinal]:
    """The styles in which the label counts 1, the likelier first (`i` is roman here, `a` a
    letter)."""
    return [style for style in reversed(_STYLES) if style(label) == 1]


def _has_content(clause: Clause) -> bool:
    return bool(clause.text or clause.children)


def _as_paragraph(clause: Clause) -> Clause:
    text = f"{clause.label}. {clause.text}".strip() if clause.label else clause.text
    return replace(clause, label=None, text=text)
