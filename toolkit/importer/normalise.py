"""Stage 1: raw extracted text to clean numbered lines.

Unicode is folded to compatibility form (ligatures, non-breaking spaces, full-width
letters) but for the characters a policy prints on purpose (`fold_compatibility`),
invisible characters go, control characters (a NUL where a PDF font had no
character, a form feed between pages) become spaces and are reported, runs of
spaces shrink to one, and a word hyphenated across a line end is joined onto
the first line when the joined word is known.
"""

from __future__ import annotations

import re
import unicodedata

from toolkit.importer.nouns import ImportWarning, Line
from toolkit.importer.vocabulary import is_english_word
from toolkit.parse import CONTROL_CHARACTER, describe_character

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_PRINTED = re.compile("([\u00aa\u00b2\u00b3\u00b9\u00ba\u00bc-\u00be\u2070-\u209f\u2120\u2122"
                      "\u2150-\u215f\u2189]+)")
"""Characters NFKC would rewrite that a policy means as printed: `TASER™`, `2 ½ inches`, `m²`,
`1ª`; folded, they would read `TASERTM`, `2 1⁄2`, `m2`."""
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_HYPHENS = ("-", "\u2010")
_HYPHEN_END = re.compile(rf"([A-Za-z]+)([{''.join(_HYPHENS)}])$")
"""A word broken at a line's end: an ASCII hyphen, or Unicode's (`decision‐`, as Word's PDFs
print it; NFKC folds the non-breaking one into it)."""
_WORD_START = re.compile(r"^([a-z]+)(\S*)\s*")
_NUMBER_BROKEN = re.compile(rf"(?:\d|\b[A-Z]{{2,}})[{''.join(_HYPHENS)}]$")
_NUMBER_GOES_ON = re.compile(r"^(?!\d{1,2}[.)](?:\s|$))(\d\S*)\s*")
"""A number or a form's code broken at a hyphen (`CPD-` / `11.377)`, `0700-` / `0800`, `AS
11.56.807-` / `810`): joined with its hyphen, unless a label starts the next line."""


def normalise_text(text: str) -> tuple[Line, ...]:
    """Numbered, trimmed lines; line numbers stay those of the input."""
    lines = [Line(number, _clean(line)) for number, line in enumerate(split_lines(text), start=1)]
    return tuple(_join_hyphenated(lines))


def control_character_warnings(text: str) -> list[ImportWarning]:
    """One warning per line that holds control characters: each becomes a space. A form feed
    that opens a line is a page break (`pdftotext` prints one atop every page): those are one
    warning, at the first, that counts the others, not one a page."""
    warnings = []
    breaks: list[int] = []
    for number, line in enumerate(split_lines(text), start=1):
        rest = line.lstrip("\f")
        if len(rest) < len(line):
            breaks.append(number)
        found = sorted(set(CONTROL_CHARACTER.findall(rest)))
        if found:
            names = ", ".join(describe_character(char) for char in found)
            plural = "s" if len(found) > 1 else ""
            message = f"control character{plural} {names} read as a space"
            warnings.append(ImportWarning(number, "control-character", message))
    if breaks:
        more = (f", and at the start of {len(breaks) - 1} more line"
                f"{'s' if len(breaks) > 2 else ''} (page breaks)" if len(breaks) > 1 else "")
        message = f"control character {describe_character(chr(12))} read as a space{more}"
        warnings.append(ImportWarning(breaks[0], "control-character", message))
    return sorted(warnings, key=lambda warning: warning.line)


def split_lines(text: str) -> list[str]:
    """The input's lines as numbered everywhere in the importer (`\\r\\n`, `\\r`, `\\n` end one)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _clean(line: str) -> str:
    # NFKC folds ligatures and odd spaces but leaves curly quotes and dashes as written;
    # it also composes some characters into controls, so those go after folding.
    folded = fold_compatibility(line.translate(_INVISIBLE))
    return _SPACES.sub(" ", CONTROL_CHARACTER.sub(" ", folded)).strip()


def fold_compatibility(text: str) -> str:
    """NFKC (`ﬁ` to `fi`, a non-breaking space to a space, `Ｉ` to `I`), keeping `_PRINTED`."""
    parts = _PRINTED.split(text)  # the kept runs at odd places
    return "".join(part if place % 2 else unicodedata.normalize("NFKC", part)
                   for place, part in enumerate(parts))


def _join_hyphenated(lines: list[Line]) -> list[Line]:
    """`appro-` + `priate ...` becomes `appropriate` + `...`; `well-` + `known` stays hyphenated.

    The hyphen goes only when the joined word is English and its halves are not both words.
    """
    for index in range(len(lines) - 1):
        if not lines[index].text.endswith(_HYPHENS):
            continue
        if _NUMBER_BROKEN.search(lines[index].text) \
                and (rest := _NUMBER_GOES_ON.match(lines[index + 1].text)) is not None:
            # `(CPD-` + `11.377)`, `0700-` + `0800`: the hyphen stays (`3-` + `1. The` does not
            # join: a label starts the line).
            lines[index] = Line(lines[index].number, lines[index].text + rest.group(1))
            lines[index + 1] = Line(lines[index + 1].number,
                                    lines[index + 1].text[rest.end():])
            continue
        end = _HYPHEN_END.search(lines[index].text)
        start = _WORD_START.match(lines[index + 1].text)
        if not (end and start):
            continue
        first, second = end.group(1), start.group(1)
        compound = is_english_word(first) and is_english_word(second)
        hyphen = "" if is_english_word(first + second) and not compound else end.group(2)
        joined = lines[index].text[: end.start()] + first + hyphen + second + start.group(2)
        lines[index] = Line(lines[index].number, joined)
        lines[index + 1] = Line(lines[index + 1].number, lines[index + 1].text[start.end():])
    return lines
