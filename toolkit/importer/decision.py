"""Stage 6b: is this text a flattened redline at all? One decision for the whole document.

Clean text has seams that look like a deletion glued to an insertion (`dashcam`,
a lost space, a proper name); a redline has many, and some of them sure (`Aassess`,
`officerssworn personnel`, a doubled label `E.I.`). The decoder's changes are kept
only when the document as a whole reads as a redline: enough likely changes for
its length, where a clause that a renumbered label puts on one side (`sides`) counts as one,
and so does each doubled label where two or more show (`E.I.`, `G. Firearms B.`, `III. II.
Policy`; decimal numbers such as `6.1.` are no doubled labels). On the 61 clean real texts
of the corpus the labels put none on one side, and likely seams come at most 1.3 per 1,000
words; realistic redlines show 2.5 and more.

A revision that rewrites whole sentences and paragraphs (NZ Police chapters: headed prose, no
labels) leaves few seams: its deletions and insertions are whole paragraphs printed one after
the other, with spaces. What it does leave is a paragraph split or joined: the words that move
are printed struck where they stood and inserted where they go, so a sentence's end reads
twice in a row (`... are made. continuously applied ... are made.`, the `doubled-phrase`
reading). Each such phrase counts as evidence too: the 60 clean texts of the corpus hold one
in all (a text its PDF extraction doubled).

Evidence made only of readings at `LIKELY` itself (a word printed twice across two list items,
`arrest;` / `arrest of ...`; two words of one kind side by side, `identifies districts`) never
decides: those are flagged, never applied alone, and a short clean text (a Chicago special
order of 1,100 words) can show three. A redline shows a surer seam, a doubled phrase or a
clause a label puts on one side as well: each of the twelve realistic redlines read as one does.
`--redline` / `--no-redline` say it outright.
"""

from __future__ import annotations

from collections.abc import Sequence

from toolkit.importer.assembly import Decoded
from toolkit.importer.nouns import ImportWarning, Line

_LEAST_SURE = 3
"""A redline shows at least this many likely changes ..."""
LIKELY = 0.7
"""A change at least this sure is evidence of a redline (`SURE` ones and applied seams)."""
_SURE_PER_WORDS = 500
"""... and at least one per this many words of text."""
SAMPLE_WORDS = 25_000
"""A longer text is judged on an even sample of its paragraphs of about this many words."""
NEVER = 2.0
"""A confidence no proposal reaches: with it, nothing is applied."""


def decide_redline(decoded: Decoded, redline: bool | None,
                   paragraphs: Sequence[tuple[Line, ...]], one_sided: int = 0) -> Decoded:
    """The decoding to build the versions from: the decoder's, or the text as written.

    Told nothing, the decoder reads the paragraphs (of a long text, an even sample of
    `SAMPLE_WORDS`), and the text is a redline when `reads_as_redline` (with `one_sided`,
    the clauses the labels put on one side, in proportion to the sample); when it is not,
    each change the decoder proposed there is a `redline-possible` warning instead
    (never a silent guess). `redline=False` reads nothing and reports nothing.
    """
    if redline is True:
        return decoded
    if redline is None:
        sample = _sample(paragraphs)
        for lines in sample:
            decoded.decode(lines)
        read = sum(_words(lines) for lines in sample)
        share = read / max(sum(_words(lines) for lines in paragraphs), 1)
        if reads_as_redline(decoded, read, one_sided * share):
            return decoded
    plain = Decoded(decoded.vocabulary, apply_at=NEVER, report=False)
    if redline is None:
        plain.warnings.extend(_kept_as_written(decoded))
    return plain


def reads_as_redline(decoded: Decoded, words: int, one_sided: float = 0) -> bool:
    """Enough likely changes for the text's length (see the module's docstring)."""
    likely = [change.confidence for change in decoded.changes if change.confidence >= LIKELY]
    doubled = sum(1 for warning in decoded.warnings if warning.code == "doubled-phrase")
    if not doubled and not one_sided and all(confidence <= LIKELY for confidence in likely):
        return False  # only readings that are flagged, never applied alone: no redline
    return len(likely) + doubled + one_sided >= max(_LEAST_SURE, words / _SURE_PER_WORDS)


def _kept_as_written(decoded: Decoded) -> list[ImportWarning]:
    proposed = [
        ImportWarning(change.line, "redline-possible",
                      f'may be deleted "{change.old}", inserted "{change.new}" ({change.rule}, '
                      f"confidence {change.confidence:.2f}); kept as written: the document "
                      "does not read as a redline (--redline if it is one)")
        for change in decoded.changes
    ]
    others = [w for w in decoded.warnings if w.code in ("redline-possible", "redline-suspect")]
    return [*proposed, *others]


def _sample(paragraphs: Sequence[tuple[Line, ...]]) -> list[tuple[Line, ...]]:
    """All paragraphs, or every n-th of a long text so that about `SAMPLE_WORDS` are read."""
    total = sum(_words(lines) for lines in paragraphs)
    step = max(1, round(total / SAMPLE_WORDS))
    return list(paragraphs[::step])


def _words(lines: tuple[Line, ...]) -> int:
    return sum(len(line.text.split()) for line in lines)
