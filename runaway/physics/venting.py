"""Gas flow out of a vent, burst seal or orifice.

Isentropic flow of an ideal gas through an orifice with a discharge coefficient, choked when
the pressure ratio falls below the critical ratio.

References
----------
Standard compressible-flow relations, e.g. J. D. Anderson, *Modern Compressible Flow*, 3rd ed.,
McGraw-Hill (2003), ch. 5 (isentropic nozzle flow, choking).
"""

from __future__ import annotations

import math

GAS_CONSTANT = 8.314462618  # [J/(mol K)], CODATA 2018


def orifice_molar_flow(
    pressure: float,
    ambient_pressure: float,
    temperature: float,
    molar_mass: float,
    heat_capacity_ratio: float,
    area: float,
    discharge_coefficient: float,
) -> float:
    """Molar flow of gas out through an orifice [mol/s]; zero without overpressure.

    Parameters
    ----------
    pressure : float
        Upstream (headspace) pressure [Pa].
    ambient_pressure : float
        Downstream pressure [Pa].
    temperature : float
        Upstream temperature [K].
    molar_mass : float
        Mean molar mass of the gas [kg/mol].
    heat_capacity_ratio : float
        gamma = cp/cv of the gas [1].
    area : float
        Orifice area [m^2].
    discharge_coefficient : float
        [1].
    """
    if pressure <= ambient_pressure or area <= 0.0:
        return 0.0
    g = heat_capacity_ratio
    ratio = ambient_pressure / pressure
    critical = (2.0 / (g + 1.0)) ** (g / (g - 1.0))
    density = pressure * molar_mass / (GAS_CONSTANT * temperature)
    if ratio <= critical:
        flux = math.sqrt(g * pressure * density * (2.0 / (g + 1.0)) ** ((g + 1.0) / (g - 1.0)))
    else:
        flux = math.sqrt(
            2.0
            * g
            / (g - 1.0)
            * pressure
            * density
            * (ratio ** (2.0 / g) - ratio ** ((g + 1.0) / g))
        )
    return discharge_coefficient * area * flux / molar_mass
