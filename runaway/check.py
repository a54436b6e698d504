"""``runaway check``: element balance and reaction heats of the mechanisms.

It sits above the chemistry and the scenario layers: it reads the bundled cell presets to
know which mechanism files are used together, and checks them as composed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from runaway.chemistry.mechanism import Mechanism, load_mechanism
from runaway.scenario import available_presets
from runaway.scenario.loading import preset_mechanisms

#: Element imbalance above which a reaction counts as unbalanced [atoms].
BALANCE_TOLERANCE = 1e-9


def mechanism_groups(names: Sequence[str]) -> list[list[str]]:
    """Sets of files to check together: the bundled cells' sets, then any file not in one."""
    groups: list[list[str]] = []
    for preset in available_presets():
        files = preset_mechanisms(preset)
        if files and all(f in names for f in files) and files not in groups:
            groups.append(files)
    covered = {f for g in groups for f in g}
    groups += [[n] for n in names if n not in covered]
    return groups


def reaction_table(mech: Mechanism, temperature: float = 298.15) -> list[dict]:
    """One row per reaction: equation, heat, element imbalance, literature heat."""
    dh = mech.reaction_enthalpies(temperature)  # [J/mol]
    imbalance = mech.element_imbalance()
    reactant = mech.solution.reactant_stoich_coeffs
    rows = []
    for i, eq in enumerate(mech.reaction_equations):
        k = int(np.flatnonzero(reactant[:, i])[0])
        grams = reactant[k, i] * mech.molar_masses[k] * 1000.0
        bad = {
            mech.element_names[e]: float(imbalance[e, i])
            for e in range(imbalance.shape[0])
            if abs(imbalance[e, i]) > BALANCE_TOLERANCE
        }
        rows.append(
            {
                "equation": eq,
                "dH_kJ_per_mol": dh[i] / 1000.0,
                "first_reactant": mech.species_names[k],
                "dH_J_per_g": dh[i] / grams,
                "imbalance": bad,
                "literature": mech.literature_heats.get(i),
            }
        )
    return rows


def check_report(names: Sequence[str]) -> tuple[str, bool]:
    """Text report for ``runaway check`` and whether every reaction is balanced."""
    lines: list[str] = []
    ok = True
    for group in mechanism_groups(names):
        mech = load_mechanism(group)
        lines.append(
            f"== {' + '.join(group)}: {mech.n_species} species, {mech.n_reactions} reactions"
        )
        lines.append(
            f"   {'reaction':<46} {'dH298 kJ/mol':>13} {'J/g':>9}  {'per g of':<12} literature"
        )
        for row in reaction_table(mech):
            lit = row["literature"]
            lit_text = ""
            if lit:
                lit_text = f"{lit.get('value')} {lit.get('unit', '')} ({lit.get('source', '')})"
            flag = ""
            if row["imbalance"]:
                ok = False
                flag = f"  UNBALANCED {row['imbalance']}"
            lines.append(
                f"   {row['equation']:<46} {row['dH_kJ_per_mol']:13.1f} {row['dH_J_per_g']:9.0f}"
                f"  {row['first_reactant']:<12} {lit_text}{flag}"
            )
        lines.append("")
    lines.append("all reactions element-balanced" if ok else "SOME REACTIONS ARE UNBALANCED")
    return "\n".join(lines), ok
