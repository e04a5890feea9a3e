"""Item analysis of a class's quiz results (from ``kit progress merge`` files or a store).

Examples
--------
>>> rows = [
...     {"learner": "ada", "bank": "01", "question": "q1", "attempt": 1, "correct": False,
...      "score": 0.0, "points": 1.0, "time": "t1", "response": "3"},
...     {"learner": "ada", "bank": "01", "question": "q1", "attempt": 2, "correct": True,
...      "score": 1.0, "points": 1.0, "time": "t2", "response": "4"},
...     {"learner": "bo", "bank": "01", "question": "q1", "attempt": 1, "correct": True,
...      "score": 1.0, "points": 1.0, "time": "t1", "response": "4"},
... ]
>>> item_stats(rows)[0]["share_correct"], item_stats(rows)[0]["mean_attempts"]
(1.0, 1.5)
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from kit.errors import KitError
from kit.store import ProgressStore, read_export

__all__ = ["item_stats", "item_analysis"]


def _rows(source) -> list[dict]:
    if isinstance(source, ProgressStore):
        return source.export_rows()
    if isinstance(source, str | os.PathLike):
        return read_export(source)
    rows = list(source)
    if rows and not isinstance(rows[0], dict):
        return [r for path in rows for r in read_export(path)]
    return rows


def item_stats(source) -> list[dict]:
    """Per question: learners, share right (ever / first try), mean attempts, mean best score.

    Parameters
    ----------
    source : path, list of paths, list of rows, or ProgressStore
        A merged class file (``kit progress merge``), exports, or the rows themselves.

    Returns
    -------
    list of dict
        One per (bank, question), in file order, with keys ``bank``, ``question``,
        ``learners``, ``share_correct``, ``share_first_try``, ``mean_attempts`` (attempts
        per learner, counting up to and including the first right one) and ``mean_score``.
    """
    per: dict[tuple, dict[str, list]] = {}
    for row in sorted(_rows(source), key=lambda r: (str(r["time"]), int(r["attempt"]))):
        key = (str(row["bank"]), str(row["question"]))
        per.setdefault(key, {}).setdefault(str(row["learner"]), []).append(row)
    out = []
    for (bank, question), learners in per.items():
        n = len(learners)
        right = first = tries = score = 0.0
        for attempts in learners.values():
            for i, a in enumerate(attempts, 1):
                if _truthy(a["correct"]):
                    right += 1
                    first += i == 1
                    tries += i
                    break
            else:
                tries += len(attempts)
            score += max(float(a["score"]) for a in attempts)
        out.append(
            {
                "bank": bank,
                "question": question,
                "learners": n,
                "share_correct": right / n,
                "share_first_try": first / n,
                "mean_attempts": tries / n,
                "mean_score": score / n,
            }
        )
    return out


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


def item_analysis(source: str | os.PathLike | Iterable, *, title: str = "Item analysis"):
    """Draw share correct and mean attempts per question as a plotly figure.

    Parameters
    ----------
    source
        As for :func:`item_stats` (usually the ``class.csv`` from ``kit progress merge``).

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    kit.errors.KitError
        If there are no attempts to analyse.
    """
    # plotly is heavy; import it only when a chart is drawn.
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    stats = item_stats(source)
    if not stats:
        raise KitError("no attempts to analyse; merge some 'kit progress export' files first")
    labels = [f"{s['bank']}/{s['question']}" for s in stats]
    hover = [f"{s['learners']} learner(s)" for s in stats]
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.06,
        subplot_titles=("Share who got it right", "Mean attempts (until right)"),
    )
    panels = (
        ("share_correct", "share right", "%{x:.0%} right", "{:.0%}"),
        ("mean_attempts", "mean attempts", "%{x:.2f} attempts", "{:.1f}"),
    )
    for col, (key, name, hover_value, text) in enumerate(panels, start=1):
        fig.add_trace(
            go.Bar(
                y=labels,
                x=[s[key] for s in stats],
                orientation="h",
                name=name,
                customdata=hover,
                hovertemplate=f"%{{y}}: {hover_value} (%{{customdata}})<extra></extra>",
                text=[text.format(s[key]) for s in stats],
                textposition="auto",
            ),
            row=1,
            col=col,
        )
    fig.update_xaxes(range=[0, 1], tickformat=".0%", row=1, col=1)
    fig.update_xaxes(rangemode="tozero", row=1, col=2)
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_layout(
        title=title,
        showlegend=False,
        height=max(300, 60 + 32 * len(stats)),
        margin={"l": 10, "r": 10, "t": 70, "b": 30},
    )
    return fig
