"""Symbolic links in the policies folder: followed only where they stay home and name one text once.

`ln -s 2-55 policies/2-56` used to pass `check` and break `build`: the same
files under two policy ids. A link is now an error with its path unless it
leads inside the policies folder (a policy folder) or its own policy folder (a
version file), to a place no other policy folder or version file already is.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.errors import LibraryError
from toolkit.library import load_library


def version_file(folder: Path, policy: str, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(
        f"---\nid: {policy}\ntitle: T {policy}\nversion: {name}\nstatus: draft\n"
        f"effective:\n---\n\n## {policy}-1 Purpose\n\nText.\n",
        encoding="utf-8",
    )


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    version_file(tmp_path / "policies" / "2-55", "2-55", "2023")
    return tmp_path


DUPLICATE_FOLDER = ("policies/2-56: policy folder is a symbolic link to policies/2-55, another "
                    "policy folder: one text would be published twice under two names; copy it, "
                    "or remove the link")


def test_a_policy_folder_linked_to_another_is_an_error(here: Path) -> None:
    (here / "policies" / "2-56").symlink_to("2-55")
    with pytest.raises(LibraryError) as raised:
        load_library(Path("policies"))
    assert str(raised.value) == DUPLICATE_FOLDER


def test_check_reports_the_linked_folder_in_one_line(here: Path) -> None:
    (here / "policies" / "2-56").symlink_to("2-55")
    result = CliRunner().invoke(main, ["check"])
    assert (result.exit_code, result.stderr) == (1, f"error: {DUPLICATE_FOLDER}\n")


def test_a_policy_folder_linked_outside_the_policies_folder_is_an_error(here: Path) -> None:
    version_file(here / "elsewhere" / "2-56", "2-56", "2023")
    (here / "policies" / "2-56").symlink_to(Path("..", "elsewhere", "2-56"))
    with pytest.raises(LibraryError) as raised:
        load_library(Path("policies"))
    assert str(raised.value) == (
        "policies/2-56: policy folder is a symbolic link to ../elsewhere/2-56, outside the "
        "policies folder; move the files here instead"
    )


def test_a_policy_folder_linked_to_a_hidden_folder_inside_is_followed(here: Path) -> None:
    version_file(here / "policies" / ".drafts" / "2-56", "2-56", "2024")
    (here / "policies" / "2-56").symlink_to(Path(".drafts", "2-56"))
    library = load_library(Path("policies"))
    assert [policy.id for policy in library.policies] == ["2-55", "2-56"]
    assert library.resolve("2-56@2024").title == "T 2-56"


def test_a_version_file_linked_to_another_version_is_an_error(here: Path) -> None:
    (here / "policies" / "2-55" / "2024.md").symlink_to("2023.md")
    with pytest.raises(LibraryError) as raised:
        load_library(Path("policies"))
    assert str(raised.value) == (
        "policies/2-55/2024.md: version file is a symbolic link to policies/2-55/2023.md, another "
        "version file: one text would be published twice under two names; copy it, or remove "
        "the link"
    )


def test_a_version_file_linked_outside_its_folder_is_an_error(here: Path) -> None:
    version_file(here / "drafts", "2-55", "2024")
    (here / "policies" / "2-55" / "2024.md").symlink_to(os.path.join("..", "..", "drafts",
                                                                     "2024.md"))
    with pytest.raises(LibraryError) as raised:
        load_library(Path("policies"))
    assert str(raised.value) == (
        "policies/2-55/2024.md: version file is a symbolic link to ../../drafts/2024.md, outside "
        "its policy folder; move the files here instead"
    )


def test_a_dangling_version_link_is_an_error_not_a_silent_skip(here: Path) -> None:
    (here / "policies" / "2-55" / "2024.md").symlink_to("gone.md")
    with pytest.raises(LibraryError) as raised:
        load_library(Path("policies"))
    assert str(raised.value) == (
        "policies/2-55/2024.md: version file is a symbolic link to gone.md, which does not exist"
    )
