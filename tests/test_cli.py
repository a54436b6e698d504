"""The command line: summaries, netCDF output, and one clear message (exit 2) for bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from click.testing import CliRunner

from runaway.cli import main
from runaway.results import read_netcdf

from .conftest import make_the_solver_fail

ROOT = Path(__file__).resolve().parents[1]
KIM = ROOT / "scenarios" / "kim2007_18650_oven.toml"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_bad_input(result, *fragments):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    message = result.output
    assert message.count("error:") == 1, message
    for fragment in fragments:
        assert fragment in message, message


def test_run_writes_result_and_prints_summary(tmp_path):
    out = tmp_path / "kim.nc"
    result = invoke("run", KIM, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    for label in ("T1 onset", "T2 trigger", "T3 maximum", "thermal runaway", "YES"):
        assert label in result.output
    ds = read_netcdf(out)
    assert bool(ds["thermal_runaway"])
    assert ds["temperature"].attrs["units"] == "K"
    assert "kim2007.yaml" in ds.attrs["mechanism_sha256"]
    assert "[abuse]" in ds.attrs["scenario"]
    assert not list(tmp_path.glob(".*.tmp"))  # atomic write left no temporary file


def test_set_override_changes_the_answer(tmp_path):
    result = invoke(
        "run", KIM, "-o", tmp_path / "k140.nc", "-q", "--set", "abuse.temperature=140 degC"
    )
    assert result.exit_code == 0, result.output
    assert "thermal runaway           no" in result.output


def test_help_shows_examples():
    result = invoke("run", "--help")
    assert result.exit_code == 0
    assert "--set" in result.output and "Examples" in result.output


def test_check_command():
    result = invoke("check")
    assert result.exit_code == 0, result.output
    assert "all reactions element-balanced" in result.output


def test_cells_command():
    result = invoke("cells")
    assert "li-ncm811-pouch" in result.output and "kim2007-18650" in result.output


# --- bad input -----------------------------------------------------------------------------


def _write(tmp_path, text, name="bad.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


GOOD = KIM.read_text()


def test_missing_file(tmp_path):
    assert_bad_input(invoke("run", tmp_path / "nope.toml"), "nope.toml")


def test_toml_syntax_error_shows_line(tmp_path):
    path = _write(tmp_path, GOOD.replace('kind = "oven"', 'kind = "oven'))
    assert_bad_input(invoke("run", path, "-q"), "bad.toml", "line")


def test_unknown_key_suggests_closest(tmp_path):
    path = _write(tmp_path, GOOD.replace("emissivity = 0.8", "emisivity = 0.8"))
    assert_bad_input(invoke("run", path), "bad.toml", "environment.emisivity", "emissivity")


def test_unknown_key_from_set():
    assert_bad_input(invoke("run", KIM, "--set", "cell.sco=1"), "cell.sco", "cell.soc")


def test_wrong_unit(tmp_path):
    path = _write(tmp_path, GOOD.replace('temperature = "155 degC"', 'temperature = "155 m"'))
    assert_bad_input(invoke("run", path), "abuse.temperature", "temperature")


def test_negative_mass():
    assert_bad_input(invoke("run", KIM, "--set", "cell.mass=-1 g"), "cell.mass")


def test_soc_out_of_range():
    assert_bad_input(invoke("run", KIM, "--set", "cell.soc=1.5"), "cell.soc", "1")


def test_temperature_below_absolute_zero():
    assert_bad_input(
        invoke("run", KIM, "--set", "abuse.temperature=-300 degC"), "abuse.temperature"
    )


def test_unknown_preset():
    assert_bad_input(
        invoke("run", KIM, "--set", "cell.preset=no-such-cell"), "cell.preset", "kim2007-18650"
    )


def test_unknown_mechanism_species(tmp_path):
    text = GOOD.replace(
        'initial_temperature = "25 degC"',
        'initial_temperature = "25 degC"\n[cell.composition]\nUnobtainium = "1 g"',
    )
    path = _write(tmp_path, text)
    assert_bad_input(invoke("run", path), "bad.toml", "Unobtainium", "SEI_kim")


def test_unknown_mechanism_file():
    assert_bad_input(
        invoke("run", KIM, "--set", 'cell.mechanisms=["nope.yaml"]'), "cell.mechanisms", "nope"
    )


def test_cell_lighter_than_its_species():
    assert_bad_input(invoke("run", KIM, "--set", "cell.mass=10 g"), "cell.mass", "species")


def test_failed_integration_is_recorded_not_silent(tmp_path, monkeypatch):
    """A solver failure keeps the history so far, records status, exits 2, writes no NaN."""
    make_the_solver_fail(monkeypatch, after=600.0)
    out = tmp_path / "failed.nc"
    result = invoke("run", KIM, "-o", out, "-q")
    assert_bad_input(result, "run failed", "integration failed", "kim2007_18650_oven.toml")
    ds = read_netcdf(out)
    assert ds["status"].item().startswith("failed")
    assert np.isfinite(ds["temperature"].values).all()
    assert float(ds["time"].max()) <= 600.0 + 1e-6


def test_plot_command_writes_a_figure(tmp_path):
    out = tmp_path / "kim.nc"
    assert invoke("run", KIM, "-o", out, "-q").exit_code == 0
    result = invoke("plot", out, "-o", tmp_path / "kim.png")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kim.png").stat().st_size > 10_000


def test_plot_of_missing_file_is_a_clear_error(tmp_path):
    assert_bad_input(invoke("plot", tmp_path / "none.nc"), "none.nc")


def test_temperature_outside_thermo_range():
    assert_bad_input(
        invoke("run", KIM, "--set", "environment.temperature=1 K"), "environment.temperature", "200"
    )


def test_missing_species_in_a_mechanism_set_is_named():
    assert_bad_input(
        invoke("run", KIM, "--set", 'cell.mechanisms=["ncm.yaml"]'), "cell.mechanisms", "'O2(ads)'"
    )
