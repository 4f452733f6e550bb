"""`policykit serve`: one full build, then each edit re-renders only the pages it touches.

    start --full build, its state recorded--> the site in a temporary folder, live reload
    edit  --inotify: the write--> check the changed policies (a stat a file, then theirs)
          --> reread them --the last build's builder, them replaced: their pages--> pages
          that differ --mkdocs renders each as a full build does--> the browsers showing
          them reload
    then  --the rebuild it asks for: the pages citing them, and the lists when they show
          something that changed--> the same, then the search files of every page re-rendered
          --> the browsers showing a page it wrote reload

mkdocs renders each page (`_populate_page`, `_build_page`) with the configuration,
files, navigation and template environment kept from the last full build, so a
re-rendered page is the page a full build writes. What an edit may touch before a
full rebuild is needed: `toolkit.site.incremental`. The preview keeps the embedded
redlines in memory between rebuilds, and diffs and page bodies in the user's cache
(`toolkit.cache`), where a build finds them too; `--no-cache` keeps them in a
throwaway cache of its own instead, removed when the preview stops.

Full builds go through the plugin as `policykit build` does (stored pages, the split
search index, split here a moment before the plugin would, keeping a `SplitIndex`). A
re-render stores its pages in the same cache and hands them to the plugin as stored pages;
the follow-up then replaces the re-rendered pages' documents in that index, which writes
only the files that hold those pages' documents and terms (`toolkit.site.search.SplitIndex`):
depending on the words, that is from a tenth of a second to seconds at 500 policies, so the
edited page does not wait for it. A new edit interrupts a follow-up, which it then includes.

mkdocs' server reloads every open page after any rebuild and watches files by polling them
every 0.5 s; here the kernel reports a write as it happens (`file_watcher`), and an open page
reloads only when a rebuild wrote it (`PageReloads`), so the editor's page reloads once.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import logging
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer, _serve_url, _timestamp
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from toolkit.cache import Cache, open_cache, throwaway_cache
from toolkit.check import check_paths
from toolkit.errors import PolicyKitError, UnpublishableError
from toolkit.library import Library, Parser, load_library, load_policy, read_external_policies
from toolkit.mkdocs_plugin import PolicykitPlugin, _stub
from toolkit.model import Policy
from toolkit.site import SitePage, Urls
from toolkit.site.feed import build_files
from toolkit.site.incremental import (
    POLICIES_ROOT,
    DiffMemo,
    Seen,
    SourceTexts,
    changed_pages,
    changed_policies,
    citing_policies,
    definitions,
    embedded_pairs,
    listed_face,
    outward_face,
    own_pages,
    page_digest,
    snapshot,
    with_policies,
)
from toolkit.site.pages import SiteBuilder, builder_with, site_builder
from toolkit.site.parallel import StoredSite, store_page
from toolkit.site.publish import as_given, refuse_policy_errors
from toolkit.site.search import (
    SearchDocument,
    SplitIndex,
    replace_text,
    search_document,
    split_search_index,
    superseded_pages,
    write_index_change,
)

log = logging.getLogger("mkdocs.plugins.policykit.serve")
POLLING_SECONDS = 0.5
"""How often the fallback watcher looks at every watched file (mkdocs' interval)."""


@dataclass
class BuiltSite:
    """What the last good build left, for the re-renders that follow it."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    plugin: PolicykitPlugin
    library: Library
    digests: dict[str, str]
    """Each generated page's `page_digest`, by source path."""
    sources: dict[str, str]
    """The watched files as they were when it was built (`incremental.snapshot`)."""
    search: SplitIndex | None
    """The split search index, kept to replace a few pages' documents."""
    cache: Cache
    """Where re-rendered pages keep their bodies until mkdocs writes them."""
    builder: SiteBuilder | None = None
    """What the last build made pages with (its policies published): an edit's builder is
    this one with the edited policies replaced (`builder_with`)."""


@dataclass(frozen=True)
class Candidates:
    """The pages an edit may have changed, made again, with what made them."""

    builder: SiteBuilder
    pages: tuple[tuple[str | None, SitePage], ...]
    """(the policy whose page it is, None for a page about every policy; the page)."""


SearchPages = Mapping[str, Sequence[SearchDocument]]
"""A rendered page's URL -> its documents in the theme's index (none: a page not searched)."""


@dataclass(frozen=True)
class Later:
    """What an edit touched that the rebuild after the one that shows it does: pages to
    render, and the search index."""

    cited: frozenset[str] = frozenset()
    """The edited policies: the pages of the policies citing them (`citing_policies`) preview
    their clauses."""
    shared: bool = False
    """Whether the pages about every policy (home, lists, glossary, changes, feed) too."""
    search: SearchPages = field(default_factory=dict)
    """Pages rendered already whose documents the split search index does not have yet."""

    def __bool__(self) -> bool:
        return bool(self.cited) or self.shared or bool(self.search)

    def __or__(self, other: Later) -> Later:
        return Later(self.cited | other.cited, self.shared or other.shared,
                     {**self.search, **other.search})


@dataclass(frozen=True)
class Plan:
    """What the check before a rebuild found: the files now, and the policies changed."""

    sources: dict[str, str]
    changed: frozenset[str]


class _Recorder(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Keeps what a full build made of the files, navigation and pages, as the last plugin
    to see each."""

    def __init__(self) -> None:
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: jinja2.Environment | None = None
        self.digests: dict[str, str] = {}
        self.search: SplitIndex | None = None
        self.builder: SiteBuilder | None = None

    @event_priority(-100)  # after every other plugin's
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.files = files
        plugin = config.plugins.get("policykit")
        if isinstance(plugin, PolicykitPlugin):
            self.digests = {path: page_digest(page) for path, page in plugin.pages.items()}
        return files

    @event_priority(-100)  # after every other plugin's
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    @event_priority(-100)  # after every other plugin's
    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        self.env = env
        return env

    @event_priority(-10)  # after the theme's search writes its index, before policykit splits it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Split here, as the plugin would (it finds the index split), keeping what a re-render
        # needs to make again only the files its pages' documents and terms are in.
        plugin = config.plugins.get("policykit")
        if isinstance(plugin, PolicykitPlugin):
            self.search = split_search_index(Path(config.site_dir), plugin.superseded)
            self.builder = plugin.site.builder if plugin.site is not None else None


@dataclass(frozen=True)
class Server:
    """What a re-render asks of mkdocs' live-reload server (none in tests). mkdocs 1.x has no
    public way to ask these; it is pinned below 2, whose server is another."""

    server: LiveReloadServer | None

    def ask_rebuild(self) -> None:
        """Rebuild once more after this rebuild, as if a file changed: the browsers reload
        for this one first."""
        if self.server is not None:
            with self.server._rebuild_cond:
                self.server._want_rebuild = True
                self.server._rebuild_cond.notify_all()

    def serve_meanwhile(self) -> None:
        """Serve pages during this rebuild (the server holds each request until a rebuild
        is done), and reload no browser after it unless `hold_requests` is called."""
        if self.server is not None:
            with self.server._epoch_cond:
                self.server._wanted_epoch = self.server._visible_epoch
                self.server._epoch_cond.notify_all()

    def edited(self) -> bool:
        """Whether a file changed since this rebuild started."""
        return self.server is not None and self.server._want_rebuild

    def hold_requests(self) -> None:
        """Hold requests from now until this rebuild is done, then reload the browsers."""
        if self.server is not None:
            with self.server._epoch_cond:
                self.server._wanted_epoch = _timestamp()


class LivePreview:
    """The preview's builder: a full build, or after an edit to policies, only its pages."""

    def __init__(self, config_file: Path, dev_addr: str, site_dir: Path,
                 memo: DiffMemo | None, cache: Cache | None = None) -> None:
        self.config_file = config_file
        self.dev_addr = dev_addr
        self.site_dir = site_dir
        self.memo = memo
        self.cache = cache or open_cache()
        """Parsed trees and page bodies of re-renders (the user's cache, or with `--no-cache`
        a throwaway one)."""
        self.serve_url: str | None = None
        self.site: BuiltSite | None = None
        self.plan: Plan | None = None
        self.later = Later()
        """What the last re-render left for the next rebuild."""
        self.server = Server(None)
        """The live-reload server serving the site (`_serve` sets it)."""
        self.roots: dict[str, Path] = {}
        self.seen: Seen = {}
        self.texts = SourceTexts()
        """The policy files' texts, to find the policies citing an edited one."""
        self.written: frozenset[str] | None = None
        """The URLs of the pages the last rebuild wrote, when it re-rendered (None: a full
        build, or no rebuild)."""

    def load_config(self) -> MkDocsConfig:
        config = load_config(str(self.config_file), site_dir=str(self.site_dir),
                             dev_addr=self.dev_addr)
        if self.serve_url is None:
            host, port = config.dev_addr
            self.serve_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)
        config.site_url = self.serve_url
        return config

    # --- the builder LiveReloadServer calls (through PreviewErrors) -------------------------

    def __call__(self) -> None:
        plan, self.plan = self.plan, None
        self.written = None
        if plan is not None and self.site is not None and self.try_update(self.site, plan):
            return
        self.server.hold_requests()
        self.full_build()

    def try_update(self, site: BuiltSite, plan: Plan) -> bool:
        """`update`, with a full build to fall back on if re-rendering fails (the full
        build then reports the problem as it always has)."""
        try:
            return self.update(site, plan)
        except Exception as error:  # noqa: BLE001 - a full build is the way out of any fault
            log.warning(f"Re-rendering failed ({error}): every page is built again")
            return False

    def check(self) -> None:
        """Raise UnpublishableError for the errors `check` finds in what changed since the
        last good build: the changed policies, or every policy when that cannot be told."""
        self.plan = None
        sources = snapshot(self.roots, self.seen)
        changed = changed_policies(self.site.sources, sources) if self.site else None
        policies = as_given(self.roots[POLICIES_ROOT])
        if changed is None:
            refuse_policy_errors(policies)
            return
        folders = [policies / policy_id for policy_id in sorted(changed)]
        # Through the build's parser: the trees read here are the ones `reread` finds.
        parser = self.site.plugin.parser if self.site else None
        errors = [str(found) for found in check_paths(folders, parser)
                  if found.severity == "error"]
        if errors:
            raise UnpublishableError(errors, str(policies))
        self.plan = Plan(sources, changed)

    # --- a full build ---------------------------------------------------------------------

    def full_build(self, config: MkDocsConfig | None = None) -> MkDocsConfig:
        """Build the whole site, as `mkdocs serve` does, keeping what later re-renders need."""
        log.info("Building documentation...")
        config = config or self.load_config()
        plugin = config.plugins.get("policykit")
        recorder = _Recorder()
        config.plugins["policykit-serve"] = recorder
        self.site = None
        self.later = Later()  # the full build renders every page
        gc.unfreeze()  # the last build's objects: let go of them before building again
        gc.collect()
        if isinstance(plugin, PolicykitPlugin):
            self.roots = {POLICIES_ROOT: plugin.policies_folder(config),
                          "pages": Path(config.docs_dir), "config": self.config_file}
        # Taken before the files are read: an edit made during the build is seen next time.
        sources = snapshot(self.roots, self.seen)
        if isinstance(plugin, PolicykitPlugin):
            plugin.parser = Parser(self.cache)
            plugin.library = load_library(self.roots[POLICIES_ROOT], plugin.parser)
            if self.memo is not None:
                self.memo.keep_only(embedded_pairs(plugin.library.policies))
        build(config, serve_url=self.serve_url)
        if isinstance(plugin, PolicykitPlugin) and plugin.library is not None and \
                recorder.files is not None and recorder.nav is not None and \
                recorder.env is not None:
            self.site = BuiltSite(config, recorder.files, recorder.nav, recorder.env, plugin,
                                  plugin.library, recorder.digests, sources, recorder.search,
                                  self.cache, recorder.builder)
        # What the build keeps lives as long as the preview: the collector need not walk it
        # again at every rebuild (at 500 policies each full collection took seconds).
        gc.collect()
        gc.freeze()
        return config

    # --- re-rendering what an edit touched ---------------------------------------------------

    def update(self, site: BuiltSite, plan: Plan) -> bool:
        """Re-render the pages an edit touches; False when a full build is needed.

        The edited policies' own pages first: they are what the editor looks at, so the
        browsers reload as soon as those are written. The pages that preview the edited
        policies' clauses (`citing_policies`) and the pages about every policy follow in a
        second rebuild that this one asks the server for (`Server.ask_rebuild`), with whatever
        was edited meanwhile; pages are served while it builds them in memory, and the
        browsers reload after it only if it wrote any.
        """
        start = time.monotonic()
        later, self.later = self.later, Later()
        if not plan.changed and not later:
            site.sources = plan.sources
            self.written = frozenset()
            log.info("Nothing the site shows has changed")
            return True
        if not plan.changed:  # the follow-up: pages are served while it finds what changed
            self.server.serve_meanwhile()
            if self.server.edited():
                return self.wait_for_edit(later)
        policies = self.reread(site, plan.changed)
        builder = self.builder(site, policies) if policies is not None else None
        if policies is None or builder is None:
            return False
        library = Library(site.library.root, with_policies(site.library.policies, policies))
        embedded = embedded_pairs(builder.policies)
        if self.memo is not None:
            self.memo.keep_only(embedded)
        if plan.changed:  # what they touched beyond their own pages waits for the follow-up
            shared = self.lists_change(site, library, plan.changed) or any(
                old.policy in plan.changed for old, _ in embedded)
            self.later, later = later | Later(plan.changed, shared), Later()
        citing = citing_policies(library.policies, later.cited,
                                 self.texts) if later.cited else frozenset()
        # A follow-up stops making pages when a new edit comes: that edit goes first.
        candidates = self.candidate_pages(site, builder, plan.changed, citing, later.shared,
                                          lambda: not plan.changed and self.server.edited())
        if candidates is None:
            return False
        fresh = {page.path for page in changed_pages((p for _, p in candidates.pages),
                                                     site.digests)}
        todo = [(owner, page) for owner, page in candidates.pages if page.path in fresh]
        if not plan.changed and self.server.edited():
            return self.wait_for_edit(later)
        if not plan.changed and (todo or later.shared):
            self.server.hold_requests()  # until the pages are written, then reload
        site.plugin.superseded = superseded_now(site, policies)
        searched = render_pages(site, candidates.builder, todo)
        unindexed = {**later.search, **searched}
        if plan.changed or self.server.edited():
            # The browsers reload first (a new edit goes first): the index waits for a follow-up.
            self.later = self.later | Later(search=unindexed)
        else:
            update_search(site, unindexed)
        if later.shared:
            update_files(site, library)
        site.library = site.plugin.library = library
        site.builder = builder
        site.digests.update((page.path, page_digest(page)) for _, page in todo)
        site.sources = plan.sources
        edited = f" for policy {', '.join(sorted(plan.changed))}" if plan.changed else (
            " that preview the last edit or list every policy")
        log.info(f"Re-rendered {len(todo)} page(s){edited} "
                 f"in {time.monotonic() - start:.2f} seconds")
        if self.later:
            self.server.ask_rebuild()
        self.written = frozenset(searched)
        return True

    def wait_for_edit(self, later: Later) -> bool:
        """Leave what this follow-up was to do to the one after the edit that just came."""
        self.later = later | self.later
        self.written = frozenset()
        log.info("A new edit came: the pages that preview the last one wait for it")
        return True

    def reread(self, site: BuiltSite, changed: frozenset[str]) -> dict[str, Policy] | None:
        """The changed policies read again; None when what other pages show of one changed."""
        before = {policy.id: policy for policy in site.library.policies}
        policies: dict[str, Policy] = {}
        for policy_id in changed:
            try:
                policy = load_policy(site.library.root / policy_id, site.plugin.parser)
            except PolicyKitError:
                return None  # the full build reports it as it always has
            if not policy.versions or outward_face(policy) != outward_face(before[policy_id]):
                log.info(f"Policy {policy_id}: its title, clause numbers or defined terms "
                         "changed, so every page is built again")
                return None
            if definitions(policy) != definitions(before[policy_id]):
                log.info(f"Policy {policy_id}: a definition changed, which pages using the term "
                         "preview, so every page is built again")
                return None
            policies[policy_id] = policy
        return policies

    @staticmethod
    def lists_change(site: BuiltSite, library: Library, changed: frozenset[str]) -> bool:
        """Whether the pages about every policy list the changed ones differently (the
        redlines the changes page embeds aside)."""
        before = {policy.id: policy for policy in site.library.policies}
        now = {policy.id: policy for policy in library.policies}
        return any(listed_face(before[policy_id]) != listed_face(now[policy_id])
                   for policy_id in changed)

    def builder(self, site: BuiltSite, policies: Mapping[str, Policy]) -> SiteBuilder | None:
        """What the edit's pages are made with: the last build's, the edited policies replaced
        (None when one cannot be published: a full build reports it)."""
        memo = self.memo
        compare, redline = (memo.compare, memo.redline) if memo else (None, None)
        try:
            if site.builder is not None:
                return builder_with(site.builder, policies, compare, redline)
            library = site.library
            return site_builder(with_policies(library.policies, policies),
                                Urls(site.config.use_directory_urls), compare=compare,
                                redline=redline, external=read_external_policies(library.root))
        except PolicyKitError:
            return None

    @staticmethod
    def candidate_pages(site: BuiltSite, builder: SiteBuilder, changed: frozenset[str],
                        citing: frozenset[str], shared: bool,
                        stop: Callable[[], bool] = lambda: False) -> Candidates | None:
        """The pages of the changed policies and of those `citing` them (their previews of the
        changed clauses), with `shared` the pages about every policy; None when the set of
        pages itself changed (a version added or removed). Some only, when `stop()` becomes
        true (checked first and before each policy)."""
        try:
            pages: list[tuple[str | None, SitePage]] = (
                [(None, page) for page in builder.shared_pages()] if shared and not stop()
                else [])
            for policy in builder.policies:
                if (policy.id in changed or policy.id in citing) and not stop():
                    pages.extend((policy.id, page) for page in builder.policy_pages(policy))
        except PolicyKitError:
            return None
        for policy_id in changed:
            if own_pages(policy_id, site.digests) != own_pages(
                    policy_id, (page.path for owner, page in pages if owner == policy_id)):
                log.info(f"Policy {policy_id} has other pages now: every page is built again")
                return None
        return Candidates(builder, tuple(pages))


def superseded_now(site: BuiltSite, policies: Mapping[str, Policy]) -> frozenset[str]:
    """The pages searched only when a reader asks (`superseded_pages`), with `policies`
    replacing the library's of the same ids (each policy's pages depend on it alone)."""
    urls = Urls(site.config.use_directory_urls)
    before = [policy for policy in site.library.policies if policy.id in policies]
    return (site.plugin.superseded - superseded_pages(before, urls)) | superseded_pages(
        policies.values(), urls)


def render_pages(site: BuiltSite, builder: SiteBuilder,
                 pages: Sequence[tuple[str | None, SitePage]]) -> dict[str, list[SearchDocument]]:
    """Hand each page to mkdocs as the full build did (as a stored page, its bodies in the
    preview's cache); the documents the theme's search made of each page written, by URL."""
    config, files, plugin = site.config, site.files, site.plugin
    search = _fresh_search_index(config)
    stored = [store_page(page, owner, site.cache) for owner, page in pages]
    rendered: list[File] = []
    with _handed_to(plugin, StoredSite(builder, stored, site.cache)):
        for page in stored:
            file = files.get_file_from_path(page.page.path)
            if file is None or file.page is None:
                continue
            if file.generated_by is not None:
                file.content_string = _stub(page.page)
            plugin.pages[page.page.path] = page
            plugin.kinds[page.page.path] = page.page.kind
            _populate_page(file.page, config, files)
            rendered.append(file)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in rendered:
            assert file.page is not None
            _build_page(file.page, config, doc_files, site.nav, site.env)
    for file in rendered:
        assert file.page is not None
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    found: dict[str, list[SearchDocument]] = {file.url: [] for file in rendered}
    for entry in search.search_index.entries if search is not None else ():
        document = search_document(entry)
        found.setdefault(document.page, []).append(document)
    return found


def update_search(site: BuiltSite, pages: SearchPages) -> None:
    """Put the documents of `pages` in the split search index in place of theirs, writing the
    files that changed."""
    if site.search is None or not pages:
        return
    fresh = [document for documents in pages.values() for document in documents]
    change = site.search.replace_pages(fresh, list(pages), site.plugin.superseded)
    write_index_change(Path(site.config.site_dir), change)


@contextlib.contextmanager
def _handed_to(plugin: PolicykitPlugin, stored: StoredSite) -> Iterator[None]:
    """The plugin holds `stored` while mkdocs renders its pages, and lets go of it after, as
    after a full build."""
    plugin.site = stored
    try:
        yield
    finally:
        plugin.site, plugin.pages, plugin.prefixes = None, {}, {}


def _fresh_search_index(config: MkDocsConfig) -> Any:
    """The search plugin, its index emptied so it gathers only the pages rendered now."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "entries"):
            plugin.search_index = type(index)(**index.config)
            return plugin
    return None


def update_files(site: BuiltSite, library: Library) -> None:
    """Rewrite the site's other generated files (the Atom feed) where their content changed."""
    config = site.config
    for extra in build_files(library.policies, Urls(config.use_directory_urls),
                             title=config.site_name, site_url=config.site_url):
        file = site.files.get_file_from_path(extra.path)
        if file is not None and file.content_string != extra.content:
            file.content_string = extra.content
            replace_text(Path(file.abs_dest_path), extra.content)


def serve_preview(config_file: Path, dev_addr: str, cache: bool = True) -> None:
    """Build the site into a temporary folder and serve it, re-rendering after each edit,
    until interrupted (`mkdocs serve`, with our builder)."""
    from toolkit.site.incremental import new_memo

    _stop_on_terminate()
    site_dir = Path(tempfile.mkdtemp(prefix="policykit-serve-"))
    with contextlib.ExitStack() as resources:
        resources.callback(shutil.rmtree, site_dir, ignore_errors=True)
        kept = open_cache() if cache else resources.enter_context(throwaway_cache())
        live = LivePreview(config_file, dev_addr, site_dir,
                           new_memo(kept) if cache else None, kept)
        config = live.load_config()
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            _serve(live, config)
        finally:
            config.plugins.on_shutdown()
            if cache:
                kept.prune()


def _stop_on_terminate() -> None:
    """SIGTERM (`kill`, a service manager) stops the preview as Ctrl-C does: its temporary
    site is removed."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _serve(live: LivePreview, config: MkDocsConfig) -> None:
    host, port = config.dev_addr
    server = LiveReloadServer(builder=live, host=host, port=port, root=str(live.site_dir),
                              mount_path=urlsplit(config.site_url or "/").path)
    # Before any `watch`, which schedules on it; mkdocs types it as its polling observer.
    server.observer = file_watcher()  # type: ignore[assignment]
    server.error_handler = lambda code: _error_page(live.site_dir, code)
    live.full_build(config)
    live.server = Server(server)
    server.watch(config.docs_dir)
    server.watch(str(live.config_file))
    plugin = config.plugins.get("policykit")
    if isinstance(plugin, PolicykitPlugin):
        plugin.preview_check = live.check
    server = config.plugins.on_serve(server, config=config, builder=live)
    PageReloads(server, live)  # around every other builder: it reads what the rebuild did
    for item in config.watch:
        server.watch(item)
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()


_POLL = re.compile(r"/livereload/([0-9]+)/[0-9]+")
"""What an open page asks the server: has the site changed since `epoch` (mkdocs' script)."""


class PageReloads:
    """Reloads only the open pages a re-render wrote.

    mkdocs reloads every open page after any rebuild, so after an edit the editor's page
    reloaded twice: when its own pages were written, and again when the follow-up wrote the
    pages citing it. Here each rebuild is recorded with the pages it wrote (every page after
    a full build, or when the errors shown may have changed, which every page carries), and an
    open page's question (`/livereload/<epoch>/...`, its URL in the Referer) is answered "reload"
    only for a rebuild since `epoch` that wrote it.
    """

    KEPT = 1000
    """Rebuilds remembered; a page older than all of them reloads."""

    def __init__(self, server: LiveReloadServer, live: LivePreview) -> None:
        self.server, self.live = server, live
        self.rebuilds: list[tuple[int, frozenset[str] | None]] = []
        """(epoch, the page paths it wrote, None for every page), oldest first."""
        self.forgotten = 0
        """The epoch of the newest rebuild no longer remembered."""
        self.rendered = False
        """Whether the last rebuild re-rendered (a full build or a failure did not)."""
        self._build: Callable[[], None] = server.builder
        self._serve: Callable[..., Any] = server._serve_request
        server.builder = self.rebuild
        server._serve_request = self.serve_request  # type: ignore[method-assign]

    def rebuild(self) -> None:
        """mkdocs' rebuild (it set the new epoch already), noting what it wrote."""
        shown = self.server._visible_epoch
        self.live.written = None
        try:
            self._build()
        finally:
            written = self.live.written
            if self.server._wanted_epoch != shown:
                # After a full build or a failure, the banner every page carries may change.
                self.remember(self.server._wanted_epoch,
                              written if written is not None and self.rendered else None)
            self.rendered = written is not None

    def remember(self, epoch: int, pages: frozenset[str] | None) -> None:
        with self.server._epoch_cond:
            self.rebuilds.append((epoch, None if pages is None else
                                  frozenset(map(_page_path, pages))))
            if len(self.rebuilds) > self.KEPT:
                self.forgotten = self.rebuilds.pop(0)[0]

    def reloads(self, epoch: int, page: str | None) -> bool:
        """Whether a page shown at `epoch` (None: which page is not known) is to reload."""
        shown = self.server._visible_epoch
        if epoch >= shown:
            return False
        return epoch < self.forgotten or any(
            epoch < built <= shown and (pages is None or page is None or page in pages)
            for built, pages in self.rebuilds)

    def serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        found = _POLL.fullmatch(environ.get("PATH_INFO", ""))
        if found is None:
            return self._serve(environ, start_response)
        epoch = int(found[1])
        page = self.page_of(environ.get("HTTP_REFERER"))
        start_response("200 OK", [("Content-Type", "text/plain")])
        server = self.server
        with server._epoch_cond:
            server._epoch_cond.wait_for(lambda: self.reloads(epoch, page),
                                        timeout=server.poll_response_timeout)
            answer = server._visible_epoch if self.reloads(epoch, page) else epoch
        return [b"%d" % answer]

    def page_of(self, referer: str | None) -> str | None:
        """The page path (as `_page_path` gives it) of the page asking, from its address."""
        if not referer:
            return None
        path = unquote(urlsplit(referer).path)
        mount = self.server.mount_path
        return _page_path(path[len(mount):]) if path.startswith(mount) else None


def _page_path(url: str) -> str:
    """`policies/2-55/` for `policies/2-55/`, `policies/2-55/index.html` and `/policies/2-55/`."""
    url = url.lstrip("/")
    return url.removesuffix("index.html")


def file_watcher() -> BaseObserver:
    """What tells the server a watched file changed: the kernel's notifications (inotify) where
    the system gives them, else mkdocs' own polling (every 0.5 s).

    Polling snapshots every watched file twice a second: at 500 policies, up to half a second
    before an edit is seen and a steady share of a core meanwhile; inotify reports the write
    as it happens and costs nothing between edits.
    """
    from watchdog.utils import UnsupportedLibcError

    try:
        from watchdog.observers.inotify import InotifyObserver
    except (OSError, ImportError, UnsupportedLibcError) as error:  # not Linux
        return _polling(error)

    class ChangeWatcher(InotifyObserver):
        """Reports changes only: mkdocs rebuilds on any event, and inotify reports a file
        opened or closed unwritten too, as the rebuild itself reads the policies.

        Where the system runs out of inotify (its watches, `fs.inotify.max_user_watches`, used
        up by a large manual or other programs; or its instances), the files are polled instead,
        as mkdocs would: the preview is slower to see an edit, not broken.
        """

        polling: BaseObserver | None = None
        """Where the watches went when inotify ran out."""

        def schedule(self, event_handler: FileSystemEventHandler, path: str | Path, *,
                     recursive: bool = False, event_filter: list[type[FileSystemEvent]] | None = None,
                     follow_symlink: bool = False) -> ObservedWatch:
            event_filter = event_filter or list(CHANGES)
            if self.polling is None:
                try:
                    return super().schedule(event_handler, path, recursive=recursive,
                                            event_filter=event_filter, follow_symlink=follow_symlink)
                except OSError as error:
                    if error.errno not in INOTIFY_USED_UP:
                        raise
                    self._poll_instead(error)
            assert self.polling is not None
            return self.polling.schedule(event_handler, path, recursive=recursive,
                                         event_filter=event_filter, follow_symlink=follow_symlink)

        def unschedule(self, watch: ObservedWatch) -> None:
            if self.polling is None:
                super().unschedule(watch)
            else:  # the same key there: the watch's path, recursion and filter
                self.polling.unschedule(watch)

        def on_thread_start(self) -> None:
            if self.polling is None:
                try:
                    super().on_thread_start()
                except OSError as error:
                    if error.errno not in INOTIFY_USED_UP:
                        raise
                    self._poll_instead(error)
            if self.polling is not None and not self.polling.is_alive():
                self.polling.start()

        def on_thread_stop(self) -> None:
            super().on_thread_stop()
            if self.polling is not None and self.polling.is_alive():
                self.polling.stop()

        def join(self, timeout: float | None = None) -> None:
            super().join(timeout)
            if self.polling is not None and self.polling.is_alive():
                self.polling.join(timeout)

        def _poll_instead(self, error: OSError) -> None:
            """Move every watch to a polling observer, started if this one runs."""
            polling = _polling(error)
            with self._lock:
                watched = [(watch, set(handlers)) for watch, handlers in self._handlers.items()]
            for watch, handlers in watched:
                for handler in handlers:
                    polling.schedule(handler, watch.raw_path, recursive=watch.is_recursive,
                                     event_filter=list(watch.event_filter or CHANGES),
                                     follow_symlink=watch.follow_symlink)
            self.unschedule_all()  # stops the inotify emitters that did start
            self.polling = polling
            if self.is_alive():
                polling.start()

    try:
        return ChangeWatcher()
    except OSError as error:  # its instances used up
        return _polling(error)


INOTIFY_USED_UP = (errno.ENOSPC, errno.EMFILE)
"""What inotify says when its watches (ENOSPC) or its instances (EMFILE) are all taken."""


CHANGES = (FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent,
           FileClosedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent)
"""The events that say a watched file changed (not that it was read)."""


def _polling(error: Exception) -> BaseObserver:
    log.info(f"Watching files by polling them ({error})")
    return PollingObserver(timeout=POLLING_SECONDS)


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
