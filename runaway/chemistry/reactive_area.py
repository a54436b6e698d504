"""Reactive-area scaling of reactions on a metal surface (the ``reactive-area`` field).

A reaction that declares::

    reactive-area: {species: Li(s), reference-foil-thickness: 50.0e-6}

has its rate multiplied by the ratio of the metal's specific surface area in the cell to that
of the foil (thickness in m) its rate constant was anchored to, blended between the solid and
the molten metal with the melted fraction of ``species`` (its ``melting`` field)::

    k_eff = k [(1 - phi(T)) a_solid + phi(T) a_molten]

A passivating film (the analogue of Kim's SEI-tunnelling factor for graphite, Kim et al.,
J. Power Sources 170 (2007) 476, DOI 10.1016/j.jpowsour.2007.04.018) may be declared with it::

    reactive-area: {species: Li(s), reference-foil-thickness: 50.0e-6,
                    film: {z0: 0.033, grown-species: Li2CO3(s), basis-concentration: 8021.0}}

and multiplies the rate by exp(-z/z0) with the dimensionless film thickness
z = z0 + C_grown / (C_basis a_solid): the film grown [mol/m^3] spread over the reactive area, so
the same film on a dendritic anode of a_solid = 500 is 500 times thinner.

The factors (a_solid, a_molten) come from the cell (``[cell.lithium]``,
:func:`runaway.physics.lithium.area_factors`); without that table both are 1, so the anchor's
results are unchanged. Applied identically by the compiled kinetics
(:func:`runaway.kernel.kinetics.temperature_functions`) and on the Cantera path
(:meth:`runaway.chemistry.Mechanism.state_functions`, as a rate multiplier).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from runaway.physics.thermal import melted_fraction


@dataclass
class ReactiveArea:
    """The reactions on one metal surface and the cell's area factors.

    Attributes
    ----------
    species : str
        The metal species, e.g. ``"Li(s)"``.
    reactions : list of int
        Indices of the reactions scaled.
    reference_thickness : float
        Foil thickness the rate constants were anchored to [m].
    melting_point : float
        [K] (from the species' ``melting`` field; inf if it has none).
    solid, molten : float
        Area factors below / above the melting point [1]; set from the cell.
    films : list of (reaction, z0, grown species index, basis concentration [mol/m^3])
        Passivating films of the reactions that declare one.
    """

    species: str
    reactions: list[int] = field(default_factory=list)
    reference_thickness: float = math.nan
    melting_point: float = math.inf
    solid: float = 1.0
    molten: float = 1.0
    films: list[tuple[int, float, int, float]] = field(default_factory=list)

    def factor(self, temperature: float) -> float:
        """Rate factor at ``temperature`` [K] [1]."""
        if not math.isfinite(self.melting_point):
            return self.solid
        phi = melted_fraction(temperature, self.melting_point)
        return self.solid + phi * (self.molten - self.solid)  # exactly solid if equal

    def multiply(self, multipliers: dict[int, float], temperature: float, concentrations) -> None:
        """Multiply the rate multipliers (by reaction index) of the scaled reactions [1].

        Parameters
        ----------
        multipliers : dict of int to float
            Updated in place.
        temperature : float
            [K].
        concentrations : numpy.ndarray
            [mol/m^3].
        """
        value = self.factor(temperature)
        for r in self.reactions:
            multipliers[r] = multipliers.get(r, 1.0) * value
        for r, z0, grown, basis in self.film_rows():
            z = z0 + max(concentrations[grown], 0.0) / basis
            multipliers[r] *= math.exp(-z / z0)

    def film_rows(self) -> list[tuple[int, float, int, float]]:
        """The films with their basis concentration spread over the solid reactive area
        (rows of the compiled kernel's rate-multiplier arrays)."""
        return [(r, z0, grown, basis * self.solid) for r, z0, grown, basis in self.films]


def read_reactive_area(solution, melting) -> ReactiveArea | None:
    """The ``reactive-area`` entries of a Cantera solution's reactions (one metal species).

    Parameters
    ----------
    solution : cantera.Solution
    melting : list of runaway.chemistry.properties.Melting
        The melting data of the mechanism's species (melting point [K]).

    Raises
    ------
    ValueError
        For an entry without a known species or a positive reference-foil-thickness [m], or
        entries naming different species or thicknesses.
    """
    melting_points = {m.species: m.temperature for m in melting}
    area = None
    for i, reaction in enumerate(solution.reactions()):
        entry = reaction.input_data.get("reactive-area")
        if entry is None:
            continue
        where = f"reaction '{reaction.equation}': reactive-area"
        if not isinstance(entry, dict) or entry.get("species") not in solution.species_names:
            raise ValueError(f"{where} needs the species of the metal, e.g. {{species: Li(s)}}")
        try:
            thickness = float(entry.get("reference-foil-thickness"))
        except (TypeError, ValueError):
            thickness = math.nan
        if not thickness > 0.0:
            raise ValueError(f"{where} needs reference-foil-thickness > 0 in m, e.g. 50.0e-6")
        if area is None:
            area = ReactiveArea(
                entry["species"],
                reference_thickness=thickness,
                melting_point=melting_points.get(entry["species"], math.inf),
            )
        elif (entry["species"], thickness) != (area.species, area.reference_thickness):
            raise ValueError(
                f"{where}: every reactive-area entry must name the same species "
                "and reference-foil-thickness"
            )
        area.reactions.append(i)
        if "film" in entry:
            area.films.append(_film(i, entry["film"], solution, where))
    return area


def _film(reaction: int, film, solution, where: str) -> tuple[int, float, int, float]:
    """(reaction, z0, grown species index, basis concentration) of a ``film`` entry."""
    try:
        row = (
            reaction,
            float(film["z0"]),
            solution.species_index(film["grown-species"]),
            float(film["basis-concentration"]),
        )
    except (KeyError, TypeError, ValueError):
        row = None
    if row is None or not (row[1] > 0.0 and row[3] > 0.0):
        raise ValueError(
            f"{where}: film needs z0 > 0, a grown-species of the mechanism and "
            "basis-concentration > 0 in mol/m^3"
        )
    return row


__all__ = ["ReactiveArea", "read_reactive_area"]
