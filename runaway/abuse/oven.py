"""Oven (hot-box) test: the surroundings follow a temperature programme.

Standards (model-based screening of): IEC 62133-2 and UL 1642 heating (5 K/min to 130 degC,
hold), GB 38031 heating, UL 9540A-style hot boxes. The programme is a step into a pre-heated
oven or a linear ramp from the cell's start temperature, optionally followed by a hold after
which the oven is switched off (the surroundings return to ambient).
"""

from typing import Literal

from numba import njit
from pydantic import BaseModel

from runaway.abuse.base import SCHEMA_CONFIG, AbuseKind
from runaway.kernel.bus import B_ENVIRONMENT_TEMPERATURE
from runaway.kernel.plugins import part_function
from runaway.kernel.slots import STAGE_SURROUNDINGS
from runaway.parts.base import Mode
from runaway.physics import abuse as _abuse
from runaway.physics.abuse import oven_reach_time
from runaway.scenario.units import TEMPERATURE_RATE, TIME, quantity, thermo_temperature
from runaway.summary import celsius

_oven_temperature = njit(cache=True)(_abuse.oven_temperature)


class OvenAbuse(BaseModel):
    """Oven (hot-box) test.

    Attributes
    ----------
    temperature : float
        Oven set point [K].
    ramp_rate : float or None
        [K/s]; None = step into a pre-heated oven.
    hold_time : float or None
        Time at the set point [s]; None = until ``solver.end_time``.
    """

    model_config = SCHEMA_CONFIG
    kind: Literal["oven"]
    temperature: thermo_temperature()
    ramp_rate: quantity(TEMPERATURE_RATE, gt=0, optional=True) = None
    hold_time: quantity(TIME, gt=0, optional=True) = None


@part_function
def oven_surroundings(time, y, mode, fp, ip, params, iparams, bus, dy):
    """Environment temperature of the oven programme (params: start, set point, ramp rate,
    hold time, ambient [K, K, K/s, s, K]; iparams: has ramp, has hold)."""
    t0, t_oven, ramp, hold, ambient = params[0], params[1], params[2], params[3], params[4]
    if iparams[0] == 1 and iparams[1] == 1:
        t_env = _oven_temperature(time, t0, t_oven, ramp, hold, ambient)
    elif iparams[0] == 1:
        t_env = _oven_temperature(time, t0, t_oven, ramp, None, ambient)
    elif iparams[1] == 1:
        t_env = _oven_temperature(time, t0, t_oven, None, hold, ambient)
    else:
        t_env = _oven_temperature(time, t0, t_oven, None, None, ambient)
    bus[B_ENVIRONMENT_TEMPERATURE] = t_env


class OvenKind(AbuseKind):
    """Oven: the surroundings (air and walls) follow the programme; the cell exchanges heat
    with them by convection and radiation."""

    name = "oven"
    schema = OvenAbuse
    functions = {STAGE_SURROUNDINGS: oven_surroundings}

    def parameters(self):
        s, m = self.settings, self.model
        floats = [m.initial_temperature, s.temperature, s.ramp_rate or 0.0, s.hold_time or 0.0]
        return floats + [m.ambient], [int(s.ramp_rate is not None), int(s.hold_time is not None)]

    def _breakpoints(self) -> list[float]:
        s = self.settings
        reach = oven_reach_time(self.model.initial_temperature, s.temperature, s.ramp_rate)
        points = [reach] if reach > 0 else []
        if s.hold_time is not None:
            points.append(reach + s.hold_time)
        return points

    def next_time(self, mode: Mode, time: float) -> float:
        return min([b for b in self._breakpoints() if b > time + 1e-9], default=float("inf"))

    def summary(self, dataset) -> list[str]:
        s = self.settings
        text = f"oven set point            {celsius(s.temperature).strip()}"
        if s.ramp_rate is not None:
            text += f", ramp {s.ramp_rate * 60:.3g} K/min"
        if s.hold_time is not None:
            text += f", hold {s.hold_time / 60:.4g} min"
        return [text]


KIND = OvenKind
