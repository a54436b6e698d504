"""Results do not depend on the solver tolerances: default vs a 100x tighter run.

The tight reference uses rtol 1e-8 and atol 1e-11 mol (default 1e-6 / 1e-9 mol). Measured on
the five bundled scenarios (benchmarks/README.md): onset, trigger and peak temperatures within
0.1 K, time to runaway within 0.03 s (0.21 s of 33,500 s in the ARC run), vent time within
0.006 s (1.2 s of 7,530 s in the ARC run, whose pressure rises slowly during a wait phase),
released gas within 2e-5 relative. The tolerances below are ~5x those gaps and far below any
engineering significance.
"""

from __future__ import annotations

import math

import pytest

from .conftest import SCENARIOS, run_cached

TIGHT = ("solver.rtol=1e-8", "solver.atol=1e-11")
#: Scenarios known not to converge in the solver tolerance, with the measured gap.
UNCONVERGED = {
    "li_ncm811_pouch_arc_cycled": "the 100x-tighter run stalls at t = 1762 s (50.4 degC, ARC "
    "exotherm tracking from its 50 degC start): LSODA stays in its non-stiff method against the "
    "chamber-tracking eigenvalue -1000 1/s, 200,000 steps of 0.58 ms. At 10x tighter "
    "tolerances T1, T2, T3 agree within 0.002 K, time to runaway 0.93 s of 17,100 s",
}
CASES = sorted(p.stem for p in SCENARIOS.glob("*.toml"))
CONVERGENCE_CASES = [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=UNCONVERGED[n]))
    if n in UNCONVERGED
    else n
    for n in CASES
]


def _close(a: float, b: float, absolute: float, relative: float = 0.0) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= max(absolute, relative * abs(b))


@pytest.mark.parametrize("name", CONVERGENCE_CASES)
def test_results_are_converged_in_the_solver_tolerance(name):
    _, out, default = run_cached(name)
    _, tight_out, tight = run_cached(name, *TIGHT)
    assert tight_out.status == "ok" and out.status == "ok"
    gaps = {}
    for key, absolute, relative in (
        ("time_to_runaway", 0.15, 5e-5),  # [s], [1]
        ("vent_time", 0.03, 1e-3),  # [s], [1]
        ("onset_temperature", 0.5, 0.0),  # [K]
        ("trigger_temperature", 0.5, 0.0),  # [K]
        ("max_temperature", 0.5, 0.0),  # [K]
        ("vent_temperature", 0.5, 0.0),  # [K]
    ):
        a, b = float(default[key]), float(tight[key])
        if not _close(a, b, absolute, relative):
            gaps[key] = (a, b)
    assert not gaps, gaps
    assert float(default["gas_total"]) == pytest.approx(float(tight["gas_total"]), rel=1e-4)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            n,
            marks=pytest.mark.xfail(
                reason="at the default tolerances LSODA stays in its non-stiff method for hours "
                "while the open pouch boils in the ARC (28,600 steps against 4,300 at 100x "
                "tighter tolerances): slow, not inaccurate (the results agree, test above)",
                strict=True,
            ),
        )
        if n == "li_ncm811_pouch_arc"
        else n
        for n in CASES
    ],
)
def test_the_tight_reference_takes_more_steps(name):
    _, out, _ = run_cached(name)
    _, tight_out, _ = run_cached(name, *TIGHT)
    assert tight_out.steps > out.steps
