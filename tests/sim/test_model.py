"""The science checks: the Bass limit, sparse graphs, MODEL.md's qualitative results, invariants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit import sim
from kit.sim import Scenario


def share(df: pd.DataFrame, population: int) -> np.ndarray:
    return df["customers"].to_numpy() / population


# --- The Bass limit (MODEL.md, "The Bass limit") -------------------------------------------


def test_bass_limit_matches_discrete_twin_and_closed_form():
    """N = 1e5 on the complete graph follows the discrete twin within 0.01 (and the closed
    form, since yearly rates divided by 52 are small)."""
    p, q, n, weeks = 0.03 / 52, 0.38 / 52, 100_000, 1_040
    df = sim.simulate(Scenario.bass_limit(p, q, population=n, weeks=weeks, seed=5))
    f = share(df, n)
    twin = sim.bass_discrete(weeks, p, q)
    closed = sim.bass_curve(np.arange(1, weeks + 1), p, q)
    assert np.max(np.abs(f - twin)) < 0.01
    assert np.max(np.abs(f - closed)) < 0.01
    assert np.max(np.abs(twin - closed)) < 0.005  # the twin converges to the closed form
    assert f[-1] > 0.95


def test_bass_limit_with_large_weekly_rates_follows_the_twin_not_the_closed_form():
    p, q, n, weeks = 0.05, 0.6, 100_000, 20
    f = share(sim.simulate(Scenario.bass_limit(p, q, population=n, weeks=weeks, seed=2)), n)
    twin = sim.bass_discrete(weeks, p, q)
    closed = sim.bass_curve(np.arange(1, weeks + 1), p, q)
    assert np.max(np.abs(f - twin)) < 0.01
    assert np.max(np.abs(twin - closed)) > 0.02  # large weekly steps: the two differ


def test_no_word_of_mouth_gives_exponential_adoption():
    p, n, weeks = 0.02, 100_000, 120
    f = share(sim.simulate(Scenario.bass_limit(p, 0.0, population=n, weeks=weeks, seed=3)), n)
    expected = 1 - np.exp(-p * np.arange(1, weeks + 1))
    assert np.max(np.abs(f - expected)) < 0.006


def test_sparse_graphs_are_slower_than_bass_and_approach_it_as_degree_grows():
    p, q, n, weeks = 0.004, 0.25, 20_000, 60
    twin = sim.bass_discrete(weeks, p, q)
    gaps = {}
    for degree in (2, 4, 12, 40):
        curves = [
            share(
                sim.simulate(
                    Scenario.bass_limit(
                        p, q, population=n, weeks=weeks, seed=s, graph="random", mean_degree=degree
                    )
                ),
                n,
            )
            for s in range(3)
        ]
        mean = np.mean(curves, axis=0)
        assert np.all(mean <= twin + 0.01), degree  # never faster than Bass
        gaps[degree] = float(np.mean(twin - mean))
    assert gaps[2] > gaps[4] > gaps[12] > gaps[40] > 0
    assert gaps[40] < 0.03
    small_world = share(
        sim.simulate(
            Scenario.bass_limit(p, q, population=n, weeks=weeks, seed=1, graph="small_world")
        ),
        n,
    )
    assert np.mean(twin - small_world) > gaps[12]  # clustering slows diffusion further


# --- MODEL.md, "What the defaults must show" (5 seeds, N = 100,000, 156 weeks) -------------

SEEDS = range(5)


@pytest.fixture(scope="module")
def defaults() -> pd.DataFrame:
    runs = []
    for seed in SEEDS:
        df = sim.compare(["broadcast", "acquainting", "relationship", "balanced"], seed=seed)
        df["seed"] = seed
        runs.append(df)
    return pd.concat(runs, ignore_index=True)


def mean_by_week(runs: pd.DataFrame, metric: str) -> pd.DataFrame:
    return runs.groupby(["week", "strategy"])[metric].mean().unstack()


def crossover(runs: pd.DataFrame, leader: str, challenger: str) -> int | None:
    """The first week from which the challenger stays ahead for good, on the mean over seeds
    (kit.sim.crossover, the one definition; None if it never trailed or is not ahead)."""
    return sim.crossover(runs.rename(columns={"seed": "run"}), "customers", challenger, leader)


def test_result_1_broadcast_leads_early_relationship_overtakes(defaults):
    customers = mean_by_week(defaults, "customers")
    assert customers.loc[13, "broadcast"] > customers.loc[13, "relationship"]
    week = crossover(defaults, "broadcast", "relationship")
    assert week is not None and 20 <= week <= 80
    assert customers.loc[156, "relationship"] > 2 * customers.loc[156, "broadcast"]


def test_result_1_crossover_comes_later_as_ads_work_better():
    weeks = []
    for p_ad in (0.01, 0.03):
        runs = pd.concat(
            [
                sim.compare(["broadcast", "relationship"], p_ad=p_ad, seed=s).assign(seed=s)
                for s in SEEDS
            ]
        )
        weeks.append(crossover(runs, "broadcast", "relationship"))
    assert None not in weeks and weeks[1] > weeks[0] + 5


def test_result_2_acquainting_most_followers_fewest_customers(defaults):
    final = defaults[defaults["week"] == 156].groupby("strategy")[["followers", "customers"]].mean()
    assert final["followers"].idxmax() == "acquainting"
    assert final["customers"].idxmin() == "acquainting"


def test_result_3_relationship_builds_ties_allies_trust_and_referrals(defaults):
    final = defaults[defaults["week"] == 156].groupby("strategy").mean(numeric_only=True)
    for other in ("broadcast", "acquainting"):
        for metric in ("strong_ties", "allies", "mean_trust"):
            assert final.loc["relationship", metric] > final.loc[other, metric], (other, metric)
    rel = defaults[defaults["strategy"] == "relationship"]
    assert rel["sales_referral"].sum() > 0.5 * rel["new_customers"].sum()


def test_result_4_celebrity_broadcast_wins_while_most_of_the_audience_leaves():
    celebrity, relationship = [], []
    for seed in SEEDS:
        c = sim.simulate(Scenario.preset("celebrity", seed=seed))
        r = sim.simulate(
            Scenario.preset("relationship", initial_followers=50_000, fame=3.0, seed=seed)
        )
        celebrity.append((c["customers"].iloc[-1], c["unfollows"].sum()))
        relationship.append(r["customers"].iloc[-1])
    cust, left = np.mean(celebrity, axis=0)
    assert cust > 3 * np.mean(relationship)
    assert left > 0.5 * 50_000


# --- Invariants, for any valid scenario --------------------------------------------------------

unit = st.floats(0, 1)
scenarios = st.builds(
    Scenario,
    strategy=st.sampled_from(["broadcast", "acquainting", "relationship", "balanced"])
    | st.tuples(unit, unit, unit)
    .filter(lambda t: sum(t) > 0.01)
    .map(lambda t: tuple(x / sum(t) for x in t)),
    population=st.integers(20, 600),
    weeks=st.integers(1, 25),
    graph=st.sampled_from(["random", "small_world", "complete"]),
    mean_degree=st.sampled_from([2.0, 6.0, 10.0]),
    seed=st.integers(0, 2**32 - 1),
    reach=unit,
    promo_share=unit,
    tolerance=st.floats(0, 5),
    spam_weight=st.floats(0, 3),
    follow_back=unit,
    capacity=st.integers(0, 50),
    explore=unit,
    tie_gain=unit,
    tie_decay=unit,
    forget=unit,
    unfollow_base=st.floats(0, 0.2),
    unfollow_fatigue=st.floats(0, 1),
    p_ad=st.floats(0, 2),
    p_rel=st.floats(0, 2),
    q_wom=st.floats(0, 2),
    satisfaction=unit,
    rec_base=st.sampled_from([0.0, 0.05, 1.0]),
    prior_a=st.sampled_from([0.0, 1.0]),
    initial_followers=st.integers(0, 20),
    fame=st.floats(0, 5),
    ambassadors=st.integers(0, 3),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios)
def test_invariants_hold_for_any_scenario(scenario):
    df = sim.simulate(scenario)
    n = scenario.population
    start = scenario.resolved()["initial_followers"]
    counts = ["followers", "aware", "customers", "strong_ties", "allies"]
    assert ((df[counts] >= 0) & (df[counts] <= n)).all().all()
    assert (np.diff(df["customers"], prepend=0) >= 0).all()
    np.testing.assert_array_equal(
        df["customers"].diff().fillna(df["customers"]), df["new_customers"]
    )
    previous = np.concatenate(([start], df["followers"].to_numpy()[:-1]))
    np.testing.assert_array_equal(df["followers"], previous + df["new_followers"] - df["unfollows"])
    sales = df["sales_ad"] + df["sales_relationship"] + df["sales_referral"]
    np.testing.assert_array_equal(sales, df["new_customers"])
    trust = df["mean_trust"].dropna()
    assert ((trust >= 0) & (trust <= 1)).all()
    assert (df["mean_trust"].isna() == (df["followers"] == 0)).all()
    assert (df["allies"] <= df["strong_ties"]).all()
    assert (df["customers"] <= df["aware"]).all()
    assert (df["aware"].diff().dropna() >= 0).all()
