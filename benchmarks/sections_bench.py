"""Sections found on real texts, against a careful human reading of their headings.

    python benchmarks/sections_bench.py
    python benchmarks/sections_bench.py --truth benchmarks/section_truth_outside.tsv --texts DIR

`section_truth.tsv` lists, for a handful of corpus texts of different numbering
schemes (and a few corpus PDFs, named `pdf/...`, imported as PDFs), the section headings
a person reading the text finds, in order. A heading
counts as found when the import has a section with the same number (or, where
nothing is numbered, the same title), in the same order (longest common run). The
target (>= 90 %) is on every text's headings together; the lowest text is printed too.

`--truth` and `--texts` score another reading of texts kept elsewhere: `section_truth_outside.tsv`
reads 16 city texts that are not in the corpus (its comments say where to get them), and
`section_truth_blind.tsv` 17 more, read blind: thirteen Oakland orders and four texts of glyph
numbers the importer cannot read; `section_truth_cpd.tsv` twelve Chicago directives other than
the corpus's, as their HTML marks their headings (`cpd_text.py` makes their texts).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from toolkit.importer import ImportResult, import_text

TRUTH = HERE / "section_truth.tsv"
CORPUS = HERE.parent.parent / "shared" / "corpus" / "text"
PDFS = CORPUS.parent
TARGET = 0.9

Heading = tuple[str, str]


def read_truth(path: Path) -> dict[str, list[Heading]]:
    """file -> [(number, title)] in reading order."""
    truth: dict[str, list[Heading]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, number, title = line.split("\t")
            truth.setdefault(name, []).append((number, title))
    return truth


def section_recall(truth: Sequence[Heading], result: ImportResult) -> float:
    """Share of the true headings the import found, in order."""
    found = [_key(section.number, section.title) for section in result.new.sections]
    wanted = [_key(number, title) for number, title in truth]
    return _common_run(wanted, found) / max(len(wanted), 1)


def _key(number: str, title: str) -> str:
    if number:
        return number.rstrip(".")
    return re.sub(r"\W+", " ", title).strip().lower()


def _common_run(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence."""
    previous = [0] * (len(b) + 1)
    for item in a:
        current = [0]
        for index, other in enumerate(b):
            current.append(previous[index] + 1 if item == other
                           else max(previous[index + 1], current[index]))
        previous = current
    return previous[-1]


def import_named(name: str, texts: Path = CORPUS) -> ImportResult | None:
    """A truth file's entry imported: a corpus text, a corpus PDF (`pdf/...`), or one
    directive of a text that compiles several (`uofp-chicago.txt#G03-02-05`), imported as
    `policykit import` splits it; None where the import does not split it so."""
    if name.endswith(".pdf"):
        from toolkit.importer.pdf import import_pdf

        return import_pdf((PDFS / name).read_bytes(), Path(name).name)
    file, _, policy = name.partition("#")
    if not policy:
        return import_text((texts / file).read_text(encoding="utf-8", errors="replace"), name)
    return next((result for result in _pieces(texts / file) if result.policy == policy), None)


@cache
def _pieces(path: Path) -> list[ImportResult]:
    from toolkit.importer.batch import import_text_pieces

    return import_text_pieces(path.read_text(encoding="utf-8", errors="replace"), path.name)


def recall_by_file(truth: Path = TRUTH, texts: Path = CORPUS) -> dict[str, float]:
    return {name: section_recall(headings, result) if result else 0.0
            for name, headings in read_truth(truth).items()
            for result in [import_named(name, texts)]}


def pooled(scores: dict[str, float], path: Path = TRUTH) -> float:
    """Share of every text's headings found: the target's "across" the kinds of manual."""
    truth = read_truth(path)
    found = sum(scores[name] * len(truth[name]) for name in scores)
    return found / sum(len(truth[name]) for name in scores)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--truth", type=Path, default=TRUTH, help="the reading (TSV)")
    parser.add_argument("--texts", type=Path, default=CORPUS, help="the folder of its texts")
    args = parser.parse_args()
    truth = read_truth(args.truth)
    scores = recall_by_file(args.truth, args.texts)
    for name, score in scores.items():
        print(f"{name:52} {100 * score:5.1f} % of {len(truth[name])} headings")
    worst = min(scores.values())
    total = sum(len(headings) for headings in truth.values())
    share = pooled(scores, args.truth)
    print(f"all {len(scores)} texts: {100 * share:.1f} % of {total} headings "
          f"(target >= {100 * TARGET:.0f} %); lowest text {100 * worst:.1f} %")
    return 0 if share >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
