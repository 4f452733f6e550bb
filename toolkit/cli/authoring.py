"""`policykit parse`, `check` and `fmt`: thin click commands over parse, check and write."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click

from toolkit.check import check_paths, expand_folder, has_errors
from toolkit.errors import ParseError, PolicyKitError
from toolkit.parse import parse_version, read_version
from toolkit.tree_json import format_outline, version_to_json
from toolkit.write import without_positions, write_markdown

_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


@click.command("parse")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the clause tree as JSON.")
def parse_command(file: Path, as_json: bool) -> None:
    """Print the clause tree of one policy file: an outline, or JSON with --json.

    The outline shows one node per line: source line, address, attributes, text.
    The JSON is a stable contract, described on the site's authoring page.

    \b
    Examples:
      policykit parse policies/2-55/2023.md
      policykit parse policies/2-55/2023.md --json
    """
    version = read_version(file)
    if as_json:
        click.echo(json.dumps(version_to_json(version), indent=2, ensure_ascii=False))
    else:
        click.echo(format_outline(version))


@click.command("check")
@_PATHS
def check_command(paths: tuple[Path, ...]) -> None:
    """Check policy files and folders; print each problem as `file:line: message`.

    With no PATH, checks the `policies` folder. Exits 1 if there is any error;
    warnings (such as a related SOP that is not in policies/) leave it 0.

    \b
    Examples:
      policykit check
      policykit check policies/2-55
      policykit check policies/2-55/2023.md
    """
    diagnostics = check_paths(list(paths) or [Path("policies")])
    for diagnostic in diagnostics:
        click.echo(str(diagnostic))
    errors = sum(1 for d in diagnostics if d.severity == "error")
    click.echo(f"{errors} error(s), {len(diagnostics) - errors} warning(s)", err=True)
    if has_errors(diagnostics):
        raise SystemExit(1)


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
      policykit fmt policies/2-55/2023.md
      policykit fmt --check policies
    """
    failed = changed = False
    for file in _files(list(paths) or [Path("policies")]):
        try:
            changed |= _format_file(file, check_only)
        except PolicyKitError as error:
            click.echo(f"error: {error}", err=True)
            failed = True
    if failed or (check_only and changed):
        raise SystemExit(1)


def _files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(expand_folder(path) if path.is_dir() else [path])
    return files


def _format_file(file: Path, check_only: bool) -> bool:
    """Format one file; True if its text changes (or would)."""
    version = read_version(file)
    new = write_markdown(version)
    if file.read_bytes() == new.encode("utf-8"):
        return False
    if without_positions(parse_version(new, str(file))) != without_positions(version):
        raise ParseError(
            "fmt would change the clause tree of this file; left it as it is", str(file)
        )
    if check_only:
        click.echo(f"would reformat {file}")
    else:
        _replace_atomically(file, new)
        click.echo(f"reformatted {file}")
    return True


def _replace_atomically(file: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temporary, file.stat().st_mode & 0o7777)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


COMMANDS: list[click.Command] = [parse_command, check_command, fmt_command]
