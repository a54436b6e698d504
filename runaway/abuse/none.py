"""No abuse: the cell sits in its environment (storage at a fixed temperature)."""

from typing import Literal

from pydantic import BaseModel

from runaway.abuse.base import SCHEMA_CONFIG, AbuseKind


class NoAbuse(BaseModel):
    """No abuse: the cell sits in its environment."""

    model_config = SCHEMA_CONFIG
    kind: Literal["none"] = "none"


class NoAbuseKind(AbuseKind):
    """Nothing is done to the cell; only the surroundings exchange heat with it."""

    name = "none"
    schema = NoAbuse


KIND = NoAbuseKind
