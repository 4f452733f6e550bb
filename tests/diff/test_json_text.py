"""The fast JSON writer lays out exactly what `json.dumps(indent=2, ensure_ascii=False)` does."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.render.json_text import json_text

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=30,
)


def standard(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@given(VALUES)
def test_same_text_as_json_dumps(data: Any) -> None:
    assert json_text(data) == standard(data)


@pytest.mark.parametrize("data", [
    {}, [], "", {"a": []}, {"a": {}}, [[], {}], {"text": "<b>\u2028\x00\x7f\"\\é</b>"},
    {"inline": [["equal", "Officers "], ["delete", "will"]], "score": 0.857, "n": None},
    [float("nan"), float("inf"), -float("inf"), -0.0, 1e16, 10**30, True],
])
def test_edge_cases(data: Any) -> None:
    assert json_text(data) == standard(data)


def test_what_json_cannot_hold_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        json_text({"when": object()})
    with pytest.raises(TypeError):
        json_text({(1, 2): "tuple key"})
