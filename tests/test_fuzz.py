"""Fuzz the whole format: nothing lost, nothing run, no traceback.

    policy text --parse--> tree --fmt--> text --parse--> the same tree --render--> HTML
                                                                      --diff--> redline HTML
    raw text --import--> markdown (each side) --parse--> tree --render--> HTML

Random text mixes words with control characters, markdown and HTML markup, odd whitespace
and other Unicode. For every input:

- nothing raises but a PolicyKitError whose message names the file and line;
- parse keeps every word: each word of accepted input is in the tree, and each word of the
  tree's text is in the rendered HTML (as text, or as a link's address);
- fmt is idempotent and keeps the tree; imported markdown always parses;
- rendered HTML parses and holds only the elements our renderers make (policy text never
  becomes a tag or an attribute).

CI runs few examples (the default, 40 per test). Run it long on demand, with counts of
what was accepted and what refused (and why):

    POLICYKIT_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest -q tests/test_fuzz.py \
        --hypothesis-show-statistics

About 0.1 s per parse example and 0.3 s per import example on a 2-core machine.

Hypothesis keeps what fails in `.hypothesis/` and tries it first next time.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from toolkit.diff import diff_versions
from toolkit.errors import PolicyKitError
from toolkit.importer import import_text, render_import_markdown
from toolkit.importer.normalise import fold_compatibility
from toolkit.model import Version
from toolkit.parse import parse_version
from toolkit.render.policy_html import NO_LINKS, Links, render_version, to_html
from toolkit.render.redline_html import redline_js, redline_to_string, render_redline
from toolkit.tree import walk_version
from toolkit.tree_json import version_to_json
from toolkit.write import without_positions, write_markdown

EXAMPLES = int(os.environ.get("POLICYKIT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Words no markup piece contains, so each one found in the output came from the input.
WORDS = ("report", "officer", "force", "supervisor", "weapon", "custody", "warrant", "vehicle")
MARKUP = (
    "- ", "* ", "+ ", "1. ", "2) ", "  ", "> ", "# ", "## ", "---", "***", "___", "===",
    "**A.** ", "**b.** ", "**Term:** ", "*", "**", "_", "__", "`", "```", "~~~", "\\", "[", "]",
    "(", ")", "](", "]: ", "]: /u", "[1]: https://forms.example.org/uof ", "[]()", "![", "<", ">", "&amp;",
    "&#7;", "&#0;", "&copy;", "&", ";", "<!-- ", " -->", "<div>", "</div>", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "<https://example.org>", "<a@b.c>", "{sanction=5}",
    "{Sanction=5}", "{#pin}", "{#a #a}", "{", "}", "{--", "--}", "{++", "++}", "{~~", "~>", "~~}",
    "\\{", "|", ":", "\"", "'", "javascript:alert(1)", "%", "=", "#", "!",
)
SPACES = (" ", "  ", "\t", "\n", "\n\n", "\r\n", "\u00a0", "\u2028", "\u2029", "\u3000", "\u200b",
          "\ufeff", "\ufffd", "\ufb01", "\u0301")
CONTROLS = ("\r", "\f", "\v", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b")
READABLE = st.characters(blacklist_categories=("Cs", "Cc"))
ANY = st.characters(blacklist_categories=("Cs",))


def snippets(dirty: bool) -> st.SearchStrategy[str]:
    """Words, markup, whitespace and Unicode; `dirty` adds control characters."""
    pieces = [st.sampled_from(WORDS), st.sampled_from(MARKUP), st.sampled_from(SPACES),
              st.text(ANY if dirty else READABLE, max_size=3)]
    if dirty:
        pieces.append(st.sampled_from(CONTROLS))
        return st.lists(st.one_of(pieces), max_size=24).map("".join)
    # Clean text rarely indents a line four spaces (an indented code block, refused): more of
    # it gets past parse, to fmt and the renderers.
    return st.lists(st.one_of(pieces), max_size=24).map(
        lambda parts: re.sub(r"(?m)^(?: {4,}| *\t[ \t]*)", "  ", "".join(parts))
    )


snippet = snippets(dirty=False)
DATES = ("2025-07-01", "", "2024-02-29", "\"2024-02-29\"", "2025-13-01", "2024-02-30", "2025-7-1",
         "July 1, 2025", "07/01/2025")


@st.composite
def policy_files(draw: st.DrawFn, dirty: bool = False) -> str:
    """A front matter a person might write, then sections of random body text."""
    text = snippets(dirty)
    title = draw(st.one_of(st.sampled_from(["Use of Force", "<b>x</b> & y"]), text))
    dates = st.sampled_from(DATES[:4]) if not dirty else st.sampled_from(DATES)
    header = "\n".join([
        "---", "id: 2-55", f"title: {json.dumps(title.strip() or 'T', ensure_ascii=False)}", "version: v1", "status: effective",
        f"effective: {draw(dates)}", "related: [{id: 2-19, title: Other}]", "---",
    ])
    sections = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        title = draw(text).split("\n")[0] if draw(st.booleans()) else ""
        heading = f"## 2-55-{number} {title}"
        starts = st.sampled_from(["- ", "- **A.** ", "- **1.** ", "- **Term:** ", "", "\n"])
        lines = draw(st.lists(st.tuples(st.integers(0, 3), starts, text), max_size=8))
        body, depth = [], 0
        for wanted, start, words in lines:
            depth = min(wanted, depth + 1) if start else 0  # a list nests one level at a time
            body.append("  " * depth + start + words)
        sections.append("\n".join([heading, "", *body]))
    return header + "\n\n" + "\n\n".join(sections) + "\n"


@st.composite
def raw_texts(draw: st.DrawFn) -> str:
    """Text the way a PDF's extraction gives it: a title, header labels, numbered sections."""
    text = snippets(dirty=draw(st.booleans()))
    lines = ["SOP 2-55", "Use of Force: De-escalation", "Related SOP(s):", "2-19"]
    for number in range(1, draw(st.integers(0, 3)) + 1):
        lines.append(f"2-55-{number}")
        lines.append(draw(st.sampled_from(["Purpose", "Definitions", "Rules"])))
        for _ in range(draw(st.integers(0, 6))):
            label = draw(st.sampled_from(["", "A. ", "1. ", "a. ", "i. ", "B. ", "5", "N/A"]))
            lines.append(label + draw(text))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines) + "\n"


# --- what must hold ---------------------------------------------------------------------------


def assert_one_line_error(error: PolicyKitError, source: str) -> None:
    assert error.source == source and error.line is not None and error.line >= 1, repr(error)
    assert "\n" not in str(error) and str(error).startswith(f"{source}:{error.line}: ")


def words_of(text: str) -> list[str]:
    return [word for word in WORDS if word in text]


def tree_text(version: Version) -> str:
    return json.dumps(version_to_json(version), ensure_ascii=False)


ALLOWED_TAGS = {
    "article", "section", "h1", "h2", "h3", "h4", "h5", "h6", "p", "dl", "dt", "dd", "ul", "li",
    "span", "a", "em", "strong", "code", "br", "dfn", "s",
}


# The redline page's own elements; policy text's `<b>`, `<img>` and `<script>` are never one.
REDLINE_TAGS = ALLOWED_TAGS | {
    "head", "meta", "title", "style", "main", "div", "ol", "del", "ins", "fieldset", "legend",
    "input", "label", "details", "summary",
}


def assert_safe_html(markup: str, allowed: set[str] | None = None) -> str:
    """The visible text (and link addresses) of HTML that holds only allowed elements."""
    document = html.document_fromstring(markup)
    for node in document.iter(etree.Element):
        if _is_our_script(node):
            continue
        if allowed is not None and node.tag not in {"html", "body"}:
            assert node.tag in allowed, f"policy text became an element: <{node.tag}>"
        assert not any(name.startswith("on") for name in node.attrib), node.attrib
        href = node.get("href", "")
        assert not href.lower().lstrip().startswith(("javascript:", "vbscript:")), href
    addresses = " ".join(node.get("href", "") + " " + node.get("title", "")
                         for node in document.iter("a"))
    return " ".join(document.itertext()) + " " + addresses


def _is_our_script(node: etree._Element) -> bool:
    """The redline's own script (it remembers the view), exactly as the renderer writes it."""
    return (node.tag == "script" and node.get("class") == "pk-redline-script"
            and (node.text or "") == redline_js())


def shown_text(version: Version) -> str:
    """The tree's text a reader sees (ids and other attributes left out)."""
    parts = [version.title, *(f"{r.id} {r.title}" for r in version.meta.related)]
    parts += [f"{d.term} {d.definition}" for d in version.definitions]
    parts += [f"{getattr(node, 'title', '')} {node.text}" for node in walk_version(version)]
    return " ".join(parts)


# Links as the site makes them, so references, addresses and terms are linked too.
LINKS = Links(
    policy=lambda policy: f"../{policy}/" if policy == "2-19" else None,
    address=lambda address: f"#{address}" if address.count(".") < 2 else None,
    term=lambda term: f"../glossary/#{term}",
    titles={"other": "2-19"},
)


def assert_renders(version: Version, other: Version | None = None) -> None:
    for links in (NO_LINKS, LINKS):
        visible = assert_safe_html(to_html(render_version(version, links)), ALLOWED_TAGS)
        for word in words_of(shown_text(version)):
            assert word in visible, f"{word!r} is in the tree but not on the page"
    redline = redline_to_string(render_redline(diff_versions(other or version, version)))
    assert_safe_html(redline, REDLINE_TAGS)


def assert_formats(version: Version) -> None:
    written = write_markdown(version)
    again = parse_version(written, "formatted.md")
    assert without_positions(again) == without_positions(version), written
    assert write_markdown(again) == written


# --- the properties ---------------------------------------------------------------------------


def parse_or_none(text: str) -> Version | None:
    try:
        version = parse_version(text, "fuzz.md")
    except PolicyKitError as error:
        assert_one_line_error(error, "fuzz.md")
        event(f"parse refused: {refusal_kind(error.message)}")
        return None
    event("parse accepted")
    return version


def refusal_kind(message: str) -> str:
    """The message without its values, so `--hypothesis-show-statistics` counts kinds."""
    return re.sub(r'"[^"]*"|U\+[0-9A-F]{4}(?: \([a-z ]+\))?|\d+', "…", message)[:70]


@FUZZ
# Mostly files a person might write; some with control characters; some not files at all.
@given(st.one_of(policy_files(), policy_files(), policy_files(), policy_files(dirty=True),
                 snippets(dirty=True)))
def test_parse_fmt_render_loses_nothing(text: str) -> None:
    version = parse_or_none(text)
    if version is None:
        return
    kept = tree_text(version)
    for word in words_of(text):
        assert word in kept, f"{word!r} was dropped by parse"
    assert_formats(version)
    assert_renders(version)


def sides(text: str) -> Iterator[tuple[str, str]]:
    try:
        result = import_text(text, "raw.txt")
    except PolicyKitError as error:
        assert_one_line_error(error, "raw.txt")
        event(f"import refused: {refusal_kind(error.message)}")
        return
    event("import accepted")
    found = tree_text(result.old) + tree_text(result.new)
    found += " ".join(artifact.text for artifact in result.artifacts) + result.title
    # The importer drops invisible characters and folds Unicode (`fold_compatibility`): `r`
    # and a combining accent become one letter.
    folded = fold_compatibility(re.sub("[\u00ad\u200b-\u200d\u2060\ufeff]", "", text))
    for word in words_of(folded):
        assert word in found, f"{word!r} was dropped by import"
    for warning in result.warnings:
        assert warning.line >= 1
    for side in (None, "old", "new"):
        yield str(side), render_import_markdown(result, side)  # type: ignore[arg-type]


@FUZZ
@given(raw_texts())
def test_import_writes_markdown_that_parses_and_renders(text: str) -> None:
    versions: dict[str, Version] = {}
    for side, markdown in sides(text):
        try:
            version = versions[side] = parse_version(markdown, f"{side}.md")
        except PolicyKitError as error:
            raise AssertionError(f"import wrote markdown that parse rejects: {error}\n{markdown}")
        assert_formats(version)
        assert_renders(version, versions.get("old"))


def test_the_words_are_free_of_markup() -> None:
    # The word check relies on it: a word found in the output came from the input's words.
    for word in WORDS:
        assert not any(word in part for part in (*MARKUP, *SPACES)), word
        assert re.fullmatch(r"[a-z]+", word)
