"""The state vector: one table declares every state, its size, tolerance and Jacobian scale.

Core states, in their order in the vector (all SI, amounts in mol)::

    n_k          species in the cell (condensed + headspace gas), one per species
    v_g          cumulative amount of each gas species vented
    e_j          cumulative amount of each ejectable condensed species ejected with the
                 vent flow (``[cell.ejection]``; none without it)
    n_fill       initial headspace fill gas (inert, N2-like) still in the cell
    v_fill       fill gas vented
    T            cell temperature [K]; in a two-node cell the jelly roll's
    T_casing     casing temperature [K], two-node cells only (``[cell.casing]``); reported as
                 the bus slot ``surface_temperature``, which is T in a one-node cell
    soc          state of charge [1]
    E_abuse      heat from the abuse source delivered so far [J]
    E_loss       heat lost to the surroundings so far [J]
    E_reaction   reaction heat released so far (standard enthalpy basis) [J]
    E_vent       enthalpy carried out by vented gas so far [J]

Parts a user registers (:class:`runaway.parts.Part`) append their own states after these. The
:class:`Layout` built from the table gives every other module its offsets: the kernel reads
them from the packed parameters, the solver its tolerances, the results their variables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from runaway.variables import StateVariable

#: Bookkeeping energies are integrated to 1 mJ.
ENERGY_ATOL = 1e-3

CORE_STATES = (
    StateVariable(
        "species",
        "mol",
        "amount of each species in the cell",
        size="species",
        jacobian_floor=1e-10,
        result="species_amount",
    ),
    StateVariable("vented", "mol", "cumulative amount of each gas species vented", size="gas"),
    StateVariable(
        "ejected",
        "mol",
        "cumulative amount of each ejectable condensed species ejected with the vent flow",
        size="ejectable",
    ),
    StateVariable("fill", "mol", "headspace fill gas still in the cell", jacobian_floor=1e-10),
    StateVariable("fill_vented", "mol", "fill gas vented"),
    StateVariable(
        "temperature",
        "K",
        "cell temperature (the jelly roll in a two-node cell)",
        atol=1e-6,
        jacobian_floor=1.0,
        result="temperature",
    ),
    StateVariable(
        "casing_temperature",
        "K",
        "casing temperature (two-node cells; reported as surface_temperature)",
        atol=1e-6,
        jacobian_floor=1.0,
    ),
    StateVariable(
        "soc", "1", "state of charge", atol=1e-9, jacobian_floor=1e-3, result="state_of_charge"
    ),
    StateVariable("energy_abuse", "J", "heat from the abuse source so far", atol=ENERGY_ATOL),
    StateVariable("energy_loss", "J", "heat lost to the surroundings so far", atol=ENERGY_ATOL),
    StateVariable(
        "energy_reaction",
        "J",
        "reaction heat released so far (298.15 K standard enthalpy)",
        atol=ENERGY_ATOL,
    ),
    StateVariable(
        "energy_vent", "J", "enthalpy carried out by vented gas so far", atol=ENERGY_ATOL
    ),
)


#: The core states by name.
CORE = {state.name: state for state in CORE_STATES}


@dataclass(frozen=True)
class Layout:
    """Positions of the states in the state vector.

    ``layout.temperature`` is the index of a one-entry state, ``layout.species`` the slice of a
    block (attribute access by state name); :meth:`offset` and :meth:`slice` do the same by
    name.
    """

    states: tuple[StateVariable, ...]
    sizes: tuple[int, ...]
    offsets: tuple[int, ...]
    size: int

    @classmethod
    def build(
        cls, states: Sequence[StateVariable], n_species: int, n_gas: int, n_ejectable: int = 0
    ) -> Layout:
        names = [s.name for s in states]
        duplicate = {n for n in names if names.count(n) > 1}
        if duplicate:
            raise ValueError(f"state declared twice: {', '.join(sorted(duplicate))}")
        sizes, offsets, offset = [], [], 0
        for s in states:
            named = {"species": n_species, "gas": n_gas, "ejectable": n_ejectable}
            n = named.get(s.size, s.size)
            if not isinstance(n, int) or n < 0:
                raise ValueError(
                    f"state '{s.name}': size must be an int >= 0, 'species', 'gas' or 'ejectable'"
                )
            sizes.append(n)
            offsets.append(offset)
            offset += n
        return cls(tuple(states), tuple(sizes), tuple(offsets), offset)

    def _find(self, name: str) -> int:
        for i, s in enumerate(self.states):
            if s.name == name:
                return i
        raise KeyError(f"no state '{name}' (states: {', '.join(s.name for s in self.states)})")

    def offset(self, name: str) -> int:
        """Index of the first entry of state ``name``."""
        return self.offsets[self._find(name)]

    def slice(self, name: str) -> slice:
        """Slice of state ``name`` in the state vector."""
        i = self._find(name)
        return slice(self.offsets[i], self.offsets[i] + self.sizes[i])

    def __getattr__(self, name: str):
        if name.startswith("_") or name in ("states", "sizes", "offsets", "size"):
            raise AttributeError(name)
        try:
            i = self._find(name)
        except KeyError as exc:
            raise AttributeError(str(exc)) from None
        declared = self.states[i].size
        return self.offsets[i] if declared == 1 else self.slice(name)

    def absolute_tolerances(self, species_atol: float) -> np.ndarray:
        """Absolute tolerance of every state component [its units]."""
        tol = np.empty(self.size)
        for s, start, n in zip(self.states, self.offsets, self.sizes, strict=True):
            tol[start : start + n] = species_atol if s.atol is None else s.atol
        return tol

    def jacobian_columns(self) -> tuple[np.ndarray, np.ndarray]:
        """Columns the finite-difference Jacobian perturbs and their floors [units]."""
        columns, floors = [], []
        for s, start, n in zip(self.states, self.offsets, self.sizes, strict=True):
            if s.jacobian_floor is not None:
                columns += range(start, start + n)
                floors += [s.jacobian_floor] * n
        return np.array(columns, dtype=np.int64), np.array(floors, dtype=float)


__all__ = ["CORE", "CORE_STATES", "Layout"]
