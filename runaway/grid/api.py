"""Run a whole grid: validate, skip stored points, execute, assemble, write atomically."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import xarray as xr

from runaway.grid.execute import execute
from runaway.grid.spec import GridSpec, check_points
from runaway.grid.store import PartStore, finalise, grid_dataset, parts_folder

__all__ = ["GridStoreError", "run_grid"]


class GridStoreError(RuntimeError):
    """A store of an earlier run is in the way (and ``resume`` was not asked for)."""


def run_grid(
    spec: GridSpec,
    output: str | Path,
    workers: int | None = None,
    scheduler: Any = None,
    resume: bool = False,
    keep_series: Sequence[dict[str, float]] = (),
    progress: bool = True,
    report: Callable[[str], None] | None = None,
) -> xr.Dataset:
    """Run every point of ``spec`` and write the grid Dataset to ``output`` (netCDF).

    Parameters
    ----------
    spec : GridSpec
        From :func:`runaway.grid.load_grid`.
    output : path-like
        The netCDF file; finished points are stored in ``<output>.parts/`` while it runs.
    workers : int, optional
        Local worker processes [default: the cores available].
    scheduler : str or distributed.Client, optional
        Run on this Dask cluster instead.
    resume : bool
        Continue an interrupted run from ``<output>.parts/``, computing only missing points.
    keep_series : sequence of dict
        Points whose time series are kept (key -> SI value, all must match).
    progress : bool
        Progress bar on stderr.
    report : callable, optional
        Called with one-line messages (how many points, how many stored).

    Raises
    ------
    ScenarioError
        A point that does not validate (before anything runs).
    GridStoreError
        ``<output>.parts/`` exists and ``resume`` is false.
    """
    output = Path(output)
    cases = check_points(spec, keep_series)
    folder = parts_folder(output)
    if folder.exists() and not resume:
        raise GridStoreError(
            f"{folder} holds points of an earlier run: continue it with --resume, or remove it"
        )
    store = PartStore(folder)
    stored = store.records()
    wanted = {c.hash for c in cases}
    todo = [c for c in cases if c.hash not in stored]
    todo += [c for c in cases if c.keep_series and c.hash in stored and c not in todo
             and not store.series_path(c.hash).is_file()]  # fmt: skip
    if report is not None:
        have = len(wanted & set(stored))
        report(f"{len(cases)} points, {have} already stored, {len(todo)} to compute")
    execute(todo, store, workers, scheduler, progress)
    records = store.records()
    dataset = grid_dataset(spec, cases, records)
    finalise(dataset, output, store, cases)
    return dataset
