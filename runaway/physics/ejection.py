"""Ejection of liquid electrolyte and solid particles with the vent gas.

A venting cell throws out far more than gas: electrolyte droplets and, once the jelly roll
breaks up, electrode particles (the 18650 venting and mass-loss model of Batteries 11 (2025)
96, DOI 10.3390/batteries11030096, treats particle ejection as a share of the total mass loss;
abstract read only, no ratio taken from it).

Lumped entrainment law: the condensed mass of class c (liquid or solid species) leaves at

    m_dot_c = r_c * m_dot_gas * m_c / m_c,0

with ``r_c`` [kg/kg] the ejecta-to-gas mass ratio of a full cell, ``m_dot_gas`` the mass flow
of the vent gas, ``m_c`` the mass of class c still in the cell and ``m_c,0`` its mass at the
start. Each species of the class leaves in proportion to its own mass, so

    n_dot_k = r_c * m_dot_gas * n_k / m_c,0    [mol/s],

linear in n_k: the amount never turns negative, and a cell that has lost its electrolyte
stops ejecting it. The ejecta leave at the cell (jelly-roll) temperature with their enthalpy,
so ejection does not by itself cool what stays; it takes away fuel and heat capacity.

A homogeneous two-phase (flashing) vent flow, as in the venting model of Coman, Rayman and
White, J. Power Sources 307 (2016) 56 (DOI not verified here), would derive the
liquid share from the flow; the fixed ratio here is its lumped stand-in, set per cell from
measured mass loss; no bundled preset sets one, as no measured ratio was found.
"""

from __future__ import annotations

import numpy as np


def ejection_coefficients(
    amounts: np.ndarray,
    molar_mass: np.ndarray,
    state_of_matter: np.ndarray,
    liquid_mass_ratio: float,
    solid_mass_ratio: float,
) -> np.ndarray:
    """Ejection coefficient r_c / m_c,0 of every species [1/kg]; 0 for gases.

    Parameters
    ----------
    amounts : numpy.ndarray
        Initial amount of every species in the cell [mol].
    molar_mass : numpy.ndarray
        [kg/mol].
    state_of_matter : numpy.ndarray of str
        ``"gas"``, ``"liquid"`` or ``"solid"`` per species.
    liquid_mass_ratio, solid_mass_ratio : float
        Ejecta-to-vent-gas mass ratios r_c of a full cell [kg/kg].

    Returns
    -------
    numpy.ndarray
        Coefficient per species [1/kg]; a class without initial mass gets 0.
    """
    coefficients = np.zeros(len(amounts))
    for kind, ratio in (("liquid", liquid_mass_ratio), ("solid", solid_mass_ratio)):
        members = np.asarray(state_of_matter) == kind
        initial_mass = float(np.dot(amounts[members], molar_mass[members]))
        if ratio > 0.0 and initial_mass > 0.0:
            coefficients[members] = ratio / initial_mass
    return coefficients


def ejection_flow(coefficient: float, amount: float, gas_mass_flow: float) -> float:
    """Molar flow of one species ejected with the vent gas [mol/s].

    Parameters
    ----------
    coefficient : float
        r_c / m_c,0 of the species' class [1/kg] (:func:`ejection_coefficients`).
    amount : float
        Amount of the species in the cell [mol].
    gas_mass_flow : float
        Mass flow of vent gas out of the cell [kg/s]; ejecta only ride an outflow.
    """
    if gas_mass_flow <= 0.0:
        return 0.0
    return coefficient * gas_mass_flow * max(amount, 0.0)
