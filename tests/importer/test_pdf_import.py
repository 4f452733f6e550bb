"""`policykit import FILE.pdf`: the redline read from the marks, the page read by position.

The redline fixtures in fixtures/pdf/ are real version pairs printed by LibreOffice from a
.docx with tracked changes (tests/importer/make_redline_pdfs.py made them; these tests do
not need LibreOffice). Each has its truth beside it: the text of each side.
"""

from __future__ import annotations

import json
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from toolkit.cli import main
from toolkit.errors import ImportTextError
from toolkit.importer import import_text, import_to_json
from toolkit.importer.nouns import Line
from toolkit.importer.pdf import (
    KnownDecoded,
    MarkedWord,
    _join_hyphenated,
    _Row,
    import_pdf,
    import_pdf_pieces,
    is_pdf,
    read_pdf,
)
from toolkit.importer.pdfmarks import Evidence, Glyph, Reading
from toolkit.importer.vocabulary import read_vocabulary
from toolkit.parse import read_version
from toolkit.tree import index_by_address, walk

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
sys.path.insert(0, str(ROOT / "benchmarks"))

from pdf_bench import fixture_accuracy, furniture_in_clauses

PDF_MISSES: dict[str, str] = {
    # None left: text before the first heading, kept as the first section's text (the format's
    # only place for it), is scored with the heading among it (`pdf_bench.side_accuracy`).
}
REDLINES = [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=PDF_MISSES[name]))
            if name in PDF_MISSES else name
            for name in sorted(path.name for path in FIXTURES.glob("*.pdf") if "clean" not in path.name)]
CLEAN = FIXTURES / "apd-2-55-clean.pdf"
REDLINE = FIXTURES / "apd-2-55-redline.pdf"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["import", *args])


def assert_one_line_error(result: Result, expected: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"error: {expected}\n")


# --- the redline, from the marks ------------------------------------------------------------------


@pytest.mark.parametrize("name", REDLINES)
def test_each_side_of_a_redline_pdf_is_recovered(name: str) -> None:
    old, new, result = fixture_accuracy(FIXTURES / name)
    assert result.redline and result.changes
    assert old >= 0.995, f"old side {old:.4f}"
    assert new >= 0.995, f"new side {new:.4f}"


def test_changes_are_where_the_marks_are() -> None:
    result = import_pdf(REDLINE.read_bytes(), "2-55.pdf")
    found = {(change.old, change.new) for change in result.changes}
    assert ("officers", "sworn personnel") in found  # struck, then underlined in colour
    assert ("Assess", "assess") in found  # a word rewritten whole, as Word tracks it
    assert ("E.", "I.") not in found  # a relabelled clause is a label change, not text
    assert all(change.confidence == 1.0 for change in result.changes)
    assert {change.rule for change in result.changes} == {
        "pdf-strike", "pdf-underline", "pdf-strike+pdf-underline"}
    supervisors = next(n for n in walk(result.new.sections) if n.text.startswith("Supervisors"))
    assert supervisors.text.startswith("Supervisors shall become involved")


def test_a_pdf_with_no_marks_has_no_changes() -> None:
    result = import_pdf(CLEAN.read_bytes(), "2-55.pdf")
    assert (result.redline, result.changes) == (False, ())
    assert result.old == result.new
    assert result.new.version == "imported"
    assert not [w for w in result.warnings if w.code == "pdf-mark"]


def test_underlined_headings_are_formatting_not_insertions() -> None:
    """Every fixture underlines its headings in black: none of them is an insertion."""
    result = import_pdf((FIXTURES / "cpd-g03-02-2017-2020.pdf").read_bytes(), "g03-02.pdf")
    assert not any("Department Policy" in change.new for change in result.changes)
    assert not any("Purpose" == change.new for change in result.changes)


def test_marks_pass_through_the_outline_when_a_label_is_taken_off() -> None:
    """The outline hands the decoder a line without its label: the marks still fit."""
    marks = {7: (MarkedWord("A.", "A.", "A."), MarkedWord("officers", "officers", ""),
                 MarkedWord("personnel", "", "personnel"), MarkedWord("act", "act", "act"))}
    decoded = KnownDecoded(read_vocabulary([""]), marks=marks)
    spans = decoded.decode((Line(7, "officers personnel act"),))
    assert [(span.old, span.new) for span in spans] == [
        (("officers",), ("personnel",)), (("act",), ("act",))]
    assert [(c.old, c.new, c.line) for c in decoded.changes] == [("officers", "personnel", 7)]


# --- the page: furniture, the sanction column, the header table ------------------------------------


def test_running_header_and_page_numbers_are_artifacts_not_text() -> None:
    result = import_pdf(REDLINE.read_bytes(), "2-55.pdf")
    kinds = {(a.kind, a.text) for a in result.artifacts}
    assert ("running-header", "Albuquerque Police Department") in kinds
    assert ("page-number", "Page 1 of 4") in kinds
    texts = [node.text for side in (result.old, result.new) for node in walk(side.sections)]
    assert not any("Page 1 of" in text or "Albuquerque Police Department" == text
                   for text in texts)


def test_sanction_column_is_read_by_position_onto_its_clause() -> None:
    result = import_pdf(CLEAN.read_bytes(), "2-55.pdf")
    truth = read_version(ROOT / "policies" / "2-55" / "revised.md")
    expected = {a: n.sanction for a, n in index_by_address(truth).items() if n.sanction}
    got = {a: n.sanction for a, n in index_by_address(result.new).items() if n.sanction}
    assert expected and got == expected
    assert {d.sanction for d in result.new.definitions} == {d.sanction for d in truth.definitions}


def test_header_table_is_paired_by_rows() -> None:
    result = import_pdf(CLEAN.read_bytes(), "2-55.pdf")
    truth = read_version(ROOT / "policies" / "2-55" / "revised.md")
    assert result.meta.related == truth.meta.related
    assert not [w for w in result.warnings if w.code == "header-pairing"]


def test_hyphenated_line_ends_are_joined() -> None:
    text = read_pdf(REDLINE.read_bytes(), "2-55.pdf")
    words = [word.new for line in text.lines for word in line.words]
    assert "de-" not in words and "De-" not in words
    assert "de-escalation" in words


def _rows(*lines: str) -> list[_Row]:
    """Rows of plain words, one a line, as the page reader makes them."""
    return [_Row(1, 100.0 + 12 * index, 10.0,
                 [(MarkedWord(word, word, word), 10.0 * at, 10.0 * at + 8)
                  for at, word in enumerate(line.split())], 800.0, 600.0)
            for index, line in enumerate(lines)]


@pytest.mark.parametrize(("lines", "joined"), [
    (("the decision‐", "making process"), ["the", "decision‐making", "process"]),  # U+2010 kept
    (("an appro-", "priate response"), ["an", "appropriate", "response"]),
    (("A pursuit occurs when-", "i. a driver"), ["A", "pursuit", "occurs", "when-", "i.", "a",
                                                 "driver"]),  # a list's label: no word's end
])
def test_a_word_broken_at_a_line_end_by_either_hyphen_is_joined(lines: tuple[str, str],
                                                                joined: list[str]) -> None:
    rows = _rows(*lines)
    _join_hyphenated(rows)
    assert [word.text for row in rows for word, _, _ in row.words] == joined


def test_a_contents_rewritten_by_tracked_changes_stands_on_its_own_side() -> None:
    """The new contents (leader lines, underlined) is the new side's; JSON names the side."""
    result = import_pdf((FIXTURES / "nz-fleeing-driver-2016-2017.pdf").read_bytes(), "nz.pdf")
    contents = [a for a in result.artifacts if a.kind == "contents"]
    assert contents and {a.side for a in contents} == {"new"}
    assert any(a.text.startswith("Decision to pursue ....") for a in contents)
    both = [a for a in result.artifacts if a.kind == "title"]
    assert [a.side for a in both] == ["both"]
    data = import_to_json(result)["artifacts"]
    assert {item.get("side") for item in data if item["kind"] == "contents"} == {"new"}
    assert "side" not in next(item for item in data if item["kind"] == "title")


CLEAN_REAL = [CORPUS / "nz-fleeing-driver" / "2010-10-18.pdf",
              CORPUS / "hanover-park" / "D100a-Written-Directive-System.pdf"]


RELEASED = [CORPUS / "nz-fleeing-driver" / "2023-05-29.pdf",
            CORPUS / "nz-fleeing-driver" / "2024-08-21.pdf"]


@pytest.mark.parametrize("pdf", RELEASED, ids=[path.name for path in RELEASED])
def test_the_title_atop_every_page_names_the_policy_not_the_release_stamp(pdf: Path) -> None:
    """NZ Police chapters as released: `Proactively released by New Zealand Police` and the
    chapter's title at the top of every page, `Police` / `Instructions` on the cover."""
    if not pdf.exists():
        pytest.skip("the shared corpus is not here")
    result = import_pdf(pdf.read_bytes(), pdf.name)
    assert (result.policy, result.new.title) == ("fleeing-driver-policy", "Fleeing driver policy")
    stamps = [a for a in result.artifacts if a.text.startswith("Proactively released")]
    assert len(stamps) >= 3 and {a.kind for a in stamps} == {"running-header"}


@pytest.mark.parametrize("pdf", CLEAN_REAL, ids=[path.name for path in CLEAN_REAL])
def test_clean_real_pdf_gets_no_changes_and_no_furniture_in_clauses(pdf: Path) -> None:
    if not pdf.exists():
        pytest.skip("the shared corpus is not here")
    result = import_pdf(pdf.read_bytes(), pdf.name)
    assert (result.redline, result.changes) == (False, ())
    assert furniture_in_clauses(result) == []
    footers = [a for a in result.artifacts if a.kind in ("running-header", "page-number")]
    assert len(footers) >= 3
    texts = " ".join(node.text for node in walk(result.new.sections))
    for footer in {a.text for a in footers if len(a.text.split()) >= 3}:
        assert footer not in texts


def test_coloured_links_in_a_clean_pdf_are_reported_not_inserted() -> None:
    pdf = CORPUS / "nz-fleeing-driver" / "2010-10-18.pdf"
    if not pdf.exists():
        pytest.skip("the shared corpus is not here")
    result = import_pdf(pdf.read_bytes(), pdf.name)
    assert [w.message for w in result.warnings if w.code == "pdf-mark"] == [
        ("underlined text in colour read as formatting (links, headings), not as insertions: "
         "the PDF has no change bars and no struck text in colour (page 1)")]


# --- the command ----------------------------------------------------------------------------------


def test_cli_imports_a_pdf_by_its_magic_bytes_whatever_its_name(tmp_path: Path) -> None:
    disguised = tmp_path / "sop.txt"
    disguised.write_bytes(REDLINE.read_bytes())
    result = run(str(disguised), "--side", "new")
    assert result.exit_code == 0, result.output
    assert "sworn personnel" in result.stdout and "{~~" not in result.stdout
    marked = run(str(disguised))
    assert "{~~officers~>sworn personnel~~}" in marked.stdout


def test_json_contract_is_the_text_imports(tmp_path: Path) -> None:
    pdf = json.loads(run(str(FIXTURES / "cpd-g03-02-2017-2020.pdf"), "--json").stdout)
    seed = ROOT / "policies" / "2-55" / "sop-2-55-de-escalation-redline.txt"
    text = import_to_json(import_text(seed.read_text(encoding="utf-8")))
    assert pdf.keys() == text.keys()
    for key in ("changes", "warnings", "artifacts"):
        assert pdf[key] and text[key]
        assert pdf[key][0].keys() == text[key][0].keys()
    assert pdf["old"].keys() == text["old"].keys() == {"definitions", "sections"}
    assert pdf["redline"] is True


def test_pdf_from_standard_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", "-", "--side", "old"],
                                input=REDLINE.read_bytes())
    assert result.exit_code == 0
    assert "guidelines for officers of the" in result.stdout


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file from its numbered objects, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer, xref)
    return bytes(out)


def _page(content: bytes, resources: bytes = b"<< >>") -> list[bytes]:
    stream = zlib.compress(content)
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources "
        + resources + b" >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
    ]


def test_scanned_pdf_names_ocr(tmp_path: Path) -> None:
    """A page that is only an image (here a grey 2x2 one, drawn page-size) has no text layer."""
    image = b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray " \
            b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x10\x80\x80\x10\nendstream"
    objects = _page(b"q 612 0 0 792 0 0 cm /Im1 Do Q",
                    b"<< /XObject << /Im1 5 0 R >> >>") + [image]
    (tmp_path / "scan.pdf").write_bytes(_pdf(objects))
    assert_one_line_error(run(str(tmp_path / "scan.pdf")), (
        f"{tmp_path / 'scan.pdf'}:1: no text layer: the PDF holds only images (a scan?); give "
        "it a text layer with OCR first (ocrmypdf FILE.pdf FILE-ocr.pdf) and import that"))


def test_encrypted_pdf_is_one_line(tmp_path: Path) -> None:
    """A standard security handler whose user password is not empty: pdfminer cannot open it."""
    encrypt = (b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32
               + b"> /P -4 >>")
    objects = _page(b"BT /F1 12 Tf 72 700 Td (Secret text) Tj ET") + [encrypt]
    trailer = b"/Encrypt 5 0 R /ID [<0123456789abcdef0123456789abcdef> " \
              b"<0123456789abcdef0123456789abcdef>]"
    (tmp_path / "locked.pdf").write_bytes(_pdf(objects, trailer))
    assert_one_line_error(run(str(tmp_path / "locked.pdf")), (
        f"{tmp_path / 'locked.pdf'}:1: the PDF is encrypted and needs a password to read; "
        "save an unprotected copy (qpdf --decrypt) and import that"))


@pytest.mark.parametrize("cut", [100, 3000, 20000])
def test_damaged_pdf_is_one_line(tmp_path: Path, cut: int) -> None:
    (tmp_path / "cut.pdf").write_bytes(CLEAN.read_bytes()[:cut])
    assert_one_line_error(run(str(tmp_path / "cut.pdf"), "--json"), (
        f"{tmp_path / 'cut.pdf'}:1: the PDF is damaged and cannot be read; repair it (qpdf, "
        "or a PDF viewer's Save As) and import that"))


def test_magic_bytes() -> None:
    assert is_pdf(REDLINE.read_bytes())
    assert is_pdf(b"\xef\xbb\xbf  %PDF-1.7\n")
    assert not is_pdf(b"SOP 2-55 mentions %PDF- late" + b" " * 2000 + b"%PDF-")
    with pytest.raises(ImportTextError, match="PDF file read as text"):
        import_text("%PDF-1.4\n...", "x.txt")


def test_a_link_with_no_rectangle_does_not_stop_the_import(tmp_path: Path) -> None:
    """pdfunite leaves link annotations without `Rect`; pdfplumber fails on them."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = _page(b"BT /F1 12 Tf 72 700 Td (Officers shall report every use of force.) Tj ET",
                    b"<< /Font << /F1 5 0 R >> >> /Annots [<< /Type /Annot /Subtype /Link >>]")
    objects[2] = objects[2].replace(b"/Resources << /Font", b"/Annots [6 0 R] /Resources << /Font")
    objects[2] = objects[2].replace(b" /Annots [<< /Type /Annot /Subtype /Link >>]", b"")
    (tmp_path / "joined.pdf").write_bytes(_pdf([*objects, font, b"<< /Type /Annot /Subtype /Link >>"]))
    result = run(str(tmp_path / "joined.pdf"), "--side", "new")
    assert result.exit_code == 0, result.output
    assert "Officers shall report every use of force." in result.stdout


def test_a_page_in_two_columns_reads_down_the_left_column_first(tmp_path: Path) -> None:
    left = [f"Left {n} officers shall report." for n in range(1, 9)]
    right = [f"Right {n} supervisors shall review." for n in range(1, 9)]
    shows = b"".join(
        b"BT /F1 11 Tf %d %d Td (%s) Tj ET\n" % (x, 700 - 14 * row - shift, text.encode())
        for column, x, shift in ((left, 72, 0), (right, 330, 5))
        for row, text in enumerate(column))
    heading = b"BT /F1 11 Tf 72 740 Td (A heading across both columns of the page here) Tj ET\n"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = _page(heading + shows, b"<< /Font << /F1 5 0 R >> >>") + [font]
    text = read_pdf(_pdf(objects), "columns.pdf")
    read = [" ".join(word.new for word in line.words) for line in text.lines if line.words]
    assert read == ["A heading across both columns of the page here", *left, *right]


def test_a_page_with_no_text_among_pages_with_text_is_reported(tmp_path: Path) -> None:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    text = zlib.compress(b"BT /F1 12 Tf 72 700 Td (Officers shall report every use of force.) Tj ET")
    picture = zlib.compress(b"q 0.5 g 72 72 468 648 re f Q")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
         b"/Resources << /Font << /F1 7 0 R >> >> >>"),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(picture) + picture
        + b"\nendstream",
        font,
    ]
    result = import_pdf(_pdf(objects), "two.pdf")
    assert [(w.code, w.message) for w in result.warnings if w.code == "pdf-no-text"] == [
        ("pdf-no-text", ("page 2 has no text layer (a scanned page?): its words, if any, are "
                         "not imported; give it a text layer with OCR (ocrmypdf) to import them "
                         "(page 1)"))]


# --- what the marks mean: the document's evidence ---------------------------------------------------

RED, BLUE = (0.8, 0.0, 0.0), (0.0, 0.0, 0.8)


def _glyph(colour: tuple[float, float, float] = (0.0, 0.0, 0.0), *, struck: bool = False,
           underlined: bool = False, barred: bool = False, linked: bool = False) -> Glyph:
    return Glyph("a", 0.0, 5.0, 10.0, 10.0, colour, struck, underlined, linked, barred)


def test_a_colour_used_only_by_deletions_marks_a_deletion_where_the_line_is_missing() -> None:
    evidence = Evidence.of([_glyph(RED, struck=True, barred=True),
                            _glyph(BLUE, underlined=True, barred=True)])
    assert evidence.read(_glyph(RED, barred=True), False) == Reading(
        "deleted", 0.7, "pdf-colour", "text in the deletions' colour, not struck, read as deleted")
    assert evidence.read(_glyph(BLUE, barred=True), False).mark == "inserted"
    assert evidence.read(_glyph(RED), False).mark == "plain"  # no bar: no evidence of a change


def test_black_underline_beside_a_bar_is_an_insertion_only_where_nothing_is_coloured() -> None:
    black_print = Evidence.of([_glyph(struck=True, barred=True)])
    reading = black_print.read(_glyph(underlined=True, barred=True), False)
    assert (reading.mark, reading.confidence) == ("inserted", 0.7)
    coloured = Evidence.of([_glyph(RED, struck=True, barred=True),
                            _glyph(RED, underlined=True, barred=True)])
    assert coloured.read(_glyph(underlined=True, barred=True), False).mark == "plain"
    assert coloured.read(_glyph(BLUE, underlined=True, linked=True), False).mark == "plain"


def test_a_rating_scale_at_the_right_is_no_sanction_column() -> None:
    """`1  2  3  4  5` rows of a form: the last number is a table cell, not a sanction."""
    pdf = CORPUS / "hanover-park" / "D107a-Inspections.pdf"
    if not pdf.exists():
        pytest.skip("the shared corpus is not here")
    result = import_pdf(pdf.read_bytes(), pdf.name)
    assert [a for a in result.artifacts if a.kind == "sanction"] == []
    assert any("Checks mirror regularly 1 2 3 4 5" in node.text for node in walk(result.new.sections))


def test_marks_of_another_producer_red_deletions_blue_insertions(tmp_path: Path) -> None:
    """Word prints each author's changes in one colour; here a deletion in red struck through
    at a third of the size above the baseline, an insertion in blue underlined, and a change
    bar in the margin: a PDF written by hand, with no LibreOffice in it."""
    content = b"\n".join([
        b"BT /F1 14 Tf 72 740 Td (Use of Force Reporting) Tj ET",
        b"BT /F1 12 Tf 72 700 Td (Officers) Tj ET",
        b"1 0 0 rg BT /F1 12 Tf 130 700 Td (will) Tj ET 0 g",
        b"1 0 0 RG 0.6 w 130 704 m 147 704 l S",
        b"0 0 1 rg BT /F1 12 Tf 160 700 Td (shall) Tj ET 0 g",
        b"0 0 1 RG 0.6 w 160 698.5 m 185 698.5 l S",
        b"BT /F1 12 Tf 195 700 Td (act.) Tj ET",
        b"0 G 0.5 w 60 696 m 60 712 l S",
        b"BT /F1 12 Tf 72 680 Td (Every use of force is reported to a supervisor.) Tj ET",
    ])
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = _page(content, b"<< /Font << /F1 5 0 R >> >>") + [font]
    result = import_pdf(_pdf(objects), "word.pdf")
    assert [(c.old, c.new, c.confidence, c.rule) for c in result.changes] == [
        ("will", "shall", 1.0, "pdf-strike+pdf-underline")]
    old = " ".join(node.text for node in walk(result.old.sections))
    new = " ".join(node.text for node in walk(result.new.sections))
    assert old.startswith("Officers will act.") and new.startswith("Officers shall act.")


def test_text_that_runs_sideways_is_named_not_called_a_scan(tmp_path: Path) -> None:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = _page(b"BT /F1 12 Tf 72 700 Td (Officers shall report every use of force.) Tj ET",
                    b"<< /Font << /F1 5 0 R >> >>") + [font]
    objects[2] = objects[2].replace(b"/Type /Page ", b"/Type /Page /Rotate 90 ")
    (tmp_path / "turned.pdf").write_bytes(_pdf(objects))
    assert_one_line_error(run(str(tmp_path / "turned.pdf")), (
        f"{tmp_path / 'turned.pdf'}:1: the text runs sideways on the page (rotated text or "
        "pages); turn the pages so it reads upright (qpdf --rotate=+90:1-z) and import that"))


# --- the same options as text import ---------------------------------------------------------------


def test_no_redline_reads_a_pdf_as_printed() -> None:
    result = import_pdf(REDLINE.read_bytes(), REDLINE.name, redline=False)
    assert not result.redline and not result.changes
    texts = {side: [node.text for section in version.sections for node in walk((section,))]
             for side, version in (("old", result.old), ("new", result.new))}
    assert "officers sworn personnel" in texts["new"][0]  # both words, as printed
    assert texts["old"][0] == texts["new"][0]


def test_redline_on_a_pdf_without_marks_decodes_its_text(tmp_path: Path) -> None:
    told = import_pdf(CLEAN.read_bytes(), CLEAN.name, redline=True)
    assert told.old.sections and not told.changes  # the clean text: nothing to decode
    assert import_pdf(CLEAN.read_bytes(), CLEAN.name).new.sections == told.new.sections


def test_cli_passes_numbering_and_redline_to_a_pdf(tmp_path: Path) -> None:
    pdf = FIXTURES / "cpd-g03-02-2017-2020.pdf"
    result = run(str(pdf), "--numbering", "roman", "--no-redline", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["numbering"], data["redline"], data["changes"]) == ("roman", False, [])
    bad = run(str(pdf), "--numbering", "hex")
    assert bad.exit_code == 1 and "numbering" in bad.stderr


def test_a_pdf_of_several_directives_imports_each_as_it_imports_alone(tmp_path: Path) -> None:
    """A department's directives printed as one PDF (here two of the corpus's, joined by
    pdfium): one policy each, laid out on its own pages (its own running footer), and read
    exactly as the directive's own PDF reads; imported alone, it is refused in one line."""
    import io

    import pypdfium2 as pdfium

    names = ["D100a-Written-Directive-System.pdf", "D104a-Officer-Authority-and-Responsibility.pdf"]
    joined = pdfium.PdfDocument.new()
    for name in names:
        joined.import_pages(pdfium.PdfDocument(CORPUS / "hanover-park" / name))
    buffer = io.BytesIO()
    joined.save(buffer)
    (tmp_path / "manual.pdf").write_bytes(buffer.getvalue())
    done = run(str(tmp_path / "manual.pdf"), "-o", f"{tmp_path / 'policies'}/", "--json")
    assert done.exit_code == 0, done.stderr
    assert [row["policy"] for row in json.loads(done.stdout)] == ["100-A", "104-A"]
    for name, policy in zip(names, ["100-A", "104-A"], strict=True):
        alone = run(str(CORPUS / "hanover-park" / name), "--side", "new")
        written = (tmp_path / "policies" / policy / "manual.md").read_text(encoding="utf-8")
        assert written.replace("version: manual", "version: imported") == alone.stdout
    assert_one_line_error(run(str(tmp_path / "manual.pdf")), (
        f"{tmp_path / 'manual.pdf'}:1: holds 2 directives (100-A, 104-A); import it into a "
        "folder (-o policies/) to write each as its own policy"))


def test_directives_that_start_on_one_page_are_cut_at_their_lines() -> None:
    body = "Officers report every use of force to a supervisor before the end of the tour."
    lines = []
    for number, subject in (("100-A", "Written Directives"), ("101-A", "Goals")):
        lines += [f"DIRECTIVE: {number}", f"SUBJECT: {subject}", "I. Purpose", *[body] * 5]
    shows = b"".join(b"BT /F1 10 Tf 72 %d Td (%s) Tj ET\n" % (760 - 22 * row, text.encode())
                     for row, text in enumerate(lines))
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    data = _pdf(_page(shows, b"<< /Font << /F1 5 0 R >> >>") + [font])
    first, second = import_pdf_pieces(data, "one-page.pdf")
    assert (first.policy, second.policy) == ("100-A", "101-A")
    assert first.title == "Written Directives" and second.title == "Goals"
    assert [section.title for section in second.new.sections] == ["Purpose"]
