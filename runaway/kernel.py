"""Compiled right-hand side of the lumped model (numba).

:class:`runaway.model.CellModel` packs everything the right-hand side needs into one float and
one integer array (:func:`pack`); the functions here evaluate the time derivative of the state,
its Jacobian and the diagnostics in machine code. The physics is not re-implemented: the pure
functions of :mod:`runaway.physics` are compiled as they are (``njit`` of the same Python
functions; ``oven_reach_time`` and ``depletion_factor``, which two of them call, carry ``@njit``
themselves) and the chemistry is :func:`runaway.chemistry.compiled.evaluate_chemistry`, which
mirrors Cantera's rate law (or, for mechanisms it does not support, production rates, enthalpies
and heat capacities computed by Cantera are passed in: :func:`assemble`).

Why: one right-hand-side evaluation through Python and Cantera costs ~50 us, of which Cantera's
own work is ~2-4 us; the integrator needs thousands of them per scenario (benchmarks/).

The equations are documented in :mod:`runaway.model`.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
from numba import njit

from runaway.chemistry.compiled import (
    GAS_CONSTANT,
    progress_rates,
    rate_constants,
    species_thermo,
)
from runaway.physics import abuse as _abuse
from runaway.physics import electrical as _electrical
from runaway.physics import headspace as _headspace
from runaway.physics import swelling as _swelling
from runaway.physics import thermal as _thermal
from runaway.physics import venting as _venting

# the physics layer's pure functions, compiled unchanged
_pouch_pressure = njit(cache=True)(_swelling.pouch_pressure)
_ideal_gas_pressure = njit(cache=True)(_headspace.ideal_gas_pressure)
_equilibrium_vapour_amount = njit(cache=True)(_headspace.equilibrium_vapour_amount)
_evaporation_rate = njit(cache=True)(_headspace.evaporation_rate)
_orifice_molar_flow = njit(cache=True)(_venting.orifice_molar_flow)
_relaxation_molar_flow = njit(cache=True)(_venting.relaxation_molar_flow)
_near_equilibrium_limit = njit(cache=True)(_venting.near_equilibrium_limit)
_convective_heat_loss = njit(cache=True)(_thermal.convective_heat_loss)
_radiative_heat_loss = njit(cache=True)(_thermal.radiative_heat_loss)
_oven_temperature = njit(cache=True)(_abuse.oven_temperature)
_controlled_ramp_power = njit(cache=True)(_abuse.controlled_ramp_power)
_open_circuit_voltage = njit(cache=True)(_electrical.open_circuit_voltage)
_internal_resistance = njit(cache=True)(_electrical.internal_resistance)
_short_circuit_current = njit(cache=True)(_electrical.short_circuit_current)

#: Molar heat capacity at constant volume of the headspace fill gas (N2/Ar-like, 5/2 R)
#: [J/(mol K)]; fill-gas amounts are ~1e-4 mol, so this hardly matters.
FILL_CV = 2.5 * GAS_CONSTANT
FILL_MOLAR_MASS = 0.028  # [kg/mol], N2
#: Width of the apparent-heat-capacity peak spreading a heat of fusion around the melting
#: point [K]; a numerical choice.
FUSION_WIDTH = 1.0
#: Concentration scale of the smooth positive part the rate laws see (:func:`positive_amounts`)
#: [mol/m^3]; a numerical choice, fixed (not tied to the solver tolerance) so that a tolerance
#: study compares the same equations.
#: 1e-4 mol/m^3 is 3e-9 mol in the bundled pouch (its trace water: 2.5e-5 mol). Measured: with
#: 1e-4 and 1e-3 every scenario variant of a 72-case sweep (ovens 130-280 degC, internal shorts
#: 20-500 mOhm, nails, SOC 0.5/0.8, 10x and 100x tighter tolerances, Cantera kinetics) runs; with
#: 3e-5 the 100x-tighter pouch oven stalls; 1e-3 moves the ARC vent time by 3.5 s, 1e-4 by 0.3 s.
POSITIVITY_CONCENTRATION = 1e-4
#: Lowest temperature the right-hand side evaluates at [K] (thermo range).
MIN_TEMPERATURE = 200.0

# abuse kinds
KIND_NONE, KIND_OVEN, KIND_ARC, KIND_HEATER = 0, 1, 2, 3
KIND_EXTERNAL_SHORT, KIND_INTERNAL_SHORT, KIND_NAIL = 4, 5, 6
KINDS = {
    "none": KIND_NONE,
    "oven": KIND_OVEN,
    "arc": KIND_ARC,
    "heater": KIND_HEATER,
    "external_short": KIND_EXTERNAL_SHORT,
    "internal_short": KIND_INTERNAL_SHORT,
    "nail": KIND_NAIL,
}

# mode flags (int array passed with every call)
M_VENT_OPEN, M_CID_OPEN, M_HEATER_ON, M_ARC_HEATING = 0, 1, 2, 3
MODE_SIZE = 4

# float scalars: fp[0:FLOAT_SCALARS]
(
    F_VOLUME,
    F_FREE_VOLUME,
    F_COMPLIANCE,
    F_OPENING_PRESSURE,
    F_AMBIENT_PRESSURE,
    F_AMBIENT_TEMPERATURE,
    F_VENT_AREA,
    F_DISCHARGE,
    F_INERT_HEAT_CAPACITY,
    F_HEAT_TRANSFER,
    F_EMISSIVITY,
    F_AREA,
    F_FACE_AREA,
    F_INITIAL_TEMPERATURE,
    F_OVEN_TEMPERATURE,
    F_OVEN_RAMP,
    F_OVEN_HOLD,
    F_CAPACITY,
    F_SHORT_RESISTANCE,
    F_R_REFERENCE,
    F_R_REFERENCE_TEMPERATURE,
    F_R_ACTIVATION,
    F_HEATER_POWER,
    F_HEATER_RAMP,
    F_HEATER_MAX_POWER,
    F_ARC_RATE,
    F_POSITIVITY_SCALE,
) = range(27)
FLOAT_SCALARS = 27

# integer scalars: ip[0:INT_SCALARS]
(
    I_SPECIES,
    I_REACTIONS,
    I_GAS,
    I_KIND,
    I_VAPOURS,
    I_MELTS,
    I_COMPILED,
    I_OVEN_RAMP,
    I_OVEN_HOLD,
    I_HEATER_FIXED,
) = range(10)
INT_SCALARS = 10

# arrays: (offset, length) pairs stored in ip after the integer scalars
FLOAT_ARRAYS = (
    "gas_float",
    "liquid_float",
    "h298",
    "molar_mass",
    "vapour_constants",  # 6 per vapour pair (A, B, C or Tc, Pc, a, b, c, d)
    "melt",  # 2 per melting species (T_m [K], enthalpy of fusion [J/mol])
    "ocv_soc",
    "ocv_voltage",
    "pre_exponential",
    "temperature_exponent",
    "activation_temperature",
    "reactant_order",
    "collider_efficiency",
    "multiplier_z0",
    "multiplier_basis",
    "stoichiometry",  # non-zero net coefficients as rows (species, reaction, value)
    "thermo_coeffs",  # 15 per species
    "reaction_heat",  # -Delta H_r(298 K) per reaction [J/mol]
)
INT_ARRAYS = (
    "gas_index",
    "vapour_index",  # 3 per pair: form (0 ln, 1 log10, 2 Wagner), liquid, vapour
    "melt_species",
    "plain",
    "reactant_pointer",
    "reactant_species",
    "collider_pointer",
    "collider_species",
    "multiplier_reaction",
    "multiplier_species",
    "thermo_kind",
    "jacobian_columns",
)
ARRAY_HEADER = INT_SCALARS
(
    A_GAS_FLOAT,
    A_LIQUID_FLOAT,
    A_H298,
    A_MOLAR_MASS,
    A_VAPOUR_CONSTANTS,
    A_MELT,
    A_OCV_SOC,
    A_OCV_VOLTAGE,
    A_PRE_EXPONENTIAL,
    A_TEMPERATURE_EXPONENT,
    A_ACTIVATION_TEMPERATURE,
    A_REACTANT_ORDER,
    A_COLLIDER_EFFICIENCY,
    A_MULTIPLIER_Z0,
    A_MULTIPLIER_BASIS,
    A_STOICHIOMETRY,
    A_THERMO_COEFFS,
    A_REACTION_HEAT,
    A_GAS_INDEX,
    A_VAPOUR_INDEX,
    A_MELT_SPECIES,
    A_PLAIN,
    A_REACTANT_POINTER,
    A_REACTANT_SPECIES,
    A_COLLIDER_POINTER,
    A_COLLIDER_SPECIES,
    A_MULTIPLIER_REACTION,
    A_MULTIPLIER_SPECIES,
    A_THERMO_KIND,
    A_JACOBIAN_COLUMNS,
) = range(len(FLOAT_ARRAYS) + len(INT_ARRAYS))
# the slot constants above must follow the order of the name lists
for _slot, _name in enumerate(FLOAT_ARRAYS + INT_ARRAYS):
    if globals()["A_" + _name.upper()] != _slot:
        raise RuntimeError(f"kernel array slot A_{_name.upper()} is out of order")

# diagnostics written by assemble() when asked
(
    D_PRESSURE,
    D_FREE_VOLUME,
    D_THICKNESS_INCREASE,
    D_SELF_HEATING_RATE,
    D_HEAT_CAPACITY,
    D_CURRENT,
    D_JOULE_HEAT_RATE,
    D_ABUSE_HEAT_RATE,
    D_HEAT_LOSS_RATE,
    D_ENVIRONMENT_TEMPERATURE,
    D_VENT_FLOW,
    D_TEMPERATURE_RATE,
    D_HEADSPACE_GAS,
) = range(13)
DIAGNOSTICS = 13
DIAGNOSTIC_NAMES = (
    "pressure",
    "free_volume",
    "thickness_increase",
    "self_heating_rate",
    "heat_capacity",
    "current",
    "joule_heat_rate",
    "abuse_heat_rate",
    "heat_loss_rate",
    "environment_temperature",
    "vent_flow",
    "temperature_rate",
    "headspace_gas_amount",
)


def pack(floats: dict, ints: dict, float_arrays: dict, int_arrays: dict):
    """Pack named scalars and arrays into the (fp, ip) pair the kernels read.

    Parameters
    ----------
    floats, ints : dict
        Scalar values by slot index (``F_*`` / ``I_*``).
    float_arrays, int_arrays : dict
        Arrays by name (:data:`FLOAT_ARRAYS` / :data:`INT_ARRAYS`); missing ones are empty.
    """
    n_arrays = len(FLOAT_ARRAYS) + len(INT_ARRAYS)
    fp_parts = [np.zeros(FLOAT_SCALARS)]
    for slot, value in floats.items():
        fp_parts[0][slot] = value
    header = np.zeros(INT_SCALARS + 2 * n_arrays, dtype=np.int64)
    for slot, value in ints.items():
        header[slot] = value
    offset = FLOAT_SCALARS
    for i, name in enumerate(FLOAT_ARRAYS):
        a = np.ascontiguousarray(float_arrays.get(name, np.zeros(0)), dtype=float).ravel()
        header[ARRAY_HEADER + 2 * i] = offset
        header[ARRAY_HEADER + 2 * i + 1] = a.size
        fp_parts.append(a)
        offset += a.size
    ip_parts = [header]
    offset = header.size
    for j, name in enumerate(INT_ARRAYS):
        i = len(FLOAT_ARRAYS) + j
        a = np.ascontiguousarray(int_arrays.get(name, np.zeros(0)), dtype=np.int64).ravel()
        header[ARRAY_HEADER + 2 * i] = offset
        header[ARRAY_HEADER + 2 * i + 1] = a.size
        ip_parts.append(a)
        offset += a.size
    return np.concatenate(fp_parts), np.concatenate(ip_parts)


@njit(cache=True)
def _farray(fp, ip, slot):
    start = ip[ARRAY_HEADER + 2 * slot]
    return fp[start : start + ip[ARRAY_HEADER + 2 * slot + 1]]


@njit(cache=True)
def _iarray(ip, slot):
    start = ip[ARRAY_HEADER + 2 * slot]
    return ip[start : start + ip[ARRAY_HEADER + 2 * slot + 1]]


@njit(cache=True)
def saturation_pressure(form, constants, temperature):
    """Vapour pressure [Pa] of a pure solvent at ``temperature`` [K].

    ``form`` 0: ln(P/Pa) = A - B/(T/K + C); 1: log10(P/Pa) = A - B/(T/K + C); 2: Wagner
    (constants Tc [K], Pc [Pa], a, b, c, d). Mirrors :class:`runaway.chemistry.VapourPressure`.
    """
    if form == 0:
        return math.exp(constants[0] - constants[1] / (temperature + constants[2]))
    if form == 1:
        return 10.0 ** (constants[0] - constants[1] / (temperature + constants[2]))
    tr = min(temperature / constants[0], 1.0)
    tau = 1.0 - tr
    ln_pr = (
        constants[2] * tau
        + constants[3] * tau**1.5
        + constants[4] * tau**2.5
        + constants[5] * tau**5
    ) / tr
    return constants[1] * math.exp(ln_pr)


@njit(cache=True)
def temperature_functions(temperature, fp, ip, constants, enthalpy, heat_capacity):
    """Compiled chemistry, temperature-dependent part: rate constants (units mol, m, s),
    standard enthalpies [J/mol] and heat capacities [J/(mol K)] of the species."""
    n = ip[I_SPECIES]
    rate_constants(
        temperature,
        _farray(fp, ip, A_PRE_EXPONENTIAL),
        _farray(fp, ip, A_TEMPERATURE_EXPONENT),
        _farray(fp, ip, A_ACTIVATION_TEMPERATURE),
        constants,
    )
    species_thermo(
        temperature,
        _iarray(ip, A_THERMO_KIND),
        _farray(fp, ip, A_THERMO_COEFFS).reshape((n, 15)),
        enthalpy,
        heat_capacity,
    )


@njit(cache=True)
def positive_amounts(amounts, scale):
    """Smooth positive part of the species amounts seen by the rate laws [mol].

    a_eff = s ln(1 + exp(a/s)) (softplus) with s = ``scale`` [mol] (POSITIVITY_CONCENTRATION
    times the cell volume): a_eff = a to within s exp(-a/s) for a >> s, tends to 0 like
    s exp(a/s) for a << -s, and is smooth everywhere.

    Why: Cantera's mass-action products use concentrations as they are, so once integration
    noise takes a reactant below zero an irreversible reaction runs backwards (seen: EC(l) at
    -1.5e-6 mol drove EC(l) + PF5 => PEO(s) + CO2 + PF5 in reverse until PEO(s) stood at
    -3e-5 mol). A hard max(a, 0) stops that but puts a kink at zero that stalled LSODA on fast
    consumers (H2O, HF, O2 at 2,500-2,800 K): 7 of 24 internal-short variants failed. The
    softplus removes both problems: amounts stay above about -30 s, and a species that is absent
    reacts as if ~s were present, which can consume at most ~30 s of it (~1e-7 mol, < 0.1 J).
    """
    out = np.empty_like(amounts)
    for k in range(amounts.shape[0]):
        x = amounts[k] / scale
        if x > 35.0:
            out[k] = amounts[k]
        elif x < -700.0:
            out[k] = 0.0
        else:
            out[k] = scale * math.log1p(math.exp(x))
    return out


@njit(cache=True)
def production_rates(constants, amounts, fp, ip, production, rates):
    """Compiled chemistry, composition-dependent part: net production rates and rates of
    progress [mol/(m^3 s)] of the species amounts ``amounts`` [mol] in the cell volume.

    The amounts pass through :func:`positive_amounts` first, so that an exhausted reactant stops
    its reactions instead of letting an irreversible reaction run backwards.
    """
    progress_rates(
        constants,
        positive_amounts(amounts, fp[F_POSITIVITY_SCALE]) / fp[F_VOLUME],
        _iarray(ip, A_PLAIN),
        _iarray(ip, A_REACTANT_POINTER),
        _iarray(ip, A_REACTANT_SPECIES),
        _farray(fp, ip, A_REACTANT_ORDER),
        _iarray(ip, A_COLLIDER_POINTER),
        _iarray(ip, A_COLLIDER_SPECIES),
        _farray(fp, ip, A_COLLIDER_EFFICIENCY),
        _iarray(ip, A_MULTIPLIER_REACTION),
        _farray(fp, ip, A_MULTIPLIER_Z0),
        _iarray(ip, A_MULTIPLIER_SPECIES),
        _farray(fp, ip, A_MULTIPLIER_BASIS),
        _farray(fp, ip, A_STOICHIOMETRY).reshape((-1, 3)),
        production,
        rates,
    )


@njit(cache=True)
def headspace_state(n, fill, temperature, fp, ip):
    """Headspace gas amount [mol], pressure [Pa] and free volume [m^3]."""
    gas_amount = max(fill, 0.0)
    for k in _iarray(ip, A_GAS_INDEX):
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
        volume = fp[F_FREE_VOLUME]
        pressure = _ideal_gas_pressure(gas_amount, temperature, volume)
    return gas_amount, pressure, volume


@njit(cache=True)
def gauge_pressure(y, fp, ip):
    """Headspace pressure above ambient [Pa] of a state vector."""
    n_species = ip[I_SPECIES]
    n_gas = ip[I_GAS]
    temperature = max(y[n_species + n_gas + 2], MIN_TEMPERATURE)
    _, pressure, _ = headspace_state(y[:n_species], y[n_species + n_gas], temperature, fp, ip)
    return pressure - fp[F_AMBIENT_PRESSURE]


@njit(cache=True)
def _oven(time, fp, ip):
    has_ramp = ip[I_OVEN_RAMP] == 1
    has_hold = ip[I_OVEN_HOLD] == 1
    t0, t_oven, amb = fp[F_INITIAL_TEMPERATURE], fp[F_OVEN_TEMPERATURE], fp[F_AMBIENT_TEMPERATURE]
    if has_ramp and has_hold:
        return _oven_temperature(time, t0, t_oven, fp[F_OVEN_RAMP], fp[F_OVEN_HOLD], amb)
    if has_ramp:
        return _oven_temperature(time, t0, t_oven, fp[F_OVEN_RAMP], None, amb)
    if has_hold:
        return _oven_temperature(time, t0, t_oven, None, fp[F_OVEN_HOLD], amb)
    return _oven_temperature(time, t0, t_oven, None, None, amb)


@njit(cache=True)
def short_current(temperature, soc, mode, fp, ip):
    """Short-circuit current [A] and internal resistance [ohm] (0, 0 without a short)."""
    kind = ip[I_KIND]
    if kind != KIND_EXTERNAL_SHORT and kind != KIND_INTERNAL_SHORT and kind != KIND_NAIL:
        return 0.0, 0.0
    if kind == KIND_EXTERNAL_SHORT and mode[M_CID_OPEN] == 1:
        return 0.0, 0.0
    ocv = _open_circuit_voltage(soc, _farray(fp, ip, A_OCV_SOC), _farray(fp, ip, A_OCV_VOLTAGE))
    r_int = _internal_resistance(
        temperature, fp[F_R_REFERENCE], fp[F_R_REFERENCE_TEMPERATURE], fp[F_R_ACTIVATION]
    )
    return _short_circuit_current(ocv, r_int, fp[F_SHORT_RESISTANCE], soc), r_int


@njit(cache=True)
def assemble(time, y, mode, fp, ip, production, enthalpy, heat_capacity_k, dy, diagnostics):
    """Time derivative of the state ``dy`` from the chemistry at the cell state.

    Parameters
    ----------
    time : float
        [s].
    y : numpy.ndarray
        State vector (layout in :mod:`runaway.model`).
    mode : numpy.ndarray
        Mode flags (``M_*``).
    fp, ip : numpy.ndarray
        Packed parameters (:func:`pack`).
    production : numpy.ndarray
        Net production rate of every species [mol/(m^3 s)].
    enthalpy, heat_capacity_k : numpy.ndarray
        Standard molar enthalpy [J/mol] and heat capacity [J/(mol K)] of every species.
    dy : numpy.ndarray
        Output, same size as ``y``.
    diagnostics : numpy.ndarray
        Output of size :data:`DIAGNOSTICS` (``D_*``), or size 0 to skip.
    """
    n_species = ip[I_SPECIES]
    n_gas = ip[I_GAS]
    i_fill = n_species + n_gas
    i_temperature = i_fill + 2
    i_soc = i_fill + 3
    kind = ip[I_KIND]
    volume = fp[F_VOLUME]
    n = y[:n_species]
    fill = y[i_fill]
    temperature = max(y[i_temperature], MIN_TEMPERATURE)
    rt = GAS_CONSTANT * temperature
    gas_float = _farray(fp, ip, A_GAS_FLOAT)
    gas_index = _iarray(ip, A_GAS_INDEX)
    h298 = _farray(fp, ip, A_H298)

    dn = production * volume  # [mol/s], chemistry only so far
    u = enthalpy - rt * gas_float
    cv = heat_capacity_k - GAS_CONSTANT * gas_float
    q_reaction = 0.0  # [W], heat actually released at the cell temperature
    q_standard = 0.0  # [W], standard reaction enthalpy basis (reported)
    heat_capacity = fp[F_INERT_HEAT_CAPACITY] + max(fill, 0.0) * FILL_CV
    for k in range(n_species):
        q_reaction -= u[k] * dn[k]
        q_standard -= h298[k] * dn[k]
        heat_capacity += max(n[k], 0.0) * cv[k]

    # melting (apparent heat capacity), counted on the species present
    q_fusion = 0.0
    melt = _farray(fp, ip, A_MELT)
    melt_species = _iarray(ip, A_MELT_SPECIES)
    for m in range(ip[I_MELTS]):
        k = melt_species[m]
        arg = (temperature - melt[2 * m]) / FUSION_WIDTH
        melted = 0.5 * (1.0 + math.erf(arg / math.sqrt(2.0)))
        peak = math.exp(-0.5 * arg * arg) / (FUSION_WIDTH * math.sqrt(2.0 * math.pi))
        heat_capacity += max(n[k], 0.0) * melt[2 * m + 1] * peak
        q_fusion += melt[2 * m + 1] * melted * dn[k]

    gas_amount, pressure, free_volume = headspace_state(n, fill, temperature, fp, ip)

    # evaporation of solvents towards Raoult equilibrium
    q_evap = 0.0
    n_vapours = ip[I_VAPOURS]
    if n_vapours > 0:
        liquid_float = _farray(fp, ip, A_LIQUID_FLOAT)
        liquid_total = 0.0
        for k in range(n_species):
            liquid_total += max(n[k], 0.0) * liquid_float[k]
        vapour_index = _iarray(ip, A_VAPOUR_INDEX)
        vapour_constants = _farray(fp, ip, A_VAPOUR_CONSTANTS)
        for v in range(n_vapours):
            i_liq = vapour_index[3 * v + 1]
            i_vap = vapour_index[3 * v + 2]
            x = max(n[i_liq], 0.0) / liquid_total if liquid_total > 0.0 else 0.0
            eq = _equilibrium_vapour_amount(
                x,
                saturation_pressure(
                    vapour_index[3 * v], vapour_constants[6 * v : 6 * v + 6], temperature
                ),
                temperature,
                free_volume,
            )
            rate = _evaporation_rate(n[i_vap], eq, n[i_liq])
            dn[i_liq] -= rate
            dn[i_vap] += rate
            q_evap += (u[i_vap] - u[i_liq]) * rate

    # venting: out through the open vent, or ambient air (fill gas) back in when the headspace
    # falls below ambient pressure (an open cell breathes)
    ambient_pressure = fp[F_AMBIENT_PRESSURE]
    ambient = fp[F_AMBIENT_TEMPERATURE]
    vent_flow = 0.0
    dfill = 0.0
    e_vent = 0.0
    q_vent = 0.0
    dy[n_species:i_fill] = 0.0
    if mode[M_VENT_OPEN] == 1 and gas_amount > 0.0 and pressure > ambient_pressure:
        molar_mass_k = _farray(fp, ip, A_MOLAR_MASS)
        x_fill = max(fill, 0.0) / gas_amount
        molar_mass = x_fill * FILL_MOLAR_MASS
        cv_mix = x_fill * FILL_CV - GAS_CONSTANT * (1.0 - x_fill)
        for g in range(n_gas):
            k = gas_index[g]
            x = max(n[k], 0.0) / gas_amount
            molar_mass += x * molar_mass_k[k]
            cv_mix += x * heat_capacity_k[k]
        gamma = (cv_mix + GAS_CONSTANT) / cv_mix
        vent_flow = _orifice_molar_flow(
            pressure,
            ambient_pressure,
            temperature,
            molar_mass,
            gamma,
            fp[F_VENT_AREA],
            fp[F_DISCHARGE],
        )
        vent_flow = _near_equilibrium_limit(
            vent_flow,
            _relaxation_molar_flow(
                gas_amount, pressure, ambient_pressure, pressure, _venting.VENT_RELAXATION_TIME
            ),
            pressure - ambient_pressure,
            ambient_pressure,
        )
        for g in range(n_gas):
            k = gas_index[g]
            out = vent_flow * max(n[k], 0.0) / gas_amount
            dy[n_species + g] = out
            dn[k] -= out
            e_vent += out * enthalpy[k]
        dfill = vent_flow * x_fill
        e_vent += dfill * (FILL_CV * (temperature - 298.15) + rt)
        q_vent = vent_flow * rt  # flow work of the gas pushed out
    elif mode[M_VENT_OPEN] == 1 and pressure < ambient_pressure:
        inflow = _orifice_molar_flow(
            ambient_pressure,
            pressure,
            ambient,
            FILL_MOLAR_MASS,
            (FILL_CV + GAS_CONSTANT) / FILL_CV,
            fp[F_VENT_AREA],
            fp[F_DISCHARGE],
        )
        inflow = _near_equilibrium_limit(
            inflow,
            # amount that would fill the headspace to ambient within the relaxation time
            free_volume * (ambient_pressure - pressure) / (rt * _venting.VENT_RELAXATION_TIME),
            ambient_pressure - pressure,
            ambient_pressure,
        )
        vent_flow = -inflow
        dfill = -inflow
        h_in = FILL_CV * (ambient - 298.15) + GAS_CONSTANT * ambient
        e_vent = -inflow * h_in
        # energy brought in minus the internal energy the new gas takes at cell temperature
        q_vent = -inflow * (h_in - FILL_CV * (temperature - 298.15))

    # abuse heat and surroundings
    t_env = ambient
    htc = fp[F_HEAT_TRANSFER]
    eps = fp[F_EMISSIVITY]
    if kind == KIND_ARC:
        htc = 0.0  # adiabatic calorimeter
        eps = 0.0
    elif kind == KIND_OVEN:
        t_env = _oven(time, fp, ip)
    q_loss = _convective_heat_loss(htc, fp[F_AREA], temperature, t_env)
    if eps > 0.0:
        q_loss += _radiative_heat_loss(eps, fp[F_AREA], temperature, t_env)
    current, r_int = short_current(temperature, y[i_soc], mode, fp, ip)
    joule = current * current * r_int
    if kind == KIND_INTERNAL_SHORT or kind == KIND_NAIL:
        joule += current * current * fp[F_SHORT_RESISTANCE]
    q_net_no_source = q_reaction - q_evap - q_fusion - q_loss - q_vent
    q_abuse = joule
    if kind == KIND_HEATER and mode[M_HEATER_ON] == 1:
        if ip[I_HEATER_FIXED] == 1:
            q_abuse = fp[F_HEATER_POWER]
        else:
            q_abuse = _controlled_ramp_power(
                heat_capacity,
                fp[F_HEATER_RAMP],
                q_net_no_source / heat_capacity,
                fp[F_HEATER_MAX_POWER],
            )
    elif kind == KIND_ARC and mode[M_ARC_HEATING] == 1:
        q_abuse = heat_capacity * fp[F_ARC_RATE]
    dtemperature = (q_net_no_source + q_abuse) / heat_capacity

    dy[:n_species] = dn
    dy[i_fill] = -dfill
    dy[i_fill + 1] = dfill
    dy[i_temperature] = dtemperature
    dy[i_soc] = -current / fp[F_CAPACITY] if fp[F_CAPACITY] > 0.0 else 0.0
    dy[i_fill + 4] = q_abuse
    dy[i_fill + 5] = q_loss
    dy[i_fill + 6] = q_standard
    dy[i_fill + 7] = e_vent
    if diagnostics.shape[0] == DIAGNOSTICS:
        diagnostics[D_PRESSURE] = pressure
        diagnostics[D_FREE_VOLUME] = free_volume
        face = fp[F_FACE_AREA]
        diagnostics[D_THICKNESS_INCREASE] = (
            (free_volume - fp[F_FREE_VOLUME]) / face if face > 0.0 else 0.0
        )
        diagnostics[D_SELF_HEATING_RATE] = (q_reaction - q_evap - q_fusion) / heat_capacity
        diagnostics[D_HEAT_CAPACITY] = heat_capacity
        diagnostics[D_CURRENT] = current
        diagnostics[D_JOULE_HEAT_RATE] = joule
        diagnostics[D_ABUSE_HEAT_RATE] = q_abuse
        diagnostics[D_HEAT_LOSS_RATE] = q_loss
        diagnostics[D_ENVIRONMENT_TEMPERATURE] = t_env
        diagnostics[D_VENT_FLOW] = vent_flow
        diagnostics[D_TEMPERATURE_RATE] = dtemperature
        diagnostics[D_HEADSPACE_GAS] = gas_amount


@njit(cache=True)
def _evaluate(time, y, mode, fp, ip, dy, diagnostics, rates):
    n_species = ip[I_SPECIES]
    production = np.empty(n_species)
    enthalpy = np.empty(n_species)
    heat_capacity = np.empty(n_species)
    constants = np.empty(ip[I_REACTIONS])
    temperature = max(y[n_species + ip[I_GAS] + 2], MIN_TEMPERATURE)
    temperature_functions(temperature, fp, ip, constants, enthalpy, heat_capacity)
    production_rates(constants, y[:n_species], fp, ip, production, rates)
    assemble(time, y, mode, fp, ip, production, enthalpy, heat_capacity, dy, diagnostics)


@njit(cache=True)
def rhs_into(time, y, mode, fp, ip, dy):
    """dy/dt of the model with compiled chemistry, written into ``dy`` (the integrator's hot
    path: filling a caller's buffer saves boxing a new array per call)."""
    _evaluate(time, y, mode, fp, ip, dy, np.empty(0), np.empty(ip[I_REACTIONS]))


@njit(cache=True)
def rhs(time, y, mode, fp, ip):
    """dy/dt of the model with compiled chemistry."""
    dy = np.empty_like(y)
    rhs_into(time, y, mode, fp, ip, dy)
    return dy


@njit(cache=True)
def jacobian(time, y, mode, fp, ip):
    """d(dy/dt)/dy (see :func:`jacobian_into`)."""
    jac = np.zeros((y.shape[0], y.shape[0]))
    jacobian_into(time, y, mode, fp, ip, jac)
    return jac


@njit(cache=True)
def jacobian_into(time, y, mode, fp, ip, jac):
    """d(dy/dt)/dy written into ``jac``, by forward differences over the columns that matter.

    Columns of pure bookkeeping states (vented amounts, energy integrals) are exactly zero and
    skipped; the others (``jacobian_columns``: species, fill gas, temperature, SOC) are
    perturbed by 1.5e-8 of their value with floors of 1e-10 mol, 1 K and 1e-3 SOC. Rate
    constants and species thermo are evaluated once for all columns but the temperature's.
    An approximate Jacobian only changes how fast Newton iterations converge, never the answer.
    """
    size = y.shape[0]
    n_species = ip[I_SPECIES]
    i_temperature = n_species + ip[I_GAS] + 2
    jac[:, :] = 0.0
    f0 = np.empty(size)
    f1 = np.empty(size)
    rates = np.empty(ip[I_REACTIONS])
    constants = np.empty(ip[I_REACTIONS])
    production = np.empty(n_species)
    enthalpy = np.empty(n_species)
    heat_capacity = np.empty(n_species)
    no_diagnostics = np.empty(0)
    temperature = max(y[i_temperature], MIN_TEMPERATURE)
    temperature_functions(temperature, fp, ip, constants, enthalpy, heat_capacity)
    production_rates(constants, y[:n_species], fp, ip, production, rates)
    assemble(time, y, mode, fp, ip, production, enthalpy, heat_capacity, f0, no_diagnostics)
    y_step = y.copy()
    for j in _iarray(ip, A_JACOBIAN_COLUMNS):
        if j == i_temperature:
            floor = 1.0
        elif j == i_temperature + 1:
            floor = 1e-3
        else:
            floor = 1e-10
        step = 1.5e-8 * max(abs(y[j]), floor)
        y_step[j] = y[j] + step
        if j == i_temperature:
            _evaluate(time, y_step, mode, fp, ip, f1, no_diagnostics, rates)
        else:
            production_rates(constants, y_step[:n_species], fp, ip, production, rates)
            assemble(
                time,
                y_step,
                mode,
                fp,
                ip,
                production,
                enthalpy,
                heat_capacity,
                f1,
                no_diagnostics,
            )
        y_step[j] = y[j]
        for i in range(size):
            jac[i, j] = (f1[i] - f0[i]) / step


@njit(cache=True)
def diagnostics_series(times, states, modes, fp, ip):
    """Diagnostics (``D_*`` columns) and reaction heat release [W] at every stored point.

    Parameters
    ----------
    times : numpy.ndarray
        [s], one per point.
    states : numpy.ndarray
        Points x state.
    modes : numpy.ndarray
        Points x mode flags.
    """
    points = times.shape[0]
    nr = ip[I_REACTIONS]
    diagnostics = np.zeros((points, DIAGNOSTICS))
    heat = np.zeros((points, nr))
    dy = np.empty(states.shape[1])
    rates = np.empty(nr)
    reaction_heat = _farray(fp, ip, A_REACTION_HEAT)
    volume = fp[F_VOLUME]
    for p in range(points):
        _evaluate(times[p], states[p], modes[p], fp, ip, dy, diagnostics[p], rates)
        for r in range(nr):
            heat[p, r] = reaction_heat[r] * rates[r] * volume
    return diagnostics, heat


def kernel_cache_present() -> bool:
    """Whether numba's on-disk cache of the integrator's kernel exists (else the first call
    compiles it, ~30 s on a 2-core machine)."""
    cache = getattr(rhs_into, "_cache", None)  # numba's choice: in-tree, or user-wide if read-only
    folder = getattr(cache, "_cache_path", None)
    if folder is None:
        return True  # cannot tell: say nothing
    line = rhs_into.py_func.__code__.co_firstlineno  # numba names its index after the line
    index = f"kernel.rhs_into-{line}.py{sys.version_info.major}{sys.version_info.minor}.nbi"
    return (Path(folder) / index).is_file()


# event kinds (runaway.solver)
EVENT_PRESSURE, EVENT_TEMPERATURE, EVENT_RATE = 0, 1, 2


@njit(cache=True)
def event_values(y, y_previous, dt, kinds, thresholds, fp, ip, values):
    """Values of the solver's event functions at one step, written into ``values``.

    Each rises through zero when its event happens: gauge pressure minus threshold [Pa]
    (``EVENT_PRESSURE``), temperature minus threshold [K] (``EVENT_TEMPERATURE``), temperature
    change over the step divided by ``dt`` [s] minus threshold [K/s] (``EVENT_RATE``).
    Returns the index of the first event whose value is >= 0, or -1.
    """
    i_temperature = ip[I_SPECIES] + ip[I_GAS] + 2
    gauge = math.nan
    first = -1
    for e in range(kinds.shape[0]):
        kind = kinds[e]
        if kind == EVENT_PRESSURE:
            if math.isnan(gauge):
                gauge = gauge_pressure(y, fp, ip)
            value = gauge - thresholds[e]
        elif kind == EVENT_TEMPERATURE:
            value = y[i_temperature] - thresholds[e]
        else:
            rate = (y[i_temperature] - y_previous[i_temperature]) / dt if dt > 0.0 else 0.0
            value = rate - thresholds[e]
        values[e] = value
        if value >= 0.0 and first < 0:
            first = e
    return first
