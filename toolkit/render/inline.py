"""Clause text (markdown inline syntax) to lxml elements.

Policy text is rendered with markdown-it-py with raw HTML turned off, so a
`<script>` typed into a policy is shown as text and never run, and
markdown-it's link validator drops `javascript:` and similar URLs (the
brackets then stay visible as text). No word is hidden: a link without text
shows its address, and an image is a link to it, never loaded. The result is appended to an lxml parent,
never built by formatting strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache

from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.token import Token

TextPart = str | etree._Element
TextHook = Callable[[str], Sequence[TextPart]]
"""Turns a run of plain text into text and elements (used to link references)."""

_OPENING_TAGS = {
    "em_open": "em",
    "strong_open": "strong",
    "link_open": "a",
    "s_open": "s",
}
_CLOSING = frozenset({"em_close", "strong_close", "link_close", "s_close"})


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def append_text(parent: etree._Element, text: str) -> None:
    """Append text after the last child of `parent` (lxml keeps it in `.tail`)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def append_parts(parent: etree._Element, parts: Sequence[TextPart]) -> None:
    """Append a mix of strings and elements to `parent`, in order."""
    for part in parts:
        if isinstance(part, str):
            append_text(parent, part)
        else:
            parent.append(part)


# Without one of these characters a paragraph has no inline markup at all.
_MARKUP = re.compile(r"[*_\[\]`\\<>&!~\n]")


@lru_cache(maxsize=65536)
def inline_tokens(source: str) -> tuple[Token, ...]:
    """The inline tokens of one paragraph of clause text (shared: do not modify them)."""
    if not _MARKUP.search(source):
        # Most clause text is plain words: skip the parser (a site renders each text often).
        return (Token("text", "", 0, content=source),)
    return tuple(child for block in _parser().parseInline(source) for child in block.children or ())


def render_paragraphs(
    source: str, parent: etree._Element, on_text: TextHook | None = None, tag: str = "p"
) -> etree._Element:
    """Render clause text into `parent`, one `<p>` per paragraph (blank-line separated)."""
    for paragraph in source.split("\n\n"):
        if paragraph.strip():
            render_inline(paragraph, etree.SubElement(parent, tag), on_text)
    return parent


def render_inline(
    source: str, parent: etree._Element, on_text: TextHook | None = None
) -> etree._Element:
    """Render markdown inline `source` into `parent` and return `parent`.

    `on_text` sees every run of plain text outside links and may return
    elements (links to references, glossary terms) to put in its place.
    """
    stack = [parent]
    for token in inline_tokens(source):
        top = stack[-1]
        if token.type in _OPENING_TAGS:
            stack.append(_open(token, top))
        elif token.type in _CLOSING:
            if len(stack) > 1:
                _show_address_of_empty_link(stack.pop())
        else:
            inside_link = any(element.tag == "a" for element in stack)
            _LEAVES.get(token.type, _leave_as_text)(token, top, None if inside_link else on_text)
    return parent


def _open(token: Token, parent: etree._Element) -> etree._Element:
    element = etree.SubElement(parent, _OPENING_TAGS[token.type])
    href = token.attrGet("href")
    if href is not None:
        element.set("href", str(href))
        if token.attrGet("title"):
            element.set("title", str(token.attrGet("title")))
    return element


def _text(token: Token, parent: etree._Element, on_text: TextHook | None) -> None:
    append_parts(parent, on_text(token.content) if on_text else [token.content])


def _code(token: Token, parent: etree._Element, on_text: TextHook | None) -> None:
    etree.SubElement(parent, "code").text = token.content


def _softbreak(token: Token, parent: etree._Element, on_text: TextHook | None) -> None:
    append_text(parent, "\n")


def _hardbreak(token: Token, parent: etree._Element, on_text: TextHook | None) -> None:
    etree.SubElement(parent, "br")


def _show_address_of_empty_link(element: etree._Element) -> None:
    """`[](https://…)` would be an invisible link: show its address, so no word is hidden."""
    if element.tag == "a" and not len(element) and not (element.text or "").strip():
        element.text = (element.text or "") + str(element.get("href", ""))


def _image(token: Token, parent: etree._Element, on_text: TextHook | None) -> None:
    # Policies are text: an image is a link to it (its alt text, else its address), never loaded.
    source = token.attrGet("src")
    if source is None:
        append_text(parent, token.content)
        return
    link = etree.SubElement(parent, "a", {"href": str(source)})
    link.text = token.content or str(source)


def _leave_as_text(token: Token, parent: etree._Element, on_text: TextHook | None) -> None:
    append_text(parent, token.content)


_LEAVES: dict[str, Callable[[Token, etree._Element, TextHook | None], None]] = {
    "text": _text,
    "code_inline": _code,
    "softbreak": _softbreak,
    "hardbreak": _hardbreak,
    "image": _image,
}


def plain_text(source: str) -> str:
    """The visible words of markdown inline `source`, markup removed (for tooltips)."""
    holder = etree.Element("span")
    for paragraph in source.split("\n\n"):
        render_inline(paragraph + " ", holder)
    return " ".join(str(holder.xpath("string()")).split())
