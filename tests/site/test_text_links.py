"""Links written in policy text land, or the build says where they do not (and `--strict`
refuses to publish): mkdocs checks only links of the pages it renders itself."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.site.conftest import ROOT, make_project
from tests.site.test_site_build import build
from toolkit.model import Policy
from toolkit.parse import parse_version
from toolkit.site import Urls
from toolkit.site.links import Published, broken_links, page_key, resolve

SOURCE = "policies/2-55/2023.md"
TEXT = """\
---
id: 2-55
title: De-escalation
version: "2023"
status: effective
effective: 2023-05-01
notes: "Recovered from [the old PDF](../../files/2-55.pdf)."
---

## 2-55-1 Purpose

Read [SOP 2-99](../2-99/), [SOP 2-19](../2-19/) and [the state law](https://example.org/law).

## 2-55-3 Definitions

- **Feasible:** Possible, see [the glossary](../../glossary/#term-feasible).

## 2-55-4 Techniques

- **A.** Use [clause B](#2-55-4.B), [a clause not here](#2-55-4.Z) and [mail](mailto:a@example.org).
- **B.** Supervisors shall [climb out](../../../../outside/).
"""

PUBLISHED: Published = {
    "": None,
    "policies/2-55": frozenset({"2-55-1", "2-55-4.A", "2-55-4.B"}),
    "policies/2-55/2023": frozenset({"2-55-1", "2-55-4.A", "2-55-4.B"}),
    "policies/2-55/history": frozenset(),
    "policies/2-19": frozenset(),
    "glossary": frozenset({"term-feasible"}),
}


def problems(urls: Urls | None = None) -> list[str]:
    urls = urls or Urls()
    policy = Policy("2-55", (parse_version(TEXT, SOURCE),))
    return [f"{broken.link.source}:{broken.link.line}: {broken.problem}"
            for broken in broken_links([policy], urls, PUBLISHED)]


EXPECTED = """\
policies/2-55/2023.md:10: link "../2-99/" leads to no page of this manual (on page policies/2-55/)
policies/2-55/2023.md:10: link "../2-19/" leads to no page of this manual (on page policies/2-55/2023/)
policies/2-55/2023.md:20: link "#2-55-4.Z" leads to no "#2-55-4.Z" on its page (on page policies/2-55/)
policies/2-55/2023.md:21: link "../../../../outside/" leads to no page of this manual (on page policies/2-55/)
policies/2-55/2023.md:16: link "../../glossary/#term-feasible" leads to no page of this manual (on page policies/2-55/2023/)
policies/2-55/2023.md:1: link "../../files/2-55.pdf" leads to no page of this manual (on page policies/2-55/history/)
"""


def test_each_link_that_leads_nowhere_is_named_with_its_file_and_line() -> None:
    # `../2-19/` lands from the current page but not from the version's permanent page.
    assert "".join(f"{problem}\n" for problem in problems()) == EXPECTED


def test_file_urls_resolve_the_same_links() -> None:
    assert [problem.split(" (on page")[0] for problem in problems(Urls(directory_urls=False))] == [
        problem.split(" (on page")[0] for problem in problems()]


@pytest.mark.parametrize(("page", "href", "expected"), [
    ("policies/2-55/", "../2-19/", ("policies/2-19", "")),
    ("policies/2-55/index.html", "../2-19/index.html#x", ("policies/2-19", "x")),
    ("policies/2-55/", "#2-55-4.B", ("policies/2-55", "2-55-4.B")),
    ("policies/2-55/", "", ("policies/2-55", "")),
    ("policies/2-55/", "../../", ("", "")),
    ("policies/2-55/", "../../../", ("..", "")),
    ("policies/2-55/", "https://example.org/", None),
    ("policies/2-55/", "/policies/2-19/", None),
])
def test_a_link_resolves_as_a_browser_would(page: str, href: str,
                                            expected: tuple[str, str] | None) -> None:
    assert resolve(page, href) == expected


def test_page_keys_spell_each_page_once() -> None:
    assert {page_key(url) for url in ("policies/2-55/", "policies/2-55/index.html",
                                       "policies/2-55")} == {"policies/2-55"}


def _project_with_a_link(folder: Path, line: str) -> Path:
    config = make_project(folder, ROOT / "policies")
    policy = folder / "policies" / "2-55" / "revised.md"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("\n## 2-55-2 ", f"\n{line}\n\n## 2-55-2 ", 1), encoding="utf-8")
    return config


def _line_of(config: Path, words: str) -> int:
    text = (config.parent / "policies" / "2-55" / "revised.md").read_text(encoding="utf-8")
    return next(number for number, line in enumerate(text.split("\n"), 1) if words in line)


def test_build_strict_refuses_a_link_to_a_missing_policy(tmp_path: Path) -> None:
    config = _project_with_a_link(tmp_path / "project", "See [SOP 2-99](../2-99/).")
    result = build(config, "--strict", "-d", str(tmp_path / "out"))
    line = _line_of(config, "## 2-55-1 ")  # the section holding the link
    message = (f'WARNING: policies/2-55/revised.md:{line}: link "../2-99/" leads to no page of'
               " this manual (on page policies/2-55/)")
    assert (result.returncode, result.stderr.splitlines()[0]) == (1, message)
    assert not (tmp_path / "out").exists()


def test_build_without_strict_warns_and_publishes(tmp_path: Path) -> None:
    config = _project_with_a_link(tmp_path / "project", "See [SOP 2-99](../2-99/).")
    result: subprocess.CompletedProcess[str] = build(config, "-d", str(tmp_path / "out"))
    assert result.returncode == 0
    assert 'link "../2-99/" leads to no page of this manual' in result.stderr


def test_build_strict_publishes_links_that_land(tmp_path: Path) -> None:
    config = _project_with_a_link(
        tmp_path / "project", "See [clause 2-55-4.A](#2-55-4.A) and [a form](https://example.org/f).")
    result = build(config, "--strict", "-d", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr


def test_build_strict_refuses_a_hand_written_link_to_a_missing_policy(tmp_path: Path) -> None:
    # mkdocs checks the pages it renders; this pins that our generated pages count as targets.
    config = make_project(tmp_path / "project", ROOT / "policies")
    about = config.parent / "site" / "about.md"
    about.write_text(about.read_text(encoding="utf-8")
                     + "\nSee [SOP 2-99](policies/2-99/index.md) and [SOP 2-55](policies/2-55/index.md).\n",
                     encoding="utf-8")
    result = build(config, "--strict", "-d", str(tmp_path / "out"))
    message = ("WARNING: Doc file 'about.md' contains a link 'policies/2-99/index.md', but the"
               " target is not found among documentation files.")
    assert (result.returncode, result.stderr.splitlines()[0]) == (1, message)
