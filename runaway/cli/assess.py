"""``runaway assess``: run a cell through the regulatory templates and write the report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_BAD_INPUT = 2

#: Template key -> template in scenarios/regulatory/.
TEMPLATES = {
    "ul9540a": "ul9540a_cell.toml",
    "un38.3": "un38.3_t5.toml",
    "iec62133-2": "iec62133-2_thermal.toml",
    "iec62133-2-short": "iec62133-2_external_short.toml",
    "ul1642": "ul1642_heating.toml",
    "ul1642-short": "ul1642_short.toml",
    "gb38031": "gb38031_heating.toml",
    "gb38031-short": "gb38031_external_short.toml",
    "sae-j2464": "sae_j2464_thermal_stability.toml",
    "arc": "arc_heat_wait_seek.toml",
}
#: Standard name (``--standard``) -> the template keys it runs.
STANDARDS = {
    "ul9540a": ("ul9540a",),
    "un38.3": ("un38.3",),
    "iec62133-2": ("iec62133-2", "iec62133-2-short"),
    "ul1642": ("ul1642", "ul1642-short"),
    "gb38031": ("gb38031", "gb38031-short"),
    "sae-j2464": ("sae-j2464",),
    "arc": ("arc",),
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
    type=click.Choice([*STANDARDS, "all"]),
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

    Templates (scenarios/regulatory): UL 9540A cell level, UN 38.3 T.5 external short, IEC
    62133-2 thermal abuse and external short, UL 1642 heating and short, GB 38031 heating and
    external short, SAE J2464 thermal-stability staircase, ARC heat-wait-seek (the last two
    characterise, they have no pass/fail criterion). Standards or tests without a template
    (GB 38031 overcharge: no overcharge abuse kind) are listed in the report as not assessed.
    """
    import runaway
    from runaway.report import write_report

    if preset not in runaway.available_presets():
        _fail(f"--cell: unknown preset '{preset}' (runaway cells lists them)")
    names = list(TEMPLATES) if standard == "all" else list(STANDARDS[standard])
    from tqdm import tqdm

    output.mkdir(parents=True, exist_ok=True)
    results = {}
    for name in tqdm(names, desc="assessing", disable=quiet or None, file=sys.stderr):
        path = template_directory() / TEMPLATES[name]
        try:
            scenario = runaway.load_scenario(path, [f"cell.preset={preset}"])
            results[name] = runaway.run_scenario(scenario)
        except runaway.ScenarioError as exc:
            _fail(f"{preset}: {exc}")
        runaway.write_netcdf(results[name], output / f"{name}.nc")
    # the report's tables show the UL 9540A run, else the first template's (screened too)
    primary = results.pop("ul9540a", None) or next(iter(results.values()))
    title = f"{preset}: {standard} (model screening)"
    report = write_report(primary, output, title=title, runs=results)
    click.echo(f"report written to {report}")
