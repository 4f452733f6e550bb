"""Policy markdown's blocks, read line by line for files that keep to the plain subset.

    text --front matter, then one line at a time--> headings, paragraphs, bullet lists

A policy file as `policykit fmt` writes it uses a small part of markdown: front
matter between `---` lines, ATX headings, paragraphs and `-` lists nested two
spaces a level. `read_blocks` reads that part in one pass, about ten times faster
than markdown-it's block stage and without importing it, and gives the very tree
`toolkit.parse` builds from markdown-it's tokens (a property test compares the
two). Anything else, it declines (returns None) and the caller asks markdown-it:
a tab, a quote, a fence, a rule, an ordered list, a setext underline, an indented
code block, a lazy or over-indented continuation line, an empty list item, a
heading inside a list, a closing `#` sequence, a front matter that is not plain
`---` lines. When in doubt, it declines.
"""

from __future__ import annotations

import re

MAX_DEPTH = 20
"""Deeper lists are left to markdown-it, which refuses what is nested too deeply."""

TRIM_CHARACTERS = "".join(
    chr(code)
    for code in sorted(
        {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000, 0x2028, 0x2029}
        | set(range(0x2000, 0x200B))
    )
)
"""What markdown-it trims off a paragraph or heading (its `MD_TRIM_CHARS`; a test checks)."""


class Block:
    """One block of the markdown, with only what reading a version looks at.

    A plain class, not a dataclass: a large file has tens of thousands, and start-up
    pays for every dataclass a command imports (issue 14)."""

    __slots__ = ("children", "content", "line", "tag", "type")

    def __init__(self, type: str, tag: str, line: int, content: str = "",
                 children: list[Block] | None = None) -> None:
        self.type = type
        """`paragraph`, `heading`, `bullet_list`, `list_item`, `front_matter`, `fence`, ..."""
        self.tag = tag
        """`h2` for a level-2 heading."""
        self.line = line
        """The 1-based line the block starts on."""
        self.content = content
        """A paragraph's or heading's inline source, or a leaf block's text (the front matter)."""
        self.children: list[Block] = [] if children is None else children

    def __repr__(self) -> str:
        return f"Block({self.type!r}, {self.tag!r}, {self.line}, {self.content!r}, {self.children!r})"


# --- what one line is ---------------------------------------------------------------------

_HEADING = re.compile(r"(#{1,6})(?: |$)")
_ORDERED_MARKER = re.compile(r"\d+[.)](?: |$)")
_MARKS = "-*_= "
"""What a rule (`***`, `- - -`) or a setext underline (`===`, `--`) is made of, alone on its
line: a line of nothing else is either (tested by stripping them, not by a regex, as every
list item's line and its first word are tested)."""
_CLOSING_DASHES = re.compile(r" {0,3}-{3,} *")
_YAML_END = re.compile(r"\.\.\. *")

TEXT, HEADING, BULLET = "text", "heading", "bullet"


def _kind(rest: str) -> str | None:
    """What a line starts, from its first character past its container's indent; None when
    the fast reader leaves the line to markdown-it."""
    first = rest[0]
    if first == " " or (first in "-*_=" and not rest.strip(_MARKS)):
        return None
    if first in "-*+":
        if rest[1:2] in ("", " "):  # a list item; an empty one is left to markdown-it
            return BULLET if rest[1:2] == " " and rest[2:3] not in ("", " ") else None
        return TEXT
    if first == "#":
        heading = _HEADING.match(rest)
        if heading is None:
            return TEXT  # `#hashtag`, or seven #s
        return HEADING if rest.rstrip(" ")[-1] != "#" else None
    if first == ">" or rest.startswith(("```", "~~~")):
        return None
    if first.isdigit() and _ORDERED_MARKER.match(rest):
        return None
    return TEXT


# --- the reader ---------------------------------------------------------------------------


class _Container:
    """The root or an open list item: where its content starts, what it holds."""

    __slots__ = ("children", "column", "marker", "open_list")

    def __init__(self, column: int, children: list[Block]) -> None:
        self.column = column
        """Spaces before its content (0 for the root, 2 more per level of list)."""
        self.children = children
        self.open_list: Block | None = None
        """Its last block, when that is a list a next item at this indent joins."""
        self.marker = ""
        """That list's bullet (`-`, `*` or `+`): an item with another one starts a new list."""


class _Paragraph:
    __slots__ = ("block", "depth", "lines")

    def __init__(self, block: Block, lines: list[str], depth: int) -> None:
        self.block = block
        self.lines = lines
        self.depth = depth


def read_blocks(text: str) -> list[Block] | None:
    """The top-level blocks of a policy file (front matter first), or None to ask markdown-it."""
    text = text.replace("\r\n", "\n")
    if "\t" in text or "\r" in text or "\0" in text:
        return None  # tab stops, a lone CR, a NUL: markdown-it's own rules
    lines = text.split("\n")
    end = _front_matter_end(lines)
    if end is None:
        return None
    body = _Body()
    body.root.children.append(Block("front_matter", "", 1, "\n".join(lines[1:end])))
    for index in range(end + 1, len(lines)):
        if not body.read_line(lines[index], index + 1):
            return None
    body.close_paragraph()
    return body.root.children


def _front_matter_end(lines: list[str]) -> int | None:
    """The index of the `---` line closing the front matter, when it and the first line are
    plain `---`."""
    if lines[0] != "---":
        return None
    for index in range(1, len(lines)):
        line = lines[index]
        if line == "---":
            return index
        if _CLOSING_DASHES.fullmatch(line) or _YAML_END.fullmatch(line):
            return None  # another closing line markdown-it's plugin would take
    return None


class _Body:
    """The blocks after the front matter, read one line at a time."""

    def __init__(self) -> None:
        self.root = _Container(0, [])
        self.open: list[_Container] = [self.root]
        """The root and the open list items, outermost first."""
        self.paragraph: _Paragraph | None = None

    def read_line(self, line: str, number: int) -> bool:
        """Take one line; False when the text is to be left to markdown-it."""
        rest = line.lstrip(" ")
        if not rest:
            self.close_paragraph()
            return True
        indent = len(line) - len(rest)
        depth = self._depth_at(indent)
        kind = _kind(rest)
        if kind is None:
            return False
        if self.paragraph is not None and kind == TEXT:
            return self._continue_paragraph(rest, indent, depth)
        if indent != self.open[depth].column:
            return False  # an indented code block, or an indent between two levels
        self.close_paragraph()
        del self.open[depth + 1 :]
        return _STARTS[kind](self, rest, number, depth)

    def _depth_at(self, indent: int) -> int:
        """The deepest open container whose content the indent reaches."""
        depth = len(self.open) - 1
        while self.open[depth].column > indent:
            depth -= 1
        return depth

    def _continue_paragraph(self, rest: str, indent: int, depth: int) -> bool:
        paragraph = self.paragraph
        assert paragraph is not None
        if depth != paragraph.depth or indent != self.open[depth].column:
            return False  # a lazy continuation, or one indented past its paragraph
        paragraph.lines.append(rest)
        return True

    def close_paragraph(self) -> None:
        if self.paragraph is not None:
            self.paragraph.block.content = "\n".join(self.paragraph.lines).strip(TRIM_CHARACTERS)
            self.paragraph = None

    def start_heading(self, rest: str, number: int, depth: int) -> bool:
        if depth != 0:
            return False  # a heading inside a list item
        level = len(_HEADING.match(rest).group(1))  # type: ignore[union-attr]
        heading = Block("heading", f"h{level}", number, rest[level:].strip(TRIM_CHARACTERS))
        self.root.children.append(heading)
        self.root.open_list = None
        return True

    def start_paragraph(self, rest: str, number: int, depth: int) -> bool:
        container = self.open[depth]
        block = Block("paragraph", "p", number)
        container.children.append(block)
        container.open_list = None
        self.paragraph = _Paragraph(block, [rest], depth)
        return True

    def start_item(self, rest: str, number: int, depth: int) -> bool:
        content = rest[2:]
        if _kind(content) != TEXT or depth + 1 > MAX_DEPTH:
            return False  # an item that opens with another block, or lists nested deep
        container = self.open[depth]
        bullets = container.open_list
        if bullets is None or container.marker != rest[0]:
            bullets = Block("bullet_list", "ul", number)
            container.children.append(bullets)
            container.open_list, container.marker = bullets, rest[0]
        item = Block("list_item", "li", number)
        bullets.children.append(item)
        self.open.append(_Container(container.column + 2, item.children))
        return self.start_paragraph(content, number, depth + 1)


_STARTS = {TEXT: _Body.start_paragraph, HEADING: _Body.start_heading, BULLET: _Body.start_item}
