"""Cell geometry and heat exchange with the surroundings.

All functions are pure and SI: lengths [m], temperatures [K], powers [W].

References
----------
F. P. Incropera, D. P. DeWitt, T. L. Bergman, A. S. Lavine, *Fundamentals of Heat and Mass
Transfer*, 6th ed., Wiley (2007), ch. 1 (Newton cooling, Stefan-Boltzmann radiation).
"""

from __future__ import annotations

import math

from runaway.constants import STEFAN_BOLTZMANN


def cylinder_volume(radius: float, length: float) -> float:
    """Volume of a cylindrical cell [m^3].

    Parameters
    ----------
    radius : float
        Outer radius [m].
    length : float
        Height [m].
    """
    return math.pi * radius**2 * length


def cylinder_surface_area(radius: float, length: float) -> float:
    """Outer surface of a cylindrical cell including both end faces [m^2].

    Parameters
    ----------
    radius : float
        Outer radius [m].
    length : float
        Height [m].

    Notes
    -----
    A = 2 pi r L + 2 pi r^2, as in Hatchard et al. 2001 (DOI 10.1149/1.1377592).
    """
    return 2.0 * math.pi * radius * length + 2.0 * math.pi * radius**2


def box_volume(length: float, width: float, thickness: float) -> float:
    """Volume of a pouch or prismatic cell body [m^3]; all sides [m]."""
    return length * width * thickness


def box_surface_area(length: float, width: float, thickness: float) -> float:
    """Outer surface of a pouch or prismatic cell body [m^2]; all sides [m]."""
    return 2.0 * (length * width + length * thickness + width * thickness)


def convective_heat_loss(
    heat_transfer_coefficient: float, area: float, temperature: float, ambient: float
) -> float:
    """Newton cooling from the cell surface [W].

    Parameters
    ----------
    heat_transfer_coefficient : float
        Surface heat-transfer coefficient h [W/(m^2 K)].
    area : float
        Cooled surface [m^2].
    temperature : float
        Cell temperature [K].
    ambient : float
        Temperature of the surrounding gas [K].
    """
    return heat_transfer_coefficient * area * (temperature - ambient)


def radiative_heat_loss(
    emissivity: float, area: float, temperature: float, surroundings: float
) -> float:
    """Grey-body radiation from the cell surface to large surroundings [W].

    Parameters
    ----------
    emissivity : float
        Surface emissivity [1].
    area : float
        Radiating surface [m^2].
    temperature : float
        Cell temperature [K].
    surroundings : float
        Temperature of the enclosing walls (e.g. the oven) [K].

    Notes
    -----
    Q = eps sigma A (T^4 - T_w^4).
    """
    return emissivity * STEFAN_BOLTZMANN * area * (temperature**4 - surroundings**4)


#: Width of the apparent-heat-capacity peak that spreads a heat of fusion around the melting
#: point [K]; a numerical choice (a sharp melting point would make the energy balance
#: discontinuous).
FUSION_WIDTH = 1.0


def melted_fraction(temperature: float, melting_point: float, width: float = FUSION_WIDTH) -> float:
    """Fraction of a species that has melted [1]: a normal CDF of width ``width`` about the
    melting point.

    Parameters
    ----------
    temperature, melting_point : float
        [K].
    width : float
        Standard deviation of the melting range [K].
    """
    arg = (temperature - melting_point) / width
    return 0.5 * (1.0 + math.erf(arg / math.sqrt(2.0)))


def melting_peak(temperature: float, melting_point: float, width: float = FUSION_WIDTH) -> float:
    """d(melted fraction)/dT [1/K], the shape of the apparent heat capacity of fusion.

    Parameters
    ----------
    temperature, melting_point : float
        [K].
    width : float
        [K], as in :func:`melted_fraction`.
    """
    arg = (temperature - melting_point) / width
    return math.exp(-0.5 * arg * arg) / (width * math.sqrt(2.0 * math.pi))
