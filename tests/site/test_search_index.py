"""The split search index of `toolkit.site.search`, without a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.site.search import (
    SEPARATOR,
    SHARD_BYTES,
    SearchDocument,
    address_words,
    group_pages,
    index_files,
    joined_words,
    ranked_meta,
    read_registered,
    read_search_documents,
    registered,
    shard_terms,
    term_weights,
    words,
)


def tokens(text: str) -> list[str]:
    return [token for token in re.split(SEPARATOR, text) if token]


def test_the_separator_frees_acronyms_and_keeps_addresses_whole() -> None:
    assert tokens("Team [ECIT] sworn personnel, Mobile Crisis Team (MCT), City") == [
        "Team", "ECIT", "sworn", "personnel", "Mobile", "Crisis", "Team", "MCT", "City"]
    assert tokens("see 2-55-4.A.2. De-escalation") == ["see", "2-55-4.A.2", "De", "escalation"]


def test_index_words_are_lower_case_without_stop_words() -> None:
    assert words("The Team [ECIT] and the MCT, see 2-55-4.A.2.") == [
        "team", "ecit", "mct", "see", "2-55-4.a.2"]


def test_hyphenated_words_are_also_indexed_whole() -> None:
    assert joined_words("De-escalation and non-verbal de-escalation, 2-55") == [
        "deescalation", "nonverbal"]


def test_a_shallower_clause_repeats_its_address_more() -> None:
    assert address_words("policies/2-55/#2-55-4.A.2") == ["2-55-4.a.2"] * 4
    assert address_words("policies/2-55/index.html#2-55-4.A.2.a") == ["2-55-4.a.2.a"] * 3
    assert address_words("policies/2-55/2021/#2-55-4.A.2") == []  # only the current page
    assert address_words("policies/2-55/#2-55-4") == []
    assert address_words("policies/2-55/redline/a-to-b/#change-2-55-4.A-title") == []


def doc(location: str, title: str = "", text: str = "", boost: float = 1.0) -> SearchDocument:
    return SearchDocument(location, title, text, boost)


def test_an_address_weighs_more_on_its_own_clause_than_on_its_children() -> None:
    weights = term_weights([doc("policies/2-55/#2-55-4.A.2", "2. 2-55-4.A.2", "<p>Use.</p>"),
                            doc("policies/2-55/#2-55-4.A.2.a", "a. 2-55-4.A.2.a", "<p>Use.</p>")])
    own = weights["policies/2-55/#2-55-4.A.2"]["2-55-4.a.2"]
    child = weights["policies/2-55/#2-55-4.A.2.a"]["2-55-4.a.2.a"]
    assert own > child > 1000 * weights["policies/2-55/#2-55-4.A.2"]["use"]


def test_a_page_boost_scales_its_weights() -> None:
    weights = term_weights([doc("policies/1/#a", text="officers"),
                            doc("guide/#a", text="officers", boost=0.1)])
    guide, policy = weights["guide/#a"]["officers"], weights["policies/1/#a"]["officers"]
    assert abs(guide * 10 - policy) <= 10


def test_each_page_lists_its_own_entry_first() -> None:
    pages = group_pages([doc("a/#x", "X"), doc("a/", "A"), doc("b/#y", "Y")])
    assert [[d.location for d in page] for page in pages] == [["a/", "a/#x"], ["b/", "b/#y"]]
    assert pages[1][0].title == "Y"  # made up from its first section where the index had none


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text("ab1.-", min_size=1, max_size=6), st.integers(1, 9_000),
                       max_size=60))
def test_every_term_is_in_the_shard_of_its_longest_listed_prefix(sizes: dict[str, int]) -> None:
    shards = shard_terms(sizes)
    prefixes = [prefix for prefix, _ in shards]
    assert prefixes == sorted(set(prefixes))
    placed = {term: prefix for prefix, terms in shards for term in terms}
    assert sorted(placed) == sorted(sizes)
    for term, prefix in placed.items():
        # What the worker looks up: the longest listed prefix of the term.
        assert prefix == max((p for p in prefixes if term.startswith(p)), key=len)
    for prefix, terms in shards:
        if len(terms) > 1 and any(len(term) > len(prefix) for term in terms):
            assert sum(sizes[term] + len(term) for term in terms) <= SHARD_BYTES


def test_the_files_register_themselves_and_read_back() -> None:
    text = registered("p/3", [["a/", "A &amp; B", "<p>x</p>"]])
    assert text.startswith('__pkSearch("p/3",')
    assert read_registered(text) == ("p/3", [["a/", "A &amp; B", "<p>x</p>"]])


def test_superseded_text_is_indexed_apart() -> None:
    docs = [doc("policies/1/", "1 Use"), doc("policies/1/#1-1", "1-1", "<p>current words</p>"),
            doc("policies/1/2001/", "1 Use (2001, superseded)", "", 0.1),
            doc("policies/1/2001/#1-1", "1-1", "<p>considering words</p>", 0.1)]
    files = index_files(docs, frozenset({"policies/1/2001/"}))
    current = " ".join(text for name, text in files.items() if name.startswith("current/t/"))
    old = " ".join(text for name, text in files.items() if name.startswith("superseded/t/"))
    assert '"considering"' in old and '"considering"' not in current
    assert '"current"' in current and '"current"' not in old
    assert {"current/meta.js", "superseded/meta.js", "p/0-0.js", "p/1-0.js"} <= set(files)


def test_the_built_site_has_a_split_index_and_a_stub_for_the_theme(built_site: Path) -> None:
    stub = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["config"]["separator"] == SEPARATOR
    folder = built_site / "pk-search"
    assert (folder / "current" / "meta.js").exists()
    assert (built_site / "assets" / "policykit" / "pk-search-worker.js").exists()
    biggest = max(path.stat().st_size for path in folder.rglob("*.js"))
    assert biggest < 200_000


def test_print_only_blocks_stay_out_of_search(built_site: Path) -> None:
    docs = [d for d in read_search_documents(built_site) if d["location"].startswith("policies/")]
    assert any("/redline/" in d["location"] for d in docs)  # redlines are searched
    generated = " ".join(d["title"] + d["text"] for d in docs)
    assert "Uncontrolled when printed" not in generated
    assert "How to read this redline" not in generated


def test_guides_rank_below_policies_unless_they_say_otherwise() -> None:
    assert ranked_meta({"title": "Guide"}, None)["search"] == {"boost": 0.1}
    assert ranked_meta({"search": {"boost": 2}}, None)["search"] == {"boost": 2}
    assert "search" not in ranked_meta({"title": "SOP"}, "policy")


# --- the index `policykit serve` keeps, and replaces a few pages of ------------------------------

PAGES = ("", "guide/", "policies/1/", "policies/1/2001/", "policies/2/", "policies/2/2001/")
VOCABULARY = ("officers", "force", "de-escalation", "crisis", "team", "report", "2-55-4.A.2",
              "1-1.A", "supervisor", "sworn", "personnel", "use", "the", "bodycam", "bail")


def _page_docs(draw: st.DrawFn, url: str) -> list[SearchDocument]:
    anchors = draw(st.lists(st.sampled_from(("", "#1-1", "#1-1.A", "#1-1.B", "#x")), unique=True,
                            max_size=4))
    boost = 0.1 if url == "guide/" else 1.0
    return [doc(url + anchor, draw(st.sampled_from(VOCABULARY)),
                "<p>" + " ".join(draw(st.lists(st.sampled_from(VOCABULARY), max_size=8))) + "</p>",
                boost) for anchor in anchors]


@st.composite
def index_and_edit(draw: st.DrawFn) -> tuple[list[SearchDocument], list[SearchDocument],
                                             list[str], frozenset[str], frozenset[str]]:
    """Documents, fresh documents of some pages, the pages re-rendered, superseded before and
    after."""
    urls = draw(st.lists(st.sampled_from(PAGES), unique=True, min_size=1))
    docs = [found for url in urls for found in _page_docs(draw, url)]
    rendered = draw(st.lists(st.sampled_from(PAGES), unique=True, min_size=1, max_size=3))
    fresh = [found for url in rendered for found in _page_docs(draw, url)]
    old = frozenset(url for url in PAGES if url.endswith("2001/"))
    new = old if draw(st.booleans()) else frozenset({"policies/1/2001/"})
    return docs, fresh, rendered, old, new


def _merged(docs: list[SearchDocument], fresh: list[SearchDocument],
            rendered: list[str]) -> list[SearchDocument]:
    """The theme's index after a re-render of the `rendered` pages: each page's fresh
    documents where its old ones were, a page new to the index last."""
    by_page: dict[str, list[SearchDocument]] = {url: [] for url in rendered}
    for found in fresh:
        by_page.setdefault(found.page, []).append(found)
    merged: list[SearchDocument] = []
    placed: set[str] = set()
    for found in docs:
        if found.page not in by_page:
            merged.append(found)
        elif found.page not in placed:
            merged.extend(by_page[found.page])
            placed.add(found.page)
    return merged + [found for url, page in by_page.items() if url not in placed
                     for found in page]


@settings(max_examples=150, deadline=None)
@given(index_and_edit(), st.sampled_from([24_000, 60]))
def test_replacing_pages_gives_the_files_of_the_whole_index_made_again(
        case: tuple[list[SearchDocument], list[SearchDocument], list[str], frozenset[str],
                    frozenset[str]], shard_bytes: int) -> None:
    from unittest import mock

    from toolkit.site.search import SplitIndex

    docs, fresh, rendered, old, new = case
    with mock.patch("toolkit.site.search.SHARD_BYTES", shard_bytes):  # small: many shards
        index, files = SplitIndex.build(docs, old)
        assert files == index_files(docs, old)
        change = index.replace_pages(fresh, rendered, new)
        expected = index_files(_merged(docs, fresh, rendered), new)
    assert change.removed.isdisjoint(change.written)
    files = {name: text for name, text in files.items() if name not in change.removed}
    assert {**files, **change.written} == expected


def test_an_edit_to_one_page_rewrites_its_files_and_its_words_shards_only() -> None:
    from unittest import mock

    from toolkit.site.search import SplitIndex

    def page(url: str, words: str, clauses: int = 1) -> list[SearchDocument]:
        return [doc(url, "Policy"), *(doc(f"{url}#1-{n}", f"1-{n}", f"<p>{words}</p>")
                                      for n in range(1, clauses + 1))]

    docs = [d for n in range(40) for d in page(f"policies/{n}/", f"officers report{n}" + (
        f" ledger{n}" if n != 7 else ""))]  # shards of `l` the edit does not touch
    edited = page("policies/7/", "officers zebra", clauses=2)  # one document more
    made: list[str] = []
    with mock.patch("toolkit.site.search.SHARD_BYTES", 200):
        index, files = SplitIndex.build(docs, frozenset())
        with mock.patch("toolkit.site.search.registered", side_effect=lambda key, data: (
                made.append(key), registered(key, data))[1]):
            change = index.replace_pages(edited, ["policies/7/"], frozenset())
        expected = index_files([*docs[:14], *edited, *docs[16:]], frozenset())
    kept = {name: text for name, text in files.items() if name not in change.removed}
    assert {**kept, **change.written} == expected
    assert change.removed == {"current/t/7265706f727437.js"}  # report7's own shard
    assert "p/7-0.js" in change.written and not any(
        name.startswith("p/") and name != "p/7-0.js" for name in change.written)
    # report7 left, zebra came, officers is in one more document: their shards, and the meta
    # file (its document count), of many
    shards = {name for name in change.written if "/t/" in name}
    assert 1 <= len(shards) <= 3 < len([name for name in files if "/t/" in name]) // 4
    assert "current/meta.js" in change.written
    assert len(made) <= len(change.written) + 3  # not made, then found unchanged, either


def test_the_index_written_a_file_at_a_time_is_the_index_made_whole() -> None:
    from toolkit.site.search import SplitIndex

    docs = [doc(f"policies/{n}/", f"Policy {n}") for n in range(5)] + [
        doc(f"policies/{n}/#{n}-1", f"{n}-1", f"<p>officers report {n}</p>") for n in range(5)]
    whole, files = SplitIndex.build(docs, frozenset({"policies/3/"}))
    streamed = SplitIndex.counted(docs, frozenset({"policies/3/"}))
    assert list(streamed.each_file()) == list(files.items())
    assert streamed.digests == whole.digests and streamed.postings == whole.postings


def test_counts_made_where_the_pages_were_made_are_used_as_given() -> None:
    from toolkit.site.search import SplitIndex, field_counts

    docs = [doc("policies/1/", "Policy"), doc("policies/1/#1-1", "1-1", "<p>officers</p>")]
    known = {"policies/1/#1-1": {"text": {"zebra": 1}}, "policies/1/": None}
    index = SplitIndex.counted(docs, frozenset(), known)
    assert index.counts == {"policies/1/": field_counts(docs[0]),
                            "policies/1/#1-1": {"text": {"zebra": 1}}}
    assert "zebra" in index.frequency and "officers" not in index.frequency
