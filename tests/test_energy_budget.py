"""Mass loss and energy budget (runaway.energy_budget) against independent bookkeeping."""

from __future__ import annotations

import numpy as np
import pytest

from runaway.energy_budget import energy_budget

from .conftest import HOT_OVEN, run_cached


def test_budget_by_hand():
    # 2 mol CO2 (44.01 g/mol, Hf -393.5 kJ/mol) left carrying 3 kJ of sensible enthalpy
    budget = energy_budget(
        np.array([2.0]),
        np.array([0.04401]),
        np.array([-393.5e3]),
        enthalpy_vented=2 * -393.5e3 + 3000.0,
        released=10e3,
        abuse=1e3,
        lost=4e3,
    )
    assert budget["mass_loss"] == pytest.approx(0.08802, rel=1e-12)
    assert budget["energy_ejected"] == pytest.approx(3000.0, rel=1e-9)
    assert budget["energy_retained"] == pytest.approx(10e3 + 1e3 - 3000.0 - 4e3, rel=1e-12)


def test_mass_loss_is_the_mass_the_cell_lost():
    """The vented mass equals the drop of the cell's own inventory (mass conservation)."""
    model, _, ds = run_cached(*HOT_OVEN)
    molar_mass = model.mechanism.molar_masses
    inventory = ds["species_amount"].values @ molar_mass  # [kg] cell + headspace
    lost = inventory[0] - inventory[-1]
    assert float(ds["mass_loss"]) > 1e-3  # the burst pouch vents grams
    assert float(ds["mass_loss"]) == pytest.approx(lost, rel=1e-6)
    assert 0.0 < float(ds["energy_ejected"]) < float(ds["energy_released"])
    assert ds["energy_ejected"].attrs["units"] == "J"


def test_closed_cell_ejects_nothing():
    _, _, ds = run_cached("kim2007_18650_oven")
    assert float(ds["mass_loss"]) == 0.0
    assert float(ds["energy_ejected"]) == 0.0
