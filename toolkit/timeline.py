"""Which text was in force, when: a policy's states over time, and where each stands today.

    versions (supersedes order) + amendments --policy_states--> states, oldest first
    states + a day --state_on / standing--> the text in force that day, and how each stands

A state is a Version: a version file as written (kind `version`), or a version as
the amendments in force left it (kind `amended`, named after the latest amendment).
A state is in force from its `effective` date until the next state's, so two
states are never in force on the same day; drafts are never in force. Whether a
version is superseded is derived from the dates and the supersedes chain, never
taken from its `status` (see site/authoring.md, "Dates and status").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Literal

from toolkit.amendment import apply_amendments
from toolkit.model import Amendment, Policy, Version

Standing = Literal["draft", "future", "in force", "replaced", "rescinded"]
"""How a state stands on a given day."""
UNKNOWN = "date not recorded"


def today_iso() -> str:
    """Today as `YYYY-MM-DD` (the site and check judge standing as of the day they run)."""
    return date.today().isoformat()


def is_approved(version: Version) -> bool:
    """A version that was (or will be) in force: anything but a draft."""
    return version.status != "draft"


def amendments_of(policy: Policy, version: str) -> list[Amendment]:
    """The amendments of one version, in the order they took effect (undated last, by name)."""
    found = [a for a in policy.amendments if a.amends == version]
    return sorted(found, key=lambda a: (a.effective is None, a.effective or "", a.name))


def policy_states(policy: Policy) -> tuple[Version, ...]:
    """Every state of the text, oldest first, with `in_force_until` and `replaced_by` filled in.

    Each approved version is followed by one state per amendment of it (the version as
    all its amendments so far left it); the next version ends them (its `rescinds`
    names them). Drafts are not states. Raises LibraryError for an amendment that names
    an address its version lacks, or two that change the same part.
    """
    states: list[Version] = []
    for version in (v for v in policy.versions if is_approved(v)):
        states.append(version)
        applied: list[Amendment] = []
        for amendment in amendments_of(policy, version.version):
            applied.append(amendment)
            states.append(apply_amendments(version, applied))
    return _linked(states)


def _linked(states: list[Version]) -> tuple[Version, ...]:
    linked: list[Version] = []
    for index, state in enumerate(states):
        following = states[index + 1] if index + 1 < len(states) else None
        linked.append(replace(
            state,
            in_force_until=following.effective if following else None,
            replaced_by=following.version if following else None,
        ))
    return tuple(linked)


def with_timeline(policy: Policy) -> Policy:
    """The policy with each version's `in_force_until` and `replaced_by` filled in."""
    states = {state.version: state for state in policy_states(policy)}
    versions = tuple(
        replace(v, in_force_until=states[v.version].in_force_until,
                replaced_by=states[v.version].replaced_by) if v.version in states else v
        for v in policy.versions
    )
    return replace(policy, versions=versions)


def current_state(states: tuple[Version, ...], today: str | None = None) -> Version | None:
    """The state in force on `today` (default: today): the last one whose date has come.

    A state with no recorded date counts as begun: its order is known, its day is not.
    None when every state takes effect later.
    """
    day = today or today_iso()
    begun = [s for s in states if s.effective is None or s.effective <= day]
    return begun[-1] if begun else None


def state_on(states: tuple[Version, ...], day: str) -> Version | None:
    """The state in force on `day`, or None when none was (yet) or the record cannot say.

    With a state's date unknown, the days around it cannot be placed: None.
    """
    found: Version | None = None
    for state in states:
        if state.effective is None:
            return None
        if state.effective <= day:
            found = state
    return found


def standing(state: Version, states: tuple[Version, ...], today: str | None = None) -> Standing:
    """How `state` stands on `today`: draft, future, in force, replaced or rescinded."""
    day = today or today_iso()
    if not is_approved(state):
        return "draft"
    if state.status == "rescinded":
        return "rescinded"
    if state.effective is not None and state.effective > day:
        return "future"
    current = current_state(states, day)
    if current is not None and current.version == state.version:
        return "in force"
    return "replaced"


def describe_standing(
    state: Version, states: tuple[Version, ...], today: str | None = None,
    names: dict[str, str] | None = None,
) -> str:
    """The one-line status a page shows: `In force since 2023-05-01.`, `Takes effect on …`.

    `names` gives each state's display name (`version 2030`, `SO 21-58`) by its name.
    """
    day = today or today_iso()
    kind = standing(state, states, day)
    label = names or {}
    following = _following(state, states)
    next_name = label.get(following.version, following.version) if following else None
    since = f"since {state.effective}" if state.effective else f"({UNKNOWN})"
    if kind == "draft":
        return "Draft: not in force."
    if kind == "rescinded":
        return "Rescinded: no longer in force."
    if kind == "future":
        return f"Takes effect on {state.effective}."
    if kind == "in force":
        text = f"In force {since}."
        if following is not None and following.effective and following.effective > day:
            text += f" {_capital(next_name or '')} replaces it on {following.effective}."
        return text
    return f"No longer in force: {_span(state.effective, following, next_name or '')}"


def _span(start: str | None, following: Version | None, next_name: str) -> str:
    """`in force from A until B, replaced by X.`, saying plainly which dates are unknown."""
    until = following.effective if following else None
    if start and until:
        return f"in force from {start} until {until}, replaced by {next_name}."
    if until:
        return f"replaced by {next_name} on {until} (start date not recorded)."
    if start:
        return f"in force from {start}, replaced by {next_name} ({UNKNOWN})."
    return f"replaced by {next_name} (dates not recorded)."


def _following(state: Version, states: tuple[Version, ...]) -> Version | None:
    names = [s.version for s in states]
    if state.version not in names:
        return None
    index = names.index(state.version)
    return states[index + 1] if index + 1 < len(states) else None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
