"""runaway: thermal-runaway, gas and swelling screening for lithium cells.

Cantera mechanisms feed a lumped thermal-abuse model (oven, ARC, heater, external/internal
short, nail) that gives temperature, pressure and gas histories, onset temperatures, vent gas
and pouch swelling as xarray datasets.
"""

__version__ = "0.1.0"

# The public names are imported on first use (PEP 562), so that `runaway --help` and other
# light commands do not pay for importing xarray, scipy, numba and Cantera (~2 s).
_PUBLIC = {
    "build_model": "runaway.api",
    "run_scenario": "runaway.api",
    "read_netcdf": "runaway.results",
    "write_netcdf": "runaway.results",
    "load_scenario": "runaway.scenario",
    "ScenarioError": "runaway.scenario",
}

__all__ = ["__version__", *sorted(_PUBLIC)]


def __getattr__(name: str):
    if name in _PUBLIC:
        import importlib

        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'runaway' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
