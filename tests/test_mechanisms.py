"""Every bundled mechanism loads, every reaction is element-balanced, heats come from thermo."""

from __future__ import annotations

import numpy as np
import pytest

from runaway.check import check_report, mechanism_groups, reaction_table
from runaway.chemistry import MechanismError, available_mechanisms, load_mechanism

LI_NCM = ["electrolyte.yaml", "lithium.yaml", "ncm.yaml"]


def test_bundled_mechanisms_are_found():
    names = available_mechanisms()
    for expected in ["kim2007.yaml", *LI_NCM]:
        assert expected in names


@pytest.mark.parametrize("group", mechanism_groups(available_mechanisms()), ids=" + ".join)
def test_every_reaction_is_element_balanced(group):
    mech = load_mechanism(group)
    imbalance = mech.element_imbalance()
    assert mech.n_reactions > 0
    assert np.abs(imbalance).max() < 1e-9, reaction_table(mech)


@pytest.mark.parametrize("group", mechanism_groups(available_mechanisms()), ids=" + ".join)
def test_every_species_declares_its_state_of_matter(group):
    mech = load_mechanism(group)
    assert set(mech.state_of_matter) <= {"gas", "liquid", "solid"}


def test_reaction_heats_are_species_enthalpy_differences():
    mech = load_mechanism(LI_NCM)
    h = mech.standard_enthalpies(298.15)
    for i, reaction in enumerate(mech.solution.reactions()):
        expected = sum(nu * h[mech.species_index(s)] for s, nu in reaction.products.items())
        expected -= sum(nu * h[mech.species_index(s)] for s, nu in reaction.reactants.items())
        assert mech.reaction_enthalpies(298.15)[i] == pytest.approx(expected, rel=1e-12, abs=1e-6)


def test_kim2007_heats_match_table_1():
    """Kim 2007 Table 1 heats (J/g) are reproduced exactly by the species enthalpies."""
    mech = load_mechanism(["kim2007.yaml"])
    rows = reaction_table(mech)
    expected = {"SEI_kim": 257, "LiC6_kim": 1714, "CoO2_kim": 314, "Elyte_kim": 155}
    for row in rows:
        assert -row["dH_J_per_g"] == pytest.approx(expected[row["first_reactant"]], rel=1e-9)


def test_mechanisms_cite_sources():
    from runaway.chemistry import mechanism_directory

    for path in mechanism_directory().glob("*.yaml"):
        text = path.read_text()
        assert "DOI" in text or "doi" in text, path.name


def test_check_report_passes():
    text, ok = check_report(available_mechanisms())
    assert ok, text
    assert "element-balanced" in text


def test_unknown_mechanism_is_a_clear_error():
    with pytest.raises(MechanismError, match="unknown mechanism 'nope.yaml'.*kim2007.yaml"):
        load_mechanism(["nope.yaml"])


def test_vapour_pressure_matches_wagner_check_values():
    """DMC: 7.27 kPa at 298.15 K and 101.9 kPa at 363.4 K (check points of the Wagner correlation).

    Wagner constants of Poling, Prausnitz, O'Connell, The Properties of Gases and Liquids, 5th ed.
    (2001), via the `chemicals` package data (C. Bell); 363.4 K is the normal boiling point (Yaws).
    """
    mech = load_mechanism(LI_NCM)
    vp = {v.liquid: v for v in mech.vapour_pressures}
    assert vp["DMC(l)"](298.15) == pytest.approx(7.27e3, rel=0.01)
    assert vp["DMC(l)"](363.4) == pytest.approx(101.9e3, rel=0.01)
    assert vp["EC(l)"](521.35) == pytest.approx(97.4e3, rel=0.01)


def test_the_dissolved_salt_and_oligomer_are_part_of_the_liquid_solution():
    """Raoult's law counts LiPF6 as two particles (Li+ and PF6-), the oligoether per repeat
    unit, every liquid once, gases and other solids not at all."""
    mech = load_mechanism(LI_NCM)
    particles = dict(zip(mech.solution.species_names, mech.solution_particles, strict=True))
    assert particles["LiPF6"] == 2.0 and particles["PEO(s)"] == 1.0
    assert particles["EC(l)"] == particles["DMC(l)"] == particles["H2O(dis)"] == 1.0
    assert particles["EC"] == particles["Li(s)"] == particles["LiF(s)"] == 0.0
    solvation = dict(zip(mech.solution.species_names, mech.solvation_numbers, strict=True))
    assert solvation["LiPF6"] == 4.0 and sum(solvation.values()) == 4.0


SALT_FILE = """
units: {{length: m, quantity: mol, activation-energy: J/mol, energy: J}}
phases:
- name: salt
  thermo: ideal-gas
  species: all
  state: {{T: 298.15, P: 1 atm}}
species:
- name: S
  composition: {{Li: 1}}
  state-of-matter: {state}
  solution-particles: {value}
  solvation-number: {solvation}
  thermo: {{model: constant-cp, T0: 298.15 K, h0: 0 J/mol, s0: 0 J/mol/K, cp0: 10 J/mol/K}}
- name: T
  composition: {{Li: 1}}
  state-of-matter: solid
  thermo: {{model: constant-cp, T0: 298.15 K, h0: -1 J/mol, s0: 0 J/mol/K, cp0: 10 J/mol/K}}
reactions:
- equation: S => T
  rate-constant: {{A: 1.0, b: 0, Ea: 0}}
"""


@pytest.mark.parametrize(
    ("state", "value", "solvation", "message"),
    [
        ("solid", "-1", "0", "solution-particles must be a finite number >= 0"),
        ("solid", "two", "0", "solution-particles must be a finite number >= 0"),
        ("solid", ".nan", "0", "solution-particles must be a finite number >= 0"),
        ("gas", "1", "0", "a gas cannot be part of the liquid solution"),
        ("liquid", "0", "0", "a liquid is one solvent particle per mole"),
        ("solid", "2", "-4", "solvation-number must be a finite number >= 0"),
        ("solid", "2", ".inf", "solvation-number must be a finite number >= 0"),
        ("solid", "0", "4", "only a dissolved solid"),
        ("liquid", "1", "4", "only a dissolved solid"),
    ],
)
def test_a_bad_solution_field_is_one_clear_error(tmp_path, state, value, solvation, message):
    path = tmp_path / "salt.yaml"
    text = SALT_FILE.format(state=state, value=value, solvation=solvation)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MechanismError, match=f"species 'S': .*{message}"):
        load_mechanism([str(path)])


@pytest.mark.parametrize(
    ("vapour", "message"),
    [
        ('{species: G, form: "Henry: ln(H/Pa) = A - B/(T/K)", A: 21.0}', "constant 'B' missing"),
        ('{species: G, form: "Henry: H = A"}', "unknown vapour-pressure form"),
        ('{species: T, form: "Henry: ln(H/Pa) = A - B/(T/K)", A: 21.0, B: 1443}', "must be a gas"),
    ],
)
def test_a_bad_henry_field_is_one_clear_error(tmp_path, vapour, message):
    """A dissolved gas's Henry constant (a ``vapour`` field of the Henry form) is checked."""
    path = tmp_path / "dissolved.yaml"
    text = SALT_FILE.format(state="liquid", value="1", solvation="0").replace(
        "  solvation-number: 0\n", f"  vapour: {vapour}\n"
    )
    text = text.replace(
        "- name: T\n",
        "- name: G\n  composition: {Li: 1}\n  state-of-matter: gas\n  thermo: {model: "
        "constant-cp, T0: 298.15 K, h0: 0 J/mol, s0: 0 J/mol/K, cp0: 10 J/mol/K}\n- name: T\n",
    )
    assert "vapour:" in text
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MechanismError, match=f"species 'S'.*{message}"):
        load_mechanism([str(path)])
