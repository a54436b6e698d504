"""Sub-models as parts: the model assembles its parts, each contributing states, source terms,
events and result variables through one interface (:class:`Part`).

Built-in parts, in assembly order: :mod:`.chemistry`, :mod:`.venting`, :mod:`.headspace`,
:mod:`.enclosure` (pouch or can), :mod:`.thermal` (with the energy ledger),
:mod:`.electrical`, then the scenario's abuse kind (:mod:`runaway.abuse`), then any user parts
the scenario enables.

User parts extend the model without changing the package: subclass :class:`Part`, give it a
``name``, a pydantic ``schema`` for its ``[parts.<name>]`` scenario table, its states and
diagnostics, and compiled functions (:func:`runaway.kernel.plugins.part_function`); register
it with :func:`register_part` (or an entry point in the ``runaway.parts`` group). A scenario
that has a ``[parts.<name>]`` table then includes it. See docs/architecture.md for an example.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from runaway.kernel.plugins import PartFunction, part_function
from runaway.kernel.slots import STAGE_DERIVATIVES, STAGE_SOURCE, STAGE_SURROUNDINGS
from runaway.parts.base import (
    BUS,
    PRESSURE,
    RATE,
    STATE,
    TEMPERATURE,
    Control,
    Event,
    Mode,
    Part,
    bus_slot,
)
from runaway.registry import Registry
from runaway.variables import StateVariable, Variable

ENTRY_POINT_GROUP = "runaway.parts"


class UserPart(Part):
    """Base class of parts a scenario enables with a ``[parts.<name>]`` table.

    Parameters
    ----------
    settings : pydantic.BaseModel
        The validated table (an instance of :attr:`schema`, SI units).
    """

    schema: ClassVar[type[BaseModel]]

    def __init__(self, settings: BaseModel):
        self.settings = settings


def _check_part(part: type) -> None:
    if not (isinstance(part, type) and issubclass(part, UserPart)):
        raise TypeError(f"{part!r} is not a subclass of runaway.parts.UserPart")
    if not part.name.isidentifier() or not isinstance(getattr(part, "schema", None), type):
        raise ValueError(f"part {part.__name__}: needs an identifier `name` and a `schema` model")


#: The registry of user parts.
PARTS = Registry("part", ENTRY_POINT_GROUP, _check_part)


def register_part(part: type[UserPart], *, replace: bool = False) -> type[UserPart]:
    """Make a user part available to scenarios as ``[parts.<name>]`` (a class decorator).

    Parameters
    ----------
    part : type
        Subclass of :class:`UserPart` with ``name`` and ``schema``.
    replace : bool
        Allow replacing a registered part of the same name.
    """
    return PARTS.register(part, replace=replace)


def unregister_part(name: str) -> None:
    """Remove a user part from the registry (for tests and notebooks)."""
    PARTS.unregister(name)


def registered_parts() -> dict[str, type[UserPart]]:
    """Registered user parts by name."""
    return PARTS.entries()


def on_registry_change(listener) -> None:
    """Call ``listener()`` whenever a user part is registered or removed."""
    PARTS.on_change(listener)


__all__ = [
    "BUS",
    "PRESSURE",
    "RATE",
    "STAGE_DERIVATIVES",
    "STAGE_SOURCE",
    "STAGE_SURROUNDINGS",
    "STATE",
    "TEMPERATURE",
    "Control",
    "Event",
    "Mode",
    "Part",
    "PartFunction",
    "StateVariable",
    "UserPart",
    "Variable",
    "bus_slot",
    "on_registry_change",
    "part_function",
    "register_part",
    "registered_parts",
    "unregister_part",
]
