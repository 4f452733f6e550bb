"""The redline decoder: find where a deletion and an insertion ran together.

A PDF of a tracked-changes document shows deleted words struck through and
inserted words underlined; text extraction drops both marks, so each change
reads as the deleted words immediately followed by the inserted ones, with or
without a space: `officerssworn personnel`, `Aassess`, `will shall`.

`decode_tokens` walks the words of one paragraph and asks the seam rules
(`seams`) whether a change starts here; for a glued seam, `extents` weighs how
far each side reaches. A proposal below `APPLY` is kept out of the text and
reported as a warning; one below `SURE` is applied and reported too, for a
person to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from toolkit.importer.extents import REACH, Extent, weigh_extent
from toolkit.importer.nouns import ImportChange, ImportWarning, Span, Token
from toolkit.importer.seams import APPLY, SURE, Context, Proposal, propose
from toolkit.importer.vocabulary import DocumentVocabulary

_ABBREVIATION_STOP = re.compile(r"(?:\b[A-Za-z]\.|\b(?:etc|No|Dept|Inc|Jr|Sr|vs|St|approx)\.)$")
"""A full stop that ends an abbreviation (`e.g.`, `U.S.`, `etc.`), not a sentence."""
_SUSPECT_END = re.compile(r"^(and|or|with|to|of)\.$", re.IGNORECASE)
_PLURAL_ACRONYM = re.compile(r"^\([A-Z]{2,}\)s\W*$")


def decode_tokens(
    tokens: Sequence[Token], vocabulary: DocumentVocabulary, apply_at: float = APPLY
) -> tuple[tuple[Span, ...], tuple[ImportWarning, ...]]:
    """Split one paragraph's words into equal spans and changes; list what to confirm.

    Proposals below `apply_at` are kept as written and reported; the importer raises it
    to `SURE` for a document where no change at all is sure (most likely no redline).
    """
    spans: list[Span] = []
    equal: list[str] = []
    warnings: list[ImportWarning] = []
    context = Context(tokens, vocabulary)
    index = 0
    while index < len(tokens):
        proposal = propose(context, index)
        extent = Extent(0, 0, 1.0, "")
        if proposal is not None and proposal.glued:
            # Only the words within reach: copying the whole paragraph at every seam was quadratic.
            rest = index + proposal.consumed
            after = [*proposal.new, *(token.text for token in tokens[rest: rest + REACH])]
            extent = weigh_extent([*equal[-REACH:], *proposal.old], after, proposal, vocabulary)
            if extent.rule == "repeated-phrase":
                proposal = replace(proposal, confidence=max(proposal.confidence, extent.confidence))
        if proposal is None or proposal.confidence < apply_at:
            if proposal is not None and proposal.confidence > 0:
                warnings.append(_unsure(tokens[index].line, proposal, applied=False))
            warnings.extend(_suspect(tokens[index], context.word(index + 1)))
            equal.append(tokens[index].text)
            index += 1
            continue
        taken = tuple(equal[len(equal) - extent.back:]) if extent.back else ()
        rest = index + proposal.consumed
        following = tuple(token.text for token in tokens[rest: rest + extent.forward])
        old, new = (*taken, *proposal.old), (*proposal.new, *following)
        if proposal.glued and _share_closing_punctuation(old, new) != new:
            old = _share_closing_punctuation(old, new)
        del equal[len(equal) - len(taken):]
        if old == new:
            # Both sides read the same words: no change, the phrase is only written twice.
            warnings.append(_doubled(tokens[index].line, old))
            equal.extend(old)
            index += proposal.consumed + extent.forward
            continue
        if equal:
            spans.append(Span(tuple(equal), tuple(equal)))
            equal = []
        rule = f"{proposal.rule}+{extent.rule}" if extent.rule else proposal.rule
        confidence = min(proposal.confidence, extent.confidence)
        change = ImportChange(
            line=tokens[index].line, old=" ".join(old), new=" ".join(new),
            confidence=round(confidence, 2), rule=rule,
        )
        spans.append(Span(old, new, change))
        if change.confidence < SURE:
            warnings.append(_unsure(change.line, proposal, applied=True, change=change))
        index += proposal.consumed + extent.forward
    if equal:
        spans.append(Span(tuple(equal), tuple(equal)))
    return tuple(spans), tuple(warnings)


def _share_closing_punctuation(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    """`officerssworn personnel.`: the full stop after the insertion closes the old text too."""
    closing = new[-1][len(new[-1].rstrip(".,;:")):] if new else ""
    if not closing or not old or old[-1].endswith(closing):
        return old
    return (*old[:-1], old[-1] + closing)


def _unsure(line: int, proposal: Proposal, applied: bool,
            change: ImportChange | None = None) -> ImportWarning:
    old = change.old if change else " ".join(proposal.old)
    new = change.new if change else " ".join(proposal.new)
    confidence = change.confidence if change else proposal.confidence
    if applied:
        message = (f'read as deleted "{old}", inserted "{new}" ({proposal.rule}, '
                   f"confidence {confidence:.2f}); please confirm")
        return ImportWarning(line, "redline-uncertain", message)
    message = (f'may be deleted "{old}", inserted "{new}" ({proposal.rule}, '
               f"confidence {confidence:.2f}); kept as written")
    return ImportWarning(line, "redline-possible", message)


def _doubled(line: int, words: tuple[str, ...]) -> ImportWarning:
    phrase = " ".join(words)
    message = f'"{phrase}" is written twice in a row; read once on both sides, please confirm'
    return ImportWarning(line, "doubled-phrase", message)


def _suspect(token: Token, following: str = "") -> list[ImportWarning]:
    """Text that reads oddly but that no rule can split: `and.`, `(MCT)s`, `others. and/or`."""
    lower_after_stop = (token.text.endswith(".") and following[:1].islower()
                        and not _ABBREVIATION_STOP.search(token.text))
    if _SUSPECT_END.match(token.text) or _PLURAL_ACRONYM.match(token.text) or lower_after_stop:
        message = f'"{token.text}" reads like part of a flattened change; kept as written'
        return [ImportWarning(token.line, "redline-suspect", message)]
    return []
