"""Search reads each policy page where the page is made (`toolkit.site.parallel`), and counts
its documents there: the theme's search parses none of those pages in the main process, and
the built site (its split index included) is byte for byte the one the theme's own parsing
made."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.build.test_parallel_build import build, differing_files
from toolkit import mkdocs_plugin
from toolkit.site.search import FieldCounts, field_counts, search_document


def _theme_parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source paths of the pages the theme's search parses from here on (not those
    whose metadata leaves them out of search)."""
    from material.plugins.search.plugin import SearchIndex

    parsed: list[str] = []
    parse = SearchIndex.add_entry_from_context

    def recording(index: Any, page: Any) -> None:
        if not (page.meta.get("search") or {}).get("exclude"):  # else it reads nothing
            parsed.append(page.file.src_uri)
        parse(index, page)

    monkeypatch.setattr(SearchIndex, "add_entry_from_context", recording)
    return parsed


def _policy_page(path: str) -> bool:
    return path.startswith("policies/") and path.count("/") > 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sections_read_where_pages_are_made_build_the_site_the_theme_parsing_built(
        manual: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str) -> None:
    monkeypatch.setenv("POLICYKIT_CACHE", str(tmp_path / "cache"))
    parsed = _theme_parsed(monkeypatch)
    build(manual, tmp_path / "read", "-j", jobs, "--no-cache")
    assert parsed and not any(_policy_page(path) for path in parsed)
    monkeypatch.setattr(mkdocs_plugin, "_section_reader", lambda theme_search: None)
    parsed.clear()
    build(manual, tmp_path / "parsed", "-j", jobs, "--no-cache")
    assert sum(_policy_page(path) for path in parsed) > 8 * 4
    assert differing_files(tmp_path / "parsed", tmp_path / "read") == []


def test_the_counts_handed_to_the_split_index_are_those_of_the_theme_s_documents(
        manual: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKIT_CACHE", str(tmp_path / "cache"))
    handed: list[dict[str, FieldCounts | None]] = []
    documents: list[dict[str, Any]] = []
    write = mkdocs_plugin.write_search_index

    def checking(site: Path, superseded: frozenset[str],
                 counted: dict[str, FieldCounts | None] | None = None) -> None:
        index = site / "search" / "search_index.json"
        documents.extend(json.loads(index.read_text(encoding="utf-8"))["docs"])
        handed.append(dict(counted or {}))
        write(site, superseded, counted)

    monkeypatch.setattr(mkdocs_plugin, "write_search_index", checking)
    build(manual, tmp_path / "site", "-j", "2")
    counted = {location: counts for location, counts in handed[0].items() if counts}
    by_location = {entry["location"]: search_document(entry) for entry in documents}
    assert len(counted) > len(documents) // 2
    for location, counts in counted.items():
        assert counts == field_counts(by_location[location]), location
