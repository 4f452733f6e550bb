"""Typing mistakes on the command line get one line and exit 1, like any bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

POLICYKIT = str(Path(sys.executable).parent / "policykit")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([POLICYKIT, *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("diff", "--bogus"), "error: No such option '--bogus'. (see 'policykit diff --help')\n"),
        (("nosuch",), "error: No such command 'nosuch'. (see 'policykit --help')\n"),
        (("parse",), "error: Missing argument 'FILE'. (see 'policykit parse --help')\n"),
    ],
)
def test_a_usage_mistake_is_one_line_and_exit_1(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", message)


def test_help_still_exits_0() -> None:
    result = run("--help")
    assert result.returncode == 0 and "policykit check policies" in result.stdout
