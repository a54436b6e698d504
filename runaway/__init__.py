"""runaway: thermal-runaway, gas and swelling screening for lithium cells.

Cantera mechanisms feed a lumped thermal-abuse model (oven, ARC, heater, external/internal
short, nail) that gives temperature, pressure and gas histories, onset temperatures, vent gas
and pouch swelling as xarray datasets.
"""

__version__ = "0.1.0"

from runaway.api import build_model, run_scenario  # noqa: E402
from runaway.results import read_netcdf, write_netcdf  # noqa: E402
from runaway.scenario import ScenarioError, load_scenario  # noqa: E402

__all__ = [
    "__version__",
    "build_model",
    "load_scenario",
    "read_netcdf",
    "run_scenario",
    "write_netcdf",
    "ScenarioError",
]
