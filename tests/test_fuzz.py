"""Property-based test (Hypothesis) over the scenario schema and ``--set``.

Every generated input — overrides of known and unknown keys with numbers of any size, NaN and
infinity, strings with and without units, text with control characters, booleans, lists and
inline tables nested a few levels, garbage ``--set`` arguments, and scenario files with a key
deleted — must end in one of two ways:

- exit 0 with a result whose status is ``ok`` and whose numbers are physically possible
  (temperatures inside the species thermo range, positive finite pressure, no negative gas);
- exit 2 with one ``error:`` line naming the scenario file and then a key, a bad ``--set``
  or the reason a run failed;

never a traceback, another exit status or a hang (each example has 120 s).

CI runs ``RUNAWAY_FUZZ_EXAMPLES`` examples (default 500) with a fixed seed; for a longer hunt::

    RUNAWAY_FUZZ_EXAMPLES=5000 RUNAWAY_FUZZ_RANDOM=1 python -P -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import json
import math
import os
import signal
from pathlib import Path

import numpy as np
import pytest
import tomli_w
from click.testing import CliRunner

from runaway.cli import main
from runaway.results import read_netcdf

from .conftest import SCENARIOS

hypothesis = pytest.importorskip("hypothesis")
st = pytest.importorskip("hypothesis.strategies")

EXAMPLES = int(os.environ.get("RUNAWAY_FUZZ_EXAMPLES", "500"))
RANDOM = bool(os.environ.get("RUNAWAY_FUZZ_RANDOM"))
TIME_LIMIT = 120  # [s] per example: a longer one is a hang

#: bundled scenarios the examples start from, each with a shorter end time so a valid input
#: costs well under a second (an override may still change it)
BASES = {
    "kim2007_18650_oven": ['solver.end_time="40 min"'],
    "li_ncm811_pouch_external_short": ['solver.end_time="10 min"'],
    "li_ncm811_pouch_oven": ['solver.end_time="20 min"'],
}

UNITS = [
    "", "K", "degC", "degF", "mm", "m", "um", "g", "kg", "J/(g*K)", "J/(kg*K)", "Ah", "mA*h",
    "mohm", "ohm", "kPa", "MPa", "bar", "s", "min", "h", "K/min", "W", "cm^3", "mL", "%", "mol",
    "V", "parsec", "furlong", "1/s", "m/s", "degC/min",
]  # fmt: skip
SPECIES = ["H2O", "EC", "DMC", "Li(s)", "LiPF6", "C6", "NCM811", "nope", ""]


def _known_keys() -> list[str]:
    from runaway import scenario_keys

    keys = []
    for info in scenario_keys():
        if "<name>" in info.key:
            keys += [info.key.replace("<name>", s) for s in SPECIES]
        else:
            keys.append(info.key)
    return sorted(set(keys))


KEYS = _known_keys()


def _numeric_settings() -> list[tuple[str, float]]:
    """(dotted key, SI value) of every number in the bundled bases (defaults included)."""
    from runaway import load_scenario

    found = {}

    def walk(node, prefix):
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                found[f"{prefix}{key}"] = float(value)

    for base in BASES:
        walk(load_scenario(SCENARIOS / f"{base}.toml").model_dump(), "")
    return sorted(found.items())


NUMERIC = _numeric_settings()

numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1e-300, 1e300, 0.5, 1, 2, 150, 423.15, 1e-9, 3000, 5000]),
)
quantity_strings = st.builds(
    lambda x, unit, pad: f"{x}{pad}{unit}".strip() if pad != "x" else f"{unit}{x}",
    numbers,
    st.sampled_from(UNITS),
    st.sampled_from([" ", "", "  ", "x"]),
)
scalars = st.one_of(
    numbers,
    quantity_strings,
    st.text(max_size=30),
    st.booleans(),
    st.sampled_from(["oven", "arc", "heater", "external_short", "internal_short", "nail",
                     "none", "compiled", "cantera", "pouch", "cylindrical", "li-ncm811-pouch",
                     "kim2007-18650", "kim2007.yaml", "../x.yaml", "/etc/passwd"]),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3),
    ),
    max_leaves=6,
)
keys = st.one_of(
    st.sampled_from(KEYS),
    st.sampled_from(KEYS).map(lambda k: k + "x"),
    st.builds(lambda k, extra: f"{k}.{extra}", st.sampled_from(KEYS), st.text(max_size=8)),
    st.text(max_size=20),
)


def toml_value(value) -> str:
    """``value`` as a TOML inline value (strings as JSON, which TOML mostly reads; what it
    does not read is a fine malformed input too)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    items = (f"{json.dumps(k, ensure_ascii=False)} = {toml_value(v)}" for k, v in value.items())
    return "{" + ", ".join(items) + "}"


#: a bundled number scaled by 1/100 to 100 (or negated): plausible-looking inputs that run,
#: to find results reported ok that are not physical
scaled = st.builds(
    lambda item, factor: f"{item[0]}={toml_value(item[1] * factor)}",
    st.sampled_from(NUMERIC),
    st.one_of(st.floats(min_value=0.01, max_value=100.0), st.sampled_from([0.0, -1.0, 1e6])),
)
overrides = st.lists(
    st.one_of(
        scaled,
        scaled,
        st.builds(lambda k, v: f"{k}={toml_value(v)}", keys, values),
        st.text(max_size=40),  # garbage --set arguments
    ),
    min_size=0,
    max_size=3,
)


def _paths(table: dict, prefix: tuple = ()) -> list[tuple]:
    out = []
    for key, value in table.items():
        out.append((*prefix, key))
        if isinstance(value, dict):
            out += _paths(value, (*prefix, key))
    return out


class _Hang(Exception):
    pass


def _alarm(signum, frame):
    raise _Hang(f"an example took more than {TIME_LIMIT} s")


def _check_result(path: Path) -> None:
    ds = read_netcdf(path)
    assert str(ds["status"].item()) == "ok", ds["status"].item()
    temperature = ds["temperature"].values
    assert np.isfinite(temperature).all()
    assert temperature.min() >= 200.0 and temperature.max() <= 3000.0
    pressure = ds["pressure"].values
    assert np.isfinite(pressure).all() and pressure.min() > 0.0
    assert float(ds["gas_total"]) >= 0.0
    assert np.isfinite(ds["max_temperature"].item())


@hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
@hypothesis.given(
    base=st.sampled_from(sorted(BASES)),
    settings=overrides,
    delete=st.one_of(st.none(), st.integers(min_value=0, max_value=10_000)),
)
def test_any_input_gives_a_valid_result_or_one_clean_error(tmp_path_factory, base, settings,
                                                           delete):  # fmt: skip
    folder = tmp_path_factory.mktemp("fuzz")
    scenario = SCENARIOS / f"{base}.toml"
    if delete is not None:  # the same scenario with one key left out
        import tomllib

        table = tomllib.loads(scenario.read_text())
        paths = _paths(table)
        *parents, last = paths[delete % len(paths)]
        node = table
        for key in parents:
            node = node[key]
        del node[last]
        scenario = folder / f"{base}.toml"
        scenario.write_text(tomli_w.dumps(table))
    output = folder / "result.nc"
    args = ["run", str(scenario), "-q", "-o", str(output)]
    for item in [*BASES[base], *settings]:
        args += ["--set", item]
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    text = result.output
    hypothesis.event(f"exit {result.exit_code}" + (" (run failed)" if "run failed" in text else ""))
    assert not isinstance(result.exception, _Hang), args
    assert "Traceback" not in text, (args, text)
    assert result.exit_code in (0, 2), (args, text, repr(result.exception))
    if result.exit_code == 0:
        _check_result(output)
        return
    errors = [line for line in text.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, (args, text)
    named = str(scenario)
    assert errors[0].startswith(f"error: {named}: "), (args, errors[0])
    rest = errors[0][len(f"error: {named}: ") :]
    assert rest.startswith(("bad --set", "run failed: ")) or ": " in rest, (args, rest)
