"""The example grids run (at a small size), and their maps: boundary, failed points, units."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from runaway.cli import main
from runaway.grid.api import run_grid
from runaway.grid.maps import _map_figure
from runaway.grid.spec import load_grid

ROOT = Path(__file__).resolve().parents[1]
GRIDS = ROOT / "scenarios" / "grids"


def shrink(spec, keep: int = 2):
    """The same grid with only the first and last values of each axis (or all if fewer)."""
    for axis in spec.axes:
        picks = [0, len(axis) - 1][:keep] if len(axis) > 1 else [0]
        axis.values = [[values[i] for i in picks] for values in axis.values]
    return spec


@pytest.fixture(scope="module")
def oven_soc(tmp_path_factory):
    spec = load_grid(GRIDS / "li_ncm811_oven_soc.toml")
    assert spec.shape == (13, 5)
    out = tmp_path_factory.mktemp("oven") / "oven_soc.nc"
    return run_grid(shrink(spec), out, workers=1, progress=False), out


def test_oven_soc_example_runs_and_spans_the_boundary(oven_soc):
    ds, _ = oven_soc
    assert ds["status"].shape == (2, 2) and (ds["status"] == "ok").all()
    assert ds["abuse.temperature"].attrs["units"] == "K"
    np.testing.assert_allclose(ds["abuse.temperature"].values, [393.15, 513.15])
    # a 240 degC oven drives every SOC into runaway, a 120 degC one none
    assert (ds["thermal_runaway"].sel({"abuse.temperature": 513.15}) == 1).all()
    assert (ds["thermal_runaway"].sel({"abuse.temperature": 393.15}) == 0).all()


def test_external_short_example_runs(tmp_path):
    spec = load_grid(GRIDS / "li_ncm811_external_short.toml")
    assert spec.shape == (7, 3, 2)
    np.testing.assert_allclose(np.array(spec.axes[0].values[0])[[0, -1]], [1e-3, 1.0])
    spec = shrink(spec)
    for axis in spec.axes[1:]:
        axis.values = [v[-1:] for v in axis.values]  # SOC 1.0, 45 degC ambient
    ds = run_grid(spec, tmp_path / "short.nc", workers=1, progress=False)
    assert (ds["status"] == "ok").all()
    assert ds["abuse.resistance"].attrs["units"] == "ohm"
    assert ds.sizes["abuse.resistance"] == 2


def test_map_command_writes_png_and_svg_with_units(oven_soc, tmp_path):
    _, path = oven_soc
    result = CliRunner().invoke(
        main, ["map", str(path), "-o", str(tmp_path / "maps"), "--variables",
               "onset_temperature,max_pressure"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "maps").iterdir())
    assert names == [f"{stem}.{ext}" for stem in
                     ("gas_composition", "max_pressure", "onset_temperature")
                     for ext in ("png", "svg")]  # fmt: skip
    svg = (tmp_path / "maps" / "max_pressure.svg").read_text()
    assert "[Pa]" in svg or "Pa" in svg


def test_failed_points_are_hatched_not_coloured(oven_soc):
    ds, _ = oven_soc
    ds = ds.copy(deep=True)
    ds["status"][0, 1] = "failed: forced"
    ds["max_pressure"][0, 1] = 0.0  # a failed point's value must not be drawn
    fig = _map_figure(ds, "max_pressure", ["abuse.temperature", "cell.soc"])
    ax = fig.axes[0]
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1
    mesh = ax.collections[0]
    assert np.ma.getmaskarray(mesh.get_array()).reshape(2, 2)[1, 0]
    assert "Pa" in fig.axes[1].get_ylabel()


def test_map_of_a_file_that_is_no_grid_result_exits_2(tmp_path):
    from runaway.results import write_netcdf
    from tests.conftest import run_cached

    single = tmp_path / "single.nc"
    write_netcdf(run_cached("kim2007_18650_oven", "solver.end_time=10 min")[2], single)
    result = CliRunner().invoke(main, ["map", str(single), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2 and "not a grid result" in result.output
