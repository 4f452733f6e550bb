"""site/collections.md shows what the commands really print (its console blocks run in order,
in a folder with a copy of the repository's policies; `…` elides as on the importing page)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.importer.test_importing_page import page_commands as console_commands
from tests.importer.test_importing_page import shows

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "site" / "collections.md"


def page_commands() -> list[tuple[str, list[str]]]:
    return console_commands(PAGE)


def test_the_page_runs_a_collection_on_a_local_cluster() -> None:
    assert any("policykit collection diff" in command for command, _ in page_commands())


def test_page_commands_print_what_the_page_shows(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = dict(os.environ, PATH=path, NO_COLOR="1", COLUMNS="100")
    for command, shown in page_commands():
        result = subprocess.run(command, shell=True, cwd=tmp_path, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                check=False, timeout=300)
        assert shows(shown, result.stdout.splitlines()), f"$ {command}\n" + result.stdout
