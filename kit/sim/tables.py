"""Tables as a learner reads them: plain column labels and numbers written as people write them.

A results frame speaks the simulator's language: columns named ``hours_per_customer`` or
``promo_share``, means over seeds such as ``176470.588235``, an index of 0..n. :func:`show`
turns any such frame (or series) into a :class:`Table` that a notebook shows with

- **plain labels**: an output's label (:data:`kit.sim.outputs.OUTPUTS`: ``"Customers so
  far"``), a setting's slider label (:data:`kit.sim.labels.FIELD_LABELS`: ``"Ads among
  posts"``), a label the lesson gives (``labels=``), else the name in words;
- **numbers as people write them**: whole numbers with thousands separators for counts of
  people (``176,471``), a setting's value as its slider reads it (``20%``, ``1.0%``), trust
  with two decimals, shares as per cents (``percent=``), other numbers with the decimals their
  size needs, and a dash for a missing value;
- **no index of 0..n**: a meaningful index (strategy, business, ...) becomes the first column,
  under its label; a plain row count is dropped.

The numbers are not changed, only written: ``Table.data`` is the frame as it came, for those
who code (claim checks and exercises keep using the frame itself).

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"customers": [176470.588235, 12.0], "promo_share": [0.2, 1.0]},
...                      index=pd.Index(["robot", "blend"], name="strategy"))
>>> print(show(frame))
Strategy Customers so far Ads among posts
   robot          176,471             20%
   blend               12            100%
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from kit.sim.labels import FIELD_LABELS, say_value
from kit.sim.outputs import COUNT_COLUMNS, OUTPUTS

__all__ = ["Table", "column_label", "show"]

#: Labels of the names results frames use besides outputs and settings.
OTHER_LABELS: dict[str, str] = {
    "strategy": "Strategy",
    "run": "Run",
    "seed": "Seed",
    "business": "Business",
    "design": "Design",
    "learner": "Learner",
    "shares": "Time shares (post / connect / engage)",
    "reps": "Runs",
    "customers_low": "Customers, low (5%)",
    "customers_high": "Customers, high (95%)",
    "low": "Low (5%)",
    "median": "Median",
    "high": "High (95%)",
    "mean": "Mean",
    "crossover_week": "Week of overtaking",
}

#: Columns of whole people however they were averaged (means over seeds included).
_WHOLE = set(COUNT_COLUMNS) | {"customers_low", "customers_high", "reps", "run", "seed"}

_MISSING = "–"

#: How a table sits in its cell (:meth:`Table._repr_html_`): headers wrap between words, and
#: a table wider than the cell scrolls sideways in its own box.
_SCROLL_STYLE = (
    "max-width: 100%; overflow-x: auto; scrollbar-width: thin;"
    " scrollbar-color: var(--jp-border-color1, #999) transparent; padding-bottom: 4px"
)
_HEAD_STYLE = "white-space: normal; min-width: 4.5em; max-width: 10em; vertical-align: bottom"


def column_label(name: Any, labels: Mapping[str, str] | None = None) -> str:
    """The plain label of a column or index name.

    Examples
    --------
    >>> column_label("hours_per_customer"), column_label("p_ad"), column_label("per_followed")
    ('Hours per customer so far', 'Ad response', 'Per followed')
    >>> column_label("customers[broadcast]")
    'Customers so far (broadcast)'
    """
    if isinstance(name, tuple):  # a column of a two-level header: "Customers so far, median"
        return ", ".join(column_label(part, labels) for part in name if str(part))
    key = str(name)
    if labels and key in labels:
        return labels[key]
    if key.endswith("]") and "[" in key:  # the explorer's history: "customers[broadcast]"
        base, _, who = key[:-1].partition("[")
        return f"{column_label(base, labels)} ({who})"
    if key in OUTPUTS:  # without the definition in brackets: a table's head stays short
        return re.sub(r" \([^)]*\)$", "", OUTPUTS[key].label)
    if key in FIELD_LABELS:
        return FIELD_LABELS[key].label
    if key in OTHER_LABELS:
        return OTHER_LABELS[key]
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else key


#: A setting's plain label -> its name, for frames already labelled (``crossover_by``).
_FIELD_OF_LABEL = {entry.label: name for name, entry in FIELD_LABELS.items()}


def _base(name: Any) -> str:
    """The output or setting a column holds (``"customers"`` of ``("customers", "low")``,
    ``"p_ad"`` of a column already labelled ``"Ad response"``)."""
    if isinstance(name, tuple):
        name = name[0]
    key = str(name)
    if key.endswith("]") and "[" in key:
        key = key.partition("[")[0]
    return _FIELD_OF_LABEL.get(key, key)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _decimals(values: list[float]) -> int:
    """Decimals for a column of other numbers: fewer the larger they are."""
    if not values or all(float(v).is_integer() for v in values):
        return 0
    biggest = max(abs(v) for v in values)
    return 0 if biggest >= 100 else 1 if biggest >= 10 else 2


def _writer(name: Any, numbers: list[float], percent: bool):
    """A function writing one number of column ``name`` as people write it."""
    key = _base(name)
    if percent:
        return lambda v: f"{v:.0%}"
    if key in FIELD_LABELS:
        return lambda v: say_value(key, v)
    if key in _WHOLE:
        return lambda v: f"{round(v):,}"
    if "trust" in key:
        return lambda v: f"{v:.2f}"
    places = _decimals(numbers)
    return lambda v: f"{v:,.{places}f}"


def _clean(text: str) -> str:
    """No minus sign on a zero ("-0.0" is "0.0")."""
    if text.startswith("-") and not text.strip("-0.,%"):
        return text[1:]
    return text


def _write_column(name: Any, values: pd.Series, percent: bool) -> list[str]:
    numbers = [float(v) for v in values if _is_number(v)]
    write = _writer(name, numbers, percent)
    out = []
    for v in values:
        if isinstance(v, bool):
            out.append("yes" if v else "no")
        elif isinstance(v, tuple):
            out.append("/".join(f"{x:g}" if isinstance(x, int | float) else str(x) for x in v))
        elif v is None or (not isinstance(v, str) and pd.isna(v)):
            out.append(_MISSING)
        elif _is_number(v):
            out.append(_clean(write(v)))
        else:
            out.append(str(v))
    return out


def _meaningful(index: pd.Index) -> bool:
    """Whether an index says something (names rows) rather than counting them."""
    if isinstance(index, pd.MultiIndex):
        return True
    if index.name is not None:
        return True
    return not pd.api.types.is_integer_dtype(index)


class Table:
    """A frame written for a learner (:func:`show`); ``data`` is the frame as it came.

    A notebook shows it as an HTML table; ``str()`` is the same table as text.
    """

    def __init__(self, data: pd.DataFrame, shown: pd.DataFrame, caption: str = "") -> None:
        self.data = data
        self.shown = shown
        self.caption = caption

    def __str__(self) -> str:
        text = self.shown.to_string(index=False)
        return f"{self.caption}\n{text}" if self.caption else text

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        table = self.shown.to_html(index=False, border=0, classes="kit-table", escape=True)
        if self.caption:
            table = table.replace(">", f"><caption>{html.escape(self.caption)}</caption>", 1)
        # Headers wrap, so more columns fit; a table still wider than its
        # cell scrolls sideways in its own box, with a scrollbar one can see, rather than
        # running past the cell's edge (issue 25). Inline styles: they survive JupyterLab's
        # sanitiser and the static site alike.
        table = re.sub(r"<th(?=[ >])", f'<th style="{_HEAD_STYLE}"', table)
        return f'<div class="kit-table-scroll" style="{_SCROLL_STYLE}">{table}</div>'


def show(
    frame: pd.DataFrame | pd.Series,
    labels: Mapping[str, str] | None = None,
    percent: Iterable[str] | bool = (),
    caption: str = "",
    total: bool = False,
) -> Table:
    """A results frame as a learner reads it: plain labels, numbers as people write them.

    Parameters
    ----------
    frame : pandas.DataFrame or pandas.Series
        Any table of the kit or a lesson (``final_table``, a run's last weeks, a summary).
    labels : mapping, optional
        Labels for columns (or the index) in the lesson's own words, e.g.
        ``{"per_followed": "Followers per person followed"}``; outputs and settings have
        theirs already.
    percent : iterable of str or bool, optional
        Columns holding shares (0 to 1), written as per cents; ``True``: every column.
    caption : str, optional
        A line above the table.
    total : bool, optional
        The numbers are sums over the weeks: an output counted "this week" is labelled
        "in total" (``"Sales from ads in total"``).

    Returns
    -------
    Table
        Shown as a table by a notebook; ``.data`` holds ``frame`` unchanged.

    Examples
    --------
    >>> s = pd.Series([0.25, 0.5], index=pd.Index(["a", "b"], name="strategy"), name="share")
    >>> print(show(s, percent=["share"]))
    Strategy Share
           a   25%
           b   50%
    """
    if isinstance(frame, Table):
        return frame
    if isinstance(frame, pd.Series):
        data = frame.to_frame(name=frame.name if frame.name is not None else "value")
    elif isinstance(frame, pd.DataFrame):
        data = frame
    else:
        raise TypeError(
            f"show() takes a table (a pandas DataFrame or Series), not {type(frame).__name__}"
        )
    if _meaningful(data.index):
        names = [n if n is not None else "" for n in data.index.names]
        flat = data.rename_axis(index=names if len(names) > 1 else names[0]).reset_index()
    else:
        flat = data.reset_index(drop=True)
    shares = set(data.columns) if percent is True else set(percent or ())
    index_columns = set(flat.columns) - set(data.columns)
    shown = pd.DataFrame(
        {
            i: _write_column(name, flat[name], name in shares and name not in index_columns)
            for i, name in enumerate(flat.columns)
        }
    )
    heads = [column_label(name, labels) for name in flat.columns]
    if total:
        heads = [h.replace(" this week", " in total") for h in heads]
    shown.columns = heads
    return Table(frame, shown, caption)
