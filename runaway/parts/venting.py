"""Venting part: the gas that leaves the cell once its vent (or seal) is open.

The flow is isentropic orifice flow with a discharge coefficient, choked at high pressure
ratios (:mod:`runaway.physics.venting`); near pressure equilibrium a relaxation bound keeps
the equations tame, and a headspace below ambient pressure draws air back in. The amount of
every gas species vented is a state, so the vent gas composition and volume are exact
integrals.
"""

from __future__ import annotations

from runaway.parts.base import Part
from runaway.state import CORE


class VentingPart(Part):
    """Cumulative vented amount of every gas species."""

    name = "venting"
    states = (CORE["vented"],)
