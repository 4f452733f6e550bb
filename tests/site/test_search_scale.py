"""Search at scale, in Chromium: a generated manual of 1,000 policies (two versions each,
`benchmarks/generate.py`) with the real SOP 2-55 among them, built once per session, served
over HTTP and opened from `file://`. The answers must not drown among a thousand policies,
and a first search must download a small part of the index, not all of it.

`POLICYKIT_SEARCH_SCALE` sets the number of generated policies (default 1,000)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.site.conftest import ROOT, _build, search, serve_folder
from tests.site.test_search import first_clause, hits, include_superseded
from toolkit.library import load_library
from toolkit.tree import walk_version

pytestmark = pytest.mark.slow_setup
"""Run first: one worker builds the large site while the others run the rest
(tests/conftest.py)."""
POLICIES = int(os.environ.get("POLICYKIT_SEARCH_SCALE", "1000"))
BENCHMARKS = ROOT / "benchmarks"
FIRST_SEARCH_BYTES = 1_500_000
"""What a first search may download (index, worker, results): a small fraction of the
index, which is tens of MB at this size."""


def generate_policies(folder: Path) -> Path:
    """1,000 generated policies of 20 clauses, two versions each, plus the real 2-55."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from generate import generate_manual, write_manual  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCHMARKS))
    policies = folder / "policies"
    write_manual(generate_manual(POLICIES, 2, seed=0, clauses_per_policy=20), policies,
                 truth_root=folder / "truth")
    shutil.copytree(ROOT / "policies" / "2-55", policies / "2-55")
    return policies


def on_a_version_page(href: str) -> bool:
    """A result on an older version's page (`policies/1-01/2008/`, `policies/2-55/original/`):
    the only version pages searched are those no longer in force."""
    parts = href.split("#")[0].split("/")
    return len(parts) == 4 and parts[0] == "policies" and parts[2] not in ("history", "redline")


@pytest.fixture(scope="session")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("large")
    yield from _build(folder / "project", offline=False, policies=generate_policies(folder))


@pytest.fixture(scope="session")
def large_url(large_site: Path) -> Iterator[str]:
    yield from serve_folder(large_site)


@pytest.fixture(scope="module")
def generated_address(large_site: Path) -> tuple[str, str]:
    """A generated policy's clause that has children: (policy id, clause address)."""
    policies = large_site.parent / "policies"
    policy = next(policy for policy in load_library(policies).policies if policy.id == "7-13")
    clause = next(node for node in walk_version(policy.current)
                  if node.address.count(".") == 2 and getattr(node, "children", ()))
    return policy.id, clause.address


@pytest.fixture(scope="module", params=["served", "file"])
def where(request: pytest.FixtureRequest, browser: Any, large_site: Path,
          large_url: str) -> Iterator[tuple[Any, str, str]]:
    """A tab on the large site, its base URL and the form a policy page's URL takes there."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    if request.param == "served":
        tab.goto(large_url)
        yield tab, large_url, ""
    else:
        # The served build opened from its folder: the search runs through the iframe shim
        # and <script> loading; links keep the server's form (no index.html).
        tab.goto((large_site / "index.html").as_uri())
        yield tab, large_site.as_uri() + "/", ""
    context.close()


@pytest.mark.parametrize(("words", "clause"), [
    ("ECIT", "2-55-4.B.1.e"),
    ("2-55-4.A.2", "2-55-4.A.2"),
    ("Albuquerqe", "2-55-1"),             # one edit from "Albuquerque"
])
def test_the_first_hit_is_the_clause_among_a_thousand_policies(
        where: tuple[Any, str, str], words: str, clause: str) -> None:
    tab, base, _ = where
    found = hits(tab, base, words)
    assert first_clause(found) == f"policies/2-55/#{clause}", found


def test_a_generated_clause_address_lands_on_it(where: tuple[Any, str, str],
                                               generated_address: tuple[str, str]) -> None:
    tab, base, _ = where
    policy, address = generated_address
    found = hits(tab, base, address)
    assert first_clause(found) == f"policies/{policy}/#{address}", found


def test_mct_lands_on_a_definition_of_it(where: tuple[Any, str, str]) -> None:
    # Hundreds of generated policies define "Mobile Crisis Team (MCT)": that is the answer.
    tab, base, _ = where
    found = hits(tab, base, "MCT")
    assert "mobile-crisis-team" in first_clause(found).lower(), found


def test_policy_text_outranks_the_guides(where: tuple[Any, str, str]) -> None:
    tab, base, _ = where
    found = hits(tab, base, "officers")
    assert found[0].startswith("policies/"), found
    guides = ("authoring/", "importing/", "reviewing/", "about/", "trust/")
    assert not [href for href in found[:10] if href.startswith(guides)], found


def test_superseded_versions_only_when_asked_and_labelled(where: tuple[Any, str, str]) -> None:
    tab, base, _ = where
    include_superseded(tab, False)
    assert not [href for href in hits(tab, base, "MCT") if on_a_version_page(href)]
    include_superseded(tab, True)
    try:
        found = hits(tab, base, "considering")
        titles = tab.locator(".md-search-result__item h1").all_inner_texts()
    finally:
        include_superseded(tab, False)
    assert "policies/2-55/original/" in found, found
    assert all("superseded" in title for href, title in zip(
        [href for href in found if "#" not in href], titles, strict=False)
        if "/original/" in href or "/so-21-58/" in href), titles
    assert [href for href in found if "/redline/" in href] == [], found


def test_a_first_search_downloads_a_small_part_of_the_index(browser: Any, large_site: Path,
                                                            large_url: str) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url))
    try:
        tab.goto(large_url)
        search(tab, "sworn personnel")
    finally:
        context.close()
    files = {url.removeprefix(large_url).split("?")[0] for url in fetched
             if url.startswith(large_url)}
    searched = [large_site / name for name in files if "search" in name]
    downloaded = sum(path.stat().st_size for path in searched)
    index = sum(path.stat().st_size for path in (large_site / "pk-search").rglob("*.js"))
    assert downloaded < FIRST_SEARCH_BYTES, sorted(files)
    assert downloaded * 20 < index
