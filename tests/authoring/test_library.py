"""The library: policies by id, versions in supersedes order, `ID@VERSION` look-ups."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.errors import LibraryError, ParseError
from toolkit.files import is_safe_name
from toolkit.library import Library, load_library


def version_file(
    root: Path, policy: str, name: str, extra: str = "", status: str = "draft"
) -> None:
    folder = root / "policies" / policy
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(
        f"---\nid: {policy}\ntitle: T {policy}\nversion: {name}\nstatus: {status}\n"
        f"effective:\n{extra}---\n\n## {policy}-1 Purpose\n\nText.\n",
        encoding="utf-8",
    )


@pytest.fixture
def library(tmp_path: Path) -> Library:
    version_file(tmp_path, "2-55", "zeta", status="superseded")
    version_file(tmp_path, "2-55", "alpha", "supersedes: zeta\n", status="effective")
    version_file(tmp_path, "2-55", "draft-3", "supersedes: alpha\n")
    version_file(tmp_path, "2-19", "2020", status="effective")
    (tmp_path / "policies" / "2-55" / "README.md").write_text("# notes\n", encoding="utf-8")
    (tmp_path / "policies" / "2-55" / "raw.txt").write_text("raw\n", encoding="utf-8")
    return load_library(tmp_path)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("2-55", True),
        ("2023", True),
        ("v1.2_final", True),
        ("A", True),
        ("", False),
        ("../2-55", False),
        ("a..b", False),
        (".hidden", False),
        ("-x", False),
        ("2 55", False),
        ("2/55", False),
        ("caf\u00e9", False),
    ],
)
def test_is_safe_name(name: str, safe: bool) -> None:
    assert is_safe_name(name) is safe


def test_policies_by_id_and_versions_in_supersedes_order(library: Library) -> None:
    assert [p.id for p in library.policies] == ["2-19", "2-55"]
    assert [v.version for v in library.policy("2-55").versions] == ["zeta", "alpha", "draft-3"]


def test_resolve_a_version_and_the_current_one(library: Library) -> None:
    assert library.resolve("2-55@zeta").version == "zeta"
    assert library.resolve("2-55").version == "alpha"  # the newest effective, not the draft
    assert library.resolve("2-19").version == "2020"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("2-5", 'no policy "2-5" in {root} (did you mean "2-55"?)'),
        ("9-99", 'no policy "9-99" in {root}'),
        (
            "2-55@alpah",
            'policy 2-55 has no version "alpah" (did you mean "alpha"?); it has zeta, alpha, draft-3',
        ),
    ],
)
def test_resolve_errors_suggest_close_names(library: Library, ref: str, message: str) -> None:
    with pytest.raises(LibraryError) as raised:
        library.resolve(ref)
    assert str(raised.value) == message.format(root=library.root)


def test_versions_without_supersedes_go_by_effective_date_then_name(tmp_path: Path) -> None:
    version_file(tmp_path, "2-55", "b", "", status="draft")
    (tmp_path / "policies" / "2-55" / "a.md").write_text(
        "---\n{id: 2-55, title: T, version: a, status: effective, effective: 2024-01-01}\n---\n",
        encoding="utf-8",
    )
    version_file(tmp_path, "2-55", "c", "", status="draft")
    assert [v.version for v in load_library(tmp_path / "policies").policies[0].versions] == [
        "b",
        "c",
        "a",
    ]


def test_a_supersedes_cycle_is_a_library_error(tmp_path: Path) -> None:
    version_file(tmp_path, "2-55", "a", "supersedes: b\n")
    version_file(tmp_path, "2-55", "b", "supersedes: a\n")
    with pytest.raises(LibraryError) as raised:
        load_library(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path / 'policies' / '2-55' / 'a.md'}:7: supersedes forms a cycle: a -> b -> a"
    )


def test_supersedes_pointing_nowhere_is_a_library_error(tmp_path: Path) -> None:
    version_file(tmp_path, "2-55", "a", "supersedes: b\n")
    with pytest.raises(LibraryError) as raised:
        load_library(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path / 'policies' / '2-55' / 'a.md'}:7: "
        'supersedes "b", but policy 2-55 has no such version'
    )


def test_names_must_match_folder_and_file(tmp_path: Path) -> None:
    version_file(tmp_path, "2-55", "a")
    (tmp_path / "policies" / "2-55" / "a.md").rename(tmp_path / "policies" / "2-55" / "b.md")
    with pytest.raises(LibraryError) as raised:
        load_library(tmp_path)
    assert str(raised.value) == (
        f'{tmp_path / "policies" / "2-55" / "b.md"}:4: version "a" does not match the file name "b.md"'
    )


def test_an_unreadable_version_is_a_parse_error(tmp_path: Path) -> None:
    version_file(tmp_path, "2-55", "a")
    (tmp_path / "policies" / "2-55" / "b.md").write_bytes(b"---\nid: caf\xe9\n---\n")
    with pytest.raises(ParseError):
        load_library(tmp_path)


def test_no_policies_folder(tmp_path: Path) -> None:
    with pytest.raises(LibraryError) as raised:
        load_library(tmp_path / "nowhere")
    assert str(raised.value) == f"no policies folder at {tmp_path / 'nowhere'}"
