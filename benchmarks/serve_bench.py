"""`policykit serve` benchmark: how long an edit to one policy takes to reach the browser.

    python benchmarks/serve_bench.py                    # 100 and 500 policies x 3 versions
    python benchmarks/serve_bench.py --policies 500     # one size
    python benchmarks/serve_bench.py --quick            # 20 policies: a smoke test, no target

For each size: generate a manual (`generate.py`), start `policykit serve` as a user does
(a separate process, `python -m toolkit.cli serve`), wait until it serves, then edit one
clause of one policy at a time (a different policy each time) and time from the write
until the served page of that policy holds the new words, polling over HTTP. The
reference, in the same run and the same process: an edit to a guide page
(`site/about.md`), which rebuilds the whole site, timed the same way. Also reported: the
time from starting the command to the first page served (check, then a full build), and
the peak memory of the serve process, its CPU time per edit (from /proc) and the load average
at each edit (printed as each edit is measured, and in the summary). The serve process gets an empty cache of its own
(`POLICYKIT_CACHE`), so nothing from an earlier run is reused. Target (issue #14): an edit shown in under 2 s at
500 policies.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

from generate import write_project
from harness import Metric, Row, Timing, exit_code, report
from site_bench import QUIET

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_SECONDS = 2.0
TARGET_POLICIES = 500
_CLAUSE = re.compile(r"^(\s*- \*\*[0-9A-Za-z]+\.\*\* )", re.MULTILINE)
_POLL = 0.02


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, words: str, process: subprocess.Popen[bytes], limit: float) -> float:
    """Seconds until the page at `url` holds `words` (polled over HTTP)."""
    start = time.monotonic()
    while True:
        page = fetch(url)
        if page is not None and words in page:
            return time.monotonic() - start
        if process.poll() is not None:
            raise RuntimeError(f"policykit serve stopped (exit {process.returncode})")
        if time.monotonic() - start > limit:
            raise RuntimeError(f"{url} did not show {words!r} within {limit:.0f} s")
        time.sleep(_POLL)


def current_file(policy: Path) -> Path:
    """The policy's version in force (the generator marks the newest `effective`)."""
    for path in sorted(policy.glob("*.md"), reverse=True):
        if "\nstatus: effective\n" in path.read_text(encoding="utf-8"):
            return path
    raise RuntimeError(f"{policy}: no effective version")


def edit_clause(path: Path, words: str) -> Callable[[], None]:
    """A function that puts `words` at the start of the file's first labelled clause."""
    text = path.read_text(encoding="utf-8")
    edited, count = _CLAUSE.subn(lambda found: f"{found.group(1)}{words} ", text, count=1)
    if not count:
        raise RuntimeError(f"{path}: no labelled clause to edit")
    return lambda: path.write_text(edited, encoding="utf-8")


def timed_edit(make_edit: Callable[[], None], url: str, words: str,
               process: subprocess.Popen[bytes], limit: float) -> tuple[float, float | None]:
    """Seconds from the write until the page shows `words`, and the CPU seconds the serve
    process spent meanwhile (None where /proc cannot tell)."""
    cpu = cpu_seconds(process.pid)
    start = time.monotonic()
    make_edit()
    wait_for(url, words, process, limit)
    elapsed = time.monotonic() - start
    after = cpu_seconds(process.pid)
    return elapsed, (after - cpu if after is not None and cpu is not None else None)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a running process (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load() -> str:
    """The 1-minute load average (2 cores here, shared)."""
    return f"{os.getloadavg()[0]:.1f}"


def peak_rss(pid: int) -> int | None:
    """The process's peak resident set size in bytes (Linux), while it still runs."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else None


def bench_size(policies: int, edits: int, out: Path, quick: bool,
               reference: bool = True) -> list[Row | Metric]:
    config = write_project(out / f"serve-{policies}", policies, 3, 60)
    project = config.parent
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (out / f"serve-{policies}.log").open("w", encoding="utf-8")
    cache = out / f"serve-{policies}-cache"  # a cold cache: nothing from an earlier run
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, **QUIET, "POLICYKIT_CACHE": str(cache)}
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "toolkit.cli", "serve", "-a",
                                f"127.0.0.1:{port}"], cwd=project, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(base, "</html>", process, limit=3600)
        startup = time.monotonic() - start
        folders = sorted(path for path in (project / "policies").iterdir() if path.is_dir())
        chosen = [folders[(index * 7 + 3) % len(folders)] for index in range(edits)]
        times, cpus, loads = [], [], []
        for number, folder in enumerate(chosen):
            words = f"Benchedit{number}zq"
            loads.append(load())
            elapsed, cpu = timed_edit(edit_clause(current_file(folder), words),
                                      f"{base}policies/{folder.name}/", words, process, 600)
            times.append(elapsed)
            cpus.append(cpu)
            print(f"{policies} policies, edit {number + 1} (policy {folder.name}): shown in "
                  f"{elapsed:.2f} s, serve CPU {cpu or 0:.2f} s, load {loads[-1]}", flush=True)
        full: tuple[float, float | None] | None = None
        if reference:
            about = project / "site" / "about.md"
            text = about.read_text(encoding="utf-8")
            full = timed_edit(
                lambda: about.write_text(text + "\nBenchfullzq\n", encoding="utf-8"),
                f"{base}about/", "Benchfullzq", process, 3600)
        peak = peak_rss(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    target = TARGET_SECONDS if policies >= TARGET_POLICIES and not quick else None
    cpu_times = tuple(cpu for cpu in cpus if cpu is not None)
    rows: list[Row | Metric] = [
        Row(f"serve: an edit shown, {policies} policies (best of {edits})",
            Timing(tuple(times), peak, cpu_times if len(cpu_times) == len(times) else None),
            reference_name="full rebuild (a guide page edited)" if full else "",
            reference=Timing((full[0],)) if full else None, target=target),
        Metric(f"serve: an edit shown, {policies} policies, median of {edits}",
               round(statistics.median(times), 2), "s"),
        Metric(f"serve: CPU of the serve process per edit, {policies} policies, median",
               round(statistics.median(cpu_times), 2) if cpu_times else float("nan"), "s"),
        Metric(f"load average (1 min) at the edits, {policies} policies: {' '.join(loads)}",
               max(float(value) for value in loads), "max"),
        Row(f"serve: started to first page, {policies} policies (check + full build)",
            Timing((startup,))),
    ]
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--policies", type=int, action="append",
                        help="manual size (repeatable; default: 100 and 500)")
    parser.add_argument("--edits", type=int, default=5, help="timed edits per size (>= 3)")
    parser.add_argument("--no-reference", action="store_true",
                        help="skip the full rebuild timed as a reference (minutes at 500)")
    parser.add_argument("--quick", action="store_true",
                        help="20 policies, 3 edits: a smoke test, not a measurement")
    parser.add_argument("-o", "--output", type=Path, default=HERE / "out" / "serve")
    args = parser.parse_args(argv)
    sizes = [20] if args.quick else (args.policies or [100, 500])
    edits = 3 if args.quick else max(3, args.edits)
    out = args.output.resolve()
    out.mkdir(parents=True, exist_ok=True)
    rows: list[Row | Metric] = []
    for size in sizes:
        found = bench_size(size, edits, out, args.quick, not args.no_reference)
        report(found, title=f"serve, {size} policies (as measured; the summary follows)")
        rows += found
    if len(sizes) > 1:
        edit_rows = [row for row in rows if isinstance(row, Row) and "an edit" in row.name]
        growth = edit_rows[-1].timing.median / edit_rows[0].timing.median
        rows.append(Metric(f"growth of the median edit, {sizes[0]} to {sizes[-1]} policies",
                           round(growth, 2), "x"))
    title = "serve (--quick: a smoke test, figures are not a measurement)" if args.quick \
        else "serve"
    report(rows, title=title)
    return exit_code(rows)


if __name__ == "__main__":
    raise SystemExit(main())
