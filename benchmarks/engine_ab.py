"""The engine of this checkout against the engine of another commit, side by side in one run.

Engine changes are judged by ratios, not by seconds: a shared machine's speed drifts by
tens of percent within minutes, so both engines are timed in turns, run for run, on the
same scenarios, and the table gives each one's median and the ratio of the medians.

The other commit's ``kit/`` is extracted with ``git archive`` into a temporary folder and
imported from there (nothing in the checkout changes). Both engines see the same seeds;
their results may differ, since an engine change may draw its random numbers differently.

Usage::

    python benchmarks/engine_ab.py REF [--reps 15] [--case K ...]

where REF is any commit (``HEAD~3``, a tag, a hash) and ``--case K`` (repeatable) runs only
the K-th row of the table (from 1), for a quicker look at one size.
"""

from __future__ import annotations

import argparse
import importlib
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (strategy, population, weeks, graph cached between runs?)
CASES = (
    ("balanced", 5_000, 104, True),  # the lesson-sized run a slider re-runs
    ("balanced", 10_000, 156, False),  # the Mesa comparison's size, graph built
    ("relationship", 5_000, 104, True),
    ("broadcast", 5_000, 104, True),
    ("celebrity", 20_000, 104, True),
    ("balanced", 100_000, 156, False),
)


def load_kit(folder: Path):
    """Import ``kit.sim`` afresh from ``folder``; return (engine, graph, Scenario)."""
    for name in [m for m in sys.modules if m == "kit" or m.startswith("kit.")]:
        del sys.modules[name]
    sys.path.insert(0, str(folder))
    try:
        engine = importlib.import_module("kit.sim.engine")
        graph = importlib.import_module("kit.sim.graph")
        scenario = importlib.import_module("kit.sim.scenario")
    finally:
        sys.path.pop(0)
    return engine, graph, scenario.Scenario


def extract(ref: str, into: Path) -> None:
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "kit"], capture_output=True, check=True
        ).stdout
    except subprocess.CalledProcessError as error:
        lines = error.stderr.decode(errors="replace").strip().splitlines()
        reason = lines[-1] if lines else str(error)
        raise SystemExit(f"engine_ab: git cannot read {ref!r}: {reason}") from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(into, filter="data")
        else:  # git's own archive of this repository: no links or absolute paths
            tar.extractall(into)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", help="the commit to compare this checkout with")
    parser.add_argument("--reps", type=int, default=15, help="runs per engine and case")
    parser.add_argument(
        "--case",
        type=int,
        action="append",
        metavar="K",
        help=f"run only case K (1 to {len(CASES)}; repeatable); default all",
    )
    args = parser.parse_args(argv)
    if args.reps < 1:
        raise SystemExit("engine_ab: --reps must be at least 1")
    bad = [k for k in args.case or () if not 1 <= k <= len(CASES)]
    if bad:
        raise SystemExit(f"engine_ab: --case {bad[0]} is not a case; choose 1 to {len(CASES)}")
    cases = [CASES[k - 1] for k in args.case] if args.case else CASES

    with tempfile.TemporaryDirectory() as tmp:
        extract(args.ref, Path(tmp))
        engines = {args.ref: load_kit(Path(tmp)), "this checkout": load_kit(ROOT)}
        print(f"Engine A/B: {args.ref} vs this checkout, medians of {args.reps} runs in turns")
        print()
        print(f"| case | {args.ref} ms | this checkout ms | ratio |")
        print("|---|---:|---:|---:|")
        for strategy, n, weeks, warm in cases:
            times = {name: [] for name in engines}
            reps = max(1, args.reps // 5) if n >= 100_000 else args.reps
            for engine, _, scenario in engines.values():  # warm-up, and the graph cache
                for seed in (1, 2, 3):
                    engine.run(scenario.preset(strategy, population=n, weeks=weeks, seed=seed))
            for rep in range(reps):
                for name, (engine, graph, scenario) in engines.items():
                    s = scenario.preset(strategy, population=n, weeks=weeks, seed=1 + rep % 3)
                    if not warm:
                        graph._cached.cache_clear()
                    start = time.perf_counter()
                    engine.run(s)
                    times[name].append(time.perf_counter() - start)
            a, b = (statistics.median(times[name]) * 1e3 for name in engines)
            label = f"{strategy}, N={n:,}, {weeks} weeks, graph {'cached' if warm else 'built'}"
            print(f"| {label} | {a:.1f} | {b:.1f} | {b / a:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
