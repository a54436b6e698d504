"""Unit tests of the pure physics functions (runaway.physics) and the metrics."""

from __future__ import annotations

import math

import numpy as np
import pytest

from runaway import metrics
from runaway.constants import GAS_CONSTANT as R
from runaway.physics import abuse, electrical, headspace, swelling, thermal, venting


def test_cylinder_surface_includes_both_end_faces():
    r, length = 0.009, 0.065
    assert thermal.cylinder_surface_area(r, length) == pytest.approx(
        2 * math.pi * r * length + 2 * math.pi * r**2
    )
    assert thermal.cylinder_volume(r, length) == pytest.approx(1.6540e-5, rel=1e-4)


def test_heat_loss_signs_and_zero_at_equilibrium():
    assert thermal.convective_heat_loss(10.0, 0.01, 350.0, 300.0) == pytest.approx(5.0)
    assert thermal.radiative_heat_loss(0.8, 0.01, 300.0, 300.0) == 0.0
    assert thermal.radiative_heat_loss(0.8, 0.01, 300.0, 400.0) < 0.0


def test_pouch_is_rigid_below_opening_pressure():
    p, v = swelling.pouch_pressure(1e-5, 300.0, 1e-6, 1e-11, 2e5)
    assert v == 1e-6
    assert p == pytest.approx(1e-5 * R * 300.0 / 1e-6)


def test_pouch_swells_consistently_above_opening_pressure():
    n, t, v0, c, p_open = 1e-3, 400.0, 1e-6, 6e-12, 2.0e5
    p, v = swelling.pouch_pressure(n, t, v0, c, p_open)
    assert p * v == pytest.approx(n * R * t, rel=1e-12)  # ideal gas
    assert v == pytest.approx(v0 + c * (p - p_open), rel=1e-12)  # pad compliance
    assert p > p_open and v > v0


def test_choked_flow_matches_textbook_formula():
    p, t, m, g, a, cd = 1e6, 500.0, 0.03, 1.3, 1e-5, 0.6
    expected_mass = (
        cd * a * p * math.sqrt(g * m / (R * t)) * (2 / (g + 1)) ** ((g + 1) / (2 * (g - 1)))
    )
    flow = venting.orifice_molar_flow(p, 101325.0, t, m, g, a, cd)
    assert flow * m == pytest.approx(expected_mass, rel=1e-12)


def test_orifice_flow_is_continuous_and_zero_without_overpressure():
    args = (500.0, 0.03, 1.3, 1e-5, 0.6)
    g = 1.3
    critical = (2 / (g + 1)) ** (g / (g - 1))
    p_crit = 101325.0 / critical
    below = venting.orifice_molar_flow(p_crit * (1 - 1e-9), 101325.0, *args)
    above = venting.orifice_molar_flow(p_crit * (1 + 1e-9), 101325.0, *args)
    assert below == pytest.approx(above, rel=1e-6)
    assert venting.orifice_molar_flow(101325.0, 101325.0, *args) == 0.0
    # the linearised band joins the subsonic law continuously at 1 % overpressure
    edge = 101325.0 / (1 - venting.LINEAR_OVERPRESSURE)
    inside = venting.orifice_molar_flow(edge * (1 - 1e-9), 101325.0, *args)
    outside = venting.orifice_molar_flow(edge * (1 + 1e-9), 101325.0, *args)
    assert inside == pytest.approx(outside, rel=1e-5)


def test_near_equilibrium_limit_is_continuous_and_inactive_at_high_overpressure():
    amb = 101325.0
    f = venting.near_equilibrium_limit
    # inside the 1 % band the relaxation bounds the flow; well above, the orifice law governs
    assert f(5.0, 1.0, 0.5e3, amb) == pytest.approx(1.0, rel=1e-3)
    assert f(5.0, 1.0, 10e3, amb) == pytest.approx(5.0, rel=1e-4)
    lo = f(5.0, 1.0, 2 * 1013.25 * (1 - 1e-9), amb)
    hi = f(5.0, 1.0, 2 * 1013.25 * (1 + 1e-9), amb)
    assert lo == pytest.approx(hi, rel=1e-6)


def test_raoult_vapour_amount():
    n = headspace.equilibrium_vapour_amount(
        liquid_mole_fraction=0.5, saturation_pressure=7270.0, temperature=298.15, volume=1e-6
    )
    assert n == pytest.approx(0.5 * 7270.0 * 1e-6 / (R * 298.15))
    # evaporation never takes more than the liquid left
    assert headspace.evaporation_rate(0.0, 1.0, 1e-3, time_constant=1.0) == pytest.approx(1e-3)
    assert headspace.evaporation_rate(2.0, 1.0, 1.0, time_constant=1.0) == pytest.approx(-1.0)


def test_electrical_model():
    assert electrical.open_circuit_voltage(0.5, [0, 1], [3.0, 4.2]) == pytest.approx(3.6)
    assert electrical.internal_resistance(298.15, 0.015, 298.15, 2e4) == pytest.approx(0.015)
    assert electrical.internal_resistance(350.0, 0.015, 298.15, 2e4) < 0.015
    assert electrical.short_circuit_current(4.0, 0.01, 0.09, 1.0) == pytest.approx(40.0)
    assert electrical.short_circuit_current(4.0, 0.01, 0.09, 0.0) == 0.0
    assert electrical.short_circuit_current(4.0, 0.01, 0.09, 0.005) == pytest.approx(20.0)


def test_oven_programme():
    kw = dict(start_temperature=300.0, oven_temperature=400.0, ambient_temperature=295.0)
    assert abuse.oven_temperature(0.0, ramp_rate=None, hold_time=None, **kw) == 400.0
    assert abuse.oven_temperature(600.0, ramp_rate=0.1, hold_time=None, **kw) == 360.0
    assert abuse.oven_temperature(1500.0, ramp_rate=0.1, hold_time=600.0, **kw) == 400.0
    assert abuse.oven_temperature(1700.0, ramp_rate=0.1, hold_time=600.0, **kw) == 295.0


def test_controlled_ramp_power_never_cools_and_saturates():
    assert abuse.controlled_ramp_power(50.0, 0.1, 0.0, 100.0) == pytest.approx(5.0)
    assert abuse.controlled_ramp_power(50.0, 0.1, 1.0, 100.0) == 0.0
    assert abuse.controlled_ramp_power(5000.0, 0.1, 0.0, 100.0) == 100.0


def test_onset_metrics_interpolate_and_require_three_kelvin_of_reaction_heating():
    t = np.arange(0.0, 20.0, 0.5)
    rate = np.where((t >= 5.0) & (t <= 7.5), 1.5, 0.0)  # 1 K/s crossed at 4.833 and 7.667 s
    temperature = 300.0 + t
    m = metrics.onset_metrics(t, temperature, rate, rate)
    assert m["trigger_temperature"] == pytest.approx(300.0 + 4.5 + 0.5 / 1.5)
    assert m["time_to_runaway"] == pytest.approx(4.5 + 0.5 / 1.5)
    assert m["thermal_runaway"]  # trapezoid between crossings: 0.208 + 3.75 + 0.208 K
    short = np.where((t >= 5.0) & (t <= 6.0), 1.5, 0.0)  # 0.208 + 1.5 + 0.208 K < 3 K
    m = metrics.onset_metrics(t, temperature, short, short)
    assert not m["thermal_runaway"]
    assert m["trigger_temperature"] == pytest.approx(304.5 + 0.5 / 1.5)  # reported anyway
    assert np.isnan(m["time_to_runaway"])


def test_fast_reaction_runs_away_in_less_than_three_seconds():
    """A hot cell whose chemistry triggers reacts in well under 3 s: the heat counts."""
    t = np.linspace(0.0, 2.0, 201)
    rate = np.where((t > 1.0) & (t < 1.2), 500.0, 0.0)  # 100 K in 0.2 s
    m = metrics.onset_metrics(t, 400.0 + t, rate, rate)
    assert m["thermal_runaway"]
    assert m["max_self_heating_rate"] == 500.0


def test_joule_heating_alone_is_not_self_heating():
    """Total dT/dt of 50 K/s from a short with no reaction heat: no T1, T2 or runaway."""
    t = np.linspace(0.0, 10.0, 101)
    total = np.full_like(t, 50.0)
    m = metrics.onset_metrics(t, 300.0 + 50.0 * t, total, np.zeros_like(t))
    assert not m["thermal_runaway"]
    assert np.isnan(m["trigger_temperature"]) and np.isnan(m["onset_temperature"])
    assert m["max_temperature_rate"] == 50.0


def test_a_later_spell_is_the_runaway_and_sets_t2():
    t = np.arange(0.0, 30.0, 0.1)
    rate = np.where((t > 2.0) & (t < 2.5), 2.0, 0.0) + np.where(t > 20.0, 2.0, 0.0)
    temperature = 300.0 + t
    m = metrics.onset_metrics(t, temperature, rate, rate)
    assert m["thermal_runaway"]
    assert m["trigger_temperature"] == pytest.approx(320.05, abs=0.06)


def test_gas_metrics_dry_basis():
    total, volume, x = metrics.gas_metrics(
        np.array([1.0, 3.0, -1.0, 2.0]), np.array([True, True, True, False])
    )
    assert total == 4.0
    assert volume == pytest.approx(4.0 * 0.022414, rel=1e-3)
    np.testing.assert_allclose(x, [0.25, 0.75, 0.0, 0.0])


def test_co_volume_pressure_is_ideal_when_dilute_and_stiffer_when_dense():
    from runaway.physics.headspace import CO_VOLUME, co_volume_pressure, ideal_gas_pressure

    temperature, volume = 600.0, 1e-6
    dilute = volume / (1e4 * CO_VOLUME)
    assert co_volume_pressure(dilute, temperature, volume) == pytest.approx(
        ideal_gas_pressure(dilute, temperature, volume), rel=2e-4
    )
    dense = volume / (10 * CO_VOLUME)  # V_m = 10 b: the correction is 1 / (1 - 0.1)
    assert co_volume_pressure(dense, temperature, volume) == pytest.approx(
        ideal_gas_pressure(dense, temperature, volume) / 0.9, rel=1e-12
    )


def test_the_dissolved_salt_lowers_the_solvent_vapour_of_a_cell():
    """Raoult's law over the particles of the liquid solution: in the Li | NCM811 pouch (1 M
    LiPF6 in EC/DMC) the salt's two ions and the solvent its Li+ binds lower the solvents'
    mole fraction by ~20 %, and the initial headspace vapour is in equilibrium with it."""
    from tests.conftest import run_cached

    model, _, _ = run_cached("li_ncm811_pouch_oven")
    names = list(model.mechanism.solution.species_names)
    n0 = model.initial_amounts
    y = model.initial_state()
    n = y[model.layout.species]

    def i(s):
        return names.index(s)

    solvents = n0[i("EC(l)")] + n0[i("DMC(l)")] + n0[i("H2O(dis)")]
    x_salt_free = n0[i("EC(l)")] / solvents
    free = solvents / (solvents + 4.0 * n0[i("LiPF6")])  # each Li+ binds 4 solvent molecules
    x = n0[i("EC(l)")] * free / (solvents * free + 2.0 * n0[i("LiPF6")] + n0[i("PEO(s)")])
    assert x < 0.85 * x_salt_free
    vp = {v.liquid: v for v in model.mechanism.vapour_pressures}["EC(l)"]
    temperature = model.initial_temperature
    expected = headspace.equilibrium_vapour_amount(
        x, vp(temperature), temperature, model.free_volume
    )
    assert n[i("EC")] == pytest.approx(expected, rel=1e-6)


def test_solvent_mole_fraction_limits():
    """Plain Raoult without solvation; Stokes-Robinson binding in a dilute solution; the salt
    holds the last solvent when there is less solvent than its ions can bind."""
    # plain Raoult: 1 mol of solvent A among 3 mol solvent and 1 mol of ions
    assert headspace.solvent_mole_fraction(1.0, 3.0, 1.0) == pytest.approx(1.0 / 4.0)
    # dilute: 100 mol solvent, 1 mol salt binding 4 -> about 96 mol free, x ~ 96 / (96 + 2)
    x = headspace.solvent_mole_fraction(100.0, 100.0, 2.0, solvation=4.0)
    assert x == pytest.approx((100.0**2 / 104.0) / (100.0**2 / 104.0 + 2.0))
    assert x < headspace.solvent_mole_fraction(100.0, 100.0, 2.0)
    # scarce solvent: 0.1 mol left around 1 mol salt (capacity 4): almost all bound
    assert headspace.solvent_mole_fraction(0.1, 0.1, 2.0, solvation=4.0) < 0.002
    assert headspace.solvent_mole_fraction(0.0, 1.0, 1.0) == 0.0


def test_henry_law_of_a_dissolved_gas():
    """The Henry form, the solvent-basis mole fraction and the relaxation of a dissolved gas:
    no net flow at equilibrium, gas out of a cell whose solvent has gone, never more gas
    dissolved per time constant than the headspace holds."""
    a, b = 21.0, 1443.0  # ln(H/Pa) = A - B/T
    h = headspace.saturation_pressure(headspace.VAPOUR_FORM_HENRY, (a, b), 298.15)
    assert h == pytest.approx(math.exp(a - b / 298.15))
    assert headspace.saturation_pressure(headspace.VAPOUR_FORM_HENRY, (a, b), 400.0) > h
    assert headspace.dissolved_gas_mole_fraction(1.0, 9.0) == pytest.approx(0.1)
    assert headspace.dissolved_gas_mole_fraction(1e-3, 0.0) == pytest.approx(1.0)
    assert headspace.dissolved_gas_mole_fraction(0.0, 1.0) == 0.0
    temperature, volume, solvent, henry = 350.0, 1e-6, 0.04, 3e7
    gas = 2e-4  # [mol] in 1 cm^3: p = 0.58 MPa
    x = gas * R * temperature / volume / henry
    dissolved = solvent * x / (1.0 - x)
    assert dissolved > 3.0 * gas  # the liquid holds more than the headspace
    rate = headspace.degassing_rate(dissolved, gas, solvent, henry, temperature, volume)
    assert rate == pytest.approx(0.0, abs=1e-12)
    assert headspace.degassing_rate(2 * dissolved, gas, solvent, henry, temperature, volume) > 0
    assert headspace.degassing_rate(0.5 * dissolved, gas, solvent, henry, temperature, volume) < 0
    # the solvent has gone: everything in solution leaves, nothing dissolves
    dry = headspace.degassing_rate(1e-5, gas, 0.0, henry, temperature, volume)
    assert dry == pytest.approx(1e-5 / headspace.EVAPORATION_TIME_CONSTANT)
    assert headspace.degassing_rate(0.0, gas, 0.0, henry, temperature, volume) == 0.0
    # dissolving is bounded by the gas there is
    fast = headspace.degassing_rate(0.0, 1e-6, 10.0, henry, temperature, volume)
    assert fast >= -1e-6 / headspace.EVAPORATION_TIME_CONSTANT


def test_co2_and_ethylene_dissolve_in_a_closed_can():
    """In the closed Golubkov NMC 18650, before its vent opens, the dissolved CO2 and C2H4
    are in Henry equilibrium with their partial pressures and outweigh the headspace gas."""
    from tests.conftest import run_cached

    model, out, ds = run_cached("golubkov2014_nmc_18650")
    names = list(model.mechanism.solution.species_names)
    i = int(np.searchsorted(ds["time"].values, float(ds["vent_time"]))) - 5
    n = ds["species_amount"].isel(time=i).values
    temperature = float(ds["temperature"][i])
    solvent = sum(n[names.index(s)] for s in ("EC(l)", "DMC(l)", "H2O(dis)"))
    pairs = {vp.liquid: vp for vp in model.mechanism.vapour_pressures if vp.dissolved_gas}
    assert set(pairs) == {"CO2(dis)", "C2H4(dis)"}
    for liquid, vp in pairs.items():
        dissolved, gas = n[names.index(liquid)], n[names.index(vp.vapour)]
        x = dissolved / (solvent + dissolved)
        partial = gas * R * temperature / model.free_volume
        assert x * vp(temperature) == pytest.approx(partial, rel=0.01), liquid
        assert dissolved > 2.0 * gas, liquid
    flags = dict(zip(names, model.mechanism.solvent_flags, strict=True))
    assert flags["CO2(dis)"] == 0.0 and flags["EC(l)"] == 1.0  # Li+ binds no dissolved gas
