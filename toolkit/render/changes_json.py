"""A change set as JSON: the public, documented contract of `policykit diff --format json`.

    {"format": "policykit-changes/1",
     "old": {"policy": "2-55", "version": "2021"}, "new": {"policy": "2-55", "version": "2023"},
     "summary": {"added": 0, "removed": 0, "modified": 0, "moved": 0, "renumbered": 0,
                 "reparented": 0, "split": 0, "merged": 0, "unchanged": 0, "editorial": 0},
     "replacements": [{"old": "officers", "new": "sworn personnel", "count": 7,
                       "forms": ["officers"], "exceptions": ["2-55-2"]}],
     "front_matter": [{"field": "title", "old": ["..."], "new": ["..."]}],
     "changes": [{"op": "renumbered", "old": ["2-55-4.E"], "new": ["2-55-4.I"],
                  "matched_by": "similar", "score": 0.88, "editorial": false,
                  "inline": [["equal", "Supervisors "], ["delete", "will "], ["insert", "shall "],
                             ["equal", "become involved ..."]],
                  "nodes": {"old": [NODE], "new": [NODE]}}],
     "versions": {"old": HEADER, "new": HEADER}}

The reader's guide, field by field, is the site page `site/reviewing.md`; a
test keeps it naming every key written here.

The keys of the issue's contract: `old`/`new` name the versions; `summary`
counts changes per op (all nine always present), plus `editorial` (changes
whose texts differ only in case, punctuation or whitespace, with the same
sanction; also counted under their op); `replacements` are substitutions
made in many clauses, reported once, most frequent first (the forms of a
word together, with the parts of the new version that still hold it; a word
still held by more than ten parts per replacement is no rollup); in `changes`,
every section, clause and definition of both versions appears in exactly
one change, in new-document order (a removed node right after the new place
of the node before it, definitions after the last node of their section).
`matched_by` is the alignment pass that paired the nodes (`id`, `exact`,
`label`, `similar`, `position`; null for added and removed) and `score`
their word similarity from 0 to 1, rounded to three decimals (for a
section, over its whole subtree). `inline` is the word diff as `[op, text]`
pairs, present (non-empty) whenever the texts differ: joining the `equal`
and `delete` texts gives the old text, `equal` and `insert` the new one. The
text of a clause is its text, of a section its title and intro joined by a
blank line, of a definition `term: definition`; a split or merge diffs the
pieces' texts joined by a space. So a `modified` change with an empty
`inline` changed only its sanction classification.

Documented extra keys, so that both versions rebuild exactly from this JSON
alone (`toolkit.diff.rebuild_versions`):

- `format`: names this contract and its version.
- `front_matter`: the header fields that differ (see `toolkit.diff.front_matter`).
- `nodes`: per change, the full record of each node on each side, in the
  order of `old`/`new`. A section or clause NODE is
  `{"kind": "section"|"clause", "address", "label", "title", "text",
  "sanction", "id", "line", "index", "parent", "parent_index", "position"}`:
  `index` is the node's preorder position in its version, `parent` and
  `parent_index` name its parent (null for a section), `position` is its
  place among its siblings; `title` is null for a clause. A section NODE also
  has `number`, `level` and `nested_in` (see `toolkit.tree_json`; sections are
  flat in the change set, a nested one names its parent in `nested_in`). A definition NODE is
  `{"kind": "definition", "address", "term", "definition", "line",
  "section", "sanction", "id", "position"}`, its address being
  `<section>.def.<slug>` (`2-55-3.def.de-escalation`) and `position` its
  place among the version's definitions.
- `versions`: each version's header as `toolkit.tree_json.version_to_json`
  gives it, without `definitions` and `sections`.

`policykit diff --git` always writes `{"diffs": [CHANGESET, ...]}`, one per
changed file, so its shape never depends on how many files changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from toolkit.diff.definitions import definition_addresses
from toolkit.diff.describe import count_changes
from toolkit.diff.front_matter import diff_front_matter
from toolkit.diff.items import Item, flatten_version
from toolkit.model import Change, ChangeSet, Definition, Version
from toolkit.tree_json import definition_to_json, node_fields, version_to_json

FORMAT = "policykit-changes/1"

NodeRecords = dict[str, list[dict[str, Any]]]
"""Address -> records of the nodes with that address, in document order."""


def changeset_to_json(cs: ChangeSet) -> dict[str, Any]:
    """The whole change set as JSON-ready data (see the module docstring)."""
    old_records, new_records = node_records(cs.old), node_records(cs.new)
    return {
        "format": FORMAT,
        "old": {"policy": cs.old.policy, "version": cs.old.version},
        "new": {"policy": cs.new.policy, "version": cs.new.version},
        "summary": count_changes(cs.changes),
        "replacements": [
            {"old": r.old, "new": r.new, "count": r.count, "forms": list(r.forms),
             "exceptions": list(r.exceptions)}
            for r in cs.replacements
        ],
        "front_matter": [
            {"field": f.field, "old": list(f.old), "new": list(f.new)}
            for f in diff_front_matter(cs.old, cs.new)
        ],
        "changes": [change_to_json(c, old_records, new_records) for c in cs.changes],
        "versions": {"old": version_header(cs.old), "new": version_header(cs.new)},
    }


def change_to_json(change: Change, old_records: NodeRecords, new_records: NodeRecords) -> dict[str, Any]:
    """One change with its node records (taken from the pools, so each node is used once)."""
    return {
        "op": change.op,
        "old": list(change.old),
        "new": list(change.new),
        "matched_by": change.matched_by,
        "score": change.score,
        "editorial": change.editorial,
        "inline": [[op.op, op.text] for op in change.inline],
        "nodes": {
            "old": [old_records[address].pop(0) for address in change.old],
            "new": [new_records[address].pop(0) for address in change.new],
        },
    }


def version_header(version: Version) -> dict[str, Any]:
    """A version's header: everything but its definitions and sections."""
    header = version_to_json(replace(version, definitions=(), sections=()))  # not the tree
    del header["definitions"], header["sections"]
    return header


def node_records(version: Version) -> NodeRecords:
    """Every section, clause and definition of a version as a NODE record, by address."""
    records: NodeRecords = defaultdict(list)
    items = flatten_version(version)
    for item in items:
        records[item.address].append(_node_record(item, items))
    for position, (definition, address) in enumerate(
        zip(version.definitions, definition_addresses(version), strict=True)
    ):
        records[address].append(_definition_record(definition, address, position))
    return records


def _node_record(item: Item, items: tuple[Item, ...]) -> dict[str, Any]:
    node = item.node
    if item.parent is not None:  # a clause: `node_fields` written out, for thousands of them
        return {"kind": "clause", "address": node.address, "label": node.label, "title": None,
                "text": node.text, "sanction": node.sanction, "id": node.id, "line": node.line,
                "index": item.index, "parent": items[item.parent].address,
                "parent_index": item.parent, "position": item.position}
    record: dict[str, Any] = {"kind": "section"}
    record.update(node_fields(node))
    record.update(index=item.index, parent=None, parent_index=None, position=item.position)
    return record


def _definition_record(definition: Definition, address: str, position: int) -> dict[str, Any]:
    return {"kind": "definition", "address": address, **definition_to_json(definition),
            "position": position}
