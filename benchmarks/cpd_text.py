"""Chicago Police Department directives from their HTML, as text and as a reading of headings.

    python benchmarks/cpd_text.py HTML_DIR TEXT_DIR
    python benchmarks/sections_bench.py --truth benchmarks/section_truth_cpd.tsv --texts TEXT_DIR

The corpus's `cpd-*.txt` are snapshots of the department's directives web site (the public
repository CrimeIsDown/cpd-directives) turned into text so: blocks become lines with a blank
line between, a table row of inline cells one line, its cells joined by tabs, and a note's
caption (`NOTE:`) on the line above its text. This script does the same to any directive saved
from that repository (`directives/data/<id>.html`), so other directives than the corpus's can
be read the way the held-out ones will be. Checked on the corpus's G03-02-02 of 16 October
2017: the same text but for one line break in the signature block.

It writes `cpd-<number>.txt` for each (`cpd-s04-27.txt`), and prints the reading of its
headings that the HTML marks itself: each level-1 topic (`I.  Purpose`), in order, as
`section_truth.tsv` lines. `section_truth_cpd.tsv` holds that reading for the twelve
directives its comments list.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import html

_BLOCKS = frozenset({"div", "p", "table", "tbody", "tr", "ul", "ol", "li", "h1", "h2", "h3",
                     "h4", "br"})
_SKIPPED = frozenset({"script", "style", "head", "title"})


def _inline(element: html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext()).replace("\xa0", " ")).strip()


def _holds_blocks(element: html.HtmlElement) -> bool:
    return any(isinstance(node.tag, str) and node.tag in _BLOCKS
               for node in element.iterdescendants())


def _blocks(element: html.HtmlElement, out: list[str]) -> None:
    if not isinstance(element.tag, str) or element.tag in _SKIPPED:
        return
    if element.tag == "tr":
        _row(element, out)
    elif not _holds_blocks(element):
        if text := _inline(element):
            out.append(text)
    else:
        _children(element, out)


def _row(row: html.HtmlElement, out: list[str]) -> None:
    """Inline cells on one line, joined by tabs; a caption cell (`NOTE:`) beside a cell of
    blocks goes on the line above the first of them."""
    cells = [cell for cell in row if isinstance(cell.tag, str) and cell.tag in ("td", "th")]
    if not any(_holds_blocks(cell) for cell in cells):
        if line := "\t".join(text for text in map(_inline, cells) if text):
            out.append(line)
        return
    caption = ""
    for cell in cells:
        if not _holds_blocks(cell):
            caption = "\t".join(part for part in (caption, _inline(cell)) if part)
            continue
        start = len(out)
        _children(cell, out)
        if caption and len(out) > start:
            out[start] = f"{caption}\n{out[start]}"
            caption = ""
    if caption:
        out.append(caption)


def _children(element: html.HtmlElement, out: list[str]) -> None:
    if element.text and element.text.strip():
        out.append(re.sub(r"\s+", " ", element.text).strip())
    for child in element:
        _blocks(child, out)
        if child.tail and child.tail.strip():
            out.append(re.sub(r"\s+", " ", child.tail).strip())


def directive_text(document: html.HtmlElement) -> str:
    out: list[str] = []
    _blocks(document.find("body"), out)
    return "\n\n".join(out) + "\n"


def directive_number(document: html.HtmlElement) -> str | None:
    """`S04-27` from the title table's `Special Order S04-27`."""
    cell = document.xpath('string(//td[@class="CPDDirectiveTypeAndNumber"])')
    words = cell.replace("\xa0", " ").split()
    return words[-1] if words else None


def headings(document: html.HtmlElement) -> list[tuple[str, str]]:
    """Each level-1 topic's numeral and title, as the HTML marks them."""
    found = []
    for topic in document.xpath('//div[@class="Topic_Title_level1"]'):
        cells = [text for text in (_inline(cell) for cell in topic.iter("td")) if text]
        if cells:
            found.append((cells[0].rstrip(".") if len(cells) > 1 else "", cells[-1]))
    return found


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.html")):
        document = html.fromstring(path.read_bytes())
        number = directive_number(document) or path.stem
        name = f"cpd-{number.lower()}.txt"
        (target / name).write_text(directive_text(document), encoding="utf-8")
        for numeral, title in headings(document):
            print(f"{name}\t{numeral}\t{title}")


if __name__ == "__main__":
    main()
