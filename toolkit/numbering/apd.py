"""The APD scheme: `## 2-55-4 De-escalation`; the number is the policy id, a dash and a number."""

from __future__ import annotations

import re

from toolkit.numbering.base import OrderKey, Scheme, first_word

_NUMBER = re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*-[0-9]+")
"""An `<id>-<n>` number, for inferring the scheme: hyphenated, no dot, ending in digits."""


def looks_like(number: str) -> bool:
    return bool(_NUMBER.fullmatch(number))


def _fits(policy: str, number: str) -> bool:
    prefix = f"{policy}-"
    return number.startswith(prefix) and number[len(prefix) :].isdigit()


def _order(policy: str, number: str) -> OrderKey | None:
    return ((0, int(number[len(policy) + 1 :])),) if _fits(policy, number) else None


SCHEME = Scheme(
    name="apd",
    read=first_word,
    address=lambda policy, number, title: number,
    fits=_fits,
    order=_order,
    expected=lambda policy: f'"{policy}-<n>"',
)
