"""Golden redlines: the CriticMarkup and terminal views, word for word (fixtures/redlines.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import read_cases
from toolkit.diff import diff_versions
from toolkit.parse import parse_version
from toolkit.render.redline_md import render_redline_critic
from toolkit.render.redline_text import render_redline_text

FIXTURES = Path(__file__).parent / "fixtures" / "redlines.txt"


CASES = [[case.title, *(part + "\n" for part in case.parts)] for case in read_cases(FIXTURES, 4)]


@pytest.mark.parametrize("case", CASES, ids=[case[0].strip() for case in CASES])
def test_golden_redline(case: list[str]) -> None:
    _, old, new, markdown, text = case
    cs = diff_versions(parse_version(old, "old.md"), parse_version(new, "new.md"))
    assert render_redline_critic(cs) == markdown
    assert render_redline_text(cs, color=False) == text
