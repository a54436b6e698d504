"""Venting part: what leaves the cell once its vent (or seal) is open.

The gas flow is isentropic orifice flow with a discharge coefficient, choked at high pressure
ratios (:mod:`runaway.physics.venting`); near pressure equilibrium a relaxation bound keeps
the equations tame, and a headspace below ambient pressure draws air back in. The amount of
every gas species vented is a state, so the vent gas composition and volume are exact
integrals. With ``[cell.ejection]`` the vent flow also carries liquid electrolyte and solid
particles (:mod:`runaway.physics.ejection`); the amount of each ejected species is a state too.
"""

from __future__ import annotations

import numpy as np

from runaway.parts.base import Part
from runaway.physics.ejection import ejection_coefficients
from runaway.state import CORE


def ejection_setup(cell, model) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the species the vent flow ejects and their coefficients r_c / m_c,0 [1/kg].

    Parameters
    ----------
    cell : runaway.scenario.cell.CellSpec
        The cell (its ``ejection`` table, or None).
    model : runaway.model.CellModel
        Set up far enough to know the initial amounts and the mechanism.
    """
    spec = cell.ejection
    if spec is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    mech = model.mechanism
    coefficients = ejection_coefficients(
        model.initial_amounts,
        model.molar_mass,
        mech.state_of_matter,
        spec.liquid_mass_ratio,
        spec.solid_mass_ratio,
    )
    index = np.flatnonzero(coefficients > 0.0).astype(np.int64)
    return index, coefficients[index]


class VentingPart(Part):
    """Cumulative vented amount of every gas species and ejected amount of every ejectable
    condensed species."""

    name = "venting"
    states = (CORE["vented"], CORE["ejected"])

    def pack(self, floats, ints, float_arrays, int_arrays):
        m = self.model
        int_arrays["ejected_index"] = m.ejected_index
        float_arrays["ejection_coefficient"] = m.ejection_coefficient
