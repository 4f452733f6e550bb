"""Walking and addressing clause trees."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from toolkit.model import Clause, Node, Section, Version


def child_address(parent: str, label: str | None, paragraph_index: int) -> str:
    """The address of a child: `parent.label`, or `parent.p<n>` for the n-th unlabelled paragraph."""
    return f"{parent}.{label}" if label is not None else f"{parent}.p{paragraph_index}"


def walk(nodes: tuple[Node, ...] | tuple[Clause, ...]) -> Iterator[Node]:
    """Every node in document order, parents before children."""
    for node in nodes:
        yield node
        yield from walk(node.children)


def walk_version(version: Version) -> Iterator[Node]:
    """Every section and clause of a version in document order."""
    return walk(version.sections)


def index_by_address(version: Version) -> dict[str, Node]:
    """Map each address of a version to its node."""
    return {node.address: node for node in walk_version(version)}


def is_section(node: Node) -> bool:
    return isinstance(node, Section)


def enclosing(sections: Sequence[Section], level: int) -> Section | None:
    """The nearest earlier section with a shallower heading: the one a section of `level`
    nests in; none at level 2 (without this, a long flat manual would scan back to its start
    each time)."""
    if level <= 2:
        return None
    return next((s for s in reversed(sections) if s.level < level), None)
