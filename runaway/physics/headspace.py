"""Headspace gas: ideal-gas pressure, solvent vapour in equilibrium with the liquid (Raoult's
law) and gas dissolved in it (Henry's law).

References
----------
B. E. Poling, J. M. Prausnitz, J. P. O'Connell, *The Properties of Gases and Liquids*, 5th ed.,
McGraw-Hill (2001), ch. 7 (vapour pressure) and ch. 8 (Raoult's law, Henry's law).
"""

from __future__ import annotations

import math

from numba import njit

from runaway.constants import GAS_CONSTANT

#: Relaxation time of evaporation/condensation towards equilibrium [s]. A numerical closure for
#: what is physically near-instant: the liquid is spread over the pore surface of the jelly
#: roll, so the headspace vapour tracks Raoult equilibrium. It must be short against the vent
#: relaxation (runaway.physics.venting.VENT_RELAXATION_TIME, 50 ms): with 1 s, vapour left an
#: open cell faster than the closure replaced it, so an open pouch at 170 degC still held 90 %
#: of its DMC (boiling point 90 degC) and all of it reacted with lithium in the runaway. With
#: 1 ms the open cell boils its low-boiling solvent off, as real cells do. (Measured: 10 ms
#: makes LSODA crawl in the bundled runs; 1 ms does not.)
EVAPORATION_TIME_CONSTANT = 0.001
#: Saturation pressure at which a pure condensed phase (molten lithium) relaxes towards its
#: vapour equilibrium with :data:`EVAPORATION_TIME_CONSTANT` [Pa]; :func:`boiling_time_constant`.
BOILING_REFERENCE_PRESSURE = 1000.0
#: Vapour-pressure correlation forms understood by :func:`saturation_pressure`; the Henry
#: form is the Henry's-law constant of a dissolved gas.
VAPOUR_FORM_LN, VAPOUR_FORM_LOG10, VAPOUR_FORM_WAGNER, VAPOUR_FORM_HENRY = 0, 1, 2, 3


def ideal_gas_pressure(amount: float, temperature: float, volume: float) -> float:
    """Pressure of an ideal gas [Pa].

    Parameters
    ----------
    amount : float
        Gas amount [mol].
    temperature : float
        [K].
    volume : float
        Gas volume [m^3].
    """
    return amount * GAS_CONSTANT * temperature / volume


#: Co-volume of the headspace gas [m^3/mol]: the van der Waals b of CO2, 0.04267 L/mol (CRC
#: Handbook of Chemistry and Physics, table of van der Waals constants), the main vent gas; H2
#: (0.02661) and CO (0.03985) are smaller, C2H4 (0.0571) and the solvent vapours larger, and
#: no b of PF5 was found, so one value stands for the mixture (ESTIMATE of the mixture's b).
CO_VOLUME = 4.267e-5


def co_volume_pressure(
    amount: float, temperature: float, volume: float, co_volume: float = CO_VOLUME
) -> float:
    """Pressure of a gas with a co-volume, the Noble-Abel equation P = n R T / (V - n b) [Pa].

    The repulsive (co-volume) correction of the van der Waals equation without its attraction
    term, which is small for hot vent gas; the correction is b / V_m of the pressure (1 % at
    V_m = 100 b, about 5 MPa at 600 K). Used for rigid cans, whose gas is compressed far more
    than a pouch's (Poling, Prausnitz, O'Connell, The Properties of Gases and Liquids, 5th ed.,
    2001, ch. 4).

    Parameters
    ----------
    amount : float
        Gas amount [mol].
    temperature : float
        [K].
    volume : float
        Gas volume [m^3].
    co_volume : float
        [m^3/mol].
    """
    free = max(volume - amount * co_volume, 1e-3 * volume)  # gas packed to its co-volume
    return amount * GAS_CONSTANT * temperature / free


def equilibrium_vapour_amount(
    liquid_mole_fraction: float, saturation_pressure: float, temperature: float, volume: float
) -> float:
    """Vapour amount in equilibrium with an ideal liquid solution (Raoult's law) [mol].

    Parameters
    ----------
    liquid_mole_fraction : float
        Mole fraction of the solvent in the liquid [1].
    saturation_pressure : float
        Pure-solvent vapour pressure at ``temperature`` [Pa].
    temperature : float
        [K].
    volume : float
        Headspace volume [m^3].
    """
    return liquid_mole_fraction * saturation_pressure * volume / (GAS_CONSTANT * temperature)


def solution_totals(amounts, particles, solvent_flags, solvation_numbers):
    """Sums over the liquid solution that :func:`solvent_mole_fraction` takes: the solvent, the
    other particles (ions, oligomer) and the solvent those can bind [mol].

    Parameters
    ----------
    amounts : numpy.ndarray
        Amount of every species [mol]; negative amounts count as 0.
    particles : numpy.ndarray
        Particles each mole adds to the solution [1] (a species' ``solution-particles``).
    solvent_flags : numpy.ndarray
        1 for a solvent (a liquid species), else 0.
    solvation_numbers : numpy.ndarray
        Solvent bound per mole [1] (``solvation-number``).

    Returns
    -------
    tuple of float
        Solvent, other solute particles and bindable solvent [mol].
    """
    solvent, solutes, solvation = 0.0, 0.0, 0.0
    for k in range(amounts.shape[0]):
        amount = max(amounts[k], 0.0)
        solvent += amount * solvent_flags[k]
        solutes += amount * particles[k] * (1.0 - solvent_flags[k])
        solvation += amount * solvation_numbers[k]
    return solvent, solutes, solvation


@njit(cache=True)  # compiled so that runaway.kernel can compile pair_mole_fraction, which calls it
def solvent_mole_fraction(
    amount: float,
    solvent: float,
    solutes: float,
    solvation: float = 0.0,
    floor: float = 0.0,
) -> float:
    """Mole fraction of one solvent in the liquid solution, with the solvent that the salt's
    ions bind taken out (Raoult's law in the hydration form of Stokes & Robinson) [1].

    A mole of salt binds h moles of solvent (its solvation number); the solvated ion counts as
    one particle. The bound amount B = H S / (S + H), with H = sum h n_salt and S the solvent,
    approaches H in a dilute solution (Stokes & Robinson) and S once the solvent is scarcer than
    the ions can hold (a smooth closure, ESTIMATE: at 1 M, S/H ~ 3, it binds three quarters of
    H), so the free solvent is S^2 / (S + H).

    Parameters
    ----------
    amount : float
        This solvent [mol].
    solvent : float
        All solvent species together [mol].
    solutes : float
        Particles of everything else in the solution: ions (the solvated ones included),
        dissolved oligomer [mol].
    solvation : float
        Solvent the solutes can bind, H = sum h n [mol]; 0 gives plain Raoult's law.
    floor : float
        Small amount [mol] added to the solution so the fraction goes to 0 smoothly as the last
        liquid runs out.

    Returns
    -------
    float
        The solvent's mole fraction in the solution [1] (0 without solvent).

    References
    ----------
    R. H. Stokes, R. A. Robinson, "Ionic hydration and activity in electrolyte solutions",
    J. Am. Chem. Soc. 70 (1948) 1870, DOI 10.1021/ja01185a065 (DOI recalled).
    """
    if solvent <= 0.0 or amount <= 0.0:
        return 0.0
    free = solvent / (solvent + solvation)  # fraction of the solvent not bound
    return amount * free / (solvent * free + solutes + floor)


@njit(cache=True)  # as solvent_mole_fraction
def dissolved_gas_mole_fraction(amount: float, solvent: float, floor: float = 0.0) -> float:
    """Mole fraction of a dissolved gas on the solvent basis, x = n / (S + n) [1], for
    Henry's law p = H x.

    Counted against the solvent alone (the measured Henry constants of an electrolyte hold the
    salt's effect), so the gas comes out of solution as the solvent runs out: x tends to 1 and
    its equilibrium pressure to H.

    Parameters
    ----------
    amount : float
        The dissolved gas [mol].
    solvent : float
        All solvent species together [mol].
    floor : float
        Small amount [mol] added to the solution (as in :func:`solvent_mole_fraction`).
    """
    if amount <= 0.0:
        return 0.0
    return amount / (solvent + amount + floor)


def pair_mole_fraction(
    form: int,
    particles: float,
    amount: float,
    solvent: float,
    solutes: float,
    solvation: float,
    floor: float,
) -> float:
    """Liquid-side mole fraction that sets the equilibrium vapour of one liquid-vapour pair [1].

    A dissolved gas (``form`` :data:`VAPOUR_FORM_HENRY`) follows Henry's law
    (:func:`dissolved_gas_mole_fraction`); a condensed species outside the liquid solution
    (``particles`` 0, e.g. molten lithium) is a pure phase of its own; a solvent follows
    Raoult's law over the particles of the solution (:func:`solvent_mole_fraction`).

    Parameters
    ----------
    form : int
        Correlation form of the pair (:func:`saturation_pressure`).
    particles : float
        Solution particles per mole of the liquid-side species [1].
    amount : float
        The liquid-side species [mol].
    solvent, solutes, solvation : float
        The sums of :func:`solution_totals` [mol].
    floor : float
        Small amount added to the solution [mol].
    """
    mine = max(amount, 0.0)
    if form == VAPOUR_FORM_HENRY:
        return dissolved_gas_mole_fraction(mine, solvent, floor)
    if particles == 0.0:
        return solvent_mole_fraction(mine, mine, 0.0, 0.0, floor)
    return solvent_mole_fraction(mine, solvent, solutes, solvation, floor)


def evaporation_rate(
    vapour_amount: float,
    equilibrium_amount: float,
    liquid_amount: float,
    time_constant: float = EVAPORATION_TIME_CONSTANT,
) -> float:
    """Net evaporation rate towards equilibrium [mol/s]; negative means condensation.

    Parameters
    ----------
    vapour_amount : float
        Vapour present [mol].
    equilibrium_amount : float
        Vapour amount at equilibrium [mol].
    liquid_amount : float
        Liquid left to evaporate [mol]; evaporation stops smoothly when it runs out.
    time_constant : float
        Relaxation time [s].
    """
    rate = (equilibrium_amount - vapour_amount) / time_constant
    if rate > 0.0:
        # cannot evaporate more liquid than is left within one time constant
        rate = min(rate, max(liquid_amount, 0.0) / time_constant)
    return rate


def degassing_rate(
    dissolved_amount: float,
    gas_amount: float,
    solvent: float,
    henry_constant: float,
    temperature: float,
    volume: float,
    time_constant: float = EVAPORATION_TIME_CONSTANT,
) -> float:
    """Net rate at which a dissolved gas leaves the liquid towards Henry equilibrium [mol/s];
    negative means the gas dissolves.

    The dissolved amount relaxes to the one in equilibrium with the gas's partial pressure p,
    n_eq = S x / (1 - x) with x = p / H (:func:`dissolved_gas_mole_fraction` inverted). Written
    in the dissolved amount, not in the vapour as :func:`evaporation_rate` is, so that a cell
    whose solvent has gone holds no gas in solution (n_eq -> 0) instead of pulling gas into a
    vanishing liquid: its relaxation stays as fast as the solvents' and no stiffer.

    Parameters
    ----------
    dissolved_amount : float
        Gas in solution [mol].
    gas_amount : float
        The same species as gas in the headspace [mol].
    solvent : float
        All solvent species together [mol].
    henry_constant : float
        H of p = H x at ``temperature`` [Pa].
    temperature : float
        [K].
    volume : float
        Headspace volume [m^3].
    time_constant : float
        Relaxation time [s].
    """
    pressure = max(gas_amount, 0.0) * GAS_CONSTANT * temperature / volume
    x = min(pressure / henry_constant, 0.9)  # Henry's law is a dilute-solution law
    equilibrium = max(solvent, 0.0) * x / (1.0 - x)
    rate = (dissolved_amount - equilibrium) / time_constant
    if rate < 0.0:  # cannot dissolve more gas than the headspace holds within one time constant
        rate = max(rate, -max(gas_amount, 0.0) / time_constant)
    return rate


def boiling_time_constant(
    pressure: float,
    reference_pressure: float = BOILING_REFERENCE_PRESSURE,
    time_constant: float = EVAPORATION_TIME_CONSTANT,
    longest: float = 1e6,
    shortest: float = 1e-6,
) -> float:
    """Relaxation time of a pure condensed phase towards its vapour equilibrium [s].

    A molten-metal pool that boils must pass the heat it receives into vapour through a
    headspace of a fraction of a cm^3, at tens of kW: its vapour is renewed within tens of
    microseconds. Where its vapour is negligible, a fast relaxation would only add a stiff mode
    the integrator has to resolve (the hours of an ARC wait in 0.6 ms steps). The closure scales
    the relaxation time inversely with the larger of the saturation pressure and the vapour's
    own partial pressure (so excess vapour in a cooling cell condenses as fast as it boiled),
    tau = time_constant reference_pressure / pressure, within [``shortest``, ``longest``]:
    1 ms at 1 kPa, 10 us at 1 atm. A numerical closure (Hertz-Knudsen fluxes off a molten Li
    surface are faster still); measured on the bundled Li-metal cells: 10 us at 1 atm keeps the
    jelly roll within ~25 K of the boiling point, 100 us lets it overshoot by ~90-160 K.

    Parameters
    ----------
    pressure : float
        The larger of the phase's saturation pressure and its vapour's partial pressure [Pa].
    reference_pressure : float
        Pressure at which the relaxation time is ``time_constant`` [Pa].
    time_constant : float
        [s].
    longest, shortest : float
        Bounds of the relaxation time [s].
    """
    tau = time_constant * reference_pressure / max(pressure, 1e-300)
    return min(max(tau, shortest), longest)


def saturation_pressure(form: int, constants, temperature: float) -> float:
    """Vapour pressure of a pure solvent, or Henry's-law constant of a dissolved gas [Pa].

    Parameters
    ----------
    form : int
        ``VAPOUR_FORM_LN``: ln(P/Pa) = A - B/(T/K + C); ``VAPOUR_FORM_LOG10``:
        log10(P/Pa) = A - B/(T/K + C); ``VAPOUR_FORM_WAGNER``: ln(P/Pc) = (a tau + b tau^1.5 +
        c tau^2.5 + d tau^5)/Tr with tau = 1 - Tr, Tr = T/Tc (capped at 1);
        ``VAPOUR_FORM_HENRY``: ln(H/Pa) = A - B/(T/K), the van 't Hoff form of a Henry constant
        (p = H x), B = -Delta H_solution / R.
    constants : sequence of float
        (A, B [K], C [K]) for the Antoine forms; (Tc [K], Pc [Pa], a, b, c, d) for Wagner;
        (A, B [K]) for Henry.
    temperature : float
        [K].

    Notes
    -----
    The Wagner "2.5, 5" form is that of Poling, Prausnitz and O'Connell (2001), eq. 7-3.3. Each
    solvent's constants and their source are given with the species in ``mechanisms/*.yaml``.
    """
    if form == VAPOUR_FORM_LN:
        return math.exp(constants[0] - constants[1] / (temperature + constants[2]))
    if form == VAPOUR_FORM_LOG10:
        return 10.0 ** (constants[0] - constants[1] / (temperature + constants[2]))
    if form == VAPOUR_FORM_HENRY:
        return math.exp(constants[0] - constants[1] / temperature)
    tr = min(temperature / constants[0], 1.0)
    tau = 1.0 - tr
    ln_pr = (
        constants[2] * tau
        + constants[3] * tau**1.5
        + constants[4] * tau**2.5
        + constants[5] * tau**5
    ) / tr
    return constants[1] * math.exp(ln_pr)
