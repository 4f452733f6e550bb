"""`diff --format md` in a pull request: what GitHub and GitLab show of it.

The markdown is rendered the way GitHub renders it and sanitised the way GitHub
sanitises it (tests/diff/github_markdown.py). Then: the `<del>`/`<ins>` survive,
nothing we wrote is stripped, and every change reads back as exactly its old and
its new text, with no policy text turned into markup.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from tests.diff.github_markdown import as_github_shows, render_github, sanitise, tags
from tests.golden import read_cases
from toolkit.diff import diff_versions
from toolkit.diff.texts import change_sides
from toolkit.model import ChangeSet
from toolkit.parse import parse_version, read_version
from toolkit.render.redline_md import escape_markdown, render_redline_markdown

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "pull_requests.txt"
CASES = read_cases(FIXTURES, 3)


def diff_texts(old: str, new: str) -> ChangeSet:
    return diff_versions(parse_version(old + "\n", "old.md"), parse_version(new + "\n", "new.md"))


def sop_2_55() -> ChangeSet:
    policy = ROOT / "policies" / "2-55"
    return diff_versions(read_version(policy / "original.md"), read_version(policy / "revised.md"))


def change_sets() -> list[ChangeSet]:
    return [diff_texts(case.parts[0], case.parts[1]) for case in CASES] + [sop_2_55()]


@pytest.mark.parametrize("case", CASES, ids=[case.title for case in CASES])
def test_golden_pull_request_markdown(case: object) -> None:
    old, new, expected = case.parts  # type: ignore[attr-defined]
    assert render_redline_markdown(diff_texts(old, new)) == expected + "\n"


@pytest.mark.parametrize("cs", change_sets(), ids=lambda cs: f"{cs.old.policy}")
def test_github_keeps_everything_we_write(cs: ChangeSet) -> None:
    markdown = render_redline_markdown(cs)
    sanitised = etree.tostring(sanitise(render_github(markdown)), encoding="unicode")
    untouched = lxml_html.fragment_fromstring(render_github(markdown), create_parent="div")
    assert sanitised == etree.tostring(untouched, encoding="unicode")
    shown = as_github_shows(markdown)
    assert "del" in tags(shown) and "ins" in tags(shown)
    assert "{--" not in markdown and "{++" not in markdown


@pytest.mark.parametrize("cs", change_sets(), ids=lambda cs: f"{cs.old.policy}")
def test_each_change_reads_back_as_its_old_and_new_text(cs: ChangeSet) -> None:
    shown = as_github_shows(render_redline_markdown(cs))
    sides = change_sides(cs)
    changed = [change for change in cs.changes if change.op != "unchanged"]
    blocks = _change_blocks(shown)
    assert len(blocks) == len(changed)
    for change, paragraphs in zip(changed, blocks, strict=True):
        # Policy text never becomes markup: only our marks inside a change's text.
        assert {tag for p in paragraphs for tag in tags(p)} <= {"del", "ins"}
        assert _words(paragraphs, without="ins") == _normal(sides[id(change)].old)
        assert _words(paragraphs, without="del") == _normal(sides[id(change)].new)


def test_markup_in_policy_text_shows_as_itself() -> None:
    hostile = ("a *b* _c_ `d` <b>e</b> &amp; | f ~~g~~ [h](i) \\j $k$ <script>x</script>"
               "\n# not a heading\n1. not a list\n- not a list either\n> not a quote")
    shown = as_github_shows(escape_markdown(hostile))
    assert tags(shown) == ["p"]
    assert _normal("".join(shown.itertext())) == _normal(hostile)


def test_a_new_policy_says_so() -> None:
    cs = sop_2_55()
    empty = replace(cs.new, version="(none)", sections=(), definitions=(), source="(none)")
    markdown = render_redline_markdown(diff_versions(empty, cs.new))
    assert markdown.startswith(
        "# New policy: SOP 2-55 revised\n\nNew policy: SOP 2-55 version revised (effective). ")
    removed = render_redline_markdown(diff_versions(cs.new, empty))
    assert removed.startswith("# Policy removed: SOP 2-55 revised\n")
    assert "(none)" not in markdown.split("\n\n")[1] + removed.split("\n\n")[1]


def test_the_roll_up_of_sop_2_55_names_the_term_and_the_parts_left() -> None:
    (rollup,) = sop_2_55().replacements
    assert (rollup.old, rollup.new, rollup.count) == ("officers", "sworn personnel", 5)
    assert rollup.forms == ("officers", "officers’")
    # "an officer" is still written in 16 parts of the revised version.
    assert len(rollup.exceptions) == 16 and "2-55-4.H" in rollup.exceptions


# -- reading a rendered page back ------------------------------------------------------------


def _change_blocks(root: etree._Element) -> list[list[etree._Element]]:
    """The text paragraphs under each change heading (evidence and sanction lines left out)."""
    blocks: list[list[etree._Element]] = []
    for node in root:
        if node.tag == "h2":
            blocks.append([])
        elif blocks and node.tag == "p" and not _is_note(node):
            blocks[-1].append(node)
    return blocks


def _is_note(paragraph: etree._Element) -> bool:
    text = "".join(paragraph.itertext())
    only_emphasis = len(paragraph) == 1 and paragraph[0].tag == "em" and not (
        paragraph.text or "").strip() and text == "".join(paragraph[0].itertext())
    return only_emphasis or text.startswith("Sanction classification: ")


def _words(paragraphs: list[etree._Element], without: str) -> str:
    texts = []
    for paragraph in paragraphs:
        copy = etree.fromstring(etree.tostring(paragraph))
        for node in list(copy.iter(without)):
            sanitise_tail = node.tail or ""
            parent = node.getparent()
            previous = node.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + sanitise_tail
            elif parent is not None:
                parent.text = (parent.text or "") + sanitise_tail
            if parent is not None:
                parent.remove(node)
        texts.append("".join(copy.itertext()))
    return _normal(" ".join(texts))


def _normal(text: str) -> str:
    return " ".join(text.split())


def test_a_new_policy_says_so_in_every_format() -> None:
    from toolkit.render.redline_html import redline_to_string, render_redline
    from toolkit.render.redline_text import render_redline_text

    cs = sop_2_55()
    empty = replace(cs.new, version="(none)", sections=(), definitions=(), source="(none)")
    added = diff_versions(empty, cs.new)
    assert render_redline_text(added).startswith("New policy: SOP 2-55 version revised (effective)\n")
    assert "<title>Redline: New policy: SOP 2-55 revised</title>" in redline_to_string(
        render_redline(added))


MARKUP_HEAVY = st.lists(
    st.sampled_from(list("ab1 .)\n\t*_`~|<>&#+-=[]()!\\:$\"'{}") + ["<b>", "&amp;",
                                                                       "</del>", "1. "]),
    max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKUP_HEAVY)
def test_any_policy_text_shows_as_itself_on_github(text: str) -> None:
    shown = as_github_shows(escape_markdown(text))
    assert set(tags(shown)) <= {"p"}
    assert _normal("".join(shown.itertext())) == _normal(text)
