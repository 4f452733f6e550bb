"""Shortcuts the build takes must give the answers of the long way round."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.amendment import is_amendment_text
from toolkit.check import _MAY_NUMBER
from toolkit.parse import numbered_items

PIECES = st.sampled_from(["1.", "2)", "10.", "- ", "* ", "+ ", "> ", "  ", "\t", "    ", "a",
                          "word ", "**1.**", "\n", "\n\n", "1", ".", ")", "-", "#", "`", "\\"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_a_text_the_quick_test_passes_over_has_no_numbered_items(text: str) -> None:
    if not _MAY_NUMBER.search(text):
        assert numbered_items(text) == []


def test_the_quick_test_still_finds_numbered_items() -> None:
    for text in ("1. one\n", "- 2) two\n", "> 3. quoted\n", "  - 1.\n", "text\n\n12. twelve"):
        assert _MAY_NUMBER.search(text)
        assert numbered_items(text)


def test_an_amendment_spelled_with_a_yaml_escape_is_still_an_amendment() -> None:
    assert is_amendment_text('---\nkind: "amen\\x64ment"\n---\n')
    assert is_amendment_text("---\n{kind: amendment, id: 2-55}\n---\n")
    assert is_amendment_text('---\n"kind": amendment\n---\n')
    assert not is_amendment_text("---\nid: 2-55\ntitle: Amendments and other changes\n---\n")
