"""Text deleted from one clause and written into another is linked at both ends."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from toolkit.diff import diff_versions
from toolkit.diff.fragments import find_moved_fragments
from toolkit.model import ChangeSet
from toolkit.parse import parse_version, read_version
from toolkit.render.redline_html import redline_to_string, render_redline
from toolkit.render.redline_md import render_redline_markdown

ROOT = Path(__file__).resolve().parents[2]
HEAD = '---\nid: "1-1"\ntitle: Test\nversion: "{name}"\nstatus: draft\neffective:\n---\n\n'


def diff(old: str, new: str) -> ChangeSet:
    return diff_versions(parse_version(HEAD.format(name="old") + old, "old.md"),
                         parse_version(HEAD.format(name="new") + new, "new.md"))


def ends(cs: ChangeSet) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(f.old.old, f.new.new) for f in find_moved_fragments(cs)]


def test_sop_2_55_links_the_sentence_that_left_a_1_e_i_for_b_1_e() -> None:
    policy = ROOT / "policies" / "2-55"
    cs = diff_versions(read_version(policy / "original.md"), read_version(policy / "revised.md"))
    assert ends(cs) == [(("2-55-4.A.1.e.i",), ("2-55-4.B.1.e",))]
    page = html.fromstring(redline_to_string(render_redline(cs)))
    source = page.get_element_by_id("change-2-55-4.A.2.e.i")
    target = page.get_element_by_id("change-2-55-4.B.1.e")
    assert [a.get("href") for a in source.find_class("pk-fragment")[0].iter("a")] == [
        "#change-2-55-4.B.1.e"]
    assert [a.get("href") for a in target.find_class("pk-fragment")[0].iter("a")] == [
        "#change-2-55-4.A.2.e.i"]
    assert source.find_class("pk-fragment")[0].text_content() == (
        "Deleted text reappears in 2-55-4.B.1.e (89 % alike).")


def test_a_phrase_cut_from_one_clause_into_a_new_one_elsewhere_is_found() -> None:
    cs = diff("""## 1-1-1 Procedures

- **A.** Officers shall consider the following:
  - **1.** Communicating with the individual in a calm tone while considering additional resources such as crisis teams and social services to resolve the crisis;
- **B.** When feasible, officers should:
  - **1.** Assess the risks to everyone present;
""", """## 1-1-1 Procedures

- **A.** Officers shall consider the following:
  - **1.** Communicating with the individual in a calm tone;
- **B.** When feasible, officers should:
  - **1.** Assess the risks to everyone present;
  - **2.** Request additional resources such as crisis teams and social services to best resolve the crisis.
""")
    assert [c.op for c in cs.changes if c.op != "unchanged"] == ["modified", "added"]
    assert ends(cs) == [(("1-1-1.A.1",), ("1-1-1.B.2",))]


def test_short_or_unlike_text_and_whole_clause_pairs_are_left_to_alignment() -> None:
    cs = diff("""## 1-1-1 Procedures

- **A.** Officers shall secure the scene at once.
- **B.** The watch commander shall keep the duty roster current at all times of the day.
""", """## 1-1-1 Procedures

- **A.** Officers shall secure the area at once.
- **B.** Dispatchers shall log every call for service with its time and its location.
""")
    assert ends(cs) == []


def test_the_pull_request_markdown_names_both_ends() -> None:
    policy = ROOT / "policies" / "2-55"
    cs = diff_versions(read_version(policy / "original.md"), read_version(policy / "revised.md"))
    markdown = render_redline_markdown(cs)
    assert ("*matched by same position, 40 % alike; deleted text reappears in 2-55-4.B.1.e "
            "(89 % alike)*") in markdown
    assert "*inserted text was deleted from 2-55-4.A.1.e.i (89 % alike)*" in markdown
