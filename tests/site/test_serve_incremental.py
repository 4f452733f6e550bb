"""`policykit serve` shows an edit to one policy by re-rendering only the pages it touches,
and those pages are what a full build writes. See toolkit/site/incremental.py."""

from __future__ import annotations

import contextlib
import errno
import gc
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.site.conftest import make_project
from tests.site.test_serve_preview import (
    answers,
    fetch,
    free_port,
    served_on_a_free_port,
    wait_until,
)
from toolkit.model import ChangeSet, Version
from toolkit.site.incremental import (
    DiffMemo,
    changed_policies,
    embedded_pairs,
    outward_face,
    snapshot,
)
from toolkit.site.preview import BANNER_CLASS

POLICY = Path("policies/2-55/2023.md")
OLD_WORDS = "guidelines for sworn personnel"
NEW_WORDS = "guidelines for every sworn officer"
SEARCH = {"search/search_index.json", "search/search_index.js"}
"""The theme's index: a stub the split index (`pk-search/`) is written beside."""
TOUCHABLE = {"index.html", "policies/index.html", "glossary/index.html", "changes/index.html",
             "feed.xml", *SEARCH}
"""Site-wide files an edit to one policy may rewrite (the lists that show it)."""


CITING = "policies/2-19/"
"""The pages of the policy that cites 2-55: they preview its clauses (toolkit.site.xref)."""


def _touchable(path: str) -> bool:
    return path.startswith(("policies/2-55/", CITING, "pk-search/")) or path in TOUCHABLE


# --- what an edit changed ----------------------------------------------------------------------

def test_an_edit_inside_a_policy_folder_names_that_policy(tmp_path: Path) -> None:
    policies = make_project(tmp_path / "p").parent / "policies"
    roots = {"policies": policies}
    before = snapshot(roots)
    edited = policies / "2-55" / "2023.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert changed_policies(before, snapshot(roots)) == {"2-55"}
    assert changed_policies(before, before) == frozenset()


def test_a_snapshot_reads_again_only_files_whose_size_or_time_changed(tmp_path: Path) -> None:
    from toolkit.site.incremental import Seen

    policies = make_project(tmp_path / "p").parent / "policies"
    roots, seen = {"policies": policies}, Seen()
    first = snapshot(roots, seen)
    edited = policies / "2-55" / "2023.md"
    status = edited.stat()
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("sworn", "SWORN"), encoding="utf-8")  # same size
    os.utime(edited, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert snapshot(roots, seen) == first  # taken from `seen`, not read
    assert snapshot(roots) != first
    os.utime(edited, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    assert changed_policies(first, snapshot(roots, seen)) == {"2-55"}


@pytest.mark.parametrize("change", ["a new policy", "a removed policy", "the external list",
                                    "a guide page"])
def test_what_is_not_one_known_policy_asks_for_a_full_rebuild(tmp_path: Path, change: str) -> None:
    project = make_project(tmp_path / "p").parent
    policies = project / "policies"
    roots = {"policies": policies, "pages": project / "site"}
    before = snapshot(roots)
    if change == "a new policy":
        (policies / "3-01").mkdir()
        (policies / "3-01" / "2024.md").write_text("x", encoding="utf-8")
    elif change == "a removed policy":
        for path in (policies / "2-19").iterdir():
            path.unlink()
        (policies / "2-19").rmdir()
    elif change == "the external list":
        (policies / ".external.yml").write_text("2-52: the city's site\n", encoding="utf-8")
    else:
        (project / "site" / "about.md").write_text("# About\n", encoding="utf-8")
    assert changed_policies(before, snapshot(roots)) is None


def test_the_outward_face_is_the_title_addresses_and_terms(tmp_path: Path) -> None:
    from toolkit.library import load_policy

    policies = make_project(tmp_path / "p").parent / "policies"
    face = outward_face(load_policy(policies / "2-55"))
    assert face.title == "Use of Force: De-escalation"
    assert "2-55-4.A.1" in face.addresses and "de-escalation" in face.terms


# --- the search index and the memo -------------------------------------------------------------

def test_the_search_index_keeps_other_pages_documents_and_their_order() -> None:
    from toolkit.site.search import SearchDocument, SplitIndex

    def docs(*locations: str) -> list[SearchDocument]:
        return [SearchDocument(location, location.upper(), "") for location in locations]

    kept, _ = SplitIndex.build(docs("", "a/", "a/#x", "b/", "d/"), frozenset())
    kept.replace_pages(docs("a/", "c/"), ["a/", "c/", "d/"], frozenset())
    assert [[doc.location for doc in page] for page in kept.pages.values()] == [
        [""], ["a/"], ["b/"], ["c/"]]  # in place; a new page last; one with none left out


def test_the_memo_holds_on_to_the_pairs_it_is_told_to_keep(tmp_path: Path) -> None:
    from toolkit.diff import diff_versions
    from toolkit.library import load_policy

    policy = load_policy(make_project(tmp_path / "p").parent / "policies" / "2-55")
    old, new = policy.versions
    calls: list[tuple[Version, Version]] = []

    def compare(a: Version, b: Version) -> ChangeSet:
        calls.append((a, b))
        return diff_versions(a, b)

    memo = DiffMemo(compare, lambda changes: None)  # type: ignore[arg-type, return-value]
    assert memo.compare(old, new) is memo.compare(old, new)  # keeps every pair by default
    assert len(calls) == 1
    memo.keep_only(frozenset({(new, old)}))
    memo.compare(old, new)
    memo.compare(old, new)
    assert len(calls) == 3  # let go of, and not kept again
    memo.keep_only(frozenset({(old, new)}))
    memo.compare(old, new)
    memo.compare(old, new)
    assert len(calls) == 4


def test_a_policy_cites_another_where_its_id_starts_a_word(tmp_path: Path) -> None:
    from toolkit.library import load_library
    from toolkit.site.incremental import citing_policies

    policies = make_project(tmp_path / "p").parent / "policies"
    library = load_library(policies)
    assert citing_policies(library.policies, {"2-55"}) == {"2-19"}  # `{id: 2-55, ...}`
    assert citing_policies(library.policies, {"2-19"}) == {"2-55"}  # `as SOP 2-19 describes`
    # `SOP 2-8` names 2-8; `2-55-4.A.2` names 2-55, not 55-4, 5-4 or 2-5
    assert citing_policies(library.policies, {"2-8"}) == {"2-19"}
    assert citing_policies(library.policies, {"55-4", "5-4", "2-5"}) == frozenset()


def test_the_changes_page_embeds_the_newest_redlines(tmp_path: Path) -> None:
    from toolkit.library import load_library

    library = load_library(make_project(tmp_path / "p").parent / "policies")
    pairs = embedded_pairs(library.policies)
    assert {(old.policy, old.version, new.version) for old, new in pairs} >= {
        ("2-55", "2021", "2023")}


# --- the preview, in this process --------------------------------------------------------------

@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The fixture manual in a project folder, made the working folder; the environment and
    the collector are restored afterwards (a build sets SOURCE_DATE_EPOCH, serve freezes)."""
    folder = make_project(tmp_path / "project").parent
    monkeypatch.chdir(folder)
    saved = dict(os.environ)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        yield folder
    finally:
        gc.unfreeze()
        os.environ.clear()
        os.environ.update(saved)


def _preview(project: Path, site: Path) -> Any:
    from toolkit.cli.serving import LivePreview
    from toolkit.site.incremental import new_memo

    live = LivePreview(project / "mkdocs.yml", "127.0.0.1:8000", site, new_memo())
    live.full_build()
    return live


def _rebuild_until_done(live: Any) -> None:
    """What the server does after an edit: a rebuild, and the one it asks for after."""
    live.check()
    live()
    while live.later:
        live.check()
        live()


def _age_every_file(site: Path) -> None:
    for path in site.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(1, 1))


def _rewritten(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*")
            if path.is_file() and path.stat().st_mtime_ns != 1}


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*")
            if path.is_file()}


def _edit(policy: Path, old: str, new: str) -> None:
    policy.write_text(policy.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _assert_like_a_full_build(project: Path, tmp_path: Path) -> Any:
    """The preview's site (`tmp_path/site`) is byte for byte what a full build writes; that
    build's preview."""
    full = _preview(project, tmp_path / "full")
    assert _files(tmp_path / "site") == _files(tmp_path / "full")
    return full


def _recording_server(asked: list[str], edited: Callable[[], bool] = lambda: False) -> Any:
    """A stand-in for the live-reload server (`serving.Server`) noting what it is asked."""
    return type("Server", (), {"ask_rebuild": lambda self: asked.append("again"),
                               "serve_meanwhile": lambda self: asked.append("serve"),
                               "hold_requests": lambda self: asked.append("hold"),
                               "edited": lambda self: edited()})()


def _edit_and_rebuild_once(project: Path, site: Path, caplog: pytest.LogCaptureFixture,
                           old: str, new: str) -> None:
    """A preview in `site`, then an edit of 2-55 and the rebuild the server starts for it."""
    live = _preview(project, site)
    _edit(project / POLICY, old, new)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        live.check()
        live()


def test_an_edit_rewrites_only_its_pages_and_they_equal_a_full_build(
        project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    live = _preview(project, tmp_path / "site")
    _age_every_file(tmp_path / "site")
    _edit(project / POLICY, OLD_WORDS, NEW_WORDS)
    asked: list[str] = []
    live.server = _recording_server(asked)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        live.check()
        live()
        # The edited policy's pages first: the browsers reload with them ...
        assert NEW_WORDS in (tmp_path / "site" / "policies/2-55/index.html").read_text("utf-8")
        assert NEW_WORDS not in (tmp_path / "site" / CITING / "index.html").read_text("utf-8")
        assert asked == ["again"]
        live.check()  # ... then the rebuild it asked the server for, serving meanwhile
        live()
    assert asked == ["again", "serve", "hold"]  # it wrote 2-19's pages: the browsers reload
    assert "Re-rendered" in caplog.text and "Building documentation" not in caplog.text
    rewritten = _rewritten(tmp_path / "site")
    assert "policies/2-55/index.html" in rewritten
    assert all(_touchable(path) for path in rewritten), rewritten
    assert "policies/2-55/2021/index.html" not in rewritten  # the old version did not change
    # 2-19 links to 2-55: its page previews the edited words.
    assert NEW_WORDS in (tmp_path / "site" / CITING / "index.html").read_text("utf-8")
    assert _assert_like_a_full_build(project, tmp_path).site is not None


def test_a_text_edit_the_lists_do_not_show_leaves_them_alone(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.site.feed
    import toolkit.site.incremental

    # The changes page embeds no redline here, so a text edit changes nothing it shows.
    monkeypatch.setattr(toolkit.site.feed, "EMBEDDED_REDLINES", 0)
    monkeypatch.setattr(toolkit.site.incremental, "EMBEDDED_REDLINES", 0)
    live = _preview(project, tmp_path / "site")
    _age_every_file(tmp_path / "site")
    _edit(project / POLICY, OLD_WORDS, NEW_WORDS)
    _rebuild_until_done(live)
    rewritten = _rewritten(tmp_path / "site")
    assert "policies/2-55/index.html" in rewritten
    assert all(path.startswith(("policies/2-55/", CITING, "pk-search/")) or path in SEARCH
               for path in rewritten), rewritten
    _assert_like_a_full_build(project, tmp_path)


def test_a_follow_up_that_writes_nothing_serves_meanwhile_and_reloads_no_browser(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.site.feed
    import toolkit.site.incremental

    monkeypatch.setattr(toolkit.site.feed, "EMBEDDED_REDLINES", 0)
    monkeypatch.setattr(toolkit.site.incremental, "EMBEDDED_REDLINES", 0)
    live = _preview(project, tmp_path / "site")
    asked: list[str] = []
    live.server = _recording_server(asked)
    # superseded: 2-19 previews the current text
    _edit(project / "policies/2-55/2021.md", "Supervisors shall become involved",
          "Supervisors shall be involved")
    _rebuild_until_done(live)
    assert asked == ["again", "serve"]
    _assert_like_a_full_build(project, tmp_path)


def test_an_edit_during_the_follow_up_goes_first(project: Path, tmp_path: Path) -> None:
    live = _preview(project, tmp_path / "site")
    asked: list[str] = []
    edited = [False]
    live.server = _recording_server(asked, lambda: edited[0])
    _edit(project / POLICY, OLD_WORDS, NEW_WORDS)
    live.check()
    live()
    edited[0] = True  # the watcher saw another edit while the follow-up worked
    live.check()
    live()
    assert asked == ["again", "serve"] and live.later  # it wrote nothing, and waits
    edited[0] = False
    _rebuild_until_done(live)
    assert asked == ["again", "serve", "serve", "hold"]
    _assert_like_a_full_build(project, tmp_path)


def test_a_date_edit_re_renders_the_lists_that_show_it(project: Path, tmp_path: Path) -> None:
    live = _preview(project, tmp_path / "site")
    _age_every_file(tmp_path / "site")
    _edit(project / "policies/2-55/2021.md", "effective: 2021-03-01", "effective: 2021-03-02")
    _rebuild_until_done(live)
    rewritten = _rewritten(tmp_path / "site")
    assert {"changes/index.html", "feed.xml", "policies/2-55/2021/index.html"} <= rewritten
    _assert_like_a_full_build(project, tmp_path)


def test_a_failed_re_render_falls_back_to_a_full_build(
        project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.cli import serving

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(serving, "render_pages", broken)  # a full build renders no page by it
    _edit_and_rebuild_once(project, tmp_path / "site", caplog, OLD_WORDS, NEW_WORDS)
    assert "Re-rendering failed (disk on fire): every page is built again" in caplog.text
    assert NEW_WORDS in (tmp_path / "site" / "policies/2-55/index.html").read_text("utf-8")


def test_a_title_change_rebuilds_everything(project: Path, tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    _edit_and_rebuild_once(project, tmp_path / "site", caplog,
                           'title: "Use of Force: De-escalation"', 'title: "Use of Force: Calming"')
    assert "every page is built again" in caplog.text
    assert "Use of Force: Calming" in (tmp_path / "site" / "policies/index.html").read_text("utf-8")
    _assert_like_a_full_build(project, tmp_path)


def test_a_definition_change_rebuilds_everything(project: Path, tmp_path: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    # Any page that uses the term previews the definition (toolkit.site.xref).
    _edit_and_rebuild_once(project, tmp_path / "site", caplog,
                           "An action to attempt to calm a situation.",
                           "An action to calm a situation down.")
    assert "a definition changed" in caplog.text and "Re-rendered" not in caplog.text
    _assert_like_a_full_build(project, tmp_path)


# --- the command --------------------------------------------------------------------------------

@contextlib.contextmanager
def serving(folder: Path, *extra: str) -> Iterator[tuple[Path, str, Path]]:
    """`policykit serve` on the fixture manual: the project, a page's URL, the log file."""
    project = make_project(folder / "project").parent
    log = folder / "serve.log"
    with served_on_a_free_port(project, "policies/2-55/", log, *extra) as url:
        yield project, url, log


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    with serving(tmp_path) as found:
        yield found


@pytest.mark.parametrize("extra", [(), ("--no-cache",)], ids=["cache", "no-cache"])
def test_serve_shows_an_edit_without_a_full_rebuild(tmp_path: Path, extra: tuple[str, ...]) -> None:
    with serving(tmp_path, *extra) as (project, url, log):
        _edit_and_see(project, url, log)


def _edit_and_see(project: Path, url: str, log: Path) -> None:
    policy = project / POLICY
    good = policy.read_text(encoding="utf-8")
    assert OLD_WORDS in fetch(url)
    policy.write_text(good.replace(OLD_WORDS, NEW_WORDS), encoding="utf-8")
    wait_until(lambda: NEW_WORDS in fetch(url), 30, "the edit")
    # The page of 2-19 previews the edited clause: the rebuild that follows updates it.
    wait_until(lambda: NEW_WORDS in fetch(url.replace("2-55", "2-19")), 30, "the preview")
    messages = log.read_text(encoding="utf-8")
    assert "Re-rendered" in messages
    assert messages.count("Building documentation") == 1  # the first build only


def test_after_a_bad_edit_is_fixed_the_preview_shows_the_fixed_text(
        served: tuple[Path, str, Path]) -> None:
    project, url, log = served
    policy = project / POLICY
    good = policy.read_text(encoding="utf-8")
    policy.write_text(good.replace("- **C.** Sworn", "- **F.** Sworn"), encoding="utf-8")
    wait_until(lambda: BANNER_CLASS in fetch(url), 30, "the error banner")
    assert "policies/2-55/2023.md:36:" in fetch(url)
    policy.write_text(good.replace(OLD_WORDS, NEW_WORDS), encoding="utf-8")
    wait_until(lambda: BANNER_CLASS not in fetch(url), 30, "the banner to go")
    assert NEW_WORDS in fetch(url)
    assert "Re-rendered" in log.read_text(encoding="utf-8")


def test_an_open_page_reloads_with_the_edit(served: tuple[Path, str, Path], browser: Any) -> None:
    project, url, _ = served
    policy = project / POLICY
    page = browser.new_page()
    try:
        page.goto(url)
        page.get_by_text(OLD_WORDS).wait_for()
        policy.write_text(policy.read_text(encoding="utf-8").replace(OLD_WORDS, NEW_WORDS),
                          encoding="utf-8")
        page.get_by_text(NEW_WORDS).wait_for(timeout=30_000)  # the page reloaded by itself
    finally:
        page.close()


def test_a_terminated_preview_removes_its_temporary_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project").parent
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temporary)}
    process = subprocess.Popen([sys.executable, "-m", "toolkit.cli", "serve", "-a",
                                f"127.0.0.1:{port}"], cwd=project, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until(lambda: answers(url) or process.poll() is not None, 120, "the preview")
        assert [path.name[:16] for path in temporary.iterdir()] == ["policykit-serve-"]
        process.terminate()
        assert process.wait(timeout=30) == 0
        assert list(temporary.iterdir()) == []
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def test_the_preview_keeps_its_diffs_in_the_cache_where_the_next_one_finds_them(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.cache import open_cache
    from toolkit.cli.serving import LivePreview
    from toolkit.site.incremental import new_memo

    monkeypatch.setenv("POLICYKIT_CACHE", str(tmp_path / "cache"))
    first = open_cache()
    LivePreview(project / "mkdocs.yml", "127.0.0.1:8000", tmp_path / "one",
                new_memo(first), first).full_build()
    assert first.misses > 0 and list((tmp_path / "cache" / "diff").rglob("*"))
    kept = _entries(tmp_path / "cache")
    second = open_cache()
    LivePreview(project / "mkdocs.yml", "127.0.0.1:8000", tmp_path / "two",
                new_memo(second), second).full_build()
    assert second.hits > 0 and second.misses == 0
    assert _entries(tmp_path / "cache") == kept  # nothing parsed, diffed or rendered again
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def _entries(cache: Path) -> set[str]:
    return {path.relative_to(cache).as_posix() for path in cache.rglob("*") if path.is_file()}


def test_the_first_rebuild_leaves_the_search_index_to_the_follow_up(
        project: Path, tmp_path: Path) -> None:
    # The browsers reload as soon as the edited pages are written; the index follows.
    live = _preview(project, tmp_path / "site")
    _age_every_file(tmp_path / "site")
    _edit(project / POLICY, OLD_WORDS, NEW_WORDS)
    live.check()
    live()
    first = _rewritten(tmp_path / "site")
    assert "policies/2-55/index.html" in first
    assert not any(path.startswith("pk-search/") for path in first), first
    assert live.later.search  # the pages whose documents the follow-up puts in the index
    while live.later:
        live.check()
        live()
    assert any(path.startswith("pk-search/") for path in _rewritten(tmp_path / "site"))
    _assert_like_a_full_build(project, tmp_path)


def test_source_texts_reads_a_file_again_only_when_it_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.site.incremental
    from toolkit.library import load_policy
    from toolkit.site.incremental import SourceTexts

    policy = load_policy(make_project(tmp_path / "p").parent / "policies" / "2-55")
    version = policy.versions[-1]
    reads: list[str] = []
    read = toolkit.site.incremental._lowered_source
    monkeypatch.setattr(toolkit.site.incremental, "_lowered_source",
                        lambda version: reads.append(version.source) or read(version))
    texts = SourceTexts()
    assert OLD_WORDS in texts(version) and OLD_WORDS in texts(version)
    assert len(reads) == 1
    source = Path(version.source)
    source.write_text(source.read_text(encoding="utf-8").replace(OLD_WORDS, NEW_WORDS.upper()),
                      encoding="utf-8")
    assert NEW_WORDS in texts(version)  # lower-cased, read again
    assert len(reads) == 2


@pytest.mark.skipif(sys.platform != "linux", reason="inotify is Linux's")
def test_the_watcher_reports_a_write_and_not_a_read(tmp_path: Path) -> None:
    import threading

    from watchdog.events import FileSystemEventHandler

    from toolkit.cli.serving import file_watcher

    watched = tmp_path / "policies"
    watched.mkdir()
    policy = watched / "2023.md"
    policy.write_text("old", encoding="utf-8")
    events: list[object] = []
    seen = threading.Event()
    handler = FileSystemEventHandler()
    handler.on_any_event = lambda event: (events.append(event), seen.set())  # type: ignore[method-assign]
    watcher = file_watcher()
    watcher.schedule(handler, str(watched), recursive=True)
    watcher.start()
    try:
        policy.read_text(encoding="utf-8")  # the rebuild reads the policies: no rebuild for that
        assert not seen.wait(0.5), events
        policy.write_text("new", encoding="utf-8")
        assert seen.wait(5)  # reported as it happens, not at the next poll
    finally:
        watcher.stop()
        watcher.join()


@pytest.mark.skipif(sys.platform != "linux", reason="inotify is Linux's")
def test_the_watcher_polls_where_the_system_has_no_inotify_left(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import watchdog.observers.inotify
    from watchdog.observers.polling import PollingObserver

    from toolkit.cli.serving import POLLING_SECONDS, file_watcher

    class UsedUp(watchdog.observers.inotify.InotifyObserver):
        def __init__(self) -> None:
            raise OSError(24, "inotify instance limit reached")

    monkeypatch.setattr(watchdog.observers.inotify, "InotifyObserver", UsedUp)
    fallback = file_watcher()
    assert isinstance(fallback, PollingObserver) and fallback.timeout == POLLING_SECONDS


def _inotify_used_up(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Every inotify watch started from now on fails as the kernel fails it when used up."""
    import watchdog.observers.inotify

    def used_up(emitter: object) -> None:
        raise OSError(code, "inotify watch limit reached")

    monkeypatch.setattr(watchdog.observers.inotify.InotifyEmitter, "on_thread_start", used_up)


def _watching(watcher: Any, folder: Path) -> Any:
    """Watch a folder; what is returned waits for a write there."""
    import threading

    from watchdog.events import FileSystemEventHandler

    seen = threading.Event()
    handler = FileSystemEventHandler()
    handler.on_any_event = lambda event: seen.set()  # type: ignore[method-assign]
    watcher.schedule(handler, str(folder), recursive=True)

    def written(seconds: float = 5) -> bool:
        seen.clear()
        (folder / "2023.md").write_text(f"edited {time.time()}", encoding="utf-8")
        return seen.wait(seconds)
    return written


@pytest.mark.skipif(sys.platform != "linux", reason="inotify is Linux's")
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EMFILE])
def test_the_watcher_polls_when_inotify_runs_out_as_it_starts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    import threading

    from watchdog.events import FileSystemEventHandler

    from toolkit.cli.serving import file_watcher

    folder = tmp_path / "policies"
    folder.mkdir()
    _inotify_used_up(monkeypatch, code)
    seen = threading.Event()
    handler = FileSystemEventHandler()
    handler.on_any_event = lambda event: seen.set()  # type: ignore[method-assign]
    watcher = file_watcher()
    watcher.schedule(handler, str(folder), recursive=True)
    watcher.start()  # the system's limit is met here, not at construction
    try:
        (folder / "2023.md").write_text("new", encoding="utf-8")
        assert seen.wait(5)  # by the next poll
    finally:
        watcher.stop()
        watcher.join()
    assert not watcher.is_alive()


@pytest.mark.skipif(sys.platform != "linux", reason="inotify is Linux's")
def test_the_watcher_keeps_every_watch_when_inotify_runs_out_later(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.cli.serving import file_watcher

    first, later = tmp_path / "policies", tmp_path / "site"
    first.mkdir()
    later.mkdir()
    watcher = file_watcher()
    first_written = _watching(watcher, first)
    watcher.start()
    try:
        assert first_written()  # by inotify
        _inotify_used_up(monkeypatch, errno.ENOSPC)
        later_written = _watching(watcher, later)  # the system's limit is met here
        assert later_written() and first_written()  # both polled now
    finally:
        watcher.stop()
        watcher.join()


def test_a_builder_with_a_policy_replaced_makes_the_pages_a_new_builder_makes(
        tmp_path: Path) -> None:
    from toolkit.library import load_library, load_policy
    from toolkit.site.incremental import with_policies
    from toolkit.site.pages import builder_with, site_builder

    policies = make_project(tmp_path / "p").parent / "policies"
    before = load_library(policies).policies
    _edit(policies / POLICY.relative_to("policies"), OLD_WORDS, NEW_WORDS)
    edited = {"2-55": load_policy(policies / "2-55")}
    fresh = site_builder(with_policies(before, edited))
    reused = builder_with(site_builder(before), edited)
    for policy_id in ("2-55", "2-19"):  # the edited policy, and the one previewing its clauses
        made = [reused.policy_pages(reused.by_id[policy_id]),
                fresh.policy_pages(fresh.by_id[policy_id])]
        assert made[0] == made[1]
        assert any(NEW_WORDS in page.html for page in made[0])
    assert reused.shared_pages() == fresh.shared_pages()


def test_a_follow_up_that_finds_a_new_edit_waiting_does_nothing_for_now(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.cli import serving

    live = _preview(project, tmp_path / "site")
    asked: list[str] = []
    live.server = _recording_server(asked, lambda: True)  # an edit came as it started
    _edit(project / POLICY, OLD_WORDS, NEW_WORDS)
    live.check()
    live()
    found: list[object] = []
    monkeypatch.setattr(serving, "citing_policies", lambda *args: found.append(args))
    live.check()
    live()
    assert found == [] and live.later.cited == {"2-55"} and live.later.search
