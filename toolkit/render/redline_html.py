"""A change set as an HTML redline, built with lxml: a standalone page or a fragment.

    summary (counts, replacements, header changes, editorial toggle, view switch)
    changes, one block each: what kind, which addresses, the evidence,
        previous/next links, the text inline and side by side

Deleted text is `<del class="pk-delete pk-<op>" data-search-exclude>` (the
site's search must not index it), inserted text `<ins class="pk-insert
pk-<op>">`; every change block has the class `pk-<op>`. A changed block's id
is `change-<new address>` (`change-<old address>` for a removal, or
`change-old-<old address>` if a new node already holds that address), so the
site can link to it. Toggles and the count filters are plain form controls
styled by redline.css (`:has()`), so the page works without scripts, from a
file, and in print; redline.js only remembers the view and the toggles across
reloads. Inside a site, `link_addresses` turns every address into a link to
that clause on its version's page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from lxml import etree

from toolkit.diff.describe import (
    NO_VERSION,
    VERBS,
    count_changes,
    describe_addresses,
    describe_counts,
    describe_evidence,
    describe_place,
    describe_title,
    describe_versions,
    display_runs,
)
from toolkit.diff.fragments import MovedFragment, find_moved_fragments
from toolkit.diff.front_matter import FieldChange, diff_front_matter
from toolkit.diff.texts import Sides, change_sides
from toolkit.model import CHANGE_OPS, Change, ChangeSet, InlineOp, Replacement

Element = etree._Element

UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters (from PDF extraction) that HTML cannot hold: shown as U+FFFD."""
Child = Element | str | None

Link = Callable[[str], str | None]
"""An address to the URL of that part on a version's page, or None where there is none."""


@dataclass(frozen=True)
class AddressLinks:
    """Where the addresses of a redline link to: a site passes one, a standalone page has none."""

    old: Link
    """An address of the old version to its place on the old version's page."""
    new: Link
    """An address of the new version to its place on the new version's page."""


def render_redline(cs: ChangeSet, standalone: bool = True,
                   links: AddressLinks | None = None) -> Element:
    """The redline of a change set: a whole HTML page, or (standalone=False) a
    `<div class="pk-redline">` to embed in a themed page (with its script)."""
    fragment = render_fragment(cs)
    if links is not None:
        link_addresses(fragment, links)
    if standalone:
        return render_page(_title(cs), [fragment])
    fragment.append(render_script())
    return fragment


def render_redlines(changesets: list[ChangeSet]) -> Element:
    """One page holding several redlines (`policykit diff --git`); ids get a prefix each."""
    if len(changesets) == 1:
        return render_redline(changesets[0])
    fragments = []
    for number, cs in enumerate(changesets, 1):
        fragment = render_fragment(cs, key=f"d{number}-")
        fragment.insert(0, _el("h2", {"class": "pk-redline-title"}, _title(cs)))
        fragments.append(fragment)
    return render_page(f"Redlines of {len(changesets)} policy versions", fragments)


def _title(cs: ChangeSet) -> str:
    if NO_VERSION in (cs.old.version, cs.new.version):
        return f"Redline: {describe_title(cs)}"  # a new or a removed policy says so
    return f"Redline: SOP {cs.new.policy} {cs.old.version} to {cs.new.version}"


def redline_to_string(element: Element) -> str:
    """Serialise a redline (page or fragment) as HTML; a page gets its doctype."""
    html = etree.tostring(element, method="html", encoding="unicode")
    return f"<!DOCTYPE html>\n{html}\n" if element.tag == "html" else html


@cache
def redline_css() -> str:
    """The redline stylesheet (toggles, views, print); the site includes it too."""
    return files("toolkit.render").joinpath("redline.css").read_text(encoding="utf-8")


@cache
def redline_js() -> str:
    """The redline script: remembers the view and the toggles (localStorage, when allowed)."""
    return files("toolkit.render").joinpath("redline.js").read_text(encoding="utf-8")


def render_script() -> Element:
    return _el("script", {"class": "pk-redline-script"}, redline_js())


def render_page(title: str, fragments: list[Element]) -> Element:
    """A standalone page around redline fragments, with the stylesheet inlined."""
    head = _el("head", {},
               _el("meta", {"charset": "utf-8"}),
               _el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
               _el("title", {}, title),
               _el("style", {}, redline_css()))
    body = _el("body", {}, _el("main", {"class": "pk-redline-main"},
                               _el("h1", {"id": "top"}, title), *fragments), render_script())
    return _el("html", {"lang": "en"}, head, body)


def render_fragment(cs: ChangeSet, key: str = "") -> Element:
    """Summary, controls and every change, in a `<div class="pk-redline">`.

    `key` prefixes the ids of the controls and change blocks, for pages that
    hold several redlines.
    """
    ids = change_ids(cs.changes, key)
    sides = change_sides(cs)
    changed = [c for c in cs.changes if c.op != "unchanged"]
    steps = {id(c): (ids[id(p)] if p else None, ids[id(n)] if n else None)
             for p, c, n in _neighbours(changed)}
    fragments = fragment_notes(find_moved_fragments(cs), ids)
    return _el(
        "div", {"class": "pk-redline", "data-old": cs.old.version, "data-new": cs.new.version},
        render_summary(cs, ids, changed, key),
        _el("ol", {"class": "pk-changes"}, *(
            render_change(change, sides[id(change)], ids.get(id(change)),
                          steps.get(id(change), (None, None)), fragments.get(id(change), []))
            for change in cs.changes
        )),
    )


# -- summary ---------------------------------------------------------------------------------


def render_summary(cs: ChangeSet, ids: dict[int, str], changed: list[Change], key: str) -> Element:
    counts = count_changes(cs.changes)
    return _el(
        "section", {"class": "pk-summary", "aria-labelledby": f"{key}pk-summary-heading"},
        _el("h2", {"id": f"{key}pk-summary-heading"}, "Summary"),
        _el("p", {"class": "pk-versions"}, f"{describe_versions(cs)}: {describe_counts(cs)}"),
        render_counts(counts, key),
        render_replacements(cs),
        render_front_matter(diff_front_matter(cs.old, cs.new)),
        render_controls(counts, key),
        render_toc(changed, ids) if changed else None,
        _el("p", {"class": "pk-jump"}, _el("a", {"href": f"#{ids[id(changed[0])]}"},
                                             "Go to the first change")) if changed else None,
    )


def render_counts(counts: dict[str, int], key: str = "") -> Element:
    """The count of each kind, each a checkbox: checking some shows only changes of those kinds
    (in the list of changes too); redline.css does the filtering."""
    return _el(
        "fieldset", {"class": "pk-filters"},
        _el("legend", {}, "Show only"),
        _el("ul", {"class": "pk-counts"}, *(
            _el("li", {"class": f"pk-count pk-count-{op}"},
                _control("checkbox", key, f"pk-filter-{op}", "", extra="pk-filter",
                         number=str(counts[op]), noun=op))
            for op in (*CHANGE_OPS, "editorial") if counts[op]
        )),
    )


def render_toc(changed: list[Change], ids: dict[int, str]) -> Element:
    """The list of changes, one link per change block, filtered with the counts."""
    entries = []
    for change in changed:
        classes = f"pk-toc-entry pk-{change.op}" + (" pk-editorial" if change.editorial else "")
        entries.append(_el("li", {"class": classes},
                           _el("a", {"href": f"#{ids[id(change)]}"},
                               _el("span", {"class": "pk-toc-op"}, VERBS[change.op]), " ",
                               _el("span", {"class": "pk-toc-address"},
                                   describe_addresses(change)))))
    return _el("details", {"class": "pk-toc", "data-search-exclude": ""},
               _el("summary", {}, f"List of changes ({len(changed)})"),
               _el("ol", {}, *entries))


def render_replacements(cs: ChangeSet) -> Element | None:
    if not cs.replacements:
        return None
    return _el(
        "div", {"class": "pk-replacements"},
        _el("h3", {}, "Replaced throughout"),
        _el("ul", {}, *(
            _el("li", {}, _deleted(r.old, "modified"), " → ", _inserted(r.new, "modified"),
                f" ({r.count} times)", render_replacement_notes(r))
            for r in cs.replacements
        )),
    )


def render_replacement_notes(r: Replacement) -> Element | None:
    """The forms a rolled-up word was replaced in, and the parts that still hold it."""
    notes = []
    if len(r.forms) > 1:
        notes.append(_el("li", {}, "forms replaced: ", *_joined(
            [_el("code", {}, form) for form in r.forms], ", ")))
    if r.exceptions:
        parts = "part" if len(r.exceptions) == 1 else "parts"
        notes.append(_el("li", {"class": "pk-not-replaced"},
                         f"not replaced in {len(r.exceptions)} {parts}: ",
                         *_joined([_address("pk-new-address", a) for a in r.exceptions], ", ")))
    return _el("ul", {}, *notes) if notes else None


def render_front_matter(fields: tuple[FieldChange, ...]) -> Element | None:
    if not fields:
        return None
    rows = []
    for field in fields:
        old = [_deleted(value, "modified") for value in field.removed]
        new = [_inserted(value, "modified") for value in field.added]
        rows += [_el("dt", {}, field.field.replace("_", " ")),
                 _el("dd", {}, *_joined(old + new, "; ") if old or new else ["(reordered)"])]
    return _el("div", {"class": "pk-front-matter"}, _el("h3", {}, "Header"),
               _el("dl", {}, *rows))


def render_controls(counts: dict[str, int], key: str = "") -> Element:
    """Checkbox and radio controls; redline.css hides and shows blocks from their state
    (by class, so several redlines on a page each keep their own). On a narrow screen the
    second view stacks the old text above the new, and its label says so."""
    return _el(
        "div", {"class": "pk-controls"},
        _control("checkbox", key, "pk-hide-editorial",
                 f"Hide editorial changes ({counts['editorial']})", remember="hide-editorial"),
        _control("checkbox", key, "pk-show-unchanged",
                 f"Show unchanged parts ({counts['unchanged']})", remember="show-unchanged"),
        _el("fieldset", {"class": "pk-view"},
            _el("legend", {}, "View"),
            _control("radio", key, "pk-view-inline", "Inline", checked=True,
                     remember="view-inline"),
            _control("radio", key, "pk-view-side", "", remember="view-side",
                     wide="Side by side", narrow="Old above new")),
    )


def _control(kind: str, key: str, name: str, text: str, checked: bool = False, *,
             extra: str = "", remember: str = "", number: str = "", noun: str = "",
             wide: str = "", narrow: str = "") -> Element:
    """A labelled checkbox or radio button; `remember` names it in redline.js's storage."""
    attrs = {"type": kind, "id": f"{key}{name}",
             "class": " ".join(part for part in ("pk-toggle", extra, name) if part)}
    if kind == "radio":
        attrs["name"] = f"{key}pk-view"
    if checked:
        attrs["checked"] = "checked"
    if remember:
        attrs["data-remember"] = remember
    parts: list[Child] = [f" {text}" if text else None]
    if number:
        parts += [" ", _el("span", {"class": "pk-count-number"}, number), f" {noun}"]
    if wide:
        parts += [" ", _el("span", {"class": "pk-wide"}, wide),
                  _el("span", {"class": "pk-narrow"}, narrow)]
    return _el("label", {"for": f"{key}{name}"}, _el("input", attrs), *parts)


# -- one change ------------------------------------------------------------------------------


def render_change(
    change: Change, sides: Sides, block_id: str | None, step: tuple[str | None, str | None],
    notes: list[Element] | None = None,
) -> Element:
    """One change: kind, addresses, evidence, navigation, then the text in both views."""
    classes = ["pk-change", f"pk-{change.op}"] + (["pk-editorial"] if change.editorial else [])
    attrs = {"class": " ".join(classes), "data-op": change.op}
    if block_id:
        attrs["id"] = block_id
    return _el(
        "li", attrs,
        _el("div", {"class": "pk-change-head"},
            _el("span", {"class": "pk-op"}, VERBS[change.op]),
            " ", render_addresses(change),
            render_evidence(change),
            render_steps(step) if change.op != "unchanged" else None),
        _el("p", {"class": "pk-place"}, describe_place(change)) if describe_place(change) else None,
        *(notes or []),
        _el("div", {"class": "pk-inline"}, render_inline_text(change, sides),
            render_sanction(change, sides)),
        _el("div", {"class": "pk-side-by-side"},
            _el("div", {"class": "pk-old"}, _el("span", {"class": "pk-side-label"}, "Old"),
                *_side_view(change, "delete", sides.old, change.old, sides.old_pieces)),
            _el("div", {"class": "pk-new"}, _el("span", {"class": "pk-side-label"}, "New"),
                *_side_view(change, "insert", sides.new, change.new, sides.new_pieces))),
    )


def render_sanction(change: Change, sides: Sides) -> Element | None:
    """The sanction classification, when it changed."""
    if not sides.sanction_changed:
        return None
    old = ", ".join(s or "none" for s in sides.old_sanction)
    new = ", ".join(s or "none" for s in sides.new_sanction)
    return _el("p", {"class": "pk-sanction"}, "Sanction classification: ",
               _deleted(old, change.op), " ", _inserted(new, change.op))


def render_addresses(change: Change) -> Element:
    """`2-55-4.E → 2-55-4.I`, or one address when it did not change; each address carries
    its side, so `link_addresses` can link it to its version."""
    if change.old and change.new and change.old == change.new and len(change.old) == 1:
        return _el("span", {"class": "pk-address"},
                   _address("pk-same-address", change.new[0]))
    old = _joined([_address("pk-old-address", a) for a in change.old], ", ")
    new = _joined([_address("pk-new-address", a) for a in change.new], ", ")
    return _el("span", {"class": "pk-address"}, *old, " → " if old and new else None, *new)


def _address(kind: str, address: str) -> Element:
    return _el("span", {"class": kind, "data-address": address}, address)


def link_addresses(fragment: Element, links: AddressLinks) -> Element:
    """Make every address in a redline fragment a link to its place in its version; an
    address both versions share links to the new one and gets a link to the old one."""
    old_name, new_name = str(fragment.get("data-old", "old")), str(fragment.get("data-new", "new"))
    for node in list(fragment.iter("span")):
        kind = str(node.get("class", ""))
        address = str(node.get("data-address", ""))
        if kind in ("pk-old-address", "pk-new-address"):
            _make_link(node, (links.old if kind == "pk-old-address" else links.new)(address))
        elif kind == "pk-same-address":
            _make_link(node, links.new(address), f"{address} in version {new_name}")
            old_url = links.old(address)
            holder = node.getparent()
            if old_url is not None and holder is not None:
                holder.addnext(_el("span", {"class": "pk-old-link"}, " (",
                                 _el("a", {"href": old_url, "aria-label":
                                           f"{address} in version {old_name}"},
                                     f"in {old_name}"), ")"))
    return fragment


def _make_link(node: Element, url: str | None, label: str = "") -> None:
    if url is None:
        return
    node.tag = "a"
    node.set("href", url)
    if label:
        node.set("aria-label", label)


def render_evidence(change: Change) -> Element | None:
    evidence = describe_evidence(change)
    return _el("span", {"class": "pk-evidence"}, f" ({evidence})") if evidence else None


def render_steps(step: tuple[str | None, str | None]) -> Element:
    previous, following = step
    return _el(
        "span", {"class": "pk-steps"},  # one per change: not a landmark each
        _el("a", {"href": f"#{previous}", "class": "pk-previous"}, "Previous")
        if previous else _el("span", {"class": "pk-previous"}, "Previous"),
        " ",
        _el("a", {"href": f"#{following}", "class": "pk-next"}, "Next")
        if following else _el("span", {"class": "pk-next"}, "Next"),
    )


def render_inline_text(change: Change, sides: Sides) -> Element:
    """The word diff in one paragraph (whitespace kept, so paragraphs stay visible)."""
    return _el("p", {"class": "pk-text"}, *_runs(change, sides))


def _runs(change: Change, sides: Sides) -> list[Child]:
    if change.inline:
        return [RUNS[op.op](op.text, change.op) for op in display_runs(change.inline)]
    if change.op == "added":
        return [_inserted(sides.new, change.op)]
    if change.op == "removed":
        return [_deleted(sides.old, change.op)]
    return [sides.new or sides.old]


def _side_view(change: Change, kind: str, text: str, addresses: tuple[str, ...],
               pieces: tuple[str, ...]) -> list[Child]:
    """One column: the word diff's side, or, for the pieces of a split or merge, each
    piece under its own address."""
    if len(pieces) < 2:
        return [_el("p", {"class": "pk-text"}, *_side(change, kind, text))]
    return [
        _el("p", {"class": "pk-text pk-piece"},
            _el("span", {"class": "pk-piece-address"}, address), " ", piece)
        for address, piece in zip(addresses, pieces, strict=False)
    ]


def _side(change: Change, kind: str, text: str) -> list[Child]:
    """One side of the side-by-side view: equal runs plus this side's edits."""
    if change.inline:
        runs = display_runs(change.inline)
        return [RUNS[op.op](op.text, change.op) for op in runs if op.op in ("equal", kind)]
    if text and change.op in ("added", "removed"):
        return [RUNS[kind](text, change.op)]
    return [text]


def _deleted(text: str, op: str) -> Element:
    return _el("del", {"class": f"pk-delete pk-{op}", "data-search-exclude": ""}, text)


def _inserted(text: str, op: str) -> Element:
    return _el("ins", {"class": f"pk-insert pk-{op}"}, text)


def _equal(text: str, op: str) -> str:
    return text


RUNS: dict[str, Callable[[str, str], Child]] = {
    "equal": _equal,
    "delete": _deleted,
    "insert": _inserted,
}


def fragment_notes(fragments: Iterable[MovedFragment], ids: dict[int, str]) -> dict[int, list[Element]]:
    """For each change that lost or gained a moved fragment, a note linking the other end."""
    notes: dict[int, list[Element]] = {}
    for fragment in fragments:
        alike = f" ({round(fragment.score * 100)} % alike)."
        notes.setdefault(id(fragment.old), []).append(_el(
            "p", {"class": "pk-fragment"}, "Deleted text reappears in ",
            _fragment_link(fragment.new, fragment.new.new, ids), alike))
        notes.setdefault(id(fragment.new), []).append(_el(
            "p", {"class": "pk-fragment"}, "Inserted text was deleted from ",
            _fragment_link(fragment.old, fragment.old.old, ids), alike))
    return notes


def _fragment_link(change: Change, addresses: tuple[str, ...], ids: dict[int, str]) -> Element:
    return _el("a", {"href": f"#{ids[id(change)]}"}, ", ".join(addresses))


# -- ids and navigation ----------------------------------------------------------------------


def change_ids(changes: Iterable[Change], key: str = "") -> dict[int, str]:
    """Block id of each changed change, keyed by `id(change)`: new address first."""
    ids: dict[int, str] = {}
    taken: set[str] = set()
    pending = [c for c in changes if c.op != "unchanged"]
    for change in pending:
        if change.new:
            ids[id(change)] = _claim(f"change-{key}{change.new[0]}", taken)
    for change in pending:
        if not change.new:
            wanted = f"change-{key}{change.old[0]}"
            ids[id(change)] = _claim(
                wanted if wanted not in taken else f"change-{key}old-{change.old[0]}", taken
            )
    return ids


def _claim(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    taken.add(candidate)
    return candidate


def _neighbours(changes: list[Change]) -> Iterable[tuple[Change | None, Change, Change | None]]:
    for index, change in enumerate(changes):
        previous = changes[index - 1] if index else None
        following = changes[index + 1] if index + 1 < len(changes) else None
        yield previous, change, following


# -- element building ------------------------------------------------------------------------


def _el(tag: str, attrs: dict[str, str], *children: Child | InlineOp) -> Element:
    """An element with attributes and children; strings become text, None is skipped."""
    # Called for every element of every redline: strings are gathered and set once, and the
    # last child is kept at hand (asking lxml for node[-1] makes a new proxy each time).
    node = etree.Element(tag, attrs)
    last: Element | None = None
    texts: list[str] = []
    for child in children:
        if isinstance(child, str):
            texts.append(child)
        elif isinstance(child, etree._Element):
            if texts:
                _add_text(node, last, texts)
                texts = []
            node.append(child)
            last = child
    if texts:
        _add_text(node, last, texts)
    return node


def _add_text(node: Element, last: Element | None, texts: list[str]) -> None:
    text = UNPRINTABLE.sub("\ufffd", "".join(texts))
    if last is None:
        node.text = (node.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _joined(parts: list[Element], separator: str) -> list[Child]:
    joined: list[Child] = []
    for part in parts:
        if joined:
            joined.append(separator)
        joined.append(part)
    return joined
