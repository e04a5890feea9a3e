"""Figures that read cleanly (issue 25, outcome 7): the x axis ends at the last week, labels
stay inside the plot and clear of each other, a strategy keeps its colour and dash (replay
included), and two pinned runs of one strategy are told apart."""

from __future__ import annotations

from kit import plots, sim
from kit.explore import explore
from kit.plots.style import strategy_style

SMALL = {"population": 2_000, "weeks": 52, "seed": 1}


def test_the_x_axis_ends_at_the_last_week():
    df = sim.compare(["broadcast", "relationship"], **SMALL)
    assert tuple(plots.over_time(df, "customers").layout.xaxis.range) == (1, 52)
    both = plots.over_time(df, ["followers", "customers"])
    assert tuple(both.layout.xaxis.range) == tuple(both.layout.xaxis2.range) == (1, 52)
    ex = explore(sliders=("hours",), **SMALL)
    assert tuple(ex.figure.layout.xaxis.range) == (1, 52)
    ex.set(weeks=30)
    assert tuple(ex.figure.layout.xaxis.range) == (1, 30)


def test_crossover_labels_stay_inside_the_plot():
    df = sim.compare(["broadcast", "relationship"], population=20_000, weeks=104, seed=1)
    (note,) = plots.over_time(df, "customers").layout.annotations
    week = sim.crossover(df, "customers")
    assert note.x == week
    # in the second half the label stands left of its line, so it never runs under the legend
    assert note.xanchor == ("right" if week > (1 + 104) / 2 else "left")


def test_the_yardstick_note_sits_above_the_plot_clear_of_crossover_labels():
    ex = explore(sliders=("p_ad",), population=20_000, weeks=104, seed=1)
    ex.yardstick(True)
    notes = {a.name: a for a in ex.figure.layout.annotations}
    off = notes.get("yardstick-off-chart")
    assert off is not None and off.yref == "paper" and off.y >= 1 and off.yanchor == "bottom"
    inside = [a for a in ex.figure.layout.annotations if a.name != "yardstick-off-chart"]
    assert inside and all(a.yanchor == "top" and a.yref.endswith("domain") for a in inside)


def test_two_pinned_runs_of_one_strategy_are_told_apart():
    ex = explore(sliders=("p_ad",), **SMALL)
    ex.set(p_ad=0.02)
    ex.set(p_ad=0.03)
    ex.pin(1)
    ex.pin(2)
    pinned = [t for t in ex.figure.data if (t.meta or {}).get("overlay") == "pinned"]
    broadcast = [t for t in pinned if t.meta["strategy"] == "broadcast"]
    assert len(broadcast) == 2
    a, b = broadcast
    assert a.marker.symbol != b.marker.symbol and "markers" in a.mode
    assert (a.line.dash, a.line.color) != (b.line.dash, b.line.color)


def test_the_replay_draws_each_strategy_as_the_explorer_does():
    ex = explore({"robot": (1, 0, 0), "relationship": "relationship"}, sliders=("hours",), **SMALL)
    figure = {t.name: t.line for t in ex.figure.data}
    widget = ex.replay((1, "robot"), (1, "relationship"))
    sides = widget.data["sides"]
    dashes = {
        "solid": "",
        "dash": "8 4",
        "dot": "2 3",
        "dashdot": "8 3 2 3",
        "longdash": "14 4",
        "longdashdot": "14 4 2 4",
    }
    for side, label in zip(sides, ("robot", "relationship"), strict=True):
        assert side["colour"] == figure[label].color
        assert side["dash"] == dashes[figure[label].dash]
    # a plain replay: broadcast dashed, relationship solid, as in every figure
    from kit.explore.replay import replay_data

    data = replay_data(
        sim.Scenario.preset("broadcast", **SMALL), sim.Scenario.preset("relationship", **SMALL)
    )
    assert data["sides"][0]["dash"] == dashes[strategy_style("broadcast")["dash"]] != ""
    assert data["sides"][1]["dash"] == ""
