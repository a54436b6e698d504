"""Command-line interface: thin Click commands over the public API.

Bad input gets one clear message naming the file and the key, exit status 2, no traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from runaway import __version__
from runaway.cli.assess import assess
from runaway.cli.grid import critical, grid, map_command
from runaway.cli.hazards import hazards
from runaway.cli.reference import keys, schema
from runaway.cli.report import report

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C

EPILOG_RUN = """\b
Examples:
  runaway run scenarios/kim2007_18650_oven.toml
  runaway run scenarios/kim2007_18650_oven.toml --set abuse.temperature="140 degC"
  runaway run scenarios/li_ncm811_pouch_oven.toml -o oven.nc --set cell.soc=0.5
  runaway run scenarios/kim2007_18650_oven.toml --set environment.emissivity=0

Abuse kinds and their keys: runaway kinds. Every key with its unit, default and range:
runaway keys [PREFIX].
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

    Simulates a cell through an abuse test (`runaway kinds` lists them) with Cantera kinetic
    mechanisms and a lumped thermal model, and reports onset temperatures, venting, gas volume
    and composition, pressure and pouch swelling.
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
@click.option(
    "--force",
    is_flag=True,
    help="Let a failed run replace an existing successful result (else it goes to "
    "<name>.failed.nc).",
)
def run(
    scenario_file: Path, output: Path | None, overrides: tuple[str, ...], quiet: bool, force: bool
) -> None:
    """Simulate one SCENARIO_FILE (TOML), print a summary and write the netCDF result."""
    import runaway
    from runaway.cli.output import OutputError, check_output

    try:
        scenario = runaway.load_scenario(scenario_file, overrides)
        model = runaway.build_model(scenario)
    except runaway.ScenarioError as exc:
        _fail(str(exc))
    output = Path(scenario_file.stem + ".nc") if output is None else output
    try:
        check_output(output, [scenario_file, *model.mechanism.files], (".nc",))
    except OutputError as exc:
        _fail(f"{output}: -o/--output: {exc}")
    try:
        dataset = _simulate(runaway, model, scenario, quiet)
    except KeyboardInterrupt:
        click.echo("\ninterrupted: nothing was written", err=True)
        sys.exit(EXIT_INTERRUPTED)
    _write_result(runaway, dataset, model, output, scenario_file, force, overrides)


def _simulate(runaway, model, scenario, quiet: bool):
    """Run the model with a progress bar on stderr."""
    from tqdm import tqdm

    if not quiet and runaway.needs_compilation(model):
        click.echo(
            "compiling the model kernel (once after installation, about half a minute)...",
            err=True,
        )
    with tqdm(
        total=round(scenario.solver.end_time),
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

        return runaway.run_model(model, progress=progress)


def _write_result(
    runaway, dataset, model, output: Path, scenario_file: Path, force: bool, overrides=()
):
    """Write the result (a failed run never replaces a good one unless forced), print the
    summary, exit 2 for a failed run."""
    from runaway.cli.output import failed_result_path

    status = str(dataset["status"].item())
    if status != "ok" and output.exists() and not force and _is_good_result(runaway, output):
        output = failed_result_path(output)
    try:
        runaway.write_netcdf(dataset, output)
    except OSError as exc:
        _fail(f"{output}: cannot write the result: {exc.strerror or exc}")
    click.echo(runaway.format_summary(dataset, model))
    for item in overrides:
        shown = item if len(item) <= 80 else item[:75] + " ..."
        click.echo(f"  --set                     {shown}")
    click.echo(f"\nresult written to {output}")
    if status != "ok":
        message = status.removeprefix("failed: ")
        _fail(f"{scenario_file}: run failed: {message} (result kept in {output})")


def _is_good_result(runaway, path: Path) -> bool:
    try:
        return str(runaway.read_netcdf(path)["status"].item()) == "ok"
    except Exception:  # not a readable result: nothing good to protect
        return False


@main.command()
@click.argument("mechanisms", nargs=-1)
def check(mechanisms: tuple[str, ...]) -> None:
    """Load mechanisms, verify element balance and print reaction heats at 298 K.

    Without arguments every bundled mechanism is checked, alone and composed as the bundled
    cells use them. Exit status 1 if any reaction is unbalanced.
    """
    import runaway

    names = list(mechanisms) or runaway.available_mechanisms()
    try:
        text, ok = runaway.check_report(names)
    except runaway.MechanismError as exc:
        _fail(str(exc))
    click.echo(text)
    if not ok:
        sys.exit(1)


@main.command()
@_file_argument("result_file")
@_output_option(
    "Figure file; the suffix sets the format (.png, .pdf, .svg, ...) [default: <result name>.png "
    "beside the result]."
)
def plot(result_file: Path, output: Path | None) -> None:
    """Plot temperature, pressure, reaction heat and gas of a RESULT_FILE (netCDF).

    An electrical abuse adds current and state of charge, a runaway that fills a small part of
    the run gets a zoomed panel, and a failed run is marked in red with its reason.
    """
    from runaway import read_netcdf
    from runaway.cli.output import OutputError, check_output
    from runaway.plotting import figure_suffixes, missing_variables, plot_history

    if not result_file.is_file():
        _fail(f"{result_file}: no such file")
    output = output or result_file.with_suffix(".png")
    try:
        check_output(output, [result_file], figure_suffixes(), create_folder=False)
    except OutputError as exc:
        _fail(f"{output}: -o/--output: {exc}")
    try:
        dataset = read_netcdf(result_file)
    except (OSError, ValueError) as exc:
        _fail(f"{result_file}: cannot read a runaway result: {exc}")
    missing = missing_variables(dataset)
    if missing:
        _fail(f"{result_file}: not a runaway result (missing variables: {', '.join(missing)})")
    try:
        plot_history(dataset, output)
    except (OSError, RuntimeError, ValueError) as exc:  # e.g. .pgf without a LaTeX installation
        _fail(f"{output}: cannot write the figure: {getattr(exc, 'strerror', None) or exc}")
    click.echo(f"figure written to {output}")


@main.command()
def cells() -> None:
    """List the bundled cell presets."""
    from runaway import available_presets

    for name in available_presets():
        click.echo(name)


@main.command()
def kinds() -> None:
    """List the abuse kinds (abuse.kind) with their scenario keys."""
    from runaway import abuse_kinds
    from runaway.scenario.checking import field_hint

    for name, kind in abuse_kinds().items():
        click.echo(f"{name}: {kind.describe()}")
        for key, field in kind.schema.model_fields.items():
            if key == "kind":
                continue
            default = "required" if field.is_required() else f"default {field.default!r} (SI)"
            click.echo(f"    abuse.{key:<22} {field_hint(field)}; {default}")


main.add_command(keys)
main.add_command(schema)
main.add_command(hazards)
main.add_command(report)
main.add_command(assess)
main.add_command(grid)
main.add_command(critical)
main.add_command(map_command)


if __name__ == "__main__":  # pragma: no cover
    main()
