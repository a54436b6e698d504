"""Compiled headspace and venting: gas pressure, evaporation towards Raoult equilibrium, flow
out of an open vent (or ambient air back in).

The physics is :mod:`runaway.physics` (headspace, swelling, venting), compiled unchanged.
"""

from __future__ import annotations

from numba import njit

from runaway.constants import GAS_CONSTANT
from runaway.kernel.slots import (
    A_EJECTED_INDEX,
    A_EJECTION_COEFFICIENT,
    A_GAS_INDEX,
    A_LIQUID_FLOAT,
    A_MOLAR_MASS,
    A_SOLVATION_NUMBER,
    A_SOLVENT_FLOAT,
    A_VAPOUR_CONSTANTS,
    A_VAPOUR_INDEX,
    F_AMBIENT_PRESSURE,
    F_AMBIENT_TEMPERATURE,
    F_COMPLIANCE,
    F_DISCHARGE,
    F_FREE_VOLUME,
    F_OPENING_PRESSURE,
    F_POSITIVITY_SCALE,
    FILL_CV,
    FILL_MOLAR_MASS,
    I_GAS,
    I_OFFSET_EJECTED,
    I_OFFSET_FILL,
    I_OFFSET_SPECIES,
    I_OFFSET_TEMPERATURE,
    I_OFFSET_VENTED,
    I_SPECIES,
    I_VAPOURS,
    MIN_TEMPERATURE,
    farray,
    iarray,
)
from runaway.kernel.thermo import latent_heat
from runaway.physics import ejection as _ejection
from runaway.physics import headspace as _headspace
from runaway.physics import swelling as _swelling
from runaway.physics import venting as _venting

_pouch_pressure = njit(cache=True)(_swelling.pouch_pressure)
_co_volume_pressure = njit(cache=True)(_headspace.co_volume_pressure)
_equilibrium_vapour_amount = njit(cache=True)(_headspace.equilibrium_vapour_amount)
_evaporation_rate = njit(cache=True)(_headspace.evaporation_rate)
_degassing_rate = njit(cache=True)(_headspace.degassing_rate)
_pair_mole_fraction = njit(cache=True)(_headspace.pair_mole_fraction)
_solution_totals = njit(cache=True)(_headspace.solution_totals)
_boiling_time_constant = njit(cache=True)(_headspace.boiling_time_constant)
_saturation_pressure = njit(cache=True)(_headspace.saturation_pressure)
_orifice_molar_flow = njit(cache=True)(_venting.orifice_molar_flow)
_relaxation_molar_flow = njit(cache=True)(_venting.relaxation_molar_flow)
_near_equilibrium_limit = njit(cache=True)(_venting.near_equilibrium_limit)
_ejection_flow = njit(cache=True)(_ejection.ejection_flow)


@njit(cache=True)
def headspace_state(n, fill, temperature, fp, ip):
    """Headspace gas amount [mol], pressure [Pa] and free volume [m^3]."""
    gas_amount = max(fill, 0.0)
    for k in iarray(ip, A_GAS_INDEX):
        gas_amount += max(n[k], 0.0)
    if fp[F_COMPLIANCE] > 0.0:
        # a pouch bag keeps inflating against its fixture after the seal has burst
        pressure, volume = _pouch_pressure(
            gas_amount,
            temperature,
            fp[F_FREE_VOLUME],
            fp[F_COMPLIANCE],
            fp[F_OPENING_PRESSURE],
        )
    else:
        volume = fp[F_FREE_VOLUME]  # a rigid can: its gas may be compressed to megapascals
        pressure = _co_volume_pressure(gas_amount, temperature, volume, _headspace.CO_VOLUME)
    return gas_amount, pressure, volume


@njit(cache=True)
def gauge_pressure(y, fp, ip):
    """Headspace pressure above ambient [Pa] of a state vector."""
    o = ip[I_OFFSET_SPECIES]
    temperature = max(y[ip[I_OFFSET_TEMPERATURE]], MIN_TEMPERATURE)
    n = y[o : o + ip[I_SPECIES]]
    _, pressure, _ = headspace_state(n, y[ip[I_OFFSET_FILL]], temperature, fp, ip)
    return pressure - fp[F_AMBIENT_PRESSURE]


@njit(cache=True)
def evaporation(n, u, temperature, free_volume, fp, ip, dn):
    """Move solvent between liquid and vapour towards Raoult equilibrium (adds to ``dn``
    [mol/s]); returns the internal energy of vaporisation taken up [W]. A condensed species
    that is not part of the liquid solution (molten lithium) evaporates as a pure phase."""
    q_evap = 0.0
    n_vapours = ip[I_VAPOURS]
    if n_vapours == 0:
        return q_evap
    liquid_float = farray(fp, ip, A_LIQUID_FLOAT)
    solvent_float = farray(fp, ip, A_SOLVENT_FLOAT)
    solvation_number = farray(fp, ip, A_SOLVATION_NUMBER)
    solvent, solutes, solvation = _solution_totals(n, liquid_float, solvent_float, solvation_number)
    vapour_index = iarray(ip, A_VAPOUR_INDEX)
    vapour_constants = farray(fp, ip, A_VAPOUR_CONSTANTS)
    for v in range(n_vapours):
        i_liq = vapour_index[3 * v + 1]
        i_vap = vapour_index[3 * v + 2]
        # Raoult mole fraction over the particles of the liquid solution (free solvent,
        # solvated ions, oligomer), going smoothly to 0 as the last liquid runs out (a liquid
        # of ~positivity_scale mol is nothing; without the floor x jumps to 1 on 1e-15 mol); a
        # species outside the liquid solution (molten Li) is a pure phase of its own; a
        # dissolved gas relaxes towards Henry's law in its dissolved amount
        form = vapour_index[3 * v]
        pure = liquid_float[i_liq] == 0.0
        psat = _saturation_pressure(form, vapour_constants[6 * v : 6 * v + 6], temperature)
        if form == _headspace.VAPOUR_FORM_HENRY:  # a dissolved gas: H = psat
            rate = _degassing_rate(n[i_liq], n[i_vap], solvent, psat, temperature, free_volume)
        else:
            x = _pair_mole_fraction(
                form, liquid_float[i_liq], n[i_liq], solvent, solutes, solvation,
                fp[F_POSITIVITY_SCALE],
            )  # fmt: skip
            eq = _equilibrium_vapour_amount(x, psat, temperature, free_volume)
            tau = _headspace.EVAPORATION_TIME_CONSTANT
            if pure:  # a pure phase boils or condenses at its own pace
                partial = max(n[i_vap], 0.0) * GAS_CONSTANT * temperature / free_volume
                tau = _boiling_time_constant(max(psat, partial))
            rate = _evaporation_rate(n[i_vap], eq, n[i_liq], tau)
        dn[i_liq] -= rate
        dn[i_vap] += rate
        # a molten species evaporates from its liquid: its heat of fusion is already held
        q_evap += (u[i_vap] - u[i_liq] - latent_heat(i_liq, temperature, fp, ip)) * rate
    return q_evap


@njit(cache=True)
def vent_outflow(
    n, fill, gas_amount, pressure, temperature, enthalpy, heat_capacity_k, area, fp, ip
):
    """Molar flow out of the open vent of ``area`` [m^2] [mol/s] (orifice law, bounded near
    equilibrium) and the fill-gas fraction of the headspace [1]."""
    gas_index = iarray(ip, A_GAS_INDEX)
    molar_mass_k = farray(fp, ip, A_MOLAR_MASS)
    x_fill = max(fill, 0.0) / gas_amount
    molar_mass = x_fill * FILL_MOLAR_MASS
    cv_mix = x_fill * FILL_CV - GAS_CONSTANT * (1.0 - x_fill)
    for g in range(ip[I_GAS]):
        k = gas_index[g]
        x = max(n[k], 0.0) / gas_amount
        molar_mass += x * molar_mass_k[k]
        cv_mix += x * heat_capacity_k[k]
    gamma = (cv_mix + GAS_CONSTANT) / cv_mix
    ambient_pressure = fp[F_AMBIENT_PRESSURE]
    flow = _orifice_molar_flow(
        pressure,
        ambient_pressure,
        temperature,
        molar_mass,
        gamma,
        area,
        fp[F_DISCHARGE],
    )
    flow = _near_equilibrium_limit(
        flow,
        _relaxation_molar_flow(
            gas_amount, pressure, ambient_pressure, pressure, _venting.VENT_RELAXATION_TIME
        ),
        pressure - ambient_pressure,
        ambient_pressure,
    )
    return flow, x_fill


@njit(cache=True)
def air_inflow(pressure, free_volume, temperature, area, fp):
    """Molar flow of ambient air (fill gas) drawn through an opening of ``area`` [m^2] into
    an open headspace below ambient pressure [mol/s]."""
    ambient_pressure = fp[F_AMBIENT_PRESSURE]
    inflow = _orifice_molar_flow(
        ambient_pressure,
        pressure,
        fp[F_AMBIENT_TEMPERATURE],
        FILL_MOLAR_MASS,
        (FILL_CV + GAS_CONSTANT) / FILL_CV,
        area,
        fp[F_DISCHARGE],
    )
    return _near_equilibrium_limit(
        inflow,
        # amount that would fill the headspace to ambient within the relaxation time
        free_volume
        * (ambient_pressure - pressure)
        / (GAS_CONSTANT * temperature * _venting.VENT_RELAXATION_TIME),
        ambient_pressure - pressure,
        ambient_pressure,
    )


@njit(cache=True)
def ejection(n, gas_mass_flow, temperature, enthalpy, fp, ip, dn, dy):
    """Liquid and solid species carried out by a vent gas mass flow [kg/s]
    (:mod:`runaway.physics.ejection`): subtracted from ``dn``, added to the ejected-amount
    states in ``dy``. Returns the enthalpy they carry out [W]: standard enthalpy plus the heat
    of fusion of what has melted, at the jelly-roll temperature."""
    index = iarray(ip, A_EJECTED_INDEX)
    coefficient = farray(fp, ip, A_EJECTION_COEFFICIENT)
    o_ejected = ip[I_OFFSET_EJECTED]
    e_out = 0.0
    for j in range(index.shape[0]):
        k = index[j]
        out = _ejection_flow(coefficient[j], n[k], gas_mass_flow)
        dy[o_ejected + j] = out
        dn[k] -= out
        e_out += out * (enthalpy[k] + latent_heat(k, temperature, fp, ip))
    return e_out


@njit(cache=True)
def venting(
    n, fill, gas_amount, pressure, free_volume, temperature, enthalpy, cp, area, fp, ip, dn, dy
):
    """Vent flow while the vent is open: out through the opening of ``area`` [m^2] (the vent,
    or a ruptured can), or ambient air back in when the headspace falls below ambient pressure
    (an open cell breathes).

    Adds the outflow of each gas species to ``dn`` and to the vented-amount states in ``dy``,
    and the liquid and solid the outflow entrains (:func:`ejection`). Returns (net molar flow
    out [mol/s], fill gas flow out [mol/s], enthalpy carried out by gas and ejecta [W], flow
    work and enthalpy exchange acting on the cell [W]).
    """
    ambient = fp[F_AMBIENT_TEMPERATURE]
    ambient_pressure = fp[F_AMBIENT_PRESSURE]
    rt = GAS_CONSTANT * temperature
    if gas_amount > 0.0 and pressure > ambient_pressure:
        flow, x_fill = vent_outflow(
            n, fill, gas_amount, pressure, temperature, enthalpy, cp, area, fp, ip
        )
        gas_index = iarray(ip, A_GAS_INDEX)
        o_vented = ip[I_OFFSET_VENTED]
        molar_mass = farray(fp, ip, A_MOLAR_MASS)
        e_vent = 0.0
        dfill = flow * x_fill
        gas_mass_flow = dfill * FILL_MOLAR_MASS
        for g in range(ip[I_GAS]):
            k = gas_index[g]
            out = flow * max(n[k], 0.0) / gas_amount
            dy[o_vented + g] = out
            dn[k] -= out
            e_vent += out * enthalpy[k]
            gas_mass_flow += out * molar_mass[k]
        e_vent += dfill * (FILL_CV * (temperature - 298.15) + rt)
        e_vent += ejection(n, gas_mass_flow, temperature, enthalpy, fp, ip, dn, dy)
        return flow, dfill, e_vent, flow * rt  # flow work of the gas pushed out
    if pressure < ambient_pressure:
        inflow = air_inflow(pressure, free_volume, temperature, area, fp)
        h_in = FILL_CV * (ambient - 298.15) + GAS_CONSTANT * ambient
        # energy brought in minus the internal energy the new gas takes at cell temperature
        return -inflow, -inflow, -inflow * h_in, -inflow * (h_in - FILL_CV * (temperature - 298.15))
    return 0.0, 0.0, 0.0, 0.0
