"""`policykit serve`: the preview keeps answering after a bad edit and shows the errors with
file:line; an address it cannot serve on is one line and exit 1. See site/trust.md."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from tests.site.conftest import ROOT, make_project
from toolkit.site.preview import BANNER_CLASS, render_error_banner, render_error_page

PAGE = "policies/2-55/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(project: Path, *args: str, log: IO[str] | None = None) -> subprocess.Popen[str]:
    """`policykit serve`; its messages go to `log` (a file: a long run would fill a pipe)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen([sys.executable, "-m", "toolkit.cli", "serve", *args], cwd=project,
                            env=env, stdout=subprocess.DEVNULL, stderr=log or subprocess.PIPE,
                            text=True)


def fetch(url: str) -> str:
    """The page; a request that hangs fails the test after 5 seconds."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


@pytest.fixture()
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the repository's policies served on a free port; the server is always stopped."""
    project = make_project(tmp_path / "project", ROOT / "policies").parent
    with served_on_a_free_port(project, PAGE, tmp_path / "serve.log") as url:
        yield project, url


@contextlib.contextmanager
def served_on_a_free_port(project: Path, page: str, log: Path, *args: str) -> Iterator[str]:
    """`policykit serve` of `project` on a free port, its messages in `log`: the URL of
    `page` once it answers. The server is always stopped."""
    port = free_port()
    with log.open("w", encoding="utf-8") as messages:
        process = serve(project, "-a", f"127.0.0.1:{port}", *args, log=messages)
        url = f"http://127.0.0.1:{port}/{page}"
        try:
            wait_until(lambda: answers(url) or process.poll() is not None, 120, "the preview")
            assert process.poll() is None, log.read_text(encoding="utf-8")
            yield url
        finally:
            stop(process)


def stop(process: subprocess.Popen[str]) -> None:
    """Stop a preview as a user does (it removes its temporary site), or kill it if it hangs."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def answers(url: str) -> bool:
    try:
        fetch(url)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False
    return True


BAD_EDITS = {
    "a label out of order": ("    - **c.** When feasible", "    - **f.** When feasible",
                             'policies/2-55/revised.md:45: clause label "f." is out of sequence'),
    "a bad status": ("status: effective", "status: in force", "policies/2-55/revised.md:"),
}


def test_the_preview_keeps_answering_after_a_bad_edit_and_shows_the_error(
        preview: tuple[Path, str]) -> None:
    project, url = preview
    policy = project / "policies" / "2-55" / "revised.md"
    good = policy.read_text(encoding="utf-8")
    assert BANNER_CLASS not in fetch(url)
    for old, new, shown in BAD_EDITS.values():
        assert old in good
        policy.write_text(good.replace(old, new, 1), encoding="utf-8")
        # Each request answers within 5 seconds (it hung until the file was fixed).
        wait_until(lambda: BANNER_CLASS in fetch(url), 30, "the error banner")
        page = fetch(url)
        assert shown in page
        assert "De-escalation" in page  # the last good site, still there under the banner
        policy.write_text(good, encoding="utf-8")
        wait_until(lambda: BANNER_CLASS not in fetch(url), 30, "the banner to go")


def refused(process: subprocess.Popen[str]) -> str:
    """The stderr of a serve that should stop at once; one that serves instead is killed."""
    try:
        return process.communicate(timeout=60)[1]
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=30)


def test_an_address_out_of_range_is_one_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project").parent
    result = serve(project, "-a", "127.0.0.1:99999")
    err = refused(result)
    assert result.returncode == 1
    assert err == "error: 127.0.0.1:99999: not an address to serve on: give HOST:PORT, " \
                  "with a port from 1 to 65535\n"


def test_a_busy_port_is_one_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project").parent
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = serve(project, "-a", f"127.0.0.1:{port}")
        err = refused(result)
    assert result.returncode == 1
    assert err == f"error: 127.0.0.1:{port}: cannot serve here: Address already in use\n"


def test_serve_refuses_to_start_on_what_check_rejects(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project").parent
    policy = project / "policies" / "2-55" / "2023.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace("- **B.**", "- **D.**", 1),
                      encoding="utf-8")
    result = serve(project, "-a", f"127.0.0.1:{free_port()}")
    err = refused(result)
    assert result.returncode == 1
    lines = err.splitlines()
    assert lines[0].startswith("policies/2-55/2023.md:")
    assert lines[-1].endswith("error(s) found by policykit check; nothing was published")


def test_error_messages_are_text_in_the_banner_and_the_error_page() -> None:
    message = 'policies/x.md:3: label "<img src=x onerror=alert(1)>" \x0b'
    for html in (render_error_banner([message]), render_error_page([message])):
        assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "policies/x.md:3:" in html


def test_a_rebuild_that_fails_keeps_the_server_answering_with_the_error(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    from toolkit.mkdocs_plugin import PreviewErrors

    calls: list[str] = []

    def failing_build() -> None:
        calls.append("build")
        logging.getLogger("mkdocs.commands.build").error("Error building page 'x.md': disk full")
        raise RuntimeError("Aborted with a BuildError!")

    server = LiveReloadServer(builder=failing_build, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        good = make_project(tmp_path / "project").parent / "policies"
        PreviewErrors(server, good)
        server.builder()  # mkdocs' rebuild loop calls it: it must not raise
        assert calls == ["build"]
        page = server._inject_js_into_html(b'<html><body dir="ltr"><p>old</p></body></html>', 1)
        assert page.startswith(b'<html><body dir="ltr"><div class="pk-preview-error"')
        assert b"<code>Error building page 'x.md': disk full</code>" in page
        assert b"<p>old</p>" in page
        missing = server.error_handler(404)
        assert missing is not None and b"disk full" in missing
    finally:
        server.server_close()


def test_a_rebuild_of_policies_check_rejects_does_not_build_at_all(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    from toolkit.mkdocs_plugin import PreviewErrors

    calls: list[str] = []
    server = LiveReloadServer(builder=lambda: calls.append("build"), host="127.0.0.1", port=0,
                              root=str(tmp_path))
    try:
        policies = make_project(tmp_path / "project").parent / "policies"
        policy = policies / "2-55" / "2023.md"
        good = policy.read_text(encoding="utf-8")
        policy.write_text(good.replace("- **B.**", "- **D.**", 1), encoding="utf-8")
        preview = PreviewErrors(server, policies)
        server.builder()
        assert calls == []
        assert preview.messages and all(m.startswith(f"{policy}:") for m in preview.messages)
        policy.write_text(good, encoding="utf-8")
        server.builder()
        assert calls == ["build"] and preview.messages == []
        assert server._inject_js_into_html(b"<body></body>", 1).count(b"pk-preview-error") == 0
    finally:
        server.server_close()


def test_an_open_page_reloads_by_itself_and_shows_the_errors_at_the_top(
        preview: tuple[Path, str], browser: Any) -> None:
    project, url = preview
    policy = project / "policies" / "2-55" / "revised.md"
    good = policy.read_text(encoding="utf-8")
    old, new, shown = BAD_EDITS["a label out of order"]
    page = browser.new_page()
    try:
        page.goto(url)
        policy.write_text(good.replace(old, new, 1), encoding="utf-8")
        banner = page.locator(f".{BANNER_CLASS}")
        banner.wait_for(state="visible", timeout=30_000)
        assert shown in banner.inner_text()
        box = banner.bounding_box()
        assert box is not None and box["y"] < 10  # at the top, above the theme's header
        policy.write_text(good, encoding="utf-8")
        banner.wait_for(state="detached", timeout=30_000)
    finally:
        page.close()


def test_only_the_pages_a_re_render_wrote_reload(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from mkdocs.livereload import LiveReloadServer

    from toolkit.cli.serving import PageReloads

    # What each rebuild wrote, as LivePreview notes it (None: a full build, or a failure).
    writes = iter([{"policies/2-55/"}, {"policies/2-55/"}, {"policies/2-19/"}, None])
    live = SimpleNamespace(written=None)

    def build() -> None:
        found = next(writes)
        live.written = None if found is None else frozenset(found)

    server = LiveReloadServer(builder=build, host="127.0.0.1", port=0, root=str(tmp_path))
    server.poll_response_timeout = 0.05  # an open page not to reload waits this long
    try:
        PageReloads(server, live)  # type: ignore[arg-type]

        def rebuild() -> int:
            """What mkdocs' build loop does; the epoch pages were shown at before it."""
            shown = server._visible_epoch
            server._wanted_epoch = shown + 1
            server.builder()
            server._visible_epoch = server._wanted_epoch
            return shown

        def reloads(page: str, epoch: int) -> bool:
            environ = {"PATH_INFO": f"/livereload/{epoch}/1",
                       "HTTP_REFERER": f"http://127.0.0.1:8000/{page}"}
            answer = server._serve_request(environ, lambda *args: None)
            return int(b"".join(answer)) > epoch

        shown = rebuild()  # the first re-render after a full build: every page, for the banner
        assert reloads("policies/2-19/", shown)
        shown = rebuild()  # an edit to 2-55: its pages reload ...
        assert reloads("policies/2-55/", shown) and reloads("policies/2-55/index.html", shown)
        assert not reloads("policies/2-19/", shown) and not reloads("", shown)
        shown = rebuild()  # ... and the follow-up writing 2-19's reloads them, not 2-55's again
        assert reloads("policies/2-19/", shown) and not reloads("policies/2-55/", shown)
        assert reloads("policies/2-55/", shown - 1)  # shown before the edit: it reloads
        shown = rebuild()  # a full build
        assert reloads("policies/2-55/", shown) and reloads("about/", shown)
    finally:
        server.server_close()
