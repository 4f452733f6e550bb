"""Import a PDF itself: the redline read from its marks, the page read by position.

    PDF bytes --pdfplumber--> glyphs, thin lines, bars, links (per page)
        --rows--> lines of glyphs by baseline, words by spacing
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
import re
import statistics
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Any, Literal

from toolkit.errors import ImportTextError
from toolkit.importer import import_lines
from toolkit.importer.artifacts import SANCTION_CLASSES
from toolkit.importer.assembly import Decoded
from toolkit.importer.nouns import (
    Artifact,
    ImportChange,
    ImportResult,
    ImportWarning,
    Line,
    Span,
)
from toolkit.importer.pdfmarks import Bar, Box, Evidence, Glyph, Reading, Segment, find_marks, rgb
from toolkit.importer.vocabulary import DocumentVocabulary, is_english_word

__all__ = ["MarkedWord", "PdfText", "import_pdf", "is_pdf", "read_pdf"]

Side = Literal["old", "new", "marked"]

_MAGIC = b"%PDF-"
_MIN_TEXT = 20
"""Fewer letters and digits than this in the whole file: no text layer."""
_WORD_GAP = 0.2
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
_HYPHEN_END = re.compile(r"^(.*[A-Za-z])-$")
_LOWER_START = re.compile(r"^([a-z]+)(.*)$")
_SENTENCE_END = re.compile(r"[.:;!?)\"”]$")


def is_pdf(data: bytes) -> bool:
    """The PDF magic bytes, within the first 1,024 bytes as readers allow."""
    return _MAGIC in data[:1024]


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

    def split(self, lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], tuple[Artifact, ...]]:
        """The sanction values set aside (the furniture is out already): the splitter stage."""
        kept = tuple(Line(line.number, "") if line.number in self.sanctions else line
                     for line in lines)
        found = tuple(Artifact(line.number, line.text, "sanction") for line in lines
                      if line.number in self.sanctions and line.text)
        return kept, found


# --- importing ------------------------------------------------------------------------------------


def import_pdf(data: bytes, source: str = "<string>", policy: str | None = None) -> ImportResult:
    """Read a PDF into old and new versions, the changes its marks show, warnings and artifacts.

    Raises ImportTextError for a PDF with no text layer (a scan), an encrypted or a damaged one.
    """
    text = read_pdf(data, source)
    marks = text.marks()
    marked = import_lines(text.side_lines("marked"), source, policy,
                          decoder=lambda vocabulary: KnownDecoded(vocabulary, marks=marks),
                          splitter=text.split)
    if not text.changed:
        return _with_page(marked, text, marked.warnings, marked.artifacts)
    policy = policy or marked.policy
    sides = {side: import_lines(text.side_lines(side), source, policy, decoder=KnownDecoded,
                                splitter=text.split)
             for side in ("old", "new")}
    old, new = sides["old"], sides["new"]
    result = replace(
        marked,
        title=new.title, meta=new.meta, redline=bool(marked.changes),
        old=replace(old.new, version="old"), new=replace(new.new, version="new"),
    )
    warnings = _unique([*old.warnings, *new.warnings])
    artifacts = _unique([*old.artifacts, *new.artifacts])
    return _with_page(result, text, warnings, artifacts)


def _with_page(result: ImportResult, text: PdfText, warnings: Sequence[ImportWarning],
               artifacts: Sequence[Artifact]) -> ImportResult:
    """The reader's own warnings and the page furniture join the outline's."""
    return replace(
        result,
        warnings=tuple(sorted([*warnings, *text.warnings], key=lambda warning: warning.line)),
        artifacts=tuple(sorted([*artifacts, *text.artifacts], key=lambda artifact: artifact.line)),
    )


def _unique(items: Sequence[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


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
        rules = sorted({word.rule for word in run if word.rule})
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
    pages = list(_read_pages(data, source))
    glyphs = [glyph for _, rows, _, _ in pages for row in rows for glyph in row]
    if sum(glyph.text.isalnum() for glyph in glyphs) < _MIN_TEXT:
        raise ImportTextError(
            "no text layer: the PDF holds only images (a scan?); give it a text layer with OCR "
            "first (ocrmypdf FILE.pdf FILE-ocr.pdf) and import that", source, 1)
    evidence = Evidence.of(glyphs)
    rows = [_row(number, glyph_rows_row, evidence, height, width)
            for number, glyph_rows, height, width in pages for glyph_rows_row in glyph_rows]
    rows = [row for row in rows if row.words]
    return _lay_out(rows, len(pages), evidence)


def _read_pages(data: bytes, source: str
                ) -> Iterator[tuple[int, list[list[Glyph]], float, float]]:
    """Each page's rows of glyphs, marked, with the page's height and width."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as document:
            for number, page in enumerate(document.pages, start=1):
                yield number, _page_rows(page), float(page.height), float(page.width)
                page.close()
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ImportTextError(
            "the PDF is encrypted and needs a password to read; save an unprotected copy "
            "(qpdf --decrypt) and import that", source, 1) from None
    except ImportTextError:
        raise
    except Exception as error:  # pdfminer raises many unrelated types for a broken file
        if "password" in str(error).lower() or "encrypt" in type(error).__name__.lower():
            raise ImportTextError(
                "the PDF is encrypted and needs a password to read; save an unprotected copy "
                "(qpdf --decrypt) and import that", source, 1) from None
        raise ImportTextError(
            f"the PDF is damaged and cannot be read ({type(error).__name__}); "
            "repair it (qpdf or a PDF viewer's save as) and import that", source, 1) from None


def _page_rows(page: Any) -> list[list[Glyph]]:
    height = float(page.height)
    glyphs = [_glyph(char, height) for char in page.chars if char.get("upright", True)]
    rows = _group_rows(glyphs)
    if not rows:
        return rows
    segments, bars = _rules(page)
    links = [Box(float(a["x0"]), float(a["top"]), float(a["x1"]), float(a["bottom"]))
             for a in page.annots if a.get("uri") or (a.get("data") or {}).get("A")]
    left = min(glyph.x0 for row in rows for glyph in row if not glyph.text.isspace())
    right = max(glyph.x1 for row in rows for glyph in row if not glyph.text.isspace())
    find_marks(rows, segments, bars, links, left, right)
    return rows


def _glyph(char: dict[str, Any], height: float) -> Glyph:
    matrix = char.get("matrix")
    baseline = height - float(matrix[5]) if matrix else float(char["bottom"])
    size = float(char.get("size") or (char["bottom"] - char["top"]) or 10.0)
    return Glyph(char["text"], float(char["x0"]), float(char["x1"]), baseline, abs(size),
                 rgb(char.get("non_stroking_color")))


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


def _rules(page: Any) -> tuple[list[Segment], list[Bar]]:
    """Thin horizontal lines (strikes, underlines) and thin vertical ones (bars) of a page."""
    segments, bars = [], []
    shapes = [(line, rgb(line.get("stroking_color"))) for line in page.lines]
    shapes += [(rect, rgb(rect.get("non_stroking_color") if rect.get("fill")
                          else rect.get("stroking_color"))) for rect in page.rects]
    for shape, colour in shapes:
        x0, x1, top, bottom = (float(shape[key]) for key in ("x0", "x1", "top", "bottom"))
        if bottom - top <= THIN_SHAPE and x1 - x0 > 1:
            segments.append(Segment(x0, x1, (top + bottom) / 2, colour))
        elif x1 - x0 <= THIN_SHAPE and bottom - top > 4:
            bars.append(Bar((x0 + x1) / 2, top, bottom))
    touching = [bar for bar in bars if _touches(bar, segments)]
    return segments, [bar for bar in bars if bar not in touching]


THIN_SHAPE = 2.0


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
        letters = unicodedata.normalize("NFKC", glyph.text)
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
    sanctions = _sanction_column(rows)
    body = [row for row in rows if id(row) not in furniture]
    _join_hyphenated(body)
    pitch = _line_pitch(body)
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
        if previous is not None and _paragraph_break(previous, row, pitch):
            lines.append(PdfLine(number, (), row.page))
            number += 1
        words = tuple(word for word, _, _ in row.words)
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
            "insertions: the PDF has no struck text and no change bars")))
    kept = tuple(line for line in lines if line.number not in {a.line for a in artifacts})
    return PdfText(kept, tuple(artifacts), tuple(warnings), pages, frozenset(sanction_lines))


def _furniture(rows: Sequence[_Row], pages: int) -> dict[int, str]:
    """Rows at the top or bottom of the page that are page furniture, by row id.

    A row repeated (digits aside) at about the same height on at least half the pages (and
    two) is a running header or footer; so is a bare page number (`3`, `iv`), which also
    counts alone on a one-page document when it sits in the outer margin. `Page 3 of 12`
    needs no repetition.
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
        repeated = len(seen[group]) >= needed and abs(row.baseline - steady) <= 4
        if _PAGE_LABEL.match(text) or _PAGE_NUMBER.match(text) and (
                repeated or pages == 1 and _zone(row, 0.08)):
            found[id(row)] = "page-number"
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
    for row, following in zip(rows, rows[1:], strict=False):
        if not row.words or not following.words:
            continue
        last, x0, _ = row.words[-1]
        first, _, x1 = following.words[0]
        end, start = _HYPHEN_END.match(last.text), _LOWER_START.match(first.text)
        if not (end and start) or _state(last) != _state(first) or _state(last) == "mixed":
            continue
        head, tail = end.group(1), start.group(1)
        compound = is_english_word(head) and is_english_word(tail)
        hyphen = "" if is_english_word(head + tail) and not compound else "-"
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
    steps = [b.baseline - a.baseline for a, b in zip(rows, rows[1:], strict=False)
             if a.page == b.page and b.baseline > a.baseline]
    return statistics.median(steps) if steps else 12.0


def _paragraph_break(previous: _Row, row: _Row, pitch: float) -> bool:
    """A wider gap than a line's: pdftotext -layout would print a blank line here."""
    if previous.page != row.page:
        return bool(previous.words and _SENTENCE_END.search(previous.words[-1][0].text))
    return row.baseline - previous.baseline > 1.45 * pitch


def _counter_of(words: Sequence[MarkedWord]) -> Counter[str]:
    return Counter(word.rule for word in words if word.changed)


_ = (DocumentVocabulary,)
