"""No number moves: every bundled scenario and robustness variant against the reference.

``tests/reference/numbers.json`` was recorded (tests/reference/record.py) from the code before
the core redesign of 0.2.0. The redesign moved code, not physics. Two hand-kept twins were
removed on the way, and they change the equations at rounding level:

- one gas constant everywhere: the physics functions used 8.314462618 J/(mol K), the
  chemistry Cantera's N_A k = 8.31446261815324 (now both; 1.8e-11 relative);
- one Stefan-Boltzmann constant: CODATA's rounded 5.670374419e-8 -> the exact value
  (3.4e-11 relative);
- one Jacobian: the Cantera-kinetics path no longer has a Python twin of the compiled
  finite-difference Jacobian; LSODA builds its own there.

With the old constants put back by hand, 17 of the 18 cases reproduce the reference to the
issue's tolerances (temperatures 1e-6 K or 1e-8 relative, times 1e-6 relative, gas 1e-8
relative); the Cantera-kinetics case differs by its Jacobian (0.044 K, 1.2 ms). With the new
constants, LSODA's adaptive steps amplify the 1e-11 changes to at most 0.046 K in a
temperature, 0.019 s in a time (ARC, 1.1e-5 relative in the heater run), 2.8e-5 relative in a
pressure, 7.4e-6 relative in gas released and 1.4e-5 in a mole fraction: the size of the
integration noise itself (the 100x-tighter variant differs from the default by more,
tests/test_convergence.py). Those cases are compared at TWIN_TOLERANCE, about twice the
measured gaps; the Kim 2007 case still meets the issue's tolerances.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from .conftest import run_cached
from .reference.record import SCALARS, case_id, cases, numbers

REFERENCE = json.loads((Path(__file__).parent / "reference" / "numbers.json").read_text())

#: (absolute, relative) tolerance by quantity
TEMPERATURES = ("onset_temperature", "trigger_temperature", "max_temperature", "vent_temperature")
TIMES = ("time_to_runaway", "vent_time", "cid_time")
TOLERANCE = {
    **dict.fromkeys(TEMPERATURES, (1e-6, 1e-8)),
    **dict.fromkeys(TIMES, (0.0, 1e-6)),
    "max_pressure": (0.0, 1e-8),
    "max_thickness_increase": (1e-15, 1e-8),
    "gas_total": (1e-15, 1e-8),
    "gas_volume_stp": (1e-18, 1e-8),
}


#: (absolute, relative) tolerances for the cases where the removed twins move numbers (above)
TWIN_TOLERANCE = {
    **dict.fromkeys(TEMPERATURES, (0.1, 0.0)),
    **dict.fromkeys(TIMES, (0.04, 1e-6)),
    "max_pressure": (0.0, 6e-5),
    "max_thickness_increase": (1e-15, 6e-5),
    "gas_total": (1e-15, 2e-5),
    "gas_volume_stp": (1e-18, 2e-5),
}
#: cases that still meet the issue's tolerances
STRICT = {"kim2007_18650_oven"}
#: cases whose status 0.2.0 changed on purpose: 0.1.0 reported the 1.06 GPa of the 18650 heater
#: run as ok; 0.2.0 says the ideal-gas law does not hold there (runaway.results.physical_problem)
STATUS_NOW_FAILED = {"li_ncm811_18650_heater": "the headspace gas reached"}


def _close(a, b, absolute: float, relative: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(absolute, relative * abs(b))


@pytest.mark.parametrize("case", cases(), ids=case_id)
def test_numbers_match_the_reference(case):
    reference = REFERENCE[case_id(case)]
    _, _, ds = run_cached(*case)
    now = numbers(ds)
    if case_id(case) in STATUS_NOW_FAILED:  # an intended change of 0.2.0, see above
        assert now["status"].startswith("failed: " + STATUS_NOW_FAILED[case_id(case)])
    else:
        assert now["status"] == reference["status"]
    assert now["thermal_runaway"] == reference["thermal_runaway"]
    strict = case_id(case) in STRICT
    tolerance = TOLERANCE if strict else TWIN_TOLERANCE
    fraction_tolerance = (1e-12, 1e-8) if strict else (3e-5, 0.0)
    gaps = {
        key: (now[key], reference[key])
        for key in SCALARS
        if not _close(now[key], reference[key], *tolerance[key])
    }
    for species, x in reference["gas_mole_fraction"].items():
        if not _close(now["gas_mole_fraction"][species], x, *fraction_tolerance):
            gaps[f"x_{species}"] = (now["gas_mole_fraction"][species], x)
    assert not gaps, gaps


def test_reference_covers_every_bundled_scenario():
    assert {case_id(c) for c in cases()} == set(REFERENCE)
    assert all(not math.isnan(v["max_temperature"]) for v in REFERENCE.values())
