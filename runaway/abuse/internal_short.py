"""Internal short circuit: all Joule heat, in the short and in the cell, stays in the cell.

Electrical model: :mod:`runaway.physics.electrical` (Kim et al., J. Power Sources 170 (2007)
476, DOI 10.1016/j.jpowsour.2007.04.018). The short is lumped: its heat is spread over the
whole cell, so a local hot spot that triggers runaway earlier is not resolved.
"""

from typing import Literal

from pydantic import BaseModel

from runaway.abuse.base import SCHEMA_CONFIG, AbuseKind, short_circuit_summary
from runaway.kernel.electrical import short_circuit_heat
from runaway.kernel.plugins import part_function
from runaway.kernel.slots import STAGE_SOURCE
from runaway.scenario.units import RESISTANCE, quantity


class InternalShortAbuse(BaseModel):
    """Internal short circuit of ``resistance`` [ohm]; all Joule heat inside the cell."""

    model_config = SCHEMA_CONFIG
    kind: Literal["internal_short"]
    resistance: quantity(RESISTANCE, gt=0)


@part_function
def internal_short_source(time, y, mode, fp, ip, params, iparams, bus, dy):
    """Short current and Joule heat in the internal and the short resistance (params: short
    resistance [ohm])."""
    short_circuit_heat(y, fp, ip, params[0], True, bus)


class InternalShortKind(AbuseKind):
    """Internal short: the cell discharges through the short; all its Joule heat stays in."""

    name = "internal_short"
    schema = InternalShortAbuse
    needs_electrical = True
    functions = {STAGE_SOURCE: internal_short_source}

    def parameters(self):
        return [self.settings.resistance], []

    def summary(self, dataset) -> list[str]:
        return [short_circuit_summary(self.settings.resistance, dataset)]


KIND = InternalShortKind
