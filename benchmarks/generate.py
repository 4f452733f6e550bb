"""Generate a synthetic but realistic police policy manual, with the truth about every revision.

    python benchmarks/generate.py --policies 50 --versions 3 --seed 0 --clauses 60 -o /tmp/manual

The pipeline:

    vocabulary ─▶ prose ─▶ first draft of each policy (sections, clauses nested A. → 1. → a. → i.)
               ─▶ revise the draft V-1 times (reword, insert, delete, move, swap, promote,
                  demote, split, merge, editorial fixes, one term replacement)
               ─▶ freeze each draft into a `toolkit.model.Version` (labels and addresses from
                  position, as in a real SOP) ─▶ truth of each consecutive pair

A draft node carries a hidden uid that survives every edit, so the truth of a pair is
computed, not guessed: for each uid, compare its place in the old and the new version.
`Truth.changes` uses the diff's own vocabulary (`toolkit.model.CHANGE_OPS`), and every
section and clause of both versions appears in exactly one change, as in a `ChangeSet`.
See benchmarks/README.md for the JSON written beside the policies (`truth-<old>-<new>.json`).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit.model import (
    CHANGE_OPS,
    ChangeOp,
    Clause,
    Definition,
    Meta,
    Reference,
    Section,
    Version,
)
from toolkit.tree import child_address, walk_version
from toolkit.write import write_markdown

MAX_DEPTH = 4
"""Deepest clause level: A. → 1. → a. → i."""
MAX_SIBLINGS = 26
"""Most labelled siblings under one parent, so letter labels stay single letters."""
FIXED_SECTIONS = 3
"""Purpose, Policy and Definitions come first in every policy and hold no clauses."""

# ── vocabulary ──────────────────────────────────────────────────────────────────────────────

SUBJECTS = (
    "officers", "sworn personnel", "the supervisor", "the on-duty sergeant",
    "Department personnel", "the watch commander", "the investigating detective",
    "the primary officer", "all personnel", "the Real Time Crime Center (RTCC)",
    "the Internal Affairs Professional Standards (IAPS) Division", "the Academy Division",
    "the Records Unit", "the Crisis Intervention Unit (CIU)", "the Field Services Bureau commander",
    "the individual's supervisor", "the assigned officer", "the shift lieutenant",
    "the Evidence Unit", "the Training Coordinator",
)
MODALS = ("shall", "will", "may", "should", "shall not", "must")
ACTIONS = (
    "document the incident in the appropriate report",
    "notify a supervisor as soon as practicable",
    "request additional resources",
    "use de-escalation techniques",
    "secure the scene and preserve evidence",
    "render medical aid consistent with their training",
    "complete a use of force report before the end of their shift",
    "activate their body-worn camera",
    "coordinate with the Mobile Crisis Team (MCT)",
    "review the recorded video of the incident",
    "provide the individual with a copy of the citation",
    "maintain a safe distance from the individual",
    "advise the individual of the reason for the stop",
    "request a Spanish-speaking officer when needed",
    "inventory all property taken into custody",
    "complete the required training annually",
    "forward the completed report to the Division commander",
    "ensure that all reports are reviewed and approved",
    "take reasonable steps to protect the individual's privacy",
    "inspect the assigned vehicle at the start of each shift",
    "respond to the scene and assume command",
    "wear the approved uniform and equipment",
    "enter the information into the records management system",
    "verify the individual's identity",
    "photograph any visible injuries",
    "consult with the District Attorney's Office",
    "notify the Real Time Crime Center",
    "return the equipment to the property room",
    "use distance, cover, concealment, and/or time",
    "announce their presence and intentions",
    "give the individual a reasonable opportunity to comply",
    "request a supervisor to respond to the scene",
    "transport the individual to the nearest medical facility",
    "log the incident in the computer-aided dispatch system",
    "seal and label the evidence before submission",
    "interview each witness separately",
    "refrain from using force against a restrained individual",
    "brief the oncoming shift on the status of the investigation",
    "obtain a case number from the Communications Center",
    "assist the individual in contacting behavioral health services",
    "attempt to slow down the situation",
    "identify themselves as a law enforcement officer",
    "tag the recording with the case number",
    "keep the individual under observation at all times",
)
QUALIFIERS = (
    "in accordance with SOP {sop}",
    "consistent with Department policy",
    "unless doing so would jeopardize the safety of the officer or others",
    "within 24 hours",
    "within ten (10) calendar days",
    "and/or the applicable collective bargaining agreement",
    "to the extent feasible",
    "without unnecessary delay",
    "when it is safe to do so",
    "prior to the end of the shift",
    "as required by state law",
    "as directed by the supervisor",
)
CONDITIONS = (
    "When feasible,", "As soon as practicable,", "Unless exigent circumstances exist,",
    "During any interaction with an individual,", "Prior to taking any enforcement action,",
    "If the individual is injured,", "When a situation is escalating,",
    "Upon arrival at the scene,", "At the conclusion of the incident,",
    "If a supervisor is not available,", "In all cases,", "When reasonable,",
)
STATEMENTS = (
    "This section applies to all sworn personnel and professional staff.",
    "The following list is not intended to establish an order of priority.",
    "Nothing in this policy limits the authority of a supervisor to act in an emergency.",
    "Commands and orders are not de-escalation techniques.",
    "An officer's approach to an individual can influence whether a situation escalates.",
    "Exceptions to this procedure require the written approval of the Chief of Police.",
    "Failure to follow this procedure may result in disciplinary action.",
    "The Department recognizes that each situation is unique.",
)
LIST_ITEMS = (
    "Active listening skills", "Tone of voice", "Body posture", "Personal space",
    "Eye contact", "Empathy and compassion", "The influence of drugs and/or alcohol",
    "A language barrier", "The time of day and lighting conditions",
    "The number of individuals present", "The availability of backup officers",
    "The presence of weapons", "The individual's age and physical condition",
    "The seriousness of the suspected offense",
)
TOPIC_AREAS = (
    "Use of Force", "Patrol", "Investigations", "Traffic", "Evidence", "Training",
    "Property", "Communications", "Juveniles", "Behavioral Health", "Records", "Equipment",
    "Detention", "Special Operations", "Internal Affairs", "Community Policing",
    "Personnel", "Vehicles", "Firearms", "Emergency Response",
)
TOPICS = (
    "General", "De-escalation", "Reporting", "Review and Investigation", "Procedures",
    "Supervision", "Documentation", "Searches", "Custody", "Notifications", "Inspections",
    "Pursuits", "Body-Worn Cameras", "Interviews", "Transport", "Storage", "Release",
    "Scene Management", "Crisis Intervention", "Response Protocols",
)
SECTION_TITLES = (
    "Procedures", "Supervisory Responsibilities", "Documentation and Reporting", "Training",
    "Equipment", "De-escalation Techniques and Guidelines", "Notifications",
    "Scene Management", "Evidence Handling", "Review and Approval", "Exceptions",
    "Responsibilities of the Primary Officer", "Transport of Individuals", "Medical Aid",
    "Use of Body-Worn Cameras", "Interactions with Juveniles", "Release of Property",
    "Responsibilities of Supervisors", "Reporting Requirements", "Inspections and Audits",
    "Communications", "Coordination with Other Agencies", "Records Retention",
    "Responsibilities of the Division Commander", "Post-Incident Procedures",
)
TERMS = (
    ("De-escalation", (
        "An action to attempt to calm a situation or to prevent a situation "
        "from escalating into a physical confrontation."
    )),
    ("Active Resistance", (
        "Behavior by an individual that physically counteracts an officer's "
        "control efforts."
    )),
    ("Body-Worn Camera (BWC)", "A recording device worn on the person of an officer."),
    ("Exigent Circumstances", (
        "Circumstances in which a reasonable person would believe that "
        "immediate action is necessary to prevent harm."
    )),
    ("Supervisor", "A sworn member holding the rank of sergeant or above, or an acting sergeant."),
    ("Crisis Incident", (
        "An event or situation in which an individual's coping skills are "
        "overwhelmed."
    )),
    ("Feasible", "Reasonably capable of being done or carried out under the circumstances."),
    ("Immediate Threat", "A threat that is present and capable of causing serious harm."),
    ("Professional Staff", "Department personnel who are not sworn officers."),
    ("Evidence", "Any item that may be used to prove or disprove a fact in issue."),
    ("Custody", "The physical control of an individual by an officer."),
    ("Mobile Crisis Team (MCT)", (
        "A team of a behavioral health clinician and an officer "
        "who respond together to crisis calls."
    )),
)
FORMS = (
    "Use of Force Report", "Property and Evidence Receipt", "Vehicle Inspection Checklist",
    "Supervisor's Review Form", "Juvenile Release Form", "Tow-In Report",
)
SANCTIONS = ("1", "2", "3", "4", "5", "6", "7", "N/A")

TERM_REPLACEMENTS = (
    ("officers", "sworn personnel"),
    ("will", "shall"),
    ("individual", "person"),
    ("supervisor", "sergeant"),
    ("as soon as practicable", "promptly"),
    ("Department", "APD"),
)
SYNONYMS = (
    ("before", "prior to"), ("notify", "inform"), ("ensure", "make sure"),
    ("assist", "help"), ("should", "shall"), ("may", "can"), ("request", "ask for"),
    ("complete", "finish"), ("approved", "authorized"), ("reasonable", "appropriate"),
    ("injuries", "wounds"), ("immediately", "promptly"), ("attempt", "try"),
)
INSERTABLE_PHRASES = (
    " when feasible", " and/or their designee", " in writing", " whenever possible",
    " at a minimum", " on the same day", " as directed by a supervisor",
)


# ── results ─────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class TruthEdit:
    """One edit of the script that turned the old version into the new one."""

    kind: str
    """reword, insert, delete, move, swap, promote, demote, split, merge, editorial, retitle,
    add-section or replace-term."""
    old: tuple[str, ...]
    """Addresses of the edited nodes in the old version (empty for an insertion)."""
    new: tuple[str, ...]
    """Their addresses in the new version (empty for a deletion)."""
    note: str = ""
    """What was done, in words (`"officers" -> "sworn personnel"`, the inserted phrase)."""


@dataclass(frozen=True)
class TruthChange:
    """What a perfect clause-level diff reports for one or more nodes.

    The op describes the node itself: its text, its label, its parent and its depth. An
    ancestor's renumbering or move changes a node's address but not its op.
    """

    op: ChangeOp
    old: tuple[str, ...]
    new: tuple[str, ...]
    text_changed: bool = False
    """The node's text (a section's title or text) differs between the versions."""
    editorial: bool = False
    """The texts differ only in case, punctuation or whitespace."""


@dataclass(frozen=True)
class TruthReplacement:
    """A term replaced across the whole document."""

    old: str
    new: str
    count: int
    """Occurrences replaced."""
    nodes: int
    """Sections and clauses whose text it changed."""


@dataclass(frozen=True)
class Truth:
    """The ground truth of one consecutive pair of versions."""

    policy: str
    old: str
    """Old version name."""
    new: str
    """New version name."""
    edits: tuple[TruthEdit, ...]
    changes: tuple[TruthChange, ...]
    """Every section and clause of both versions in exactly one change, in new-document order."""
    replacements: tuple[TruthReplacement, ...] = ()

    def summary(self) -> dict[str, int]:
        """Count of changes per op, plus `editorial`."""
        counts: dict[str, int] = dict.fromkeys(CHANGE_OPS, 0)
        for change in self.changes:
            counts[change.op] += 1
        counts["editorial"] = sum(change.editorial for change in self.changes)
        return counts

    def to_json(self) -> dict[str, Any]:
        """The documented `truth-<old>-<new>.json` form."""
        return {
            "policy": self.policy,
            "old": self.old,
            "new": self.new,
            "summary": self.summary(),
            "replacements": [
                {"old": r.old, "new": r.new, "count": r.count, "nodes": r.nodes}
                for r in self.replacements
            ],
            "edits": [
                {"kind": e.kind, "old": list(e.old), "new": list(e.new), "note": e.note}
                for e in self.edits
            ],
            "changes": [
                {"op": c.op, "old": list(c.old), "new": list(c.new),
                 "text_changed": c.text_changed, "editorial": c.editorial}
                for c in self.changes
            ],
        }


@dataclass(frozen=True)
class GeneratedPolicy:
    """One generated policy: its versions oldest first and the truth of each consecutive pair."""

    id: str
    versions: tuple[Version, ...]
    truths: tuple[Truth, ...]
    """`truths[i]` relates `versions[i]` to `versions[i + 1]`."""


@dataclass(frozen=True)
class GeneratedManual:
    """A whole synthetic manual."""

    seed: int
    policies: tuple[GeneratedPolicy, ...]

    def versions(self) -> Iterator[Version]:
        """Every version of every policy."""
        for policy in self.policies:
            yield from policy.versions

    def truths(self) -> Iterator[Truth]:
        """The truth of every consecutive pair."""
        for policy in self.policies:
            yield from policy.truths



# ── prose ───────────────────────────────────────────────────────────────────────────────────


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def generate_sentence(rng: random.Random, sops: Sequence[str] = ("2-52",)) -> str:
    """One policy-like sentence: `[condition] subject modal action [qualifier].`

    `sops` are the policy numbers a sentence may cite (`in accordance with SOP 2-52`);
    with none, it cites nothing.
    """
    if rng.random() < 0.08:
        return rng.choice(STATEMENTS)
    subject = rng.choice(SUBJECTS)
    body = f"{subject} {rng.choice(MODALS)} {rng.choice(ACTIONS)}"
    if rng.random() < 0.45:
        qualifiers = QUALIFIERS if sops else [q for q in QUALIFIERS if "{sop}" not in q]
        body += " " + rng.choice(qualifiers).format(sop=rng.choice(sops) if sops else "")
    if rng.random() < 0.4:
        return f"{rng.choice(CONDITIONS)} {body}."
    return _capitalise(body) + "."


def generate_prose(rng: random.Random, words: int, sops: Sequence[str] = ("2-52",)) -> str:
    """Policy-like prose of exactly `words` words (at least one), ending with a full stop."""
    sentences: list[str] = []
    count = 0
    while count < words:
        sentence = generate_sentence(rng, sops).split()
        sentence = sentence[: words - count]
        sentences.append(" ".join(sentence).rstrip(".,;:") + ".")
        count += len(sentence)
    return " ".join(sentences)


# ── drafts: the tree being edited, with hidden identities ───────────────────────────────────


@dataclass(frozen=True)
class _Node:
    """A section (depth 1) or clause of a draft; labels come from position when frozen."""

    uid: int
    text: str
    children: tuple[_Node, ...] = ()
    labelled: bool = True
    sanction: str | None = None
    pin: str | None = None
    title: str = ""


TreePath = tuple[int, ...]
"""Indexes from the root: `(s,)` is a section, `(s, c)` its clause c, and so on."""


def _get(root: _Node, path: TreePath) -> _Node:
    node = root
    for index in path:
        node = node.children[index]
    return node


def _with_children(root: _Node, path: TreePath, change: Callable[[list[_Node]], None]) -> _Node:
    """A copy of root where the children of the node at path went through `change`."""
    if not path:
        children = list(root.children)
        change(children)
        return replace(root, children=tuple(children))
    head, rest = path[0], path[1:]
    children = list(root.children)
    children[head] = _with_children(children[head], rest, change)
    return replace(root, children=tuple(children))


def _set(root: _Node, path: TreePath, node: _Node) -> _Node:
    def put(children: list[_Node]) -> None:
        children[path[-1]] = node

    return _with_children(root, path[:-1], put)


def _insert(root: _Node, parent: TreePath, index: int, node: _Node) -> _Node:
    return _with_children(root, parent, lambda children: children.insert(index, node))


def _remove(root: _Node, path: TreePath) -> _Node:
    def take(children: list[_Node]) -> None:
        del children[path[-1]]

    return _with_children(root, path[:-1], take)


def _walk_paths(node: _Node) -> list[tuple[TreePath, _Node]]:
    """Every node below `node` with its path, in document order."""
    found: list[tuple[TreePath, _Node]] = []

    def visit(parent: _Node, path: TreePath) -> None:
        for index, child in enumerate(parent.children):
            here = (*path, index)
            found.append((here, child))
            if child.children:
                visit(child, here)

    visit(node, ())
    return found


def _uids(node: _Node) -> Iterator[int]:
    yield node.uid
    for child in node.children:
        yield from _uids(child)


def _height(node: _Node) -> int:
    return 1 + max((_height(child) for child in node.children), default=0)


def _labelled_count(node: _Node) -> int:
    return sum(child.labelled for child in node.children)


def _is_procedure(path: TreePath) -> bool:
    return path[0] >= FIXED_SECTIONS


@dataclass
class _Session:
    """Mutable state while one policy is drafted and revised; local to this module."""

    rng: random.Random
    policy: str
    sops: tuple[str, ...]
    root: _Node = field(default_factory=lambda: _Node(0, ""))
    next_uid: int = 1
    used_texts: set[str] = field(default_factory=set)
    touched: set[int] = field(default_factory=set)
    records: list[tuple[str, tuple[int, ...], tuple[int, ...], str]] = field(default_factory=list)
    splits: dict[int, tuple[int, ...]] = field(default_factory=dict)
    merges: dict[int, tuple[int, ...]] = field(default_factory=dict)
    replacements: list[TruthReplacement] = field(default_factory=list)
    used_replacements: set[str] = field(default_factory=set)

    def uid(self) -> int:
        self.next_uid += 1
        return self.next_uid - 1

    def fresh_text(self, make: Callable[[], str]) -> str:
        """A text no clause of this policy has had, so identical text means identical clause."""
        for _ in range(50):
            text = make()
            if text not in self.used_texts:
                break
        else:
            text = f"{make()[:-1]} (rev. {self.next_uid})."
        self.used_texts.add(text)
        return text

    def clause_text(self, sentences: int | None = None) -> str:
        count = sentences or self.rng.choice((1, 1, 2, 2, 3))
        return self.fresh_text(
            lambda: " ".join(generate_sentence(self.rng, self.sops) for _ in range(count)))

    def leaf(self) -> _Node:
        return _Node(self.uid(), self.clause_text())


# ── the first draft ─────────────────────────────────────────────────────────────────────────


def _depth_sequence(rng: random.Random, clauses: int) -> list[list[int]]:
    """Clause depths in document order, cut into procedure sections, like a writer's outline."""
    sections: list[list[int]] = []
    remaining = clauses
    while remaining > 0:
        top_limit = rng.randint(3, 9)
        depths: list[int] = []
        counts = [0] * (MAX_DEPTH + 2)
        depth = 1
        while remaining > 0:
            if depth == 1 and counts[1] == top_limit:
                break
            depths.append(depth)
            counts[depth] += 1
            counts[depth + 1] = 0
            remaining -= 1
            depth = _next_depth(rng, depth, counts)
        sections.append(depths)
    return sections


_DEEPER = {1: 0.45, 2: 0.3, 3: 0.15, 4: 0.0}
"""Chance that the next clause nests under the current one: real SOPs rarely reach `i.`."""


def _next_depth(rng: random.Random, depth: int, counts: list[int]) -> int:
    roll = rng.random()
    if roll < _DEEPER[depth]:
        return depth + 1
    if roll < _DEEPER[depth] + 0.45 and counts[depth] < MAX_SIBLINGS:
        return depth
    return rng.randint(1, depth - 1) if depth > 1 else 1


def _tree_from_depths(session: _Session, depths: list[int]) -> tuple[_Node, ...]:
    """Nest a depth sequence: each clause is the child of the nearest shallower one before it."""
    stack: list[tuple[int, list[_Node], _Node | None]] = [(0, [], None)]

    def close() -> None:
        _, children, node = stack.pop()
        assert node is not None
        # now and then a list ends in an unlabelled paragraph (`2-55-4.A.p1`)
        if len(children) > 1 and not children[-1].children and session.rng.random() < 0.05:
            children[-1] = replace(children[-1], labelled=False, sanction=None, pin=None)
        stack[-1][1].append(replace(node, children=tuple(children)))

    for depth in depths:
        while stack[-1][0] >= depth:
            close()
        stack.append((depth, [], _clause_node(session, depth)))
    while len(stack) > 1:
        close()
    return tuple(stack[0][1])


def _clause_node(session: _Session, depth: int) -> _Node:
    rng = session.rng
    if depth >= 3 and rng.random() < 0.3:
        text = session.fresh_text(lambda: f"{rng.choice(LIST_ITEMS)}"
                                          f"{rng.choice(('', ' and its effect', ' if known'))};")
    else:
        text = session.clause_text()
    sanction = rng.choice(SANCTIONS) if depth == 1 and rng.random() < 0.5 else None
    pin = f"{_slug(text)}-{session.next_uid}" if rng.random() < 0.02 else None
    return _Node(session.uid(), text, sanction=sanction, pin=pin)


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z]+", text.lower())[:3]) or "clause"


def _first_draft(session: _Session, title: str, clauses: int) -> tuple[_Node, list[Definition]]:
    rng = session.rng
    related = f" (See SOP {rng.choice(session.sops)}.)" if session.sops else ""
    topic = title.split(": ")[-1].lower()
    purpose = (f"The purpose of this policy is to establish guidelines for officers of the "
               f"Department regarding {topic}.{related}")
    policy = " ".join(generate_sentence(rng, session.sops) for _ in range(rng.randint(2, 4)))
    intro = "For a listing of definitions specific to this policy, refer to the terms below."
    fixed = [_Node(session.uid(), text, title=name) for name, text in
             (("Purpose", purpose), ("Policy", policy), ("Definitions", intro))]
    procedures: list[_Node] = []
    for depths in _depth_sequence(rng, clauses):
        name = _section_title(rng, {node.title for node in procedures})
        procedures.append(_Node(session.uid(), _section_intro(session),
                                _tree_from_depths(session, depths), title=name))
    root = _Node(0, "", tuple(fixed + procedures))
    root = _add_cross_references(session, root)
    terms = rng.sample(TERMS, rng.randint(2, 6))
    definitions = [
        Definition(term, text, 0, sanction=rng.choice((None, None, "6", "7")))
        for term, text in sorted(terms)
    ]
    return root, definitions


def _section_title(rng: random.Random, used: set[str]) -> str:
    """A title no other section of the policy has, so headings identify sections as in real
    SOPs; a policy with more sections than titles continues one (`Training, Part 2`)."""
    free = [title for title in SECTION_TITLES if title not in used]
    if free:
        return rng.choice(free)
    base, part = rng.choice(SECTION_TITLES), 2
    while f"{base}, Part {part}" in used:
        part += 1
    return f"{base}, Part {part}"


def _section_intro(session: _Session) -> str:
    return session.rng.choice(("", "", session.clause_text(1)))


def _add_cross_references(session: _Session, root: _Node) -> _Node:
    """Point a few clauses at other clauses by address, as real SOPs do (`See 9-01-4.B.2.`)."""
    addresses = _address_map(session.policy, root)
    clauses = [(path, node) for path, node in _walk_paths(root) if len(path) > 1]
    for path, node in clauses:
        if node.labelled and session.rng.random() < 0.03:
            target = addresses[session.rng.choice(clauses)[1].uid]
            if target != addresses[node.uid]:
                text = node.text.rstrip(";") + f" See {target}."
                session.used_texts.add(text)
                root = _set(root, path, replace(node, text=text))
    return root


# ── freezing a draft into a Version ─────────────────────────────────────────────────────────


def _roman(number: int) -> str:
    numerals = (("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))
    out = ""
    for numeral, value in numerals:
        while number >= value:
            out += numeral
            number -= value
    return out


def _letters(index: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[index % 26] * (index // 26 + 1)


LABEL_STYLES: dict[int, Callable[[int], str]] = {
    1: lambda index: _letters(index).upper(),
    2: lambda index: str(index + 1),
    3: _letters,
    4: lambda index: _roman(index + 1),
}
"""Label of the index-th (0-based) labelled clause at each depth: `A.` → `1.` → `a.` → `i.`"""


def _child_labels(node: _Node, depth: int) -> list[str | None]:
    labels: list[str | None] = []
    labelled = 0
    for child in node.children:
        labels.append(LABEL_STYLES[depth](labelled) if child.labelled else None)
        labelled += child.labelled
    return labels


def _child_addresses(parent: str, node: _Node, depth: int) -> Iterator[tuple[_Node, str, str | None]]:
    paragraphs = 0
    for child, label in zip(node.children, _child_labels(node, depth)):
        paragraphs += label is None
        yield child, child_address(parent, label, paragraphs), label


def _section_number(policy: str, index: int) -> str:
    return f"{policy}-{index + 1}"


def _freeze_clauses(parent: str, node: _Node, depth: int) -> tuple[Clause, ...]:
    return tuple(
        Clause(label=label, text=child.text, address=address, line=0,
               children=_freeze_clauses(address, child, depth + 1),
               sanction=child.sanction, id=child.pin)
        for child, address, label in _child_addresses(parent, node, depth)
    )


def _freeze(policy: str, root: _Node, definitions: Sequence[Definition]) -> tuple[
        tuple[Section, ...], tuple[Definition, ...]]:
    sections = tuple(
        Section(number=_section_number(policy, index), title=node.title, text=node.text, line=0,
                children=_freeze_clauses(_section_number(policy, index), node, 1))
        for index, node in enumerate(root.children)
    )
    where = _section_number(policy, 2)
    return sections, tuple(replace(d, section=where) for d in definitions)


@dataclass(frozen=True)
class _Place:
    """Where a uid sits in one frozen version."""

    address: str
    label: str | None
    parent: int
    depth: int
    text: tuple[str, str]
    order: int


def _places(policy: str, root: _Node) -> dict[int, _Place]:
    places: dict[int, _Place] = {}

    def visit(parent: str, node: _Node, depth: int) -> None:
        for child, address, label in _child_addresses(parent, node, depth):
            places[child.uid] = _Place(address, label, node.uid, depth, (child.title, child.text),
                                       len(places))
            visit(address, child, depth + 1)

    for index, section in enumerate(root.children):
        number = _section_number(policy, index)
        places[section.uid] = _Place(number, number, 0, 0, (section.title, section.text),
                                     len(places))
        visit(number, section, 1)
    return places


def _address_map(policy: str, root: _Node) -> dict[int, str]:
    return {uid: place.address for uid, place in _places(policy, root).items()}


# ── revising a draft ────────────────────────────────────────────────────────────────────────


Candidate = tuple[TreePath, _Node]


def _pick(session: _Session, candidates: Sequence[Candidate],
          accept: Callable[[Candidate], bool] = lambda _: True) -> Candidate | None:
    """A random candidate that `accept`s, or None: a few random tries, then a full search."""
    if not candidates:
        return None
    for _ in range(32):
        candidate = session.rng.choice(candidates)
        if accept(candidate):
            return candidate
    valid = [candidate for candidate in candidates if accept(candidate)]
    return session.rng.choice(valid) if valid else None


def _clause_paths(session: _Session, *, labelled: bool = True,
                  leaf: bool = False) -> list[Candidate]:
    """Untouched clauses an edit may pick (editing a clause twice would blur the truth)."""
    return [
        (path, node) for path, node in _walk_paths(session.root)
        if len(path) > 1 and node.uid not in session.touched
        and (node.labelled or not labelled) and not (leaf and node.children)
    ]


def _untouched_subtree(session: _Session, node: _Node) -> bool:
    return session.touched.isdisjoint(_uids(node))


def _sibling(root: _Node, path: TreePath, offset: int) -> _Node | None:
    index = path[-1] + offset
    siblings = _get(root, path[:-1]).children
    return siblings[index] if 0 <= index < len(siblings) else None


def _can_take_from(root: _Node, path: TreePath) -> bool:
    """Removing this clause leaves no unlabelled paragraph without a labelled sibling before it."""
    parent = _get(root, path[:-1])
    return _labelled_count(parent) > 1 or all(child.labelled for child in parent.children)


def _parents_at(session: _Session, depth: int, exclude: set[int]) -> list[Candidate]:
    """Labelled nodes that can take one more labelled child at `depth` (sections for depth 1)."""
    return [
        (path, node) for path, node in _walk_paths(session.root)
        if len(path) == depth and _is_procedure(path) and node.labelled
        and node.uid not in exclude and _labelled_count(node) < MAX_SIBLINGS
    ]


def _record(session: _Session, kind: str, old: Sequence[int], new: Sequence[int],
            note: str = "") -> bool:
    session.records.append((kind, tuple(old), tuple(new), note))
    session.touched.update(old)
    session.touched.update(new)
    return True


def _reword_text(rng: random.Random, text: str) -> tuple[str, str]:
    """Substitute a synonym, insert a phrase or delete a qualifier; returns (text, note)."""
    options: list[tuple[str, str]] = []
    for old, new in SYNONYMS:
        for a, b in ((old, new), (new, old)):
            if re.search(rf"\b{a}\b", text):
                options.append((re.sub(rf"\b{a}\b", b, text, count=1), f"{a!r} -> {b!r}"))
    for qualifier in QUALIFIERS:
        phrase = " " + qualifier.split("{")[0].rstrip()
        if phrase in text and "{" not in qualifier:
            options.append((text.replace(phrase, "", 1), f"deleted {phrase.strip()!r}"))
    phrase = rng.choice(INSERTABLE_PHRASES)
    end = len(text.rstrip(".;:"))
    options.append((text[:end] + phrase + text[end:], f"inserted {phrase.strip()!r}"))
    return rng.choice(options)


def _edit_reword(session: _Session) -> bool:
    picked = _pick(session, _clause_paths(session, labelled=False))
    if picked is None:
        return False
    path, node = picked
    text, notes = node.text, []
    for _ in range(session.rng.choice((1, 1, 2, 3))):
        text, note = _reword_text(session.rng, text)
        notes.append(note)
    if text == node.text or text in session.used_texts:
        return False
    session.used_texts.add(text)
    session.root = _set(session.root, path, replace(node, text=text))
    return _record(session, "reword", [node.uid], [node.uid], "; ".join(notes))


def _edit_insert(session: _Session) -> bool:
    depth = session.rng.choice((1, 1, 2, 2, 3, 4))
    picked = _pick(session, _parents_at(session, depth, exclude=set()))
    if picked is None:
        return False
    path, parent = picked
    node = session.leaf()
    if depth < MAX_DEPTH and session.rng.random() < 0.2:
        node = replace(node, children=(session.leaf(), session.leaf()))
    index = session.rng.randint(0, _labelled_count(parent))
    session.root = _insert(session.root, path, index, node)
    return _record(session, "insert", [], list(_uids(node)))


def _edit_delete(session: _Session) -> bool:
    picked = _pick(session, _clause_paths(session), lambda c: (
        sum(1 for _ in _uids(c[1])) <= 4 and _untouched_subtree(session, c[1])
        and _can_take_from(session.root, c[0])))
    if picked is None:
        return False
    path, node = picked
    session.root = _remove(session.root, path)
    return _record(session, "delete", list(_uids(node)), [])


def _edit_move(session: _Session) -> bool:
    """Move a clause (with its children) to another parent at the same depth."""
    picked = _pick(session, _clause_paths(session), lambda c: (
        _height(c[1]) <= 2 and _untouched_subtree(session, c[1])
        and _can_take_from(session.root, c[0])))
    if picked is None:
        return False
    path, node = picked
    old_parent = _get(session.root, path[:-1])
    target = _pick(session, _parents_at(session, len(path) - 1, set(_uids(node))),
                   lambda c: c[1].uid != old_parent.uid)
    if target is None:
        return False
    session.root = _remove(session.root, path)
    target_path = next(p for p, n in _walk_paths(session.root) if n.uid == target[1].uid)
    index = session.rng.randint(0, _labelled_count(_get(session.root, target_path)))
    note = ""
    if session.rng.random() < 0.3:  # a move often comes with a small rewording
        text, note = _reword_text(session.rng, node.text)
        if text not in session.used_texts:
            session.used_texts.add(text)
            node = replace(node, text=text)
    session.root = _insert(session.root, target_path, index, node)
    return _record(session, "move", [node.uid], [node.uid], note)


def _edit_swap(session: _Session) -> bool:
    """Swap two adjacent labelled siblings: both are renumbered."""
    def accept(candidate: Candidate) -> bool:
        after = _sibling(session.root, candidate[0], 1)
        return after is not None and after.labelled and after.uid not in session.touched

    picked = _pick(session, _clause_paths(session), accept)
    if picked is None:
        return False
    path, node = picked
    after = path[:-1] + (path[-1] + 1,)
    other = _get(session.root, after)
    session.root = _set(_set(session.root, path, other), after, node)
    return _record(session, "swap", [node.uid, other.uid], [node.uid, other.uid])


def _edit_promote(session: _Session) -> bool:
    """Lift a leaf one level: it follows its former parent."""
    picked = _pick(session, _clause_paths(session, leaf=True), lambda c: (
        len(c[0]) >= 3 and _can_take_from(session.root, c[0])
        and _labelled_count(_get(session.root, c[0][:-2])) < MAX_SIBLINGS))
    if picked is None:
        return False
    path, node = picked
    session.root = _remove(session.root, path)
    session.root = _insert(session.root, path[:-2], path[-2] + 1, node)
    return _record(session, "promote", [node.uid], [node.uid])


def _edit_demote(session: _Session) -> bool:
    """Push a leaf one level down: it becomes the last clause of its previous sibling."""
    def accept(candidate: Candidate) -> bool:
        before = _sibling(session.root, candidate[0], -1)
        return (len(candidate[0]) <= MAX_DEPTH and before is not None and before.labelled
                and _labelled_count(before) < MAX_SIBLINGS
                and _can_take_from(session.root, candidate[0]))

    picked = _pick(session, _clause_paths(session, leaf=True), accept)
    if picked is None:
        return False
    path, node = picked
    sibling_path = path[:-1] + (path[-1] - 1,)
    sibling = _get(session.root, sibling_path)
    session.root = _remove(session.root, path)
    session.root = _insert(session.root, sibling_path, _labelled_count(sibling), node)
    return _record(session, "demote", [node.uid], [node.uid])


_SENTENCE_BREAK = re.compile(r"(?<=\.) (?=[A-Z])")


def _edit_split(session: _Session) -> bool:
    """Split a clause of several sentences into two siblings."""
    picked = _pick(session, _clause_paths(session), lambda c: bool(
        _SENTENCE_BREAK.search(c[1].text)
        and _labelled_count(_get(session.root, c[0][:-1])) < MAX_SIBLINGS))
    if picked is None:
        return False
    path, node = picked
    sentences = _SENTENCE_BREAK.split(node.text)
    cut = session.rng.randint(1, len(sentences) - 1)
    first, second = " ".join(sentences[:cut]), " ".join(sentences[cut:])
    if first in session.used_texts or second in session.used_texts:
        return False
    session.used_texts.update((first, second))
    new = _Node(session.uid(), second)
    session.root = _set(session.root, path, replace(node, text=first))
    session.root = _insert(session.root, path[:-1], path[-1] + 1, new)
    session.splits[node.uid] = (node.uid, new.uid)
    return _record(session, "split", [node.uid], [node.uid, new.uid])


def _edit_merge(session: _Session) -> bool:
    """Merge a leaf into the labelled sibling before it."""
    def accept(candidate: Candidate) -> bool:
        before = _sibling(session.root, candidate[0], -1)
        return (before is not None and before.labelled and before.uid not in session.touched
                and _can_take_from(session.root, candidate[0]))

    picked = _pick(session, _clause_paths(session, leaf=True), accept)
    if picked is None:
        return False
    path, node = picked
    keep_path = path[:-1] + (path[-1] - 1,)
    keep = _get(session.root, keep_path)
    text = keep.text.rstrip(";") + ("" if keep.text.endswith(".") else ".") + " " + node.text
    if text in session.used_texts:
        return False
    session.used_texts.add(text)
    session.root = _remove(session.root, path)
    session.root = _set(session.root, keep_path, replace(keep, text=text))
    session.merges[keep.uid] = (keep.uid, node.uid)
    return _record(session, "merge", [keep.uid, node.uid], [keep.uid])


def _editorial_text(rng: random.Random, text: str) -> str:
    """Change only case or punctuation."""
    options = []
    if text.endswith(";"):
        options.append(text[:-1] + ".")
    if text.endswith("."):
        options.append(text[:-1] + ";")
    for condition in CONDITIONS:
        if condition in text:
            options.append(text.replace(condition, condition[:-1], 1))
    words = [m for m in re.finditer(r"\b[a-z]{4,}\b", text)]
    if words:
        word = rng.choice(words)
        options.append(text[: word.start()] + word.group().capitalize() + text[word.end():])
    return rng.choice(options) if options else text


def _edit_editorial(session: _Session) -> bool:
    picked = _pick(session, _clause_paths(session, labelled=False))
    if picked is None:
        return False
    path, node = picked
    text = _editorial_text(session.rng, node.text)
    if text == node.text or text in session.used_texts:
        return False
    session.used_texts.add(text)
    session.root = _set(session.root, path, replace(node, text=text))
    return _record(session, "editorial", [node.uid], [node.uid])


def _edit_retitle(session: _Session) -> bool:
    sections = [((index,), node) for index, node in enumerate(session.root.children)
                if _is_procedure((index,)) and node.uid not in session.touched]
    picked = _pick(session, sections)
    if picked is None:
        return False
    path, node = picked
    title = _section_title(session.rng, {section.title for section in session.root.children})
    session.root = _set(session.root, path, replace(node, title=title))
    return _record(session, "retitle", [node.uid], [node.uid], f"{node.title!r} -> {title!r}")


def _edit_add_section(session: _Session) -> bool:
    depths = _depth_sequence(session.rng, session.rng.randint(2, 6))[0]
    section = _Node(session.uid(), "", _tree_from_depths(session, depths),
                    title=_section_title(session.rng,
                                         {node.title for node in session.root.children}))
    session.root = _insert(session.root, (), len(session.root.children), section)
    return _record(session, "add-section", [], list(_uids(section)))


EDITS: dict[str, tuple[int, Callable[[_Session], bool]]] = {
    "reword": (30, _edit_reword),
    "insert": (12, _edit_insert),
    "delete": (10, _edit_delete),
    "move": (6, _edit_move),
    "swap": (4, _edit_swap),
    "promote": (4, _edit_promote),
    "demote": (4, _edit_demote),
    "split": (5, _edit_split),
    "merge": (5, _edit_merge),
    "editorial": (8, _edit_editorial),
    "retitle": (2, _edit_retitle),
    "add-section": (1, _edit_add_section),
}
"""Edit kinds, their relative frequency and the function that makes one (False: not possible)."""


def _replace_term(session: _Session) -> None:
    """Replace one term everywhere (sections, clauses), as a revision's systematic edit."""
    texts = [node.text for _, node in _walk_paths(session.root)]
    pairs = [(old, new) for old, new in TERM_REPLACEMENTS if old not in session.used_replacements
             and any(re.search(rf"\b{old}\b", text) for text in texts)]
    if not pairs:
        return
    old, new = session.rng.choice(pairs)
    session.used_replacements.add(old)
    pattern = re.compile(rf"\b{re.escape(old)}\b")
    count, changed = 0, []
    for path, node in _walk_paths(session.root):
        text, n = pattern.subn(new, node.text)
        if n:
            count += n
            changed.append(node.uid)
            session.used_texts.add(text)
            session.root = _set(session.root, path, replace(node, text=text))
    session.replacements.append(TruthReplacement(old, new, count, len(changed)))
    session.records.append(("replace-term", tuple(changed), tuple(changed), f"{old!r} -> {new!r}"))


def _revise(session: _Session, edits: int) -> None:
    """Apply `edits` random edits, then (usually) one term replacement."""
    session.touched, session.records, session.replacements = set(), [], []
    session.splits, session.merges = {}, {}
    kinds = list(EDITS)
    weights = [EDITS[kind][0] for kind in kinds]
    made = attempts = 0
    while made < edits and attempts < edits * 20:
        attempts += 1
        made += EDITS[session.rng.choices(kinds, weights)[0]][1](session)
    if session.rng.random() < 0.7:
        _replace_term(session)


# ── truth of a pair ─────────────────────────────────────────────────────────────────────────


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())


def _compare(old: _Place, new: _Place) -> TruthChange:
    """The op of one node present in both versions, judged on the node itself."""
    if old.depth != new.depth:
        op: ChangeOp = "reparented"
    elif old.parent != new.parent:
        op = "moved"
    elif old.label != new.label:
        op = "renumbered"
    elif old.text != new.text:
        op = "modified"
    else:
        op = "unchanged"
    return _change(op, [old], [new])


def _change(op: ChangeOp, old: Sequence[_Place], new: Sequence[_Place]) -> TruthChange:
    old_text = " ".join(" ".join(place.text) for place in old)
    new_text = " ".join(" ".join(place.text) for place in new)
    differ = old_text != new_text
    return TruthChange(
        op, tuple(p.address for p in old), tuple(p.address for p in new),
        text_changed=differ, editorial=differ and _normalise(old_text) == _normalise(new_text),
    )


def _truth_changes(session: _Session, old: dict[int, _Place],
                   new: dict[int, _Place]) -> tuple[TruthChange, ...]:
    """Every node of both versions in one change, ordered as the new document (removed ones
    after the nearest surviving node before them in the old document)."""
    consumed = {uid for group in session.splits.values() for uid in group[1:]}
    consumed |= {uid for group in session.merges.values() for uid in group[1:]}
    keyed: list[tuple[tuple[int, int, int], TruthChange]] = []
    last_new = -1
    for uid in sorted(old, key=lambda u: old[u].order):
        if uid in new:
            last_new = new[uid].order
        elif uid not in consumed:
            keyed.append(((last_new, 1, old[uid].order), _change("removed", [old[uid]], [])))
    for uid, place in new.items():
        key = (place.order, 0, 0)
        if uid in session.splits:
            parts = [new[part] for part in session.splits[uid]]
            keyed.append((key, _change("split", [old[uid]], parts)))
        elif uid in session.merges:
            parts = [old[part] for part in session.merges[uid]]
            keyed.append((key, _change("merged", parts, [place])))
        elif uid in consumed:
            continue
        elif uid in old:
            keyed.append((key, _compare(old[uid], place)))
        else:
            keyed.append((key, _change("added", [], [place])))
    return tuple(change for _, change in sorted(keyed, key=lambda item: item[0]))


def _truth(session: _Session, old_root: _Node, old_name: str, new_name: str) -> Truth:
    old = _places(session.policy, old_root)
    new = _places(session.policy, session.root)
    edits = tuple(
        TruthEdit(kind, tuple(old[u].address for u in olds if u in old),
                  tuple(new[u].address for u in news if u in new), note)
        for kind, olds, news, note in session.records
    )
    return Truth(session.policy, old_name, new_name, edits,
                 _truth_changes(session, old, new), tuple(session.replacements))


# ── whole policies and manuals ──────────────────────────────────────────────────────────────


def _policy_ids(count: int) -> list[str]:
    """`1-01`, `1-02`, … forty policies to a chapter, like a department's SOP numbering."""
    return [f"{index // 40 + 1}-{index % 40 + 1:02d}" for index in range(count)]


def _policy_titles(rng: random.Random, count: int) -> list[str]:
    titles = [f"{area}: {topic}" for area in TOPIC_AREAS for topic in TOPICS]
    rng.shuffle(titles)
    return [titles[i % len(titles)] + (f" (Part {i // len(titles) + 1})" if i >= len(titles)
                                       else "") for i in range(count)]


def _dates(rng: random.Random, versions: int) -> list[str]:
    year = rng.randint(2008, 2014)
    dates = []
    for _ in range(versions):
        dates.append(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        year += rng.randint(1, 3)
    return dates


def _meta(rng: random.Random, policy: str, catalogue: dict[str, str], revision: int) -> Meta:
    others = [pid for pid in catalogue if pid != policy]
    related = sorted(rng.sample(others, min(len(others), rng.randint(2, 5))))
    forms = tuple(Reference(f"PD {rng.randint(100, 999)}", title)
                  for title in rng.sample(FORMS, rng.randint(0, 2)))
    rescinds: tuple[Reference, ...] = ()
    if revision > 0 and rng.random() < 0.3:
        order = f"SO {rng.randint(10, 25)}-{rng.randint(1, 99):02d}"
        rescinds = (Reference(order, f"Amendment to SOP {policy} {catalogue[policy]}"),)
    return Meta(related=tuple(Reference(pid, catalogue[pid]) for pid in related),
                forms=forms, rescinds=rescinds)


def _version(session: _Session, name: str, title: str, status: str, effective: str,
             supersedes: str | None, meta: Meta, definitions: Sequence[Definition],
             seed: int) -> Version:
    sections, defs = _freeze(session.policy, session.root, definitions)
    return Version(
        policy=session.policy, version=name, title=title,
        status="effective" if status == "effective" else "superseded",
        effective=effective, supersedes=supersedes, meta=meta, definitions=defs,
        sections=sections, notes=f"Synthetic policy from benchmarks/generate.py, seed {seed}.",
    )


def generate_policy(policy: str, title: str, versions: int, seed: int, clauses: int,
                    catalogue: dict[str, str] | None = None,
                    edit_rate: float = 0.08, used_texts: set[str] | None = None) -> GeneratedPolicy:
    """One policy with `versions` versions, its first holding exactly `clauses` clauses.

    `catalogue` maps the other policies' ids to titles, for related SOPs and references.
    Each revision makes about `edit_rate * clauses` edits (at least four). `used_texts`,
    when given, holds texts no clause may take and receives this policy's (pieces of one
    big pair share it, so identical text still means the same clause).
    """
    catalogue = dict(catalogue or {}) | {policy: title}
    rng = random.Random(f"{seed}:{policy}")
    sops = tuple(pid for pid in catalogue if pid != policy)
    session = _Session(rng, policy, tuple(rng.sample(sops, min(len(sops), 5))))
    if used_texts is not None:
        session.used_texts = used_texts
    session.root, definitions = _first_draft(session, title, clauses)
    dates = _dates(rng, versions)
    names = [date[:4] for date in dates]
    out: list[Version] = []
    truths: list[Truth] = []
    meta = _meta(rng, policy, catalogue, 0)
    for index, name in enumerate(names):
        if index:
            old_root = session.root
            _revise(session, max(4, round(edit_rate * clauses)))
            truths.append(_truth(session, old_root, names[index - 1], name))
            meta = _meta(rng, policy, catalogue, index)
        status = "effective" if index == versions - 1 else "superseded"
        supersedes = names[index - 1] if index else None
        out.append(_version(session, name, title, status, dates[index], supersedes, meta,
                            definitions, seed))
    return GeneratedPolicy(policy, tuple(_with_lines(v) for v in out), tuple(truths))


def generate_manual(policies: int, versions: int, seed: int = 0,
                    clauses_per_policy: int = 60) -> GeneratedManual:
    """A manual of `policies` policies, each with `versions` versions; deterministic for a seed.

    Policy ids are `1-01` … `1-40`, `2-01` …; version names are the years they took effect.
    """
    if policies < 1 or versions < 1 or clauses_per_policy < 1:
        raise ValueError("policies, versions and clauses_per_policy must each be at least 1")
    ids = _policy_ids(policies)
    catalogue = dict(zip(ids, _policy_titles(random.Random(seed), policies)))
    return GeneratedManual(seed, tuple(
        generate_policy(pid, catalogue[pid], versions, seed, clauses_per_policy, catalogue)
        for pid in ids
    ))


# ── one big pair, in linear time ────────────────────────────────────────────────────────────

PAIR_CHUNK = 5_000
"""Clauses per independently generated piece of a big pair (see generate_pair)."""


@dataclass(frozen=True)
class GeneratedPair:
    """Two versions of one policy and the truth of their changes (`unchanged` left out)."""

    old: Version
    new: Version
    changes: tuple[TruthChange, ...]


def generate_pair(policy: str, title: str, seed: int, clauses: int,
                  chunk: int = PAIR_CHUNK) -> GeneratedPair:
    """Two versions of one policy whose first holds `clauses` clauses, in time linear in size.

    Revising one draft costs time quadratic in its size (each edit picks among all clauses),
    so a pair above `chunk` clauses is pieces of `chunk` clauses generated independently
    (seeds `seed`, `seed + 1_000_003`, ...; no text used twice) and joined: the first piece
    whole, then each later piece's procedure sections, renumbered to follow on, with its
    pinned ids made fresh and its truth moved to the new addresses. Up to `chunk` clauses the pair is
    exactly `generate_policy`'s.
    """
    return join_pieces(pair_pieces(policy, title, seed, clauses, chunk))


def pair_pieces(policy: str, title: str, seed: int, clauses: int,
                chunk: int = PAIR_CHUNK) -> list[GeneratedPolicy]:
    """The independently generated pieces `generate_pair` joins, each a two-version policy of
    its own (at most `chunk` clauses). Each piece is also a fair pair to diff alone: the
    benchmark times a big pair's pieces one by one to know what the big pair would cost if the
    diff were exactly linear."""
    sizes = [min(chunk, clauses - start) for start in range(0, clauses, chunk)]
    used: set[str] = set()
    return [generate_policy(policy, title, 2, seed + 1_000_003 * index, size, used_texts=used)
            for index, size in enumerate(sizes)]


def join_pieces(pieces: Sequence[GeneratedPolicy]) -> GeneratedPair:
    """One pair of `pieces`: the first whole, each later one's procedure sections renumbered
    to follow on (see generate_pair)."""
    old, new = pieces[0].versions
    changes = [c for c in pieces[0].truths[0].changes if c.op != "unchanged"]
    for index, piece in enumerate(pieces[1:], start=1):
        old_sections, old_moves = _renumbered(piece.versions[0], len(old.sections), index)
        new_sections, new_moves = _renumbered(piece.versions[1], len(new.sections), index)
        old = replace(old, sections=old.sections + old_sections)
        new = replace(new, sections=new.sections + new_sections)
        moved = [
            _relabelled(replace(c, old=tuple(old_moves[a] for a in c.old),
                                new=tuple(new_moves[a] for a in c.new)))
            for c in piece.truths[0].changes
            if all(a in old_moves for a in c.old) and all(a in new_moves for a in c.new)
        ]
        changes += [c for c in moved if c.op != "unchanged"]
    return GeneratedPair(_with_lines(old), _with_lines(new), tuple(changes))


def _relabelled(change: TruthChange) -> TruthChange:
    """A section's op judged again on its joined numbers: when the pieces before it gained or
    lost sections, its number differs between the versions although it did not within its
    piece (and the other way round)."""
    if len(change.old) != 1 or len(change.new) != 1 or "." in change.old[0] + change.new[0]:
        return change  # a clause: its label, parent and depth are its piece's
    if change.op not in ("unchanged", "modified", "renumbered"):
        return change
    if change.old != change.new:
        return replace(change, op="renumbered")
    return replace(change, op="modified" if change.text_changed else "unchanged")


def _renumbered(version: Version, before: int, piece: int) -> tuple[
        tuple[Section, ...], dict[str, str]]:
    """A piece's procedure sections numbered on from `before` sections, and old -> new address."""
    moves: dict[str, str] = {}
    sections = []
    for offset, section in enumerate(version.sections[FIXED_SECTIONS:]):
        number = _section_number(version.policy, before + offset)
        moves[section.number] = number
        children = _readdressed(section.children, section.number, number, piece, moves)
        sections.append(replace(section, number=number, address=number, children=children))
    return tuple(sections), moves


def _readdressed(clauses: tuple[Clause, ...], old: str, new: str, piece: int,
                 moves: dict[str, str]) -> tuple[Clause, ...]:
    out = []
    for clause in clauses:
        address = new + clause.address[len(old):]
        moves[clause.address] = address
        out.append(replace(clause, address=address, id=clause.id and f"{clause.id}-p{piece}",
                           children=_readdressed(clause.children, old, new, piece, moves)))
    return tuple(out)


# ── writing ─────────────────────────────────────────────────────────────────────────────────


def _with_lines(version: Version) -> Version:
    """The version with every node's `line` set to where `write_markdown` puts it."""
    return assign_lines(version, write_markdown(version))


_HEADING = re.compile(r"^## ")
_BULLET = re.compile(r"^\s*- ")


def assign_lines(version: Version, markdown: str) -> Version:
    """Set lines from the markdown of this very version: headings are sections, bullets are
    definitions (in the section that defines terms) or clauses, in document order."""
    groups: list[tuple[int, list[int]]] = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        if _HEADING.match(line):
            groups.append((number, []))
        elif _BULLET.match(line) and groups:
            groups[-1][1].append(number)
    sections: list[Section] = []
    definitions: list[Definition] = []
    for section, (heading, bullets) in zip(version.sections, groups):
        lines = iter(bullets)
        definitions += [replace(d, line=next(lines)) for d in version.definitions
                        if d.section == section.number]
        children = _numbered(section.children, lines)
        sections.append(replace(section, line=heading, children=children))
    return replace(version, sections=tuple(sections), definitions=tuple(definitions))


def _numbered(clauses: tuple[Clause, ...], lines: Iterator[int]) -> tuple[Clause, ...]:
    out = []
    for clause in clauses:
        line = next(lines)
        out.append(replace(clause, line=line, children=_numbered(clause.children, lines)))
    return tuple(out)


def truth_filename(truth: Truth) -> str:
    """`truth-<old>-<new>.json`."""
    return f"truth-{truth.old}-{truth.new}.json"


def write_manual(manual: GeneratedManual, root: Path, truth_root: Path | None = None) -> None:
    """Write `root/<id>/<version>.md` for every version and the truth of each pair as
    `<truth_root or root>/<id>/truth-<old>-<new>.json`."""
    for policy in manual.policies:
        folder = root / policy.id
        folder.mkdir(parents=True, exist_ok=True)
        for version in policy.versions:
            (folder / f"{version.version}.md").write_text(write_markdown(version),
                                                          encoding="utf-8")
        truth_folder = (truth_root or root) / policy.id
        truth_folder.mkdir(parents=True, exist_ok=True)
        for truth in policy.truths:
            (truth_folder / truth_filename(truth)).write_text(
                json.dumps(truth.to_json(), indent=1) + "\n", encoding="utf-8")


def count_clauses(version: Version) -> int:
    """Clauses (not sections) of a version."""
    return sum(isinstance(node, Clause) for node in walk_version(version))


def write_project(folder: Path, policies: int, versions: int, clauses: int) -> Path:
    """A project folder with this repository's mkdocs.yml and site/ pages and a generated
    policies/ (seed 0); its mkdocs.yml. Made anew each call."""
    root = Path(__file__).resolve().parent.parent
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy(root / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(root / "site", folder / "site")
    manual = generate_manual(policies, versions, seed=0, clauses_per_policy=clauses)
    write_manual(manual, folder / "policies", truth_root=folder / "truth")
    return folder / "mkdocs.yml"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic policy manual and the truth of each revision.",
        epilog="example: python benchmarks/generate.py --policies 50 --versions 3 -o /tmp/manual",
    )
    parser.add_argument("--policies", type=int, default=10)
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--clauses", type=int, default=60, help="clauses in each first version")
    parser.add_argument("-o", "--output", type=Path, required=True, help="policies folder")
    parser.add_argument("--truth", type=Path, default=None,
                        help="folder for truth-*.json (default: beside the policies)")
    args = parser.parse_args(argv)
    manual = generate_manual(args.policies, args.versions, args.seed, args.clauses)
    write_manual(manual, args.output, args.truth)
    clauses = sum(count_clauses(v) for v in manual.versions())
    print(f"wrote {args.policies} policies x {args.versions} versions "
          f"({clauses} clauses) to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
