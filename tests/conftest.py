"""Shared fixtures: scenario runs are expensive, so each is simulated once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runaway.api import build_model
from runaway.results import build_dataset
from runaway.scenario import load_scenario
from runaway.solver import simulate

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"

if os.environ.get("RUNAWAY_TEST_INSTALLED") == "1":  # set by .ci/run
    import runaway

    if Path(runaway.__file__).resolve().parent == ROOT / "runaway":
        raise RuntimeError(
            f"the tests imported runaway from the checkout ({runaway.__file__}), not the "
            "installed package: run them as `python -P -m pytest`"
        )

_cache: dict = {}

#: The bundled pouch in a 200 degC oven, where it runs away. In the 150 degC oven of its
#: scenario file the fresh-foil cell does not (its Li is passivated by the SEI residue; Jiang et
#: al. 2022 measured no self-heating of a Li-foil pouch below 194 degC in the ARC).
HOT_OVEN = ("li_ncm811_pouch_oven", 'abuse.temperature="200 degC"')


def run_cached(name: str, *overrides: str):
    """(model, solver output, dataset) of scenarios/<name>.toml with overrides, cached."""
    key = (name, overrides)
    if key not in _cache:
        scenario = load_scenario(SCENARIOS / f"{name}.toml", list(overrides))
        model = build_model(scenario)
        output = simulate(model)
        _cache[key] = (model, output, build_dataset(model, output))
    return _cache[key]


def inventory(model, states):
    """Amount of every species (points x species) ever in the cell: in it, vented as gas, or
    ejected as liquid or solid [mol]. Chemistry alone changes it."""
    L = model.layout
    total = states[:, L.species].copy()
    total[:, model.gas_index] += states[:, L.vented]
    total[:, model.ejected_index] += states[:, L.ejected]
    return total


def energy_balance(model, output) -> tuple[float, float, float]:
    """(change of the cell's internal energy, net heat in from the ledger, reaction heat
    released) over a run [J]: the first two must agree to a small part of the third."""
    _, states, _ = output.concatenated()
    L = model.layout
    first, last = states[0], states[-1]
    delta_u = model.internal_energy(last) - model.internal_energy(first)
    inflow = last[L.energy_abuse] - last[L.energy_loss] - last[L.energy_vent] + first[L.energy_vent]
    return delta_u, inflow, last[L.energy_reaction]


@pytest.fixture(scope="session")
def pouch_oven():
    """The bundled pouch running away in the 200 degC oven (:data:`HOT_OVEN`)."""
    return run_cached(*HOT_OVEN)


def make_the_solver_fail(monkeypatch, after: float) -> None:
    """Make every run's right-hand side return NaN after ``after`` [s] (a solver failure)."""
    import numpy as np

    from runaway.model import CellModel

    original = CellModel.right_hand_side

    def failing(self, mode):
        fun, jac = original(self, mode)

        def nan_later(time, y):
            dy = fun(time, y)
            return np.full_like(dy, np.nan) if time > after else dy

        return nan_later, jac

    monkeypatch.setattr(CellModel, "right_hand_side", failing)
