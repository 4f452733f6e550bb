"""The synthetic manual: deterministic, valid policy markdown, and truthful about its edits."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path

import generate
import pytest
from generate import GeneratedManual, Truth, generate_manual, generate_prose, write_manual
from hypothesis import example, given, settings
from hypothesis import strategies as st

from toolkit.check import check_paths
from toolkit.model import CHANGE_OPS, Clause, Node, Section, Version
from toolkit.parse import parse_version
from toolkit.tree import index_by_address, walk_version
from toolkit.write import without_positions, write_markdown


@cache
def manual() -> GeneratedManual:
    """A manual big enough that every edit kind and change op shows up."""
    return generate_manual(policies=4, versions=4, seed=7, clauses_per_policy=120)


def _pairs(m: GeneratedManual) -> list[tuple[Version, Version, Truth]]:
    return [(p.versions[i], p.versions[i + 1], truth)
            for p in m.policies for i, truth in enumerate(p.truths)]


def _own_text(node: Node) -> str:
    return f"{node.title} {node.text}" if isinstance(node, Section) else node.text


# ── determinism and shape ───────────────────────────────────────────────────────────────────


def test_same_seed_gives_the_same_manual_and_another_seed_another() -> None:
    first = generate_manual(3, 3, seed=11, clauses_per_policy=40)
    assert first == generate_manual(3, 3, seed=11, clauses_per_policy=40)
    assert first != generate_manual(3, 3, seed=12, clauses_per_policy=40)


def test_first_versions_hold_exactly_the_clauses_asked_for() -> None:
    for policy in manual().policies:
        assert generate.count_clauses(policy.versions[0]) == 120


def test_statuses_dates_and_supersedes_chain() -> None:
    for policy in manual().policies:
        versions = policy.versions
        assert [v.status for v in versions] == ["superseded"] * 3 + ["effective"]
        assert [v.supersedes for v in versions] == [None] + [v.version for v in versions[:-1]]
        dates = [v.effective or "" for v in versions]
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)
        assert dates == sorted(dates) and len(set(dates)) == len(dates)
        assert len(policy.truths) == len(versions) - 1


def test_sections_are_purpose_policy_definitions_then_procedures() -> None:
    for version in manual().versions():
        sections = version.sections
        assert [s.title for s in sections[:3]] == ["Purpose", "Policy", "Definitions"]
        assert [s.number for s in sections] == [
            f"{version.policy}-{n}" for n in range(1, len(sections) + 1)]
        assert version.definitions and {d.section for d in version.definitions} == {
            f"{version.policy}-3"}
        assert all(s.children for s in sections[3:]) and not any(s.children for s in sections[:3])
        assert len({s.title for s in sections}) == len(sections), "titles identify sections"


def _expected_labels(depth: int, count: int) -> list[str]:
    return [generate.LABEL_STYLES[depth](i) for i in range(count)]


def _check_labels(parent_address: str, children: tuple[Clause, ...], depth: int) -> None:
    labels = [c.label for c in children if c.label is not None]
    assert labels == _expected_labels(depth, len(labels)), parent_address
    # unlabelled paragraphs only after a labelled sibling, numbered p1, p2, ...
    paragraphs = [c for c in children if c.label is None]
    assert all(c.address == f"{parent_address}.p{i}" for i, c in enumerate(paragraphs, 1))
    assert children[0].label is not None if children else True
    for child in children:
        assert depth <= generate.MAX_DEPTH
        _check_labels(child.address, child.children, depth + 1)


def test_labels_run_in_sequence_at_every_level_of_every_version() -> None:
    for version in manual().versions():
        for section in version.sections:
            _check_labels(section.number, section.children, 1)


def test_related_sops_and_references_point_at_generated_policies() -> None:
    ids = {p.id for p in manual().policies}
    for version in manual().versions():
        assert {r.id for r in version.meta.related} <= ids - {version.policy}
        text = " ".join(_own_text(node) for node in walk_version(version))
        assert set(re.findall(r"SOP (\d+-\d+)", text)) <= ids


def test_a_lone_policy_cites_no_other_policy() -> None:
    lone = generate_manual(1, 2, seed=4, clauses_per_policy=200)
    text = " ".join(_own_text(node) for v in lone.versions() for node in walk_version(v))
    assert "SOP" not in text and not any(v.meta.related for v in lone.versions())


def test_clause_addresses_in_text_exist_in_the_first_version() -> None:
    for policy in manual().policies:
        first = policy.versions[0]
        addresses = index_by_address(first)
        cited = re.findall(r"See (\d+-\d+-\d+(?:\.\w+)+)\.", " ".join(
            n.text for n in walk_version(first)))
        assert cited and all(address in addresses for address in cited)


# ── markdown ────────────────────────────────────────────────────────────────────────────────


def test_every_version_parses_back_to_the_same_tree_lines_included() -> None:
    for version in manual().versions():
        parsed = parse_version(write_markdown(version), source=version.source)
        assert parsed == version


def test_write_manual_writes_versions_and_documented_truth(tmp_path: Path) -> None:
    small = generate_manual(2, 3, seed=3, clauses_per_policy=30)
    write_manual(small, tmp_path / "policies", tmp_path / "truth")
    for policy in small.policies:
        files = sorted(p.name for p in (tmp_path / "policies" / policy.id).iterdir())
        assert files == sorted(f"{v.version}.md" for v in policy.versions)
        for truth in policy.truths:
            data = json.loads((tmp_path / "truth" / policy.id /
                               f"truth-{truth.old}-{truth.new}.json").read_text())
            assert set(data) == {"policy", "old", "new", "summary", "replacements", "edits",
                                 "changes"}
            assert data == json.loads(json.dumps(truth.to_json()))
            assert set(data["summary"]) == set(CHANGE_OPS) | {"editorial"}


def test_policykit_check_finds_nothing_wrong_with_a_written_manual(tmp_path: Path) -> None:
    write_manual(generate_manual(3, 3, seed=9, clauses_per_policy=80), tmp_path)
    assert [str(d) for d in check_paths([tmp_path])] == []


def test_command_line_writes_policies_and_truth_side_by_side(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert generate.main(["--policies", "2", "--versions", "2", "--clauses", "20",
                          "--seed", "5", "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in (tmp_path / "1-02").iterdir()) == sorted(
        [f"{v.version}.md" for v in generate_manual(2, 2, 5, 20).policies[1].versions]
        + [generate.truth_filename(generate_manual(2, 2, 5, 20).policies[1].truths[0])])
    assert "wrote 2 policies x 2 versions" in capsys.readouterr().out


def test_runs_as_a_script_from_the_repository_root(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/generate.py", "--policies", "1", "--versions", "2",
         "--clauses", "10", "-o", str(tmp_path)],
        cwd=Path(generate.__file__).parent.parent, capture_output=True, text=True,
        check=False)
    assert result.returncode == 0, result.stderr
    assert sorted(p.suffix for p in (tmp_path / "1-01").iterdir()) == [".json", ".md", ".md"]


# ── truth ───────────────────────────────────────────────────────────────────────────────────


def _check_truth(old: Version, new: Version, truth: Truth) -> None:
    """Truth is a ChangeSet-shaped cover of both trees, and each op agrees with the trees."""
    old_nodes, new_nodes = index_by_address(old), index_by_address(new)
    seen_old = [a for c in truth.changes for a in c.old]
    seen_new = [a for c in truth.changes for a in c.new]
    assert sorted(seen_old) == sorted(old_nodes), "every old node in exactly one change"
    assert sorted(seen_new) == sorted(new_nodes), "every new node in exactly one change"
    for edit in truth.edits:
        assert set(edit.old) <= set(old_nodes) and set(edit.new) <= set(new_nodes)
    paired = {c.old[0]: c.new[0] for c in truth.changes if len(c.old) == len(c.new) == 1}
    for change in truth.changes:
        _check_change(change, old_nodes, new_nodes, paired)


def _check_change(change: generate.TruthChange, old: dict[str, Node],
                  new: dict[str, Node], paired: dict[str, str]) -> None:
    arity = {"added": (0, 1), "removed": (1, 0), "split": (1, 2), "merged": (2, 1)}
    assert (len(change.old), len(change.new)) == arity.get(change.op, (1, 1)), change
    if len(change.old) != 1 or len(change.new) != 1:
        return
    a, b = old[change.old[0]], new[change.new[0]]
    assert change.text_changed == (_own_text(a) != _own_text(b))
    depth_a, depth_b = change.old[0].count("."), change.new[0].count(".")
    if change.op == "reparented":
        assert depth_a != depth_b
    else:
        assert depth_a == depth_b, change
    if change.op in ("unchanged", "modified"):
        assert a.label == b.label
        assert (change.op == "modified") == change.text_changed
    if change.op == "renumbered":
        assert a.label != b.label
    if change.op == "moved":
        # Under a parent that is truly the same clause a move keeps its label; a new clause
        # that merely took the old parent's address (seed 478) is another parent.
        old_parent, new_parent = change.old[0].rsplit(".", 1)[0], change.new[0].rsplit(".", 1)[0]
        assert paired.get(old_parent) != new_parent or a.label == b.label


def test_truth_covers_both_versions_and_agrees_with_them() -> None:
    for old, new, truth in _pairs(manual()):
        assert (truth.old, truth.new) == (old.version, new.version)
        _check_truth(old, new, truth)


def test_every_edit_kind_and_every_change_op_occurs() -> None:
    truths = list(manual().truths())
    assert {e.kind for t in truths for e in t.edits} == set(generate.EDITS) | {"replace-term"}
    assert {c.op for t in truths for c in t.changes} == set(CHANGE_OPS)


def test_insertions_renumber_later_siblings_in_a_cascade() -> None:
    renumbered = [c for t in manual().truths() for c in t.changes if c.op == "renumbered"]
    assert len(renumbered) > sum(e.kind == "swap" for t in manual().truths() for e in t.edits) * 2


def test_editorial_edits_are_flagged_editorial_in_the_truth() -> None:
    for truth in manual().truths():
        by_new = {c.new: c for c in truth.changes}
        for edit in truth.edits:
            if edit.kind not in ("editorial", "reword") or _touched_again(truth, edit.new):
                continue
            change = by_new[edit.new]
            assert change.text_changed
            assert change.editorial == (edit.kind == "editorial")


def _touched_again(truth: Truth, new: tuple[str, ...]) -> bool:
    return sum(set(new) <= set(e.new) for e in truth.edits) > 1


def test_a_term_replacement_leaves_no_occurrence_and_counts_what_it_did() -> None:
    pairs = [(old, new, t) for old, new, t in _pairs(manual()) if t.replacements]
    assert pairs
    for old, new, truth in pairs:
        (replacement,) = truth.replacements
        pattern = re.compile(rf"\b{re.escape(replacement.old)}\b")
        assert not any(pattern.search(_own_text(n)) for n in walk_version(new))
        assert replacement.count >= replacement.nodes >= 1
        edit = next(e for e in truth.edits if e.kind == "replace-term")
        assert len(edit.new) == replacement.nodes


def test_a_big_single_policy_pair_for_the_diff_benchmark() -> None:
    big = generate_manual(1, 2, seed=0, clauses_per_policy=1500)
    old, new = big.policies[0].versions
    assert generate.count_clauses(old) == 1500
    _check_truth(old, new, big.policies[0].truths[0])
    assert parse_version(write_markdown(new), source=new.source) == new


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10**6), clauses=st.integers(1, 60), versions=st.integers(1, 3))
@example(seed=478, clauses=2, versions=3)  # a new clause takes the address of a merged one
def test_truth_holds_for_any_seed_and_size(seed: int, clauses: int, versions: int) -> None:
    m = generate_manual(2, versions, seed=seed, clauses_per_policy=clauses)
    for policy in m.policies:
        assert generate.count_clauses(policy.versions[0]) == clauses
    for old, new, truth in _pairs(m):
        _check_truth(old, new, truth)
    for version in m.versions():
        assert parse_version(write_markdown(version), source=version.source) == version


# ── prose ───────────────────────────────────────────────────────────────────────────────────


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), words=st.integers(1, 400))
def test_prose_has_exactly_the_words_asked_for(seed: int, words: int) -> None:
    prose = generate_prose(random.Random(seed), words)
    assert len(prose.split()) == words and prose.endswith(".")
    assert prose == generate_prose(random.Random(seed), words)


def test_forty_thousand_words_of_prose_for_the_importer_benchmark() -> None:
    prose = generate_prose(random.Random(0), 40_000, sops=("2-19", "2-52"))
    assert len(prose.split()) == 40_000
    assert "SOP 2-19" in prose and "shall" in prose


def _without_lines(node: Clause) -> Clause:
    return replace(node, line=0, children=tuple(_without_lines(c) for c in node.children))


def test_assign_lines_follows_the_written_markdown() -> None:
    version = manual().policies[0].versions[0]
    blank = replace(version, sections=tuple(
        replace(s, line=0, children=tuple(_without_lines(c) for c in s.children))
        for s in version.sections),
                    definitions=tuple(replace(d, line=0) for d in version.definitions))
    assert blank != version
    text = write_markdown(version)
    assert generate.assign_lines(blank, text) == version
    lines = text.splitlines()
    for node in walk_version(version):
        label = node.number if isinstance(node, Section) else node.label
        if label is not None:
            assert (f"## {label} " if isinstance(node, Section) else f"**{label}.**") in lines[
                node.line - 1]


def test_a_big_pair_is_joined_pieces_with_a_truthful_changes_list() -> None:
    """generate_pair (linear in size): the pieces' sections follow on, nothing repeats, and
    every true change names nodes that exist on its side."""
    pair = generate.generate_pair("1-01", "Generated", seed=3, clauses=250, chunk=100)
    assert generate.count_clauses(pair.old) == 250
    for version in (pair.old, pair.new):
        again = parse_version(write_markdown(version))
        assert without_positions(again) == without_positions(version)
        numbers = [section.number for section in version.sections]
        assert numbers == [f"1-01-{n}" for n in range(1, len(numbers) + 1)]
        clauses = [node for node in walk_version(version) if isinstance(node, Clause)]
        assert len({c.text for c in clauses}) == len(clauses)
        pinned = [c.id for c in clauses if c.id]
        assert len(set(pinned)) == len(pinned)
    old, new = index_by_address(pair.old), index_by_address(pair.new)
    assert pair.changes and all(c.op != "unchanged" for c in pair.changes)
    assert all(a in old for c in pair.changes for a in c.old)
    assert all(a in new for c in pair.changes for a in c.new)
    renumbered = [c for c in pair.changes if c.old and c.new and "." not in c.old[0] + c.new[0]
                  and c.old != c.new]  # sections whose joined numbers differ
    assert all(c.op == "renumbered" for c in renumbered)


def test_a_pair_within_one_piece_is_generate_policys() -> None:
    pair = generate.generate_pair("1-01", "Generated", seed=3, clauses=90, chunk=100)
    policy = generate.generate_policy("1-01", "Generated", 2, 3, 90)
    assert (pair.old, pair.new) == policy.versions
