"""The redline decoder: find where a deletion and an insertion ran together.

A PDF of a tracked-changes document shows deleted words struck through and
inserted words underlined; text extraction drops both marks, so each change
reads as the deleted words immediately followed by the inserted ones, with or
without a space: `officerssworn personnel`, `Aassess`, `will shall`.

The decoder walks the words of one paragraph and asks each rule in turn
whether a change starts here. A rule proposes the two sides and a confidence;
for a glued token it only knows where the deletion ends and the insertion
begins, so `_extent` then weighs how far each side reaches (a repeated phrase,
a fixed expression, a sentence start, the document's own word pairs).
A proposal below `APPLY` is kept out of the text and reported as a warning;
one below `SURE` is applied and reported too, for a person to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from toolkit.importer.nouns import ImportChange, ImportWarning, Span, Token
from toolkit.importer.vocabulary import (
    ARTICLES,
    FUNCTION_WORDS,
    MODALS,
    DocumentVocabulary,
    bare,
    english_rank,
    is_english_word,
)

APPLY = 0.6
"""Proposals at least this sure change the text."""
SURE = 0.8
"""Applied proposals below this are also reported as warnings."""

COMMON_RANK = 40000
"""A split piece must be at least this common in general English."""

_SHORT_PIECES = frozenset({"to", "of", "in", "on", "at", "by", "or", "an", "as", "be", "is", "it",
                           "no", "if", "we", "us", "do", "so", "up"})
_FIXED_EXPRESSIONS = (
    ("in", "order", "to"), ("prior", "to"), ("due", "to"), ("as", "well", "as"),
    ("in", "addition", "to"), ("with", "respect", "to"), ("such", "as"), ("at", "least"),
    ("as", "soon", "as"), ("in", "accordance", "with"),
)
_SUFFIXES = ("ing", "ed", "ly", "tion", "sion", "ment")
_NOT_PLURAL = ("ss", "is", "us")
_LABEL_NOUNS = frozenset({"appendix", "section", "form", "attachment", "exhibit", "schedule",
                          "part", "level", "tier", "class", "zone", "phase", "type", "plan",
                          "grade", "unit", "area", "sector", "team", "squad", "district"})
_COMPOUND_HEADS = frozenset({"on", "in", "out", "up", "over", "under", "off", "back", "down",
                             "policy", "time", "work", "fire", "hand", "body", "self", "cross",
                             "multi", "non", "sub", "pre", "inter", "day", "night", "after",
                             "any", "every", "some", "no", "with", "where", "there", "here"})
"""First halves of compounds that staff write as one word (`onscene`, `timeframe`)."""
_PHRASE_OPENERS = frozenset({"prior", "within", "without", "unless", "until", "before", "after",
                             "during", "including", "except", "consistent", "according",
                             "regarding", "because", "although", "whenever", "whether", "per",
                             "via", "than", "then", "also", "only", "immediately"})
"""Words that start a new phrase: `the facility prior to`, `the individual consistent with`."""
_SUFFIXES_AS_WORDS = frozenset({"able", "ible", "less", "ness", "ment", "ship", "ful", "hood",
                                "ward", "wards", "wise", "like", "age", "ant", "ion", "ions",
                                "ism", "ist", "ize", "ized", "ing", "ers", "est", "ally"})
"""Word endings that are also words: `reportable` is no `report` + `able`."""
_PREFIXES_AS_WORDS = frozenset({"un", "re", "pre", "non", "co", "de", "dis", "mis", "sub",
                                "super", "inter", "counter", "multi", "semi", "anti", "post",
                                "mid", "trans", "over", "under", "out", "up"})
_ABBREVIATIONS = frozenset({"etc", "inc", "jr", "sr", "no", "vs", "dept", "co", "ltd", "st"})

_CASE_PAIR = re.compile(r"^(\W*)([A-Za-z])([A-Za-z])([a-z][a-z’'-]*)(\W*)$")
_CASE_GLUE = re.compile(r"^(\W*)([a-z][a-z’']*[a-z])([A-Z][a-z]+)(\W*)$")
_GLUED = re.compile(r"^(\W*)([A-Za-z][a-z’']{2,}[a-z])(\W*)$")
_PUNCTUATION_GLUE = re.compile(
    r"^(\W*)([A-Za-z][a-z’'-]+[.,;:)]|\(\d+\)[.,;:]?)([A-Z]?[a-z][a-z’'-]*)(\W*)$"
)
_DOUBLE_STOP = re.compile(r"^([^.]*[A-Za-z)])([.;:,])([.;:,])$")
_ABBREVIATION_STOP = re.compile(r"(?:\b[A-Za-z]\.|\b(?:etc|No|Dept|Inc|Jr|Sr|vs|St|approx)\.)$")
"""A full stop that ends an abbreviation (`e.g.`, `U.S.`, `etc.`), not a sentence."""
_SUSPECT_END = re.compile(r"^(and|or|with|to|of)\.$", re.IGNORECASE)
_PLURAL_ACRONYM = re.compile(r"^\([A-Z]{2,}\)s\W*$")
_SENTENCE_END = re.compile(r"[.;:!?]$")
_POSSESSIVE = re.compile(r"[’']s$")
_WEB_ENDINGS = frozenset({"com", "gov", "org", "net", "edu", "us", "html", "pdf"})
_NUMBER = re.compile(r"^\(\d+\)[.,;:]?$")


@dataclass(frozen=True)
class Proposal:
    """A rule's reading of the words at one position."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    consumed: int
    """How many input tokens the proposal covers."""
    confidence: float
    rule: str
    glued: bool = False
    """True when only the meeting point is known and the extents must be weighed."""


@dataclass(frozen=True)
class Context:
    """What a rule may look at: the paragraph's tokens and the document's vocabulary."""

    tokens: Sequence[Token]
    vocabulary: DocumentVocabulary

    def word(self, index: int) -> str:
        return self.tokens[index].text if 0 <= index < len(self.tokens) else ""

    def sentence_start(self, index: int) -> bool:
        return index == 0 or bool(_SENTENCE_END.search(self.word(index - 1)))


Rule = Callable[[Context, int], Proposal | None]


# --- rules, most specific first ---------------------------------------------------------------


def _case_pair(context: Context, index: int) -> Proposal | None:
    """`Aassess`, `sSocial`: one letter struck, the same letter in the other case inserted."""
    match = _CASE_PAIR.match(context.word(index))
    if not match:
        return None
    lead, struck, inserted, rest, tail = match.groups()
    if struck == inserted or struck.lower() != inserted.lower():
        return None
    if is_english_word(struck + inserted + rest) or not _known(struck + rest, context):
        return None
    return Proposal((lead + struck + rest + tail,), (lead + inserted + rest + tail,), 1, 0.9,
                    "case-pair")


def _spaced_case_pair(context: Context, index: int) -> Proposal | None:
    """`D develop`: a struck capital letter, then the word with its new first letter."""
    letter, word = context.word(index), context.word(index + 1)
    if len(letter) != 1 or not letter.isalpha() or len(word) < 3 or word[0] != letter.swapcase():
        return None
    if bare(context.word(index - 1)) in _LABEL_NOUNS or not _known(letter + word[1:], context):
        return None
    confidence = {"a": 0.5 if word[0].lower() in "aeiou" else 0.0, "i": 0.4}.get(
        letter.lower(), 0.85
    )
    return Proposal((letter + word[1:],), (word,), 2, confidence, "case-pair")


def _case_glue(context: Context, index: int) -> Proposal | None:
    """`feasibleIn`: a deleted word glued to an inserted one that starts a sentence."""
    match = _CASE_GLUE.match(context.word(index))
    if not match:
        return None
    lead, left, right, tail = match.groups()
    if is_english_word(left + right) or not (_common(left) and _common(right)):
        return None
    confidence = 0.7 + (0.1 if right.lower() in FUNCTION_WORDS else 0.0)
    return Proposal((lead + left,), (right + tail,), 1, confidence, "case-glue", glued=True)


def _punctuation_glue(context: Context, index: int) -> Proposal | None:
    """`officers,sworn`, `feasible,In`, `(60)ninety`: no space after punctuation means a seam."""
    word = context.word(index)
    match = _PUNCTUATION_GLUE.match(word)
    if not match or "@" in word or match.group(3).lower() in _WEB_ENDINGS:
        return None
    lead, left, right, tail = match.groups()
    doubled = bare(left) == bare(right)  # `practicable,practicable`: only the comma changed
    if not (left.startswith("(") or _known(left.rstrip(".,;:)"), context)):
        return None
    if not (_common(right) or doubled):
        return None
    rule = "case-glue" if right[0].isupper() else "punctuation-glue"
    return Proposal((lead + left,), (right + tail,), 1, 0.75, rule, glued=True)


def _glued_words(context: Context, index: int) -> Proposal | None:
    """`officerssworn`, `toor`: two words run together, no English word as a whole."""
    match = _GLUED.match(context.word(index))
    if not match or not any(c.isalpha() for c in match.group(2)):
        return None
    lead, core, tail = match.groups()
    if is_english_word(_POSSESSIVE.sub("", core)):
        return None
    best = max(_splits(core), key=lambda split: _split_score(split, context), default=None)
    if best is None:
        return None
    left, right = best
    confidence = 0.4 + sum(0.15 for piece in best if context.vocabulary.knows(piece))
    confidence += 0.1 if {left.lower(), right.lower()} & FUNCTION_WORDS else 0.0
    confidence += 0.15 if _same_kind(left.lower(), right.lower()) else 0.0
    confidence += 0.3 if left.lower() == right.lower() else 0.0  # `includeinclude,`
    if left.lower() in _COMPOUND_HEADS:
        confidence = min(confidence, 0.5)
    elif confidence >= APPLY and context.vocabulary.words[core.lower()] > 1:
        confidence += 0.1  # the same substitution made throughout: `officerssworn` x 6
    return Proposal((lead + left,), (right + tail,), 1, min(confidence, 0.9), "glued-words",
                    glued=True)


def _alternatives(context: Context, index: int) -> Proposal | None:
    """`will shall`, `an the`, `Utilizing Using`: two words where only one can stand."""
    first, second = context.word(index), context.word(index + 1)
    if not (first.isalpha() and second and second.rstrip(".,;:").isalpha()):
        return None
    one, two = first.lower(), bare(second)
    if one == two:
        return None
    confidence = _alternative_confidence(context, index, one, two)
    if confidence is None:
        return None
    return Proposal((first,), (second,), 2, confidence, "alternatives")


def _alternative_confidence(context: Context, index: int, one: str, two: str) -> float | None:
    first, second = context.word(index), context.word(index + 1)
    if {one, two} <= ARTICLES or {one, two} <= MODALS:
        return 0.8 if first.islower() or context.sentence_start(index) else None
    if not (_common(one) and _common(two)) or {one, two} & FUNCTION_WORDS:
        return None
    if context.vocabulary.pair(first, second) > 1:
        return None  # the pair recurs: it is how the document speaks
    copied = _copied_without(context, index, index + 1) or _copied_without(context, index + 1, index)
    capitals = first[0].isupper() and second[0].isupper() and context.sentence_start(index)
    if not _same_kind(one, two):
        # Only one of the two reads between the same neighbours elsewhere: worth a look.
        return 0.45 if _one_reads_alone(context, index) else None
    if capitals and one.endswith("ing") and two.endswith("ing"):
        return 0.85 if copied else 0.75
    return 0.7 if copied and first.islower() and second.islower() else None


def _doubled_word(context: Context, index: int) -> Proposal | None:
    """`officers officers,`: a word deleted and inserted again with more after it; flag only."""
    first, second = context.word(index), context.word(index + 1)
    if not first.rstrip(".,;:").isalpha() or bare(first) != bare(second):
        return None
    if bare(first) in FUNCTION_WORDS:
        return None  # `that that`, `had had` are English
    # `investigation. investigation and/or ...`: the old sentence ended, the new runs on.
    runs_on = first[-1:] in ".;:" and second[-1:] not in ".;:"
    return Proposal((first,), (second,), 2 if not runs_on else 1, 0.7 if runs_on else 0.5,
                    "doubled-word", glued=runs_on)


def _double_stop(context: Context, index: int) -> Proposal | None:
    """`force.;`: a struck full stop followed by an inserted semicolon."""
    match = _DOUBLE_STOP.match(context.word(index))
    if not match or match.group(2) == match.group(3) or bare(match.group(1)) in _ABBREVIATIONS:
        return None
    word = match.group(1)
    return Proposal((word + match.group(2),), (word + match.group(3),), 1, 0.7, "punctuation")


RULES: tuple[Rule, ...] = (_case_pair, _spaced_case_pair, _case_glue, _punctuation_glue,
                           _glued_words, _alternatives, _doubled_word, _double_stop)


# --- evidence ---------------------------------------------------------------------------------


def _known(word: str, context: Context) -> bool:
    return is_english_word(word) or context.vocabulary.knows(word)


def _common(piece: str) -> bool:
    rank = english_rank(_POSSESSIVE.sub("", piece))
    if rank is None or rank > COMMON_RANK:
        return False
    return len(piece) >= 3 or piece.lower() in _SHORT_PIECES


def _splits(core: str) -> list[tuple[str, str]]:
    return [
        (core[:cut], core[cut:])
        for cut in range(2, len(core) - 1)
        if _common(core[:cut]) and _common(core[cut:])
        and core[cut:].lower() not in _SUFFIXES_AS_WORDS
        and core[:cut].lower() not in _PREFIXES_AS_WORDS
    ]


def _split_score(split: tuple[str, str], context: Context) -> tuple[int, int]:
    known = sum(context.vocabulary.knows(piece) for piece in split)
    rarity = max(english_rank(piece) or COMMON_RANK for piece in split)
    return known, -rarity


def _same_kind(one: str, two: str) -> bool:
    if any(one.endswith(suffix) and two.endswith(suffix) for suffix in _SUFFIXES):
        return True
    return _plural(one) and _plural(two)


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(_NOT_PLURAL) and len(word) > 3


def _one_reads_alone(context: Context, index: int) -> bool:
    """`will assist help the`: `will assist the` and `will help the` both stand elsewhere."""
    before, after = context.word(index - 1), context.word(index + 2)
    first, second = context.word(index), context.word(index + 1)
    if not (before and after) or not first.islower() or bare(second) in _PHRASE_OPENERS:
        return False
    # Both readings stand elsewhere between the same neighbours; the pair itself never does.
    return (context.vocabulary.triple(before, first, after) > 0
            and context.vocabulary.triple(before, second, after) > 0
            and context.vocabulary.pair(first, second) <= 1 and second[-1:] not in ".,;:")


def _copied_without(context: Context, keep: int, drop: int) -> bool:
    """The sentence appears elsewhere with only one of the two words between the same neighbours."""
    before = context.word(min(keep, drop) - 1)
    after = context.word(max(keep, drop) + 1)
    word = context.word(keep)
    if before and after:
        return context.vocabulary.triple(before, word, after) > 0
    neighbour = after or before
    pair = (word, neighbour) if after else (neighbour, word)
    return bool(neighbour) and context.vocabulary.pair(*pair) > 0


# --- extents of a glued change ----------------------------------------------------------------


@dataclass(frozen=True)
class Extent:
    back: int
    """Words before the glued token that also belong to the deletion."""
    forward: int
    """Words after the glued token that also belong to the insertion."""
    confidence: float
    rule: str


def _extent(before: Sequence[str], after: Sequence[str], proposal: Proposal,
            vocabulary: DocumentVocabulary) -> Extent:
    """How far the deletion reaches back and the insertion forward from the meeting point.

    `before` ends with the deleted piece of the glued token, `after` starts with the
    inserted piece.
    """
    # A phrase rewritten in place repeats its first and last words: `include but ... to` /
    # `include, but ... to:`.
    repeated = _repeated_phrase(before, after)
    if repeated:
        return repeated
    # Numbers are written twice: `sixty (60)` / `ninety (90)`.
    if _NUMBER.match(before[-1]) and len(after) > 1 and _NUMBER.match(after[1].rstrip(".,;:")):
        return Extent(min(1, len(before) - 1), 1, 0.8, "number-pair")
    # A sentence cut short: `room without unnecessary delay.` / `room.`.
    if after[0][-1:] in ".;:" and len(before) > 2:
        for back in range(2, min(8, len(before)) + 1):
            if bare(before[-back]) == bare(after[0]):
                return Extent(back - 1, 0, 0.7, "sentence-shortened")
    # A sentence run on past its old end: `evidence.` / `evidence on the same day.`.
    if before[-1][-1:] in ".;:" and after[0][:1].islower():
        for forward, word in enumerate(after[:15]):
            if word[-1:] in ".;:":
                return Extent(0, forward, 0.7, "sentence-extended")
    # A fixed expression is deleted whole: `in order to` / `or`.
    for expression in _FIXED_EXPRESSIONS:
        if tuple(bare(word) for word in before[-len(expression):]) == expression:
            return Extent(len(expression) - 1, 0, 0.7, "fixed-expression")
    # A new sentence opening replaces an old one up to its comma: `When feasible` / `In ...,`.
    if proposal.rule == "case-glue":
        opening = _sentence_opening(before, after)
        if opening:
            return opening
    return Extent(0, _collocation_reach(before, after, vocabulary), 1.0, "")


def _repeated_phrase(before: Sequence[str], after: Sequence[str]) -> Extent | None:
    last = bare(before[-1])
    for back in range(2, min(8, len(before)) + 1):
        if bare(before[-back]) != bare(after[0]):
            continue
        for forward in range(2, min(back + 4, len(after)) + 1):
            if bare(after[forward - 1]) == last and _alike(before[-back:], after[:forward]):
                return Extent(back - 1, forward - 1, 0.85, "repeated-phrase")
    return None


def _alike(deleted: Sequence[str], inserted: Sequence[str]) -> bool:
    """Two phrases are versions of one another when most of their words agree."""
    old, new = [bare(word) for word in deleted], [bare(word) for word in inserted]
    return SequenceMatcher(None, old, new, autojunk=False).ratio() >= 0.6


def _sentence_opening(before: Sequence[str], after: Sequence[str]) -> Extent | None:
    back = 0
    while back + 1 < len(before) and back < 6 and not _SENTENCE_END.search(before[-back - 2]):
        back += 1
    if back + 1 < len(before) and not _SENTENCE_END.search(before[-back - 2]):
        return None
    for forward, word in enumerate(after[:9]):
        if word.endswith(","):
            return Extent(back, forward, 0.75, "sentence-opening")
    return None


def _collocation_reach(before: Sequence[str], after: Sequence[str],
                       vocabulary: DocumentVocabulary) -> int:
    """`officerssworn personnel`: extend the insertion while it reads as a known phrase."""
    forward = 0
    while forward + 1 < len(after) and forward < 3:
        inserted, following = after[forward], after[forward + 1]
        if inserted != inserted.rstrip(".,;:!?)]") or bare(following) in FUNCTION_WORDS:
            break  # a phrase ends at punctuation or where a function word starts the next one
        together = vocabulary.pair(inserted, following)
        if together < 2 or together < 0.6 * vocabulary.words[bare(inserted)]:
            break  # only a tight pair (`sworn personnel`) carries the insertion on
        if vocabulary.pair(before[-1], following):
            break
        forward += 1
    return forward


# --- the walk ---------------------------------------------------------------------------------


def decode_tokens(
    tokens: Sequence[Token], vocabulary: DocumentVocabulary
) -> tuple[tuple[Span, ...], tuple[ImportWarning, ...]]:
    """Split one paragraph's words into equal spans and changes; list what to confirm."""
    spans: list[Span] = []
    equal: list[str] = []
    warnings: list[ImportWarning] = []
    context = Context(tokens, vocabulary)
    index = 0
    while index < len(tokens):
        proposal = _propose(context, index)
        extent = Extent(0, 0, 1.0, "")
        if proposal is not None and proposal.glued:
            after = [*proposal.new, *(token.text for token in tokens[index + 1:])]
            extent = _extent([*equal, *proposal.old], after, proposal, vocabulary)
            if extent.rule == "repeated-phrase":
                proposal = replace(proposal, confidence=max(proposal.confidence, extent.confidence))
        if proposal is None or proposal.confidence < APPLY:
            if proposal is not None and proposal.confidence > 0:
                warnings.append(_unsure(tokens[index].line, proposal, applied=False))
            warnings.extend(_suspect(tokens[index], context.word(index + 1)))
            equal.append(tokens[index].text)
            index += 1
            continue
        taken = equal[len(equal) - extent.back:] if extent.back else []
        del equal[len(equal) - len(taken):]
        if equal:
            spans.append(Span(tuple(equal), tuple(equal)))
            equal = []
        following = tuple(token.text for token in tokens[index + 1: index + 1 + extent.forward])
        old, new = (*taken, *proposal.old), (*proposal.new, *following)
        if proposal.glued and _share_closing_punctuation(old, new) != new:
            old = _share_closing_punctuation(old, new)
        rule = f"{proposal.rule}+{extent.rule}" if extent.rule else proposal.rule
        confidence = min(proposal.confidence, extent.confidence)
        if old == new:
            confidence, rule = min(confidence, 0.6), f"{rule}+same-words"
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


def _propose(context: Context, index: int) -> Proposal | None:
    for rule in RULES:
        proposal = rule(context, index)
        if proposal is not None:
            return proposal
    return None


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


def _suspect(token: Token, following: str = "") -> list[ImportWarning]:
    """Text that reads oddly but that no rule can split: `and.`, `(MCT)s`, `others. and/or`."""
    lower_after_stop = (token.text.endswith(".") and following[:1].islower()
                        and not _ABBREVIATION_STOP.search(token.text))
    if _SUSPECT_END.match(token.text) or _PLURAL_ACRONYM.match(token.text) or lower_after_stop:
        message = f'"{token.text}" reads like part of a flattened change; kept as written'
        return [ImportWarning(token.line, "redline-suspect", message)]
    return []
