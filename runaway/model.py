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

The mechanism's species are evaluated by Cantera in runaway.chemistry; everything here is
plain numpy and the pure functions of runaway.physics.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from runaway.chemistry import GAS_CONSTANT, Mechanism
from runaway.physics import abuse as abuse_heat
from runaway.physics import electrical, headspace, swelling, thermal, venting

#: Molar heat capacity at constant volume of the initial headspace fill gas (N2/Ar-like,
#: diatomic ideal gas 5/2 R) [J/(mol K)]; fill gas amounts are ~1e-4 mol, so this hardly matters.
FILL_CV = 2.5 * GAS_CONSTANT
FILL_MOLAR_MASS = 0.028  # [kg/mol], N2
#: Width of the apparent-heat-capacity peak that spreads a heat of fusion around the melting
#: point [K]; a numerical choice.
FUSION_WIDTH = 1.0
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
        self.delta_gas = self.gas.astype(float) @ self.stoich  # gas moles made per reaction
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
        L = self.layout
        liquid_index = np.flatnonzero(self.liquid)
        multiplier_species = [i_grown for _, _, i_grown, _ in mech._multipliers]
        self._fd_columns = np.unique(
            np.concatenate(
                [self.gas_index, liquid_index, multiplier_species, [L.fill, L.temperature, L.soc]]
            ).astype(int)
        )
        self._fd_floor = np.full(L.size, 1e-10)
        self._fd_floor[L.temperature] = 1.0
        self._fd_floor[L.soc] = 1e-3
        self._inverse_volume = 1.0 / self.volume
        self._gas_float = self.gas.astype(float)
        self._gas_r = GAS_CONSTANT * self._gas_float
        self._liquid_float = self.liquid.astype(float)
        self._has_gas = bool(self.gas.any())

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

    # ------------------------------------------------------------------ sub-model pieces
    def headspace(self, n: np.ndarray, fill: float, temperature: float, mode: Mode):
        """Headspace gas amount [mol], pressure [Pa] and free volume [m^3]."""
        gas_amount = max(fill, 0.0)
        if self._has_gas:
            gas_amount += float(np.maximum(n[self.gas_index], 0.0).sum())
        if self.compliance > 0.0:
            # a pouch bag keeps inflating against its fixture after the seal has burst
            pressure, volume = swelling.pouch_pressure(
                gas_amount, temperature, self.free_volume, self.compliance, self.opening_pressure
            )
        else:
            volume = self.free_volume
            pressure = headspace.ideal_gas_pressure(gas_amount, temperature, volume)
        return gas_amount, pressure, volume

    def current(self, temperature: float, soc: float, mode: Mode) -> tuple[float, float]:
        """Short-circuit current [A] and internal resistance [ohm].

        The current is 0 without a short, and for an external short once the CID has opened.
        """
        if self.kind not in ("external_short", "internal_short", "nail"):
            return 0.0, 0.0
        if self.kind == "external_short" and mode.cid_open:
            return 0.0, 0.0
        e = self.electrical
        ocv = electrical.open_circuit_voltage(soc, e.ocv_soc, e.ocv_voltage)
        r_int = electrical.internal_resistance(
            temperature,
            e.internal_resistance,
            e.reference_temperature,
            e.resistance_activation_energy,
        )
        return electrical.short_circuit_current(ocv, r_int, self.short_resistance, soc), r_int

    def surroundings(self, time: float, mode: Mode) -> tuple[float, float, float]:
        """(ambient gas temperature [K], h [W/m2/K], emissivity [1]) seen by the cell."""
        env = self.scenario.environment
        if self.kind == "arc":
            return self.ambient, 0.0, 0.0  # adiabatic calorimeter
        if self.kind == "oven":
            a = self.abuse
            t_env = abuse_heat.oven_temperature(
                time,
                self.initial_temperature,
                a.temperature,
                a.ramp_rate,
                a.hold_time,
                self.ambient,
            )
            return t_env, env.heat_transfer_coefficient, env.emissivity
        return self.ambient, env.heat_transfer_coefficient, env.emissivity

    # ------------------------------------------------------------------ right-hand side
    def evaluate(self, time: float, y: np.ndarray, mode: Mode, full: bool = False):
        """Time derivative of the state; with ``full`` also a dict of diagnostics."""
        L = self.layout
        n = y[L.species]
        fill = y[L.fill]
        temperature = float(y[L.temperature])
        if temperature < 200.0:
            temperature = 200.0
        rt = GAS_CONSTANT * temperature

        # chemistry: one Cantera update for production rates, enthalpies, heat capacities
        concentrations = n * self._inverse_volume
        wdot, h, cp = self.mechanism.state_functions(temperature, concentrations)
        dn = wdot * self.volume  # [mol/s], chemistry only so far
        if self._has_gas:
            u = h - rt * self._gas_float
            cv = cp - self._gas_r
        else:
            u, cv = h, cp
        q_reaction = -float(u @ dn)  # [W], heat actually released at the cell temperature
        q_standard = -float(self._h298 @ dn)  # [W], standard reaction enthalpy basis (reported)
        n_pos = np.maximum(n, 0.0)
        heat_capacity = self.inert_heat_capacity + float(n_pos @ cv) + max(fill, 0.0) * FILL_CV

        # melting (apparent heat capacity), counted on the species present
        q_fusion = 0.0
        for k, melt in self.melting:
            arg = (temperature - melt.temperature) / FUSION_WIDTH
            melted = 0.5 * (1.0 + math.erf(arg / math.sqrt(2.0)))
            peak = math.exp(-0.5 * arg * arg) / (FUSION_WIDTH * math.sqrt(2.0 * math.pi))
            heat_capacity += n_pos[k] * melt.enthalpy * peak
            q_fusion += melt.enthalpy * melted * dn[k]

        gas_amount, pressure, free_volume = self.headspace(n, fill, temperature, mode)

        # evaporation of solvents towards Raoult equilibrium
        q_evap = 0.0
        if self.vapour_pairs:
            liquid_total = float(n_pos @ self._liquid_float)
            for i_liq, i_vap, vp in self.vapour_pairs:
                x = n_pos[i_liq] / liquid_total if liquid_total > 0.0 else 0.0
                eq = headspace.equilibrium_vapour_amount(
                    liquid_mole_fraction=x,
                    saturation_pressure=vp(temperature),
                    temperature=temperature,
                    volume=free_volume,
                )
                rate = headspace.evaporation_rate(n[i_vap], eq, n[i_liq])
                dn[i_liq] -= rate
                dn[i_vap] += rate
                q_evap += (u[i_vap] - u[i_liq]) * rate

        # venting: out through the open vent, or ambient air (fill gas) back in when the
        # headspace falls below ambient pressure (an open cell breathes)
        vent_flow = 0.0
        dvent = None
        dfill = 0.0
        e_vent = 0.0
        q_vent = 0.0
        if mode.vent_open and gas_amount > 0.0 and pressure > self.ambient_pressure:
            n_gas = n_pos[self.gas_index]
            x_gas = n_gas / gas_amount
            x_fill = max(fill, 0.0) / gas_amount
            molar_mass = float(x_gas @ self.molar_mass[self.gas_index]) + x_fill * FILL_MOLAR_MASS
            cv_mix = float(x_gas @ cp[self.gas_index]) - GAS_CONSTANT * (1.0 - x_fill)
            cv_mix += x_fill * FILL_CV
            gamma = (cv_mix + GAS_CONSTANT) / cv_mix
            vent_flow = venting.orifice_molar_flow(
                pressure,
                self.ambient_pressure,
                temperature,
                molar_mass,
                gamma,
                self.vent_area,
                self.discharge,
            )
            vent_flow = venting.near_equilibrium_limit(
                vent_flow,
                venting.relaxation_molar_flow(gas_amount, pressure, self.ambient_pressure),
                pressure - self.ambient_pressure,
                self.ambient_pressure,
            )
            dvent = vent_flow * x_gas
            dfill = vent_flow * x_fill
            dn[self.gas_index] -= dvent
            e_vent = float(dvent @ h[self.gas_index]) + dfill * (
                FILL_CV * (temperature - 298.15) + rt
            )
            q_vent = vent_flow * rt  # flow work of the gas pushed out
        elif mode.vent_open and pressure < self.ambient_pressure:
            inflow = venting.orifice_molar_flow(
                self.ambient_pressure,
                pressure,
                self.ambient,
                FILL_MOLAR_MASS,
                (FILL_CV + GAS_CONSTANT) / FILL_CV,
                self.vent_area,
                self.discharge,
            )
            inflow = venting.near_equilibrium_limit(
                inflow,
                # amount that would fill the headspace to ambient within the relaxation time
                free_volume
                * (self.ambient_pressure - pressure)
                / (rt * venting.VENT_RELAXATION_TIME),
                self.ambient_pressure - pressure,
                self.ambient_pressure,
            )
            vent_flow = -inflow
            dfill = -inflow
            h_in = FILL_CV * (self.ambient - 298.15) + GAS_CONSTANT * self.ambient
            e_vent = -inflow * h_in
            # energy brought in minus the internal energy the new gas takes at cell temperature
            q_vent = -inflow * (h_in - FILL_CV * (temperature - 298.15))

        # abuse heat and surroundings
        t_env, htc, eps = self.surroundings(time, mode)
        q_loss = thermal.convective_heat_loss(htc, self.area, temperature, t_env)
        if eps > 0.0:
            q_loss += thermal.radiative_heat_loss(eps, self.area, temperature, t_env)
        current = 0.0
        joule = 0.0
        if self._is_short:
            current, r_int = self.current(temperature, float(y[L.soc]), mode)
            joule = current * current * r_int
            if self.kind != "external_short":
                joule += current * current * self.short_resistance
        q_net_no_source = q_reaction - q_evap - q_fusion - q_loss - q_vent
        q_abuse = joule
        if self.kind == "heater" and mode.heater_on:
            a = self.abuse
            if a.power is not None:
                q_abuse = a.power
            else:
                q_abuse = abuse_heat.controlled_ramp_power(
                    heat_capacity, a.ramp_rate, q_net_no_source / heat_capacity, a.max_power
                )
        elif self.kind == "arc" and mode.arc_phase == "heat":
            q_abuse = heat_capacity * self.abuse.heating_rate
        dtemperature = (q_net_no_source + q_abuse) / heat_capacity

        dy = np.empty_like(y)
        dy[L.species] = dn
        if dvent is None:
            dy[L.vented] = 0.0
        else:
            dy[L.vented] = dvent
        dy[L.fill] = -dfill
        dy[L.fill_vented] = dfill
        dy[L.temperature] = dtemperature
        dy[L.soc] = -current / self.capacity
        dy[L.energy_abuse] = q_abuse
        dy[L.energy_loss] = q_loss
        dy[L.energy_reaction] = q_standard
        dy[L.energy_vent] = e_vent
        if not full:
            return dy
        extent = self.mechanism.current_rates() * self.volume  # state set above
        reaction_heat = -(self._h298 @ self.stoich) * extent  # [W] per reaction
        return dy, {
            "pressure": pressure,
            "free_volume": free_volume,
            "thickness_increase": (
                (free_volume - self.free_volume) / self.face_area if self.face_area else 0.0
            ),
            "heat_release_rate": reaction_heat,
            "self_heating_rate": (q_reaction - q_evap - q_fusion) / heat_capacity,
            "heat_capacity": heat_capacity,
            "current": current,
            "joule_heat_rate": joule,
            "abuse_heat_rate": q_abuse,
            "heat_loss_rate": q_loss,
            "environment_temperature": t_env,
            "vent_flow": vent_flow,
            "temperature_rate": dtemperature,
        }

    def jacobian(self, time: float, y: np.ndarray, mode: Mode) -> np.ndarray:
        """Jacobian of :meth:`evaluate` for the stiff integrator.

        The species-species block of the chemistry is Cantera's analytic derivative; columns of
        the species that also drive evaporation and venting (gases, liquids), of the fill gas,
        temperature and state of charge are finite differences of the full right-hand side; the
        temperature row of the remaining (condensed) columns is the chemistry heat term. Columns
        of the pure bookkeeping states (vented amounts, energy integrals) are exactly zero. An
        approximate Jacobian only changes how fast Newton iterations converge, never the answer.
        """
        L = self.layout
        size = L.size
        jac = np.zeros((size, size))
        f0 = self.evaluate(time, y, mode)
        temperature = max(float(y[L.temperature]), 200.0)
        n = y[L.species]
        chem = self.mechanism.production_rate_jacobian(temperature, n * self._inverse_volume)
        jac[L.species, L.species] = chem
        h, cp = self.mechanism.thermo(temperature)
        u = h - GAS_CONSTANT * temperature * self._gas_float
        cv = cp - GAS_CONSTANT * self._gas_float
        heat_capacity = self.inert_heat_capacity + float(np.maximum(n, 0.0) @ cv)
        heat_row = -(u @ chem)  # d(q_reaction)/dn_j [W/mol]
        # dT/dt = Q/C with C = C_inert + sum n_k cv_k: d(dT/dt)/dn_j = (dQ/dn_j - cv_j dT/dt)/C
        jac[L.temperature, L.species] = (heat_row - cv * f0[L.temperature]) / heat_capacity
        jac[L.energy_reaction, L.species] = -(self._h298 @ chem)
        for j in self._fd_columns:
            step = 1.5e-8 * max(abs(y[j]), self._fd_floor[j])
            y_step = y.copy()
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
