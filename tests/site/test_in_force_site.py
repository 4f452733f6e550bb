"""Time on the site: a policy with amendments, a rescission and a future version shows the
right status on every page, and the feed, bulletin and JSON say the same."""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from toolkit.library import load_library
from toolkit.site import SitePage, Urls, build_pages
from toolkit.site.feed import build_files
from toolkit.tree_json import version_to_json

FIXTURE = Path(__file__).parent / "fixtures" / "in_force" / "policies"
ROOT = Path(__file__).resolve().parents[2]
TODAY = "2025-06-01"
ATOM = "{http://www.w3.org/2005/Atom}"

CURRENT = ("In force since 2023-01-01. Version v2099 replaces it on 2099-01-01. "
           "Read version v2099.")
BANNERS = {
    "policies/9-1/index.md": CURRENT,
    "policies/9-1/v2020/index.md": "No longer in force: in force from 2020-01-01 until 2021-01-01, "
                                   "replaced by version v2020 as amended by SO 21-01.",
    "policies/9-1/so-21-01/index.md": "No longer in force: in force from 2021-01-01 until "
                                      "2022-01-01, replaced by version v2022.",
    "policies/9-1/v2022/index.md": "No longer in force: in force from 2022-01-01 until 2023-01-01, "
                                   "replaced by version v2022 as amended by SO 23-01.",
    "policies/9-1/so-23-01/index.md": CURRENT,
    "policies/9-1/v2099/index.md": "Takes effect on 2099-01-01. Until then, version v2022 as "
                                   "amended by SO 23-01 is in force.",
    "policies/9-1/draft/index.md": "Draft: not in force.",
}
HEADER_STATUS = {
    "policies/9-1/index.md": "in force",
    "policies/9-1/v2020/index.md": "replaced",
    "policies/9-1/so-21-01/index.md": "replaced",
    "policies/9-1/v2022/index.md": "replaced",
    "policies/9-1/so-23-01/index.md": "in force",
    "policies/9-1/v2099/index.md": "takes effect 2099-01-01",
    "policies/9-1/draft/index.md": "draft",
}


@pytest.fixture(scope="module")
def pages() -> dict[str, SitePage]:
    library = load_library(FIXTURE)
    return {page.path: page for page in build_pages(library.policies, Urls(), today=TODAY)}


def tree(page: SitePage) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(page.html)


def text(node: lxml.html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def test_every_state_has_a_permanent_page(pages: dict[str, SitePage]) -> None:
    assert sorted(p for p in pages if p.startswith("policies/9-1/") and "redline" not in p) == [
        "policies/9-1/draft/index.md",
        "policies/9-1/history/index.md",
        "policies/9-1/index.md",
        "policies/9-1/so-21-01/index.md",
        "policies/9-1/so-23-01/index.md",
        "policies/9-1/v2020/index.md",
        "policies/9-1/v2022/index.md",
        "policies/9-1/v2099/index.md",
    ]


@pytest.mark.parametrize("path", sorted(BANNERS))
def test_every_page_says_how_its_text_stands(pages: dict[str, SitePage], path: str) -> None:
    page = tree(pages[path])
    banners = page.find_class("pk-status")
    assert [text(b) for b in banners] == [BANNERS[path]]
    header = page.find_class("pk-header")[0]
    terms = [text(t) for t in header.iter("dt")]
    values = [text(v) for v in header.iter("dd")]
    assert dict(zip(terms, values, strict=True))["Status"] == HEADER_STATUS[path]


def test_the_current_page_shows_the_amended_text(pages: dict[str, SitePage]) -> None:
    page = tree(pages["policies/9-1/index.md"])
    labels = [text(h).split(".")[0] for h in page.find_class("pk-clause-label")]
    assert labels == ["A", "B", "D", "E"]  # SO 23-01 removed C
    assert "Officers wear high-visibility vests" not in text(page)


def test_the_version_nav_labels_each_state(pages: dict[str, SitePage]) -> None:
    nav = tree(pages["policies/9-1/v2022/index.md"]).find_class("pk-version-nav")[0]
    assert [text(li) for li in nav.iter("li")] == [
        "v2020 (replaced)", "so-21-01 (replaced)", "v2022 (replaced)", "so-23-01 (in force)",
        "v2099 (takes effect 2099-01-01)", "draft (draft)", "History and changes"]


def test_the_history_lists_every_state_in_order(pages: dict[str, SitePage]) -> None:
    page = tree(pages["policies/9-1/history/index.md"])
    entries = page.xpath("//ol[@class='pk-timeline']/li")
    assert [(e.get("data-state"), e.get("data-from"), e.get("data-until")) for e in entries] == [
        ("v2020", "2020-01-01", "2021-01-01"),
        ("so-21-01", "2021-01-01", "2022-01-01"),
        ("v2022", "2022-01-01", "2023-01-01"),
        ("so-23-01", "2023-01-01", "2099-01-01"),
        ("v2099", "2099-01-01", ""),
    ]
    assert [text(e.find("h2")) for e in entries] == [
        "Version v2020", "Version v2020 as amended by SO 21-01", "Version v2022",
        "Version v2022 as amended by SO 23-01 (in force now)", "Version v2099"]
    facts = [text(e.find_class("pk-facts")[0]) for e in entries]
    assert facts == [BANNERS["policies/9-1/v2020/index.md"],
                     BANNERS["policies/9-1/so-21-01/index.md"],
                     BANNERS["policies/9-1/v2022/index.md"],
                     "In force since 2023-01-01. Version v2099 replaces it on 2099-01-01.",
                     "Takes effect on 2099-01-01."]
    causes = [text(e.find_class("pk-cause")[0]) for e in entries]
    assert causes[1] == ("Caused by SO 21-01 Amendment to SOP 9-1 Patrol Procedures, which "
                         "amends version v2020; effective 2021-01-01.")
    assert causes[2].startswith("Caused by version v2022, which supersedes version v2020; "
                                "effective 2022-01-01.")
    assert [text(r) for r in entries[2].find_class("pk-rescinds")] == [
        "Rescinds SO 21-01 Amendment to SOP 9-1 Patrol Procedures."]
    redlines = [[a.get("href") for a in e.iter("a") if "redline" in (a.get("href") or "")]
                for e in entries]
    assert redlines[1] == ["../redline/v2020-to-so-21-01/", "../redline/so-21-01-to-so-23-01/"]
    assert redlines[0] == ["../redline/v2020-to-so-23-01/"]  # against the text in force now


def test_each_state_has_cite_text(pages: dict[str, SitePage]) -> None:
    cite = tree(pages["policies/9-1/so-21-01/index.md"]).find_class("pk-cite-text")[0]
    assert text(cite) == ("SOP 9-1 Patrol Procedures, version v2020 as amended by SO 21-01, in "
                          "force from 2021-01-01 until 2022-01-01. ./")
    future = tree(pages["policies/9-1/v2099/index.md"]).find_class("pk-cite-text")[0]
    assert text(future) == ("SOP 9-1 Patrol Procedures, version v2099, in force from 2099-01-01. "
                            "./")


def test_renumbered_clauses_say_formerly_and_now(pages: dict[str, SitePage]) -> None:
    old = tree(pages["policies/9-1/v2020/index.md"])
    new = tree(pages["policies/9-1/so-21-01/index.md"])
    assert [text(n) for n in old.find_class("pk-renumbered")] == [
        "Now 9-1-1.D (version v2020 as amended by SO 21-01).",
        "Now 9-1-1.E (version v2020 as amended by SO 21-01)."]
    assert [text(n) for n in new.find_class("pk-renumbered")] == [
        "Formerly 9-1-1.C (version v2020).", "Formerly 9-1-1.D (version v2020)."]
    link = new.find_class("pk-renumbered")[0].find("a")
    assert link.get("href") == "../v2020/#9-1-1.C"


def test_policy_text_stays_text(pages: dict[str, SitePage]) -> None:
    page = tree(pages["policies/9-1/v2020/index.md"])
    assert page.xpath("//b") == []
    assert "report <b>hazards</b> to dispatch" in text(page)


def test_the_bulletin_lists_changes_newest_first(pages: dict[str, SitePage]) -> None:
    page = tree(pages["changes/index.md"])
    entries = page.find_class("pk-bulletin-entry")
    ours = [e for e in entries if "SOP 9-1" in text(e.find("h2"))]
    assert [e.get("data-date") for e in ours] == [
        "2099-01-01", "2023-01-01", "2022-01-01", "2021-01-01", "2020-01-01"]
    assert text(ours[0].find_class("pk-facts")[0]) == (
        "Effective 2099-01-01. Takes effect on 2099-01-01. Supersedes version v2022; "
        "rescinds SO 23-01.")
    assert ours[1].find_class("pk-redline")  # each change with its redline
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_the_feed_has_an_entry_per_dated_change() -> None:
    library = load_library(FIXTURE)
    (feed,) = build_files(library.policies, Urls(), today=TODAY)
    root = lxml.etree.fromstring(feed.content.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}updated") == "2099-01-01T00:00:00Z"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "SOP 9-1 Patrol Procedures: Version v2099",
        "SOP 9-1 Patrol Procedures: Version v2022 as amended by SO 23-01",
        "SOP 9-1 Patrol Procedures: Version v2022",
        "SOP 9-1 Patrol Procedures: Version v2020 as amended by SO 21-01",
        "SOP 9-1 Patrol Procedures: Version v2020",
    ]
    first = entries[0]
    assert first.findtext(f"{ATOM}summary") == (
        "Takes effect on 2099-01-01. Supersedes version v2022; rescinds SO 23-01.")
    assert [link.get("href") for link in first.findall(f"{ATOM}link")] == [
        "policies/9-1/v2099/", "policies/9-1/redline/so-23-01-to-v2099/"]


def test_the_json_carries_each_states_dates_and_kind() -> None:
    library = load_library(FIXTURE)
    amended = version_to_json(library.resolve("9-1@so-23-01"))
    assert (amended["kind"], amended["in_force"]) == ("amended", {
        "from": "2023-01-01", "until": "2099-01-01", "replaced_by": "v2099",
        "amended_by": ["so-23-01"]})
    first = version_to_json(library.resolve("9-1@v2020"))
    assert (first["kind"], first["in_force"]) == ("version", {
        "from": "2020-01-01", "until": "2021-01-01", "replaced_by": "so-21-01",
        "amended_by": []})


def test_sop_2_55_has_three_states_in_order() -> None:
    pages = {page.path: page for page in build_pages(load_library(ROOT / "policies").policies)}
    history = tree(pages["policies/2-55/history/index.md"])
    entries = history.xpath("//ol[@class='pk-timeline']/li")
    assert [text(e.find("h2")) for e in entries] == [
        "Version original", "Version original as amended by SO 21-58",
        "Version revised (in force now)"]
    revised = tree(pages["policies/2-55/revised/index.md"])
    notes = [text(n) for n in revised.find_class("pk-renumbered")]
    assert "Formerly 2-55-4.G (version original as amended by SO 21-58)." in notes
    original = tree(pages["policies/2-55/original/index.md"])
    notes = [text(n) for n in original.find_class("pk-renumbered")]
    assert "Now 2-55-4.G (version original as amended by SO 21-58)." in notes


def test_a_version_file_read_with_its_policy_knows_when_it_ended() -> None:
    from toolkit.library import read_version_in_policy
    from toolkit.parse import read_version

    alone = version_to_json(read_version(FIXTURE / "9-1" / "v2022.md"))
    with_policy = version_to_json(read_version_in_policy(FIXTURE / "9-1" / "v2022.md"))
    assert alone["in_force"] == {"from": "2022-01-01", "until": None, "replaced_by": None,
                                 "amended_by": []}
    assert with_policy["in_force"] == {"from": "2022-01-01", "until": "2023-01-01",
                                       "replaced_by": "so-23-01", "amended_by": []}


def test_an_amendment_named_like_a_version_stops_the_build(tmp_path: Path) -> None:
    import shutil

    from toolkit.errors import BuildError

    folder = tmp_path / "policies"
    shutil.copytree(FIXTURE, folder)
    amendment = folder / "9-1" / "so-21-01.md"
    amendment.write_text(amendment.read_text(encoding="utf-8").replace(
        "version: so-21-01", "version: v2022"), encoding="utf-8")
    with pytest.raises(BuildError) as error:
        build_pages(load_library(folder).policies, Urls(), today=TODAY)
    assert str(error.value) == (f"{amendment}:1: amendment \"v2022\" has the name of a version of "
                                "policy 9-1; name the amendment after its order")


def test_older_changes_link_to_their_redline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("toolkit.site.feed.EMBEDDED_REDLINES", 2)
    pages = {page.path: page for page in build_pages(load_library(FIXTURE).policies, Urls(),
                                                      today=TODAY)}
    entries = tree(pages["changes/index.md"]).find_class("pk-bulletin-entry")
    assert [bool(e.find_class("pk-redline")) for e in entries] == [True, True, False, False, False]
    links = [[a.get("href") for a in e.find_class("pk-bulletin-redline-link")[0].iter("a")]
             for e in entries[2:4]]
    assert links == [["../policies/9-1/redline/so-21-01-to-v2022/"],
                     ["../policies/9-1/redline/v2020-to-so-21-01/"]]


def test_with_the_site_address_the_feed_names_itself() -> None:
    library = load_library(FIXTURE)
    (feed,) = build_files(library.policies, Urls(), today=TODAY,
                          site_url="https://manual.example.org/sops")
    root = lxml.etree.fromstring(feed.content.encode("utf-8"))
    assert root.get("{http://www.w3.org/XML/1998/namespace}base") == (
        "https://manual.example.org/sops/")
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == "feed.xml"
