"""Where one `policykit serve` edit cycle spends its time, measured inside the serve process.

    python benchmarks/serve_profile.py --policies 500          # cProfile of one edit, top 40
    python benchmarks/serve_profile.py --policies 500 --edits 3 --no-profile   # phase times only
    python benchmarks/serve_profile.py --policies 500 --edits 5 --no-profile --reuse --profile-edit 2

Generates the manual `serve_bench.py` uses (or reuses it: `--reuse`), runs the preview's
full build in this process, then edits one clause of one policy at a time and runs what the
file watcher would run (`check`, then the rebuild, then the follow-up rebuild it asks for),
printing the time of each, the CPU time of each phase of the rebuild that shows the edit
(`PHASES`; a phase inside another is counted in both), and for one edit's first rebuild
(`--profile-edit`, the first by default: it also pays for what the first edit warms up) a
cProfile sorted by cumulative time. HTTP and the browser's reload are `serve_bench.py`'s
business.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generate import write_project
from serve_bench import current_file, edit_clause
from site_bench import QUIET

HERE = Path(__file__).resolve().parent
PHASES = (
    ("check: snapshot of the watched files", "toolkit.cli.serving", None, "snapshot"),
    ("check: `check` of the edited policy", "toolkit.cli.serving", None, "check_paths"),
    ("reread the edited policy", "toolkit.cli.serving", "LivePreview", "reread"),
    ("the page builder", "toolkit.cli.serving", "LivePreview", "builder"),
    ("the redlines the changes page embeds", "toolkit.cli.serving", None, "embedded_pairs"),
    ("the policies citing it", "toolkit.cli.serving", None, "citing_policies"),
    ("making the candidate pages", "toolkit.cli.serving", "LivePreview", "candidate_pages"),
    ("mkdocs rendering pages", "toolkit.cli.serving", None, "_build_page"),
    ("search: replacing the pages' documents", "toolkit.site.search", "SplitIndex",
     "replace_pages"),
    ("search: writing its files", "toolkit.cli.serving", None, "write_index_change"),
    ("the feed and other files", "toolkit.cli.serving", None, "update_files"),
)
"""(name, module, class or None, function) of each phase timed."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--policies", type=int, default=500)
    parser.add_argument("--edits", type=int, default=1)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--profile-edit", type=int, default=0,
                        help="the edit to profile (from 0)")
    parser.add_argument("--reuse", action="store_true", help="keep a manual generated before")
    parser.add_argument("-o", "--output", type=Path, default=HERE / "out" / "serve-profile")
    args = parser.parse_args(argv)
    os.environ.update(QUIET)
    out = args.output.resolve()
    folder = out / f"manual-{args.policies}"
    config = folder / "mkdocs.yml"
    if not (args.reuse and config.exists()):
        config = write_project(folder, args.policies, 3, 60)
    os.environ["POLICYKIT_CACHE"] = str(out / f"cache-{args.policies}")
    os.chdir(config.parent)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.getLogger("mkdocs.plugins.policykit.serve").setLevel(logging.INFO)

    from toolkit.cache import open_cache
    from toolkit.cli.serving import LivePreview
    from toolkit.site.incremental import new_memo

    cache = open_cache()
    live = LivePreview(config, "127.0.0.1:8000", out / f"site-{args.policies}",
                       new_memo(cache), cache)
    start = time.monotonic()
    live.full_build()
    print(f"full build: {time.monotonic() - start:.2f} s")
    folders = sorted(path for path in (config.parent / "policies").iterdir() if path.is_dir())
    for number in range(args.edits):
        folder = folders[(number * 7 + 3) % len(folders)]
        edit_clause(current_file(folder), f"Profileedit{number}zq")()
        wanted = number == args.profile_edit and not args.no_profile
        profile = cProfile.Profile() if wanted else None
        start = time.monotonic()
        cpu = time.process_time()
        with timed_phases() as phases:
            if profile is not None:
                profile.enable()
            live.check()
            live()
            if profile is not None:
                profile.disable()
        print(f"edit {number} ({folder.name}): {time.monotonic() - start:.2f} s wall, "
              f"{time.process_time() - cpu:.2f} s CPU (check + rebuild: the edit shown)")
        for name, seconds in phases.items():
            print(f"    {seconds:6.3f} s CPU  {name}")
        if profile is not None:
            pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(args.top)
        start, cpu = time.monotonic(), time.process_time()
        while live.later:  # the rebuild the server is asked for: pages that preview the edit
            live.check()
            live()
        print(f"  follow-up: {time.monotonic() - start:.2f} s wall, "
              f"{time.process_time() - cpu:.2f} s CPU (citing policies' pages, lists)")
    return 0


@contextmanager
def timed_phases() -> Iterator[dict[str, float]]:
    """The CPU seconds spent in each of `PHASES` inside the block (patched in, then restored)."""
    import importlib

    spent: dict[str, float] = {}
    restore: list[Callable[[], None]] = []
    for name, module_name, class_name, function in PHASES:
        owner: Any = importlib.import_module(module_name)
        if class_name is not None:
            owner = getattr(owner, class_name)
        original = (owner.__dict__ if class_name else vars(owner)).get(function)
        if original is None:  # not in this version of the code
            continue
        setattr(owner, function, _timed(name, original, spent))
        restore.append(lambda owner=owner, function=function, original=original:
                       setattr(owner, function, original))
    try:
        yield spent
    finally:
        for undo in restore:
            undo()


def _timed(name: str, original: Any, spent: dict[str, float]) -> Any:
    static = isinstance(original, staticmethod)
    function = original.__func__ if static else original

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - start

    return staticmethod(timed) if static else timed


if __name__ == "__main__":
    raise SystemExit(main())
