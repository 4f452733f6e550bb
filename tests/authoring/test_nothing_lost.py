"""Parsing never drops words silently (issue 8, defects 3, 5 and 10).

Markdown that markdown-it would swallow is either kept as policy text through
parse -> fmt -> render, or refused with `file:line: message`. Control
characters and dates that are not ISO calendar dates are refused by parse (so
by `check`, `fmt`, `build`), naming the character or the field and value.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import html

from toolkit.cli import main
from toolkit.errors import ParseError
from toolkit.parse import parse_version
from toolkit.render.policy_html import render_version, to_html
from toolkit.write import without_positions, write_markdown

HEADER = """---
id: 2-55
title: T
version: v1
status: effective
effective: 2025-07-01
related: []
forms: []
other_resources: []
rescinds: []
---

## 2-55-1 Purpose

"""
"""Front matter in canonical form; the body starts at line 15."""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def policy_file(here: Path, text: str) -> Path:
    path = here / "policies" / "2-55" / "v1.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path.relative_to(here)


def visible_text(text: str) -> str:
    page = html.fragment_fromstring(to_html(render_version(parse_version(text))))
    return " ".join(" ".join(page.itertext()).split())


# --- defect 3: fmt deleted a link reference definition -----------------------------------------

REFERENCE = HEADER + "Report use of force on the form.\n\n[1]: https://forms.example.org/uof-report\n"


def test_a_link_reference_definition_is_policy_text_that_check_fmt_and_render_keep(
    here: Path,
) -> None:
    path = policy_file(here, REFERENCE)
    assert run("check", str(path)).exit_code == 0
    assert parse_version(REFERENCE).sections[0].text == (
        "Report use of force on the form.\n\n\\[1]: https://forms.example.org/uof-report"
    )
    assert run("fmt", str(path)).exit_code == 0
    # fmt escapes it, so every markdown viewer shows it too; the tree does not change.
    assert path.read_text(encoding="utf-8") == REFERENCE.replace("\n[1]:", "\n\\[1]:")
    assert parse_version(path.read_text(encoding="utf-8")) == parse_version(REFERENCE)
    assert "[1]: https://forms.example.org/uof-report" in visible_text(REFERENCE)


@pytest.mark.parametrize(
    "body",
    [
        "[1]: https://forms.example.org/uof-report",
        '[form]:\n  /uof "The form"',
        "- [1]: https://forms.example.org/uof-report",
        "- **A.** Use the form.\n\n  [1]: https://forms.example.org/uof-report",
        "<!-- reviewed by the chief -->",
        "<div>Shown as text</div>",
        "<script>alert(1)</script>",
        "Use the [](https://forms.example.org/uof) form.",
        "See ![](https://forms.example.org/uof.png) here.",
        "A line ending in a backslash\\\nthen more.",
        "A closing backslash\\",
        "Fees &amp; forms &copy; &#7; &#0;",
    ],
)
def test_markdown_that_markdown_it_would_swallow_keeps_its_words(body: str) -> None:
    text = HEADER + body + "\n"
    version = parse_version(text)
    assert parse_version(write_markdown(version)) == version
    shown = visible_text(text)
    for word in ("form", "reviewed", "Shown", "alert", "backslash", "more", "Fees", "uof"):
        if word in body:
            assert word in shown


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Text.\n\n***\n", "17: a horizontal rule cannot appear in policy text"),
        ("Text\n===\n", ("15: a level-1 heading cannot appear in policy text; sections start at "
         "'## <number> <title>'")),
        ("- **A.** Text\n\n  More\n  ---\n", "17: a heading cannot appear in policy text"),
        ("- **A.** Text\n\n---\nid: x\n---\n", "17: a horizontal rule cannot appear in policy text"),
        ("    indented\n", ("15: an indented code block (indent clauses by two spaces per level) "
         "cannot appear in policy text")),
        ("```\ncode\n```\n", "15: a fenced code block cannot appear in policy text"),
        ("> quoted\n", "15: a block quote (a line starting with '>') cannot appear in policy text"),
    ],
)
def test_markdown_that_would_hide_words_is_an_error_with_its_line(body: str, expected: str) -> None:
    with pytest.raises(ParseError) as raised:
        parse_version(HEADER + body, "v1.md")
    assert str(raised.value) == f"v1.md:{expected}"


# --- control characters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\x00", "control character U+0000 (NUL) is not allowed; delete it"),
        ("\x07", "control character U+0007 (bell) is not allowed; delete it"),
        ("\x0b", "control character U+000B (vertical tab) is not allowed; delete it"),
        ("\x0c", "control character U+000C (form feed) is not allowed; delete it"),
        ("\x1b", "control character U+001B (escape) is not allowed; delete it"),
        ("\x7f", "control character U+007F (delete) is not allowed; delete it"),
        ("\x85", "control character U+0085 is not allowed; delete it"),
        ("\r", "a carriage return (U+000D) that ends no line; end lines with LF or CRLF"),
        ("\ufffe", "U+FFFE is not a character; delete it"),
    ],
)
def test_check_names_a_control_character_and_its_line(here: Path, char: str, named: str) -> None:
    path = policy_file(here, HEADER + "- **A.** Text\n- **B.** Bell" + char + "here.\n")
    result = run("check", str(path))
    assert (result.exit_code, result.stdout) == (1, f"{path}:16: {named}\n")
    assert result.stderr == "1 error(s), 0 warning(s)\n"
    before = path.read_bytes()
    assert run("fmt", str(path)).exit_code == 1
    assert path.read_bytes() == before  # fmt never rewrites what it cannot read


def test_a_control_character_spelled_as_a_yaml_escape_is_refused_at_its_key() -> None:
    text = HEADER.replace("title: T", 'title: "Use of \\a Force"')
    with pytest.raises(ParseError) as raised:
        parse_version(text, "v1.md")
    assert str(raised.value) == 'v1.md:3: front matter key "title" holds U+0007 (bell); delete it'


def test_tab_and_crlf_line_ends_are_fine() -> None:
    text = HEADER + "- **A.** Text\twith a tab.\n"
    assert parse_version(text.replace("\n", "\r\n")) == parse_version(text)
    assert "Text\twith a tab." in write_markdown(parse_version(text))


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2025-13-01", '"2025-13-01" is not a calendar date (month must be in 1..12)'),
        ("2024-02-30", '"2024-02-30" is not a calendar date (day is out of range for month)'),
        ("2025-7-1", '"2025-7-1" is not written YYYY-MM-DD; did you mean "2025-07-01"?'),
        ("July 1, 2025", '"July 1, 2025" is not written YYYY-MM-DD; did you mean "2025-07-01"?'),
        ("1 Sept 2025", '"1 Sept 2025" is not written YYYY-MM-DD; did you mean "2025-09-01"?'),
        ("07/01/2025", '"07/01/2025" is not written YYYY-MM-DD (e.g. 2025-07-01)'),
        ("2025-07-01T10:00", '"2025-07-01T10:00" is not written YYYY-MM-DD (e.g. 2025-07-01)'),
    ],
)
def test_an_effective_date_must_be_an_iso_calendar_date(written: str, expected: str) -> None:
    with pytest.raises(ParseError) as raised:
        parse_version(HEADER.replace("2025-07-01", written), "v1.md")
    assert str(raised.value) == f"v1.md:6: effective date {expected}"


@pytest.mark.parametrize("written", ["2024-02-29", '"2024-02-29"', "'2024-02-29'"])
def test_an_iso_date_quoted_or_not_is_read_as_written(written: str) -> None:
    version = parse_version(HEADER.replace("2025-07-01", written))
    assert version.effective == "2024-02-29"


# --- found by tests/test_fuzz.py --------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "report\n- \n\u00a0\n\nreport\n",
        "- \u00a0\n\n  foo {sanction=5}\n",
        "- **A.** One.\n\n\u3000\n\nA closing paragraph.\n",
    ],
)
def test_a_paragraph_of_unicode_spaces_alone_holds_no_word_and_fmt_keeps_the_tree(
    body: str,
) -> None:
    version = without_positions(parse_version(HEADER + body))
    assert without_positions(parse_version(write_markdown(version))) == version
