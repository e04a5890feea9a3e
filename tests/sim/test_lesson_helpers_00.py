"""The kit functions lessons 00-02 call instead of helper defs and comprehensions.

kit.sim.sweep.crossover_by (the crossover week at several values of one setting) is checked
against a crossover computed here from plain per-seed runs; kit.sim.analysis.preset_shares
against the presets themselves.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit import sim
from kit.sim.analysis import preset_shares
from kit.sim.sweep import crossover_by

SIZE = {"population": 2_000, "weeks": 52}
SEEDS = (1, 2)


def _mean_customers(strategy: str, seeds, **fields) -> np.ndarray:
    runs = [
        sim.simulate(sim.Scenario.preset(strategy, seed=s, **SIZE, **fields))["customers"]
        for s in seeds
    ]
    return np.mean([r.to_numpy(float) for r in runs], axis=0)


def _crossover_by_hand(a: np.ndarray, b: np.ndarray) -> int | None:
    """First week of a's final lead over b, provided b was strictly ahead before."""
    ahead = a > b
    if not ahead[-1] or not (b > a).any():
        return None
    last_not_ahead = np.flatnonzero(~ahead)
    return int(last_not_ahead[-1]) + 2  # weeks are 1-based


@pytest.mark.parametrize("p_ad", [0.005, 0.05])
def test_crossover_by_matches_runs_done_by_hand(p_ad):
    table = crossover_by("p_ad", [p_ad], seeds=SEEDS, **SIZE)
    rel = _mean_customers("relationship", SEEDS, p_ad=p_ad)
    bro = _mean_customers("broadcast", SEEDS, p_ad=p_ad)
    expected = _crossover_by_hand(rel, bro)
    got = table.loc[p_ad, "crossover week"]
    assert (None if pd.isna(got) else int(got)) == expected
    leader = "relationship" if rel[-1] > bro[-1] else "broadcast"
    assert table.loc[p_ad, "ahead at the end"] == leader


def test_crossover_by_finds_a_broadcast_win_and_labels_in_plain_words():
    # strong ads at a small size: broadcast stays ahead, so there is no crossover
    table = crossover_by("p_ad", [0.005, 0.1, 0.005], seeds=SEEDS, **SIZE)
    assert table.index.tolist() == [0.005, 0.1]  # the repeat is run once
    assert table.index.name == sim.Scenario.field_info("p_ad")["label"]
    assert str(table["crossover week"].dtype) == "Int64"
    assert pd.isna(table.loc[0.1, "crossover week"])
    assert table.loc[0.1, "ahead at the end"] == "broadcast"
    assert table.loc[0.005, "ahead at the end"] == "relationship"


def test_crossover_by_other_strategies_and_metric():
    table = crossover_by(
        "hours", [5, 20], a="balanced", b="acquainting", metric="customers", seeds=(1,), **SIZE
    )
    assert set(table["ahead at the end"]) <= {"balanced", "acquainting", "neither"}
    assert table.index.tolist() == [5, 20]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"name": "no_such_field", "values": [1]}, "not a Scenario field"),
        ({"name": "p_ad", "values": []}, "at least one value"),
        ({"name": "p_ad", "values": [0.01], "a": "broadcast"}, "two different strategies"),
        ({"name": "p_ad", "values": [0.01], "metric": "week"}, "not an output"),
    ],
)
def test_crossover_by_bad_input_is_one_sentence(kwargs, words):
    with pytest.raises(ValueError, match=words) as info:
        crossover_by(seeds=(1,), **kwargs, **SIZE)
    assert "\n" not in str(info.value)


def test_preset_shares_are_the_presets_splits():
    table = preset_shares()
    assert list(table.columns) == list(sim.PRESETS)
    assert list(table.index) == ["post", "connect", "engage"]
    for name in sim.PRESETS:
        assert tuple(table[name]) == sim.Scenario.preset(name).shares
    np.testing.assert_allclose(table.sum().to_numpy(), 1.0)
