"""Editing history by mistake: a version already in force is changed in its own file.

`diff --git REV` and `check --git REV` warn, and say how to add a version instead;
bookkeeping (marking a version superseded when a new one arrives) draws nothing.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.history import in_force_reason
from toolkit.parse import parse_version

PUBLISHED = """---
id: "7-1"
title: Test Policy
version: "2021"
status: effective
effective: 2021-01-01
---

## 7-1-1 Procedures

- **A.** Officers shall document every stop in the report.
- **B.** Supervisors will review the report within ten days.
"""

EDITED_IN_PLACE = (
    "policies/7-1/2021.md:12: warning: version 2021 of SOP 7-1 was already in force at HEAD "
    "(status effective) and its text is edited in place; to change a policy, add a version: "
    'copy the file to policies/7-1/<new version>.md, write "supersedes: 2021" there and edit '
    "the copy"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose HEAD holds version 2021 of SOP 7-1; the current folder."""
    folder = tmp_path / "policies" / "7-1"
    folder.mkdir(parents=True)
    (folder / "2021.md").write_text(PUBLISHED)
    monkeypatch.chdir(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "2021"], check=True)
    return folder


def history_warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if "in force at HEAD" in line]


def test_editing_a_published_version_in_place_warns_in_diff_and_check(repo: Path) -> None:
    (repo / "2021.md").write_text(PUBLISHED.replace("within ten days", "within five days"))
    code, out, err = run("diff", "--git", "HEAD")
    assert code == 0 and "[-ten-]{+five+}" in out
    assert history_warnings(err) == [EDITED_IN_PLACE]
    code, out, _ = run("check", "--git", "HEAD")
    assert (code, history_warnings(out)) == (0, [EDITED_IN_PLACE])


def test_adding_a_version_and_marking_the_old_one_superseded_draws_no_warning(repo: Path) -> None:
    (repo / "2021.md").write_text(PUBLISHED.replace("status: effective", "status: superseded"))
    (repo / "2023.md").write_text(
        PUBLISHED.replace('version: "2021"', 'version: "2023"\nsupersedes: "2021"')
        .replace("2021-01-01", "2023-01-01").replace("within ten days", "within five days")
    )
    _, out, err = run("diff", "--git", "HEAD")
    assert "[-ten-]{+five+}" in out and history_warnings(err) == []
    code, out, _ = run("check", "--git", "HEAD")
    assert (code, history_warnings(out)) == (0, [])


def test_without_git_check_says_nothing_of_history(repo: Path) -> None:
    (repo / "2021.md").write_text(PUBLISHED.replace("within ten days", "within five days"))
    assert history_warnings(run("check")[1]) == []


@pytest.mark.parametrize(
    ("effective", "warned"),
    [("2021-01-01", "(effective 2021-01-01)"), ("2999-01-01", None), ("", None)],
)
def test_a_draft_counts_as_in_force_once_its_effective_date_has_passed(
    repo: Path, effective: str, warned: str | None
) -> None:
    draft = PUBLISHED.replace("status: effective", "status: draft").replace(
        "effective: 2021-01-01", f"effective: {effective}"
    )
    (repo / "2021.md").write_text(draft)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "draft"],
                   check=True)
    (repo / "2021.md").write_text(draft.replace("within ten days", "within five days"))
    found = history_warnings(run("check", "--git", "HEAD")[1])
    if warned is None:
        assert found == []
    else:
        assert len(found) == 1 and warned in found[0]


def test_deleting_a_published_version_warns(repo: Path) -> None:
    (repo / "2021.md").unlink()
    _, _, err = run("diff", "--git", "HEAD")
    assert history_warnings(err) == [
        (
            "policies/7-1/2021.md:1: warning: version 2021 of SOP 7-1 was already in force at "
            "HEAD (status effective) and its file is deleted; keep it, so the policy's history "
            "keeps it"
        )
    ]


def test_comparing_two_different_policies_warns(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(PUBLISHED)
    (tmp_path / "b.md").write_text(PUBLISHED.replace('"7-1"', '"7-2"').replace("## 7-1-1", "## 7-2-1"))
    code, _, err = run("diff", str(tmp_path / "a.md"), str(tmp_path / "b.md"))
    assert code == 0 and err == (
        "warning: comparing two different policies, SOP 7-1 and SOP 7-2; "
        "a redline compares two versions of one policy\n"
    )
    assert run("diff", str(tmp_path / "a.md"), str(tmp_path / "a.md"))[2] == ""


def test_in_force_reasons() -> None:
    today = date(2025, 1, 1)

    def reason(status: str, effective: str) -> str | None:
        text = PUBLISHED.replace("status: effective", f"status: {status}").replace(
            "effective: 2021-01-01", f"effective: {effective}"
        )
        return in_force_reason(parse_version(text), today)

    assert reason("superseded", "") == "status superseded"
    assert reason("rescinded", "2030-01-01") == "status rescinded"
    assert reason("draft", "2025-01-01") == "effective 2025-01-01"
    assert reason("draft", "2025-01-02") is None


def test_check_git_with_a_revision_that_names_no_commit_is_one_line(repo: Path) -> None:
    code, out, err = run("check", "--git", "nope")
    assert (code, out) == (1, "")
    assert err == 'error: git revision "nope" is not a commit in this repository\n'
