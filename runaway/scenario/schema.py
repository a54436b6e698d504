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
    AMOUNT,
    DIMENSIONLESS,
    HEAT_TRANSFER_COEFFICIENT,
    PRESSURE,
    TIME,
    quantity,
    thermo_temperature,
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

from .cell import CanSpec, CellSpec, ElectricalSpec, PouchSpec  # noqa: F401 (re-exported)

_CONFIG = ConfigDict(extra="forbid", frozen=True)
Temperature = thermo_temperature()
Fraction = quantity(DIMENSIONLESS, ge=0, le=1)
PosPressure = quantity(PRESSURE, gt=0)
PosTime = quantity(TIME, gt=0)
OptTime = quantity(TIME, gt=0, optional=True)


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


#: Steps after which a run is declared failed instead of crawling on (bundled scenarios take
#: 500-5000).
MAX_STEPS = 200_000


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
    atol: quantity(AMOUNT, gt=0) = 1e-9
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

    @model_validator(mode="after")
    def _reachable_end(self) -> "Solver":
        if self.max_step is not None and self.end_time / self.max_step > MAX_STEPS:
            raise KeyedValueError(
                "max_step",
                f"{self.max_step:g} s would take at least {self.end_time / self.max_step:.3g} "
                f"steps to reach end_time = {self.end_time:g} s (the solver stops after "
                f"{MAX_STEPS}); use at least {self.end_time / MAX_STEPS:.3g} s, or leave it "
                "out (the solver chooses its steps)",
            )
        return self


class Scenario(BaseModel):
    """A validated scenario, all quantities in SI.

    ``source_path`` and ``source_text`` are set by `load_scenario` (provenance) and are
    not keys of the scenario file; ``model_dump()`` leaves them out.

    Attributes
    ----------
    title : str
        Names the run; stored as the ``title`` of the result file.
    description : str
        Free text, default empty.
    cell : CellSpec
        The cell; ``cell.preset`` merges a bundled cell under the table.
    environment : Environment
        Surroundings of the cell.
    abuse : abuse table
        The abuse test, chosen by ``kind`` (`runaway kinds` describes each); default none.
    solver : Solver
        Integration settings.
    parts : Parts or None
        User parts the scenario enables, one ``[parts.<name>]`` table each.
    """

    model_config = _CONFIG

    title: str
    description: str = ""

    @field_validator("title", "description")
    @classmethod
    def _printable(cls, value: str) -> str:
        bad = sorted({f"U+{ord(c):04X}" for c in value if ord(c) < 32 and c not in "\t\n\r"})
        if bad:
            raise ValueError(f"must be plain text — contains control characters {', '.join(bad)}")
        return value

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
