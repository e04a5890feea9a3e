"""The explorer's state object alone, and a control added as CONTRIBUTING's recipe says."""

from __future__ import annotations

import ipywidgets as w
import plotly.graph_objects as go
import pytest

from kit import sim
from kit.explore import explore
from kit.explore.session import Session

from .conftest import SMALL

PAIR = ["broadcast", "relationship"]


def _session(**kw):
    return Session(PAIR, SMALL, {"p_ad": 0.01}, **kw)


def test_a_session_runs_what_it_holds_and_says_so():
    s = _session()
    frames = []
    s.observe(lambda change: frames.append(change["new"]), names="frame")
    s.run()
    assert frames[-1].equals(sim.compare(PAIR, **SMALL, p_ad=0.01))
    s.set(p_ad=0.03, hours=12.0)
    assert s.values == {"p_ad": 0.03} and s.fixed == {**SMALL, "hours": 12.0}
    assert s.frame.equals(sim.compare(PAIR, **SMALL, p_ad=0.03, hours=12.0))
    assert s.runs == 2 and s.updates == 2 and len(frames) == 2
    s.apply({**SMALL, "p_ad": 0.01})  # back to the first settings: drawn from memory
    assert s.runs == 2 and s.updates == 3 and frames[-1] is frames[0]


def test_apply_replaces_strategies_and_settings_and_keeps_a_missing_slider():
    s = _session()
    s.run()
    s.apply({"population": 1_500, "weeks": 30, "seed": 2}, strategies=["balanced"])
    assert s.strategies == ["balanced"] and s.values == {"p_ad": 0.01}
    assert s.fixed == {"population": 1_500, "weeks": 30, "seed": 2}
    assert list(s.frame["strategy"].unique()) == ["balanced"]


def test_a_slider_event_with_impossible_settings_sets_error_not_raises():
    s = Session(PAIR, {**SMALL, "population": 1_000}, {"initial_followers": 10})
    s.run()
    s.change(initial_followers=1_500)
    assert "initial_followers" in s.error
    s.change(initial_followers=20)
    assert s.error == ""
    with pytest.raises(ValueError):
        s.set(initial_followers=1_500)  # the explicit path raises


def test_overlays_are_gathered_from_every_layer():
    s = _session()
    s.add_overlay(lambda metric: ([go.Scatter(name=f"under {metric}")], []))
    s.add_overlay(lambda metric: ([], [go.Scatter(name="over")]))
    under, over = s.overlay_traces("followers")
    assert [t.name for t in under] == ["under followers"] and [t.name for t in over] == ["over"]
    bumps = []
    s.observe(lambda c: bumps.append(c["new"]), names="overlays")
    s.redraw()
    assert bumps == [1]


def test_a_control_added_by_the_recipe_works_through_the_session():
    # CONTRIBUTING.md, "Adding an explorer control": a "new seed" button and an overlay line
    ex = explore(sliders=("p_ad",), **SMALL)
    session = ex.session
    button = w.Button(description="New seed")
    button.on_click(lambda _b: session.set(seed=session.settings()["seed"] + 1))

    def mean_line(metric):
        frame = session.frame
        mean = frame.groupby("week")[metric].mean()
        line = go.Scatter(x=mean.index, y=mean.to_numpy(), name="mean", meta={"overlay": "mean"})
        return [], [line]

    session.add_overlay(mean_line)
    session.redraw()
    assert [t.name for t in ex.figure.data] == ["broadcast", "relationship", "mean"]
    button.click()
    assert ex.fixed["seed"] == SMALL["seed"] + 1 and list(ex.history["seed"]) == [3, 4]
    want = sim.compare(PAIR, **{**SMALL, "seed": 4}, p_ad=0.01)
    mean = ex.figure.data[-1]
    assert list(mean.y) == list(want.groupby("week")["customers"].mean())
    ex.metric.value = "followers"  # the overlay follows the metric
    assert list(ex.figure.data[-1].y) == list(want.groupby("week")["followers"].mean())
