"""The canonical writer: golden fmt output, and round trips over generated documents."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import ParseError
from toolkit.model import Clause, Definition, Section, Version
from toolkit.parse import escape_paragraph_start, parse_version
from toolkit.write import without_positions, write_markdown

PROPERTY = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.cases("fmt.txt")
def test_fmt_output(case: Any) -> None:
    assert write_markdown(parse_version(case.input)) == case.expected + "\n"


@pytest.mark.cases("fmt.txt")
def test_fmt_output_is_a_fixed_point_with_the_same_tree(case: Any) -> None:
    before = parse_version(case.input)
    after = parse_version(case.expected + "\n")
    assert without_positions(after) == without_positions(before)
    assert write_markdown(after) == case.expected + "\n"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("1. Not a list", "1\\. Not a list"),
        ("12) Nor this", "12\\) Nor this"),
        ("- dash", "\\- dash"),
        ("+ plus", "\\+ plus"),
        ("* star", "\\* star"),
        ("# hash", "\\# hash"),
        ("> quote", "\\> quote"),
        ("```fence", "\\```fence"),
        ("* * *", "\\* * *"),
        ("___", "\\___"),
        ("-*_", "-*_"),
        ("1.5 per cent", "1.5 per cent"),
        ("-dash glued", "-dash glued"),
        ("**A.** bold", "**A.** bold"),
        ("#hashtag", "#hashtag"),
        ("###### six", "\\###### six"),
        ("####### seven", "####### seven"),
    ],
)
def test_escape_paragraph_start(text: str, escaped: str) -> None:
    assert escape_paragraph_start(text) == escaped


def test_unlabelled_text_that_looks_like_a_list_is_escaped_and_stays_one_clause() -> None:
    clause = Clause(label=None, text="1. Looks like a list", address="2-55-1.p1", line=0)
    section = Section(number="2-55-1", title="Purpose", text="", line=0, children=(clause,))
    version = Version(
        policy="2-55", version="v1", title="T", status="draft", effective=None, sections=(section,)
    )
    reparsed = parse_version(write_markdown(version))
    assert reparsed.sections[0].children[0].label is None
    assert reparsed.sections[0].children[0].text == "1\\. Looks like a list"


# --- round trips over generated documents -----------------------------------------------------

TEXT_CHARS = "abcxyz AZ09.,;:-*_{}#=\\<>[]()`'\"/!?&~+|"
paragraph = st.text(alphabet=TEXT_CHARS, min_size=1, max_size=25).map(str.strip).filter(bool)
LABELS = ["**A.** ", "**B.** ", "**1.** ", "**ii.** ", "**AA.** ", "", "**Term:** ", "**A.**"]
ATTRIBUTES = [
    "",
    " {sanction=5}",
    " {#pin}",
    " {#pin sanction=N/A}",
    ' {sanction="not set"}',
    " {--gone--}{++new++}",
]


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = ["---", "id: 2-55", "title: T", "version: v1", "status: draft", "effective:", "---"]
    for number in range(1, draw(st.integers(1, 3)) + 1):
        lines += ["", f"## 2-55-{number} Title{draw(st.sampled_from(ATTRIBUTES[:3]))}", ""]
        lines += [p + "\n" for p in draw(st.lists(paragraph, max_size=2))]
        depth = 0
        for _ in range(draw(st.integers(0, 8))):
            depth = draw(st.integers(0, depth + 1))
            indent = "  " * depth
            first = draw(st.sampled_from(LABELS)) + draw(st.one_of(st.just(""), paragraph))
            lines.append(f"{indent}- {first}{draw(st.sampled_from(ATTRIBUTES))}".rstrip())
            for extra in draw(st.lists(paragraph, max_size=2)):
                lines += ["", f"{indent}  {extra}", ""]
    return "\n".join(lines) + "\n"


def round_trip(text: str) -> None:
    try:
        version = parse_version(text)
    except ParseError:
        return
    written = write_markdown(version)
    again = parse_version(written)
    assert without_positions(again) == without_positions(version)
    assert write_markdown(again) == written


@PROPERTY
@given(documents())
def test_fmt_round_trips_and_is_idempotent(text: str) -> None:
    round_trip(text)


@PROPERTY
@given(st.text(alphabet=TEXT_CHARS + "\n\t", max_size=300))
def test_fmt_round_trips_arbitrary_bodies(body: str) -> None:
    round_trip(
        "---\n{id: 2-55, title: T, version: v1, status: draft, effective: }\n---\n"
        "## 2-55-1 Purpose\n" + body
    )


# Other control characters than tab and line feed are parse errors (see test_nothing_lost.py).
FRONT_MATTER_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\t\n"),
    max_size=40,
)


@PROPERTY
@given(FRONT_MATTER_TEXT, FRONT_MATTER_TEXT)
def test_front_matter_text_round_trips(title: str, notes: str) -> None:
    title, notes = title.strip() or "x", notes.strip()
    version = Version(
        policy="2-55", version="v1", title=title, status="draft", effective=None, notes=notes
    )
    again = parse_version(write_markdown(version))
    assert (again.title, again.notes) == (title, notes)


def test_stray_line_breaks_from_the_importer_become_spaces() -> None:
    clause = Clause(
        label="A", text="line one\nline two\n\n\n\nsecond  para", address="2-55-1.A", line=0
    )
    section = Section(number="2-55-1", title="Purpose", text="", line=0, children=(clause,))
    version = Version(
        policy="2-55", version="v1", title="T", status="draft", effective=None, sections=(section,)
    )
    reparsed = parse_version(write_markdown(version)).sections[0].children[0]
    assert reparsed.text == "line one line two\n\nsecond  para"


def test_a_definition_whose_section_is_missing_is_written_in_the_last_section() -> None:
    sections = tuple(Section(number=f"2-55-{n}", title="S", text="Text.", line=0) for n in (1, 2))
    orphan = Definition(term="Force", definition="Any means.", line=0, section="2-55-9")
    version = Version(
        policy="2-55",
        version="v1",
        title="T",
        status="draft",
        effective=None,
        sections=sections,
        definitions=(orphan,),
    )
    assert parse_version(write_markdown(version)).definitions[0].section == "2-55-2"


# --- every numbering scheme -------------------------------------------------------------------

HEADINGS = [
    "300.3 Policy", "300.3.1 Arrest", "8.100-POL-1 When", "III. Definitions", "IV.", "Chapter 3 Force",
    "Chapter 12", "Overview", "1. Overview", "2-55-4 Guidelines", "Ch. 2", "#", "A # B",
]
heading_text = st.one_of(st.sampled_from(HEADINGS), paragraph)


@st.composite
def scheme_documents(draw: st.DrawFn) -> str:
    numbering = draw(st.sampled_from(["", "apd", "dotted", "roman", "chapter", "headed"]))
    lines = ["---", "{id: G03-02, title: T, version: v1, status: draft, effective: }"]
    lines[1] = lines[1].replace("}", f", numbering: {numbering}}}") if numbering else lines[1]
    lines.append("---")
    for _ in range(draw(st.integers(1, 5))):
        marks = "#" * draw(st.sampled_from([2, 2, 3, 4]))
        lines += ["", f"{marks} {draw(heading_text)}{draw(st.sampled_from(ATTRIBUTES[:3]))}", ""]
        lines += [p + "\n" for p in draw(st.lists(paragraph, max_size=1))]
        lines += [f"- {draw(st.sampled_from(LABELS))}{draw(paragraph)}" for _ in range(draw(st.integers(0, 2)))]
    return "\n".join(lines) + "\n"


@PROPERTY
@given(scheme_documents())
def test_fmt_round_trips_every_numbering_scheme(text: str) -> None:
    round_trip(text)


@pytest.mark.parametrize("numbering", ["dotted", "roman", "chapter", "headed"])
def test_fmt_writes_the_numbering_key_only_where_the_file_has_it(numbering: str) -> None:
    heading = {"dotted": "300.3 P", "roman": "III. P", "chapter": "Chapter 3 P", "headed": "P"}[numbering]
    inferred = parse_version(f"---\n{{id: x, title: T, version: v1, status: draft, effective: }}\n---\n\n## {heading}\n")
    named = parse_version(write_markdown(inferred).replace("effective:\n", f"effective:\nnumbering: {numbering}\n"))
    assert (inferred.scheme, inferred.numbering, named.numbering) == (numbering, None, numbering)
    assert "numbering:" not in write_markdown(inferred)
    assert f"\nnumbering: {numbering}\n" in write_markdown(named)
