"""`policykit check` on time: two texts in force on one day, a status the dates contradict,
and amendments that cannot be applied (golden cases in fixtures/in_force.txt)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.authoring.test_check import write_tree
from toolkit.check import check_paths
from toolkit.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.cases("in_force.txt")
def test_in_force_diagnostics(case: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, case.input)
    monkeypatch.chdir(tmp_path)
    found = "\n".join(str(d) for d in check_paths([Path("policies")]))
    assert found == case.expected


def test_an_amendment_file_named_alone_is_checked_with_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, _CASE)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "policies/2-55/so-21-58.md"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "policies/2-55/so-21-58.md:11: replace 2-55-1.B: version 2021 has no clause 2-55-1.B "
        '(did you mean "2-55-1.A"?)')


def test_parse_of_an_amendment_says_what_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, _CASE)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["parse", "policies/2-55/so-21-58.md"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: policies/2-55/so-21-58.md:3: an amendment (kind: amendment) is not a version; "
        "policykit reads it with its policy's folder")


def test_the_real_policy_with_its_amendment_passes_check() -> None:
    found = [d for d in check_paths([ROOT / "policies"]) if d.severity == "error"]
    assert found == []


def test_the_documented_messages_are_the_real_ones() -> None:
    """Every message site/authoring.md shows for dates and amendments is one a case pins."""
    page = (ROOT / "site" / "authoring.md").read_text(encoding="utf-8")
    pinned = (Path(__file__).parent / "fixtures" / "in_force.txt").read_text(encoding="utf-8")
    start = page.index("## Dates and status")
    end = page.index("## What `policykit fmt` changes")
    shown = [line.split(": ", 1)[1] for line in page[start:end].splitlines()
             if line.startswith("policies/")]
    assert len(shown) >= 10
    messages = {line.split(": ", 1)[1] for line in pinned.splitlines() if line.startswith("policies/")}
    shapes = {_shape(message) for message in messages}
    assert [m for m in shown if _shape(m) not in shapes] == []


def _shape(message: str) -> str:
    """A message with its names, dates and numbers blanked, to compare wording only."""
    import re

    return re.sub(r'"[^"]*"|\d{4}-\d{2}-\d{2}|\b[\w.-]*\d[\w.-]*\b|line \d+', "_", message)


_CASE = """=== 2-55/2021.md
---
{id: 2-55, title: T, version: "2021", status: effective, effective: 2021-03-01}
---

## 2-55-1 Purpose

- **A.** One.
=== 2-55/so-21-58.md
---
id: 2-55
kind: amendment
version: so-21-58
number: SO 21-58
title: Amendment
amends: "2021"
effective:
---

## replace 2-55-1.B

- **B.** Two.
"""


def test_the_documented_amendment_applies_to_the_documented_version() -> None:
    import re

    from toolkit.amendment import apply_amendments, parse_amendment
    from toolkit.parse import parse_version
    from toolkit.tree import walk_version

    page = (ROOT / "site" / "authoring.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```markdown\n(.*?)```", page, re.DOTALL)
    version = parse_version(blocks[0])
    order = parse_amendment(next(b for b in blocks if "kind: amendment" in b), "so-21-58.md")
    amended = apply_amendments(version, [order])
    section = amended.sections[-1]
    assert [f"{n.address} {n.text}" for n in walk_version(amended) if n.address.startswith(
        section.number + ".")] == [
        "2-55-4.A De-escalation techniques are proactive actions and approaches.",
        "2-55-4.A.1 The following list is not intended to establish an order of priority.",
        "2-55-4.A.2 De-escalation techniques shall be used when feasible, and include:",
        ("2-55-4.A.2.a Using distance, cover, concealment, and/or time. These techniques allow "
        "an officer to:"),
        "2-55-4.A.2.a.i Assess the situation and their options;",
        "2-55-4.A.2.b Using intermediate barriers;",
        "2-55-4.A.p1 When a situation is escalated, sworn personnel shall attempt to de-escalate.",
        "2-55-4.B Supervisors shall become involved at once.",
    ]
    assert (amended.version, amended.effective) == ("so-21-58", "2023-09-01")
