"""Run every benchmark (`benchmarks/*_bench.py`) and print their reports, then a summary.

    python benchmarks/run.py            # full size
    python benchmarks/run.py --quick    # small inputs, for a smoke test
    python benchmarks/run.py diff       # only benchmarks whose name contains "diff"

Each benchmark is a script with a `main(argv)` that prints its own report (see
harness.py) and exits 3 (`harness.TARGET_MISSED`) when a figure misses its target. Each runs in its own process,
so one's memory or crash never disturbs the next; `--quick` is passed through.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from harness import TARGET_MISSED, align_table, format_seconds

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Outcome:
    """How one benchmark script ended."""

    name: str
    seconds: float
    code: int
    """Exit code: 0 all targets met, `TARGET_MISSED` a target missed, anything else a failure."""


def find_benchmarks(folder: Path, only: Sequence[str] = ()) -> list[Path]:
    """The `*_bench.py` scripts of a folder, sorted; with `only`, those whose name contains
    one of the given words."""
    scripts = sorted(folder.glob("*_bench.py"))
    return [s for s in scripts if not only or any(word in s.stem for word in only)]


def run_benchmark(script: Path, quick: bool, timeout: float | None = None) -> Outcome:
    """Run one script in its own process, its output going straight to ours."""
    argv = [sys.executable, str(script)] + (["--quick"] if quick else [])
    print(f"\n== {script.stem} {'(quick) ' if quick else ''}==", flush=True)
    start = time.perf_counter()
    try:
        finished = subprocess.run(argv, cwd=script.parent.parent, timeout=timeout, check=False)
        code = finished.returncode
    except subprocess.TimeoutExpired:
        print(f"{script.stem}: stopped after {format_seconds(timeout or 0)}", flush=True)
        code = 124
    return Outcome(script.stem, time.perf_counter() - start, code)


_VERDICTS = {0: "ok", TARGET_MISSED: "target missed"}


def format_summary(outcomes: Sequence[Outcome]) -> str:
    """One aligned line per benchmark: name, wall time, verdict."""
    table = [[o.name, format_seconds(o.seconds), _VERDICTS.get(o.code, f"failed ({o.code})")]
             for o in outcomes]
    return "\n".join(["\n== summary ==", *align_table(table)]) if table else "no benchmarks found"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmarks/*_bench.py.",
                                     epilog="example: python benchmarks/run.py --quick")
    parser.add_argument("only", nargs="*", help="run only benchmarks whose name contains these")
    parser.add_argument("--quick", action="store_true", help="small inputs (smoke test)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per benchmark")
    parser.add_argument("--dir", type=Path, default=HERE, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    outcomes = [run_benchmark(script, args.quick, args.timeout)
                for script in find_benchmarks(args.dir, args.only)]
    print(format_summary(outcomes), flush=True)
    codes = {o.code for o in outcomes}
    if codes <= {0}:
        return 0
    return TARGET_MISSED if codes <= {0, TARGET_MISSED} else 1


if __name__ == "__main__":
    sys.exit(main())
