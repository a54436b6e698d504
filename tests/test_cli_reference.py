"""`runaway keys` and `runaway schema`: the key reference and the JSON Schema of a scenario file
come from the pydantic models, every listed key is one `--set` accepts, and the schema accepts
every bundled scenario and rejects obviously wrong ones."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner
from pydantic import BaseModel

import runaway
from runaway.abuse import SCHEMA_CONFIG, abuse_kinds
from runaway.cli import main
from runaway.parts import UserPart, unregister_part
from runaway.scenario import ScenarioError, load_scenario
from runaway.scenario.checking import schema_index
from runaway.scenario.reference import PLACEHOLDER, scenario_json_schema, scenario_keys
from runaway.scenario.units import TIME, quantity

from .conftest import SCENARIOS
from .test_cli import assert_bad_input

BUNDLED = sorted(SCENARIOS.glob("*.toml"))
POUCH_OVEN = SCENARIOS / "li_ncm811_pouch_oven.toml"
KEYS = scenario_keys()


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _row(output: str, label: str) -> list[str]:
    """The columns of the table line of ``label`` (key, possibly with its kinds)."""
    for line in output.splitlines():
        if line.startswith(label + " "):
            return re.split(r" {2,}", line[len(label) :].strip())
    raise AssertionError(f"{label} not listed:\n{output}")


def _listed(output: str) -> list[str]:
    """The keys of the table (lines between the header and the footer, not indented)."""
    table = output.split("\n\n")[0].splitlines()[1:]
    return [line.split()[0] for line in table if line[:1].strip()]


# --- runaway keys ---------------------------------------------------------------------------


def test_keys_lists_known_keys_with_units_defaults_and_ranges():
    result = invoke("keys")
    assert result.exit_code == 0, result.output
    out = result.output
    assert _row(out, "cell.soc") == ["1", "1", "[0, 1]"]
    assert _row(out, "abuse.temperature [oven]") == ["K", "required", "[200, 3000]"]
    assert _row(out, "environment.heat_transfer_coefficient") == ["W/(m^2*K)", "10", ">= 0"]
    assert _row(out, "solver.rtol") == ["1", "1e-06", "(0, 0.1)"]
    assert _row(out, "cell.pouch.stack_pressure")[:2] == ["Pa", "0"]
    assert _row(out, "abuse.resistance [nail]")[:2] == ["ohm", "0.01"]
    assert "Oven set point" in out  # descriptions come from the models' docstrings
    assert f"cell.composition.{PLACEHOLDER}" in out


def test_keys_prefix_filters():
    cell = invoke("keys", "cell.")
    assert cell.exit_code == 0, cell.output
    keys = _listed(cell.output)
    assert keys and all(key.startswith("cell.") for key in keys), keys
    assert "cell.pouch.burst_pressure" in keys and "abuse.kind" not in keys
    abuse = _listed(invoke("keys", "abuse").output)
    assert {"abuse.kind", "abuse.step", "abuse.resistance"} <= set(abuse)
    assert all(key.startswith("abuse.") for key in abuse), abuse
    species = invoke("keys", "cell.composition.H2O")  # a name the user chose matches <name>
    assert species.exit_code == 0 and f"cell.composition.{PLACEHOLDER}" in species.output


def test_unknown_prefix_is_a_clear_error_with_suggestions():
    assert_bad_input(invoke("keys", "cell.sco"), "cell.sco", "did you mean 'cell.soc'?")
    assert_bad_input(invoke("keys", "temperature"), "'environment.temperature'")
    assert_bad_input(invoke("keys", "zzz"), "`runaway keys` lists them all")


def test_keys_json_is_machine_readable():
    result = invoke("keys", "--json")
    assert result.exit_code == 0, result.output
    records = {(r["key"], tuple(r["kinds"] or ())): r for r in json.loads(result.output)}
    temperature = records[("abuse.temperature", ("oven",))]
    assert temperature["unit"] == "K" and temperature["required"] is True
    assert temperature["minimum"] == 200.0 and temperature["exclusive_minimum"] is False
    rtol = records[("solver.rtol", ())]
    assert rtol["default"] == 1e-6 and rtol["maximum"] == 0.1 and rtol["exclusive_maximum"]
    assert records[("abuse.kind", ())]["allowed"] == list(abuse_kinds())
    assert records[("solver.kinetics", ())]["allowed"] == ["auto", "compiled", "cantera"]
    assert all(record["description"] for record in records.values())
    filtered = json.loads(invoke("keys", "solver.", "--json").output)
    assert {r["key"] for r in filtered} == {k for k, _ in records if k.startswith("solver.")}


def test_keys_cover_every_key_of_the_schema():
    """The listing and the key checker of the loader read the same models: every value key
    the loader knows is listed (named tables with their <name> placeholder)."""
    listed = {info.key.removesuffix("." + PLACEHOLDER) for info in KEYS}
    known = {".".join(path) for path, hint in schema_index().items() if hint != "a table"}
    assert listed == known


# --- every listed key is accepted by --set --------------------------------------------------

NO_DEFAULT = "no default to set: required (no value to guess) or left unset (TOML has no null)"


def _kind(path: Path) -> str:
    return tomllib.loads(path.read_text()).get("abuse", {}).get("kind", "none")


@pytest.fixture(scope="module")
def scenarios_by_kind(tmp_path_factory) -> dict[str, list[Path]]:
    """Bundled scenarios by abuse kind; a kind no bundled scenario uses gets the pouch oven
    scenario with an [abuse] table of that kind alone, if that is valid (no required keys)."""
    found: dict[str, list[Path]] = {}
    for path in BUNDLED:
        found.setdefault(_kind(path), []).append(path)
    folder = tmp_path_factory.mktemp("kinds")
    for kind in abuse_kinds():
        if kind in found:
            continue
        data = {**tomllib.loads(POUCH_OVEN.read_text()), "abuse": {"kind": kind}}
        path = folder / f"{kind}.toml"
        path.write_text(tomli_w.dumps(data))
        try:
            load_scenario(path)
        except ScenarioError:
            continue
        found[kind] = [path]
    return found


@pytest.mark.parametrize("info", KEYS, ids=lambda i: "-".join([i.key, *i.kinds]))
def test_every_listed_key_is_accepted_by_set(info, scenarios_by_kind):
    """``--set KEY=<default>`` loads on a scenario of a matching abuse kind. A key of a
    pouch (or a can) exists only in scenarios of that enclosure, so the key must load on at
    least one of the candidates."""
    if info.required or info.default is None:
        pytest.skip(NO_DEFAULT)
    kinds = info.kinds or tuple(scenarios_by_kind)
    candidates = [path for kind in kinds for path in scenarios_by_kind.get(kind, [])]
    if not candidates:
        pytest.skip(f"no bundled scenario of abuse kind {', '.join(kinds)}")
    override = f"{info.key}={json.dumps(info.default)}"
    problems = []
    for path in candidates:
        try:
            scenario = load_scenario(path, [override])
        except ScenarioError as exc:
            problems.append(str(exc))
            continue
        assert f"--set {override}" in scenario.source_text
        return
    pytest.fail(f"--set {override} rejected everywhere: {problems}")


# --- user parts ------------------------------------------------------------------------------


class ProbeSettings(BaseModel):
    """A probe on the cell.

    Attributes
    ----------
    time_constant : float
        Response time of the probe [s].
    """

    model_config = SCHEMA_CONFIG
    time_constant: quantity(TIME, gt=0) = 5.0


class Probe(UserPart):
    name = "probe"
    schema = ProbeSettings


@pytest.fixture
def probe():
    runaway.register_part(Probe)
    yield
    unregister_part("probe")


def test_user_parts_are_listed_and_in_the_schema(probe):
    result = invoke("keys", "parts")
    assert result.exit_code == 0, result.output
    assert _row(result.output, "parts.probe.time_constant") == ["s", "5", "> 0"]
    assert "Response time of the probe" in result.output
    probe_schema = scenario_json_schema()["$defs"]["ProbeSettings"]
    assert "time_constant" in probe_schema["properties"]
    load_scenario(POUCH_OVEN, ["parts.probe.time_constant=5.0"])


# --- runaway schema --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(invoke("schema").output)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _errors(validator, data) -> list[str]:
    return [error.message for error in validator.iter_errors(data)]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_schema_accepts_every_bundled_scenario(validator, path):
    """As written (a cell preset supplies the cell's keys) and as loaded (preset merged:
    composition amounts, electrical curves and enclosure tables)."""
    assert _errors(validator, tomllib.loads(path.read_text())) == []
    effective = tomllib.loads(load_scenario(path).source_text)
    assert _errors(validator, effective) == []


@pytest.mark.parametrize(
    "change",
    [
        {"cell": {"preset": "li-ncm811-pouch", "soc": "abc"}},  # not a quantity
        {"cell": {"preset": "li-ncm811-pouch", "soc": 1.5}},  # out of range
        {"cell": {"soc": 0.5}},  # no preset: the cell's keys are required
        {"cell": {"preset": "li-ncm811-pouch", "composition": {"H2O": "2"}}},  # no unit
        {"oven": {"temperature": 400}},  # unknown top-level table
        {"abuse": {"kind": "ovne", "temperature": "150 degC"}},  # unknown kind
        {"abuse": {"kind": "oven", "resistance": "1 ohm"}},  # a key of another kind
        {"abuse": {"temperature": "150 degC"}},  # no kind
        {"solver": {"kinetics": "fast"}},  # not a choice
    ],
    ids=lambda c: json.dumps(c),
)
def test_schema_rejects_wrong_scenarios(validator, change):
    data = {**tomllib.loads(POUCH_OVEN.read_text()), **change}
    assert _errors(validator, data)


def test_schema_describes_quantities_as_numbers_or_strings_with_units():
    schema = scenario_json_schema()
    soc = schema["$defs"]["CellSpec"]["properties"]["soc"]
    assert {branch["type"] for branch in soc["anyOf"]} == {"number", "string"}
    assert "State of charge" in soc["description"] and "[0, 1]" in soc["description"]
    temperature = schema["$defs"]["OvenAbuse"]["properties"]["temperature"]
    assert "a number in K" in temperature["description"]
    assert "source_text" not in schema["properties"]
    assert schema["properties"]["abuse"]["discriminator"]["propertyName"] == "kind"


def test_schema_output_file_is_written_atomically(tmp_path):
    out = tmp_path / "editor" / "runaway-scenario.schema.json"
    result = invoke("schema", "-o", out)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text()) == json.loads(invoke("schema").output)
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left


def test_schema_bad_output_is_a_clear_error(tmp_path):
    assert_bad_input(invoke("schema", "-o", tmp_path / "schema.txt"), "must end in .json")
    folder = invoke("schema", "-o", tmp_path)  # Click's own check of the path: one message
    assert folder.exit_code == 2 and "is a directory" in folder.output
    assert "Traceback" not in folder.output


def test_command_line_stays_light_to_import():
    """The commands import the schema (pydantic, numba via the abuse kinds) when they run."""
    heavy = "{'numba', 'cantera', 'pydantic'}"
    code = f"import sys, runaway.cli; print(sorted({heavy} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
