"""Clause trees as plain JSON-ready dicts: the `policykit parse --json` contract.

    {"policy", "version", "title", "status", "effective", "supersedes", "amends", "notes",
     "source", "kind": "version"|"amended",
     "in_force": {"from", "until", "replaced_by", "amended_by": [name]},
     "meta": {"related", "forms", "other_resources", "rescinds": [{id, title}]},
     "definitions": [{term, definition, line, section, sanction, id}],
     "sections": [NODE]}
    NODE = {address, label, title, text, sanction, id, line, children: [NODE]}

A section node has label = its number and title = its heading; a clause has
title null; an unlabelled paragraph has label null. Keys are only ever added.
"""

from __future__ import annotations

from typing import Any

from toolkit.model import Clause, Definition, Meta, Node, Reference, Section, Version


def node_to_json(node: Node) -> dict[str, Any]:
    """One section or clause with its children."""
    return {**node_fields(node), "children": [node_to_json(child) for child in node.children]}


def node_fields(node: Node) -> dict[str, Any]:
    """A section's or clause's own fields, without its children."""
    return {
        "address": node.address,
        "label": node.label,
        "title": node.title if isinstance(node, Section) else None,
        "text": node.text,
        "sanction": node.sanction,
        "id": node.id,
        "line": node.line,
    }


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
        "kind": version.kind,
        "in_force": in_force_to_json(version),
        "meta": meta_to_json(version.meta),
        "definitions": [definition_to_json(d) for d in version.definitions],
        "sections": [node_to_json(section) for section in version.sections],
    }


def in_force_to_json(version: Version) -> dict[str, Any]:
    """When the text was in force: from its date until the next state's (null: not known,
    or nothing followed it), what followed it, and the amendments it carries."""
    return {
        "from": version.effective,
        "until": version.in_force_until,
        "replaced_by": version.replaced_by,
        "amended_by": list(version.amended_by),
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
        heading = f"{section.number} {section.title}".rstrip()
        lines.append(f"{section.line} {heading}{_tags(section)}")
        if section.text:
            lines.append(f"  | {_flat(section.text)}")
        for definition in version.definitions:
            if definition.section == section.number:
                lines.append(
                    f"{definition.line}   {definition.term}:{_tags(definition)} "
                    f"{_flat(definition.definition)}".rstrip()
                )
        lines.extend(_clause_lines(section.children, 1))
    return "\n".join(lines)


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
