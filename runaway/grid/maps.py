"""Maps of a grid result: heat maps over two axes with the runaway boundary, gas bars.

Each map is written as PNG and SVG. Colours are viridis (cividis for times), both readable
with colour-vision deficiencies; failed or missing points are grey and hatched, never a
colour of the scale; blank cells are values that are not defined there (a time to runaway
without a runaway). The runaway/no-runaway boundary is drawn along the cell edges where
``thermal_runaway`` changes. Axis labels and colour bars take their units from the attrs.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from runaway.results import atomic_target

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["DEFAULT_VARIABLES", "map_figures", "plot_maps"]

DEFAULT_VARIABLES = (
    "onset_temperature",
    "trigger_temperature",
    "max_temperature",
    "time_to_runaway",
    "max_pressure",
    "max_thickness_increase",
    "gas_volume_stp",
)
FAILED_STYLE = {"facecolor": "0.8", "edgecolor": "0.45", "hatch": "///", "linewidth": 0}


def _label(var: xr.DataArray, name: str) -> str:
    units = var.attrs.get("units", "")
    text = var.attrs.get("long_name", name)
    text = name if len(text) > 48 or text.startswith("scenario key") else text
    units = _unit(units)
    return f"{text} [{units}]" if units and units != "1" else text


def _unit(units: str) -> str:
    return "°C" if units == "degC" else units


def _edges(values: np.ndarray, log: bool) -> np.ndarray:
    v = np.log(values) if log else values.astype(float)
    if v.size == 1:
        mid = np.array([v[0] - 0.5, v[0] + 0.5]) if not log else np.array([v[0] - 0.1, v[0] + 0.1])
    else:
        inner = 0.5 * (v[1:] + v[:-1])
        mid = np.concatenate([[2 * v[0] - inner[0]], inner, [2 * v[-1] - inner[-1]]])
    return np.exp(mid) if log else mid


def _is_log(values: np.ndarray) -> bool:
    return values.dtype.kind == "f" and (values > 0).all() and values.max() / values.min() > 20


def _save(fig, folder: Path, stem: str) -> list[Path]:
    written = []
    for suffix in (".png", ".svg"):
        path = folder / f"{stem}{suffix}"
        with atomic_target(path, suffix=f".tmp{suffix}") as tmp:
            fig.savefig(tmp, dpi=110)
        written.append(path)
    return written


def plot_maps(
    dataset: xr.Dataset,
    folder: str | Path,
    variables: Sequence[str] | None = None,
    axes: tuple[str, str] | None = None,
) -> list[Path]:
    """Write heat maps (two axes) or line plots (one axis) and gas bars of a grid result.

    Parameters
    ----------
    dataset : xr.Dataset
        A grid result (``runaway grid``).
    folder : path-like
        Output folder (created).
    variables : sequence of str, optional
        Result variables to map [default: :data:`DEFAULT_VARIABLES` present in the result].
    axes : (str, str), optional
        The x and y dimensions [default: the first two]; further dimensions get one map per
        value (``_<dim>=<index>`` in the file name).

    Returns
    -------
    list of Path
        The files written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for stem, fig in map_figures(dataset, variables, axes):
        written += _save(fig, folder, stem)
    return written


def map_figures(
    dataset: xr.Dataset,
    variables: Sequence[str] | None = None,
    axes: tuple[str, str] | None = None,
) -> Iterator[tuple[str, Figure]]:
    """The figures of :func:`plot_maps`, as (file stem, matplotlib Figure) pairs.

    Parameters are those of :func:`plot_maps` (without the folder); the HTML report of a grid
    embeds these figures instead of writing files.
    """
    dims = list(dataset["status"].dims)
    if axes is not None:
        missing = [a for a in axes if a not in dims]
        if missing:
            raise ValueError(f"{missing[0]!r} is not a grid axis (axes: {', '.join(dims)})")
        dims = [*axes, *(d for d in dims if d not in axes)]
    names = [v for v in (variables or DEFAULT_VARIABLES) if v in dataset or variables]
    unknown = [v for v in names if v not in dataset]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not a variable of the grid result")
    plotted, rest = dims[:2], dims[2:]
    dataset = celsius_for_display(dataset)
    for combo in itertools.product(*(range(dataset.sizes[d]) for d in rest)):
        part = dataset.isel(dict(zip(rest, combo, strict=True))).transpose(*plotted, ...)
        suffix = "".join(f"_{d}={i}" for d, i in zip(rest, combo, strict=True))
        for name in names:
            fig = _map_figure(part, name, plotted) if len(plotted) == 2 else _line(part, name)
            yield f"{name}{suffix}", fig
    if "gas_mole_fraction" in dataset and dataset.sizes.get("species", 0):
        last = {d: dataset.sizes[d] - 1 for d in dims[1:]}
        yield "gas_composition", _gas_bars(dataset.isel(last), dims[0])


def celsius_for_display(dataset: xr.Dataset) -> xr.Dataset:
    """The grid result with its temperatures in degrees Celsius, for the figures.

    A variable or grid axis counts as a temperature when its units are K and its name says
    ``temperature`` (onset, trigger, maximum and vent temperatures, ``abuse.temperature``,
    ``environment.temperature``); temperature differences (a staircase ``abuse.step``) and
    rates keep their units. The stored result stays SI.

    Parameters
    ----------
    dataset : xr.Dataset
        A grid result (``runaway grid``).

    Returns
    -------
    xr.Dataset
        A copy with those variables shifted by -273.15 and their units set to degC.
    """
    shifted = {}
    for name in [*dataset.coords, *dataset.data_vars]:
        var = dataset[name]
        if var.attrs.get("units") == "K" and "temperature" in str(name) and var.dtype.kind == "f":
            shifted[name] = xr.Variable(
                var.dims, var.values - 273.15, {**var.attrs, "units": "degC"}
            )
    coords = {k: v for k, v in shifted.items() if k in dataset.coords}
    out = dataset.assign_coords(coords) if coords else dataset.copy()
    for name, variable in shifted.items():
        if name not in coords:
            out[name] = variable
    return out


def _figure(size=(6.4, 4.6)):
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout="constrained")


def _title(ax, part: xr.Dataset, name: str) -> None:
    fixed = [
        f"{k}={float(v):.4g}" + (" " + _unit(v.attrs["units"]) if v.attrs.get("units") else "")
        for k, v in part.coords.items()
        if v.ndim == 0 and v.dtype.kind == "f"
    ]
    ax.set_title(", ".join([name, *fixed]), fontsize=9)


def _map_figure(part: xr.Dataset, name: str, plotted: Sequence[str]):
    from matplotlib.patches import Patch, Rectangle

    x_dim, y_dim = plotted
    x, y = part[x_dim].values, part[y_dim].values
    x_log, y_log = _is_log(x), _is_log(y)
    xe = _edges(x, x_log) if x.dtype.kind == "f" else np.arange(len(x) + 1) - 0.5
    ye = _edges(y, y_log) if y.dtype.kind == "f" else np.arange(len(y) + 1) - 0.5
    values = part[name].values.astype(float).T  # rows: y
    ok = np.char.startswith(part["status"].values.astype(str), "ok").T
    fig = _figure()
    ax = fig.add_subplot()
    cmap = "cividis" if name.startswith("time") else "viridis"
    mesh = ax.pcolormesh(xe, ye, np.ma.masked_where(~ok | np.isnan(values), values), cmap=cmap)
    fig.colorbar(mesh, ax=ax, label=_label(part[name], name))
    for j, i in zip(*np.nonzero(~ok), strict=True):
        ax.add_patch(
            Rectangle((xe[i], ye[j]), xe[i + 1] - xe[i], ye[j + 1] - ye[j], **FAILED_STYLE)
        )
    handles = [Patch(label="failed / not computed", **FAILED_STYLE)]
    if (ok & np.isnan(values)).any():
        handles.append(Patch(facecolor="white", edgecolor="0.6", label="blank: not defined here"))
    if "thermal_runaway" in part:
        line = _boundary(ax, part["thermal_runaway"].values.T, xe, ye)
        if line is not None:
            handles.append(line)
    ax.set_xscale("log" if x_log else "linear")
    ax.set_yscale("log" if y_log else "linear")
    if x.dtype.kind != "f":
        ax.set_xticks(range(len(x)), [str(v) for v in x])
    if y.dtype.kind != "f":
        ax.set_yticks(range(len(y)), [str(v) for v in y])
    ax.set_xlabel(_label(part[x_dim], x_dim))
    ax.set_ylabel(_label(part[y_dim], y_dim))
    _title(ax, part, name)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3,
              fontsize=8, frameon=False)  # fmt: skip
    return fig


def _boundary(ax, runaway: np.ndarray, xe: np.ndarray, ye: np.ndarray):
    """Draw cell edges between runaway and no-runaway points; the legend handle or None."""
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    segments = []
    known = runaway >= 0
    for j, i in itertools.product(range(runaway.shape[0]), range(runaway.shape[1] - 1)):
        if known[j, i] and known[j, i + 1] and runaway[j, i] != runaway[j, i + 1]:
            segments.append([(xe[i + 1], ye[j]), (xe[i + 1], ye[j + 1])])
    for j, i in itertools.product(range(runaway.shape[0] - 1), range(runaway.shape[1])):
        if known[j, i] and known[j + 1, i] and runaway[j, i] != runaway[j + 1, i]:
            segments.append([(xe[i], ye[j + 1]), (xe[i + 1], ye[j + 1])])
    if not segments:
        return None
    ax.add_collection(LineCollection(segments, colors="white", linewidths=3.2))
    ax.add_collection(LineCollection(segments, colors="crimson", linewidths=1.6))
    return Line2D([], [], color="crimson", linewidth=1.6, label="runaway boundary")


def _line(part: xr.Dataset, name: str):
    dim = part["status"].dims[0]
    x = part[dim].values
    ok = np.char.startswith(part["status"].values.astype(str), "ok")
    fig = _figure((6.4, 4.0))
    ax = fig.add_subplot()
    values = part[name].values.astype(float)
    ax.plot(x[ok], values[ok], "o-", color="#21918c")
    if (~ok).any():
        low = np.nanmin(values[ok]) if ok.any() else 0.0
        ax.plot(x[~ok], np.full((~ok).sum(), low), "x", color="0.4", label="failed / missing")
    runaway = part["thermal_runaway"].values if "thermal_runaway" in part else None
    if runaway is not None:
        for i in range(len(x) - 1):
            if runaway[i] >= 0 and runaway[i + 1] >= 0 and runaway[i] != runaway[i + 1]:
                ax.axvline(0.5 * (x[i] + x[i + 1]), color="crimson", label="runaway boundary")
    ax.set_xscale("log" if _is_log(x) else "linear")
    ax.set_xlabel(_label(part[dim], dim))
    ax.set_ylabel(_label(part[name], name))
    _title(ax, part, name)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8)
    return fig


def _gas_bars(part: xr.Dataset, dim: str):
    """Stacked bars of the gas composition along ``dim``; failed points hatched grey."""
    import matplotlib

    fractions = part["gas_mole_fraction"].transpose(dim, "species").values
    species = [str(s) for s in part["species"].values]
    ok = np.char.startswith(part["status"].values.astype(str), "ok")
    fig = _figure((7.0, 4.4))
    ax = fig.add_subplot()
    positions = np.arange(part.sizes[dim])
    colours = matplotlib.colormaps["viridis"](np.linspace(0, 1, max(len(species), 1)))
    bottom = np.zeros(len(positions))
    for k, name in enumerate(species):
        height = np.where(ok, np.nan_to_num(fractions[:, k]), 0.0)
        ax.bar(positions, height, bottom=bottom, color=colours[k], label=name)
        bottom += height
    if (~ok).any():
        ax.bar(positions[~ok], 1.0, label="failed / not computed", **FAILED_STYLE)
    coord = part[dim].values
    labels = [f"{v:.4g}" if coord.dtype.kind == "f" else str(v) for v in coord]
    ax.set_xticks(positions, labels, rotation=45 if len(labels) > 8 else 0)
    ax.set_xlabel(_label(part[dim], dim))
    ax.set_ylabel("mole fraction of the gas released [1]")
    ax.set_ylim(0, 1.05)
    _title(ax, part, "gas composition")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    return fig
