"""The vectorized engine and the plain-Python reference agree in distribution.

Both follow ``kit/sim/RULES.md``; they draw their random numbers in different orders, so
they agree only in distribution: for every preset, the mean of each output curve over 40
seeds must match within the combined standard error.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit import sim
from kit.sim import Scenario
from kit.sim.reference import simulate_reference

pytestmark = pytest.mark.slow  # 40 seeds per preset: about 30 s in all


@pytest.fixture(autouse=True)
def _fresh_runs(monkeypatch):
    """These tests compare the engine itself with the reference (and a changed rule must
    show): every run computed, none from the run cache (kit/sim/cache.py)."""
    monkeypatch.setenv("KIT_CACHE", "off")


SEEDS = range(40)
WEEKS = (4, 13, 26, 52)
METRICS = (
    "customers",
    "followers",
    "aware",
    "strong_ties",
    "exposures",
    "mean_trust",
    "unfollows",
    "sales_ad",
    "sales_referral",
)
CUMULATIVE = ("unfollows", "sales_ad", "sales_referral")  # compared as running totals


def curves(run, preset: str, **overrides) -> pd.DataFrame:
    frames = []
    for seed in SEEDS:
        frame = run(
            Scenario.preset(preset, population=500, weeks=max(WEEKS), seed=seed, **overrides)
        )
        frame["seed"] = seed
        frames.append(frame)
    runs = pd.concat(frames)
    for metric in CUMULATIVE:
        runs[metric] = runs.groupby("seed")[metric].cumsum()
    return runs[runs["week"].isin(WEEKS)]


def assert_agree(fast: pd.DataFrame, slow: pd.DataFrame) -> None:
    for metric in METRICS:
        a = fast.groupby("week")[metric].agg(["mean", "sem"])
        b = slow.groupby("week")[metric].agg(["mean", "sem"])
        spread = 3.5 * np.sqrt(a["sem"] ** 2 + b["sem"] ** 2) + 0.5
        gap = (a["mean"] - b["mean"]).abs()
        assert (gap <= spread).all(), (
            metric,
            pd.DataFrame({"engine": a["mean"], "reference": b["mean"], "allowed": spread}),
        )


@pytest.mark.parametrize("preset", list(sim.PRESETS))
def test_engine_and_reference_agree_for_every_preset(preset):
    assert_agree(curves(sim.simulate, preset), curves(simulate_reference, preset))


def test_engine_and_reference_agree_with_ambassadors_on_a_small_world():
    overrides = dict(ambassadors=2, capacity=20, graph="small_world")
    assert_agree(
        curves(sim.simulate, "balanced", **overrides),
        curves(simulate_reference, "balanced", **overrides),
    )


def test_engine_and_reference_agree_at_high_rates():
    # weekly chances above the engine's thinning threshold: every follower-post pair and
    # every aware person is then drawn one by one, the other branch of each step
    overrides = dict(reach=0.5, p_rel=0.4, p_ad=0.1, promo_share=0.5, unfollow_base=0.3)
    assert_agree(
        curves(sim.simulate, "balanced", **overrides),
        curves(simulate_reference, "balanced", **overrides),
    )


def test_the_reference_is_a_different_implementation():
    # identical frames would mean the test above compares the engine with itself
    s = Scenario.preset("balanced", population=500, weeks=20, seed=1)
    assert not sim.simulate(s).equals(simulate_reference(s))
