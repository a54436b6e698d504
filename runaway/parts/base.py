"""The interface every sub-model implements: states, diagnostics, mode flags, parameters,
compiled source terms, events and summary lines.

A :class:`Part` is assembled into a :class:`runaway.model.CellModel` with the others:

- ``states`` are appended to the state vector (:class:`runaway.state.Layout`); each has its
  tolerance, Jacobian scale and result variable in its declaration;
- ``diagnostics`` get bus slots after the core ones (:mod:`runaway.kernel.bus`) and are stored
  as result variables;
- ``mode_flags`` are integer flags the compiled code reads (vent open, heater on ...);
- ``functions`` are compiled part functions by kernel stage (:mod:`runaway.kernel.plugins`),
  each called with the part's own parameter blocks from :meth:`Part.parameters`;
- the discrete behaviour lives in Python: :meth:`Part.start`, :meth:`Part.events`,
  :meth:`Part.on_event`, :meth:`Part.next_time`, :meth:`Part.at_time`.

The core parts (chemistry, headspace, venting, enclosure, thermal, electrical, energy ledger)
fill the kernel's own parameter slots in :meth:`Part.pack` and are evaluated by the kernel
directly; abuse kinds (:mod:`runaway.abuse`) and user parts (:func:`runaway.parts.register_part`)
are called through their compiled functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from runaway.kernel.events import (
    EVENT_BUS,
    EVENT_PRESSURE,
    EVENT_RATE,
    EVENT_STATE,
    EVENT_TEMPERATURE,
)
from runaway.kernel.plugins import PartFunction
from runaway.variables import StateVariable, Variable

if TYPE_CHECKING:  # pragma: no cover
    import xarray as xr

    from runaway.model import CellModel

#: Event kinds: headspace gauge pressure [Pa], cell temperature [K], dT/dt over a step [K/s],
#: an entry of the state vector (``Event.index``) [its units], a bus slot (``Event.index``,
#: see :func:`bus_slot`) [its units].
PRESSURE, TEMPERATURE, RATE, STATE, BUS = (
    EVENT_PRESSURE,
    EVENT_TEMPERATURE,
    EVENT_RATE,
    EVENT_STATE,
    EVENT_BUS,
)


@dataclass(frozen=True)
class Event:
    """A threshold crossing that ends an integration segment.

    Attributes
    ----------
    name : str
        Recorded with its time in the results (first occurrence).
    kind : int
        ``PRESSURE`` (gauge pressure [Pa]), ``TEMPERATURE`` ([K]), ``RATE`` (dT/dt over one
        step [K/s], judged per step, not located within it), ``STATE`` (the state entry
        ``index``) or ``BUS`` (the bus slot ``index`` at each step, judged per step like
        ``RATE``; e.g. the self-heating rate).
    threshold : float
        [Pa], [K], [K/s], the state's or the bus slot's units.
    index : int
        Position in the state vector for ``STATE`` events (``model.layout.offset(name)``),
        in the bus for ``BUS`` events (:func:`bus_slot`).
    """

    name: str
    kind: int
    threshold: float
    index: int = -1


class Flags(dict):
    """The mode flags: a dict whose keys are fixed when the model is assembled (a misspelt
    flag is an error, not a new flag the kernel never reads)."""

    def __setitem__(self, key: str, value: int) -> None:
        if key not in self:
            raise KeyError(f"no mode flag '{key}' (flags: {', '.join(self)})")
        super().__setitem__(key, int(value))


@dataclass
class Mode:
    """Discrete state of the test, changed only between integration segments.

    ``flags`` are the integer flags the compiled code reads, in declaration order; ``values``
    holds any other discrete state a part keeps (an ARC phase, a target temperature).
    """

    flags: dict[str, int]
    values: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        if not isinstance(self.flags, Flags):
            self.flags = Flags(self.flags)

    def copy(self) -> Mode:
        return Mode(Flags(self.flags), dict(self.values))

    def array(self) -> np.ndarray:
        """The flags as the int64 array the kernel reads."""
        return np.fromiter(self.flags.values(), dtype=np.int64, count=len(self.flags))


@dataclass
class Control:
    """What a part may change at an event or a segment boundary: the end of the run."""

    time: float
    end_time: float

    def stop_at(self, time: float) -> None:
        """End the run at ``time`` [s] (or earlier, if already set so)."""
        self.end_time = min(self.end_time, time)


class Part:
    """A sub-model of the cell or the test (see the module docstring).

    Subclasses override what they need; every hook has a do-nothing default. ``self.model``
    is set by :meth:`bind` before any other hook runs.
    """

    #: Identifier (a scenario key for user parts and abuse kinds).
    name: ClassVar[str] = ""
    states: ClassVar[tuple[StateVariable, ...]] = ()
    diagnostics: ClassVar[tuple[Variable, ...]] = ()
    mode_flags: ClassVar[tuple[str, ...]] = ()
    #: Compiled functions by kernel stage (``runaway.kernel.slots.STAGE_*``).
    functions: ClassVar[dict[int, PartFunction]] = {}

    model: CellModel

    def bind(self, model: CellModel) -> None:
        """Attach the assembled model (layout, bus and mode indices are known by now)."""
        self.model = model

    # --- compiled side ---------------------------------------------------------------
    def parameters(self) -> tuple[Sequence[float], Sequence[int]]:
        """Float and integer parameter blocks passed to this part's compiled functions."""
        return (), ()

    def pack(self, floats: dict, ints: dict, float_arrays: dict, int_arrays: dict) -> None:
        """Fill kernel slots (:mod:`runaway.kernel.slots`); core parts only."""

    def initial_state(self, y: np.ndarray) -> None:
        """Set the initial values of this part's states in ``y`` (default: declared)."""

    # --- discrete side ----------------------------------------------------------------
    def start(self, mode: Mode, control: Control) -> None:
        """Set this part's initial mode."""

    def events(self, mode: Mode) -> list[Event]:
        """Events of the coming segment."""
        return []

    def on_event(self, name: str, mode: Mode, control: Control) -> None:
        """React to any part's event ``name`` that fired at ``control.time``."""

    def next_time(self, mode: Mode, time: float) -> float:
        """Next time after ``time`` [s] at which this part needs a segment boundary (a kink
        in a programme, the end of a phase); inf for none."""
        return float("inf")

    def at_time(self, mode: Mode, control: Control, y: np.ndarray) -> None:
        """Called at the end of every segment that ended without an event."""

    # --- results ------------------------------------------------------------------------
    def summary(self, dataset: xr.Dataset) -> list[str]:
        """Extra lines for the run summary."""
        return []


def bus_slot(model: CellModel, name: str) -> int:
    """Index of bus slot ``name`` of ``model`` (core or declared by a part)."""
    return model.bus_names.index(name)


__all__ = [
    "BUS",
    "RATE",
    "PRESSURE",
    "STATE",
    "TEMPERATURE",
    "Control",
    "Event",
    "Mode",
    "Part",
    "bus_slot",
]
