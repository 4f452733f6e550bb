"""Whole manuals at once: many raw texts (and PDFs) into `policies/<id>/<version>.md`.

    paths --expand--> files --import (text or PDF)--> results --name--> policies/<id>/<version>.md
        --write (never over a file without force)--> one summary row a file

One bad file is one row with its error, not the end of the run. A text that compiles several
directives, or a whole manual of numbered policies (`compilation`), writes each as its own
policy, one row each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import PolicyKitError
from toolkit.files import is_safe_name, write_atomically
from toolkit.importer import (
    ImportResult,
    ImportSide,
    furniture_of,
    import_text,
    render_import_markdown,
)
from toolkit.importer.compilation import Directive, split_compilation
from toolkit.model import Clause

IMPORTABLE = (".txt", ".pdf")
"""What a folder given to `import` contributes: extracted text and PDFs."""
_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class BatchRow:
    """One input file of a batch import, as the summary table shows it."""

    file: str
    policy: str = ""
    scheme: str = ""
    """apd, dotted, roman, chapter or headed."""
    sections: int = 0
    clauses: int = 0
    redline: bool = False
    warnings: int = 0
    output: str = ""
    """The file written, or empty when the import failed."""
    error: str = ""
    """`file:line: message` when the file could not be imported or written."""


@dataclass(frozen=True)
class BatchOptions:
    """What applies to every file of the batch (the CLI's flags)."""

    output: Path
    force: bool = False
    side: ImportSide | None = None
    numbering: str | None = None
    redline: bool | None = None


Reader = Callable[[Path], bytes]
"""Reads a file's bytes (the CLI's reader: size limits, errors naming the file)."""
Decoder = Callable[[bytes, str], str]
"""Bytes of a text file to its text (the CLI's: UTF-8, else Windows-1252 with a warning)."""


def expand_inputs(paths: Sequence[Path]) -> list[Path]:
    """Files as given, and each folder's `.txt` and `.pdf` files (all depths), sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in IMPORTABLE))
        else:
            files.append(path)
    return files


def import_many(files: Sequence[Path], options: BatchOptions, read: Reader, decode: Decoder
                ) -> Iterator[BatchRow]:
    """Import each file and write its version; one row per file (per directive of a
    compilation), in order."""
    taken: set[Path] = set()
    for file in files:
        try:
            results = _import_file(file, options, read, decode)
        except PolicyKitError as error:
            yield BatchRow(str(file), error=str(error))
            continue
        for result in results:
            yield _write_one(file, result, options, taken)


def _write_one(file: Path, result: ImportResult, options: BatchOptions,
               taken: set[Path]) -> BatchRow:
    try:
        target = _target(file, result, options.output, taken)
        text = render_import_markdown(result, options.side, target.stem)
        write_atomically(target, text, replace=options.force)
    except PolicyKitError as error:
        return BatchRow(str(file), policy=result.policy, error=str(error))
    taken.add(target)
    return _row(file, result, target)


def _import_file(file: Path, options: BatchOptions, read: Reader, decode: Decoder
                 ) -> list[ImportResult]:
    """A PDF (by its first bytes, whatever its name) through the PDF importer, text as text;
    a file that compiles several directives gives each its own result."""
    from toolkit.importer.pdf import import_pdf_pieces, is_pdf

    data = read(file)
    if is_pdf(data):
        return import_pdf_pieces(data, str(file), numbering=options.numbering,
                                 redline=options.redline)
    return import_text_pieces(decode(data, str(file)), str(file), options.numbering,
                              options.redline)


def import_text_pieces(text: str, source: str, numbering: str | None = None,
                       redline: bool | None = None) -> list[ImportResult]:
    """`import_text`, one result a directive where the text compiles several (a department's
    orders one after another, or a whole manual), else one result."""
    pieces = split_compilation(text, furniture_of) or [Directive("", 1, text)]
    return [import_text(piece.text, source, policy=piece.policy, numbering=numbering,
                        redline=redline, first_line=piece.line, furniture=piece.furniture)
            for piece in pieces]


def _target(file: Path, result: ImportResult, output: Path, taken: set[Path]) -> Path:
    """`<output>/<policy>/<version>.md`: the version is the date in the file's name, else its
    name; a second file with the same policy and date keeps its own name (and its type,
    `-pdf`, when the name is taken too)."""
    folder = output / result.policy
    dated = _DATE.search(file.stem)
    target = folder / f"{dated.group(1) if dated else _safe(file.stem)}.md"
    if target in taken:
        target = folder / f"{_safe(file.stem)}.md"
    if target in taken:  # `x.txt` and `x.pdf`: the same text twice
        target = folder / f"{_safe(file.stem)}-{_safe(file.suffix)}.md"
    if target in taken:
        raise PolicyKitError(f"another file of this import writes {target} too", str(file))
    return target


def _safe(stem: str) -> str:
    name = _UNSAFE.sub("-", stem).strip("-._") or "imported"
    return name if is_safe_name(name) else f"v-{name}"


def _row(file: Path, result: ImportResult, target: Path) -> BatchRow:
    chosen = result.new
    clauses = sum(1 for section in chosen.sections for _ in _clauses(section.children))
    return BatchRow(
        file=str(file), policy=result.policy, scheme=_scheme(result),
        sections=len(chosen.sections), clauses=clauses, redline=result.redline,
        warnings=len(result.warnings), output=str(target),
    )


def _scheme(result: ImportResult) -> str:
    """The numbering found, or `none` where no section was (the text is one section, kept in
    the APD format's one-section form)."""
    if any(warning.code == "no-sections" for warning in result.warnings):
        return "none"
    return result.scheme


def _clauses(nodes: Sequence[Clause]) -> Iterator[Clause]:
    for node in nodes:
        yield node
        yield from _clauses(node.children)


def row_to_json(row: BatchRow) -> dict[str, Any]:
    """One row of `policykit import DIR --json`; keys are only ever added."""
    return {
        "file": row.file, "policy": row.policy, "numbering": row.scheme,
        "sections": row.sections, "clauses": row.clauses, "redline": row.redline,
        "warnings": row.warnings, "output": row.output, "error": row.error,
    }


def summary_table(rows: Sequence[BatchRow]) -> list[str]:
    """The summary as aligned plain-text columns, a header line first."""
    header = ("file", "policy", "numbering", "sections", "clauses", "redline", "warnings")
    cells = [header, *(_cells(row) for row in rows)]
    widths = [max(len(line[column]) for line in cells) for column in range(len(header))]
    lines = []
    for row, line in zip([None, *rows], cells, strict=True):
        text = "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        lines.append(f"{text}  {row.error}".rstrip() if row and row.error else text.rstrip())
    return lines


def _cells(row: BatchRow) -> tuple[str, ...]:
    if row.error:
        return (row.file, "-", "-", "-", "-", "-", "-")
    return (row.file, row.policy, row.scheme, str(row.sections), str(row.clauses),
            "yes" if row.redline else "no", str(row.warnings))
