"""`policykit check`: golden diagnostics, and a broken copy of a real policy folder."""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.check import Diagnostic, check_paths
from toolkit.cli import main
from toolkit.library import version_files
from toolkit.parse import read_version

ROOT = Path(__file__).resolve().parents[2]
REAL_POLICY = ROOT / "policies" / "2-55"


def write_tree(root: Path, spec: str) -> None:
    """Files given as `=== relative/path` followed by their text."""
    for chunk in spec.split("=== ")[1:]:
        name, _, body = chunk.partition("\n")
        path = root / "policies" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")


@pytest.mark.cases("check.txt")
def test_diagnostics(case: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, case.input)
    monkeypatch.chdir(tmp_path)
    found = "\n".join(str(d) for d in check_paths([Path("policies")]))
    assert found == case.expected


def test_diagnostic_wording() -> None:
    assert str(Diagnostic("p/v1.md", 4, "error", "bad")) == "p/v1.md:4: bad"
    assert str(Diagnostic("p/v1.md", 4, "warning", "odd")) == "p/v1.md:4: warning: odd"
    assert str(Diagnostic("nowhere", None, "error", "no such file or folder")) == (
        "nowhere: no such file or folder"
    )


def test_checking_one_file_still_sees_its_siblings(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        (
            "=== 2-55/a.md\n---\n{id: 2-55, title: T, version: a, status: draft, effective: }\n---\n"
            "=== 2-55/b.md\n---\nid: 2-55\ntitle: T\nversion: b\nstatus: draft\neffective:\n"
            "supersedes: a\n---\n"
        ),
    )
    assert check_paths([tmp_path / "policies" / "2-55" / "b.md"]) == []


def test_latin_1_file(tmp_path: Path) -> None:
    folder = tmp_path / "policies" / "2-55"
    folder.mkdir(parents=True)
    text = "---\n{id: 2-55, title: T, version: v1, status: draft, effective: }\n---\n\nCaf\u00e9\n"
    (folder / "v1.md").write_bytes(text.encode("latin-1"))
    assert [str(d) for d in check_paths([folder])] == [
        f"{folder / 'v1.md'}:5: not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"
    ]


def test_missing_path(tmp_path: Path) -> None:
    assert [str(d) for d in check_paths([tmp_path / "nope"])] == [
        f"{tmp_path / 'nope'}: no such file or folder"
    ]


# --- the CLI ----------------------------------------------------------------------------------


def run(args: list[str]) -> Any:
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_cli_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_tree(
        tmp_path,
        (
            "=== 2-55/v1.md\n---\n{id: 2-55, title: T, version: v1, status: effective, "
            "effective: 2023-01-01, related: [{id: 2-19, title: X}]}\n---\n"
        ),
    )
    warned = run(["check"])
    assert (warned.exit_code, warned.stdout) == (
        0,
        "policies/2-55/v1.md:2: warning: SOP 2-19 is not in policies/\n",
    )
    assert warned.stderr == "0 error(s), 1 warning(s)\n"
    (tmp_path / "policies" / "2-55" / "v2.md").write_text("## 2-55-1 Purpose\n")
    failed = run(["check", "policies/2-55"])
    assert failed.exit_code == 1
    assert "policies/2-55/v2.md:1: missing front matter" in failed.stdout


# --- a broken copy of a real policy -----------------------------------------------------------


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def newest(folder: Path) -> Path:
    """A version that supersedes another (the one to break), else any version."""
    files = version_files(folder)
    return next((f for f in files if read_version(f).supersedes), files[-1])


def set_key(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    line = f"{key}: {value}"
    if re.search(rf"^{key}:.*$", text, flags=re.MULTILINE):
        text = re.sub(rf"^{key}:.*$", line, text, count=1, flags=re.MULTILINE)
    else:
        text = text.replace("\n---\n", f"\n{line}\n---\n", 1)
    path.write_text(text, encoding="utf-8")


def break_front_matter(folder: Path) -> tuple[Path, str]:
    path = newest(folder)
    set_key(path, "title", '"Use of Force')
    return path, "front matter is not valid YAML"


def duplicate_a_label(folder: Path) -> tuple[Path, str]:
    path = newest(folder)
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if re.match(r"- \*\*B\.\*\* ", line))
    lines.insert(index + 1, lines[index])
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, f'clause label "B." repeats "B." at line {index + 1}'


def make_a_supersedes_cycle(folder: Path) -> tuple[Path, str]:
    first, second = version_files(folder)[:2]
    set_key(first, "supersedes", f'"{read_version(second).version}"')
    set_key(second, "supersedes", f'"{read_version(first).version}"')
    return first, "supersedes forms a cycle"


def use_a_dotdot_policy_id(folder: Path) -> tuple[Path, str]:
    path = newest(folder)
    set_key(path, "id", "../2-55")
    return path, 'policy id "../2-55" is not a safe name'


def save_as_latin_1(folder: Path) -> tuple[Path, str]:
    path = newest(folder)
    text = path.read_text(encoding="utf-8").replace("## ", "## \u00e9 ", 1)
    path.write_bytes(text.encode("latin-1", errors="replace"))
    return path, "not UTF-8: byte 0xe9 cannot be decoded"


@pytest.mark.skipif(not REAL_POLICY.is_dir(), reason="policies/2-55 is not written yet")
@pytest.mark.parametrize(
    "breakage",
    [
        break_front_matter,
        duplicate_a_label,
        make_a_supersedes_cycle,
        use_a_dotdot_policy_id,
        save_as_latin_1,
    ],
)
def test_a_broken_copy_gives_one_error_naming_file_and_line(
    breakage: Callable[[Path], tuple[Path, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = digest(REAL_POLICY)
    copy = tmp_path / "policies" / "2-55"
    shutil.copytree(REAL_POLICY, copy)
    broken, message = breakage(copy)
    monkeypatch.chdir(tmp_path)
    result = run(["check", "policies"])
    errors = [line for line in result.stdout.splitlines() if ": warning: " not in line]
    assert result.exit_code == 1
    assert len(errors) == 1, errors
    assert re.match(rf"policies/2-55/{re.escape(broken.name)}:\d+: {re.escape(message)}", errors[0])
    assert digest(REAL_POLICY) == before


# --- never a traceback ------------------------------------------------------------------------

FILE_PIECES = [
    "---\n", "id: 2-55\n", "id: ../x\n", "title: T\n", "version: v1\n", "version: v2\n",
    "status: draft\n", "status: effective\n", "effective: 2023-02-30\n", "effective:\n",
    "supersedes: v1\n", "supersedes: v2\n", "related: [{id: 2-19, title: X}]\n", "related: 5\n",
    "## 2-55-1 Purpose\n", "## 2-56-x\n", "- **A.** a\n", "- **C.** c\n", "  - **i.** i\n",
    "  - **v.** v\n", "- **A.**\n", "-\n", "- **T:**\n", "See SOP 2-60.\n", "{#x}\n", "\n",
]
file_text = st.lists(st.sampled_from(FILE_PIECES), max_size=20).map("".join)
file_bytes = st.one_of(file_text.map(str.encode), st.binary(max_size=60))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(file_bytes, min_size=1, max_size=3))
def test_check_never_raises(contents: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        policy = Path(folder) / "policies" / "2-55"
        policy.mkdir(parents=True)
        for index, content in enumerate(contents, start=1):
            (policy / f"v{index}.md").write_bytes(content)
        for diagnostic in check_paths([Path(folder) / "policies"]):
            assert diagnostic.line is None or diagnostic.line >= 1
            assert str(diagnostic).startswith(str(policy))
