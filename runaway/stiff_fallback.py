"""The integrator runaway falls back on when LSODA stalls: scipy's BDF.

LSODA (:mod:`runaway.solver`) switches between a non-stiff (Adams) and a stiff (BDF) method on
its own, and is the fastest choice for a runaway (benchmarks/README.md). It can, however, stay
in its non-stiff method against a fast but harmless relaxation, stepping at its stability limit
for hours of simulated time, or give up with repeated corrector failures where the last
liquid of an open cell runs out. Then the segment goes on with scipy's BDF from the last
stored state, with the same tolerances and Jacobian.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import BDF

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

    def contiguous(function):  # BDF may pass a strided view; the kernels take C arrays
        return None if function is None else lambda t, y: function(t, np.ascontiguousarray(y))

    return BDF(
        contiguous(rhs), t, y, segment_end, rtol=model.settings.rtol, atol=atol,
        jac=jac if jac is None or not callable(jac) else contiguous(jac), max_step=max_step,
    )  # fmt: skip
