"""Benchmark how fast `policykit` starts (issue 14): every command pays it.

    python benchmarks/startup_bench.py            # 9 runs of each command
    python benchmarks/startup_bench.py --quick    # 5 runs: a smoke test only

Timed as a user runs them, each in a fresh process (the console script beside
this interpreter): `policykit --help`, `policykit check FILE` on one real policy
(`policies/2-55/revised.md`: reading, parsing and checking it included) and
`policykit diff --help`. Best and median of the runs, with peak resident memory.
The reference, in the same run: `python -c pass` with the same interpreter and
site-packages, the floor any Python command pays. Target: under 0.1 s (best).
Commands run as a user's shell runs them, with Python's bytecode caches (an
untimed first run of each writes them, PYTHONDONTWRITEBYTECODE is unset).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from harness import (
    Row,
    Timing,
    exit_code,
    format_bytes,
    format_seconds,
    report,
    run_command,
    user_environment,
)

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "policies" / "2-55" / "revised.md"
TARGET = 0.1
"""Seconds, best run, whole process."""


def policykit_command() -> list[str]:
    """`policykit` as installed beside this interpreter (the console script), else `-m`."""
    script = Path(sys.executable).parent / "policykit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "toolkit.cli"]


def commands() -> dict[str, list[str]]:
    policykit = policykit_command()
    return {
        "policykit --help": [*policykit, "--help"],
        "policykit check FILE": [*policykit, "check", str(POLICY.relative_to(ROOT))],
        "policykit diff --help": [*policykit, "diff", "--help"],
    }


def summary(name: str, timing: Timing) -> str:
    peak = format_bytes(timing.peak_memory) if timing.peak_memory else "?"
    cpu = format_seconds(timing.best_cpu) if timing.best_cpu is not None else "?"
    return (f"{name}: best {format_seconds(timing.best)}, median {format_seconds(timing.median)}"
            f", least CPU {cpu}, peak {peak}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 runs each: a smoke test")
    parser.add_argument("--repeat", type=int, help="runs of each command (at least 5)")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    repeat = max(args.repeat or (5 if args.quick else 9), 5)
    if args.quick:
        print("--quick: a smoke test only (5 runs); on a loaded machine its times are noise",
              flush=True)
    env = user_environment()
    print("as a user runs them: bytecode caches on (PYTHONDONTWRITEBYTECODE unset), each "
          "command run once untimed first to write them", flush=True)
    for argv_ in commands().values():
        run_command(argv_, repeat=1, cwd=ROOT, env=env)
    reference = run_command([sys.executable, "-c", "pass"], repeat=repeat, env=env)
    rows = [Row(name, run_command(argv_, repeat=repeat, cwd=ROOT, env=env), "python -c pass",
                reference, target=TARGET)
            for name, argv_ in commands().items()]
    report(rows, "policykit start-up (issue 14)" + (" [--quick smoke test]" if args.quick else ""))
    print(summary("python -c pass", reference))
    for row in rows:
        print(summary(row.name, row.timing))
    return exit_code(rows)


if __name__ == "__main__":
    sys.exit(main())
