"""Fixtures for the site tests: golden-case files, built copies of the fixture manual and of
a manual whose every text tries to run script, and a Chromium to read them with."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: F401 (site tests import them from here)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"


def make_project(folder: Path, policies: Path = FIXTURES / "policies") -> Path:
    """A copy of the real mkdocs.yml and site/ pages with the given policies; returns mkdocs.yml."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "site", folder / "site")
    shutil.copytree(policies, folder / "policies")
    return folder / "mkdocs.yml"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture manual built once per session with `policykit build` (directory URLs).

    Not strict: hand-written pages may link to the real policies, which the fixture lacks.
    """
    yield from _build(tmp_path_factory.mktemp("project"), offline=False)


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture manual built once with `--offline`, for file:// use."""
    yield from _build(tmp_path_factory.mktemp("offline-project"), offline=True)


def _build(folder: Path, offline: bool, policies: Path = FIXTURES / "policies") -> Iterator[Path]:
    """Build a manual of `policies` in `folder`, restoring the environment the build sets."""
    from toolkit.cli.publishing import build_site

    config = make_project(folder, policies)
    saved = dict(os.environ)
    try:
        yield build_site(config, None, offline=offline, strict=False)
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A manual built from `fixtures/hostile`: markup in every text a policy file can hold."""
    yield from _build(tmp_path_factory.mktemp("hostile-project"), offline=False,
                      policies=FIXTURES / "hostile")


@pytest.fixture(scope="session")
def chromium(browser: Any) -> Any:
    """The shared Chromium (tests/conftest.py), by the name the redline-link tests use."""
    return browser


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    """A server whose errors stay silent.

    The browser may drop a connection mid-response (a page closed, a prefetch cancelled).
    socketserver then prints the BrokenPipeError's traceback to sys.stderr from its own
    thread, at whatever moment it happens: into another test's captured stderr if one is
    running, as a CLI test checking for "no traceback" was (CI, stop 26).
    """

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 until the generator is closed; yields its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def search(tab: Any, words: str) -> Any:
    """Type into the theme's search box; return the result links."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = tab.locator("input.md-search__input")
    results = tab.locator("a.md-search-result__link")
    # The dialog opens on a click (in the box on a desktop, on the button on a phone): a
    # fill alone focuses the box but, just after an Escape closed the dialog, may leave it
    # shut, the results written but hidden (CI, stop 35).
    open_dialog(tab, box)
    box.fill(words)
    # The index loads in a worker; a query typed before it is ready gets no answer. The
    # theme reads the box on keyup, so press a key again until results come.
    for _ in range(8):
        open_dialog(tab, box)
        box.press("End")
        try:
            results.first.wait_for(timeout=5_000)
            return results
        except PlaywrightTimeout:
            continue
    results.first.wait_for()
    return results


def open_dialog(tab: Any, box: Any) -> None:
    """Open the search dialog unless it is open."""
    if tab.locator("#__search").is_checked():
        return
    button = tab.locator("label.md-header__button[for='__search']")  # shown on a phone only
    if button.is_visible():
        button.click()
    else:
        box.click()
