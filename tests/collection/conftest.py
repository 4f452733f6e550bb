"""A small collection of manuals, and a local Dask cluster (two worker processes) to map it on.

    manuals/                       what an oversight body keeps
      springfield/policies/2-55    the repository's own SOP 2-55 (no mkdocs.yml: the default one)
      shelbyville/                 the site tests' fixture manual, with its own mkdocs.yml
      broken/policies/9-9          a version whose id does not match its folder
      ogdenville/*.txt             extracted texts to import
      capital-city/bad.txt         a "text" that is a damaged PDF

The commands run as a user runs them, one process each, in the order a user
would: import the texts (on a local cluster of its own), then diff and build
the projects (on the shared cluster, through --scheduler).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from toolkit.cli.collection import LOCAL_SCHEDULER

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
ROMAN = """General Order G03-02
Use of Force
I. Purpose
This directive sets forth Department policy.
II. Policy
A. Members act with regard for human life.
"""
SHELBYVILLE_CONFIG = """site_name: Shelbyville SOPs
docs_dir: pages
site_dir: public
theme:
  name: material
  font: false
plugins:
  - search
  - policykit
"""


@dataclass(frozen=True)
class Run:
    """One command's exit code, standard output and standard error."""

    code: int
    stdout: str
    stderr: str


POLICYKIT = Path(sys.executable).parent / "policykit"


def policykit(folder: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """`policykit ARGS` in its own process, in `folder`."""
    done = subprocess.run([str(POLICYKIT), *args], cwd=folder, env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    return Run(done.returncode, done.stdout, done.stderr)


def make_manuals(folder: Path) -> Path:
    manuals = folder / "manuals"
    springfield = manuals / "springfield" / "policies" / "2-55"
    springfield.mkdir(parents=True)
    for name in ("original.md", "revised.md", "so-21-58.md"):
        shutil.copy(ROOT / "policies" / "2-55" / name, springfield / name)
    shelbyville = manuals / "shelbyville"
    shutil.copytree(TESTS / "site" / "fixtures" / "policies", shelbyville / "policies")
    (shelbyville / "mkdocs.yml").write_text(SHELBYVILLE_CONFIG, encoding="utf-8")
    (shelbyville / "pages").mkdir()
    (shelbyville / "pages" / "index.md").write_text("# Shelbyville\n", encoding="utf-8")
    broken = manuals / "broken" / "policies" / "9-9"
    broken.mkdir(parents=True)
    text = (TESTS / "site" / "fixtures" / "policies" / "2-19" / "2022.md").read_text("utf-8")
    (broken / "2022.md").write_text(text.replace("id: 2-19", "id: 9-8", 1), encoding="utf-8")
    ogdenville = manuals / "ogdenville"
    ogdenville.mkdir()
    shutil.copy(TESTS / "importer" / "fixtures" / "clean_sop.txt",
                ogdenville / "sop-4-12-2023-05-01.txt")
    (ogdenville / "g03-02.txt").write_text(ROMAN, encoding="utf-8")
    (manuals / "capital-city").mkdir()
    (manuals / "capital-city" / "bad.txt").write_bytes(b"%PDF-1.4 not text")
    return manuals


@pytest.fixture(scope="session")
def cluster() -> Iterator[str]:
    """A LocalCluster of two worker processes, as CI runs one; yields its scheduler address."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, scheduler_kwargs=LOCAL_SCHEDULER) as local:
        yield local.scheduler_address


@dataclass(frozen=True)
class Collection:
    """The collection, and what each command printed."""

    folder: Path
    """The working folder: manuals/, projects/, diffs/, sites/ are in it."""
    imported: Run
    diffed: Run
    built: Run


@pytest.fixture(scope="session")
def collection(tmp_path_factory: pytest.TempPathFactory, cluster: str) -> Collection:
    folder = tmp_path_factory.mktemp("collection")
    manuals = make_manuals(folder)
    projects = folder / "projects"
    for agency in ("springfield", "shelbyville", "broken"):
        shutil.copytree(manuals / agency, projects / agency)
    imported = policykit(folder, "collection", "import", "manuals", "-o", "projects",
                         "--side", "new", "--workers", "1")
    diffed = policykit(folder, "collection", "diff", "projects", "-o", "diffs",
                       "--scheduler", cluster)
    built = policykit(folder, "collection", "build", "projects", "-o", "sites",
                      "--scheduler", cluster, "--json")
    return Collection(folder, imported, diffed, built)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, with its bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}
