"""The BDF fallback of the solver (runaway.stiff_fallback): a segment LSODA crawls through or
gives up on goes on with scipy's BDF, and the result is the same as LSODA's own."""

from __future__ import annotations

import pytest
from scipy.integrate import LSODA

import runaway.solver as solver
import runaway.stiff_fallback as fallback
from runaway.api import build_model
from runaway.results import build_dataset
from runaway.scenario import load_scenario

from .conftest import SCENARIOS, run_cached

KIM = "kim2007_18650_oven"


def _run_counting_fallbacks(monkeypatch) -> tuple[object, list]:
    calls = []
    original = fallback.bdf_fallback

    def counting(*args):
        calls.append(args[3])  # the time BDF takes over [s]
        return original(*args)

    monkeypatch.setattr(fallback, "bdf_fallback", counting)
    model = build_model(load_scenario(SCENARIOS / f"{KIM}.toml"))
    return build_dataset(model, solver.simulate(model)), calls


def _same_result(ds, reference):
    assert ds["status"].item() == "ok"
    assert bool(ds["thermal_runaway"]) == bool(reference["thermal_runaway"])
    assert float(ds["time_to_runaway"]) == pytest.approx(
        float(reference["time_to_runaway"]), abs=1.0
    )
    assert float(ds["max_temperature"]) == pytest.approx(
        float(reference["max_temperature"]), abs=0.5
    )


def test_a_crawling_segment_goes_on_with_bdf(monkeypatch):
    monkeypatch.setattr(fallback, "CRAWL_STEPS", 50)
    ds, calls = _run_counting_fallbacks(monkeypatch)
    assert calls  # BDF took over at least once
    _same_result(ds, run_cached(KIM)[2])


def test_a_segment_lsoda_gives_up_on_goes_on_with_bdf(monkeypatch):
    class GivingUp(LSODA):
        """Fails its 100th step, as ODEPACK does on repeated corrector failures."""

        def _step_impl(self):
            self.count = getattr(self, "count", 0) + 1
            if self.count == 100:
                return False, "Unexpected istate in LSODA."
            return super()._step_impl()

    monkeypatch.setattr(fallback, "LSODA", GivingUp)
    ds, calls = _run_counting_fallbacks(monkeypatch)
    assert calls
    _same_result(ds, run_cached(KIM)[2])
