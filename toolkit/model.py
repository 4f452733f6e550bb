"""The nouns of policykit: plain frozen data that every stage passes along.

Behaviour lives in the stages (parse, check, importer, diff, render, site);
these classes only hold data. Trees are built bottom-up and never mutated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["draft", "effective", "superseded", "rescinded"]
STATUSES: tuple[Status, ...] = ("draft", "effective", "superseded", "rescinded")
Numbering = Literal["apd", "dotted", "roman", "chapter", "headed"]
NUMBERINGS: tuple[Numbering, ...] = ("apd", "dotted", "roman", "chapter", "headed")
"""The numbering schemes a version's sections may follow (see `toolkit.numbering`)."""


@dataclass(frozen=True)
class Reference:
    """One row of a header table: a related SOP, a form, a resource or a rescinded order."""

    id: str
    """Its number or short name (`2-19`, `SO 21-58`); may be empty for a form known only by title."""
    title: str
    """Its title as the header table gives it."""


@dataclass(frozen=True)
class Meta:
    """The header tables at the top of an SOP."""

    related: tuple[Reference, ...] = ()
    """Related SOPs, in the order the header lists them."""
    forms: tuple[Reference, ...] = ()
    """Forms named by the policy."""
    other_resources: tuple[Reference, ...] = ()
    """Other resources (manuals, statutes, web pages)."""
    rescinds: tuple[Reference, ...] = ()
    """Special orders this version rescinds."""


@dataclass(frozen=True)
class Definition:
    """A defined term, as a Definitions section states it."""

    term: str
    """The term as written (`De-escalation`)."""
    definition: str
    """The definition text, in markdown inline syntax."""
    line: int
    """1-based source line of the term."""
    section: str = ""
    """Address of the section that defines it (`2-55-3`, `G03-02.II`)."""
    sanction: str | None = None
    """Sanction classification given beside the definition, if any."""
    id: str | None = None
    """Explicit stable id, if staff pinned one."""


@dataclass(frozen=True)
class Clause:
    """A labelled item of a section (`A.`, `1.`, `a.`, `i.`), or an unlabelled paragraph.

    An unlabelled paragraph that follows labelled siblings is kept as a clause
    with `label=None` so that order is preserved; its address ends in `p<n>`.
    """

    label: str | None
    """The label without its trailing dot (`A`, `2`, `e`, `iii`); None for an unlabelled paragraph."""
    text: str
    """The clause's own text in markdown inline syntax; paragraphs joined by a blank line."""
    address: str
    """Path in this version: `2-55-4.A.2.e.iii`."""
    line: int
    """1-based source line where the clause starts."""
    children: tuple[Clause, ...] = ()
    """Nested clauses, in document order."""
    sanction: str | None = None
    """Sanction classification (`5`, `7`, `N/A`), the SOP's right-hand column."""
    id: str | None = None
    """Explicit stable id that pins identity across versions."""


@dataclass(frozen=True)
class Section:
    """A part of a policy under one heading: `2-55-4 De-escalation Techniques and Guidelines`,
    `300.3.1 Use of Force to Effect an Arrest`, `III. Definitions`, `Chapter 3 ...`."""

    number: str
    """Section number as the heading writes it (`2-55-4`, `300.3.1`, `III.`, `Chapter 3`);
    empty in a headed (unnumbered) version."""
    title: str
    """Heading text after the number."""
    text: str
    """Unlabelled paragraphs before the first clause, joined by a blank line."""
    line: int
    """1-based source line of the heading."""
    children: tuple[Clause, ...] = ()
    """Clauses (and trailing unlabelled paragraphs), in document order."""
    sanction: str | None = None
    """Sanction classification of the section as a whole, if any."""
    id: str | None = None
    """Explicit stable id that pins identity across versions."""
    address: str = ""
    """Its address, the prefix of its clauses' addresses: the number in the apd and dotted
    schemes (`2-55-4`, `300.3.1`), `<policy>.III`, `<policy>.ch3` or `<policy>.<title slug>`
    in the others. Left empty, it is the number."""
    level: int = 2
    """Heading level: 2 for `##`; deeper only for a nested dotted section (`###` is 3)."""
    parent: str | None = None
    """Address of the section it is nested in (a dotted `300.3` holds `300.3.1`); None at level 2."""

    def __post_init__(self) -> None:
        if not self.address:
            object.__setattr__(self, "address", self.number)

    @property
    def label(self) -> str:
        """The number: a headed section's is empty, so a retitled chapter is no renumbering."""
        return self.number

    @property
    def heading(self) -> str:
        """The heading text without attributes: number and title (`III. Definitions`)."""
        return " ".join(part for part in (self.number, self.title) if part)


Node = Section | Clause


@dataclass(frozen=True)
class Version:
    """One text of a policy: a file `policies/<policy>/<version>.md`."""

    policy: str
    """Policy id (`2-55`)."""
    version: str
    """Version name, unique within the policy and safe as a file name."""
    title: str
    """Policy title (`Use of Force: De-escalation`)."""
    status: Status
    """draft, effective, superseded or rescinded."""
    effective: str | None
    """ISO date the version took effect; None for a draft."""
    supersedes: str | None = None
    """Version name of the same policy that this one replaces."""
    meta: Meta = field(default_factory=Meta)
    """Header tables."""
    definitions: tuple[Definition, ...] = ()
    """Defined terms, in document order."""
    sections: tuple[Section, ...] = ()
    """Numbered sections, in document order."""
    source: str = "<string>"
    """Where the version was read from (a path), for messages."""
    amends: tuple[str, ...] = ()
    """Special orders or versions this version amends, as written in front matter."""
    notes: str = ""
    """Free text from front matter: how the version was recovered, what is uncertain."""
    numbering: Numbering | None = None
    """The numbering scheme the front matter names; None when it names none."""
    scheme: Numbering = "apd"
    """The numbering scheme its sections follow: `numbering`, else inferred from the first heading."""


@dataclass(frozen=True)
class Policy:
    """One SOP over time."""

    id: str
    """Policy id (`2-55`)."""
    versions: tuple[Version, ...]
    """Its versions, oldest first (by the supersedes chain, then effective date)."""

    @property
    def current(self) -> Version:
        """The version in force: the newest effective one, else the newest of all."""
        effective = [v for v in self.versions if v.status == "effective"]
        return (effective or list(self.versions))[-1]


InlineKind = Literal["equal", "delete", "insert"]
ChangeOp = Literal[
    "added", "removed", "modified", "moved", "renumbered",
    "reparented", "split", "merged", "unchanged",
]
CHANGE_OPS: tuple[ChangeOp, ...] = (
    "added", "removed", "modified", "moved", "renumbered",
    "reparented", "split", "merged", "unchanged",
)
MatchedBy = Literal["id", "exact", "label", "similar", "position"]


@dataclass(frozen=True)
class InlineOp:
    """One run of a word diff; joining the `equal`+`delete` texts gives the old text."""

    op: InlineKind
    """equal, delete or insert."""
    text: str
    """The original characters, whitespace included."""


@dataclass(frozen=True)
class Change:
    """How one or more clauses of the old version relate to the new version."""

    op: ChangeOp
    """The kind of change."""
    old: tuple[str, ...]
    """Addresses in the old version (empty for added)."""
    new: tuple[str, ...]
    """Addresses in the new version (empty for removed)."""
    matched_by: MatchedBy | None = None
    """The alignment pass that paired them; None for added or removed."""
    score: float | None = None
    """Text similarity of the pair, 0 to 1; None where nothing was paired."""
    editorial: bool = False
    """True when the texts differ only in case, punctuation or whitespace."""
    inline: tuple[InlineOp, ...] = ()
    """Word diff of the texts, present whenever they differ."""


@dataclass(frozen=True)
class Replacement:
    """A systematic substitution seen in many clauses, reported once."""

    old: str
    """The replaced word, its forms folded: `officers`, or `officer(s)` for both numbers."""
    new: str
    count: int
    """How many times it was made, all forms together."""
    forms: tuple[str, ...] = ()
    """The exact old texts replaced (`officers`, `an officer`), most frequent first."""
    exceptions: tuple[str, ...] = ()
    """Addresses of the new version's parts that still hold a form of the old word."""


@dataclass(frozen=True)
class ChangeSet:
    """Everything one version changes relative to another."""

    old: Version
    new: Version
    changes: tuple[Change, ...]
    """Every node of both versions appears in exactly one change, in new-document order."""
    replacements: tuple[Replacement, ...] = ()
