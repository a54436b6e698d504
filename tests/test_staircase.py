"""Oven staircase (SAE J2464 thermal stability): programme, exotherm holds, outcome."""

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import runaway
from runaway.abuse.staircase import maximum_stable_temperature
from runaway.cli import main
from runaway.summary import event_times

ROOT = Path(__file__).resolve().parents[1]

KIM_STAIRCASE = """
title = "Kim 2007 cell, oven staircase"
[cell]
preset = "kim2007-18650"
[abuse]
kind = "staircase"
start_temperature = "130 degC"
step = "5 K"
hold_time = "30 min"
end_temperature = "{end}"
[environment]
temperature = "25 degC"
heat_transfer_coefficient = "7 W/m^2/K"
[solver]
end_time = "12 h"
stop_after_runaway = "5 min"
"""


def run(tmp_path, end="170 degC"):
    path = tmp_path / "staircase.toml"
    path.write_text(KIM_STAIRCASE.format(end=end), encoding="utf-8")
    return runaway.run_scenario(runaway.load_scenario(path))


def test_maximum_stable_temperature_from_the_set_point_history():
    # steps 400, 405, 410 K; runaway while holding 410 K -> 405 K is the last stable step
    time = np.array([0.0, 10, 20, 30, 40, 50])
    set_point = np.array([300.0, 400, 400, 405, 410, 410])
    assert maximum_stable_temperature(time, set_point, 45.0, 400.0, 5.0, 420.0) == 405.0
    # runaway while ramping from 405 to 410 K: 405 K was completed
    assert maximum_stable_temperature(time, set_point, 35.0, 400.0, 5.0, 420.0) == 405.0
    # runaway during the first hold: no stable step
    assert maximum_stable_temperature(time, set_point, 15.0, 400.0, 5.0, 420.0) is None
    # no runaway: the last step reached counts
    assert maximum_stable_temperature(time, set_point, None, 400.0, 5.0, 410.0) == 410.0


def test_set_point_follows_ramp_and_holds_and_exotherm_extends_holds(tmp_path):
    ds = run(tmp_path)
    t, oven = ds["time"].values, ds["staircase_oven_temperature"].values
    ramp_end = (403.15 - 298.15) / (5.0 / 60.0)  # 25 -> 130 degC at 5 K/min [s]
    assert np.interp(ramp_end / 2, t, oven) == pytest.approx(298.15 + 52.5, abs=1e-3)
    assert np.interp(ramp_end + 900.0, t, oven) == pytest.approx(403.15, abs=1e-6)
    assert oven.max() <= 443.15 + 1e-6
    events = event_times(ds)
    assert "staircase_exotherm" in events
    # an exothermic step is held past its 30 min: runaway comes later than the plain programme
    # would bring the oven to the step where the cell ran away
    values, counts = np.unique(np.round(oven, 6), return_counts=True)
    held = values[counts >= 3]  # set points the oven stayed at over several steps
    held = held[held > 298.15 + 1e-3]
    assert len(held) >= 3
    assert np.allclose((held - 403.15) / 5.0, np.round((held - 403.15) / 5.0), atol=1e-6)
    assert bool(ds["thermal_runaway"].values)
    plain_hours = (ramp_end + (np.interp(events["runaway"], t, oven) - 403.15) / 5 * 1860) / 3600
    assert events["runaway"] / 3600 > plain_hours


def test_summary_names_the_maximum_stable_step(tmp_path):
    path = tmp_path / "staircase.toml"
    path.write_text(KIM_STAIRCASE.format(end="170 degC"), encoding="utf-8")
    out = CliRunner().invoke(main, ["run", str(path), "-o", str(tmp_path / "r.nc")])
    assert out.exit_code == 0, out.output
    assert "staircase max stable step" in out.output
    assert "first at oven" in out.output


def test_end_below_start_is_one_clear_message(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(KIM_STAIRCASE.format(end="120 degC"), encoding="utf-8")
    out = CliRunner().invoke(main, ["run", str(path), "-o", str(tmp_path / "r.nc")])
    assert out.exit_code == 2
    assert "abuse.end_temperature" in out.output and "Traceback" not in out.output


@pytest.mark.parametrize(
    "template", ["sae_j2464_thermal_stability.toml", "arc_heat_wait_seek.toml"]
)
def test_new_templates_load_for_a_graphite_preset(template):
    scenario = runaway.load_scenario(
        ROOT / "scenarios" / "regulatory" / template, ["cell.preset=golubkov2014-nmc-18650"]
    )
    assert scenario.abuse.kind in ("staircase", "arc")


def test_the_li_pouch_staircase_runs_to_its_end_without_a_false_runaway():
    """Regression: at a step boundary near 247 degC the last solvent (EC, ~5e-10 mol) swung its
    Raoult fraction, and ~1e-7 mol of its vapour condensed within a millisecond (30 W); the
    spike fired the runaway event and its stop timer while the runaway rule said no runaway.
    With the dissolved salt and oligomer in the liquid solution the last solvent stays
    dissolved in them and the staircase runs to its end."""
    from tests.conftest import run_cached

    _, out, ds = run_cached("regulatory/sae_j2464_thermal_stability")
    assert out.status == "ok"
    assert ("runaway" in out.events) == bool(ds["thermal_runaway"])
    assert float(ds["max_temperature"]) - 273.15 == pytest.approx(300.0, abs=1.0)
