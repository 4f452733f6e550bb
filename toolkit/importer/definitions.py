"""Definitions sections: a term on a line of its own (or `Term: text`), then its definition.

PDF text sometimes leaves a stray letter glued to a term (`De-escalatione`);
when the document uses the term without it elsewhere, the letter goes to the
artifacts and a warning says so.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from toolkit.importer.line_reading import ASIDES, fold
from toolkit.importer.nouns import Artifact, ImportWarning, Item, Line
from toolkit.importer.vocabulary import DocumentVocabulary, bare

_INLINE_TERM = re.compile(r"^([A-Z][\w’'()/ -]{1,60}?)\s*(?::|\s[–—-])\s+(\S.*)$")
_TERM_MAX_WORDS = 6
_STRAY_MINIMUM = 3
"""How often the document must use the term without the stray letter."""


@dataclass(frozen=True)
class TermItem:
    """A definition as found: its term and the lines of its text."""

    term: str
    line: int
    lines: tuple[Line, ...]


def is_definitions_title(title: str) -> bool:
    return "definition" in title.lower()


def split_terms(
    items: tuple[Item, ...], vocabulary: DocumentVocabulary
) -> tuple[tuple[Item, ...], tuple[TermItem, ...], tuple[Artifact, ...], tuple[ImportWarning, ...]]:
    """Items that define a term become TermItems; the rest stay (the section's intro text)."""
    kept: list[Item] = []
    terms: list[TermItem] = []
    artifacts: list[Artifact] = []
    warnings: list[ImportWarning] = []
    for item in (piece for whole in _terms_forward(items) for piece in _cut_at_terms(whole)):
        found = _term_of(item)
        if found is None:
            kept.append(item)
            continue
        term, rest = found
        if item.label is not None:
            artifacts.append(Artifact(item.line, f"{item.label}.", "definition-label"))
        term, stray = _strip_stray_letter(term, vocabulary)
        if stray:
            artifacts.append(Artifact(item.line, stray, "stray-text"))
            message = (f'term read as "{term}"; the letter "{stray}" glued to it is not used '
                       "with it elsewhere and was set aside")
            warnings.append(ImportWarning(item.line, "stray-text", message))
        terms.append(TermItem(term, item.line, rest))
    return tuple(kept), tuple(terms), tuple(artifacts), tuple(warnings)


def _terms_forward(items: tuple[Item, ...]) -> list[Item]:
    """A term line that ended a paragraph (`... below.` / `Body-Worn Camera (BWC)`) opens the next."""
    out = list(items)
    for index in range(len(out) - 1):
        item, following = out[index], out[index + 1]
        if (item.label is None and following.label is None and len(item.lines) > 1
                and _reads_as_term(item.lines[-1].text)
                and re.search(r"[.;:]$", item.lines[-2].text)):
            out[index] = replace(item, lines=item.lines[:-1])
            out[index + 1] = replace(following, line=item.lines[-1].number,
                                     lines=(item.lines[-1], *following.lines))
    return out


def _cut_at_terms(item: Item) -> list[Item]:
    """An item that runs on into a term line (`... Definitions.` / `De-escalation`) is cut there."""
    if item.label is not None:
        return [item]
    cuts = [
        index for index in range(1, len(item.lines))
        if re.search(r"[.;:]$", item.lines[index - 1].text)
        and (_INLINE_TERM.match(item.lines[index].text)
             or index < len(item.lines) - 1 and _reads_as_term(item.lines[index].text))
    ]
    bounds = [0, *cuts, len(item.lines)]
    return [
        replace(item, line=item.lines[start].number, lines=item.lines[start:end])
        for start, end in itertools.pairwise(bounds)
    ]


def _reads_as_term(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= _TERM_MAX_WORDS and text[:1].isupper() and not re.search(
        r"[.;,:]$", text
    )


def _term_of(item: Item) -> tuple[str, tuple[Line, ...]] | None:
    if not item.lines or item.label is not None and not _INLINE_TERM.match(item.lines[0].text):
        return None
    first, rest = item.lines[0], item.lines[1:]
    inline = _INLINE_TERM.match(first.text)
    if inline and fold(inline.group(1)) in ASIDES:
        return None  # `NOTE:  Although ...`: a note on the definition above, no term
    if inline and len(inline.group(1).split()) <= _TERM_MAX_WORDS:
        return inline.group(1).strip(), (Line(first.number, inline.group(2)), *rest)
    if rest and _reads_as_term(first.text):
        return first.text, rest
    return None


def _strip_stray_letter(term: str, vocabulary: DocumentVocabulary) -> tuple[str, str]:
    if " " in term or len(term) < 5 or vocabulary.words[bare(term)] > 1:
        return term, ""
    shorter = term[:-1]
    if vocabulary.words[bare(shorter)] >= _STRAY_MINIMUM:
        return shorter, term[-1]
    return term, ""
