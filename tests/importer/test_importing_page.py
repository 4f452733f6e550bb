"""site/importing.md shows what the commands really print.

Its console blocks run in order, in a copy of the repository's policies folder.
A shown line `…` stands for any number of lines; a shown line ending in `…`
stands for any line that starts with what comes before it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "site" / "importing.md"
CONSOLE_BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
ELLIPSIS = "…"


def page_commands(page: Path = PAGE) -> list[tuple[str, list[str]]]:
    """Each `$ command` of the page's console blocks, with the lines shown under it."""
    found: list[tuple[str, list[str]]] = []
    for block in CONSOLE_BLOCK.findall(page.read_text(encoding="utf-8")):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, shown = chunk.partition("\n")
            found.append((command, shown.splitlines()))
    return found


def shows(shown: list[str], printed: list[str]) -> bool:
    """True when the printed lines are what the shown lines, with their elisions, describe."""
    at, skipping = 0, False
    for line in shown:
        if line == ELLIPSIS:
            skipping = True
            continue
        while at < len(printed) and not _same(line, printed[at]):
            if not skipping:
                return False
            at += 1
        if at == len(printed):
            return False
        at, skipping = at + 1, False
    return skipping or at == len(printed)


def _same(shown: str, printed: str) -> bool:
    if shown.endswith(ELLIPSIS):
        return printed.startswith(shown[: -len(ELLIPSIS)].rstrip(" ")) and printed != shown
    return shown == printed


def test_shows_reads_elisions_strictly() -> None:
    assert shows(["a", ELLIPSIS, "d"], ["a", "b", "c", "d"])
    assert shows(["a", "long…"], ["a", "long line"])
    assert shows([ELLIPSIS, "c", ELLIPSIS], ["a", "b", "c", "d"])
    assert not shows(["a", "d"], ["a", "b", "c", "d"])
    assert not shows(["a", ELLIPSIS, "x"], ["a", "b", "c"])
    assert not shows(["a"], ["a", "b"])
    assert not shows(["b", ELLIPSIS], ["a", "b"])


def test_page_has_worked_examples() -> None:
    commands = [command for command, _ in page_commands()]
    assert len(commands) >= 5
    assert any("--json" in command for command in commands)
    assert any("--side new" in command for command in commands)


def test_page_commands_print_what_the_page_shows(tmp_path: Path) -> None:
    if shutil.which("jq") is None:
        pytest.skip("the page's JSON examples use jq")  # every other command runs regardless
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = dict(os.environ, PATH=path, NO_COLOR="1", COLUMNS="100")
    for command, shown in page_commands():
        result = subprocess.run(
            command, shell=True, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, check=False,
        )
        printed = result.stdout.splitlines()
        assert shows(shown, printed), f"$ {command}\n" + result.stdout
