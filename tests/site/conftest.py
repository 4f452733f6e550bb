"""Fixtures for the site tests: golden-case files and one built copy of the fixture manual."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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


def _build(folder: Path, offline: bool) -> Iterator[Path]:
    """Build the fixture manual in `folder`, restoring the environment the build sets."""
    from toolkit.cli.publishing import build_site

    config = make_project(folder)
    saved = dict(os.environ)
    try:
        yield build_site(config, None, offline=offline, strict=False)
    finally:
        os.environ.clear()
        os.environ.update(saved)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing: CI must run the browser tests")
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
