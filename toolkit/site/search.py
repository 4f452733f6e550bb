"""Search that reads policy text as officers type it, and stays fast at a thousand policies.

The theme's search downloads one index of every page (37 MB at 500 policies) before the
first result. Instead `write_search_index` turns the built `search_index.json` into a
static index split into many small files under `pk-search/`, each a script that registers
itself (`__pkSearch("current/t/12", {...})`), so the same code loads it with
`importScripts` over HTTP and from `file://` (the iframe-worker shim turns each into a
`<script>`), with no fetch and no server:

- `current/meta.js`: the tokenizer's separator, the stop words, and the term prefixes the
  index is split by; `current/t/<n>.js`: the terms under prefix n, each with its postings
  (page, document on the page, weight);
- `superseded/...`: the same for the text of superseded and rescinded versions, loaded only
  when a reader ticks "Include superseded versions";
- `p/<n>-<k>.js`: page n's documents (location, title and text as the results show them),
  `CHUNK_DOCS` to a file, so a hit loads a few neighbours, not a whole long page.

A query loads the meta file, the shards of its words and the pages of its best results:
tens of kilobytes, not the whole index. `assets/policykit/pk-search-worker.js` runs it
behind the theme's worker protocol, so the theme's search box and results are unchanged.

Ranking is computed here, at build time, as the theme's lunr did it (BM25 with no length
normalisation, title and address fields boosted, each page's `boost`), with our rules:
- text splits at punctuation but keeps addresses whole (`(MCT),` is `MCT`; `2-55-4.A.2`
  is one word), and a hyphenated word is also indexed whole (`deescalation`);
- a clause's address is a field of its own, weighted more the shallower the clause, so a
  typed address lands on that clause before its children;
- guides and lists rank below policy text through their page `boost`; superseded text
  (boost 0.1) after the text in force.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.model import Policy
from toolkit.site import urls as paths
from toolkit.site.timeline import publish
from toolkit.site.urls import Urls

SEPARATOR = (r"[\s,;:!?()\[\]{}\"“”‘’/|*+=<>]+"  # spaces and punctuation
             r"|-(?!\d)"                          # hyphens, except inside numbers: 2-55-4
             r"|\.(?!\w)")                        # full stops, except inside addresses: 4.A.2
"""Where text splits into words, in the index and in a query (the worker reads it here)."""
_LUNR_STOP_WORDS = """
a able about across after all almost also am among an and any are as at be because been but
by can cannot could dear did do does either else ever every for from get got had has have he
her hers him his how however i if in into is it its just least let like likely may me might
most must my neither no nor not of off often on only or other our own rather said say says she
should since so some than that the their them then there these they this tis to too twas us
wants was we were what when where which while who whom why will with would yet you your
"""
STOP_WORDS = frozenset(_LUNR_STOP_WORDS.split())
"""lunr's English stop words, which the theme's index left out too."""
INDEX_FOLDER = "pk-search"
CURRENT = "current"
SUPERSEDED = "superseded"
NO_LONGER_IN_FORCE = ("superseded", "rescinded")
FIELD_BOOSTS = {"title": 1000.0, "text": 1.0, "address": 1000.0}
"""As the theme weighs a title; an address typed is meant as exactly that clause."""
PAGE_BOOSTS: dict[str | None, float] = {None: 0.1, "home": 0.2, "policies": 0.2,
                                         "glossary": 0.5}
"""By page kind (None: hand-written guides): pages that list or explain policies rank below
the policy text itself for the same words."""
SHARD_BYTES = 24_000
"""A prefix whose terms take more than this is split by the next letter (a single term with
more postings stays whole)."""
CHUNK_DOCS = 32
"""Documents of a page to a file: a long page's hits load only the files they are in."""
SHOWN_TEXT = 400
"""A result shows at most this many characters of a document's text, about four lines (the
glossary entry of a term hundreds of policies define runs to 50 kB); a longer one is cut."""
K1 = 1.2
"""lunr's term-frequency saturation."""
WEIGHT_SCALE = 1000
"""Weights are stored as integers: three decimals are plenty to rank by."""
_MAX_DEPTH = 6
_WORDS = re.compile(SEPARATOR)
_HYPHENATED = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)+\b")
_TAG = re.compile(r"<[^>]*>")
_CLAUSE_ANCHOR = re.compile(r"^policies/[^/]+/(?:index\.html)?#(\d[\w-]*(?:\.[\w-]+)*)$")
"""A clause on a policy's current page: other versions' clauses do not repeat the address."""
_REGISTERED = re.compile(r'^__pkSearch\(("[^"]*"),(.*)\);\n$', re.DOTALL)


@dataclass(frozen=True)
class SearchDocument:
    """One entry of the theme's index: a page (no `#`) or a section or clause of it."""

    location: str
    """Site-relative URL with the anchor: `policies/2-55/#2-55-4.A.2`."""
    title: str
    """As HTML, escaped (the results show it as HTML)."""
    text: str
    """As HTML, escaped, without the parts the page marked `data-search-exclude`."""
    boost: float = 1.0
    """The page's search boost (guides 0.1, superseded versions 0.1)."""

    @property
    def page(self) -> str:
        return self.location.split("#", 1)[0]


Posting = tuple[int, int, int]
"""(page number, document number on the page, weight × `WEIGHT_SCALE` as an integer)."""


def write_search_index(site: Path, superseded: frozenset[str]) -> frozenset[str]:
    """Replace the theme's `search/search_index.json` by our split index under `pk-search/`,
    leaving the theme a stub with its configuration and no documents (it still reads the
    separator from it to highlight words on the page a result opens). Returns the files
    written, by path under `pk-search/` (none without a theme index)."""
    index_file = site / "search" / "search_index.json"
    if not index_file.exists():
        return frozenset()
    index = json.loads(index_file.read_text(encoding="utf-8"))
    docs = [SearchDocument(str(doc.get("location", "")), str(doc.get("title", "")),
                           str(doc.get("text", "")), float(doc.get("boost", 1.0)))
            for doc in index.get("docs", [])]
    written = index_files(docs, superseded)
    for name, content in written.items():
        path = site / INDEX_FOLDER / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    config = {**index.get("config", {}), "separator": SEPARATOR}
    stub = json.dumps({"config": config, "docs": []}, ensure_ascii=False, separators=(",", ":"))
    # The theme reads the .json over HTTP and the .js (as the offline plugin writes it) from
    # file://: with both, any build searches from a folder as well as from a server.
    _replace(index_file, stub)
    _replace(index_file.with_suffix(".js"), f"var __index = {stub}")
    return frozenset(written)


def _replace(path: Path, text: str) -> None:
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)


def index_files(docs: Sequence[SearchDocument], superseded: frozenset[str]) -> dict[str, str]:
    """The files of the split index, by path under `pk-search/`, as registering scripts."""
    pages = group_pages(docs)
    weights = term_weights([doc for page in pages for doc in page])
    files: dict[str, str] = {}
    postings: dict[str, dict[str, list[Posting]]] = {CURRENT: {}, SUPERSEDED: {}}
    for number, page in enumerate(pages):
        for start in range(0, len(page), CHUNK_DOCS):
            key = f"p/{number}-{start // CHUNK_DOCS}"
            files[f"{key}.js"] = registered(key, [[doc.location, doc.title, shown_text(doc.text)]
                                                  for doc in page[start:start + CHUNK_DOCS]])
        part = SUPERSEDED if page[0].page in superseded else CURRENT
        for offset, doc in enumerate(page):
            for term, weight in weights[doc.location].items():
                postings[part].setdefault(term, []).append((number, offset, weight))
    for part, terms in postings.items():
        files.update(partition_files(part, terms))
    return files


def group_pages(docs: Sequence[SearchDocument]) -> list[list[SearchDocument]]:
    """The documents by page, in index order, each page's own entry first (one is made from
    its first section where the index has none: the results show each hit under its page)."""
    pages: dict[str, list[SearchDocument]] = {}
    for doc in docs:
        pages.setdefault(doc.page, []).append(doc)
    grouped = []
    for page, found in pages.items():
        articles = [doc for doc in found if doc.location == page]
        sections = [doc for doc in found if doc.location != page]
        article = articles[0] if articles else SearchDocument(page, found[0].title, "",
                                                              found[0].boost)
        grouped.append([article, *sections])
    return grouped


def term_weights(docs: Sequence[SearchDocument]) -> dict[str, dict[str, int]]:
    """Each document's terms with their weight: lunr's BM25 with b = 0 (the theme's setting),
    summed over the fields, times the page's boost."""
    counts = {doc.location: field_counts(doc) for doc in docs}
    frequency: dict[str, int] = defaultdict(int)
    for fields in counts.values():
        for term in {term for terms in fields.values() for term in terms}:
            frequency[term] += 1
    total = len(docs)
    weights: dict[str, dict[str, int]] = {}
    for doc in docs:
        scores: dict[str, float] = defaultdict(float)
        for field, terms in counts[doc.location].items():
            for term, count in terms.items():
                saturated = (K1 + 1) * count / (K1 + count)
                scores[term] += idf(frequency[term], total) * saturated * FIELD_BOOSTS[field]
        weights[doc.location] = {term: max(1, round(score * doc.boost * WEIGHT_SCALE))
                                 for term, score in scores.items()}
    return weights


def idf(documents_with_term: int, total: int) -> float:
    """lunr's inverse document frequency."""
    return math.log(1 + abs((total - documents_with_term + 0.5) / (documents_with_term + 0.5)))


def field_counts(doc: SearchDocument) -> dict[str, dict[str, int]]:
    """How often each term occurs in each field of `doc`."""
    text = plain_text(doc.text)
    fields = {"title": words(plain_text(doc.title)),
              "text": words(text) + joined_words(text),
              "address": address_words(doc.location)}
    counted: dict[str, dict[str, int]] = {}
    for field, terms in fields.items():
        for term in terms:
            counted.setdefault(field, {}).setdefault(term, 0)
            counted[field][term] += 1
    return counted


def shown_text(markup: str) -> str:
    """A document's text as a result shows it: whole, or cut to `SHOWN_TEXT` as plain text
    (escaped: the results read it as HTML)."""
    if len(markup) <= SHOWN_TEXT:
        return markup
    plain = " ".join(plain_text(markup).split())
    return html.escape(plain[:SHOWN_TEXT].rsplit(" ", 1)[0], quote=False) + " …"


def plain_text(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", markup))


def words(text: str) -> list[str]:
    """The index terms of `text`: split at `SEPARATOR`, lower case, stop words left out."""
    return [word for word in (part.lower() for part in _WORDS.split(text))
            if word and word not in STOP_WORDS]


def joined_words(text: str) -> list[str]:
    """Each hyphenated word of `text` written without hyphens, once: `deescalation`."""
    seen: dict[str, None] = {}
    for match in _HYPHENATED.finditer(text):
        seen.setdefault(match.group().replace("-", "").lower(), None)
    return list(seen)


def address_words(location: str) -> list[str]:
    """A clause's own address as a term, more times the fewer its parts, so that
    `2-55-4.A.2` ranks before `2-55-4.A.2.a` (only on a policy's current page)."""
    found = _CLAUSE_ANCHOR.search(location)
    if found is None or "-title" in found.group(1) or "." not in found.group(1):
        return []
    address = found.group(1)
    return [address.lower()] * max(1, _MAX_DEPTH - address.count("."))


def partition_files(part: str, postings: Mapping[str, list[Posting]]) -> dict[str, str]:
    """One part's shards and its meta file (which lists the shards' prefixes)."""
    shards = shard_terms({term: posting_size(found) for term, found in postings.items()})
    files = {f"{part}/t/{number}.js": registered(f"{part}/t/{number}", {
        term: [value for posting in postings[term] for value in posting] for term in terms})
        for number, (_, terms) in enumerate(shards)}
    meta: dict[str, Any] = {"prefixes": [prefix for prefix, _ in shards]}
    if part == CURRENT:
        meta |= {"separator": SEPARATOR, "stopWords": sorted(STOP_WORDS), "chunk": CHUNK_DOCS}
    files[f"{part}/meta.js"] = registered(f"{part}/meta", meta)
    return files


def posting_size(found: list[Posting]) -> int:
    return sum(len(str(value)) + 1 for posting in found for value in posting)


def shard_terms(sizes: Mapping[str, int]) -> list[tuple[str, list[str]]]:
    """The terms split by prefix into shards of at most `SHARD_BYTES` (unless one term is
    bigger), sorted by prefix; a term belongs to the longest prefix listed that starts it."""
    shards: list[tuple[str, list[str]]] = []

    def split(prefix: str, terms: list[str]) -> None:
        if sum(sizes[term] + len(term) for term in terms) <= SHARD_BYTES or all(
                len(term) == len(prefix) for term in terms):
            shards.append((prefix, terms))
            return
        exact = [term for term in terms if len(term) == len(prefix)]
        if exact:
            shards.append((prefix, exact))
        for letter, longer in _by_letter(terms, len(prefix)).items():
            split(prefix + letter, longer)

    for letter, terms in _by_letter(list(sizes), 0).items():
        split(letter, terms)
    return sorted(shards)


def _by_letter(terms: Iterable[str], position: int) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for term in sorted(terms):
        if len(term) > position:
            grouped.setdefault(term[position], []).append(term)
    return grouped


def registered(key: str, data: Any) -> str:
    """A script that hands `data` to the search worker under `key`."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"__pkSearch({json.dumps(key)},{payload});\n"


def read_registered(text: str) -> tuple[str, Any]:
    """The key and data of a file `registered` wrote."""
    found = _REGISTERED.match(text)
    if found is None:
        raise ValueError("not a policykit search file")
    return json.loads(found.group(1)), json.loads(found.group(2))


def read_search_documents(site: Path) -> list[dict[str, str]]:
    """Every document the built site's search can show, as the theme's index listed them."""
    folder = site / INDEX_FOLDER / "p"
    found: list[dict[str, str]] = []
    numbered = sorted((tuple(map(int, path.stem.split("-"))), path) for path in folder.glob("*.js"))
    for _, path in numbered:
        _, docs = read_registered(path.read_text(encoding="utf-8"))
        found.extend({"location": location, "title": title, "text": text}
                     for location, title, text in docs)
    return found


def superseded_pages(policies: Iterable[Policy], urls: Urls) -> frozenset[str]:
    """The URLs of the pages of versions, or amended states, no longer in force (searched
    only when a reader asks), as the site publishes them."""
    published = (publish(policy) for policy in policies)
    return frozenset(urls.url(paths.version_path(policy.id, version.version))
                     for policy in published for version in policy.versions
                     if version.status in NO_LONGER_IN_FORCE)


def ranked_meta(meta: Mapping[str, Any], kind: str | None) -> dict[str, Any]:
    """A page's metadata with the search boost its kind gets, unless the page sets one."""
    search = meta.get("search")
    if kind not in PAGE_BOOSTS or isinstance(search, dict) and "boost" in search:
        return dict(meta)
    return {**meta, "search": {**(search if isinstance(search, dict) else {}),
                               "boost": PAGE_BOOSTS[kind]}}
