"""The parser's shortcuts answer as the slow ways they stand for (issue 14: parsing cheaper)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.parse import (
    _ATTRIBUTE_BLOCK,
    _FORBIDDEN_CHARACTER,
    _attribute_block,
    _may_hold_forbidden_characters,
)

PROPERTY = settings(max_examples=500, deadline=None)
CHARACTERS = st.sampled_from(["a", " ", "\n", "\r", "\t", "\x00", "\x07", "\x1f", "\x7f", "\x85",
                              "\x9f", "\xa0", "é", "’", "\ufffe", "\uffff", "\u2028", "{", "}",
                              "\\", "#", "=", "x", "\ud800"])
texts = st.lists(CHARACTERS, max_size=40).map("".join)


@PROPERTY
@given(texts)
def test_the_quick_look_misses_no_forbidden_character(text: str) -> None:
    if _FORBIDDEN_CHARACTER.search(text) is not None:
        assert _may_hold_forbidden_characters(text)


@PROPERTY
@given(st.lists(st.sampled_from(["a", " ", "\n", "é", "\t"]), max_size=40).map("".join))
def test_the_quick_look_clears_plain_text(text: str) -> None:
    assert not _may_hold_forbidden_characters(text)


@PROPERTY
@given(texts)
def test_the_attribute_block_is_found_as_the_search_finds_it(text: str) -> None:
    found, searched = _attribute_block(text), _ATTRIBUTE_BLOCK.search(text)
    assert (found and found.span()) == (searched and searched.span())
