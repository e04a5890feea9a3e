"""One look for every figure: the palette, the line styles and the ``kit`` plotly template.

Colours are Okabe & Ito's colour-blind-safe hues (Okabe & Ito 2008, "Color Universal Design"),
with the three light ones (orange, sky blue, yellow) darkened so that every colour keeps at
least 3:1 contrast against both JupyterLab backgrounds (:data:`BACKGROUNDS`). Each strategy
keeps one colour, one dash and one marker in every figure; lines a learner names or builds
get a colour and a dash that no other line of the same figure has (:func:`styles_for`), so
two lines can always be told apart by colour *and* by dash. :func:`style_problems` checks a
figure for both rules. The template has transparent backgrounds, a mid-grey text colour and
a translucent grey grid, so the same figure reads on JupyterLab's light and dark themes
(plotly cannot follow the JupyterLab theme by itself: the kit's stylesheet gives text drawn
in :data:`TEXT_GREY` the theme's text colour, see :mod:`kit.plots.figure`).

Examples
--------
>>> STRATEGY_COLOURS["relationship"]
'#0072B2'
>>> strategy_style("broadcast")["dash"]
'dash'
>>> styles_for(["relationship", "robot"])["robot"]["dash"] != "solid"
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from kit import palette
from kit.sim.outputs import OUTPUTS

#: The backgrounds figures sit on: JupyterLab's light theme and its dark theme
#: (``--jp-layout-color0``, the notebook's background there).
BACKGROUNDS: dict[str, str] = {"light": "#FFFFFF", "dark": "#111111"}

#: The least contrast a line's colour keeps against each background (WCAG's ratio for
#: graphics, SC 1.4.11).
MIN_CONTRAST = 3.0

#: Okabe-Ito colours by name, defined once in :mod:`kit.palette` (plain data, no plotly).
OKABE_ITO = palette.OKABE_ITO

#: One fixed colour per strategy, each with at least 3:1 contrast on both backgrounds.
#: ``custom`` is the first colour of a line that is not a preset (a learner's own mix).
STRATEGY_COLOURS: dict[str, str] = {
    "broadcast": OKABE_ITO["vermillion"],
    "acquainting": OKABE_ITO["orange"],
    "relationship": OKABE_ITO["blue"],
    "balanced": OKABE_ITO["bluish_green"],
    "celebrity": OKABE_ITO["reddish_purple"],
    "custom": OKABE_ITO["yellow"],
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
#: Where a sale came from, in a few words (each ``sales_*`` output's ``source``).
SOURCE_LABELS: dict[str, str] = {name: o.source for name, o in OUTPUTS.items() if o.source}

#: Neutral colours for text, grid and "other" marks. No grey reaches 4.5:1 (WCAG AA for text)
#: on both white and #111, so in JupyterLab text in this grey takes the theme's text colour
#: (``kit/plots/static/figure.css``, matched by this exact colour); elsewhere (an exported
#: image, usually seen on white) it has 4.95:1 on white, and 3.8:1 on #111 as a mark.
TEXT_GREY = "#707070"
GRID_GREY = "rgba(128, 128, 128, 0.28)"
LINE_GREY = "rgba(128, 128, 128, 0.75)"

#: Plain-word axis labels for every simulator output (:data:`kit.sim.outputs.OUTPUTS`).
METRIC_LABELS: dict[str, str] = {name: o.label for name, o in OUTPUTS.items()}

TEMPLATE_NAME = "kit"

_EXTRA_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")

#: Colours for lines that are not presets, in the order they are handed out; after these,
#: any strategy colour the figure does not use.
_EXTRA_COLOURS = (OKABE_ITO["yellow"], OKABE_ITO["sky_blue"])


def strategy_style(label: str, index: int = 0) -> dict[str, str]:
    """Return the colour, dash and marker of a strategy label.

    Parameters
    ----------
    label : str
        A preset name, or any other label (``kit.sim.compare`` labels explicit shares
        ``"custom 0.3/0.3/0.4"``; a learner may name a run ``"robot"``).
    index : int
        The position of the label among the non-preset labels of one figure. Alone, a
        non-preset label gets the ``custom`` colour and a dash picked by ``index``; in a
        figure, use :func:`styles_for`, which also keeps clear of the presets' styles.

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
    """Styles for the strategy labels of one figure: no two share a colour or a dash.

    Presets keep their own style. Every other label (a custom mix, a run the learner
    named) gets the first colour and the first dash that no other line of the figure has,
    so a run called ``"robot"`` beside ``"relationship"`` is neither blue nor solid. Only
    when a figure has more lines than there are colours (or dashes) is one reused, and
    then never together with the same dash.

    Examples
    --------
    >>> st = styles_for(["broadcast", "relationship", "robot", "custom 0.2/0.3/0.5"])
    >>> len({(s["colour"]) for s in st.values()}), len({s["dash"] for s in st.values()})
    (4, 4)
    """
    labels = list(dict.fromkeys(labels))
    out = {label: strategy_style(label) for label in labels if label in STRATEGY_COLOURS}
    colours = [*_EXTRA_COLOURS, *STRATEGY_COLOURS.values()]
    colours = list(dict.fromkeys(colours))
    pairs = {(s["colour"], s["dash"]) for s in out.values()}
    for index, label in enumerate(x for x in labels if x not in STRATEGY_COLOURS):
        used_colours = {s["colour"] for s in out.values()}
        used_dashes = {s["dash"] for s in out.values()}
        free_colours = [c for c in colours if c not in used_colours] or colours
        free_dashes = [d for d in _EXTRA_DASHES if d not in used_dashes] or list(_EXTRA_DASHES)
        choice = next(
            (c, d)
            for d in [*free_dashes, *_EXTRA_DASHES]
            for c in [*free_colours, *colours]
            if (c, d) not in pairs
        )
        pairs.add(choice)
        style = strategy_style(label, index)
        out[label] = {**style, "colour": choice[0], "dash": choice[1]}
    return {label: out[label] for label in labels}


_ALL_COLOURS = tuple(dict.fromkeys([*OKABE_ITO.values(), TEXT_GREY]))


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of ``#RRGGBB`` (0 for black, 1 for white)."""
    r, g, b = (_channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white).

    Examples
    --------
    >>> round(contrast_ratio("#0072B2", BACKGROUNDS["light"]), 1)
    5.2
    """
    hi, lo = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def label_colour(background: str) -> str:
    """Black or white, whichever has more contrast on ``background``: the colour of a label
    written on a coloured cell or bar.

    Examples
    --------
    >>> label_colour("#D55E00"), label_colour("#0072B2")
    ('#000000', '#FFFFFF')
    """
    black, white = "#000000", "#FFFFFF"
    on_black, on_white = contrast_ratio(black, background), contrast_ratio(white, background)
    return black if on_black >= on_white else white


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.strip()
    if c.startswith("rgb"):
        parts = c[c.index("(") + 1 : c.index(")")].split(",")
        return tuple(round(float(v)) for v in parts[:3])  # type: ignore[return-value]
    c = c.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    return tuple(int(c[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _channel(value: int) -> float:
    v = value / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _opaque(colour: str) -> bool:
    c = colour.replace(" ", "")
    return not c.startswith("rgba(") or c.endswith(",1)") or c.endswith(",1.0)")


def trace_styles(figure: Any) -> list[dict[str, Any]]:
    """What tells each visible line or marker set of a figure apart: name, colour, dash.

    ``figure`` is a plotly figure or its dict/JSON form (``fig.to_dict()``, or the
    ``data`` a browser holds). Traces with no visible line and no markers (the invisible
    edges of a band) are left out; so are filled areas, whose colour is translucent.
    Marker-only traces report their marker symbol in place of a dash; bars and stacked areas
    their fill pattern. Legend keys of a heatmap (``meta={"legend_key": ...}``) are left out:
    the cells carry the strategy's initial as the second cue.
    """
    data = figure["data"] if isinstance(figure, dict) else figure.to_dict()["data"]
    out = []
    for i, trace in enumerate(data):
        kind = trace.get("type", "scatter")
        name = trace.get("name") or f"trace {i}"
        if trace.get("visible") in (False, "legendonly"):
            continue
        if isinstance(trace.get("meta"), dict) and trace["meta"].get("legend_key"):
            continue  # a legend key for heatmap cells, whose second cue is a letter
        if kind in ("scatter", "scattergl"):
            mode = trace.get("mode") or "lines"
            line = trace.get("line") or {}
            marker = trace.get("marker") or {}
            filled = trace.get("stackgroup") or trace.get("fill") not in (None, "none")
            if "lines" in mode and line.get("width", 2) != 0 and isinstance(line.get("color"), str):
                dash = line.get("dash") or "solid"
                if filled:  # a stacked area: its fill pattern is the second cue
                    dash = f"area {(trace.get('fillpattern') or {}).get('shape') or 'plain'}"
                out.append({"name": name, "colour": line["color"], "dash": dash})
            elif "markers" in mode and isinstance(marker.get("color"), str):
                symbol = marker.get("symbol") or "circle"
                out.append({"name": name, "colour": marker["color"], "dash": f"marker {symbol}"})
        elif kind == "bar":
            marker = trace.get("marker") or {}
            if isinstance(marker.get("color"), str):
                pattern = (marker.get("pattern") or {}).get("shape") or ""
                out.append({"name": name, "colour": marker["color"], "dash": f"bar {pattern}"})
    return out


def style_problems(
    figure: Any, backgrounds: Iterable[str] = tuple(BACKGROUNDS.values())
) -> list[str]:
    """Sentences naming every two lines that share a colour or a dash, and every colour with
    less than :data:`MIN_CONTRAST` against a background; empty when the figure is fine.

    Lines must differ in colour *and* in dash, so that either cue alone tells them apart.
    A dash may repeat only in a figure with more lines than there are dashes (6); a colour
    only with more lines than the palette has colours (8). Traces with the same name are one
    strategy drawn in several panels and may share a style. Translucent colours (fills,
    halos) are not checked for contrast.

    Examples
    --------
    >>> style_problems({"data": [{"name": "a", "line": {"color": "#0072B2"}},
    ...                          {"name": "b", "line": {"color": "#0072B2", "dash": "dot"}}]})
    ['a and b share colour #0072B2']
    """
    problems = []
    styles = trace_styles(figure)
    names = {st["name"] for st in styles}
    by_colour: dict[str, str] = {}
    by_dash: dict[str, str] = {}
    for st in styles:
        colour = st["colour"].replace(" ", "").upper()
        other = by_colour.setdefault(colour, st["name"])
        if other != st["name"] and len(names) <= len(_ALL_COLOURS):
            problems.append(f"{other} and {st['name']} share colour {st['colour']}")
        other = by_dash.setdefault(st["dash"], st["name"])
        if other != st["name"] and len(names) <= len(_EXTRA_DASHES):
            problems.append(f"{other} and {st['name']} share dash {st['dash']}")
        if _opaque(st["colour"]):
            for bg in backgrounds:
                ratio = contrast_ratio(st["colour"], bg)
                if ratio < MIN_CONTRAST:
                    problems.append(
                        f"{st['name']}: colour {st['colour']} has {ratio:.2f}:1 contrast on {bg}"
                        f" (needs {MIN_CONTRAST:g}:1)"
                    )
    return list(dict.fromkeys(problems))


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


#: The narrowest a figure is drawn, in px: a notebook cell at 1024x768 with JupyterLab's file
#: browser open is about 590 px wide. Titles and notes are wrapped to fit it (plotly does not
#: wrap text itself), so no line runs past the figure's edge at any width a learner uses.
NARROWEST = 580

#: The average width of a character as a share of the font size: 0.6 holds for the kit's
#: fonts and for DejaVu Sans, the widest fallback (Linux without Open Sans or Arial).
CHAR_EM = 0.6

#: Height of one line of text as a share of the font size.
LINE_EM = 1.35

#: How far a source note starts right of the figure's left edge, at most: the y axis's
#: ticks and title, or a bar chart's category labels.
_NOTE_INDENT = 170

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def wrap(text: str, width: float, size: float) -> str:
    """``text`` with ``<br>`` between words wherever a line would pass ``width`` px.

    ``size`` is the font size in px (a character is about :data:`CHAR_EM` of it wide).
    Line breaks already in the text stay; tags (``<b>``) take no room; a word longer than a
    line stands alone on its line.

    Examples
    --------
    >>> wrap("What would make broadcast beat your design on customers so far", 300, 18)
    'What would make broadcast<br>beat your design on<br>customers so far'
    >>> wrap("short<br>lines stay", 300, 18)
    'short<br>lines stay'
    """
    per_line = max(8, int(width / (CHAR_EM * size)))
    out = []
    for part in _BR.split(str(text)):
        line, used = [], 0
        for word in part.split(" "):
            n = len(_TAG.sub("", word))
            if line and used + 1 + n > per_line:
                out.append(" ".join(line))
                line, used = [], 0
            used += n + (1 if line else 0)
            line.append(word)
        out.append(" ".join(line))
    return "<br>".join(out)


def _lines(text: str) -> int:
    return len(_BR.split(str(text))) if text else 0


def fit_text(fig: go.Figure) -> go.Figure:
    """Make ``fig``'s title and notes fit a figure :data:`NARROWEST` px wide, in place.

    The title is wrapped and moved to the figure's top left corner (it may use the whole
    width, not only the plot's); source notes (:func:`source_note`) are wrapped; the top and
    bottom margins (and the figure's height, if set) grow to hold the lines they now have,
    and a legend laid out above the plot. Returns ``fig``.

    Examples
    --------
    >>> fig = fit_text(go.Figure(layout={"title": {"text": "A " * 60}, "template": "kit"}))
    >>> fig.layout.title.text.count("<br>"), fig.layout.margin.t
    (2, 115)
    """
    layout = fig.layout
    template = pio.templates[TEMPLATE_NAME].layout
    margin = {
        side: getattr(layout.margin, side) or getattr(template.margin, side) or 0
        for side in ("t", "b")
    }
    top, bottom = margin["t"], margin["b"]
    title = layout.title.text
    if title:
        size = layout.title.font.size or template.title.font.size or 18
        text = wrap(title, NARROWEST - 24, size)
        lines = _lines(text)
        # plotly starts a title of several lines about a line's leading higher than one of
        # one line (measured in Chromium: 13 px at 18 px), past the figure's top edge
        pad = 12 + (round(0.75 * size) if lines > 1 else 0)
        layout.title.update(
            text=text,
            xref="container",
            x=0,
            xanchor="left",
            yref="container",
            y=1,
            yanchor="top",
            pad={"l": 12, "t": pad},
        )
        legend = layout.legend
        above = legend.orientation == "h" and legend.y is not None and legend.y >= 1
        top = max(top, pad + round(lines * LINE_EM * size) + 16 + (34 if above else 0))
    for note in layout.annotations:
        if note.name != "source note":
            continue
        size = note.font.size or 11
        note.text = wrap(note.text, NARROWEST - _NOTE_INDENT, size)
        needed = abs(note.yshift or 0) + round(_lines(note.text) * LINE_EM * size) + 24
        bottom = max(bottom, needed)
    grow = (top - margin["t"]) + (bottom - margin["b"])
    if grow:
        layout.margin.update(t=top, b=bottom)
        if layout.height:
            layout.height += grow
    return fig


def source_note(text: str) -> dict:
    """A small left-aligned note under the plot, e.g. the data's sources.

    :func:`fit_text` (run on every kit figure) wraps it and gives it room under the plot.
    """
    return {
        "name": "source note",
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
