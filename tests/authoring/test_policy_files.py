"""Every file in policies/ parses, checks clean and is already in canonical form."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.check import check_paths, expand_folder
from toolkit.library import load_library
from toolkit.parse import parse_version, read_version
from toolkit.write import without_positions, write_markdown

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT / "policies"
FILES = expand_folder(POLICIES) if POLICIES.is_dir() else []


def test_there_are_policy_files() -> None:
    assert FILES, "policies/ holds no version files"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(POLICIES)))
def test_fmt_is_idempotent_and_keeps_the_tree(path: Path) -> None:
    version = read_version(path)
    written = write_markdown(version)
    again = parse_version(written)
    assert without_positions(again) == without_positions(version)
    assert write_markdown(again) == written


def test_check_finds_no_errors() -> None:
    errors = [str(d) for d in check_paths([POLICIES]) if d.severity == "error"]
    assert errors == []


def test_the_library_loads() -> None:
    library = load_library(ROOT)
    assert all(policy.versions for policy in library.policies)


@pytest.mark.skipif(not (POLICIES / "2-55").is_dir(), reason="policies/2-55 is not written yet")
@pytest.mark.parametrize(
    "path", [p for p in FILES if p.parent.name == "2-55"], ids=lambda p: p.name
)
def test_sop_2_55_has_its_four_sections_definitions_and_header(path: Path) -> None:
    version = read_version(path)
    assert [s.number for s in version.sections] == ["2-55-1", "2-55-2", "2-55-3", "2-55-4"]
    assert any(d.term.startswith("De-escalation") for d in version.definitions)
    assert [r.id for r in version.meta.related][:2] == ["2-19", "2-52"]
    assert version.sections[3].children, "2-55-4 holds clauses"
