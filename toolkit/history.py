"""Published history: a version that was already in force is not edited in place.

A policy changes by adding a version, a new file whose `supersedes:` names the
old one. The text of a version that was in force is the record of what officers
were told; editing that file rewrites the record, and the redline of the edit
compares a version with itself. This module says when an edit does that, and
what to do instead; the CLI finds the edits in git.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from toolkit.model import Node, Version
from toolkit.tree import walk_version
from toolkit.write import without_positions

PUBLISHED_STATUSES = ("effective", "superseded", "rescinded")
"""Statuses of a version that has been in force."""


def in_force_reason(version: Version, today: date) -> str | None:
    """Why `version` was already in force (`status effective`, `effective 2023-05-01`), or None."""
    if version.status in PUBLISHED_STATUSES:
        return f"status {version.status}"
    if version.effective is not None and date.fromisoformat(version.effective) <= today:
        return f"effective {version.effective}"
    return None


def text_changed(old: Version, new: Version) -> bool:
    """True when the policy text (title, sections, clauses, definitions) differs.

    The front matter's bookkeeping (status, dates, related SOPs, notes) may change on a
    published version: marking it superseded when a new one arrives is how history is kept.
    """
    before, after = without_positions(old), without_positions(new)
    return (before.title, before.sections, before.definitions) != (
        after.title,
        after.sections,
        after.definitions,
    )


def first_changed_line(old: Version, new: Version) -> int:
    """The line of the first section or clause of `new` whose text differs from `old` (else 1)."""
    before = {_fingerprint(node) for node in walk_version(old)}
    for node in walk_version(new):
        if _fingerprint(node) not in before:
            return node.line
    return 1


def _fingerprint(node: Node) -> tuple[str, str, str | None]:
    return node.address, node.text, node.sanction


def edited_in_place(old: Version, new: Version, today: date) -> str | None:
    """The reason `old` was in force when `new` (the same file, edited) changes its text, else None."""
    reason = in_force_reason(old, today)
    return reason if reason is not None and text_changed(old, new) else None


def edited_in_place_message(old: Version, path: str, rev: str, reason: str) -> str:
    """What to say about a published version whose text was edited in its own file."""
    folder = PurePosixPath(path).parent.as_posix()
    return (
        f"version {old.version} of SOP {old.policy} was already in force at {rev} ({reason}) "
        f"and its text is edited in place; to change a policy, add a version: copy the file "
        f'to {folder}/<new version>.md, write "supersedes: {old.version}" there and edit the copy'
    )


def deleted_message(old: Version, rev: str, reason: str) -> str:
    """What to say about a published version whose file was deleted."""
    return (
        f"version {old.version} of SOP {old.policy} was already in force at {rev} ({reason}) "
        f"and its file is deleted; keep it, so the policy's history keeps it"
    )
