"""Benchmark `policykit import FILE.pdf`: redline accuracy, invented changes, furniture, speed.

    python benchmarks/pdf_bench.py            # full: 5 timed runs each
    python benchmarks/pdf_bench.py --quick    # 2 runs each

Figures:

- word accuracy of each recovered side against the truth, on the redline PDFs that
  `tests/importer/make_redline_pdfs.py` made (LibreOffice-printed tracked changes from
  real version pairs; committed under tests/importer/fixtures/pdf/): 1 - word edit
  distance / words of the true side. The recovered side is every word the import put on
  that side (titles, headings, labels, clause text, definitions, header tables) plus the
  words it set aside as non-furniture artifacts (title, captions, contents) of that side or
  of both, in line order;
  running headers, footers, page numbers and sanction values are left out, as in the truth;
- changes the import finds where the PDF shows no mark: the clean real PDFs in
  `../shared/corpus/pdf/` (NZ Police Manual chapters, Hanover Park directives);
- page furniture in clause text: clauses of those PDFs holding a running footer's words;
- time and peak memory of the command (startup included, importing into a folder) on the
  largest real PDF and on a 100-page PDF made by joining real ones (`pdfunite`; it holds
  several directives, each written as its own policy), with `pdftotext -layout` on the
  same file in the same run as the reference; and the command's CPU time, which other
  work on a shared machine does not inflate.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from harness import Metric, Row, exit_code, format_seconds, report, run_command

from toolkit.importer import ImportResult
from toolkit.importer.pdf import import_pdf
from toolkit.model import Version
from toolkit.tree import walk

FIXTURES = ROOT / "tests" / "importer" / "fixtures" / "pdf"
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
FURNITURE = frozenset({"page-number", "running-header", "sanction"})
ACCURACY_TARGET = 0.995
_LABEL_BRACKETS = re.compile(r"^\((\w{1,4})\)$")


def side_words(result: ImportResult, side: str, kept_before: int = 0) -> list[str]:
    """Every word the import gave one side, in line order (see the module's docstring).

    `kept_before`: how many of the first words of the first section's text stood before its
    heading in the source (see `side_accuracy`).
    """
    version: Version = result.old if side == "old" else result.new
    # An artifact (the title) comes before the text of the section that starts on its line.
    placed = [(a.line, a.text) for a in result.artifacts
              if a.kind not in FURNITURE and a.side in ("both", side)]
    renumbered = {a.line for a in result.artifacts if a.kind == "section-number"}
    # A side with no sections is one section standing at the title's line, where its warning
    # stands, with a made-up number and title (the other side of a redline may have sections).
    unnumbered = {w.line for w in result.warnings if w.code == "no-sections"}
    for index, section in enumerate(version.sections):
        made_up = section.line in unnumbered
        number = "" if section.line in renumbered or made_up else section.number
        title = "" if made_up else section.title
        words = section.text.split() if index == 0 else []
        before, after = (words[:kept_before], words[kept_before:]) if words else ([], [])
        text = " ".join(after) if index == 0 else section.text
        placed.append((section.line, f"{' '.join(before)} {number} {title} {text}"))
        for clause in walk(section.children):
            label = f"{clause.label}." if clause.label else ""
            placed.append((clause.line, f"{label} {clause.text}"))
    placed += [(d.line, f"{d.term} {d.definition}") for d in version.definitions]
    # The header tables' rows stand after their captions, in the table's order.
    captions = [a for a in result.artifacts if a.kind == "header-label"]
    groups = ((version.meta.related, "related"), (version.meta.forms, "form"),
              (version.meta.other_resources, "other"), (version.meta.rescinds, "rescind"))
    for group, name in groups:
        line = max((a.line for a in captions if name in a.text.lower()), default=0)
        placed += [(line, f"{ref.id} {ref.title}") for ref in group]
    ordered = sorted(enumerate(placed), key=lambda item: (item[1][0], item[0]))
    return [word for _, (_, text) in ordered for word in text.split()]


def side_accuracy(result: ImportResult, side: str, truth: Sequence[str]) -> float:
    """`word_accuracy` of one side. Where the import kept the text before the first heading
    (a header block) as the first section's text, as the format has no other place for it
    and says so (a `preamble` warning), the heading may stand after any word of that text:
    the best placement is scored, so the format's one place is not counted as an error."""
    bare = _bare(truth)
    first = (result.old if side == "old" else result.new).sections[:1]
    kept = any(w.code == "preamble" and "first section's text" in w.message
               for w in result.warnings)
    placements = range(len(first[0].text.split()) + 1) if first and kept else (0,)
    return max(word_accuracy(_bare(side_words(result, side, k)), bare) for k in placements)


def word_accuracy(got: Sequence[str], truth: Sequence[str]) -> float:
    """1 - word edit distance / words of the truth; order-blind for the header tables."""
    matcher = SequenceMatcher(None, list(got), list(truth), autojunk=False)
    errors = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes()
                 if op != "equal")
    return 1 - errors / max(len(truth), 1)


def _bare(words: Sequence[str]) -> list[str]:
    """Words (tokens with a letter or digit) as compared: NFKC, labels without their dot.

    `I.`, `(1)` and `I`, `1` (labels), `De-escalation:` (a term) and `De-escalation` are
    one word each; a bullet
    is no word (the outline takes it off as list formatting).
    """
    folded = (_LABEL_BRACKETS.sub(r"\1", unicodedata.normalize("NFKC", word)).rstrip(".:")
              for word in words)
    return [word for word in folded if any(char.isalnum() for char in word)]


def fixture_accuracy(pdf: Path) -> tuple[float, float, ImportResult]:
    result = import_pdf(pdf.read_bytes(), pdf.name)
    scores = []
    for side in ("old", "new"):
        truth = (pdf.with_suffix(f".{side}.txt")).read_text(encoding="utf-8").split()
        scores.append(side_accuracy(result, side, truth))
    return scores[0], scores[1], result


def redline_fixtures() -> list[Path]:
    return sorted(path for path in FIXTURES.glob("*.pdf") if "clean" not in path.name)


def clean_pdfs() -> list[Path]:
    return sorted(CORPUS.glob("*/*.pdf"))


def page_furniture(result: ImportResult) -> frozenset[str]:
    """The running headers, footers and page numbers a PDF import set aside by where they stand
    on the page (nothing learnt from repetition in text), long enough to look for elsewhere:
    short furniture (`Fleeing driver policy`) is often also the document's own heading."""
    return frozenset(a.text for a in result.artifacts
                     if a.kind in ("running-header", "page-number")
                     and (len(a.text.split()) >= 4 or any(char.isdigit() for char in a.text))
                     and len(a.text) > 3)


def holding_furniture(result: ImportResult, furniture: frozenset[str]) -> list[str]:
    """The texts of the import's sections and clauses that hold a line of that furniture."""
    return [node.text for node in walk(result.new.sections)
            if any(line in node.text for line in furniture)]


def furniture_in_clauses(result: ImportResult) -> list[str]:
    """Clause texts that hold the words of a running header or footer set aside elsewhere."""
    return holding_furniture(result, page_furniture(result))


def largest_pdf() -> Path:
    return max(clean_pdfs(), key=lambda path: _pages(path))


def _pages(path: Path) -> int:
    from pdfminer.pdfpage import PDFPage

    with path.open("rb") as handle:
        return sum(1 for _ in PDFPage.get_pages(handle))


def hundred_pages(folder: Path) -> Path:
    """Real PDFs joined with pdfunite until at least 100 pages."""
    chosen, pages = [], 0
    for path in sorted(clean_pdfs(), key=_pages, reverse=True):
        chosen.append(path)
        pages += _pages(path)
        if pages >= 100:
            break
    out = folder / "hundred.pdf"
    subprocess.run(["pdfunite", *map(str, chosen), str(out)], check=True)
    return out


def cpu_seconds(argv: Sequence[str]) -> float:
    """CPU seconds one run of a command used: on a shared machine, steadier than wall time.

    The wall-clock rows above are what a person waits; when other work shares the cores
    they grow, and this does not.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timing_rows(repeat: int) -> list[Row | Metric]:
    policykit = Path(sys.executable).with_name("policykit")
    rows: list[Row | Metric] = []
    with tempfile.TemporaryDirectory() as folder:
        files = [largest_pdf()]
        if shutil.which("pdfunite"):
            files.append(hundred_pages(Path(folder)))
        for pdf in files:
            # Into a folder, as a user imports a file that may hold several directives (the
            # joined one does: it imports as one policy each).
            command = [str(policykit), "import", str(pdf), "-o", f"{folder}/policies/",
                       "--force", "--json"]
            mine = run_command(command, repeat=repeat)
            reference = run_command(["pdftotext", "-layout", pdf, "-"], repeat=repeat)
            pages = _pages(pdf)
            rows.append(Row(f"import {pdf.name} ({pages} pages)", mine, "pdftotext -layout",
                            reference, target=15.0 * pages / 100))
            rows.append(Metric(
                f"median of {repeat} runs, {pdf.name} (pdftotext -layout: "
                f"{format_seconds(reference.median)})", round(mine.median, 2), "s"))
            peak = (mine.peak_memory or 0) / 2**20
            rows.append(Metric(f"peak memory, {pdf.name}", round(peak, 1), "MB", "< 500 MB",
                               0 < peak < 500))
            seconds = cpu_seconds(command)
            rows.append(Metric(f"CPU time (user + system), {pdf.name}", round(seconds, 2), "s",
                               f"< {15.0 * pages / 100:.1f} s", seconds < 15.0 * pages / 100))
    return rows


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="2 timed runs in place of 5: a smoke test, not a measurement")
    quick = parser.parse_args(argv).quick
    if shutil.which("pdftotext") is None:
        print("error: pdftotext not found: the reference command is poppler-utils' pdftotext "
              "(apt-get install poppler-utils)", file=sys.stderr)
        return 1
    rows: list[Row | Metric] = []
    for pdf in redline_fixtures():
        old, new, result = fixture_accuracy(pdf)
        rows.append(Metric(f"old side, {pdf.stem}", round(100 * old, 2), "%", ">= 99.5 %",
                           old >= ACCURACY_TARGET))
        rows.append(Metric(f"new side, {pdf.stem} ({len(result.changes)} changes)",
                           round(100 * new, 2), "%", ">= 99.5 %", new >= ACCURACY_TARGET))
    invented = furniture = 0
    for pdf in clean_pdfs():
        result = import_pdf(pdf.read_bytes(), pdf.name)
        invented += len(result.changes)
        furniture += len(furniture_in_clauses(result))
    rows.append(Metric(f"invented changes, {len(clean_pdfs())} clean real PDFs", invented,
                       "changes", "0", invented == 0))
    rows.append(Metric("clauses holding page furniture, same PDFs", furniture, "clauses", "0",
                       furniture == 0))
    rows.extend(timing_rows(2 if quick else 5))
    report(rows, "policykit import FILE.pdf")
    return exit_code(rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
