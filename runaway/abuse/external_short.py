"""External short circuit through a resistance; the CID of a can interrupts it.

UN 38.3 T.5 and IEC 62133-2 short the cell through < 0.1 ohm at 55-57 degC. The current is
OCV(SOC) / (R_internal(T) + R_short); only the Joule heat of the internal resistance is
released in the cell. Electrical model: :mod:`runaway.physics.electrical` (Kim et al., J. Power
Sources 170 (2007) 476, DOI 10.1016/j.jpowsour.2007.04.018).
"""

from typing import Literal

from pydantic import BaseModel

from runaway.abuse.base import SCHEMA_CONFIG, AbuseKind, short_circuit_summary
from runaway.kernel.electrical import short_circuit_heat
from runaway.kernel.plugins import part_function
from runaway.kernel.slots import STAGE_SOURCE
from runaway.scenario.units import RESISTANCE, quantity


class ExternalShortAbuse(BaseModel):
    """External short circuit through ``resistance`` [ohm]."""

    model_config = SCHEMA_CONFIG
    kind: Literal["external_short"]
    resistance: quantity(RESISTANCE, gt=0)


@part_function
def external_short_source(time, y, mode, fp, ip, params, iparams, bus, dy):
    """Short current and Joule heat in the internal resistance (params: short resistance
    [ohm]; iparams: index of the ``cid_open`` flag, -1 without a CID)."""
    if iparams[0] >= 0 and mode[iparams[0]] == 1:
        return  # the current interrupt device has opened
    short_circuit_heat(y, fp, ip, params[0], False, bus)


class ExternalShortKind(AbuseKind):
    """External short: current through the resistance until the cell is empty or the CID opens."""

    name = "external_short"
    schema = ExternalShortAbuse
    needs_electrical = True
    functions = {STAGE_SOURCE: external_short_source}

    def parameters(self):
        cid = self.model.mode_index("cid_open") if "cid_open" in self.model.mode_names else -1
        return [self.settings.resistance], [cid]

    def summary(self, dataset) -> list[str]:
        return [short_circuit_summary(self.settings.resistance, dataset)]


KIND = ExternalShortKind
