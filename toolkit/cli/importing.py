"""`policykit import`: a thin click command over `toolkit.importer`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from toolkit.errors import ImportTextError
from toolkit.files import check_output_path, is_safe_name, read_file, read_stream, write_atomically
from toolkit.importer import ImportSide, import_text, import_to_json, render_import_markdown
from toolkit.importer.batch import (
    BatchOptions,
    BatchRow,
    expand_inputs,
    import_many,
    row_to_json,
    summary_table,
)
from toolkit.importer.compilation import split_directives
from toolkit.importer.pdf import import_pdf_pieces, is_pdf
from toolkit.parse import did_you_mean

_SIDES: dict[str, ImportSide] = {"old": "old", "new": "new"}


@click.command("import")
@click.argument("raws", nargs=-1, required=True,
                type=click.Path(path_type=Path, allow_dash=True))
@click.option("--policy", help="Policy id (`2-55`); found from the section numbers if left out.")
@click.option("--numbering", metavar="apd|dotted|roman|chapter|headed",
              help="How the sections are numbered; found from the text if left out.")
@click.option("--redline/--no-redline", default=None,
              help="Say whether the text is a flattened redline instead of letting the text decide.")
@click.option("--side", metavar="old|new",
              help="Write the clean text of one side of a redline instead of CriticMarkup.")
@click.option("-o", "--output", "output_name", type=click.Path(),
              help="Write to this file (its name becomes the version) instead of standard output; "
                   "to a folder where it is one or ends with `/`.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole import result as JSON.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def import_command(raws: tuple[Path, ...], policy: str | None, numbering: str | None,
                   redline: bool | None, side: str | None, output_name: str | None,
                   as_json: bool, force: bool) -> None:
    """Import an SOP's PDF, or its extracted text, as policy markdown with its redline.

    A PDF (known by its first bytes) is read directly: struck text is deleted,
    underlined text in the reviser's colour inserted, page furniture and the
    sanction column are read by position. Text is read as extracted, and a
    flattened redline in it is recovered by the decoder.

    Several files, or a folder (its .txt and .pdf files), with -o a folder: each
    is written to FOLDER/<policy>/<version>.md (the version is the date in the file's
    name, else its name), a progress line per file on standard error, then a
    summary table (or --json, the same as data). A file that fails is one row.

    Without --side, changes found in a flattened redline are marked with
    CriticMarkup ({~~old~>new~~}) for a reviewer to accept or fix. With --side
    old or new, the clean text of that side, ready to be a version file. With
    --json, the import result: both sides, each change with its confidence,
    warnings to confirm and the artifacts set aside (see site/importing.md).
    Warnings go to standard error as `file:line: code: message`. An existing
    output file is never replaced without --force. RAW `-` reads standard input.

    \b
    Examples:
      policykit import policies/2-55/sop-2-55-de-escalation-redline.txt
      policykit import policies/2-55/sop-2-55-de-escalation-redline.txt --side new -o policies/2-55/2023.md
      policykit import policies/2-55/sop-2-55-de-escalation-redline.txt --json -o import.json
      policykit import - < policies/2-55/sop-2-55-de-escalation-redline.txt
      policykit import policies/2-55/sop-2-55-de-escalation-redline.txt policies/2-55/original-to-revised-redline.pdf -o imported/
      policykit import policies/2-55/original-to-revised-redline.pdf --side old
    """
    chosen = _side(side)
    output = None if output_name is None else Path(output_name)
    if _is_batch(raws, output_name):
        _import_batch(raws, output, BatchOptions(output or Path("policies"), force, chosen,
                                                 numbering, redline), as_json)
        return
    raw = raws[0]
    if output is not None:
        check_output_path(output, replace=force)  # refuse before the work, not after
    source = "<stdin>" if str(raw) == "-" else str(raw)
    data = _read_bytes(raw, source)
    encoding_warning: list[str] = []
    if is_pdf(data):  # by its magic bytes, whatever the file is called
        results = import_pdf_pieces(data, source, numbering, redline, policy)
        _refuse_pieces([result.policy for result in results], source, 1)
        result = results[0]
    else:
        text, encoding_warning = _decode(data, source)
        _refuse_compilation(text, source)
        result = import_text(text, source=source, policy=policy, numbering=numbering,
                             redline=redline)
    if as_json:
        out = json.dumps(import_to_json(result), indent=2, ensure_ascii=False) + "\n"
    else:
        out = render_import_markdown(result, chosen, _version_name(output))
    if output is not None:
        write_atomically(output, out, replace=force)  # a failed write is the only line
    if output is not None and not as_json and output.suffix != ".md":
        click.echo(f"{output}: warning: only .md files are read as policy versions", err=True)
    for line in [*encoding_warning, *(f"{source}:{w.line}: {w.code}: {w.message}"
                                     for w in result.warnings)]:
        click.echo(line, err=True)
    if output is None:
        click.echo(out, nl=False)


def _refuse_compilation(text: str, source: str) -> None:
    """One output holds one policy: a text of several directives goes to a folder."""
    directives = split_directives(text)
    if directives:
        _refuse_pieces([directive.number for directive in directives], source,
                       directives[1].line)


def _refuse_pieces(numbers: list[str], source: str, line: int) -> None:
    if len(numbers) > 1:
        raise ImportTextError(
            f"holds {len(numbers)} directives ({', '.join(numbers)}); import it into a folder "
            "(-o policies/) to write each as its own policy", source, line)


def _is_batch(raws: tuple[Path, ...], output: str | None) -> bool:
    """Several inputs, a folder, or a folder to write to (one that is, or a name that ends
    with `/`, made if missing): one version file per input."""
    if len(raws) > 1 or raws[0].is_dir():
        return True
    return output is not None and (Path(output).is_dir() or output.endswith(("/", os.sep)))


def _import_batch(raws: tuple[Path, ...], output: Path | None, options: BatchOptions,
                  as_json: bool) -> None:
    if output is None and len(raws) == 1:
        raise ImportTextError("is a folder; to import every file in it, give a folder to write "
                              "to (-o policies/)", str(raws[0]))
    if output is None:
        raise ImportTextError("several files import into a folder; give it with -o (-o policies/)")
    files = expand_inputs(raws)
    rows: list[BatchRow] = []
    done = 0
    for row in import_many(files, options, _read_file, _decode_text):
        if not rows or rows[-1].file != row.file:  # a compilation's directives: one file
            done += 1
            click.echo(f"import: {done}/{len(files)} {row.file}", err=True)
        rows.append(row)
    if as_json:
        click.echo(json.dumps([row_to_json(row) for row in rows], indent=2, ensure_ascii=False))
    else:
        for line in summary_table(rows):
            click.echo(line)
    failed = sum(1 for row in rows if row.error)
    click.echo(f"{len(rows) - failed} imported, {failed} failed", err=True)
    if failed:
        raise SystemExit(1)


def _read_file(path: Path) -> bytes:
    return _read_bytes(path, str(path))


def _decode_text(data: bytes, source: str) -> str:
    text, warnings = _decode(data, source)
    for line in warnings:
        click.echo(line, err=True)
    return text


def _side(side: str | None) -> ImportSide | None:
    if side is None:
        return None
    if side not in _SIDES:
        hint = did_you_mean(side, _SIDES)
        raise ImportTextError(f'--side must be old or new, not "{side}"{hint}')
    return _SIDES[side]


def _version_name(output: Path | None) -> str | None:
    """`-o policies/2-55/2023.md` writes version `2023`: the file is named by its version."""
    if output is None or not is_safe_name(output.stem):
        return None
    return output.stem


def _read_bytes(path: Path, source: str) -> bytes:
    """The file's bytes: a PDF is imported from them, text decoded."""
    if str(path) == "-":
        return read_stream(sys.stdin.buffer if sys.stdin else None, source)
    if path.is_dir():
        raise ImportTextError("is a folder; give the text file to import", source)
    return read_file(path).data


def _decode(data: bytes, source: str) -> tuple[str, list[str]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        warning = (f"{source}:{line}: not-utf-8: byte 0x{data[error.start]:02x} is not UTF-8; "
                   "read the whole file as Windows-1252 (Latin-1): check accented letters")
        return _decode_windows_1252(data), [warning]


def _decode_windows_1252(data: bytes) -> str:
    """Windows-1252, keeping the five bytes it leaves undefined as Latin-1 does (no `\ufffd`)."""
    return data.decode("latin-1").translate(_WINDOWS_1252)


_WINDOWS_1252 = {
    byte: bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


COMMANDS: list[click.Command] = [import_command]
