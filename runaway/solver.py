"""Integrate a :class:`~runaway.model.CellModel` through a test, with discrete events.

The state is integrated in segments with scipy's LSODA (automatic stiff/non-stiff switching,
Fortran ODEPACK). Discrete changes — vent or seal opening, CID opening, heater switch-off,
ARC heat-wait-seek phases, oven programme breakpoints, stop after runaway — end a segment at an
event located by root finding, and the next segment starts from there with the new mode.

Why LSODA: measured on this machine (DESIGN.md section 4 and benchmarks/), scipy's BDF takes
thousands of small steps on runaway problems, while LSODA with its internal Jacobian takes a few
hundred to a few thousand; see benchmarks/README.md for the figures.

A failed integration never produces silent NaNs: the solution up to the failure is kept and
``SolverOutput.status`` says what happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.integrate import solve_ivp

from runaway.model import RUNAWAY_RATE, SELF_HEATING_ONSET, CellModel, Mode
from runaway.physics.abuse import oven_reach_time


@dataclass
class SolverOutput:
    """Raw time history of one run."""

    time: list[np.ndarray] = field(default_factory=list)
    state: list[np.ndarray] = field(default_factory=list)
    modes: list[Mode] = field(default_factory=list)
    status: str = "ok"
    message: str = ""
    events: dict[str, float] = field(default_factory=dict)  # name -> time [s]

    def concatenated(self) -> tuple[np.ndarray, np.ndarray, list[Mode]]:
        """Times [s], states (points x state) and the mode of every point."""
        times, states, modes = [], [], []
        for t, y, mode in zip(self.time, self.state, self.modes, strict=True):
            times.append(t)
            states.append(y.T)
            modes += [mode] * len(t)
        if not times:
            return np.zeros(0), np.zeros((0, 0)), []
        return np.concatenate(times), np.concatenate(states), modes


def _atol(model: CellModel, atol: float) -> np.ndarray:
    """Absolute tolerances per state component."""
    L = model.layout
    tol = np.full(L.size, atol)
    tol[L.temperature] = 1e-6
    tol[L.soc] = 1e-9
    for k in (L.energy_abuse, L.energy_loss, L.energy_reaction, L.energy_vent):
        tol[k] = 1e-3
    return tol


def simulate(model: CellModel, progress=None) -> SolverOutput:
    """Run the scenario's test from t = 0 to the end time (or until stopped after runaway).

    Parameters
    ----------
    model : CellModel
        The assembled model.
    progress : callable, optional
        Called with the current time [s] after each segment (for progress bars).
    """
    sc = model.scenario
    solver = sc.solver
    abuse = sc.abuse
    out = SolverOutput()
    mode = Mode()
    if model.kind == "arc":
        mode.arc_phase = "heat" if model.initial_temperature < abuse.start_temperature else "wait"
        mode.arc_target = max(abuse.start_temperature, model.initial_temperature)
    y = model.initial_state()
    t = 0.0
    end_time = solver.end_time
    atol = _atol(model, solver.atol)
    max_step = solver.max_step if solver.max_step is not None else np.inf
    breakpoints = _breakpoints(model)
    phase_end = 0.0  # end of an ARC wait/seek phase
    if model.kind == "arc" and mode.arc_phase == "wait":
        phase_end = abuse.wait_time

    for _ in range(100000):
        if t >= end_time * (1 - 1e-12):
            break
        segment_end = min([end_time] + [b for b in breakpoints if b > t * (1 + 1e-12) + 1e-9])
        if model.kind == "arc" and mode.arc_phase in ("wait", "seek"):
            segment_end = min(segment_end, phase_end)
        events, names = _events(model, mode)
        frozen = mode.copy()

        def rhs(time, state, frozen=frozen):
            return model.evaluate(time, state, frozen)

        try:
            sol = solve_ivp(
                rhs,
                (t, segment_end),
                y,
                method="LSODA",
                rtol=solver.rtol,
                atol=atol,
                max_step=max_step,
                events=events or None,
            )
        except (ValueError, ArithmeticError, RuntimeError) as exc:
            out.status = "failed"
            out.message = f"integration failed at t = {t:.6g} s: {exc}"
            break
        if sol.t.size:
            out.time.append(sol.t)
            out.state.append(sol.y)
            out.modes.append(frozen)
        if not sol.success or not np.all(np.isfinite(sol.y)):
            out.status = "failed"
            out.message = f"integration failed at t = {sol.t[-1]:.6g} s: {sol.message}"
            break
        t = float(sol.t[-1])
        y = sol.y[:, -1].copy()
        if progress is not None:
            progress(t)
        if sol.status == 1:  # a terminal event fired
            fired = [names[i] for i, te in enumerate(sol.t_events) if te.size]
            for name in fired:
                out.events.setdefault(name, t)
                end_time = _apply_event(name, model, mode, t, end_time, out)
                if name == "arc_heat_done":
                    phase_end = t + abuse.wait_time
        elif model.kind == "arc" and mode.arc_phase in ("wait", "seek") and t >= phase_end - 1e-9:
            phase_end = _next_arc_phase(model, mode, t, y)
        # nudge past an event so it does not fire again at the same point
    else:
        out.status = "failed"
        out.message = "too many integration segments (events chattering)"
    return out


def _breakpoints(model: CellModel) -> list[float]:
    """Times where the abuse programme has a kink (oven ramp end, hold end)."""
    if model.kind != "oven":
        return []
    a = model.abuse
    reach = oven_reach_time(model.initial_temperature, a.temperature, a.ramp_rate)
    points = [reach] if reach > 0 else []
    if a.hold_time is not None:
        points.append(reach + a.hold_time)
    return points


def _events(model: CellModel, mode: Mode):
    """Root functions for the current mode, and their names."""
    L = model.layout
    funcs, names = [], []

    def add(name, func):
        func.terminal = True
        func.direction = 1.0
        funcs.append(func)
        names.append(name)

    def gauge(state):
        _, pressure, _ = model.headspace(
            state[L.species], state[L.fill], state[L.temperature], mode
        )
        return pressure - model.ambient_pressure

    if not mode.vent_open:
        add("vent", lambda t, s: gauge(s) - model.vent_pressure)
    if model.cid_pressure is not None and not mode.cid_open:
        add("cid", lambda t, s: gauge(s) - model.cid_pressure)
    if not mode.runaway_seen:
        add("runaway", lambda t, s: model.evaluate(t, s, mode)[L.temperature] - RUNAWAY_RATE)
    if model.kind == "heater" and mode.heater_on and model.abuse.max_temperature is not None:
        add("heater_max_temperature", lambda t, s: s[L.temperature] - model.abuse.max_temperature)
    if model.kind == "arc":
        if mode.arc_phase == "heat":
            add("arc_heat_done", lambda t, s: s[L.temperature] - mode.arc_target)
        elif mode.arc_phase == "seek":
            add(
                "arc_exotherm",
                lambda t, s: model.evaluate(t, s, mode)[L.temperature] - model.abuse.detection_threshold,
            )
        if mode.arc_phase != "exotherm":
            add("arc_end_temperature", lambda t, s: s[L.temperature] - model.abuse.end_temperature)
    return funcs, names


def _apply_event(name: str, model: CellModel, mode: Mode, t: float, end_time: float, out):
    """Change the mode after an event; returns the (possibly shortened) end time."""
    sc = model.scenario
    if name == "vent":
        mode.vent_open = True
    elif name == "cid":
        mode.cid_open = True
    elif name == "runaway":
        mode.runaway_seen = True
        if model.kind == "heater" and sc.abuse.stop_on_runaway:
            mode.heater_on = False
        if sc.solver.stop_after_runaway is not None:
            end_time = min(end_time, t + sc.solver.stop_after_runaway)
    elif name == "heater_max_temperature":
        mode.heater_on = False
    elif name == "arc_heat_done":
        mode.arc_phase = "wait"
    elif name == "arc_exotherm":
        mode.arc_phase = "exotherm"
        out.events.setdefault("arc_exotherm_temperature", float("nan"))
    elif name == "arc_end_temperature":
        mode.arc_phase = "exotherm" if mode.arc_phase == "exotherm" else "done"
        end_time = t
    return end_time


def _next_arc_phase(model: CellModel, mode: Mode, t: float, y: np.ndarray) -> float:
    """Advance heat-wait-seek at the end of a wait or seek phase; returns the phase end [s]."""
    a = model.abuse
    if mode.arc_phase == "wait":
        mode.arc_phase = "seek"
        return t + a.seek_time
    # seek finished without detecting self-heating: heat by one step
    mode.arc_phase = "heat"
    mode.arc_target = mode.arc_target + a.step
    return np.inf


__all__ = ["SolverOutput", "simulate", "SELF_HEATING_ONSET"]
