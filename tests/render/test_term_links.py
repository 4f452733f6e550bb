"""Terms defined by one policy, linked from another's text: golden cases of the rules
(fixtures/term_links.txt, on the small manual in fixtures/terms), and where the links and
their previews lead.

Run: `.venv/bin/python -m pytest -q tests/render/test_term_links.py`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from tests.golden import Case, case_params
from toolkit.diff import diff_versions
from toolkit.library import load_library
from toolkit.model import Policy, Version
from toolkit.render.inline import plain_text
from toolkit.render.policy_html import PREVIEW_ATTRIBUTE, render_clause_text
from toolkit.render.redline_html import render_redline
from toolkit.site import urls as paths
from toolkit.site.pages import _Builder, _glossary_entries
from toolkit.site.timeline import publish
from toolkit.site.urls import Urls
from toolkit.site.xref import CrossReferences

FIXTURES = Path(__file__).parent / "fixtures"


@cache
def manual() -> dict[str, Policy]:
    policies = [publish(policy, "2026-01-01") for policy in
                load_library(FIXTURES / "terms").policies]
    return {policy.id: policy for policy in policies}


@cache
def builder() -> _Builder:
    return _Builder(policies=tuple(manual().values()), urls=Urls(), compare=diff_versions,
                    redline=render_redline)


def render_on(version: Version, text: str, page: str) -> etree._Element:
    """`text` as a clause of `version` shown on `page`, linked as the site links it."""
    definitions = {d.term.lower(): plain_text(d.definition) for d in version.definitions}
    return render_clause_text(text, builder().links(page, version), definitions)


def written(node: etree._Element) -> str:
    """Rendered clause text with each link as `[words](href){class}`, code in backticks."""
    parts = [node.text or ""]
    for child in node:
        if child.tag == "a":
            parts.append(f"[{''.join(child.itertext())}]({child.get('href')}){{{child.get('class', '')}}}")
        elif child.tag == "code":
            parts.append(f"`{child.text}`")
        else:
            parts.append(written(child))
        parts.append(child.tail or "")
    return "".join(parts)


def current_page_of(policy_id: str) -> tuple[Version, str]:
    return manual()[policy_id].current, paths.policy_path(policy_id)


@pytest.mark.parametrize("case", case_params(FIXTURES / "term_links.txt"))
def test_terms_link_as_the_rules_say(case: Case) -> None:
    version, page = current_page_of("2-19")
    shown = render_on(version, case.input, page)
    assert "\n\n".join(written(paragraph) for paragraph in shown) == case.expected


def test_the_fixture_file_has_cases() -> None:
    assert len(case_params(FIXTURES / "term_links.txt")) >= 12


def test_an_old_version_does_not_link_its_own_policys_later_definitions() -> None:
    # 2-19's 2020 text did not define Crisis; the definition in force came later.
    old = next(v for v in manual()["2-19"].versions if v.version == "2020")
    shown = render_on(old, "In a crisis, notify a supervisor.",
                      paths.version_path("2-19", "2020"))
    # Supervisor: 2-55 defines it, so it links there (2-19 itself does not count).
    assert written(shown[0]) == ("In a crisis, notify a [supervisor](../../2-55/#def-supervisor)"
                                 "{pk-term pk-term-shared}.")


def test_a_term_links_from_another_policy_to_the_single_definition_in_force() -> None:
    version, page = current_page_of("2-55")
    shown = render_on(version, "A crisis calls for help.", page)
    assert written(shown[0]) == "A [crisis](../2-19/#def-crisis){pk-term pk-term-shared} calls for help."


def test_term_previews_say_who_defines_it_and_how() -> None:
    version, page = current_page_of("2-19")
    shown = render_on(version, "De-escalation when feasible.", page)
    previews = [link.get(PREVIEW_ATTRIBUTE) for link in shown.iter("a")]
    assert previews == [
        ("De-escalation · defined in SOP 2-55 Use of Force: De-escalation\n"
        "An action to attempt to calm a situation."),
        ("Feasible · defined in 2 policies\n"
        "SOP 2-60: Possible without added risk to the public.\n"
        "SOP 2-52: Reasonably capable of being done under the circumstances."),
    ]


def test_every_term_link_lands_on_an_anchor_of_the_built_pages() -> None:
    from lxml import html

    from toolkit.site.pages import build_pages

    pages = {page.path: html.fragment_fromstring(page.html, create_parent="div")
             for page in build_pages(list(manual().values()), today="2026-01-01")}
    anchors = {Urls().url(path).rstrip("/"): {str(i) for i in root.xpath("//@id")}
               for path, root in pages.items()}
    from toolkit.site.links import resolve

    missing = []
    for path, root in pages.items():
        for link in root.xpath("//a[contains(@class, 'pk-term')]"):
            key, anchor = resolve(Urls().url(path), link.get("href")) or ("", "")
            if anchor not in anchors.get(key, set()):
                missing.append((path, link.get("href")))
    assert missing == []
    assert sum(len(root.xpath("//a[contains(@class, 'pk-term-shared')]"))
               for root in pages.values()) >= 3


def test_the_site_terms_are_the_glossarys() -> None:
    xref = CrossReferences(list(manual().values()), Urls(), _glossary_entries(manual().values()))
    assert xref.terms == ("crisis", "de-escalation", "feasible", "mobile crisis team",
                          "supervisor")


def test_the_terms_pattern_is_compiled_once_for_all_pages_in_force() -> None:
    # Each version has its own related-SOP titles; the terms are the manual's. Compiling the
    # terms into the per-version pattern cost 36 ms a version with 300 terms.
    from toolkit.render.policy_html import _term_pattern, render_version

    _term_pattern.cache_clear()
    for policy in manual().values():
        render_version(policy.current, builder().links(paths.policy_path(policy.id),
                                                       policy.current))
    assert _term_pattern.cache_info().currsize == 1
