"""A change set for the terminal: one line per change, the word diff indented below it.

Without colour, deletions read `[-old-]` and insertions `{+new+}` (as in
`git diff --word-diff`); with colour they are red struck-through and green
underlined instead.
"""

from __future__ import annotations

from collections.abc import Callable

from toolkit.diff.describe import (
    describe_addresses,
    describe_counts,
    describe_evidence,
    describe_place,
    describe_versions,
    display_runs,
)
from toolkit.diff.front_matter import diff_front_matter
from toolkit.diff.texts import Sides, change_sides
from toolkit.model import Change, ChangeSet, Replacement

RESET = "\x1b[0m"
STYLES = {"delete": "\x1b[31;9m", "insert": "\x1b[32;4m", "op": "\x1b[1m", "quiet": "\x1b[2m"}
PLAIN = {"delete": ("[-", "-]"), "insert": ("{+", "+}")}
INDENT = "    "


def render_redline_text(cs: ChangeSet, color: bool = False) -> str:
    """The summary and every change that is not `unchanged`; ANSI colours only when asked."""
    paint = _painter(color)
    sides = change_sides(cs)
    lines = [f"{describe_versions(cs)}", describe_counts(cs)]
    lines += [f"Replaced throughout: {paint('delete', r.old)} -> {paint('insert', r.new)} "
              f"({r.count} times{_exceptions(r)})" for r in cs.replacements]
    for field in diff_front_matter(cs.old, cs.new):
        values = [paint("delete", v) for v in field.removed] + [paint("insert", v) for v in field.added]
        lines.append(f"Header {field.field.replace('_', ' ')}: {' '.join(values) or '(reordered)'}")
    for change in cs.changes:
        if change.op != "unchanged":
            lines += ["", *_change(change, sides[id(change)], paint)]
    return "\n".join(lines) + "\n"


Paint = Callable[[str, str], str]


def _exceptions(r: Replacement) -> str:
    """`; not replaced in 16 parts: 2-55-2, 2-55-4.A, 2-55-4.A.2.a and 13 more`."""
    if not r.exceptions:
        return ""
    shown = ", ".join(r.exceptions[:SHOWN_EXCEPTIONS])
    more = len(r.exceptions) - SHOWN_EXCEPTIONS
    parts = "part" if len(r.exceptions) == 1 else "parts"
    return f"; not replaced in {len(r.exceptions)} {parts}: {shown}" + (
        f" and {more} more" if more > 0 else "")


SHOWN_EXCEPTIONS = 3
"""How many parts that kept a replaced word the terminal names (the other formats name all)."""


def _painter(color: bool) -> Paint:
    def colored(style: str, text: str) -> str:
        return f"{STYLES[style]}{text}{RESET}" if text else ""

    def plain(style: str, text: str) -> str:
        start, end = PLAIN.get(style, ("", ""))
        return f"{start}{text}{end}" if text else ""

    return colored if color else plain


def _change(change: Change, sides: Sides, paint: Paint) -> list[str]:
    evidence = describe_evidence(change)
    head = f"{paint('op', change.op.ljust(10))} {describe_addresses(change, '->')}"
    head += f"  {paint('quiet', '(' + evidence + ')')}" if evidence else ""
    body = _text(change, sides, paint)
    place = describe_place(change)
    lines = [head] + ([f"{INDENT}({place})"] if place else [])
    lines += [INDENT + line for line in body.splitlines() if line.strip()]
    if sides.sanction_changed:
        old = ", ".join(s or "none" for s in sides.old_sanction)
        new = ", ".join(s or "none" for s in sides.new_sanction)
        lines.append(f"{INDENT}sanction: {paint('delete', old)} {paint('insert', new)}")
    return lines


def _text(change: Change, sides: Sides, paint: Paint) -> str:
    if change.inline:
        return "".join(op.text if op.op == "equal" else paint(op.op, op.text)
                       for op in display_runs(change.inline))
    if change.op == "added":
        return paint("insert", sides.new)
    if change.op == "removed":
        return paint("delete", sides.old)
    return sides.new or sides.old
