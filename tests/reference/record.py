"""Record the safety numbers of every bundled scenario and the robustness variants.

Run from the repository root to (re)write ``tests/reference/numbers.json``::

    python tests/reference/record.py

The file written from the code before the core redesign (0.1.0) is the reference that
``tests/test_reference_numbers.py`` compares every later version with: a refactoring must not
move a number. Re-record only when a change is meant to move numbers, and say so in the
CHANGELOG.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCENARIOS = ROOT / "scenarios"

SCALARS = (
    "onset_temperature",
    "trigger_temperature",
    "max_temperature",
    "time_to_runaway",
    "vent_time",
    "vent_temperature",
    "cid_time",
    "max_pressure",
    "max_thickness_increase",
    "gas_total",
    "gas_volume_stp",
    "max_self_heating_rate",
    "max_temperature_rate",
)

POUCH_SHORT = "li_ncm811_pouch_external_short"
POUCH_OVEN = "li_ncm811_pouch_oven"
#: the twelve variants of tests/test_robustness.py
VARIANTS = [
    *[
        (POUCH_SHORT, f'abuse={{kind = "internal_short", resistance = "{r} mohm"}}')
        for r in (70, 80, 100, 120)
    ],
    *[
        (POUCH_OVEN, f'abuse={{kind = "internal_short", resistance = "{r} mohm"}}')
        for r in (40, 60, 80, 200)  # 500 mohm no longer runs away (core peaks at 180 degC)
    ],
    (POUCH_OVEN, 'abuse.temperature="200 degC"'),
    (POUCH_OVEN, 'abuse.temperature="220 degC"'),
    # the 150 degC oven of the scenario file does not run the fresh-foil cell away
    (POUCH_OVEN, 'abuse.temperature="200 degC"', 'solver.kinetics="cantera"'),
    (POUCH_OVEN, 'abuse.temperature="200 degC"', "solver.rtol=1e-8", "solver.atol=1e-11"),
]


def cases() -> list[tuple[str, ...]]:
    """Every bundled scenario (no overrides) followed by the robustness variants."""
    return [(p.stem,) for p in sorted(SCENARIOS.glob("*.toml"))] + [tuple(v) for v in VARIANTS]


def case_id(case: tuple[str, ...]) -> str:
    return " ".join(case)


def numbers(dataset) -> dict:
    """The compared numbers of one result dataset (NaN written as null)."""

    def clean(x: float):
        return None if not math.isfinite(x) else x

    out = {k: clean(float(dataset[k])) for k in SCALARS}
    out["thermal_runaway"] = bool(dataset["thermal_runaway"])
    out["status"] = str(dataset["status"].item())
    out["gas_mole_fraction"] = {
        str(s): float(x)
        for s, x in zip(dataset["species"].values, dataset["gas_mole_fraction"].values, strict=True)
    }
    return out


def platform_fingerprint() -> dict[str, str]:
    """What decides the last bits of a run: CPU model, Python and the numerical libraries.

    Two machines with the same fingerprint give bit-identical numbers; across fingerprints
    libm, LLVM's instruction selection and FMA contraction change roundoff, which the stiff
    integrator amplifies (tests/test_reference_numbers.py, CROSS_PLATFORM).
    """
    import platform
    from importlib.metadata import version

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    libraries = ("numpy", "scipy", "numba", "llvmlite", "cantera")
    return {
        "machine": platform.machine(),
        "cpu": cpu,
        "python": platform.python_version(),
        **{name: version(name) for name in libraries},
    }


def main() -> None:
    from runaway import load_scenario, run_scenario

    table = {}
    for case in cases():
        name, *overrides = case
        ds = run_scenario(load_scenario(SCENARIOS / f"{name}.toml", list(overrides)))
        table[case_id(case)] = numbers(ds)
        print(case_id(case), table[case_id(case)]["max_temperature"], file=sys.stderr)
    (HERE / "numbers.json").write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
    fingerprint = json.dumps(platform_fingerprint(), indent=1, sort_keys=True)
    (HERE / "platform.json").write_text(fingerprint + "\n")


if __name__ == "__main__":
    main()
