"""`policykit build` never loses a file: what it refuses to replace, the atomic swap, the lock,
what a killed build leaves, and the checks it runs first. See site/trust.md."""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.site.conftest import make_project
from toolkit.check import check_paths
from toolkit.errors import BuildError
from toolkit.site import publish
from toolkit.site.publish import MARKER, Sources, build_lock, publish_site

# --- helpers ---------------------------------------------------------------------------------


def policykit(project: Path, *args: str, **popen: object) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    streams: dict[str, object] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.Popen([sys.executable, "-m", "toolkit.cli", *args], cwd=project, env=env,
                            text=True, **{**streams, **popen})  # type: ignore[call-overload]


def run(project: Path, *args: str, **popen: object) -> tuple[int, str, str]:
    process = policykit(project, *args, **popen)
    out, err = process.communicate(timeout=180)
    return process.returncode, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Hidden files and folders a build may leave beside its target."""
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project").parent


def write_site(label: str, pages: int = 5) -> Callable[[Path], None]:
    """A stand-in for mkdocs: writes a small site whose every page says `label`."""
    def build(folder: Path) -> None:
        for number in range(pages):
            (folder / f"page{number}.html").write_text(label, encoding="utf-8")
        (folder / "index.html").write_text(label, encoding="utf-8")
    return build


def site_label(target: Path, pages: int = 5) -> str:
    """The label of the complete site at `target`; fails unless the site is whole."""
    assert (target / MARKER).is_file()
    texts = {(target / f"page{n}.html").read_text(encoding="utf-8") for n in range(pages)}
    texts.add((target / "index.html").read_text(encoding="utf-8"))
    assert len(texts) == 1, texts
    return texts.pop()


def sources_of(project: Path) -> Sources:
    return Sources(project=project, pages=project / "site", policies=project / "policies")


# --- what build refuses to replace -----------------------------------------------------------

REFUSALS = {
    ".": "/project: refusing to put the site here: it is the project folder",
    "policies": "/project/policies: refusing to put the site here: it is the policies folder",
    "site": "/project/site: refusing to put the site here: it is the pages folder (docs_dir)",
    "..": ": refusing to put the site here: it holds the project folder ",
    "site/out": "/project/site/out: refusing to put the site here: it is inside the pages folder "
                "(docs_dir) ",
    "notes": "/project/notes: refusing to put the site here: it holds files policykit did not "
             "build (there is no .policykit-site in it); empty it or choose another folder",
}


@pytest.mark.parametrize("folder", sorted(REFUSALS))
def test_build_refuses_the_project_its_sources_and_folders_it_did_not_build(
        project: Path, folder: str) -> None:
    (project / "notes").mkdir()
    (project / "notes" / "minutes.txt").write_text("keep me", encoding="utf-8")
    before = snapshot(project.parent)
    code, out, err = run(project, "build", "-d", folder)
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1 and err.startswith("error: ")
    assert REFUSALS[folder] in err
    assert snapshot(project.parent) == before


def test_a_folder_policykit_built_an_empty_one_and_an_old_policykit_site_are_replaced(
        tmp_path: Path) -> None:
    sources = sources_of(tmp_path / "project")
    target = tmp_path / "out"
    publish_site(target, sources, write_site("one"))
    publish_site(target, sources, write_site("two"))
    assert site_label(target) == "two"
    empty = tmp_path / "empty"
    empty.mkdir()
    publish_site(empty, sources, write_site("three"))
    assert site_label(empty) == "three"
    old = tmp_path / "old"  # as policykit built it before the marker existed
    for name in publish.FINGERPRINT:
        (old / name).parent.mkdir(parents=True, exist_ok=True)
        (old / name).write_text("old", encoding="utf-8")
    publish_site(old, sources, write_site("four"))
    assert site_label(old) == "four" and not (old / "sitemap.xml").exists()
    assert leftovers(tmp_path) == []


def test_the_working_folder_is_refused_even_when_empty(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    with pytest.raises(BuildError, match="refusing to put the site here: it is the working folder"):
        publish_site(Path("."), sources_of(tmp_path / "project"), write_site("x"))
    assert here.is_dir() and leftovers(tmp_path) == []


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("mine", encoding="utf-8")
    with pytest.raises(BuildError, match="refusing to put the site here: it is a file"):
        publish_site(tmp_path / "out", sources_of(tmp_path / "project"), write_site("x"))
    assert (tmp_path / "out").read_text(encoding="utf-8") == "mine"


# --- the swap leaves a whole site at every instant -------------------------------------------


class Crash(BaseException):
    """The process dies here: nothing after it runs, not even `finally` blocks."""


def crash_at(step: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the `step`-th file-system change of the swap kill the build; returns the steps seen."""
    seen: list[str] = []

    def wrap(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def changed(*args: object, **kwargs: object) -> object:
            seen.append(name)
            if len(seen) >= step:  # at the crash and ever after: the process is gone
                raise Crash(name)
            return function(*args, **kwargs)
        return changed

    monkeypatch.setattr(os, "rename", wrap("rename", os.rename))
    monkeypatch.setattr(publish.shutil, "rmtree", wrap("rmtree", publish.shutil.rmtree))
    monkeypatch.setattr(publish, "exchange", wrap("exchange", publish.exchange))
    return seen


@pytest.mark.parametrize("atomic", [True, False], ids=["exchange", "two-renames"])
def test_a_crash_at_any_step_of_the_swap_leaves_a_whole_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, atomic: bool) -> None:
    sources = sources_of(tmp_path / "project")
    if not atomic:
        monkeypatch.setattr(publish, "_renameat2", lambda: None)
    step, crashed = 0, True
    while crashed:
        step += 1
        target = tmp_path / f"out{step}"
        publish_site(target, sources, write_site("old"))
        with monkeypatch.context() as patch:
            seen = crash_at(step, patch)
            try:
                publish_site(target, sources, write_site("new"))
                crashed = False
            except Crash:
                pass
        if atomic:
            # One exchange: the folder is whole at every instant, old or new.
            assert site_label(target) in {"old", "new"}, seen
        elif not target.exists():
            # Between the two renames: the old site waits beside it for the next build.
            publish.recover(target)
            assert site_label(target) == "old"
        publish_site(target, sources, write_site("next"))
        assert site_label(target) == "next"
    assert step - 1 == (2 if atomic else 5)  # the crash points before the run that finished
    assert leftovers(tmp_path) == []


def test_the_swap_is_one_exchange_on_linux(tmp_path: Path) -> None:
    one, other = tmp_path / "one", tmp_path / "other"
    one.mkdir()
    other.mkdir()
    (one / "a").write_text("1", encoding="utf-8")
    if sys.platform != "linux":
        pytest.skip("renameat2 is Linux only; elsewhere the swap is two renames")
    assert publish.exchange(one, other)
    assert (other / "a").read_text(encoding="utf-8") == "1" and not (one / "a").exists()


# --- one build at a time; killed builds --------------------------------------------------------


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_a_second_build_of_the_same_folder_waits_for_the_first(
        project: Path, tmp_path: Path) -> None:
    target = project / "public"
    messages = tmp_path / "stderr.txt"
    waiting = f"another policykit build (process {os.getpid()}) is building public here; " \
              "waiting for it\n"
    with build_lock(target.resolve()), messages.open("w", encoding="utf-8") as stderr:
        process = policykit(project, "build", stderr=stderr)
        wait_for(lambda: messages.read_text(encoding="utf-8") == waiting, 120, "it to wait")
        time.sleep(1)
        assert process.poll() is None  # still waiting for the lock
        assert not target.exists()
    out, _ = process.communicate(timeout=180)
    assert process.returncode == 0, messages.read_text(encoding="utf-8")
    assert out == f"built {target.resolve()}\n"
    assert (target / MARKER).is_file()
    assert leftovers(project) == []


def test_two_builds_at_once_both_end_cleanly_with_a_whole_site(project: Path) -> None:
    first, second = policykit(project, "build"), policykit(project, "build")
    results = [(*p.communicate(timeout=180), p.returncode) for p in (first, second)]
    for out, err, code in results:
        assert code == 0, err
        assert "Traceback" not in err and out.startswith("built ")
    assert (project / "public" / "policies" / "2-55" / "index.html").is_file()
    assert (project / "public" / MARKER).is_file()
    assert leftovers(project) == []


def test_a_killed_build_leaves_the_old_site_and_the_next_build_cleans_up(project: Path) -> None:
    assert run(project, "build")[0] == 0
    before = snapshot(project / "public")

    def staging() -> list[Path]:
        return sorted(project.glob(".public-building-*"))

    process = policykit(project, "build")
    try:
        wait_for(lambda: any(folder.rglob("*.html") for folder in staging()), 120,
                 "the build to start writing")
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
    assert snapshot(project / "public") == before
    assert staging() != []
    code, _, err = run(project, "build")
    assert code == 0, err
    assert staging() == [] and leftovers(project) == []
    assert snapshot(project / "public") == before  # same input, same site


# --- check first --------------------------------------------------------------------------------


def test_build_refuses_what_check_rejects_listing_checks_lines(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(project, "build")[0] == 0
    before = snapshot(project / "public")
    policy = project / "policies" / "2-55" / "2023.md"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("- **B.**", "- **D.**", 1), encoding="utf-8")
    monkeypatch.chdir(project)  # check names files as given; build names them from the project
    expected = [str(d) for d in check_paths([Path("policies")]) if d.severity == "error"]
    assert expected and all(line.startswith("policies/2-55/2023.md:") for line in expected)
    code, out, err = run(project, "build")
    assert (code, out) == (1, "")
    summary = f"error: policies: {len(expected)} error(s) found by policykit check; nothing was " \
              "published"
    assert err.splitlines() == [*expected, summary]
    assert snapshot(project / "public") == before


# --- the offline copy has its own folder -------------------------------------------------------


def test_the_offline_copy_goes_to_its_own_folder(project: Path) -> None:
    assert run(project, "build")[0] == 0
    before = snapshot(project / "public")
    code, out, err = run(project, "build", "--offline")
    assert code == 0, err
    assert out == f"built {(project / 'public-offline').resolve()}\n"
    assert snapshot(project / "public") == before
    assert (project / "public-offline" / "index.html").is_file()


# --- OS faults: one line, exit 1 -------------------------------------------------------------------


def limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (8000, 8000))


def test_a_full_disk_is_one_line_and_keeps_the_old_site(project: Path) -> None:
    assert run(project, "build")[0] == 0
    before = snapshot(project / "public")
    code, out, err = run(project, "build", preexec_fn=limit_file_size)
    assert (code, out) == (1, "")
    # The fixture's hand-written pages link to policies it lacks: mkdocs warns, as always.
    lines = [line for line in err.splitlines() if not line.startswith("WARNING: ")]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: {(project / 'public').resolve()}: cannot write the site: "
                          "File too large (")
    assert snapshot(project / "public") == before
    assert leftovers(project) == []


def without_root_powers() -> None:
    """In the child, before exec: root loses the power to write where the mode says no.

    Drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set, so the
    program run next has them neither; a user who is not root never had them.
    """
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


@pytest.mark.skipif(sys.platform != "linux", reason="drops Linux capabilities when run as root")
def test_a_read_only_output_folder_is_one_line(project: Path) -> None:
    locked = project.parent / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        code, out, err = run(project, "build", "-d", str(locked / "site"),
                             preexec_fn=without_root_powers)
    finally:
        locked.chmod(0o755)
    assert (code, out) == (1, ""), err
    assert err == f"error: {locked / 'site'}: cannot write in {locked}: Permission denied\n"
    assert list(locked.iterdir()) == []


@pytest.mark.skipif(sys.platform != "linux", reason="drops Linux capabilities when run as root")
def test_a_read_only_site_is_still_replaced_whole(project: Path) -> None:
    site = project / "public"
    assert run(project, "build")[0] == 0
    for folder in [site, *(path for path in site.rglob("*") if path.is_dir())]:
        folder.chmod(0o555)
    code, _, err = run(project, "build", preexec_fn=without_root_powers)
    assert code == 0, err
    assert (site / MARKER).is_file() and leftovers(project) == []


def test_a_build_killed_while_holding_the_lock_does_not_block_the_next(tmp_path: Path) -> None:
    target = (tmp_path / "out").resolve()
    code = ("import sys, time; from pathlib import Path; from toolkit.site.publish import build_lock\n"
            "with build_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE,
                              text=True, cwd=Path(__file__).parents[2])
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    finally:
        holder.kill()
        holder.wait(timeout=30)
    done = threading.Event()

    def build() -> None:
        publish_site(target, sources_of(tmp_path / "project"), write_site("after"))
        done.set()
    thread = threading.Thread(target=build, daemon=True)
    thread.start()
    assert done.wait(timeout=30)
    assert site_label(target) == "after" and leftovers(tmp_path) == []


def test_a_configuration_error_names_what_is_wrong(project: Path) -> None:
    """A mkdocs.yml copied without its pages folder: mkdocs logs the reason and raises a bare
    `Aborted with a configuration error!`; the one line says the reason."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("docs_dir: site",
                                                                 "docs_dir: pages"),
                      encoding="utf-8")
    code, out, err = run(project, "build")
    assert (code, out) == (1, ""), err
    assert err == (f"error: mkdocs.yml: Config value 'docs_dir': The path "
                   f"'{project / 'pages'}' isn't an existing directory.\n")
