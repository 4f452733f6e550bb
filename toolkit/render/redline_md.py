"""A change set as markdown: for a pull request (GitHub, GitLab) or as CriticMarkup.

`render_redline_markdown` writes what GitHub and GitLab render: deletions and
insertions as `<del>`/`<ins>` (both sites keep those tags), a table of the
changed parts, then one heading and one paragraph per change. Policy text is
escaped for markdown and HTML alike, so `*`, `|` or `<b>` in a clause shows as
itself. `render_redline_critic` writes the same blocks in CriticMarkup
(`{--old--}{++new++}`), unescaped, for editors and tools that read it.

Unchanged parts are counted in the summary and otherwise left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from toolkit.diff.describe import (
    VERBS,
    describe_addresses,
    describe_counts,
    describe_evidence,
    describe_place,
    describe_title,
    describe_versions,
    display_runs,
)
from toolkit.diff.fragments import find_moved_fragments
from toolkit.diff.front_matter import diff_front_matter
from toolkit.diff.texts import Sides, change_sides
from toolkit.model import Change, ChangeSet, Replacement

Mark = Callable[[str], str]


@dataclass(frozen=True)
class Markup:
    """How one markdown dialect writes text, deletions, insertions and code."""

    text: Mark
    """Policy text as it must be written to show as itself."""
    delete: Mark
    insert: Mark
    code: Mark
    """An address or other literal, shown in a monospace font."""
    table: bool
    """Whether to list the changed parts in a table after the summary."""


def render_redline_markdown(cs: ChangeSet) -> str:
    """Markdown for GitHub and GitLab: `<del>`/`<ins>` and a table of changed parts."""
    return _render(cs, GITHUB)


def render_redline_critic(cs: ChangeSet) -> str:
    """Markdown with CriticMarkup: `{--old--}{++new++}`, text as it is."""
    return _render(cs, CRITIC)


def _render(cs: ChangeSet, markup: Markup) -> str:
    """The summary, then one heading and one paragraph per change."""
    sides = change_sides(cs)
    changed = [change for change in cs.changes if change.op != "unchanged"]
    blocks = [f"# {markup.text(describe_title(cs))}",
              markup.text(f"{describe_versions(cs)}. {describe_counts(cs)}")]
    blocks += _replacements(cs, markup) + _front_matter(cs, markup)
    if markup.table and changed:
        blocks.append(_table(changed, markup))
    moved = describe_fragments(cs)
    blocks += [_change(change, sides[id(change)], markup, moved.get(id(change), []))
               for change in changed]
    return "\n\n".join(blocks) + "\n"


def describe_fragments(cs: ChangeSet) -> dict[int, list[str]]:
    """`deleted text reappears in 2-55-4.B.1.e (89 % alike)`, by `id(change)`, both ends."""
    notes: dict[int, list[str]] = {}
    for fragment in find_moved_fragments(cs):
        alike = f" ({round(fragment.score * 100)} % alike)"
        notes.setdefault(id(fragment.old), []).append(
            f"deleted text reappears in {', '.join(fragment.new.new)}{alike}")
        notes.setdefault(id(fragment.new), []).append(
            f"inserted text was deleted from {', '.join(fragment.old.old)}{alike}")
    return notes


def _replacements(cs: ChangeSet, markup: Markup) -> list[str]:
    if not cs.replacements:
        return []
    lines = [_replacement(r, markup) for r in cs.replacements]
    return ["**Replaced throughout:**\n\n" + "\n".join(lines)]


def _replacement(r: Replacement, markup: Markup) -> str:
    line = f"- {markup.delete(r.old)} → {markup.insert(r.new)} ({r.count} times)"
    if len(r.forms) > 1:
        line += f"\n  - forms replaced: {', '.join(map(markup.code, r.forms))}"
    if r.exceptions:
        places = ", ".join(map(markup.code, r.exceptions))
        count = len(r.exceptions)
        line += f"\n  - not replaced in {count} part{'s' if count > 1 else ''}: {places}"
    return line


def _front_matter(cs: ChangeSet, markup: Markup) -> list[str]:
    fields = diff_front_matter(cs.old, cs.new)
    if not fields:
        return []
    lines = [
        f"- {field.field.replace('_', ' ')}: "
        + " ".join([*map(markup.delete, field.removed), *map(markup.insert, field.added)]
                   or ["(reordered)"])
        for field in fields
    ]
    return ["**Header:**\n\n" + "\n".join(lines)]


def _table(changed: list[Change], markup: Markup) -> str:
    """One row per changed part: kind, old and new addresses, evidence."""
    rows = ["| change | old | new | evidence |", "| --- | --- | --- | --- |"]
    for change in changed:
        cells = [VERBS[change.op], _addresses(change.old, markup), _addresses(change.new, markup),
                 markup.text(describe_evidence(change).removeprefix("matched by "))]
        rows.append("| " + " | ".join(cells) + " |")  # every cell escapes its own pipes
    return "**Changed parts:**\n\n" + "\n".join(rows)


def _addresses(addresses: tuple[str, ...], markup: Markup) -> str:
    return ", ".join(map(markup.code, addresses)) or "—"


def _change(change: Change, sides: Sides, markup: Markup, moved: list[str]) -> str:
    heading = f"## {VERBS[change.op]}: {markup.code(describe_addresses(change))}"
    evidence = describe_evidence(change)
    notes = "; ".join(note for note in (describe_place(change), evidence, *moved) if note)
    parts = [heading] + ([f"*{markup.text(notes)}*"] if notes else [])
    parts += _text(change, sides, markup)
    if sides.sanction_changed:
        old = ", ".join(s or "none" for s in sides.old_sanction)
        new = ", ".join(s or "none" for s in sides.new_sanction)
        parts.append(f"Sanction classification: {markup.delete(old)} {markup.insert(new)}")
    return "\n\n".join(parts)


def _text(change: Change, sides: Sides, markup: Markup) -> list[str]:
    """The change's text as paragraphs; a mark never spans a paragraph break."""
    if change.inline:
        runs = [(op.op, op.text) for op in display_runs(change.inline)]
    elif change.op == "added":
        runs = [("insert", sides.new)]
    elif change.op == "removed":
        runs = [("delete", sides.old)]
    else:
        runs = [("equal", sides.new or sides.old)]
    marks = {"equal": markup.text, "delete": markup.delete, "insert": markup.insert}
    paragraphs: list[str] = [""]
    for op, text in runs:
        for number, piece in enumerate(PARAGRAPH_BREAK.split(text)):
            if number:
                paragraphs.append("")
            paragraphs[-1] += marks[op](piece)
    return [paragraph.strip() for paragraph in paragraphs if paragraph.strip()]


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


# -- GitHub and GitLab -----------------------------------------------------------------------

ESCAPED = re.compile(r"[\\`*_\[\]|~<>&$]")
"""Characters markdown or HTML read as syntax anywhere in a line (`$` opens math on GitHub)."""
LINE_START = re.compile(r"^( ?)([#+\-=]|\d+(?=[.)]))")
"""What opens a heading, a list or a setext underline at the start of a line."""
SPACES = re.compile(r"\s+")
ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def escape_markdown(text: str) -> str:
    """Policy text that GitHub and GitLab show exactly as written (whitespace collapsed into
    spaces and single line breaks, as a paragraph shows it)."""
    lines = [SPACES.sub(" ", line) for line in text.split("\n")]
    return "\n".join(LINE_START.sub(_escape_start, ESCAPED.sub(_escape, line)) for line in lines)


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    return ENTITIES.get(character, "\\" + character)


def _escape_start(match: re.Match[str]) -> str:
    space, found = match.groups()
    return space + (f"{found}\\" if found[0].isdigit() else f"\\{found}")


def _github_mark(tag: str) -> Mark:
    def mark(text: str) -> str:
        return f"<{tag}>{escape_markdown(text)}</{tag}>" if text else ""
    return mark


def _github_code(text: str) -> str:
    if not text or any(character in text for character in "`|\n"):
        return escape_markdown(text)
    return f"`{text}`"


GITHUB = Markup(text=escape_markdown, delete=_github_mark("del"), insert=_github_mark("ins"),
                code=_github_code, table=True)


# -- CriticMarkup ----------------------------------------------------------------------------


def _critic(open_mark: str, close_mark: str) -> Mark:
    return lambda text: f"{open_mark}{text}{close_mark}" if text else ""


CRITIC = Markup(text=lambda text: text, delete=_critic("{--", "--}"), insert=_critic("{++", "++}"),
                code=lambda text: f"`{text}`", table=False)
