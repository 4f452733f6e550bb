"""The shared timing harness: measure, then report each figure beside a reference.

These machines are noisy, so a figure alone says little; each benchmark also times a
reference (git diff, a plain mkdocs build, …) in the same run and reports the ratio:

    rows = [Row("diff 5,000 clauses", measure(run_diff), target=1.0,
                reference_name="git diff --word-diff", reference=run_command(["git", ...]))]
    report(rows)

    figure               time    reference             time     ratio  target  peak mem
    diff 5,000 clauses   0.41 s  git diff --word-diff  0.03 s   13.6x  <1 s    ok  48 MB

Times reported are the best of `repeat` runs (the least disturbed by other load); the
median is kept beside it in the JSON form.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any


@dataclass(frozen=True)
class Timing:
    """Wall times of repeated runs of one thing."""

    times: tuple[float, ...]
    """Seconds per run, in run order."""
    peak_memory: int | None = None
    """Peak memory in bytes: Python allocations (tracemalloc) for a function, maximum
    resident set size for a command; None when not measured."""
    cpu_times: tuple[float, ...] | None = None
    """CPU seconds (user + system) per run of a command, in run order; None for a function.
    On a loaded machine the wall time waits for a core, the CPU time much less."""

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best_cpu(self) -> float | None:
        return min(self.cpu_times) if self.cpu_times else None


@dataclass(frozen=True)
class Row:
    """One timed figure of a report, with its reference and target."""

    name: str
    """What was timed: `diff 5,000 clauses`."""
    timing: Timing
    reference_name: str = ""
    """What the reference is: `git diff --word-diff`."""
    reference: Timing | None = None
    """The reference, timed in the same run."""
    target: float | None = None
    """Most seconds allowed (best time)."""
    target_ratio: float | None = None
    """Largest ratio to the reference allowed."""

    @property
    def ratio(self) -> float | None:
        if self.reference is None or self.reference.best <= 0:
            return None
        return self.timing.best / self.reference.best

    @property
    def ok(self) -> bool | None:
        """True or False when there is a target to meet, None when there is none."""
        checks = []
        if self.target is not None:
            checks.append(self.timing.best <= self.target)
        if self.target_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.target_ratio)
        return all(checks) if checks else None


@dataclass(frozen=True)
class Metric:
    """A figure that is not a time: an accuracy, a size, a count."""

    name: str
    value: float
    unit: str = ""
    """`%`, `MB`, `clauses`, …; shown after the value."""
    target: str = ""
    """The target as people read it: `>= 98 %`."""
    ok: bool | None = None
    """Whether the target is met; None when there is none."""


def measure(fn: Callable[[], object], repeat: int = 5, memory: bool = False,
            warmup: int = 0) -> Timing:
    """Time `fn()` `repeat` times after `warmup` untimed runs.

    With `memory`, one extra run under tracemalloc gives the peak of Python allocations
    (tracing slows code down, so it is never a timed run).
    """
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return Timing(tuple(times), _traced_peak(fn) if memory else None)


def _traced_peak(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class CommandError(RuntimeError):
    """A reference command exited with a code it should not have."""


def user_environment() -> dict[str, str]:
    """This environment as a user's shell has it: Python writes and reads its bytecode caches.

    With PYTHONDONTWRITEBYTECODE set (as some sandboxes and CI images set it) every run
    compiles policykit's modules again: 0.1-0.3 s that no installed copy pays.
    """
    return {name: value for name, value in os.environ.items()
            if name != "PYTHONDONTWRITEBYTECODE"}


def run_command(argv: Sequence[str | Path], repeat: int = 3, cwd: Path | None = None,
                ok_codes: Sequence[int] = (0,), env: dict[str, str] | None = None) -> Timing:
    """Time an external command `repeat` times; its output is discarded.

    The peak memory is the command's largest resident set size. `git diff --no-index` exits
    1 when the files differ: pass `ok_codes=(0, 1)`. Any other exit code raises
    `CommandError` quoting the end of the command's stderr.
    """
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    times, peaks, cpu = [], [], []
    for _ in range(repeat):
        seconds, peak, code, errors, cpu_seconds = _run_once([str(arg) for arg in argv], cwd, env)
        if code not in ok_codes:
            last = "\n".join(errors.rstrip().splitlines()[-_ERROR_LINES:])
            raise CommandError(f"{' '.join(map(str, argv))} exited with {code}"
                               + (f"; its stderr ends:\n{last}" if last else ""))
        times.append(seconds)
        peaks.append(peak)
        cpu.append(cpu_seconds)
    return Timing(tuple(times), max(peaks), tuple(cpu))


# Linux counts the parent's resident set in a child's ru_maxrss when the child execs from a
# copy of the parent (fork) or from its memory (vfork), so a small command launched from a big
# benchmark process would report the benchmark's size. A bare interpreter (about 10 MB) forks
# and times the command instead, and reports its wall time, maxrss (kB) and exit code on
# stdout; the command's stderr passes through, to explain a failure.
_LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(null, fd)
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    except OSError as error:
        os.write(2, f"{sys.argv[1]}: {error.strerror}\\n".encode())
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
print(seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime)
"""


_ERROR_LINES = 15
"""Lines of a failed command's stderr that its CommandError quotes."""


def _run_once(argv: list[str], cwd: Path | None,
              env: dict[str, str] | None) -> tuple[float, int, int, str, float]:
    """Seconds, peak bytes, exit code, stderr and CPU seconds of one run."""
    launched = subprocess.run([sys.executable, "-I", "-S", "-c", _LAUNCHER, *argv], cwd=cwd,
                              env=env, capture_output=True, text=True, errors="replace",
                              check=False)
    if launched.returncode != 0:  # the launcher itself failed (bad cwd, …)
        return 0.0, 0, launched.returncode, launched.stderr, 0.0
    seconds, maxrss, code, cpu = launched.stdout.split()
    return float(seconds), int(maxrss) * 1024, int(code), launched.stderr, float(cpu)


# ── formatting ──────────────────────────────────────────────────────────────────────────────


def format_seconds(seconds: float) -> str:
    """`0.41 s`, `12 ms`, `850 µs`, `3.2 min`."""
    if seconds >= 120:
        return f"{seconds / 60:.1f} min"
    if seconds >= 10:
        return f"{seconds:.1f} s"
    if seconds >= 0.1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f} ms" if seconds >= 0.01 else f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def format_bytes(count: int) -> str:
    """`48 MB`, `1.2 GB`, `640 kB`, `160 B`."""
    if count >= 10**9:
        return f"{count / 10**9:.1f} GB"
    if count >= 10**6:
        return f"{count / 10**6:.0f} MB"
    if count >= 10**3:
        return f"{count / 10**3:.0f} kB"
    return f"{count} B"


def _verdict(ok: bool | None) -> str:
    return {True: "ok", False: "MISS", None: ""}[ok]


def _target_text(row: Row) -> str:
    parts = []
    if row.target is not None:
        parts.append(f"<{row.target:g} s")
    if row.target_ratio is not None:
        parts.append(f"<={row.target_ratio:g}x")
    return " ".join(parts)


def _row_cells(row: Row) -> list[str]:
    ratio = row.ratio
    return [
        row.name,
        format_seconds(row.timing.best),
        row.reference_name,
        format_seconds(row.reference.best) if row.reference else "",
        f"ratio {ratio:.1f}x" if ratio is not None else "",
        f"target {_target_text(row)}" if _target_text(row) else "",
        _verdict(row.ok),
        format_bytes(row.timing.peak_memory) + " peak" if row.timing.peak_memory else "",
    ]


def _metric_cells(metric: Metric) -> list[str]:
    value = f"{metric.value:g}" if isinstance(metric.value, int) else f"{metric.value:.4g}"
    return [metric.name, f"{value} {metric.unit}".strip(),
            f"target {metric.target}" if metric.target else "", _verdict(metric.ok)]


def align_table(table: list[list[str]]) -> list[str]:
    """Rows of cells as lines with every column padded to its widest cell."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return ["   ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
            for row in table]


def format_report(rows: Sequence[Row | Metric], title: str = "") -> str:
    """The aligned table `report` prints: timed rows first, then the other figures."""
    lines = [title] if title else []
    timed = [_row_cells(row) for row in rows if isinstance(row, Row)]
    metrics = [_metric_cells(row) for row in rows if isinstance(row, Metric)]
    for table in (timed, metrics):
        if table:
            lines += align_table(table)
    return "\n".join(lines)


def report(rows: Sequence[Row | Metric], title: str = "", file: IO[str] | None = None) -> None:
    """Print the figures as an aligned table, each time beside its reference and target."""
    print(format_report(rows, title), file=file or sys.stdout, flush=True)


def report_json(rows: Sequence[Row | Metric]) -> list[dict[str, Any]]:
    """The figures as plain data, for a machine to keep or compare between runs."""
    return [_row_json(row) if isinstance(row, Row) else _metric_json(row) for row in rows]


def _row_json(row: Row) -> dict[str, Any]:
    return {
        "name": row.name, "best": row.timing.best, "median": row.timing.median,
        "times": list(row.timing.times), "peak_memory": row.timing.peak_memory,
        "cpu_times": list(row.timing.cpu_times) if row.timing.cpu_times else None,
        "reference_name": row.reference_name or None,
        "reference_best": row.reference.best if row.reference else None,
        "ratio": row.ratio, "target": row.target, "target_ratio": row.target_ratio, "ok": row.ok,
    }


def _metric_json(metric: Metric) -> dict[str, Any]:
    return {"name": metric.name, "value": metric.value, "unit": metric.unit,
            "target": metric.target or None, "ok": metric.ok}


def write_json(rows: Sequence[Row | Metric], path: Path) -> None:
    """Write `report_json(rows)` to a file."""
    path.write_text(json.dumps(report_json(rows), indent=1) + "\n", encoding="utf-8")


TARGET_MISSED = 3
"""Exit code of a benchmark whose figures ran but missed a target (1 is left to crashes)."""


def exit_code(rows: Sequence[Row | Metric]) -> int:
    """`TARGET_MISSED` when any figure misses its target, else 0: what a benchmark's `main`
    returns."""
    return TARGET_MISSED if any(row.ok is False for row in rows) else 0
