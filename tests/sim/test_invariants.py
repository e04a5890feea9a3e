"""The couplings the engine's shortcuts rest on hold in real runs.

Step 8 samples purchases by thinning: people are drawn with the chance of the largest rate
any one can have this week (the ``bound``), then each keeps its own chance. If the bound were
below someone's rate, that person would silently buy too rarely. An instrumented run
recomputes, every week, every aware non-customer's rate straight from RULES.md and the
state at hand, and checks the bound is at least each of them.
"""

from __future__ import annotations

import numpy as np
import pytest

from kit.sim import Scenario, engine

from .golden import EXTRAS


def rules_rates(world, s: dict) -> np.ndarray:
    """RULES step 8's rate of every aware non-customer, in float64, from the world's state."""
    a, b = world.a.astype(np.float64), world.b.astype(np.float64)
    a0, b0 = s["prior_a"], s["prior_b"]
    den = a + b + a0 + b0
    trust = np.divide(a + a0, den, out=np.zeros_like(den), where=den > 0)
    tie = world.tie.astype(np.float64)
    propensity = np.where(world.customer, trust * (s["rec_base"] + (1 - s["rec_base"]) * tie), 0)
    graph = world.graph
    if graph is None:
        pressure = (propensity.sum() - propensity) / (world.n - 1)
    else:
        owner = np.repeat(np.arange(world.n), graph.degree)
        sums = np.bincount(owner, weights=propensity[graph.indices], minlength=world.n)
        pressure = sums / np.maximum(graph.degree, 1)
    ads = world.ads_seen.astype(np.float64)
    rate = s["p_ad"] * trust * ads + s["p_rel"] * tie * trust + s["q_wom"] * pressure
    return rate[world.aware & ~world.customer]


def instrument(monkeypatch, shrink: float = 1.0) -> list[tuple[float, float]]:
    """Record (bound, largest rate) in every week of every run; ``shrink`` scales the bound
    the engine uses (below 1 it is a deliberately broken engine, for the test of the test)."""
    worlds = []
    weeks: list[tuple[float, float]] = []

    class Recorded(engine._World):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            worlds.append(self)

    real = engine._thinning_bound

    def checked(s, most_ads, most_pressure):
        bound = real(s, most_ads, most_pressure) * shrink
        rates = rules_rates(worlds[-1], s)
        weeks.append((bound, float(rates.max()) if len(rates) else 0.0))
        return bound

    monkeypatch.setattr(engine, "_World", Recorded)
    monkeypatch.setattr(engine, "_thinning_bound", checked)
    return weeks


SCENARIOS = {
    **{
        f"{preset}/{graph}": dict(strategy=preset, graph=graph)
        for preset in ("broadcast", "relationship", "balanced", "celebrity", "acquainting")
        for graph in ("random", "small_world", "complete")
    },
    **EXTRAS,
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_thinning_bound_is_above_every_rate_every_week(name, monkeypatch):
    weeks = instrument(monkeypatch)
    for seed in range(2):
        engine.run(Scenario(population=2_000, weeks=60, seed=seed, **SCENARIOS[name]))
    assert len(weeks) == 2 * 60
    # float32 state read in float64: the engine raises its bound by a further 1e-5
    below = [(w, bound, top) for w, (bound, top) in enumerate(weeks) if top > bound * (1 + 1e-6)]
    assert not below, below[:5]
    assert any(top > 0 for _, top in weeks)  # someone could buy: the check had work to do


def test_the_check_catches_a_bound_that_is_too_low(monkeypatch):
    weeks = instrument(monkeypatch, shrink=0.3)
    engine.run(Scenario.preset("relationship", population=2_000, weeks=60, seed=0))
    assert any(top > bound for bound, top in weeks)
