"""Amendments: special orders that change parts of a version, and the text they leave in force.

    <name>.md (kind: amendment) --front matter, `## <operation> <address>` blocks--> Amendment
    Version + Amendments --replace / insert-after / remove, by address--> amended Version

An amendment file holds only what the order changes. Each operation's text is
policy markdown, read by `toolkit.parse` as if it stood in the section it
lands in, so clauses are written exactly as in a version file. Addresses name
sections and clauses of the version amended, never of the amended result.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from toolkit.errors import LibraryError, ParseError, PolicyKitError
from toolkit.files import is_safe_name, read_text_file
from toolkit.model import (
    OPERATION_KINDS,
    Amendment,
    Clause,
    Operation,
    OperationKind,
    Section,
    Version,
)
from toolkit.parse import (
    did_you_mean,
    load_front_matter_mapping,
    load_front_matter_yaml,
    parse_version,
)
from toolkit.tree import child_address, index_by_address

AMENDMENT_KEYS = ("id", "kind", "version", "number", "title", "amends", "effective", "notes")
"""Front matter keys of an amendment file, in the order the docs list them."""
_REQUIRED = ("id", "kind", "version", "number", "title", "amends")
_OPERATION = re.compile(r"^##[ \t]+(\S+)(?:[ \t]+(\S+))?[ \t]*$")
_KIND_LINE = re.compile(r"^kind[ \t]*:[ \t]*[\"']?amendment[\"']?[ \t]*(?:#.*)?$")
# What parse_version needs before the body: seven lines, so lines map back by one offset.
_STUB = "---\nid: x\ntitle: x\nversion: x\nstatus: draft\neffective:\n---\n"
_STUB_LINES = 7
_DEEPER_HEADING = re.compile(r"^###+ ")
"""A new section's heading (`###`), or a subsection's under it (`####`): each one level up in
the text it joins."""


def is_amendment_text(text: str) -> bool:
    """True when the front matter says `kind: amendment` (block or flow style)."""
    lines = text.removeprefix("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return False
    end = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "...")),
               len(lines))
    if any(_KIND_LINE.match(line.rstrip()) for line in lines[1:end]):
        return True
    front = "\n".join(lines[1:end])
    if "amendment" not in front and "\\" not in front:
        return False  # no YAML spelling of `kind: amendment` lacks both (the YAML parse is slow)
    import yaml  # for its errors; a plain front matter is read without it (issue 14)

    try:
        data = load_front_matter_yaml(front)
    except (yaml.YAMLError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and data.get("kind") == "amendment"


def is_amendment_file(path: Path) -> bool:
    """True for a markdown file whose front matter says `kind: amendment`."""
    try:
        return is_amendment_text(read_text_file(path))
    except PolicyKitError:
        return False


def read_amendment(path: Path) -> Amendment:
    """Read and parse one amendment file; ParseError names the line of any problem."""
    text = read_text_file(path)
    return parse_amendment(text.removeprefix("\ufeff"), str(path))


def parse_amendment(text: str, source: str = "<string>") -> Amendment:
    """Parse the markdown of one amendment."""
    lines = text.split("\n")
    end = _front_matter_end(lines, source)
    front = _Front(load_front_matter_mapping("\n".join(lines[1:end]), source), tuple(lines[1:end]), source)
    body = _operations(lines, end + 1, source, front.optional("id") or "x")
    return Amendment(
        policy=front.text("id"),
        name=front.text("version"),
        number=front.text("number"),
        title=front.text("title"),
        amends=front.text("amends"),
        effective=_date(front),
        operations=tuple(body),
        source=source,
        notes=front.optional("notes") or "",
    )


# --- front matter -----------------------------------------------------------------------------


def _front_matter_end(lines: list[str], source: str) -> int:
    if not lines or lines[0].rstrip() != "---":
        raise ParseError("missing front matter: the file must start with a '---' line", source, 1)
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return index
    raise ParseError("front matter is never closed: end it with a '---' line", source, 1)


@dataclass(frozen=True)
class _Front:
    data: dict[str, Any]
    lines: tuple[str, ...]
    source: str

    def __post_init__(self) -> None:
        for key in self.data:
            if key not in AMENDMENT_KEYS:
                hint = did_you_mean(key, AMENDMENT_KEYS)
                raise self.error(key, f'unknown amendment key "{key}"{hint}')
        for key in _REQUIRED:
            if key not in self.data:
                raise ParseError(f'amendment lacks the required key "{key}"', self.source, 1)

    def line_of(self, key: str) -> int:
        pattern = re.compile(rf"^{re.escape(key)}\s*:")
        return next((i + 2 for i, line in enumerate(self.lines) if pattern.match(line)), 1)

    def error(self, key: str, message: str) -> ParseError:
        return ParseError(message, self.source, self.line_of(key))

    def optional(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None or isinstance(value, str):
            return value.strip() if isinstance(value, str) and value.strip() else None
        raise self.error(key, f'amendment key "{key}" must be text')

    def text(self, key: str) -> str:
        value = self.optional(key)
        if not value:
            raise self.error(key, f'amendment key "{key}" is empty')
        return value


def _date(front: _Front) -> str | None:
    value = front.optional("effective")
    try:
        if value is not None and date.fromisoformat(value).isoformat() == value:
            return value
    except ValueError:
        pass
    if value is None:
        return None
    raise front.error("effective", f'effective date "{value}" is not a date (YYYY-MM-DD)')


# --- operations -------------------------------------------------------------------------------


def _operations(lines: list[str], start: int, source: str, policy: str) -> Iterator[Operation]:
    """Each `## <operation> <address>` heading with the text under it; `policy` is the id of
    the policy amended, whose scheme addresses the new sections."""
    headings = [i for i in range(start, len(lines)) if lines[i].startswith("## ")]
    stray = next((i for i in range(start, headings[0] if headings else len(lines))
                  if lines[i].strip()), None)
    if stray is not None:
        raise ParseError("text before the first operation; start one with "
                         "'## replace <address>', '## insert-after <address>' or "
                         "'## remove <address>'", source, stray + 1)
    for position, at in enumerate(headings):
        end = headings[position + 1] if position + 1 < len(headings) else len(lines)
        yield _operation(lines[at], at + 1, lines[at + 1 : end], source, policy)


def _operation(heading: str, line: int, content: list[str], source: str, policy: str
               ) -> Operation:
    match = _OPERATION.match(heading)
    if not match or match.group(2) is None:
        raise ParseError("an operation heading is '## <operation> <address>'", source, line)
    word, address = match.group(1), match.group(2)
    kind = _kind(word, source, line)
    has_text = any(text.strip() for text in content)
    if kind == "remove":
        if has_text:
            raise ParseError(f"remove {address} takes no text", source, line)
        return Operation(kind, address, line)
    if not has_text:
        raise ParseError(f"{kind} {address} needs the new text under it", source, line)
    return Operation(kind, address, line, _nodes(address, content, source, line, policy))


def _kind(word: str, source: str, line: int) -> OperationKind:
    for kind in OPERATION_KINDS:
        if word == kind:
            return kind
    hint = did_you_mean(word, OPERATION_KINDS)
    raise ParseError(f'unknown operation "{word}"{hint}; use replace, insert-after or remove',
                     source, line)


def _nodes(address: str, content: list[str], source: str, line: int, policy: str
           ) -> tuple[Section | Clause, ...]:
    """The new sections (`### <number> <title>` each) or clauses (a list), read by the parser.
    An operation on a section of any scheme (`G03-02.II`, `300.3`) writes its sections so."""
    first = next((text for text in content if text.strip()), "")
    if is_section_address(address) or first.startswith("### "):
        return _sections(address, content, source, line, policy)
    return _clauses(address, content, source, line)


def _sections(address: str, content: list[str], source: str, line: int, policy: str
              ) -> tuple[Section, ...]:
    first = next(text for text in content if text.strip())
    if not first.startswith("### "):
        raise ParseError(f'write each new section as "### <number> <title>" under the '
                         f"operation on {address}", source, line)
    # `### 2-55-5 Title` in the amendment is a section heading of the new text, addressed as
    # the policy's scheme addresses it (`### III. Scope` of G03-02 is G03-02.III).
    body = [text[1:] if _DEEPER_HEADING.match(text) else text for text in content]
    return _parse_body(body, source, line + 1 - (_STUB_LINES + 1), policy).sections


def _clauses(address: str, content: list[str], source: str, line: int) -> tuple[Clause, ...]:
    # The clauses are read as the children of a stand-in for the section they land in.
    section = address.split(".", 1)[0]
    found = _parse_body([f"## {section} x", *content], source, line - (_STUB_LINES + 1)).sections[0]
    if found.text or not found.children:
        raise ParseError(f"write the new text for {address} as clauses in a list "
                         "('- **E.** …')", source, line)
    return found.children


def _parse_body(body: list[str], source: str, offset: int, policy: str = "x") -> Version:
    """Parse operation text as a version body; lines in the result are the amendment's."""
    stub = _STUB.replace("id: x", f"id: {policy}") if is_safe_name(policy) else _STUB
    try:
        version = parse_version(stub + "\n".join(body), source)
    except ParseError as error:
        raise ParseError(error.message, source, (error.line or 1) + offset) from None
    return replace(version, sections=tuple(_moved(s, offset) for s in version.sections))


def _moved(node: Any, offset: int) -> Any:
    return replace(node, line=node.line + offset,
                   children=tuple(_moved(child, offset) for child in node.children))


def is_section_address(address: str) -> bool:
    """A section number (`2-55-4`) rather than a clause address (`2-55-4.A`)."""
    return "." not in address


# --- the amended text -------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something wrong with one operation of one amendment."""

    amendment: Amendment
    line: int
    message: str


def address_problems(amendment: Amendment, version: Version) -> list[Problem]:
    """Operations naming an address the amended version does not have."""
    known = index_by_address(version)
    problems: list[Problem] = []
    for operation in amendment.operations:
        if operation.address not in known:
            hint = did_you_mean(operation.address, known)
            problems.append(Problem(amendment, operation.line,
                                    f"{operation.kind} {operation.address}: version "
                                    f"{version.version} has no {_what(operation, version)} "
                                    f"{operation.address}{hint}"))
    return problems


def repeated_section_problems(amendments: Sequence[Amendment], version: Version
                              ) -> list[Problem]:
    """New sections whose address the amended text already holds (`### IV. Cameras` inserted
    where IV. stands): two parts under one address, which no version may have."""
    return _repeated_in(amendments, version, _Plan.of(amendments).apply(version.sections))


def _repeated_in(amendments: Sequence[Amendment], version: Version,
                 amended: Sequence[Section]) -> list[Problem]:
    """`repeated_section_problems`, the amendments' plan already applied (`amended`)."""
    seen = Counter(section.address for section in amended)
    return [Problem(amendment, operation.line,
                    f"{operation.kind} {operation.address}: the new section "
                    f'"{node.heading}" has the address {node.address}, which the amended '
                    f"text of version {version.version} already holds")
            for amendment in amendments for operation in amendment.operations
            for node in operation.nodes
            if isinstance(node, Section) and seen[node.address] > 1]


def _what(operation: Operation, version: Version) -> str:
    """What the unknown address would name: a section where the operation writes sections,
    where it is an APD number (`2-55-9`) or the policy id and one more part (`G03-02.V`,
    `300.9`); else a clause."""
    parent = operation.address.rpartition(".")[0]
    if is_section_address(operation.address) or parent == version.policy \
            or any(isinstance(node, Section) for node in operation.nodes):
        return "section"
    return "clause"


def conflict_problems(amendments: Sequence[Amendment]) -> list[Problem]:
    """Operations that act on the part another one replaces or removes, or on a part inside it
    (or that replace or remove a part holding another's target), in either order.

    Two orders in force together must not both rewrite the same clause (or one a clause
    inside the other's): which text would be in force is then a matter of reading order.
    """
    taken: list[tuple[Amendment, Operation]] = []
    problems: list[Problem] = []
    for amendment in amendments:
        for operation in amendment.operations:
            clash = next(((other, op) for other, op in taken
                          if _overlap(op, operation)), None)
            if clash is not None:
                other, op = clash
                where = "this amendment" if other is amendment else f"{other.source}"
                problems.append(Problem(amendment, operation.line,
                                        f"{operation.kind} {operation.address} conflicts with "
                                        f"{op.kind} {op.address} in {where} "
                                        f"(line {op.line})"))
            else:
                taken.append((amendment, operation))
    return problems


def _overlap(earlier: Operation, later: Operation) -> bool:
    """True when the two act on one part, or one on a part inside what the other replaces or
    removes. Inserting after a part that is replaced (the new text follows the replacement),
    or twice after one part, is fine."""
    for outer, inner in ((earlier, later), (later, earlier)):
        if outer.kind != "insert-after" and inner.address.startswith(f"{outer.address}."):
            return True
    if earlier.address != later.address:
        return False
    return {earlier.kind, later.kind} not in ({"insert-after", "replace"}, {"insert-after"})


def apply_amendments(version: Version, amendments: Sequence[Amendment]) -> Version:
    """The text of `version` as `amendments` (oldest first) left it: an `amended` state.

    Raises LibraryError (naming the amendment's file and line) for an unknown address, two
    operations on the same part, or a new section under an address the text already holds.
    """
    problems = [p for a in amendments for p in address_problems(a, version)]
    problems += conflict_problems(amendments)
    amended = _Plan.of(amendments).apply(version.sections)
    problems += _repeated_in(amendments, version, amended)
    if problems:
        first = min(problems, key=lambda p: (p.amendment.source, p.line))
        raise LibraryError(first.message, first.amendment.source, first.line)
    sections = tuple(_readdress_section(s) for s in amended)
    last = amendments[-1] if amendments else None
    return replace(
        version,
        version=last.name if last else version.version,
        kind="amended" if last else version.kind,
        effective=last.effective if last else version.effective,
        supersedes=None if last else version.supersedes,
        notes=last.notes if last else version.notes,
        amended_by=tuple(a.name for a in amendments),
        sections=sections,
    )


@dataclass(frozen=True)
class _Plan:
    replaced: dict[str, tuple[Section | Clause, ...]]
    removed: frozenset[str]
    inserted: dict[str, tuple[Section | Clause, ...]]

    @classmethod
    def of(cls, amendments: Sequence[Amendment]) -> _Plan:
        replaced: dict[str, tuple[Section | Clause, ...]] = {}
        inserted: dict[str, tuple[Section | Clause, ...]] = {}
        removed: set[str] = set()
        for operation in (op for a in amendments for op in a.operations):
            if operation.kind == "replace":
                replaced[operation.address] = operation.nodes
            elif operation.kind == "remove":
                removed.add(operation.address)
            else:
                inserted[operation.address] = inserted.get(operation.address, ()) + operation.nodes
        return cls(replaced, frozenset(removed), inserted)

    def apply(self, nodes: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for node in nodes:
            if node.address in self.replaced:
                out.extend(self.replaced[node.address])
            elif node.address not in self.removed:
                out.append(replace(node, children=tuple(self.apply(node.children))))
            out.extend(self.inserted.get(node.address, ()))
        return out


def _readdress_section(section: Section) -> Section:
    return replace(section, children=_readdress(section.children, section.address))


def _readdress(children: tuple[Clause, ...], parent: str) -> tuple[Clause, ...]:
    """Addresses as the parser would give them in the amended text (labels are data)."""
    seen: dict[str, int] = {}
    paragraphs = 0
    out: list[Clause] = []
    for child in children:
        if child.label is None:
            paragraphs += 1
            address = child_address(parent, None, paragraphs)
        else:
            seen[child.label] = seen.get(child.label, 0) + 1
            label = child.label if seen[child.label] == 1 else f"{child.label}~{seen[child.label]}"
            address = child_address(parent, label, 0)
        out.append(replace(child, address=address, children=_readdress(child.children, address)))
    return tuple(out)
