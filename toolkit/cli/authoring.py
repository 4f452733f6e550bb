"""Placeholder: commands are being written."""

import click

COMMANDS: list[click.Command] = []
