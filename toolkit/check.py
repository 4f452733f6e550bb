"""Lint policy files: every problem as one `file:line: message` diagnostic, never a traceback.

    paths --expand--> version files --read_version--> Version (or a ParseError diagnostic)
          --per file: names, dates, labels, empties, references
          --per policy folder: duplicate versions, supersedes chain--> sorted diagnostics

Errors make `policykit check` exit 1; warnings (references to SOPs not in the
policies folder) do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from toolkit.errors import ParseError
from toolkit.library import (
    cycle_message,
    is_safe_name,
    policy_folders,
    version_files,
)
from toolkit.model import Clause, Definition, Node, Section, Version
from toolkit.numbering import SCHEMES, OrderKey, extends
from toolkit.parse import did_you_mean, front_matter_lines, numbered_items, read_version
from toolkit.tree import walk_version

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file."""

    source: str
    """The file (or folder) it is in, as given."""
    line: int | None
    """1-based line, None when the problem has no line (a missing file)."""
    severity: Severity
    """error (exit 1) or warning."""
    message: str
    """One sentence naming the bad value."""

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


def check_paths(paths: Sequence[Path]) -> list[Diagnostic]:
    """Check files and folders (a policies folder, or one policy's folder); sorted by file and line."""
    diagnostics: list[Diagnostic] = []
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = expand_folder(path)
            files.extend(found)
            if not found:
                diagnostics.append(Diagnostic(str(path), None, "error", NO_POLICY_FILES))
        elif path.is_file():
            files.append(path)
        else:
            diagnostics.append(Diagnostic(str(path), None, "error", "no such file or folder"))
    wanted = _unique(files)
    diagnostics.extend(_check_files(wanted))
    return sorted(diagnostics, key=lambda d: (d.source, d.line or 0, d.message))


NO_POLICY_FILES = "no policy files here: a policy file is policies/<id>/<version>.md"
"""What check and fmt say about a folder with no version files in it or its policy folders."""


def expand_folder(folder: Path) -> list[Path]:
    """The version files in a policy folder, or in every policy folder of a policies folder.

    A project folder holding a `policies` folder stands for that folder (`policykit check .`).
    """
    if (folder / "policies").is_dir():
        folder = folder / "policies"
    files = version_files(folder)
    for child in policy_folders(folder):
        files.extend(version_files(child))
    return files


def has_errors(diagnostics: Sequence[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.severity == "error" for d in diagnostics)


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _File:
    """One version file: its path as given, its text lines for front matter positions, its tree."""

    path: Path
    version: Version | None
    keys: dict[str, int]

    def at(self, key: str) -> int:
        return self.keys.get(key, 1)


def _unique(files: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in files:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    return unique


def _read(path: Path, diagnostics: list[Diagnostic]) -> _File:
    try:
        version = read_version(path)
    except ParseError as error:
        diagnostics.append(Diagnostic(str(path), error.line, "error", error.message))
        return _File(path, None, {})
    return _File(path, version, front_matter_lines(path.read_text(encoding="utf-8")))


def _check_files(paths: list[Path]) -> Iterator[Diagnostic]:
    found: list[Diagnostic] = []
    files = {path.resolve(): _read(path, found) for path in paths}
    yield from found
    for folder in sorted({path.resolve().parent for path in paths}):
        siblings = [files.get(path.resolve()) or _read(path, []) for path in version_files(folder)]
        wanted = [f for f in siblings if f.path.resolve() in files]
        yield from _check_folder(siblings, wanted)
    for file in files.values():
        if file.version is not None:
            yield from _check_version(file, _known_policies(file.path))


# --- one policy folder ------------------------------------------------------------------------


def _check_folder(siblings: list[_File], wanted: list[_File]) -> Iterator[Diagnostic]:
    """Duplicate versions and the supersedes chain, reported on the files asked about."""
    # A file named after its version owns that version; other claimants are the duplicates.
    readable = sorted(
        (f for f in siblings if f.version is not None),
        key=lambda f: f.version is None or f.version.version != f.path.stem,
    )
    by_name: dict[str, _File] = {}
    duplicates: set[Path] = set()
    for file in readable:
        assert file.version is not None
        name = file.version.version
        if name in by_name:
            duplicates.add(file.path)
            if file in wanted:
                # Same folder: name the other file the way this one was named.
                other = file.path.parent / by_name[name].path.name
                yield _error(file, "version", f'version "{name}" is also claimed by {other}')
        else:
            by_name[name] = file
    for file in wanted:
        if file.version is not None and file.path not in duplicates:
            yield from _check_file_name(file)
    yield from _check_supersedes(by_name, wanted)


def _check_file_name(file: _File) -> Iterator[Diagnostic]:
    assert file.version is not None
    name = file.version.version
    if is_safe_name(name) and name != file.path.stem:
        yield _error(
            file, "version", f'version "{name}" does not match the file name "{file.path.name}"'
        )


def _check_supersedes(by_name: dict[str, _File], wanted: list[_File]) -> Iterator[Diagnostic]:
    versions = {name: file.version for name, file in by_name.items() if file.version is not None}
    reported: set[str] = set()
    for file in wanted:
        version = file.version
        if version is None or version.supersedes is None or version.version in reported:
            continue
        if version.supersedes not in versions:
            hint = did_you_mean(version.supersedes, versions)
            message = (
                f'supersedes "{version.supersedes}", but policy {version.policy} '
                f"has no such version{hint}"
            )
            yield _error(file, "supersedes", message)
            continue
        cycle = _cycle_from(version, versions)
        if cycle and not reported & cycle:
            reported |= cycle
            yield _error(file, "supersedes", cycle_message(version, versions))


def _cycle_from(version: Version, versions: dict[str, Version]) -> set[str]:
    """The names in the cycle that `version` belongs to, or an empty set."""
    seen: list[str] = [version.version]
    current = version
    while current.supersedes is not None and current.supersedes in versions:
        if current.supersedes == version.version:
            return set(seen)
        if current.supersedes in seen:
            return set()
        seen.append(current.supersedes)
        current = versions[current.supersedes]
    return set()


# --- one version ------------------------------------------------------------------------------


def _check_version(file: _File, known: set[str]) -> Iterator[Diagnostic]:
    checks: tuple[Callable[[_File], Iterator[Diagnostic]], ...] = (
        _check_names,
        _check_dates,
        _check_sections,
        _check_addresses,
        _check_labels,
        _check_empty,
        _check_ids,
        _check_numbered_items,
    )
    for check in checks:
        yield from check(file)
    yield from _check_references(file, known)


def _check_names(file: _File) -> Iterator[Diagnostic]:
    version = _version(file)
    folder = file.path.resolve().parent.name
    if not is_safe_name(version.policy):
        yield _error(file, "id", f'policy id "{version.policy}" is not a safe name{_SAFE}')
    elif version.policy != folder:
        yield _error(file, "id", f'id "{version.policy}" does not match the folder "{folder}"')
    if not is_safe_name(version.version):
        yield _error(file, "version", f'version "{version.version}" is not a safe name{_SAFE}')


_SAFE = " (use letters, digits, '.', '_' and '-', starting with a letter or digit)"


def _check_dates(file: _File) -> Iterator[Diagnostic]:
    # A date that is not an ISO calendar date is a parse error; only a missing one is left.
    version = _version(file)
    if version.effective is None and version.status != "draft":
        message = f'a version with status "{version.status}" has no effective date'
        yield Diagnostic(str(file.path), file.at("effective"), "warning", message)


def _check_sections(file: _File) -> Iterator[Diagnostic]:
    """Numbers fit the version's scheme, nest under the number they extend, and run in order."""
    version = _version(file)
    if not is_safe_name(version.policy):
        return  # already reported once, as the unsafe id
    scheme = SCHEMES[version.scheme]
    yield from _check_guessed_headed(file)
    by_address = {section.address: section for section in version.sections}
    previous: tuple[OrderKey, str] | None = None
    for section in version.sections:
        if not scheme.fits(version.policy, section.number):
            expected = scheme.expected(version.policy)
            yield _at(file, section.line, f'section number "{section.number}" should be {expected}')
            continue
        yield from _check_nesting(file, section, by_address.get(section.parent or ""))
        order = scheme.order(version.policy, section.number)
        # Gaps are fine (a number may stay free for a rescinded section); going back is not.
        if order is not None and previous is not None and order <= previous[0]:
            message = f"section {section.number} comes after {previous[1]}; sections run in order"
            yield Diagnostic(str(file.path), section.line, "warning", message)
        if order is not None:
            previous = (order, section.number)


def _check_guessed_headed(file: _File) -> Iterator[Diagnostic]:
    """A first heading without a number makes every section unnumbered: say so, in case it is
    a mistyped number (`2-55–1` with an en dash) rather than a chapter title."""
    version = _version(file)
    if version.numbering is None and version.scheme == "headed" and version.sections:
        first = version.sections[0]
        message = (
            f'the first section heading "{first.title}" has no number, so every section is read '
            f'as unnumbered; write "numbering: headed" in the front matter if that is meant'
        )
        yield Diagnostic(str(file.path), first.line, "warning", message)


def _check_nesting(file: _File, section: Section, parent: Section | None) -> Iterator[Diagnostic]:
    """A `###` section sits one level under the section whose number it extends."""
    if section.level == 2:
        return
    marks = "#" * section.level
    if parent is None:
        yield _at(file, section.line, f'section "{section.number}" is a {marks} heading with no '
                  f"section above it to nest in; start with a ## section")
    elif parent.level != section.level - 1:
        yield _at(file, section.line, f'section "{section.number}" is a {marks} heading under a '
                  f"{'#' * parent.level} one; nest one level at a time")
    elif not extends(section.number, parent.number):
        yield _at(file, section.line, f'section number "{section.number}" does not extend '
                  f'"{parent.number}", the section it is nested in (line {parent.line})')


def _check_addresses(file: _File) -> Iterator[Diagnostic]:
    """Every address is unique in a version: a clause `1` of `300.3` is not section `300.3.1`."""
    seen: dict[str, Node] = {}
    for node in sorted(walk_version(_version(file)), key=lambda n: n.line):
        first = seen.setdefault(node.address, node)
        if first is not node:
            what = "section" if isinstance(first, Section) else "clause"
            yield _at(file, node.line, f'address "{node.address}" repeats the address of the '
                      f"{what} at line {first.line}")


def _check_empty(file: _File) -> Iterator[Diagnostic]:
    version = _version(file)
    for node in walk_version(version):
        if isinstance(node, Clause) and not node.text and not node.children:
            what = f'clause "{node.label}."' if node.label else "list item"
            yield _at(file, node.line, f"{what} is empty")
    for definition in version.definitions:
        if not definition.definition:
            yield _at(file, definition.line, f'definition "{definition.term}" is empty')


def _check_ids(file: _File) -> Iterator[Diagnostic]:
    version = _version(file)
    seen: dict[str, int] = {}
    nodes: list[Node | Definition] = [*walk_version(version), *version.definitions]
    for node in sorted(nodes, key=lambda n: n.line):
        if node.id is None:
            continue
        if node.id in seen:
            yield _at(file, node.line, f'id "#{node.id}" repeats the id at line {seen[node.id]}')
        else:
            seen[node.id] = node.line


def _check_numbered_items(file: _File) -> Iterator[Diagnostic]:
    """Warn where `1. text` makes a numbered list: its number is no label, and viewers renumber it."""
    for line, number in numbered_items(file.path.read_text(encoding="utf-8")):
        message = (
            f'"{number}" starts a numbered list item, which is not a clause label; '
            f'write "- **{number.rstrip(".)")}.** …"'
        )
        yield Diagnostic(str(file.path), line, "warning", message)


# --- labels -----------------------------------------------------------------------------------


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman(label: str) -> int | None:
    """The value of a lower-case roman numeral up to 399 written canonically, else None."""
    total = 0
    values = [_ROMAN.get(char) for char in label]
    if not label or None in values:
        return None
    numbers = [v for v in values if v is not None]
    for index, value in enumerate(numbers):
        following = numbers[index + 1] if index + 1 < len(numbers) else 0
        total += -value if value < following else value
    return total if total > 0 and _to_roman(total) == label else None


def _to_roman(number: int) -> str:
    out = ""
    for value, text in (
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while number >= value:
            out += text
            number -= value
    return out


def _letter(label: str) -> int | None:
    """a=1 … z=26, then aa=27 … zz=52 (how long SOP lists go on)."""
    if len(label) == 1 and label.isalpha():
        return ord(label) - ord("a") + 1
    if len(label) == 2 and label[0] == label[1] and label.isalpha():
        return 26 + ord(label[0]) - ord("a") + 1
    return None


@dataclass(frozen=True)
class _Style:
    name: str
    ordinal: Callable[[str], int | None]
    spell: Callable[[int], str]


def _spell_letter(number: int) -> str:
    letter = chr(ord("a") + (number - 1) % 26)
    return letter if number <= 26 else letter * 2


_STYLES = (
    _Style("numbers (1., 2., 3.)", lambda s: int(s) if s.isdigit() else None, str),
    _Style(
        "upper-case letters (A., B., C.)",
        lambda s: _letter(s.lower()) if s.isupper() else None,
        lambda n: _spell_letter(n).upper(),
    ),
    _Style(
        "lower-case letters (a., b., c.)",
        lambda s: _letter(s) if s.islower() else None,
        _spell_letter,
    ),
    _Style(
        "upper-case roman numerals (I., II., III.)",
        lambda s: _roman(s.lower()) if s.isupper() else None,
        lambda n: _to_roman(n).upper(),
    ),
    _Style(
        "lower-case roman numerals (i., ii., iii.)",
        lambda s: _roman(s) if s.islower() else None,
        _to_roman,
    ),
)


def _check_labels(file: _File) -> Iterator[Diagnostic]:
    for node in walk_version(_version(file)):
        labelled = [child for child in node.children if child.label is not None]
        if labelled:
            yield from _check_siblings(file, labelled)


def _check_siblings(file: _File, clauses: list[Clause]) -> Iterator[Diagnostic]:
    """Duplicates, then the one style the siblings share, then their sequence."""
    first_at: dict[str, int] = {}
    unique: list[Clause] = []
    for clause in clauses:
        label = clause.label or ""
        if label in first_at:
            yield _at(
                file,
                clause.line,
                f'clause label "{label}." repeats "{label}." at line {first_at[label]}',
            )
        else:
            first_at[label] = clause.line
            unique.append(clause)
    style = _best_style([c.label or "" for c in unique])
    expected = 1
    for clause in unique:
        label = clause.label or ""
        ordinal = style.ordinal(label)
        if ordinal is None:
            yield _at(
                file,
                clause.line,
                f'clause label "{label}." does not match its siblings\' style, {style.name}',
            )
            expected += 1
            continue
        if ordinal != expected:
            yield _at(
                file,
                clause.line,
                f'clause label "{label}." is out of sequence: expected "{style.spell(expected)}."',
            )
        expected = ordinal + 1


def _best_style(labels: list[str]) -> _Style:
    """The style most labels fit, preferring the one they follow in sequence (`i`: roman or letter)."""

    def score(style: _Style) -> tuple[int, int]:
        ordinals = [style.ordinal(label) for label in labels]
        in_sequence = sum(1 for index, value in enumerate(ordinals) if value == index + 1)
        return sum(1 for value in ordinals if value is not None), in_sequence

    return max(_STYLES, key=score)


# --- references -------------------------------------------------------------------------------


_SOP_ID = re.compile(r"\d+-\d+")
_SOP_REFERENCE = re.compile(r"\bSOPs?\s+(\d+-\d+)(?!\d)")


def _known_policies(path: Path) -> set[str]:
    policies = path.resolve().parent.parent
    return {folder.name for folder in policy_folders(policies)} if policies.is_dir() else set()


def _check_references(file: _File, known: set[str]) -> Iterator[Diagnostic]:
    """A warning for the first mention of each SOP that has no folder in policies/."""
    version = _version(file)
    warned: set[str] = set()
    for sop, line in _sop_mentions(file, version):
        if sop not in known and sop != version.policy and sop not in warned:
            warned.add(sop)
            folder = file.path.resolve().parent.parent.name
            yield Diagnostic(str(file.path), line, "warning", f"SOP {sop} is not in {folder}/")


def _sop_mentions(file: _File, version: Version) -> Iterator[tuple[str, int]]:
    text_lines = _text_lines(file.path)
    for reference in version.meta.related:
        if _SOP_ID.fullmatch(reference.id):
            yield reference.id, _line_mentioning(text_lines, reference.id, file.at("related"))
    nodes: list[Node | Definition] = [*walk_version(version), *version.definitions]
    for node in sorted(nodes, key=lambda n: n.line):
        text = node.definition if isinstance(node, Definition) else node.text
        for match in _SOP_REFERENCE.finditer(text):
            yield match.group(1), node.line


def _text_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def _line_mentioning(lines: list[str], needle: str, start: int) -> int:
    for index in range(start - 1, len(lines)):
        if needle in lines[index]:
            return index + 1
    return start


# --- building diagnostics ---------------------------------------------------------------------


def _version(file: _File) -> Version:
    assert file.version is not None
    return file.version


def _error(file: _File, key: str, message: str) -> Diagnostic:
    return Diagnostic(str(file.path), file.at(key), "error", message)


def _at(file: _File, line: int, message: str) -> Diagnostic:
    return Diagnostic(str(file.path), line, "error", message)
