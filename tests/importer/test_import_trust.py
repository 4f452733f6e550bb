"""What `import` writes, `parse` accepts and the renderer shows as written (issue 8, defect 5).

Control characters in the input (a NUL where a PDF font had no character, a form
feed between pages, a stray `\\x0b`) are read as spaces and reported with their
line; the words around them survive. Input text that looks like markup
(`{Sanction=5}`, `*`, `[x](y)`, `&amp;`) is escaped so it reads back as written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import html

from toolkit.cli import main
from toolkit.importer import import_text, render_import_markdown
from toolkit.parse import parse_version
from toolkit.render.policy_html import render_version, to_html

CLEAN = (Path(__file__).parent / "fixtures" / "clean_sop.txt").read_text(encoding="utf-8")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["import", *args])


def with_line(number: int, old: str, new: str, text: str = CLEAN) -> str:
    """The text with `old` replaced by `new` on its (1-based) line `number`."""
    lines = text.split("\n")
    assert old in lines[number - 1], lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return "\n".join(lines)


def shown(markdown: str) -> str:
    page = html.fragment_fromstring(to_html(render_version(parse_version(markdown))))
    return " ".join(" ".join(page.itertext()).split())


def test_a_nul_and_a_form_feed_are_warnings_and_their_neighbours_survive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = with_line(23, "set out", "set\x00out")
    text = with_line(32, "to document", "\fto document", text)
    Path("raw.txt").write_text(text, encoding="utf-8")
    result = run("raw.txt", "--side", "new")
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if "control-character" in line] == [
        "raw.txt:23: control-character: control character U+0000 (NUL) read as a space",
        "raw.txt:32: control-character: control character U+000C (form feed) read as a space",
    ]
    page = shown(result.stdout)
    assert "is to set out when" in page and "(Department) to use body-worn cameras to document" in page


def test_page_breaks_are_one_warning_and_a_form_feed_inside_a_line_its_own() -> None:
    """`pdftotext` opens every page with a form feed: a 300-page manual drew 300 warnings."""
    text = with_line(32, "to document", "\fto document")
    text = with_line(41, "Starting the", "\fStarting the", text)
    text = with_line(52, "wear the", "wear\fthe", text)
    found = [(w.line, w.message) for w in import_text(text, "raw.txt").warnings
             if w.code == "control-character"]
    assert found == [
        (32, ("control character U+000C (form feed) read as a space, and at the start of 1"
              " more line (page breaks)")),
        (52, "control character U+000C (form feed) read as a space")]


@pytest.mark.parametrize("char", ["\x0b", "\x07", "\x1b", "\x7f", "\x85"])
def test_control_characters_never_reach_the_markdown(char: str) -> None:
    result = import_text(with_line(52, "wear the", f"wear{char}the"), "raw.txt")
    assert [(w.line, w.code) for w in result.warnings if w.code == "control-character"] == [
        (52, "control-character")
    ]
    for side in (None, "old", "new"):
        markdown = render_import_markdown(result, side)
        assert char not in markdown
        assert "shall wear the OBRD" in shown(markdown)


@pytest.mark.parametrize(
    "written",
    [
        "{Sanction=5}",
        "{#pinned}",
        "*inspect* the _OBRD_",
        "**A.** report",
        "[any](https://example.org) malfunction",
        "[any](javascript:alert(1))",
        "fees &amp; forms &copy;",
        "<b>bold</b> <script>alert(1)</script>",
        "`code` \\* back\\slash\\",
        "{--old--}{++new++}",
    ],
)
def test_text_that_looks_like_markup_is_imported_as_written(written: str) -> None:
    text = with_line(57, "to their supervisor", f"to their supervisor {written}")
    result = import_text(text, "raw.txt")
    for side in (None, "old", "new"):
        markdown = render_import_markdown(result, side)
        version = parse_version(markdown, "imported.md")  # never a parse error
        assert " ".join(written.split()) in shown(markdown)
        clause = version.sections[3].children[0].children[0]
        assert clause.sanction is None and clause.id is None


def test_plain_text_is_not_escaped() -> None:
    # Brackets and parentheses that are no markup stay as they were: `[ECIT]` in the seed.
    text = with_line(57, "to their supervisor", "to their supervisor [ECIT] (MCT)")
    markdown = render_import_markdown(import_text(text, "raw.txt"), "new")
    assert "to their supervisor [ECIT] (MCT) before" in markdown


def test_a_section_title_ending_in_braces_keeps_them() -> None:
    text = with_line(21, "Purpose", "Purpose {Sanction=5}")
    markdown = render_import_markdown(import_text(text, "raw.txt"), "new")
    assert "## 4-12-1 Purpose \\{Sanction=5}\n" in markdown
    section = parse_version(markdown).sections[0]
    assert (section.sanction, section.title) == (None, "Purpose \\{Sanction=5}")
