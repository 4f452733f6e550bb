"""Dotted sections that hold others (`300.3` holds `300.3.1`) are written nested (`###`)."""

from __future__ import annotations

from pathlib import Path

from toolkit.check import check_paths
from toolkit.importer import import_text, render_import_markdown
from toolkit.parse import read_version

TEXT = (Path(__file__).parent / "fixtures" / "dotted-nested.txt").read_text(encoding="utf-8")


def test_nested_dotted_sections_are_written_with_deeper_headings(tmp_path: Path) -> None:
    result = import_text(TEXT, "lexi.txt", policy="300")
    levels = [(s.number, s.level, s.parent) for s in result.new.sections]
    assert levels == [("300.1", 2, None), ("300.3", 2, None), ("300.3.1", 3, "300.3"),
                      ("300.3.1.2", 4, "300.3.1"), ("300.3.2", 3, "300.3"), ("300.4", 2, None)]
    path = tmp_path / "300" / "2024.md"
    path.parent.mkdir()
    path.write_text(render_import_markdown(result, "new", "2024"), encoding="utf-8")
    headings = [line for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith("#")]
    assert headings[2:5] == ["### 300.3.1 Use of Force to Effect an Arrest",
                             "#### 300.3.1.2 Factors Used to Determine Reasonableness",
                             "### 300.3.2 Alternative Tactics"]
    assert [d for d in check_paths([path]) if d.severity == "error"] == []
    assert [s.parent for s in read_version(path).sections] == [s[2] for s in levels]


def test_other_schemes_stay_at_one_level() -> None:
    apd = "SOP 2-55 Use of Force\n\n2-55-1 Purpose\nText.\n\n2-55-2 Policy\nMore text.\n"
    assert {s.level for s in import_text(apd, "apd.txt").new.sections} == {2}


CHAPTERS = """HARBOR CITY POLICE DEPARTMENT
DUTY MANUAL

CHAPTER 1
GENERAL PROVISIONS

1.01 Purpose of the Manual
This manual sets out the rules every member follows on duty.

1.02 Authority
The Chief of Police issues this manual under the City Charter.

\fCHAPTER 2
USE OF FORCE

2.01 Policy
Members use only the force that is objectively reasonable.

2.02 Reporting
A. Every use of force is reported before the end of the shift.
B. The supervisor reviews the report within three days.
"""


def test_chapters_numbered_alone_hold_their_dotted_sections(tmp_path: Path) -> None:
    """`CHAPTER 2` / `USE OF FORCE` over `2.01`, `2.02`: the chapter is a section of its own
    holding them, not a line glued into the text of the section before."""
    result = import_text(CHAPTERS, "duty-manual.txt")
    assert [(s.number, s.title, s.parent) for s in result.new.sections] == [
        ("1", "GENERAL PROVISIONS", None), ("1.01", "Purpose of the Manual", "1"),
        ("1.02", "Authority", "1"), ("2", "USE OF FORCE", None), ("2.01", "Policy", "2"),
        ("2.02", "Reporting", "2")]
    assert "CHAPTER" not in result.new.sections[2].text
    path = tmp_path / result.policy / "2024.md"
    path.parent.mkdir()
    path.write_text(render_import_markdown(result, "new", "2024"), encoding="utf-8")
    assert [d for d in check_paths([path]) if d.severity == "error"] == []


def test_a_policy_numbered_with_a_dot_over_all_its_sections_is_the_title() -> None:
    """`460.25 USE OF FORCE` over `460.25.1`, `460.25.2`, `460.25.3.1`: the policy's own
    number and title, no section holding the others; its id is the number they share."""
    text = """HARBOR CITY POLICE DEPARTMENT
POLICY MANUAL

460.25 USE OF FORCE

460.25.1 PURPOSE
This policy sets the rules for the use of force.

460.25.2 DEFINITIONS
Deadly force means force likely to cause death or serious injury.

460.25.3 PROCEDURE
460.25.3.1 REPORTING
Every use of force is reported before the end of the shift.
"""
    result = import_text(text, "460.txt")
    assert (result.policy, result.title) == ("460.25", "Use of Force")
    assert [(s.number, s.parent) for s in result.new.sections] == [
        ("460.25.1", None), ("460.25.2", None), ("460.25.3", None), ("460.25.3.1", "460.25.3")]
