"""Benchmark `policykit import` on real texts, and (with --generated) on generated pairs.

    python benchmarks/import_bench.py                # real texts (see real_import.py)
    python benchmarks/import_bench.py --quick        # smaller timings, for a smoke test
    python benchmarks/import_bench.py --generated    # also the generator's own pairs

The real measures (`real_import.py`): word accuracy on LibreOffice-made redlines of real
version pairs, invented changes on every clean corpus text, section headings found
against a hand-read list (`section_truth.tsv`), and time per 10,000 words as a command
against `cat`, up to a 250,000-word manual.

The generated pairs are an easy case, kept to catch regressions. Ground truth by
construction: the manual generator (generate.py) writes policies
with two versions and knows which clause became which. Each clause pair is
flattened the way PDF extraction of tracked changes does (deleted words
immediately followed by inserted words, with no space between in 70 % of the
seams), laid out as PDF-extracted SOP text (section number and title on
separate lines, sanction values on lines of their own, lines wrapped), and
imported. A second run merges changes a few words apart into one deleted and
one inserted phrase, as a word processor's compare often does. Figures:

- word accuracy of the recovered old and new sides: 1 - word edit distance /
  words of the true side, over all paired clauses and over the changed ones;
- false-change rate: decoder changes per 1,000 words of clean text (each
  version imported as it is, no redline in it);
- structure: clauses the import finds against clauses written;
"""

from __future__ import annotations

import argparse
import random
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from generate import generate_manual
from harness import Metric, Row, exit_code, report
from real_import import real_rows

from toolkit.importer import import_text
from toolkit.importer.flatten import flatten_redline
from toolkit.importer.nouns import ImportWarning, Span, Token
from toolkit.importer.redline import decode_tokens
from toolkit.importer.seams import SURE
from toolkit.importer.vocabulary import DocumentVocabulary, read_vocabulary
from toolkit.model import Clause, Version
from toolkit.tree import index_by_address, walk

HERE = Path(__file__).resolve().parent
GLUE_SHARE = 0.7
"""Share of seams where the deleted and inserted words touch with no space."""
WIDTH = 90
"""Line width of the laid-out PDF text."""


@dataclass(frozen=True)
class Pair:
    """One clause in the old and the new version."""

    old: str
    new: str


# --- ground truth --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One generated policy's two versions and, for each new clause, its old text."""

    old: Version
    new: Version
    old_text: dict[str, str]
    """New address -> the text of the same clause in the old version."""

    def pairs(self) -> list[Pair]:
        new_nodes = index_by_address(self.new)
        return [Pair(text, new_nodes[address].text) for address, text in self.old_text.items()
                if text and new_nodes[address].text]


def generated_cases(policies: int, clauses: int) -> list[Case]:
    manual = generate_manual(policies, 2, seed=7, clauses_per_policy=clauses)
    cases = []
    for policy in manual.policies:
        old, new = policy.versions
        (truth,) = policy.truths
        old_nodes, new_nodes = index_by_address(old), index_by_address(new)
        old_text = {
            c.new[0]: old_nodes[c.old[0]].text for c in truth.changes
            if len(c.old) == len(c.new) == 1 and c.old[0] in old_nodes and c.new[0] in new_nodes
        }
        cases.append(Case(old, new, old_text))
    return cases


# --- laying out PDF text -------------------------------------------------------------------------


def lay_out(version: Version, texts: dict[str, str] | None = None) -> str:
    """A version as PDF-extracted text; `texts` replaces clause texts by address (flattened)."""
    texts = texts or {}
    lines = [version.title.upper(), ""]
    for section in version.sections:
        lines += [section.number, "", section.title, ""]
        lines += textwrap.wrap(section.text, WIDTH) if section.text else []
        for definition in (d for d in version.definitions if d.section == section.number):
            lines += [definition.term, *_sanction(definition.sanction),
                      *textwrap.wrap(definition.definition, WIDTH)]
        for node in walk(section.children):
            assert isinstance(node, Clause)
            text = texts.get(node.address, node.text)
            start = f"{node.label}. " if node.label else ""
            lines += ([""] if not node.label else []) + textwrap.wrap(start + text, WIDTH)
            lines += _sanction(node.sanction)
    return "\n".join(lines) + "\n"


def _sanction(value: str | None) -> list[str]:
    return ["", value, ""] if value else []


# --- figures -------------------------------------------------------------------------------------


def word_errors(got: str, truth: str) -> int:
    ops = SequenceMatcher(None, got.split(), truth.split(), autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")


@dataclass(frozen=True)
class Accuracy:
    words: int
    errors_old: int
    errors_new: int
    flagged: int
    """Pairs recovered wrongly whose clause carries a warning."""
    wrong: int
    """Pairs recovered wrongly."""

    def old(self) -> float:
        return 1 - self.errors_old / max(self.words, 1)

    def new(self) -> float:
        return 1 - self.errors_new / max(self.words, 1)


def measure_accuracy(cases: Sequence[Case], rng: random.Random,
                     merge_gap: int = 0) -> tuple[Accuracy, Accuracy]:
    """Accuracy over all pairs and over the pairs whose texts differ.

    Each policy is one document: its flattened clauses make the vocabulary the decoder weighs.
    """
    tallies = {"all": [0, 0, 0, 0, 0], "changed": [0, 0, 0, 0, 0]}
    for case in cases:
        pairs = case.pairs()
        flat = [flatten_redline(p.old, p.new, rng.random() < GLUE_SHARE, merge_gap) for p in pairs]
        _tally(pairs, flat, read_vocabulary([" ".join(flat)]), tallies)
    return Accuracy(*tallies["all"]), Accuracy(*tallies["changed"])


def _decode_document(flat: Sequence[str], vocabulary: DocumentVocabulary
                     ) -> list[tuple[tuple[Span, ...], tuple[ImportWarning, ...]]]:
    """Each paragraph decoded as `import_text` does: sure seams only, if none is sure."""
    tokens = [[Token(w, 1) for w in text.split()] for text in flat]
    decoded = [decode_tokens(paragraph, vocabulary) for paragraph in tokens]
    changes = [span.change for spans, _ in decoded for span in spans if span.change]
    if changes and all(change.confidence < SURE for change in changes):
        decoded = [decode_tokens(paragraph, vocabulary, SURE) for paragraph in tokens]
    return decoded


def _tally(pairs: Sequence[Pair], flat: Sequence[str], vocabulary: DocumentVocabulary,
           tallies: dict[str, list[int]]) -> None:
    decoded = _decode_document(flat, vocabulary)
    for pair, (spans, warnings) in zip(pairs, decoded, strict=True):
        old = " ".join(w for s in spans for w in s.old)
        new = " ".join(w for s in spans for w in s.new)
        errors = (word_errors(old, pair.old), word_errors(new, pair.new))
        for key in ("all", "changed") if pair.old != pair.new else ("all",):
            tally = tallies[key]
            tally[0] += len(pair.new.split())
            tally[1] += errors[0]
            tally[2] += errors[1]
            tally[3] += bool(any(errors) and warnings)
            tally[4] += bool(any(errors))


def false_changes(versions: Sequence[Version]) -> tuple[int, int, int]:
    """Decoder changes, redline warnings and words over clean laid-out versions."""
    changes = warnings = words = 0
    for version in versions:
        text = lay_out(version)
        result = import_text(text, "clean.txt")
        changes += len(result.changes)
        warnings += sum(w.code.startswith("redline") for w in result.warnings)
        words += len(text.split())
    return changes, warnings, words








def structure(cases: Sequence[Case]) -> tuple[int, int]:
    """Clauses found by importing each clean laid-out version, and clauses written."""
    found = written = 0
    for new in (case.new for case in cases):
        result = import_text(lay_out(new), "structure.txt")
        found += sum(1 for _ in walk(result.new.sections)) - len(result.new.sections)
        written += sum(1 for _ in walk(new.sections)) - len(new.sections)
    return found, written


def generated_rows(quick: bool) -> list[Row | Metric]:
    """The generator's own redline pairs: an easy case, kept to catch regressions."""
    rng = random.Random(3)
    cases = generated_cases(4 if quick else 12, 40 if quick else 120)
    pairs = [pair for case in cases for pair in case.pairs()]
    overall, changed = measure_accuracy(cases, rng)
    merged, _ = measure_accuracy(cases, rng, merge_gap=2)
    changes, alarms, clean_words = false_changes([v for case in cases
                                                  for v in (case.old, case.new)])
    found, written = structure(cases)
    return [
        Metric(f"generated pairs: word accuracy, old side ({overall.words:,} words, "
               f"{len(pairs)} clause pairs)", 100 * overall.old(), "%"),
        Metric("generated pairs: word accuracy, new side", 100 * overall.new(), "%"),
        Metric(f"generated pairs: changed clauses recovered wrongly ({changed.wrong}) "
               "that carry a warning", changed.flagged, "clauses"),
        Metric("generated pairs merged as phrases: old / new side", 100 * merged.old(),
               f"% / {100 * merged.new():.2f} %"),
        Metric(f"generated clean text: false changes ({clean_words:,} words)", changes,
               "changes", target="0", ok=changes == 0),
        Metric("generated clean text: redline warnings", alarms, "warnings"),
        Metric(f"generated clean text: clauses found ({written} written)", found, "clauses",
               ok=found == written),
    ]


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer timed runs: a smoke test, not a measurement")
    parser.add_argument("--generated", action="store_true",
                        help="also measure the generator's own pairs (an easy case)")
    args = parser.parse_args(argv)
    quick = args.quick
    rows = real_rows(quick)
    if args.generated:
        rows += generated_rows(quick)
    report(rows, title="import")
    return exit_code(rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
