"""The concept inventory as a test: pre-test, post-test and delayed check, and a learner's own
before and after.

``quiz.inventory("pre")`` in lesson 00, ``quiz.inventory("post")`` after the capstone and
``quiz.inventory("delayed")`` a week later show the bank's items (the delayed check: its
``delayed_check`` items) as an :class:`InventorySection`; attempts are stored under the
phase's bank id (``inventory-pre``, ...; :mod:`kit.quiz.phases`).

- **Pre-test**: one answer per item and nothing that tells whether it was right: no
  feedback, no hints, no explanation, only "Saved" (:class:`BlindQuestion`). Grading still
  happens in the kernel, so the class's numbers exist.
- **Post-test and delayed check**: one answer per item, then the usual feedback (right or
  not, the right answer and why), through :class:`kit.quiz.widgets.QuestionWidget`.

In every phase the options are shuffled per learner, seeded by the learner's name, the
phase and the item, so a learner sees the same order on every run and learners do not all
see the same one. :class:`GainTable` shows ``quiz.my_gain()``: before, after and a week
later, per item and in total, in plain words.

Examples
--------
>>> section = InventorySection("pre", learner="ada", store=False)
>>> widget = section.questions[0]
>>> widget.save(widget.question.labels()[1]).valid, widget.feedback.title, widget.locked
(True, 'Saved', True)
"""

from __future__ import annotations

import copy
import html

import ipywidgets as w
import traitlets as t

from kit.quiz.bank import Bank, load_bank
from kit.quiz.base import Question
from kit.quiz.controls import FeedbackBox, KeyGuard
from kit.quiz.grading import Feedback
from kit.quiz.phases import PHASE_WORDS, PHASES, phase_bank_id, phase_items
from kit.quiz.state import load_attempts, save_attempt
from kit.quiz.views import prompt_html, view_for
from kit.quiz.widgets import QuestionWidget
from kit.store import ProgressStore, default_learner, resolve_store

__all__ = ["BlindQuestion", "InventorySection", "GainTable", "INTRO"]

#: What each phase tells the learner before the first item.
INTRO = {
    "pre": "Before the course: answer each question with your best guess. You will not see "
    "whether you were right; that comes after the capstone, when you answer the same "
    "questions again. One answer per question; it is saved when you press Save.",
    "post": "After the course: the same questions as at the start, the options in another "
    "order. One answer per question; then you see whether it was right and why. "
    "quiz.my_gain() compares your answers before and after.",
    "delayed": "A week later: a few of the questions once more, to see what stayed. One "
    "answer per question, then the feedback.",
}


class BlindQuestion(w.VBox):
    """A pre-test item: one answer, stored, with no word on whether it was right.

    Parameters
    ----------
    question : Question
    bank_id : str
        The phase's bank id (``inventory-pre``).
    store, learner
        As for :class:`kit.quiz.widgets.QuestionWidget`.
    number : str
        A label such as ``"Question 2 of 10"``.
    """

    attempts = t.Int(0, help="answers saved (0 or 1)")
    locked = t.Bool(False)

    def __init__(
        self,
        question: Question,
        *,
        bank_id: str,
        store: ProgressStore | None | bool = None,
        learner: str | None = None,
        number: str = "",
    ):
        super().__init__()
        self.question = question
        self.bank_id = bank_id
        self.learner = learner or default_learner()
        self.store = resolve_store(store)
        order = question.display_order(f"{self.learner}/{bank_id}/{question.id}")
        self.prompt = w.HTMLMath(prompt_html(question, number))
        self.view = view_for(question, order, self.save)
        self.input = self.view.widget
        self.save_button = w.Button(
            description="Save", button_style="primary", tooltip="Save this answer (one only)"
        )
        self.save_button.on_click(lambda _: self.save())
        self.feedback = FeedbackBox()
        self.children = [
            self.prompt,
            self.input,
            w.HBox([self.save_button]),
            self.feedback,
            KeyGuard(layout=w.Layout(height="0px", margin="0px")),
        ]
        self.add_class("kit-quiz")
        self.observe(self._lock, names="locked")
        self._restore()

    @property
    def done(self) -> bool:
        return self.locked

    @property
    def status(self) -> str:
        """``unanswered`` or ``saved`` (never whether it was right)."""
        return "saved" if self.locked else "unanswered"

    def save(self, response=None) -> Feedback:
        """Grade and store one answer (the Save button); only the first readable one counts.

        The feedback box says only that it was saved; the grade is returned for the caller
        (and the tests), never shown.
        """
        if response is not None:
            self.view.set_response(response)
        response = self.view.response()
        graded = self.question.grade(response)
        fb = self.feedback
        if not graded.valid:
            fb.kind, fb.mark, fb.title = "info", "ℹ", "Check your answer"
            fb.message, fb.note = graded.message, ""
            return graded
        if self.locked:
            fb.note = "Already saved; only the first answer counts."
            return graded
        # Another copy of this question (the cell run twice) may have saved one already.
        if self._restore():
            fb.note = "Already saved; only the first answer counts."
            return graded
        error, _ = save_attempt(
            self.store, self.bank_id, self.question, response, graded, self.learner
        )
        self.attempts = 1
        self.locked = True
        fb.kind, fb.mark, fb.title = "info", "✓", "Saved"
        fb.message = "Your answer is saved. Whether it was right comes after the capstone."
        fb.explanation = ""
        fb.note = error
        return graded

    def _lock(self, _change=None) -> None:
        self.save_button.disabled = self.locked
        self.view.set_locked(self.locked)

    def _restore(self) -> bool:
        """Show the answer saved earlier, if any, locked; return whether there was one."""
        past, error = load_attempts(self.store, self.bank_id, self.question, self.learner)
        if error:
            self.feedback.note = error
        if not past:
            return False
        self.view.set_response(past[0].response)
        self.attempts = 1
        self.locked = True
        fb = self.feedback
        fb.kind, fb.mark, fb.title = "info", "✓", "Saved earlier"
        fb.message = "You answered this before; only that first answer counts."
        return True

    def plain_text(self) -> str:
        q = self.question
        lines = [f"Question {q.id!r}"] + ["  " + line for line in q.prompt.strip().splitlines()]
        lines += self.view.text_lines()
        return "\n".join(lines)


def _once(question: Question) -> Question:
    """The question with one counted answer (the post-test and the delayed check)."""
    once = copy.copy(question)
    once.max_attempts = 1
    return once


class InventorySection(w.VBox):
    """One phase of the concept inventory: its items, a count of answers and a last word.

    Parameters
    ----------
    phase : {"pre", "post", "delayed"}
    bank : str, Path or Bank
        Default the kit's concept inventory (``inventory``).
    learner, store
        As for :class:`kit.quiz.widgets.QuestionWidget`.
    """

    def __init__(
        self,
        phase: str,
        bank: str | Bank = "inventory",
        *,
        learner: str | None = None,
        store: ProgressStore | None | bool = None,
    ):
        super().__init__()
        self.bank = bank if isinstance(bank, Bank) else load_bank(bank)
        ids = phase_items(self.bank, phase)  # checks the phase too
        self.phase = phase
        self.bank_id = phase_bank_id(self.bank.id, phase)
        self.learner = learner or default_learner()
        store = resolve_store(store)
        n = len(ids)
        self.questions: list = []
        for i, qid in enumerate(ids, 1):
            number = f"Question {i} of {n}"
            if phase == "pre":
                widget = BlindQuestion(
                    self.bank[qid],
                    bank_id=self.bank_id,
                    store=store if store is not None else False,
                    learner=self.learner,
                    number=number,
                )
            else:
                widget = QuestionWidget(
                    _once(self.bank[qid]),
                    bank_id=self.bank_id,
                    store=store if store is not None else False,
                    learner=self.learner,
                    seed=self.learner,
                    number=number,
                )
            # status changes after attempts (QuestionWidget._set_state): watch both
            widget.observe(self._update, names=["attempts", "status"])
            self.questions.append(widget)
        title = html.escape(self.bank.title or self.bank.id)
        self.header = w.HTML(
            f'<div class="kit-section-head"><h3>{title}: {PHASE_WORDS[phase]}</h3>'
            f"<p>{html.escape(INTRO[phase])}</p></div>"
        )
        self.count_line = w.HTML()
        self.summary = FeedbackBox()
        self.children = [self.header, self.count_line, *self.questions, self.summary]
        self.add_class("kit-quiz-section")
        self._update()

    @property
    def answered(self) -> int:
        return sum(qw.attempts > 0 for qw in self.questions)

    def _update(self, _change=None) -> None:
        n, done = len(self.questions), self.answered
        self.count_line.value = f'<span class="kit-section-score">Answered {done} of {n}</span>'
        s = self.summary
        if done < n:
            s.kind = s.mark = s.title = s.message = ""
            s.note = f"{n - done} to go."
            return
        s.kind, s.mark, s.title, s.note = "info", "ℹ", "All answered", ""
        if self.phase == "pre":
            s.message = (
                f"All {n} answers are saved. After the capstone you answer the same questions "
                "again; quiz.my_gain() then shows both, side by side."
            )
            return
        right = sum(qw.status == "correct" for qw in self.questions)
        s.message = (
            f"You answered {right} of {n} right. quiz.my_gain() shows how that compares with "
            "your answers before the course, question by question."
        )

    def plain_text(self) -> str:
        head = f"Concept inventory ({PHASE_WORDS[self.phase]}): {len(self.questions)} questions"
        return "\n\n".join([head, *(qw.plain_text() for qw in self.questions)])

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self.plain_text()
        return data


_MARK = {True: "✓ right", False: "✗ not yet", None: "–"}


class GainTable:
    """A learner's own before / after / a week later (``quiz.my_gain()``), as a table.

    ``result`` is :func:`kit.classroom.gain.learner_gain`'s dict.
    """

    def __init__(self, result: dict):
        self.result = result

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(question, before, after, a week later), then the totals."""
        out = []
        for item in self.result["items"]:
            out.append(
                (
                    item["label"],
                    _MARK[item["pre"]],
                    _MARK[item["post"]],
                    _MARK[item["delayed"]] if item["delayed"] is not None else "",
                )
            )
        tot = self.result["totals"]

        def total(phase: str) -> str:
            p = tot[phase]
            return f"{p['right']} of {p['asked']}" if p["answered"] else "–"

        out.append(("Total right", total("pre"), total("post"), total("delayed")))
        return out

    def text(self) -> str:
        lines = [self.result["words"], ""]
        widths = (52, 12, 12, 12)
        head = ("Question", PHASE_WORDS["pre"], PHASE_WORDS["post"], PHASE_WORDS["delayed"])
        for row in [head, *self.rows()]:
            cells = [c[: widths[0] - 1] if i == 0 else c for i, c in enumerate(row)]
            lines.append("  ".join(c.ljust(wd) for c, wd in zip(cells, widths, strict=True)))
        return "\n".join(line.rstrip() for line in lines)

    def _repr_html_(self) -> str:
        head = "".join(
            f'<th scope="col">{html.escape(h.capitalize())}</th>'
            for h in ("question", *(PHASE_WORDS[p] for p in PHASES))
        )
        body = "".join(
            "<tr>"
            + f'<th scope="row">{html.escape(r[0])}</th>'
            + "".join(f"<td>{html.escape(c)}</td>" for c in r[1:])
            + "</tr>"
            for r in self.rows()
        )
        return (
            f'<div class="kit-my-gain"><p>{html.escape(self.result["words"])}</p>'
            f'<table class="kit-my-gain-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>"
        )

    def __repr__(self) -> str:
        return self.text()
