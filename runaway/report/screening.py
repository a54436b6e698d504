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


#: Tests the model cannot run, with the reason shown instead of a verdict.
CANNOT_RUN = {
    "GB 38031 overcharge": "not assessed: the model has no overcharge abuse kind yet (the "
    "electrochemistry of charging past 100 % SOC is not modelled)",
}


def not_assessed(standards: tuple[str, ...]) -> list[dict]:
    """Rows for standards this report does not screen (no template run, or none possible)."""
    return [
        {
            "standard": name,
            "criterion": "",
            "confidence": "U",
            "verdict": CANNOT_RUN.get(name, "not assessed: no run of its template in this report"),
            "basis": "",
        }
        for name in standards
    ]


def characterise(key: str, dataset) -> dict:
    """Row of a characterisation test without a pass/fail criterion (SAE J2464, ARC): its
    outcome, not a verdict.

    Parameters
    ----------
    key : str
        ``"sae-j2464"`` or ``"arc"``.
    dataset : xarray.Dataset
        The template's result.
    """
    from runaway.summary import event_times

    standard, criterion, confidence, _ = RULES[key]
    row = {"standard": standard, "criterion": criterion, "confidence": confidence}
    status = str(dataset["status"].values)
    if status != "ok":
        return row | {"verdict": "no outcome: the run failed", "basis": status}

    def celsius(name: str) -> str:
        value = float(dataset[name].values)
        return f"{value - 273.15:.0f} degC" if math.isfinite(value) else "not reached"

    runaway = bool(dataset["thermal_runaway"].values)
    basis = (
        f"T1 {celsius('onset_temperature')}, T2 {celsius('trigger_temperature')}, T3 "
        f"{celsius('max_temperature')}, runaway {'yes' if runaway else 'no'}"
    )
    if key == "arc":
        return row | {"verdict": "characterisation only (no pass/fail criterion)", "basis": basis}
    found = event_times(dataset).get("staircase_exotherm")
    exotherm = "none reached 1 K/min"
    if found is not None and "staircase_oven_temperature" in dataset:
        oven = dataset["staircase_oven_temperature"].values
        set_point = float(oven[abs(dataset["time"].values - found).argmin()])
        exotherm = f"first exotherm at oven {set_point - 273.15:.0f} degC"
    outcome = "runaway during the staircase" if runaway else "no runaway up to the last step"
    return row | {"verdict": f"characterisation: {outcome}; {exotherm}", "basis": basis}


#: Screening rules per template: (standard, criterion, confidence, case-temperature limit [K]).
RULES = {
    "un38.3": (
        "UN 38.3 T.5 external short",
        "case <= 170 degC; no disassembly, rupture or fire within 6 h",
        "C",
        443.15,
    ),
    "iec62133-2": ("IEC 62133-2 thermal abuse", "no fire, no explosion", "M", None),
    "iec62133-2-short": ("IEC 62133-2 external short", "no fire, no explosion", "C", None),
    "ul1642": ("UL 1642 heating", "no fire, no explosion", "M", None),
    "ul1642-short": (
        "UL 1642 short",
        "case <= 150 degC; no fire, no explosion",
        "M",
        423.15,
    ),
    "gb38031": ("GB 38031 cell heating", "no fire, no explosion", "C", None),
    "gb38031-short": ("GB 38031 cell external short", "no fire, no explosion", "C", None),
    "sae-j2464": (
        "SAE J2464 thermal stability",
        "none; outcome is the maximum stable temperature (EUCAR hazard level)",
        "C",
        None,
    ),
    "arc": ("ARC heat-wait-seek", "none; outcome is T1, T2, T3 and max dT/dt", "C", None),
}
#: Templates whose row is an outcome, not a verdict (:func:`characterise`).
CHARACTERISATION = ("sae-j2464", "arc")


def screen(key: str, dataset) -> dict:
    """Screening row of one template run (every template but UL 9540A).

    Parameters
    ----------
    key : str
        Template key of :data:`RULES`.
    dataset : xarray.Dataset
        The template's result.

    Returns
    -------
    dict
        ``standard``, ``criterion``, ``confidence``, ``verdict``, ``basis``.

    Notes
    -----
    Proxies: fire or explosion is judged likely when the cell runs away (the model's runaway
    flag) and its vent gas is flammable in air; no runaway and no vent means "expected to pass";
    a vent of flammable gas without runaway gets no verdict, because whether it ignites depends
    on ignition sources the model does not see. Rupture of a can is not modelled separately.
    """
    from runaway.hazards import CompositionError, le_chatelier
    from runaway.hazards.dataset import result_composition

    if key in CHARACTERISATION:
        return characterise(key, dataset)
    standard, criterion, confidence, t_limit = RULES[key]
    row = {"standard": standard, "criterion": criterion, "confidence": confidence}
    status = str(dataset["status"].values)
    if status != "ok":
        return row | {"verdict": "no verdict: the run failed", "basis": status}
    try:
        flammable = le_chatelier(result_composition(dataset)).flammable
    except CompositionError:
        flammable = False
    runaway = bool(dataset["thermal_runaway"].values)
    vented = math.isfinite(float(dataset["vent_time"].values))
    t_max = float(dataset["max_temperature"].values)
    basis = (
        f"runaway {'yes' if runaway else 'no'}, vent {'yes' if vented else 'no'}, vent gas "
        f"{'flammable' if flammable else 'not flammable'}, T max {t_max - 273.15:.0f} degC"
    )
    if runaway and flammable:
        verdict = "fail likely: runaway with flammable vent gas (fire/explosion proxy)"
    elif runaway:
        verdict = "fail likely: thermal runaway"
    elif t_limit is not None and t_max > t_limit:
        verdict = f"fail likely: case above {t_limit - 273.15:.0f} degC"
    elif vented and flammable:
        verdict = "no verdict: flammable gas vented without runaway; ignition not modelled"
    else:
        verdict = "pass expected (model screening)"
    return row | {"verdict": verdict, "basis": basis}
