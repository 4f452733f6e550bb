"""A readable outline of an import result, for golden fixture files."""

from __future__ import annotations

from toolkit.importer import ImportResult
from toolkit.importer.headings import section_addresses
from toolkit.model import Clause
from toolkit.tree import walk


def outline(result: ImportResult) -> str:
    """Sections, definitions and clauses of the new side, then changes, warnings and artifacts."""
    lines: list[str] = []
    addresses = section_addresses(result.scheme, result.policy, result.new.sections)
    for section, address in zip(result.new.sections, addresses, strict=True):
        lines.append(f"{section.number} {section.title}{_sanction(section.sanction)}".strip())
        if section.text:
            lines.append(f"  | {section.text}")
        for term in (d for d in result.new.definitions if d.section == address):
            lines.append(f"  {term.term}: {term.definition}{_sanction(term.sanction)}")
        for node in walk(section.children):
            assert isinstance(node, Clause)
            depth = node.address.count(".") - address.count(".")
            lines.append(f"{'  ' * depth}{node.address}{_sanction(node.sanction)} {node.text}")
    lines.extend(f"± {c.line} [-{c.old}-]{{+{c.new}+}} {c.rule}" for c in result.changes)
    lines.extend(f"! {w.line} {w.code}" for w in result.warnings)
    lines.extend(f"~ {a.line} {a.kind} {a.text}" for a in result.artifacts)
    return "\n".join(lines)


def _sanction(value: str | None) -> str:
    return f" {{sanction={value}}}" if value is not None else ""
