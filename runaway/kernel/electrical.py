"""Compiled electrical helpers for the parts that draw current (shorts, nails).

The physics is :mod:`runaway.physics.electrical`, compiled unchanged.
"""

from __future__ import annotations

from numba import njit

from runaway.kernel.bus import B_ABUSE_HEAT_RATE, B_CURRENT, B_JOULE_HEAT_RATE
from runaway.kernel.slots import (
    A_OCV_SOC,
    A_OCV_VOLTAGE,
    F_R_ACTIVATION,
    F_R_REFERENCE,
    F_R_REFERENCE_TEMPERATURE,
    I_OFFSET_SOC,
    I_OFFSET_TEMPERATURE,
    MIN_TEMPERATURE,
    farray,
)
from runaway.physics import electrical as _electrical

_open_circuit_voltage = njit(cache=True)(_electrical.open_circuit_voltage)
_internal_resistance = njit(cache=True)(_electrical.internal_resistance)
_short_circuit_current = njit(cache=True)(_electrical.short_circuit_current)


@njit(cache=True)
def cell_temperature(y, ip):
    """Cell temperature of a state [K], floored at the thermo range's lower end."""
    return max(y[ip[I_OFFSET_TEMPERATURE]], MIN_TEMPERATURE)


@njit(cache=True)
def short_current(y, fp, ip, short_resistance):
    """Current through a short of ``short_resistance`` [ohm] [A] and the cell's internal
    resistance at its temperature [ohm]."""
    soc = y[ip[I_OFFSET_SOC]]
    ocv = _open_circuit_voltage(soc, farray(fp, ip, A_OCV_SOC), farray(fp, ip, A_OCV_VOLTAGE))
    r_int = _internal_resistance(
        cell_temperature(y, ip),
        fp[F_R_REFERENCE],
        fp[F_R_REFERENCE_TEMPERATURE],
        fp[F_R_ACTIVATION],
    )
    return _short_circuit_current(ocv, r_int, short_resistance, soc), r_int


@njit(cache=True)
def short_circuit_heat(y, fp, ip, short_resistance, short_inside, bus):
    """Current and Joule heat of a short of ``short_resistance`` [ohm] onto the bus.

    The cell's internal resistance always heats the cell; with ``short_inside`` (an internal
    short, a nail) the short's own resistance does too. The Joule heat is the abuse heat.
    """
    current, r_int = short_current(y, fp, ip, short_resistance)
    joule = current * current * r_int
    if short_inside:
        joule += current * current * short_resistance
    bus[B_CURRENT] = current
    bus[B_JOULE_HEAT_RATE] = joule
    bus[B_ABUSE_HEAT_RATE] = joule
