"""`(cid:N)` glyph codes that pdfminer prints for a font without a character map."""

from __future__ import annotations

from typing import Any

import pytest

from toolkit.importer import import_text
from toolkit.importer.glyphs import glyph_code_reader, read_glyph_codes


def codes(text: str) -> str:
    """Text written as a subset font's glyph numbers in the standard Macintosh order."""
    return "".join(f"(cid:{ord(char) - 29})" for char in text)


def test_codes_that_read_as_english_are_read_as_characters() -> None:
    text = "LINCOLN POLICE DEPARTMENT\n" + codes("I. POLICY") + "\n" + codes(
        "Officers will use only that force which is reasonable and necessary.")
    read, warnings = read_glyph_codes(text)
    assert read == ("LINCOLN POLICE DEPARTMENT\nI. POLICY\n"
                    "Officers will use only that force which is reasonable and necessary.")
    assert [(w.line, w.code) for w in warnings] == [(2, "glyph-codes")]
    assert "read as characters" in warnings[0].message


def test_codes_that_do_not_read_as_english_are_kept_and_reported() -> None:
    text = "Use of Force\n(cid:90)(cid:81)(cid:12)(cid:95)(cid:7)(cid:66)(cid:88)(cid:77)(cid:80)"
    read, warnings = read_glyph_codes(text)
    assert read == text
    assert [(w.line, w.code) for w in warnings] == [(2, "glyph-codes")]
    assert "kept as written" in warnings[0].message and "OCR" in warnings[0].message


def test_text_without_codes_is_untouched() -> None:
    text = "Officers (see 3.1) shall act."
    assert read_glyph_codes(text) == (text, [])


def test_an_import_of_glyph_codes_finds_its_sections() -> None:
    lines = ["GENERAL ORDERS", "I. POLICY", "Officers will use only reasonable force.",
             "II. PROCEDURE", "A. Officers shall report every use of force."]
    result = import_text("\n".join([lines[0], *map(codes, lines[1:])]), "lincoln.txt")
    assert [(s.number, s.title) for s in result.new.sections] == [("I.", "POLICY"),
                                                                 ("II.", "PROCEDURE")]
    assert any(w.code == "glyph-codes" for w in result.warnings)


def test_a_pdf_whose_font_has_no_character_map_reads_as_its_text(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfminer gives `(cid:N)` for each character of such a font: the PDF path reads them."""
    from dataclasses import replace
    from pathlib import Path

    from toolkit.importer import pdf

    data = (Path(__file__).parent / "fixtures" / "pdf" / "apd-2-55-clean.pdf").read_bytes()
    plain = pdf.read_pdf(data, "clean.pdf")
    page_of = pdf._page_of

    def coded_page(*args: Any) -> Any:
        page = page_of(*args)
        return replace(page, glyphs=[
            replace(glyph, text=codes(glyph.text)) if " " < glyph.text <= "~" else glyph
            for glyph in page.glyphs])

    monkeypatch.setattr(pdf, "_page_of", coded_page)
    coded = pdf.read_pdf(data, "clean.pdf")
    assert coded.lines == plain.lines
    assert [w.code for w in coded.warnings].count("glyph-codes") == 1


def test_pdf_codes_of_another_glyph_order_are_not_read() -> None:
    english = [f"(cid:{ord(char) - 29})" for char in "Officersshallusereasonableforceonly" * 3]
    shuffled = [f"(cid:{(ord(char) * 7) % 90 + 3})" for char in "Officersshallusereasonable" * 3]
    assert glyph_code_reader(english) is not None
    assert glyph_code_reader(shuffled) is None
    assert glyph_code_reader(["O", "f", "f"]) is None


def first_use_order(text: str) -> str:
    """Text as a font that numbers each new character the next glyph, printed one a line as
    the extraction gives its numbers (`A`, `B`, ...), the spaces between words lost."""
    order: dict[str, str] = {}
    for char in text.replace(" ", ""):
        order.setdefault(char, chr(65 + len(order)))
    return "\n\n".join(order[char] for char in text.replace(" ", ""))


def test_a_text_that_reads_as_no_words_says_so_once() -> None:
    policy = ("USE OF FORCE. Officers will use only that force which is reasonable and "
              "necessary to bring an incident under control. ") * 12
    unreadable = import_text(first_use_order(policy), "f.txt")
    warned = [w for w in unreadable.warnings if w.code == "unreadable-text"]
    assert [w.line for w in warned] == [1] and "OCR" in warned[0].message
    assert not [w for w in import_text(policy, "f.txt").warnings if w.code == "unreadable-text"]


def test_glyph_codes_kept_as_written_make_no_id() -> None:
    text = "(cid:90)(cid:81)(cid:12)(cid:95)(cid:7)\n\n" + "Officers act with care.\n" * 3
    assert import_text(text, "g.txt").policy == "imported"
