"""Chemistry layer: the only part of runaway that imports Cantera."""

from runaway.chemistry.mechanism import (
    GAS_CONSTANT,
    Mechanism,
    MechanismError,
    VapourPressure,
    available_mechanisms,
    load_mechanism,
    mechanism_directory,
    resolve_mechanism,
)

__all__ = [
    "GAS_CONSTANT",
    "Mechanism",
    "MechanismError",
    "VapourPressure",
    "available_mechanisms",
    "load_mechanism",
    "mechanism_directory",
    "resolve_mechanism",
]
