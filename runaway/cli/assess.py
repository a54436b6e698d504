"""``runaway assess``: run a cell through the regulatory templates and write the report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_BAD_INPUT = 2

#: Standard name -> template in scenarios/regulatory/ (None: no template yet).
TEMPLATES = {
    "ul9540a": "ul9540a_cell.toml",
    "un38.3": None,
    "iec62133-2": None,
    "ul1642": None,
    "gb38031": None,
}


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def template_directory() -> Path:
    """Folder of the regulatory templates: ``runaway/regulatory`` in an installed wheel, else
    the checkout's ``scenarios/regulatory``."""
    packaged = Path(__file__).resolve().parents[1] / "regulatory"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "scenarios" / "regulatory"


@click.command()
@click.option("--cell", "preset", required=True, help="Cell preset (runaway cells lists them).")
@click.option(
    "--standard",
    type=click.Choice([*TEMPLATES, "all"]),
    default="ul9540a",
    show_default=True,
    help="Standard to screen; 'all' runs every template that exists.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Report folder (index.html, plus one .nc per template run).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def assess(preset: str, standard: str, output: Path, quiet: bool) -> None:
    """Run the regulatory template(s) for a cell preset and write the report.

    Only the UL 9540A cell-level template exists so far; the other standards are listed in the
    report as not assessed, and asking for one of them alone is an error.
    """
    import runaway
    from runaway.report import write_report

    if preset not in runaway.available_presets():
        _fail(f"--cell: unknown preset '{preset}' (runaway cells lists them)")
    names = [s for s in TEMPLATES if TEMPLATES[s]] if standard == "all" else [standard]
    missing = [s for s in names if TEMPLATES[s] is None]
    if missing:
        _fail(f"--standard {standard}: no template for {', '.join(missing)} yet (only ul9540a)")
    from tqdm import tqdm

    output.mkdir(parents=True, exist_ok=True)
    for name in tqdm(names, desc="assessing", disable=quiet or None, file=sys.stderr):
        path = template_directory() / TEMPLATES[name]
        try:
            scenario = runaway.load_scenario(path, [f"cell.preset={preset}"])
            dataset = runaway.run_scenario(scenario)
        except runaway.ScenarioError as exc:
            _fail(f"{preset}: {exc}")
        runaway.write_netcdf(dataset, output / f"{name}.nc")
        report = write_report(dataset, output, title=f"{preset}: {name} (model screening)")
    click.echo(f"report written to {report}")
