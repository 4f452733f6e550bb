"""Page bodies wait in the cache; the pages are those `build_pages` makes, in its order."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.site.conftest import FIXTURES
from toolkit.cache import Cache
from toolkit.library import load_library
from toolkit.site import build_pages
from toolkit.site.parallel import build_stored_site


def test_stored_pages_are_the_pages_build_pages_makes(tmp_path: Path) -> None:
    policies = load_library(FIXTURES / "policies").policies
    expected = build_pages(policies)
    stored = build_stored_site(policies, Cache(tmp_path), jobs=1)
    assert [page.page.path for page in stored.pages] == [page.path for page in expected]
    for page, want in zip(stored.pages, expected, strict=True):
        assert stored.html(page) == (want.html, want.search_html)
        assert page.page.title == want.title and page.page.toc == want.toc


def test_a_body_gone_from_the_cache_is_rendered_again(tmp_path: Path) -> None:
    policies = load_library(FIXTURES / "policies").policies
    stored = build_stored_site(policies, Cache(tmp_path), jobs=1)
    before = [stored.html(page) for page in stored.pages]
    shutil.rmtree(tmp_path / "html")
    assert [stored.html(page) for page in stored.pages] == before
