"""Build benchmark: `policykit build` as a user runs it, against a like-for-like plain
mkdocs-material build, at 100, 500 and 1,000 policies (x 3 versions, with redlines).

    python benchmarks/build_bench.py                      # 100, 500, 1000 policies; 3 runs each
    python benchmarks/build_bench.py --sizes 100 --repeat 3
    python benchmarks/build_bench.py --quick              # smoke test only: 20 policies, 1 run

The reference is built from our own output, so it is the same work for mkdocs: for every
page our build wrote, a markdown page holding the same text, with the same headings (search
splits its index at them), the parts our pages keep out of search wrapped in
`data-search-exclude` (the theme honours it on any element), and `search: exclude` on the
pages we leave out of search. Same theme, features, markdown extensions and navigation
length. The report prints both sites' page text and search documents, so the claim
"like for like" can be checked in each run.

Each figure is the whole command, start-up included, best and median of `--repeat` runs;
memory is the peak summed resident set of the command's whole process tree (the parallel
workers count), sampled every 50 ms from /proc (the tree itself every 250 ms); the summed
proportional set (PSS: shared pages split between the processes that share them; forked
workers share most of their parent's pages, which summed RSS counts once per worker) is
printed beside it. `policykit build`
is timed cold (its cache emptied before each run) and warm (a second build, nothing changed).
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generate import write_project
from harness import Metric, Row, Timing, exit_code, format_bytes, report
from lxml import html as lxml_html

from toolkit.site.search import INDEX_FOLDER, read_search_documents

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
TARGET_RATIO = 1.2
MEMORY_RATIO = 1.5
SAMPLE_SECONDS = 0.05
BLOCKS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "td",
          "th", "section", "article", "nav", "header", "footer", "blockquote", "pre", "details",
          "summary", "figure", "figcaption", "aside", "form", "fieldset", "h1", "h2", "h3", "h4",
          "h5", "h6", "hr", "br", "caption", "main"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")

PLAIN_MKDOCS_YML = """\
site_name: Plain manual
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  font: false
  features: [navigation.prune, navigation.indexes, navigation.top, content.tooltips,
             search.highlight]
plugins: [search]
markdown_extensions: [abbr, attr_list, admonition, {{toc: {{permalink: true}}}}]
nav:
  - Home: index.md
  - Pages:
{nav}
"""


# --- the manual and its reference ---------------------------------------------------------------


def make_manual(folder: Path, policies: int, versions: int, clauses: int) -> Path:
    """A project folder with our mkdocs.yml, site/ pages and a generated policies/ (kept
    between runs: the generator is deterministic)."""
    done = folder / ".generated"
    if not done.exists():
        write_project(folder, policies, versions, clauses)
        done.write_text("ok\n", encoding="utf-8")
    return folder / "mkdocs.yml"


def built_pages(site: Path) -> Iterator[tuple[str, Path]]:
    """(docs path, file) of every page of a built site (directory URLs)."""
    for path in sorted(site.rglob("index.html")):
        relative = path.relative_to(site).parent
        if relative.parts[:1] in (("assets",), ("search",)):
            continue
        yield ("index.md" if str(relative) == "." else f"{relative}/index.md"), path


def make_reference(folder: Path, site: Path, nav_entries: int) -> Path:
    """A plain mkdocs-material project with one markdown page per page of our built site."""
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    searched = searched_pages(site)
    pages = []
    for name, path in built_pages(site):
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_markdown(path, name in searched), encoding="utf-8")
        pages.append(name)
    listed = [name for name in pages if name != "index.md"][:nav_entries]
    nav = "\n".join(f"      - {name}" for name in listed)
    (folder / "mkdocs.yml").write_text(PLAIN_MKDOCS_YML.format(nav=nav), encoding="utf-8")
    return folder / "mkdocs.yml"


def searched_pages(site: Path) -> set[str]:
    """The docs paths of the pages our build's search indexed (the split index's page files:
    since it landed, `search/search_index.json` is a stub without documents)."""
    return {_docs_path(document["location"]) for document in read_search_documents(site)}


def _docs_path(location: str) -> str:
    page = location.split("#")[0].rstrip("/")
    return f"{page}/index.md" if page else "index.md"


def search_documents(site: Path) -> int:
    """How many documents (pages, sections, clauses) a built site's search holds: ours in
    the split index, a plain site's in `search/search_index.json`."""
    if (site / INDEX_FOLDER).is_dir():
        return len(read_search_documents(site))
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return len(index["docs"])


def page_markdown(path: Path, searched: bool) -> str:
    """The text of a built page's article as markdown: same headings, same words."""
    tree = lxml_html.fromstring(path.read_bytes())
    articles = tree.xpath('//article[contains(@class, "md-content__inner")]')
    lines = [] if searched else ["---", "search:", "  exclude: true", "---", ""]
    if articles:
        for heading_link in articles[0].xpath('.//a[contains(@class, "headerlink")]'):
            heading_link.drop_tree()  # the toc extension adds its own
        _blocks(articles[0], lines)
    return "\n".join(lines) + "\n"


def _blocks(element: lxml_html.HtmlElement, lines: list[str]) -> None:
    """Append `element`'s text as markdown blocks, in document order."""
    if element.get("data-search-exclude") is not None:
        text = " ".join(element.text_content().split())
        if text:
            lines += ["<div data-search-exclude>", html.escape(text, quote=False), "</div>", ""]
        return
    if element.tag in HEADINGS:
        text = " ".join(element.text_content().split())
        lines += [f"{'#' * HEADINGS[element.tag]} {_escape(text)}", ""]
        return
    run: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):
            run.append(child.tail or "")
            continue
        if child.tag in BLOCKS or child.get("data-search-exclude") is not None:
            _paragraph(run, lines)
            run = []
            _blocks(child, lines)
        else:
            run.append(child.text_content())
        run.append(child.tail or "")
    _paragraph(run, lines)


def _paragraph(run: list[str], lines: list[str]) -> None:
    text = " ".join("".join(run).split())
    if text:
        lines += [_escape(text), ""]


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def text_size(site: Path) -> int:
    """Bytes of visible article text over every page of a built site."""
    total = 0
    for _, path in built_pages(site):
        tree = lxml_html.fromstring(path.read_bytes())
        for article in tree.xpath('//article[contains(@class, "md-content__inner")]'):
            total += len(" ".join(article.text_content().split()).encode())
    return total


# --- timing a command and its process tree -------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss: int
    peak_pss: int
    cpu: float
    """User + system seconds of the command and every process it waited for (its workers)."""


def run_tree(argv: Sequence[str | Path], cwd: Path, env: dict[str, str]) -> Run:
    """Run a command; its wall time, CPU time and the peak summed RSS and PSS of its tree."""
    # stderr to a file, not a pipe: a pipe nobody reads stops a chatty build when it fills.
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen([str(arg) for arg in argv], cwd=cwd, env=env,
                                   stdout=subprocess.DEVNULL, stderr=log)
        peak_rss, peak_pss, status, usage = _watch(process.pid)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            errors = log.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(map(str, argv))} exited with {process.returncode}:\n"
                               + "\n".join(errors.splitlines()[-15:]))
    return Run(seconds, peak_rss, peak_pss, usage.ru_utime + usage.ru_stime)


def _watch(pid: int) -> tuple[int, int, int, resource.struct_rusage]:
    """Sample the tree under `pid` until it ends: peak RSS, peak PSS, wait status, usage (wait4,
    not poll: its usage counts the workers the command reaped)."""
    peak_rss = peak_pss = 0
    samples = 0
    tree = [pid]
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return peak_rss, peak_pss, status, usage
        if samples % 5 == 0:  # walking /proc for the tree costs more than reading its memory
            tree = _tree(pid)
        rss, pss = _tree_memory(tree)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        samples += 1
        time.sleep(SAMPLE_SECONDS)


def _tree_memory(tree: list[int]) -> tuple[int, int]:
    rss = pss = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
        except (OSError, ValueError):
            continue
    return rss, pss


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


@dataclass(frozen=True)
class Measured:
    runs: tuple[Run, ...]

    @property
    def timing(self) -> Timing:
        return Timing(tuple(run.seconds for run in self.runs), self.peak_rss,
                      tuple(run.cpu for run in self.runs))

    @property
    def peak_rss(self) -> int:
        return max(run.peak_rss for run in self.runs)

    @property
    def peak_pss(self) -> int:
        return max(run.peak_pss for run in self.runs)

    def describe(self) -> str:
        times = [run.seconds for run in self.runs]
        cpu = [run.cpu for run in self.runs]
        return (f"best {min(times):.1f} s, median {statistics.median(times):.1f} s "
                f"({len(times)} runs); CPU best {min(cpu):.1f} s, median "
                f"{statistics.median(cpu):.1f} s; peak RSS {format_bytes(self.peak_rss)}, "
                f"PSS {format_bytes(self.peak_pss)}")


def measure_runs(argv: Sequence[str | Path], cwd: Path, env: dict[str, str], repeat: int,
                 before: Sequence[Path] = ()) -> Measured:
    """`repeat` runs; the folders in `before` are emptied before each one."""
    runs = []
    for _ in range(repeat):
        for folder in before:
            shutil.rmtree(folder, ignore_errors=True)
        runs.append(run_tree(argv, cwd, env))
    return Measured(tuple(runs))


# --- one size -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SizeResult:
    policies: int
    pages: int
    cold: Measured
    warm: Measured
    reference: Measured
    ours_text: int
    reference_text: int
    ours_documents: int
    reference_documents: int


def bench_size(out: Path, policies: int, versions: int, clauses: int, repeat: int,
               jobs: int | None, warm_repeat: int | None = None) -> SizeResult:
    config = make_manual(out / f"manual-{policies}", policies, versions, clauses)
    cache = out / f"cache-{policies}"
    env = {**os.environ, **QUIET, "POLICYKIT_CACHE": str(cache)}
    site = out / f"site-{policies}"
    build = [sys.executable, "-m", "toolkit.cli", "build", "-f", config, "-d", site]
    if jobs is not None:
        build += ["-j", str(jobs)]
    cold = measure_runs(build, config.parent, env, repeat, before=[cache])
    warm = measure_runs(build, config.parent, env, repeat if warm_repeat is None else warm_repeat)
    plain = make_reference(out / f"plain-{policies}", site, policies)
    plain_site = out / f"plain-site-{policies}"
    reference = measure_runs([sys.executable, "-m", "mkdocs", "build", "-q", "-f", plain,
                              "-d", plain_site], plain.parent, env, repeat)
    shutil.rmtree(cache, ignore_errors=True)
    return SizeResult(
        policies, sum(1 for _ in built_pages(site)), cold, warm, reference,
        text_size(site), text_size(plain_site),
        search_documents(site), search_documents(plain_site))


def size_rows(result: SizeResult) -> list[Row | Metric]:
    name = f"build {result.policies} policies ({result.pages} pages)"
    reference_name = f"mkdocs-material, same {result.pages} pages"
    memory_ratio = result.cold.peak_rss / result.reference.peak_rss
    return [
        Row(f"{name}, cold cache", result.cold.timing, reference_name, result.reference.timing,
            target_ratio=TARGET_RATIO),
        Row(f"{name}, warm cache", result.warm.timing, reference_name, result.reference.timing),
        Metric(f"  CPU time ratio (user+sys, best, cold) at {result.policies}",
               round(min(run.cpu for run in result.cold.runs)
                     / min(run.cpu for run in result.reference.runs), 2), "x"),
        Metric(f"  peak memory ratio (tree RSS, cold) at {result.policies}",
               round(memory_ratio, 2), "x", f"<= {MEMORY_RATIO}x", memory_ratio <= MEMORY_RATIO),
        Metric(f"  peak memory ratio (tree PSS, cold) at {result.policies}",
               round(result.cold.peak_pss / result.reference.peak_pss, 2), "x"),
        Metric(f"  page text, ours / reference at {result.policies}",
               round(result.ours_text / max(1, result.reference_text), 3), "x"),
        Metric(f"  search documents, ours / reference at {result.policies}",
               round(result.ours_documents / max(1, result.reference_documents), 3), "x"),
    ]


def growth_lines(results: Sequence[SizeResult]) -> list[str]:
    """How time and memory grow from each size to the next, ours and the reference's."""
    lines = []
    for small, large in itertools.pairwise(results):
        factor = large.policies / small.policies
        ours = large.cold.timing.best / small.cold.timing.best
        ref = large.reference.timing.best / small.reference.timing.best
        ratio_small = small.cold.timing.best / small.reference.timing.best
        ratio_large = large.cold.timing.best / large.reference.timing.best
        lines.append(
            f"{small.policies} -> {large.policies} policies (x{factor:g}): policykit time "
            f"x{ours:.2f}, reference x{ref:.2f}; ratio {ratio_small:.2f} -> {ratio_large:.2f} "
            f"({'flat or falling' if ratio_large <= ratio_small * 1.05 else 'GROWING'}); "
            f"memory x{large.cold.peak_rss / small.cold.peak_rss:.2f}, "
            f"reference x{large.reference.peak_rss / small.reference.peak_rss:.2f}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,500,1000", help="policy counts, comma-separated")
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--clauses", type=int, default=60, help="clauses in each first version")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each build")
    parser.add_argument("--warm-repeat", type=int, default=None,
                        help="timed warm builds (default: --repeat); fewer saves time at 1,000")
    parser.add_argument("--jobs", type=int, default=None, help="policykit build -j (default: CPUs)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke test only: 20 policies, one run (proves nothing about speed)")
    parser.add_argument("-o", "--output", type=Path, default=HERE / "out" / "build")
    args = parser.parse_args(argv)
    sizes = [20] if args.quick else [int(size) for size in args.sizes.split(",")]
    repeat = 1 if args.quick else args.repeat
    out = args.output.resolve()
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for policies in sizes:
        result = bench_size(out, policies, args.versions, args.clauses, repeat, args.jobs,
                            1 if args.quick else args.warm_repeat)
        results.append(result)
        print(f"{policies} policies: policykit cold {result.cold.describe()}", flush=True)
        print(f"{policies} policies: policykit warm {result.warm.describe()}", flush=True)
        print(f"{policies} policies: reference      {result.reference.describe()}", flush=True)
    rows = [row for result in results for row in size_rows(result)]
    title = "build" + (" (--quick: a smoke test, not a measurement)" if args.quick else "")
    report(rows, title=title)
    for line in growth_lines(results):
        print(line)
    if args.quick:
        print("--quick runs 20 policies once: use the full sizes for figures")
    return exit_code(rows)


if __name__ == "__main__":
    raise SystemExit(main())
