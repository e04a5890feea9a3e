"""Predict then reveal: the learner guesses a number, then sees the simulation beside it.

A prediction is a guess, not an exam answer. The box states its range (weeks 1 to 104, or 0
to the population); a guess outside it, or one that is not a number, is refused with a
sentence and nothing is stored. The guess can be changed freely until the learner presses
Reveal (or Enter in the box). The reveal is neutral: "your guess vs the simulation", the
guess drawn on the figure (whose axes stay on the run), how far off it was and what that
tells you; no cross, no points. "Predict again on a new run" asks the same question of a
run with the next seed.

The revealed guess is stored in the progress database (bank ``"predictions"``) with the
closeness a :class:`kit.quiz.questions.Numeric` gives it, through the store and the record
policy quiz answers use (:func:`kit.store.resolve_store`, :func:`kit.store.record_attempt`),
so an instructor can see how the room guessed; coming back to the notebook shows the
earlier guess revealed again.

The widgets are here; what a question asks for, the guesses it accepts and how numbers are
said are in :mod:`kit.explore.answers` (no widgets); the guess box is
:class:`kit.explore.controls.GuessBox`.

Examples
--------
>>> from kit import sim
>>> p = predict_then_reveal("Customers of relationship after 20 weeks?",
...     sim.Scenario.preset("relationship", population=2_000, weeks=20, seed=1), store=False)
>>> p.range
(0.0, 2000.0)
>>> p.commit("5000").valid          # outside the range: refused, nothing spent
False
>>> p.commit(p.answer).correct
True
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kit import sim
from kit.explore.answers import (
    answer_of,
    default_range,
    read_guess,
    run_question,
    say_number,
)
from kit.explore.controls import GuessBox
from kit.plots.curves import over_time
from kit.plots.figure import OUTPUT_METADATA, summary_html
from kit.plots.style import TEXT_GREY, metric_label
from kit.sim.analysis import by_strategy
from kit.store import default_learner, record_attempt, resolve_store

__all__ = ["Prediction", "predict_then_reveal"]


# ============================================================================ the widget
class Prediction(w.VBox):
    """A predict-then-reveal question; build one with :func:`predict_then_reveal`.

    Attributes: ``box`` (the :class:`GuessBox`), ``answer`` (the simulated value),
    ``range`` (``(low, high)`` a guess must lie in; either may be None), ``frame`` (the
    simulation), ``question`` (the :class:`kit.quiz.questions.Numeric` that says how close
    a guess is), ``result`` (the "your guess vs the simulation" box, empty until Reveal),
    ``figure`` (after Reveal), ``again`` (the "Predict again on a new run" button) and
    ``seed`` (the run's seed). ``commit(guess)`` does what typing the guess and pressing
    Reveal do.
    """

    def __init__(self, spec: dict[str, Any]):
        self._spec = spec
        self.prompt = w.HTMLMath(f"<p><b>Predict:</b> {html.escape(spec['prompt'])}</p>")
        self.note = w.HTML()
        self.box = GuessBox(self._on_reveal)
        self.result = w.VBox()
        self.result.add_class("kit-prediction-result")
        self.again = w.Button(
            description="Predict again on a new run",
            tooltip="Same question, a run with the next seed",
            layout=w.Layout(width="auto", display="none"),
        )
        self.again.on_click(lambda _: self.new_run())
        self.figure: go.Figure | None = None
        self.feedback = None
        self.guess: float | None = None
        super().__init__([self.prompt, self.note, self.box, self.result, self.again])
        self.add_class("kit-prediction")
        self._load(spec["scenario"], spec["frame"], spec["question_id"])
        stored = self._stored_guess()
        if stored is not None:  # revealed in an earlier session: show it again
            self.box.value = say_number(stored)
            self._reveal(stored, earlier=True)

    # ------------------------------------------------------------------ state
    def _load(self, scenario: sim.Scenario, frame: pd.DataFrame, question_id: str) -> None:
        from kit.quiz.questions import Numeric

        spec = self._spec
        self.scenario = scenario
        self.seed = scenario.seed
        self.frame = frame
        self.answer = answer_of(frame, spec["metric"], spec["answer"])
        self.range = spec["range"] or default_range(frame, spec["metric"], spec["kind"], scenario)
        self.question_id = question_id
        self.question = Numeric(
            spec["prompt"],
            answer=self.answer,
            tolerance=spec["tolerance"],
            rel_tolerance=spec["rel_tolerance"],
            id=question_id,
            max_attempts=1,
        )
        self.box.range_text = self._range_text()
        self.box.message = ""

    @property
    def weekly(self) -> bool:
        return self._spec["kind"] in ("crossover", "peak_week")

    def _say(self, value: float) -> str:
        return f"week {value:g}" if self.weekly else f"{say_number(value)}{self._spec['unit']}"

    def _range_text(self) -> str:
        lo, hi = self.range
        unit = self._spec["unit"]
        if self.weekly:
            return f"a week from {lo:g} to {hi:g}"
        if lo is not None and hi is not None:
            return f"a number from {say_number(lo)} to {say_number(hi)}{unit}"
        if lo is not None:
            return f"a number of {say_number(lo)}{unit} or more"
        return "a number"

    def _store(self):
        # the kernel's one store, as quiz widgets get it (None: store=False, nowhere)
        return resolve_store(self._spec["store"])

    def _stored_guess(self) -> float | None:
        store = self._store()
        if store is None:
            return None
        try:
            attempts = store.attempts(
                learner=self._spec["learner"], bank=self._spec["bank"], question=self.question_id
            )
        except Exception:  # noqa: BLE001 - an unreadable store must not hide the question
            return None
        return read_guess(attempts[-1].response) if attempts else None

    # ------------------------------------------------------------------ actions
    def commit(self, guess: Any):
        """Reveal with ``guess``, as typing it and pressing Reveal does.

        Returns the closeness as a :class:`kit.quiz.questions.Feedback`. A guess that is not
        a number or lies outside :attr:`range` is refused: ``valid`` is False, ``box.message``
        says why, nothing is stored and nothing is revealed. After a reveal, further guesses
        are ignored (returns the first one's feedback) until :meth:`new_run`.
        """
        if self.guess is not None:
            return self.feedback
        text = guess if isinstance(guess, str) else say_number(float(guess))
        self.box.value = text
        problem = self._problem(text)
        from kit.quiz.questions import Feedback

        if problem:
            self.box.message = problem
            return Feedback(False, 0.0, problem, valid=False)
        value = read_guess(text)
        self.box.message = ""
        self.feedback = self.question.grade(text)
        # the store's one policy, as for quiz answers: a guess the store cannot take now
        # waits in the outbox and is sent in the background; either way the reveal works
        saved = record_attempt(
            self._store(),
            self._spec["bank"],
            self.question_id,
            text,
            self.feedback,
            learner=self._spec["learner"],
        )
        if saved.problem is not None:
            self.box.message = (
                f"Your guess is not saved yet ({saved.problem}); it is sent when the store "
                "is back. The reveal works."
                if saved.retrying
                else f"Your guess could not be saved ({saved.problem}); the reveal works."
            )
        self._reveal(value)
        return self.feedback

    def _on_reveal(self, text: str) -> None:
        self.commit(text)

    def _problem(self, text: str) -> str:
        value = read_guess(text)
        lo, hi = self.range
        wanted = self._range_text()
        if value is None:
            shown = text.strip() or "an empty box"
            return f"“{shown}” is not a number: type {wanted}, e.g. {self._example()}."
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            where = "before the run starts" if lo is not None and value < lo else "beyond the run"
            if not self.weekly:
                where = (
                    "below what is possible here"
                    if lo is not None and value < lo
                    else ("more than the run can reach")
                )
            return f"{say_number(value)} is {where}: type {wanted}. Nothing was counted."
        return ""

    def _example(self) -> str:
        lo, hi = self.range
        if lo is not None and hi is not None:
            mid = (lo + hi) / 2
            return f"{mid:,.0f}" if self.weekly or hi - lo > 10 else f"{mid:.2g}"
        return "42"

    def new_run(self) -> None:
        """Ask the same question of a run with the next seed (a new random population)."""
        spec = self._spec
        seed = 0 if self.seed is None else int(self.seed)
        for step in range(1, 11):
            scenario = dataclasses.replace(self.scenario, seed=seed + step)
            frame = run_question(scenario, spec["strategies"])
            try:
                answer_of(frame, spec["metric"], spec["answer"])
            except ValueError:
                continue  # e.g. no crossover in this run: take the next seed
            break
        else:
            self.note.value = "<p>No other run within ten seeds gives this question an answer.</p>"
            return
        self._load(scenario, frame, f"{spec['question_id']}.seed{scenario.seed}")
        self.guess = None
        self.feedback = None
        self.figure = None
        self.result.children = ()
        self.again.layout.display = "none"
        self.box.value = ""
        self.box.disabled = False
        self.box.focus("guess")
        self.note.value = (
            f"<p><i>A new run (seed {scenario.seed}): the same question with another random "
            "population. Guess again.</i></p>"
        )

    # ------------------------------------------------------------------ the reveal
    def _reveal(self, guess: float | None, earlier: bool = False) -> None:
        self.guess = guess
        self.box.disabled = True
        self.figure = self._figure(guess)
        lines = [
            "<p><b>Your guess vs the simulation</b></p>",
            f"<p>{self._distance(guess)}</p>",
            f"<p><b>What that tells you:</b> {html.escape(self._meaning(guess))}</p>",
        ]
        if earlier:
            lines.insert(1, "<p><i>Your guess from an earlier session.</i></p>")
        self.result.children = [w.HTML("".join(lines)), drawn_once(self.figure)]
        self.again.layout.display = None
        if not earlier:
            self.box.focus("again")

    def _distance(self, guess: float | None) -> str:
        said, what = (
            html.escape(self._say(guess)) if guess is not None else "",
            self._say(self.answer),
        )
        if guess is None:
            return f"The simulation says <b>{html.escape(what)}</b>."
        gap = guess - self.answer
        head = f"You guessed <b>{said}</b>; the simulation says <b>{html.escape(what)}</b>"
        if gap == 0:
            return f"{head}: exactly the same."
        if self.weekly:
            side = "early" if gap < 0 else "late"
            weeks = abs(gap)
            return f"{head}: {weeks:g} week{'s' if weeks != 1 else ''} {side}."
        side = "below" if gap < 0 else "above"
        if self.answer:
            share = abs(gap) / abs(self.answer)
            return (
                f"{head}: {say_number(abs(gap))}{self._spec['unit']} {side} "
                f"({share:.0%} of the simulation's number)."
            )
        return f"{head}: {say_number(abs(gap))}{self._spec['unit']} {side}."

    def _closeness(self, guess: float) -> str:
        return (
            "close"
            if self.question.grade(guess).correct
            else ("low" if guess < self.answer else "high")
        )

    def _meaning(self, guess: float | None) -> str:
        if guess is None:
            return "Compare the run with what you expected before you read on."
        key = self._closeness(guess)
        own = self._spec["meaning"]
        if own and key in own:
            return own[key]
        kind = self._spec["kind"]
        if kind == "crossover":
            frames = by_strategy(self.frame, [self._spec["metric"]])
            last = {k: f[self._spec["metric"]].iloc[-1] for k, f in frames.items()}
            leader = max(last, key=last.get)
            other = next(k for k in frames if k != leader)
            return {
                "close": f"your sense of when {leader} overtakes {other} matches the model.",
                "low": f"{leader} needed longer to pass {other} than you expected: "
                f"{other}'s early lead lasted longer than you pictured.",
                "high": f"{leader} passed {other} sooner than you expected: "
                f"{other}'s early lead was shorter than you pictured.",
            }[key]
        if kind == "peak_week":
            return {
                "close": "your sense of when this peaks matches the model.",
                "low": "the peak came later than you expected: growth kept going for longer.",
                "high": "the peak came sooner than you expected: growth ran out earlier.",
            }[key]
        if key == "close":
            return "your sense of where this run ends up matches the model."
        return self._direction(key)

    def _direction(self, key: str) -> str:
        """What a low or high guess says, read from the run: whether the metric rose or
        fell over the run, and so whether it went further or less far than guessed."""
        metric = self._spec["metric"]
        what = metric_label(metric).lower()
        more = "higher" if key == "low" else "lower"
        if self._spec["kind"] != "final":
            return f"the simulation's number is {more} than you expected ({what})."
        frames = by_strategy(self.frame, [metric])
        if len(frames) != 1:
            return f"the run ended {more} than you expected ({what})."
        values = next(iter(frames.values()))
        first, last = values.iloc[0], values.iloc[-1]
        start, end = float(first[metric]), float(last[metric])
        span = (
            f"from {say_number(start)} in week {first['week']:g} to {say_number(end)} in week "
            f"{last['week']:g}"
        )
        if end < start:  # it fell: a low guess means it fell less far than pictured
            how, pull = ("less", "weaker") if key == "low" else ("further", "stronger")
            return (
                f"{what} fell {how} than you expected ({span}): what pulls the number down "
                f"is {pull} in the model than you pictured."
            )
        if end > start:
            how, pull = ("further", "stronger") if key == "low" else ("less", "weaker")
            return (
                f"{what} rose {how} than you expected ({span}): what drives the number up "
                f"is {pull} in the model than you pictured."
            )
        return f"{what} stayed where they started ({span}), {more} than you expected."

    def _figure(self, guess: float | None) -> go.Figure:
        metric = self._spec["metric"]
        fig = over_time(self.frame, metric)
        weeks = self.frame["week"]
        ys = self.frame[metric].to_numpy(dtype=float)
        top = float(np.nanmax(ys)) if np.isfinite(ys).any() else 1.0
        bottom = min(0.0, float(np.nanmin(ys)) if np.isfinite(ys).any() else 0.0)
        top = top * 1.08 if top > 0 else 1.0
        # The axes stay on the run: a guess far off is marked at the edge, not drawn to.
        fig.update_xaxes(range=[float(weeks.min()), float(weeks.max())], autorange=False)
        fig.update_yaxes(range=[bottom, top], autorange=False)
        line = {"color": TEXT_GREY, "dash": "dash", "width": 2.5}
        first, last = float(weeks.min()), float(weeks.max())
        middle = (first + last) / 2

        def side(week: float) -> str:  # a label stands on the side of its line with room
            return "right" if week <= middle else "left"

        if self.weekly:
            if self._spec["kind"] == "peak_week":
                fig.add_vline(
                    x=self.answer,
                    line={"color": TEXT_GREY, "dash": "dot", "width": 2},
                    annotation_text=f"the simulation: week {self.answer:g}",
                    annotation_position=f"top {side(self.answer)}",
                )
            if guess is not None:
                shown = min(max(guess, first), last)
                label = f"your guess: week {guess:g}"
                if shown != guess:
                    label += " (off this chart)"
                fig.add_vline(
                    x=shown, line=line, annotation_text=label,
                    annotation_position=f"bottom {side(shown)}",
                )  # fmt: skip
        elif guess is not None:
            shown = min(max(guess, bottom), top)
            label = f"your guess: {say_number(guess)}{self._spec['unit']}"
            if shown != guess:
                label += " (off this chart)"
            fig.add_hline(y=shown, line=line, annotation_text=label, annotation_position="top left")
        fig.update_layout(height=440, title_text="Your guess vs the simulation")
        return fig


def drawn_once(fig: go.Figure) -> w.Output:
    """``fig`` in an ``Output`` widget, drawn by JupyterLab's plotly renderer.

    A revealed figure never changes, so it needs no ``FigureWidget``: each of those sends and
    compiles plotly's 5 MB widget bundle when it is made, and anywidget gives a widget 2 s to
    start, so on a busy page the reveal was sometimes an empty chart. This output is the
    figure's data (about 20 kB) and the summary under it (:func:`kit.plots.figure.summary_html`).
    """
    import json

    text = fig.to_json()
    spec = json.loads(text)  # the renderer sizes it to the cell: no "responsive"
    summary = getattr(fig, "summary", "") or "A figure."
    outputs = [
        {
            "output_type": "display_data",
            "data": {"application/vnd.plotly.v1+json": spec, "text/plain": summary},
            "metadata": {},
        }
    ]
    if getattr(fig, "summary", ""):
        ident = f"kit-reveal-{hashlib.sha256(text.encode()).hexdigest()[:12]}"
        outputs.append(
            {
                "output_type": "display_data",
                "data": {"text/html": summary_html(summary, ident), "text/plain": summary},
                "metadata": OUTPUT_METADATA,
            }
        )
    out = w.Output(layout=w.Layout(width="100%"))
    out.outputs = tuple(outputs)
    return out


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
    range: tuple[float | None, float | None] | None = None,  # noqa: A002 - the word learners see
    meaning: Mapping[str, str] | None = None,
    store: Any = None,
    learner: str | None = None,
) -> Prediction:
    """Ask for a numeric guess, then run the simulation and show the answer beside it.

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
        How close counts as close (said in the reveal, stored for the instructor):
        absolute, or relative to the answer. Default: 4 weeks for week answers, 10%
        otherwise.
    question_id : str, optional
        A stable id for the progress store (default: derived from the prompt).
    bank : str
        The progress store's bank name.
    unit : str
        Shown after numbers, e.g. ``" customers"``.
    range : (low, high), optional
        The guesses accepted (either end may be None). Default: the run's weeks for week
        answers, 0 to the population for counts of people, 0 to 1 for trust.
    meaning : mapping, optional
        What a guess that is ``"low"``, ``"high"`` or ``"close"`` tells the learner, in
        the lesson's words (default: a plain reading of the direction).
    store : kit.store.ProgressStore or False, optional
        Where the revealed guess goes (default: the kernel's store,
        :func:`kit.store.resolve_store`, the one quiz widgets use; ``False``: nowhere).
    learner : str, optional
        Default ``$KIT_LEARNER`` or the login name.

    Returns
    -------
    Prediction
        A widget; ``.commit(guess)`` does what typing a guess and pressing Reveal do.

    Examples
    --------
    >>> from kit import sim
    >>> p = predict_then_reveal("In which week does relationship overtake broadcast?",
    ...     sim.Scenario(population=2_000, weeks=60, seed=3),
    ...     strategies=("broadcast", "relationship"), answer="crossover", store=False)
    >>> p.range
    (1.0, 60.0)
    >>> p.commit("500").valid, p.result.children   # refused: nothing revealed
    (False, ())
    """
    if not isinstance(scenario, sim.Scenario):
        raise TypeError(
            f"scenario: give a kit.sim.Scenario, not {type(scenario).__name__}; e.g. "
            "sim.Scenario(population=5_000, weeks=104, seed=1)"
        )
    frame = run_question(scenario, strategies)
    if metric not in frame.columns:
        raise ValueError(f"metric: no column {metric!r}; choose from {list(sim.OUTPUT_COLUMNS)}")
    kind = answer if isinstance(answer, str) else "custom"
    answer_of(frame, metric, answer)  # fail now for ill-posed questions
    weekly = kind in ("crossover", "peak_week")
    if tolerance is None and rel_tolerance is None:
        tolerance, rel_tolerance = (4.0, 0.0) if weekly else (0.0, 0.1)
    if range is not None:
        if not (isinstance(range, Sequence) and len(range) == 2):
            raise ValueError(f"range: give (low, high), e.g. (0, 5000), not {range!r}")
        lo, hi = range
        if lo is not None and hi is not None and not lo < hi:
            raise ValueError(f"range: low {lo} must be below high {hi}")
        range = (None if lo is None else float(lo), None if hi is None else float(hi))
    unknown = set(meaning or {}) - {"low", "high", "close"}
    if unknown:
        raise ValueError(f"meaning: keys are 'low', 'high', 'close', not {sorted(unknown)}")
    spec = {
        "prompt": prompt,
        "scenario": scenario,
        "frame": frame,
        "metric": metric,
        "strategies": None if strategies is None else list(strategies),
        "answer": answer,
        "kind": kind,
        "tolerance": tolerance or 0.0,
        "rel_tolerance": rel_tolerance or 0.0,
        "question_id": question_id or "q-" + hashlib.sha256(prompt.encode()).hexdigest()[:10],
        "bank": bank,
        "unit": unit,
        "range": range,
        "meaning": dict(meaning or {}),
        "store": store,
        "learner": learner or default_learner(),
    }
    return Prediction(spec)
