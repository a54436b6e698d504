"""Compiled evaluation of a mechanism's rates and species thermo (numba).

Cantera parses every mechanism and stays the reference: :func:`compile_kinetics` reads the
rate parameters, reaction orders, third bodies, rate multipliers and species thermo of a loaded
:class:`~runaway.chemistry.Mechanism` from its Cantera objects, and :func:`rate_constants`,
:func:`progress_rates` and :func:`species_thermo` evaluate exactly Cantera's rate law for the
reaction types it supports, in machine code, so
the model's right-hand side needs no Python call per evaluation (a Cantera call through Python
costs ~50 us with its set-up; this kernel ~1 us). The tests compare the two on random states of
every bundled mechanism (tests/test_compiled.py).

Supported (everything the bundled mechanisms use): irreversible reactions with Arrhenius rates
(``A T^b exp(-Ea/RT)``), explicit reaction orders, three-body reactions whose default efficiency
is zero (an explicit collider such as ``+ PF5`` on both sides), the ``sei-tunnelling`` rate
multiplier, NASA 7-coefficient and constant-cp species thermo. A mechanism using anything else
(reversible, fall-off, pressure-dependent reactions, Shomate thermo...) is reported as
unsupported by :func:`compile_kinetics` and the model evaluates it through Cantera instead.

Concentration semantics follow Cantera's ``StoichManager``: reactions whose reactant orders
equal integer stoichiometric coefficients (at most three reactant molecules) multiply the
concentrations as they are (one slightly negative concentration gives a negative rate; two or
more negative factors give 0); all others use ``max(C, 0) ** order``, i.e. a rate of 0 once a
reactant is used up. (The model itself passes only positive amounts, see
:func:`runaway.kernel.positive_amounts`.)

References
----------
D. G. Goodwin et al., Cantera, https://www.cantera.org, DOI 10.5281/zenodo.14455267
(``StoichManager.h``, ``NasaPoly1.h``, ``ConstCpPoly.h`` for the formulas mirrored here).
S. K. Lam, A. Pitrou, S. Seibert, Numba: a LLVM-based Python JIT compiler, Proc. LLVM-HPC
(2015), DOI 10.1145/2833157.2833162.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import cantera as ct
import numpy as np
from numba import njit

from runaway.constants import GAS_CONSTANT

THERMO_NASA7 = 0
THERMO_CONSTANT_CP = 1


@dataclass(frozen=True)
class CompiledKinetics:
    """Arrays describing a mechanism for the compiled rate law (SI, amounts in mol).

    ``supported`` is False (with ``reason``) when the mechanism uses a feature the compiled
    kernel does not mirror; the arrays are then empty and must not be used.
    """

    supported: bool
    reason: str
    arrays: dict = field(default_factory=dict)


def compile_kinetics(mechanism) -> CompiledKinetics:
    """Extract the compiled-kernel arrays from a loaded mechanism.

    Parameters
    ----------
    mechanism : runaway.chemistry.Mechanism
        Mechanism loaded by :func:`runaway.chemistry.load_mechanism`.

    Returns
    -------
    CompiledKinetics
        ``arrays``: the rate and thermo arrays by the name of the kernel slot each fills
        (:data:`runaway.kernel.slots.FLOAT_ARRAYS`, :data:`~runaway.kernel.slots.INT_ARRAYS`),
        which are also the parameter names of :func:`rate_constants`, :func:`progress_rates`
        and :func:`species_thermo`.
    """
    g = mechanism.solution
    rates = _rate_arrays(g)
    if isinstance(rates, str):
        return CompiledKinetics(False, rates)
    thermo = _thermo_arrays(g)
    if isinstance(thermo, str):
        return CompiledKinetics(False, thermo)
    multipliers = mechanism._multipliers
    limit = mechanism.limit_temperature
    finite = np.isfinite(limit)
    safe = np.where(finite, limit, 1.0)
    rates["limit_constant"] = np.where(
        finite,
        rates["pre_exponential"]
        * np.exp(
            rates["temperature_exponent"] * np.log(safe) - rates["activation_temperature"] / safe
        ),
        np.inf,
    )
    arrays = {
        **rates,
        "multiplier_reaction": np.array([m[0] for m in multipliers], dtype=np.int64),
        "multiplier_z0": np.array([m[1] for m in multipliers], dtype=float),
        "multiplier_species": np.array([m[2] for m in multipliers], dtype=np.int64),
        "multiplier_basis": np.array([m[3] for m in multipliers], dtype=float),
        "stoichiometry": _sparse_stoichiometry(mechanism.stoichiometry),
        **thermo,
    }
    return CompiledKinetics(True, "", arrays)


def _rate_arrays(g: ct.Solution) -> dict[str, np.ndarray] | str:
    """Rate parameters, reactant orders and colliders of every reaction (mol, m, s units), or
    the reason why a reaction is not supported."""
    n_reactions = g.n_reactions
    pre_exponential = np.zeros(n_reactions)
    temperature_exponent = np.zeros(n_reactions)
    activation_temperature = np.zeros(n_reactions)
    plain = np.zeros(n_reactions, dtype=np.int64)
    reactant_pointer = np.zeros(n_reactions + 1, dtype=np.int64)
    reactant_species: list[int] = []
    reactant_order: list[float] = []
    collider_pointer = np.zeros(n_reactions + 1, dtype=np.int64)
    collider_species: list[int] = []
    collider_efficiency: list[float] = []
    for i, reaction in enumerate(g.reactions()):
        where = f"reaction {i + 1} '{reaction.equation}'"
        if reaction.reversible:
            return f"{where} is reversible"
        rate = reaction.rate
        if type(rate).__name__ != "ArrheniusRate":
            return f"{where} has a {type(rate).__name__}"
        stoich = dict(reaction.reactants)
        orders = dict(stoich)
        orders.update(reaction.orders)
        total_order = sum(orders.values())
        if reaction.reaction_type == "three-body-Arrhenius":
            third = reaction.third_body
            if third.default_efficiency != 0.0:
                return f"{where} has a third body with non-zero default efficiency"
            for name, eff in third.efficiencies.items():
                collider_species.append(g.species_index(name))
                collider_efficiency.append(float(eff))
            total_order += 1.0
        elif reaction.reaction_type != "Arrhenius":
            return f"{where} is of type {reaction.reaction_type}"
        # Cantera: [kmol, m, s, J/kmol]; here [mol, m, s]: rate = A' prod C^o with C in mol/m^3
        pre_exponential[i] = rate.pre_exponential_factor * 1000.0 ** (1.0 - total_order)
        temperature_exponent[i] = rate.temperature_exponent
        activation_temperature[i] = rate.activation_energy / ct.gas_constant
        # StoichManager: integer orders equal to the stoichiometry, <= 3 molecules -> products
        is_plain = (
            all(float(orders[k]).is_integer() and orders[k] == stoich.get(k, 0.0) for k in orders)
            and sum(stoich.values()) <= 3
        )
        plain[i] = int(is_plain)
        for name, order in orders.items():
            if order != 0.0:
                reactant_species.append(g.species_index(name))
                reactant_order.append(float(order))
        reactant_pointer[i + 1] = len(reactant_species)
        collider_pointer[i + 1] = len(collider_species)

    return {
        "pre_exponential": pre_exponential,
        "temperature_exponent": temperature_exponent,
        "activation_temperature": activation_temperature,
        "plain": plain,
        "reactant_pointer": reactant_pointer,
        "reactant_species": np.array(reactant_species, dtype=np.int64),
        "reactant_order": np.array(reactant_order, dtype=float),
        "collider_pointer": collider_pointer,
        "collider_species": np.array(collider_species, dtype=np.int64),
        "collider_efficiency": np.array(collider_efficiency, dtype=float),
    }


def _thermo_arrays(g: ct.Solution) -> dict[str, np.ndarray] | str:
    """Species thermo as (kind, 15 coefficients per species) in J/mol units, or the reason
    why a species' thermo is not supported."""
    n_species = g.n_species
    thermo_kind = np.zeros(n_species, dtype=np.int64)
    thermo_coeffs = np.zeros((n_species, 15))
    for k, species in enumerate(g.species()):
        name = type(species.thermo).__name__
        coeffs = np.asarray(species.thermo.coeffs, dtype=float)
        if name == "NasaPoly2":
            thermo_kind[k] = THERMO_NASA7
            thermo_coeffs[k, :15] = coeffs
        elif name == "ConstantCp":
            thermo_kind[k] = THERMO_CONSTANT_CP
            # [T0 (K), h0, s0, cp0 (J/kmol[/K])] -> J/mol
            thermo_coeffs[k, :4] = (
                coeffs[0],
                coeffs[1] / 1000.0,
                coeffs[2] / 1000.0,
                coeffs[3] / 1000.0,
            )
        else:
            return f"species '{species.name}' has {name} thermo"

    return {"thermo_kind": thermo_kind, "thermo_coeffs": thermo_coeffs}


def _sparse_stoichiometry(stoichiometry: np.ndarray) -> np.ndarray:
    """Non-zero entries of a species x reactions matrix as rows (species, reaction, value)."""
    species, reaction = np.nonzero(stoichiometry)
    return np.column_stack([species, reaction, stoichiometry[species, reaction]]).astype(float)


@njit(cache=True)
def species_thermo(temperature, thermo_kind, thermo_coeffs, enthalpy, heat_capacity):
    """Standard molar enthalpy [J/mol] and heat capacity [J/(mol K)] of every species.

    Parameters
    ----------
    temperature : float
        [K].
    thermo_kind, thermo_coeffs : numpy.ndarray
        From :func:`compile_kinetics` (NASA7: Tmid, 7 high-T, 7 low-T coefficients;
        constant cp: T0 [K], h0 [J/mol], s0, cp0 [J/(mol K)]).
    enthalpy, heat_capacity : numpy.ndarray
        Output arrays, one entry per species.
    """
    t = temperature
    for k in range(thermo_kind.shape[0]):
        c = thermo_coeffs[k]
        if thermo_kind[k] == THERMO_NASA7:
            o = 8 if t <= c[0] else 1  # Cantera NasaPoly2: low range up to and including Tmid
            a0, a1, a2, a3, a4, a5 = c[o], c[o + 1], c[o + 2], c[o + 3], c[o + 4], c[o + 5]
            cp_r = a0 + t * (a1 + t * (a2 + t * (a3 + t * a4)))
            h_rt = a0 + t * (a1 / 2.0 + t * (a2 / 3.0 + t * (a3 / 4.0 + t * a4 / 5.0))) + a5 / t
            heat_capacity[k] = cp_r * GAS_CONSTANT
            enthalpy[k] = h_rt * GAS_CONSTANT * t
        else:
            heat_capacity[k] = c[3]
            enthalpy[k] = c[1] + c[3] * (t - c[0])


@njit(cache=True)
def rate_constants(
    temperature,
    pre_exponential,
    temperature_exponent,
    activation_temperature,
    limit_constant,
    constants,
):
    """Arrhenius rate constants A T^b exp(-Ea/RT) of every reaction (units mol, m, s), each
    in series with its transport limit: k k_lim / (k + k_lim)
    (:func:`runaway.chemistry.mechanism.transport_limited`).

    Parameters
    ----------
    temperature : float
        [K].
    pre_exponential, temperature_exponent, activation_temperature : numpy.ndarray
        A [mol, m, s units], b [1], Ea/R [K] per reaction (from :func:`compile_kinetics`).
    limit_constant : numpy.ndarray
        k_lim, the rate constant at the reaction's transport-limit temperature (inf: none).
    constants : numpy.ndarray
        Output, one per reaction.
    """
    inverse_t = 1.0 / temperature
    log_t = math.log(temperature)
    for r in range(pre_exponential.shape[0]):
        k = pre_exponential[r] * math.exp(
            temperature_exponent[r] * log_t - activation_temperature[r] * inverse_t
        )
        limit = limit_constant[r]
        constants[r] = k * limit / (k + limit) if limit < math.inf else k


@njit(cache=True)
def progress_rates(
    constants,
    concentrations,
    plain,
    reactant_pointer,
    reactant_species,
    reactant_order,
    collider_pointer,
    collider_species,
    collider_efficiency,
    multiplier_reaction,
    multiplier_z0,
    multiplier_species,
    multiplier_basis,
    stoichiometry,
    production,
    rates,
):
    """Rates of progress and net production rates [mol/(m^3 s)] from rate constants.

    Parameters
    ----------
    constants : numpy.ndarray
        From :func:`rate_constants`.
    concentrations : numpy.ndarray
        [mol/m^3].
    plain ... stoichiometry : numpy.ndarray
        From :func:`compile_kinetics`.
    production, rates : numpy.ndarray
        Outputs per species / per reaction.

    Notes
    -----
    ``stoichiometry`` lists the non-zero net stoichiometric coefficients as rows (species,
    reaction, coefficient).
    """
    for r in range(constants.shape[0]):
        k = constants[r]
        if plain[r] == 1:
            negative = 0
            for j in range(reactant_pointer[r], reactant_pointer[r + 1]):
                c = concentrations[reactant_species[j]]
                for _ in range(int(reactant_order[j])):
                    k *= c
                    if c < 0.0:
                        negative += 1
            if negative >= 2:  # Cantera's C2/C3: two negative factors give no rate
                k = 0.0
        else:
            for j in range(reactant_pointer[r], reactant_pointer[r + 1]):
                c = concentrations[reactant_species[j]]
                order = reactant_order[j]
                if c <= 0.0:
                    k = 0.0
                elif order == 1.0:
                    k *= c
                elif order == 2.0:
                    k *= c * c
                else:
                    k *= c**order
        if collider_pointer[r + 1] > collider_pointer[r]:
            third = 0.0
            for j in range(collider_pointer[r], collider_pointer[r + 1]):
                third += collider_efficiency[j] * concentrations[collider_species[j]]
            k *= third
        rates[r] = k
    for m in range(multiplier_reaction.shape[0]):
        grown = max(concentrations[multiplier_species[m]], 0.0)
        z = multiplier_z0[m] + grown / multiplier_basis[m]
        rates[multiplier_reaction[m]] *= math.exp(-z / multiplier_z0[m])
    production[:] = 0.0
    for e in range(stoichiometry.shape[0]):
        production[int(stoichiometry[e, 0])] += (
            stoichiometry[e, 2] * rates[int(stoichiometry[e, 1])]
        )


__all__ = [
    "CompiledKinetics",
    "compile_kinetics",
    "progress_rates",
    "rate_constants",
    "species_thermo",
]
