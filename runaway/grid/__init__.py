"""Scenario grids: grid files, a runner shared by the CLI and the API, a process pool or Dask
cluster, an append-only store, the critical-boundary search and maps.

>>> from runaway.grid import load_grid, run_grid
>>> spec = load_grid("scenarios/grids/li_ncm811_oven_soc.toml")  # doctest: +SKIP
>>> ds = run_grid(spec, "oven_soc.nc")  # doctest: +SKIP
"""

from __future__ import annotations

from runaway._lazy import lazy_attributes

_PUBLIC = {
    "Case": "spec",
    "GridSpec": "spec",
    "check_points": "spec",
    "load_grid": "spec",
    "parse_grid": "spec",
    "run_case": "runner",
    "grid_dataset": "store",
    "run_grid": "api",
    "find_critical": "critical",
    "plot_maps": "maps",
}

__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_attributes(
    __name__, {name: "runaway.grid." + module for name, module in _PUBLIC.items()}
)
