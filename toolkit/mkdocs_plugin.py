"""The mkdocs plugin: hands the pages `toolkit.site` generates to mkdocs.

Thin on purpose: it reads the policies, adds one virtual file per generated
page, and swaps our HTML in after mkdocs renders the one-line stub, so
Python-Markdown never reads policy text. Enable it with
`plugins: [search, policykit]`.

Titles cross into mkdocs as HTML: its templates print page and nav titles
without escaping and the theme's search shows index titles as HTML, so every
title our pages carry (plain text, often policy text) is escaped here, once.

With mkdocs-material's search on, each policy page is read for search in the worker that
made it (`toolkit.site.parallel`: from its tree by the theme's parser's rules, else by the
theme's own parser), and the theme's index takes
those sections when mkdocs writes the page (`_SectionsFirst`) instead of parsing it again
in this process: the same entries, made in parallel and kept in the cache for a warm build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape, unescape
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from toolkit.cache import Cache, open_cache, throwaway_cache
from toolkit.errors import PolicyKitError, UnpublishableError
from toolkit.library import Library, Parser, load_library, read_external_policies
from toolkit.site import SitePage, Urls
from toolkit.site.feed import build_files
from toolkit.site.links import Published, broken_links, page_key
from toolkit.site.pages import policy_nav
from toolkit.site.parallel import SearchReader, StoredPage, StoredSite, build_stored_site
from toolkit.site.preview import render_error_banner, render_error_page
from toolkit.site.publish import as_given, refuse_policy_errors
from toolkit.site.search import (
    FieldCounts,
    SearchSection,
    ranked_meta,
    search_document,
    section_document,
    superseded_pages,
    write_search_index,
)
from toolkit.site.urls import POLICIES

ASSETS = Path(__file__).parent / "site" / "assets"
OVERRIDES = Path(__file__).parent / "site" / "overrides"
"""Theme templates we replace (a named search dialog); a project's own custom_dir still wins."""
REDLINE_CSS = Path(__file__).parent / "render" / "redline.css"
ASSET_FOLDER = "assets/policykit"
STYLESHEETS = ("redline.css", "policykit.css")
SCRIPTS = ("policykit.js", "point-in-time.js")
SHIM = "iframe-worker-shim.js"
SEARCH_SHIM = "policykit-search.js"
"""Swaps the theme's search worker for ours; loaded after the iframe-worker shim."""
SEARCH_WORKER = "pk-search-worker.js"
"""Answers the theme's search box from the split index (toolkit.site.search)."""
NO_CACHE_VARIABLE = "POLICYKIT_NO_CACHE"
JOBS_VARIABLE = "POLICYKIT_JOBS"
log = logging.getLogger("mkdocs.plugins.policykit")


class PolicykitConfig(Config):  # type: ignore[no-untyped-call]
    policies = config_options.Type(str, default="policies")
    """The policies folder, relative to mkdocs.yml."""


class PolicykitPlugin(BasePlugin[PolicykitConfig]):  # type: ignore[no-untyped-call]
    """Publishes `policies/` as pages: current, every version, history, redlines, glossary."""

    def __init__(self) -> None:
        self.library: Library | None = None
        """The policies; `policykit build` sets it after reading them, else on_config reads them."""
        self.use_cache: bool | None = None
        """Keep parsed trees, diffs and pages in the user's cache (`toolkit.cache`); None: ask
        the environment (`POLICYKIT_NO_CACHE`, set by `--no-cache`)."""
        self.jobs: int | None = None
        """Processes for the per-policy work; None: `POLICYKIT_JOBS`, else one per CPU."""
        self.parser: Parser | None = None
        """The parser `policykit build` checked the policies with (its trees are reused)."""
        self.site: StoredSite | None = None
        self.pages: dict[str, StoredPage] = {}
        self.prefixes: dict[str, str] = {}
        """The hand-written HTML a generated page starts with (the home page's own words)."""
        self.shown_content: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        """Each generated page's kind, by source path (hand-written pages have none)."""
        self.preview_check: Callable[[], None] | None = None
        """`policykit serve` sets it to check only the policies an edit changed."""
        self._resources = contextlib.ExitStack()
        self.superseded: frozenset[str] = frozenset()
        """URLs of the pages searched only when a reader asks for superseded versions."""
        self.theme_search: Any = None
        """The theme's search plugin, when it is mkdocs-material's and on: it is handed the
        search sections our workers read (`toolkit.site.parallel`) instead of parsing pages."""
        self.read_sections: dict[str, ReadPage] = {}
        """The sections the theme's search takes for the page being written, by source path."""
        self.counted: dict[str, FieldCounts | None] = {}
        """The search documents counted where their pages were made, by location, once the
        theme's search has made the same documents of them (None: two made at one location)."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.use_cache is None:
            self.use_cache = os.environ.get(NO_CACHE_VARIABLE, "") in ("", "0", "false")
        if self.jobs is None and os.environ.get(JOBS_VARIABLE, "").isdigit():
            self.jobs = int(os.environ[JOBS_VARIABLE])
        if self.library is None:
            self.parser = Parser(open_cache() if self.use_cache else None, self.jobs)
            self.library = _load(self.policies_folder(config), self.parser)
        _fix_build_date(self.library)
        _add_template_overrides(config)
        config.extra_css[:0] = [f"{ASSET_FOLDER}/{name}" for name in STYLESHEETS]
        config.extra_javascript.extend(f"{ASSET_FOLDER}/{name}" for name in SCRIPTS)
        polyfills = config.extra.setdefault("polyfills", [])
        if not any("iframe-worker" in str(url) for url in polyfills):
            polyfills.append(f"{ASSET_FOLDER}/{SHIM}")
        polyfills.append(f"{ASSET_FOLDER}/{SEARCH_SHIM}")
        if config.nav is not None:
            config.nav = [_expand_nav_item(item, self.library) for item in config.nav]
        return config

    def policies_folder(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").parent / self.config.policies

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.library is not None
        cache = self._cache()
        try:
            external = read_external_policies(self.policies_folder(config))
            keys = ({policy.id: self.parser.policy_key(policy) for policy in self.library.policies}
                    if self.parser is not None else None)
            self.theme_search = _theme_search(config)
            self.site = build_stored_site(self.library.policies, cache,
                                          Urls(config.use_directory_urls), external, self.jobs,
                                          keys, _section_reader(self.theme_search))
        except PolicyKitError as error:
            raise PluginError(str(error)) from error
        self.pages = {stored.page.path: stored for stored in self.site.pages}
        self.kinds = {stored.page.path: stored.page.kind for stored in self.site.pages}
        self.superseded = superseded_pages(self.library.policies,
                                           Urls(config.use_directory_urls))
        for stored in self.site.pages:
            if files.get_file_from_path(stored.page.path) is None:
                # Reached through links and the policy list, so mkdocs need not list them.
                files.append(File.generated(config, stored.page.path, content=_stub(stored.page),
                                            inclusion=InclusionLevel.NOT_IN_NAV))
        for extra in build_files(self.library.policies, Urls(config.use_directory_urls),
                                 title=config.site_name, site_url=config.site_url):
            files.append(File.generated(config, extra.path, content=extra.content))
        for name in (*STYLESHEETS, *SCRIPTS, SHIM, SEARCH_SHIM, SEARCH_WORKER,
                     "iframe-worker-LICENSE.txt"):
            source = REDLINE_CSS if name == "redline.css" else ASSETS / name
            if source.exists():
                files.append(File.generated(config, f"{ASSET_FOLDER}/{name}",
                                            abs_src_path=str(source)))
        # A warning, so `--strict` refuses to publish a link that leads nowhere.
        urls = Urls(config.use_directory_urls)
        project = Path(config.config_file_path or ".").parent
        for broken in broken_links(self.library.policies, urls, self.published(files, urls)):
            log.warning(f"{_shown_path(broken.link.source, project)}:{broken.link.line}: "
                        f"{broken.problem}")
        return files

    def _cache(self) -> Cache:
        """The user's cache, or with `--no-cache` a throwaway one removed after the build."""
        self._resources.close()
        if self.use_cache is False:
            return self._resources.enter_context(throwaway_cache())
        return open_cache()

    def published(self, files: Files, urls: Urls) -> Published:
        """Every URL the site will have, with the anchors of the pages we generate."""
        found: dict[str, frozenset[str] | None] = {page_key(file.url): None for file in files}
        for stored in self.pages.values():
            found[page_key(urls.url(stored.page.path))] = frozenset(
                unescape(anchor) for anchor in stored.anchors)
        return found

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        stored = self.pages.get(page.file.src_uri)
        if stored is None:
            return html
        # Let mkdocs check links from hand-written pages to our clause anchors.
        anchors = set(stored.anchors)
        prefix = ""
        if page.file.generated_by is None:
            # A hand-written page at a generated path (the home page): keep its words first.
            anchors |= page.present_anchor_ids or set()
            prefix = html
        else:
            page.toc = get_toc(_toc_tokens(stored.page))
        page.present_anchor_ids = anchors
        # The body stays in the cache until mkdocs writes this page (see _show_search_its_html):
        # holding every page's body at once is most of a large build's memory.
        self.prefixes[page.file.src_uri] = prefix
        return prefix

    @event_priority(100)
    def _show_search_its_html(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                              nav: Any) -> Any:
        # Runs before the search plugin indexes the page: fetch the body, hand search only
        # its searchable part, and rank guides and policy lists below the policy text.
        page.meta = ranked_meta(page.meta, self.kinds.get(page.file.src_uri))
        stored = self.pages.pop(page.file.src_uri, None)
        if stored is None or self.site is None:
            return context
        prefix = self.prefixes.pop(page.file.src_uri, "")
        if not prefix and self._hand_sections(page, stored):
            page.content, _ = self.site.html(stored, searched=False)
            if stored.search_key is not None:
                # As below: the theme strips search attributes from what it reads, not from
                # the body it shows (it reads nothing here).
                self.shown_content[page.file.src_uri] = page.content
                page.content = ""
            return context
        html, searchable = self.site.html(stored)
        page.content = prefix + html
        if searchable is not None:
            self.shown_content[page.file.src_uri] = page.content
            page.content = prefix + searchable
        return context

    def _hand_sections(self, page: Page, stored: StoredPage) -> bool:
        """Give the theme's search the sections read from the page for when it indexes it;
        whether it takes them (without the theme's search on, nobody indexes the page)."""
        index = getattr(self.theme_search, "search_index", None)
        if index is None or self.site is None:
            return False
        sections = self.site.sections(stored)
        if sections is None:
            return False
        if not isinstance(index.add_entry_from_context, _SectionsFirst):
            index.add_entry_from_context = _SectionsFirst(index, self.read_sections,
                                                          self.counted)
        # The URLs the workers published the page with, which counted its sections.
        self.read_sections[page.file.src_uri] = ReadPage(
            sections, self.site.builder.urls.url(stored.page.path), escape(stored.page.title))
        return True

    @event_priority(-100)
    def _restore_page_content(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                              nav: Any) -> Any:
        full = self.shown_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(_show_search_its_html, _restore_page_content)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.kinds:
            page.content = None  # written: let the body go
        return output

    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # After the search plugin writes its index, before `offline` copies it into a script.
        write_search_index(Path(config.site_dir), self.superseded, self.counted)
        self._let_go()

    def on_build_error(self, *, error: Exception) -> None:
        self._let_go()

    def _let_go(self) -> None:
        """After a build: prune the user's cache, remove a throwaway one, drop the pages."""
        if self.site is not None and self.use_cache is not False:
            self.site.cache.prune_now_and_then()
        self._resources.close()
        self.site, self.pages, self.prefixes = None, {}, {}
        self.theme_search, self.read_sections, self.counted = None, {}, {}

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        policies = self.policies_folder(config)
        server.watch(str(policies))
        PreviewErrors(server, as_given(policies), check=self.preview_check)
        return server


def _theme_search(config: MkDocsConfig) -> Any:
    """mkdocs-material's search plugin, when the site has it on (else None)."""
    try:
        theme = _material_search()
    except ImportError:
        return None
    for plugin in config.plugins.values():
        if isinstance(plugin, theme.SearchPlugin) and plugin.config.enabled:
            return plugin
    return None


def _material_search() -> Any:
    """mkdocs-material's search plugin module, imported on first use (the site may use
    another theme)."""
    import material.plugins.search.plugin as module  # type: ignore[import-untyped]

    return module


def _section_reader(theme_search: Any) -> SearchReader | None:
    return read_search_sections if theme_search is not None else None


def read_search_sections(html: str) -> tuple[SearchSection, ...]:
    """What mkdocs-material's search reads from a page body: its own parser's sections,
    without those it leaves out. Runs where the page is made (`toolkit.site.parallel`)."""
    parser = _material_search().Parser()
    parser.feed(html)
    parser.close()
    return tuple(SearchSection(section.id, "".join(section.title) if section.title else None,
                               "".join(section.text))
                 for section in parser.data if not section.is_excluded())


@dataclass(frozen=True)
class ReadPage:
    """A page's search sections, read where it was made, and what they were counted with."""

    sections: tuple[SearchSection, ...]
    url: str
    title: str
    """As HTML, as the page's metadata gives it to the theme."""


class _SectionsFirst:
    """Stands in for the theme's `SearchIndex.add_entry_from_context`: a page whose sections
    were read already is indexed from them, as the theme indexes what its parser reads (its
    own `create_entry_for_section`); any other page is parsed by the theme.

    A section's counts (`field_counts`) are kept for the split index only when the entry the
    theme made is the document they were counted from."""

    def __init__(self, index: Any, read: dict[str, ReadPage],
                 counted: dict[str, FieldCounts | None]) -> None:
        self.index = index
        self.parse = index.add_entry_from_context
        self.read = read
        self.counted = counted

    def __call__(self, page: Page) -> None:
        read = self.read.pop(page.file.src_uri, None)
        if read is None:
            self.parse(page)
            return
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        for section in read.sections:
            self.index.create_entry_for_section(_theme_section(section), page.toc, page.url,
                                                page)
            self._keep_counts(section, read)

    def _keep_counts(self, section: SearchSection, read: ReadPage) -> None:
        made = dataclasses.replace(search_document(self.index.entries[-1]), boost=1.0)
        fits = made == section_document(section, read.url, read.title)
        self.counted[made.location] = (section.counts if fits and made.location not in
                                       self.counted else None)


def _theme_section(section: SearchSection) -> Any:
    """`section` as the theme's parser would have left it."""
    theme = _material_search()
    made = theme.Section(theme.Element("hx"))
    made.id = section.anchor
    made.title = [] if section.title is None else [section.title]
    made.text = [section.text]
    return made


def _add_template_overrides(config: MkDocsConfig) -> None:
    """Put our templates after the project's custom_dir and before the theme's own."""
    dirs = config.theme.dirs
    if str(OVERRIDES) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES))


def _shown_path(source: str, project: Path) -> str:
    """A policy file's path as `check` shows it: from the project folder, when inside it."""
    path = Path(source)
    return str(path.relative_to(project)) if path.is_relative_to(project) else source


log = logging.getLogger("mkdocs.plugins.policykit")


class PreviewErrors:
    """Keeps `serve` answering after a bad edit, with the errors shown on every page.

    mkdocs' server stops answering after a failed rebuild: each request waits
    for a good one. Here a rebuild never fails: policies `check` rejects are not
    built at all, a build that fails anyway has its error logged, and until the
    next good build each page served carries a banner listing the errors.
    """

    def __init__(self, server: LiveReloadServer, policies: Path,
                 check: Callable[[], None] | None = None) -> None:
        self.policies = policies
        self._check = check or functools.partial(refuse_policy_errors, policies)
        """Raises UnpublishableError for what `check` rejects (by default: every policy)."""
        self.messages: list[str] = []
        """The errors of the last rebuild, as `file:line: message`; empty after a good one."""
        self._rebuild = server.builder
        self._inject: Callable[[bytes, int], bytes] = server._inject_js_into_html
        self._error_page = server.error_handler
        server.builder = self.rebuild
        server._inject_js_into_html = self.add_banner  # type: ignore[method-assign]
        server.error_handler = self.error_page

    def rebuild(self) -> None:
        logged: list[str] = []
        try:
            self._check()
            with collect_errors() as logged:
                self._rebuild()
            self.messages = []
            return
        except UnpublishableError as error:
            self.messages = error.diagnostics
            for message in error.diagnostics:
                log.error(message)
        except Exception as error:  # noqa: BLE001 - keep serving the last good site
            self.messages = logged or [str(error)]
            if not logged:
                log.error(str(error))
        log.error("not rebuilt: still serving the last good site, with the errors on each page")

    def add_banner(self, content: bytes, epoch: int) -> bytes:
        content = self._inject(content, epoch)
        if not self.messages:
            return content
        banner = render_error_banner(self.messages).encode()
        start = content.find(b"<body")
        body = content.find(b">", start) + 1 if start >= 0 else 0
        return content[:body] + banner + content[body:]

    def error_page(self, code: int) -> bytes | None:
        if self.messages:
            return render_error_page(self.messages).encode()
        return self._error_page(code)


class _Collector(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def collect_errors() -> Iterator[list[str]]:
    """The error messages mkdocs logs inside the block (it logs them, then raises a bare Abort)."""
    messages: list[str] = []
    collector = _Collector(messages)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        yield messages
    finally:
        logger.removeHandler(collector)


def _load(folder: Path, parser: Parser) -> Library:
    try:
        return load_library(folder, parser)
    except PolicyKitError as error:
        raise PluginError(str(error)) from error


_epoch_we_set: list[str] = []


def _fix_build_date(library: Library) -> None:
    """Date the build by its newest policy, so two builds of the same input are identical.

    mkdocs stamps the sitemap and its gzip header with the build date unless
    SOURCE_DATE_EPOCH is set; a value the user set is left alone.
    """
    dates = [version.effective for policy in library.policies for version in policy.versions
             if version.effective]
    newest = max(dates, default="2000-01-01")
    epoch = str(int(datetime.fromisoformat(newest).replace(tzinfo=UTC).timestamp()))
    if os.environ.get("SOURCE_DATE_EPOCH") in (None, *_epoch_we_set):
        os.environ["SOURCE_DATE_EPOCH"] = epoch
        _epoch_we_set[:] = [epoch]


def _expand_nav_item(item: Any, library: Library) -> Any:
    """`Policies: policies/index.md` in the nav becomes a section listing every policy."""
    if isinstance(item, dict) and len(item) == 1:
        (title, target), = item.items()
        if target == POLICIES:
            return {title: [POLICIES, *({escape(name): path}
                                        for name, path in policy_nav(library.policies))]}
    return item


def _stub(page: SitePage) -> str:
    """The markdown mkdocs renders before we swap in our HTML: front matter only.

    The title goes in as HTML: the theme prints `page.meta.title` raw into `<title>`,
    the header and the search index.
    """
    meta: dict[str, Any] = {"title": escape(page.title)}
    search: dict[str, Any] = {}
    if page.search_exclude:
        search["exclude"] = True
    if page.search_boost is not None:
        search["boost"] = page.search_boost
    if search:
        meta["search"] = search
    return f"---\n{yaml.safe_dump(meta, sort_keys=True, allow_unicode=True)}---\n"


def _toc_tokens(page: SitePage) -> list[Any]:
    """The page's table of contents, sections nested under the title (and a nested dotted
    section under its parent), as mkdocs wants it.

    The theme prints names and `#id` links into the page unescaped, so both go in as HTML.
    """
    tokens: list[Any] = []
    open_tokens: list[Any] = []  # the last token of each level above the current entry
    for entry in page.toc:
        token = {"level": entry.level, "id": escape(entry.anchor), "name": escape(entry.title),
                 "html": escape(entry.title), "data-toc-label": "", "children": []}
        while open_tokens and open_tokens[-1]["level"] >= entry.level:
            open_tokens.pop()
        (open_tokens[-1]["children"] if open_tokens else tokens).append(token)
        open_tokens.append(token)
    return tokens
