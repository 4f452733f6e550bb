"""What a printed page carries that the screen does not: which version it is, its dates,
where the controlled copy lives, when it was printed, and (on a redline) how to read it.

The blocks are hidden on screen (policykit.css) and left out of search; policykit.js fills
in the print date and the full permanent URL, which only the browser knows.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from toolkit.render.policy_html import element

UNCONTROLLED = ("Uncontrolled when printed: the version in force is the one at the "
                "permanent URL.")


def print_header(title: str, facts: Sequence[tuple[str, str]], permanent: str) -> etree._Element:
    """The block that opens a printed page: title, facts (`Version`, `Effective`, ...), the
    permanent URL (`permanent`, relative to the page) and the print date."""
    listing = element("p", {"class": "pk-print-facts"})
    for index, (name, value) in enumerate(facts):
        listing.append(element("span", None, f"{' · ' if index else ''}{name}: {value}"))
    return element(
        "div", {"class": "pk-print-only pk-print-header", "data-search-exclude": ""},
        element("p", {"class": "pk-print-title"}, title),
        listing,
        element("p", None, "Permanent URL: ",
                element("a", {"class": "pk-permanent", "href": permanent}, permanent),
                " · Printed ", element("span", {"class": "pk-print-date"}, "(date not known)")),
        element("p", {"class": "pk-uncontrolled"}, UNCONTROLLED),
    )


def redline_legend() -> etree._Element:
    """How to read a printed redline, where colour may be lost."""
    items = (("ins", "Underlined (double) text was added."),
             ("del", "Struck-through text was removed."),
             (None, ("Each change is headed by what happened to the clause (added, removed, "
                     "modified, moved, renumbered) and by its address.")))
    listing = element("ul", {"class": "pk-legend-items"})
    for tag, text in items:
        sample = element(tag, None, "sample") if tag else None
        listing.append(element("li", None, sample, " " if sample is not None else None, text))
    return element("div", {"class": "pk-print-only pk-redline-legend", "data-search-exclude": ""},
                   element("p", {"class": "pk-print-title"}, "How to read this redline"), listing)
