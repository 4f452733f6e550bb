"""`policykit import` fed the mistakes policy staff make.

The bar: one line naming the file, the line (where there is one) and the
problem; exit code 1; no traceback; an existing file is never replaced without
--force, and a failed write leaves nothing behind. Messages are pinned.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import example, given, settings
from hypothesis import strategies as st

from toolkit import files
from toolkit.cli import main
from toolkit.errors import ImportTextError
from toolkit.importer import import_text, render_import_markdown
from toolkit.parse import parse_version

CLEAN = (Path(__file__).parent / "fixtures" / "clean_sop.txt").read_text(encoding="utf-8")
SAFE = "(use letters, digits, '.', '_' and '-', starting with a letter or digit)"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["import", *args])


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sop.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def assert_one_line_error(result: Result, expected: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"error: {expected}\n")


BAD_INPUT: list[tuple[str, bytes, str]] = [
    ("empty", b"", "1: no text to import"),
    ("blank lines", b"\n \n\t\n", "1: no text to import"),
    ("a damaged PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
     ("1: the PDF is damaged and cannot be read; repair it (qpdf, or a PDF viewer's "
      "Save As) and import that")),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00",
     ("2: binary data (more control characters than letters), not text; "
      "import the text extracted from the document")),
    ("policy markdown", b"---\nid: 2-55\ntitle: T\nversion: v1\n---\n\n## 2-55-1 Purpose\n",
     ("1: this is policy markdown already (it starts with front matter), not raw text; "
     "use policykit check or fmt on it")),
    ("only numbers", b"1\n2\n\n34\n5.5\n-7-\n",
     "1: no words to import: the text holds only numbers and punctuation"),
]


@pytest.mark.parametrize(("kind", "data", "expected"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_input_that_is_not_raw_policy_text(
    here: Path, kind: str, data: bytes, expected: str
) -> None:
    (here / "in.txt").write_bytes(data)
    assert_one_line_error(run("in.txt"), f"in.txt:{expected}")
    assert_one_line_error(run("in.txt", "--json"), f"in.txt:{expected}")


@pytest.mark.parametrize(("name", "expected"), [
    ("missing.txt", "missing.txt: cannot read the file: No such file or directory"),
    ("folder", "folder: is a folder; to import every file in it, give a folder to write to (-o policies/)"),
])
def test_what_is_not_a_file(here: Path, name: str, expected: str) -> None:
    (here / "folder").mkdir()
    assert_one_line_error(run(name), expected)


@pytest.mark.parametrize(("side", "expected"), [
    ("wrong", '--side must be old or new, not "wrong"'),
    ("nwe", '--side must be old or new, not "nwe" (did you mean "new"?)'),
    ("OLD", '--side must be old or new, not "OLD"'),
])
def test_a_wrong_side(here: Path, side: str, expected: str) -> None:
    assert_one_line_error(run("sop.txt", "--side", side), expected)


@pytest.mark.parametrize("policy", ["../evil", "2-55/../../x", "/etc", ".hidden", "a b"])
def test_an_unsafe_policy_id_never_becomes_a_path(here: Path, policy: str) -> None:
    result = run("sop.txt", "--policy", policy, "-o", "out.md")
    assert_one_line_error(result, f'policy id "{policy}" is not a safe name {SAFE}')
    assert sorted(os.listdir(here)) == ["sop.txt"]


def test_an_existing_file_is_refused_untouched_before_any_work(here: Path) -> None:
    (here / "kept.md").write_text("my notes", encoding="utf-8")
    before = (here / "kept.md").stat()
    # The input is missing too: the output is checked first, so no time is spent importing.
    assert_one_line_error(run("missing.txt", "-o", "kept.md"),
                          "kept.md: the file exists; pass --force to replace it")
    assert_one_line_error(run("sop.txt", "-o", "kept.md", "--side", "new"),
                          "kept.md: the file exists; pass --force to replace it")
    after = (here / "kept.md").stat()
    assert (here / "kept.md").read_text(encoding="utf-8") == "my notes"
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert sorted(os.listdir(here)) == ["kept.md", "sop.txt"]


def test_force_replaces_an_existing_file(here: Path) -> None:
    (here / "kept.md").write_text("my notes", encoding="utf-8")
    (here / "kept.md").chmod(0o640)
    assert run("sop.txt", "-o", "kept.md", "--force").exit_code == 0
    assert (here / "kept.md").read_text(encoding="utf-8").startswith("---\nid: 4-12\n")
    assert (here / "kept.md").stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(("output", "expected"), [
    ("sop.txt/new.md", "sop.txt/new.md: cannot write the file: sop.txt is a file, not a folder"),
    ("sop.txt/deeper/new.md",
     "sop.txt/deeper/new.md: cannot write the file: sop.txt is a file, not a folder"),
])
def test_an_output_that_cannot_be_a_file(here: Path, output: str, expected: str) -> None:
    (here / "folder").mkdir()
    assert_one_line_error(run("sop.txt", "-o", output), expected)


def test_an_output_folder_gets_policy_and_version_folders(here: Path) -> None:
    (here / "folder").mkdir()
    result = run("sop.txt", "-o", "folder")
    assert result.exit_code == 0, result.output
    assert (here / "folder" / "4-12" / "sop.md").read_text(encoding="utf-8").startswith(
        "---\nid: 4-12\n")


def test_a_missing_output_folder_is_made_and_the_file_named_as_its_version(here: Path) -> None:
    result = run("sop.txt", "--side", "new", "-o", "policies/4-12/2024.md")
    assert result.exit_code == 0 and result.stdout == ""
    written = here / "policies" / "4-12" / "2024.md"
    assert '\nversion: "2024"\n' in written.read_text(encoding="utf-8")
    umask = os.umask(0)
    os.umask(umask)
    assert written.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600
    assert os.listdir(written.parent) == ["2024.md"]
    checked = CliRunner().invoke(main, ["check", "policies/4-12/2024.md"])
    assert "error" not in checked.stdout and checked.exit_code == 0


def test_a_read_only_folder_is_one_line(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, Path]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files, "open_temporary", refuse)
    assert_one_line_error(run("sop.txt", "-o", "out/new.md"),
                          "out/new.md: cannot write the file: Permission denied")


def test_a_write_that_fails_midway_leaves_nothing(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    (here / "kept.md").write_text("my notes", encoding="utf-8")
    monkeypatch.setattr(os, "replace", full_disk)
    assert_one_line_error(run("sop.txt", "-o", "kept.md", "--force"),
                          "kept.md: cannot write the file: No space left on device")
    assert (here / "kept.md").read_text(encoding="utf-8") == "my notes"
    assert sorted(os.listdir(here)) == ["kept.md", "sop.txt"]


def test_a_latin1_file_is_read_with_a_warning_naming_the_first_odd_byte(here: Path) -> None:
    text = CLEAN.replace("BODY-WORN CAMERAS", "BODY-WORN CAMÉRAS")
    (here / "latin.txt").write_bytes(text.encode("cp1252"))
    line = text[: text.index("É")].count("\n") + 1
    result = run("latin.txt", "--side", "new")
    assert result.exit_code == 0
    assert "title: Body-Worn Caméras and Digital Evidence" in result.stdout
    assert result.stderr.splitlines()[0] == (
        f"latin.txt:{line}: not-utf-8: byte 0xc9 is not UTF-8; read the whole file as "
        "Windows-1252 (Latin-1): check accented letters")


def test_windows_1252_quotes_are_read_and_an_undefined_byte_is_reported(here: Path) -> None:
    text = CLEAN.replace("Complaints Involving", "\u201cComplaints\u201d Involving")
    data = text.encode("cp1252").replace(b"Involving", b"Involving\x81")
    (here / "quotes.txt").write_bytes(data)
    result = run("quotes.txt", "--side", "new")
    assert result.exit_code == 0
    titles = [ref.title for ref in parse_version(result.stdout).meta.related]
    assert "\u201cComplaints\u201d Involving Department Personnel" in titles
    assert result.stderr.splitlines()[1] == (
        "quotes.txt:11: control-character: control character U+0081 read as a space")


def test_crlf_and_a_byte_order_mark_import_like_plain_lf(here: Path) -> None:
    plain = run("sop.txt", "--json")
    for name, data in (("crlf.txt", CLEAN.replace("\n", "\r\n").encode()),
                       ("bom.txt", b"\xef\xbb\xbf" + CLEAN.encode())):
        (here / name).write_bytes(data)
        result = run(name, "--json")
        assert result.exit_code == 0
        assert result.stdout == plain.stdout
        assert result.stderr == plain.stderr.replace("sop.txt:", f"{name}:")


def test_text_without_sections_is_kept_as_one_section_and_flagged(here: Path) -> None:
    (here / "memo.txt").write_text(
        "Memo on parking\n\nOfficers shall park in the rear lot.\nVisitors use the front.\n",
        encoding="utf-8")
    result = run("memo.txt", "--side", "new")
    assert result.exit_code == 0
    assert result.stderr == (
        "memo.txt:1: no-sections: no numbered sections found; the text is kept as one section\n")
    assert "id: memo-on-parking\ntitle: Memo on parking\n" in result.stdout
    assert "## memo-on-parking-1 Text\n\nOfficers shall park in the rear lot. " in result.stdout


def test_standard_input_is_named_stdin_in_messages(here: Path) -> None:
    result = CliRunner().invoke(main, ["import", "-"], input=b"1\n2\n")
    assert_one_line_error(
        result, "<stdin>:1: no words to import: the text holds only numbers and punctuation"
    )
    result = CliRunner().invoke(main, ["import", "-", "--side", "new"], input=CLEAN.encode())
    assert result.exit_code == 0 and result.stdout == run("sop.txt", "--side", "new").stdout
    assert result.stderr.startswith("<stdin>:31: redline-possible: ")


def test_markdown_written_to_a_file_not_ending_in_md_draws_a_warning(here: Path) -> None:
    result = run("sop.txt", "--side", "new", "-o", "policies/4-12/2024")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "policies/4-12/2024: warning: only .md files are read as policy versions")
    assert run("sop.txt", "--json", "-o", "import.json").stderr.count("warning:") == 0


@settings(max_examples=150, deadline=None)
@example("-\nA")  # a dash alone as the title: no scan's dash to drop, the title is kept
@given(st.text(st.characters(codec="utf-8"), max_size=300)
       | st.lists(st.sampled_from(["2-55-1", "Purpose", "A.", "a.", "5", "N/A", "---", "id: x",
                                   "\x00", "%PDF-1.4", "word", "Wordword", "\r", "\f", "\u2028",
                                   "**A.**", "- ", "# ", "{x}", "", " "]), max_size=40).map(
           "\n".join))
def test_any_text_imports_or_is_refused_in_one_line(text: str) -> None:
    try:
        result = import_text(text, "any.txt")
    except ImportTextError as error:
        assert "\n" not in str(error) and str(error).startswith("any.txt")
        return
    for side in (None, "old", "new"):
        parse_version(render_import_markdown(result, side), f"{side}.md")


def test_a_policy_id_the_section_numbers_contradict_is_flagged(here: Path) -> None:
    result = run("sop.txt", "--policy", "4-13", "--side", "new")
    assert result.exit_code == 0 and "\nid: 4-13\n" in result.stdout
    assert (
        'sop.txt:19: policy-mismatch: --policy "4-13", but the section numbers say "4-12" '
        "(4-12-1); the sections keep their numbers\n"
    ) in result.stderr
    assert "policy-mismatch" not in run("sop.txt", "--policy", "4-12").stderr
