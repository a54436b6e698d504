"""Heat conduction from the jelly roll to the casing: the two-node thermal model.

The jelly roll (electrode stack, electrolyte) and the casing (can or pouch laminate) are two
lumped nodes. Heat released in the stack reaches the casing across the electrode layers,
whose effective conductivity is low (radially ~0.2 W/(m K) in 18650 cells against ~30 W/(m K)
along the axis: Drake et al., J. Power Sources 252 (2014) 298,
DOI 10.1016/j.jpowsour.2013.11.107). The conductance between the nodes is defined on the
*mean* stack temperature, so that the lumped model gives the exact steady mean-to-surface
difference of a stack with uniform heat generation:

- solid cylinder of radius R, length L, radial conductivity k: T(r) - T_s =
  q'''(R^2 - r^2)/(4k), area mean q'''R^2/(8k), so G = Q / (T_mean - T_s) = 8 pi k L;
- slab of thickness t cooled on both faces of area A each, conductivity k across it:
  T(x) - T_s = q'''(b^2 - x^2)/(2k) with b = t/2, mean q'''b^2/(3k), so G = 12 k A / t.

(Incropera, DeWitt, Bergman, Lavine, *Fundamentals of Heat and Mass Transfer*, 6th ed.,
Wiley 2007, sections 3.5 and 3.6: the plane wall and radial systems with generation.)

All functions are pure and SI: lengths [m], conductivities [W/(m K)], conductances [W/K].
"""

from __future__ import annotations

import math


def cylinder_conductance(conductivity: float, length: float) -> float:
    """Conductance from the mean temperature of a cylindrical jelly roll to its can [W/K].

    Parameters
    ----------
    conductivity : float
        Radial effective conductivity of the winding [W/(m K)].
    length : float
        Height of the winding [m].

    Notes
    -----
    G = 8 pi k L (module docstring); independent of the radius.
    """
    return 8.0 * math.pi * conductivity * length


def slab_conductance(conductivity: float, face_area: float, thickness: float) -> float:
    """Conductance from the mean temperature of a flat stack to both faces of its pouch [W/K].

    Parameters
    ----------
    conductivity : float
        Through-plane effective conductivity of the stack [W/(m K)].
    face_area : float
        Area of one large face [m^2].
    thickness : float
        Stack thickness [m].

    Notes
    -----
    G = 12 k A / t (module docstring); the narrow edges are neglected.
    """
    return 12.0 * conductivity * face_area / thickness


def relaxation_time(heat_capacity: float, conductance: float) -> float:
    """Time constant with which a node of ``heat_capacity`` [J/K] follows the other through
    ``conductance`` [W/K] [s]."""
    return heat_capacity / conductance


__all__ = ["cylinder_conductance", "relaxation_time", "slab_conductance"]
