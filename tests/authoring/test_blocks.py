"""The fast block reader gives markdown-it's block tree exactly, or declines.

Documents are drawn from the plain subset `policykit fmt` writes and from what lies
near it (quotes, fences, rules, ordered lists, setext underlines, tabs, odd indents,
lazy lines, empty items, closing `#`s, odd front matter); for each, either the fast
reader declines or both readers give equal trees. Every policy file of the
repository and of the test fixtures is read the fast way, and equally.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.blocks import TRIM_CHARACTERS, Block, read_blocks
from toolkit.parse import (
    _block_markdown,
    _block_tree,
    _yaml_loaders,
    load_with_pyyaml,
    numbered_items,
    parse_version,
)
from toolkit.plain_yaml import read_plain_yaml

ROOT = Path(__file__).resolve().parents[2]
POLICY_FILES = sorted(
    path for folder in ("policies", "tests") for path in (ROOT / folder).rglob("*.md")
    if path.name != "README.md" and path.read_text(encoding="utf-8").startswith("---\n")
)


def shape(blocks: list[Block]) -> list[Any]:
    """A block tree as plain data, to compare two trees."""
    return [(b.type, b.tag, b.line, b.content, shape(b.children)) for b in blocks]


def markdown_it_shape(text: str) -> list[Any]:
    return shape(_block_tree(_block_markdown().parse(text)))


def assert_same_or_declined(text: str) -> bool:
    fast = read_blocks(text)
    if fast is not None:
        assert shape(fast) == markdown_it_shape(text)
    return fast is not None


FRONT = "---\nid: 1-01\ntitle: T\nversion: v1\nstatus: draft\neffective:\n---\n"
TEXTS = ["Officers shall act.", "**A.** Label text", "**1.** x {sanction=5}", "**Term:** meaning",
         "<b>html</b> & [link](u)", "\u00a0spaced\u00a0", "`code` *em*", "word  ", "1\\. escaped",
         "\\- escaped", "#hashtag", "####### seven", "a\u2028b", "é ü", "x # y"]
LINE_STARTS = ["", "- ", "* ", "+ ", "-  ", "## ", "# ", "### ", "1. ", "2) ", "> ", "```", "~~~",
               "    ", "\t", "- - ", "-", "---", "***", "===", "--", "- \u00a0", "## #", "...",
               "<div>", "[a]: /u "]


@st.composite
def lines(draw: Any) -> str:
    indent = " " * draw(st.sampled_from([0, 0, 0, 2, 2, 4, 4, 6, 1, 3, 5, 8]))
    if draw(st.integers(0, 5)) == 0:
        return indent if draw(st.booleans()) else ""
    start = draw(st.sampled_from(["- ", "- ", "- ", "", "", "## "] + LINE_STARTS))
    text = draw(st.sampled_from(TEXTS + [""]))
    end = draw(st.sampled_from(["", "", "", " ", " #", " {#id}", "  "]))
    return indent + start + text + end


@st.composite
def structured_lines(draw: Any) -> list[str]:
    """Headings, paragraphs and nested lists laid out as `policykit fmt` would, or nearly."""
    out: list[str] = []
    depth = 0
    for _ in range(draw(st.integers(1, 14))):
        step = draw(st.sampled_from(["item", "item", "item", "heading", "paragraph", "more"]))
        text = draw(st.sampled_from(TEXTS))
        if step == "heading":
            depth = 0
            out += ["", "## " + text, ""]
        elif step == "item":
            depth = draw(st.integers(0, depth))
            marker = draw(st.sampled_from(["- ", "- ", "- ", "* "]))
            out.append("  " * depth + marker + text)
            depth += 1
        elif step == "paragraph":
            depth = draw(st.integers(0, depth))
            out += ["", "  " * depth + text]
        else:  # another line of the paragraph above, or a blank line
            out.append("  " * depth + text if draw(st.booleans()) else "")
    return out


def with_one_line_changed(draw: Any, body: list[str]) -> list[str]:
    index = draw(st.integers(0, len(body) - 1))
    return [*body[:index], draw(lines()), *body[index + 1:]]


@st.composite
def plain_bodies(draw: Any) -> str:
    body = draw(structured_lines())
    if draw(st.integers(0, 2)) == 0:
        body = with_one_line_changed(draw, body)
    return FRONT + "\n".join(body) + "\n"


plain_documents = plain_bodies()
front_matters = st.sampled_from([
    FRONT, "---\n---\n", "--- \nid: x\n---\n", "----\nid: x\n----\n", "---\nid: x\n...\n",
    "---\nid: x\n  ---\n", "---\nid: x\n----\n", "---\nid: x\n", "\ufeff---\n---\n",
    "---\r\nid: x\r\n---\r\n", "---\nlist:\n  - a\n  -\n---\n", "",
])
near_documents = st.tuples(front_matters, st.lists(lines(), max_size=15),
                           st.sampled_from(["\n", "\r\n", "\n\n"])).map(
    lambda parts: parts[0] + parts[2].join(parts[1]) + ("\n" if parts[1] else ""))
PROPERTY = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(plain_documents)
def test_the_fast_reader_agrees_with_markdown_it(text: str) -> None:
    assert_same_or_declined(text)


@PROPERTY
@given(near_documents)
def test_near_the_subset_it_agrees_or_declines(text: str) -> None:
    assert_same_or_declined(text)


@PROPERTY
@given(st.text(alphabet="- *+#>`~=\n 1.)\tab\u00a0{}", max_size=80))
def test_on_any_text_it_agrees_or_declines(text: str) -> None:
    assert_same_or_declined(FRONT + text)
    assert_same_or_declined(text)


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_policy_file_is_read_fast_and_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert assert_same_or_declined(text), "declined a policy file of the repository"


def test_the_canonical_form_is_read_fast() -> None:
    text = FRONT + ("## 1-01-1 Purpose\n\nText.\n\n- **A.** One.\n  - **1.** Two {sanction=5}\n"
                    "\n    More of two.\n  - **2.** Three\n- **B.** Four\n\n  Four's second.\n"
                    "- Unlabelled\n\n## 1-01-2 Policy\n\n* a star list\n- a dash list\n")
    assert assert_same_or_declined(text)


@pytest.mark.parametrize("body", [
    "> quote\n", "```\ncode\n```\n", "1. one\n", "- a\n\n      code\n", "- a\nlazy\n",
    "text\n===\n", "- \n", "\ttab\n", "- ## heading in an item\n", "## closing ##\n",
    "para\n  over-indented\n", "   ## indented heading\n",
])
def test_what_it_leaves_to_markdown_it(body: str) -> None:
    assert read_blocks(FRONT + body) is None


def test_its_trim_is_markdown_its() -> None:
    from markdown_it.common.utils import MD_TRIM_CHARS

    assert set(TRIM_CHARACTERS) == set(MD_TRIM_CHARS)


def test_numbered_items_are_still_found() -> None:
    assert numbered_items(FRONT + "## 1 A\n\n1. one\n2. two\n") == [(10, "1."), (11, "2.")]
    assert numbered_items(FRONT + "## 1 A\n\n- one\n") == []


def imported_by_parsing_a_plain_file(module: str) -> bool:
    """Whether parsing a plain policy file, in a fresh interpreter, imports `module`."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from toolkit.parse import parse_version; "
            f"parse_version(Path({str(ROOT / 'policies/2-55/revised.md')!r}).read_text()); "
            f"print({module!r} in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip() == "True"


def test_parsing_a_plain_file_needs_no_markdown_it() -> None:
    """`policykit check FILE` starts faster without importing markdown-it."""
    assert not imported_by_parsing_a_plain_file("markdown_it")


def test_a_deep_list_goes_to_markdown_it_which_refuses_it() -> None:
    body = "## 1-01-1 A\n\n" + "".join("  " * depth + "- x\n" for depth in range(40))
    assert read_blocks(FRONT + body) is None
    with pytest.raises(Exception, match="nested too deeply"):
        parse_version(FRONT + body)


YAML_PIECES = ["id: ", "title: ", "- ", "  ", "{id: a, title: b}", "[", "]", "\"", "'", ":", "\n",
               "2023", "1.10", "yes", "~", "null", "&a ", "*a", "!!str ", "#", "key", "? ", "|\n",
               ">\n", "\t", "é", "---\n", "...", ",", "@", "%YAML 1.1\n", "0x1F", "2023-01-02"]


def pure_yaml(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=_yaml_loaders()[0])


@PROPERTY
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join))
def test_front_matter_through_libyaml_reads_as_the_pure_loader(text: str) -> None:
    """The libyaml fast path loads what the pure-Python loader loads, and fails as it fails."""
    try:
        expected = pure_yaml(text)
    except Exception as error:  # noqa: BLE001 - the same error, with the same words
        with pytest.raises(type(error)) as raised:
            load_with_pyyaml(text)
        assert str(raised.value) == str(error)
    else:
        assert load_with_pyyaml(text) == expected


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_front_matter_reads_the_same_through_libyaml(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    front = text.split("\n---\n", 1)[0].removeprefix("---\n")
    assert load_with_pyyaml(front) == pure_yaml(front)


def test_every_front_matter_is_read_without_pyyaml_and_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    front = text.split("\n---\n", 1)[0].removeprefix("---\n")
    plain = read_plain_yaml(front)
    if path.parent.name == "2-55" and "kind: amendment" not in front:  # as fmt writes them
        assert plain is not None
    assert plain is None or plain == pure_yaml(front)


test_every_front_matter_is_read_without_pyyaml_and_the_same = pytest.mark.parametrize(
    "path", POLICY_FILES, ids=lambda p: str(p.relative_to(ROOT)))(
    test_every_front_matter_is_read_without_pyyaml_and_the_same)


# --- the plain front matter reader: PyYAML's answer, or none ----------------------------------

SCALARS = ["x", "Use of Force", "2-19", "SO 21-58", "2023", "1.10", "yes", "No", "null", "Null",
           "NULL", "~", "", " ", "a: b", "a:b", "a:", "a #b", "a#b", "(draft)", "-x", "- x", "[x",
           "x]", "{x}", "x, y", "x,y", "a?b", "'", "''", "\"", "\\", "\\n", "é ü", "\u00a0x",
           "x\u00a0", "a  b", "x ", "&a", "*a", "!x", "|", ">", "%x", "@x", "`x`", "=", "<<",
           "\u2028", "\u0085", "\ufeff", "\x07", "\t", "0x1F", "2023-01-02", "_x", "x_"]
SPELLINGS = ["plain", "json", "double", "single"]


def spelled(value: str, how: str) -> str:
    """`value` written one way YAML may read it (not always validly: that is the point)."""
    import json

    if how == "json":
        return json.dumps(value, ensure_ascii=bool(len(value) % 2))
    if how == "double":
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped.replace(chr(10), chr(92) + "n").replace(chr(7), chr(92) + "a")}"'
    if how == "single":
        return "'" + value.replace("'", "''") + "'"
    return value


scalars = st.builds(spelled, st.sampled_from(SCALARS), st.sampled_from(SPELLINGS))
KEYS = ["id", "title", "version", "status", "effective", "notes", "related", "kind", "null", "_x",
        "a-b", "2x", "x y"]


@st.composite
def front_matters(draw: Any) -> str:
    """Front matter the way people and fmt write it, with one odd thing now and then."""
    lines: list[str] = []
    for key in draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=5)):
        form = draw(st.sampled_from(["scalar", "empty", "flow_list", "block_list", "comment",
                                     "block_scalar"]))
        gap = draw(st.sampled_from([" ", " ", "  ", ""]))
        if form == "scalar":
            lines.append(f"{key}:{gap}{draw(scalars)}{draw(st.sampled_from(['', ' ', ' # c']))}")
        elif form == "empty":
            lines.append(f"{key}:{draw(st.sampled_from(['', ' ', '  ']))}")
        elif form == "flow_list":
            items = draw(st.lists(scalars, max_size=3))
            separator = draw(st.sampled_from([", ", ",", " , ", ", ,"]))
            lines.append(f"{key}:{gap}[{separator.join(items)}]")
        elif form == "block_list":
            lines.append(f"{key}:")
            indent = draw(st.sampled_from(["  ", "", "    "]))
            for _ in range(draw(st.integers(1, 3))):
                item = draw(st.one_of(
                    scalars,
                    st.builds("{{id: {}, title: {}}}".format, scalars, scalars),
                    st.builds("{{id: {}}}".format, scalars),
                    st.sampled_from(["{}", "[]", "{id:x}", "{id: a, id: b}", "{id: [a]}",
                                     "{id: , title: x}", "id: x", "- x"]),
                ))
                lines.append(f"{draw(st.sampled_from([indent, indent, ' ']))}- {item}")
        elif form == "block_scalar":
            lines.append(f"{key}: {draw(st.sampled_from(['>-', '>', '|', '|-', '>+', '|2', '> #']))}")
            for _ in range(draw(st.integers(0, 3))):
                indent = draw(st.sampled_from(["  ", "  ", "   ", "", " "]))
                lines.append(indent + draw(st.sampled_from([*SCALARS, "a: b # c", "- x"])))
        else:
            lines.append(draw(st.sampled_from(["# a comment", "", "  # indented", "  more"])))
    return "\n".join(lines)


def assert_plain_reads_as_pyyaml(text: str) -> None:
    plain = read_plain_yaml(text)
    if plain is None:
        return
    assert plain == pure_yaml(text)  # and PyYAML does not fail where the plain reader answers
    assert plain == load_with_pyyaml(text)


@PROPERTY
@given(front_matters())
def test_the_plain_reader_reads_front_matter_as_pyyaml_or_declines(text: str) -> None:
    assert_plain_reads_as_pyyaml(text)


@PROPERTY
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join))
def test_on_yaml_pieces_the_plain_reader_agrees_or_declines(text: str) -> None:
    assert_plain_reads_as_pyyaml(text)


@PROPERTY
@given(st.text(alphabet="ab1 :-#,[]{}'\"\\\n~\u00e9\u2028!&*?|>", max_size=60))
def test_on_any_text_the_plain_reader_agrees_or_declines(text: str) -> None:
    assert_plain_reads_as_pyyaml(text)


def test_the_plain_reader_reads_plain_block_scalars() -> None:
    front = "notes: >-\n  a: b\n  # c\nother: |\n  x\n  y\nlast: x"
    assert read_plain_yaml(front) == {"notes": "a: b # c", "other": "x\ny\n", "last": "x"}


def test_the_plain_reader_reads_what_fmt_writes() -> None:
    front = ('id: 2-55\ntitle: "Use of Force: De-escalation"\nversion: revised\n'
             "status: effective\neffective:\namends: [SO 21-58, 'x']\nrelated:\n"
             '  - {id: 2-19, title: "A: B"}\nforms: []\nnotes: "\\u00e9 \\"q\\""')
    assert read_plain_yaml(front) == {
        "id": "2-55", "title": "Use of Force: De-escalation", "version": "revised",
        "status": "effective", "effective": None, "amends": ["SO 21-58", "x"],
        "related": [{"id": "2-19", "title": "A: B"}], "forms": [], "notes": 'é "q"',
    }


@pytest.mark.parametrize("front", [
    "title: a # comment", "title: |\n  a", "title: a\n  b", "title: &x a", "title: !!str a",
    "title: a\ntitle: b", "related: null\n  - x", "title: \"a\n  b\"", "- x", "title: \"\\U0001F600\"",
    "related:\n  - id: x\n    title: y", "title:\ta", "", "notes: >\n  a", "notes: >-\n  a\n\n  b",
    "notes: |-\n  a\n   b", "notes: >2\n  a\nx: y", "notes: >-\nx: y",
])
def test_what_the_plain_reader_leaves_to_pyyaml(front: str) -> None:
    assert read_plain_yaml(front) is None


def test_checking_a_plain_file_needs_no_pyyaml() -> None:
    assert not imported_by_parsing_a_plain_file("yaml")
