"""The examples on site/authoring.md say what the parser really does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.parse import parse_version
from toolkit.tree_json import format_outline

PAGE = Path(__file__).resolve().parents[2] / "site" / "authoring.md"
HEADER = "---\n{id: 2-55, title: T, version: v1, status: draft, effective: }\n---\n\n"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    return [(kind, body) for kind, body in BLOCK.findall(PAGE.read_text(encoding="utf-8"))]


def example_pairs() -> list[tuple[str, str]]:
    found = blocks()
    return [
        (body, found[i + 1][1])
        for i, (kind, body) in enumerate(found[:-1])
        if kind == "markdown" and found[i + 1][0] == "text" and body.startswith(("## ", "---\n"))
    ]


def test_the_whole_file_example_parses() -> None:
    version = parse_version(blocks()[0][1])
    assert [s.number for s in version.sections] == ["2-55-1", "2-55-3", "2-55-4"]


@pytest.mark.parametrize(("markdown", "outline"), example_pairs())
def test_worked_example(markdown: str, outline: str) -> None:
    whole_file = markdown if markdown.startswith("---\n") else HEADER + markdown
    lines = format_outline(parse_version(whole_file)).split("\n")[1:]  # no header line
    assert "\n".join(lines) + "\n" == outline


def test_there_are_worked_examples() -> None:
    assert len(example_pairs()) >= 2


def test_every_numbering_scheme_has_a_worked_example() -> None:
    schemes = {parse_version(markdown).scheme for markdown, _ in example_pairs()
               if markdown.startswith("---\n")}
    assert schemes == {"dotted", "roman", "chapter", "headed"}  # apd: the examples above
