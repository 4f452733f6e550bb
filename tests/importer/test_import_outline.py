"""The outline stage on each numbering scheme, tables of contents and page furniture.

Each example is small and written the way the real texts in `../shared/corpus/` are laid
out; every imported file must pass `policykit check`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.check import check_paths, has_errors
from toolkit.cli import main
from toolkit.errors import ImportTextError
from toolkit.importer import ImportResult, import_text, render_import_markdown
from toolkit.importer.contents import find_contents
from toolkit.importer.furniture import furniture_lines, page_number_lines, page_starts
from toolkit.importer.normalise import normalise_text
from toolkit.importer.nouns import Line
from toolkit.importer.sections import letterhead_over_two_lines
from toolkit.tree import walk

ROMAN = """Chicago Police Department\tGeneral Order G03-02
Use of Force
Issue Date:\t16 October 2017\tEffective Date:\t16 October 2017
I.\tPurpose
This directive sets forth Department policy regarding the use of force.
II.\tDepartment Policy
A.\tSanctity of Human Life. The Department's highest priority is the sanctity of human life.
B.\tPublic Cooperation. A strong partnership with the public is essential.
1.\twith a high degree of ethics.
2.\tin a manner that promotes trust.
III.\tUse of Force - When Authorized
A.\tDefinition of Force. Force is any physical contact by a member.
"""

DOTTED = """Policy
300
Anytown Police Department
Policy Manual
Use of Force
300.1   PURPOSE AND SCOPE
This policy provides guidelines on the reasonable use of force.
300.1.1   DEFINITIONS
Definitions related to this policy include:
300.2   POLICY
The use of force by law enforcement personnel is a matter of critical concern.
300.2.1   DUTY TO INTERCEDE
Any officer present and observing another officer using force shall intercede.
300.3   USE OF FORCE
Officers shall use only that amount of force that reasonably appears necessary.
"""

HEADED = """Fleeing driver policy
This chapter contains these topics:

Overview

Risk assessment

Search phase

In force from 18 October 2010

Page 1 of 3
\fOverview
Drivers who fail to stop for Police pose risks to public safety.
In force from 18 October 2010

Page 2 of 3
\fRisk assessment
The pursuing officer must continuously assess the risk.
Search phase
A search phase begins when the pursuit is abandoned.
In force from 18 October 2010

Page 3 of 3
"""

GENERAL_ORDER = """ALBUQUERQUE POLICE DEPARTMENT
GENERAL ORDER 2-13
SUBJECT: PURSUIT DRIVING

POLICY:
It is the policy of the department to protect the public during a pursuit.

PROCEDURES:
A. Officers shall activate emergency equipment.
B. Supervisors shall monitor the pursuit.

DEFINITIONS:
Pursuit means an active attempt to stop a fleeing vehicle.
"""

DIRECTIVE = """HANOVER PARK POLICE DEPARTMENT
DIRECTIVE: 100-A
Written Directive System

I. PURPOSE
To establish a written directive system.

II. POLICY
The department shall keep a written directive system.

III. PROCEDURES
A. Directives are numbered by chapter.
B. The Chief approves every directive.
"""

CHAPTERS = """TRAFFIC MANUAL

Chapter 1 General Provisions
Officers enforce traffic law fairly.

Chapter 2 Pursuits
A. Officers shall weigh the danger of a pursuit.
B. Supervisors shall monitor every pursuit.

Chapter 3 Reports
Every pursuit is reported.
"""

LETTERED = """GENERAL ORDERS
E-01 USE OF FORCE

A.  DEFINITIONS
1.  Deadly Force. The level of force that can cause death.
2.  Officer. A sworn police officer or detention officer.

B.  POLICY

1. USE OF ANY FORCE IS USUALLY REACTIONARY (in response to a subject's actions).
2. WHEN FEASIBLE, PRECEDE ANY USE OF DEADLY FORCE BY A VERBAL WARNING.

C.  AUTHORIZED TECHNIQUES

OR WEAPONS
Officers use only the techniques and weapons the department trains them in.
"""

SECTIONS_IN_WORDS = """RULE 303A
USE OF LESS LETHAL FORCE

Sec. 1 DEFINITIONS:
1.1 Reasonableness is moderate and fair action within reason, suitable to the confrontation.

Sec. 2 GENERAL CONSIDERATIONS:
The Department has adopted the less-lethal force philosophy.

Sec. 3 TRAINING AND QUALIFICATION:
Training consists of the Department's approved program.
"""

SUFFIXED = """Colorado Springs Police Department
General Order 705
Section 7: Use of Force
.01   Purpose
The purpose of this policy is to guide the lawful use of force.
.02   Cross Reference
GO 815, Deadly Force Investigations
.10   Use of Deadly Force
A. An officer may use deadly force to protect life.
"""

CAPTIONS_FIRST = """CITY POLICE DEPARTMENT POLICY AND PROCEDURE
1210.4, VEHICLE PURSUITS

EFFECTIVE:
DISTRIBUTION:

CONTENTS:

1.  DEFINITIONS
2.  PURSUIT DECISIONS
3.  TERMINATION

POLICY:
It is the policy of the City Police Department to pursue a fleeing vehicle only when the
need to apprehend the driver outweighs the danger to the public.

PROCEDURES:

1.  DEFINITIONS

Pursuit: An active attempt by an officer to stop a fleeing vehicle.

2.  PURSUIT DECISIONS

2.1  INITIATING
Officers may begin a pursuit only for a violent felony.

2.2  CONTINUING
The officer reassesses the pursuit as it goes on.

3.  TERMINATION
A supervisor may end a pursuit at any time.
"""

LISTED_FIRST = """Harbor City Police Department

Departmental Order #310 - Vehicle Pursuits

310 - Vehicle Pursuits . . . . . . . . . . . . . . . . . . . . 1
Purpose . . . . . . . . . . . . . . . . . . . . . . . . . . . . 1
Policy . . . . . . . . . . . . . . . . . . . . . . . . . . . . . 1
Definitions . . . . . . . . . . . . . . . . . . . . . . . . . . 1
I. Starting a Pursuit . . . . . . . . . . . . . . . . . . . . . 2
II. Ending a Pursuit . . . . . . . . . . . . . . . . . . . . . . 2
III. Reporting . . . . . . . . . . . . . . . . . . . . . . . . . 3

The purpose of this Order is to set the rules officers follow when a driver flees from them.

Purpose

Policy

Officers weigh the danger a pursuit brings to the public against the need to stop the driver,
and the public's safety comes first in every case they decide.

Definitions

A pursuit is an active attempt by an officer to stop a driver who flees.

I. Starting a Pursuit

A. Officers may start a pursuit only for a violent felony.

II. Ending a Pursuit

A. A supervisor may end a pursuit at any time.

III. Reporting

A. The officer reports every pursuit before the end of the shift.

APPENDIX

PURSUIT REPORT GUIDELINES

Every pursuit report should include the following:

1. The reason the pursuit began.

2. The reason it ended.
"""

MIXED = """GENERAL ORDER
1.30
USE OF FORCE

POLICY
This policy provides officers with guidelines for the reasonable use of force. The department
considers the use of force to be defensive in nature and used only when necessary.

PURPOSE AND SCOPE
The use of force by law enforcement is a matter of critical concern for the public, and the
amount and type of force used shall be reasonable in all situations.

I. Factors Used to Determine the Reasonableness of Force
A. The severity of the crime at issue.
II. Less Lethal Force Options
A. Officers may use a baton.
"""

SECTIONS_TITLED = """CITY OF ANYTOWN
USE OF FORCE

SECTION 1 – Purpose
This policy guides the use of force by officers.

SECTION 2 – Policy Statement
Officers use only reasonable force.

Section 3: Definitions
Force means any physical contact.
"""

CONTENTS = """USE OF FORCE
Table of Contents
300.1 Purpose and Scope ........................ 1
300.2 Policy ................................... 2
300.3 Use of Force ............................. 3
300.1   PURPOSE AND SCOPE
This policy provides guidelines on the reasonable use of force.
300.2   POLICY
The use of force is a matter of critical concern.
300.3   USE OF FORCE
Officers shall use only that force that reasonably appears necessary.
"""


def headings(result: ImportResult) -> list[str]:
    return [f"{section.number} {section.title}".strip() for section in result.new.sections]


def checks_clean(result: ImportResult, tmp_path: Path) -> None:
    path = tmp_path / result.policy / "imported.md"
    path.parent.mkdir(parents=True)
    path.write_text(render_import_markdown(result, "new", "imported"), encoding="utf-8")
    diagnostics = check_paths([path])
    assert not has_errors(diagnostics), "\n".join(map(str, diagnostics))


@pytest.mark.parametrize(("text", "scheme", "policy", "expected"), [
    (ROMAN, "roman", "G03-02",
     ["I. Purpose", "II. Department Policy", "III. Use of Force - When Authorized"]),
    (DOTTED, "dotted", "300",
     ["300.1 PURPOSE AND SCOPE", "300.1.1 DEFINITIONS", "300.2 POLICY",
      "300.2.1 DUTY TO INTERCEDE", "300.3 USE OF FORCE"]),
    (HEADED, "headed", "fleeing-driver-policy", ["Overview", "Risk assessment", "Search phase"]),
    (GENERAL_ORDER, "headed", "2-13", ["POLICY", "PROCEDURES", "DEFINITIONS"]),
    (DIRECTIVE, "roman", "100-A", ["I. PURPOSE", "II. POLICY", "III. PROCEDURES"]),
    (CHAPTERS, "chapter", "traffic-manual",
     ["Chapter 1 General Provisions", "Chapter 2 Pursuits", "Chapter 3 Reports"]),
    # The headed scheme keeps a letter or `Sec. N` in the title: the format has no place else.
    (LETTERED, "headed", "E-01",
     ["A. DEFINITIONS", "B. POLICY", "C. AUTHORIZED TECHNIQUES OR WEAPONS"]),
    (SECTIONS_IN_WORDS, "headed", "rule-303a",
     ["Sec. 1 DEFINITIONS", "Sec. 2 GENERAL CONSIDERATIONS", "Sec. 3 TRAINING AND QUALIFICATION"]),
    (SECTIONS_TITLED, "headed", "city-of-anytown",
     ["SECTION 1 – Purpose", "SECTION 2 – Policy Statement", "Section 3: Definitions"]),
    # `.01` under General Order 705 is its section 705.01.
    (SUFFIXED, "dotted", "705",
     ["705.01 Purpose", "705.02 Cross Reference", "705.10 Use of Deadly Force"]),
    # Headings in capitals, then Roman ones: unnumbered sections, then numbered ones.
    (MIXED, "roman", "1.30",
     ["POLICY", "PURPOSE AND SCOPE", "I. Factors Used to Determine the Reasonableness of Force",
      "II. Less Lethal Force Options"]),
    # Section captions over the policy's statement and over the numbered chapters.
    (CAPTIONS_FIRST, "dotted", "1210.4",
     ["POLICY", "PROCEDURES", "1 DEFINITIONS", "2 PURSUIT DECISIONS", "2.1 INITIATING",
      "2.2 CONTINUING", "3 TERMINATION"]),
    # Unnumbered sections the contents lists before `I.`; an appendix after the last section.
    (LISTED_FIRST, "roman", "310",
     ["Purpose", "Policy", "Definitions", "I. Starting a Pursuit", "II. Ending a Pursuit",
      "III. Reporting", "APPENDIX PURSUIT REPORT GUIDELINES"]),
], ids=["chicago-roman", "lexipol-dotted", "nz-headed", "old-apd-general-order",
        "hanover-directive", "chapters", "lettered", "sections-in-words", "sections-titled", "order-suffixed",
        "capitals-then-roman", "captions-then-dotted", "listed-then-roman-and-appendix"])
def test_each_scheme_is_found_and_checks_clean(text: str, scheme: str, policy: str,
                                              expected: list[str], tmp_path: Path) -> None:
    result = import_text(text, "in.txt")
    assert (result.scheme, result.policy, headings(result)) == (scheme, policy, expected)
    assert not result.changes
    checks_clean(result, tmp_path)


def test_lettered_clauses_in_capitals_out_of_turn_head_no_section() -> None:
    """Roman sections keep their lettered clauses in capitals; two letters out of turn are no
    run of lettered headings either."""
    clauses = ROMAN.replace("A.\tSanctity of Human Life.", "\nA.  SANCTITY OF HUMAN LIFE\n")
    assert headings(import_text(clauses))[:2] == ["I. Purpose", "II. Department Policy"]
    skipped = LETTERED.replace("B.  POLICY", "D.  POLICY")
    assert not any(heading[:2] in ("A.", "C.", "D.") for heading in headings(import_text(skipped)))


def test_numbering_is_written_in_the_front_matter_except_for_apd() -> None:
    assert "\nnumbering: roman\n" in render_import_markdown(import_text(ROMAN), "new")
    seed = Path(__file__).parent / "fixtures" / "clean_sop.txt"
    assert "numbering:" not in render_import_markdown(import_text(seed.read_text()), "new")


def test_clause_addresses_follow_the_scheme() -> None:
    result = import_text(ROMAN)
    policy = result.new.sections[1]
    assert (policy.address, policy.children[1].children[0].address) == (
        "G03-02.II", "G03-02.II.B.1")
    headed = import_text(HEADED).new.sections
    assert [section.address for section in headed] == [
        "fleeing-driver-policy.overview", "fleeing-driver-policy.risk-assessment",
        "fleeing-driver-policy.search-phase"]


def test_a_table_of_contents_is_set_aside_as_artifacts() -> None:
    result = import_text(CONTENTS)
    assert headings(result) == ["300.1 PURPOSE AND SCOPE", "300.2 POLICY", "300.3 USE OF FORCE"]
    # The caption above the leader lines goes with them, as it does above a list of titles.
    assert [a.line for a in result.artifacts if a.kind == "contents"] == [2, 3, 4, 5]
    assert not any(w.code == "preamble" and w.line in (2, 3, 4, 5) for w in result.warnings)


def test_a_contents_list_without_leaders_gives_the_headed_chapters() -> None:
    result = import_text(HEADED)
    contents = [a.text for a in result.artifacts if a.kind == "contents"]
    assert contents == ["This chapter contains these topics:", "Overview", "Risk assessment",
                        "Search phase"]


FLOWED_CONTENTS = """Pursuit policy
Detailed table of contents This chapter contains the following topics: Policy
statement ............................................ 3
What .................................................. 3
Why ................................................... 3 Overall
principles ............................................ 4 Search
phase ................................................. 5
Policy statement
What Officers stop vehicles for many reasons.
Overall principles
Safety comes first.
Search phase
A search phase begins when the pursuit is abandoned.
"""

CAPTION_AGAIN = """Pursuit policy
Table of Contents
Table of Contents Purpose
Overall principles
Search phase
Appendix A - Scenarios

2 4 6 9

Warning! This policy is not for release outside Police.
Purpose
The purpose of this policy is to guide staff.
Overall principles
Safety comes first.
Search phase
A search phase begins when the pursuit is abandoned.
"""


def test_a_contents_flowed_as_a_paragraph_is_cut_at_its_leaders() -> None:
    """Entries that run on (`Why ..... 3 Overall` / `principles ..... 4`) are whole titles, and
    every line of the contents, caption included, is set aside."""
    result = import_text(FLOWED_CONTENTS)
    contents = [a.line for a in result.artifacts if a.kind == "contents"]
    assert contents == [2, 3, 4, 5, 6, 7]
    assert headings(result) == ["Policy statement", "Overall principles", "Search phase"]


def test_a_long_leader_that_lost_its_page_leaves_the_next_numbered_title_whole() -> None:
    lines = ("Table of Contents", "300.1 Purpose and Scope ......................",
             "300.2 Policy ................................ 2",
             "300.3 Use of Force .......................... 3")
    titles, numbers = find_contents([Line(number, text) for number, text in enumerate(lines, 1)])
    assert titles == ["300.1 Purpose and Scope", "300.2 Policy", "300.3 Use of Force"]
    assert numbers == {1, 2, 3, 4}


def test_a_caption_repeated_with_an_entry_and_the_page_column_belong_to_the_contents() -> None:
    result = import_text(CAPTION_AGAIN)
    contents = [a.text for a in result.artifacts if a.kind == "contents"]
    assert contents == ["Table of Contents", "Table of Contents Purpose", "Overall principles",
                        "Search phase", "Appendix A - Scenarios", "2 4 6 9"]
    assert headings(result) == ["Purpose", "Overall principles", "Search phase"]


def test_with_no_sections_the_header_table_is_not_also_the_text() -> None:
    """The one section of a text without headings holds what the outline did not take."""
    result = import_text("Notice to staff\n"
                         "Officers must wear seatbelts when driving a Police vehicle.\n\n"
                         "Related policies include:\n- Vehicle management policy\n"
                         "- Radio protocols\n")
    assert [w.code for w in result.warnings if w.code == "no-sections"] == ["no-sections"]
    assert [ref.title.strip("- ") for ref in result.new.meta.related] == [
        "Vehicle management policy", "Radio protocols"]
    assert result.new.sections[0].text == (
        "Officers must wear seatbelts when driving a Police vehicle.")


def test_page_furniture_found_by_repetition_across_pages() -> None:
    result = import_text(HEADED)
    furniture = {(a.line, a.text) for a in result.artifacts
                 if a.kind in ("running-header", "page-number")}
    assert {(10, "In force from 18 October 2010"), (12, "Page 1 of 3"),
            (15, "In force from 18 October 2010"), (22, "In force from 18 October 2010")
            } <= furniture
    words = " ".join(node.text for section in result.new.sections for node in section.children)
    assert "In force" not in words and "In force" not in " ".join(
        section.text for section in result.new.sections)


def test_a_court_stamp_on_every_page_is_furniture() -> None:
    body = ["Officers shall intervene.", "Supervisors shall respond.", "Reports are due in 24 hours.",
            "Training is annual.", "Force is reviewed.", "Medical aid comes first.",
            "Warnings come before force.", "Tasers are tools.", "Cameras record."]
    pages = [f"Case 2:12-cv-00{n}11 Document 4-2 Filed 03/0{n}/13 Page {n} of 3\n"
             + "\n".join(body[3 * (n - 1): 3 * n]) for n in (1, 2, 3)]
    text = "\n\f".join(pages)
    assert furniture_lines(normalise_text(text), page_starts(text)) == {1, 5, 9}


FOOTER = ["____________________", "POLICE OPERATIONS MANUAL", "ANYTOWN VILLAGE",
          "Dir.#: 125-A", "Issued: 05/21/2001", "Eff: 05/23/2001", "Rescinds:", "Auth:"]


def test_a_footer_taller_than_the_edge_is_peeled_and_the_last_form_feed_is_no_page() -> None:
    """Two pages, each ending with an eight-line footer and its page number, then the form
    feed `pdftotext` ends with: every footer line is furniture, no line of text is."""
    pages = [["POLICY", "Officers research new methods each year."],
             ["PROCEDURE", "Reports go to the Chief of Police."]]
    text = "\n\f".join("\n".join([*page, *FOOTER, f"Page {n} of 2"])
                       for n, page in enumerate(pages, start=1)) + "\n\f"
    lines = normalise_text(text)
    found = furniture_lines(lines, page_starts(text))
    assert {line.text for line in lines if line.number in found} == {*FOOTER, "Page 1 of 2",
                                                                     "Page 2 of 2"}


def test_a_line_every_section_opens_with_is_no_furniture() -> None:
    """Under a three-line running header, four of ten pages start a section: its title, then
    the same line. That line is the section's text: peeling past the header looks at the
    line next to it (the title), not three lines deep."""
    header = ["Police Manual", "Fleeing driver policy", "Released under the Act"]
    words = ["arrest", "vehicle", "road", "tyre", "pursuit", "radio", "supervisor", "risk",
             "public", "driver", "speed", "record"]
    pages = []
    for n in range(10):
        start = ([f"The {words[n].title()} rules", "This section contains the following topics:"]
                 if n % 3 == 0 else [])
        body = [f"Officers check the {words[(n + k) % 12]} and the {words[(n + 2 * k + 1) % 12]}."
                for k in range(6)]
        pages.append("\n".join([*header, *start, *body]))
    text = "\n\f".join(pages)
    lines = normalise_text(text)
    found = furniture_lines(lines, page_starts(text))
    assert {line.text for line in lines if line.number in found} == set(header)


def test_furniture_needs_pages_or_three_repeats() -> None:
    text = "Use of Force\nPage 1 of 2\nA line.\nPage 2 of 2\nAnother line."
    assert furniture_lines(normalise_text(text)) == set()


def test_numbering_given_overrides_the_text() -> None:
    result = import_text(DIRECTIVE.replace("I. PURPOSE", "PURPOSE"), numbering="headed")
    assert (result.scheme, headings(result)) == ("headed", ["PURPOSE"])
    with pytest.raises(ImportTextError, match='unknown numbering "romans" '
                       r'\(did you mean "roman"\?\); use apd, dotted, roman, chapter or headed'):
        import_text(DIRECTIVE, numbering="romans")


def test_cli_numbering_and_redline_flags(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    # `PURPOSE` in capitals alone: a heading of the headed scheme the option asks for.
    source.write_text(DIRECTIVE.replace("I. PURPOSE", "PURPOSE")
                      + "C. Officers will shall comply.\n", encoding="utf-8")
    plain = CliRunner().invoke(main, ["import", str(source), "--numbering", "headed", "--side",
                                      "new"])
    assert plain.exit_code == 0 and "\nnumbering: headed\n" in plain.stdout
    assert "will shall comply" in plain.stdout
    forced = CliRunner().invoke(main, ["import", str(source), "--redline"])
    assert "{~~will~>shall~~}" in forced.stdout
    quiet = CliRunner().invoke(main, ["import", str(source), "--no-redline"])
    assert "redline-possible" not in quiet.stderr and "will shall comply" in quiet.stdout


def test_a_letterhead_set_letter_by_letter_is_furniture() -> None:
    head = "  D E T R O I T   P O L I C E   D E P A R T M E N T  "
    body = ["Officers shall intervene.", "Supervisors shall respond.", "Reports are due today.",
            "Training is annual.", "Force is reviewed.", "Medical aid comes first."]
    text = "\n\f".join(f"{head}\n" + "\n".join(body[2 * n: 2 * n + 2]) for n in range(3))
    assert furniture_lines(normalise_text(text), page_starts(text)) == {1, 4, 7}


def test_bare_page_numbers_that_count_with_the_pages_are_no_sanctions() -> None:
    """`1`, `2`, `3` alone at the pages' feet are page numbers; a `2` that does not count
    with its page stays what it reads as (a sanction class in the APD format)."""
    pages = ["300.1 PURPOSE\nOfficers use reasonable force.\n1",
             "300.2 POLICY\nOfficers report force.\n2",
             "300.3 TRAINING\nOfficers train yearly.\n3"]
    result = import_text("\n\f".join(pages))
    assert [(a.line, a.kind) for a in result.artifacts if a.text in "123"] == [
        (3, "page-number"), (6, "page-number"), (9, "page-number")]
    assert all(section.sanction is None for section in result.new.sections)
    counted = page_number_lines(normalise_text("\n\f".join(pages)),
                                page_starts("\n\f".join(pages)))
    assert counted == {3, 6, 9}
    shuffled = "\n\f".join(page.replace("\n1", "\n2") if n == 0 else page.replace("\n2", "\n5")
                           for n, page in enumerate(pages))
    assert page_number_lines(normalise_text(shuffled), page_starts(shuffled)) == set()


def test_an_order_s_header_in_capitals_above_roman_sections_leaves_them_roman() -> None:
    """Capital lines with a few words under them (a header) do not make the sections headed."""
    header = MIXED.split("\nI. ")[0]
    short = "\n".join(line for line in header.splitlines() if not line.startswith(
        ("This policy", "considers", "The use", "amount"))) + "\nI. " + MIXED.split("\nI. ")[1]
    result = import_text(short)
    assert (result.scheme, headings(result)) == ("roman", [
        "I. Factors Used to Determine the Reasonableness of Force",
        "II. Less Lethal Force Options"])


def test_prose_before_the_first_section_is_kept_as_its_text() -> None:
    """A statement of policy above `I.` is policy text, kept in the first section and flagged;
    a letterhead and short notices above it stay artifacts."""
    statement = ("The Department is committed to resolving incidents without force where it can, "
                 "and to using only the force that is reasonably necessary where it cannot. ") * 5
    words = statement.split()
    lines = [" ".join(words[n:n + 12]) for n in range(0, len(words), 12)]
    text = "\n".join(["Anytown Police Department", "General Order 12", "USE OF FORCE", "",
                      *lines, "", "I. PURPOSE", "This order guides the use of force.",
                      "II. POLICY", "Officers use reasonable force."])
    result = import_text(text)
    first = result.new.sections[0]
    assert (first.number, first.text.split()[:4]) == ("I.", ["The", "Department", "is",
                                                             "committed"])
    assert [a.text for a in result.artifacts if a.kind == "preamble"] == [
        "Anytown Police Department", "General Order 12"]
    assert any(w.code == "preamble" and "kept as the first section's text" in w.message
               for w in result.warnings)
    short = text.replace("\n".join(lines[2:]), "")
    assert import_text(short).new.sections[0].text.startswith("This order")


def test_a_subject_line_gives_the_title_and_the_policy_id() -> None:
    text = ("Number:   SO 20-28\nDate:   June 11, 2020\nPost/Mention:  Indefinite\n\n"
            "SUBJECT:  RULE 303A – USE OF LESS - LETHAL FORCE\n\n"
            + SECTIONS_IN_WORDS.split("\n", 2)[2])
    result = import_text(text)
    assert result.policy == "rule-303a-use-of-less-lethal-force"
    assert "\ntitle: Rule 303A – Use of Less - Lethal Force\n" in render_import_markdown(
        result, "new")


def test_a_note_in_capitals_alone_heads_no_section() -> None:
    text = ("USE OF FORCE\n\nPURPOSE\n\nThis order sets out the use of force.\n\nNOTE\n\n"
            "Officers read this order every year.\n\nPROCEDURES\n\nOfficers report force.\n")
    result = import_text(text)
    assert (result.scheme, headings(result)) == ("headed", ["PURPOSE", "PROCEDURES"])
    assert "NOTE" in result.new.sections[0].text


def test_a_header_table_s_title_cell_and_the_running_header_s_number() -> None:
    """`Policy 1115` at every page's top is furniture that still names the policy; the title
    stands in the header table below its caption, not in the caption (`Subject`)."""
    pages = [("Subject\n\nDate Published\n\nUSE OF FORCE\n\n24 November 2019\n\nPOLICY\n\n"
              "Officers value human life and use force only as a last resort."),
             "CORE PRINCIPLES\n\nOfficers use the least force that meets the threat.",
             "DEFINITIONS\n\nForce means any physical contact with a subject.",
             "REQUIRED ACTION\n\nOfficers report every use of force the same day."]
    text = "\n\f".join(f"Policy 1115\n\n{page}" for page in pages)
    result = import_text(text)
    assert (result.policy, headings(result)) == (
        "1115", ["POLICY", "CORE PRINCIPLES", "DEFINITIONS", "REQUIRED ACTION"])
    assert "\ntitle: Use of Force\n" in render_import_markdown(result, "new")


def test_the_title_is_no_series_name_caption_or_bare_number() -> None:
    text = ("KANSAS CITY MISSOURI POLICE DEPARTMENT\nPROCEDURAL INSTRUCTION\nDATE OF ISSUE\n"
            "10-11-13\nResponse to Resistance\n\nPOLICY\n\nOfficers use reasonable force.\n\n"
            "PROCEDURE\n\nOfficers report force.\n\nDEFINITIONS\n\nForce is contact.\n")
    result = import_text(text)
    assert (result.policy, headings(result)) == (
        "response-to-resistance", ["POLICY", "PROCEDURE", "DEFINITIONS"])
    titled = import_text(text.replace("PROCEDURAL INSTRUCTION", "Policy Manual on Force"))
    assert titled.policy == "policy-manual-on-force"  # a title that opens with a series name
    assert headings(titled) == ["POLICY", "PROCEDURE", "DEFINITIONS"]  # no letterhead


def test_a_running_header_names_the_order_after_the_department() -> None:
    """`ANYTOWN POLICE DEPARTMENT  DIRECTIVE 22` at every page's top: the number is the id,
    the page's own number after it (`DIRECTIVE 22 - 1` at the foot) is not."""
    pages = ["PURPOSE\n\nThis directive sets out how force is used.",
             "POLICY\n\nOfficers use only the force that is necessary.",
             "REPORTING\n\nEvery use of force is reported the same day."]
    text = "\n\f".join(f"ANYTOWN POLICE DEPARTMENT         DIRECTIVE 22\n\n{page}\n\n"
                       f"DIRECTIVE 22 - {number}" for number, page in enumerate(pages, 1))
    result = import_text(text)
    assert (result.policy, headings(result)) == ("22", ["PURPOSE", "POLICY", "REPORTING"])


def test_a_subject_line_below_a_purpose_set_first_gives_the_title() -> None:
    text = ("PURPOSE\n(12-20-10)\nThis directive outlines the proper use of force by officers.\n"
            "The use of deadly force is covered in another directive.\n"
            "ANYTOWN POLICE DEPARTMENT\nSUBJECT:    USE OF FORCE\n\n"
            "I.  POLICY\n\nA.  Officers use only the force that is necessary.\n\n"
            "II.  REPORTING\n\nA.  Every use of force is reported.\n")
    assert import_text(text).new.title == "Use of Force"


def test_an_order_s_number_and_title_after_their_captions() -> None:
    """`General Order No: P-400` and `General Order Title:  USE OF FORCE` in the header."""
    text = ("ANYTOWN POLICE DEPARTMENT GENERAL ORDER\n"
            "This directive is for internal use only and does not enlarge any liability.\n"
            "Chief of Police: Jane Roe /s/\nGeneral Order No: P-400\n"
            "General Order Title:  USE OF FORCE\nIssued: January 14, 2009\n\n"
            "POLICY\nOfficers use only the force that reasonably appears necessary.\n\n"
            "DEFINITIONS\nForce is the effort required to compel compliance.\n\n"
            "PROCEDURES\nOfficers report every use of force.\n")
    result = import_text(text)
    assert (result.policy, result.new.title, headings(result)) == (
        "P-400", "Use of Force", ["POLICY", "DEFINITIONS", "PROCEDURES"])


def test_a_form_s_numbered_fields_are_no_chapters() -> None:
    """Chapters numbered alone need dotted sections under them: `1.  INCIDENT NUMBER`,
    `2.  REPORT DATE` on a form printed after the order are fields, not its outline."""
    text = ("USE OF FORCE\n\nPURPOSE\n\nThis order sets out how force is used.\n\n"
            "DEFINITIONS\n\nForce is any physical effort to compel compliance.\n\n"
            "BATON USE\n\nThe baton is used on active aggression only.\n\n"
            "1.  INCIDENT NUMBER\n2.  REPORT DATE\n3.  ROUTING\n")
    assert headings(import_text(text)) == ["PURPOSE", "DEFINITIONS", "BATON USE"]


@pytest.mark.parametrize("publication", ["Police Manual", "Police Instructions",
                                         "Proactively released by Anytown Police"])
def test_a_manual_s_name_or_release_stamp_atop_every_page_is_no_title(publication: str) -> None:
    """Each chapter of a manual prints the manual's name (or a release stamp) at every page's
    top: the chapter's own title below it names the policy, so chapters do not share an id."""
    pages = ["Vehicle pursuits\n\nOverview\n\nThis chapter says when a pursuit may start.",
             "Risk assessment\n\nOfficers weigh the risk before every pursuit.",
             "Abandoning a pursuit\n\nA pursuit ends when the risk outweighs the need."]
    text = "\n\f".join(f"{publication}\n\n{page}" for page in pages)
    result = import_text(text)
    assert (result.policy, result.new.title) == ("vehicle-pursuits", "Vehicle pursuits")
    assert all(a.kind == "running-header" for a in result.artifacts if a.text == publication)


ONE_SECTION = """POLICE DEPARTMENT
ANYTOWN, ILLINOIS

DIRECTIVE:        214-A

SUBJECT:     Court Appearances

POLICY:      Officers attend court when subpoenaed and arrive on time.

I.    Procedure

      A.     Officers tell their supervisor of every subpoena.

      B.     Officers wear the uniform of the day in court.
"""


def test_a_directive_of_one_roman_section_is_read_as_one() -> None:
    """`I.  Procedure` alone under a directive's header: a section, not a header swallowed
    into one unnumbered section; the short policy statement above it is text, not a notice."""
    result = import_text(ONE_SECTION, "d.txt")
    assert (result.policy, result.new.title, result.new.numbering) == (
        "214-A", "Court Appearances", "roman")
    [section] = result.new.sections
    assert (section.number, section.title) == ("I.", "Procedure")
    assert section.text == "POLICY: Officers attend court when subpoenaed and arrive on time."
    assert [c.address for c in walk(section.children)] == ["214-A.I.A", "214-A.I.B"]
    assert not [a for a in result.artifacts if "subpoenaed" in a.text]


def test_a_count_of_sections_in_capitals_may_skip_a_deleted_number() -> None:
    """`II.` then `IV.`: a section was deleted and the rest kept their numbers. The count goes
    on; a clause lettered `V.` out of turn, not in capitals, still heads nothing."""
    text = ("DIRECTIVE: 121-A\nSUBJECT: Awards\n\n"
            "I.  ELIGIBILITY\n\nA.  Any member may be nominated.\n\n"
            "II.  NOMINATIONS\n\nA.  Nominations go to the awards board.\n\n"
            "IV.  CRITERIA\n\nA.  The board weighs the nominee's conduct.\n\n"
            "V.  PRESENTATION\n\nA.  Awards are given at an annual ceremony.\n"
            "B.  Families are invited.\nC.  Press may attend.\nD.  Photos are taken.\n"
            "E.  Names are read.\nF.  Medals are pinned.\nG.  Certificates follow.\n"
            "H.  Records are kept.\nI.  Copies go to the file.\nV.  Vote counts stay sealed.\n")
    result = import_text(text, "d.txt")
    assert [s.number for s in result.new.sections] == ["I.", "II.", "IV.", "V."]
    assert any("Vote counts stay sealed." in c.text for c in walk(result.new.sections[-1].children))


def test_captions_in_capitals_inside_two_roman_sections_leave_them_roman() -> None:
    """`I.  Definitions` holding `SEXUAL HARASSMENT: ...` terms and `II.  Procedures` holding
    `A.  PROHIBITED ACTIVITY` ...: the captions are the sections' own, not an outline."""
    text = ("DIRECTIVE: 122-A\nSUBJECT:  Workplace Conduct\n\n"
            "POLICY:  Harassment of any kind is not tolerated in this department.\n\n"
            "I.    Definitions\n\n"
            "      HARASSMENT: Conduct that interferes with another member's work.\n\n"
            "      RETALIATION: Any act against a member who reports harassment.\n\n"
            "II.   Procedures\n\n"
            "      A.     PROHIBITED ACTIVITY\n\n"
            "             1.  No member ridicules another.\n\n"
            "      B.     EMPLOYEE RESPONSIBILITIES\n\n"
            "             1.  Members report harassment at once.\n\n"
            "      C.     SUPERVISOR RESPONSIBILITIES\n\n"
            "             1.  Supervisors act on every report.\n\n"
            "      D.     COMPLAINT PROCEDURE\n\n"
            "             1.  A complaint goes to the member's commander.\n\n"
            "      E.     INVESTIGATION\n\n"
            "             1.  Every complaint is investigated promptly.\n")
    result = import_text(text, "d.txt")
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("I.", "Definitions"), ("II.", "Procedures")]


def test_a_contents_page_column_beside_its_titles_is_no_part_of_them() -> None:
    """`Driver fails to stop      8` in a contents list without leaders: the page stays out of
    the title, so the heading below is found; `Section 114` keeps its number."""
    text = ("Pursuit policy\n\nTable of Contents\nPurpose      8\nWhen to pursue      9\n"
            "When to stop      10\nSection 114      12\n\n"
            "Purpose\nThe purpose of this chapter is to guide staff.\n\n"
            "When to pursue\nOfficers pursue only when the risk is justified.\n\n"
            "When to stop\nA pursuit ends when the risk outweighs the need.\n\n"
            "Section 114\nThe Act gives the power to stop a vehicle.\n")
    result = import_text(text)
    assert headings(result) == ["Purpose", "When to pursue", "When to stop", "Section 114"]


def test_a_department_s_name_over_two_lines_is_no_title() -> None:
    lines = [Line(1, "Anytown Metropolitan"), Line(2, "Police Department"), Line(3, ""),
             Line(4, "Use of Force"), Line(5, "Chicago Police Department"),
             Line(6, "ANYTOWN POLICE"), Line(7, "DEPARTMENT")]
    # `Use of Force` above a department's whole name is a title, not part of the name.
    assert letterhead_over_two_lines(lines) == {1, 2, 6, 7}


def test_an_order_numbered_after_a_letter_in_its_header_table_names_the_policy() -> None:
    text = ("ANYTOWN POLICE\nDEPARTMENT\nGENERAL ORDERS\nServing with Pride\nOrder\nSubject\n"
            "E-07  VEHICLE PURSUITS\nEffective\n04/24/15\n\n"
            "A.  DEFINITIONS\n\nPursuit means an attempt to stop a fleeing vehicle.\n\n"
            "B.  POLICY\n\nOfficers pursue only when the need outweighs the risk.\n")
    result = import_text(text)
    assert (result.policy, result.new.title) == ("E-07", "Vehicle Pursuits")


def test_a_sentence_broken_around_the_first_heading_opens_its_text() -> None:
    """A page in two columns: the heading beside its text, the text's first line above it."""
    text = ("ANYTOWN POLICE DEPARTMENT\nGENERAL ORDERS\nSUBJECT: USE OF CONTROL\n\n"
            "Anytown officers may use control\n\n"
            "I.  POLICY\n\nmeasures only when the law allows them.\n\n"
            "II.  PROCEDURE\n\nA.  Officers report every use of control measures.\n")
    result = import_text(text)
    assert result.new.sections[0].text == (
        "Anytown officers may use control measures only when the law allows them.")
    unfinished = text.replace("measures only", "Measures only")  # a sentence of its own below
    assert "Anytown officers" not in import_text(unfinished).new.sections[0].text


def test_an_order_s_number_and_title_at_every_page_s_foot_name_the_policy() -> None:
    """`7.4.1 VEHICLE PURSUITS` at each page's foot, the manual's part (`FIELD OPERATIONS`) at
    its top: the footer names the policy where the text names no number."""
    pages = ["Officers pursue a vehicle only when the need outweighs the risk to the public.",
             "A supervisor monitors every pursuit and may end it at any time.",
             "Every pursuit is reported before the end of the shift in which it happened."]
    text = "\n\f".join(f"MANUAL OF THE ANYTOWN POLICE DEPARTMENT\nFIELD OPERATIONS\n\n{page}\n\n"
                       f"7.4.1 VEHICLE PURSUITS\nPage {number} of 3"
                       for number, page in enumerate(pages, 1))
    result = import_text(text)
    assert (result.policy, result.new.title) == ("7.4.1", "Vehicle Pursuits")


@pytest.mark.parametrize("date", ["Aug. 01, 1987", "April 2013", "Sept 5, 2019"])
def test_a_date_written_out_or_cut_short_is_no_title(date: str) -> None:
    text = (f"{date}\nVehicle Pursuits\n\nPOLICY\n\nOfficers pursue only when the need "
            "outweighs the risk.\n\nPROCEDURE\n\nA supervisor monitors every pursuit.\n")
    assert import_text(text).new.title == "Vehicle Pursuits"


@pytest.mark.parametrize("suffix", [" - EFFECTIVE 15 MARCH 2022", " (Effective March 15, 2022)"])
def test_the_date_a_version_takes_effect_after_its_title_is_no_part_of_it(suffix: str) -> None:
    """Long titles stay titles when the date is set beside them."""
    title = "Vehicle Pursuits - Authorized Tactics and Post-Pursuit Review Procedures"
    text = (f"Anytown Police Department\tGeneral Order G05-01\n\n{title}{suffix}\n\n"
            "Issue Date:\t01 March 2022\tEffective Date:\t15 March 2022\n\n"
            "I.\tPurpose\n\nThis directive sets out when officers pursue.\n\n"
            "II.\tPolicy\n\nOfficers pursue only when the need outweighs the risk.\n")
    assert import_text(text).new.title == title


LETTERHEADS = {
    # `Standard Operating` / `Procedure`: a series name over two lines, then the number's line.
    "a series name over two lines": (
        ("Anytown Police Department\nPolicy Manual\n\nEffective Date\nMay 2, 2019\n\n"
        "Standard Operating\nProcedure\n\nAPD.SOP.4020\nVehicle Pursuits\n\n"
        "1.  PURPOSE\n\nThis procedure sets out when officers pursue.\n\n"
        "2.  POLICY\n\nOfficers pursue only when the need outweighs the risk.\n"),
        None, "Vehicle Pursuits"),
    # `M A N U A L`, a header table; `Chapter` / `412 – Vehicle Pursuits` prints the number the
    # sections share (`412.1`) beside the title.
    "a banner set letter by letter, the policy's number beside its title": (
        ("A N Y T O W N   P O L I C E   D E P A R T M E N T\n\nM A N U A L\n\n"
        "Effective Date\n5/2/2019\n\nReview Date\nAnnually\n\nSeries\n400 Field Operations\n"
        "Chapter\n412 – Vehicle Pursuits\n\n"
        "412.1  PURPOSE\n\nThis chapter sets out when officers pursue.\n\n"
        "412.2  POLICY\n\nOfficers pursue only when the need outweighs the risk.\n"),
        "412", "Vehicle Pursuits"),
    # An order's kind before its name, a dash before its number.
    "an administrative directive's number above its title": (
        ("ADMINISTRATIVE DIRECTIVE – 204.010\nVEHICLE PURSUITS\n\nREVISION DATE:  May 2, 2019\n\n"
         "I.\n\nPURPOSE\n\nThis directive sets out when officers pursue.\n\n"
         "II.\n\nPOLICY\n\nOfficers pursue only when the need outweighs the risk.\n"),
        "204.010", "Vehicle Pursuits"),
    # The order's number alone below the department's name.
    "a number alone below the department's name": (
        ("THE ANYTOWN POLICE DEPARTMENT\n2204-3\nVEHICLE PURSUITS\nPURPOSE\n\n"
         "To set out when officers pursue.\n\nPOLICY\n\n"
         "Officers pursue only when the need outweighs the risk.\n"),
        "2204-3", "Vehicle Pursuits"),
    # Header rows in capitals with a colon are no headings; `GENERAL ORDER: 1.27` is the id.
    "header rows in capitals, the order's number among them": (
        ("PAGES:  12\nREPLACES:\nEFFECTIVE DATE: 06-27-97\nANYTOWN POLICE DEPARTMENT\n"
         "APPROVED BY:  Jane Roe\nGENERAL ORDER: 2.14\nSUBJECT:  Vehicle Pursuits\n"
         "REVIEW SEQUENCE: Annually\nREVISION NUMBER/DATE: #3/01-08-14\nINDEX AS:\n-Pursuits\n\n"
         "PURPOSE\n\nTo set out when officers pursue.\n\nDEFINITIONS\n\n"
         "A pursuit is an attempt to stop a driver.\n\nPOLICY\n\n"
         "Officers pursue only when the need outweighs the risk.\n"),
        "2.14", "Vehicle Pursuits"),
    # Captions in a column, then their values: a value is no title.
    "captions two by two above their values": (
        ("ANYTOWN POLICE DEPARTMENT\nGENERAL ORDER\n*DATE OF\nISSUE\nApril 2013\n"
         "EFFECTIVE DATE\nNUMBER\nImmediately\nII-17\nDistribution:  All Employees\n"
         "VEHICLE PURSUITS\n\nI.  PURPOSE\n\nTo set out when officers pursue.\n\n"
         "II.  POLICY\n\nOfficers pursue only when the need outweighs the risk.\n"),
        None, "Vehicle Pursuits"),
    # A number of three or four digits, a dash, the title.
    "an order's number and a dash before its title": (
        ("312 – Policy Governing Vehicle Pursuits\nAnytown Police Department\n\n"
         "I.  Purpose\n\nTo set out when officers pursue.\n\n"
         "II.  Policy\n\nOfficers pursue only when the need outweighs the risk.\n"),
        "312", "Policy Governing Vehicle Pursuits"),
    # The department's name over two lines leaves the title its window below the captions.
    "a department's name over two lines, then captions and values": (
        ("Anytown Police\nDivision Directive\n\nEFFECTIVE\n\nREVISED\n\nMay 2, 2009\n\n"
        "Jan. 5, 2019\n\nNUMBER\n\n4.02\nTOTAL  PAGES\n7\n\nVehicle Pursuits\n\n"
        "I.  Definitions\nA.  Pursuit\nAn attempt to stop a driver who flees.\n\n"
        "II.  Policy\nOfficers pursue only when the need outweighs the risk.\n"),
        None, "Vehicle Pursuits"),
}


@pytest.mark.parametrize(("text", "policy", "title"), LETTERHEADS.values(), ids=LETTERHEADS)
def test_a_letterhead_is_no_title(text: str, policy: str | None, title: str) -> None:
    result = import_text(text)
    assert result.new.title == title
    if policy:
        assert result.policy == policy


def test_a_release_stamp_and_the_title_below_it_are_no_series_name() -> None:
    lines = [Line(1, "Proactively released by Anytown Police"), Line(2, "Vehicle pursuits")]
    assert letterhead_over_two_lines(lines) == set()


def test_a_column_of_captions_then_a_column_of_values_pair_row_by_row() -> None:
    """Plain extraction of a two-column header table: every caption, then every value. The
    number reads as no page number, the date as no furniture, though a footer repeats it."""
    footer = "\n\n\f2-1-2019\nPage {} of 2\n"
    text = ("ANYTOWN POLICE DEPARTMENT\nGENERAL ORDERS\n\nNUMBER:\nTOPIC:\nISSUED BY:\nDATE:\n"
            "SUPERSEDES:\n\n1210\nVEHICLE PURSUITS\nJANE ROE, CHIEF OF POLICE\n2-1-2019\n"
            "G.O. 1210, 2017\n\n"
            "I.  POLICY\n\nOfficers pursue only when the need outweighs the risk."
            + footer.format(1) +
            "II.  PROCEDURE\n\nA.  A supervisor monitors every pursuit." + footer.format(2))
    result = import_text(text)
    assert (result.policy, result.new.title) == ("1210", "Vehicle Pursuits")
    rows = [a.text for a in result.artifacts if a.kind not in ("running-header", "page-number")]
    assert "DATE: 2-1-2019" in " | ".join(rows), rows
    assert "2-1-2019" not in " ".join(s.text for s in result.new.sections)


CONTENTS_THEN_BARE_NUMERALS = """412.00 VEHICLE PURSUITS

I.      POLICY
II.     DEFINITIONS
III.    DECIDING TO PURSUE
IV.
V.

ENDING A PURSUIT
REPORTING

I.

POLICY

Officers pursue only when the need outweighs the risk to the public.

II.

DEFINITIONS

A pursuit is an attempt to stop a driver who flees.

III.

The pursuit controller decides whether a pursuit starts and goes on.

IV.

Any officer may end a pursuit at any time.

V.

Every pursuit is reported before the end of the shift.

I.  Officers note the route.
II.  Officers note the speeds.
III.  Officers note the end.
"""


def test_a_count_whose_titles_the_extraction_lost_takes_them_from_the_contents() -> None:
    """The contents list counts `I.  POLICY` ... on lines next to each other, its last
    numerals alone above their titles; the body counts again, `III.` to `V.` with no title
    (the extraction lost them). A list counted `I.` ... after the last section is no section."""
    result = import_text(CONTENTS_THEN_BARE_NUMERALS, "p.txt")
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("I.", "POLICY"), ("II.", "DEFINITIONS"), ("III.", "DECIDING TO PURSUE"),
        ("IV.", "ENDING A PURSUIT"), ("V.", "REPORTING")]
    assert result.new.sections[2].text.startswith("The pursuit controller decides")


def test_an_order_s_number_in_a_header_cell_on_every_page_names_the_policy() -> None:
    """`ORDER#` / `340` atop every page, its number read as a page's: the order's number."""
    page = "ANYTOWN POLICE DEPARTMENT\nGENERAL ORDER\nORDER#\n\n340\n\nPAGE\n\n{} of 3\n\n{}\n\n"
    texts = ["Officers pursue only when the need outweighs the risk to the public.",
             "A supervisor monitors every pursuit and may end it at any time.",
             "Every pursuit is reported before the end of the shift in which it happened."]
    text = "\f".join(page.format(number, words) for number, words in enumerate(texts, 1))
    assert import_text(text).policy == "340"


def test_captions_beside_their_statements_above_the_first_numeral_are_the_header() -> None:
    """`PURPOSE:` and `POLICY:` with their statements beside them, however long, are rows of
    a directive's header: the sections are the Roman ones below, numbered."""
    statement = "\n              ".join(
        ["Grievances are heard at the lowest level that can settle them."] * 3)
    text = ("DIRECTIVE: 131-A\nSUBJECT:      Grievances\n"
            f"PURPOSE:      {statement}\n"
            f"POLICY:       {statement}\n"
            "Definition:   A grievance is a claim that a rule was applied unfairly.\n"
            "I.     PROCEDURE FOR CIVILIAN EMPLOYEES\n"
            "       A.  An employee first talks to the direct supervisor.\n"
            "       B.  An appeal goes to the Department Head in writing.\n"
            "II.    PROCEDURE FOR SWORN EMPLOYEES\n"
            "       A.  The collective bargaining agreement applies.\n")
    result = import_text(text, "d.txt")
    assert result.new.numbering == "roman"
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("I.", "PROCEDURE FOR CIVILIAN EMPLOYEES"), ("II.", "PROCEDURE FOR SWORN EMPLOYEES")]


def test_a_first_numeral_beside_a_sentence_heads_an_untitled_section() -> None:
    """`I.  Subject to the following restrictions, ...:` then `II.  Officer Responsibility`:
    section I has no title and opens with its sentence, in a paragraph of its own below the
    header's rows; a lettered `I.` beside a sentence after `H.` heads nothing."""
    items = "".join(f"     {letter}.  Riders follow rule {letter}.\n" for letter in "ABCDEFGH")
    text = ("DIRECTIVE: 112-A\nSUBJECT:    Ride-Along Program\n"
            "PURPOSE:    To let residents see patrol work first hand.\n"
            "I.   Subject to the following restrictions, residents may ride with an officer:\n"
            f"{items}"
            "     I.  Riders stay in the car on calls.\n"
            "II.  Officer Responsibility\n"
            "     A.  Keep the rider safe.\n")
    result = import_text(text, "d.txt")
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("I.", ""), ("II.", "Officer Responsibility")]
    first = result.new.sections[0]
    assert first.text.split("\n\n")[-1] == (
        "Subject to the following restrictions, residents may ride with an officer:")
    assert any(c.text == "Riders stay in the car on calls." for c in walk(first.children))


def test_a_numeral_beside_a_sentence_with_no_count_after_it_heads_nothing() -> None:
    """`I.  Officers shall ...` alone in a headed order is a clause's sentence, no section."""
    text = ("POLICY\n\nOfficers keep their equipment in good order at all times.\n\n"
            "PROCEDURE\n\nI.  Officers shall inspect the vehicle at the start of a shift.\n"
            "Officers report damage to a supervisor at once.\n")
    result = import_text(text, "d.txt")
    assert [s.title for s in result.new.sections] == ["POLICY", "PROCEDURE"]


def test_a_title_s_standards_on_the_line_below_go_into_the_title() -> None:
    """`I.  GRIEVANCE PROCEDURE` / `(22.4.1d)`: the standard is the title's, as one printed
    beside a title is (`III.  COORDINATION (22.4.2)`), not the section's first words."""
    text = ("DIRECTIVE: 131-A\nSUBJECT:  Grievances\n\n"
            "I.     GRIEVANCE PROCEDURE\n       (22.4.1d)\n"
            "       The following procedures apply to every employee.\n"
            "       A.  An employee first talks to the direct supervisor.\n"
            "II.    COORDINATION OF THE GRIEVANCE SYSTEM (22.4.2) (22.4.3)\n"
            "       A.  The Chief keeps a log of grievances.\n")
    result = import_text(text, "d.txt")
    first, second = result.new.sections
    assert first.title == "GRIEVANCE PROCEDURE (22.4.1d)"
    assert first.text == "The following procedures apply to every employee."
    assert second.title == "COORDINATION OF THE GRIEVANCE SYSTEM (22.4.2) (22.4.3)"


ADOPTED_CODES = """DIRECTIVE: 103-A
SUBJECT:      Code of Ethics

                      IACP - LAW ENFORCEMENT CODE OF ETHICS
      As a law enforcement officer, my fundamental duty is to serve the community.
      I will keep my private life unsullied as an example to all.

            UN - CODE OF CONDUCT FOR LAW ENFORCEMENT OFFICIALS
      Article 1 - Officials shall at all times fulfil the duty imposed upon them by law.
      Commentary:
      (a) The term includes all officers of the law who exercise police powers.
      Article 2 - Officials shall respect and protect human dignity.
      Commentary:
      (a) The rights are identified by national and international law.
      Article 3 - Officials may use force only when strictly necessary.
      Commentary:
      (a) This provision emphasises that force is exceptional.

I.    RESPONSIBILITY
      A.  Every member shall read and abide by both codes.
      B.  Supervisors shall review the codes with their members each year.
"""


def test_a_numbered_section_after_headings_in_capitals_is_kept_in_their_outline() -> None:
    """Two codes adopted whole under their titles, then `I.  RESPONSIBILITY`: two unnumbered
    sections, then section I.; `Commentary:` after each article is a caption within the text,
    no section."""
    result = import_text(ADOPTED_CODES, "d.txt")
    assert result.new.numbering == "roman"
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("", "IACP - LAW ENFORCEMENT CODE OF ETHICS"),
        ("", "UN - CODE OF CONDUCT FOR LAW ENFORCEMENT OFFICIALS"), ("I.", "RESPONSIBILITY")]
    codes = result.new.sections[1]
    assert sum(t.count("Commentary:") for t in [codes.text, *(c.text for c in walk(
        codes.children))]) == 3


def test_a_lettered_i_after_h_in_a_headed_order_heads_nothing() -> None:
    """`H.  Reporting a Use of Force` then `I.  Reporting Process ...`: the next letter."""
    letters = "".join(f"{letter}.  Rule {letter} for every officer\n\n"
                      f"Officers follow rule {letter} on every shift.\n\n" for letter in "ABCDEFGH")
    text = ("12.545  USE OF FORCE\n\nReferences:\n\nGraham vs. Connor, 490 US 386 (1989)\n\n"
            "Policy:\n\nOfficers use force only as needed.\n\n"
            f"Procedure:\n\n{letters}"
            "I.\n\nReporting Process for Use of TASER\n\nOfficers report each use at once.\n\n"
            "J.  Reporting an Injury to a Prisoner\n\nOfficers report injuries too.\n")
    result = import_text(text, "d.txt")
    assert [s.title for s in result.new.sections] == ["References", "Policy", "Procedure"]


def test_a_contents_list_goes_on_below_the_next_page_s_footer() -> None:
    """The topics list runs over two pages, each with its column of page numbers and the
    page's footer (a release stamp glued to it, so no running footer is found): every topic
    listed on both pages heads its section in the body."""
    first = ["Purpose", "Carrying the device", "Warnings", "Aftercare"]
    second = ["Unintentional discharges", "Audit of devices", "Training"]
    footer = "6(c) OIAThis document was current at 25 October 2023. Policies are reviewed often."
    column = "\n".join(str(page) for page in range(2, 2 + len(first)))
    more = "\n".join(str(page) for page in range(9, 9 + len(second)))
    body = "\n\n".join(f"{title}\n\nOfficers follow the rules on {title.lower()} in every "
                       f"case that arises on duty." for title in [*first, *second])
    text = ("Conducted electrical weapons\n\nThis chapter contains these topics:\n\n"
            + "\n".join(first) + f"\n\n{column}\n\n\n\n{footer}\n"
            + "\n".join(second) + f"\n\n{more}\n\n\n\n{footer}\n\n" + body + "\n")
    result = import_text(text, "nz.txt")
    assert [s.title for s in result.new.sections] == [*first, *second]


def test_a_table_s_step_numbers_stay_text_outside_an_apd_sop() -> None:
    """A lone `1` in a chapter that is no APD SOP is a step's number, not a sanction value:
    it stays in the text, and no section or clause is given a sanction class."""
    text = ("Fleeing drivers\n\nThis chapter contains these topics:\n\nOverview\nController action\n\n"
            "Overview\n\nPolice must weigh the risk of every pursuit to the public.\n\n"
            "Controller action\n\nControllers must follow these steps.\n\nStep  Action\n1\n\n"
            "Ensure the warning is given by the dispatcher.\n\n2\n\n"
            "Appoint the unit that began the pursuit as the primary unit.\n")
    result = import_text(text, "nz.txt")
    section = result.new.sections[-1]
    words = " ".join([section.text, *(c.text for c in walk(section.children))]).split()
    assert {"1", "2"} <= set(words)
    assert not [a for a in result.artifacts if a.kind == "sanction"]
    assert section.sanction is None and all(c.sanction is None for c in walk(section.children))


def test_a_bulleted_line_naming_a_listed_topic_is_no_heading() -> None:
    """`•  Custody` in a section's own list of what it covers names the topic; the line
    `Custody` standing alone further on heads it."""
    text = ("TASER\n\nThis chapter contains these topics:\n\nAftercare\nCustody\nRights\n\n"
            "Aftercare\n\nThis section covers:\n\n•  Custody\n\n•  Rights\n\n"
            "Officers monitor every subject after a TASER is used on them.\n\n"
            "Custody\n\nA detainee exposed to a TASER is watched until a doctor sees them.\n\n"
            "Rights\n\nThe caution is given again once the subject has recovered.\n")
    result = import_text(text, "nz.txt")
    assert [s.title for s in result.new.sections] == ["Aftercare", "Custody", "Rights"]
    assert result.new.sections[1].text.startswith("A detainee exposed")


TOP_LEVEL_CONTENTS = """Fleeing driver policy

This chapter contains these topics:

Overview
Risk assessment
Abandoning a pursuit

Overview

Introduction
Drivers who fail to stop for Police pose risks to the public and to staff.

Who is a fleeing driver?
A fleeing driver is a driver signalled to stop who fails to stop.

Risk assessment

What is a risk assessment?
A risk assessment decides whether a pursuit starts or goes on.

Role
Primary unit
driver

Definition
The driver of the lead Police vehicle pursuing the fleeing driver.

Abandoning a pursuit

Who can abandon a pursuit?
Any officer in the pursuit, the controller or a supervisor may abandon it.
"""


def test_headings_under_a_contents_that_lists_the_top_level_are_found() -> None:
    """The topics list names the top level only; each listed heading stands over one it does
    not list (`Overview` / `Introduction`): those are headings too. A table's cell after an
    unfinished line (`driver` / `Definition`) is none."""
    result = import_text(TOP_LEVEL_CONTENTS, "nz.txt")
    assert [s.title for s in result.new.sections] == [
        "Overview", "Introduction", "Who is a fleeing driver?", "Risk assessment",
        "What is a risk assessment?", "Abandoning a pursuit", "Who can abandon a pursuit?"]


def test_a_contents_that_lists_every_level_takes_no_heading_it_does_not_name() -> None:
    """Where the listed headings stand over their text, not over unlisted headings, a short
    line over a sentence (a table's `Time of day` / `Dark conditions ...`) is no heading."""
    text = ("Fleeing driver policy\n\nThis chapter contains these topics:\n\n"
            "Overview\nRisk factors\nAbandoning a pursuit\n\n"
            "Overview\n\nDrivers who fail to stop for Police pose risks to the public.\n\n"
            "Risk factors\n\nOfficers weigh these factors before and during a pursuit.\n\n"
            "Time of day\nDark conditions make every pursuit more dangerous for all.\n\n"
            "Abandoning a pursuit\n\nAny officer in the pursuit may abandon it at any time.\n")
    result = import_text(text, "nz.txt")
    assert [s.title for s in result.new.sections] == [
        "Overview", "Risk factors", "Abandoning a pursuit"]


def test_a_listed_title_the_body_wraps_over_two_lines_heads_its_section() -> None:
    """The topics list prints the title on one line; the body wraps it (`... direction to` /
    `abandon`): the two lines are the heading, the second no text of its section."""
    text = ("Fleeing driver policy\n\nThis chapter contains these topics:\n\n"
            "Overview\nSearch phase\nRadio protocol\n"
            "Signalling a driver to stop after a previous direction to abandon\n\n"
            "Overview\n\nDrivers who fail to stop for Police pose risks to the public.\n\n"
            "Search phase\n\nUnits search the area where the driver was last seen.\n\n"
            "Radio protocol\n\nUnits keep the channel clear during a pursuit at all times.\n\n"
            "Signalling a driver to stop after a previous direction to\nabandon\n"
            "A driver may be signalled again only with the controller's approval.\n")
    result = import_text(text, "nz.txt")
    assert [s.title for s in result.new.sections] == [
        "Overview", "Search phase", "Radio protocol",
        "Signalling a driver to stop after a previous direction to abandon"]
    assert result.new.sections[-1].text == (
        "A driver may be signalled again only with the controller's approval.")


def test_a_header_value_not_yet_given_is_no_heading() -> None:
    """`EFFECTIVE DATE:` / `TBD` in a draft order's header table: the value, not a section."""
    text = ("General Order   G03-02-05\n\nCHEMICAL AGENT USE INCIDENTS\n\nISSUE DATE:\n\n"
            "RESCINDS:\n\nINDEX CATEGORY:\n\nField Operations\n\nTBD\n\nEFFECTIVE DATE:\n\nTBD\n\n"
            "PURPOSE\n\nThis directive outlines the policy governing chemical agents.\n\n"
            "POST-DISCHARGE RESPONSIBILITIES\n\n"
            "Members who discharge an agent notify a supervisor.\n")
    result = import_text(text, "chicago.txt")
    assert [s.title for s in result.new.sections] == ["PURPOSE", "POST-DISCHARGE RESPONSIBILITIES"]


SECTION_HEADER = """Order 425 - Use of Force
I. Purpose
This order sets the rules for force and for reporting it.
II. Reporting Procedures
Every use of force is reported by the officer who used it.
A. Incidents requiring a log:
1. An injury found before contact.
II. Reporting Procedures

3

Print Queue

2. An injury from a fall in custody.
B. Incidents requiring an investigation.
II. Reporting Procedures

4

Print Queue

C. Complaints of excessive force go to Professional Standards.
III. Officers' Duties
The officer documents the force in the report.
IV. Jail
Force in the jail is handled under this order.
III. Officers' Duties

5

Print Queue
"""


def test_a_page_header_naming_the_current_section_leaves_its_heading() -> None:
    """The header prints the section the page is in, beside the page number: its copies
    there are furniture, and the heading itself (its first copy, away from a page number)
    still opens its section."""
    result = import_text(SECTION_HEADER, "order-425.txt")
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("I.", "Purpose"), ("II.", "Reporting Procedures"), ("III.", "Officers' Duties"),
        ("IV.", "Jail")]
    headers = [a.line for a in result.artifacts if a.kind == "running-header"
               and a.text == "II. Reporting Procedures"]
    assert headers == [8, 16]
    markdown = render_import_markdown(result)
    assert "- **1.** An injury found before contact.\n" in markdown
    assert "- **B.** Incidents requiring an investigation.\n" in markdown
    assert markdown.endswith("Force in the jail is handled under this order.\n")
    assert {a.text for a in result.artifacts if a.kind == "page-number"} == {"3", "4", "5"}


CAPITALS_WITH_SUBHEADINGS = """CITY POLICE DEPARTMENT
2201-4
FORCE AND WEAPONS

GENERAL RULES

Force is used only when other means of resolving a situation are clearly inapplicable.

NON-DEADLY FORCE

Grounds for Non-Deadly Force

Non-deadly force may be used by officers in the performance of their duty when:

1.  they defend themselves or another person.

DEADLY FORCE

Deadly Force Defined

“Deadly force” means force likely to cause death or serious bodily harm to any person.

Spray Guidelines

Pepper spray is a weapon that causes the eyes and the nose to water for some minutes.

INSPECTION CHECKLIST

GETS THE BIG PICTURE
Looks right and left at intersections
Looks behind before pulling out
"""


def test_subheadings_in_sentence_case_under_headings_in_capitals() -> None:
    """Where headings in capitals stand over subheadings in title case, those open sections
    too; a form's cells under a caption in capitals (short lines) do not."""
    result = import_text(CAPITALS_WITH_SUBHEADINGS, "force.txt")
    titles = [s.title for s in result.new.sections]
    assert titles[:6] == [
        "GENERAL RULES", "NON-DEADLY FORCE", "Grounds for Non-Deadly Force", "DEADLY FORCE",
        "Deadly Force Defined", "Spray Guidelines"]
    assert not any(title.startswith("Looks") for title in titles)
    assert "Looks right and left at intersections" in render_import_markdown(result)


CONTENTS_WITH_LEADERS = """CITY POLICE DEPARTMENT
POLICY MANUAL

MESSAGE FROM THE CHIEF

I am proud to present the newest edition of the manual to every employee of the Department.

CODE OF ETHICS

As a law enforcement officer, my fundamental duty is to serve the community and its people.

Table of Contents

Chapter 1 - Organization and Administration .
.
.
100 - Law Enforcement Authority .
.
Chapter 2 - Response to Resistance .
.
200 - Response to Resistance .
"""


def test_chapter_lines_with_their_leader_dots_begun_are_contents() -> None:
    """pdfminer prints a contents line's leader dots on lines of their own, after the first
    (`Chapter 1 - Organization .` / `.`): those chapters are the contents, not sections, and
    the headings of the text before them are found."""
    result = import_text(CONTENTS_WITH_LEADERS, "manual.txt")
    titles = [section.title for section in result.new.sections]
    assert titles[:2] == ["MESSAGE FROM THE CHIEF", "CODE OF ETHICS"]
    assert not any(section.number.startswith("Chapter") for section in result.new.sections)


ONE_CAPITALS_OVER_SUBHEADINGS = """USE OF FORCE

POLICY

Officers use only the force that is objectively reasonable to bring a situation under control.

DIRECTIVES

De-Escalation

Members shall use de-escalation techniques to reduce a threat and to gain compliance by talking.

Officers slow an incident down wherever they safely can, and they call for help early.

Critical Thinking

Prior to using force, members shall use a decision-making framework to respond to incidents.

REPORTING

Every use of force is reported to a supervisor before the end of the shift in which it happened.
"""


def test_subheadings_under_one_heading_in_capitals_when_there_are_several() -> None:
    """One heading in capitals stands over a subheading, and a second subheading follows a
    finished sentence under it: both open sections."""
    result = import_text(ONE_CAPITALS_OVER_SUBHEADINGS, "force.txt")
    assert [s.title for s in result.new.sections] == [
        "POLICY", "DIRECTIVES", "De-Escalation", "Critical Thinking", "REPORTING"]
    # A single such line under one heading stays its text.
    alone = ONE_CAPITALS_OVER_SUBHEADINGS.replace("Critical Thinking\n\n", "")
    assert [s.title for s in import_text(alone, "force.txt").new.sections] == [
        "POLICY", "DIRECTIVES", "REPORTING"]


TITLE_FURTHER_DOWN = """CITY POLICE DEPARTMENT POLICY AND PROCEDURE
1130.02, RESTRAINTS

1.  RESTRAINING TOOLS

1.1  HANDCUFFS
Members handcuff every arrested person with the hands behind the back unless a supervisor agrees otherwise.

1.2
When a subject resists and creates an imminent danger to the subject or any member, members may use a leg restraint.

Two members transport a restrained subject and watch the subject at all times while in a vehicle.
The restraint is removed as soon as the subject is calm and the members can control the subject.

A supervisor is told of every use of the leg restraint before the end of the shift in which it
was used, and the supervisor notes it in the shift's report.

LEG RESTRAINT

1.3  SPIT HOODS
A spit hood may be placed on a subject who spits at members or threatens to, and it is removed at the jail.
"""


def test_a_number_alone_takes_its_title_printed_further_down_its_section() -> None:
    """pdfminer may print a bold title after its section's first paragraphs: where a sibling
    prints its title beside its number, the number alone takes the first line in capitals
    alone further down, before the next number."""
    result = import_text(TITLE_FURTHER_DOWN, "restraints.txt")
    found = [(s.number, s.title) for s in result.new.sections]
    assert ("1.2", "LEG RESTRAINT") in found
    assert [number for number, _ in found] == ["1.1", "1.2", "1.3"]
    markdown = render_import_markdown(result)
    assert "Two members transport a restrained subject" in markdown
    assert markdown.count("LEG RESTRAINT") == 1
    # Where no number prints its title beside it, a number alone takes none from below.
    column = TITLE_FURTHER_DOWN.replace("1.1  HANDCUFFS", "1.1").replace("1.3  SPIT HOODS", "1.3")
    assert "1.2" not in [s.number for s in import_text(column, "r.txt").new.sections]


NUMERALS_IN_A_COLUMN = """310.01 DUTY TO INTERVENE AND DE-ESCALATION

I.
II.
III.

USE OF FORCE TO ARREST
DUTY TO INTERVENE
DE-ESCALATION

USE OF FORCE TO ARREST

A.  Officers may use reasonable force to make a lawful arrest or to protect others.

DUTY TO INTERVENE

II.

Officers have a duty to intervene to prevent the use of excessive force by another officer.

III.

DE-ESCALATION

Officers attempt to de-escalate encounters before using force, when it is safe to do so.
"""


def test_headings_numbered_by_a_contents_printed_as_two_columns() -> None:
    """A contents table printed as its numerals alone, then as many titles: the body's
    headings in capitals take those numbers, and the numerals alone near them leave the
    text (the first is printed nowhere in the body)."""
    result = import_text(NUMERALS_IN_A_COLUMN, "order.txt")
    assert result.scheme == "roman"
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("I.", "USE OF FORCE TO ARREST"), ("II.", "DUTY TO INTERVENE"),
        ("III.", "DE-ESCALATION")]
    assert [s.text.split()[:3] for s in result.new.sections[1:]] == [
        ["Officers", "have", "a"], ["Officers", "attempt", "to"]]


COUNTED_CAPTIONS = """CITY POLICE DEPARTMENT
CONDUCT AND FORCE

CODE OF CONDUCT
Article 1: Primary Duty of the Officer

The first duty of an officer is to protect the people of the city by upholding its laws.

Article 2: Limits of Authority

An officer knows the bounds the law sets on the power the officer holds in enforcing it.

Article 3: Duty to Know the Law and the Responsibilities of Other Public
Officials

An officer studies the law and the duties of the courts and the prosecutors beside it.

FORCE OPTIONS

Officers choose among these options the one the situation needs and no more than it needs.

Level 1:

Officer Presence:

The presence of a uniformed officer often gains a person's compliance without a word.

Level 2:

Verbal Commands:

Clear commands given calmly and in plain words resolve most encounters with a person.

Level 3:

Physical Control/Team Take Down/ Carotid
Restraint:

Holds and takedowns control a person who resists an arrest by pulling away from officers.
"""


def test_captions_that_count_under_one_word_are_subheadings() -> None:
    """`Article 1:`, `Article 2:`, ... each alone over its text (a code's articles), or
    `Level 1:` with its title on the next line (a force continuum): subheadings of a headed
    document, a wrapped title's last word kept in the title, not in the text. Not page furniture either:
    `Level 2:` and `Level 3:` differ only in their number, as `Page 2` and `Page 3` do."""
    result = import_text(COUNTED_CAPTIONS, "conduct.txt")
    assert [s.title for s in result.new.sections] == [
        "CODE OF CONDUCT", "Article 1: Primary Duty of the Officer",
        "Article 2: Limits of Authority",
        "Article 3: Duty to Know the Law and the Responsibilities of Other Public Officials",
        "FORCE OPTIONS", "Level 1: Officer Presence", "Level 2: Verbal Commands",
        "Level 3: Physical Control/Team Take Down/ Carotid Restraint"]
    assert not result.artifacts or all("Level" not in a.text for a in result.artifacts)
    assert result.new.sections[2].text == (
        "An officer knows the bounds the law sets on the power the officer holds in enforcing it.")
    assert result.new.sections[-1].text.startswith("Holds and takedowns")
    # An article whose words beside its number are a sentence's start is the sentence.
    sentences = COUNTED_CAPTIONS.replace(
        "Article 2: Limits of Authority", "Article 2 - Officers shall know the limits of").replace(
        "An officer knows", "their authority. An officer knows")
    titles = [s.title for s in import_text(sentences, "conduct.txt").new.sections]
    assert not any(title.startswith("Article") for title in titles)


BLANK_BELOW_HEADINGS = """THE CITY POLICE DEPARTMENT
1108-1
HANDLING OF PRISONERS
PURPOSE

To set the rules for handling prisoners from their arrest to their booking.
VALUES REFLECTED

This directive reflects our values of service and integrity toward every person in custody.
UNITS AFFECTED

All sworn personnel
REFERENCES/FORMS

State statute on the use of force in arrest, and the prisoner transport form.

GENERAL POLICIES

Officers search every prisoner before the prisoner is placed in a vehicle for transport.

TRANSPORT

Two officers transport a prisoner who has resisted arrest or who has threatened an officer.

RIDE-ALONG FORM

Name of the rider and the date of the ride along are written on the form below.
Address:
City:

Phone:
"""


def test_headings_set_apart_only_by_a_blank_line_below() -> None:
    """pdfminer may print the blank line after a heading and none before it: a heading in
    capitals after a finished sentence, or a section's caption (`PURPOSE`) right under the
    order's title, or under a section of one line set apart so (`UNITS AFFECTED` / `All sworn
    personnel` / `REFERENCES/FORMS`), heads its section then, and its text is policy text,
    not a preamble set aside. A form's `City:` under `Address:` is no heading."""
    result = import_text(BLANK_BELOW_HEADINGS, "prisoners.txt")
    assert [s.title for s in result.new.sections] == [
        "PURPOSE", "VALUES REFLECTED", "UNITS AFFECTED", "REFERENCES/FORMS", "GENERAL POLICIES",
        "TRANSPORT", "RIDE-ALONG FORM"]
    assert result.new.sections[0].text == (
        "To set the rules for handling prisoners from their arrest to their booking.")
    assert not [a for a in result.artifacts if a.kind == "preamble" and "rules" in a.text]


CODE_UNDER_CONTENTS = """CITY POLICE DEPARTMENT
Policy Manual: Front Matter

CODE OF ETHICS

Every member of the department upholds this code on duty and off duty alike.

A. PREAMBLE

Whereas members of the department hold a public trust that asks the highest integrity of them.

B. GENERAL STATEMENT

Members conform to the code and to its canons, which set the least conduct expected of them.

C. CANONS OF ETHICS
CANON ONE

Members uphold the constitution and every law enacted under legally constituted authority.

CANON TWO

Members use proper and ethical procedures in discharging their official duties each day.

CANON THREE

Members keep up the integrity and the competence of the department in all that they do.

MISSION STATEMENT

The department serves the people of the city with respect, fairness and compassion.

Table of Contents

CODE OF ETHICS .................................................... 1
MISSION STATEMENT ................................................. 4
100 - Law Enforcement Authority ................................... 6
102 - Oath of Office ................................................ 8
"""


def test_a_lettered_code_with_canons_counted_in_words_under_a_contents() -> None:
    """A contents (printed last, as pdfminer may) lists the code and the mission statement
    alone: the code's lettered parts (`A. PREAMBLE`) and its canons counted in words (`CANON
    ONE`, `CANON TWO`, ...) head sections under it too, and a canon right under `C.  CANONS
    OF ETHICS` is no second line of that title."""
    result = import_text(CODE_UNDER_CONTENTS, "ethics.txt")
    assert [s.title for s in result.new.sections] == [
        "CODE OF ETHICS", "A. PREAMBLE", "B. GENERAL STATEMENT", "C. CANONS OF ETHICS",
        "CANON ONE", "CANON TWO", "CANON THREE", "MISSION STATEMENT"]


def test_a_subheading_over_a_bulleted_paragraph() -> None:
    """A subheading in title case under a heading in capitals may stand over a list's first
    bullet (`•  Incidents involving ...`): it heads its section as over a paragraph."""
    text = ONE_CAPITALS_OVER_SUBHEADINGS.replace(
        "Prior to using force, members shall use",
        "•  Prior to using force, members shall use")
    assert [s.title for s in import_text(text, "force.txt").new.sections] == [
        "POLICY", "DIRECTIVES", "De-Escalation", "Critical Thinking", "REPORTING"]


LETTERED_WITH_CAPITALS_INSIDE = """CITY POLICE DEPARTMENT
USE OF FORCE

A.  PURPOSE

This order sets the rules for the use of force by every member of the department.

B.  POLICY

Members use only the force that is objectively reasonable to bring an incident under control.

C.  AUTHORIZED TECHNIQUES
OR WEAPONS

Members use the techniques and the weapons in which the department has trained them.

USE OF FIREARMS

Firearms are used only when a member believes a life is in imminent danger of great harm.

D.  REPORTING

Every use of force is reported to a supervisor before the end of the member's shift.
"""


def test_a_heading_in_capitals_inside_lettered_sections() -> None:
    """A heading in capitals alone between two lettered sections (`USE OF FIREARMS` inside
    `C.`) heads a section of its own; a lettered title's second line in capitals does not."""
    result = import_text(LETTERED_WITH_CAPITALS_INSIDE, "force.txt")
    assert [s.title for s in result.new.sections] == [
        "A. PURPOSE", "B. POLICY", "C. AUTHORIZED TECHNIQUES OR WEAPONS", "USE OF FIREARMS",
        "D. REPORTING"]


def test_the_statement_of_purpose_above_the_first_section_stays_policy_text() -> None:
    """`The purpose of this Order is ...` above `Purpose` (a two-column page prints the caption
    after its text) and `POLICY:` over its statement above the chapters: policy text of the
    first section, neither set aside as preamble."""
    listed = import_text(LISTED_FIRST, "in.txt")
    assert listed.new.sections[0].text.startswith("The purpose of this Order is to set the rules")
    captions = import_text(CAPTIONS_FIRST, "in.txt")
    assert captions.new.sections[0].text.startswith("It is the policy of the City Police")
    assert all("It is the policy" not in a.text for a in captions.artifacts)


def test_a_subheading_under_each_counted_caption_heads_a_section_each_time() -> None:
    """`CANON ONE` / `ETHICAL STANDARDS` / ... / `CANON TWO` / `ETHICAL STANDARDS`: the title
    each canon holds once heads a section under every canon, not only under the last. The
    text has no page breaks; its running header is the two lines printed together."""
    canon = ("Harbor Police Department\nPolicy Manual\n\n"
             "CANON {0}\n\nMembers shall uphold the law and the rights of every person.\n\n"
             "ETHICAL STANDARDS\n\nStandard {1}.1:\nMembers shall know the limits of their "
             "authority.\n\n")
    text = ("HARBOR POLICE DEPARTMENT\n\nCODE OF ETHICS . . . . . . . . . 1\n"
            "MISSION STATEMENT . . . . . . . 4\nVALUES . . . . . . . . . . . . . 5\n\n"
            "CODE OF ETHICS\n\nEvery member takes this code as a guide to the work of each "
            "day.\n\n" + "".join(canon.format(word, n) for n, word in
                                  enumerate(("ONE", "TWO", "THREE"), start=1))
            + "MISSION STATEMENT\n\nWe serve the public with honour.\n\nVALUES\n\n"
            "We value honesty above every other quality.\n")
    titles = [s.title for s in import_text(text, "in.txt").new.sections]
    assert titles[titles.index("CANON ONE"):titles.index("MISSION STATEMENT")] == [
        "CANON ONE", "ETHICAL STANDARDS", "CANON TWO", "ETHICAL STANDARDS", "CANON THREE",
        "ETHICAL STANDARDS"]


SUBHEADED = """GENERAL ORDER 246.00
USE OF FORCE

I.  POLICY

Officers use only the force that is reasonable in the circumstances they face.

II.  MEDICAL ATTENTION

Medic response required if injury or complaint of injury
Whenever an officer uses force that results in a visible injury, the officer calls for
emergency medical services as soon as it is safe to do so.

Mandatory medic response
Emergency medical responders are called after each of the following, injury or not:

1.  Baton strikes of any kind to any part of the body.
2.  Probe impact from an electronic control device

Elements of Deadly Force
1.  Ability exists when a person has the means to cause grave injury to an officer.
2.  Opportunity exists when a person is in a position to use that means.

III.  DEADLY FORCE

A.  Officers may use deadly force only to protect life.

The decision to deploy the rifle will be made by the Designated
Rifleman after a supervisor approves it in each case that arises.

B.  Officers give a warning first where they can do so safely.

IV.  RESTRAINTS

Inspection Requirement:

Handcuffs are kept clean and in working order at all times by each officer.

Handcuffing Procedure:

Approved Use:

1.  Handcuffs are used according to department policy and training.
"""


def test_a_subheading_inside_a_numbered_section_is_a_subsection(tmp_path: Path) -> None:
    """`Medic response required ...` alone over its paragraph inside `II.`: a `###`
    subsection, addressed under its section; so is one after a list's last item, and a
    caption over a caption alone (`Handcuffing Procedure:` / `Approved Use:`). A sentence's
    first line (`... will be made by the Designated`), a line between a list's items and a
    caption over its text (`Inspection Requirement:`) are none."""
    result = import_text(SUBHEADED, "in.txt")
    assert [(s.level, s.address) for s in result.new.sections] == [
        (2, "246.00.I"), (2, "246.00.II"),
        (3, "246.00.II.medic-response-required-if-injury-or-complaint-of-injury"),
        (3, "246.00.II.mandatory-medic-response"),
        (3, "246.00.II.elements-of-deadly-force"), (2, "246.00.III"), (2, "246.00.IV"),
        (3, "246.00.IV.handcuffing-procedure")]
    mandatory = result.new.sections[3]
    assert [c.label for c in mandatory.children] == ["1", "2"]
    deadly = next(s for s in result.new.sections if s.address == "246.00.III")
    assert [c.label for c in deadly.children][:1] == ["A"]
    checks_clean(result, tmp_path)


STACKED_SUBHEADINGS = """RENO POLICE DEPARTMENT
USE OF FORCE

POLICY

Officers use only the force that is objectively reasonable to control an incident.

PROCEDURES

Use of Deadly Force

1.  Officers may use deadly force to protect themselves or others from death.

Deadly Force Restrictions

Use of Non-Deadly Force

1.  Where deadly force is not authorized, officers use only reasonable force to control.
2.  Officers may use department approved tools and techniques to restrain a person.

REPORTING

A written report follows every use of force that causes an injury to any person.
"""


def test_a_subheading_stacked_over_the_next_one_heads_a_section_too() -> None:
    """`Deadly Force Restrictions` over `Use of Non-Deadly Force` (its text printed
    elsewhere): both are subheadings, and the list under the second keeps its labels."""
    result = import_text(STACKED_SUBHEADINGS, "reno.txt")
    titles = [s.title for s in result.new.sections]
    assert titles == ["POLICY", "PROCEDURES", "Use of Deadly Force", "Deadly Force Restrictions",
                      "Use of Non-Deadly Force", "REPORTING"]
    assert [c.label for c in result.new.sections[4].children] == ["1", "2"]


PAGED_CONTENTS = """GENERAL ORDER
R-07: VEHICLE PURSUITS
A. PURPOSE AND VALUES 2
SAFETY OF THE PUBLIC FIRST 2
DUTY TO END A PURSUIT WHEN THE RISK OUTWEIGHS THE NEED TO APPREHEND,
WHOEVER THE DRIVER IS 2
B. DEFINITIONS 3
PURSUIT 3
C. STARTING A PURSUIT 4
WHEN A PURSUIT MAY START 4
WHO MAY TAKE PART 5



A. PURPOSE AND VALUES
Safety of the Public First
Officers weigh the danger a pursuit brings to the public against the need to stop the driver.
Duty to End a Pursuit When the Risk
Outweighs the Need to Apprehend, Whoever the Driver Is
A supervisor ends a pursuit whose danger outweighs its purpose.
B. DEFINITIONS
Pursuit
An attempt by an officer in a vehicle to stop a driver who is trying to get away.
C. STARTING A PURSUIT
When a Pursuit May Start
An officer may start a pursuit only for a violent felony.
Who May Take Part
Two vehicles at most take part, unless a supervisor directs more.
"""


def test_a_contents_with_pages_and_no_caption_gives_lettered_sections_and_their_topics(
        tmp_path: Path) -> None:
    """Entries with their page beside them and no caption or leaders (`B. DEFINITIONS 3`, a
    long title wrapped onto the line holding its page) are a contents, not text and not a
    section `I.`; the lettered entries it lists in turn are the sections, the topics between
    them `###` subsections, a topic the body wraps elsewhere than the contents did included;
    `R-07: VEHICLE PURSUITS` gives the policy id and title."""
    result = import_text(PAGED_CONTENTS, "in.txt")
    assert result.new.scheme == "headed"
    assert result.policy == "R-07"
    assert result.title == "Vehicle Pursuits"
    assert [(s.level, s.title) for s in result.new.sections] == [
        (2, "A. PURPOSE AND VALUES"), (3, "Safety of the Public First"),
        (3, ("Duty to End a Pursuit When the Risk Outweighs the Need to Apprehend, Whoever the "
             "Driver Is")),
        (2, "B. DEFINITIONS"), (3, "Pursuit"),
        (2, "C. STARTING A PURSUIT"), (3, "When a Pursuit May Start"),
        (3, "Who May Take Part")]
    assert {a.line for a in result.artifacts if a.kind == "contents"} == set(range(3, 12))
    checks_clean(result, tmp_path)


STACKED_ORDER_NAME = """DEPARTMENTAL
GENERAL
ORDER
R-4.2
Index as:
Vehicle Pursuits
Effective Date:
01 Mar 24
Page 1 of 9
VEHICLE PURSUITS
The purpose of this order is to set out when a pursuit may start and when it ends.
I. POLICY
Officers weigh the danger of a pursuit against the need to stop the driver.
II. SUPERVISION
A supervisor takes charge of every pursuit and may end it at any time.
III. REPORTING
Every pursuit is reported before the end of the shift.
"""


def test_an_order_name_set_a_word_a_line_over_its_number_gives_the_policy_id() -> None:
    """`DEPARTMENTAL` / `GENERAL` / `ORDER` / `R-4.2`: the header's first cell, its words
    stacked, the order's number below them."""
    result = import_text(STACKED_ORDER_NAME, "in.txt")
    assert result.policy == "R-4.2"
    assert headings(result) == ["I. POLICY", "II. SUPERVISION", "III. REPORTING"]


BOARDS_ORDER = """DEPARTMENTAL
GENERAL
ORDER
R-7
Page 1 of 6
REVIEW BOARDS
The purpose of this order is to say how pursuits and collisions are reviewed.
The Department keeps two review boards for this:
1. Pursuit Review Board (PRB)
2. Collision Review Board (CRB)
I. THE BOARDS
A. A board meets within thirty days of each event it reviews. It looks at:
1. the driving before the event;
2. the decisions made during it; and
3. the care given after it.
B. A board sends its findings to the Chief of Police.
II. RECORDS
A. The secretary of each board keeps its minutes for five years.
"""


def test_a_preamble_list_does_not_take_the_first_section_s_clauses(tmp_path: Path) -> None:
    """The preamble's list (`1.`, `2.`), kept as the first section's text, is nested on its own:
    the section's `A.` is no clause of its `2.`, and `A.`'s own `1.` to `3.` stay under `A.`.
    Where two lists share a level, the one that keeps more labels keeps them."""
    result = import_text(BOARDS_ORDER, "in.txt")
    first = result.new.sections[0]
    assert [c.label for c in first.children] == [None, None, "A", "B"]
    assert first.children[0].text.startswith("1. Pursuit Review Board")
    assert [c.label for c in first.children[2].children] == ["1", "2", "3"]
    checks_clean(result, tmp_path)


LONG_ROMAN_TITLES = """Chicago Police Department\tUniform and Property U09-01
Approved Flashlights
I.\tPurpose
This directive lists the flashlights members may carry.
II.\tFlashlights Approved for Members Appointed on or after 01 January 2020 or Transferred to Field Duty after 01 January 2020
A.\tThe Model 7 rechargeable flashlight.
B.\tThe Model 9 flashlight.
III.\tFlashlights Approved for Members Appointed before 01 January 2020
A.\tAny flashlight approved by an earlier version of this directive.
"""


def test_a_long_roman_title_in_title_case_heads_its_section() -> None:
    """A title beside its numeral may run to twenty words and more, dates included; in title
    case, no sentence, and in turn, it heads its section. The series name gives the number."""
    result = import_text(LONG_ROMAN_TITLES, "in.txt")
    assert [s.number for s in result.new.sections] == ["I.", "II.", "III."]
    assert result.new.sections[1].title.endswith("Transferred to Field Duty after 01 January 2020")
    assert result.policy == "U09-01"


def test_the_title_under_the_first_page_number_closes_a_header_table() -> None:
    """`Page 1 of 9` closes the header table (the stacked series name, its number, `Index as:`,
    the dates); the line in capitals under it is the order's title. An accreditation standard
    above the table (`Ref: CALEA` / `71.4.1`) puts no title over the series name."""
    assert import_text(STACKED_ORDER_NAME, "in.txt").title == "Vehicle Pursuits"
    standard = "Ref: CALEA\nStandard 41.2.2;\n41.2.3\n" + STACKED_ORDER_NAME
    result = import_text(standard, "in.txt")
    assert (result.policy, result.title) == ("R-4.2", "Vehicle Pursuits")


def _paged_order(pages: int) -> str:
    """An order whose every page after the first opens with its header table's rows, one of
    them a caption (`R-9 Effective Date:`), then the page's number."""
    body = ["GENERAL ORDER R-9", "PATROL RIFLES", "I. POLICY",
            "A. Officers carry a patrol rifle only after the course on it."]
    for page in range(2, pages + 1):
        body += ["RIVERTON POLICE DEPARTMENT", "R-9 Effective Date:", "01 May 24",
                 f"Page {page} of {pages}",
                 f"{chr(ord('A') + page - 1)}. Each rifle is inspected in month {page} of the year."]
    return "\n".join(body) + "\n"


def test_a_header_caption_printed_beside_each_page_number_is_furniture() -> None:
    """`R-9 Effective Date:` ends as a caption does, yet printed beside every page's number it
    is the running header's: set aside, in no clause."""
    result = import_text(_paged_order(5), "in.txt")
    texts = [clause.text for section in result.new.sections for clause in section.children]
    assert len(texts) == 5 and not any("Effective Date" in text for text in texts)
    running = [a for a in result.artifacts if a.text == "R-9 Effective Date:"]
    assert len(running) == 4


_RELEASE = ("Released to the public by Riverton PoliceThis copy was current on 1 May 2024. "
            "Policies change often, and the current version of each one is on the Riverton "
            "Police web site")


def _released_chapter() -> str:
    """A chapter whose every page ends with its number (`2/5`) and a release notice glued to
    its stamp and to the next page's running title, or once to the next page's heading."""
    lines = ["Patrol rifles", "Purpose", "This chapter says who may carry a patrol rifle."]
    headings = {3: "Storage"}
    for page in range(1, 5):
        lines += [f"Rifles are carried by trained officers, rule {page} of the chapter.", "",
                  f"{page}/5", "", _RELEASE + " " + headings.get(page, "Patrol rifles")]
        if page in headings:
            lines.append("Rifles are stored in the locked rack of the car.")
    return "\n".join(lines) + "\n"


def test_a_release_notice_glued_to_each_page_s_number_is_furniture() -> None:
    """A long notice at each page's foot, its words glued to a stamp and to the running title
    after it, never stands word for word the same: the words its copies share beside the page
    numbers are the footer, set aside with the stamp and the title; a heading glued on after
    it (`Storage`) stays text."""
    result = import_text(_released_chapter(), "in.txt")
    text = render_import_markdown(result, "new")
    assert "current on 1 May 2024" not in text and "Released to the public" not in text
    assert "Storage" in text and "locked rack" in text
    assert "/5" not in text
    footers = [a for a in result.artifacts if "current on 1 May 2024" in a.text]
    assert len(footers) == 4


def test_an_order_number_wrapped_at_its_hyphen_is_no_label() -> None:
    """`... as General Order K-` / `3. Under that order ...`: the digits finish the order's
    number the line above broke off; they open no clause `3.` in a list of letters."""
    text = ("I. POLICY\n"
            "A. Force is reviewed against the standard of General Order K-\n"
            "3. Under that order, a board reviews each use of force.\n"
            "B. The board reports to the Chief.\n")
    section = import_text(text, "in.txt").new.sections[0]
    assert [clause.label for clause in section.children] == ["A", "B"]
    assert "K- 3. Under that order" in section.children[0].text


def test_a_note_in_a_definitions_section_is_no_term_and_stays_in_place() -> None:
    """`NOTE:  ...` after a definition remarks on it: it is no term defined (`NOTE`), so it is
    not gathered with the terms at the section's head, but stays after the definition."""
    text = ("I. PURPOSE\n"
            "This order says how complaints are taken.\n"
            "II. DEFINITIONS\n"
            "Complainant: A person who makes a complaint.\n"
            "Start Date: The day the complaint is received.\n"
            "NOTE: The start date is counted from receipt even when the incident is older.\n"
            "Subject: The member the complaint names.\n")
    result = import_text(text, "in.txt")
    terms = [definition.term for definition in result.new.definitions]
    assert terms == ["Complainant", "Start Date", "Subject"]
    assert "counted from receipt" in render_import_markdown(result, "new")


def test_a_labelled_list_after_a_closed_unlabelled_list_is_not_its_clauses() -> None:
    """An unlabelled list (`VC refers to ...;` ... `CPIC refers to ... Center.`) that ends its
    sentence is over: the lettered list after it stands beside it, not under its last item."""
    text = ("III. NOTIFICATIONS\n"
            "Members notify the units below.\n"
            "NOTE:\n"
            "VC refers to the area Violent Crimes Section;\n"
            "PC refers to the area Property Crimes Section;\n"
            "CPIC refers to the Crime Prevention and Information Center.\n"
            "A. BATTERIES likely to result in hospitalization VC\n"
            "B. BURGLARIES of a value of $20,000 or more PC\n"
            "C. DEATHS of any kind VC and CPIC\n")
    section = import_text(text, "in.txt").new.sections[0]
    labelled = [clause.label for clause in section.children if clause.label]
    assert labelled == ["A", "B", "C"]


def test_one_roman_section_over_lettered_captions_keeps_them_as_its_clauses() -> None:
    """A directive of one section (`I.  HELMET - RIOT`) whose lettered captions in capitals
    (`A.  DESIGN:`, `B.  MATERIAL:`) stand below it: the captions are its clauses, not
    sections of a headed document."""
    blocks = (
        "Chicago Police Department\tUniform and Property U09-02", "Helmet - Riot",
        "Issue Date:\t01 May 2024\tEffective Date:\t01 May 2024",
        "I.\tHELMET - RIOT", "A.\tDESIGN:", "The riot helmet has a full face shield.",
        "B.\tMATERIAL:", "Polycarbonate shell with a foam liner.", "C.\tCOLOR:", "Black.",
        "D.\tMARKINGS:", "The member's star number on the back.")
    text = "\n\n".join(blocks) + "\n"
    result = import_text(text, "in.txt")
    assert [(s.number, s.title) for s in result.new.sections] == [("I.", "HELMET - RIOT")]
    assert [c.label for c in result.new.sections[0].children] == ["A", "B", "C", "D"]


def test_a_memorandum_s_subject_names_the_order_it_revises() -> None:
    """A cover memorandum first (`SUBJECT: Revised DGO R-6, VEHICLE PURSUITS`): the order it
    sends out is the policy, `R-6`, not a slug of the subject."""
    text = ("OFFICE OF CHIEF OF POLICE\nRIVERTON POLICE DEPARTMENT\nMEMORANDUM\n"
            "TO: All Personnel DATE: 01 May 24\n"
            "SUBJECT: Revised DGO R-6, VEHICLE PURSUITS (01 Jan 20)\n"
            "The purpose of this revision is to bring the order in line with state law.\n"
            "I. POLICY\nOfficers weigh the danger of a pursuit against the need to stop it.\n"
            "II. SUPERVISION\nA supervisor may end any pursuit.\n")
    assert import_text(text, "in.txt").policy == "R-6"


FLEET_ORDER = """DEPARTMENTAL GENERAL ORDER
R-02: DEPARTMENT BOATS
Effective Date: 01 May 24
Page 1 of 3
The Department's boats are kept and used as this order says.
A. DEFINITIONS
A - 1. Patrol Boat
A boat with police markings and a blue light.
A - 2. Rescue Boat
A boat kept for rescues, with no police markings.
B. MARINE UNIT DUTIES
B - 1. Boat Coordinator
The boat coordinator keeps the boats' records and keys.
B - 2. Crew
Each crew checks its boat before it leaves the dock.
"""


def test_lettered_sections_with_numbered_topics_and_no_blank_lines(tmp_path: Path) -> None:
    """A PDF read line by line sets no blank line between paragraphs: `A. DEFINITIONS` under a
    finished sentence is a lettered section all the same, two of them in turn are enough where
    each opens with its topics (`A - 1. Patrol Boat`), and the topics are its subsections."""
    result = import_text(FLEET_ORDER, "in.txt")
    assert [(s.level, s.title) for s in result.new.sections] == [
        (2, "A. DEFINITIONS"), (3, "A - 1. Patrol Boat"), (3, "A - 2. Rescue Boat"),
        (2, "B. MARINE UNIT DUTIES"), (3, "B - 1. Boat Coordinator"), (3, "B - 2. Crew")]
    assert (result.policy, result.title) == ("R-02", "Department Boats")
    checks_clean(result, tmp_path)


SCANNED_SPECIAL_ORDER = """OFFICE OF CHIEF OF POLICE

RIVERTON POLICE DEPARTMENT

SPECIAL ORDER NO. 9120

TO: All Personnel

SUBJECT: — Revision of Departmental General Order R-6,

VEHICLE PURSUITS

EFFECTIVE DATE: 01 May 24

TERMINATION: Upon Revision of Departmental General Order R-6

The purpose of this Special Order is to change who may end a pursuit.

Part II, A is revised to read as follows:

A. A supervisor or the pursuing officer may end a pursuit at any time.
"""


def test_a_scanned_special_order_s_subject_and_termination_rows() -> None:
    """A scan sets a blank line under each line: the subject broken after a comma goes on over
    it (`..., R-6,` / `VEHICLE PURSUITS`), a scan's dash before it is no part of the title, and
    `TERMINATION:  Upon revision ...` is a header row, no section."""
    result = import_text(SCANNED_SPECIAL_ORDER, "in.txt")
    assert result.title == "Revision of Departmental General Order R-6, VEHICLE PURSUITS"
    assert result.policy == "9120"
    assert not any("TERMINATION" in section.title.upper() for section in result.new.sections)


CONTENTS_PAGED_AND_LEADERED = """DEPARTMENTAL
GENERAL
ORDER
R-1
Index as:
Written Orders
TABLE OF CONTENTS
I. TERMS USED 1
A. Standing Order ..................................................1
B. Temporary Order .................................................2
II. HOW ORDERS ARE WRITTEN 3
III. REVIEW OF ORDERS 4
A. Standing Orders .................................................4
B. Training Notes ..................................................5
IV. COPIES OF ORDERS 6
A. Printing ........................................................6
V. COMMENTS ON ORDERS 7
A. Any Member ......................................................7
Page 1 of 7
WRITTEN ORDERS
The purpose of this order is to say how the Department's orders are written.
I. TERMS USED
A. Standing Order
An order that stays in force until it is revised.
II. HOW ORDERS ARE WRITTEN
Orders are written in plain language.
III. REVIEW OF ORDERS
A. Standing Orders
Each standing order is reviewed every three years.
IV. COPIES OF ORDERS
A. Printing
Orders are printed by the print shop.
V. COMMENTS ON ORDERS
A. Any member may comment on any order at any time.
"""


def test_a_contents_of_paged_entries_and_leadered_ones_is_no_section() -> None:
    """A contents whose Roman entries carry only their page (`I. TERMS USED 1`) and whose
    lettered entries carry leaders: its first entry, above the first leader, is the contents'
    too, not section I; the body's sections follow, the title under `Page 1 of 7`."""
    result = import_text(CONTENTS_PAGED_AND_LEADERED, "in.txt")
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("I.", "TERMS USED"), ("II.", "HOW ORDERS ARE WRITTEN"), ("III.", "REVIEW OF ORDERS"),
        ("IV.", "COPIES OF ORDERS"), ("V.", "COMMENTS ON ORDERS")]
    assert result.title == "Written Orders"


def test_a_subject_naming_two_orders_goes_on_over_four_lines() -> None:
    """A subject broken off on a comma or `and` line after line, two blank lines of a scan
    between some of them: every line it goes on over is the title's."""
    text = ("SPECIAL ORDER NO. 9121\n\nTO: All Personnel\n\n"
            "SUBJECT: Update of Departmental General Order (DGO) R-3,\n\n"
            "VEHICLE TOWING (Rev. 7 Apr 20) and\n\n\n"
            "Report Writing Manual (RWM) T-9,\n\n"
            "TOW REPORTS (Rev. 7 Apr 20)\n\n"
            "The purpose of this Special Order is to update both orders.\n\n"
            "I. TOWING\n\nTows are logged on the tow sheet.\n")
    result = import_text(text, "in.txt")
    assert result.title == ("Update of Departmental General Order (DGO) R-3, VEHICLE TOWING "
                            "(Rev. 7 Apr 20) and Report Writing Manual (RWM) T-9, TOW REPORTS "
                            "(Rev. 7 Apr 20)")


def test_a_lettered_order_s_title_with_brackets_going_on_below() -> None:
    """`R-26: REMOTE CAMERAS (DRONES)` / `and POLE CAMERAS`: the order's number and its title in
    capitals, brackets and all, the title going on over a line that opens with `and`; the
    title is title-cased though its small word is not in capitals."""
    text = ("DEPARTMENTAL GENERAL ORDER\nR-26: REMOTE CAMERAS (DRONES)\nand POLE CAMERAS\n"
            "Effective Date: 01 May 24\n"
            "I. VALUE STATEMENT\nCameras help resolve incidents safely.\n"
            "II. AUTHORIZED USE\nA camera is used only with a supervisor's approval.\n")
    result = import_text(text, "in.txt")
    assert (result.policy, result.title) == ("R-26", "Remote Cameras (Drones) and Pole Cameras")


def _titled_policy() -> str:
    """A surveillance-technology policy: lettered sections in title case, some running on into
    the template's wording after a colon, each over paragraphs of its own; no blank lines."""
    sections = ["Definitions", "Description of the Technology: what the cameras are and do",
                "Purpose of the Technology", "Authorized Uses", "Restrictions on Use",
                "Data Retention"]
    lines = ["DEPARTMENTAL GENERAL ORDER", "R-12: STREET CAMERAS", "Effective Date: 01 May 24",
             "This policy says how street cameras are used and their recordings kept."]
    for letter, title in zip("ABCDEF", sections, strict=True):
        lines += [f"{letter}. {title}", "Cameras are used only as this order allows.",
                  "Every use is logged by the operator on duty.",
                  "The log is reviewed each month by a supervisor."]
    return "\n".join(lines) + "\n"


def test_lettered_sections_in_title_case_from_the_top_make_the_outline() -> None:
    """Six lettered headings in title case in turn, from the order's top, each over its own
    paragraphs: the sections (a title's run-on after its colon opens its text)."""
    result = import_text(_titled_policy(), "in.txt")
    assert [s.title for s in result.new.sections] == [
        "A. Definitions", "B. Description of the Technology", "C. Purpose of the Technology",
        "D. Authorized Uses", "E. Restrictions on Use", "F. Data Retention"]
    assert result.new.sections[1].text.startswith("what the cameras are and do")



OLDER_APD = """ALBUQUERQUE POLICE DEPARTMENT
GENERAL ORDERS

1-04 PERSONNEL CODE OF CONDUCT

POLICY:
Personnel are expected to follow a set code of conduct and to act responsibly on and
off duty.

PROCEDURES:

1-04-1 CONDUCT

A. Obedience to Laws and Orders
1. Personnel obey the laws of every jurisdiction in which they are present.
2. Personnel obey every lawful Department order.

1-04-2 CONDUCT TOWARD THE PUBLIC

A. Personnel are courteous to the public.
"""


def test_an_older_apd_order_s_policy_and_procedures_captions_open_its_sections(
        tmp_path: Path) -> None:
    """`POLICY:` over its statement, `PROCEDURES:` over `1-04-1 CONDUCT` (APD's General Orders
    of the 2000s): the captions are unnumbered sections and the first numbered section is no
    value of the caption above it (it was read as a header row, and its clauses set aside)."""
    result = import_text(OLDER_APD, "1-04.txt")
    assert result.policy == "1-04"
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("", "POLICY"), ("", "PROCEDURES"), ("1-04-1", "CONDUCT"),
        ("1-04-2", "CONDUCT TOWARD THE PUBLIC")]
    assert [c.address for c in walk(result.new.sections[2].children)] == [
        "1-04-1.A", "1-04-1.A.1", "1-04-1.A.2"]
    path = tmp_path / "1-04" / "2004.md"
    path.parent.mkdir()
    path.write_text(render_import_markdown(result, "new", "2004"), encoding="utf-8")
    assert "numbering: apd" in path.read_text(encoding="utf-8")
    assert check_paths([path]) == []


def test_sections_numbered_one_point_oh_are_no_policy_number() -> None:
    """`1.0 PURPOSE`, `2.0 POLICY`, `3.1 ...` (with or without `Section` before the number):
    the order's parts, each a section, the id from the order's own line, not the commonest
    first part (`3`)."""
    numbered = """HARBOR CITY POLICE DEPARTMENT
POLICY 410 - VEHICLE PURSUITS

1.0 PURPOSE
This policy sets the rules for vehicle pursuits.

2.0 POLICY
Officers weigh the danger of a pursuit against the need to stop the driver.

3.0 PROCEDURE
3.1 Starting a Pursuit
Officers tell the dispatcher when they begin a pursuit.
3.2 Ending a Pursuit
A supervisor may end a pursuit at any time.
"""
    result = import_text(numbered, "410.txt")
    assert (result.policy, result.title) == ("410", "Vehicle Pursuits")
    assert [s.number for s in result.new.sections] == ["1.0", "2.0", "3.0", "3.1", "3.2"]
    worded = numbered.replace("POLICY 410 - VEHICLE PURSUITS", "GENERAL ORDER 5.02\nSUBJECT: "
                              "VEHICLE PURSUITS").replace("\n1.0", "\nSection 1.0").replace(
        "\n2.0", "\nSection 2.0").replace("\n3.0", "\nSection 3.0")
    result = import_text(worded, "5.02.txt")
    assert (result.policy, result.title) == ("5.02", "Vehicle Pursuits")
    assert [(s.number, s.title) for s in result.new.sections][:3] == [
        ("1.0", "PURPOSE"), ("2.0", "POLICY"), ("3.0", "PROCEDURE")]
    assert result.new.sections[0].text == "This policy sets the rules for vehicle pursuits."


def test_chapter_and_title_rows_give_the_id_and_title_not_sections() -> None:
    """`CHAPTER: 1.3` / `TITLE: USE OF FORCE` over headed sections (New Orleans' operations
    manual): header rows, not sections `CHAPTER` and `TITLE` holding the header as text."""
    text = """NEW HARBOR POLICE DEPARTMENT
OPERATIONS MANUAL

CHAPTER: 1.3
TITLE: USE OF FORCE
EFFECTIVE: 11/20/2016

PURPOSE
The purpose of this chapter is to set out when members may use force.

POLICY STATEMENT
1. The Department values the life and dignity of every person.
2. Members use only the force that is objectively reasonable.
"""
    result = import_text(text, "1.3.txt")
    assert (result.policy, result.title) == ("1.3", "Use of Force")
    assert [s.title for s in result.new.sections] == ["PURPOSE", "POLICY STATEMENT"]


def test_a_procedure_s_number_gives_its_sections_numbered_after_it() -> None:
    """`Procedure 501 – Use of Force` over `.01 INTRODUCTION`, `.02 POLICY` (San Antonio's
    general manual): sections 501.01, 501.02, as `General Order 705` gives `705.01`; before,
    no section was found and the whole text was one."""
    text = """HARBOR CITY POLICE DEPARTMENT GENERAL MANUAL

Procedure 501 – Use of Force
Effective Date: March 1, 2019

.01 INTRODUCTION
This procedure sets out when members may use force.

.02 POLICY
A. Members use only the force that is objectively reasonable.
B. Members stop using force once its purpose is met.
"""
    result = import_text(text, "501.txt")
    assert (result.policy, result.title) == ("501", "Use of Force")
    assert [(s.number, s.title) for s in result.new.sections] == [
        ("501.01", "INTRODUCTION"), ("501.02", "POLICY")]


def test_a_header_s_number_row_and_rows_after_a_related_caption() -> None:
    """`NUMBER: 1.04 – ADMINISTRATION` gives the id (San Diego's procedures); the rows after
    `RELATED POLICY:  1.04` (`ORIGINATING DIVISION: TRAINING`, `SUPERSEDES: ...`) are rows of
    their own, not related policies."""
    text = """HARBOR CITY POLICE DEPARTMENT
PROCEDURE

NUMBER:               1.04 – ADMINISTRATION

SUBJECT:              USE OF FORCE

RELATED POLICY:       1.04

ORIGINATING DIVISION: TRAINING

SUPERSEDES:           DP 1.04 – 05/25/2018

I.     PURPOSE

       This Department procedure establishes guidelines for the use of force.

II.    SCOPE

       This procedure applies to all sworn members of the Department.
"""
    result = import_text(text, "1.04.txt")
    assert (result.policy, result.title) == ("1.04", "Use of Force")
    assert result.meta.related == ()
    assert [s.number for s in result.new.sections] == ["I.", "II."]


def test_a_manual_s_series_name_above_the_subject_is_no_title() -> None:
    """`POLICY AND PROCEDURES` (Memphis), `GENERAL MANUAL` above the subject: the manual's
    name, not the policy's title."""
    for series in ("POLICY AND PROCEDURES", "GENERAL MANUAL", "Policies and Procedures"):
        text = f"""HARBOR CITY POLICE DEPARTMENT
{series}

RESPONSE TO RESISTANCE

DEFINITIONS
Deadly force: Force that is likely to cause death or serious bodily injury.

USE OF DEADLY FORCE AUTHORIZED
Officers may use deadly force only to defend themselves or others.
"""
        result = import_text(text, "r2r.txt")
        assert (result.policy, result.title) == ("response-to-resistance",
                                                 "Response to Resistance"), series


def test_paragraphs_numbered_through_the_chapter_keep_their_labels(tmp_path: Path) -> None:
    """New Orleans numbers its paragraphs through the chapter: `3.`, `4.` under the second
    heading go on from the first's `1.`, `2.`. They had become unlabelled paragraphs; `policykit
    check` accepts a list that goes on from the section before's now, and they stay clauses."""
    text = """PURPOSE
The purpose of this chapter is to set out when members may use force.

POLICY STATEMENT
1. The Department values the life and dignity of every person.
2. Members use only the force that is objectively reasonable.

AUTHORIZED USE OF FORCE
3. Members may use force only to carry out a lawful purpose.
4. Members stop using force once its purpose is met.
"""
    result = import_text(text, "1.3.txt", policy="1.3")
    assert [[c.label for c in s.children] for s in result.new.sections] == [
        [], ["1", "2"], ["3", "4"]]
    path = tmp_path / "1.3" / "2016.md"
    path.parent.mkdir()
    path.write_text(render_import_markdown(result, "new", "2016"), encoding="utf-8")
    assert check_paths([path]) == []


def test_a_special_order_is_its_own_policy_not_the_one_it_amends() -> None:
    """APD's special orders (`SO 14-41`) amend an SOP their subject names (`Amendment to SOP
    2-52`): imported into `policies/2-52/` they would read as a version of 2-52."""
    text = """ALBUQUERQUE POLICE DEPARTMENT
SPECIAL ORDER

SO 14-41                                              Effective: 05/01/2014

TO:       All Personnel
SUBJECT:  Amendment to SOP 2-52 Use of Force

Effective immediately, SOP 2-52-8 is amended as follows.

1. Officers shall not use a neck hold except where deadly force is authorized.
2. Officers shall report every use of a neck hold to a supervisor at once.
"""
    result = import_text(text, "so-14-41.txt")
    assert (result.policy, result.title) == ("SO-14-41", "Amendment to SOP 2-52 Use of Force")
    # A rescinded order a header lists, its title beside it, is no id of this one.
    listed = text.replace("SO 14-41                                              Effective: "
                          "05/01/2014", "SO 12-07 Use of Neck Holds")
    assert import_text(listed, "so.txt").policy != "SO-12-07"


def test_a_series_name_beside_the_numbered_title_is_no_part_of_it() -> None:
    """`PROCEDURAL ORDERS   2-52 USE OF FORCE` (APD's older header, its two cells on one line):
    the title is `Use of Force`, not `Procedural Orders 2-52 Use of Force`."""
    text = """PROCEDURAL ORDERS                                        2-52 USE OF FORCE
                                                         Effective: 01/10/05

2-52-1     Policy

           It is the policy of the Department that officers use only reasonable force.

2-52-2     Definitions

           A.   Deadly force is force that creates a substantial risk of death.
"""
    result = import_text(text, "2-52.txt")
    assert (result.policy, result.title) == ("2-52", "Use of Force")
    assert any(a.text.startswith("PROCEDURAL ORDERS") for a in result.artifacts)


def test_a_general_instruction_s_code_gives_the_id() -> None:
    """New Zealand's General Instructions open `F061 - Use of Firearms by Police` over `(1)`,
    `(2)` paragraphs: id `F061`, not a slug of the whole line."""
    text = """F061 - Use of Firearms by Police

(1) Members must always be aware of their responsibilities in the use of firearms.

(2) Police members shall not use a firearm except in the following circumstances:

(a) to defend themselves or others if they fear death or grievous bodily harm;
"""
    result = import_text(text, "f061.txt")
    assert (result.policy, result.title) == ("F061", "Use of Firearms by Police")


def test_a_standard_operating_procedure_s_number_is_the_id() -> None:
    """`STANDARD OPERATING PROCEDURE #12` / `VEHICLE PURSUITS`: id 12, the title below."""
    text = """HARBOR CITY POLICE DEPARTMENT
STANDARD OPERATING PROCEDURE #12
VEHICLE PURSUITS

I. PURPOSE
This procedure sets out when officers may pursue a vehicle.

II. PROCEDURE
A. Officers weigh the danger of the pursuit.
"""
    result = import_text(text, "sop-12.txt")
    assert (result.policy, result.title) == ("12", "Vehicle Pursuits")


def test_an_operations_order_and_a_number_row_without_its_colon() -> None:
    """`OPERATIONS ORDER 5.3` and `Number 3.12` (a header cell printed without its colon) give
    the id; neither is the title."""
    body = ("\n\nI. PURPOSE\nThis order sets out when members may use force.\n\n"
            "II. POLICY\nMembers use only the force that is reasonable.\n")
    for header, policy in (("OPERATIONS ORDER 5.3\nUSE OF FORCE", "5.3"),
                           ("WRITTEN DIRECTIVE\nNumber 3.12\nUSE OF FORCE", "3.12"),
                           # plain `pdftotext`: each caption above its value
                           ("GENERAL ORDER\n\nSubject\nUSE OF FORCE\n\nNumber\n3.12", "3.12"),
                           ("DIRECTIVE 3.12 - USE OF FORCE", "3.12")):
        result = import_text(f"HARBOR CITY POLICE DEPARTMENT\n{header}{body}", "order.txt")
        assert (result.policy, result.title) == (policy, "Use of Force"), header


def test_a_bracketed_label_alone_on_its_line_keeps_its_style() -> None:
    from toolkit.importer.columns import read_items

    lines = ["a. the force involves:", "(1)", "a firearm;", "(2) a canine bite."]
    items, _ = read_items(tuple(Line(number, text) for number, text in enumerate(lines, 1)))
    assert [(item.label, item.bracketed) for item in items] == [
        ("a", False), ("1", True), ("2", True)]
