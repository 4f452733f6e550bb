"""Search as officers use it, in Chromium, on the manual built from the repository's own
`policies/`, served over HTTP and opened from `file://`: acronyms in brackets, joined words,
a typo, a clause address, policy text before the guides, superseded text only when asked
for (labelled, and after the text in force), deleted redline text left out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.site.conftest import ROOT, _build, open_dialog, search, serve_folder

CLAUSE_HITS = [
    ("MCT", "2-55-4.B.1.e"),              # indexed as "(MCT)," by the theme
    ("ECIT", "2-55-4.B.1.e"),             # indexed as "[ECIT]" by the theme
    ("2-55-4.A.2", "2-55-4.A.2"),         # an address lands on itself, not its children
    ("2-55-4.A.2.e", "2-55-4.A.2.e"),
    ("supervsors", "2-55-4.I"),           # one edit from "supervisors"
    ("concealmnt", "2-55-4.A.2.a"),       # one edit from "concealment"
]


@pytest.fixture(scope="module")
def real_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for site in _build(tmp_path_factory.mktemp("real-project"), offline=False,
                       policies=ROOT / "policies"):
        yield from serve_folder(site)


@pytest.fixture(scope="module")
def real_offline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from _build(tmp_path_factory.mktemp("real-offline"), offline=True,
                      policies=ROOT / "policies")


@pytest.fixture(scope="module")
def tab(browser: Any, real_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(real_url)
    yield page
    context.close()


def hits(tab: Any, base: str, words: str) -> list[str]:
    """The result links for `words`, in order, from the site's root (`policies/2-55/#...`),
    without the theme's `?h=` highlight parameter."""
    tab.reload()  # results of the last query would otherwise answer for this one
    results = search(tab, words)
    hrefs: list[str] = results.evaluate_all("links => links.map(link => link.href)")
    return [href.removeprefix(base).split("?h=")[0] + (f"#{href.split('#', 1)[1]}"
                                                        if "#" in href else "")
            for href in hrefs]


def open_search(tab: Any) -> Any:
    """Open the search dialog (a button on a phone, the box itself on a desktop)."""
    box = tab.locator("input.md-search__input")
    open_dialog(tab, box)
    box.click()
    return box


def no_hits(tab: Any, words: str) -> str:
    """The result count the theme shows for a search that should find nothing."""
    tab.reload()
    box = open_search(tab)
    box.fill(words)
    box.press("End")
    meta = tab.locator(".md-search-result__meta")
    meta.filter(has_text="No matching documents").wait_for()
    return str(meta.inner_text())


def first_clause(found: list[str]) -> str:
    return next(href for href in found if "#" in href)


def include_superseded(tab: Any, include: bool) -> None:
    """Tick or untick the dialog's checkbox (it is remembered across pages)."""
    open_search(tab)
    box = tab.get_by_label("Include superseded versions")
    if box.is_checked() != include:
        box.click()
    tab.keyboard.press("Escape")


@pytest.mark.parametrize(("words", "clause"), CLAUSE_HITS)
def test_the_first_hit_is_the_clause(tab: Any, real_url: str, words: str, clause: str) -> None:
    found = hits(tab, real_url, words)
    assert first_clause(found) == f"policies/2-55/#{clause}", found


def test_a_word_written_with_a_hyphen_is_found_without_one(tab: Any, real_url: str) -> None:
    found = hits(tab, real_url, "deescalation")
    assert found[0] == "policies/2-55/", found


@pytest.mark.parametrize("words", ["sworn personnel", "officers", "supervisors", "Department"])
def test_policy_text_outranks_the_guides(tab: Any, real_url: str, words: str) -> None:
    found = hits(tab, real_url, words)
    guides = ("authoring/", "importing/", "reviewing/", "about/")
    assert found[0].startswith("policies/2-55/"), found
    first_guide = next((i for i, href in enumerate(found) if href.startswith(guides)), len(found))
    first_policy_clause = next(i for i, href in enumerate(found)
                               if href.startswith("policies/2-55/#"))
    assert first_policy_clause < first_guide, found


def test_superseded_text_is_searched_only_when_asked(tab: Any, real_url: str) -> None:
    # "considering" is only in the superseded versions (the revision deleted it).
    include_superseded(tab, False)
    assert no_hits(tab, "considering") == "No matching documents"
    found = hits(tab, real_url, "MCT")
    assert not [href for href in found if href.startswith(("policies/2-55/original/",
                                                             "policies/2-55/so-21-58/"))], found


def test_superseded_text_is_found_labelled_and_ranked_last(tab: Any, real_url: str) -> None:
    include_superseded(tab, True)
    try:
        found = hits(tab, real_url, "considering")  # after a reload: the choice is remembered
        assert found[0] in ("policies/2-55/original/", "policies/2-55/so-21-58/"), found
        title = tab.locator(".md-search-result__item h1").first.inner_text()
        assert "superseded" in title
        # Text in both versions: the current version's clause comes first.
        both = hits(tab, real_url, "MCT")
        assert both.index("policies/2-55/#2-55-4.B.1.e") < both.index(
            "policies/2-55/original/"), both
    finally:
        include_superseded(tab, False)


def test_the_checkbox_downloads_the_superseded_index_only_when_ticked(
        browser: Any, real_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    try:
        page.goto(real_url)
        search(page, "MCT")
        assert [url for url in fetched if "/pk-search/current/" in url]
        assert not [url for url in fetched if "/pk-search/superseded/" in url]
        assert not [url for url in fetched if url.endswith("/workers/search")]
        include_superseded(page, True)
        search(page, "ECIT")
        assert [url for url in fetched if "/pk-search/superseded/" in url]
    finally:
        context.close()


def test_deleted_redline_text_stays_out_of_search(tab: Any, real_url: str) -> None:
    tab.goto(real_url + "policies/2-55/redline/original-to-revised/")
    assert "considering" in " ".join(tab.locator(".pk-redline del").all_inner_texts())
    include_superseded(tab, True)
    try:
        found = hits(tab, real_url, "considering")
    finally:
        include_superseded(tab, False)
    assert [href for href in found if "/redline/" in href] == [], found


@pytest.fixture(scope="module")
def offline_tab(browser: Any, real_offline: Path) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto((real_offline / "index.html").as_uri())
    yield page
    context.close()


@pytest.mark.parametrize(("words", "clause"), CLAUSE_HITS)
def test_the_offline_copy_searches_the_same_way(offline_tab: Any, real_offline: Path,
                                                words: str, clause: str) -> None:
    found = hits(offline_tab, real_offline.as_uri() + "/", words)
    assert first_clause(found) == f"policies/2-55/index.html#{clause}", found


def test_the_offline_copy_finds_superseded_text_when_asked(offline_tab: Any,
                                                           real_offline: Path) -> None:
    base = real_offline.as_uri() + "/"
    include_superseded(offline_tab, True)
    try:
        found = hits(offline_tab, base, "considering")
    finally:
        include_superseded(offline_tab, False)
    assert found[0].startswith(("policies/2-55/original/", "policies/2-55/so-21-58/")), found
    assert [href for href in found if "/redline/" in href] == [], found


@pytest.mark.parametrize("screen", [{"viewport": {"width": 1280, "height": 900}},
                                    {"viewport": {"width": 375, "height": 740},
                                     "is_mobile": True}], ids=["desktop", "phone"])
def test_axe_finds_no_violations_in_the_open_dialog(browser: Any, real_url: str,
                                                    screen: dict[str, Any]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(**screen)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(real_url)
        search(page, "MCT")
        assert page.get_by_label("Include superseded versions").is_visible()
        # Results fade in: measured mid-fade, their text is lighter than it will be.
        page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
        page.wait_for_timeout(400)  # CSS transitions that had not started yet
        results = Axe().run(page)
    finally:
        context.close()
    found = [(violation["id"], " ".join(map(str, node["target"])))
             for violation in results.response["violations"] for node in violation["nodes"]]
    assert found == [], results.generate_report()[:3000]
