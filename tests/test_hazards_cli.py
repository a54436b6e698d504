"""``runaway hazards``: composition and result input, JSON and table output, bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest
import xarray as xr
from click.testing import CliRunner

from runaway.cli import main
from runaway.hazards import flame

from .conftest import run_cached

GOLUBKOV = "H2=0.308,CO=0.13,CO2=0.412,CH4=0.068,C2H4=0.082"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RUNAWAY_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def fake_flame(monkeypatch):
    """A stand-in flame solver (0.5 m/s, 2000 K): these tests are about the command."""
    monkeypatch.setattr(flame, "_solve_flame", lambda *a, **k: (0.5, 2000.0))


def _invoke(*args):
    return CliRunner().invoke(main, ["hazards", *args])


def test_composition_json(fake_flame):
    result = _invoke("--composition", GOLUBKOV, "--phi", "0.9,1.1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["lfl"] == pytest.approx(0.07612, abs=5e-5)
    assert data["burning_velocity"] == [0.5, 0.5]
    assert data["units"]["p_max"] == "Pa" and len(data["p_max"]) == len(data["phi_pmax"])
    assert max(data["p_max"]) > 6e5
    assert data["gas_volume_25_lfl"] > 0 and data["cells_to_25_lfl"] is None


def test_table_and_conditions(fake_flame):
    result = _invoke("-c", "CH4=1", "--phi", "1", "-T", "100 degC", "-p", "1 bar")
    assert result.exit_code == 0, result.output
    assert "LFL / UFL in air (whole gas) 5.00 % / 15.00 %" in result.output
    assert "100.0 degC" in result.output and "not a test result" in result.output
    line = next(x for x in result.output.splitlines() if "LFL at initial temperature" in x)
    assert float(line.split()[4]) < 5.0  # the limit widens when the gas is hot


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-c", "H2=0.5,XE=0.5"], "unknown species 'XE'"),
        (["-c", "H2=0.5,CO2=0.4"], "sum to 0.9"),
        (["-c", "H2=0.5,CO2=0.5", "-T", "hot"], "--temperature"),
        (["-c", "H2=1", "--phi", "a,b"], "--phi"),
        ([], "either a RESULT.nc file or --composition"),
        (["nothing.nc"], "no such file"),
    ],
)
def test_bad_input_exits_2_with_one_message(args, message):
    result = _invoke(*args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_result_without_vent_gas_exits_2(tmp_path):
    path = tmp_path / "empty.nc"
    xr.Dataset(
        {"gas_mole_fraction": ("species", np.zeros(3)), "gas_total": ((), 0.0)},
        coords={"species": ["CO2", "H2", "CO"]},
    ).to_netcdf(path, engine="h5netcdf")
    result = _invoke(str(path))
    assert result.exit_code == 2
    assert "no vent gas" in result.output and "Traceback" not in result.output


def test_vent_gas_of_a_simulated_result(tmp_path):
    """End to end with a real flame: the pouch cell's gas in the 150 degC oven of its scenario
    file (it vents without running away)."""
    from runaway import write_netcdf

    pouch_oven = run_cached("li_ncm811_pouch_oven")

    path = tmp_path / "oven.nc"
    write_netcdf(pouch_oven[2], path)
    result = _invoke(str(path), "--phi", "1", "--json", "--volume", "30 m^3")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    fractions = dict(
        zip(pouch_oven[2]["species"].values, pouch_oven[2]["gas_mole_fraction"].values, strict=True)
    )
    assert data["composition"]["CO2"] == pytest.approx(fractions["CO2"], rel=1e-6)
    assert data["flammable"] and 0.2 < data["burning_velocity"][0] < 1.0  # m/s, CO/H2-rich gas
    assert data["cells_to_25_lfl"] == pytest.approx(
        data["gas_amount_25_lfl"] / float(pouch_oven[2]["gas_total"]), rel=1e-9
    )
