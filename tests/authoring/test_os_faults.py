"""OS faults and odd files meet one line and exit 1, never a traceback or a hang.

Each case runs the installed `policykit` as a process, because what is tested
is the process: its exit code, a standard error of exactly one line, that it
returns at all (a FIFO), and what is left on disk. The tests run as root in
CI, where permissions mean nothing: a read-only folder is made immutable with
`chattr +i` instead, and owners can be handed out with chown.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

POLICYKIT = Path(sys.executable).with_name("policykit")
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "policies" / "2-55"

GOOD = """---
id: 2-55
title: T
version: v1
status: draft
effective:
related: []
forms: []
other_resources: []
rescinds: []
---

## 2-55-1 Purpose

- **A.** Text.
"""
MESSY = GOOD.replace("\n\n- **A.**", "\n- **A.**")  # fmt adds the blank line


def policykit(
    *args: str, cwd: Path, preexec_fn: Callable[[], None] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(POLICYKIT), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
        preexec_fn=preexec_fn, check=False,
    )


def assert_one_line(done: subprocess.CompletedProcess[str], expected: str) -> None:
    assert "Traceback" not in done.stderr
    assert (done.returncode, done.stderr) == (1, f"error: {expected}\n")


def assert_one_line_starting(done: subprocess.CompletedProcess[str], start: str) -> None:
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {start}") and done.stderr.count("\n") == 1, done.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: the seed policy, a README, and nothing else."""
    shutil.copytree(SEED, tmp_path / "policies" / "2-55")
    (tmp_path / "README.md").write_text("# Project\n", encoding="utf-8")
    return tmp_path


DIFF = ("diff", "policies/2-55/original.md", "policies/2-55/revised.md")


# -- reading: closed input, devices, FIFOs, huge files ------------------------------------------


def test_import_from_a_closed_standard_input(project: Path) -> None:
    done = policykit("import", "-", cwd=project, preexec_fn=lambda: os.close(0))
    assert_one_line(done, "<stdin>: cannot read it: standard input is closed")


@pytest.mark.parametrize("command", [("parse",), ("fmt",), ("import",), ("diff", "/dev/zero")])
def test_a_device_is_refused_before_it_is_read(project: Path, command: tuple[str, ...]) -> None:
    done = policykit(*command, "/dev/zero", cwd=project, timeout=60)
    assert_one_line(done, "/dev/zero: is a character device, not a regular file; give a file")


@pytest.mark.parametrize(
    "command", [("parse",), ("fmt",), ("import",), ("diff", "policies/2-55/original.md")]
)
def test_a_fifo_is_refused_instead_of_waiting_forever(
    project: Path, command: tuple[str, ...]
) -> None:
    os.mkfifo(project / "pipe.md")
    done = policykit(*command, "pipe.md", cwd=project, timeout=60)
    assert_one_line(done, "pipe.md: is a named pipe (FIFO), not a regular file; give a file")


def test_check_reports_a_fifo_at_its_path_instead_of_waiting_forever(project: Path) -> None:
    os.mkfifo(project / "pipe.md")
    done = policykit("check", "pipe.md", cwd=project, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "pipe.md: is a named pipe (FIFO), not a regular file; give a file\n",
        "1 error(s), 0 warning(s)\n")


@pytest.mark.parametrize("command", ["parse", "fmt", "import"])
def test_a_file_over_the_size_limit_is_refused(project: Path, command: str) -> None:
    with (project / "big.md").open("wb") as file:
        file.truncate(64 * 1024 * 1024 + 1)  # sparse: costs no disk
    done = policykit(command, "big.md", cwd=project)
    assert_one_line(done, "big.md: is larger than 64 MB, the most policykit reads; is it the right file?")


# -- writing: under a file, a full disk, a read-only folder --------------------------------------


def test_diff_output_under_a_file(project: Path) -> None:
    done = policykit(*DIFF, "-o", "README.md/x.txt", cwd=project)
    assert_one_line(done, "README.md/x.txt: cannot write the file: README.md is a file, not a folder")


def _file_limit(size: int) -> Callable[[], None]:
    """A preexec_fn that makes every file the process writes stop at `size` bytes (`ulimit -f`)."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@pytest.mark.parametrize("force", [False, True])
def test_diff_output_on_a_full_disk_leaves_nothing_behind(project: Path, force: bool) -> None:
    if force:
        (project / "redline.html").write_text("old redline\n", encoding="utf-8")
    flags = ["--force"] if force else []
    done = policykit(*DIFF, "--format", "html", "-o", "redline.html", *flags, cwd=project,
                     preexec_fn=_file_limit(4096))
    assert_one_line(done, "redline.html: cannot write the file: File too large")
    left = sorted(path.name for path in project.iterdir())
    assert left == sorted(["README.md", "policies", *(["redline.html"] if force else [])])
    if force:
        assert (project / "redline.html").read_text(encoding="utf-8") == "old redline\n"


def test_import_output_on_a_full_disk_leaves_nothing_behind(project: Path) -> None:
    done = policykit("import", "policies/2-55/sop-2-55-de-escalation-redline.txt", "-o", "2023.md",
                     cwd=project, preexec_fn=_file_limit(4096))
    assert_one_line(done, "2023.md: cannot write the file: File too large")
    assert sorted(path.name for path in project.iterdir()) == ["README.md", "policies"]


def test_fmt_on_a_full_disk_keeps_the_file(project: Path) -> None:
    path = project / "policies" / "2-55" / "v1.md"
    path.write_text(MESSY, encoding="utf-8")
    done = policykit("fmt", "policies/2-55/v1.md", cwd=project, preexec_fn=_file_limit(64))
    assert_one_line(done, "policies/2-55/v1.md: cannot write the file: File too large")
    assert path.read_text(encoding="utf-8") == MESSY
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


@pytest.fixture
def read_only(project: Path) -> Iterator[Path]:
    """A folder nothing can be created in: chmod for a user, `chattr +i` for root."""
    folder = project / "frozen"
    folder.mkdir()
    (folder / "v1.md").write_text(MESSY, encoding="utf-8")
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if shutil.which("chattr") is None or subprocess.run(
        ["chattr", "+i", str(folder)], capture_output=True, check=False
    ).returncode != 0:
        pytest.skip("running as root and this file system has no immutable flag (chattr +i)")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


READ_ONLY_CASES = [
    pytest.param([*DIFF, "-o", "frozen/redline.txt"], "frozen/redline.txt", id="diff"),
    pytest.param(["import", "policies/2-55/sop-2-55-de-escalation-redline.txt", "-o",
                  "frozen/2023.md"], "frozen/2023.md", id="import"),
    pytest.param(["fmt", "frozen/v1.md"], "frozen/v1.md", id="fmt"),
]


@pytest.mark.parametrize(("args", "path"), READ_ONLY_CASES)
def test_a_read_only_folder_is_one_line_naming_the_path(
    project: Path, read_only: Path, args: list[str], path: str
) -> None:
    done = policykit(*args, cwd=project)
    assert_one_line_starting(done, f"{path}: cannot write the file: ")
    assert sorted(p.name for p in read_only.iterdir()) == ["v1.md"]
    assert (read_only / "v1.md").read_text(encoding="utf-8") == MESSY


# -- what a rewrite keeps: mode, owner, hard links, an edit saved meanwhile -----------------------


def test_diff_force_keeps_a_private_files_mode(project: Path) -> None:
    out = project / "redline.txt"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o600)
    assert policykit(*DIFF, "-o", "redline.txt", "--force", cwd=project).returncode == 0
    assert out.stat().st_mode & 0o777 == 0o600 and out.read_text(encoding="utf-8") != "old\n"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can hand a file to another user")
def test_fmt_as_root_keeps_the_files_owner(project: Path) -> None:
    path = project / "policies" / "2-55" / "v1.md"
    path.write_text(MESSY, encoding="utf-8")
    os.chown(path, 65534, 65534)
    done = policykit("fmt", "policies/2-55/v1.md", cwd=project)
    assert done.returncode == 0, done.stderr
    assert path.read_text(encoding="utf-8") == GOOD
    assert (path.stat().st_uid, path.stat().st_gid) == (65534, 65534)


def test_fmt_refuses_a_file_with_several_hard_links(project: Path) -> None:
    path = project / "policies" / "2-55" / "v1.md"
    path.write_text(MESSY, encoding="utf-8")
    os.link(path, project / "v1-copy.md")
    done = policykit("fmt", "policies/2-55/v1.md", cwd=project)
    assert_one_line(
        done,
        "policies/2-55/v1.md: has 2 hard links; replacing it would split them, so it is left as "
        "it is (give it a name of its own first: cp FILE COPY && mv COPY FILE)",
    )
    assert path.stat().st_nlink == 2 and path.read_text(encoding="utf-8") == MESSY


def _big_policy(sections: int, clauses: int) -> str:
    labels = [chr(ord("A") + i) for i in range(clauses)]
    body = "".join(
        f"## 2-55-{number} Part {number}\n"  # no blank line before the list: fmt adds one
        + "".join(f"- **{label}.** Clause {label} of part {number} says something.\n"
                  for label in labels)
        + "\n"
        for number in range(1, sections + 1)
    )
    return GOOD.split("## ")[0] + body


_HEAR_CTRL_C = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); " \
    "os.execv(sys.argv[1], sys.argv[1:])"
"""Runs the command hearing Ctrl-C as a terminal delivers it, even when pytest itself runs in the
background (a shell starts background jobs with SIGINT ignored, and a child inherits that)."""


def _start_fmt_and_wait_until_it_read(project: Path, clauses: int) -> subprocess.Popen[str]:
    """fmt on a big file, returned once the file has been read (its access time moves)."""
    path = project / "policies" / "2-55" / "v1.md"
    path.write_text(_big_policy(clauses // 25, 25), encoding="utf-8")
    before = path.stat()
    os.utime(path, ns=(before.st_mtime_ns - 10**11, before.st_mtime_ns))  # relatime updates it
    fmt = subprocess.Popen([sys.executable, "-c", _HEAR_CTRL_C, str(POLICYKIT), "fmt",
                            "policies/2-55/v1.md"], cwd=project,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while path.stat().st_atime_ns == before.st_mtime_ns - 10**11:
        if time.monotonic() > deadline or fmt.poll() is not None:
            fmt.kill()
            fmt.communicate()
            pytest.skip("this file system does not record reads (noatime)")
        time.sleep(0.005)
    return fmt


def test_fmt_never_loses_an_edit_saved_while_it_runs(project: Path) -> None:
    """The issue's case, smaller: a line appended while fmt parses a 4,000-clause file."""
    fmt = _start_fmt_and_wait_until_it_read(project, 4000)
    path = project / "policies" / "2-55" / "v1.md"
    with path.open("a", encoding="utf-8") as file:
        file.write("- **Z.** A line the author saved meanwhile.\n")
    _, err = fmt.communicate(timeout=300)
    assert "A line the author saved meanwhile." in path.read_text(encoding="utf-8")
    assert fmt.returncode == 1
    assert err == ("error: policies/2-55/v1.md: changed on disk while policykit was working; "
                   "left it as it is: run the command again\n")


# -- the last resort: Ctrl-C and a closed pipe -----------------------------------------------------


def test_ctrl_c_is_one_line_and_exit_130(project: Path) -> None:
    fmt = _start_fmt_and_wait_until_it_read(project, 4000)  # past the imports, inside the parse
    fmt.send_signal(signal.SIGINT)
    _, err = fmt.communicate(timeout=120)
    assert (fmt.returncode, err) == (130, "error: interrupted\n")


def test_a_closed_output_pipe_is_not_a_traceback(project: Path) -> None:
    reader = subprocess.Popen([str(POLICYKIT), "parse", "policies/2-55/revised.md"], cwd=project,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # as `| true` does: nobody will read the outline
    err = reader.stderr.read().decode()
    assert reader.wait(timeout=60) == 1
    assert err == "error: the output was closed before it was all written (broken pipe)\n"
