"""Repeated blocks and moved paragraphs: the same text at two places in the file.

A redline shows a moved paragraph twice (struck where it was, underlined where
it went), and some PDFs carry several copies of a section in different states.
Both copies stay in the output; a warning names both lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from toolkit.importer.nouns import ImportWarning
from toolkit.importer.vocabulary import bare

MIN_WORDS = 6
"""Shorter paragraphs (`Coordinate resources;`) repeat by nature."""
OPENING_WORDS = 8
"""Paragraphs that share this many opening words are reported as near copies."""


def find_repeats(paragraphs: Sequence[tuple[int, str]]) -> tuple[ImportWarning, ...]:
    """Warn at each paragraph whose text (or opening) already appeared at an earlier line."""
    whole: dict[tuple[str, ...], int] = {}
    openings: dict[tuple[str, ...], int] = {}
    warnings: list[ImportWarning] = []
    for line, text in paragraphs:
        words = tuple(word for word in (bare(w) for w in text.split()) if word)
        if len(words) < MIN_WORDS:
            continue
        opening = words[:OPENING_WORDS]
        if words in whole:
            message = (f"same text as the paragraph at line {whole[words]}: "
                       "a moved paragraph or a repeated block; both kept")
            warnings.append(ImportWarning(line, "repeated-block", message))
        elif opening in openings:
            message = (f"starts like the paragraph at line {openings[opening]}: "
                       "perhaps another state of the same text; both kept")
            warnings.append(ImportWarning(line, "similar-block", message))
        whole.setdefault(words, line)
        openings.setdefault(opening, line)
    return tuple(warnings)
