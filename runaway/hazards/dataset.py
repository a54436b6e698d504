"""The vent gas of a runaway result (netCDF dataset) as a hazard-metric input."""

from __future__ import annotations

import math

from runaway.hazards.limits import CompositionError, normalise

#: Smallest mole fraction kept from a result [1] (traces below it are dropped).
TRACE = 1e-6


def result_composition(dataset) -> dict[str, float]:
    """Dry vent-gas composition of a result (``gas_mole_fraction`` over ``species``).

    Parameters
    ----------
    dataset : xarray.Dataset
        A result of :func:`runaway.run_model` / :func:`runaway.read_netcdf`.

    Returns
    -------
    dict of str to float
        Normalised mole fractions [1] of the non-condensable gas released.

    Raises
    ------
    CompositionError
        The dataset has no ``gas_mole_fraction`` or released no gas.
    """
    if "gas_mole_fraction" not in dataset or "species" not in dataset.coords:
        raise CompositionError("not a runaway result: no gas_mole_fraction over species")
    names = [str(s) for s in dataset["species"].values]
    values = [float(v) for v in dataset["gas_mole_fraction"].values]
    comp = {n: v for n, v in zip(names, values, strict=True) if math.isfinite(v) and v > TRACE}
    if not comp:
        raise CompositionError("the result holds no vent gas (no gas was released)")
    return normalise(comp, tolerance=0.02)


def result_gas_amount(dataset) -> float:
    """Non-condensable gas released by the cell [mol] (NaN if the result lacks it)."""
    if "gas_total" not in dataset:
        return math.nan
    return float(dataset["gas_total"].values)
