"""Abuse heat sources: oven temperature programme, film heater, Joule heat of shorts.

Test conditions follow the standards themselves: UL 9540A (cell-level film heater ramp
4-7 K/min), IEC 62133-2 and UL 1642 (oven 5 K/min to 130 degC and hold) and the UN Manual of Tests
and Criteria, Part III, 38.3 T.5 (external short < 0.1 ohm at 57 degC). The standards are
paywalled; these conditions are as summarised in public secondary material (test-lab pages), see
docs/regulatory.md. ARC heat-wait-seek is driven by the solver (see runaway.solver).
"""

from __future__ import annotations

from numba import njit


def oven_temperature(
    time: float,
    start_temperature: float,
    oven_temperature: float,
    ramp_rate: float | None,
    hold_time: float | None,
    ambient_temperature: float,
) -> float:
    """Air and wall temperature of an oven programme [K].

    Parameters
    ----------
    time : float
        Time since the start of the test [s].
    start_temperature : float
        Oven temperature at the start of a ramp [K] (ignored for a step).
    oven_temperature : float
        Set-point [K].
    ramp_rate : float or None
        Heating rate [K/s]; None puts the cell into an oven already at the set-point.
    hold_time : float or None
        Time at the set-point [s] after which the oven is switched off and the surroundings
        return to ``ambient_temperature``; None holds to the end.
    ambient_temperature : float
        Room temperature [K].
    """
    reach = oven_reach_time(start_temperature, oven_temperature, ramp_rate)
    if hold_time is not None and time >= reach + hold_time:
        return ambient_temperature
    if ramp_rate is None or time >= reach:
        return oven_temperature
    return start_temperature + ramp_rate * time


@njit(cache=True)  # compiled so that runaway.kernel can compile oven_temperature, which calls it
def oven_reach_time(
    start_temperature: float, oven_temperature: float, ramp_rate: float | None
) -> float:
    """Time at which the oven programme reaches its set-point [s]; 0 for a step.

    Parameters
    ----------
    start_temperature, oven_temperature : float
        [K].
    ramp_rate : float or None
        [K/s].
    """
    if ramp_rate is None:
        return 0.0
    return max(oven_temperature - start_temperature, 0.0) / ramp_rate


def controlled_ramp_power(
    heat_capacity: float, ramp_rate: float, heating_rate_without_heater: float, max_power: float
) -> float:
    """Power a controlled film heater must deliver to hold a temperature ramp [W].

    The heater supplies what the cell lacks to heat at ``ramp_rate``; it never cools and never
    exceeds ``max_power``. Once self-heating outruns the ramp the heater power falls to zero,
    as a UL 9540A heater controller would.

    Parameters
    ----------
    heat_capacity : float
        Cell heat capacity [J/K].
    ramp_rate : float
        Target heating rate [K/s].
    heating_rate_without_heater : float
        dT/dt the cell would have with the heater off [K/s].
    max_power : float
        Heater rating [W].
    """
    return min(max(heat_capacity * (ramp_rate - heating_rate_without_heater), 0.0), max_power)
