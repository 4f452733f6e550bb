"""Run as the program, `policykit` ends its process as soon as its output is out, without the
interpreter freeing every object one by one; nothing else the usual exit does may be lost.

Each case runs the command in a fresh interpreter the way the console script does (`main()`
on `sys.argv`), with a watcher: an audit hook that prints `finalized` when the interpreter
clears its state at the end of its usual exit (the documented audit event
`cpython.PyInterpreterState_Clear`), which is what the quick exit skips.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
ORIGINAL = ROOT / "policies" / "2-55" / "original.md"
REVISED = ROOT / "policies" / "2-55" / "revised.md"

_PROGRAM = """
import os, sys

def watch(event, args, write=os.write):
    if event == "cpython.PyInterpreterState_Clear":
        write(2, b"finalized\\n")

sys.addaudithook(watch)
{before}
sys.argv = ["policykit", *sys.argv[1:]]
from toolkit.cli import main
main()
"""


def run_program(*args: str | Path, before: str = "",
                options: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    code = _PROGRAM.format(before=before)
    return subprocess.run([sys.executable, *options, "-c", code, *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, check=False)


def test_the_program_ends_without_tearing_down_and_its_output_is_all_there(tmp_path: Path) -> None:
    out = tmp_path / "changes.json"
    done = run_program("diff", ORIGINAL, REVISED, "--format", "json", "-o", out)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")  # no `finalized`: the quick exit
    expected = CliRunner().invoke(main, ["diff", str(ORIGINAL), str(REVISED), "--format", "json"])
    assert out.read_text(encoding="utf-8") == expected.stdout


def test_standard_output_in_a_pipe_is_flushed_before_the_quick_exit() -> None:
    done = run_program("diff", ORIGINAL, REVISED, "--format", "md")
    expected = CliRunner().invoke(main, ["diff", str(ORIGINAL), str(REVISED), "--format", "md"])
    assert len(done.stdout) > 8192  # more than one buffer's worth, held until the flush
    assert (done.returncode, done.stdout, done.stderr) == (0, expected.stdout, "")


def test_an_error_keeps_its_message_and_exit_code(tmp_path: Path) -> None:
    done = run_program("diff", ORIGINAL, tmp_path / "missing.md")
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "finalized" not in done.stderr


# The thread waits for the main thread to finish, so it is still running when the command ends
# however slow the machine (a fixed sleep raced the command on a loaded CI machine).
LATE_THREAD = ("import threading; threading.Thread(target=lambda: (threading.main_thread().join(), "
               "print('thread done'))).start()")


@pytest.mark.parametrize(
    ("before", "kept"),
    [
        ("import atexit; atexit.register(print, 'atexit ran')", "atexit ran"),
        (LATE_THREAD, "thread done"),
        ("import cProfile; cProfile.Profile().enable()", ""),
        ("sys.settrace(lambda *a: None)", ""),
    ],
    ids=["atexit callback", "running thread", "profiler", "tracer"],
)
def test_anything_the_usual_exit_would_do_means_the_usual_exit(before: str, kept: str) -> None:
    done = run_program("diff", ORIGINAL, REVISED, "--format", "json", before=before)
    assert done.returncode == 0 and done.stdout.startswith("{")
    assert kept in done.stdout
    assert "finalized" in done.stderr  # the interpreter tore down as usual


@pytest.mark.parametrize("options", [("-X", "dev"), ("-W", "error::ResourceWarning")])
def test_asking_for_warnings_means_the_usual_exit(options: tuple[str, ...]) -> None:
    """An unclosed file is reported as the interpreter frees it: that needs its usual exit."""
    done = run_program("diff", ORIGINAL, REVISED, "--format", "json", options=options)
    assert done.returncode == 0 and done.stdout.startswith("{")
    assert "finalized" in done.stderr


def test_called_with_arguments_it_raises_system_exit_as_click_does(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["diff", str(ORIGINAL), str(REVISED), "--format", "json", "-o", str(tmp_path / "o")])
    assert exited.value.code == 0 and (tmp_path / "o").stat().st_size > 0
