"""Search benchmark: what a first search costs a reader of a large manual, for policykit's
split index and, beside it in the same run, the stock mkdocs-material search (lunr, one
index) of a like-for-like plain site of as many pages cut from the same policy files.

    python benchmarks/site_bench.py                    # 500 and 1,000 policies x 3 versions
    python benchmarks/site_bench.py --policies 1000    # one size
    python benchmarks/site_bench.py --quick            # 20 policies
    python benchmarks/site_bench.py --reuse            # keep the sites an earlier run built

For each size and each site, served over HTTP and opened from `file://`, in Chromium: the
bytes the search downloads from opening the home page to the first result (index, worker,
shards, result texts), and the time from typing to the first result of a first and a
second search (target for policykit: the first under 1 s, issue 12).

One build of each site serves both ways: ours is the served build opened from its folder as
well (its search runs through the iframe-worker shim and `<script>` loading from `file://`,
exactly as in the `--offline` copy, whose only other difference is `index.html` in links);
the plain site is built with the theme's `offline` plugin and the vendored shim, which the
stock search needs from `file://`. Build times are `build_bench.py`'s business.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from generate import write_project
from harness import Metric, Row, exit_code, report, run_command

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHROMIUM = Path("/usr/bin/chromium")
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
SHIM = ROOT / "toolkit" / "site" / "assets" / "iframe-worker-shim.js"
SEARCHES = ("sworn personnel", "supervisors")
"""A first and a second search: the first pays for loading what search needs."""
TARGET_FIRST_RESULT = 1.0
"""Seconds from typing to the first result (issue 12)."""

PLAIN_MKDOCS_YML = """\
site_name: Plain manual
docs_dir: docs
theme:
  name: material
  font: false
  features: [navigation.prune, navigation.indexes, content.tooltips, search.highlight]
plugins: [search, offline]
extra:
  polyfills: [iframe-worker-shim.js]
nav:
  - Home: index.md
  - Pages:
{nav}
"""


def make_plain(folder: Path, policies: Path, pages: int, nav_entries: int) -> Path:
    """A plain mkdocs-material project of `pages` markdown pages cut from the policy files."""
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    shutil.copy(SHIM, docs / SHIM.name)
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
    return sum(1 for _ in site.rglob("index.html")) + sum(
        1 for path in site.glob("*.html") if path.name not in ("index.html", "404.html"))


def build_sites(out: Path, policies: int, versions: int, clauses: int,
                reuse: bool) -> tuple[Path, Path]:
    """Our site and the plain one for a manual of `policies` policies (built unless kept)."""
    ours, plain = out / "manual-site", out / "plain-site"
    env = {**os.environ, **QUIET}
    if not (reuse and ours.exists()):
        config = write_project(out / "manual", policies, versions, clauses)
        run_command([sys.executable, "-m", "toolkit.cli", "build", "-f", config, "-d", ours],
                    repeat=1, cwd=config.parent, env=env)
    if not (reuse and plain.exists()):
        config = make_plain(out / "plain", out / "manual" / "policies", count_pages(ours),
                            policies)
        run_command([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", plain],
                    repeat=1, cwd=config.parent, env=env)
    return ours, plain


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class SearchCost:
    """What searching a built site costs a reader, measured in Chromium."""

    downloaded: int
    """Bytes of the files search loaded, from opening the page to the first result."""
    first: float
    """Seconds from typing the first search to its first result."""
    second: float
    """Seconds from typing the second search to its first result."""


def search_cost(site: Path, url: str, browser: Any) -> SearchCost:
    """Open `url` (the home page of `site`), type `SEARCHES` into the theme's box."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(300_000)
    requested: set[str] = set()
    page.on("request", lambda request: requested.add(request.url))
    try:
        page.goto(url)
        times = [_time_search(page, words) for words in SEARCHES[:1]]
        downloaded = sum(_file_size(site, relative) for relative in
                         (_relative(url, found) for found in requested) if _is_search_file(relative))
        times += [_time_search(page, words) for words in SEARCHES[1:]]
    finally:
        context.close()
    return SearchCost(downloaded, times[0], times[1])


def _relative(home: str, url: str) -> str:
    """`url` from the site's root (the home page `home` is `.../` or `.../index.html`)."""
    return url.split("?")[0].split("#")[0].removeprefix(home.removesuffix("index.html"))


def _is_search_file(relative: str) -> bool:
    """A file the site loads to search (the theme's index and worker, or ours)."""
    return relative.startswith(("search/", "assets/javascripts/workers/search", "pk-search/",
                                "assets/policykit/policykit-search",
                                "assets/policykit/pk-search", "assets/javascripts/lunr/"))


def _file_size(site: Path, relative: str) -> int:
    """The size of a file of `site` (what was read from disk or sent)."""
    path = site / relative
    return path.stat().st_size if path.is_file() else 0


_WATCH = """stem => {
    const times = window.__pkTimes = {};
    const box = document.querySelector('input.md-search__input');
    const list = document.querySelector('.md-search-result__list');
    box.addEventListener('input', () => { times.typed = times.typed || performance.now(); });
    new MutationObserver((_, observer) => {
        const marks = [...list.querySelectorAll('mark')];
        if (marks.some(mark => mark.textContent.toLowerCase().startsWith(stem))) {
            times.shown = performance.now();
            observer.disconnect();
        }
    }).observe(list, {childList: true, subtree: true});
}"""


def _time_search(page: Any, words: str) -> float:
    """Seconds from the first keystroke to a result marked with the query's first word, by
    the page's own clock (the driver's own delays left out)."""
    page.evaluate(_WATCH, words.split()[0][:5].lower())
    box = page.locator("input.md-search__input")
    box.fill(words)
    box.press("End")
    page.wait_for_function("window.__pkTimes.shown !== undefined")
    times = page.evaluate("window.__pkTimes")
    return float(times["shown"] - times["typed"]) / 1000


def measure(name: str, site: Path, browser: Any) -> list[Row | Metric]:
    """Rows for one site, served and from file://."""
    rows: list[Row | Metric] = []
    with served(site) as url:
        rows += cost_rows(f"{name}, served", search_cost(site, url, browser), name)
    home = (site / "index.html").as_uri()
    rows += cost_rows(f"{name}, file://", search_cost(site, home, browser), name)
    return rows


def cost_rows(label: str, cost: SearchCost, name: str) -> list[Row | Metric]:
    ours = name.startswith("policykit")
    return [Metric(f"{label}: bytes downloaded by the first search",
                   round(cost.downloaded / 1e6, 3), "MB"),
            Metric(f"{label}: typing to first result, first search", round(cost.first, 2), "s",
                   target=f"< {TARGET_FIRST_RESULT:g} s" if ours else "",
                   ok=cost.first < TARGET_FIRST_RESULT if ours else None),
            Metric(f"{label}: typing to first result, second search", round(cost.second, 2),
                   "s")]


def index_rows(ours: Path, plain: Path, policies: int) -> list[Row | Metric]:
    split = sum(path.stat().st_size for path in (ours / "pk-search").rglob("*.js"))
    stock = (plain / "search" / "search_index.json").stat().st_size
    return [Metric(f"{policies} policies: policykit split index on disk (all of it)",
                   round(split / 1e6, 1), "MB"),
            Metric(f"{policies} policies: stock lunr index (one file)", round(stock / 1e6, 1),
                   "MB")]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policies", type=int, action="append",
                        help="manual size (repeatable; default 500 and 1000)")
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--clauses", type=int, default=60, help="clauses in each first version")
    parser.add_argument("--quick", action="store_true", help="20 policies")
    parser.add_argument("--reuse", action="store_true", help="keep sites already built")
    parser.add_argument("-o", "--output", type=Path, default=HERE / "out" / "search")
    args = parser.parse_args(argv)
    sizes = [20] if args.quick else (args.policies or [500, 1000])
    if not CHROMIUM.exists():
        print(f"site_bench: {CHROMIUM} is missing: nothing to measure", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    rows: list[Row | Metric] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        for policies in sizes:
            out = args.output.resolve() / str(policies)
            ours, plain = build_sites(out, policies, args.versions, args.clauses, args.reuse)
            rows += index_rows(ours, plain, policies)
            rows += measure(f"policykit, {policies} policies", ours, browser)
            rows += measure(f"stock mkdocs-material, {policies} policies", plain, browser)
        browser.close()
    report(rows, title="search: first result and bytes, policykit beside the stock search")
    return exit_code(rows)


if __name__ == "__main__":
    raise SystemExit(main())
