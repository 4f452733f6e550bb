"""Links written in policy text, checked against the pages the manual publishes.

Clause text is markdown, so staff can write `[SOP 2-19](../2-19/)`. Our renderer
keeps such a link as written and mkdocs never sees it (it validates only the
pages it renders itself), so a link to a policy that is not in the manual would
be published broken. `broken_links` resolves every relative link the way a
reader's browser does on each page that shows the text, and names the file and
line of each one that leads nowhere. A version's text shows on its permanent
page, one folder below the policy's current page, so a relative link must land
from both; a cross-reference written `SOP 2-19` is linked by the renderer.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from toolkit.model import Policy, Version
from toolkit.render.inline import inline_tokens
from toolkit.site import urls as paths
from toolkit.site.urls import Urls
from toolkit.tree import walk_version

Published = Mapping[str, frozenset[str] | None]
"""Each published URL (normalised by `page_key`) -> the anchors on it, or None if unknown."""


@dataclass(frozen=True)
class TextLink:
    """A link written in the markdown text of a policy file."""

    source: str
    """The policy file."""
    line: int
    """1-based line of the clause, section, definition or front matter holding it."""
    href: str
    """The link target as written."""


def page_key(url: str) -> str:
    """One spelling per page: `policies/2-55/`, `policies/2-55/index.html`, `policies/2-55`."""
    return url.removesuffix("index.html").rstrip("/")


def text_links(source: str, line: int, text: str) -> Iterator[TextLink]:
    """Every link in markdown inline `text` (paragraphs separated by blank lines)."""
    for paragraph in text.split("\n\n"):
        for token in inline_tokens(paragraph):
            href = token.attrGet("href") if token.type == "link_open" else None
            if href is not None:
                yield TextLink(source, line, str(href))


def version_links(version: Version) -> Iterator[TextLink]:
    """The links in a version's sections, clauses and definitions, in document order."""
    for node in walk_version(version):
        yield from text_links(version.source, node.line, node.text)
    for definition in version.definitions:
        yield from text_links(version.source, definition.line, definition.definition)


def shown_on(policy: Policy) -> Iterator[tuple[str, TextLink]]:
    """(page path, link) for each page that shows a link of the policy's text."""
    for version in policy.versions:
        pages = [paths.version_path(policy.id, version.version)]
        if version is policy.current:
            pages.insert(0, paths.policy_path(policy.id))
        for link in version_links(version):
            yield from ((page, link) for page in pages)
        if version is policy.current:
            for definition in version.definitions:
                yield from ((paths.GLOSSARY, link) for link in text_links(
                    version.source, definition.line, definition.definition))
        yield from ((paths.history_path(policy.id), link)
                    for link in text_links(version.source, 1, version.notes))


def resolve(page_url: str, href: str) -> tuple[str, str] | None:
    """(page key, anchor) that a relative `href` leads to from `page_url`; None for links
    that leave the manual (a scheme, a host, a site-absolute path) or climb above its root."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or parts.path.startswith("/"):
        return None
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else page_url
    if target == ".":
        target = ""
    if target.startswith(".."):
        return ("..", "")
    return page_key(target), unquote(parts.fragment)


def describe_broken(link: TextLink, page_url: str, published: Published) -> str | None:
    """Why `link`, shown on the page at `page_url`, leads nowhere; None if it lands."""
    found = resolve(page_url, link.href)
    if found is None:
        return None
    key, anchor = found
    if key not in published:
        return f'link "{link.href}" leads to no page of this manual (on page {page_url or "./"})'
    anchors = published[key]
    if anchor and anchors is not None and anchor not in anchors:
        return f'link "{link.href}" leads to no "#{anchor}" on its page (on page {page_url or "./"})'
    return None


@dataclass(frozen=True)
class BrokenLink:
    """A link in policy text that leads nowhere on a page that shows it."""

    link: TextLink
    problem: str
    """What is wrong, in words: `link "../2-99/" leads to no page of this manual ...`."""


def broken_links(policies: Sequence[Policy], urls: Urls, published: Published) -> list[BrokenLink]:
    """Each link in policy text that leads nowhere, once per link, in document order."""
    found: dict[TextLink, BrokenLink] = {}
    for policy in policies:
        for page, link in shown_on(policy):
            problem = describe_broken(link, urls.url(page), published)
            if problem is not None and link not in found:
                found[link] = BrokenLink(link, problem)
    return list(found.values())
