"""Every bundled scenario gives numbers a safety engineer can believe.

Limits (not fitted values; each is a physical bound):

- vent gas O2 <= 1 mol %: cathode oxygen reacts in the jelly roll; vent-gas analyses of NMC
  cells find essentially none (Golubkov et al., RSC Adv. 4 (2014) 3633,
  DOI 10.1039/C3RA45748F);
- peak surface temperature (what a thermocouple on the casing reads) of the Li-metal cells
  <= 1300 degC, of the graphite Li-ion cells (Kim 2007, Golubkov 2014) <= 1100 degC (Li-ion
  cells reach ~600-1000 degC in runaway; no measurement of a Li-metal pouch we could read
  reports more); the jelly roll (core node) <= 1500 degC, below the melting point of the
  copper current collector (1085 degC) plus the margin of a lumped core that averages the
  reaction front with the cooler layers (no core measurement found that says higher);
- peak self-heating rate and peak dT/dt of either node <= 1e4 K/s (a runaway takes seconds,
  not milliseconds);
- a burst pouch holds no more than 1.2 times its burst pressure, a can no more than 1.2 times
  its vent pressure (both gauge): once open, the gas leaves; a can never exceeds its rupture
  pressure (tests/test_can_rupture.py shows it rupturing instead when its vent is clogged);
- a Li-metal cell at SOC 0 in the 150 degC oven does not reach 1000 degC (severity falls
  steeply with SOC, Golubkov et al., RSC Adv. 5 (2015) 57171, DOI 10.1039/C5RA05897J).

A fresh pouch should swell long before it bursts and not burst below 100 degC (in the ARC it
bursts at ~107 degC). The cycled cell (dendritic Li, li_ncm811_pouch_arc_cycled), an aged cell,
bursts at 78 degC: an expected failure with the measured numbers. The jelly roll of the Li-metal
cells peaks just above the boiling point of lithium (1349 degC at 1 atm by the fitted vapour
pressure; CRC Handbook 1342 degC): a molten Li pool
cannot heat further while it boils.
"""

from __future__ import annotations

import pytest

from ..conftest import HOT_OVEN, SCENARIOS, run_cached

NAMES = sorted(p.stem for p in SCENARIOS.glob("*.toml"))
LI_METAL_T3 = 1300.0 + 273.15  # [K]
LI_ION_T3 = 1100.0 + 273.15  # [K]
CORE_T3 = 1500.0 + 273.15  # [K]


@pytest.mark.parametrize("name", NAMES)
def test_vent_gas_holds_no_oxygen(name):
    _, _, ds = run_cached(name)
    if "O2" in ds["species"].values:
        assert float(ds["gas_mole_fraction"].sel(species="O2")) <= 0.01


CYCLED = "li_ncm811_pouch_arc_cycled"


@pytest.mark.parametrize("name", NAMES)
def test_peak_temperature_and_heating_rate_are_possible(name):
    _, _, ds = run_cached(name)
    limit = LI_ION_T3 if name.startswith(("kim2007", "golubkov2014")) else LI_METAL_T3
    assert float(ds["max_temperature"]) <= limit
    assert float(ds["max_core_temperature"]) <= CORE_T3
    assert float(ds["max_self_heating_rate"]) <= 1e4
    assert float(ds["max_temperature_rate"]) <= 1e4


@pytest.mark.parametrize("name", NAMES)
def test_an_open_enclosure_does_not_hold_pressure(name):
    model, _, ds = run_cached(name)
    cell = model.scenario.cell
    opening = cell.pouch.burst_pressure if cell.pouch is not None else cell.can.vent_pressure
    gauge = float(ds["max_pressure"]) - model.ambient_pressure
    assert gauge <= 1.2 * opening
    if cell.can is not None and cell.can.rupture_pressure is not None:
        assert gauge < cell.can.rupture_pressure  # it would have ruptured instead


def test_severity_falls_with_state_of_charge():
    """In the 150 degC oven neither state of charge runs away (the fresh foil is passivated);
    in a 200 degC oven the full cell does and the empty one stays far below it."""
    _, _, empty = run_cached("li_ncm811_pouch_oven", "cell.soc=0")
    assert float(empty["max_temperature"]) < 1000.0 + 273.15
    _, _, empty = run_cached(*HOT_OVEN, "cell.soc=0")
    _, _, full = run_cached(*HOT_OVEN)
    assert bool(full["thermal_runaway"])
    assert float(empty["max_temperature"]) < 1000.0 + 273.15
    assert float(empty["max_temperature"]) < float(full["max_temperature"]) - 300.0


CYCLED_BURST = pytest.mark.xfail(
    reason="the cycled cell's dendritic Li (371 times the foil's area) makes C2H4 with EC from "
    "~50 degC (2.1 mmol by the burst, 1.5 of it as gas, the SEI barely started): the bag bursts "
    "at 78 degC; an aged "
    "cell, not a fresh one",
    strict=True,
)


def _burst_marks(name: str) -> list:
    return [CYCLED_BURST] if name == CYCLED else []


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=_burst_marks(n)) for n in NAMES if "pouch" in n]
)
def test_a_fresh_pouch_swells_and_does_not_burst_below_100_degc(name):
    _, _, ds = run_cached(name)
    if ds["vent_temperature"].isnull():  # never burst
        return
    assert float(ds["vent_temperature"]) >= 100.0 + 273.15
    assert float(ds["max_thickness_increase"]) >= 1e-3  # it swelled (mm) before it burst
