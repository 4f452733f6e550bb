"""A change set in words: the phrases every redline view shares (HTML, markdown, terminal)."""

from __future__ import annotations

from toolkit.model import CHANGE_OPS, Change, ChangeOp, ChangeSet, InlineOp, MatchedBy

VERBS: dict[ChangeOp, str] = {
    "added": "Added",
    "removed": "Removed",
    "modified": "Modified",
    "moved": "Moved",
    "renumbered": "Renumbered",
    "reparented": "Moved up or down a level",
    "split": "Split",
    "merged": "Merged",
    "unchanged": "Unchanged",
}
"""How a change's kind is announced."""

EVIDENCE: dict[MatchedBy, str] = {
    "id": "same explicit id",
    "exact": "identical text",
    "label": "same label, similar text",
    "similar": "similar text",
    "position": "same position",
}
"""What each alignment pass means, for people."""


def display_runs(inline: tuple[InlineOp, ...]) -> list[InlineOp]:
    """The word diff for people: whitespace that ends both a deletion and the insertion
    after it moves out of them (`[-officers-]{+sworn personnel+} of`, not `officers -]`)."""
    runs: list[InlineOp] = []
    for op in inline:
        previous = runs[-1] if runs else None
        if op.op == "insert" and previous is not None and previous.op == "delete":
            space = _common_trailing_space(previous.text, op.text)
            if space:
                runs[-1] = InlineOp("delete", previous.text[: -len(space)])
                runs += [InlineOp("insert", op.text[: -len(space)]), InlineOp("equal", space)]
                continue
        runs.append(op)
    return [run for run in runs if run.text]


def _common_trailing_space(old: str, new: str) -> str:
    old_space = old[len(old.rstrip()):]
    new_space = new[len(new.rstrip()):]
    if old_space and old_space == new_space and old.strip() and new.strip():
        return old_space
    return ""


def count_changes(changes: tuple[Change, ...]) -> dict[str, int]:
    """How many changes of each op, and how many are editorial."""
    counts: dict[str, int] = dict.fromkeys(CHANGE_OPS, 0)
    for change in changes:
        counts[change.op] += 1
    counts["editorial"] = sum(change.editorial for change in changes)
    return counts


def describe_counts(cs: ChangeSet) -> str:
    """`35 of 52 parts changed: 21 added, 11 modified, 4 editorial.`"""
    counts = count_changes(cs.changes)
    changed = len(cs.changes) - counts["unchanged"]
    parts = [f"{counts[op]} {op}" for op in (*CHANGE_OPS[:-1], "editorial") if counts[op]]
    listing = f": {', '.join(parts)}" if parts else ""
    return f"{changed} of {len(cs.changes)} parts changed{listing}."


NO_VERSION = "(none)"
"""The version name of the empty side of a new or a removed policy (`diff --git`)."""


def describe_title(cs: ChangeSet) -> str:
    """`Changes to SOP 2-55: 2021 → 2023`, `New policy: SOP 2-55 2023`, `Policy removed: ...`."""
    if cs.old.version == NO_VERSION:
        return f"New policy: SOP {cs.new.policy} {cs.new.version}"
    if cs.new.version == NO_VERSION:
        return f"Policy removed: SOP {cs.old.policy} {cs.old.version}"
    return f"Changes to SOP {cs.new.policy}: {cs.old.version} → {cs.new.version}"


def describe_versions(cs: ChangeSet) -> str:
    """`SOP 2-55 version 2021 (superseded) compared with version 2023 (effective)`; for a
    side that does not exist, `New policy: SOP 2-55 version 2023 (draft)`."""
    if cs.old.version == NO_VERSION:
        return f"New policy: SOP {cs.new.policy} version {cs.new.version} ({cs.new.status})"
    if cs.new.version == NO_VERSION:
        return f"Policy removed: SOP {cs.old.policy} version {cs.old.version} ({cs.old.status})"
    new = cs.new
    other = f"SOP {new.policy} version" if new.policy != cs.old.policy else "version"
    return (f"SOP {cs.old.policy} version {cs.old.version} ({cs.old.status}) compared with "
            f"{other} {new.version} ({new.status})")


def describe_addresses(change: Change, arrow: str = "→") -> str:
    """`2-55-4.E → 2-55-4.I`, or one address when it did not change."""
    old, new = ", ".join(change.old), ", ".join(change.new)
    if not change.old or not change.new or old == new:
        return new or old
    return f"{old} {arrow} {new}"


def describe_place(change: Change) -> str:
    """Where a moved or reparented node went, by its parents: `moved from under 2-55-4.A to
    under 2-55-4.C`, `promoted one level, from under 2-55-4.A.1 to under 2-55-4.A`; else ""."""
    if change.op not in ("moved", "reparented") or not change.old or not change.new:
        return ""
    old, new = change.old[0], change.new[0]
    old_parent, new_parent = _parent(old), _parent(new)
    where = f"from under {old_parent} to under {new_parent}"
    if change.op == "moved":
        return f"moved {where}"
    levels = old.count(".") - new.count(".")
    verb = "promoted" if levels > 0 else "demoted"
    count = "one level" if abs(levels) == 1 else f"{abs(levels)} levels"
    return f"{verb} {count}, {where}"


def _parent(address: str) -> str:
    return address.rsplit(".", 1)[0] if "." in address else "the policy"


def describe_evidence(change: Change) -> str:
    """`matched by similar text, 93 % alike; editorial only`, or "" for a lone node."""
    if change.matched_by is None:
        return ""
    score = f", {round(change.score * 100)} % alike" if change.score is not None else ""
    editorial = "; editorial only" if change.editorial else ""
    return f"matched by {EVIDENCE[change.matched_by]}{score}{editorial}"
