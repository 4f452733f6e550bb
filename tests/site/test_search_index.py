"""The search index tuning in `toolkit.site.search`, without a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

from toolkit.site.search import (
    SEPARATOR,
    THEME_SEPARATOR,
    address_words,
    joined_words,
    ranked_meta,
    tune_index,
)


def tokens(text: str) -> list[str]:
    return [token for token in re.split(SEPARATOR, text) if token]


def test_the_separator_frees_acronyms_and_keeps_addresses_whole() -> None:
    assert tokens("Team [ECIT] sworn personnel, Mobile Crisis Team (MCT), City") == [
        "Team", "ECIT", "sworn", "personnel", "Mobile", "Crisis", "Team", "MCT", "City"]
    assert tokens("see 2-55-4.A.2. De-escalation") == ["see", "2-55-4.A.2", "De", "escalation"]
    assert tokens("&lt;b&gt;bold") == ["b", "bold"]


def test_hyphenated_words_are_also_indexed_whole() -> None:
    assert joined_words("De-escalation and non-verbal de-escalation, 2-55") == [
        "deescalation", "nonverbal"]


def test_a_shallower_clause_repeats_its_address_more() -> None:
    assert address_words("policies/2-55/#2-55-4.A.2") == ["2_55_4.A.2"] * 4
    assert address_words("policies/2-55/index.html#2-55-4.A.2.a") == ["2_55_4.A.2.a"] * 3
    assert address_words("policies/2-55/2021/#2-55-4.A.2") == []  # only the current page
    assert address_words("policies/2-55/#2-55-4") == []
    assert address_words("policies/2-55/redline/a-to-b/#change-2-55-4.A-title") == []


def test_tune_index_keeps_a_separator_the_project_chose() -> None:
    own = tune_index({"config": {"separator": "[ ]+"}, "docs": []})
    assert own["config"]["separator"] == "[ ]+"
    index = tune_index({"config": {"separator": THEME_SEPARATOR, "fields": {}}, "docs": [
        {"location": "policies/2-55/#2-55-4.A", "title": "A.", "text": "<p>De-escalation</p>"}]})
    assert index["config"]["separator"] == SEPARATOR
    assert set(index["config"]["fields"]) == {"joined", "address"}
    assert index["docs"][0]["joined"] == "deescalation"
    assert index["docs"][0]["address"].split()[0] == "2_55_4.A"


def test_guides_rank_below_policies_unless_they_say_otherwise() -> None:
    assert ranked_meta({"title": "Guide"}, None)["search"] == {"boost": 0.1}
    assert ranked_meta({"search": {"boost": 2}}, None)["search"] == {"boost": 2}
    assert "search" not in ranked_meta({"title": "SOP"}, "policy")


def test_print_only_blocks_stay_out_of_search(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [doc for doc in index["docs"] if doc["location"].startswith("policies/")]
    assert any("/redline/" in doc["location"] for doc in docs)  # redlines are searched
    generated = " ".join(doc["title"] + doc["text"] for doc in docs)
    assert "Uncontrolled when printed" not in generated
    assert "How to read this redline" not in generated
