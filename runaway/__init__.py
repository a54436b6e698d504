"""runaway: thermal-runaway, gas and swelling screening for lithium cells.

Cantera mechanisms feed a lumped thermal-abuse model (abuse kinds: ``runaway kinds``) that
gives temperature, pressure and gas histories, onset temperatures, vent gas and pouch swelling
as xarray datasets.
"""

__version__ = "0.2.0"

# The public names are imported on first use (PEP 562), so that `runaway --help` and other
# light commands do not pay for importing xarray, scipy, numba and Cantera (~2 s).
_PUBLIC = {
    "build_model": "runaway.api",
    "run_model": "runaway.api",
    "run_scenario": "runaway.api",
    "needs_compilation": "runaway.api",
    "read_netcdf": "runaway.results",
    "write_netcdf": "runaway.results",
    "load_scenario": "runaway.scenario",
    "available_presets": "runaway.scenario",
    "ScenarioError": "runaway.scenario",
    "format_summary": "runaway.summary",
    "plot_history": "runaway.plotting",
    "check_report": "runaway.check",
    "available_mechanisms": "runaway.chemistry",
    "MechanismError": "runaway.chemistry",
    # extension points
    "AbuseKind": "runaway.abuse",
    "abuse_kinds": "runaway.abuse",
    "register_abuse_kind": "runaway.abuse",
    "Part": "runaway.parts",
    "UserPart": "runaway.parts",
    "register_part": "runaway.parts",
    "part_function": "runaway.parts",
}

__all__ = ["__version__", *sorted(_PUBLIC)]


def __getattr__(name: str):
    if name in _PUBLIC:
        import importlib

        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'runaway' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
