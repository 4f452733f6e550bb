"""The built manual in a real Chromium: search lands on clauses, links land, offline search,
accessibility, phone width, print, and policy text that tries to run script.

Chromium is Debian's (`/usr/bin/chromium`). Without it these tests are skipped locally and
fail under CI, where `.ci/run` installs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.site.conftest import search, serve_folder

# One page of each kind the manual generates, plus the hand-written pages.
PAGES = {
    "home": "",
    "policy list": "policies/",
    "policy": "policies/2-55/",
    "version": "policies/2-55/2021/",
    "draft": "policies/2-19/2025-draft/",
    "history": "policies/2-55/history/",
    "redline": "policies/2-55/redline/2021-to-2023/",
    "glossary": "glossary/",
    "authoring": "authoring/",
}

@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The built fixture manual served over HTTP on 127.0.0.1."""
    yield from serve_folder(built_site)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    yield tab
    context.close()


def in_viewport(tab: Any, element_id: str) -> bool:
    return bool(tab.evaluate(
        """id => { const r = document.getElementById(id).getBoundingClientRect();
                   return r.top >= 0 && r.top < window.innerHeight; }""",
        element_id,
    ))


def test_search_finds_a_clause_and_lands_on_it(page: Any, base_url: str) -> None:
    page.goto(base_url)
    results = search(page, "Mobile Crisis Team")
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    # The theme adds `?h=<words>` to highlight the hit on the page it opens.
    assert any(href.startswith(base_url + "policies/2-55/?h=") and href.endswith("#2-55-4.A.2.b")
               for href in hrefs), hrefs
    index = next(i for i, href in enumerate(hrefs) if href.endswith("#2-55-4.A.2.b"))
    results.nth(index).click()
    page.wait_for_url("**/policies/2-55/?h=*#2-55-4.A.2.b")
    assert in_viewport(page, "2-55-4.A.2.b")


def test_a_redline_page_shows_insertions_deletions_and_a_summary(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["redline"])
    assert page.locator(".pk-redline ins").count() > 0
    assert page.locator(".pk-redline del").count() > 0
    assert page.locator(".pk-redline del").first.is_visible()
    summary = page.locator(".pk-redline .pk-summary, .pk-redline [class*='summary']").first
    assert summary.is_visible()
    assert page.locator(".pk-redline del").first.evaluate(
        "e => getComputedStyle(e).textDecorationLine") == "line-through"


def test_a_cross_reference_lands_on_the_other_policy(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["policy"])
    page.locator("a.pk-ref", has_text="SOP 2-19").first.click()
    page.wait_for_url("**/policies/2-19/")
    assert page.locator("h1").first.inner_text().startswith("SOP 2-19")


def test_an_address_reference_lands_on_the_clause(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["policy"])
    page.locator("a.pk-ref", has_text="2-55-4.C").first.click()
    page.wait_for_url("**/policies/2-55/#2-55-4.C")
    assert in_viewport(page, "2-55-4.C")


def test_a_reference_to_a_policy_not_in_the_manual_is_not_a_link(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["policy"])
    missing = page.locator(".pk-ref-missing", has_text="Use of Force: Definitions").first
    assert missing.evaluate("e => e.tagName") == "SPAN"
    assert "not published" in (missing.get_attribute("title") or "")


def test_a_glossary_term_has_a_tooltip_and_lands_on_its_entry(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["policy"])
    term = page.locator("a.pk-term").first
    assert term.get_attribute("title") == "An action to attempt to calm a situation."
    term.click()
    page.wait_for_url("**/glossary/#term-de-escalation")
    assert in_viewport(page, "term-de-escalation")


def test_a_changed_clause_links_to_its_redline(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["policy"])
    marker = page.locator(".pk-changed").first
    marker.click()
    page.wait_for_url("**/redline/2021-to-2023/#change-*")
    anchor = page.url.split("#", 1)[1]
    assert in_viewport(page, anchor)


def test_policy_text_with_script_is_shown_not_run(page: Any, base_url: str) -> None:
    for path in ("policies/2-19/", "policies/2-19/2025-draft/",
                 "policies/2-19/redline/2022-to-2025-draft/"):
        page.goto(base_url + path)
        assert page.evaluate("window.__pkInjected === undefined")
    page.goto(base_url + "policies/2-19/")
    assert "<script>window.__pkInjected = true</script>" in page.inner_text("article")
    assert page.locator("a[href^='javascript']").count() == 0


def test_the_offline_copy_searches_from_file_urls(browser: Any, offline_site: Path) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    try:
        tab.goto((offline_site / "index.html").as_uri())
        results = search(tab, "Mobile Crisis Team")
        hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
        assert any("2-55-4.A.2.b" in href for href in hrefs), hrefs
        tab.locator("a.md-search-result__link[href*='2-55-4.A.2.b']").first.click()
        tab.wait_for_url("file://**/policies/2-55/index.html?h=*#2-55-4.A.2.b")
        assert in_viewport(tab, "2-55-4.A.2.b")
    finally:
        context.close()


SCREENS = {"desktop": {"viewport": {"width": 1280, "height": 900}},
           "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True}}


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_axe_finds_no_violations(browser: Any, base_url: str, kind: str, screen: str) -> None:
    """Nothing allow-listed: the theme's search dialog is named by our template override."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(**SCREENS[screen])
    tab = context.new_page()
    try:
        tab.goto(base_url + PAGES[kind])
        results = Axe().run(tab)
    finally:
        context.close()
    found = [
        (violation["id"], " ".join(map(str, node["target"])))
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]
    assert found == []


@pytest.mark.parametrize("kind", ["home", "authoring", "glossary", "policy"])
def test_a_focused_link_keeps_its_contrast(browser: Any, base_url: str, kind: str) -> None:
    """The theme turns a focused link its accent colour, under 4.5:1 on white; axe sees it only
    while a link has focus."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(**SCREENS["desktop"])
    tab = context.new_page()
    try:
        tab.goto(base_url + PAGES[kind])
        tab.locator("article a[href]:not(.headerlink)").first.focus()
        results = Axe().run(tab)
    finally:
        context.close()
    assert [violation["id"] for violation in results.response["violations"]] == []


def test_the_search_dialog_has_a_name(page: Any, base_url: str) -> None:
    page.goto(base_url)
    assert page.locator(".md-search[role=dialog]").get_attribute("aria-label") == "Search"


_TARGET_SIZES = """() => [...document.querySelectorAll('.md-typeset a.headerlink')].map(link => {
    const box = link.getBoundingClientRect();
    return [link.getAttribute('href'), Math.round(box.width), Math.round(box.height)]; })"""


@pytest.mark.parametrize("kind", ["policy", "version", "draft", "authoring"])
def test_permalinks_are_44_px_tap_targets_on_a_phone(browser: Any, base_url: str,
                                                    kind: str) -> None:
    context = browser.new_context(**SCREENS["phone"])
    tab = context.new_page()
    try:
        tab.goto(base_url + PAGES[kind])
        sizes = tab.evaluate(_TARGET_SIZES)
        # The middle of each target is the link itself, not the clause text beside it.
        centres = tab.evaluate("""() => [...document.querySelectorAll('.md-typeset a.headerlink')]
            .filter(link => { const r = link.getBoundingClientRect();
                              return r.top >= 0 && r.bottom <= innerHeight; })
            .map(link => { const r = link.getBoundingClientRect();
                return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
                       === link; })""")
    finally:
        context.close()
    assert sizes, "no permalinks on the page"
    assert [size for size in sizes if size[1] < 44 or size[2] < 44] == []
    assert centres and all(centres)


def test_home_table_dates_stay_on_one_line(browser: Any, base_url: str) -> None:
    for screen, options in SCREENS.items():
        context = browser.new_context(**options)
        tab = context.new_page()
        try:
            tab.goto(base_url)
            lines = tab.evaluate("""() => [...document.querySelectorAll(
                '.pk-policy-table tbody td:nth-child(4)')].map(cell => {
                    const range = document.createRange(); range.selectNodeContents(cell);
                    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; })""")
            padding = tab.evaluate("""() => parseFloat(getComputedStyle(
                document.querySelector('.pk-policy-table td')).paddingLeft)""")
        finally:
            context.close()
        assert lines and all(count == 1 for count in lines), (screen, lines)
        assert padding >= 8, (screen, padding)


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_horizontal_scroll_on_a_phone(browser: Any, base_url: str, kind: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    tab = context.new_page()
    try:
        tab.goto(base_url + PAGES[kind])
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
    finally:
        context.close()


def test_printing_hides_navigation_and_keeps_redline_marks(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["redline"])
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").first.is_visible()
    assert page.locator(".pk-redline del").first.evaluate(
        "e => getComputedStyle(e).textDecorationLine") == "line-through"
    page.goto(base_url + PAGES["policy"])
    assert not page.locator(".pk-policy .headerlink").first.is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"


def test_clause_labels_show_as_written_at_every_depth(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["policy"])
    labels = {address: page.locator(f'[id="{address}"]').inner_text().split()[0]
              for address in ("2-55-4.A", "2-55-4.A.2", "2-55-4.A.2.a", "2-55-4.A.2.b")}
    assert labels == {"2-55-4.A": "A.", "2-55-4.A.2": "2.", "2-55-4.A.2.a": "a.",
                      "2-55-4.A.2.b": "b."}


def test_a_printed_version_says_which_version_where_and_when(page: Any, base_url: str) -> None:
    from datetime import date

    page.goto(base_url + PAGES["version"])
    header = page.locator(".pk-print-header")
    assert not header.is_visible()
    page.emulate_media(media="print")
    assert header.is_visible()
    text = header.inner_text()
    assert "Version: 2021" in text and "Status: replaced" in text and "Effective:" in text
    assert f"Permanent URL: {base_url}policies/2-55/2021/" in text
    assert f"Printed {date.today().isoformat()}" in text
    assert "Uncontrolled when printed" in text


def test_a_printed_redline_has_a_legend(page: Any, base_url: str) -> None:
    page.goto(base_url + PAGES["redline"])
    legend = page.locator(".pk-redline-legend")
    assert not legend.is_visible()
    page.emulate_media(media="print")
    assert legend.is_visible()
    assert legend.locator("del").evaluate(
        "e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert "Struck-through text was removed." in legend.inner_text()
    assert f"{base_url}{PAGES['redline']}" in page.locator(".pk-print-header").inner_text()
