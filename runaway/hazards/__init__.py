"""Vent-gas hazards: flammability limits, burning velocity, explosion pressure, K_G and the
enclosure amount at 25 % LFL (docs/hazards.md)."""

from runaway.hazards.core import HazardReport, vent_gas_hazards
from runaway.hazards.limits import (
    CompositionError,
    FlammabilityLimits,
    le_chatelier,
    normalise,
    parse_composition,
)

__all__ = [
    "CompositionError",
    "FlammabilityLimits",
    "HazardReport",
    "le_chatelier",
    "normalise",
    "parse_composition",
    "vent_gas_hazards",
]
