"""The readable summary of a result: the safety numbers, then each part's own lines."""

from __future__ import annotations

import math

import xarray as xr


def celsius(value: float) -> str:
    """``value`` [K] as '  123.4 °C (396.6 K)', or '—' when not finite."""
    return "—" if not math.isfinite(value) else f"{value - 273.15:7.1f} °C ({value:.1f} K)"


def plain(value: float, unit: str, scale: float = 1.0, fmt: str = ".4g") -> str:
    """``value * scale`` with ``unit``, or '—' when not finite."""
    return "—" if not math.isfinite(value) else f"{value * scale:{fmt}} {unit}"


def event_times(dataset: xr.Dataset) -> dict[str, float]:
    """First time [s] of every event of the run (the ``event_times`` attribute)."""
    text = dataset.attrs.get("event_times", "")
    pairs = (item.split("=") for item in text.split(";") if "=" in item)
    return {name.strip(): float(value) for name, value in pairs}


def format_summary(dataset: xr.Dataset, model=None) -> str:
    """Readable summary of a result dataset; with the ``model`` that made it, each part
    (abuse kind, user parts) adds its own lines (:meth:`runaway.parts.Part.summary`)."""
    ds = dataset

    def f(name: str) -> float:  # NaN for a variable an older result does not hold
        return float(ds[name]) if name in ds else math.nan

    def rate(value: float) -> str:
        return plain(value, "K/s", fmt=".3g")

    rigid = "can" in ds.attrs.get("parts", "").split(", ")
    swelling = "— (rigid can)" if rigid else plain(f("max_thickness_increase"), "mm", 1e3, ".3f")
    rupture = ""
    if math.isfinite(f("rupture_time")):
        rupture = f", CAN RUPTURED at {f('rupture_time'):.1f} s"
    core = ""
    if "max_core_temperature" in ds and f("max_core_temperature") != f("max_temperature"):
        core = f" (surface; jelly roll {celsius(f('max_core_temperature')).strip()})"
    lines = [
        f"{ds.attrs.get('title', '')}",
        f"  status                    {ds['status'].item()}",
        f"  abuse                     {ds.attrs.get('abuse_kind', '—')}",
        f"  T1 onset (sustained)      {celsius(f('onset_temperature'))}",
        f"  T2 trigger (1 K/s)        {celsius(f('trigger_temperature'))}",
        f"  T3 maximum                {celsius(f('max_temperature'))}{core}",
        f"  thermal runaway           {'YES' if bool(ds['thermal_runaway']) else 'no'}",
        f"  peak self-heating rate    {rate(f('max_self_heating_rate'))} (reactions; T1/T2 "
        "are judged on it)",
        f"  peak dT/dt                {rate(f('max_temperature_rate'))} (with abuse heat)",
        f"  time to runaway           {plain(f('time_to_runaway'), 's', fmt='.1f')}",
        f"  vent / burst time         {plain(f('vent_time'), 's', fmt='.1f')}{rupture}",
        f"  vent temperature          {celsius(f('vent_temperature'))}",
        f"  max pressure (absolute)   {plain(f('max_pressure'), 'kPa', 1e-3, '.1f')}",
        f"  max swelling              {swelling}",
        f"  gas released (dry)        {plain(f('gas_total'), 'mol', fmt='.4g')}"
        f"  = {plain(f('gas_volume_stp'), 'L at 0 °C, 1 atm', 1e3, '.3g')}",
    ]
    fractions = ds["gas_mole_fraction"]
    if fractions.size and float(fractions.sum()) > 0:
        order = sorted(
            zip(fractions["species"].values, fractions.values, strict=True), key=lambda p: -p[1]
        )
        comp = ", ".join(f"{name} {100 * x:.1f}" for name, x in order if x >= 5e-4)
        lines.append(f"  gas composition (mol %)   {comp}")
    if "energy_released" in ds:
        lines += _budget_lines(ds)
    if model is not None:
        for part in model.parts:
            lines += [f"  {line}" for line in part.summary(ds)]
    return "\n".join(lines)


def _budget_lines(ds: xr.Dataset) -> list[str]:
    """Mass loss and where the heat went (:mod:`runaway.energy_budget`)."""
    heat = float(ds["energy_released"]) + float(ds["energy_abuse"])

    def share(name: str) -> str:
        value = float(ds[name])
        percent = f" ({100 * value / heat:.0f} %)" if heat > 0 and math.isfinite(value) else ""
        return plain(value, "kJ", 1e-3, ".3g") + percent

    ejecta = "species_ejected" in ds and float(ds["species_ejected"].sum()) > 0.0
    what = " (gas, vapour and ejected liquid/solid)" if ejecta else " (gas and vapour only)"
    return [
        f"  mass lost                 {plain(float(ds['mass_loss']), 'g', 1e3, '.3g')}{what}",
        f"  heat: reactions + abuse   {plain(float(ds['energy_released']), 'kJ', 1e-3, '.3g')}"
        f" + {plain(float(ds['energy_abuse']), 'kJ', 1e-3, '.3g')}",
        f"    kept by the cell        {share('energy_retained')}",
        f"    carried out by the vent {share('energy_ejected')}",
        f"    to the surroundings     {share('energy_to_surroundings')} (net of heat taken in)",
    ]


__all__ = ["celsius", "event_times", "format_summary", "plain"]
