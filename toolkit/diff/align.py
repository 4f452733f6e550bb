"""Alignment: which nodes of the old version are which nodes of the new one.

Passes run from the most to the least certain, and each pairing records the
pass that made it (`matched_by`) as evidence:

1. `id`       explicit ids pinned by staff;
2. `exact`    identical text: first anywhere in the document for clauses long
              enough to be distinctive and unique on both sides, then among
              the children of every aligned pair;
3. `label`    sections with the same heading whose clauses, already paired,
              mostly went to each other (the evidence of a renumbered section, found without
              scoring it against its thousands of siblings); then the
              same label under aligned parents, with similar text (or
              children that went with it);
4. `similar`  similar text among the children of aligned parents (a clause
              renumbered by a cascade and edited too), then split and merge
              (one clause's text spread over several consecutive siblings);
5. `position` the only unpaired node on each side between the same aligned
              neighbours, if the texts still share a fair part of their words;
6. `exact`    the same text one level up or down beside its old place (a
              promotion or demotion), then `similar`: very similar text
              anywhere else (a move), only when the pair is each other's
              clear best match and shares the text's rare words; then a clause whose children mostly went
              under one new clause, if their texts are related (a moved
              and reworded parent).

Sections pair on the words of their whole subtree, never on a heading alone.
A clause pairing (passes 2b-5) is refused when the clause's aligned children
mostly went somewhere else: a label or a stock sentence reused by a new
clause does not make it the old one.

Steps 2-5 run top-down: the children of a pair are aligned once the pair is.
A move needs high similarity and a unique best match, because a wrong
"moved" costs a reviewer more than a missed one.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain

from toolkit.diff.items import Item, Side, subtree_dice
from toolkit.diff.words import (
    containment,
    normalized_words,
    similarity,
    weighted_dice,
    word_dice,
)
from toolkit.model import MatchedBy

MOVE_MIN_WORDS = 5
"""Texts shorter than this are too common to be paired across the document."""
MOVE_MIN_SCORE = 0.85
"""A move needs at least this similarity, plain and weighted by word rarity ..."""
MOVE_MIN_SCORE_LONG = 0.8
"""... or this much for a text of `MOVE_LONG_WORDS` words or more ..."""
MOVE_LONG_WORDS = 12
MOVE_MARGIN = 0.1
"""... and must beat the second-best candidate on both sides by this much."""
MOVE_SHARED_LIMIT = 5
"""A move candidate shares a word that at most this many unpaired clauses use."""
LABEL_MIN_SCORE = 0.5
"""Same label under aligned parents: enough similarity to call it the same clause."""
LABEL_SURE_SCORE = 0.9
"""A same-label pair this similar is taken without looking for rivals."""
LABEL_RIVAL_MARGIN = 0.1
"""A same-label pair gives way when another sibling matches one of them this much better."""
SECTION_RIVAL_MARGIN = 0.5
"""... or, for sections with similar headings, this much better."""
SIBLING_MIN_SCORE = 0.6
"""Different label under aligned parents (a renumbering): enough similarity."""
POSITION_MIN_SCORE = 0.3
"""The only candidates between the same neighbours: enough similarity."""
VOTE_MIN_SCORE = 0.2
"""Different labels whose descendants mostly went to each other: enough similarity.
(Under the same label or between the same neighbours, agreeing descendants suffice.)"""
SHARED_LIMIT = 50
"""A word used by more new siblings than this makes no candidate pair alone (it was a tenth
of them, at least 50: the same up to 509 siblings, quadratic beyond)."""
SECTION_MIN_VOTES = 2
"""Paired clauses that must point a section to its counterpart before it pairs on them alone."""
SPLIT_MIN_SCORE = 0.8
"""One text against the concatenation of the pieces it was split into (or merged from)."""
SPLIT_PART_CONTAINMENT = 0.8
"""Share of a piece's words found in the text it was split from."""
SPLIT_PART_MIN_WORDS = 3
SPLIT_MARGIN = 0.02
"""The pieces together must match better than the whole's partner alone, by this much."""


@dataclass(frozen=True)
class Group:
    """Old items that became new items together: a pair, a split (1 to n) or a merge (n to 1)."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    matched_by: MatchedBy
    score: float


ROOT = Group((), (), "exact", 1.0)
"""The two versions themselves, whose children are the sections."""

Visited = set[tuple[tuple[int, ...], tuple[int, ...]]]
"""(old, new) of the groups whose children the top-down passes have aligned."""


ScorePair = Callable[[Item, Item], float]
"""The word similarity of an old and a new item (`Alignment.similarity`)."""


@dataclass
class Alignment:
    """The working state of the passes: groups found so far, looked up from either side."""

    old: Side
    new: Side
    by_old: dict[int, Group] = field(default_factory=dict)
    by_new: dict[int, Group] = field(default_factory=dict)
    _rarity: dict[str, float] = field(default_factory=dict)
    _rarest: float | None = None
    scores: dict[tuple[int, int], float] = field(default_factory=dict)
    """Word similarity of (old index, new index) pairs scored so far: the sibling passes score
    many of the same pairs again, and a section pair compares whole subtrees."""
    added: list[Group] = field(default_factory=list)
    """Every group added, in order (some since dropped): what a later round may have to visit."""
    _maybe_free: dict[bool, list[int]] = field(default_factory=dict)
    """Per side (True: old), the items free when `unpaired` last looked, in order."""
    _dropped: dict[bool, list[int]] = field(default_factory=lambda: {True: [], False: []})
    """Per side, the items of groups dropped since: with those, all that can be free now."""

    def add(self, group: Group) -> None:
        """Record a group, dropping any group that held one of its items (tens of thousands
        of groups in a large policy, nearly all of them one item with one, taking free ones:
        hence the loops, which make no dictionaries of their own)."""
        self.added.append(group)
        by_old, by_new = self.by_old, self.by_new
        for index in group.old:
            if index in by_old:
                self.drop(by_old[index])
        for index in group.new:
            if index in by_new:
                self.drop(by_new[index])
        for index in group.old:
            by_old[index] = group
        for index in group.new:
            by_new[index] = group

    def similarity(self, old: Item, new: Item) -> float:
        """`word_dice` of two items' words, each pair scored once (kept in `scores`)."""
        key = (old.index, new.index)
        score = self.scores.get(key)
        if score is None:
            sections = old.is_section and new.is_section
            score = subtree_dice(old, new) if sections else word_dice(old.words, new.words)
            self.scores[key] = score
        return score

    def pair(self, old: int, new: int, matched_by: MatchedBy) -> None:
        old_item, new_item = self.old[old], self.new[new]
        if old_item.text == new_item.text and not old_item.is_section:
            score = 1.0
        else:
            score = round(self.similarity(old_item, new_item), 3)
        self.add(Group((old,), (new,), matched_by, score))

    def drop(self, group: Group | None) -> None:
        if group is None:
            return
        for index in group.old:
            del self.by_old[index]
        for index in group.new:
            del self.by_new[index]
        self._dropped[True].extend(group.old)
        self._dropped[False].extend(group.new)

    def unpaired(self, old: bool) -> list[Item]:
        """The items of one side (the old one if `old`) in no group, in document order.

        An item becomes free again only when its group is dropped, so only the items
        free last time and those dropped since need looking at, not the whole side
        again in every round (five at 50,000 clauses, two at 5,000).
        """
        side, taken = (self.old, self.by_old) if old else (self.new, self.by_new)
        maybe = self._maybe_free.get(old)
        dropped = self._dropped[old]
        indices = range(len(side)) if maybe is None else sorted({*maybe, *dropped})
        dropped.clear()
        free = self._maybe_free[old] = [index for index in indices if index not in taken]
        return [side[index] for index in free]

    def rarity(self) -> dict[str, float]:
        """How rare each word is among the clauses of both versions: log(1 + clauses / uses).

        Most clause texts are in both versions (and some repeat within one), so the words
        of each distinct text are found once and counted as many times as the text is used:
        texts used equally often are counted together, and their counts added scaled.
        """
        if not self._rarity:
            texts = Counter([item.text for item in chain(self.old, self.new) if not item.is_section])
            by_uses: dict[int, list[str]] = defaultdict(list)
            for text, count in texts.items():
                by_uses[count].append(text)
            uses: Counter[str] = Counter()
            for times, group in by_uses.items():
                found = Counter(chain.from_iterable(map(set, map(normalized_words, group))))
                for word, count in found.items():
                    uses[word] += count * times
            clauses = texts.total()
            self._rarity.update(
                {word: math.log(1 + clauses / count) for word, count in uses.items()}
            )
        return self._rarity

    def rarest(self) -> float:
        """The rarity of a word only one clause of either version uses."""
        if self._rarest is None:
            self._rarest = max(self.rarity().values(), default=0.0)
        return self._rarest

    def groups(self) -> list[Group]:
        """Every group once, in old-document order."""
        return list({id(g): g for g in self.by_old.values()}.values())

    def votes(self, old: Item, new: Item) -> bool:
        """True when most aligned descendants of `old` and of `new` went to each other."""
        ours = mine = theirs = 0
        for index in range(old.index + 1, old.last + 1):
            group = self.by_old.get(index)
            if group:
                mine += 1
                ours += any(new.contains(n) for n in group.new)
        for index in range(new.index + 1, new.last + 1):
            theirs += index in self.by_new
        return ours > 0 and 2 * ours > mine and 2 * ours > theirs


def align_versions(old: Side, new: Side) -> Alignment:
    """Pair the items of two versions, pass by pass (see the module docstring)."""
    alignment = Alignment(old, new)
    pair_by_id(alignment)
    pair_unique_exact_text(alignment)
    done: Visited = set()
    align_top_down(alignment, [ROOT], done)
    since = 0  # the first round reached only the groups under the root's: the next takes all
    while (
        pair_level_changes(alignment) or pair_moves(alignment) or pair_moved_parents(alignment)
    ):
        start = len(alignment.added)
        align_top_down(alignment, sorted(_unvisited(alignment, since, done), key=_depth_order),
                       done)
        since = start
    return alignment


def _unvisited(alignment: Alignment, since: int, done: Visited) -> list[Group]:
    """The groups still aligned and not visited, among those added from `since` on.

    A round visits every group there is when it starts (or finds it has nothing
    below it), so the next round has only those added since then to visit: the
    few the passes between rounds found, not the tens of thousands of a large
    policy, rescanned by every round (five rounds at 50,000 clauses, two at 5,000).
    """
    return [group for group in alignment.added[since:]
            if alignment.by_old.get(group.old[0]) is group and (group.old, group.new) not in done]


def pair_by_id(alignment: Alignment) -> None:
    """Pass 1: staff-pinned ids, same kind of node on both sides."""
    old_ids, new_ids = _by_unique_id(alignment.old), _by_unique_id(alignment.new)
    for pinned, item in old_ids.items():
        other = new_ids.get(pinned)
        if other is not None and other.is_section == item.is_section:
            alignment.pair(item.index, other.index, "id")


def pair_unique_exact_text(alignment: Alignment) -> None:
    """Pass 2a: a distinctive clause text found exactly once on each side.

    Its words are counted only for a text found on both sides (the two texts being one,
    so are their counts), not for every clause of both versions.
    """
    old_texts = _once(alignment.old, alignment.by_old)
    new_texts = _once(alignment.new, alignment.by_new)
    for text, old_index in old_texts.items():
        new_index = new_texts.get(text)
        if new_index is not None and len(normalized_words(text)) >= MOVE_MIN_WORDS:
            alignment.pair(old_index, new_index, "exact")


def align_top_down(alignment: Alignment, queue_start: Iterable[Group], done: Visited) -> None:
    """Passes 2b-5 among the children of every aligned group, parents before children."""
    queue = deque(queue_start)
    while queue:
        parent = queue.popleft()
        if _all_leaves(alignment, parent) or (parent.old, parent.new) in done:
            continue
        done.add((parent.old, parent.new))
        olds, news = _children(alignment.old, parent.old), _children(alignment.new, parent.new)
        if _free(olds, alignment.by_old) or _free(news, alignment.by_new):
            for sibling_pass in SIBLING_PASSES:
                sibling_pass(alignment, olds, news)
        queue.extend(_child_groups(alignment, olds, news))


def pair_exact_siblings(alignment: Alignment, olds: list[Item], news: list[Item]) -> None:
    """Pass 2b: identical text among siblings; repeated texts pair in order."""
    old_by_text, new_by_text = defaultdict(list), defaultdict(list)
    for item in _free(olds, alignment.by_old):
        old_by_text[item.text or f"\0{item.label}"].append(item)
    for item in _free(news, alignment.by_new):
        new_by_text[item.text or f"\0{item.label}"].append(item)
    for text, old_items in old_by_text.items():
        new_items = new_by_text.get(text, [])
        if old_items[0].is_section:  # headings repeat; sections pair on content (pass 3)
            continue
        for old_item, new_item in _pair_in_order(old_items, new_items):
            if _children_agree(alignment, old_item, new_item):
                alignment.pair(old_item.index, new_item.index, "exact")


def pair_sections_by_clauses(alignment: Alignment, olds: list[Item], news: list[Item]) -> None:
    """Pass 3a: sections with the same heading whose paired descendants mostly went to each
    other, with some similarity of words.

    Inserting one section renumbers every section after it, so the same label
    no longer says which is which, and scoring every renumbered section
    against every other grows with the square of their number. The clauses
    already paired (distinctive texts, pass 2a) vote for their sections
    instead: each section looks only at where its own clauses went. The
    heading must stay (clauses moved together into another section do not
    make it theirs), and a section with the old one's label and as like a
    heading is left to the label pass.
    """
    free_old = [item for item in _free(olds, alignment.by_old) if item.is_section]
    free_new = [item for item in _free(news, alignment.by_new) if item.is_section]
    if not free_old or not free_new:
        return
    starts = [item.index for item in free_new]  # preorder: ascending, subtrees disjoint
    by_label = _unique_labels(free_new)
    for old_item in free_old:
        home, votes = _most_voted_home(alignment, old_item, free_new, starts)
        if home is None or votes < SECTION_MIN_VOTES or home.index in alignment.by_new:
            continue
        heading = similarity(old_item.text, home.text)
        namesake = by_label.get(old_item.label) if old_item.label is not None else None
        if heading < LABEL_SURE_SCORE or (
            namesake is not None and namesake is not home
            and similarity(old_item.text, namesake.text) >= heading
        ):
            continue  # clauses moved to another section: the heading says it is another one
        if alignment.votes(old_item, home) and (
            alignment.similarity(old_item, home) >= VOTE_MIN_SCORE
        ):
            same_label = old_item.label == home.label
            same = same_label and old_item.text == home.text
            alignment.pair(old_item.index, home.index,
                           "exact" if same else "label" if same_label else "similar")


def _most_voted_home(
    alignment: Alignment, old_item: Item, homes: list[Item], starts: list[int]
) -> tuple[Item | None, int]:
    """The item of `homes` (with `starts`, their indices) holding the new counterparts of
    most of `old_item`'s paired descendants, and how many it holds."""
    votes: Counter[int] = Counter()
    for index in range(old_item.index + 1, old_item.last + 1):
        group = alignment.by_old.get(index)
        for new_index in group.new if group else ():
            at = bisect_right(starts, new_index) - 1
            if at >= 0 and homes[at].contains(new_index):
                votes[at] += 1
    if not votes:
        return None, 0
    at, count = votes.most_common(1)[0]
    return homes[at], count


def pair_same_label(alignment: Alignment, olds: list[Item], news: list[Item]) -> None:
    """Pass 3: the same label under aligned parents, with similar text or agreeing children,
    unless a sibling under another label matches either of them clearly better (a swap)."""
    free_old, free_new = _free(olds, alignment.by_old), _free(news, alignment.by_new)
    new_by_label = _unique_labels(free_new)
    for label, old_item in _unique_labels(free_old).items():  # near-identical: no rival can win
        new_item = new_by_label.get(label)
        if new_item is None or not _children_agree(alignment, old_item, new_item):
            continue  # sections included: near-identical content whose clauses went elsewhere
        if alignment.similarity(old_item, new_item) >= LABEL_SURE_SCORE:
            same = old_item.text == new_item.text
            alignment.pair(old_item.index, new_item.index, "exact" if same else "label")
    free_old, free_new = _free(free_old, alignment.by_old), _free(free_new, alignment.by_new)
    new_by_label = _unique_labels(free_new)
    candidates: _Candidates | None = None  # made when first needed: most parents need none
    for label, old_item in _unique_labels(free_old).items():
        new_item = new_by_label.get(label)
        if new_item is None or not (
            _related(alignment, old_item, new_item, LABEL_MIN_SCORE, 0.0)
            or _same_heading(old_item, new_item)
        ):
            continue
        if not old_item.is_section and not _children_agree(alignment, old_item, new_item):
            continue  # its children went elsewhere: the label was reused by another clause
        if candidates is None:
            candidates = _Candidates(free_old, free_new)
        shares = candidates.shares(old_item, new_item)
        score = alignment.similarity(old_item, new_item) if shares else 0.0
        beaten_at = score + _rival_margin(old_item, new_item)
        rival = _section_rival if _same_heading(old_item, new_item) else _rival
        if not rival(alignment, candidates, old_item, new_item, beaten_at):
            same = old_item.text == new_item.text
            alignment.pair(old_item.index, new_item.index, "exact" if same else "label")


def pair_similar_siblings(alignment: Alignment, olds: list[Item], news: list[Item]) -> None:
    """Pass 4a: similar text under aligned parents, each the other's best match."""
    free_old, free_new = _free(olds, alignment.by_old), _free(news, alignment.by_new)
    for old_item, new_item, _ in _mutual_best(free_old, free_new, 0.0, alignment.similarity):
        if _related(alignment, old_item, new_item, SIBLING_MIN_SCORE, VOTE_MIN_SCORE) and (
            old_item.is_section or _children_agree(alignment, old_item, new_item)
        ):
            alignment.pair(old_item.index, new_item.index, "similar")


def group_splits(alignment: Alignment, olds: list[Item], news: list[Item]) -> None:
    """Pass 4b: one clause split into consecutive siblings, or several merged into one."""
    if not _free(olds, alignment.by_old) and not _free(news, alignment.by_new):
        return
    for group in _splits(olds, news, alignment.by_old, alignment.by_new, lambda g: g.new):
        alignment.add(group)
    for group in _splits(news, olds, alignment.by_new, alignment.by_old, lambda g: g.old):
        alignment.add(Group(group.new, group.old, group.matched_by, group.score))


def pair_by_position(alignment: Alignment, olds: list[Item], news: list[Item]) -> None:
    """Pass 5: the only unpaired node on each side between the same aligned neighbours."""
    old_gaps = _gaps(olds, alignment.by_old, lambda group: group.old)
    new_gaps = _gaps(news, alignment.by_new, lambda group: group.old)
    for anchor, old_gap in old_gaps.items():
        new_gap = new_gaps.get(anchor, [])
        if len(old_gap) == 1 and len(new_gap) == 1:
            old_item, new_item = old_gap[0], new_gap[0]
            if old_item.is_section == new_item.is_section and _related(
                alignment, old_item, new_item, POSITION_MIN_SCORE, 0.0
            ) and (old_item.is_section or _children_agree(alignment, old_item, new_item)):
                alignment.pair(old_item.index, new_item.index, "position")


SIBLING_PASSES: tuple[Callable[[Alignment, list[Item], list[Item]], None], ...] = (
    pair_exact_siblings,
    pair_sections_by_clauses,
    pair_same_label,
    pair_similar_siblings,
    group_splits,
    pair_by_position,
)


def pair_level_changes(alignment: Alignment) -> bool:
    """Pass 6a: a clause promoted or demoted one level, next to where it was, text unchanged.

    Promoted: its new parent is the counterpart of its old grandparent. Demoted: its
    new grandparent is the counterpart of its old parent. Short texts qualify here,
    since the place itself is evidence; the pair must still be unique both ways.
    """
    candidates: dict[int, list[int]] = defaultdict(list)
    rivals: Counter[int] = Counter()
    for old_item in alignment.unpaired(old=True):
        for new_item in _one_level_away(alignment, old_item):
            if old_item.words == new_item.words and old_item.words:
                candidates[old_item.index].append(new_item.index)
                rivals[new_item.index] += 1
    found = False
    for old_index, new_indices in candidates.items():
        if len(new_indices) == 1 and rivals[new_indices[0]] == 1:
            alignment.pair(old_index, new_indices[0], "exact")
            found = True
    return found


def _one_level_away(alignment: Alignment, old_item: Item) -> Iterable[Item]:
    """Free new items one level above or below `old_item`, beside its old place."""
    old_parent = old_item.parent
    if old_parent is None:
        return
    grandparent = alignment.old[old_parent].parent
    promoted_under = alignment.by_old.get(grandparent) if grandparent is not None else None
    for parent in promoted_under.new if promoted_under else ():
        yield from _free((alignment.new[i] for i in alignment.new[parent].children), alignment.by_new)
    demoted_under = alignment.by_old.get(old_parent)
    for grand in demoted_under.new if demoted_under else ():
        for parent in alignment.new[grand].children:
            yield from _free(
                (alignment.new[i] for i in alignment.new[parent].children), alignment.by_new
            )


def pair_moves(alignment: Alignment) -> bool:
    """Pass 6: very similar clause texts anywhere, each the other's clear best match."""
    def movable(old: bool) -> list[Item]:
        return [
            item for item in alignment.unpaired(old)
            if not item.is_section and item.word_count >= MOVE_MIN_WORDS
        ]

    found = False
    olds, news = movable(old=True), movable(old=False)
    for old_item, new_item, score in _mutual_best(olds, news, MOVE_MARGIN, alignment.similarity,
                                                  MOVE_SHARED_LIMIT):
        long_enough = min(old_item.word_count, new_item.word_count) >= MOVE_LONG_WORDS
        least = MOVE_MIN_SCORE_LONG if long_enough else MOVE_MIN_SCORE
        if score < least:
            continue
        # Templated sentences share their common words: the rare ones must match too.
        if _swaps_own_words(alignment, old_item, new_item):
            continue
        if weighted_dice(old_item.words, new_item.words, alignment.rarity()) >= least:
            alignment.pair(old_item.index, new_item.index, "similar")
            _split_where_moved(alignment, old_item, new_item)
            found = True
    return found


def _split_where_moved(alignment: Alignment, old: Item, new: Item) -> None:
    """A clause moved and split there: its best match and free siblings beside it rebuild it
    better together, as pass 4b finds a split in place (`B.2` gone, its words now `A.1` and
    `A.2`: a split, not a move of `B.2` to `A.2` with `A.1` added). The mirror too: clauses
    merged and moved, the old match's free siblings beside it rebuilding the new clause, so
    the diff read backwards is the diff read forwards, mirrored."""
    def siblings(side: Side, item: Item) -> list[Item]:
        return [side[index] for index in (
            side[item.parent].children if item.parent is not None else ())]

    run = _split_run(old, siblings(alignment.new, new), new.index, alignment.by_new, set())
    if run:
        score = word_dice(old.words, sum((item.words for item in run), Counter()))
        alignment.add(Group((old.index,), tuple(item.index for item in run), "similar",
                            round(score, 3)))
        return
    run = _split_run(new, siblings(alignment.old, old), old.index, alignment.by_old, set())
    if run:
        score = word_dice(new.words, sum((item.words for item in run), Counter()))
        alignment.add(Group(tuple(item.index for item in run), (new.index,), "similar",
                            round(score, 3)))


def _swaps_own_words(alignment: Alignment, old: Item, new: Item) -> bool:
    """True when each text has a word no other clause of either version uses, missing
    from the other: a deleted clause and a different one added that reuse its wording."""
    rarity = alignment.rarity()
    rarest = alignment.rarest()

    def own(item: Item, other: Item) -> bool:
        return any(rarity.get(word) == rarest for word in item.words - other.words)

    return own(old, new) and own(new, old)


def pair_moved_parents(alignment: Alignment) -> bool:
    """Pass 6c: a clause whose children went, mostly together, under one unpaired new clause.

    A moved clause whose own text was reworded still takes its children along;
    they are the evidence, with some similarity of its own text.
    """
    found = False
    for old_item in alignment.unpaired(old=True):
        homes = Counter(
            alignment.new[n].parent
            for child in old_item.children if (group := alignment.by_old.get(child))
            for n in group.new
            if alignment.new[n].parent not in alignment.by_new  # a home still to pair
        )
        if not homes:
            continue
        home, votes = homes.most_common(1)[0]
        if home is None:
            continue
        new_item = alignment.new[home]
        if votes < 2 and alignment.similarity(old_item, new_item) < LABEL_MIN_SCORE:
            continue  # one child is evidence only beside similar text
        if new_item.is_section == old_item.is_section and _related(
            alignment, old_item, new_item, 2.0, VOTE_MIN_SCORE
        ):
            alignment.pair(old_item.index, new_item.index, "similar")
            found = True
    return found


# -- small steps ---------------------------------------------------------------


def _related(
    alignment: Alignment, old: Item, new: Item, min_score: float, min_voted_score: float
) -> bool:
    """Similar enough text, or descendants that agree and some similarity of text."""
    score = alignment.similarity(old, new)
    return score >= min_score or (score >= min_voted_score and alignment.votes(old, new))


class _Candidates:
    """The pairs worth scoring: an old and a new item sharing a word that at most `limit` of the
    new items use (`SHARED_LIMIT` by default; common words make no candidates alone), found
    a row (an old item) or a column (a new item) at a time, unscored.

    The limit is a constant, not a share of the items: a share lets every pair of a few
    thousand sections (whose subtrees hold most words) be candidates, quadratic in size.
    Scoring every candidate pair up front still scored every pair of the unpaired sections
    of a large policy (at 50,000 clauses, 85 x 141 whole subtrees at the top level): a
    same-label pair needs only its own row and column, a best match only the candidates
    whose word counts let them come close (`_clear_best`).
    """

    def __init__(self, olds: list[Item], news: list[Item], limit: int | None = None) -> None:
        self.new_index: dict[str, list[Item]] = defaultdict(list)
        for item in news:
            for word in item.words:
                self.new_index[word].append(item)
        most = limit or SHARED_LIMIT
        self.rare = {word for word, items in self.new_index.items() if len(items) <= most}
        self.old_index: dict[str, list[Item]] = defaultdict(list)
        for item in olds:
            for word in self.rare.intersection(item.words):
                self.old_index[word].append(item)

    def shares(self, old: Item, new: Item) -> bool:
        return not self.rare.isdisjoint(old.words.keys() & new.words.keys())

    def row(self, old: Item) -> list[Item]:
        """The new items paired with `old` in a candidate pair."""
        return list({n.index: n for word in self.rare.intersection(old.words)
                     for n in self.new_index[word]}.values())

    def column(self, new: Item) -> list[Item]:
        """The old items paired with `new` in a candidate pair."""
        return list({o.index: o for word in self.rare.intersection(new.words)
                     for o in self.old_index[word]}.values())


def _rival(alignment: Alignment, candidates: _Candidates, old: Item, new: Item,
           beaten_at: float) -> bool:
    """True when a candidate of `old`'s row or `new`'s column scores above `beaten_at` with it.

    Only candidates whose `_dice_bound` is above it are scored: the others cannot be
    (a renumbered section has scores of whole subtrees against each candidate).
    """
    return any(
        alignment.similarity(old, n) > beaten_at
        for n in candidates.row(old) if _dice_bound(old, n) > beaten_at
    ) or any(
        alignment.similarity(o, new) > beaten_at
        for o in candidates.column(new) if _dice_bound(o, new) > beaten_at
    )


def _section_rival(alignment: Alignment, candidates: _Candidates, old: Item, new: Item,
                   beaten_at: float) -> bool:
    """True when a rival section whose heading is at least as like theirs scores above
    `beaten_at` with one of two sections with the same number and heading (candidates
    that cannot, by `_dice_bound`, are not scored).

    A section's words are those of its whole subtree, so when a clause with
    children moves to another section, the section it left matches the one it
    went to better than itself; the headings still say which section is which.
    """
    heading = similarity(old.text, new.text)
    return any(
        alignment.similarity(old, n) > beaten_at for n in candidates.row(old)
        if n is not new and _dice_bound(old, n) > beaten_at
        and similarity(old.text, n.text) >= heading
    ) or any(
        alignment.similarity(o, new) > beaten_at for o in candidates.column(new)
        if o is not old and _dice_bound(o, new) > beaten_at
        and similarity(o.text, new.text) >= heading
    )


def _rival_margin(old: Item, new: Item) -> float:
    """How much better a rival must match to break a same-label pair.

    A section keeps its number and a similar heading when clauses move out of
    it, so its content may then match another section better: only a much
    better match (a new section inserted under the same heading) breaks it.
    """
    return SECTION_RIVAL_MARGIN if _same_heading(old, new) else LABEL_RIVAL_MARGIN


def _same_heading(old: Item, new: Item) -> bool:
    """Two sections whose headings (title and intro) are similar."""
    return old.is_section and similarity(old.text, new.text) >= LABEL_MIN_SCORE


def _children_agree(alignment: Alignment, old: Item, new: Item) -> bool:
    """No aligned children on either side, or at least half of them went to each other.

    A label or a generic sentence can be reused by a new clause; where the old
    clause's children went says which new clause it became.
    """
    mine = [alignment.by_old[c] for c in old.children if c in alignment.by_old]
    theirs = sum(1 for c in new.children if c in alignment.by_new)
    if not mine and not theirs:
        return True
    ours = sum(1 for group in mine if set(group.new) & set(new.children))
    return ours > 0 and 2 * ours >= len(mine) and 2 * ours >= theirs


def _all_leaves(alignment: Alignment, group: Group) -> bool:
    """True when the group pairs one clause with one clause and neither has children
    (most groups): nothing below it to align."""
    return (len(group.old) == 1 == len(group.new) and not alignment.old[group.old[0]].children
            and not alignment.new[group.new[0]].children)


def _children(side: Side, parents: tuple[int, ...]) -> list[Item]:
    if not parents:
        return [item for item in side if item.parent is None]
    return [side[child] for parent in parents for child in side[parent].children]


def _child_groups(alignment: Alignment, olds: list[Item], news: list[Item]) -> list[Group]:
    new_indices = {item.index for item in news}
    groups = {id(g): g for item in olds if (g := alignment.by_old.get(item.index))}
    return [g for g in groups.values() if new_indices.intersection(g.new)]


def _free(items: Iterable[Item], taken: dict[int, Group]) -> list[Item]:
    return [item for item in items if item.index not in taken]


def _by_unique_id(side: Side) -> dict[str, Item]:
    counts = Counter(item.node.id for item in side if item.node.id)
    return {item.node.id: item for item in side if item.node.id and counts[item.node.id] == 1}


def _once(side: Side, taken: dict[int, Group]) -> dict[str, int]:
    """Clause texts that occur exactly once among a side's clauses, mapped to their item
    (unless it is taken)."""
    clauses = [item for item in side if not item.is_section]
    counts = Counter(item.text for item in clauses)
    return {
        item.text: item.index for item in clauses
        if counts[item.text] == 1 and item.index not in taken
    }


def _unique_labels(items: list[Item]) -> dict[str, Item]:
    """The items whose label no other of `items` has, by label, in order (one loop, no
    Counter: called for the free children of every aligned parent, mostly a few)."""
    first: dict[str | None, Item] = {}
    repeated: set[str | None] = set()
    for item in items:
        if item.label in first:
            repeated.add(item.label)
        else:
            first[item.label] = item
    return {label: item for label, item in first.items()
            if label is not None and label not in repeated}


def _pair_in_order(olds: list[Item], news: list[Item]) -> list[tuple[Item, Item]]:
    """Same-label items first, then the rest in order when both sides have as many."""
    pairs, rest_old, rest_new = [], list(olds), list(news)
    for old_item in olds:
        same = next((n for n in rest_new if n.label == old_item.label), None)
        if same is not None:
            pairs.append((old_item, same))
            rest_old.remove(old_item)
            rest_new.remove(same)
    if len(rest_old) == len(rest_new):
        pairs.extend(zip(rest_old, rest_new))
    return pairs


def _mutual_best(
    olds: list[Item], news: list[Item], margin: float, score_pair: ScorePair,
    shared_limit: int | None = None,
) -> list[tuple[Item, Item, float]]:
    """Pairs that are each other's best match, beating any runner-up by `margin`.

    Candidates come from an index of shared words, so only pairs with
    something in common are scored.
    """
    if not olds or not news:
        return []
    candidates = _Candidates(olds, news, shared_limit)
    pairs = []
    for old_item in olds:
        row = candidates.row(old_item)
        if not row:
            continue
        score, new_item = _clear_best(old_item, row, margin, score_pair)
        if new_item is None:
            continue
        column = candidates.column(new_item)
        if _clear_best(new_item, column, margin, score_pair, old=False)[1] is old_item:
            pairs.append((old_item, new_item, score))
    return pairs


def _clear_best(
    item: Item, options: list[Item], margin: float, score_pair: ScorePair, old: bool = True
) -> tuple[float, Item | None]:
    """The option scoring best with `item` (an old item, unless `old` is false) if it beats the
    runner-up by `margin` or more, and strictly; else (0, None).

    Options are scored from the highest `_dice_bound` down, and no further than a bound
    that cannot reach within `margin` of the best so far: those could be neither the best
    nor a runner-up close enough to matter.
    """
    ranked: list[tuple[float, int, Item]] = []
    best_so_far = 0.0
    for other in sorted(options, key=lambda other: _dice_bound(item, other), reverse=True):
        if ranked and _dice_bound(item, other) < best_so_far - margin - 1e-9:
            break
        score = score_pair(item, other) if old else score_pair(other, item)
        best_so_far = max(best_so_far, score)
        ranked.append((score, other.index, other))
    ranked.sort(key=lambda option: option[:2], reverse=True)
    best, _, best_item = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    if runner_up == best or best - runner_up < margin:
        return 0.0, None
    return best, best_item


def _dice_bound(old: Item, new: Item) -> float:
    """The highest Dice coefficient two items' words can have: the smaller count, all shared."""
    total = old.word_count + new.word_count
    return 2 * min(old.word_count, new.word_count) / total if total else 1.0


def _splits(
    wholes: list[Item], parts: list[Item], whole_taken: dict[int, Group],
    part_taken: dict[int, Group], parts_of: Callable[[Group], tuple[int, ...]],
) -> list[Group]:
    """Groups where one of `wholes` matches a run of consecutive `parts` better than any one part.

    Written for splits (wholes old, parts new); a merge is the same search
    with the sides swapped, and the caller swaps the result back.
    """
    found: list[Group] = []
    if not any(item.index not in part_taken for item in parts):
        return found  # a run needs a free part beside the whole's partner
    used: set[int] = set()
    for whole in wholes:
        if whole.is_section:  # sections are numbered headings: they never split or merge
            continue
        group = whole_taken.get(whole.index)
        if group is not None and (len(group.old) != 1 or len(group.new) != 1):
            continue
        partner = parts_of(group)[0] if group else None
        run = _split_run(whole, parts, partner, part_taken, used)
        if run:
            used.update(item.index for item in run)
            olds = (whole.index,)
            news = tuple(item.index for item in run)
            score = word_dice(whole.words, sum((item.words for item in run), Counter()))
            found.append(Group(olds, news, group.matched_by if group else "similar", round(score, 3)))
    return found


def _split_run(
    whole: Item, parts: list[Item], partner: int | None,
    part_taken: dict[int, Group], used: set[int],
) -> list[Item] | None:
    """The run of consecutive parts (free, or the whole's partner) that rebuilds it best;
    failing that, all such parts together."""
    def fits(item: Item) -> bool:
        if item.index == partner:
            return True
        return (
            item.index not in part_taken and item.index not in used
            and item.is_section == whole.is_section
            and item.word_count >= SPLIT_PART_MIN_WORDS
            and containment(item.words, whole.words) >= SPLIT_PART_CONTAINMENT
        )

    runs: list[list[Item]] = [[]]
    for item in parts:
        if fits(item):
            runs[-1].append(item)
        elif runs[-1]:
            runs.append([])
    scattered = [item for run in runs for item in run]  # pieces need not be adjacent
    if len(scattered) < 2:
        return None  # no run of two (scattered holds every run's parts)
    best: list[Item] | None = None
    best_score = word_dice(whole.words, _words_of(parts, partner)) + SPLIT_MARGIN if partner else 0.0
    for run in [*runs, scattered]:
        if len(run) < 2 or (partner is not None and partner not in {i.index for i in run}):
            continue
        score = word_dice(whole.words, sum((item.words for item in run), Counter()))
        if score >= SPLIT_MIN_SCORE and score > best_score:
            best, best_score = run, score
    return best


def _words_of(items: list[Item], index: int | None) -> Counter[str]:
    return next((item.words for item in items if item.index == index), Counter())


def _gaps(
    items: list[Item], taken: dict[int, Group], anchor_of: Callable[[Group], tuple[int, ...]]
) -> dict[int, list[Item]]:
    """Unpaired items keyed by the old index of the closest aligned item before them (-1: none)."""
    gaps: dict[int, list[Item]] = defaultdict(list)
    anchor = -1
    for item in items:
        group = taken.get(item.index)
        if group is None:
            gaps[anchor].append(item)
        else:
            anchor = max(anchor_of(group))
    return gaps


def _depth_order(group: Group) -> int:
    return min(group.old)
