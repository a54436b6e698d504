"""Assemble the sub-models into one lumped thermal-abuse model.

State vector (all SI, amounts in mol)::

    y = [ n_k          species in the cell (condensed + headspace gas), one per species
          v_g          cumulative amount of each gas species vented
          n_fill       initial headspace fill gas (inert, N2-like) still in the cell
          v_fill       fill gas vented
          T            cell temperature [K]
          soc          state of charge [1]
          E_abuse      heat from the abuse source delivered so far [J]
          E_loss       heat lost to the surroundings so far [J]
          E_reaction   reaction heat released so far [J]
          E_vent       enthalpy carried out by vented gas so far [J] ]

Energy (internal-energy form, exact bookkeeping of species enthalpies)::

    C dT/dt = Q_abuse - Q_conv - Q_rad + Q_chem - Q_evap - Q_fusion - Q_vent

with C = C_inert + sum_k n_k c_v,k (+ apparent heat of fusion) and Q_chem = -sum_k u_k(T) n_dot_k
(u_k = h_k - R T for gases: reaction heats come from species enthalpies only, at the cell
temperature and at constant volume). The reported ``heat_release_rate`` of each reaction and the
``E_reaction`` integral use the standard reaction enthalpy at 298.15 K, -Delta H_r(298 K) *
rate_r * V, the convention of calorimetry; Q_chem differs from their sum by the sensible-heat
(Kirchhoff) and P-V terms. Q_vent is the flow work of vented gas (or the energy of air drawn back
in),
Q_evap the internal energy of vaporisation of the evaporating solvent and n_vent R T the flow
work of the vented gas. C_inert is the part of the cell's measured heat capacity not carried by
the mechanism species (cell mass x specific heat minus the species' own heat capacity at the
start).

The right-hand side is evaluated in machine code by :mod:`runaway.kernel` (numba), which
compiles the pure functions of runaway.physics and mirrors Cantera's rate law
(:mod:`runaway.chemistry.compiled`, checked against Cantera in tests/test_compiled.py); with
``solver.kinetics = "cantera"``, or for mechanisms the compiled kinetics does not support,
Cantera evaluates rates and species thermo and the same compiled assembly does the rest.
Either way the rate laws see a smooth positive part of the species amounts
(:func:`runaway.kernel.positive_amounts`), so exhausted reactants stop their reactions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from runaway import kernel
from runaway.chemistry import GAS_CONSTANT, Mechanism
from runaway.chemistry.compiled import compile_kinetics
from runaway.kernel import FILL_CV, FUSION_WIDTH
from runaway.physics import headspace, swelling, thermal

#: Temperatures [K] accepted for the surroundings and the start; the mechanisms' NASA/constant-cp
#: thermo is fitted within 200-3000 K.
THERMO_RANGE = (200.0, 3000.0)


class ModelError(ValueError):
    """The scenario and the mechanism do not fit together (e.g. unknown species)."""

    def __init__(self, key: str | None, message: str):
        super().__init__(message)
        self.key = key
        self.message = message


@dataclass
class Mode:
    """Discrete state of the test, changed only between integration segments."""

    vent_open: bool = False
    cid_open: bool = False
    heater_on: bool = True
    runaway_seen: bool = False
    arc_phase: str = ""  # heat | wait | seek | exotherm ("" when not an ARC test)
    arc_target: float = 0.0

    def copy(self) -> Mode:
        return replace(self)


@dataclass
class Layout:
    """Slices of the state vector."""

    n_species: int
    gas_index: np.ndarray
    species: slice = field(init=False)
    vented: slice = field(init=False)
    fill: int = field(init=False)
    fill_vented: int = field(init=False)
    temperature: int = field(init=False)
    soc: int = field(init=False)
    energy_abuse: int = field(init=False)
    energy_loss: int = field(init=False)
    energy_reaction: int = field(init=False)
    energy_vent: int = field(init=False)
    size: int = field(init=False)

    def __post_init__(self):
        n, g = self.n_species, len(self.gas_index)
        self.species = slice(0, n)
        self.vented = slice(n, n + g)
        self.fill = n + g
        self.fill_vented = n + g + 1
        self.temperature = n + g + 2
        self.soc = n + g + 3
        self.energy_abuse = n + g + 4
        self.energy_loss = n + g + 5
        self.energy_reaction = n + g + 6
        self.energy_vent = n + g + 7
        self.size = n + g + 8


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
        cell, env = scenario.cell, scenario.environment
        self.abuse = scenario.abuse
        self.kind = scenario.abuse.kind
        mech = mechanism

        # geometry
        if cell.enclosure == "cylindrical":
            volume = thermal.cylinder_volume(cell.radius, cell.length)
            area = thermal.cylinder_surface_area(cell.radius, cell.length)
            self.face_area = 0.0
        else:
            volume = thermal.box_volume(cell.length, cell.width, cell.thickness)
            area = thermal.box_surface_area(cell.length, cell.width, cell.thickness)
            self.face_area = cell.length * cell.width
        self.volume = cell.volume or volume
        self.area = cell.surface_area or area
        self.free_volume = cell.free_volume
        if self.free_volume <= 0.0:
            self.free_volume = 1e-9  # a pouch may be vacuum-sealed; keep a tiny headspace

        # species
        self.gas = np.asarray(mech.gas_mask, dtype=bool)
        self.gas_index = np.flatnonzero(self.gas)
        self.layout = Layout(mech.n_species, self.gas_index)
        self.molar_mass = mech.molar_masses
        self.stoich = mech.stoichiometry
        self.initial_amounts = self._initial_amounts(cell)
        self.vapour_pairs = [
            (mech.species_index(v.liquid), mech.species_index(v.vapour), v)
            for v in mech.vapour_pressures
        ]
        self.liquid = mech.state_of_matter == "liquid"
        self.melting = [(mech.species_index(m.species), m) for m in mech.melting]

        # temperatures and heat capacity
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
        h0, cp0 = mech.thermo(self.initial_temperature)
        species_heat_capacity = float(self.initial_amounts @ (cp0 - GAS_CONSTANT * self.gas))
        species_mass = float(self.initial_amounts @ self.molar_mass)
        if species_mass > cell.mass * (1.0 + 1e-9):
            raise ModelError(
                "cell.mass",
                f"cell mass {cell.mass * 1000:.4g} g is smaller than the mass of its reacting "
                f"species {species_mass * 1000:.4g} g (cell.composition)",
            )
        self.inert_heat_capacity = cell.mass * cell.specific_heat - species_heat_capacity
        if self.inert_heat_capacity <= 0.0:
            raise ModelError(
                "cell.specific_heat",
                f"cell heat capacity {cell.mass * cell.specific_heat:.4g} J/K is below the heat "
                f"capacity of its species alone ({species_heat_capacity:.4g} J/K)",
            )
        self.initial_fill = (
            env.pressure * self.free_volume / (GAS_CONSTANT * self.initial_temperature)
        )

        # enclosure
        if cell.enclosure == "pouch":
            p = cell.pouch
            self.compliance = swelling.pouch_compliance(
                self.face_area, p.pad_modulus, p.pad_thickness
            )
            self.opening_pressure = env.pressure + p.stack_pressure
            self.vent_pressure = p.burst_pressure
            self.cid_pressure = None
            self.vent_area, self.discharge = p.vent_area, p.discharge_coefficient
        else:
            c = cell.can
            self.compliance = 0.0
            self.opening_pressure = math.inf
            self.vent_pressure = c.vent_pressure
            self.cid_pressure = c.cid_pressure
            self.vent_area, self.discharge = c.vent_area, c.discharge_coefficient

        # electrical
        self.electrical = cell.electrical
        self.capacity = cell.capacity
        self.short_resistance = getattr(self.abuse, "resistance", None)
        self._is_short = self.kind in ("external_short", "internal_short", "nail")

        # precomputed for the hot path
        self._h298 = mech.standard_enthalpies(298.15)
        self._fd_floor = np.full(self.layout.size, 1e-10)
        self._fd_floor[self.layout.temperature] = 1.0
        self._fd_floor[self.layout.soc] = 1e-3
        self._inverse_volume = 1.0 / self.volume
        self._gas_float = self.gas.astype(float)
        self._pack()

    # ------------------------------------------------------------------ set-up helpers
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

    def initial_state(self) -> np.ndarray:
        L = self.layout
        y = np.zeros(L.size)
        y[L.species] = self.initial_amounts
        y[L.fill] = self.initial_fill
        y[L.temperature] = self.initial_temperature
        y[L.soc] = self.scenario.cell.soc
        # start with solvent vapour in equilibrium with the liquid
        gas_amount = self.initial_fill
        for i_liq, i_vap, vp in self.vapour_pairs:
            x = self._liquid_fraction(y[L.species], i_liq)
            y[i_vap] = headspace.equilibrium_vapour_amount(
                liquid_mole_fraction=x,
                saturation_pressure=vp(self.initial_temperature),
                temperature=self.initial_temperature,
                volume=self.free_volume,
            )
            y[i_vap] = min(y[i_vap], y[i_liq])
            y[i_liq] -= y[i_vap]
            gas_amount += y[i_vap]
        return y

    def _liquid_fraction(self, n: np.ndarray, i_liq: int) -> float:
        total = float(np.maximum(n[self.liquid], 0.0).sum())
        return max(n[i_liq], 0.0) / total if total > 0.0 else 0.0

    # ------------------------------------------------------------------ compiled kernel
    def _pack(self) -> None:
        """Pack parameters for :mod:`runaway.kernel` (self.fp, self.ip) and pick the chemistry
        evaluation: compiled (mirrors Cantera's rate law) or through Cantera."""
        mech, sc, a = self.mechanism, self.scenario, self.abuse
        env = sc.environment
        K = kernel
        compiled = compile_kinetics(mech)
        requested = sc.solver.kinetics
        if requested == "compiled" and not compiled.supported:
            raise ModelError(
                "solver.kinetics",
                f"the compiled kinetics does not support this mechanism ({compiled.reason}); "
                'use solver.kinetics = "cantera" (or "auto")',
            )
        self.compiled = compiled.supported and requested != "cantera"
        self.kinetics_note = "" if compiled.supported else compiled.reason
        floats = {
            K.F_VOLUME: self.volume,
            K.F_FREE_VOLUME: self.free_volume,
            K.F_COMPLIANCE: self.compliance,
            K.F_OPENING_PRESSURE: self.opening_pressure,
            K.F_AMBIENT_PRESSURE: self.ambient_pressure,
            K.F_AMBIENT_TEMPERATURE: self.ambient,
            K.F_VENT_AREA: self.vent_area,
            K.F_DISCHARGE: self.discharge,
            K.F_INERT_HEAT_CAPACITY: self.inert_heat_capacity,
            K.F_HEAT_TRANSFER: env.heat_transfer_coefficient,
            K.F_EMISSIVITY: env.emissivity,
            K.F_AREA: self.area,
            K.F_FACE_AREA: self.face_area,
            K.F_INITIAL_TEMPERATURE: self.initial_temperature,
            K.F_CAPACITY: self.capacity or 0.0,
            K.F_POSITIVITY_SCALE: K.POSITIVITY_CONCENTRATION * self.volume,
        }
        ints = {
            K.I_SPECIES: mech.n_species,
            K.I_REACTIONS: mech.n_reactions,
            K.I_GAS: len(self.gas_index),
            K.I_KIND: K.KINDS[self.kind],
            K.I_VAPOURS: len(self.vapour_pairs),
            K.I_MELTS: len(self.melting),
            K.I_COMPILED: int(self.compiled),
        }
        if self.kind == "oven":
            floats[K.F_OVEN_TEMPERATURE] = a.temperature
            if a.ramp_rate is not None:
                floats[K.F_OVEN_RAMP], ints[K.I_OVEN_RAMP] = a.ramp_rate, 1
            if a.hold_time is not None:
                floats[K.F_OVEN_HOLD], ints[K.I_OVEN_HOLD] = a.hold_time, 1
        elif self.kind == "heater":
            if a.power is not None:
                floats[K.F_HEATER_POWER], ints[K.I_HEATER_FIXED] = a.power, 1
            else:
                floats[K.F_HEATER_RAMP] = a.ramp_rate
                floats[K.F_HEATER_MAX_POWER] = a.max_power
        elif self.kind == "arc":
            floats[K.F_ARC_RATE] = a.heating_rate
        float_arrays = {
            "gas_float": self._gas_float,
            "liquid_float": self.liquid.astype(float),
            "h298": self._h298,
            "molar_mass": self.molar_mass,
            "reaction_heat": -(self._h298 @ self.stoich),
        }
        int_arrays = {"gas_index": self.gas_index}
        if self._is_short:
            e = self.electrical
            floats[K.F_SHORT_RESISTANCE] = self.short_resistance
            floats[K.F_R_REFERENCE] = e.internal_resistance
            floats[K.F_R_REFERENCE_TEMPERATURE] = e.reference_temperature
            floats[K.F_R_ACTIVATION] = e.resistance_activation_energy
            float_arrays["ocv_soc"] = np.asarray(e.ocv_soc, dtype=float)
            float_arrays["ocv_voltage"] = np.asarray(e.ocv_voltage, dtype=float)
        vapour_index, vapour_constants = [], []
        for i_liq, i_vap, vp in self.vapour_pairs:
            form = {"ln": 0, "log10": 1, "wagner": 2}[vp._kind]
            c = vp.constants
            if form == 2:
                values = [c["Tc_K"], c["Pc_Pa"], c["a"], c["b"], c["c"], c["d"]]
            else:
                values = [c["A"], c["B"], c["C"], 0.0, 0.0, 0.0]
            vapour_index += [form, i_liq, i_vap]
            vapour_constants += values
        float_arrays["vapour_constants"] = np.array(vapour_constants, dtype=float)
        int_arrays["vapour_index"] = np.array(vapour_index, dtype=np.int64)
        float_arrays["melt"] = np.array(
            [x for _, m in self.melting for x in (m.temperature, m.enthalpy)], dtype=float
        )
        int_arrays["melt_species"] = np.array([k for k, _ in self.melting], dtype=np.int64)
        if compiled.supported:
            names_f = (
                "pre_exponential",
                "temperature_exponent",
                "activation_temperature",
            )
            arrays = compiled.arrays
            for name, value in zip(names_f, arrays[:3], strict=True):
                float_arrays[name] = value
            int_arrays["plain"] = arrays[3]
            int_arrays["reactant_pointer"] = arrays[4]
            int_arrays["reactant_species"] = arrays[5]
            float_arrays["reactant_order"] = arrays[6]
            int_arrays["collider_pointer"] = arrays[7]
            int_arrays["collider_species"] = arrays[8]
            float_arrays["collider_efficiency"] = arrays[9]
            int_arrays["multiplier_reaction"] = arrays[10]
            float_arrays["multiplier_z0"] = arrays[11]
            int_arrays["multiplier_species"] = arrays[12]
            float_arrays["multiplier_basis"] = arrays[13]
            float_arrays["stoichiometry"] = arrays[14]
            int_arrays["thermo_kind"] = arrays[15]
            float_arrays["thermo_coeffs"] = arrays[16]
        L = self.layout
        int_arrays["jacobian_columns"] = np.concatenate(
            [np.arange(L.n_species), [L.fill, L.temperature, L.soc]]
        ).astype(np.int64)
        self.fp, self.ip = kernel.pack(floats, ints, float_arrays, int_arrays)

    def mode_flags(self, mode: Mode) -> np.ndarray:
        """The mode as the integer flags the kernel reads."""
        flags = np.zeros(kernel.MODE_SIZE, dtype=np.int64)
        flags[kernel.M_VENT_OPEN] = mode.vent_open
        flags[kernel.M_CID_OPEN] = mode.cid_open
        flags[kernel.M_HEATER_ON] = mode.heater_on
        flags[kernel.M_ARC_HEATING] = mode.arc_phase == "heat"
        return flags

    def _cantera_chemistry(self, y: np.ndarray):
        temperature = max(float(y[self.layout.temperature]), kernel.MIN_TEMPERATURE)
        # the same smooth positive part as the compiled path (kernel.positive_amounts)
        n = kernel.positive_amounts(
            np.ascontiguousarray(y[self.layout.species]), self.fp[kernel.F_POSITIVITY_SCALE]
        )
        wdot, h, cp = self.mechanism.state_functions(temperature, n * self._inverse_volume)
        return wdot, h, cp, self.mechanism.current_rates()

    # ------------------------------------------------------------------ right-hand side
    def gauge_pressure(self, y: np.ndarray) -> float:
        """Headspace pressure above ambient [Pa] of a state."""
        return kernel.gauge_pressure(y, self.fp, self.ip)

    def right_hand_side(self, mode: Mode):
        """(f(t, y), jacobian(t, y)) for the integrator with the mode frozen."""
        flags, fp, ip = self.mode_flags(mode), self.fp, self.ip
        if self.compiled:
            rhs, jac = kernel.rhs_into, kernel.jacobian_into
            # one buffer each: the integrator copies what it is given before the next call
            dy = np.empty(self.layout.size)
            jm = np.empty((self.layout.size, self.layout.size))

            def fun(t, y):
                rhs(t, y, flags, fp, ip, dy)
                return dy

            def jacobian(t, y):
                jac(t, y, flags, fp, ip, jm)
                return jm

            return fun, jacobian
        return (
            lambda t, y: self.evaluate(t, y, mode),
            lambda t, y: self.jacobian(t, y, mode),
        )

    def evaluate(self, time: float, y: np.ndarray, mode: Mode, full: bool = False):
        """Time derivative of the state; with ``full`` also a dict of diagnostics.

        Diagnostics: pressure [Pa], free_volume [m^3], thickness_increase [m],
        heat_release_rate per reaction [W] (-Delta H_r(298 K) x rate), self_heating_rate
        [K/s], heat_capacity [J/K], current [A], joule_heat_rate, abuse_heat_rate,
        heat_loss_rate [W], environment_temperature [K], vent_flow [mol/s], temperature_rate
        [K/s], headspace_gas_amount [mol].
        """
        flags = self.mode_flags(mode)
        y = np.asarray(y, dtype=float)
        if self.compiled and not full:
            return kernel.rhs(time, y, flags, self.fp, self.ip)
        if self.compiled:
            diag, heat = kernel.diagnostics_series(
                np.array([time]), y[None, :], flags[None, :], self.fp, self.ip
            )
            dy = kernel.rhs(time, y, flags, self.fp, self.ip)
            diag, heat = diag[0], heat[0]
        else:
            wdot, h, cp, rates = self._cantera_chemistry(y)
            dy = np.empty_like(y)
            diag = np.zeros(kernel.DIAGNOSTICS if full else 0)
            kernel.assemble(time, y, flags, self.fp, self.ip, wdot, h, cp, dy, diag)
            if not full:
                return dy
            heat = -(self._h298 @ self.stoich) * rates * self.volume
        info = dict(zip(kernel.DIAGNOSTIC_NAMES, diag.tolist(), strict=True))
        info["heat_release_rate"] = heat
        return dy, info

    def diagnostics(self, times: np.ndarray, states: np.ndarray, modes: list[Mode]):
        """Diagnostics at many stored points: (dict name -> array, heat release [W] per
        reaction as points x reactions)."""
        points = len(times)
        if self.compiled:
            by_segment: dict[int, np.ndarray] = {}  # the solver repeats one Mode per segment
            for m in modes:
                if id(m) not in by_segment:
                    by_segment[id(m)] = self.mode_flags(m)
            flags = np.array([by_segment[id(m)] for m in modes], dtype=np.int64).reshape(
                points, kernel.MODE_SIZE
            )
            diag, heat = kernel.diagnostics_series(
                np.asarray(times, dtype=float),
                np.ascontiguousarray(states),
                flags,
                self.fp,
                self.ip,
            )
        else:
            diag = np.zeros((points, kernel.DIAGNOSTICS))
            heat = np.zeros((points, self.mechanism.n_reactions))
            for p in range(points):
                _, info = self.evaluate(times[p], states[p], modes[p], full=True)
                diag[p] = [info[k] for k in kernel.DIAGNOSTIC_NAMES]
                heat[p] = info["heat_release_rate"]
        return {k: diag[:, i] for i, k in enumerate(kernel.DIAGNOSTIC_NAMES)}, heat

    def jacobian(self, time: float, y: np.ndarray, mode: Mode) -> np.ndarray:
        """Jacobian of :meth:`evaluate` for the stiff integrator (forward differences over
        species, fill gas, temperature and SOC; bookkeeping columns are exactly zero)."""
        if self.compiled:
            flags = self.mode_flags(mode)
            return kernel.jacobian(time, np.asarray(y, float), flags, self.fp, self.ip)
        size = self.layout.size
        jac = np.zeros((size, size))
        f0 = self.evaluate(time, y, mode)
        for j in kernel._iarray(self.ip, kernel.A_JACOBIAN_COLUMNS):
            step = 1.5e-8 * max(abs(y[j]), self._fd_floor[j])
            y_step = np.array(y, dtype=float)
            y_step[j] += step
            jac[:, j] = (self.evaluate(time, y_step, mode) - f0) / step
        return jac

    # ------------------------------------------------------------------ bookkeeping helpers
    def internal_energy(self, y: np.ndarray) -> float:
        """Internal energy of the cell relative to the inert part at 0 K offset [J].

        U = C_inert T + sum_k n_k u_k(T) + n_fill c_v,fill (T - 298.15) + fusion terms; used by
        the conservation tests (only differences are meaningful).
        """
        L = self.layout
        temperature = float(y[L.temperature])
        h, _ = self.mechanism.thermo(temperature)
        u = h - GAS_CONSTANT * temperature * self.gas
        n = y[L.species]
        value = self.inert_heat_capacity * temperature + float(n @ u)
        value += y[L.fill] * FILL_CV * (temperature - 298.15)
        for k, melt in self.melting:
            arg = (temperature - melt.temperature) / FUSION_WIDTH
            value += n[k] * melt.enthalpy * 0.5 * (1.0 + math.erf(arg / math.sqrt(2.0)))
        return value
