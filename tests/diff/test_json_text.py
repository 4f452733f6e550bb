"""The fast JSON writer lays out exactly what `json.dumps(indent=2, ensure_ascii=False)` does,
but for the two float spellings its docstring names (no policykit JSON holds them)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.render.json_text import json_text, json_utf8

FLOATS = st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x == 0 or abs(x) >= 1e-4)
SCALARS = st.none() | st.booleans() | st.integers() | FLOATS | st.text()
KEYS = st.text() | st.integers() | st.booleans() | st.none() | FLOATS
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
    if _encodable(standard(data)):  # a lone surrogate has no UTF-8 (and no policy file holds one)
        assert json_utf8(data) == standard(data).encode()


def _encodable(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("data", [
    {}, [], "", {"a": []}, {"a": {}}, [[], {}], {"text": "<b>\u2028\x00\x7f\"\\é</b>"},
    {"inline": [["equal", "Officers "], ["delete", "will"]], "score": 0.857, "n": None},
    [-0.0, 1e16, 1e-4, 0.001, 1.0, 10**30, True], {1: "int key", None: [2**64]},
])
def test_edge_cases(data: Any) -> None:
    assert json_text(data) == standard(data)
    assert json_utf8(data) == standard(data).encode()


def test_what_json_cannot_hold_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        json_text({"when": object()})
    with pytest.raises(TypeError):
        json_text({(1, 2): "tuple key"})
    with pytest.raises(TypeError):
        json_utf8({"when": object()})


def test_the_two_accepted_differences() -> None:
    """NaN is no JSON (json.dumps writes `NaN`) and tiny floats drop the exponent."""
    assert json_text([float("nan"), float("inf"), 1e-5]) == "[\n  null,\n  null,\n  0.00001\n]\n"


def test_a_change_set_score_is_written_as_json_writes_it() -> None:
    scores = [round(k / 997, 3) for k in range(998)]
    assert json_text({"score": scores}) == standard({"score": scores})
