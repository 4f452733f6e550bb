"""What mkdocs-material's search parser reads from a page body, read from the lxml tree the
body was serialised from instead of parsing the HTML again.

    page tree --to_html--> body HTML --theme's Parser (html.parser)--> sections
    page tree --read_tree_sections------------------------------------> the same sections

The theme's parser is pure Python over `html.parser` (tokenising is a third of its time), and
the worker that rendered a page holds its tree already. This walk follows the parser's rules
step for step (`material/plugins/search/plugin.py`: its open-tag stack, skip set and section
depths, quirks included: it compares elements by tag name only), fed the events the
serialised tree would give it. Where serialising would not give those events one to one
(comments, raw-text tags, a void tag holding content, a tag libxml2 writes without its end
tag), it gives up (None) and the caller parses the HTML. The theme's parser stays the
reference: `tests/site/test_search_tree.py` compares the two on built pages and on random trees.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from html import escape

from lxml import etree

from toolkit.site.search import SearchSection

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
"""Tags the theme's parser never opens (its `void`)."""
_SKIPPED = frozenset({"object", "script", "style"})
"""Tags whose text the theme's parser skips, and never stops skipping."""
_KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
"""Tags the theme's parser writes into the text it indexes."""
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SCRIPTS = frozenset({"script", "style"})
"""Tags whose content lxml writes as it is and the parser reads as text up to their end tag,
to skip it."""
_RAW_TEXT = frozenset({"textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
                       "plaintext"})
"""Other tags whose content an HTML tokeniser may read as text, not as tags: left to the
parser."""


_PLAIN_TAG = re.compile(r"[a-z][a-z0-9-]*")


class _Unread(Exception):
    """The tree holds something its HTML would not give the parser one to one."""


@dataclass
class _Part:
    """The theme's `Section`: a heading (`tag`, "hx" for none) and what follows it."""

    tag: str
    depth: float = 0
    excluded: bool = False
    anchor: str | None = None
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def read_tree_sections(root: etree._Element) -> tuple[SearchSection, ...] | None:
    """The sections the theme's search parser reads from `to_html(root)` (its tail included),
    but for those it leaves out; None when this walk cannot vouch for that (parse the HTML)."""
    reader = _Reader()
    try:
        reader.read(root)
    except _Unread:
        return None
    return tuple(SearchSection(part.anchor, "".join(part.title) if part.title else None,
                               "".join(part.text)) for part in reader.parts if not part.excluded)


class _Reader:
    """The theme's `Parser`, its handlers called by a walk over the tree."""

    def __init__(self) -> None:
        self.tags: list[str] = []
        """The open tags, outermost first (the parser's `context`)."""
        self.classes: list[str | None] = []
        """Each open tag's class attribute."""
        self.skip = set(_SKIPPED)
        """The tags whose content is skipped (the parser's `skip`: a set of elements that
        compare by tag name, so a set of names)."""
        self.part: _Part | None = None
        self.parts: list[_Part] = []

    def read(self, node: etree._Element) -> None:
        """Feed the parser `node`'s start tag, text, children and end tag, then its tail."""
        tag = node.tag
        if not isinstance(tag, str) or not _read_as_written(tag, not node.text and len(node) == 0):
            raise _Unread(tag)
        if tag in _SCRIPTS:
            if len(node) or "</" in (node.text or ""):  # it would end the text early
                raise _Unread(tag)
            self.start(node, tag)
            self.end(tag)  # between the two, text the parser skips
        elif tag not in VOID:  # the parser ignores a void tag
            self.start(node, tag)
            if node.text:
                self.data(node.text)
            for child in node:
                self.read(child)
            self.end(tag)
        if node.tail:
            self.data(node.tail)

    def start(self, node: etree._Element, tag: str) -> None:
        attrs = {str(name).lower(): str(value) for name, value in node.items()} if node.attrib else {}
        self.tags.append(tag)
        self.classes.append(attrs.get("class"))
        if tag in _HEADINGS and "id" in attrs:
            if tag != "h1" and not self.parts:  # a top-level part first
                self.parts.append(_Part("hx", len(self.tags)))
            self.part = _Part(tag, len(self.tags), "data-search-exclude" in attrs)
            if self.parts:
                self.part.anchor = attrs["id"]
            self.parts.append(self.part)
        part = self._current()
        if "data-search-exclude" in attrs or attrs.get("class") == "linenodiv":
            self.skip.add(tag)
            return
        if tag in _KEPT and self.skip.isdisjoint(self.tags):
            self._written(part).append(f"<{tag}>")

    def end(self, tag: str) -> None:
        part = self._current()
        if part.depth > len(self.tags):
            # Leaving the element a heading was nested in: back to the enclosing part.
            for enclosing in reversed(self.parts):
                if enclosing.depth <= len(self.tags):
                    part.depth = float("inf")
                    part = self.part = enclosing
                    break
        self.tags.pop()
        self.classes.pop()
        if tag in self.skip:
            if tag not in _SKIPPED:
                self.skip.remove(tag)
            return
        if tag in _KEPT and self.skip.isdisjoint(self.tags):
            _close(self._written(part), tag)

    def data(self, text: str) -> None:
        if not self.skip.isdisjoint(self.tags):
            return
        in_pre = "pre" in self.tags
        if not in_pre:
            text = " " if text.isspace() else text.replace("\n", " ")
        part = self._current()
        if part.tag in self.tags:
            if not any(tag == "a" and name == "headerlink"
                       for tag, name in zip(self.tags, self.classes, strict=True)):
                # A permalink's text is not the title's.
                part.title.append(escape(text, quote=False))
        elif text.isspace():
            if not part.text or not part.text[-1].isspace() or in_pre:
                part.text.append(text)
        else:
            part.text.append(escape(text, quote=False))

    def _current(self) -> _Part:
        if self.part is None:  # text before any heading: a top-level part
            self.part = _Part("hx")
            self.parts.append(self.part)
        return self.part

    def _written(self, part: _Part) -> list[str]:
        """Where the parser writes now: the part's title while its heading is open."""
        return part.title if part.tag in self.tags else part.text


def _close(written: list[str], tag: str) -> None:
    """End a kept tag: drop it if nothing but white space followed its start."""
    index = written.index(f"<{tag}>")
    if all(piece.isspace() for piece in written[index + 1:]):
        del written[index:]
    else:
        written.append(f"</{tag}>")


@functools.cache
def _read_as_written(tag: str, empty: bool) -> bool:
    """Whether the parser reads an element `tag` (with no content, if `empty`) as the tree
    holds it: a plain lower-case name, no raw text, and written with its end tag unless it
    is void and empty (lxml leaves the end tag out of an empty `li`, and drops the content
    of the tags libxml2 knows as empty)."""
    if not _PLAIN_TAG.fullmatch(tag) or tag in _RAW_TEXT:
        return False
    if tag in VOID:
        return empty
    node = etree.Element(tag)
    if not empty:
        node.text = "x"
    return etree.tostring(node, method="html", encoding="unicode").endswith(f"</{tag}>")
