"""A policy kept elsewhere (`policies/.external.yml`) is linked where its entry is a web address."""

from __future__ import annotations

from lxml import html

from tests.site.conftest import ROOT
from toolkit.library import load_library
from toolkit.site import build_pages

EXTERNAL = {"2-19": "https://manual.example.org/sop/2-19", "2-52": "the training binder"}


def _references(external: dict[str, str]) -> dict[str, tuple[str, str | None]]:
    """Each reference on 2-55's page: its text -> (its class, its link)."""
    pages = {page.path: page for page in build_pages(load_library(ROOT / "policies").policies,
                                                     external=external)}
    tree = html.fragment_fromstring(pages["policies/2-55/index.md"].html, create_parent="div")
    return {node.text_content(): (str(node.get("class")), node.get("href"))
            for node in tree.find_class("pk-ref")}


def test_a_reference_to_a_policy_kept_at_a_web_address_links_there() -> None:
    found = [(cls, href) for text, (cls, href) in _references(EXTERNAL).items()
             if text.startswith("2-19")]
    assert found and all(href == EXTERNAL["2-19"] and cls == "pk-ref" for cls, href in found)


def test_a_policy_kept_somewhere_that_is_no_web_address_stays_marked_missing() -> None:
    found = [cls for text, (cls, _) in _references(EXTERNAL).items() if text.startswith("2-52")]
    assert found and all("pk-ref-missing" in cls for cls in found)


def test_without_the_file_references_to_other_policies_are_marked_missing() -> None:
    found = [cls for text, (cls, _) in _references({}).items() if text.startswith("2-19")]
    assert found and all("pk-ref-missing" in cls for cls in found)
