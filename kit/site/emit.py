"""The kit's static form, computed in the lesson's kernel (``KIT_STATIC=1``).

:func:`install` registers an IPython formatter for :data:`kit.site.MIME`: from then on every
display of a quiz question or section, an explorer, a prediction or a solution button carries,
beside the widget, a JSON description of itself that a page without a kernel can use. It is
computed from the live object (its question, its session, its run), never from cell text, so
questions and explorers built from variables are covered like the others.

- a question (:func:`question_form`): everything the browser grades with (options and which
  are right, numeric and text answers, ordering and matching rules), the prompt's HTML, the
  hints, the explanation and the shown option order: the same as the widget's. The answers
  are in the page: these are self-checks.
- an explorer (:func:`explorer_form`): its sliders, each with at most
  :data:`VALUES_PER_SLIDER` values (its start value among them), and the runs of every
  strategy at every combination of them (a full grid up to :data:`MAX_RUNS` combinations,
  else one slider at a time from the start), for each metric its menu offers, with the
  crossover marks :func:`kit.plots.curves.over_time` draws. Runs come through the explorer's
  own :class:`kit.explore.session.Session` machinery, so they are the runs the live explorer
  would show.
- a prediction (:func:`prediction_form`): the question, the accepted range, the run's figure
  and answer, and what a close, low or high guess means, each computed by the widget itself.
- a solution button (:func:`solution_form`): the solution's title, explanation and code.

Examples
--------
>>> from kit.quiz.questions import Numeric
>>> form = question_form(Numeric("6 x 7?", answer=42), bank_id="inline")
>>> form["kind"], form["question"]["type"], form["question"]["answers"][0]["value"]
('question', 'numeric', 42.0)
"""

from __future__ import annotations

import itertools
import json
import math
import os
import traceback
from typing import Any

from kit.site import MIME

__all__ = [
    "MIME",
    "VALUES_PER_SLIDER",
    "MAX_RUNS",
    "enabled",
    "install",
    "question_spec",
    "question_form",
    "section_form",
    "explorer_form",
    "prediction_form",
    "solution_form",
    "static_form",
]

#: At most this many values per slider in an explorer's precomputed grid.
VALUES_PER_SLIDER = 5
#: A full grid of slider values up to this many combinations; beyond, one slider at a time.
MAX_RUNS = 25
#: Significant digits kept of the precomputed curves (the page shows 4).
DIGITS = 5
#: What a kit widget with no static form is, in the page's words (its class name otherwise
#: never reaches the reader).
UNSUPPORTED_WORDS = {"Replay": "The week-by-week replay of the two sellers"}


def enabled() -> bool:
    """True when ``KIT_STATIC`` asks for the static form (``1``, ``on``, ``true``, ``yes``)."""
    return os.environ.get("KIT_STATIC", "").strip().lower() in ("1", "on", "true", "yes")


# ----------------------------------------------------------------------------- questions
def question_spec(q) -> dict[str, Any]:
    """A question as plain JSON data: what ``grader.js`` grades with (see its header)."""
    spec: dict[str, Any] = {
        "id": q.id,
        "type": q.type,
        "points": q.points,
        "hints": list(q.hints),
        "explanation": q.explanation,
        "max_attempts": q.max_attempts,
        "default_feedback": q.default_feedback,
        "jupyterquiz": q.jupyterquiz,
    }
    if q.type in ("single", "multi"):
        spec["options"] = [
            {"label": o.label, "correct": o.correct, "feedback": o.feedback} for o in q.options
        ]
        if q.type == "multi":
            spec["partial_credit"] = q.partial_credit
    elif q.type == "numeric":
        spec["answers"] = [
            {
                "kind": a.kind,
                "value": a.value,
                "range": None if a.range is None else list(a.range),
                "correct": a.correct,
                "feedback": a.feedback,
                "tolerance": a.tolerance,
                "rel_tolerance": a.rel_tolerance,
            }
            for a in q.answers
        ]
        spec["sig_figs"] = q.sig_figs
    elif q.type == "text":
        spec["answers"] = [
            {
                "kind": a.kind,
                "text": a.text,
                "correct": a.correct,
                "feedback": a.feedback,
                "match_case": a.match_case,
                "fuzzy_threshold": a.fuzzy_threshold,
            }
            for a in q.answers
        ]
        spec["match_case"] = q.match_case
        spec["fuzzy_threshold"] = q.fuzzy_threshold
        spec["normalize_whitespace"] = q.normalize_whitespace
    elif q.type == "ordering":
        spec["items"] = list(q.items)
        spec["scoring"] = q.scoring
        spec["feedback"] = dict(q.feedback)
    elif q.type == "matching":
        spec["pairs"] = [list(p) for p in q.pairs]
        spec["distractors"] = list(q.distractors)
        spec["partial_credit"] = q.partial_credit
        spec["feedback"] = dict(q.feedback)
    return spec


def question_form(
    q, *, bank_id: str = "inline", seed: str | None = None, number: str = "", widget=None
) -> dict[str, Any]:
    """The static form of one question as a widget shows it (prompt, order, answer words)."""
    from kit.quiz.views import TYPE_NAMES, prompt_html, view_for

    if widget is not None:
        order, view = list(widget.view.order), widget.view
        bank_id = widget.bank_id
    else:
        base = f"{bank_id}/{q.id}"
        order = q.display_order(f"{seed}/{base}" if seed else base)
        view = view_for(q, order, lambda: None)
    return {
        "kind": "question",
        "bank": bank_id,
        "key": f"{bank_id}/{q.id}",
        "prompt_html": prompt_html(q, number),
        "type_name": TYPE_NAMES.get(q.type, q.type),
        "labels": q.labels(),
        "order": order,
        "lefts": q.lefts() if q.type == "matching" else [],
        "answer_text": view.answer_text(),
        "titles": dict(getattr(widget, "titles", {}) or {}),
        "question": question_spec(q),
    }


def section_form(section) -> dict[str, Any]:
    """The static form of a :class:`kit.quiz.widgets.QuizSection`: its questions in order."""
    n = len(section.questions)
    return {
        "kind": "section",
        "bank": section.bank.id,
        "title": section.bank.title or section.bank.id,
        "questions": [
            question_form(qw.question, number=f"Question {i} of {n}", widget=qw)
            for i, qw in enumerate(section.questions, 1)
        ],
    }


def inventory_form(section) -> dict[str, Any]:
    """A concept-inventory phase (:class:`kit.quiz.phase_widgets.InventorySection`): its items
    in the phase's order; the pre-test's are *blind* (one answer, saved, no word on it)."""
    from kit.quiz.phase_widgets import INTRO, BlindQuestion
    from kit.quiz.phases import PHASE_WORDS

    n = len(section.questions)
    questions = []
    for i, qw in enumerate(section.questions, 1):
        form = question_form(qw.question, number=f"Question {i} of {n}", widget=qw)
        form["blind"] = isinstance(qw, BlindQuestion)
        questions.append(form)
    return {
        "kind": "section",
        "bank": section.bank_id,
        "phase": section.phase,
        "title": f"{section.bank.title or section.bank.id}: {PHASE_WORDS[section.phase]}",
        "intro": INTRO[section.phase],
        "questions": questions,
    }


def gain_form(table) -> dict[str, Any]:
    """``quiz.my_gain()`` (:class:`kit.quiz.phase_widgets.GainTable`): the items and how to
    grade them, so the page compares the reader's own answers kept in the browser."""
    from kit.quiz.bank import load_bank
    from kit.quiz.phases import PHASE_WORDS, PHASES, phase_bank_id, phase_items

    bank = load_bank(table.result["bank"])
    delayed = set(phase_items(bank, "delayed")) if bank.delayed_check else set()
    return {
        "kind": "gain",
        "banks": {phase: phase_bank_id(bank.id, phase) for phase in PHASES},
        "words": {phase: PHASE_WORDS[phase] for phase in PHASES},
        "items": [
            {
                "id": item["question"],
                "label": item["label"],
                "delayed": item["question"] in delayed,
                "question": question_spec(bank[item["question"]]),
            }
            for item in table.result["items"]
        ],
    }


# ----------------------------------------------------------------------------- figures
def _round(value: Any) -> Any:
    if isinstance(value, float):
        if not math.isfinite(value) or value == 0:
            return value if math.isfinite(value) else None
        return float(f"{value:.{DIGITS}g}")
    if isinstance(value, list):
        return [_round(v) for v in value]
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


def figure_json(fig) -> dict[str, Any]:
    """A plotly figure as JSON data without its template (the page applies its theme)."""
    data = json.loads(fig.to_json())
    layout = data.get("layout", {})
    layout.pop("template", None)
    return {"data": _round(data.get("data", [])), "layout": _round(layout)}


# ----------------------------------------------------------------------------- explorers
def _grid(slider) -> list[float]:
    """At most :data:`VALUES_PER_SLIDER` values over a slider's range, its value among them."""
    lo, hi, step, start = slider.min, slider.max, slider.step or 1, slider.value
    n = VALUES_PER_SLIDER
    values = []
    for i in range(n):
        x = lo + (hi - lo) * i / (n - 1)
        x = lo + round((x - lo) / step) * step
        x = min(max(x, lo), hi)
        values.append(int(round(x)) if isinstance(start, int) else float(f"{x:.10g}"))
    values = sorted(set(values))
    if start not in values:
        nearest = min(range(len(values)), key=lambda i: abs(values[i] - start))
        values[nearest] = start
        values = sorted(set(values))
    return values


def _combinations(grids: list[list[float]], starts: list[float]) -> tuple[str, list[tuple]]:
    full = math.prod(len(g) for g in grids)
    if full <= MAX_RUNS:
        return "grid", list(itertools.product(*grids))
    combos = [tuple(starts)]
    for i, grid in enumerate(grids):
        for value in grid:
            combo = list(starts)
            combo[i] = value
            if tuple(combo) not in combos:
                combos.append(tuple(combo))
    return "one-at-a-time", combos


def explorer_form(ex) -> dict[str, Any]:
    """An explorer's sliders and its runs precomputed over a grid of their values."""
    from kit.explore.explorer import LESSON_SIZE
    from kit.explore.session import Session
    from kit.plots.curves import over_time
    from kit.sim import Scenario

    session = ex.session
    names = list(ex.controls)
    sliders = []
    for name, slider in ex.controls.items():
        info = Scenario.field_info(name)
        sliders.append(
            {
                "name": name,
                "label": info["label"],
                "unit": info["plain_unit"],
                "doc": info["doc"],
                "min": slider.min,
                "max": slider.max,
                "start": slider.value,
                "integer": bool(info["integer"]),
                "readout": getattr(slider, "readout_format", ""),
                "values": _grid(slider),
            }
        )
    starts = [s["start"] for s in sliders]
    mode, combos = _combinations([s["values"] for s in sliders], starts)
    metrics = list(ex.metric.options) or [session.metric]
    runs: dict[str, Any] = {}
    probe = Session(session.strategies, session.fixed, {}, session.metric, 0.0, session.names)
    for combo in combos:
        probe.values = dict(zip(names, combo, strict=True))
        key = "|".join(f"{v:g}" for v in combo)
        try:
            probe.run(use_cache=True)
        except Exception as exc:  # noqa: BLE001 - an impossible corner says so in the page
            runs[key] = {"error": str(exc)}
            continue
        per_metric = {}
        for metric in metrics:
            fig = over_time(probe.frame, metric)
            fig.update_layout(height=420, margin={"t": 60}, title_text=ex._title(metric))
            per_metric[metric] = figure_json(fig)
        runs[key] = per_metric
    fixed = session.fixed
    return {
        "kind": "explorer",
        "strategies": probe.labels(),
        "sliders": sliders,
        "mode": mode,
        "metric": session.metric,
        "metrics": [[m, _metric_label(m)] for m in metrics],
        "size": {
            "population": fixed.get("population", LESSON_SIZE["population"]),
            "weeks": fixed.get("weeks", LESSON_SIZE["weeks"]),
            "seed": fixed.get("seed", LESSON_SIZE["seed"]),
        },
        "runs": runs,
    }


def _metric_label(metric: str) -> str:
    from kit.plots.style import metric_label

    return metric_label(metric)


# ----------------------------------------------------------------------------- predictions
def _meanings(p) -> dict[str, str]:
    """What a close, low and high guess tells the learner, as the widget words it."""
    answer = float(p.answer)
    q = p.question.answers[0]
    spread = max(q.tolerance, q.rel_tolerance * abs(answer), 1.0)
    out = {}
    for key, guess in (("close", answer), ("low", answer - 10 * spread)):
        out[key] = p._meaning(guess)
    out["high"] = p._meaning(answer + 10 * spread)
    return out


def prediction_form(p) -> dict[str, Any]:
    """A prediction's question, range, run and figure (the reveal without a guess)."""
    spec = p._spec
    lo, hi = p.range
    return {
        "kind": "prediction",
        "key": f"{spec['bank']}/{p.question_id}",
        "prompt": spec["prompt"],
        "metric": spec["metric"],
        "unit": spec["unit"],
        "weekly": p.weekly,
        "peak": spec["kind"] == "peak_week",
        "range": [lo, hi],
        "range_text": p._range_text(),
        "example": p._example(),
        "answer": float(p.answer),
        "answer_said": p._say(p.answer),
        "seed": p.seed,
        "meaning": _meanings(p),
        "question": question_spec(p.question),
        "figure": figure_json(p._figure(None)),
    }


# ----------------------------------------------------------------------------- solutions
def solution_form(box) -> dict[str, Any]:
    """A solution button's solution (``box.solution``, set by :func:`kit.learn.solution`)."""
    found = dict(box.solution)
    return {
        "kind": "solution",
        "lesson": str(found.get("lesson", "")),
        "challenge": found.get("challenge"),
        "title": found.get("title", ""),
        "explain": found.get("explain", ""),
        "code": found.get("code", "").rstrip(),
    }


# ----------------------------------------------------------------------------- the formatter
def static_form(obj: Any) -> dict[str, Any] | None:
    """The static form of a kit widget, or None for anything else."""
    from kit.explore.explorer import Explorer
    from kit.explore.predict import Prediction
    from kit.quiz.widgets import QuestionWidget, QuizSection

    if isinstance(obj, QuestionWidget):
        return question_form(obj.question, widget=obj)
    if isinstance(obj, QuizSection):
        return section_form(obj)
    from kit.quiz.phase_widgets import GainTable, InventorySection

    if isinstance(obj, InventorySection):
        return inventory_form(obj)
    if isinstance(obj, GainTable):
        return gain_form(obj)
    if isinstance(obj, Explorer):
        return explorer_form(obj)
    if isinstance(obj, Prediction):
        return prediction_form(obj)
    if isinstance(getattr(obj, "solution", None), dict):
        return solution_form(obj)
    from plotly.basewidget import BaseFigureWidget

    if isinstance(obj, BaseFigureWidget):
        return {"kind": "figure", "figure": figure_json(obj)}
    if type(obj).__module__.startswith("kit."):
        # a kit widget with no static form yet: the page says, in plain words, that it needs
        # the lessons running live
        what = type(obj).__name__
        words = UNSUPPORTED_WORDS.get(what, "This part of the lesson")
        return {"kind": "unsupported", "what": what, "words": words}
    return None


def _safe_form(obj: Any) -> dict[str, Any] | None:
    try:
        return static_form(obj)
    except Exception as exc:  # noqa: BLE001 - the build reports it and fails
        return {
            "kind": "error",
            "what": type(obj).__name__,
            "message": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(limit=6),
        }


def install(ip=None, *, force: bool = False) -> bool:
    """Register the static-form formatter in the running IPython (True if installed).

    Only under the build flag (``KIT_STATIC=1``, :func:`enabled`) unless ``force``: a
    learner's kernel never computes static forms. Idempotent. The formatter runs for every
    display, so a quiz, explorer, prediction or solution shown any way (last line of a cell,
    ``display(...)``, inside a section) is covered.
    """
    if not (force or enabled()):
        return False
    if ip is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - outside IPython
            return False
        ip = get_ipython()
    if ip is None:
        return False
    from IPython.core.formatters import BaseFormatter
    from traitlets import ObjectName, Unicode

    class KitStaticFormatter(BaseFormatter):
        format_type = Unicode(MIME)
        print_method = ObjectName("_kit_static_")
        _return_type = dict

        def __call__(self, obj):
            import ipywidgets

            from kit.quiz.phase_widgets import GainTable

            if not isinstance(obj, ipywidgets.Widget | GainTable):
                return None
            return _safe_form(obj)

    formatters = ip.display_formatter.formatters
    if MIME not in formatters:
        formatters[MIME] = KitStaticFormatter(parent=ip.display_formatter)
    formatters[MIME].enabled = True
    return True
