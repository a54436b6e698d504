"""Integrate a :class:`~runaway.model.CellModel` through a test, with discrete events.

The state is integrated in segments with scipy's LSODA (automatic stiff/non-stiff switching,
Fortran ODEPACK). Discrete changes — vent or seal opening, CID opening, heater switch-off, ARC
phases, oven programme breakpoints, stop after runaway — end a segment at an event located by
root finding (or at a time a part asked for), and the next segment starts from there with the
new mode. The solver knows no abuse kind and no sub-model: the parts supply the events and
react to them (:class:`runaway.parts.Part`).

At every accepted step the solver evaluates the model's diagnostics at the new state (the bus
and the heat release of every reaction, :func:`runaway.kernel.events.step_values`): the
events read them (a ``BUS`` event watches e.g. the self-heating rate) and they are stored, so
the results never re-run the physics.

Why LSODA: measured on this machine (benchmarks/README.md), scipy's BDF takes thousands of
small steps on runaway problems, while LSODA with the model's Jacobian takes a few hundred to
a few thousand. Where LSODA stalls, a segment goes on with BDF
(:mod:`runaway.stiff_fallback`).

A failed integration never produces silent NaNs: the solution up to the failure is kept and
``SolverOutput.status`` says what happened.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.integrate import LSODA

from runaway.kernel.events import event_values, step_values
from runaway.parts.base import BUS, RATE, STATE, Control, Event, Mode
from runaway.scenario.schema import MAX_STEPS
from runaway.stiff_fallback import SegmentIntegrator


@dataclass
class SolverOutput:
    """Raw history of one run, segment by segment, with the stored diagnostics."""

    time: list[np.ndarray] = field(default_factory=list)
    state: list[np.ndarray] = field(default_factory=list)  # state x points per segment
    bus: list[np.ndarray] = field(default_factory=list)  # points x bus slots per segment
    heat: list[np.ndarray] = field(default_factory=list)  # points x reactions per segment
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

    def diagnostics(self) -> tuple[np.ndarray, np.ndarray]:
        """Bus (points x slots) and reaction heat release (points x reactions) [W]."""
        if not self.bus:
            return np.zeros((0, 0)), np.zeros((0, 0))
        return np.concatenate(self.bus), np.concatenate(self.heat)


def simulate(model, progress=None) -> SolverOutput:
    """Run the scenario's test from t = 0 to the end time (or until a part stops it).

    Parameters
    ----------
    model : runaway.model.CellModel
        The assembled model.
    progress : callable, optional
        Called with the current time [s] every few hundred steps (for progress bars).
    """
    settings = model.settings
    parts = model.parts
    out = SolverOutput()
    mode = model.initial_mode()
    control = Control(time=0.0, end_time=settings.end_time)
    for part in parts:
        part.start(mode, control)
    y = model.initial_state()
    t = 0.0
    atol = model.layout.absolute_tolerances(settings.atol)
    max_step = settings.max_step if settings.max_step is not None else np.inf
    steps = 0

    for _ in range(100000):
        if t >= control.end_time * (1 - 1e-12):
            break
        segment_end = min([control.end_time] + [p.next_time(mode, t) for p in parts])
        frozen = mode.copy()
        events = _EventSet(model, [e for p in parts for e in p.events(mode)], frozen)
        rows = _Rows(model)
        start_values = events.values(t, y, y, 0.0, rows)
        already = [
            e.name
            for e, value in zip(events.events, start_values, strict=True)
            if e.kind != RATE and value >= 0.0
        ]
        if already:  # e.g. a cell that starts above its vent pressure
            for name in already:
                _fire(name, t, mode, control, parts, out)
            continue
        rhs, jac = model.right_hand_side(frozen)
        times, states = [t], [y]
        fired: list[str] = []
        failure: BaseException | None = None
        try:
            fired = _integrate_segment(
                model, rhs, jac, events, start_values, times, states, rows, segment_end, atol,
                max_step, steps, progress,
            )  # fmt: skip
            steps += len(times) - 1
        except _SegmentFailure as failed:
            steps += failed.steps
            failure = failed.reason
        good = _finite_rows(states)
        if failure is not None or good < len(states):
            _store(out, times[:good], states[:good], rows, frozen)
            reason = failure if failure is not None and good == len(states) else None
            out.status = "failed"
            out.message = failure_message(
                model, times[good - 1], states[good - 1], reason or FloatingPointError()
            )
            out.steps = steps
            return out
        _store(out, times, states, rows, frozen)
        t, y = times[-1], states[-1].copy()
        if progress is not None:
            progress(t)
        control.time = t
        for name in fired:
            _fire(name, t, mode, control, parts, out)
        if not fired:
            for part in parts:
                part.at_time(mode, control, y)
    else:
        out.status = "failed"
        out.message = "too many integration segments (events chattering)"
    out.steps = steps
    return out


class _TooManySteps(RuntimeError):
    pass


#: LSODA's own words (scipy passes ODEPACK's messages on) -> what they mean for a user
_LSODA_MEANINGS = (
    ("excess accuracy", "the tolerances ask for more accuracy than double precision holds"),
    ("error weight", "a state with an absolute tolerance of zero reached zero"),
    ("repeated error test", "the step size collapsed: the state changes faster than the "
     "solver can follow"),
    ("repeated convergence", "the step size collapsed: the state changes faster than the "
     "solver can follow"),
    ("unexpected istate", "the step size collapsed: the state changes faster than the "
     "solver can follow"),
    ("excess work", "the solver needed too many steps for one output interval"),
)  # fmt: skip


def failure_message(model, time: float, state: np.ndarray, reason: BaseException) -> str:
    """One readable line on why an integration stopped, with the settings a user can change.

    Parameters
    ----------
    model : runaway.model.CellModel
        The model (its solver settings are quoted).
    time : float
        Time of the last good state [s].
    state : numpy.ndarray
        The last good state (its temperature is quoted).
    reason : BaseException
        What stopped the integration.
    """
    settings = model.settings
    text = str(reason).lower()
    if isinstance(reason, _TooManySteps):
        what = f"more than {MAX_STEPS} steps without reaching the end: the solver is crawling"
    elif isinstance(reason, FloatingPointError):
        what = "the state became non-finite (NaN or infinity)"
    elif isinstance(reason, ZeroDivisionError):
        what = "a quantity of the model became singular (a division by zero)"
    else:
        what = next(
            (meaning for words, meaning in _LSODA_MEANINGS if words in text),
            f"the solver stopped ({reason})",
        )
    keys = [f"solver.rtol = {settings.rtol:g}", f"solver.atol = {settings.atol:g} mol"]
    if settings.max_step is not None:
        keys.append(f"solver.max_step = {settings.max_step:g} s")
    temperature = float(state[model.layout.temperature])
    return (
        f"integration failed at t = {time:.6g} s (T = {temperature:.1f} K): {what}. "
        f"Settings: {', '.join(keys)}; 10x looser tolerances often get past a stiff moment. "
        "The result holds the history up to this point."
    )


class _SegmentFailure(Exception):
    def __init__(self, reason, steps: int):
        super().__init__(str(reason))
        self.reason = reason
        self.steps = steps


def _integrate_segment(
    model, rhs, jac, events, values, times, states, rows, segment_end, atol, max_step,
    steps_before, progress,
) -> list[str]:  # fmt: skip
    """Step LSODA from ``times[-1]`` to ``segment_end`` or the first event, appending every
    step to ``times`` and ``states`` and its diagnostics to ``rows``; returns the names of the
    events that fired."""
    t, y = times[-1], states[-1]
    steps = 0
    try:
        stepper = SegmentIntegrator(
            model, rhs, jac, t, y, segment_end, atol, max_step, _call_directly
        )
        new_values = np.empty(len(events))
        i_temperature = model.layout.temperature
        compiled, fp, ip = model.compiled, model.fp, model.ip
        flags, codes, thresholds = events.flags, events.codes, events.thresholds
        while stepper.integrator.status == "running":
            message = stepper.integrator.step()
            if not stepper.accept(message, times[-1], states[-1]):
                continue  # another integrator goes on from the last stored state
            integrator = stepper.integrator
            t_new, y_new = integrator.t, integrator.y
            steps += 1
            if steps_before + steps > MAX_STEPS:
                raise _TooManySteps()
            # a NaN anywhere reaches the temperature through the energy balance at the
            # next evaluation; the whole state is checked again when the segment is stored
            if not math.isfinite(y_new[i_temperature]):
                raise FloatingPointError("non-finite state")
            crossed = []
            if compiled:  # the common case without the method call (see _EventSet.step)
                row = rows.new()  # first: it may replace the buffers
                first = step_values(
                    t_new, y_new, states[-1], t_new - times[-1], flags, codes, thresholds, fp,
                    ip, new_values, rows.bus, rows.heat, row,
                )  # fmt: skip
            else:
                first = events.step(t_new, y_new, states[-1], t_new - times[-1], new_values, rows)
            if first >= 0:
                crossed = [i for i in range(len(events)) if values[i] < 0.0 <= new_values[i]]
            if crossed:
                dense = integrator.dense_output()
                t_hit, names = _locate(events, crossed, dense, times[-1], t_new, states[-1])
                if t_hit < t_new:  # the diagnostics of the located point replace the step's
                    y_new = dense(t_hit)
                    rows.drop_last()
                    events.values(t_hit, y_new, states[-1], t_hit - times[-1], rows)
                times.append(t_hit)
                states.append(np.array(y_new))
                return names
            times.append(t_new)
            states.append(y_new.copy())  # own copy: do not rely on scipy's
            values, new_values = new_values, values
            stepper.stored(t_new, states[-1])  # a crawling LSODA hands over to BDF
            if progress is not None and (steps_before + steps) % 200 == 0:
                progress(t_new)
    except (ValueError, ArithmeticError, RuntimeError) as exc:
        raise _SegmentFailure(exc, steps) from None
    return []


def _fire(name: str, t: float, mode: Mode, control: Control, parts, out: SolverOutput) -> None:
    """Record event ``name`` (first occurrence) and let every part react to it."""
    out.events.setdefault(name, t)
    control.time = t
    for part in parts:
        part.on_event(name, mode, control)


def _finite_rows(states: list) -> int:
    """Number of leading states without NaN or inf (the first state is always kept)."""
    finite = np.isfinite(np.asarray(states)).all(axis=1)
    return len(states) if finite.all() else max(int(np.argmin(finite)), 1)


def _call_directly(integrator: LSODA, rhs) -> None:
    """Let ODEPACK call the right-hand side without scipy's two Python wrappers (argument
    conversion and call counting, ~1.5 us per call); left as is if scipy's internals differ.

    The only place runaway reaches into scipy's internals (``LSODA._lsoda_solver.f``);
    benchmarks/call_directly.py measures what it saves (about 5 % of the Kim integration).
    """
    solver = getattr(integrator, "_lsoda_solver", None)
    if solver is not None and hasattr(solver, "f"):
        solver.f = rhs


def _store(out: SolverOutput, times: list, states: list, rows: _Rows, mode: Mode) -> None:
    if len(times) > 1 or not out.time:
        out.time.append(np.asarray(times))
        out.state.append(np.asarray(states).T)
        n = min(len(times), rows.count)
        out.bus.append(rows.bus[:n].copy())
        out.heat.append(rows.heat[:n].copy())
        out.modes.append(mode)


class _Rows:
    """The diagnostics (bus and reaction heat rows) of the points of one segment, in buffers
    that grow by doubling (no allocation per step)."""

    def __init__(self, model, capacity: int = 256):
        self.bus = np.empty((capacity, len(model.bus_names)))
        self.heat = np.empty((capacity, model.mechanism.n_reactions))
        self.count = 0

    def new(self) -> int:
        """Index of a fresh row (filled by the caller); ``self.bus`` may be a new buffer."""
        if self.count == self.bus.shape[0]:
            self.bus = np.concatenate([self.bus, np.empty_like(self.bus)])
            self.heat = np.concatenate([self.heat, np.empty_like(self.heat)])
        self.count += 1
        return self.count - 1

    def drop_last(self) -> None:
        self.count -= 1


def _locate(events: _EventSet, crossed, dense, t0, t1, y0):
    """Earliest crossing time among the crossed events, by bisection on the dense output."""
    best_t, best = t1, []
    for i in crossed:
        if events.kinds[i] in (RATE, BUS):
            t_hit = t1  # rate and bus thresholds are judged per step: no sub-step location
        else:
            a, b = t0, t1
            for _ in range(60):
                mid = 0.5 * (a + b)
                if events.value(i, mid, dense(mid), y0, mid - t0) >= 0.0:
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


class _EventSet:
    """The events of one segment, evaluated by one compiled call per step."""

    def __init__(self, model, events: list[Event], mode: Mode):
        self.model = model
        self.mode = mode
        self.flags = mode.array()
        self.events = events
        self.names = [e.name for e in events]
        self.kinds = np.array([e.kind for e in events], dtype=np.int64)
        self.thresholds = np.array([e.threshold for e in events], dtype=float)
        self.codes = np.array(
            [[e.kind for e in events], [e.index for e in events]], dtype=np.int64
        ).reshape(2, len(events))
        for e in events:
            if e.kind == STATE and not 0 <= e.index < model.layout.size:
                raise ValueError(f"event '{e.name}': state index {e.index} is not in the state")
            if e.kind == BUS and not 0 <= e.index < len(model.bus_names):
                raise ValueError(f"event '{e.name}': bus slot {e.index} is not in the bus")

    def __len__(self) -> int:
        return len(self.names)

    def step(self, t: float, y, y_previous, dt: float, values, rows: _Rows | None) -> int:
        """Event values at an accepted step into ``values``, its diagnostics into a new row
        of ``rows`` (a scratch row without); returns the first event at or above zero, or
        -1."""
        m = self.model
        rows = rows if rows is not None else _Rows(m, 1)
        row = rows.new()
        if m.compiled:
            return step_values(
                t, y, y_previous, dt, self.flags, self.codes, self.thresholds, m.fp, m.ip,
                values, rows.bus, rows.heat, row,
            )  # fmt: skip
        b, h = m.diagnostics(np.array([t]), np.asarray(y)[None, :], self.mode)
        rows.bus[row], rows.heat[row] = b[0], h[0]
        return event_values(
            y, y_previous, dt, self.codes, self.thresholds, m.fp, m.ip, rows.bus[row], values
        )

    def values(self, t: float, y, y_previous, dt: float, rows: _Rows | None = None):
        """The event values at one point (its diagnostics appended to ``rows`` if given)."""
        out = np.empty(len(self.names))
        self.step(t, y, y_previous, dt, out, rows)
        return out

    def value(self, i: int, t: float, y, y_previous, dt: float) -> float:
        return float(self.values(t, y, y_previous, dt)[i])


__all__ = ["SolverOutput", "simulate"]
