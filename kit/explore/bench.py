"""The explorer's lab bench: run history and pins, scenario codes, the Bass yardstick, replay.

:class:`LabBench` works on an explorer's :class:`kit.explore.session.Session`, never on the
explorer itself: it keeps every run the session makes (``frame``), brings one back or runs a
pasted code through :meth:`Session.apply <kit.explore.session.Session.apply>`, and gives its
overlay lines (pinned runs under the live ones, the Bass yardstick over them) through
:meth:`Session.add_overlay <kit.explore.session.Session.add_overlay>`; the explorer draws
them. Its widgets sit under the explorer's figure: the live run's scenario code with a copy
button and a box to paste one, a "Bass yardstick" toggle, the history table
(:class:`kit.explore.history.HistoryTable`) and the replay picker. Every click has a plain
method behind it (``pin``, ``restore``, ``load_code``, ``replay``), so tests and instructors
drive it headless; the explorer exposes them (``explorer.pin(3)``, ``explorer.history``...).
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import time
from typing import Any

import anywidget
import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go
import traitlets as t

from kit import sim
from kit.explore.history import HistoryTable, Run, RunHistory, differences, table_rows
from kit.explore.replay import Replay, replay
from kit.explore.session import Session
from kit.explore.yardstick import Yardstick, describe, yardstick
from kit.files import static_text
from kit.plots.curves import line_traces, styles_for
from kit.plots.style import metric_label, rgba
from kit.sim.api import strategy_label

#: A pinned run is its strategies' colours, faded (this alpha, a little less for each later
#: pin) and dotted with a pattern of its own, so that no two lines of a figure share a
#: colour or a dash (kit.plots.style.style_problems; the house rule for colour-blind readers).
PINNED_ALPHA = 0.7

#: Seconds: slider runs closer together than this (arrow-key presses, a slider dragged
#: and let go again) are one move, kept as one history row: the run the learner settles on.
SETTLE = 1.5


#: The marker of each pinned run (by pin slot), so two pinned runs of one strategy are told
#: apart by shape, not only by a legend text.
PINNED_MARKERS = ("circle-open", "square-open", "diamond-open", "triangle-up-open")


def pinned_style(colour: str, slot: int, index: int) -> dict:
    """The line of strategy number ``index`` of the ``slot``-th pinned run (0-based)."""
    return {
        "color": rgba(colour, round(PINNED_ALPHA - 0.06 * slot, 2)),
        "dash": f"{2 + 2 * index}px,{3 + 2 * slot}px",
        "width": 2,
    }


def pinned_marker(colour: str, slot: int) -> dict:
    """The markers along the ``slot``-th pinned run's lines (a dozen, one shape per pin)."""
    return {
        "symbol": PINNED_MARKERS[slot % len(PINNED_MARKERS)],
        "size": 8,
        "color": rgba(colour, round(PINNED_ALPHA - 0.06 * slot, 2)),
        "maxdisplayed": 12,
    }


def yardstick_style(colour: str, index: int) -> dict:
    """The Bass yardstick of strategy number ``index``: its colour, a long dash-dot."""
    return {"color": rgba(colour, 0.95), "dash": f"{12 + 4 * index}px,4px,2px,4px", "width": 2}


class CodeBox(anywidget.AnyWidget):
    """The live run's scenario code, selectable, with a Copy button (browser clipboard)."""

    _esm = static_text("kit.explore", "code_box.js")
    _css = static_text("kit.explore", "code_box.css")
    code = t.Unicode("").tag(sync=True)


def _settings_of(scenario: sim.Scenario) -> dict[str, Any]:
    return {
        f.name: getattr(scenario, f.name)
        for f in dataclasses.fields(scenario)
        if f.name != "strategy"
    }


class LabBench:
    """History, pins, codes, yardstick and replay for one explorer (see module text)."""

    def __init__(self, session: Session):
        self.session = session
        self.runs = RunHistory()
        # The first run is kept before the widgets exist, so that they are created with
        # their state: anywidget can drop updates that reach the browser while a widget's
        # module is still loading (manzt/anywidget#803).
        self.live: Run | None = self.runs.add(
            session.strategies, self.settings(), session.frame, session.labels()
        )
        self._yardsticks: dict[int, list[Yardstick]] = {}
        self._moving: tuple[int, float] | None = None  # (run, when) of the last slider run
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
            tooltip=(
                "draw the Bass curve this run's ad response and word-of-mouth pull imply, "
                "and say why the run differs"
            ),
            layout=w.Layout(width="auto"),
        )
        self.use_yardstick.observe(lambda _c: self._safe(session.redraw), names="value")
        self.yardstick_text = w.HTML(layout=w.Layout(max_width="900px"))
        columns, rows = table_rows(self.runs, list(self.session.values))
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
        session.observe(lambda change: self.after_run(change["new"]), names="frame")
        session.add_overlay(self.overlay_traces)

    # ------------------------------------------------------------------ recording
    def settings(self) -> dict[str, Any]:
        return self.session.settings()

    def after_run(self, frame: pd.DataFrame) -> None:
        """Keep the session's latest run (once per distinct setting) and show it."""
        settings = self.settings()
        for run in self.runs.runs:
            if run.settings == settings and run.strategies == list(frame["strategy"].unique()):
                self.live = run
                break
        else:
            args = (self.session.strategies, settings, frame, self.session.labels())
            if self._still_moving():
                self._yardsticks.pop(self.live.number, None)
                self.live = self.runs.replace_last(*args)
            else:
                self.live = self.runs.add(*args)
        now = time.monotonic()
        self._moving = (self.live.number, now) if self.session.from_slider else None
        self.code.code = self.live.code
        self._sync_table()

    def _still_moving(self) -> bool:
        """True when this slider run continues the move that made the live run: that run
        is the newest, not pinned, and came from a slider within :data:`SETTLE` seconds.
        Only in a running kernel (plain Python and tests keep every run, as they run every
        change at once)."""
        if not self.session.from_slider or self._moving is None or self.live is None:
            return False
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        number, when = self._moving
        newest = self.runs.runs[-1] if self.runs.runs else None
        return (
            newest is self.live
            and number == self.live.number
            and number not in self.runs.pinned
            and time.monotonic() - when < SETTLE
        )

    def _sync_table(self) -> None:
        columns, rows = table_rows(self.runs, list(self.session.values))
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
        self.session.redraw()

    def unpin(self, number: int) -> None:
        self.runs.unpin(number)
        self._sync_table()
        self.session.redraw()

    def toggle_pin(self, number: int) -> None:
        try:
            self.runs.toggle(number)
        finally:
            self._sync_table()  # a refused pin unticks its box again
        self.session.redraw()

    def restore(self, number: int) -> None:
        """Bring run ``number`` back as the live run."""
        run = self.runs.get(number)
        self.session.apply(run.settings, strategies=run.specs, names=run.strategies)

    def load_code(self, text: str, name: str | None = None) -> None:
        """Run the scenario a code holds, beside the other strategies compared.

        The code's scenario takes the place of the compared strategy with the same name
        (else of the first one). Its fields become the explorer's settings, shared by every
        strategy as slider values are, except what makes up the strategy itself: the time
        shares and ``promo_share`` (unless it has a slider) stay with the code's scenario,
        so that a pasted design's ad share does not change broadcast's. ``name`` is what
        legends, history and pins call it (the lesson's word, e.g. ``"your design"``); by
        default, as :func:`kit.sim.compare` calls its strategy.
        """
        scenario = sim.Scenario.from_code(text)
        self.session.check_size(_settings_of(scenario))  # a code for 10 million: refused now
        session = self.session
        own = {"promo_share"}
        shared = {
            k: v for k, v in _settings_of(scenario).items() if k not in own or k in session.values
        }
        specs = [s.strategy if isinstance(s, sim.Scenario) else s for s in session.strategies]
        labels = [strategy_label(s) for s in specs]
        mine = strategy_label(scenario.strategy)
        where = labels.index(mine) if mine in labels else 0
        strategies = list(session.strategies)
        strategies[where] = scenario
        names = list(session.names)  # the lesson's names stay; the code's own in another's place
        if name is not None:
            names = names or labels
            names[where] = str(name)
            if len(set(names)) < len(names):
                raise ValueError(
                    f"name: {name!r} is already the name of another strategy here ({names})"
                )
        elif names and labels[where] != mine:
            names[where] = strategy_label(scenario)
            if len(set(names)) < len(names):
                names = []  # as compare calls them
        session.apply(shared, strategies=strategies, names=names)
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
        """The pinned runs' faded lines (under the live ones) and the yardstick lines (over
        them); also says why the yardstick is where it is (the session's overlay)."""
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
                    mode="lines+markers",
                    marker=pinned_marker(trace.line.color, slot),
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
                        name=f"Bass yardstick ({y.label})",
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
        # each side drawn as the explorer's figure draws that strategy of its run
        styles = []
        for number, label in (a, b):
            style = styles_for(self.runs.get(number).strategies)[label]
            styles.append({"colour": style["colour"], "dash": style["dash"]})
        kw.setdefault("styles", tuple(styles))
        widget = replay(scenarios[0], scenarios[1], titles=titles, **kw)
        self.replay_box.children = [widget]
        return widget
