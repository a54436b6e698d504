"""``runaway grid``, ``runaway critical`` and ``runaway map``: many scenarios at once.

Bad input gets one clear message naming the file and the key, exit status 2, no traceback;
Ctrl-C exits with 130 and keeps what was computed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130

EPILOG_GRID = """\b
Examples:
  runaway grid scenarios/grids/li_ncm811_oven_soc.toml -o oven_soc.nc
  runaway grid scenarios/grids/li_ncm811_oven_soc.toml -o oven_soc.nc --workers 2 --resume
  runaway grid GRID.toml -o out.nc --scheduler tcp://10.0.0.5:8786
  runaway grid GRID.toml -o out.nc --keep-series "cell.soc=1.0"

A grid file is a scenario (inline tables, or base = "scenario.toml") plus a [grid] table of
axes: "abuse.temperature" = {start = "120 degC", stop = "200 degC", num = 17}, "cell.soc" =
[0.5, 1.0]; zip = [["a", "b"]] steps axes together. See docs/grids.md.
"""


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _split_pair(item: str, option: str) -> tuple[str, str]:
    if "=" not in item:
        _fail(f"bad {option} {item!r}: expected KEY=VALUE")
    key, value = item.split("=", 1)
    return key.strip(), value.strip()


def parse_keep(spec, items: tuple[str, ...]) -> list[dict[str, float]]:
    """``--keep-series "a=1,b=2 K"`` items -> key -> SI value conditions."""
    from runaway.grid.spec import si_value
    from runaway.scenario.loading import _parse_value

    axes = [key for axis in spec.axes for key in axis.keys]
    wanted = []
    for item in items:
        condition = {}
        for part in item.split(","):
            key, raw = _split_pair(part, "--keep-series")
            if key not in axes:
                _fail(f"--keep-series {item!r}: {key!r} is not a grid axis ({', '.join(axes)})")
            condition[key] = si_value(spec, key, _parse_value(raw))
        wanted.append(condition)
    return wanted


@click.command(epilog=EPILOG_GRID)
@click.argument("grid_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="netCDF file of the grid result.")  # fmt: skip
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
              help="Override a key of the base scenario (repeatable).")  # fmt: skip
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Local worker processes [default: the cores available].")  # fmt: skip
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run on a Dask distributed cluster (tcp://host:8786).")  # fmt: skip
@click.option("--resume", is_flag=True, help="Continue an interrupted run (OUT.nc.parts/).")
@click.option("--keep-series", "keep", multiple=True, metavar="KEY=VALUE[,KEY=VALUE]",
              help="Keep the time series of the matching points (repeatable).")  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def grid(grid_file, output, overrides, workers, scheduler, resume, keep, quiet) -> None:
    """Run every scenario of GRID_FILE (TOML) and write one netCDF Dataset over its axes."""
    from runaway.grid.api import GridStoreError, run_grid
    from runaway.grid.spec import load_grid
    from runaway.grid.store import parts_folder
    from runaway.scenario import ScenarioError

    if output.suffix != ".nc":
        _fail(f"{output}: -o/--output: the grid result is a netCDF file (.nc)")
    try:
        spec = load_grid(grid_file, overrides)
        wanted = parse_keep(spec, keep)
        dataset = run_grid(spec, output, workers, scheduler, resume, wanted, not quiet,
                           report=lambda text: click.echo(text, err=True))  # fmt: skip
    except ScenarioError as exc:
        _fail(str(exc))
    except GridStoreError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        click.echo(
            f"\ninterrupted: finished points kept in {parts_folder(output)}; "
            "continue with --resume",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:
        _fail(f"{output}: {exc.strerror or exc}")
    _summary(dataset)
    click.echo(f"result written to {output}")


def point_label(dataset, index: tuple[int, ...]) -> str:
    """``key=value unit, ...`` of grid point ``index`` of a grid Dataset."""
    parts = []
    for name, coord in dataset.coords.items():
        if name == "species" or len(coord.dims) != 1:
            continue
        value = coord.values[index[dataset["status"].dims.index(coord.dims[0])]]
        unit = coord.attrs.get("units", "")
        shown = f"{value:.6g}" if isinstance(value, float) else str(value)
        parts.append(f"{name}={shown}" + (f" {unit}" if unit and unit != "1" else ""))
    return ", ".join(parts)


def _summary(dataset) -> None:
    import numpy as np

    status = dataset["status"].values
    failed = [i for i in np.ndindex(status.shape) if not str(status[i]).startswith("ok")]
    click.echo(f"{status.size} points, {status.size - len(failed)} ok, {len(failed)} failed")
    for index in failed:
        click.echo(f"  failed: {point_label(dataset, index)}: {status[index]}")


EPILOG_CRITICAL = """\b
Examples:
  runaway critical scenarios/kim2007_18650_oven.toml --vary abuse.temperature \\
      --between "140 degC" "160 degC" --tolerance "0.1 K"
  runaway critical scenarios/li_ncm811_pouch_oven.toml --vary abuse.temperature \\
      --between "120 degC" "200 degC" --along cell.soc=0.4,0.7,1.0 -o boundary.nc
"""


def _user_unit(raw: str) -> str:
    from runaway.grid.critical import _NUMBER_UNIT

    match = _NUMBER_UNIT.match(raw)
    return match.group(2) if match else ""


def _key_unit(key: str) -> str:
    from runaway.scenario import scenario_keys

    return next((k.unit or "" for k in scenario_keys() if k.key == key), "")


@click.command(epilog=EPILOG_CRITICAL)
@click.argument("scenario_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--vary", "key", required=True, metavar="KEY", help="Scenario key to bisect.")
@click.option("--between", nargs=2, required=True, metavar="LO HI", help="The bracket.")
@click.option("--tolerance", default=None, help='Final bracket width, e.g. "0.1 K".')
@click.option("--along", default=None, metavar="KEY=V1,V2,...",
              help="One search per value of a second key (a boundary curve).")  # fmt: skip
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
              help="Override a scenario key (repeatable).")  # fmt: skip
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Processes for the searches along the second key.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the boundary as a small netCDF Dataset.")  # fmt: skip
def critical(scenario_file, key, between, tolerance, along, overrides, workers, output) -> None:
    """Find by bisection where thermal runaway starts as KEY goes from LO to HI."""
    from runaway.grid.critical import (
        critical_dataset,
        display,
        find_critical,
        parse_difference,
        scenario_spec,
        spec_value,
    )
    from runaway.grid.execute import default_workers
    from runaway.scenario import ScenarioError
    from runaway.scenario.loading import _parse_value

    unit = _key_unit(key)
    try:
        spec = scenario_spec(scenario_file, overrides)
        lo, hi = (spec_value(spec, key, _parse_value(raw)) for raw in between)
        tol = parse_difference(tolerance, unit) if tolerance else None
        along_pair = None
        if along:
            along_key, raw = _split_pair(along, "--along")
            values = [spec_value(spec, along_key, _parse_value(v)) for v in raw.split(",")]
            along_pair = (along_key, values)
    except ScenarioError as exc:
        _fail(str(exc))
    except ValueError as exc:
        _fail(f"{scenario_file}: --tolerance: {exc}")
    try:
        found = find_critical(spec, key, lo, hi, tol, along_pair, workers or default_workers())
    except ScenarioError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        click.echo("\ninterrupted: nothing was written", err=True)
        sys.exit(EXIT_INTERRUPTED)
    shown = _user_unit(between[0])
    for i, boundary in enumerate(found):
        where = f"{along_pair[0]}={along_pair[1][i]:.6g}: " if along_pair else ""
        if boundary.status != "ok":
            click.echo(f"{where}critical {key}: not found ({boundary.status})")
            continue
        half = display(0.5 * (boundary.upper - boundary.lower), unit, "")
        side = "above" if boundary.runaway_above else "below"
        click.echo(
            f"{where}critical {key} = {display(boundary.value, unit, shown)} ± {half} "
            f"(runaway {side}; {boundary.runs} runs)"
        )
    if output is not None:
        along_unit = _key_unit(along_pair[0]) if along_pair else ""
        dataset = critical_dataset(spec, key, unit, found, along_pair, along_unit)
        from runaway.results import write_netcdf

        write_netcdf(dataset, output)
        click.echo(f"result written to {output}")


@click.command(name="map")
@click.argument("result_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the PNG and SVG maps.")  # fmt: skip
@click.option("--variables", default=None, metavar="NAME,NAME",
              help="Result variables to map [default: T1, T2, T3, time to runaway, max "
              "pressure, swelling, gas volume].")  # fmt: skip
@click.option("--axes", nargs=2, default=None, metavar="X Y", help="The two axes of the maps.")
def map_command(result_file, output, variables, axes) -> None:
    """Heat maps of a grid RESULT_FILE over two axes, with the runaway boundary drawn."""
    from runaway.grid.maps import plot_maps
    from runaway.results import read_netcdf

    if not result_file.is_file():
        _fail(f"{result_file}: no such file")
    try:
        dataset = read_netcdf(result_file)
    except (OSError, ValueError) as exc:
        _fail(f"{result_file}: cannot read a grid result: {exc}")
    if "status" not in dataset or not dataset["status"].dims:
        _fail(f"{result_file}: not a grid result (runaway grid writes those)")
    names = [v.strip() for v in variables.split(",")] if variables else None
    try:
        written = plot_maps(dataset, output, names, tuple(axes) if axes else None)
    except ValueError as exc:
        _fail(f"{result_file}: {exc}")
    except OSError as exc:
        _fail(f"{output}: cannot write the maps: {exc.strerror or exc}")
    click.echo(f"{len(written)} files written to {output}")
