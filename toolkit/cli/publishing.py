"""`policykit build` and `policykit serve`: the published manual, through mkdocs.

Both run `check` first and publish nothing while it reports an error. The
build goes to a temporary folder beside the target and is swapped in by
`toolkit.site.publish`, which never replaces the project or a folder it did
not build, and leaves the whole old site or the whole new one at every
instant. `serve` keeps answering after a bad edit and shows the errors on
every page (the plugin's `PreviewErrors`).
"""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING

import click

from toolkit.errors import BuildError, UnpublishableError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from toolkit.site.publish import Sources

QUIET_BANNERS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def _prepare_environment(offline: bool) -> None:
    for name, value in QUIET_BANNERS.items():
        os.environ.setdefault(name, value)
    os.environ["POLICYKIT_OFFLINE"] = "true" if offline else "false"


def _below_errors(record: logging.LogRecord) -> bool:
    return record.levelno < logging.ERROR


def _show_mkdocs_messages(level: int = logging.WARNING, errors: bool = False) -> None:
    """Print mkdocs' messages from `level` up; errors only if asked (build reports its own)."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(min(logger.getEffectiveLevel(), level))
    for handler in [h for h in logger.handlers if getattr(h, "policykit", False)]:
        logger.removeHandler(handler)
    handler = logging.StreamHandler()
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    if not errors:
        handler.addFilter(_below_errors)
    handler.policykit = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


def _say(message: str) -> None:
    click.echo(message, err=True)


def build_site(config_file: Path, site_dir: Path | None, offline: bool, strict: bool,
               jobs: int | None = None, use_cache: bool = True) -> Path:
    """Check the policies, build the site into a fresh folder, swap it in place of the target.

    The per-policy work runs in `jobs` processes (None: one per CPU); with `use_cache` it
    keeps and reuses parsed trees, diffs and pages in the user's cache (`toolkit.cache`).
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from toolkit.cache import open_cache
    from toolkit.library import Parser, load_library
    from toolkit.mkdocs_plugin import PolicykitPlugin, collect_errors
    from toolkit.site.publish import publish_site, refuse_policy_errors

    _prepare_environment(offline)
    _show_mkdocs_messages()
    config = _load_config(config_file, strict=strict or None)
    sources = _sources(config_file, config)
    plugin = config.plugins.get("policykit")
    if isinstance(plugin, PolicykitPlugin) and sources.policies is not None:
        plugin.jobs, plugin.use_cache = jobs, use_cache
        # check reads and parses every file once; the build reuses those trees.
        parser = Parser(open_cache() if use_cache else None, jobs)
        refuse_policy_errors(sources.policies, parser)
        plugin.library, plugin.parser = load_library(sources.policies, parser), parser

    def build_into(staging: Path) -> None:
        config.site_dir = str(staging)
        with collect_errors() as logged:
            try:
                build(config)
            except MkDocsException as error:
                message = logged[-1] if logged else str(error) or "the site build failed"
                raise BuildError(message, str(config_file)) from error
        for message in logged:  # errors mkdocs logged but built through
            _say(f"ERROR: {message}")

    target = site_dir or _default_site_dir(config, offline)
    return publish_site(target, sources, build_into, notify=_say)


def _load_config(config_file: Path, strict: bool | None) -> MkDocsConfig:
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from toolkit.mkdocs_plugin import collect_errors

    with collect_errors() as logged:  # mkdocs logs what is wrong, then raises a bare Abort
        try:
            return load_config(str(config_file), strict=strict)
        except MkDocsException as error:
            message = logged[-1] if logged else str(error) or "not a valid mkdocs configuration"
            raise BuildError(message, str(config_file)) from error


def _sources(config_file: Path, config: MkDocsConfig) -> Sources:
    """The folders the site is built from; the policies as the user would name them."""
    from toolkit.mkdocs_plugin import PolicykitPlugin
    from toolkit.site.publish import Sources, as_given

    plugin = config.plugins.get("policykit")
    policies = plugin.policies_folder(config) if isinstance(plugin, PolicykitPlugin) else None
    return Sources(project=config_file.resolve().parent, pages=Path(config.docs_dir),
                   policies=as_given(policies) if policies is not None else None)


def _default_site_dir(config: MkDocsConfig, offline: bool) -> Path:
    """mkdocs.yml's site_dir (public/); the offline copy goes beside it (public-offline/)."""
    site_dir = Path(config.site_dir)
    return site_dir.with_name(f"{site_dir.name}-offline") if offline else site_dir


@click.command("build")
@click.option("--offline", is_flag=True,
              help="Build a copy that works from file:// with no network, search included "
                   "(default folder: public-offline/).")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to put the site (default: site_dir of mkdocs.yml, public/). "
                   "Only a folder policykit built, or an empty one, is replaced.")
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True, help="The mkdocs configuration.")
@click.option("--strict", is_flag=True, help="Fail on any warning (broken link or anchor).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for the per-policy work (default: one per CPU; 1: serial).")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor keep the cache of parsed trees, diffs and pages "
                   "(default location: $XDG_CACHE_HOME/policykit).")
def build_command(site_dir: Path | None, offline: bool, config_file: Path, strict: bool,
                  jobs: int | None, no_cache: bool) -> None:
    """Check the policies, then build the published manual into a static site.

    Nothing is published while `policykit check` reports an error. The site is
    built in a temporary folder and swapped in whole, in one step, only if the
    build succeeds; a second build of the same folder waits for the first.
    Each policy's pages are built in parallel processes, and what an unchanged
    policy needs is reused from the cache.

    \b
    Examples:
      policykit build
      policykit build --offline -d manual-offline
      policykit build -j 1 --no-cache
    """
    try:
        target = build_site(config_file, site_dir, offline, strict, jobs, not no_cache)
    except UnpublishableError as error:
        _list(error)
        raise
    click.echo(f"built {target}")


def _list(error: UnpublishableError) -> None:
    for diagnostic in error.diagnostics:
        click.echo(diagnostic, err=True)


@click.command("serve")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="Address to serve on.")
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True, help="The mkdocs configuration.")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor keep the cache of parsed trees, diffs and pages "
                   "(default location: $XDG_CACHE_HOME/policykit), nor keep them in memory "
                   "between rebuilds.")
def serve_command(dev_addr: str, config_file: Path, no_cache: bool) -> None:
    """Preview the manual, rebuilding only the pages each edit to a policy file changes.

    It starts only if `policykit check` reports no error; after a bad edit it
    keeps serving the last good site with the errors at the top of each page.
    An edit to a policy re-renders only that policy's pages, those of the
    policies citing it and the lists that show it; a new or removed policy or
    version, a changed title, clause number, defined term or definition, a guide
    page or mkdocs.yml rebuilds the whole site.

    \b
    Examples:
      policykit serve
      policykit serve -a 0.0.0.0:8080
      policykit serve --no-cache
    """
    if no_cache:
        os.environ["POLICYKIT_NO_CACHE"] = "true"  # read by the plugin mkdocs loads
    try:
        serve_site(config_file, dev_addr, cache=not no_cache)
    except UnpublishableError as error:
        _list(error)
        raise


def serve_site(config_file: Path, dev_addr: str, cache: bool = True) -> None:
    """Check the policies and the address, then serve until interrupted."""
    from mkdocs.exceptions import MkDocsException

    from toolkit.cli.serving import serve_preview
    from toolkit.site.publish import refuse_policy_errors

    _prepare_environment(offline=False)
    _show_mkdocs_messages(logging.INFO, errors=True)
    refuse_unusable_address(dev_addr)
    sources = _sources(config_file, _load_config(config_file, strict=None))
    if sources.policies is not None:
        refuse_policy_errors(sources.policies)
    try:
        serve_preview(config_file, dev_addr, cache=cache)
    except MkDocsException as error:
        raise BuildError(str(error) or "the preview failed", str(config_file)) from error
    except (OSError, OverflowError) as error:
        raise BuildError(f"cannot serve: {_reason(error)}", dev_addr) from error


def refuse_unusable_address(dev_addr: str) -> None:
    """Raise BuildError unless `HOST:PORT` is an address this machine can serve on now."""
    host, _, port = dev_addr.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise BuildError("not an address to serve on: give HOST:PORT, "
                         "with a port from 1 to 65535", dev_addr)
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # The preview's server sets SO_REUSEADDR too, so a port in TIME_WAIT is usable.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, int(port)))
    except OSError as error:
        raise BuildError(f"cannot serve here: {_reason(error)}", dev_addr) from error


def _reason(error: BaseException) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


COMMANDS: list[click.Command] = [build_command, serve_command]
