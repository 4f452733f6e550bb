"""`policykit parse`, `check` and `fmt` fed the mistakes policy staff make.

The bar: one line naming the file, the line (where there is one) and the
problem; exit code 1; no traceback; a user's file is never half-written.
Each message is pinned word for word.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from toolkit import files
from toolkit.cli import main

GOOD = """---
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

- **A.** Café text.
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder, so messages name files as the user typed them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def policy_file(here: Path, text: str | bytes, name: str = "v1.md") -> Path:
    path = here / "policies" / "2-55" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path.relative_to(here)


def assert_one_line_error(result: Result, expected: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (result.exit_code, result.stderr) == (1, f"error: {expected}\n")


FOLDER_HAS_NONE = "no policy files here: a policy file is policies/<id>/<version>.md"
NOT_A_FILE_CASES = [
    ("parse", "missing.md", "missing.md: cannot read the file: No such file or directory"),
    ("fmt", "missing.md", "missing.md: cannot read the file: No such file or directory"),
    ("parse", "folder", "folder: is a folder; give a policy file (policies/<id>/<version>.md)"),
    ("fmt", "folder", f"folder: {FOLDER_HAS_NONE}"),
]


@pytest.mark.parametrize(("command", "name", "expected"), NOT_A_FILE_CASES)
def test_what_is_not_a_policy_file_is_one_line(
    here: Path, command: str, name: str, expected: str
) -> None:
    (here / "folder").mkdir()
    assert_one_line_error(run(command, name), expected)


BAD_FILES: list[tuple[str, bytes, str]] = [
    ("empty", b"", ("1: missing front matter: the file must start with a YAML block between "
                   "'---' lines")),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("1: not UTF-8: byte 0x89 cannot be "
                                                      "decoded; save the file as UTF-8")),
    ("latin-1", GOOD.replace("Café", "Caf\xe9").encode("latin-1"),
     "15: not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"),
    ("front matter a list", b"---\n- id\n- title\n---\n\n## 2-55-1 P\n",
     "1: front matter must be a YAML mapping of keys to values"),
    ("front matter a scalar", b"---\njust words\n---\n\n## 2-55-1 P\n",
     "1: front matter must be a YAML mapping of keys to values"),
    ("markdown list item before a section", GOOD.replace("## 2-55-1 Purpose\n\n", "").encode(),
     "13: text before the first section; start a section with '## <number> <title>'"),
]


@pytest.mark.parametrize(("kind", "data", "expected"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
@pytest.mark.parametrize("command", ["parse", "fmt"])
def test_a_bad_file_is_one_line(
    here: Path, command: str, kind: str, data: bytes, expected: str
) -> None:
    path = policy_file(here, data)
    assert_one_line_error(run(command, str(path)), f"{path}:{expected}")
    assert path.read_bytes() == data


@pytest.mark.parametrize(("kind", "data", "expected"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_check_reports_a_bad_file_as_one_diagnostic(
    here: Path, kind: str, data: bytes, expected: str
) -> None:
    path = policy_file(here, data)
    result = run("check", str(path))
    assert (result.exit_code, result.stdout) == (1, f"{path}:{expected}\n")
    assert result.stderr == "1 error(s), 0 warning(s)\n"


def test_crlf_and_a_byte_order_mark_read_like_plain_lf(here: Path) -> None:
    plain = run("parse", str(policy_file(here, GOOD)), "--json").stdout
    for name, data in (("crlf.md", GOOD.replace("\n", "\r\n").encode()),
                       ("bom.md", b"\xef\xbb\xbf" + GOOD.encode())):
        path = policy_file(here, data, name)
        assert run("parse", str(path), "--json").stdout == plain.replace("v1.md", name)


def test_fmt_rewrites_crlf_and_bom_as_plain_utf8(here: Path) -> None:
    path = policy_file(here, b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    result = run("fmt", str(path))
    assert (result.exit_code, result.stdout) == (0, f"reformatted {path}\n")
    assert path.read_bytes() == GOOD.encode()


UNSAFE_NAMES = [
    ("id: 2-55", "id: ../evil",
     ("2: policy id \"../evil\" is not a safe name (use letters, digits, '.', '_' and '-', "
     "starting with a letter or digit)")),
    ("version: v1", "version: ../../x",
     ("4: version \"../../x\" is not a safe name (use letters, digits, '.', '_' and '-', "
     "starting with a letter or digit)")),
]


@pytest.mark.parametrize(("old", "new", "expected"), UNSAFE_NAMES)
def test_check_refuses_ids_and_versions_that_would_be_paths(
    here: Path, old: str, new: str, expected: str
) -> None:
    path = policy_file(here, GOOD.replace(old, new))
    result = run("check", str(path))
    assert result.exit_code == 1
    assert f"{path}:{expected}\n" in result.stdout


def test_check_and_fmt_say_a_folder_holds_no_policy_files(here: Path) -> None:
    (here / "notes").mkdir()
    (here / "notes" / "todo.txt").write_text("x", encoding="utf-8")
    result = run("check", "notes")
    assert (result.exit_code, result.stdout) == (1, f"notes: {FOLDER_HAS_NONE}\n")
    assert_one_line_error(run("fmt", "notes"), f"notes: {FOLDER_HAS_NONE}")


def test_check_names_a_missing_path(here: Path) -> None:
    result = run("check", "policies/2-55/2023.md")
    assert (result.exit_code, result.stdout) == (1, "policies/2-55/2023.md: no such file or folder\n")


def test_a_duplicate_version_is_named_as_the_user_named_the_folder(here: Path) -> None:
    policy_file(here, GOOD)
    copy = policy_file(here, GOOD, "copy.md")
    result = run("check", str(copy))
    assert f'{copy}:4: version "v1" is also claimed by policies/2-55/v1.md\n' in result.stdout


def test_a_five_megabyte_file_is_read_to_its_last_line(here: Path) -> None:
    clause = "- **A.** " + "word " * 60 + "\n"
    body = GOOD + clause * (5_000_000 // len(clause)) + "### 2-55-9 Not a section\n"
    path = policy_file(here, body)
    last = body.count("\n")
    assert_one_line_error(run("parse", str(path)), (
        f"{path}:{last}: only level-2 headings start numbered sections; write '## <number> "
        "<title>', not a level-3 heading (a deeper one is a subsection with no number)"))


def read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a read-only folder does to a writer (tests may run as root, who may write anyway)."""

    def refuse(*args: object, **kwargs: object) -> tuple[int, Path]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files, "open_temporary", refuse)


def test_fmt_into_a_read_only_folder_is_one_line_and_the_file_untouched(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    messy = GOOD.replace("\n\n- **A.**", "\n- **A.**")
    path = policy_file(here, messy)
    read_only(monkeypatch)
    assert_one_line_error(run("fmt", str(path)), f"{path}: cannot write the file: Permission denied")
    assert path.read_text(encoding="utf-8") == messy


def test_fmt_that_fails_midway_leaves_the_file_and_no_temporary(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    messy = GOOD.replace("\n\n- **A.**", "\n- **A.**")
    path = policy_file(here, messy)

    def full_disk(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    assert_one_line_error(
        run("fmt", str(path)), f"{path}: cannot write the file: No space left on device"
    )
    assert path.read_text(encoding="utf-8") == messy
    assert os.listdir(path.parent) == ["v1.md"]


def test_fmt_keeps_a_files_permissions(here: Path) -> None:
    path = policy_file(here, GOOD.replace("\n\n- **A.**", "\n- **A.**"))
    path.chmod(0o640)
    assert run("fmt", str(path)).exit_code == 0
    assert path.stat().st_mode & 0o777 == 0o640


def test_fmt_through_a_symbolic_link_rewrites_the_file_and_keeps_the_link(here: Path) -> None:
    target = policy_file(here, GOOD.replace("\n\n- **A.**", "\n- **A.**"))
    link = here / "policies" / "2-55" / "v1-link.md"
    link.symlink_to("v1.md")
    assert run("fmt", str(link)).exit_code == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8") == GOOD


def test_check_and_fmt_of_the_project_folder_mean_its_policies_folder(here: Path) -> None:
    policy_file(here, GOOD)
    (here / "site").mkdir()
    (here / "site" / "index.md").write_text("# Home\n", encoding="utf-8")
    result = run("check", ".")
    assert (result.exit_code, result.stdout) == (0, "")
    assert run("fmt", "--check", ".").exit_code == 0
