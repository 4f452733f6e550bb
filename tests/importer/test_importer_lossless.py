"""Nothing is lost: every input word lands in the old side, the new side, or the artifacts.

A glued token (`officerssworn`) counts as landed when its two pieces did; a
case pair (`Aassess`) when its word did. Also: import never raises on odd
text, its markdown always parses back, and clean text gives no change.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from toolkit.importer import ImportResult, import_text, render_import_markdown
from toolkit.importer.vocabulary import bare
from toolkit.model import Clause, Version
from toolkit.parse import parse_version
from toolkit.tree import walk_version

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed-2-55.txt"
"""A copy of shared/seeds/sop-2-55-de-escalation-redline.txt."""


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _version_texts(version: Version) -> Iterator[str]:
    for reference in (*version.meta.related, *version.meta.forms, *version.meta.other_resources,
                      *version.meta.rescinds):
        yield f"{reference.id} {reference.title}"
    for definition in version.definitions:
        yield f"{definition.term} {definition.definition}"
    for node in walk_version(version):
        yield f"{node.label or ''} {getattr(node, 'title', '')} {node.text}"


def landed_words(result: ImportResult) -> set[str]:
    texts = [*_version_texts(result.old), *_version_texts(result.new),
             *(artifact.text for artifact in result.artifacts)]
    return {bare(word) for text in texts for word in text.split()} | {""}


def accounted(token: str, words: set[str]) -> bool:
    """The token landed whole, as two glued pieces, as a case pair or as a doubled label, or
    (a section numbered after its order, `.01`) as the end of the full number (`705.01`)."""
    word = bare(token)
    if word in words:
        return True
    if token.startswith(".") and any(other.endswith(f".{word}") for other in words):
        return True
    if len(word) > 1 and word[0] == word[1] and word[1:] in words:
        return True
    if all(part in words for part in word.split(".")):
        return True
    return any(bare(token[:cut]) in words and bare(token[cut:]) in words
               for cut in range(1, len(token)))


def lost_words(text: str, result: ImportResult) -> list[str]:
    """Tokens of the text that landed nowhere. `Section` or `Chapter` before a section's number
    that landed (`Section 1.0 PURPOSE`, `SECTION I.`, `CHAPTER 2` over `2.01`) is the scheme's
    notation, written by the number."""
    words = landed_words(result)
    numbers = {bare(node.number) for version in (result.old, result.new)
               for node in version.sections}
    tokens = text.split()
    return [token for token, following in zip(tokens, [*tokens[1:], ""], strict=True)
            if not accounted(token, words)
            and not (token.lower() in ("section", "chapter") and bare(following) in numbers)]


def test_seed_loses_no_word() -> None:
    text = seed_text()
    assert lost_words(text, import_text(text, "seed.txt")) == []


def test_clean_sop_loses_no_word_and_changes_nothing() -> None:
    text = (FIXTURES / "clean_sop.txt").read_text(encoding="utf-8")
    result = import_text(text, "clean_sop.txt")
    assert lost_words(text, result) == []
    assert result.changes == () and not result.redline
    assert result.old == result.new


TOKENS = st.sampled_from([
    "The", "officer", "shall", "use", "de-escalation", "techniques", "when", "feasible,",
    "and/or", "non-verbal", "(ECIT)", "individual(s)", "sworn", "personnel.", "officerssworn",
    "Aassess", "will", "shall", "an", "the", "Utilizing", "Using", "force.;", "toor", "5", "N/A",
    "{x}", "*", "#", "1.", "a.", "[ECIT]", "E.I.", "De-escalation", "e.g.,", "Page",
])
LINES = st.one_of(
    st.lists(TOKENS, min_size=1, max_size=12).map(" ".join),
    st.sampled_from(["", "", "5", "N/A", "2-55-1", "2-55-2", "Purpose", "Definitions", "a.", "b.",
                     "C.", "A. Related SOP(s)", "2-19", "None", "Page 2 of 3"]),
    st.builds(lambda label, words: f"{label} {' '.join(words)}",
              st.sampled_from(["A.", "B.", "1.", "2.", "a.", "i.", "ii.", "E.I."]),
              st.lists(TOKENS, min_size=1, max_size=8)),
    # Outline shapes of other manuals: lettered and `Sec.` headings, an order's `.01`
    # sections, a subject line, capital headings, bare page numbers and page breaks.
    st.sampled_from(["A.  DEFINITIONS", "B.  POLICY", "C. AUTHORIZED TECHNIQUES", "OR WEAPONS",
                     "Sec. 1 DEFINITIONS:", "Sec. 2 GENERAL:", "SECTION 3 – Policy",
                     "General Order 705", ".01   Purpose", ".02   Cross Reference",
                     "SUBJECT:  RULE 303A – USE OF FORCE", "POLICY", "PURPOSE AND SCOPE",
                     "I. Factors", "II. Options", "1", "2", "3", "\f", "\f1"]),
    # This round's: a sentence or a captioned title beside an APD number, a manual's policy
    # lines and lettered parts, chapters over dotted sections, `Section 1.0`, header rows.
    st.sampled_from(["2-55-3 Officers report every use of force.",
                     "2-55-4 Failure to Appear: Officers who fail to appear are disciplined.",
                     "6.020 - Vehicle Pursuits",
                     "6.020-POL-1 Starting a Pursuit", "6.020-POL", "6.020-PRO-1 Ending",
                     "Effective Date: 03/01/2016", "CHAPTER 2", "Section 1.0 PURPOSE",
                     "Procedure 501 – Use of Force", "CHAPTER: 1.3", "TITLE: USE OF FORCE",
                     "NUMBER: 1.04 – ADMINISTRATION", "RELATED POLICY:  1.04", "PROCEDURES:",
                     "460.25 USE OF FORCE", "460.25.1 PURPOSE", "POLICY AND PROCEDURES"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=30))
def test_import_is_lossless_and_its_markdown_parses(lines: list[str]) -> None:
    text = "\n".join(["USE OF FORCE", *lines])
    result = import_text(text, "random.txt")
    assert lost_words(text, result) == []
    for side in (None, "old", "new"):
        parse_version(render_import_markdown(result, side), f"{side}.md")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(
    (FIXTURES / "clean_sop.txt").read_text(encoding="utf-8").splitlines()[18:]), max_size=40))
# Two articles meet only at the line break: two texts joined, not a change `a` -> `the`.
@example(["D. The Real Time Crime Center (RTCC) and the Crisis Intervention Unit (CIU) may request a",
          "the torso, in a position that gives an unobstructed field of view."])
# `to an individual` elsewhere is no evidence: articles are too common to tell.
@example(["1. The Crisis Intervention Unit (CIU) shall not forward the completed report to the",
          "an individual, the investigating detective should keep the individual under observation.",
          "A. An officer's approach to an individual can influence whether a situation escalates."])
# A clause repeated and extended under the same label: clean text does that, no redline.
@example(["D. The Real Time Crime Center (RTCC) and the Crisis Intervention Unit (CIU) may request a",
          "D. The Real Time Crime Center (RTCC) and the Crisis Intervention Unit (CIU) may request a",
          "The purpose of this policy is to set out when and how sworn personnel and professional staff"])
# A sentence repeated, then one starting with its last word: no doubled-word change.
@example(["and/or time.", "and/or time.",
          "Time Crime Center (RTCC) must inspect the assigned vehicle at the start of each shift."])
def test_clean_lines_in_any_order_give_no_change(lines: list[str]) -> None:
    result = import_text("\n".join(["CLEAN TITLE", "4-12-1", "Purpose", *lines]), "clean.txt")
    assert result.changes == ()


def test_a_label_column_above_the_title_loses_no_paragraph() -> None:
    """Found by hypothesis: labels alone (`a.`, `a.`) above a subject line, a sentence below
    it. The column's label went to the sentence, which left the items out of line order, and
    the text above the heading was cut from the rest by count: the sentence was dropped and an
    empty clause doubled."""
    text = "USE OF FORCE\na.\na.\nSUBJECT:  RULE 303A – USE OF FORCE\nThe officers report.\n"
    result = import_text(text, "rule.txt")
    assert lost_words(text, result) == []
    assert [c.text for c in walk_version(result.new) if isinstance(c, Clause)].count(
        "The officers report.") == 1


def test_a_sentence_beside_an_apd_number_keeps_its_words() -> None:
    """`2-01-3 Personnel who fail ...` (no title): the line was taken for a heading with no
    title and its sentence dropped, in no section and no artifact. Now it is no heading; with
    a title before a colon (`2-01-3 Failure to Appear: Personnel ...`) it is one, the rest its
    text."""
    text = ("2-01 COURT\n\n2-01-1 Policy\nPersonnel appear in court when called.\n\n"
            "2-01-2 Personnel who fail to appear without cause are disciplined.\n\n"
            "2-01-3 Failure to Appear: Personnel report the reason in writing.\n")
    result = import_text(text, "2-01.txt")
    assert lost_words(text, result) == []
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("2-01-1", "Policy"), ("2-01-3", "Failure to Appear")]
    assert result.new.sections[1].text == "Personnel report the reason in writing."


def test_an_order_s_suffixed_sections_are_accounted_for() -> None:
    """`.01   Purpose` under `General Order 705` is written `705.01 Purpose`: the `.01` is
    there, inside the full number (the case hypothesis found)."""
    text = "General Order 705\n.01   Purpose\n.02   Cross Reference"
    assert lost_words(text, import_text(text, "order.txt")) == []


def test_two_labels_printed_apart_are_not_joined() -> None:
    """`2. 1.` (found by hypothesis after the decimal reading): two labels with a space
    between are no decimal number; the space stays."""
    text = "USE OF FORCE\n2. 1.\n"
    assert lost_words(text, import_text(text, "labels.txt")) == []


def test_a_decimal_number_stays_as_printed() -> None:
    """`1.2. Members ...` in clean text (Portland's `1.1.`, `1.2.`; Baltimore's `6.1.`): a
    decimal number, not a clause `1.` whose text opens `2. Members`, written `1\\. 2.`."""
    text = "Procedure:\n1. Decision Making.\n1.1. Members weigh the threat.\n1.2. Members slow down.\n"
    result = import_text(text, "1010.txt", numbering="headed")
    texts = [node.text for node in walk_version(result.new)]
    assert "1.2. Members slow down." in texts
    assert not any(text.startswith("2. Members") for text in texts)
