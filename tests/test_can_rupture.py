"""A can whose vent cannot keep up ruptures at its rupture pressure instead of holding more.

The bundled 18650 presets carry a rupture pressure (hoop-stress ESTIMATE, 8.6 MPa); with a
vent disk far too small for the runaway's gas (0.01 mm^2 instead of 15 mm^2) the pressure
climbs to it, the can ruptures, and the gas leaves through the can's cross-section.
"""

from __future__ import annotations

import math

import pytest

from runaway.api import build_model
from runaway.scenario import load_scenario
from runaway.scenario.errors import ScenarioError
from runaway.summary import format_summary

from .conftest import SCENARIOS, run_cached

HEATER = "li_ncm811_18650_heater"
CLOGGED = 'cell.can.vent_area="0.01 mm^2"'


def test_a_clogged_vent_ruptures_the_can_at_its_rupture_pressure():
    model, _, ds = run_cached(HEATER, CLOGGED)
    can = model.scenario.cell.can
    assert str(ds["status"].item()) == "ok"
    assert math.isfinite(float(ds["rupture_time"]))
    assert float(ds["rupture_time"]) > float(ds["vent_time"])
    gauge = float(ds["max_pressure"]) - model.ambient_pressure
    assert can.rupture_pressure <= gauge <= 1.05 * can.rupture_pressure
    assert "CAN RUPTURED" in format_summary(ds, model)


def test_a_can_with_a_working_vent_does_not_rupture():
    _, _, ds = run_cached(HEATER)
    assert math.isnan(float(ds["rupture_time"]))


def test_rupture_below_the_vent_pressure_is_refused():
    with pytest.raises(ScenarioError) as error:
        build_model(
            load_scenario(SCENARIOS / f"{HEATER}.toml", ['cell.can.rupture_pressure="1 MPa"'])
        )
    assert error.value.key.endswith("rupture_pressure")
    assert "vent_pressure" in error.value.message
