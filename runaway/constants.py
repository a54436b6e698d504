"""Physical constants used throughout runaway (one definition each, SI).

References
----------
E. Tiesinga, P. J. Mohr, D. B. Newell, B. N. Taylor, CODATA recommended values of the
fundamental physical constants: 2018, Rev. Mod. Phys. 93 (2021) 025010,
DOI 10.1103/RevModPhys.93.025010 (R = N_A k and sigma are exact in the 2019 SI).
"""

from __future__ import annotations

from scipy.constants import R, Stefan_Boltzmann, atm, zero_Celsius

#: Molar gas constant [J/(mol K)]: N_A k, exact; the same double as Cantera's ``gas_constant``
#: / 1000 (checked in tests/test_style.py), so rates and species thermo agree with Cantera.
GAS_CONSTANT: float = R
#: Stefan-Boltzmann constant [W/(m^2 K^4)].
STEFAN_BOLTZMANN: float = Stefan_Boltzmann
#: Standard temperature and pressure of gas volumes (0 degC, 1 atm) [K], [Pa].
STP_TEMPERATURE: float = zero_Celsius
STP_PRESSURE: float = atm
#: Reference temperature of standard enthalpies [K].
STANDARD_TEMPERATURE = 298.15

__all__ = [
    "GAS_CONSTANT",
    "STANDARD_TEMPERATURE",
    "STEFAN_BOLTZMANN",
    "STP_PRESSURE",
    "STP_TEMPERATURE",
]
