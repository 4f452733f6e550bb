"""Clause trees as plain JSON-ready dicts: the `policykit parse --json` contract.

    {"policy", "version", "title", "status", "effective", "supersedes", "amends", "notes",
     "source", "meta": {"related", "forms", "other_resources", "rescinds": [{id, title}]},
     "numbering", "scheme",
     "definitions": [{term, definition, line, section, sanction, id}],
     "sections": [NODE]}
    NODE = {address, label, title, text, sanction, id, line, children: [NODE]}
    a section NODE also has {number, level, nested_in}

A section node has label = its number (empty when unnumbered) and
title = its heading, `number` as the heading writes it (`III.`, `Chapter 3`, ""
when unnumbered), `level` its heading level and `nested_in` the address of the
section it is nested in (null at level 2); a clause has title null; an
unlabelled paragraph has label null. `numbering` is the scheme the front matter
names (null when none), `scheme` the one in effect. Keys are only ever added.
"""

from __future__ import annotations

from typing import Any

from toolkit.model import Clause, Definition, Meta, Node, Reference, Section, Version


def node_to_json(node: Node) -> dict[str, Any]:
    """One section or clause with its children."""
    return {**node_fields(node), "children": [node_to_json(child) for child in node.children]}


def node_fields(node: Node) -> dict[str, Any]:
    """A section's or clause's own fields, without its children."""
    fields = {
        "address": node.address,
        "label": node.label,
        "title": node.title if isinstance(node, Section) else None,
        "text": node.text,
        "sanction": node.sanction,
        "id": node.id,
        "line": node.line,
    }
    return fields | section_fields(node) if isinstance(node, Section) else fields


SECTION_KEYS = ("number", "level", "nested_in")
"""The keys only a section NODE has."""


def section_fields(section: Section) -> dict[str, Any]:
    """What a section has that a clause has not: its number as written, level and parent."""
    return {"number": section.number, "level": section.level, "nested_in": section.parent}


def definition_to_json(definition: Definition) -> dict[str, Any]:
    """One defined term."""
    return {
        "term": definition.term,
        "definition": definition.definition,
        "line": definition.line,
        "section": definition.section,
        "sanction": definition.sanction,
        "id": definition.id,
    }


def meta_to_json(meta: Meta) -> dict[str, list[dict[str, str]]]:
    """The header tables."""
    return {
        "related": _references(meta.related),
        "forms": _references(meta.forms),
        "other_resources": _references(meta.other_resources),
        "rescinds": _references(meta.rescinds),
    }


def version_to_json(version: Version) -> dict[str, Any]:
    """A whole version: header, definitions and section tree."""
    return {
        "policy": version.policy,
        "version": version.version,
        "title": version.title,
        "status": version.status,
        "effective": version.effective,
        "supersedes": version.supersedes,
        "amends": list(version.amends),
        "notes": version.notes,
        "source": version.source,
        "meta": meta_to_json(version.meta),
        "numbering": version.numbering,
        "scheme": version.scheme,
        "definitions": [definition_to_json(d) for d in version.definitions],
        "sections": [node_to_json(section) for section in version.sections],
    }


def _references(references: tuple[Reference, ...]) -> list[dict[str, str]]:
    return [{"id": reference.id, "title": reference.title} for reference in references]


def format_outline(version: Version) -> str:
    """A readable outline, one line per node: `31   2-55-4.A [sanction=7] text`.

    The first column is the source line; nesting shows as two spaces per level.
    Section text follows its heading after `|`; paragraphs are joined by ` ¶ `.
    """
    lines = [_header_line(version)]
    for key, references in meta_to_json(version.meta).items():
        lines.extend(
            f"  {' '.join(filter(None, (key, ref['id'])))}: {ref['title']}".rstrip()
            for ref in references
        )
    for section in version.sections:
        depth = section.level - 2  # a nested dotted section indents like a child
        lines.append(f"{section.line} {'  ' * depth}{_section_heading(section)}{_tags(section)}")
        if section.text:
            lines.append(f"  {'  ' * depth}| {_flat(section.text)}")
        for definition in version.definitions:
            if definition.section == section.address:
                lines.append(
                    f"{definition.line}   {'  ' * depth}{definition.term}:{_tags(definition)} "
                    f"{_flat(definition.definition)}".rstrip()
                )
        lines.extend(_clause_lines(section.children, depth + 1))
    return "\n".join(lines)


def _section_heading(section: Section) -> str:
    """`2-55-4 Title`; where the address is not the number, it comes first: `G03-02.III III. Title`."""
    if section.address == section.number:
        return section.heading
    return f"{section.address} {section.heading}".rstrip()


def _header_line(version: Version) -> str:
    facts: list[str] = [version.status]
    if version.effective:
        facts.append(version.effective)
    if version.supersedes:
        facts.append(f"supersedes {version.supersedes}")
    return f"{version.policy}@{version.version} ({', '.join(facts)}) {version.title}"


def _clause_lines(clauses: tuple[Clause, ...], depth: int) -> list[str]:
    lines: list[str] = []
    for clause in clauses:
        indent = "  " * depth
        text = f"{clause.line} {indent}{clause.address}{_tags(clause)} {_flat(clause.text)}"
        lines.append(text.rstrip())
        lines.extend(_clause_lines(clause.children, depth + 1))
    return lines


def _tags(node: Node | Definition) -> str:
    tags = [f"#{node.id}"] if node.id else []
    if node.sanction is not None:
        tags.append(f"sanction={node.sanction}")
    return f" [{' '.join(tags)}]" if tags else ""


def _flat(text: str) -> str:
    return text.replace("\n\n", " ¶ ")
