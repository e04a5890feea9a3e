"""kit.sim.analysis: the final state is simulate's; winners and sales summaries are the means."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit import sim
from kit.sim import Scenario, analysis
from kit.sim.rules import SaleSource
from kit.sim.sweep import sweep

SCENARIO = Scenario.preset("relationship", population=2_000, weeks=60, seed=2)


@pytest.mark.parametrize("graph", ["random", "small_world", "complete"])
def test_final_state_reruns_the_engine_exactly(graph):
    s = Scenario.preset("balanced", population=2_000, weeks=30, seed=9, graph=graph)
    state = sim.final_state(s)
    assert state.frame.equals(sim.simulate(s))
    assert state.scenario is s


def test_final_state_matches_the_outputs():
    state = sim.final_state(SCENARIO)
    last = state.frame.iloc[-1]
    assert int((state.tie > 0.5).sum()) == last["strong_ties"]
    assert int(state.follower.sum()) == last["followers"]
    assert int(state.customer.sum()) == last["customers"]
    assert np.array_equal(state.bought > 0, state.customer)
    weekly = np.bincount(state.bought[state.bought > 0], minlength=61)[1:]
    assert np.array_equal(weekly, state.frame["new_customers"].to_numpy())
    sources = np.bincount(state.source[state.customer], minlength=len(SaleSource))
    for source in SaleSource:
        assert sources[source] == state.frame[source.column].sum()
    with pytest.raises(TypeError, match="Scenario"):
        sim.final_state("relationship")


def test_sweep_winners_are_the_best_means():
    grid = sweep(
        Scenario(population=2_000, weeks=20, seed=1),
        x=("reach", [0.03, 0.06]),
        y=("p_ad", [0.01, 0.05]),
        reps=2,
        metrics=["customers"],
        progress=False,
    )
    table = sim.sweep_winners(grid, "customers")
    assert list(table.columns[:5]) == ["p_ad", "reach", "winner", "margin", "relative"]
    assert len(table) == 4
    for row in table.to_dict("records"):
        cell = grid[(grid["p_ad"] == row["p_ad"]) & (grid["reach"] == row["reach"])]
        means = cell.groupby("strategy")["customers"].mean().sort_values(ascending=False)
        for strategy, mean in means.items():
            assert row[strategy] == mean
        margin = means.iloc[0] - means.iloc[1]
        assert row["margin"] == margin
        assert row["winner"] == ("tie" if margin == 0 else means.index[0])
    with pytest.raises(ValueError, match="metric"):
        sim.sweep_winners(grid, "likes")


def test_sales_summary_adds_up_by_strategy():
    runs = sim.compare(["broadcast", "relationship"], population=2_000, weeks=40, seed=3)
    summary = sim.sales_summary(runs)
    for label, part in runs.groupby("strategy"):
        total = part["new_customers"].sum()
        assert summary.loc[label, "total"] == total
        want = part["sales_referral"].sum() / total if total else 0.0
        assert summary.loc[label, "referral_share"] == pytest.approx(want)


def test_overtakes_gives_the_final_leader_and_its_crossover_weeks():
    weeks = [1, 2, 3, 4]
    frames = {
        "x": pd.DataFrame({"week": weeks, "customers": [0, 1, 5, 9]}),
        "y": pd.DataFrame({"week": weeks, "customers": [2, 3, 4, 5]}),
        "z": pd.DataFrame({"week": weeks, "customers": [0, 0, 0, 1]}),
    }
    assert analysis.overtakes(frames, "customers") == ("x", [(3, "y")])
    assert analysis.overtakes({"x": frames["x"]}, "customers") == (None, [])
