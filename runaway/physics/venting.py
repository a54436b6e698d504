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

from runaway.constants import GAS_CONSTANT

#: Relative overpressure below which the subsonic flux is linearised [1] (numerical choice).
LINEAR_OVERPRESSURE = 0.01


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


#: Time within which an open headspace relaxes to ambient pressure once the orifice law would
#: be faster [s]. A numerical closure: the orifice equilibrates a ~1 cm^3 headspace within
#: ~1e-4 s, a stiffness that buys no accuracy; 50 ms is still short against reaction times.
VENT_RELAXATION_TIME = 0.05


def relaxation_molar_flow(
    gas_amount: float,
    pressure: float,
    ambient_pressure: float,
    scale: float | None = None,
    time_constant: float = VENT_RELAXATION_TIME,
) -> float:
    """Flow that brings an open headspace to ambient pressure within ``time_constant`` [mol/s].

    Parameters
    ----------
    gas_amount : float
        Gas in the headspace [mol].
    pressure : float
        Upstream pressure [Pa].
    ambient_pressure : float
        Downstream pressure [Pa].
    scale : float, optional
        Pressure the amount refers to [Pa] (default: ``pressure``).
    time_constant : float
        [s].

    Notes
    -----
    n_dot = n (P - P_amb) / (P tau): the excess gas leaves (or ambient gas enters) at a rate that
    empties the pressure difference with time constant tau. Used as an upper bound on the orifice
    flow near equilibrium, where the orifice law alone would make the equations very stiff.
    """
    reference = pressure if scale is None else scale
    return max(gas_amount, 0.0) * (pressure - ambient_pressure) / (reference * time_constant)


def near_equilibrium_limit(
    orifice_flow: float, relaxation_flow: float, overpressure: float, ambient_pressure: float
) -> float:
    """Orifice flow, bounded by the relaxation flow only close to pressure equilibrium [mol/s].

    Below 1 % overpressure the flow is about min(orifice, relaxation); above 2 % the bound is
    lifted by ten times the orifice flow, so the orifice law governs venting during runaway
    (overpressures of bars) to within 0.01 %. The minimum is a 4-norm smooth minimum.
    Smoothstep lift and smooth minimum keep the right-hand side differentiable: kinks here made
    the stiff integrator crawl when a boiling electrolyte held the overpressure in the band.

    Parameters
    ----------
    orifice_flow : float
        From :func:`orifice_molar_flow` [mol/s].
    relaxation_flow : float
        From :func:`relaxation_molar_flow` [mol/s].
    overpressure : float
        Upstream minus downstream pressure [Pa], >= 0.
    ambient_pressure : float
        [Pa], sets the 1 % band.
    """
    if orifice_flow <= 0.0 or relaxation_flow <= 0.0:
        return 0.0
    band = LINEAR_OVERPRESSURE * ambient_pressure
    x = min(max((overpressure - band) / band, 0.0), 1.0)
    lift = x * x * (3.0 - 2.0 * x)  # smoothstep: no kink at 1 % and 2 %
    bound = relaxation_flow + 10.0 * lift * orifice_flow
    # smooth minimum (4-norm) of the orifice flow and the bound: no kink where they cross
    return (orifice_flow**-4 + bound**-4) ** -0.25
