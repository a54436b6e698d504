"""Where the compiled kernel finds its parameters: the packed float and integer arrays.

:class:`runaway.model.CellModel` packs everything the right-hand side reads into one float
array ``fp`` and one integer array ``ip`` (:func:`pack`), because numba's call overhead grows
with the number of arguments. Layout::

    fp = [float scalars F_*] [float arrays, FLOAT_ARRAYS order] [part parameter blocks]
    ip = [int scalars I_*] [(offset, length) of every array] [int arrays] [part blocks]

State offsets (``I_OFFSET_*``) come from the model's state table (:mod:`runaway.state`), so the
kernel hard-codes no position in the state vector; the mode flag it reads (``vent_open``) comes
from the model's mode table.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from runaway.constants import GAS_CONSTANT

#: Molar heat capacity at constant volume of the headspace fill gas (N2/Ar-like, 5/2 R)
#: [J/(mol K)]; fill-gas amounts are ~1e-4 mol, so this hardly matters.
FILL_CV = 2.5 * GAS_CONSTANT
#: Molar mass of the fill gas (N2) [kg/mol].
FILL_MOLAR_MASS = 0.028
#: Concentration scale of the smooth positive part the rate laws see
#: (:func:`runaway.kernel.kinetics.positive_amounts`) [mol/m^3]; a numerical choice, fixed (not
#: tied to the solver tolerance) so that a tolerance study compares the same equations.
#: 1e-4 mol/m^3 is 3e-9 mol in the bundled pouch (its trace water: 2.5e-5 mol). Measured: with
#: 1e-4 and 1e-3 every scenario variant of a 72-case sweep (ovens 130-280 degC, internal shorts
#: 20-500 mOhm, nails, SOC 0.5/0.8, 10x and 100x tighter tolerances, Cantera kinetics) runs; with
#: 3e-5 the 100x-tighter pouch oven stalls; 1e-3 moves the ARC vent time by 3.5 s, 1e-4 by 0.3 s.
POSITIVITY_CONCENTRATION = 1e-4
#: Lowest temperature the right-hand side evaluates at [K] (thermo range).
MIN_TEMPERATURE = 200.0

# float scalars: fp[0:FLOAT_SCALARS]
FLOAT_SCALAR_NAMES = (
    "volume",
    "free_volume",
    "compliance",
    "opening_pressure",
    "ambient_pressure",
    "ambient_temperature",
    "vent_area",
    "discharge",
    "inert_heat_capacity",
    "heat_transfer",
    "emissivity",
    "area",
    "face_area",
    "capacity",
    "r_reference",
    "r_reference_temperature",
    "r_activation",
    "positivity_scale",
    "casing_heat_capacity",
    "core_conductance",
    "rupture_area",  # opening of a ruptured can [m^2]; 0 if the can cannot rupture
)
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
    F_CAPACITY,
    F_R_REFERENCE,
    F_R_REFERENCE_TEMPERATURE,
    F_R_ACTIVATION,
    F_POSITIVITY_SCALE,
    F_CASING_HEAT_CAPACITY,
    F_CORE_CONDUCTANCE,
    F_RUPTURE_AREA,
) = range(len(FLOAT_SCALAR_NAMES))
FLOAT_SCALARS = len(FLOAT_SCALAR_NAMES)

# integer scalars: ip[0:INT_SCALARS]; I_OFFSET_<state> are positions in the state vector
INT_SCALAR_NAMES = (
    "species",
    "reactions",
    "gas",
    "vapours",
    "melts",
    "bus_size",
    "mode_vent_open",
    "mode_ruptured",  # read only when rupture_area > 0
    "surface_node",
    "abuse_on_surface",
    "offset_species",
    "offset_vented",
    "offset_ejected",
    "offset_fill",
    "offset_fill_vented",
    "offset_temperature",
    "offset_soc",
    "offset_energy_abuse",
    "offset_energy_loss",
    "offset_energy_reaction",
    "offset_energy_vent",
)
(
    I_SPECIES,
    I_REACTIONS,
    I_GAS,
    I_VAPOURS,
    I_MELTS,
    I_BUS_SIZE,
    I_MODE_VENT_OPEN,
    I_MODE_RUPTURED,
    I_SURFACE_NODE,
    I_ABUSE_ON_SURFACE,
    I_OFFSET_SPECIES,
    I_OFFSET_VENTED,
    I_OFFSET_EJECTED,
    I_OFFSET_FILL,
    I_OFFSET_FILL_VENTED,
    I_OFFSET_TEMPERATURE,
    I_OFFSET_SOC,
    I_OFFSET_ENERGY_ABUSE,
    I_OFFSET_ENERGY_LOSS,
    I_OFFSET_ENERGY_REACTION,
    I_OFFSET_ENERGY_VENT,
) = range(len(INT_SCALAR_NAMES))
INT_SCALARS = len(INT_SCALAR_NAMES)
#: The core states whose position the kernel reads (state name -> ip slot).
STATE_OFFSET_SLOTS = {
    name[len("offset_") :]: slot
    for slot, name in enumerate(INT_SCALAR_NAMES)
    if name.startswith("offset_")
}

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
    "limit_constant",  # rate constant at the transport-limit temperature (inf: no limit)
    "reactant_order",
    "collider_efficiency",
    "multiplier_z0",
    "multiplier_basis",
    "stoichiometry",  # non-zero net coefficients as rows (species, reaction, value)
    "thermo_coeffs",  # 15 per species
    "reaction_heat",  # -Delta H_r(298 K) per reaction [J/mol]
    "jacobian_floor",  # one per perturbed column: smallest finite-difference scale
    "reactive_area",  # (solid factor, molten factor, melting point [K]), or empty
    "ejection_coefficient",  # r_c / m_c,0 [1/kg] per ejectable species
    "solvent_float",  # 1 for a solvent (a liquid species), else 0
    "solvation_number",  # solvent molecules a mole of the species binds in solution
)
INT_ARRAYS = (
    "gas_index",
    "vapour_index",  # 3 per pair: form (physics.headspace.VAPOUR_FORM_*), liquid, vapour
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
    "reactive_area_reaction",  # reactions scaled by the reactive area
    "ejected_index",  # species the vent flow ejects ([cell.ejection])
    "plugged",  # PLUGGED_COLUMNS per plugged part function (see below)
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
    A_LIMIT_CONSTANT,
    A_REACTANT_ORDER,
    A_COLLIDER_EFFICIENCY,
    A_MULTIPLIER_Z0,
    A_MULTIPLIER_BASIS,
    A_STOICHIOMETRY,
    A_THERMO_COEFFS,
    A_REACTION_HEAT,
    A_JACOBIAN_FLOOR,
    A_REACTIVE_AREA,
    A_EJECTION_COEFFICIENT,
    A_SOLVENT_FLOAT,
    A_SOLVATION_NUMBER,
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
    A_REACTIVE_AREA_REACTION,
    A_EJECTED_INDEX,
    A_PLUGGED,
) = range(len(FLOAT_ARRAYS) + len(INT_ARRAYS))

#: Stages at which the kernel calls plugged part functions (:mod:`runaway.kernel.plugins`):
#: SURROUNDINGS before the heat exchange with the surroundings is computed (sets the
#: environment temperature and the heat-exchange factor), SOURCE once the net heat without
#: the abuse source is known (sets current, Joule heat, abuse heat), DERIVATIVES after the
#: core derivatives are assembled (extra states, extra diagnostics).
STAGE_SURROUNDINGS, STAGE_SOURCE, STAGE_DERIVATIVES = 0, 1, 2
#: Columns of the ``plugged`` table: stage, address, params offset, params size, iparams
#: offset, iparams size.
PLUGGED_COLUMNS = 6

# the slot constants must follow the order of the name lists
for _names, _prefix in ((FLOAT_SCALAR_NAMES, "F_"), (INT_SCALAR_NAMES, "I_")):
    for _slot, _name in enumerate(_names):
        if globals()[_prefix + _name.upper()] != _slot:
            raise RuntimeError(f"kernel slot {_prefix}{_name.upper()} is out of order")
for _slot, _name in enumerate(FLOAT_ARRAYS + INT_ARRAYS):
    if globals()["A_" + _name.upper()] != _slot:
        raise RuntimeError(f"kernel array slot A_{_name.upper()} is out of order")


def pack(
    floats: dict[str, float],
    ints: dict[str, int],
    float_arrays: dict[str, np.ndarray],
    int_arrays: dict[str, np.ndarray],
    plugged: list[tuple[int, int, np.ndarray, np.ndarray]] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """Pack named scalars, arrays and plugged parts into the (fp, ip) pair the kernel reads.

    Parameters
    ----------
    floats, ints : dict
        Scalars by name (:data:`FLOAT_SCALAR_NAMES` / :data:`INT_SCALAR_NAMES`); missing ones
        are zero.
    float_arrays, int_arrays : dict
        Arrays by name (:data:`FLOAT_ARRAYS` / :data:`INT_ARRAYS` but ``plugged``); missing
        ones are empty.
    plugged : list of (stage, address, params, iparams)
        Plugged part functions (:mod:`runaway.kernel.plugins`) with their own float and
        integer parameter blocks, in calling order; the blocks go at the end of fp and ip and
        the ``plugged`` table records where.
    """
    unknown = (set(floats) - set(FLOAT_SCALAR_NAMES)) | (set(ints) - set(INT_SCALAR_NAMES))
    unknown |= (set(float_arrays) - set(FLOAT_ARRAYS)) | (set(int_arrays) - set(INT_ARRAYS))
    if "plugged" in int_arrays:
        unknown.add("plugged (filled from the plugged parts)")
    if unknown:
        raise KeyError(f"unknown kernel slots: {', '.join(sorted(unknown))}")
    n_arrays = len(FLOAT_ARRAYS) + len(INT_ARRAYS)
    scalars = np.zeros(FLOAT_SCALARS)
    for name, value in floats.items():
        scalars[FLOAT_SCALAR_NAMES.index(name)] = value
    header = np.zeros(INT_SCALARS + 2 * n_arrays, dtype=np.int64)
    for name, value in ints.items():
        header[INT_SCALAR_NAMES.index(name)] = value

    def as_float(a):
        return np.ascontiguousarray(a, dtype=float).ravel()

    def as_int(a):
        return np.ascontiguousarray(a, dtype=np.int64).ravel()

    f_arrays = [as_float(float_arrays.get(name, np.zeros(0))) for name in FLOAT_ARRAYS]
    f_blocks = [as_float(params) for _, _, params, _ in plugged]
    i_arrays = [as_int(int_arrays.get(name, np.zeros(0))) for name in INT_ARRAYS[:-1]]
    i_blocks = [as_int(iparams) for _, _, _, iparams in plugged]
    table = np.zeros((len(plugged), PLUGGED_COLUMNS), dtype=np.int64)
    offset = FLOAT_SCALARS + sum(a.size for a in f_arrays)
    for row, (stage, address, _, _) in enumerate(plugged):
        table[row, :4] = stage, address, offset, f_blocks[row].size
        offset += f_blocks[row].size
    offset = header.size + sum(a.size for a in i_arrays) + table.size
    for row in range(len(plugged)):
        table[row, 4:] = offset, i_blocks[row].size
        offset += i_blocks[row].size
    i_arrays.append(table.ravel())

    offset = FLOAT_SCALARS
    for i, a in enumerate(f_arrays):
        header[ARRAY_HEADER + 2 * i : ARRAY_HEADER + 2 * i + 2] = offset, a.size
        offset += a.size
    offset = header.size
    for j, a in enumerate(i_arrays):
        i = len(FLOAT_ARRAYS) + j
        header[ARRAY_HEADER + 2 * i : ARRAY_HEADER + 2 * i + 2] = offset, a.size
        offset += a.size
    fp = np.concatenate([scalars, *f_arrays, *f_blocks])
    ip = np.concatenate([header, *i_arrays, *i_blocks])
    return fp, ip


@njit(cache=True)
def farray(fp, ip, slot):
    """The float array ``slot`` (``A_*``) of a packed parameter set (a view)."""
    start = ip[ARRAY_HEADER + 2 * slot]
    return fp[start : start + ip[ARRAY_HEADER + 2 * slot + 1]]


@njit(cache=True)
def iarray(ip, slot):
    """The integer array ``slot`` (``A_*``) of a packed parameter set (a view)."""
    start = ip[ARRAY_HEADER + 2 * slot]
    return ip[start : start + ip[ARRAY_HEADER + 2 * slot + 1]]
