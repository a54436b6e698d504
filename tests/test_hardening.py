"""A scenario is data: bad input, hostile mechanisms and output mistakes never run code, lose a
result or end in a traceback."""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner

from runaway.cli import main
from runaway.results import read_netcdf

from .conftest import ROOT, SCENARIOS, make_the_solver_fail

KIM = SCENARIOS / "kim2007_18650_oven.toml"
SHORT = ["--set", "solver.end_time=60", "-q"]


def run(*args):
    return CliRunner().invoke(main, ["run", *map(str, args)])


def _hostile_mechanism(folder):
    (folder / "evil_marker.py").write_text(
        "import pathlib\npathlib.Path(__file__).with_name('MARKER').write_text('ran')\n"
    )
    text = (ROOT / "mechanisms" / "kim2007.yaml").read_text()
    path = folder / "evil.yaml"
    path.write_text(text + "\nextensions:\n- type: python\n  name: evil_marker\n")
    return path


def test_mechanism_with_python_extension_is_refused_and_runs_nothing(tmp_path, monkeypatch):
    path = _hostile_mechanism(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # Cantera would find the module here
    monkeypatch.chdir(tmp_path)
    result = run(KIM, "--set", f'cell.mechanisms=["{path}"]', *SHORT, "-o", tmp_path / "x.nc")
    assert result.exit_code == 2
    assert "extensions" in result.output and "cell.mechanisms" in result.output
    assert not (tmp_path / "MARKER").exists()
    assert not (tmp_path / "x.nc").exists()


def test_relative_mechanism_paths_start_at_the_scenario_folder(tmp_path, monkeypatch):
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "mine.yaml").write_text((ROOT / "mechanisms" / "kim2007.yaml").read_text())
    scenario = folder / "scenario.toml"
    scenario.write_text(KIM.read_text())
    monkeypatch.chdir(tmp_path)  # not the scenario's folder
    result = run(scenario, "--set", 'cell.mechanisms=["mine.yaml"]', *SHORT, "-o", "out.nc")
    assert result.exit_code == 0, result.output
    assert "mine.yaml" in read_netcdf(tmp_path / "out.nc").attrs["mechanisms"]


# --- output safety --------------------------------------------------------------------------


def test_output_over_the_scenario_file_is_refused(tmp_path):
    scenario = tmp_path / "mine.toml"
    scenario.write_text(KIM.read_text())
    result = run(scenario, *SHORT, "-o", scenario.with_suffix(".nc").with_name("mine.toml"))
    assert result.exit_code == 2  # not a .nc name
    before = scenario.read_text()
    result = run(scenario, *SHORT, "-o", "mine.toml")
    assert result.exit_code == 2 and "-o/--output" in result.output
    assert scenario.read_text() == before


@pytest.mark.parametrize("name", ["", "result.txt"])
def test_empty_or_wrong_output_name_is_refused_before_the_run(tmp_path, name):
    result = run(KIM, *SHORT, "-o", name)
    assert result.exit_code == 2 and "-o/--output" in result.output
    assert "Traceback" not in result.output


def test_output_below_a_file_is_refused_before_the_run(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    result = run(KIM, *SHORT, "-o", blocker / "out.nc")
    assert result.exit_code == 2 and "cannot write" in result.output


def test_failed_run_never_replaces_a_good_result(tmp_path, monkeypatch):
    out = tmp_path / "kim.nc"
    assert run(KIM, *SHORT, "-o", out).exit_code == 0
    good = out.read_bytes()
    make_the_solver_fail(monkeypatch, after=10.0)
    result = run(KIM, *SHORT, "-o", out)
    assert result.exit_code == 2
    assert out.read_bytes() == good
    failed = tmp_path / "kim.failed.nc"
    assert read_netcdf(failed)["status"].item().startswith("failed")
    assert run(KIM, *SHORT, "-o", out, "--force").exit_code == 2
    assert read_netcdf(out)["status"].item().startswith("failed")


def test_result_file_mode_follows_the_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        out = tmp_path / "kim.nc"
        assert run(KIM, *SHORT, "-o", out).exit_code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_ctrl_c_exits_130_and_writes_nothing(tmp_path, monkeypatch):
    import runaway.api

    out = tmp_path / "kim.nc"
    out.write_bytes(b"old result")

    def interrupted(model, progress=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(runaway.api, "run_model", interrupted)
    result = run(KIM, *SHORT, "-o", out)
    assert result.exit_code == 130
    assert out.read_bytes() == b"old result"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kim.nc"]


# --- bad input from the reproductions -----------------------------------------------

POUCH_OVEN = SCENARIOS / "li_ncm811_pouch_oven.toml"


@pytest.mark.parametrize(
    ("setting", "key", "words"),
    [
        ("abuse.temperature=150", "abuse.temperature", ["200, 3000", "degC"]),
        ("cell.specific_heat=1", "cell.specific_heat", ["J/g/K"]),
        ('cell.length="5 parsecs"', "cell.length", ["[0.0001, 2] m"]),
        ("cell.pouch.stack_pressure=1e30", "cell.pouch.stack_pressure", ["kPa"]),
        ("cell.free_volume=0", "cell.free_volume", ["gas space", "0.01 cm^3"]),
        ("solver.max_step=1e-9", "solver.max_step", ["end_time", "200000"]),
        ("title=" + '"' + "x" * 100_000 + '"', None, []),
    ],
)
def test_implausible_values_get_one_clear_message(setting, key, words):
    result = run(POUCH_OVEN, "--set", setting, *SHORT, "-o", "never.nc")
    if key is None:  # a long title is fine; it must simply not break anything
        assert result.exit_code in (0, 2)
        assert "Traceback" not in result.output
        return
    assert result.exit_code == 2, result.output
    assert key in result.output and "Traceback" not in result.output
    for word in words:
        assert word in result.output
    assert len(result.output) < 600  # no echo of huge values


def test_long_value_is_cut_in_the_message():
    result = run(KIM, "--set", "cell.mass=" + '"' + "9" * 100_000 + ' g"', *SHORT)
    assert result.exit_code == 2 and len(result.output) < 600


def test_deeply_nested_value_is_a_clean_error():
    nested = "[" * 500 + "]" * 500
    result = run(KIM, "--set", f"cell.mass={nested}", *SHORT)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_utf8_bom_is_accepted(tmp_path):
    scenario = tmp_path / "bom.toml"
    scenario.write_bytes(b"\xef\xbb\xbf" + KIM.read_bytes())
    result = run(scenario, *SHORT, "-o", tmp_path / "bom.nc")
    assert result.exit_code == 0, result.output


def test_a_run_outside_the_thermo_range_is_not_ok():
    import numpy as np

    from runaway.results import physical_problem

    assert physical_problem(np.array([300.0, 2999.0])) == ""
    assert "3100 K" in physical_problem(np.array([300.0, 3100.0]))
    assert "not physical" in physical_problem(np.array([150.0, 300.0]))


def test_read_only_install_falls_back_to_a_temporary_numba_cache(tmp_path):
    from runaway import numba_cache_fallback

    package, home = tmp_path / "site" / "runaway", tmp_path / "home" / ".cache" / "numba"
    package.mkdir(parents=True)

    def only(*allowed):
        return lambda path: any(path == a for a in allowed)

    assert numba_cache_fallback(package, home, {}, only(package)) is None  # in-tree cache
    assert numba_cache_fallback(package, home, {}, only(tmp_path)) is None  # user-wide cache
    assert numba_cache_fallback(package, home, {"NUMBA_CACHE_DIR": "/x"}, only()) is None
    folder = numba_cache_fallback(package, home, {}, only())
    assert folder is not None and "runaway-numba" in folder


@pytest.mark.parametrize(
    ("setting", "key"),
    [
        ("abuse.kind={a=1}", "abuse.kind"),
        ('cell.radius="1e-300 mm"', "cell.radius"),
        ('title="a\\u0000b"', "title"),
    ],
)
def test_former_tracebacks_are_clean_errors(setting, key):
    result = run(KIM, "--set", setting, *SHORT, "-o", "never.nc")
    assert result.exit_code == 2, result.output
    assert key in result.output and "Traceback" not in result.output


def test_gas_denser_than_the_ideal_gas_law_allows_is_not_ok():
    import numpy as np

    from runaway.physics.headspace import CO_VOLUME
    from runaway.results import physical_problem

    temperature = np.array([300.0, 1000.0])
    volume = np.array([1e-6, 1e-6])
    assert physical_problem(temperature, volume, volume / (20 * CO_VOLUME)) == ""
    assert "co-volumes" in physical_problem(temperature, volume, volume / (2 * CO_VOLUME))


def test_absolute_tolerance_takes_the_unit_the_docs_give(tmp_path):
    result = run(KIM, "--set", 'solver.atol="1e-9 mol"', *SHORT, "-o", tmp_path / "kim.nc")
    assert result.exit_code == 0, result.output
    result = run(KIM, "--set", 'solver.atol="1e-9 K"', *SHORT, "-o", tmp_path / "never.nc")
    assert result.exit_code == 2 and "solver.atol" in result.output and "mol" in result.output


def test_solver_failure_names_the_settings_and_hides_internal_words(tmp_path, monkeypatch):
    make_the_solver_fail(monkeypatch, after=30.0)
    result = run(KIM, *SHORT, "-o", tmp_path / "kim.nc")
    assert result.exit_code == 2
    for words in ("solver.rtol", "solver.atol", "non-finite", "T = "):
        assert words in result.output, result.output
    assert "istate" not in result.output and "Traceback" not in result.output


def test_lsoda_words_are_translated():
    from runaway import build_model, load_scenario
    from runaway.solver import failure_message

    model = build_model(load_scenario(KIM))
    y = model.initial_state()
    text = failure_message(model, 1.0, y, RuntimeError("Unexpected istate in LSODA."))
    assert "istate" not in text and "step size collapsed" in text and "solver.rtol" in text
    text = failure_message(model, 1.0, y, ZeroDivisionError("division by zero"))
    assert "singular" in text


def test_misspelt_table_after_the_abuse_table_is_not_blamed_on_the_abuse_kind(tmp_path):
    scenario = tmp_path / "typo.toml"
    scenario.write_text(POUCH_OVEN.read_text() + "\n[envronment]\nx = 1\n")
    result = run(scenario, *SHORT, "-o", tmp_path / "never.nc")
    assert result.exit_code == 2 and "'environment'" in result.output
    assert "abuse.kind" not in result.output, result.output


def test_control_characters_in_a_key_keep_the_message_on_one_line(tmp_path):
    result = run(KIM, "--set", "0\x1e0=[]", *SHORT, "-o", tmp_path / "never.nc")
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "\\x1e" in result.output
