"""Seams: where a deletion and an insertion meet, and what each side reads.

Each rule looks at the words from one position of a paragraph and may propose
the two sides of a change with a confidence: a case pair (`Aassess`), a
sentence opening glued on (`feasibleIn`), a seam after punctuation
(`officers,sworn`), two words run together (`officerssworn`, `toor`), two
alternatives side by side (`will shall`, `an the`), a doubled word, a doubled
stop (`force.;`). The evidence is the word's shape, a general English word
list, and the document's own vocabulary (the same words elsewhere, unglued).
For a glued token a rule only knows the meeting point; `extents` weighs how
far each side reaches.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from toolkit.importer.nouns import Token
from toolkit.importer.vocabulary import (
    ARTICLES,
    FUNCTION_WORDS,
    MODALS,
    DocumentVocabulary,
    bare,
    english_rank,
    is_english_word,
    parallel_tail,
)

APPLY = 0.6
"""Proposals at least this sure change the text."""
SURE = 0.8
"""Applied proposals below this are also reported as warnings."""

COMMON_RANK = 40000
"""A split piece must be at least this common in general English."""

_SHORT_PIECES = frozenset({"to", "of", "in", "on", "at", "by", "or", "an", "as", "be", "is", "it",
                           "no", "if", "we", "us", "do", "so", "up"})
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
_PARTICLES = frozenset({"up", "down", "out", "off", "along", "over", "back", "away", "through",
                        "in", "on", "about", "around"})
"""`takedown`, `callout`, `showup`: a verb and its particle make a noun, not a redline."""
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "your", "my",
                          "this", "that", "whose"})
"""Words before a noun: in `the will`, `a can` the second word is a noun, not a modal."""
_ABBREVIATIONS = frozenset({"etc", "inc", "jr", "sr", "no", "vs", "dept", "co", "ltd", "st"})

_CASE_PAIR = re.compile(r"^(\W*)([A-Za-z])([A-Za-z])([a-z][a-z’'-]*)(\W*)$")
_CASE_GLUE = re.compile(r"^(\W*)([a-z][a-z’']*[a-z])([A-Z][a-z]+)(\W*)$")
_GLUED = re.compile(r"^(\W*)([A-Za-z][a-z’']{2,}[a-z])(\W*)$")
_PUNCTUATION_GLUE = re.compile(
    r"^(\W*)([A-Za-z][a-z’'-]+[.,;:)]|\(\d+\)[.,;:]?)([A-Z]?[a-z][a-z’'-]*)(\W*)$"
)
_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                     "september", "october", "november", "december", "jan", "feb", "mar", "apr",
                     "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})
_YEAR = re.compile(r"^(19|20)\d\d$")
_NUMERIC_DATE = re.compile(r"^\d{1,2}(/\d{1,2}/(\d\d|\d{4})|-\d{1,2}-\d{4})$")
"""`2/29/2020`, `10/16/17`, `10-16-2017`; not `1-2-10`, an APD section."""
_DOUBLE_STOP = re.compile(r"^([^.]*[A-Za-z)])([.;:,])([.;:,])$")
SENTENCE_END = re.compile(r"[.;:!?]$")
_POSSESSIVE = re.compile(r"[’']s$")
_CLOSERS = "\"”’')]"
"""Closing quotes and brackets after a sentence's stop: `Policing."`, `air).`."""
RUN_ON_REACH = 60
"""A sentence run on past a struck stop is read to its new end within this many words."""
RESTATED_REACH = 3
"""Words between a clause's last word and its copy at the paragraph's end (`fleeing; and
fleeing,`)."""
DOUBLED_PHRASE_WORDS = 3
"""A phrase read twice in a row is at least this long (`the the`, `that that` are words)."""
_WEB_ENDINGS = frozenset({"com", "gov", "org", "net", "edu", "us", "html", "pdf"})


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
        return self._words[index] if 0 <= index < len(self._words) else ""

    @cached_property
    def _words(self) -> tuple[str, ...]:
        return tuple(token.text for token in self.tokens)

    def sentence_start(self, index: int) -> bool:
        return index == 0 or bool(SENTENCE_END.search(self.word(index - 1)))

    @cached_property
    def restarts(self) -> dict[str, tuple[int, ...]]:
        """Where each word (bare, lower case) runs on in lower case after a sentence's end."""
        found: dict[str, list[int]] = {}
        for index, (before, word) in enumerate(itertools.pairwise(self._words), start=1):
            if word[:1].islower() and _ends_sentence(before):
                found.setdefault(bare(word).lower(), []).append(index)
        return {word: tuple(places) for word, places in found.items()}

    def line_break_before(self, index: int) -> bool:
        """The word starts an input line that was joined to the line before it."""
        return 0 < index < len(self.tokens) and self.tokens[index].line != self.tokens[index - 1].line


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
    if _compound_like(left.lower(), right.lower()) or context.vocabulary.words[
        f"{left}-{right}".lower()
    ]:  # `recordkeeping` beside `record-keeping`: the writer's compound, not a seam
        confidence = min(confidence, 0.5)
    elif confidence >= APPLY and context.vocabulary.words[core.lower()] > 1:
        confidence += 0.1  # the same substitution made throughout: `officerssworn` x 6
    return Proposal((lead + left,), (right + tail,), 1, min(confidence, 0.9), "glued-words",
                    glued=True)


def _repeated_swap(context: Context, index: int) -> Proposal | None:
    """`the subject person is`, `the subject’s person’s` beside `subject. person.`: a word
    replaced throughout, once in a form English never writes (two one-word sentences), vouches
    for the same two words side by side, with the same ending, elsewhere."""
    first, second = context.word(index), context.word(index + 1)
    if not second or parallel_tail(first, second) is None:
        return None
    sure, sites = context.vocabulary.swapped(first, second)
    if not sure or sites <= sure:
        return None  # `duty. check.` twice, and never otherwise: cells of a table
    return Proposal((first,), (second,), 2, 0.85, "repeated-swap")


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
        return _closed_class_confidence(context, index)
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


def _closed_class_confidence(context: Context, index: int) -> float | None:
    """`an the`, `will shall`: two articles or two modals never stand side by side in a sentence.

    Across a line break they may: a joined line can come from another paragraph, a column or
    a page (`may request a` / `the torso`), and articles are too common for the document's
    other sentences to tell. There the change is never sure: it is applied only in a document
    that holds sure seams, and flagged.
    """
    first = context.word(index)
    if not (first.islower() or context.sentence_start(index)):
        return None  # `May will`: a name or a month, not a modal
    if bare(context.word(index - 1)) in _DETERMINERS:
        return None  # `the will shall`: a noun, then its modal
    return 0.7 if context.line_break_before(index + 1) else 0.8


def _doubled_word(context: Context, index: int) -> Proposal | None:
    """`officers officers,`: a word deleted and inserted again with more after it; flag only."""
    first, second = context.word(index), context.word(index + 1)
    if not first.rstrip(".,;:" + _CLOSERS).isalpha() or bare(first) != bare(second):
        return None
    if bare(first) in FUNCTION_WORDS:
        return None  # `that that`, `had had` are English
    if _case_changed(first, second):
        # `Assess assess the situation`: the same word struck and inserted in another case.
        return Proposal((first,), (second,), 2, 0.85, "case-pair")
    if _opens_next_sentence(first, second):
        return None  # `Definition of Force. Force is defined as`: a heading, then its sentence
    # `investigation. investigation and/or ...`: the old sentence ended, the new runs on;
    # `response. response; and`: the old list ended there, the new one goes on.
    runs_on = _ends_sentence(first) and not _ends_sentence(second) or (
        first.rstrip(_CLOSERS).endswith(".") and second.rstrip(_CLOSERS)[-1:] in (";", ","))
    rest = _rest_of_sentence(context, index + 2) if runs_on else None
    if rest is not None:
        # `Policing." Policing," including bias ... status.`: the inserted words run on to the
        # new sentence's end, however long (the old one ended at the struck stop).
        return Proposal((first,), (second, *rest), 2 + len(rest), 0.7, "doubled-word")
    return Proposal((first,), (second,), 2, 0.7 if runs_on else 0.5, "doubled-word",
                    glued=runs_on)


def _case_changed(first: str, second: str) -> bool:
    """`Assess assess`, `police Police`: one word twice, only its first letter's case changed;
    English never writes a word twice so."""
    return (first.isalpha() and second.isalpha() and len(first) > 1
            and first[0] != second[0] and first[1:] == second[1:])


def _opens_next_sentence(first: str, second: str) -> bool:
    """`Force. Force is`: a capital after a bare full stop, with nothing after it, opens a new
    sentence; a run-on keeps the word as it was written (`Policing." Policing,`, `response.
    response;`), with the old sentence's closing marks or in lower case."""
    return (first.endswith(".") and first[-2:-1].isalpha() and second.isalpha()
            and second[0].isupper() and first[0].isupper()
            and bare(first).lower() not in _ABBREVIATIONS)


def _ends_sentence(word: str) -> bool:
    return word.rstrip(_CLOSERS)[-1:] in (".", ";", ":")


def _rest_of_sentence(context: Context, start: int) -> tuple[str, ...] | None:
    """The words from `start` to the end of their sentence (or of the paragraph, which ends a
    list item mid-sentence: `response; and`), if it ends within `RUN_ON_REACH`."""
    last = min(len(context.tokens), start + RUN_ON_REACH)
    for end in range(start, last):
        if _ends_sentence(context.word(end)):
            return tuple(context.word(i) for i in range(start, end + 1))
    return tuple(context.word(i) for i in range(start, last)) if last == len(context.tokens) \
        else None


def _restated_end(context: Context, index: int) -> Proposal | None:
    """`resisting is fleeing; and fleeing,` / `use of a force option. force.`: a clause's
    last word printed again as the paragraph's last word with other punctuation. The old
    clause ended at its first copy's words (`fleeing; and`), the new one ends at the second
    (`fleeing,`): English does not repeat a word so at a paragraph's end, on one line."""
    first = context.word(index)
    if not first.rstrip(".,;:" + _CLOSERS)[:1].isalpha() or bare(first) in FUNCTION_WORDS:
        return None
    for between in range(1, RESTATED_REACH + 1):
        last = index + between + 1
        if last != len(context.tokens) - 1:
            continue
        if context.tokens[last].line != context.tokens[index].line:
            return None  # two items' ends that a page's columns set apart
        second = context.word(last)
        middle = tuple(context.word(i) for i in range(index + 1, last))
        old_end = middle[-1]
        if bare(second) != bare(first) or second == first or second[-1:] not in ".,;:" \
                or not (old_end[-1:] in ".,;:" or bare(old_end) in ("and", "or")):
            return None
        return Proposal((first, *middle), (second,), between + 2, 0.8, "restated-end")
    return None


def _doubled_phrase(context: Context, index: int) -> Proposal | None:
    """`... decisions are made. continuously applied for ... are made.`: a paragraph split or
    joined in the revision prints its words struck where they stood and inserted where they
    go, so a sentence's end reads twice in a row, the second copy running on in lower case
    (a capital opens a new sentence: `Deadly force. Deadly force is`). Both copies open on
    the same word as written: `Bring ... force. bring ... force.` is a sentence and a list
    item of the same words, not one passage printed twice.
    Each side holds the words once (`decode_tokens` reads identical copies once)."""
    if not context.restarts:
        return None
    for again in context.restarts.get(bare(context.word(index)).lower(), ()):
        if index + DOUBLED_PHRASE_WORDS <= again <= index + RUN_ON_REACH \
                and context.word(index) == context.word(again) \
                and _after_full_stop(context.word(again - 1)) and _repeats(context, index, again):
            size = again - index
            old = tuple(context.word(i) for i in range(index, again))
            new = tuple(context.word(i) for i in range(again, again + size))
            return Proposal(old, new, 2 * size, 0.7, "doubled-phrase")
    return None


def _after_full_stop(word: str) -> bool:
    """Lower case after a full stop runs on where no sentence may; after `;` or `:` it is how
    a list goes on (`... their options; assess the situation ...` is clean text)."""
    return word.rstrip(_CLOSERS)[-1:] == "."


def _repeats(context: Context, start: int, again: int) -> bool:
    """The words from `again` on repeat those from `start` up to `again`, word for word, to
    the same sentence end."""
    size = again - start
    return again + size <= len(context.tokens) and _ends_sentence(
        context.word(again + size - 1)) and all(
        bare(context.word(start + i)).lower() == bare(context.word(again + i)).lower()
        for i in range(size))


def _double_stop(context: Context, index: int) -> Proposal | None:
    """`force.;`: a struck full stop followed by an inserted semicolon."""
    match = _DOUBLE_STOP.match(context.word(index))
    if not match or match.group(2) == match.group(3) or bare(match.group(1)) in _ABBREVIATIONS:
        return None
    word = match.group(1)
    return Proposal((word + match.group(2),), (word + match.group(3),), 1, 0.7, "punctuation")


def _two_dates(context: Context, index: int) -> Proposal | None:
    """`28 February 31 December 2020`, `29 February 2020 15 April 2021`, `10/16/2017
    2/29/2020`: a date struck and its replacement inserted. No sentence sets two dates side
    by side; a table might, so the reading is applied in a redline but is no evidence of one.
    A first date without a year shares the second's (`28 February` / `31 December 2020`)."""
    first = _date_at(context, index)
    if first is None:
        return None
    size, kind, year = first
    second = _date_at(context, index + size)
    if second is None or second[1] != kind or (year is None and second[2] is None):
        return None
    old = tuple(context.word(index + i) for i in range(size))
    new = tuple(context.word(index + size + i) for i in range(second[0]))
    if [bare(word) for word in old] == [bare(word) for word in new]:
        return None
    if year is None:
        old = (*old, new[-1])
    return Proposal(old, new, size + second[0], 0.65, "dates")


def _date_at(context: Context, index: int) -> tuple[int, str, str | None] | None:
    """The date starting at this word: its length in words, its form, and its year if any."""
    word, after = bare(context.word(index)), bare(context.word(index + 1))
    if _NUMERIC_DATE.match(word):
        return 1, "numeric", word
    if word.isdigit() and len(word) <= 2 and _month(context.word(index + 1)):
        year = bare(context.word(index + 2))
        return (3, "day-month", year) if _YEAR.match(year) else (2, "day-month", None)
    if _month(context.word(index)) and after.isdigit() and len(after) <= 2:
        year = bare(context.word(index + 2))
        return (3, "month-day", year) if _YEAR.match(year) else (2, "month-day", None)
    return None


def _month(word: str) -> bool:
    """A month's name, capitalised (`may` is a modal)."""
    return word[:1].isupper() and bare(word) in _MONTHS


RULES: tuple[Rule, ...] = (_case_pair, _spaced_case_pair, _case_glue, _punctuation_glue,
                           _glued_words, _two_dates, _repeated_swap, _alternatives, _doubled_word,
                           _restated_end, _doubled_phrase, _double_stop)


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


def _compound_like(left: str, right: str) -> bool:
    """`timeframe`, `takedown`, `dashcam`: how staff write compounds the word list lacks."""
    if left in _COMPOUND_HEADS or right in _PARTICLES:
        return True
    if right.endswith("ing") and not left.endswith("ing") and left not in FUNCTION_WORDS:
        return True  # a noun and its gerund: `decisionmaking`, `recordkeeping`
    short = len(left) <= 5 and len(right) <= 5
    return short and not {left, right} & FUNCTION_WORDS


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


def propose(context: Context, index: int) -> Proposal | None:
    """The first rule's proposal for a change starting at this word, if any."""
    for rule in RULES:
        proposal = rule(context, index)
        if proposal is not None:
            return proposal
    return None
