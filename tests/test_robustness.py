"""Variants of the bundled scenarios that once made the integrator stall now run.

Each case below failed (200,000-step cap or "Unexpected istate in LSODA") when the rate laws
saw a hard max(amount, 0), and several took 20-60x more steps when they saw negative amounts as
they are (irreversible reactions running backwards); see runaway.kernel.positive_amounts.
The bound on the step count (20,000; these runs take 1,100-3,000 steps now) catches a return of
either behaviour long before the 200,000-step cap.
"""

from __future__ import annotations

import pytest

from .conftest import run_cached
from .reference.record import VARIANTS

CASES = VARIANTS  # the same twelve variants are reference cases (tests/reference)


@pytest.mark.parametrize("case", CASES, ids=lambda c: " ".join(c))
def test_variant_runs_without_stalling(case):
    name, *overrides = case
    model, out, ds = run_cached(name, *overrides)
    assert out.status == "ok", out.message
    assert out.steps < 20_000
    assert bool(ds.thermal_runaway)  # all of them go through runaway, the stiff part
    assert float(ds.species_amount.min()) > -1e-6  # no species driven far below zero
