"""Figures of a result dataset (units from the variables' ``units`` attributes)."""

from __future__ import annotations

import numpy as np
import xarray as xr


def plot_history(dataset: xr.Dataset, path=None):
    """Four-panel overview: temperature, pressure, reaction heat, gas released.

    Parameters
    ----------
    dataset : xarray.Dataset
        A result of :func:`runaway.run_scenario` or :func:`runaway.read_netcdf`.
    path : str or path-like, optional
        Write the figure there (format from the suffix, e.g. ``.png``, ``.pdf``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib

    if path is not None:
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    ds = dataset
    minutes = ds["time"].values / 60.0
    fig, axes = plt.subplots(4, 1, figsize=(8, 10), sharex=True, constrained_layout=True)
    ax = axes[0]
    ax.plot(minutes, ds["temperature"].values - 273.15, label="cell")
    ax.plot(minutes, ds["environment_temperature"].values - 273.15, "--", label="surroundings")
    ax.set_ylabel("temperature [°C]")
    for name, style in (("onset_temperature", ":"), ("trigger_temperature", "-.")):
        value = float(ds[name])
        if np.isfinite(value):
            ax.axhline(value - 273.15, color="grey", ls=style, lw=0.8, label=name.split("_")[0])
    ax.legend(loc="best", fontsize="small")
    ax = axes[1]
    ax.semilogy(minutes, np.maximum(ds["pressure"].values, 1.0) / 1e3)
    ax.set_ylabel("pressure [kPa]")
    vent = float(ds["vent_time"])
    if np.isfinite(vent):
        for a in axes:
            a.axvline(vent / 60.0, color="tab:red", lw=0.8, alpha=0.6)
        ax.annotate(
            "vent / burst",
            (vent / 60.0, ax.get_ylim()[1]),
            fontsize="small",
            va="top",
            color="tab:red",
        )
    ax = axes[2]
    heat = ds["heat_release_rate"]
    for i, equation in enumerate(ds["reaction"].values):
        series = heat.isel(reaction=i).values
        if np.abs(series).max() > 1e-3 * max(np.abs(heat.values).max(), 1e-30):
            ax.plot(minutes, series, lw=0.9, label=str(equation))
    ax.set_yscale("symlog", linthresh=1e-2)
    ax.set_ylabel(f"reaction heat [{heat.attrs.get('units', 'W')}]")
    if ax.lines:
        ax.legend(fontsize="x-small", ncol=2, loc="best")
    ax = axes[3]
    gas = ds["gas_amount"]
    dry = set(ds["gas_mole_fraction"].attrs.get("dry_gas_species", "").split(", "))
    for name in gas["species"].values:
        if name in dry:
            series = gas.sel(species=name).values - gas.sel(species=name).values[0]
            if series.max() > 1e-6:
                ax.plot(minutes, series * 1e3, lw=0.9, label=str(name))
    ax.set_ylabel("gas released [mmol]")
    if ax.lines:
        ax.legend(fontsize="x-small", ncol=3, loc="best")
    ax.set_xlabel("time [min]")
    fig.suptitle(ds.attrs.get("title", ""))
    if path is not None:
        fig.savefig(path, dpi=120)
    return fig
