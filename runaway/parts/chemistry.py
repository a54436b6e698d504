"""Chemistry part: the species amounts and the mechanism's rate law in the kernel.

Species are everything a mechanism declares (condensed and gas); their rates of progress come
from Cantera's rate law, evaluated in machine code (:mod:`runaway.chemistry.compiled`) or by
Cantera itself (``solver.kinetics = "cantera"``). Reaction heats come from the species'
enthalpies only.
"""

from __future__ import annotations

import numpy as np

from runaway.kernel.slots import POSITIVITY_CONCENTRATION
from runaway.parts.base import Part
from runaway.state import CORE_STATES

#: Compiled-kinetics arrays in the order :func:`runaway.chemistry.compiled.compile_kinetics`
#: returns them, with the kernel slot each goes to.
_COMPILED_FLOAT = {
    0: "pre_exponential",
    1: "temperature_exponent",
    2: "activation_temperature",
    6: "reactant_order",
    9: "collider_efficiency",
    11: "multiplier_z0",
    13: "multiplier_basis",
    14: "stoichiometry",
    16: "thermo_coeffs",
}
_COMPILED_INT = {
    3: "plain",
    4: "reactant_pointer",
    5: "reactant_species",
    7: "collider_pointer",
    8: "collider_species",
    10: "multiplier_reaction",
    12: "multiplier_species",
    15: "thermo_kind",
}


class ChemistryPart(Part):
    """Species amounts, reaction rates and species thermo."""

    name = "chemistry"
    states = (CORE_STATES[0],)

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
        if m.compiled_kinetics.supported:
            arrays = m.compiled_kinetics.arrays
            float_arrays.update({name: arrays[i] for i, name in _COMPILED_FLOAT.items()})
            int_arrays.update({name: arrays[i] for i, name in _COMPILED_INT.items()})

    def initial_state(self, y):
        y[self.model.layout.species] = self.model.initial_amounts
