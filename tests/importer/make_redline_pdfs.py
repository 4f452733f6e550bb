"""Make redline PDFs the way a policy office does: a .docx with tracked changes, printed by LibreOffice.

    python tests/importer/make_redline_pdfs.py            # all fixtures, into fixtures/pdf/
    python tests/importer/make_redline_pdfs.py --out DIR  # elsewhere

Two versions of a real policy text (`../shared/corpus/text/`, or the 2-55 versions in
`policies/`) are aligned paragraph by paragraph; a paragraph changed in place gets a
word-level diff, one with no counterpart is deleted or inserted whole. The differences are
written as Word revisions (`w:del` with `w:delText`, `w:ins`, each with `w:id`, `w:author`,
`w:date`), with a running header and a `Page N of M` footer, and headings underlined as
ordinary formatting (black, no revision), which must not read as insertions. LibreOffice
(`soffice --headless --convert-to pdf`, Debian `libreoffice-writer-nogui`) then draws
deletions struck through and insertions underlined, in the author's colour, with change
bars in the margin. Beside each PDF: the truth (`.old.txt`, `.new.txt`: the text of each
side, a paragraph a line, no page furniture) and the PDF's text as `pdftotext -layout`
(`.layout.txt`) and plain `pdftotext` (`.plain.txt`, each label on a line of its own above
its text) give it: realistic flattened redlines for the text importer.

Only this script needs LibreOffice and poppler-utils; the tests read the committed output.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "text"
OUT = HERE / "fixtures" / "pdf"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
AUTHOR = "Policy Office"
DATE = "2024-03-01T09:00:00Z"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Para:
    """One paragraph of a policy: its text (tabs kept), indent level, and sanction class."""

    text: str
    indent: int = 0
    sanction: str = ""
    heading: bool = False


@dataclass(frozen=True)
class Fixture:
    name: str
    title: str
    header: str
    old: tuple[Para, ...]
    new: tuple[Para, ...]
    words: int
    """Cut both texts after this many old words (whole paragraphs)."""
    table: bool = False
    """Body in a two-column table whose right column is the sanction class (APD layout)."""
    redline: bool = True
    """False: a clean document (the new text, no revisions)."""


# --- reading the versions ------------------------------------------------------------------------

_HEADING = re.compile(r"^(?:[IVX]+\.|[A-Z][A-Za-z ]{2,40}$)")


def corpus_paras(name: str) -> tuple[Para, ...]:
    """Paragraphs of a corpus text: blank-line separated blocks, lines joined."""
    text = (CORPUS / name).read_text(encoding="utf-8").replace("\f", "\n\n")
    text = text.replace("\uf0b7", "•")  # a Symbol-font bullet, as Word's own PDFs write it
    blocks = re.split(r"\n\s*\n", text)
    joined = [" ".join(line.strip() for line in block.splitlines() if line.strip())
              for block in blocks]
    # The source PDF's own running footers (`In force from ...`, `Page 3 of 18`) are furniture
    # of that PDF, not policy text: a line seen three times, digits aside, is left out.
    seen = Counter(re.sub(r"\d+", "#", line) for line in joined)
    paras = []
    for block, line in zip(blocks, joined, strict=True):
        if not line or line.isdigit() or seen[re.sub(r"\d+", "#", line)] >= 3:
            continue
        paras.append(Para(line, heading=bool(re.match(r"^[IVX]+\.\t", block))))
    return tuple(paras)


def policy_paras(path: Path) -> tuple[Para, ...]:
    """Paragraphs of a policy markdown version laid out as an APD SOP prints it."""
    from toolkit.parse import read_version
    from toolkit.tree import walk

    version = read_version(path)
    paras = [Para("Related SOP(s), Form(s), Other Resource(s), and Rescinded Special Order(s):"),
             Para("A. Related SOP(s)")]
    paras += [Para(f"{ref.id}\t{ref.title}") for ref in version.meta.related]
    paras += [Para("B. Form(s)"), Para("None"), Para("C. Other Resource(s)"), Para("None"),
              Para("D. Rescinded Special Order(s)")]
    paras += [Para(f"{ref.id}\t{ref.title}") for ref in version.meta.rescinds] or [Para("None")]
    for section in version.sections:
        paras.append(Para(f"{section.number}\t{section.title}", heading=True,
                          sanction=section.sanction or ""))
        if section.text:
            paras.append(Para(section.text))
        if section.number.endswith("-3"):
            paras += [Para(f"{d.term}: {d.definition}", sanction=d.sanction or "")
                      for d in version.definitions]
        for clause in walk(section.children):
            depth = clause.address.count(".")
            label = f"{clause.label}.\t" if clause.label else ""
            paras.append(Para(f"{label}{clause.text}", indent=depth,
                              sanction=clause.sanction or ""))
    return tuple(paras)


def fixtures() -> list[Fixture]:
    apd = ROOT / "policies" / "2-55"
    return [
        Fixture("cpd-g03-02-2017-2020", "Use of Force", "Chicago Police Department - G03-02",
                corpus_paras("cpd-g03-02-eff-2017-10-16.txt"),
                corpus_paras("cpd-g03-02-eff-2020-02-29.txt"), 1100),
        Fixture("cpd-g03-02-01-2017-2020", "Force Options", "Chicago Police Department - G03-02-01",
                corpus_paras("cpd-g03-02-01-eff-2017-10-16.txt"),
                corpus_paras("cpd-g03-02-01-eff-2020-02-29.txt"), 1000),
        Fixture("nz-fleeing-driver-2012-2014", "Fleeing driver policy", "Police Manual",
                corpus_paras("nz-fleeing-driver-2012-07-02.txt"),
                corpus_paras("nz-fleeing-driver-2014-03-31.txt"), 1100),
        Fixture("cpd-g03-02-2020-2021", "De-escalation, Response to Resistance, and Use of Force",
                "Chicago Police Department - G03-02",
                corpus_paras("cpd-g03-02-eff-2020-02-29.txt"),
                corpus_paras("cpd-g03-02-eff-2021-04-15.txt"), 1000),
        Fixture("cpd-g03-02-01-2020-2021", "Response to Resistance and Force Options",
                "Chicago Police Department - G03-02-01",
                corpus_paras("cpd-g03-02-01-eff-2020-02-29.txt"),
                corpus_paras("cpd-g03-02-01-eff-2021-04-15.txt"), 1000),
        # Held out: made after the decoder was tuned on the four above; never tuned on.
        Fixture("heldout-cpd-g03-02-02-2017-2020", "Force Options", "Chicago Police Department - G03-02-02",
                corpus_paras("cpd-g03-02-02-eff-2017-10-16.txt"),
                corpus_paras("cpd-g03-02-02-eff-2020-02-29.txt"), 1000),
        Fixture("heldout-cpd-g03-02-03-2017-2020", "Firearm Discharge Incidents",
                "Chicago Police Department - G03-02-03",
                corpus_paras("cpd-g03-02-03-eff-2017-10-16.txt"),
                corpus_paras("cpd-g03-02-03-eff-2020-02-29.txt"), 1000),
        Fixture("heldout-nz-taser-2022-2023", "TASER", "Police Manual",
                corpus_paras("nz-taser-2022-11-03.txt"),
                corpus_paras("nz-taser-2023-09-20.txt"), 1000),
        # More NZ training pairs (tuned on): headed chapters, long prose, rewritten sentences.
        Fixture("nz-fleeing-driver-2014-2015", "Fleeing driver policy", "Police Manual",
                corpus_paras("nz-fleeing-driver-2014-03-31.txt"),
                corpus_paras("nz-fleeing-driver-2015-07-21.txt"), 1100),
        Fixture("nz-fleeing-driver-2016-2017", "Fleeing driver policy", "Police Manual",
                corpus_paras("nz-fleeing-driver-2016-06-30.txt"),
                corpus_paras("nz-fleeing-driver-2017-10-12.txt"), 1100),
        Fixture("nz-fleeing-driver-2023-2024", "Fleeing driver policy", "Police Instructions",
                corpus_paras("nz-fleeing-driver-2023-05-29.txt"),
                corpus_paras("nz-fleeing-driver-2024-08-21.txt"), 1100),
        Fixture("apd-2-55-redline", "USE OF FORCE: DE-ESCALATION", "Albuquerque Police Department",
                policy_paras(apd / "original.md"), policy_paras(apd / "revised.md"), 5000,
                table=True),
        Fixture("apd-2-55-clean", "USE OF FORCE: DE-ESCALATION", "Albuquerque Police Department",
                policy_paras(apd / "revised.md"), policy_paras(apd / "revised.md"), 5000,
                table=True, redline=False),
    ]


# --- aligning the versions -----------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One paragraph of the redline: kept, changed in place, deleted or inserted whole."""

    kind: str
    """equal, change, delete, insert."""
    old: Para | None
    new: Para | None


def align(old: Sequence[Para], new: Sequence[Para]) -> Iterator[Step]:
    matcher = SequenceMatcher(None, [p.text for p in old], [p.text for p in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            yield from (Step("equal", o, n) for o, n in zip(old[i1:i2], new[j1:j2], strict=True))
            continue
        yield from _pair_block(old[i1:i2], new[j1:j2])


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio() >= 0.5


def _pair_block(old: Sequence[Para], new: Sequence[Para]) -> Iterator[Step]:
    at = 0
    for para in old:
        match = next((j for j in range(at, len(new)) if _similar(para.text, new[j].text)), None)
        if match is None:
            yield Step("delete", para, None)
            continue
        yield from (Step("insert", None, n) for n in new[at:match])
        yield Step("change", para, new[match])
        at = match + 1
    yield from (Step("insert", None, n) for n in new[at:])


def cut(steps: Sequence[Step], words: int) -> list[Step]:
    """Whole paragraphs from the start until the old side holds `words` words."""
    kept, count = [], 0
    for step in steps:
        if count >= words:
            break
        kept.append(step)
        count += len(step.old.text.split()) if step.old else 0
    return kept


# --- writing WordprocessingML --------------------------------------------------------------------


@dataclass
class Revisions:
    """Numbers each revision mark."""

    next_id: int = 1
    count: dict[str, int] = field(default_factory=dict)

    def mark(self, kind: str) -> etree._Element:
        element = etree.Element(w(kind))
        element.set(w("id"), str(self.next_id))
        element.set(w("author"), AUTHOR)
        element.set(w("date"), DATE)
        self.next_id += 1
        self.count[kind] = self.count.get(kind, 0) + 1
        return element


def _run(text: str, deleted: bool = False, underline: bool = False) -> etree._Element:
    run = etree.Element(w("r"))
    if underline:
        properties = etree.SubElement(run, w("rPr"))
        etree.SubElement(properties, w("u")).set(w("val"), "single")
    parts = text.split("\t")
    for index, part in enumerate(parts):
        if index:
            etree.SubElement(run, w("tab"))
        if part:
            element = etree.SubElement(run, w("delText" if deleted else "t"))
            element.text = part
            element.set(XML_SPACE, "preserve")
    return run


def _tokens(text: str) -> list[str]:
    """Words with the whitespace after them (tabs kept; a space after the last one too)."""
    return [token if token[-1].isspace() else token + " "
            for token in re.findall(r"\S+\s*", text)] or [text]


def _paragraph(properties: Para, marks: Revisions, whole: str | None = None) -> etree._Element:
    paragraph = etree.Element(w("p"))
    ppr = etree.SubElement(paragraph, w("pPr"))
    if properties.indent:
        ind = etree.SubElement(ppr, w("ind"))
        ind.set(w("left"), str(360 * properties.indent))
    if properties.heading:
        etree.SubElement(ppr, w("keepNext"))
    if whole:
        # The paragraph mark itself is revised too: the paragraph goes (or comes) whole.
        etree.SubElement(ppr, w("rPr")).append(marks.mark(whole))
    return paragraph


def _append_words(paragraph: etree._Element, old: str, new: str, marks: Revisions,
                  heading: bool) -> None:
    """The words of a paragraph changed in place: equal runs, `w:del` and `w:ins`."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    matcher = SequenceMatcher(None, [t.strip() for t in old_tokens],
                              [t.strip() for t in new_tokens], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            paragraph.append(_run("".join(new_tokens[j1:j2]), underline=heading))
            continue
        if i2 > i1:
            deletion = marks.mark("del")
            deletion.append(_run("".join(old_tokens[i1:i2]), deleted=True, underline=heading))
            paragraph.append(deletion)
        if j2 > j1:
            insertion = marks.mark("ins")
            insertion.append(_run("".join(new_tokens[j1:j2]), underline=heading))
            paragraph.append(insertion)


def _step_paragraph(step: Step, marks: Revisions) -> etree._Element:
    para = step.new or step.old
    assert para is not None
    if step.kind == "delete":
        assert step.old is not None
        paragraph = _paragraph(para, marks, "del")
        deletion = marks.mark("del")
        deletion.append(_run(step.old.text, deleted=True, underline=para.heading))
        paragraph.append(deletion)
    elif step.kind == "insert":
        assert step.new is not None
        paragraph = _paragraph(para, marks, "ins")
        insertion = marks.mark("ins")
        insertion.append(_run(step.new.text, underline=para.heading))
        paragraph.append(insertion)
    else:
        assert step.old is not None and step.new is not None
        paragraph = _paragraph(para, marks)
        _append_words(paragraph, step.old.text, step.new.text, marks, para.heading)
    return paragraph


def _sanction_paragraph(step: Step, marks: Revisions) -> etree._Element:
    old = step.old.sanction if step.old else ""
    new = step.new.sanction if step.new else ""
    paragraph = etree.Element(w("p"))
    etree.SubElement(etree.SubElement(paragraph, w("pPr")), w("jc")).set(w("val"), "center")
    if old == new:
        if new:
            paragraph.append(_run(new))
        return paragraph
    _append_words(paragraph, old, new, marks, False)
    return paragraph


def _cell(width: int, *paragraphs: etree._Element) -> etree._Element:
    cell = etree.Element(w("tc"))
    tcw = etree.SubElement(etree.SubElement(cell, w("tcPr")), w("tcW"))
    tcw.set(w("w"), str(width))
    tcw.set(w("type"), "dxa")
    for paragraph in paragraphs:
        cell.append(paragraph)
    return cell


def _table(steps: Sequence[Step], marks: Revisions) -> etree._Element:
    table = etree.Element(w("tbl"))
    tblpr = etree.SubElement(table, w("tblPr"))
    etree.SubElement(tblpr, w("tblW")).attrib.update({w("w"): "9360", w("type"): "dxa"})
    grid = etree.SubElement(table, w("tblGrid"))
    for width in (8460, 900):
        etree.SubElement(grid, w("gridCol")).set(w("w"), str(width))
    for step in steps:
        row = etree.SubElement(table, w("tr"))
        row.append(_cell(8460, _step_paragraph(step, marks)))
        row.append(_cell(900, _sanction_paragraph(step, marks)))
    return table


def _title(text: str) -> etree._Element:
    paragraph = etree.Element(w("p"))
    etree.SubElement(etree.SubElement(paragraph, w("pPr")), w("jc")).set(w("val"), "center")
    run = _run(text)
    rpr = etree.Element(w("rPr"))
    etree.SubElement(rpr, w("b"))
    run.insert(0, rpr)
    paragraph.append(run)
    return paragraph


def document_xml(fixture: Fixture, steps: Sequence[Step], marks: Revisions) -> bytes:
    root = etree.Element(w("document"), nsmap={"w": W, "r": R})
    body = etree.SubElement(root, w("body"))
    body.append(_title(fixture.title))
    if fixture.table:
        body.append(_table(steps, marks))
        body.append(etree.Element(w("p")))
    else:
        for step in steps:
            body.append(_step_paragraph(step, marks))
    sect = etree.SubElement(body, w("sectPr"))
    for kind, rid in (("headerReference", "rIdHeader"), ("footerReference", "rIdFooter")):
        reference = etree.SubElement(sect, w(kind))
        reference.set(w("type"), "default")
        reference.set(f"{{{R}}}id", rid)
    etree.SubElement(sect, w("pgSz")).attrib.update({w("w"): "12240", w("h"): "15840"})
    etree.SubElement(sect, w("pgMar")).attrib.update(
        {w(k): v for k, v in (("top", "1440"), ("right", "1440"), ("bottom", "1440"),
                              ("left", "1440"), ("header", "720"), ("footer", "720"))})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _field(paragraph: etree._Element, instruction: str) -> None:
    for kind in ("begin", None, "separate", "end"):
        run = etree.SubElement(paragraph, w("r"))
        if kind is None:
            text = etree.SubElement(run, w("instrText"))
            text.text = f" {instruction} "
            text.set(XML_SPACE, "preserve")
        else:
            etree.SubElement(run, w("fldChar")).set(w("fldCharType"), kind)
        if kind == "separate":
            etree.SubElement(paragraph, w("r")).append(etree.Element(w("t")))
            paragraph[-1][0].text = "1"


def header_xml(text: str) -> bytes:
    root = etree.Element(w("hdr"), nsmap={"w": W, "r": R})
    paragraph = etree.SubElement(root, w("p"))
    etree.SubElement(etree.SubElement(paragraph, w("pPr")), w("jc")).set(w("val"), "right")
    paragraph.append(_run(text))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def footer_xml() -> bytes:
    root = etree.Element(w("ftr"), nsmap={"w": W, "r": R})
    paragraph = etree.SubElement(root, w("p"))
    etree.SubElement(etree.SubElement(paragraph, w("pPr")), w("jc")).set(w("val"), "center")
    paragraph.append(_run("Page "))
    _field(paragraph, "PAGE")
    paragraph.append(_run(" of "))
    _field(paragraph, "NUMPAGES")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
</Relationships>"""


def write_docx(fixture: Fixture, steps: Sequence[Step], path: Path) -> Revisions:
    marks = Revisions()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        package.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        package.writestr("word/document.xml", document_xml(fixture, steps, marks))
        package.writestr("word/header1.xml", header_xml(fixture.header))
        package.writestr("word/footer1.xml", footer_xml())
    return marks


# --- the truth and the PDF -----------------------------------------------------------------------


def truth(fixture: Fixture, steps: Sequence[Step], side: str) -> str:
    paras = [step.old if side == "old" else step.new for step in steps]
    lines = [fixture.title, *(p.text.replace("\t", " ") for p in paras if p is not None)]
    return "\n".join(lines) + "\n"


def render(docx: Path, out: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out), str(docx)],
            check=True, capture_output=True, timeout=300,
        )
    return out / (docx.stem + ".pdf")


def make(fixture: Fixture, out: Path) -> str:
    steps = cut(list(align(fixture.old, fixture.new)), fixture.words)
    if not fixture.redline:
        steps = [Step("equal", s.new, s.new) for s in steps if s.new is not None]
    with tempfile.TemporaryDirectory() as work:
        docx = Path(work) / f"{fixture.name}.docx"
        marks = write_docx(fixture, steps, docx)
        pdf = render(docx, Path(work))
        shutil.copyfile(pdf, out / pdf.name)
    for side in ("old", "new"):
        (out / f"{fixture.name}.{side}.txt").write_text(truth(fixture, steps, side),
                                                        encoding="utf-8")
    for extraction, options in (("layout", ["-layout"]), ("plain", [])):
        text = subprocess.run(["pdftotext", *options, str(out / pdf.name), "-"], check=True,
                              capture_output=True, text=True).stdout
        (out / f"{fixture.name}.{extraction}.txt").write_text(text, encoding="utf-8")
    size = (out / pdf.name).stat().st_size
    return (f"{fixture.name}.pdf: {size // 1024} KB, {marks.count.get('del', 0)} deletions, "
            f"{marks.count.get('ins', 0)} insertions")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("names", nargs="*", help="only these fixtures")
    args = parser.parse_args(argv)
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        print("needs soffice (libreoffice-writer-nogui) and pdftotext (poppler-utils)",
              file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for fixture in fixtures():
        if not args.names or fixture.name in args.names:
            print(make(fixture, args.out))
    example = args.out / "apd-2-55-redline.pdf"
    if args.out == OUT and example.exists():  # site/importing.md's worked example
        shutil.copyfile(example, ROOT / "policies" / "2-55" / "original-to-revised-redline.pdf")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
