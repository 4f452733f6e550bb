"""Every example in the --help of parse, check, fmt and import runs as written.

Each runs in a fresh copy of the repository's policies folder, as a user in
the repository would run it, and must succeed.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ("parse", "check", "fmt", "import")


def help_examples(command: str) -> list[str]:
    """The `policykit ...` lines of the Examples block of a command's --help."""
    text = CliRunner().invoke(main, [command, "--help"]).output
    block = text.partition("Examples:\n")[2]
    return re.findall(r"^ +(policykit .+)$", block.split("\n\n")[0], flags=re.MULTILINE)


def all_examples() -> list[str]:
    return [example for command in COMMANDS for example in help_examples(command)]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_examples_of_itself(command: str) -> None:
    examples = help_examples(command)
    assert len(examples) >= 2
    assert all(example.startswith(f"policykit {command}") for example in examples)


@pytest.mark.parametrize("example", all_examples())
def test_help_example_runs(example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    monkeypatch.chdir(tmp_path)
    words = shlex.split(example)[1:]
    stdin = None
    if "<" in words:  # `policykit import - < file`, the way a shell runs it
        at = words.index("<")
        stdin, words = Path(words[at + 1]).read_bytes(), words[:at]
    if "--git" in words:  # `check --git REV`: a repository where REV names the committed state
        commit_as(tmp_path, words[words.index("--git") + 1])
    result = CliRunner().invoke(main, words, input=stdin)
    assert result.exit_code == 0, result.output
    written = re.search(r"-o (\S+)", example)
    if written:
        assert Path(written.group(1)).stat().st_size > 0


def commit_as(folder: Path, rev: str) -> None:
    """Commit the folder in a new repository and let `rev` (`origin/main`) name that commit."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "policies"],
                 ["update-ref", f"refs/remotes/{rev}", "HEAD"]):
        subprocess.run([*git, *args], cwd=folder, check=True, capture_output=True)
