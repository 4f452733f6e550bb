"""Numbering schemes: how a section heading names its section, in each way departments number.

    heading text --scheme.read--> (number, title) --scheme.address--> section address
    number --scheme.fits / scheme.order--> what `policykit check` says about it

One module per scheme (`apd`, `dotted`, `roman`, `chapter`, `headed`), each a
`Scheme` value; `infer_scheme` picks one from the first heading when the
front matter names none. The contract is site/authoring.md ("Numbering schemes").
"""

from __future__ import annotations

from collections.abc import Container

from toolkit.numbering import apd, chapter, dotted, headed, roman
from toolkit.numbering.base import (
    NUMBERINGS,
    Numbering,
    OrderKey,
    Scheme,
    first_word,
    natural_key,
    slugify,
)

__all__ = [
    "NUMBERINGS",
    "SCHEMES",
    "Numbering",
    "OrderKey",
    "Scheme",
    "extends",
    "first_word",
    "infer_numbering",
    "natural_key",
    "read_heading",
    "section_address",
    "slugify",
    "unique_address",
    "unnumbered",
]

SCHEMES: dict[Numbering, Scheme] = {
    scheme.name: scheme
    for scheme in (apd.SCHEME, dotted.SCHEME, roman.SCHEME, chapter.SCHEME, headed.SCHEME)
}
"""Every scheme by its front matter name."""

extends = dotted.extends


_NUMERALS_UP_TO = 50
"""A Roman numeral without its dot below this is a mistyped section number (`III`); above it,
a word in capitals (`MIX`, `DIV`)."""


def unnumbered(heading: str) -> bool:
    """`Purpose`, `POLICY`, `Handcuffing Procedure`: a heading with no number at all, which any
    scheme holds as an unnumbered section. A heading that tries to be numbered is not one,
    however it is mistyped: a digit in its first two words (`2-55–1 Purpose`, `Ch 11`), a
    first word ending in a dot (`IIII.`, `Ch.`), a Roman numeral without its dot (`III`) or
    the word `Chapter`."""
    words = heading.split(None, 2)[:2]
    if not words or any(char.isdigit() for word in words for char in word):
        return False
    first = words[0]
    numeral = roman.value(f"{first}.")
    return not (first.endswith(".") or first.lower() == "chapter"
                or numeral is not None and numeral < _NUMERALS_UP_TO)


def unique_address(address: str, taken: Container[str]) -> str:
    """An unnumbered section's address, `-2`, `-3`, ... after it where its slug repeats."""
    count = 2
    found = address
    while found in taken:
        found = f"{address}-{count}"
        count += 1
    return found


def read_heading(scheme: Scheme, heading: str) -> tuple[str, str]:
    """(number, title) of a section heading. Every scheme holds unnumbered sections beside its
    numbered ones (`## Purpose` before `## I. Definitions`): their number is empty."""
    if scheme.name != "headed" and unnumbered(heading):
        return "", heading.strip(" \t")
    return scheme.read(heading)


def section_address(scheme: Scheme, policy: str, number: str, title: str,
                    parent: str | None = None) -> str:
    """A section's address before repeats get `-2`: the scheme's for a numbered section; for
    an unnumbered one the slug of its title after the address of the section it nests in, or
    after the policy id (`G03-02.purpose`, `G03-02.III.handcuffing-procedure`)."""
    if number:
        return scheme.address(policy, number, title)
    return f"{parent or policy}.{slugify(title) or 'section'}"


def infer_numbering(first_heading: str | None) -> Numbering:
    """The scheme a version uses when its front matter names none, from its first heading:
    `Chapter <n>` -> chapter, a Roman numeral with a dot -> roman, a dotted number -> dotted,
    an `<id>-<n>` number -> apd, anything else -> headed. No heading at all -> apd."""
    if first_heading is None:
        return "apd"
    number, _ = first_word(first_heading)
    if chapter.looks_like(first_heading):
        return "chapter"
    if roman.looks_like(number):
        return "roman"
    if dotted.looks_like(number):
        return "dotted"
    if apd.looks_like(number):
        return "apd"
    return "headed"
