"""One self-contained HTML page for a grid result: maps, the table of points, the vent-gas
hazards of the point with the most gas, provenance and sources.

The maps are those of ``runaway map`` (:func:`runaway.grid.maps.map_figures`), embedded as PNG
data URIs. Every computed point gets its Le Chatelier LFL (cheap); the flame and explosion
metrics (seconds each, cached on disk by composition) are computed for the point that released
the most gas only, which is the one an enclosure study is sized on.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

import numpy as np

from runaway import __version__
from runaway.report.html import (
    DISCLAIMER,
    _cell_table,
    _png,
    mechanism_sources,
    render_report,
    write_page,
)

#: Result variables shown per point: (variable, column header, converter).
POINT_COLUMNS = (
    ("onset_temperature", "T1 [degC]", lambda v: v - 273.15),
    ("trigger_temperature", "T2 [degC]", lambda v: v - 273.15),
    ("max_temperature", "T3 surface [degC]", lambda v: v - 273.15),
    ("max_core_temperature", "jelly-roll peak [degC]", lambda v: v - 273.15),
    ("time_to_runaway", "time to runaway [s]", lambda v: v),
    ("gas_volume_stp", "gas [L, 0 degC 1 atm]", lambda v: 1e3 * v),
)


def _points(dataset):
    """(index tuple, label) of every grid point, in C order."""
    dims = list(dataset["status"].dims)
    for index in np.ndindex(*dataset["status"].shape):
        labels = []
        for dim, i in zip(dims, index, strict=True):
            coords = [c for c in dataset.coords if dataset[c].dims == (dim,)]
            labels += [_coordinate(dataset, c, i) for c in coords if c != dim] or [
                _coordinate(dataset, dim, i)
            ]
        yield dict(zip(dims, index, strict=True)), ", ".join(labels)


def _coordinate(dataset, name: str, i: int) -> str:
    """``key=value unit`` of coordinate ``name`` at position ``i``."""
    value = dataset[name].values[i]
    units = dataset[name].attrs.get("units", "")
    text = f"{value:.4g}" if isinstance(value, float | np.floating) else str(value)
    return f"{name}={text}" + (f" {units}" if units and units != "1" else "")


def _format(value: float) -> str:
    return "—" if not math.isfinite(value) else f"{value:.4g}"


def _point_rows(dataset):
    """Table rows of every point (status, T1, T2, T3, time to runaway, gas, LFL)."""
    from runaway.hazards import CompositionError, le_chatelier
    from runaway.hazards.dataset import result_composition

    rows, gas_best, worst = [], -1.0, None
    for where, label in _points(dataset):
        point = dataset.isel(where)
        status = str(point["status"].values)
        row = [label, status, "yes" if int(point["thermal_runaway"].values) == 1 else "no"]
        for name, _, convert in POINT_COLUMNS:
            value = float(point[name].values) if name in point else math.nan
            row.append(_format(convert(value)))
        try:
            lfl = le_chatelier(result_composition(point)).lfl if status.startswith("ok") else None
        except CompositionError:
            lfl = None
        row.append("—" if lfl is None or not math.isfinite(lfl) else f"{100 * lfl:.2f}")
        rows.append(row)
        gas = float(point["gas_volume_stp"].values) if "gas_volume_stp" in point else math.nan
        if lfl is not None and math.isfinite(gas) and gas > gas_best:
            gas_best, worst = gas, (where, label)
    header = ["point", "status", "runaway", *(h for _, h, _ in POINT_COLUMNS), "LFL [%]"]
    return header, rows, worst


def _mechanism_sources(dataset) -> list[str]:
    """DOIs cited by the mechanisms named in the grid's ``mechanism_sha256`` attribute."""
    text = str(dataset.attrs.get("mechanism_sha256", ""))
    return mechanism_sources(dict.fromkeys(re.findall(r"([\w.+-]+\.yaml)", text)))


def build_grid_context(dataset, title: str | None = None, notes: str = "") -> dict:
    """Everything the grid page shows.

    Parameters
    ----------
    dataset : xarray.Dataset
        A grid result (``runaway grid``, :func:`runaway.grid.read_grid`).
    title : str, optional
        Page title (escaped); default the grid's title.
    notes : str
        Free text under the summary (escaped).
    """
    from runaway.grid.maps import map_figures
    from runaway.hazards import vent_gas_hazards
    from runaway.hazards.dataset import result_composition

    status = [str(s) for s in dataset["status"].values.ravel()]
    header, rows, worst = _point_rows(dataset)
    hazards, cell_table = None, []
    if worst is not None:
        point = dataset.isel(worst[0])
        point.attrs["scenario"] = str(dataset.attrs.get("base_scenario", ""))
        hazards = vent_gas_hazards(result_composition(point))
        cell_table = _cell_table(point, hazards)
    runaway_flags = dataset["thermal_runaway"].values.ravel()
    return {
        "title": title or str(dataset.attrs.get("title", "runaway grid")),
        "notes": notes,
        "disclaimer": DISCLAIMER,
        "points": len(status),
        "axes": list(dataset["status"].dims),
        "ok": sum(s.startswith("ok") for s in status),
        "failed": sum(s.startswith("failed") for s in status),
        "missing": sum(s.startswith("missing") for s in status),
        "runaway_points": int((runaway_flags == 1).sum()),
        "worst": worst[1] if worst is not None else "",
        "figures": [(stem, _png(fig)) for stem, fig in map_figures(dataset)],
        "point_header": header,
        "point_rows": rows,
        "cell_table": cell_table,
        "hazard_notes": hazards.notes if hazards is not None else [],
        "provenance": [
            ("runaway version (grid)", str(dataset.attrs.get("runaway_version", "?"))),
            ("runaway version (report)", __version__),
            ("Cantera", str(dataset.attrs.get("cantera_version", "?"))),
            ("mechanism SHA-256", str(dataset.attrs.get("mechanism_sha256", ""))),
            ("grid file", str(dataset.attrs.get("grid_file", ""))),
            ("report written", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ],
        "grid_text": str(dataset.attrs.get("grid", "")),
        "scenario_text": str(dataset.attrs.get("base_scenario", "")),
        "sources": _mechanism_sources(dataset) + (hazards.sources if hazards else []),
    }


def write_grid_report(dataset, folder, title: str | None = None, notes: str = ""):
    """Write ``folder/index.html`` for a grid result (atomically); returns its path.

    Parameters
    ----------
    dataset : xarray.Dataset
        A grid result.
    folder : pathlib.Path
        Output folder (created).
    title : str, optional
        Page title (escaped).
    notes : str
        Free text (escaped).
    """
    text = render_report(build_grid_context(dataset, title, notes), "grid_report.html.j2")
    return write_page(text, folder)
