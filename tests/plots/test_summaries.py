"""Every static figure of kit.plots carries a generated summary (issue 25, outcome 11): what
it shows and its headline numbers, read from the numbers the figure draws; in a notebook it
is shown under the figure and names it for a screen reader."""

from __future__ import annotations

import re

import pytest

from kit import plots, sim
from kit.plots.figure import OUTPUT_METADATA, KitFigure, described, summary_html
from kit.sim.sweep import sweep

SMALL = {"population": 2_000, "weeks": 30, "seed": 1}


@pytest.fixture(scope="module")
def race():
    return sim.compare(["broadcast", "relationship"], **SMALL)


def _no_code_or_markup(text: str) -> None:
    assert text.startswith("Figure")
    assert "<" not in text and "_" not in text, text  # no HTML, no code names
    assert "nan" not in text.lower()


def test_over_time_says_where_each_line_ends_and_the_crossover(race):
    fig = plots.over_time(race, "customers")
    assert isinstance(fig, KitFigure)
    _no_code_or_markup(fig.summary)
    for label, part in race.groupby("strategy"):
        end = f"{label} ends at {part['customers'].iloc[-1]:,.0f}"
        assert end in fig.summary
    assert "weeks 1 to 30" in fig.summary
    # the crossover week the figure marks is the one the summary gives
    both = plots.over_time(race, ["followers", "customers"])
    marks = [a.text for a in both.layout.annotations if "overtakes" in (a.text or "")]
    for mark in marks:
        week = re.search(r"week (\d+)", mark).group(1)
        assert f"In week {week}," in both.summary
    assert both.summary.startswith("Figure in 2 panels")


def test_band_sources_sweep_flip_network_and_articles_have_summaries(race):
    runs = sim.ensemble(sim.Scenario.preset("relationship", **SMALL), reps=3)
    summary = sim.summarise(runs, ["customers"])
    fig = plots.band(summary, "customers")
    last = summary[summary["week"] == summary["week"].max()].iloc[0]
    assert f"over {int(last['runs'])} runs" in fig.summary
    figures = [
        fig,
        plots.sales_sources(race),
        plots.network(sim.final_state(sim.Scenario.preset("relationship", **SMALL)), people=40),
        plots.celebrities(),
        plots.dunbar_layers(),
    ]
    grid = sweep(
        sim.Scenario(**{**SMALL, "weeks": 10}),
        x=("p_ad", [0.01, 0.04]),
        y=("hours", [5, 20]),
        progress=False,
    )
    heat = plots.sweep_winner(grid, "customers")
    figures.append(heat)
    winners = grid.pipe(sim.sweep_winners, "customers")["winner"].value_counts()
    for name, n in winners.items():
        assert f"{name} wins {n} of 4" in heat.summary or name == "tie"
    assert "ad response" in heat.summary  # the slider's words, not p_ad
    flips = sim.flip_analysis(
        "relationship", "broadcast", params=["tolerance"], reps=2, **{**SMALL, "weeks": 52}
    )
    figures.append(plots.flip_ranking(flips))
    for f in figures:
        assert isinstance(f, KitFigure)
        _no_code_or_markup(f.summary)
    assert "Ashton Kutcher: 14,000,000 followers" in figures[3].summary
    assert "5, 15, 50, 150" in figures[4].summary


def test_a_figure_shows_its_summary_under_it_once(monkeypatch, race):
    shown = []
    import plotly.graph_objects as go

    monkeypatch.setattr(go.Figure, "_ipython_display_", lambda fig: shown.append(("figure", fig)))
    monkeypatch.setattr(
        "IPython.display.display", lambda obj, **kw: shown.append(("summary", obj, kw))
    )
    fig = plots.over_time(race, "customers")
    fig._ipython_display_()
    assert [s[0] for s in shown] == ["figure", "summary"]
    _, bundle, kw = shown[1]
    assert kw == {"raw": True, "metadata": OUTPUT_METADATA}
    assert bundle["text/plain"] == fig.summary
    assert 'class="kit-figure-summary"' in bundle["text/html"]
    assert "<style>" in bundle["text/html"] and "<script>" in bundle["text/html"]


def test_the_summary_is_escaped_and_travels_in_the_figures_data():
    import plotly.graph_objects as go

    fig = described(go.Figure(), "Figure: <b>bold</b> & </script>")
    html = summary_html(fig.summary, "kit-figure-summary-7")
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt; &amp;" in html
    assert html.count("</script>") == 1  # the text cannot close the script
    assert fig.to_dict()["layout"]["meta"]["summary"] == fig.summary
    assert described(fig, "Figure: again.") is fig  # already a KitFigure: not copied


def test_the_site_shows_the_summary_from_the_figure_and_skips_its_output(race):
    import json

    from kit.site.render import PLOTLY, Renderer

    fig = plots.over_time(race, "customers")
    r = Renderer("t")
    page = r.output({"output_type": "display_data", "data": {PLOTLY: json.loads(fig.to_json())}})
    assert 'role="figure"' in page and "kit-figure-summary" in page
    assert fig.summary.split(".")[0] in page
    summary_output = {
        "output_type": "display_data",
        "data": {"text/html": "<p>...</p>", "text/plain": fig.summary},
        "metadata": OUTPUT_METADATA,
    }
    assert r.output(summary_output) == ""
