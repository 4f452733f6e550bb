"""The policy page marks changed clauses quietly: a bar in the margin, editorial changes
(capitals, punctuation) left to the redline."""

from __future__ import annotations

from lxml import html

from tests.site.conftest import ROOT
from toolkit.diff import diff_versions
from toolkit.library import load_library
from toolkit.site import build_pages
from toolkit.site.timeline import publish


def test_editorial_changes_are_not_flagged_on_the_policy_page() -> None:
    library = load_library(ROOT / "policies")
    # The page marks what changed since the state before it (the text as SO 21-58 amended it).
    policy = publish(library.policy("2-55"))
    previous = policy.versions[policy.versions.index(policy.current) - 1]
    changes = diff_versions(previous, policy.current).changes
    editorial = {change.new[0] for change in changes if change.editorial and change.new}
    flagged = {change.new[0] for change in changes
               if change.op != "unchanged" and not change.editorial and change.new}
    assert editorial and flagged
    pages = {page.path: page for page in build_pages(library.policies)}
    tree = html.fragment_fromstring(pages["policies/2-55/index.md"].html)
    marked = {str(link.get("href")).rsplit("#change-", 1)[1]
              for link in tree.find_class("pk-changed")}
    assert marked and marked <= flagged
    assert not marked & editorial
    # The mark's words are for screen readers and print; on screen it is a margin bar.
    mark = tree.find_class("pk-changed")[0]
    assert mark.text_content().endswith(": see the redline")
    assert mark.find("span").get("class") == "pk-visually-hidden"
