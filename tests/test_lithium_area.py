"""Reactive area of lithium metal: the ``[cell.lithium]`` table, the ``reactive-area`` field of
mechanisms/lithium.yaml and the factor that scales the Li-surface reactions (docs/physics.md,
"Reactive area of lithium metal")."""

from __future__ import annotations

import math
import shutil

import numpy as np
import pytest

from runaway.api import build_model
from runaway.chemistry import MechanismError, load_mechanism
from runaway.model import CellModel, ModelError
from runaway.physics.lithium import (
    LITHIUM_DENSITY,
    area_factors,
    foil_specific_area,
    specific_area,
)
from runaway.scenario import ScenarioError, load_scenario

from .conftest import SCENARIOS, run_cached

MECHANISMS = SCENARIOS.parent / "mechanisms"
LI_GROUP = ["electrolyte.yaml", "lithium.yaml", "ncm.yaml"]
ARC = SCENARIOS / "li_ncm811_pouch_arc.toml"
CYCLED = "li_ncm811_pouch_arc_cycled"
MELTING_POINT = 453.65  # [K], Li(s) in lithium.yaml


def test_foil_area_is_one_face_of_the_foil():
    assert foil_specific_area(50e-6) == pytest.approx(1.0 / (534.0 * 50e-6))
    assert foil_specific_area(50e-6) == pytest.approx(37.45, abs=0.01)  # [m^2/kg]
    assert foil_specific_area(25e-6) == pytest.approx(2.0 * foil_specific_area(50e-6))
    with pytest.raises(ValueError, match="thickness"):
        foil_specific_area(0.0)
    assert LITHIUM_DENSITY == 534.0


def test_anchor_foil_gives_exactly_one():
    """The bundled presets' 50 um foil is the anchor: factor 1 exactly (bitwise results)."""
    assert area_factors(50e-6, 0.0, 0.0, 50e-6) == (1.0, 1.0)


def test_dead_lithium_raises_the_solid_area_only():
    solid, molten = area_factors(50e-6, 0.28, 49.5e3, 50e-6)
    foil = foil_specific_area(50e-6)
    assert solid == pytest.approx((0.72 * foil + 0.28 * 49.5e3) / foil)
    assert solid == pytest.approx(371.0, rel=0.01)
    assert molten == 1.0  # molten dead Li coalesces to the foil's area (ESTIMATE)
    assert area_factors(100e-6, 0.0, 0.0, 50e-6) == pytest.approx((0.5, 0.5))
    with pytest.raises(ValueError, match="dead-lithium fraction"):
        specific_area(50e-6, 1.5, 1e3)


def _lithium_area(**factors):
    area = load_mechanism(LI_GROUP).reactive_area
    for name, value in factors.items():
        setattr(area, name, value)
    return area


def test_lithium_mechanism_tags_its_six_li_reactions():
    mech = load_mechanism(LI_GROUP)
    area = mech.reactive_area
    assert area.species == "Li(s)"
    assert area.reference_thickness == 50e-6
    assert area.melting_point == pytest.approx(MELTING_POINT)
    equations = [mech.solution.reaction(r).equation for r in area.reactions]
    assert len(equations) == 6 and all("Li(s)" in e.split("=>")[0] for e in equations)
    # the passivating film of the three Li + solvent reactions (docs/physics.md)
    films = {mech.solution.reaction(r).equation: (z0, grown) for r, z0, grown, _ in area.films}
    li2co3 = mech.species_index("Li2CO3(s)")
    assert films == {e: (1.0, li2co3) for e in equations[:3]}
    assert all("EC(l)" in e or "DMC(l)" in e for e in films)


def test_factor_switches_from_solid_to_molten_across_the_melting_point():
    area = _lithium_area(solid=371.0, molten=1.0)
    assert area.factor(MELTING_POINT - 5.0) == pytest.approx(371.0, rel=1e-6)
    assert area.factor(MELTING_POINT) == pytest.approx(0.5 * (371.0 + 1.0))
    assert area.factor(MELTING_POINT + 5.0) == pytest.approx(1.0, rel=1e-3)  # 5 sigma tail
    assert area.factor(MELTING_POINT + 10.0) == pytest.approx(1.0, rel=1e-12)
    temperatures = np.linspace(MELTING_POINT - 5.0, MELTING_POINT + 5.0, 41)
    values = [area.factor(t) for t in temperatures]
    assert all(a >= b for a, b in zip(values, values[1:], strict=False))  # falls monotonically
    fresh = _lithium_area()  # without [cell.lithium]: exactly 1 through the melting range
    assert {fresh.factor(t) for t in temperatures} == {1.0}


def _at_temperature(model, temperature):
    _, output, _ = run_cached(CYCLED)
    _, states, modes = output.concatenated()
    y = states[len(states) // 3].copy()
    y[model.layout.temperature] = temperature
    return y, modes[len(states) // 3]


@pytest.mark.parametrize("temperature", [400.0, MELTING_POINT - 2.0, MELTING_POINT, 470.0])
def test_compiled_and_cantera_apply_the_same_factor_across_melting(temperature):
    """Compiled kernel and Cantera path agree, below, in and above the melting range."""
    compiled = build_model(load_scenario(SCENARIOS / f"{CYCLED}.toml"))
    cantera = build_model(
        load_scenario(SCENARIOS / f"{CYCLED}.toml", ['solver.kinetics="cantera"'])
    )
    assert compiled.compiled and not cantera.compiled
    y, mode = _at_temperature(compiled, temperature)
    dy, dy_ref = compiled.evaluate(0.0, y, mode), cantera.evaluate(0.0, y, mode)
    np.testing.assert_allclose(dy, dy_ref, rtol=1e-8, atol=1e-10 * np.abs(dy_ref).max())


def test_molten_lithium_reacts_at_the_foil_rate():
    """Above the melting range the cycled cell's film-free Li reactions run at the fresh cell's
    rates; the film of the Li + solvent reactions stays spread over the solid's area
    (lithium.yaml), so on the same film the cycled cell's run faster."""
    cycled = build_model(load_scenario(SCENARIOS / f"{CYCLED}.toml"))
    fresh = build_model(load_scenario(ARC))
    hot = _at_temperature(cycled, 470.0)
    cold = _at_temperature(cycled, 420.0)
    _, info_c = cycled.evaluate(0.0, *hot, full=True)
    _, info_f = fresh.evaluate(0.0, *hot, full=True)
    reactions = cycled.mechanism.reactive_area.reactions
    filmed = [r for r, *_ in cycled.mechanism.reactive_area.films]
    bare = [r for r in reactions if r not in filmed]
    assert len(bare) == 3
    np.testing.assert_allclose(
        info_c["heat_release_rate"][bare], info_f["heat_release_rate"][bare], rtol=1e-5
    )
    assert np.all(info_c["heat_release_rate"][filmed] > info_f["heat_release_rate"][filmed])
    _, info_c = cycled.evaluate(0.0, *cold, full=True)
    _, info_f = fresh.evaluate(0.0, *cold, full=True)
    ratio = info_c["heat_release_rate"][bare[0]] / info_f["heat_release_rate"][bare[0]]
    assert ratio == pytest.approx(area_factors(50e-6, 0.28, 49.5e3, 50e-6)[0], rel=1e-6)


def test_dead_fraction_without_its_area_is_a_keyed_error():
    with pytest.raises(ScenarioError) as info:
        load_scenario(ARC, ["cell.lithium.dead_lithium_fraction=0.3"])
    message = str(info.value)
    assert "cell.lithium.dead_lithium_specific_area" in message
    assert "required when dead_lithium_fraction > 0" in message


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ('cell.lithium.foil_thickness="5 mm"', "cell.lithium.foil_thickness"),
        ("cell.lithium.dead_lithium_fraction=1.5", "cell.lithium.dead_lithium_fraction"),
        ('cell.lithium.dead_lithium_specific_area="-1 m^2/g"', "dead_lithium_specific_area"),
        ('cell.lithium.foil_thickness="50 m^2/g"', "cell.lithium.foil_thickness"),
        ("cell.lithium.thickness=1", "cell.lithium.thickness"),
    ],
)
def test_bad_lithium_values_are_keyed_errors(override, key):
    with pytest.raises(ScenarioError, match=key.replace(".", r"\.")):
        load_scenario(ARC, [override])


def test_specific_area_accepts_m2_per_g():
    scenario = load_scenario(SCENARIOS / f"{CYCLED}.toml")
    assert scenario.cell.lithium.dead_lithium_specific_area == pytest.approx(49.5e3)  # [m^2/kg]
    assert scenario.cell.lithium.foil_thickness == pytest.approx(50e-6)


def test_lithium_table_without_a_reactive_area_is_a_model_error():
    scenario = load_scenario(
        SCENARIOS / "kim2007_18650_oven.toml", ['cell.lithium.foil_thickness="50 um"']
    )
    mechanism = load_mechanism(scenario.cell.mechanisms, MECHANISMS)
    with pytest.raises(ModelError, match="declares a reactive-area") as info:
        CellModel(scenario, mechanism)
    assert info.value.key == "cell.lithium"
    with pytest.raises(ScenarioError, match=r"cell\.lithium: no reaction"):  # via the API
        build_model(scenario)


def _copy_mechanisms(tmp_path, edit=None):
    """The Li group copied to ``tmp_path``, lithium.yaml edited by ``edit``; their paths."""
    for name in LI_GROUP:
        shutil.copy(MECHANISMS / name, tmp_path / name)
    path = tmp_path / "lithium.yaml"
    if edit is not None:
        source = path.read_text()
        edited = edit(source)
        assert edited != source
        path.write_text(edited)
    return [str(tmp_path / name) for name in LI_GROUP]


TAG = "reactive-area: {species: Li(s), reference-foil-thickness: 50.0e-6}"
FILM = (
    "reactive-area: {species: Li(s), reference-foil-thickness: 50.0e-6, film: {z0: 0.033, "
    "grown-species: Li2CO3(s), basis-concentration: 8021.0}}"
)


@pytest.mark.parametrize(
    ("replacement", "match"),
    [
        ("reactive-area: {species: Li(x), reference-foil-thickness: 50.0e-6}", "species"),
        ("reactive-area: {species: Li(s)}", "reference-foil-thickness"),
        ("reactive-area: {species: Li(s), reference-foil-thickness: 20.0e-6}", "same species"),
        (FILM.replace("z0: 0.033", "z0: 0"), "film needs z0 > 0"),
    ],
)
def test_bad_reactive_area_entries_are_mechanism_errors(tmp_path, replacement, match):
    paths = _copy_mechanisms(tmp_path, lambda s: s.replace(TAG, replacement, 1))
    with pytest.raises(MechanismError, match=match):
        load_mechanism(paths)


def test_a_declared_film_passivates_both_paths_alike(tmp_path):
    """A film (exp(-z/z0), spread over the reactive area) on every Li reaction: compiled and
    Cantera agree, and at zero grown film a film-free reaction's rate falls to exp(-1)."""
    paths = _copy_mechanisms(tmp_path, lambda s: s.replace(TAG, FILM))
    mechanisms = "cell.mechanisms=[" + ", ".join(f'"{p}"' for p in paths) + "]"
    base = SCENARIOS / f"{CYCLED}.toml"
    compiled = build_model(load_scenario(base, [mechanisms]))
    cantera = build_model(load_scenario(base, [mechanisms, 'solver.kinetics="cantera"']))
    plain = build_model(load_scenario(base))
    assert len(compiled.mechanism.reactive_area.films) == 6  # 3 declared + 3 added here
    for temperature in (350.0, 420.0, 470.0):
        y, mode = _at_temperature(compiled, temperature)
        dy, dy_ref = compiled.evaluate(0.0, y, mode), cantera.evaluate(0.0, y, mode)
        np.testing.assert_allclose(dy, dy_ref, rtol=1e-8, atol=1e-10 * np.abs(dy_ref).max())
    y, mode = _at_temperature(compiled, 420.0)
    grown = compiled.mechanism.species_index("Li2CO3(s)")
    y[compiled.layout.species.start + grown] = 0.0
    _, info = compiled.evaluate(0.0, y, mode, full=True)
    _, info_plain = plain.evaluate(0.0, y, mode, full=True)
    r = compiled.mechanism.reactive_area.reactions[3]  # Li + H2O: no film of its own
    ratio = info["heat_release_rate"][r] / info_plain["heat_release_rate"][r]
    assert ratio == pytest.approx(math.exp(-1.0), rel=1e-9)
