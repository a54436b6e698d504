"""Thermal part: the lumped cell temperature, its exchange with the surroundings, and the
detection of thermal runaway.

The cell is one thermal node: C dT/dt = Q_abuse - Q_loss + Q_chem - Q_evap - Q_fusion - Q_vent
(:mod:`runaway.kernel.thermo`), with Newton cooling and grey-body radiation to the
surroundings (:mod:`runaway.physics.thermal`). Runaway is detected when dT/dt reaches 1 K/s
(:mod:`runaway.metrics`); the run then continues for ``solver.stop_after_runaway``.

The energy ledger part integrates the heat from the abuse source, the heat lost, the reaction
heat and the enthalpy vented, so that the energy balance can be checked after the run.
"""

from __future__ import annotations

from runaway.metrics import RUNAWAY_DURATION, TRIGGER_RATE
from runaway.parts.base import RATE, Control, Event, Mode, Part
from runaway.state import CORE


class ThermalPart(Part):
    """Cell temperature, heat exchange with the surroundings, runaway detection."""

    name = "thermal"
    states = (CORE["temperature"],)

    def pack(self, floats, ints, float_arrays, int_arrays):
        m = self.model
        floats.update(
            inert_heat_capacity=m.inert_heat_capacity,
            heat_transfer=m.environment.heat_transfer_coefficient,
            emissivity=m.environment.emissivity,
            area=m.area,
            ambient_temperature=m.ambient,
        )

    def initial_state(self, y):
        y[self.model.layout.temperature] = self.model.initial_temperature

    def start(self, mode: Mode, control: Control) -> None:
        mode.values["runaway_seen"] = False

    def events(self, mode: Mode) -> list[Event]:
        return [] if mode.values["runaway_seen"] else [Event("runaway", RATE, TRIGGER_RATE)]

    def on_event(self, name: str, mode: Mode, control: Control) -> None:
        if name != "runaway":
            return
        mode.values["runaway_seen"] = True
        after = self.model.settings.stop_after_runaway
        if after is not None:
            # keep at least the 3 s (+ margin) the sustained-runaway rule needs to be judged
            control.stop_at(control.time + max(after, RUNAWAY_DURATION + 2.0))


class EnergyLedgerPart(Part):
    """Integrals of the energy flows (abuse heat, losses, reaction heat, vented enthalpy)."""

    name = "energy"
    states = tuple(CORE[f"energy_{k}"] for k in ("abuse", "loss", "reaction", "vent"))
