"""Nail penetration, modelled as an internal short of the nail's resistance.

The lumped model spreads the Joule heat over the whole cell; the local heating around the
nail that triggers runaway in a real test is not resolved, so onset times are late.
"""

from typing import Literal

from pydantic import BaseModel

from runaway.abuse.base import SCHEMA_CONFIG
from runaway.abuse.internal_short import InternalShortKind
from runaway.scenario.units import RESISTANCE, quantity


class NailAbuse(BaseModel):
    """Nail penetration, modelled as an internal short of ``resistance`` [ohm].

    The default 0.01 ohm is a placeholder estimate (order of magnitude of reported
    nail-short resistances), not a measured value: set it for the cell and nail.
    """

    model_config = SCHEMA_CONFIG
    kind: Literal["nail"]
    resistance: quantity(RESISTANCE, gt=0) = 0.01


class NailKind(InternalShortKind):
    """Nail: an internal short of the nail's resistance."""

    name = "nail"
    schema = NailAbuse


KIND = NailKind
