"""Against the generated manual's computed truth (benchmarks/generate.py): the issue's bar of
precision and recall of change types >= 0.9 with no wrong moves, on a small sample."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from toolkit.diff import diff_versions

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def generate_policy() -> Callable[..., Any]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from generate import generate_policy as generate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCHMARKS))
    return generate  # type: ignore[no-any-return]


@pytest.mark.parametrize("edit_rate", [0.08, 0.3])
def test_change_types_match_the_truth(
    generate_policy: Callable[..., Any], edit_rate: float
) -> None:
    right = reported = true = wrong_moves = 0
    for seed in range(8):
        policy = generate_policy(f"3-{seed + 1:02d}", "Generated", 3, seed, 80,
                                 edit_rate=edit_rate)
        for index, truth in enumerate(policy.truths):
            cs = diff_versions(policy.versions[index], policy.versions[index + 1])
            mine = {(c.op, c.old, c.new) for c in cs.changes
                    if c.op != "unchanged" and ".def." not in "".join(c.old + c.new)}
            expected = {(c.op, c.old, c.new) for c in truth.changes if c.op != "unchanged"}
            right += len(mine & expected)
            reported += len(mine)
            true += len(expected)
            wrong_moves += sum(1 for change in mine - expected if change[0] == "moved")
    assert true > 100
    assert right / reported >= 0.9
    assert right / true >= 0.9
    assert wrong_moves == 0
