"""`policykit diff`: files and ID@VERSION, the four formats, -o, --git, and its messages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main

OLD = """---
id: "7-1"
title: Test Policy
version: "2021"
status: superseded
effective: 2021-01-01
---

## 7-1-1 Procedures

- **A.** Officers shall document every stop in the report.
- **B.** Supervisors will review the report within ten days.
"""

NEW = OLD.replace('version: "2021"', 'version: "2023"\nsupersedes: "2021"').replace(
    "superseded", "effective").replace("2021-01-01", "2023-01-01").replace(
    "Supervisors will review", "Supervisors shall review").replace(
    "- **A.**", "- **A.** Officers shall announce their presence before they act.\n- **B.**", 1
).replace("- **B.** Supervisors", "- **C.** Supervisors")


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    folder = tmp_path / "policies" / "7-1"
    folder.mkdir(parents=True)
    (folder / "2021.md").write_text(OLD)
    (folder / "2023.md").write_text(NEW)
    return tmp_path / "policies"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_text_between_two_files(policies: Path) -> None:
    code, out, _ = run("diff", str(policies / "7-1/2021.md"), str(policies / "7-1/2023.md"))
    assert code == 0
    assert "renumbered 7-1-1.B -> 7-1-1.C" in " ".join(out.split())
    assert "[-will-]{+shall+}" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_colour_on_request(policies: Path) -> None:
    code, out, _ = run("diff", "7-1@2021", "7-1@2023", "--policies", str(policies), "--color")
    assert code == 0 and "\x1b[31;9mwill" in out


def test_json_by_reference(policies: Path) -> None:
    code, out, _ = run("diff", "7-1@2021", "7-1", "--policies", str(policies), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["old"] == {"policy": "7-1", "version": "2021"}
    assert data["new"] == {"policy": "7-1", "version": "2023"}
    assert data["summary"]["added"] == 1 and data["summary"]["renumbered"] == 2
    assert {"field": "status", "old": ["superseded"], "new": ["effective"]} in data["front_matter"]


def test_critic_is_criticmarkup(policies: Path) -> None:
    code, out, _ = run("diff", "7-1@2021", "7-1@2023", "--policies", str(policies),
                       "--format", "critic")
    assert code == 0 and "{--will--}{++shall++}" in out and out.startswith("# Changes to SOP 7-1")


def test_markdown_is_for_a_pull_request(policies: Path) -> None:
    code, out, _ = run("diff", "7-1@2021", "7-1@2023", "--policies", str(policies), "--format", "md")
    assert code == 0 and "<del>will</del><ins>shall</ins>" in out and "{--" not in out
    assert "| change | old | new | evidence |" in out


def test_output_file_is_never_overwritten_without_force(policies: Path, tmp_path: Path) -> None:
    target = tmp_path / "redline.html"
    args = ["diff", "7-1@2021", "7-1@2023", "--policies", str(policies), "--format", "html",
            "-o", str(target)]
    assert run(*args)[0] == 0
    assert target.read_text().startswith("<!DOCTYPE html>")
    target.write_text("keep me")
    code, _, err = run(*args)
    assert code == 1 and f"{target}: the file exists; pass --force to replace it" in err
    assert target.read_text() == "keep me"
    assert run(*args, "--force")[0] == 0 and "pk-redline" in target.read_text()
    assert not list(tmp_path.glob(".redline.html.*"))  # no temporary file left behind


def test_unknown_version_names_the_closest(policies: Path) -> None:
    code, _, err = run("diff", "7-1@2O21", "7-1@2023", "--policies", str(policies))
    assert code == 1
    assert err == (
        'error: policy 7-1 has no version "2O21" (did you mean "2021"?); it has 2021, 2023\n'
    )


def test_needs_two_versions_or_git() -> None:
    code, _, err = run("diff", "7-1@2021")
    assert code == 1
    assert err.startswith(
        "error: give OLD and NEW (files or ID@VERSION), or --git REV [PATH] (see '"
    )
    assert err.endswith(" diff --help')\n") and err.count("\n") == 1


def test_git_compares_the_working_tree_with_a_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "policies" / "7-1"
    folder.mkdir(parents=True)
    (folder / "2021.md").write_text(OLD)
    (folder / "README.md").write_text("notes, not a version\n")
    monkeypatch.chdir(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "old"], check=True)
    (folder / "2021.md").write_text(OLD.replace("within ten days", "within five days"))
    (folder / "2023.md").write_text(NEW)  # new and untracked: compared with 2021
    (folder / "README.md").write_text("changed notes\n")

    code, out, _ = run("diff", "--git", "HEAD", "--format", "json")
    data = json.loads(out)
    assert code == 0
    pairs = [(d["old"]["version"], d["new"]["version"]) for d in data["diffs"]]
    assert pairs == [("2021", "2021"), ("2021", "2023")]
    first = data["diffs"][0]["changes"]
    assert [c["op"] for c in first if c["op"] != "unchanged"] == ["modified"]

    code, out, _ = run("diff", "--git", "HEAD", "policies/7-1/2021.md", "--format", "md")
    assert code == 0 and "within <del>ten</del><ins>five</ins> days" in out

    code, out, _ = run("diff", "--git", "HEAD", "policies/7-1/2021.md", "--format", "json")
    assert code == 0 and [d["new"]["version"] for d in json.loads(out)["diffs"]] == ["2021"]


def test_help_has_examples() -> None:
    code, out, _ = run("diff", "--help")
    assert code == 0 and "policykit diff 2-55@original 2-55@revised" in out


def test_what_the_diff_built_is_left_out_of_later_collections() -> None:
    """The collector is paused while the diff builds, back on after, and what was built
    sits in its permanent generation (it would otherwise walk it at exit and at the next
    allocation); a collector that was off stays off."""
    import gc

    from toolkit.cli.diffing import without_cycle_collector

    was_enabled = gc.isenabled()
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            gc.unfreeze()
            with without_cycle_collector():
                assert not gc.isenabled()
                built = [[index] for index in range(1000)]
            assert gc.isenabled() is enabled
            assert gc.get_freeze_count() >= len(built)
            walked = (obj for generation in range(3) for obj in gc.get_objects(generation))
            assert not any(obj is built[0] for obj in walked)
    finally:
        gc.unfreeze()
        gc.enable() if was_enabled else gc.disable()
