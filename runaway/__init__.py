"""runaway: thermal-runaway, gas and swelling screening for lithium cells.

Cantera mechanisms feed a lumped thermal-abuse model (abuse kinds: ``runaway kinds``) that
gives temperature, pressure and gas histories, onset temperatures, vent gas and pouch swelling
as xarray datasets.
"""

__version__ = "0.5.0"

import os as _os
from pathlib import Path as _Path

from runaway._lazy import lazy_attributes


def numba_cache_fallback(package: _Path, user_cache: _Path, environ, writable) -> str | None:
    """The cache folder numba should use when neither of its own choices is writable.

    numba caches compiled code next to the package, or in the user's cache folder when the
    package is read-only; on a machine where neither can be written (a read-only install
    without a writable home) it refuses to run cached functions. Then runaway points
    ``NUMBA_CACHE_DIR`` at a folder in the system's temporary directory.

    Parameters
    ----------
    package : pathlib.Path
        The installed package folder.
    user_cache : pathlib.Path
        numba's user-wide cache folder (``~/.cache/numba``).
    environ : mapping
        The environment (``NUMBA_CACHE_DIR`` set by the user wins).
    writable : callable
        ``writable(path) -> bool`` for an existing folder.
    """
    if environ.get("NUMBA_CACHE_DIR") or writable(package):
        return None
    folder = user_cache
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if writable(folder):
        return None
    import tempfile

    uid = getattr(_os, "getuid", lambda: "user")()
    return str(_Path(tempfile.gettempdir()) / f"runaway-numba-{uid}")


_fallback = numba_cache_fallback(
    _Path(__file__).resolve().parent,
    _Path(_os.environ.get("XDG_CACHE_HOME") or _Path.home() / ".cache") / "numba",
    _os.environ,
    lambda path: _os.access(path, _os.W_OK | _os.X_OK),
)
if _fallback:
    _os.environ["NUMBA_CACHE_DIR"] = _fallback

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
    "scenario_keys": "runaway.scenario",
    "scenario_json_schema": "runaway.scenario",
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


__getattr__, _ = lazy_attributes(__name__, _PUBLIC)


def __dir__() -> list[str]:
    return sorted(__all__)
