"""``runaway hazards``: flammability, burning velocity and explosion metrics of a vent gas."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import click

EXIT_BAD_INPUT = 2

EPILOG = """\b
Examples:
  runaway hazards --composition "H2=0.308,CO=0.13,CO2=0.412,CH4=0.068,C2H4=0.082"
  runaway hazards oven.nc --json
  runaway hazards --composition "CH4=1" --phi 0.8,1,1.2 --temperature "60 degC"
  runaway hazards oven.nc --volume "30 m^3"

Limits by Le Chatelier's rule (Zabetakis 1965 per-species limits), S_u by Cantera FreeFlame and
Pmax by constant-volume equilibrium on GRI-Mech 3.0; flames are cached on disk
($RUNAWAY_CACHE_DIR, "off" to disable). Method and caveats: docs/hazards.md.
"""


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _quantity(text: str, dimension: str, option: str) -> float:
    """A quantity string ("60 degC", "2 bar") or plain SI number, in SI."""
    from runaway.scenario import units

    try:
        return units.parse_quantity(text, getattr(units, dimension))
    except ValueError as exc:
        _fail(f"{option}: {exc}")


def _phis(text: str) -> list[float]:
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        _fail(f"--phi: '{text}' is not a comma-separated list of numbers")
    if not values or any(not (0.1 <= v <= 5.0) for v in values):
        _fail(f"--phi: equivalence ratios must lie in 0.1..5 (got '{text}')")
    return values


def _composition(result_file: Path | None, composition: str | None):
    """(composition, gas released per cell [mol] or NaN, label) from the arguments."""
    from runaway.hazards import CompositionError, parse_composition
    from runaway.hazards.dataset import result_composition, result_gas_amount

    if (result_file is None) == (composition is None):
        _fail("give either a RESULT.nc file or --composition, not both or neither")
    if composition is not None:
        try:
            return parse_composition(composition), math.nan, "--composition"
        except CompositionError as exc:
            _fail(f"--composition: {exc}")
    if not result_file.is_file():
        _fail(f"{result_file}: no such file")
    from runaway import read_netcdf

    try:
        dataset = read_netcdf(result_file)
    except (OSError, ValueError) as exc:
        _fail(f"{result_file}: cannot read a runaway result: {exc}")
    try:
        return result_composition(dataset), result_gas_amount(dataset), str(result_file)
    except CompositionError as exc:
        _fail(f"{result_file}: {exc}")


@click.command(epilog=EPILOG)
@click.argument("result_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--composition", "-c", metavar="SPECIES=X,...", help="Vent gas mole fractions.")
@click.option(
    "--temperature",
    "-T",
    default="25 degC",
    show_default=True,
    help="Initial temperature of the gas/air mixture.",
)
@click.option("--pressure", "-p", default="101325 Pa", show_default=True, help="Initial pressure.")
@click.option(
    "--phi",
    "phi_text",
    default="0.8,1.0,1.2",
    show_default=True,
    help="Equivalence ratios of the burning-velocity sweep (one flame each).",
)
@click.option(
    "--volume",
    default="1 m^3",
    show_default=True,
    help="Enclosure free volume for the 25 % LFL amount.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (SI units) instead of a table.")
def hazards(result_file, composition, temperature, pressure, phi_text, volume, as_json):
    """Flammability limits, burning velocity, Pmax, K_G and 25 % LFL amount of a vent gas.

    RESULT_FILE is a runaway result (netCDF) whose released gas is assessed; or give the gas
    with --composition. The gas is mixed with air at the given temperature and pressure.
    """
    comp, released, label = _composition(result_file, composition)
    t0 = _quantity(temperature, "TEMPERATURE", "--temperature")
    p0 = _quantity(pressure, "PRESSURE", "--pressure")
    v_room = _quantity(volume, "VOLUME", "--volume")
    if not (200.0 <= t0 <= 1000.0) or not (1e3 <= p0 <= 1e7) or not v_room > 0.0:
        _fail("--temperature must lie in 200-1000 K, --pressure in 1 kPa-10 MPa, --volume > 0")
    from runaway.hazards import vent_gas_hazards

    report = vent_gas_hazards(comp, t0, p0, phis=_phis(phi_text), enclosure_volume=v_room)
    data = report.to_dict()
    data["source"] = label
    cells = report.gas_amount_25_lfl / released if released > 0 else math.nan
    data["cells_to_25_lfl"] = None if not math.isfinite(cells) else cells
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    from runaway.cli.hazards_table import format_table

    click.echo(format_table(report, label, cells))
