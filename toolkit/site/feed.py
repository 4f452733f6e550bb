"""What changed, for the people who must read it: an Atom feed and a "changes since" bulletin.

    published policies --changes--> one Change per new state (a version or an amendment)
        --atom_feed--> feed.xml (lxml, Atom 1.0)
        --bulletin_body--> changes/index.md: every change with its redline, newest first,
                           filtered to a date by assets/point-in-time.js, printable

Atom needs a date on every entry: a state with no recorded date is left out of the
feed (the feed says so) and listed last on the bulletin, never given an invented day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree

from toolkit.model import Policy, Version
from toolkit.render.policy_html import element
from toolkit.site import urls as paths
from toolkit.site.timeline import (
    PublishedPolicy,
    display_name,
    publish,
    standing_text,
)
from toolkit.site.urls import Urls
from toolkit.timeline import UNKNOWN

ATOM = "http://www.w3.org/2005/Atom"
EMBEDDED_REDLINES = 25
"""The newest changes show their redline on the bulletin; older ones link to it (a manual of
hundreds of revisions would otherwise make one page of every redline)."""
FEED_DATE_WHEN_NONE = "2000-01-01"
"""The feed's own `updated` when no change has a date (the build date rule of the plugin)."""


@dataclass(frozen=True)
class SiteFile:
    """A generated file that is not a page (`feed.xml`)."""

    path: str
    """Path in the site (`feed.xml`)."""
    content: str


@dataclass(frozen=True)
class PolicyChange:
    """One new text of a policy: a version, or a version as an amendment left it."""

    policy: PublishedPolicy
    state: Version
    before: Version | None
    """The state it replaced; None for the first text on record."""

    @property
    def date(self) -> str | None:
        return self.state.effective

    @property
    def title(self) -> str:
        what = _capital(display_name(self.policy, self.state))
        return f"SOP {self.policy.id} {self.state.title}: {what}"


def policy_changes(policies: Sequence[PublishedPolicy]) -> list[PolicyChange]:
    """Every state of every policy as a change, newest first; undated ones last, by policy."""
    found = [PolicyChange(policy, state, policy.states[index - 1] if index else None)
             for policy in policies for index, state in enumerate(policy.states)]
    dated = sorted((c for c in found if c.date), key=lambda c: (c.date or "", c.policy.id),
                   reverse=True)
    return dated + [c for c in reversed(found) if not c.date]


def cause(change: PolicyChange) -> str:
    """`SO 21-58 amends version original.` / `Supersedes version 2021; rescinds SO 21-58.`"""
    state = change.state
    if state.kind == "amended":
        amendment = next(a for a in change.policy.amendments if a.name == state.amended_by[-1])
        return f"{amendment.number} {amendment.title} amends version {amendment.amends}."
    parts = [f"Supersedes version {state.supersedes}" if state.supersedes
             else "First version on record"]
    parts += [f"rescinds {order.id}" for order in state.meta.rescinds]
    return "; ".join(parts) + "."


# --- the feed -------------------------------------------------------------------------------


def atom_feed(policies: Sequence[PublishedPolicy], url: Callable[[str], str],
              title: str = "Policy Manual", site_url: str | None = None) -> str:
    """The Atom feed: one entry per dated change; `url(path)` is a page's URL from the feed.

    With the site's address known, links resolve against it (`xml:base`) and the feed names
    itself (`rel="self"`); without it they are relative to the feed, as readers resolve them.
    """
    changes = [c for c in policy_changes(policies) if c.date]
    undated = sum(1 for c in policy_changes(policies) if not c.date)
    newest = changes[0].date if changes else FEED_DATE_WHEN_NONE
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})  # type: ignore[dict-item]
    if site_url:
        feed.set("{http://www.w3.org/XML/1998/namespace}base", site_url.rstrip("/") + "/")
        _sub(feed, "link", rel="self", href=paths.FEED, type="application/atom+xml")
    _sub(feed, "title", f"{title}: new versions and amendments")
    _sub(feed, "subtitle", _subtitle(undated))
    _sub(feed, "id", "urn:policykit:feed")
    _sub(feed, "updated", f"{newest}T00:00:00Z")
    _sub(feed, "link", rel="alternate", href=url(paths.BULLETIN), type="text/html")
    author = _sub(feed, "author")
    _sub(author, "name", title)
    for change in changes:
        feed.append(_entry(change, url))
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8",
                          pretty_print=True).decode("utf-8")


def _subtitle(undated: int) -> str:
    text = "Each new version or amendment, on the day it takes effect."
    if undated:
        text += (f" {undated} text(s) with no recorded date are not listed here;"
                 " see each policy's history page.")
    return text


def _entry(change: PolicyChange, url: Callable[[str], str]) -> etree._Element:
    entry = etree.Element(f"{{{ATOM}}}entry")
    _sub(entry, "title", change.title)
    _sub(entry, "id", f"urn:policykit:{change.policy.id}:{change.state.version}")
    _sub(entry, "updated", f"{change.date}T00:00:00Z")
    _sub(entry, "published", f"{change.date}T00:00:00Z")
    _sub(entry, "link", rel="alternate", type="text/html",
         href=url(paths.version_path(change.policy.id, change.state.version)))
    if change.before is not None:
        redline = paths.redline_path(change.policy.id, change.before.version, change.state.version)
        _sub(entry, "link", rel="related", type="text/html", href=url(redline),
             title="What it changed (redline)")
    _sub(entry, "summary", f"{standing_text(change.policy, change.state)} {cause(change)}")
    return entry


def _sub(parent: etree._Element, tag: str, text: str | None = None,
         **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


# --- the bulletin ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BulletinLinks:
    """What the bulletin page needs, relative to it."""

    state: Callable[[str, str], str]
    """(policy id, state name) -> its permanent page."""
    redline: Callable[[Version, Version], etree._Element]
    """(old, new) -> their redline, to embed (a copy the bulletin may change)."""
    redline_page: Callable[[str, str, str], str]
    """(policy id, old state, new state) -> URL of their redline page."""
    feed: str


def bulletin_body(policies: Sequence[PublishedPolicy], links: BulletinLinks) -> etree._Element:
    """Every change, newest first, each with its redline; the date field narrows it."""
    listing = element("ol", {"class": "pk-bulletin"})
    for number, change in enumerate(policy_changes(policies), 1):
        listing.append(_bulletin_entry(change, links, f"b{number}-",
                                       embed=number <= EMBEDDED_REDLINES))
    return element(
        "div", {"class": "pk-bulletin-page"},
        element("h1", {"id": "top"}, "Changes since ",
                element("span", {"class": "pk-since-date"}, "the first text on record")),
        element("form", {"class": "pk-changes-since", "data-search-exclude": ""},
                element("label", {"for": "pk-since"}, "Changes since "),
                element("input", {"type": "date", "id": "pk-since", "name": "since"}),
                " ", element("button", {"type": "submit"}, "Show"),
                " ", element("button", {"type": "button", "class": "pk-print"}, "Print")),
        element("p", {"class": "pk-bulletin-intro"},
                "Each new version and amendment, newest first, with what it changed: pick the "
                "date of your last briefing and print the page as a roll-call bulletin. "
                f"The newest {EMBEDDED_REDLINES} changes show their redline here; older ones "
                "link to it. ",
                element("a", {"href": links.feed, "type": "application/atom+xml"},
                        "Atom feed"), "."),
        element("p", {"class": "pk-bulletin-count", "aria-live": "polite"}),
        listing,
    )


def _bulletin_entry(change: PolicyChange, links: BulletinLinks, key: str,
                    embed: bool = True) -> etree._Element:
    state = change.state
    entry = element("li", {"class": "pk-bulletin-entry", "data-date": change.date or "",
                           "id": f"{key}entry"},
                    element("h2", None, element("a", {"href": links.state(change.policy.id,
                                                                          state.version)},
                                                change.title)),
                    element("p", {"class": "pk-facts"},
                            f"Effective {change.date or UNKNOWN}. ",
                            standing_text(change.policy, state), " ", cause(change)))
    if change.before is None:
        entry.append(element("p", None, "The first text of this policy on record: "
                                        "read it in full on its page."))
        return entry
    if not embed:
        url = links.redline_page(change.policy.id, change.before.version, state.version)
        entry.append(element("p", {"class": "pk-bulletin-redline-link"},
                             element("a", {"href": url}, "What it changed (redline)")))
        return entry
    redline = prefix_ids(links.redline(change.before, state), key)
    # Each summary is a landmark named by its heading: say whose, so the names differ.
    for heading in redline.iter("h2"):
        if heading.get("id") == f"{key}pk-summary-heading":
            heading.append(element("span", {"class": "pk-visually-hidden"}, f" of {change.title}"))
    entry.append(redline)
    return entry


def prefix_ids(root: etree._Element, key: str) -> etree._Element:
    """Give every id in `root` (and the links, labels and ARIA names that point at them) a
    prefix, so several redlines can share one page."""
    ids = {str(node.get("id")) for node in root.iter(etree.Element) if node.get("id")}
    for node in root.iter(etree.Element):
        for attribute in ("id", "for", "aria-labelledby", "aria-controls", "aria-describedby"):
            value = node.get(attribute)
            if value:
                node.set(attribute, " ".join(f"{key}{part}" if part in ids else part
                                             for part in value.split()))
        href = node.get("href")
        if href and href.startswith("#") and href[1:] in ids:
            node.set("href", f"#{key}{href[1:]}")
    return root


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def build_files(policies: Sequence[Policy], urls: Urls, today: str | None = None,
                title: str = "Policy Manual", site_url: str | None = None,
                ) -> tuple[SiteFile, ...]:
    """The site's files that are not pages: the Atom feed."""
    published = [publish(policy, today) for policy in policies]
    return (SiteFile(paths.FEED, atom_feed(published, urls.url, title, site_url)),)
