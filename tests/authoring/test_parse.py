"""The parser: golden outlines, pinned error messages, and properties over arbitrary text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import ParseError
from toolkit.parse import parse_version, read_version
from toolkit.tree import walk_version
from toolkit.tree_json import format_outline, version_to_json

HEADER = "---\n{id: 2-55, title: T, version: v1, status: draft, effective: }\n---\n\n"
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.cases("outline.txt")
def test_outline(case: Any) -> None:
    assert format_outline(parse_version(case.input)) == case.expected


@pytest.mark.cases("parse_errors.txt")
def test_error_message(case: Any) -> None:
    with pytest.raises(ParseError) as raised:
        parse_version(case.input)
    assert str(raised.value) == case.expected


def test_latin_1_file_names_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "v1.md"
    path.write_bytes((HEADER + "## 2-55-1 Purpose\n\n- **A.** Caf\u00e9.\n").encode("latin-1"))
    with pytest.raises(ParseError) as raised:
        read_version(path)
    assert str(raised.value) == (
        f"{path}:7: not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"
    )


def test_missing_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError) as raised:
        read_version(tmp_path / "nope.md")
    assert (
        str(raised.value)
        == f"{tmp_path / 'nope.md'}: cannot read the file: No such file or directory"
    )


def test_byte_order_mark_and_crlf_line_endings_parse_like_plain_lf(tmp_path: Path) -> None:
    text = HEADER + "## 2-55-1 Purpose\n\n- **A.** One\n  line.\n"
    path = tmp_path / "v1.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert format_outline(read_version(path)) == format_outline(parse_version(text))


def test_json_contract_keys_and_values() -> None:
    text = HEADER + (
        "## 2-55-3 Definitions\n\n- **Force:** Any means. {sanction=6}\n\n"
        "## 2-55-4 Guidelines\n\nIntro.\n\n- **A.** One. {#one sanction=N/A}\n  - Unlabelled.\n"
    )
    data = json.loads(json.dumps(version_to_json(parse_version(text, "x.md"))))
    assert data["definitions"] == [
        {
            "term": "Force",
            "definition": "Any means.",
            "line": 7,
            "section": "2-55-3",
            "sanction": "6",
            "id": None,
        }
    ]
    section = data["sections"][1]
    clause = section["children"][0]
    assert {k: v for k, v in section.items() if k != "children"} == {
        "address": "2-55-4",
        "label": "2-55-4",
        "title": "Guidelines",
        "text": "Intro.",
        "sanction": None,
        "id": None,
        "line": 9,
        "number": "2-55-4",
        "level": 2,
        "nested_in": None,
    }
    assert (data["numbering"], data["scheme"]) == (None, "apd")
    assert {k: v for k, v in clause.items() if k != "children"} == {
        "address": "2-55-4.A",
        "label": "A",
        "title": None,
        "text": "One.",
        "sanction": "N/A",
        "id": "one",
        "line": 13,
    }
    assert clause["children"] == [
        {
            "address": "2-55-4.A.p1",
            "label": None,
            "title": None,
            "text": "Unlabelled.",
            "sanction": None,
            "id": None,
            "line": 14,
            "children": [],
        }
    ]
    assert set(data) >= {
        "policy",
        "version",
        "title",
        "status",
        "effective",
        "meta",
        "definitions",
        "sections",
        "supersedes",
        "source",
    }
    assert data["meta"] == {"related": [], "forms": [], "other_resources": [], "rescinds": []}
    assert (data["policy"], data["version"], data["effective"], data["source"]) == (
        "2-55",
        "v1",
        None,
        "x.md",
    )


# --- properties -------------------------------------------------------------------------------

BLOCK_PIECES = [
    "---\n",
    "id: 2-55\n",
    "title: T\n",
    "version: v1\n",
    "status: draft\n",
    "effective:\n",
    "## 2-55-1 Purpose\n",
    "- **A.** text\n",
    "  - **1.** sub\n",
    "    - **a.** deeper\n",
    "- **Term:** meaning\n",
    "\n",
    "para\n",
    "  continued\n",
    "- \n",
    "-\n",
    "1. x\n",
    "> q\n",
    "    code\n",
    "{sanction=5}\n",
    " {#x sanction=N/A}",
    "**B.** p\n",
    "# h\n",
    "```\n",
    "***\n",
    "===\n",
    "- - x\n",
    "\\- y\n",
    "[a]: /u\n",
    "<div>\n",
    "  \n",
    "\t- t\n",
    "{--old--}{++new++}",
    "\u00e9",
    "\x00",
    "\r\n",
    "---",
    "...",
    "key: [\n",
    "&a *a\n",
]
pieces_text = st.lists(st.sampled_from(BLOCK_PIECES), max_size=30).map("".join)
any_text = st.one_of(
    st.text(max_size=200), pieces_text, st.tuples(pieces_text, st.text(max_size=40)).map("".join)
)


@PROPERTY
@given(any_text)
def test_parse_raises_only_parse_errors_with_a_line(text: str) -> None:
    for candidate in (text, HEADER + "## 2-55-1 Purpose\n" + text):
        try:
            version = parse_version(candidate)
        except ParseError as error:
            assert error.line is not None and error.line >= 1
            assert error.line <= candidate.count("\n") + 2
        else:
            addresses = [node.address for node in walk_version(version)]
            assert len(addresses) == len(set(addresses))


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8)


@PROPERTY
@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),
            st.sampled_from(["**A.** ", "**1.** ", "", "**T:** "]),
            st.lists(WORD, min_size=1, max_size=6),
        ),
        max_size=12,
    )
)
def test_parsing_loses_no_words(items: list[tuple[int, str, list[str]]]) -> None:
    lines, depth = [], 0
    for wanted, label, words in items:
        depth = min(wanted, depth + 1)  # a list may nest only one level deeper than the last item
        lines.append("  " * depth + "- " + label + " ".join(words))
    text = HEADER + "## 2-55-4 Guidelines\n\n" + "\n".join(lines) + "\n"
    try:
        tree = json.dumps(version_to_json(parse_version(text)))
    except ParseError as error:  # the one refusal this shape can meet: a definition with sub-items
        assert "cannot hold clauses" in error.message
        return
    for word in re.findall(r"[a-z]{3,}", text):
        assert word in tree
