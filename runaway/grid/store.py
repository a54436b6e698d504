"""Append-only store of finished grid points, and the final grid Dataset.

While a grid runs, finished points go into ``OUT.nc.parts/`` as numbered JSON chunks (each
written to a temporary file and renamed, so a chunk is complete or absent) and, for points
whose time series are kept, ``series-<hash>.nc``. A point is known by the hash of its
effective scenario, so ``--resume`` skips every point whose record is stored, whatever the
order or the number of workers that produced it. :func:`grid_dataset` assembles the records
into one Dataset with the grid axes as dimensions; :func:`finalise` writes it atomically.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from runaway.grid.spec import Case, GridSpec
from runaway.results import VARIABLES, atomic_target, read_netcdf, write_netcdf

__all__ = ["PartStore", "finalise", "grid_dataset", "parts_folder"]

MISSING = "missing: not computed"


def parts_folder(output: Path) -> Path:
    """The store folder of the grid result ``output``: ``OUT.nc.parts``."""
    return output.with_name(output.name + ".parts")


class PartStore:
    """Finished points of one grid, stored as they arrive (see the module docstring).

    Parameters
    ----------
    folder : Path
        ``OUT.nc.parts``; created if missing.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._next = len(list(self.folder.glob("chunk-*.json")))

    def records(self) -> dict[str, dict[str, Any]]:
        """Stored records by point hash (unreadable chunks, e.g. from a full disk, skipped)."""
        found: dict[str, dict[str, Any]] = {}
        for chunk in sorted(self.folder.glob("chunk-*.json")):
            try:
                items = json.loads(chunk.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            found.update((r["hash"], r) for r in items if isinstance(r, dict) and "hash" in r)
        return found

    def append(self, records: Sequence[dict[str, Any]]) -> None:
        """Store ``records`` (one new chunk); kept time series are written first."""
        if not records:
            return
        items = []
        for record in records:
            record = dict(record)
            series = record.pop("series", None)
            if series is not None:
                write_netcdf(series, self.series_path(record["hash"]))
            items.append(record)
        while (self.folder / f"chunk-{self._next:06d}.json").exists():
            self._next += 1
        target = self.folder / f"chunk-{self._next:06d}.json"
        with atomic_target(target) as tmp:
            with open(tmp, "w", encoding="utf-8") as stream:
                json.dump(items, stream)
                stream.flush()
                os.fsync(stream.fileno())
        self._next += 1

    def series_path(self, digest: str) -> Path:
        return self.folder / f"series-{digest}.nc"

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def grid_dataset(
    spec: GridSpec, cases: Sequence[Case], records: dict[str, dict[str, Any]]
) -> xr.Dataset:
    """One Dataset of the grid: axes as dimensions, scalar results, ``status`` per point.

    Points without a record have status ``"missing: not computed"`` and NaN values;
    failed points keep their message in ``status`` and NaN in every result variable.
    """
    dims = [axis.name for axis in spec.axes]
    shape = spec.shape
    ok = [records[c.hash] for c in cases if c.hash in records]
    names = sorted({n for r in ok for n in r.get("values", {})}, key=_order)
    species = sorted({s for r in ok for s in r.get("gas", {})})
    values = {n: np.full(shape, np.nan) for n in names}
    gas = np.full((*shape, len(species)), np.nan)
    status = np.full(shape, MISSING, dtype=object)
    hashes = np.empty(shape, dtype=object)
    for case in cases:
        hashes[case.index] = case.hash
        record = records.get(case.hash)
        if record is None:
            continue
        status[case.index] = record["status"]
        if not record["status"].startswith("ok"):
            continue
        for name, value in record["values"].items():
            values[name][case.index] = value
        for k, name in enumerate(species):
            gas[(*case.index, k)] = record["gas"].get(name, 0.0)
    data_vars = {}
    for name, array in values.items():
        units, long_name = VARIABLES.get(name, ("", name))
        attrs = {"units": units, "long_name": long_name}
        if name == "thermal_runaway":
            array = np.where(np.isnan(array), -1, array).astype("int8")
            attrs.update(flag_values="-1, 0, 1", flag_meanings="unknown false true")
        data_vars[name] = (dims, array, attrs)
    units, long_name = VARIABLES["gas_mole_fraction"]
    data_vars["gas_mole_fraction"] = (
        [*dims, "species"],
        gas,
        {"units": units, "long_name": long_name},
    )
    data_vars["status"] = (
        dims,
        status.astype(str),
        {"long_name": "ok, failed: reason, or missing"},
    )
    data_vars["point_hash"] = (dims, hashes.astype(str), {"long_name": "SHA-256 of the scenario"})
    coords: dict[str, Any] = {
        "species": ("species", np.array(species, dtype=str), {"long_name": "gas species"})
    }
    for axis in spec.axes:
        for key, coord, unit in zip(axis.keys, axis.coords, axis.units, strict=True):
            attrs = {"units": unit, "long_name": f"scenario key {key}"}
            coords[key] = (axis.name, coord, attrs)
    ds = xr.Dataset(data_vars, coords=coords)
    ds.attrs.update(_provenance(spec, cases, ok))
    return ds


def _order(name: str) -> tuple[int, str]:
    known = list(VARIABLES)
    return (known.index(name), name) if name in known else (len(known), name)


def _provenance(spec: GridSpec, cases: Sequence[Case], ok: Iterable[dict]) -> dict[str, str]:
    import cantera
    import numba

    from runaway import __version__

    digests = sorted({r.get("mechanism_sha256", "") for r in ok} - {""})
    failed = sum(1 for r in ok if not r["status"].startswith("ok"))
    return {
        "title": str(spec.base.get("title", "runaway grid")),
        "Conventions": "CF-1.10",
        "source": f"runaway {__version__}",
        "runaway_version": __version__,
        "cantera_version": cantera.__version__,
        "numba_version": numba.__version__,
        "grid_file": spec.file,
        "grid": spec.text,
        "grid_set": "; ".join(spec.overrides),
        "base_scenario": cases[0].text if cases else "",
        "mechanism_sha256": " | ".join(digests),
        "points": str(len(cases)),
        "points_failed": str(failed),
        "series": "; ".join(f"{_group(c)}: {c.label}" for c in cases if c.keep_series),
    }


def _group(case: Case) -> str:
    return "series/point_" + "_".join(str(i) for i in case.index)


def finalise(dataset: xr.Dataset, output: Path, store: PartStore, cases: Sequence[Case]) -> Path:
    """Write the grid ``dataset`` and the kept series (netCDF groups ``series/point_i_j``)
    to ``output`` atomically, then remove the store."""
    output.parent.mkdir(parents=True, exist_ok=True)
    out = dataset.copy()
    with atomic_target(output) as tmp:
        out.to_netcdf(tmp, engine="h5netcdf")
        for case in cases:
            path = store.series_path(case.hash)
            if case.keep_series and path.is_file():
                with xr.open_dataset(path, engine="h5netcdf") as series:
                    series.load().to_netcdf(tmp, mode="a", group=_group(case), engine="h5netcdf")
    store.remove()
    return output


def read_grid(path: str | os.PathLike) -> xr.Dataset:
    """Open a grid result (loaded into memory)."""
    return read_netcdf(path)
