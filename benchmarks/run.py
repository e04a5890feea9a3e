"""Speed of the simulator, measured side by side in one run (``make bench``).

Prints one table: agent-steps per second (population x weeks / seconds) for the vectorized
engine at N = 1e4, 1e5 and 1e6 (156 weeks), the plain-Python reference at N = 1e3, and the
same model written idiomatically in Mesa at N = 1e4; the ratios between them; the peak memory
of a 1e6 run; and the time of one lesson-sized run (N = 5,000, 104 weeks), the run a lesson
slider triggers.

Every engine time includes building the graph (the cache is cleared first), except the
"lesson, warm" row, which is what a slider re-run costs: the graph of an unchanged population
is reused. Each row is the best of several runs (``--repeat``; the engine at N = 1e4 and
1e5 gets twice as many, being cheap), Mesa's included, so that a slow spell of a shared
machine does not land on one side of a ratio only.

Usage: ``python benchmarks/run.py [--quick] [--skip-mesa] [--repeat K]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
# the engine is measured, not the run cache (kit/sim/cache.py): every run is computed,
# here and in the subprocesses this script starts
os.environ["KIT_CACHE"] = "off"

from kit.sim import Scenario, engine, graph  # noqa: E402
from kit.sim.reference import simulate_reference  # noqa: E402

STRATEGY = "balanced"  # uses all three activities


def timed(fn, *args, repeat: int = 1) -> float:
    """The best of ``repeat`` wall-clock times of ``fn(*args)`` in seconds."""
    best = float("inf")
    for _ in range(repeat):
        graph._cached.cache_clear()
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best


def scenario(n: int, weeks: int = 156, seed: int = 1) -> Scenario:
    return Scenario.preset(STRATEGY, population=n, weeks=weeks, seed=seed)


def load_mesa():
    path = HERE / "mesa_model.py"
    spec = importlib.util.spec_from_file_location("mesa_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.run_mesa


def peak_memory_mb(n: int) -> tuple[float, float]:
    """Peak resident memory of a fresh process running one N-person, 156-week run.

    Read from ``VmHWM`` in ``/proc/self/status`` (the high-water mark of this process's own
    memory: unlike ``ru_maxrss`` it is not inherited from the parent that started it), and
    the resident memory after the imports, before the run.
    """
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(HERE.parent)!r})\n"
        "from kit.sim import Scenario, simulate\n"
        "def status(key):\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith(key):\n"
        "            return int(line.split()[1]) / 1024\n"
        "base = status('VmRSS')\n"
        f"simulate(Scenario.preset({STRATEGY!r}, population={n}, seed=1))\n"
        "print(status('VmHWM'), status('VmHWM') - base)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    total, added = (float(x) for x in out.stdout.split())
    return total, added


def lesson_times(reps: int) -> tuple[float, float]:
    """Medians of ``reps`` cold runs (graph built) and ``reps`` warm ones (graph cached, as
    after the first slider move), taken in turns so that a slow spell of a shared machine
    falls on both alike."""
    s = scenario(5_000, weeks=104)
    cold, warm = [], []
    for _ in range(reps):
        cold.append(timed(engine.run, s))  # clears the graph cache, then runs
        start = time.perf_counter()
        engine.run(s)
        warm.append(time.perf_counter() - start)
    return statistics.median(cold), statistics.median(warm)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1e6 run and Mesa")
    parser.add_argument("--skip-mesa", action="store_true", help="do not run the Mesa model")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--repeat", type=int, default=3, metavar="K", help="best of K runs per row (default 3)"
    )
    args = parser.parse_args(argv)

    rows = []  # (label, population, weeks, seconds)
    sizes = (10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000)
    for n in sizes:
        repeat = args.repeat if n >= 1_000_000 else 2 * args.repeat
        rows.append(
            (f"engine (NumPy), N={n:,}", n, 156, timed(engine.run, scenario(n), repeat=repeat))
        )
    reference = timed(simulate_reference, scenario(1_000), repeat=args.repeat)
    rows.append(("reference (plain Python)", 1_000, 156, reference))
    if not (args.quick or args.skip_mesa):
        run_mesa = load_mesa()
        rows.append(
            (
                "Mesa 3.3 (idiomatic)",
                10_000,
                156,
                timed(run_mesa, scenario(10_000), repeat=args.repeat),
            )
        )

    rate = {label: n * w / sec for label, n, w, sec in rows}
    print(
        f"Simulator speed, strategy '{STRATEGY}', {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    print()
    head = ("implementation", "N", "weeks", "seconds", "agent-steps/s")
    print("| {:<30} | {:>9} | {:>5} | {:>8} | {:>14} |".format(*head))
    print(f"|{'-' * 32}|{'-' * 11}|{'-' * 7}|{'-' * 10}|{'-' * 16}|")
    for label, n, w, sec in rows:
        print(f"| {label:<30} | {n:>9,} | {w:>5} | {sec:>8.3f} | {rate[label]:>14,.0f} |")
    print()
    engine_1e4 = rate["engine (NumPy), N=10,000"]
    print("Ratios (agent-steps per second):")
    ratio = engine_1e4 / rate["reference (plain Python)"]
    print(f"  engine N=1e4 / reference N=1e3: {ratio:,.0f}x")
    if "Mesa 3.3 (idiomatic)" in rate:
        ratio = engine_1e4 / rate["Mesa 3.3 (idiomatic)"]
        print(f"  engine N=1e4 / Mesa N=1e4:      {ratio:,.0f}x   (for reference; no target)")
    if not args.quick:
        big = rate["engine (NumPy), N=1,000,000"]
        secs = 1_000_000 * 156 / big
        print(
            f"  engine N=1e6: {secs:.2f} s, {big / 1e6:.1f}M agent-steps/s"
            "   (target < 5 s, > 30M/s)"
        )
        total, added = peak_memory_mb(1_000_000)
        print(
            f"Peak memory of a 1e6-person run: {total:.0f} MB resident ({added:.0f} MB above "
            "the interpreter and imports)   (target < 500 MB)"
        )
    cold, warm = lesson_times(reps=15)
    print(
        f"Lesson-sized run (N=5,000, 104 weeks), median of 15: {cold * 1e3:.1f} ms with the "
        f"graph built, {warm * 1e3:.1f} ms warm (slider re-run)   (target < 30 ms)"
    )
    if args.json:
        result = {"rows": rows, "lesson_ms": [cold * 1e3, warm * 1e3]}
        Path(args.json).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
