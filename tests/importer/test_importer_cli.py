"""`policykit import`: outputs, never overwriting, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import main
from toolkit.parse import parse_version

SEED = Path(__file__).parent / "fixtures" / "seed-2-55.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", *args])
    return result.exit_code, result.stdout, result.stderr


def test_markdown_with_criticmarkup_to_stdout() -> None:
    code, out, err = run(str(SEED))
    assert code == 0
    assert "{~~Utilizing~>Using~~} intermediate barriers;" in out
    assert f"{SEED}:227: redline-uncertain: " in err


def test_side_new_is_a_clean_version(tmp_path: Path) -> None:
    target = tmp_path / "policies" / "2-55" / "new.md"
    code, out, _ = run(str(SEED), "--side", "new", "-o", str(target))
    assert (code, out) == (0, "")
    text = target.read_text(encoding="utf-8")
    assert "{~~" not in text and "Using intermediate barriers;" in text
    assert parse_version(text, str(target)).policy == "2-55"
    assert [p.name for p in target.parent.iterdir()] == ["new.md"]  # no temporary file left


def test_side_old_and_policy_option(tmp_path: Path) -> None:
    code, out, _ = run(str(SEED), "--side", "old", "--policy", "2-55")
    assert code == 0 and "Utilizing intermediate barriers;" in out


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(str(SEED), "-o", str(target))
    assert code == 1
    assert err == f"error: {target}: the file exists; pass --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "keep me"
    code, _, _ = run(str(SEED), "-o", str(target), "--force")
    assert code == 0 and target.read_text(encoding="utf-8").startswith("---\nid: 2-55\n")


def test_json_output() -> None:
    code, out, _ = run(str(SEED), "--json")
    data = json.loads(out)
    assert code == 0 and data["policy"] == "2-55" and data["redline"] is True
    assert {"line": 231, "old": "will", "new": "shall", "confidence": 0.8,
            "rule": "alternatives"} in data["changes"]


def test_bad_input_is_one_line_and_exit_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    assert run(str(empty)) == (1, "", f"error: {empty}:1: no text to import\n")
    missing = tmp_path / "missing.txt"
    assert run(str(missing)) == (
        1, "", f"error: {missing}: cannot read the file: No such file or directory\n")


def test_a_clean_import_passes_check(tmp_path: Path) -> None:
    from toolkit.check import check_paths

    target = tmp_path / "policies" / "4-12" / "imported.md"
    clean = Path(__file__).parent / "fixtures" / "clean_sop.txt"
    assert run(str(clean), "--side", "new", "-o", str(target))[0] == 0
    errors = [d for d in check_paths([tmp_path / "policies"]) if d.severity == "error"]
    assert errors == []
