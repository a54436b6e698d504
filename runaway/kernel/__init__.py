"""The model's right-hand side, Jacobian, events and diagnostics, compiled with numba.

Split by concern: :mod:`.slots` (packed parameters), :mod:`.bus` (shared intermediate
quantities, one result variable each), :mod:`.kinetics`, :mod:`.thermo`, :mod:`.headspace`
(headspace and venting), :mod:`.electrical`, :mod:`.plugins` (calling the compiled functions
of abuse kinds and user parts through their address), :mod:`.assembly` (dy/dt and Jacobian),
:mod:`.events`, :mod:`.diagnostics`. The physics is not re-implemented here: the pure
functions of :mod:`runaway.physics` are compiled unchanged and the rate law is
:mod:`runaway.chemistry.compiled`, which mirrors Cantera's.

Why: one right-hand-side evaluation through Python and Cantera costs ~50 us, of which
Cantera's own work is ~2-4 us; the integrator needs thousands of them per scenario
(benchmarks/).
"""

from __future__ import annotations

import sys
from pathlib import Path

from runaway.kernel.assembly import assemble, evaluate, jacobian_into, rhs_into
from runaway.kernel.cache import check_fingerprint
from runaway.kernel.diagnostics import diagnostics_series
from runaway.kernel.events import EVENT_PRESSURE, EVENT_RATE, EVENT_TEMPERATURE, event_values
from runaway.kernel.kinetics import positive_amounts


def _cache_folders() -> list[Path]:
    """numba's cache folders of the compiled modules (in-tree or user-wide)."""
    from runaway.chemistry import compiled
    from runaway.physics import abuse

    functions = (rhs_into, compiled.progress_rates, abuse.oven_reach_time)
    folders = [getattr(getattr(f, "_cache", None), "_cache_path", None) for f in functions]
    folders = [Path(f) for f in folders if f]
    # the abuse kinds' part functions and the physics functions share these trees
    for sibling in ("physics", "abuse", "parts"):
        folders += [f.parent.parent / sibling / "__pycache__" for f in folders[:1]]
    return folders


check_fingerprint(_cache_folders())


def kernel_cache_present() -> bool:
    """Whether numba's on-disk cache of the integrator's kernel exists (else the first call
    compiles it, ~30 s on a 2-core machine)."""
    cache = getattr(rhs_into, "_cache", None)  # numba's choice: in-tree, or user-wide if read-only
    folder = getattr(cache, "_cache_path", None)
    if folder is None:
        return True  # cannot tell: say nothing
    line = rhs_into.py_func.__code__.co_firstlineno  # numba names its index after the line
    index = f"assembly.rhs_into-{line}.py{sys.version_info.major}{sys.version_info.minor}.nbi"
    return (Path(folder) / index).is_file()


__all__ = [
    "EVENT_PRESSURE",
    "EVENT_RATE",
    "EVENT_TEMPERATURE",
    "assemble",
    "diagnostics_series",
    "evaluate",
    "event_values",
    "jacobian_into",
    "kernel_cache_present",
    "positive_amounts",
    "rhs_into",
]
