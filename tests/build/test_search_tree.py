"""A page's search sections read from its tree (`toolkit.site.search_tree`) are those the
theme's own parser (the reference) reads from the page's HTML: on every searched page of real
and generated manuals, and on random trees, quirks of the parser included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.site.conftest import FIXTURES, ROOT
from toolkit.library import Parser, load_library
from toolkit.mkdocs_plugin import read_search_sections
from toolkit.render.policy_html import to_html
from toolkit.site.pages import site_builder
from toolkit.site.search import SearchSection
from toolkit.site.search_tree import read_tree_sections


def _searched_pages(policies: Path) -> list[tuple[str, str, tuple[SearchSection, ...] | None]]:
    """(path, searched HTML, sections read from its tree) of each policy page search reads."""
    builder = site_builder(load_library(policies, Parser()).policies, read_search=True)
    return [(page.path, page.html if page.search_html is None else page.search_html,
             page.search_sections)
            for policy in builder.policies for page in builder.policy_pages(policy)
            if not page.search_exclude]


@pytest.mark.parametrize("policies", [ROOT / "policies", FIXTURES / "policies",
                                      FIXTURES / "hostile", FIXTURES / "in_force" / "policies"],
                         ids=["real", "fixture", "hostile", "in_force"])
def test_every_searched_page_is_read_from_its_tree_as_the_theme_parses_its_html(
        policies: Path) -> None:
    pages = _searched_pages(policies)
    assert pages
    for path, html, sections in pages:
        assert sections is not None, path
        assert sections == read_search_sections(html), path


def test_the_pages_of_a_generated_manual_are_read_as_the_theme_parses_them(
        manual: Path) -> None:
    pages = _searched_pages(manual / "policies")
    assert len(pages) > 8 * 4
    for path, html, sections in pages:
        assert sections is not None, path
        assert sections == read_search_sections(html), path


def test_a_builder_not_asked_reads_nothing() -> None:
    builder = site_builder(load_library(FIXTURES / "policies", Parser()).policies)
    assert all(page.search_sections is None
               for policy in builder.policies for page in builder.policy_pages(policy))


def test_what_serialising_would_change_is_left_to_the_parser() -> None:
    def tree(markup: str) -> etree._Element:
        found = etree.fromstring(markup, etree.HTMLParser()).find("body")
        assert found is not None
        return found[0]

    assert read_tree_sections(tree("<div><p>a</p><li>b</li></div>")) is not None
    empty_item = tree("<div><ul><li>a</li></ul></div>")
    empty_item.find(".//li").text = None  # written `<li>` with no end tag
    assert read_tree_sections(empty_item) is None
    assert read_tree_sections(tree("<div><!-- note -->a</div>")) is None
    assert read_tree_sections(tree("<div><script>a</script>b</div>")) is not None
    assert read_tree_sections(tree("<div><script>'</p>'</script>b</div>")) is None


_TAGS = ("div", "p", "ul", "ol", "li", "span", "a", "h1", "h2", "h3", "code", "pre", "sub",
         "sup", "em", "section", "br", "hr", "img", "wbr", "script", "object", "table", "td",
         "basefont", "textarea")
_TEXTS = st.one_of(
    st.sampled_from(["", " ", "\n", " \n\t ", "word", "a & b <c> \"d\"", "line\nbreak", "\xa0"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=6))
_ATTRIBUTES = st.dictionaries(
    st.sampled_from(["id", "class", "data-search-exclude"]),
    st.sampled_from(["", "x", "headerlink", "linenodiv", "a&b", "a b"]), max_size=3)
Node = tuple[str, dict[str, str], str, list["Node"], str]


def _node(children: st.SearchStrategy[list[Node]]) -> st.SearchStrategy[Node]:
    return st.tuples(st.sampled_from(_TAGS), _ATTRIBUTES, _TEXTS, children, _TEXTS)


_TREES = st.recursive(_node(st.just([])), lambda kids: _node(st.lists(kids, max_size=4)),
                      max_leaves=30)


def _element(node: Node) -> etree._Element:
    tag, attributes, text, children, tail = node
    made = etree.Element(tag, attributes)
    made.text, made.tail = text or None, tail or None
    made.extend(_element(child) for child in children)
    return made


def _outcome(read: Callable[[], object]) -> object:
    try:
        return read()
    except ValueError:  # the parser fails on some nestings (a kept tag closed in another part)
        return "ValueError"


@settings(max_examples=400, deadline=None)
@given(_TREES)
def test_a_random_tree_is_read_as_the_theme_parses_its_html_or_left_to_it(node: Node) -> None:
    root = _element(("div", {}, "", [node], ""))
    html = to_html(root)
    read = _outcome(lambda: read_tree_sections(root))
    if read is not None:
        assert read == _outcome(lambda: read_search_sections(html)), html
