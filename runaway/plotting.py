"""Figures of a result dataset (units from the variables' ``units`` attributes).

:func:`plot_history` draws one overview: temperature, pressure, reaction heat and gas
released; current and state of charge for an electrical abuse; a zoom on the runaway when it
fills a small part of the run. The time unit follows the length of the run, every gas species
keeps one colour, and a failed run carries its reason in red in the title.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from runaway.plot_panels import (
    KNOWN_GASES,
    EventWindow,
    electrical_panel,
    event_panel,
    gas_panel,
    heat_panel,
    mark_events,
    pressure_panel,
    scalar,
    species_styles,
    temperature_panel,
    time_unit,
)
from runaway.results import atomic_target

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "KNOWN_GASES",
    "EventWindow",
    "REQUIRED_VARIABLES",
    "event_window",
    "failure_reason",
    "figure_suffixes",
    "has_current",
    "missing_variables",
    "plot_history",
    "species_styles",
    "time_unit",
]

#: Variables a result must hold to be plotted (``time`` is its coordinate).
REQUIRED_VARIABLES = (
    "time",
    "temperature",
    "pressure",
    "heat_release_rate",
    "gas_amount",
    "status",
)

#: A zoom on the runaway is drawn when it spans at most this fraction of the run [1].
ZOOM_FRACTION = 0.2

#: Smallest temperature peak that makes an event without a runaway [K].
MIN_PEAK = 5.0

#: Length of a failure reason in the title [characters].
REASON_LENGTH = 100

#: Characters per line of the failure reason in the title.
TITLE_WIDTH = 80

#: Resolution of raster figures [dots per inch].
DPI = 120


def missing_variables(dataset: xr.Dataset) -> list[str]:
    """The :data:`REQUIRED_VARIABLES` that ``dataset`` lacks (empty for a runaway result).

    Parameters
    ----------
    dataset : xarray.Dataset
        Any dataset, e.g. read from a netCDF file.
    """
    return [name for name in REQUIRED_VARIABLES if name not in dataset.variables]


def figure_suffixes() -> tuple[str, ...]:
    """File suffixes matplotlib can write (``.png``, ``.pdf``, ``.svg``, ...), sorted."""
    from matplotlib.backend_bases import FigureCanvasBase

    return tuple(sorted(f".{name}" for name in FigureCanvasBase.get_supported_filetypes()))


def failure_reason(dataset: xr.Dataset) -> str | None:
    """Why a run failed, cut to :data:`REASON_LENGTH` characters, or None for a good run.

    Parameters
    ----------
    dataset : xarray.Dataset
        A runaway result (its ``status`` is ``ok`` or ``failed: <reason>``).
    """
    status = dataset["status"].values.item()
    status = (status.decode() if isinstance(status, bytes) else str(status)).strip()
    if status == "ok":
        return None
    reason = status.removeprefix("failed:").strip() or status or "unknown reason"
    if len(reason) > REASON_LENGTH:
        reason = reason[: REASON_LENGTH - 1].rstrip() + "…"
    return reason


def has_current(dataset: xr.Dataset) -> bool:
    """True for an electrical abuse: the result holds a ``current`` that is not always zero.

    Parameters
    ----------
    dataset : xarray.Dataset
        A runaway result.
    """
    if "current" not in dataset:
        return False
    return bool(np.max(np.abs(np.nan_to_num(dataset["current"].values)), initial=0.0) > 0.0)


def event_window(dataset: xr.Dataset) -> EventWindow | None:
    """The thermal event, if it fills a small part of the run: worth a zoomed panel.

    With a runaway the event runs from T2 to the temperature peak after it; without one, it is
    the temperature peak above half its height over the lowest temperature (at least
    :data:`MIN_PEAK` high). A margin of half its length is added on either side.

    Parameters
    ----------
    dataset : xarray.Dataset
        A runaway result.

    Returns
    -------
    EventWindow or None
        Start, end and reference time [s] (T2 or the peak), or None when there is no event or
        the window spans more than :data:`ZOOM_FRACTION` of the run (the main axes show it
        well then).
    """
    time = np.asarray(dataset["time"].values, dtype=float)
    temperature = np.asarray(dataset["temperature"].values, dtype=float)
    if time.size < 3 or not np.isfinite(temperature).any():
        return None
    duration = time[-1] - time[0]
    trigger = scalar(dataset, "time_to_runaway")
    if np.isfinite(trigger):
        after = time >= trigger
        peak = time[after][np.nanargmax(temperature[after])] if after.any() else trigger
        first, last, reference, name = trigger, peak, trigger, "T2"
    else:
        peak = _temperature_peak(temperature)
        if peak is None:
            return None
        first, last, reference, name = time[peak[0]], time[peak[1]], time[peak[2]], "peak"
    pad = max(0.5 * (last - first), 2e-3 * duration)
    low, high = max(time[0], first - pad), min(time[-1], last + pad)
    if high <= low or high - low > ZOOM_FRACTION * duration:
        return None
    return EventWindow(float(low), float(high), float(reference), name)


def _temperature_peak(temperature: np.ndarray) -> tuple[int, int, int] | None:
    """First and last index of the highest temperature peak above half height, and its top.

    Parameters
    ----------
    temperature : numpy.ndarray
        Cell temperature at every output point [K].
    """
    top = int(np.nanargmax(temperature))
    base = np.nanmin(temperature)
    if temperature[top] - base < MIN_PEAK:
        return None
    below = np.flatnonzero(~(temperature >= base + 0.5 * (temperature[top] - base)))
    first = int(below[below < top].max()) + 1 if (below < top).any() else 0
    last = int(below[below > top].min()) - 1 if (below > top).any() else temperature.size - 1
    return first, last, top


def plot_history(dataset: xr.Dataset, path: str | os.PathLike | None = None) -> Figure:
    """Overview figure of one run, one panel per quantity against a common time axis.

    Panels: temperature (with T1 and T2); current and state of charge for an electrical abuse
    (:func:`has_current`); pressure; reaction heat; gas released (one fixed colour per species,
    :func:`species_styles`); and, when the runaway fills a small part of the run, a zoom on it
    (:func:`event_window`). The time unit follows the length of the run (:func:`time_unit`). A
    failed run has its reason in red in the title.

    Parameters
    ----------
    dataset : xarray.Dataset
        A result of :func:`runaway.run_scenario` or :func:`runaway.read_netcdf`.
    path : str or path-like, optional
        Write the figure there (format from the suffix, e.g. ``.png``, ``.pdf``), atomically:
        a temporary file in the same folder, renamed once complete. The folder must exist.
        With a path the figure is not registered with pyplot (no screen needed).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        ``dataset`` is not a runaway result (:func:`missing_variables`).
    """
    missing = missing_variables(dataset)
    if missing:
        raise ValueError(f"not a runaway result (missing variables: {', '.join(missing)})")
    ds = dataset
    time = np.asarray(ds["time"].values, dtype=float)
    label, seconds = time_unit(float(time[-1] - time[0]) if time.size else 0.0)
    x = time / seconds
    drawers = [("temperature", temperature_panel)]
    if has_current(ds):
        drawers.append(("electrical", electrical_panel))
    drawers += [("pressure", pressure_panel), ("heat", heat_panel), ("gas", gas_panel)]
    window = event_window(ds)
    rows = len(drawers) + (window is not None)
    fig = _new_figure(interactive=path is None, size=(10.0, 2.3 * rows + 0.8))
    grid = fig.subplots(rows, 1, squeeze=False)[:, 0]
    panels = {}
    for ax, (name, draw) in zip(grid, drawers, strict=False):
        draw(ax, ds, x)
        panels[name] = ax
        if ax is not grid[0]:
            ax.sharex(grid[0])
    bottom = grid[len(drawers) - 1]
    for ax in panels.values():
        ax.tick_params(labelbottom=ax is bottom)
    bottom.set_xlabel(f"time [{label}]")
    if x.size > 1:
        grid[0].set_xlim(x[0], x[-1])
    mark_events(panels, ds, seconds)
    if window is not None:
        low, high = window[0] / seconds, window[1] / seconds
        panels["temperature"].axvspan(low, high, color="tab:grey", alpha=0.15, lw=0)
        event_panel(grid[-1], ds, window, f"{window.reference / seconds:.4g} {label}")
    _title(fig, ds)
    if path is not None:
        _save(fig, Path(path))
    return fig


def _new_figure(interactive: bool, size: tuple[float, float]) -> Figure:
    """A pyplot figure for interactive use, else a free-standing one (no backend, no screen)."""
    if interactive:
        import matplotlib.pyplot as plt

        return plt.figure(figsize=size, layout="constrained")
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout="constrained")


def _title(fig: Figure, ds: xr.Dataset) -> None:
    """The result's title; a failed run's reason in red below it."""
    title = str(ds.attrs.get("title", ""))
    reason = failure_reason(ds)
    if reason is None:
        fig.suptitle(title)
        return
    lines = [title] if title else []
    lines += textwrap.wrap(f"FAILED: {reason}", TITLE_WIDTH)
    fig.suptitle("\n".join(lines), color="tab:red", fontweight="bold")


def _save(fig: Figure, path: Path) -> None:
    """Write atomically; the temporary name keeps the suffix, which sets the format."""
    with atomic_target(path, suffix=".tmp" + path.suffix) as tmp:
        fig.savefig(tmp, dpi=DPI)
