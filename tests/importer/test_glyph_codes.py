"""`(cid:N)` glyph codes that pdfminer prints for a font without a character map."""

from __future__ import annotations

from toolkit.importer import import_text
from toolkit.importer.glyphs import read_glyph_codes


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
    assert "kept as written" in warnings[0].message


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
