"""Amendments applied by address, and which state is in force on a day (toolkit.amendment,
toolkit.timeline)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.amendment import apply_amendments, parse_amendment
from toolkit.errors import LibraryError, ParseError
from toolkit.model import Policy, Version
from toolkit.parse import parse_version
from toolkit.timeline import current_state, policy_states, standing, state_on
from toolkit.tree import walk_version

BASE = """---
{id: 2-55, title: T, version: v1, status: effective, effective: 2021-01-01}
---

## 2-55-1 Purpose

Lead paragraph.

- **A.** One.
  - **1.** One one.
  - **2.** One two.
- **B.** Two.

## 2-55-2 Policy

- **A.** Policy one.
"""


def amendment(body: str, name: str = "so-1", effective: str = "2021-06-01",
              amends: str = "v1") -> str:
    return (f"---\nid: 2-55\nkind: amendment\nversion: {name}\nnumber: SO {name[3:]}\n"
            f"title: Order\namends: {amends}\neffective: {effective}\n---\n\n{body}")


def outline(version: Version) -> list[str]:
    return [f"{node.address} {node.text}" for node in walk_version(version)]


def test_replace_insert_and_remove_by_address() -> None:
    order = parse_amendment(amendment(
        "## replace 2-55-1.A.2\n\n- **2.** One two, amended.\n\n"
        "## insert-after 2-55-1.A\n\n- **B.** New two.\n  - **1.** Under it.\n\n"
        "## replace 2-55-1.B\n\n- **C.** Two.\n\n"
        "## remove 2-55-1.A.1\n"), "so-1.md")
    amended = apply_amendments(parse_version(BASE), [order])
    assert outline(amended) == [
        "2-55-1 Lead paragraph.",
        "2-55-1.A One.",
        "2-55-1.A.2 One two, amended.",
        "2-55-1.B New two.",
        "2-55-1.B.1 Under it.",
        "2-55-1.C Two.",
        "2-55-2 ",
        "2-55-2.A Policy one.",
    ]
    assert (amended.version, amended.kind, amended.amended_by) == ("so-1", "amended", ("so-1",))
    assert amended.effective == "2021-06-01"
    inserted = amended.sections[0].children[1]
    assert (inserted.line, inserted.children[0].line) == (17, 18)  # lines of the amendment file


def test_an_amended_order_of_another_scheme_keeps_its_section_addresses() -> None:
    """A Roman directive's clauses are `G03-02.II.B`, not `II..B`: the amended text is
    addressed from each section's address, as the parser addresses it."""
    base = ("---\n{id: G03-02, title: T, version: v1, status: effective, effective: 2021-01-01, "
            "numbering: roman}\n---\n\n## Purpose\n\n- **A.** One.\n\n## II. Policy\n\n"
            "- **A.** Two.\n- **B.** Three.\n")
    order = parse_amendment(amendment("## replace G03-02.II.B\n\n- **B.** Three, amended.\n")
                            .replace("id: 2-55", "id: G03-02"), "so-1.md")
    amended = apply_amendments(parse_version(base), [order])
    assert outline(amended) == [
        "G03-02.purpose ", "G03-02.purpose.A One.", "G03-02.II ", "G03-02.II.A Two.",
        "G03-02.II.B Three, amended."]


def test_a_whole_section_of_another_scheme_is_replaced_or_inserted() -> None:
    """`insert-after G03-02.II` with `### III. Scope`: the new section takes its address from
    the policy's scheme (G03-02.III), as a replaced unnumbered one does (G03-02.purpose-...)."""
    base = ("---\n{id: G03-02, title: T, version: v1, status: effective, effective: 2021-01-01, "
            "numbering: roman}\n---\n\n## Purpose\n\n- **A.** One.\n\n## II. Policy\n\n"
            "- **A.** Two.\n")
    order = parse_amendment(amendment(
        "## insert-after G03-02.II\n\n### III. Scope\n\n- **A.** New.\n\n"
        "## replace G03-02.purpose\n\n### Purpose and Scope\n\n- **A.** One, amended.\n")
        .replace("id: 2-55", "id: G03-02"), "so-1.md")
    amended = apply_amendments(parse_version(base), [order])
    assert outline(amended) == [
        "G03-02.purpose-and-scope ", "G03-02.purpose-and-scope.A One, amended.", "G03-02.II ",
        "G03-02.II.A Two.", "G03-02.III ", "G03-02.III.A New."]


def test_an_inserted_dotted_section_keeps_its_subsection_one_level_under_it() -> None:
    base = ("---\n{id: \"300\", title: T, version: v1, status: effective, effective: 2021-01-01, "
            "numbering: dotted}\n---\n\n## 300.3 Policy\n\n- **a.** One.\n")
    order = parse_amendment(amendment(
        "## insert-after 300.3\n\n### 300.4 New\n\nText.\n\n#### 300.4.1 Sub\n\n- **a.** Two.\n")
        .replace("id: 2-55", 'id: "300"'), "so-1.md")
    amended = apply_amendments(parse_version(base), [order])
    assert [(s.address, s.level, s.parent) for s in amended.sections] == [
        ("300.3", 2, None), ("300.4", 2, None), ("300.4.1", 3, "300.4")]


def test_a_whole_section_is_replaced_or_inserted() -> None:
    order = parse_amendment(amendment(
        "## replace 2-55-2\n\n### 2-55-2 Policy, amended\n\n- **A.** New policy.\n\n"
        "## insert-after 2-55-2\n\n### 2-55-3 Definitions\n\nNone.\n"), "so-1.md")
    amended = apply_amendments(parse_version(BASE), [order])
    assert [(s.number, s.title, s.text) for s in amended.sections] == [
        ("2-55-1", "Purpose", "Lead paragraph."),
        ("2-55-2", "Policy, amended", ""),
        ("2-55-3", "Definitions", "None."),
    ]
    assert outline(amended)[-2:] == ["2-55-2.A New policy.", "2-55-3 None."]


@pytest.mark.parametrize(("body", "message"), [
    ("## replace 2-55-1.A\n\nJust a paragraph.\n",
     "so-1.md:11: write the new text for 2-55-1.A as clauses in a list ('- **E.** …')"),
    ("## replace 2-55-1.A\n", "so-1.md:11: replace 2-55-1.A needs the new text under it"),
    ("Stray.\n\n## remove 2-55-1.A\n",
     ("so-1.md:11: text before the first operation; start one with '## replace <address>', "
     "'## insert-after <address>' or '## remove <address>'")),
    ("## replace\n", "so-1.md:11: an operation heading is '## <operation> <address>'"),
    ("## replace 2-55-1.A\n\n- **A.** x\n  > quoted\n",
     "so-1.md:14: a block quote (a line starting with '>') cannot appear in policy text"),
    ("## replace 2-55-2\n\n- **A.** x\n",
     ("so-1.md:11: write each new section as \"### <number> <title>\" under the operation on "
     "2-55-2")),
])
def test_bad_operations_name_their_line(body: str, message: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_amendment(amendment(body), "so-1.md")
    assert str(error.value) == message


def test_an_unknown_address_or_a_conflict_stops_the_amendment() -> None:
    base = parse_version(BASE)
    first = parse_amendment(amendment("## replace 2-55-1.A\n\n- **A.** x\n"), "so-1.md")
    second = parse_amendment(amendment("## remove 2-55-1.A.2\n", name="so-2"), "so-2.md")
    with pytest.raises(LibraryError) as error:
        apply_amendments(base, [first, second])
    assert str(error.value) == ("so-2.md:11: remove 2-55-1.A.2 conflicts with replace 2-55-1.A "
                                "in so-1.md (line 11)")
    unknown = parse_amendment(amendment("## remove 2-55-1.Q\n"), "so-1.md")
    with pytest.raises(LibraryError) as error:
        apply_amendments(base, [unknown])
    assert str(error.value).startswith("so-1.md:11: remove 2-55-1.Q: version v1 has no clause")


def _policy() -> Policy:
    v1 = parse_version(BASE)
    v2 = replace(v1, version="v2", effective="2023-01-01", supersedes="v1")
    v3 = replace(v1, version="v3", effective="2099-01-01", supersedes="v2")
    draft = replace(v1, version="d", status="draft", effective=None, supersedes="v3")
    orders = tuple(parse_amendment(amendment(f"## remove {a}\n", name=n, effective=d), f"{n}.md")
                   for n, d, a in (("so-2", "2022-01-01", "2-55-2.A"),
                                   ("so-1", "2021-06-01", "2-55-1.B")))
    return Policy("2-55", (v1, v2, v3, draft), orders)


def test_states_run_in_order_each_until_the_next() -> None:
    states = policy_states(_policy())
    assert [(s.version, s.kind, s.effective, s.in_force_until) for s in states] == [
        ("v1", "version", "2021-01-01", "2021-06-01"),
        ("so-1", "amended", "2021-06-01", "2022-01-01"),
        ("so-2", "amended", "2022-01-01", "2023-01-01"),
        ("v2", "version", "2023-01-01", "2099-01-01"),
        ("v3", "version", "2099-01-01", None),
    ]
    assert states[2].amended_by == ("so-1", "so-2")


@pytest.mark.parametrize(("day", "name"), [
    ("2020-12-31", None), ("2021-01-01", "v1"), ("2021-05-31", "v1"), ("2021-06-01", "so-1"),
    ("2022-12-31", "so-2"), ("2023-01-01", "v2"), ("2099-01-01", "v3"),
])
def test_the_state_in_force_on_a_day(day: str, name: str | None) -> None:
    found = state_on(policy_states(_policy()), day)
    assert (found.version if found else None) == name


def test_standing_on_a_day() -> None:
    states = policy_states(_policy())
    assert [standing(s, states, "2025-01-01") for s in states] == [
        "replaced", "replaced", "replaced", "in force", "future"]
    current = current_state(states, "2025-01-01")
    assert current is not None and current.version == "v2"


def test_a_future_version_is_not_the_current_one() -> None:
    # Regression: Policy.current took the newest version marked effective, even one whose
    # date had not come (issue 11: "In force since 2030-01-01").
    assert _policy().current.version == "v2"


def test_an_undated_state_cannot_be_placed_on_a_day() -> None:
    v1 = parse_version(BASE)
    policy = Policy("2-55", (v1, replace(v1, version="v2", effective=None, supersedes="v1")))
    assert state_on(policy_states(policy), "2030-01-01") is None


def test_replacing_a_part_after_replacing_a_clause_inside_it_conflicts() -> None:
    # Found by the property below: the second replacement silently dropped the first.
    order = parse_amendment(amendment("## replace 2-55-1.A.1\n\n- **1.** x\n\n"
                                      "## replace 2-55-1.A\n\n- **A.** y\n"), "so-1.md")
    with pytest.raises(LibraryError) as error:
        apply_amendments(parse_version(BASE), [order])
    assert str(error.value) == ("so-1.md:15: replace 2-55-1.A conflicts with replace 2-55-1.A.1 "
                                "in this amendment (line 11)")


@settings(deadline=None)  # the first call builds the markdown parser
@given(st.lists(st.tuples(st.sampled_from(["replace", "insert-after", "remove"]),
                          st.sampled_from(["2-55-1.A", "2-55-1.A.1", "2-55-1.A.2", "2-55-1.B"])),
                min_size=1, max_size=4, unique_by=lambda op: op[1]))
def test_applied_amendments_keep_addresses_unique_and_text_from_the_order(
        operations: list[tuple[str, str]]) -> None:
    body = "".join(
        f"## {kind} {address}\n\n" + ("" if kind == "remove" else f"- **Z.** From {address}.\n\n")
        for kind, address in operations)
    order = parse_amendment(amendment(body), "so-1.md")
    try:
        amended = apply_amendments(parse_version(BASE), [order])
    except LibraryError:
        return  # a conflict (an operation inside a part another replaced): reported, not applied
    addresses = [node.address for node in walk_version(amended)]
    assert len(addresses) == len(set(addresses))
    texts = " ".join(node.text for node in walk_version(amended))
    for kind, address in operations:
        if kind != "remove":
            assert f"From {address}." in texts


@settings(deadline=None)
@given(st.lists(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
                min_size=1, max_size=6, unique=True),
       st.dates(min_value=date(1999, 1, 1), max_value=date(2100, 12, 31)))
def test_exactly_one_state_covers_each_day_once_the_first_began(days: list[date], day: date) -> None:
    v1 = parse_version(BASE)
    ordered = sorted(d.isoformat() for d in days)
    versions = [replace(v1, version=f"v{i}", effective=when, supersedes=f"v{i - 1}" if i else None)
                for i, when in enumerate(ordered)]
    states = policy_states(Policy("2-55", tuple(versions)))
    covering = [s for s in states if s.effective and s.effective <= day.isoformat()
                and (s.in_force_until is None or day.isoformat() < s.in_force_until)]
    found = state_on(states, day.isoformat())
    assert [s.version for s in covering] == ([found.version] if found else [])
    assert (found is None) == (day.isoformat() < ordered[0])


@pytest.mark.parametrize(("first", "second", "shown"), [
    ("2021-01-01", "2023-01-01", ("No longer in force: in force from 2021-01-01 until 2023-01-01, "
                                 "replaced by v2.")),
    (None, "2023-01-01", ("No longer in force: replaced by v2 on 2023-01-01 (start date not "
                         "recorded).")),
    ("2021-01-01", None, ("No longer in force: in force from 2021-01-01, replaced by v2 (date not "
                         "recorded).")),
    (None, None, "No longer in force: replaced by v2 (dates not recorded)."),
])
def test_a_replaced_state_says_which_dates_are_unknown(first: str | None, second: str | None,
                                                       shown: str) -> None:
    from toolkit.timeline import describe_standing

    v1 = replace(parse_version(BASE), effective=first)
    states = policy_states(Policy("2-55", (v1, replace(v1, version="v2", effective=second,
                                                       supersedes="v1"))))
    assert describe_standing(states[0], states, "2025-01-01") == shown
