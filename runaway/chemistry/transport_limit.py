"""Transport limit of condensed-phase reaction rates: no Arrhenius extrapolation beyond the data.

The estimated rate constants of the Li-metal and electrolyte mechanisms are Arrhenius laws
anchored to onsets between about 100 and 230 degC, the NCM cathode's are DSC kinetics measured up
to 350 degC (each reaction's note in ``mechanisms/``).
Extrapolated to the 1000-2000 K of a runaway they grow by ten to twelve orders of magnitude,
which would let a whole jelly roll react within a fraction of a second at heating rates of
1e10-1e11 K/s: far outside what any measurement supports. In a real cell, reactions between a
solid or molten electrode and the liquid electrolyte become limited by transport (diffusion
through product films, wetting, the reaction front moving through the jelly roll) whose rate
grows only weakly with temperature.

A reaction that declares ``transport-limit: {temperature: T_lim}`` in its mechanism file has its
rate constant put in series with that limit::

    k_eff = k k_lim / (k + k_lim),   k_lim = k(T_lim)

so k_eff = k well below T_lim and k_eff -> k(T_lim) well above: the rate constant stops
growing at the temperature where its calibration ends. The rate still follows the reactant
concentrations (mass action). This is a modelling choice, labelled as such in the mechanisms;
it is applied identically by the compiled kinetics
(:func:`runaway.chemistry.compiled.rate_constants`) and on the Cantera path (as a rate
multiplier, :func:`limit_multiplier`).

References
----------
The series combination of a kinetic and a transport (diffusion) resistance is the classical
treatment of heterogeneous reactions, e.g. O. Levenspiel, *Chemical Reaction Engineering*,
3rd ed., Wiley (1999), ch. 18 (overall rate of a surface reaction with film resistance).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from runaway.constants import GAS_CONSTANT


@dataclass(frozen=True)
class TransportLimit:
    """The transport limit of one reaction.

    Attributes
    ----------
    reaction : int
        Reaction index.
    temperature : float
        T_lim [K].
    temperature_exponent : float
        Arrhenius b [1].
    activation_temperature : float
        Ea/R [K].
    """

    reaction: int
    temperature: float
    temperature_exponent: float
    activation_temperature: float


def read_transport_limits(solution) -> list[TransportLimit]:
    """The ``transport-limit`` entries of a Cantera solution's reactions.

    Raises
    ------
    ValueError
        For a limit without a positive ``temperature`` [K] or on a non-Arrhenius reaction.
    """
    limits = []
    for i, reaction in enumerate(solution.reactions()):
        entry = reaction.input_data.get("transport-limit")
        if entry is None:
            continue
        value = entry.get("temperature") if isinstance(entry, dict) else None
        try:
            temperature = float(str(value).split()[0])
        except (TypeError, ValueError, IndexError):
            temperature = math.nan
        if not temperature > 0.0:
            raise ValueError(
                f"reaction '{reaction.equation}': transport-limit needs a temperature in K, "
                f"e.g. {{temperature: 500 K}} (got {value!r})"
            )
        rate = reaction.rate
        if not hasattr(rate, "activation_energy"):
            raise ValueError(
                f"reaction '{reaction.equation}': transport-limit needs an Arrhenius rate"
            )
        limits.append(
            TransportLimit(
                i,
                temperature,
                float(rate.temperature_exponent),
                float(rate.activation_energy) / 1000.0 / GAS_CONSTANT,  # J/kmol -> K
            )
        )
    return limits


def limit_temperatures(limits: list[TransportLimit], n_reactions: int) -> np.ndarray:
    """T_lim per reaction [K], infinity where a reaction has no limit."""
    out = np.full(n_reactions, np.inf)
    for limit in limits:
        out[limit.reaction] = limit.temperature
    return out


def limit_multiplier(limit: TransportLimit, temperature: float) -> float:
    """k_eff / k = 1 / (1 + k(T) / k(T_lim)) at ``temperature`` [K]."""
    ratio = (temperature / limit.temperature) ** limit.temperature_exponent * math.exp(
        min(limit.activation_temperature * (1.0 / limit.temperature - 1.0 / temperature), 700.0)
    )
    return 1.0 / (1.0 + ratio)
