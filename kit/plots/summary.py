"""The generated summaries of the kit's figures: what each shows and its headline numbers.

One sentence or a few short ones, in the words the figure uses, read by a screen reader as
the figure's name and shown under it (:mod:`kit.plots.figure`). They are computed from the
numbers the figure draws, never written by hand, so they cannot drift from it.

Examples
--------
>>> import pandas as pd
>>> frames = {"broadcast": pd.DataFrame({"week": [1, 2], "customers": [5.0, 9.0]}),
...           "relationship": pd.DataFrame({"week": [1, 2], "customers": [3.0, 12.0]})}
>>> print(lines(frames, ["customers"]))  # doctest: +NORMALIZE_WHITESPACE
Figure: customers so far week by week, weeks 1 to 2. broadcast ends at 9; relationship ends
at 12. In week 2, relationship overtakes broadcast.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from kit.plots.style import metric_label
from kit.sim.analysis import overtakes

__all__ = ["lines", "number", "said"]


def number(value: float, metric: str = "") -> str:
    """A value as the figure's readers write it: trust with two decimals, counts whole.

    Examples
    --------
    >>> number(1234.4, "customers"), number(2.666), number(0.456, "mean_trust")
    ('1,234', '2.67', '0.46')
    """
    value = float(value)
    if not math.isfinite(value):
        return "no value"
    if metric == "mean_trust":
        return f"{value:.2f}"
    if abs(value) >= 100 or value.is_integer():
        return f"{value:,.0f}"
    return f"{value:.3g}"


def said(text: str) -> str:
    """Figure text (plotly's bits of HTML) as plain words."""
    text = re.sub(r"<br\s*/?>", " ", text)
    return " ".join(re.sub(r"<[^>]+>", "", text).split())


def _weeks(frames: Mapping[str, pd.DataFrame]) -> tuple[int, int]:
    weeks = [f["week"] for f in frames.values() if len(f)]
    if not weeks:
        return 0, 0
    return int(min(w.min() for w in weeks)), int(max(w.max() for w in weeks))


def _ends(frames: Mapping[str, pd.DataFrame], metric: str) -> str:
    ends = [
        f"{label} ends at {number(frame[metric].iloc[-1], metric)}"
        for label, frame in frames.items()
        if len(frame)
    ]
    return "; ".join(ends)


def _crossings(frames: Mapping[str, pd.DataFrame], metric: str) -> str:
    leader, marks = overtakes(dict(frames), metric)
    return " ".join(f"In week {week}, {leader} overtakes {other}." for week, other in marks)


def lines(frames: Mapping[str, pd.DataFrame], metrics: Sequence[str]) -> str:
    """Lines over time (``over_time``, its small multiples, the explorer): the weeks, where
    each line ends and the weeks in which the leader overtook each other line."""
    first, last = _weeks(frames)
    span = f"weeks {first} to {last}"
    if len(metrics) == 1:
        metric = metrics[0]
        text = f"Figure: {metric_label(metric).lower()} week by week, {span}. "
        text += _ends(frames, metric) + "."
        crossings = _crossings(frames, metric)
        return f"{text} {crossings}" if crossings else text
    parts = [f"Figure in {len(metrics)} panels, {span}, one line per strategy."]
    for metric in metrics:
        part = f"{metric_label(metric)}: {_ends(frames, metric)}."
        crossings = _crossings(frames, metric)
        parts.append(f"{part} {crossings}" if crossings else part)
    return " ".join(parts)


def band(groups: Mapping[str, pd.DataFrame], metric: str, label: str, single: str = "") -> str:
    """The mean of many runs with a band: where each mean and band end."""
    first, last = _weeks(groups)
    parts = []
    for name, g in groups.items():
        if not len(g):
            continue
        end = g.iloc[-1]
        who = "the mean" if name == single else name
        parts.append(
            f"{who} ends at a mean of {number(end['mean'], metric)} over {int(g['runs'].max())}"
            f" runs ({label}: {number(end['low'], metric)} to {number(end['high'], metric)})"
        )
    return (
        f"Figure: {metric_label(metric).lower()}, the average run and the spread of runs, "
        f"weeks {first} to {last}. " + "; ".join(parts) + "."
    )


def sources(table: pd.DataFrame, single: str) -> str:
    """Where sales came from: per strategy the total and the share of each source."""
    from kit.plots.style import SOURCE_LABELS

    parts = []
    for label, row in table.iterrows():
        total = float(row["total"])
        shares = ", ".join(
            f"{row[c] / total:.0%} {SOURCE_LABELS[c]}" if total else f"0 {SOURCE_LABELS[c]}"
            for c in SOURCE_LABELS
        )
        who = "" if label == single else f"{label}: "
        parts.append(f"{who}{number(total)} sales ({shares})")
    return "Figure: where sales come from, stacked by source. " + "; ".join(parts) + "."


def sweep(
    table: pd.DataFrame, metric: str, x: str, y: str, x_name: str, y_name: str, relative: bool
) -> str:
    """Which strategy wins over a grid: how many settings each wins and the widest margin."""
    counts = table["winner"].value_counts()
    wins = ", ".join(
        f"{name} wins {n} of {len(table)}" if name != "tie" else f"{n} ties"
        for name, n in counts.items()
    )
    text = (
        f"Figure: which strategy has more {metric_label(metric).lower()} at each of "
        f"{table[x].nunique()} values of {x_name} and {table[y].nunique()} of {y_name}: "
        f"{wins}."
    )
    decided = table[table["winner"] != "tie"]
    if len(decided):
        column = "relative" if relative else "margin"
        best = decided.loc[decided[column].astype(float).idxmax()]
        margin = best[column]
        shown = (
            ("without limit" if math.isinf(margin) else f"{margin:.0%}")
            if relative
            else number(margin, metric)
        )
        text += (
            f" The widest margin: {best['winner']} by {shown}, at {x_name} {_value(best[x])}"
            f" and {y_name} {_value(best[y])}."
        )
    return text


def _value(value) -> str:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:g}"


def flips(labels: Sequence[str], texts: Sequence[str], winner: str, loser: str, metric: str):
    """What would flip a comparison: the smallest changes, in order."""
    head = f"Figure: what would make {loser} beat {winner} on {metric_label(metric).lower()}, "
    if not labels:
        return head + "ranked by the change needed: no setting flips it within its range."
    shown = [f"{said(a)}: {said(b)}" for a, b in zip(labels, texts, strict=True)][:3]
    more = f" ({len(labels)} in all)" if len(labels) > 3 else ""
    return head + "smallest change first" + more + ": " + "; ".join(shown) + "."
