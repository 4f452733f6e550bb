"""Search as officers use it, in Chromium, on the manual built from the repository's own
`policies/`: acronyms in brackets, joined words, a typo, a clause address, policy text
before the guides, superseded text labelled and last, deleted redline text left out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.site.conftest import ROOT, _build, search, serve_folder


@pytest.fixture(scope="module")
def real_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for site in _build(tmp_path_factory.mktemp("real-project"), offline=False,
                       policies=ROOT / "policies"):
        yield from serve_folder(site)


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


def first_clause(found: list[str]) -> str:
    return next(href for href in found if "#" in href)


@pytest.mark.parametrize(("words", "clause"), [
    ("MCT", "2-55-4.B.1.e"),              # indexed as "(MCT)," before
    ("ECIT", "2-55-4.B.1.e"),             # indexed as "[ECIT]" before
    ("2-55-4.A.2", "2-55-4.A.2"),         # an address lands on itself, not its children
    ("2-55-4.A.2.e", "2-55-4.A.2.e"),
    ("supervsors", "2-55-4.I"),           # one edit from "supervisors"
    ("concealmnt", "2-55-4.A.2.a"),       # one edit from "concealment"
])
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


def test_superseded_text_is_found_labelled_and_ranked_last(tab: Any, real_url: str) -> None:
    # "considering" is only in the superseded version (the revision deleted it).
    found = hits(tab, real_url, "considering")
    assert found[0] == "policies/2-55/original/", found
    title = tab.locator(".md-search-result__item h1").first.inner_text()
    assert "superseded" in title
    # Text in both versions: the current version's clause comes first.
    both = hits(tab, real_url, "MCT")
    assert both.index("policies/2-55/#2-55-4.B.1.e") < both.index("policies/2-55/original/"), both


def test_deleted_redline_text_stays_out_of_search(tab: Any, real_url: str) -> None:
    tab.goto(real_url + "policies/2-55/redline/original-to-revised/")
    assert "considering" in " ".join(tab.locator(".pk-redline del").all_inner_texts())
    found = hits(tab, real_url, "considering")
    assert [href for href in found if "/redline/" in href] == [], found


def test_the_offline_copy_searches_the_same_way(browser: Any,
                                                tmp_path_factory: pytest.TempPathFactory) -> None:
    for site in _build(tmp_path_factory.mktemp("real-offline"), offline=True,
                       policies=ROOT / "policies"):
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            page.goto((site / "index.html").as_uri())
            base = site.as_uri() + "/"
            for words, clause in (("MCT", "2-55-4.B.1.e"), ("2-55-4.A.2", "2-55-4.A.2"),
                                  ("supervsors", "2-55-4.I")):
                found = hits(page, base, words)
                assert first_clause(found) == f"policies/2-55/index.html#{clause}", found
        finally:
            context.close()
