"""Header changes: title, status, dates, related SOPs, forms, rescinded orders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from toolkit.model import Reference, Version


@dataclass(frozen=True)
class FieldChange:
    """One front-matter field whose value differs between two versions."""

    field: str
    """Field name as written in front matter (`title`, `related`, ...)."""
    old: tuple[str, ...]
    """The old value: one string for a scalar (none when empty), one per entry for a list."""
    new: tuple[str, ...]
    """The new value, in the same form."""

    @property
    def removed(self) -> tuple[str, ...]:
        """List entries only the old version has."""
        return tuple(entry for entry in self.old if entry not in self.new)

    @property
    def added(self) -> tuple[str, ...]:
        """List entries only the new version has."""
        return tuple(entry for entry in self.new if entry not in self.old)


def _scalar(value: str | None) -> tuple[str, ...]:
    return (value,) if value else ()


def _references(references: tuple[Reference, ...]) -> tuple[str, ...]:
    return tuple(" ".join(part for part in (ref.id, ref.title) if part) for ref in references)


FIELDS: tuple[tuple[str, Callable[[Version], tuple[str, ...]]], ...] = (
    ("title", lambda v: _scalar(v.title)),
    ("status", lambda v: _scalar(v.status)),
    ("effective", lambda v: _scalar(v.effective)),
    ("supersedes", lambda v: _scalar(v.supersedes)),
    ("amends", lambda v: v.amends),
    ("related", lambda v: _references(v.meta.related)),
    ("forms", lambda v: _references(v.meta.forms)),
    ("other_resources", lambda v: _references(v.meta.other_resources)),
    ("rescinds", lambda v: _references(v.meta.rescinds)),
    ("notes", lambda v: _scalar(v.notes)),
)
"""Front-matter fields a reviewer sees, in the order the header gives them."""


def diff_front_matter(old: Version, new: Version) -> tuple[FieldChange, ...]:
    """The front-matter fields that differ, in header order."""
    return tuple(
        FieldChange(name, read(old), read(new))
        for name, read in FIELDS
        if read(old) != read(new)
    )
