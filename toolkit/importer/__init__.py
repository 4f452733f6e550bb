"""The importer: PDF-extracted SOP text to policy versions, with flattened-redline recovery.

    raw text --normalise--> lines --artifacts--> policy lines + artifacts
        --outline--> title, header tables, sections
        --items--> labelled items (orphan label columns re-attached)
        --nest--> clause trees --decode--> spans (equal text and changes)
        --assemble--> old, new and marked versions + the import report

`import_text` chains the stages; `render_import_markdown` and `import_to_json`
give the two outputs of `policykit import`.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Literal

from toolkit.errors import ImportTextError
from toolkit.files import is_safe_name
from toolkit.importer.addresses import unclash
from toolkit.importer.artifacts import column_values, split_artifacts
from toolkit.importer.assembly import (
    WHOLE_CONFIDENCE,
    Decoded,
    SanctionMap,
    build_definition,
    build_section,
    nest_dotted,
    place_sanctions,
    text_of,
    walk_nested,
)
from toolkit.importer.columns import read_items
from toolkit.importer.conform import conform_sections
from toolkit.importer.contents import contents_sides
from toolkit.importer.decision import decide_redline
from toolkit.importer.definitions import TermItem, is_definitions_title, split_terms
from toolkit.importer.document_sides import Unit, accepted, item_units, read_document
from toolkit.importer.furniture import page_starts
from toolkit.importer.glyphs import read_glyph_codes, unreadable_warning, without_glyph_codes
from toolkit.importer.header import (
    STATEMENT,
    header_columns,
    header_sides,
    join_header_values,
    pair_header_columns,
    read_header,
)
from toolkit.importer.headings import has_apd_sections, renumbered, section_addresses
from toolkit.importer.labels import FIRST_LABELS, join_lone_labels, nest_items
from toolkit.importer.listends import inserted_after_ended_lists
from toolkit.importer.moved import find_moved, strike
from toolkit.importer.normalise import control_character_warnings, normalise_text
from toolkit.importer.nouns import (
    Artifact,
    ImportChange,
    ImportResult,
    ImportWarning,
    Item,
    Line,
    Nested,
    RawSection,
    Span,
    sibling_lists,
)
from toolkit.importer.repeats import find_repeats
from toolkit.importer.sections import (
    Outline,
    captioned_number,
    first_page_line,
    numbered_title,
    order_number,
    outline_document,
    policy_title,
)
from toolkit.importer.sides import WholeSide, renumbered_clauses
from toolkit.importer.syllables import join_syllables
from toolkit.importer.vocabulary import DocumentVocabulary, read_vocabulary
from toolkit.model import NUMBERINGS, Definition, Meta, Numbering, Section, Version
from toolkit.parse import did_you_mean
from toolkit.tree import enclosing
from toolkit.tree_json import definition_to_json, meta_to_json, node_to_json

__all__ = [
    "Artifact", "ImportChange", "ImportResult", "ImportSide", "ImportWarning",
    "import_lines", "import_text", "import_to_json", "render_import_markdown",
]

ImportSide = Literal["old", "new"]
Splitter = Callable[[tuple[Line, ...]], tuple[tuple[Line, ...], tuple[Artifact, ...]]]
_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")
_OWN_STATEMENT = re.compile(r"^(?:the purpose of this|it is the (?:policy|purpose|intent) of)\b",
                            re.IGNORECASE)
"""`The purpose of this Order is to ...`, `It is the policy of ...`: a sentence that states the
policy's own purpose is policy text however short, with or without its caption."""
_PROSE_LINE_WORDS = 8
_PROSE_WORDS = 100
"""Words in lines of sentences (once in the text, this many words or more) that make text before
the first section policy text, kept as that section's text (Boston's statement on the use of
force above its rule's `Sec. 1`)."""


@dataclass(frozen=True)
class _SectionParts:
    """One section read and nested, ready to be built on any side."""

    raw: RawSection
    number: str
    text_nodes: tuple[Nested, ...]
    nodes: tuple[Nested, ...]
    terms: tuple[TermItem, ...]
    sanctions: SanctionMap


def import_text(text: str, source: str = "<string>", policy: str | None = None,
                numbering: str | None = None, redline: bool | None = None,
                first_line: int = 1, furniture: Collection[int] = ()) -> ImportResult:
    """Read raw SOP text into old and new versions, the changes found, warnings and artifacts.

    `numbering` names the scheme (apd, dotted, roman, chapter, headed) instead of finding it;
    `redline` says whether the text is a flattened redline instead of deciding from the text;
    `first_line` is the file's number of the text's first line (a directive of a compilation
    starts further down its file), so warnings and errors name the file's lines;
    `furniture`, the file's lines found to be page furniture over the whole file
    (`furniture_of`), when the text is a piece of it.
    Raises ImportTextError for input that is no raw policy text (a PDF, binary data, a policy
    markdown file, only numbers) and for a `policy` id or `numbering` that is not valid.
    """
    _refuse_unsafe_policy(policy)
    shift = first_line - 1
    try:
        _refuse_non_text(text, source)
    except ImportTextError as error:
        raise ImportTextError(error.message, source, (error.line or 1) + shift) from None
    text, lines, glyph_warnings, syllable_warnings = _read_text(text, shift)
    splitter = partial(split_artifacts, page_starts=[n + shift for n in page_starts(text)],
                       values={n + shift: value for n, value in column_values(text).items()},
                       known=furniture)
    early = [replace(warning, line=warning.line + shift)
             for warning in [*glyph_warnings, *unreadable_warning(text),
                             *control_character_warnings(text)]]
    return import_lines(lines, source, policy, splitter=splitter,
                        early_warnings=[*early, *syllable_warnings],
                        numbering=numbering, redline=redline)


def furniture_of(text: str) -> frozenset[int]:
    """The lines of a whole text that are page furniture (running headers and footers, page
    numbers), found over all its pages: a piece cut from it (one policy of a manual) is too
    short to show them repeating. The text is read as `import_text` reads it."""
    text, lines, _, _ = _read_text(text)
    _, artifacts = split_artifacts(lines, page_starts(text), column_values(text))
    return frozenset(artifact.line for artifact in artifacts
                     if artifact.kind in ("running-header", "page-number"))


def _read_text(text: str, shift: int = 0
               ) -> tuple[str, tuple[Line, ...], list[ImportWarning], list[ImportWarning]]:
    """The text with its glyph codes read, and its lines, numbered as in the file (`shift`
    lines further down for a piece of it), syllables split by extraction joined; and the
    warnings of both."""
    text, glyph_warnings = read_glyph_codes(text)
    numbered = tuple(Line(line.number + shift, line.text) for line in normalise_text(text))
    lines, syllable_warnings = join_syllables(numbered)
    return text, lines, glyph_warnings, syllable_warnings


def import_lines(lines: tuple[Line, ...], source: str = "<string>", policy: str | None = None,
                 decoder: Callable[[DocumentVocabulary], Decoded] | None = None,
                 splitter: Splitter = split_artifacts,
                 early_warnings: Sequence[ImportWarning] = (),
                 numbering: str | None = None, redline: bool | None = None) -> ImportResult:
    """`import_text` from numbered lines on: artifacts, outline, items, decoding, assembly.

    The PDF importer (`toolkit.importer.pdf`) replaces two stages with what the page says:
    `decoder`, the flattened-redline decoder, by one that knows the changes from the marks;
    `splitter`, which sets artifact lines aside, by one that knows the furniture and the
    sanction column from their positions.
    """
    _refuse_unsafe_policy(policy)
    split = splitter(lines)
    if decoder is None and numbering != "apd" and not has_apd_sections(split[0]):
        split = _sanctions_as_text(lines, *split)  # no APD SOP: no outline to read first
    kept, artifacts, outline = _outlined(lines, split, numbering)
    if decoder is None and _stray_sanctions(outline, artifacts):
        kept, artifacts, outline = _outlined(lines, _sanctions_as_text(lines, *split), numbering)
    if outline.title is None:
        raise ImportTextError("no text to import", source, lines[0].number if lines else 1)
    title = policy_title(outline.title_text, kept)
    footer = None if outline.policy else _numbered_furniture(artifacts)
    if footer and outline.title.text in {a.text for a in artifacts if a.kind == "running-header"}:
        title = policy_title(footer[1], kept)  # the page's header names the manual's part
    policy_id = policy or outline.policy or _furniture_order(artifacts) \
        or (footer and footer[0]) or _slug(title)
    header = read_header(outline.header)
    vocabulary = read_vocabulary([" ".join(line.text for line in kept)])
    decoded = decoder(vocabulary) if decoder else Decoded(vocabulary)
    warnings: list[ImportWarning] = [*early_warnings, *header.warnings,
                                     *_policy_mismatch(policy, outline.policy, outline.sections)]
    found: list[Artifact] = [*artifacts, Artifact(outline.title.number, outline.title.text, "title"),
                             *header.artifacts, *outline.contents]
    sections = outline.sections
    if sections and decoder is not None:
        sections = _preamble_into_first(sections, outline.preamble, warnings)
    elif sections:
        # Prose kept in a definitions section would be read as its terms (`SUBJECT: ...`).
        notices, prose = ((outline.preamble, ()) if is_definitions_title(sections[0].title)
                          else _prose_from(outline.preamble))
        found.extend(_preamble(notices, warnings))
        sections = _preamble_into_first(sections, prose, warnings)
    else:
        warnings.append(ImportWarning(outline.title.number, "no-sections",
                                      "no numbered sections found; the text is kept as one section"))
    scheme: Numbering = outline.scheme if outline.sections else "apd"
    # Lines the outline took (the header table, the contents) are no section's text.
    taken = {line.number for line in outline.header} | {a.line for a in outline.contents}
    untaken = [line for line in kept if line.number not in taken]
    parts = _read_sections(sections, scheme, policy_id, outline.title.number, untaken,
                           artifacts, decoded, found, warnings)
    if decoder is None:
        one_sided = sum(renumbered_clauses(part.nodes) for part in parts)
        one_sided += _renumbered_labels(parts, scheme)
        decoded = decide_redline(decoded, redline, _paragraph_lines(parts), one_sided)
        _place_whole_clauses(decoded, parts, scheme)
    _place_lead_ins(decoded, parts)
    versions = {side: _version(side, parts, policy_id, title, header.meta, source, decoded,
                               scheme)
                for side in ("old", "new", "marked")}
    if decoder is None and decoded.report and decoded.changes:
        versions = _doubled_header(versions, found, decoded, warnings)
        warnings.append(ImportWarning(outline.title.number, "redline-flattened", _FLATTENED))
    if decoder is None and decoded.report:
        found[:] = _preamble_sides(found, decoded)
        sides = contents_sides(found)
        found[:] = [replace(a, side=sides[a.line]) if a.side == "both" and a.line in sides
                    else a for a in found]
    if not decoded.changes:
        versions = {side: replace(version, version="imported") for side, version in versions.items()}
    warnings.extend(decoded.warnings)
    warnings.extend(find_repeats(_paragraphs(versions["new"])))
    versions = {side: replace(version, sections=conform_sections(version.sections))
                for side, version in versions.items()}
    return ImportResult(
        policy=policy_id, title=title, redline=bool(decoded.changes), meta=header.meta,
        scheme=scheme,
        old=versions["old"], new=versions["new"], marked=versions["marked"],
        changes=tuple(sorted(decoded.changes, key=lambda change: change.line)),
        warnings=tuple(sorted(warnings, key=lambda warning: warning.line)),
        artifacts=tuple(sorted(found, key=lambda artifact: artifact.line)),
    )


def render_import_markdown(
    result: ImportResult, side: ImportSide | None = None, version: str | None = None
) -> str:
    """Policy markdown: one clean side, or (side None) the text with changes in CriticMarkup.

    `version` names the version in the front matter (by default `old`, `new`, `redline`,
    or `imported` when there is no redline); `policykit import -o` passes the file's name.
    """
    from toolkit.write import write_markdown

    chosen = {None: result.marked, "old": result.old, "new": result.new}[side]
    return write_markdown(replace(chosen, version=version) if version else chosen)


def import_to_json(result: ImportResult) -> dict[str, Any]:
    """The `policykit import --json` contract. Keys are only ever added.

        {"policy": "2-55", "title": "Use of Force: De-escalation", "redline": true,
         "numbering": "apd",
         "meta": {"related": [{"id", "title"}], "forms": [...], "other_resources": [...],
                  "rescinds": [{"id", "title"}]},
         "old": {"definitions": [DEFINITION], "sections": [NODE]},
         "new": {"definitions": [DEFINITION], "sections": [NODE]},
         "changes": [{"line": 29, "old": "officers", "new": "sworn personnel",
                      "confidence": 0.8, "rule": "glued-words"}],
         "warnings": [{"line": 54, "code": "redline-suspect", "message": "..."}],
         "artifacts": [{"line": 48, "text": "6", "kind": "sanction"}]}

    NODE and DEFINITION are the shapes of `policykit parse --json` (toolkit.tree_json).
    Without a redline, `old` equals `new` and `changes` is empty. `line` is the 1-based
    line of the input. A change's `rule` names the evidence: case-pair, case-glue,
    glued-words, punctuation-glue, alternatives, punctuation, label-sequence (a whole clause
    on one side, told by the labels), moved-sentence (a sentence struck where it stood because
    a clause after it holds it whole), optionally followed by how
    its extent was settled (`+repeated-phrase`, `+fixed-expression`, `+sentence-opening`,
    `+sentence-shortened`, `+sentence-extended`, `+number-pair`). Changes below 0.8 also
    appear as `redline-uncertain` warnings; proposals below 0.6 are not applied and appear
    as `redline-possible` warnings. Artifact kinds: title, header-label, sanction,
    page-number, running-header, preamble, stray-text, section-number, definition-label,
    repeated-heading, contents. An artifact whose words stand on one side of a redline only
    (a PDF's struck or underlined contents line) also has `side`: old or new. Every input
    word is in `old`, `new` or `artifacts`.
    """
    return {
        "policy": result.policy,
        "title": result.title,
        "redline": result.redline,
        "numbering": result.scheme,
        "meta": meta_to_json(result.meta),
        "old": _side_json(result.old),
        "new": _side_json(result.new),
        "changes": [
            {"line": c.line, "old": c.old, "new": c.new, "confidence": c.confidence, "rule": c.rule}
            for c in result.changes
        ],
        "warnings": [{"line": w.line, "code": w.code, "message": w.message}
                     for w in result.warnings],
        "artifacts": [_artifact_json(a) for a in result.artifacts],
    }


def _artifact_json(artifact: Artifact) -> dict[str, object]:
    """An artifact on one side of a redline only names its side; one on both sides does not."""
    data: dict[str, object] = {"line": artifact.line, "text": artifact.text, "kind": artifact.kind}
    if artifact.side != "both":
        data["side"] = artifact.side
    return data


# --- input that is no raw policy text ----------------------------------------------------------


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
"""Control characters that text holds only by accident (a form feed between pages is usual)."""
_FRONT_MATTER_KEY = re.compile(r"^(?:id|title|version|status|effective)\s*:", re.MULTILINE)


def _refuse_unsafe_policy(policy: str | None) -> None:
    if policy is not None and not is_safe_name(policy):
        raise ImportTextError(
            f'policy id "{policy}" is not a safe name '
            "(use letters, digits, '.', '_' and '-', starting with a letter or digit)"
        )


def _refuse_non_text(text: str, source: str) -> None:
    """Input that would import as nonsense: say what it is instead."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("%PDF-"):
        raise ImportTextError(
            "this is a PDF file read as text; import the PDF file itself "
            "(policykit import file.pdf)",
            source,
            1,
        )
    controls = _CONTROL.findall(text)
    if controls and len(controls) > sum(1 for char in text if char.isalpha()):
        line = text.count("\n", 0, text.index(controls[0])) + 1
        raise ImportTextError(
            "binary data (more control characters than letters), not text; "
            "import the text extracted from the document",
            source,
            line,
        )
    front, _, _ = head.partition("\n---")
    if head.startswith("---") and _FRONT_MATTER_KEY.search(front):
        raise ImportTextError(
            "this is policy markdown already (it starts with front matter), not raw text; "
            "use policykit check or fmt on it",
            source,
            1,
        )
    if text.strip() and not any(char.isalpha() for char in text):
        raise ImportTextError(
            "no words to import: the text holds only numbers and punctuation", source, 1
        )


def _known_numbering(numbering: str | None) -> Numbering | None:
    for known in NUMBERINGS:
        if numbering == known:
            return known
    if numbering is None:
        return None
    hint = did_you_mean(numbering, NUMBERINGS)
    raise ImportTextError(f'unknown numbering "{numbering}"{hint}; '
                          "use apd, dotted, roman, chapter or headed")


def _policy_mismatch(given: str | None, found: str | None,
                     sections: Sequence[RawSection]) -> list[ImportWarning]:
    """--policy that the section numbers contradict: check would reject every section number."""
    if given is None or found is None or given == found or not sections:
        return []
    message = (f'--policy "{given}", but the section numbers say "{found}" '
               f'({sections[0].number}); the sections keep their numbers')
    return [ImportWarning(sections[0].line, "policy-mismatch", message)]


# --- stages glued together ----------------------------------------------------------------------


def _read_sections(
    sections: Sequence[RawSection], scheme: Numbering, policy: str, title_line: int,
    kept: Sequence[Line], artifacts: Sequence[Artifact], decoded: Decoded, found: list[Artifact],
    warnings: list[ImportWarning],
) -> list[_SectionParts]:
    if not sections:
        body = tuple(line for line in kept if line.number != title_line)
        sections = [RawSection(f"{policy}-1", "Text", title_line, body)]
    addresses = section_addresses(scheme, policy, sections)
    # A redline that renumbers its sections counts each side on its own: a number printed
    # twice is one side's each, kept apart until the sides are read (`_version`).
    apart = any(renumbered(section.title) is not None for section in sections)
    sections, addresses = _merge_repeated(sections, addresses, found, warnings, apart)
    bounds = [section.line for section in sections[1:]] + [10**9]
    sanctions = sorted((a for a in artifacts if a.kind == "sanction"), key=lambda a: a.line)
    sanction_lines = [a.line for a in sanctions]
    parts = []
    for section, address, end in zip(sections, addresses, bounds, strict=True):
        mine = sanctions[bisect_right(sanction_lines, section.line):
                         bisect_left(sanction_lines, end)]
        parts.append(_read_section(section, address, mine, decoded, found, warnings))
    return parts


def _read_section(section: RawSection, number: str, sanctions: Sequence[Artifact],
                  decoded: Decoded, found: list[Artifact],
                  warnings: list[ImportWarning]) -> _SectionParts:
    """Items, definitions, nesting and sanctions of one section."""
    items, item_warnings = read_items(section.body)
    warnings.extend(item_warnings)
    terms: tuple[TermItem, ...] = ()
    if is_definitions_title(section.title):
        items, terms, stray, term_warnings = split_terms(items, decoded.vocabulary)
        found.extend(stray)
        warnings.extend(term_warnings)
    # Text printed above the heading (a preamble kept as the first section's text) is nested
    # on its own where the section's own list starts afresh below it (`A.`): the preamble's
    # list (`1. Force Review Board`) opens no level the section's clauses would fall under.
    above = tuple(item for item in items if item.line < section.line)
    # Not `items[len(above):]`: a label column re-attached to a paragraph further down leaves
    # the items out of line order, and slicing by count dropped one and doubled another.
    below = tuple(item for item in items if item.line >= section.line)
    apart = above and below and below[0].label in FIRST_LABELS
    roots: tuple[Nested, ...] = ()
    for part in ((above, below) if apart else (items,)):
        part_roots, nest_warnings = nest_items(part)
        roots += part_roots
        warnings.extend(nest_warnings)
    # Unlabelled paragraphs before the first clause are the section's own text.
    lead = 0
    while lead < len(roots) and roots[lead].item.label is None and not roots[lead].children:
        lead += 1
    starts = sorted([*(root.item.line for root in roots[lead:]), *(t.line for t in terms)])
    placed, sanction_warnings = place_sanctions(starts, section.line, sanctions)
    warnings.extend(sanction_warnings)
    return _SectionParts(section, number, roots[:lead], roots[lead:], terms, placed)


def _merge_repeated(sections: Sequence[RawSection], addresses: Sequence[str],
                    found: list[Artifact], warnings: list[ImportWarning], apart: bool = False
                    ) -> tuple[list[RawSection], list[str]]:
    """A section address seen again continues the first section of that address, its heading
    set aside. `apart`: a redline's sides keep each their own heading, and only the marked
    text reads it so, its heading a paragraph there (`_heading_node`): only reported."""
    merged: dict[str, RawSection] = {}
    for section, address in zip(sections, addresses, strict=True):
        first = merged.get(address)
        if first is None:
            merged[address] = section
            continue
        reading = ("each side keeps the one it holds; the marked text reads it as part of that "
                   "section" if apart else "its text is read as part of that section")
        message = f'section "{section.number}" repeats the section at line {first.line}; {reading}'
        warnings.append(ImportWarning(section.line, "section-repeat", message))
        if apart:
            continue
        found.append(Artifact(section.line, f"{section.number} {section.title}".strip(),
                              "repeated-heading"))
        merged[address] = replace(first, body=(*first.body, *section.body))
    if apart:
        return list(sections), list(addresses)
    return list(merged.values()), list(merged)


def _version(side: str, parts: Sequence[_SectionParts], policy: str, title: str, meta: Meta,
             source: str, decoded: Decoded, scheme: Numbering = "apd") -> Version:
    sections: list[Section] = []
    definitions: list[Definition] = []
    built: list[tuple[list[Nested], dict[int, str]]] = []  # each section's nodes, sanctions
    index: dict[str, int] = {}  # each address's section
    for part in parts:
        number, heading, address = _side_heading(part, side, decoded)
        at: int | None  # the section this part's clauses continue, if any
        if sections and not decoded.section_on(part.raw.line, side):
            # A section on the other side only: its clauses on this side continue the last one.
            at, more = len(sections) - 1, part.nodes
        elif address in index:
            # A number printed twice that a redline's sides do not explain (the marked side
            # shows both): the second section's text and clauses continue the first's.
            at, more = index[address], (*_heading_node(part, side, decoded), *part.text_nodes,
                                        *part.nodes)
        else:
            index[address] = len(sections)
            built.append((list(part.nodes), dict(part.sanctions.by_line)))
            above = enclosing(sections, part.raw.level)  # the section a subsection is in
            sections.append(build_section(number, heading, part.raw.line, part.text_nodes,
                                          part.nodes, side, decoded, part.sanctions,
                                          address=address, level=part.raw.level,
                                          parent=above.address if above else None))
            at = None
        if at is not None:
            nodes, sanctions = built[at]
            nodes.extend(more)
            sanctions.update(part.sanctions.by_line)
            first = sections[at]
            whole = build_section(first.number, first.title, first.line, (), nodes, side,
                                  decoded, SanctionMap(sanctions), address=first.address)
            sections[at] = replace(first, children=whole.children)
            if not decoded.section_on(part.raw.line, side):
                continue
        definitions.extend(
            build_definition(term.term, term.line, term.lines, part.number, side, decoded,
                             part.sanctions)
            for term in part.terms
        )
    name = {"old": "old", "new": "new", "marked": "redline"}[side]
    nested = unclash(nest_dotted(sections)) if scheme == "dotted" else tuple(sections)
    return Version(
        policy=policy, version=name, title=title, status="draft", effective=None, meta=meta,
        definitions=tuple(definitions), sections=nested, source=source,
        # An APD SOP that opens with unnumbered sections (`POLICY:`, then `1-04-1`) names its
        # scheme, as the format asks (the first heading gives it otherwise).
        numbering=None if scheme == "apd" and (not nested or nested[0].number) else scheme,
        scheme=scheme,
    )


def _heading_node(part: _SectionParts, side: str, decoded: Decoded) -> tuple[Nested, ...]:
    """On the marked side, a section heading that continues an earlier section of its number
    as a paragraph, marked as the side it stands on (`III. Conditions` inserted): the side is
    recorded for it in `decoded.whole`, as for a clause on one side."""
    if side != "marked":
        return ()
    line = part.raw.line
    if line in decoded.sections:
        decoded.whole[line] = decoded.sections[line]
    text = f"{part.raw.number} {part.raw.title}".strip()
    return (Nested(Item(line, None, None, (Line(line, text),))),)


def _doubled_header(versions: dict[str, Version], found: list[Artifact], decoded: Decoded,
                    warnings: list[ImportWarning]) -> dict[str, Version]:
    """A redline's header printed twice: each side's rows lead its first section's text
    (as the PDF importer keeps them) instead of standing as artifacts of both sides."""
    preamble = [(a.line, a.text) for a in found if a.kind == "preamble"]
    sides = header_sides(preamble)
    if not sides or not versions["new"].sections:
        return versions
    start = min(sides)
    found[:] = [a for a in found if not (a.kind == "preamble" and a.line >= start)]
    rows: list[tuple[int, str, str]] = [(line, text, sides.get(line, "both")) for line, text in preamble if line >= start]
    warnings.append(ImportWarning(rows[0][0], "preamble", "the header is printed twice; "
                                  "each side keeps its own rows as its first section's text; "
                                  "please confirm"))
    plain = [(_plain(text), place) for _, text, place in rows]
    marks = {"old": "{{--{}--}}", "new": "{{++{}++}}", "both": "{}"}
    result = {}
    for side, version in versions.items():
        texts = [marks[place].format(text) if side == "marked" else text
                 for text, place in plain if side == "marked" or place in (side, "both")]
        first = version.sections[0]
        text = "\n\n".join(texts)
        joined = "\n\n".join(part for part in (text, first.text) if part)
        result[side] = replace(version, sections=(replace(first, text=joined),
                                                  *version.sections[1:]))
    return result


_FLATTENED = ("read as a flattened redline: the text no longer shows which words were struck, "
              "so a clause or paragraph inserted or deleted whole may stand on both sides; "
              "where you have the redline PDF, import it (policykit import FILE.pdf) to read "
              "its marks")


def _preamble_sides(found: Sequence[Artifact], decoded: Decoded) -> list[Artifact]:
    """A redline's header rows set aside as preamble, read like any paragraph: a row that holds
    a change (`Issue Date: 28 February 31 December 2020`) stands once a side, and so do two
    rows a change runs across (`Effective Date: 29 February 2020` / `15 April 2021`)."""
    rows = {a.line: a for a in found if a.kind == "preamble" and a.side == "both"}
    trial = Decoded(decoded.vocabulary, decoded.apply_at)  # readings not taken report nothing

    def paragraph(lines: Sequence[int]) -> tuple[Line, ...]:
        return tuple(Line(line, rows[line].text) for line in lines)

    def read(*lines: int) -> tuple[Span, ...]:
        return trial.decode(paragraph(lines))

    def changes(spans: tuple[Span, ...]) -> int:
        return sum(1 for span in spans if span.change)

    split: dict[tuple[int, ...], tuple[Span, ...]] = {}
    for line in sorted(rows):
        if any(line in lines for lines in split):
            continue
        best: tuple[tuple[int, ...], tuple[Span, ...]] = ((line,), read(line))
        if line + 1 in rows and not changes(read(line + 1)):
            both = read(line, line + 1)
            if changes(both) > changes(best[1]):
                best = ((line, line + 1), both)
        if changes(best[1]):
            split[best[0]] = decoded.decode(paragraph(best[0]))
    gone = {line for lines in split for line in lines}
    sides = [Artifact(lines[0], " ".join(word for span in spans for word in getattr(span, side)),
                      "preamble", side)
             for lines, spans in split.items() for side in ("old", "new")]
    return [*(a for a in found if rows.get(a.line) is not a or a.line not in gone), *sides]


def _plain(text: str) -> str:
    """Text as markdown that reads as written (markup characters escaped)."""
    words = tuple(text.split())
    return text_of((Span(words, words),), "old")


def _side_heading(part: _SectionParts, side: str, decoded: Decoded) -> tuple[str, str, str]:
    """Number, title and address of a section on one side: a renumbered one (`III. II.
    Policy`) has the old number on the old side and the new one on the others."""
    numbers = decoded.numbers.get(part.raw.line)
    if numbers is None or side == "marked":
        return part.raw.number, part.raw.title, part.number
    old, new = numbers
    title = part.raw.title.split(None, 1)[1] if " " in part.raw.title else part.raw.title
    number = old if side == "old" else new
    address = part.number.removesuffix(old) + number if part.number.endswith(old) else part.number
    return f"{number}.", title, address


def _place_whole_clauses(decoded: Decoded, parts: Sequence[_SectionParts],
                         scheme: Numbering) -> None:
    """In a redline, sections and clauses whose labels fit one side only stand on that side,
    read over the whole document (`document_sides`); a section whose labels that reading
    cannot all explain (a label lost or garbled in extraction) is read list by list (`sides`)."""
    if not decoded.report:
        return
    _strike_openings(decoded, parts)
    units: list[Unit] = []
    items: dict[int, Item] = {}
    owner: list[int] = []
    for number, part in enumerate(parts):
        units.append(_section_unit(part.raw, scheme))
        owner.append(number)
        for unit, item in item_units(part.nodes):
            units.append(unit)
            items[unit.line] = item
            owner.append(number)
    moved = _strike_moved_sentences(decoded, parts)
    list_ends = {line for part in parts
                 for line in inserted_after_ended_lists(part.nodes, decoded.decode)}
    inserted = moved | list_ends
    units = [replace(unit, inserted=True) if unit.line in inserted else unit for unit in units]
    places, broken = read_document(units)
    unexplained = {owner[index] for index in broken}
    placed = accepted(units, places, items)
    for index, (unit, place) in enumerate(zip(units, places, strict=True)):
        if owner[index] in unexplained or not unit.section:
            continue
        if unit.old_label != unit.label:
            decoded.numbers[unit.line] = (unit.old_label, unit.label)
        elif place != "both" and unit.line in placed and not _text_changed(parts[owner[index]],
                                                                         decoded):
            decoded.sections[unit.line] = "old" if place == "old" else "new"
    whole: dict[int, WholeSide] = {
        unit.line: ("old" if placed[unit.line] == "old" else "new")
        for index, unit in enumerate(units)
        if owner[index] not in unexplained and unit.line in items
        and placed.get(unit.line, "both") != "both"
    }
    for number, part in enumerate(parts):
        decoded.place_whole(part.nodes, None if number in unexplained else whole, list_ends,
                            moved)


def _text_changed(part: _SectionParts, decoded: Decoded) -> bool:
    """The section's own text (before its first clause) reads differently on the two sides:
    the section stands on both, or the words of the side it would leave are lost."""
    return any(span.change for node in walk_nested(part.text_nodes)
               for span in decoded.decode(node.item.lines))


def _place_lead_ins(decoded: Decoded, parts: Sequence[_SectionParts]) -> None:
    """Each lead-in a redline inserted before the list a paragraph became, once, before any
    side is built: the section's text before its first clause, and every list."""
    for part in parts:
        decoded.place_lead_ins((*part.text_nodes, *part.nodes[:1]))
        for siblings in sibling_lists(part.nodes):
            decoded.place_lead_ins(siblings)


def _strike_openings(decoded: Decoded, parts: Sequence[_SectionParts]) -> None:
    """The opening words of a clause that a redline split into a heading and a list
    (`Item.struck`): deleted, reported for a person to confirm."""
    for part in parts:
        for node in walk_nested(part.nodes):
            item = node.item
            spans = decoded.decode(item.lines) if item.struck else ()
            if not spans or spans[0].change is not None or len(spans[0].old) <= item.struck:
                continue
            opening, rest = spans[0].old[:item.struck], spans[0].old[item.struck:]
            change = ImportChange(line=item.line, old=" ".join(opening), new="",
                                  confidence=WHOLE_CONFIDENCE, rule="split-clause")
            decoded.spans[item.lines] = (Span(opening, (), change), Span(rest, rest), *spans[1:])
            decoded.changes.append(change)
            decoded.warnings.append(ImportWarning(
                item.line, "redline-uncertain",
                f'read "{change.old}" as deleted: the clause became the heading before it and '
                f'the list item "{item.label}." (split-clause); please confirm'))


def _strike_moved_sentences(decoded: Decoded, parts: Sequence[_SectionParts]) -> set[int]:
    """Sentences a redline moved into clauses of their own (`moved`): each is deleted where it
    first stands; the first lines of the clauses that hold them are returned."""
    items = [node.item for part in parts
             for node in walk_nested((*part.text_nodes, *part.nodes))]
    targets: set[int] = set()
    for moved in find_moved(items):
        struck = strike(decoded.decode(moved.source.lines), moved, moved.source.line)
        if struck is None:
            continue
        decoded.spans[moved.source.lines] = struck
        change = next(span.change for span in struck if span.change and span.change.rule
                      == "moved-sentence" and span.old == moved.words)
        decoded.changes.append(change)
        decoded.warnings.append(ImportWarning(
            change.line, "redline-uncertain",
            f'read "{change.old}" as moved: deleted here, inserted as the clause at line '
            f"{moved.target.line} (moved-sentence, confidence {change.confidence:.2f}); "
            "please confirm"))
        targets.add(moved.target.line)
    return targets


def _renumbered_labels(parts: Sequence[_SectionParts], scheme: Numbering) -> int:
    """Doubled labels (`E.I.`, `G. Firearms B.`, `III. II. Policy`) where more than one shows:
    each is a renumbering, evidence of a redline that a list's reading may not explain.
    Digits do not count: `6.1.` is a decimal clause number in clean text. A renumbering gives
    each clause a pair of its own, each new label another; a pair printed again, or a second
    label that ends several pairs, is an abbreviation opening reference lines (`G.O. III-15`,
    `G.O. II-20`, `S.O. 2-21`: general and special orders), which counts for nothing."""
    units = [_section_unit(part.raw, scheme) for part in parts]
    units += [unit for part in parts for unit, _ in item_units(part.nodes)
              if not unit.label.isdigit()]
    pairs = Counter((unit.old_label, unit.label) for unit in units
                    if unit.old_label != unit.label)
    endings = Counter(new for _, new in pairs)
    doubled = sum(1 for (_, new), seen in pairs.items() if seen == 1 and endings[new] == 1)
    return doubled if doubled > 1 else 0


_DOUBLED_SECTION = re.compile(r"^([IVXL]+)\.\s+(\S.*)$")


def _section_unit(section: RawSection, scheme: Numbering) -> Unit:
    """A section heading as a labelled unit; a roman number may be doubled (`III. II. Policy`)."""
    number = section.number.rstrip(".")
    if scheme != "roman":
        return Unit(section.line, number, number, section=True)
    doubled = _DOUBLED_SECTION.match(section.title)
    if doubled and doubled[1] != number:
        return Unit(section.line, doubled[1], number, section=True, roman=True)
    return Unit(section.line, number, number, section=True, roman=True)


def _outlined(lines: tuple[Line, ...], split: tuple[tuple[Line, ...], tuple[Artifact, ...]],
              numbering: str | None) -> tuple[tuple[Line, ...], list[Artifact], Outline]:
    """The policy lines left by a split, with header tables paired, and their outline."""
    kept, artifacts = pair_header_columns(*split, header_columns(lines))
    kept = join_header_values(join_lone_labels(kept))
    return kept, artifacts, outline_document(kept, _known_numbering(numbering),
                                             first_page_line(artifacts))


def _stray_sanctions(outline: Outline, artifacts: Sequence[Artifact]) -> bool:
    """Values read as a sanction column in a document that is no APD SOP: only those print
    one. Elsewhere a lone `1` is a table's cell or a step's number."""
    return (outline.scheme != "apd" or not outline.sections) \
        and any(artifact.kind == "sanction" for artifact in artifacts)


def _sanctions_as_text(lines: Sequence[Line], kept: tuple[Line, ...],
                       artifacts: tuple[Artifact, ...]) -> tuple[tuple[Line, ...],
                                                                tuple[Artifact, ...]]:
    """The split with each line read as a sanction value (or cut of one) kept as written."""
    taken = {artifact.line for artifact in artifacts if artifact.kind == "sanction"}
    written = {line.number: line.text for line in lines if line.number in taken}
    return (tuple(Line(line.number, written[line.number]) if line.number in written else line
                  for line in kept),
            tuple(artifact for artifact in artifacts if artifact.kind != "sanction"))


def _preamble_into_first(sections: tuple[RawSection, ...], preamble: Sequence[Line],
                         warnings: list[ImportWarning]) -> tuple[RawSection, ...]:
    """With the changes known (a PDF's marks), text before the first section may differ between
    the sides (an issue date, what it rescinds): it is kept as the first section's text, so
    each side keeps its own words, and flagged."""
    texts = [line for line in preamble if line.text]
    if not texts:
        return sections
    message = "text before the first section is kept as the first section's text; please confirm"
    warnings.append(ImportWarning(texts[0].number, "preamble", message))
    # A break after it: the section's own first sentence (`I.  Subject to ...:`) opens a
    # paragraph of its own.
    first = replace(sections[0], body=(*texts, Line(texts[-1].number, ""), *sections[0].body))
    return (first, *sections[1:])


def _paragraph_lines(parts: Sequence[_SectionParts]) -> list[tuple[Line, ...]]:
    """Every paragraph the decoder reads, in document order: what the redline decision samples."""
    found: list[tuple[Line, ...]] = []

    def visit(nodes: Sequence[Nested]) -> None:
        for node in nodes:
            found.append(node.item.lines)
            visit(node.children)

    for part in parts:
        visit(part.text_nodes)
        visit(part.nodes)
        found.extend(term.lines for term in part.terms)
    return found


def _furniture_order(artifacts: Sequence[Artifact]) -> str | None:
    """The order's number from a running header that names it (`Policy 1115` on every page),
    alone or after the department's name (`PHILADELPHIA POLICE DEPARTMENT  DIRECTIVE 22`),
    where the text itself names none; or a cell of that header (`ORDER#` / `340`)."""
    named = next((number for artifact in artifacts if artifact.kind == "running-header"
                  and (number := order_number(artifact.text)) is not None), None)
    # A header cell on every page, its caption and its value on lines of their own.
    ordered = sorted(artifacts, key=lambda artifact: artifact.line)
    return named or next((number for caption, value in itertools.pairwise(ordered)
                          if caption.kind == "running-header"
                          and (number := captioned_number(caption.text, value.text))), None)


def _numbered_furniture(artifacts: Sequence[Artifact]) -> tuple[str, str] | None:
    """The order's number and title from a running header or footer that prints both
    (`7.1.2 USE OF FORCE` at every page's foot), where the text itself names no number."""
    return next((found for artifact in artifacts if artifact.kind == "running-header"
                 and (found := numbered_title(artifact.text)) is not None), None)


def _prose_from(lines: Sequence[Line]) -> tuple[Sequence[Line], Sequence[Line]]:
    """The preamble cut where its prose starts, when it holds a policy's worth of sentences
    (a cover memo, a statement of policy above the first section); else all of it is notices
    (contents lists, release notes, a letterhead) and no prose. A statement under its own
    caption (`POLICY:  It is the policy of ...`), or one that opens by stating the policy's
    purpose (`_OWN_STATEMENT`), is prose however short."""
    texts = Counter(line.text for line in lines if line.text)
    sentences = [line for line in lines if texts[line.text] == 1
                 and len(line.text.split()) >= _PROSE_LINE_WORDS]
    statement = next((line for line in sentences
                      if STATEMENT.match(line.text) or _OWN_STATEMENT.match(line.text)), None)
    if statement is None and sum(len(line.text.split()) for line in sentences) < _PROSE_WORDS:
        return lines, ()
    start = lines.index(sentences[0] if statement is None else statement)
    return lines[:start], lines[start:]


def _preamble(lines: Sequence[Line], warnings: list[ImportWarning]) -> list[Artifact]:
    """Text between the title and the first section that is no header table."""
    texts = [line for line in lines if line.text]
    for line in texts:
        message = "text before the first section is not policy text here; see artifacts"
        warnings.append(ImportWarning(line.number, "preamble", message))
    return [Artifact(line.number, line.text, "preamble") for line in texts]


def _paragraphs(version: Version) -> list[tuple[int, str]]:
    from toolkit.tree import walk_version

    return [(node.line, node.text) for node in walk_version(version)]


def _side_json(version: Version) -> dict[str, Any]:
    return {
        "definitions": [definition_to_json(d) for d in version.definitions],
        "sections": [node_to_json(section) for section in version.sections],
    }


def _slug(title: str) -> str:
    """The title as an id; glyph codes kept as written (`(cid:27)`) are none of its words."""
    title = without_glyph_codes(title)
    slug = re.sub(r"-{2,}", "-", _SAFE_ID.sub("-", title.lower())).strip("-._")
    return slug or "imported"
