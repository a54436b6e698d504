"""Time a Li | NCM811 pouch oven grid on 1 and 2 local workers (and optionally Dask), in one run.

Usage::

    python benchmarks/grid.py [--points N] [--dask]

The grid steps the oven temperature (130-200 degC) and the SOC (0.3-1.0) of
``scenarios/li_ncm811_pouch_oven.toml``; ``--points`` sets the total (default 100). Each
configuration runs the same cases into a fresh store; the wall time includes worker start-up
(spawn, imports, mechanism load, numba cache load) but not grid validation.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runaway.grid.execute import execute  # noqa: E402
from runaway.grid.spec import check_points, parse_grid  # noqa: E402
from runaway.grid.store import PartStore  # noqa: E402


def grid_text(points: int) -> str:
    soc = max(1, round(math.sqrt(points / 2)))
    temperatures = max(1, points // soc)
    return f"""
base = "{(ROOT / "scenarios" / "li_ncm811_pouch_oven.toml").as_posix()}"
[grid]
"abuse.temperature" = {{start = "130 degC", stop = "200 degC", num = {temperatures}}}
"cell.soc" = {{start = 0.3, stop = 1.0, num = {soc}}}
"""


def timed(cases, **kwargs) -> tuple[float, list[dict]]:
    records: list[dict] = []
    with tempfile.TemporaryDirectory() as folder:
        store = PartStore(Path(folder) / "parts")
        start = time.perf_counter()
        execute(cases, store, progress=False, on_record=records.append, **kwargs)
        return time.perf_counter() - start, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--dask", action="store_true", help="also a 2-worker LocalCluster")
    args = parser.parse_args()
    cases = check_points(parse_grid(grid_text(args.points), "bench.toml"))
    timed(cases[:1], workers=1)  # the kernel is compiled or loaded before timing
    results = {}
    for workers in (1, 2):
        seconds, records = timed(cases, workers=workers)
        cpu = sum(r["cpu_time"] for r in records) / len(records)
        results[workers] = seconds
        rate = len(cases) / seconds
        print(f"{workers} worker(s): {len(cases)} points in {seconds:.1f} s = {rate:.1f} points/s; "
              f"mean CPU per point {1e3 * cpu:.0f} ms")  # fmt: skip
    print(f"speed-up 1 -> 2 workers: {results[1] / results[2]:.2f}x")
    if args.dask:
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
            with Client(cluster) as client:
                seconds, _ = timed(cases, scheduler=client)
        extra = (seconds - results[2]) / len(cases)
        print(f"dask LocalCluster (2 workers): {seconds:.1f} s; {1e3 * extra:+.1f} ms per point "
              "against the local pool (cluster start-up excluded)")  # fmt: skip


if __name__ == "__main__":
    main()
