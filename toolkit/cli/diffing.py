"""`policykit diff`: a thin click command over diff_versions and the redline renderers."""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

import click

from toolkit.errors import DiffError, PolicyKitError
from toolkit.files import check_output_path, write_atomically

if TYPE_CHECKING:
    import subprocess

    from toolkit.model import ChangeSet, Version

# The diff stage, the renderers and the parser are imported where they are used, so that
# `policykit diff --help` (and `check`, which shares the git helpers) starts without them.


def render_json(sets: list[ChangeSet], color: bool, several: bool) -> str:
    """One change set, or under --git always `{"diffs": [...]}`, so its shape never depends on a count."""
    from toolkit.render.json_text import json_text

    return json_text(_json_data(sets, several))


def render_json_utf8(sets: list[ChangeSet], color: bool, several: bool) -> bytes:
    """`render_json` as UTF-8: what --format json writes, with no round trip through str."""
    from toolkit.render.json_text import json_utf8

    return json_utf8(_json_data(sets, several))


def _json_data(sets: list[ChangeSet], several: bool) -> dict[str, Any]:
    from toolkit.render.changes_json import changeset_to_json

    return {"diffs": [changeset_to_json(cs) for cs in sets]} if several else changeset_to_json(sets[0])


def render_text(sets: list[ChangeSet], color: bool, several: bool) -> str:
    from toolkit.render.redline_text import render_redline_text

    return "\n".join(render_redline_text(cs, color) for cs in sets)


def render_markdown(sets: list[ChangeSet], color: bool, several: bool) -> str:
    from toolkit.render.redline_md import render_redline_markdown

    return "\n".join(render_redline_markdown(cs) for cs in sets)


def render_critic(sets: list[ChangeSet], color: bool, several: bool) -> str:
    from toolkit.render.redline_md import render_redline_critic

    return "\n".join(render_redline_critic(cs) for cs in sets)


def render_html(sets: list[ChangeSet], color: bool, several: bool) -> str:
    from toolkit.render.redline_html import redline_to_string, render_redlines

    return redline_to_string(render_redlines(sets))


FORMATS: dict[str, Callable[[list[ChangeSet], bool, bool], str | bytes]] = {
    "text": render_text,
    "md": render_markdown,
    "critic": render_critic,
    "html": render_html,
    "json": render_json_utf8,
}
"""Each --format by name: a function of (change sets, in colour, several under --git), giving
text or its UTF-8 bytes."""


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
    if output is not None:
        check_output_path(output, replace=force)  # refuse before the work, not after
    in_color = color if color is not None else output is None and sys.stdout.isatty()
    with without_cycle_collector():
        text = _diff_text(refs, output_format, policies, git_rev, in_color)
    if text is None:
        return
    if output is None:
        click.echo(text, nl=False, color=in_color)
    else:
        write_atomically(output, text, replace=force)


@contextmanager
def without_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector while the trees and the change set are built, and
    leave what they built out of its later passes.

    Parsing and diffing allocate hundreds of thousands of objects that live to the
    end and hold no reference cycles; every collection pass would walk them again
    (a quarter of the time of a large diff). Reference counting still frees the rest.
    Re-enabled, the collector would walk them all once at the next allocation and once
    more as the interpreter exits (a tenth of the command at 5,000 clauses), so they go
    to its permanent generation first (`gc.freeze`): it never walks them, and reference
    counting frees them as before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _diff_text(
    refs: tuple[str, ...], output_format: str, policies: Path, git_rev: str | None, in_color: bool,
) -> str | bytes | None:
    """The diff as the chosen format, its warnings said on standard error; None if no file
    changed under --git."""
    diffs: list[FileDiff] = []
    if git_rev is not None:
        if len(refs) > 1:
            raise click.UsageError("with --git, give at most one PATH")
        diffs = changesets_since(git_rev, Path(refs[0]) if refs else policies, policies)
        sets = [diff.changeset for diff in diffs]
    elif len(refs) == 2:
        old, new = load_versions(refs[0], refs[1], policies)
        from toolkit.diff import diff_versions  # after the files: see load_versions

        sets = [diff_versions(old, new)]
        warn_two_policies(sets[0])
    else:
        raise click.UsageError("give OLD and NEW (files or ID@VERSION), or --git REV [PATH]")
    if not sets:
        click.echo(f"no version file under {refs[0] if refs else policies} changed since {git_rev}",
                   err=True)
        return None
    report_file_changes(diffs, git_rev or "")
    for path, line, message in history_edits(diffs, git_rev or "", date.today()):
        click.echo(f"{path}:{line}: warning: {message}", err=True)
    if git_rev is not None and output_format == "json":
        return render_git_json(diffs)
    return FORMATS[output_format](sets, in_color and output_format == "text", git_rev is not None)


def load_version(ref: str, policies: Path) -> Version:
    """A version file, or `ID@VERSION` resolved in the policies folder."""
    path = Path(ref)
    if _is_file_ref(path):
        from toolkit.parse import read_version  # the library (amendments, cache) not needed

        return read_version(path)
    from toolkit.library import load_library

    return load_library(policies).resolve(ref)


def _is_file_ref(path: Path) -> bool:
    return path.suffix == ".md" or (path.exists() and not path.is_dir())  # a device is refused


PARALLEL_PARSE_BYTES = 200_000
"""Two version files at least this big are parsed at once, the old one in a forked child.
Smaller ones are parsed here, one after the other: forking and handing the tree back
(pickled, about a fifth of the parse) would cost more than the second core saves."""


def load_versions(old_ref: str, new_ref: str, policies: Path) -> tuple[Version, Version]:
    """`load_version` of both refs: big files on both cores, with the same result and the
    same error (the old side's first) as one after the other. Meanwhile this process also
    imports the diff stage, which the child does not need (about as long as the child's
    pickling at 5,000 clauses)."""
    if not (_may_fork() and _worth_a_second_core(Path(old_ref))
            and _worth_a_second_core(Path(new_ref))):
        return load_version(old_ref, policies), load_version(new_ref, policies)
    import toolkit.parse  # imported once, before the fork: the child inherits it

    old = _ForkedWork(lambda: load_version(old_ref, policies))
    try:
        new = load_version(new_ref, policies)
        import toolkit.diff  # noqa: F401  # while the child parses and pickles the old file
    except PolicyKitError:
        old.result()  # the old file's error, if it has one, is the one to report
        raise
    except BaseException:
        old.stop()
        raise
    return old.result(), new


def _may_fork() -> bool:
    """Where there is fork, and no other thread: a forked child gets a copy of any lock
    another thread holds, and could wait on it forever."""
    import threading

    return hasattr(os, "fork") and threading.active_count() == 1


def _worth_a_second_core(path: Path) -> bool:
    try:
        return _is_file_ref(path) and path.stat().st_size >= PARALLEL_PARSE_BYTES
    except OSError:
        return False  # the reader names the problem


class _ForkedWork:
    """`work()` started at once in a forked child; `result()` is its value, handed back pickled.

    Whatever goes wrong in the child (the work raises, the fork or the pickling fails) makes
    `result()` do the work here instead, so it returns or raises just what `work()` does in
    this process. `stop()` ends a child whose result is not wanted.
    """

    def __init__(self, work: Callable[[], Version]) -> None:
        import pickle  # noqa: F401  # here, so the child imports nothing (no import lock to wait on)

        self.work = work
        self.pid = 0
        self.reader: BinaryIO | None = None
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return
        _widen_pipe(write_end)
        try:
            self.pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return
        if self.pid == 0:
            os.close(read_end)
            self._run_in_child(write_end)
        os.close(write_end)
        self.reader = os.fdopen(read_end, "rb")

    def _run_in_child(self, write_end: int) -> None:
        import pickle

        code = 1
        try:
            data = pickle.dumps(self.work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as stream:
                stream.write(data)
            code = 0
        finally:
            os._exit(code)  # at once: the parent's buffers and exit handlers are not the child's

    def result(self) -> Version:
        """The child's result, unpickled before the child is reaped: the child's exit (the
        system freeing its copy of this process's memory, 5-10 ms) overlaps the unpickling
        instead of being waited for first. A result counts only if the child exited 0."""
        import pickle

        from toolkit.model import Version

        data = self._read()
        try:
            found = pickle.loads(data) if data else None
        except (pickle.UnpicklingError, EOFError):  # cut short: the child died while writing
            found = None
        if self._reap() != 0:
            found = None
        return found if isinstance(found, Version) else self.work()

    def stop(self) -> None:
        if self.pid:
            with suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            self._read()
            self._reap()

    def _read(self) -> bytes:
        """All the child wrote (its pickled result; b"" if it wrote nothing)."""
        if self.reader is None:
            return b""
        with self.reader:
            data = self.reader.read()
        self.reader = None
        return data

    def _reap(self) -> int:
        """Wait for the child to end; its exit status (-1 if there was no child)."""
        if not self.pid:
            return -1
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        return status


PIPE_BYTES = 1 << 20
"""What the child may write before the parent reads: Linux's usual ceiling for a pipe (1 MB),
about a 5,000-clause tree pickled."""


def _widen_pipe(write_end: int) -> None:
    """Let the child write its result without waiting for the parent to read it, where the
    system allows: through the default 64 kB the two took turns, a switch of process each
    time, 8-20 ms to hand back a 5,000-clause tree on a loaded machine. Nothing changes
    where it cannot be widened."""
    try:
        import fcntl

        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or over the user's pipe quota: the default size works, more slowly


FileStatus = Literal["modified", "added", "removed"]
_STATUSES: dict[str, FileStatus] = {"M": "modified", "A": "added", "D": "removed"}


@dataclass(frozen=True)
class FileDiff:
    """One version file changed since a git revision, and its change set."""

    path: Path
    """The file, relative to the current folder."""
    status: FileStatus
    """What happened to the file: `modified`, `added` or `removed`."""
    changeset: ChangeSet


def changesets_since(rev: str, under: Path, policies: Path) -> list[FileDiff]:
    """A change set for each version file under `under` that differs from its state at `rev`.

    `rev` is checked to name a commit first, and only its hash reaches git's
    other commands, so no text of the user's is ever read by git as an option.
    """
    from toolkit.diff import diff_versions

    commit = resolve_commit(rev)
    diffs = []
    for status, path in changed_version_files(commit, under):
        old, new = _sides(status, path, commit, rev)
        diffs.append(FileDiff(path, status, diff_versions(old, new)))
    return diffs


def _sides(status: FileStatus, path: Path, commit: str, rev: str) -> tuple[Version, Version]:
    from toolkit.library import read_version_file
    from toolkit.parse import parse_version

    if status == "added":
        new = read_version_file(path)
        return _superseded(new, path) or _empty_like(new), new
    old = parse_version(git_show(commit, path), f"{rev}:{path.as_posix()}")
    if status == "removed":
        return old, _empty_like(old)
    return old, read_version_file(path)


def resolve_commit(rev: str) -> str:
    """The full hash of the commit `rev` names; DiffError if it names none."""
    done = _run_git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if done.returncode == 0:
        return done.stdout.strip()
    if done.stderr.strip():  # --quiet silences only "not a revision": this is something else
        raise DiffError(f"git rev-parse failed: {_one_line(done.stderr)}")
    raise DiffError(f'git revision "{rev}" is not a commit in this repository')


def changed_version_files(commit: str, under: Path) -> list[tuple[FileStatus, Path]]:
    """(status, path) of every version file under `under` changed since `commit`, by path."""
    from toolkit.library import NOT_VERSIONS

    listed = _git("diff", "-z", "--name-status", "--no-renames", "--relative",
                  "--end-of-options", commit, "--", str(under)).split("\0")
    found = [(code, Path(name)) for code, name in zip(listed[::2], listed[1::2], strict=False)]
    untracked = _git("ls-files", "-z", "--others", "--exclude-standard", "--", str(under))
    found += [("A", Path(name)) for name in untracked.split("\0") if name]
    kept = [
        (_STATUSES[code], path) for code, path in found
        if code in _STATUSES and path.suffix == ".md" and path.name not in NOT_VERSIONS
        and (code == "D" or path.is_file()) and not _is_amendment(code, path, commit)
    ]
    return sorted(kept, key=lambda pair: pair[1])


def _is_amendment(code: str, path: Path, commit: str) -> bool:
    """An amendment file is no version: `diff --git` compares versions only."""
    from toolkit.amendment import is_amendment_file, is_amendment_text

    if code != "D":
        return is_amendment_file(path)
    return is_amendment_text(_git("show", "--end-of-options", f"{commit}:./{path.as_posix()}"))


def report_file_changes(diffs: list[FileDiff], rev: str) -> None:
    """One line on standard error for each version file added or removed: never silent."""
    for diff in diffs:
        if diff.status == "removed":
            old = diff.changeset.old
            click.echo(f"{diff.path.as_posix()}: removed since {rev} "
                       f"(version {old.version} of {old.policy})", err=True)
        elif diff.status == "added":
            new, old = diff.changeset.new, diff.changeset.old
            against = f"compared with {old.version}" if old.sections else "all of it added"
            click.echo(f"{diff.path.as_posix()}: added since {rev} "
                       f"(version {new.version} of {new.policy}, {against})", err=True)


def warn_two_policies(changeset: ChangeSet) -> None:
    """A redline compares two versions of one policy; say so when OLD and NEW are two policies."""
    old, new = changeset.old.policy, changeset.new.policy
    if old != new:
        click.echo(f"warning: comparing two different policies, SOP {old} and SOP {new}; "
                   f"a redline compares two versions of one policy", err=True)


def history_edits(diffs: list[FileDiff], rev: str, today: date) -> Iterator[tuple[str, int, str]]:
    """(file, line, message) for each version already in force at `rev` that is edited in place
    or deleted: history is kept by adding versions."""
    if not diffs:
        return  # two files compared: no history to read (and no yaml, for its writer, to import)
    from toolkit.history import (
        deleted_message,
        edited_in_place,
        edited_in_place_message,
        first_changed_line,
        in_force_reason,
    )

    for diff in diffs:
        old, new, path = diff.changeset.old, diff.changeset.new, diff.path.as_posix()
        if diff.status == "modified" and (reason := edited_in_place(old, new, today)):
            yield path, first_changed_line(old, new), edited_in_place_message(old, path, rev, reason)
        elif diff.status == "removed" and (reason := in_force_reason(old, today)):
            yield path, 1, deleted_message(old, rev, reason)


def render_git_json(diffs: list[FileDiff]) -> bytes:
    """`{"diffs": [...]}`, each change set with the `file` it came from and what happened to it."""
    from toolkit.render.changes_json import changeset_to_json
    from toolkit.render.json_text import json_utf8

    entries = [
        {"file": {"path": d.path.as_posix(), "status": d.status}, **changeset_to_json(d.changeset)}
        for d in diffs
    ]
    return json_utf8({"diffs": entries})


def git_show(commit: str, path: Path) -> str:
    """The text of `path` (relative to the current folder) at `commit`."""
    return _git("show", "--end-of-options", f"{commit}:./{path.as_posix()}")


def _git(*args: str) -> str:
    done = _run_git(*args)
    if done.returncode != 0:
        raise DiffError(f"git {args[0]} failed: {_one_line(done.stderr)}")
    return done.stdout


def _run_git(*args: str) -> subprocess.CompletedProcess[str]:
    import subprocess  # only --git runs git: `diff --help` and a diff of two files need not import it

    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except OSError as error:
        raise DiffError(f"cannot run git: {error.strerror}") from None


def _one_line(text: str) -> str:
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())


def _superseded(new: Version, path: Path) -> Version | None:
    from toolkit.files import is_safe_name
    from toolkit.library import read_version_file

    if new.supersedes is None or not is_safe_name(new.supersedes):
        return None  # a name that is no file name (`../x`) is check's to report
    previous = path.with_name(f"{new.supersedes}.md")
    return read_version_file(previous) if previous.is_file() else None


def _empty_like(new: Version) -> Version:
    """An empty stand-in for the side with no file: all of a new file reads as added, all of a
    deleted one as removed."""
    return replace(new, version="(none)", sections=(), definitions=(), source="(none)")


COMMANDS: list[click.Command] = [diff_command]
