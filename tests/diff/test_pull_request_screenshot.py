"""The picture of a pull-request redline in site/reviewing.md, made here in Chromium.

A branch adds a draft version of SOP 2-55 that makes "should" a "shall" and
writes "sworn personnel" for "an officer" in three clauses. Its `--format md`
redline is rendered and sanitised as GitHub does (github_markdown.py), laid out
with a small stylesheet in GitHub's manner, and saved as
a PNG in the test's temporary folder. The committed picture,
site/images/pull-request-redline.png, is rewritten only when asked:
`POLICYKIT_UPDATE_PICTURES=1 pytest tests/diff/test_pull_request_screenshot.py`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from lxml import etree

from tests.diff.github_markdown import as_github_shows
from toolkit.diff import diff_versions
from toolkit.parse import parse_version, read_version
from toolkit.render.redline_md import render_redline_markdown

ROOT = Path(__file__).resolve().parents[2]
PICTURE = ROOT / "site" / "images" / "pull-request-redline.png"
WIDTH = 760

GITHUB_LIKE = """
body { margin: 0; padding: 16px 24px; background: #fff; color: #1f2328;
  font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.comment { border: 1px solid #d1d9e0; border-radius: 6px; }
.comment-head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px;
  color: #59636e; border-radius: 6px 6px 0 0; }
.comment-head strong { color: #1f2328; }
.markdown-body { padding: 8px 16px 16px; }
h1, h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; margin: 16px 0 12px; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; }
p, ul, table { margin: 0 0 12px; }
code { background: #eff1f3; border-radius: 6px; padding: .2em .4em; font-size: 85%;
  font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d1d9e0; padding: 4px 10px; }
tr:nth-child(2n) { background: #f6f8fa; }
"""
"""GitHub draws <del> struck and <ins> underlined, with no colour: so does this sheet."""


def branch_redline() -> str:
    """`policykit diff --git main --format md` on a branch adding a draft of SOP 2-55."""
    current = ROOT / "policies" / "2-55" / "revised.md"
    text = current.read_text(encoding="utf-8")
    draft = (text.replace("version: revised", "version: 2027-draft")
             .replace("status: effective", "status: draft")
             .replace("supersedes: original", "supersedes: revised")
             .replace("an officer should attempt", "an officer shall attempt")
             .replace("When feasible, an officer shall use advisements",
                      "When feasible, sworn personnel shall use advisements")
             .replace("1.** An officer shall", "1.** Sworn personnel shall")
             .replace("2.** An officer shall", "2.** Sworn personnel shall"))
    cs = diff_versions(read_version(current), parse_version(draft, "policies/2-55/2027-draft.md"))
    return render_redline_markdown(cs)


def github_page(markdown: str) -> str:
    body = etree.tostring(as_github_shows(markdown), encoding="unicode", method="html")
    return ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
            f"<style>{GITHUB_LIKE}</style></head><body><div class=comment>"
            "<div class=comment-head><strong>github-actions</strong> bot commented</div>"
            f"<div class=markdown-body>{body}</div></div></body></html>")


def test_the_branch_redline_rolls_up_and_marks_the_word() -> None:
    markdown = branch_redline()
    assert "<del>an officer</del> → <ins>sworn personnel</ins> (3 times)\n  - not replaced in 13" in markdown
    assert "<del>should</del><ins>shall</ins>" in markdown


def test_the_picture_of_a_pull_request_redline(browser: Any, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": WIDTH, "height": 600})
    html = tmp_path / "comment.html"
    html.write_text(github_page(branch_redline()), encoding="utf-8")
    page.goto(html.as_uri())
    assert page.eval_on_selector("del", "d => getComputedStyle(d).textDecorationLine") \
        == "line-through"
    assert page.eval_on_selector("ins", "i => getComputedStyle(i).textDecorationLine") \
        == "underline"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    picture = page.screenshot(full_page=True)
    page.close()
    assert picture[:8] == b"\x89PNG\r\n\x1a\n" and len(picture) < 250_000
    (tmp_path / PICTURE.name).write_bytes(picture)
    if os.environ.get("POLICYKIT_UPDATE_PICTURES") == "1":
        PICTURE.write_bytes(picture)
    assert PICTURE.exists()
