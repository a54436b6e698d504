"""Where the heat of a run went: retained by the cell, carried out by the vent, lost to the
surroundings; and the mass that left through the vent.

Every term is an exact integral the solver carries as a state (reaction heat, abuse heat,
heat lost, enthalpy vented and the vented amount of every gas species), read at the end of
the run. The vent term is the *sensible* enthalpy of what left, relative to the same species at
298.15 K: the enthalpy vented on the absolute (formation) scale of the species thermo minus
the formation enthalpy of the vented amounts. The chemical energy the vent gas still holds (its
heat of combustion) is not part of the cell's budget; :mod:`runaway.hazards` deals with it.

With ``[cell.ejection]`` the liquid electrolyte and solid particles the vent flow carries out
(:mod:`runaway.physics.ejection`) are part of ``mass_loss`` and ``energy_ejected``, with their
sensible enthalpy and heat of fusion; their chemical energy, like the gas's, is not. Without
that table only gas and solvent vapour leave, and the two are lower bounds.
"""

from __future__ import annotations

import numpy as np

from runaway.variables import Variable

#: Result variables of the energy budget (scalars, one per run).
ENERGY_BUDGET = (
    Variable(
        "mass_loss",
        "kg",
        "mass that left the cell: vent gas and vapour, plus ejected liquid and solid",
    ),
    Variable("energy_released", "J", "heat released by the reactions (-standard enthalpy)"),
    Variable("energy_abuse", "J", "heat put in by the abuse (heater, oven, short)"),
    Variable(
        "energy_ejected",
        "J",
        "sensible enthalpy carried out by the vent gas and ejecta, relative to 298.15 K",
    ),
    Variable("energy_to_surroundings", "J", "net heat lost to the surroundings"),
    Variable(
        "energy_retained",
        "J",
        "heat kept by the cell body: released + abuse - ejected - surroundings",
    ),
)


def energy_budget(
    vented_amount: np.ndarray,
    molar_mass: np.ndarray,
    formation_enthalpy: np.ndarray,
    enthalpy_vented: float,
    released: float,
    abuse: float,
    lost: float,
    ejected_amount: np.ndarray | None = None,
    ejected_molar_mass: np.ndarray | None = None,
    ejected_formation_enthalpy: np.ndarray | None = None,
) -> dict[str, float]:
    """The energy budget and mass loss of one run.

    Parameters
    ----------
    vented_amount : numpy.ndarray
        Amount of each gas species that left through the vent over the run [mol].
    molar_mass : numpy.ndarray
        Molar mass of each gas species [kg/mol].
    formation_enthalpy : numpy.ndarray
        Standard molar enthalpy of each gas species at 298.15 K on the scale of the species
        thermo [J/mol].
    enthalpy_vented : float
        Enthalpy that left with the vent gas and the ejecta over the run, on the same absolute
        scale, net of ambient gas drawn back in [J].
    released : float
        Reaction heat (-standard reaction enthalpy x extent) [J].
    abuse : float
        Abuse heat put in [J].
    lost : float
        Heat lost to the surroundings [J].
    ejected_amount, ejected_molar_mass, ejected_formation_enthalpy : numpy.ndarray
        Amount [mol], molar mass [kg/mol] and standard enthalpy at 298.15 K [J/mol] of each
        condensed species ejected with the vent flow (None: no ejection).

    Returns
    -------
    dict
        ``mass_loss`` [kg] and the energies of :data:`ENERGY_BUDGET` [J].
    """
    if ejected_amount is None:
        ejected_amount = ejected_molar_mass = ejected_formation_enthalpy = np.zeros(0)
    ejected = float(
        enthalpy_vented
        - np.dot(vented_amount, formation_enthalpy)
        - np.dot(ejected_amount, ejected_formation_enthalpy)
    )
    mass = np.dot(vented_amount, molar_mass) + np.dot(ejected_amount, ejected_molar_mass)
    return {
        "mass_loss": float(mass),
        "energy_released": float(released),
        "energy_abuse": float(abuse),
        "energy_ejected": ejected,
        "energy_to_surroundings": float(lost),
        "energy_retained": float(released + abuse - ejected - lost),
    }


__all__ = ["ENERGY_BUDGET", "energy_budget"]
