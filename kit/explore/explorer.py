"""The live explorer: sliders that re-run the simulator and a figure updated in place.

:func:`explore` returns an :class:`Explorer`: one slider per chosen ``Scenario`` field, a
metric picker, a plotly ``FigureWidget`` and the lab bench under it. Its state is a
:class:`kit.explore.session.Session`; the sliders and the picker set it, and the explorer
draws what it holds. This module is the one place that writes the figure: the live lines,
and the overlay lines its parts give through the session (pinned runs, the Bass yardstick).

Logic stays in plain methods (``Explorer.refresh``, ``Explorer.set``), so tests and
instructors drive the widget headless: set a slider's ``value``, call ``refresh()``.
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import traitlets as t

from kit import sim
from kit.explore.bench import LabBench
from kit.explore.controls import (
    DEFAULT_METRICS,
    KeepKeys,
    MetricMenu,
    labelled_slider,
    menu_groups,
)
from kit.explore.session import Session
from kit.plots import summary as summaries
from kit.plots.curves import crossover_marks, hover_template, line_traces, over_time, week_span
from kit.plots.figure import widget as figure_widget
from kit.plots.style import metric_label
from kit.sim.analysis import by_strategy
from kit.sim.outputs import MENU

__all__ = ["Explorer", "explore"]

#: The metrics the explorer's picker offers, in menu order (:data:`kit.sim.outputs.MENU`).
PICKER_METRICS = MENU

LESSON_SIZE = {"population": 5_000, "weeks": 104, "seed": 1}

#: An overlay line drawn over the runs (the Bass yardstick) this many times above the runs'
#: highest point leaves the chart: the y axis stays on the runs.
OFF_CHART = 3.0


#: The figure's height, legend under the plot included; with overlays (more legend rows).
_HEIGHT, _HEIGHT_WITH_OVERLAYS = 460, 540


def _is_overlay(trace: Any) -> bool:
    return bool((trace.meta or {}).get("overlay"))


class Explorer(w.VBox):
    """Sliders, a metric picker and a live figure of several strategies.

    Build one with :func:`explore`. Attributes: ``session`` (the state:
    :class:`kit.explore.session.Session`), ``figure`` (the ``FigureWidget``), ``controls``
    (field name -> slider), ``metric`` (the picker), ``status`` (a line saying what was run
    and how long it took), ``frame`` (the latest :func:`kit.sim.compare` result) and
    ``runs`` (how many times the simulations were re-run).

    The lab bench under the figure (:mod:`kit.explore.bench`) keeps every run: ``history``
    (one row per run) and ``pinned``, ``pin(n)`` / ``unpin(n)`` (pinned runs are drawn faded
    under the live one), ``restore(n)``, ``code`` (the live run's scenario code) and
    ``load_code(text)``, ``set(**values)`` (run other settings now), ``yardstick(on)`` (the
    Bass curve the run implies) and ``replay(a, b)`` (two runs side by side, week by week).
    """

    def __init__(
        self,
        strategies: Sequence[Any],
        sliders: Iterable[Any],
        metric: str,
        fixed: Mapping[str, Any],
        debounce: float,
        metrics: Sequence[str] | None = None,
        bench: bool = True,
        names: Sequence[str] | None = None,
    ):
        fixed = dict(fixed)
        resolved = _resolved_first(strategies[0], fixed)
        self.controls: dict[str, w.Widget] = {}
        boxes = []
        for spec in sliders:
            name, slider, box = labelled_slider(spec, resolved)
            boxes.append(box)
            if name in self.controls:
                raise ValueError(f"sliders: {name!r} is listed twice; list each field once")
            if name in fixed:
                raise ValueError(
                    f"sliders: {name!r} is also fixed at {fixed[name]!r}; "
                    "either give it a slider or fix it, not both"
                )
            self.controls[name] = slider
        if metric not in PICKER_METRICS:
            raise ValueError(f"metric: {metric!r} is not offered; choose from {PICKER_METRICS}")
        offered = [metric, *(DEFAULT_METRICS if metrics is None else metrics)]
        unknown = [m for m in offered if m not in PICKER_METRICS]
        if unknown:
            raise ValueError(f"metrics: {unknown} are not offered; choose from {PICKER_METRICS}")
        self.metric = MetricMenu(groups=menu_groups(offered), value=metric)
        self.status = w.HTML()
        self.session = Session(
            strategies, fixed, self._slider_values(), metric, debounce, names=names
        )
        self.session.run()
        fig = over_time(self.frame, metric)
        fig.update_layout(height=_HEIGHT, margin={"t": 60}, title_text=self._title(metric))
        self.figure = figure_widget(fig)
        # The parts observe the session before the explorer does: they have seen a new run
        # when the explorer draws it and asks them for their overlay lines.
        self.bench = LabBench(self.session)
        if not bench:
            self.bench.box.layout.display = "none"
        self._syncing = False
        self._say()
        for name, slider in self.controls.items():
            slider.observe(lambda change, name=name: self._slider_moved(name, change), "value")
        t.link((self.metric, "value"), (self.session, "metric"))
        self.session.observe(self._values_set, names="values")
        self.session.observe(lambda _c: self._draw(), names=["frame", "metric"])
        self.session.observe(lambda _c: self._draw_overlays(), names="overlays")
        self.session.observe(lambda _c: self._say(), names="updates")
        self.session.observe(self._error, names="error")
        grid = w.GridBox(
            [*boxes, self.metric],
            layout=w.Layout(grid_template_columns="repeat(auto-fill, minmax(320px, 1fr))"),
        )
        keys = KeepKeys(layout=w.Layout(height="0px", margin="0px"))
        super().__init__([grid, self.figure, self.status, keys, self.bench.box])
        self.add_class("kit-explorer")

    # ------------------------------------------------------------------ state
    @property
    def strategies(self) -> list:
        """What is compared (the session's ``strategies``)."""
        return self.session.strategies

    @property
    def fixed(self) -> dict[str, Any]:
        """The fields held fixed (the session's ``fixed``)."""
        return self.session.fixed

    @property
    def values(self) -> dict[str, Any]:
        """The current slider values, by field name."""
        return self._slider_values()

    @property
    def frame(self) -> pd.DataFrame:
        """The latest run (:func:`kit.sim.compare`'s frame)."""
        return self.session.frame

    @property
    def runs(self) -> int:
        """How many times the simulations were computed (not counting runs from memory)."""
        return self.session.runs

    @property
    def last_ms(self) -> float:
        """Milliseconds the latest update took, drawing included."""
        return self.session.last_ms

    @property
    def debounce(self) -> float:
        return self.session.debounce

    def _slider_values(self) -> dict[str, Any]:
        return {name: slider.value for name, slider in self.controls.items()}

    def _slider_moved(self, name: str, change: dict) -> None:
        if not self._syncing:  # a learner's move, not the session's values shown
            self.session.change(**{name: change["new"]})

    def _values_set(self, _change: dict) -> None:
        """The session's values changed (a restored run, a code): move the sliders there."""
        self._syncing = True
        try:
            for name, slider in self.controls.items():
                value = self.session.values.get(name)
                if value is None or value == slider.value:
                    continue
                slider.min = min(slider.min, value)
                slider.max = max(slider.max, value)
                slider.value = value
        finally:
            self._syncing = False
        if self._slider_values() != self.session.values:  # as the sliders hold them
            self.session.values = self._slider_values()

    # ------------------------------------------------------------------ lab bench
    @property
    def history(self) -> pd.DataFrame:
        """Every run so far, one row each: settings, summary numbers, code, pinned."""
        return self.bench.runs.frame()

    @property
    def pinned(self) -> pd.DataFrame:
        """The pinned runs (at most four), as rows of :attr:`history`."""
        return self.bench.runs.frame(pinned_only=True)

    @property
    def code(self) -> str:
        """The scenario code of the live run (its first strategy's scenario)."""
        return self.bench.live.code

    def set(self, **values: Any) -> None:
        """Set fields (sliders or fixed ones) and run once now, as moving sliders would.

        Unlike setting ``controls[name].value`` one by one, this runs exactly once, also
        where slider events are debounced (in a notebook), so the run is in :attr:`history`
        when the call returns.
        """
        self.session.set(**values)

    def pin(self, run: int) -> None:
        """Pin run number ``run``: it stays drawn, faded, under the live run."""
        self.bench.pin(run)

    def unpin(self, run: int) -> None:
        self.bench.unpin(run)

    def restore(self, run: int) -> None:
        """Bring run number ``run`` back: its settings, re-drawn as the live run."""
        self.bench.restore(run)

    def load_code(self, text: str, name: str | None = None) -> None:
        """Run the scenario a code holds (see :meth:`kit.sim.Scenario.from_code`), called
        ``name`` in the legend and the history if given."""
        self.bench.load_code(text, name)

    def yardstick(self, on: bool = True) -> list:
        """Show (or hide) the Bass yardstick; returns the live run's yardsticks."""
        self.bench.use_yardstick.value = bool(on)
        return self.bench.yardsticks()

    def replay(self, a=None, b=None, **kwargs):
        """Replay two runs side by side; ``a``, ``b`` are ``(run number, strategy)``."""
        return self.bench.replay(a, b, **kwargs)

    # ------------------------------------------------------------------ updates
    def refresh(self, use_cache: bool = False) -> None:
        """Re-run every strategy now with the current slider values and redraw.

        Parameters
        ----------
        use_cache : bool
            Reuse the result of values seen before (slider events do); by default the
            simulations are always re-run.

        Raises whatever the simulator raises for impossible settings (UI events show the
        message in ``status`` instead).
        """
        self.session.run(use_cache)

    def _title(self, metric: str) -> str:
        return f"{metric_label(metric)}, week by week"

    def _say(self, error: str = "") -> None:
        fixed = self.session.fixed
        size = f"{fixed.get('population', 100_000):,} people"
        weeks = f"{fixed.get('weeks', 156)} weeks"
        seed = f"seed {fixed.get('seed', 0)}"
        took = "" if math.isnan(self.last_ms) else f" · updated in {self.last_ms:.0f} ms"
        text = " vs ".join(
            html.escape(str(tr.name)) for tr in self.figure.data if not _is_overlay(tr)
        )
        line = f"{text} · {size} · {weeks} · {seed}{took}"
        if error:
            line = f"<b>Could not run these settings:</b> {html.escape(error)}"
        self.status.value = (
            f"<p class='kit-figure-summary' style='margin: 0 0 2px'>"
            f"{html.escape(self.summary())}</p>"
            f"<span style='font-size: 0.85em'>{line}</span>"
        )

    def summary(self) -> str:
        """The figure in one sentence, for everyone and for screen readers (the figure's
        name): what it shows and where each line ends, and the crossover week."""
        metric = self.session.metric
        return summaries.lines(by_strategy(self.frame, [metric]), [metric])

    def _error(self, change: dict) -> None:
        if change["new"]:
            self._say(error=change["new"])

    # ------------------------------------------------------------------ the figure
    def _draw(self) -> None:
        """Draw the session's run for its metric: the live lines in place, then overlays."""
        metric = self.session.metric
        frames = by_strategy(self.frame, [metric])
        shapes, notes = crossover_marks(frames, metric)
        live = [tr for tr in self.figure.data if not _is_overlay(tr)]
        if [tr.name for tr in live] != list(frames):  # other strategies (a pasted code)
            self.figure.data = []
            self.figure.add_traces(line_traces(frames, metric))
            live = list(self.figure.data)
        with self.figure.batch_update():
            for trace in live:
                frame = frames[trace.name]
                trace.x = frame["week"].to_numpy()
                trace.y = frame[metric].to_numpy(dtype=float)
                trace.hovertemplate = hover_template(metric)
                trace.meta = {"strategy": trace.name, "metric": metric}
            self.figure.layout.shapes = shapes
            self.figure.layout.annotations = notes
            self.figure.layout.xaxis.range = list(week_span(frames))
            self.figure.layout.yaxis.title.text = metric_label(metric)
            self.figure.layout.title.text = self._title(metric)
        self._draw_overlays()

    def _draw_overlays(self) -> None:
        """Redraw the overlays for the current metric (the live lines stay).

        Lines from overlays (:meth:`kit.explore.session.Session.add_overlay`) go under the
        live ones or over them: the figure's traces are replaced in one delete and one add
        (the FigureWidget's front end handles those two reliably; moving traces in place it
        does not always draw).
        """
        fig = self.figure
        under, over = self.session.overlay_traces(self.session.metric)
        had = any(_is_overlay(tr) for tr in fig.data)
        if not (had or under or over):
            return  # nothing to add or take away: the explorer's own lines are untouched
        live = [go.Scatter(tr) for tr in fig.data if not _is_overlay(tr)]
        fig.data = []
        fig.add_traces(under + live + over)
        with fig.batch_update():
            self._keep_axis_on_runs(under + live, over)
            weeks = [float(x) for tr in fig.data if tr.x is not None and len(tr.x) for x in tr.x]
            if weeks:  # the x axis ends at the last week drawn, unpadded
                fig.layout.xaxis.range = [min(weeks), max(weeks)]
            # the legend is under the plot (kit.plots.figure.widget), which keeps the
            # cell's width; overlays' long names take more rows there
            fig.layout.height = _HEIGHT_WITH_OVERLAYS if under or over else _HEIGHT

    def _keep_axis_on_runs(self, runs: list, yardsticks: list) -> None:
        """Keep the y axis on the runs when a yardstick climbs far above them.

        A Bass curve can reach the whole population while the runs gain a few hundred
        customers; on one axis the runs would lie flat on zero. The axis then stays on the
        runs and a note says where the yardstick goes (its numbers are in the text below).
        """
        fig = self.figure
        notes = [a for a in fig.layout.annotations if a.name != "yardstick-off-chart"]
        top = max((float(np.nanmax(tr.y)) for tr in runs if len(tr.y)), default=0.0)
        high = max((float(np.nanmax(tr.y)) for tr in yardsticks if len(tr.y)), default=0.0)
        if yardsticks and top > 0 and high > OFF_CHART * top:
            fig.layout.yaxis.range = [0, 1.15 * top]
            notes.append(
                go.layout.Annotation(
                    name="yardstick-off-chart",
                    text=f"Bass yardstick leaves the chart (up to {high:,.0f} customers)",
                    # above the plot, right: clear of the crossover labels inside it
                    xref="paper",
                    yref="paper",
                    x=1,
                    y=1.01,
                    xanchor="right",
                    yanchor="bottom",
                    showarrow=False,
                )  # fmt: skip
            )
        else:
            fig.layout.yaxis.range = None
            fig.layout.yaxis.autorange = True
        fig.layout.annotations = notes


def _resolved_first(first: Any, fixed: Mapping[str, Any]) -> dict[str, Any]:
    """The first strategy's resolved fields under ``fixed`` (where the sliders start)."""
    if isinstance(first, sim.Scenario):
        scenario = dataclasses.replace(first, **fixed)
    else:
        scenario = sim.Scenario(strategy=first, **fixed)
    return scenario.resolved()


def explore(
    strategies: Sequence[Any] = ("broadcast", "relationship"),
    sliders: Iterable[Any] = ("hours", "reach", "p_ad", "p_rel", "q_wom"),
    metric: str = "customers",
    *,
    metrics: Sequence[str] | None = None,
    debounce: float = 0.15,
    bench: bool = True,
    **fixed: Any,
) -> Explorer:
    """A live explorer: sliders for chosen ``Scenario`` fields and a figure of the strategies.

    Parameters
    ----------
    strategies : sequence or mapping
        Preset names, explicit time shares or ``Scenario`` objects, as in
        :func:`kit.sim.compare`; a mapping ``{name: strategy}`` gives each the name the
        lesson uses (``{"robot": (1, 0, 0), "blend": (0.3, 0, 0.7)}``), in the legend, the
        history and the replay.
    sliders : iterable
        Field names (see ``Scenario.numeric_fields()``), or ``(name, min, max[, step])`` to
        choose a range. Each slider is labelled in plain words with its unit, the field's
        name in the small print and tooltip (:mod:`kit.explore.controls`). The step is the
        unit's natural one; the range is the field's slider range (``slider_min`` and
        ``slider_max`` of ``Scenario.field_info``, narrower than the field's own where
        that is far too wide for a slider). A slider starts at
        the value in ``fixed``'s scenario (for a strategy-dependent field, the first
        strategy's value) and sets the field for every strategy.
    metric : str
        The metric shown first.
    metrics : sequence of str, optional
        The other metrics the menu offers, grouped under plain headings (default
        :data:`kit.explore.controls.DEFAULT_METRICS`: customers, new customers, followers, trust);
        any of :data:`PICKER_METRICS`.
    debounce : float
        Seconds: after a run, further slider events within this time are folded into one
        run. Sliders report on release only (``continuous_update=False``), so dragging
        never re-runs the model.
    bench : bool
        Show the lab bench under the figure (run history and pins, the scenario code, the
        Bass yardstick, replay); runs are kept either way.
    **fixed
        Other ``Scenario`` fields, held fixed. Defaults to the lesson size:
        ``population=5_000, weeks=104, seed=1``.

    Returns
    -------
    Explorer
        ``.figure`` (the ``FigureWidget``), ``.controls`` (name -> slider), ``.metric``,
        ``.refresh()``.

    Examples
    --------
    >>> ex = explore(sliders=["hours", "p_ad"], population=2_000, weeks=20)
    >>> ex.controls["p_ad"].value = 0.03   # headless, the figure updates at once
    >>> ex.runs
    2
    """
    names = None
    if isinstance(strategies, Mapping):
        names = [str(name) for name in strategies]
        strategies = list(strategies.values())
    strategies = [strategies] if isinstance(strategies, str) else list(strategies)
    if not strategies:
        raise ValueError("strategies: give at least one, e.g. ('broadcast', 'relationship')")
    if isinstance(sliders, str):
        sliders = [sliders]
    if not isinstance(debounce, int | float) or debounce < 0:
        raise ValueError(f"debounce: {debounce!r} must be a number of seconds >= 0")
    fixed = {**LESSON_SIZE, **fixed}
    return Explorer(strategies, list(sliders), metric, fixed, debounce, metrics, bench, names)
