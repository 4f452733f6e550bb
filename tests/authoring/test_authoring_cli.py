"""`policykit parse` and `policykit fmt` as users run them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from toolkit import write
from toolkit.cli import main
from toolkit.model import Version
from toolkit.parse import read_version
from toolkit.tree_json import format_outline, version_to_json

MESSY = """---
status: draft
id: 2-55
title: T
version: v1
effective:
---
## 2-55-1 Purpose
- **A.** Wrapped
  text.
"""
TIDY = """---
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

- **A.** Wrapped text.
"""


def run(args: list[str]) -> Any:
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.fixture
def policies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "policies" / "2-55"
    folder.mkdir(parents=True)
    (folder / "v1.md").write_text(MESSY, encoding="utf-8")
    (folder / "v2.md").write_text(TIDY.replace("v1", "v2"), encoding="utf-8")
    (folder / "README.md").write_text("# not a version\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.mark.parametrize("command", ["parse", "check", "fmt"])
def test_help_has_examples(command: str) -> None:
    result = run([command, "--help"])
    assert result.exit_code == 0
    assert re.search(rf"Examples:\n +policykit {command}", result.output)


def test_parse_prints_the_outline_and_the_json(policies: Path) -> None:
    version = read_version(Path("policies/2-55/v1.md"))
    assert run(["parse", "policies/2-55/v1.md"]).stdout == format_outline(version) + "\n"
    data = json.loads(run(["parse", "policies/2-55/v1.md", "--json"]).stdout)
    assert data == version_to_json(version)


def test_parse_error_is_one_line_and_exit_1(policies: Path) -> None:
    result = run(["parse", "policies/2-55/README.md"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: policies/2-55/README.md:1: missing front matter: "
        "the file must start with a YAML block between '---' lines\n"
    )


def test_fmt_check_lists_files_that_would_change_and_writes_nothing(policies: Path) -> None:
    result = run(["fmt", "--check"])
    assert (result.exit_code, result.stdout) == (1, "would reformat policies/2-55/v1.md\n")
    assert (policies / "v1.md").read_text(encoding="utf-8") == MESSY


def test_fmt_rewrites_only_files_that_change_then_is_idempotent(policies: Path) -> None:
    untouched = (policies / "v2.md").stat()
    result = run(["fmt", "policies"])
    assert (result.exit_code, result.stdout) == (0, "reformatted policies/2-55/v1.md\n")
    assert (policies / "v1.md").read_text(encoding="utf-8") == TIDY
    assert (policies / "v2.md").stat().st_ino == untouched.st_ino
    assert (policies / "v2.md").stat().st_mtime_ns == untouched.st_mtime_ns
    assert run(["fmt", "--check", "policies"]).exit_code == 0
    assert sorted(p.name for p in policies.iterdir()) == ["README.md", "v1.md", "v2.md"]


def test_fmt_refuses_to_write_a_file_whose_tree_would_change(
    policies: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lossy(version: Version) -> str:
        return TIDY.replace("Wrapped text.", "Other text.")

    monkeypatch.setattr(write, "write_markdown", lossy)  # fmt imports it when it runs
    result = run(["fmt", "policies/2-55/v1.md"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: policies/2-55/v1.md: fmt would change the clause tree of this file; "
        "left it as it is\n"
    )
    assert (policies / "v1.md").read_text(encoding="utf-8") == MESSY


def test_fmt_reports_a_file_it_cannot_parse_and_formats_the_rest(policies: Path) -> None:
    (policies / "v3.md").write_text("no front matter\n", encoding="utf-8")
    result = run(["fmt"])
    assert result.exit_code == 1
    assert "error: policies/2-55/v3.md:1: missing front matter" in result.stderr
    assert (policies / "v1.md").read_text(encoding="utf-8") == TIDY
