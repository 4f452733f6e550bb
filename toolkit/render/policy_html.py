"""A policy version as HTML: the clause tree with anchors, permalinks and live references.

Every section and clause carries an `id` equal to its address and a heading,
so the site's search splits its index there and a hit lands on the clause.
References in clause text become links: `SOP 2-19`, `SOP – <title>` (by the
related-SOP table), addresses such as `2-55-4.C`, and defined terms (with the
definition as a tooltip). What the manual does not hold is marked, not linked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from lxml import etree

from toolkit.model import Clause, Definition, Reference, Section, Version
from toolkit.render.inline import TextPart, plain_text, render_paragraphs
from toolkit.tree import walk_version

Attrs = Mapping[str, str]
Child = etree._Element | str | None


def element(tag: str, attrs: Attrs | None = None, *children: Child) -> etree._Element:
    """An element with attributes and children (strings become text); None children are skipped."""
    node = etree.Element(tag, dict(attrs)) if attrs else etree.Element(tag)
    last: etree._Element | None = None  # kept at hand: node[-1] makes a new proxy each time
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            if last is not None:
                last.tail = (last.tail or "") + child
            else:
                node.text = (node.text or "") + child
        else:
            node.append(child)
            last = child
    return node


def to_html(node: etree._Element) -> str:
    """Serialise an element as HTML (void elements without a closing tag)."""
    return etree.tostring(node, method="html", encoding="unicode")


def _nothing(_: str) -> str | None:
    return None


@dataclass(frozen=True)
class SharedTerm:
    """Where a term defined by another policy links, and what its preview says."""

    url: str
    """Its definition on the defining policy's page; the glossary entry when several define it."""
    preview: str
    """`PREVIEW_ATTRIBUTE` text: who defines it, then the definition."""


def _no_shared_term(_: str) -> SharedTerm | None:
    return None


PREVIEW_ATTRIBUTE = "data-pk-preview"
"""On a link, what it leads to as plain text: a heading line, then one line per paragraph.
policykit.js shows it in a popover (set as text, never as HTML), so it works offline. Empty
on a later link to the same href: the page's first such link holds the words."""


@dataclass(frozen=True)
class Links:
    """How references on one page become links; every URL is relative to that page."""

    policy: Callable[[str], str | None] = _nothing
    """Policy id -> URL of its current page; None when the manual does not hold it."""
    address: Callable[[str], str | None] = _nothing
    """Clause address -> URL of that clause; None when unknown."""
    term: Callable[[str], str | None] = _nothing
    """Defined term -> URL of its glossary entry."""
    titles: Mapping[str, str] = field(default_factory=dict)
    """Lower-cased policy title -> policy id, for `SOP – <title>` references."""
    changed: Mapping[str, str] = field(default_factory=dict)
    """Address -> URL of its change on a redline, for the clauses this version changed."""
    added: frozenset[str] = frozenset()
    """Addresses that this version added (shown as new rather than changed)."""
    local: Mapping[str, str] = field(default_factory=dict)
    """Text naming a clause in a scheme other than apd -> its address (`G03-02.III.B.1`,
    `300.3.1`, and on the directive's own page `III.B.1`); the apd form is found by shape."""
    shared_terms: tuple[str, ...] = ()
    """Lower-cased terms that some policy's version in force defines, sorted: the page links
    them where its own version does not define them (`shared_term` says where to)."""
    shared_term: Callable[[str], SharedTerm | None] = _no_shared_term
    """Lower-cased term -> where it links from this page and its preview; None when no other
    policy in force defines it."""
    preview: Callable[[str], str | None] = _nothing
    """A link's href -> a preview of the clause, definition or policy it leads to
    (`PREVIEW_ATTRIBUTE`); None when it leads nowhere in the manual."""


NO_LINKS = Links()


def slug(text: str) -> str:
    """A lower-case, hyphenated anchor name for a term."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "term"


# --- references --------------------------------------------------------------

_DASH = r"(?:[-–—]\s*)?"
_POLICY_ID = r"\d+(?:-\d+)+"
_ADDRESS = r"\d+-\d+-\d+(?:\.[A-Za-z0-9]+)*"
_DIGIT_DASH = re.compile(r"\d-\d")


def _alternatives(words: Iterable[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(word) for word in ordered) or r"(?!x)x"


@cache
def _reference_pattern(titles: tuple[str, ...], local: tuple[str, ...] = ()) -> re.Pattern[str]:
    return re.compile(
        rf"\bSOP\s+{_DASH}(?P<title>{_alternatives(titles)})(?![\w])"
        rf"|\bSOP\s+(?P<id>{_POLICY_ID})\b(?![.-]\d)"
        rf"|(?<![\w.-])(?P<address>{_ADDRESS})(?![\w-])"
        # A clause's own address as written (`I.E`, not the `i.e.` of a sentence).
        rf"|(?<![\w.-])(?P<local>(?-i:{_alternatives(local)}))(?![\w-])(?!\.\w)",
        re.IGNORECASE,
    )


@cache
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words, any case, the longest term first. Apart from the references' pattern,
    which changes with each version's related-SOP titles: a manual's few hundred terms are
    compiled once, not once per version."""
    return re.compile(rf"(?<![\w-])(?P<term>{_alternatives(terms)})(?![\w-])", re.IGNORECASE)


@cache
def _linked_terms(own: tuple[str, ...], shared: tuple[str, ...]) -> tuple[str, ...]:
    """The terms a page links: its version's own and those other policies define, sorted."""
    return tuple(sorted(set(own) | set(shared)))


def _overlaps(match: re.Match[str], others: Sequence[re.Match[str]]) -> bool:
    return any(match.start() < other.end() and other.start() < match.end() for other in others)


@dataclass
class _Linker:
    """Turns plain text of one clause into text and reference elements.

    A term links at most once per clause (a linker serves one clause): a clause is a
    sentence or two, and a term underlined twice in it reads as noise.
    """

    links: Links
    definitions: Mapping[str, str]
    """Lower-cased term -> definition (plain text) for tooltips."""
    terms_seen: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.terms = _linked_terms(tuple(self.definitions), self.links.shared_terms)

    def __call__(self, text: str) -> Sequence[TextPart]:
        parts: list[TextPart] = []
        position = 0
        for match in self._matches(text):
            replacement = self._replace(match)
            if replacement is None:
                continue
            parts.append(text[position : match.start()])
            parts.append(replacement)
            position = match.end()
        parts.append(text[position:])
        return parts

    def _matches(self, text: str) -> list[re.Match[str]]:
        """References, then the terms outside them, in text order. Cheap tests come first:
        most text names no SOP, address or term."""
        lowered = text.lower()
        references: list[re.Match[str]] = []
        if "sop" in lowered or _DIGIT_DASH.search(text) or (self.links.local and "." in text):
            pattern = _reference_pattern(tuple(self.links.titles), tuple(self.links.local))
            references = list(pattern.finditer(text))
        if not any(term in lowered for term in self.terms):
            return references
        terms = [match for match in _term_pattern(self.terms).finditer(text)
                 if not _overlaps(match, references)]
        return sorted(references + terms, key=lambda match: match.start())

    def _replace(self, match: re.Match[str]) -> etree._Element | None:
        kind = match.lastgroup or ""
        return _REFERENCE_KINDS[kind](self, match)

    def _title(self, match: re.Match[str]) -> etree._Element:
        policy_id = self.links.titles[match.group("title").lower()]
        return _policy_reference(match.group(0), policy_id, self.links.policy(policy_id))

    def _id(self, match: re.Match[str]) -> etree._Element:
        policy_id = match.group("id")
        return _policy_reference(match.group(0), policy_id, self.links.policy(policy_id))

    def _address(self, match: re.Match[str]) -> etree._Element:
        address = match.group("address")
        url = _resolve_address(address, self.links.address)
        if url is not None:
            return element("a", {"class": "pk-ref", "href": url}, address)
        policy_id = _policy_of(address)
        return _policy_reference(address, policy_id, self.links.policy(policy_id))

    def _local(self, match: re.Match[str]) -> etree._Element:
        address = self.links.local[match.group("local")]
        url = self.links.address(address) or f"#{address}"
        return element("a", {"class": "pk-ref", "href": url}, match.group(0))

    def _term(self, match: re.Match[str]) -> etree._Element | None:
        term = match.group("term").lower()
        if term in self.terms_seen:
            return None
        # The version's own definition wins over any other policy's.
        link = (self._own_term(term, match.group(0)) if term in self.definitions
                else self._shared_term(term, match.group(0)))
        if link is not None:
            self.terms_seen.add(term)
        return link

    def _own_term(self, term: str, text: str) -> etree._Element | None:
        url = self.links.term(term)
        if url is None:
            return None
        return element("a", {"class": "pk-term", "href": url, "title": self.definitions[term]},
                       text)

    def _shared_term(self, term: str, text: str) -> etree._Element | None:
        shared = self.links.shared_term(term)
        if shared is None:
            return None
        return element("a", {"class": "pk-term pk-term-shared", "href": shared.url,
                             PREVIEW_ATTRIBUTE: shared.preview}, text)


_REFERENCE_KINDS: dict[str, Callable[[_Linker, re.Match[str]], etree._Element | None]] = {
    "title": _Linker._title,
    "id": _Linker._id,
    "address": _Linker._address,
    "local": _Linker._local,
    "term": _Linker._term,
}


def _policy_of(address: str) -> str:
    """The policy id of a section or clause address: `2-55-4.C` -> `2-55`."""
    return address.split(".")[0].rsplit("-", 1)[0]


def _resolve_address(address: str, resolve: Callable[[str], str | None]) -> str | None:
    """The URL of the address, or of its nearest known ancestor within the same section."""
    parts = address.split(".")
    while parts:
        url = resolve(".".join(parts))
        if url is not None:
            return url
        parts.pop()
    return None


def _policy_reference(text: str, policy_id: str, url: str | None) -> etree._Element:
    if url is not None:
        return element("a", {"class": "pk-ref", "href": url}, text)
    note = f"SOP {policy_id} is not published in this manual"
    return element(
        "span",
        {"class": "pk-ref pk-ref-missing", "title": note},
        text,
        element("span", {"class": "pk-visually-hidden"}, f" ({note})"),
    )


# --- the tree ----------------------------------------------------------------


def render_version(version: Version, links: Links = NO_LINKS) -> etree._Element:
    """The whole version as `<article class="pk-policy">`: title, status, header tables, sections."""
    definitions = {d.term.lower(): plain_text(d.definition) for d in version.definitions}
    links = replace(links, local={**links.local, **local_references(version)})
    return add_previews(element(
        "article",
        {"class": "pk-policy", "data-policy": version.policy, "data-version": version.version},
        element("h1", {"id": "top"}, f"SOP {version.policy} {version.title}"),
        render_status(version),
        render_header(version, links),
        *(render_section(section, version, links, definitions) for section in version.sections),
    ), links.preview)


_NOT_PREVIEWED = frozenset({"headerlink", "pk-changed", "pk-term"})
"""Permalinks, change marks and terms (which carry their own preview or tooltip)."""


def add_previews(root: etree._Element, preview: Callable[[str], str | None]) -> etree._Element:
    """Give each link under `root` that leads to a clause, definition or policy of the manual
    a preview of it (`PREVIEW_ATTRIBUTE`): references the renderer made and links staff wrote.

    The first link to an href holds the words; a later one to the same href gets an empty
    preview (policykit.js reads the first), so a term used in twenty clauses costs one."""
    seen: set[str] = set()
    for link in root.iter("a"):
        href = link.get("href")
        text = None if href is None else _preview_of(link, href, preview)
        if href is not None and text is not None:
            link.set(PREVIEW_ATTRIBUTE, "" if href in seen else text)
            seen.add(href)
    return root


def _preview_of(link: etree._Element, href: str,
                preview: Callable[[str], str | None]) -> str | None:
    """The words a link previews: its own (a term from another policy), or what `preview`
    says of where it leads; None for permalinks, change marks and a version's own terms."""
    own = link.get(PREVIEW_ATTRIBUTE)
    if own is not None:
        return own
    if not _NOT_PREVIEWED.isdisjoint(str(link.get("class", "")).split()):
        return None
    return preview(href)


def local_references(version: Version) -> dict[str, str]:
    """How text names this version's sections and clauses where its scheme is not apd (whose
    `2-55-4.A` form is found by pattern): a dotted address as itself, any other address in
    full (`G03-02.III.B`) or, for a Roman directive, without the policy id (`III.B`).

    A bare `III` or `300` names no link: too many words and numbers look like that."""
    if version.scheme == "apd":
        return {}
    found: dict[str, str] = {}
    for node in walk_version(version):
        address = node.address
        short = address.removeprefix(f"{version.policy}.")
        if version.scheme == "roman" and "." in short:
            found[short] = address
        if "." in address:
            found[address] = address
    return found


_STATUS_NOTES = {
    "draft": "Draft: not in force.",
    "effective": "In force",
    "superseded": "Superseded: no longer in force.",
    "rescinded": "Rescinded: no longer in force.",
}


def render_status(version: Version) -> etree._Element:
    """A banner saying whether the version is in force; drafts and old versions stand out."""
    effective = f" since {version.effective}" if version.effective else ""
    note = _STATUS_NOTES[version.status]
    text = f"{note}{effective}." if version.status == "effective" else note
    return element(
        "p", {"class": f"pk-status pk-status-{version.status}", "role": "note"}, text
    )


def describe_effective(version: Version) -> str:
    """The effective date, or why there is none: a draft is not yet in force; older
    versions recovered from undated documents simply have no recorded date."""
    if version.effective:
        return version.effective
    return "not yet" if version.status == "draft" else "date not recorded"


def render_header(version: Version, links: Links = NO_LINKS) -> etree._Element:
    """The header tables as a definition list: version, dates, related SOPs, forms, orders."""
    rows: list[tuple[str, Child]] = [
        ("Version", version.version),
        ("Status", version.status),
        ("Effective", describe_effective(version)),
    ]
    if version.supersedes:
        rows.append(("Supersedes", version.supersedes))
    if version.amends:
        rows.append(("Amends", ", ".join(version.amends)))
    tables = (
        ("Related SOPs", version.meta.related, True),
        ("Forms", version.meta.forms, False),
        ("Other resources", version.meta.other_resources, False),
        ("Rescinds", version.meta.rescinds, False),
    )
    for name, references, are_policies in tables:
        if references:
            rows.append((name, _reference_list(references, links if are_policies else NO_LINKS)))
    header = element("dl", {"class": "pk-header"})
    for name, value in rows:
        header.append(element("dt", None, name))
        header.append(element("dd", None, value))
    return header


def _reference_list(references: Sequence[Reference], links: Links) -> etree._Element:
    items = element("ul", {"class": "pk-references"})
    for reference in references:
        label = " ".join(part for part in (reference.id, reference.title) if part)
        url = links.policy(reference.id) if reference.id else None
        if url is not None:
            items.append(element("li", None, element("a", {"class": "pk-ref", "href": url}, label)))
        elif links is NO_LINKS or not reference.id:
            items.append(element("li", None, label))
        else:
            items.append(element("li", None, _policy_reference(label, reference.id, None)))
    return items


def render_section(
    section: Section, version: Version, links: Links, definitions: Mapping[str, str]
) -> etree._Element:
    """A section: its heading, lead paragraphs, definitions and clauses."""
    node = element(
        "section",
        {"class": "pk-section"},
        element(
            f"h{section.level}",
            {"id": section.address},
            *_section_heading(section),
            _sanction(section.sanction),
            _permalink(section.address),
        ),
    )
    render_paragraphs(section.text, node, _Linker(links, definitions))
    own = [d for d in version.definitions if d.section == section.address]
    if own:
        node.append(render_definitions(own, links, definitions))
    if section.children:
        node.append(_render_clauses(section.children, min(section.level + 1, 6), links, definitions))
    return node


def _section_heading(section: Section) -> list[Child]:
    """The number in its own span, then the title; a headed (unnumbered) section has no number."""
    if not section.number:
        return [section.title]
    return [element("span", {"class": "pk-number"}, section.number), f" {section.title}"]


def render_definitions(
    own: Sequence[Definition], links: Links, definitions: Mapping[str, str]
) -> etree._Element:
    """Defined terms as `<dl>`, each term anchored as `def-<slug>`."""
    listing = element("dl", {"class": "pk-definitions"})
    for definition in own:
        anchor = f"def-{slug(definition.term)}"
        listing.append(
            element(
                "dt",
                {"id": anchor},
                element("dfn", None, definition.term),
                _sanction(definition.sanction),
                _permalink(anchor),
            )
        )
        body = element("dd")
        render_paragraphs(definition.definition, body, _Linker(links, definitions))
        listing.append(body)
    return listing


def _render_clauses(
    clauses: Sequence[Clause], level: int, links: Links, definitions: Mapping[str, str]
) -> etree._Element:
    listing = element("ul", {"class": "pk-clauses"})
    for clause in clauses:
        listing.append(_render_clause(clause, level, links, definitions))
    return listing


def _render_clause(
    clause: Clause, level: int, links: Links, definitions: Mapping[str, str]
) -> etree._Element:
    # Few elements per clause: the site's search indexer reads every tag of every page.
    item = element("li", {"class": "pk-clause"})
    if clause.label is None:
        # An unlabelled paragraph: anchored, but no heading, so search keeps it with its parent.
        item.set("class", "pk-clause pk-paragraph")
        item.set("id", clause.address)
    else:
        item.append(element(
            f"h{level}",
            {"class": "pk-clause-label", "id": clause.address},
            f"{clause.label}. ",
            element("span", {"class": "pk-visually-hidden"}, clause.address),
            _permalink(clause.address),
        ))
    render_paragraphs(clause.text or " ", item, _Linker(links, definitions))
    first = item.find("p")
    if first is None:
        first = etree.SubElement(item, "p")
    sanction = _sanction(clause.sanction)
    if sanction is not None:
        first.insert(0, sanction)
        sanction.tail, first.text = first.text, None
    if clause.label is None:
        first.append(_permalink(clause.address))
    marker = _change_marker(clause.address, links)
    if marker is not None:
        item.append(marker)
    if clause.children:
        item.append(_render_clauses(clause.children, min(level + 1, 6), links, definitions))
    return item


def _permalink(address: str) -> etree._Element:
    # class="headerlink" exactly: the theme's search then leaves it out of result titles.
    return element(
        "a",
        {"class": "headerlink", "href": f"#{address}", "aria-label": f"Link to {address}"},
        "¶",
    )


def _sanction(sanction: str | None) -> etree._Element | None:
    if sanction is None:
        return None
    return element("span", {"class": "pk-sanction", "title": "Sanction classification",
                            "data-search-exclude": ""},
                   f"Sanction {sanction}")


def _change_marker(address: str, links: Links) -> etree._Element | None:
    url = links.changed.get(address)
    if url is None:
        return None
    # A quiet mark in the margin (policykit.css); its words are for screen readers and print.
    added = address in links.added
    text = "New in this version" if added else "Changed in this version"
    return element("a", {"class": f"pk-changed pk-changed-{'added' if added else 'modified'}",
                         "href": url, "title": f"{text}: see the redline",
                         "data-search-exclude": ""},
                   element("span", {"class": "pk-visually-hidden"}, f"{text}: see the redline"))


def render_clause_text(
    text: str, links: Links = NO_LINKS, definitions: Mapping[str, str] | None = None
) -> etree._Element:
    """One clause's text as `<div>` of paragraphs, references linked.

    `definitions` maps lower-cased defined terms to their tooltip text.
    """
    return render_paragraphs(text, element("div"), _Linker(links, dict(definitions or {})))
