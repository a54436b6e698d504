"""``runaway report``: a self-contained HTML pre-assessment of a result or a scenario."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_BAD_INPUT = 2


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _dataset(source: Path):
    """The result to report: read a .nc, or run a .toml scenario (quietly)."""
    import runaway

    suffix = source.suffix.lower()
    if not source.is_file():
        _fail(f"{source}: no such file")
    if suffix == ".nc":
        try:
            dataset = runaway.read_netcdf(source)
        except (OSError, ValueError) as exc:
            _fail(f"{source}: cannot read a runaway result: {exc}")
        if "grid" in dataset.attrs and "point_hash" in dataset:
            return dataset
        if "status" not in dataset or "temperature" not in dataset:
            _fail(f"{source}: not a runaway result")
        return dataset
    if suffix == ".toml":
        try:
            return runaway.run_scenario(runaway.load_scenario(source))
        except runaway.ScenarioError as exc:
            _fail(str(exc))
    _fail(f"{source}: give a result (.nc) or a scenario (.toml)")


@click.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for index.html (created), e.g. reports/NAME/.",
)
@click.option("--title", default=None, help="Report title [default: the scenario title].")
@click.option("--notes", default="", help="Free text shown under the summary.")
def report(source: Path, output: Path, title: str | None, notes: str) -> None:
    """Write a self-contained HTML pre-assessment (OUTPUT/index.html) of SOURCE.

    SOURCE is a result (.nc), a grid result (.nc of ``runaway grid``: maps, a table of every
    point and the hazards of the point with the most gas) or a scenario (.toml, run first).
    The page embeds its figures and makes no external request; it holds the UL 9540A
    cell-level table, the vent-gas hazards, the regulatory screening with confidence tags,
    provenance and sources.
    """
    from runaway.report import write_report
    from runaway.report.grid import write_grid_report

    dataset = _dataset(source)
    is_grid = "grid" in dataset.attrs and "point_hash" in dataset
    try:
        if is_grid:
            path = write_grid_report(dataset, output, title, notes)
        else:
            path = write_report(dataset, output, title, notes)
    except OSError as exc:
        _fail(f"{output}: cannot write the report: {exc.strerror or exc}")
    click.echo(f"report written to {path}")
