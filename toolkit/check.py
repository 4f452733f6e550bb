"""Lint policy files: every problem as one `file:line: message` diagnostic, never a traceback.

    paths --expand--> version files --read once, parse--> Version (or a ParseError diagnostic)
          --per file: names, dates, labels, empties, silent mistakes (dotless label, odd indent)
          --per policy folder: duplicate versions, supersedes chain
          --per policies folder: SOPs mentioned but not held, one each--> sorted diagnostics

Errors make `policykit check` exit 1; warnings (references to SOPs not in the
policies folder nor in its `.external.yml`) do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from toolkit.amendment import (
    address_problems,
    conflict_problems,
    is_amendment_file,
    read_amendment,
    repeated_section_problems,
)
from toolkit.cache import cache_key
from toolkit.errors import LibraryError, ParseError, PolicyKitError
from toolkit.files import is_safe_name, read_text_file
from toolkit.library import (
    EXTERNAL_FILE,
    Parser,
    amendment_files,
    cycle_message,
    order_versions,
    policy_folders,
    read_external_policies,
    version_files,
)
from toolkit.model import Amendment, Clause, Definition, Node, Policy, Section, Version
from toolkit.numbering import SCHEMES, OrderKey, extends, infer_numbering, unnumbered
from toolkit.parallel import run_in_parallel
from toolkit.parse import did_you_mean, front_matter_lines, numbered_items
from toolkit.timeline import amendments_of, is_approved, today_iso
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


def check_paths(paths: Sequence[Path], parser: Parser | None = None) -> list[Diagnostic]:
    """Check files and folders (a policies folder, or one policy's folder); sorted by file and line.

    Give a `parser` to keep the trees read here (a build reuses them, see `library.Parser`).
    """
    diagnostics: list[Diagnostic] = []
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = expand_folder(path)
            files.extend(found)
            if not found:
                diagnostics.append(Diagnostic(str(path), None, "error", NO_POLICY_FILES))
        elif path.exists():
            files.append(path)  # the guarded reader names what a FIFO or a device is
        else:
            diagnostics.append(Diagnostic(str(path), None, "error", "no such file or folder"))
    wanted = _unique(files)
    diagnostics.extend(_check_files(wanted, parser or Parser()))
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
    """One version file: its path as given, its tree, its front matter positions and its text."""

    path: Path
    version: Version | None
    keys: dict[str, int]
    text: str = ""
    """The file as read once: the rules that need line positions look here, not on disk."""

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


def _read(path: Path, diagnostics: list[Diagnostic], parser: Parser) -> _File:
    try:
        text = read_text_file(path)
        version = parser.parse(text, str(path))
    except PolicyKitError as error:
        diagnostics.append(Diagnostic(str(path), error.line, "error", error.message))
        return _File(path, None, {})
    return _File(path, version, front_matter_lines(text), text)


def _check_files(paths: list[Path], parser: Parser) -> Iterator[Diagnostic]:
    found: list[Diagnostic] = []
    amendments = [path for path in paths if is_amendment_file(path)]
    paths = [path for path in paths if path not in amendments]
    parser.prime(paths)
    files = {path.resolve(): _read(path, found, parser) for path in paths}
    yield from found
    for folder in sorted({path.resolve().parent for path in [*paths, *amendments]}):
        siblings = [files.get(path.resolve()) or _read(path, [], parser)
                    for path in version_files(folder)]
        wanted = [f for f in siblings if f.path.resolve() in files]
        yield from _check_folder(siblings, wanted)
        yield from check_in_force(siblings, wanted, _amendment_paths(folder, amendments, wanted))
    yield from _check_versions([file for file in files.values() if file.version is not None],
                               parser)
    yield from _check_missing_policies(list(files.values()))


def _check_versions(files: list[_File], parser: Parser) -> Iterator[Diagnostic]:
    """The per-file rules of every file: in parallel, and kept in the parser's cache."""
    cache = parser.cache
    # With no cache there is nothing to look up, so no key is made (a key hashes our sources).
    keys = [] if cache is None else [
        cache_key("check", str(file.path), str(file.path.resolve()), file.text, today_iso())
        for file in files]
    found: list[list[Diagnostic] | None] = (
        [None] * len(files) if cache is None else [cache.get("check", key) for key in keys])
    missing = [index for index, diagnostics in enumerate(found) if diagnostics is None]
    computed = run_in_parallel(lambda index: list(_check_version(files[index])), missing,
                               parser.jobs)
    for index, diagnostics in zip(missing, computed, strict=True):
        found[index] = diagnostics
        if cache is not None:
            cache.put("check", keys[index], diagnostics)
    for listed in found:
        yield from listed or []


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


def _check_version(file: _File) -> Iterator[Diagnostic]:
    checks: tuple[Callable[[_File], Iterator[Diagnostic]], ...] = (
        _check_names,
        _check_dates,
        _check_sections,
        _check_addresses,
        _check_labels,
        _check_empty,
        _check_ids,
        _check_numbered_items,
        _check_section_titles,
        _check_indentation,
        _check_labels_without_dots,
    )
    for check in checks:
        yield from check(file)


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
        if section.number and not scheme.fits(version.policy, section.number):
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
        numbered = next(((s, scheme) for s in version.sections[1:] if not unnumbered(s.title)
                         and (scheme := infer_numbering(s.title)) != "headed"), None)
        if numbered and unnumbered(first.title):
            section, scheme = numbered
            message += (f', or "numbering: {scheme}" if "{section.title}" (line {section.line}) '
                        f"is numbered")
        yield Diagnostic(str(file.path), first.line, "warning", message)


def _check_nesting(file: _File, section: Section, parent: Section | None) -> Iterator[Diagnostic]:
    """A `###` section sits one level under the section it nests in, and a numbered one under
    the section whose number it extends (an unnumbered one under any)."""
    if section.level == 2:
        return
    marks = "#" * section.level
    name = section.number or section.title
    if parent is None:
        yield _at(file, section.line, f'section "{name}" is a {marks} heading with no '
                  f"section above it to nest in; start with a ## section")
    elif parent.level != section.level - 1:
        yield _at(file, section.line, f'section "{name}" is a {marks} heading under a '
                  f"{'#' * parent.level} one; nest one level at a time")
    elif section.number and not extends(section.number, parent.number):
        yield _at(file, section.line, f'section number "{section.number}" does not extend '
                  f'"{parent.number or parent.title}", the section it is nested in '
                  f"(line {parent.line})")


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


_MAY_NUMBER = re.compile(r"^[ \t>*+-]*\d{1,9}[.)](?:[ \t]|$)", re.MULTILINE)
"""A line that could open a numbered list item (after quote and list markers); a text with
none needs no second markdown parse to show it has no numbered items."""


def _check_numbered_items(file: _File) -> Iterator[Diagnostic]:
    """Warn where `1. text` makes a numbered list: its number is no label, and viewers renumber it."""
    if not _MAY_NUMBER.search(file.text):
        return
    for line, number in numbered_items(file.text):
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
    misindented = {clause.line for clause, _ in _misindented_clauses(file)}
    counted: tuple[str, int] | None = None  # the last section's list: its style and last ordinal
    for node in walk_version(_version(file)):
        labelled = _labelled_children(node)
        start = 1
        if isinstance(node, Section) and labelled:
            start = continued_count([c.label or "" for c in labelled], counted)
            counted = last_count([c.label or "" for c in labelled]) or counted
        # A mis-indented clause joins the wrong siblings; its indentation is the one message.
        if labelled and not misindented & {child.line for child in labelled}:
            yield from _check_siblings(file, labelled, start)


def continued_count(labels: list[str], counted: tuple[str, int] | None) -> int:
    """Where a section's list starts counting: 1, or past the last section's list of the same
    style where it goes on from it (`5.`, `6.` after a section that ended at `4.`: paragraphs
    numbered through the chapter, as New Orleans' manual numbers them)."""
    style = _best_style(labels)
    first = style.ordinal(labels[0]) if labels else None
    if counted and counted[0] == style.name and first == counted[1] + 1 and first > 1:
        return first
    return 1


def last_count(labels: list[str]) -> tuple[str, int] | None:
    """A section list's style and its last label's ordinal, if that label fits the style."""
    style = _best_style(labels)
    last = style.ordinal(labels[-1]) if labels else None
    return (style.name, last) if last is not None else None


def _check_siblings(file: _File, clauses: list[Clause], start: int = 1
                    ) -> Iterator[Diagnostic]:
    """Duplicates, then the one style the siblings share, then their sequence from `start`."""
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
    expected = start
    for at, clause in enumerate(unique):
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
        expected = _next_expected(style, unique, at, ordinal, expected)


def _next_expected(
    style: _Style, clauses: list[Clause], at: int, ordinal: int, expected: int
) -> int:
    """The ordinal the clause after `clauses[at]` should have: two swapped neighbours (`D.`,
    `C.`) are two errors, not a third one blamed on the correct `E.` after them."""

    def neighbour(index: int) -> int | None:
        return style.ordinal(clauses[index].label or "") if 0 <= index < len(clauses) else None

    if ordinal == expected + 1 and neighbour(at + 1) == expected:
        return ordinal  # the first of a swapped pair: its partner belongs here
    if ordinal == expected - 1 and neighbour(at - 1) == expected:
        return expected + 1  # the second of the pair: carry on after both
    return ordinal + 1


def _best_style(labels: list[str]) -> _Style:
    """The style most labels fit, preferring the one they follow in sequence (`i`: roman or letter)."""

    def score(style: _Style) -> tuple[int, int]:
        ordinals = [style.ordinal(label) for label in labels]
        in_sequence = sum(1 for index, value in enumerate(ordinals) if value == index + 1)
        return sum(1 for value in ordinals if value is not None), in_sequence

    return max(_STYLES, key=score)


# --- silent authoring mistakes: they parse, but not as the writer meant --------------------

_DOTLESS_LABEL = re.compile(r"\*\*([0-9]{1,6}|([A-Za-z])\2?|[ivxlc]{1,8}|[IVXLC]{1,8})\*\*(?=\s|$)")
"""`**2** text`: bold like a label, but with no dot it is read as an unlabelled paragraph."""


def _dotless_label(clause: Clause) -> str | None:
    found = _DOTLESS_LABEL.match(clause.text) if clause.label is None else None
    return found.group(1) if found else None


def _labelled_children(node: Node) -> list[Clause]:
    """The labelled children of a node, a dotless `**2**` counted as the label it was meant to be,
    so its siblings' sequence is checked as written and it draws only its own message."""
    children: list[Clause] = []
    for child in node.children:
        meant = _dotless_label(child)
        if child.label is not None or meant is not None:
            children.append(child if meant is None else replace(child, label=meant))
    return children


def _check_labels_without_dots(file: _File) -> Iterator[Diagnostic]:
    for node in walk_version(_version(file)):
        if isinstance(node, Clause) and (label := _dotless_label(node)) is not None:
            yield _at(file, node.line, f"label `**{label}**` has no dot; write `**{label}.**`")


def _check_section_titles(file: _File) -> Iterator[Diagnostic]:
    # A one-word heading with no digit (`## Guidelines`) is a title with no number, reported so.
    for section in _version(file).sections:
        if not section.title and any(char.isdigit() for char in section.number):
            message = f"section {section.number} has no title; write '## {section.number} <title>'"
            yield _at(file, section.line, message)


_LIST_MARKER = re.compile(r"( *)[-*+](?:[ \t]|$)")


def _misindented_clauses(file: _File) -> list[tuple[Clause, int]]:
    """Clauses whose list marker sits an odd number of spaces in, with that number.

    Two spaces a level is the format; an odd indent moves a clause to a level its writer did
    not mean (three spaces under `- **2.**` makes a sibling of it), so it is named at its line.
    """
    lines = file.text.split("\n")
    found: list[tuple[Clause, int]] = []
    for node in walk_version(_version(file)):
        text = lines[node.line - 1] if isinstance(node, Clause) and node.line <= len(lines) else ""
        marker = _LIST_MARKER.match(text)
        if isinstance(node, Clause) and marker and len(marker.group(1)) % 2:
            found.append((node, len(marker.group(1))))
    return found


def _check_indentation(file: _File) -> Iterator[Diagnostic]:
    for clause, spaces in _misindented_clauses(file):
        below = spaces - 1
        message = (
            f"list item indented by {spaces} space{'s' if spaces > 1 else ''}; indent clauses by two spaces per level "
            f"({below} or {below + 2} here)"
        )
        yield _at(file, clause.line, message)


# --- references -------------------------------------------------------------------------------


_SOP_ID = re.compile(r"\d+-\d+")
_SOP_REFERENCE = re.compile(r"\bSOPs?\s+(\d+-\d+)(?!\d)")


def _known_policies(policies: Path) -> set[str]:
    return {folder.name for folder in policy_folders(policies)} if policies.is_dir() else set()


@dataclass
class _Mentions:
    """Where one policies folder's text mentions one SOP it does not hold."""

    first: tuple[str, int]
    """File and line of the first mention."""
    count: int = 0
    files: set[str] = field(default_factory=set)


def _check_missing_policies(files: list[_File]) -> Iterator[Diagnostic]:
    """One warning per SOP that is mentioned but has no folder in policies/ (nor an entry in
    its `.external.yml`), at its first mention, with how often and in how many files."""
    missing: dict[tuple[Path, str], _Mentions] = {}
    kept_elsewhere: dict[Path, set[str]] = {}
    for file in sorted(files, key=lambda f: str(f.path)):
        if file.version is None:
            continue
        policies = file.path.resolve().parent.parent
        if policies not in kept_elsewhere:
            known, diagnostics = _known_or_elsewhere(file.path.parent.parent)
            kept_elsewhere[policies] = known
            yield from diagnostics
        for sop, line in _sop_mentions(file, file.version):
            if sop in kept_elsewhere[policies] or sop == file.version.policy:
                continue
            mentions = missing.setdefault((policies, sop), _Mentions((str(file.path), line)))
            mentions.count += 1
            mentions.files.add(str(file.path))
    for (policies, sop), mentions in missing.items():
        yield Diagnostic(
            *mentions.first, "warning", f"SOP {sop} is not in {policies.name}/{_tally(mentions)}"
        )


def _tally(mentions: _Mentions) -> str:
    if mentions.count == 1:
        return ""
    where = f" in {len(mentions.files)} files" if len(mentions.files) > 1 else ""
    return f" ({mentions.count} mentions{where}; the first is here)"


def _known_or_elsewhere(policies: Path) -> tuple[set[str], list[Diagnostic]]:
    """The policies a folder holds or lists in `.external.yml`; a broken list is an error."""
    known = _known_policies(policies.resolve())
    try:
        return known | set(read_external_policies(policies)), []
    except PolicyKitError as error:
        source = error.source or str(policies / EXTERNAL_FILE)
        return known, [Diagnostic(source, error.line, "error", error.message)]


def _sop_mentions(file: _File, version: Version) -> Iterator[tuple[str, int]]:
    text_lines = file.text.split("\n")
    for reference in version.meta.related:
        if _SOP_ID.fullmatch(reference.id):
            yield reference.id, _line_mentioning(text_lines, reference.id, file.at("related"))
    nodes: list[Node | Definition] = [*walk_version(version), *version.definitions]
    for node in sorted(nodes, key=lambda n: n.line):
        text = node.definition if isinstance(node, Definition) else node.text
        for match in _SOP_REFERENCE.finditer(text):
            yield match.group(1), node.line


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


# --- in force: dates, status, amendments --------------------------------------------------------
# A version is in force from its date until the next one's (site/authoring.md, "Dates and
# status"): these rules find what would put two texts in force on one day, a status the dates
# contradict, and amendments that cannot be applied.


def _amendment_paths(folder: Path, asked: list[Path], wanted: list[_File]) -> list[Path]:
    """The amendment files of a folder being checked (every one: they change its versions),
    named the way the user named the folder's files."""
    mine = [path for path in asked if path.resolve().parent == folder]
    shown = (wanted[0].path.parent if wanted else mine[0].parent if mine else folder)
    return [shown / path.name for path in amendment_files(folder)]


def check_in_force(
    siblings: list[_File], wanted: list[_File], amendment_paths: list[Path]
) -> Iterator[Diagnostic]:
    """Timeline rules for one policy folder, reported on the files asked about."""
    readable = [f for f in siblings if f.version is not None]
    if len(readable) < len(siblings):
        return  # a file that cannot be read leaves the timeline unknown (parse checks dates)
    try:
        order_versions([_version(f) for f in readable])
    except LibraryError:
        return  # a dangling or circular supersedes is reported already
    by_name = {_version(f).version: f for f in readable}
    report = {f.path.resolve() for f in wanted}
    problems = [*_same_day(readable), *_chain(readable, by_name), *_status_dates(readable, by_name)]
    yield from (d for d in problems if Path(d.source).resolve() in report)
    yield from _check_amendments(amendment_paths, by_name)


def _approved(files: list[_File]) -> list[_File]:
    return [f for f in files if is_approved(_version(f))]


def _same_day(files: list[_File]) -> Iterator[Diagnostic]:
    first: dict[str, _File] = {}
    for file in sorted(_approved(files), key=lambda f: _version(f).version):
        day = _version(file).effective
        if day is None:
            continue
        if day in first:
            other = _version(first[day]).version
            yield _error(file, "effective",
                         f'version "{_version(file).version}" takes effect on {day}, the same day '
                         f'as version "{other}": two versions would be in force that day')
        else:
            first[day] = file


def _chain(files: list[_File], by_name: dict[str, _File]) -> Iterator[Diagnostic]:
    """Approved versions must form one line: one first version, each superseded at most once."""
    approved = sorted(_approved(files), key=lambda f: _version(f).version)
    roots = [f for f in approved if _version(f).supersedes is None]
    for file in roots[1:]:
        yield _error(file, "status",
                     f'versions "{_version(roots[0]).version}" and "{_version(file).version}" '
                     "supersede nothing, so both would be in force; write which one "
                     f'"{_version(file).version}" supersedes')
    successors: dict[str, _File] = {}
    for file in approved:
        version = _version(file)
        if version.supersedes is None or version.supersedes not in by_name:
            continue
        if version.supersedes in successors:
            other = _version(successors[version.supersedes]).version
            yield _error(file, "supersedes",
                         f'versions "{other}" and "{version.version}" both supersede '
                         f'"{version.supersedes}", so both would be in force; one must supersede '
                         "the other")
        else:
            successors[version.supersedes] = file
        yield from _date_order(file, _version(by_name[version.supersedes]))


def _date_order(file: _File, older: Version) -> Iterator[Diagnostic]:
    version = _version(file)
    if version.effective and older.effective and version.effective < older.effective:
        yield _error(file, "effective",
                     f"takes effect on {version.effective}, before version "
                     f'"{older.version}" ({older.effective}), which it supersedes')


def _status_dates(files: list[_File], by_name: dict[str, _File]) -> Iterator[Diagnostic]:
    """A written `superseded` must agree with the dates; `effective` is always accepted."""
    today = today_iso()
    successors = {_version(f).supersedes: _version(f) for f in _approved(files)}
    for file in files:
        version = _version(file)
        if version.status != "superseded":
            continue
        following = successors.get(version.version)
        if following is None:
            yield _error(file, "status",
                         f'status "superseded", but no version supersedes "{version.version}"; '
                         "write status: effective")
        elif following.effective is not None and following.effective > today:
            yield _error(file, "status",
                         f'status "superseded", but version "{following.version}" takes effect '
                         f'on {following.effective}, so "{version.version}" is in force until '
                         "then; write status: effective (the site shows when it is replaced)")


def _check_amendments(paths: list[Path], by_name: dict[str, _File]) -> Iterator[Diagnostic]:
    read: list[tuple[Amendment, dict[str, int]]] = []
    for path in paths:
        try:
            amendment = read_amendment(path)
        except ParseError as error:
            yield Diagnostic(str(path), error.line, "error", error.message)
            continue
        keys = front_matter_lines(read_text_file(path))
        read.append((amendment, keys))
        yield from _amendment_names(amendment, path, keys, by_name)
        yield from _amendment_target(amendment, keys, by_name)
    yield from _amendment_conflicts([a for a, _ in read], by_name)
    yield from _amendment_rescinded([a for a, _ in read], by_name)


def _amendment_error(amendment: Amendment, keys: dict[str, int], key: str,
                     message: str) -> Diagnostic:
    return Diagnostic(amendment.source, keys.get(key, 1), "error", message)


def _amendment_names(amendment: Amendment, path: Path, keys: dict[str, int],
                     by_name: dict[str, _File]) -> Iterator[Diagnostic]:
    folder = path.resolve().parent.name
    if amendment.policy != folder:
        yield _amendment_error(amendment, keys, "id",
                               f'id "{amendment.policy}" does not match the folder "{folder}"')
    if not is_safe_name(amendment.name):
        yield _amendment_error(amendment, keys, "version",
                               f'version "{amendment.name}" is not a safe name{_SAFE}')
    elif amendment.name != path.stem:
        yield _amendment_error(amendment, keys, "version",
                               f'version "{amendment.name}" does not match the file name '
                               f'"{path.name}"')
    elif amendment.name in by_name:
        yield _amendment_error(amendment, keys, "version",
                               f'version "{amendment.name}" is also the name of a version; '
                               "name the amendment after its order")


def _amendment_target(amendment: Amendment, keys: dict[str, int],
                      by_name: dict[str, _File]) -> Iterator[Diagnostic]:
    target = by_name.get(amendment.amends)
    if target is None:
        hint = did_you_mean(amendment.amends, by_name)
        yield _amendment_error(amendment, keys, "amends",
                               f'amends "{amendment.amends}", but policy {amendment.policy} has '
                               f"no such version{hint}")
        return
    version = _version(target)
    if not is_approved(version):
        yield _amendment_error(amendment, keys, "amends",
                               f'amends "{version.version}", a draft: amend a version in force')
        return
    for problem in address_problems(amendment, version):
        yield Diagnostic(amendment.source, problem.line, "error", problem.message)
    yield from _amendment_dates(amendment, keys, version, by_name)


def _amendment_dates(amendment: Amendment, keys: dict[str, int], version: Version,
                     by_name: dict[str, _File]) -> Iterator[Diagnostic]:
    day = amendment.effective
    if day is None:
        return
    if version.effective and day < version.effective:
        yield _amendment_error(amendment, keys, "effective",
                               f'takes effect on {day}, before version "{version.version}" '
                               f"({version.effective}), which it amends")
    following = [_version(f) for f in by_name.values()
                 if _version(f).supersedes == version.version and is_approved(_version(f))]
    for later in following:
        if later.effective and day >= later.effective:
            yield _amendment_error(amendment, keys, "effective",
                                   f'takes effect on {day}, but version "{later.version}" '
                                   f'replaced "{version.version}" on {later.effective}')


def _amendment_conflicts(amendments: list[Amendment],
                         by_name: dict[str, _File]) -> Iterator[Diagnostic]:
    """Two amendments of one version are in force together until the next version."""
    for name in sorted({a.amends for a in amendments if a.amends in by_name}):
        together = amendments_of(Policy(name, (), tuple(amendments)), name)
        repeated = repeated_section_problems(together, _version(by_name[name]))
        for problem in [*conflict_problems(together), *repeated]:
            yield Diagnostic(problem.amendment.source, problem.line, "error", problem.message)


def _amendment_rescinded(amendments: list[Amendment],
                         by_name: dict[str, _File]) -> Iterator[Diagnostic]:
    """The version that replaces an amended one should say it rescinds the amendment."""
    for amendment in amendments:
        for file in by_name.values():
            version = _version(file)
            if version.supersedes != amendment.amends or not is_approved(version):
                continue
            rescinded = {reference.id for reference in version.meta.rescinds}
            if amendment.number not in rescinded and amendment.name not in rescinded:
                message = (f'replaces "{amendment.amends}" but does not rescind '
                           f"{amendment.number} ({Path(amendment.source).name}), which amends it; "
                           "add it to rescinds")
                yield Diagnostic(str(file.path), file.at("rescinds") if "rescinds" in file.keys
                                 else file.at("supersedes"), "warning", message)
