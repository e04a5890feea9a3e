"""How long "what would flip it" takes at lesson size (issue 21): target about 15 s.

Run: ``.venv/bin/python benchmarks/flip_analysis.py [--reps 3] [--turns 2]``

At the lesson size (N = 5,000, 104 weeks, relationship against broadcast, every numeric
parameter but population and weeks, up and down within the sliders' ranges, 3 seeds) it
times, in turns:

- ``one run``: one lesson-sized simulation (relationship and broadcast alternately), the
  unit the analysis is made of;
- ``flip_analysis``: the whole analysis with the run cache off (every run computed);
- ``flip_analysis, cached``: the same call again with the run cache on, after one call
  filled it (a private folder): what a learner who reruns the cell, or a room served by a
  warm shared cache, waits.

It prints each row's best and median, the simulations the analysis ran, and the analysis as
a multiple of one run, which does not depend on the machine's load as the seconds do.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

os.environ["KIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="kit-bench-flip-")

from kit import sim
from kit.sim import cache

SIZE = {"population": 5_000, "weeks": 104, "seed": 1}


def one_run(turn: int) -> float:
    strategy = ("relationship", "broadcast")[turn % 2]
    with cache.disabled():
        start = time.perf_counter()
        sim.simulate(sim.Scenario.preset(strategy, **SIZE))
        return time.perf_counter() - start


def analysis(reps: int, cached: bool) -> tuple[float, int]:
    start = time.perf_counter()
    if cached:
        table = sim.flip_analysis("relationship", "broadcast", reps=reps, **SIZE)
    else:
        with cache.disabled():
            table = sim.flip_analysis("relationship", "broadcast", reps=reps, **SIZE)
    return time.perf_counter() - start, table.attrs["flip"]["runs"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="seeds per point (default 3)")
    parser.add_argument("--turns", type=int, default=2, help="timed turns (default 2)")
    args = parser.parse_args()

    analysis(args.reps, cached=True)  # fill the private cache once (and warm imports)
    runs_single, cold, warm = [], [], []
    runs = 0
    for turn in range(args.turns):
        runs_single.extend(one_run(2 * turn + k) for k in range(6))
        seconds, runs = analysis(args.reps, cached=False)
        cold.append(seconds)
        warm.append(analysis(args.reps, cached=True)[0])

    one = statistics.median(runs_single)
    print(f"lesson size: {SIZE}, relationship vs broadcast, reps={args.reps}")
    print(f"{'measurement':<28}{'best':>10}{'median':>10}{'x one run':>12}")
    for name, values in (
        ("one run", runs_single),
        ("flip_analysis", cold),
        ("flip_analysis, cached", warm),
    ):
        best, median = min(values), statistics.median(values)
        print(f"{name:<28}{best:>9.3f}s{median:>9.3f}s{median / one:>12.0f}")
    print(f"simulations per analysis: {runs}; load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
