"""Words that the extraction split at their hyphenation points (`po lice of fi cers`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.importer import import_text
from toolkit.importer.normalise import normalise_text
from toolkit.importer.syllables import join_syllables

SPLIT = """\
A. The use of force by po lice of fi cers is a mat ter of crit i cal con cern to the pub lic.
It is rec og nized that some in di vid u als will not com ply with the law, and of fi cers
may be called upon to use force in or der to per form their du ties and pro tect them selves.
The use of rea son able force is per mit ted by law [Gra ham v Connor, 490 US 386].
An of fi cer’s ac tions are con sid ered law ful if a rea son able of fi cer could have
be lieved the ac tion to be law ful; and there fore the pub lic must be able to trust them.
"""


def joined(text: str) -> str:
    lines, _ = join_syllables(normalise_text(text))
    return "\n".join(line.text for line in lines)


def test_a_split_document_reads_as_words_again() -> None:
    text = joined(SPLIT)
    assert text.splitlines()[0] == ("A. The use of force by police officers is a matter of "
                                    "critical concern to the public.")
    assert "may be called upon" in text  # `may be` stays two words
    assert "if a reasonable officer" in text  # not `area son able`
    assert "An officer’s actions are considered lawful" in text
    assert "[Graham v Connor, 490 US 386]" in text  # `v Connor`: a capital midway is a name
    assert "and therefore the public" in text


def test_letters_stay_in_order_and_only_spaces_go() -> None:
    text = joined(SPLIT)
    assert text.replace(" ", "") == "\n".join(line.text for line in normalise_text(SPLIT)
                                              ).replace(" ", "")


def test_a_document_of_whole_words_is_left_as_it_is() -> None:
    text = ("Officers may be called upon to use force today. A part of the duty is to report it.\n"
            * 20)
    lines = normalise_text(text)
    assert join_syllables(lines) == (lines, [])


def test_the_import_warns_once_and_finds_the_words() -> None:
    result = import_text("USE OF FORCE\n" + SPLIT, "split.txt")
    assert [w.code for w in result.warnings].count("syllables-joined") == 1
    words = " ".join(c.text for s in result.new.sections for c in s.children) or " ".join(
        s.text for s in result.new.sections)
    assert "police officers" in words and "individuals" in words


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["po", "lice", "of", "fi", "cers", "a", "mat", "ter", "the",
                                 "in", "di", "vid", "u", "als", "may", "be", "to", "day", "rea",
                                 "son", "able", "3.1", "(a)", "law.", "Connor,"]),
                min_size=1, max_size=40))
def test_joining_never_drops_or_reorders_a_letter(pieces: list[str]) -> None:
    line = " ".join(pieces)
    text = "\n".join([line] * 60)  # enough pieces to read as a split document
    out = joined(text)
    assert out.replace(" ", "") == text.replace(" ", "")
