"""The readable table printed by ``runaway hazards``."""

from __future__ import annotations

import math


def _pct(x: float) -> str:
    return "n/a" if not math.isfinite(x) else f"{100.0 * x:.2f} %"


def _sweep(phis, values, scale: float, fmt: str) -> str:
    cells = []
    for p, v in zip(phis, values, strict=True):
        cells.append(f"{p:g}: " + ("no flame" if not math.isfinite(v) else fmt.format(v * scale)))
    return ", ".join(cells) or "n/a"


def format_table(report, label: str, cells: float = math.nan) -> str:
    """Plain-text summary of a :class:`runaway.hazards.HazardReport`.

    Parameters
    ----------
    report : HazardReport
        Metrics to show (SI inside; shown in %, cm/s, bar, bar m/s, L).
    label : str
        Where the gas came from.
    cells : float
        Cells whose vent gas reaches 25 % LFL in the enclosure [1] (NaN: not shown).
    """
    gas = ", ".join(
        f"{k} {100 * v:.1f}"
        for k, v in sorted(report.composition.items(), key=lambda i: -i[1])
        if v >= 5e-4
    )
    i_max = max(range(len(report.p_max)), key=lambda i: report.p_max[i], default=None)
    lines = [
        f"vent gas ({label}), mol %: {gas}",
        f"initial state               {report.temperature - 273.15:.1f} degC, "
        f"{report.pressure / 1e5:.4g} bar",
        f"LFL / UFL in air (whole gas) {_pct(report.lfl)} / {_pct(report.ufl)}   "
        "(Le Chatelier, Zabetakis 1965 limits)",
        f"LFL / UFL combustibles only  {_pct(report.lfl_combustible)} / "
        f"{_pct(report.ufl_combustible)}  (combustible fraction "
        f"{_pct(report.combustible_fraction)})",
        f"flammable in air            {'yes' if report.flammable else 'no'}",
    ]
    if report.flammable:
        lines += [
            f"limit flame temperature     {report.limit_flame_temperature:.0f} K "
            f"(adiabatic, at the LFL, 25 degC)",
            f"LFL at initial temperature  {_pct(report.lfl_at_temperature)} "
            "(constant limit flame temperature)",
            f"stoichiometric gas in air   {_pct(report.stoichiometric_fraction)}",
            "burning velocity S_u        "
            + _sweep(report.phi, report.burning_velocity, 100.0, "{:.1f} cm/s"),
            "K_G estimate (laminar)      "
            + _sweep(report.phi, report.deflagration_index, 1e-5, "{:.0f} bar m/s"),
        ]
        if i_max is not None:
            lines.append(
                f"Pmax (AICC, absolute)       {report.p_max[i_max] / 1e5:.2f} bar at "
                f"phi = {report.phi_pmax[i_max]:g} (T = {report.t_max[i_max]:.0f} K)"
            )
        lines.append(
            f"25 % LFL in {report.enclosure_volume:g} m3      "
            f"{1000 * report.gas_volume_25_lfl:.1f} L of vent gas "
            f"({report.gas_amount_25_lfl:.3g} mol; well-mixed room, NFPA 69)"
        )
        if math.isfinite(cells):
            lines.append(f"cells to reach 25 % LFL     {cells:.3g} (this result's gas per cell)")
    lines += [f"note: {n}" for n in report.notes]
    lines.append("screening estimate from a model, not a test result")
    return "\n".join(lines)
