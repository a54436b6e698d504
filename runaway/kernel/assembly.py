"""Assembly of the right-hand side: dy/dt of the whole state, and its Jacobian.

One evaluation runs the concerns in this order, each in its own module:

1. kinetics (:mod:`.kinetics`): rate constants, species thermo, production rates;
2. energy terms (:mod:`.thermo`): reaction heat, heat capacity, fusion;
3. headspace and venting (:mod:`.headspace`): pressure, evaporation, vent flow;
4. plugged parts, stage SURROUNDINGS (the abuse kind sets the environment temperature and
   the heat-exchange factor), then the heat exchange of the surface with the surroundings;
5. plugged parts, stage SOURCE (the abuse kind sets current, Joule heat and its heat input);
6. the energy balance of the jelly roll and, in a two-node cell, of the casing
   (:mod:`runaway.physics.conduction`), state of charge and energy bookkeeping;
7. plugged parts, stage DERIVATIVES (extra states and diagnostics of user parts).

The intermediate results go on the bus (:mod:`.bus`), which the solver stores. The equations
are documented in :mod:`runaway.kernel.thermo` and :mod:`runaway.physics`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from numba import njit

from runaway.chemistry.compiled import progress_rates
from runaway.kernel.bus import (
    B_ABUSE_HEAT_RATE,
    B_CORE_TO_SURFACE_HEAT_RATE,
    B_CURRENT,
    B_ENVIRONMENT_TEMPERATURE,
    B_FREE_VOLUME,
    B_HEADSPACE_GAS_AMOUNT,
    B_HEAT_CAPACITY,
    B_HEAT_EXCHANGE_FACTOR,
    B_HEAT_LOSS_RATE,
    B_HEAT_RATE_WITHOUT_ABUSE,
    B_PRESSURE,
    B_SELF_HEATING_RATE,
    B_SURFACE_TEMPERATURE,
    B_SURFACE_TEMPERATURE_RATE,
    B_TEMPERATURE_RATE,
    B_THICKNESS_INCREASE,
    B_VENT_FLOW,
)
from runaway.kernel.cache import check_fingerprint
from runaway.kernel.headspace import evaporation, headspace_state, venting
from runaway.kernel.kinetics import (
    positive_amount,
    positive_amounts,
    production_rates,
    rates_at,
    temperature_functions,
)
from runaway.kernel.plugins import call_part
from runaway.kernel.slots import (
    A_JACOBIAN_COLUMNS,
    A_JACOBIAN_FLOOR,
    A_PLUGGED,
    F_AMBIENT_TEMPERATURE,
    F_AREA,
    F_CAPACITY,
    F_CASING_HEAT_CAPACITY,
    F_CORE_CONDUCTANCE,
    F_EMISSIVITY,
    F_FACE_AREA,
    F_FREE_VOLUME,
    F_HEAT_TRANSFER,
    F_POSITIVITY_SCALE,
    F_RUPTURE_AREA,
    F_VENT_AREA,
    F_VOLUME,
    I_BUS_SIZE,
    I_MODE_RUPTURED,
    I_MODE_VENT_OPEN,
    I_OFFSET_ENERGY_ABUSE,
    I_OFFSET_ENERGY_LOSS,
    I_OFFSET_ENERGY_REACTION,
    I_OFFSET_ENERGY_VENT,
    I_OFFSET_FILL,
    I_OFFSET_FILL_VENTED,
    I_OFFSET_SOC,
    I_OFFSET_SPECIES,
    I_OFFSET_TEMPERATURE,
    I_REACTIONS,
    I_SPECIES,
    I_SURFACE_NODE,
    MIN_TEMPERATURE,
    PLUGGED_COLUMNS,
    STAGE_DERIVATIVES,
    STAGE_SOURCE,
    STAGE_SURROUNDINGS,
    farray,
    iarray,
)
from runaway.kernel.thermo import fusion, internal_energies, node_rates, reaction_heat
from runaway.physics import thermal as _thermal
from runaway.physics.abuse import oven_reach_time

_convective_heat_loss = njit(cache=True)(_thermal.convective_heat_loss)
_radiative_heat_loss = njit(cache=True)(_thermal.radiative_heat_loss)


@njit(cache=True)
def call_stage(stage, time, y, mode, fp, ip, bus, dy):
    """Call every plugged part function of ``stage`` (``STAGE_*``), in table order."""
    table = iarray(ip, A_PLUGGED)
    for row in range(table.shape[0] // PLUGGED_COLUMNS):
        r = row * PLUGGED_COLUMNS
        if table[r] == stage:
            call_part(table[r + 1], time, y, mode, fp, ip, table[r + 2 : r + 6], bus, dy)


@njit(cache=True)
def heat_loss(temperature, environment, exchange, fp):
    """Convection and radiation from the cell surface to the surroundings [W]."""
    htc = fp[F_HEAT_TRANSFER] * exchange
    eps = fp[F_EMISSIVITY] * exchange
    q_loss = _convective_heat_loss(htc, fp[F_AREA], temperature, environment)
    if eps > 0.0:
        q_loss += _radiative_heat_loss(eps, fp[F_AREA], temperature, environment)
    return q_loss


@njit(cache=True)
def _vent_area(mode, fp, ip):
    """Opening of the open vent [m^2]: the ruptured can's once it has ruptured."""
    if fp[F_RUPTURE_AREA] > 0.0 and mode[ip[I_MODE_RUPTURED]] == 1:
        return fp[F_RUPTURE_AREA]
    return fp[F_VENT_AREA]


@njit(cache=True)
def _headspace(n, fill, temperature, fp, ip, bus):
    """Headspace gas amount [mol], pressure [Pa] and free volume [m^3], also put on the bus
    with the swelling of a pouch [m]."""
    gas_amount, pressure, free_volume = headspace_state(n, fill, temperature, fp, ip)
    bus[B_PRESSURE] = pressure
    bus[B_FREE_VOLUME] = free_volume
    bus[B_HEADSPACE_GAS_AMOUNT] = gas_amount
    face = fp[F_FACE_AREA]
    bus[B_THICKNESS_INCREASE] = (free_volume - fp[F_FREE_VOLUME]) / face if face > 0.0 else 0.0
    return gas_amount, pressure, free_volume


@njit(cache=True)
def assemble(time, y, mode, fp, ip, production, enthalpy, heat_capacity_k, dy, bus):
    """Time derivative ``dy`` of the state ``y`` and the bus, from the chemistry at the cell
    state.

    Parameters
    ----------
    time : float
        [s].
    y : numpy.ndarray
        State vector (:mod:`runaway.state`).
    mode : numpy.ndarray
        Integer mode flags of the segment.
    fp, ip : numpy.ndarray
        Packed parameters (:func:`runaway.kernel.slots.pack`).
    production : numpy.ndarray
        Net production rate of every species [mol/(m^3 s)].
    enthalpy, heat_capacity_k : numpy.ndarray
        Standard molar enthalpy [J/mol] and heat capacity [J/(mol K)] of every species.
    dy, bus : numpy.ndarray
        Outputs: the derivative (size of ``y``) and the bus (``ip[I_BUS_SIZE]``).
    """
    o = ip[I_OFFSET_SPECIES]
    n = y[o : o + ip[I_SPECIES]]
    fill = y[ip[I_OFFSET_FILL]]
    temperature = max(y[ip[I_OFFSET_TEMPERATURE]], MIN_TEMPERATURE)
    # the casing node; in a one-node cell (no casing heat capacity) it is the cell itself
    surface = max(y[ip[I_SURFACE_NODE]], MIN_TEMPERATURE)
    casing = fp[F_CASING_HEAT_CAPACITY]
    dy[:] = 0.0
    bus[:] = 0.0
    dn = production * fp[F_VOLUME]  # [mol/s], chemistry only so far
    u, cv = internal_energies(enthalpy, heat_capacity_k, temperature, fp, ip)
    q_reaction, q_standard, heat_capacity = reaction_heat(n, fill, dn, u, cv, fp, ip)
    fusion_capacity, q_fusion = fusion(n, dn, temperature, fp, ip)
    heat_capacity += fusion_capacity  # of the jelly roll
    bus[B_HEAT_CAPACITY] = heat_capacity + casing
    bus[B_SURFACE_TEMPERATURE] = surface
    gas_amount, pressure, free_volume = _headspace(n, fill, temperature, fp, ip, bus)
    q_evap = evaporation(n, u, temperature, free_volume, fp, ip, dn)
    bus[B_SELF_HEATING_RATE] = (q_reaction - q_evap - q_fusion) / (heat_capacity + casing)
    vent_flow, dfill, e_vent, q_vent = 0.0, 0.0, 0.0, 0.0
    if mode[ip[I_MODE_VENT_OPEN]] == 1:
        vent_flow, dfill, e_vent, q_vent = venting(
            n, fill, gas_amount, pressure, free_volume, temperature, enthalpy,
            heat_capacity_k, _vent_area(mode, fp, ip), fp, ip, dn, dy,
        )  # fmt: skip
    bus[B_VENT_FLOW] = vent_flow

    bus[B_ENVIRONMENT_TEMPERATURE] = fp[F_AMBIENT_TEMPERATURE]
    bus[B_HEAT_EXCHANGE_FACTOR] = 1.0
    call_stage(STAGE_SURROUNDINGS, time, y, mode, fp, ip, bus, dy)
    q_loss = heat_loss(surface, bus[B_ENVIRONMENT_TEMPERATURE], bus[B_HEAT_EXCHANGE_FACTOR], fp)
    bus[B_HEAT_LOSS_RATE] = q_loss
    q_net_without_abuse = q_reaction - q_evap - q_fusion - q_loss - q_vent
    bus[B_HEAT_RATE_WITHOUT_ABUSE] = q_net_without_abuse
    # conduction from the jelly roll to the casing (0 in a one-node cell), known to the sources
    q_contact = fp[F_CORE_CONDUCTANCE] * (temperature - surface) if casing > 0.0 else 0.0
    bus[B_CORE_TO_SURFACE_HEAT_RATE] = q_contact
    call_stage(STAGE_SOURCE, time, y, mode, fp, ip, bus, dy)
    q_abuse = bus[B_ABUSE_HEAT_RATE]
    current = bus[B_CURRENT]
    dtemperature, dsurface = node_rates(
        q_net_without_abuse, q_abuse, q_loss, q_contact, heat_capacity, fp, ip
    )
    if casing > 0.0:
        dy[ip[I_SURFACE_NODE]] = dsurface
    bus[B_TEMPERATURE_RATE] = dtemperature
    bus[B_SURFACE_TEMPERATURE_RATE] = dsurface

    dy[o : o + ip[I_SPECIES]] = dn
    dy[ip[I_OFFSET_FILL]] = -dfill
    dy[ip[I_OFFSET_FILL_VENTED]] = dfill
    dy[ip[I_OFFSET_TEMPERATURE]] = dtemperature
    dy[ip[I_OFFSET_SOC]] = -current / fp[F_CAPACITY] if fp[F_CAPACITY] > 0.0 else 0.0
    dy[ip[I_OFFSET_ENERGY_ABUSE]] = q_abuse
    dy[ip[I_OFFSET_ENERGY_LOSS]] = q_loss
    dy[ip[I_OFFSET_ENERGY_REACTION]] = q_standard
    dy[ip[I_OFFSET_ENERGY_VENT]] = e_vent
    call_stage(STAGE_DERIVATIVES, time, y, mode, fp, ip, bus, dy)


@njit(cache=True)
def evaluate(time, y, mode, fp, ip, dy, bus, rates):
    """dy/dt, the bus and the rates of progress [mol/(m^3 s)] with the compiled chemistry."""
    n_species = ip[I_SPECIES]
    production = np.empty(n_species)
    enthalpy = np.empty(n_species)
    heat_capacity = np.empty(n_species)
    constants = np.empty(ip[I_REACTIONS])
    temperature = max(y[ip[I_OFFSET_TEMPERATURE]], MIN_TEMPERATURE)
    temperature_functions(temperature, fp, ip, constants, enthalpy, heat_capacity)
    o = ip[I_OFFSET_SPECIES]
    production_rates(constants, y[o : o + n_species], fp, ip, production, rates)
    assemble(time, y, mode, fp, ip, production, enthalpy, heat_capacity, dy, bus)


@njit(cache=True)
def rhs_into(time, y, mode, fp, ip, dy):
    """dy/dt written into ``dy`` (the integrator's hot path: filling a caller's buffer saves
    boxing a new array per call)."""
    evaluate(time, y, mode, fp, ip, dy, np.empty(ip[I_BUS_SIZE]), np.empty(ip[I_REACTIONS]))


@njit(cache=True)
def jacobian_into(time, y, mode, fp, ip, jac):
    """d(dy/dt)/dy written into ``jac``, by forward differences over the columns that matter.

    Columns of pure bookkeeping states (vented amounts, energy integrals) are exactly zero and
    skipped; so are those of the :func:`heat_capacity_only_species` (:func:`pruned_columns`),
    which hold a heat-capacity effect of ~1e-4 per mol only. The others (``jacobian_columns``)
    are perturbed by 1.5e-8
    of their value with the floors of the state table (1e-10 mol, 1 K, 1e-3 SOC). Rate
    constants and species thermo are evaluated once for all columns but the temperature's.
    An approximate Jacobian only changes how fast Newton iterations converge, never the answer.
    """
    size = y.shape[0]
    n_species = ip[I_SPECIES]
    i_temperature = ip[I_OFFSET_TEMPERATURE]
    o = ip[I_OFFSET_SPECIES]
    jac[:, :] = 0.0
    f0 = np.empty(size)
    f1 = np.empty(size)
    bus = np.empty(ip[I_BUS_SIZE])
    rates = np.empty(ip[I_REACTIONS])
    constants = np.empty(ip[I_REACTIONS])
    production = np.empty(n_species)
    enthalpy = np.empty(n_species)
    heat_capacity = np.empty(n_species)
    temperature = max(y[i_temperature], MIN_TEMPERATURE)
    temperature_functions(temperature, fp, ip, constants, enthalpy, heat_capacity)
    scale, volume = fp[F_POSITIVITY_SCALE], fp[F_VOLUME]
    concentrations = positive_amounts(y[o : o + n_species], scale) / volume
    rates_at(constants, concentrations, ip, fp, production, rates)
    production0 = production.copy()
    assemble(time, y, mode, fp, ip, production, enthalpy, heat_capacity, f0, bus)
    y_step = y.copy()
    columns = iarray(ip, A_JACOBIAN_COLUMNS)
    floors = farray(fp, ip, A_JACOBIAN_FLOOR)
    for c in range(columns.shape[0]):
        j = columns[c]
        step = 1.5e-8 * max(abs(y[j]), floors[c])
        y_step[j] = y[j] + step
        if j == i_temperature:
            evaluate(time, y_step, mode, fp, ip, f1, bus, rates)
        elif o <= j < o + n_species:  # one species' concentration moves, the others stay
            c0 = concentrations[j - o]
            concentrations[j - o] = positive_amount(y_step[j], scale) / volume
            rates_at(constants, concentrations, ip, fp, production, rates)
            concentrations[j - o] = c0
            assemble(time, y_step, mode, fp, ip, production, enthalpy, heat_capacity, f1, bus)
        else:  # the rates depend on temperature and amounts only
            assemble(time, y_step, mode, fp, ip, production0, enthalpy, heat_capacity, f1, bus)
        y_step[j] = y[j]
        for i in range(size):
            jac[i, j] = (f1[i] - f0[i]) / step


def heat_capacity_only_species(n_species: int, float_arrays: dict, int_arrays: dict) -> np.ndarray:
    """Indices of the species the derivatives depend on through the heat capacity alone.

    A species that is no reactant, collider or rate-multiplier species of any reaction, no
    gas, no member of a vapour pair or of the liquid solution, does not melt and is not
    ejected (final products such as LiF, Li2O or a reduced cathode) changes the derivatives
    only through its share n_k c_v,k of the heat capacity: of the order of 1e-4 of the
    temperature rate per mol [1/mol]. :meth:`runaway.model.Model` leaves its Jacobian
    column out; the Jacobian only steers Newton's iterations, never the answer.

    Parameters
    ----------
    n_species : int
        Number of species of the mechanism.
    float_arrays, int_arrays : dict
        The packed arrays by kernel slot name (:func:`runaway.kernel.slots.pack`).
    """
    active = np.zeros(n_species, dtype=bool)
    for name in ("reactant_species", "collider_species", "multiplier_species", "gas_index",
                 "vapour_index", "melt_species", "ejected_index"):  # fmt: skip
        index = np.asarray(int_arrays.get(name, ()), dtype=np.int64)
        if name == "vapour_index":  # (form, liquid, vapour) per pair
            index = np.concatenate([index[1::3], index[2::3]])
        active[index] = True
    for name in ("liquid_float", "solvent_float", "solvation_number"):
        values = np.asarray(float_arrays.get(name, np.zeros(n_species)), dtype=float)
        active |= values != 0.0
    return np.flatnonzero(~active)


def pruned_columns(
    columns: np.ndarray,
    floors: np.ndarray,
    species_offset: int,
    float_arrays: dict,
    int_arrays: dict,
) -> tuple[np.ndarray, np.ndarray]:
    """The Jacobian columns (state indices) and their floors [units] without those of the
    :func:`heat_capacity_only_species`; unchanged where the chemistry is not compiled (its
    rate laws are then not in the packed arrays).

    Parameters
    ----------
    columns, floors : numpy.ndarray
        From :meth:`runaway.state.Layout.jacobian_columns`.
    species_offset : int
        Index of the first species amount in the state vector.
    float_arrays, int_arrays : dict
        The arrays to pack by kernel slot name (:func:`runaway.kernel.slots.pack`).
    """
    if "reactant_pointer" not in int_arrays:
        return columns, floors
    n_species = len(int_arrays["thermo_kind"])
    skipped = species_offset + heat_capacity_only_species(n_species, float_arrays, int_arrays)
    keep = ~np.isin(columns, skipped)
    return columns[keep], floors[keep]


def kernel_cache_present() -> bool:
    """Whether numba's on-disk cache of the integrator's kernel exists (else the first call
    compiles it, ~30 s on a 2-core machine)."""
    cache = getattr(rhs_into, "_cache", None)  # numba's choice: in-tree, or user-wide if read-only
    folder = getattr(cache, "_cache_path", None)
    if folder is None:
        return True  # cannot tell: say nothing
    line = rhs_into.py_func.__code__.co_firstlineno  # numba names its index after the line
    index = f"assembly.rhs_into-{line}.py{sys.version_info.major}{sys.version_info.minor}.nbi"
    return (Path(folder) / index).is_file()


def _cache_folders() -> list[Path]:
    """numba's cache folders of the compiled code (in-tree, user-wide or NUMBA_CACHE_DIR)."""
    functions = (rhs_into, progress_rates, oven_reach_time)
    folders = [getattr(getattr(f, "_cache", None), "_cache_path", None) for f in functions]
    return [Path(f) for f in folders if f]


# before any compiled function is loaded: clear machine code compiled from other sources
check_fingerprint(_cache_folders())
