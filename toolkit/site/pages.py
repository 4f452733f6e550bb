"""The pages of the published manual, built from the policies alone.

`build_pages` is the whole job: it returns plain page objects (a source path,
a title and an HTML body built by our renderers), so the mkdocs plugin only
has to hand them to mkdocs, and another generator could take them as well.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from html import escape
from itertools import pairwise
from typing import Literal

from lxml import etree

from toolkit.cache import Cache, cache_key, cached
from toolkit.diff.definitions import definition_addresses
from toolkit.errors import BuildError
from toolkit.model import ChangeSet, Definition, Policy, Version
from toolkit.render.inline import render_paragraphs
from toolkit.render.policy_html import (
    Links,
    describe_effective,
    element,
    render_version,
    slug,
    to_html,
)
from toolkit.render.redline_html import AddressLinks, link_addresses
from toolkit.site import urls as paths
from toolkit.site.feed import BulletinLinks, bulletin_body
from toolkit.site.printing import print_header, redline_legend
from toolkit.site.search import SearchSection
from toolkit.site.search_tree import read_tree_sections
from toolkit.site.timeline import (
    HistoryLinks,
    PublishedPolicy,
    cite_box,
    history_body,
    mark_renumbered,
    publish,
    set_status,
    short_standing,
    state_url,
)
from toolkit.site.urls import Urls
from toolkit.site.xref import CrossReferences
from toolkit.tree import walk_version

PageKind = Literal["home", "policies", "policy", "version", "history", "redline", "glossary",
                   "changes"]
Compare = Callable[[Version, Version], ChangeSet]
RenderRedline = Callable[[ChangeSet], etree._Element]


@dataclass(frozen=True)
class TocEntry:
    """One line of a page's table of contents."""

    level: int
    """1 for the page title, 2 for a section, deeper for a nested dotted section."""
    anchor: str
    title: str
    """Plain text, often from a policy file; the mkdocs plugin escapes it for the theme."""


@dataclass(frozen=True)
class SitePage:
    """One generated page."""

    path: str
    """Source path in the docs folder (`policies/2-55/2023/index.md`)."""
    title: str
    """Plain text, often from a policy file; the mkdocs plugin escapes it for the theme."""
    kind: PageKind
    html: str
    """The page body, built with lxml and serialised as HTML."""
    toc: tuple[TocEntry, ...] = ()
    search_boost: float | None = None
    """Search ranking weight; below 1 for pages that repeat text found elsewhere."""
    search_html: str | None = None
    """The body without its `data-search-exclude` parts, for the search indexer to read
    (the theme parses every tag it is given, excluded or not); None when it equals `html`."""
    search_exclude: bool = False
    """True for pages whose text search should not show: permalinks of versions in force or
    no longer in force (the current page and the redlines hold that text)."""
    search_sections: tuple[SearchSection, ...] | None = None
    """What the theme's search parser reads from the searched body, read from the tree it was
    serialised from when the builder was asked to (`SiteBuilder.read_search`) and could
    (`read_tree_sections`); None: not read."""


@dataclass(frozen=True)
class Pair:
    """Two versions of one policy that get a redline page, oldest first."""

    old: Version
    new: Version

    @property
    def path(self) -> str:
        return paths.redline_path(self.old.policy, self.old.version, self.new.version)


def build_pages(
    policies: Sequence[Policy],
    urls: Urls | None = None,
    compare: Compare | None = None,
    redline: RenderRedline | None = None,
    today: str | None = None,
    external: Mapping[str, str] | None = None,
    only: Collection[str] | None = None,
    shared: bool = True,
) -> tuple[SitePage, ...]:
    """Every page of the manual: home, policy list, per policy its pages, and the glossary.

    Each policy is shown as it stands on `today` (default: the day of the build). `external`
    (from `policies/.external.yml`) says where policies kept elsewhere live: a reference to
    one whose entry is a web address links there. `only` (policy ids) limits the per-policy
    pages to those policies, and `shared=False` leaves out the pages about every policy (home,
    policy list, glossary, changes): `serve` after an edit.
    """
    return site_builder(policies, urls, compare, redline, today, external).pages(only, shared)


def site_builder(
    policies: Sequence[Policy],
    urls: Urls | None = None,
    compare: Compare | None = None,
    redline: RenderRedline | None = None,
    today: str | None = None,
    external: Mapping[str, str] | None = None,
    read_search: bool = False,
) -> SiteBuilder:
    """What `build_pages` builds with, for a caller that builds the pages a policy at a time
    (`read_search`: see `SiteBuilder.read_search`)."""
    policies = tuple(publish(policy, today) for policy in policies)
    check_version_names(policies)
    return SiteBuilder(
        policies=tuple(sorted(policies, key=lambda policy: _number_key(policy.id))),
        urls=urls or Urls(),
        compare=compare or _default_compare(),
        redline=redline or _default_redline(),
        external=external or {},
        read_search=read_search,
    )


def builder_with(builder: SiteBuilder, policies: Mapping[str, Policy],
                 compare: Compare | None = None,
                 redline: RenderRedline | None = None) -> SiteBuilder:
    """`builder` with `policies` in place of those of the same ids (published on its day),
    for `serve` after an edit: what links reach (clause addresses of the others, URLs, the
    external list) is taken from `builder` but for the replaced policies' own, and nothing is
    set up again for the other policies (at 500 policies that setup is most of a second)."""
    today = next((policy.today for policy in builder.policies
                  if isinstance(policy, PublishedPolicy)), None)
    fresh = {policy_id: publish(policy, today) for policy_id, policy in policies.items()}
    check_version_names(fresh.values())
    new = copy.copy(builder)
    new.policies = tuple(fresh.get(policy.id, policy) for policy in builder.policies)
    new.compare, new.redline = compare or builder.compare, redline or builder.redline
    new._changes, new._redlines = {}, {}
    new.by_id = {policy.id: policy for policy in new.policies}
    new.addresses = builder.addresses | {
        policy.id: frozenset(node.address for node in walk_version(policy.current))
        for policy in fresh.values()}
    new.glossary = _glossary_entries(new.policies)
    new.xref = CrossReferences(new.policies, new.urls, new.glossary)
    new.scheme_addresses = _scheme_addresses(new.policies, new.addresses)
    return new


def cached_compare(cache: Cache, compare: Compare | None = None) -> Compare:
    """`compare`, its change sets kept in `cache` by the two versions' full contents."""
    compare = compare or _default_compare()

    def compare_cached(old: Version, new: Version) -> ChangeSet:
        key = cache_key("diff", repr(old), repr(new))
        return cached(cache, "diff", key, lambda: compare(old, new))

    return compare_cached


def _web_address(where: str) -> str | None:
    """Where a policy kept elsewhere lives, when that is a web address to link to."""
    return where if where.startswith(("https://", "http://")) else None


def check_version_names(policies: Iterable[Policy]) -> None:
    """Refuse version names that would overwrite a policy's history or redline pages."""
    for policy in policies:
        for version in policy.versions:
            if version.version in paths.RESERVED_VERSION_NAMES:
                raise BuildError(
                    f'version name "{version.version}" is reserved for the site; rename the file',
                    version.source,
                    1,
                )


OTHER_VERSION_BOOSTS = {"draft": 0.5, "superseded": 0.1, "rescinded": 0.1}
"""Search ranking of a version page that is not the current one, by status; a status not
listed (the current version's own permalink) is left out of search."""

REDLINE_REPEATS = ("pk-side-by-side", "pk-steps", "pk-controls", "pk-evidence", "pk-unchanged")
"""Parts of a redline that repeat text or are controls: searching them only adds noise."""


def exclude_from_search(root: etree._Element, classes: Iterable[str]) -> etree._Element:
    """Mark the elements with any of `classes` `data-search-exclude`, so search skips them."""
    # One walk over the tree (an XPath query per class walked it once per class).
    wanted = frozenset(classes)
    for node in root.iterdescendants(etree.Element):
        names = node.get("class")
        if names and not wanted.isdisjoint(names.split()):
            _mark_excluded(node)
    return root


def _elements(found: object) -> list[etree._Element]:
    return [node for node in found if isinstance(node, etree._Element)] if isinstance(
        found, list) else []


def strip_for_search(root: etree._Element) -> str | None:
    """Remove the parts marked `data-search-exclude` from `root` (in place) and return what
    is left as HTML, lightened for the search parser (`lighten_for_search`); None if nothing
    is marked. Serialise the full page first."""
    marked = _elements(root.xpath(".//*[@data-search-exclude]"))
    if not marked:
        return None
    for node in marked:
        _remove_keeping_tail(node)
    return to_html(lighten_for_search(root))


_INLINE = frozenset({"a", "span", "abbr", "dfn", "em", "strong", "b", "i", "small", "time", "cite",
                     "q", "s", "u", "mark", "label", "bdi"})
"""Inline tags the theme's search parser neither keeps nor splits at: their words stay."""
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_READ_CLASSES = frozenset({"headerlink", "linenodiv"})
"""Classes the theme's search parser looks at (it compares the whole attribute)."""


def lighten_for_search(root: etree._Element) -> etree._Element:
    """`root` (in place) with only the markup the theme's search parser reads: the same index
    entries from far fewer tags and attributes (it walks its whole open-tag stack at each one).

    Heading permalinks of plain text go (the parser skips their text), inline tags give way to their words
    (unless one holds a heading or is a permalink), and of the attributes only ids and the
    classes the parser reads stay. The parser collapses a run of white space it is handed as
    one piece, so a tag whose removal would join such a run to other text stays.
    """
    for heading in root.iter(*_HEADINGS):
        if heading.get("id") is not None:
            for link in [a for a in heading.iter("a") if a.get("class") == "headerlink"]:
                # A permalink holding tags stays: the parser matches a kept tag's end to the
                # first of its kind open in the title, so removing one changes the others.
                if len(link) == 0 and _joins_cleanly(link):
                    _remove_keeping_tail(link)
    for node in [node for node in root.iterdescendants(*_INLINE)
                 if node.get("class") != "headerlink" and next(node.iter(*_HEADINGS), None) is None]:
        if _joins_cleanly(node):
            _unwrap(node)
    for node in root.iter(etree.Element):
        kept = {name: value for name, value in node.items()
                if name == "id" or name == "class" and value in _READ_CLASSES}
        node.attrib.clear()
        for name, value in kept.items():
            node.set(name, value)
    return root


def _joins_cleanly(node: etree._Element) -> bool:
    """Whether every run of text that removing `node`'s tags joins holds a word."""
    previous = node.getprevious()
    parent = node.getparent()
    before = previous.tail if previous is not None else parent.text if parent is not None else ""
    children = list(node)
    last = children[-1].tail if children else None
    return all(not text or not text.isspace() for text in (before, node.text, node.tail, last))


def _unwrap(node: etree._Element) -> None:
    """Replace `node` by its text and children (lxml.html's drop_tag, for any element)."""
    parent = node.getparent()
    if parent is None:
        return
    _append_before(node, parent, node.text)
    children = list(node)
    if children:
        children[-1].tail = (children[-1].tail or "") + (node.tail or "")
    else:
        _append_before(node, parent, node.tail)
    node.tail = None
    position = parent.index(node)
    parent[position:position + 1] = children


def _remove_keeping_tail(node: etree._Element) -> None:
    """Remove `node` and its words, keeping the text that follows it (lxml.html's drop_tree,
    for any element)."""
    parent = node.getparent()
    if parent is None:
        return
    _append_before(node, parent, node.tail)
    parent.remove(node)


def _append_before(node: etree._Element, parent: etree._Element, text: str | None) -> None:
    """Add `text` to the text just before `node`: its previous sibling's tail, or else its
    parent's text."""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (text or "")
    else:
        parent.text = (parent.text or "") + (text or "")


def _mark_excluded(node: etree._Element) -> None:
    # The theme's search parser ends an exclusion at the first closing tag of the same
    # name, so an element holding one of its own tag is excluded through its children.
    if next(node.iterdescendants(node.tag), None) is not None:
        for child in node:
            _mark_excluded(child)
    else:
        node.set("data-search-exclude", "")


def title_changes(root: etree._Element) -> etree._Element:
    """Open each change block with a (visually hidden) heading, its head left out of search.

    The theme's search splits its index at headings with ids; without them a redline is
    one huge entry, which is slow to index (the theme's parser is quadratic in a section's
    length) and lands every hit at the top of the page.
    """
    for change in root.iter("li"):
        block_id = str(change.get("id", ""))
        head = next((child for child in change
                     if "pk-change-head" in str(child.get("class", "")).split()), None)
        if not block_id.startswith("change-") or head is None:
            continue
        words = " ".join(" ".join(str(part.xpath("string()")).split())
                         for part in head if part.get("class") in ("pk-op", "pk-address"))
        change.insert(0, element("h2", {"id": f"{block_id}-title",
                                        "class": "pk-change-title pk-visually-hidden"}, words))
        head.set("data-search-exclude", "")
    return root


_HTML_SPECIAL = re.compile(r"[&<>]")


def escape_tooltips(root: etree._Element) -> etree._Element:
    """Escape each `title` attribute under `root` (in place) for the theme, which reads it as HTML.

    With `content.tooltips` mkdocs-material moves an element's title into a tooltip through
    innerHTML, so a definition reading `<img onerror=...>` would run; escaped, it reads as written.
    """
    for node in root.iter(etree.Element):
        title = node.get("title")
        if title is not None and _HTML_SPECIAL.search(title):
            node.set("title", escape(title, quote=False))
    return root


def _html(body: etree._Element) -> str:
    """A page body as the theme will read it: titles escaped, then serialised."""
    return to_html(escape_tooltips(body))


def policy_nav(policies: Iterable[Policy]) -> list[tuple[str, str]]:
    """(title, path) of each policy's current page, by number, for the site navigation."""
    ordered = sorted(policies, key=lambda policy: _number_key(policy.id))
    return [(f"{policy.id} {policy.current.title}", paths.policy_path(policy.id))
            for policy in ordered]


def _default_compare() -> Compare:
    from toolkit.diff import diff_versions

    return diff_versions


def _default_redline() -> RenderRedline:
    from toolkit.render.redline_html import render_redline

    def embedded(changes: ChangeSet) -> etree._Element:
        return render_redline(changes, standalone=False)

    return embedded


def _number_key(policy_id: str) -> tuple[tuple[int, str], ...]:
    """Sort `2-8` before `2-19` before `10-1`."""
    return tuple((int(part), "") if part.isdigit() else (0, part) for part in policy_id.split("-"))


def redline_pairs(policy: Policy) -> tuple[Pair, ...]:
    """Each consecutive pair, then each other version against the current one."""
    versions = policy.versions
    consecutive = [Pair(old, new) for old, new in pairwise(versions)]
    current = policy.current
    position = versions.index(current)
    against_current = [
        Pair(version, current) if index < position else Pair(current, version)
        for index, version in enumerate(versions)
        if abs(index - position) > 1
    ]
    return tuple(consecutive + against_current)


@dataclass
class SiteBuilder:
    policies: tuple[Policy, ...]
    urls: Urls
    compare: Compare
    redline: RenderRedline
    external: Mapping[str, str] = field(default_factory=dict)
    read_search: bool = False
    """Read each searched policy page for the theme's search from its tree as it is made
    (`SitePage.search_sections`), saving a parse of its HTML."""
    _changes: dict[tuple[str, str, str], ChangeSet] = field(default_factory=dict)
    _redlines: dict[tuple[str, str, str], etree._Element] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {policy.id: policy for policy in self.policies}
        self.addresses = {
            policy.id: frozenset(node.address for node in walk_version(policy.current))
            for policy in self.policies
        }
        self.glossary = _glossary_entries(self.policies)
        self.xref = CrossReferences(self.policies, self.urls, self.glossary)
        self.scheme_addresses = _scheme_addresses(self.policies, self.addresses)

    def policy_of(self, address: str) -> str:
        """`2-55-4.C` -> `2-55`; else the longest known policy id it starts with, since ids
        may hold dots: `G03-02.III.B` -> `G03-02`, `1.30.II.A` -> `1.30`, `300.3.1` -> `300`."""
        parts = address.split(".")
        known = (".".join(parts[:end]) for end in range(len(parts), 0, -1))
        return next((found for found in known if found in self.by_id), parts[0].rsplit("-", 1)[0])

    # --- the walk ---------------------------------------------------------------

    def pages(self, only: Collection[str] | None = None,
              shared: bool = True) -> tuple[SitePage, ...]:
        pages = [self.home(), self.policy_list(), self.glossary_page()] if shared else []
        for policy in self.policies:
            if only is None or policy.id in only:
                pages.extend(self.policy_pages(policy))
        if shared:
            pages.append(self.bulletin_page())
        return tuple(pages)

    def shared_pages(self) -> tuple[SitePage, ...]:
        """The pages about every policy: home, policy list, glossary, then the bulletin."""
        return (self.home(), self.policy_list(), self.glossary_page(), self.bulletin_page())

    def context_key(self) -> str:
        """A digest of everything a policy's pages depend on besides the policy itself: which
        policies, clauses and terms links can reach, where external policies live, URL style."""
        parts = [repr(self.urls), repr(sorted(self.external.items())), repr(sorted(self.glossary))]
        for policy in self.policies:
            parts.append(f"{policy.id}\0{policy.current.scheme}\0"
                         f"{sorted(self.addresses[policy.id])!r}")
        return cache_key("site-context", *parts)

    def forget(self, policy: Policy) -> None:
        """Let go of the policy's change sets and redline trees (a large build keeps one
        policy's at a time)."""
        for key in [key for key in self._changes if key[0] == policy.id]:
            del self._changes[key]
        for key in [key for key in self._redlines if key[0] == policy.id]:
            del self._redlines[key]

    def policy_pages(self, policy: Policy) -> list[SitePage]:
        current = policy.current
        pages = [self.version_page(policy, current, paths.policy_path(policy.id))]
        for version in policy.versions:
            pages.append(self.version_page(policy, version, paths.version_path(policy.id,
                                                                               version.version)))
        pages.append(self.history_page(policy))
        pairs = redline_pairs(policy)
        consecutive = {(old.version, new.version) for old, new in pairwise(policy.versions)}
        # A redline against the current version repeats its consecutive ones: not searched.
        pages.extend(self.redline_page(pair, searched=(pair.old.version, pair.new.version) in consecutive)
                     for pair in pairs)
        return pages

    def rendered(self, pair: Pair) -> etree._Element:
        """The pair's redline, rendered once: a copy each time (pages change their copy)."""
        key = (pair.old.policy, pair.old.version, pair.new.version)
        if key not in self._redlines:
            self._redlines[key] = self.redline(self.changes(pair))
        return copy.deepcopy(self._redlines[key])

    def changes(self, pair: Pair) -> ChangeSet:
        key = (pair.old.policy, pair.old.version, pair.new.version)
        if key not in self._changes:
            self._changes[key] = self.compare(pair.old, pair.new)
        return self._changes[key]

    # --- links ------------------------------------------------------------------

    def links(self, source: str, version: Version) -> Links:
        """How references resolve on the page `source` showing `version`."""
        own = frozenset(node.address for node in walk_version(version))

        def policy_url(policy_id: str) -> str | None:
            if policy_id not in self.by_id:
                return _web_address(self.external.get(policy_id, ""))
            return self.urls.link(source, paths.policy_path(policy_id))

        def address_url(address: str) -> str | None:
            if address in own:
                return f"#{address}"
            policy_id = self.policy_of(address)
            if address not in self.addresses.get(policy_id, frozenset()):
                return None
            return self.urls.link(source, paths.policy_path(policy_id), address)

        def term_url(term: str) -> str | None:
            if term not in self.glossary:
                return None
            return self.urls.link(source, paths.GLOSSARY, f"term-{slug(term)}")

        titles = {reference.title.lower(): reference.id
                  for reference in version.meta.related if reference.id and reference.title}
        return Links(policy=policy_url, address=address_url, term=term_url, titles=titles,
                     local=self.scheme_addresses, shared_terms=self.xref.terms,
                     shared_term=self.xref.shared_terms(source, version.policy),
                     preview=self.xref.previews(source))

    def change_links(self, source: str, policy: Policy, version: Version) -> Links:
        """Links for a version page, with its changes against the previous version marked."""
        links = self.links(source, version)
        index = policy.versions.index(version)
        if index == 0:
            return links
        pair = Pair(policy.versions[index - 1], version)
        changes = self.changes(pair)
        changed: dict[str, str] = {}
        added: set[str] = set()
        redline = self.urls.link(source, pair.path)
        for change in changes.changes:
            # Editorial changes (capitals, punctuation) are on the redline, not flagged here.
            if change.op == "unchanged" or change.editorial:
                continue
            # The redline anchors a change at its first new address (a split has several).
            for address in change.new:
                changed[address] = f"{redline}#change-{change.new[0]}"
                if change.op == "added":
                    added.add(address)
        return replace(links, changed=changed, added=frozenset(added))

    # --- pages --------------------------------------------------------------------

    def version_page(self, policy: Policy, version: Version, path: str) -> SitePage:
        is_current_page = path == paths.policy_path(policy.id)
        body = render_version(version, self.change_links(path, policy, version))
        body.insert(2, self.version_nav(policy, version, path))
        self.show_time(body, policy, version, path)
        body.insert(0, self.version_print_header(policy, version, path))
        toc = (TocEntry(1, "top", f"SOP {version.policy} {version.title}"),) + tuple(
            TocEntry(section.level, section.address, section.heading)
            for section in version.sections
        )
        # Search shows the text in force first, then drafts, then superseded text (labelled);
        # the current version's permalink only repeats the current page.
        boost = None if is_current_page else OTHER_VERSION_BOOSTS.get(version.status)
        duplicate = not is_current_page and boost is None
        no_longer = version.status in ("superseded", "rescinded")
        label = f"{version.version}, {version.status}" if no_longer else version.version
        full = _html(body)
        searched = None if duplicate else strip_for_search(body)
        return SitePage(
            path=path,
            title=f"{policy.id} {version.title}" + ("" if is_current_page else f" ({label})"),
            kind="policy" if is_current_page else "version",
            html=full,
            search_html=searched,
            toc=toc,
            search_boost=boost,
            search_exclude=duplicate,
            search_sections=None if duplicate else self.read_sections(body),
        )

    def show_time(self, body: etree._Element, policy: Policy, version: Version,
                  path: str) -> None:
        """Derived status, renumbering notes and the citation (toolkit.site.timeline)."""
        link = state_url(self.urls, path, policy.id)
        set_status(body, policy, version, link)
        mark_renumbered(body, policy, version, lambda old, new: self.changes(Pair(old, new)),
                        lambda name, address: self.urls.link(
                            path, paths.version_path(policy.id, name), address))
        permanent = link(version.version)
        if permanent == "./" and not self.urls.directory_urls:
            permanent = "index.html"  # from a folder, ./ opens the folder listing, not the page
        body.append(cite_box(policy, version, permanent))

    def version_print_header(self, policy: Policy, version: Version, path: str) -> etree._Element:
        facts = [("Version", version.version), ("Status", self.standing(version)),
                 ("Effective", describe_effective(version))]
        if version.replaced_by:
            facts.append(("Replaced by", version.replaced_by))
        permanent = self.urls.link(path, paths.version_path(policy.id, version.version))
        return print_header(f"SOP {policy.id} {version.title}", facts, permanent)

    def version_nav(self, policy: Policy, version: Version, path: str) -> etree._Element:
        """The line under the title: which version this is and where the others are."""
        nav = element("nav", {"class": "pk-version-nav", "aria-label": "Versions",
                              "data-search-exclude": ""})
        items = element("ul")
        for other in policy.versions:
            label = f"{other.version} ({short_standing(policy, other)})"
            if other is version:
                items.append(element("li", {"aria-current": "page"}, element("strong", None, label)))
            else:
                target = paths.version_path(policy.id, other.version)
                items.append(element("li", None,
                                     element("a", {"href": self.urls.link(path, target)}, label)))
        history = self.urls.link(path, paths.history_path(policy.id))
        items.append(element("li", None, element("a", {"href": history}, "History and changes")))
        if path != paths.policy_path(policy.id):
            permalink = element("p", {"class": "pk-permalink"},
                                "Permanent page of version ", version.version, ". ",
                                element("a", {"href": self.urls.link(path, paths.policy_path(
                                    policy.id))}, "Current version"), ".")
            nav.append(permalink)
        nav.append(items)
        return nav

    def history_page(self, policy: Policy) -> SitePage:
        path = paths.history_path(policy.id)
        pairs = {(pair.old.version, pair.new.version): pair.path for pair in redline_pairs(policy)}

        def redline(old: str, new: str) -> str | None:
            found = pairs.get((old, new))
            return self.urls.link(path, found) if found else None

        links = HistoryLinks(state=state_url(self.urls, path, policy.id), redline=redline,
                             feed=self.urls.file_link(path, paths.FEED),
                             bulletin=self.urls.link(path, paths.BULLETIN),
                             current=self.urls.link(path, paths.policy_path(policy.id)))
        body = history_body(policy, links)
        return SitePage(path, f"{policy.id} history", "history", _html(body),
                        (TocEntry(1, "top", f"SOP {policy.id} history"),),
                        search_sections=self.read_sections(body))

    def redline_page(self, pair: Pair, searched: bool = True) -> SitePage:
        path = pair.path
        old, new = pair.old, pair.new
        policy_id = old.policy
        heading = f"SOP {policy_id}: changes from {old.version} to {new.version}"
        intro = element(
            "p", {"class": "pk-redline-intro"},
            "Comparing ",
            element("a", {"href": self.urls.link(path, paths.version_path(policy_id, old.version))},
                    f"version {old.version}"), f" ({self.standing(old)}) with ",
            element("a", {"href": self.urls.link(path, paths.version_path(policy_id, new.version))},
                    f"version {new.version}"), f" ({self.standing(new)}). ",
            element("a", {"href": self.urls.link(path, paths.history_path(policy_id))}, "History"),
            ".",
        )
        redline = title_changes(
            exclude_from_search(self.rendered(pair), REDLINE_REPEATS))
        link_addresses(redline, AddressLinks(self.anchor_link(path, old),
                                             self.anchor_link(path, new)))
        facts = [(f"Old ({old.status})", f"{old.version}, effective {describe_effective(old)}"),
                 (f"New ({new.status})", f"{new.version}, effective {describe_effective(new)}")]
        body = element("div", {"class": "pk-redline-page"},
                       print_header(heading, facts, self.urls.link(path, path)),
                       element("h1", {"id": "top"}, heading), intro, redline_legend(), redline)
        full = _html(body)
        return SitePage(path, f"{policy_id} {old.version} to {new.version}", "redline",
                        full, (TocEntry(1, "top", heading),), search_boost=0.3,
                        search_html=strip_for_search(body) if searched else None,
                        search_exclude=not searched,
                        search_sections=self.read_sections(body) if searched else None)

    def read_sections(self, searched: etree._Element) -> tuple[SearchSection, ...] | None:
        """What the theme's search reads from the body serialised from `searched`, if asked."""
        return read_tree_sections(searched) if self.read_search else None

    def anchor_link(self, source: str, version: Version) -> Callable[[str], str | None]:
        """A clause or definition address to its anchor on the page of `version`."""
        anchors = {node.address: node.address for node in walk_version(version)}
        anchors |= {address: f"def-{slug(definition.term)}" for definition, address
                    in zip(version.definitions, definition_addresses(version), strict=True)}
        page = paths.version_path(version.policy, version.version)
        # One relative link to the page for every address on it (a redline shows hundreds).
        base = "" if source == page else self.urls.link(source, page)
        return lambda address: f"{base}#{anchors[address]}" if address in anchors else None

    def standing(self, version: Version) -> str:
        return short_standing(self.by_id[version.policy], version)

    def bulletin_page(self) -> SitePage:
        """Changes since a date, each with its redline (toolkit.site.feed); not searched, as
        the redline pages hold the same text."""
        path = paths.BULLETIN
        links = BulletinLinks(
            state=lambda policy_id, name: self.urls.link(path, paths.version_path(policy_id, name)),
            redline=lambda old, new: self.rendered(Pair(old, new)),
            redline_page=lambda policy_id, old, new: self.urls.link(
                path, paths.redline_path(policy_id, old, new)),
            feed=self.urls.file_link(path, paths.FEED))
        body = bulletin_body([publish(policy) for policy in self.policies], links)
        return SitePage(path, "Changes since a date", "changes", _html(body),
                        (TocEntry(1, "top", "Changes since a date"),), search_exclude=True)

    def home(self) -> SitePage:
        body = element("div", {"class": "pk-home"},
                       element("h2", {"id": "policies"}, "Policies"),
                       self.policy_table(paths.HOME))
        return SitePage(paths.HOME, "Home", "home", _html(body))

    def policy_list(self) -> SitePage:
        body = element("div", {"class": "pk-home"}, element("h1", {"id": "top"}, "Policies"),
                       self.policy_table(paths.POLICIES))
        return SitePage(paths.POLICIES, "Policies", "policies", _html(body))

    def policy_table(self, path: str) -> etree._Element:
        """Policies by number with title, status, effective date and last change."""
        head = element("thead", None, element("tr", None, *(
            element("th", {"scope": "col"}, name)
            for name in ("Number", "Title", "Status", "Effective", "Last change"))))
        rows = element("tbody")
        for policy in self.policies:
            rows.append(self.policy_row(policy, path))
        return element("div", {"class": "pk-table-wrap"},
                       element("table", {"class": "pk-policy-table"}, head, rows))

    def policy_row(self, policy: Policy, path: str) -> etree._Element:
        current = policy.current
        link = self.urls.link(path, paths.policy_path(policy.id))
        drafts = [version for version in policy.versions if version.status == "draft"]
        status = element("td", None, short_standing(policy, current))
        for draft in drafts:
            draft_link = self.urls.link(path, paths.version_path(policy.id, draft.version))
            status.append(element("br"))
            status.append(element("a", {"href": draft_link, "class": "pk-draft-link"},
                                  f"draft {draft.version} (not in force)"))
        index = policy.versions.index(current)
        if index:
            pair = Pair(policy.versions[index - 1], current)
            last: etree._Element | str = element(
                "a", {"href": self.urls.link(path, pair.path)},
                f"{pair.old.version} to {current.version}")
        else:
            last = "first version"
        return element("tr", None,
                       element("td", None, element("a", {"href": link}, policy.id)),
                       element("td", None, current.title), status,
                       element("td", None, describe_effective(current)),
                       element("td", None, last))

    def glossary_page(self) -> SitePage:
        path = paths.GLOSSARY
        body = element("div", {"class": "pk-glossary"}, element("h1", {"id": "top"}, "Glossary"),
                       element("p", None, "Terms defined by the policies in force, A to Z."))
        toc = [TocEntry(1, "top", "Glossary")]
        for term, entries in sorted(self.glossary.items()):
            anchor = f"term-{slug(term)}"
            body.append(element("h2", {"id": anchor}, entries[0][1].term))
            toc.append(TocEntry(2, anchor, entries[0][1].term))
            listing = element("dl", {"class": "pk-glossary-entry"})
            for version, definition in entries:
                target = self.urls.link(path, paths.policy_path(version.policy),
                                        f"def-{slug(definition.term)}")
                listing.append(element("dt", None, element(
                    "a", {"href": target}, f"SOP {version.policy} {version.title}")))
                listing.append(render_paragraphs(definition.definition, element("dd")))
            body.append(listing)
        return SitePage(path, "Glossary", "glossary", _html(body), tuple(toc))


_Builder = SiteBuilder
"""Its former name (tests build one directly)."""


def _scheme_addresses(policies: Iterable[Policy],
                      addresses: Mapping[str, frozenset[str]]) -> dict[str, str]:
    """Full addresses of the schemes whose numbers the reference pattern cannot know by shape."""
    return {address: address for policy in policies if policy.current.scheme != "apd"
            for address in addresses[policy.id] if "." in address}


def _glossary_entries(
    policies: Iterable[Policy],
) -> Mapping[str, list[tuple[Version, Definition]]]:
    """Lower-cased term -> the current versions that define it, and how."""
    entries: dict[str, list[tuple[Version, Definition]]] = {}
    for policy in policies:
        for definition in policy.current.definitions:
            entries.setdefault(definition.term.lower(), []).append((policy.current, definition))
    return entries

