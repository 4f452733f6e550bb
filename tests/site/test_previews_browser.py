"""Previews of cross-references in a real Chromium: a link to a clause, a policy or a term
defined by another policy shows what it leads to on hover, on keyboard focus, and on a first
tap at phone width (a second tap, or "Go to ...", follows it); Escape and a tap elsewhere
close it; it works from `file://`; axe finds nothing with a preview open.

Run: `.venv/bin/python -m pytest -q tests/site/test_previews_browser.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.site.conftest import serve_folder

POLICY = "policies/2-19/"
CLAUSE_LINK = "article a.pk-ref[href$='#2-55-4.C']"
CLAUSE_PREVIEW = ("2-55-4.C · SOP 2-55 Use of Force: De-escalation\n"
                  "Sworn personnel shall document De-escalation in their report.")
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    yield from serve_folder(built_site)


def _tab(browser: Any, **options: Any) -> Any:
    context = browser.new_context(**(options or {"viewport": {"width": 1280, "height": 900}}))
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return tab


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    tab = _tab(browser)
    yield tab
    tab.context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    tab = _tab(browser, **PHONE)
    yield tab
    tab.context.close()


def _popover(tab: Any) -> Any:
    return tab.locator("#pk-preview")


def _shown(tab: Any) -> str:
    popover = _popover(tab)
    popover.wait_for(state="visible")
    # One line per paragraph: the heading, then the words.
    return str(popover.evaluate(
        "node => [...node.querySelectorAll('p')].map(p => p.textContent).join('\\n')"))


def test_hovering_a_clause_reference_shows_the_clause(desktop: Any, site_url: str) -> None:
    desktop.goto(site_url + POLICY)
    link = desktop.locator(CLAUSE_LINK)
    link.hover()
    assert _shown(desktop).startswith(CLAUSE_PREVIEW)
    assert link.get_attribute("aria-describedby") == "pk-preview"
    assert _popover(desktop).get_attribute("role") == "tooltip"
    # The popover can be hovered in turn (WCAG 1.4.13), then it closes when the mouse leaves.
    _popover(desktop).hover()
    desktop.wait_for_timeout(400)
    assert _popover(desktop).is_visible()
    desktop.mouse.move(5, 5)
    _popover(desktop).wait_for(state="hidden")
    assert link.get_attribute("aria-describedby") is None


def test_focus_shows_the_preview_and_escape_closes_it(desktop: Any, site_url: str) -> None:
    desktop.goto(site_url + POLICY)
    desktop.locator(CLAUSE_LINK).focus()
    assert _shown(desktop).startswith(CLAUSE_PREVIEW)
    desktop.keyboard.press("Escape")
    _popover(desktop).wait_for(state="hidden")
    # Enter still follows the link.
    desktop.locator(CLAUSE_LINK).focus()
    desktop.keyboard.press("Enter")
    desktop.wait_for_url("**/policies/2-55/#2-55-4.C")


def test_a_policy_reference_previews_its_title_and_purpose(desktop: Any, site_url: str) -> None:
    desktop.goto(site_url + "policies/2-55/")
    # The header's link holds the words; the later links to 2-19 carry them once, there.
    to_2_19 = desktop.locator("article a.pk-ref[href='../2-19/']")
    assert to_2_19.count() == 3
    for link in (to_2_19.first, to_2_19.last):
        link.hover()
        assert _shown(desktop) == (
            "SOP 2-19 Response to Behavioral Health Issues\n"
            "This policy covers responses to people in a behavioral health crisis.")
        assert _popover(desktop).locator("a").inner_text() == "Open the policy"
        desktop.mouse.move(5, 5)
        _popover(desktop).wait_for(state="hidden")


def test_a_term_defined_by_another_policy_previews_and_leads_to_it(desktop: Any,
                                                                   site_url: str) -> None:
    desktop.goto(site_url + POLICY)
    term = desktop.locator("article a.pk-term-shared", has_text="de-escalation")
    term.hover()
    assert _shown(desktop).startswith("De-escalation · defined in SOP 2-55 Use of Force: "
                                      "De-escalation\nAn action to attempt to calm a situation.")
    assert _popover(desktop).locator("a").inner_text() == "Go to the definition"
    term.click()
    desktop.wait_for_url("**/policies/2-55/#def-de-escalation")


def test_a_first_tap_previews_and_a_second_follows(phone: Any, site_url: str) -> None:
    phone.goto(site_url + POLICY)
    link = phone.locator(CLAUSE_LINK)
    link.tap()
    assert _shown(phone).startswith(CLAUSE_PREVIEW)
    assert phone.url == site_url + POLICY
    link.tap()
    phone.wait_for_url("**/policies/2-55/#2-55-4.C")


def test_go_to_clause_in_a_tapped_preview_follows_it(phone: Any, site_url: str) -> None:
    phone.goto(site_url + POLICY)
    phone.locator(CLAUSE_LINK).tap()
    go = _popover(phone).get_by_text("Go to the clause")
    box = go.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    go.tap()
    phone.wait_for_url("**/policies/2-55/#2-55-4.C")


def test_a_tap_elsewhere_closes_the_preview(phone: Any, site_url: str) -> None:
    phone.goto(site_url + POLICY)
    phone.locator(CLAUSE_LINK).tap()
    _shown(phone)
    phone.locator("article h1").tap()
    _popover(phone).wait_for(state="hidden")
    assert phone.url == site_url + POLICY


def test_the_preview_stays_on_a_phone_screen(phone: Any, site_url: str) -> None:
    phone.goto(site_url + POLICY)
    phone.locator("article a.pk-ref[href$='#2-55-4.A.2']").tap()
    _shown(phone)
    box = _popover(phone).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_previews_work_from_file_urls(browser: Any, offline_site: Path) -> None:
    tab = _tab(browser)
    try:
        tab.goto((offline_site / "policies" / "2-19" / "index.html").as_uri())
        tab.locator(CLAUSE_LINK.replace("#2-55-4.C", "index.html#2-55-4.C")).hover()
        assert _shown(tab).startswith(CLAUSE_PREVIEW)
    finally:
        tab.context.close()


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_axe_finds_no_violations_with_a_preview_open(browser: Any, site_url: str,
                                                     screen: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    tab = _tab(browser, **PHONE) if screen == "phone" else _tab(browser)
    try:
        tab.goto(site_url + POLICY)
        link = tab.locator(CLAUSE_LINK)
        link.tap() if screen == "phone" else link.focus()
        _shown(tab)
        results = Axe().run(tab)
    finally:
        tab.context.close()
    found = [(violation["id"], " ".join(map(str, node["target"])))
             for violation in results.response["violations"] for node in violation["nodes"]]
    assert found == []
