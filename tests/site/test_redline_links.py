"""Addresses on the site's redline pages link to both versions, and every link lands.

Each address in a change head links to its clause on its version's page (an
old address to the old version, a new one to the new); an address both
versions share links to the new version and has an "in <old>" link to the old.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from lxml import html

from tests.site.conftest import serve_folder

REDLINE = "policies/2-55/redline/2021-to-2023/"


def address_links(site: Path, page: str) -> list[tuple[str, str, str]]:
    """(class, address text, href) of every address link in a change head of a page."""
    tree = html.parse(str(site / page / "index.html"))
    found = []
    for head in tree.iterfind(".//div[@class='pk-change-head']"):
        for link in head.iter("a"):
            kind = str(link.get("class", link.getparent().get("class", "")))
            if kind in ("pk-old-address", "pk-new-address", "pk-same-address", "pk-old-link"):
                found.append((kind, link.text_content(), str(link.get("href"))))
    return found


def lands(site: Path, page: str, href: str) -> bool:
    """Whether `href` from `page` names a built page holding an element with its anchor."""
    parts = urlsplit(href)
    target = posixpath.normpath(posixpath.join(page, parts.path))
    file = site / target / "index.html"
    if not file.is_file() or not parts.fragment:
        return False
    return bool(html.parse(str(file)).getroot().get_element_by_id(parts.fragment, None)
                is not None)


def test_every_address_links_to_its_version_and_lands(built_site: Path) -> None:
    links = address_links(built_site, REDLINE)
    kinds = {kind for kind, _, _ in links}
    assert {"pk-same-address", "pk-old-link"} <= kinds
    assert all(lands(built_site, REDLINE, href) for _, _, href in links), [
        href for _, _, href in links if not lands(built_site, REDLINE, href)]
    for kind, text, href in links:
        version = "2021" if kind in ("pk-old-address", "pk-old-link") else "2023"
        assert href.startswith(f"../../{version}/#"), (kind, text, href)
    # No address is left unlinked when its clause exists in its version.
    tree = html.parse(str(built_site / REDLINE / "index.html"))
    assert not tree.xpath("//span[@data-address and contains(@class, '-address')]")


@pytest.fixture(scope="module")
def served(built_site: Path) -> Iterator[str]:
    yield from serve_folder(built_site)


def test_following_an_address_lands_on_the_clause_in_that_version(
    served: str, chromium: Any
) -> None:
    page = chromium.new_page()
    try:
        for selector, version in ((".pk-change-head a.pk-same-address", "2023"),
                                  (".pk-change-head .pk-old-link a", "2021")):
            page.goto(served + REDLINE)
            link = page.locator(selector).first
            anchor = str(link.get_attribute("href")).split("#", 1)[1]
            link.click()
            page.wait_for_url(f"**/policies/2-55/{version}/#*")
            assert page.evaluate("location.hash.slice(1)") == anchor
            assert page.evaluate("document.querySelector(':target')?.id") == anchor
    finally:
        page.close()
