"""The search worker's own rules (pk-search-worker.js), run in Node against index files the
Python side writes: the worker must find each term in the shard `shard_terms` put it in, and
forgive exactly one edit. Skipped where Node is not installed (the browser tests cover the
same paths end to end)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from toolkit.site.search import shard_terms

WORKER = Path(__file__).resolve().parents[2] / "toolkit" / "site" / "assets" / "pk-search-worker.js"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def run_worker(script: str) -> object:
    """Evaluate `script` after the worker's code in Node; return what it prints as JSON."""
    source = ("globalThis.self = globalThis; globalThis.addEventListener = () => {};\n"
              + WORKER.read_text(encoding="utf-8") + "\n" + script)
    done = subprocess.run([str(NODE), "-e", source], capture_output=True, text=True, check=True,
                          timeout=60)
    return json.loads(done.stdout)


def test_the_worker_finds_each_term_in_the_shard_python_put_it_in() -> None:
    sizes = {term: 9_000 for term in ["officer", "officers", "office", "offense", "of",
                                      "2-55-4.a.2", "2-55-4.a.2.a", "2-55-4.b", "sworn"]}
    shards = shard_terms(sizes)
    prefixes = [prefix for prefix, _ in shards]
    expected = {term: number for number, (_, terms) in enumerate(shards) for term in terms}
    found = run_worker(f"""
        const meta = prefixTable({{prefixes: {json.dumps(prefixes)}}});
        console.log(JSON.stringify(Object.fromEntries(
            {json.dumps(sorted(sizes))}.map(term => [term, shardOf(term, meta)]))));""")
    assert found == expected


def test_one_edit_is_forgiven_and_two_are_not() -> None:
    pairs = [("supervsors", "supervisors"), ("concealmnt", "concealment"),
             ("sueprvisors", "supervisors"), ("supervisorss", "supervisors"),
             ("supervisros", "supervisors"), ("suprvsors", "supervisors"),
             ("officer", "officer")]
    found = run_worker(f"""console.log(JSON.stringify(
        {json.dumps(pairs)}.map(([typed, word]) => oneEditApart(typed, word))));""")
    assert found == [True, True, True, True, True, False, False]


def test_a_typed_word_matches_as_typed_then_as_a_start_then_as_a_typo() -> None:
    found = run_worker("""console.log(JSON.stringify([
        quality("officer", "officers"), quality("officers", "officers"),
        quality("officers", "offic"), quality("officers", "oficers"), quality("dog", "cat")]));""")
    assert found == [1, 1, 0.7, 0.3, 0]
