"""The capstone's helpers (kit.sim.workshop, kit.explore.workshop): any design, any business,
sentences written from the runs they describe."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kit import sim
from kit.errors import KitError
from kit.sim import workshop

SMALL = "B2B consultant"  # 2,000 people: the quickest business


# ------------------------------------------------------------------------------ the design
@pytest.mark.parametrize(
    "given, shares",
    [
        ((1, 0, 9), (0.1, 0.0, 0.9)),
        ((0.4, 0.2, 0.4), (0.4, 0.2, 0.4)),
        ((2, 2, 0), (0.5, 0.5, 0.0)),
        ((0, 0, 5), (0.0, 0.0, 1.0)),
        ((1, 1, 1), (1 / 3, 1 / 3, 1 / 3)),
    ],
)
def test_any_non_negative_shares_make_a_design_whose_shares_add_up_to_one(given, shares):
    mine = workshop.design(*given, promo_share=0.3)
    assert mine.strategy == pytest.approx(shares)
    assert math.isclose(sum(mine.strategy), 1.0)
    assert mine.scaled == (not math.isclose(sum(given), 1.0))
    assert ("scaled" in str(mine)) == mine.scaled
    scenario = mine.scenario(SMALL)
    assert scenario.shares == pytest.approx(shares)
    assert scenario.resolved()["promo_share"] == 0.3
    assert scenario.population == workshop.BUSINESSES[SMALL]["population"]


@pytest.mark.parametrize(
    "args, words",
    [
        ((0, 0, 0, 0.2), "all three shares are 0"),
        ((-0.1, 0, 1, 0.2), "post: -0.1 is not a share"),
        ((0, math.nan, 1, 0.2), "connect: nan is not a share"),
        ((0, 0, math.inf, 0.2), "engage: inf is not a share"),
        ((0, True, 1, 0.2), "connect: True is not a share"),
        ((0, 0, 1, 1.5), "promo_share: 1.5 is not allowed"),
        ((0, 0, 1, "lots"), "promo_share: 'lots' is not allowed"),
    ],
)
def test_a_design_that_cannot_be_made_is_one_sentence(args, words):
    with pytest.raises(KitError, match=words) as caught:
        workshop.design(*args)
    assert "\n" not in str(caught.value)


def test_a_design_says_itself_in_plain_words():
    text = str(workshop.design(0.1, 0, 0.9, 0.2))
    assert text == (
        "My design: 10% of the week posting (20% of posts are ads), 0% sending connect "
        "requests, 90% helping people one-to-one."
    )
    assert "no ads" in str(workshop.design(1, 0, 0, 0))


@pytest.mark.parametrize("shares", [(1, 0, 0), (0, 1, 0), (0, 0, 1), (0.3, 0.3, 0.4)])
@pytest.mark.parametrize("promo", [0.0, 1.0])
def test_every_corner_of_the_triangle_runs_on_a_business(shares, promo):
    mine = workshop.design(*shares, promo_share=promo)
    runs = workshop.ensembles({workshop.MINE: mine}, SMALL, reps=1)
    alone = sim.simulate(mine.scenario(SMALL, seed=sim.api.run_seeds(7, 1)[0]))
    assert runs["customers"].tolist() == alone["customers"].tolist()
    assert set(runs["strategy"]) == {workshop.MINE}


# ------------------------------------------------------------------------------ businesses
def test_an_unknown_business_names_the_four():
    with pytest.raises(KitError, match='Write one of "real-estate agent", "B2B consultant"') as e:
        workshop.business("bakery")
    assert "Did you mean" not in str(e.value)  # nothing near it
    with pytest.raises(KitError, match='Did you mean "B2B consultant"'):
        workshop.business("B2B consultnt")
    with pytest.raises(KitError, match="a name in quotes"):
        workshop.business(3)


def test_a_business_is_found_whatever_the_capitals_and_hyphens():
    for typed in ("Online Shop", " online-shop ", "REAL ESTATE AGENT", "b2b consultant"):
        assert workshop.business_name(typed) in workshop.BUSINESSES
    assert workshop.business("Celebrity") == workshop.business("celebrity")
    runs = workshop.presets("B2B Consultant", seed=1)
    assert "For the B2B consultant" in workshop.say_presets(runs, "b2b-consultant")


def test_business_returns_a_copy():
    workshop.business(SMALL)["hours"] = 99
    assert workshop.BUSINESSES[SMALL]["hours"] == 5


def test_the_presets_sentence_gives_the_runs_own_numbers():
    runs = workshop.presets(SMALL, seed=1)
    text = workshop.say_presets(runs, SMALL)
    last = runs[runs["week"] == 104].set_index("strategy")["customers"]
    for name, value in last.items():
        assert f"{name} {value:,.0f}" in text
    assert text.split(". ")[1].startswith(last.idxmax().capitalize())
    assert f"{last.idxmin()} won the fewest" in text


def test_the_presets_sentence_says_when_broadcast_wins():
    runs = pd.DataFrame(
        {
            "strategy": ["broadcast", "relationship"],
            "week": [104, 104],
            "customers": [900, 200],
        }
    )
    assert "broadcasting to the audience is what sells" in workshop.say_presets(runs, "x")


def test_preset_finals_is_the_mean_of_the_seeds():
    finals = workshop.preset_finals(SMALL, reps=2)
    by_hand = [
        workshop.presets(SMALL, seed=s).query("week == 104").set_index("strategy")["customers"]
        for s in (0, 1)
    ]
    assert finals.to_dict() == pytest.approx(((by_hand[0] + by_hand[1]) / 2).to_dict())


# ------------------------------------------------------------------------------ many runs
def _frame(ranges: dict[str, list[float]]) -> pd.DataFrame:
    rows = []
    for label, values in ranges.items():
        for run, value in enumerate(values):
            rows.append({"strategy": label, "run": run, "week": 104, "customers": value})
    return pd.DataFrame(rows)


def test_say_bands_tells_overlap_from_a_real_difference():
    runs = _frame(
        {
            workshop.MINE: [100, 110, 120, 130],
            "balanced": [105, 115, 125, 135],
            "broadcast": [10, 12, 14, 16],
            "celebrity": [500, 600, 700, 800],
        }
    )
    text = workshop.say_bands(runs)
    assert text.startswith(
        "Your design ended with 102 to 128 customers in the middle 90% of 4 runs"
    )
    assert "Balanced: 106 to 134. The ranges overlap" in text
    assert "Broadcast: 10 to 16, clearly below" in text
    assert "Celebrity: 515 to 785, clearly above" in text
    with pytest.raises(KitError, match="no runs labelled 'yours'"):
        workshop.say_bands(runs, mine="yours")


def test_final_spread_and_audience_summary_read_the_last_week():
    runs = workshop.ensembles({"broadcast": "broadcast"}, SMALL, reps=3)
    last = runs[runs["week"] == 104]
    spread = workshop.final_spread(runs, ["customers"])
    assert spread.loc["broadcast", ("customers", "median")] == last["customers"].median()
    summary = workshop.audience_summary(runs)
    assert summary.loc["broadcast", "customers"] == pytest.approx(last["customers"].mean(), 0.01)
    total = runs.groupby("run")["unfollows"].sum().mean()
    assert summary.loc["broadcast", "unfollows"] == pytest.approx(total, abs=0.05)


def test_ensembles_need_labelled_strategies():
    with pytest.raises(KitError, match="labelled strategies"):
        workshop.ensembles(["broadcast"], SMALL)


# ------------------------------------------------------------------------------ duels and flips
def test_duel_counts_wins_seed_by_seed():
    mine = workshop.design(0, 0, 1, 0)
    table = workshop.duel(mine, SMALL, reps=3, engage_cost=2.0)
    runs = workshop.ensembles(
        {workshop.MINE: mine, "broadcast": "broadcast"}, SMALL, 3, 7, engage_cost=2.0
    )
    wide = runs[runs["week"] == 104].pivot(index="run", columns="strategy", values="customers")
    assert list(table.index) == [workshop.MINE, "broadcast"]
    assert table.loc[workshop.MINE, "customers"] == pytest.approx(wide[workshop.MINE].mean())
    assert table.loc[workshop.MINE, "runs_won"] == (wide[workshop.MINE] > wide["broadcast"]).sum()
    assert table.loc["broadcast", "runs_won"] == (wide["broadcast"] > wide[workshop.MINE]).sum()
    text = workshop.say_duel(table)
    assert text.startswith(f"With time per one-to-one talk 2.00 for the {SMALL}:")
    winner = table["customers"].idxmax()
    assert f"{winner} ended ahead in {table.loc[winner, 'runs_won']} of 3 runs" in text


def test_flip_check_finds_the_rule_the_design_rests_on():
    # with no relationship pull, a design that only helps people one-to-one and posts nothing
    # cannot sell (no ads, and no customers to recommend it): broadcast must win
    mine = workshop.design(0, 0, 1, 0)
    table = workshop.flip_check(mine, SMALL, reps=2, params=["p_rel", "satisfaction"])
    info = table.attrs["flip"]
    assert info["a"] == workshop.MINE and info["winner"] == workshop.MINE
    row = table[(table["parameter"] == "p_rel") & (table["direction"] == "down")].iloc[0]
    assert row["found"] and 0 <= row["flip_value"] < 0.04
    assert row["seeds_agreeing"] == 2
    text = workshop.say_flips(table)
    assert text.startswith("At your business's values, your design wins:")
    assert "relationship pull from 4.0% to" in text
    assert workshop.flip_sliders(table)[0] == "p_rel"


def test_say_flips_when_nothing_flips():
    mine = workshop.design(0, 0, 1, 0)
    table = workshop.flip_check(mine, SMALL, reps=1, params=["post_cost"])
    assert not table["found"].any()
    assert "No single assumption tried" in workshop.say_flips(table)
    assert workshop.flip_sliders(table) == ("p_ad", "tolerance")


def test_flip_check_takes_only_a_design():
    with pytest.raises(KitError, match="workshop.design"):
        workshop.flip_check((0, 0, 1), SMALL)


# ------------------------------------------------------------------------------ the class table
def test_a_results_row_is_the_ensemble_it_describes():
    mine = workshop.design(0.1, 0, 0.9, 0.2)
    row = workshop.results_row(SMALL, workshop.MINE, mine, reps=2)
    runs = sim.ensemble(mine.scenario(SMALL, seed=11), reps=2)
    last = runs[runs["week"] == 104]
    assert row["shares"] == "0.1/0/0.9" and row["promo_share"] == 0.2
    assert row["customers"] == pytest.approx(last["customers"].mean(), abs=0.01)
    assert row["unfollows"] == round(runs["unfollows"].sum() / 2)


def test_say_table_names_each_business_s_leader():
    table = pd.DataFrame(
        {
            "business": ["a", "a", "b", "b"],
            "design": ["broadcast", workshop.MINE, "broadcast", workshop.MINE],
            "customers": [10.0, 40.0, 90.0, 30.0],
        }
    )
    lines = workshop.say_table(table).splitlines()
    assert lines == [
        "- a: your design leads (40 customers; broadcast 10, your design 40).",
        "- b: broadcast leads (90 customers; broadcast 90, your design 30).",
    ]


def test_results_are_saved_and_ranked_across_learners(tmp_path):
    a = pd.DataFrame({"business": ["x", "y"], "design": ["d1", "d1"], "customers": [5.0, 1.0]})
    b = pd.DataFrame({"business": ["x", "y"], "design": ["d2", "d2"], "customers": [7.0, 0.5]})
    assert workshop.save_results(a, "ada", tmp_path).name == "ada.csv"
    workshop.save_results(b, "bo", tmp_path)
    board = workshop.leaderboard(tmp_path, top=1)
    assert board[["business", "design", "learner"]].values.tolist() == [
        ["x", "d2", "bo"],
        ["y", "d1", "ada"],
    ]
    with pytest.raises(KitError, match="not a name a file can have"):
        workshop.save_results(a, "../evil", tmp_path)
    with pytest.raises(KitError, match="no results files"):
        workshop.leaderboard(tmp_path / "empty")


# ------------------------------------------------------------------------------ the explorer
def test_the_design_explorer_runs_the_design_on_the_business():
    from kit.explore.workshop import design_explorer

    mine = workshop.design(0.1, 0, 0.9, 0.2)
    ex = design_explorer(mine, SMALL)
    assert sorted(ex.controls) == ["hours", "p_ad", "promo_share", "reach"]
    assert ex.controls["hours"].value == workshop.BUSINESSES[SMALL]["hours"]
    drawn = ex.frame[ex.frame["strategy"] == "your design"]["customers"].tolist()
    assert drawn == sim.simulate(mine.scenario(SMALL, seed=1))["customers"].tolist()
    names = {trace.name for trace in ex.figure.data if trace.name}
    assert "your design" in names and not any("custom" in n for n in names), names
    with pytest.raises(KitError, match="workshop.design"):
        design_explorer((0, 0, 1), SMALL)
