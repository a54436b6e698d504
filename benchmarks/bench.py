"""Time runaway against plain scipy-BDF references of the same cases, in one process.

Usage::

    python benchmarks/bench.py [--repeat N] [--json out.json]

For each case (Kim 2007 18650 oven; Li|NCM811 pouch in its 150 degC oven and in a 200 degC one,
where it runs away, when its scenario exists) this measures,
in the same run, the median wall time (``time.perf_counter``) over N repeats after one discarded
warm-up run of:

- runaway: ``run_scenario(scenario, mechanism=mech)`` with the mechanism loaded once outside the
  timing (as a grid worker holds it): model build + integration + result dataset; and, to show
  the split, ``build_model``, ``simulate(model)`` and ``build_dataset(model, out)`` separately;
- the BDF references of the same case: ``reference_kim`` (independent numpy Kim model, Kim case
  only) and ``reference_model_bdf`` (runaway's own right-hand side under plain ``solve_ivp``).

The slow BDF references are repeated fewer times (``--ref-repeat``, default 3); the output says
so. It then prints the agreement of runaway with ``reference_kim`` (time to runaway and peak at
155 degC, peak at 140 degC) as absolute differences. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import signal
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import scipy  # noqa: E402
from reference_kim import simulate_kim_reference  # noqa: E402
from reference_model_bdf import simulate_model_bdf  # noqa: E402

import runaway  # noqa: E402
from runaway.api import build_model, run_scenario  # noqa: E402
from runaway.chemistry import load_mechanism  # noqa: E402
from runaway.results import build_dataset  # noqa: E402
from runaway.scenario import load_scenario  # noqa: E402
from runaway.solver import simulate  # noqa: E402

KIM = ROOT / "scenarios" / "kim2007_18650_oven.toml"
LI_NCM = ROOT / "scenarios" / "li_ncm811_pouch_oven.toml"
TARGET_MS = {"kim": 30.0, "li_ncm": 100.0, "li_ncm_200": 100.0}  # per scenario, median [ms]
#: the pouch in a 200 degC oven: it runs away (in the 150 degC oven of its file it does not)
HOT_OVEN = ('abuse.temperature="200 degC"',)
RUNAWAY_TIMEOUT = 120.0  # [s] per runaway call; a slower call is reported as timed out
REFERENCE_TIMEOUT = 30.0  # [s] per reference call


class CallTimeout(BaseException):
    """One timed call ran longer than its cap (BaseException: no library may swallow it)."""


def _alarm(signum, frame):
    raise CallTimeout


def timed(fn: Callable[[], object], repeat: int, cap: float | None = None) -> dict:
    """Median wall time [ms] of ``fn`` over ``repeat`` runs after one discarded warm-up run.

    With ``cap`` [s] (Unix only), a call running longer is interrupted and the measurement is
    reported as timed out (``median_ms`` = NaN, ``timed_out`` = True).
    """
    use_cap = cap is not None and hasattr(signal, "setitimer")
    if use_cap:
        previous = signal.signal(signal.SIGALRM, _alarm)
    times: list[float] = []
    timed_out = False
    try:
        for i in range(repeat + 1):
            if use_cap:
                signal.setitimer(signal.ITIMER_REAL, cap)
            start = time.perf_counter()
            try:
                fn()
            except CallTimeout:
                timed_out = True
                break
            finally:
                if use_cap:
                    signal.setitimer(signal.ITIMER_REAL, 0.0)
            elapsed = (time.perf_counter() - start) * 1000.0
            if i > 0:
                times.append(elapsed)
    finally:
        if use_cap:
            signal.signal(signal.SIGALRM, previous)
    return {
        "median_ms": statistics.median(times) if times and not timed_out else float("nan"),
        "min_ms": min(times) if times and not timed_out else float("nan"),
        "runs": len(times),
        "timed_out": timed_out,
    }


def bench_case(key: str, path: Path, repeat: int, ref_repeat: int, overrides=()) -> dict:
    """All timings of one case (``overrides``: ``--set`` strings)."""
    scenario = load_scenario(path, list(overrides))
    mech = load_mechanism(scenario.cell.mechanisms)  # once, outside the timing
    result: dict = {
        "case": key,
        "scenario": " ".join([str(path.relative_to(ROOT)), *overrides]),
        "runaway": timed(
            lambda: run_scenario(scenario, mechanism=mech), repeat, cap=RUNAWAY_TIMEOUT
        ),
        "references": {},
    }
    if not result["runaway"]["timed_out"]:
        model = build_model(scenario, mech)
        out = simulate(model)
        result["runaway_steps"] = out.steps
        result["runaway_status"] = out.status
        result["split"] = {
            "build_model": timed(lambda: build_model(scenario, mech), repeat),
            "simulate": timed(lambda: simulate(model), repeat),
            "build_dataset": timed(lambda: build_dataset(model, out), repeat),
        }
    refs: dict[str, Callable[[], dict]] = {}
    if key == "kim":
        oven = scenario.abuse.temperature
        eps = scenario.environment.emissivity
        end = scenario.solver.end_time
        refs["reference_kim"] = lambda: simulate_kim_reference(oven, eps, end)
    refs["reference_model_bdf"] = lambda: simulate_model_bdf(scenario, mech)
    for name, fn in refs.items():
        entry = timed(fn, ref_repeat, cap=REFERENCE_TIMEOUT)
        if not entry["timed_out"]:
            info = fn()
            entry.update({k: info[k] for k in ("steps", "nfev", "success") if k in info})
            if not info.get("success", True):
                entry["message"] = f"{info['message']} at t = {info['time'][-1]:.6g} s"
        result["references"][name] = entry
    return result


def agreement() -> dict:
    """runaway vs reference_kim at 155 degC (time to runaway, peak) and 140 degC (peak)."""
    rows = {}
    for celsius in (155.0, 140.0):
        scenario = load_scenario(KIM, [f"abuse.temperature={celsius} degC"])
        ds = run_scenario(scenario)
        ref = simulate_kim_reference(
            scenario.abuse.temperature, scenario.environment.emissivity, scenario.solver.end_time
        )
        rows[f"{celsius:g}C"] = {
            "runaway_time_to_runaway_s": float(ds.time_to_runaway),
            "reference_time_to_runaway_s": ref["time_to_runaway"],
            "runaway_max_temperature_K": float(ds.max_temperature),
            "reference_max_temperature_K": ref["max_temperature"],
        }
    return rows


def _ms(value: float) -> str:
    return "   n/a" if math.isnan(value) else f"{value:8.1f}"


def print_report(report: dict) -> None:
    m = report["machine"]
    print(f"machine: {m['platform']}, {m['cpu_count']} CPUs (os.cpu_count)")
    print(f"         Python {m['python']}, runaway {m['runaway']}, scipy {m['scipy']}")
    print(
        f"medians of {report['repeat']} runs for runaway, {report['ref_repeat']} for the BDF "
        "references (fewer: they are slow); one warm-up run discarded each; same process."
    )
    for note in report["skipped"]:
        print(f"skipped: {note}")
    print()
    header = (
        f"{'case':10} {'runaway ms':>10}  {'reference':21} {'ref ms':>8} {'ref/runaway':>11} "
        f"{'target ms':>9}  result"
    )
    print(header)
    print("-" * len(header))
    for case in report["cases"]:
        run = case["runaway"]
        run_ms = run["median_ms"]
        target = TARGET_MS[case["case"]]
        verdict = "PASS" if run_ms <= target else "MISS"  # NaN (timed out) is a MISS
        run_text = f">{RUNAWAY_TIMEOUT * 1000:.0f}" if run["timed_out"] else _ms(run_ms)
        first = True
        for name, ref in case["references"].items():
            ref_ms = ref["median_ms"]
            if ref["timed_out"]:
                ref_text, ratio = f">{REFERENCE_TIMEOUT * 1000:.0f}", "n/a"
            else:
                ref_text = _ms(ref_ms)
                ratio = "n/a" if math.isnan(run_ms) else f"{ref_ms / run_ms:.2f}"
                if not ref.get("success", True):
                    ratio += " (failed)"
            lead = f"{case['case']:10} {run_text:>10}" if first else f"{'':10} {'':>10}"
            tail = f"{target:9.0f}  {verdict}" if first else ""
            print(f"{lead}  {name:21} {ref_text:>8} {ratio:>11} {tail}")
            first = False
    print()
    print("runaway split (median ms): build_model / simulate / build_dataset; solver steps")
    for case in report["cases"]:
        s = case.get("split")
        if s is None:
            print(f"  {case['case']:10} run_scenario timed out after {RUNAWAY_TIMEOUT:.0f} s")
            continue
        print(
            f"  {case['case']:10} {_ms(s['build_model']['median_ms'])} "
            f"{_ms(s['simulate']['median_ms'])} {_ms(s['build_dataset']['median_ms'])}   "
            f"steps {case['runaway_steps']} ({case['runaway_status']})"
        )
    print("reference steps / nfev:")
    for case in report["cases"]:
        for name, ref in case["references"].items():
            line = f"  {case['case']:10} {name:21} {ref.get('steps', '-')} / {ref.get('nfev', '-')}"
            if ref.get("message"):
                line += f"  FAILED: {ref['message']}"
            print(line)
    agree = report.get("agreement")
    if agree:
        print()
        print("agreement runaway vs reference_kim (Kim 2007 oven):")
        a = agree["155C"]
        print(
            f"  155 degC time_to_runaway: runaway {a['runaway_time_to_runaway_s']:.1f} s, "
            f"reference {a['reference_time_to_runaway_s']:.1f} s, |diff| "
            f"{abs(a['runaway_time_to_runaway_s'] - a['reference_time_to_runaway_s']):.2f} s"
        )
        for key in ("155C", "140C"):
            a = agree[key]
            print(
                f"  {key[:3]} degC max_temperature: runaway "
                f"{a['runaway_max_temperature_K'] - 273.15:.2f} degC, reference "
                f"{a['reference_max_temperature_K'] - 273.15:.2f} degC, |diff| "
                f"{abs(a['runaway_max_temperature_K'] - a['reference_max_temperature_K']):.3f} K"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs after one warm-up")
    parser.add_argument(
        "--ref-repeat", type=int, default=None, help="timed runs of the BDF references (3)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)
    ref_repeat = max(1, args.ref_repeat if args.ref_repeat is not None else min(repeat, 3))

    started = time.perf_counter()
    report: dict = {
        "machine": {
            "platform": platform.platform(),
            "processor": platform.processor(),
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "runaway": runaway.__version__,
            "scipy": scipy.__version__,
        },
        "repeat": repeat,
        "ref_repeat": ref_repeat,
        "cases": [],
        "skipped": [],
    }
    for key, path, overrides in (
        ("kim", KIM, ()),
        ("li_ncm", LI_NCM, ()),
        ("li_ncm_200", LI_NCM, HOT_OVEN),
    ):
        if not path.exists():
            report["skipped"].append(f"{key}: {path.relative_to(ROOT)} does not exist yet")
            continue
        try:
            report["cases"].append(bench_case(key, path, repeat, ref_repeat, overrides))
        except Exception as exc:  # a case under construction must not hide the others
            report["skipped"].append(f"{key}: {type(exc).__name__}: {exc}")
    try:
        report["agreement"] = agreement()
    except Exception as exc:
        report["skipped"].append(f"agreement: {type(exc).__name__}: {exc}")
    report["total_s"] = time.perf_counter() - started
    print_report(report)
    print(f"\ntotal benchmark time {report['total_s']:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
