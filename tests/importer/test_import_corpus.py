"""Every real text of the shared corpus: imports, invents no change, and every file checks clean.

The corpus (`../shared/corpus/text/`, see its README) holds texts nobody here wrote: APD's
neighbours' manuals, Chicago directives, New Zealand chapters. Skipped where it is absent.
"""

from __future__ import annotations

import csv
import json
import sys
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.check import check_paths, has_errors
from toolkit.cli import main
from toolkit.importer import ImportResult, import_text

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "text"
BENCHMARKS = ROOT / "benchmarks"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")


def corpus_texts() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def kinds() -> dict[str, str]:
    """The manifest's kind of each text: clean, pair-a, pair-b (all clean text, no redline)."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        return {row["file"]: row["kind"] for row in csv.DictReader(manifest, delimiter="\t")}


@cache
def imported() -> dict[str, ImportResult]:
    return {path.name: import_text(path.read_text(encoding="utf-8", errors="replace"),
                                   path.name) for path in corpus_texts()}


def test_every_text_is_clean_text_by_the_manifest() -> None:
    assert {path.name for path in corpus_texts()} <= set(kinds())
    assert set(kinds().values()) <= {"clean", "pair-a", "pair-b"}


def test_no_change_is_invented_on_clean_real_texts() -> None:
    invented = {name: len(result.changes) for name, result in imported().items()
                if result.changes or result.redline}
    assert invented == {}


def test_clean_real_texts_read_the_same_on_both_sides() -> None:
    # A clean text has one version: an abbreviation at a line's start (`A.S. 11.41.410`,
    # `O.C. spray`) read as a renumbered label gave each side a letter of it.
    differ = sorted(name for name, result in imported().items() if result.old != result.new)
    assert differ == []


def test_every_text_finds_its_sections() -> None:
    one_blob = sorted(name for name, result in imported().items()
                      if any(w.code == "no-sections" for w in result.warnings))
    # Long Beach's headings were lost by the extraction: no heading to find. Boston's rule
    # numbers its sections in words (`Sec. 1 DEFINITIONS:`). Lincoln's extraction is glyph
    # codes (`(cid:47)`): read.
    assert one_blob == ["uofp-long-beach.txt"]
    assert len(imported()["uofp-boston.txt"].new.sections) == 6
    assert [s.title for s in imported()["uofp-lincoln.txt"].new.sections] == ["POLICY",
                                                                             "PROCEDURE"]


def test_schemes_found() -> None:
    schemes = {name: result.scheme for name, result in imported().items()}
    assert {schemes[name] for name in schemes if name.startswith("cpd-")} == {"roman"}
    assert {schemes[name] for name in schemes if name.startswith("nz-fleeing")} == {"headed"}
    assert schemes["uofp-anaheim.txt"] == schemes["uofp-henderson.txt"] == "dotted"


def test_section_headings_of_a_careful_reading_are_found() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    from sections_bench import import_named, read_truth, section_recall

    truth = read_truth(BENCHMARKS / "section_truth.tsv")
    found = {name: section_recall(headings, imported().get(name) or import_named(name))
             for name, headings in truth.items()}
    pooled = sum(found[name] * len(truth[name]) for name in truth) / sum(map(len, truth.values()))
    assert pooled >= 0.9
    # Each text on its own: Atlanta's page layout sets `CANCELLATIONS` straight above
    # `REFERENCES` with its text elsewhere (6 of 7 found); no text may fall below that.
    assert {name: recall for name, recall in found.items() if recall < 0.85} == {}


def test_batch_import_of_the_whole_corpus_checks_clean(tmp_path: Path) -> None:
    out = tmp_path / "policies"
    result = CliRunner().invoke(main, ["import", str(CORPUS), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    # Chicago's use-of-force text compiles eight General Orders: each is its own policy.
    compiled = [row["policy"] for row in rows if row["file"].endswith("uofp-chicago.txt")]
    assert compiled == ["G03-02", "G03-02-01", "G03-02-02", "G03-02-04", "G03-02-05",
                        "G03-02-06", "G08-05", "G08-06"]
    assert [row["error"] for row in rows] == [""] * (len(corpus_texts()) + 7)
    written = sorted(out.rglob("*.md"))
    assert len(written) == len(corpus_texts()) + 7
    diagnostics = check_paths([out])
    assert not has_errors(diagnostics), "\n".join(map(str, diagnostics[:20]))


def test_policy_ids_come_from_the_order_not_the_letterhead() -> None:
    """A department's name over two lines (`Indianapolis Metropolitan` / `Police Department`,
    `CHANDLER POLICE` / `DEPARTMENT`), a title saved as its file (`... Devices).doc`)."""
    ids = {name: (result.policy, result.new.title) for name, result in imported().items()}
    assert ids["uofp-indianapolis.txt"] == ("1.30", "Use of force")
    assert ids["uofp-chandler.txt"] == ("E-01", "Use of Force")
    assert ids["nz-taser-2023-10-25.txt"] == ("taser-electronic-control-devices",
                                              "TASER (Electronic Control Devices)")


def test_no_clause_of_a_chapter_holds_its_page_furniture() -> None:
    """The New Zealand chapters that the corpus holds as text and as PDF: no section or clause
    of the text's import holds a header, footer or page number that the PDF's pages print, as
    the PDF importer finds them by where they stand (the 2023 and 2024 chapters' release notice
    stood in their clauses a hundred times)."""
    from toolkit.importer.pdf import import_pdf

    sys.path.insert(0, str(BENCHMARKS))
    from pdf_bench import holding_furniture, page_furniture

    pdfs = sorted((CORPUS.parent / "pdf" / "nz-fleeing-driver").glob("*.pdf"))
    assert len(pdfs) == 4
    for pdf in pdfs:
        furniture = page_furniture(import_pdf(pdf.read_bytes(), pdf.name))
        assert furniture
        result = imported()[f"nz-fleeing-driver-{pdf.stem}.txt"]
        assert holding_furniture(result, furniture) == [], pdf.name
