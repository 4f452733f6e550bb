"""`policykit diff`: a thin click command over diff_versions and the redline renderers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import click

from toolkit.diff import diff_versions
from toolkit.errors import DiffError
from toolkit.library import NOT_VERSIONS, load_library
from toolkit.model import ChangeSet, Version
from toolkit.parse import parse_version, read_version
from toolkit.render.changes_json import changeset_to_json
from toolkit.render.redline_html import redline_to_string, render_redlines
from toolkit.render.redline_md import render_redline_critic, render_redline_markdown
from toolkit.render.redline_text import render_redline_text


def render_json(sets: list[ChangeSet], several: bool) -> str:
    """One change set, or under --git always `{"diffs": [...]}`, so its shape never depends on a count."""
    data = {"diffs": [changeset_to_json(cs) for cs in sets]} if several else changeset_to_json(sets[0])
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[list[ChangeSet], bool, bool], str]] = {
    "text": lambda sets, color, several: "\n".join(render_redline_text(cs, color) for cs in sets),
    "md": lambda sets, color, several: "\n".join(render_redline_markdown(cs) for cs in sets),
    "critic": lambda sets, color, several: "\n".join(render_redline_critic(cs) for cs in sets),
    "html": lambda sets, color, several: redline_to_string(render_redlines(sets)),
    "json": lambda sets, color, several: render_json(sets, several),
}


@click.command("diff")
@click.argument("refs", nargs=-1, metavar="OLD NEW")
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text",
              show_default=True,
              help="What to write: text for a terminal, md for a pull request on GitHub or "
                   "GitLab (<del>/<ins> and a table of changed parts), critic for CriticMarkup, "
                   "html for a standalone page, json for the change set.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of standard output.")
@click.option("--force", is_flag=True, help="Overwrite the -o file if it exists.")
@click.option("--policies", "policies", type=click.Path(path_type=Path, file_okay=False),
              default=Path("policies"), show_default=True,
              help="Folder that ID@VERSION references resolve in.")
@click.option("--git", "git_rev", metavar="REV",
              help="Compare each changed version file under PATH with its state at REV.")
@click.option("--color/--no-color", default=None,
              help="Colour the text format (default: when writing to a terminal).")
def diff_command(
    refs: tuple[str, ...], output_format: str, output: Path | None, force: bool, policies: Path,
    git_rev: str | None, color: bool | None,
) -> None:
    """Compare two versions clause by clause and print the redline.

    OLD and NEW are version files or ID@VERSION references (ID alone is the
    current version). With --git REV, the only argument is an optional PATH
    (default: the policies folder), and every version file changed since REV
    is compared with its state at REV; a new file is compared with the
    version it supersedes.

    \b
    Examples:
      policykit diff 2-55@original 2-55@revised
      policykit diff policies/2-55/original.md policies/2-55/revised.md --format md
      policykit diff 2-55@original 2-55@revised --format html -o redline.html
      policykit diff --git HEAD~1 --format json
    """
    if output is not None and output.exists() and not force:
        raise click.ClickException(f"{output} exists; add --force to overwrite it")
    if git_rev is not None:
        if len(refs) > 1:
            raise click.UsageError("with --git, give at most one PATH")
        sets = changesets_since(git_rev, Path(refs[0]) if refs else policies, policies)
    elif len(refs) == 2:
        sets = [diff_versions(load_version(refs[0], policies), load_version(refs[1], policies))]
    else:
        raise click.UsageError("give OLD and NEW (files or ID@VERSION), or --git REV [PATH]")
    if not sets:
        click.echo(f"no version file under {refs[0] if refs else policies} changed since {git_rev}",
                   err=True)
        return
    in_color = color if color is not None else output is None and sys.stdout.isatty()
    text = FORMATS[output_format](sets, in_color and output_format == "text", git_rev is not None)
    if output is None:
        click.echo(text, nl=False, color=in_color)
    else:
        write_atomically(output, text)


def load_version(ref: str, policies: Path) -> Version:
    """A version file, or `ID@VERSION` resolved in the policies folder."""
    path = Path(ref)
    if path.suffix == ".md" or path.is_file():
        return read_version(path)
    return load_library(policies).resolve(ref)


def changesets_since(rev: str, under: Path, policies: Path) -> list[ChangeSet]:
    """A change set for each version file under `under` that differs from its state at `rev`."""
    sets = []
    for status, path in changed_version_files(rev, under):
        new = read_version(path)
        if status == "A":
            old = _superseded(new, path) or _empty_like(new)
        else:
            old = parse_version(git_show(rev, path), f"{rev}:{path}")
        sets.append(diff_versions(old, new))
    return sets


def changed_version_files(rev: str, under: Path) -> list[tuple[str, Path]]:
    """(M or A, path) of every version file under `under` changed since `rev`, by path."""
    listed = _git("diff", "--name-status", "--no-renames", "--relative", rev, "--", str(under))
    found = [(line[0], Path(line.split("\t", 1)[1])) for line in listed.splitlines() if line]
    untracked = _git("ls-files", "--others", "--exclude-standard", "--", str(under))
    found += [("A", Path(line)) for line in untracked.splitlines() if line]
    kept = [
        (status, path) for status, path in found
        if status in "MA" and path.suffix == ".md" and path.name not in NOT_VERSIONS
        and path.is_file()
    ]
    return sorted(kept, key=lambda pair: pair[1])


def git_show(rev: str, path: Path) -> str:
    """The text of `path` (relative to the current folder) at `rev`."""
    return _git("show", f"{rev}:./{path.as_posix()}")


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except OSError as error:
        raise DiffError(f"cannot run git: {error.strerror}") from None
    if done.returncode != 0:
        raise DiffError(f"git {args[0]} failed: {done.stderr.strip()}")
    return done.stdout


def _superseded(new: Version, path: Path) -> Version | None:
    previous = path.with_name(f"{new.supersedes}.md") if new.supersedes else None
    return read_version(previous) if previous is not None and previous.is_file() else None


def _empty_like(new: Version) -> Version:
    """An empty version to compare a brand-new policy against: everything reads as added."""
    return replace(new, version="(none)", sections=(), definitions=(), source="(none)")


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, then rename it into place."""
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; a redline is not
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


COMMANDS: list[click.Command] = [diff_command]
