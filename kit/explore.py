"""Live explorers on the simulator: sliders that re-run it, and predict-then-reveal questions.

- :func:`explore` returns an :class:`Explorer`: one slider per chosen ``Scenario`` field, a
  metric picker and a plotly ``FigureWidget`` that is updated in place when a slider moves.
- :func:`predict_then_reveal` (from :mod:`kit.predict`) returns a :class:`Prediction`: the
  learner guesses a number within a stated range, then sees the simulation beside the guess.

Logic stays in plain methods (``Explorer.refresh``, ``Prediction.commit``), so tests and
instructors drive the widgets headless: set a slider's ``value``, call ``refresh()``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import math
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from kit import sim
from kit.controls import DEFAULT_METRICS, KeepKeys, MetricMenu, labelled_slider, menu_groups
from kit.labbench import LabBench
from kit.plots.curves import crossover_marks, hover_template, line_traces, over_time
from kit.plots.style import metric_label
from kit.predict import Prediction, predict_then_reveal
from kit.sim.analysis import by_strategy
from kit.sim.outputs import MENU

__all__ = ["Explorer", "Prediction", "explore", "predict_then_reveal"]

#: The metrics the explorer's picker offers, in menu order (:data:`kit.sim.outputs.MENU`).
PICKER_METRICS = MENU

LESSON_SIZE = {"population": 5_000, "weeks": 104, "seed": 1}
CACHE_SIZE = 64


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Explorer(w.VBox):
    """Sliders, a metric picker and a live figure of several strategies.

    Build one with :func:`explore`. Attributes: ``figure`` (the ``FigureWidget``),
    ``controls`` (field name -> slider), ``metric`` (the picker), ``status`` (a line saying
    what was run and how long it took), ``frame`` (the latest :func:`kit.sim.compare`
    result) and ``runs`` (how many times the simulations were re-run).

    The lab bench under the figure (:mod:`kit.labbench`) keeps every run: ``history`` (one
    row per run) and ``pinned``, ``pin(n)`` / ``unpin(n)`` (pinned runs are drawn faded
    under the live one), ``restore(n)``, ``code`` (the live run's scenario code) and
    ``load_code(text)``, ``set(**values)`` (run other settings now), ``yardstick(on)`` (the
    Bass curve the run implies) and
    ``replay(a, b)`` (two runs side by side, week by week).
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
    ):
        self.strategies = list(strategies)
        self.fixed = dict(fixed)
        self.debounce = float(debounce)
        self.runs = 0
        self.last_ms = float("nan")
        # Runs are deterministic given the values, so slider positions already visited
        # (dragging back and forth) are redrawn from memory instead of re-run.
        self._cache: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._pending: asyncio.TimerHandle | None = None
        self._last_run = -math.inf
        resolved = self._resolved_first()
        self.controls: dict[str, w.Widget] = {}
        boxes = []
        for spec in sliders:
            name, slider, box = labelled_slider(spec, resolved)
            boxes.append(box)
            if name in self.controls:
                raise ValueError(f"sliders: {name!r} is listed twice; list each field once")
            if name in self.fixed:
                raise ValueError(
                    f"sliders: {name!r} is also fixed at {self.fixed[name]!r}; "
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
        self.frame = self._simulate()
        fig = over_time(self.frame, metric)
        fig.update_layout(height=420, margin={"t": 60}, title_text=self._title(metric))
        self.figure = go.FigureWidget(fig)
        self.bench = LabBench(self, self.frame)
        if not bench:
            self.bench.box.layout.display = "none"
        self._say()
        for slider in self.controls.values():
            slider.observe(self._on_change, names="value")
        self.metric.observe(self._on_metric, names="value")
        grid = w.GridBox(
            [*boxes, self.metric],
            layout=w.Layout(grid_template_columns="repeat(auto-fill, minmax(320px, 1fr))"),
        )
        keys = KeepKeys(layout=w.Layout(height="0px", margin="0px"))
        super().__init__([grid, self.figure, self.status, keys, self.bench.box])
        self.add_class("kit-explorer")

    # ------------------------------------------------------------------ state
    def _resolved_first(self) -> dict[str, Any]:
        first = self.strategies[0]
        if isinstance(first, sim.Scenario):
            scenario = dataclasses.replace(first, **self.fixed)
        else:
            scenario = sim.Scenario(strategy=first, **self.fixed)
        return scenario.resolved()

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
        self.bench.apply({**self.bench.settings(), **values})

    def pin(self, run: int) -> None:
        """Pin run number ``run``: it stays drawn, faded, under the live run."""
        self.bench.pin(run)

    def unpin(self, run: int) -> None:
        self.bench.unpin(run)

    def restore(self, run: int) -> None:
        """Bring run number ``run`` back: its settings, re-drawn as the live run."""
        self.bench.restore(run)

    def load_code(self, text: str) -> None:
        """Run the scenario a code holds (see :meth:`kit.sim.Scenario.from_code`)."""
        self.bench.load_code(text)

    def yardstick(self, on: bool = True) -> list:
        """Show (or hide) the Bass yardstick; returns the live run's yardsticks."""
        self.bench.use_yardstick.value = bool(on)
        return self.bench.yardsticks()

    def replay(self, a=None, b=None, **kwargs):
        """Replay two runs side by side; ``a``, ``b`` are ``(run number, strategy)``."""
        return self.bench.replay(a, b, **kwargs)

    @property
    def values(self) -> dict[str, Any]:
        """The current slider values, by field name."""
        return {name: slider.value for name, slider in self.controls.items()}

    def _simulate(self, use_cache: bool = False) -> pd.DataFrame:
        # fixed fields and strategies change too (a restored run, a pasted code)
        key = (tuple(sorted(self.values.items())), repr(sorted(self.fixed.items())))
        key += (repr(self.strategies),)
        if use_cache and key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        frame = sim.compare(self.strategies, **self.fixed, **self.values)
        self.runs += 1
        self._cache[key] = frame
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return frame

    def _title(self, metric: str) -> str:
        return f"{metric_label(metric)}, week by week"

    def _say(self, error: str = "") -> None:
        size = f"{self.fixed.get('population', 100_000):,} people"
        weeks = f"{self.fixed.get('weeks', 156)} weeks"
        seed = f"seed {self.fixed.get('seed', 0)}"
        took = "" if math.isnan(self.last_ms) else f" · updated in {self.last_ms:.0f} ms"
        text = " vs ".join(
            html.escape(str(t.name)) for t in self.figure.data if not (t.meta or {}).get("overlay")
        )
        line = f"{text} · {size} · {weeks} · {seed}{took}"
        if error:
            line = f"<b>Could not run these settings:</b> {html.escape(error)}"
        self.status.value = f"<span style='font-size: 0.85em; opacity: 0.8'>{line}</span>"

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
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        start = time.perf_counter()
        self.frame = self._simulate(use_cache)
        self.bench.after_run(self.frame)
        self._draw()
        self.last_ms = (time.perf_counter() - start) * 1e3
        loop = _running_loop()
        self._last_run = loop.time() if loop is not None else time.monotonic()
        self._say()

    def _draw(self) -> None:
        metric = self.metric.value
        frames = by_strategy(self.frame, [metric])
        shapes, notes = crossover_marks(frames, metric)
        live = [t for t in self.figure.data if not (t.meta or {}).get("overlay")]
        if [t.name for t in live] != list(frames):  # other strategies (a pasted code)
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
            self.figure.layout.yaxis.title.text = metric_label(metric)
            self.figure.layout.title.text = self._title(metric)
        self.bench.redraw()

    def _on_metric(self, _change: dict) -> None:
        self._draw()  # no re-run: every metric of the last run is in self.frame

    def _on_change(self, _change: dict) -> None:
        """Debounce UI events: run at once, then at most once per ``debounce`` seconds.

        The first change after a quiet spell runs immediately (so a slider release shows
        its result without waiting); changes that follow within ``debounce`` seconds are
        folded into one trailing run with the latest values. Without a running event loop
        (plain Python, tests) every change runs at once.
        """
        loop = _running_loop()
        if loop is None or self.debounce <= 0:
            self._safe_refresh()
            return
        if self._pending is not None:
            return  # a trailing run is booked; it will read the latest values
        wait = self.debounce - (loop.time() - self._last_run)
        if wait <= 0:
            self._safe_refresh()
        else:
            self._pending = loop.call_later(wait, self._trailing)

    def _trailing(self) -> None:
        self._pending = None
        self._safe_refresh()

    def _safe_refresh(self) -> None:
        try:
            self.refresh(use_cache=True)
        except (ValueError, TypeError) as exc:
            self._say(error=str(exc))


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
    strategies : sequence
        Preset names, explicit time shares or ``Scenario`` objects, as in
        :func:`kit.sim.compare`.
    sliders : iterable
        Field names (see ``Scenario.numeric_fields()``), or ``(name, min, max[, step])`` to
        choose a range. Each slider is labelled in plain words with its unit, the field's
        name in the small print and tooltip (:mod:`kit.controls`). The step is the unit's
        natural one; the range is the field's, narrowed to
        :data:`LESSON_RANGES` where that is far too wide for a slider. A slider starts at
        the value in ``fixed``'s scenario (for a strategy-dependent field, the first
        strategy's value) and sets the field for every strategy.
    metric : str
        The metric shown first.
    metrics : sequence of str, optional
        The other metrics the menu offers, grouped under plain headings (default
        :data:`kit.controls.DEFAULT_METRICS`: customers, new customers, followers, trust);
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
    strategies = [strategies] if isinstance(strategies, str) else list(strategies)
    if not strategies:
        raise ValueError("strategies: give at least one, e.g. ('broadcast', 'relationship')")
    if isinstance(sliders, str):
        sliders = [sliders]
    if not isinstance(debounce, int | float) or debounce < 0:
        raise ValueError(f"debounce: {debounce!r} must be a number of seconds >= 0")
    fixed = {**LESSON_SIZE, **fixed}
    return Explorer(strategies, list(sliders), metric, fixed, debounce, metrics, bench)
