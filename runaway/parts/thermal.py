"""Thermal part: the cell temperature (one or two nodes), its exchange with the surroundings,
and the detection of thermal runaway.

One node: C dT/dt = Q_abuse - Q_loss + Q_chem - Q_evap - Q_fusion - Q_vent
(:mod:`runaway.kernel.thermo`), with Newton cooling and grey-body radiation to the
surroundings (:mod:`runaway.physics.thermal`). With a ``[cell.casing]`` table, two nodes: the
jelly roll, C_roll dT/dt = Q_chem - Q_evap - Q_fusion - Q_vent + Q_abuse,in - G (T - T_s), and
the casing, C_casing dT_s/dt = G (T - T_s) - Q_loss(T_s) + Q_abuse,out, with the conductance G
of the electrode stack (:mod:`runaway.physics.conduction`); heaters and calorimeters deliver
their heat to the casing (``AbuseKind.heats_surface``), shorts and nails to the jelly roll.
Runaway is watched on the self-heating rate (reaction heat over heat capacity, the bus slot
``self_heating_rate``), never on the total dT/dt, so Joule or heater power alone cannot end
a run early: when the self-heating rate reaches 1 K/s (:mod:`runaway.metrics`) the run
continues for ``solver.stop_after_runaway``.

The energy ledger part integrates the heat from the abuse source, the heat lost, the reaction
heat and the enthalpy vented, so that the energy balance can be checked after the run.
"""

from __future__ import annotations

from runaway.metrics import RUNAWAY_DURATION, TRIGGER_RATE
from runaway.parts.base import BUS, Control, Event, Mode, Part, bus_slot
from runaway.physics import conduction
from runaway.state import CORE


def casing_node(cell, face_area: float) -> tuple[float, float]:
    """Heat capacity of the casing node [J/K] and its conductance to the jelly roll [W/K].

    Parameters
    ----------
    cell : runaway.scenario.cell.CellSpec
        The cell; both values are 0 without a ``[cell.casing]`` table (one node).
    face_area : float
        Area of one face of a pouch [m^2] (unused for a cylinder).
    """
    casing = cell.casing
    if casing is None:
        return 0.0, 0.0
    if cell.enclosure == "cylindrical":
        conductance = conduction.cylinder_conductance(casing.conductivity, cell.length)
    else:
        conductance = conduction.slab_conductance(casing.conductivity, face_area, cell.thickness)
    return casing.mass * casing.specific_heat, conductance


class ThermalPart(Part):
    """Cell temperature, heat exchange with the surroundings, runaway detection."""

    name = "thermal"
    states = (CORE["temperature"],)

    def __init__(self, two_node: bool = False):
        if two_node:
            self.states = (CORE["temperature"], CORE["casing_temperature"])

    def pack(self, floats, ints, float_arrays, int_arrays):
        m = self.model
        ints.update(
            surface_node=m.surface_index,
            abuse_on_surface=int(m.abuse.heats_surface),
        )
        floats.update(
            casing_heat_capacity=m.casing_heat_capacity,
            core_conductance=m.core_conductance,
            inert_heat_capacity=m.inert_heat_capacity,
            heat_transfer=m.environment.heat_transfer_coefficient,
            emissivity=m.environment.emissivity,
            area=m.area,
            ambient_temperature=m.ambient,
        )

    def initial_state(self, y):
        y[self.model.layout.temperature] = self.model.initial_temperature
        if len(self.states) == 2:
            y[self.model.layout.casing_temperature] = self.model.initial_temperature

    def start(self, mode: Mode, control: Control) -> None:
        mode.values["runaway_seen"] = False

    def events(self, mode: Mode) -> list[Event]:
        if mode.values["runaway_seen"]:
            return []
        return [Event("runaway", BUS, TRIGGER_RATE, bus_slot(self.model, "self_heating_rate"))]

    def on_event(self, name: str, mode: Mode, control: Control) -> None:
        if name != "runaway":
            return
        mode.values["runaway_seen"] = True
        after = self.model.settings.stop_after_runaway
        if after is not None:
            # keep at least the 3 s (+ margin) the runaway rule needs to be judged
            control.stop_at(control.time + max(after, RUNAWAY_DURATION + 2.0))


class EnergyLedgerPart(Part):
    """Integrals of the energy flows (abuse heat, losses, reaction heat, vented enthalpy)."""

    name = "energy"
    states = tuple(CORE[f"energy_{k}"] for k in ("abuse", "loss", "reaction", "vent"))
