"""Drawing of the panels of :func:`runaway.plotting.plot_history`, and their styles.

The time unit follows the length of the axis (:func:`time_unit`) and every gas species keeps one
colour of a qualitative palette (:func:`species_styles`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import xarray as xr

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: Time-axis units: (label, seconds per unit, used for runs shorter than this [s]).
TIME_UNITS = (("ms", 1e-3, 2.0), ("s", 1.0, 300.0), ("min", 60.0, 18000.0), ("h", 3600.0, np.inf))

#: Gases with a fixed colour in every figure, whatever the mechanism (slot in the palette).
KNOWN_GASES = (
    "CO2", "CO", "H2", "CH4", "C2H4", "C2H6", "O2", "HF", "POF3", "PF5",
    "CH3OCH3", "H2O", "EC", "DMC",
)  # fmt: skip

#: Line styles that tell species apart once the 20 colours are used up.
LINE_STYLES = ("-", "--", ":", "-.")


class EventWindow(NamedTuple):
    """Time span of the zoomed panel (:func:`runaway.plotting.event_window`)."""

    start: float  #: beginning of the window [s]
    end: float  #: end of the window [s]
    reference: float  #: zero of the zoomed time axis: T2, or the temperature peak [s]
    name: str  #: what the reference is: "T2" or "peak"


def time_unit(duration: float) -> tuple[str, float]:
    """Unit of a time axis that keeps its numbers readable.

    Parameters
    ----------
    duration : float
        Length of the time axis [s].

    Returns
    -------
    tuple of (str, float)
        Label (``ms``, ``s``, ``min`` or ``h``) and seconds per unit [s].
    """
    if not np.isfinite(duration) or duration <= 0.0:
        return "s", 1.0
    for label, seconds, limit in TIME_UNITS:
        if duration < limit:
            return label, seconds
    return TIME_UNITS[-1][:2]  # pragma: no cover (the last limit is infinite)


def tab20_colours() -> list[tuple[float, ...]]:
    """The 20 colours of tab20, the ten strong ones first, then their light partners."""
    from matplotlib import colormaps

    colours = colormaps["tab20"].colors
    return [colours[i] for i in (*range(0, 20, 2), *range(1, 20, 2))]


def species_styles(names: Sequence[str]) -> dict[str, tuple[tuple[float, ...], str]]:
    """A colour and a line style for every gas species, each species always drawn alike.

    The :data:`KNOWN_GASES` keep fixed colours of the qualitative tab20 palette; other species
    take the colours left free, in the order given; beyond 20 species the colours repeat with
    dashed, dotted and dash-dotted lines. No two species of ``names`` share a style.

    Parameters
    ----------
    names : sequence of str
        All gas species of a result (its ``species`` coordinate), not only those plotted.

    Returns
    -------
    dict
        Species name -> (RGB colour, matplotlib line style).
    """
    palette = tab20_colours()
    slots = {name: KNOWN_GASES.index(name) for name in names if name in KNOWN_GASES}
    taken = set(slots.values())
    free = (slot for slot in itertools.count() if slot not in taken)
    for name in names:
        if name not in slots:
            slots[name] = next(free)
    return {
        name: (palette[slot % len(palette)], LINE_STYLES[slot // len(palette) % len(LINE_STYLES)])
        for name, slot in slots.items()
    }


def scalar(ds: xr.Dataset, name: str) -> float:
    """A scalar result variable (in its units), NaN if the result lacks it.

    Parameters
    ----------
    ds : xarray.Dataset
        A runaway result.
    name : str
        Variable name, e.g. ``vent_time``.
    """
    return float(ds[name].values) if name in ds else float("nan")


def temperature_panel(ax: Axes, ds: xr.Dataset, x: np.ndarray) -> None:
    """Cell and surroundings temperature, with T1 and T2 as horizontal lines.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The panel.
    ds : xarray.Dataset
        A runaway result.
    x : numpy.ndarray
        Time of every output point in the unit of the axis [ms, s, min or h].
    """
    _temperature_lines(ax, ds, x, slice(None))
    if "environment_temperature" in ds:
        surroundings = ds["environment_temperature"].values - 273.15
        ax.plot(x, surroundings, "--", color="tab:grey", label="surroundings")
    for name, style, text in (
        ("onset_temperature", ":", "T1"),
        ("trigger_temperature", "-.", "T2"),
    ):
        value = scalar(ds, name)
        if np.isfinite(value):
            ax.axhline(value - 273.15, color="grey", ls=style, lw=0.8, label=text)
    ax.set_ylabel("temperature [°C]")
    ax.legend(loc="best", fontsize="small")


def electrical_panel(ax: Axes, ds: xr.Dataset, x: np.ndarray) -> None:
    """Short-circuit current and, on a twin axis, state of charge.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The panel.
    ds : xarray.Dataset
        A runaway result with a ``current`` (and normally ``state_of_charge``).
    x : numpy.ndarray
        Time of every output point in the unit of the axis [ms, s, min or h].
    """
    handles = ax.plot(x, ds["current"].values, color="tab:blue", label="current")
    ax.set_ylabel(f"current [{ds['current'].attrs.get('units', 'A')}]")
    if "state_of_charge" in ds:
        twin = ax.twinx()
        soc = 100.0 * ds["state_of_charge"].values
        handles += twin.plot(x, soc, "--", color="tab:green", label="state of charge")
        twin.set_ylabel("state of charge [%]")
        twin.set_ylim(-2.0, 102.0)
    ax.legend(handles=handles, loc="best", fontsize="small")


def pressure_panel(ax: Axes, ds: xr.Dataset, x: np.ndarray) -> None:
    """Headspace pressure, logarithmic.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The panel.
    ds : xarray.Dataset
        A runaway result.
    x : numpy.ndarray
        Time of every output point in the unit of the axis [ms, s, min or h].
    """
    ax.semilogy(x, np.maximum(ds["pressure"].values, 1.0) / 1e3, color="tab:blue")
    ax.set_ylabel("pressure [kPa]")


def heat_panel(ax: Axes, ds: xr.Dataset, x: np.ndarray) -> None:
    """Heat release rate of every reaction that matters (above 0.1 % of the largest).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The panel.
    ds : xarray.Dataset
        A runaway result.
    x : numpy.ndarray
        Time of every output point in the unit of the axis [ms, s, min or h].
    """
    heat = ds["heat_release_rate"].transpose("time", ...).values
    palette = tab20_colours()
    largest = np.nanmax(np.abs(heat), initial=0.0)
    for i, equation in enumerate(ds["heat_release_rate"]["reaction"].values):
        series = heat[:, i]
        if np.nanmax(np.abs(series), initial=0.0) > 1e-3 * max(largest, 1e-30):
            colour, style = palette[i % 20], LINE_STYLES[i // 20 % len(LINE_STYLES)]
            ax.plot(x, series, color=colour, ls=style, lw=0.9, label=str(equation))
    ax.set_yscale("symlog", linthresh=1e-2)
    ax.set_ylabel(f"reaction heat [{ds['heat_release_rate'].attrs.get('units', 'W')}]")
    if ax.lines:
        ax.legend(fontsize="x-small", ncol=2, loc="best")


def gas_panel(ax: Axes, ds: xr.Dataset, x: np.ndarray) -> None:
    """Gas released per non-condensable species, largest first in a legend beside the panel.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The panel.
    ds : xarray.Dataset
        A runaway result.
    x : numpy.ndarray
        Time of every output point in the unit of the axis [ms, s, min or h].
    """
    gas = ds["gas_amount"].transpose("time", ...)
    names = [str(name) for name in gas["species"].values]
    styles = species_styles(names)
    fraction = ds["gas_mole_fraction"].attrs if "gas_mole_fraction" in ds else {}
    listed = fraction.get("dry_gas_species")
    dry = set(names) if listed is None else set(listed.split(", "))
    released = {}
    for i, name in enumerate(names):
        if name in dry and x.size:
            series = gas.values[:, i] - gas.values[0, i]
            if np.nanmax(series, initial=0.0) > 1e-6:
                released[name] = series
    for name in sorted(released, key=lambda n: -np.nanmax(released[n])):
        colour, style = styles[name]
        ax.plot(x, released[name] * 1e3, color=colour, ls=style, lw=1.1, label=name)
    ax.set_ylabel("gas released [mmol]")
    if not ax.lines:
        text = "no non-condensable gas released" if names else "no gas species in this result"
        ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color="grey")
    else:
        ax.legend(
            title="gas",
            fontsize="small",
            ncol=1 if len(released) <= 12 else 2,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            borderaxespad=0.0,
            frameon=False,
        )


def mark_events(panels: dict[str, Axes], ds: xr.Dataset, seconds: float) -> None:
    """Vertical lines at the vent (every panel) and current interrupt (electrical panel).

    Parameters
    ----------
    panels : dict of str to matplotlib.axes.Axes
        The panels by name (``pressure`` gets the vent label, ``electrical`` the CID line).
    ds : xarray.Dataset
        A runaway result.
    seconds : float
        Seconds per unit of the time axis [s].
    """
    vent = scalar(ds, "vent_time")
    if np.isfinite(vent):
        for ax in panels.values():
            ax.axvline(vent / seconds, color="tab:red", lw=0.8, alpha=0.6)
        _label(panels["pressure"], "vent / burst", vent / seconds, 1.0, "tab:red")
    cid = scalar(ds, "cid_time")
    if np.isfinite(cid) and "electrical" in panels:
        panels["electrical"].axvline(cid / seconds, color="tab:purple", lw=0.8, ls="--")
    rupture = scalar(ds, "rupture_time")
    if np.isfinite(rupture):
        panels["pressure"].axvline(rupture / seconds, color="black", lw=1.0, ls="--")
        _label(panels["pressure"], "can rupture", rupture / seconds, 0.9, "black")


def _label(ax: Axes, text: str, x: float, height: float, color: str) -> None:
    """Write ``text`` at time ``x`` (axis units) and ``height`` (fraction of the axes)."""
    where = ("data", "axes fraction")
    ax.annotate(text, (x, height), xycoords=where, fontsize="small", va="top", color=color)


def event_panel(ax: Axes, ds: xr.Dataset, window: EventWindow, at: str) -> None:
    """Temperature and pressure over the event window, time counted from its reference.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The panel.
    ds : xarray.Dataset
        A runaway result.
    window : EventWindow
        Start, end and reference of the window [s].
    at : str
        The reference time in the unit of the main axes (e.g. ``"24.95 min"``).
    """
    label, seconds = time_unit(window.end - window.start)
    time = ds["time"].values
    inside = (time >= window.start) & (time <= window.end)
    x = (time[inside] - window.reference) / seconds
    handles = _temperature_lines(ax, ds, x, inside)
    twin = ax.twinx()
    pressure = np.maximum(ds["pressure"].values[inside], 1.0) / 1e3
    handles += twin.semilogy(x, pressure, "--", color="tab:blue", label="pressure")
    twin.set_ylabel("pressure [kPa]")
    ax.set_xlim(
        (window.start - window.reference) / seconds, (window.end - window.reference) / seconds
    )
    ax.axvline(0.0, color="grey", ls="-.", lw=0.8)
    vent = scalar(ds, "vent_time")
    if window.start <= vent <= window.end:
        ax.axvline((vent - window.reference) / seconds, color="tab:red", lw=0.8, alpha=0.6)
    ax.set_ylabel("temperature [°C]")
    what = "T2" if window.name == "T2" else "the temperature peak"
    ax.set_xlabel(f"time from {what} (at {at}) [{label}]")
    event = "thermal runaway" if window.name == "T2" else "temperature peak"
    ax.set_title(f"{event}, zoomed (shaded in the top panel)", loc="left", fontsize="medium")
    ax.legend(handles=handles, loc="best", fontsize="small")


def _temperature_lines(ax, ds, x, inside) -> list:
    """Plot the cell temperature: one line for a one-node cell, the jelly roll (core) and the
    surface (casing) for a two-node cell. Returns the line handles.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    ds : xarray.Dataset
        A runaway result.
    x : numpy.ndarray
        Time of the points plotted, in the unit of the axis.
    inside : slice or numpy.ndarray
        The points of the result plotted.
    """
    core = ds["temperature"].values[inside] - 273.15
    if "surface_temperature" not in ds:
        return ax.plot(x, core, color="tab:red", label="cell")
    surface = ds["surface_temperature"].values[inside] - 273.15
    if np.array_equal(core, surface):
        return ax.plot(x, core, color="tab:red", label="cell")
    handles = ax.plot(x, surface, color="tab:red", label="surface")
    handles += ax.plot(x, core, color="darkred", lw=0.9, ls="--", label="jelly roll (core)")
    return handles
