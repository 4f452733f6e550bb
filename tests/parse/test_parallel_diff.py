"""`policykit diff` of two big files parses the old one in a forked child, the new one here:
the output and the errors are those of parsing one after the other."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import diffing, main
from toolkit.errors import ParseError
from toolkit.parse import read_version

MAY_FORK = diffing._may_fork
FRONT = '---\nid: "7-1"\ntitle: Test Policy\nversion: "{version}"\nstatus: draft\neffective:\n---\n'
BODY = "\n## 7-1-1 Procedures\n\n" + "".join(
    f"- **{number}.** Officers shall record stop {number} in the report.\n"
    for number in range(1, 60))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old = write(tmp_path, "2021", FRONT.format(version="2021") + BODY)
    new = write(tmp_path, "2023", FRONT.format(version="2023") + BODY.replace("stop 7 ", "stop 8 "))
    return old, new


def diff(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def allow_forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as big, and forking is allowed whatever threads are running."""
    monkeypatch.setattr(diffing, "PARALLEL_PARSE_BYTES", 0)
    monkeypatch.setattr(diffing, "_may_fork", lambda: True)


@pytest.fixture
def in_parallel(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every file counts as big, and forking allowed (threads other tests leave behind, such as
    Dask's, would stop it); the list collects the process each side was parsed in."""
    allow_forking(monkeypatch)
    parsed_in: list[int] = []
    real = diffing.load_version

    def recording(ref: str, policies: Path) -> object:
        version = real(ref, policies)
        parsed_in.append(os.getpid())  # the child's append stays in the child
        return version

    monkeypatch.setattr(diffing, "load_version", recording)
    return parsed_in


@pytest.mark.parametrize("output_format", ["json", "text", "md", "html"])
def test_the_output_is_the_same_as_one_after_the_other(
    pair: tuple[Path, Path], output_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = diff(*pair, "--format", output_format)
    allow_forking(monkeypatch)
    assert diff(*pair, "--format", output_format) == serial
    assert serial[0] == 0 and "8" in serial[1]


def test_the_old_file_is_parsed_in_another_process(
    pair: tuple[Path, Path], in_parallel: list[int]
) -> None:
    old, new = diffing.load_versions(str(pair[0]), str(pair[1]), Path("policies"))
    assert (old, new) == (read_version(pair[0]), read_version(pair[1]))
    assert in_parallel == [os.getpid()]  # only the new side was parsed here


def test_small_files_are_parsed_here_one_after_the_other(
    pair: tuple[Path, Path], in_parallel: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diffing, "PARALLEL_PARSE_BYTES", 10**9)
    diffing.load_versions(str(pair[0]), str(pair[1]), Path("policies"))
    assert in_parallel == [os.getpid(), os.getpid()]


@pytest.mark.parametrize(("broken", "reported"), [
    (("old",), "old"), (("new",), "new"), (("old", "new"), "old"),
])
def test_the_error_reported_is_the_one_read_first(
    tmp_path: Path, in_parallel: list[int], broken: tuple[str, ...], reported: str
) -> None:
    files = {side: write(tmp_path, side, FRONT.format(version=side) + (
        "\nText before any section.\n" if side in broken else BODY)) for side in ("old", "new")}
    code, _, error = diff(files["old"], files["new"])
    assert code == 1
    assert error == (f"error: {files[reported]}:9: text before the first section; start a "
                     "section with '## <number> <title>'\n")


def test_with_another_thread_running_nothing_is_forked(
    pair: tuple[Path, Path], in_parallel: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    monkeypatch.setattr(diffing, "_may_fork", MAY_FORK)

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        diffing.load_versions(str(pair[0]), str(pair[1]), Path("policies"))
    finally:
        stop.set()
        other.join()
    assert in_parallel == [os.getpid(), os.getpid()]


def test_a_child_that_fails_leaves_the_work_to_this_process() -> None:
    def work() -> object:
        if os.getpid() != parent:
            os._exit(3)  # the child dies without a result
        raise ParseError("read here", "x.md", 2)

    parent = os.getpid()
    forked = diffing._ForkedWork(work)  # type: ignore[arg-type]
    with pytest.raises(ParseError, match="read here"):
        forked.result()


def test_a_child_whose_result_is_not_wanted_is_stopped() -> None:
    import time

    forked = diffing._ForkedWork(lambda: time.sleep(60))  # type: ignore[arg-type, return-value]
    pid = forked.pid
    assert pid > 0
    forked.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped
