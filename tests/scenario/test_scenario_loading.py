"""Loading: SI conversion, preset merge, --set overrides, provenance text."""

from __future__ import annotations

import tomllib

import pytest
from pydantic import ValidationError

from runaway.abuse.oven import OvenAbuse
from runaway.scenario import (
    Scenario,
    ScenarioError,
    apply_overrides,
    available_presets,
    load_scenario,
)


def test_oven_scenario_loads_in_si(oven_file, preset_dir):
    sc = load_scenario(oven_file, preset_dir=preset_dir)
    assert isinstance(sc, Scenario)
    assert isinstance(sc.abuse, OvenAbuse)
    assert sc.abuse.temperature == pytest.approx(423.15)
    assert sc.abuse.ramp_rate == pytest.approx(5 / 60)
    assert sc.abuse.hold_time == pytest.approx(7200)
    assert sc.solver.end_time == pytest.approx(14400)
    assert sc.environment.heat_transfer_coefficient == pytest.approx(7.17)
    assert sc.cell.capacity == pytest.approx(2.6 * 3600)
    assert sc.cell.electrical.internal_resistance == pytest.approx(0.025)
    assert sc.cell.composition["C6"].value == pytest.approx(610.4)
    assert sc.cell.composition["C6"].basis == "mass_per_volume"
    assert sc.source_path == oven_file


def test_defaults(write, preset_dir):
    path = write('title = "t"\n[cell]\npreset = "pouch"\n')
    sc = load_scenario(path, preset_dir=preset_dir)
    assert sc.abuse.kind == "none"
    assert sc.environment.temperature == 298.15
    assert sc.environment.heat_transfer_coefficient == 10.0
    assert sc.environment.emissivity == 0.8
    assert sc.solver.end_time == 4 * 3600
    assert sc.solver.stop_after_runaway == 600
    assert sc.cell.soc == 1.0
    assert sc.cell.pouch.pad_modulus == 1e6
    assert sc.initial_temperature == 298.15
    assert sc.cell.electrical is None


def test_model_is_frozen(oven_file, preset_dir):
    sc = load_scenario(oven_file, preset_dir=preset_dir)
    with pytest.raises(ValidationError, match="frozen"):
        sc.title = "changed"


def test_scenario_wins_over_preset(write, preset_dir):
    path = write(
        """
        title = "t"
        [cell]
        preset = "cyl"
        mass = "50 g"
        [cell.can]
        vent_pressure = "2 MPa"
        [cell.composition]
        EC = "12 g"
        """
    )
    sc = load_scenario(path, preset_dir=preset_dir)
    assert sc.cell.mass == pytest.approx(0.05)
    assert sc.cell.can.vent_pressure == pytest.approx(2e6)
    assert sc.cell.can.cid_pressure == pytest.approx(1e6)  # kept from the preset
    assert sc.cell.composition["EC"].value == pytest.approx(0.012)
    assert "C6" in sc.cell.composition  # deep merge keeps the preset's other species
    assert sc.cell.preset == "cyl"
    assert sc.cell.radius == pytest.approx(0.009)


def test_available_presets(preset_dir, tmp_path):
    assert available_presets(preset_dir) == ["cyl", "pouch"]
    assert available_presets(tmp_path / "missing") == []


def test_overrides_nested_and_typed(oven_file, preset_dir):
    sc = load_scenario(
        oven_file,
        [
            "abuse.temperature=145 degC",
            "environment.emissivity=0",
            'cell.electrical.internal_resistance="30 mohm"',
            "cell.initial_temperature = 40 degC",
            "solver.output_points=500",
        ],
        preset_dir=preset_dir,
    )
    assert sc.abuse.temperature == pytest.approx(418.15)
    assert sc.environment.emissivity == 0
    assert sc.cell.electrical.internal_resistance == pytest.approx(0.03)
    assert sc.initial_temperature == pytest.approx(313.15)
    assert sc.solver.output_points == 500


def test_override_can_switch_abuse_kind(write, preset_dir):
    path = write('title = "t"\n[cell]\npreset = "cyl"\n')
    sc = load_scenario(
        path, ["abuse.kind=external_short", "abuse.resistance=10 mohm"], preset_dir=preset_dir
    )
    assert sc.abuse.kind == "external_short"
    assert sc.abuse.resistance == pytest.approx(0.01)


def test_override_can_choose_the_preset(write, preset_dir):
    path = write('title = "t"\n[cell]\npreset = "cyl"\n')
    sc = load_scenario(path, ["cell.preset=pouch"], preset_dir=preset_dir)
    assert sc.cell.enclosure == "pouch"


def test_apply_overrides_creates_tables_and_copies():
    data = {"abuse": {"kind": "oven"}}
    out = apply_overrides(data, ["abuse.temperature=150 degC", "cell.pouch.vent_area=1e-5"])
    assert out == {
        "abuse": {"kind": "oven", "temperature": "150 degC"},
        "cell": {"pouch": {"vent_area": 1e-5}},
    }
    assert data == {"abuse": {"kind": "oven"}}


@pytest.mark.parametrize(
    ("item", "value"),
    [
        ("a=0", 0),
        ("a=0.5", 0.5),
        ("a=true", True),
        ('a="145 degC"', "145 degC"),
        ("a=145 degC", "145 degC"),
        ("a=[0, 0.5, 1]", [0, 0.5, 1]),
        ("a=x = 1", "x = 1"),
        ("a=", ""),
    ],
)
def test_override_values_parse_as_toml_else_string(item, value):
    assert apply_overrides({}, [item]) == {"a": value}


def test_source_text_round_trips(oven_file, preset_dir, tmp_path):
    sc = load_scenario(oven_file, ["abuse.temperature=145 degC"], preset_dir=preset_dir)
    parsed = tomllib.loads(sc.source_text)
    assert "preset" not in parsed["cell"]  # self-contained: the preset is merged in
    assert parsed["cell"]["radius"] == "9 mm"
    assert parsed["abuse"]["temperature"] == "145 degC"
    assert parsed["cell"]["composition"]["Li(s)"] == "1 g"  # quoted key written back
    assert "cyl" in sc.source_text.splitlines()[1]  # header comment names the preset
    copy = tmp_path / "copy.toml"
    copy.write_text(sc.source_text, encoding="utf-8")
    again = load_scenario(copy, preset_dir=tmp_path / "no-presets-needed")
    assert again.model_dump(exclude={"cell": {"preset"}}) == sc.model_dump(
        exclude={"cell": {"preset"}}
    )


def test_source_text_escapes_strings(write, preset_dir):
    path = write('title = "quote \\" backslash \\\\ tab \\t é"\n[cell]\npreset = "pouch"\n')
    sc = load_scenario(path, preset_dir=preset_dir)
    assert tomllib.loads(sc.source_text)["title"] == 'quote " backslash \\ tab \t é'


def test_scenario_file_is_never_executed(write, preset_dir):
    path = write("title = \"__import__('os').system('false')\"\n[cell]\npreset = \"pouch\"\n")
    sc = load_scenario(path, preset_dir=preset_dir)
    assert sc.title.startswith("__import__")  # kept as text
    with pytest.raises(ScenarioError):
        load_scenario(path, ["cell.mass=__import__('os').getpid()"], preset_dir=preset_dir)


@pytest.mark.parametrize("name", available_presets())
def test_shipped_presets_validate(write, name):
    sc = load_scenario(write(f'title = "t"\n[cell]\npreset = "{name}"\n'))
    assert sc.cell.preset == name
    assert sc.cell.mechanisms
