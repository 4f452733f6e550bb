"""Clause tree to policy markdown in canonical form (what `policykit fmt` writes).

Canonical form: front matter keys in a fixed order, one line per paragraph,
two spaces of indent per nesting level, attributes at the end of a node's first
paragraph. Clause text is written verbatim (it is already markdown source);
only a paragraph start that would change the block structure is escaped.

Invariant (tested): parse_version(write_markdown(v)) equals v apart from line
numbers and source, and writing is idempotent.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import yaml

from toolkit.model import Clause, Definition, Reference, Section, Version
from toolkit.parse import escape_paragraph_start, load_front_matter_yaml

INDENT = "  "
"""One nesting level."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def write_markdown(version: Version) -> str:
    """The canonical markdown of a version."""
    blocks = [_front_matter(version)]
    addresses = [section.address for section in version.sections]
    for section in version.sections:
        # A definition whose section is missing still gets written: in the last section.
        definitions = [
            d
            for d in version.definitions
            if d.section == section.address
            or (d.section not in addresses and section.address == addresses[-1])
        ]
        blocks.append("\n".join(_section_lines(section, definitions)))
    return "\n\n".join(blocks) + "\n"


def without_positions(version: Version) -> Version:
    """The version with every line number 0 and no source: what "the same tree" compares."""
    return dataclasses.replace(
        version,
        source="",
        definitions=tuple(dataclasses.replace(d, line=0) for d in version.definitions),
        sections=tuple(
            dataclasses.replace(s, line=0, children=_clauses_without_lines(s.children))
            for s in version.sections
        ),
    )


def _clauses_without_lines(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    return tuple(
        dataclasses.replace(c, line=0, children=_clauses_without_lines(c.children)) for c in clauses
    )


# --- front matter -----------------------------------------------------------------------------


def _front_matter(version: Version) -> str:
    fields: dict[str, Callable[[], Iterator[str]]] = {
        "id": lambda: _scalar_line("id", version.policy),
        "title": lambda: _scalar_line("title", version.title),
        "version": lambda: _scalar_line("version", version.version),
        "status": lambda: _scalar_line("status", version.status),
        "effective": lambda: _effective_line(version.effective),
        "supersedes": lambda: _scalar_line("supersedes", version.supersedes),
        "amends": lambda: _list_line("amends", version.amends),
        "numbering": lambda: _scalar_line("numbering", version.numbering),
        "related": lambda: _reference_lines("related", version.meta.related),
        "forms": lambda: _reference_lines("forms", version.meta.forms),
        "other_resources": lambda: _reference_lines(
            "other_resources", version.meta.other_resources
        ),
        "rescinds": lambda: _reference_lines("rescinds", version.meta.rescinds),
        "notes": lambda: _scalar_line("notes", version.notes or None),
    }
    lines = [line for write in fields.values() for line in write()]
    return "\n".join(["---", *lines, "---"])


def _scalar_line(key: str, value: str | None) -> Iterator[str]:
    if value is not None or key in ("effective",):
        yield f"{key}: {_yaml_scalar(value)}" if value is not None else f"{key}:"


def _effective_line(value: str | None) -> Iterator[str]:
    if value is not None and _ISO_DATE.fullmatch(value):
        yield f"effective: {value}"
    else:
        yield from _scalar_line("effective", value)


def _list_line(key: str, values: tuple[str, ...]) -> Iterator[str]:
    if values:
        yield f"{key}: [{', '.join(_yaml_scalar(value, flow=True) for value in values)}]"


def _reference_lines(key: str, references: tuple[Reference, ...]) -> Iterator[str]:
    if not references:
        yield f"{key}: []"  # the SOP header always has these tables, "None" included
        return
    yield f"{key}:"
    for reference in references:
        id_text = _yaml_scalar(reference.id, flow=True)
        title_text = _yaml_scalar(reference.title, flow=True)
        yield f"  - {{id: {id_text}, title: {title_text}}}"


def _yaml_scalar(value: str, flow: bool = False) -> str:
    """The shortest spelling of value that every YAML reader loads back as this same string."""
    candidates = (
        value,
        json.dumps(value, ensure_ascii=False),
        yaml.safe_dump(value, default_style='"', allow_unicode=False, width=2**30).strip(),
    )
    for candidate in candidates:
        if candidate and _loads_back(candidate, value, flow):
            return candidate
    return candidates[-1]


def _loads_back(candidate: str, value: str, flow: bool) -> bool:
    document = f"k: [{candidate}]" if flow else f"k: {candidate}"
    expected: dict[str, Any] = {"k": [value] if flow else value}
    try:
        return bool(
            yaml.safe_load(document) == expected and load_front_matter_yaml(document) == expected
        )
    except (yaml.YAMLError, ValueError):
        return False


# --- body -------------------------------------------------------------------------------------


def _section_lines(section: Section, definitions: list[Definition]) -> Iterator[str]:
    yield _heading(section)
    for paragraph in _paragraphs(section.text):
        yield ""
        yield escape_paragraph_start(paragraph)
    if definitions or section.children:
        yield ""
    for definition in definitions:
        yield from _definition_lines(definition)
    previous = ""
    for line in (line for clause in section.children for line in _clause_lines(clause, 0)):
        # A bare `-` right under a paragraph line would underline it as a heading.
        if line.strip(" ") in ("-", "*") and previous.strip(" ") not in ("", "-", "*"):
            yield ""
        yield line
        previous = line


def _heading(section: Section) -> str:
    attributes = _attributes(section.id, section.sanction)
    text = section.heading
    if not attributes and re.search(r"(?:^|\s)#+$", text):
        attributes = " #"  # an explicit closing sequence keeps a trailing '#' in the title
    return f"{'#' * section.level} {text}{attributes}"


def _definition_lines(definition: Definition) -> Iterator[str]:
    first, *rest = _paragraphs(definition.definition) or [""]
    start = f"- **{definition.term}:** {first}".rstrip(" ")
    yield start + _attributes(definition.id, definition.sanction)
    yield from _continuation(rest, 0)


def _clause_lines(clause: Clause, depth: int) -> Iterator[str]:
    indent = INDENT * depth
    first, *rest = _paragraphs(clause.text) or [""]
    attributes = _attributes(clause.id, clause.sanction)
    if clause.label is not None:
        start = f"- **{clause.label}.** {first}".rstrip(" ") + attributes
    else:
        # Escape by what the whole line would be: `--- {sanction=5}` is no rule, `---` is.
        body = escape_paragraph_start((first + attributes).lstrip(" "))
        # `- --` would be a rule, not an item; a `*` bullet keeps it an item with the same text.
        marker = "*" if re.fullmatch(r"-(?:[ \t]*-){2,}[ \t]*", f"- {body}") else "-"
        start = f"{marker} {body}".rstrip(" ")
    yield indent + start
    yield from _continuation(rest, depth)
    if rest and clause.children:
        yield ""
    for child in clause.children:
        yield from _clause_lines(child, depth + 1)


def _continuation(paragraphs: list[str], depth: int) -> Iterator[str]:
    for paragraph in paragraphs:
        yield ""
        yield INDENT * (depth + 1) + escape_paragraph_start(paragraph)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs joined by a blank line; a stray line break (from the importer) becomes a space."""
    if not text:
        return []
    first, *rest = (_LINE_BREAK.sub(" ", part).strip(" \t") for part in _BLANK_LINES.split(text))
    return [first, *(part for part in rest if part)]


def _attributes(node_id: str | None, sanction: str | None) -> str:
    parts = [f"#{node_id}"] if node_id else []
    if sanction is not None:
        parts.append(f"sanction={_attribute_value(sanction)}")
    return f" {{{' '.join(parts)}}}" if parts else ""


def _attribute_value(value: str) -> str:
    return value if value and re.fullmatch(r"[^\s\"{}]+", value) else f'"{value}"'


# --- files ------------------------------------------------------------------------------------
