"""Both versions back from a change set's JSON, and nothing else.

The proof that a diff is lossless: `rebuild_versions(changeset_to_json(cs))`
equals `(version_to_json(cs.old), version_to_json(cs.new))`.
"""

from __future__ import annotations

from typing import Any

from toolkit.errors import DiffError
from toolkit.tree_json import SECTION_KEYS

_NODE_KEYS = ("address", "label", "title", "text", "sanction", "id", "line")
_DEFINITION_KEYS = ("term", "definition", "line", "section", "sanction", "id")


def rebuild_versions(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The old and new versions, as `toolkit.tree_json.version_to_json` gives them."""
    return rebuild_side(data, "old"), rebuild_side(data, "new")


def rebuild_side(data: dict[str, Any], side: str) -> dict[str, Any]:
    """One version (`side` is "old" or "new") from the node records of every change."""
    records = [record for change in data["changes"] for record in change["nodes"][side]]
    definitions = sorted(
        (r for r in records if r["kind"] == "definition"), key=lambda r: r["position"]
    )
    nodes = sorted((r for r in records if r["kind"] != "definition"), key=lambda r: r["index"])
    version = dict(data["versions"][side])
    version["definitions"] = [{key: r[key] for key in _DEFINITION_KEYS} for r in definitions]
    version["sections"] = _tree(nodes)
    return version


def _tree(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nest node records under their parents, in preorder."""
    built: dict[int, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for record in records:
        keys = _NODE_KEYS + SECTION_KEYS if record["kind"] == "section" else _NODE_KEYS
        node = {key: record[key] for key in keys} | {"children": []}
        built[record["index"]] = node
        parent = record["parent_index"]
        if parent is None:
            roots.append(node)
        elif parent in built:
            built[parent]["children"].append(node)
        else:
            raise DiffError(f"node {record['address']} names a parent the JSON does not hold")
    return roots
