"""The explorer's lab bench: run history and pins, scenario codes, the Bass yardstick, replay.

:class:`LabBench` is built by :class:`kit.explore.Explorer` and holds the widgets under its
figure: the live run's scenario code with a copy button and a box to paste one, a "Bass
yardstick" toggle, the history table (:class:`kit.runs.HistoryTable`) and the replay picker.
Every click has a plain method behind it (``pin``, ``restore``, ``load_code``,
``show_yardstick``, ``replay``), so tests and instructors drive it headless; the explorer
exposes them (``explorer.pin(3)``, ``explorer.history``...).
"""

from __future__ import annotations

import dataclasses
import html
from typing import TYPE_CHECKING, Any

import anywidget
import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import traitlets as t

from kit import sim
from kit.files import static_text
from kit.plots.curves import line_traces, styles_for
from kit.plots.style import metric_label, rgba
from kit.replay import Replay, replay
from kit.runs import HistoryTable, Run, RunHistory, differences, table_rows
from kit.sim.api import strategy_label
from kit.yardstick import Yardstick, describe, yardstick

if TYPE_CHECKING:
    from kit.explore import Explorer

#: A pinned run is its strategies' colours, faded (this alpha, a little less for each later
#: pin) and dotted with a pattern of its own, so that no two lines of a figure share a
#: colour or a dash (kit.plots.style.style_problems; the house rule for colour-blind readers).
PINNED_ALPHA = 0.7


def pinned_style(colour: str, slot: int, index: int) -> dict:
    """The line of strategy number ``index`` of the ``slot``-th pinned run (0-based)."""
    return {
        "color": rgba(colour, round(PINNED_ALPHA - 0.06 * slot, 2)),
        "dash": f"{2 + 2 * index}px,{3 + 2 * slot}px",
        "width": 2,
    }


#: A yardstick this many times above the runs' highest point leaves the chart (axis on the runs).
OFF_CHART = 3.0


def yardstick_style(colour: str, index: int) -> dict:
    """The Bass yardstick of strategy number ``index``: its colour, a long dash-dot."""
    return {"color": rgba(colour, 0.95), "dash": f"{12 + 4 * index}px,4px,2px,4px", "width": 2}


class CodeBox(anywidget.AnyWidget):
    """The live run's scenario code, selectable, with a Copy button (browser clipboard)."""

    _esm = static_text("kit", "code_box.js")
    _css = static_text("kit", "code_box.css")
    code = t.Unicode("").tag(sync=True)


def _settings_of(scenario: sim.Scenario) -> dict[str, Any]:
    return {
        f.name: getattr(scenario, f.name)
        for f in dataclasses.fields(scenario)
        if f.name != "strategy"
    }


class LabBench:
    """History, pins, codes, yardstick and replay for one explorer (see module text)."""

    def __init__(self, explorer: Explorer, frame: pd.DataFrame):
        self.ex = explorer
        self.runs = RunHistory()
        # The first run is kept before the widgets exist, so that they are created with
        # their state: anywidget can drop updates that reach the browser while a widget's
        # module is still loading (manzt/anywidget#803).
        self.live: Run | None = self.runs.add(explorer.strategies, self.settings(), frame)
        self._yardsticks: dict[int, list[Yardstick]] = {}
        self.code = CodeBox(code=self.live.code)
        self.paste = w.Text(
            placeholder="paste a scenario code (kit1:...)",
            description="load",
            style={"description_width": "40px"},
            layout=w.Layout(width="auto", min_width="260px", flex="1 1 260px"),
        )
        self.load = w.Button(description="Load code", tooltip="run the pasted scenario code")
        self.load.on_click(lambda _b: self._safe(self.load_code, self.paste.value))
        self.use_yardstick = w.Checkbox(
            value=False,
            description="Bass yardstick",
            indent=False,
            tooltip="draw the Bass curve this run's p_ad and q_wom imply, and say why it differs",
            layout=w.Layout(width="auto"),
        )
        self.use_yardstick.observe(lambda _c: self._safe(self.redraw), names="value")
        self.yardstick_text = w.HTML(layout=w.Layout(max_width="900px"))
        columns, rows = table_rows(self.runs, list(self.ex.controls))
        self.table = HistoryTable(
            on_restore=lambda n: self._safe(self.restore, n),
            on_pin=lambda n: self._safe(self.toggle_pin, n),
            caption="Your runs: #n brings a run back; tick a box to pin it (at most 4)",
            columns=columns,
            rows=rows,
            live=self.live.number,
        )
        self.side_a = w.Dropdown(description="replay", style={"description_width": "50px"})
        self.side_b = w.Dropdown(description="beside", style={"description_width": "50px"})
        self.play = w.Button(description="Replay these two", layout=w.Layout(width="auto"))
        self.play.on_click(lambda _b: self._safe(self.replay))
        self.replay_box = w.VBox()
        self.message = w.HTML()
        self.load.layout = w.Layout(width="auto", min_width="8em")
        self.box = w.VBox(
            [
                w.HBox(
                    [self.code, self.paste, self.load],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.use_yardstick,
                self.message,
                self.yardstick_text,
                self.table,
                w.HBox(
                    [self.side_a, self.side_b, self.play],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                self.replay_box,
            ]
        )
        self.box.add_class("kit-labbench")
        self._sync_table()  # the replay pickers (ipywidgets: no dropped updates)

    # ------------------------------------------------------------------ recording
    def settings(self) -> dict[str, Any]:
        return {**self.ex.fixed, **self.ex.values}

    def after_run(self, frame: pd.DataFrame) -> None:
        """Keep the explorer's latest run (once per distinct setting) and show it."""
        settings = self.settings()
        for run in self.runs.runs:
            if run.settings == settings and run.strategies == list(frame["strategy"].unique()):
                self.live = run
                break
        else:
            self.live = self.runs.add(self.ex.strategies, settings, frame)
        self.code.code = self.live.code
        self._sync_table()

    def _sync_table(self) -> None:
        columns, rows = table_rows(self.runs, list(self.ex.controls))
        self.table.columns, self.table.rows = columns, rows
        self.table.pinned = list(self.runs.pinned)
        self.table.live = self.live.number if self.live else 0
        options = [
            (f"#{run.number} {label}", (run.number, label))
            for run in reversed(self.runs.runs)
            for label in run.strategies
        ]
        for dd in (self.side_a, self.side_b):
            current = dd.value
            dd.options = options
            if current in [v for _, v in options]:
                dd.value = current
        chosen = self.side_a.value
        if self.live is not None and (chosen is None or chosen[0] != self.live.number):
            labels = self.live.strategies
            self.side_a.value = (self.live.number, labels[0])
            if len(labels) > 1:
                self.side_b.value = (self.live.number, labels[1])
            elif len(options) > 1:
                self.side_b.value = options[1][1]

    # ------------------------------------------------------------------ actions
    def _safe(self, action, *args) -> None:
        try:
            self.message.value = ""
            action(*args)
        except (ValueError, TypeError) as exc:
            self.message.value = (
                "<span class='kit-labbench-error' style='color: var(--jp-error-color1)'>"
                f"{html.escape(str(exc))}</span>"
            )

    def pin(self, number: int) -> None:
        self.runs.pin(number)
        self._sync_table()
        self.redraw()

    def unpin(self, number: int) -> None:
        self.runs.unpin(number)
        self._sync_table()
        self.redraw()

    def toggle_pin(self, number: int) -> None:
        try:
            self.runs.toggle(number)
        finally:
            self._sync_table()  # a refused pin unticks its box again
        self.redraw()

    def apply(self, settings: dict[str, Any]) -> None:
        """Set the explorer to ``settings`` (sliders and fixed fields) and run it once."""
        ex = self.ex
        for slider in ex.controls.values():
            slider.unobserve(ex._on_change, names="value")
        try:
            for name, slider in ex.controls.items():
                value = settings.get(name, slider.value)
                if value is None:
                    continue
                slider.min = min(slider.min, value)
                slider.max = max(slider.max, value)
                slider.value = value
            ex.fixed = {k: v for k, v in settings.items() if k not in ex.controls}
        finally:
            for slider in ex.controls.values():
                slider.observe(ex._on_change, names="value")
        ex.refresh(use_cache=True)

    def restore(self, number: int) -> None:
        """Bring run ``number`` back as the live run."""
        run = self.runs.get(number)
        self.ex.strategies = list(run.specs)
        self.apply(run.settings)

    def load_code(self, text: str) -> None:
        """Run the scenario a code holds, beside the other strategies compared.

        The code's scenario takes the place of the compared strategy with the same name
        (else of the first one). Its fields become the explorer's settings, shared by every
        strategy as slider values are, except what makes up the strategy itself: the time
        shares and ``promo_share`` (unless it has a slider) stay with the code's scenario,
        so that a pasted design's ad share does not change broadcast's.
        """
        scenario = sim.Scenario.from_code(text)
        ex = self.ex
        own = {"promo_share"}
        shared = {
            k: v for k, v in _settings_of(scenario).items() if k not in own or k in ex.controls
        }
        specs = [s.strategy if isinstance(s, sim.Scenario) else s for s in ex.strategies]
        labels = [strategy_label(s) for s in specs]
        mine = strategy_label(scenario.strategy)
        where = labels.index(mine) if mine in labels else 0
        strategies = list(ex.strategies)
        strategies[where] = scenario
        ex.strategies = strategies
        self.apply(shared)
        self.paste.value = ""

    # ------------------------------------------------------------------ drawing
    def yardsticks(self) -> list[Yardstick]:
        """The live run's yardsticks, one per strategy (computed once per run)."""
        run = self.live
        if run is None:
            return []
        if run.number not in self._yardsticks:
            self._yardsticks[run.number] = [
                yardstick(s, run.frame[run.frame["strategy"] == label], label)
                for label, s in run.scenarios.items()
            ]
        return self._yardsticks[run.number]

    def overlay_traces(self, metric: str) -> tuple[list, list]:
        """The pinned runs' faded lines (under the live ones) and the yardstick lines."""
        under = []
        live = self.live
        slot = -1
        for number in self.runs.pinned:
            run = self.runs.get(number)
            if live is not None and run.number == live.number:
                continue
            slot += 1
            what = differences(run.settings, live.settings) if live else ""
            if live is not None and run.strategies != live.strategies:
                what = f"{' vs '.join(run.strategies)}; {what}"
            frames = {
                label: part.reset_index(drop=True)
                for label, part in run.frame.groupby("strategy", sort=False)
            }
            for index, trace in enumerate(line_traces(frames, metric)):
                trace.update(
                    name=f"#{number} {trace.name}: {what}",
                    line=pinned_style(trace.line.color, slot, index),
                    legendgroup=f"pinned-{number}",
                    meta={"overlay": "pinned", "run": number, "strategy": trace.meta["strategy"]},
                )
                under.append(trace)
        over = []
        if self.use_yardstick.value:
            ys = self.yardsticks()
            styles = styles_for({y.label: None for y in ys})
            for index, y in enumerate(ys):
                if y.curve is None or metric != "customers":
                    continue
                over.append(
                    go.Scatter(
                        x=y.weeks,
                        y=y.curve,
                        name=f"Bass yardstick ({y.label}: p {y.p:.3g}, q {y.q:.3g})",
                        mode="lines",
                        line=yardstick_style(styles[y.label]["colour"], index),
                        hovertemplate="Bass yardstick<br>week %{x}<br>customers: %{y:,.0f}"
                        "<extra></extra>",
                        meta={"overlay": "yardstick", "strategy": y.label},
                    )
                )
            note = describe(ys)
            if metric != "customers":
                note = (
                    "<p><i>The Bass yardstick is a curve of customers: pick "
                    f"'{metric_label('customers')}' to see it.</i></p>" + note
                )
            self.yardstick_text.value = note
        else:
            self.yardstick_text.value = ""
        return under, over

    def redraw(self) -> None:
        """Redraw the overlays for the explorer's current metric (the live lines stay).

        Pinned lines go under the live ones and yardsticks over them: the figure's traces
        are replaced in one delete and one add (the FigureWidget's front end handles those
        two reliably; moving traces in place it does not always draw).
        """
        fig = self.ex.figure
        under, over = self.overlay_traces(self.ex.metric.value)
        had = any((tr.meta or {}).get("overlay") for tr in fig.data)
        if not (had or under or over):
            return  # nothing to add or take away: the explorer's own lines are untouched
        live = [go.Scatter(tr) for tr in fig.data if not (tr.meta or {}).get("overlay")]
        fig.data = []
        fig.add_traces(under + live + over)
        with fig.batch_update():
            self._keep_axis_on_runs(fig, under + live, over)
            # long overlay names: the legend goes under the plot, which keeps its width
            if under or over:
                fig.layout.legend.update(orientation="h", x=0, y=-0.2, yanchor="top")
                fig.layout.height = 540
            else:
                fig.layout.legend.update(orientation="v", x=1.02, y=1, yanchor="auto")
                fig.layout.height = 420

    @staticmethod
    def _keep_axis_on_runs(fig, runs: list, yardsticks: list) -> None:
        """Keep the y axis on the runs when a yardstick climbs far above them.

        A Bass curve can reach the whole population while the runs gain a few hundred
        customers; on one axis the runs would lie flat on zero. The axis then stays on the
        runs and a note says where the yardstick goes (its numbers are in the text below).
        """
        notes = [a for a in fig.layout.annotations if a.name != "yardstick-off-chart"]
        top = max((float(np.nanmax(tr.y)) for tr in runs if len(tr.y)), default=0.0)
        high = max((float(np.nanmax(tr.y)) for tr in yardsticks if len(tr.y)), default=0.0)
        if yardsticks and top > 0 and high > OFF_CHART * top:
            fig.layout.yaxis.range = [0, 1.15 * top]
            notes.append(
                go.layout.Annotation(
                    name="yardstick-off-chart",
                    text=f"Bass yardstick leaves the chart (up to {high:,.0f} customers)",
                    xref="paper",
                    yref="paper",
                    x=0.01,
                    y=0.99,
                    xanchor="left",
                    yanchor="top",
                    showarrow=False,
                )  # fmt: skip
            )
        else:
            fig.layout.yaxis.range = None
            fig.layout.yaxis.autorange = True
        fig.layout.annotations = notes

    # ------------------------------------------------------------------ replay
    def replay(
        self, a: tuple[int, str] | None = None, b: tuple[int, str] | None = None, **kw
    ) -> Replay:
        """Replay two runs side by side: ``a`` and ``b`` are ``(run number, strategy)``
        (default: the picker's choice). The widget is also shown under the picker."""
        a = a or self.side_a.value
        b = b or self.side_b.value
        if a is None or b is None:
            raise ValueError("replay: choose two runs first (run the explorer at least once)")
        scenarios = []
        for number, label in (a, b):
            run = self.runs.get(number)
            if label not in run.scenarios:
                raise ValueError(f"replay: run {number} has no strategy {label!r}")
            scenarios.append(run.scenarios[label])
        titles = (f"#{a[0]} {a[1]}", f"#{b[0]} {b[1]}")
        widget = replay(scenarios[0], scenarios[1], titles=titles, **kw)
        self.replay_box.children = [widget]
        return widget
