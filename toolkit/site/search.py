"""Search that reads policy text as officers type it: tuning for the theme's lunr index.

The theme's search (lunr in the browser) splits text at whitespace and hyphens only and
keeps punctuation, so `(MCT),` and `[ECIT]` never match `MCT` or `ECIT`, and a clause
address `2-55-4.A.2` breaks into pieces that match every clause near it. `tune_index`
rewrites the built `search_index.json` data: a separator that splits at punctuation but
keeps addresses whole, and two fields the results never show:

- `joined`: each hyphenated word written whole (`de-escalation` is found by `deescalation`);
- `address`: a clause's own address with `_` for `-` (lunr's query parser splits at hyphens,
  so `policykit-search.js` rewrites a typed `2-55-4.A.2` the same way), repeated more the
  shallower the clause, so that an address (searched as a prefix) lands on that clause
  before its children.

Guides and other hand-written pages rank below policy text through their `boost`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

THEME_SEPARATOR = r"[\s\-]+"
"""mkdocs-material's default separator for English; a project that set its own keeps it."""
SEPARATOR = (r"[\s,;:!?()\[\]{}\"“”‘’/|*+=<>]+"  # spaces and punctuation
             r"|-(?!\d)"                          # hyphens, except inside numbers: 2-55-4
             r"|\.(?!\w)"                         # full stops, except inside addresses: 4.A.2
             r"|&[lg]t;|&amp;")                    # escaped markup in the index text
JOINED_FIELD = "joined"
ADDRESS_FIELD = "address"
ADDRESS_WEIGHT = 1000.0
"""As much as a title: an address typed is meant as exactly that clause."""
PAGE_BOOSTS: dict[str | None, float] = {None: 0.1, "home": 0.2, "policies": 0.2,
                                         "glossary": 0.5}
"""By page kind (None: hand-written guides): pages that list or explain policies rank below
the policy text itself for the same words."""
_MAX_DEPTH = 6
_HYPHENATED = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)+\b")
_TAG = re.compile(r"<[^>]*>")
_CLAUSE_ANCHOR = re.compile(r"^policies/[^/]+/(?:index\.html)?#(\d[\w-]*(?:\.[\w-]+)*)$")
"""A clause on a policy's current page: other versions' clauses do not repeat the address."""


def tune_index(index: dict[str, Any]) -> dict[str, Any]:
    """The theme's search index data with our separator and hidden fields (in place)."""
    config = index.setdefault("config", {})
    if config.get("separator", THEME_SEPARATOR) == THEME_SEPARATOR:
        config["separator"] = SEPARATOR
    fields = config.setdefault("fields", {})
    fields[JOINED_FIELD] = {"boost": 1.0}
    fields[ADDRESS_FIELD] = {"boost": ADDRESS_WEIGHT}
    for doc in index.get("docs", []):
        joined = joined_words(_TAG.sub(" ", str(doc.get("text", ""))))
        if joined:
            doc[JOINED_FIELD] = " ".join(joined)
        address = address_words(str(doc.get("location", "")))
        if address:
            doc[ADDRESS_FIELD] = " ".join(address)
    return index


def joined_words(text: str) -> list[str]:
    """Each hyphenated word of `text` written without hyphens, once: `deescalation`."""
    seen: dict[str, None] = {}
    for match in _HYPHENATED.finditer(text):
        seen.setdefault(match.group().replace("-", "").lower(), None)
    return list(seen)


def address_words(location: str) -> list[str]:
    """A clause result's address as a query gets it (`2_55_4.A.2`), more times the fewer its
    parts, so `2-55-4.A.2` ranks before `2-55-4.A.2.a`."""
    found = _CLAUSE_ANCHOR.search(location)
    if found is None or "-title" in found.group(1) or "." not in found.group(1):
        return []
    address = found.group(1)
    return [address.replace("-", "_")] * max(1, _MAX_DEPTH - address.count("."))


def ranked_meta(meta: Mapping[str, Any], kind: str | None) -> dict[str, Any]:
    """A page's metadata with the search boost its kind gets, unless the page sets one."""
    search = meta.get("search")
    if kind not in PAGE_BOOSTS or isinstance(search, dict) and "boost" in search:
        return dict(meta)
    return {**meta, "search": {**(search if isinstance(search, dict) else {}),
                               "boost": PAGE_BOOSTS[kind]}}

