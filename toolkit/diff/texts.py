"""What each change's nodes say: the texts and sanctions renderers show beside the diff."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.diff.definitions import definition_addresses, definition_text
from toolkit.diff.items import compared_text
from toolkit.model import Change, ChangeSet, Version
from toolkit.tree import walk_version


@dataclass(frozen=True)
class Sides:
    """The old and new text of a change (pieces of a split or merge joined by a space)."""

    old: str
    new: str
    old_sanction: tuple[str | None, ...]
    new_sanction: tuple[str | None, ...]
    old_pieces: tuple[str, ...] = ()
    """Each old node's own text, in the order of `Change.old`."""
    new_pieces: tuple[str, ...] = ()
    """Each new node's own text, in the order of `Change.new`."""

    @property
    def sanction_changed(self) -> bool:
        """True when both sides exist and their classifications differ (as sets, so a
        split that keeps one classification on every piece is not a change)."""
        return bool(self.old_sanction and self.new_sanction) and (
            set(self.old_sanction) != set(self.new_sanction)
        )


def change_sides(cs: ChangeSet) -> dict[int, Sides]:
    """The sides of every change, keyed by `id(change)`."""
    old, new = _by_address(cs.old), _by_address(cs.new)
    return {id(change): _sides(change, old, new) for change in cs.changes}


def _sides(change: Change, old: dict[str, tuple[str, str | None]],
           new: dict[str, tuple[str, str | None]]) -> Sides:
    olds = [old.get(address, ("", None)) for address in change.old]
    news = [new.get(address, ("", None)) for address in change.new]
    return Sides(
        " ".join(text for text, _ in olds if text),
        " ".join(text for text, _ in news if text),
        tuple(sanction for _, sanction in olds),
        tuple(sanction for _, sanction in news),
        tuple(text for text, _ in olds),
        tuple(text for text, _ in news),
    )


def _by_address(version: Version) -> dict[str, tuple[str, str | None]]:
    found = {node.address: (compared_text(node), node.sanction) for node in walk_version(version)}
    for definition, address in zip(version.definitions, definition_addresses(version), strict=True):
        found[address] = (definition_text(definition), definition.sanction)
    return found
