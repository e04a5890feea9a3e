"""One palette everywhere: a strategy has the same colour and dash in every figure."""

from __future__ import annotations

import plotly.io as pio

from kit import plots, sim
from kit.explore import explore
from kit.sim.sweep import sweep

from .conftest import SMALL


def test_palette_is_okabe_ito_and_distinct():
    colours = list(plots.STRATEGY_COLOURS.values())
    assert len(set(colours)) == len(colours)
    assert set(colours) <= set(plots.OKABE_ITO.values())
    assert len(set(plots.STRATEGY_DASHES.values())) == len(plots.STRATEGY_DASHES)
    assert len(set(plots.STRATEGY_MARKERS.values())) == len(plots.STRATEGY_MARKERS)
    assert set(plots.STRATEGY_COLOURS) == {*sim.PRESETS, "custom"}
    assert plots.TEMPLATE_NAME in pio.templates
    assert pio.templates.default != plots.TEMPLATE_NAME  # we do not restyle users' figures


def test_same_colour_and_dash_in_every_figure(four):
    seen: dict[str, set] = {}

    def note(label, colour, dash=None):
        seen.setdefault(label, set()).add((colour, dash) if dash else colour)

    for t in plots.over_time(four, ["customers", "followers"]).data:
        note(t.name, t.line.color, t.line.dash)
    runs = sim.ensemble(sim.Scenario.preset("balanced", population=2_000, weeks=10), reps=2)
    for t in plots.band(runs.assign(strategy="balanced"), "customers").data:
        if t.meta["part"] == "mean":
            note(t.meta["strategy"], t.line.color, t.line.dash)
    ex = explore(["acquainting", "relationship"], sliders=["hours"], **SMALL)
    for t in ex.figure.data:
        note(t.name, t.line.color, t.line.dash)
    for label, styles in seen.items():
        style = plots.strategy_style(label)
        assert styles == {(style["colour"], style["dash"])}, label
    grid = sweep(
        sim.Scenario(**SMALL),
        x=("reach", [0.06]),
        y=("p_ad", [0.01, 0.05]),
        metrics=["customers"],
        progress=False,
    )
    for t in plots.sweep_winner(grid).data[1:]:
        if t.name != "tie":
            assert t.marker.color == plots.STRATEGY_COLOURS[t.name.split(" = ")[1].split()[0]]


def test_custom_strategies_get_distinct_dashes():
    df = sim.compare([(0.5, 0.0, 0.5), (0.2, 0.3, 0.5)], population=2_000, weeks=5)
    fig = plots.over_time(df, "customers")
    assert len({t.line.dash for t in fig.data}) == 2
    assert {t.line.color for t in fig.data} == {plots.STRATEGY_COLOURS["custom"]}


def test_every_figure_uses_the_kit_template(two):
    figs = [
        plots.over_time(two),
        plots.sales_sources(two),
        plots.celebrities(),
        plots.dunbar_layers(),
    ]
    for fig in figs:
        assert fig.layout.template.layout.plot_bgcolor == "rgba(0, 0, 0, 0)"
        assert fig.layout.title.text
        assert fig.layout.xaxis.title.text
