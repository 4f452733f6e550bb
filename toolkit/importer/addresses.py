"""Addresses the format can hold: clause `1` of section `304.2-7` is not section `304.2-7.1`.

A dotted manual may number a section's own list `1.`, `2.`, `3.` and its subsections
`304.2-7.1`, `304.2-7.2`. Read as written, clause `1` and section `7.1` share one address,
which `policykit check` refuses (an address names one thing). Such a list keeps its labels
as the first words of its items (`1. Ensure that ...`) and its items go unlabelled: every
word stays where it was and every address is unique.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from toolkit.model import Clause, Section
from toolkit.tree import child_address


def unclash(sections: Sequence[Section]) -> tuple[Section, ...]:
    """The sections with every list whose address another section holds made unlabelled."""
    taken = {section.address for section in sections}
    return tuple(replace(section, children=_list(section.children, section.address, taken))
                 for section in sections)


def _list(clauses: tuple[Clause, ...], parent: str, taken: Collection[str]
          ) -> tuple[Clause, ...]:
    if not any(_clashes(clause, taken) for clause in clauses):
        return tuple(replace(clause, children=_list(clause.children, clause.address, taken))
                     for clause in clauses)
    unlabelled: list[Clause] = []
    for index, clause in enumerate(clauses, start=1):
        address = child_address(parent, None, index)
        text = clause.text if clause.label is None else f"{clause.label}. {clause.text}".rstrip()
        children = _list(_moved(clause.children, clause.address, address), address, taken)
        unlabelled.append(replace(clause, label=None, text=text, address=address,
                                  children=children))
    return tuple(unlabelled)


def _clashes(clause: Clause, taken: Collection[str]) -> bool:
    return clause.label is not None and clause.address in taken


def _moved(clauses: tuple[Clause, ...], old: str, new: str) -> tuple[Clause, ...]:
    return tuple(replace(clause, address=new + clause.address[len(old):],
                         children=_moved(clause.children, old, new))
                 for clause in clauses)
