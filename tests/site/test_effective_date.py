"""A version with no recorded date is not called 'not in force' unless it is a draft."""

from __future__ import annotations

import pytest

from toolkit.model import Version
from toolkit.render.policy_html import describe_effective


@pytest.mark.parametrize(
    ("status", "effective", "shown"),
    [
        ("effective", "2023-05-01", "2023-05-01"),
        ("effective", None, "date not recorded"),
        ("superseded", None, "date not recorded"),
        ("draft", None, "not yet"),
    ],
)
def test_effective_date_is_described_honestly(status: str, effective: str | None, shown: str) -> None:
    version = Version("2-55", "v", "T", status, effective)  # type: ignore[arg-type]
    assert describe_effective(version) == shown
