"""Where each generated page lives, and relative links between pages.

Paths are source paths in the docs folder (`policies/2-55/2023/index.md`),
the way mkdocs names files; URLs follow mkdocs' two modes: directory URLs
(`policies/2-55/2023/`) for a web server, file URLs
(`policies/2-55/2023/index.html`) for a folder opened from `file://`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache

HOME = "index.md"
POLICIES = "policies/index.md"
GLOSSARY = "glossary/index.md"
BULLETIN = "changes/index.md"
"""The "changes since a date" page, printable as a roll-call bulletin."""
FEED = "feed.xml"
"""The Atom feed of new versions and amendments (a file, not a page)."""
RESERVED_VERSION_NAMES = frozenset({"history", "redline"})
"""Version names that would collide with a policy's own generated pages."""


def policy_path(policy: str) -> str:
    """The page of a policy's current version; it follows the policy over time."""
    return f"policies/{policy}/index.md"


def version_path(policy: str, version: str) -> str:
    """The permanent page of one version."""
    return f"policies/{policy}/{version}/index.md"


def history_path(policy: str) -> str:
    return f"policies/{policy}/history/index.md"


def redline_path(policy: str, old: str, new: str) -> str:
    return f"policies/{policy}/redline/{old}-to-{new}/index.md"


@dataclass(frozen=True)
class Urls:
    """Turns source paths into URLs, the way mkdocs will publish them."""

    directory_urls: bool = True

    def url(self, path: str) -> str:
        """The site-relative URL of a page: `policies/2-55/` or `policies/2-55/index.html`."""
        folder = posixpath.dirname(path)
        if self.directory_urls:
            return f"{folder}/" if folder else ""
        return posixpath.join(folder, "index.html")

    def file_link(self, source: str, target: str) -> str:
        """A relative link from page `source` to a file that is not a page (`feed.xml`)."""
        here = posixpath.dirname(source) or "."
        return posixpath.relpath(target, here)

    def link(self, source: str, target: str, anchor: str | None = None) -> str:
        """A relative link from page `source` to page `target` (and an anchor on it)."""
        fragment = f"#{anchor}" if anchor else ""
        if source == target:
            return fragment or "./"
        # Both modes put a page in the folder of its source path.
        here = posixpath.dirname(source) or "."
        there = posixpath.dirname(target) or "."
        relative = _relative(there, here)
        if self.directory_urls:
            return ("./" if relative == "." else f"{relative}/") + fragment
        return posixpath.join(relative, "index.html") + fragment


@lru_cache(maxsize=1 << 16)
def _relative(there: str, here: str) -> str:
    """`posixpath.relpath`, once per pair of folders: a redline links every address it shows
    to one page, and relpath asks the system for the working folder each time."""
    return posixpath.relpath(there, here)
