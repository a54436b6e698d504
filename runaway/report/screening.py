"""Regulatory screening rows of a report: model proxies, confidence tags, honest refusals.

Confidence tags: [C] the criterion is stated in a public excerpt of the standard, [M] widely
reproduced but not confirmed, [U] uncertain. A row whose verdict the model cannot support
says so instead of guessing.
"""

from __future__ import annotations

import math

#: The model's proxy for a thermal runaway: the result's ``thermal_runaway`` flag (GB 38031's
#: dT/dt >= 1 K/s rule, docs/results.md).
RUNAWAY_PROXY = "self-heating >= 1 K/s raising the temperature by >= 3 K (thermal_runaway)"


def ul9540a_cell(dataset, hazards) -> dict:
    """UL 9540A cell-level screening: is a module-level test indicated?

    Parameters
    ----------
    dataset : xarray.Dataset
        A runaway result.
    hazards : HazardReport or None
        Hazard metrics of its vent gas (None: no vent gas).

    Returns
    -------
    dict
        ``standard``, ``criterion``, ``confidence``, ``verdict``, ``basis``.

    Notes
    -----
    UL 9540A lets a cell skip the module-level test only if thermal runaway cannot be
    induced in the cell AND its vent gas is not flammable in air [C]. The model gives the
    first through its runaway proxy and the second through the Le Chatelier LFL.
    """
    row = {
        "standard": "UL 9540A cell level",
        "criterion": "module test needed unless runaway cannot be induced AND the vent gas "
        "is not flammable in air",
        "confidence": "C",
    }
    status = str(dataset["status"].values)
    if status != "ok":
        return row | {"verdict": "no verdict: the run failed", "basis": status}
    if str(dataset.attrs.get("abuse_kind", "")) != "heater":
        return row | {
            "verdict": "no verdict: this run is not the UL 9540A heater ramp",
            "basis": f"abuse kind {dataset.attrs.get('abuse_kind', '?')}",
        }
    runaway = bool(dataset["thermal_runaway"].values)
    flammable = hazards is not None and hazards.flammable
    lfl = hazards.lfl if hazards is not None else math.nan
    basis = f"runaway {'induced' if runaway else 'not induced'} ({RUNAWAY_PROXY}); vent gas " + (
        f"flammable, LFL {100 * lfl:.1f} % in air" if flammable else "not flammable"
    )
    verdict = (
        "module-level test indicated"
        if runaway or flammable
        else "cell-level result may exempt the module test (model screening only)"
    )
    return row | {"verdict": verdict, "basis": basis}


def not_assessed(standards: tuple[str, ...]) -> list[dict]:
    """Rows for standards this report does not screen (no template run)."""
    return [
        {
            "standard": name,
            "criterion": "",
            "confidence": "U",
            "verdict": "not assessed: no run of its template in this report",
            "basis": "",
        }
        for name in standards
    ]
