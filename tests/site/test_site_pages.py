"""Page generation without mkdocs: which pages exist, links between them, marks on them."""

from __future__ import annotations

from dataclasses import replace

import pytest
from lxml import etree, html

from tests.golden import Case, case_params
from tests.site.conftest import FIXTURES
from toolkit.errors import BuildError
from toolkit.library import Library, load_library
from toolkit.model import ChangeSet, Policy
from toolkit.render.policy_html import element
from toolkit.site import SitePage, Urls, build_pages, redline_pairs


@pytest.mark.parametrize("case", case_params(FIXTURES / "urls.txt"))
def test_relative_links_between_pages(case: Case) -> None:
    source, target = case.input.split(" -> ")
    target_path, _, anchor = target.partition("#")
    directory, files = case.expected.split("\n")
    assert Urls(True).link(source, target_path, anchor or None) == directory
    assert Urls(False).link(source, target_path, anchor or None) == files


def summary_redline(changes: ChangeSet) -> etree._Element:
    """A small redline for page tests: one block per change, anchored as the real one is."""
    blocks = [element("div", {"id": f"change-{(change.new or change.old)[0]}"}, change.op)
              for change in changes.changes if change.op != "unchanged"]
    return element("div", {"class": "pk-redline"}, *blocks)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(FIXTURES / "policies")


@pytest.fixture(scope="module")
def pages(library: Library) -> dict[str, SitePage]:
    return {page.path: page for page in build_pages(library.policies)}


def test_pages_of_a_manual(pages: dict[str, SitePage]) -> None:
    assert sorted(pages) == [
        "changes/index.md",
        "glossary/index.md",
        "index.md",
        "policies/2-19/2022/index.md",
        "policies/2-19/2025-draft/index.md",
        "policies/2-19/history/index.md",
        "policies/2-19/index.md",
        "policies/2-19/redline/2022-to-2025-draft/index.md",
        "policies/2-55/2021/index.md",
        "policies/2-55/2023/index.md",
        "policies/2-55/history/index.md",
        "policies/2-55/index.md",
        "policies/2-55/redline/2021-to-2023/index.md",
        "policies/index.md",
    ]


def test_redline_pairs_are_consecutive_then_against_current(library: Library) -> None:
    policy = library.policy("2-55")
    v1, v2 = policy.versions
    third = replace(v2, version="2025", status="draft", effective=None, supersedes="2023")
    fourth = replace(v2, version="2026", status="draft", effective=None, supersedes="2025")
    grown = Policy("2-55", (replace(v1, status="superseded"), v2, third, fourth))
    names = [(pair.old.version, pair.new.version) for pair in redline_pairs(grown)]
    assert names == [("2021", "2023"), ("2023", "2025"), ("2025", "2026"), ("2023", "2026")]


def test_every_clause_has_its_address_as_anchor(pages: dict[str, SitePage],
                                                library: Library) -> None:
    from toolkit.tree import walk_version

    tree = html.fragment_fromstring(pages["policies/2-55/index.md"].html)
    ids = {node.get("id") for node in tree.iter() if node.get("id")}
    addresses = {node.address for node in walk_version(library.policy("2-55").current)}
    assert addresses <= ids


def test_the_current_page_marks_changed_clauses_with_links_to_the_redline(
        pages: dict[str, SitePage]) -> None:
    tree = html.fragment_fromstring(pages["policies/2-55/index.md"].html)
    marks = {str(link.get("href")) for link in tree.find_class("pk-changed")}
    redline = html.fragment_fromstring(pages["policies/2-55/redline/2021-to-2023/index.md"].html)
    anchors = {f"redline/2021-to-2023/#{node.get('id')}" for node in redline.iter()
               if str(node.get("id", "")).startswith("change-")}
    assert marks
    assert marks <= anchors


def test_drafts_say_they_are_not_in_force(pages: dict[str, SitePage]) -> None:
    draft = html.fragment_fromstring(pages["policies/2-19/2025-draft/index.md"].html)
    assert draft.find_class("pk-status-draft")[0].text_content() == "Draft: not in force."
    home = html.fragment_fromstring(pages["index.md"].html)
    assert "draft 2025-draft (not in force)" in home.text_content()


def test_search_shows_text_in_force_and_drafts(pages: dict[str, SitePage]) -> None:
    assert not pages["policies/2-55/index.md"].search_exclude
    assert pages["policies/2-55/2023/index.md"].search_exclude  # repeats the current page
    superseded = pages["policies/2-55/2021/index.md"]  # searchable, labelled, ranked last
    assert (superseded.search_exclude, superseded.search_boost) == (False, 0.1)
    assert superseded.title.endswith("(2021, superseded)")
    draft = pages["policies/2-19/2025-draft/index.md"]
    assert (draft.search_exclude, draft.search_boost) == (False, 0.5)
    assert pages["policies/2-55/redline/2021-to-2023/index.md"].search_boost == 0.3


def test_glossary_lists_terms_of_policies_in_force(pages: dict[str, SitePage]) -> None:
    glossary = html.fragment_fromstring(pages["glossary/index.md"].html)
    assert [node.get("id") for node in glossary.iter("h2")] == ["term-de-escalation"]


def test_a_version_named_like_a_generated_page_is_refused(library: Library) -> None:
    policy = library.policy("2-55")
    bad = replace(policy.versions[0], version="history")
    with pytest.raises(BuildError) as caught:
        build_pages([Policy("2-55", (bad, policy.versions[1]))], redline=summary_redline)
    assert str(caught.value) == (
        f'{bad.source}:1: version name "history" is reserved for the site; rename the file')


def index_entries(content: str) -> list[tuple[str, str, str]]:
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(content)
    parser.close()
    return [(str(section.id), "".join(section.title), "".join(section.text))
            for section in parser.data if not section.is_excluded()]


def test_search_html_indexes_exactly_as_the_full_page(pages: dict[str, SitePage]) -> None:
    slimmed = [page for page in pages.values() if page.search_html is not None]
    assert {page.kind for page in slimmed} >= {"policy", "redline"}
    for page in slimmed:
        assert page.search_html is not None
        assert index_entries(page.search_html) == index_entries(page.html), page.path
        assert len(page.search_html) < len(page.html)
