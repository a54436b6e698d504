"""Validation: Hatchard 2001 / Kim 2007 LiCoO2/graphite 18650 oven test.

Targets: the project's own cross-check numbers, recorded from the independent plain-numpy
implementation of the same equations (``python benchmarks/reference_kim.py`` prints them); cell
and rate laws of Kim et al., J. Power Sources 170 (2007) 476, DOI 10.1016/j.jpowsour.2007.04.018,
Table 1 (parameters as transcribed from that table, the same in several independent
transcriptions):

- 140 degC oven -> no runaway (peak ~148 degC);
- 155 degC oven -> runaway, time_to_runaway 1500 s +- 5 %, max_temperature 796 K +- 15 K;
- 140 degC without radiation -> runaway.

A second, tighter check runs that plain-numpy implementation in benchmarks/reference_kim.py
(written independently of runaway's Cantera path) and compares with it directly.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest

from tests.conftest import run_cached

ROOT = Path(__file__).resolve().parents[2]


def _reference():
    spec = importlib.util.spec_from_file_location(
        "reference_kim", ROOT / "benchmarks" / "reference_kim.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_155C_runs_away_at_the_published_time():
    _, _, ds = run_cached("kim2007_18650_oven")
    assert ds["status"].item() == "ok"
    assert bool(ds["thermal_runaway"])
    assert float(ds["time_to_runaway"]) == pytest.approx(1500.0, rel=0.05)
    assert float(ds["max_temperature"]) == pytest.approx(796.0, abs=15.0)


def test_140C_does_not_run_away():
    _, _, ds = run_cached("kim2007_18650_oven", "abuse.temperature=140 degC")
    assert not bool(ds["thermal_runaway"])
    assert math.isnan(float(ds["time_to_runaway"]))
    assert float(ds["max_temperature"]) - 273.15 == pytest.approx(148.0, abs=1.0)


def test_140C_without_radiation_runs_away():
    _, _, ds = run_cached(
        "kim2007_18650_oven", "abuse.temperature=140 degC", "environment.emissivity=0"
    )
    assert bool(ds["thermal_runaway"])


@pytest.mark.parametrize("oven_celsius, emissivity", [(155.0, 0.8), (140.0, 0.8), (140.0, 0.0)])
def test_agrees_with_independent_numpy_implementation(oven_celsius, emissivity):
    """Same equations, no Cantera: time to runaway within 0.5 %, peak within 1 K.

    The reference uses R = 8.314 J/(mol K) (Kim 2007) and runaway CODATA's 8.314462618, which
    alone moves the runaway time by ~2 s.
    """
    ref = _reference().simulate_kim_reference(oven_celsius + 273.15, emissivity=emissivity)
    _, _, ds = run_cached(
        "kim2007_18650_oven",
        f"abuse.temperature={oven_celsius} degC",
        f"environment.emissivity={emissivity}",
        "solver.stop_after_runaway=2 h",
    )
    assert float(ds["max_temperature"]) == pytest.approx(ref["max_temperature"], abs=1.0)
    if math.isnan(ref["time_to_runaway"]):
        assert not bool(ds["thermal_runaway"])
    else:
        assert float(ds["time_to_runaway"]) == pytest.approx(ref["time_to_runaway"], rel=0.005)
