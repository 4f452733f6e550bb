"""`policykit diff --git`: user text never reaches git as an option, and no file change is silent.

Run as processes of the installed `policykit`, in a scratch git repository,
because what is at stake is what git does to the files around it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

POLICYKIT = Path(sys.executable).with_name("policykit")

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

NEW = (OLD.replace('version: "2021"', 'version: "2023"\nsupersedes: "2021"')
       .replace("superseded", "effective").replace("2021-01-01", "2023-01-01")
       .replace("will review", "shall review"))

VICTIM = "a file git must never touch\n"


def policykit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(POLICYKIT), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c",
                    "commit.gpgsign=false", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with one committed version of 7-1 and a file named like an attack's target."""
    folder = tmp_path / "policies" / "7-1"
    folder.mkdir(parents=True)
    (folder / "2021.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "victim.txt").write_text(VICTIM, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "2021")
    return tmp_path


OPTION_LIKE = ["--output=victim.txt", "-ovictim.txt", "--no-index", "-p", "--all"]


@pytest.mark.parametrize("rev", OPTION_LIKE)
def test_a_revision_that_looks_like_an_option_is_refused(repo: Path, rev: str) -> None:
    (repo / "policies" / "7-1" / "2021.md").write_text(OLD.replace("ten", "five"), encoding="utf-8")
    done = policykit("diff", f"--git={rev}", "-o", "redline.txt", cwd=repo)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f'error: git revision "{rev}" is not a commit in this repository\n'
    assert (repo / "victim.txt").read_text(encoding="utf-8") == VICTIM
    assert not (repo / "redline.txt").exists()


def test_the_issues_command_leaves_the_victim_alone(repo: Path) -> None:
    done = policykit("diff", "--git", "--output=victim.txt", cwd=repo)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert (repo / "victim.txt").read_text(encoding="utf-8") == VICTIM


def test_a_path_that_looks_like_an_option_is_only_a_path(repo: Path) -> None:
    done = policykit("diff", "--git", "HEAD", "--", "--output=victim.txt", cwd=repo)
    assert "Traceback" not in done.stderr
    assert (repo / "victim.txt").read_text(encoding="utf-8") == VICTIM


def test_an_unknown_revision_is_one_line(repo: Path) -> None:
    done = policykit("diff", "--git", "no-such-branch", cwd=repo)
    assert (done.returncode, done.stderr) == (
        1, 'error: git revision "no-such-branch" is not a commit in this repository\n')


def test_outside_a_repository_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "policies").mkdir()
    done = policykit("diff", "--git", "HEAD", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert done.stderr.startswith("error: git rev-parse failed: fatal: not a git repository")


def test_a_deleted_version_file_is_reported_as_removed(repo: Path) -> None:
    (repo / "policies" / "7-1" / "2023.md").write_text(NEW, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "2023")
    (repo / "policies" / "7-1" / "2021.md").unlink()

    done = policykit("diff", "--git", "HEAD", cwd=repo)
    assert done.returncode == 0
    assert done.stderr == "policies/7-1/2021.md: removed since HEAD (version 2021 of 7-1)\n"
    assert "removed" in done.stdout and "Officers shall document" in done.stdout

    done = policykit("diff", "--git", "HEAD", "--format", "json", cwd=repo)
    [diff] = json.loads(done.stdout)["diffs"]
    assert diff["file"] == {"path": "policies/7-1/2021.md", "status": "removed"}
    assert diff["old"] == {"policy": "7-1", "version": "2021"}
    assert {c["op"] for c in diff["changes"]} == {"removed"}


def test_an_added_version_file_is_reported_as_added(repo: Path) -> None:
    (repo / "policies" / "7-1" / "2023.md").write_text(NEW, encoding="utf-8")
    done = policykit("diff", "--git", "HEAD", "--format", "json", cwd=repo)
    assert done.returncode == 0
    assert done.stderr == ("policies/7-1/2023.md: added since HEAD "
                           "(version 2023 of 7-1, compared with 2021)\n")
    [diff] = json.loads(done.stdout)["diffs"]
    assert diff["file"] == {"path": "policies/7-1/2023.md", "status": "added"}


def test_a_modified_version_file_says_so_in_the_json(repo: Path) -> None:
    (repo / "policies" / "7-1" / "2021.md").write_text(OLD.replace("ten", "five"), encoding="utf-8")
    done = policykit("diff", "--git", "HEAD", "--format", "json", cwd=repo)
    assert (done.returncode, done.stderr) == (0, "")
    [diff] = json.loads(done.stdout)["diffs"]
    assert diff["file"] == {"path": "policies/7-1/2021.md", "status": "modified"}


def test_a_new_file_superseding_a_path_is_not_followed_there(repo: Path) -> None:
    """`supersedes` is a version name, never a path: `../../x` used to be a traceback."""
    text = NEW.replace('supersedes: "2021"', 'supersedes: "../../victim"')
    (repo / "policies" / "7-1" / "2023.md").write_text(text, encoding="utf-8")
    done = policykit("diff", "--git", "HEAD", "--format", "json", cwd=repo)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert done.stderr == ("policies/7-1/2023.md: added since HEAD "
                           "(version 2023 of 7-1, all of it added)\n")
    [diff] = json.loads(done.stdout)["diffs"]
    assert diff["old"]["version"] == "(none)"
