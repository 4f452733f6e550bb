"""`policykit import DIR_OR_FILES... -o FOLDER`: whole manuals at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from toolkit.cli import main

CLEAN = (Path(__file__).parent / "fixtures" / "clean_sop.txt").read_text(encoding="utf-8")
ROMAN = """General Order G03-02
Use of Force
I. Purpose
This directive sets forth Department policy.
II. Policy
A. Members act with regard for human life.
"""


@pytest.fixture
def manuals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "manuals"
    folder.mkdir()
    (folder / "sop-4-12-2023-05-01.txt").write_text(CLEAN, encoding="utf-8")
    (folder / "g03-02.txt").write_text(ROMAN, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"%PDF-1.4 not text")
    (folder / "notes.md").write_text("not imported", encoding="utf-8")
    return folder


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["import", *args])


def test_a_folder_imports_every_text_and_one_bad_file_is_one_row(manuals: Path) -> None:
    result = run("manuals", "-o", "policies")
    assert result.exit_code == 1  # one file failed; the others are written
    assert sorted(str(p) for p in Path("policies").rglob("*.md")) == [
        "policies/4-12/2023-05-01.md", "policies/G03-02/g03-02.md"]
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["file", "policy", "numbering", "sections", "clauses", "redline",
                                "warnings"]
    assert lines[1].startswith("manuals/bad.txt") and lines[1].endswith(
        "manuals/bad.txt:1: the PDF is damaged and cannot be read; repair it (qpdf, or a PDF "
        "viewer's Save As) and import that")
    assert lines[2].split()[:7] == ["manuals/g03-02.txt", "G03-02", "roman", "2", "1", "no", "1"]
    assert lines[3].split()[:3] == ["manuals/sop-4-12-2023-05-01.txt", "4-12", "apd"]
    assert result.stderr.splitlines() == [
        "import: 1/3 manuals/bad.txt", "import: 2/3 manuals/g03-02.txt",
        "import: 3/3 manuals/sop-4-12-2023-05-01.txt", "2 imported, 1 failed"]


def test_json_rows_and_never_overwriting_without_force(manuals: Path) -> None:
    (manuals / "bad.txt").unlink()
    first = run("manuals/g03-02.txt", "manuals/sop-4-12-2023-05-01.txt", "-o", "policies",
                "--json")
    assert first.exit_code == 0
    rows = json.loads(first.stdout)
    assert rows[0] == {"file": "manuals/g03-02.txt", "policy": "G03-02", "numbering": "roman",
                       "sections": 2, "clauses": 1, "redline": False, "warnings": 1,
                       "output": "policies/G03-02/g03-02.md", "error": ""}
    kept = Path("policies/G03-02/g03-02.md").read_text(encoding="utf-8")
    again = run("manuals", "-o", "policies", "--json")
    assert again.exit_code == 1
    assert [row["error"] for row in json.loads(again.stdout)] == [
        "policies/G03-02/g03-02.md: the file exists; pass --force to replace it",
        "policies/4-12/2023-05-01.md: the file exists; pass --force to replace it"]
    assert Path("policies/G03-02/g03-02.md").read_text(encoding="utf-8") == kept
    assert run("manuals", "-o", "policies", "--force").exit_code == 0


def test_two_files_of_one_policy_and_date_keep_their_own_names(manuals: Path) -> None:
    (manuals / "bad.txt").unlink()
    (manuals / "copy-2023-05-01.txt").write_text(CLEAN, encoding="utf-8")
    assert run("manuals", "-o", "policies").exit_code == 0
    assert sorted(p.name for p in Path("policies/4-12").iterdir()) == [
        "2023-05-01.md", "sop-4-12-2023-05-01.md"]


def test_several_files_need_a_folder_to_write_to(manuals: Path) -> None:
    result = run("manuals/g03-02.txt", "manuals/bad.txt")
    assert (result.exit_code, result.stderr) == (
        1, "error: several files import into a folder; give it with -o (-o policies/)\n")


def test_an_output_named_with_a_slash_is_a_folder_made_for_one_file(manuals: Path) -> None:
    result = run("manuals/g03-02.txt", "-o", "imported/")
    assert result.exit_code == 0, result.stderr
    assert [p.as_posix() for p in Path("imported").rglob("*.md")] == ["imported/G03-02/g03-02.md"]
    assert "G03-02" in result.stdout  # the summary table


def test_a_text_with_no_sections_is_numbered_none_in_the_summary(manuals: Path) -> None:
    (manuals / "bad.txt").unlink()
    (manuals / "letter.txt").write_text(
        "Dear Mr. Smith,\nAttached is the current Use of Force Policy.\nSincerely,\nA. Clerk\n",
        encoding="utf-8")
    result = run("manuals", "-o", "policies", "--json")
    rows = {Path(row["file"]).name: row for row in json.loads(result.stdout)}
    assert rows["letter.txt"]["numbering"] == "none"
    assert rows["letter.txt"]["sections"] == 1
    assert rows["g03-02.txt"]["numbering"] == "roman"
