"""Start-up: a command imports what it needs when it runs, so `--help` and `check` start fast.

Not a timed test (timings on a shared machine are noise): each case runs the command in a
fresh interpreter and lists the modules it ended with.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.cli import COMMANDS, load_command

ROOT = Path(__file__).resolve().parent.parent
REVISED = ROOT / "policies" / "2-55" / "revised.md"

HEAVY = ("lxml", "markdown_it", "mkdocs", "material", "diff_match_patch", "yaml",
         "toolkit.importer", "toolkit.site", "toolkit.diff", "toolkit.render", "pdfplumber",
         "subprocess", "hashlib", "pickle")
"""What `--help` must not import."""

NOT_FOR_CHECK = ("lxml", "mkdocs", "material", "diff_match_patch", "toolkit.importer",
                 "toolkit.site", "toolkit.diff", "toolkit.render", "toolkit.cli.diffing",
                 "pdfplumber", "yaml", "markdown_it", "hashlib", "pickle", "tempfile")
"""What checking one file as `policykit fmt` writes it does not need: its front matter is read
without PyYAML, its body without markdown-it, and with no cache nothing is hashed."""

_RUN = """
import sys
from toolkit.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stdout = sys.__stdout__
print("\\0" + __import__("json").dumps(sorted(sys.modules)))
"""


def modules_after(*args: str) -> set[str]:
    """The modules imported by running `policykit ARGS` in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    return set(json.loads(done.stdout.rsplit("\0", 1)[1]))


def loaded(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("diff", "--help"),
                                  ("build", "--help")])
def test_help_imports_no_heavy_library(args: tuple[str, ...]) -> None:
    assert loaded(modules_after(*args), HEAVY) == []


def test_checking_one_file_imports_only_what_checking_needs() -> None:
    modules = modules_after("check", str(REVISED))
    assert loaded(modules, NOT_FOR_CHECK) == []
    assert "toolkit.check" in modules  # the check did run


def test_diffing_two_files_reads_no_git_nor_yaml() -> None:
    """Two files compared: no history is read from git, so neither git's runner nor the
    writer (and PyYAML with it) is imported."""
    modules = modules_after("diff", str(ROOT / "policies/2-55/original.md"), str(REVISED),
                            "--format", "json")
    assert loaded(modules, ("yaml", "subprocess", "toolkit.history", "toolkit.write")) == []
    assert "toolkit.diff" in modules  # the diff did run


def test_checking_without_a_cache_makes_no_cache_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache key hashes policykit's own sources (10 ms); with no cache, nothing needs one."""
    from click.testing import CliRunner

    import toolkit.cache
    from toolkit.cli import main

    def refuse(*parts: str | bytes) -> str:
        raise AssertionError("a cache key was made with no cache to use it")

    monkeypatch.setattr(toolkit.cache, "cache_key", refuse)
    monkeypatch.setattr("toolkit.check.cache_key", refuse)
    monkeypatch.setattr("toolkit.library.cache_key", refuse)
    result = CliRunner().invoke(main, ["check", str(REVISED)])
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_summary_is_the_first_paragraph_of_its_help(name: str) -> None:
    command = load_command(name)
    assert command.name == name
    assert COMMANDS[name].summary == inspect.cleandoc(command.help or "").split("\n\n")[0]


def test_every_command_module_is_named_in_the_table() -> None:
    """A command added to a module but not to COMMANDS would be unreachable."""
    for where in {entry.module for entry in COMMANDS.values()}:
        module = __import__(where, fromlist=["COMMANDS"])
        assert {command.name for command in module.COMMANDS} <= set(COMMANDS)


def test_help_lists_every_command_without_loading_it() -> None:
    result = subprocess.run([sys.executable, "-m", "toolkit.cli", "--help"], capture_output=True,
                            text=True, check=True, cwd=ROOT)
    listed = [line.split()[0] for line in result.stdout.split("Commands:\n", 1)[1].splitlines()]
    assert listed == sorted(COMMANDS)

