"""Compiled event functions of the solver (one call per step evaluates all of them)."""

from __future__ import annotations

import math

from numba import njit

from runaway.kernel.headspace import gauge_pressure
from runaway.kernel.slots import I_OFFSET_TEMPERATURE

#: Event kinds: headspace gauge pressure [Pa], cell temperature [K], dT/dt over a step [K/s],
#: one entry of the state vector [its units].
EVENT_PRESSURE, EVENT_TEMPERATURE, EVENT_RATE, EVENT_STATE = 0, 1, 2, 3


@njit(cache=True)
def event_values(y, y_previous, dt, codes, thresholds, fp, ip, values):
    """Values of the solver's event functions at one step, written into ``values``.

    Each rises through zero when its event happens: gauge pressure minus threshold [Pa]
    (``EVENT_PRESSURE``), temperature minus threshold [K] (``EVENT_TEMPERATURE``), temperature
    change over the step divided by ``dt`` [s] minus threshold [K/s] (``EVENT_RATE``), state
    entry ``codes[1, e]`` minus threshold (``EVENT_STATE``; a part's own state, e.g. a
    thermocouple reading). ``codes[0]`` holds the kinds. Returns the index of the first event
    whose value is >= 0, or -1.
    """
    i_temperature = ip[I_OFFSET_TEMPERATURE]
    gauge = math.nan
    first = -1
    for e in range(codes.shape[1]):
        kind = codes[0, e]
        if kind == EVENT_PRESSURE:
            if math.isnan(gauge):
                gauge = gauge_pressure(y, fp, ip)
            value = gauge - thresholds[e]
        elif kind == EVENT_TEMPERATURE:
            value = y[i_temperature] - thresholds[e]
        elif kind == EVENT_STATE:
            value = y[codes[1, e]] - thresholds[e]
        else:
            rate = (y[i_temperature] - y_previous[i_temperature]) / dt if dt > 0.0 else 0.0
            value = rate - thresholds[e]
        values[e] = value
        if value >= 0.0 and first < 0:
            first = e
    return first
