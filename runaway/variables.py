"""Declarations of the model's variables: one row per state, bus slot and result variable.

Each state (:mod:`runaway.state`), each bus slot (:mod:`runaway.kernel.bus`) and each scalar
metric (:mod:`runaway.metrics`) is declared once with a :class:`Variable`; the state vector
layout, the solver's tolerances, the Jacobian's columns, the stored diagnostics and the result
variables with their units are all derived from these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    """A named quantity with CF-style metadata.

    Attributes
    ----------
    name : str
        Identifier, also the result variable's name.
    units : str
        UDUNITS string ("K", "Pa", "mol s-1", "1" for dimensionless, "" for text).
    long_name : str
        What it is, for plots and readers of the netCDF file.
    """

    name: str
    units: str
    long_name: str


@dataclass(frozen=True)
class StateVariable(Variable):
    """One block of the state vector.

    Attributes
    ----------
    size : int or str
        Number of entries, or "species" / "gas" (one per mechanism species / gas species).
    atol : float or None
        Absolute tolerance of the integrator [units]; None uses the scenario's
        ``solver.atol`` (species amounts).
    jacobian_floor : float or None
        Smallest finite-difference scale of its Jacobian column [units]; None marks a
        bookkeeping state that no derivative depends on (its column is exactly zero and
        skipped).
    result : str or None
        Name of the result variable that stores its history, None if it is not stored as a
        time series.
    initial : float
        Value at t = 0 unless the owning part sets it.
    """

    size: int | str = 1
    atol: float | None = None
    jacobian_floor: float | None = None
    result: str | None = None
    initial: float = 0.0


#: Variables assembled from several states or diagnostics.
COMPOSITES = (
    Variable(
        "heat_release_rate",
        "W",
        "reaction heat release rate (-standard reaction enthalpy at 298.15 K x rate)",
    ),
    Variable("gas_amount", "mol", "gas in headspace plus vented, cumulative"),
    Variable("gas_mole_fraction", "1", "composition of the non-condensable gas released"),
    Variable(
        "species_ejected",
        "mol",
        "amount of each species ejected as liquid or solid with the vent flow, whole run",
    ),
    Variable("status", "", "ok, or failed: message"),
)

__all__ = ["COMPOSITES", "StateVariable", "Variable"]
