"""Redline marks on a PDF page: which characters are struck, underlined, coloured, barred.

A word processor prints a tracked deletion struck through (a thin horizontal line
across the middle of the letters) and an insertion underlined (a line just below
the baseline), both usually in the reviser's colour, with a change bar in the
margin beside each changed line. `find_marks` records what each character shows;
`Evidence` then decides, for the whole document, what the marks mean:

- struck: deleted;
- underlined in colour: inserted; underlined in black beside a change bar, in a document
  whose insertions are nowhere coloured (printed in black): inserted, reported for a
  person to confirm;
- underlined in black with no change bar, or inside a link: ordinary formatting
  (a heading, a form name, a hyperlink);
- coloured only (no line), beside a change bar, in a colour used only by deletions
  (or only by insertions): deleted (inserted); the producer marked by colour alone.

A document with no change bar and no struck text in colour is no redline: nothing in it
is a change, whatever is underlined or coloured; text struck in black there is kept as
written and reported.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Colour = tuple[float, float, float]
Mark = Literal["plain", "deleted", "inserted"]

STRIKE_BAND = (-0.5, -0.12)
"""A strike line lies this far above the baseline, in font sizes (LibreOffice: -0.28, Word: -0.3)."""
UNDERLINE_BAND = (0.0, 0.25)
"""An underline lies this far below the baseline, in font sizes (LibreOffice and Word: ~0.1)."""
THIN = 2.0
"""Lines and rectangles at most this thick (points) can be a strike, an underline or a bar."""
BLACK = (0.0, 0.0, 0.0)


@dataclass(slots=True)
class Glyph:
    """One character on the page, with what is drawn over and beside it."""

    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    colour: Colour
    struck: bool = False
    underlined: bool = False
    linked: bool = False
    barred: bool = False
    """A change bar stands in the margin beside the glyph's line."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A thin horizontal line (or flat rectangle) on the page."""

    x0: float
    x1: float
    y: float
    """Distance from the top of the page, like pdfplumber's `top`."""
    colour: Colour


@dataclass(frozen=True, slots=True)
class Bar:
    """A thin vertical line: a change bar when it stands in the margin."""

    x: float
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Box:
    """A link annotation's rectangle."""

    x0: float
    top: float
    x1: float
    bottom: float


def rgb(value: object) -> Colour:
    """A pdfplumber colour (grey, RGB or CMYK tuple, or a bare number) as RGB."""
    if isinstance(value, (int, float)):
        return (float(value), float(value), float(value))
    if not isinstance(value, (tuple, list)) or not value:
        return BLACK
    try:
        parts = [float(part) for part in value]
    except (TypeError, ValueError):
        return BLACK  # a pattern colour: no evidence either way
    if len(parts) == 1:
        return (round(parts[0], 2), round(parts[0], 2), round(parts[0], 2))
    if len(parts) == 4:
        c, m, y, k = parts
        parts = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    r, g, b = parts[:3]
    return (round(r, 2), round(g, 2), round(b, 2))


def coloured(colour: Colour) -> bool:
    """Not black, white or grey: a reviser's colour (or a link's)."""
    return max(colour) - min(colour) > 0.15


def find_marks(rows: Sequence[Sequence[Glyph]], segments: Sequence[Segment],
               bars: Sequence[Bar], links: Sequence[Box], text_left: float,
               text_right: float) -> None:
    """Set `struck`, `underlined`, `linked` and `barred` on the glyphs of one page's rows."""
    ordered = sorted(segments, key=lambda segment: segment.y)
    heights = [segment.y for segment in ordered]
    margin_bars = [bar for bar in bars if bar.x < text_left - 1 or bar.x > text_right + 1]
    for row in rows:
        if not row:
            continue
        baseline, size = row[0].baseline, max(glyph.size for glyph in row)
        near = ordered[bisect_left(heights, baseline + STRIKE_BAND[0] * size):
                       bisect_right(heights, baseline + UNDERLINE_BAND[1] * size)]
        barred = any(bar.top <= baseline and bar.bottom >= baseline - 0.5 * size
                     for bar in margin_bars)
        for glyph in row:
            glyph.barred = barred
            _mark_glyph(glyph, near)
            glyph.linked = any(box.x0 <= (glyph.x0 + glyph.x1) / 2 <= box.x1
                               and box.top <= glyph.baseline <= box.bottom + 2
                               for box in links)


def _mark_glyph(glyph: Glyph, near: Iterable[Segment]) -> None:
    width = max(glyph.x1 - glyph.x0, 0.1)
    for segment in near:
        if min(segment.x1, glyph.x1) - max(segment.x0, glyph.x0) < 0.5 * width:
            continue
        offset = (segment.y - glyph.baseline) / glyph.size
        if STRIKE_BAND[0] <= offset <= STRIKE_BAND[1]:
            glyph.struck = True
        elif UNDERLINE_BAND[0] < offset <= UNDERLINE_BAND[1]:
            glyph.underlined = True


@dataclass(frozen=True)
class Reading:
    """What one glyph is, how sure that is, and what a person should check."""

    mark: Mark
    confidence: float = 1.0
    rule: str = ""
    doubt: str = ""


@dataclass
class Evidence:
    """What the whole document shows: is it a redline, and in which colours."""

    strikes: Counter[Colour] = field(default_factory=Counter)
    underlines: Counter[Colour] = field(default_factory=Counter)
    bars: bool = False

    @classmethod
    def of(cls, glyphs: Iterable[Glyph]) -> Evidence:
        evidence = cls()
        for glyph in glyphs:
            if glyph.struck:
                evidence.strikes[glyph.colour] += 1
            elif glyph.underlined and not glyph.linked and coloured(glyph.colour):
                evidence.underlines[glyph.colour] += 1
            evidence.bars = evidence.bars or glyph.barred
        return evidence

    @property
    def redline(self) -> bool:
        """Change bars, or struck text in colour: the document shows tracked changes."""
        return self.bars or any(coloured(colour) for colour in self.strikes)

    def read(self, glyph: Glyph, row_coloured_underline: bool) -> Reading:
        """The mark of one glyph, given whether its line holds coloured underlined text."""
        if glyph.text.isspace():
            return Reading("plain")
        if not self.redline:
            if glyph.struck:
                return Reading("plain", doubt=(
                    "struck text kept as written: the PDF shows no other sign of tracked "
                    "changes (no colour, no change bars)"))
            return Reading("plain")
        if glyph.struck:
            if coloured(glyph.colour) or glyph.barred:
                return Reading("deleted", 1.0, "pdf-strike")
            return Reading("deleted", 0.9, "pdf-strike",
                           "struck text in black with no change bar read as deleted")
        if glyph.underlined and not glyph.linked:
            if coloured(glyph.colour):
                return Reading("inserted", 1.0, "pdf-underline")
            if glyph.barred and not row_coloured_underline and not self.underlines:
                return Reading("inserted", 0.7, "pdf-underline",
                               "underlined text in black beside a change bar read as inserted")
            return Reading("plain")
        return self._by_colour(glyph)

    def _by_colour(self, glyph: Glyph) -> Reading:
        """A producer that marks by colour alone: the colour says which side, the bar that it is."""
        if not (glyph.barred and coloured(glyph.colour)):
            return Reading("plain")
        deleting, inserting = glyph.colour in self.strikes, glyph.colour in self.underlines
        if deleting and not inserting:
            return Reading("deleted", 0.7, "pdf-colour",
                           "text in the deletions' colour, not struck, read as deleted")
        if inserting and not deleting:
            return Reading("inserted", 0.7, "pdf-colour",
                           "text in the insertions' colour, not underlined, read as inserted")
        return Reading("plain")
