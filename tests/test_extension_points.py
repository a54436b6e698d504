"""Plug-in proof: a new abuse kind and a new state variable, defined entirely in this file.

Nothing in the package is changed: the abuse kind (a constant-power block heater with its own
scenario keys and one cut-off event) is registered through :func:`runaway.register_abuse_kind`
and runs through :func:`runaway.run_scenario` and the CLI; the user part (a thermocouple that
reads the cell temperature with a first-order lag, dT_tc/dt = (T - T_tc)/tau) is registered
through :func:`runaway.register_part` and its state and diagnostic appear in the netCDF file
with their units.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pytest
from click.testing import CliRunner
from pydantic import BaseModel
from scipy.integrate import solve_ivp

import runaway
from runaway.abuse import SCHEMA_CONFIG, AbuseKind, unregister_abuse_kind
from runaway.cli import main
from runaway.kernel.bus import B_ABUSE_HEAT_RATE
from runaway.parts import (
    STAGE_DERIVATIVES,
    STAGE_SOURCE,
    TEMPERATURE,
    Event,
    StateVariable,
    UserPart,
    Variable,
    bus_slot,
    part_function,
    unregister_part,
)
from runaway.scenario.units import POWER, TIME, quantity
from runaway.scenario.units import TEMPERATURE as TEMPERATURE_DIM

from .conftest import SCENARIOS

KIM = SCENARIOS / "kim2007_18650_oven.toml"
BLOCK = 'abuse={kind = "block_heater", power = "15 W", cutoff_temperature = "130 degC"}'


# --- a constant-power block heater -------------------------------------------------------
class BlockHeater(BaseModel):
    """Constant-power block heater clamped to the cell, switched off at a cut-off temperature."""

    model_config = SCHEMA_CONFIG
    kind: Literal["block_heater"]
    power: quantity(POWER, gt=0)
    cutoff_temperature: quantity(TEMPERATURE_DIM, gt=0)


@part_function(cache=False)
def block_heater_source(time, y, mode, fp, ip, params, iparams, bus, dy):
    if mode[iparams[0]] == 1:
        bus[B_ABUSE_HEAT_RATE] = params[0]


class BlockHeaterKind(AbuseKind):
    name = "block_heater"
    schema = BlockHeater
    mode_flags = ("block_heater_on",)
    functions = {STAGE_SOURCE: block_heater_source}

    def parameters(self):
        return [self.settings.power], [self.model.mode_index("block_heater_on")]

    def start(self, mode, control):
        mode.flags["block_heater_on"] = 1

    def events(self, mode):
        if not mode.flags["block_heater_on"]:
            return []
        return [Event("block_heater_cutoff", TEMPERATURE, self.settings.cutoff_temperature)]

    def on_event(self, name, mode, control):
        if name == "block_heater_cutoff":
            mode.flags["block_heater_on"] = 0

    def summary(self, dataset):
        return [f"block heater              {self.settings.power:g} W until cut-off"]


# --- a thermocouple with a first-order lag ---------------------------------------------
class ThermocoupleSettings(BaseModel):
    """Thermocouple on the cell surface: first-order lag behind the cell temperature."""

    model_config = SCHEMA_CONFIG
    time_constant: quantity(TIME, gt=0)


@part_function(cache=False)
def thermocouple_lag(time, y, mode, fp, ip, params, iparams, bus, dy):
    lag = y[iparams[0]] - y[iparams[1]]
    dy[iparams[1]] = lag / params[0]
    bus[iparams[2]] = lag


class Thermocouple(UserPart):
    name = "thermocouple"
    schema = ThermocoupleSettings
    states = (
        StateVariable(
            "thermocouple_temperature",
            "K",
            "thermocouple reading (first-order lag)",
            atol=1e-6,
            jacobian_floor=1.0,
            result="thermocouple_temperature",
        ),
    )
    diagnostics = (Variable("thermocouple_error", "K", "cell minus thermocouple temperature"),)
    functions = {STAGE_DERIVATIVES: thermocouple_lag}

    def parameters(self):
        layout = self.model.layout
        offsets = [layout.temperature, layout.thermocouple_temperature]
        return [self.settings.time_constant], [*offsets, bus_slot(self.model, "thermocouple_error")]

    def initial_state(self, y):
        y[self.model.layout.thermocouple_temperature] = self.model.initial_temperature


@pytest.fixture
def block_heater():
    runaway.register_abuse_kind(BlockHeaterKind)
    yield
    unregister_abuse_kind("block_heater")


@pytest.fixture
def thermocouple():
    runaway.register_part(Thermocouple)
    yield
    unregister_part("thermocouple")


def test_new_abuse_kind_runs_through_the_api(block_heater):
    ds = runaway.run_scenario(runaway.load_scenario(KIM, [BLOCK, "solver.end_time=2 h"]))
    assert ds["status"].item() == "ok"
    t_cut = float(ds.attrs["event_times"].split("block_heater_cutoff=")[1].split(";")[0])
    # the heater delivered exactly 15 W until the cut-off, and nothing after
    assert ds.attrs["energy_abuse_J"] == pytest.approx(15.0 * t_cut, rel=1e-9)
    heat = ds["abuse_heat_rate"].values
    time = ds["time"].values
    assert np.all(heat[time < t_cut - 1e-6] == 15.0)
    assert np.all(heat[time > t_cut + 1e-6] == 0.0)
    cut_temperature = np.interp(t_cut, time, ds["temperature"].values)
    assert cut_temperature == pytest.approx(403.15, abs=1e-3)


def test_new_abuse_kind_equals_the_builtin_fixed_power_heater(block_heater):
    """The plug-in and the built-in heater at fixed power with a cut-off are the same
    physics, so they give the same history."""
    common = ["solver.end_time=2 h"]
    plug = runaway.run_scenario(runaway.load_scenario(KIM, [BLOCK, *common]))
    builtin = runaway.run_scenario(
        runaway.load_scenario(
            KIM,
            [
                'abuse={kind = "heater", power = "15 W", max_temperature = "130 degC", '
                "stop_on_runaway = false}",
                *common,
            ],
        )
    )
    np.testing.assert_allclose(plug.temperature.values, builtin.temperature.values, rtol=1e-12)
    assert float(plug.max_temperature) == float(builtin.max_temperature)


def test_new_abuse_kind_runs_through_the_cli(block_heater, tmp_path):
    out = tmp_path / "block.nc"
    result = CliRunner().invoke(
        main,
        ["run", str(KIM), "--set", BLOCK, "--set", "solver.end_time=2 h", "-q", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "block heater              15 W until cut-off" in result.output
    ds = runaway.read_netcdf(out)
    assert ds.attrs["abuse_kind"] == "block_heater"
    listing = CliRunner().invoke(main, ["kinds"])
    assert "block_heater" in listing.output and "cutoff_temperature" in listing.output


def test_new_abuse_kind_keys_are_validated(block_heater):
    with pytest.raises(runaway.ScenarioError, match="cutoff_temperatur"):
        runaway.load_scenario(
            KIM, ['abuse={kind = "block_heater", power = "15 W", cutoff_temperatur = 400}']
        )


def test_unregistered_kind_is_unknown_again():
    with pytest.raises(runaway.ScenarioError, match="unknown abuse.kind"):
        runaway.load_scenario(KIM, [BLOCK])


def test_new_state_variable_reaches_the_netcdf_with_units(thermocouple, tmp_path):
    scenario = runaway.load_scenario(KIM, ['parts.thermocouple.time_constant="20 s"'])
    ds = runaway.run_scenario(scenario)
    path = runaway.write_netcdf(ds, tmp_path / "tc.nc")
    back = runaway.read_netcdf(path)
    tc = back["thermocouple_temperature"]
    assert tc.attrs["units"] == "K" and "lag" in tc.attrs["long_name"]
    assert back["thermocouple_error"].attrs["units"] == "K"
    # independent check of the lag: integrate dT_tc/dt = (T - T_tc)/tau with the stored cell
    # temperature up to just before runaway and compare with the stored reading
    time, cell = back["time"].values, back["temperature"].values
    window = time < 1200.0
    lagged = solve_ivp(
        lambda t, x: (np.interp(t, time, cell) - x) / 20.0,
        (0.0, time[window][-1]),
        [cell[0]],
        t_eval=time[window],
        rtol=1e-9,
        atol=1e-9,
        max_step=2.0,
    ).y[0]
    np.testing.assert_allclose(tc.values[window], lagged, atol=0.02)  # [K]
    error = back["thermocouple_error"].values
    np.testing.assert_allclose(error, cell - tc.values, atol=1e-9)
    # the thermocouple reads the peak later and lower
    assert float(tc.max()) < float(back["max_temperature"])


def test_new_state_variable_does_not_change_the_cell(thermocouple):
    with_tc = runaway.run_scenario(
        runaway.load_scenario(KIM, ['parts.thermocouple.time_constant="20 s"'])
    )
    without = runaway.run_scenario(runaway.load_scenario(KIM))
    assert float(with_tc.max_temperature) == pytest.approx(float(without.max_temperature), abs=0.5)
    assert float(with_tc.time_to_runaway) == pytest.approx(float(without.time_to_runaway), abs=0.5)


def test_part_table_without_registered_part_is_an_unknown_key():
    with pytest.raises(runaway.ScenarioError, match="parts.thermocouple"):
        runaway.load_scenario(KIM, ['parts.thermocouple.time_constant="20 s"'])


class _FakeEntryPoint:
    def __init__(self, kind):
        self.kind, self.name, self.value = kind, kind.name, f"fake:{kind.__name__}"

    def load(self):
        return self.kind


def test_entry_point_kinds_come_after_builtins_and_cannot_replace_them(monkeypatch):
    import runaway.registry
    from runaway.abuse import KINDS

    class OvenImpostor(BlockHeaterKind):
        name = "oven"

    monkeypatch.setattr(KINDS, "_entry_points_loaded", False)
    monkeypatch.setattr(
        runaway.registry,
        "entry_points",
        lambda group: [_FakeEntryPoint(OvenImpostor), _FakeEntryPoint(BlockHeaterKind)],
    )
    try:
        with pytest.warns(UserWarning, match="built-in abuse kind has that name"):
            kinds = runaway.abuse_kinds()
        names = list(kinds)
        assert names[:8] == ["none", "oven", "staircase", "arc", "heater", "external_short",
                             "internal_short", "nail"]  # fmt: skip
        assert names[-1] == "block_heater"
        assert kinds["oven"].__name__ == "OvenKind"
    finally:
        unregister_abuse_kind("block_heater")


def test_builtin_part_functions_load_from_the_cache(tmp_path):
    """Later processes find the abuse kinds' compiled functions in numba's cache, and the cache
    does not grow with every run. (numba writes a cfunc's cache entry only from the second
    process on when the first one also compiled the functions it calls: at most two compiles.)
    """
    import os
    import subprocess
    import sys

    script = (
        "from runaway import load_scenario, run_scenario\n"
        f"run_scenario(load_scenario({str(KIM)!r}, ['solver.end_time=60']))\n"
        "from runaway.abuse.oven import oven_surroundings\n"
        "print(oven_surroundings._compiled.cache_hits)\n"
    )
    cache = tmp_path / "numba"
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache)}
    hits, files = [], []
    for _ in range(4):
        result = subprocess.run(
            [sys.executable, "-P", "-c", script], env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        hits.append(result.stdout.split()[-1])
        files.append(len(list(cache.rglob("*oven_surroundings*"))))
    assert hits[2:] == ["1", "1"]
    assert files[1] == files[2] == files[3] > 0


def test_state_event_equals_temperature_event(block_heater):
    """A STATE event on the temperature entry fires exactly where a TEMPERATURE event does."""
    from runaway.parts import STATE

    class StateCutoff(BlockHeaterKind):
        name = "block_heater_state"

        def events(self, mode):
            if not mode.flags["block_heater_on"]:
                return []
            index = self.model.layout.temperature
            return [Event("block_heater_cutoff", STATE, self.settings.cutoff_temperature, index)]

    class StateCutoffSettings(BlockHeater):
        kind: Literal["block_heater_state"]

    StateCutoff.schema = StateCutoffSettings
    runaway.register_abuse_kind(StateCutoff)
    try:
        by_state = runaway.run_scenario(
            runaway.load_scenario(
                KIM,
                [BLOCK.replace('"block_heater"', '"block_heater_state"'), "solver.end_time=2 h"],
            )
        )
        by_temperature = runaway.run_scenario(
            runaway.load_scenario(KIM, [BLOCK, "solver.end_time=2 h"])
        )
    finally:
        unregister_abuse_kind("block_heater_state")
    assert by_state.attrs["event_times"] == by_temperature.attrs["event_times"]
    np.testing.assert_array_equal(by_state.temperature.values, by_temperature.temperature.values)
