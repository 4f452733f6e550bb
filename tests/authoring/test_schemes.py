"""One small policy per numbering scheme (tests/authoring/fixtures/schemes): parse, check, fmt,
diff and publish each, so every scheme works end to end, not only in the parser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from toolkit.check import check_paths
from toolkit.diff import diff_versions, rebuild_versions
from toolkit.parse import read_version
from toolkit.render.changes_json import changeset_to_json
from toolkit.tree import walk_version
from toolkit.tree_json import version_to_json
from toolkit.write import write_markdown

ROOT = Path(__file__).resolve().parents[2]
SCHEMES = Path(__file__).parent / "fixtures" / "schemes"
FILES = sorted(SCHEMES.glob("*/*.md"))


def test_there_is_a_policy_per_scheme() -> None:
    schemes = {read_version(path).scheme for path in FILES}
    assert schemes == {"dotted", "roman", "chapter", "headed"}
    assert {read_version(path).policy for path in FILES} == {
        "300", "G03-02", "100-A", "manual", "fleeing-driver", "425",
    }


@pytest.mark.parametrize(
    ("path", "addresses"),
    [
        ("300/2024.md", ["300.1", "300.1.1", "300.2", "300.2.1", "300.3", "300.3.1", "300.3.2",
                         "300.3.2.a", "300.3.2.b", "300.3.2.c", "300.3.2.c.1", "300.3.2.c.2",
                         "300.3.2.1", "300.4", "300.4.a", "300.4.b"]),
        ("100-A/2019.md", ["100-A.I", "100-A.II", "100-A.III", "100-A.IV", "100-A.IV.A",
                           "100-A.IV.A.1", "100-A.IV.A.2", "100-A.IV.B"]),
        ("425/2019.md", ["425.purpose", "425.definitions", "425.I", "425.I.A", "425.II",
                         "425.II.medic-response-required", "425.II.mandatory-medic-response",
                         "425.II.mandatory-medic-response.A", "425.II.mandatory-medic-response.B",
                         "425.appendix"]),
        ("manual/2013.md", ["manual.ch1", "manual.ch1.A", "manual.ch1.B", "manual.ch5",
                            "manual.ch5.A", "manual.ch5.A.1", "manual.ch5.A.2", "manual.ch5.B",
                            "manual.ch6"]),
        ("fleeing-driver/2024-08-21.md", [
            "fleeing-driver.policy-statement-and-principles", "fleeing-driver.purpose",
            "fleeing-driver.what", "fleeing-driver.definition-of-pursuit",
            "fleeing-driver.definition-of-pursuit.i", "fleeing-driver.definition-of-pursuit.ii",
            "fleeing-driver.fleeing-driver-framework", "fleeing-driver.purpose-2",
            "fleeing-driver.purpose-2.A", "fleeing-driver.purpose-2.B",
        ]),
    ],
)
def test_every_scheme_addresses_its_sections_and_clauses(path: str, addresses: list[str]) -> None:
    version = read_version(SCHEMES / path)
    assert [node.address for node in walk_version(version)] == addresses


def test_dotted_sections_nest_under_the_number_they_extend() -> None:
    version = read_version(SCHEMES / "300" / "2024.md")
    nesting = {s.address: (s.level, s.parent) for s in version.sections}
    assert nesting["300.3.2.1"] == (4, "300.3.2")
    assert nesting["300.3.1"] == (3, "300.3")
    assert nesting["300.4"] == (2, None)
    assert [d.section for d in version.definitions] == ["300.1.1", "300.1.1"]


def test_the_scheme_policies_check_clean() -> None:
    assert [str(d) for d in check_paths([SCHEMES])] == []


@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_the_scheme_policies_are_in_canonical_form(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert write_markdown(read_version(path)) == text


def test_a_renumbered_roman_section_and_clause_diff_as_renumbered_not_removed() -> None:
    old = read_version(SCHEMES / "G03-02" / "2020-02-29.md")
    new = read_version(SCHEMES / "G03-02" / "2021-04-15.md")
    changes = {(c.op, c.old, c.new) for c in diff_versions(old, new).changes}
    assert ("renumbered", ("G03-02.III",), ("G03-02.IV",)) in changes
    assert ("renumbered", ("G03-02.IV",), ("G03-02.V",)) in changes
    assert ("renumbered", ("G03-02.II.B",), ("G03-02.II.C",)) in changes
    assert ("renumbered", ("G03-02.II.C",), ("G03-02.II.D",)) in changes
    assert ("added", (), ("G03-02.III",)) in changes
    assert ("added", (), ("G03-02.II.B",)) in changes
    assert ("unchanged", ("G03-02.III.B.1.a",), ("G03-02.IV.B.1.a",)) in changes
    assert not [c for c in changes if c[0] == "removed"]


def test_the_roman_diff_rebuilds_both_versions() -> None:
    old = read_version(SCHEMES / "G03-02" / "2020-02-29.md")
    new = read_version(SCHEMES / "G03-02" / "2021-04-15.md")
    data = changeset_to_json(diff_versions(old, new))
    assert rebuild_versions(data) == (version_to_json(old), version_to_json(new))


# --- the site -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real manual's pages and policies with every scheme's policy added; returns mkdocs.yml."""
    folder = tmp_path_factory.mktemp("schemes-project")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "site", folder / "site")
    shutil.copytree(ROOT / "policies", folder / "policies")
    for policy in SCHEMES.iterdir():
        if policy.is_dir():
            shutil.copytree(policy, folder / "policies" / policy.name)
    return folder / "mkdocs.yml"


def _run(config: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([sys.executable, "-m", *command, "-f", str(config)], capture_output=True,
                          text=True, env=env, cwd=config.parent, check=False)


@pytest.fixture(scope="module")
def site(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("schemes-site")
    result = _run(project, "toolkit.cli", "build", "--strict", "-d", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_mkdocs_strict_builds_every_scheme(project: Path, tmp_path: Path) -> None:
    result = _run(project, "mkdocs", "build", "--strict", "-d", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_section_and_clause_has_its_anchor_on_the_site(site: Path, path: Path) -> None:
    version = read_version(path)
    page = site / "policies" / version.policy / version.version / "index.html"
    ids = {str(node.get("id")) for node in html.parse(str(page)).iter() if node.get("id")}
    assert {node.address for node in walk_version(version)} <= ids


def test_nested_dotted_sections_are_nested_headings(site: Path) -> None:
    page = html.parse(str(site / "policies" / "300" / "index.html"))
    heading = page.find(".//*[@id='300.3.2.1']")
    assert heading is not None and heading.tag == "h4"
    assert "".join(heading.itertext()).startswith("300.3.2.1 PAIN COMPLIANCE TECHNIQUES")


def test_unnumbered_subsections_are_nested_headings_under_their_section(site: Path) -> None:
    page = html.parse(str(site / "policies" / "425" / "index.html"))
    heading = page.find(".//*[@id='425.II.mandatory-medic-response']")
    assert heading is not None and heading.tag == "h3"
    assert "".join(heading.itertext()).startswith("Mandatory medic response")
    front = page.find(".//*[@id='425.purpose']")
    assert front is not None and front.tag == "h2"


def test_references_in_each_scheme_link_to_their_clause(site: Path) -> None:
    def links(policy: str) -> dict[str, str]:
        page = html.parse(str(site / "policies" / policy / "index.html"))
        return {"".join(a.itertext()): str(a.get("href")) for a in page.iter("a")
                if a.get("class") == "pk-ref"}

    assert links("300")["300.3.2.b"] == "#300.3.2.b"
    assert links("G03-02")["IV.B.1"] == "#G03-02.IV.B.1"
    assert links("100-A")["100-A.IV.A.1"] == "#100-A.IV.A.1"
    assert links("manual")["manual.ch5.B"] == "#manual.ch5.B"
    assert links("425")["425.I.A"] == "#425.I.A"
    # Across policies: a full address of any scheme links to that policy's page.
    assert links("100-A")["G03-02.IV.B.1"] == "../G03-02/#G03-02.IV.B.1"
    assert links("manual")["300.3.2"] == "../300/#300.3.2"


def test_links_and_anchors_of_the_scheme_pages_land(site: Path) -> None:
    from tests.site.test_site_build import broken_links

    only = tuple(f"policies/{policy.name}/" for policy in SCHEMES.iterdir() if policy.is_dir())
    assert broken_links(site, (*only, "glossary/", "policies/index.html")) == []
    glossary = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "100-A/#def-chain-of-command" in glossary and "300/#def-deadly-force" in glossary


def test_the_table_of_contents_nests_dotted_sections_under_their_parent() -> None:
    from toolkit.mkdocs_plugin import _toc_tokens
    from toolkit.site.pages import SitePage, TocEntry

    entries = (TocEntry(1, "top", "T"), TocEntry(2, "300.3", "300.3"), TocEntry(3, "300.3.1", "a"),
               TocEntry(4, "300.3.1.2", "b"), TocEntry(3, "300.3.2", "c"), TocEntry(2, "300.4", "d"))
    tokens = _toc_tokens(SitePage("p.md", "T", "version", "", entries))

    def shape(token: dict[str, object]) -> object:
        children = token["children"]
        assert isinstance(children, list)
        return (token["id"], [shape(child) for child in children]) if children else token["id"]

    assert [shape(token) for token in tokens] == [
        ("top", [("300.3", [("300.3.1", ["300.3.1.2"]), "300.3.2"]), "300.4"])
    ]


@pytest.mark.parametrize(
    ("title", "slug"),
    [("Definition of ‘pursuit’", "definition-of-pursuit"), ("Te Whāinga – Purpose", "te-whainga-purpose"),
     ("TENR risk assessment (2024)", "tenr-risk-assessment-2024"), ("警察", "")],
)
def test_title_slugs_are_lowercase_ascii_words_joined_by_dashes(title: str, slug: str) -> None:
    from toolkit.numbering import slugify

    assert slugify(title) == slug


def test_a_title_with_no_ascii_letter_still_gets_an_address() -> None:
    from toolkit.parse import parse_version

    version = parse_version("---\n{id: nz, title: T, version: v1, status: draft, effective: , "
                            "numbering: headed}\n---\n\n## 警察\n\n## 警察\n")
    assert [s.address for s in version.sections] == ["nz.section", "nz.section-2"]


def _changes(path: str, edit: tuple[str, str]) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    from toolkit.parse import parse_version

    text = (SCHEMES / path).read_text(encoding="utf-8")
    old, new = parse_version(text), parse_version(text.replace(*edit))
    return {(c.op, c.old, c.new) for c in diff_versions(old, new).changes if c.op != "unchanged"}


def test_a_retitled_headed_chapter_is_modified_under_its_new_address_not_renumbered() -> None:
    changes = _changes("fleeing-driver/2024-08-21.md", ("## What\n", "## What a fleeing driver is\n"))
    assert changes == {("modified", ("fleeing-driver.what",), ("fleeing-driver.what-a-fleeing-driver-is",))}


def test_a_dotted_section_inserted_before_a_sibling_renumbers_it() -> None:
    inserted = "### 300.2.1 DUTY TO REPORT\n\nAn officer who sees excessive force reports it at once.\n\n"
    changes = _changes("300/2024.md", ("### 300.2.1 DUTY TO INTERCEDE", inserted + "### 300.2.2 DUTY TO INTERCEDE"))
    assert changes == {("added", (), ("300.2.1",)), ("renumbered", ("300.2.1",), ("300.2.2",))}


# --- no heading word is lost, whatever the scheme ---------------------------------------------

HEADING_TEXTS = ["300.3 Policy", "300.3.1 Arrest", "8.100-POL-1 When", "III. Definitions", "IV.",
                 "Chapter 3 Force", "Chapter IX", "Overview", "1. Overview", "2-55-4 Guidelines",
                 "Ch. 2 Vehicles", "Te Whāinga", "A  B"]


@st.composite
def headed_documents(draw: st.DrawFn) -> tuple[str, list[str]]:
    numbering = draw(st.sampled_from(["", "apd", "dotted", "roman", "chapter", "headed"]))
    key = f", numbering: {numbering}" if numbering else ""
    headings = draw(st.lists(st.sampled_from(HEADING_TEXTS), min_size=1, max_size=5))
    levels = [draw(st.sampled_from([2, 2, 3])) for _ in headings]
    body = "".join(f"{'#' * level} {text}\n\n- **A.** Text.\n\n" for level, text in zip(levels, headings, strict=True))
    return f"---\n{{id: G03-02, title: T, version: v1, status: draft, effective: {key}}}\n---\n\n{body}", headings


@settings(max_examples=200, deadline=None)
@given(headed_documents())
def test_every_heading_word_reaches_the_page_or_the_file_is_refused(document: tuple[str, list[str]]) -> None:
    from toolkit.errors import ParseError
    from toolkit.parse import parse_version
    from toolkit.render.policy_html import render_version, to_html

    text, headings = document
    try:
        version = parse_version(text)
    except ParseError as error:
        assert error.line is not None
        return
    page = " ".join(" ".join(html.fragment_fromstring(to_html(render_version(version))).itertext()).split())
    assert [" ".join(h.split()) in page for h in headings] == [True] * len(headings)
    assert write_markdown(parse_version(write_markdown(version))) == write_markdown(version)


def test_a_reference_names_the_longest_policy_id_it_starts_with() -> None:
    from toolkit.library import load_library
    from toolkit.site.pages import _Builder

    policies = load_library(SCHEMES).policies
    builder = _Builder(policies, None, None, None)  # type: ignore[arg-type]  # only ids are used
    dotted_id = replace(policies[0], id="1.30")
    builder_with_dotted_id = _Builder((*policies, dotted_id), None, None, None)  # type: ignore[arg-type]
    assert builder.policy_of("2-55-4.C.1") == "2-55"
    assert builder.policy_of("G03-02.III.B") == "G03-02"
    assert builder.policy_of("300.3.2.b") == "300"
    assert builder.policy_of("100-A.IV.A.1") == "100-A"
    assert builder_with_dotted_id.policy_of("1.30.II.A") == "1.30"


# --- in a real Chromium -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The scheme site served over HTTP on 127.0.0.1."""
    from tests.site.conftest import serve_folder

    yield from serve_folder(site)


def test_in_chromium_nested_toc_and_scheme_references_land_on_their_clause(
    browser: Any, served: str
) -> None:
    from tests.site.test_browser import in_viewport

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    try:
        tab.goto(served + "policies/300/")
        toc = tab.locator(".md-sidebar--secondary a.md-nav__link[href='#300.3.2.1']")
        assert toc.count() == 1
        # Nested: the entry sits in the list of its parent 300.3.2's entry.
        parent = tab.locator(".md-sidebar--secondary li:has(> a[href='#300.3.2']) a[href='#300.3.2.1']")
        assert parent.count() == 1
        toc.click()
        tab.wait_for_url("**/policies/300/#300.3.2.1")
        assert in_viewport(tab, "300.3.2.1")
        tab.goto(served + "policies/100-A/")
        tab.locator("a.pk-ref", has_text="G03-02.IV.B.1").click()
        tab.wait_for_url("**/policies/G03-02/#G03-02.IV.B.1")
        assert in_viewport(tab, "G03-02.IV.B.1")
    finally:
        context.close()
