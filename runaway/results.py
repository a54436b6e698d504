"""Turn a solver history into an xarray Dataset with CF-style attributes; netCDF I/O.

Every variable carries ``units`` and ``long_name``, taken from the declarations of the states
(:mod:`runaway.state` and the parts), the bus (:mod:`runaway.kernel.bus`) and the metrics
(:mod:`runaway.metrics`); the dataset carries provenance (package, Cantera and mechanism
versions/hashes, the full scenario text). The results read what the solver stored; they never
evaluate the model.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import cantera
import numpy as np
import xarray as xr

from runaway import __version__
from runaway.energy_budget import ENERGY_BUDGET, energy_budget
from runaway.kernel.bus import BUS
from runaway.metrics import METRICS, SELF_HEATING_THRESHOLD, gas_metrics, onset_metrics
from runaway.physics.headspace import CO_VOLUME
from runaway.state import CORE_STATES
from runaway.variables import COMPOSITES

if TYPE_CHECKING:  # pragma: no cover
    from runaway.model import CellModel
    from runaway.solver import SolverOutput


def _variables(states, bus) -> dict[str, tuple[str, str]]:
    table = {s.result: (s.units, s.long_name) for s in states if s.result}
    table.update(
        {v.name: (v.units, v.long_name) for v in (*bus, *METRICS, *ENERGY_BUDGET, *COMPOSITES)}
    )
    return table


#: name -> (units, long_name) of every result variable of the core model; a model with user
#: parts adds theirs (:func:`build_dataset` uses the model's own declarations).
VARIABLES = _variables(CORE_STATES, BUS)


def build_dataset(model: CellModel, output: SolverOutput) -> xr.Dataset:
    """Assemble the result dataset of one run from what the solver stored.

    Parameters
    ----------
    model : CellModel
        The model that was integrated (its declarations and provenance).
    output : SolverOutput
        Its history and stored diagnostics.
    """
    mech = model.mechanism
    L = model.layout
    time, states, _ = output.concatenated()
    bus, heat = output.diagnostics()
    if time.size:
        keep = np.concatenate([[True], np.diff(time) > 0])  # drop duplicate segment joints
        time, states, bus, heat = time[keep], states[keep], bus[keep], heat[keep]
    n_points = time.size
    diag = {name: bus[:, i] for i, name in enumerate(model.bus_names)} if n_points else {}
    gas_names = [mech.species_names[k] for k in model.gas_index]
    if n_points:
        species_amount = states[:, L.species]
        gas_amount = species_amount[:, model.gas_index] + states[:, L.vented]
        temperature = states[:, L.temperature]
    else:
        species_amount = np.zeros((0, mech.n_species))
        gas_amount = np.zeros((0, len(gas_names)))
        temperature = np.zeros(0)
        bus = np.zeros((0, len(model.bus_names)))
        heat = np.zeros((0, mech.n_reactions))
        diag = {name: np.zeros(0) for name in model.bus_names}

    data = _time_series(model, states, diag, heat, gas_amount, species_amount, temperature)
    keep = data.pop("_keep")
    data.update(_scalar_metrics(model, output, time, temperature, diag, gas_amount, gas_names))
    data.update(_energy_budget(model, states))
    data["species_ejected"] = ("all_species", _species_ejected(model, states))

    variables = _variables(L.states, model.bus_variables)
    data_vars = {}
    for name, (dims, values) in data.items():
        units, long_name = variables[name]
        data_vars[name] = xr.Variable(dims, values, {"units": units, "long_name": long_name})
    if (
        n_points
        and diag["self_heating_rate"][0] >= SELF_HEATING_THRESHOLD
        and float(data_vars["onset_temperature"].values) == float(temperature[0])
    ):
        data_vars["onset_temperature"].attrs["comment"] = (
            "self-heating already exceeded 0.02 K/min at the start: this is the start "
            "temperature, not an observed onset"
        )
    dry = mech.dry_gas[model.gas_index]
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
    if n_points:  # energy bookkeeping, for users and for the conservation tests
        ds.attrs.update(_energy_attrs(L, states[-1]))
    ds.attrs["event_times"] = "; ".join(f"{k}={v!r}" for k, v in output.events.items())
    ds.attrs.update(provenance(model))
    return ds


def _time_series(model, states, diag, heat, gas_amount, species_amount, temperature) -> dict:
    """The stored time series (at most ``solver.output_points`` of the solver's steps)."""
    L = model.layout
    n_points = temperature.size
    # metrics use every solver step; the stored series keep at most solver.output_points of
    # them, evenly spaced in step index (steps crowd where things happen, so detail is kept)
    # plus the peaks of temperature and pressure
    keep = _output_indices(
        n_points,
        model.settings.output_points,
        [int(np.argmax(temperature)), int(np.argmax(diag["pressure"]))] if n_points else [],
    )
    data: dict[str, tuple] = {}
    for state in L.states:
        if state.result and state.name != "species":
            columns = states[:, L.slice(state.name)] if n_points else np.zeros((0, 1))
            data[state.result] = (
                ("time", columns[keep, 0])
                if columns.shape[1] == 1
                else (("time", f"{state.name}_index"), columns[keep])
            )
    data.update({name: ("time", diag[name][keep]) for name in model.bus_names})
    data["heat_release_rate"] = (("time", "reaction"), heat[keep])
    data["gas_amount"] = (("time", "species"), gas_amount[keep])
    data["species_amount"] = (("time", "all_species"), species_amount[keep])
    data["_keep"] = keep
    return data


def _energy_attrs(L, last: np.ndarray) -> dict:
    """The energy integrals at the end of the run, as dataset attributes [J]."""
    return {
        "energy_abuse_J": float(last[L.energy_abuse]),
        "energy_loss_J": float(last[L.energy_loss]),
        "energy_reaction_J": float(last[L.energy_reaction]),
        "energy_vented_J": float(last[L.energy_vent]),
        "energy_vented_note": (
            "enthalpy of the vented gas on the absolute (formation-enthalpy) scale of the "
            "species thermo, net of ambient air drawn back in; only differences are meaningful"
        ),
    }


def _species_ejected(model: CellModel, states: np.ndarray) -> np.ndarray:
    """Amount of every species ejected with the vent flow over the run [mol]."""
    ejected = np.zeros(model.mechanism.n_species)
    if states.shape[0]:
        L = model.layout
        ejected[model.ejected_index] = states[-1, L.ejected] - states[0, L.ejected]
    return ejected


def _energy_budget(model: CellModel, states: np.ndarray) -> dict:
    """Mass loss and energy budget (:mod:`runaway.energy_budget`) from the first and last
    state; NaN without a history."""
    if not states.shape[0]:
        return {v.name: ((), np.nan) for v in ENERGY_BUDGET}
    L, mech = model.layout, model.mechanism
    first, last = states[0], states[-1]
    ejected = model.ejected_index
    budget = energy_budget(
        last[L.vented] - first[L.vented],
        mech.molar_masses[model.gas_index],
        mech.standard_enthalpies(298.15)[model.gas_index],
        last[L.energy_vent] - first[L.energy_vent],
        last[L.energy_reaction] - first[L.energy_reaction],
        last[L.energy_abuse] - first[L.energy_abuse],
        last[L.energy_loss] - first[L.energy_loss],
        last[L.ejected] - first[L.ejected],
        mech.molar_masses[ejected],
        mech.standard_enthalpies(298.15)[ejected],
    )
    return {name: ((), value) for name, value in budget.items()}


def _scalar_metrics(model, output, time, temperature, diag, gas_amount, gas_names) -> dict:
    """The scalar safety metrics (:data:`runaway.metrics.METRICS`) and the status."""
    n_points = time.size
    data: dict[str, tuple] = {}
    if n_points:
        surface = diag["surface_temperature"]  # what the test's thermocouple reads
        node_rate = np.maximum(diag["temperature_rate"], diag["surface_temperature_rate"])
        onset = onset_metrics(time, surface, node_rate, diag["self_heating_rate"])
        onset["max_core_temperature"] = float(np.max(temperature))
        released = gas_amount[-1] - gas_amount[0]
    else:
        onset = {
            "onset_temperature": np.nan,
            "trigger_temperature": np.nan,
            "max_temperature": np.nan,
            "thermal_runaway": False,
            "time_to_runaway": np.nan,
            "max_self_heating_rate": np.nan,
            "max_temperature_rate": np.nan,
            "max_core_temperature": np.nan,
        }
        released = np.zeros(len(gas_names))
    for k, v in onset.items():
        data[k] = ((), v)
    vent_time = output.events.get("vent", np.nan)
    data["vent_time"] = ((), vent_time)
    data["vent_temperature"] = (
        (),
        float(np.interp(vent_time, time, diag["surface_temperature"]))
        if np.isfinite(vent_time)
        else np.nan,
    )
    data["cid_time"] = ((), output.events.get("cid", np.nan))
    data["rupture_time"] = ((), output.events.get("rupture", np.nan))
    data["max_pressure"] = ((), float(diag["pressure"].max()) if n_points else np.nan)
    data["max_thickness_increase"] = (
        (),
        float(diag["thickness_increase"].max()) if n_points else np.nan,
    )
    total, volume, fractions = gas_metrics(released, model.mechanism.dry_gas[model.gas_index])
    data["gas_total"] = ((), total)
    data["gas_volume_stp"] = ((), volume)
    data["gas_mole_fraction"] = ("species", fractions)
    status = output.status if output.status == "ok" else f"failed: {output.message}"
    problem = physical_problem(
        temperature, diag.get("free_volume"), diag.get("headspace_gas_amount")
    )
    if status == "ok" and problem:
        status = f"failed: {problem}"
    data["status"] = ((), status)
    return data


#: Smallest headspace molar volume, in co-volumes (runaway.physics.headspace.CO_VOLUME), at which
#: the gas law is trusted: at V_m = 10 b the co-volume correction is already 10 % of the pressure.
MIN_CO_VOLUMES = 10.0


def physical_problem(temperature, free_volume=None, gas_amount=None) -> str:
    """Why a history is outside what the model can represent, or "".

    Parameters
    ----------
    temperature : numpy.ndarray
        Cell temperature [K] at every stored step.
    free_volume, gas_amount : numpy.ndarray, optional
        Headspace volume [m^3] and gas amount [mol] at the same steps.

    A run that leaves the species thermo's range, or packs the headspace gas so densely that
    even the co-volume gas law is unreliable (molar volume below :data:`MIN_CO_VOLUMES` co-volumes),
    is not a result, whatever the solver says: its status becomes a failure with the reason.
    """
    from runaway.scenario.units import THERMO_RANGE

    if temperature.size == 0:
        return ""
    low, high = THERMO_RANGE
    if float(temperature.max()) > high:
        return (
            f"the cell reached {float(temperature.max()):.0f} K, above the {high:.0f} K the "
            "species thermo covers; the result is not physical"
        )
    if float(temperature.min()) < low:
        return (
            f"the cell fell to {float(temperature.min()):.0f} K, below the {low:.0f} K the "
            "species thermo covers; the result is not physical"
        )
    if free_volume is not None and gas_amount is not None and gas_amount.size:
        molar_volume = free_volume / np.maximum(gas_amount, 1e-300)
        worst = float(molar_volume.min())
        if worst < MIN_CO_VOLUMES * CO_VOLUME:
            return (
                f"the headspace gas reached {worst * 1e6:.3g} cm3/mol, "
                f"{worst / CO_VOLUME:.2g} co-volumes (the gas law needs > "
                f"{MIN_CO_VOLUMES:g}): a real can or pouch would have ruptured or vented "
                "first, which this model does not represent yet; the pressures are not physical"
            )
    return ""


def _output_indices(n_points: int, limit: int, always: list[int]) -> np.ndarray:
    """Indices of the stored time points: all of them, or ``limit`` evenly spaced in step
    index plus the first, last and ``always`` points."""
    if n_points <= limit:
        return np.arange(n_points)
    picks = np.linspace(0, n_points - 1, limit).round().astype(int)
    return np.unique(np.concatenate([picks, [0, n_points - 1], always]))


def provenance(model: CellModel) -> dict[str, str]:
    """Provenance attributes: versions, mechanism hashes, scenario text, kinetics path."""
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
        **model.provenance(),
        "scenario_file": str(getattr(sc, "source_path", "") or ""),
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
    with atomic_target(path) as tmp:
        out.to_netcdf(tmp, engine="h5netcdf")
    return path


@contextmanager
def atomic_target(path: Path, suffix: str = ".tmp") -> Iterator[str]:
    """A temporary file beside ``path`` to write into, renamed onto ``path`` if the block succeeds.

    A reader never sees a half-written file and a failed write leaves the old file intact
    (the temporary file is removed).

    Parameters
    ----------
    path : pathlib.Path
        The file finally written; its folder must exist.
    suffix : str
        End of the temporary name, e.g. ``".tmp.png"`` so that a writer choosing the format
        from the suffix (matplotlib) picks the right one.

    Yields
    ------
    str
        The temporary file name.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a result follows the umask
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_netcdf(path: str | os.PathLike) -> xr.Dataset:
    """Open a result file written by :func:`write_netcdf` (loaded into memory)."""
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        ds = ds.load()
    for name, var in ds.data_vars.items():
        if var.attrs.get("flag_meanings") == "false true":
            ds[name] = var.astype(bool)
    return ds
