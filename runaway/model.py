"""Assemble the parts into one lumped thermal-abuse model of a cell in a test.

:class:`CellModel` does the cell-level set-up (geometry, species amounts, heat capacity), then
assembles the parts (:mod:`runaway.parts`) in this order: chemistry, venting, headspace,
enclosure (pouch or can), thermal, electrical, energy ledger, the scenario's abuse kind
(:mod:`runaway.abuse`), then the user parts the scenario enables. From their declarations it
derives the state layout (:class:`runaway.state.Layout`), the bus (:mod:`runaway.kernel.bus`
plus the parts' diagnostics), the mode flags, and the packed parameters of the compiled kernel
(:mod:`runaway.kernel`).

The right-hand side is evaluated in machine code. With ``solver.kinetics = "cantera"``, or for
mechanisms the compiled kinetics does not support, Cantera evaluates rates and species thermo
and the same compiled assembly does the rest. Either way the rate laws see a smooth positive
part of the species amounts (:func:`runaway.positive_amounts`), so exhausted reactants
stop their reactions.
"""

from __future__ import annotations

import numpy as np

from runaway.abuse import AbuseKind, abuse_kind
from runaway.chemistry import Mechanism
from runaway.chemistry.compiled import compile_kinetics
from runaway.constants import GAS_CONSTANT, STANDARD_TEMPERATURE
from runaway.energy_budget import ENERGY_BUDGET
from runaway.kernel.assembly import assemble, jacobian_into, pruned_columns, rhs_into
from runaway.kernel.bus import BUS
from runaway.kernel.diagnostics import diagnostics_series
from runaway.kernel.kinetics import positive_amounts
from runaway.kernel.slots import (
    F_POSITIVITY_SCALE,
    FILL_CV,
    MIN_TEMPERATURE,
    STATE_OFFSET_SLOTS,
    pack,
)
from runaway.metrics import METRICS
from runaway.parts import Part, registered_parts
from runaway.parts.base import Mode
from runaway.parts.chemistry import ChemistryPart
from runaway.parts.electrical import ElectricalPart
from runaway.parts.enclosure import CanEnclosure, PouchEnclosure
from runaway.parts.headspace import HeadspacePart
from runaway.parts.thermal import EnergyLedgerPart, ThermalPart, casing_node
from runaway.parts.venting import VentingPart, ejection_setup
from runaway.physics import thermal
from runaway.scenario.units import THERMO_RANGE  # noqa: E402  (one definition, in the schema)
from runaway.state import Layout
from runaway.variables import COMPOSITES, Variable


class ModelError(ValueError):
    """The scenario and the mechanism do not fit together (e.g. unknown species)."""

    def __init__(self, key: str | None, message: str):
        super().__init__(message)
        self.key = key
        self.message = message


def _check_result_names(layout: Layout, bus_names: list[str]) -> None:
    """Every result variable has one declaration: state results, bus slots (core and parts'),
    scalar metrics and the composite variables may not share a name."""
    names = [s.result for s in layout.states if s.result] + list(bus_names)
    names += [v.name for v in (*METRICS, *ENERGY_BUDGET, *COMPOSITES)]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"result variable declared twice: {', '.join(twice)}")


class CellModel:
    """Lumped thermal-abuse model of one cell in one test.

    Parameters
    ----------
    scenario : runaway.scenario.Scenario
        Validated scenario (SI).
    mechanism : runaway.chemistry.Mechanism
        Composed mechanism named by the scenario.
    """

    def __init__(self, scenario, mechanism: Mechanism):
        self.scenario = scenario
        self.mechanism = mechanism
        self.settings = scenario.solver
        self.environment = scenario.environment
        self._cell_setup(scenario.cell)
        self.abuse: AbuseKind = abuse_kind(scenario.abuse.kind)(scenario.abuse)
        enclosure = PouchEnclosure if scenario.cell.enclosure == "pouch" else CanEnclosure
        spec = scenario.cell.pouch if scenario.cell.enclosure == "pouch" else scenario.cell.can
        self.parts: list[Part] = [
            ChemistryPart(),
            VentingPart(),
            HeadspacePart(),
            enclosure(spec),
            ThermalPart(two_node=scenario.cell.casing is not None),
            ElectricalPart(),
            EnergyLedgerPart(),
            self.abuse,
            *self._user_parts(scenario),
        ]
        self._assemble()

    # ------------------------------------------------------------------ cell set-up
    def _cell_setup(self, cell) -> None:
        env, mech = self.environment, self.mechanism
        if cell.enclosure == "cylindrical":
            volume = thermal.cylinder_volume(cell.radius, cell.length)
            area = thermal.cylinder_surface_area(cell.radius, cell.length)
            self.face_area = 0.0
        else:
            volume = thermal.box_volume(cell.length, cell.width, cell.thickness)
            area = thermal.box_surface_area(cell.length, cell.width, cell.thickness)
            self.face_area = cell.length * cell.width
        self.volume = cell.volume or volume
        self._inverse_volume = 1.0 / self.volume
        self.area = cell.surface_area or area
        self.free_volume = cell.free_volume if cell.free_volume > 0.0 else 1e-9  # vacuum-sealed
        self.gas = np.asarray(mech.gas_mask, dtype=bool)
        self.gas_index = np.flatnonzero(self.gas)
        self.molar_mass = mech.molar_masses
        self.standard_enthalpies = mech.standard_enthalpies(STANDARD_TEMPERATURE)
        self.melting = [(mech.species_index(m.species), m) for m in mech.melting]
        self.soc = cell.soc
        self.capacity = cell.capacity
        self.electrical = cell.electrical
        self.initial_amounts = self._initial_amounts(cell)
        # only what the cell can hold evaporates (no Li vapour in a graphite cell: stiff, idle);
        # a gas dissolves once the cell holds or makes it
        held = (self.initial_amounts > 0.0) | (mech.stoichiometry > 0.0).any(axis=1)
        pairs = [
            (mech.species_index(v.liquid), mech.species_index(v.vapour), v)
            for v in mech.vapour_pressures
        ]
        self.vapour_pairs = [p for p in pairs if held[p[1] if p[2].dissolved_gas else p[0]]]
        self.ambient = env.temperature
        self.ambient_pressure = env.pressure
        self.initial_temperature = cell.initial_temperature or env.temperature
        for key, value in (
            ("environment.temperature", env.temperature),
            ("cell.initial_temperature", self.initial_temperature),
        ):
            if not THERMO_RANGE[0] <= value <= THERMO_RANGE[1]:
                raise ModelError(
                    key,
                    f"{value:g} K is outside the range the species thermo covers "
                    f"({THERMO_RANGE[0]:g}-{THERMO_RANGE[1]:g} K)",
                )
        self.casing_heat_capacity, self.core_conductance = casing_node(cell, self.face_area)
        self.inert_heat_capacity = self._inert_heat_capacity(cell)
        self.ejected_index, self.ejection_coefficient = ejection_setup(cell, self)

    def _inert_heat_capacity(self, cell) -> float:
        """The part of the cell's heat capacity not carried by the mechanism species [J/K]."""
        _, cp0 = self.mechanism.thermo(self.initial_temperature)
        species_heat_capacity = float(self.initial_amounts @ (cp0 - GAS_CONSTANT * self.gas))
        species_mass = float(self.initial_amounts @ self.molar_mass)
        if species_mass > cell.mass * (1.0 + 1e-9):
            raise ModelError(
                "cell.mass",
                f"cell mass {cell.mass * 1000:.4g} g is smaller than the mass of its reacting "
                f"species {species_mass * 1000:.4g} g (cell.composition)",
            )
        inert = cell.mass * cell.specific_heat - species_heat_capacity
        if inert <= 0.0:
            raise ModelError(
                "cell.specific_heat",
                f"cell heat capacity {cell.mass * cell.specific_heat:.4g} J/K is below the heat "
                f"capacity of its species alone ({species_heat_capacity:.4g} J/K)",
            )
        if inert - self.casing_heat_capacity <= 0.0:
            raise ModelError(
                "cell.casing.mass",
                f"the casing ({self.casing_heat_capacity:.4g} J/K) leaves nothing of the "
                f"{inert:.4g} J/K of cell.mass x cell.specific_heat beyond its species",
            )
        return inert - self.casing_heat_capacity  # of the jelly roll

    def _initial_amounts(self, cell) -> np.ndarray:
        mech = self.mechanism
        amounts = np.zeros(mech.n_species)
        for table, factor, key in (
            (cell.composition, 1.0, "cell.composition"),
            (cell.charge_composition, cell.soc, "cell.charge_composition"),
        ):
            for name, amount in table.items():
                try:
                    k = mech.species_index(name)
                except ValueError as exc:
                    raise ModelError(f"{key}.{name}", str(exc)) from None
                amounts[k] += factor * self._to_mol(amount, k)
        if np.any(amounts < -1e-12):
            bad = mech.species_names[int(np.argmin(amounts))]
            raise ModelError(
                f"cell.charge_composition.{bad}",
                f"species '{bad}' would have a negative amount at soc = {cell.soc}",
            )
        return np.maximum(amounts, 0.0)

    def _to_mol(self, amount, k: int) -> float:
        value, basis = amount.value, amount.basis
        if basis == "amount":
            return value
        if basis == "mass":
            return value / self.molar_mass[k]
        if basis == "amount_per_volume":
            return value * self.volume
        if basis == "mass_per_volume":
            return value * self.volume / self.molar_mass[k]
        raise ModelError(None, f"unknown amount basis {basis!r}")

    @staticmethod
    def _user_parts(scenario) -> list[Part]:
        chosen = scenario.parts
        if chosen is None:
            return []
        available = registered_parts()
        parts = []
        for name, settings in chosen:
            if settings is None:
                continue
            if name not in available:
                raise ModelError(f"parts.{name}", f"no part '{name}' is registered")
            parts.append(available[name](settings))
        return parts

    # ------------------------------------------------------------------ assembly
    def _assemble(self) -> None:
        """Layout, bus, mode flags and packed parameters from the parts' declarations."""
        mech = self.mechanism
        sizes = mech.n_species, len(self.gas_index), len(self.ejected_index)
        self.layout = Layout.build([s for p in self.parts for s in p.states], *sizes)
        self.bus_variables: tuple[Variable, ...] = BUS + tuple(
            v for p in self.parts for v in p.diagnostics
        )
        self.bus_names = [v.name for v in self.bus_variables]
        self.mode_names = [f for p in self.parts for f in p.mode_flags]
        if len(set(self.mode_names)) < len(self.mode_names):
            raise ValueError(f"mode flag declared twice: {self.mode_names}")
        _check_result_names(self.layout, self.bus_names)
        self.compiled_kinetics = compile_kinetics(mech)
        requested = self.settings.kinetics
        if requested == "compiled" and not self.compiled_kinetics.supported:
            raise ModelError(
                "solver.kinetics",
                "the compiled kinetics does not support this mechanism "
                f'({self.compiled_kinetics.reason}); use solver.kinetics = "cantera" (or "auto")',
            )
        self.compiled = self.compiled_kinetics.supported and requested != "cantera"
        self.kinetics_note = (
            "" if self.compiled_kinetics.supported else (self.compiled_kinetics.reason)
        )
        for part in self.parts:
            part.bind(self)
        self._pack()

    @property
    def surface_index(self) -> int:
        """Index of the surface (casing) temperature in the state vector: the cell temperature
        itself in a one-node cell."""
        L = self.layout
        return L.casing_temperature if self.casing_heat_capacity > 0.0 else L.temperature

    def mode_index(self, name: str) -> int:
        """Position of mode flag ``name`` in the kernel's mode array."""
        return self.mode_names.index(name)

    def _pack(self) -> None:
        L = self.layout
        floats: dict = {}
        ints: dict = {"bus_size": len(self.bus_names)}
        float_arrays: dict = {}
        int_arrays: dict = {}
        for state in STATE_OFFSET_SLOTS:
            ints[f"offset_{state}"] = L.offset(state)
        plugged = []
        for part in self.parts:
            part.pack(floats, ints, float_arrays, int_arrays)
            if part.functions:
                params, iparams = part.parameters()
                for stage in sorted(part.functions):
                    address = part.functions[stage].address
                    plugged.append((stage, address, np.asarray(params, float), iparams))
        int_arrays["jacobian_columns"], float_arrays["jacobian_floor"] = pruned_columns(
            *L.jacobian_columns(), L.offset("species"), float_arrays, int_arrays
        )
        self.fp, self.ip = pack(floats, ints, float_arrays, int_arrays, plugged)

    # ------------------------------------------------------------------ evaluation
    def initial_state(self) -> np.ndarray:
        """State vector at t = 0."""
        y = np.zeros(self.layout.size)
        for state, start, size in zip(
            self.layout.states, self.layout.offsets, self.layout.sizes, strict=True
        ):
            y[start : start + size] = state.initial
        for part in self.parts:
            part.initial_state(y)
        return y

    def initial_mode(self) -> Mode:
        """All mode flags off; parts set theirs in :meth:`runaway.parts.Part.start`."""
        return Mode(dict.fromkeys(self.mode_names, 0))

    def right_hand_side(self, mode: Mode):
        """(f(t, y), jacobian(t, y) or None) for the integrator with the mode frozen.

        With Cantera kinetics no Jacobian is given: the integrator builds its own by finite
        differences.
        """
        flags, fp, ip = mode.array(), self.fp, self.ip
        dy = np.empty(self.layout.size)  # the integrator copies what it is given
        if self.compiled:
            rhs, jac = rhs_into, jacobian_into
            jm = np.empty((self.layout.size, self.layout.size))

            def fun(t, y):  # LSODA passes t as a float; evaluate() converts for other callers
                rhs(t, y, flags, fp, ip, dy)
                return dy

            def jacobian(t, y):
                jac(t, y, flags, fp, ip, jm)
                return jm

            return fun, jacobian
        bus = np.empty(len(self.bus_names))

        def fun_cantera(t, y):
            self._cantera_assemble(t, np.asarray(y, dtype=float), flags, dy, bus)
            return dy

        return fun_cantera, None

    def _cantera_assemble(self, time, y, flags, dy, bus) -> np.ndarray:
        """Cantera's rates and thermo, the compiled assembly; returns the rates of progress."""
        temperature = max(float(y[self.layout.temperature]), MIN_TEMPERATURE)
        n = positive_amounts(
            np.ascontiguousarray(y[self.layout.species]), self.fp[F_POSITIVITY_SCALE]
        )
        wdot, h, cp = self.mechanism.state_functions(temperature, n * self._inverse_volume)
        assemble(time, y, flags, self.fp, self.ip, wdot, h, cp, dy, bus)
        return self.mechanism.current_rates()

    def evaluate(self, time: float, y: np.ndarray, mode: Mode, full: bool = False):
        """dy/dt at one state; with ``full`` also a dict of the bus values by name and the
        heat release rate of every reaction [W] under ``"heat_release_rate"``."""
        y = np.ascontiguousarray(y, dtype=float)
        time = float(time)
        if not full:
            fun, _ = self.right_hand_side(mode)
            return fun(time, y).copy()
        bus, heat = self.diagnostics(np.array([time]), y[None, :], mode)
        fun, _ = self.right_hand_side(mode)
        info = dict(zip(self.bus_names, bus[0].tolist(), strict=True))
        info["heat_release_rate"] = heat[0]
        return fun(time, y).copy(), info

    def jacobian(self, time: float, y: np.ndarray, mode: Mode) -> np.ndarray:
        """d(dy/dt)/dy by the compiled finite differences (compiled kinetics only)."""
        if not self.compiled:
            raise ValueError("the Jacobian is compiled; Cantera kinetics leave it to LSODA")
        jac = np.empty((self.layout.size, self.layout.size))
        jacobian_into(
            float(time), np.ascontiguousarray(y, float), mode.array(), self.fp, self.ip, jac
        )
        return jac

    def diagnostics(self, times: np.ndarray, states: np.ndarray, mode: Mode):
        """Bus (points x slots) and reaction heat release [W] (points x reactions) at the
        points of one segment."""
        flags = mode.array()
        if self.compiled:
            return diagnostics_series(
                np.asarray(times, dtype=float), np.ascontiguousarray(states), flags, self.fp,
                self.ip,
            )  # fmt: skip
        points = len(times)
        bus = np.zeros((points, len(self.bus_names)))
        heat = np.zeros((points, self.mechanism.n_reactions))
        reaction_heat = -(self.standard_enthalpies @ self.mechanism.stoichiometry)
        dy = np.empty(self.layout.size)
        for p in range(points):
            y = np.ascontiguousarray(states[p], dtype=float)
            rates = self._cantera_assemble(float(times[p]), y, flags, dy, bus[p])
            heat[p] = reaction_heat * rates * self.volume
        return bus, heat

    # ------------------------------------------------------------------ bookkeeping
    def internal_energy(self, y: np.ndarray) -> float:
        """Internal energy of the cell relative to the inert part at 0 K offset [J].

        U = C_inert T + C_casing T_casing + sum_k n_k u_k(T) + n_fill c_v,fill (T - 298.15) +
        fusion terms; used by the conservation tests (only differences are meaningful).
        """
        L = self.layout
        temperature = float(y[L.temperature])
        h, _ = self.mechanism.thermo(temperature)
        u = h - GAS_CONSTANT * temperature * self.gas
        n = y[L.species]
        value = self.inert_heat_capacity * temperature + float(n @ u)
        value += self.casing_heat_capacity * float(y[self.surface_index])
        value += y[L.fill] * FILL_CV * (temperature - STANDARD_TEMPERATURE)
        for k, melt in self.melting:
            value += n[k] * melt.enthalpy * thermal.melted_fraction(temperature, melt.temperature)
        return value

    def provenance(self) -> dict[str, str]:
        """How this model evaluated its kinetics (for the result's attributes)."""
        import numba

        kinetics = f"compiled (numba {numba.__version__}; Cantera's rate law and species thermo)"
        if not self.compiled:
            note = self.kinetics_note and f" (compiled kinetics unsupported: {self.kinetics_note})"
            kinetics = "cantera" + (note or "")
        return {
            "kinetics": kinetics,
            "abuse_kind": self.abuse.name,
            "parts": ", ".join(p.name for p in self.parts),
        }
