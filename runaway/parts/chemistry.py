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
from runaway.physics.lithium import area_factors
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
            liquid_float=np.asarray(mech.solution_particles, dtype=float),
            solvent_float=np.asarray(mech.solvent_flags, dtype=float),
            solvation_number=np.asarray(mech.solvation_numbers, dtype=float),
            h298=m.standard_enthalpies,
            molar_mass=m.molar_mass,
            reaction_heat=-(m.standard_enthalpies @ mech.stoichiometry),
            melt=np.array([x for _, s in m.melting for x in (s.temperature, s.enthalpy)]),
        )
        int_arrays["gas_index"] = m.gas_index
        int_arrays["melt_species"] = np.array([k for k, _ in m.melting], dtype=np.int64)
        for name, array in m.compiled_kinetics.arrays.items():  # named after their slots
            (float_arrays if name in FLOAT_ARRAYS else int_arrays)[name] = array
        area = _reactive_area(mech, m.scenario.cell.lithium)
        if area is not None:
            float_arrays["reactive_area"] = np.array([area.solid, area.molten, area.melting_point])
            int_arrays["reactive_area_reaction"] = np.array(area.reactions, dtype=np.int64)
            _append_films(float_arrays, int_arrays, area.film_rows())

    def initial_state(self, y):
        y[self.model.layout.species] = self.model.initial_amounts


def _reactive_area(mech, lithium):
    """The mechanism's reactive area with the factors of the cell's ``[cell.lithium]`` table
    (both 1 without it: the anchor of the rate constants), or None if no reaction is scaled.

    The factors are also set on the mechanism for its Cantera path (a mechanism shared by
    models evaluated in turn, as in a grid, is re-packed by each).
    """
    area = mech.reactive_area
    if area is None:
        if lithium is not None:
            from runaway.model import ModelError

            raise ModelError(
                "cell.lithium",
                "no reaction of the cell's mechanisms declares a reactive-area "
                "(e.g. lithium.yaml); remove the [cell.lithium] table",
            )
        return None
    area.solid, area.molten = 1.0, 1.0
    if lithium is not None:
        area.solid, area.molten = area_factors(
            lithium.foil_thickness,
            lithium.dead_lithium_fraction,
            lithium.dead_lithium_specific_area or 0.0,
            area.reference_thickness,
        )
    return area


def _append_films(float_arrays, int_arrays, rows) -> None:
    """Add passivating films to the kernel's rate-multiplier arrays (same exp(-z/z0) law as
    the ``sei-tunnelling`` multiplier, :func:`runaway.chemistry.compiled.progress_rates`)."""
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    for name, values, dtype in (
        ("multiplier_reaction", columns[0], np.int64),
        ("multiplier_z0", columns[1], float),
        ("multiplier_species", columns[2], np.int64),
        ("multiplier_basis", columns[3], float),
    ):
        target = float_arrays if dtype is float else int_arrays
        present = np.asarray(target.get(name, np.zeros(0)), dtype)
        target[name] = np.concatenate([present, np.array(values, dtype)])
