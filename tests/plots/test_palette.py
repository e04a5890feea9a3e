"""One palette everywhere: a strategy has the same colour and dash in every figure."""

from __future__ import annotations

import plotly.io as pio

from kit import plots, sim
from kit.explore import explore
from kit.plots.style import BACKGROUNDS, contrast_ratio, style_problems, styles_for
from kit.sim.sweep import sweep

from .conftest import SMALL


def _small_grid():
    return sweep(
        sim.Scenario(**SMALL),
        x=("reach", [0.06]),
        y=("p_ad", [0.01, 0.05]),
        metrics=["customers"],
        progress=False,
    )


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
    grid = _small_grid()
    for t in plots.sweep_winner(grid).data[1:]:
        if t.name not in ("tie", "cell labels"):
            assert t.marker.color == plots.STRATEGY_COLOURS[t.name.split(" = ")[1].split()[0]]


def test_custom_strategies_get_distinct_colours_and_dashes():
    df = sim.compare([(0.5, 0.0, 0.5), (0.2, 0.3, 0.5)], population=2_000, weeks=5)
    fig = plots.over_time(df, "customers")
    assert len({t.line.dash for t in fig.data}) == 2
    assert len({t.line.color for t in fig.data}) == 2
    assert fig.data[0].line.color == plots.STRATEGY_COLOURS["custom"]
    assert style_problems(fig) == []


def test_a_run_the_learner_names_differs_from_every_preset_beside_it():
    # Lesson 04 names a custom run "robot" beside relationship (blue, solid): it must get
    # neither blue nor solid, and two such runs must differ from each other too.
    for others in (["relationship"], ["broadcast", "relationship"], list(plots.STRATEGY_DASHES)):
        st = styles_for([*others, "robot", "my plan", "custom 0.1/0.2/0.7"])
        pairs = {(s["colour"], s["dash"]) for s in st.values()}
        assert len(pairs) == len(st)
        for preset in others:
            for mine in ("robot", "my plan"):
                assert st[mine]["colour"] != st[preset]["colour"] or len(others) >= 5
                assert st[mine]["dash"] != st[preset]["dash"] or len(others) >= 6
    st = styles_for(["relationship", "robot"])
    assert st["robot"]["colour"] != st["relationship"]["colour"]
    assert st["robot"]["dash"] != st["relationship"]["dash"]
    # many lines: colours and dashes run out, but never a repeated pair
    many = styles_for([f"run {i}" for i in range(30)])
    assert len({(s["colour"], s["dash"]) for s in many.values()}) == 30


def test_every_colour_has_3_to_1_contrast_on_both_themes():
    colours = {*plots.OKABE_ITO.values(), *plots.STRATEGY_COLOURS.values()}
    colours |= set(plots.SOURCE_COLOURS.values())
    for colour in colours:
        for theme, bg in BACKGROUNDS.items():
            assert contrast_ratio(colour, bg) >= 3.0, (colour, theme)
    # the check itself: Okabe & Ito's original orange is too light for white
    assert contrast_ratio("#E69F00", "#FFFFFF") < 3.0
    assert style_problems({"data": [{"name": "a", "line": {"color": "#E69F00"}}]})


def test_every_kit_figure_keeps_lines_apart(two, four):
    robot = sim.compare(
        ["broadcast", "relationship", sim.Scenario(strategy=(0.2, 0.3, 0.5))], **SMALL
    ).replace({"strategy": {"custom 0.2/0.3/0.5": "robot"}})
    runs = sim.ensemble(sim.Scenario.preset("balanced", population=2_000, weeks=10), reps=2)
    grid = _small_grid()
    figs = {
        "over_time four": plots.over_time(four, ["customers", "followers"]),
        "over_time robot": plots.over_time(robot, "customers"),
        "sales_sources": plots.sales_sources(two),
        "band": plots.band(runs.assign(strategy="balanced"), "customers"),
        "sweep_winner": plots.sweep_winner(grid),
        "celebrities": plots.celebrities(),
        "dunbar_layers": plots.dunbar_layers(),
        "network": plots.network(
            sim.final_state(sim.Scenario.preset("relationship", **SMALL)), people=60
        ),
        "explorer": explore(["relationship", "broadcast"], sliders=["hours"], **SMALL).figure,
    }
    for name, fig in figs.items():
        assert style_problems(fig) == [], name


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
