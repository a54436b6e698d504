"""Scenario schema of vent ejection: the liquid and solid the vent gas carries out of the cell.

Ratios are masses of ejecta per mass of gas vented, while the cell still holds all of that
class of species; as the class is used up the ratio falls in proportion
(:mod:`runaway.physics.ejection`).
"""

from pydantic import BaseModel, ConfigDict

from .units import DIMENSIONLESS, quantity

__all__ = ["EjectionSpec"]

#: Largest ratio accepted [kg/kg]: measured 18650 ejecta are a few times the vent gas mass.
MAX_EJECTION_RATIO = 50.0

_RATIO = quantity(
    DIMENSIONLESS,
    ge=0,
    le=MAX_EJECTION_RATIO,
    hint="kg of ejecta per kg of vent gas, a plain number (0 = none); cells eject 0-10",
)


class EjectionSpec(BaseModel):
    """Entrainment of liquid electrolyte and solid particles by the vent flow.

    Attributes
    ----------
    liquid_mass_ratio : float
        Mass of liquid species (``state-of-matter: liquid``) carried out per mass of gas
        vented [kg/kg] while all the initial liquid is still in the cell; default 0.
    solid_mass_ratio : float
        The same for the solid species of the mechanism (active materials, salts, lithium)
        [kg/kg]; default 0. Inert mass (current collectors, separator, casing) stays.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    liquid_mass_ratio: _RATIO = 0.0
    solid_mass_ratio: _RATIO = 0.0
