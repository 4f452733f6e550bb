"""`policykit parse`, `check` and `fmt`: thin click commands over parse, check and write."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from toolkit.check import NO_POLICY_FILES, Diagnostic, check_paths, expand_folder, has_errors
from toolkit.errors import ParseError, PolicyKitError
from toolkit.files import write_atomically
from toolkit.library import parse_snapshot, read_policy_file, read_version_file
from toolkit.model import ChangeSet
from toolkit.parse import parse_version

_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


@click.command("parse")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the clause tree as JSON.")
def parse_command(file: Path, as_json: bool) -> None:
    """Print the clause tree of one policy file: an outline, or JSON with --json.

    The outline shows one node per line: source line, address, attributes, text.
    The JSON is a stable contract, described on the site's authoring page.

    \b
    Examples:
      policykit parse policies/2-55/revised.md
      policykit parse policies/2-55/revised.md --json
    """
    import json

    from toolkit.tree_json import format_outline, version_to_json

    version = read_version_file(file)
    if as_json:
        click.echo(json.dumps(version_to_json(version), indent=2, ensure_ascii=False))
    else:
        click.echo(format_outline(version))


@click.command("check")
@_PATHS
@click.option("--git", "git_rev", metavar="REV",
              help="Also warn where a version already in force at REV is edited in place "
                   "or deleted (add a version instead).")
def check_command(paths: tuple[Path, ...], git_rev: str | None) -> None:
    """Check policy files and folders; print each problem as `file:line: message`.

    With no PATH, checks the `policies` folder. Exits 1 if there is any error;
    warnings (such as a related SOP that is not in policies/) leave it 0.
    With --git REV, a version that was already in force at REV (status
    effective, superseded or rescinded, or an effective date in the past) and
    whose text has changed since, or whose file is gone, draws a warning.

    \b
    Examples:
      policykit check
      policykit check policies/2-55
      policykit check policies/2-55/revised.md
      policykit check --git origin/main
    """
    wanted = list(paths) or [Path("policies")]
    diagnostics = check_paths(wanted)
    if git_rev is not None:
        diagnostics = sorted([*diagnostics, *history_diagnostics(git_rev, wanted)],
                             key=lambda d: (d.source, d.line or 0, d.message))
    for diagnostic in diagnostics:
        click.echo(str(diagnostic))
    errors = sum(1 for d in diagnostics if d.severity == "error")
    click.echo(f"{errors} error(s), {len(diagnostics) - errors} warning(s)", err=True)
    if has_errors(diagnostics):
        raise SystemExit(1)


def history_diagnostics(rev: str, paths: list[Path]) -> list[Diagnostic]:
    """A warning for each version in force at `rev` edited in place or deleted under `paths`.

    A file that does not parse now (or did not at `rev`) is left to the other checks.
    """
    from toolkit.cli.diffing import (  # git and history: only `check --git` needs them
        FileDiff,
        changed_version_files,
        git_show,
        history_edits,
        resolve_commit,
    )

    commit = resolve_commit(rev)
    diffs: list[FileDiff] = []
    for under in paths:
        for status, path in changed_version_files(commit, under):
            if status == "added":
                continue
            try:
                old = parse_version(git_show(commit, path), f"{rev}:{path.as_posix()}")
                new = old if status == "removed" else read_version_file(path)
            except PolicyKitError:
                continue
            diffs.append(FileDiff(path, status, ChangeSet(old, new, ())))
    return [
        Diagnostic(path, line, "warning", message)
        for path, line, message in history_edits(diffs, rev, date.today())
    ]


@click.command("fmt")
@_PATHS
@click.option("--check", "check_only", is_flag=True, help="Only list files that would change.")
def fmt_command(paths: tuple[Path, ...], check_only: bool) -> None:
    """Rewrite policy files in canonical form (the parsed tree never changes).

    With no PATH, formats every file under `policies`. Only files whose text
    changes are written, each atomically. With --check nothing is written; the
    files that would change are listed and the exit code is 1 if there are any.

    \b
    Examples:
      policykit fmt
      policykit fmt policies/2-55/revised.md
      policykit fmt --check policies
    """
    failed = changed = False
    for path in list(paths) or [Path("policies")]:
        files = expand_folder(path) if path.is_dir() else [path]
        if not files:
            failed = _report(ParseError(NO_POLICY_FILES, str(path)))
        for file in files:
            try:
                changed |= _format_file(file, check_only)
            except PolicyKitError as error:
                failed = _report(error)
    if failed or (check_only and changed):
        raise SystemExit(1)


def _report(error: PolicyKitError) -> bool:
    """Print one file's error and carry on with the rest; True, for `failed`."""
    click.echo(f"error: {error}", err=True)
    return True


def _format_file(file: Path, check_only: bool) -> bool:
    """Format one file; True if its text changes (or would).

    The file is only replaced if it is still exactly as it was read, so an edit
    saved while fmt works is never lost (fmt refuses instead).
    """
    from toolkit.write import without_positions, write_markdown  # fmt alone writes (and yaml)

    snapshot = read_policy_file(file)
    version = parse_snapshot(snapshot)
    new = write_markdown(version)
    if snapshot.data == new.encode("utf-8"):
        return False
    if without_positions(parse_version(new, str(file))) != without_positions(version):
        raise ParseError(
            "fmt would change the clause tree of this file; left it as it is", str(file)
        )
    if check_only:
        click.echo(f"would reformat {file}")
    else:
        write_atomically(file, new, replace=True, unchanged=snapshot)
        click.echo(f"reformatted {file}")
    return True


COMMANDS: list[click.Command] = [parse_command, check_command, fmt_command]
