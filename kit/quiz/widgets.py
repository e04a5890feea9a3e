"""Quiz widgets: one question (:class:`QuestionWidget`) and a section (:class:`QuizSection`).

Grading happens in the kernel (``question.grade``). The browser only ever receives what a
learner may see before answering: the prompt, the option texts in their shown order, and
after each submission the feedback for that submission. No correct flags, no hidden
answers. This is for self-checking, not for exams: a learner with the kernel can read
the bank.

The top of :mod:`kit.quiz`'s layers: a widget shows a question through its kind's view
(:mod:`kit.quiz.views`), keeps the learner's :class:`~kit.quiz.state.AttemptState` and
shows what :func:`kit.quiz.state.present` says; the browser-side controls and their
JS/CSS are in :mod:`kit.quiz.controls` and ``kit/quiz/static/``.

Keyboard use: Tab moves between controls; Space or the arrow keys choose options; Enter
submits from a text box, a radio button, a checkbox or the last drop-down; ordering uses
"move up" / "move down" buttons, matching uses drop-downs. Hints appear by the hint button
when asked for, each once. A restored answer is marked at the top as from an earlier
session, with "Start again" (the old attempts stay in the store).
Feedback appears in an ``aria-live`` region and always carries a mark and words
(✓ Correct, ✗ Not yet, ◐ Partly right), not only a colour.

Examples
--------
>>> from kit.quiz.questions import Numeric
>>> widget = QuestionWidget(Numeric("6 x 7?", answer=42), store=False)
>>> widget.submit("41").correct, widget.feedback.title, widget.status
(False, 'Not yet', 'incorrect')
"""

from __future__ import annotations

import html
import weakref
from typing import Any

import ipywidgets as w
import traitlets as t

from kit.quiz.bank import Bank, load_bank
from kit.quiz.base import Question
from kit.quiz.controls import AnswerBox, ChoiceGroup, FeedbackBox, KeyGuard, MatchSelect
from kit.quiz.grading import Feedback
from kit.quiz.markup import inline_html
from kit.quiz.state import (
    TITLES,
    AttemptState,
    load_attempts,
    present,
    restore,
    save_attempt,
)
from kit.quiz.views import TYPE_NAMES, KindView, prompt_html, view_for
from kit.store import ProgressStore, default_learner, default_store, resolve_store

__all__ = [
    "QuestionWidget",
    "QuizSection",
    "ChoiceGroup",
    "AnswerBox",
    "MatchSelect",
    "FeedbackBox",
    "ask",
    "ask_all",
]


class QuestionWidget(w.VBox):
    """One question: prompt, input, Submit / Hint buttons and live feedback.

    Parameters
    ----------
    question : Question
    bank_id : str
        Progress is stored under (learner, bank_id, question.id). Inline questions use
        ``"inline"``.
    store : ProgressStore or None or False
        Where attempts go; default the learner's database. ``False`` stores nothing.
    learner : str, optional
        Default :func:`kit.store.default_learner`.
    seed : str, optional
        Changes the option order; by default it is fixed by bank and question id, so every
        learner (and every re-run) sees the same order.
    number : str, optional
        A label such as ``"Question 2 of 7"`` shown before the prompt.
    titles : dict, optional
        Rewording of the feedback headings: keys ``correct`` ("Correct"), ``incorrect``
        ("Not yet") and ``out_of_attempts`` (" (no attempts left)").

    Examples
    --------
    >>> from kit.quiz.questions import Numeric
    >>> widget = QuestionWidget(Numeric("6 x 7?", answer=42), store=False)
    >>> widget.submit("42").correct, widget.status
    (True, 'correct')
    """

    attempts = t.Int(0, help="graded attempts so far")
    status = t.Unicode("unanswered", help="unanswered | incorrect | correct | out_of_attempts")
    score = t.Float(0.0, help="best score so far, in [0, 1]")
    hints_shown = t.Int(0)

    def __init__(
        self,
        question: Question,
        *,
        bank_id: str = "inline",
        store: ProgressStore | None | bool = None,
        learner: str | None = None,
        seed: str | None = None,
        number: str = "",
        titles: dict[str, str] | None = None,
    ):
        super().__init__()
        self.question = question
        self.bank_id = bank_id
        self.learner = learner or default_learner()
        self.store = resolve_store(store)
        # The feedback headings; other uses of the widget (a prediction) may reword them.
        self.titles = {**TITLES, **(titles or {})}
        self.store_error = ""
        self.last_feedback: Feedback | None = None
        base = f"{bank_id}/{question.id}"
        self._order = question.display_order(f"{seed}/{base}" if seed else base)
        self._labels = question.labels()

        self.prompt = w.HTMLMath(prompt_html(question, number))
        self.view: KindView = view_for(question, self._order, self.submit)
        self.input = self.view.widget
        self.submit_button = w.Button(
            description="Submit", button_style="primary", tooltip="Check your answer"
        )
        self.hint_button = w.Button(description="Show a hint", tooltip="Show the next hint")
        self.hint_button.layout.display = None if question.hints else "none"
        self.feedback = FeedbackBox()
        # Hints appear here, by the button that asked for them, each once.
        self.hints = w.HTMLMath()  # hints may hold TeX, typeset like the prompt
        self.hints.add_class("kit-hints")
        # Shown at the top when the answer below comes from an earlier session.
        self.start_again_button = w.Button(
            description="Start again",
            tooltip="Open this question afresh; your earlier attempts stay saved",
            layout=w.Layout(width="auto", min_width="9em", flex="0 0 auto"),
        )
        self.restored_note = w.HTML(layout=w.Layout(flex="1 1 auto"))
        self.restored_banner = w.HBox(
            [self.restored_note, self.start_again_button],
            layout=w.Layout(display="none", align_items="center"),  # gap: quiz.css
        )
        self.restored_banner.add_class("kit-restored")
        self.key_guard = KeyGuard(layout=w.Layout(height="0px", margin="0px"))
        self.view.on_moved = lambda row, step: self.key_guard.send(
            {"focus": "order", "row": row, "step": step}
        )
        self._last_counted: str | None = None
        self._shown: tuple | None = None  # the last feedback shown: redrawn after a hint
        # Other widgets of this question for this learner and store in this kernel (a
        # lesson's question and the same one in "Check your understanding"): one truth.
        self._twins: weakref.WeakSet = weakref.WeakSet()  # stored nowhere: on its own
        if self.store is not None:
            key = (id(self.store), self.learner, bank_id, question.id)
            self._twins = _TWINS.setdefault(key, weakref.WeakSet())
            self._twins.add(self)
        self.submit_button.on_click(lambda _: self.submit())
        self.hint_button.on_click(lambda _: self.show_hint())
        self.start_again_button.on_click(lambda _: self.start_again())
        self.observe(self._refresh_controls, names=["status", "hints_shown", "attempts"])
        self.children = [
            self.restored_banner,
            self.prompt,
            self.input,
            w.HBox([self.submit_button, self.hint_button]),
            self.hints,
            self.feedback,
            self.key_guard,
        ]
        self.add_class("kit-quiz")
        self._restore()
        self._refresh_controls()

    # ------------------------------------------------------------------ state

    @property
    def state(self) -> AttemptState:
        """Where the learner stands (see :mod:`kit.quiz.state`)."""
        return AttemptState(self.attempts, self.status, self.score, self.hints_shown)

    def _set_state(self, state: AttemptState) -> None:
        # One trait at a time, in this order: observers (a section's score line, a
        # prediction's reveal) see attempts and score before the status changes.
        self.attempts = state.attempts
        self.score = state.score
        self.status = state.status
        self.hints_shown = state.hints_shown

    @property
    def _locked(self) -> bool:
        return self.state.done

    @property
    def done(self) -> bool:
        """True once answered right or out of attempts."""
        return self.state.done

    # The inputs of ordering and matching questions, as the tests and older code reach them.
    @property
    def _rows(self):
        return self.view.rows

    @property
    def _dropdowns(self):
        return self.view.dropdowns

    @property
    def _order_items(self) -> list[str]:
        return self.view.items

    def move(self, position: int, step: int) -> None:
        """Move the ordering item at ``position`` up (``step=-1``) or down (``+1``)."""
        self.view.move(position, step)

    @property
    def response(self) -> Any:
        """The learner's current response, in the form ``question.grade`` takes."""
        return self.view.response()

    def set_response(self, response: Any) -> None:
        """Put ``response`` into the inputs, as if the learner had entered it.

        Parts that do not fit the question (an unknown option) are left out.
        """
        self.view.set_response(response)

    # ------------------------------------------------------------------ actions

    def submit(self, response: Any = None) -> Feedback:
        """Grade ``response`` (default: what is in the inputs) as the Submit button does.

        The feedback is shown and, for a readable response, the attempt is stored.
        After a right answer, or when the attempts are used up, further submissions are
        graded but neither counted nor stored.
        """
        if response is not None:
            self.set_response(response)
        response = self.response
        feedback = self.question.grade(response)
        self.last_feedback = feedback
        if not feedback.valid:
            self._show(feedback, counted=False)
            return feedback
        if self._locked:
            self._show(feedback, counted=False, note="Already finished; this try was not recorded.")
            return feedback
        key = _key(response)
        if key == self._last_counted:
            # The same answer again would only spend an attempt: say so, count nothing.
            self._show(
                feedback,
                counted=False,
                note="This is the answer you gave last time, so it was not counted again:"
                " change something first.",
            )
            return feedback
        self._last_counted = key
        # The store's one policy: a failed attempt waits in the outbox and a background
        # thread sends it (then calls _progress_sent); one refused as such is set aside.
        error, _ = save_attempt(
            self.store,
            self.bank_id,
            self.question,
            response,
            feedback,
            self.learner,
            on_sent=self._progress_sent,
        )
        if error:
            self.store_error = error
        elif self.store is not None:
            self.store_error = ""  # saved, and anything kept before was sent first
        self._set_state(self.state.after(self.question, feedback))
        self._show(feedback)
        if self._locked:  # Submit is disabled now: the focus goes to what it says
            self.key_guard.focus("feedback")
        for twin in list(self._twins):
            if twin is not self:
                twin._answered_elsewhere(self, response, feedback)
        return feedback

    def _answered_elsewhere(self, other: QuestionWidget, response: Any, feedback) -> None:
        """The same question was answered in another widget of this kernel: take its state
        (attempts, status, score; this widget's hints stay its own) and show its answer."""
        state = other.state
        self._set_state(AttemptState(state.attempts, state.status, state.score, self.hints_shown))
        self.set_response(response)
        self._last_counted = _key(self.response)
        self.last_feedback = feedback
        self.restored_banner.layout.display = "none"
        self._show(feedback, note="Answered in another copy of this question in this notebook.")

    def _progress_sent(self, sent: int) -> None:
        """The outbox reached the database (called from the store's retry thread)."""
        if not self.store_error:
            return
        old, self.store_error = self.store_error, ""
        done = "Progress is saved again: your kept answers were sent."
        self.feedback.note = (self.feedback.note.replace(old, done)).strip()

    def show_hint(self) -> None:
        """Show the next hint (if any is left) by the hint button; earlier hints stay."""
        state = self.state.with_hint(self.question)
        if state == self.state:
            return
        self.hints_shown = state.hints_shown
        self._draw_hints()
        if self.hints_shown >= len(self.question.hints):  # the hint button is disabled now
            self.key_guard.focus("first")
        if self._shown is not None:  # the feedback's "(n left)" follows the hints shown
            self._show(*self._shown[:1], **self._shown[1])

    def _draw_hints(self) -> None:
        n = len(self.question.hints)
        items = []
        for i, hint in enumerate(self.question.hints[: self.hints_shown]):
            more = " (more specific)" if i else ""
            items.append(f"<p><b>Hint {i + 1} of {n}{more}:</b> {inline_html(hint)}</p>")
        self.hints.value = (
            f'<div class="kit-hint-list" role="status" aria-live="polite">{"".join(items)}</div>'
            if items
            else ""
        )

    def start_again(self) -> None:
        """Open the question afresh: empty inputs, no feedback, all attempts available.

        The earlier attempts stay in the progress store (a report still sees them); new
        attempts are added after them.
        """
        self._set_state(AttemptState())
        self._last_counted = None
        self.last_feedback = None
        self._shown = None
        self.view.reset()
        fb = self.feedback
        fb.kind = fb.mark = fb.title = fb.message = fb.explanation = ""
        fb.hints = []
        fb.note = "Started again. Your earlier attempts are still saved."
        self._draw_hints()
        self.restored_banner.layout.display = "none"
        self._refresh_controls()
        self.key_guard.focus("first")  # the banner with its button is gone: the first choice

    def _show(self, feedback: Feedback, *, counted: bool = True, note: str = "") -> None:
        self._shown = (feedback, {"counted": counted, "note": note})
        shown = present(
            self.question,
            self.state,
            feedback,
            titles=self.titles,
            counted=counted,
            note=note,
            store_error=self.store_error,
            answer=self.view.answer_text(),
        )
        fb = self.feedback
        fb.kind, fb.mark, fb.title = shown.kind, shown.mark, shown.title
        fb.message = shown.message
        fb.hints = list(shown.hints)
        fb.explanation = shown.explanation
        fb.note = shown.note

    def _refresh_controls(self, _change=None) -> None:
        locked = self._locked
        self.submit_button.disabled = locked
        self.hint_button.disabled = locked or self.hints_shown >= len(self.question.hints)
        left = len(self.question.hints) - self.hints_shown
        self.hint_button.description = f"Show a hint ({left} left)" if left else "No more hints"
        self.view.set_locked(locked)

    def _restore(self) -> None:
        """Bring back the last answer, attempts and result stored for this learner."""
        past, error = load_attempts(self.store, self.bank_id, self.question, self.learner)
        if error:
            self.store_error = error
            self.feedback.note = error
            return
        if not past:
            return
        self._set_state(restore(self.question, past))
        last = past[-1]
        self.set_response(last.response)
        self._last_counted = _key(self.response)
        self.last_feedback = self.question.grade(last.response)
        self._show(self.last_feedback, note="Restored from your earlier session.")
        when = _when(getattr(last, "time", ""))
        tries = f"{len(past)} attempt{'s' if len(past) != 1 else ''}"
        self.restored_note.value = (
            f'<span class="kit-restored-text"><b>From an earlier session</b>{when}: your last'
            f" answer and its feedback ({tries} so far).</span>"
        )
        self.restored_banner.layout.display = None

    # ------------------------------------------------------------------ static output

    def plain_text(self) -> str:
        """A deterministic text rendering (no answers, no progress)."""
        q = self.question
        kind = TYPE_NAMES.get(q.type, q.type)
        lines = [f"Question {q.id!r} ({kind}, {q.points:g} point{'s' if q.points != 1 else ''})"]
        lines += ["  " + line for line in q.prompt.strip().splitlines()]
        if q.code:
            lines += ["    " + line for line in q.code.splitlines()]
        lines += self.view.text_lines()
        lines.append("(Run this cell with a live kernel to answer.)")
        return "\n".join(lines)

    def static_html(self) -> str:
        """Static HTML of the question and its options, for viewers without a kernel."""
        parts = [prompt_html(self.question), self.view.html()]
        parts.append("<p><em>Run this cell with a live kernel to answer.</em></p>")
        return f'<div class="kit-quiz-static">{"".join(parts)}</div>'

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self.plain_text()
        data["text/html"] = self.static_html()
        return data


def _key(response: Any) -> str:
    """A response as comparable text (lists, dicts and numbers alike)."""
    import json

    return json.dumps(response, sort_keys=True, default=str, ensure_ascii=False)


def _when(stamp: str) -> str:
    """' (5 Dec, 14:02 UTC)' from an ISO time, or '' if there is none."""
    from datetime import datetime

    try:
        t0 = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return ""
    return f" ({t0.day} {t0:%b}, {t0:%H:%M} UTC)"


def where_saved(store) -> str:
    """Where answers go, in words a learner reads, from the store they actually go to.

    Examples
    --------
    >>> where_saved(None)
    'not saved anywhere (this notebook keeps no record)'
    """
    kind = getattr(store, "kind", None)
    if store is None:
        return "not saved anywhere (this notebook keeps no record)"
    if kind == "hub":
        return "saved on the workshop's hub, where your instructor sees the class's progress"
    if kind == "sqlite":
        return "saved in a file on the computer this notebook runs on"
    return "saved in your class's database, where your instructor sees the class's progress"


#: (store, learner, bank, question) -> the widgets showing that question in this kernel.
_TWINS: dict[tuple, weakref.WeakSet] = {}


class QuizSection(w.VBox):
    """All questions of a bank with a running score and a summary at the end.

    Examples
    --------
    >>> section = QuizSection(load_bank("example"), store=False)
    >>> section.questions[0].submit(["nonsense"]).valid
    False
    """

    def __init__(
        self,
        bank: Bank,
        *,
        store: ProgressStore | None | bool = None,
        learner: str | None = None,
        seed: str | None = None,
    ):
        super().__init__()
        self.bank = bank
        store = default_store() if store is None else store
        n = len(bank.questions)
        self.questions = [
            QuestionWidget(
                q,
                bank_id=bank.id,
                store=store,
                learner=learner,
                seed=seed,
                number=f"Question {i} of {n}",
            )
            for i, q in enumerate(bank.questions, 1)
        ]
        title = html.escape(bank.title or bank.id)
        saved = html.escape(where_saved(resolve_store(store)))
        self.header = w.HTML(
            f'<div class="kit-section-head"><h3>{title}</h3><p>A self-check: answers are '
            f"graded in the kernel and {saved}. It is not an exam.</p></div>"
        )
        self.score_line = w.HTML()
        self.summary = FeedbackBox()
        for qw in self.questions:
            qw.observe(self._update, names=["attempts", "status", "score"])
        self.children = [self.header, self.score_line, *self.questions, self.summary]
        self.add_class("kit-quiz-section")
        self._update()

    @property
    def total_points(self) -> float:
        return sum(q.points for q in self.bank.questions)

    @property
    def points(self) -> float:
        """Points earned: each question's best score times its points."""
        return sum(qw.score * qw.question.points for qw in self.questions)

    def _update(self, _change=None) -> None:
        answered = sum(qw.attempts > 0 for qw in self.questions)
        finished = sum(qw.done for qw in self.questions)
        n = len(self.questions)
        self.score_line.value = (
            f'<span class="kit-section-score">Score: {self.points:g} of {self.total_points:g} '
            f"points</span> · answered {answered} of {n}"
        )
        if finished < n:
            self.summary.kind = ""
            self.summary.message = ""
            self.summary.note = (
                f"Summary appears when every question is finished ({n - finished} to go)."
            )
            return
        right = sum(qw.status == "correct" for qw in self.questions)
        review = [qw.question.id for qw in self.questions if qw.status != "correct"]
        self.summary.kind = "correct" if right == n else "info"
        self.summary.mark = "✓" if right == n else "ℹ"
        self.summary.title = "Summary"
        self.summary.message = (
            f"You answered {right} of {n} questions right, scoring {self.points:g} of "
            f"{self.total_points:g} points."
            + (f" Worth reviewing: {', '.join(review)}." if review else " Well done.")
        )
        self.summary.note = ""

    def plain_text(self) -> str:
        """Deterministic text: the bank title and every question (no answers, no progress)."""
        n = len(self.questions)
        head = f"Quiz {self.bank.id!r}: {self.bank.title or self.bank.id} ({n} questions)"
        return "\n\n".join([head, *(qw.plain_text() for qw in self.questions)])

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self.plain_text()
        data["text/html"] = "".join(
            [f"<h3>{html.escape(self.bank.title or self.bank.id)}</h3>"]
            + [qw.static_html() for qw in self.questions]
        )
        return data


def ask(bank, question_id: str, *, learner=None, store=None, seed=None) -> QuestionWidget:
    """Return the widget for one question of a bank.

    Parameters
    ----------
    bank : str, Path or Bank
        A bank id (a file in ``data/quizzes/``, e.g. ``"01"``) or a path.
    question_id : str
    learner, store, seed
        See :class:`QuestionWidget`.

    Examples
    --------
    >>> widget = ask("example", "reach-share", store=False)
    >>> widget.submit("60").message
    'Correct!'
    """
    loaded = load_bank(bank)
    return QuestionWidget(
        loaded[question_id], bank_id=loaded.id, store=store, learner=learner, seed=seed
    )


def ask_all(bank, *, learner=None, store=None, seed=None) -> QuizSection:
    """Return a section with every question of a bank, a running score and a summary."""
    return QuizSection(load_bank(bank), store=store, learner=learner, seed=seed)
