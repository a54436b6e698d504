"""Compiled chemistry of the kernel: rate constants, species thermo, production rates.

The rate law is :mod:`runaway.chemistry.compiled`, which mirrors Cantera's (checked against
Cantera in tests/test_compiled.py); this module feeds it the packed parameters.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from runaway.chemistry.compiled import progress_rates, rate_constants, species_thermo
from runaway.kernel.slots import (
    A_ACTIVATION_TEMPERATURE,
    A_COLLIDER_EFFICIENCY,
    A_COLLIDER_POINTER,
    A_COLLIDER_SPECIES,
    A_LIMIT_CONSTANT,
    A_MULTIPLIER_BASIS,
    A_MULTIPLIER_REACTION,
    A_MULTIPLIER_SPECIES,
    A_MULTIPLIER_Z0,
    A_PLAIN,
    A_PRE_EXPONENTIAL,
    A_REACTANT_ORDER,
    A_REACTANT_POINTER,
    A_REACTANT_SPECIES,
    A_REACTIVE_AREA,
    A_REACTIVE_AREA_REACTION,
    A_STOICHIOMETRY,
    A_TEMPERATURE_EXPONENT,
    A_THERMO_COEFFS,
    A_THERMO_KIND,
    F_POSITIVITY_SCALE,
    F_VOLUME,
    I_SPECIES,
    farray,
    iarray,
)
from runaway.physics.thermal import FUSION_WIDTH, melted_fraction

_melted_fraction = njit(cache=True)(melted_fraction)


@njit(cache=True)
def temperature_functions(temperature, fp, ip, constants, enthalpy, heat_capacity):
    """Temperature-dependent chemistry: rate constants (units mol, m, s), standard enthalpies
    [J/mol] and heat capacities [J/(mol K)] of the species at ``temperature`` [K].

    The rate constants of reactions on a metal surface are scaled by its reactive-area factor,
    blended between solid and molten with the melted fraction
    (:mod:`runaway.chemistry.reactive_area`, the same formula as on the Cantera path)."""
    n = ip[I_SPECIES]
    rate_constants(
        temperature,
        farray(fp, ip, A_PRE_EXPONENTIAL),
        farray(fp, ip, A_TEMPERATURE_EXPONENT),
        farray(fp, ip, A_ACTIVATION_TEMPERATURE),
        farray(fp, ip, A_LIMIT_CONSTANT),
        constants,
    )
    area = farray(fp, ip, A_REACTIVE_AREA)
    if area.shape[0] == 3:  # (solid, molten, T_m): runaway.chemistry.reactive_area
        factor = area[0]
        if area[2] < math.inf:
            melted = _melted_fraction(temperature, area[2], FUSION_WIDTH)
            factor = area[0] + melted * (area[1] - area[0])  # exactly area[0] if equal
        for r in iarray(ip, A_REACTIVE_AREA_REACTION):
            constants[r] *= factor
    species_thermo(
        temperature,
        iarray(ip, A_THERMO_KIND),
        farray(fp, ip, A_THERMO_COEFFS).reshape((n, 15)),
        enthalpy,
        heat_capacity,
    )


@njit(cache=True)
def positive_amount(amount, scale):
    """Smooth positive part of one species amount seen by the rate laws [mol].

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
    x = amount / scale
    if x > 35.0:
        return amount
    if x < -700.0:
        return 0.0
    return scale * math.log1p(math.exp(x))


@njit(cache=True)
def positive_amounts(amounts, scale):
    """:func:`positive_amount` of every species amount [mol]."""
    out = np.empty_like(amounts)
    for k in range(amounts.shape[0]):
        out[k] = positive_amount(amounts[k], scale)
    return out


@njit(cache=True)
def production_rates(constants, amounts, fp, ip, production, rates):
    """Net production rates and rates of progress [mol/(m^3 s)] of the species amounts
    ``amounts`` [mol] in the cell volume, written into ``production`` and ``rates``.

    The amounts pass through :func:`positive_amounts` first, so that an exhausted reactant stops
    its reactions instead of letting an irreversible reaction run backwards.
    """
    concentrations = positive_amounts(amounts, fp[F_POSITIVITY_SCALE]) / fp[F_VOLUME]
    rates_at(constants, concentrations, ip, fp, production, rates)


@njit(cache=True)
def rates_at(constants, concentrations, ip, fp, production, rates):
    """:func:`production_rates` from the concentrations the rate laws see [mol/m^3] (the
    smooth positive parts of the amounts per cell volume)."""
    progress_rates(
        constants,
        concentrations,
        iarray(ip, A_PLAIN),
        iarray(ip, A_REACTANT_POINTER),
        iarray(ip, A_REACTANT_SPECIES),
        farray(fp, ip, A_REACTANT_ORDER),
        iarray(ip, A_COLLIDER_POINTER),
        iarray(ip, A_COLLIDER_SPECIES),
        farray(fp, ip, A_COLLIDER_EFFICIENCY),
        iarray(ip, A_MULTIPLIER_REACTION),
        farray(fp, ip, A_MULTIPLIER_Z0),
        iarray(ip, A_MULTIPLIER_SPECIES),
        farray(fp, ip, A_MULTIPLIER_BASIS),
        farray(fp, ip, A_STOICHIOMETRY).reshape((-1, 3)),
        production,
        rates,
    )
