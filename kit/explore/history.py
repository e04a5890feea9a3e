"""Run history for explorers: every run kept, summarised, comparable and pinnable.

An explorer run is one call of :func:`kit.sim.compare` with the explorer's settings (slider
values and fixed fields). :class:`RunHistory` keeps each run as a :class:`Run` (its
settings, scenario code, weekly frame and summary numbers), gives them as a tidy DataFrame
(one row per run) and holds up to :data:`MAX_PINNED` pinned runs. :func:`differences` says
what differs between two runs' settings in plain words ("Ad response 2.0% → 4.0%"), which
labels pinned runs.
:class:`HistoryTable` is the small clickable table the explorer shows.

Examples
--------
>>> from kit import sim
>>> h = RunHistory()
>>> s = {"population": 2_000, "weeks": 30, "seed": 1, "p_ad": 0.02}
>>> run = h.add(["broadcast", "relationship"], s, sim.compare(["broadcast", "relationship"], **s))
>>> h.frame()[["run", "p_ad"]].to_dict("records")
[{'run': 1, 'p_ad': 0.02}]
>>> differences(s, {**s, "p_ad": 0.04})
'Ad response 2.0% → 4.0%'
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import anywidget
import numpy as np
import pandas as pd
import traitlets as t

from kit import sim
from kit.files import static_text
from kit.sim.api import strategy_label
from kit.sim.labels import plain_label, say_value

#: How many runs may be pinned at once.
MAX_PINNED = 4
#: Runs kept in a history (the oldest unpinned runs are dropped beyond this).
MAX_RUNS = 200
SOURCES = ("ad", "relationship", "referral")


def crossover_week(frame: pd.DataFrame, metric: str = "customers") -> int | None:
    """The week the strategy ahead at the end overtook the other (two strategies), or None."""
    if "strategy" not in frame.columns or frame["strategy"].nunique() != 2:
        return None
    from kit.sim import crossover

    return crossover(frame, metric)


def summarise_run(frame: pd.DataFrame) -> dict[str, Any]:
    """The summary numbers of one explorer run, flat: ``crossover_week`` and per strategy
    ``customers``, ``hours_per_customer`` and the share of sales from each source."""
    out: dict[str, Any] = {"crossover_week": crossover_week(frame)}
    groups = frame.groupby("strategy", sort=False) if "strategy" in frame else [("run", frame)]
    for label, part in groups:
        last = part.iloc[-1]
        out[f"customers[{label}]"] = int(last["customers"])
        hpc = float(last["hours_per_customer"])
        out[f"hours_per_customer[{label}]"] = hpc
        sales = {s: float(part[f"sales_{s}"].sum()) for s in SOURCES}
        total = sum(sales.values())
        for s in SOURCES:
            out[f"{s}_share[{label}]"] = sales[s] / total if total else math.nan
    return out


def differences(old: Mapping[str, Any], new: Mapping[str, Any], limit: int = 3) -> str:
    """What changed from ``old`` settings to ``new`` ones, in plain words.

    Each field by its plain label, its values as its slider reads them (``"Ad response 2.0%
    → 4.0%"`` for ``p_ad`` 0.02 to 0.04). Fields are listed in ``new``'s order; a field one
    of them does not set counts as the ``Scenario`` default; beyond ``limit`` the rest are
    counted ("and 2 more").
    ``"same settings"`` when nothing differs.
    """
    defaults = {f.name: f.default for f in dataclasses.fields(sim.Scenario)}
    names = list(new) + [n for n in old if n not in new]

    def get(settings: Mapping[str, Any], name: str) -> Any:  # absent: the default
        return settings.get(name, defaults.get(name))

    changed = [n for n in names if get(old, n) != get(new, n)]
    parts = [
        f"{plain_label(n)} {say_value(n, get(old, n))} → {say_value(n, get(new, n))}"
        for n in changed[:limit]
    ]
    if len(changed) > limit:
        parts.append(f"and {len(changed) - limit} more")
    return ", ".join(parts) if parts else "same settings"


@dataclasses.dataclass
class Run:
    """One explorer run: ``number`` (1, 2, ...), ``strategies`` (labels), ``specs`` (the
    strategies as the explorer was given them), ``settings`` (every
    field the explorer set, by name), ``scenarios`` (one per strategy, label -> Scenario),
    ``code`` (the scenario code of the first strategy's scenario), ``frame`` (the weekly
    outputs, stacked by strategy) and ``summary`` (:func:`summarise_run`)."""

    number: int
    strategies: list[str]
    specs: list[Any]
    settings: dict[str, Any]
    scenarios: dict[str, sim.Scenario]
    code: str
    frame: pd.DataFrame
    summary: dict[str, Any]

    def row(self) -> dict[str, Any]:
        return {"run": self.number, **self.settings, **self.summary, "code": self.code}


def scenarios_of(
    strategies: Sequence[Any],
    settings: Mapping[str, Any],
    names: Sequence[str] | None = None,
) -> dict[str, sim.Scenario]:
    """The scenario of each strategy under ``settings``, labelled by ``names`` (if given) or
    as ``compare`` labels them."""
    labels = list(names) if names else [strategy_label(s) for s in strategies]
    out = {}
    for label, strategy in zip(labels, strategies, strict=True):
        if isinstance(strategy, sim.Scenario):
            out[label] = dataclasses.replace(strategy, **settings)
        else:
            out[label] = sim.Scenario(strategy=strategy, **settings)
    return out


class RunHistory:
    """Every run of an explorer, and which are pinned (at most :data:`MAX_PINNED`)."""

    def __init__(self) -> None:
        self.runs: list[Run] = []
        self.pinned: list[int] = []
        self._next = 1

    def __len__(self) -> int:
        return len(self.runs)

    def add(
        self,
        strategies: Sequence[Any],
        settings: Mapping[str, Any],
        frame: pd.DataFrame,
        names: Sequence[str] | None = None,
    ) -> Run:
        """Record a run (its strategies called ``names``, if given); returns it. Beyond
        :data:`MAX_RUNS` the oldest unpinned run goes."""
        scenarios = scenarios_of(strategies, settings, names)
        first = next(iter(scenarios.values()))
        run = Run(
            number=self._next,
            strategies=list(scenarios),
            specs=list(strategies),
            settings=dict(settings),
            scenarios=scenarios,
            code=first.to_code(),
            frame=frame,
            summary=summarise_run(frame),
        )
        self._next += 1
        self.runs.append(run)
        if len(self.runs) > MAX_RUNS:
            drop = next(r for r in self.runs if r.number not in self.pinned)
            self.runs.remove(drop)
        return run

    def replace_last(
        self,
        strategies: Sequence[Any],
        settings: Mapping[str, Any],
        frame: pd.DataFrame,
        names: Sequence[str] | None = None,
    ) -> Run:
        """Put a run in the place of the newest one, under its number (a slider still
        moving: the run kept is the one the learner settles on); returns it."""
        last = self.runs.pop()
        self._next = last.number
        return self.add(strategies, settings, frame, names)

    def get(self, number: int) -> Run:
        for run in self.runs:
            if run.number == number:
                return run
        raise ValueError(
            f"run {number!r} is not in the history; choose one of "
            f"{[r.number for r in self.runs] or 'none yet'}"
        )

    def pin(self, number: int) -> None:
        """Pin a run (drawn faded under the live one). Raises if four are pinned already."""
        self.get(number)
        if number in self.pinned:
            return
        if len(self.pinned) >= MAX_PINNED:
            raise ValueError(
                f"{MAX_PINNED} runs are pinned already ({self.pinned}); unpin one first"
            )
        self.pinned.append(number)

    def unpin(self, number: int) -> None:
        if number in self.pinned:
            self.pinned.remove(number)

    def toggle(self, number: int) -> None:
        if number in self.pinned:
            self.unpin(number)
        else:
            self.pin(number)

    def frame(self, pinned_only: bool = False) -> pd.DataFrame:
        """One row per run: ``run``, every setting, the summary numbers, ``code``, ``pinned``."""
        runs = [r for r in self.runs if not pinned_only or r.number in self.pinned]
        rows = [{**r.row(), "pinned": r.number in self.pinned} for r in runs]
        if not rows:
            return pd.DataFrame(columns=["run", "crossover_week", "code", "pinned"])
        df = pd.DataFrame(rows)
        if "crossover_week" in df:
            df["crossover_week"] = df["crossover_week"].astype("Int64")
        return df


# ============================================================================ the table
_ESM = static_text("kit.explore", "history_table.js")

_CSS = static_text("kit.explore", "history_table.css")


class HistoryTable(anywidget.AnyWidget):
    """The clickable history: a row's ``#n`` button brings run n back, its box pins it.

    ``rows`` holds the table (newest first when drawn), ``columns`` ``[key, label]`` pairs,
    ``pinned`` the pinned run numbers and ``live`` the run on show. Clicks arrive as
    messages and call ``on_restore(n)`` / ``on_pin(n)``.
    """

    _esm = _ESM
    _css = _CSS
    rows = t.List(t.Dict()).tag(sync=True)
    columns = t.List(t.List()).tag(sync=True)
    pinned = t.List(t.Int()).tag(sync=True)
    live = t.Int(0).tag(sync=True)
    caption = t.Unicode("").tag(sync=True)

    def __init__(self, on_restore, on_pin, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_restore, self._on_pin = on_restore, on_pin
        self.on_msg(self._message)

    def _message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict) or not isinstance(content.get("run"), int):
            return
        if content.get("event") == "restore":
            self._on_restore(content["run"])
        elif content.get("event") == "pin":
            self._on_pin(content["run"])


def table_rows(history: RunHistory, sliders: Sequence[str]) -> tuple[list, list]:
    """The ``columns`` and JSON-safe ``rows`` of a :class:`HistoryTable` for a history."""
    columns = [[name, plain_label(name)] for name in sliders]
    columns.append(["crossover_week", "crossover week"])
    labels = history.runs[-1].strategies if history.runs else []
    for label in labels:
        columns.append([f"customers[{label}]", f"customers ({label})"])
    for label in labels:
        columns.append([f"referral_share[{label}]", f"referral sales ({label})"])
    rows = []
    for run in history.runs:
        row = {"run": run.number}
        for key, _ in columns:
            value = run.settings.get(key, run.summary.get(key))
            if isinstance(value, np.generic):
                value = value.item()
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            if key in sliders and value is not None:
                value = say_value(key, value)  # as the slider reads it: "2.5%", "20,000"
            row[key] = value
        rows.append(row)
    return columns, rows
