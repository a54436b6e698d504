"""Scalar safety metrics from a temperature / pressure / gas history.

Conventions (docs/physics.md; Feng et al., Front. Energy Res. 6 (2018) 126,
DOI 10.3389/fenrg.2018.00126; ARC practice):

- T1 ``onset_temperature``: first temperature at which the self-heating rate (reaction heat
  divided by heat capacity, i.e. what an adiabatic calorimeter sees) reaches 0.02 K/min.
- T2 ``trigger_temperature``: temperature where dT/dt first reaches 1 K/s.
- T3 ``max_temperature``.
- ``thermal_runaway``: dT/dt >= 1 K/s sustained for at least 3 s.
- ``time_to_runaway``: time at which T2 is reached, NaN without runaway.
"""

from __future__ import annotations

import numpy as np

from runaway.constants import GAS_CONSTANT, STP_PRESSURE, STP_TEMPERATURE
from runaway.variables import Variable

SELF_HEATING_THRESHOLD = 0.02 / 60.0  # [K/s]
TRIGGER_RATE = 1.0  # [K/s]
RUNAWAY_DURATION = 3.0  # [s]

#: The scalar result variables computed from a history.
METRICS = (
    Variable("onset_temperature", "K", "T1: first self-heating at 0.02 K/min"),
    Variable("trigger_temperature", "K", "T2: temperature where dT/dt first reaches 1 K/s"),
    Variable("max_temperature", "K", "T3: maximum temperature"),
    Variable("thermal_runaway", "1", "thermal runaway (dT/dt >= 1 K/s sustained >= 3 s)"),
    Variable("time_to_runaway", "s", "time at which T2 is reached (NaN without runaway)"),
    Variable("vent_time", "s", "first vent opening or pouch burst (NaN if none)"),
    Variable("vent_temperature", "K", "cell temperature at first vent opening (NaN if none)"),
    Variable("cid_time", "s", "current interrupt device opening (NaN if none)"),
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


def sustained(time: np.ndarray, signal: np.ndarray, threshold: float, duration: float) -> bool:
    """Whether ``signal >= threshold`` holds over an interval of at least ``duration`` [s].

    The interval is measured between the interpolated up- and down-crossings of the
    threshold, so sparse sampling does not shorten it.
    """
    above = signal >= threshold
    if not above.any():
        return False
    edges = np.flatnonzero(np.diff(above.astype(int)))
    starts = [0] if above[0] else []
    ends = []
    for e in edges:
        if above[e + 1]:
            starts.append(e + 1)
        else:
            ends.append(e)
    if len(ends) < len(starts):
        ends.append(len(signal) - 1)

    def crossing(i0: int, i1: int) -> float:
        s0, s1 = signal[i0], signal[i1]
        w = (threshold - s0) / (s1 - s0) if s1 != s0 else 0.0
        return float(time[i0] + w * (time[i1] - time[i0]))

    for s, e in zip(starts, ends, strict=True):
        t_start = time[s] if s == 0 else crossing(s - 1, s)
        t_end = time[e] if e == len(signal) - 1 else crossing(e, e + 1)
        if t_end - t_start >= duration:
            return True
    return False


def onset_metrics(
    time: np.ndarray,
    temperature: np.ndarray,
    temperature_rate: np.ndarray,
    self_heating_rate: np.ndarray,
) -> dict[str, float | bool]:
    """T1, T2, T3, runaway flag and time to runaway.

    Parameters
    ----------
    time : numpy.ndarray
        [s].
    temperature : numpy.ndarray
        Cell temperature [K].
    temperature_rate : numpy.ndarray
        dT/dt [K/s].
    self_heating_rate : numpy.ndarray
        Reaction-driven heating rate [K/s].
    """
    _, t1 = first_crossing(time, self_heating_rate, SELF_HEATING_THRESHOLD, temperature)
    t_trigger, t2 = first_crossing(time, temperature_rate, TRIGGER_RATE, temperature)
    runaway = sustained(time, temperature_rate, TRIGGER_RATE, RUNAWAY_DURATION)
    return {
        "onset_temperature": t1,
        "trigger_temperature": t2,
        "max_temperature": float(np.max(temperature)) if temperature.size else float("nan"),
        "thermal_runaway": bool(runaway),
        "time_to_runaway": t_trigger if runaway else float("nan"),
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
