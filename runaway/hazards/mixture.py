"""Vent gas and air as a Cantera mixture: species mapping and fuel-air proportions.

The flame and equilibrium work uses one mechanism (GRI-Mech 3.0, ``gri30.yaml`` shipped with
Cantera, by default). A vent-gas species the mechanism lacks is handled by kind:

- non-combustible (HF, PF5, POF3, He): replaced mole for mole by N2, which keeps the dilution
  but not the heat capacity of the molecule (PF5 has a larger one, so flame temperature and
  burning velocity are somewhat over-estimated: conservative);
- combustible (CH3OCH3, C3H6, C4H10, solvent vapour): left out and listed in ``excluded``;
  the remaining gas is renormalised. The Le Chatelier limits still count these species.

References
----------
Smith, G. P. et al. GRI-Mech 3.0. http://combustion.berkeley.edu/gri-mech/
Goodwin, D. G. et al. Cantera: an object-oriented software toolkit for chemical kinetics,
thermodynamics, and transport processes. https://cantera.org
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import cantera as ct

from runaway.hazards.limits import FLAMMABILITY_LIMITS

#: Air as the oxidiser (mole basis): 21 % O2, 79 % N2.
AIR = {"O2": 0.21, "N2": 0.79}
DEFAULT_MECHANISM = "gri30.yaml"


@lru_cache(maxsize=4)
def _solution(mechanism: str) -> ct.Solution:
    return ct.Solution(mechanism)


def solution(mechanism: str = DEFAULT_MECHANISM) -> ct.Solution:
    """The Cantera ``Solution`` of ``mechanism``, loaded once and shared: set its state before
    each use and do not keep references to it."""
    return _solution(mechanism)


@dataclass(frozen=True)
class MappedGas:
    """A vent gas expressed in the species of a mechanism.

    Attributes
    ----------
    composition : dict of str to float
        Mole fractions in mechanism species names, normalised [1].
    excluded : tuple of str
        Combustible species the mechanism lacks (left out).
    replaced : tuple of str
        Non-combustible species the mechanism lacks (replaced by N2).
    """

    composition: dict[str, float]
    excluded: tuple[str, ...] = ()
    replaced: tuple[str, ...] = field(default=())


def map_to_mechanism(composition: dict[str, float], mechanism: str = DEFAULT_MECHANISM):
    """Express a vent-gas composition in the species of ``mechanism``.

    Parameters
    ----------
    composition : dict of str to float
        Vent-gas mole fractions [1].
    mechanism : str
        Cantera YAML file.

    Returns
    -------
    MappedGas
        With the rules of this module's docstring applied.
    """
    names = set(solution(mechanism).species_names)
    mapped: dict[str, float] = {}
    excluded, replaced = [], []
    for species, x in composition.items():
        if species in names:
            mapped[species] = mapped.get(species, 0.0) + x
        elif species in FLAMMABILITY_LIMITS:
            excluded.append(species)
        else:
            replaced.append(species)
            mapped["N2"] = mapped.get("N2", 0.0) + x
    total = sum(mapped.values())
    mapped = {k: v / total for k, v in mapped.items()} if total > 0 else {}
    return MappedGas(mapped, tuple(sorted(excluded)), tuple(sorted(replaced)))


def oxygen_demand(composition: dict[str, float], mechanism: str = DEFAULT_MECHANISM) -> float:
    """Net O2 needed to burn one mole of the gas to CO2 and H2O [mol O2 / mol gas].

    Parameters
    ----------
    composition : dict of str to float
        Mole fractions in mechanism species [1].
    mechanism : str
        Cantera YAML file (element counts).

    Notes
    -----
    ``sum_i x_i (n_C + n_H/4 - n_O/2)``; O2 in the gas counts negative, CO2 and H2O zero.
    """
    gas = solution(mechanism)
    demand = 0.0
    for species, x in composition.items():
        k = gas.species_index(species)
        c, h, o = (gas.n_atoms(k, e) if e in gas.element_names else 0 for e in "CHO")
        demand += x * (c + h / 4.0 - o / 2.0)
    return demand


def fuel_fraction(phi: float, demand: float) -> float:
    """Mole fraction of vent gas in a vent-gas/air mixture of equivalence ratio ``phi`` [1].

    Parameters
    ----------
    phi : float
        Equivalence ratio [1] (fuel/air over stoichiometric fuel/air).
    demand : float
        O2 demand of the vent gas [mol/mol], :func:`oxygen_demand`.
    """
    air_per_gas = demand / (AIR["O2"] * phi)
    return 1.0 / (1.0 + air_per_gas)


def equivalence_ratio(fraction: float, demand: float) -> float:
    """Equivalence ratio of a mixture holding ``fraction`` vent gas in air [1].

    Parameters
    ----------
    fraction : float
        Mole fraction of vent gas in the mixture [1].
    demand : float
        O2 demand of the vent gas [mol/mol].
    """
    return demand * fraction / (AIR["O2"] * (1.0 - fraction))


def mixture(gas_composition: dict[str, float], fraction: float) -> dict[str, float]:
    """Mole fractions of ``fraction`` vent gas mixed with air [1].

    Parameters
    ----------
    gas_composition : dict of str to float
        Vent gas in mechanism species [1].
    fraction : float
        Mole fraction of vent gas in the mixture [1].
    """
    x = {k: fraction * v for k, v in gas_composition.items()}
    for k, v in AIR.items():
        x[k] = x.get(k, 0.0) + (1.0 - fraction) * v
    return x
