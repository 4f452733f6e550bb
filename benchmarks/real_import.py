"""Import measured on real texts: realistic redlines, the clean corpus, a whole manual's time.

- Realistic redlines: the LibreOffice-rendered redline PDFs of real version pairs
  (`tests/importer/fixtures/pdf/`, made by `tests/importer/make_redline_pdfs.py`), as
  `pdftotext -layout` (`*.layout.txt`) and plain `pdftotext` (`*.plain.txt`) flattened
  them; word accuracy of each recovered side
  against the true texts (`*.old.txt`, `*.new.txt`), with the document-level decision left
  to the importer and with `--redline` said outright. Fixtures named `heldout-*` were made
  after the decoder was tuned and never tuned on; each split is also summed up.
- False changes: every text of `../shared/corpus/text/` is clean (MANIFEST.tsv: clean or
  one version of a pair); every change the importer reports there is invented.
- Page furniture in clause text: the four NZ chapters the corpus holds as text and as PDF;
  the PDF importer's headers, footers and page numbers (found by where they stand on the
  page) are the truth, and no section or clause of the text's import may hold one.
- Labels the nesting could not place: a clause label kept as the first words of an
  unlabelled paragraph (`1. Takedowns`) because it broke its list, counted over the clean
  corpus; a proxy for outline structure lost (no target: some texts really restart a list).
- Time per 10,000 words as a command (`python -m toolkit.cli import FILE -o FOLDER`, start-up
  included, the redline decision left to the importer) against `cat FILE`, best and median of several runs; and a 250,000-word manual
  built by concatenating corpus texts.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from harness import Metric, Row, measure

from toolkit.importer import ImportResult, import_text
from toolkit.importer.labels import LABEL
from toolkit.model import Clause
from toolkit.tree import walk_version

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "text"
REDLINES = ROOT / "tests" / "importer" / "fixtures" / "pdf"
MANUAL_WORDS = 250_000
MANUAL_SECONDS = 10.0
ACCURACY_TARGET = 0.97


@dataclass(frozen=True)
class Accuracy:
    """One realistic redline: word accuracy of each side, and whether it was read as one."""

    name: str
    old: float
    new: float
    redline: bool


EXTRACTIONS = ("layout", "plain")
"""`pdftotext -layout` and plain `pdftotext`: each redline fixture's two flattened texts."""


def redline_texts(extraction: str = "layout") -> list[Path]:
    return sorted(p for p in REDLINES.glob(f"*.{extraction}.txt") if "clean" not in p.name)


def redline_accuracy(layout: Path, redline: bool | None) -> Accuracy:
    """Word accuracy of each side of one flattened redline (`NAME.layout.txt` or
    `NAME.plain.txt`) against the truth beside it."""
    from pdf_bench import side_accuracy

    result = import_text(layout.read_text(encoding="utf-8"), layout.name, redline=redline)
    stem = layout.name.rsplit(".", 2)[0]
    scores = []
    for side in ("old", "new"):
        truth = (layout.parent / f"{stem}.{side}.txt").read_text(encoding="utf-8").split()
        scores.append(side_accuracy(result, side, truth))
    return Accuracy(stem, scores[0], scores[1], result.redline)


def corpus_texts() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def corpus_results() -> dict[str, ImportResult]:
    return {path.name: import_text(path.read_text(encoding="utf-8", errors="replace"), path.name)
            for path in corpus_texts()}


def command_seconds(path: Path, repeat: int) -> tuple[Row, int]:
    """`policykit import FILE -o FOLDER --force` as a command (a manual's import, every
    directive of a compilation written as its own policy) against `cat FILE`; and the words."""
    words = len(path.read_text(encoding="utf-8", errors="replace").split())
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "toolkit.cli", "import", str(path), "-o", folder,
                   "--force"]
        timing = measure(lambda: _run(command), repeat=repeat)
    reference = measure(lambda: _run(["cat", str(path)]), repeat=repeat)
    return Row(f"import {path.name} ({words:,} words) as a command", timing, "cat FILE",
               reference), words


def _run(command: Sequence[str]) -> None:
    """Run a command; a failed import is no time to report."""
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   cwd=ROOT)


def build_manual(folder: Path, words: int = MANUAL_WORDS) -> Path:
    """Corpus texts one after another until `words` words: one long manual."""
    parts: list[str] = []
    count = 0
    texts = corpus_texts()
    while count < words:
        for path in texts:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            for line in lines:
                parts.append(line)
                count += len(line.split())
                if count >= words:
                    break
            if count >= words:
                break
    manual = folder / "manual.txt"
    manual.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return manual


def per_10k(row: Row, words: int) -> Metric:
    best = row.timing.best * 10_000 / words
    median = row.timing.median * 10_000 / words
    return Metric(f"  per 10,000 words: best / median ({row.name.split(' (')[0][7:]})", best,
                  f"s / {median:.3f} s (cat {row.reference.best if row.reference else 0:.3f} s)")


def real_rows(quick: bool) -> list[Row | Metric]:
    rows: list[Row | Metric] = []
    rows.extend(_redline_rows())
    rows.extend(_corpus_rows())
    rows.extend(_time_rows(quick))
    return rows


def paragraph_ceiling(stem: str) -> tuple[float, float]:
    """Word accuracy of each side of a fixture were every paragraph that the redline
    inserted or deleted whole read as on both sides, and every other word right: what the
    text alone allows where no label tells such a paragraph apart (NZ chapters have none).
    The paragraphs are paired as `make_redline_pdfs.align` paired them to write the redline."""
    sys.path.insert(0, str(ROOT / "tests" / "importer"))
    from make_redline_pdfs import Para, align

    sides = [[Para(line) for line in (REDLINES / f"{stem}.{side}.txt").read_text(
        encoding="utf-8").splitlines() if line.strip()] for side in ("old", "new")]
    steps = list(align(*sides))
    inserted = sum(len(step.new.text.split()) for step in steps if step.kind == "insert"
                   and step.new)
    deleted = sum(len(step.old.text.split()) for step in steps if step.kind == "delete"
                  and step.old)
    old, new = (sum(len(para.text.split()) for para in side) for side in sides)
    return 1 - inserted / old, 1 - deleted / new


def _redline_rows() -> list[Row | Metric]:
    rows: list[Row | Metric] = []
    for layout in redline_texts("layout"):
        stem = layout.name.rsplit(".", 2)[0]
        old, new = paragraph_ceiling(stem)
        rows.append(Metric(
            f"realistic redline {stem}: old / new side with its whole inserted and deleted "
            "paragraphs on both sides (the ceiling where no label tells them apart)",
            100 * old, f"% / {100 * new:.1f} %"))
    for extraction, told in itertools.product(EXTRACTIONS, (None, True)):
        how = (f"{'pdftotext -layout' if extraction == 'layout' else 'plain pdftotext'}, "
               f"{'decided by the importer' if told is None else 'told --redline'}")
        found = [redline_accuracy(layout, told) for layout in redline_texts(extraction)]
        for one in found:
            ok = min(one.old, one.new) >= ACCURACY_TARGET
            rows.append(Metric(
                f"realistic redline {one.name} ({how}; read as redline: "
                f"{'yes' if one.redline else 'no'}): old / new side",
                100 * one.old, f"% / {100 * one.new:.1f} %", target=">= 97 % each",
                ok=ok if told else None))
        rows.extend(_split_rows(found, how))
    return rows


def _split_rows(found: Sequence[Accuracy], how: str) -> list[Metric]:
    """Mean accuracy of each side and redlines read as such, tuned-on and held-out apart."""
    rows = []
    for split, members in (("tuned-on", [a for a in found if not a.name.startswith("heldout-")]),
                           ("held-out", [a for a in found if a.name.startswith("heldout-")])):
        if not members:
            continue
        old = sum(a.old for a in members) / len(members)
        new = sum(a.new for a in members) / len(members)
        read = sum(a.redline for a in members)
        rows.append(Metric(
            f"  {split} realistic redlines ({how}): mean old / new side, read as redline "
            f"{read} of {len(members)}", 100 * old, f"% / {100 * new:.1f} %"))
    return rows


def _corpus_rows() -> list[Row | Metric]:
    from sections_bench import pooled, recall_by_file

    results = corpus_results()
    invented = sum(len(result.changes) for result in results.values())
    redlines = sum(1 for result in results.values() if result.redline)
    blobs = sum(1 for result in results.values()
                if any(w.code == "no-sections" for w in result.warnings))
    recall = recall_by_file()
    furniture = furniture_in_texts(results)
    unplaced = sum(unplaced_labels(result) for result in results.values())
    return [
        Metric(f"invented changes on the {len(results)} clean real texts", invented, "changes",
               target="0", ok=invented == 0),
        Metric("clean real texts read as a redline", redlines, "texts", target="0",
               ok=redlines == 0),
        Metric("real texts with no section found (one blob)", blobs, "texts"),
        Metric("clauses holding page furniture, the 4 NZ texts the corpus also holds as PDF",
               furniture, "clauses", target="0", ok=furniture == 0),
        Metric("clause labels kept as text, the nesting could not place them", unplaced,
               "labels"),
        Metric(f"section headings of a careful reading found, all {len(recall)} texts",
               round(100 * pooled(recall), 1), "%", target=">= 90 %",
               ok=pooled(recall) >= 0.9),
        Metric("  the lowest text", round(100 * min(recall.values()), 1), "%"),
    ]


_KEPT_LABEL = re.compile(rf"^{LABEL}\. \S")
"""A label the importer left as the first words of an unlabelled paragraph (`conform`)."""


def unplaced_labels(result: ImportResult) -> int:
    """Unlabelled clauses of the new side that start with a label as written."""
    return sum(1 for node in walk_version(result.new)
               if isinstance(node, Clause) and node.label is None and _KEPT_LABEL.match(node.text))


def furniture_in_texts(results: dict[str, ImportResult]) -> int:
    """Sections and clauses of a corpus text's import that hold a line of furniture its PDF's
    pages print, as the PDF importer finds it (the corpus holds four NZ chapters both ways)."""
    from pdf_bench import holding_furniture, page_furniture

    from toolkit.importer.pdf import import_pdf

    count = 0
    for pdf in sorted((CORPUS.parent / "pdf" / "nz-fleeing-driver").glob("*.pdf")):
        result = results.get(f"nz-fleeing-driver-{pdf.stem}.txt")
        if result is not None:
            furniture = page_furniture(import_pdf(pdf.read_bytes(), pdf.name))
            count += len(holding_furniture(result, furniture))
    return count


def _time_rows(quick: bool) -> list[Row | Metric]:
    repeat = 2 if quick else 5
    rows: list[Row | Metric] = []
    for name in ("uofp-anaheim.txt", "uofp-chicago.txt"):
        row, words = command_seconds(CORPUS / name, repeat)
        rows += [row, per_10k(row, words)]
    with tempfile.TemporaryDirectory() as folder:
        manual = build_manual(Path(folder), 50_000 if quick else MANUAL_WORDS)
        row, words = command_seconds(manual, 1 if quick else 3)
        target = Row(row.name.replace("manual.txt", "a manual"), row.timing, row.reference_name,
                     row.reference, target=MANUAL_SECONDS if not quick else None)
        rows += [target, per_10k(target, words)]
    return rows
