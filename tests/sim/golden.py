"""Golden frames: fingerprints of the engine's output, recorded once, compared on every run.

Every preset on every graph kind, a few seeds and two sizes, plus scenarios that take the
engine's rarer branches (ambassadors, rates above the thinning switch, no trust prior, the
Bass limit, no ads), are run with :func:`kit.sim.engine.run_with_state`. Each run's weekly
frame, final per-person state and graph are reduced to a SHA-256 of their bytes, column by column
in a fixed order, so a change of a single bit anywhere shows.

``tests/sim/test_golden.py`` compares them with ``golden_frames.json``. A change to the
engine that is meant to keep every frame (a refactoring, a speed-up) must pass it untouched.
Re-record only when a change of the model's results is intended and said so in the commit
(see CONTRIBUTING.md)::

    .venv/bin/python tests/sim/golden.py --record   # rewrite golden_frames.json
    .venv/bin/python tests/sim/golden.py            # list the cases that differ
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from kit.sim import engine
from kit.sim.outputs import OUTPUT_COLUMNS
from kit.sim.scenario import GRAPHS, PRESETS, Scenario

DATA = Path(__file__).with_name("golden_frames.json")

SEEDS = (0, 1, 2)
#: (population, weeks): a small run and a lesson-like one
SIZES = ((300, 26), (3_000, 52))

#: Scenarios beyond the presets, each reaching a branch the presets do not.
EXTRAS: dict[str, dict] = {
    # pooled capacity, and a cut of the maintained set in most weeks
    "ambassadors": dict(strategy="balanced", ambassadors=2, capacity=20, graph="small_world"),
    # weekly chances above the sampling switch: every pair and every aware person drawn
    "high_rates": dict(
        strategy="balanced", reach=0.5, p_rel=0.4, p_ad=0.1, promo_share=0.5, unfollow_base=0.3
    ),
    # referral propensity can be 0: awareness follows the pressure week by week
    "no_prior": dict(strategy="relationship", prior_a=0.0, rec_base=0.0),
    # no ads, no spam: the relationship and referral parts only
    "no_ads": dict(strategy="broadcast", p_ad=0.0, spam_weight=0.0, promo_share=0.0),
    # time shares of one's own, partly promotional posts
    "custom": dict(strategy=(0.3, 0.3, 0.4), promo_share=0.5, fame=1.0),
}

#: The final state's arrays, in the order they are hashed.
STATE = ("follower", "aware", "customer", "tie", "a", "b", "fatigue", "bought_week", "sale_source")


def cases() -> dict[str, Scenario]:
    """Every golden scenario by a stable name."""
    out = {}
    for population, weeks in SIZES:
        size = dict(population=population, weeks=weeks)
        for seed in SEEDS:
            for preset in PRESETS:
                for graph in GRAPHS:
                    name = f"{preset}/{graph}/seed{seed}/N{population}"
                    out[name] = Scenario.preset(preset, graph=graph, seed=seed, **size)
            for extra, fields in EXTRAS.items():
                out[f"{extra}/seed{seed}/N{population}"] = Scenario(seed=seed, **size, **fields)
        bass = Scenario.bass_limit(population=population, weeks=2 * weeks, seed=0)
        out[f"bass_limit/N{population}"] = bass
    return out


def _digest(parts) -> str:
    h = hashlib.sha256()
    for name, values in parts:
        values = np.ascontiguousarray(values)
        h.update(f"{name}:{values.dtype.str}:{values.shape}".encode())
        h.update(values.tobytes())
    return h.hexdigest()


def frame_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a frame's columns (names, dtypes and bytes) in OUTPUT_COLUMNS order."""
    if list(frame.columns) != list(OUTPUT_COLUMNS):
        raise ValueError(f"frame: columns {list(frame.columns)} are not OUTPUT_COLUMNS")
    return _digest((name, frame[name].to_numpy()) for name in OUTPUT_COLUMNS)


def state_digest(world) -> str:
    """SHA-256 of a run's final per-person state (the arrays of :data:`STATE`)."""
    return _digest((name, getattr(world, name)) for name in STATE)


def graph_digest(graph) -> str:
    """SHA-256 of a graph's CSR arrays (``"complete"`` for the complete graph, never built)."""
    if graph is None:
        return "complete"
    return _digest((name, getattr(graph, name)) for name in ("indptr", "indices", "degree"))


def fingerprint(scenario: Scenario) -> dict[str, str]:
    frame, world = engine.run_with_state(scenario)
    return {
        "frame": frame_digest(frame),
        "state": state_digest(world),
        "graph": graph_digest(world.graph),
    }


def compute() -> dict[str, dict[str, str]]:
    return {name: fingerprint(scenario) for name, scenario in cases().items()}


def load() -> dict[str, dict[str, str]]:
    return json.loads(DATA.read_text())


def record() -> None:
    """Write the fingerprints of today's engine to :data:`DATA` (whole file, then renamed)."""
    text = json.dumps(compute(), indent=1, sort_keys=True) + "\n"
    tmp = DATA.with_suffix(".tmp")
    tmp.write_text(text)
    tmp.replace(DATA)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--record", action="store_true", help="rewrite golden_frames.json from today's engine"
    )
    args = parser.parse_args(argv)
    if args.record:
        record()
        print(f"recorded {len(cases())} cases in {DATA}")
        return 0
    want, got = load(), compute()
    differ = sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(got) - len(differ)} of {len(got)} cases bit-identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
