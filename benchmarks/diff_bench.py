"""Benchmark the clause-level diff (issue 4): speed on a 5,000-clause policy, and accuracy.

    python benchmarks/diff_bench.py            # full size
    python benchmarks/diff_bench.py --quick    # small, for a smoke test

Speed: two versions of one generated policy of 5,000 clauses (generate.py, about
8 % of clauses edited: rewordings, insertions, deletions, moves, swaps,
promotions, demotions, splits, merges, editorial fixes, a term replaced
throughout) are written as markdown. We time `diff_versions` on the parsed
versions (word caches cleared before each run, so every run does all the
work) and the whole `policykit diff` path (parse both files, diff, render the
JSON). The reference, timed in the same run on the same two files:
`git diff --no-index --word-diff`.

Accuracy: the generator knows the truth of every pair. Over many generated
policies, each reported change (op, old addresses, new addresses) that is not
`unchanged` is checked against the truth: precision, recall (both >= 0.9 in
the issue) and wrong moves (a `moved` the truth does not have: target 0).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from generate import count_clauses, generate_policy
from harness import Metric, Row, exit_code, measure, report, run_command

from toolkit.diff import diff_versions
from toolkit.diff.words import normalized_words
from toolkit.model import ChangeSet
from toolkit.parse import read_version
from toolkit.render.changes_json import changeset_to_json
from toolkit.write import write_markdown

Key = tuple[str, tuple[str, ...], tuple[str, ...]]


def big_pair(clauses: int, folder: Path, seed: int = 0) -> tuple[Path, Path, object]:
    """Write two versions of one generated policy; return their paths and the truth."""
    policy = generate_policy("1-01", "Use of Force: Generated", 2, seed, clauses)
    paths = []
    for version in policy.versions:
        path = folder / f"{version.version}.md"
        path.write_text(write_markdown(version), encoding="utf-8")
        paths.append(path)
    print(f"{count_clauses(policy.versions[0])} and {count_clauses(policy.versions[1])} clauses "
          f"in two files of {sum(p.stat().st_size for p in paths) // 1000} kB", flush=True)
    return paths[0], paths[1], policy.truths[0]


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


def main(argv: Sequence[str] | None = None) -> int:
    quick = "--quick" in (argv if argv is not None else sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="diff-bench-") as folder:
        return run(quick, Path(folder))


def run(quick: bool, folder: Path) -> int:
    """Every figure of the report; the two version files live in `folder`."""
    clauses = 500 if quick else 5000
    old_path, new_path, truth = big_pair(clauses, folder)
    old, new = read_version(old_path), read_version(new_path)

    def run_diff() -> ChangeSet:
        normalized_words.cache_clear()
        return diff_versions(old, new)

    def run_end_to_end() -> str:
        normalized_words.cache_clear()
        cs = diff_versions(read_version(old_path), read_version(new_path))
        return json.dumps(changeset_to_json(cs))

    git = run_command(["git", "diff", "--no-index", "--word-diff", old_path, new_path],
                      repeat=5, ok_codes=(0, 1))
    rows: list[Row | Metric] = [
        Row(f"diff_versions, {clauses:,} clauses", measure(run_diff, repeat=5, memory=True),
            "git diff --no-index --word-diff", git, target=1.0 if not quick else None),
        Row("parse both files + diff + JSON", measure(run_end_to_end, repeat=3),
            "git diff --no-index --word-diff", git),
    ]
    big = keys(run_diff())
    true_big = {(c.op, c.old, c.new) for c in truth.changes if c.op != "unchanged"}  # type: ignore[attr-defined]
    rows.append(Metric(f"changes right on the {clauses:,}-clause pair",
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
    report(rows, "clause-level diff (issue 4)")
    if misses:
        print("misses: " + ", ".join(f"{name} {count}" for name, count in misses.most_common()))
    return exit_code(rows)


if __name__ == "__main__":
    sys.exit(main())
