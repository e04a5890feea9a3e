"""Live explorers on the simulator: sliders that re-run it, and predict-then-reveal questions.

- :func:`explore` returns an :class:`Explorer`: one slider per chosen ``Scenario`` field, a
  metric picker and a plotly ``FigureWidget`` that is updated in place when a slider moves.
- :func:`predict_then_reveal` returns a :class:`Prediction`: the learner commits a number,
  then sees the simulated answer next to the guess; the guess is graded with a tolerance by
  :mod:`kit.quiz` and stored in the progress database like any other question.

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
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kit import sim
from kit.plots.curves import _hover, by_strategy, crossover_marks, over_time
from kit.plots.style import metric_label

__all__ = ["Explorer", "Prediction", "explore", "predict_then_reveal"]

#: The metrics the explorer's picker offers (the hours columns are constant per strategy).
PICKER_METRICS = (
    "customers",
    "followers",
    "mean_trust",
    "new_customers",
    "strong_ties",
    "allies",
    "aware",
    "unfollows",
    "sales_ad",
    "sales_relationship",
    "sales_referral",
    "exposures",
    "hours_per_customer",
)

LESSON_SIZE = {"population": 5_000, "weeks": 104, "seed": 1}
CACHE_SIZE = 64


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _decimals(step: float) -> int:
    return max(0, -math.floor(math.log10(step))) if step > 0 else 3


def _slider(spec: Any, start_values: Mapping[str, Any]) -> tuple[str, w.Widget]:
    """Build the slider of one field from its name, or ``(name, min, max[, step])``."""
    if isinstance(spec, str):
        name, bounds = spec, None
    elif isinstance(spec, Sequence) and len(spec) in (3, 4) and isinstance(spec[0], str):
        name, bounds = spec[0], tuple(spec[1:])
    else:
        raise ValueError(
            f"sliders: {spec!r} is not a field name or (name, min, max[, step]); "
            f"choose names from {', '.join(sim.Scenario.numeric_fields())}"
        )
    if name not in sim.Scenario.numeric_fields():
        raise ValueError(
            f"sliders: {name!r} has no slider; choose from "
            f"{', '.join(sim.Scenario.numeric_fields())}"
        )
    info = sim.Scenario.field_info(name)
    start = start_values[name]
    lo, hi = info["slider_min"], info["slider_max"]
    step = info["step"]
    if bounds is not None:
        lo, hi = bounds[0], bounds[1]
        step = bounds[2] if len(bounds) == 3 else step
        if not info["min"] <= lo < hi <= info["max"]:
            raise ValueError(
                f"sliders: the range ({lo}, {hi}) of {name!r} must lie within "
                f"[{info['min']:g}, {info['max']:g}] with min < max"
            )
    value = min(max(start, lo), hi)
    common = {
        "description": name,
        "tooltip": f"{info['doc']} ({info['unit']})",
        "continuous_update": False,  # re-run on release, so dragging stays smooth
        "style": {"description_width": "110px"},
        "layout": w.Layout(width="auto", min_width="300px"),
    }
    if info["integer"]:
        slider = w.IntSlider(value=int(value), min=int(lo), max=int(hi), step=int(step), **common)
    else:
        slider = w.FloatSlider(
            value=float(value),
            min=float(lo),
            max=float(hi),
            step=float(step),
            readout_format=f".{_decimals(step)}f",
            **common,
        )
    return name, slider


class Explorer(w.VBox):
    """Sliders, a metric picker and a live figure of several strategies.

    Build one with :func:`explore`. Attributes: ``figure`` (the ``FigureWidget``),
    ``controls`` (field name -> slider), ``metric`` (the picker), ``status`` (a line saying
    what was run and how long it took), ``frame`` (the latest :func:`kit.sim.compare`
    result) and ``runs`` (how many times the simulations were re-run).
    """

    def __init__(
        self,
        strategies: Sequence[Any],
        sliders: Iterable[Any],
        metric: str,
        fixed: Mapping[str, Any],
        debounce: float,
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
        for spec in sliders:
            name, slider = _slider(spec, resolved)
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
        self.metric = w.Dropdown(
            options=[(metric_label(m), m) for m in PICKER_METRICS],
            value=metric,
            description="metric",
            style={"description_width": "110px"},
            layout=w.Layout(width="auto", min_width="300px"),
        )
        self.status = w.HTML()
        self.frame = self._simulate()
        fig = over_time(self.frame, metric)
        fig.update_layout(height=420, margin={"t": 60}, title_text=self._title(metric))
        self.figure = go.FigureWidget(fig)
        self._say()
        for slider in self.controls.values():
            slider.observe(self._on_change, names="value")
        self.metric.observe(self._on_metric, names="value")
        grid = w.GridBox(
            [*self.controls.values(), self.metric],
            layout=w.Layout(grid_template_columns="repeat(auto-fill, minmax(320px, 1fr))"),
        )
        super().__init__([grid, self.figure, self.status])
        self.add_class("kit-explorer")

    # ------------------------------------------------------------------ state
    def _resolved_first(self) -> dict[str, Any]:
        first = self.strategies[0]
        if isinstance(first, sim.Scenario):
            scenario = dataclasses.replace(first, **self.fixed)
        else:
            scenario = sim.Scenario(strategy=first, **self.fixed)
        return scenario.resolved()

    @property
    def values(self) -> dict[str, Any]:
        """The current slider values, by field name."""
        return {name: slider.value for name, slider in self.controls.items()}

    def _simulate(self, use_cache: bool = False) -> pd.DataFrame:
        key = tuple(sorted(self.values.items()))
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
        text = " vs ".join(html.escape(str(t.name)) for t in self.figure.data)
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
        self._draw()
        self.last_ms = (time.perf_counter() - start) * 1e3
        loop = _running_loop()
        self._last_run = loop.time() if loop is not None else time.monotonic()
        self._say()

    def _draw(self) -> None:
        metric = self.metric.value
        frames = by_strategy(self.frame, [metric])
        shapes, notes = crossover_marks(frames, metric)
        with self.figure.batch_update():
            for trace in self.figure.data:
                frame = frames[trace.name]
                trace.x = frame["week"].to_numpy()
                trace.y = frame[metric].to_numpy(dtype=float)
                trace.hovertemplate = _hover(metric)
                trace.meta = {"strategy": trace.name, "metric": metric}
            self.figure.layout.shapes = shapes
            self.figure.layout.annotations = notes
            self.figure.layout.yaxis.title.text = metric_label(metric)
            self.figure.layout.title.text = self._title(metric)

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
    debounce: float = 0.15,
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
        choose a range. The step is the field's own; the range is the field's, narrowed to
        :data:`LESSON_RANGES` where that is far too wide for a slider. A slider starts at
        the value in ``fixed``'s scenario (for a strategy-dependent field, the first
        strategy's value) and sets the field for every strategy.
    metric : str
        The metric shown first; the picker offers the others.
    debounce : float
        Seconds: after a run, further slider events within this time are folded into one
        run. Sliders report on release only (``continuous_update=False``), so dragging
        never re-runs the model.
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
    return Explorer(strategies, list(sliders), metric, fixed, debounce)


# ============================================================================ predictions
ANSWERS = ("final", "crossover", "peak_week")


def _answer_of(
    frame: pd.DataFrame, metric: str, answer: str | Callable[[pd.DataFrame], float]
) -> float:
    if callable(answer):
        return float(answer(frame))
    frames = by_strategy(frame, [metric])
    if answer == "final":
        if len(frames) != 1:
            raise ValueError(
                "answer: 'final' needs a single strategy; with several, pass a function "
                "such as lambda df: df[df.strategy == 'relationship'].customers.iloc[-1]"
            )
        return float(next(iter(frames.values()))[metric].iloc[-1])
    if answer == "peak_week":
        if len(frames) != 1:
            raise ValueError("answer: 'peak_week' needs a single strategy")
        f = next(iter(frames.values()))
        return float(f["week"].iloc[int(np.nanargmax(f[metric].to_numpy(dtype=float)))])
    if answer == "crossover":
        if len(frames) != 2:
            raise ValueError(
                f"answer: 'crossover' needs exactly two strategies, not {list(frames)}"
            )
        from kit.plots.curves import crossover

        week = crossover(frame, metric)
        if week is None:
            raise ValueError(
                "answer: in this scenario neither strategy overtakes the other on "
                f"{metric!r}; change the settings (more weeks, another seed or metric)"
            )
        return float(week)
    raise ValueError(f"answer: {answer!r} is not known; choose one of {ANSWERS} or a function")


class Prediction(w.VBox):
    """A predict-then-reveal question; build one with :func:`predict_then_reveal`.

    Attributes: ``question`` (the :class:`kit.quiz.questions.Numeric`), ``quiz`` (the quiz
    widget that takes and records the guess), ``answer`` (the simulated value), ``frame``
    (the simulation), ``reveal`` (a box that stays empty until the guess is committed) and,
    after it, ``figure`` and ``feedback``.
    """

    def __init__(self, question, quiz, answer, frame, metric, kind, unit):
        self.question = question
        self.quiz = quiz
        self.answer = answer
        self.frame = frame
        self.metric = metric
        self.kind = kind
        self.unit = unit
        self.figure: go.FigureWidget | None = None
        self.feedback = None
        self.reveal = w.VBox()
        super().__init__([quiz, self.reveal])
        self.add_class("kit-prediction")
        quiz.observe(self._on_status, names="status")
        if quiz.status != "unanswered":  # answered in an earlier session: reveal again
            self._reveal(self._stored_guess())

    def commit(self, guess: Any) -> Any:
        """Commit ``guess`` as the Commit button does; returns the quiz Feedback."""
        self.feedback = self.quiz.submit(guess)
        return self.feedback

    def _stored_guess(self) -> float | None:
        if self.quiz.store is None:
            return None
        attempts = self.quiz.store.attempts(
            learner=self.quiz.learner, bank=self.quiz.bank_id, question=self.question.id
        )
        try:
            return float(sim_number(attempts[0].response)) if attempts else None
        except ValueError:
            return None

    def _on_status(self, change: dict) -> None:
        if change["new"] != "unanswered":
            self.feedback = self.quiz.last_feedback
            self._reveal(sim_number(self.quiz.response))

    def _reveal(self, guess: float | None) -> None:
        fig = over_time(self.frame, self.metric)
        weekly = self.kind in ("crossover", "peak_week")
        colour = "#999999"
        if guess is not None and math.isfinite(guess):
            if weekly:
                fig.add_vline(
                    x=guess,
                    line={"color": colour, "dash": "dash", "width": 2},
                    annotation_text=f"your guess: week {guess:g}",
                    annotation_position="top left",
                )
            else:
                fig.add_hline(
                    y=guess,
                    line={"color": colour, "dash": "dash", "width": 2},
                    annotation_text=f"your guess: {guess:,.4g}{self.unit}",
                    annotation_position="top left",
                )
        fig.update_layout(height=400, title_text="The simulation's answer")
        self.figure = go.FigureWidget(fig)
        what = f"week {self.answer:g}" if weekly else f"{self.answer:,.4g}{self.unit}"
        said = (
            "no guess"
            if guess is None
            else (f"week {guess:g}" if weekly else f"{guess:,.4g}{self.unit}")
        )
        line = w.HTML(
            f"<p><b>Your prediction:</b> {html.escape(said)} &nbsp;·&nbsp; "
            f"<b>The simulation:</b> {html.escape(what)}</p>"
        )
        self.reveal.children = [line, self.figure]


def sim_number(value: Any) -> float | None:
    """A response as a float, or None if it cannot be read."""
    from kit.quiz.questions import parse_number

    try:
        return parse_number(value)
    except (TypeError, ValueError):
        return None


def predict_then_reveal(
    prompt: str,
    scenario: sim.Scenario,
    metric: str = "customers",
    *,
    strategies: Sequence[Any] | None = None,
    answer: str | Callable[[pd.DataFrame], float] = "final",
    tolerance: float | None = None,
    rel_tolerance: float | None = None,
    question_id: str | None = None,
    bank: str = "predictions",
    unit: str = "",
    store: Any = None,
    learner: str | None = None,
) -> Prediction:
    """Ask for a numeric prediction, then run the simulation and show the answer beside it.

    The guess is graded by :class:`kit.quiz.questions.Numeric` with a tolerance, and stored
    through the quiz's progress store (bank ``"predictions"``) like any question. A
    prediction is committed once (``max_attempts=1``): the point is to think first.

    Parameters
    ----------
    prompt : str
        The question, e.g. ``"In which week does relationship overtake broadcast?"``.
    scenario : kit.sim.Scenario
        The run (lesson size: ``population=5_000, weeks=104``, a fixed seed).
    metric : str
        The output column the question is about; the reveal draws it over time.
    strategies : sequence, optional
        Compare these strategies on ``scenario`` (its strategy is replaced), as
        :func:`kit.sim.compare` does.
    answer : {"final", "crossover", "peak_week"} or callable
        What the learner predicts: the metric in the last week (one strategy), the week
        the strategy ahead at the end overtakes the other (two strategies), the week the
        metric peaks, or any ``function(frame) -> number``.
    tolerance, rel_tolerance : float, optional
        How close counts as right: absolute, or relative to the answer. Default: 4 weeks
        for week answers, 10% otherwise.
    question_id : str, optional
        A stable id for the progress store (default: derived from the prompt).
    bank : str
        The progress store's bank name.
    unit : str
        Shown after numbers, e.g. ``" customers"``.
    store : kit.quiz.progress.ProgressStore or False, optional
        Where the attempt goes (default: the learner's database; ``False``: nowhere).
    learner : str, optional
        Default ``$KIT_LEARNER`` or the login name.

    Returns
    -------
    Prediction
        A widget; ``.commit(guess)`` does what the button does.

    Examples
    --------
    >>> from kit import sim
    >>> p = predict_then_reveal("Customers of relationship after 20 weeks?",
    ...     sim.Scenario.preset("relationship", population=2_000, weeks=20, seed=1),
    ...     question_id="rel-20", store=False)
    >>> p.commit(p.answer).correct
    True
    """
    from kit.quiz.questions import Numeric
    from kit.quiz.widgets import QuestionWidget

    if not isinstance(scenario, sim.Scenario):
        raise TypeError(
            f"scenario: give a kit.sim.Scenario, not {type(scenario).__name__}; e.g. "
            "sim.Scenario(population=5_000, weeks=104, seed=1)"
        )
    if strategies is not None:
        frame = sim.compare(list(strategies), **_fields_of(scenario))
    else:
        frame = sim.simulate(scenario)
    if metric not in frame.columns:
        raise ValueError(f"metric: no column {metric!r}; choose from {list(sim.OUTPUT_COLUMNS)}")
    value = _answer_of(frame, metric, answer)
    kind = answer if isinstance(answer, str) else "custom"
    weekly = kind in ("crossover", "peak_week")
    if tolerance is None and rel_tolerance is None:
        tolerance, rel_tolerance = (4.0, 0.0) if weekly else (0.0, 0.1)
    question = Numeric(
        prompt,
        answer=value,
        tolerance=tolerance or 0.0,
        rel_tolerance=rel_tolerance or 0.0,
        id=question_id,
        max_attempts=1,
        feedback="Your prediction is close to what the simulation gives.",
        default_feedback="The simulation gives a different answer: compare below.",
    )
    # A prediction is not a quiz answer: say how close it was, not "not yet".
    titles = {"correct": "Close", "incorrect": "Not close", "out_of_attempts": ""}
    quiz = QuestionWidget(question, bank_id=bank, store=store, learner=learner, titles=titles)
    if hasattr(quiz, "submit_button"):
        quiz.submit_button.description = "Commit my prediction"
        quiz.submit_button.layout.width = "auto"
        quiz.submit_button.layout.min_width = "12em"  # the label must not be cut off
    return Prediction(question, quiz, value, frame, metric, kind, unit)


def _fields_of(scenario: sim.Scenario) -> dict[str, Any]:
    """Every field of a scenario except its strategy (to apply to other strategies)."""
    return {
        f.name: getattr(scenario, f.name)
        for f in dataclasses.fields(scenario)
        if f.name != "strategy" and getattr(scenario, f.name) is not None
    }
