"""Typed scenario schema.  Every quantity is a float in SI after validation.

Field units are given in brackets.  Inputs may be plain numbers (SI) or strings with
units (see `runaway.scenario.units`).  Pressures named ``*_pressure`` in the enclosure
tables are gauge (above ambient); all other pressures are absolute.
"""

from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    create_model,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo

from runaway.abuse import abuse_kind, abuse_kinds
from runaway.abuse import on_registry_change as on_abuse_registry_change
from runaway.parts import on_registry_change as on_parts_registry_change
from runaway.parts import registered_parts

from .errors import KeyedValueError
from .units import (
    AREA,
    CHARGE,
    DIMENSIONLESS,
    HEAT_TRANSFER_COEFFICIENT,
    LENGTH,
    MASS,
    MOLAR_ENERGY,
    PRESSURE,
    RESISTANCE,
    SPECIFIC_HEAT,
    TEMPERATURE,
    TEMPERATURE_RATE,
    TIME,
    VOLTAGE,
    VOLUME,
    NonNegativeAmount,
    SignedAmount,
    quantity,
)

__all__ = [
    "CanSpec",
    "CellSpec",
    "ElectricalSpec",
    "Environment",
    "PouchSpec",
    "Scenario",
    "Solver",
    "on_schema_change",
    "rebuild_scenario_model",
]

_CONFIG = ConfigDict(extra="forbid", frozen=True)

# Reusable field types (bounds in SI).
Temperature = quantity(TEMPERATURE, gt=0)
OptTemperature = quantity(TEMPERATURE, gt=0, optional=True)
Fraction = quantity(DIMENSIONLESS, ge=0, le=1)
Coefficient = quantity(DIMENSIONLESS, gt=0, le=1)
PosLength = quantity(LENGTH, gt=0)
OptLength = quantity(LENGTH, gt=0, optional=True)
PosArea = quantity(AREA, gt=0)
PosPressure = quantity(PRESSURE, gt=0)
PosResistance = quantity(RESISTANCE, gt=0)
PosTime = quantity(TIME, gt=0)
OptTime = quantity(TIME, gt=0, optional=True)
PosRate = quantity(TEMPERATURE_RATE, gt=0)
OptRate = quantity(TEMPERATURE_RATE, gt=0, optional=True)


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

    stack_pressure: quantity(PRESSURE, ge=0) = 0.0
    pad_modulus: PosPressure = 1e6
    pad_thickness: PosLength = 1e-3
    burst_pressure: PosPressure
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
    """

    model_config = _CONFIG

    cid_pressure: quantity(PRESSURE, gt=0, optional=True) = None
    vent_pressure: PosPressure
    vent_area: PosArea = 1.5e-5
    discharge_coefficient: Coefficient = 0.6


_POUCH_ONLY = ("width", "thickness", "pouch")
_CYLINDER_ONLY = ("radius", "can")


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
        Initial headspace gas volume [m^3], >= 0.
    composition : dict of str to Amount
        Species amounts at 0 % SOC (discharged); kg, mol, kg/m^3 or mol/m^3 (per m^3
        of cell volume), each >= 0.
    charge_composition : dict of str to Amount
        Change of each species' amount from 0 % to 100 % SOC (may be negative), so the
        amount at state of charge ``x`` is ``composition + x * charge_composition``.
    electrical : ElectricalSpec or None
    pouch : PouchSpec or None
        Required for pouch cells.
    can : CanSpec or None
        Required for cylindrical cells.
    """

    model_config = _CONFIG

    preset: str | None = None
    name: str = ""
    mechanisms: tuple[str, ...]
    enclosure: Literal["pouch", "cylindrical"]
    soc: Fraction = 1.0
    mass: quantity(MASS, gt=0)
    specific_heat: quantity(SPECIFIC_HEAT, gt=0)
    capacity: quantity(CHARGE, gt=0)
    initial_temperature: OptTemperature = None
    radius: OptLength = None
    length: OptLength = None
    width: OptLength = None
    thickness: OptLength = None
    surface_area: quantity(AREA, gt=0, optional=True) = None
    volume: quantity(VOLUME, gt=0, optional=True) = None
    free_volume: quantity(VOLUME, ge=0)
    composition: dict[str, NonNegativeAmount] = Field(default_factory=dict)
    charge_composition: dict[str, SignedAmount] = Field(default_factory=dict)
    electrical: ElectricalSpec | None = None
    pouch: PouchSpec | None = None
    can: CanSpec | None = None

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


class Environment(BaseModel):
    """Surroundings of the cell.

    Attributes
    ----------
    temperature : float
        Ambient temperature [K], default 298.15.
    pressure : float
        Ambient pressure, absolute [Pa], default 101325.
    heat_transfer_coefficient : float
        Convective coefficient [W/(m^2 K)], >= 0, default 10.
    emissivity : float
        Surface emissivity [1] in [0, 1], default 0.8.
    """

    model_config = _CONFIG

    temperature: Temperature = 298.15
    pressure: PosPressure = 101325.0
    heat_transfer_coefficient: quantity(HEAT_TRANSFER_COEFFICIENT, ge=0) = 10.0
    emissivity: Fraction = 0.8


def _abuse_annotation() -> Any:
    """The ``abuse`` field's type: a union of every registered kind's table, discriminated by
    ``kind`` (runaway.abuse is the registry)."""
    schemas = [kind.schema for kind in abuse_kinds().values()]
    if not schemas:  # only while the built-in kinds are being registered
        return Any
    if len(schemas) == 1:
        return schemas[0]
    return Annotated[Union[tuple(schemas)], Field(discriminator="kind")]  # noqa: UP007


def _parts_model() -> type[BaseModel]:
    """The ``parts`` table: one optional sub-table per registered user part."""
    fields = {name: (part.schema | None, None) for name, part in registered_parts().items()}
    return create_model("Parts", __config__=_CONFIG, __doc__=_PARTS_DOC, **fields)


_PARTS_DOC = """User parts enabled by the scenario: ``[parts.<name>]`` tables (runaway.parts)."""


def _default_abuse() -> BaseModel:
    return abuse_kind("none").schema()


class Solver(BaseModel):
    """Integration settings.

    Attributes
    ----------
    end_time : float
        [s], default 4 h.
    rtol : float
        Relative tolerance in (0, 0.1), default 1e-6.
    atol : float
        Absolute tolerance on species amounts [mol], > 0, default 1e-9 (trace water in the
        bundled pouch is 2.5e-5 mol; tighter values cost steps, see benchmarks/README.md).
    max_step : float or None
        [s]; None = solver's choice.
    output_points : int
        Number of output times, >= 10, default 2000.
    stop_after_runaway : float or None
        Keep simulating this long after thermal runaway is detected, then stop [s];
        None = run to ``end_time``.  Default 600.
    kinetics : {"auto", "compiled", "cantera"}
        How reaction rates and species thermo are evaluated during integration: "compiled"
        (machine code mirroring Cantera's rate law, ~50x faster per evaluation), "cantera"
        (Cantera itself, for cross-checks and mechanisms the compiled kernel does not support)
        or "auto" (compiled when supported, default).
    """

    model_config = _CONFIG

    end_time: PosTime = 4 * 3600.0
    rtol: quantity(DIMENSIONLESS, gt=0, lt=0.1) = 1e-6
    atol: quantity(DIMENSIONLESS, gt=0) = 1e-9
    max_step: OptTime = None
    output_points: StrictInt = 2000
    stop_after_runaway: quantity(TIME, ge=0, optional=True) = 600.0
    kinetics: Literal["auto", "compiled", "cantera"] = "auto"

    @field_validator("output_points")
    @classmethod
    def _enough_points(cls, value: int) -> int:
        if value < 10:
            raise ValueError(f"out of range: must be >= 10 — got {value}")
        return value


class Scenario(BaseModel):
    """A validated scenario, all quantities in SI.

    ``source_path`` and ``source_text`` are set by `load_scenario` (provenance) and are
    not keys of the scenario file; ``model_dump()`` leaves them out.
    """

    model_config = _CONFIG

    title: str
    description: str = ""
    cell: CellSpec
    environment: Environment = Field(default_factory=Environment)
    abuse: _abuse_annotation() = Field(default_factory=_default_abuse)
    solver: Solver = Field(default_factory=Solver)
    parts: _parts_model() | None = None
    source_path: Path | None = Field(default=None, exclude=True)
    source_text: str = Field(default="", exclude=True, repr=False)

    @model_validator(mode="after")
    def _check_abuse_needs(self) -> "Scenario":
        if abuse_kind(self.abuse.kind).needs_electrical and self.cell.electrical is None:
            raise KeyedValueError(
                "cell.electrical",
                f"abuse.kind '{self.abuse.kind}' needs a [cell.electrical] table"
                " (ocv_soc, ocv_voltage, internal_resistance)",
            )
        return self

    @property
    def initial_temperature(self) -> float:
        """Cell temperature at t = 0 [K]: ``cell.initial_temperature`` or the ambient."""
        if self.cell.initial_temperature is not None:
            return self.cell.initial_temperature
        return self.environment.temperature


INTERNAL_FIELDS = frozenset({"source_path", "source_text"})


def rebuild_scenario_model() -> None:
    """Rebuild the scenario model after an abuse kind or a user part was (un)registered."""
    fields = Scenario.model_fields
    fields["abuse"] = FieldInfo.from_annotated_attribute(
        _abuse_annotation(), Field(default_factory=_default_abuse)
    )
    fields["parts"] = FieldInfo.from_annotated_attribute(_parts_model() | None, None)
    Scenario.model_rebuild(force=True)
    for listener in _SCHEMA_LISTENERS:
        listener()


_SCHEMA_LISTENERS: list = []


def on_schema_change(listener) -> None:
    """Call ``listener()`` after the scenario model was rebuilt (key indexes clear caches)."""
    _SCHEMA_LISTENERS.append(listener)


on_abuse_registry_change(rebuild_scenario_model)
on_parts_registry_change(rebuild_scenario_model)
