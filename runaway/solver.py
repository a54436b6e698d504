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

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.integrate import LSODA

from runaway import kernel
from runaway.metrics import RUNAWAY_DURATION, TRIGGER_RATE
from runaway.model import CellModel, Mode
from runaway.physics.abuse import oven_reach_time

#: State size from which the model's own Jacobian is passed to LSODA. With the compiled kernel
#: one Jacobian costs about as much as LSODA's internal finite differences need in
#: right-hand-side calls alone, so it is always passed (Kim 2007: 1.9 instead of 3.7 RHS calls
#: per step); with Cantera kinetics through Python, 30 was the measured break-even.
ANALYTIC_JACOBIAN_MIN_SIZE = 0
#: Steps after which a run is declared failed instead of crawling on (bundled scenarios take
#: 500-5000).
MAX_STEPS = 200_000


@dataclass
class SolverOutput:
    """Raw time history of one run."""

    time: list[np.ndarray] = field(default_factory=list)
    state: list[np.ndarray] = field(default_factory=list)
    modes: list[Mode] = field(default_factory=list)
    status: str = "ok"
    message: str = ""
    events: dict[str, float] = field(default_factory=dict)  # name -> time [s]
    steps: int = 0

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
        Called with the current time [s] every few hundred steps (for progress bars).
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
    phase_end = np.inf  # end of an ARC wait/seek phase
    if model.kind == "arc" and mode.arc_phase == "wait":
        phase_end = abuse.wait_time
    steps = 0

    for _ in range(100000):
        if t >= end_time * (1 - 1e-12):
            break
        segment_end = min([end_time, phase_end] + [b for b in breakpoints if b > t + 1e-9])
        events = _EventSet(model, _events(model, mode))
        already = [
            name
            for name, kind, value in zip(
                events.names, events.kinds, events.values(y, y, 0.0), strict=True
            )
            if kind != RATE and value >= 0.0
        ]
        if already:  # e.g. a cell that starts above its vent pressure
            for name in already:
                out.events.setdefault(name, t)
                end_time = _apply_event(name, model, mode, t, end_time, out)
                if name == "arc_heat_done":
                    phase_end = t + abuse.wait_time
            continue
        frozen = mode.copy()
        rhs, jac = model.right_hand_side(frozen)
        fp, ip = model.fp, model.ip

        times, states = [t], [y]
        fired: list[str] = []
        try:
            integrator = LSODA(
                rhs,
                t,
                y,
                segment_end,
                rtol=solver.rtol,
                atol=atol,
                max_step=max_step,
                jac=jac if model.layout.size >= ANALYTIC_JACOBIAN_MIN_SIZE else None,
            )
            _call_directly(integrator, rhs)
            values = events.values(y, y, 0.0)
            new_values = np.empty(len(events))
            any_events = len(events) > 0
            i_temperature = model.layout.temperature
            while integrator.status == "running":
                message = integrator.step()
                if integrator.status == "failed":
                    raise RuntimeError(message or "step failed")
                t_new, y_new = integrator.t, integrator.y
                steps += 1
                if steps > MAX_STEPS:
                    raise RuntimeError(
                        f"more than {MAX_STEPS} steps: the integration is not progressing "
                        "(try a looser solver.rtol / solver.atol)"
                    )
                # a NaN anywhere reaches the temperature through the energy balance at the
                # next evaluation; the whole state is checked again when the segment is stored
                if not math.isfinite(y_new[i_temperature]):
                    raise FloatingPointError("non-finite state")
                dt = t_new - times[-1]
                crossed = []
                if (
                    any_events
                    and kernel.event_values(
                        y_new, states[-1], dt, events.kinds, events.thresholds, fp, ip, new_values
                    )
                    >= 0
                ):
                    crossed = [i for i in range(len(events)) if values[i] < 0.0 <= new_values[i]]
                if crossed:
                    dense = integrator.dense_output()
                    t_hit, names = _locate(events, crossed, dense, times[-1], t_new, states[-1])
                    y_hit = dense(t_hit) if t_hit < t_new else y_new
                    times.append(t_hit)
                    states.append(np.array(y_hit))
                    fired = names
                    break
                times.append(t_new)
                states.append(y_new.copy())  # own copy: do not rely on scipy's
                values, new_values = new_values, values
                if progress is not None and steps % 200 == 0:
                    progress(t_new)
        except (ValueError, ArithmeticError, RuntimeError) as exc:
            good = _finite_rows(states)
            _store(out, times[:good], states[:good], frozen)
            out.status = "failed"
            reason = exc if good == len(states) else "non-finite state"
            out.message = f"integration failed at t = {times[good - 1]:.6g} s: {reason}"
            out.steps = steps
            return out
        good = _finite_rows(states)
        if good < len(states):
            _store(out, times[:good], states[:good], frozen)
            out.status = "failed"
            out.message = f"integration failed at t = {times[good - 1]:.6g} s: non-finite state"
            out.steps = steps
            return out
        _store(out, times, states, frozen)
        t, y = times[-1], states[-1].copy()
        if progress is not None:
            progress(t)
        for name in fired:
            out.events.setdefault(name, t)
            end_time = _apply_event(name, model, mode, t, end_time, out)
            if name == "arc_heat_done":
                phase_end = t + abuse.wait_time
            if name == "arc_exotherm":
                phase_end = np.inf
        if not fired and model.kind == "arc" and mode.arc_phase in ("wait", "seek"):
            if t >= phase_end - 1e-9:
                phase_end = _next_arc_phase(model, mode, t, y)
    else:
        out.status = "failed"
        out.message = "too many integration segments (events chattering)"
    out.steps = steps
    return out


def _finite_rows(states: list) -> int:
    """Number of leading states without NaN or inf (the first state is always kept)."""
    finite = np.isfinite(np.asarray(states)).all(axis=1)
    return len(states) if finite.all() else max(int(np.argmin(finite)), 1)


def _call_directly(integrator: LSODA, rhs) -> None:
    """Let ODEPACK call the compiled right-hand side without scipy's two Python wrappers
    (argument conversion and call counting, ~1.5 us per call); left as is if scipy's internals
    differ."""
    solver = getattr(integrator, "_lsoda_solver", None)
    if solver is not None and hasattr(solver, "f"):
        solver.f = rhs


def _store(out: SolverOutput, times: list, states: list, mode: Mode) -> None:
    if len(times) > 1 or not out.time:
        out.time.append(np.asarray(times))
        out.state.append(np.asarray(states).T)
        out.modes.append(mode)


def _locate(events: _EventSet, crossed, dense, t0, t1, y0):
    """Earliest crossing time among the crossed events, by bisection on the dense output."""
    best_t, best = t1, []
    for i in crossed:
        if events.kinds[i] == RATE:
            t_hit = t1  # rate thresholds are judged per step: no sub-step location
        else:
            a, b = t0, t1
            for _ in range(60):
                mid = 0.5 * (a + b)
                if events.value(i, dense(mid), y0, mid - t0) >= 0.0:
                    b = mid
                else:
                    a = mid
                if b - a <= 1e-9 * max(1.0, abs(b)):
                    break
            t_hit = b
        if t_hit < best_t - 1e-12:
            best_t, best = t_hit, [events.names[i]]
        elif abs(t_hit - best_t) <= 1e-12:
            best.append(events.names[i])
    return best_t, best


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


#: Event kinds: headspace gauge pressure [Pa], cell temperature [K], dT/dt over a step [K/s].
PRESSURE, TEMPERATURE, RATE = kernel.EVENT_PRESSURE, kernel.EVENT_TEMPERATURE, kernel.EVENT_RATE


class _EventSet:
    """The events of one segment, evaluated by one compiled call per step."""

    def __init__(self, model: CellModel, events: list[tuple[str, int, float]]):
        self.model = model
        self.names = [name for name, _, _ in events]
        self.kinds = np.array([kind for _, kind, _ in events], dtype=np.int64)
        self.thresholds = np.array([threshold for _, _, threshold in events], dtype=float)

    def __len__(self) -> int:
        return len(self.names)

    def values(self, y, y_previous, dt: float) -> np.ndarray:
        out = np.empty(len(self.names))
        kernel.event_values(
            y, y_previous, dt, self.kinds, self.thresholds, self.model.fp, self.model.ip, out
        )
        return out

    def value(self, i: int, y, y_previous, dt: float) -> float:
        return float(self.values(y, y_previous, dt)[i])


def _events(model: CellModel, mode: Mode) -> list[tuple[str, int, float]]:
    """Events of the current mode as (name, kind, threshold).

    Pressure and temperature events are located precisely on the dense output; rate events
    (dT/dt thresholds) are judged from the temperature change over one step.
    """
    events = []
    if not mode.vent_open:
        events.append(("vent", PRESSURE, model.vent_pressure))
    if model.cid_pressure is not None and not mode.cid_open:
        events.append(("cid", PRESSURE, model.cid_pressure))
    if not mode.runaway_seen:
        events.append(("runaway", RATE, TRIGGER_RATE))
    if model.kind == "heater" and mode.heater_on and model.abuse.max_temperature is not None:
        events.append(("heater_max_temperature", TEMPERATURE, model.abuse.max_temperature))
    if model.kind == "arc":
        a = model.abuse
        if mode.arc_phase == "heat":
            events.append(("arc_heat_done", TEMPERATURE, mode.arc_target))
        elif mode.arc_phase == "seek":
            events.append(("arc_exotherm", RATE, a.detection_threshold))
        if mode.arc_phase not in ("exotherm", "done"):
            events.append(("arc_end_temperature", TEMPERATURE, a.end_temperature))
    return events


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
            # keep at least the 3 s (+ margin) the sustained-runaway rule needs to be judged
            after = max(sc.solver.stop_after_runaway, RUNAWAY_DURATION + 2.0)
            end_time = min(end_time, t + after)
    elif name == "heater_max_temperature":
        mode.heater_on = False
    elif name == "arc_heat_done":
        mode.arc_phase = "wait"
    elif name == "arc_exotherm":
        mode.arc_phase = "exotherm"
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


__all__ = ["SolverOutput", "simulate"]
