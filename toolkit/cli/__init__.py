"""The `policykit` command: a thin click adapter over the library.

Each group of commands lives in its own module; this one only gathers them
and turns library errors into one line on stderr with exit code 1.
"""

from __future__ import annotations

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
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyKitError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(1)


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
    from toolkit.cli import authoring, diffing, importing, publishing

    for module in (authoring, importing, diffing, publishing):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
