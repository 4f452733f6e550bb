"""`policykit collection import|diff|build`: a collection of manuals, one agency a task, on Dask.

Thin over `toolkit.collection`: find the agencies, read their files, map the
task over them on a Dask cluster (a local one by default, `--scheduler` for a
real one), write what comes back, and print a progress line per agency and a
summary table. Dask is imported only when a command runs.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit.collection import (
    Agency,
    AgencyFiles,
    AgencyOutcome,
    BuildSettings,
    CollectionRow,
    ImportSettings,
    Task,
    check_index_path,
    discover_agencies,
    map_agencies,
    publish_outcome,
    read_agency,
    refusal,
    refused_row,
    row_to_json,
    summarise,
    summary_table,
    write_collection_index,
    write_outcome,
)
from toolkit.errors import CollectionError, PolicyKitError
from toolkit.importer import ImportSide
from toolkit.model import ChangeSet

if TYPE_CHECKING:
    from distributed import Client

SIDES: dict[str, ImportSide] = {"old": "old", "new": "new"}
LOCAL_SCHEDULER = {"dashboard_address": "127.0.0.1:0"}
"""The scheduler's HTTP server (health, metrics) on a free local port, not 8787, which another
cluster may hold."""
Finish = Callable[[AgencyOutcome, Agency], AgencyOutcome]
"""Writes what one task returned (on the client) and returns the outcome as written."""


def changes_json(changeset: ChangeSet) -> str:
    """What `policykit diff OLD NEW --format json` writes (run on the workers)."""
    from toolkit.cli.diffing import render_json

    return render_json([changeset], False, False)


def decode_source(data: bytes, source: str) -> tuple[str, list[str]]:
    """A source file's text as `policykit import` reads it (run on the workers)."""
    from toolkit.cli.importing import _decode

    return _decode(data, source)


def cluster_options(command: Callable[..., None]) -> Callable[..., None]:
    """COLLECTION -o OUT [--scheduler ADDR | --workers N] [--json], shared by the three commands."""
    for option in reversed([
        click.argument("collection", type=click.Path(path_type=Path, file_okay=False)),
        click.option("-o", "--output", required=True,
                     type=click.Path(path_type=Path, file_okay=False),
                     help="The folder to write into, one folder per agency."),
        click.option("--scheduler", metavar="ADDR",
                     help="A running Dask scheduler (tcp://host:8786) whose workers do the work; "
                          "default: a local cluster on this machine."),
        click.option("--workers", type=click.IntRange(min=1),
                     help="Worker processes of the local cluster (default: one per core)."),
        click.option("--json", "as_json", is_flag=True,
                     help="Print the summary as JSON, one object per agency."),
    ]):
        command = option(command)
    return command


@click.group("collection")
def collection_group() -> None:
    """A collection of manuals (one folder per agency), as one task per agency on Dask.

    Each agency folder is a policykit project (policies/<id>/<version>.md,
    with or without its own mkdocs.yml) or a folder of .txt and .pdf files to
    import. The tasks run on a local Dask cluster, or on the cluster whose
    scheduler --scheduler names; the workers need policykit installed, not this
    filesystem (see site/collections.md). One bad agency is one line of the
    summary; the exit code is 1 if any agency failed.

    \b
    Examples:
      policykit collection import manuals -o collection
      policykit collection diff collection -o diffs --json
      policykit collection build collection -o sites --scheduler tcp://10.0.0.5:8786
    """


@collection_group.command("import")
@cluster_options
@click.option("--side", type=click.Choice(["old", "new"]),
              help="Write the clean text of one side of each redline instead of CriticMarkup.")
@click.option("--numbering", metavar="apd|dotted|roman|chapter|headed",
              help="How the sections are numbered; found from each text if left out.")
@click.option("--redline/--no-redline", default=None,
              help="Say whether the texts are flattened redlines instead of letting them decide.")
@click.option("--force", is_flag=True, help="Replace version files that exist.")
def import_command(collection: Path, output: Path, scheduler: str | None, workers: int | None,
                   as_json: bool, side: str | None, numbering: str | None, redline: bool | None,
                   force: bool) -> None:
    """Import each agency's .txt and .pdf files into OUT/<agency>/policies/.

    Each agency's result is what `policykit import COLLECTION/<agency> -o
    OUT/<agency>/policies` writes; an agency that already has policies/ is
    skipped. A file that exists is never replaced without --force.

    \b
    Examples:
      policykit collection import manuals -o collection
      policykit collection import manuals -o collection --side new --workers 2
    """
    settings = ImportSettings(str(output), SIDES[side] if side else None, numbering, redline)

    def finish(outcome: AgencyOutcome, agency: Agency) -> AgencyOutcome:
        return write_outcome(outcome, output / agency.name, force)

    _run_collection("import", collection, output, (scheduler, workers), as_json,
                    {"settings": settings, "decode": decode_source}, finish)


@collection_group.command("diff")
@cluster_options
@click.option("--force", is_flag=True, help="Replace diff files that exist.")
def diff_command(collection: Path, output: Path, scheduler: str | None, workers: int | None,
                 as_json: bool, force: bool) -> None:
    """Diff each two consecutive versions of every policy of every agency, as JSON.

    OUT/<agency>/<id>/<old>..<new>.json is what `policykit diff ID@OLD ID@NEW
    --format json --policies COLLECTION/<agency>/policies` writes.

    \b
    Examples:
      policykit collection diff collection -o diffs
      policykit collection diff collection -o diffs --scheduler tcp://10.0.0.5:8786 --json
    """
    _refuse_collection_as_output(collection, output)

    def finish(outcome: AgencyOutcome, agency: Agency) -> AgencyOutcome:
        return write_outcome(outcome, output / agency.name, force)

    _run_collection("diff", collection, output, (scheduler, workers), as_json,
                    {"render": changes_json}, finish)


@collection_group.command("build")
@cluster_options
@click.option("--strict", is_flag=True, help="Fail an agency on any warning (broken link).")
@click.option("--title", default="Policy manuals", show_default=True,
              help="The title of the collection's index page.")
def build_command(collection: Path, output: Path, scheduler: str | None, workers: int | None,
                  as_json: bool, strict: bool, title: str) -> None:
    """Build each agency's site into OUT/<agency>/, and OUT/index.html listing them.

    Each site is what `policykit build` builds in the agency's folder (an
    agency without mkdocs.yml gets a standard one); it replaces OUT/<agency>/
    whole, in one step, and only a folder policykit built. An agency that fails
    keeps its last good site.

    \b
    Examples:
      policykit collection build collection -o sites
      policykit collection build collection -o sites --workers 4 --title "State manuals"
    """
    _refuse_collection_as_output(collection, output)
    check_index_path(output)
    build = BuildSettings(strict, os.environ.get("SOURCE_DATE_EPOCH"))

    def finish(outcome: AgencyOutcome, agency: Agency) -> AgencyOutcome:
        return publish_outcome(outcome, output / agency.name, agency)

    rows = _run_collection("build", collection, output, (scheduler, workers), as_json,
                           {"settings": build}, finish, exit_on_failure=False)
    index = write_collection_index(output, title, rows)
    click.echo(f"index: {index}", err=True)
    if any(row.status == "failed" for row in rows):
        raise SystemExit(1)


# --- the run ---------------------------------------------------------------------------------

def _run_collection(task: Task, collection: Path, output: Path,
                    cluster: tuple[str | None, int | None], as_json: bool,
                    settings: dict[str, Any], finish: Finish,
                    exit_on_failure: bool = True) -> list[CollectionRow]:
    """Read, map, write, report: the shape of every collection command."""
    _refuse_both(*cluster)
    agencies = discover_agencies(collection, skip=output)
    by_name = {agency.name: agency for agency in agencies}
    with _client(*cluster) as client:
        rows, inputs = _read_agencies(agencies, task)
        for outcome in map_agencies(client, task, inputs, **settings):
            row = summarise(finish(outcome, by_name[outcome.agency]))
            rows.append(row)
            _progress(task, len(rows), len(agencies), row, outcome.warnings)
    rows.sort(key=lambda row: row.agency)
    _report(rows, as_json)
    if exit_on_failure and any(row.status == "failed" for row in rows):
        raise SystemExit(1)
    return rows


def _read_agencies(agencies: list[Agency], task: Task
                   ) -> tuple[list[CollectionRow], list[AgencyFiles]]:
    """Each agency's files, or its row when the task does not apply or a file cannot be read."""
    rows: list[CollectionRow] = []
    inputs: list[AgencyFiles] = []
    for agency in agencies:
        refused = refusal(agency, task)
        try:
            if refused is None:
                inputs.append(read_agency(agency, task))
                continue
        except PolicyKitError as error:
            refused = str(error)
        except OSError as error:  # a folder that cannot be listed
            refused = f"{error.filename or agency.folder}: cannot read it: {error.strerror or error}"
        rows.append(refused_row(agency, refused, task))
        _progress(task, len(rows), len(agencies), rows[-1], ())
    return rows, inputs


def _progress(task: Task, done: int, total: int, row: CollectionRow,
              warnings: tuple[str, ...]) -> None:
    if row.status == "done":
        what = f"done, {row.policies} policies, {row.files} files ({row.seconds:.1f} s)"
    else:
        what = row.status
    click.echo(f"collection {task}: {done}/{total} {row.agency}: {what}", err=True)
    for line in warnings:
        click.echo(line, err=True)


def _report(rows: list[CollectionRow], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps([row_to_json(row) for row in rows], indent=2, ensure_ascii=False))
    else:
        for line in summary_table(rows):
            click.echo(line)
    counts = {status: sum(1 for row in rows if row.status == status)
              for status in ("done", "failed", "skipped")}
    click.echo(", ".join(f"{count} {status}" for status, count in counts.items() if count
                         or status != "skipped"), err=True)


# --- the cluster -----------------------------------------------------------------------------

@contextlib.contextmanager
def _client(scheduler: str | None, workers: int | None) -> Iterator[Client]:
    """A client of the scheduler named, or of a local cluster of `workers` processes."""
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with _connected(scheduler) as client:
            yield client
        return
    # One single-threaded process per core: the tasks are Python, held by the GIL.
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
        host="127.0.0.1", dashboard_address=None, scheduler_kwargs=LOCAL_SCHEDULER,
        silence_logs=logging.CRITICAL)  # a task's failure is reported as its agency's line
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


@contextlib.contextmanager
def _connected(scheduler: str) -> Iterator[Client]:
    """A client of a running scheduler; it waits as long as Dask's connect timeout says
    (`distributed.comm.timeouts.connect`, 30 s unless configured)."""
    import dask
    from distributed import Client

    try:
        client = Client(scheduler)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError):
        waited = dask.config.get("distributed.comm.timeouts.connect")
        raise CollectionError(f"cannot reach the Dask scheduler at {scheduler}: no answer within "
                              f"{waited}; start it with `dask scheduler`, "
                              "or leave out --scheduler to work on this machine") from None
    except ValueError as error:
        raise CollectionError(f"not a Dask scheduler address: {error}; give one like "
                              "tcp://host:8786", scheduler) from None
    with client:
        yield client


def _refuse_both(scheduler: str | None, workers: int | None) -> None:
    if scheduler is not None and workers is not None:
        raise click.UsageError("--workers sizes the local cluster; with --scheduler the "
                               "cluster's own workers do the work")


def _refuse_collection_as_output(collection: Path, output: Path) -> None:
    if output.resolve() == collection.resolve():
        raise CollectionError("is the collection itself; write into another folder", str(output))


COMMANDS: list[click.Command] = [collection_group]
