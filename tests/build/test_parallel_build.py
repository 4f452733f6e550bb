"""`policykit build` in parallel and from the cache: the same site, byte for byte, as a serial
build from nothing; the policies parsed once; a damaged cache ignored."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.build.conftest import benchmark_module
from toolkit.cli import main
from toolkit.parallel import run_in_parallel


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("POLICYKIT_CACHE", str(tmp_path / "cache"))
    saved = dict(os.environ)
    yield tmp_path / "cache"
    os.environ.clear()
    os.environ.update(saved)


def build(project: Path, site: Path, *options: str) -> None:
    result = CliRunner().invoke(main, ["build", "-f", str(project / "mkdocs.yml"), "-d", str(site),
                                       *options])
    assert result.exit_code == 0, result.output


def differing_files(one: Path, other: Path) -> list[str]:
    def walk(comparison: filecmp.dircmp[str]) -> list[str]:
        found = [*comparison.diff_files, *comparison.left_only, *comparison.right_only,
                 *comparison.funny_files]
        for sub in comparison.subdirs.values():
            found.extend(walk(sub))
        return found

    comparison = filecmp.dircmp(one, other)
    # dircmp compares by size and time unless told: compare every file's bytes.
    (mismatch, errors) = filecmp.cmpfiles(one, other, _files(one), shallow=False)[1:]
    return walk(comparison) + mismatch + errors


def _files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_parallel_cached_and_serial_builds_are_byte_identical(manual: Path, cache: Path,
                                                              tmp_path: Path) -> None:
    build(manual, tmp_path / "serial", "-j", "1", "--no-cache")
    build(manual, tmp_path / "parallel", "-j", "2")  # fills the cache
    build(manual, tmp_path / "cached", "-j", "2")    # reads it
    assert len(_files(tmp_path / "serial")) > 8 * 8
    assert differing_files(tmp_path / "serial", tmp_path / "parallel") == []
    assert differing_files(tmp_path / "serial", tmp_path / "cached") == []


def test_a_second_build_parses_diffs_and_renders_nothing(manual: Path, cache: Path,
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit import check, library
    from toolkit.site import pages

    build(manual, tmp_path / "first", "-j", "1")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cache should have held this")

    monkeypatch.setattr(library, "parse_version", refuse)
    monkeypatch.setattr(check, "_check_version", refuse)
    monkeypatch.setattr(pages.SiteBuilder, "version_page", refuse)
    monkeypatch.setattr(pages.SiteBuilder, "redline_page", refuse)
    monkeypatch.setattr(pages.SiteBuilder, "history_page", refuse)
    build(manual, tmp_path / "second", "-j", "1")
    assert differing_files(tmp_path / "first", tmp_path / "second") == []


def test_check_and_build_parse_each_file_once(manual: Path, cache: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit import check, library

    parsed: list[str] = []
    real = library.parse_version

    def counting(text: str, source: str = "<string>") -> object:
        parsed.append(source)
        return real(text, source)

    monkeypatch.setattr(library, "parse_version", counting)
    monkeypatch.setattr(check, "parse_version", counting, raising=False)  # check parsed on its own
    build(manual, tmp_path / "site", "-j", "1", "--no-cache")
    assert len(parsed) == 8 * 3
    assert len(set(parsed)) == len(parsed)


def test_a_damaged_cache_is_ignored(manual: Path, cache: Path, tmp_path: Path) -> None:
    build(manual, tmp_path / "first", "-j", "2")
    entries = [path for path in cache.rglob("*") if path.is_file()]
    assert entries
    for number, path in enumerate(entries):
        data = path.read_bytes()
        # Truncated, flipped, emptied or replaced by something that is not ours.
        damaged = (data[: len(data) // 2], data[:-1] + b"!", b"", b"\x80\x04N.")[number % 4]
        path.write_bytes(damaged)
    build(manual, tmp_path / "second", "-j", "2")
    assert differing_files(tmp_path / "first", tmp_path / "second") == []


def test_no_cache_keeps_nothing(manual: Path, cache: Path, tmp_path: Path) -> None:
    build(manual, tmp_path / "site", "--no-cache")
    assert not cache.exists() or not any(path.is_file() for path in cache.rglob("*"))


def test_an_edit_rebuilds_the_edited_policy(manual: Path, cache: Path, tmp_path: Path) -> None:
    build(manual, tmp_path / "first", "-j", "2")
    policy = min((manual / "policies").iterdir())
    newest = max(policy.glob("*.md"))
    original = newest.read_text(encoding="utf-8")
    try:
        newest.write_text(original.replace("officers", "deputies"), encoding="utf-8")
        build(manual, tmp_path / "edited", "-j", "2")
        build(manual, tmp_path / "fresh", "-j", "1", "--no-cache")
    finally:
        newest.write_text(original, encoding="utf-8")
    assert differing_files(tmp_path / "edited", tmp_path / "fresh") == []
    assert differing_files(tmp_path / "first", tmp_path / "edited") != []


def test_jobs_must_be_at_least_one(manual: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-f", str(manual / "mkdocs.yml"), "-j", "0"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "error: Invalid value for '-j' / '--jobs': 0 is not in the range x>=1.")


def _pid(_: int) -> int:
    return os.getpid()


_IN_OTHER_PROCESSES = """
import os
from toolkit.parallel import run_in_parallel

def pid(_):
    return os.getpid()

assert run_in_parallel(lambda number: number * number, range(50), jobs=2) == [
    number * number for number in range(50)]
pids = set(run_in_parallel(pid, range(20), jobs=2))
assert os.getpid() not in pids and len(pids) >= 1, pids
assert run_in_parallel(pid, range(20), jobs=1) == [os.getpid()] * 20
"""


def test_work_runs_in_other_processes_and_keeps_its_order() -> None:
    # In a fresh interpreter: threads left by earlier tests (a browser, an HTTP server) would
    # rightly make this process work serially (see the next test).
    done = subprocess.run([sys.executable, "-c", _IN_OTHER_PROCESSES], capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parents[2], check=False)
    assert done.returncode == 0, done.stderr


def test_work_runs_here_while_other_threads_run() -> None:
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert run_in_parallel(_pid, range(20), jobs=2) == [os.getpid()] * 20
    finally:
        stop.set()
        thread.join()


def test_the_benchmark_reference_searches_the_pages_our_search_indexes(manual: Path, cache: Path,
                                                                        tmp_path: Path) -> None:
    bench = benchmark_module("build_bench")
    built_pages, page_markdown = bench.built_pages, bench.page_markdown
    search_documents, searched_pages = bench.search_documents, bench.searched_pages
    site = tmp_path / "site"
    build(manual, site, "-j", "2")
    searched = searched_pages(site)
    # The current pages are searched; a current version's permalink repeats it and is not.
    assert "policies/1-01/index.md" in searched
    assert {name for name, _ in built_pages(site)} > searched
    page = dict(built_pages(site))["policies/1-01/index.md"]
    assert not page_markdown(page, "policies/1-01/index.md" in searched).startswith("---")
    assert search_documents(site) > len(searched)
