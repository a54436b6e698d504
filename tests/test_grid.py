"""Scenario grids: grid files, the runner, pool / Dask execution, resume, failures, output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from click.testing import CliRunner

from runaway.cli import main
from runaway.grid.api import run_grid
from runaway.grid.spec import check_points, parse_grid
from runaway.grid.store import parts_folder
from runaway.results import read_netcdf

ROOT = Path(__file__).resolve().parents[1]
KIM = ROOT / "scenarios" / "kim2007_18650_oven.toml"

#: A small, fast grid of the Kim 2007 cell: 3 oven temperatures x 2 heat transfer coefficients.
SMALL = f"""
base = "{KIM.as_posix()}"
[solver]
end_time = "40 min"
[grid]
"abuse.temperature" = {{start = "140 degC", stop = "160 degC", num = 3}}
"environment.heat_transfer_coefficient" = ["7 W/m^2/K", 12]
"""


def write(tmp_path: Path, text: str, name: str = "grid.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def results(ds: xr.Dataset) -> xr.Dataset:
    """The computed content of a grid result (provenance attrs left out)."""
    return ds.drop_attrs()


def test_grid_file_axes_ranges_units_and_zip():
    text = f"""
base = "{KIM.as_posix()}"
[grid]
"abuse.temperature" = {{start = "120 degC", stop = "200 degC", num = 5}}
"abuse.ramp_rate" = {{start = "1 K/min", stop = "100 K/min", num = 3, spacing = "log"}}
cell.soc = [0.5, 1.0]
"environment.temperature" = ["20 degC", "30 degC"]
"cell.initial_temperature" = ["20 degC", "30 degC"]
zip = [["environment.temperature", "cell.initial_temperature"]]
"""
    spec = parse_grid(text, "g.toml", folder=ROOT)
    assert [a.name for a in spec.axes] == [
        "abuse.temperature", "abuse.ramp_rate", "cell.soc", "environment.temperature"
    ]  # fmt: skip
    assert spec.shape == (5, 3, 2, 2)
    np.testing.assert_allclose(spec.axes[0].values[0], np.linspace(393.15, 473.15, 5))
    np.testing.assert_allclose(spec.axes[1].values[0], np.array([1, 10, 100]) / 60)
    cases = check_points(spec)
    assert len(cases) == 60 and len({c.hash for c in cases}) == 60
    assert spec.axes[3].coords == [[293.15, 303.15], [293.15, 303.15]]
    assert spec.axes[3].units == ["K", "K"]


@pytest.mark.parametrize(
    ("grid", "fragments"),
    [
        ('"abuse.temprature" = [400, 410]', ["did you mean 'abuse.temperature'"]),
        ('"abuse.temperature" = [400, -5]', ["abuse.temperature", "grid point", "-5"]),
        ('"abuse.temperature" = {start = "1 s", stop = 400, num = 3}', ["abuse.temperature"]),
        ('"abuse.temperature" = {start = 400, stop = 410, num = 0}', ["num", ">= 1"]),
        ('"abuse.temperature" = 400', ["a list of values or a range"]),
        ('"cell.soc" = [0.5]\n"abuse.temperature" = [400, 410]\nzip = [["cell.soc", '
         '"abuse.temperature"]]', ["differ in length"]),
        ('"abuse.temperature" = {stop = 400, num = 3}', ["abuse.temperature.start"]),
        ('"abuse.temperature" = {start = 400, stop = 410, num = 3, step = 1}', ["'step'"]),
        ("", ["needs a [grid] table"]),
        ('"cell.soc" = [0.5, 1.0', ["invalid TOML"]),
    ],
)  # fmt: skip
def test_bad_grid_files_get_one_message_and_exit_2(tmp_path, grid, fragments):
    path = write(tmp_path, f'base = "{KIM.as_posix()}"\n[grid]\n{grid}\n')
    result = invoke("grid", path, "-o", tmp_path / "out.nc", "-q")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.output.count("error:") == 1
    for fragment in fragments:
        assert fragment in result.output, result.output
    assert not (tmp_path / "out.nc").exists() and not parts_folder(tmp_path / "out.nc").exists()


def test_results_identical_for_1_and_2_workers_and_a_dask_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    spec = parse_grid(SMALL, "small.toml")
    one = run_grid(spec, tmp_path / "one.nc", workers=1, progress=False)
    two = run_grid(parse_grid(SMALL, "small.toml"), tmp_path / "two.nc", workers=2, progress=False)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:  # fmt: skip
        dask = run_grid(
            parse_grid(SMALL, "small.toml"), tmp_path / "dask.nc", scheduler=client, progress=False
        )
    assert (one["status"] == "ok").all()
    assert set(one["thermal_runaway"].values.ravel()) == {0, 1}  # the grid spans the boundary
    xr.testing.assert_identical(results(one), results(two))
    xr.testing.assert_identical(results(one), results(dask))
    xr.testing.assert_identical(results(read_netcdf(tmp_path / "two.nc")), results(two))
    assert one["abuse.temperature"].attrs["units"] == "K"
    assert "abuse.temperature" in one.attrs["grid"] and one.attrs["mechanism_sha256"]


def test_a_failing_point_is_recorded_and_the_others_are_intact(tmp_path):
    text = SMALL.replace(
        '"environment.heat_transfer_coefficient" = ["7 W/m^2/K", 12]',
        '"cell.mechanisms" = [["kim2007.yaml"], ["no-such-mechanism.yaml"]]',
    )
    path = write(tmp_path, text)
    out = tmp_path / "out.nc"
    result = invoke("grid", path, "-o", out, "-q", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "6 points, 3 ok, 3 failed" in result.output
    assert "no-such-mechanism.yaml" in result.output
    ds = read_netcdf(out)
    status = ds["status"].values
    assert all(s == "ok" for s in status[:, 0])
    assert all(s.startswith("failed:") and "no-such-mechanism" in s for s in status[:, 1])
    assert np.isnan(ds["max_temperature"].values[:, 1]).all()
    assert (ds["thermal_runaway"].values[:, 1] == -1).all()
    alone = parse_grid(text.replace(', ["no-such-mechanism.yaml"]', ""), "s.toml")
    good = run_grid(alone, tmp_path / "good.nc", workers=1, progress=False)
    np.testing.assert_array_equal(
        ds["max_temperature"].values[:, 0], good["max_temperature"].values[:, 0]
    )


def _chunks(folder: Path) -> list[Path]:
    return sorted(folder.glob("chunk-*.json")) if folder.is_dir() else []


def test_interrupted_grid_resumes_with_only_the_missing_points(tmp_path):
    # 192 points, ~4 s on one worker with a warm compile cache: longer than the 1 s flush
    # interval, so the interrupt always lands mid-grid (48 points could finish before it)
    text = SMALL.replace("num = 3", "num = 96")
    path = write(tmp_path, text)
    out = tmp_path / "out.nc"
    command = [sys.executable, "-m", "runaway", "grid", str(path), "-o", str(out), "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [*command, "--workers", "1"], env=env, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while not _chunks(parts_folder(out)) and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "--resume" in stderr and not out.exists()
    stored = len(parts_folder(out).glob("chunk-*.json").__next__().read_text().split('"hash"'))
    assert stored > 1
    resumed = subprocess.run(
        [*command, "--resume", "--workers", "2"], env=env, capture_output=True, text=True
    )
    assert resumed.returncode == 0, resumed.stderr
    line = next(x for x in resumed.stderr.splitlines() if "already stored" in x)
    have, todo = (int(line.split(", ")[i].split()[0]) for i in (1, 2))
    assert have > 0 and todo > 0 and have + todo == 192, line
    assert not parts_folder(out).exists()
    full = run_grid(parse_grid(text, str(path)), tmp_path / "full.nc", workers=1, progress=False)
    xr.testing.assert_identical(results(read_netcdf(out)), results(full))


def test_store_left_by_an_earlier_run_needs_resume(tmp_path):
    path = write(tmp_path, SMALL)
    parts_folder(tmp_path / "out.nc").mkdir()
    result = invoke("grid", path, "-o", tmp_path / "out.nc", "-q")
    assert result.exit_code == 2 and "--resume" in result.output


def test_keep_series_stores_the_time_series_of_the_chosen_points(tmp_path):
    path = write(tmp_path, SMALL)
    out = tmp_path / "out.nc"
    result = invoke("grid", path, "-o", out, "-q", "--workers", "1",
                    "--keep-series", "abuse.temperature=160 degC,"
                    "environment.heat_transfer_coefficient=12")  # fmt: skip
    assert result.exit_code == 0, result.output
    ds = read_netcdf(out)
    assert "time" not in ds.dims
    groups = [g.split(":")[0] for g in ds.attrs["series"].split("; ")]
    assert groups == ["series/point_2_1"]
    with xr.open_dataset(out, group=groups[0], engine="h5netcdf") as series:
        assert series["temperature"].sizes["time"] > 10
        assert float(series["max_temperature"]) == float(ds["max_temperature"][2, 1])


def test_pool_workers_are_replaced_to_bound_memory(tmp_path, monkeypatch):
    """scipy's LSODA leaks ~78 kB per run: a worker is replaced after TASKS_PER_WORKER."""
    from runaway.grid import execute

    monkeypatch.setattr(execute, "TASKS_PER_WORKER", 2)
    cases = check_points(parse_grid(SMALL, "small.toml"))
    records: list[dict] = []
    store = execute.PartStore(tmp_path / "parts")
    execute.execute(cases, store, workers=1, progress=False, on_record=records.append)
    pids = [r["pid"] for r in records[1:]]  # the first case runs in this process
    assert records[0]["pid"] == os.getpid()
    assert len(set(pids)) == 3 and all(pids.count(p) <= 2 for p in pids)
    assert len(store.records()) == len(cases)


def test_maps_show_temperatures_in_celsius():
    """Temperatures (units K, 'temperature' in the name) are drawn in degC; a temperature
    step (a difference) and other units stay; the stored result is not touched."""
    import xarray as xr

    from runaway.grid.maps import celsius_for_display

    ds = xr.Dataset(
        {
            "max_temperature": (("abuse.temperature",), [500.0, 600.0], {"units": "K"}),
            "max_temperature_rate": (("abuse.temperature",), [1.0, 2.0], {"units": "K s-1"}),
        },
        coords={
            "abuse.temperature": ("abuse.temperature", [423.15, 473.15], {"units": "K"}),
            "abuse.step": ((), 5.0, {"units": "K"}),
        },
    )
    shown = celsius_for_display(ds)
    assert shown["abuse.temperature"].values.tolist() == pytest.approx([150.0, 200.0])
    assert shown["max_temperature"].values.tolist() == pytest.approx([226.85, 326.85])
    assert shown["max_temperature"].attrs["units"] == "degC"
    assert shown["max_temperature_rate"].values.tolist() == [1.0, 2.0]
    assert float(shown["abuse.step"]) == 5.0
    assert ds["abuse.temperature"].values.tolist() == [423.15, 473.15]
