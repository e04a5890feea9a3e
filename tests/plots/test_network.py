"""The network picture: the final state is simulate's, the sample is what it says."""

from __future__ import annotations

import numpy as np
import pytest

from kit import plots, sim

SCENARIO = sim.Scenario.preset("relationship", population=2_000, weeks=60, seed=2)


@pytest.fixture(scope="module")
def state():
    return plots.final_state(SCENARIO)


@pytest.mark.parametrize("graph", ["random", "small_world", "complete"])
def test_final_state_reruns_the_engine_exactly(graph):
    s = sim.Scenario.preset("balanced", population=2_000, weeks=30, seed=9, graph=graph)
    state = plots.final_state(s)
    assert state.frame.equals(sim.simulate(s))


def test_final_state_matches_the_outputs(state):
    last = state.frame.iloc[-1]
    assert int((state.tie > 0.5).sum()) == last["strong_ties"]
    assert int(state.follower.sum()) == last["followers"]
    assert int(state.customer.sum()) == last["customers"]
    assert np.array_equal(state.bought > 0, state.customer)
    weekly = np.bincount(state.bought[state.bought > 0], minlength=61)[1:]
    assert np.array_equal(weekly, state.frame["new_customers"].to_numpy())


def _trace(fig, group):
    (trace,) = [t for t in fig.data if (t.meta or {}).get("group") == group]
    return trace


def test_network_sample_is_labelled_with_the_true_counts(state):
    fig = plots.network(SCENARIO, people=60, seed=1)
    last = state.frame.iloc[-1]
    strong = _trace(fig, "strong")
    assert strong.meta["total"] == last["strong_ties"]
    assert strong.name.endswith(f"{strong.meta['shown']} shown of {int(last['strong_ties']):,}")
    assert _trace(fig, "customers").meta["total"] == last["customers"]
    shown = 0
    for group, test in (
        ("strong", lambda p: state.tie[p] > 0.5),
        ("weak", lambda p: 0.05 < state.tie[p] <= 0.5),
        ("follower", lambda p: state.follower[p] and state.tie[p] <= 0.05),
        ("other", lambda p: state.customer[p] and not state.follower[p]),
    ):
        people = _trace(fig, group).meta["people"]
        assert all(test(p) for p in people), group
        shown += len(people)
    assert shown == 60
    # strong ties are drawn closer to the seller than weak ties
    strong_r = np.hypot(strong.x, strong.y)
    weak = _trace(fig, "weak")
    assert strong_r.max() < np.hypot(weak.x, weak.y).min()


def test_network_is_reproducible_and_seeded():
    a = plots.network(SCENARIO, people=40, seed=3)
    b = plots.network(SCENARIO, people=40, seed=3)
    c = plots.network(SCENARIO, people=40, seed=4)
    assert a.to_json() == b.to_json()
    assert a.to_json() != c.to_json()


def test_referral_lines_join_an_earlier_to_a_later_customer(state):
    fig = plots.network(SCENARIO, people=120, seed=0)
    lines = _trace(fig, "referrals")
    assert lines.meta["shown"] > 0
    positions = {}
    for t in fig.data:
        for p, x, y in zip((t.meta or {}).get("people", []), t.x or [], t.y or [], strict=False):
            positions[(round(x, 9), round(y, 9))] = p
    xs, ys = list(lines.x), list(lines.y)
    for k in range(0, len(xs), 3):
        a = positions[(round(xs[k], 9), round(ys[k], 9))]
        b = positions[(round(xs[k + 1], 9), round(ys[k + 1], 9))]
        assert 0 < state.bought[a] < state.bought[b]
        assert b in state.graph.neighbours(a)
        assert state.source[b] == 2  # the later sale was attributed to referral


def test_network_rejects_bad_input():
    with pytest.raises(ValueError, match="people"):
        plots.network(SCENARIO, people=0)
    with pytest.raises(TypeError, match="Scenario"):
        plots.network("relationship")
