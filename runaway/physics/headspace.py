"""Headspace gas: ideal-gas pressure and solvent vapour in equilibrium with the liquid.

References
----------
B. E. Poling, J. M. Prausnitz, J. P. O'Connell, *The Properties of Gases and Liquids*, 5th ed.,
McGraw-Hill (2001), ch. 7 (vapour pressure) and ch. 8 (Raoult's law).
"""

from __future__ import annotations

GAS_CONSTANT = 8.314462618  # [J/(mol K)], CODATA 2018

#: Relaxation time of evaporation/condensation towards equilibrium [s]. A numerical closure
#: (a fast approach to Raoult equilibrium), not a measured mass-transfer coefficient.
EVAPORATION_TIME_CONSTANT = 1.0


def ideal_gas_pressure(amount: float, temperature: float, volume: float) -> float:
    """Pressure of an ideal gas [Pa].

    Parameters
    ----------
    amount : float
        Gas amount [mol].
    temperature : float
        [K].
    volume : float
        Gas volume [m^3].
    """
    return amount * GAS_CONSTANT * temperature / volume


def equilibrium_vapour_amount(
    liquid_mole_fraction: float, saturation_pressure: float, temperature: float, volume: float
) -> float:
    """Vapour amount in equilibrium with an ideal liquid solution (Raoult's law) [mol].

    Parameters
    ----------
    liquid_mole_fraction : float
        Mole fraction of the solvent in the liquid [1].
    saturation_pressure : float
        Pure-solvent vapour pressure at ``temperature`` [Pa].
    temperature : float
        [K].
    volume : float
        Headspace volume [m^3].
    """
    return liquid_mole_fraction * saturation_pressure * volume / (GAS_CONSTANT * temperature)


def evaporation_rate(
    vapour_amount: float,
    equilibrium_amount: float,
    liquid_amount: float,
    time_constant: float = EVAPORATION_TIME_CONSTANT,
) -> float:
    """Net evaporation rate towards equilibrium [mol/s]; negative means condensation.

    Parameters
    ----------
    vapour_amount : float
        Vapour present [mol].
    equilibrium_amount : float
        Vapour amount at equilibrium [mol].
    liquid_amount : float
        Liquid left to evaporate [mol]; evaporation stops smoothly when it runs out.
    time_constant : float
        Relaxation time [s].
    """
    rate = (equilibrium_amount - vapour_amount) / time_constant
    if rate > 0.0:
        # cannot evaporate more liquid than is left within one time constant
        rate = min(rate, max(liquid_amount, 0.0) / time_constant)
    return rate
