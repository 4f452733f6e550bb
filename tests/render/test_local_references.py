"""A Roman directive's text names its own clauses (`III.B`, `I.E`): those link; a sentence's
`i.e.`, which reads like `I.E` in any case, is no reference (it crashed the build of real
manuals)."""

from __future__ import annotations

from lxml import html

from toolkit.parse import parse_version
from toolkit.render.policy_html import render_version, to_html

DIRECTIVE = """---
id: G05-01
title: Vehicle Pursuits
version: "2024-01-01"
status: draft
numbering: roman
---

## I. PURPOSE

- **A.** sets the policy.
- **E.** names the units.

## II. POLICY

- **A.** Members follow Item I.E of this directive, i.e. the units named there (e.g. the \
district's), and not the units of i.e alone.
"""


def test_a_clause_address_links_and_i_e_in_a_sentence_stays_text() -> None:
    page = html.fragment_fromstring(to_html(render_version(parse_version(DIRECTIVE))),
                                    create_parent="div")
    links = [(a.text, a.get("href")) for a in page.iter("a") if a.get("class") == "pk-ref"]
    assert links == [("I.E", "#G05-01.I.E")]
    assert "i.e. the units named there" in " ".join(page.itertext())
