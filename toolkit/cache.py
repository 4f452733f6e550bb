"""A content-addressed cache of the work a build repeats: parsed trees, diffs, rendered pages.

    input text(s) + what else the output depends on --cache_key--> key (a BLAKE2b digest)
    Cache.get(kind, key) -> the stored value, or None (absent, corrupt, foreign: all a miss)
    Cache.put(kind, key, value)    written atomically (temporary file, then one rename)

Every key mixes in `code_fingerprint()`: the policykit version, a digest of its own source
files and the versions of the libraries whose output it keeps (markdown-it-py, diff-match-patch,
lxml), so a cache written by other code is never read. An entry starts with a header naming the
format and that fingerprint and carries a digest of its payload: a truncated, corrupt or foreign
file is a miss, never an error.

Where it lives (`default_location`): `$POLICYKIT_CACHE` if set, else `$XDG_CACHE_HOME/policykit`,
else `~/.cache/policykit`; per user, outside the project, so a cloned repository cannot bring
entries of its own (values are pickles: the folder is trusted like the user's own files, and is
created readable by its owner only). `prune` keeps it under a size (`POLICYKIT_CACHE_MB`, default
2 GB), dropping the entries used longest ago; builds prune it (at most every ten minutes).
Delete the folder to clear it; `--no-cache` builds with a throwaway cache in a temporary folder.

The small API other stages use:

    cache = open_cache()                       # or Cache(folder), or throwaway_cache()
    key = cache_key("parse", source, text)     # str and bytes parts, in order
    value = cache.get("parse", key)            # None on a miss
    cache.put("parse", key, version)
    cached(cache, "diff", key, lambda: diff_versions(old, new))   # get, or compute and put
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache as _once
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

FORMAT = b"policykit-cache 1"
"""First line of every entry; a file without it is not ours."""
LOCATION_VARIABLE = "POLICYKIT_CACHE"
SIZE_VARIABLE = "POLICYKIT_CACHE_MB"
DEFAULT_MEGABYTES = 2048
PRUNE_INTERVAL = 600.0
"""Seconds between two prunes of one cache."""
LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "diff-match-patch", "lxml", "mkdocs",
             "mkdocs-material")
"""Libraries whose output a cached value holds: a new version of one is a new key."""
_PACKAGE = Path(__file__).parent
_SOURCE_SUFFIXES = (".py", ".css", ".js", ".html")


def default_location() -> Path:
    """`$POLICYKIT_CACHE`, else `$XDG_CACHE_HOME/policykit`, else `~/.cache/policykit`."""
    named = os.environ.get(LOCATION_VARIABLE)
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policykit"


@_once
def code_fingerprint() -> bytes:
    """What else every cached value depends on: policykit's code and its libraries' versions."""
    import hashlib  # here and below: `check FILE` imports this module but never hashes (issue 14)

    digest = hashlib.blake2b(digest_size=16)
    for name in ("policykit", *LIBRARIES):
        digest.update(f"{name}={_version_of(name)}\n".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in _SOURCE_SUFFIXES and path.is_file():
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest().encode()


def _version_of(name: str) -> str:
    """The installed version, from the name of its `.dist-info` folder where there is one:
    `importlib.metadata` costs 40-90 ms a command (import and a search per name; issue 14)."""
    found = _dist_info_versions().get(_normalised(name))
    if found is not None:
        return found
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


@_once
def _dist_info_versions() -> dict[str, str]:
    """Normalised name -> version of each `<name>-<version>.dist-info` on sys.path, first wins."""
    versions: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            found = _DIST_INFO.fullmatch(entry)
            if found:
                versions.setdefault(_normalised(found.group(1)), found.group(2))
    return versions


def _normalised(name: str) -> str:
    """A distribution name as `.dist-info` folders spell it, lowercased (`mkdocs_material`)."""
    return re.sub(r"[-_.]+", "_", name).lower()


_DIST_INFO = re.compile(r"(.+)-([^-]+)\.dist-info")


def cache_key(*parts: str | bytes) -> str:
    """A hex digest of the parts in order (each length-prefixed, so parts never run together)."""
    import hashlib

    digest = hashlib.blake2b(digest_size=20)
    digest.update(code_fingerprint())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


@dataclass
class Cache:
    """A folder of entries, `<root>/<kind>/<key[:2]>/<key>`; safe to share between processes."""

    root: Path
    hits: int = field(default=0, compare=False)
    misses: int = field(default=0, compare=False)

    def path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str) -> Any | None:
        """The value stored under `key`, or None when it is absent, corrupt or foreign."""
        path = self.path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        value = _decode(data)
        if value is _MISSING:
            self.misses += 1
            return None
        self.hits += 1
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: pruning drops the entries used longest ago
        return value

    def has(self, kind: str, key: str) -> bool:
        return self.path(kind, key).is_file()

    def put(self, kind: str, key: str, value: object) -> None:
        """Store `value` (any picklable object); a cache that cannot be written is skipped."""
        path = self.path(kind, key)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write_atomically(path, _encode(value))

    def prune_now_and_then(self, interval: float = PRUNE_INTERVAL) -> int:
        """`prune`, unless this cache was pruned less than `interval` seconds ago (a walk
        over every entry is not worth making after each of `serve`'s rebuilds)."""
        stamp = self.root / ".pruned"
        try:
            if time.time() - stamp.stat().st_mtime < interval:
                return 0
        except OSError:
            pass
        removed = self.prune()
        with contextlib.suppress(OSError):
            stamp.touch()
        return removed

    def prune(self, limit: int | None = None) -> int:
        """Remove the entries used longest ago until the cache holds at most `limit` bytes
        (default `POLICYKIT_CACHE_MB` megabytes); returns the bytes removed."""
        limit = _size_limit() if limit is None else limit
        entries = sorted(_entries(self.root), key=lambda entry: entry[0])
        total = sum(size for _, size, _ in entries)
        removed = 0
        for _, size, path in entries:
            if total - removed <= limit:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                removed += size
        return removed


_MISSING = object()


def _encode(value: object) -> bytes:
    import hashlib
    import pickle

    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    check = hashlib.blake2b(payload, digest_size=16).hexdigest().encode()
    return b"\n".join((FORMAT, code_fingerprint(), check, payload))


def _decode(data: bytes) -> Any:
    """The value in an entry, or _MISSING for anything that is not a whole entry of ours."""
    import hashlib
    import pickle

    parts = data.split(b"\n", 3)
    if len(parts) != 4 or parts[0] != FORMAT or parts[1] != code_fingerprint():
        return _MISSING
    if hashlib.blake2b(parts[3], digest_size=16).hexdigest().encode() != parts[2]:
        return _MISSING
    try:
        return pickle.loads(parts[3])
    except Exception:  # noqa: BLE001 - a payload that does not load is a miss
        return _MISSING


def _write_atomically(path: Path, data: bytes) -> None:
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _entries(root: Path) -> Iterator[tuple[float, int, Path]]:
    """(last use, size, path) of every file under `root`."""
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            with contextlib.suppress(OSError):
                status = path.stat()
                yield status.st_mtime, status.st_size, path


def _size_limit() -> int:
    try:
        megabytes = float(os.environ.get(SIZE_VARIABLE, DEFAULT_MEGABYTES))
    except ValueError:
        megabytes = DEFAULT_MEGABYTES
    return int(megabytes * 1024 * 1024)


def open_cache(location: Path | None = None) -> Cache:
    """The user's cache (`default_location()` unless a folder is given)."""
    root = location or default_location()
    with contextlib.suppress(OSError):
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return Cache(root)


@contextlib.contextmanager
def throwaway_cache() -> Iterator[Cache]:
    """A cache in a temporary folder, removed afterwards: what `--no-cache` builds with
    (worker processes still hand their results over through it)."""
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="policykit-cache-"))
    try:
        yield Cache(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def cached(cache: Cache | None, kind: str, key: str, compute: Callable[[], T]) -> T:
    """The value under `key`, computed and stored on a miss; no cache computes every time."""
    if cache is None:
        return compute()
    found = cache.get(kind, key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = compute()
    cache.put(kind, key, value)
    return value
