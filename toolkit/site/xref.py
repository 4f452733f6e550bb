"""Cross-references across the manual: terms one policy defines, linked from the others, and
the preview each link carries of the clause, definition or policy it leads to.

Previews are written into the pages at build time (`PREVIEW_ATTRIBUTE`, shown by
policykit.js as text), so they need no request for the other page: they work offline and
from `file://`. A preview is a heading line, then one line per paragraph, all plain text.

The rules for terms, in the order they apply:

- a version's own definition wins (the renderer links it as before);
- otherwise a term that the version in force of exactly one other policy defines links to
  that definition on the policy's page;
- a term that several other policies define links to its glossary entry, which lists them
  all; the preview gives each different wording once.

Only versions in force count (the glossary's entries), so current text never links to a
definition that a later version dropped or reworded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache, cached_property
from itertools import groupby

from toolkit.model import Clause, Definition, Node, Policy, Section, Version
from toolkit.render.inline import plain_text
from toolkit.render.policy_html import SharedTerm, slug
from toolkit.site import urls as paths
from toolkit.site.links import page_key, resolve
from toolkit.site.urls import Urls
from toolkit.tree import index_by_address, walk

PREVIEW_LENGTH = 300
"""Characters of clause text a preview shows at most: two or three lines of a popover."""

MOST_WORDINGS = 4
"""Different definitions of one term a preview lists before pointing to the glossary."""

Glossary = Mapping[str, Sequence[tuple[Version, Definition]]]
"""Lower-cased term -> the versions in force that define it, and how."""


def shorten(text: str, limit: int = PREVIEW_LENGTH) -> str:
    """`text` cut at the last whole word within `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def node_text(node: Node, limit: int = PREVIEW_LENGTH) -> str:
    """The words of a section or clause and then of its clauses (each after its label), as
    far as `limit` allows: a clause that introduces a list previews the list too."""
    pieces: list[str] = []
    length = 0
    for piece in _node_pieces(node):
        pieces.append(piece)
        length += len(piece) + 1
        if length > limit:
            break
    return shorten(" ".join(pieces), limit)


def _node_pieces(node: Node) -> Iterator[str]:
    if node.text.strip():
        yield plain_text(node.text)
    for child in walk(node.children):
        words = plain_text(child.text)
        yield f"{child.label}. {words}" if isinstance(child, Clause) and child.label else words


def where(policy: Policy, version: Version) -> str:
    """`SOP 2-55 Use of Force: De-escalation`, and which version when not the one in force."""
    name = f"SOP {policy.id} {version.title}"
    if version is policy.current:
        return name
    return f"{name} (version {version.version}, {version.status})"


def _heading(node: Node) -> str:
    return node.heading if isinstance(node, Section) else node.address


class CrossReferences:
    """What links in policy text lead to, for every page of one manual."""

    def __init__(self, policies: Sequence[Policy], urls: Urls, glossary: Glossary) -> None:
        self.urls = urls
        self.glossary = glossary
        self.terms = tuple(sorted(glossary))
        """Every term a version in force defines, lower-cased and sorted."""
        self.policies = policies
        self._previews: dict[tuple[str, str], str | None] = {}
        self._nodes: dict[int, dict[str, Node]] = {}
        self._term_previews: dict[tuple[str, tuple[str, ...]], str] = {}

    @cached_property
    def pages(self) -> dict[str, tuple[Policy, Version]]:
        """Page key (`links.page_key`) of each policy page -> the policy and version it shows."""
        pages: dict[str, tuple[Policy, Version]] = {}
        for policy in self.policies:
            pages[page_key(self.urls.url(paths.policy_path(policy.id)))] = policy, policy.current
            for version in policy.versions:
                path = paths.version_path(policy.id, version.version)
                pages[page_key(self.urls.url(path))] = policy, version
        return pages

    # --- previews of what a link leads to ------------------------------------------------

    def previews(self, page: str) -> Callable[[str], str | None]:
        """href -> preview, for the links on page `page` (a source path)."""
        page_url = self.urls.url(page)
        known: dict[str, str | None] = {}

        def preview(href: str) -> str | None:
            if href not in known:
                known[href] = self.preview_of(resolve(page_url, href))
            return known[href]

        return preview

    def preview_of(self, target: tuple[str, str] | None) -> str | None:
        """The preview of a (page key, anchor) from `links.resolve`, made once per manual."""
        if target is None or target[0] not in self.pages:
            return None
        if target not in self._previews:
            self._previews[target] = self.describe(*target)
        return self._previews[target]

    def describe(self, key: str, anchor: str) -> str | None:
        """The preview of `anchor` on the page `key` (a `page_key`); None for an anchor that
        names no clause, section or definition there."""
        policy, version = self.pages[key]
        name = where(policy, version)
        if anchor in ("", "top"):
            first = version.sections[0] if version.sections else None
            return "\n".join([name] + ([node_text(first)] if first else []))
        node = self.nodes(version).get(anchor)
        if node is not None:
            return f"{_heading(node)} · {name}\n{node_text(node)}"
        definition = next((d for d in version.definitions if f"def-{slug(d.term)}" == anchor),
                          None)
        if definition is not None:
            return f"{definition.term} · {name}\n{shorten(plain_text(definition.definition))}"
        return None

    def nodes(self, version: Version) -> dict[str, Node]:
        if id(version) not in self._nodes:
            self._nodes[id(version)] = index_by_address(version)
        return self._nodes[id(version)]

    # --- terms other policies define -----------------------------------------------------

    def shared_terms(self, page: str, policy_id: str) -> Callable[[str], SharedTerm | None]:
        """Lower-cased term -> its link from page `page` of policy `policy_id`; None when no
        other policy in force defines it."""

        known: dict[str, SharedTerm | None] = {}
        glossary = self.urls.link(page, paths.GLOSSARY)

        def shared_term(term: str) -> SharedTerm | None:
            if term not in known:
                known[term] = self.link_term(term, page, policy_id, glossary)
            return known[term]

        return shared_term

    def link_term(self, term: str, page: str, policy_id: str,
                  glossary: str) -> SharedTerm | None:
        """The link from `page` (of policy `policy_id`; the glossary is at `glossary` from
        there) for a term other policies define; None when none does."""
        definers = self.glossary.get(term, ())
        if any(version.policy == policy_id for version, _ in definers):
            definers = [(version, definition) for version, definition in definers
                        if version.policy != policy_id]
        if not definers:
            return None
        if len(definers) == 1:
            version, definition = definers[0]
            url = self.urls.link(page, paths.policy_path(version.policy),
                                 f"def-{slug(definition.term)}")
        else:
            url = f"{glossary}#term-{slug(term)}"
        return SharedTerm(url, self.term_preview(term, definers))

    def term_preview(self, term: str, definers: Sequence[tuple[Version, Definition]]) -> str:
        # Keyed by who defines it: a page of a policy that defines the term sees the others.
        key = (term, tuple(version.policy for version, _ in definers))
        if key not in self._term_previews:
            self._term_previews[key] = describe_term(definers)
        return self._term_previews[key]


@cache
def _plain(text: str) -> str:
    """`plain_text`, once per definition: a term many policies define is described often."""
    return plain_text(text)


def describe_term(definers: Sequence[tuple[Version, Definition]]) -> str:
    """A term's preview: who defines it, then each different definition once."""
    written = definers[0][1].term
    if len(definers) == 1:
        version, definition = definers[0]
        return (f"{written} · defined in SOP {version.policy} {version.title}\n"
                f"{shorten(plain_text(definition.definition))}")
    wordings = sorted(((_plain(definition.definition), version.policy)
                       for version, definition in definers))
    lines = [f"{written} · defined in {len(definers)} policies"]
    for text, group in groupby(wordings, key=lambda pair: pair[0]):
        names = [f"SOP {policy}" for _, policy in group]
        more = f" and {len(names) - 1} more" if len(names) > 1 else ""
        lines.append(f"{names[0]}{more}: {shorten(text)}")
    if len(lines) > MOST_WORDINGS + 1:
        lines[MOST_WORDINGS:] = [f"… {len(lines) - MOST_WORDINGS} more wordings: see the glossary"]
    return "\n".join(lines)
