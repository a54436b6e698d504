"""Oven staircase (thermal-stability test, SAE J2464 style).

The oven heats in steps: ramp by ``step`` at ``ramp_rate``, hold ``hold_time``. At the end of
a hold the test judges the cell: if its own exotherm heats it at ``exotherm_threshold`` or
more, the oven stays at that step until the cell is stable again (checked every
``check_interval``, at most ``max_exotherm_hold``); otherwise it heats to the next step. The
test ends after the hold at ``end_temperature``, or when the cell runs away (``[solver]
stop_after_runaway``).

SAE J2464 (Electric and hybrid electric vehicle rechargeable energy storage system safety and
abuse testing, SAE International, 2009) describes the thermal-stability test with 5 degC
steps at 5 degC/min, 30 min holds and an exotherm criterion of 1 degC/min, and asks for the
highest stable temperature; the EUCAR hazard level is the test's outcome. Those are the
defaults here. The model judges the exotherm by the heating rate of the reactions alone
(``self_heating_rate``), the quantity a test infers from the cell temperature rising above the
oven's; ``check_interval`` (10 min) and ``max_exotherm_hold`` (24 h) are ESTIMATES of how an
operator judges "stable" (the standard's wording leaves it to the laboratory).

Result: ``staircase_oven_temperature`` (the oven's set point), the event ``staircase_exotherm``
(the first time the self-heating rate reaches the threshold) and, in the summary, the maximum
stable temperature: the highest step whose hold ended with the cell stable.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, model_validator

from runaway.abuse.base import SCHEMA_CONFIG, AbuseKind
from runaway.kernel.bus import B_ENVIRONMENT_TEMPERATURE
from runaway.kernel.plugins import part_function
from runaway.kernel.slots import STAGE_DERIVATIVES, STAGE_SURROUNDINGS
from runaway.parts.base import BUS, Control, Event, Mode, bus_slot
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


class StaircaseAbuse(BaseModel):
    """Oven staircase, thermal-stability test (SAE J2464 style).

    Attributes
    ----------
    start_temperature : float or None
        First step [K]; None = one ``step`` above the cell's initial temperature.
    step : float
        [K], default 5.
    ramp_rate : float
        Oven ramp between steps [K/s], default 5 K/min.
    hold_time : float
        [s], default 1800 (30 min).
    exotherm_threshold : float
        Self-heating rate that extends a hold [K/s], default 1 K/min.
    check_interval : float
        How often an extended hold is judged [s], default 600 (ESTIMATE).
    max_exotherm_hold : float
        Longest extension of one hold [s], default 86400 (ESTIMATE).
    end_temperature : float
        Last step [K], default 573.15 (300 degC).
    """

    model_config = SCHEMA_CONFIG
    kind: Literal["staircase"]
    start_temperature: thermo_temperature(optional=True) = None
    step: quantity(TEMPERATURE_DIFFERENCE, gt=0) = 5.0
    ramp_rate: quantity(TEMPERATURE_RATE, gt=0) = 5.0 / 60.0
    hold_time: quantity(TIME, gt=0) = 1800.0
    exotherm_threshold: quantity(TEMPERATURE_RATE, gt=0) = 1.0 / 60.0
    check_interval: quantity(TIME, gt=0) = 600.0
    max_exotherm_hold: quantity(TIME, gt=0) = 86400.0
    end_temperature: thermo_temperature() = 573.15

    @model_validator(mode="after")
    def _check_span(self) -> StaircaseAbuse:
        start = self.start_temperature
        if start is not None and self.end_temperature <= start:
            raise KeyedValueError(
                "end_temperature",
                f"must be above start_temperature ({start:g} K) — got {self.end_temperature:g} K",
            )
        return self


@part_function
def staircase_surroundings(time, y, mode, fp, ip, params, iparams, bus, dy):
    """The surroundings are at the oven set point (state iparams[1])."""
    bus[B_ENVIRONMENT_TEMPERATURE] = y[iparams[1]]


@part_function
def staircase_set_point(time, y, mode, fp, ip, params, iparams, bus, dy):
    """The set point ramps at params[0] [K/s] while the ``staircase_heating`` flag (mode
    iparams[0]) is set, else holds."""
    dy[iparams[1]] = params[0] if mode[iparams[0]] == 1 else 0.0


class StaircaseKind(AbuseKind):
    """Oven staircase: heat a step, hold, judge the exotherm, repeat."""

    name = "staircase"
    schema = StaircaseAbuse
    mode_flags = ("staircase_heating",)
    states = (
        StateVariable(
            "staircase_oven_temperature",
            "K",
            "set point of the staircase oven",
            atol=1e-6,
            jacobian_floor=1.0,
            result="staircase_oven_temperature",
        ),
    )
    functions = {STAGE_SURROUNDINGS: staircase_surroundings, STAGE_DERIVATIVES: staircase_set_point}

    def parameters(self):
        layout = self.model.layout
        index = [self.model.mode_index("staircase_heating"), layout.staircase_oven_temperature]
        return [self.settings.ramp_rate], index

    def first_step(self) -> float:
        """Temperature of the first step [K]."""
        start = self.settings.start_temperature
        return self.model.initial_temperature + self.settings.step if start is None else start

    def initial_state(self, y):
        y[self.model.layout.staircase_oven_temperature] = self.model.initial_temperature

    def _heat_to(self, mode: Mode, time: float, set_point: float, target: float) -> None:
        mode.values.update(staircase_phase="heat", staircase_target=target)
        mode.values["staircase_phase_end"] = time + max(target - set_point, 0.0) / (
            self.settings.ramp_rate
        )
        mode.flags["staircase_heating"] = 1

    def start(self, mode: Mode, control: Control) -> None:
        t0 = self.model.initial_temperature
        mode.values["staircase_stable"] = None
        self._heat_to(mode, 0.0, t0, max(self.first_step(), t0))

    def next_time(self, mode: Mode, time: float) -> float:
        return mode.values["staircase_phase_end"]

    def events(self, mode: Mode) -> list[Event]:
        """``staircase_exotherm``: the first time the self-heating rate reaches the threshold
        (recorded for the results; the hold is judged at its end)."""
        if mode.values.get("staircase_exotherm_seen"):
            return []
        slot = bus_slot(self.model, "self_heating_rate")
        return [Event("staircase_exotherm", BUS, self.settings.exotherm_threshold, slot)]

    def on_event(self, name: str, mode: Mode, control: Control) -> None:
        if name == "staircase_exotherm":
            mode.values["staircase_exotherm_seen"] = True

    def at_time(self, mode: Mode, control: Control, y) -> None:
        """End of a ramp (hold), of a hold or of a check (judge the exotherm)."""
        values, s, now = mode.values, self.settings, control.time
        if now < values["staircase_phase_end"] - 1e-9:
            return
        level = values["staircase_target"]
        if values["staircase_phase"] == "heat":
            mode.flags["staircase_heating"] = 0
            values.update(staircase_phase="hold", staircase_phase_end=now + s.hold_time)
            values["staircase_hold_start"] = now
            return
        _, info = self.model.evaluate(now, y, mode, full=True)
        exothermic = info["self_heating_rate"] >= s.exotherm_threshold
        waited = now - values["staircase_hold_start"] - s.hold_time
        if exothermic and waited < s.max_exotherm_hold - 1e-9:
            values.setdefault("staircase_first_exotherm", now)
            values["staircase_phase_end"] = now + min(
                s.check_interval, s.max_exotherm_hold - waited
            )
            return
        if not exothermic:
            values["staircase_stable"] = level
        if level >= s.end_temperature - 1e-9 or exothermic:
            values["staircase_phase_end"] = float("inf")
            control.stop_at(now)
            return
        self._heat_to(mode, now, level, min(level + s.step, s.end_temperature))

    def summary(self, dataset) -> list[str]:
        stable = maximum_stable_temperature(
            dataset["time"].values,
            dataset["staircase_oven_temperature"].values,
            event_times(dataset).get("runaway"),
            self.first_step(),
            self.settings.step,
            self.settings.end_temperature,
        )
        text = "none" if stable is None else celsius(stable).strip()
        lines = [f"staircase max stable step {text}"]
        found = event_times(dataset).get("staircase_exotherm")
        rate = f"{self.settings.exotherm_threshold * 60:.3g} K/min"
        if found is None:
            return lines + [f"staircase exotherm         none reached {rate}"]
        oven = float(
            np.interp(found, dataset["time"].values, dataset["staircase_oven_temperature"])
        )
        return lines + [f"staircase exotherm {rate}  first at oven {celsius(oven).strip()}"]


def maximum_stable_temperature(
    time: np.ndarray,
    set_point: np.ndarray,
    runaway_time: float | None,
    first_step: float,
    step: float,
    end_temperature: float,
) -> float | None:
    """Highest staircase step the cell was held at without running away [K].

    Parameters
    ----------
    time : numpy.ndarray
        [s].
    set_point : numpy.ndarray
        Oven set point at ``time`` [K].
    runaway_time : float or None
        Time of thermal runaway [s]; None if the cell did not run away.
    first_step, step, end_temperature : float
        The staircase's first step, step and last step [K].

    Returns
    -------
    float or None
        The highest step completed before runaway (a step is complete once the oven starts
        ramping past it or the run ends at it); None if the cell ran away at or before the
        first step.
    """
    end = time[-1] if runaway_time is None else runaway_time
    reached = float(np.interp(end, time, set_point))
    levels = [first_step + k * step for k in range(int((end_temperature - first_step) / step) + 1)]
    if levels[-1] < end_temperature - 1e-9:
        levels.append(end_temperature)
    completed = [lv for lv in levels if lv < reached - 1e-6]
    if runaway_time is None and abs(reached - min(levels, key=lambda v: abs(v - reached))) < 1e-6:
        completed = [lv for lv in levels if lv <= reached + 1e-6]
    return max(completed) if completed else None


KIND = StaircaseKind
