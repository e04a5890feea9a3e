"""What would flip it, ranked: the table of :func:`kit.sim.flip_analysis` as one bar chart.

Each bar is a parameter and a direction that reverses the comparison: its length is how far
the parameter had to move (per cent of its default), its colour the strategy that then wins,
and its text the change and how many seeds agree. Solid bars flip within the range a
reasonable reader might defend (the field's ``assumed_range``); hatched, pale bars only
beyond it. The figure only draws; the numbers come from the table.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from kit.plots import summary as summaries
from kit.plots.figure import KitFigure, described
from kit.plots.style import (
    CHAR_EM,
    NARROWEST,
    TEMPLATE_NAME,
    metric_label,
    rgba,
    source_note,
    strategy_style,
)
from kit.sim.flip import COLUMNS
from kit.sim.labels import plain_label, say_number, say_value

ARROWS = {"up": "↑", "down": "↓"}


_TEXT_SIZE = 12  # the text beside each bar, px


def flip_ranking(
    table: pd.DataFrame, title: str | None = None, top: int | None = None
) -> KitFigure:
    """Rank the parameters by how small a change reverses the winner.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`kit.sim.flip_analysis`.
    title : str, optional
        The figure's title; by default it names the two strategies and the metric.
    top : int, optional
        Show only the ``top`` smallest changes.

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal bars, smallest change at the top, in two traces: flips within the
        assumed range and flips beyond it. ``customdata`` holds, per bar, the parameter,
        the direction, the default, the flip value and the seeds that agree. Parameters
        that flip from a default of 0 (no per cent change) are listed in a note, as are
        the parameter directions that did not flip.

    Examples
    --------
    >>> from kit import sim
    >>> t = sim.flip_analysis("relationship", "broadcast", params=["tolerance"], reps=2,
    ...                       population=2_000, weeks=52, seed=1)
    >>> fig = flip_ranking(t)
    >>> [trace.type for trace in fig.data]
    ['bar', 'bar']
    """
    if not isinstance(table, pd.DataFrame) or "flip" not in table.attrs:
        raise TypeError("flip_ranking() takes the table of kit.sim.flip_analysis")
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"table: columns {missing} are missing; pass flip_analysis's table whole")
    info = table.attrs["flip"]
    found = table[table["found"]]
    ranked = found[found["relative_change"].notna()].copy()
    ranked["size"] = ranked["relative_change"].abs() * 100
    ranked = ranked.sort_values("size", kind="stable")
    if top is not None:
        ranked = ranked.head(top)
    a_wins = info["winner"] == info["a"]
    loser = info["b"] if a_wins else info["a"]
    means = (info["a_mean"], info["b_mean"]) if a_wins else (info["b_mean"], info["a_mean"])
    colour = strategy_style(loser)["colour"]

    fig = go.Figure()
    for within, name, opacity, pattern in (
        (True, "flips within the assumed range", 1.0, ""),
        (False, "flips only beyond it", 0.45, "/"),
    ):
        inside = ranked["within_assumed"].eq(True)
        part = ranked[inside if within else ~inside]
        fig.add_bar(
            name=name,
            orientation="h",
            x=part["size"],
            y=[_label(row) for row in part.to_dict("records")],
            text=[_text(row) for row in part.to_dict("records")],
            textposition="outside",
            textfont={"size": _TEXT_SIZE},
            cliponaxis=False,
            marker={
                "color": rgba(colour, opacity),
                "line": {"color": colour, "width": 1.5},
                "pattern": {"shape": pattern},
            },
            customdata=part[["parameter", "direction", "default", "flip_value", "seeds_agreeing"]]
            .assign(parameter=part["parameter"].map(plain_label))
            .to_numpy(),
            hovertemplate=(
                "%{customdata[0]} %{customdata[1]}: %{customdata[2]:.4g} → %{customdata[3]:.4g}"
                "<br>change %{x:.0f}%<br>%{customdata[4]} of "
                f"{info['reps']} seeds agree<extra></extra>"
            ),
        )
    order = [_label(row) for row in ranked.to_dict("records")]
    notes = []
    from_zero = found[found["relative_change"].isna()]
    if len(from_zero):
        notes.append(
            "Also flips from a default of 0: "
            + ", ".join(
                f"{plain_label(r['parameter'])} at {say_value(r['parameter'], r['flip_value'])}"
                for r in from_zero.to_dict("records")
            )
        )
    unflipped = table[~table["found"]]
    notes.append(
        f"{len(unflipped)} parameter directions did not flip within their ranges. At the "
        f"defaults: {info['winner']} {say_number(means[0])} against {loser} {say_number(means[1])} "
        f"(mean of {info['reps']} seeds, week {info['week']})."
    )
    what = metric_label(info["metric"]).lower()
    fig.update_layout(
        template=TEMPLATE_NAME,
        title=title or f"What would make {loser} beat {info['winner']} on {what}",
        xaxis={
            "title": "change needed, % of the default",
            # room for the text beside every bar, in a figure as narrow as a cell gets
            "range": [0, _room(ranked)],
        },
        # dtick 1: every bar keeps its label (plotly otherwise drops every other one when
        # two-line labels are closer than their height)
        yaxis={
            "categoryorder": "array",
            "categoryarray": order[::-1],
            "automargin": True,
            "dtick": 1,
        },
        barmode="overlay",
        height=max(260, 80 + 40 * len(ranked)),
        margin={"b": 110},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        annotations=[source_note("<br>".join(notes))],
    )
    rows = ranked.to_dict("records")
    said = summaries.flips(
        [_label(r) for r in rows], [_text(r) for r in rows], info["winner"], loser, info["metric"]
    )
    return described(fig, f"{said} {notes[-1]}")


def _label(row: dict) -> str:
    return f"{plain_label(row['parameter'])} {ARROWS.get(row['direction'], '')}"


def _room(ranked: pd.DataFrame) -> float:
    """The x axis's end: every bar's text (drawn beside it) ends inside the plot, in a
    figure :data:`kit.plots.style.NARROWEST` px wide (the plot about 200 px less)."""
    if not len(ranked):
        return 100.0
    plot = NARROWEST - 200
    ends = [
        float(row["size"]) / max(0.3, 1 - len(_text(row)) * CHAR_EM * _TEXT_SIZE / plot)
        for row in ranked.to_dict("records")
    ]
    return max(1.15 * float(ranked["size"].max()), *ends)


def _text(row: dict) -> str:
    name, value = row["parameter"], row["flip_value"]
    shown = say_value(name, value) if not math.isnan(value) else "?"
    was = say_value(name, row["default"])
    return f"{was} → {shown} ({row['seeds_agreeing']}/{row['reps']} seeds)"
