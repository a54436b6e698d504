"""The model's right-hand side, Jacobian, events and diagnostics, compiled with numba.

Split by concern: :mod:`.slots` (packed parameters), :mod:`.bus` (shared intermediate
quantities, one result variable each), :mod:`.kinetics`, :mod:`.thermo`, :mod:`.headspace`
(headspace and venting), :mod:`.electrical`, :mod:`.plugins` (part functions of abuse kinds and
user parts, called through their address), :mod:`.assembly` (dy/dt and Jacobian),
:mod:`.events`, :mod:`.diagnostics`, :mod:`.cache` (keeps numba's cache consistent with the
sources). The physics is not re-implemented here: the pure functions of
:mod:`runaway.physics` are compiled unchanged and the rate law is
:mod:`runaway.chemistry.compiled`, which mirrors Cantera's.

Why: one right-hand-side evaluation through Python and Cantera costs ~50 us, of which
Cantera's own work is ~2-4 us; the integrator needs thousands of them per scenario
(benchmarks/).

The public names below are imported on first use, so that the declarations (:mod:`.bus`,
:mod:`.slots`) can be read without loading the compiled kernel.
"""

from __future__ import annotations

from runaway._lazy import lazy_attributes

_PUBLIC = {
    "assemble": "assembly",
    "evaluate": "assembly",
    "jacobian_into": "assembly",
    "rhs_into": "assembly",
    "kernel_cache_present": "assembly",
    "diagnostics_series": "diagnostics",
    "event_values": "events",
    "step_values": "events",
    "EVENT_BUS": "events",
    "EVENT_PRESSURE": "events",
    "EVENT_RATE": "events",
    "EVENT_STATE": "events",
    "EVENT_TEMPERATURE": "events",
    "positive_amounts": "kinetics",
}

__all__ = sorted(_PUBLIC)
__getattr__, __dir__ = lazy_attributes(
    __name__, {name: "runaway.kernel." + module for name, module in _PUBLIC.items()}
)
