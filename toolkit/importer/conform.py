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
    return tuple(replace(section, children=conform_clauses(section.children))
                 for section in sections)


def conform_clauses(clauses: Sequence[Clause]) -> tuple[Clause, ...]:
    """Each list's clauses that run in sequence keep their labels; the others are paragraphs."""
    style: Ordinal | None = None
    expected = 1
    kept: list[Clause] = []
    for clause in clauses:
        clause = replace(clause, children=conform_clauses(clause.children))
        if clause.label is None:
            kept.append(clause)
            continue
        if style is None:
            style = _first_style(clause.label)
        if style is not None and style(clause.label) == expected and _has_content(clause):
            expected += 1
            kept.append(clause)
        else:
            kept.append(_as_paragraph(clause))
    return tuple(kept)


def _first_style(label: str) -> Ordinal | None:
    """The style in which the label counts 1 (`i` is roman here, `a` a letter)."""
    ones = [style for style in _STYLES if style(label) == 1]
    return ones[-1] if ones else None


def _has_content(clause: Clause) -> bool:
    return bool(clause.text or clause.children)


def _as_paragraph(clause: Clause) -> Clause:
    text = f"{clause.label}. {clause.text}".strip() if clause.label else clause.text
    return replace(clause, label=None, text=text)
