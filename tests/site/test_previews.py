"""Previews of what a link in policy text leads to, written into the page at build time:
which links get one, what it says, how long it gets, and where a term links.

Run: `.venv/bin/python -m pytest -q tests/site/test_previews.py`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from tests.site.conftest import FIXTURES
from toolkit.library import load_library
from toolkit.model import Clause, Policy
from toolkit.render.policy_html import PREVIEW_ATTRIBUTE
from toolkit.site.pages import SitePage, _glossary_entries, build_pages
from toolkit.site.search import read_search_documents
from toolkit.site.timeline import publish
from toolkit.site.urls import Urls
from toolkit.site.xref import PREVIEW_LENGTH, CrossReferences, node_text, shorten

TODAY = "2026-01-01"


@cache
def policies() -> tuple[Policy, ...]:
    return tuple(publish(policy, TODAY) for policy in
                 load_library(FIXTURES / "policies").policies)


def xref(directory_urls: bool = True) -> CrossReferences:
    return CrossReferences(policies(), Urls(directory_urls), _glossary_entries(policies()))


@cache
def pages() -> dict[str, SitePage]:
    return {page.path: page for page in build_pages(list(policies()), today=TODAY)}


def previewed(path: str) -> list[tuple[str, str]]:
    """(href, preview) of each link with a preview on a page, in document order."""
    root = html.fragment_fromstring(pages()[path].html, create_parent="div")
    return [(str(link.get("href")), str(link.get(PREVIEW_ATTRIBUTE)))
            for link in root.xpath(f"//a[@{PREVIEW_ATTRIBUTE}]")]


CASES = [
    # (page, href, preview)
    ("policies/2-55/index.md", "#2-55-4.C",
     ("2-55-4.C · SOP 2-55 Use of Force: De-escalation\n"
     "Sworn personnel shall document De-escalation in their report.")),
    ("policies/2-19/index.md", "../2-55/#2-55-4.A.2",
     ("2-55-4.A.2 · SOP 2-55 Use of Force: De-escalation\n"
     "De-escalation techniques shall be used when feasible, and include: a. Using distance, "
     "cover, concealment, and/or time. b. Requesting the Mobile Crisis Team for a person in a "
     "behavioral health crisis, as SOP 2-19 describes.")),
    ("policies/2-19/index.md", "../2-55/#2-55-4",
     ("2-55-4 De-escalation Techniques and Guidelines · SOP 2-55 Use of Force: De-escalation\n"
     "A. De-escalation techniques are proactive actions and approaches. 1. The following list "
     "is not intended to establish an order of priority. 2. De-escalation techniques shall be "
     "used when feasible, and include: a. Using distance, cover, concealment, and/or time. "
     "b. Requesting the Mobile Crisis Team…")),
    ("policies/2-19/index.md", "../2-55/",
     ("SOP 2-55 Use of Force: De-escalation\n"
     "The purpose of this policy is to establish guidelines for sworn personnel.")),
    ("policies/2-19/index.md", "../2-55/#def-de-escalation",
     ("De-escalation · SOP 2-55 Use of Force: De-escalation\n"
     "An action to attempt to calm a situation.")),
    ("policies/2-55/index.md", "2021/#2-55-4.A",
     ("2-55-4.A · SOP 2-55 Use of Force: De-escalation (version 2021, superseded)\n"
     "De-escalation techniques are actions and approaches. 1. The following list is not "
     "intended to establish an order of priority. 2. De-escalation techniques shall be used "
     "when feasible, and include: a. Utilizing distance, cover, concealment, and/or time. "
     "b. Requesting a Crisis Intervention Team…")),
    ("policies/2-55/2023/index.md", "#2-55-1",
     ("2-55-1 Purpose · SOP 2-55 Use of Force: De-escalation\n"
     "The purpose of this policy is to establish guidelines for sworn personnel.")),
]


@pytest.mark.parametrize(("page", "href", "expected"), CASES)
def test_a_preview_says_where_a_link_leads_and_what_it_says(page: str, href: str,
                                                            expected: str) -> None:
    assert xref().previews(page)(href) == expected


@pytest.mark.parametrize("href", ["#nowhere", "../2-99/", "../2-55/#2-55-9.Z",
                                  "https://example.org/law", "/policies/2-55/", "../../../x/",
                                  "../2-55/history/"])
def test_a_link_that_leads_to_no_clause_or_policy_has_no_preview(href: str) -> None:
    assert xref().previews("policies/2-19/index.md")(href) is None


def test_previews_resolve_file_urls_of_the_offline_copy() -> None:
    preview = xref(directory_urls=False).previews("policies/2-19/index.md")
    assert preview("../2-55/index.html#2-55-4.C") == CASES[0][2]


def test_the_rendered_pages_carry_previews_on_references_and_written_links() -> None:
    assert previewed("policies/2-19/index.md") == [
        ("../2-55/", ("SOP 2-55 Use of Force: De-escalation\n"
                     "The purpose of this policy is to establish guidelines for sworn personnel.")),
        ("../2-55/#2-55-4.A.2", CASES[1][2]),
        ("../2-55/#def-de-escalation",
         ("De-escalation · defined in SOP 2-55 Use of Force: De-escalation\n"
         "An action to attempt to calm a situation.")),
        ("#2-19-2.A", ("2-19-2.A · SOP 2-19 Response to Behavioral Health Issues\n"
                      "Officers shall use the techniques of 2-55-4.A.2 and record the call "
                      "under SOP 2-8.")),
        ("../2-55/#2-55-4.C", CASES[0][2]),
    ]


def test_permalinks_change_marks_and_outside_links_get_no_preview() -> None:
    root = html.fragment_fromstring(pages()["policies/2-55/index.md"].html, create_parent="div")
    for link in root.xpath("//a[contains(@class, 'headerlink') or contains(@class, 'pk-changed')"
                           " or starts-with(@href, 'http')]"):
        assert link.get(PREVIEW_ATTRIBUTE) is None
    assert root.xpath("//a[contains(@class, 'headerlink')]") and root.xpath(
        "//a[contains(@class, 'pk-changed')]")


def test_a_version_own_term_keeps_its_tooltip_and_no_preview() -> None:
    root = html.fragment_fromstring(pages()["policies/2-55/index.md"].html, create_parent="div")
    own = root.xpath("//a[@class='pk-term']")
    assert own and all(link.get(PREVIEW_ATTRIBUTE) is None and link.get("title") for link in own)


def test_search_does_not_index_preview_text(built_site: Path) -> None:
    # A preview repeats another clause's words: searching them must not find this page.
    docs = read_search_documents(built_site)
    on_2_19 = " ".join(doc["text"] for doc in docs if doc["location"].startswith("policies/2-19/"))
    assert "2-55-4.A.2" in on_2_19
    assert "Sworn personnel shall document" not in on_2_19


def test_a_long_text_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = "Officers shall document, " * 40
    short = shorten(text)
    assert len(short) <= PREVIEW_LENGTH and short.endswith("shall…")
    assert shorten("Short enough.") == "Short enough."


@given(st.text(alphabet="ab ,.;\n", max_size=600))
def test_shorten_keeps_to_the_limit_and_to_a_prefix(text: str) -> None:
    short = shorten(text)
    assert len(short) <= PREVIEW_LENGTH
    assert short == text or text.startswith(short.removesuffix("…"))


def test_a_clause_previews_its_list_as_far_as_room_allows() -> None:
    items = tuple(Clause(label, f"Item {label} " + "word " * 20, f"1-1-1.A.{label}", 1)
                  for label in "abcdefgh")
    clause = Clause("A", "Include:", "1-1-1.A", 1, items)
    text = node_text(clause)
    assert text.startswith("Include: a. Item a word") and text.endswith("…")
    assert len(text) <= PREVIEW_LENGTH


def test_a_page_carries_each_preview_once() -> None:
    # 2-55 links ../2-19/ from its header table, from 2-55-4.A.2.b and from 2-55-4.D.
    to_2_19 = [preview for href, preview in previewed("policies/2-55/index.md")
               if href == "../2-19/"]
    assert to_2_19 == [("SOP 2-19 Response to Behavioral Health Issues\n"
                        "This policy covers responses to people in a behavioral health crisis."),
                       "", ""]
