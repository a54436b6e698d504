"""Enclosure parts: a pouch that swells and bursts, or a rigid can with CID and vent disk.

Pouch: held at ``stack_pressure`` against a compliant pad, the bag opens once the gas
pressure exceeds ambient + stack pressure and swells elastically (:mod:`runaway.physics.swelling`);
the seal bursts at ``burst_pressure`` (gauge) and the gas leaves through ``vent_area``. Can:
rigid; the current interrupt device opens at ``cid_pressure`` (interrupting an external
short) and the vent disk at ``vent_pressure``; if gas is made faster than the vent lets it
out, the can ruptures at ``rupture_pressure`` and the gas leaves through ``rupture_area``
(the cap or bottom blown off), so its pressure cannot climb past that of its walls.
"""

from __future__ import annotations

import math

from runaway.parts.base import PRESSURE, Control, Event, Mode, Part
from runaway.physics import swelling


class _Enclosure(Part):
    mode_flags = ("vent_open",)

    def __init__(self, spec):
        self.spec = spec

    def pack(self, floats, ints, float_arrays, int_arrays):
        floats["vent_area"] = self.spec.vent_area
        floats["discharge"] = self.spec.discharge_coefficient
        ints["mode_vent_open"] = self.model.mode_index("vent_open")

    @property
    def vent_pressure(self) -> float:
        """Gauge pressure at which the vent or seal opens [Pa]."""
        raise NotImplementedError

    def events(self, mode: Mode) -> list[Event]:
        return [] if mode.flags["vent_open"] else [Event("vent", PRESSURE, self.vent_pressure)]

    def on_event(self, name: str, mode: Mode, control: Control) -> None:
        if name == "vent":
            mode.flags["vent_open"] = 1


class PouchEnclosure(_Enclosure):
    """Pouch bag: swelling against its fixture, seal burst."""

    name = "pouch"

    def pack(self, floats, ints, float_arrays, int_arrays):
        super().pack(floats, ints, float_arrays, int_arrays)
        m, p = self.model, self.spec
        floats["compliance"] = swelling.pouch_compliance(
            m.face_area, p.pad_modulus, p.pad_thickness
        )
        floats["opening_pressure"] = m.ambient_pressure + p.stack_pressure
        floats["face_area"] = m.face_area

    @property
    def vent_pressure(self) -> float:
        return self.spec.burst_pressure


class CanEnclosure(_Enclosure):
    """Rigid can: current interrupt device (optional), vent disk, and rupture (optional) when
    the open vent cannot relieve the pressure."""

    name = "can"
    mode_flags = ("vent_open", "cid_open", "ruptured")

    def pack(self, floats, ints, float_arrays, int_arrays):
        super().pack(floats, ints, float_arrays, int_arrays)
        floats["compliance"] = 0.0
        floats["opening_pressure"] = math.inf
        spec, cell = self.spec, self.model.scenario.cell
        if spec.rupture_pressure is not None:
            floats["rupture_area"] = spec.rupture_area or math.pi * cell.radius**2
            ints["mode_ruptured"] = self.model.mode_index("ruptured")

    @property
    def vent_pressure(self) -> float:
        return self.spec.vent_pressure

    def events(self, mode: Mode) -> list[Event]:
        events = super().events(mode)
        if self.spec.cid_pressure is not None and not mode.flags["cid_open"]:
            events.append(Event("cid", PRESSURE, self.spec.cid_pressure))
        if self.spec.rupture_pressure is not None and not mode.flags["ruptured"]:
            events.append(Event("rupture", PRESSURE, self.spec.rupture_pressure))
        return events

    def on_event(self, name: str, mode: Mode, control: Control) -> None:
        super().on_event(name, mode, control)
        if name == "cid":
            mode.flags["cid_open"] = 1
        if name == "rupture":
            mode.flags["ruptured"] = 1
            mode.flags["vent_open"] = 1
