"""The standalone HTML redline in a real Chromium: toggles, filters, the list of changes,
views remembered across reloads, phones, print.

Chromium is Debian's (`/usr/bin/chromium`). Without it these tests are skipped locally and
fail under CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from toolkit.diff import diff_versions
from toolkit.parse import parse_version
from toolkit.render.redline_html import redline_to_string, render_redline

HEAD = '---\nid: "1-1"\ntitle: Test\nversion: "{name}"\nstatus: draft\neffective:\n---\n\n'
OLD = HEAD.format(name="old") + """## 1-1-1 Procedures

- **A.** Officers shall document every stop in the report
- **B.** Supervisors will review the report within ten days.
- **C.** The watch commander shall approve exceptions.
"""
NEW = HEAD.format(name="new") + """## 1-1-1 Procedures

- **A.** officers shall document every stop in the report.
- **B.** Supervisors shall review the report within ten days. <script>alert(1)</script>
- **C.** The watch commander shall approve exceptions.
- **D.** Officers shall wear a body-worn camera on every shift.
"""


@pytest.fixture(scope="module")
def page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    cs = diff_versions(parse_version(OLD, "old.md"), parse_version(NEW, "new.md"))
    path = tmp_path_factory.mktemp("redline") / "redline.html"
    path.write_text(redline_to_string(render_redline(cs)), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.on("dialog", _record_dialog)
    tab.on("pageerror", lambda error: ERRORS.append(str(error)))
    tab.goto(path.as_uri())
    yield tab
    context.close()


ERRORS: list[str] = []
"""Script errors the page raised."""


DIALOGS: list[str] = []
"""Messages of any alert() the page raised: policy text must never run."""


def _record_dialog(dialog: Any) -> None:
    DIALOGS.append(dialog.message)
    dialog.dismiss()


def visible(page: Any, selector: str) -> bool:
    return bool(page.locator(selector).first.is_visible())


def test_policy_text_never_runs(page: Any) -> None:
    assert DIALOGS == []
    assert "<script>alert(1)</script>" in page.locator("#change-1-1-1\\.B").inner_text()


def test_editorial_changes_hide_on_request(page: Any) -> None:
    editorial = "#change-1-1-1\\.A"
    assert visible(page, editorial)
    page.click("label[for=pk-hide-editorial]")
    assert not visible(page, editorial)
    page.click("label[for=pk-hide-editorial]")
    assert visible(page, editorial)


def test_unchanged_parts_show_on_request(page: Any) -> None:
    assert not visible(page, ".pk-change.pk-unchanged")
    page.click("label[for=pk-show-unchanged]")
    assert visible(page, ".pk-change.pk-unchanged")
    page.click("label[for=pk-show-unchanged]")


def test_a_phone_stacks_old_above_new_and_says_so(page: Any) -> None:
    block = "#change-1-1-1\\.B"
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        assert page.inner_text("label[for=pk-view-side]").strip() == "Old above new"
        page.click("label[for=pk-view-side]")
        assert visible(page, f"{block} .pk-side-by-side") and not visible(page, f"{block} .pk-inline")
        old = page.locator(f"{block} .pk-old").bounding_box()
        new = page.locator(f"{block} .pk-new").bounding_box()
        assert old["y"] + old["height"] <= new["y"] and abs(old["x"] - new["x"]) < 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.click("details.pk-toc > summary")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.click("details.pk-toc > summary")
    finally:
        page.set_viewport_size({"width": 1100, "height": 900})
        page.click("label[for=pk-view-inline]")
    assert page.inner_text("label[for=pk-view-side]").strip() == "Side by side"
    page.click("label[for=pk-view-side]")
    old = page.locator(f"{block} .pk-old").bounding_box()
    new = page.locator(f"{block} .pk-new").bounding_box()
    assert abs(old["y"] - new["y"]) < 1 and old["x"] < new["x"]  # two columns
    page.click("label[for=pk-view-inline]")


def test_the_counts_filter_the_changes_and_the_list(page: Any) -> None:
    page.click("details.pk-toc > summary")
    entries = page.locator(".pk-toc-entry")
    assert entries.count() == 3
    page.click("label[for=pk-filter-added]")
    assert visible(page, "#change-1-1-1\\.D")
    assert not visible(page, "#change-1-1-1\\.A") and not visible(page, "#change-1-1-1\\.B")
    assert [entries.nth(i).is_visible() for i in range(3)] == [False, False, True]
    page.click("label[for=pk-filter-modified]")
    assert all(visible(page, f"#change-1-1-1\\.{label}") for label in "ABD")
    page.click("label[for=pk-filter-added]")
    page.click("label[for=pk-filter-modified]")
    assert all(visible(page, f"#change-1-1-1\\.{label}") for label in "ABD")
    page.click("details.pk-toc > summary")


def test_the_list_of_changes_links_to_each_change(page: Any) -> None:
    page.click("details.pk-toc > summary")
    hrefs = page.eval_on_selector_all(".pk-toc-entry a", "links => links.map(a => a.hash)")
    assert hrefs == ["#change-1-1-1.A", "#change-1-1-1.B", "#change-1-1-1.D"]
    page.click(".pk-toc-entry a >> nth=1")
    assert page.evaluate("location.hash") == "#change-1-1-1.B"
    page.click("details.pk-toc > summary")


def reload_when_stored(page: Any) -> None:
    """Reload once another tab reads what the page stored. Chromium hands localStorage to the
    browser process asynchronously: a reload at once may, now and then, start before it has."""
    stored = page.evaluate("localStorage.getItem('policykit-redline')")
    other = page.context.new_page()
    try:
        other.goto(page.url)
        other.wait_for_function("value => localStorage.getItem('policykit-redline') === value",
                                arg=stored)
    finally:
        other.close()
    page.reload()


def test_the_view_and_the_toggles_are_remembered_across_a_reload(page: Any) -> None:
    page.click("label[for=pk-view-side]")
    page.click("label[for=pk-hide-editorial]")
    reload_when_stored(page)
    try:
        assert page.is_checked("#pk-view-side") and page.is_checked("#pk-hide-editorial")
        assert visible(page, "#change-1-1-1\\.B .pk-side-by-side")
        assert not visible(page, "#change-1-1-1\\.A")
    finally:  # back to the defaults, whatever the reload gave, for the tests after this one
        page.click("label[for=pk-view-inline]")
        if page.is_checked("#pk-hide-editorial"):
            page.click("label[for=pk-hide-editorial]")
    reload_when_stored(page)
    assert page.is_checked("#pk-view-inline") and not page.is_checked("#pk-hide-editorial")
    assert ERRORS == []


def test_refused_storage_leaves_the_page_working(page: Any) -> None:
    context = page.context.browser.new_context()
    refusing = context.new_page()
    errors: list[str] = []
    refusing.on("pageerror", lambda error: errors.append(str(error)))
    refusing.add_init_script("Object.defineProperty(window, 'localStorage', "
                             "{get() { throw new DOMException('refused', 'SecurityError'); }});")
    try:
        refusing.goto(page.url)
        refusing.click("label[for=pk-view-side]")
        assert refusing.is_visible("#change-1-1-1\\.B .pk-side-by-side")
        refusing.reload()
        assert refusing.is_checked("#pk-view-inline")
        assert errors == []
    finally:
        context.close()


def test_next_and_previous_walk_the_changes(page: Any) -> None:
    page.click("#change-1-1-1\\.A .pk-next")
    assert page.evaluate("location.hash") == "#change-1-1-1.B"
    page.click("#change-1-1-1\\.B .pk-previous")
    assert page.evaluate("location.hash") == "#change-1-1-1.A"


def test_print_keeps_the_redline_and_drops_the_controls(page: Any) -> None:
    page.click("label[for=pk-view-side]")
    page.emulate_media(media="print")
    try:
        assert not visible(page, ".pk-controls")
        assert visible(page, "#change-1-1-1\\.B .pk-inline")
        decoration = page.eval_on_selector("del", "d => getComputedStyle(d).textDecorationLine")
        assert "line-through" in decoration
    finally:
        page.emulate_media(media="screen")
        page.click("label[for=pk-view-inline]")


def test_no_accessibility_findings_in_either_view(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]

    page.click("label[for=pk-show-unchanged]")
    try:
        for view in ("pk-view-inline", "pk-view-side"):
            page.click(f"label[for={view}]")
            findings = Axe().run(page).response["violations"]
            assert [(f["id"], [n["target"] for n in f["nodes"]]) for f in findings] == []
    finally:
        page.click("label[for=pk-show-unchanged]")
        page.click("label[for=pk-view-inline]")
