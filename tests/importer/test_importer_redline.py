"""The redline decoder against ground truth built by construction.

Each (old, new) pair in fixtures/redline_pairs.txt is flattened the way PDF
extraction of tracked changes does (`flatten_redline`), then decoded; the
decoder must give back both sides, or flag the spot for a person. Golden
decoder cases in fixtures/decoder.txt pin the exact split of real seams.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it.utils import read_fixture_file

from toolkit.importer.flatten import flatten_redline
from toolkit.importer.nouns import Span, Token
from toolkit.importer.redline import decode_tokens
from toolkit.importer.vocabulary import DocumentVocabulary, read_vocabulary

FIXTURES = Path(__file__).parent / "fixtures"
PAIRS = read_fixture_file(FIXTURES / "redline_pairs.txt")
DECODER_CASES = read_fixture_file(FIXTURES / "decoder.txt")
CLEAN_SOP = (FIXTURES / "clean_sop.txt").read_text(encoding="utf-8")
VARIANTS = {"glued": (True,), "spaced": (False,), "both": (True, False)}


def _cases() -> list[tuple[str, str, str, bool]]:
    return [
        (title, old.strip(), new.strip(), glue)
        for _, title, old, new in PAIRS
        for glue in VARIANTS[title.split(":")[0]]
    ]


CASES = _cases()
# The document the pairs live in: the decoder weighs the document's own vocabulary.
DOCUMENT = read_vocabulary([CLEAN_SOP, *(flatten_redline(o, n, g) for _, o, n, g in CASES)])


def decode(text: str, vocabulary: DocumentVocabulary = DOCUMENT) -> tuple[str, str, list[str]]:
    spans, warnings = decode_tokens([Token(word, 1) for word in text.split()], vocabulary)
    return _side(spans, "old"), _side(spans, "new"), [w.code for w in warnings]


def _side(spans: tuple[Span, ...], side: str) -> str:
    return " ".join(word for span in spans for word in getattr(span, side))


def render_spans(text: str) -> str:
    """Decoded text in the word-diff notation: `[-old-]{+new+}`; then one `! code` per warning.

    Each line of `text` is one input line, as the importer joins a paragraph's lines.
    """
    tokens = [Token(word, number) for number, line in enumerate(text.splitlines(), start=1)
              for word in line.split()]
    spans, warnings = decode_tokens(tokens, DOCUMENT)
    parts = [
        " ".join(span.old) if span.change is None
        else f"[-{' '.join(span.old)}-]{{+{' '.join(span.new)}+}}"
        for span in spans
    ]
    return "\n".join([" ".join(parts), *(f"! {warning.code}" for warning in warnings)])


@pytest.mark.parametrize(("title", "old", "new", "glue"), CASES,
                         ids=[f"{c[0]}-{'glued' if c[3] else 'spaced'}" for c in CASES])
def test_flattened_pair_is_recovered_or_flagged(title: str, old: str, new: str, glue: bool) -> None:
    flat = flatten_redline(old, new, glue)
    assert flat not in (old, new)
    got_old, got_new, warnings = decode(flat)
    assert (got_old, got_new) == (old, new) or warnings


def test_most_flattened_pairs_are_recovered_exactly() -> None:
    recovered = sum(decode(flatten_redline(o, n, g))[:2] == (o, n) for _, o, n, g in CASES)
    assert recovered / len(CASES) >= 0.75


def test_clean_sides_decode_to_themselves() -> None:
    for _, old, new, _ in CASES:
        for text in (old, new):
            got_old, got_new, _ = decode(text)
            assert got_old == got_new == text


@pytest.mark.parametrize(("line", "title", "flat", "expected"), DECODER_CASES,
                         ids=[case[1] for case in DECODER_CASES])
def test_decoder_golden(line: int, title: str, flat: str, expected: str) -> None:
    assert render_spans(flat.strip()) == expected.strip(), f"fixtures/decoder.txt:{line}"


@pytest.mark.parametrize(("old", "new", "glue", "flat"), [
    ("for officers of the", "for sworn personnel of the", True, "for officerssworn personnel of the"),
    ("Assess the", "assess the", True, "Aassess the"),
    ("without using force.", "without using force;", True, "without using force.;"),
    ("Supervisors will become", "Supervisors shall become", False, "Supervisors will shall become"),
    ("same text", "same text", True, "same text"),
])
def test_flatten_redline(old: str, new: str, glue: bool, flat: str) -> None:
    assert flatten_redline(old, new, glue) == flat


def test_flatten_redline_merges_nearby_changes_into_phrases() -> None:
    old, new = "the officer will notify the supervisor now", "the officer shall notify the sergeant now"
    assert flatten_redline(old, new) == "the officer willshall notify the supervisorsergeant now"
    assert flatten_redline(old, new, merge_gap=2) == (
        "the officer will notify the supervisorshall notify the sergeant now")


REPEATED_SWAP = [
    "The member will assess the subject’s person’s behavior and the threat.",
    "If the subject person offers less resistance, the member will reduce force.",
    "The member must not strike the subject. person. The member will report.",
]


@pytest.mark.parametrize(("text", "expected"), [
    (REPEATED_SWAP[1], ("If the [-subject-]{+person+} offers less resistance, the member will "
                        "reduce force.")),
    (REPEATED_SWAP[0], ("The member will assess the [-subject’s-]{+person’s+} behavior and the "
                        "threat.")),
])
def test_a_word_replaced_throughout_is_read_where_english_would_allow_both(
        text: str, expected: str) -> None:
    spans, _ = decode_tokens([Token(word, 1) for word in text.split()],
                             read_vocabulary(REPEATED_SWAP))
    parts = [" ".join(span.old) if span.change is None
             else f"[-{' '.join(span.old)}-]{{+{' '.join(span.new)}+}}" for span in spans]
    assert " ".join(parts) == expected


@pytest.mark.parametrize("document", [
    # A chained possessive is English: it vouches for no swap.
    ["The member’s supervisor’s approval is needed.", "The member supervisor is named."],
    # Seen only in the telling form, the pair is cells of a table; a comma makes a list.
    ["Officers on duty. check. The radio.", "Staff on duty. check. The car.",
     "Theft, intimidation, arson, fraud.", "The intimidation. arson. The end."],
    # A noun pair that recurs is how the document speaks.
    ["The police officer will report.", "Each police officer, sergeant and police officer."],
])
def test_a_pair_without_a_telling_swap_stays_as_written(document: list[str]) -> None:
    vocabulary = read_vocabulary(document)
    for text in document:
        spans, _ = decode_tokens([Token(word, 1) for word in text.split()], vocabulary)
        assert [span.change for span in spans if span.change] == []


# --- properties ---------------------------------------------------------------------------------

SUBSTITUTIONS = (
    ("officers", "sworn personnel"), ("will", "shall"), ("Assess", "assess"),
    ("review", "approve"), ("immediately", "promptly"), ("must", "should"),
    ("an", "the"), ("social", "Social"), ("officer", "supervisor"), ("report", "document"),
)
SENTENCES = tuple(old for _, old, _, _ in CASES)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SENTENCES), st.sampled_from(SUBSTITUTIONS), st.booleans(), st.data())
def test_a_substitution_anywhere_is_recovered_or_flagged(
    sentence: str, substitution: tuple[str, str], glue: bool, data: st.DataObject
) -> None:
    words = sentence.split()
    at = data.draw(st.integers(0, len(words)))
    old_word, new_word = substitution
    old = " ".join([*words[:at], old_word, *words[at:]])
    new = " ".join([*words[:at], new_word, *words[at:]])
    flat = flatten_redline(old, new, glue)
    got_old, got_new, warnings = decode(flat)
    if (got_old, got_new) != (old, new):
        # Not recovered: the spot must be flagged, or the seam must be one no rule can see
        # (two different words side by side with a space, such as `officers sworn`).
        assert warnings or not glue


_PURPOSE = ("The purpose of this policy is to establish guidelines for officers of the "
            "Department regarding the use of force.")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES + tuple(n for _, _, n, _ in CASES)), min_size=1,
                max_size=6))
# A list item and its words again after `;`, in lower case: how a list goes on, no change.
@example(["Assess the situation and their options;", "assess the situation and their options;"])
# A sentence and a list item of the same words, twice over (found by hypothesis).
@example(["Bring additional resources to the scene; and", _PURPOSE,
          "bring additional resources to the scene; and", _PURPOSE])
def test_clean_text_gives_no_change(sentences: list[str]) -> None:
    text = " ".join(sentences)
    spans, _ = decode_tokens([Token(w, 1) for w in text.split()], read_vocabulary([text]))
    assert [span.change for span in spans if span.change] == []


# --- the document decides ------------------------------------------------------------------------

COMPOUNDS = """CAMERAS
1-2-3 Equipment
A. Each patrol car carries a dashcam, and the pepper spray, the ball launcher and the
pepperball launcher stay in the trunk. The dash holds the cam mount.
"""


def test_without_a_sure_seam_compounds_stay_whole_and_are_flagged() -> None:
    from toolkit.importer import import_text

    result = import_text(COMPOUNDS, "compounds.txt")
    assert result.changes == () and not result.redline
    flagged = {w.message.split('"')[1] for w in result.warnings if w.code == "redline-possible"}
    assert flagged == {"dash", "pepper"}


def test_one_sure_seam_does_not_make_a_document_a_redline() -> None:
    from toolkit.importer import import_text

    text = COMPOUNDS + "B. Supervisors will shall inspect the dashcam weekly.\n"
    result = import_text(text, "clean.txt")
    assert result.changes == () and not result.redline
    assert "will shall inspect" in result.new.sections[0].children[1].text
    flagged = {w.message.split('"')[1] for w in result.warnings if w.code == "redline-possible"}
    assert {"will", "pepper", "dash"} <= flagged
    quiet = import_text(text, "clean.txt", redline=False)
    assert not [w for w in quiet.warnings if w.code.startswith("redline")]


def test_a_sure_seam_lets_weaker_seams_count_in_a_redline() -> None:
    from toolkit.importer import import_text

    text = COMPOUNDS + "B. Supervisors will shall inspect the dashcam weekly.\n"
    result = import_text(text, "redline.txt", redline=True)
    assert ("will", "shall") in {(c.old, c.new) for c in result.changes}
    # In a redline a glued compound of longer words reads like a seam: it is split, and
    # flagged for a person; one of short words (`dashcam`) stays whole, flagged.
    assert ("pepper", "ball") in {(c.old, c.new) for c in result.changes}
    assert any(w.code == "redline-uncertain" and '"pepper"' in w.message for w in result.warnings)
    assert any(w.code == "redline-possible" and '"dash"' in w.message for w in result.warnings)


RESPLIT = """Pursuit policy
Purpose
The assessment must be continuously applied for the whole event. continuously applied for
the whole event.
Reviews
Each event will be reviewed for training issues, systemic issues, or lessons learnt. training
issues, systemic issues, or lessons learnt.
Closure
The supervisor closes the event once the report is filed. once the report is filed.
"""


def test_sentence_ends_printed_twice_make_a_redline_and_read_once() -> None:
    from toolkit.importer import import_text, render_import_markdown

    result = import_text(RESPLIT, "resplit.txt")
    doubled = [w for w in result.warnings if w.code == "doubled-phrase"]
    assert len(doubled) == 3
    for side in ("old", "new"):
        text = " ".join(render_import_markdown(result, side).split())
        assert text.count("lessons learnt") == text.count("once the report is filed") == 1


def test_one_sentence_end_printed_twice_does_not_make_a_redline() -> None:
    from toolkit.importer import import_text, render_import_markdown

    one = RESPLIT.split("Reviews")[0]
    result = import_text(one, "resplit.txt")
    assert not [w for w in result.warnings if w.code == "doubled-phrase"]
    assert " ".join(render_import_markdown(result, "new").split()).count("whole event") == 2


def test_a_text_read_as_a_redline_says_its_marks_are_lost() -> None:
    """A flattened redline names what text cannot tell and where the marks are: the PDF.
    Clean text, and a redline read from its PDF's marks, say nothing of it."""
    from toolkit.importer import import_text
    from toolkit.importer.pdf import import_pdf

    pdfs = Path(__file__).parent / "fixtures" / "pdf"
    flattened = import_text((pdfs / "apd-2-55-redline.layout.txt").read_text(encoding="utf-8"))
    clean = import_text((pdfs / "apd-2-55-clean.layout.txt").read_text(encoding="utf-8"))
    marked = import_pdf((pdfs / "apd-2-55-redline.pdf").read_bytes(), "r.pdf")
    assert flattened.redline and marked.redline and not clean.redline
    codes = [[w.code for w in result.warnings] for result in (flattened, clean, marked)]
    assert [code.count("redline-flattened") for code in codes] == [1, 0, 0]
    message = next(w.message for w in flattened.warnings if w.code == "redline-flattened")
    assert "policykit import FILE.pdf" in message


LISTED_TWICE = """Notifications
A. The desk sergeant notifies the watch commander of the following incidents:

a death in custody;

a major narcotics arrest;

arrest of a wanted person;

serious injuries;

injuries to a member of the public;

a vehicle fire;

fire damage to the station.

B. The watch commander records each notification in the log.
"""


def test_readings_that_are_only_flagged_do_not_make_a_short_text_a_redline() -> None:
    """Three list items that open with the word the item above ended on (`arrest;` / `arrest
    of ...`) are three flagged readings, and no redline: a redline shows a surer one too."""
    from toolkit.importer import import_text

    result = import_text(LISTED_TWICE, "clean.txt")
    assert result.changes == () and not result.redline
    flagged = [w for w in result.warnings if w.code == "redline-possible"]
    assert len(flagged) == 3
    told = import_text(LISTED_TWICE, "told.txt", redline=True)
    assert told.redline
