"""The diff's work grows with the size of a policy, not faster; the short cuts change no result.

Counted, not timed: a timed test on a shared machine is noise.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.diff import align
from toolkit.diff.align import align_versions
from toolkit.diff.items import Item, flatten_version
from toolkit.diff.rollups import _exceptions, _form_pattern, _same_word, _written_pattern
from toolkit.diff.words import word_dice
from toolkit.model import Clause

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import generate_policy


def brute_clear_best(item: Item, options: list[Item], margin: float) -> tuple[float, Item | None]:
    """`align._clear_best` as it was: every option scored, sorted, the best against the next."""
    ranked = sorted(((word_dice(item.words, o.words), o.index, o) for o in options),
                    key=lambda option: option[:2], reverse=True)
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    if runner_up == ranked[0][0] or ranked[0][0] - runner_up < margin:
        return 0.0, None
    return ranked[0][0], ranked[0][2]


def clause_item(index: int, text: str) -> Item:
    return Item(index, Clause(label="A", text=text, address=f"1-1-1.A{index}", line=1), 0, 1, index,
                index, (), text)


@settings(max_examples=400)
@given(st.lists(st.sampled_from(["officers", "shall", "notify", "scene"]), max_size=8),
       st.lists(st.lists(st.sampled_from(["officers", "shall", "notify", "scene", "a"]),
                         max_size=10), min_size=1, max_size=6),
       st.sampled_from([0.0, 0.1]))
def test_a_best_match_skips_only_options_that_cannot_matter(
    words: list[str], options: list[list[str]], margin: float
) -> None:
    """Options whose word counts bound their score too low to be the best or a close
    runner-up are not scored; the answer is the one scoring all of them gives."""
    item = clause_item(0, " ".join(words))
    others = [clause_item(i + 1, " ".join(option)) for i, option in enumerate(options)]
    score_pair = lambda old, new: word_dice(old.words, new.words)
    assert align._clear_best(item, others, margin, score_pair) == brute_clear_best(item, others, margin)


OLD_WORDS = st.sampled_from(["officer", "officers", "policy", "Policy", "sworn officer",
                             "the supervisor's", "ſtate", "Kelvin", "prior to", ".", "co-worker",
                             "y"])
TEXT = st.lists(st.sampled_from(["Officer", "OFFICERS", "policies", "poliCY", "sworn",
                                 "officer", "state", "ſtate", "STATE", "K", "kelvin",
                                 "supervisors", ",", ".", " ", "\n", "é", "personnel",
                                 "prior", "to", "co-workers", "co", ";", "ask", "for", "y", "ies",
                                 "officerpersonnel", "personnel's", "deputies"]),
                max_size=12).map(" ".join)


def brute_exceptions(olds: Counter[str], news: Counter[str], texts: list[tuple[str, str]]) -> list[str]:
    old_word, new_words = _form_pattern(olds), [_form_pattern(Counter({n: 1})) for n in news]
    if _same_word(olds, news):  # another form of the same word: each looked for as written
        old_word, new_words = _written_pattern(olds), [_written_pattern(news)]
    found = []
    for address, text in texts:
        for pattern in new_words:
            text = pattern.sub(" ", text)
        if old_word.search(text):
            found.append(address)
    return found


@given(st.lists(OLD_WORDS, min_size=1, max_size=3),
       st.sampled_from(["personnel", "deputy", ";", "ask for", "officers", "Officer", "policies"]),
       st.lists(TEXT, max_size=8))
def test_rollup_exceptions_match_the_plain_search(olds: list[str], new: str, texts: list[str]) -> None:
    """Texts are skipped without a regex only when they lack every stem's first word (as a
    substring, or as the start of a word: `WordStarts`)."""
    pool = [(f"a{i}", text) for i, text in enumerate(texts)]
    prepared = [(a, t, t.lower() if t.isascii() else None) for a, t in pool]
    forms, replacement = Counter(olds), Counter({new: 1})
    assert list(_exceptions(forms, replacement, prepared)) == brute_exceptions(forms, replacement, pool)


def test_the_one_letter_stem_y_is_looked_for_in_every_text() -> None:
    """Found by hypothesis: the stem `y` has an empty first word (`-y` dropped); an empty
    alternative made the search `(?!)`, which finds nothing, so every text was skipped."""
    texts = [("a", "y", "y"), ("b", "ies here", "ies here"), ("c", "x", "x")]
    assert list(_exceptions(Counter({"y": 1}), Counter({"z": 1}), texts)) == ["a", "b"]


def test_a_long_s_still_counts_as_an_s() -> None:
    assert re.search(r"(?i)state", "ſtate")  # why a non-ASCII text is always searched
    forms = Counter({"state": 1})
    texts = [("a", "the ſtate", None), ("b", "the estate", "the estate")]
    assert list(_exceptions(forms, Counter({"county": 1}), texts)) == ["a"]


def test_the_one_to_one_shortcut_names_every_pair_as_the_rules_do() -> None:
    """`classify._pair_change` (one node each side, most groups) gives the op, text fields and
    inline diff that the general rules give, on a generated pair with every kind of edit."""
    classify = importlib.import_module("toolkit.diff.classify")  # the package names a function so
    policy = generate_policy("1-01", "Generated", 2, 3, 400, edit_rate=0.3)
    alignment = align_versions(flatten_version(policy.versions[0]),
                               flatten_version(policy.versions[1]))
    pairs = [g for g in alignment.groups() if len(g.old) == 1 == len(g.new)]
    ops = Counter[str]()
    for group in pairs:
        olds, news = [alignment.old[group.old[0]]], [alignment.new[group.new[0]]]
        fast = classify._pair_change(alignment, group, olds[0], news[0])
        ops[fast.op] += 1
        assert fast.op == classify._op(alignment, group, olds, news)
        texts = classify._joined_text(olds), classify._joined_text(news)
        assert fast.inline == (classify.diff_words(*texts) if texts[0] != texts[1] else ())
        assert fast.editorial == (classify.is_editorial(*texts)
                                  and classify._sanctions(olds) == classify._sanctions(news))
    assert {"unchanged", "modified", "renumbered", "moved", "reparented"} <= set(ops)


SENTENCE = st.lists(st.sampled_from(["Officers", "shall", "notify", "the", "supervisor", ",",
                                     "officers", "report", "é", "."]), max_size=6).map(" ".join)


def section_text(title: str, clauses: list[str]) -> str:
    return f"## 1-1-1 {title}\n\n" + "".join(
        f"- **{chr(65 + i)}.** {text or 'x'}\n" for i, text in enumerate(clauses))


@given(st.lists(SENTENCE, max_size=6), st.lists(SENTENCE, max_size=6), SENTENCE, SENTENCE)
def test_section_similarity_from_shared_texts_is_the_word_dice(
    olds: list[str], news: list[str], old_title: str, new_title: str
) -> None:
    """`subtree_dice` skips the words of the texts both sections hold; the score is the same."""
    from toolkit.diff.items import dice_by_shared_texts, subtree_dice
    from toolkit.diff.words import word_dice
    from toolkit.parse import parse_version

    head = '---\nid: "1-1"\ntitle: T\nversion: "{}"\nstatus: draft\neffective:\n---\n\n'
    old = flatten_version(parse_version(head.format("a") + section_text(old_title or "T", olds)))
    new = flatten_version(parse_version(head.format("b") + section_text(new_title or "T", news)))
    assert subtree_dice(old[0], new[0]) == word_dice(old[0].words, new[0].words)
    old_texts, new_texts = Counter(old[0].subtree_texts), Counter(new[0].subtree_texts)
    shared = dice_by_shared_texts(old[0].word_count, new[0].word_count, old_texts - new_texts,
                                  new_texts - old_texts)
    assert shared == word_dice(old[0].words, new[0].words)
    assert old[0].word_count == old[0].words.total()


@given(st.lists(SENTENCE, max_size=8), st.lists(SENTENCE, max_size=8))
def test_word_rarity_is_counted_clause_by_clause(olds: list[str], news: list[str]) -> None:
    """`Alignment.rarity` finds the words of each distinct text once and counts the text as
    often as clauses use it (once, twice, more); the rarities are those of counting every
    clause of both versions one by one."""
    import math
    from itertools import chain

    from toolkit.diff.words import normalized_words
    from toolkit.parse import parse_version

    head = '---\nid: "1-1"\ntitle: T\nversion: "{}"\nstatus: draft\neffective:\n---\n\n'
    old = flatten_version(parse_version(head.format("a") + section_text("T", olds)))
    new = flatten_version(parse_version(head.format("b") + section_text("T", news)))
    texts = [item.text for item in (*old, *new) if not item.is_section]
    uses = Counter(chain.from_iterable(set(normalized_words(text)) for text in texts))
    expected = {word: math.log(1 + len(texts) / count) for word, count in uses.items()}
    assert align.Alignment(old, new).rarity() == expected


def test_a_clause_record_written_out_is_the_node_fields_record() -> None:
    """`_node_record` writes a clause's fields out (thousands per change set); key for key,
    in order, they are `node_fields` with the item's place, as a section's are."""
    from toolkit.render.changes_json import _node_record
    from toolkit.tree_json import node_fields

    version = generate_policy("1-01", "Generated", 1, 2, 120).versions[0]
    items = flatten_version(version)
    for item in items:
        parent = items[item.parent].address if item.parent is not None else None
        expected = {"kind": "section" if item.is_section else "clause", **node_fields(item.node),
                    "index": item.index, "parent": parent, "parent_index": item.parent,
                    "position": item.position}
        assert list(_node_record(item, items).items()) == list(expected.items())
