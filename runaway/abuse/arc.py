"""Accelerating-rate calorimetry (ARC), heat-wait-seek.

The calorimeter keeps the cell adiabatic (no heat exchange with the surroundings) and heats
it in steps: heat by ``step`` at ``heating_rate``, wait ``wait_time`` for the cell to settle,
seek for ``seek_time``: if the self-heating rate exceeds ``detection_threshold`` (0.02 K/min
is the usual instrument setting) the calorimeter follows the cell adiabatically to the end,
otherwise it heats by another step. The search stops at ``end_temperature``.

The heat-wait-seek method goes back to D. I. Townsend and J. C. Tou's description of the
accelerating rate calorimeter (Thermochimica Acta, 1980; volume, pages and DOI not verified
here). The 0.02 K/min threshold is the usual instrument setting in battery ARC work.

Adiabatic only as fast as the chamber can follow: the calorimeter's chamber (its own state,
``arc_chamber_temperature``) follows the cell's heating rate up to ``max_tracking_rate``; while
it keeps up it stays at the cell temperature and (almost) no heat is exchanged, and when the
cell runs away faster the chamber falls behind and the cell loses heat to it by convection and
radiation (``[environment]`` heat-transfer coefficient and emissivity). Without this an ARC run
would keep every joule of a runaway that takes seconds, which no heater-tracked chamber does.
``max_tracking_rate`` is an ESTIMATE (10 K/min; instrument specifications were not found):
above a few K/min the result hardly depends on it, because a runaway heats the cell at hundreds
of K/s.
"""

import math
from typing import Literal

import numpy as np
from pydantic import BaseModel, model_validator

from runaway.abuse.base import SCHEMA_CONFIG, AbuseKind
from runaway.kernel.bus import (
    B_ABUSE_HEAT_RATE,
    B_ENVIRONMENT_TEMPERATURE,
    B_HEAT_CAPACITY,
    B_SURFACE_TEMPERATURE_RATE,
)
from runaway.kernel.plugins import part_function
from runaway.kernel.slots import STAGE_DERIVATIVES, STAGE_SOURCE, STAGE_SURROUNDINGS
from runaway.parts.base import RATE, TEMPERATURE, Control, Event, Mode
from runaway.scenario.errors import KeyedValueError
from runaway.scenario.units import (
    TEMPERATURE_DIFFERENCE,
    TEMPERATURE_RATE,
    TIME,
    quantity,
    thermo_temperature,
)
from runaway.summary import celsius, event_times
from runaway.variables import StateVariable


class ArcAbuse(BaseModel):
    """Accelerating-rate calorimetry, heat-wait-seek.

    Attributes
    ----------
    start_temperature : float
        [K], default 323.15.
    step : float
        Heating step [K], default 5.
    wait_time : float
        [s], default 900 (15 min).
    seek_time : float
        [s], default 600 (10 min; instruments use 10-20 min).
    heating_rate : float
        Heater ramp between steps [K/s], default 2 K/min.
    detection_threshold : float
        Self-heating rate that switches to adiabatic tracking [K/s], default 0.02 K/min.
    max_tracking_rate : float
        Fastest heating the calorimeter chamber can follow [K/s], default 10 K/min
        (ESTIMATE; module docstring).
    end_temperature : float
        Search stops here [K], default 573.15; must exceed ``start_temperature``.
    """

    model_config = SCHEMA_CONFIG
    kind: Literal["arc"]
    start_temperature: thermo_temperature() = 323.15
    step: quantity(TEMPERATURE_DIFFERENCE, gt=0) = 5.0
    wait_time: quantity(TIME, gt=0) = 900.0
    seek_time: quantity(TIME, gt=0) = 600.0
    heating_rate: quantity(TEMPERATURE_RATE, gt=0) = 2.0 / 60.0
    detection_threshold: quantity(TEMPERATURE_RATE, gt=0) = 0.02 / 60.0
    max_tracking_rate: quantity(TEMPERATURE_RATE, gt=0) = 10.0 / 60.0
    end_temperature: thermo_temperature() = 573.15

    @model_validator(mode="after")
    def _check_span(self) -> "ArcAbuse":
        if self.end_temperature <= self.start_temperature:
            raise KeyedValueError(
                "end_temperature",
                f"must be above start_temperature ({self.start_temperature:g} K) — got"
                f" {self.end_temperature:g} K",
            )
        if self.max_tracking_rate <= self.heating_rate:
            raise KeyedValueError(
                "max_tracking_rate",
                f"must exceed heating_rate ({self.heating_rate * 60:g} K/min): the chamber"
                f" has to follow its own heating — got {self.max_tracking_rate * 60:g} K/min",
            )
        return self


#: Time within which the chamber closes a temperature gap to the cell while it keeps up [s]: a
#: closure (ESTIMATE). Long against the solver's steps (the equation stays non-stiff), short
#: against the 15-30 min wait and seek phases, so the chamber is back at the cell temperature
#: before the self-heating rate is judged.
TRACKING_RELAXATION = 60.0


@part_function
def arc_surroundings(time, y, mode, fp, ip, params, iparams, bus, dy):
    """The cell exchanges heat with the calorimeter chamber (iparams[1]: index of its
    temperature state): nothing while the chamber keeps up with the cell."""
    bus[B_ENVIRONMENT_TEMPERATURE] = y[iparams[1]]


@part_function
def arc_chamber(time, y, mode, fp, ip, params, iparams, bus, dy):
    """Chamber temperature (iparams[1]): follows the dT/dt of the cell's surface, plus a slow
    pull towards the surface temperature (iparams[2]), saturating smoothly at params[1] [K/s]:
    dTc/dt = r tanh((dT/dt + (T - Tc) / TRACKING_RELAXATION) / r)."""
    limit = params[1]
    follow = bus[B_SURFACE_TEMPERATURE_RATE] + (y[iparams[2]] - y[iparams[1]]) / TRACKING_RELAXATION
    dy[iparams[1]] = limit * math.tanh(follow / limit)


@part_function
def arc_heater(time, y, mode, fp, ip, params, iparams, bus, dy):
    """Heating phase: the calorimeter heats the cell at params[0] [K/s] (iparams[0]: index of
    the ``arc_heating`` mode flag)."""
    if mode[iparams[0]] == 1:
        bus[B_ABUSE_HEAT_RATE] = bus[B_HEAT_CAPACITY] * params[0]


class ArcKind(AbuseKind):
    """ARC heat-wait-seek: adiabatic, heated in steps until self-heating is detected."""

    name = "arc"
    schema = ArcAbuse
    mode_flags = ("arc_heating",)
    heats_surface = True
    states = (
        StateVariable(
            "arc_chamber_temperature",
            "K",
            "temperature of the calorimeter chamber",
            atol=1e-6,
            jacobian_floor=1.0,
            result="arc_chamber_temperature",
        ),
    )
    functions = {
        STAGE_SURROUNDINGS: arc_surroundings,
        STAGE_SOURCE: arc_heater,
        STAGE_DERIVATIVES: arc_chamber,
    }

    def parameters(self):
        layout = self.model.layout
        return [self.settings.heating_rate, self.settings.max_tracking_rate], [
            self.model.mode_index("arc_heating"),
            layout.arc_chamber_temperature,
            self.model.surface_index,
        ]

    def initial_state(self, y):
        y[self.model.layout.arc_chamber_temperature] = self.model.initial_temperature

    @staticmethod
    def _set_phase(mode: Mode, phase: str) -> None:
        mode.values["arc_phase"] = phase  # heat | wait | seek | exotherm | done
        mode.flags["arc_heating"] = int(phase == "heat")

    def start(self, mode: Mode, control: Control) -> None:
        s, t0 = self.settings, self.model.initial_temperature
        self._set_phase(mode, "heat" if t0 < s.start_temperature else "wait")
        mode.values["arc_target"] = max(s.start_temperature, t0)
        mode.values["arc_phase_end"] = (
            s.wait_time if mode.values["arc_phase"] == "wait" else float("inf")
        )

    def events(self, mode: Mode) -> list[Event]:
        s, phase = self.settings, mode.values["arc_phase"]
        events = []
        if phase == "heat":
            events.append(Event("arc_heat_done", TEMPERATURE, mode.values["arc_target"]))
        elif phase == "seek":
            events.append(Event("arc_exotherm", RATE, s.detection_threshold))
        if phase not in ("exotherm", "done"):
            events.append(Event("arc_end_temperature", TEMPERATURE, s.end_temperature))
        return events

    def on_event(self, name: str, mode: Mode, control: Control) -> None:
        if name == "arc_heat_done":
            self._set_phase(mode, "wait")
            mode.values["arc_phase_end"] = control.time + self.settings.wait_time
        elif name == "arc_exotherm":
            self._set_phase(mode, "exotherm")
            mode.values["arc_phase_end"] = float("inf")
        elif name == "arc_end_temperature":
            self._set_phase(mode, "exotherm" if mode.values["arc_phase"] == "exotherm" else "done")
            control.stop_at(control.time)

    def next_time(self, mode: Mode, time: float) -> float:
        return mode.values["arc_phase_end"]

    def at_time(self, mode: Mode, control: Control, y) -> None:
        """End of a wait (start seeking) or of a seek without detection (heat one step)."""
        phase = mode.values["arc_phase"]
        if phase not in ("wait", "seek") or control.time < mode.values["arc_phase_end"] - 1e-9:
            return
        if phase == "wait":
            self._set_phase(mode, "seek")
            mode.values["arc_phase_end"] = control.time + self.settings.seek_time
        else:
            self._set_phase(mode, "heat")
            mode.values["arc_target"] += self.settings.step
            mode.values["arc_phase_end"] = float("inf")

    def summary(self, dataset) -> list[str]:
        found = event_times(dataset).get("arc_exotherm")
        if found is None:
            end = celsius(self.settings.end_temperature).strip()
            return [f"ARC                       no exotherm detected up to {end}"]
        t = float(np.interp(found, dataset["time"].values, dataset["surface_temperature"].values))
        return [f"ARC exotherm detected at   {celsius(t).strip()} (after {found / 3600:.2f} h)"]


KIND = ArcKind
