"""The interface every numbering scheme fills in, and what the schemes share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from toolkit.model import NUMBERINGS, Numbering

__all__ = ["NUMBERINGS", "Numbering"]

OrderKey = tuple[tuple[int, int | str], ...]
"""A number's place in document order: comparable between numbers of one scheme."""


@dataclass(frozen=True)
class Scheme:
    """What one numbering scheme says about section headings."""

    name: Numbering
    read: Callable[[str], tuple[str, str]]
    """Heading text (attributes removed) -> (number as written, title); number "" when none."""
    address: Callable[[str, str, str], str]
    """(policy id, number, title) -> the section's address (before repeats get `-2`)."""
    fits: Callable[[str, str], bool]
    """(policy id, number) -> whether the number is written the way this scheme writes them."""
    order: Callable[[str, str], OrderKey | None]
    """(policy id, number) -> its order key, or None when sections may come in any order."""
    expected: Callable[[str], str]
    """(policy id) -> how a number should look, ending `section number "x" should be ...`."""
    nests: bool = False
    """True when deeper headings (`###`) hold sections nested in the one above."""


def first_word(heading: str) -> tuple[str, str]:
    """`2-55-4 De-escalation` -> (`2-55-4`, `De-escalation`): the number is the first word."""
    number, _, title = heading.partition(" ")
    return number, title.strip(" \t")


def natural_key(number: str) -> OrderKey:
    """`8.100-POL-10` -> ((0, 8), (0, 100), (1, 'pol'), (0, 10)): digits compare as numbers."""
    parts = re.findall(r"\d+|[A-Za-z]+", number)
    return tuple((0, int(part)) if part.isdigit() else (1, part.lower()) for part in parts)


def slugify(title: str) -> str:
    """`Use of Force – Policy` -> `use-of-force-policy`: lowercase ASCII letters and digits
    joined by `-`; a letter with a diacritic counts as its base letter (`Whāinga` -> `whainga`)."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
