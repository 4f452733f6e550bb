"""`toolkit.files`: the one reader and the one atomic writer, without timing games.

The process-level cases (closed input, FIFOs, a full disk, a read-only folder)
are in test_os_faults.py; these pin the writer's rules directly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from toolkit import files
from toolkit.errors import FileError
from toolkit.files import read_file, read_stream, write_atomically

CHANGED = "changed on disk while policykit was working; left it as it is: run the command again"


def test_an_edit_saved_after_the_read_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "v1.md"
    path.write_text("old\n", encoding="utf-8")
    snapshot = read_file(path)
    with path.open("a", encoding="utf-8") as file:
        file.write("saved meanwhile\n")
    with pytest.raises(FileError) as raised:
        write_atomically(path, "formatted\n", replace=True, unchanged=snapshot)
    assert str(raised.value) == f"{path}: {CHANGED}"
    assert path.read_text(encoding="utf-8") == "old\nsaved meanwhile\n"
    assert os.listdir(tmp_path) == ["v1.md"]


def test_an_edit_of_the_same_size_and_time_is_caught_by_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "v1.md"
    path.write_text("old\n", encoding="utf-8")
    before = path.stat()
    snapshot = read_file(path)
    path.write_text("new\n", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # a coarse clock: same tick
    with pytest.raises(FileError):
        write_atomically(path, "formatted\n", replace=True, unchanged=snapshot)
    assert path.read_text(encoding="utf-8") == "new\n"


def test_an_unchanged_file_is_replaced_keeping_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "v1.md"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o600)
    write_atomically(path, "formatted\n", replace=True, unchanged=read_file(path))
    assert path.read_text(encoding="utf-8") == "formatted\n"
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_file_deleted_meanwhile_is_not_recreated(tmp_path: Path) -> None:
    path = tmp_path / "v1.md"
    path.write_text("old\n", encoding="utf-8")
    snapshot = read_file(path)
    path.unlink()
    with pytest.raises(FileError):
        write_atomically(path, "formatted\n", replace=True, unchanged=snapshot)
    assert os.listdir(tmp_path) == []


def test_a_new_file_gets_what_the_umask_allows(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "new.md", "text\n", replace=False)
    finally:
        os.umask(umask)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o644


def test_reading_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    with pytest.raises(FileError) as raised:
        read_file(tmp_path / "pipe.md")
    assert str(raised.value).endswith("pipe.md: is a named pipe (FIFO), not a regular file; give a file")


def test_reading_stops_at_the_limit(tmp_path: Path) -> None:
    (tmp_path / "big.md").write_bytes(b"x" * 101)
    with pytest.raises(FileError) as raised:
        read_file(tmp_path / "big.md", limit=100)
    assert str(raised.value).endswith(
        "big.md: is larger than 100 bytes, the most policykit reads; is it the right file?")
    assert read_file(tmp_path / "big.md", limit=101).data == b"x" * 101


def test_a_closed_standard_input_is_an_error() -> None:
    with pytest.raises(FileError) as raised:
        read_stream(None, "<stdin>")
    assert str(raised.value) == "<stdin>: cannot read it: standard input is closed"


def test_a_temporary_file_is_new_private_and_never_an_existing_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`open_temporary` makes what `tempfile.mkstemp` made: a fresh `.NAME.XXXXXXXX.tmp` beside
    the target, mode 0600, and a name already taken (or a link planted there) is passed over."""
    target = tmp_path / "out.json"
    names = iter([b"\x00" * 4, b"\x00" * 4, b"\x01" * 4])
    monkeypatch.setattr(os, "urandom", lambda size: next(names))
    (tmp_path / ".out.json.00000000.tmp").symlink_to(tmp_path / "elsewhere")
    handle, first = files.open_temporary(target)
    os.close(handle)
    assert first.name == ".out.json.01010101.tmp"
    assert first.stat().st_mode & 0o777 == 0o600 and first.read_bytes() == b""
    assert not (tmp_path / "elsewhere").exists()


def test_writing_a_file_leaves_no_temporary_and_imports_no_tempfile(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from toolkit.files import write_atomically; "
            "write_atomically(Path(sys.argv[1]), b'{}', replace=False); "
            "print('tempfile' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "new.json")],
                          capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"
    assert os.listdir(tmp_path) == ["new.json"]
