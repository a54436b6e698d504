"""Two thermal nodes: the jelly roll and the casing (``[cell.casing]``).

Checks that a cell without the table is the one-node cell it always was, that the second node
conserves energy, that heat flows the way a thermocouple sees it (the casing leads the jelly
roll while an oven or heater warms the cell from outside, lags it once the cell heats itself),
and that a casing the cell cannot hold is refused with a keyed message.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from runaway.api import build_model
from runaway.physics import conduction
from runaway.scenario import load_scenario
from runaway.scenario.errors import ScenarioError

from .conftest import SCENARIOS, energy_balance, run_cached


def test_cylinder_conductance_is_the_mean_to_surface_conductance():
    # uniform heat generation q in a cylinder of radius R: T_mean - T_s = q R^2 / (8 k)
    k, radius, length, q = 0.2, 9e-3, 65e-3, 1e5
    power = q * math.pi * radius**2 * length
    mean_excess = q * radius**2 / (8.0 * k)
    assert conduction.cylinder_conductance(k, length) == pytest.approx(power / mean_excess)


def test_slab_conductance_is_the_mean_to_surface_conductance():
    # uniform heat generation in a slab cooled on both faces: T_mean - T_s = q t^2 / (12 k)
    k, area, thickness, q = 0.2, 6e-3, 5e-3, 1e5
    power = q * area * thickness
    mean_excess = q * thickness**2 / (12.0 * k)
    assert conduction.slab_conductance(k, area, thickness) == pytest.approx(power / mean_excess)


def test_a_cell_without_casing_is_one_node():
    _, _, ds = run_cached("kim2007_18650_oven")
    np.testing.assert_array_equal(ds["surface_temperature"], ds["temperature"])
    assert float(ds["max_core_temperature"]) == float(ds["max_temperature"])


def test_the_casing_leads_in_the_oven_and_lags_in_the_runaway(pouch_oven):
    _, _, ds = pouch_oven
    core = ds["temperature"].values
    surface = ds["surface_temperature"].values
    time = ds["time"].values
    before = time < 0.5 * float(ds["time_to_runaway"])
    assert np.all(surface[before][1:] >= core[before][1:])  # heat flows in from the oven
    peak = int(np.argmax(core))
    assert core[peak] > surface[peak] + 50.0  # the jelly roll makes the heat
    assert float(ds["max_core_temperature"]) >= float(ds["max_temperature"])


def test_the_heater_controls_the_casing_to_its_ramp():
    model, _, ds = run_cached("li_ncm811_18650_heater")
    ramp = model.scenario.abuse.ramp_rate
    time = ds["time"].values
    window = (time > 120.0) & (time < 0.5 * float(ds["vent_time"]))
    rate = np.gradient(ds["surface_temperature"].values[window], time[window])
    assert np.median(rate) == pytest.approx(ramp, rel=0.05)
    # the jelly roll lags: its heat capacity is fed through the stack's conductance
    assert np.all(ds["temperature"].values[window] < ds["surface_temperature"].values[window])


def test_energy_balance_closes_with_two_nodes():
    model, output, _ = run_cached("li_ncm811_18650_heater")
    assert model.casing_heat_capacity > 0.0
    delta_u, inflow, released = energy_balance(model, output)
    assert released > 1e4  # a real runaway: tens of kJ
    assert delta_u == pytest.approx(inflow, abs=1e-3 * released)


def test_a_casing_heavier_than_the_cell_allows_is_refused():
    scenario = load_scenario(SCENARIOS / "li_ncm811_pouch_oven.toml", ['cell.casing.mass="60 g"'])
    with pytest.raises(ScenarioError) as error:
        build_model(scenario)
    assert error.value.key == "cell.casing.mass"
