"""The pre-flight estimate of a run's memory (kit/sim/cost.py) against the measured peak.

For three sizes, each in a fresh process: the estimate, NumPy's peak allocation during the run
(tracemalloc) and the process's peak resident memory above what it held before (VmHWM), with
the ratio estimate / NumPy peak.

    .venv/bin/python benchmarks/cost_estimate.py
"""

from __future__ import annotations

import os
import subprocess
import sys

_CHILD = r"""
import sys, tracemalloc
from kit.sim import Scenario, cost, engine
n, d, graph = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
s = Scenario.preset("balanced", population=n, mean_degree=d, graph=graph, weeks=52, seed=1)
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
before = hwm()
tracemalloc.start()
engine.run(s)
peak = tracemalloc.get_traced_memory()[1]
print(cost.estimate(s).memory, peak, hwm() - before)
"""

SIZES = ((100_000, 10, "random"), (1_000_000, 10, "random"), (300_000, 40, "small_world"))


def main() -> int:
    print(f"{'scenario':<36} {'estimate':>10} {'NumPy peak':>11} {'RSS rise':>10} {'ratio':>6}")
    for n, d, graph in SIZES:
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(n), str(d), graph],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "KIT_CACHE": "off"},
        ).stdout.split()
        est, peak, rss = (int(x) for x in out)
        name = f"{n:,} people, degree {d:g}, {graph}"
        print(
            f"{name:<36} {est / 1e6:>8.0f}MB {peak / 1e6:>9.0f}MB {rss / 1e6:>8.0f}MB "
            f"{est / peak:>6.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
