"""Electrical part: state of charge and the cell's electrical model.

The state of charge falls with the current a short draws (dSOC/dt = -I / capacity); the open-
circuit voltage is tabulated against SOC and the internal resistance follows an Arrhenius law
(:mod:`runaway.physics.electrical`). Abuse kinds that draw current use
:func:`runaway.kernel.electrical.short_current`.
"""

from __future__ import annotations

import numpy as np

from runaway.parts.base import Part
from runaway.state import CORE


class ElectricalPart(Part):
    """State of charge; OCV curve and internal resistance for the shorts."""

    name = "electrical"
    states = (CORE["soc"],)

    def pack(self, floats, ints, float_arrays, int_arrays):
        m = self.model
        floats["capacity"] = m.capacity or 0.0
        e = m.electrical
        if e is not None:
            floats.update(
                r_reference=e.internal_resistance,
                r_reference_temperature=e.reference_temperature,
                r_activation=e.resistance_activation_energy,
            )
            float_arrays["ocv_soc"] = np.asarray(e.ocv_soc, dtype=float)
            float_arrays["ocv_voltage"] = np.asarray(e.ocv_voltage, dtype=float)

    def initial_state(self, y):
        y[self.model.layout.soc] = self.model.soc
