"""`policykit import`: a thin click command over `toolkit.importer`."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click

from toolkit.errors import ImportTextError
from toolkit.importer import ImportSide, import_text, import_to_json, render_import_markdown


@click.command("import")
@click.argument("raw", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--policy", help="Policy id (`2-55`); found from the section numbers if left out.")
@click.option("--side", type=click.Choice(["old", "new"]),
              help="Write the clean text of one side of a redline instead of CriticMarkup.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of standard output.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole import result as JSON.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def import_command(raw: Path, policy: str | None, side: ImportSide | None, output: Path | None,
                   as_json: bool, force: bool) -> None:
    """Import PDF-extracted SOP text as policy markdown, recovering a flattened redline.

    Without --side, changes found in a flattened redline are marked with
    CriticMarkup ({~~old~>new~~}) for a reviewer to accept or fix. With --side
    old or new, the clean text of that side, ready to be a version file. With
    --json, the import result: both sides, each change with its confidence,
    warnings to confirm and the artifacts set aside (see site/importing.md).
    Warnings go to standard error as `file:line: code: message`.

    \b
    Examples:
      policykit import sop-2-55.txt
      policykit import sop-2-55.txt --side new -o policies/2-55/2023.md
      policykit import sop-2-55.txt --json > import.json
    """
    if output is not None and output.exists() and not force:
        raise ImportTextError("the file exists; pass --force to replace it", str(output))
    result = import_text(_read(raw), source=str(raw), policy=policy)
    if as_json:
        text = json.dumps(import_to_json(result), indent=2, ensure_ascii=False) + "\n"
    else:
        text = render_import_markdown(result, side)
    for warning in result.warnings:
        click.echo(f"{raw}:{warning.line}: {warning.code}: {warning.message}", err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        _write_atomically(output, text)


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportTextError(f"cannot read the file: {error.strerror}", str(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _write_atomically(path: Path, text: str) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


COMMANDS: list[click.Command] = [import_command]
