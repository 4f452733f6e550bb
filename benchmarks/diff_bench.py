"""Benchmark `policykit diff` as a user runs it (issues 4 and 14): speed by size, and accuracy.

    python benchmarks/diff_bench.py            # 500, 5,000, 20,000 and 50,000 clauses
    python benchmarks/diff_bench.py --quick    # 500 clauses only: a smoke test, no verdict on speed

Speed: two versions of one generated policy (generate.py, about 8 % of clauses
edited: rewordings, insertions, deletions, moves, swaps, promotions, demotions,
splits, merges, editorial fixes, a term replaced throughout) are written as
markdown at each size. We time the whole command, `policykit diff OLD NEW
--format json -o OUT` in a fresh process (start-up, parsing both files, the
diff and writing the JSON), best and median of 3, with the process's peak
resident memory. The reference, timed in the same run on the same two files:
`git diff --no-index --word-diff`. The report gives the ratio at each size and
how the time grows between sizes. Targets (issue 14): ratio <= 30 at 5,000
clauses; the 50,000-clause time no more than 10x the 5,000-clause time.

A pair above 5,000 clauses is joined from independently generated pieces of
5,000 (`generate.generate_pair`: revising one draft is quadratic in its size),
so every size takes time linear in it. The 5,000-clause size is those ten pieces
of the 50,000-clause pair, each timed as a pair of its own: the ratio to git is
the median piece's, and the 50,000-clause time is held to ten times the pieces'
mean (what the big pair costs if the command is linear, on the same text and the
same edits; pairs differ in how much was edited, and one piece alone, seed 0's
light one until 2026-12-02, made the growth measure the input as much as the
code). Each pair is kept in a cache folder
(`--cache DIR`, default `~/.cache/policykit-benchmarks/diff`) named by its size,
seed and the generator's own hash; a changed generator makes new pairs. That
cache holds the benchmark's inputs only: the timed command runs with an empty
POLICYKIT_CACHE of its own each run, so every run is cold work. Python's own
bytecode caches are on, as an installed copy has them (PYTHONDONTWRITEBYTECODE
unset; one untimed run writes them).

Accuracy: the generator knows the truth of every pair. Over many generated
policies, each reported change (op, old addresses, new addresses) that is not
`unchanged` is checked against the truth: precision, recall (both >= 0.9 in
issue 4) and wrong moves (a `moved` the truth does not have: target 0).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

from generate import TruthChange, count_clauses, generate_policy, join_pieces, pair_pieces
from harness import (
    Metric,
    Row,
    Timing,
    exit_code,
    format_bytes,
    format_seconds,
    report,
    run_command,
    user_environment,
)

from toolkit.diff import diff_versions
from toolkit.model import ChangeSet, Version
from toolkit.parse import read_version
from toolkit.write import write_markdown

Key = tuple[str, tuple[str, ...], tuple[str, ...]]

SIZES = (500, 5_000, 20_000, 50_000)
QUICK_SIZES = (500,)
RATIO_TARGET = 30.0
"""At 5,000 clauses: the command within this many times git diff --word-diff."""
GROWTH_TARGET = 10.0
"""The 50,000-clause time within this many times the 5,000-clause time (linear: 10x)."""
PIECES_OF = 50_000
"""The pair whose 5,000-clause pieces are timed one by one as the 5,000-clause size."""
HERE = Path(__file__).resolve().parent
DEFAULT_CACHE = Path.home() / ".cache" / "policykit-benchmarks" / "diff"


def policykit_command() -> list[str]:
    """`policykit` as installed beside this interpreter (the console script), else `-m`."""
    script = Path(sys.executable).parent / "policykit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "toolkit.cli"]


def generator_hash() -> str:
    return hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:12]


def cached_pair(clauses: int, cache: Path, seed: int = 0) -> tuple[Path, Path, Path]:
    """The two version files and the truth of a generated pair, made once per generator.

    A pair joined from pieces keeps each piece too, as a pair of its own (`pieces/NN/`).
    """
    folder = cache / f"{clauses}-seed{seed}-{generator_hash()}"
    old, new, truth = folder / "old.md", folder / "new.md", folder / "truth.json"
    if not truth.exists():
        print(f"generating a {clauses:,}-clause pair into {folder} (kept for later runs)",
              flush=True)
        pieces = pair_pieces("1-01", "Use of Force: Generated", seed, clauses)
        if len(pieces) > 1:
            for index, piece in enumerate(pieces):
                _write_pair(folder / "pieces" / f"{index:02d}", *piece.versions,
                            [c for c in piece.truths[0].changes if c.op != "unchanged"])
        pair = join_pieces(pieces)
        _write_pair(folder, pair.old, pair.new, pair.changes)
        print(f"{count_clauses(pair.old):,} and {count_clauses(pair.new):,} clauses", flush=True)
    return old, new, truth


def _write_pair(folder: Path, old: Version, new: Version, changes: Sequence[TruthChange]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "old.md").write_text(write_markdown(old), encoding="utf-8")
    (folder / "new.md").write_text(write_markdown(new), encoding="utf-8")
    true = sorted([c.op, list(c.old), list(c.new)] for c in changes)
    (folder / "truth.json").write_text(json.dumps(true), encoding="utf-8")  # last: complete


def cached_pieces(cache: Path, seed: int = 0) -> list[tuple[Path, Path]]:
    """The ten 5,000-clause pieces the 50,000-clause pair is joined from, each a pair of its
    own (piece 0 is the seed's 5,000-clause pair itself)."""
    old, _, _ = cached_pair(PIECES_OF, cache, seed)
    folders = sorted((old.parent / "pieces").iterdir())
    return [(folder / "old.md", folder / "new.md") for folder in folders]


def keys(cs: ChangeSet) -> set[Key]:
    """Reported changes, definitions left out (the generator's truth covers the tree)."""
    return {(c.op, c.old, c.new) for c in cs.changes
            if c.op != "unchanged" and ".def." not in "".join(c.old + c.new)}


def accuracy(policies: int, clauses: int, versions: int = 4) -> tuple[Counter[str], Counter[str]]:
    """Totals of true positives, false positives, false negatives and wrong moves, and per-op
    misses, over generated policies."""
    totals: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    for seed in range(policies):
        policy = generate_policy(f"1-{seed + 1:02d}", "Generated", versions, seed, clauses,
                                 edit_rate=0.12)
        for index, truth in enumerate(policy.truths):
            mine = keys(diff_versions(policy.versions[index], policy.versions[index + 1]))
            true = {(c.op, c.old, c.new) for c in truth.changes if c.op != "unchanged"}
            totals.update(tp=len(mine & true), fp=len(mine - true), fn=len(true - mine))
            totals["wrong moves"] += sum(1 for op, _, _ in mine - true if op == "moved")
            misses.update(f"reported {op}, not true" for op, _, _ in mine - true)
            misses.update(f"missed {op}" for op, _, _ in true - mine)
    return totals, misses


def time_size(clauses: int, cache: Path, out: Path, repeat: int) -> Row:
    """The command and the reference on one pair, `repeat` runs each, alternating."""
    old, new, _ = cached_pair(clauses, cache)
    return time_pair(old, new, out, repeat, f"{clauses:,} clauses",
                     RATIO_TARGET if clauses == 5_000 else None)


def time_pair(old: Path, new: Path, out: Path, repeat: int, what: str,
              target: float | None = None) -> Row:
    """The command and the reference on two files, `repeat` runs each."""
    empty = out.parent / f"no-cache-{old.parent.name}"  # cold work: no parse cache to find
    env = user_environment() | {"POLICYKIT_CACHE": str(empty)}
    command = [*policykit_command(), "diff", old, new, "--format", "json", "-o", out, "--force"]
    run_command(command, repeat=1, env=env)  # untimed: writes the bytecode caches a user has
    ours = run_command(command, repeat=repeat, env=env)
    if empty.exists() and any(empty.iterdir()):  # then later runs found the first one's work
        raise SystemExit(f"policykit diff wrote to its cache {empty}: the runs were not cold")
    git = run_command(["git", "diff", "--no-index", "--word-diff", old, new], repeat=repeat,
                      ok_codes=(0, 1))
    return Row(f"policykit diff --format json, {what}", ours,
               "git diff --no-index --word-diff", git, target_ratio=target)


def time_pieces(cache: Path, out: Path, repeat: int) -> tuple[Row, list[Row]]:
    """Every 5,000-clause piece of the 50,000-clause pair timed as a pair of its own, and the
    piece that stands for 5,000 clauses: the upper median by ratio to git.

    Why pieces: generated pairs differ in how much was edited (the revision replaces a term
    throughout in seven pairs of ten, and how often that term occurs varies), and the diff's
    work follows the edits. The seed-0 pair alone has 814 true changes, the ten pieces 775 to
    1,818, and the 50,000-clause pair all ten: against seed 0 alone, the 50,000-clause pair
    held 1.9x the modified clauses per 5,000, so its "growth" measured the input as much as
    the code. Timing the very pieces the big pair is made of compares like with like.
    """
    rows = [time_pair(old, new, out, repeat, f"5,000 clauses, piece {index} of "
                      f"the {_short(PIECES_OF)} pair")
            for index, (old, new) in enumerate(cached_pieces(cache))]
    ranked = sorted(range(len(rows)), key=lambda index: rows[index].ratio or 0.0)
    median = ranked[len(ranked) // 2]
    typical = replace(rows[median], name=f"policykit diff --format json, 5,000 clauses "
                      f"(median of {len(rows)} pieces: piece {median})", target_ratio=RATIO_TARGET)
    return typical, rows


def spread(row: Row) -> str:
    """`best 0.41 s, median 0.44 s, cpu 0.39 s, peak 88 MB` of a timed command and its reference."""
    return f"{row.name}: {_figures(row.timing)}; reference {_figures(row.reference)}"


def _figures(timing: Timing | None) -> str:
    if timing is None:
        return "?"
    peak = format_bytes(timing.peak_memory) if timing.peak_memory else "?"
    cpu = format_seconds(timing.best_cpu) if timing.best_cpu is not None else "?"
    return (f"best {format_seconds(timing.best)}, median {format_seconds(timing.median)}, "
            f"least CPU {cpu}, peak {peak}")


def growth(rows: dict[int, Row], pieces: Sequence[Row] = ()) -> tuple[list[str], Metric | None]:
    """One line per step between sizes, and the 5k->50k figure against its target.

    The 5,000-clause time the 50,000-clause time is held to is the mean of its ten pieces'
    (each timed alone, start-up included): ten times it is exactly what the big pair would
    cost if the command were linear, on the same text and the same edits.
    """
    sizes = sorted(rows)
    lines = []
    for small, large in pairwise(sizes):
        times = rows[large].timing.best / rows[small].timing.best
        lines.append(f"{_short(small)}→{_short(large)}: {times:.1f}× time for "
                     f"{large / small:g}× clauses")
    if not pieces or PIECES_OF not in rows:
        return lines, None
    mean = statistics.fmean(row.timing.best for row in pieces)
    times = rows[PIECES_OF].timing.best / mean
    lines.append(f"{_short(PIECES_OF)} against its own {len(pieces)} pieces, each diffed alone: "
                 f"{times:.1f}× the mean piece's best ({format_seconds(mean)}; pieces "
                 f"{format_seconds(min(r.timing.best for r in pieces))} to "
                 f"{format_seconds(max(r.timing.best for r in pieces))}), "
                 f"{times / len(pieces):.2f}× their sum")
    return lines, Metric("50,000-clause time over its 5,000-clause pieces' mean time",
                         round(times, 2), "x", f"<= {GROWTH_TARGET:g}", times <= GROWTH_TARGET)


def _short(clauses: int) -> str:
    return f"{clauses // 1000}k" if clauses >= 1000 else str(clauses)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="500 clauses only: a smoke test")
    parser.add_argument("--sizes", type=int, nargs="+", help="clause counts to time")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (>= 3)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="where generated pairs are kept")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    if args.quick:
        print("--quick: a smoke test only (500 clauses, fewer accuracy policies); "
              "its times say nothing about the targets", flush=True)
    with tempfile.TemporaryDirectory(prefix="diff-bench-") as folder:
        return run(sizes, args.quick, max(args.repeat, 3), args.cache, Path(folder))


def run(sizes: Sequence[int], quick: bool, repeat: int, cache: Path, folder: Path) -> int:
    """Every figure of the report."""
    timed, pieces = {}, []
    for clauses in sizes:
        if clauses == 5_000:
            timed[clauses], pieces = time_pieces(cache, folder / "out.json", repeat)
        else:
            timed[clauses] = time_size(clauses, cache, folder / "out.json", repeat)
    rows: list[Row | Metric] = list(timed.values())
    lines, metric = growth(timed, pieces)
    rows += [metric] if metric else []
    checked = 5_000 if 5_000 in timed else min(timed)
    old, new, truth_file = cached_pair(checked, cache)
    big = keys(diff_versions(read_version(old), read_version(new)))
    true_big = {(op, tuple(o), tuple(n)) for op, o, n in json.loads(truth_file.read_text())}
    rows.append(Metric(f"changes right on the {checked:,}-clause pair",
                       100 * len(big & true_big) / max(1, len(big | true_big)), "%"))
    totals, misses = accuracy(policies=6 if quick else 40, clauses=80)
    precision = totals["tp"] / max(1, totals["tp"] + totals["fp"])
    recall = totals["tp"] / max(1, totals["tp"] + totals["fn"])
    rows += [
        Metric("precision of change types", round(precision, 4), "", ">= 0.9", precision >= 0.9),
        Metric("recall of change types", round(recall, 4), "", ">= 0.9", recall >= 0.9),
        Metric("wrong moves", totals["wrong moves"], "", "0", totals["wrong moves"] == 0),
        Metric("true changes checked", totals["tp"] + totals["fn"], "changes"),
    ]
    report(rows, "policykit diff as a command (issues 4 and 14)" + (" [--quick smoke test]"
                                                                     if quick else ""))
    print("every run cold: the command reads, parses and diffs both files itself, with an empty "
          "POLICYKIT_CACHE; bytecode caches on, as a user has them (PYTHONDONTWRITEBYTECODE "
          "unset, one untimed run first)")
    for row in [*timed.values(), *pieces]:
        print(spread(row))
    for line in lines:
        print(line)
    if misses:
        print("misses: " + ", ".join(f"{name} {count}" for name, count in misses.most_common()))
    return exit_code(rows)


if __name__ == "__main__":
    sys.exit(main())
