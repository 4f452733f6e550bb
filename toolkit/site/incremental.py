"""What an edit touches, so `policykit serve` re-renders only that.

    sources --snapshot--> {file: digest} --changed_policies--> policy ids (None: rebuild all)
    new policies --site_builder(...).pages of ids and the policies citing them-->
        candidate pages --changed_pages--> pages to render

An edit is shown without a full rebuild when it stays inside policy folders that
existed before, and leaves what other pages show of those policies as it was
(`outward_face`: the current title in the navigation, the clause addresses other
policies link to, the terms the glossary links); the pages of the edited
policies and the site-wide pages (home, policy list, glossary, changes) are built
again and only those whose content differs from the last build are re-rendered.
A policy's pages preview the clauses of the policies they cite (`toolkit.site.xref`),
so the pages of every policy whose text names an edited one (`citing_policies`) are
built again too; an edit to a definition, which any page using the term may preview,
rebuilds everything (`definitions`).
Anything else (a new or removed policy or version, `.external.yml`, a guide page,
mkdocs.yml) asks for a full rebuild.

`DiffMemo` keeps each pair's change set and rendered redline, keyed by the two
versions' content, so a rebuild diffs only the versions an edit changed.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from lxml import etree

from toolkit.cache import Cache, cache_key, cached
from toolkit.model import ChangeSet, Policy, Version
from toolkit.site.feed import EMBEDDED_REDLINES, policy_changes
from toolkit.site.pages import Compare, RenderRedline, SitePage
from toolkit.site.parallel import StoredPage, html_key
from toolkit.site.timeline import publish
from toolkit.site.urls import policy_path
from toolkit.tree import walk_version

Snapshot = Mapping[str, str]
"""A file's path under a watched root (`policies/2-55/2023.md`) -> digest of its bytes."""
POLICIES_ROOT = "policies"


def snapshot(roots: Mapping[str, Path], seen: Seen | None = None) -> dict[str, str]:
    """Every file under each root (a file root stands for itself), by `name/relative path`.

    With `seen` (kept between calls), a file whose size and modification time are as
    before keeps its digest without being read again: then a snapshot is one `stat` a file.
    """
    found: dict[str, str] = {}
    for name, root in roots.items():
        if root.is_file():
            found[name] = _digest(str(root), root.stat(), seen)
            continue
        others = {str(other) for other in roots.values() if other != root and root in other.parents}
        for path, relative, status in _files_under(str(root), "", others):
            found[f"{name}/{relative}"] = _digest(path, status, seen)
    return found


def _files_under(folder: str, relative: str,
                 skipped: Collection[str]) -> Iterator[tuple[str, str, os.stat_result | None]]:
    """(path, path relative to the first `folder` with `/`, status) of the files under `folder`
    (symbolic links to folders not followed), but for those under the folders `skipped`."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        inner = f"{relative}{entry.name}"
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.path not in skipped:
                    yield from _files_under(entry.path, f"{inner}/", skipped)
            elif entry.is_file():
                yield entry.path, inner, entry.stat()
        except OSError:
            yield entry.path, inner, None  # gone or unreadable since the folder was listed


Seen = dict[str, tuple[int, int, str]]
"""A file's path -> its size, modification time (ns) and what was made of it (its digest, its
text) when last read."""


def _kept(seen: Seen, path: str, status: os.stat_result) -> str | None:
    """What was made of the file at `path` when it last had `status`'s size and modification
    time (None: it changed since, or was never read)."""
    kept = seen.get(path)
    return kept[2] if kept is not None and kept[:2] == (status.st_size,
                                                        status.st_mtime_ns) else None


def _digest(path: str, status: os.stat_result | None, seen: Seen | None) -> str:
    if status is None:
        return "unreadable"
    kept = _kept(seen, path, status) if seen is not None else None
    if kept is not None:
        return kept
    try:
        with open(path, "rb") as file:
            digest = hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return "unreadable"
    if seen is not None:
        seen[path] = (status.st_size, status.st_mtime_ns, digest)
    return digest


def changed_policies(old: Snapshot, new: Snapshot) -> frozenset[str] | None:
    """The ids of the policy folders whose files changed; None when something else changed
    (a file outside a policy folder, a policy folder added or removed)."""
    changed: set[str] = set()
    for key in set(old) ^ set(new) | {key for key in old.keys() & new.keys()
                                      if old[key] != new[key]}:
        policy_id = _policy_of(key)
        if policy_id is None:
            return None
        changed.add(policy_id)
    if _policy_ids(old) != _policy_ids(new):
        return None
    return frozenset(changed)


def _policy_of(key: str) -> str | None:
    parts = key.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == POLICIES_ROOT else None


def _policy_ids(files: Snapshot) -> set[str]:
    return {policy for policy in map(_policy_of, files) if policy is not None}


@dataclass(frozen=True)
class OutwardFace:
    """What pages other than a policy's own and the site-wide lists show of it."""

    title: str
    """The current version's title: the navigation shows it on every policy page."""
    addresses: frozenset[str]
    """The current version's clause addresses: other policies' text links to them."""
    terms: frozenset[str]
    """The terms it defines: any page's text links them to the glossary."""


def outward_face(policy: Policy) -> OutwardFace:
    current = policy.current
    return OutwardFace(
        title=current.title,
        addresses=frozenset(node.address for node in walk_version(current)),
        terms=frozenset(definition.term.lower() for definition in current.definitions),
    )


def listed_face(policy: Policy) -> tuple[object, ...]:
    """What the pages about every policy (home, policy list, glossary, changes, feed) read of
    a policy, but for the redlines the changes page embeds: all but its sections' text."""
    return (tuple(replace(version, sections=()) for version in policy.versions),
            policy.amendments)


def with_policies(policies: Sequence[Policy], new: Mapping[str, Policy]) -> tuple[Policy, ...]:
    """`policies` with those of the same ids as in `new` replaced, in the same order."""
    return tuple(new.get(policy.id, policy) for policy in policies)


def own_pages(policy_id: str, paths: Iterable[str]) -> frozenset[str]:
    """The paths among `paths` that are pages of one policy (`policies/<id>/...`)."""
    folder = policy_path(policy_id).removesuffix("index.md")
    return frozenset(path for path in paths if path.startswith(folder))


def page_digest(page: SitePage | StoredPage) -> str:
    """Everything of a generated page that reaches mkdocs, as one digest. Bodies count by
    their cache keys (digests of their content, `toolkit.site.parallel`), so a stored page
    of a full build and the same page made again by a re-render digest alike."""
    if isinstance(page, StoredPage):
        light, shown, searched = page.page, page.html_key, page.search_key or ""
    else:
        light, shown = page, html_key(page.html)
        searched = html_key(page.search_html) if page.search_html is not None else ""
    parts = (light.path, light.title, light.kind, shown, repr(light.toc),
             repr(light.search_boost), searched, repr(light.search_exclude))
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def changed_pages(pages: Iterable[SitePage], built: Mapping[str, str]) -> list[SitePage]:
    """The pages whose digest differs from the one last built (new pages included)."""
    return [page for page in pages if built.get(page.path) != page_digest(page)]


def definitions(policy: Policy) -> tuple[object, ...]:
    """What a policy defines, version by version: links from any page that uses a term
    preview its definition, so a change here rebuilds every page."""
    return tuple(version.definitions for version in policy.versions)


def citing_policies(policies: Sequence[Policy], cited: Collection[str],
                    texts: Callable[[Version], str] | None = None) -> frozenset[str]:
    """The ids of the policies whose text names one of `cited` other than themselves (its id,
    an address in it, a link to its pages): their pages may preview its clauses. The id
    counts where it starts a word, as the renderer's references do, and no digit follows
    (`1-04` is named by `SOP 1-04`, `1-04-2.A` and `../1-04/`, not by `11-04`, `2-1-04` or
    `1-040`); a policy that only looks like it cites one is included too, which costs only
    the time to build its pages again in memory. `texts` gives a version's file text,
    lower-cased (a `SourceTexts` reads only the files changed since it last did)."""
    read = texts or _lowered_source
    named = {policy_id: re.compile(_NAMED.format(re.escape(policy_id.lower())))
             for policy_id in cited}
    found: set[str] = set()
    for policy in policies:
        others = [(policy_id.lower(), pattern) for policy_id, pattern in named.items()
                  if policy_id != policy.id]
        if others and any(_names(read(version), others) for version in policy.versions):
            found.add(policy.id)
    return frozenset(found)


_NAMED = r"(?<![\w.-]){}(?!\d)"


def _names(lowered: str, cited: Sequence[tuple[str, re.Pattern[str]]]) -> bool:
    return any(policy_id in lowered and pattern.search(lowered) for policy_id, pattern in cited)


def _lowered_source(version: Version) -> str:
    try:
        return Path(version.source).read_text(encoding="utf-8", errors="replace").lower()
    except OSError:
        return repr(version).lower()  # all it says, when its file cannot be read


class SourceTexts:
    """Policy files' texts, lower-cased, kept between edits: a file is read again only when
    its size or modification time changed (at 500 policies, reading every file again was
    most of the time to find the policies citing an edited one)."""

    def __init__(self) -> None:
        self.known: Seen = {}

    def __call__(self, version: Version) -> str:
        try:
            status = os.stat(version.source)
        except OSError:
            return _lowered_source(version)
        text = _kept(self.known, version.source, status)
        if text is None:
            text = _lowered_source(version)
            self.known[version.source] = (status.st_size, status.st_mtime_ns, text)
        return text


VersionPair = tuple[Version, Version]
Made = TypeVar("Made")


@dataclass
class DiffMemo:
    """Change sets and rendered redlines of version pairs, by the two versions' content.

    `compare` and `redline` stand in for `build_pages`' own. It holds on to the pairs in
    `keep` only (None: every pair): the redlines the changes page embeds are all a rebuild
    asks for again, the edited policy's own pairs having new content. The redline handed
    out is the one kept, not a copy: `build_pages` copies it before a page changes it.
    """

    compare_versions: Compare
    render_redline: RenderRedline
    keep: frozenset[VersionPair] | None = None
    changes: dict[VersionPair, ChangeSet] = field(default_factory=dict)
    redlines: dict[VersionPair, etree._Element] = field(default_factory=dict)

    def compare(self, old: Version, new: Version) -> ChangeSet:
        return self._kept(self.changes, (old, new), lambda: self.compare_versions(old, new))

    def redline(self, changes: ChangeSet) -> etree._Element:
        return self._kept(self.redlines, (changes.old, changes.new),
                          lambda: self.render_redline(changes))

    def _kept(self, table: dict[VersionPair, Made], key: VersionPair,
              make: Callable[[], Made]) -> Made:
        """The pair's entry in `table`, made if missing (and kept if the pair is to be)."""
        found = table.get(key)
        if found is None:
            found = make()
            if self.keep is None or key in self.keep:
                table[key] = found
        return found

    def keep_only(self, pairs: frozenset[VersionPair]) -> None:
        """Hold on to these pairs from now on, and let go of every other."""
        self.keep = pairs
        for table in (self.changes, self.redlines):
            for key in [key for key in table if key not in pairs]:
                del table[key]


def embedded_pairs(policies: Sequence[Policy]) -> frozenset[VersionPair]:
    """The (old, new) pairs whose redlines the changes page embeds."""
    changes = policy_changes([publish(policy) for policy in policies])[:EMBEDDED_REDLINES]
    return frozenset((change.before, change.state) for change in changes
                     if change.before is not None)


def new_memo(cache: Cache | None = None) -> DiffMemo:
    """A memo over the diff and the embedded redline `build_pages` uses by default; with a
    `cache` (`toolkit.cache`), a diff it does not hold is looked up there, under the key a
    build uses, and stored there when computed."""
    from toolkit.diff import diff_versions
    from toolkit.render.redline_html import render_redline

    def compare(old: Version, new: Version) -> ChangeSet:
        if cache is None:
            return diff_versions(old, new)
        key = cache_key("diff", repr(old), repr(new))
        return cached(cache, "diff", key, lambda: diff_versions(old, new))

    def embedded(changes: ChangeSet) -> etree._Element:
        return render_redline(changes, standalone=False)

    return DiffMemo(compare, embedded)
