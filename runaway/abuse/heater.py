"""Film heater on the cell surface, at constant power or controlled to a temperature ramp.

UL 9540A (cell level) heats the cell with a film heater at 4-7 K/min until it vents and runs
away; the controlled mode supplies what the cell (in a two-node cell: its casing, where the
control thermocouple sits) lacks to follow the ramp, never cools, never
exceeds ``max_power``, and switches off at runaway (``stop_on_runaway``) or above
``max_temperature``, as a test controller would.
"""

from typing import Literal

from numba import njit
from pydantic import BaseModel, StrictBool, model_validator

from runaway.abuse.base import SCHEMA_CONFIG, AbuseKind
from runaway.kernel.bus import (
    B_ABUSE_HEAT_RATE,
    B_CORE_TO_SURFACE_HEAT_RATE,
    B_HEAT_CAPACITY,
    B_HEAT_LOSS_RATE,
    B_HEAT_RATE_WITHOUT_ABUSE,
)
from runaway.kernel.plugins import part_function
from runaway.kernel.slots import F_CASING_HEAT_CAPACITY, STAGE_SOURCE
from runaway.parts.base import TEMPERATURE, Control, Event, Mode
from runaway.physics import abuse as _abuse
from runaway.scenario.errors import KeyedValueError
from runaway.scenario.units import POWER, TEMPERATURE_RATE, quantity, thermo_temperature
from runaway.summary import event_times, plain

_controlled_ramp_power = njit(cache=True)(_abuse.controlled_ramp_power)


class HeaterAbuse(BaseModel):
    """Surface heater, at constant power or controlled to a ramp (UL 9540A style).

    Attributes
    ----------
    power : float or None
        Constant heater power [W]; exactly one of ``power`` / ``ramp_rate``.
    ramp_rate : float or None
        Controlled cell heating rate [K/s].
    max_temperature : float or None
        Heater switches off above this cell temperature [K].
    max_power : float
        Heater power limit when following a ramp [W], default 500.
    stop_on_runaway : bool
        Switch the heater off once thermal runaway is detected, default true.
    """

    model_config = SCHEMA_CONFIG
    kind: Literal["heater"]
    power: quantity(POWER, gt=0, optional=True) = None
    ramp_rate: quantity(TEMPERATURE_RATE, gt=0, optional=True) = None
    max_temperature: thermo_temperature(optional=True) = None
    max_power: quantity(POWER, gt=0) = 500.0
    stop_on_runaway: StrictBool = True

    @model_validator(mode="after")
    def _exactly_one(self) -> "HeaterAbuse":
        if self.power is not None and self.ramp_rate is not None:
            raise KeyedValueError("ramp_rate", "give either power or ramp_rate, not both")
        if self.power is None and self.ramp_rate is None:
            raise KeyedValueError("power", "give one of power [W] or ramp_rate [K/s]")
        return self


@part_function
def heater_source(time, y, mode, fp, ip, params, iparams, bus, dy):
    """Heater power while on (params: power [W], ramp rate [K/s], max power [W]; iparams:
    index of the ``heater_on`` flag, 1 for fixed power)."""
    if mode[iparams[0]] != 1:
        return
    if iparams[1] == 1:
        bus[B_ABUSE_HEAT_RATE] = params[0]
    elif fp[F_CASING_HEAT_CAPACITY] > 0.0:  # two nodes: the controller reads the casing
        casing = fp[F_CASING_HEAT_CAPACITY]
        bus[B_ABUSE_HEAT_RATE] = _controlled_ramp_power(
            casing,
            params[1],
            (bus[B_CORE_TO_SURFACE_HEAT_RATE] - bus[B_HEAT_LOSS_RATE]) / casing,
            params[2],
        )
    else:
        heat_capacity = bus[B_HEAT_CAPACITY]
        bus[B_ABUSE_HEAT_RATE] = _controlled_ramp_power(
            heat_capacity,
            params[1],
            bus[B_HEAT_RATE_WITHOUT_ABUSE] / heat_capacity,
            params[2],
        )


class HeaterKind(AbuseKind):
    """Heater: fixed power or a controlled ramp, switched off at runaway or a temperature."""

    name = "heater"
    schema = HeaterAbuse
    mode_flags = ("heater_on",)
    heats_surface = True
    functions = {STAGE_SOURCE: heater_source}

    def parameters(self):
        s = self.settings
        floats = [s.power or 0.0, s.ramp_rate or 0.0, s.max_power]
        return floats, [self.model.mode_index("heater_on"), int(s.power is not None)]

    def start(self, mode: Mode, control: Control) -> None:
        mode.flags["heater_on"] = 1

    def events(self, mode: Mode) -> list[Event]:
        s = self.settings
        if mode.flags["heater_on"] and s.max_temperature is not None:
            return [Event("heater_max_temperature", TEMPERATURE, s.max_temperature)]
        return []

    def on_event(self, name: str, mode: Mode, control: Control) -> None:
        if name == "heater_max_temperature" or (
            name == "runaway" and self.settings.stop_on_runaway
        ):
            mode.flags["heater_on"] = 0

    def summary(self, dataset) -> list[str]:
        s = self.settings
        how = f"{s.power:.4g} W" if s.power is not None else f"ramp {s.ramp_rate * 60:.3g} K/min"
        energy = dataset.attrs.get("energy_abuse_J", float("nan"))
        text = f"heater                    {how}, {plain(energy, 'kJ', 1e-3, '.3g')} delivered"
        events = event_times(dataset)
        off = [events[k] for k in ("heater_max_temperature",) if k in events]
        if s.stop_on_runaway and "runaway" in events:
            off.append(events["runaway"])
        if off:
            text += f", off at {min(off):.1f} s"
        return [text]


KIND = HeaterKind
