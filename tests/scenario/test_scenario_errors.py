"""Every bad input raises ScenarioError naming the file, the key and what is allowed."""

from __future__ import annotations

import pytest

from runaway.scenario import ScenarioError, load_scenario

POUCH = 'title = "t"\n[cell]\npreset = "pouch"\n'
CYL = 'title = "t"\n[cell]\npreset = "cyl"\n'


def _error(path, overrides=(), preset_dir=None) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, overrides, preset_dir=preset_dir)
    error = info.value
    expected = (
        f"{error.file}: {error.key}: {error.message}"
        if error.key
        else (f"{error.file}: {error.message}")
    )
    assert str(error) == expected
    return error


def test_missing_file(tmp_path):
    path = tmp_path / "nope.toml"
    error = _error(path)
    assert error.file == str(path)
    assert error.key is None
    assert "file not found" in error.message


def test_toml_syntax_error_quotes_line_and_column(write):
    path = write('title = "t"\n[cell]\nsoc 1.0\n')
    error = _error(path)
    assert error.file == str(path)
    assert error.key is None
    assert "line 3, column 5" in error.message
    assert "soc 1.0" in error.message
    assert "^" in error.message


def test_toml_error_at_end_of_document(write):
    error = _error(write('title = "t\n'))
    assert "line 1" in error.message and 'title = "t' in error.message


# (scenario text, overrides, expected key, fragments of the message)
CASES = {
    "unknown key suggests closest": (
        POUCH + "sco = 0.5\n",
        (),
        "cell.sco",
        ["unknown key 'cell.sco' — did you mean 'cell.soc'?"],
    ),
    "unknown nested key": (
        CYL + "[cell.can]\nvnt_pressure = 1e6\n",
        (),
        "cell.can.vnt_pressure",
        ["did you mean 'cell.can.vent_pressure'?"],
    ),
    "key in the wrong table": (
        POUCH + "[environment]\nsoc = 0.5\n",
        (),
        "environment.soc",
        ["did you mean 'cell.soc'?"],
    ),
    "unknown key without a close match lists valid keys": (
        POUCH + "[solver]\nzzz = 1\n",
        (),
        "solver.zzz",
        ["valid keys here:", "end_time"],
    ),
    "internal fields are not scenario keys": (
        POUCH.replace("[cell]", 'source_text = "x"\n[cell]'),
        (),
        "source_text",
        ["unknown key"],
    ),
    "unknown key for this abuse kind": (
        POUCH + "[abuse]\nkind = 'arc'\ntemperature = 400\n",
        (),
        "abuse.temperature",
        ["for abuse.kind 'arc'", "did you mean 'abuse.end_temperature'"],
    ),
    "wrong unit": (
        POUCH + "[abuse]\nkind = 'oven'\ntemperature = '150 m'\n",
        (),
        "abuse.temperature",
        ["expected a temperature (K, degC) — got '150 m'"],
    ),
    "unknown unit": (
        POUCH + "mass = '5 kgg'\n",
        (),
        "cell.mass",
        ["unknown unit 'kgg'", "(kg, g)"],
    ),
    "negative mass": (POUCH + "mass = -1\n", (), "cell.mass", ["must be in (0, 100] kg", "-1"]),
    "soc above 1": (POUCH + "soc = 1.5\n", (), "cell.soc", ["must be in [0, 1]", "1.5"]),
    "temperature below 0 K": (
        POUCH + "[environment]\ntemperature = '-300 degC'\n",
        (),
        "environment.temperature",
        ["must be in [200, 3000] K", "'-300 degC' (= -26.85 K)"],
    ),
    "emissivity above 1": (
        POUCH + "[environment]\nemissivity = 1.2\n",
        (),
        "environment.emissivity",
        ["must be in [0, 1]"],
    ),
    "rtol too large": (
        POUCH + "[solver]\nrtol = 0.5\n",
        (),
        "solver.rtol",
        ["must be in (0, 0.1)"],
    ),
    "discharge coefficient zero": (
        POUCH + "[cell.pouch]\ndischarge_coefficient = 0\n",
        (),
        "cell.pouch.discharge_coefficient",
        ["must be in (0, 1]"],
    ),
    "too few output points": (
        POUCH + "[solver]\noutput_points = 5\n",
        (),
        "solver.output_points",
        [">= 10"],
    ),
    "negative free volume": (
        POUCH + "free_volume = '-1 mL'\n",
        (),
        "cell.free_volume",
        ["must be in [1e-08, 0.001] m^3", "gas space"],
    ),
    "wrong type string": (
        'title = 5\n[cell]\npreset = "pouch"\n',
        (),
        "title",
        ["wrong type: expected a string — got 5"],
    ),
    "wrong type bool for quantity": (
        POUCH + "mass = true\n",
        (),
        "cell.mass",
        ["wrong type", "a mass", "got true"],
    ),
    "wrong type for bool": (
        POUCH + "[abuse]\nkind = 'heater'\npower = 10\nstop_on_runaway = 'yes'\n",
        (),
        "abuse.stop_on_runaway",
        ["expected true or false"],
    ),
    "wrong type list": (
        POUCH + "mechanisms = 'kim2007.yaml'\n",
        (),
        "cell.mechanisms",
        ["expected a list"],
    ),
    "wrong enclosure": (
        POUCH + "enclosure = 'prismatic'\n",
        (),
        "cell.enclosure",
        ["'pouch'", "'cylindrical'", "prismatic"],
    ),
    "unknown preset lists available": (
        'title = "t"\n[cell]\npreset = "nope"\n',
        (),
        "cell.preset",
        ["unknown preset 'nope'", "available: cyl, pouch"],
    ),
    "preset name is not a path": (
        'title = "t"\n[cell]\npreset = "../cells/cyl"\n',
        (),
        "cell.preset",
        ["unknown preset"],
    ),
    "missing title": ('[cell]\npreset = "pouch"\n', (), "title", ["missing required key"]),
    "missing cell table": ('title = "t"\n', (), "cell", ["missing required table [cell]"]),
    "missing quantity names its unit": (
        'title = "t"\n[cell]\nmechanisms = ["a.yaml"]\nenclosure = "pouch"\n'
        "specific_heat = 1\ncapacity = 1\nfree_volume = 0\nlength = 1\nwidth = 1\n"
        "thickness = 1\n[cell.pouch]\nburst_pressure = 1\n",
        (),
        "cell.mass",
        ["missing required key (a mass: kg, g)"],
    ),
    "missing abuse kind": (
        POUCH + "[abuse]\ntemperature = 400\n",
        (),
        "abuse.kind",
        ["missing", "oven"],
    ),
    "overcharge not implemented": (
        POUCH + "[abuse]\nkind = 'overcharge'\n",
        (),
        "abuse.kind",
        ["abuse.kind 'overcharge' is not implemented yet; available:", "oven"],
    ),
    "storage not implemented": (
        POUCH,
        ("abuse.kind=storage",),
        "abuse.kind",
        ["not implemented yet"],
    ),
    "unknown abuse kind suggests": (
        POUCH + "[abuse]\nkind = 'ovn'\n",
        (),
        "abuse.kind",
        ["did you mean 'oven'?"],
    ),
    "oven needs a temperature": (
        POUCH + "[abuse]\nkind = 'oven'\n",
        (),
        "abuse.temperature",
        ["missing required key (a temperature"],
    ),
    "short needs electrical": (
        POUCH + "[abuse]\nkind = 'external_short'\nresistance = '10 mohm'\n",
        (),
        "cell.electrical",
        ["external_short", "[cell.electrical]"],
    ),
    "nail needs electrical": (
        POUCH + "[abuse]\nkind = 'nail'\n",
        (),
        "cell.electrical",
        ["nail"],
    ),
    "cylinder needs a radius": (
        POUCH,
        ("cell.enclosure=cylindrical", "cell.width.x=1"),
        "cell.width",
        ["wrong type"],
    ),
    "cylinder needs radius (cross-field)": (
        POUCH,
        ("cell.enclosure=cylindrical",),
        "cell.radius",
        ["required for a cylindrical"],
    ),
    "pouch needs its table": (
        CYL,
        ("cell.enclosure=pouch", "cell.width=0.05", "cell.thickness=0.005"),
        "cell.pouch",
        ["needs a [cell.pouch] table"],
    ),
    "pouch rejects a radius": (
        POUCH + "radius = 0.01\n",
        (),
        "cell.radius",
        ["does not apply to enclosure 'pouch'"],
    ),
    "pouch burst pressure required": (
        POUCH.replace('"pouch"', '"cyl"') + "enclosure = 'pouch'\nradius = 0\n",
        (),
        "cell.radius",
        ["must be in [0.0001, 2] m"],
    ),
    "heater needs exactly one of power or ramp": (
        POUCH + "[abuse]\nkind = 'heater'\npower = 10\nramp_rate = '5 K/min'\n",
        (),
        "abuse.ramp_rate",
        ["either power or ramp_rate"],
    ),
    "heater needs one of power or ramp": (
        POUCH + "[abuse]\nkind = 'heater'\n",
        (),
        "abuse.power",
        ["one of power"],
    ),
    "arc end above start": (
        POUCH + "[abuse]\nkind = 'arc'\nend_temperature = '40 degC'\n",
        (),
        "abuse.end_temperature",
        ["must be above start_temperature"],
    ),
    "ocv soc strictly increasing": (
        CYL + "[cell.electrical]\nocv_soc = [0, 1, 0.5]\n",
        (),
        "cell.electrical.ocv_soc",
        ["strictly increasing"],
    ),
    "ocv soc item out of range": (
        CYL + "[cell.electrical]\nocv_soc = [0, 1.5]\nocv_voltage = [3, 4]\n",
        (),
        "cell.electrical.ocv_soc[1]",
        ["must be in [0, 1]"],
    ),
    "ocv lengths match": (
        CYL + "[cell.electrical]\nocv_voltage = [3, 4]\n",
        (),
        "cell.electrical.ocv_voltage",
        ["as many points as ocv_soc (3)"],
    ),
    "composition needs a unit": (
        POUCH + "[cell.composition]\nEC = 12\n",
        (),
        "cell.composition.EC",
        ["expected an amount with a unit"],
    ),
    "composition is non-negative": (
        POUCH + "[cell.composition]\nEC = '-12 g'\n",
        (),
        "cell.composition.EC",
        [">= 0"],
    ),
    "composition stays non-negative over soc": (
        POUCH + "[cell.composition]\nLi = '1 g'\n[cell.charge_composition]\nLi = '-2 g'\n",
        (),
        "cell.charge_composition.Li",
        ["negative at 100 % SOC"],
    ),
    "bad --set syntax": (POUCH, ("cell.soc",), None, ["bad --set 'cell.soc'", "key=value"]),
    "bad --set key": (POUCH, ("cell..soc=1",), None, ["not a dotted key"]),
    "--set through a value": (POUCH, ("title.x=1",), "title", ["is a value, not a table"]),
    "unknown key via --set suggests": (
        POUCH,
        ("cell.sco=0.5",),
        "cell.sco",
        ["did you mean 'cell.soc'?", "(from --set cell.sco=0.5)"],
    ),
    "bad value via --set is attributed": (
        POUCH,
        ("cell.soc=2",),
        "cell.soc",
        ["must be in [0, 1]", "(from --set cell.soc=2)"],
    ),
}


@pytest.mark.parametrize(("text", "overrides", "key", "fragments"), CASES.values(), ids=CASES)
def test_bad_input(write, preset_dir, text, overrides, key, fragments):
    path = write(text)
    error = _error(path, overrides, preset_dir)
    assert error.file == str(path)
    assert error.key == key
    for fragment in fragments:
        assert fragment in error.message


def test_error_in_preset_names_the_preset_file(write, preset_dir):
    text = (preset_dir / "pouch.toml").read_text().replace("mass = 0.1", "mass = -0.1")
    (preset_dir / "pouch.toml").write_text(text)
    error = _error(write(POUCH), preset_dir=preset_dir)
    assert error.file == str(preset_dir / "pouch.toml")
    assert error.key == "cell.mass"
    # the scenario can fix it by overriding the key
    sc = load_scenario(write(POUCH + "mass = 0.2\n"), preset_dir=preset_dir)
    assert sc.cell.mass == 0.2


def test_unknown_key_in_preset_names_the_preset_file(write, preset_dir):
    (preset_dir / "bad.toml").write_text(
        (preset_dir / "pouch.toml").read_text() + "[cell.can]\nvent_presure = 1\n"
    )
    error = _error(write(POUCH.replace('"pouch"', '"bad"')), preset_dir=preset_dir)
    assert error.file == str(preset_dir / "bad.toml")
    assert "did you mean 'cell.can.vent_pressure'?" in error.message


def test_preset_with_other_tables_is_rejected(write, preset_dir):
    (preset_dir / "odd.toml").write_text("[cell]\nsoc = 1\n[environment]\ntemperature = 300\n")
    error = _error(write(POUCH.replace('"pouch"', '"odd"')), preset_dir=preset_dir)
    assert error.file == str(preset_dir / "odd.toml")
    assert error.key == "environment"


def test_preset_syntax_error_names_the_preset_file(write, preset_dir):
    (preset_dir / "broken.toml").write_text("[cell\n")
    error = _error(write(POUCH.replace('"pouch"', '"broken"')), preset_dir=preset_dir)
    assert error.file == str(preset_dir / "broken.toml")
    assert "line 1" in error.message


def test_other_problems_are_kept(write, preset_dir):
    error = _error(write(POUCH + "mass = -1\nsoc = 2\n"), preset_dir=preset_dir)
    assert {error.key, *(e.key for e in error.others)} == {"cell.mass", "cell.soc"}
