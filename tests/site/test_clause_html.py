"""Clause text to HTML: golden cases, and properties that hold for any text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from tests.golden import Case, case_params
from tests.site.conftest import FIXTURES
from toolkit.model import Clause, Section, Version
from toolkit.render.inline import plain_text
from toolkit.render.policy_html import Links, render_clause_text, render_version, to_html
from toolkit.tree import walk_version

POLICIES = {"2-19": "../2-19/"}
ADDRESSES = {"2-55-4.A": "#2-55-4.A", "2-55-4.C": "#2-55-4.C", "2-19-2.A": "../2-19/#2-19-2.A"}
LINKS = Links(
    policy=POLICIES.get,
    address=ADDRESSES.get,
    term=lambda term: "../../glossary/#term-de-escalation" if term == "de-escalation" else None,
    titles={"response to behavioral health issues": "2-19", "use of force: definitions": "2-52"},
)
DEFINITIONS = {"de-escalation": "An action to attempt to calm a situation."}


@pytest.mark.parametrize("case", case_params(FIXTURES / "clause_text.txt"))
def test_clause_text_renders_as_expected(case: Case) -> None:
    assert to_html(render_clause_text(case.input, LINKS, DEFINITIONS)) == case.expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(
    list("ab <>&\"'*_`[]()!:/\n-.") + ["\n\n", "SOP 2-19", "2-55-4.C", "<script>", "javascript:",
                                       "de-escalation", "SOP – Response to Behavioral Health Issues"]
)).map("".join))
def test_any_text_renders_to_html_that_parses_and_escapes(text: str) -> None:
    rendered = to_html(render_clause_text(text, LINKS, DEFINITIONS))
    tree = html.fragment_fromstring(rendered)
    # Only our own tags can appear: whatever the text, no markup from it survives.
    allowed = {"div", "p", "a", "em", "strong", "code", "br", "span"}
    assert {str(node.tag) for node in tree.iter()} <= allowed
    assert all(not str(link.get("href", "")).lower().startswith("javascript")
               for link in tree.iter("a"))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"))))
def test_plain_text_is_one_line_fit_for_a_title_attribute(text: str) -> None:
    words = plain_text(text)
    assert "\n" not in words
    assert words == words.strip()


def test_fixture_file_has_cases() -> None:
    assert len(case_params(Path(FIXTURES / "clause_text.txt"))) >= 15


@st.composite
def clause_trees(draw: st.DrawFn, parent: str = "1-1-1", depth: int = 0) -> tuple[Clause, ...]:
    labels = draw(st.lists(st.sampled_from(["A", "B", "1", "2", "a", "i", None]), max_size=3,
                           unique=True))
    clauses = []
    for index, label in enumerate(labels, start=1):
        address = f"{parent}.{label}" if label else f"{parent}.p{index}"
        children = draw(clause_trees(address, depth + 1)) if depth < 3 else ()
        text = draw(st.lists(st.sampled_from(list("ab <>&*_[]()`\n") + ["SOP 1-2"]),
                             max_size=30).map("".join))
        clauses.append(Clause(label, text, address, 1, children,
                              sanction=draw(st.sampled_from([None, "5", "N/A"]))))
    return tuple(clauses)


@settings(max_examples=60, deadline=None)
@given(clause_trees())
def test_any_version_renders_with_every_address_anchored(clauses: tuple[Clause, ...]) -> None:
    section = Section("1-1-1", "Title <b>", "Lead & <i>", 1, clauses)
    version = Version("1-1", "v1", "A <script>", "effective", "2024-01-01", sections=(section,))
    tree = html.fragment_fromstring(to_html(render_version(version)))
    ids = {node.get("id") for node in tree.iter() if node.get("id")}
    assert {node.address for node in walk_version(version)} <= ids
    assert not [node for node in tree.iter() if node.tag in ("script", "b", "i")]
