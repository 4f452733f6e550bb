"""`policykit build` and `policykit serve`: the published manual, through mkdocs.

The build goes to a temporary folder beside the target and replaces the
target only when it succeeded, so a bad policy leaves the last good site up.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

import click

from toolkit.errors import BuildError
from toolkit.library import load_library

QUIET_BANNERS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def _prepare_environment(offline: bool) -> None:
    for name, value in QUIET_BANNERS.items():
        os.environ.setdefault(name, value)
    os.environ["POLICYKIT_OFFLINE"] = "true" if offline else "false"


def _show_mkdocs_messages(level: int = logging.WARNING) -> None:
    logger = logging.getLogger("mkdocs")
    logger.setLevel(min(logger.getEffectiveLevel(), level))
    if not any(getattr(handler, "policykit", False) for handler in logger.handlers):
        handler = logging.StreamHandler()
        handler.setLevel(level)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        handler.policykit = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def build_site(config_file: Path, site_dir: Path | None, offline: bool, strict: bool) -> Path:
    """Build the site into a fresh folder, then swap it in place of `site_dir`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from toolkit.mkdocs_plugin import PolicykitPlugin

    _prepare_environment(offline)
    _show_mkdocs_messages()
    config = load_config(str(config_file), strict=strict or None)
    plugin = config.plugins.get("policykit")
    if isinstance(plugin, PolicykitPlugin):
        # Read the policies first, once: a bad file is reported as `file:line: message`.
        plugin.library = load_library(plugin.policies_folder(config))
    target = (site_dir or Path(config.site_dir)).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    try:
        config.site_dir = str(staging)
        build(config)
    except MkDocsException as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(error) or "the site build failed", str(config_file)) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, target)
    return target


def _swap(staging: Path, target: Path) -> None:
    """Put the new site where the old one was, removing the old one only after."""
    staging.chmod(0o755)
    retired = target.with_name(f".{target.name}-old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


@click.command("build")
@click.option("--offline", is_flag=True,
              help="Build a copy that works from file:// with no network, search included.")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to put the site (default: site_dir of mkdocs.yml, public/).")
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True, help="The mkdocs configuration.")
@click.option("--strict", is_flag=True, help="Fail on any warning (broken link or anchor).")
def build_command(site_dir: Path | None, offline: bool, config_file: Path, strict: bool) -> None:
    """Build the published manual from policies/ into a static site.

    The site is built in a temporary folder and replaces the previous one only
    if the build succeeds.

    \b
    Examples:
      policykit build
      policykit build --offline -d manual-offline
    """
    target = build_site(config_file, site_dir, offline, strict)
    click.echo(f"built {target}")


@click.command("serve")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="Address to serve on.")
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True, help="The mkdocs configuration.")
def serve_command(dev_addr: str, config_file: Path) -> None:
    """Preview the manual, rebuilding it whenever a policy file changes.

    \b
    Examples:
      policykit serve
      policykit serve -a 0.0.0.0:8080
    """
    from mkdocs.commands.serve import serve

    _prepare_environment(offline=False)
    _show_mkdocs_messages(logging.INFO)
    serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)


COMMANDS: list[click.Command] = [build_command, serve_command]
