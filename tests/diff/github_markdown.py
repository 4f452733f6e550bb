"""Markdown as GitHub shows it in a pull request: rendered, then sanitised.

GitHub renders GitHub-flavoured markdown with raw HTML allowed, then strips
every tag and attribute outside an allow-list (github/markup's README points to
the list: html-pipeline's sanitization filter). This module does the same with
markdown-it-py (commonmark, tables, strikethrough, HTML on) and a small lxml
sanitiser modelled on that list, so tests can see what a reviewer would see.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "br", "b", "i", "strong", "em", "a", "pre",
    "code", "img", "tt", "div", "ins", "del", "sup", "sub", "p", "ol", "ul", "table", "thead",
    "tbody", "tfoot", "blockquote", "dl", "dt", "dd", "kbd", "q", "samp", "var", "hr", "ruby",
    "rt", "rp", "li", "tr", "td", "th", "s", "strike", "summary", "details", "caption",
    "figure", "figcaption", "abbr", "bdo", "cite", "dfn", "mark", "small", "span", "time", "wbr",
})
"""Elements GitHub keeps (html-pipeline's allow-list)."""
ALLOWED_ATTRIBUTES = {
    "a": {"href"}, "img": {"src", "longdesc"}, "div": {"itemscope", "itemtype"},
    "blockquote": {"cite"}, "del": {"cite"}, "ins": {"cite"}, "q": {"cite"},
}
"""Attributes GitHub keeps on particular elements."""
ALLOWED_EVERYWHERE = frozenset({
    "abbr", "align", "alt", "axis", "border", "colspan", "rowspan", "datetime", "dir", "headers",
    "height", "hreflang", "lang", "name", "open", "scope", "span", "start", "summary", "title",
    "valign", "width", "itemprop",
})
"""Attributes GitHub keeps on any element (a subset: no class, no style, no id, no on*)."""
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template"})
SAFE_SCHEMES = ("http:", "https:", "mailto:", "#", "/", "./", "../")


def render_github(markdown: str) -> str:
    """Markdown to HTML the way GitHub parses it (before sanitising)."""
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return parser.render(markdown)


def sanitise(html: str) -> etree._Element:
    """A `<div>` holding `html` with everything GitHub strips stripped."""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for node in list(root.iterdescendants()):
        # Comments and processing instructions go, as do scripts and styles with their text.
        if not isinstance(node.tag, str) or node.tag in DROPPED_WITH_CONTENT:
            _remove(node, keep_children=False)
        elif node.tag not in ALLOWED_TAGS:
            _remove(node, keep_children=True)
        else:
            _clean_attributes(node)
    return root


def _clean_attributes(node: etree._Element) -> None:
    allowed = ALLOWED_ATTRIBUTES.get(str(node.tag), set()) | ALLOWED_EVERYWHERE
    for name in list(node.attrib):
        value = str(node.get(name, ""))
        if name not in allowed or (name in ("href", "src") and not _safe(value)):
            del node.attrib[name]


def _safe(url: str) -> bool:
    return ":" not in url.split("/")[0] or url.lower().startswith(SAFE_SCHEMES)


def _remove(node: etree._Element, keep_children: bool) -> None:
    """Take `node` out of the tree, keeping its tail (and its content, if asked)."""
    parent = node.getparent()
    if parent is None:
        return
    # lxml.html elements (comments included) join the tail to the text before them.
    if keep_children:
        node.drop_tag()  # type: ignore[attr-defined]  # an lxml.html element
    else:
        node.drop_tree()  # type: ignore[attr-defined]  # an lxml.html element


def as_github_shows(markdown: str) -> etree._Element:
    """What a reviewer sees of `markdown` on GitHub, as an element tree."""
    return sanitise(render_github(markdown))


def tags(root: etree._Element) -> list[str]:
    return [str(node.tag) for node in root.iterdescendants() if isinstance(node.tag, str)]
