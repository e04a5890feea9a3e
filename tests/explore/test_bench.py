"""The explorer's lab bench, headless: history, pins, codes in explorers, yardstick, replay."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit import sim
from kit.explore import explore
from kit.explore.history import MAX_PINNED, RunHistory, differences, summarise_run
from kit.explore.replay import record, replay, states
from kit.explore.yardstick import REST, STEPS, implied_pq, limit_of, yardstick
from kit.plots.style import style_problems

SMALL = {"population": 2_000, "weeks": 60, "seed": 3}


@pytest.fixture
def ex():
    return explore(sliders=("hours", "p_ad"), **SMALL)


def _live_lines(ex):
    return [t for t in ex.figure.data if not (t.meta or {}).get("overlay")]


# ------------------------------------------------------------------ history
def test_every_run_is_kept_with_its_summary(ex):
    ex.controls["p_ad"].value = 0.03
    ex.controls["hours"].value = 20.0
    h = ex.history
    assert list(h["run"]) == [1, 2, 3]
    assert list(h["p_ad"]) == [0.01, 0.03, 0.03] and list(h["hours"]) == [10.0, 10.0, 20.0]
    assert (h["population"] == 2_000).all()
    # the summary numbers are the live frame's own
    frame = sim.compare(["broadcast", "relationship"], **SMALL, hours=20.0, p_ad=0.03)
    last = h.iloc[-1]
    rel = frame[frame.strategy == "relationship"]
    assert last["customers[relationship]"] == rel["customers"].iloc[-1]
    assert last["hours_per_customer[relationship]"] == pytest.approx(
        rel["hours_per_customer"].iloc[-1]
    )
    total = rel[["sales_ad", "sales_relationship", "sales_referral"]].to_numpy().sum()
    assert last["referral_share[relationship]"] == pytest.approx(
        rel["sales_referral"].sum() / total
    )
    shares = [last[f"{s}_share[broadcast]"] for s in ("ad", "relationship", "referral")]
    assert sum(shares) == pytest.approx(1.0)
    from kit.explore.history import crossover_week

    first = sim.compare(["broadcast", "relationship"], **SMALL)
    assert h["crossover_week"].iloc[0] == crossover_week(first) > 0
    want = crossover_week(frame)
    assert (pd.isna(last["crossover_week"]) and want is None) or last["crossover_week"] == want
    assert sim.Scenario.from_code(last["code"]) == sim.Scenario.preset(
        "broadcast", **SMALL, hours=20.0, p_ad=0.03
    )
    assert not h["pinned"].any() and ex.pinned.empty


def test_the_same_settings_are_one_run_and_a_metric_change_is_none(ex):
    ex.controls["p_ad"].value = 0.03
    ex.controls["p_ad"].value = 0.01  # back to run 1: no new row
    ex.metric.value = "followers"
    assert list(ex.history["run"]) == [1, 2]
    assert ex.bench.live.number == 1


def test_restore_brings_a_run_back(ex):
    ex.controls["p_ad"].value = 0.05
    ex.controls["hours"].value = 5.0
    ex.restore(2)
    assert ex.values == {"hours": 10.0, "p_ad": 0.05}
    assert ex.bench.live.number == 2 and len(ex.history) == 3
    want = sim.compare(["broadcast", "relationship"], **SMALL, p_ad=0.05)
    for trace in _live_lines(ex):
        np.testing.assert_array_equal(
            trace.y, want[want.strategy == trace.name]["customers"].to_numpy(dtype=float)
        )
    assert ex.bench.table.live == 2
    with pytest.raises(ValueError, match="not in the history"):
        ex.restore(99)


def test_pinned_runs_are_drawn_faded_under_the_live_one_and_labelled(ex):
    ex.controls["p_ad"].value = 0.04
    ex.pin(1)
    names = [t.name for t in ex.figure.data]
    assert names == [
        "#1 broadcast: Ad response 1.0% → 4.0%",
        "#1 relationship: Ad response 1.0% → 4.0%",
        "broadcast",
        "relationship",
    ]
    pinned = [t for t in ex.figure.data if (t.meta or {}).get("overlay") == "pinned"]
    assert all(t.line.color.startswith("rgba(") for t in pinned)  # faded
    assert not style_problems(ex.figure)  # every line apart by colour and dash
    old = sim.compare(["broadcast", "relationship"], **SMALL)
    np.testing.assert_array_equal(
        pinned[0].y, old[old.strategy == "broadcast"]["customers"].to_numpy(dtype=float)
    )
    # the label follows the live run
    ex.controls["hours"].value = 15.0
    assert ex.figure.data[0].name == "#1 broadcast: Time budget 10 → 15, Ad response 1.0% → 4.0%"
    # and the metric
    ex.metric.value = "followers"
    np.testing.assert_array_equal(
        ex.figure.data[0].y, old[old.strategy == "broadcast"]["followers"].to_numpy(dtype=float)
    )
    assert list(ex.pinned["run"]) == [1]
    ex.unpin(1)
    assert [t.name for t in ex.figure.data] == ["broadcast", "relationship"]


def test_at_most_four_pins(ex):
    for value in (0.02, 0.03, 0.04, 0.05):
        ex.controls["p_ad"].value = value
    for run in (1, 2, 3, 4):
        ex.pin(run)
    ex.yardstick(True)
    assert len(ex.figure.data) == 2 * 4 + 2 + 1 and not style_problems(ex.figure)
    with pytest.raises(ValueError, match="4 runs are pinned already"):
        ex.pin(5)
    # through the table's box: one sentence, the box unticked again
    ex.bench.table._message(None, {"event": "pin", "run": 5}, [])
    assert "unpin one first" in ex.bench.message.value
    assert ex.bench.table.pinned == [1, 2, 3, 4]
    ex.bench.table._message(None, {"event": "pin", "run": 2}, [])
    assert ex.bench.table.pinned == [1, 3, 4]
    ex.bench.table._message(None, {"event": "restore", "run": 3}, [])
    assert ex.bench.live.number == 3


def test_differences_counts_absent_fields_as_defaults():
    assert differences({"p_ad": 0.02}, {"p_ad": 0.04}) == "Ad response 2.0% → 4.0%"
    assert differences({}, {"graph": "random"}) == "same settings"
    many = differences({}, {"hours": 1, "reach": 0.1, "p_ad": 0.1, "q_wom": 0.1})
    assert many.endswith("and 1 more")


def test_run_history_by_itself():
    h = RunHistory()
    frame = sim.compare(["broadcast", "relationship"], **SMALL)
    run = h.add(["broadcast", "relationship"], dict(SMALL), frame)
    assert run.number == 1 and run.summary == summarise_run(frame)
    h.pin(1)
    h.pin(1)
    assert h.pinned == [1] and h.frame(pinned_only=True)["run"].tolist() == [1]
    assert MAX_PINNED == 4


# ------------------------------------------------------------------ codes in explorers
def test_a_code_pasted_into_another_explorer_gives_the_same_figure(ex):
    ex.controls["p_ad"].value = 0.035
    other = explore(sliders=("reach",), population=3_000, weeks=20, seed=9)
    other.load_code(ex.code)
    assert other.frame.equals(ex.frame)
    mine = {t.name: list(t.y) for t in _live_lines(ex)}
    theirs = {t.name: list(t.y) for t in _live_lines(other)}
    assert mine == theirs
    assert other.code == ex.code


def test_a_code_for_another_strategy_replaces_the_first(ex):
    code = sim.Scenario.preset("balanced", **SMALL, hours=12.0).to_code()
    ex.load_code(code)
    assert [t.name for t in _live_lines(ex)] == ["balanced", "relationship"]
    assert ex.values["hours"] == 12.0
    assert ex.frame.equals(sim.compare(["balanced", "relationship"], **SMALL, hours=12.0))


def test_a_bad_code_in_the_box_says_one_sentence(ex):
    before = ex.frame
    ex.bench.paste.value = ex.code[:-5]
    ex.bench.load.click()
    assert "damaged or incomplete" in ex.bench.message.value
    assert ex.frame is before and len(ex.history) == 1


# ------------------------------------------------------------------ yardstick
def test_implied_p_and_q_follow_the_bass_limit():
    s = sim.Scenario.preset("broadcast", p_ad=0.02, reach=0.1, hours=8)
    p, q = implied_pq(s)
    assert p == pytest.approx(0.02 * (0.5 * 8 / 0.5) * 1.0 * 0.1)
    assert q == s.q_wom
    # in the limit itself, one ad a week that reaches everyone: p is p_ad
    limit = sim.Scenario.bass_limit(p=0.01, q=0.2, population=1_000, weeks=10)
    assert implied_pq(limit) == pytest.approx((0.01, 0.2))
    assert implied_pq(limit_of(s)) == pytest.approx((p, q))


def test_a_run_in_the_bass_limit_sits_on_its_yardstick():
    s = sim.Scenario.bass_limit(p=0.01, q=0.15, population=20_000, weeks=60, seed=2)
    y = yardstick(s)
    share = np.abs(y.customers - y.curve) / s.population
    assert share.max() < 0.03  # sampling noise at the steepest weeks
    assert abs(y.gap) < 0.01 * s.population


def test_the_steps_explain_the_whole_gap():
    s = sim.Scenario.preset("broadcast", population=5_000, weeks=104, seed=1)
    y = yardstick(s)
    assert list(y.parts) == [*STEPS, REST]
    assert sum(y.parts.values()) == pytest.approx(y.gap)
    assert y.gap < 0  # the run is far below the curve its parameters imply
    assert y.parts["trust"] < 0  # strangers trust 0.25, not 1
    assert y.steps[REST] == y.customers[-1] == sim.simulate(s)["customers"].iloc[-1]
    assert "trust" in y.text and "a 0.60% chance a week to buy from the ads" in y.text
    # each step is a real simulation: the network step alone, on a sparse graph
    limit = limit_of(s)
    sparse = sim.simulate(limit, graph="random", mean_degree=10.0, rewire=0.1)
    assert y.steps["network sparsity"] == sparse["customers"].iloc[-1]


def test_no_ads_no_yardstick_and_one_sentence_why():
    y = yardstick(sim.Scenario.preset("relationship", population=2_000, weeks=20, seed=1))
    assert y.curve is None and "no ads" in y.text


def test_the_explorer_toggle_draws_and_explains(ex):
    ys = ex.yardstick(True)
    lines = [t for t in ex.figure.data if (t.meta or {}).get("overlay") == "yardstick"]
    assert [t.meta["strategy"] for t in lines] == ["broadcast"]  # relationship shows no ads
    np.testing.assert_allclose(lines[0].y, ys[0].curve)
    assert "no ads" in ex.bench.yardstick_text.value
    assert "Step by step" in ex.bench.yardstick_text.value
    ex.metric.value = "followers"
    assert not [t for t in ex.figure.data if (t.meta or {}).get("overlay") == "yardstick"]
    assert "pick" in ex.bench.yardstick_text.value
    ex.yardstick(False)
    assert ex.bench.yardstick_text.value == ""


def test_a_yardstick_far_above_the_runs_leaves_the_axis_on_the_runs(ex):
    ys = ex.yardstick(True)
    runs = [t for t in ex.figure.data if not (t.meta or {}).get("overlay")]
    top = max(float(np.nanmax(t.y)) for t in runs)
    high = max(float(np.nanmax(y.curve)) for y in ys if y.curve is not None)
    notes = [a.text for a in ex.figure.layout.annotations if a.name == "yardstick-off-chart"]
    assert high > 3 * top  # here the runs would lie flat on zero under the Bass curve
    assert ex.figure.layout.yaxis.range == (0, pytest.approx(1.15 * top))
    assert notes and f"{high:,.0f}" in notes[0]
    ex.yardstick(False)
    assert ex.figure.layout.yaxis.range is None
    assert not [a for a in ex.figure.layout.annotations if a.name == "yardstick-off-chart"]


# ------------------------------------------------------------------ replay
def test_recording_matches_simulate_and_the_allies_column():
    s = sim.Scenario.preset("relationship", population=2_000, weeks=40, seed=1)
    rec = record(s)
    pd.testing.assert_frame_equal(rec.frame, sim.simulate(s))
    assert [len(a) for a in rec.allies] == rec.frame["allies"].tolist()
    aware = [(rec.aware_week > 0) & (rec.aware_week <= w) for w in range(1, 41)]
    assert [int(a.sum()) for a in aware] == rec.frame["aware"].tolist()
    bought = [int(((rec.bought_week > 0) & (rec.bought_week <= w)).sum()) for w in range(1, 41)]
    assert bought == rec.frame["customers"].tolist()


def test_states_week_by_week():
    s = sim.Scenario.preset("relationship", population=2_000, weeks=40, seed=1)
    rec = record(s)
    everyone = np.arange(2_000)
    weeks = states(rec, everyone)
    assert len(weeks) == 40 and all(len(row) == 2_000 for row in weeks)
    last = weeks[-1]
    assert last.count("3") == rec.frame["allies"].iloc[-1]
    customers = rec.frame["customers"].iloc[-1]
    allies = set(rec.allies[-1].tolist())
    assert last.count("2") == customers - sum(rec.bought_week[a] > 0 for a in allies)


def test_replay_two_runs_on_a_shared_sample():
    a = sim.Scenario.preset("broadcast", **SMALL)
    b = sim.Scenario.preset("relationship", **SMALL)
    r = replay(a, b, people=80)
    left, right = r.data["sides"]
    assert left["people"] == right["people"] and len(left["people"]) == 80
    assert left["x"] == right["x"] and r.data["shared"]
    assert len(left["states"]) == r.data["weeks"] == 60
    assert left["curve"] == sim.simulate(a)["customers"].astype(float).tolist()
    counts = r.state_counts(60)
    assert sum(counts[0].values()) == 80
    # a different population: each side its own sample
    c = sim.Scenario.preset("relationship", population=3_000, weeks=60, seed=3)
    r2 = replay(a, c, people=500)
    assert not r2.data["shared"] and len(r2.data["sides"][1]["people"]) == 500
    with pytest.raises(ValueError, match="people"):
        replay(a, b, people=0)


def test_the_explorer_replays_two_chosen_runs(ex):
    ex.controls["p_ad"].value = 0.05
    r = ex.replay()  # the live run's two strategies
    assert [s["title"] for s in r.data["sides"]] == ["#2 broadcast", "#2 relationship"]
    r = ex.replay((1, "broadcast"), (2, "broadcast"))
    assert ex.bench.replay_box.children == (r,)
    assert r.data["sides"][0]["curve"] != r.data["sides"][1]["curve"]
    with pytest.raises(ValueError, match="no strategy"):
        ex.replay((1, "celebrity"), (2, "broadcast"))


def test_set_runs_once_even_where_sliders_are_debounced():
    import asyncio

    async def inside_a_loop():  # as in a notebook: slider events are debounced
        ex = explore(sliders=("p_ad",), debounce=10.0, **SMALL)
        ex.set(p_ad=0.02)
        ex.set(p_ad=0.005, hours=12.0)
        return ex

    ex = asyncio.run(inside_a_loop())
    assert list(ex.history["p_ad"]) == [0.01, 0.02, 0.005]
    assert ex.values == {"p_ad": 0.005} and ex.fixed["hours"] == 12.0
    assert ex.frame.equals(
        sim.compare(["broadcast", "relationship"], **SMALL, p_ad=0.005, hours=12.0)
    )


def test_a_pasted_design_keeps_its_own_ad_share_and_broadcast_its_own():
    design = sim.Scenario(strategy=(0.1, 0.0, 0.9), promo_share=0.2, **SMALL, hours=6)
    defence = explore(["balanced", "broadcast"], sliders=("p_ad",))
    defence.load_code(design.to_code())
    assert [t.name for t in _live_lines(defence)] == ["custom", "broadcast"]
    want = sim.compare(
        {"custom": design, "broadcast": sim.Scenario.preset("broadcast", **SMALL, hours=6)}
    )
    assert defence.frame.equals(want)
    assert defence.code == design.to_code()
    # a compared strategy of the same name is the one replaced
    again = explore(["relationship", "broadcast"], sliders=("p_ad",), **SMALL)
    again.load_code(sim.Scenario.preset("broadcast", **SMALL, promo_share=0.5).to_code())
    assert [t.name for t in _live_lines(again)] == ["relationship", "broadcast"]
    mine = again.frame[again.frame["strategy"] == "broadcast"].reset_index(drop=True)
    solo = sim.simulate(sim.Scenario.preset("broadcast", **SMALL, promo_share=0.5))
    assert mine.drop(columns="strategy").equals(solo)
