"""The explorer, driven headless: sliders re-run the model and update the figure in place."""

from __future__ import annotations

import asyncio

import ipywidgets as w
import numpy as np
import plotly.graph_objects as go
import pytest

from kit import plots, sim
from kit.explore import explore
from kit.sim import analysis

from .conftest import SMALL


def _fresh(ex, metric="customers"):
    return sim.compare(ex.strategies, **ex.fixed, **ex.values)


def _check_matches(ex, metric):
    fresh = _fresh(ex)
    for trace in ex.figure.data:
        want = fresh[fresh["strategy"] == trace.name][metric].to_numpy(dtype=float)
        np.testing.assert_array_equal(trace.y, want)


@pytest.fixture
def ex():
    return explore(sliders=("hours", "reach", "p_ad", "capacity"), **SMALL)


def test_controls_follow_the_field_metadata(ex):
    assert set(ex.controls) == {"hours", "reach", "p_ad", "capacity"}
    assert isinstance(ex.figure, go.FigureWidget)
    reach = sim.Scenario.field_info("reach")
    slider = ex.controls["reach"]
    assert isinstance(slider, w.FloatSlider)
    assert (slider.min, slider.max, slider.step) == (reach["min"], reach["max"], reach["step"])
    assert slider.value == reach["default"] and slider.continuous_update is False
    assert isinstance(ex.controls["capacity"], w.IntSlider)
    assert ex.controls["capacity"].step == sim.Scenario.field_info("capacity")["step"]
    p_ad = ex.controls["p_ad"]
    info = sim.Scenario.field_info("p_ad")
    assert (p_ad.min, p_ad.max) == (info["slider_min"], info["slider_max"]) == (0, 0.1)
    assert p_ad.step == sim.Scenario.field_info("p_ad")["step"]
    _check_matches(ex, "customers")


def test_moving_a_slider_updates_the_figure_to_a_fresh_simulate(ex):
    before = [np.array(t.y) for t in ex.figure.data]
    ex.controls["p_ad"].value = 0.06
    ex.controls["hours"].value = 20.0
    assert ex.runs == 3
    _check_matches(ex, "customers")
    assert any(not np.array_equal(b, t.y) for b, t in zip(before, ex.figure.data, strict=True))
    # the crossover mark follows the new run
    frames = analysis.by_strategy(_fresh(ex), ["customers"])
    week = analysis.crossover_week(frames["relationship"], frames["broadcast"], "customers")
    xs = [s.x0 for s in ex.figure.layout.shapes]
    assert xs == ([week] if week is not None else [])


def test_metric_picker_redraws_without_rerunning(ex):
    runs = ex.runs
    ex.metric.value = "mean_trust"
    assert ex.runs == runs
    _check_matches(ex, "mean_trust")
    assert ex.figure.layout.yaxis.title.text == plots.metric_label("mean_trust")


def test_refresh_reruns_now_and_cache_serves_revisits(ex):
    runs = ex.runs
    ex.refresh()
    assert ex.runs == runs + 1
    ex.controls["p_ad"].value = 0.03
    ex.controls["p_ad"].value = 0.01  # back to the start: drawn from memory
    assert ex.runs == runs + 2
    _check_matches(ex, "customers")
    assert "updated in" in ex.status.value


def test_slider_events_are_debounced_in_a_running_loop():
    ex = explore(sliders=["p_ad"], debounce=0.05, **SMALL)

    async def drag():
        slider = ex.controls["p_ad"]
        await asyncio.sleep(0.06)
        slider.value = 0.02  # after a quiet spell: runs at once
        assert ex.runs == 2
        for v in (0.03, 0.04, 0.05):  # a burst: folded into one trailing run
            slider.value = v
        assert ex.runs == 2
        await asyncio.sleep(0.15)
        assert ex.runs == 3

    asyncio.run(drag())
    _check_matches(ex, "customers")
    assert ex.values["p_ad"] == 0.05


def test_ui_errors_go_to_the_status_line():
    ex = explore(sliders=["initial_followers"], population=2_000, weeks=5)
    ex.controls["initial_followers"].value = 2_000  # fine: everyone starts as a follower
    assert "Could not" not in ex.status.value
    ex.fixed["population"] = 1_000  # now impossible; the widget must not raise
    ex.controls["initial_followers"].value = 1_500
    assert "Could not run these settings" in ex.status.value


def test_explore_rejects_bad_arguments():
    with pytest.raises(ValueError, match="sliders: 'speed' has no slider"):
        explore(sliders=["speed"], **SMALL)
    with pytest.raises(ValueError, match="listed twice"):
        explore(sliders=["hours", "hours"], **SMALL)
    with pytest.raises(ValueError, match="either give it a slider or fix it"):
        explore(sliders=["hours"], hours=3.0, **SMALL)
    with pytest.raises(ValueError, match="metric"):
        explore(metric="week", **SMALL)
    with pytest.raises(ValueError, match="must lie within"):
        explore(sliders=[("reach", 0.0, 2.0)], **SMALL)
    ok = explore(sliders=[("p_ad", 0.0, 0.5, 0.01)], **SMALL)
    assert (ok.controls["p_ad"].max, ok.controls["p_ad"].step) == (0.5, 0.01)


def test_controls_speak_plain_words_with_the_name_only_in_the_tooltip(ex):
    reach = ex.controls["reach"]
    assert reach.description == "Reach" and reach.readout_format == ".0%"
    assert "reach" in reach.tooltip and "share of followers who see a post" in reach.tooltip
    hours = ex.controls["hours"]
    assert (hours.description, hours.step, hours.readout_format) == ("Time budget", 1.0, ".0f")
    assert ex.controls["p_ad"].description == "Ad response"
    boxes = ex.children[0].children
    small = [b.children[1].value for b in boxes if "kit-control" in b._dom_classes]
    ad = next(s for s in small if "chance to buy per ad seen" in s)
    # the code name is for those who code: in the tooltip, not in the text a learner reads
    assert "(in code: p_ad)" in ad and ">p_ad<" not in ad and "<code" not in ad
    # every parameter has plain words, and none is just its own name
    for name in sim.Scenario.numeric_fields():
        info = sim.Scenario.field_info(name)
        assert info["label"] != name and info["plain_unit"] and info["ui_step"] > 0, name


def test_metric_menu_offers_a_few_grouped_metrics_in_plain_names():
    ex = explore(sliders=["hours"], **SMALL)
    assert ex.metric.options == ["customers", "new_customers", "followers", "mean_trust"]
    headings = [g[0] for g in ex.metric.groups]
    assert headings == ["Customers", "Audience", "Relationships and trust"]
    assert ["Customers so far", "customers"] in ex.metric.groups[0][1]
    own = explore(sliders=["hours"], metric="sales_referral", metrics=["sales_ad"], **SMALL)
    assert own.metric.options == ["sales_ad", "sales_referral"]
    assert own.metric.groups[0][0].startswith("Where sales come from")
    with pytest.raises(Exception, match="not offered"):
        own.metric.value = "followers"
    with pytest.raises(ValueError, match="metrics"):
        explore(sliders=["hours"], metrics=["week"], **SMALL)
