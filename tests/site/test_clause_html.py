"""Clause text to HTML: golden cases, and properties that hold for any text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from tests.site.conftest import FIXTURES, Case, case_params
from toolkit.render.inline import plain_text
from toolkit.render.policy_html import Links, render_clause_text, to_html

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
