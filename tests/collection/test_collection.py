"""`policykit collection import|diff|build`: one Dask task per agency, results identical to a
one-machine run of the same command on that agency alone, one bad agency one line."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.collection.conftest import Collection, make_manuals, policykit, tree
from toolkit.cli import main
from toolkit.collection import (
    Agency,
    AgencyFiles,
    AgencyOutcome,
    CollectionRow,
    default_project_files,
    map_agencies,
    materialise,
    publish_outcome,
    render_collection_index,
    summarise,
    write_collection_index,
)
from toolkit.errors import CollectionError
from toolkit.site.publish import MARKER

BROKEN = 'projects/broken/policies/9-9/2022.md:2: id "9-8" does not match the folder "9-9"'


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


# --- import -------------------------------------------------------------------------------------

def test_import_writes_what_import_writes_for_each_agency_alone(collection: Collection) -> None:
    folder = collection.folder
    alone = policykit(folder, "import", "manuals/ogdenville", "-o", "alone/policies",
                      "--side", "new")
    assert alone.code == 0, alone.stderr
    assert tree(folder / "projects" / "ogdenville") == tree(folder / "alone")
    assert sorted(tree(folder / "alone")) == ["policies/4-12/2023-05-01.md",
                                              "policies/G03-02/g03-02.md"]


def test_import_reports_a_bad_agency_in_one_line_and_skips_projects(
        collection: Collection) -> None:
    run = collection.imported
    assert run.code == 1
    assert lines(run.stdout) == [
        "agency status policies files warnings seconds",
        *_row(run.stdout, "broken", "skipped 0 0 0"),
        *_row(run.stdout, "capital-city", "failed 0 0 0",
              "manuals/capital-city/bad.txt:1: the PDF is damaged and cannot be read; repair it "
              "(qpdf, or a PDF viewer's Save As) and import that"),
        *_row(run.stdout, "ogdenville", "done 2 2 4"),
        *_row(run.stdout, "shelbyville", "skipped 0 0 0"),
        *_row(run.stdout, "springfield", "skipped 0 0 0"),
    ]
    assert run.stderr.splitlines()[-1] == "1 done, 1 failed, 3 skipped"
    # The warnings column counts the importer's warnings, as `policykit import` counts them.
    alone = policykit(collection.folder, "import", "manuals/ogdenville", "-o", "alone-count")
    assert sum(int(line.split()[6]) for line in lines(alone.stdout)[1:]) == 4
    assert not (collection.folder / "projects" / "capital-city").exists()


def _row(stdout: str, agency: str, cells: str, error: str = "") -> list[str]:
    """The expected summary line of an agency, whatever its seconds."""
    found = next(line for line in lines(stdout) if line.startswith(f"{agency} "))
    seconds = found.split()[5]
    return [" ".join(filter(None, [agency, cells, seconds, error]))]


def test_import_never_replaces_a_version_file_without_force(cluster: str, tmp_path: Path
                                                            ) -> None:
    manuals = make_manuals(tmp_path)
    for agency in ("springfield", "shelbyville", "broken", "capital-city"):
        shutil.rmtree(manuals / agency)
    target = tmp_path / "out" / "ogdenville" / "policies" / "4-12" / "2023-05-01.md"
    target.parent.mkdir(parents=True)
    target.write_text("mine\n", encoding="utf-8")
    run = policykit(tmp_path, "collection", "import", "manuals", "-o", "out",
                    "--scheduler", cluster)
    assert run.code == 1
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert lines(run.stdout)[1].endswith(
        "out/ogdenville/policies/4-12/2023-05-01.md: the file exists; pass --force to replace it")
    assert (tmp_path / "out" / "ogdenville" / "policies" / "G03-02" / "g03-02.md").is_file()


# --- diff ------------------------------------------------------------------------------------

def test_diff_writes_what_diff_writes_for_each_pair_of_versions(
        collection: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = collection.folder
    monkeypatch.chdir(folder)
    written = sorted(path.relative_to(folder / "diffs").as_posix()
                     for path in (folder / "diffs").rglob("*.json"))
    assert written == ["shelbyville/2-19/2022..2025-draft.json",
                       "shelbyville/2-55/2021..2023.json",
                       "springfield/2-55/original..revised.json"]
    for name in written:
        agency, policy, pair = name.removesuffix(".json").split("/")
        old, new = pair.split("..")
        alone = CliRunner().invoke(main, ["diff", f"{policy}@{old}", f"{policy}@{new}",
                                          "--format", "json",
                                          "--policies", f"projects/{agency}/policies"])
        assert alone.exit_code == 0, alone.stderr
        assert (folder / "diffs" / name).read_text(encoding="utf-8") == alone.stdout


def test_diff_reports_the_bad_agency_in_one_line_and_diffs_the_others(
        collection: Collection) -> None:
    run = collection.diffed
    assert run.code == 1
    assert lines(run.stdout)[1:] == [
        *_row(run.stdout, "broken", "failed 0 0 0", BROKEN),
        *_row(run.stdout, "ogdenville", "done 2 0 0"),
        *_row(run.stdout, "shelbyville", "done 2 2 0"),
        *_row(run.stdout, "springfield", "done 1 1 0"),
    ]
    progress = [line for line in run.stderr.splitlines() if line.startswith("collection diff:")]
    assert sorted(line.split()[3] for line in progress) == [
        "broken:", "ogdenville:", "shelbyville:", "springfield:"]
    assert sorted(line.split()[2] for line in progress) == ["1/4", "2/4", "3/4", "4/4"]


# --- build -----------------------------------------------------------------------------------

def test_build_is_byte_for_byte_the_site_each_agency_builds_alone(collection: Collection,
                                                                 tmp_path: Path) -> None:
    folder = collection.folder
    own = policykit(folder / "projects" / "shelbyville", "build", "-d", str(tmp_path / "own"))
    assert own.code == 0, own.stderr
    assert tree(folder / "sites" / "shelbyville") == tree(tmp_path / "own")
    # An agency without mkdocs.yml is built with the default one: the same as writing it there.
    project = tmp_path / "springfield"
    shutil.copytree(folder / "projects" / "springfield", project)
    for name, data in default_project_files("springfield").items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_bytes(data)
    default = policykit(project, "build", "-d", str(tmp_path / "default"))
    assert default.code == 0, default.stderr
    assert tree(folder / "sites" / "springfield") == tree(tmp_path / "default")
    assert "<title>Shelbyville SOPs</title>" in (
        folder / "sites" / "shelbyville" / "index.html").read_text(encoding="utf-8")


def test_build_reports_the_bad_agency_and_builds_the_others(collection: Collection) -> None:
    run = collection.built
    assert run.code == 1
    rows = {row["agency"]: row for row in json.loads(run.stdout)}
    assert {agency: (row["status"], row["policies"]) for agency, row in rows.items()} == {
        "broken": ("failed", 0), "ogdenville": ("done", 2), "shelbyville": ("done", 2),
        "springfield": ("done", 1)}
    assert rows["broken"]["error"] == f"{BROKEN} (and 3 more)"
    assert not (collection.folder / "sites" / "broken").exists()
    assert run.stderr.splitlines()[-2:] == ["3 done, 1 failed", "index: sites/index.html"]


def test_the_index_lists_each_agency_with_its_policies_and_links_its_site(
        collection: Collection) -> None:
    page = lxml.html.parse(str(collection.folder / "sites" / "index.html")).getroot()
    rows = [[cell.text_content() for cell in row.iter("td")] for row in page.iter("tr")][1:]
    assert rows == [
        ["broken", "-", f"not built: {BROKEN} (and 3 more)"],
        ["ogdenville", "2", "built"], ["shelbyville", "2", "built"], ["springfield", "1", "built"],
    ]
    links = [link.get("href") for link in page.iter("a")]
    assert links == ["ogdenville/index.html", "shelbyville/index.html", "springfield/index.html"]
    assert all((collection.folder / "sites" / link).is_file() for link in links)


def test_the_index_shows_names_and_errors_as_text() -> None:
    hostile = '<script>alert("agency")</script>'
    rows = [CollectionRow(hostile, "done", 3),
            CollectionRow("x", "failed", error=f'a.md:1: "{hostile}" \x07')]
    page = lxml.html.fromstring(render_collection_index(f"<b>{hostile}</b>", rows))
    assert page.findall(".//script") == [] and page.findall(".//b") == []
    assert page.find(".//h1").text_content() == f"<b>{hostile}</b>"
    cells = [cell.text_content() for cell in page.iter("td")]
    assert cells == [hostile, "3", "built", "x", "-", f'not built: a.md:1: "{hostile}" \ufffd']
    assert page.find(".//a").get("href") == (
        "%3Cscript%3Ealert%28%22agency%22%29%3C/script%3E/index.html")


# --- the cluster -------------------------------------------------------------------------------

def test_a_task_that_dies_on_its_worker_is_one_agency_s_error(cluster: str) -> None:
    from distributed import Client

    from toolkit.cli.collection import changes_json

    escaping = AgencyFiles("evil", "manuals/evil", (("../outside.md", b"x"),))
    fine = AgencyFiles("empty", "manuals/empty", ())
    with Client(cluster) as client:
        outcomes = {outcome.agency: outcome
                    for outcome in map_agencies(client, "diff", [escaping, fine],
                                                render=changes_json)}
    assert outcomes["evil"].errors == (
        ("evil: the task failed on its worker (CollectionError: manuals/evil/../outside.md: a file "
        "name leaves the agency's folder)"),)
    assert outcomes["empty"].errors == (("manuals/empty: no policies folder at "
                                        "manuals/empty/policies"),)


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    make_manuals(tmp_path)
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "0.5s"}
    run = policykit(tmp_path, "collection", "diff", "manuals", "-o", "diffs",
                    "--scheduler", "tcp://127.0.0.1:9", env=env)
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr.splitlines()[-1] == (
        "error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: no answer within 0.5s; start "
        "it with `dask scheduler`, or leave out --scheduler to work on this machine")


@pytest.mark.parametrize(("args", "message"), [
    (["diff", "nowhere", "-o", "out"],
     "error: nowhere: not a folder; give the folder that holds one folder per agency"),
    (["diff", "manuals", "-o", "out", "--scheduler", "nonsense"],
     ("error: nonsense: not a Dask scheduler address: missing port number in address "
     "'nonsense'; give one like tcp://host:8786")),
    (["build", "manuals", "-o", "manuals"],
     "error: manuals: is the collection itself; write into another folder"),
    (["build", "manuals", "-o", "mine"],
     ("error: mine/index.html: the file exists and is not a collection index policykit wrote; "
     "move it, or build into another folder")),
    (["diff", "manuals", "-o", "out", "--scheduler", "tcp://h:8786", "--workers", "2"],
     ("error: --workers sizes the local cluster; with --scheduler the cluster's own workers do "
     "the work (see 'policykit collection diff --help')")),
])
def test_mistakes_are_one_line_before_any_work(tmp_path: Path, args: list[str],
                                               message: str) -> None:
    make_manuals(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "index.html").write_text("<p>my page</p>\n", encoding="utf-8")
    run = policykit(tmp_path, "collection", *args)
    assert (run.code, run.stdout, run.stderr) == (1, "", message + "\n")
    assert (tmp_path / "mine" / "index.html").read_text(encoding="utf-8") == "<p>my page</p>\n"


# --- the client's side, without a cluster --------------------------------------------------------

def test_a_failed_build_keeps_the_last_good_site_and_the_index_links_it(tmp_path: Path) -> None:
    manuals = make_manuals(tmp_path)
    agency = Agency("broken", manuals / "broken", "project")
    old_site = tmp_path / "sites" / "broken"
    old_site.mkdir(parents=True)
    (old_site / MARKER).write_text("", encoding="utf-8")
    (old_site / "index.html").write_text("last good\n", encoding="utf-8")
    failed = AgencyOutcome("broken", "build", (("index.html", b"half\n"),), errors=(BROKEN,))
    row = summarise(publish_outcome(failed, old_site, agency))
    assert (row.status, row.files, row.error) == ("failed", 0, BROKEN)
    assert (old_site / "index.html").read_text(encoding="utf-8") == "last good\n"
    write_collection_index(tmp_path / "sites", "Manuals", [row])
    page = lxml.html.parse(str(tmp_path / "sites" / "index.html")).getroot()
    assert [cell.text_content() for cell in page.iter("td")] == [
        "broken", "-", f"not built: {BROKEN} (the site of an earlier build is kept)"]
    assert [link.get("href") for link in page.iter("a")] == ["broken/index.html"]


def test_a_built_site_replaces_only_a_folder_policykit_built(tmp_path: Path) -> None:
    manuals = make_manuals(tmp_path)
    agency = Agency("springfield", manuals / "springfield", "project")
    mine = tmp_path / "sites" / "springfield"
    mine.mkdir(parents=True)
    (mine / "notes.txt").write_text("mine\n", encoding="utf-8")
    built = AgencyOutcome("springfield", "build", (("index.html", b"new\n"),), policies=1)
    row = summarise(publish_outcome(built, mine, agency))
    assert row.status == "failed" and row.error.endswith(
        "refusing to put the site here: it holds files policykit did not build (there is no "
        ".policykit-site in it); empty it or choose another folder")
    assert sorted(path.name for path in mine.iterdir()) == ["notes.txt"]
    (mine / "notes.txt").unlink()
    assert summarise(publish_outcome(built, mine, agency)).files == 1
    assert (mine / "index.html").read_text(encoding="utf-8") == "new\n"


@given(st.lists(st.text(alphabet="ab./\\~", min_size=1, max_size=12), min_size=1, max_size=4))
@settings(max_examples=200, deadline=None)
def test_a_task_writes_only_inside_its_own_folder(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "agency" / "project"
        files = AgencyFiles("a", "manuals/a", tuple((name, b"x") for name in names))
        try:
            materialise(files, folder)
        except (CollectionError, OSError):
            pass
        outside = [path for path in Path(temporary).rglob("*")
                   if path.is_file() and folder.resolve() not in path.resolve().parents]
        assert outside == []
