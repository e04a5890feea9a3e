"""Figures of simulation results: curves over time, sales sources, bands and sweeps."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from kit.plots import summary as summaries
from kit.plots.figure import KitFigure, described
from kit.plots.style import (
    SOURCE_COLOURS,
    SOURCE_LABELS,
    SOURCE_PATTERNS,
    TEMPLATE_NAME,
    label_colour,
    metric_label,
    rgba,
    strategy_style,
    styles_for,
)
from kit.sim.analysis import SINGLE, by_strategy, overtakes, sales_summary, sweep_winners
from kit.sim.analysis import check_frame as _check_frame
from kit.sim.rules import SALE_COLUMNS

SOURCES = SALE_COLUMNS


# ----------------------------------------------------------------------------- helpers
def crossover_marks(
    frames: dict[str, pd.DataFrame], metric: str, xref: str = "x", yref: str = "y"
) -> tuple[list[dict], list[dict]]:
    """Shapes and annotations marking when the final leader overtook each other strategy
    (the weeks of :func:`kit.sim.analysis.overtakes`).

    A label stands right of its line in the first half of the run and left of it in the
    second, so it stays inside the plot (never under the legend); labels are stacked from
    the top, one per line.
    """
    leader, marks = overtakes(frames, metric)
    if leader is None:
        return [], []
    first, last = week_span(frames)
    style = strategy_style(leader)
    shapes, notes = [], []
    domain = f"{yref} domain"
    for i, (week, other) in enumerate(marks):
        shapes.append(
            {
                "type": "line",
                "xref": xref,
                "yref": domain,
                "x0": week,
                "x1": week,
                "y0": 0,
                "y1": 1,
                "line": {"color": style["colour"], "dash": "dot", "width": 2},
            }
        )
        notes.append(
            {
                "xref": xref,
                "yref": domain,
                "x": week,
                "y": 1 - 0.11 * i,
                "xanchor": "left" if week - first <= (last - first) / 2 else "right",
                "yanchor": "top",
                "xshift": 4 if week - first <= (last - first) / 2 else -4,
                "showarrow": False,
                "align": "left",
                "text": f"<b>week {week}</b>: {leader} overtakes {other}",
                "font": {"size": 12},
                "bgcolor": "rgba(128, 128, 128, 0.12)",
                "name": f"crossover {leader} {other}",
            }
        )
    return shapes, notes


def week_span(frames: dict[str, pd.DataFrame]) -> tuple[float, float]:
    """The first and last week of the runs: the x axis ends at the last week, unpadded."""
    weeks = [f["week"] for f in frames.values() if len(f)]
    if not weeks:
        return 0.0, 1.0
    return float(min(w.min() for w in weeks)), float(max(w.max() for w in weeks))


def hover_template(metric: str) -> str:
    """The hover text of a line of ``metric`` over time: strategy, week and the value.

    Shared by :func:`line_traces` and the explorer, which re-labels its lines in place
    when the metric changes.

    Examples
    --------
    >>> hover_template("customers")
    '%{fullData.name}<br>week %{x}<br>Customers so far: %{y:,.4~g}<extra></extra>'
    """
    fmt = ":.3f" if metric == "mean_trust" else ":,.4~g"
    label = metric_label(metric)
    return f"%{{fullData.name}}<br>week %{{x}}<br>{label}: %{{y{fmt}}}<extra></extra>"


def line_traces(frames: dict[str, pd.DataFrame], metric: str, showlegend: bool = True) -> list:
    """One styled line per strategy (the traces :func:`over_time` and the explorer draw)."""
    styles = styles_for(frames)
    traces = []
    for label, frame in frames.items():
        st = styles[label]
        traces.append(
            go.Scatter(
                x=frame["week"].to_numpy(),
                y=frame[metric].to_numpy(dtype=float),
                name=label,
                legendgroup=label,
                showlegend=showlegend,
                mode="lines",
                line={"color": st["colour"], "dash": st["dash"], "width": 3},
                hovertemplate=hover_template(metric),
                meta={"strategy": label, "metric": metric},
            )
        )
    return traces


# ----------------------------------------------------------------------------- figures
def over_time(
    df: pd.DataFrame,
    metric: str | Sequence[str] = "customers",
    *,
    title: str | None = None,
    annotate: bool = True,
) -> KitFigure:
    """Strategies over time: one line per strategy, the crossover week marked.

    Parameters
    ----------
    df : pandas.DataFrame
        Output of :func:`kit.sim.simulate`, :func:`kit.sim.compare` or a stacked
        :func:`kit.sim.ensemble` (runs are averaged week by week).
    metric : str or list of str
        An output column, e.g. ``"customers"``, ``"followers"``, ``"mean_trust"``; a list
        draws small multiples, one panel per metric, sharing the week axis.
    title : str, optional
        The figure's title; a plain-words default otherwise.
    annotate : bool
        Mark the week in which the strategy ahead at the end overtook each other one
        (see :func:`kit.sim.crossover`).

    Returns
    -------
    KitFigure
        A plotly figure with its generated summary (``fig.summary``: where each line ends
        and the crossover weeks), shown under it in a notebook.

    Examples
    --------
    >>> from kit import sim
    >>> df = sim.compare(["broadcast", "relationship"], population=2_000, weeks=20, seed=1)
    >>> fig = over_time(df, "customers")
    >>> [t.name for t in fig.data]
    ['broadcast', 'relationship']
    """
    metrics = [metric] if isinstance(metric, str) else list(metric)
    if not metrics:
        raise ValueError("metric: give a column name such as 'customers', or a list of them")
    _check_frame(df, metrics, "over_time()")
    frames = by_strategy(df, metrics)
    if len(metrics) == 1:
        fig = go.Figure(line_traces(frames, metrics[0]))
        fig.update_yaxes(title_text=metric_label(metrics[0]), rangemode="tozero")
        fig.update_xaxes(title_text="Week", range=list(week_span(frames)))
        if annotate:
            shapes, notes = crossover_marks(frames, metrics[0])
            fig.update_layout(shapes=shapes, annotations=notes)
        default = f"{metric_label(metrics[0])}, week by week"
        height = 440
    else:
        fig = make_subplots(
            rows=len(metrics),
            cols=1,
            shared_xaxes=True,
            vertical_spacing=0.14 / max(1, len(metrics) - 1) + 0.04,
            subplot_titles=[metric_label(m) for m in metrics],
        )
        for i, m in enumerate(metrics, start=1):
            for trace in line_traces(frames, m, showlegend=i == 1):
                fig.add_trace(trace, row=i, col=1)
            fig.update_yaxes(rangemode="tozero", row=i, col=1)
            if annotate:
                suffix = "" if i == 1 else str(i)
                shapes, notes = crossover_marks(frames, m, xref=f"x{suffix}", yref=f"y{suffix}")
                for shape in shapes:
                    fig.add_shape(shape)
                for note in notes:
                    fig.add_annotation(note)
        fig.update_xaxes(title_text="Week", row=len(metrics), col=1)
        fig.update_xaxes(range=list(week_span(frames)))
        # subplot titles are annotations: left-align them like the figure title
        for note in fig.layout.annotations:
            if note.text in {metric_label(m) for m in metrics}:
                note.update(x=0, xanchor="left", font={"size": 14})
        default = "Strategies over time"
        height = 120 + 240 * len(metrics)
    fig.update_layout(
        template=TEMPLATE_NAME,
        title_text=title or default,
        height=height,
        legend={"title": {"text": "Strategy"}},
        hovermode="x unified" if len(frames) > 1 else "closest",
    )
    return described(fig, summaries.lines(frames, metrics))


def sales_sources(
    df: pd.DataFrame, *, cumulative: bool = True, title: str | None = None
) -> KitFigure:
    """Where sales come from: stacked areas of ad, relationship and referral sales.

    Parameters
    ----------
    df : pandas.DataFrame
        Output of :func:`kit.sim.simulate` or :func:`kit.sim.compare` (one panel per
        strategy); an ensemble's runs are averaged week by week.
    cumulative : bool
        Stack the sales so far (the default: the top edge is then the number of
        customers), or the sales of each week.
    title : str, optional
        The figure's title.

    Returns
    -------
    plotly.graph_objects.Figure
        Each panel's title gives the total and the referral share.

    Examples
    --------
    >>> from kit import sim
    >>> df = sim.simulate(sim.Scenario.preset("relationship", population=2_000, weeks=20))
    >>> [t.name for t in sales_sources(df).data]
    ['ads', 'relationships', 'referrals (word of mouth)']
    """
    _check_frame(df, list(SOURCES), "sales_sources()")
    frames = by_strategy(df, list(SOURCES))
    n = len(frames)
    cols = n if n <= 3 else (2 if n == 4 else 3)
    rows = -(-n // cols)
    titles = []
    for label, totals in sales_summary(df).iterrows():
        name = "" if label == SINGLE else f"{label}: "
        titles.append(
            f"{name}{totals['total']:,.0f} sales, {totals['referral_share']:.0%} by referral"
        )
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_yaxes="all",
        shared_xaxes="all",
        subplot_titles=titles,
        horizontal_spacing=0.05,
        vertical_spacing=0.16,
    )
    for i, (label, frame) in enumerate(frames.items()):
        row, col = divmod(i, cols)
        for source in SOURCES:
            y = frame[source].to_numpy(dtype=float)
            if cumulative:
                y = np.cumsum(y)
            colour = SOURCE_COLOURS[source]
            fig.add_trace(
                go.Scatter(
                    x=frame["week"].to_numpy(),
                    y=y,
                    name=SOURCE_LABELS[source],
                    legendgroup=source,
                    showlegend=i == 0,
                    mode="lines",
                    stackgroup=f"panel{i}",
                    line={"color": colour, "width": 1.5},
                    fillcolor=rgba(colour, 0.55),
                    fillpattern={
                        "shape": SOURCE_PATTERNS[source],
                        "fgcolor": rgba(colour, 0.9),
                        "bgcolor": rgba(colour, 0.35),
                        "size": 7,
                        "solidity": 0.25,
                    },
                    hovertemplate=f"{SOURCE_LABELS[source]}: %{{y:,.4~g}}<extra></extra>",
                    meta={"strategy": label, "source": source, "cumulative": cumulative},
                ),
                row=row + 1,
                col=col + 1,
            )
    what = "Sales so far" if cumulative else "Sales per week"
    fig.update_yaxes(title_text=what, col=1)
    fig.update_xaxes(title_text="Week", row=rows)
    for note in fig.layout.annotations:
        note.update(font={"size": 13})
    fig.update_layout(
        template=TEMPLATE_NAME,
        title_text=title or "Where sales come from",
        height=170 + 300 * rows,
        legend={"title": {"text": "Sales from"}, "traceorder": "reversed"},
        hovermode="x unified",
    )
    return described(fig, summaries.sources(sales_summary(df), SINGLE))


def band(
    summary: pd.DataFrame,
    metric: str = "customers",
    *,
    low: float = 0.05,
    high: float = 0.95,
    title: str | None = None,
) -> KitFigure:
    """Uncertainty: the mean over runs with a band from the low to the high quantile.

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`kit.sim.summarise`; or the runs of :func:`kit.sim.ensemble`
        themselves, which are then summarised with ``low`` and ``high``.
    metric : str
        The output column to draw.
    low, high : float
        The band's quantiles. With a summary they only label the band, so pass the values
        the summary was made with (5% and 95% by default, as in ``summarise``).
    title : str, optional
        The figure's title.

    Returns
    -------
    plotly.graph_objects.Figure
        Per strategy, a band (two traces: high edge, then low edge filled to it) and the
        mean line.

    Examples
    --------
    >>> from kit import sim
    >>> runs = sim.ensemble(sim.Scenario.preset("relationship", population=2_000, weeks=10),
    ...                     reps=3)
    >>> fig = band(sim.summarise(runs, ["customers"]), "customers")
    >>> fig.data[-1].name
    'simulation: mean of 3 runs'
    """
    if not isinstance(summary, pd.DataFrame):
        raise TypeError(f"band() takes kit.sim.summarise's DataFrame, not {type(summary).__name__}")
    if "metric" not in summary.columns:
        if "run" not in summary.columns:
            raise ValueError(
                "summary: give kit.sim.summarise(runs) or the runs of kit.sim.ensemble"
            )
        from kit.sim import summarise

        if metric not in summary.columns:
            raise ValueError(f"metric: no column {metric!r} in the runs")
        summary = summarise(summary, [metric], low=low, high=high)
    known = list(summary["metric"].unique())
    if metric not in known:
        raise ValueError(f"metric: {metric!r} is not in the summary; choose from {known}")
    part = summary[summary["metric"] == metric]
    if "strategy" not in part.columns:
        part = part.assign(strategy=SINGLE)
    groups = {str(k): g.sort_values("week") for k, g in part.groupby("strategy", sort=False)}
    styles = styles_for(groups)
    label = f"{low:.0%} to {high:.0%} of runs"
    fig = go.Figure()
    for name, g in groups.items():
        st = styles[name]
        runs = int(g["runs"].max())
        week = g["week"].to_numpy()
        fig.add_trace(
            go.Scatter(
                x=week,
                y=g["high"].to_numpy(dtype=float),
                mode="lines",
                line={"width": 0, "color": st["colour"]},
                name=f"{name}: {label} (high)",
                legendgroup=name,
                showlegend=False,
                hoverinfo="skip",
                meta={"strategy": name, "metric": metric, "part": "high"},
            )
        )
        fig.add_trace(
            go.Scatter(
                x=week,
                y=g["low"].to_numpy(dtype=float),
                mode="lines",
                line={"width": 0, "color": st["colour"]},
                fill="tonexty",
                fillcolor=rgba(st["colour"], 0.22),
                name=f"{name}: {label}",
                legendgroup=name,
                hoverinfo="skip",
                meta={"strategy": name, "metric": metric, "part": "low"},
            )
        )
        fig.add_trace(
            go.Scatter(
                x=week,
                y=g["mean"].to_numpy(dtype=float),
                mode="lines",
                line={"color": st["colour"], "dash": st["dash"], "width": 3},
                name=f"{name}: mean of {runs} runs",
                legendgroup=name,
                customdata=np.column_stack([g["low"], g["high"]]),
                hovertemplate=(
                    f"{name}<br>week %{{x}}<br>mean %{{y:,.4~g}}"
                    f"<br>{label}: %{{customdata[0]:,.4~g}} to %{{customdata[1]:,.4~g}}"
                    "<extra></extra>"
                ),
                meta={"strategy": name, "metric": metric, "part": "mean"},
            )
        )
    fig.update_xaxes(title_text="Week")
    fig.update_yaxes(title_text=metric_label(metric), rangemode="tozero")
    fig.update_layout(
        template=TEMPLATE_NAME,
        title_text=title or f"{metric_label(metric)}: the average run and the spread of runs",
        height=440,
    )
    return described(fig, summaries.band(groups, metric, label, SINGLE))


def _axis_title(name: str) -> str:
    """A swept setting's plain label (and its unit), as the lesson's sliders name it."""
    from kit.sim.labels import plain_label

    try:
        from kit.sim import Scenario

        info = Scenario.field_info(name)
    except ValueError:
        return plain_label(name)
    return f"{plain_label(name)} ({info['unit']})"


def sweep_winner(
    sweep: pd.DataFrame,
    metric: str = "customers",
    *,
    x: str | None = None,
    y: str | None = None,
    relative: bool = False,
    title: str | None = None,
) -> KitFigure:
    """Which strategy wins across two parameters, and by how much: a heatmap of
    :func:`kit.sim.sweep_winners`, which says what wins (this only draws it).

    Parameters
    ----------
    sweep : pandas.DataFrame
        Output of :func:`kit.sim.sweep`.
    metric, x, y
        As in :func:`kit.sim.sweep_winners`: the deciding final-week metric and the swept
        columns (read from the sweep by default).
    relative : bool
        Show the margin as a percentage of the runner-up instead of a difference.
    title : str, optional
        The figure's title.

    Returns
    -------
    plotly.graph_objects.Figure
        A heatmap coloured by the winner; each cell's text gives the winner's initial and
        its margin over the runner-up. ``figure.data[0].customdata`` holds, per cell, the
        winner and the margin.

    Examples
    --------
    >>> from kit import sim
    >>> from kit.sim.sweep import sweep
    >>> grid = sweep(sim.Scenario(population=2_000, weeks=10, seed=1),
    ...              x=("reach", [0.03, 0.06]), y=("p_ad", [0.01, 0.02]), progress=False)
    >>> sweep_winner(grid, "customers").data[0].type
    'heatmap'
    """
    table = sweep_winners(sweep, metric, x=x, y=y)
    x, y, strategies = table.attrs["x"], table.attrs["y"], table.attrs["strategies"]
    meta = sweep.attrs.get("sweep", {})
    x_values = list(dict.fromkeys(table[x]))
    y_values = list(dict.fromkeys(table[y]))
    styles = styles_for(strategies)
    categories = strategies + ["tie"]
    colours = [styles[s]["colour"] for s in strategies] + ["#999999"]

    z = np.full((len(y_values), len(x_values)), np.nan)
    text = np.empty(z.shape, dtype=object)
    custom = np.empty((*z.shape, 3), dtype=object)
    initials = _initials(strategies)
    for n, cell in enumerate(table.to_dict("records")):
        i, j = divmod(n, len(x_values))  # rows in y, then x order
        winner, margin = cell["winner"], cell["margin"]
        if relative:
            shown = cell["relative"]
            margin_text = "+∞" if np.isinf(shown) else f"+{shown:.0%}"
        else:
            shown = margin
            margin_text = f"+{_num(margin)}"
        z[i, j] = categories.index(winner)
        text[i, j] = "tie" if winner == "tie" else f"{initials[winner]} {margin_text}"
        details = "<br>".join(f"{s}: {_num(cell[s])}" for s in strategies)
        custom[i, j] = (winner, float(shown), details)

    k = len(categories)
    scale = []
    for idx, colour in enumerate(colours):
        scale += [[idx / k, colour], [(idx + 1) / k, colour]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[_fmt(v) for v in x_values],
            y=[_fmt(v) for v in y_values],
            zmin=-0.5,
            zmax=k - 0.5,
            colorscale=scale,
            showscale=False,
            text=text,  # the cells' labels, drawn by the "cell labels" trace (last)
            customdata=custom,
            xgap=2,
            ygap=2,
            hovertemplate=(
                f"{x} = %{{x}}<br>{y} = %{{y}}<br>winner: %{{customdata[0]}}"
                f"<br>mean {metric_label(metric).lower()}:<br>%{{customdata[2]}}<extra></extra>"
            ),
            meta={"metric": metric, "x": x, "y": y, "strategies": strategies},
        )
    )
    present = set(custom[..., 0].ravel())
    for s, colour in zip(categories, colours, strict=True):
        if s not in present:
            continue
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"symbol": "square", "size": 14, "color": colour},
                name=s if s == "tie" else f"{initials[s]} = {s} wins",
                showlegend=True,
                meta={"legend_key": "cells carry the winner's initial"},
            )
        )
    # Each cell's label in black or white, whichever reads better on that cell's colour
    # (white on vermillion is only 3.9:1): a text trace over the cells, one colour a label.
    # Its meta keeps the cells' colours, so a test can measure what each label sits on.
    cells = [(i, j) for i in range(z.shape[0]) for j in range(z.shape[1]) if text[i, j]]
    cell_colours = [colours[int(z[i, j])] for i, j in cells]
    fig.add_trace(
        go.Scatter(
            x=[_fmt(x_values[j]) for _, j in cells],
            y=[_fmt(y_values[i]) for i, _ in cells],
            mode="text",
            text=[text[i, j] for i, j in cells],
            textfont={"size": 14, "color": [label_colour(c) for c in cell_colours]},
            hoverinfo="skip",
            showlegend=False,
            name="cell labels",
            uid="kitcelllabels",
            meta={"cell_colours": cell_colours},
        )
    )
    weeks = meta.get("weeks")
    when = f" at week {weeks}" if weeks else ""
    how = "in % over the runner-up" if relative else "over the runner-up"
    fig.update_xaxes(title_text=_axis_title(x), type="category", showgrid=False)
    fig.update_yaxes(title_text=_axis_title(y), type="category", showgrid=False)
    fig.update_layout(
        template=TEMPLATE_NAME,
        title_text=title
        or f"Which strategy has more {metric_label(metric).lower()}{when} (margin {how})",
        height=max(420, 160 + 70 * len(y_values)),
        legend={"title": {"text": "Winner"}},
    )
    said = summaries.sweep(table, metric, x, y, _plain(x), _plain(y), relative)
    return described(fig, said)


def _plain(name: str) -> str:
    """A swept setting's plain label, lower case (its code name if it has none)."""
    from kit.sim.labels import plain_label

    label = plain_label(name)
    return label[:1].lower() + label[1:] if label != name else name


def _num(value: float) -> str:
    """A number as a reader wants it: whole numbers with separators, else 3 digits."""
    value = float(value)
    if not np.isfinite(value):
        return str(value)
    if abs(value) >= 100 or value.is_integer():
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float | np.floating) else str(value)


def _initials(labels: Sequence[str]) -> dict[str, str]:
    """Short, distinct cell labels: first letters, longer where two would clash."""
    out = {}
    for label in labels:
        n = 1
        while label[:n].upper() in out.values() and n < len(label):
            n += 1
        out[label] = label[:n].upper()
    return out


__all__ = [
    "band",
    "over_time",
    "sales_sources",
    "sweep_winner",
]
