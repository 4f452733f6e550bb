"""Stage 6b: is this text a flattened redline at all? One decision for the whole document.

Clean text has seams that look like a deletion glued to an insertion (`dashcam`,
a lost space, a proper name); a redline has many, and some of them sure (`Aassess`,
`officerssworn personnel`, a doubled label `E.I.`). The decoder's changes are kept
only when the document as a whole reads as a redline: enough sure changes for
its length. `--redline` / `--no-redline` say it outright.
"""

from __future__ import annotations

from collections.abc import Sequence

from toolkit.importer.assembly import Decoded
from toolkit.importer.nouns import ImportWarning, Line
from toolkit.importer.seams import SURE

_LEAST_SURE = 3
"""A redline shows at least this many sure changes ..."""
_SURE_PER_WORDS = 500
"""... and at least one per this many words of text."""
NEVER = 2.0
"""A confidence no proposal reaches: with it, nothing is applied."""


def decide_redline(decoded: Decoded, redline: bool | None, words: int) -> Decoded:
    """The decoding to build the versions from: the decoder's changes, or the text as written.

    `decoded` has read every paragraph already. Told nothing, the text is a redline when
    `reads_as_redline`; when it is not, each change the decoder proposed is a
    `redline-possible` warning instead (never a silent guess). `redline=False` drops them.
    """
    if redline is True or (redline is None and reads_as_redline(decoded, words)):
        return decoded
    plain = Decoded(decoded.vocabulary, apply_at=NEVER, report=False)
    if redline is None:
        plain.warnings.extend(_kept_as_written(decoded))
    return plain


def reads_as_redline(decoded: Decoded, words: int) -> bool:
    """Enough sure changes for the text's length (clean real texts have a few, at most 1 per
    1,000 words; flattened redlines 2.5 and more)."""
    sure = sum(1 for change in decoded.changes if change.confidence >= SURE)
    return sure >= max(_LEAST_SURE, words / _SURE_PER_WORDS)


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


def vocabulary_words(lines: Sequence[Line]) -> list[str]:
    return [word for line in lines for word in line.text.split()]
