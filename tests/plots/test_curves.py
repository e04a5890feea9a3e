"""Figures over time carry the simulated numbers; crossovers are at the right week."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit import plots, sim

from .conftest import SMALL


def _series(df, strategy, metric):
    return df[df["strategy"] == strategy][metric].to_numpy(dtype=float)


def _brute_crossover(a: np.ndarray, b: np.ndarray, weeks: np.ndarray):
    """The definition, written as plainly as possible: first week of a's final lead."""
    if not a[-1] > b[-1]:
        return None
    for i in range(len(a)):
        if all(a[j] > b[j] for j in range(i, len(a))):
            return int(weeks[i]) if any(a[j] < b[j] for j in range(i)) else None
    return None


def test_over_time_holds_the_simulated_numbers(two):
    fig = plots.over_time(two, "customers")
    assert [t.name for t in fig.data] == ["broadcast", "relationship"]
    for trace in fig.data:
        assert np.array_equal(trace.y, _series(two, trace.name, "customers"))
        assert np.array_equal(trace.x, np.arange(1, SMALL["weeks"] + 1))
    assert fig.layout.yaxis.title.text == "Customers so far"
    assert fig.layout.template.layout.paper_bgcolor == "rgba(0, 0, 0, 0)"


def test_crossover_annotation_is_at_the_crossover_week(two):
    a = _series(two, "relationship", "customers")
    b = _series(two, "broadcast", "customers")
    week = _brute_crossover(a, b, np.arange(1, len(a) + 1))
    assert 20 <= week <= 55  # the fixture's seed gives a clear crossover, mid-run
    assert sim.crossover(two, "customers") == week
    assert sim.crossover(two, "customers", a="relationship", b="broadcast") == week
    assert sim.crossover(two, "customers", a="broadcast") is None  # never ahead at the end
    fig = plots.over_time(two, "customers")
    (shape,) = fig.layout.shapes
    assert shape.x0 == shape.x1 == week
    (note,) = fig.layout.annotations
    assert note.x == week
    assert "relationship overtakes broadcast" in note.text and f"week {week}" in note.text
    # the week before, broadcast was at least level; from the week on, relationship leads
    assert a[week - 2] <= b[week - 2] and (a[week - 1 :] > b[week - 1 :]).all()


def test_no_annotation_when_nobody_overtakes(two):
    fig = plots.over_time(two, "customers", annotate=False)
    assert not fig.layout.shapes
    one = two[two["strategy"] == "relationship"]
    assert not plots.over_time(one, "customers").layout.shapes


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 5) | st.just(None)), min_size=1, max_size=12
    )
)
def test_crossover_matches_its_definition(pairs):
    a = np.array([p[0] for p in pairs], dtype=float)
    b = np.array([np.nan if p[1] is None else p[1] for p in pairs], dtype=float)
    weeks = np.arange(1, len(a) + 1)
    df = pd.DataFrame(
        {
            "strategy": ["a"] * len(a) + ["b"] * len(b),
            "week": np.r_[weeks, weeks],
            "customers": np.r_[a, b],
        }
    )
    keep = ~np.isnan(b)
    want = _brute_crossover(a[keep], b[keep], weeks[keep]) if keep.any() else None
    assert sim.crossover(df, "customers", a="a", b="b") == want


def test_small_multiples_one_panel_per_metric(four):
    metrics = ["followers", "customers", "mean_trust"]
    fig = plots.over_time(four, metrics)
    assert len(fig.data) == 4 * len(metrics)
    for trace in fig.data:
        metric = trace.meta["metric"]
        np.testing.assert_array_equal(trace.y, _series(four, trace.name, metric))
    assert sum(t.showlegend is not False for t in fig.data) == 4  # one legend entry each
    # every crossover mark sits on its own panel's axes
    for shape in fig.layout.shapes:
        assert shape.xref in {"x", "x2", "x3"}


def test_ensemble_runs_are_averaged_per_week():
    runs = sim.ensemble(sim.Scenario.preset("relationship", **SMALL), reps=3)
    fig = plots.over_time(runs, "customers")
    want = runs.groupby("week")["customers"].mean().to_numpy()
    np.testing.assert_allclose(fig.data[0].y, want)


def test_sales_sources_stack_the_three_sources(four):
    fig = plots.sales_sources(four, cumulative=False)
    assert len(fig.data) == 4 * 3
    for trace in fig.data:
        s, source = trace.meta["strategy"], trace.meta["source"]
        assert np.array_equal(trace.y, _series(four, s, source))
        assert trace.stackgroup.startswith("panel")
    cum = plots.sales_sources(four)
    for trace in cum.data:
        want = np.cumsum(_series(four, trace.meta["strategy"], trace.meta["source"]))
        assert np.array_equal(trace.y, want)
    rel = four[four["strategy"] == "relationship"]
    total = int(rel[["sales_ad", "sales_relationship", "sales_referral"]].to_numpy().sum())
    assert total == int(rel["customers"].iloc[-1])
    titles = [a.text for a in cum.layout.annotations]
    share = rel["sales_referral"].sum() / total
    assert f"relationship: {total:,} sales, {share:.0%} by referral" in titles


def test_band_shows_mean_and_quantiles():
    small = {"population": 2_000, "weeks": 20, "seed": 4}
    runs = pd.concat(
        [
            sim.ensemble(sim.Scenario.preset(s, **small), reps=4).assign(strategy=s)
            for s in ("broadcast", "relationship")
        ],
        ignore_index=True,
    )
    summary = sim.summarise(runs, ["customers", "followers"])
    fig = plots.band(summary, "customers")
    assert len(fig.data) == 6
    for trace in fig.data:
        mine = summary.strategy == trace.meta["strategy"]
        part = summary[(summary.metric == "customers") & mine]
        np.testing.assert_allclose(trace.y, part[trace.meta["part"]].to_numpy())
    assert fig.data[2].name == "broadcast: mean of 4 runs"
    # the band's fill is the strategy's colour, see-through
    assert fig.data[1].fill == "tonexty" and "213, 94, 0" in fig.data[1].fillcolor
    # raw runs are summarised on the way in
    raw = plots.band(runs, "customers", low=0.1, high=0.9)
    want = sim.summarise(runs, ["customers"], low=0.1, high=0.9)
    np.testing.assert_allclose(raw.data[0].y, want[want.strategy == "broadcast"]["high"])


def test_bad_metric_says_what_to_choose(two):
    with pytest.raises(ValueError, match="metric: no column"):
        plots.over_time(two, "sales")
    with pytest.raises(ValueError, match="choose from"):
        plots.band(sim.summarise(two, ["customers"]), "followers")
    with pytest.raises(ValueError, match="name the two to compare"):
        sim.crossover(pd.concat([two, two.assign(strategy="x")]), "customers")
    with pytest.raises(TypeError):
        plots.over_time([1, 2, 3], "customers")
