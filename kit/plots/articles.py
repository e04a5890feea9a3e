"""Figures of the numbers in the articles and the literature (data in ``data/``, with sources)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kit.plots.figure import KitFigure, described
from kit.plots.style import (
    GRID_GREY,
    OKABE_ITO,
    STRATEGY_COLOURS,
    TEMPLATE_NAME,
    TEXT_GREY,
    rgba,
    source_note,
    wrap,
)


def load_csv(name: str) -> pd.DataFrame:
    """Read one of the kit's data tables (``data/<name>``), wherever the kit is installed."""
    from kit.data import data_path

    return pd.read_csv(data_path(name))


def _sources(frame: pd.DataFrame) -> str:
    return "Sources: " + "<br>".join(dict.fromkeys(frame["source"]))


def celebrities() -> KitFigure:
    """The celebrity picture: followers against people followed, on log axes.

    Reads ``data/celebrities.csv`` (figures from the article "Social ME-dia vs Social
    Networking") and draws each celebrity, the line where following equals followers (a
    network of two-way ties) and the article's average Twitter account (200 plus followers,
    from ``data/network_sizes.csv``).

    Returns
    -------
    plotly.graph_objects.Figure
        The first trace holds the celebrities: ``x`` is following, ``y`` followers.

    Examples
    --------
    >>> fig = celebrities()
    >>> sorted(fig.data[0].text)
    ['Ashton Kutcher', 'Oprah', 'Tiger Woods']
    """
    celebs = load_csv("celebrities.csv")
    sizes = load_csv("network_sizes.csv")
    twitter = sizes[sizes["name"].str.startswith("Twitter account")]
    colour = STRATEGY_COLOURS["celebrity"]
    ratio = celebs["followers"] / celebs["following"]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=celebs["following"],
            y=celebs["followers"],
            mode="markers+text",
            text=list(celebs["name"]),
            textposition="middle right",
            textfont={"size": 14},
            marker={"symbol": "star", "size": 20, "color": colour},
            name="celebrities on Twitter",
            customdata=np.column_stack([celebs["following_note"], ratio, celebs["source"]]),
            hovertemplate=(
                "%{text}<br>%{y:,} followers, %{customdata[0]}"
                "<br>%{customdata[1]:,.0f} followers per person followed"
                "<br>source: %{customdata[2]}<extra></extra>"
            ),
        )
    )
    line = np.array([1, 1e8])
    fig.add_trace(
        go.Scatter(
            x=line,
            y=line,
            mode="lines",
            line={"color": TEXT_GREY, "dash": "dash", "width": 1.5},
            name="follows as many as follow them (two-way ties)",
            hoverinfo="skip",
        )
    )
    if len(twitter):
        level = float(twitter["low"].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=[1, 1e5],
                y=[level, level],
                mode="lines",
                line={"color": OKABE_ITO["sky_blue"], "dash": "dot", "width": 2.5},
                name=f"average Twitter account: {level:,.0f}+ followers",
                hovertemplate=f"average Twitter account: {level:,.0f} plus followers"
                "<extra></extra>",
            )
        )
    fig.update_xaxes(type="log", range=[0, 5], title_text="People they follow (log scale)", dtick=1)
    fig.update_yaxes(type="log", range=[1, 8], title_text="Followers (log scale)", dtick=1)
    fig.update_layout(
        template=TEMPLATE_NAME,
        title_text="Social ME-dia: millions follow a celebrity, who follows a few hundred",
        height=520,
        legend={"orientation": "h", "y": -0.22, "x": 0},
        margin={"b": 140},
        annotations=[{**source_note(_sources(celebs)), "yshift": -100}],
    )
    each = "; ".join(
        f"{r['name']}: {r['followers']:,.0f} followers, following {r['following']:,.0f}"
        for r in celebs.to_dict("records")
    )
    said = (
        "Figure: followers against the people they follow, on log scales, from the article. "
        f"{each}: {ratio.min():,.0f} to {ratio.max():,.0f} followers per person followed."
    )
    if len(twitter):
        said += f" The average Twitter account has {float(twitter['low'].iloc[0]):,.0f}+ followers."
    return described(fig, said)


def dunbar_layers() -> KitFigure:
    """Dunbar's layers (5 / 15 / 50 / 150) against the sizes of typical networks.

    Reads ``data/network_sizes.csv``: the layers (Dunbar 1993; Zhou, Sornette, Hill &
    Dunbar 2005) and the sizes the article "Social ME-dia vs Social Networking" gives for
    followers, address books, clients and the people one can know personally in business.
    A range is drawn as a bar from low to high; a figure given as "200 plus" as a point with
    an arrow.

    Returns
    -------
    plotly.graph_objects.Figure
        Trace ``meta`` records the sizes drawn (``{"name": ..., "low": ..., "high": ...}``).

    Examples
    --------
    >>> fig = dunbar_layers()
    >>> [a.text.split("<")[0] for a in fig.layout.annotations if a.name == "layer"]
    ['5', '15', '50', '150']
    """
    sizes = load_csv("network_sizes.csv")
    layers = sizes[sizes["kind"] == "layer"].sort_values("low")
    typical = sizes[sizes["kind"] == "typical"].sort_values(["low", "high"])
    online = typical["name"].str.contains("followers")
    fig = go.Figure()
    # Log axis: the layers grow by a factor of about 3 each (Zhou et al. 2005), so they are
    # evenly spaced and their labels do not collide.
    x_min = 3.0
    x_max = max(800.0, float(typical["high"].max()) * 1.6)
    fig.add_vrect(
        x0=float(layers["low"].max()),
        x1=x_max,
        fillcolor=rgba(TEXT_GREY, 0.08),
        line_width=0,
        layer="below",
    )
    notes = []
    for _, layer in layers.iterrows():
        size = float(layer["low"])
        fig.add_shape(
            type="line",
            x0=size,
            x1=size,
            y0=0,
            y1=1,
            yref="paper",
            line={"color": OKABE_ITO["bluish_green"], "width": 2, "dash": "dash"},
            layer="below",
        )
        notes.append(
            {
                "name": "layer",
                "x": np.log10(size),  # annotations on a log axis take log10 positions
                "y": 1.0,
                "yref": "paper",
                "yanchor": "bottom",
                "xanchor": "center",
                "showarrow": False,
                "text": f"{size:g}<br><span style='font-size:11px'>"
                + layer["name"].split(" (")[0]
                + "</span>",
                # the text in the kit's grey (themed in JupyterLab): green text on white
                # is 3.4:1, under AA's 4.5:1; the green dashed line keeps the colour cue
                "font": {"color": TEXT_GREY, "size": 14},
            }
        )
    for group, mask, colour, symbol in (
        ("online followers (average)", online, OKABE_ITO["blue"], "circle"),
        ("people you know offline", ~online, OKABE_ITO["orange"], "square"),
    ):
        rows = typical[mask]
        first = True
        for _, row in rows.iterrows():
            low, high = float(row["low"]), float(row["high"])
            label = row["name"].replace(": average followers", "")
            if row["open_ended"]:
                x, text = [low, low * 1.35], f"{low:g}+"
                marker = {"symbol": [symbol, "triangle-right"], "size": [13, 11]}
                line = {"color": colour, "width": 3, "dash": "dot"}
            else:
                x, text = [low, high], f"{low:g} to {high:g}"
                marker = {"symbol": symbol, "size": 13}
                line = {"color": colour, "width": 8}
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=[label, label],
                    mode="lines+markers",
                    line=line,
                    marker={**marker, "color": colour},
                    name=group,
                    legendgroup=group,
                    showlegend=first,
                    hovertemplate=f"{label}: {text}<br>source: {row['source']}<extra></extra>",
                    meta={"name": row["name"], "low": low, "high": high},
                )
            )
            # the label stands right of the range, or left of it when the range ends near the
            # axis's right end (lesson 01's "250 to 500" ran past the figure at 1024 px)
            span = np.log10(x_max) - np.log10(x_min)
            near_end = (np.log10(x[-1]) - np.log10(x_min)) / span > 0.8
            fig.add_annotation(
                x=np.log10(x[0] if near_end else x[-1]),
                y=label,
                text=text,
                showarrow=False,
                xanchor="right" if near_end else "left",
                xshift=-10 if near_end else 10,
            )
            first = False
    fig.update_xaxes(
        type="log",
        range=[np.log10(x_min), np.log10(x_max)],
        title_text="Number of people (log scale)",
        gridcolor=GRID_GREY,
        tickvals=[5, 10, 15, 20, 50, 100, 150, 200, 500],
    )
    fig.update_yaxes(title_text=None, showgrid=False)
    fig.update_layout(
        template=TEMPLATE_NAME,
        title={
            "text": "How many people can you really know? Dunbar's layers and typical networks",
            "y": 0.97,
            "yanchor": "top",
        },
        height=560,
        margin={"t": 130, "b": 150},
        legend={"orientation": "h", "y": -0.16, "x": 0},
        annotations=list(fig.layout.annotations)
        + notes
        # the plot starts right of long row names, so the note (which starts where the plot
        # does) gets lines short enough for the room left of it in a 580 px figure
        + [{**source_note(wrap(_sources(sizes), 280, 11)), "yshift": -72}],
    )
    shown = "; ".join(f"{row['name']}: {_size(row)}" for row in typical.to_dict("records"))
    said = (
        "Figure: Dunbar's layers of people one can really know, "
        + ", ".join(f"{float(v):g}" for v in layers["low"])
        + f", against typical networks. {shown}."
    )
    return described(fig, said)


def _size(row: dict) -> str:
    low, high = float(row["low"]), float(row["high"])
    if row["open_ended"]:
        return f"{low:g} or more"
    return f"{low:g}" if low == high else f"{low:g} to {high:g}"
