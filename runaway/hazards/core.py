"""All hazard metrics of one vent gas in air: limits, S_u, Pmax, K_G and enclosure dilution."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import cantera as ct
import numpy as np

from runaway.hazards.explosion import (
    aicc,
    deflagration_index,
    enclosure_gas_volume,
    lfl_at_temperature,
)
from runaway.hazards.flame import burning_velocities
from runaway.hazards.limits import LIMITS_SOURCE, le_chatelier, normalise
from runaway.hazards.mixture import (
    DEFAULT_MECHANISM,
    equivalence_ratio,
    fuel_fraction,
    map_to_mechanism,
    oxygen_demand,
)

#: Default equivalence ratios of the flame and explosion-pressure sweeps [1].
FLAME_PHIS = (0.8, 1.0, 1.2)
PMAX_PHIS = tuple(np.round(np.arange(0.5, 2.01, 0.1), 2))
REFERENCE_TEMPERATURE = 298.15  # K, that of the tabulated limits


@dataclass
class HazardReport:
    """Hazard metrics of a vent gas mixed with air (SI units; see the field comments)."""

    composition: dict[str, float]  # vent gas [mole fraction]
    temperature: float  # initial temperature [K]
    pressure: float  # initial pressure [Pa]
    mechanism: str
    lfl: float  # whole vent gas in air, Le Chatelier [mole fraction]
    ufl: float
    lfl_combustible: float  # combustible part renormalised [mole fraction]
    ufl_combustible: float
    combustible_fraction: float  # [1]
    flammable: bool
    lfl_at_temperature: float  # limit at `temperature` by constant flame temperature
    limit_flame_temperature: float  # adiabatic flame temperature at the LFL (25 degC) [K]
    stoichiometric_fraction: float  # vent gas in air at phi = 1 [mole fraction]
    phi: list[float] = field(default_factory=list)  # flame sweep [1]
    burning_velocity: list[float] = field(default_factory=list)  # S_u [m/s]
    deflagration_index: list[float] = field(default_factory=list)  # K_G [Pa m/s]
    phi_pmax: list[float] = field(default_factory=list)  # explosion-pressure sweep [1]
    p_max: list[float] = field(default_factory=list)  # AICC pressure, absolute [Pa]
    t_max: list[float] = field(default_factory=list)  # AICC temperature [K]
    enclosure_volume: float = 1.0  # [m^3]
    gas_volume_25_lfl: float = math.nan  # vent gas for 25 % LFL at T, P [m^3]
    gas_amount_25_lfl: float = math.nan  # the same in moles [mol]
    excluded_species: list[str] = field(default_factory=list)  # combustibles not in mechanism
    replaced_species: list[str] = field(default_factory=list)  # inerts replaced by N2
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def max_value(self, name: str) -> float:
        """Largest finite value of a swept list field (NaN if none)."""
        values = [v for v in getattr(self, name) if math.isfinite(v)]
        return max(values) if values else math.nan

    def to_dict(self) -> dict:
        """Plain dict, NaN as None (JSON-friendly)."""

        def clean(value):
            if isinstance(value, float) and not math.isfinite(value):
                return None
            if isinstance(value, list):
                return [clean(v) for v in value]
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            return value

        data = clean(asdict(self))
        data["units"] = UNITS
        return data


UNITS = {
    "temperature": "K",
    "pressure": "Pa",
    "lfl": "1",
    "ufl": "1",
    "lfl_combustible": "1",
    "ufl_combustible": "1",
    "lfl_at_temperature": "1",
    "limit_flame_temperature": "K",
    "stoichiometric_fraction": "1",
    "burning_velocity": "m s-1",
    "deflagration_index": "Pa m s-1",
    "p_max": "Pa",
    "t_max": "K",
    "enclosure_volume": "m3",
    "gas_volume_25_lfl": "m3",
    "gas_amount_25_lfl": "mol",
}

SOURCES = [
    f"Flammability limits: {LIMITS_SOURCE}; Le Chatelier's mixing rule",
    "Burning velocity and equilibrium: Cantera with GRI-Mech 3.0 (Smith et al.)",
    "K_G: thin-flame model, Dahoe et al., J. Loss Prev. Process Ind. 9 (1996) 33",
    "Enclosure limit: NFPA 69, 25 % of the LFL; well-mixed room",
]


def vent_gas_hazards(
    composition: dict[str, float],
    temperature: float = REFERENCE_TEMPERATURE,
    pressure: float = ct.one_atm,
    phis=FLAME_PHIS,
    phis_pmax=PMAX_PHIS,
    enclosure_volume: float = 1.0,
    mechanism: str = DEFAULT_MECHANISM,
    use_cache: bool = True,
) -> HazardReport:
    """Hazard metrics of a vent gas in air.

    Parameters
    ----------
    composition : dict of str to float
        Vent-gas mole fractions [1]; checked and normalised (:func:`limits.normalise`).
    temperature : float
        Initial temperature of the mixture [K].
    pressure : float
        Initial pressure [Pa].
    phis : sequence of float
        Equivalence ratios of the burning-velocity sweep [1] (each is a flame: seconds).
    phis_pmax : sequence of float
        Equivalence ratios of the AICC sweep [1] (fast).
    enclosure_volume : float
        Free volume of the enclosure for the 25 % LFL amount [m^3].
    mechanism : str
        Cantera YAML file for flames and equilibrium.
    use_cache : bool
        Use the on-disk flame cache.

    Returns
    -------
    HazardReport
    """
    comp = normalise(composition)
    limits = le_chatelier(comp)
    mapped = map_to_mechanism(comp, mechanism)
    report = HazardReport(
        composition=comp,
        temperature=float(temperature),
        pressure=float(pressure),
        mechanism=mechanism,
        lfl=limits.lfl,
        ufl=limits.ufl,
        lfl_combustible=limits.lfl_combustible,
        ufl_combustible=limits.ufl_combustible,
        combustible_fraction=limits.combustible_fraction,
        flammable=limits.flammable,
        lfl_at_temperature=math.nan,
        limit_flame_temperature=math.nan,
        stoichiometric_fraction=math.nan,
        enclosure_volume=float(enclosure_volume),
        excluded_species=list(mapped.excluded),
        replaced_species=list(mapped.replaced),
        sources=list(SOURCES),
    )
    _add_notes(report, comp, pressure)
    if limits.flammable and mapped.composition:
        demand = oxygen_demand(mapped.composition, mechanism)
        if demand > 0.0:
            report.stoichiometric_fraction = fuel_fraction(1.0, demand)
            # flame temperatures are those of the mapped gas: combustibles outside the
            # mechanism are missing from it, which lowers its limit flame temperature a little
            report.limit_flame_temperature, report.lfl_at_temperature = lfl_at_temperature(
                mapped.composition,
                limits.lfl,
                temperature,
                REFERENCE_TEMPERATURE,
                pressure,
                mechanism,
            )
            _add_explosion(report, mapped.composition, demand, phis, phis_pmax, use_cache)
    lfl_now = report.lfl_at_temperature if math.isfinite(report.lfl_at_temperature) else limits.lfl
    report.gas_volume_25_lfl = enclosure_gas_volume(lfl_now, enclosure_volume)
    report.gas_amount_25_lfl = (
        pressure * report.gas_volume_25_lfl / (ct.gas_constant / 1000.0 * temperature)
    )
    return report


def _add_explosion(report, gas, demand, phis, phis_pmax, use_cache) -> None:
    """Fill the S_u, K_G and AICC sweeps."""
    T, P, mech = report.temperature, report.pressure, report.mechanism
    report.phi_pmax = [float(p) for p in phis_pmax]
    states = [aicc(gas, fuel_fraction(p, demand), T, P, mech) for p in report.phi_pmax]
    report.p_max = [s["p_max"] for s in states]
    report.t_max = [s["t_max"] for s in states]
    report.phi = [float(p) for p in phis]
    su = burning_velocities(gas, report.phi, T, P, mech, use_cache)
    report.burning_velocity = [float(v) for v in su]
    for p, s in zip(report.phi, su, strict=True):
        state = aicc(gas, fuel_fraction(p, demand), T, P, mech)
        report.deflagration_index.append(
            deflagration_index(float(s), state["p_max"], P, state["gamma"])
        )
    lean = equivalence_ratio(report.lfl, demand)
    report.notes.append(f"equivalence ratio at the LFL: {lean:.2f}")


def _add_notes(report: HazardReport, comp: dict[str, float], pressure: float) -> None:
    """Caveats that apply to this gas."""
    if report.excluded_species:
        report.notes.append(
            "left out of flame and equilibrium (not in the mechanism), counted in the limits: "
            + ", ".join(report.excluded_species)
        )
    if report.replaced_species:
        report.notes.append(
            "non-combustibles replaced by N2 in flame and equilibrium: "
            + ", ".join(report.replaced_species)
        )
    if comp.get("C2H4", 0.0) > 0.0:
        report.notes.append(
            "GRI-Mech 3.0 is not validated for C2H4 and over-predicts its burning velocity: "
            "S_u is an upper estimate"
        )
    if abs(pressure - ct.one_atm) > 0.05 * ct.one_atm:
        report.notes.append(
            "flammability limits are tabulated at 1 atm and not corrected for pressure"
        )
    if report.flammable and math.isfinite(report.ufl) and report.combustible_fraction < 0.9:
        report.notes.append(
            "the whole-gas UFL treats inerts as plain diluents and over-estimates the upper "
            "limit of an inert-rich gas"
        )
    if report.flammable and not math.isfinite(report.ufl):
        report.notes.append("UFL not determined: the mixing rule puts it at pure vent gas")
    if not report.flammable:
        report.notes.append("no combustible species: not flammable in air")
