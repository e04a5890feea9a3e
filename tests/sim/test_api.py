"""The public API of kit.sim: shapes, determinism, validation, ensembles, Bass helpers."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from kit import sim
from kit.sim import OUTPUT_COLUMNS, Scenario
from kit.sim.outputs import COUNT_COLUMNS

SMALL = dict(population=2_000, weeks=30, seed=11)


def test_simulate_returns_exactly_the_model_columns():
    df = sim.simulate(Scenario.preset("balanced", **SMALL))
    assert list(df.columns) == list(OUTPUT_COLUMNS)
    assert df["week"].tolist() == list(range(1, 31))
    for column in COUNT_COLUMNS:
        assert df[column].dtype == np.int64, column
    assert df["mean_trust"].dtype == np.float64


@pytest.mark.parametrize("name", list(sim.PRESETS))
def test_same_seed_same_frame_different_seed_differs(name):
    a = sim.simulate(Scenario.preset(name, **SMALL))
    b = sim.simulate(Scenario.preset(name, **SMALL))
    pd.testing.assert_frame_equal(a, b)
    c = sim.simulate(Scenario.preset(name, **{**SMALL, "seed": 12}))
    assert not a.equals(c)


def test_hours_follow_the_time_shares():
    df = sim.simulate(Scenario(strategy=(0.2, 0.3, 0.5), hours=8, **SMALL))
    assert df["hours_post"].eq(1.6).all()
    assert df["hours_connect"].eq(2.4).all()
    assert df["hours_engage"].eq(4.0).all()
    with_customers = df[df["customers"] > 0]
    expected = 8 * with_customers["week"] / with_customers["customers"]
    np.testing.assert_allclose(with_customers["hours_per_customer"], expected)
    assert df.loc[df["customers"] == 0, "hours_per_customer"].isna().all()


def test_presets_and_resolution():
    assert Scenario.preset("broadcast").shares == (0.5, 0.5, 0.0)
    assert Scenario.preset("acquainting").shares == (0.0, 1.0, 0.0)
    assert Scenario.preset("relationship").shares == (0.0, 0.0, 1.0)
    balanced = Scenario.preset("balanced").resolved()
    assert balanced["promo_share"] == 0.2
    assert balanced["initial_followers"] == 1_000  # MODEL.md's default at N = 100,000
    celebrity = Scenario.preset("celebrity").resolved()
    assert (celebrity["initial_followers"], celebrity["fame"]) == (50_000, 3.0)
    assert celebrity["post_share"] == 0.5
    explicit = Scenario.preset("celebrity", initial_followers=10, fame=1.0).resolved()
    assert (explicit["initial_followers"], explicit["fame"]) == (10, 1.0)
    shares = Scenario(strategy={"post": 0.25, "engage": 0.75})
    assert shares.shares == (0.25, 0.0, 0.75)
    assert shares.strategy_name == "custom"


def test_replace_keeps_strategy_dependent_defaults_live():
    broadcast = Scenario.preset("broadcast", population=10_000)
    balanced = dataclasses.replace(broadcast, strategy="balanced")
    assert balanced.resolved()["promo_share"] == 0.2


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(reach=-0.1), ["reach", "-0.1", "[0, 1]"]),
        (dict(p_ad=float("nan")), ["p_ad", "NaN"]),
        (dict(population=1), ["population", "1", "[2,"]),
        (dict(strategy=(0.5, 0.5, 0.5)), ["strategy", "sum to 1.5", "must sum to 1"]),
        (dict(strategy=(-0.5, 1.0, 0.5)), ["strategy", "-0.5", ">= 0"]),
        (dict(strategy="spam"), ["strategy", "'spam'", "broadcast"]),
        (dict(graph="tree"), ["graph", "'tree'", "small_world"]),
        (dict(weeks=2.5), ["weeks", "2.5", "whole number"]),
        (dict(capacity="many"), ["capacity", "'many'", "not a number"]),
        (dict(population=100, initial_followers=500), ["initial_followers", "500", "population"]),
        (dict(population=10, mean_degree=20), ["mean_degree", "20", "population"]),
        (dict(seed=-3), ["seed", "-3"]),
    ],
)
def test_bad_parameters_name_the_parameter_value_and_range(kwargs, words):
    with pytest.raises(ValueError) as info:
        Scenario(**kwargs)
    message = str(info.value)
    for word in words:
        assert word in message, (word, message)


def test_unknown_preset_and_field_info():
    with pytest.raises(ValueError, match="unknown preset 'viral'.*broadcast"):
        Scenario.preset("viral")
    info = Scenario.field_info("tie_gain")
    assert (info["min"], info["max"], info["default"]) == (0.0, 1.0, 0.1)
    assert "tie_gain" in Scenario.numeric_fields()
    with pytest.raises(ValueError, match="no such Scenario field"):
        Scenario.field_info("nope")


def test_compare_stacks_runs_with_a_strategy_column():
    df = sim.compare(["broadcast", (0.0, 0.5, 0.5)], **SMALL)
    assert df.columns[0] == "strategy"
    assert df.groupby("strategy").size().to_dict() == {"broadcast": 30, "custom 0/0.5/0.5": 30}
    alone = sim.simulate(Scenario.preset("broadcast", **SMALL))
    part = df[df["strategy"] == "broadcast"].drop(columns="strategy").reset_index(drop=True)
    pd.testing.assert_frame_equal(part, alone)
    with pytest.raises(ValueError, match="at least one strategy"):
        sim.compare([], **SMALL)


def test_ensemble_and_summary():
    scenario = Scenario.preset("relationship", **SMALL)
    runs = sim.ensemble(scenario, reps=6)
    assert sorted(runs["run"].unique()) == list(range(6))
    assert runs["seed"].nunique() == 6
    again = sim.ensemble(scenario, reps=6)
    pd.testing.assert_frame_equal(runs, again)
    # each run is an ordinary simulation with its derived seed
    first = runs[runs["run"] == 0]
    alone = sim.simulate(dataclasses.replace(scenario, seed=int(first["seed"].iloc[0])))
    np.testing.assert_array_equal(first["customers"].to_numpy(), alone["customers"].to_numpy())

    summary = sim.summarise(runs, metrics=["customers", "followers"])
    assert set(summary.columns) == {"week", "metric", "mean", "low", "high", "runs"}
    cust = summary[summary["metric"] == "customers"].set_index("week")
    expected = runs.groupby("week")["customers"].mean()
    np.testing.assert_allclose(cust["mean"], expected)
    assert (cust["low"] <= cust["mean"]).all() and (cust["mean"] <= cust["high"]).all()
    np.testing.assert_allclose(cust["high"], runs.groupby("week")["customers"].quantile(0.95))
    with pytest.raises(ValueError, match="reps"):
        sim.ensemble(scenario, reps=0)
    with pytest.raises(ValueError, match="no column"):
        sim.summarise(runs, metrics=["likes"])


def test_bass_helpers():
    t = np.arange(0, 200)
    assert sim.bass_curve(0, 0.01, 0.3) == 0
    np.testing.assert_allclose(sim.bass_curve(t, 0.02, 0.0), 1 - np.exp(-0.02 * t))
    f = sim.bass_curve(np.linspace(0, 500, 5001), 0.01, 0.3)
    assert np.all(np.diff(f) >= 0) and f[-1] == pytest.approx(1, abs=1e-6)
    # peak of the adoption rate at t* = ln(q/p) / (p + q)
    p, q = 0.01, 0.3
    grid = np.linspace(0, 50, 50_001)
    rate = np.gradient(sim.bass_curve(grid, p, q), grid)
    assert grid[np.argmax(rate)] == pytest.approx(math.log(q / p) / (p + q), abs=0.01)
    d = sim.bass_discrete(5, 0.1, 0.0)
    np.testing.assert_allclose(d, 1 - np.exp(-0.1 * np.arange(1, 6)))
    with pytest.raises(ValueError, match="p: 0"):
        sim.bass_curve(1, 0, 0.1)
    with pytest.raises(ValueError, match="q: -1"):
        sim.bass_discrete(3, 0.1, -1)


@pytest.mark.parametrize(
    "overrides",
    [
        dict(capacity=0),
        dict(population=2, initial_followers=1, mean_degree=1),
        dict(hours=0),
        dict(reach=0, follow_back=0),
        dict(graph="complete", population=30),
        dict(graph="small_world", population=12, mean_degree=11),
        dict(initial_followers=0, strategy="broadcast"),
        dict(prior_a=0, prior_b=0),
        dict(ambassadors=5, capacity=3),
    ],
)
def test_edge_cases_run_and_keep_the_books(overrides):
    params = {**dict(strategy="balanced", population=200, weeks=12, seed=4), **overrides}
    df = sim.simulate(Scenario(**params))
    assert len(df) == 12
    assert (df["customers"] <= params["population"]).all()
    sales = df[["sales_ad", "sales_relationship", "sales_referral"]].sum(axis=1)
    assert (sales == df["new_customers"]).all()


def test_final_state_agrees_with_the_weekly_frame():
    from kit.sim import engine

    scenario = Scenario.preset("balanced", **SMALL)
    frame, world = engine.run_with_state(scenario)
    pd.testing.assert_frame_equal(frame, sim.simulate(scenario))
    weeks = np.bincount(world.bought_week[world.customer], minlength=31)[1:]
    np.testing.assert_array_equal(weeks, frame["new_customers"])
    sources = np.bincount(world.sale_source[world.customer], minlength=3)
    totals = frame[["sales_ad", "sales_relationship", "sales_referral"]].sum().to_numpy()
    np.testing.assert_array_equal(sources, totals)
    assert (world.sale_source[~world.customer] == -1).all()
    assert int((world.tie > 0.5).sum()) == frame["strong_ties"].iloc[-1]
