"""Reactive surface of a lithium-metal anode (pure SI functions).

The Li + electrolyte / salt / HF / O2 reactions of ``mechanisms/lithium.yaml`` are written as
mass action k [Li][X]: their rate grows with the amount of Li, i.e. with a Li surface of a fixed
*specific* area [m^2/kg]. The rate constants were anchored to the fresh foil of the bundled
preset (50 um). Their ``reactive-area`` field marks them; this module gives the factor that
scales them from the anchor's specific area to the cell's:

    factor = sigma / sigma_ref,
    sigma = (1 - f_dead) sigma_foil + f_dead S_dead           (solid Li)
    sigma_foil = 1 / (rho_Li delta)                           (one exposed face per foil layer)

with ``f_dead`` the mass fraction of the Li present as dead / dendritic Li and ``S_dead`` its
specific surface area (BET). Jiang et al., J. Energy Chem. 72 (2022) 158
(DOI 10.1016/j.jechem.2022.05.005) report 49.5 m^2/g for their most dendritic (cycled) Li
against ~0.04 m^2/g for a 50 um foil (this formula), so a cycled anode reacts 10^2-10^3 times
faster at the same temperature.

Because the reaction stays first order in [Li], the area scales with the Li left (a constant
specific area while it is consumed) - the simplest law that keeps the fresh-foil results of the
anchor unchanged.

Melting (453.65 K): molten Li has no dendrites; with a surface tension of ~0.4 N/m it
coalesces into a pool on the current collector. ESTIMATE (no measured area of molten dead Li
found): above the melting point the specific area is that of the foil, sigma_foil, for fresh
and cycled anodes alike. The kernel blends the two with the melted fraction of Li(s)
(:func:`runaway.physics.thermal.melted_fraction`, 1 K wide).
"""

from __future__ import annotations

import math

#: Density of lithium metal at 25 degC [kg/m^3] (0.534 g/cm^3, CRC Handbook of Chemistry and
#: Physics, "Density of the elements"; the value the bundled presets use).
LITHIUM_DENSITY = 534.0


def foil_specific_area(thickness: float, density: float = LITHIUM_DENSITY) -> float:
    """Specific area of a dense Li foil with one face wetted by electrolyte [m^2/kg].

    Parameters
    ----------
    thickness : float
        Foil thickness [m], > 0.
    density : float
        [kg/m^3].
    """
    if thickness <= 0.0:
        raise ValueError(f"foil thickness must be > 0 m, got {thickness:g}")
    return 1.0 / (density * thickness)


def specific_area(foil_thickness: float, dead_fraction: float, dead_specific_area: float) -> float:
    """Mass-weighted specific area of a Li anode: foil plus dead / dendritic Li [m^2/kg].

    Parameters
    ----------
    foil_thickness : float
        [m].
    dead_fraction : float
        Mass fraction of the Li that is dead / dendritic [1], in [0, 1].
    dead_specific_area : float
        Specific surface area of the dead / dendritic Li [m^2/kg].
    """
    if not 0.0 <= dead_fraction <= 1.0:
        raise ValueError(f"dead-lithium fraction must be in [0, 1], got {dead_fraction:g}")
    foil = foil_specific_area(foil_thickness)
    return (1.0 - dead_fraction) * foil + dead_fraction * dead_specific_area


def area_factors(
    foil_thickness: float,
    dead_fraction: float,
    dead_specific_area: float,
    reference_thickness: float,
) -> tuple[float, float]:
    """Rate factors of the Li-surface reactions below and above the melting point [1].

    Parameters
    ----------
    foil_thickness : float
        Li foil thickness of the cell [m].
    dead_fraction : float
        Mass fraction of dead / dendritic Li [1].
    dead_specific_area : float
        [m^2/kg].
    reference_thickness : float
        Foil thickness the rate constants were anchored to [m].

    Returns
    -------
    (solid, molten) : tuple of float
        sigma / sigma_ref for solid Li, and for molten Li (coalesced to the foil's specific
        area, see the module notes).
    """
    if not 0.0 <= dead_fraction <= 1.0:
        raise ValueError(f"dead-lithium fraction must be in [0, 1], got {dead_fraction:g}")
    reference = foil_specific_area(reference_thickness)
    # the anchor's own foil gives exactly 1: "50 um" parses to 50 * 1e-6 != 50.0e-6 in binary
    if math.isclose(foil_thickness, reference_thickness, rel_tol=1e-12):
        molten = 1.0
    else:
        molten = foil_specific_area(foil_thickness) / reference
    solid = (1.0 - dead_fraction) * molten + dead_fraction * (dead_specific_area / reference)
    return solid, molten


__all__ = ["LITHIUM_DENSITY", "area_factors", "foil_specific_area", "specific_area"]
