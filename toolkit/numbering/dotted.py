"""The dotted scheme of Lexipol-style manuals: `## 300.3 Policy`, nested `### 300.3.1 ...`.

Numbers are digits-first parts joined by dots, and may carry letters and hyphens
as real manuals do (`460.25`, `8.100-POL-1`). A nested section's number extends
its parent's with `.` or `-`.
"""

from __future__ import annotations

import re

from toolkit.numbering.base import OrderKey, Scheme, first_word, natural_key

_NUMBER = re.compile(r"[0-9][0-9A-Za-z]*(?:[.-][0-9A-Za-z]+)*")


def looks_like(number: str) -> bool:
    """A dotted number with at least one dot, for inferring the scheme."""
    return "." in number and bool(_NUMBER.fullmatch(number))


def extends(child: str, parent: str) -> bool:
    """`300.3.1` extends `300.3`; so does `8.100-POL-1` extend `8.100`."""
    return len(child) > len(parent) + 1 and child[: len(parent) + 1] in (f"{parent}.", f"{parent}-")


def _fits(policy: str, number: str) -> bool:
    return bool(_NUMBER.fullmatch(number))


def _order(policy: str, number: str) -> OrderKey | None:
    return natural_key(number) if _fits(policy, number) else None


SCHEME = Scheme(
    name="dotted",
    read=first_word,
    address=lambda policy, number, title: number,
    fits=_fits,
    order=_order,
    expected=lambda policy: 'a dotted number such as "300.3.1"',
    nests=True,
)
