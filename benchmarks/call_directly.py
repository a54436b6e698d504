"""Does bypassing scipy's LSODA wrappers pay? runaway.solver._call_directly on vs off.

Usage::

    python benchmarks/call_directly.py [--rounds 9]

``runaway.solver._call_directly`` is the one place runaway reaches into scipy's internals: it
hands ODEPACK the compiled right-hand side directly instead of through scipy's two Python
wrappers. This benchmark times model build + integration (``runaway.solver.simulate``, what
the reach-in affects) with and without it, alternating rounds in one process, and prints the
medians and their ratio (off / on; above 1 means it pays).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from runaway import solver
from runaway.api import build_model
from runaway.chemistry import load_mechanism
from runaway.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "kim": ROOT / "scenarios" / "kim2007_18650_oven.toml",
    "li_ncm_pouch_oven": ROOT / "scenarios" / "li_ncm811_pouch_oven.toml",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--batch", type=int, default=5)
    args = parser.parse_args(argv)
    original = solver._call_directly
    variants = {"on": original, "off": lambda integrator, rhs: None}
    for key, path in CASES.items():
        scenario = load_scenario(path)
        mechanism = load_mechanism(scenario.cell.mechanisms)
        solver.simulate(build_model(scenario, mechanism))
        times = {name: [] for name in variants}
        for _ in range(args.rounds):
            for name, function in variants.items():
                solver._call_directly = function
                start = time.perf_counter()
                for _ in range(args.batch):
                    solver.simulate(build_model(scenario, mechanism))
                times[name].append(1000 * (time.perf_counter() - start) / args.batch)
        solver._call_directly = original
        on, off = statistics.median(times["on"]), statistics.median(times["off"])
        print(f"{key:<20} on {on:7.2f} ms  off {off:7.2f} ms  off/on {off / on:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
