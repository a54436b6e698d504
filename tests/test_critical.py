"""Critical-boundary search: bisection agrees with a fine grid; CLI output and bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from click.testing import CliRunner

from runaway.cli import main
from runaway.grid.api import run_grid
from runaway.grid.critical import find_critical, parse_difference, scenario_spec
from runaway.grid.spec import parse_grid
from runaway.results import read_netcdf

ROOT = Path(__file__).resolve().parents[1]
KIM = ROOT / "scenarios" / "kim2007_18650_oven.toml"
CELSIUS = 273.15


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_bisection_agrees_with_the_boundary_of_a_fine_grid(tmp_path):
    spec = scenario_spec(KIM)
    (found,) = find_critical(spec, "abuse.temperature", 140 + CELSIUS, 155 + CELSIUS, 0.1)
    assert found.status == "ok" and found.runaway_above
    assert found.upper - found.lower <= 0.1
    # published-equation reference: no runaway in a 140 degC oven, runaway at 155 degC
    assert 140 + CELSIUS < found.value < 155 + CELSIUS
    lo, hi = found.value - 1.2, found.value + 1.2
    text = f"""
base = "{KIM.as_posix()}"
[grid]
"abuse.temperature" = {{start = {lo!r}, stop = {hi!r}, num = 9}}
"""
    grid = run_grid(parse_grid(text, "fine.toml"), tmp_path / "fine.nc", workers=1, progress=False)
    runaway = grid["thermal_runaway"].values
    temperature = grid["abuse.temperature"].values
    assert runaway[0] == 0 and runaway[-1] == 1
    first = int(np.argmax(runaway == 1))
    assert (runaway[:first] == 0).all() and (runaway[first:] == 1).all()  # one boundary
    boundary = 0.5 * (temperature[first - 1] + temperature[first])
    assert abs(boundary - found.value) <= 0.5


def test_critical_command_prints_units_and_writes_a_dataset(tmp_path):
    out = tmp_path / "boundary.nc"
    result = invoke(
        "critical", KIM, "--vary", "abuse.temperature", "--between", "140 degC", "155 degC",
        "--tolerance", "0.5 K", "--along", "environment.heat_transfer_coefficient=7,14",
        "--workers", "1", "-o", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "critical abuse.temperature" in line]
    assert len(lines) == 2 and all("degC" in line and " K)" in line for line in lines), lines
    ds = read_netcdf(out)
    assert ds["critical_value"].attrs["units"] == "K"
    assert ds["critical_value"].dims == ("environment.heat_transfer_coefficient",)
    assert (ds["upper"] - ds["lower"] <= 0.5).all()
    # more cooling, a hotter oven is needed for runaway
    assert float(ds["critical_value"][1]) > float(ds["critical_value"][0])


def test_critical_without_a_boundary_in_the_bracket_says_so():
    result = invoke(
        "critical", KIM, "--vary", "abuse.temperature", "--between", "100 degC", "110 degC",
        "--set", "solver.end_time=20 min",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "not found (no boundary: no runaway at both ends)" in result.output


def test_critical_bad_input_exits_2():
    result = invoke("critical", KIM, "--vary", "abuse.temprature", "--between", "1", "2")
    assert result.exit_code == 2 and "did you mean 'abuse.temperature'" in result.output
    result = invoke(
        "critical", KIM, "--vary", "abuse.temperature", "--between", "140 degC", "150 degC",
        "--tolerance", "3 s",
    )  # fmt: skip
    assert result.exit_code == 2 and "--tolerance" in result.output
    assert "Traceback" not in result.output


def test_tolerance_is_a_difference():
    assert parse_difference("0.5 degC", "K") == 0.5
    assert parse_difference("2 mohm", "ohm") == 0.002
    assert parse_difference("0.25", "K") == 0.25
