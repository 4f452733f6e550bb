"""The built site: every page there, every internal link and anchor landing, builds repeatable,
a bad policy failing with `file:line: message` and leaving the previous site in place."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html

from tests.site.conftest import FIXTURES, ROOT, make_project
from toolkit.site.search import read_search_documents

EXPECTED_PAGES = [
    "index.html",
    "policies/index.html",
    "glossary/index.html",
    "policies/2-55/index.html",
    "policies/2-55/2021/index.html",
    "policies/2-55/2023/index.html",
    "policies/2-55/history/index.html",
    "policies/2-55/redline/2021-to-2023/index.html",
    "policies/2-19/index.html",
    "policies/2-19/2022/index.html",
    "policies/2-19/2025-draft/index.html",
    "policies/2-19/history/index.html",
    "policies/2-19/redline/2022-to-2025-draft/index.html",
    "authoring/index.html",
    "about/index.html",
]


def ids_of(page: Path) -> set[str]:
    tree = html.parse(str(page))
    return {str(node.get("id")) for node in tree.iter() if node.get("id")}


GENERATED = ("index.html", "policies/", "glossary/")


def broken_links(site: Path, only: tuple[str, ...] = ()) -> list[str]:
    """Every internal link or anchor in the site (or in pages under `only`) that does not
    land, as `page: href`."""
    anchors: dict[Path, set[str]] = {}
    problems = []
    # 404.html is served at any depth, so the theme gives it root-relative links: skip it.
    pages = sorted(set(site.rglob("*.html")) - {site / "404.html"})
    for page in pages:
        if only and not str(page.relative_to(site)).startswith(only):
            continue
        for link in html.parse(str(page)).iter("a"):
            href = link.get("href")
            if href is None or urlsplit(href).scheme or href.startswith("//"):
                continue
            path, fragment = urlsplit(href).path, unquote(urlsplit(href).fragment)
            target = (page.parent / unquote(path)).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: {href}")
                continue
            if fragment and target.suffix == ".html":
                known = anchors.setdefault(target, ids_of(target))
                if fragment not in known:
                    problems.append(f"{page.relative_to(site)}: {href} (no anchor)")
    return problems


def test_every_page_is_built(built_site: Path) -> None:
    missing = [page for page in EXPECTED_PAGES if not (built_site / page).exists()]
    assert missing == []


def test_every_link_and_anchor_of_generated_pages_lands(built_site: Path) -> None:
    # Hand-written pages may link to the real policies; the real-policies build checks them.
    assert broken_links(built_site, GENERATED) == []


def test_offline_copy_links_land_too(offline_site: Path) -> None:
    assert (offline_site / "search" / "search_index.js").exists()
    assert broken_links(offline_site, GENERATED) == []


def test_offline_copy_uses_the_vendored_worker_shim(offline_site: Path) -> None:
    page = (offline_site / "policies" / "2-55" / "index.html").read_text(encoding="utf-8")
    assert "assets/policykit/iframe-worker-shim.js" in page
    assert "unpkg.com" not in page
    assert (offline_site / "assets" / "policykit" / "iframe-worker-shim.js").exists()


def test_deleted_text_on_redlines_stays_out_of_the_search_index(built_site: Path) -> None:
    index = {"docs": read_search_documents(built_site)}
    redline_text = " ".join(entry["text"] for entry in index["docs"]
                            if "/redline/" in entry["location"])
    page = html.parse(str(built_site / "policies/2-55/redline/2021-to-2023/index.html"))
    deleted = [" ".join(node.text_content().split()) for node in page.iter("del")]
    assert deleted, "the fixture redline should delete some words"
    assert "Utilizing" in deleted[0] or any("Utilizing" in text for text in deleted)
    assert "Utilizing" not in redline_text


def test_search_splits_the_index_at_each_clause(built_site: Path) -> None:
    index = {"docs": read_search_documents(built_site)}
    hits = [entry["location"] for entry in index["docs"] if "Mobile Crisis Team" in entry["text"]]
    assert "policies/2-55/#2-55-4.A.2.b" in hits


def test_current_version_permalink_is_left_out_of_search(built_site: Path) -> None:
    index = {"docs": read_search_documents(built_site)}
    locations = {entry["location"].split("#")[0] for entry in index["docs"]}
    assert "policies/2-55/" in locations
    assert "policies/2-55/2023/" not in locations


def build(config: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    command = [sys.executable, "-m", "toolkit.cli", "build", "-f", str(config), *extra]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=config.parent,
                          check=False)


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path: Path) -> None:
    config = make_project(tmp_path / "project")
    assert build(config, "-d", str(tmp_path / "one")).returncode == 0
    assert build(config, "-d", str(tmp_path / "two")).returncode == 0
    comparison = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    assert differing_files(comparison) == []


def differing_files(comparison: filecmp.dircmp[str]) -> list[str]:
    found = [*comparison.diff_files, *comparison.left_only, *comparison.right_only]
    for sub in comparison.subdirs.values():
        found.extend(differing_files(sub))
    return found


def test_a_bad_policy_fails_with_file_and_line_and_keeps_the_previous_site(tmp_path: Path) -> None:
    config = make_project(tmp_path / "project")
    site = tmp_path / "public"
    assert build(config, "-d", str(site)).returncode == 0
    before = (site / "policies" / "2-55" / "index.html").read_bytes()
    bad = config.parent / "policies" / "2-55" / "2023.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("status: effective", "status: in force"),
                   encoding="utf-8")
    result = build(config, "-d", str(site))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "policies/2-55/2023.md:" in result.stderr
    assert (site / "policies" / "2-55" / "index.html").read_bytes() == before
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_mkdocs_build_strict_is_clean(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                             "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "out")],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_the_real_policies_build_with_every_link_landing(tmp_path: Path) -> None:
    config = make_project(tmp_path / "project", ROOT / "policies")
    assert build(config, "--strict", "-d", str(tmp_path / "out")).returncode == 0
    assert broken_links(tmp_path / "out") == []


def test_fixture_policies_exist() -> None:
    assert sorted(path.name for path in (FIXTURES / "policies").iterdir()) == ["2-19", "2-55"]


@pytest.mark.parametrize("page", ["policies/2-19/index.html", "policies/2-19/2025-draft/index.html"])
def test_markup_in_policy_text_is_escaped_in_the_built_page(built_site: Path, page: str) -> None:
    text = (built_site / page).read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pkInjected" in text
    assert "<script>window.__pkInjected" not in text
    assert 'href="javascript:' not in text
