"""Import a PDF itself: the redline read from its marks, the page read by position.

    PDF bytes --pdfplumber--> glyphs, thin lines, bars, links (per page)
        --rows--> lines of glyphs by baseline (a page in two columns: left column first),
                  words by spacing
        --marks--> each glyph plain, deleted or inserted (`pdfmarks`)
        --page--> running headers, footers and page numbers out (position and repetition);
                  the sanction column out of the line, onto a line of its own (x-position);
                  words hyphenated at a line end joined
        --outline--> `import_lines`, the text importer's own stages, three times:
                  each side's text alone (clean text: no changes to guess), and both sides
                  together with the changes known from the marks (the CriticMarkup text)

The text importer has to guess where a deletion ends and an insertion starts; here the
marks say so, and a PDF with no marks has no changes. `line` in the result counts the lines
of the text as read here: page after page, top to bottom, page furniture included.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import struct
import zlib
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Any, Literal

from toolkit.errors import ImportTextError
from toolkit.importer import import_lines
from toolkit.importer.artifacts import SANCTION_CLASSES
from toolkit.importer.assembly import Decoded
from toolkit.importer.compilation import split_compilation
from toolkit.importer.glyphs import glyph_code_reader, glyph_code_warning
from toolkit.importer.normalise import fold_compatibility
from toolkit.importer.nouns import (
    Artifact,
    ImportChange,
    ImportResult,
    ImportWarning,
    Line,
    Span,
)
from toolkit.importer.pdfmarks import (
    THIN,
    Bar,
    Box,
    Colour,
    Evidence,
    Glyph,
    Reading,
    Segment,
    find_marks,
    rgb,
)
from toolkit.importer.sections import names_a_policy
from toolkit.importer.vocabulary import is_english_word

__all__ = ["MarkedWord", "PdfText", "import_pdf", "is_pdf", "read_pdf"]

Side = Literal["old", "new", "marked"]

_MAGIC = re.compile(rb"(?:^|[\r\n]|^\xef\xbb\xbf)[ \t]*%PDF-\d")
_MIN_TEXT = 20
"""Fewer letters and digits than this in the whole file: no text layer."""
_WORD_GAP = 0.1
"""A gap wider than this many font sizes between two glyphs separates words."""
_SANCTION_GAP = 1.2
"""A sanction value stands at least this many font sizes right of the text before it."""
_SANCTION_RIGHT = 0.7
"""... and starts right of this share of the page width."""
_FURNITURE_ZONE = 0.18
"""Running headers and footers sit in this share of the page at its top or bottom."""
_PAGE_LABEL = re.compile(r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s+of\s+\d+|-\s*\d+\s*-)$",
                         re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^(?:\d+|[ivxlc]+)$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_NUMBER_CELL = re.compile(r"^(?:\d+|N/?A)$", re.IGNORECASE)
_LABEL = re.compile(r"^\(?(?:[A-Za-z]|\d{1,3}|[ivxlcIVXLC]{1,5})[.)]$")
_HYPHEN_END = re.compile(r"^(.*[A-Za-z])([-\u2010])$")
"""A word broken at the line's end by a hyphen: ASCII, or Unicode's (U+2010; NFKC makes the
non-breaking U+2011 one) as Word sets `decision‐making`."""
_LOWER_START = re.compile(r"^([a-z]+)(.*)$")
_SENTENCE_END = re.compile(r"[.:;!?)\"”]$")


def is_pdf(data: bytes) -> bool:
    """The PDF header (`%PDF-1.7`) starting a line within the first 1,024 bytes, as readers allow."""
    return bool(_MAGIC.search(data[:1024]))


@dataclass(frozen=True)
class MarkedWord:
    """One word as printed, and what it reads on each side of the redline."""

    text: str
    """The word as printed: deleted and inserted letters together (`Aassess`)."""
    old: str
    """The word without its inserted letters ("" when all of it was inserted)."""
    new: str
    """The word without its deleted letters ("" when all of it was deleted)."""
    confidence: float = 1.0
    rule: str = ""

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def side(self, side: Side) -> str:
        return {"old": self.old, "new": self.new, "marked": self.text}[side]


@dataclass(frozen=True)
class PdfLine:
    """One line of the text as read, numbered; no words for a blank line."""

    number: int
    words: tuple[MarkedWord, ...]
    page: int


@dataclass(frozen=True)
class PdfText:
    """A PDF read: its body lines with marks, the page furniture set aside, what to confirm."""

    lines: tuple[PdfLine, ...]
    artifacts: tuple[Artifact, ...]
    warnings: tuple[ImportWarning, ...]
    pages: int
    sanctions: frozenset[int] = frozenset()
    """The lines that hold a sanction-column value."""

    @property
    def changed(self) -> bool:
        return any(word.changed for line in self.lines for word in line.words)

    def side_lines(self, side: Side) -> tuple[Line, ...]:
        """The text of one side (or, `marked`, both as printed) as numbered lines."""
        out = []
        for line in self.lines:
            text = " ".join(part for part in (word.side(side) for word in line.words) if part)
            out.append(Line(line.number, text))
        return tuple(out)

    def marks(self) -> dict[int, tuple[MarkedWord, ...]]:
        return {line.number: line.words for line in self.lines}

    def part(self, first: int, end: int | None) -> PdfText:
        """The lines numbered from `first` up to `end`, with the furniture and warnings that
        stand among them."""
        def within(line: int) -> bool:
            return first <= line and (end is None or line < end)
        return replace(self, lines=tuple(line for line in self.lines if within(line.number)),
                       artifacts=tuple(a for a in self.artifacts if within(a.line)),
                       warnings=tuple(w for w in self.warnings if within(w.line)))

    def split(self, lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], tuple[Artifact, ...]]:
        """The sanction values set aside (the furniture is out already): the splitter stage."""
        kept = tuple(Line(line.number, "") if line.number in self.sanctions else line
                     for line in lines)
        found = tuple(Artifact(line.number, line.text, "sanction") for line in lines
                      if line.number in self.sanctions and line.text)
        return kept, found


# --- importing ------------------------------------------------------------------------------------


def import_pdf(data: bytes, source: str = "<string>", policy: str | None = None,
               numbering: str | None = None, redline: bool | None = None) -> ImportResult:
    """Read a PDF into old and new versions, the changes its marks show, warnings and artifacts.

    `numbering` names the scheme, as for text. `redline=False` reads the page as printed
    (coloured and underlined words are formatting, not changes); `redline=True` on a PDF
    with no marks decodes its printed text as a flattened redline, as text import does.
    Raises ImportTextError for a PDF with no text layer (a scan), an encrypted or a damaged one.
    """
    return _import_read(read_pdf(data, source), source, policy, numbering, redline)


def import_pdf_pieces(data: bytes, source: str = "<string>", numbering: str | None = None,
                      redline: bool | None = None, policy: str | None = None
                      ) -> list[ImportResult]:
    """`import_pdf`, one result a directive where the PDF compiles several (a department's
    orders printed as one file, or a whole manual: `compilation`), else one result (with
    `policy` for its id, if given). Each directive's pages are laid out on their own, so its
    running footer is its own."""
    read = _read_glyphs(data, source)
    text = _laid_out(read)
    # A form feed opens each page, as `pdftotext` prints it: a directive's page goes with it.
    tops = {line.number for line, before in zip(text.lines, (None, *text.lines), strict=False)
            if before is None or before.page != line.page}
    printed = "\n".join(("\f" if line.number in tops else "") + line.text
                         for line in text.side_lines("marked"))
    pieces = split_compilation(printed, lambda _: frozenset())
    if not pieces:
        return [_import_read(text, source, policy, numbering, redline)]
    pages = [text.lines[piece.line - 1].page for piece in pieces]
    if all(one < two for one, two in itertools.pairwise(pages)):
        parts = [_laid_out(read, page, end) for page, end in zip(pages, [*pages[1:], None],
                                                                 strict=True)]
    else:  # a directive that starts mid-page: its lines, laid out with the whole document
        starts = [text.lines[piece.line - 1].number for piece in pieces]
        parts = [text.part(start, end) for start, end in zip(starts, [*starts[1:], None],
                                                             strict=True)]
    return [_import_read(part, source, piece.policy, numbering, redline)
            for piece, part in zip(pieces, parts, strict=True)]


def _import_read(text: PdfText, source: str, policy: str | None, numbering: str | None,
                 redline: bool | None) -> ImportResult:
    if redline is True and not text.changed:
        flattened = import_lines(text.side_lines("marked"), source, policy, splitter=text.split,
                                 numbering=numbering, redline=True)
        return _with_page(flattened, text, flattened.warnings, flattened.artifacts)
    marks = text.marks() if redline is not False else {}
    marked = import_lines(text.side_lines("marked"), source, policy,
                          decoder=lambda vocabulary: KnownDecoded(vocabulary, marks=marks),
                          splitter=text.split, numbering=numbering)
    if not marks or not text.changed:
        return _with_page(marked, text, marked.warnings, marked.artifacts)
    policy = policy or marked.policy
    sides = {side: import_lines(text.side_lines(side), source, policy, decoder=KnownDecoded,
                                splitter=text.split, numbering=numbering)
             for side in ("old", "new")}
    old, new = sides["old"], sides["new"]
    result = replace(
        marked,
        title=new.title, meta=new.meta, redline=bool(marked.changes),
        old=replace(old.new, version="old"), new=replace(new.new, version="new"),
    )
    warnings = _unique([*old.warnings, *new.warnings])
    return _with_page(result, text, warnings, _sided(old.artifacts, new.artifacts))


def _with_page(result: ImportResult, text: PdfText, warnings: Sequence[ImportWarning],
               artifacts: Sequence[Artifact]) -> ImportResult:
    """The reader's own warnings and the page furniture join the outline's.

    A PDF has no lines to look up, so each warning's message ends with its page.
    """
    numbers = [line.number for line in text.lines]
    pages = [line.page for line in text.lines]

    def on_page(warning: ImportWarning) -> ImportWarning:
        at = max(bisect_right(numbers, warning.line) - 1, 0)
        page = pages[at] if pages else 1
        return replace(warning, message=f"{warning.message} (page {page})")

    return replace(
        result,
        warnings=tuple(on_page(w) for w in sorted([*warnings, *text.warnings],
                                                  key=lambda warning: warning.line)),
        artifacts=tuple(sorted([*artifacts, *text.artifacts], key=lambda artifact: artifact.line)),
    )


def _unique(items: Sequence[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


def _sided(old: Sequence[Artifact], new: Sequence[Artifact]) -> list[Artifact]:
    """Each side's artifacts once; one that only one side's text holds (a contents line struck
    or underlined whole, a retitled title) names that side, so it is no word of the other."""
    both = set(old) & set(new)
    return [*(artifact for artifact in _unique([*old, *new]) if artifact in both),
            *(replace(artifact, side="old") for artifact in _unique(old) if artifact not in both),
            *(replace(artifact, side="new") for artifact in _unique(new) if artifact not in both)]


@dataclass
class KnownDecoded(Decoded):
    """The decoder's place in the pipeline, taken by the marks: no change is guessed.

    Without `marks` every paragraph reads the same on both sides (a side's clean text).
    """

    marks: dict[int, tuple[MarkedWord, ...]] = field(default_factory=dict)

    def decode(self, lines: tuple[Line, ...]) -> tuple[Span, ...]:
        if lines not in self.spans:
            words = [word for line in lines for word in self._words(line)]
            spans = tuple(_spans(words))
            self.spans[lines] = spans
            self.changes.extend(span.change for span in spans if span.change)
        return self.spans[lines]

    def _words(self, line: Line) -> list[tuple[int, MarkedWord]]:
        """The line's words with their marks; a word the outline rewrote reads as written."""
        written = line.text.split()
        printed = self.marks.get(line.number, ())
        texts = [word.text for word in printed]
        if written == texts[len(texts) - len(written):]:  # the outline took a label off
            return [(line.number, word) for word in printed[len(texts) - len(written):]]
        out: list[tuple[int, MarkedWord]] = []
        matcher = SequenceMatcher(None, written, texts, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                out.extend((line.number, word) for word in printed[j1:j2])
            else:
                out.extend((line.number, MarkedWord(text, text, text)) for text in written[i1:i2])
        return out


def _spans(words: Sequence[tuple[int, MarkedWord]]) -> Iterator[Span]:
    """Runs of unmarked words as equal text; each run of marked words as one change.

    A change's confidence is its least sure mark's; its rule names every kind of mark in it.
    """
    equal: list[str] = []
    index = 0
    while index < len(words):
        number, word = words[index]
        if not word.changed:
            equal.append(word.text)
            index += 1
            continue
        if equal:
            yield Span(tuple(equal), tuple(equal))
            equal = []
        run = []
        while index < len(words) and words[index][1].changed:
            run.append(words[index][1])
            index += 1
        old = tuple(word.old for word in run if word.old)
        new = tuple(word.new for word in run if word.new)
        rules = sorted({rule for word in run for rule in word.rule.split("+") if rule})
        change = ImportChange(line=number, old=" ".join(old), new=" ".join(new),
                              confidence=min(word.confidence for word in run),
                              rule="+".join(rules) or "pdf-mark")
        yield Span(old, new, change)
    if equal:
        yield Span(tuple(equal), tuple(equal))


# --- reading the pages ----------------------------------------------------------------------------


@dataclass
class _Row:
    """One printed line: its glyphs' words with marks, where it stands, and on which page."""

    page: int
    baseline: float
    size: float
    words: list[tuple[MarkedWord, float, float]]
    """Each word with its left and right x."""
    page_height: float
    page_width: float
    doubts: list[str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(word.text for word, _, _ in self.words)


def read_pdf(data: bytes, source: str = "<string>") -> PdfText:
    """The PDF's text line by line, each word with its marks, and the page furniture set aside."""
    return _laid_out(_read_glyphs(data, source))


@dataclass(frozen=True)
class _Glyphs:
    """A PDF's glyphs in rows, page by page (number, rows, height, width), before layout."""

    pages: list[tuple[int, list[list[Glyph]], float, float]]
    evidence: Evidence
    coded: tuple[int, bool] | None


def _read_glyphs(data: bytes, source: str) -> _Glyphs:
    read, coded = _read_glyph_codes([_page_of(*page) for page in _read_pages(data, source)])
    pages = [(number, _page_rows(page), page.height, page.width)
             for number, page in enumerate(read, start=1)]
    glyphs = [glyph for _, rows, _, _ in pages for row in rows for glyph in row]
    letters = sum(glyph.text.isalnum() for glyph in glyphs)
    if letters < _MIN_TEXT and sum(page.sideways for page in read) >= _MIN_TEXT:
        raise ImportTextError(
            "the text runs sideways on the page (rotated text or pages); turn the pages so "
            "it reads upright (qpdf --rotate=+90:1-z) and import that", source, 1)
    if letters < _MIN_TEXT:
        raise ImportTextError(
            "no text layer: the PDF holds only images (a scan?); give it a text layer with OCR "
            "first (ocrmypdf FILE.pdf FILE-ocr.pdf) and import that", source, 1)
    return _Glyphs(pages, Evidence.of(glyphs), coded)


def _laid_out(read: _Glyphs, first: int = 1, end: int | None = None) -> PdfText:
    """The pages numbered from `first` up to `end` laid out as text: their running headers
    and footers are the ones that repeat among them (one directive of a compilation has its
    own)."""
    pages = [page for page in read.pages if first <= page[0] < (end or len(read.pages) + 1)]
    rows = [_row(number, glyph_row, read.evidence, height, width)
            for number, glyph_rows, height, width in pages for glyph_row in glyph_rows]
    rows = [row for row in rows if row.words]
    text = _lay_out(rows, len(pages), read.evidence)
    blank = [number for number, glyph_rows, _, _ in pages
             if not any(glyph.text.isalnum() for row in glyph_rows for glyph in row)]
    return replace(text, warnings=(*_blank_pages(blank, text.lines),
                                   *_glyph_code_warning(read.coded, text.lines), *text.warnings))


def _read_glyph_codes(pages: list[_Page]) -> tuple[list[_Page], tuple[int, bool] | None]:
    """Characters of a font with no map to Unicode come as `(cid:N)`: read in the standard
    glyph order when the document's codes read as English that way (`glyphs`), else kept.
    Also the first page that held them and whether they were read, for the warning."""
    coded = next((number for number, page in enumerate(pages, start=1)
                  if any(glyph.text.startswith("(cid:") for glyph in page.glyphs)), None)
    if coded is None:
        return pages, None
    read = glyph_code_reader([glyph.text for page in pages for glyph in page.glyphs])
    if read is None:
        return pages, (coded, False)
    return [replace(page, glyphs=[replace(glyph, text=read(glyph.text))
                                  if glyph.text.startswith("(cid:") else glyph
                                  for glyph in page.glyphs])
            for page in pages], (coded, True)


def _glyph_code_warning(coded: tuple[int, bool] | None,
                        lines: Sequence[PdfLine]) -> list[ImportWarning]:
    """Where the first page with glyph codes starts; none for pages all before it (a
    directive of a compilation that holds none)."""
    if coded is None:
        return []
    page, read = coded
    at = next((line.number for line in lines if line.page >= page), None)
    return [] if at is None and lines else [glyph_code_warning(at or 1, read)]


def _blank_pages(pages: Sequence[int], lines: Sequence[PdfLine]) -> list[ImportWarning]:
    """A page with no text among pages with text: a scanned page, or a picture."""
    warnings = []
    for page in pages:
        after = next((line.number for line in lines if line.page > page), None)
        line = after or (lines[-1].number if lines else 1)
        message = (f"page {page} has no text layer (a scanned page?): its words, if any, are "
                   "not imported; give it a text layer with OCR (ocrmypdf) to import them")
        warnings.append(ImportWarning(line, "pdf-no-text", message))
    return warnings


@dataclass(frozen=True)
class _Shape:
    """A line or rectangle drawn on the page, in pdfplumber's coordinates (top down)."""

    x0: float
    x1: float
    top: float
    bottom: float
    colour: Colour


@dataclass(frozen=True)
class _Page:
    """What one page holds: its glyphs, thin shapes and links, read before the next page."""

    glyphs: list[Glyph]
    shapes: list[_Shape]
    links: list[Box]
    height: float
    width: float
    sideways: int = 0
    """Letters and digits set sideways (rotated text), left out of the glyphs."""


_ENCRYPTED = ("the PDF is encrypted and needs a password to read; save an unprotected copy "
              "(qpdf --decrypt) and import that")


def _read_pages(data: bytes, source: str) -> Iterator[tuple[Any, list[Box], float, float]]:
    """Each page's layout, links, height and width; a file pdfminer cannot read fails.

    The objects come from pdfminer's layout of the page (`page.layout`), as pdfplumber
    reads them; converting every object to pdfplumber's dictionaries (`page.chars`) took a
    third of the time and is skipped. Only reading the file is inside the `try`: a broken
    file raises many unrelated types there (PDFSyntaxError, KeyError, TypeError,
    ValueError, ...), all meaning "damaged".
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    broken = (PdfminerException, PSException, ValueError, KeyError, TypeError, AttributeError,
              IndexError, AssertionError, OverflowError, RecursionError, zlib.error,
              struct.error)
    try:
        with pdfplumber.open(io.BytesIO(data)) as document:
            for page in document.pages:
                read = (page.layout, _links(page), float(page.height), float(page.width))
                page.close()
                yield read  # a generator: what the caller does with it never raises in here
    except broken as error:
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ImportTextError(_ENCRYPTED, source, 1) from None
        raise ImportTextError(
            "the PDF is damaged and cannot be read; repair it (qpdf, or a PDF viewer's "
            "Save As) and import that", source, 1) from None


def _page_of(layout: Any, links: list[Box], height: float, width: float) -> _Page:
    """Upright characters as glyphs, and lines and rectangles, from a pdfminer layout."""
    from pdfminer.layout import LTChar, LTContainer, LTLine, LTRect

    glyphs: list[Glyph] = []
    shapes: list[_Shape] = []
    sideways = 0
    stack = [layout]
    while stack:
        for item in stack.pop():
            if isinstance(item, LTChar):
                if not item.upright:
                    sideways += item.get_text().isalnum()
                    continue
                glyphs.append(Glyph(item.get_text(), item.x0, item.x1,
                                    height - float(item.matrix[5]),
                                    abs(float(item.size)) or 10.0,
                                    rgb(item.graphicstate.ncolor)))
            elif isinstance(item, (LTLine, LTRect)):
                colour = item.non_stroking_color if item.fill and not item.stroke \
                    else item.stroking_color
                shapes.append(_Shape(item.x0, item.x1, height - item.y1, height - item.y0,
                                     rgb(colour)))
            elif isinstance(item, LTContainer):
                stack.append(item)
    return _Page(glyphs, shapes, links, height, width, sideways)


def _links(page: Any) -> list[Box]:
    """The page's link rectangles; a malformed annotation (no `Rect`: pdfunite leaves such)
    gives none. Links only tell an underlined link from an insertion."""
    try:
        annots = list(page.annots)
    except (TypeError, KeyError, ValueError):
        return []
    return [Box(float(a["x0"]), float(a["top"]), float(a["x1"]), float(a["bottom"]))
            for a in annots if a.get("uri") or (a.get("data") or {}).get("A")]


def _page_rows(page: _Page) -> list[list[Glyph]]:
    rows = _in_reading_order(_group_rows(page.glyphs), page.width, page.height)
    ink = [glyph for row in rows for glyph in row if not glyph.text.isspace()]
    if not ink:
        return rows
    segments, bars = _rules(page)
    left, right = min(glyph.x0 for glyph in ink), max(glyph.x1 for glyph in ink)
    find_marks(rows, segments, bars, page.links, left, right)
    return rows


_GUTTER = 12.0
"""A gap between two columns of text is at least this wide (points)."""


def _in_reading_order(rows: list[list[Glyph]], width: float,
                      height: float) -> list[list[Glyph]]:
    """A page set in two columns reads down the left column, then down the right.

    The gutter is a strip in the middle of the page that the text of most rows leaves
    empty while text stands on both sides of it in many rows (the columns' baselines need
    not line up); a row across it (a heading over both columns)
    closes the band of columns above it. A page without such a gutter is left as it is.
    """
    gutter = _gutter(rows, width, height)
    if gutter is None:
        return rows
    ordered: list[list[Glyph]] = []
    left: list[list[Glyph]] = []
    right: list[list[Glyph]] = []
    for row in rows:
        if any(glyph.x0 < gutter < glyph.x1 for glyph in row if not glyph.text.isspace()):
            ordered += left + right + [row]
            left, right = [], []
            continue
        left.append([glyph for glyph in row if glyph.x1 <= gutter])
        right.append([glyph for glyph in row if glyph.x0 >= gutter])
    ordered += left + right
    return [row for row in ordered if row]


def _gutter(rows: Sequence[Sequence[Glyph]], width: float, height: float) -> float | None:
    """The middle of an empty strip between 35 % and 65 % of the page width, if there is one.

    Coverage is counted in 2-point cells: how many rows put ink in each.
    """
    body = [[glyph for glyph in row if not glyph.text.isspace()] for row in rows
            if 0.08 * height < row[0].baseline < 0.92 * height]
    body = [row for row in body if row]
    if len(body) < 6:
        return None
    inked: Counter[int] = Counter()
    for row in body:
        inked.update({cell for g in row for cell in range(int(g.x0 / 2), int(g.x1 / 2) + 1)})
    cells = int(_GUTTER / 2)
    for start in range(int(0.35 * width / 2), int(0.65 * width / 2) - cells):
        if any(inked[cell] > 0.1 * len(body) for cell in range(start, start + cells)):
            continue
        left, right = 2 * start, 2 * (start + cells)
        on_left = [g for row in body for g in row if g.x1 <= left]
        on_right = [g for row in body for g in row if g.x0 >= right]
        rows_left = sum(row[0].x0 < left for row in body)
        rows_right = sum(row[-1].x1 > right for row in body)
        if min(rows_left, rows_right) >= 0.3 * len(body) and _prose(on_left) and _prose(on_right):
            return (left + right) / 2
    return None


def _prose(glyphs: Sequence[Glyph]) -> bool:
    """Mostly letters: a column of text, not a table's numbers or ratings."""
    return sum(glyph.text.isalpha() for glyph in glyphs) >= 0.7 * max(len(glyphs), 1)


def _group_rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs on one baseline (within a third of their size) form a row, left to right."""
    glyphs.sort(key=lambda glyph: (glyph.baseline, glyph.x0))
    rows: list[list[Glyph]] = []
    for glyph in glyphs:
        if rows and glyph.baseline - rows[-1][0].baseline <= 0.33 * max(glyph.size, 1.0):
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    for row in rows:
        row.sort(key=lambda glyph: glyph.x0)
    return rows


def _rules(page: _Page) -> tuple[list[Segment], list[Bar]]:
    """Thin horizontal lines (strikes, underlines) and thin vertical ones (bars) of a page."""
    segments, bars = [], []
    for shape in page.shapes:
        if shape.bottom - shape.top <= THIN and shape.x1 - shape.x0 > 1:
            segments.append(Segment(shape.x0, shape.x1, (shape.top + shape.bottom) / 2,
                                    shape.colour))
        elif shape.x1 - shape.x0 <= THIN and shape.bottom - shape.top > 4:
            bars.append(Bar((shape.x0 + shape.x1) / 2, shape.top, shape.bottom))
    return segments, [bar for bar in bars if not _touches(bar, segments)]


def _touches(bar: Bar, segments: Sequence[Segment]) -> bool:
    """A table's border meets the table's rules at its ends; a change bar stands alone."""
    return any(segment.x0 - 1 <= bar.x <= segment.x1 + 1
               and (abs(segment.y - bar.top) < 1.5 or abs(segment.y - bar.bottom) < 1.5)
               for segment in segments)


def _row(page: int, glyphs: list[Glyph], evidence: Evidence, height: float,
         width: float) -> _Row:
    coloured_underline = any(glyph.underlined and not glyph.linked and not glyph.struck
                             and max(glyph.colour) - min(glyph.colour) > 0.15
                             for glyph in glyphs)
    size = statistics.median(glyph.size for glyph in glyphs)
    row = _Row(page, glyphs[0].baseline, size, [], height, width)
    spaces = sorted((glyph.x0 + glyph.x1) / 2 for glyph in glyphs if glyph.text.isspace())
    word: list[tuple[Glyph, Reading]] = []
    previous: Glyph | None = None
    for glyph in (glyph for glyph in glyphs if not glyph.text.isspace()):
        if previous is not None and _word_break(previous, glyph, spaces):
            _close_word(row, word)
            word = []
        word.append((glyph, evidence.read(glyph, coloured_underline)))
        previous = glyph
    _close_word(row, word)
    return row


def _word_break(previous: Glyph, glyph: Glyph, spaces: Sequence[float]) -> bool:
    """A gap wider than a fifth of the font size, or a space glyph between the two.

    Only a space standing in the gap counts: LibreOffice draws the spaces of a tab over
    the letters before it.
    """
    if glyph.x0 - previous.x1 > _WORD_GAP * glyph.size:
        return True
    at = bisect_left(spaces, previous.x1 - 0.1)
    return at < len(spaces) and spaces[at] <= glyph.x0 + 0.1


def _close_word(row: _Row, word: list[tuple[Glyph, Reading]]) -> None:
    if not word:
        return
    text = old = new = ""
    confidence, rules = 1.0, []
    for glyph, reading in word:
        letters = fold_compatibility(glyph.text)
        text += letters
        old += "" if reading.mark == "inserted" else letters
        new += "" if reading.mark == "deleted" else letters
        if reading.mark != "plain":
            confidence = min(confidence, reading.confidence)
            rules.append(reading.rule)
        if reading.doubt and reading.doubt not in row.doubts:
            row.doubts.append(reading.doubt)
    rule = "+".join(dict.fromkeys(rules))
    row.words.append((MarkedWord(text, old, new, confidence, rule), word[0][0].x0,
                      word[-1][0].x1))


# --- laying out the text --------------------------------------------------------------------------


def _lay_out(rows: list[_Row], pages: int, evidence: Evidence) -> PdfText:
    furniture = _furniture(rows, pages)
    # The title often runs as the page header too: its first copy, atop the first page, is text.
    title = next((row for row in rows if row.page == rows[0].page and _zone(row) == "top"
                  and furniture.get(id(row)) == "running-header" and len(row.text().split()) > 1
                  and names_a_policy(row.text())), None)
    if title is not None:
        del furniture[id(title)]
    sanctions = _sanction_column(rows)
    body = [row for row in rows if id(row) not in furniture]
    _join_hyphenated(body)
    pitch = _line_pitch(body)
    rights: dict[int, float] = defaultdict(float)
    for row in body:
        if row.words:
            rights[row.page] = max(rights[row.page], row.words[-1][2])
    lines: list[PdfLine] = []
    artifacts: list[Artifact] = []
    warnings: list[ImportWarning] = []
    sanction_lines: set[int] = set()
    previous: _Row | None = None
    for row in rows:
        number = len(lines) + 1
        if id(row) in furniture:
            artifacts.append(Artifact(number, row.text(), furniture[id(row)]))
            lines.append(PdfLine(number, (), row.page))  # numbered, never read as text
            continue
        if previous is not None and _paragraph_break(previous, row, pitch, rights[row.page]):
            lines.append(PdfLine(number, (), row.page))
            number += 1
        words = _relabelled(tuple(word for word, _, _ in row.words))
        if words:
            lines.append(PdfLine(number, words, row.page))
        warnings.extend(ImportWarning(number, "pdf-mark", f"{doubt}; please confirm")
                        for doubt in row.doubts)
        if id(row) in sanctions:
            lines.append(PdfLine(len(lines) + 1, (sanctions[id(row)],), row.page))
            sanction_lines.add(len(lines))
        previous = row
    if not evidence.redline and evidence.underlines:
        warnings.append(ImportWarning(1, "pdf-mark", (
            "underlined text in colour read as formatting (links, headings), not as "
            "insertions: the PDF has no change bars and no struck text in colour")))
    kept = tuple(line for line in lines if line.number not in {a.line for a in artifacts})
    return PdfText(kept, tuple(artifacts), tuple(warnings), pages, frozenset(sanction_lines))


def _relabelled(words: tuple[MarkedWord, ...]) -> tuple[MarkedWord, ...]:
    """A struck label and the inserted one after it (`E.` `I.`) read as one relabelled label.

    Printed glued (`E.I.`), the outline reads the doubled label as the text importer does:
    the old label and the new one on the same clause.
    """
    if len(words) < 2 or not (_LABEL.match(words[0].text) and _LABEL.match(words[1].text)):
        return words
    struck, inserted = words[0], words[1]
    if struck.new or not struck.old or inserted.old or not inserted.new:
        return words
    pair = MarkedWord(struck.text + inserted.text, struck.old, inserted.new,
                      min(struck.confidence, inserted.confidence),
                      "+".join(dict.fromkeys(filter(None, (struck.rule, inserted.rule)))))
    return (pair, *words[2:])


def _furniture(rows: Sequence[_Row], pages: int) -> dict[int, str]:
    """Rows at the top or bottom of the page that are page furniture, by row id.

    A row repeated (digits aside) on at least half the pages (and two) is a running header
    or footer; a bare page number (`3`, `iv`) must also keep its height, or on a one-page
    document sit in the outer margin. `Page 3 of 12` needs no repetition.
    """
    zone_rows = [row for row in rows if _zone(row)]
    heights: dict[tuple[str, str], list[float]] = defaultdict(list)
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for row in zone_rows:
        heights[(_zone(row), _key(row))].append(row.baseline)
        seen[(_zone(row), _key(row))].add(row.page)
    needed = max(2, (pages + 1) // 2)
    found: dict[int, str] = {}
    for row in zone_rows:
        text, group = row.text(), (_zone(row), _key(row))
        steady = statistics.median(heights[group])
        repeated = len(seen[group]) >= needed
        if _PAGE_LABEL.match(text) or _PAGE_NUMBER.match(text) and (
                repeated and abs(row.baseline - steady) <= 4 or pages == 1 and _zone(row, 0.08)):
            found[id(row)] = "page-number"
        elif _PAGE_NUMBER.match(text):
            continue  # a number alone that moves about: text (a year, a count) wrapped there
        elif repeated:
            found[id(row)] = "running-header"
    return found


def _zone(row: _Row, share: float = _FURNITURE_ZONE) -> str:
    if row.baseline < share * row.page_height:
        return "top"
    if row.baseline > (1 - share) * row.page_height:
        return "bottom"
    return ""


def _key(row: _Row) -> str:
    return _DIGITS.sub("#", " ".join(row.text().lower().split()))


def _sanction_column(rows: Sequence[_Row]) -> dict[int, MarkedWord]:
    """The right-hand sanction-classification column, by x-position: taken out of its row."""
    candidates: list[tuple[_Row, float]] = []
    for row in rows:
        word, x0, _ = row.words[-1]
        before = row.words[-2][2] if len(row.words) > 1 else None
        value = (word.new or word.old).upper()
        if value not in SANCTION_CLASSES or x0 < _SANCTION_RIGHT * row.page_width:
            continue
        if before is not None and x0 - before < _SANCTION_GAP * row.size:
            continue
        if len(row.words) > 1 and _NUMBER_CELL.match(row.words[-2][0].text):
            continue  # `1  2  3  4  5`: a rating scale, a table of numbers, not a sanction
        candidates.append((row, x0))
    if len(candidates) < 2:
        return {}
    middle = statistics.median(x0 for _, x0 in candidates)
    found = {}
    for row, x0 in candidates:
        if abs(x0 - middle) <= 20 and len(row.words) > 1:
            found[id(row)] = row.words.pop()[0]
    return found


def _join_hyphenated(rows: Sequence[_Row]) -> None:
    """`appro-` + `priate` becomes `appropriate`; `well-` + `known` keeps its hyphen."""
    for row, following in itertools.pairwise(rows):
        if not row.words or not following.words:
            continue
        last, x0, _ = row.words[-1]
        first, _, x1 = following.words[0]
        end, start = _HYPHEN_END.match(last.text), _LOWER_START.match(first.text)
        if not (end and start) or _state(last) != _state(first) or _state(last) == "mixed":
            continue
        if _LABEL.match(first.text):
            continue  # `occurs when-` / `i. a driver ...`: a list's first label, no word's end
        head, tail = end.group(1), start.group(1)
        compound = is_english_word(head) and is_english_word(tail)
        hyphen = "" if is_english_word(head + tail) and not compound else end.group(2)
        joined = head + hyphen + first.text
        row.words[-1] = (replace(last, text=joined, old=joined if last.old else "",
                                 new=joined if last.new else ""), x0, x1)
        following.words.pop(0)


def _state(word: MarkedWord) -> str:
    """plain, deleted or inserted for a word marked whole; mixed for a word marked in part."""
    if not word.changed:
        return "plain"
    if not word.new:
        return "deleted"
    return "inserted" if not word.old else "mixed"


def _line_pitch(rows: Sequence[_Row]) -> float:
    steps = [b.baseline - a.baseline for a, b in itertools.pairwise(rows)
             if a.page == b.page and b.baseline > a.baseline]
    return statistics.median(steps) if steps else 12.0


def _paragraph_break(previous: _Row, row: _Row, pitch: float, right: float) -> bool:
    """A paragraph ends between the two rows: a blank line goes between them.

    A wider gap than a line's (where pdftotext -layout prints a blank line); or a row ending
    in a full stop with room left for the next row's first word, which would have stood
    there had the paragraph gone on.
    """
    ends = bool(previous.words and _SENTENCE_END.search(previous.words[-1][0].text))
    if previous.page != row.page:
        return ends
    if row.baseline - previous.baseline > 1.45 * pitch:
        return True
    if not (ends and previous.words and row.words):
        return False
    _, first_left, first_right = row.words[0]
    return right - previous.words[-1][2] > (first_right - first_left) + 0.6 * row.size

