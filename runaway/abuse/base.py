"""What an abuse kind is: a :class:`~runaway.parts.Part` with a scenario schema.

An abuse kind owns, in its own module:

- its scenario table (a pydantic model whose ``kind`` field is a ``Literal`` of its name; the
  registry puts it into the scenario's discriminated union);
- its parameters and compiled source terms (stage SURROUNDINGS: environment temperature and
  heat-exchange factor; stage SOURCE: current, Joule heat, heat delivered);
- its discrete behaviour: mode flags, events, phases (an ARC's heat-wait-seek, a heater's
  cut-off, an oven's programme breakpoints);
- its lines in the run summary.

Register a new kind with :func:`runaway.abuse.register_abuse_kind` (or an entry point in the
``runaway.abuse_kinds`` group); no other module lists abuse kinds.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from runaway.parts.base import Part

#: Configuration shared by every abuse kind's scenario table: unknown keys are errors and
#: validated settings are immutable.
SCHEMA_CONFIG = ConfigDict(extra="forbid", frozen=True)


class AbuseKind(Part):
    """Base class of abuse kinds.

    Parameters
    ----------
    settings : pydantic.BaseModel
        The validated ``[abuse]`` table (an instance of :attr:`schema`, SI units).
    """

    #: The ``[abuse]`` table's model; its ``kind`` field is ``Literal[name]``.
    schema: ClassVar[type[BaseModel]]
    #: Whether the kind needs the cell's ``[cell.electrical]`` table (it draws current).
    needs_electrical: ClassVar[bool] = False
    #: Where the kind's ``abuse_heat_rate`` goes in a two-node cell: to the casing (a heater
    #: on the surface, a calorimeter) when true, else into the jelly roll (Joule heat of a
    #: short or a nail). One-node cells take it either way.
    heats_surface: ClassVar[bool] = False

    def __init__(self, settings: BaseModel):
        self.settings = settings

    @classmethod
    def describe(cls) -> str:
        """First paragraph of the schema's docstring (CLI help and docs)."""
        text = (cls.schema.__doc__ or "").strip()
        return text.split("\n\n")[0].replace("\n", " ").replace("``", "")


def short_circuit_summary(resistance: float, dataset) -> str:
    """Summary line of a short through ``resistance`` [ohm]: peak current, charge drawn and
    the Joule heat released in the cell."""
    import numpy as np

    from runaway.summary import plain

    current = dataset["current"].values
    time = dataset["time"].values
    charge = float(np.trapezoid(current, time)) / 3600.0 if time.size > 1 else 0.0
    peak = float(current.max()) if current.size else float("nan")
    joule = dataset.attrs.get("energy_abuse_J", float("nan"))
    return (
        f"short circuit             {resistance * 1e3:.4g} mOhm, peak {plain(peak, 'A')}, "
        f"{charge:.3g} Ah drawn, Joule heat in the cell {plain(joule, 'kJ', 1e-3, '.3g')}"
    )


__all__ = ["SCHEMA_CONFIG", "AbuseKind", "short_circuit_summary"]
