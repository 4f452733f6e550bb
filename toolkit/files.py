"""The user's files on disk: one guarded reader and one atomic writer.

    path --read_file--> FileSnapshot (bytes + identity) --...work...--> write_atomically

Reading takes regular files only: a folder, a FIFO, a device or a socket is
refused before it is opened (a FIFO would block forever, `/dev/zero` never
ends), and a file over MAX_FILE_BYTES is refused rather than read into memory.

Writing goes through a temporary file in the same folder, flushed to disk and
renamed into place, so the path holds the old bytes or the new ones at every
instant. An existing file is replaced only when asked; it keeps its mode and
owner; a file with several hard links is refused (renaming would split them);
and a snapshot taken when the file was read must still match just before the
rename, so an edit saved meanwhile is never lost. Every OS failure becomes a
FileError naming the path.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from toolkit.errors import FileError, ParseError

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def is_safe_name(name: str) -> bool:
    """True for a policy id or version usable as a file name: letters, digits, `.`, `_`, `-`."""
    return bool(_SAFE_NAME.fullmatch(name)) and ".." not in name

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest file policykit reads (64 MB): a policy is a few hundred kilobytes."""

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


@dataclass(frozen=True)
class FileSnapshot:
    """A file's bytes as read, and what identifies that state on disk."""

    path: Path
    """The path as the user gave it."""
    data: bytes
    """Everything the file held."""
    identity: tuple[int, int, int, int]
    """Device, inode, size and modification time (ns) when it was read."""


def read_file(path: Path, limit: int = MAX_FILE_BYTES) -> FileSnapshot:
    """A regular file's bytes; FileError naming the path for anything else or too much."""
    _refuse_special(path, _stat_or_none(path, follow=True))
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO never blocks
        with os.fdopen(handle, "rb") as file:
            status = os.fstat(handle)
            _refuse_special(path, status)  # it may have been swapped since the stat
            _refuse_large(path, status.st_size, limit)
            data = file.read(limit + 1)
    except OSError as error:
        raise FileError(f"cannot read the file: {_reason(error)}", str(path)) from None
    _refuse_large(path, len(data), limit)
    return FileSnapshot(path, data, _identity(status))


def read_text_file(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """A regular file's text, which must be UTF-8 (a leading byte-order mark is dropped)."""
    return decode_utf8(read_file(path, limit))


def decode_utf8(snapshot: FileSnapshot) -> str:
    """The snapshot as UTF-8 text; ParseError at the line of the first byte that is not UTF-8."""
    try:
        return snapshot.data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = snapshot.data[: error.start].count(b"\n") + 1
        bad = snapshot.data[error.start]
        raise ParseError(
            f"not UTF-8: byte 0x{bad:02x} cannot be decoded; save the file as UTF-8",
            str(snapshot.path),
            line,
        ) from None


def read_stream(stream: BinaryIO | None, source: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """All of a stream (standard input), at most `limit` bytes; FileError if it is closed."""
    if stream is None:
        raise FileError("cannot read it: standard input is closed", source)
    try:
        data = stream.read(limit + 1)
    except (OSError, ValueError) as error:  # ValueError: a closed file object
        reason = _reason(error) if isinstance(error, OSError) else "it is closed"
        raise FileError(f"cannot read it: {reason}", source) from None
    _refuse_large(Path(source), len(data), limit)
    return data


def write_atomically(
    path: Path, text: str | bytes, *, replace: bool, unchanged: FileSnapshot | None = None
) -> None:
    """Write text to path as UTF-8 with `\\n` line ends (bytes as they are: UTF-8 already),
    all at once or not at all.

    Missing folders are created. A file that exists is only replaced when
    `replace` is true, keeping its mode and owner; otherwise, even if it appears
    while writing, it is left untouched. With `unchanged`, the file must still be
    as that snapshot saw it. Raises FileError naming the path.
    """
    check_output_path(path, replace=replace)
    if replace and path.is_symlink():
        path = path.resolve()  # replace the file the link points to, not the link
    existing = _stat_or_none(path, follow=False)
    if existing is not None:
        _check_replaceable(path, existing)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        _write_through_temporary(path, data, existing, unchanged, replace)
    except OSError as error:
        raise FileError(f"cannot write the file: {_reason(error)}", str(path)) from None


def check_output_path(path: Path, *, replace: bool) -> None:
    """Raise FileError now if writing to path would fail: it is a folder, it lies under
    a file, or it exists and `replace` is false. Lets a command refuse before long work."""
    if path.is_dir():
        raise FileError("is a folder; give the name of a file to write", str(path))
    blocker = next((p for p in reversed(path.parents) if _is_non_folder(p)), None)
    if blocker is not None:
        raise FileError(f"cannot write the file: {blocker} is a file, not a folder", str(path))
    if not replace and (path.exists() or path.is_symlink()):
        raise FileError(_EXISTS, str(path))


_EXISTS = "the file exists; pass --force to replace it"
_CHANGED = "changed on disk while policykit was working; left it as it is: run the command again"


def _write_through_temporary(
    path: Path, data: bytes, existing: os.stat_result | None, unchanged: FileSnapshot | None,
    replace: bool,
) -> None:
    handle, temporary = open_temporary(path)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            _keep_mode_and_owner(path, out.fileno(), existing)
            os.fsync(out.fileno())  # on disk before the rename, so a crash leaves old or new
        if unchanged is not None and not _still_as_read(unchanged):
            raise FileError(_CHANGED, str(unchanged.path))
        _put_in_place(temporary, path, replace=replace)
        _sync_folder(path.parent)
    finally:
        temporary.unlink(missing_ok=True)


_TEMPORARY_FLAGS = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                    | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def open_temporary(path: Path) -> tuple[int, Path]:
    """A new file `.NAME.XXXXXXXX.tmp` beside `path`, open for writing and readable by this
    user alone, as `tempfile.mkstemp` makes it: never one that already exists (O_EXCL), never
    through a symbolic link. Not mkstemp itself: importing tempfile (shutil, random, bz2,
    lzma) cost every command that writes a file 3-5 ms of start-up (issue 14)."""
    for _ in range(100):
        temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(temporary, _TEMPORARY_FLAGS, 0o600), temporary
        except FileExistsError:
            continue  # taken: another name
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(path.parent))


def _put_in_place(temporary: Path, path: Path, *, replace: bool) -> None:
    """Rename over the old file; a new file is linked, which never clobbers one that appeared."""
    if replace:
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise FileError(_EXISTS, str(path)) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if path.exists():  # a file system without hard links: check, then rename
            raise FileError(_EXISTS, str(path)) from None
        os.replace(temporary, path)


def _keep_mode_and_owner(path: Path, handle: int, existing: os.stat_result | None) -> None:
    """The old file's permissions and owner; a new file gets what the umask allows."""
    os.fchmod(handle, _new_file_mode() if existing is None else stat.S_IMODE(existing.st_mode))
    if existing is None:
        return
    mine = os.fstat(handle)
    if (mine.st_uid, mine.st_gid) == (existing.st_uid, existing.st_gid):
        return
    try:
        os.fchown(handle, existing.st_uid, existing.st_gid)
    except PermissionError:
        raise FileError(
            f"cannot keep its owner (user {existing.st_uid}, group {existing.st_gid}); "
            "left it as it is", str(path)
        ) from None
    os.fchmod(handle, stat.S_IMODE(existing.st_mode))  # chown clears set-user-id bits


def _check_replaceable(path: Path, existing: os.stat_result) -> None:
    if not stat.S_ISREG(existing.st_mode):
        kind = _KINDS.get(stat.S_IFMT(existing.st_mode), "not a regular file")
        raise FileError(f"is {kind}; policykit only replaces regular files", str(path))
    if existing.st_nlink > 1:
        raise FileError(
            f"has {existing.st_nlink} hard links; replacing it would split them, so it is left "
            "as it is (give it a name of its own first: cp FILE COPY && mv COPY FILE)", str(path)
        )


def _still_as_read(snapshot: FileSnapshot) -> bool:
    """Same identity and same bytes: an edit in the same clock tick is caught too."""
    try:
        now = read_file(snapshot.path, max(len(snapshot.data), 1))
    except FileError:
        return False
    return now.identity == snapshot.identity and now.data == snapshot.data


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; some file systems cannot, which is fine."""
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _refuse_special(path: Path, status: os.stat_result | None) -> None:
    if status is None or stat.S_ISREG(status.st_mode):
        return  # a missing file is reported by the open, with the system's words
    kind = _KINDS.get(stat.S_IFMT(status.st_mode), "not a regular file")
    raise FileError(f"is {kind}, not a regular file; give a file", str(path))


def _refuse_large(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise FileError(
            f"is larger than {_size(limit)}, the most policykit reads; is it the right file?",
            str(path),
        )


def _size(count: int) -> str:
    return f"{count // 2**20} MB" if count >= 2**20 else f"{count} bytes"


def _stat_or_none(path: Path, *, follow: bool) -> os.stat_result | None:
    try:
        return path.stat() if follow else path.lstat()
    except OSError:
        return None


def _is_non_folder(path: Path) -> bool:
    status = _stat_or_none(path, follow=True)
    return status is not None and not stat.S_ISDIR(status.st_mode)


def _identity(status: os.stat_result) -> tuple[int, int, int, int]:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _new_file_mode() -> int:
    """What the umask allows a new file (mkstemp would give 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
