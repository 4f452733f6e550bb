"""The diff stage: two versions in, one change set out.

    flatten both versions -> align (passes, each recorded as evidence)
        -> classify each group -> diff definitions -> roll up replacements

`diff_versions` is the whole stage; `diff_words` is the word diff used inside
aligned clauses; `rebuild_versions` turns a change set's JSON back into both
versions.
"""

from __future__ import annotations

from operator import itemgetter

from toolkit.diff.align import align_versions
from toolkit.diff.classify import SortKey, classify
from toolkit.diff.definitions import definition_addresses, definition_text, diff_definitions
from toolkit.diff.front_matter import FieldChange, diff_front_matter
from toolkit.diff.items import Side, flatten_version
from toolkit.diff.rebuild import rebuild_versions
from toolkit.diff.rollups import find_replacements
from toolkit.diff.words import diff_words
from toolkit.model import Change, ChangeSet, Version

__all__ = [
    "FieldChange",
    "definition_addresses",
    "diff_front_matter",
    "diff_versions",
    "diff_words",
    "rebuild_versions",
]


def diff_versions(old: Version, new: Version) -> ChangeSet:
    """Every section, clause and definition of two versions, each in exactly one change."""
    old_items, new_items = flatten_version(old), flatten_version(new)
    placed = classify(align_versions(old_items, new_items))
    placed += _place_definitions(old, new, new_items)
    changes = tuple(change for _, change in sorted(placed, key=itemgetter(0)))
    replacements = find_replacements(changes, new_texts(new, new_items))
    return ChangeSet(old=old, new=new, changes=changes, replacements=replacements)


def new_texts(new: Version, new_items: Side) -> list[tuple[str, str]]:
    """(address, text) of every part of a version: where a rollup looks for exceptions."""
    texts = [(item.address, item.text) for item in new_items]
    texts += [(address, definition_text(definition)) for definition, address
              in zip(new.definitions, definition_addresses(new), strict=True)]
    return texts


def _place_definitions(old: Version, new: Version, new_items: Side) -> list[tuple[SortKey, Change]]:
    """Definitions go after the last node of the section that defines them in the new version."""
    section_ends = {item.address: item.last for item in new_items if item.parent is None}
    placed = []
    for new_position, old_position, change in diff_definitions(old, new):
        definition = new.definitions[new_position] if new_position >= 0 else None
        section = definition.section if definition else ""
        end = section_ends.get(section, len(new_items))
        placed.append(((end, 2, new_position * 100000 + old_position), change))
    return placed
