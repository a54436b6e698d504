"""Scenario files: typed schema (SI), TOML loading, ``--set`` overrides, cell presets.

>>> from runaway.scenario import load_scenario
>>> sc = load_scenario("scenarios/oven.toml", ["abuse.temperature=145 degC"])  # doctest: +SKIP
>>> sc.abuse.temperature  # doctest: +SKIP
418.15

The names are imported on first use, so that :mod:`.units` and :mod:`.errors` (which the abuse
kinds' scenario tables use) can be imported without building the schema, which in turn reads
the abuse-kind registry.
"""

from __future__ import annotations

from runaway._lazy import lazy_attributes

_PUBLIC = {
    "ScenarioError": "errors",
    "apply_overrides": "loading",
    "available_presets": "loading",
    "load_scenario": "loading",
    "scenario_from_data": "loading",
    "CanSpec": "schema",
    "CellSpec": "schema",
    "ElectricalSpec": "schema",
    "Environment": "schema",
    "PouchSpec": "schema",
    "Scenario": "schema",
    "Solver": "schema",
    "Amount": "units",
    "KeyInfo": "reference",
    "scenario_json_schema": "reference",
    "scenario_keys": "reference",
}

__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_attributes(
    __name__, {name: "runaway.scenario." + module for name, module in _PUBLIC.items()}
)
