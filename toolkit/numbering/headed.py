"""The headed scheme (New Zealand): `## Fleeing drivers`, nothing numbered.

The whole heading is the title; the address is `<policy id>.<slug of the title>`,
a repeated slug taking `-2`, `-3` in document order (see `toolkit.numbering.slugify`).
"""

from __future__ import annotations

from toolkit.numbering.base import Scheme, slugify


def _address(policy: str, number: str, title: str) -> str:
    return f"{policy}.{slugify(title) or 'section'}"


SCHEME = Scheme(
    name="headed",
    read=lambda heading: ("", heading.strip(" \t")),
    address=_address,
    fits=lambda policy, number: number == "",
    order=lambda policy, number: None,
    expected=lambda policy: "no number",
)
