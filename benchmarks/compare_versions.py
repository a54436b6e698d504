"""Speed of this checkout against another version of runaway, measured in the same run.

Usage::

    git worktree add ../runaway-base <commit>       # the version to compare with
    python benchmarks/compare_versions.py --baseline ../runaway-base [--rounds 7]
    git worktree remove ../runaway-base

Two versions of the package cannot share one Python process, so each runs in its own worker
process (its checkout first on ``sys.path``), loads its mechanisms once and keeps its compiled
kernel warm. The workers then take turns, round by round, each timing one batch of
``run_scenario`` calls per case (model build + integration + result dataset, the mechanism
loaded once outside the timing, as a grid worker holds it); alternating rounds share the
machine's load. Reported per case: the median over rounds of each version's per-scenario time
and the ratio this/baseline of the medians (lower is faster).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASES = {
    "kim": "scenarios/kim2007_18650_oven.toml",
    "li_ncm_pouch_oven": "scenarios/li_ncm811_pouch_oven.toml",
}

WORKER = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import runaway
from runaway.api import run_scenario
from runaway.chemistry import load_mechanism
from runaway.scenario import load_scenario
assert runaway.__file__.startswith(sys.argv[1]), runaway.__file__
cases = json.loads(sys.argv[2])
loaded = {}
for key, path in cases.items():
    scenario = load_scenario(sys.argv[1] + "/" + path)
    mechanism = load_mechanism(scenario.cell.mechanisms)
    run_scenario(scenario, mechanism=mechanism)  # warm-up: compile or load the kernel
    loaded[key] = (scenario, mechanism)
print(json.dumps({"ready": runaway.__file__}), flush=True)
for line in sys.stdin:
    key, batch = line.split()
    scenario, mechanism = loaded[key]
    start = time.perf_counter()
    for _ in range(int(batch)):
        run_scenario(scenario, mechanism=mechanism)
    print(json.dumps({"ms": 1000 * (time.perf_counter() - start) / int(batch)}), flush=True)
"""


def _start(checkout: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(checkout), json.dumps(CASES)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    ready = json.loads(process.stdout.readline())
    print(f"worker ready: {ready['ready']}", file=sys.stderr)
    return process


def _time(process: subprocess.Popen, key: str, batch: int) -> float:
    process.stdin.write(f"{key} {batch}\n")
    process.stdin.flush()
    return json.loads(process.stdout.readline())["ms"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="checkout to compare with")
    parser.add_argument("--rounds", type=int, default=7, help="alternating rounds [7]")
    parser.add_argument("--batch", type=int, default=5, help="scenarios per timing [5]")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    workers = {"this": _start(ROOT), "baseline": _start(args.baseline.resolve())}
    times = {(v, k): [] for v in workers for k in CASES}
    for _ in range(args.rounds):
        for key in CASES:
            for version, process in workers.items():
                times[version, key].append(_time(process, key, args.batch))
    for process in workers.values():
        process.stdin.close()
        process.wait()
    report = {}
    for key in CASES:
        this = statistics.median(times["this", key])
        base = statistics.median(times["baseline", key])
        report[key] = {"this_ms": this, "baseline_ms": base, "ratio": this / base}
        spread = (min(times["this", key]), max(times["this", key]))
        print(
            f"{key:<20} this {this:7.1f} ms (rounds {spread[0]:.1f}-{spread[1]:.1f})  "
            f"baseline {base:7.1f} ms  ratio {this / base:.3f}"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
