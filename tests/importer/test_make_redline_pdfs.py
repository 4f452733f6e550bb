"""The fixture maker writes real Word revisions (LibreOffice itself is not needed here)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).parent))

from make_redline_pdfs import Fixture, Para, Step, W, align, truth, write_docx

OLD = (Para("I.\tPurpose", heading=True), Para("Officers will assess the scene."),
       Para("This paragraph goes."))
NEW = (Para("I.\tPurpose", heading=True), Para("Sworn personnel shall assess the scene."),
       Para("A new paragraph comes."))


def _document(tmp_path: Path) -> tuple[etree._Element, list[Step]]:
    fixture = Fixture("t", "Title", "Header", OLD, NEW, 1000)
    steps = list(align(OLD, NEW))
    write_docx(fixture, steps, tmp_path / "t.docx")
    with zipfile.ZipFile(tmp_path / "t.docx") as package:
        return etree.fromstring(package.read("word/document.xml")), steps


def test_changes_are_word_revisions_with_id_author_and_date(tmp_path: Path) -> None:
    root, steps = _document(tmp_path)
    assert [step.kind for step in steps] == ["equal", "change", "delete", "insert"]
    ns = {"w": W}
    deleted = ["".join(d.itertext()) for d in root.iterfind(".//w:body/w:p/w:del", ns)]
    inserted = ["".join(i.itertext()) for i in root.iterfind(".//w:body/w:p/w:ins", ns)]
    assert deleted == ["Officers will ", "This paragraph goes."]
    assert inserted == ["Sworn personnel shall ", "A new paragraph comes."]
    assert root.findall(".//w:delText", ns) and not root.findall(".//w:ins//w:delText", ns)
    marks = root.findall(".//w:del", ns) + root.findall(".//w:ins", ns)
    ids = [mark.get(f"{{{W}}}id") for mark in marks]
    assert len(set(ids)) == len(ids) == 6  # 4 runs, and the paragraph marks of whole paragraphs
    assert all(mark.get(f"{{{W}}}author") and mark.get(f"{{{W}}}date") for mark in marks)


def test_truth_is_each_sides_text(tmp_path: Path) -> None:
    fixture = Fixture("t", "Title", "Header", OLD, NEW, 1000)
    steps = list(align(OLD, NEW))
    assert truth(fixture, steps, "old").splitlines() == [
        "Title", "I. Purpose", "Officers will assess the scene.", "This paragraph goes."]
    assert truth(fixture, steps, "new").splitlines() == [
        "Title", "I. Purpose", "Sworn personnel shall assess the scene.", "A new paragraph comes."]
