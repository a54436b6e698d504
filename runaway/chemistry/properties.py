"""Physical properties a mechanism file declares for its species: vapour pressure, melting,
membership of the liquid solution.

Read from the ``vapour``, ``melting``, ``solution-particles`` and ``solvation-number`` fields
of the species in ``mechanisms/*.yaml``; each carries its source there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from runaway.physics.headspace import (
    VAPOUR_FORM_HENRY,
    VAPOUR_FORM_LN,
    VAPOUR_FORM_LOG10,
    VAPOUR_FORM_WAGNER,
    saturation_pressure,
)


class PropertyError(ValueError):
    """A species property in a mechanism file is malformed."""


@dataclass(frozen=True)
class VapourPressure:
    """Vapour-pressure correlation of a liquid species (from its ``vapour`` YAML field)."""

    liquid: str
    vapour: str
    form: str
    constants: dict
    source: str = ""

    def __post_init__(self):
        form = self.form.replace(" ", "").lower()
        c = self.constants
        try:
            if form.startswith("ln(p/pa)=a-b/(t/k+c)"):
                code, values = VAPOUR_FORM_LN, (c["A"], c["B"], c["C"])
            elif form.startswith("log10(p/pa)=a-b/(t/k+c)"):
                code, values = VAPOUR_FORM_LOG10, (c["A"], c["B"], c["C"])
            elif form.startswith("wagner"):
                code = VAPOUR_FORM_WAGNER
                values = (c["Tc_K"], c["Pc_Pa"], c["a"], c["b"], c["c"], c["d"])
            elif form.startswith("henry:ln(h/pa)=a-b/(t/k)"):
                code, values = VAPOUR_FORM_HENRY, (c["A"], c["B"])
            else:
                raise PropertyError(
                    f"species '{self.liquid}': unknown vapour-pressure form '{self.form}' "
                    "(allowed: 'ln(P/Pa) = A - B/(T/K + C)', 'log10(P/Pa) = A - B/(T/K + C)', "
                    "'Wagner ...', 'Henry: ln(H/Pa) = A - B/(T/K)')"
                )
        except KeyError as exc:
            raise PropertyError(
                f"species '{self.liquid}': vapour-pressure constant {exc} missing for form "
                f"'{self.form}'"
            ) from None
        object.__setattr__(self, "form_code", code)
        object.__setattr__(self, "packed_constants", tuple(float(v) for v in values))

    @property
    def dissolved_gas(self) -> bool:
        """Whether the liquid side is a gas dissolved in the electrolyte (Henry's law)."""
        return self.form_code == VAPOUR_FORM_HENRY

    def __call__(self, temperature: float) -> float:
        """Saturation pressure, or Henry constant of a dissolved gas [Pa], at ``temperature``
        [K] (:func:`runaway.physics.headspace.saturation_pressure`)."""
        return saturation_pressure(self.form_code, self.packed_constants, temperature)


@dataclass(frozen=True)
class Melting:
    """Melting point [K] and enthalpy of fusion [J/mol] of a species."""

    species: str
    temperature: float
    enthalpy: float
    source: str = ""


def _count(data: Mapping, key: str, default: float) -> float:
    """A species' non-negative, finite number field ``key`` (PropertyError otherwise)."""
    value = data.get(key, default)
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise PropertyError(
            f"species '{data.get('name')}': {key} must be a finite number >= 0 (got {value!r})"
        )
    return float(value)


def solution_particles(species_data: Sequence[Mapping], states: Sequence[str]) -> np.ndarray:
    """Particles each mole of a species adds to the liquid solution [1], for Raoult's law.

    A liquid counts 1 unless it says otherwise; a dissolved solid (the salt, an oligomer in
    solution) counts its ``solution-particles`` (a fully dissociated 1:1 salt 2, the ideal
    van 't Hoff factor); every other species 0 (it is no part of the solution; a condensed
    species with a vapour pressure and 0 here evaporates as a pure phase).

    Parameters
    ----------
    species_data : sequence of dict
        The YAML fields of every species (Cantera ``input_data``).
    states : sequence of str
        State of matter of every species: ``gas``, ``liquid`` or ``solid``.

    Returns
    -------
    numpy.ndarray
        Particles per mole of every species [1].
    """
    counts = np.zeros(len(states))
    for k, (data, state) in enumerate(zip(species_data, states, strict=True)):
        value = _count(data, "solution-particles", 1.0 if state == "liquid" else 0.0)
        if state == "gas" and value:
            raise PropertyError(
                f"species '{data.get('name')}': a gas cannot be part of the liquid solution "
                "(solution-particles must be 0 or absent)"
            )
        if state == "liquid" and value != 1.0:
            raise PropertyError(
                f"species '{data.get('name')}': a liquid is one solvent particle per mole "
                "(solution-particles must be 1 or absent)"
            )
        counts[k] = value
    return counts


def solvent_flags(
    states: Sequence[str], names: Sequence[str], vapour_pressures: Sequence[VapourPressure]
) -> np.ndarray:
    """1 for a solvent of the liquid solution, else 0: a liquid that is no dissolved gas.

    Parameters
    ----------
    states : sequence of str
        State of matter of every species.
    names : sequence of str
        Name of every species.
    vapour_pressures : sequence of VapourPressure
        The mechanism's liquid-vapour pairs (a Henry pair marks a dissolved gas).
    """
    dissolved = {vp.liquid for vp in vapour_pressures if vp.dissolved_gas}
    pairs = zip(states, names, strict=True)
    flags = [state == "liquid" and name not in dissolved for state, name in pairs]
    return np.array(flags, dtype=float)


def solvation_numbers(species_data: Sequence[Mapping], states: Sequence[str]) -> np.ndarray:
    """Solvent molecules a mole of each species binds in the liquid solution [1] (its
    ``solvation-number`` field; default 0), for the Stokes-Robinson form of Raoult's law
    (:func:`runaway.physics.headspace.solvent_mole_fraction`).

    Parameters
    ----------
    species_data : sequence of dict
        The YAML fields of every species (Cantera ``input_data``).
    states : sequence of str
        State of matter of every species.

    Returns
    -------
    numpy.ndarray
        Solvent bound per mole of every species [1].
    """
    numbers = np.zeros(len(states))
    for k, (data, state) in enumerate(zip(species_data, states, strict=True)):
        value = _count(data, "solvation-number", 0.0)
        if value and (state != "solid" or not data.get("solution-particles")):
            raise PropertyError(
                f"species '{data.get('name')}': only a dissolved solid (a salt with "
                "solution-particles > 0) can bind solvent (solvation-number)"
            )
        numbers[k] = value
    return numbers
