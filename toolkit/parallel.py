"""Per-item work spread over processes: one worker per CPU, results in input order.

    run_in_parallel(work, items, jobs) == [work(item) for item in items]

Workers are forked, so `work` and whatever it reads (a library, a site builder) are
inherited, not pickled; only each item and each result cross between processes, so
keep both small (an index in, a few names or a cache key out). Where `fork` is not
available, with one job, with fewer than `MIN_ITEMS` items, or when this process runs other
threads (`serve`'s web server: a forked child gets a copy of a lock another thread may
hold, and can wait on it forever), the work runs here, serially: the results are the
same either way, which the build's tests check file by file.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 8
"""Fewer items than this run here: starting workers costs more than they would save."""
_work: list[Callable[[object], object]] = []
"""The function the forked workers run (set just before the pool forks them)."""


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_in_parallel(work: Callable[[Item], Result], items: Sequence[Item],
                    jobs: int | None = None) -> list[Result]:
    """`[work(item) for item in items]`, computed by up to `jobs` forked processes."""
    jobs = default_jobs() if jobs is None else jobs
    workers = min(jobs, len(items))
    if workers < 2 or len(items) < MIN_ITEMS or threading.active_count() > 1:
        return [work(item) for item in items]
    import multiprocessing  # with concurrent.futures, 25-40 ms to import: only when used
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return [work(item) for item in items]
    _work[:] = [work]  # type: ignore[list-item]
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            chunk = max(1, len(items) // (workers * 8))
            return list(pool.map(_run, items, chunksize=chunk))  # type: ignore[arg-type]
    finally:
        _work.clear()


def _run(item: object) -> object:
    return _work[0](item)
