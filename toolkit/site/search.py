"""Search that reads policy text as officers type it, and stays fast at a thousand policies.

The theme's search downloads one index of every page (37 MB at 500 policies) before the
first result. Instead `write_search_index` turns the built `search_index.json` into a
static index split into many small files under `pk-search/`, each a script that registers
itself (`__pkSearch("current/t/6f6666", {...})`), so the same code loads it with
`importScripts` over HTTP and from `file://` (the iframe-worker shim turns each into a
`<script>`), with no fetch and no server:

- `current/meta.js`: the tokenizer's separator, the stop words, the number of documents and
  the term prefixes the index is split by; `current/t/<prefix in hex>.js`: the terms under
  that prefix (`off`: `6f6666`), each with how many documents hold it and its postings (page, document on the page, weight
  without the idf, which the worker multiplies in);
- `superseded/...`: the same for the text of superseded and rescinded versions, loaded only
  when a reader ticks "Include superseded versions";
- `p/<n>-<k>.js`: page n's documents (location, title and text as the results show them),
  `CHUNK_DOCS` to a file, so a hit loads a few neighbours, not a whole long page.

A query loads the meta file, the shards of its words and the pages of its best results:
tens of kilobytes, not the whole index. `assets/policykit/pk-search-worker.js` runs it
behind the theme's worker protocol, so the theme's search box and results are unchanged.

Ranking is computed as the theme's lunr did it (BM25 with no length normalisation, title and
address fields boosted, each page's `boost`): here, at build time, but for the idf, which
the worker multiplies in from each term's document count and the number of documents (so
that `policykit serve` rewrites, after an edit, only the entries of the terms it touched:
`SplitIndex`), with our rules:
- text splits at punctuation but keeps addresses whole (`(MCT),` is `MCT`; `2-55-4.A.2`
  is one word), and a hyphenated word is also indexed whole (`deescalation`);
- a clause's address is a field of its own, weighted more the shallower the clause, so a
  typed address lands on that clause before its children;
- guides and lists rank below policy text through their page `boost`; superseded text
  (boost 0.1) after the text in force.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import math
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
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


@dataclass(frozen=True)
class SearchSection:
    """What the theme's search parser reads from one part of a page body (up to the next
    heading with an id), before the page's URL and metadata are known: the part becomes a
    `SearchDocument` when mkdocs writes the page."""

    anchor: str | None
    """The heading's id; None for the page's first part."""
    title: str | None
    """The heading's text as HTML, escaped, not yet stripped; None when the part has no
    heading text (the theme then gives it the page's title)."""
    text: str
    """The part's text as HTML, escaped, not yet stripped."""
    counts: FieldCounts | None = None
    """Its document's `field_counts` (`section_document`), when counted already."""


def section_document(section: SearchSection, page_url: str, page_title: str
                     ) -> SearchDocument:
    """The document the theme's search makes of `section` of the page at `page_url` (whose
    title, as HTML, is `page_title`), but for its boost."""
    location = f"{page_url}#{section.anchor}" if section.anchor else page_url
    title = page_title if section.title is None else section.title
    return SearchDocument(location, title.strip(), section.text.strip())


def counted_sections(sections: Iterable[SearchSection], page_url: str, page_title: str
                     ) -> tuple[SearchSection, ...]:
    """`sections` with their documents' `field_counts`."""
    return tuple(dataclasses.replace(section, counts=field_counts(
        section_document(section, page_url, page_title))) for section in sections)


def search_document(entry: Mapping[str, Any]) -> SearchDocument:
    """One entry of the theme's index (as it writes it, or as its plugin holds it)."""
    return SearchDocument(str(entry.get("location", "")), str(entry.get("title", "")),
                          str(entry.get("text", "")), float(entry.get("boost", 1.0)))


Posting = tuple[int, int, int]
"""(page number, document number on the page, weight × `WEIGHT_SCALE` as an integer, before
the idf: `doc_weights`)."""


def write_search_index(site: Path, superseded: frozenset[str],
                       counted: Mapping[str, FieldCounts | None] | None = None) -> None:
    """Replace the theme's `search/search_index.json` by our split index under `pk-search/`,
    leaving the theme a stub with its configuration and no documents (it still reads the
    separator from it to highlight words on the page a result opens). Nothing is done
    without a theme index, or when it is split already.

    `counted` holds documents' `field_counts` made already (where the pages were made), by
    location; None there, or a location not there: count the document here."""
    split_search_index(site, superseded, counted)


def split_search_index(site: Path, superseded: frozenset[str],
                       counted: Mapping[str, FieldCounts | None] | None = None
                       ) -> SplitIndex | None:
    """`write_search_index`, keeping the index for a few pages' documents to be replaced
    later (`write_index_change`); None without a theme index or when it is split already."""
    index_file = site / "search" / "search_index.json"
    if not index_file.exists():
        return None
    index = json.loads(index_file.read_text(encoding="utf-8"))
    config = {**index.get("config", {}), "separator": SEPARATOR}
    if index.get("config", {}) == config and not index.get("docs"):
        return None  # our stub: split by an earlier call
    docs = [search_document(entry) for entry in index.pop("docs", [])]
    kept = SplitIndex.counted(docs, superseded, counted)
    write_files(site / INDEX_FOLDER, kept.each_file())
    stub = json.dumps({"config": config, "docs": []}, ensure_ascii=False, separators=(",", ":"))
    # The theme reads the .json over HTTP and the .js (as the offline plugin writes it) from
    # file://: with both, any build searches from a folder as well as from a server.
    replace_text(index_file, stub)
    replace_text(index_file.with_suffix(".js"), f"var __index = {stub}")
    return kept


def write_index_change(site: Path, change: IndexChange) -> None:
    """Write the split index's new files (each replaced at once) and remove those it no
    longer has."""
    folder = site / INDEX_FOLDER
    write_files(folder, change.written.items())
    for name in change.removed:
        (folder / name).unlink(missing_ok=True)


def write_files(folder: Path, files: Iterable[tuple[str, str]]) -> None:
    """Write each (path under `folder`, content), each replaced at once, as they come."""
    made: set[Path] = set()
    for name, content in files:
        path = folder / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        replace_text(path, content)


def replace_text(path: Path, text: str) -> None:
    """Write a site file all at once: a reader finds the old content or the new."""
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)


def index_files(docs: Sequence[SearchDocument], superseded: frozenset[str]) -> dict[str, str]:
    """The files of the split index, by path under `pk-search/`, as registering scripts."""
    return SplitIndex.build(docs, superseded)[1]


Shards = list[tuple[str, list[str]]]
"""(prefix, its terms), as `shard_terms` gives them."""


@dataclass
class IndexChange:
    """What replacing some pages' documents changed in the split index's files."""

    written: dict[str, str]
    """The files whose content is new, by path under `pk-search/`."""
    removed: frozenset[str]
    """The files the index no longer has."""


@dataclass
class SplitIndex:
    """The split index with what it was made from, kept by `policykit serve`: replacing a few
    pages' documents (`replace_pages`) makes again only the files that hold those pages'
    documents and the entries of their terms, and the files are what `index_files` makes of
    the whole index then. (A term's entry holds its own document frequency and its postings'
    weights leave out the idf, so no other term's entry depends on it; the number of
    documents is in the meta file.)
    """

    superseded: frozenset[str]
    """The pages whose terms go to the superseded part."""
    pages: dict[str, list[SearchDocument]]
    """Each page's documents, its own entry first, by URL in index order (`group_pages`)."""
    counts: dict[str, FieldCounts]
    """Each document's `field_counts`, by location."""
    frequency: dict[str, int]
    """How many documents hold each term (`document_frequency`)."""
    postings: dict[str, dict[str, list[Posting]]] = dataclasses.field(default_factory=dict)
    """By part, each term's postings, in page and document order."""
    sizes: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)
    """By part, the size of each term's entry (`entry_size`)."""
    shards: dict[str, dict[str, Shards]] = dataclasses.field(default_factory=dict)
    """By part, the shards of the terms starting with each letter, in prefix order."""
    digests: dict[str, bytes] = dataclasses.field(default_factory=dict)
    """A digest of each file's content, by path under `pk-search/`."""

    @classmethod
    def build(cls, docs: Sequence[SearchDocument],
              superseded: frozenset[str]) -> tuple[SplitIndex, dict[str, str]]:
        """The index of `docs`, and all its files."""
        index = cls.counted(docs, superseded)
        return index, index.index_again()

    @classmethod
    def counted(cls, docs: Sequence[SearchDocument], superseded: frozenset[str],
                known: Mapping[str, FieldCounts | None] | None = None) -> SplitIndex:
        """The index of `docs`, its files not made yet (`each_file`); `known`: documents'
        `field_counts` made already, by location (None: count it here)."""
        pages = {page[0].page: page for page in group_pages(docs)}
        known = known or {}
        counts = {doc.location: _counts(doc, known) for page in pages.values() for doc in page}
        return cls(superseded, pages, counts, document_frequency(counts.values()))

    def replace_pages(self, fresh: Sequence[SearchDocument], urls: Collection[str],
                      superseded: frozenset[str]) -> IndexChange:
        """Put `fresh` in place of the documents of the pages at `urls` and of those `fresh`
        holds (as a full build's theme index would have them: in their place, a new page
        last, a page without documents now left out), and say which files changed."""
        before = dict(self.digests)
        replaced = {page[0].page: page for page in group_pages(fresh)}
        keep_places = all(url in self.pages for url in replaced) and all(
            url in replaced for url in urls if url in self.pages)
        if keep_places and superseded == self.superseded and self._unique(replaced):
            files = self._in_place(replaced)
        else:  # pages numbered again, or moved between the parts: every file made again
            self._put_pages(replaced, {*urls, *replaced}, superseded)
            files = self.index_again()
        written = {name: content for name, content in files.items()
                   if before.get(name) != self.digests[name]}
        return IndexChange(written, frozenset(before.keys() - self.digests.keys()))

    # --- the whole index -----------------------------------------------------------------------

    def index_again(self) -> dict[str, str]:
        """Make every file again (from the documents' kept counts)."""
        return dict(self.each_file())

    def each_file(self) -> Iterator[tuple[str, str]]:
        """`index_again` a file at a time, each given as soon as it is made, so that a
        writer need not hold a whole manual's index (run it to the end: the index is whole
        only then)."""
        self.postings = {CURRENT: {}, SUPERSEDED: {}}
        self.digests = {}
        for number, (url, page) in enumerate(self.pages.items()):
            yield from self._noted(page_files(number, page).items())
            terms = self.postings[self._part(url)]
            for term, posting in self._page_postings(number, page):
                terms.setdefault(term, []).append(posting)
        self.sizes = {part: {term: entry_size(self.frequency[term], found)
                             for term, found in terms.items()}
                      for part, terms in self.postings.items()}
        self.shards = {part: self._by_letter(part, None) for part in self.postings}
        for part in self.postings:
            yield from self._noted(self._each_part_file(part, None))

    def _noted(self, files: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
        """`files`, each one's digest noted on the way."""
        for name, content in files:
            self.digests[name] = _digest(content)
            yield name, content

    def _part(self, url: str) -> str:
        return SUPERSEDED if url in self.superseded else CURRENT

    def _page_postings(self, number: int, page: Sequence[SearchDocument]
                       ) -> Iterator[tuple[str, Posting]]:
        """Each term of page `number`'s documents with its posting there, in document order."""
        for offset, doc in enumerate(page):
            for term, weight in doc_weights(self.counts[doc.location], doc.boost).items():
                yield term, (number, offset, weight)

    def _by_letter(self, part: str, letters: set[str] | None) -> dict[str, Shards]:
        """The part's shards (`shard_terms`) of the terms starting with `letters` (None:
        every term), by letter."""
        sizes = {term: size for term, size in self.sizes[part].items()
                 if letters is None or term[0] in letters}
        shards: dict[str, Shards] = {}
        for prefix, terms in shard_terms(sizes):
            shards.setdefault(prefix[0], []).append((prefix, terms))
        return shards

    def _part_files(self, part: str, dirty: Callable[[str, list[str]], bool] | None
                    ) -> dict[str, str]:
        """A part's meta file and its shard files (with `dirty`, only those it names)."""
        return dict(self._each_part_file(part, dirty))

    def _each_part_file(self, part: str, dirty: Callable[[str, list[str]], bool] | None
                        ) -> Iterator[tuple[str, str]]:
        shards = self._shard_list(part)
        for prefix, terms in shards:
            if dirty is None or dirty(prefix, terms):
                yield shard_file(part, prefix), registered(shard_key(part, prefix), {
                    term: entry(self.frequency[term], self.postings[part][term])
                    for term in terms})
        yield f"{part}/meta.js", part_meta(part, [prefix for prefix, _ in shards],
                                           sum(map(len, self.pages.values())))

    def _shard_list(self, part: str) -> Shards:
        return [shard for letter in sorted(self.shards[part]) for shard in self.shards[part][letter]]

    def _put_pages(self, replaced: Mapping[str, list[SearchDocument]], urls: set[str],
                   superseded: frozenset[str]) -> None:
        for url in urls:
            for doc in self.pages.get(url, []):
                self.counts.pop(doc.location, None)
        pages = {url: replaced.get(url, []) if url in urls else page
                 for url, page in self.pages.items()}
        pages |= {url: page for url, page in replaced.items() if url not in pages}
        self.pages = {url: page for url, page in pages.items() if page}
        self.superseded = superseded
        for page in replaced.values():
            self.counts |= {doc.location: field_counts(doc) for doc in page}
        self.frequency = document_frequency(self.counts.values())

    # --- a few pages, in their places ----------------------------------------------------------

    def _unique(self, replaced: Mapping[str, list[SearchDocument]]) -> bool:
        """Whether each old and new document of the replaced pages has a location of its own
        (the counts are kept by location)."""
        pages = [*replaced.values(), *(self.pages[url] for url in replaced)]
        return all(len({doc.location for doc in page}) == len(page) for page in pages)

    def _in_place(self, replaced: Mapping[str, list[SearchDocument]]) -> dict[str, str]:
        """Replace pages that keep their places: their document files, and the shards of the
        terms whose entries changed (those the pages' documents hold or held)."""
        numbers = {url: number for number, url in enumerate(self.pages) if url in replaced}
        touched, frequency = self._count_again(replaced)
        files: dict[str, str] = {}
        for url, number in numbers.items():
            files |= page_files(number, self.pages[url])
        for part in self.postings:
            here = {number for url, number in numbers.items() if self._part(url) == part}
            changed = self._repost(part, touched, here) | {
                term for term in touched if term in self.postings[part]
                and self.frequency.get(term) != frequency[term]}
            files |= self._shards_again(part, changed)
        self.digests |= {name: _digest(content) for name, content in files.items()}
        for name in self._names_gone(numbers):
            del self.digests[name]
        return files

    def _count_again(self, replaced: Mapping[str, list[SearchDocument]]
                     ) -> tuple[set[str], dict[str, int]]:
        """Count the replaced pages' terms again: the terms they hold or held, with how many
        documents held each before."""
        old = [self.counts.pop(doc.location) for url in replaced for doc in self.pages[url]]
        new = [field_counts(doc) for page in replaced.values() for doc in page]
        touched = {term for fields in [*old, *new] for term in _terms_of(fields)}
        frequency = {term: self.frequency.get(term, 0) for term in touched}
        for fields, step in [*((fields, -1) for fields in old), *((fields, 1) for fields in new)]:
            for term in _terms_of(fields):
                self.frequency[term] = self.frequency.get(term, 0) + step
        for term in touched:
            if not self.frequency[term]:
                del self.frequency[term]
        for url, page in replaced.items():
            self.pages[url] = page
        self.counts |= {doc.location: fields for doc, fields in zip(
            (doc for page in replaced.values() for doc in page), new, strict=True)}
        return touched, frequency

    def _repost(self, part: str, touched: set[str], numbers: set[int]) -> set[str]:
        """One part's postings of the touched terms on the replaced pages made again; the
        terms whose postings changed."""
        postings, urls = self.postings[part], list(self.pages)
        fresh: dict[str, dict[int, list[Posting]]] = {}
        for number in sorted(numbers):
            for term, posting in self._page_postings(number, self.pages[urls[number]]):
                fresh.setdefault(term, {}).setdefault(number, []).append(posting)
        return {term for term in touched
                if _post(postings, term, fresh.get(term, {}), numbers)}

    def _shards_again(self, part: str, changed: set[str]) -> dict[str, str]:
        """The shards of the letters the changed terms start with split again; the files of
        the shards that changed, and the meta file."""
        for term in changed:
            if term in self.postings[part]:
                self.sizes[part][term] = entry_size(self.frequency[term],
                                                    self.postings[part][term])
            else:
                self.sizes[part].pop(term, None)
        letters = {term[0] for term in changed}
        before = {prefix: terms for letter in letters for prefix, terms in
                  self.shards[part].get(letter, [])}
        self.shards[part] = {letter: shards for letter, shards in self.shards[part].items()
                             if letter not in letters} | self._by_letter(part, letters)
        return self._part_files(part, lambda prefix, terms: prefix[0] in letters and (
            before.get(prefix) != terms or not changed.isdisjoint(terms)))

    def _names_gone(self, numbers: Mapping[str, int]) -> set[str]:
        """The files of the replaced pages and of the shards that the index no longer has."""
        names = {f"p/{number}-{start // CHUNK_DOCS}.js" for url, number in numbers.items()
                 for start in range(0, len(self.pages[url]), CHUNK_DOCS)}
        names |= {shard_file(part, prefix) for part in self.shards
                  for prefix, _ in self._shard_list(part)}
        pages = tuple(f"p/{number}-" for number in numbers.values())
        return {name for name in self.digests if name not in names and (
            name.startswith(pages) or "/t/" in name)}


def _post(postings: dict[str, list[Posting]], term: str, fresh: Mapping[int, list[Posting]],
          numbers: set[int]) -> bool:
    """Put a term's fresh postings on the pages `numbers` in place of its old ones there;
    whether they changed."""
    found = postings.setdefault(term, [])
    changed = False
    for number in sorted(numbers):
        low, high = bisect_left(found, (number,)), bisect_left(found, (number + 1,))
        new = fresh.get(number, [])
        if found[low:high] != new:
            found[low:high] = new
            changed = True
    if not found:
        del postings[term]
    return changed


def page_files(number: int, page: Sequence[SearchDocument]) -> dict[str, str]:
    """Page `number`'s documents as the results show them, `CHUNK_DOCS` to a file."""
    files = {}
    for start in range(0, len(page), CHUNK_DOCS):
        key = f"p/{number}-{start // CHUNK_DOCS}"
        files[f"{key}.js"] = registered(key, [[doc.location, doc.title, shown_text(doc.text)]
                                              for doc in page[start:start + CHUNK_DOCS]])
    return files


def _digest(content: str) -> bytes:
    return hashlib.blake2b(content.encode(), digest_size=16).digest()


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


def term_weights(docs: Sequence[SearchDocument]) -> dict[str, dict[str, float]]:
    """Each document's terms with the weight a search ranks by: lunr's BM25 with b = 0 (the
    theme's setting), summed over the fields, times the page's boost (the stored weight,
    `doc_weights`, times the term's idf, as the worker computes it)."""
    counts = {doc.location: field_counts(doc) for doc in docs}
    frequency = document_frequency(counts.values())
    return {doc.location: {term: weight * idf(frequency[term], len(docs)) for term, weight in
                           doc_weights(counts[doc.location], doc.boost).items()}
            for doc in docs}


FieldCounts = dict[str, dict[str, int]]
"""A document's terms, by field, with how often each occurs there (`field_counts`)."""


def _counts(doc: SearchDocument, known: Mapping[str, FieldCounts | None]) -> FieldCounts:
    found = known.get(doc.location)
    return field_counts(doc) if found is None else found


def document_frequency(counts: Iterable[FieldCounts]) -> dict[str, int]:
    """How many documents hold each term."""
    frequency: dict[str, int] = defaultdict(int)
    for fields in counts:
        for term in _terms_of(fields):
            frequency[term] += 1
    return frequency


def _terms_of(fields: FieldCounts) -> set[str]:
    return {term for terms in fields.values() for term in terms}


def doc_weights(fields: FieldCounts, boost: float) -> dict[str, int]:
    """A document's terms with their stored weights: the BM25 term frequency part, summed
    over the fields with their boosts, times the page's boost. The search multiplies it by
    the term's idf, which the index stores once per term (`entry`): an edit that changes how
    many documents hold a term rewrites only that term's entry."""
    scores: dict[str, float] = defaultdict(float)
    for field, terms in fields.items():
        for term, count in terms.items():
            scores[term] += (K1 + 1) * count / (K1 + count) * FIELD_BOOSTS[field]
    return {term: max(1, round(score * boost * WEIGHT_SCALE)) for term, score in scores.items()}


def idf(documents_with_term: int, total: int) -> float:
    """lunr's inverse document frequency (pk-search-worker.js computes it the same way)."""
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


def shard_key(part: str, prefix: str) -> str:
    """The key a shard registers under: named by its prefix (hexadecimal UTF-8), so that a
    shard split or joined renames no other."""
    return f"{part}/t/{prefix.encode().hex()}"


def shard_file(part: str, prefix: str) -> str:
    return f"{shard_key(part, prefix)}.js"


def part_meta(part: str, prefixes: list[str], documents: int) -> str:
    """A part's meta file: the prefixes its shards are found by (and for the current part,
    how the worker splits a query and the number of documents, for the idf)."""
    meta: dict[str, Any] = {"prefixes": prefixes}
    if part == CURRENT:
        meta |= {"separator": SEPARATOR, "stopWords": sorted(STOP_WORDS), "chunk": CHUNK_DOCS,
                 "documents": documents}
    return registered(f"{part}/meta", meta)


def entry(documents_with_term: int, postings: Sequence[Posting]) -> list[int]:
    """A term's entry in its shard: how many documents hold it (in either part), then its
    postings, flat."""
    return [documents_with_term, *(value for posting in postings for value in posting)]


def entry_size(documents_with_term: int, postings: Sequence[Posting]) -> int:
    """About the bytes of a term's `entry` in a shard (to split shards by)."""
    return len(str(documents_with_term)) + 1 + sum(
        len(str(value)) + 1 for posting in postings for value in posting)


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
