"""A change set as markdown with CriticMarkup (`{--old--}{++new++}`), for a pull request.

Unchanged parts are counted in the summary and otherwise left out.
"""

from __future__ import annotations

from collections.abc import Callable

from toolkit.diff.describe import (
    VERBS,
    describe_addresses,
    describe_counts,
    describe_evidence,
    describe_place,
    describe_versions,
    display_runs,
)
from toolkit.diff.front_matter import diff_front_matter
from toolkit.diff.texts import Sides, change_sides
from toolkit.model import Change, ChangeSet


def render_redline_markdown(cs: ChangeSet) -> str:
    """The summary, then one heading and one CriticMarkup paragraph per change."""
    sides = change_sides(cs)
    blocks = [f"# Changes to SOP {cs.new.policy}: {cs.old.version} → {cs.new.version}",
              f"{describe_versions(cs)}. {describe_counts(cs)}"]
    blocks += _replacements(cs) + _front_matter(cs)
    blocks += [_change(change, sides[id(change)]) for change in cs.changes
               if change.op != "unchanged"]
    return "\n\n".join(blocks) + "\n"


def _replacements(cs: ChangeSet) -> list[str]:
    if not cs.replacements:
        return []
    lines = [f"- {_delete(r.old)} → {_insert(r.new)} ({r.count} times)" for r in cs.replacements]
    return ["**Replaced throughout:**\n\n" + "\n".join(lines)]


def _front_matter(cs: ChangeSet) -> list[str]:
    fields = diff_front_matter(cs.old, cs.new)
    if not fields:
        return []
    lines = [
        f"- {field.field.replace('_', ' ')}: "
        + " ".join([*map(_delete, field.removed), *map(_insert, field.added)] or ["(reordered)"])
        for field in fields
    ]
    return ["**Header:**\n\n" + "\n".join(lines)]


def _change(change: Change, sides: Sides) -> str:
    heading = f"## {VERBS[change.op]}: `{describe_addresses(change)}`"
    evidence = describe_evidence(change)
    notes = "; ".join(note for note in (describe_place(change), evidence) if note)
    parts = [heading] + ([f"*{notes}*"] if notes else []) + [_text(change, sides)]
    if sides.sanction_changed:
        old = ", ".join(s or "none" for s in sides.old_sanction)
        new = ", ".join(s or "none" for s in sides.new_sanction)
        parts.append(f"Sanction classification: {_delete(old)} {_insert(new)}")
    return "\n\n".join(parts)


def _text(change: Change, sides: Sides) -> str:
    if change.inline:
        return "".join(MARKUP[op.op](op.text) for op in display_runs(change.inline))
    if change.op == "added":
        return _insert(sides.new)
    if change.op == "removed":
        return _delete(sides.old)
    return sides.new or sides.old


def _delete(text: str) -> str:
    return f"{{--{text}--}}" if text else ""


def _insert(text: str) -> str:
    return f"{{++{text}++}}" if text else ""


MARKUP: dict[str, Callable[[str], str]] = {
    "equal": lambda text: text,
    "delete": _delete,
    "insert": _insert,
}
