"""Flammability limits of a vent gas in air by Le Chatelier's mixing rule.

Per-species limits are the values tabulated by Zabetakis (1965) for upward propagation in air
at about 25 degC and 1 atm. A vent gas is the whole released gas, inert and non-combustible
species included: each of those adds nothing to Le Chatelier's sum, so the limit of the whole
gas equals the limit of its combustible part divided by the combustible fraction (the two
common conventions, "renormalised combustibles" and "whole gas", are therefore reported side
by side and are consistent).

References
----------
Zabetakis, M. G. (1965). Flammability characteristics of combustible gases and vapors.
U.S. Bureau of Mines Bulletin 627. https://doi.org/10.2172/7328370
Le Chatelier, H. (1891). Estimation of firedamp by flammability limits. Annales des Mines,
ser. 8, 19, 388-395 (English translation: Process Saf. Prog. 27 (2008) 50.)
Coward, H. F. and Jones, G. W. (1952). Limits of flammability of gases and vapors. U.S.
Bureau of Mines Bulletin 503.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass

#: Lower and upper flammability limits in air [mole fraction], Zabetakis (1965) Bulletin 627,
#: Appendix A summary table (upward propagation, ~25 degC, 1 atm); C4H10 is n-butane.
FLAMMABILITY_LIMITS: dict[str, tuple[float, float]] = {
    "H2": (0.040, 0.75),
    "CO": (0.125, 0.74),
    "CH4": (0.050, 0.15),
    "C2H6": (0.030, 0.124),
    "C2H4": (0.027, 0.36),
    "C2H2": (0.025, 1.00),
    "C3H8": (0.021, 0.095),
    "C3H6": (0.024, 0.11),
    "C4H10": (0.018, 0.084),
    "CH3OCH3": (0.034, 0.27),
}

#: Species that do not burn in air: they dilute the mixture and add nothing to the sum. HF,
#: PF5 and POF3 (electrolyte-salt products) are non-combustible; O2 in the vent gas is counted
#: here as a non-combustible diluent (conservative for the lower limit: it is oxidant, not fuel).
NON_COMBUSTIBLE: frozenset[str] = frozenset(
    {"CO2", "N2", "AR", "HE", "H2O", "O2", "HF", "PF5", "POF3"}
)

#: Aliases accepted in user input, mapped to the names used here.
ALIASES = {"Ar": "AR", "He": "HE", "DME": "CH3OCH3", "nC4H10": "C4H10"}

LIMITS_SOURCE = "Zabetakis (1965), U.S. Bureau of Mines Bulletin 627, doi:10.2172/7328370"


class CompositionError(ValueError):
    """A vent-gas composition that cannot be assessed; the message says why."""


def known_species() -> list[str]:
    """Every species a composition may name (combustible with a sourced limit, or inert)."""
    return sorted({*FLAMMABILITY_LIMITS, *NON_COMBUSTIBLE})


def canonical_name(name: str) -> str:
    """The table's name for ``name`` (aliases resolved), or CompositionError with hints."""
    name = ALIASES.get(name.strip(), name.strip())
    if name in FLAMMABILITY_LIMITS or name in NON_COMBUSTIBLE:
        return name
    upper = name.upper()
    if upper in NON_COMBUSTIBLE:
        return upper
    hint = difflib.get_close_matches(name, known_species(), n=3, cutoff=0.5)
    suggestion = f"; did you mean {', '.join(hint)}?" if hint else ""
    raise CompositionError(
        f"unknown species '{name}' (no sourced flammability limit){suggestion} "
        f"Known: {', '.join(known_species())}"
    )


def normalise(composition: dict[str, float], tolerance: float = 0.02) -> dict[str, float]:
    """Check and normalise a vent-gas composition.

    Parameters
    ----------
    composition : dict of str to float
        Mole fractions [1] by species name; zero entries are dropped.
    tolerance : float
        Largest accepted deviation of the sum from 1 [1].

    Returns
    -------
    dict of str to float
        Canonical species names with mole fractions summing to exactly 1 [1].

    Raises
    ------
    CompositionError
        Unknown species, negative or non-finite fractions, or a sum off 1 by more than
        ``tolerance``.
    """
    clean: dict[str, float] = {}
    for name, value in composition.items():
        species = canonical_name(name)
        if not math.isfinite(value) or value < 0.0:
            raise CompositionError(f"mole fraction of {species} must be >= 0 (got {value!r})")
        if value > 0.0:
            clean[species] = clean.get(species, 0.0) + float(value)
    total = sum(clean.values())
    if total <= 0.0:
        raise CompositionError("the composition is empty (no species with a fraction > 0)")
    if abs(total - 1.0) > tolerance:
        hint = " (percentages? divide by 100)" if 90.0 < total < 110.0 else ""
        raise CompositionError(
            f"mole fractions sum to {total:.4g}, not 1 within {tolerance:g}{hint}"
        )
    return {k: v / total for k, v in clean.items()}


def parse_composition(text: str, tolerance: float = 0.02) -> dict[str, float]:
    """Parse ``"H2=0.308,CO=0.13,..."`` into a normalised composition (see :func:`normalise`).

    Parameters
    ----------
    text : str
        Comma-separated ``SPECIES=FRACTION`` pairs, fractions as mole fractions [1].
    tolerance : float
        Largest accepted deviation of the sum from 1 [1].
    """
    composition: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        if not sep:
            name, sep, value = item.partition(":")
        if not sep or not name.strip():
            raise CompositionError(f"'{item}' is not SPECIES=FRACTION")
        try:
            fraction = float(value)
        except ValueError:
            raise CompositionError(f"'{item}': '{value.strip()}' is not a number") from None
        key = name.strip()
        composition[key] = composition.get(key, 0.0) + fraction
    return normalise(composition, tolerance)


@dataclass(frozen=True)
class FlammabilityLimits:
    """Le Chatelier limits of a vent gas in air.

    Attributes
    ----------
    lfl, ufl : float
        Lower and upper limit of the whole vent gas (inerts included) in air [mole fraction];
        NaN if the gas holds no combustible. ``ufl`` is NaN too when the rule would put it at
        or above 1 (pure vent gas, no air: the rule has lost its meaning there).
    lfl_combustible, ufl_combustible : float
        The same limits for the combustible part alone, renormalised to 1 [mole fraction].
    combustible_fraction : float
        Mole fraction of combustible species in the vent gas [1].
    """

    lfl: float
    ufl: float
    lfl_combustible: float
    ufl_combustible: float
    combustible_fraction: float

    @property
    def flammable(self) -> bool:
        """Whether any mixture of the gas with air lies inside the limits."""
        return math.isfinite(self.lfl) and self.lfl < (self.ufl if math.isfinite(self.ufl) else 1.0)


def le_chatelier(composition: dict[str, float]) -> FlammabilityLimits:
    """Lower and upper flammability limits of a gas mixture in air by Le Chatelier's rule.

    Parameters
    ----------
    composition : dict of str to float
        Vent-gas mole fractions [1] (normalised; see :func:`normalise`).

    Returns
    -------
    FlammabilityLimits
        Whole-gas and combustible-only limits [mole fraction].

    Notes
    -----
    With ``x_i`` the mole fraction of combustible ``i`` in the vent gas and ``L_i`` its limit,

    .. math:: L_{mix} = \\left(\\sum_i x_i / L_i\\right)^{-1}

    inerts contributing zero to the sum; the combustible-only limit is ``L_mix * x_c`` with
    ``x_c = sum_i x_i``. A whole-gas upper limit at or above 1 is reported as NaN. Treating
    CO2, N2 and the fluorine species as plain diluents ignores their own narrowing of the
    flammable range (significant for the upper limit of CO2-rich gas; Zabetakis 1965), so the
    whole-gas upper limit of an inert-rich gas is an over-estimate and the less reliable of
    the two. The rule itself holds best for fuels with similar limit flame temperatures and
    is least accurate for H2-rich upper
    limits (Coward and Jones 1952).
    """
    combustible = {k: v for k, v in composition.items() if k in FLAMMABILITY_LIMITS}
    x_c = sum(combustible.values())
    if x_c <= 0.0:
        nan = float("nan")
        return FlammabilityLimits(nan, nan, nan, nan, 0.0)
    lower = 1.0 / sum(x / FLAMMABILITY_LIMITS[k][0] for k, x in combustible.items())
    upper = 1.0 / sum(x / FLAMMABILITY_LIMITS[k][1] for k, x in combustible.items())
    return FlammabilityLimits(
        lfl=lower,
        ufl=upper if upper < 1.0 else float("nan"),
        lfl_combustible=lower * x_c,
        ufl_combustible=upper * x_c,
        combustible_fraction=x_c,
    )
