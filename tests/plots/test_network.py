"""The network picture: the sample is what it says (kit.sim.final_state's state, drawn)."""

from __future__ import annotations

import numpy as np
import pytest

from kit import plots, sim

SCENARIO = sim.Scenario.preset("relationship", population=2_000, weeks=60, seed=2)


@pytest.fixture(scope="module")
def state():
    return sim.final_state(SCENARIO)


def _trace(fig, group):
    (trace,) = [t for t in fig.data if (t.meta or {}).get("group") == group]
    return trace


def test_network_sample_is_labelled_with_the_true_counts(state):
    fig = plots.network(state, people=60, seed=1)
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


def test_network_is_reproducible_and_seeded(state):
    a = plots.network(state, people=40, seed=3)
    b = plots.network(state, people=40, seed=3)
    c = plots.network(state, people=40, seed=4)
    assert a.to_json() == b.to_json()
    assert a.to_json() != c.to_json()


def test_referral_lines_join_an_earlier_to_a_later_customer(state):
    fig = plots.network(state, people=120, seed=0)
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


def test_network_rejects_bad_input(state):
    with pytest.raises(ValueError, match="people"):
        plots.network(state, people=0)
    with pytest.raises(TypeError, match="Scenario"):
        plots.network("relationship")
    with pytest.raises(TypeError, match="Scenario"):
        plots.network(SCENARIO)  # a scenario is run by sim.final_state, not by the plot
