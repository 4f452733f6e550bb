"""Shared test settings, and the one Chromium every browser test drives.

Playwright's sync API runs one instance per thread, so the whole session shares a
single browser: tests open their own pages (tabs) in it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Builds under test keep their cache (toolkit.cache) here, not in the user's ~/.cache.
if "POLICYKIT_CACHE" not in os.environ:
    os.environ["POLICYKIT_CACHE"] = tempfile.mkdtemp(prefix="policykit-test-cache-")
    atexit.register(shutil.rmtree, os.environ["POLICYKIT_CACHE"], True)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules marked `slow_setup` (the 1,000-policy site, minutes to build) go first: under
    `-n` (`--dist loadfile`, one module to one worker), one worker sets them up while the
    others run everything else."""
    items.sort(key=lambda item: item.get_closest_marker("slow_setup") is None)


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless; skipped where it is missing, except under CI."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing: CI must run the browser tests")
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
