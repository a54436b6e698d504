"""Liquid and solid ejection with the vent flow (``[cell.ejection]``,
runaway.physics.ejection): the entrainment law, its bookkeeping, and what it changes in a run.

Conservation over a full ejecting runaway (elements, mass, energy, reaction heat) is tested in
test_conservation.py ("oven-ejecting").
"""

from __future__ import annotations

import numpy as np
import pytest

from runaway.api import build_model
from runaway.physics.ejection import ejection_coefficients, ejection_flow
from runaway.scenario import ScenarioError, load_scenario

from .conftest import HOT_OVEN, SCENARIOS, run_cached

RATIOS = ("cell.ejection.liquid_mass_ratio=3", "cell.ejection.solid_mass_ratio=1")


def test_coefficients_by_hand():
    amounts = np.array([1.0, 2.0, 0.5, 4.0])
    molar_mass = np.array([0.1, 0.05, 0.2, 0.028])
    kinds = np.array(["liquid", "liquid", "solid", "gas"])
    c = ejection_coefficients(amounts, molar_mass, kinds, 2.0, 0.5)
    # liquid mass 0.1 + 0.1 = 0.2 kg, solid 0.1 kg, gas never ejected
    assert c == pytest.approx([10.0, 10.0, 5.0, 0.0])
    # r_c x gas mass flow x m_k / m_c,0, in mol/s: 2 x 1e-3 kg/s x (1 mol x 0.1) / 0.2 / 0.1
    assert ejection_flow(c[0], 1.0, 1e-3) == pytest.approx(0.01)
    assert ejection_flow(c[0], 1.0, 0.0) == 0.0  # no outflow, no ejecta
    assert ejection_flow(c[0], -1e-12, 1e-3) == 0.0  # an exhausted species stays at zero


def test_no_table_no_ejection_states():
    model, _, ds = run_cached(*HOT_OVEN)
    assert model.layout.sizes[model.layout.states.index(_state(model, "ejected"))] == 0
    assert float(ds["species_ejected"].sum()) == 0.0


def _state(model, name):
    return next(s for s in model.layout.states if s.name == name)


def test_kernel_follows_the_law():
    """dy of the ejected states from the compiled kernel = r_c x gas mass flow x m_c/m_c,0."""
    scenario = load_scenario(SCENARIOS / f"{HOT_OVEN[0]}.toml", [*HOT_OVEN[1:], *RATIOS])
    model = build_model(scenario)
    y = model.initial_state()
    L = model.layout
    co2 = model.mechanism.species_index("CO2")
    y[L.species.start + co2] = 5e-3  # enough gas for a few bar in the headspace
    y[L.temperature] = 450.0
    mode = model.initial_mode()
    mode.flags["vent_open"] = 1
    dy = model.evaluate(0.0, y, mode)
    vented = dy[L.vented]
    gas_mass_flow = float(vented @ model.molar_mass[model.gas_index]) + dy[L.fill_vented] * 0.028
    assert gas_mass_flow > 0.0
    ejected = dy[L.ejected]
    index = model.ejected_index
    kinds = model.mechanism.state_of_matter[index]
    n0 = model.initial_amounts
    for kind, ratio in (("liquid", 3.0), ("solid", 1.0)):
        members = kinds == kind
        mass_flow = float(ejected[members] @ model.molar_mass[index][members])
        remaining = float(y[L.species][index][members] @ model.molar_mass[index][members])
        initial = float(n0[index][members] @ model.molar_mass[index][members])
        assert mass_flow == pytest.approx(ratio * gas_mass_flow * remaining / initial, rel=1e-9)
    # the cell loses exactly what is ejected, species by species
    closed = model.evaluate(0.0, y, model.initial_mode())
    assert dy[L.species][index] - closed[L.species][index] == pytest.approx(-ejected, abs=1e-15)
    assert np.all(ejected >= 0.0)
    assert closed[L.ejected].sum() == 0.0  # nothing leaves a closed cell


def test_ejecting_run_books_the_ejecta():
    model, output, ds = run_cached(*HOT_OVEN, *RATIOS)
    assert ds["status"].item() == "ok"
    ejected = ds["species_ejected"]
    molar_mass = model.mechanism.molar_masses
    ejected_mass = float(ejected.values @ molar_mass)
    assert ejected_mass > 1e-3  # grams of electrolyte and particles
    # mass loss = the drop of the cell's own inventory, ejecta included
    inventory = ds["species_amount"].values @ molar_mass
    assert float(ds["mass_loss"]) == pytest.approx(inventory[0] - inventory[-1], rel=1e-6)
    # nothing condensed leaves before the vent opens
    times, states, _ = output.concatenated()
    before = times < float(ds["vent_time"])
    assert np.all(states[before][:, model.layout.ejected] == 0.0)
    # gases are never "ejected": they are vented
    gas = model.mechanism.state_of_matter == "gas"
    assert float(ejected.values[gas].sum()) == 0.0
    # the ejecta and gas carry sensible heat out
    assert float(ds["energy_ejected"]) > 0.0


@pytest.mark.parametrize("value", ["-1", "51", '"lots"'])
def test_bad_ratio_is_a_keyed_error(value):
    with pytest.raises(ScenarioError) as info:
        load_scenario(
            SCENARIOS / "li_ncm811_pouch_oven.toml", [f"cell.ejection.liquid_mass_ratio={value}"]
        )
    assert "liquid_mass_ratio" in str(info.value)
