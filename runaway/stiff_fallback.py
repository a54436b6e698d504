"""The integrators of a segment: LSODA, and scipy's BDF where LSODA stalls.

LSODA (:mod:`runaway.solver`) switches between a non-stiff (Adams) and a stiff (BDF) method on
its own, and is the fastest choice for a runaway (benchmarks/README.md). It can, however, stay
in its non-stiff method against a fast but harmless relaxation, stepping at its stability limit
for hours of simulated time, or give up with repeated corrector failures where the last
liquid of an open cell runs out. Then the segment goes on with scipy's BDF from the last
stored state, with the same tolerances and Jacobian. BDF in turn may step over the 1 K wide
apparent heat capacity of a melting species (runaway.physics.thermal.FUSION_WIDTH) in one long
step and miss its heat of fusion (measured: 157 J, 2.7e-3 of the released heat, in the Li 18650
heater run as its molten Li froze); a BDF step that crosses a melting point by more than two
widths is dropped and LSODA, which starts with small steps, takes the segment on from there.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import BDF, LSODA

from runaway.physics.thermal import FUSION_WIDTH

#: LSODA steps within one segment after which the rest of the segment is integrated with
#: scipy's BDF. LSODA can stay in its non-stiff (Adams) method against a fast but harmless
#: relaxation (the 1 ms solvent-evaporation closure of an open cell held for hours at
#: 150-160 degC), stepping at its stability limit of ~2 ms; measured: the SAE J2464 staircase
#: of the Li-metal pouch crawled to the 200,000-step cap at 158 degC. BDF, which LSODA would
#: itself switch to, takes the slow phase in long steps. Runs that never reach this many steps
#: in one segment, and in which LSODA never gives up, are unchanged.
CRAWL_STEPS = 2_000


def bdf_fallback(model, rhs, jac, t: float, y, segment_end: float, atol, max_step: float) -> BDF:
    """scipy's BDF from the last stored state to the end of the segment.

    Parameters
    ----------
    model : runaway.model.CellModel
        Gives the relative tolerance.
    rhs, jac : callable
        Right-hand side and Jacobian, as LSODA was given them.
    t : float
        Time of the last stored state [s].
    y : numpy.ndarray
        The last stored state.
    segment_end : float
        [s].
    atol : float or numpy.ndarray
        Absolute tolerances, as LSODA's.
    max_step : float
        [s].
    """

    def own_copy(function):
        # BDF may pass a strided view (the kernels take C arrays) and keeps what it is given,
        # while the model's functions return one reused buffer (LSODA copies it)
        return lambda t, y: np.array(function(t, np.ascontiguousarray(y)))

    return BDF(
        own_copy(rhs), t, y, segment_end, rtol=model.settings.rtol, atol=atol,
        jac=None if jac is None else own_copy(jac), max_step=max_step,
    )  # fmt: skip


class SegmentIntegrator:
    """The integrator of one segment: LSODA, handed to BDF when it crawls or gives up, and back
    to LSODA for a BDF step across a melting point.

    Parameters
    ----------
    model : runaway.model.CellModel
    rhs, jac : callable
        Right-hand side and Jacobian.
    t : float
        Start [s].
    y : numpy.ndarray
        Start state.
    segment_end : float
        [s].
    atol : float or numpy.ndarray
    max_step : float
        [s].
    prepare : callable
        Applied to every new LSODA (the solver's direct-call set-up).
    """

    def __init__(self, model, rhs, jac, t, y, segment_end, atol, max_step, prepare):
        self.model, self.rhs, self.jac, self.prepare = model, rhs, jac, prepare
        self.segment_end, self.atol, self.max_step = segment_end, atol, max_step
        self.melting_points = [m.temperature for _, m in model.melting]
        self.lsoda_failed = False  # then BDF keeps the segment (no way back to LSODA)
        self._lsoda(t, y)

    def _lsoda(self, t: float, y) -> None:
        self.integrator = LSODA(
            self.rhs, t, y, self.segment_end, rtol=self.model.settings.rtol, atol=self.atol,
            max_step=self.max_step, jac=self.jac,
        )  # fmt: skip
        self.prepare(self.integrator, self.rhs)
        self.lsoda_steps = 0

    def _bdf(self, t: float, y) -> None:
        self.integrator = bdf_fallback(
            self.model, self.rhs, self.jac, t, y, self.segment_end, self.atol, self.max_step
        )

    def accept(self, message, t_last: float, y_last) -> bool:
        """Whether the step just taken stands; if not, the integrator was replaced and goes on
        from the last stored state (``t_last`` [s], ``y_last``)."""
        lsoda = isinstance(self.integrator, LSODA)
        if self.integrator.status == "failed":
            if not lsoda:
                raise RuntimeError(message or "step failed")
            self._bdf(t_last, y_last)  # LSODA gave up: a second failure is final
            self.lsoda_failed = True
            return False
        if lsoda:
            self.lsoda_steps += 1
            return True
        if self.lsoda_failed:
            return True
        i = self.model.layout.temperature
        low, high = sorted((y_last[i], self.integrator.y[i]))
        if high - low > 2.0 * FUSION_WIDTH and any(
            low - 3.0 * FUSION_WIDTH < melt < high + 3.0 * FUSION_WIDTH
            for melt in self.melting_points
        ):
            self._lsoda(t_last, y_last)
            return False
        return True

    def stored(self, t: float, y) -> None:
        """After a step was stored: a crawling LSODA hands over to BDF."""
        if isinstance(self.integrator, LSODA) and self.lsoda_steps >= CRAWL_STEPS:
            self._bdf(t, y)
