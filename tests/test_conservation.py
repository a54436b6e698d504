"""Mass, elements and energy over a full Li | NCM811 pouch runaway (200 degC oven, burst, venting,
Li boiling), and
over the ARC of the cycled cell (dendritic Li, ``[cell.lithium]``: reactive-area factors).

- every element's total (cell + headspace + vented + ejected) constant to 1e-6 relative;
- energy: change of the cell's internal energy = abuse heat - heat lost - enthalpy vented,
  to 1e-3 relative to the heat released;
- the time integral of the reaction heat equals the enthalpy change of the species (at
  298.15 K, i.e. standard reaction enthalpies) to within 1 %.
"""

from __future__ import annotations

import numpy as np
import pytest

from .conftest import HOT_OVEN, energy_balance, inventory, run_cached

#: The oven run again with liquid and solid ejection at the vent (``[cell.ejection]``).
EJECTING = ("cell.ejection.liquid_mass_ratio=3", "cell.ejection.solid_mass_ratio=1")


@pytest.fixture(
    scope="module",
    params=[
        HOT_OVEN,
        ("li_ncm811_pouch_arc_cycled",),
        (*HOT_OVEN, *EJECTING),
    ],
    ids=["oven", "arc-cycled", "oven-ejecting"],
)
def pouch_run(request):
    return run_cached(*request.param)


def _element_totals(model, states):
    return inventory(model, states) @ model.mechanism.element_matrix.T


def test_pouch_runs_away_and_vents(pouch_run):
    _, output, ds = pouch_run
    assert ds["status"].item() == "ok"
    assert bool(ds["thermal_runaway"])
    assert np.isfinite(float(ds["vent_time"]))


def test_elements_are_conserved(pouch_run):
    model, output, _ = pouch_run
    _, states, _ = output.concatenated()
    totals = _element_totals(model, states)
    scale = np.abs(totals[0]) + 1e-30
    drift = np.abs(totals - totals[0]).max(axis=0) / scale
    names = model.mechanism.element_names
    assert drift.max() < 1e-6, dict(zip(names, drift, strict=True))


def test_mass_is_conserved(pouch_run):
    model, output, _ = pouch_run
    _, states, _ = output.concatenated()
    mass = inventory(model, states) @ model.molar_mass
    assert np.abs(mass - mass[0]).max() / mass[0] < 1e-6


def test_energy_balance_closes(pouch_run):
    model, output, _ = pouch_run
    delta_u, inflow, released = energy_balance(model, output)
    assert released > 1e4  # a real runaway: tens of kJ
    assert delta_u == pytest.approx(inflow, abs=1e-3 * released)


def test_reaction_heat_equals_species_enthalpy_change(pouch_run):
    model, output, _ = pouch_run
    _, states, _ = output.concatenated()
    h298 = model.mechanism.standard_enthalpies(298.15)
    # species change due to chemistry only: cell + vented + ejected (venting, ejection and
    # evaporation move species without changing the total), minus the solvent that merely
    # evaporated
    n_first, n_last = inventory(model, states[[0, -1]])
    for i_liq, i_vap, vp in model.vapour_pairs:
        # evaporation and dissolution are phase changes, not reactions: count the phase the
        # reactions make (the liquid solvent; the gas of a dissolved gas)
        made, moved = (i_vap, i_liq) if vp.dissolved_gas else (i_liq, i_vap)
        n_first[made] += n_first[moved]
        n_last[made] += n_last[moved]
        n_first[moved] = n_last[moved] = 0.0
    delta_h = float((n_last - n_first) @ h298)
    released = states[-1, model.layout.energy_reaction]
    assert released == pytest.approx(-delta_h, rel=0.01)


def test_gas_composition(pouch_run):
    _, _, ds = pouch_run
    fractions = ds["gas_mole_fraction"]
    present = fractions.where(fractions > 0, drop=True)
    assert present.size >= 8
    assert float(fractions.sum()) == pytest.approx(1.0, abs=1e-12)
    for species in ("H2", "CO", "CO2"):
        assert float(fractions.sel(species=species)) > 0.0
    assert float(ds["gas_total"]) > 0
    assert float(ds["max_thickness_increase"]) > 0


def test_no_silent_nans(pouch_run):
    _, _, ds = pouch_run
    for name in ("temperature", "pressure", "gas_amount", "heat_release_rate"):
        assert np.isfinite(ds[name].values).all(), name
