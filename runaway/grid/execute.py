"""Run grid cases on a local process pool or a Dask cluster, storing results as they arrive.

The local pool starts ``spawn`` workers (numba and Cantera are not fork-safe) that ignore
Ctrl-C and are replaced after :data:`TASKS_PER_WORKER` points (``maxtasksperchild``), because
scipy's LSODA keeps every integrator's work arrays alive (~78 kB per run). Before the pool starts
the first case is run in this process, so that a fresh install compiles the numba kernel once,
not in every worker at once. With ``scheduler`` the same cases go to a Dask distributed
cluster. Results are the same for any number of workers or order: every case is independent and
keyed by its hash.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from runaway.grid.runner import init_worker, run_case
from runaway.grid.spec import Case
from runaway.grid.store import PartStore

__all__ = ["TASKS_PER_WORKER", "default_workers", "execute"]

#: Points a pool worker runs before it is replaced (bounds LSODA's leak to ~80 MB).
TASKS_PER_WORKER = 1000
#: Longest time finished points wait in memory before they are stored [s].
FLUSH_INTERVAL = 1.0


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def execute(
    cases: Sequence[Case],
    store: PartStore,
    workers: int | None = None,
    scheduler: Any = None,
    progress: bool = True,
    on_record: Callable[[dict], None] | None = None,
) -> int:
    """Run ``cases`` and append their records to ``store``; returns the number run.

    Parameters
    ----------
    cases : sequence of Case
        The cases still to compute.
    store : PartStore
        Where records go (at most :data:`FLUSH_INTERVAL` after they arrive).
    workers : int, optional
        Local processes [default: the cores available]; ignored with ``scheduler``.
    scheduler : str or distributed.Client, optional
        Address of a Dask scheduler (``tcp://host:8786``), or a connected client.
    progress : bool
        Show a progress bar (rate, ETA) on stderr.
    on_record : callable, optional
        Called with each record as it arrives.

    Notes
    -----
    On Ctrl-C (KeyboardInterrupt) the records that arrived are stored before it propagates.
    """
    from tqdm import tqdm

    if not cases:
        return 0
    bar = tqdm(total=len(cases), unit="pt", desc="grid", disable=not progress, file=sys.stderr)
    buffer: list[dict] = []
    last = time.monotonic()
    done = 0
    try:
        for record in _records(cases, workers, scheduler):
            buffer.append(record)
            done += 1
            bar.update()
            if on_record is not None:
                on_record(record)
            if time.monotonic() - last >= FLUSH_INTERVAL:
                store.append(buffer)
                buffer, last = [], time.monotonic()
    finally:
        store.append(buffer)
        bar.close()
    return done


def _records(cases: Sequence[Case], workers: int | None, scheduler: Any) -> Iterator[dict]:
    if scheduler is not None:
        yield from _dask(cases, scheduler)
        return
    workers = max(1, workers or default_workers())
    first, rest = cases[0], cases[1:]
    # the first point compiles (or loads) the kernel once, before any worker starts
    if workers == 1 and len(rest) < TASKS_PER_WORKER:
        yield from _in_process(cases)
        return
    yield from _in_process([first])
    if rest:
        yield from _pool(rest, workers)


def _in_process(cases: Sequence[Case]) -> Iterator[dict]:
    """Run ``cases`` in this process; Ctrl-C stops the grid *between* points.

    A SIGINT that lands inside the solver can surface from scipy's LSODA wrapper as an
    unrelated exception (seen: "ValueError: Buffer dtype mismatch"), which `run_case` would
    record as a failed point and the grid would go on. So the signal is only noted while a
    point runs, and KeyboardInterrupt is raised once it has finished.
    """
    if threading.current_thread() is not threading.main_thread():
        yield from map(run_case, cases)  # signal handlers can only be set in the main thread
        return
    pending: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pending.append(signum))
    try:
        for case in cases:
            yield run_case(case)
            if pending:
                raise KeyboardInterrupt
    finally:
        signal.signal(signal.SIGINT, previous)


def _pool(cases: Sequence[Case], workers: int) -> Iterator[dict]:
    # multiprocessing.Pool, not concurrent.futures: ProcessPoolExecutor(max_tasks_per_child=...)
    # deadlocks once a worker retires with tasks still queued (CPython gh-115634, 3.11-3.13)
    context = multiprocessing.get_context("spawn")
    pool = context.Pool(min(workers, len(cases)), init_worker, maxtasksperchild=TASKS_PER_WORKER)
    try:
        yield from pool.imap_unordered(run_case, cases, chunksize=1)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _dask(cases: Sequence[Case], scheduler: Any) -> Iterator[dict]:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:  # pragma: no cover - optional dependency
        raise RuntimeError(
            "--scheduler needs dask.distributed: pip install 'runaway[grid]'"
        ) from None
    own = not isinstance(scheduler, Client)
    client = Client(scheduler) if own else scheduler
    try:
        futures = client.map(run_case, list(cases), key=[f"runaway-{c.hash}" for c in cases])
        for future in dask_completed(futures):
            yield future.result()
            future.release()
    finally:
        if own:
            client.close()
