"""The date picker, the "changes since" bulletin and the cite text in real Chromium, from the
offline build opened as files (file://): no server, no fetch."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.site.conftest import make_project

FIXTURE = Path(__file__).parent / "fixtures" / "in_force" / "policies"


@pytest.fixture(scope="module")
def offline_in_force(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The in-force fixture manual (two amendments, a future version) built with --offline."""
    from toolkit.cli.publishing import build_site

    config = make_project(tmp_path_factory.mktemp("in-force-offline"), FIXTURE)
    saved = dict(os.environ)
    try:
        yield build_site(config, None, offline=True, strict=False)
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def open_history(tab: Any, site: Path) -> None:
    tab.goto((site / "policies" / "9-1" / "history" / "index.html").as_uri())


@pytest.mark.parametrize(("day", "shown"), [
    ("2021-06-15", ("On 2021-06-15 the text in force was version v2020 as amended by SO 21-01 "
                   "(in force from 2021-01-01 until 2022-01-01).")),
    ("2022-01-01", ("On 2022-01-01 the text in force was version v2022 (in force from 2022-01-01 "
                   "until 2023-01-01).")),
    ("2019-12-31", ("No text of this policy was in force on 2019-12-31: the first, version v2020, "
                   "took effect on 2020-01-01.")),
    ("2100-02-03", ("On 2100-02-03 the text in force was version v2099 (in force from "
                   "2099-01-01).")),
])
def test_the_date_picker_names_the_text_in_force(tab: Any, offline_in_force: Path, day: str,
                                                 shown: str) -> None:
    open_history(tab, offline_in_force)
    tab.fill("form.pk-point-in-time input[type=date]", day)
    result = tab.locator(".pk-in-force-result")
    assert " ".join(result.inner_text().split()) == shown


def test_open_it_goes_to_the_permanent_page_of_that_state(tab: Any, offline_in_force: Path) -> None:
    open_history(tab, offline_in_force)
    tab.fill("form.pk-point-in-time input[type=date]", "2021-06-15")
    tab.click("form.pk-point-in-time button[type=submit]")
    tab.wait_for_url("file://**/policies/9-1/so-21-01/index.html")
    banner = tab.locator("article .pk-status").first.inner_text()
    assert banner == ("No longer in force: in force from 2021-01-01 until 2022-01-01, replaced by "
                      "version v2022.")
    cite = tab.locator(".pk-cite-url").inner_text()
    assert cite.startswith("file://") and cite.endswith("/policies/9-1/so-21-01/index.html")


def test_the_bulletin_lists_changes_since_a_date(tab: Any, offline_in_force: Path) -> None:
    url = (offline_in_force / "changes" / "index.html").as_uri() + "?since=2022-06-01"
    tab.goto(url)
    visible = tab.locator(".pk-bulletin-entry:visible > h2")
    assert [" ".join(t.split()) for t in visible.all_inner_texts()] == [
        "SOP 9-1 Patrol Procedures: Version v2099",
        "SOP 9-1 Patrol Procedures: Version v2022 as amended by SO 23-01",
    ]
    assert tab.locator(".pk-since-date").inner_text() == "2022-06-01"
    assert tab.locator(".pk-bulletin-count").inner_text() == "2 change(s) listed."
    tab.fill("#pk-since", "2020-06-01")
    assert tab.locator(".pk-bulletin-entry:visible").count() == 4


@pytest.mark.parametrize("path", ["policies/9-1/history/index.html", "changes/index.html",
                                  "policies/9-1/v2099/index.html"])
def test_axe_finds_no_violations_on_the_time_pages(tab: Any, offline_in_force: Path,
                                                   path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    tab.goto((offline_in_force / path).as_uri())
    results = Axe().run(tab)
    found = [(violation["id"], " ".join(map(str, node["target"])))
             for violation in results.response["violations"] for node in violation["nodes"]]
    assert found == []  # nothing allow-listed: the theme's search dialog has its name now


def test_the_bulletin_prints_without_its_controls(tab: Any, offline_in_force: Path) -> None:
    tab.goto((offline_in_force / "changes" / "index.html").as_uri() + "?since=2023-01-01")
    tab.emulate_media(media="print")
    assert not tab.locator("form.pk-changes-since").is_visible()
    assert tab.locator(".pk-bulletin-entry:visible").count() == 2
    assert tab.locator("h1").inner_text() == "Changes since 2023-01-01"
    assert tab.pdf()[:4] == b"%PDF"
