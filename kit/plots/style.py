"""One look for every figure: the palette, the line styles and the ``kit`` plotly template.

Colours are Okabe & Ito's colour-blind-safe set (Okabe & Ito 2008, "Color Universal Design").
Each strategy keeps one colour, one dash and one marker in every figure, so a learner who
cannot tell two colours apart can still tell the lines apart. The template has transparent
backgrounds, a mid-grey text colour and a translucent grey grid, so the same figure reads on
JupyterLab's light and dark themes (plotly cannot follow the JupyterLab theme by itself).

Examples
--------
>>> STRATEGY_COLOURS["relationship"]
'#0072B2'
>>> strategy_style("broadcast")["dash"]
'dash'
"""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go
import plotly.io as pio

#: Okabe-Ito colours by name (black is left out: it vanishes on a dark background).
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: One fixed colour per strategy. The four most used strategies get the four Okabe-Ito
#: colours with at least 3:1 contrast on both white and JupyterLab's dark background.
STRATEGY_COLOURS: dict[str, str] = {
    "broadcast": OKABE_ITO["vermillion"],
    "acquainting": OKABE_ITO["orange"],
    "relationship": OKABE_ITO["blue"],
    "balanced": OKABE_ITO["bluish_green"],
    "celebrity": OKABE_ITO["reddish_purple"],
    "custom": OKABE_ITO["sky_blue"],
}

#: One line dash per strategy (plotly dash names), so lines differ without colour.
STRATEGY_DASHES: dict[str, str] = {
    "broadcast": "dash",
    "acquainting": "dot",
    "relationship": "solid",
    "balanced": "dashdot",
    "celebrity": "longdash",
    "custom": "longdashdot",
}

#: One marker symbol per strategy (plotly symbol names).
STRATEGY_MARKERS: dict[str, str] = {
    "broadcast": "square",
    "acquainting": "triangle-up",
    "relationship": "circle",
    "balanced": "diamond",
    "celebrity": "star",
    "custom": "x",
}

#: Where a sale came from (the ``sales_*`` columns), coloured like the strategy that relies
#: on it, with a fill pattern as a second cue.
SOURCE_COLOURS: dict[str, str] = {
    "sales_ad": STRATEGY_COLOURS["broadcast"],
    "sales_relationship": STRATEGY_COLOURS["relationship"],
    "sales_referral": OKABE_ITO["bluish_green"],
}
SOURCE_PATTERNS: dict[str, str] = {"sales_ad": "/", "sales_relationship": "", "sales_referral": "."}
SOURCE_LABELS: dict[str, str] = {
    "sales_ad": "ads",
    "sales_relationship": "relationships",
    "sales_referral": "referrals (word of mouth)",
}

#: Neutral colours for text, grid and "other" marks; mid-grey reads on white and on #111.
TEXT_GREY = "#808080"
GRID_GREY = "rgba(128, 128, 128, 0.28)"
LINE_GREY = "rgba(128, 128, 128, 0.75)"

#: Plain-word axis labels for every simulator output.
METRIC_LABELS: dict[str, str] = {
    "week": "Week",
    "followers": "Followers",
    "new_followers": "New followers this week",
    "unfollows": "Unfollows this week",
    "aware": "People who know the seller",
    "customers": "Customers so far",
    "new_customers": "New customers this week",
    "sales_ad": "Sales from ads this week",
    "sales_relationship": "Sales from relationships this week",
    "sales_referral": "Sales from referrals this week",
    "mean_trust": "Mean trust of followers (0 to 1)",
    "strong_ties": "Strong ties (tie above 0.5)",
    "allies": "Allies (strong tie and trust above 0.6)",
    "hours_post": "Hours posting per week",
    "hours_connect": "Hours connecting per week",
    "hours_engage": "Hours engaging per week",
    "exposures": "Post views this week",
    "hours_per_customer": "Hours per customer so far",
}

TEMPLATE_NAME = "kit"

_EXTRA_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")


def strategy_style(label: str, index: int = 0) -> dict[str, str]:
    """Return the colour, dash and marker of a strategy label.

    Parameters
    ----------
    label : str
        A preset name, or any other label (``kit.sim.compare`` labels explicit shares
        ``"custom 0.3/0.3/0.4"``): those share the ``custom`` colour.
    index : int
        The position of the label among the non-preset labels of one figure; it picks a
        different dash for each, so several custom strategies stay distinguishable.

    Returns
    -------
    dict
        Keys ``colour``, ``dash`` and ``marker``.

    Examples
    --------
    >>> strategy_style("relationship")
    {'colour': '#0072B2', 'dash': 'solid', 'marker': 'circle'}
    """
    if label in STRATEGY_COLOURS:
        return {
            "colour": STRATEGY_COLOURS[label],
            "dash": STRATEGY_DASHES[label],
            "marker": STRATEGY_MARKERS[label],
        }
    return {
        "colour": STRATEGY_COLOURS["custom"],
        "dash": _EXTRA_DASHES[index % len(_EXTRA_DASHES)],
        "marker": STRATEGY_MARKERS["custom"],
    }


def styles_for(labels: Iterable[str]) -> dict[str, dict[str, str]]:
    """Styles for the strategy labels of one figure (custom labels get distinct dashes)."""
    out, extra = {}, 0
    for label in labels:
        if label in out:
            continue
        out[label] = strategy_style(label, extra)
        if label not in STRATEGY_COLOURS:
            extra += 1
    return out


def metric_label(metric: str) -> str:
    """The plain-word label of an output column (the column name if it has none)."""
    return METRIC_LABELS.get(metric, metric.replace("_", " ").capitalize())


def rgba(colour: str, alpha: float) -> str:
    """``#RRGGBB`` as a CSS ``rgba(...)`` string with the given opacity."""
    c = colour.lstrip("#")
    r, g, b = (int(c[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {alpha:g})"


def _axis() -> dict:
    return {
        "gridcolor": GRID_GREY,
        "zerolinecolor": GRID_GREY,
        "linecolor": LINE_GREY,
        "showline": True,
        "ticks": "outside",
        "tickcolor": LINE_GREY,
        "title": {"standoff": 8},
        "automargin": True,
    }


def _template() -> go.layout.Template:
    return go.layout.Template(
        layout={
            "font": {
                "family": "Open Sans, Helvetica Neue, Arial, sans-serif",
                "size": 14,
                "color": TEXT_GREY,
            },
            "title": {"x": 0.0, "xanchor": "left", "xref": "paper", "font": {"size": 18}},
            "paper_bgcolor": "rgba(0, 0, 0, 0)",
            "plot_bgcolor": "rgba(0, 0, 0, 0)",
            "colorway": list(STRATEGY_COLOURS.values()),
            "xaxis": _axis(),
            "yaxis": _axis(),
            "legend": {"bgcolor": "rgba(0, 0, 0, 0)", "font": {"size": 13}},
            "hoverlabel": {"font": {"size": 13}},
            "hovermode": "closest",
            "margin": {"l": 70, "r": 30, "t": 70, "b": 60},
        },
        data={"scatter": [go.Scatter(line={"width": 3})]},
    )


def register_template() -> str:
    """Register the ``kit`` template with plotly (once) and return its name.

    The template is not made plotly's default, so importing the kit leaves other figures
    alone; every kit figure names it explicitly.
    """
    if TEMPLATE_NAME not in pio.templates:
        pio.templates[TEMPLATE_NAME] = _template()
    return TEMPLATE_NAME


def source_note(text: str) -> dict:
    """A small left-aligned note under the plot, e.g. the data's sources."""
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0.0,
        "y": -0.02,
        "yshift": -48,
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "align": "left",
        "font": {"size": 11},
    }


register_template()
