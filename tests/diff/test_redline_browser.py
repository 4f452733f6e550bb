"""The standalone HTML redline in a real Chromium: toggles, views, narrow screens, print.

Chromium is Debian's (`/usr/bin/chromium`). Without it these tests are skipped locally and
fail under CI.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from toolkit.diff import diff_versions
from toolkit.parse import parse_version
from toolkit.render.redline_html import redline_to_string, render_redline

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

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
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing: CI must run the browser tests")
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    cs = diff_versions(parse_version(OLD, "old.md"), parse_version(NEW, "new.md"))
    path = tmp_path_factory.mktemp("redline") / "redline.html"
    path.write_text(redline_to_string(render_redline(cs)), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1100, "height": 900})
        tab.on("dialog", _record_dialog)
        tab.goto(path.as_uri())
        yield tab
        browser.close()


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


def test_side_by_side_falls_back_to_inline_on_a_narrow_screen(page: Any) -> None:
    block = "#change-1-1-1\\.B"
    assert visible(page, f"{block} .pk-inline") and not visible(page, f"{block} .pk-side-by-side")
    page.click("label[for=pk-view-side]")
    assert visible(page, f"{block} .pk-side-by-side") and not visible(page, f"{block} .pk-inline")
    page.set_viewport_size({"width": 600, "height": 900})
    assert visible(page, f"{block} .pk-inline") and not visible(page, f"{block} .pk-side-by-side")
    page.set_viewport_size({"width": 1100, "height": 900})
    page.click("label[for=pk-view-inline]")


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
