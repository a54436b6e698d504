"""Scalar safety metrics from a temperature / pressure / gas history.

Conventions (docs/physics.md; Feng et al., Front. Energy Res. 6 (2018) 126,
DOI 10.3389/fenrg.2018.00126; ARC practice; GB 38031-2020 annex C). Every onset is judged on
the **self-heating rate** — reaction heat (net of evaporation and fusion) divided by the heat
capacity, what an adiabatic calorimeter sees — never on the total dT/dt, so Joule heat of a
short or the power of a heater alone never counts as self-heating or runaway:

- T1 ``onset_temperature``: temperature at which sustained self-heating starts: the first
  spell at or above 0.02 K/min (the ARC detection threshold) that lasts at least 10 min (the
  shortest seek window of ARC practice, in which an instrument confirms an exotherm) or that
  runs into the runaway. A transient — the trace water reacting with lithium, vapour
  condensing when a heater stops — is not an onset.
- ``thermal_runaway``: the self-heating rate reaches 1 K/s and, before it falls below 1 K/s
  again, the reactions raise the temperature by at least 3 K. At 1 K/s this is GB 38031's
  rule (dT/dt >= 1 K/s for more than 3 s); a cell that is already hot when its chemistry
  triggers (nail, hard short) reacts in less than 3 s and still counts, because what
  matters is the heat the reactions deliver at runaway rates, not how long they take.
- T2 ``trigger_temperature``: temperature where the self-heating rate reaches 1 K/s — at the
  start of the interval that ran away, else at its first crossing (NaN if never).
- T3 ``max_temperature``.
- ``max_core_temperature``: the peak of the jelly roll (the same as T3 in a one-node cell).

Every temperature above is the **surface** temperature (the casing node of a two-node cell,
:mod:`runaway.physics.conduction`), where ARC, oven and abuse tests place their thermocouples;
the self-heating rate is that of the whole cell (reaction heat over the heat capacity of jelly
roll and casing together), which is what an adiabatic calorimeter infers from its reading.
- ``time_to_runaway``: time at which the runaway interval starts, NaN without runaway.
- ``max_self_heating_rate`` and ``max_temperature_rate``: the peaks of the self-heating and
  of the total dT/dt of either node (abuse heat included).
"""

from __future__ import annotations

import numpy as np

from runaway.constants import GAS_CONSTANT, STP_PRESSURE, STP_TEMPERATURE
from runaway.variables import Variable

SELF_HEATING_THRESHOLD = 0.02 / 60.0  # [K/s]
TRIGGER_RATE = 1.0  # [K/s]
RUNAWAY_DURATION = 3.0  # [s]
RUNAWAY_RISE = TRIGGER_RATE * RUNAWAY_DURATION  # [K]
ONSET_DURATION = 600.0  # [s]: the shortest ARC seek window (10-20 min)

#: The scalar result variables computed from a history.
METRICS = (
    Variable(
        "onset_temperature", "K", "T1: start of sustained self-heating at 0.02 K/min (>= 10 min)"
    ),
    Variable("trigger_temperature", "K", "T2: temperature where self-heating reaches 1 K/s"),
    Variable("max_temperature", "K", "T3: maximum surface temperature"),
    Variable(
        "max_core_temperature",
        "K",
        "maximum jelly-roll temperature (T3 in a one-node cell)",
    ),
    Variable(
        "thermal_runaway",
        "1",
        "thermal runaway (self-heating >= 1 K/s raising the temperature by >= 3 K)",
    ),
    Variable("time_to_runaway", "s", "time at which T2 is reached (NaN without runaway)"),
    Variable("max_self_heating_rate", "K s-1", "peak self-heating rate (reactions alone)"),
    Variable("max_temperature_rate", "K s-1", "peak dT/dt of either node (abuse heat included)"),
    Variable("vent_time", "s", "first vent opening or pouch burst (NaN if none)"),
    Variable("vent_temperature", "K", "surface temperature at first vent opening (NaN if none)"),
    Variable("cid_time", "s", "current interrupt device opening (NaN if none)"),
    Variable("rupture_time", "s", "can rupture (NaN if none)"),
    Variable("max_pressure", "Pa", "maximum headspace pressure"),
    Variable("max_thickness_increase", "m", "maximum pouch thickness increase"),
    Variable(
        "gas_total",
        "mol",
        "non-condensable gas released (cooled to 25 degC, solvent vapour excluded)",
    ),
    Variable("gas_volume_stp", "m3", "non-condensable gas released at 0 degC and 101325 Pa"),
)


def first_crossing(
    time: np.ndarray, signal: np.ndarray, threshold: float, values: np.ndarray
) -> tuple[float, float]:
    """Time [s] and interpolated ``values`` where ``signal`` first rises to ``threshold``.

    Parameters
    ----------
    time : numpy.ndarray
        Times [s], increasing.
    signal : numpy.ndarray
        Signal compared with the threshold (any unit).
    threshold : float
        Same unit as ``signal``.
    values : numpy.ndarray
        Quantity to report at the crossing (e.g. temperature [K]).

    Returns
    -------
    (time, value) with NaNs when the signal never reaches the threshold.
    """
    above = np.flatnonzero(signal >= threshold)
    if above.size == 0:
        return float("nan"), float("nan")
    i = int(above[0])
    if i == 0:
        return float(time[0]), float(values[0])
    s0, s1 = signal[i - 1], signal[i]
    w = (threshold - s0) / (s1 - s0) if s1 != s0 else 1.0
    return (
        float(time[i - 1] + w * (time[i] - time[i - 1])),
        float(values[i - 1] + w * (values[i] - values[i - 1])),
    )


def spells(time: np.ndarray, rate: np.ndarray, threshold: float):
    """The uninterrupted intervals in which ``rate >= threshold``, in order.

    Each runs between the interpolated up- and down-crossings of the threshold (the first and
    last samples where the series starts or ends above it), so sparse sampling neither
    shortens nor lengthens it.

    Parameters
    ----------
    time : numpy.ndarray
        [s], increasing.
    rate : numpy.ndarray
        Heating rate [K/s].
    threshold : float
        [K/s].

    Yields
    ------
    (t_start [s], t_end [s], rise [K]): the rise is the trapezoidal integral of ``rate`` over
    the interval.
    """
    above = rate >= threshold
    n = len(rate)

    def crossing(i0: int, i1: int) -> float:
        r0, r1 = rate[i0], rate[i1]
        w = (threshold - r0) / (r1 - r0) if r1 != r0 else 0.0
        return float(time[i0] + w * (time[i1] - time[i0]))

    i = 0
    while i < n:
        if not above[i]:
            i += 1
            continue
        t_start = float(time[0]) if i == 0 else crossing(i - 1, i)
        j = i
        while j + 1 < n and above[j + 1]:
            j += 1
        # threshold at the up-crossing, samples i..j, threshold at the down-crossing
        ts = np.array([t_start, *time[i : j + 1]])
        rs = np.array([threshold if i > 0 else rate[0], *rate[i : j + 1]])
        if j + 1 < n:
            ts = np.append(ts, crossing(j, j + 1))
            rs = np.append(rs, threshold)
        yield t_start, float(ts[-1]), float(np.sum(0.5 * (rs[1:] + rs[:-1]) * np.diff(ts)))
        i = j + 1


def runaway_interval(time: np.ndarray, rate: np.ndarray, threshold: float, rise: float) -> float:
    """Start [s] of the first spell of ``rate >= threshold`` [K/s] that raises the temperature
    by at least ``rise`` [K] (:func:`spells`); NaN when there is none."""
    return next((t0 for t0, _, r in spells(time, rate, threshold) if r >= rise), float("nan"))


def onset_time(time: np.ndarray, rate: np.ndarray, threshold: float, t_runaway: float) -> float:
    """Start [s] of the first spell of ``rate >= threshold`` [K/s] that lasts at least
    ``ONSET_DURATION`` or runs into the runaway at ``t_runaway`` [s] (NaN: none)."""
    return next(
        (
            t0
            for t0, t1, _ in spells(time, rate, threshold)
            if t1 - t0 >= ONSET_DURATION or (np.isfinite(t_runaway) and t1 >= t_runaway)
        ),
        float("nan"),
    )


def onset_metrics(
    time: np.ndarray,
    temperature: np.ndarray,
    temperature_rate: np.ndarray,
    self_heating_rate: np.ndarray,
) -> dict[str, float | bool]:
    """T1, T2, T3, the runaway flag, time to runaway and the peak heating rates.

    All onsets are judged on the self-heating rate (reaction heat over heat capacity), so
    Joule or heater power alone never makes a runaway (module docstring).

    Parameters
    ----------
    time : numpy.ndarray
        [s].
    temperature : numpy.ndarray
        Surface temperature [K] (the cell's in a one-node cell).
    temperature_rate : numpy.ndarray
        Total dT/dt [K/s] (reported as its maximum only).
    self_heating_rate : numpy.ndarray
        Reaction-driven heating rate [K/s].
    """
    t_runaway = runaway_interval(time, self_heating_rate, TRIGGER_RATE, RUNAWAY_RISE)
    t_onset = onset_time(time, self_heating_rate, SELF_HEATING_THRESHOLD, t_runaway)
    t1 = float(np.interp(t_onset, time, temperature)) if np.isfinite(t_onset) else float("nan")
    runaway = bool(np.isfinite(t_runaway))
    if runaway:  # T2: the start of the interval that ran away
        t2 = float(np.interp(t_runaway, time, temperature))
    else:  # a self-heating spell that did not run away still has a trigger temperature
        _, t2 = first_crossing(time, self_heating_rate, TRIGGER_RATE, temperature)
    empty = temperature.size == 0
    return {
        "onset_temperature": t1,
        "trigger_temperature": t2,
        "max_temperature": float("nan") if empty else float(np.max(temperature)),
        "thermal_runaway": runaway,
        "time_to_runaway": t_runaway,
        "max_self_heating_rate": float("nan") if empty else float(np.max(self_heating_rate)),
        "max_temperature_rate": float("nan") if empty else float(np.max(temperature_rate)),
    }


def gas_metrics(released: np.ndarray, dry_gas: np.ndarray) -> tuple[float, float, np.ndarray]:
    """Non-condensable gas released, its volume at STP and its composition.

    Parameters
    ----------
    released : numpy.ndarray
        Net amount of each gas species released (cell headspace + vented, end minus start)
        [mol]; negative entries (consumed gas) count as zero.
    dry_gas : numpy.ndarray of bool
        Which species stay gaseous when the gas is cooled to 25 degC (solvent vapour and water
        excluded, as in dry-basis gas chromatography).

    Returns
    -------
    gas_total [mol], gas_volume_stp [m^3] at 0 degC and 101325 Pa, mole fractions [1] (zeros
    when no gas was released).
    """
    amounts = np.where(dry_gas, np.maximum(released, 0.0), 0.0)
    total = float(amounts.sum())
    fractions = amounts / total if total > 0.0 else np.zeros_like(amounts)
    volume = total * GAS_CONSTANT * STP_TEMPERATURE / STP_PRESSURE
    return total, volume, fractions
