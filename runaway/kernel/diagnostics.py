"""Compiled diagnostics: the bus and the heat release of every reaction at stored points."""

from __future__ import annotations

import numpy as np
from numba import njit

from runaway.kernel.assembly import evaluate
from runaway.kernel.slots import A_REACTION_HEAT, F_VOLUME, I_BUS_SIZE, I_REACTIONS, farray


@njit(cache=True)
def diagnostics_series(times, states, mode, fp, ip):
    """Bus values and reaction heat release [W] at every point of one segment.

    Parameters
    ----------
    times : numpy.ndarray
        [s], one per point.
    states : numpy.ndarray
        Points x state.
    mode : numpy.ndarray
        Mode flags of the segment.

    Returns
    -------
    bus : numpy.ndarray
        Points x bus slots (:mod:`runaway.kernel.bus`).
    heat : numpy.ndarray
        Points x reactions: -Delta H_r(298.15 K) x rate x cell volume [W].
    """
    points = times.shape[0]
    nr = ip[I_REACTIONS]
    bus = np.zeros((points, ip[I_BUS_SIZE]))
    heat = np.zeros((points, nr))
    dy = np.empty(states.shape[1])
    rates = np.empty(nr)
    reaction_heat = farray(fp, ip, A_REACTION_HEAT)
    volume = fp[F_VOLUME]
    for p in range(points):
        evaluate(times[p], states[p], mode, fp, ip, dy, bus[p], rates)
        for r in range(nr):
            heat[p, r] = reaction_heat[r] * rates[r] * volume
    return bus, heat
