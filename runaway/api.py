"""Public API: build a model, run it, turn it into a result dataset.

>>> from runaway import run_scenario, load_scenario
>>> ds = run_scenario(load_scenario("scenarios/kim2007_18650_oven.toml"))  # doctest: +SKIP
>>> float(ds.max_temperature)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import xarray as xr

from runaway.chemistry import Mechanism, MechanismError, load_mechanism
from runaway.model import CellModel, ModelError
from runaway.results import build_dataset
from runaway.scenario import Scenario, ScenarioError
from runaway.solver import simulate


def build_model(scenario: Scenario, mechanism: Mechanism | None = None) -> CellModel:
    """Load the scenario's mechanisms and assemble the model.

    Raises
    ------
    ScenarioError
        When the mechanisms cannot be loaded or do not fit the cell description (unknown
        species, masses, heat capacities), naming the scenario file and key.
    """
    file = str(getattr(scenario, "source_path", "") or "<scenario>")
    if mechanism is None:
        try:
            source = getattr(scenario, "source_path", None)
            base = Path(source).resolve().parent if source else None
            mechanism = load_mechanism(scenario.cell.mechanisms, base)
        except MechanismError as exc:
            raise ScenarioError(file, "cell.mechanisms", str(exc)) from None
    try:
        return CellModel(scenario, mechanism)
    except ModelError as exc:
        raise ScenarioError(file, exc.key, exc.message) from None


def run_model(model: CellModel, progress: Callable[[float], None] | None = None) -> xr.Dataset:
    """Integrate an assembled model through its test and return the result dataset.

    A failed integration does not raise: the dataset holds the history up to the failure and
    its ``status`` variable says ``failed: ...``.

    Parameters
    ----------
    model : CellModel
        From :func:`build_model`.
    progress : callable, optional
        Called with the simulated time [s] as the run advances.
    """
    return build_dataset(model, simulate(model, progress=progress))


def run_scenario(
    scenario: Scenario,
    mechanism: Mechanism | None = None,
    progress: Callable[[float], None] | None = None,
) -> xr.Dataset:
    """Simulate one scenario and return its result dataset (variables: docs/results.md).

    Parameters
    ----------
    scenario : Scenario
        Loaded with :func:`runaway.scenario.load_scenario`.
    mechanism : Mechanism, optional
        Re-use an already loaded mechanism (it must be the one the scenario names).
    progress : callable, optional
        Called with the simulated time [s] as the run advances.
    """
    return run_model(build_model(scenario, mechanism), progress)


def needs_compilation(model: CellModel) -> bool:
    """Whether running ``model`` will first compile the kernel (~30 s, once after install)."""
    from runaway.kernel import kernel_cache_present

    return model.compiled and not kernel_cache_present()


__all__ = ["build_model", "needs_compilation", "run_model", "run_scenario"]
