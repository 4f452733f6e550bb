"""Putting a built site in place, safely: the project is never touched, a reader never sees half a site.

    target --refuse_unsafe_target--> build_lock (one build per target; a second waits)
           --recover: undo a crashed swap, remove stale temporaries-->
           staging folder beside the target --build--> marked with MARKER
           --swap: one atomic exchange of staging and target--> old site removed

The target is replaced only when policykit built it (the MARKER file inside it),
when it is empty, or when it is a site an older policykit built (FINGERPRINT);
never when it is the project's folder, its pages or policies folder, or a
folder holding one of them.

The swap is Linux `renameat2(RENAME_EXCHANGE)`: one system call exchanges the
two folders, so the target path holds the whole old site or the whole new one
at every instant, and the target stays a plain folder (a symlink would be
copied as a link by `cp -r`, or refused by a web server). Where the call is
missing (other systems, or a file system without it) the swap is two renames;
a crash between them leaves the old site beside the target, and the next build
puts it back before anything else.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from toolkit.check import check_paths
from toolkit.errors import BuildError, UnpublishableError
from toolkit.library import Parser

MARKER = ".policykit-site"
"""The file in every site policykit builds: its leave to replace the folder next time."""
MARKER_TEXT = "Built by `policykit build`, which replaces this whole folder at the next build.\n"
FINGERPRINT = ("index.html", "sitemap.xml", "assets/policykit/policykit.css")
"""Files every site built by a policykit from before the marker holds."""

Build = Callable[[Path], None]
"""Writes a whole site into the (empty) folder it is given."""
Notify = Callable[[str], None]


@dataclass(frozen=True)
class Sources:
    """What a build reads, which a build must never replace."""

    project: Path
    """The folder of the configuration file (mkdocs.yml)."""
    pages: Path
    """The hand-written pages (mkdocs `docs_dir`)."""
    policies: Path | None
    """The policies folder, when the policykit plugin is configured."""


def refuse_policy_errors(policies: Path, parser: Parser | None = None) -> None:
    """Raise UnpublishableError listing what `check` calls an error in the policies folder.

    A `parser` keeps the trees `check` read, for the build to reuse (`library.Parser`).
    """
    errors = [str(diagnostic) for diagnostic in check_paths([policies], parser)
              if diagnostic.severity == "error"]
    if errors:
        raise UnpublishableError(errors, str(policies))


def as_given(folder: Path) -> Path:
    """A folder under the working directory, named relative to it (as `check` names files)."""
    try:
        return folder.resolve().relative_to(Path.cwd())
    except ValueError:
        return folder


def publish_site(target: Path, sources: Sources, build: Build,
                 notify: Notify = lambda message: None) -> Path:
    """Build a site with `build` and put it at `target`; returns the target, resolved.

    Raises BuildError, naming the folder, when the target may not be replaced or
    the system refuses a step (a full disk, a read-only folder).
    """
    target = _resolve(target)
    try:
        refuse_unsafe_target(target, sources)
        target.parent.mkdir(parents=True, exist_ok=True)
        with build_lock(target, notify):
            recover(target, notify)
            # Checked again: the folder may have changed while this build waited.
            refuse_unsafe_target(target, sources)
            _build_and_swap(target, build, notify)
    except OSError as error:
        raise BuildError(_describe(error, target), str(target)) from error
    return target


def _resolve(target: Path) -> Path:
    try:
        return target.resolve()
    except RuntimeError as error:  # Python before 3.13 reports a symlink loop so
        raise BuildError(f"cannot put the site here: {error}", str(target)) from error


def _build_and_swap(target: Path, build: Build, notify: Notify) -> None:
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
    try:
        build(staging)
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        staging.chmod(0o755)
        swap(staging, target)
    finally:
        # After an exchange the old site is here; after a failed build, the partial new one.
        _discard(staging, notify)


# --- what may be replaced --------------------------------------------------------------------

def refuse_unsafe_target(target: Path, sources: Sources) -> None:
    """Raise BuildError unless `target` (resolved) is a folder a build may replace."""
    for role, source in _roles(sources):
        source = source.resolve()
        if target == source:
            _refuse(target, f"it is the {role}")
        if target in source.parents:
            _refuse(target, f"it holds the {role} {source}")
        if role not in CONTAINERS and source in target.parents:
            _refuse(target, f"it is inside the {role} {source}")
    if target.exists() and not target.is_dir():
        _refuse(target, "it is a file, not a folder")
    if target.is_dir() and not is_replaceable(target):
        _refuse(target, f"it holds files policykit did not build (there is no {MARKER} in it); "
                        "empty it or choose another folder")


CONTAINERS = {"project folder", "working folder"}
"""Folders a site may be built inside, though never over."""


def _roles(sources: Sources) -> list[tuple[str, Path]]:
    roles = [("project folder", sources.project), ("working folder", Path.cwd()),
             ("pages folder (docs_dir)", sources.pages)]
    if sources.policies is not None:
        roles.append(("policies folder", sources.policies))
    return roles


def _refuse(target: Path, reason: str) -> None:
    raise BuildError(f"refusing to put the site here: {reason}", str(target))


def is_replaceable(folder: Path) -> bool:
    """A folder policykit built (marked, or an older policykit's site), or an empty one."""
    if (folder / MARKER).is_file():
        return True
    if all((folder / name).is_file() for name in FINGERPRINT):
        return True
    return not any(folder.iterdir())


# --- one build at a time -----------------------------------------------------------------------

@contextlib.contextmanager
def build_lock(target: Path, notify: Notify = lambda message: None) -> Iterator[None]:
    """Hold the lock on building `target`: a file beside it, locked with flock.

    The kernel drops the lock when its holder dies, so a killed build never
    blocks the next one. The holder removes the file when done; a waiter that
    then wakes on the removed file sees it is no longer the one at the path and
    locks the new one.
    """
    path = lock_path(target)
    descriptor = _acquire(path, lambda: notify(f"{_holder(path)} is building {target.name} here; "
                                               "waiting for it"))
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(descriptor)


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


def _acquire(path: Path, on_wait: Callable[[], None]) -> int:
    told = False
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not told:
                    on_wait()
                    told = True
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            if _is_at(descriptor, path):
                os.ftruncate(descriptor, 0)
                os.write(descriptor, f"{os.getpid()}\n".encode())
                return descriptor
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)


def _is_at(descriptor: int, path: Path) -> bool:
    """Whether the open file is still the one at `path` (its holder may have removed it)."""
    try:
        here = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(descriptor)
    return (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="utf-8").strip()
    except OSError:
        pid = ""
    return f"another policykit build (process {pid})" if pid.isdigit() else "another policykit build"


# --- leftovers of killed builds -------------------------------------------------------------

def staging_prefix(target: Path) -> str:
    return f".{target.name}-building-"


def retired_path(target: Path) -> Path:
    """Where the two-rename swap parks the old site (an older policykit used it too)."""
    return target.with_name(f".{target.name}-old")


def recover(target: Path, notify: Notify = lambda message: None) -> None:
    """Undo what a killed build left: call only while holding the build lock.

    With the lock held no other build of this target runs, so every staging
    folder beside it belongs to a build that died.
    """
    retired = retired_path(target)
    if not target.exists() and retired.is_dir() and not retired.is_symlink():
        retired.rename(target)  # a crash between the two renames of the fallback swap
    for leftover in stale_temporaries(target):
        _discard(leftover, notify)


def stale_temporaries(target: Path) -> list[Path]:
    """Staging and retired folders beside `target` (stale only while the lock is held)."""
    prefix, retired = staging_prefix(target), retired_path(target).name
    return sorted(path for path in target.parent.iterdir()
                  if (path.name.startswith(prefix) or path.name == retired)
                  and path.is_dir() and not path.is_symlink())


def _discard(folder: Path, notify: Notify) -> None:
    """Remove a temporary folder; one that will not go is reported and tried again next build."""
    try:
        _remove(folder)
    except OSError as error:
        notify(f"warning: {folder}: cannot remove it ({error.strerror or error}); "
               "the next build tries again")


def _remove(folder: Path) -> None:
    if not folder.is_dir() or folder.is_symlink():
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=_allow_removal)
    else:
        shutil.rmtree(folder, onerror=_allow_removal)


def _allow_removal(function: Callable[[str], object], path: str, _error: object) -> None:
    """A read-only folder inside a site being removed: make it writable, then try again."""
    parent = os.path.dirname(path)
    os.chmod(parent, stat.S_IMODE(os.stat(parent).st_mode) | stat.S_IRWXU)
    function(path)


# --- the swap ---------------------------------------------------------------------------------

def swap(staging: Path, target: Path) -> None:
    """Put `staging` at `target`; afterwards `staging` holds the old site, if there was one."""
    if not target.exists():
        staging.rename(target)
    elif not exchange(staging, target):
        retired = retired_path(target)
        target.rename(retired)
        staging.rename(target)
        retired.rename(staging)


AT_FDCWD = -100
RENAME_EXCHANGE = 2
UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP}


def exchange(one: Path, other: Path) -> bool:
    """Swap two paths in one step; False where the system or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(one), AT_FDCWD, os.fsencode(other), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(other))


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """glibc's renameat2 (2.28 and later), or None elsewhere."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):
        return None
    function = getattr(libc, "renameat2", None)
    if function is None:
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


# --- errors -----------------------------------------------------------------------------------

def _describe(error: OSError, target: Path) -> str:
    """One sentence for an OS fault: what failed, and on which file of the site."""
    reason = error.strerror or str(error)
    # A failed copy names its source first and the file it was writing second.
    names = [name for name in (error.filename2, error.filename) if name is not None]
    paths = [Path(os.fsdecode(name)) for name in names]
    for path in paths:
        inside = _within_site(path, target)
        if inside is not None:
            return f"cannot write the site: {reason} ({inside})"
    if paths and paths[-1].parent == target.parent:
        return f"cannot write in {target.parent}: {reason}"
    return f"cannot write the site: {reason}" + (f" ({paths[-1]})" if paths else "")


def _within_site(path: Path, target: Path) -> str | None:
    """A file's path inside the site being built, or None for a file outside it."""
    for parent in path.parents:
        if parent.name.startswith(staging_prefix(target)) and parent.parent == target.parent:
            return str(path.relative_to(parent))
    return None
