"""A text that compiles several directives imports as one policy each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from toolkit.cli import main
from toolkit.errors import ImportTextError
from toolkit.importer import furniture_of, import_text, render_import_markdown
from toolkit.importer.compilation import (
    split_compilation,
    split_directives,
    split_manual,
    split_titled_orders,
    split_titled_policies,
)
from toolkit.model import Section
from toolkit.tree import walk

BODY = ("Officers use only the force that is objectively reasonable, necessary and "
        "proportional to the threat, and they report every use of force to a supervisor "
        "before the end of their tour of duty, in writing, on the form the Department gives.")


def directive(number: str, title: str) -> str:
    return "\n".join(["Chicago Police Department", "", title, "", f"General Order   {number}",
                      "", "ISSUE DATE:", "", "EFFECTIVE DATE:", "", "I.", "", "PURPOSE", "",
                      BODY, "", "II.", "", "POLICY", "", BODY])


COMPILED = "\n\f".join([directive("G03-02", "USE OF FORCE"),
                      directive("G03-02-01", "FORCE OPTIONS"),
                      directive("G08-05", "FORCE REVIEW")])


def test_each_directive_starts_at_its_page_and_keeps_the_file_s_lines() -> None:
    pieces = split_directives(COMPILED)
    assert [(p.number, p.line) for p in pieces] == [("G03-02", 1), ("G03-02-01", 22),
                                                    ("G08-05", 43)]
    lines = COMPILED.split("\n")
    for piece, end in zip(pieces, [21, 42, 63], strict=True):
        assert piece.text.split("\n") == lines[piece.line - 1:end]
    second = import_text(pieces[1].text, "manual.txt", first_line=pieces[1].line)
    assert second.policy == "G03-02-01"
    assert [(s.number, s.title) for s in second.new.sections] == [("I.", "PURPOSE"),
                                                                 ("II.", "POLICY")]
    assert second.artifacts[0].line >= 22  # line numbers are the file's


def test_a_text_from_further_down_its_file_reads_as_if_padded_to_its_place() -> None:
    """`first_line` gives what blank lines above the text would, without reading them."""
    text = directive("G03-02-01", "FORCE OPTIONS").replace("threat,", "threat,\x07") + "\f\nPage 2"
    padded = import_text("\n" * 21 + text, "manual.txt")
    shifted = import_text(text, "manual.txt", first_line=22)
    assert shifted == padded
    assert min(w.line for w in shifted.warnings) >= 22
    assert import_text(text, "manual.txt") != padded
    with pytest.raises(ImportTextError) as refused:
        import_text("ab\n\x01\x02\x03", "manual.txt", first_line=22)
    assert refused.value.line == 23


def test_one_directive_or_a_number_without_its_header_is_no_compilation() -> None:
    assert split_directives(directive("G03-02", "USE OF FORCE")) == []
    quoted = directive("G03-02", "USE OF FORCE") + "\nSee General Order G03-02-01 for more.\n"
    assert split_directives(quoted) == []


def _into_a_folder(tmp_path: Path, text: str) -> tuple[Path, Path, Result]:
    """`policykit import manual.txt -o policies/ --json` on the text: the file, the folder
    and the run."""
    source = tmp_path / "manual.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "policies"
    out.mkdir()
    done = CliRunner().invoke(main, ["import", str(source), "-o", str(out), "--json"])
    assert done.exit_code == 0, done.stderr
    return source, out, done


def test_a_folder_import_writes_each_directive_and_a_single_import_refuses(
        tmp_path: Path) -> None:
    source, out, done = _into_a_folder(tmp_path, COMPILED)
    assert [row["policy"] for row in json.loads(done.stdout)] == ["G03-02", "G03-02-01",
                                                                 "G08-05"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md")) == [
        "G03-02-01/manual.md", "G03-02/manual.md", "G08-05/manual.md"]
    assert "import: 1/1" in done.stderr and "import: 2/1" not in done.stderr
    single = CliRunner().invoke(main, ["import", str(source)])
    assert single.exit_code == 1 and single.stdout == ""
    assert single.stderr == (f"error: {source}:22: holds 3 directives (G03-02, G03-02-01, "
                             "G08-05); import it into a folder (-o policies/) to write each as "
                             "its own policy\n")


def manual_policy(number: int, title: str, sections: list[str]) -> list[str]:
    """One policy of a whole manual as a text without page breaks prints it: its letterhead,
    its title, its sections `N.1`, `N.2`, ..., and the page's footer."""
    lines = ["Policy", str(number), "", "Anytown Police Department", "Policy Manual", "",
             title, ""]
    for place, heading in enumerate(sections, start=1):
        lines += [f"{number}.{place}   {heading}", BODY, ""]
    return [*lines, "Adoption Date: 2015/05/04", "© 1995-2015 Lexipol, LLC", "",
            f"{title} - {number % 7 + 1}", ""]


FRONT = ["CHIEF'S MESSAGE", "", BODY, "", BODY, ""]
MANUAL = "\n".join([
    *FRONT,
    *manual_policy(100, "Law Enforcement Authority", ["PURPOSE AND SCOPE", "PEACE OFFICER POWERS"]),
    *manual_policy(102, "Chief Executive Officer", ["PURPOSE AND SCOPE", "REQUIREMENTS"]),
    *manual_policy(106, "Department Manuals", ["PURPOSE AND SCOPE", "POLICY MANUAL",
                                               "SPECIAL ORDERS"]),
])


def test_a_whole_manual_splits_at_each_policy_s_letterhead() -> None:
    pieces = split_manual(MANUAL, furniture_of)
    assert [(p.number, p.line) for p in pieces] == [("", 1), ("100", 7), ("102", 26),
                                                    ("106", 45)]
    lines = MANUAL.split("\n")
    assert lines[6:8] == ["Policy", "100"] and lines[25:27] == ["Policy", "102"]
    # A one-page policy shows its letterhead once: the whole text tells it is furniture.
    short = import_text(pieces[2].text, "manual.txt", first_line=pieces[2].line,
                        furniture=pieces[2].furniture)
    assert (short.policy, short.title) == ("102", "Chief Executive Officer")
    assert [(s.number, s.title, s.text) for s in short.new.sections] == [
        ("102.1", "PURPOSE AND SCOPE", BODY), ("102.2", "REQUIREMENTS", BODY)]
    alone = import_text(pieces[2].text, "manual.txt", first_line=pieces[2].line)
    assert "Lexipol" in alone.new.sections[-1].text


def test_a_manual_is_a_policy_of_each_numbered_policy_only_in_a_folder(tmp_path: Path) -> None:
    source, out, done = _into_a_folder(tmp_path, MANUAL)
    assert [row["policy"] for row in json.loads(done.stdout)] == ["chief-s-message", "100",
                                                                 "102", "106"]
    assert CliRunner().invoke(main, ["check", *map(str, out.rglob("*.md"))]).exit_code == 0
    single = CliRunner().invoke(main, ["import", str(source), "--json"])
    assert single.exit_code == 0
    assert [s["number"] for s in json.loads(single.stdout)["new"]["sections"]] == [
        "100.1", "100.2", "102.1", "102.2", "106.1", "106.2", "106.3"]


def test_dotted_sections_of_one_policy_or_out_of_turn_are_no_manual() -> None:
    one = "\n".join(manual_policy(300, "Use of Force", ["PURPOSE AND SCOPE", "POLICY", "DUTY"]))
    assert split_manual(one, furniture_of) == []
    cited = "\n".join([*manual_policy(300, "Use of Force", ["PURPOSE AND SCOPE"]),
                       "200.1   SEE THE VEHICLE PURSUIT POLICY", "100.1   AND ITS FORMS"])
    assert split_manual(cited, furniture_of) == []


def directive_with_subject(number: str, subject: str) -> str:
    """A directive headed as Hanover Park prints one: its number with an edition letter, then
    the `SUBJECT:` caption, then its Roman sections."""
    return "\n".join(["POLICE DEPARTMENT", "ANYTOWN, ILLINOIS", "", f"DIRECTIVE: {number}", "",
                      f"SUBJECT:       {subject}", "", "I.     Purpose", "", BODY, "",
                      "II.    Procedure", "", BODY])


def test_directives_numbered_with_an_edition_letter_and_a_subject_caption_split() -> None:
    text = "\n\f".join([directive_with_subject("100-A", "Written Directive System"),
                        directive_with_subject("104-B", "Officer Authority")])
    pieces = split_directives(text)
    assert [(p.number, p.line) for p in pieces] == [("100-A", 1), ("104-B", 15)]
    assert import_text(pieces[1].text, "manual.txt", first_line=15).policy == "104-B"
    # Plain `pdftotext` prints the caption and the number apart, and a long list of standards
    # between the number and the subject.
    plain = text.replace("DIRECTIVE: 104-B", "DIRECTIVE:\n104-B\nREFERENCE STANDARDS:\n"
                         + "\n".join(f"35.1.{n}" for n in range(1, 13)))
    assert [p.number for p in split_directives(plain)] == ["100-A", "104-B"]


def _titled_order(number: str, title: str, sections: list[str]) -> str:
    contents = "\n".join(f"{numeral}.  {name}" for numeral, name in
                         zip(("I", "II", "III"), sections, strict=False))
    bodies = "\n".join(
        f"{numeral}.  {name}\nOfficers follow this part of the order in every case it names, "
        "and they report each use of force to a supervisor before the end of the shift."
        for numeral, name in zip(("I", "II", "III"), sections, strict=False))
    return f"{number} {title}\n{contents}\n{bodies}\n"


def test_orders_opening_with_their_number_and_title_each_restarting_i_split() -> None:
    text = (_titled_order("310.00", "RESPONSE TO RESISTANCE", ["POLICY", "DEFINITIONS"])
            + _titled_order("310.01", "DUTY TO INTERVENE", ["POLICY", "PROCEDURE"]))
    pieces = split_titled_orders(text)
    assert [(piece.number, piece.line) for piece in pieces] == [("310.00", 1), ("310.01", 8)]
    assert [import_text(piece.text, "orders.txt", first_line=piece.line).policy
            for piece in pieces] == ["310.00", "310.01"]
    # A dotted section in capitals is no order: no `I.` follows it.
    assert split_titled_orders(text.replace("\nI.  POLICY\nII.  DEFINITIONS", "")
                               .replace("I.  POLICY\nOfficers", "Officers", 1)) == []


def _seattle_page(number: int, lines: list[str]) -> str:
    """A page of a manual printed from its web site: the browser's header above, its address
    and the print date below."""
    return "\n".join(["\fHarbor City Police Manual - Police Manual | harborcity.gov",
                      f"Page {number} of 300", *lines,
                      "http://www.harborcity.gov/police-manual/manual-index", "3/2/2017"])


SEATTLE = "".join([
    _seattle_page(41, [
        "Contents",
        "6.010 - Traffic Stops",
        "6.020 - Vehicle Pursuits",
        "6.010 - Traffic Stops Effective Date: 03/01/2016",
        "6.010-POL",
        "Sworn employees who stop a vehicle on the road follow this policy.",
        "1. Officers Tell the Driver Why They Were Stopped",
        "Officers give their name and the reason for the stop as soon as it is safe to do so.",
        "2. Officers Keep the Stop Short",
        "A stop lasts no longer than its reason needs.",
    ]),
    _seattle_page(42, [
        "6.020 - Vehicle Pursuits",
        "Effective Date: 04/15/2016",
        "6.020-POL-1 Starting a Pursuit",
        "1. Officers Weigh the Danger of a Pursuit Against the Need to Stop the Driver",
        "The road, the weather and the traffic come first.",
        "6.020-POL-2 Reporting a Pursuit",
        "1. Every Officer Who Took Part Writes a Report",
        "The report is written before the end of the shift.",
    ]),
    _seattle_page(43, [
        "6.020-PRO-1 Ending a Pursuit",
        "Officer",
        "1. Turns off the emergency lights and the siren.",
        "2. Tells the dispatcher where the pursuit ended.",
        "Supervisor",
        "3. Reviews the reports.",
    ]),
])


def test_a_manual_of_policies_with_lettered_parts_splits_at_each_policy_s_line() -> None:
    """`6.020 - Vehicle Pursuits` over `6.020-POL-1`, `6.020-PRO-1` (Seattle's layout): a
    policy each, its line the title, its parts the sections in turn (`PRO` after `POL-2`),
    a part with no title of its own read by its letters; the contents above starts none."""
    pieces = split_compilation(SEATTLE, furniture_of)
    assert [(piece.number, piece.line) for piece in pieces] == [("6.010", 1), ("6.020", 16)]
    results = [import_text(piece.text, "manual.txt", policy=piece.policy,
                           first_line=piece.line, furniture=piece.furniture) for piece in pieces]
    assert [(r.policy, r.title, r.new.numbering) for r in results] == [
        ("6.010", "Traffic Stops", "dotted"), ("6.020", "Vehicle Pursuits", "dotted")]
    assert [(s.number, s.title) for s in results[0].new.sections] == [("6.010-POL", "Policy")]
    assert results[0].new.sections[0].text.startswith("Sworn employees who stop")
    parts = [(s.number, s.title) for s in walk(results[1].new.sections) if isinstance(s, Section)]
    assert parts == [("6.020-POL-1", "Starting a Pursuit"), ("6.020-POL-2", "Reporting a Pursuit"),
                     ("6.020-PRO-1", "Ending a Pursuit")]
    markdown = "\n".join(render_import_markdown(result, "new") for result in results)
    assert "harborcity.gov" not in markdown and "Effective Date" not in markdown.split("---")[2]


def test_policy_lines_with_no_parts_under_them_are_a_contents_not_a_manual() -> None:
    listed = f"""6.010 - Traffic Stops
6.020 - Vehicle Pursuits
6.030 - Roadblocks
{BODY}
6.040 - Towing
{BODY}"""
    assert split_titled_policies(listed, furniture_of) == []


def test_one_policy_of_such_a_manual_takes_its_id_from_its_parts() -> None:
    text = """8.200 - Using Force
Effective Date: 09/15/2019
8.200-POL-1 Use of Force: When Authorized
An officer uses only the force that is objectively reasonable and necessary.
8.200-POL-2 Use of Force: When Prohibited
1. Officers Do Not Strike a Restrained Person
Except to stop an escape.
8.200-TSK-1 Responsibilities of the Officer Who Uses Force
1. Calls a supervisor.
2. Writes the report."""
    result = import_text(text, "8.200.txt")
    assert (result.policy, result.title) == ("8.200", "Using Force")
    assert [s.number for s in result.new.sections] == ["8.200-POL-1", "8.200-POL-2",
                                                       "8.200-TSK-1"]
