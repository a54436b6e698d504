"""Command-line interface: thin Click commands over the public API.

Bad input gets one clear message naming the file and the key, exit status 2, no traceback.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import click

from runaway import __version__

EXIT_BAD_INPUT = 2

EPILOG_RUN = """\b
Examples:
  runaway run scenarios/kim2007_18650_oven.toml
  runaway run scenarios/kim2007_18650_oven.toml --set abuse.temperature="140 degC"
  runaway run scenarios/li_ncm811_pouch_oven.toml -o oven.nc --set cell.soc=0.5
  runaway run scenarios/kim2007_18650_oven.toml --set environment.emissivity=0

Quantities are strings with units ("150 degC", "5 K/min", "2 h", "25 mohm") or plain SI numbers.
The result is a netCDF file (open it with xarray.open_dataset) holding the temperature, pressure,
gas and swelling histories and the safety metrics (T1, T2, T3, vent, gas volume and composition).
"""


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="runaway")
def main() -> None:
    """runaway: when and how a lithium cell goes into thermal runaway.

    Simulates a cell through an abuse test (oven, ARC, heater, external or internal short, nail)
    with Cantera kinetic mechanisms and a lumped thermal model, and reports onset temperatures,
    venting, gas volume and composition, pressure and pouch swelling.
    """


def _file_argument(name: str):
    return click.argument(name, type=click.Path(dir_okay=False, path_type=Path))


def _output_option(help_text: str):
    """The shared ``-o/--output FILE`` option."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=help_text,
    )


@main.command(epilog=EPILOG_RUN)
@_file_argument("scenario_file")
@_output_option("netCDF file to write [default: <scenario name>.nc in the current folder].")
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help='Override a scenario key, e.g. --set abuse.temperature="145 degC" (repeatable).',
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def run(scenario_file: Path, output: Path | None, overrides: tuple[str, ...], quiet: bool) -> None:
    """Simulate one SCENARIO_FILE (TOML), print a summary and write the netCDF result."""
    from tqdm import tqdm

    from runaway.api import build_model
    from runaway.kernel import kernel_cache_present
    from runaway.results import build_dataset, write_netcdf
    from runaway.scenario import ScenarioError, load_scenario
    from runaway.solver import simulate

    try:
        scenario = load_scenario(scenario_file, overrides)
        model = build_model(scenario)
    except ScenarioError as exc:
        _fail(str(exc))
    if not quiet and model.compiled and not kernel_cache_present():
        click.echo(
            "compiling the model kernel (once after installation, about half a minute)...",
            err=True,
        )
    end_time = scenario.solver.end_time
    with tqdm(
        total=round(end_time),
        unit="s",
        desc="simulating",
        disable=quiet or None,
        leave=False,
        file=sys.stderr,
        bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} s simulated "
        "[{elapsed}<{remaining}]",
    ) as bar:

        def progress(t: float) -> None:
            bar.update(max(0, round(t) - bar.n))

        result = simulate(model, progress=progress)
    dataset = build_dataset(model, result)
    output = output or Path(scenario_file.stem + ".nc")
    try:
        write_netcdf(dataset, output)
    except OSError as exc:
        _fail(f"{output}: cannot write the result: {exc.strerror or exc}")
    click.echo(format_summary(dataset))
    click.echo(f"\nresult written to {output}")
    if result.status != "ok":
        _fail(f"{scenario_file}: solver: {result.message} (partial result kept in {output})")


def _celsius(value: float) -> str:
    return "—" if not math.isfinite(value) else f"{value - 273.15:7.1f} °C ({value:.1f} K)"


def _plain(value: float, unit: str, scale: float = 1.0, fmt: str = ".4g") -> str:
    return "—" if not math.isfinite(value) else f"{value * scale:{fmt}} {unit}"


def format_summary(ds) -> str:
    """Readable summary of a result dataset."""

    def f(name: str) -> float:
        return float(ds[name])

    lines = [
        f"{ds.attrs.get('title', '')}",
        f"  status                    {ds['status'].item()}",
        f"  T1 onset (0.02 K/min)     {_celsius(f('onset_temperature'))}",
        f"  T2 trigger (1 K/s)        {_celsius(f('trigger_temperature'))}",
        f"  T3 maximum                {_celsius(f('max_temperature'))}",
        f"  thermal runaway           {'YES' if bool(ds['thermal_runaway']) else 'no'}",
        f"  time to runaway           {_plain(f('time_to_runaway'), 's', fmt='.1f')}",
        f"  vent / burst time         {_plain(f('vent_time'), 's', fmt='.1f')}",
        f"  vent temperature          {_celsius(f('vent_temperature'))}",
        f"  max pressure              {_plain(f('max_pressure'), 'kPa', 1e-3, '.1f')}",
        f"  max swelling              {_plain(f('max_thickness_increase'), 'mm', 1e3, '.3f')}",
        f"  gas released (dry, 25 °C) {_plain(f('gas_total'), 'mol', fmt='.4g')}"
        f"  = {_plain(f('gas_volume_stp'), 'L at STP', 1e3, '.3g')}",
    ]
    fractions = ds["gas_mole_fraction"]
    if fractions.size and float(fractions.sum()) > 0:
        order = sorted(
            zip(fractions["species"].values, fractions.values, strict=True), key=lambda p: -p[1]
        )
        comp = ", ".join(f"{name} {100 * x:.1f}" for name, x in order if x >= 5e-4)
        lines.append(f"  gas composition (mol %)   {comp}")
    return "\n".join(lines)


@main.command()
@click.argument("mechanisms", nargs=-1)
def check(mechanisms: tuple[str, ...]) -> None:
    """Load mechanisms, verify element balance and print reaction heats at 298 K.

    Without arguments every bundled mechanism is checked, alone and composed as the bundled
    cells use them. Exit status 1 if any reaction is unbalanced.
    """
    from runaway.chemistry import MechanismError, available_mechanisms
    from runaway.chemistry.report import check_report

    names = list(mechanisms) or available_mechanisms()
    try:
        text, ok = check_report(names)
    except MechanismError as exc:
        _fail(str(exc))
    click.echo(text)
    if not ok:
        sys.exit(1)


@main.command()
@_file_argument("result_file")
@_output_option("Figure file [default: <result name>.png].")
def plot(result_file: Path, output: Path | None) -> None:
    """Plot temperature, pressure, reaction heat and gas of a RESULT_FILE (netCDF)."""
    from runaway.plotting import plot_history
    from runaway.results import read_netcdf

    try:
        dataset = read_netcdf(result_file)
    except (OSError, ValueError) as exc:
        _fail(f"{result_file}: cannot read a runaway result: {exc}")
    output = output or result_file.with_suffix(".png")
    plot_history(dataset, output)
    click.echo(f"figure written to {output}")


@main.command()
def cells() -> None:
    """List the bundled cell presets."""
    from runaway.scenario import available_presets

    for name in available_presets():
        click.echo(name)


if __name__ == "__main__":  # pragma: no cover
    main()
