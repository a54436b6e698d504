"""Electrical sub-model of the cell: open-circuit voltage, internal resistance, short current.

References
----------
G.-H. Kim, A. Pesaran, R. Spotnitz, J. Power Sources 170 (2007) 476,
DOI 10.1016/j.jpowsour.2007.04.018 (Joule heating of shorts in abuse models).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numba import njit

from runaway.constants import GAS_CONSTANT


def open_circuit_voltage(
    soc: float, soc_points: Sequence[float], voltage_points: Sequence[float]
) -> float:
    """Open-circuit voltage [V] by linear interpolation in a tabulated OCV(SOC) curve.

    Parameters
    ----------
    soc : float
        State of charge [1]; clipped to the table's range.
    soc_points : sequence of float
        Tabulated states of charge, increasing [1].
    voltage_points : sequence of float
        Open-circuit voltage at those points [V].
    """
    return float(np.interp(soc, soc_points, voltage_points))


def internal_resistance(
    temperature: float,
    reference_resistance: float,
    reference_temperature: float,
    activation_energy: float,
) -> float:
    """Internal resistance with an Arrhenius temperature dependence [ohm].

    Parameters
    ----------
    temperature : float
        Cell temperature [K].
    reference_resistance : float
        Resistance at ``reference_temperature`` [ohm].
    reference_temperature : float
        [K].
    activation_energy : float
        Apparent activation energy of the resistance [J/mol]; 0 gives a constant resistance.

    Notes
    -----
    R(T) = R_ref exp(Ea/R (1/T - 1/T_ref)).
    """
    return reference_resistance * float(
        np.exp(activation_energy / GAS_CONSTANT * (1.0 / temperature - 1.0 / reference_temperature))
    )


@njit(cache=True)  # compiled so that runaway.kernel can compile short_circuit_current
def depletion_factor(soc: float, taper: float = 0.01) -> float:
    """Fraction of the short current the cell can still deliver [1].

    Linear from 1 at ``taper`` down to 0 at SOC 0, so the current collapses smoothly when the
    cell is empty instead of chattering at SOC = 0. ``taper`` [1] is a numerical choice (1 % SOC),
    not a measured property.
    """
    return float(min(1.0, max(soc, 0.0) / taper))


def short_circuit_current(
    ocv: float, internal: float, external: float, soc: float, taper: float = 0.01
) -> float:
    """Current through a short [A]: I = OCV / (R_int + R_short), collapsing as SOC -> 0.

    Parameters
    ----------
    ocv : float
        Open-circuit voltage [V].
    internal : float
        Internal resistance [ohm].
    external : float
        Short resistance [ohm] (external circuit, or the internal short / nail).
    soc : float
        State of charge [1].
    taper : float
        SOC below which the current is scaled down linearly to zero [1].
    """
    return ocv / (internal + external) * depletion_factor(soc, taper)
