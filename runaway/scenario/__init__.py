"""Scenario files: typed schema (SI), TOML loading, ``--set`` overrides, cell presets.

>>> from runaway.scenario import load_scenario
>>> sc = load_scenario("scenarios/oven.toml", ["abuse.temperature=145 degC"])  # doctest: +SKIP
>>> sc.abuse.temperature  # doctest: +SKIP
418.15
"""

from .errors import ScenarioError
from .loading import apply_overrides, available_presets, load_scenario
from .schema import (
    CanSpec,
    CellSpec,
    ElectricalSpec,
    Environment,
    PouchSpec,
    Scenario,
    Solver,
)
from .units import Amount

__all__ = [
    "Amount",
    "CanSpec",
    "CellSpec",
    "ElectricalSpec",
    "Environment",
    "PouchSpec",
    "Scenario",
    "ScenarioError",
    "Solver",
    "apply_overrides",
    "available_presets",
    "load_scenario",
]
