"""A collection of manuals, one folder per agency: import, diff and build each agency as a task.

    COLLECTION/<agency>/ --discover_agencies--> Agency --read_agency (client)--> AgencyFiles
        --map_agencies (Dask: one task an agency, on any worker)--> AgencyOutcome
        --write_outcome / publish_outcome (client, atomically)--> OUT/<agency>/, OUT/index.html

An agency folder is a policykit project (`policies/<id>/<version>.md`, with its
own `mkdocs.yml` or none), or a folder of `.txt` and `.pdf` files to import.

Every task is a pure function of the bytes it is given: the client reads the
agency's files and sends them; the worker works in a temporary folder of its
own and returns what it made as data; the client writes it. So workers need
no shared filesystem, and a result is the same on any worker and on this
machine. Dask (`dask.distributed`) does the scheduling; only `map_agencies`
imports it, when it runs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

import yaml
from lxml import etree

from toolkit.diff import diff_versions
from toolkit.errors import CollectionError, PolicyKitError
from toolkit.files import read_file, read_text_file, write_atomically
from toolkit.importer import ImportSide
from toolkit.importer.batch import BatchOptions, BatchRow, expand_inputs, import_many
from toolkit.library import load_library
from toolkit.model import ChangeSet, Policy, Version
from toolkit.render.policy_html import element, to_html
from toolkit.site.publish import FINGERPRINT, MARKER, Sources, publish_site

if TYPE_CHECKING:
    from distributed import Client

AgencyKind = Literal["project", "sources", "empty"]
Task = Literal["import", "diff", "build"]
Decode = Callable[[bytes, str], tuple[str, list[str]]]
"""Bytes of a text file to its text and warning lines (the CLI's: UTF-8, else Windows-1252)."""
RenderChanges = Callable[[ChangeSet], str]
"""A change set to the JSON text `policykit diff --format json` writes."""

INDEX = "index.html"
GENERATOR = "policykit collection"
"""The generator named in the collection's index page: its leave to replace that page."""
SKIPPED_FOLDERS = ("__pycache__", "node_modules")
"""Folders of an agency project that no build reads (with hidden ones, sites and venvs)."""


@dataclass(frozen=True)
class Agency:
    """One agency's folder in a collection."""

    name: str
    """The folder's name: the agency's name in OUT/ and in the index."""
    folder: Path
    """The folder, as the user named it (COLLECTION/<name>)."""
    kind: AgencyKind
    """`project` (it has policies/), `sources` (.txt or .pdf files to import) or `empty`."""


@dataclass(frozen=True)
class AgencyFiles:
    """An agency's files as data: what a task is given in place of a path."""

    agency: str
    shown: str
    """The agency's folder as the user named it, for messages (`manuals/springfield`)."""
    files: tuple[tuple[str, bytes], ...]
    """(path relative to the agency folder, with `/`; contents), in the order read."""


@dataclass(frozen=True)
class ImportSettings:
    """What applies to every agency of `collection import`."""

    output: str
    """OUT, as the user named it: the client writes each agency's project to OUT/<agency>."""
    side: ImportSide | None = None
    numbering: str | None = None
    redline: bool | None = None


@dataclass(frozen=True)
class BuildSettings:
    """What applies to every agency of `collection build`."""

    strict: bool = False
    source_date_epoch: str | None = None
    """The client's SOURCE_DATE_EPOCH, if set: every worker dates the build the same way."""


@dataclass(frozen=True)
class AgencyOutcome:
    """What one task returns: files to write under OUT/<agency>/, or why there are none."""

    agency: str
    task: Task
    files: tuple[tuple[str, bytes], ...] = ()
    """(path relative to OUT/<agency>/, contents)."""
    policies: int = 0
    warnings: tuple[str, ...] = ()
    """Each as `file:line: message`, the files named as the user named them."""
    errors: tuple[str, ...] = ()
    """Each as `file:line: message`; any error fails the agency."""
    imports: tuple[BatchRow, ...] = ()
    """`collection import`: one row per source file, as `policykit import` reports it."""
    seconds: float = 0.0
    written: tuple[str, ...] = ()
    """What the client wrote of `files` (it lets go of their contents once written)."""


@dataclass(frozen=True)
class CollectionRow:
    """One agency in the summary table."""

    agency: str
    status: Literal["done", "failed", "skipped"]
    policies: int = 0
    files: int = 0
    """Files written: imported versions, diffs, or the pages and assets of the site."""
    warnings: int = 0
    seconds: float = 0.0
    error: str = ""
    """`file:line: message` (the first error; a count of the others follows it)."""
    imports: tuple[BatchRow, ...] = ()


# --- finding and reading agencies (client) -------------------------------------------------------

def discover_agencies(collection: Path, skip: Path | None = None) -> list[Agency]:
    """Each folder of the collection, by name; hidden folders, `skip` and built sites are not
    agencies. CollectionError when the collection is not a folder or holds none."""
    if not collection.is_dir():
        raise CollectionError("not a folder; give the folder that holds one folder per agency",
                              str(collection))
    leave_out = skip.resolve() if skip is not None else None
    folders = sorted(path for path in collection.iterdir()
                     if path.is_dir() and not path.name.startswith(".")
                     and path.resolve() != leave_out and not _is_built_site(path))
    if not folders:
        raise CollectionError("holds no agency folders (one folder per agency, each with "
                              "policies/ or the .txt and .pdf files to import)", str(collection))
    return [Agency(path.name, path, _kind(path)) for path in folders]


def _kind(folder: Path) -> AgencyKind:
    if (folder / "policies").is_dir():
        return "project"
    return "sources" if expand_inputs([folder]) else "empty"


def _is_built_site(folder: Path) -> bool:
    return (folder / MARKER).is_file() or all((folder / name).is_file() for name in FINGERPRINT)


def refusal(agency: Agency, task: Task) -> str | None:
    """Why this task has nothing to do with this agency, as `folder: message`, or None."""
    if task == "import" and agency.kind == "project":
        return f"{agency.folder}: has policies/ already; nothing to import"
    if agency.kind == "empty":
        return (f"{agency.folder}: not an agency folder: it has no policies/ folder and no .txt "
                "or .pdf files to import")
    if task != "import" and agency.kind == "sources":
        return (f"{agency.folder}: has no policies/ folder; import its files first "
                "(policykit collection import)")
    return None


def read_agency(agency: Agency, task: Task) -> AgencyFiles:
    """The files the task reads, read here (the client), so no worker needs this filesystem."""
    if task == "import":
        paths = expand_inputs([agency.folder])
    elif task == "diff":
        paths = sorted(path for path in (agency.folder / "policies").rglob("*.md")
                       if path.is_file())
    else:
        paths = list(project_files(agency.folder))
    files = tuple((path.relative_to(agency.folder).as_posix(), read_file(path).data)
                  for path in paths)
    if task == "build":
        files = with_default_project(agency.name, files)
    return AgencyFiles(agency.name, str(agency.folder), files)


def project_files(folder: Path) -> Iterator[Path]:
    """Every file of a project a build may read: not hidden folders, built sites or venvs."""
    for path in sorted(folder.iterdir()):
        if path.is_dir() and not _is_skipped(path):
            yield from project_files(path)
        elif path.is_file():
            yield path


def _is_skipped(folder: Path) -> bool:
    return (folder.name.startswith(".") or folder.name in SKIPPED_FOLDERS
            or (folder / "pyvenv.cfg").is_file() or _is_built_site(folder))


def with_default_project(name: str, files: tuple[tuple[str, bytes], ...]
                         ) -> tuple[tuple[str, bytes], ...]:
    """An agency without `mkdocs.yml` is built with `default_project_files`' configuration."""
    present = {path for path, _ in files}
    if "mkdocs.yml" in present:
        return files
    defaults = default_project_files(name)
    if any(path.startswith("site/") for path in present):
        defaults.pop("site/index.md")
    return files + tuple(sorted(defaults.items()))


def default_project_files(name: str) -> dict[str, bytes]:
    """The mkdocs.yml (and home page) an agency without its own is built with."""
    config = {
        "site_name": f"{name} policy manual",
        "docs_dir": "site",
        "site_dir": "public",
        "use_directory_urls": True,
        "theme": {"name": "material", "font": False, "language": "en",
                  "features": ["navigation.prune", "navigation.indexes", "navigation.top",
                               "content.tooltips", "search.highlight"]},
        "plugins": ["search", {"policykit": {"policies": "policies"}}],
        "markdown_extensions": ["abbr", "attr_list", "admonition", {"toc": {"permalink": True}}],
        "nav": [{"Home": "index.md"}, {"Policies": "policies/index.md"},
                {"Glossary": "glossary/index.md"}, {"Changes since a date": "changes/index.md"}],
    }
    home = (f"# {_markdown_escaped(name)}\n\nThe policies of this agency, every version, and what "
            "each revision changed: see [the policies](policies/index.md).\n")
    return {"mkdocs.yml": yaml.safe_dump(config, sort_keys=False).encode("utf-8"),
            "site/index.md": home.encode("utf-8")}


def _markdown_escaped(text: str) -> str:
    return "".join(f"\\{char}" if char in "\\`*_{}[]()<>#+-.!|&" else char for char in text)


# --- the tasks (run on a worker) -------------------------------------------------------------

def import_agency(files: AgencyFiles, *, settings: ImportSettings, decode: Decode
                  ) -> AgencyOutcome:
    """`policykit import <agency> -o OUT/<agency>/policies`, on the files given as data."""
    started = time.perf_counter()
    contents = {str(Path(files.shown) / path): data for path, data in files.files}
    warnings: list[str] = []

    def decode_noting(data: bytes, source: str) -> str:
        text, lines = decode(data, source)
        warnings.extend(lines)
        return text

    with tempfile.TemporaryDirectory(prefix="policykit-import-") as temporary:
        out = Path(temporary)
        options = BatchOptions(out / "policies", False, settings.side, settings.numbering,
                               settings.redline)
        rows = list(import_many([Path(name) for name in contents], options,
                                lambda path: contents[str(path)], decode_noting))
        written = tuple((Path(row.output).relative_to(out).as_posix(),
                         Path(row.output).read_bytes()) for row in rows if row.output)
        shown_out = str(Path(settings.output) / files.agency)
        rows = [_shown_row(row, temporary, shown_out) for row in rows]
    return AgencyOutcome(
        files.agency, "import", written, policies=len({row.policy for row in rows if row.output}),
        warnings=tuple(warnings), errors=tuple(row.error for row in rows if row.error),
        imports=tuple(rows), seconds=time.perf_counter() - started)


def _shown_row(row: BatchRow, temporary: str, output: str) -> BatchRow:
    return replace(row, output=row.output.replace(temporary, output),
                   error=row.error.replace(temporary, output))


def diff_agency(files: AgencyFiles, *, render: RenderChanges) -> AgencyOutcome:
    """`policykit diff ID@OLD ID@NEW --format json` for each two consecutive versions of each
    policy, written to `<id>/<old>..<new>.json`."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="policykit-diff-") as temporary:
        project = Path(temporary) / "project"
        materialise(files, project)
        try:
            library = load_library(project / "policies")
        except PolicyKitError as error:
            return AgencyOutcome(files.agency, "diff",
                                 errors=(_shown(str(error), project, files.shown),),
                                 seconds=time.perf_counter() - started)
        written, errors = _diff_policies(library.policies, render, project, files.shown)
    return AgencyOutcome(files.agency, "diff", tuple(written), policies=len(library.policies),
                         errors=tuple(_shown(error, project, files.shown) for error in errors),
                         seconds=time.perf_counter() - started)


def _diff_policies(policies: Sequence[Policy], render: RenderChanges, project: Path, shown: str
                   ) -> tuple[list[tuple[str, bytes]], list[str]]:
    written: list[tuple[str, bytes]] = []
    errors: list[str] = []
    for policy in policies:
        for old, new in pairwise(policy.versions):
            try:
                changeset = diff_versions(_named(old, project, shown), _named(new, project, shown))
                text = render(changeset)
            except PolicyKitError as error:
                errors.append(str(error))
                continue
            written.append((f"{policy.id}/{old.version}..{new.version}.json", text.encode("utf-8")))
    return written, errors


def _named(version: Version, project: Path, shown: str) -> Version:
    """The version as read from the agency's own folder: its file named as the user names it
    (the change set's JSON carries it)."""
    return replace(version, source=version.source.replace(str(project), shown, 1))


def build_agency(files: AgencyFiles, *, settings: BuildSettings) -> AgencyOutcome:
    """`policykit build` of the agency's project, returned as the site's files.

    The build runs in a process of its own, as a user runs it: mkdocs keeps
    state in the process (the environment, logging), so two sites built in one
    worker process at once would mix.
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="policykit-build-") as temporary:
        project, site = Path(temporary) / "project", Path(temporary) / "site"
        materialise(files, project)
        done = subprocess.run(_build_command(site, settings), cwd=project, env=_build_env(settings),
                              capture_output=True, text=True, check=False)
        messages = [_shown(line, project, files.shown)
                    for line in done.stderr.splitlines() if line.strip()]
        warnings = tuple(line for line in messages if line.startswith("WARNING: "))
        if done.returncode != 0:
            return AgencyOutcome(files.agency, "build", warnings=warnings,
                                 errors=tuple(_build_errors(messages, files.shown)),
                                 seconds=time.perf_counter() - started)
        site_files = tuple(read_tree(site))
    return AgencyOutcome(files.agency, "build", site_files, policies=count_policies(site_files),
                         warnings=tuple(messages), seconds=time.perf_counter() - started)


def _build_command(site: Path, settings: BuildSettings) -> list[str]:
    strict = ["--strict"] if settings.strict else []
    return [sys.executable, "-m", "toolkit.cli", "build", "-d", str(site), *strict]


def _build_env(settings: BuildSettings) -> dict[str, str]:
    """The worker's environment, dated as the client asked (or by the newest policy)."""
    env = {name: value for name, value in os.environ.items()
           if name not in ("SOURCE_DATE_EPOCH", "POLICYKIT_OFFLINE")}
    if settings.source_date_epoch is not None:
        env["SOURCE_DATE_EPOCH"] = settings.source_date_epoch
    return env


def _build_errors(messages: list[str], shown: str) -> list[str]:
    """The build's own lines (`file:line: error: ...`, then its closing error), not warnings."""
    found = [line for line in messages if not line.startswith("WARNING: ")]
    return found or [f"{shown}: the build failed and said nothing"]


def read_tree(folder: Path) -> Iterator[tuple[str, bytes]]:
    """Every file under `folder` but the publish marker, by path."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name != MARKER:
            yield name, path.read_bytes()


def count_policies(site: Sequence[tuple[str, bytes]]) -> int:
    """The policies a built site has a page for (`policies/<id>/index.html`)."""
    return sum(1 for name, _ in site
               if name.startswith("policies/") and name.count("/") == 2
               and name.endswith(f"/{INDEX}"))


def materialise(files: AgencyFiles, folder: Path) -> None:
    """Write the agency's files into `folder`, refusing any path that would leave it."""
    for name, data in files.files:
        path = folder / name
        parts = Path(name).parts
        if not parts or Path(name).is_absolute() or ".." in parts:
            raise CollectionError("a file name leaves the agency's folder", f"{files.shown}/{name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


LEVELS = ("error: ", "ERROR: ", "WARNING: ")
"""How the CLI and mkdocs begin a line: kept, except the CLI's own `error: `."""


def _shown(line: str, project: Path, shown: str) -> str:
    """A message about the worker's copy of a project, naming the files as the user does."""
    level = next((prefix for prefix in LEVELS if line.startswith(prefix)), "")
    message = line[len(level):].replace(f"{project}/", f"{shown}/").replace(str(project), shown)
    first = message.split(":", 1)[0]
    if first.startswith(shown):
        named = message
    elif first and _names_a_file(project, first):
        named = f"{shown}/{message}"
    else:
        named = f"{shown}: {message}"
    return named if level == "error: " else f"{level}{named}"


def _names_a_file(project: Path, text: str) -> bool:
    try:
        return (project / text).exists()
    except (OSError, ValueError):  # not a path at all (too long, a NUL in it)
        return False


# --- the map (client, through Dask) --------------------------------------------------------

TASKS: dict[Task, Callable[..., AgencyOutcome]] = {
    "import": import_agency, "diff": diff_agency, "build": build_agency}


def map_agencies(client: Client, task: Task, inputs: Sequence[AgencyFiles], **settings: Any
                 ) -> Iterator[AgencyOutcome]:
    """Run the task on each agency's files on the cluster; yield each outcome as it finishes.

    The files are scattered to the workers first, so they travel once and not
    inside the task graph. A task that dies (a bug, a worker killed) is one
    agency's error, not the end of the run.
    """
    from distributed import as_completed

    if not inputs:
        return
    data = client.scatter(list(inputs))  # type: ignore[no-untyped-call]
    futures = client.map(TASKS[task], data, **settings)
    agencies = {future.key: files.agency for future, files in zip(futures, inputs, strict=True)}
    for future in as_completed(futures):  # type: ignore[no-untyped-call]
        agency = agencies[future.key]
        if future.status == "error":
            yield AgencyOutcome(agency, task, errors=(_task_failure(agency, future.exception()),))
        else:
            yield future.result()
        future.release()


def _task_failure(agency: str, error: BaseException | None) -> str:
    detail = f"{type(error).__name__}: {error}" if error is not None else "no reason given"
    hint = ("; install policykit where the workers run (pip install 'policykit[collection]')"
            if isinstance(error, ModuleNotFoundError) else "")
    return f"{agency}: the task failed on its worker ({detail}){hint}"


# --- writing what came back (client) ---------------------------------------------------------

def write_outcome(outcome: AgencyOutcome, folder: Path, force: bool) -> AgencyOutcome:
    """Write an import's or a diff's files under `folder`, each atomically; a file that cannot
    be written (it exists, without `force`) is one more error."""
    errors: list[str] = []
    written: list[str] = []
    for name, data in outcome.files:
        try:
            write_atomically(folder / name, data.decode("utf-8"), replace=force)
        except PolicyKitError as error:
            errors.append(str(error))
        else:
            written.append(name)
    return replace(outcome, files=(), written=tuple(written),
                   errors=outcome.errors + tuple(errors),
                   imports=tuple(_unwritten(row, errors) for row in outcome.imports))


def _unwritten(row: BatchRow, errors: list[str]) -> BatchRow:
    """An import row whose file could not be written carries that error, as `policykit import`
    reports it."""
    failed = next((error for error in errors
                   if row.output and error.startswith(f"{row.output}:")), None)
    return replace(row, output="", error=failed) if failed else row


def publish_outcome(outcome: AgencyOutcome, target: Path, agency: Agency) -> AgencyOutcome:
    """Put a built site at `target` whole, in one step (see `toolkit.site.publish`)."""
    sources = Sources(project=agency.folder, pages=agency.folder / "site",
                      policies=agency.folder / "policies")

    def write_site(staging: Path) -> None:
        for name, data in outcome.files:
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    if outcome.errors:
        return replace(outcome, files=())
    try:
        publish_site(target, sources, write_site)
    except PolicyKitError as error:
        return replace(outcome, files=(), errors=(*outcome.errors, str(error)))
    return replace(outcome, files=(), written=tuple(name for name, _ in outcome.files))


# --- the summary -------------------------------------------------------------------------------

def summarise(outcome: AgencyOutcome) -> CollectionRow:
    """The outcome as one row: failed if anything failed, with the first error."""
    more = len(outcome.errors) - 1
    error = outcome.errors[0] if outcome.errors else ""
    if more > 0:
        error += f" (and {more} more)"
    warnings = len(outcome.warnings) + sum(row.warnings for row in outcome.imports)
    return CollectionRow(outcome.agency, "failed" if outcome.errors else "done", outcome.policies,
                         len(outcome.written), warnings, outcome.seconds, error, outcome.imports)


def refused_row(agency: Agency, message: str, task: Task) -> CollectionRow:
    """An agency the task does not apply to: a project has nothing to import (skipped);
    anything else is a failure."""
    skipped = task == "import" and agency.kind == "project"
    return CollectionRow(agency.name, "skipped" if skipped else "failed",
                         error="" if skipped else message)


def summary_table(rows: Sequence[CollectionRow]) -> list[str]:
    """Aligned plain-text columns, a header line first; a failed row ends with its error."""
    header = ("agency", "status", "policies", "files", "warnings", "seconds")
    cells = [header, *((row.agency, row.status, str(row.policies), str(row.files),
                        str(row.warnings), f"{row.seconds:.1f}") for row in rows)]
    widths = [max(len(line[column]) for line in cells) for column in range(len(header))]
    lines = []
    for row, line in zip([None, *rows], cells, strict=True):
        text = "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        lines.append(f"{text}  {row.error}".rstrip() if row and row.error else text.rstrip())
    return lines


def row_to_json(row: CollectionRow) -> dict[str, Any]:
    """One agency of `policykit collection ... --json`; keys are only ever added."""
    from toolkit.importer.batch import row_to_json as import_row_to_json

    return {"agency": row.agency, "status": row.status, "policies": row.policies,
            "files": row.files, "warnings": row.warnings, "seconds": round(row.seconds, 3),
            "error": row.error, "imports": [import_row_to_json(item) for item in row.imports]}


# --- the collection's index page -----------------------------------------------------------

def check_index_path(out: Path) -> None:
    """Refuse now, before any work, an `OUT/index.html` that policykit did not write."""
    path = out / INDEX
    if path.exists() and not _is_our_index(path):
        raise CollectionError("the file exists and is not a collection index policykit wrote; "
                              "move it, or build into another folder", str(path))


def _is_our_index(path: Path) -> bool:
    try:
        return f'content="{GENERATOR}"' in read_text_file(path)
    except PolicyKitError:
        return False


def write_collection_index(out: Path, title: str, rows: Sequence[CollectionRow]) -> Path:
    """OUT/index.html: every agency, its policy count, and a link to its site (for an agency
    that failed, to the site an earlier build left, if there is one)."""
    check_index_path(out)
    path = out / INDEX
    kept = {row.agency for row in rows if (out / row.agency / MARKER).is_file()}
    write_atomically(path, render_collection_index(title, rows, kept), replace=True)
    return path


def render_collection_index(title: str, rows: Sequence[CollectionRow],
                            kept: Collection[str] = ()) -> str:
    """The index page as HTML (built as elements: agency names and errors are only shown).
    `kept`: agencies whose earlier site is still in place."""
    built = sum(1 for row in rows if row.status == "done")
    head = element("head", None, element("meta", {"charset": "utf-8"}),
                   element("meta", {"name": "viewport",
                                    "content": "width=device-width, initial-scale=1"}),
                   element("meta", {"name": "generator", "content": GENERATOR}),
                   element("title", None, _printable(title)), element("style", None, INDEX_CSS))
    table = element("table", None,
                    element("thead", None, element("tr", None, element("th", None, "Agency"),
                                                   element("th", None, "Policies"),
                                                   element("th", None, "Manual"))),
                    element("tbody", None, *(_index_row(row, row.agency in kept)
                                             for row in rows)))
    main = element("main", None, element("h1", None, _printable(title)),
                   element("p", None, f"{built} of {len(rows)} agencies' manuals built."), table)
    page = element("html", {"lang": "en"}, head, element("body", None, main))
    return "<!DOCTYPE html>\n" + to_html(page) + "\n"


def _index_row(row: CollectionRow, kept: bool) -> etree._Element:
    name = _printable(row.agency)
    link = element("a", {"href": f"{quote(row.agency)}/{INDEX}"}, name)
    if row.status != "done":
        earlier = " (the site of an earlier build is kept)" if kept else ""
        return element("tr", {"class": "failed"}, element("td", None, link if kept else name),
                       element("td", {"class": "count"}, "-"),
                       element("td", None, f"not built: {_printable(row.error)}{earlier}"))
    return element("tr", None, element("td", None, link),
                   element("td", {"class": "count"}, str(row.policies)),
                   element("td", None, "built"))


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _printable(text: str) -> str:
    """Characters an HTML tree cannot hold (a control character in a folder name) as U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


INDEX_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #ccc; }
td.count { text-align: right; }
tr.failed td { color: #8a1c1c; }
"""
