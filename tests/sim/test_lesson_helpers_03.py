"""The kit functions lessons 03-05 call instead of writing loops: compare_seeds, vary,
final_table and published_comparison."""

import dataclasses

import pandas as pd
import pytest

from kit import sim
from kit.data import data_path
from kit.sim.analysis import final_table, published_comparison
from kit.sim.api import compare_seeds, vary

SMALL = dict(population=1_500, weeks=12)


def test_compare_seeds_is_one_compare_per_seed():
    runs = compare_seeds(["broadcast", "relationship"], seeds=(2, 5), **SMALL)
    assert runs["run"].unique().tolist() == [2, 5]
    for seed in (2, 5):
        alone = sim.compare(["broadcast", "relationship"], seed=seed, **SMALL)
        part = runs[runs["run"] == seed].drop(columns="run").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, alone)


def test_compare_seeds_keeps_mapping_labels_and_refuses_bad_seeds():
    runs = compare_seeds({"robot": (1, 0, 0)}, seeds=(1,), **SMALL)
    assert runs["strategy"].unique().tolist() == ["robot"]
    with pytest.raises(ValueError, match="seeds"):
        compare_seeds(["broadcast"], seeds=(), **SMALL)
    with pytest.raises(ValueError, match="seeds"):
        compare_seeds(["broadcast"], seeds=("one",), **SMALL)


def test_vary_runs_each_value_and_labels_it():
    base = sim.Scenario.preset("relationship", seed=3, **SMALL)
    runs = vary(base, "hours", [5, 20])
    assert runs["strategy"].unique().tolist() == ["Time budget 5", "Time budget 20"]
    for hours in (5, 20):
        expected = sim.simulate(dataclasses.replace(base, hours=hours))
        part = runs[runs["hours"] == hours].drop(columns=["strategy", "hours"])
        pd.testing.assert_frame_equal(part.reset_index(drop=True), expected)
    named = vary(base, "promo_share", [0.2, 1.0], name="{} ads")
    assert named["strategy"].unique().tolist() == ["0.2 ads", "1 ads"]


def test_vary_with_seeds_repeats_each_value():
    base = sim.Scenario.preset("broadcast", **SMALL)
    runs = vary(base, "tolerance", [1, 3], seeds=(1, 2))
    assert runs.groupby("strategy", sort=False)["run"].unique().map(list).tolist() == [
        [1, 2],
        [1, 2],
    ]
    one = runs[(runs["tolerance"] == 3) & (runs["run"] == 2)]
    expected = sim.simulate(base, tolerance=3, seed=2)
    assert one["customers"].tolist() == expected["customers"].tolist()


def test_vary_refuses_bad_input_in_a_sentence():
    base = sim.Scenario(**SMALL)
    with pytest.raises(ValueError, match="not a Scenario field"):
        vary(base, "hourz", [1])
    with pytest.raises(ValueError, match="at least one value"):
        vary(base, "hours", [])
    with pytest.raises(TypeError, match="Scenario"):
        vary("broadcast", "hours", [1])


def test_final_table_takes_the_last_week_and_averages_seeds():
    runs = compare_seeds(["broadcast", "relationship"], seeds=(1, 2, 3), **SMALL)
    table = final_table(runs, ["customers", "followers"])
    assert table.index.tolist() == ["broadcast", "relationship"]
    last = runs[runs["week"] == SMALL["weeks"]]
    for label in table.index:
        mine = last[last["strategy"] == label]
        assert table.loc[label, "customers"] == pytest.approx(mine["customers"].mean())
        assert table.loc[label, "followers"] == pytest.approx(mine["followers"].mean())


def test_final_table_of_one_run_and_of_an_ensemble():
    one = sim.simulate(sim.Scenario(seed=1, **SMALL))
    table = final_table(one)
    assert table.index.tolist() == ["simulation"]
    assert table.loc["simulation", "customers"] == one["customers"].iloc[-1]
    assert "week" not in table.columns
    ens = sim.ensemble(sim.Scenario(seed=1, **SMALL), reps=3)
    mean = final_table(ens, ["customers"]).loc["simulation", "customers"]
    assert mean == pytest.approx(ens[ens["week"] == SMALL["weeks"]]["customers"].mean())
    assert "seed" not in final_table(ens).columns
    with pytest.raises(ValueError, match="no column"):
        final_table(one, ["customerz"])


def test_published_comparison_matches_the_data_file_and_the_runs():
    runs = sim.simulate(sim.Scenario.preset("balanced", seed=1, population=3_000, weeks=40))
    table = published_comparison(runs)
    published = pd.read_csv(data_path("published_effects.csv")).set_index("name")["value"]
    trusov, bass = table.columns
    events = round(published["wom_referrals"] / published["marketing_events"])
    press = round(published["wom_referrals"] / published["media"])
    assert f"{events:.0f} times events" in table.loc["their ratio", trusov]
    assert f"{press:.0f} times press" in table.loc["their ratio", trusov]
    ratio = runs["sales_referral"].sum() / runs["sales_ad"].sum()
    assert table.loc["the simulator's number", trusov].startswith(f"{ratio:.1f} sales by referral")
    assert (
        f"{published['bass_q'] / published['bass_p']:.0f} times" in table.loc["their ratio", bass]
    )
    assert "purchases" in table.loc["not measured by the study", trusov]
    assert "Sultan" in table.loc["study", bass]


def test_published_comparison_needs_sales_by_ads():
    runs = sim.simulate(sim.Scenario.preset("relationship", seed=1, **SMALL))
    with pytest.raises(ValueError, match="no sales by ads"):
        published_comparison(runs.assign(sales_ad=0))


def test_vary_over_time_shares_labels_each_split():
    base = sim.Scenario(promo_share=0.2, seed=2, **SMALL)
    runs = vary(base, "strategy", [(0, 0, 1), (0.3, 0, 0.7)], name="{}")
    # time shares are named as the lessons write them (kit.sim.labels.say_shares)
    assert runs["strategy"].unique().tolist() == ["all engaging", "30% posting, 70% engaging"]
    expected = sim.simulate(base, strategy=(0.3, 0, 0.7))
    part = runs[runs["strategy"] == "30% posting, 70% engaging"].drop(columns="strategy")
    pd.testing.assert_frame_equal(part.reset_index(drop=True), expected)
