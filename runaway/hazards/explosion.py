"""Closed-vessel explosion metrics and enclosure dilution of a vent gas in air.

- AICC pressure: adiabatic, isochoric, complete-combustion (chemical equilibrium at constant
  internal energy and volume) pressure of the premixed gas, the upper bound of a closed-vessel
  deflagration; measured maxima are lower by heat loss (e.g. 7-8 bar for CH4/air in 20 L).
- Deflagration index K_G from the thin-flame model of a spherical closed-vessel explosion
  (Dahoe et al. 1996; Dahoe and de Goey 2003) with the laminar burning velocity.
- Limiting flame temperature: the adiabatic (constant-pressure equilibrium) flame temperature
  at the lower limit, and the lower limit at another initial temperature from the constant
  limit-flame-temperature assumption (Zabetakis 1965; Zlochower 2012).
- Enclosure dilution: vent-gas volume that brings a room to a fraction of the LFL (25 % in
  NFPA 69) in a well-mixed, constant-pressure room without ventilation.

References
----------
Dahoe, A. E., Zevenbergen, J. F., Lemkowitz, S. M. and Scarlett, B. (1996). Dust explosions in
spherical vessels: the role of flame thickness in the validity of the cube-root law.
J. Loss Prev. Process Ind. 9, 33-44. https://doi.org/10.1016/0950-4230(95)00054-2
Dahoe, A. E. and de Goey, L. P. H. (2003). On the determination of the laminar burning velocity
from closed vessel gas explosions. J. Loss Prev. Process Ind. 16, 457-478.
Zlochower, I. A. (2012). Experimental flammability limits and associated theoretical flame
temperatures as a tool for predicting the temperature dependence of these limits. J. Loss
Prev. Process Ind. 25, 555-560 (open access: PMC4676578).
NFPA 69 (2019). Standard on explosion prevention systems, section 8.2 (combustible
concentration at or below 25 % of the LFL).
"""

from __future__ import annotations

import math

import cantera as ct
from scipy.optimize import brentq

from runaway.hazards import cache
from runaway.hazards.mixture import DEFAULT_MECHANISM, mixture, solution


def _equilibrium(x, temperature: float, pressure: float, mechanism: str, mode: str):
    gas = solution(mechanism)
    gas.TPX = temperature, pressure, x
    gamma = gas.cp_mass / gas.cv_mass
    gas.equilibrate(mode)
    return float(gas.P), float(gas.T), float(gamma)


def aicc(
    gas_composition: dict[str, float],
    fraction: float,
    temperature: float = 298.15,
    pressure: float = ct.one_atm,
    mechanism: str = DEFAULT_MECHANISM,
) -> dict[str, float]:
    """Adiabatic isochoric complete-combustion state of a vent-gas/air mixture.

    Parameters
    ----------
    gas_composition : dict of str to float
        Vent gas in mechanism species [1].
    fraction : float
        Mole fraction of vent gas in the mixture [1].
    temperature : float
        Initial temperature [K].
    pressure : float
        Initial pressure [Pa].
    mechanism : str
        Cantera YAML file.

    Returns
    -------
    dict
        ``p_max`` [Pa] (absolute), ``t_max`` [K], ``gamma`` of the unburnt mixture [1].
    """
    key = cache.cache_key(
        "aicc",
        gas_composition,
        mechanism,
        fraction=float(fraction),
        T=float(temperature),
        P=float(pressure),
    )
    if (hit := cache.load(key)) is not None:
        return hit
    x = mixture(gas_composition, fraction)
    p_max, t_max, gamma = _equilibrium(x, temperature, pressure, mechanism, "UV")
    value = {"p_max": p_max, "t_max": t_max, "gamma": gamma}
    cache.store(key, value)
    return value


def deflagration_index(
    burning_velocity: float, p_max: float, pressure: float, gamma: float
) -> float:
    """Deflagration index K_G = (dP/dt)_max V^(1/3) of a laminar closed-vessel explosion.

    Parameters
    ----------
    burning_velocity : float
        Laminar burning velocity S_u at the initial state [m/s].
    p_max : float
        Explosion pressure (AICC) [Pa], absolute.
    pressure : float
        Initial pressure [Pa], absolute.
    gamma : float
        Ratio of specific heats of the unburnt mixture [1].

    Returns
    -------
    float
        K_G [Pa m/s] (divide by 1e5 for bar m/s).

    Notes
    -----
    Thin-flame model of a centrally ignited spherical vessel of radius R (Dahoe et al. 1996,
    the rate of pressure rise evaluated at P = P_max):

    .. math:: K_G = (36\\pi)^{1/3} (P_{max} - P_0) (P_{max}/P_0)^{1/\\gamma} S_u

    Assumptions: adiabatic, isentropic compression of the unburnt gas, a flame thin compared
    with R, S_u constant at its initial value (it rises with the compression temperature and
    falls with pressure), no flame wrinkling or turbulence. It is therefore a laminar,
    quiescent estimate: measured K_G (~55 bar m/s for CH4 and ~550 for H2 as quoted from
    Bartknecht's tests; this formula gives ~70 and ~350) also reflect ignition energy,
    cellular instability and turbulence, so it is not conservative for H2-rich gas; NFPA 68
    vent sizing should use measured values where they exist.
    """
    if not all(map(math.isfinite, (burning_velocity, p_max, pressure, gamma))):
        return math.nan
    return (
        (36.0 * math.pi) ** (1.0 / 3.0)
        * (p_max - pressure)
        * (p_max / pressure) ** (1.0 / gamma)
        * burning_velocity
    )


def flame_temperature(
    gas_composition: dict[str, float],
    fraction: float,
    temperature: float = 298.15,
    pressure: float = ct.one_atm,
    mechanism: str = DEFAULT_MECHANISM,
) -> float:
    """Adiabatic constant-pressure (HP equilibrium) flame temperature of the mixture [K].

    Parameters
    ----------
    gas_composition : dict of str to float
        Vent gas in mechanism species [1].
    fraction : float
        Mole fraction of vent gas in the mixture [1].
    temperature : float
        Initial temperature [K].
    pressure : float
        Pressure [Pa].
    mechanism : str
        Cantera YAML file.
    """
    return _equilibrium(mixture(gas_composition, fraction), temperature, pressure, mechanism, "HP")[
        1
    ]


def lfl_at_temperature(
    gas_composition: dict[str, float],
    lfl_reference: float,
    temperature: float,
    reference_temperature: float = 298.15,
    pressure: float = ct.one_atm,
    mechanism: str = DEFAULT_MECHANISM,
) -> tuple[float, float]:
    """Lower limit at another initial temperature by a constant limit flame temperature.

    Parameters
    ----------
    gas_composition : dict of str to float
        Vent gas in mechanism species [1].
    lfl_reference : float
        Lower limit at ``reference_temperature`` (Le Chatelier) [mole fraction].
    temperature : float
        Initial temperature of interest [K].
    reference_temperature : float
        Temperature of the tabulated limits [K].
    pressure : float
        Pressure [Pa].
    mechanism : str
        Cantera YAML file.

    Returns
    -------
    tuple of float
        (limit flame temperature [K], lower limit at ``temperature`` [mole fraction]); the limit
        is NaN when the unburnt gas is already at or above the limit flame temperature.

    Notes
    -----
    The adiabatic flame temperature at the lower limit is roughly the same at any initial
    temperature (White's rule, Zabetakis 1965 p. 3; Zlochower 2012), so the limit at ``T`` is
    the fraction whose flame temperature equals the one at the tabulated limit. For H2 the
    limit flame temperature is low (upward propagation of a diffusively unstable flame) and the
    rule is only a rough guide.
    """
    t_limit = flame_temperature(
        gas_composition, lfl_reference, reference_temperature, pressure, mechanism
    )
    if abs(temperature - reference_temperature) < 1e-9:
        return t_limit, lfl_reference

    def excess(f: float) -> float:
        return flame_temperature(gas_composition, f, temperature, pressure, mechanism) - t_limit

    if temperature >= t_limit or excess(1e-6) >= 0.0:
        return t_limit, math.nan
    upper = min(3.0 * lfl_reference, 0.99)
    if excess(upper) <= 0.0:  # no fraction up to `upper` reaches the limit flame temperature
        return t_limit, math.nan
    return t_limit, float(brentq(excess, 1e-6, upper, xtol=1e-6))


def enclosure_gas_volume(lfl: float, volume: float, fraction_of_lfl: float = 0.25) -> float:
    """Vent-gas volume that brings a well-mixed enclosure to ``fraction_of_lfl`` of the LFL.

    Parameters
    ----------
    lfl : float
        Lower flammability limit of the whole vent gas in air [mole fraction].
    volume : float
        Free volume of the enclosure [m^3].
    fraction_of_lfl : float
        Target fraction of the LFL [1] (0.25 in NFPA 69).

    Returns
    -------
    float
        Vent-gas volume at the enclosure's temperature and pressure [m^3]; NaN for a gas that
        is not flammable.

    Notes
    -----
    The room is perfectly mixed at all times, at constant pressure (the displaced mixture
    leaks out) and without ventilation; adding ``dV`` of gas gives
    ``dx/dV = (1 - x)/V_room``, so ``x = 1 - exp(-V_gas/V_room)`` and

    .. math:: V_{gas} = -V_{room} \\ln(1 - f \\cdot LFL)

    (slightly more than the naive ``f * LFL * V_room``). A stratified release (H2 rises) can
    reach the LFL locally long before the room average does.
    """
    if not math.isfinite(lfl):
        return math.nan
    return -volume * math.log1p(-fraction_of_lfl * lfl)
