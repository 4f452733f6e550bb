"""The nouns of policykit: plain frozen data that every stage passes along.

Behaviour lives in the stages (parse, check, importer, diff, render, site);
these classes only hold data. Trees are built bottom-up and never mutated.

The classes made by the thousand (`Clause`, `Change`, `InlineOp`) have their `__init__`
written out: a frozen dataclass's generated one sets each field through
`object.__setattr__`, about 2.8 times as slow as filling the instance's `__dict__`, which
was a tenth of parsing a large policy. Each takes the fields in order with their defaults,
exactly as the generated one would (a test compares the signatures), and the class stays a
frozen dataclass: equality, hashing, `repr`, `replace` and assignment refused as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Status = Literal["draft", "effective", "superseded", "rescinded"]
STATUSES: tuple[Status, ...] = ("draft", "effective", "superseded", "rescinded")
StateKind = Literal["version", "amended"]
"""A state of a policy's text: a version file as written, or a version as amended."""
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


@dataclass(frozen=True, init=False)
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

    def __init__(self, label: str | None, text: str, address: str, line: int,
                 children: tuple[Clause, ...] = (), sanction: str | None = None,
                 id: str | None = None) -> None:
        fields = self.__dict__  # written out: see the module docstring
        fields["label"] = label
        fields["text"] = text
        fields["address"] = address
        fields["line"] = line
        fields["children"] = children
        fields["sanction"] = sanction
        fields["id"] = id

    def __reduce__(self) -> tuple[type[Clause], tuple[object, ...]]:
        """Pickled as its fields in order and rebuilt through `__init__`: a forked parse hands a
        large tree back pickled, and this unpickles in half the time of setting each clause's
        state (5,000 clauses: 6.8 -> 3.8 ms). A test holds it to every field."""
        return Clause, (self.label, self.text, self.address, self.line, self.children,
                        self.sanction, self.id)


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
    kind: StateKind = "version"
    """version (a file), or amended: a version as amendments left it, computed by policykit."""
    in_force_until: str | None = None
    """ISO date the next state took effect (the first day this text was no longer in force);
    None when nothing followed it or the date is not recorded. Filled in by the library."""
    replaced_by: str | None = None
    """Name of the state that followed this one (a version or an amendment), if any."""
    amended_by: tuple[str, ...] = ()
    """For an amended state: the amendments applied to the version, oldest first."""
    numbering: Numbering | None = None
    """The numbering scheme the front matter names; None when it names none."""
    scheme: Numbering = "apd"
    """The numbering scheme its sections follow: `numbering`, else inferred from the first heading."""


OperationKind = Literal["replace", "insert-after", "remove"]
OPERATION_KINDS: tuple[OperationKind, ...] = ("replace", "insert-after", "remove")


@dataclass(frozen=True)
class Operation:
    """One change an amendment makes, by address in the version it amends."""

    kind: OperationKind
    """replace, insert-after or remove."""
    address: str
    """The section or clause it acts on (`2-55-4.D`)."""
    line: int
    """1-based line of the operation's heading in the amendment file."""
    nodes: tuple[Section | Clause, ...] = ()
    """The new sections or clauses (replace, insert-after); empty for remove."""


@dataclass(frozen=True)
class Amendment:
    """A special order that changes parts of one version until a later version rescinds it."""

    policy: str
    """Policy id (`2-55`)."""
    name: str
    """Name of the amendment file and of the state it makes (`so-21-58`)."""
    number: str
    """The order's number as cited, which a later version's `rescinds` names (`SO 21-58`)."""
    title: str
    """Its title (`Amendment to SOP 2-55 Use of Force: De-escalation`)."""
    amends: str
    """Name of the version it amends."""
    effective: str | None
    """ISO date it took effect; None when not recorded."""
    operations: tuple[Operation, ...]
    """What it changes, in file order."""
    source: str = "<string>"
    """Where it was read from, for messages."""
    notes: str = ""
    """Free text from front matter."""


@dataclass(frozen=True)
class Policy:
    """One SOP over time."""

    id: str
    """Policy id (`2-55`)."""
    versions: tuple[Version, ...]
    """Its versions, oldest first (by the supersedes chain, then effective date)."""
    amendments: tuple[Amendment, ...] = ()
    """Amendments (special orders) to its versions, by file name."""

    @property
    def current(self) -> Version:
        """The version in force today: the newest effective one whose date has come, else the
        newest effective one, else the newest of all."""
        today = date.today().isoformat()
        effective = [v for v in self.versions if v.status == "effective"]
        begun = [v for v in effective if v.effective is None or v.effective <= today]
        return (begun or effective or list(self.versions))[-1]


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


@dataclass(frozen=True, init=False)
class InlineOp:
    """One run of a word diff; joining the `equal`+`delete` texts gives the old text."""

    op: InlineKind
    """equal, delete or insert."""
    text: str
    """The original characters, whitespace included."""

    def __init__(self, op: InlineKind, text: str) -> None:
        fields = self.__dict__  # written out: see the module docstring
        fields["op"] = op
        fields["text"] = text


@dataclass(frozen=True, init=False)
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

    def __init__(self, op: ChangeOp, old: tuple[str, ...], new: tuple[str, ...],
                 matched_by: MatchedBy | None = None, score: float | None = None,
                 editorial: bool = False, inline: tuple[InlineOp, ...] = ()) -> None:
        fields = self.__dict__  # written out: see the module docstring
        fields["op"] = op
        fields["old"] = old
        fields["new"] = new
        fields["matched_by"] = matched_by
        fields["score"] = score
        fields["editorial"] = editorial
        fields["inline"] = inline


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
