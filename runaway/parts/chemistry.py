"""Chemistry part: the species amounts and the mechanism's rate law in the kernel.

Species are everything a mechanism declares (condensed and gas); their rates of progress come
from Cantera's rate law, evaluated in machine code (:mod:`runaway.chemistry.compiled`) or by
Cantera itself (``solver.kinetics = "cantera"``). Reaction heats come from the species'
enthalpies only.
"""

from __future__ import annotations

import numpy as np

from runaway.kernel.slots import FLOAT_ARRAYS, POSITIVITY_CONCENTRATION
from runaway.parts.base import Part
from runaway.state import CORE


class ChemistryPart(Part):
    """Species amounts, reaction rates and species thermo."""

    name = "chemistry"
    states = (CORE["species"],)

    def pack(self, floats, ints, float_arrays, int_arrays):
        m = self.model
        mech = m.mechanism
        floats["volume"] = m.volume
        floats["positivity_scale"] = POSITIVITY_CONCENTRATION * m.volume
        ints.update(species=mech.n_species, reactions=mech.n_reactions, gas=len(m.gas_index))
        ints["melts"] = len(m.melting)
        float_arrays.update(
            gas_float=m.gas.astype(float),
            liquid_float=m.liquid.astype(float),
            h298=m.standard_enthalpies,
            molar_mass=m.molar_mass,
            reaction_heat=-(m.standard_enthalpies @ mech.stoichiometry),
            melt=np.array([x for _, s in m.melting for x in (s.temperature, s.enthalpy)]),
        )
        int_arrays["gas_index"] = m.gas_index
        int_arrays["melt_species"] = np.array([k for k, _ in m.melting], dtype=np.int64)
        for name, array in m.compiled_kinetics.arrays.items():  # named after their slots
            (float_arrays if name in FLOAT_ARRAYS else int_arrays)[name] = array

    def initial_state(self, y):
        y[self.model.layout.species] = self.model.initial_amounts
