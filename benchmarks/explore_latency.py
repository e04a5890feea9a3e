"""Headless latency of the explorer: slider set -> FigureWidget data updated.

Run: ``.venv/bin/python benchmarks/explore_latency.py [--reps 10]``

At the lesson size (N = 5_000, 104 weeks, broadcast vs relationship) it times, side by side:

- ``simulate x2``: the two simulations alone (the floor);
- ``set()``: ``explorer.set(p_ad=...)``, the explicit path: move the slider, re-run and
  batch-update the figure, once;
- ``slider event``: set a slider inside a running asyncio loop (as in a kernel), so the
  debounced path runs: the first change after a quiet spell runs at once;
- ``burst of 2``: two changes within the debounce window: the second waits for the
  trailing run, so its latency includes the wait.

Each row gives the median and the worst of ``reps`` updates, and the median as a ratio of
the ``simulate x2`` median. The browser adds rendering on top (see the Playwright check).
The target is under 150 ms from slider release to updated figure.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

import numpy as np

os.environ["KIT_CACHE"] = "off"  # slider moves to new values: computed, not cached

from kit import sim
from kit.explore import explore

SIZE = {"population": 5_000, "weeks": 104, "seed": 1}
VALUES = [0.005 + 0.004 * i for i in range(40)]  # distinct p_ad values: no cache hits


def time_simulate(reps: int) -> list[float]:
    out = []
    for i in range(reps):
        start = time.perf_counter()
        sim.compare(["broadcast", "relationship"], **SIZE, p_ad=VALUES[i])
        out.append((time.perf_counter() - start) * 1e3)
    return out


def time_set(reps: int) -> list[float]:
    ex = explore(sliders=["hours", "p_ad"], **SIZE)
    out = []
    for i in range(reps):
        start = time.perf_counter()
        ex.set(p_ad=VALUES[10 + i])  # the explicit path: one run, no debounce
        out.append((time.perf_counter() - start) * 1e3)
    return out


async def _event_path(reps: int, burst: bool) -> list[float]:
    ex = explore(sliders=["hours", "p_ad"], debounce=0.15, **SIZE)
    slider = ex.controls["p_ad"]
    out = []
    for i in range(reps):
        await asyncio.sleep(0.3)  # a quiet spell: the next change is a "release"
        runs = ex.runs
        target = ex.runs + (2 if burst else 1)
        start = time.perf_counter()
        slider.value = VALUES[2 * i + 1]
        if burst:
            await asyncio.sleep(0.01)
            start = time.perf_counter()  # latency of the second change
            slider.value = VALUES[2 * i + 2]
        while ex.runs < target:
            await asyncio.sleep(0.001)
        out.append((time.perf_counter() - start) * 1e3)
        assert ex.runs > runs
        fresh = sim.compare(["broadcast", "relationship"], **SIZE, **ex.values)
        want = fresh[fresh.strategy == "relationship"]["customers"].to_numpy(float)
        assert np.array_equal(ex.figure.data[1].y, want), "figure does not match simulate"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10)
    reps = parser.parse_args().reps
    rows = [
        ("simulate x2", time_simulate(reps)),
        ("set()", time_set(reps)),
        ("slider event", asyncio.run(_event_path(reps, burst=False))),
        ("burst of 2", asyncio.run(_event_path(reps, burst=True))),
    ]
    floor = statistics.median(rows[0][1])
    print(f"explorer latency, N={SIZE['population']:,}, {SIZE['weeks']} weeks, {reps} reps")
    print(f"{'path':<14}{'median ms':>11}{'worst ms':>10}{'ratio':>8}")
    for name, times in rows:
        med = statistics.median(times)
        print(f"{name:<14}{med:>11.1f}{max(times):>10.1f}{med / floor:>8.2f}")


if __name__ == "__main__":
    main()
