"""Compiled event functions of the solver, and the per-step diagnostics they read.

At every accepted step the solver evaluates the model once at the new state
(:func:`step_values`): the bus and the reaction heat release it stores for the results, and
the values of the segment's event functions, some of which read the bus (e.g. the
self-heating rate that defines thermal runaway).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from runaway.kernel.assembly import evaluate
from runaway.kernel.headspace import gauge_pressure
from runaway.kernel.slots import A_REACTION_HEAT, F_VOLUME, I_SURFACE_NODE, farray

#: Event kinds: headspace gauge pressure [Pa], cell temperature [K], dT/dt over a step [K/s],
#: one entry of the state vector [its units], one slot of the bus [its units].
EVENT_PRESSURE, EVENT_TEMPERATURE, EVENT_RATE, EVENT_STATE, EVENT_BUS = 0, 1, 2, 3, 4


@njit(cache=True)
def step_values(time, y, y_previous, dt, mode, codes, thresholds, fp, ip, values, bus, heat, row):
    """Bus, reaction heat release [W] and event values at one accepted step (compiled
    chemistry), the diagnostics into row ``row`` of ``bus`` and ``heat``; returns what
    :func:`event_values` returns.

    Parameters
    ----------
    time : float
        [s].
    y, y_previous : numpy.ndarray
        State at the step and at the previous step.
    dt : float
        Step [s].
    mode : numpy.ndarray
        Mode flags of the segment.
    codes, thresholds, values : numpy.ndarray
        As in :func:`event_values`.
    bus : numpy.ndarray
        Rows x bus slots (:mod:`runaway.kernel.bus`); row ``row`` is filled.
    heat : numpy.ndarray
        Rows x reactions; row ``row`` is filled with -Delta H_r(298.15 K) x rate x cell
        volume of every reaction [W].
    row : int
        The row to fill.
    """
    dy = np.empty(y.shape[0])
    n_reactions = heat.shape[1]
    rates = np.empty(n_reactions)
    bus_row = bus[row]
    evaluate(time, y, mode, fp, ip, dy, bus_row, rates)
    reaction_heat = farray(fp, ip, A_REACTION_HEAT)
    volume = fp[F_VOLUME]
    for r in range(n_reactions):
        heat[row, r] = reaction_heat[r] * rates[r] * volume
    return event_values(y, y_previous, dt, codes, thresholds, fp, ip, bus_row, values)


@njit(cache=True)
def event_values(y, y_previous, dt, codes, thresholds, fp, ip, bus, values):
    """Values of the solver's event functions at one step, written into ``values``.

    Each rises through zero when its event happens: gauge pressure minus threshold [Pa]
    (``EVENT_PRESSURE``), surface temperature minus threshold [K] (``EVENT_TEMPERATURE``),
    surface temperature change over the step divided by ``dt`` [s] minus threshold [K/s]
    (``EVENT_RATE``), state entry ``codes[1, e]`` minus threshold (``EVENT_STATE``; a part's
    own state, e.g. a thermocouple reading), bus slot ``codes[1, e]`` at the step minus threshold
    (``EVENT_BUS``; e.g. the self-heating rate [K/s]). ``codes[0]`` holds the kinds. Returns
    the index of the first event whose value is >= 0, or -1.
    """
    i_temperature = ip[I_SURFACE_NODE]  # what a thermocouple reads
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
        elif kind == EVENT_BUS:
            value = bus[codes[1, e]] - thresholds[e]
        else:
            rate = (y[i_temperature] - y_previous[i_temperature]) / dt if dt > 0.0 else 0.0
            value = rate - thresholds[e]
        values[e] = value
        if value >= 0.0 and first < 0:
            first = e
    return first
