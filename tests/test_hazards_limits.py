"""Vent-gas hazards without flames: limits, equilibrium, K_G, enclosure, composition input.

Each test names its source and tolerance next to the number it checks.
"""

from __future__ import annotations

import math

import pytest

from runaway.hazards import CompositionError, le_chatelier, normalise, parse_composition
from runaway.hazards import cache as hazard_cache
from runaway.hazards.explosion import (
    aicc,
    deflagration_index,
    enclosure_gas_volume,
    lfl_at_temperature,
)
from runaway.hazards.mixture import fuel_fraction, oxygen_demand

#: Golubkov et al., RSC Adv. 4 (2014) 3633, doi:10.1039/C3RA45748F: NMC 18650 at 100 % SOC,
#: vent gas in mol %.
GOLUBKOV_NMC = {"CO2": 0.412, "CO": 0.130, "H2": 0.308, "CH4": 0.068, "C2H4": 0.082}


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RUNAWAY_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize(
    ("species", "lfl", "ufl"),
    [
        # Zabetakis (1965), U.S. Bureau of Mines Bulletin 627, Appendix A, in air at 1 atm.
        # IEC 60079-20-1 gives 4.4 % for CH4 (a different apparatus); we follow Bulletin 627.
        ("H2", 0.040, 0.75),
        ("CH4", 0.050, 0.15),
        ("CO", 0.125, 0.74),
        ("C2H4", 0.027, 0.36),
    ],
)
def test_pure_species_limits_reproduce_bulletin_627(species, lfl, ufl):
    limits = le_chatelier({species: 1.0})
    assert limits.lfl == pytest.approx(lfl, abs=1e-4)  # tabulated to 0.1 vol %
    assert limits.ufl == pytest.approx(ufl, abs=1e-3)
    assert limits.lfl_combustible == limits.lfl and limits.combustible_fraction == 1.0


def test_golubkov_nmc_vent_gas_lfl_by_hand():
    """Hand calculation, Le Chatelier with Bulletin 627 limits (vol %):

    combustibles: H2 30.8, CO 13.0, CH4 6.8, C2H4 8.2 -> x_c = 58.8 %; CO2 41.2 % inert.
    sum x_i/L_i = 0.308/4.0 + 0.130/12.5 + 0.068/5.0 + 0.082/2.7
                = 0.077000 + 0.010400 + 0.013600 + 0.030370 = 0.131370 per vol %
    whole gas:   LFL = 1 / 0.131370 = 7.612 vol % of vent gas in air
    combustibles renormalised: 7.612 % x 0.588 = 4.476 vol %
    Tolerance: 0.005 vol % (rounding of the hand calculation).
    """
    limits = le_chatelier(normalise(GOLUBKOV_NMC))
    assert 100 * limits.lfl == pytest.approx(7.612, abs=0.005)
    assert 100 * limits.lfl_combustible == pytest.approx(4.476, abs=0.005)
    assert limits.combustible_fraction == pytest.approx(0.588)
    assert limits.flammable


def test_inert_gas_is_not_flammable_and_rule_without_meaning_gives_nan_ufl():
    assert not le_chatelier({"CO2": 0.7, "PF5": 0.2, "HF": 0.1}).flammable
    # 30 % H2 in CO2: UFL of H2 75 % / 0.3 > 1 -> not determined by the rule
    limits = le_chatelier({"H2": 0.3, "CO2": 0.7})
    assert limits.lfl == pytest.approx(0.04 / 0.3)
    assert math.isnan(limits.ufl) and limits.flammable


def test_composition_input_is_checked():
    assert parse_composition("H2=0.5, CO2:0.5") == {"H2": 0.5, "CO2": 0.5}
    assert sum(parse_composition("H2=0.5,CO2=0.51").values()) == pytest.approx(1.0)
    with pytest.raises(CompositionError, match="unknown species 'H3'.*did you mean"):
        parse_composition("H3=0.5,CO2=0.5")
    with pytest.raises(CompositionError, match="sum to 100.*percentages"):
        parse_composition("H2=50,CO2=50")
    with pytest.raises(CompositionError, match="sum to 0.9"):
        parse_composition("H2=0.45,CO2=0.45")
    with pytest.raises(CompositionError, match="not a number"):
        parse_composition("H2=abc")
    with pytest.raises(CompositionError, match=">= 0"):
        parse_composition("H2=1.2,CO2=-0.2")


def test_aicc_pressure_of_stoichiometric_methane_air():
    """AICC (UV equilibrium) of stoichiometric CH4/air from 1 atm, 298 K.

    Reference: about 8.9 bar absolute, the adiabatic constant-volume value quoted for
    methane/air (measured closed-vessel maxima are lower, ~7-8 bar, through heat loss).
    Tolerance 2 % (thermochemical data differences between equilibrium codes).
    """
    demand = oxygen_demand({"CH4": 1.0})
    assert demand == pytest.approx(2.0)
    fraction = fuel_fraction(1.0, demand)
    assert fraction == pytest.approx(1 / (1 + 2 / 0.21))  # 9.5 % CH4 in air
    state = aicc({"CH4": 1.0}, fraction)
    assert state["p_max"] / 1e5 == pytest.approx(8.9, rel=0.02)
    assert 2500 < state["t_max"] < 2700  # K, constant-volume flame temperature


def test_deflagration_index_thin_flame_formula_by_hand():
    """K_G = (36 pi)^(1/3) (Pmax - P0) (Pmax/P0)^(1/gamma) S_u (Dahoe et al. 1996).

    With S_u = 0.36 m/s, P0 = 1 bar, Pmax = 8.9 bar, gamma = 1.4:
    4.836 x 7.9e5 Pa x 8.9^(0.7143) (= 4.766) x 0.36 = 6.555e6 Pa m/s = 65.5 bar m/s.
    """
    k = deflagration_index(0.36, 8.9e5, 1e5, 1.4)
    assert k / 1e5 == pytest.approx(65.5, rel=0.002)
    assert math.isnan(deflagration_index(math.nan, 8.9e5, 1e5, 1.4))


def test_limit_flame_temperature_reproduces_the_temperature_rule_of_bulletin_627():
    """Zabetakis (1965) modified Burgess-Wheeler rule for paraffins:
    L(t)/L(25 degC) = 1 - 0.000721 (t - 25 degC). At 125 degC: 0.9279.
    Our constant limit-flame-temperature estimate must agree within 2 % (the rule is a fit).
    """
    t_limit, lfl_hot = lfl_at_temperature({"CH4": 1.0}, 0.05, 398.15)
    assert 1300 < t_limit < 1700  # K, adiabatic flame temperature of 5 % CH4 in air
    assert lfl_hot / 0.05 == pytest.approx(1 - 0.000721 * 100, rel=0.02)


def test_enclosure_amount_at_25_percent_lfl():
    """Well-mixed constant-pressure room: V_gas = -V ln(1 - 0.25 LFL). For LFL 7.612 %,
    V = 30 m3: -30 ln(1 - 0.01903) = 0.5764 m3 (hand calculation, tolerance 0.1 %)."""
    assert enclosure_gas_volume(0.07612, 30.0) == pytest.approx(0.5764, rel=1e-3)
    assert enclosure_gas_volume(0.07612, 30.0) > 0.25 * 0.07612 * 30.0
    assert math.isnan(enclosure_gas_volume(math.nan, 30.0))


def test_cache_key_depends_on_gas_conditions_and_mechanism():
    base = hazard_cache.cache_key("flame", {"CH4": 1.0}, "gri30.yaml", phi=1.0)
    assert base == hazard_cache.cache_key("flame", {"CH4": 1.0}, "gri30.yaml", phi=1.0)
    assert base != hazard_cache.cache_key("flame", {"CH4": 0.99, "N2": 0.01}, "gri30.yaml", phi=1.0)
    assert base != hazard_cache.cache_key("flame", {"CH4": 1.0}, "gri30.yaml", phi=1.1)
    assert base != hazard_cache.cache_key("flame", {"CH4": 1.0}, "h2o2.yaml", phi=1.0)


def test_cache_round_trip_is_atomic_and_can_be_switched_off(tmp_path, monkeypatch):
    hazard_cache.store("abc", {"S_u": 0.38})
    assert hazard_cache.load("abc") == {"S_u": 0.38}
    leftovers = [p.name for p in hazard_cache.cache_dir().iterdir() if p.name.startswith(".")]
    assert not leftovers
    monkeypatch.setenv("RUNAWAY_CACHE_DIR", "off")
    assert hazard_cache.load("abc") is None
