"""One self-contained HTML file per result: figures embedded as PNG data URIs, no external
requests, Jinja2 with autoescaping (user text such as titles and notes is escaped)."""

from __future__ import annotations

import base64
import io
import math
import re
from datetime import UTC, datetime
from pathlib import Path

from runaway import __version__

#: Standards a full assessment would screen; rows without a run say "not assessed".
OTHER_STANDARDS = (
    "UN 38.3 T.5 external short",
    "IEC 62133-2 thermal abuse",
    "IEC 62133-2 external short",
    "UL 1642 heating",
    "UL 1642 short",
    "GB 38031 cell heating",
    "GB 38031 cell external short",
    "GB 38031 overcharge",
    "SAE J2464 thermal stability",
    "ARC heat-wait-seek",
)

DISCLAIMER = (
    "This is a model-based pre-assessment, not a test result. Numbers come from a lumped "
    "thermal-chemical model and tabulated data; they screen designs and plan tests, they do not "
    "certify anything."
)


class ReportError(ValueError):
    """A report cannot be built from the input; the message says why."""


def _png(figure) -> str:
    """A matplotlib figure as a PNG data URI (the figure is closed)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _hazard_figure(hazards):
    """S_u and AICC Pmax over equivalence ratio."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3))
    ax1.plot(hazards.phi, [100 * v for v in hazards.burning_velocity], "o-")
    ax1.set(xlabel="equivalence ratio [1]", ylabel="S_u [cm/s]", title="burning velocity")
    ax2.plot(hazards.phi_pmax, [p / 1e5 for p in hazards.p_max], ".-")
    ax2.set(xlabel="equivalence ratio [1]", ylabel="Pmax [bar abs]", title="AICC pressure")
    fig.tight_layout()
    return fig


def _capacity(scenario_text: str) -> float:
    """Cell capacity [A h] from the effective scenario text stored in a result (NaN if absent)."""
    from runaway.scenario.units import CHARGE, parse_quantity

    match = re.search(r'^capacity\s*=\s*"?([^"\n]+)"?', scenario_text, re.MULTILINE)
    if not match:
        return math.nan
    try:
        return parse_quantity(match.group(1).strip(), CHARGE) / 3600.0
    except ValueError:
        return math.nan


def _budget_rows(dataset) -> list[tuple[str, str]]:
    """Mass vented and where the heat went (runaway.energy_budget), if the result has them."""
    if "energy_released" not in dataset:
        return []
    value = {
        k: float(dataset[k].values)
        for k in (
            "mass_loss",
            "energy_released",
            "energy_abuse",
            "energy_ejected",
            "energy_retained",
            "energy_to_surroundings",
        )
    }
    heat = value["energy_released"] + value["energy_abuse"]
    shares = " / ".join(
        f"{100 * value[k] / heat:.0f} %" if heat > 0 else "n/a"
        for k in ("energy_ejected", "energy_retained", "energy_to_surroundings")
    )
    ejecta = "species_ejected" in dataset and float(dataset["species_ejected"].sum()) > 0.0
    what = "gas, vapour and ejected liquid/solid" if ejecta else "gas and vapour only"
    return [
        (f"mass lost ({what})", f"{1e3 * value['mass_loss']:.3g} g"),
        (
            "heat: reactions + abuse",
            f"{value['energy_released'] / 1e3:.3g} kJ + {value['energy_abuse'] / 1e3:.3g} kJ",
        ),
        ("heat carried out by the vent / kept by the cell / to the surroundings", shares),
    ]


def _cell_table(dataset, hazards) -> list[tuple[str, str]]:
    """UL 9540A cell-level quantities as (label, value) rows."""

    def kelvin(name: str) -> str:
        value = float(dataset[name].values) if name in dataset else math.nan
        return "not reached" if not math.isfinite(value) else f"{value - 273.15:.1f} degC"

    litres = 1000.0 * float(dataset["gas_volume_stp"].values)
    ah = _capacity(str(dataset.attrs.get("scenario", "")))
    rows = [
        ("surface temperature at first vent", kelvin("vent_temperature")),
        ("onset of self-heating T1", kelvin("onset_temperature")),
        ("runaway trigger T2", kelvin("trigger_temperature")),
        ("maximum temperature T3 (surface)", kelvin("max_temperature")),
        ("maximum jelly-roll (core) temperature", kelvin("max_core_temperature")),
        ("gas released (0 degC, 1 atm)", f"{litres:.3g} L"),
        ("gas per capacity", "n/a" if not math.isfinite(ah) else f"{litres / ah:.3g} L/Ah"),
        *_budget_rows(dataset),
    ]
    if hazards is None:
        return rows + [("vent gas", "none released")]
    gas = ", ".join(f"{k} {100 * v:.1f}" for k, v in hazards.composition.items() if v >= 5e-4)
    su, pmax = hazards.max_value("burning_velocity"), hazards.max_value("p_max")
    return rows + [
        ("vent gas composition (mol %)", gas),
        ("LFL in air (Le Chatelier, whole gas)", f"{100 * hazards.lfl:.2f} %"),
        ("burning velocity S_u (max over phi)", f"{100 * su:.1f} cm/s"),
        ("Pmax (AICC, max over phi)", f"{pmax / 1e5:.2f} bar abs"),
        ("K_G (laminar estimate)", f"{hazards.max_value('deflagration_index') / 1e5:.0f} bar m/s"),
    ]


def mechanism_sources(names) -> list[str]:
    """``name: doi:...`` of every DOI cited in the bundled mechanism files ``names``."""
    from runaway.chemistry.mechanism import mechanism_directory

    found: list[str] = []
    for name in (n.strip() for n in names):
        path = mechanism_directory() / name
        if name and path.is_file():
            for doi in re.findall(r"(?:DOI|doi)[: ]\s*(10\.\d{4,9}/[^\s,;)]+)", path.read_text()):
                entry = f"{name}: doi:{doi.rstrip('.:')}"
                if entry not in found:
                    found.append(entry)
    return found


def _sources(dataset, hazards) -> list[str]:
    """Every cited source used by the run: mechanism DOIs and the hazard methods."""
    names = str(dataset.attrs.get("mechanisms", "")).split(",")
    return mechanism_sources(names) + (hazards.sources if hazards is not None else [])


def _screening(dataset, hazards, runs) -> list[dict]:
    """UL 9540A row from the main result, one row per further template run, the rest "not
    assessed"."""
    from runaway.report.screening import RULES, not_assessed, screen, ul9540a_cell

    rows = [ul9540a_cell(dataset, hazards)]
    rows += [screen(key, run) for key, run in (runs or {}).items()]
    done = {RULES[key][0] for key in (runs or {})}
    return rows + not_assessed(tuple(s for s in OTHER_STANDARDS if s not in done))


def build_context(dataset, title: str | None = None, notes: str = "", runs=None) -> dict:
    """Everything the template shows, from one result dataset.

    Parameters
    ----------
    dataset : xarray.Dataset
        A runaway result.
    title : str, optional
        Report title (user text: escaped); default the scenario title.
    notes : str
        Free text shown under the summary (escaped).
    runs : dict of str to xarray.Dataset, optional
        Further template results to screen, by key of
        :data:`runaway.report.screening.RULES`.
    """
    from runaway.hazards import CompositionError, vent_gas_hazards
    from runaway.hazards.dataset import result_composition
    from runaway.plotting import plot_history

    try:
        hazards = vent_gas_hazards(result_composition(dataset))
    except CompositionError:
        hazards = None
    figures = [("history", _png(plot_history(dataset)))]
    if hazards is not None and hazards.flammable:
        figures.append(("vent gas in air", _png(_hazard_figure(hazards))))
    return {
        "title": title or str(dataset.attrs.get("title", "runaway result")),
        "notes": notes,
        "status": str(dataset["status"].values),
        "abuse_kind": str(dataset.attrs.get("abuse_kind", "")),
        "runaway": bool(dataset["thermal_runaway"].values),
        "cell_table": _cell_table(dataset, hazards),
        "hazards": hazards,
        "hazard_notes": hazards.notes if hazards is not None else [],
        "screening": _screening(dataset, hazards, runs),
        "figures": figures,
        "provenance": [
            ("runaway version (run)", str(dataset.attrs.get("runaway_version", "?"))),
            ("runaway version (report)", __version__),
            ("Cantera", str(dataset.attrs.get("cantera_version", "?"))),
            ("mechanisms", str(dataset.attrs.get("mechanisms", ""))),
            ("mechanism SHA-256", str(dataset.attrs.get("mechanism_sha256", ""))),
            ("scenario file", str(dataset.attrs.get("scenario_file", ""))),
            ("report written", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ],
        "scenario_text": str(dataset.attrs.get("scenario", "")),
        "sources": _sources(dataset, hazards),
        "disclaimer": DISCLAIMER,
    }


def render_report(context: dict, template: str = "report.html.j2") -> str:
    """The HTML text of a report (Jinja2, autoescaped) from ``template`` of this package."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template(template).render(**context)


def write_report(
    dataset, folder: Path, title: str | None = None, notes: str = "", runs=None
) -> Path:
    """Write ``folder/index.html`` for a result; returns its path.

    Parameters
    ----------
    dataset : xarray.Dataset
        A runaway result.
    folder : pathlib.Path
        Output folder (created).
    title : str, optional
        Report title (escaped).
    notes : str
        Free text (escaped).
    runs : dict of str to xarray.Dataset, optional
        Further template results to screen (:func:`build_context`).
    """
    return write_page(render_report(build_context(dataset, title, notes, runs)), folder)


def write_page(text: str, folder) -> Path:
    """Write ``text`` to ``folder/index.html`` atomically (folder created); returns the path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "index.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


__all__ = ["DISCLAIMER", "ReportError", "build_context", "render_report", "write_report"]
