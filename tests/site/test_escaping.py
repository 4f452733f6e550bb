"""Policy text is data: markup in any text of a policy file is shown, never run.

`fixtures/hostile` puts `<img onerror>`, `<script>` and attribute-breaking quotes into every
front-matter field that holds text, every header-table entry, a section heading, a definition
term, clause text and a link. Each piece calls `alert(<n>)` with its own number. The manual
built from it is read as text (every page, the search index, the redline) and in Chromium.
Run: `.venv/bin/python -m pytest -q tests/site/test_escaping.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

from tests.site.conftest import search, serve_folder
from toolkit.errors import PolicyKitError
from toolkit.library import load_library
from toolkit.site.search import read_search_documents

TITLE = "</title><img src=x onerror=alert(1)><script>alert(2)</script> Zebraquark \"quoted\" &amp; 'response'"
"""The current title as the reader must see it, character for character."""
SECTION = "2-19-1 Purpose <img src=x onerror=alert(12)>"
TERM = "<img src=x onerror=alert(14)>"
RAW_MARKUP = re.compile(r"<(img|script|svg)\b[^>]*(onerror|onload|>alert)", re.IGNORECASE)
"""Markup from the fixture that survived as markup (escaped text reads `&lt;img`)."""

POLICY = "policies/2-19/index.html"
REDLINE = "policies/2-19/redline/2022-to-2023/index.html"
HISTORY = "policies/2-19/history/index.html"
GLOSSARY = "glossary/index.html"
PREVIEWS = "policies/2-20/index.html"
"""A policy whose links preview 2-19's clause, title, purpose and term (fixtures/hostile/README.md)."""
VISIBLE: dict[str, tuple[int, ...]] = {
    # page -> the alert numbers whose markup it must show as text
    POLICY: (1, 2, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 19, 23),
    HISTORY: (1, 3, 9, 10, 11),
    REDLINE: (1, 12, 14, 16, 20, 22),
    GLOSSARY: (14, 15, 23),
    "policies/index.html": (1,),
    PREVIEWS: (24,),
}


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _injected(tree: Any) -> list[str]:
    """Elements or attributes in a parsed page that policy text could have put there."""
    found = [etree.tostring(node, encoding="unicode")[:80] for node in tree.iter("img")
             if node.get("src") == "x"]
    found += [str(node.text)[:80] for node in tree.iter("script") if "alert(" in (node.text or "")]
    found += [f"{node.tag} {name}" for node in tree.iter(etree.Element)
              for name in node.attrib if name.lower().startswith("on")]
    found += [str(href) for href in tree.xpath("//@href")
              if str(href).strip().lower().startswith("javascript:alert")]
    return found


def _words(node: Any) -> str:
    """An element's text as a reader sees it, runs of whitespace as one space."""
    return " ".join(node.text_content().split())


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _search_docs(site: Path) -> list[dict[str, str]]:
    return read_search_documents(site)


def _as_shown(fragment: str) -> Any:
    """What the theme's search does with an index string: parse it as HTML."""
    return html.fragment_fromstring(fragment, create_parent="div")


def test_no_page_carries_markup_from_a_policy_file(hostile_site: Path) -> None:
    leaks = {str(page.relative_to(hostile_site)): RAW_MARKUP.findall(page.read_text("utf-8"))
             for page in _pages(hostile_site)}
    assert {page: found for page, found in leaks.items() if found} == {}


def test_no_page_parses_into_injected_elements(hostile_site: Path) -> None:
    leaks = {str(page.relative_to(hostile_site)): _injected(html.parse(str(page)))
             for page in _pages(hostile_site)}
    assert {page: found for page, found in leaks.items() if found} == {}


@pytest.mark.parametrize("page", sorted(VISIBLE))
def test_each_page_shows_the_markup_as_text(hostile_site: Path, page: str) -> None:
    text = html.parse(str(hostile_site / page)).getroot().text_content()
    missing = [number for number in VISIBLE[page] if f"alert({number})" not in text]
    assert missing == []


def test_the_title_is_shown_as_written_in_title_header_heading_and_nav(hostile_site: Path) -> None:
    page = html.parse(str(hostile_site / POLICY)).getroot()
    assert page.findtext(".//title") == f"2-19 {TITLE} - Policy Manual"
    header = page.xpath("//*[@data-md-component='header-topic']")
    assert [_words(node) for node in header] == [f"2-19 {TITLE}"]
    assert _words(page.xpath("//article/h1")[0]) == f"SOP 2-19 {TITLE}"
    listing = html.parse(str(hostile_site / "policies/index.html")).getroot()
    nav = [_words(link) for link in listing.xpath(f"//nav[{_has_class('md-nav--primary')}]//a")]
    assert f"2-19 {TITLE}" in nav


def test_the_page_toc_shows_section_titles_as_written(hostile_site: Path) -> None:
    page = html.parse(str(hostile_site / POLICY)).getroot()
    toc = [_words(link) for link in page.xpath(f"//nav[{_has_class('md-nav--secondary')}]//a")]
    assert SECTION in toc


def test_the_search_index_holds_escaped_text_only(hostile_site: Path) -> None:
    leaks = [(doc["location"], field, doc[field][:80]) for doc in _search_docs(hostile_site)
             for field in ("title", "text") if _injected(_as_shown(doc[field]))
             or RAW_MARKUP.search(doc[field])]
    assert leaks == []


def test_search_results_show_the_title_and_text_as_written(hostile_site: Path) -> None:
    shown = {(doc["location"], _as_shown(doc["title"]).text_content()): _as_shown(
        doc["text"]).text_content() for doc in _search_docs(hostile_site)}
    titles = {title for location, title in shown}
    assert f"2-19 {TITLE}" in titles or f"SOP 2-19 {TITLE}" in titles
    assert SECTION in titles
    assert TERM in titles
    assert any("<script>alert(13)</script>" in text for text in shown.values())


def test_tooltip_titles_read_as_html_show_as_written(hostile_site: Path) -> None:
    # With content.tooltips the theme puts each `title` attribute into a tooltip as HTML.
    page = html.parse(str(hostile_site / POLICY)).getroot()
    titles = [str(title) for title in page.xpath("//article//@title")]
    assert [title for title in titles if _injected(_as_shown(title))] == []
    term = page.xpath("//article//a[@class='pk-term']")[0]
    assert _as_shown(term.get("title")).text_content() == (
        'Means "<img src=x onerror=alert(23)>" here.')


def test_link_previews_hold_policy_markup_as_plain_text(hostile_site: Path) -> None:
    page = html.parse(str(hostile_site / PREVIEWS)).getroot()
    previews = [str(value) for value in page.xpath("//article//@data-pk-preview")]
    assert len(previews) == 4
    assert [number for number in (1, 2, 13, 16, 19, 23, 24)
            if not any(f"alert({number})" in preview for preview in previews)] == []
    assert 'Means "<img src=x onerror=alert(23)>" here.' in previews[0].split("\n")


def test_the_theme_shows_toc_names_and_anchors_as_written() -> None:
    import material
    from jinja2 import Environment, FileSystemLoader
    from mkdocs.structure.toc import get_toc

    from toolkit.mkdocs_plugin import _toc_tokens
    from toolkit.site import SitePage, TocEntry

    anchor, title = '2-19-1"><img src=x onerror=alert(1)>', "Purpose <script>alert(2)</script>"
    page = SitePage("policies/2-19/index.md", "2-19", "policy", "<p></p>",
                    (TocEntry(1, "top", "SOP 2-19"), TocEntry(2, anchor, title)))
    # Rendered the way mkdocs renders the theme: Jinja without autoescape.
    templates = Environment(loader=FileSystemLoader(Path(material.__file__).parent / "templates"))
    shown = html.fragment_fromstring("".join(
        templates.get_template("partials/toc-item.html").render(toc_item=item)
        for item in get_toc(_toc_tokens(page))), create_parent="ul")
    assert _injected(shown) == []
    links = shown.xpath("//a")
    assert [(link.get("href"), _words(link)) for link in links] == [
        ("#top", "SOP 2-19"), (f"#{anchor}", title)]


def test_the_standalone_redline_shows_the_markup_as_text() -> None:
    from toolkit.diff import diff_versions
    from toolkit.render.redline_html import redline_to_string, render_redline

    policy = load_library(Path(__file__).parent / "fixtures" / "hostile").policies[0]
    page = redline_to_string(render_redline(diff_versions(*policy.versions)))
    assert RAW_MARKUP.findall(page) == []
    shown = html.document_fromstring(page)
    assert _injected(shown) == []
    text = shown.text_content()
    assert [number for number in range(1, 24) if f"alert({number})" not in text] == []


@pytest.mark.parametrize(("folder", "name"), [("2-19", "<img src=x>"), ("<img src=x>", "2022")])
def test_a_policy_id_or_version_name_cannot_carry_markup(tmp_path: Path, folder: str,
                                                          name: str) -> None:
    # Ids and version names become paths and URLs: the library refuses unsafe ones.
    source = (Path(__file__).parent / "fixtures" / "hostile" / "2-19" / "2022.md").read_text()
    where = tmp_path / "policies" / folder
    where.mkdir(parents=True)
    (where / f"{name}.md").write_text(
        source.replace('version: "2022"', f'version: "{name}"').replace("id: 2-19", f'id: "{folder}"'))
    with pytest.raises(PolicyKitError, match="not a safe name"):
        load_library(tmp_path / "policies")


# --- in Chromium ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    yield from serve_folder(hostile_site)


@pytest.fixture
def watched(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A tab and the dialogs (alerts) anything on its pages opened."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", dismiss)
    yield tab, dialogs
    context.close()


def _injected_in(tab: Any) -> int:
    return int(tab.evaluate(
        """() => document.querySelectorAll('img[src="x"], img[onerror], svg[onload]').length"""))


@pytest.mark.parametrize("path", ["policies/", "policies/2-19/", "policies/2-19/history/",
                                  "policies/2-19/redline/2022-to-2023/", "glossary/",
                                  "policies/2-20/"])
def test_no_script_runs_on_a_page(watched: tuple[Any, list[str]], hostile_url: str,
                                  path: str) -> None:
    tab, dialogs = watched
    tab.goto(hostile_url + path, wait_until="load")
    assert (dialogs, _injected_in(tab)) == ([], 0)


def test_tooltips_show_policy_text_without_running_it(watched: tuple[Any, list[str]],
                                                     hostile_url: str) -> None:
    tab, dialogs = watched
    tab.goto(hostile_url + "policies/2-19/", wait_until="load")
    # The theme moves a title into its own tooltip on hover, so take the elements first.
    for holder in tab.locator("article [title]").element_handles():
        holder.hover()
    tab.wait_for_timeout(300)
    assert (dialogs, _injected_in(tab)) == ([], 0)
    tab.locator("article a.pk-term", has_text="Quarkterm").hover()
    tooltip = tab.locator("[role=tooltip]", has_text="Means")
    assert tooltip.inner_text() == 'Means "<img src=x onerror=alert(23)>" here.'


def test_link_previews_show_policy_text_without_running_it(watched: tuple[Any, list[str]],
                                                         hostile_url: str) -> None:
    tab, dialogs = watched
    tab.goto(hostile_url + "policies/2-20/", wait_until="load")
    shown = []
    popover = tab.locator("#pk-preview")
    for link in tab.locator("article a[data-pk-preview]").all():
        link.hover()
        popover.wait_for(state="visible")
        shown.append(popover.inner_text())
        tab.mouse.move(0, 0)  # closes it, so the next hover opens a fresh one
        popover.wait_for(state="hidden")
    tab.wait_for_timeout(300)  # an onerror handler runs once the broken image fails to load
    assert (dialogs, _injected_in(tab)) == ([], 0)
    assert len(shown) == 4
    assert 'Means "<img src=x onerror=alert(23)>" here.' in shown[0]
    assert f"SOP 2-19 {TITLE}" in shown[2]
    assert "This policy <script>alert(13)</script> covers" in shown[2]


def test_the_policy_page_shows_the_title_as_written(watched: tuple[Any, list[str]],
                                                    hostile_url: str) -> None:
    tab, dialogs = watched
    tab.goto(hostile_url + "policies/2-19/")
    assert tab.title() == f"2-19 {TITLE} - Policy Manual"
    assert tab.locator("article h1").inner_text() == f"SOP 2-19 {TITLE}"
    assert tab.locator(".md-header__topic .md-ellipsis").nth(1).inner_text() == f"2-19 {TITLE}"
    assert dialogs == []


def test_searching_the_title_shows_it_without_running_it(watched: tuple[Any, list[str]],
                                                         hostile_url: str) -> None:
    tab, dialogs = watched
    tab.goto(hostile_url, wait_until="load")
    assert dialogs == []
    results = search(tab, "Zebraquark")
    shown = [results.nth(index).inner_text() for index in range(results.count())]
    tab.wait_for_timeout(300)  # an onerror handler runs once the broken image fails to load
    assert (dialogs, _injected_in(tab)) == ([], 0)
    assert any(TITLE in text for text in shown), shown
    # Words from clause text and a definition term, too.
    for word in ("onerror", "alert"):
        search(tab, word)
        tab.wait_for_timeout(300)
        assert (dialogs, _injected_in(tab)) == ([], 0)
