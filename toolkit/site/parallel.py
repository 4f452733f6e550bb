"""The site's pages built a policy at a time, in parallel processes, kept on disk until shown.

    policies --site_builder--> SiteBuilder (links, glossary: what every page may point to)
             --per policy, in worker processes (toolkit.parallel)-->
                 cache "pages" hit?  the policy's page list
                 else render its pages, store each body in the cache under its own digest,
                  and read what search indexes of it (`SearchReader`, given by the caller)
             --> StoredPage per page (title, anchors, the keys of its HTML, its search
                 sections), in site order

A policy's page list is keyed by the policy's whole content (its versions, amendments and
the day it is judged on) and `SiteBuilder.context_key()` (what the links can reach), so a
second build of an unchanged manual renders nothing. Page bodies go to the cache, not into
memory: the mkdocs plugin reads each one back when mkdocs writes that page, so a large
build never holds every page at once. The output is the same for any number of jobs.

Search reads the pages here too: the theme's search parser, run in the main process as
mkdocs writes each page, was a quarter of a large build, serial. A policy's pages are read
in the worker that rendered them, from the trees it built (`toolkit.site.search_tree`: the
theme's parser's rules without parsing the HTML again), or where that walk cannot vouch for
the result by the parser the caller hands in (the theme's own), and what it found is kept
with the page list, so a warm build reads nothing again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from html import escape

from toolkit.cache import Cache, cache_key
from toolkit.errors import BuildError
from toolkit.model import Policy
from toolkit.parallel import run_in_parallel
from toolkit.site.pages import SiteBuilder, SitePage, cached_compare, site_builder
from toolkit.site.search import SearchSection, counted_sections
from toolkit.site.timeline import PublishedPolicy
from toolkit.site.urls import Urls

_ANCHOR = re.compile(r'\sid="([^"]+)"')
SearchReader = Callable[[str], tuple[SearchSection, ...]]
"""What the search indexer reads from a page body (the searched one), section by section:
the theme's parser, for the pages whose trees `read_tree_sections` leaves to it."""


@dataclass(frozen=True)
class StoredPage:
    """A generated page whose bodies wait in the cache."""

    page: SitePage
    """The page with empty bodies (`html` is "" and `search_html` None)."""
    policy: str | None
    """The policy whose pages it is among (None for the home page, lists and glossary)."""
    anchors: frozenset[str]
    """The ids in its body, as written in the HTML (escaped)."""
    html_key: str
    search_key: str | None
    """The key of the body search reads, when it differs from the shown one."""
    sections_key: str | None = None
    """The key of what the search indexer reads from the searched body (its sections,
    counted), read when the page was made; None when nobody read it (no `SearchReader`, or a
    page search leaves out). In the cache, not here: a large manual's would fill memory."""


class StoredSite:
    """Every generated page of one build, and how to fetch each body back."""

    def __init__(self, builder: SiteBuilder, pages: Sequence[StoredPage], cache: Cache) -> None:
        self.builder = builder
        self.pages = tuple(pages)
        self.cache = cache

    def html(self, stored: StoredPage, searched: bool = True) -> tuple[str, str | None]:
        """The page's shown body and its searched body (None when it is the shown one, or
        not `searched`: not wanted)."""
        search_key = stored.search_key if searched else None
        html = self.cache.get("html", stored.html_key)
        search = self.cache.get("html", search_key) if search_key else None
        if html is None or (search_key is not None and search is None):
            # The entry went (pruned by another build, or removed): render the page again.
            page = self._render_again(stored)
            return page.html, page.search_html if searched else None
        return html, search

    def sections(self, stored: StoredPage) -> tuple[SearchSection, ...] | None:
        """The page's search sections, read when it was made (None: not read, or gone from
        the cache since: let the indexer read the page)."""
        found = self.cache.get("search", stored.sections_key) if stored.sections_key else None
        return found if isinstance(found, tuple) else None

    def _render_again(self, stored: StoredPage) -> SitePage:
        policies = [p for p in self.builder.policies if p.id == stored.policy]
        pages = (self.builder.policy_pages(policies[0]) if policies
                 else list(self.builder.shared_pages()))
        for page in pages:
            if page.path == stored.page.path:
                return page
        raise BuildError(f"page {stored.page.path} is no longer generated")


def build_stored_site(
    policies: Sequence[Policy],
    cache: Cache,
    urls: Urls | None = None,
    external: Mapping[str, str] | None = None,
    jobs: int | None = None,
    policy_keys: Mapping[str, str | None] | None = None,
    read_search: SearchReader | None = None,
) -> StoredSite:
    """Every page of the manual, in `build_pages` order, with its bodies in `cache`.

    `policy_keys` (policy id -> `Parser.policy_key`) names each policy by the texts it was
    read from, which is quicker than by its whole content; a policy without one is named so.
    `read_search` reads each policy page's searched body where the page is made (shared
    pages are left to the indexer: they hold a hand-written page's words).
    """
    builder = site_builder(policies, urls, compare=cached_compare(cache), external=external,
                           read_search=read_search is not None)
    keys = policy_keys or {}
    # A page previews clauses and definitions of other policies (toolkit.site.xref), so what
    # every policy says is part of each policy's pages.
    context = cache_key(builder.context_key(), "read" if read_search else "",
                        *(keys.get(policy.id) or repr(policy) for policy in builder.policies))

    def policy_pages(index: int) -> list[StoredPage]:
        policy = builder.policies[index]
        # Published as of the build's day: the day is part of what the pages show.
        named = keys.get(policy.id)
        today = policy.today if isinstance(policy, PublishedPolicy) else ""
        content = f"{named}\0{today}" if named and today else repr(policy)
        return _policy_pages(builder, policy, cache_key("pages", context, content), cache,
                             read_search)

    per_policy = run_in_parallel(policy_pages, range(len(builder.policies)), jobs)
    shared = [store_page(page, None, cache) for page in builder.shared_pages()]
    middle = [page for pages in per_policy for page in pages]
    return StoredSite(builder, [*shared[:3], *middle, *shared[3:]], cache)


def _policy_pages(builder: SiteBuilder, policy: Policy, key: str, cache: Cache,
                  read_search: SearchReader | None = None) -> list[StoredPage]:
    found = cache.get("pages", key)
    if isinstance(found, list) and all(_complete(page, cache) for page in found):
        return found
    stored = [store_page(page, policy.id, cache, read_search, builder.urls)
              for page in builder.policy_pages(policy)]
    builder.forget(policy)
    cache.put("pages", key, stored)
    return stored


def _complete(page: object, cache: Cache) -> bool:
    return (isinstance(page, StoredPage) and cache.has("html", page.html_key)
            and (page.search_key is None or cache.has("html", page.search_key))
            and (page.sections_key is None or cache.has("search", page.sections_key)))


def store_page(page: SitePage, policy: str | None, cache: Cache,
               read_search: SearchReader | None = None, urls: Urls | None = None
               ) -> StoredPage:
    """`page` as a StoredPage of `policy` (None: a page about every policy), its bodies put
    in `cache` (and its searched body read with `read_search` and counted for the split
    index, unless search leaves it out; `urls` publish it)."""
    shown_key = _put_html(page.html, cache)
    search_key = _put_html(page.search_html, cache) if page.search_html is not None else None
    anchors = frozenset(_ANCHOR.findall(page.html))
    sections_key = None
    if read_search is not None and not page.search_exclude:
        sections_key = _put_sections(page, search_key or shown_key, read_search,
                                     urls or Urls(), cache)
    light = replace(page, html="", search_html=None, search_sections=None)
    return StoredPage(light, policy, anchors, shown_key, search_key, sections_key)


def _put_sections(page: SitePage, searched_key: str, read_search: SearchReader, urls: Urls,
                  cache: Cache) -> str:
    """Read and count the page's searched body (its key: `searched_key`) into `cache`."""
    # The page's title as the mkdocs plugin hands it to the theme: as HTML.
    url, title = urls.url(page.path), escape(page.title)
    key = cache_key("search", searched_key, url, title)
    if not cache.has("search", key):
        read = page.search_sections
        if read is None:  # not read from its tree as it was made
            read = read_search(page.html if page.search_html is None else page.search_html)
        cache.put("search", key, counted_sections(read, url, title))
    return key


def html_key(html: str) -> str:
    """The key a page body is kept under: a digest of the body itself."""
    return cache_key("html", html)


def _put_html(html: str, cache: Cache) -> str:
    key = html_key(html)
    if not cache.has("html", key):
        cache.put("html", key, html)
    return key
