"""The "same equations, plain scipy BDF" reference for runaway's full model.

Integrates runaway's own right-hand side, ``CellModel.evaluate(t, y, mode)``, with
``scipy.integrate.solve_ivp(method="BDF")`` from 0 to ``scenario.solver.end_time`` in one
segment with the mode fixed at its start: no events (no vent, CID, stop-after-runaway), no
analytic Jacobian, the scenario's rtol and a scalar atol of the same size as runaway's. This is
what a naive user of scipy would write around the model, and it is the timing baseline of
``benchmarks/bench.py``.

It is not a physics reference: with no events, a case that vents or stops after runaway is
integrated differently from ``runaway.api.run_scenario``.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp

from runaway.api import build_model
from runaway.parts import Control


def simulate_model_bdf(scenario, mechanism=None, model=None) -> dict:
    """Integrate one scenario's model with plain ``solve_ivp(method="BDF")``.

    Parameters
    ----------
    scenario : runaway.scenario.Scenario
        Loaded scenario.
    mechanism : runaway.chemistry.Mechanism, optional
        Already loaded mechanism (as a grid worker would hold it).
    model : runaway.model.CellModel, optional
        Already built model; built from ``scenario`` and ``mechanism`` when omitted.

    Returns
    -------
    dict
        ``time`` [s], ``temperature`` [K] at the solver steps, ``max_temperature`` [K],
        ``success``, ``message``, ``nfev``, ``njev``, ``steps``.
    """
    if model is None:
        model = build_model(scenario, mechanism)
    mode = model.initial_mode()  # every flag off: vent closed, heaters off
    for part in model.parts:  # but the parts' own start (an oven programme, a heater on)
        part.start(mode, Control(0.0, scenario.solver.end_time))
    solver = scenario.solver
    sol = solve_ivp(
        model.evaluate,
        (0.0, solver.end_time),
        model.initial_state(),
        method="BDF",
        rtol=solver.rtol,
        atol=solver.atol,
        args=(mode,),
    )
    temperature = sol.y[model.layout.temperature]
    return {
        "time": sol.t,
        "temperature": temperature,
        "max_temperature": float(np.max(temperature)),
        "success": bool(sol.success),
        "message": sol.message,
        "nfev": int(sol.nfev),
        "njev": int(sol.njev),
        "steps": int(sol.t.size - 1),
    }
