"""The `policykit` command: a thin click adapter over the library.

Each group of commands lives in its own module; this one only names them
and turns library errors into one line on stderr with exit code 1. A command's
module is imported when that command runs, so `policykit --help` or `policykit
check FILE` never pays for lxml, diff-match-patch or mkdocs. As a last
resort it does the same for what the OS throws (an OSError, running out of
memory, a closed output pipe) and for Ctrl-C (exit code 130): the commands
handle the faults they can name, and nothing reaches a user as a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NamedTuple

import click

from toolkit.errors import PolicyKitError


class LazyCommand(NamedTuple):
    """Where a command lives, and its one-line summary for `policykit --help`."""

    module: str
    attribute: str
    summary: str
    """The first paragraph of the command's help (a test keeps the two the same)."""


COMMANDS: dict[str, LazyCommand] = {
    "build": LazyCommand("toolkit.cli.publishing", "build_command",
                         "Check the policies, then build the published manual into a static site."),
    "check": LazyCommand("toolkit.cli.authoring", "check_command",
                         "Check policy files and folders; print each problem as "
                         "`file:line: message`."),
    "collection": LazyCommand("toolkit.cli.collection", "collection_group",
                              "A collection of manuals (one folder per agency), as one task "
                              "per agency on Dask."),
    "diff": LazyCommand("toolkit.cli.diffing", "diff_command",
                        "Compare two versions clause by clause and print the redline."),
    "fmt": LazyCommand("toolkit.cli.authoring", "fmt_command",
                       "Rewrite policy files in canonical form (the parsed tree never changes)."),
    "import": LazyCommand("toolkit.cli.importing", "import_command",
                          "Import an SOP's PDF, or its extracted text, as policy markdown "
                          "with its redline."),
    "parse": LazyCommand("toolkit.cli.authoring", "parse_command",
                         "Print the clause tree of one policy file: an outline, or JSON "
                         "with --json."),
    "serve": LazyCommand("toolkit.cli.publishing", "serve_command",
                         "Preview the manual, rebuilding only the pages each edit to a policy "
                         "file changes."),
}
"""Every command by name; its module is imported only when the command is looked up."""


class PolicykitGroup(click.Group):
    """A click group that prints every error, a usage mistake included, as one line and exits 1,
    and imports a command's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.add_command(load_command(cmd_name), cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the summaries, as click writes it, without importing a command."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, _summary(self, name).get_short_help_str(limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def __call__(self, *args: Any, **extra: Any) -> Any:
        """Run as the program: on `sys.argv` (the console script, `python -m toolkit.cli`), the
        process ends as soon as its output is out (`_end_process`). Called with arguments (a
        test, a script), it returns or raises SystemExit as click does."""
        if args or extra.get("args") is not None:
            return self.main(*args, **extra)
        try:
            return self.main(**extra)
        except SystemExit as done:
            _end_process(done)
            raise

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> None:
        try:
            code = super().main(args, prog_name, standalone_mode=False, **extra)
        except click.UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
            click.echo(f"error: {error.format_message()}{hint}", err=True)
            sys.exit(1)
        except click.ClickException as error:
            click.echo(f"error: {error.format_message()}", err=True)
            sys.exit(1)
        except click.Abort:
            click.echo("error: aborted", err=True)
            sys.exit(1)
        except (OSError, MemoryError, KeyboardInterrupt) as error:  # the backstop: one line
            _exit_on_fault(error)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyKitError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(1)
        except (OSError, MemoryError, KeyboardInterrupt) as error:  # before click turns them to Abort
            _exit_on_fault(error)


def _end_process(done: SystemExit) -> None:
    """Leave at once with `done`'s code when the interpreter's own exit would do nothing more
    than free memory, and return (the caller exits as usual) when it might do anything else.

    A large diff holds a few hundred thousand objects to the end; freeing them one by one,
    with every module, took the interpreter 15-30 ms of a 5,000-clause diff, for nothing the
    user sees. What its exit does besides, and how each is kept:
    standard output and error are flushed here (a flush that fails leaves the usual exit to
    report it, with its usual code); atexit callbacks (coverage, multiprocessing, logging),
    threads still running and threading's exit hooks, a profiler or tracer would be cut
    short, so any of them means the usual exit. Files are closed and temporary files removed
    by the commands themselves before this point (`write_atomically`'s output is on disk).
    """
    code = 0 if done.code is None else done.code
    if not isinstance(code, int) or not _nothing_left_at_exit():
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return  # the usual exit flushes again and says what went wrong
    os._exit(code)


def _nothing_left_at_exit() -> bool:
    """No atexit callback, no other thread or threading exit hook, no profiler, no tracer, and
    no one asking for warnings (`-X dev`, `-W`): an unclosed file is reported as it is freed."""
    import atexit

    if atexit._ncallbacks() or sys.getprofile() is not None or sys.gettrace() is not None:
        return False
    if sys.flags.dev_mode or sys.warnoptions:
        return False
    threading = sys.modules.get("threading")
    return threading is None or (
        threading.active_count() == 1 and not getattr(threading, "_threading_atexits", True)
    )


def _exit_on_fault(error: BaseException) -> None:
    """Exit with one line for an OS fault or Ctrl-C; anything else (a bug, an exit) goes on up."""
    if isinstance(error, BrokenPipeError):
        _silence_standard_output()
        _exit_with("error: the output was closed before it was all written (broken pipe)", 1)
    if isinstance(error, KeyboardInterrupt):
        _exit_with("error: interrupted", 130)
    if isinstance(error, MemoryError):
        _exit_with("error: out of memory", 1)
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename is not None else ""
        _exit_with(f"error: {where}{error.strerror or error}", 1)
    raise error


def _exit_with(line: str, code: int) -> None:
    try:
        click.echo(line, err=True)
    except OSError:
        pass  # standard error is gone too: the exit code still tells
    sys.exit(code)


def _silence_standard_output() -> None:
    """Point standard output at /dev/null, so Python's own flush at exit cannot fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


@click.group(cls=PolicykitGroup)
@click.version_option(package_name="policykit")
def main() -> None:
    """Policy documents as markdown: import, check, diff and publish them.

    \b
    Examples:
      policykit check policies
      policykit diff 2-55@2021 2-55@2023 --format html -o redline.html
      policykit build
    """


def load_command(name: str) -> click.Command:
    """Import the module of command `name` and return the command."""
    where = COMMANDS[name]
    command = getattr(importlib.import_module(where.module), where.attribute)
    assert isinstance(command, click.Command)
    return command


def _summary(group: click.Group, name: str) -> click.Command:
    """The command itself if loaded, else a stand-in with its summary as help (same short help)."""
    if name in group.commands:
        return group.commands[name]
    return click.Command(name, help=COMMANDS[name].summary)
