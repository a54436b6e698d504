"""Where thermal runaway starts: bisection of one scenario key between two values.

The search runs the scenario at both ends (they must differ in ``thermal_runaway``), then
halves the bracket until it is narrower than the tolerance. Along a second key each value is
an independent search (run in parallel on a process pool), giving a boundary curve such as
the critical oven temperature against SOC.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from runaway.grid.runner import init_worker, run_case
from runaway.grid.spec import Case, GridSpec, si_value
from runaway.scenario.errors import ScenarioError
from runaway.scenario.toml_io import read_toml

__all__ = ["Boundary", "critical_dataset", "find_critical", "parse_difference", "scenario_spec"]


@dataclass(frozen=True)
class Boundary:
    """Result of one search.

    Attributes
    ----------
    lower, upper : float
        The final bracket [SI]: one side runs away, the other does not.
    runaway_above : bool
        Whether runaway happens at the upper side (oven temperature) or the lower side
        (short resistance).
    runs : int
        Simulations it took.
    status : str
        ``ok``, or why there is no boundary (both ends alike, a failed run).
    """

    lower: float
    upper: float
    runaway_above: bool
    runs: int
    status: str

    @property
    def value(self) -> float:
        return 0.5 * (self.lower + self.upper)


def scenario_spec(path: str | Path, overrides: Sequence[str] = ()) -> GridSpec:
    """A scenario file as a grid without axes, so its points can be set key by key."""
    path = Path(path)
    data = read_toml(path, str(path))
    spec = GridSpec(str(path), "", data, [], str(path.resolve()), tuple(overrides))
    spec.scenario()  # validate the scenario as it stands
    return spec


def _case(spec: GridSpec, values: dict[str, Any]) -> Case:
    scenario = spec.scenario(extra=values)
    label = ", ".join(f"{k}={v:.6g}" for k, v in values.items())
    return Case((), f"{spec.file} ({label})", scenario.source_text, spec.source_path, "")


def _runaway(spec: GridSpec, values: dict[str, Any]) -> bool | str:
    record = run_case(_case(spec, values))
    if not record["status"].startswith("ok"):
        return record["status"]
    return bool(record["values"]["thermal_runaway"])


def search(spec: GridSpec, key: str, lo: float, hi: float, tol: float, fixed: dict) -> Boundary:
    """Bisect ``key`` between ``lo`` and ``hi`` [SI] with ``fixed`` keys set (SI values)."""
    ends = [_runaway(spec, {**fixed, key: x}) for x in (lo, hi)]
    failed = [e for e in ends if isinstance(e, str)]
    if failed:
        return Boundary(math.nan, math.nan, False, 2, failed[0])
    if ends[0] == ends[1]:
        word = "runaway" if ends[0] else "no runaway"
        return Boundary(math.nan, math.nan, False, 2, f"no boundary: {word} at both ends")
    at_lo, runs = ends[0], 2
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        result = _runaway(spec, {**fixed, key: mid})
        runs += 1
        if isinstance(result, str):
            return Boundary(lo, hi, not at_lo, runs, result)
        lo, hi = (mid, hi) if result == at_lo else (lo, mid)
    return Boundary(lo, hi, not at_lo, runs, "ok")


def _search_task(args) -> Boundary:
    return search(*args)


def find_critical(
    spec: GridSpec,
    key: str,
    lo: float,
    hi: float,
    tolerance: float | None = None,
    along: tuple[str, Sequence[float]] | None = None,
    workers: int = 1,
) -> list[Boundary]:
    """Critical value of ``key`` [SI] by bisection, once, or once per value of ``along``.

    Parameters
    ----------
    spec : GridSpec
        The scenario (:func:`scenario_spec`).
    key : str
        Dotted scenario key to vary.
    lo, hi : float
        Bracket [SI unit of ``key``]; thermal runaway must differ between them.
    tolerance : float, optional
        Width of the final bracket [SI unit of ``key``]; default (hi - lo) / 1000.
    along : (str, sequence of float), optional
        A second key and its values [SI]: one search per value.
    workers : int
        Processes for the searches along the second key.
    """
    lo, hi = min(lo, hi), max(lo, hi)
    tol = tolerance if tolerance is not None else (hi - lo) / 1000
    if not tol > 0:
        raise ScenarioError(spec.file, key, "--tolerance must be positive")
    fixed = [{}] if along is None else [{along[0]: v} for v in along[1]]
    tasks = [(spec, key, lo, hi, tol, f) for f in fixed]
    if workers <= 1 or len(tasks) == 1:
        return [_search_task(t) for t in tasks]
    results = [_search_task(tasks[0])]  # compiles the kernel once, before the pool
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(min(workers, len(tasks) - 1), context, init_worker) as pool:
        results += list(pool.map(_search_task, tasks[1:]))
    return results


def critical_dataset(
    spec: GridSpec, key: str, unit: str, found: list[Boundary], along=None, along_unit=""
) -> xr.Dataset:
    """The searches as a small Dataset (dimension: the ``along`` key, if any)."""
    dims = [along[0]] if along else []

    def var(values, units, long_name):
        array = np.asarray(values)
        return (dims, array if dims else array[0], {"units": units, "long_name": long_name})

    data = {
        "critical_value": var([b.value for b in found], unit, f"critical {key}"),
        "lower": var([b.lower for b in found], unit, "end of the final bracket, lower"),
        "upper": var([b.upper for b in found], unit, "end of the final bracket, upper"),
        "runaway_above": var(
            [np.int8(b.runaway_above) for b in found], "1", "runaway on the upper side"
        ),
        "runs": var([b.runs for b in found], "1", "simulations of the search"),
        "status": var([b.status for b in found], "", "ok, or why no boundary was found"),
    }
    coords = {}
    if along:
        coords[along[0]] = (along[0], list(along[1]), {"units": along_unit})
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update(vary=key, scenario_file=spec.file, scenario=spec.scenario().source_text)
    return ds


_NUMBER_UNIT = re.compile(r"^\s*([+-]?[\d.]+(?:[eE][+-]?\d+)?)\s*(.*?)\s*$")


def parse_difference(text: str, unit: str) -> float:
    """A tolerance such as ``"0.1 K"`` or ``"0.5 degC"`` (a difference) in ``unit`` (SI)."""
    from runaway.scenario.units import _registry

    match = _NUMBER_UNIT.match(text)
    if match is None:
        raise ValueError(f"expected a number with a unit — got {text!r}")
    magnitude, unit_text = float(match.group(1)), match.group(2)
    if not unit_text:
        return magnitude
    ureg = _registry()
    unit_text = {"degC": "delta_degC", "degF": "delta_degF", "°C": "delta_degC"}.get(
        unit_text, unit_text
    )
    try:
        return float(ureg.Quantity(magnitude, unit_text).to(unit or "dimensionless").magnitude)
    except Exception as exc:  # pint's errors: undefined unit, wrong dimension
        raise ValueError(f"{text!r} is not {unit or 'a plain number'}: {exc}") from None


def display(value: float, si_unit: str, user_unit: str) -> str:
    """``value`` [SI] with its unit, and in ``user_unit`` too if that differs."""
    from runaway.scenario.units import _registry

    text = f"{value:.6g} {si_unit}".strip()
    if user_unit and user_unit != si_unit and math.isfinite(value):
        try:
            other = _registry().Quantity(value, si_unit or "dimensionless").to(user_unit)
            text = f"{other.magnitude:.6g} {user_unit} ({text})"
        except Exception:  # an unknown unit: SI only
            pass
    return text


def spec_value(spec: GridSpec, key: str, raw: Any) -> float:
    """``raw`` written for ``key`` (string with unit or SI number) [SI]."""
    return si_value(spec, key, raw)
