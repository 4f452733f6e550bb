"""Rollups: the same substitution made in many clauses, reported once.

A substitution counts across the forms of a word: "officer", "officers", "an
officer", "the officer's" replaced by "sworn personnel" are one rollup,
`officer(s) -> sworn personnel`. Forms share a key: lower case, without a
leading article, a possessive ending or a plural ending. The rollup also lists
the exceptions: the parts of the new version where a form of the old word is
still there (kept, or written anew).

A substitution is systematic when it was made at least `MIN_REPLACEMENTS`
times in at least `MIN_CHANGES` changes, and the old word is not still written
in more than `MAX_KEPT_PER_REPLACEMENT` parts for every time it was replaced.
`shall` -> `should` made 22 times in a manual that keeps `shall` in 2,000
parts is ordinary rewording, not a replacement throughout: the changes show it
where it was made, and a list of 2,000 exceptions would tell a reviewer
nothing. This also keeps the exceptions, the part of the output that grew
with rollups x parts, within a fixed multiple of the substitutions made.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import islice, pairwise

from toolkit.diff.words import WORD, normalized_words
from toolkit.model import Change, InlineOp, Replacement

MIN_REPLACEMENTS = 3
"""A substitution made this many times ..."""
MIN_CHANGES = 2
"""... in at least this many changes is systematic ..."""
MAX_KEPT_PER_REPLACEMENT = 10
"""... unless the old word is still written in more parts than this for each time it was made."""

ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)
POSSESSIVE = re.compile(r"['’]s?$")
PLURAL_ENDINGS = (("ies", "y"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"),
                  ("s", ""))
"""Plural ending -> singular ending, first match wins; a word ending in `ss` is singular."""

Key = tuple[str, str]
"""(old, new), each lower case without article, possessive or plural ending."""


def find_replacements(
    changes: Iterable[Change], new_texts: Iterable[tuple[str, str]] = ()
) -> tuple[Replacement, ...]:
    """Systematic substitutions (a deletion right before an insertion; see the module
    docstring for the rule), most first.

    `new_texts` are (address, text) of every part of the new version, where the
    exceptions are looked for.
    """
    made: dict[Key, Counter[tuple[str, str]]] = defaultdict(Counter)
    where: Counter[Key] = Counter()
    for change in changes:
        if not change.inline:
            continue  # nothing substituted (most changes: a large diff is mostly unchanged)
        found = [(key_of(old, new), old, new) for old, new in substitutions(change.inline)]
        for key, old, new in found:
            made[key][(old, new)] += 1
        where.update({key for key, _, _ in found})
    texts = [(address, text, text.lower() if text.isascii() else None) for address, text in new_texts]
    index = WordStarts(texts)
    rollups = [
        _rollup(forms, texts, index)
        for key, forms in made.items()
        if forms.total() >= MIN_REPLACEMENTS and where[key] >= MIN_CHANGES
    ]
    systematic = [rollup for rollup in rollups if rollup is not None]
    return tuple(sorted(systematic, key=lambda r: (-r.count, r.old, r.new)))


def key_of(old: str, new: str) -> Key:
    return base_form(old).lower(), base_form(new).lower()


def base_form(phrase: str) -> str:
    """`the officers'` -> `officer`: no leading article, possessive or plural ending."""
    bare = POSSESSIVE.sub("", ARTICLE.sub("", phrase))
    words = bare.split()
    if not words:
        return bare
    return bare[: len(bare) - len(words[-1])] + singular(words[-1])  # the last word's number


def singular(word: str) -> str:
    if len(word) <= 3 or word.lower().endswith("ss"):
        return word
    for plural, ending in PLURAL_ENDINGS:
        if word.lower().endswith(plural):
            return word[: -len(plural)] + ending
    return word


Text = tuple[str, str, str | None]
"""(address, text, the text in lower case when it is ASCII, else None)."""


def _rollup(forms: Counter[tuple[str, str]], texts: list[Text],
            index: WordStarts) -> Replacement | None:
    """One replacement from the exact (old, new) pairs of one key; None when the old word is
    kept in too many parts for it to be systematic."""
    olds: Counter[str] = Counter()
    news: Counter[str] = Counter()
    for (old, new), count in forms.items():
        olds[old] += count
        news[new] += count
    olds, news = _fold_case(olds), _fold_case(news)
    most_kept = MAX_KEPT_PER_REPLACEMENT * forms.total()
    exceptions = tuple(islice(_exceptions(olds, news, texts, index), most_kept + 1))
    if len(exceptions) > most_kept:
        return None  # ordinary rewording (the search stops at the first part too many)
    old_label, new_label = describe_forms(olds), describe_forms(news)
    return Replacement(
        old_label, new_label, forms.total(),
        forms=tuple(form for form, _ in _most_first(olds)), exceptions=exceptions,
    )


def _fold_case(forms: Counter[str]) -> Counter[str]:
    """Forms that differ only in case counted as one, written in lower case where it was seen
    (`An officer` opens a sentence; `an officer` is the form)."""
    folded: Counter[str] = Counter()
    for form, count in forms.items():
        variants = [other for other in forms if other.lower() == form.lower()]
        folded[min(variants, key=lambda variant: (variant[:1].isupper(), variant))] += count
    return folded


def describe_forms(forms: Counter[str]) -> str:
    """`an officer` for one form, `officer(s)` for singular and plural, else the forms by `/`."""
    if len(forms) == 1:
        return next(iter(forms))
    bare: Counter[str] = Counter()
    for form, count in forms.items():
        bare[POSSESSIVE.sub("", ARTICLE.sub("", form))] += count
    ranked = [form for form, _ in _most_first(bare)]
    lowered = sorted({form.lower() for form in ranked}, key=len)
    if len(lowered) == 1:
        return ranked[0]
    single = lowered[0]
    if len(lowered) == 2 and lowered[1] == single + "s":
        return f"{_cased(ranked, single)}(s)"
    return "/".join(dict.fromkeys(ranked))


def _cased(ranked: list[str], lowered: str) -> str:
    return next((form for form in ranked if form.lower() == lowered), lowered)


def _most_first(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


class WordStarts:
    """The texts a rollup looks through, found by how their words start.

    Every rollup looks for its word in every text, and a larger policy has more
    rollups as well as more texts; looking the words up instead, a rollup reads
    only the texts holding a word that starts like its own.
    """

    def __init__(self, texts: list[Text]) -> None:
        self.texts = texts
        self._positions: dict[str, list[int]] = {}
        self._words: list[str] = []
        self._unicode: list[int] = []

    def candidates(self, needles: list[str] | None) -> list[int] | None:
        """Positions, in order, of the texts that hold a word starting with the word
        characters each needle starts with (`_first_words`), with every text that is not
        ASCII; None (every text) when a needle starts with no word character."""
        starts = [WORD.match(needle) for needle in needles] if needles is not None else [None]
        if not all(starts):
            return None
        if not self._words:
            self._index()
        found: set[int] = set(self._unicode)
        for start in {match.group() for match in starts if match}:
            at = bisect_left(self._words, start)
            while at < len(self._words) and self._words[at].startswith(start):
                found.update(self._positions[self._words[at]])
                at += 1
        return sorted(found)

    def holding(self, words: set[str]) -> tuple[list[int], list[int]]:
        """Positions, in order, of the ASCII texts holding one of `words` (in lower case), and
        of the texts that are not ASCII."""
        if not self._words:
            self._index()
        found = set().union(*(self._positions.get(word, ()) for word in words))
        return sorted(found), self._unicode

    def _index(self) -> None:
        positions: dict[str, list[int]] = defaultdict(list)
        for position, (_, text, lowered) in enumerate(self.texts):
            if lowered is None:
                self._unicode.append(position)
                continue
            for word in set(normalized_words(text)):  # the words of `lowered`
                positions[word].append(position)
        self._positions = positions
        self._words = sorted(positions) or [""]


def _exceptions(olds: Counter[str], news: Counter[str], texts: list[Text],
                index: WordStarts | None = None) -> Iterator[str]:
    """Addresses whose new text still holds a form of the old word (outside the new one).

    Mostly the old word is one word that no new form holds: an ASCII text then holds it
    exactly when it holds one of its words (`_whole_words`). Otherwise a match starts where
    a word of the text starts (blanking the new word out leaves spaces only where whole
    words were), so only the texts holding a word that starts like the old word's first
    word are searched (`WordStarts`).

    A word replaced by another form of itself (`shall` -> `Shall`, `officer` -> `officers`)
    is looked for as it was written, case and number included: folded, every form of it
    would be the new word too, and blanked out."""
    index = index or WordStarts(texts)
    if _same_word(olds, news):
        yield from (texts[position][0] for position in _written(olds, news, texts, index))
        return
    words = _whole_words(olds, news)
    if words is not None:  # the ASCII texts by their words alone, the others as below
        ascii_found, others = index.holding(words)
        searched = set(_searched(olds, news, texts, index, others))
        for position in sorted({*ascii_found, *searched}):
            yield texts[position][0]
        return
    yield from (texts[position][0] for position in _searched(olds, news, texts, index, None))


def _same_word(olds: Counter[str], news: Counter[str]) -> bool:
    """True when the old and the new forms are forms of one word (the same key)."""
    return {stem.lower() for stem in _stems(olds)} == {stem.lower() for stem in _stems(news)}


def _written(olds: Counter[str], news: Counter[str], texts: list[Text],
             index: WordStarts) -> Iterator[int]:
    """Positions of the texts holding an old form exactly as written, the new forms (as
    written) blanked out. Such a text holds the old form's stem, so it is a candidate."""
    old_form, new_form = _written_pattern(olds), _written_pattern(news)
    found = index.candidates(_first_words(olds))
    for position in range(len(texts)) if found is None else found:
        if old_form.search(new_form.sub(" ", texts[position][1])):
            yield position


def _written_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    """Any of the forms exactly as written, case included, as whole words."""
    written = sorted((form for form in forms if form.split()), key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, form.split())) for form in written) or "(?!)"
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _searched(olds: Counter[str], news: Counter[str], texts: list[Text], index: WordStarts,
              only: list[int] | None) -> Iterator[int]:
    """Positions of the texts (of `only`, else of all) where the old word is found by regular
    expressions once the new word is blanked out."""
    old_word, new_words = _form_pattern(olds), [_form_pattern(Counter({new: 1})) for new in news]
    found = index.candidates(_first_words(olds)) if only is None else only
    holds = _any_first_word(olds) if found is None else None  # else found by its words
    blanked = index.candidates(_first_words(news))
    may_hold_new = None if blanked is None else set(blanked)
    holds_new = _any_first_word(news) if blanked is None else None
    for position in range(len(texts)) if found is None else found:
        _, text, lowered = texts[position]
        if lowered is not None and holds is not None and holds(lowered) is None:
            continue  # cannot hold the old word: spare the regular expressions
        if (position in may_hold_new if may_hold_new is not None else
                lowered is None or holds_new is None or holds_new(lowered) is not None):
            for pattern in new_words:  # else no new word to blank out
                text = pattern.sub(" ", text)
        if old_word.search(text):
            yield position


def _whole_words(olds: Counter[str], news: Counter[str]) -> set[str] | None:
    """The lower-case words an ASCII text holds exactly when `_searched` finds the old word in
    it; None when that is not so simple.

    So it is when each stem of the old forms is one ASCII word: its `_form_pattern` then
    matches a whole word, in either number (what follows it, a possessive ending, changes
    nothing). And when no word that the new forms' patterns match is one of those words:
    blanking the new word out then never removes an old one, and the spaces left where
    whole words were make no new one.
    """
    stems, new_stems = _stems(olds), _stems(news)
    if not all(stem.isascii() and WORD.fullmatch(stem) for stem in stems) or not all(
        stem.isascii() for stem in new_stems
    ):
        return None
    words: set[str] = set().union(*map(_numbered_words, stems))
    blanked = {"s"}.union(*map(_numbered_words, new_stems))  # s: of a possessive's
    return words if words.isdisjoint(blanked) else None


def _numbered_words(stem: str) -> set[str]:
    """Every lower-case word that `_numbers(stem)` may match (the last one in either number)."""
    endings = ("y", "ies") if stem.endswith("y") else ("", "s", "es")
    body = stem.removesuffix("y")
    return {word for ending in endings for word in WORD.findall((body + ending).lower())}


def _any_first_word(forms: Counter[str]) -> Callable[[str], re.Match[str] | None] | None:
    """`any(needle in lowered)` for the first words of the forms' stems, in one search (a
    rollup looks through every text of the version); None when every text must be tried."""
    needles = _first_words(forms)
    if needles is None or "" in needles:  # the stem `y`: its first word is empty, found anywhere
        return None
    return re.compile("|".join(map(re.escape, needles)) or "(?!)").search


def _first_words(forms: Counter[str]) -> list[str] | None:
    """What any match of `_form_pattern(forms)` starts with, in lower case: the first word of
    each stem (a lone `-y` stem without its `y`). None when a stem is not ASCII, where
    case-insensitive matching is more than `str.lower` (`ſ` matches `s`): every text is tried.

    Blanking the new word (`_exceptions`) only turns characters into spaces, so a text whose
    lower case lacks every first word cannot match before or after it; and a text lacking
    every first word of the new forms has no new word to blank.
    """
    needles = []
    for stem in _stems(forms):
        words = stem.lower().split()
        first = words[0][:-1] if len(words) == 1 and stem.endswith("y") else words[0]
        if not first.isascii():
            return None
        needles.append(first)
    return needles


def _stems(forms: Iterable[str]) -> set[str]:
    """The base forms of the forms, but those that hold no word."""
    return {stem for stem in map(base_form, forms) if stem.split()}


def _form_pattern(forms: Counter[str]) -> re.Pattern[str]:
    """Any form of the word(s): singular or plural, with or without a possessive ending."""
    stems = sorted(_stems(forms), key=len, reverse=True)
    words = "|".join(_numbers(stem) for stem in stems) or "(?!)"
    return re.compile(rf"(?<!\w)(?:{words})(?:['’]s?)?(?!\w)", re.IGNORECASE)


def _numbers(stem: str) -> str:
    """A regex for the stem in the singular or the plural (`polic(?:y|ies)`)."""
    body = r"\s+".join(map(re.escape, stem.split()))
    if stem.endswith("y"):
        return body[:-1] + "(?:y|ies)"
    return body + "(?:s|es)?"


def substitutions(inline: tuple[InlineOp, ...]) -> Iterator[tuple[str, str]]:
    """(deleted, inserted) words of each replacement in a word diff, whitespace trimmed."""
    for first, second in pairwise(inline):
        if first.op == "delete" and second.op == "insert":
            old, new = _without_shared_ends(first.text.strip(), second.text.strip())
            if old and new:
                yield from _repeats(old.split(), new.split())


PIECE = re.compile(r"\w+|[^\w\s]")


def _without_shared_ends(old: str, new: str) -> tuple[str, str]:
    """Drop the word pieces both ends share: `individual's` -> `person's` is
    `individual` -> `person` (words keep their apostrophes in a word diff)."""
    old_pieces, new_pieces = list(PIECE.finditer(old)), list(PIECE.finditer(new))
    start = 0
    while (start < min(len(old_pieces), len(new_pieces)) - 1
           and old_pieces[start].group() == new_pieces[start].group()):
        start += 1
    end = 0
    while (end < min(len(old_pieces), len(new_pieces)) - start - 1
           and old_pieces[-1 - end].group() == new_pieces[-1 - end].group()):
        end += 1
    return _span(old, old_pieces, start, end), _span(new, new_pieces, start, end)


def _span(text: str, pieces: list[re.Match[str]], start: int, end: int) -> str:
    if not pieces:
        return text
    return text[pieces[start].start() : pieces[len(pieces) - 1 - end].end()].strip()


def _repeats(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """`officers officers` -> `sworn personnel sworn personnel` is one substitution made twice."""
    for times in range(len(old), 1, -1):
        if len(old) % times == 0 and len(new) % times == 0:
            old_unit, new_unit = old[: len(old) // times], new[: len(new) // times]
            if old == old_unit * times and new == new_unit * times:
                return [(" ".join(old_unit), " ".join(new_unit))] * times
    return [(" ".join(old), " ".join(new))]
