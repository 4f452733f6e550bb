"""The Roman scheme of Chicago directives: `## III. Definitions`, address `G03-02.III`."""

from __future__ import annotations

import re

from toolkit.numbering.base import OrderKey, Scheme, first_word

_NUMERAL = re.compile(r"[IVXLCDM]+\.")
_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_WRITTEN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def looks_like(number: str) -> bool:
    return value(number) is not None


def value(number: str) -> int | None:
    """`XIV.` -> 14, for a numeral written canonically with its dot; else None."""
    if not _NUMERAL.fullmatch(number):
        return None
    values = [_VALUES[char] for char in number[:-1]]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if to_roman(total) == number[:-1] else None


def to_roman(number: int) -> str:
    """14 -> `XIV`."""
    out = ""
    for amount, text in _WRITTEN:
        while number >= amount:
            out += text
            number -= amount
    return out


def _order(policy: str, number: str) -> OrderKey | None:
    found = value(number)
    return None if found is None else ((0, found),)


SCHEME = Scheme(
    name="roman",
    read=first_word,
    address=lambda policy, number, title: f"{policy}.{number.removesuffix('.')}",
    fits=lambda policy, number: value(number) is not None,
    order=_order,
    expected=lambda policy: 'a Roman numeral and a dot, such as "III."',
)
