"""Turn a solver history into an xarray Dataset with CF-style attributes; netCDF I/O.

Every variable carries ``units`` and ``long_name``; the dataset carries provenance (package,
Cantera and mechanism versions/hashes, the full scenario text).
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import cantera
import numba
import numpy as np
import xarray as xr

from runaway import __version__
from runaway.metrics import SELF_HEATING_THRESHOLD, gas_metrics, onset_metrics
from runaway.model import CellModel
from runaway.solver import SolverOutput

VARIABLES = {
    # name: (units, long_name)
    "temperature": ("K", "cell temperature (lumped)"),
    "pressure": ("Pa", "headspace pressure (absolute)"),
    "heat_release_rate": (
        "W",
        "reaction heat release rate (-standard reaction enthalpy at 298.15 K x rate)",
    ),
    "gas_amount": ("mol", "gas in headspace plus vented, cumulative"),
    "thickness_increase": ("m", "pouch thickness increase (0 for rigid cans)"),
    "free_volume": ("m3", "headspace gas volume"),
    "environment_temperature": ("K", "temperature of the surroundings (oven air and walls)"),
    "temperature_rate": ("K s-1", "rate of change of cell temperature"),
    "self_heating_rate": ("K s-1", "heating rate due to reactions alone"),
    "abuse_heat_rate": ("W", "heat delivered by the abuse source (heater, Joule, ARC heating)"),
    "heat_loss_rate": ("W", "heat lost to the surroundings by convection and radiation"),
    "current": ("A", "short-circuit current"),
    "state_of_charge": ("1", "state of charge"),
    "joule_heat_rate": ("W", "Joule heat released inside the cell"),
    "vent_flow": ("mol s-1", "molar flow of gas out of the vent"),
    "species_amount": ("mol", "amount of each species in the cell"),
    "onset_temperature": ("K", "T1: first self-heating at 0.02 K/min"),
    "trigger_temperature": ("K", "T2: temperature where dT/dt first reaches 1 K/s"),
    "max_temperature": ("K", "T3: maximum temperature"),
    "thermal_runaway": ("1", "thermal runaway (dT/dt >= 1 K/s sustained >= 3 s)"),
    "time_to_runaway": ("s", "time at which T2 is reached (NaN without runaway)"),
    "vent_time": ("s", "first vent opening or pouch burst (NaN if none)"),
    "vent_temperature": ("K", "cell temperature at first vent opening (NaN if none)"),
    "cid_time": ("s", "current interrupt device opening (NaN if none)"),
    "max_pressure": ("Pa", "maximum headspace pressure"),
    "max_thickness_increase": ("m", "maximum pouch thickness increase"),
    "gas_total": (
        "mol",
        "non-condensable gas released (cooled to 25 degC, solvent vapour excluded)",
    ),
    "gas_volume_stp": ("m3", "non-condensable gas released at 0 degC and 101325 Pa"),
    "gas_mole_fraction": ("1", "composition of the non-condensable gas released"),
    "status": ("", "ok, or failed: message"),
}


def build_dataset(model: CellModel, output: SolverOutput) -> xr.Dataset:
    """Assemble the result dataset of one run.

    Parameters
    ----------
    model : CellModel
        The model that was integrated.
    output : SolverOutput
        Its history.
    """
    mech = model.mechanism
    L = model.layout
    time, states, modes = output.concatenated()
    if time.size:
        keep = np.concatenate([[True], np.diff(time) > 0])  # drop duplicate segment joints
        time, states = time[keep], states[keep]
        modes = [m for m, k in zip(modes, keep, strict=True) if k]
    n_points = time.size
    diag, heat = model.diagnostics(time, states, modes)
    diag_keys = [k for k in diag if k in VARIABLES]  # the diagnostics stored as time series

    gas_names = [mech.species_names[k] for k in model.gas_index]
    species_amount = states[:, L.species] if n_points else np.zeros((0, mech.n_species))
    gas_amount = (
        species_amount[:, model.gas_index] + states[:, L.vented]
        if n_points
        else np.zeros((0, len(gas_names)))
    )
    temperature = states[:, L.temperature] if n_points else np.zeros(0)

    # metrics use every solver step; the stored series keep at most solver.output_points of
    # them, evenly spaced in step index (steps crowd where things happen, so detail is kept)
    # plus the peaks of temperature and pressure
    keep = _output_indices(
        n_points,
        model.scenario.solver.output_points,
        [int(np.argmax(temperature)), int(np.argmax(diag["pressure"]))] if n_points else [],
    )
    data: dict[str, tuple] = {
        "temperature": ("time", temperature[keep]),
        "state_of_charge": ("time", states[keep, L.soc] if n_points else np.zeros(0)),
        **{k: ("time", diag[k][keep]) for k in diag_keys},
        "heat_release_rate": (("time", "reaction"), heat[keep]),
        "gas_amount": (("time", "species"), gas_amount[keep]),
        "species_amount": (("time", "all_species"), species_amount[keep]),
    }

    # scalar metrics
    if n_points:
        onset = onset_metrics(
            time, temperature, diag["temperature_rate"], diag["self_heating_rate"]
        )
        released = gas_amount[-1] - gas_amount[0]
    else:
        onset = {
            "onset_temperature": np.nan,
            "trigger_temperature": np.nan,
            "max_temperature": np.nan,
            "thermal_runaway": False,
            "time_to_runaway": np.nan,
        }
        released = np.zeros(len(gas_names))
    for k, v in onset.items():
        data[k] = ((), v)
    onset_at_start = bool(n_points and diag["self_heating_rate"][0] >= SELF_HEATING_THRESHOLD)
    vent_time = output.events.get("vent", np.nan)
    data["vent_time"] = ((), vent_time)
    data["vent_temperature"] = (
        (),
        float(np.interp(vent_time, time, temperature)) if np.isfinite(vent_time) else np.nan,
    )
    data["cid_time"] = ((), output.events.get("cid", np.nan))
    data["max_pressure"] = ((), float(diag["pressure"].max()) if n_points else np.nan)
    data["max_thickness_increase"] = (
        (),
        float(diag["thickness_increase"].max()) if n_points else np.nan,
    )
    dry = mech.dry_gas[model.gas_index]
    total, volume, fractions = gas_metrics(released, dry)
    data["gas_total"] = ((), total)
    data["gas_volume_stp"] = ((), volume)
    data["gas_mole_fraction"] = ("species", fractions)
    data["status"] = ((), output.status if output.status == "ok" else f"failed: {output.message}")
    data_vars = {}
    for name, (dims, values) in data.items():
        units, long_name = VARIABLES.get(name, ("", name))
        data_vars[name] = xr.Variable(dims, values, {"units": units, "long_name": long_name})
    if onset_at_start:
        data_vars["onset_temperature"].attrs["comment"] = (
            "self-heating already exceeded 0.02 K/min at the start: this is the start "
            "temperature, not an observed onset"
        )
    data_vars["gas_mole_fraction"].attrs["dry_gas_species"] = ", ".join(
        n for n, d in zip(gas_names, dry, strict=True) if d
    )
    ds = xr.Dataset(
        data_vars,
        coords={
            "time": ("time", time[keep], {"units": "s", "long_name": "time since start of test"}),
            "reaction": ("reaction", mech.reaction_equations, {"long_name": "reaction equation"}),
            "species": ("species", gas_names, {"long_name": "gas species"}),
            "all_species": (
                "all_species",
                mech.species_names,
                {"long_name": "all mechanism species"},
            ),
        },
    )

    # energy bookkeeping, for users and for the conservation tests
    if n_points:
        ds.attrs["energy_abuse_J"] = float(states[-1, L.energy_abuse])
        ds.attrs["energy_loss_J"] = float(states[-1, L.energy_loss])
        ds.attrs["energy_reaction_J"] = float(states[-1, L.energy_reaction])
        ds.attrs["energy_vented_J"] = float(states[-1, L.energy_vent])
        ds.attrs["energy_vented_note"] = (
            "enthalpy of the vented gas on the absolute (formation-enthalpy) scale of the "
            "species thermo, net of ambient air drawn back in; only differences are meaningful"
        )
    ds.attrs.update(provenance(model))
    return ds


def _output_indices(n_points: int, limit: int, always: list[int]) -> np.ndarray:
    """Indices of the stored time points: all of them, or ``limit`` evenly spaced in step
    index plus the first, last and ``always`` points."""
    if n_points <= limit:
        return np.arange(n_points)
    picks = np.linspace(0, n_points - 1, limit).round().astype(int)
    return np.unique(np.concatenate([picks, [0, n_points - 1], always]))


def provenance(model: CellModel) -> dict[str, str]:
    """Provenance attributes: versions, mechanism hashes, scenario text."""
    sc = model.scenario
    digests = model.mechanism.file_digests()
    return {
        "title": sc.title,
        "Conventions": "CF-1.10",
        "source": f"runaway {__version__}",
        "runaway_version": __version__,
        "cantera_version": cantera.__version__,
        "mechanisms": ", ".join(digests),
        "mechanism_sha256": "; ".join(f"{k}: {v}" for k, v in digests.items()),
        "kinetics": (
            f"compiled (numba {numba.__version__}; Cantera's rate law and species thermo)"
            if model.compiled
            else "cantera"
            + (
                f" (compiled kinetics unsupported: {model.kinetics_note})"
                if model.kinetics_note
                else ""
            )
        ),
        "scenario_file": str(getattr(sc, "source_path", "")),
        "scenario": getattr(sc, "source_text", ""),
        "history": f"{datetime.now(UTC).isoformat(timespec='seconds')} runaway {__version__}",
    }


def write_netcdf(dataset: xr.Dataset, path: str | os.PathLike) -> Path:
    """Write ``dataset`` to ``path`` atomically (temporary file in the same folder, then rename).

    Booleans are stored as int8 (netCDF has no boolean type) with a ``flag_values`` note.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = dataset.copy()
    for name, var in out.data_vars.items():
        if var.dtype == bool:
            out[name] = var.astype("int8")
            out[name].attrs = {**var.attrs, "flag_values": "0, 1", "flag_meanings": "false true"}
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        out.to_netcdf(tmp, engine="h5netcdf")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_netcdf(path: str | os.PathLike) -> xr.Dataset:
    """Open a result file written by :func:`write_netcdf` (loaded into memory)."""
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        ds = ds.load()
    for name, var in ds.data_vars.items():
        if var.attrs.get("flag_meanings") == "false true":
            ds[name] = var.astype(bool)
    return ds
