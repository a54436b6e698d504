"""Independent plain-numpy reference of the Hatchard 2001 / Kim 2007 18650 oven test.

Written only from the rate laws and Table 1 parameters of Kim et al. 2007 (as transcribed from
that table, the same in several independent transcriptions; no runaway code, no Cantera),
integrated with scipy's BDF exactly as a user of scipy would: no analytic Jacobian, rtol 1e-6.
It serves two purposes:

- a cross-check of runaway's Kim 2007 case (time to runaway, peak temperature);
- the "plain BDF" timing baseline in ``benchmarks/bench.py``.

Model (Kim et al., J. Power Sources 170 (2007) 476, Table 1, DOI 10.1016/j.jpowsour.2007.04.018;
Hatchard et al., J. Electrochem. Soc. 148 (2001) A755, DOI 10.1149/1.1377592)::

    R_sei = A_sei exp(-Ea_sei/RT) c_sei                  dc_sei/dt = -R_sei
    R_ne  = A_ne exp(-z/z0) exp(-Ea_ne/RT) c_ne           dc_ne/dt  = -R_ne,  dz/dt = +R_ne
    R_pe  = A_pe exp(-Ea_pe/RT) alpha (1 - alpha)         dalpha/dt = +R_pe
    R_e   = A_e exp(-Ea_e/RT) c_e                         dc_e/dt   = -R_e
    q     = H_sei W_c R_sei + H_ne W_c R_ne + H_pe W_p R_pe + H_e W_e R_e       [W/m^3]
    rho cp V dT/dt = q V - h A (T - T_oven) - eps sigma A (T^4 - T_oven^4)

The cell (r = 9 mm, L = 65 mm, A = 2 pi r L + 2 pi r^2) starts at 25 degC the moment it is put
into the oven, which is already at ``oven_temperature_K``; convection (h = 7.17 W/m^2/K) and
radiation (eps, default 0.8) both exchange heat with the oven at that temperature.

Example
-------
>>> from benchmarks.reference_kim import simulate_kim_reference
>>> r = simulate_kim_reference(428.15)  # doctest: +SKIP
>>> r["time_to_runaway"], r["max_temperature"] - 273.15  # doctest: +SKIP
"""

from __future__ import annotations

import math

import numpy as np
from scipy.integrate import solve_ivp

GAS_CONSTANT = 8.314  # [J/(mol K)], as in Kim 2007
STEFAN_BOLTZMANN = 5.670374419e-8  # [W/(m^2 K^4)]
RUNAWAY_RATE = 1.0  # [K/s]

# Kim 2007 Table 1: A [1/s], Ea [J/mol], H [J/g], W [g/m^3]
A_SEI, EA_SEI, H_SEI = 1.667e15, 1.3508e5, 257.0
A_NE, EA_NE, H_NE = 2.5e13, 1.3508e5, 1714.0
A_PE, EA_PE, H_PE = 6.667e13, 1.396e5, 314.0
A_E, EA_E, H_E = 5.14e25, 2.74e5, 155.0
W_C, W_P, W_E = 6.104e5, 1.221e6, 4.07e5
C_SEI0, C_NE0, Z0, ALPHA0, C_E0 = 0.15, 0.75, 0.033, 0.04, 1.0

# cell and surroundings
RADIUS, LENGTH = 9e-3, 65e-3  # [m]
VOLUME = math.pi * RADIUS**2 * LENGTH  # [m^3]
AREA = 2.0 * math.pi * RADIUS * LENGTH + 2.0 * math.pi * RADIUS**2  # [m^2], both end faces
DENSITY, SPECIFIC_HEAT = 2580.0, 830.0  # [kg/m^3], [J/(kg K)]
HTC = 7.17  # [W/(m^2 K)]
INITIAL_TEMPERATURE = 298.15  # [K]

# state vector indices
T, C_SEI, C_NE, Z, ALPHA, C_E = range(6)


def kim_rhs(t: float, y: np.ndarray, oven_temperature: float, emissivity: float) -> np.ndarray:
    """Time derivative of [T, c_sei, c_ne, z, alpha, c_e] (SI, contents dimensionless)."""
    temperature, c_sei, c_ne, z, alpha, c_e = y
    rt = GAS_CONSTANT * temperature
    r_sei = A_SEI * math.exp(-EA_SEI / rt) * c_sei
    r_ne = A_NE * math.exp(-z / Z0) * math.exp(-EA_NE / rt) * c_ne
    r_pe = A_PE * math.exp(-EA_PE / rt) * alpha * (1.0 - alpha)
    r_e = A_E * math.exp(-EA_E / rt) * c_e
    q = H_SEI * W_C * r_sei + H_NE * W_C * r_ne + H_PE * W_P * r_pe + H_E * W_E * r_e  # [W/m^3]
    loss = HTC * AREA * (temperature - oven_temperature)
    loss += emissivity * STEFAN_BOLTZMANN * AREA * (temperature**4 - oven_temperature**4)
    dtemperature = (q * VOLUME - loss) / (DENSITY * SPECIFIC_HEAT * VOLUME)
    return np.array([dtemperature, -r_sei, -r_ne, r_ne, r_pe, -r_e])


def simulate_kim_reference(
    oven_temperature_K: float, emissivity: float = 0.8, end_time: float = 7200.0
) -> dict:
    """Oven test of the Kim 2007 18650 cell with scipy BDF.

    Parameters
    ----------
    oven_temperature_K : float
        Oven (air and wall) temperature [K]; the oven is pre-heated.
    emissivity : float
        Emissivity of the cell surface [1]; 0 switches radiation off.
    end_time : float
        Simulated time [s].

    Returns
    -------
    dict
        ``time`` [s] and ``temperature`` [K] at the solver's steps, ``temperature_rate``
        [K/s] from the right-hand side at those points, ``time_to_runaway`` [s] (first time
        dT/dt reaches 1 K/s, linearly interpolated between steps; NaN if never),
        ``max_temperature`` [K], ``runaway`` (bool) and ``nfev`` / ``steps``.
    """
    y0 = np.array([INITIAL_TEMPERATURE, C_SEI0, C_NE0, Z0, ALPHA0, C_E0])
    atol = np.array([1e-6, 1e-10, 1e-10, 1e-10, 1e-10, 1e-10])
    sol = solve_ivp(
        kim_rhs,
        (0.0, end_time),
        y0,
        method="BDF",
        rtol=1e-6,
        atol=atol,
        args=(oven_temperature_K, emissivity),
    )
    if not sol.success:
        raise RuntimeError(f"reference integration failed: {sol.message}")
    time, temperature = sol.t, sol.y[T]
    rate = np.array(
        [
            kim_rhs(t, y, oven_temperature_K, emissivity)[T]
            for t, y in zip(sol.t, sol.y.T, strict=True)
        ]
    )
    above = np.flatnonzero(rate >= RUNAWAY_RATE)
    if above.size == 0:
        time_to_runaway = float("nan")
    elif above[0] == 0:
        time_to_runaway = float(time[0])
    else:
        i = int(above[0])
        w = (RUNAWAY_RATE - rate[i - 1]) / (rate[i] - rate[i - 1])
        time_to_runaway = float(time[i - 1] + w * (time[i] - time[i - 1]))
    return {
        "time": time,
        "temperature": temperature,
        "temperature_rate": rate,
        "time_to_runaway": time_to_runaway,
        "max_temperature": float(temperature.max()),
        "runaway": bool(above.size),
        "nfev": int(sol.nfev),
        "steps": int(time.size - 1),
    }


def main() -> None:
    """Print the project's cross-check numbers for the Kim 2007 oven test."""
    cases = [(140.0, 0.8), (155.0, 0.8), (140.0, 0.0), (155.0, 0.0)]
    for celsius, eps in cases:
        r = simulate_kim_reference(celsius + 273.15, emissivity=eps)
        print(
            f"oven {celsius:5.1f} degC  eps {eps:3.1f}  runaway {r['runaway']!s:5}  "
            f"t_runaway {r['time_to_runaway']:8.1f} s  peak {r['max_temperature'] - 273.15:7.2f} "
            f"degC  steps {r['steps']}  nfev {r['nfev']}"
        )


if __name__ == "__main__":
    main()
