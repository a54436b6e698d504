"""Run one grid case in a worker: scenario from text, mechanism cached per process, every
failure caught and recorded.

`run_case` is what a process-pool or Dask worker calls; it never raises for a bad case
(a bad scenario, a mechanism that will not load, a solver failure, any exception): the
record's ``status`` says ``failed: <reason>``. The mechanism of each distinct
``cell.mechanisms`` list is loaded once per process and reused.
"""

from __future__ import annotations

import math
import os
import signal
import time
from pathlib import Path
from typing import Any

from runaway.grid.spec import Case

__all__ = ["init_worker", "record_from_dataset", "run_case"]

_MECHANISMS: dict[tuple[tuple[str, ...], str], Any] = {}


def init_worker() -> None:
    """Process-pool initializer: Ctrl-C is the parent's business (it stops the pool)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _mechanism(scenario):
    from runaway.chemistry import load_mechanism

    source = scenario.source_path
    base = Path(source).resolve().parent if source else Path.cwd()
    key = (tuple(scenario.cell.mechanisms), str(base))
    if key not in _MECHANISMS:
        _MECHANISMS[key] = load_mechanism(scenario.cell.mechanisms, base)
    return _MECHANISMS[key]


def run_case(case: Case) -> dict[str, Any]:
    """Simulate ``case``; return its record (never raises for a bad case).

    Returns
    -------
    dict
        ``hash``, ``index``, ``status`` (``"ok"`` or ``"failed: ..."``), ``values`` (scalar
        result variables, SI), ``gas`` (species -> mole fraction), ``cpu_time`` [s],
        ``mechanism_sha256``, and ``series`` (the full result Dataset) if asked for.
    """
    start = time.process_time()
    record: dict[str, Any] = {"hash": case.hash, "index": list(case.index), "pid": os.getpid()}
    try:
        from runaway.api import build_model, run_model
        from runaway.chemistry import MechanismError
        from runaway.scenario import ScenarioError
        from runaway.scenario.loading import scenario_from_data
        from runaway.scenario.toml_io import parse_toml

        try:
            scenario = scenario_from_data(
                parse_toml(case.text, case.label), case.label, source_path=case.source_path
            )
            model = build_model(scenario, _mechanism(scenario))
        except MechanismError as exc:
            raise ScenarioError(case.label, "cell.mechanisms", str(exc)) from None
        dataset = run_model(model)
        record.update(record_from_dataset(dataset))
        if case.keep_series:
            record["series"] = dataset
    except Exception as exc:  # one bad case never stops the grid
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        record.update(status=f"failed: {type(exc).__name__}: {reason}", values={}, gas={})
    record["cpu_time"] = time.process_time() - start
    return record


def record_from_dataset(dataset) -> dict[str, Any]:
    """The scalar variables (and gas composition) of a single-run result dataset."""
    values: dict[str, float] = {}
    for name, var in dataset.data_vars.items():
        if var.dims == () and name != "status":
            value = var.values.item()
            values[name] = float(value) if not isinstance(value, str) else math.nan
    gas = {}
    if "gas_mole_fraction" in dataset:
        fractions = dataset["gas_mole_fraction"].values
        gas = dict(zip(dataset["species"].values.tolist(), fractions.tolist(), strict=True))
    return {
        "status": str(dataset["status"].item()),
        "values": values,
        "gas": gas,
        "mechanism_sha256": str(dataset.attrs.get("mechanism_sha256", "")),
    }
