"""Scenario schema of the cell: geometry, thermal mass, contents, enclosure, electrical model.

Every quantity is a float in SI after validation (units in brackets); inputs may be plain
numbers (SI) or strings with units (:mod:`runaway.scenario.units`). Pressures named
``*_pressure`` in the enclosure tables are gauge (above ambient).
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .ejection import EjectionSpec
from .errors import KeyedValueError
from .units import (
    AREA,
    CHARGE,
    DIMENSIONLESS,
    LENGTH,
    MASS,
    MOLAR_ENERGY,
    PRESSURE,
    RESISTANCE,
    SPECIFIC_AREA,
    SPECIFIC_HEAT,
    THERMAL_CONDUCTIVITY,
    VOLTAGE,
    VOLUME,
    NonNegativeAmount,
    SignedAmount,
    quantity,
    thermo_temperature,
)

__all__ = ["CanSpec", "CasingSpec", "CellSpec", "ElectricalSpec", "LithiumSpec", "PouchSpec"]

_CONFIG = ConfigDict(extra="forbid", frozen=True)

# Reusable field types (bounds in SI).
Temperature = thermo_temperature()
OptTemperature = thermo_temperature(optional=True)
Fraction = quantity(DIMENSIONLESS, ge=0, le=1)
Coefficient = quantity(DIMENSIONLESS, gt=0, le=1)
PosLength = quantity(LENGTH, gt=0)
#: One cell's dimensions: at most 2 m (large-format cells are < 1 m)
CellLength = quantity(
    LENGTH, ge=1e-4, le=2.0, optional=True, hint="one cell, 0.1 mm to 2 m, in m or with a unit"
)
PosArea = quantity(AREA, gt=0)
PosPressure = quantity(PRESSURE, gt=0)
PosResistance = quantity(RESISTANCE, gt=0)


class ElectricalSpec(BaseModel):
    """Electrical model of the cell (needed by short-circuit and nail abuse).

    Attributes
    ----------
    ocv_soc : tuple of float
        State-of-charge grid of the open-circuit voltage curve [1], strictly increasing
        in [0, 1], at least 2 points.
    ocv_voltage : tuple of float
        Open-circuit voltage at each ``ocv_soc`` point [V], > 0.
    internal_resistance : float
        Internal resistance at ``reference_temperature`` [ohm].
    reference_temperature : float
        [K], default 298.15.
    resistance_activation_energy : float
        Arrhenius activation energy of the internal resistance [J/mol]; 0 means
        temperature-independent.
    """

    model_config = _CONFIG

    ocv_soc: tuple[Fraction, ...]
    ocv_voltage: tuple[quantity(VOLTAGE, gt=0), ...]
    internal_resistance: PosResistance
    reference_temperature: Temperature = 298.15
    resistance_activation_energy: quantity(MOLAR_ENERGY, ge=0) = 0.0

    @model_validator(mode="after")
    def _check_curve(self) -> "ElectricalSpec":
        soc = self.ocv_soc
        if len(soc) < 2:
            raise KeyedValueError("ocv_soc", f"needs at least 2 points — got {len(soc)}")
        for i in range(1, len(soc)):
            if soc[i] <= soc[i - 1]:
                raise KeyedValueError(
                    "ocv_soc",
                    f"must be strictly increasing — point {i} ({soc[i]:g}) is not above"
                    f" point {i - 1} ({soc[i - 1]:g})",
                )
        if len(self.ocv_voltage) != len(soc):
            raise KeyedValueError(
                "ocv_voltage",
                f"must have as many points as ocv_soc ({len(soc)}) — got {len(self.ocv_voltage)}",
            )
        return self


class PouchSpec(BaseModel):
    """Pouch enclosure: compliance against a pad/fixture, seal burst, vent orifice.

    Attributes
    ----------
    stack_pressure : float
        Fixture pressure on the cell face [Pa], >= 0, default 0 (free pouch).
    pad_modulus : float
        Young's modulus of the compliant pad / laminate [Pa], default 1e6.
    pad_thickness : float
        [m], default 1e-3.
    burst_pressure : float
        Seal burst pressure, gauge [Pa]; required.
    vent_area : float
        Opening after burst [m^2], default 1e-5.
    discharge_coefficient : float
        Orifice discharge coefficient in (0, 1], default 0.6.
    """

    model_config = _CONFIG

    stack_pressure: quantity(
        PRESSURE, ge=0, le=1e7, hint='fixtures apply 0.01-2 MPa; write e.g. "300 kPa"'
    ) = 0.0
    pad_modulus: PosPressure = 1e6
    pad_thickness: PosLength = 1e-3
    burst_pressure: quantity(PRESSURE, gt=0, le=1e7, hint="gauge, pouch seals burst at ~0.1-1 MPa")
    vent_area: PosArea = 1e-5
    discharge_coefficient: Coefficient = 0.6


class CanSpec(BaseModel):
    """Rigid (cylindrical) can: current-interrupt device and vent disk.

    Attributes
    ----------
    cid_pressure : float or None
        CID opening pressure, gauge [Pa]; None = no CID.
    vent_pressure : float
        Vent disk opening pressure, gauge [Pa]; required.
    vent_area : float
        Vent opening [m^2], default 1.5e-5.
    discharge_coefficient : float
        Orifice discharge coefficient in (0, 1], default 0.6.
    rupture_pressure : float or None
        Gauge pressure [Pa] at which the can ruptures if the open vent cannot relieve it;
        None = the can never ruptures.
    rupture_area : float or None
        Opening of the ruptured can [m^2]; default: the can's cross-section (the cap or the
        bottom blown off).
    """

    model_config = _CONFIG

    cid_pressure: quantity(
        PRESSURE, gt=0, le=1e8, optional=True, hint="gauge, 18650 CIDs open at ~1 MPa"
    ) = None
    vent_pressure: quantity(PRESSURE, gt=0, le=1e8, hint="gauge, can vents open at a few MPa")
    vent_area: PosArea = 1.5e-5
    discharge_coefficient: Coefficient = 0.6
    rupture_pressure: quantity(
        PRESSURE,
        gt=0,
        le=1e8,
        optional=True,
        hint="gauge, above vent_pressure; a steel 18650 can's wall holds ~10 MPa",
    ) = None
    rupture_area: quantity(
        AREA, gt=0, le=1.0, optional=True, hint='opening after rupture, e.g. "250 mm^2"'
    ) = None

    @model_validator(mode="after")
    def _check_rupture(self) -> "CanSpec":
        if self.rupture_pressure is not None and self.rupture_pressure <= self.vent_pressure:
            raise KeyedValueError(
                "rupture_pressure",
                f"must be above vent_pressure ({self.vent_pressure / 1e6:g} MPa): the vent "
                "disk opens first",
            )
        return self


class CasingSpec(BaseModel):
    """The casing as a second thermal node: the surface a thermocouple reads.

    Without this table the cell is one lumped node. With it the jelly roll (reactions, Joule
    heat of shorts, venting) and the casing (heat exchange with the surroundings, heaters and
    calorimeter heating) have their own temperatures, coupled by the conductance of the
    electrode stack (:mod:`runaway.physics.conduction`).

    Attributes
    ----------
    mass : float
        Casing mass [kg] (can and cap, or pouch laminate), part of ``cell.mass``.
    specific_heat : float
        [J/(kg K)] of the casing material.
    conductivity : float
        Effective thermal conductivity of the electrode stack across its layers [W/(m K)]:
        radial for a cylindrical cell, through the thickness for a pouch.
    """

    model_config = _CONFIG

    mass: quantity(MASS, gt=0, le=10.0, hint='the can or laminate alone, e.g. "7 g"')
    specific_heat: quantity(
        SPECIFIC_HEAT, ge=100.0, le=5000.0, hint="steel ~480, aluminium ~900 J/(kg K)"
    )
    conductivity: quantity(
        THERMAL_CONDUCTIVITY,
        gt=0,
        le=500.0,
        hint="across electrode layers cells measure ~0.2-1 W/(m K)",
    )


class LithiumSpec(BaseModel):
    """Lithium-metal anode surface (scales the ``reactive-area`` reactions of the mechanism,
    :mod:`runaway.physics.lithium`).

    Attributes
    ----------
    foil_thickness : float
        Thickness of the Li foil as assembled [m], 1 um to 1 mm.
    dead_lithium_fraction : float
        Mass fraction of the Li present as dead / dendritic Li after cycling [1], in [0, 1],
        default 0 (fresh foil).
    dead_lithium_specific_area : float or None
        Specific surface area of the dead / dendritic Li [m^2/kg] (BET); required when
        ``dead_lithium_fraction`` > 0.
    """

    model_config = _CONFIG

    foil_thickness: quantity(
        LENGTH, ge=1e-6, le=1e-3, hint='Li foils are 20-750 um thick; write e.g. "50 um"'
    )
    dead_lithium_fraction: Fraction = 0.0
    dead_lithium_specific_area: quantity(
        SPECIFIC_AREA,
        gt=0,
        le=1e6,
        optional=True,
        hint='BET areas of dendritic Li are ~1-50 m^2/g; write e.g. "49.5 m^2/g"',
    ) = None

    @model_validator(mode="after")
    def _check_dead_area(self) -> "LithiumSpec":
        if self.dead_lithium_fraction > 0 and self.dead_lithium_specific_area is None:
            raise KeyedValueError(
                "dead_lithium_specific_area",
                'required when dead_lithium_fraction > 0 (e.g. "49.5 m^2/g")',
            )
        return self


_POUCH_ONLY = ("width", "thickness", "pouch")
_CYLINDER_ONLY = ("radius", "can")


#: Smallest initial headspace [m^3] (0.01 cm^3). Measured on the bundled Li | NCM811 pouch in
#: its 150 degC oven: 1e-8 m^3 runs, 1e-9 m^3 makes LSODA crawl past 200,000 steps as the first
#: gas fills a nearly empty bag, 0 is singular. Real cells hold 0.1-10 cm^3 of gas space.
MIN_FREE_VOLUME = 1e-8


class CellSpec(BaseModel):
    """The cell: mechanisms, geometry, thermal mass, contents and enclosure.

    Attributes
    ----------
    preset : str or None
        Name of the cell preset merged under this table (kept for provenance).
    name : str
        Free text.
    mechanisms : tuple of str
        Mechanism file names, e.g. ``"kim2007.yaml"``; at least one.
    enclosure : {"pouch", "cylindrical"}
        A pouch (needs ``[cell.pouch]``) or a cylindrical can (needs ``[cell.can]``).
    soc : float
        State of charge [1] in [0, 1], default 1.
    mass : float
        [kg]
    specific_heat : float
        [J/(kg K)]
    capacity : float
        Nominal capacity [C] (write ``"5 A*h"``, ``"5 Ah"`` or ``"2600 mA*h"``).
    initial_temperature : float or None
        [K]; None means start at the environment temperature
        (see `Scenario.initial_temperature`).
    radius, length, width, thickness : float or None
        [m]; cylindrical cells need radius and length, pouch cells length, width and
        thickness.
    surface_area : float or None
        [m^2]; None means computed from the geometry.
    volume : float or None
        [m^3]; None means computed from the geometry.
    free_volume : float
        Initial headspace gas volume [m^3], 0.01 cm^3 to 1 L.
    composition : dict of str to Amount
        Species amounts at 0 % SOC (discharged); kg, mol, kg/m^3 or mol/m^3 (per m^3
        of cell volume), each >= 0.
    charge_composition : dict of str to Amount
        Change of each species' amount from 0 % to 100 % SOC (may be negative), so the
        amount at state of charge ``x`` is ``composition + x * charge_composition``.
    electrical : ElectricalSpec or None
    lithium : LithiumSpec or None
        Li-metal anode surface; None means the anchor of the mechanism's rate constants.
    pouch : PouchSpec or None
        Required for pouch cells.
    can : CanSpec or None
        Required for cylindrical cells.
    casing : CasingSpec or None
        The casing as its own thermal node; None: one lumped node.
    ejection : EjectionSpec or None
        Liquid and solid carried out by the vent flow; None: gas and vapour only.
    """

    model_config = _CONFIG

    preset: str | None = None
    name: str = ""
    mechanisms: tuple[str, ...]
    enclosure: Literal["pouch", "cylindrical"]
    soc: Fraction = 1.0
    mass: quantity(MASS, gt=0, le=100.0, hint='one cell, in kg or with a unit ("45 g")')
    specific_heat: quantity(
        SPECIFIC_HEAT,
        ge=100.0,
        le=5000.0,
        hint='cells are ~800-1500 J/(kg K), the unit of a plain number; "1 J/g/K" is J/(g K)',
    )
    capacity: quantity(CHARGE, gt=0)
    initial_temperature: OptTemperature = None
    radius: CellLength = None
    length: CellLength = None
    width: CellLength = None
    thickness: CellLength = None
    surface_area: quantity(AREA, gt=0, optional=True) = None
    volume: quantity(VOLUME, gt=0, optional=True) = None
    free_volume: quantity(
        VOLUME,
        ge=MIN_FREE_VOLUME,
        le=1e-3,
        hint="a cell always holds some gas space (pores, headspace; 0.1-10 cm^3 for 18650 and "
        "pouch cells); below 0.01 cm^3 the first micromoles of gas give the headspace a "
        "singular pressure and the solver cannot follow it",
    )
    composition: dict[str, NonNegativeAmount] = Field(default_factory=dict)
    charge_composition: dict[str, SignedAmount] = Field(default_factory=dict)
    electrical: ElectricalSpec | None = None
    lithium: LithiumSpec | None = None
    pouch: PouchSpec | None = None
    can: CanSpec | None = None
    casing: CasingSpec | None = None
    ejection: EjectionSpec | None = None

    @field_validator("mechanisms")
    @classmethod
    def _at_least_one(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("needs at least one mechanism file, e.g. ['kim2007.yaml']")
        return value

    @model_validator(mode="after")
    def _check_enclosure(self) -> "CellSpec":
        if self.enclosure == "cylindrical":
            required, forbidden, table = ("radius", "length"), _POUCH_ONLY, "can"
        else:
            required, forbidden, table = ("length", "width", "thickness"), _CYLINDER_ONLY, "pouch"
        for key in required:
            if getattr(self, key) is None:
                raise KeyedValueError(key, f"required for a {self.enclosure} cell [m]")
        if getattr(self, table) is None:
            raise KeyedValueError(table, f"a {self.enclosure} cell needs a [cell.{table}] table")
        for key in forbidden:
            if getattr(self, key) is not None:
                raise KeyedValueError(
                    key, f"does not apply to enclosure '{self.enclosure}'; remove it"
                )
        return self

    @model_validator(mode="after")
    def _check_casing(self) -> "CellSpec":
        if self.casing is not None and self.casing.mass >= self.mass:
            raise KeyedValueError(
                "casing.mass",
                f"the casing ({self.casing.mass * 1e3:.4g} g) must be lighter than the whole"
                f" cell (cell.mass = {self.mass * 1e3:.4g} g), of which it is a part",
            )
        return self

    @model_validator(mode="after")
    def _check_composition_sign(self) -> "CellSpec":
        for species, delta in self.charge_composition.items():
            base = self.composition.get(species)
            if base is not None and base.basis != delta.basis:
                continue  # different bases: cannot compare without the cell volume
            start = base.value if base is not None else 0.0
            unit = _SI_OF_BASIS[delta.basis]
            if start + delta.value < 0:
                raise KeyedValueError(
                    f"charge_composition.{species}",
                    f"would make the amount of {species} negative at 100 % SOC"
                    f" ({start:g} {unit} + ({delta.value:g} {unit})); the"
                    " amount at SOC x is composition + x * charge_composition and must"
                    " stay >= 0 for x in [0, 1]",
                )
        return self


_SI_OF_BASIS = {
    "mass": "kg",
    "amount": "mol",
    "mass_per_volume": "kg/m^3",
    "amount_per_volume": "mol/m^3",
}
