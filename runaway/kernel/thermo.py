"""Compiled energy terms: reaction heat at the cell temperature, heat capacity, fusion, and
the temperature rates of the jelly-roll and casing nodes.

Energy balance in internal-energy form (exact bookkeeping of species enthalpies)::

    C dT/dt = Q_abuse - Q_loss + Q_chem - Q_evap - Q_fusion - Q_vent

with C = C_inert + sum_k n_k c_v,k (+ apparent heat of fusion) and Q_chem = -sum_k u_k(T) n_dot_k
(u_k = h_k - R T for gases): reaction heats come from species enthalpies only, at the cell
temperature and at constant volume. The reported reaction heat (``E_reaction`` and the
``heat_release_rate`` of each reaction) uses the standard reaction enthalpy at 298.15 K,
-Delta H_r(298 K) x rate, the convention of calorimetry.
"""

from __future__ import annotations

from numba import njit

from runaway.constants import GAS_CONSTANT
from runaway.kernel.slots import (
    A_GAS_FLOAT,
    A_H298,
    A_MELT,
    A_MELT_SPECIES,
    F_CASING_HEAT_CAPACITY,
    F_INERT_HEAT_CAPACITY,
    FILL_CV,
    I_ABUSE_ON_SURFACE,
    I_MELTS,
    I_SPECIES,
    farray,
    iarray,
)
from runaway.physics import thermal as _thermal

_melted_fraction = njit(cache=True)(_thermal.melted_fraction)
_melting_peak = njit(cache=True)(_thermal.melting_peak)


@njit(cache=True)
def internal_energies(enthalpy, heat_capacity_k, temperature, fp, ip):
    """Molar internal energies u_k [J/mol] and heat capacities at constant volume c_v,k
    [J/(mol K)] of the species from their standard enthalpies and c_p."""
    gas_float = farray(fp, ip, A_GAS_FLOAT)
    rt = GAS_CONSTANT * temperature
    return enthalpy - rt * gas_float, heat_capacity_k - GAS_CONSTANT * gas_float


@njit(cache=True)
def reaction_heat(n, fill, dn, u, cv, fp, ip):
    """Heat released at the cell temperature [W], on the 298.15 K standard basis [W], and the
    heat capacity of the cell without fusion [J/K].

    Parameters
    ----------
    n : numpy.ndarray
        Species amounts [mol].
    fill : float
        Fill gas [mol].
    dn : numpy.ndarray
        Chemical production [mol/s] of every species.
    u, cv : numpy.ndarray
        From :func:`internal_energies`.
    """
    h298 = farray(fp, ip, A_H298)
    q_reaction = 0.0
    q_standard = 0.0
    heat_capacity = fp[F_INERT_HEAT_CAPACITY] + max(fill, 0.0) * FILL_CV
    for k in range(ip[I_SPECIES]):
        q_reaction -= u[k] * dn[k]
        q_standard -= h298[k] * dn[k]
        heat_capacity += max(n[k], 0.0) * cv[k]
    return q_reaction, q_standard, heat_capacity


@njit(cache=True)
def fusion(n, dn, temperature, fp, ip):
    """Apparent heat capacity of melting species [J/K] and heat of fusion taken up [W]."""
    extra_capacity = 0.0
    q_fusion = 0.0
    melt = farray(fp, ip, A_MELT)
    melt_species = iarray(ip, A_MELT_SPECIES)
    for m in range(ip[I_MELTS]):
        k = melt_species[m]
        melted = _melted_fraction(temperature, melt[2 * m], _thermal.FUSION_WIDTH)
        peak = _melting_peak(temperature, melt[2 * m], _thermal.FUSION_WIDTH)
        extra_capacity += max(n[k], 0.0) * melt[2 * m + 1] * peak
        q_fusion += melt[2 * m + 1] * melted * dn[k]
    return extra_capacity, q_fusion


@njit(cache=True)
def latent_heat(k, temperature, fp, ip):
    """Heat of fusion held by one mol of species ``k`` at ``temperature`` [J/mol]: its
    enthalpy of fusion times its melted fraction, 0 for a species that does not melt."""
    melt = farray(fp, ip, A_MELT)
    melt_species = iarray(ip, A_MELT_SPECIES)
    for m in range(ip[I_MELTS]):
        if melt_species[m] == k:
            melted = _melted_fraction(temperature, melt[2 * m], _thermal.FUSION_WIDTH)
            return melt[2 * m + 1] * melted
    return 0.0


@njit(cache=True)
def node_rates(q_net_without_abuse, q_abuse, q_loss, q_contact, heat_capacity, fp, ip):
    """dT/dt of the jelly roll and of the casing [K/s].

    One node (no casing heat capacity): C dT/dt = Q_net + Q_abuse, the casing is the cell.
    Two nodes: the jelly roll loses G (T - T_s) = ``q_contact`` [W] to the casing, the casing
    loses ``q_loss`` [W] to the surroundings, and the abuse heat ``q_abuse`` [W] goes to the
    casing if the abuse kind heats the surface (``I_ABUSE_ON_SURFACE``), else to the jelly roll.
    ``q_net_without_abuse`` [W] is the net heat of the cell without abuse (reactions,
    evaporation, fusion, venting and ``q_loss``); ``heat_capacity`` [J/K] the jelly roll's.
    """
    casing = fp[F_CASING_HEAT_CAPACITY]
    if casing <= 0.0:
        rate = (q_net_without_abuse + q_abuse) / heat_capacity
        return rate, rate
    q_outside = q_abuse if ip[I_ABUSE_ON_SURFACE] == 1 else 0.0
    q_core = q_net_without_abuse + q_loss + q_abuse - q_outside - q_contact
    return q_core / heat_capacity, (q_contact - q_loss + q_outside) / casing
