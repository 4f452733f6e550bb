"""Site build benchmark: a generated manual through `policykit build`, against a plain
mkdocs-material build of as many pages of plain markdown, timed in the same run.

    python benchmarks/site_bench.py                  # 500 policies x 3 versions
    python benchmarks/site_bench.py --policies 20    # small
    python benchmarks/site_bench.py --quick          # same as --policies 20

Reports the build time and its ratio to the plain build (target: at most 1.5x), the peak
memory of both, the size of the search index, and the time from opening the home page
in Chromium to the first search result.

Search, side by side in the same run, for our manual and the plain stock build: the bytes
the first search downloads (index, worker, chunks) and the time from typing to the first
result, for a first and a second search; and, where the `pagefind` package is installed
(`pip install 'pagefind[extended]'`), the same for a Pagefind index of our manual (a
chunked index, measured through its JS API; the site's search box still uses lunr).
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from generate import generate_manual, write_manual
from harness import Metric, Row, exit_code, format_bytes, report, run_command

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHROMIUM = Path("/usr/bin/chromium")
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

PLAIN_MKDOCS_YML = """\
site_name: Plain manual
docs_dir: docs
theme:
  name: material
  font: false
  features: [navigation.prune, navigation.indexes, content.tooltips]
plugins: [search]
nav:
  - Home: index.md
  - Pages:
{nav}
"""


def make_manual(folder: Path, policies: int, versions: int, clauses: int) -> Path:
    """A project folder with our mkdocs.yml, site/ pages and a generated policies/."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "site", folder / "site")
    manual = generate_manual(policies, versions, seed=0, clauses_per_policy=clauses)
    write_manual(manual, folder / "policies", truth_root=folder / "truth")
    return folder / "mkdocs.yml"


def make_plain(folder: Path, policies: Path, pages: int, nav_entries: int) -> Path:
    """A plain mkdocs-material project of `pages` markdown pages cut from the policy files."""
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    bodies = [_without_front_matter(path.read_text(encoding="utf-8"))
              for path in sorted(policies.rglob("*.md"))]
    (docs / "index.md").write_text("# Plain manual\n\nThe same number of pages, plain.\n",
                                   encoding="utf-8")
    for number in range(1, pages):
        body = bodies[number % len(bodies)]
        (docs / f"page-{number:05d}.md").write_text(f"# Page {number}\n\n{body}", encoding="utf-8")
    nav = "\n".join(f"      - page-{number:05d}.md" for number in range(1, nav_entries + 1))
    (folder / "mkdocs.yml").write_text(PLAIN_MKDOCS_YML.format(nav=nav), encoding="utf-8")
    return folder / "mkdocs.yml"


def _without_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text


def count_pages(site: Path) -> int:
    return sum(1 for path in site.rglob("index.html")) + sum(
        1 for path in site.glob("*.html") if path.name not in ("index.html", "404.html"))


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def first_search_result(site: Path, words: str) -> float | None:
    """Seconds from opening the home page to the first search result, in Chromium."""
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(300_000)
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            page.locator("input.md-search__input").fill(words)
            page.locator("a.md-search-result__link").first.wait_for()
            seconds = time.perf_counter() - start
            browser.close()
            return seconds
    finally:
        server.shutdown()
        server.server_close()


SEARCHES = ("sworn personnel", "supervisors")
"""A first and a second search: the first pays for loading the index."""
TARGET_FIRST_RESULT = 1.0
"""Seconds from typing to the first result (issue 12)."""


@dataclass(frozen=True)
class SearchCost:
    """What searching a built site costs a reader, measured in Chromium."""

    downloaded: int
    """Bytes fetched for search from opening the page to the first result."""
    first: float
    """Seconds from typing the first search to its first result."""
    second: float
    """Seconds from typing the second search to its first result."""


def search_cost(site: Path, engine: str = "theme") -> SearchCost | None:
    """Type `SEARCHES` into the theme's box (engine "theme") or query Pagefind's JS API
    (engine "pagefind") on `site` served over HTTP; None without Chromium."""
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fetched: list[int] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(300_000)
            page.on("response", lambda response: fetched.append(_body_size(response))
                    if _is_search_file(response.url, engine) else None)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            times = [_time_search(page, words, engine) for words in SEARCHES]
            downloaded = sum(fetched)
            browser.close()
            return SearchCost(downloaded, times[0], times[1])
    finally:
        server.shutdown()
        server.server_close()


def _is_search_file(url: str, engine: str) -> bool:
    """A file the engine fetches to search (the theme's index and worker, or Pagefind's)."""
    return "/pagefind/" in url if engine == "pagefind" else (
        "/search/" in url or "/workers/search" in url)


def _body_size(response: Any) -> int:
    from playwright.sync_api import Error as PlaywrightError

    try:
        return len(response.body())
    except PlaywrightError:  # a redirect or an aborted fetch has no body
        return 0


_PAGEFIND_SEARCH = """async words => {
    window.__pf = window.__pf || await import('/pagefind/pagefind.js');
    const found = await window.__pf.search(words);
    if (found.results.length) await found.results[0].data();
    return found.results.length; }"""


def _time_search(page: Any, words: str, engine: str) -> float:
    start = time.perf_counter()
    if engine == "pagefind":
        page.evaluate(_PAGEFIND_SEARCH, words)
        return time.perf_counter() - start
    box = page.locator("input.md-search__input")
    box.fill(words)
    box.press("End")
    # The result list is rebuilt for each query: wait for a hit marked with this query's word.
    page.wait_for_function(
        """stem => [...document.querySelectorAll('.md-search-result__item mark')]
                    .some(mark => mark.textContent.toLowerCase().startsWith(stem))""",
        arg=words.split()[0][:5].lower())
    return time.perf_counter() - start


def build_pagefind(site: Path) -> bool:
    """Index `site` with Pagefind into `site/pagefind/`; False when it is not installed."""
    if importlib.util.find_spec("pagefind") is None:
        return False
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
                   check=True)
    return True


def search_rows(name: str, cost: SearchCost | None) -> list[Row | Metric]:
    if cost is None:
        return []
    return [Metric(f"{name}: bytes downloaded by the first search",
                   round(cost.downloaded / 1e6, 2), "MB"),
            Metric(f"{name}: typing to first result, first search", round(cost.first, 2), "s",
                   target=f"< {TARGET_FIRST_RESULT:g} s", ok=cost.first < TARGET_FIRST_RESULT),
            Metric(f"{name}: typing to first result, second search", round(cost.second, 2), "s")]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policies", type=int, default=500)
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--clauses", type=int, default=60, help="clauses in each first version")
    parser.add_argument("--repeat", type=int, default=1, help="timed builds of each kind")
    parser.add_argument("--quick", action="store_true", help="20 policies")
    parser.add_argument("-o", "--output", type=Path, default=HERE / "out" / "site")
    args = parser.parse_args(argv)
    policies = 20 if args.quick else args.policies
    out = args.output.resolve()
    env = {**os.environ, **QUIET}

    config = make_manual(out / "manual", policies, args.versions, args.clauses)
    ours_site = out / "manual-site"
    build = [sys.executable, "-m", "toolkit.cli", "build", "-f", config, "-d", ours_site]
    ours = run_command(build, repeat=args.repeat, cwd=config.parent, env=env)
    pages = count_pages(ours_site)

    plain = make_plain(out / "plain", config.parent / "policies", pages, policies)
    plain_build = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", plain, "-d",
                   out / "plain-site"]
    reference = run_command(plain_build, repeat=args.repeat, cwd=plain.parent, env=env)

    index = ours_site / "search" / "search_index.json"
    seconds = first_search_result(ours_site, "sworn personnel")
    rows: list[Row | Metric] = [
        Row(f"policykit build, {policies} policies x {args.versions} ({pages} pages)", ours,
            reference_name=f"mkdocs-material, {pages} plain pages", reference=reference,
            target_ratio=1.5),
        Row("plain mkdocs-material build", reference),
        Metric("search index", round(index.stat().st_size / 1e6, 2), "MB"),
        Metric("pages per second (policykit)", round(pages / ours.best, 1)),
    ]
    if seconds is not None:
        rows.append(Metric("first search result in Chromium", round(seconds, 2), "s"))
    rows += search_rows("policykit (lunr)", search_cost(ours_site))
    rows += search_rows("stock mkdocs-material (lunr)", search_cost(out / "plain-site"))
    if build_pagefind(ours_site):
        rows += search_rows("policykit (Pagefind)", search_cost(ours_site, "pagefind"))
    report(rows, title=f"site build: {format_bytes(_size(ours_site))} on disk")
    return exit_code(rows)


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


if __name__ == "__main__":
    raise SystemExit(main())
