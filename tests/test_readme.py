"""The README's examples run as written and print what the README shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONSOLE_BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def examples() -> list[tuple[str, str]]:
    """Each `$ command` of a console block with the lines printed under it."""
    found: list[tuple[str, str]] = []
    for block in CONSOLE_BLOCK.findall(README):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


def test_readme_starts_with_exactly_two_setup_commands() -> None:
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", setup, flags=re.DOTALL)
    assert len(commands) == 2
    assert commands[0].endswith("policykit build")
    assert commands[1].endswith("python -m pytest")
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").count(commands[1]) == 1


@pytest.mark.parametrize(("command", "expected"), examples(), ids=[c for c, _ in examples()])
def test_readme_example(command: str, expected: str, tmp_path: Path) -> None:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env.update(NO_COLOR="1", COLUMNS="100", OUT=str(tmp_path))
    result = subprocess.run(
        f"{command} 2>&1", shell=True, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    printed = [line.rstrip() for line in result.stdout.splitlines()]
    assert printed == [line.rstrip() for line in expected.splitlines()]
