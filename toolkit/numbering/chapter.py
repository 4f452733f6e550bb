"""The chapter scheme: `## Chapter 3 Use of Force`; the number is the two words `Chapter 3`
(or `Chapter 3A`, `Chapter IV`), the address `<policy id>.ch3`."""

from __future__ import annotations

import re

from toolkit.numbering import roman
from toolkit.numbering.base import OrderKey, Scheme, first_word, natural_key

_CHAPTER = re.compile(r"(Chapter[ \t]+([0-9]+[A-Za-z]?|[IVXLC]+))(?:[ \t]+(.*))?", re.DOTALL)


def looks_like(heading: str) -> bool:
    return _CHAPTER.fullmatch(heading) is not None


def _read(heading: str) -> tuple[str, str]:
    found = _CHAPTER.fullmatch(heading)
    if found is None:
        return first_word(heading)
    return f"Chapter {found.group(2)}", (found.group(3) or "").strip(" \t")


def _address(policy: str, number: str, title: str) -> str:
    found = _CHAPTER.fullmatch(number)
    return f"{policy}.ch{found.group(2)}" if found else f"{policy}.{number}"


def _order(policy: str, number: str) -> OrderKey | None:
    found = _CHAPTER.fullmatch(number)
    if found is None:
        return None
    numeral = roman.value(found.group(2) + ".")
    return ((0, numeral),) if numeral is not None else natural_key(found.group(2))


SCHEME = Scheme(
    name="chapter",
    read=_read,
    address=_address,
    fits=lambda policy, number: _CHAPTER.fullmatch(number) is not None,
    order=_order,
    expected=lambda policy: '"Chapter <n>"',
)
