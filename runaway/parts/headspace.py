"""Headspace part: the gas space of the cell, its fill gas and solvent evaporation.

The headspace holds the initial fill gas (an inert, N2-like gas at ambient pressure), solvent
vapour and the reaction gases; its pressure is the ideal-gas pressure in the free volume
(:mod:`runaway.physics.headspace`), which a pouch enlarges as it swells
(:mod:`runaway.physics.swelling`). Solvents evaporate towards Raoult equilibrium with
vapour pressures from their correlations (``vapour`` fields of ``mechanisms/*.yaml``).
"""

from __future__ import annotations

import numpy as np

from runaway.constants import GAS_CONSTANT
from runaway.parts.base import Part
from runaway.physics import headspace as physics
from runaway.state import CORE


class HeadspacePart(Part):
    """Fill gas, headspace pressure and evaporation."""

    name = "headspace"
    states = (CORE["fill"], CORE["fill_vented"])

    def pack(self, floats, ints, float_arrays, int_arrays):
        m = self.model
        floats["free_volume"] = m.free_volume
        floats["ambient_pressure"] = m.ambient_pressure
        ints["vapours"] = len(m.vapour_pairs)
        index, constants = [], []
        for i_liq, i_vap, vp in m.vapour_pairs:
            index += [vp.form_code, i_liq, i_vap]
            constants += list(vp.packed_constants) + [0.0] * (6 - len(vp.packed_constants))
        float_arrays["vapour_constants"] = np.array(constants, dtype=float)
        int_arrays["vapour_index"] = np.array(index, dtype=np.int64)

    def initial_fill(self) -> float:
        """Fill gas at ambient pressure and the start temperature [mol]."""
        m = self.model
        return m.ambient_pressure * m.free_volume / (GAS_CONSTANT * m.initial_temperature)

    def initial_state(self, y):
        """Fill gas, and solvent vapour in equilibrium with the liquid at the start."""
        m = self.model
        y[m.layout.fill] = self.initial_fill()
        n = y[m.layout.species]
        mech = m.mechanism
        for i_liq, i_vap, vp in m.vapour_pairs:
            # Raoult in the liquid solution (free solvent, solvated ions, oligomer), Henry for a
            # dissolved gas; a species outside the solution is a pure phase of its own
            totals = physics.solution_totals(
                n, mech.solution_particles, mech.solvent_flags, mech.solvation_numbers
            )
            x = physics.pair_mole_fraction(
                vp.form_code, mech.solution_particles[i_liq], n[i_liq], *totals, 0.0
            )
            vapour = physics.equilibrium_vapour_amount(
                liquid_mole_fraction=x,
                saturation_pressure=vp(m.initial_temperature),
                temperature=m.initial_temperature,
                volume=m.free_volume,
            )
            vapour = min(vapour, n[i_liq])
            n[i_vap] = vapour
            n[i_liq] -= vapour
        y[m.layout.species] = n
