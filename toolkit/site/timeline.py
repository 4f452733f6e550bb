"""Time on the site: which text was in force when, on every page that shows a policy.

    Policy --publish--> PublishedPolicy (its states: versions and amended versions, then drafts)
    PublishedPolicy --> status banners, version-nav labels, renumbering notes, cite text,
                        the history page with its date picker (assets/point-in-time.js)

A state's status is derived from the dates and the supersedes chain on the day the
site is built (`toolkit.timeline`); no page repeats a version's written `status`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from toolkit.errors import BuildError
from toolkit.model import ChangeSet, Policy, Version
from toolkit.render.inline import render_paragraphs
from toolkit.render.policy_html import element
from toolkit.site import urls as paths
from toolkit.site.urls import Urls
from toolkit.timeline import (
    UNKNOWN,
    current_state,
    describe_standing,
    is_approved,
    policy_states,
    standing,
    today_iso,
)

Compare = Callable[[Version, Version], ChangeSet]
STANDING_CLASSES = {
    "draft": "pk-status-draft",
    "future": "pk-status-draft pk-status-future",
    "in force": "pk-status-effective",
    "replaced": "pk-status-superseded",
    "rescinded": "pk-status-rescinded",
}
"""CSS classes of each standing (the status colours the stylesheet already has)."""


@dataclass(frozen=True)
class PublishedPolicy(Policy):
    """A policy as the site shows it on one day: its states in order, then its drafts."""

    states: tuple[Version, ...] = ()
    """Every state in force at some time, oldest first (versions and amended versions)."""
    today: str = ""
    """The day standing is judged on (`YYYY-MM-DD`)."""

    @property
    def current(self) -> Version:
        """The state in force today; else the first state; else the newest draft."""
        found = current_state(self.states, self.today)
        return found or (self.states[0] if self.states else self.versions[-1])


def publish(policy: Policy, today: str | None = None) -> PublishedPolicy:
    """The policy with its amended states among its versions, judged on `today`."""
    if isinstance(policy, PublishedPolicy):
        return policy
    _refuse_shared_names(policy)
    states = policy_states(policy)
    drafts = tuple(v for v in policy.versions if not is_approved(v))
    return PublishedPolicy(id=policy.id, versions=states + drafts, amendments=policy.amendments,
                           states=states, today=today or today_iso())


def _refuse_shared_names(policy: Policy) -> None:
    """An amendment named like a version would publish two texts at one permanent address."""
    names_ = {version.version for version in policy.versions}
    for amendment in policy.amendments:
        if amendment.name in names_:
            raise BuildError(f'amendment "{amendment.name}" has the name of a version of policy '
                             f"{policy.id}; name the amendment after its order", amendment.source, 1)


# --- names and standing ---------------------------------------------------------------------


def base_of(policy: Policy, state: Version) -> str:
    """The version an amended state is built on (a version's own name otherwise)."""
    for amendment in policy.amendments:
        if state.amended_by and amendment.name == state.amended_by[0]:
            return amendment.amends
    return state.version


def order_numbers(policy: Policy, state: Version) -> list[str]:
    """The cited numbers (`SO 21-58`) of the amendments in an amended state."""
    numbers = {a.name: a.number for a in policy.amendments}
    return [numbers.get(name, name) for name in state.amended_by]


def display_name(policy: Policy, state: Version) -> str:
    """`version revised`, or `version original as amended by SO 21-58`."""
    if state.kind == "amended":
        return f"version {base_of(policy, state)} as amended by {', '.join(order_numbers(policy, state))}"
    return f"version {state.version}"


def names(policy: Policy) -> dict[str, str]:
    return {state.version: display_name(policy, state) for state in publish(policy).versions}


def states_of(policy: Policy) -> tuple[Version, ...]:
    return publish(policy).states


def standing_text(policy: Policy, state: Version) -> str:
    """The one-line status of a state on the site's day (`Takes effect on 2099-01-01.`)."""
    published = publish(policy)
    return describe_standing(state, published.states, published.today, names(published))


def short_standing(policy: Policy, state: Version) -> str:
    """A few words for lists: `in force`, `replaced`, `takes effect 2099-01-01`, `draft`."""
    published = publish(policy)
    kind = standing(state, published.states, published.today)
    return f"takes effect {state.effective}" if kind == "future" else kind


def status_banner(policy: Policy, state: Version, link: Callable[[str], str]) -> etree._Element:
    """The banner under a page's title; `link(name)` is the URL of a state's page.

    The text in force says what replaces it and when; a future text says what is in
    force until then.
    """
    published = publish(policy)
    kind = standing(state, published.states, published.today)
    banner = element("p", {"class": f"pk-status {STANDING_CLASSES[kind]}", "role": "note",
                           "data-standing": kind}, standing_text(policy, state))
    if kind == "future":
        current = published.current
        if current.version != state.version and is_approved(current):
            banner.append(element("span", None, " Until then, ",
                                  element("a", {"href": link(current.version)},
                                          display_name(policy, current)),
                                  " is in force."))
    following = _after(published.states, state)
    if kind == "in force" and following is not None:
        banner.append(element("span", None, " ",
                              element("a", {"href": link(following.version)},
                                      f"Read {display_name(policy, following)}"), "."))
    return banner


def _after(states: tuple[Version, ...], state: Version) -> Version | None:
    names_ = [s.version for s in states]
    if state.version not in names_:
        return None
    index = names_.index(state.version)
    return states[index + 1] if index + 1 < len(states) else None


def _before(states: tuple[Version, ...], state: Version) -> Version | None:
    names_ = [s.version for s in states]
    if state.version not in names_:
        return None
    index = names_.index(state.version)
    return states[index - 1] if index > 0 else None


def set_status(body: etree._Element, policy: Policy, state: Version,
               link: Callable[[str], str]) -> None:
    """Put the derived status in a rendered version: the banner and the header's Status row."""
    old = body.find("p[@role='note']")
    banner = status_banner(policy, state, link)
    if old is not None:
        old.addprevious(banner)
        body.remove(old)
    for term in body.iter("dt"):
        value = term.getnext()
        if value is None:
            continue
        if term.text == "Status":
            value.text = short_standing(policy, state)
        elif term.text == "Effective" and state.replaced_by:
            value.text = f"{value.text}; in force until {state.in_force_until or UNKNOWN}"


# --- cite this version ------------------------------------------------------------------------


def cite_text(policy: Policy, state: Version) -> str:
    """How to cite the state, without its URL (the page adds its permanent address)."""
    start, until = state.effective, state.in_force_until
    if not is_approved(state):
        span = "draft, not in force"
    elif start and (until or not state.replaced_by):
        span = f"in force from {start}" + (f" until {until}" if until else "")
    elif start:
        span = f"in force from {start} until a date not recorded"
    elif until:
        span = f"in force until {until} (start date not recorded)"
    else:
        span = "dates in force not recorded"
    return f"SOP {policy.id} {state.title}, {display_name(policy, state)}, {span}."


def cite_box(policy: Policy, state: Version, permanent: str) -> etree._Element:
    """`Cite this version`: the citation and the state's permanent address (made absolute by
    the page's script, so a copy from a server or a folder names itself)."""
    address = element("a", {"class": "pk-cite-url", "href": permanent}, permanent)
    # A div, not an aside: a history page holds one per state, and landmarks must differ.
    return element("div", {"class": "pk-cite", "data-search-exclude": ""},
                   element("p", {"class": "pk-cite-title"}, "Cite this version"),
                   element("p", {"class": "pk-cite-text"},
                           cite_text(policy, state), " ", address))


# --- renumbered clauses ---------------------------------------------------------------------


def renumbering(changes: ChangeSet) -> Iterator[tuple[str, str, str]]:
    """(old address, new address, relation) of each clause whose address changed.

    relation is `renumbered`, `split` (old part of new) or `merged` (old now part of new).
    """
    for change in changes.changes:
        if change.op in ("added", "removed", "unchanged") and change.old == change.new:
            continue
        if len(change.old) == 1 and len(change.new) == 1:
            if change.old[0] != change.new[0]:
                yield change.old[0], change.new[0], "renumbered"
        elif len(change.old) == 1:
            for new in change.new:
                if new != change.old[0]:
                    yield change.old[0], new, "split"
        else:
            for old in change.old:
                if change.new and old != change.new[0]:
                    yield old, change.new[0], "merged"


def mark_renumbered(body: etree._Element, policy: Policy, state: Version, compare: Compare,
                    link: Callable[[str, str], str]) -> None:
    """Note `formerly 2-55-4.E` / `now 2-55-4.I` on clauses the neighbouring states renumber.

    `link(state name, address)` is the URL of a clause on another state's page.
    """
    states = publish(policy).states
    before, after = _before(states, state), _after(states, state)
    ids: dict[str, etree._Element] = {}  # one walk for every note (an XPath query walked once each)
    for node in body.iterdescendants(etree.Element):
        ids.setdefault(str(node.get("id", "")), node)
    if before is not None:
        for old, new, relation in renumbering(compare(before, state)):
            words = {"split": "formerly part of", "merged": "takes in the former"}.get(
                relation, "formerly")
            _note(ids, new, words, old, display_name(policy, before), link(before.version, old))
    if after is not None:
        for old, new, relation in renumbering(compare(state, after)):
            words = {"split": "part of it is now", "merged": "now part of"}.get(relation, "now")
            _note(ids, old, words, new, display_name(policy, after), link(after.version, new))


def _note(ids: dict[str, etree._Element], address: str, words: str, other: str, where: str,
          url: str) -> None:
    target = ids.get(address)
    if target is None or not address:
        return
    item = target.getparent() if target.tag.startswith("h") and target.tag != "h2" else target
    if item is None:
        return
    note = element("p", {"class": "pk-renumbered", "data-search-exclude": ""},
                   f"{words[:1].upper()}{words[1:]} ", element("a", {"href": url}, other),
                   f" ({where}).")
    heading = item.find("p")
    if heading is not None:
        heading.addnext(note)
    else:
        item.append(note)


# --- the history page -------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLinks:
    """URLs the history page needs, relative to it."""

    state: Callable[[str], str]
    """State name -> its permanent page."""
    redline: Callable[[str, str], str | None]
    """(old, new) state names -> their redline page, None when the site has none."""
    feed: str
    bulletin: str
    current: str


def history_body(policy: Policy, links: HistoryLinks) -> etree._Element:
    """Every state oldest first, with dates, cause, redlines, citation; the date picker first."""
    published = publish(policy)
    title = published.current.title
    timeline = element("ol", {"class": "pk-timeline"})
    for state in published.states:
        timeline.append(_history_entry(published, state, links))
    body = element(
        "div", {"class": "pk-history"},
        element("h1", {"id": "top"}, f"SOP {policy.id} {title}: history"),
        element("p", None, "Every text of this policy that has been in force, oldest first: "
                "when each took effect, what caused it, and what it changed. ",
                element("a", {"href": links.current}, "Read the text in force now"), ". ",
                element("a", {"href": links.bulletin}, "Changes since a date"), " · ",
                element("a", {"href": links.feed, "type": "application/atom+xml"},
                        "Atom feed of new versions and amendments"), "."),
        date_picker(published),
        timeline,
    )
    drafts = [v for v in published.versions if not is_approved(v)]
    if drafts:
        body.append(element("h2", {"id": "drafts"}, "Drafts (not in force)"))
        listing = element("ul", {"class": "pk-drafts"})
        for draft in drafts:
            listing.append(element("li", None, element("a", {"href": links.state(draft.version)},
                                                       f"Draft {draft.version}")))
        body.append(listing)
    return body


def date_picker(policy: PublishedPolicy) -> etree._Element:
    """A date field; assets/point-in-time.js names the state in force that day from the
    timeline's `data-from` / `data-until` (no server, no fetch: it works from file://)."""
    field_id = f"pk-date-{policy.id}"
    return element(
        "form", {"class": "pk-point-in-time", "data-search-exclude": "",
                 "data-today": policy.today},
        element("label", {"for": field_id}, "Show the text in force on "),
        element("input", {"type": "date", "id": field_id, "name": "date"}),
        " ",
        element("button", {"type": "submit"}, "Open it"),
        element("p", {"class": "pk-in-force-result", "aria-live": "polite"},
                "Pick a date to see which text was in force that day."),
    )


def _history_entry(policy: PublishedPolicy, state: Version, links: HistoryLinks) -> etree._Element:
    current = policy.current
    entry = element("li", {"id": f"state-{state.version}", "data-state": state.version,
                           "data-from": state.effective or "",
                           "data-until": state.in_force_until or "",
                           "data-name": display_name(policy, state),
                           "data-href": links.state(state.version)},
                    element("h2", None,
                            element("a", {"href": links.state(state.version)},
                                    _capital(display_name(policy, state))),
                            " (in force now)" if state is current and is_approved(state) else None))
    kind = standing(state, policy.states, policy.today)
    entry.append(element("p", {"class": f"pk-facts pk-status {STANDING_CLASSES[kind]}"},
                         standing_text(policy, state)))
    entry.append(_cause(policy, state))
    if state.notes:
        render_paragraphs(state.notes, entry)
    entry.append(_redline_links(policy, state, links))
    entry.append(cite_box(policy, state, links.state(state.version)))
    return entry


def _cause(policy: Policy, state: Version) -> etree._Element:
    """What made this state: a new version (and what it rescinds), or an order."""
    facts = element("p", {"class": "pk-cause"})
    if state.kind == "amended":
        amendment = next(a for a in policy.amendments if a.name == state.amended_by[-1])
        facts.text = (f"Caused by {amendment.number} {amendment.title}, which amends version "
                      f"{amendment.amends}; effective {amendment.effective or UNKNOWN}.")
        return facts
    parts = [f"Caused by version {state.version}"]
    if state.supersedes:
        parts.append(f"which supersedes version {state.supersedes}")
    if state.amends:
        parts.append(f"amends {', '.join(state.amends)}")
    facts.text = ", ".join(parts) + f"; effective {state.effective or UNKNOWN}."
    for order in state.meta.rescinds:
        facts.append(element("br"))
        facts.append(element("span", {"class": "pk-rescinds"},
                             f"Rescinds {order.id} {order.title}".strip() + "."))
    return facts


def _redline_links(policy: PublishedPolicy, state: Version, links: HistoryLinks) -> etree._Element:
    """What the state changed (against the one before it), and how it differs from the text
    in force now, when that is not the same comparison."""
    listing = element("ul", {"class": "pk-redline-links"})
    before = _before(policy.states, state)
    current = policy.current
    if before is None:
        listing.append(element("li", None, "The first text of this policy on record."))
    else:
        url = links.redline(before.version, state.version)
        label = (f"What it changed: {display_name(policy, before)} to "
                 f"{display_name(policy, state)}")
        if url is not None:
            listing.append(element("li", None, element("a", {"href": url}, label)))
    neighbours = {s.version for s in (before, _after(policy.states, state)) if s is not None}
    if state.version != current.version and current.version not in neighbours:
        for old, new in ((state, current), (current, state)):
            url = links.redline(old.version, new.version)
            if url is not None:
                label = (f"Compared with the text in force now: {display_name(policy, old)} "
                         f"to {display_name(policy, new)}")
                listing.append(element("li", None, element("a", {"href": url}, label)))
    return listing


def _index(policy: PublishedPolicy, state: Version) -> int:
    return [s.version for s in policy.versions].index(state.version)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def state_url(urls: Urls, source: str, policy_id: str) -> Callable[[str], str]:
    """State name -> URL of its permanent page, from page `source`."""
    return lambda name: urls.link(source, paths.version_path(policy_id, name))
