"""Pouch-cell swelling: free volume growing with internal pressure against a compliant pad.

A pouch held in a fixture at stack pressure sigma0 starts to open once the internal gas pressure
exceeds ambient + sigma0; beyond that the pad (modulus E, thickness L) is compressed elastically,
so the headspace grows as V = V0 + A L/E max(P - P_amb - sigma0, 0). This is the
pressure-driven part of the pouch-venting submodel of the public PyBaMM fork by V. Tran
(viviantran27/PyBaMM; its electrolyte dry-out follows Kupper et al. 2018, DOI not verified
here); thermal expansion of the stack is neglected here. A free pouch is
the limit of a soft pad up to the laminate's own stiffness.
"""

from __future__ import annotations

import math

from runaway.constants import GAS_CONSTANT


def pouch_compliance(face_area: float, pad_modulus: float, pad_thickness: float) -> float:
    """Volume gained per pascal of overpressure [m^3/Pa].

    Parameters
    ----------
    face_area : float
        Area of the pouch face pushing on the pad [m^2].
    pad_modulus : float
        Young's modulus of the pad / laminate [Pa].
    pad_thickness : float
        Pad thickness [m].
    """
    return face_area * pad_thickness / pad_modulus


def pouch_pressure(
    gas_amount: float,
    temperature: float,
    initial_volume: float,
    compliance: float,
    opening_pressure: float,
) -> tuple[float, float]:
    """Pressure [Pa] and free volume [m^3] of gas in a compliant pouch.

    Solves P V = n R T with V = V0 + c max(P - P_open, 0) in closed form.

    Parameters
    ----------
    gas_amount : float
        Gas in the headspace [mol].
    temperature : float
        [K].
    initial_volume : float
        Free volume before swelling, V0 [m^3].
    compliance : float
        c [m^3/Pa], see :func:`pouch_compliance`.
    opening_pressure : float
        Absolute pressure above which the pouch swells, P_amb + sigma0 [Pa].
    """
    nrt = max(gas_amount, 0.0) * GAS_CONSTANT * temperature
    rigid = nrt / initial_volume
    if rigid <= opening_pressure or compliance <= 0.0:
        return rigid, initial_volume
    # c P^2 + (V0 - c P_open) P - nRT = 0, positive root
    b = initial_volume - compliance * opening_pressure
    pressure = (-b + math.sqrt(b * b + 4.0 * compliance * nrt)) / (2.0 * compliance)
    return pressure, initial_volume + compliance * (pressure - opening_pressure)
