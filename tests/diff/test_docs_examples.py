"""site/reviewing.md stays true: its commands print what it shows, its Python runs, and it
names every key the JSON contract writes.

Shown output may be abridged: a line `…` skips any number of lines, and a line ending in
`…` stands for any line that starts with the text before it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from toolkit.diff import diff_versions
from toolkit.parse import read_version
from toolkit.render.changes_json import changeset_to_json

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "site" / "reviewing.md").read_text(encoding="utf-8")
POLICY = ROOT / "policies" / "2-55"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.DOTALL | re.MULTILINE)
ELLIPSIS = "…"


def blocks() -> list[tuple[str, str]]:
    """Every fenced block of the page as (language, body), in page order."""
    return [(match[1], match[2]) for match in FENCE.finditer(PAGE)]


def blocks_of(language: str) -> list[str]:
    return [body for lang, body in blocks() if lang == language]


def output_after(language: str) -> list[tuple[str, str | None]]:
    """Each block of `language` with the `text` block right after it (its output), if any."""
    found = blocks()
    return [
        (body, found[i + 1][1] if i + 1 < len(found) and found[i + 1][0] == "text" else None)
        for i, (lang, body) in enumerate(found) if lang == language
    ]


def console_examples() -> list[tuple[str, str]]:
    """Each `$ command` of a console block with the lines shown under it."""
    found = []
    for block in blocks_of("console"):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


def assert_shows(shown: str, printed: str) -> None:
    """Every shown line appears in the printed output, in order (see the module docstring)."""
    lines = [line.rstrip() for line in printed.splitlines()]
    at, skipping = 0, False
    for want in (line.rstrip() for line in shown.splitlines()):
        if want == ELLIPSIS:
            skipping = True
            continue
        if skipping:
            while at < len(lines) and not line_matches(want, lines[at]):
                at += 1
        assert at < len(lines) and line_matches(want, lines[at]), f"not printed here: {want!r}"
        at, skipping = at + 1, False
    assert skipping or at == len(lines), f"printed more than shown: {lines[at:at + 3]}"


def line_matches(shown: str, printed: str) -> bool:
    if shown.endswith(ELLIPSIS):
        return printed.startswith(shown[: -len(ELLIPSIS)])
    return printed == shown


def run(command: str, cwd: Path) -> str:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env["NO_COLOR"] = "1"
    done = subprocess.run(f"{command} 2>&1", shell=True, cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout
    return done.stdout


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder holding the two 2-55 versions under policies/, as the page's commands expect."""
    folder = tmp_path / "policies" / "2-55"
    folder.mkdir(parents=True)
    for name in ("original.md", "revised.md"):
        shutil.copy(POLICY / name, folder / name)
    return tmp_path


@pytest.fixture(scope="module")
def changes() -> dict[str, Any]:
    old, new = (read_version(POLICY / name) for name in ("original.md", "revised.md"))
    return changeset_to_json(diff_versions(old, new))


# -- the page shows real output ---------------------------------------------------------------


@pytest.mark.parametrize(("command", "shown"), console_examples(),
                         ids=[command for command, _ in console_examples()])
def test_console_example_prints_what_the_page_shows(
    command: str, shown: str, workdir: Path
) -> None:
    assert_shows(shown, run(command, workdir))


def test_first_redline_excerpt_is_real_output(workdir: Path) -> None:
    first_kind, excerpt = blocks()[0]
    assert first_kind == "text"
    printed = run("policykit diff 2-55@original 2-55@revised", workdir)
    summary, _, change = excerpt.partition("\n\n")
    assert_shows(summary + "\n" + ELLIPSIS, printed)
    assert_shows(ELLIPSIS + "\n" + change + ELLIPSIS, printed)


def test_pull_request_example_prints_what_the_page_shows(workdir: Path) -> None:
    """The --git commands run in a repository where a branch changed one word of 2-55."""
    [(commands, shown)] = output_after("sh")
    assert shown is not None

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                       cwd=workdir, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "policies")
    git("commit", "-q", "-m", "2-55")
    git("switch", "-q", "-c", "tighten-2-55")
    revised = workdir / "policies" / "2-55" / "revised.md"
    text = revised.read_text(encoding="utf-8")
    revised.write_text(text.replace("officer should attempt", "officer shall attempt"),
                       encoding="utf-8")
    terminal, pull_request = (line.split("#")[0].strip() for line in commands.splitlines())
    assert_shows(shown, run(terminal, workdir))
    run(pull_request, workdir)
    assert "<del>should</del><ins>shall</ins>" in (workdir / "redline.md").read_text(encoding="utf-8")


def test_python_examples_run_and_print_what_the_page_shows(workdir: Path) -> None:
    """The examples run in order, as one session, after the page's JSON command."""
    run("policykit diff 2-55@original 2-55@revised --format json -o changes.json", workdir)
    namespace: dict[str, Any] = {}
    examples = output_after("python")
    assert len(examples) >= 2
    with contextlib.chdir(workdir):
        for code, shown in examples:
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(code, "site/reviewing.md", "exec"), namespace)  # noqa: S102
            if shown is not None:
                assert_shows(shown, printed.getvalue())


def test_json_example_is_a_real_change_word_for_word(changes: dict[str, Any]) -> None:
    [example] = [json.loads(body) for body in blocks_of("json")]
    [real] = [c for c in changes["changes"] if (c["old"], c["new"]) == (example["old"], example["new"])]
    assert example == real


# -- the page documents the whole contract ------------------------------------------------------


def documented(key: str) -> bool:
    return f"`{key}`" in PAGE


def test_every_top_level_key_is_documented(changes: dict[str, Any]) -> None:
    assert [key for key in changes if not documented(key)] == []


def test_every_key_of_a_change_and_a_summary_is_documented(changes: dict[str, Any]) -> None:
    keys = {key for change in changes["changes"] for key in change}
    keys |= set(changes["summary"]) | {key for r in changes["replacements"] for key in r}
    keys |= {key for field in changes["front_matter"] for key in field}
    assert sorted(key for key in keys if not documented(key)) == []


def test_every_key_of_every_node_record_is_documented(changes: dict[str, Any]) -> None:
    records = [r for c in changes["changes"] for side in ("old", "new") for r in c["nodes"][side]]
    assert {r["kind"] for r in records} == {"section", "clause", "definition"}
    keys = {key for record in records for key in record}
    assert sorted(key for key in keys if not documented(key)) == []
    assert all(documented(kind) for kind in ("section", "clause", "definition"))


def test_every_header_key_is_documented(changes: dict[str, Any]) -> None:
    header = changes["versions"]["new"]
    keys = set(header) | set(header["meta"])
    assert sorted(key for key in keys if not documented(key)) == []


def test_definition_addresses_follow_the_documented_scheme(changes: dict[str, Any]) -> None:
    definitions = [r for c in changes["changes"] for side in ("old", "new")
                   for r in c["nodes"][side] if r["kind"] == "definition"]
    assert definitions
    for record in definitions:
        slug = re.sub(r"[^a-z0-9]+", "-", record["term"].lower()).strip("-")
        assert record["address"] == f"{record['section']}.def.{slug}"
    assert "`2-55-3.def.de-escalation`" in PAGE


def test_the_abridgement_check_can_fail() -> None:
    with pytest.raises(AssertionError):
        assert_shows("a\nc", "a\nb\nc")
    with pytest.raises(AssertionError):
        assert_shows("a\n…\nd", "a\nb\nc")
    with pytest.raises(AssertionError):
        assert_shows("a", "a\nb")
    assert_shows("a\n…\nc\nd…", "a\nb\nc\ndone")
