"""The `policykit` command: a thin click adapter over the library.

Each group of commands lives in its own module; this one only gathers them
and turns library errors into one line on stderr with exit code 1. As a last
resort it does the same for what the OS throws (an OSError, running out of
memory, a closed output pipe) and for Ctrl-C (exit code 130): the commands
handle the faults they can name, and nothing reaches a user as a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from toolkit.errors import PolicyKitError


class PolicykitGroup(click.Group):
    """A click group that prints every error, a usage mistake included, as one line and exits 1."""

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


def _register() -> None:
    from toolkit.cli import authoring, collection, diffing, importing, publishing

    for module in (authoring, importing, diffing, publishing, collection):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
